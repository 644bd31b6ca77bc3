/*
 * chart.c: SVG charts (chart.h). A scale maps an exact interval [lo, hi]
 * of the figures onto integer pixels with GMP (floor of a rational), so the
 * drawing is exact and the same on every machine. The charts use black,
 * greys, a hatch pattern, line weights and dashes, not colour alone, so
 * that they read the same printed in grey scale; their words (<title>,
 * <desc>, labels) use the French number formats of format.h.
 */
#include "chart.h"

#include <string.h>

#include "buf.h"
#include "date.h"
#include "format.h"
#include "html.h"
#include "schedule.h"

/* Pixels: figure lo at p0, hi at p1 (p1 < p0 for a y axis). */
struct scale {
  mpq_t lo, span;
  long p0, p1;
};

static void scale_init(struct scale *s, mpq_srcptr lo, mpq_srcptr hi, long p0, long p1) {
  mpq_init(s->lo);
  mpq_init(s->span);
  mpq_set(s->lo, lo);
  mpq_sub(s->span, hi, lo);
  if (mpq_sgn(s->span) <= 0)
    mpq_set_ui(s->span, 1, 1);
  s->p0 = p0;
  s->p1 = p1;
}

static void scale_clear(struct scale *s) {
  mpq_clear(s->lo);
  mpq_clear(s->span);
}

/* The pixel of q, clamped to the axis. */
static long px(const struct scale *s, mpq_srcptr q) {
  mpq_t t;
  mpz_t z;
  mpq_init(t);
  mpz_init(z);
  mpq_sub(t, q, s->lo);
  mpq_div(t, t, s->span);
  mpq_t w;
  mpq_init(w);
  mpq_set_si(w, s->p1 - s->p0, 1);
  mpq_mul(t, t, w);
  mpz_fdiv_q(z, mpq_numref(t), mpq_denref(t));
  long v;
  if (mpz_cmp_si(z, -100000) < 0)
    v = -100000;
  else if (mpz_cmp_si(z, 100000) > 0)
    v = 100000;
  else
    v = mpz_get_si(z);
  v += s->p0;
  long a = s->p0 < s->p1 ? s->p0 : s->p1, b = s->p0 < s->p1 ? s->p1 : s->p0;
  if (v < a)
    v = a;
  if (v > b)
    v = b;
  mpq_clear(w);
  mpq_clear(t);
  mpz_clear(z);
  return v;
}

/* ---- barème ---------------------------------------------------------------- */

enum { BW = 520, BH = 250, BL = 70, BR = 20, BT = 30, BB = 50 };

static void read_text(struct cb_buf *b, const struct cb_bareme *br, const struct cb_node *n,
                      mpq_srcptr q) {
  if (br->sur_valeur)
    cb_fmt_value(b, q, &n->unit, true);
  else
    cb_fmt_pct(b, q);
}

static void pay_text(struct cb_buf *b, const struct cb_mtranche *t, mpq_srcptr q) {
  if (t->pays_amount)
    cb_fmt_eur(b, q);
  else
    cb_fmt_pct(b, q);
}

/* What tranche t pays, in words: "75,00 %", "de 50,00 % à 100,00 %". */
static void tranche_pays(struct cb_buf *b, const struct cb_mtranche *t) {
  if (t->value) {
    pay_text(b, t, t->value);
  } else if (t->from && t->to) {
    cb_buf_puts(b, "de ");
    pay_text(b, t, t->from);
    cb_buf_puts(b, " à ");
    pay_text(b, t, t->to);
    cb_buf_puts(b, " en ligne droite");
  }
}

static void minmax(mpq_ptr lo, mpq_ptr hi, bool *any, mpq_srcptr q) {
  if (!q)
    return;
  if (!*any || mpq_cmp(q, lo) < 0)
    mpq_set(lo, q);
  if (!*any || mpq_cmp(q, hi) > 0)
    mpq_set(hi, q);
  *any = true;
}

void cb_chart_bareme(struct cb_buf *out, const struct cb_bareme *br, const struct cb_node *n,
                     const struct cb_mtranche *hit, mpq_srcptr x, mpq_srcptr pay, size_t uid) {
  mpq_t x0, x1, y0, y1, d;
  mpq_inits(x0, x1, y0, y1, d, NULL);
  bool anyx = false, anyy = true; /* y from 0 */
  bool money = false, lo_inf = false, hi_inf = false;
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    minmax(x0, x1, &anyx, t->lo_inf ? NULL : t->lo);
    minmax(x0, x1, &anyx, t->hi_inf ? NULL : t->hi);
    minmax(y0, y1, &anyy, t->value);
    minmax(y0, y1, &anyy, t->from);
    minmax(y0, y1, &anyy, t->to);
    money = money || t->pays_amount;
    lo_inf = lo_inf || t->lo_inf;
    hi_inf = hi_inf || t->hi_inf;
  }
  if (!br->sur_valeur) {
    mpq_t z;
    mpq_init(z);
    minmax(x0, x1, &anyx, z); /* attainment axes start at 0 % */
    mpq_clear(z);
  }
  minmax(x0, x1, &anyx, x);
  if (mpq_equal(x0, x1))
    mpq_set_ui(d, 1, 1);
  else {
    mpq_sub(d, x1, x0);
    mpq_set_ui(y0, 0, 1), mpq_set(y0, y0); /* keep y0 */
  }
  /* open ends: a quarter of the span more */
  mpq_t q4;
  mpq_init(q4);
  mpq_set_ui(q4, 1, 4);
  mpq_mul(q4, q4, d);
  if (hi_inf || mpq_equal(x0, x1))
    mpq_add(x1, x1, q4);
  if (lo_inf)
    mpq_sub(x0, x0, q4);
  if (mpq_sgn(y1) <= 0 && mpq_sgn(y0) >= 0)
    mpq_set_ui(y1, 1, 1);
  struct scale sx, sy;
  scale_init(&sx, x0, x1, BL, BW - BR);
  scale_init(&sy, y0, y1, BH - BB, BT);
  long base = px(&sy, y0);
  if (mpq_sgn(y0) < 0) {
    mpq_t z;
    mpq_init(z);
    base = px(&sy, z);
    mpq_clear(z);
  }

  struct cb_buf title = CB_BUF_INIT, desc = CB_BUF_INIT;
  cb_buf_puts(&title, "Barème");
  if (br->id)
    cb_buf_printf(&title, " « %s »", br->id);
  if (br->label)
    cb_buf_printf(&title, " — %s", br->label);
  cb_buf_printf(&desc, "En abscisse %s, en ordonnée ce que verse la tranche. ",
                br->sur_valeur ? "la mesure" : "l'atteinte");
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    cb_buf_printf(&desc, "%s%s : ", i ? " ; " : "Tranches : ", t->text);
    tranche_pays(&desc, t);
  }
  cb_buf_puts(&desc, ". ");
  if (hit && x && pay) {
    cb_buf_printf(&desc, "%s ", br->sur_valeur ? "La mesure" : "L'atteinte");
    read_text(&desc, br, n, x);
    cb_buf_printf(&desc, " est dans la tranche %s (hachurée), qui verse ", hit->text);
    pay_text(&desc, hit, pay);
    cb_buf_puts(&desc, ".");
  } else if (x) {
    cb_buf_printf(&desc, "%s ", br->sur_valeur ? "La mesure" : "L'atteinte");
    read_text(&desc, br, n, x);
    cb_buf_puts(&desc, " n'est dans aucune tranche.");
  } else {
    cb_buf_puts(&desc, "Aucune valeur n'a été lue dans le barème pour cette période.");
  }

  cb_buf_printf(out,
                "<figure>\n<svg viewBox=\"0 0 %d %d\" "
                "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"bt%zu bd%zu\">\n",
                BW, BH, BW, BH, uid, uid);
  cb_buf_printf(out, "<title id=\"bt%zu\">", uid);
  cb_html_escn(out, title.data, title.len);
  cb_buf_printf(out, "</title>\n<desc id=\"bd%zu\">", uid);
  cb_html_escn(out, desc.data, desc.len);
  cb_buf_puts(out, "</desc>\n");
  cb_buf_printf(out,
                "<defs><pattern id=\"hachure%zu\" width=\"6\" height=\"6\" "
                "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                "<rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
                "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"3\"/>"
                "</pattern></defs>\n",
                uid);
  /* tranches */
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    long a = t->lo_inf ? BL : px(&sx, t->lo);
    long b = t->hi_inf ? BW - BR : px(&sx, t->hi);
    if (b - a < 3) { /* a point tranche: [0 % ; 0 %] */
      a -= 1;
      b = a + 3;
    }
    bool on = t == hit;
    const char *fill = on ? "" : "#d9d9d9";
    struct cb_buf f = CB_BUF_INIT;
    if (on)
      cb_buf_printf(&f, "url(#hachure%zu)", uid);
    else
      cb_buf_puts(&f, fill);
    if (t->value) {
      long y = px(&sy, t->value);
      long top = y < base ? y : base, h = y < base ? base - y : y - base;
      cb_buf_printf(out,
                    "<rect x=\"%ld\" y=\"%ld\" width=\"%ld\" height=\"%ld\" fill=\"%s\" "
                    "stroke=\"#000\" stroke-width=\"%d\"/>\n",
                    a, top, b - a, h ? h : 1, f.data, on ? 3 : 1);
    } else if (t->from && t->to) {
      cb_buf_printf(out,
                    "<polygon points=\"%ld,%ld %ld,%ld %ld,%ld %ld,%ld\" fill=\"%s\" "
                    "stroke=\"#000\" stroke-width=\"%d\"/>\n",
                    a, base, a, px(&sy, t->from), b, px(&sy, t->to), b, base, f.data,
                    on ? 3 : 1);
    }
    cb_buf_free(&f);
  }
  /* axes */
  cb_buf_printf(out,
                "<line x1=\"%d\" y1=\"%ld\" x2=\"%d\" y2=\"%ld\" stroke=\"#000\"/>\n"
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
                BL, base, BW - BR, base, BL, BT, BL, BH - BB);
  /* y labels: 0 and the top */
  struct cb_buf l = CB_BUF_INIT;
  const struct cb_mtranche *any = br->ntranches ? &br->tranches[0] : NULL;
  mpq_t z;
  mpq_init(z);
  for (int k = 0; k < 2 && any; k++) {
    mpq_srcptr q = k ? (mpq_srcptr)y1 : (mpq_srcptr)z;
    cb_buf_clear(&l);
    if (money)
      cb_fmt_eur(&l, q);
    else
      cb_fmt_pct(&l, q);
    long y = px(&sy, q);
    cb_buf_printf(out,
                  "<line x1=\"%d\" y1=\"%ld\" x2=\"%d\" y2=\"%ld\" stroke=\"#000\"/>"
                  "<text x=\"%d\" y=\"%ld\" font-size=\"11\" text-anchor=\"end\">",
                  BL - 4, y, BL, y, BL - 6, y + 4);
    cb_html_escn(out, l.data, l.len);
    cb_buf_puts(out, "</text>\n");
  }
  /* x labels: each finite bound, when it does not overlap the previous one */
  long last = -1000;
  for (size_t i = 0; i < br->ntranches; i++) {
    const struct cb_mtranche *t = &br->tranches[i];
    for (int k = 0; k < 2; k++) {
      mpq_srcptr q = k ? t->hi : t->lo;
      if (k ? t->hi_inf : t->lo_inf)
        continue;
      long xx = px(&sx, q);
      if (xx - last < 44)
        continue;
      last = xx;
      cb_buf_clear(&l);
      read_text(&l, br, n, q);
      cb_buf_printf(out,
                    "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"#000\"/>"
                    "<text x=\"%ld\" y=\"%ld\" font-size=\"11\" text-anchor=\"middle\">",
                    xx, base, xx, base + 4, xx, base + 16);
      cb_html_escn(out, l.data, l.len);
      cb_buf_puts(out, "</text>\n");
    }
  }
  /* the value read */
  if (x) {
    long xx = px(&sx, x);
    cb_buf_clear(&l);
    cb_buf_puts(&l, br->sur_valeur ? "mesure " : "atteinte ");
    read_text(&l, br, n, x);
    if (hit && pay) {
      cb_buf_puts(&l, " → ");
      pay_text(&l, hit, pay);
    }
    const char *anchor = xx > BW / 2 ? "end" : "start";
    cb_buf_printf(out,
                  "<line x1=\"%ld\" y1=\"%d\" x2=\"%ld\" y2=\"%d\" stroke=\"#000\" "
                  "stroke-width=\"2\" stroke-dasharray=\"6 3\"/>\n"
                  "<text x=\"%ld\" y=\"%d\" font-size=\"12\" font-weight=\"bold\" "
                  "text-anchor=\"%s\">",
                  xx, BT - 8, xx, BH - BB, xx + (anchor[0] == 'e' ? -4 : 4), BT - 12, anchor);
    cb_html_escn(out, l.data, l.len);
    cb_buf_puts(out, "</text>\n");
  }
  cb_buf_printf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
                (BL + BW - BR) / 2, BH - 12, br->sur_valeur ? "mesure" : "atteinte");
  cb_buf_puts(out, "</svg>\n<figcaption>");
  cb_html_escn(out, title.data, title.len);
  cb_buf_puts(out, " : tranche atteinte hachurée, valeur lue en pointillés.</figcaption>\n"
                   "</figure>\n");
  mpq_clear(z);
  cb_buf_free(&l);
  cb_buf_free(&title);
  cb_buf_free(&desc);
  scale_clear(&sx);
  scale_clear(&sy);
  mpq_clears(x0, x1, y0, y1, d, q4, NULL);
}

/* ---- timeline ---------------------------------------------------------------- */

enum { TW = 900, TH = 260, TL = 90, TR = 50, TT = 30, TB = 60 };

void cb_chart_timeline(struct cb_buf *out, const struct cb_schedule *s, size_t uid) {
  if (!s->nlines)
    return;
  mpq_t d0, d1, y0, y1;
  mpq_inits(d0, d1, y0, y1, NULL);
  mpq_set_si(d0, (long)cb_date_to_days(s->lines[0].date), 1);
  mpq_set_si(d1, (long)cb_date_to_days(s->lines[s->nlines - 1].date), 1);
  for (size_t i = 0; i < s->nlines; i++)
    if (s->lines[i].cumul && mpq_cmp(s->lines[i].cumul, y1) > 0)
      mpq_set(y1, s->lines[i].cumul);
  if (mpq_sgn(y1) == 0)
    mpq_set_ui(y1, 1, 1);
  struct scale sx, sy;
  scale_init(&sx, d0, d1, TL, TW - TR);
  scale_init(&sy, y0, y1, TH - TB, TT);
  long base = TH - TB;

  struct cb_buf desc = CB_BUF_INIT, l = CB_BUF_INIT;
  const struct cb_pay_line *lastl = &s->lines[s->nlines - 1];
  cb_buf_printf(&desc, "Cumul des versements du contrat %s, du ", s->contract->id);
  cb_date_fmt(&desc, s->lines[0].date);
  cb_buf_puts(&desc, " au ");
  cb_date_fmt(&desc, lastl->date);
  if (lastl->cumul) {
    cb_buf_puts(&desc, " : ");
    cb_fmt_eur(&desc, lastl->cumul);
    cb_buf_puts(&desc, " versés à la dernière date");
  }
  cb_buf_printf(&desc, " ; %zu versements", s->nlines);
  if (s->nundetermined) {
    cb_buf_printf(&desc, ", dont %zu à déterminer (losanges vides) le ", s->nundetermined);
    size_t k = 0;
    for (size_t i = 0; i < s->nlines; i++)
      if (!s->lines[i].amount) {
        if (k++)
          cb_buf_puts(&desc, k == s->nundetermined ? " et le " : ", le ");
        cb_date_fmt(&desc, s->lines[i].date);
      }
  }
  cb_buf_puts(&desc, ".");

  cb_buf_printf(out,
                "<figure>\n<svg viewBox=\"0 0 %d %d\" "
                "width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"tt%zu td%zu\">\n"
                "<title id=\"tt%zu\">Calendrier des versements</title>\n<desc id=\"td%zu\">",
                TW, TH, TW, TH, uid, uid, uid, uid);
  cb_html_escn(out, desc.data, desc.len);
  cb_buf_puts(out, "</desc>\n");
  /* the running total as steps */
  cb_buf_printf(out, "<path fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\" d=\"M%d %ld", TL,
                base);
  for (size_t i = 0; i < s->nlines; i++) {
    const struct cb_pay_line *pl = &s->lines[i];
    mpq_t day;
    mpq_init(day);
    mpq_set_si(day, (long)cb_date_to_days(pl->date), 1);
    cb_buf_printf(out, " H%ld", px(&sx, day));
    if (pl->cumul)
      cb_buf_printf(out, " V%ld", px(&sy, pl->cumul));
    mpq_clear(day);
  }
  cb_buf_puts(out, "\"/>\n");
  /* axes */
  cb_buf_printf(out,
                "<line x1=\"%d\" y1=\"%ld\" x2=\"%d\" y2=\"%ld\" stroke=\"#000\"/>\n"
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%ld\" stroke=\"#000\"/>\n",
                TL, base, TW - TR, base, TL, TT, TL, base);
  for (int k = 0; k < 2; k++) {
    cb_buf_clear(&l);
    cb_fmt_eur(&l, k ? y1 : y0);
    long y = px(&sy, k ? y1 : y0);
    cb_buf_printf(out,
                  "<line x1=\"%d\" y1=\"%ld\" x2=\"%d\" y2=\"%ld\" stroke=\"#000\"/>"
                  "<text x=\"%d\" y=\"%ld\" font-size=\"11\" text-anchor=\"end\">",
                  TL - 4, y, TL, y, TL - 6, y + 4);
    cb_html_escn(out, l.data, l.len);
    cb_buf_puts(out, "</text>\n");
  }
  /* each date once: a dot on the curve, or a hollow diamond at the bottom
     for a payment to be determined; the date below when there is room */
  long lastx = -1000;
  for (size_t i = 0; i < s->nlines; i++) {
    const struct cb_pay_line *pl = &s->lines[i];
    mpq_t day;
    mpq_init(day);
    mpq_set_si(day, (long)cb_date_to_days(pl->date), 1);
    long xx = px(&sx, day);
    mpq_clear(day);
    if (!pl->amount) {
      cb_buf_printf(out,
                    "<path d=\"M%ld %ld l6 -8 l6 8 l-6 8 z\" fill=\"#fff\" stroke=\"#000\" "
                    "stroke-width=\"1.5\" stroke-dasharray=\"2 1\"/>\n",
                    xx - 6, base - 12);
    }
    bool last_of_date = i + 1 == s->nlines || cb_date_cmp(s->lines[i + 1].date, pl->date) != 0;
    if (!last_of_date)
      continue;
    if (pl->cumul)
      cb_buf_printf(out, "<circle cx=\"%ld\" cy=\"%ld\" r=\"4\" fill=\"#000\"/>\n", xx,
                    px(&sy, pl->cumul));
    if (xx - lastx >= 80) {
      lastx = xx;
      cb_buf_clear(&l);
      cb_date_fmt(&l, pl->date);
      cb_buf_printf(out,
                    "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" stroke=\"#000\"/>"
                    "<text x=\"%ld\" y=\"%ld\" font-size=\"11\" text-anchor=\"middle\">",
                    xx, base, xx, base + 5, xx, base + 18);
      cb_html_escn(out, l.data, l.len);
      cb_buf_puts(out, "</text>\n");
    }
  }
  cb_buf_printf(out,
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">date de "
                "versement</text>\n",
                (TL + TW - TR) / 2, TH - 20);
  cb_buf_puts(out, "</svg>\n<figcaption>Cumul versé (trait plein, un point par date de "
                   "versement) ; losange vide : versement à déterminer.</figcaption>\n"
                   "</figure>\n");
  cb_buf_free(&desc);
  cb_buf_free(&l);
  scale_clear(&sx);
  scale_clear(&sy);
  mpq_clears(d0, d1, y0, y1, NULL);
}
