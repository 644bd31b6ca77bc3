/*
 * fmt.c: canonical layout of contract files (see fmt.h).
 *
 * Owns the layout rules and the atomic rewrite of a file. The scanner
 * (cb_parse_tokens, with comments) gives every token and its bytes; the
 * output is rebuilt line by line from those bytes, so nothing but blanks
 * can change. The source's line breaks are kept (a line break separates
 * declarations, and a word after a number is its unit only on the same
 * line), and new ones are added only after `{` and around `}`: the tokens
 * of a line therefore never move to another line next to a number. As a
 * guard, the result is scanned again and must give the same tokens.
 * `fmt -w` replaces the file (through its symbolic links) by a temporary
 * file renamed over it, keeping owner, group and mode, refusing read-only
 * and hard-linked files and files changed since they were read; the
 * temporary file is removed on error and on the usual signals.
 */
#define _GNU_SOURCE /* mkstemp, fsync, fchmod, fchown, realpath, st_mtim */
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "parse.h"
#include "parser.h"
#include "sysio.h"

struct tok {
  int kind;
  size_t start, end;
  int line;
};

struct toks {
  const struct cb_source *src;
  struct tok *v;
  size_t n, cap;
  int line; /* line of the last token seen */
  size_t pos;
};

static void on_token(void *ctx, int kind, size_t start, size_t end) {
  struct toks *t = ctx;
  /* count the line breaks since the previous token */
  for (size_t i = t->pos; i < start; i++)
    t->line += t->src->text[i] == '\n';
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 256;
    t->v = cb_xrealloc(t->v, t->cap * sizeof *t->v);
  }
  t->v[t->n++] = (struct tok){kind, start, end, t->line};
  for (size_t i = start; i < end; i++)
    t->line += t->src->text[i] == '\n';
  t->pos = end;
}

static bool scan(const struct cb_source *src, struct cb_diags *d, struct toks *t) {
  memset(t, 0, sizeof *t);
  t->src = src;
  t->line = 1;
  struct cb_arena *a = cb_arena_new();
  bool ok = cb_parse_tokens(a, d, src, on_token, t);
  cb_arena_free(a);
  return ok;
}

/* Tokens after which a sign is binary (an operand ends there). */
static bool ends_operand(int k) {
  switch (k) {
  case CB_TOK_NUMBER: case CB_TOK_IDENT: case CB_TOK_UNIT: case '%': case CB_TOK_EURO:
  case ')': case CB_TOK_INITIAL: case CB_TOK_PRECEDENT: case CB_TOK_INF: case CB_TOK_STRING:
  case CB_TOK_POINTS:
    return true;
  default:
    return false;
  }
}

struct out {
  struct cb_buf *b;
  const struct cb_source *src;
  int depth;
  size_t first;     /* index of the first token of the current line, or SIZE_MAX */
  bool opened;      /* the last line written ends with `{` */
  bool any;         /* something written */
};

static void put_tok(struct out *o, const struct tok *t) {
  cb_buf_printf(o->b, "%.*s", (int)(t->end - t->start), o->src->text + t->start);
}

static void end_line(struct out *o, const struct toks *ts, size_t last) {
  if (o->first == (size_t)-1)
    return;
  cb_buf_putc(o->b, '\n');
  o->opened = ts->v[last].kind == '{';
  o->first = (size_t)-1;
  o->any = true;
}

static void start_line(struct out *o, const struct toks *ts, size_t i, bool blank) {
  if (blank && o->any && !o->opened && ts->v[i].kind != '}')
    cb_buf_putc(o->b, '\n');
  for (int k = 0; k < o->depth; k++)
    cb_buf_puts(o->b, "  ");
  o->first = i;
}

/* Whether a space goes between tokens i-1 and i of the same line. */
static bool spaced(const struct toks *ts, const struct out *o, size_t i) {
  int p = ts->v[i - 1].kind, c = ts->v[i].kind;
  int next = i + 1 < ts->n && ts->v[i + 1].line == ts->v[i].line ? ts->v[i + 1].kind : 0;
  if (c == ',' || c == ')' || p == '(')
    return false;
  if (c == '(' && p == CB_TOK_IDENT)
    return false;
  /* tranche brackets: the opening one starts the line, the closing one
     comes before the colon */
  if ((p == '[' || p == ']') && i - 1 == o->first)
    return false;
  if ((c == '[' || c == ']') && next == ':')
    return false;
  if (p == '+' || p == '-') {
    int pp = i >= 2 && i - 2 >= o->first && o->first != (size_t)-1 ? ts->v[i - 2].kind : 0;
    /* a unary sign sticks to its operand (`-1,5`, `-x`, `-(a)`), but not
       to a word that opens an expression (`- si …`, not `-si`) nor to
       another sign (`- -x`, not `--x`) */
    if (!pp || !ends_operand(pp))
      return c == CB_TOK_SI || c == '+' || c == '-';
  }
  return true;
}

static void layout(const struct toks *ts, struct cb_buf *b) {
  struct out o = {b, ts->src, 0, (size_t)-1, false, false};
  bool brk = false; /* a line break is due before the next token */
  for (size_t i = 0; i < ts->n; i++) {
    const struct tok *t = &ts->v[i];
    bool new_src_line = i == 0 || t->line > ts->v[i - 1].line;
    /* a blank source line before it (no token spans lines) */
    bool blank = i > 0 && t->line >= ts->v[i - 1].line + 2;
    if (t->kind == CB_TOK_COMMENT && !new_src_line && o.first != (size_t)-1) {
      cb_buf_puts(b, "  ");
      put_tok(&o, t);
      end_line(&o, ts, i);
      brk = false;
      continue;
    }
    if (t->kind == '}') {
      end_line(&o, ts, i ? i - 1 : 0);
      if (o.depth > 0)
        o.depth--;
      start_line(&o, ts, i, false);
      put_tok(&o, t);
      brk = true;
      continue;
    }
    if (new_src_line || brk)
      end_line(&o, ts, i ? i - 1 : 0);
    if (o.first == (size_t)-1) {
      start_line(&o, ts, i, blank);
    } else if (spaced(ts, &o, i)) {
      cb_buf_putc(b, ' ');
    }
    put_tok(&o, t);
    brk = false;
    if (t->kind == CB_TOK_COMMENT) {
      end_line(&o, ts, i);
    } else if (t->kind == '{') {
      o.depth++;
      brk = true;
    }
  }
  if (ts->n)
    end_line(&o, ts, ts->n - 1);
}

static bool same_tokens(const struct toks *a, const struct toks *b) {
  if (a->n != b->n)
    return false;
  for (size_t i = 0; i < a->n; i++) {
    size_t la = a->v[i].end - a->v[i].start, lb = b->v[i].end - b->v[i].start;
    if (a->v[i].kind != b->v[i].kind || la != lb ||
        memcmp(a->src->text + a->v[i].start, b->src->text + b->v[i].start, la) != 0)
      return false;
  }
  return true;
}

bool cb_fmt_source(struct cb_buf *out, const struct cb_source *src, struct cb_diags *d) {
  struct toks ts;
  if (!scan(src, d, &ts)) {
    free(ts.v);
    return false;
  }
  layout(&ts, out);
  /* guard: the layout changed blanks only */
  struct cb_sources set = {0};
  struct cb_source *again = NULL;
  struct cb_diags scratch = {0};
  bool ok = cb_source_from_string(&set, src->name, cb_buf_str(out), out->len, &scratch,
                                  &again) == CB_LOAD_OK;
  struct toks t2 = {0};
  ok = ok && scan(again, &scratch, &t2) && same_tokens(&ts, &t2);
  if (!ok)
    cb_diag_error(d, cb_source_loc_at(src, 0), "E0420",
                  "cible fmt n'a pas pu mettre ce fichier en forme sans en changer le texte : "
                  "fichier laissé tel quel");
  free(t2.v);
  cb_diags_free(&scratch);
  cb_sources_free(&set);
  free(ts.v);
  return ok;
}

/* ---- fmt -w: the rewrite -------------------------------------------------- */

/* The temporary file, for the signal handlers: its name, and whether it
   exists (set and cleared with the handled signals blocked). */
static const char *volatile tmp_name;
static volatile sig_atomic_t tmp_live;

static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE};
enum { NHANDLED = sizeof handled / sizeof handled[0] };

static void on_signal(int sig) {
  if (tmp_live)
    unlink(tmp_name);
  tmp_live = 0;
  signal(sig, SIG_DFL);
  raise(sig);
}

static void block_handled(bool block, sigset_t *old) {
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < NHANDLED; i++)
    sigaddset(&set, handled[i]);
  sigprocmask(block ? SIG_BLOCK : SIG_SETMASK, block ? &set : old, block ? old : NULL);
}

/* Whether the file described by now is still the one described by then:
   same file, same size, same modification and change times. */
static bool unchanged(const struct stat *then, const struct stat *now) {
  return then->st_dev == now->st_dev && then->st_ino == now->st_ino &&
         then->st_size == now->st_size && then->st_mtim.tv_sec == now->st_mtim.tv_sec &&
         then->st_mtim.tv_nsec == now->st_mtim.tv_nsec &&
         then->st_ctim.tv_sec == now->st_ctim.tv_sec &&
         then->st_ctim.tv_nsec == now->st_ctim.tv_nsec;
}

/* Test hook: CIBLE_FMT_TEST_WAIT=FIFO blocks until a byte can be read from
   FIFO, once the temporary file is written and before the final check. */
static void test_wait(void) {
  const char *fifo = getenv("CIBLE_FMT_TEST_WAIT");
  if (!fifo || !*fifo)
    return;
  int fd = open(fifo, O_RDONLY);
  if (fd >= 0) {
    char c;
    while (read(fd, &c, 1) < 0 && errno == EINTR)
      ;
    close(fd);
  }
}

const char *cb_fmt_write_error(int err) {
  switch (err) {
  case CB_FMT_READONLY:
    return "le fichier est en lecture seule (aucun droit d'écriture) : il n'est pas modifié";
  case CB_FMT_CHANGED:
    return "le fichier a été modifié pendant la mise en forme : il n'est pas modifié, "
           "relancez cible fmt -w";
  case CB_FMT_LINKS:
    return "le fichier a plusieurs liens physiques, que le remplacer séparerait : il n'est "
           "pas modifié (cible fmt FICHIER écrit la mise en forme sur la sortie)";
  case CB_FMT_NOT_REGULAR:
    return "ce n'est pas un fichier ordinaire : il n'est pas modifié";
  case CB_FMT_OWNER:
    return "impossible de garder le propriétaire ou le groupe du fichier : il n'est pas modifié";
  default:
    return cb_errno_text(err);
  }
}

int cb_fmt_write_atomic(const char *path, const char *text, size_t len,
                        const struct stat *before) {
  /* the file itself, through any symbolic links: the links stay links */
  char *real = realpath(path, NULL);
  if (!real)
    return errno;
  struct stat st;
  int err = stat(real, &st) == 0 ? 0 : errno;
  if (!err && !S_ISREG(st.st_mode))
    err = CB_FMT_NOT_REGULAR;
  if (!err && before && !unchanged(before, &st))
    err = CB_FMT_CHANGED;
  /* root may write anything: the mode's write bits are the owner's wish */
  if (!err && ((st.st_mode & 0222) == 0 || access(real, W_OK) != 0))
    err = CB_FMT_READONLY;
  if (!err && st.st_nlink > 1)
    err = CB_FMT_LINKS;
  if (err) {
    free(real);
    return err;
  }
  /* a short name next to the file (a long file name leaves no room for a
     longer temporary one) */
  struct cb_buf tmp = CB_BUF_INIT;
  const char *slash = strrchr(real, '/');
  cb_buf_printf(&tmp, "%.*s.cible-fmt-XXXXXX", (int)(slash - real + 1), real);
  char *name = cb_buf_take(&tmp);

  struct sigaction old_act[NHANDLED];
  for (size_t i = 0; i < NHANDLED; i++) {
    sigaction(handled[i], NULL, &old_act[i]);
    if (old_act[i].sa_handler == SIG_IGN)
      continue;
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_signal;
    sigemptyset(&act.sa_mask);
    sigaction(handled[i], &act, NULL);
  }
  sigset_t mask;
  tmp_name = name;
  block_handled(true, &mask);
  int fd = mkstemp(name);
  if (fd < 0)
    err = errno;
  else
    tmp_live = 1;
  block_handled(false, &mask);

  bool kill_halfway = getenv("CIBLE_FMT_TEST_KILL") && strcmp(getenv("CIBLE_FMT_TEST_KILL"), "1") == 0;
  size_t done = 0;
  while (!err && done < len) {
    size_t chunk = len - done;
    if (kill_halfway && done == 0 && chunk > 1)
      chunk /= 2;
    err = cb_write_all(fd, text + done, chunk);
    if (!err)
      done += chunk;
    if (kill_halfway && done > 0 && done < len)
      raise(SIGKILL);
  }
  /* the owner and group first (chown may clear the set-id bits), then the mode */
  struct stat tst;
  if (!err && fstat(fd, &tst) != 0)
    err = errno;
  if (!err && (tst.st_uid != st.st_uid || tst.st_gid != st.st_gid) &&
      fchown(fd, st.st_uid, st.st_gid) != 0)
    err = CB_FMT_OWNER;
  if (!err && fchmod(fd, st.st_mode & 07777) != 0)
    err = errno;
  if (!err && fsync(fd) != 0)
    err = errno;
  if (fd >= 0 && close(fd) != 0 && !err)
    err = errno;
  if (!err)
    test_wait();
  /* an edit made meanwhile is not overwritten */
  struct stat now;
  if (!err && stat(real, &now) != 0)
    err = errno;
  if (!err && !unchanged(&st, &now))
    err = CB_FMT_CHANGED;
  block_handled(true, &mask);
  if (!err && rename(name, real) != 0)
    err = errno;
  if (err && tmp_live)
    unlink(name);
  tmp_live = 0;
  block_handled(false, &mask);
  for (size_t i = 0; i < NHANDLED; i++)
    if (old_act[i].sa_handler != SIG_IGN)
      sigaction(handled[i], &old_act[i], NULL);
  /* the new name in the directory survives a crash too */
  if (!err) {
    *strrchr(name, '/') = '\0';
    int dfd = open(*name ? name : "/", O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      fsync(dfd);
      close(dfd);
    }
  }
  free(name);
  free(real);
  return err;
}
