/*
 * exemple.c: running `exemple` blocks and boundary cases (see exemple.h).
 *
 * Owns the meaning of an `attendu` line (its unit says what is compared: €
 * the amount paid, points the points earned (ACI points of the accord) or
 * paid (a shared points total), % the attainment; the comparison is made at
 * the number of decimals written, so `55,83 %` pins 55,83 % and not the
 * exact 67/120), what each block is evaluated with (the terms of the
 * contract and, for a block of avenant N, of the avenants up to N: the run's
 * own when no later avenant exists, else built once for all the blocks of
 * that contract or avenant; the block's measures as a dataset over an empty
 * base; each period evaluated once per block, whatever its number of
 * `attendu`; a block whose measures or terms are refused is run in a session
 * of its own, for its diagnostics), and the boundary cases of `cible test
 * --bornes` (each probe a measure overlaid on the run's measures and the
 * other indicators' objectives; the probes recorded first, then evaluated
 * a rank at a time, one probe per indicator in one evaluation when that is
 * exact (batch), else one by one, each evaluation freed once its lines are
 * kept: time and memory linear in the indicators): for each objective and each finite
 * tranche bound (a barème sur valeur's bounds even with no objective), the
 * measure at the bound and one step below and above,
 * the step being one unit of the finest decimal of the values written for
 * the indicator. Every probe is a measure that can occur: a count is probed
 * at whole numbers (the two around a bound that falls between them), and a
 * count, a number of days or a rate with no negative value written is never
 * probed below 0 (a line says so). Probe sources (objective or cap of units,
 * socle, plafond and plancher, tranche bounds: one helper each) call
 * three_cases with the measure of their bound.
 */
#include "exemple.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "dataset.h"
#include "session.h"
#include "timeline.h"
#include "format.h"
#include "num.h"
#include "suggest.h"

/* ---- numbers as written ----------------------------------------------------- */

/* Decimals written in the first number of text ("2 250,00 €" -> 2). */
static unsigned decimals_of(const char *text) {
  const char *p = text;
  while (*p && !(*p >= '0' && *p <= '9'))
    p++;
  while (*p && ((*p >= '0' && *p <= '9') || *p == ' ' || (unsigned char)*p >= 0x80)) {
    if (*p == ' ' && !(p[1] >= '0' && p[1] <= '9'))
      break;
    p++;
  }
  unsigned n = 0;
  if ((*p == ',' || *p == '.') && p[1] >= '0' && p[1] <= '9')
    for (p++; *p >= '0' && *p <= '9'; p++)
      n++;
  return n;
}

/* ---- exemple blocks ------------------------------------------------------------- */

enum what { W_PAID, W_POINTS, W_ATTAINMENT };

static void copy_errors(struct cb_diags *dst, const struct cb_diags *src) {
  bool keep = false;
  for (const struct cb_diag *g = src->head; g; g = g->next) {
    if (g->sev == CB_SEV_NOTE) {
      if (keep)
        cb_diag_note(dst, g->loc, "%s", g->msg);
      continue;
    }
    keep = g->sev == CB_SEV_ERROR;
    if (keep)
      cb_diag_error(dst, g->loc, g->code, "%s", g->msg);
  }
}

/* The block's `mesures` items as `mesures` blocks of contract cid, in a. */
static struct cb_top *block_measures(struct cb_arena *a, const char *cid,
                                     const struct cb_stmt *ex) {
  struct cb_top *head = NULL;
  struct cb_top **tail = &head;
  for (const struct cb_ex_item *it = ex->as.exemple.items; it; it = it->next) {
    if (it->kind != CB_EX_MESURES)
      continue;
    struct cb_top *m = cb_arena_alloc(a, sizeof *m);
    m->kind = CB_TOP_MESURES;
    m->loc = it->loc;
    m->id = cid;
    m->id_loc = it->loc;
    m->period = it->period;
    m->measures = it->measures;
    *tail = m;
    tail = &m->next;
  }
  return head;
}

/* The files of s reduced to contract cid, its avenants up to upto (none
   when 0) and the file-level imports and accords, plus, when ex is not
   NULL, the block's measures. */
static struct cb_session *example_session(struct cb_session *s, const char *cid, long upto,
                                          const struct cb_stmt *ex, const struct cb_source *src) {
  struct cb_session *sub = cb_session_derive(s);
  struct cb_arena *a = cb_session_arena(sub);
  size_t nf;
  struct cb_file **files = cb_session_files(s, &nf);
  for (size_t f = 0; f < nf; f++) {
    struct cb_file *copy = cb_arena_alloc(a, sizeof *copy);
    copy->src = files[f]->src;
    struct cb_top **tail = &copy->tops;
    for (const struct cb_top *t = files[f]->tops; t; t = t->next) {
      bool keep = t->kind == CB_TOP_IMPORTE || t->kind == CB_TOP_ACCORD ||
                  (t->kind == CB_TOP_CONTRAT && strcmp(t->id, cid) == 0) ||
                  (t->kind == CB_TOP_AVENANT && strcmp(t->id, cid) == 0 && t->number <= upto);
      if (!keep)
        continue;
      struct cb_top *c = cb_arena_alloc(a, sizeof *c);
      *c = *t;
      c->next = NULL;
      *tail = c;
      tail = &c->next;
    }
    cb_session_add_file(sub, copy);
  }
  if (ex) {
    struct cb_file *mf = cb_arena_alloc(a, sizeof *mf);
    mf->src = src;
    mf->tops = block_measures(a, cid, ex);
    cb_session_add_file(sub, mf);
  }
  return sub;
}

static void unknown_element(struct cb_diags *d, const struct cb_contract *c,
                            const struct cb_ex_item *it) {
  cb_diag_error(d, it->id_loc, "E0411", "l'exemple attend un chiffre de « %s », qui n'est ni un "
                "indicateur, ni un groupe, ni le contrat « %s »", it->id, c->id);
  const char *best = cb_suggest_better(it->id, c->id, NULL);
  for (size_t i = 0; i < c->nindicators; i++)
    best = cb_suggest_better(it->id, c->indicators[i]->id, best);
  for (size_t i = 0; i < c->nindicators; i++)
    for (const struct cb_node *g = c->indicators[i]->parent; g; g = g->parent)
      best = cb_suggest_better(it->id, g->id, best);
  if (best)
    cb_diag_note(d, it->id_loc, "voulez-vous dire « %s » ?", best);
}

/* One block being run: the terms it is evaluated with, its measures (an
   overlay over an empty base) and each period's evaluation, worked out the
   first time an `attendu` needs it and then read by every other. */
struct block {
  struct cb_session *s;          /* whose terms */
  const struct cb_contract *c;   /* of s */
  const struct cb_dataset *ds;
  struct cb_arena *a;            /* the evaluations: freed with the block */
  struct cb_evaluation **evs;    /* by period index */
};

static struct cb_evaluation *block_eval(struct block *b, const struct cb_period *p) {
  if (!b->evs[p->index])
    b->evs[p->index] = cb_session_eval_on(b->s, b->c, p, b->ds, b->a);
  return b->evs[p->index];
}

/* The nearest group above r whose figures are not determined, with its
   reason (what r's part waits for: an indicator beside it whose measure is
   missing under `mesure_manquante erreur`), or NULL. */
static const struct cb_result *undetermined_above(const struct cb_evaluation *ev,
                                                  const struct cb_result *r) {
  for (const struct cb_node *g = r->node->parent; g; g = g->parent) {
    const struct cb_result *gr = cb_report_find(ev, &ev->periods[0], g->id);
    if (gr && gr->node == g && gr->reason)
      return gr;
  }
  return NULL;
}

/* What an `attendu` compares, said by its unit, in w; false (E0410) when
   its unit says nothing of it. */
static bool expected_what(const struct cb_ex_item *it, struct cb_diags *d, enum what *w) {
  switch (it->value.unit.kind) {
  case CB_UNIT_EURO: *w = W_PAID; return true;
  case CB_UNIT_POINTS: *w = W_POINTS; return true;
  case CB_UNIT_PERCENT: *w = W_ATTAINMENT; return true;
  default:
    cb_diag_error(d, it->value.loc, "E0410",
                  "le chiffre attendu dit ce qu'il mesure par son unité : « € » ou « points » "
                  "pour le montant versé, « %% » pour l'atteinte");
    return false;
  }
}

/* Why r has no figure: its gate, the envelope below it (blocking) whose
   part is not determined, its own reason, or the group above it that is
   not determined. */
static const char *undetermined_why(struct cb_arena *a, const struct cb_evaluation *ev,
                                    const struct cb_result *r, const struct cb_result *blocking) {
  if (r->gate)
    return r->gate;
  if (blocking)
    return cb_arena_printf(a, "part variable de « %s » : %s", blocking->node->id,
                           blocking->reason ? blocking->reason : "à déterminer");
  if (r->reason)
    return r->reason;
  const struct cb_result *up = undetermined_above(ev, r);
  return up ? cb_arena_printf(a, "dépend de « %s » : %s", up->node->id, up->reason)
            : "aucune enveloppe ni montant ne lui donne de part";
}

/* got (a figure of kind w) rounded to the decimals of expected, compared
   with want; got as the report shows it in shown. */
static bool equal_as_written(mpq_srcptr got, enum what w, mpq_srcptr want, const char *expected,
                             struct cb_buf *shown) {
  mpq_t q;
  mpq_init(q);
  mpq_set(q, got);
  if (w == W_ATTAINMENT)
    cb_num_to_percent(q);
  cb_num_round_dec(q, q, decimals_of(expected), CB_ROUND_HALF_AWAY);
  bool ok = mpq_equal(q, want);
  if (w == W_ATTAINMENT)
    cb_fmt_pct(shown, got);
  else if (w == W_POINTS)
    cb_fmt_points(shown, got);
  else
    cb_fmt_eur(shown, got);
  mpq_clear(q);
  return ok;
}

/* The figure of kind w of r in ev compared with the value of it, written
   as expected: true when equal at the decimals written; the figure
   computed, or why there is none, in shown. */
static bool compare_figure(struct cb_arena *a, const struct cb_evaluation *ev,
                           const struct cb_result *r, enum what w, const struct cb_ex_item *it,
                           const char *expected, struct cb_buf *shown) {
  /* an element paid in points of the accord (ACI MSP) has both figures:
     its points and their euro value */
  bool aci_points = w == W_POINTS && r->points_share;
  mpq_srcptr got = w == W_ATTAINMENT ? r->attainment : aci_points ? r->points_paid : r->paid;
  bool ok = false;
  /* an element above the envelopes (the contract, whose missions hold
     them): what it pays is what they pay, as the report's « Part
     variable » line says */
  mpq_t env, sum;
  mpq_inits(env, sum, NULL);
  const struct cb_result *blocking = NULL;
  bool above = w == W_PAID && !got && !r->share && !r->gate &&
               cb_envelope_paid(r, env, sum, &blocking);
  if (above && !blocking)
    got = sum;
  if (!got)
    cb_buf_printf(shown, "non déterminé (%s)", undetermined_why(a, ev, r, blocking));
  else if (w != W_ATTAINMENT && !aci_points && r->share_points != (w == W_POINTS))
    cb_buf_puts(shown, r->share_points ? "un nombre de points" : "un montant en euros");
  else
    ok = equal_as_written(got, w, it->value.q, expected, shown);
  mpq_clears(env, sum, NULL);
  return ok;
}

/* One `attendu`: true when passed; prints its line. */
static bool check_expected(struct block *b, const struct cb_ex_item *it, struct cb_buf *out,
                           struct cb_diags *d) {
  const struct cb_contract *c = b->c;
  enum what w;
  if (!expected_what(it, d, &w))
    return false;
  const struct cb_period *p = cb_contract_period(c, it->period.kind, it->period.n);
  if (!p) {
    cb_diag_error(d, it->period.loc, "E0210", "période hors du contrat « %s »", c->id);
    return false;
  }
  struct cb_evaluation *ev = block_eval(b, p);
  const struct cb_result *r = ev->nperiods ? cb_report_find(ev, &ev->periods[0], it->id) : NULL;
  if (!r || r->node->kind == CB_NODE_DONNEE) {
    unknown_element(d, c, it);
    return false;
  }
  const char *what = w == W_ATTAINMENT                     ? "atteinte"
                     : w == W_POINTS && r->points_share ? "points"
                                                         : "versé";
  const char *expected = cb_loc_written(b->a, it->value.loc);
  struct cb_buf shown = CB_BUF_INIT;
  bool ok = compare_figure(b->a, ev, r, w, it, expected, &shown);
  cb_buf_printf(out, "  %s  %s %s, %s : attendu %s, calculé %s\n", ok ? "réussi" : "ÉCHEC ",
                it->id, p->name, what, expected, cb_buf_str(&shown));
  cb_buf_free(&shown);
  return ok;
}

/* Checks every `attendu` of block ex against the terms of s and the
   measures of ds. */
static void check_block(struct cb_session *s, const char *cid, const struct cb_dataset *ds,
                        const struct cb_stmt *ex, struct cb_buf *out, struct cb_diags *d,
                        struct cb_test_counts *n) {
  const struct cb_contract *c = cb_program_contract(cb_session_program(s), cid);
  struct block b = {s, c, ds, cb_arena_new(), NULL};
  b.evs = c ? cb_arena_array(b.a, c->nperiods ? c->nperiods : 1, sizeof *b.evs) : NULL;
  for (const struct cb_ex_item *it = ex->as.exemple.items; it; it = it->next) {
    if (it->kind != CB_EX_ATTENDU)
      continue;
    if (c && check_expected(&b, it, out, d))
      n->passed++;
    else
      n->failed++;
  }
  cb_arena_free(b.a);
}

/* The block the way it was always run, in a session of its own (the terms
   and the block's measures, built and checked together): used when the
   block's measures or the terms are refused, so that the diagnostics are
   those of that session. */
static void run_alone(struct cb_session *s, const char *cid, long upto, const struct cb_stmt *ex,
                      int nexp, struct cb_buf *out, struct cb_diags *d,
                      struct cb_test_counts *n) {
  struct cb_session *sub = example_session(s, cid, upto, ex, ex->loc.src);
  if (!cb_session_check(sub)) {
    copy_errors(d, cb_session_diags(sub));
    cb_buf_printf(out, "  ÉCHEC   l'exemple ne s'évalue pas : %d chiffre%s non vérifié%s (voir les "
                       "diagnostics)\n",
                  nexp, nexp > 1 ? "s" : "", nexp > 1 ? "s" : "");
    n->failed += nexp;
  } else {
    check_block(sub, cid, cb_session_dataset(sub), ex, out, d, n);
  }
  cb_session_free(sub);
}

/* The terms the blocks of one contract or avenant top are evaluated with:
   the contract and its avenants up to the top's (none for the contract),
   with no measures. They are the run's own when no later avenant of the
   contract is in its files; else they are built once, on the first block. */
struct terms {
  struct cb_session *run;
  const char *cid;
  long upto;
  struct cb_session *s; /* NULL until needed */
  bool own, ok;
};

static struct cb_session *terms_of(struct terms *tm) {
  if (tm->s)
    return tm->ok ? tm->s : NULL;
  bool later = false;
  size_t nf;
  struct cb_file **files = cb_session_files(tm->run, &nf);
  for (size_t f = 0; f < nf && !later; f++)
    for (const struct cb_top *t = files[f]->tops; t && !later; t = t->next)
      later = t->kind == CB_TOP_AVENANT && strcmp(t->id, tm->cid) == 0 && t->number > tm->upto;
  if (later) {
    tm->s = example_session(tm->run, tm->cid, tm->upto, NULL, NULL);
    tm->own = true;
    tm->ok = cb_session_check(tm->s);
  } else {
    tm->s = tm->run; /* checked without error before any test runs */
    tm->ok = true;
  }
  return tm->ok ? tm->s : NULL;
}

static void run_one(struct terms *tm, const struct cb_stmt *ex, struct cb_buf *out,
                    struct cb_diags *d, struct cb_test_counts *n) {
  const char *cid = tm->cid;
  long upto = tm->upto;
  cb_buf_printf(out, "%s:%d: exemple « %s » (", ex->loc.src->name, ex->loc.line, ex->label);
  if (upto)
    cb_buf_printf(out, "contrat %s avec les avenants jusqu'au n° %ld)\n", cid, upto);
  else
    cb_buf_printf(out, "contrat %s)\n", cid);
  int nexp = 0;
  for (const struct cb_ex_item *it = ex->as.exemple.items; it; it = it->next)
    nexp += it->kind == CB_EX_ATTENDU;
  if (!nexp) {
    cb_diag_warning(d, ex->loc, "W0401", "l'exemple « %s » n'attend aucun chiffre", ex->label);
    return;
  }
  struct cb_session *ts = terms_of(tm);
  struct cb_dataset *ds = cb_dataset_new(NULL); /* no measures but the block's */
  struct cb_diags errs;
  memset(&errs, 0, sizeof errs);
  struct cb_arena *a = cb_arena_new();
  for (const struct cb_top *m = ts ? block_measures(a, cid, ex) : NULL; m; m = m->next)
    cb_session_attach_measures(ts, ds, &errs, m);
  if (ts && !errs.nerrors)
    check_block(ts, cid, ds, ex, out, d, n);
  else
    run_alone(tm->run, cid, upto, ex, nexp, out, d, n);
  cb_diags_free(&errs);
  cb_arena_free(a);
  cb_dataset_free(ds);
}

void cb_exemple_run(struct cb_session *s, struct cb_buf *out, struct cb_diags *d,
                    struct cb_test_counts *counts) {
  size_t nf;
  struct cb_file **files = cb_session_files(s, &nf);
  for (size_t f = 0; f < nf; f++)
    for (const struct cb_top *t = files[f]->tops; t; t = t->next) {
      if (t->kind != CB_TOP_CONTRAT && t->kind != CB_TOP_AVENANT)
        continue;
      struct terms tm = {s, t->id, t->kind == CB_TOP_AVENANT ? t->number : 0, NULL, false,
                         false};
      for (const struct cb_stmt *st = t->body; st; st = st->next)
        if (st->kind == CB_ST_EXEMPLE)
          run_one(&tm, st, out, d, counts);
      if (tm.own)
        cb_session_free(tm.s);
    }
}

/* ---- boundary cases -------------------------------------------------------------- */

/* The line of one probe: what evaluation ev gives indicator n at measure x. */
static void print_case(const struct cb_evaluation *ev, const struct cb_node *n, mpq_srcptr x,
                       struct cb_buf *out) {
  const struct cb_result *r = ev->nperiods ? ev->periods[0].by_index[n->index] : NULL;
  cb_buf_puts(out, "      mesure ");
  cb_fmt_value(out, x, &n->unit, true);
  if (!r) {
    cb_buf_puts(out, " : non évalué\n");
    return;
  }
  if (r->met >= 0)
    cb_buf_puts(out, r->met ? " (atteint)" : " (non atteint)");
  cb_buf_puts(out, " : atteinte ");
  if (r->attainment)
    cb_fmt_pct(out, r->attainment);
  else
    cb_buf_puts(out, "—");
  if (n->bareme && r->after) {
    cb_buf_puts(out, ", après barème ");
    cb_fmt_pct(out, r->after);
  }
  if (!r->share && !r->paid) {
    /* no share: say why rather than leave the amount out */
    const char *why = r->reason ? r->reason : r->gate;
    for (const struct cb_node *g = n->parent; !why && g; g = g->parent) {
      const struct cb_result *gr = cb_report_find(ev, &ev->periods[0], g->id);
      why = gr ? gr->reason : NULL;
    }
    if (why)
      cb_buf_printf(out, ", versé non déterminé (%s)", why);
    cb_buf_putc(out, '\n');
    return;
  }
  cb_buf_puts(out, ", versé ");
  if (r->paid && r->share_points)
    cb_fmt_points(out, r->paid);
  else if (r->paid)
    cb_fmt_eur(out, r->paid);
  else
    cb_buf_printf(out, "non déterminé (%s)", r->reason ? r->reason : "?");
  cb_buf_putc(out, '\n');
}

/* A probe whose line is not written yet: cb_exemple_bornes goes through a
   contract's boundary cases once to record its probes, evaluates them
   period by period (run_probes), then writes the cases again, each probe
   taking its line in turn. */
struct pending {
  size_t period;                 /* index */
  unsigned rank;                 /* among the probes of its indicator and period */
  bool alone;                    /* evaluated on its own (see batch) */
  const struct cb_contract *cv;  /* the version in force */
  const struct cb_node *n;
  mpq_t x;                       /* the measure probed */
  size_t line, len;              /* its line, in the plan's lines */
};

struct plan {
  struct pending *v;
  size_t n, cap;
  unsigned rank; /* of the next probe of the current indicator and period */
  struct cb_buf lines;
  bool replay;   /* writing: each probe takes the line of v[next] */
  size_t next;
};

/* What a real measure of an indicator can be, for its probes. */
struct probe {
  struct plan *plan; /* where the probes are recorded */
  const struct cb_contract *cv;
  const struct cb_node *n;
  int i;
  mpq_srcptr step;  /* one unit of the finest decimal written */
  bool counted;     /* a count: measured in whole numbers */
  bool nonneg;      /* never below 0 */
  const char *why;  /* why not below 0, for the line that says so */
};

/* One probe at x, unless no measure can be x. */
static void probe_at(const struct probe *p, mpq_srcptr x, struct cb_buf *out) {
  if (mpq_sgn(x) < 0 && p->nonneg) {
    cb_buf_puts(out, "      (pas de cas à ");
    cb_fmt_value(out, x, &p->n->unit, true);
    cb_buf_printf(out, " : %s)\n", p->why);
    return;
  }
  struct plan *pl = p->plan;
  if (pl->replay) {
    const struct pending *pd = &pl->v[pl->next++];
    cb_buf_add(out, cb_buf_str(&pl->lines) + pd->line, pd->len);
    return;
  }
  if (pl->n == pl->cap) {
    pl->cap = pl->cap ? 2 * pl->cap : 256;
    pl->v = cb_xrealloc(pl->v, pl->cap * sizeof *pl->v);
  }
  struct pending *pd = &pl->v[pl->n++];
  memset(pd, 0, sizeof *pd);
  pd->period = (size_t)p->i;
  pd->rank = pl->rank++;
  pd->cv = p->cv;
  pd->n = p->n;
  mpq_init(pd->x);
  mpq_set(pd->x, x);
}

/* The measures around at: one step below, at, one step above; for a count
   and a bound between two whole numbers, the two whole numbers around it
   (the measures on each side of the bound that a count can take). */
static void three_cases(const struct probe *p, mpq_srcptr at, struct cb_buf *out) {
  mpq_t x;
  mpq_init(x);
  if (p->counted && mpz_cmp_ui(mpq_denref(at), 1) != 0) {
    cb_buf_puts(out, "      (");
    cb_fmt_value(out, at, &p->n->unit, true);
    cb_buf_printf(out, " n'est pas un nombre entier de %s : cas aux deux entiers qui "
                       "l'encadrent)\n", cb_unit_label(&p->n->unit));
    mpz_fdiv_q(mpq_numref(x), mpq_numref(at), mpq_denref(at));
    mpz_set_ui(mpq_denref(x), 1);
    probe_at(p, x, out);
    mpz_add_ui(mpq_numref(x), mpq_numref(x), 1);
    probe_at(p, x, out);
    mpq_clear(x);
    return;
  }
  mpq_sub(x, at, p->step);
  probe_at(p, x, out);
  probe_at(p, at, out);
  mpq_add(x, at, p->step);
  probe_at(p, x, out);
  mpq_clear(x);
}

/* The measure at which the barème's input equals bound b, or false. */
static bool measure_at(const struct cb_node *n, int i, mpq_srcptr b, mpq_srcptr ov, mpq_t m) {
  if (n->bareme && n->bareme->sur_valeur) {
    mpq_set(m, b);
    return true;
  }
  /* the inverse of the ratio as eval.c defines it for each sign of the
     objective (docs/langage.md, « Objectifs et mesures de tout signe ») */
  if (n->method == CB_METHOD_PROPORTIONNELLE && n->sens == CB_SENS_DECROISSANT &&
      mpq_sgn(ov) >= 0) {
    if (!mpq_sgn(b))
      return false;
    mpq_div(m, ov, b);
    return true;
  }
  if (n->method == CB_METHOD_PROPORTIONNELLE && n->sens != CB_SENS_DECROISSANT &&
      mpq_sgn(ov) < 0) {
    /* ratio = 2 - m / o, so m = (2 - ratio) × o */
    mpq_set_ui(m, 2, 1);
    mpq_sub(m, m, b);
    mpq_mul(m, m, ov);
    return true;
  }
  if (n->method == CB_METHOD_PROPORTIONNELLE) { /* ratio = m / o */
    mpq_mul(m, b, ov);
    return true;
  }
  if (n->method == CB_METHOD_LINEAIRE) {
    mpq_srcptr sl = cb_socle_for(n, (size_t)i, NULL, NULL);
    if (!sl)
      return false;
    mpq_sub(m, ov, sl);
    mpq_mul(m, m, b);
    mpq_add(m, m, sl);
    return true;
  }
  return false;
}

/* An overlay of the session's measures that gives the indicators without a
   measure for period i their objective as measure, so that the amounts of
   the indicator under study are determined (its own is the probe's). */
static struct cb_dataset *fill_objectives(const struct cb_dataset *ds,
                                          const struct cb_contract *cv, int i) {
  struct cb_dataset *others = cb_dataset_new(ds);
  for (size_t k = 0; k < cv->nindicators; k++) {
    const struct cb_node *o = cv->indicators[k];
    const struct cb_mobjective *ob = o->kind == CB_NODE_INDICATOR ? &o->objectives[i] : NULL;
    if (cb_dataset_get(ds, cv->id, o->id, i) || !ob ||
        (ob->kind != CB_MOBJ_VALUE && ob->kind != CB_MOBJ_PROGRESSION))
      continue;
    struct cb_measure m;
    memset(&m, 0, sizeof m);
    m.kind = CB_MVAL_NUMBER;
    m.value = ob->value;
    m.origin = "borne";
    cb_dataset_put(others, cv->id, o->id, i, &m);
  }
  return others;
}

/* The values the contract writes for indicator n (objectives, socles,
   initial value, tranche bounds of a barème sur valeur), one by one through
   fn; an objective derived from others (progression, initial ± x) is not
   written and not given. */
static void written_values(const struct cb_contract *cv, const struct cb_node *n,
                           void (*fn)(mpq_srcptr, void *), void *arg) {
  for (size_t k = 0; k < cv->nperiods; k++) {
    const struct cb_mobjective *o = &n->objectives[k];
    if (o->kind == CB_MOBJ_VALUE && !o->from_initial && o->value)
      fn(o->value, arg);
    if (n->socles[k])
      fn(n->socles[k], arg);
  }
  if (n->socle_default)
    fn(n->socle_default, arg);
  if (n->initial)
    fn(n->initial, arg);
  for (size_t t = 0; n->bareme && n->bareme->sur_valeur && t < n->bareme->ntranches; t++) {
    const struct cb_mtranche *tr = &n->bareme->tranches[t];
    if (!tr->lo_inf)
      fn(tr->lo, arg);
    if (!tr->hi_inf)
      fn(tr->hi, arg);
  }
}

struct written_facts {
  bool percent;   /* the values are shown in % */
  bool whole;     /* every value is a whole number */
  bool negative;  /* some value is below 0 */
  int decimals;   /* the most decimals of a value, as shown */
};

static void note_written(mpq_srcptr v, void *arg) {
  struct written_facts *f = arg;
  if (mpz_cmp_ui(mpq_denref(v), 1) != 0)
    f->whole = false;
  if (mpq_sgn(v) < 0)
    f->negative = true;
  mpq_t shown;
  mpq_init(shown);
  mpq_set(shown, v);
  if (f->percent)
    cb_num_to_percent(shown);
  int dec = cb_num_decimals(shown, 6);
  if (dec > f->decimals)
    f->decimals = dec;
  mpq_clear(shown);
}

/* " (file:line)\n": where a bound is written. */
static void put_where(struct cb_buf *out, struct cb_loc loc) {
  cb_buf_printf(out, " (%s:%d)\n", loc.src ? loc.src->name : "?", loc.line);
}

/* What a real measure of p's indicator in its period can be: the step (one
   unit of the last decimal of the objective ov, when there is one, and of
   the values written for the indicator, in its unit as written: points of %
   for a %; 1 for a count), set in step; whether it is a count; whether it is
   never below 0, and why, in why. */
static void probe_limits(struct probe *p, mpq_srcptr ov, mpq_t step, struct cb_buf *why) {
  const struct cb_node *n = p->n;
  struct written_facts f = {n->unit.kind == CB_UNIT_PERCENT, true, false, 0};
  written_values(p->cv, n, note_written, &f);
  bool whole = f.whole; /* a derived objective (15,75 patients) is no fraction written */
  if (ov)
    note_written(ov, &f);
  f.whole = whole;
  /* a count (patients, protocoles…) is measured in whole numbers, unless
     the contract itself writes a fraction of it */
  p->counted = n->unit.kind == CB_UNIT_NOUN && f.whole;
  mpq_set_ui(step, 1, 1);
  for (int k = 0; !p->counted && k < f.decimals; k++)
    mpz_mul_ui(mpq_denref(step), mpq_denref(step), 10);
  if (n->unit.kind == CB_UNIT_PERCENT)
    cb_num_from_percent(step);
  p->step = step;
  /* a count is never negative; a rate neither, unless the contract
     writes a negative one for this indicator (an objective of decrease) */
  if (n->unit.kind == CB_UNIT_NOUN || n->unit.kind == CB_UNIT_DAYS) {
    p->nonneg = true;
    cb_buf_printf(why, "une mesure en %s n'est jamais négative", cb_unit_label(&n->unit));
  } else if (n->unit.kind == CB_UNIT_PERCENT && !f.negative) {
    p->nonneg = true;
    cb_buf_printf(why, "un taux n'est pas négatif quand le contrat n'en écrit aucun pour « %s »",
                  n->id);
  }
  p->why = cb_buf_str(why);
}

/* Where the linear attainment starts from 0 (the socle, or the initial
   value), when it is not the objective ov itself. */
static void socle_cases(const struct probe *p, mpq_srcptr ov, struct cb_buf *out) {
  struct cb_loc sloc;
  bool initial;
  mpq_srcptr sl = cb_socle_for(p->n, (size_t)p->i, &sloc, &initial);
  if (!sl || mpq_equal(sl, ov))
    return;
  cb_buf_printf(out, "    %s ", initial ? "valeur initiale (socle)" : "socle");
  cb_fmt_value(out, sl, &p->n->unit, true);
  put_where(out, sloc);
  three_cases(p, sl, out);
}

/* A written plafond above 100 % or plancher above 0 % changes the amount
   where the attainment reaches it: the measures around it, for objective
   ov. */
static void cap_cases(const struct probe *p, mpq_srcptr ov, struct cb_buf *out) {
  const struct cb_node *n = p->n;
  mpq_t m;
  mpq_init(m);
  for (int cap = 0; cap < 2; cap++) {
    mpq_srcptr v = cap == 0 ? n->plafond : n->plancher;
    struct cb_loc vloc = cap == 0 ? n->plafond_loc : n->plancher_loc;
    if (!v || !vloc.src || mpq_cmp_ui(v, cap == 0 ? 1 : 0, 1) == 0 ||
        (n->method != CB_METHOD_PROPORTIONNELLE && n->method != CB_METHOD_LINEAIRE) ||
        (n->bareme && n->bareme->sur_valeur))
      continue;
    cb_buf_printf(out, "    %s ", cap == 0 ? "plafond" : "plancher");
    cb_fmt_pct(out, v);
    if (!measure_at(n, p->i, v, ov, m)) {
      cb_buf_puts(out, " : aucune mesure ne le donne par cette méthode d'atteinte\n");
      continue;
    }
    put_where(out, vloc);
    three_cases(p, m, out);
  }
  mpq_clear(m);
}

/* The measures around each finite tranche bound of the barème, a bound
   shared by two tranches once, for objective ov (NULL when there is
   none). */
static void tranche_cases(const struct probe *p, mpq_srcptr ov, struct cb_buf *out) {
  const struct cb_bareme *br = p->n->bareme;
  mpq_t m;
  mpq_init(m);
  for (size_t t = 0; br && t < br->ntranches; t++) {
    const struct cb_mtranche *tr = &br->tranches[t];
    for (int side = 0; side < 2; side++) {
      if (side == 0 ? tr->lo_inf : tr->hi_inf)
        continue;
      mpq_srcptr b = side == 0 ? tr->lo : tr->hi;
      /* a bound shared with the previous tranche is shown once */
      if (side == 0 && t > 0 && !br->tranches[t - 1].hi_inf &&
          mpq_equal(br->tranches[t - 1].hi, b))
        continue;
      if (side == 1 && !tr->lo_inf && mpq_equal(tr->lo, b))
        continue;
      cb_buf_printf(out, "    borne %s de la tranche %s", side == 0 ? "basse" : "haute", tr->text);
      if (!measure_at(p->n, p->i, b, ov, m)) {
        cb_buf_puts(out, " : aucune mesure ne la donne par cette méthode d'atteinte\n");
        continue;
      }
      put_where(out, tr->loc);
      three_cases(p, m, out);
    }
  }
  mpq_clear(m);
}

/* The boundary cases of indicator n (of the version cv in force) in period
   i of contract c: its objective, or its cap of units paid, or (a barème sur
   valeur with nothing written for the period) none, then its socle, plafond,
   plancher and tranche bounds; nothing when it has none of them. */
static void period_bounds(struct plan *pl, const struct cb_contract *c,
                          const struct cb_contract *cv, const struct cb_node *n, size_t i,
                          struct cb_buf *out) {
  const struct cb_mobjective *o = &n->objectives[i];
  bool has_objective = o->kind == CB_MOBJ_VALUE || o->kind == CB_MOBJ_PROGRESSION;
  bool neutralised = n->neutralised && n->neutralised[i];
  /* with nothing written for the period (not `a definir`, not an
     objective known only at evaluation), a barème sur valeur still reads
     the measure: its bounds are the indicator's only boundary cases */
  bool steps_only = o->kind == CB_MOBJ_NONE && n->bareme && n->bareme->sur_valeur && !neutralised;
  /* paid per unit of its measure, at most N units: N is where more
     units stop paying more */
  const struct cb_points *pu = cb_points_per_unit(n);
  bool per_unit = pu && pu->cap && !has_objective && !neutralised;
  if (!has_objective && !steps_only && !per_unit)
    return;
  mpq_srcptr ov = has_objective ? o->value : NULL;
  pl->rank = 0;
  struct probe p = {pl, cv, n, (int)i, NULL, false, false, NULL};
  mpq_t step;
  mpq_init(step);
  struct cb_buf why = CB_BUF_INIT;
  probe_limits(&p, ov, step, &why);
  cb_buf_printf(out, "  %s, %s\n", n->id, c->periods[i].name);
  if (has_objective) {
    cb_buf_puts(out, "    objectif ");
    cb_fmt_value(out, ov, &n->unit, true);
    put_where(out, o->loc);
    three_cases(&p, ov, out);
  } else if (per_unit) {
    cb_buf_puts(out, "    payé par unité, au plus ");
    cb_fmt_value(out, pu->cap, &n->unit, true);
    put_where(out, pu->cap_loc);
    three_cases(&p, pu->cap, out);
  } else {
    cb_buf_puts(out, "    sans objectif : le barème sur valeur lit la mesure\n");
  }
  if (has_objective && n->method == CB_METHOD_LINEAIRE)
    socle_cases(&p, ov, out);
  if (has_objective)
    cap_cases(&p, ov, out);
  tranche_cases(&p, ov, out);
  cb_buf_free(&why);
  mpq_clear(step);
}

/* The boundary cases of indicator id in each period, by the version in
   force. */
static void indicator_bounds(struct plan *pl, const struct cb_contract *c, const char *id,
                             struct cb_buf *out) {
  for (size_t i = 0; i < c->nperiods; i++) {
    const struct cb_contract *cv = cb_contract_at(c, &c->periods[i]);
    const struct cb_node *n = cv ? cb_contract_node_id(cv, id) : NULL;
    if (n && n->kind == CB_NODE_INDICATOR)
      period_bounds(pl, c, cv, n, i, out);
  }
}

/* ---- evaluating the probes ------------------------------------------------------ */

/* Whether what a version pays an indicator depends on no other indicator's
   measure but through the statuses of the results (scored, without
   objective, neutralised, missing…), which set the weights and the shares:
   no donnée, formula, ACI points or prérequis, no `toutes`, and no rounding
   of amounts below an envelope that may take a unit back from them. Then
   the probes of many indicators can be evaluated together (batch). */
static bool group_separable(const struct cb_node *g) {
  if (g->kind == CB_NODE_INDICATOR || g->kind == CB_NODE_DONNEE)
    return true;
  if (g->aggr == CB_AGGR_TOUTES)
    return false;
  for (size_t i = 0; i < g->nchildren; i++)
    if (!group_separable(g->children[i]))
      return false;
  return true;
}

static bool separable(const struct cb_contract *cv) {
  if (cv->has_points_aci || cv->patientele ||
      (cv->rounding != CB_ROUNDING_NONE && cv->round_stage != CB_STAGE_TOTAL))
    return false;
  for (size_t k = 0; k < cv->nindicators; k++) {
    const struct cb_node *n = cv->indicators[k];
    if (n->kind == CB_NODE_DONNEE || n->expr || cb_node_has_points(n) || cb_amount_varies(n))
      return false;
  }
  return group_separable(cv->root);
}

/* The result of indicator n in the one period of ev, or NULL. */
static const struct cb_result *result_of(const struct cb_evaluation *ev, const struct cb_node *n) {
  return ev->nperiods ? ev->periods[0].by_index[n->index] : NULL;
}

/* An indicator's status and reason without the probes (reason in the
   arena of the period's statuses). */
struct status0 {
  bool evaluated;
  enum cb_status status;
  const char *reason;
};

/* The statuses of the indicators of version cv for period i over fill, by
   index, in a: kept rather than the evaluation, which is freed. */
static struct status0 *statuses(struct cb_arena *a, const struct cb_contract *cv, size_t i,
                                const struct cb_dataset *fill) {
  struct status0 *st = cb_arena_array(a, cv->nindicators ? cv->nindicators : 1, sizeof *st);
  struct cb_arena *ea = cb_arena_new();
  struct cb_evaluation *ev = cb_eval_contract(ea, cv, fill, &cv->periods[i]);
  for (size_t k = 0; k < cv->nindicators; k++) {
    const struct cb_result *r = result_of(ev, cv->indicators[k]);
    if (!r)
      continue;
    st[k].evaluated = true;
    st[k].status = r->status;
    st[k].reason = r->reason ? cb_arena_strdup(a, r->reason) : NULL;
  }
  cb_arena_free(ea);
  return st;
}

/* Whether r has status and reason st0. */
static bool same_status(const struct cb_result *r, const struct status0 *st0) {
  if (!r || !st0->evaluated)
    return !r && !st0->evaluated;
  if (r->status != st0->status)
    return false;
  return (!r->reason && !st0->reason) ||
         (r->reason && st0->reason && strcmp(r->reason, st0->reason) == 0);
}

/* The line of probe pd, from evaluation ev, kept in the plan's lines. */
static void keep_line(struct plan *pl, struct pending *pd, const struct cb_evaluation *ev) {
  pd->line = pl->lines.len;
  print_case(ev, pd->n, pd->x, &pl->lines);
  pd->len = pl->lines.len - pd->line;
}

/* Sets the measure of probe pd in ds. */
static void put_probe(struct cb_dataset *ds, const struct pending *pd) {
  struct cb_measure m;
  memset(&m, 0, sizeof m);
  m.kind = CB_MVAL_NUMBER;
  m.value = (mpq_ptr)pd->x; /* copied by the dataset */
  m.origin = "borne";
  cb_dataset_put(ds, pd->cv->id, pd->n->id, (int)pd->period, &m);
}

/* Probe pd evaluated on its own: its measure over fill, nothing else
   changed; the evaluation is freed once its line is kept. */
static void alone(struct plan *pl, struct pending *pd, const struct cb_dataset *fill) {
  const struct cb_contract *cv = pd->cv;
  struct cb_arena *a = cb_arena_new();
  struct cb_dataset *ds = cb_dataset_new(fill);
  put_probe(ds, pd);
  keep_line(pl, pd, cb_eval_contract(a, cv, ds, &cv->periods[pd->period]));
  cb_dataset_free(ds);
  cb_arena_free(a);
}

/* The probes g[0..ng) of one period and rank, each of its own indicator,
   evaluated together over fill. This is exact when the version is
   separable and every probed indicator keeps the status and reason it has
   in st0 (fill alone): each probe's line then depends on its own measure
   and on the others' statuses only, as when it is evaluated on its own. A
   probe that changes its indicator's status is evaluated on its own, and
   the others together again. One evaluation of the contract for a rank of
   probes, not one per probe: the time is linear in the indicators. */
static void batch(struct plan *pl, struct pending **g, size_t ng, const struct cb_dataset *fill,
                  const struct status0 *st0) {
  const struct cb_contract *cv = g[0]->cv;
  const struct cb_period *p = &cv->periods[g[0]->period];
  for (bool moved = true; moved;) {
    moved = false;
    struct cb_arena *a = cb_arena_new();
    struct cb_dataset *ds = cb_dataset_new(fill);
    size_t left = 0;
    for (size_t k = 0; k < ng; k++)
      if (!g[k]->alone) {
        put_probe(ds, g[k]);
        left++;
      }
    if (left) {
      struct cb_evaluation *ev = cb_eval_contract(a, cv, ds, p);
      for (size_t k = 0; k < ng; k++)
        if (!g[k]->alone && !same_status(result_of(ev, g[k]->n), &st0[g[k]->n->index])) {
          g[k]->alone = true;
          moved = true;
        }
      for (size_t k = 0; !moved && k < ng; k++)
        if (!g[k]->alone)
          keep_line(pl, g[k], ev);
    }
    cb_dataset_free(ds);
    cb_arena_free(a);
  }
  for (size_t k = 0; k < ng; k++)
    if (g[k]->alone)
      alone(pl, g[k], fill);
}

static int pending_cmp(const void *x, const void *y) {
  const struct pending *a = *(const struct pending *const *)x;
  const struct pending *b = *(const struct pending *const *)y;
  if (a->period != b->period)
    return a->period < b->period ? -1 : 1;
  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  return a < b ? -1 : a > b;
}

/* Evaluates the probes of the plan, period by period, over the session's
   measures completed by the objectives (fill_objectives): in batches of
   one probe per indicator when the version is separable, else one by one.
   Each evaluation is freed once its lines are kept. */
static void run_probes(struct cb_session *s, struct plan *pl) {
  if (!pl->n)
    return;
  struct pending **order = cb_xmalloc(pl->n * sizeof *order);
  for (size_t k = 0; k < pl->n; k++)
    order[k] = &pl->v[k];
  qsort(order, pl->n, sizeof *order, pending_cmp);
  for (size_t p0 = 0, p1; p0 < pl->n; p0 = p1) {
    size_t i = order[p0]->period;
    for (p1 = p0; p1 < pl->n && order[p1]->period == i; p1++)
      ;
    const struct cb_contract *cv = order[p0]->cv;
    struct cb_dataset *fill = fill_objectives(cb_session_dataset(s), cv, (int)i);
    bool sep = separable(cv);
    struct cb_arena *a0 = cb_arena_new();
    struct status0 *st0 = sep ? statuses(a0, cv, i, fill) : NULL;
    for (size_t r0 = p0, r1; r0 < p1; r0 = r1) {
      for (r1 = r0; r1 < p1 && order[r1]->rank == order[r0]->rank; r1++)
        ;
      if (sep) {
        batch(pl, order + r0, r1 - r0, fill, st0);
        continue;
      }
      for (size_t k = r0; k < r1; k++)
        alone(pl, order[k], fill);
    }
    cb_arena_free(a0);
    cb_dataset_free(fill);
  }
  free(order);
}

void cb_exemple_bornes(struct cb_session *s, struct cb_buf *out) {
  const struct cb_program *p = cb_session_program(s);
  for (const struct cb_contract *c = p->contracts; c; c = c->next) {
    if (c != p->contracts)
      cb_buf_putc(out, '\n');
    cb_buf_printf(out, "Bornes du contrat %s — %s\n", c->id, c->label);
    size_t nids;
    const char **ids = cb_contract_ids(cb_session_arena(s), c, true, &nids);
    /* the probes (the text written then is dropped), their lines, then
       the text with the lines */
    struct plan pl;
    memset(&pl, 0, sizeof pl);
    struct cb_buf drop = CB_BUF_INIT;
    for (size_t j = 0; j < nids; j++) {
      indicator_bounds(&pl, c, ids[j], &drop);
      cb_buf_clear(&drop);
    }
    cb_buf_free(&drop);
    run_probes(s, &pl);
    for (size_t k = 0; k < pl.n; k++)
      mpq_clear(pl.v[k].x);
    pl.replay = true;
    for (size_t j = 0; j < nids; j++)
      indicator_bounds(&pl, c, ids[j], out);
    free(pl.v);
    cb_buf_free(&pl.lines);
  }
}
