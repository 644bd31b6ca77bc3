/*
 * lsp_server.c: the Language Server Protocol over two streams, for `cible
 * lsp`. It owns the framing (`Content-Length` headers, then a JSON body,
 * parsed and written with jansson), the JSON-RPC dispatch (requests,
 * notifications, errors, the initialize / shutdown / exit life cycle), the
 * open documents (full text sync; their line starts, to convert the
 * client's UTF-16 or UTF-8 columns to the byte columns of analysis.h and
 * back) and the translation of each request into a call of analysis.h and
 * of its answer into LSP's JSON. A frame that cannot be read, or the end of
 * the input, ends the server cleanly; bad JSON in a whole frame gets a
 * ParseError response and the server goes on.
 */
#include "lsp_server.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analysis.h"
#include "cible.h"
#include "diag.h"
#include "hashtab.h"
#include "source.h"

/* JSON-RPC and LSP error codes */
enum {
  RPC_PARSE_ERROR = -32700,
  RPC_INVALID_REQUEST = -32600,
  RPC_METHOD_NOT_FOUND = -32601,
  RPC_INVALID_PARAMS = -32602,
  RPC_SERVER_NOT_INITIALIZED = -32002,
};

/* Largest header line and body read: beyond, the frame is refused (said on
   the log) and the server stops, rather than reading without end. */
#define MAX_HEADER_LINE 8192
#define MAX_BODY ((size_t)256 * 1024 * 1024)

struct lsp_text {
  char *uri;  /* key */
  char *path; /* the file the uri names (or the uri itself) */
  char *text; /* NULL when closed */
  size_t len;
  size_t *lines; /* byte offset of each line's start */
  size_t nlines;
  struct cb_lsp_doc *doc;
  bool open;
};

struct server {
  FILE *in, *out, *log;
  bool initialized, shutdown;
  bool utf8; /* positionEncoding utf-8, else utf-16 */
  char *stdlib_dir;
  char **measures;
  size_t nmeasures;
  struct cb_lsp_workspace ws;
  struct cb_hashtab docs;
  struct lsp_text **all; /* every entry, to free them */
  size_t nall, capall;
  bool out_failed;
};

/* "cible lsp : what" on the log, followed by " : « arg »" when arg. */
static void say(struct server *sv, const char *what, const char *arg) {
  if (sv->log) {
    if (arg)
      fprintf(sv->log, "cible lsp : %s : « %s »\n", what, arg);
    else
      fprintf(sv->log, "cible lsp : %s\n", what);
    fflush(sv->log);
  }
}

/* ------------------------------------------------------------ framing */

/* One header line, without its "\r\n" or "\n", into line (cap bytes).
   1: a line; 0: end of input before any byte; -1: too long or cut. */
static int read_line(FILE *in, char *line, size_t cap, size_t *n) {
  size_t k = 0;
  int c;
  while ((c = getc(in)) != EOF) {
    if (c == '\n') {
      if (k > 0 && line[k - 1] == '\r')
        k--;
      line[k] = '\0';
      *n = k;
      return 1;
    }
    if (k + 1 >= cap)
      return -1;
    line[k++] = (char)c;
  }
  return k == 0 ? 0 : -1;
}

/* Reads one frame's body (malloc'd, NUL-terminated) into *body.
   1: a frame; 0: the input ended between frames; -1: a frame that cannot be
   read (said on the log). */
static int read_frame(struct server *sv, char **body, size_t *len) {
  char line[MAX_HEADER_LINE];
  size_t n;
  bool have_len = false, any = false;
  size_t clen = 0;
  for (;;) {
    int r = read_line(sv->in, line, sizeof line, &n);
    if (r == 0 && !any)
      return 0;
    if (r <= 0) {
      say(sv, r == 0 ? "entrée coupée au milieu des en-têtes d'un message"
                           : "en-tête de message trop long ou coupé", NULL);
      return -1;
    }
    if (n == 0) {
      if (!any)
        continue; /* blank lines between frames */
      break;
    }
    any = true;
    const char *colon = strchr(line, ':');
    if (!colon) {
      say(sv, "en-tête illisible", line);
      return -1;
    }
    if ((size_t)(colon - line) == 14 && strncasecmp(line, "Content-Length", 14) == 0) {
      const char *p = colon + 1;
      while (*p == ' ' || *p == '\t')
        p++;
      if (!isdigit((unsigned char)*p)) {
        say(sv, "Content-Length illisible", line);
        return -1;
      }
      size_t v = 0;
      for (; isdigit((unsigned char)*p); p++) {
        v = v * 10 + (size_t)(*p - '0');
        if (v > MAX_BODY) {
          say(sv, "message trop grand", line);
          return -1;
        }
      }
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p) {
        say(sv, "Content-Length illisible", line);
        return -1;
      }
      clen = v;
      have_len = true;
    }
  }
  if (!have_len) {
    say(sv, "message sans en-tête Content-Length", NULL);
    return -1;
  }
  char *b = malloc(clen + 1);
  if (!b) {
    say(sv, "mémoire insuffisante pour un message", NULL);
    return -1;
  }
  size_t got = clen ? fread(b, 1, clen, sv->in) : 0;
  if (got != clen) {
    free(b);
    say(sv, "entrée coupée au milieu d'un message", NULL);
    return -1;
  }
  b[clen] = '\0';
  *body = b;
  *len = clen;
  return 1;
}

/* Writes msg framed; consumes it. A failed write (the client is gone) is
   remembered: the server stops at the next frame. */
static void send_json(struct server *sv, json_t *msg) {
  char *s = json_dumps(msg, JSON_COMPACT | JSON_ENSURE_ASCII);
  json_decref(msg);
  if (!s)
    return;
  if (!sv->out_failed) {
    size_t n = strlen(s);
    if (fprintf(sv->out, "Content-Length: %zu\r\n\r\n", n) < 0 || fwrite(s, 1, n, sv->out) != n ||
        fflush(sv->out) != 0) {
      sv->out_failed = true;
      say(sv, "le client ne lit plus les réponses", NULL);
    }
  }
  free(s);
}

static void respond(struct server *sv, json_t *id, json_t *result) {
  json_t *m = json_pack("{s:s, s:O, s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(),
                        "result", result ? result : json_null());
  if (m)
    send_json(sv, m);
}

static void respond_error(struct server *sv, json_t *id, int code, const char *message) {
  json_t *m = json_pack("{s:s, s:O, s:{s:i, s:s}}", "jsonrpc", "2.0", "id",
                        id ? id : json_null(), "error", "code", code, "message", message);
  if (m)
    send_json(sv, m);
}

static void notify(struct server *sv, const char *method, json_t *params) {
  json_t *m = json_pack("{s:s, s:s, s:o}", "jsonrpc", "2.0", "method", method, "params", params);
  if (m)
    send_json(sv, m);
}

/* ------------------------------------------------------------ documents */

static bool same_uri(const void *entry, const void *key) {
  return strcmp(((const struct lsp_text *)entry)->uri, (const char *)key) == 0;
}

static struct lsp_text *find_text(struct server *sv, const char *uri) {
  return cb_hashtab_find(&sv->docs, cb_hash_str(uri), same_uri, uri);
}

static int hexval(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The path of a file: URI, percent-decoded; other URIs stand for
   themselves. */
static char *uri_to_path(const char *uri) {
  if (strncmp(uri, "file://", 7) != 0)
    return strdup(uri);
  const char *p = uri + 7;
  if (*p != '/') { /* file://host/path: keep the path */
    const char *slash = strchr(p, '/');
    p = slash ? slash : p + strlen(p);
  }
  char *out = malloc(strlen(p) + 1);
  if (!out)
    return NULL;
  size_t k = 0;
  for (; *p; p++) {
    int h, l;
    if (*p == '%' && (h = hexval((unsigned char)p[1])) >= 0 && (l = hexval((unsigned char)p[2])) >= 0) {
      out[k++] = (char)(h * 16 + l);
      p += 2;
    } else {
      out[k++] = *p;
    }
  }
  out[k] = '\0';
  return out;
}

/* A file:// URI for path (made absolute from the current directory). */
static char *path_to_uri(const char *path) {
  char *abs = NULL;
  if (path[0] != '/') {
    char *cwd = getcwd(NULL, 0);
    if (cwd) {
      abs = malloc(strlen(cwd) + strlen(path) + 2);
      if (abs)
        sprintf(abs, "%s/%s", cwd, path);
      free(cwd);
    }
  }
  const char *p = abs ? abs : path;
  char *out = malloc(7 + 3 * strlen(p) + 1);
  if (out) {
    size_t k = (size_t)sprintf(out, "file://");
    static const char hex[] = "0123456789ABCDEF";
    for (; *p; p++) {
      unsigned char c = (unsigned char)*p;
      if (isalnum(c) || strchr("/-._~", c)) {
        out[k++] = (char)c;
      } else {
        out[k++] = '%';
        out[k++] = hex[c >> 4];
        out[k++] = hex[c & 15];
      }
    }
    out[k] = '\0';
  }
  free(abs);
  return out;
}

static void compute_lines(struct lsp_text *t) {
  free(t->lines);
  size_t n = 1;
  for (size_t i = 0; i < t->len; i++)
    n += t->text[i] == '\n';
  t->lines = malloc(n * sizeof *t->lines);
  t->nlines = 0;
  if (!t->lines)
    return;
  t->lines[t->nlines++] = 0;
  for (size_t i = 0; i < t->len; i++)
    if (t->text[i] == '\n')
      t->lines[t->nlines++] = i + 1;
}

/* Bytes of line l, without its line end. */
static void line_span(const struct lsp_text *t, int l, size_t *start, size_t *end) {
  if (l < 0 || !t->lines || (size_t)l >= t->nlines) {
    *start = *end = t->len;
    return;
  }
  *start = t->lines[l];
  size_t e = (size_t)l + 1 < t->nlines ? t->lines[l + 1] - 1 : t->len;
  if (e > *start && t->text[e - 1] == '\r')
    e--;
  *end = e;
}

/* Length of the UTF-8 sequence led by byte c (1 for a stray byte). */
static size_t seq_len(unsigned char c) {
  return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* The byte column of the client's column ch on line l. */
static int to_byte(const struct server *sv, const struct lsp_text *t, int l, long ch) {
  size_t s, e;
  line_span(t, l, &s, &e);
  if (ch <= 0)
    return 0;
  if (sv->utf8)
    return (int)((size_t)ch < e - s ? (size_t)ch : e - s);
  size_t i = s;
  long units = 0;
  while (i < e && units < ch) {
    size_t k = seq_len((unsigned char)t->text[i]);
    units += k == 4 ? 2 : 1;
    i += k;
  }
  if (i > e)
    i = e;
  return (int)(i - s);
}

/* The client's column of byte column col on line l. */
static long to_client(const struct server *sv, const struct lsp_text *t, int l, int col) {
  if (col <= 0)
    return 0;
  if (!t || !t->text)
    return col;
  size_t s, e;
  line_span(t, l, &s, &e);
  size_t stop = s + (size_t)col;
  if (sv->utf8)
    return (long)col;
  if (stop > e)
    stop = e;
  long units = 0;
  for (size_t i = s; i < stop;) {
    size_t k = seq_len((unsigned char)t->text[i]);
    units += k == 4 ? 2 : 1;
    i += k;
  }
  return units;
}

/* to_client along one document in order: where the last conversion ended,
   so converting every token of a line walks it once, not once a token. */
struct col_cursor {
  int line;    /* -1: none yet */
  size_t byte; /* offset in the text */
  long units;  /* the client's column there */
};

static long to_client_from(const struct server *sv, const struct lsp_text *t, struct col_cursor *c,
                           int l, int col) {
  if (sv->utf8 || col <= 0)
    return col < 0 ? 0 : col;
  size_t s, e;
  line_span(t, l, &s, &e);
  size_t stop = s + (size_t)col;
  if (stop > e)
    stop = e;
  if (c->line != l || c->byte < s || c->byte > stop) {
    c->line = l;
    c->byte = s;
    c->units = 0;
  }
  while (c->byte < stop) {
    size_t k = seq_len((unsigned char)t->text[c->byte]);
    c->units += k == 4 ? 2 : 1;
    c->byte += k;
  }
  return c->units;
}

static json_t *position(const struct server *sv, const struct lsp_text *t, int line, int col) {
  if (line < 0)
    line = 0;
  return json_pack("{s:i, s:I}", "line", line, "character", (json_int_t)to_client(sv, t, line, col));
}

static json_t *range_json(const struct server *sv, const struct lsp_text *t, struct cb_lsp_range r) {
  return json_pack("{s:o, s:o}", "start", position(sv, t, r.line, r.col), "end",
                   position(sv, t, r.end_line, r.end_col));
}

/* The open document whose path is path, or NULL. */
static struct lsp_text *text_of_path(struct server *sv, const char *path) {
  for (size_t i = 0; i < sv->nall; i++)
    if (sv->all[i]->open && strcmp(sv->all[i]->path, path) == 0)
      return sv->all[i];
  return NULL;
}

static json_t *location_json(struct server *sv, const struct lsp_text *self, const char *path,
                             struct cb_lsp_range r) {
  const struct lsp_text *t = path && strcmp(path, self->path) == 0 ? self : text_of_path(sv, path ? path : "");
  char *uri = t ? strdup(t->uri) : path_to_uri(path ? path : "");
  if (!uri)
    return NULL;
  json_t *j = json_pack("{s:s, s:o}", "uri", uri, "range", range_json(sv, t, r));
  free(uri);
  return j;
}

/* ------------------------------------------------------------ diagnostics */

static struct cb_lsp_range loc_range(struct cb_loc loc) {
  struct cb_lsp_range r = {loc.line > 0 ? loc.line - 1 : 0, loc.col > 0 ? loc.col - 1 : 0,
                           loc.end_line > 0 ? loc.end_line - 1 : 0, loc.end_col > 0 ? loc.end_col - 1 : 0};
  if (r.end_line < r.line || (r.end_line == r.line && r.end_col < r.col)) {
    r.end_line = r.line;
    r.end_col = r.col;
  }
  return r;
}

static bool in_doc(const struct lsp_text *t, struct cb_loc loc) {
  return loc.src && loc.src->name && strcmp(loc.src->name, t->path) == 0;
}

static void publish(struct server *sv, struct lsp_text *t) {
  json_t *arr = json_array();
  const struct cb_diags *d = t->doc ? cb_lsp_diagnostics(t->doc) : NULL;
  json_t *last = NULL;
  for (const struct cb_diag *g = d ? d->head : NULL; g; g = g->next) {
    if (g->sev == CB_SEV_NOTE) {
      if (!last)
        continue;
      json_t *rel = json_object_get(last, "relatedInformation");
      if (!rel) {
        rel = json_array();
        json_object_set_new(last, "relatedInformation", rel);
      }
      const char *path = g->loc.src && g->loc.src->name ? g->loc.src->name : t->path;
      json_t *loc = location_json(sv, t, path, loc_range(g->loc));
      if (loc)
        json_array_append_new(rel, json_pack("{s:o, s:s}", "location", loc, "message", g->msg));
      continue;
    }
    struct cb_lsp_range r = loc_range(g->loc);
    json_t *msg;
    json_t *related = NULL;
    if (in_doc(t, g->loc)) {
      msg = json_string(g->msg);
    } else {
      /* a diagnostic of another file (a module, a measures CSV): at the top
         of the document, naming its place, which related information links */
      char *m = NULL;
      const char *name = g->loc.src && g->loc.src->name ? g->loc.src->name : NULL;
      if (name) {
        size_t n = strlen(name) + strlen(g->msg) + 64;
        m = malloc(n);
        if (m)
          snprintf(m, n, "%s:%d:%d : %s", name, g->loc.line, g->loc.col, g->msg);
        json_t *loc = location_json(sv, t, name, r);
        if (loc)
          related = json_pack("[{s:o, s:s}]", "location", loc, "message", g->msg);
      }
      msg = json_string(m ? m : g->msg);
      free(m);
      r = (struct cb_lsp_range){0, 0, 0, 0};
    }
    last = json_pack("{s:o, s:i, s:s, s:s, s:o}", "range", range_json(sv, t, r), "severity",
                     g->sev == CB_SEV_ERROR ? 1 : 2, "code", g->code ? g->code : "", "source",
                     "cible", "message", msg ? msg : json_string(""));
    if (!last)
      continue;
    if (related)
      json_object_set_new(last, "relatedInformation", related);
    json_array_append_new(arr, last);
  }
  notify(sv, "textDocument/publishDiagnostics",
         json_pack("{s:s, s:o}", "uri", t->uri, "diagnostics", arr));
}

static void analyse(struct server *sv, struct lsp_text *t) {
  if (t->doc)
    cb_lsp_doc_free(t->doc);
  t->doc = cb_lsp_analyse(t->path, t->text, t->len, &sv->ws);
  publish(sv, t);
}

static void set_text(struct lsp_text *t, const char *text, size_t len) {
  char *c = malloc(len + 1);
  if (!c)
    return;
  memcpy(c, text, len);
  c[len] = '\0';
  free(t->text);
  t->text = c;
  t->len = len;
  compute_lines(t);
}

/* ------------------------------------------------------------ requests */

static const char *str_at(json_t *o, const char *key) {
  return json_string_value(json_object_get(o, key));
}

/* The open document params.textDocument.uri names, or NULL. */
static struct lsp_text *doc_param(struct server *sv, json_t *params) {
  const char *uri = str_at(json_object_get(params, "textDocument"), "uri");
  struct lsp_text *t = uri ? find_text(sv, uri) : NULL;
  return t && t->open && t->doc ? t : NULL;
}

/* params.position as (line, byte column) of t. */
static bool pos_param(struct server *sv, const struct lsp_text *t, json_t *params, int *line, int *col) {
  json_t *p = json_object_get(params, "position");
  json_t *l = json_object_get(p, "line"), *c = json_object_get(p, "character");
  if (!json_is_integer(l) || !json_is_integer(c))
    return false;
  json_int_t li = json_integer_value(l), ci = json_integer_value(c);
  if (li < 0 || ci < 0 || li > INT_MAX || ci > INT_MAX)
    return false;
  *line = (int)li;
  *col = to_byte(sv, t, (int)li, (long)ci);
  return true;
}

static char *join_root(const char *root, const char *rel) {
  if (rel[0] == '/' || !root)
    return strdup(rel);
  char *s = malloc(strlen(root) + strlen(rel) + 2);
  if (s)
    sprintf(s, "%s/%s", root, rel);
  return s;
}

static json_t *initialize(struct server *sv, json_t *params) {
  /* positionEncoding: utf-8 when the client offers it (LSP 3.17) */
  json_t *encs = json_object_get(json_object_get(json_object_get(params, "capabilities"), "general"),
                                 "positionEncodings");
  size_t i;
  json_t *e;
  json_array_foreach(encs, i, e) if (json_is_string(e) && strcmp(json_string_value(e), "utf-8") == 0)
      sv->utf8 = true;
  char *root = NULL;
  const char *ru = str_at(params, "rootUri");
  if (ru)
    root = uri_to_path(ru);
  else if (str_at(params, "rootPath"))
    root = strdup(str_at(params, "rootPath"));
  json_t *opts = json_object_get(params, "initializationOptions");
  const char *lib = str_at(opts, "stdlib");
  if (lib) {
    free(sv->stdlib_dir);
    sv->stdlib_dir = join_root(root, lib);
  }
  json_t *mes = json_object_get(opts, "mesures");
  json_array_foreach(mes, i, e) {
    if (!json_is_string(e))
      continue;
    char **m = realloc(sv->measures, (sv->nmeasures + 1) * sizeof *m);
    if (!m)
      break;
    sv->measures = m;
    char *p = join_root(root, json_string_value(e));
    if (p)
      sv->measures[sv->nmeasures++] = p;
  }
  free(root);
  sv->ws.stdlib_dir = sv->stdlib_dir;
  sv->ws.measures = (const char **)sv->measures;
  sv->ws.nmeasures = sv->nmeasures;

  static const char *const types[] = CB_LSP_TOKEN_TYPES;
  json_t *legend = json_array();
  for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
    json_array_append_new(legend, json_string(types[k]));
  json_t *caps = json_pack(
      "{s:s, s:{s:b, s:i}, s:b, s:b, s:b, s:{s:[s], s:b}, s:b, s:b,"
      " s:{s:{s:o, s:[]}, s:b}}",
      "positionEncoding", sv->utf8 ? "utf-8" : "utf-16",
      "textDocumentSync", "openClose", 1, "change", 1,
      "hoverProvider", 1, "definitionProvider", 1, "referencesProvider", 1,
      "completionProvider", "triggerCharacters", " ", "resolveProvider", 0,
      "documentFormattingProvider", 1, "documentSymbolProvider", 1,
      "semanticTokensProvider", "legend", "tokenTypes", legend, "tokenModifiers", "full", 1);
  return json_pack("{s:o, s:{s:s, s:s}}", "capabilities", caps, "serverInfo", "name", "cible",
                   "version", CIBLE_VERSION);
}

static json_t *symbols_json(struct server *sv, const struct lsp_text *t, const struct cb_lsp_symbol *s,
                            size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_pack("{s:s, s:i, s:o, s:o}", "name", s[i].name ? s[i].name : "?", "kind",
                          s[i].kind, "range", range_json(sv, t, s[i].range), "selectionRange",
                          range_json(sv, t, s[i].selection));
    if (!o)
      continue;
    if (s[i].detail)
      json_object_set_new(o, "detail", json_string(s[i].detail));
    if (s[i].nchildren)
      json_object_set_new(o, "children", symbols_json(sv, t, s[i].children, s[i].nchildren));
    json_array_append_new(arr, o);
  }
  return arr;
}

static json_t *semantic_tokens(struct server *sv, struct lsp_text *t) {
  size_t n = 0;
  const struct cb_lsp_token *tk = cb_lsp_tokens(t->doc, &n);
  json_t *data = json_array();
  long pline = 0, pchar = 0;
  struct col_cursor cur = {-1, 0, 0};
  for (size_t i = 0; i < n; i++) {
    long ch = to_client_from(sv, t, &cur, tk[i].line, tk[i].col);
    long end = to_client_from(sv, t, &cur, tk[i].line, tk[i].col + tk[i].len);
    if (tk[i].line < pline || (tk[i].line == pline && ch < pchar) || end <= ch)
      continue; /* out of order or empty: never a negative delta */
    long dl = tk[i].line - pline;
    long dc = dl ? ch : ch - pchar;
    json_array_append_new(data, json_integer(dl));
    json_array_append_new(data, json_integer(dc));
    json_array_append_new(data, json_integer(end - ch));
    json_array_append_new(data, json_integer(tk[i].type));
    json_array_append_new(data, json_integer(0));
    pline = tk[i].line;
    pchar = ch;
  }
  return json_pack("{s:o}", "data", data);
}

static json_t *formatting(struct server *sv, struct lsp_text *t) {
  char *f = cb_lsp_format(t->doc);
  if (!f)
    return json_array();
  if (strlen(f) == t->len && memcmp(f, t->text, t->len) == 0) {
    free(f);
    return json_array();
  }
  int last = t->nlines ? (int)t->nlines - 1 : 0;
  size_t s, e;
  line_span(t, last, &s, &e);
  struct cb_lsp_range whole = {0, 0, last, (int)(t->len - s)};
  json_t *edit = json_pack("[{s:o, s:s}]", "range", range_json(sv, t, whole), "newText", f);
  free(f);
  return edit;
}

/* The answer to a request of an initialized server, *code set (and NULL
   returned) for an error. */
static json_t *request(struct server *sv, const char *method, json_t *params, int *code,
                       const char **why) {
  if (strcmp(method, "shutdown") == 0) {
    sv->shutdown = true;
    return json_null();
  }
  bool known = strcmp(method, "textDocument/hover") == 0 || strcmp(method, "textDocument/definition") == 0 ||
               strcmp(method, "textDocument/references") == 0 ||
               strcmp(method, "textDocument/completion") == 0 ||
               strcmp(method, "textDocument/formatting") == 0 ||
               strcmp(method, "textDocument/documentSymbol") == 0 ||
               strcmp(method, "textDocument/semanticTokens/full") == 0;
  if (!known) {
    *code = RPC_METHOD_NOT_FOUND;
    *why = "méthode inconnue";
    return NULL;
  }
  struct lsp_text *t = doc_param(sv, params);
  if (!t) {
    *code = RPC_INVALID_PARAMS;
    *why = "document inconnu (textDocument/didOpen d'abord)";
    return NULL;
  }
  if (strcmp(method, "textDocument/formatting") == 0)
    return formatting(sv, t);
  if (strcmp(method, "textDocument/documentSymbol") == 0) {
    size_t n = 0;
    const struct cb_lsp_symbol *s = cb_lsp_symbols(t->doc, &n);
    return symbols_json(sv, t, s, n);
  }
  if (strcmp(method, "textDocument/semanticTokens/full") == 0)
    return semantic_tokens(sv, t);
  int line, col;
  if (!pos_param(sv, t, params, &line, &col)) {
    *code = RPC_INVALID_PARAMS;
    *why = "position illisible";
    return NULL;
  }
  if (strcmp(method, "textDocument/hover") == 0) {
    struct cb_lsp_range r = {-1, 0, 0, 0};
    const char *md = cb_lsp_hover(t->doc, line, col, &r);
    if (!md)
      return json_null();
    json_t *h = json_pack("{s:{s:s, s:s}}", "contents", "kind", "markdown", "value", md);
    if (h && r.line >= 0)
      json_object_set_new(h, "range", range_json(sv, t, r));
    return h;
  }
  if (strcmp(method, "textDocument/definition") == 0) {
    struct cb_lsp_location loc;
    if (!cb_lsp_definition(t->doc, line, col, &loc))
      return json_null();
    json_t *j = location_json(sv, t, loc.path, loc.range);
    return j ? j : json_null();
  }
  if (strcmp(method, "textDocument/references") == 0) {
    bool decl = json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration"));
    const struct cb_lsp_location *locs = NULL;
    size_t n = cb_lsp_references(t->doc, line, col, decl, &locs);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
      json_t *j = location_json(sv, t, locs[i].path, locs[i].range);
      if (j)
        json_array_append_new(arr, j);
    }
    return arr;
  }
  /* textDocument/completion */
  const struct cb_lsp_item *items = NULL;
  size_t n = cb_lsp_completion(t->doc, line, col, &items);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_pack("{s:s, s:i}", "label", items[i].label ? items[i].label : "", "kind", items[i].kind);
    if (!o)
      continue;
    if (items[i].detail)
      json_object_set_new(o, "detail", json_string(items[i].detail));
    json_array_append_new(arr, o);
  }
  return json_pack("{s:b, s:o}", "isIncomplete", 0, "items", arr);
}

/* Applies one contentChanges entry to t: the whole text, or a range. */
static void apply_change(struct server *sv, struct lsp_text *t, json_t *ch) {
  json_t *text = json_object_get(ch, "text");
  if (!json_is_string(text))
    return;
  const char *s = json_string_value(text);
  size_t n = json_string_length(text);
  json_t *range = json_object_get(ch, "range");
  if (!range) {
    set_text(t, s, n);
    return;
  }
  int off[2];
  const char *ends[2] = {"start", "end"};
  for (int k = 0; k < 2; k++) {
    json_t *p = json_object_get(range, ends[k]);
    json_int_t l = json_integer_value(json_object_get(p, "line"));
    json_int_t c = json_integer_value(json_object_get(p, "character"));
    if (l < 0 || c < 0 || l > INT_MAX || c > INT_MAX)
      return;
    size_t ls, le;
    line_span(t, (int)l, &ls, &le);
    off[k] = (int)(ls + (size_t)to_byte(sv, t, (int)l, (long)c));
  }
  if (off[1] < off[0])
    return;
  size_t a = (size_t)off[0], b = (size_t)off[1];
  size_t len = t->len - (b - a) + n;
  char *c = malloc(len + 1);
  if (!c)
    return;
  memcpy(c, t->text, a);
  memcpy(c + a, s, n);
  memcpy(c + a + n, t->text + b, t->len - b);
  c[len] = '\0';
  free(t->text);
  t->text = c;
  t->len = len;
  compute_lines(t);
}

static void notification(struct server *sv, const char *method, json_t *params) {
  bool open = strcmp(method, "textDocument/didOpen") == 0;
  if (open || strcmp(method, "textDocument/didChange") == 0 ||
      strcmp(method, "textDocument/didClose") == 0) {
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = str_at(td, "uri");
    if (!uri)
      return;
    struct lsp_text *t = find_text(sv, uri);
    if (open) {
      json_t *text = json_object_get(td, "text");
      if (!json_is_string(text))
        return;
      if (!t) {
        t = calloc(1, sizeof *t);
        if (!t)
          return;
        t->uri = strdup(uri);
        t->path = uri_to_path(uri);
        if (!t->uri || !t->path || (sv->nall == sv->capall && !(sv->capall = sv->capall ? 2 * sv->capall : 8))) {
          free(t->uri);
          free(t->path);
          free(t);
          return;
        }
        struct lsp_text **all = realloc(sv->all, sv->capall * sizeof *all);
        if (!all) {
          free(t->uri);
          free(t->path);
          free(t);
          return;
        }
        sv->all = all;
        sv->all[sv->nall++] = t;
        cb_hashtab_add(&sv->docs, cb_hash_str(t->uri), t);
      }
      set_text(t, json_string_value(text), json_string_length(text));
      t->open = t->text != NULL;
      if (t->open)
        analyse(sv, t);
      return;
    }
    if (!t || !t->open)
      return;
    if (strcmp(method, "textDocument/didChange") == 0) {
      json_t *changes = json_object_get(params, "contentChanges");
      size_t i;
      json_t *ch;
      json_array_foreach(changes, i, ch) apply_change(sv, t, ch);
      analyse(sv, t);
      return;
    }
    /* didClose: forget the text, clear the diagnostics */
    t->open = false;
    cb_lsp_doc_free(t->doc);
    t->doc = NULL;
    free(t->text);
    t->text = NULL;
    t->len = 0;
    notify(sv, "textDocument/publishDiagnostics",
           json_pack("{s:s, s:[]}", "uri", t->uri, "diagnostics"));
  }
  /* initialized, $/cancelRequest, workspace/didChangeConfiguration...:
     nothing to do */
}

/* Handles one message; returns -1 to go on, else the exit status. */
static int dispatch(struct server *sv, const char *body, size_t len) {
  json_error_t err;
  json_t *msg = json_loadb(body, len, JSON_DECODE_ANY, &err);
  if (!msg) {
    respond_error(sv, NULL, RPC_PARSE_ERROR, "JSON illisible");
    return -1;
  }
  json_t *id = json_object_get(msg, "id");
  if (id && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id))
    id = NULL;
  json_t *m = json_object_get(msg, "method");
  if (!json_is_object(msg) || (m && !json_is_string(m))) {
    respond_error(sv, id, RPC_INVALID_REQUEST, "requête invalide");
    json_decref(msg);
    return -1;
  }
  if (!m) { /* a response to a request of ours: the server sends none */
    json_decref(msg);
    return -1;
  }
  const char *method = json_string_value(m);
  json_t *params = json_object_get(msg, "params");
  int status = -1;
  if (strcmp(method, "exit") == 0) {
    status = sv->shutdown ? 0 : 1;
  } else if (!id) {
    if (sv->initialized && !sv->shutdown)
      notification(sv, method, params);
  } else if (strcmp(method, "initialize") == 0) {
    if (sv->initialized)
      respond_error(sv, id, RPC_INVALID_REQUEST, "initialize déjà reçu");
    else {
      sv->initialized = true;
      respond(sv, id, initialize(sv, params));
    }
  } else if (!sv->initialized) {
    respond_error(sv, id, RPC_SERVER_NOT_INITIALIZED, "serveur pas encore initialisé (initialize d'abord)");
  } else if (sv->shutdown) {
    respond_error(sv, id, RPC_INVALID_REQUEST, "serveur arrêté (shutdown reçu)");
  } else {
    int code = 0;
    const char *why = NULL;
    json_t *res = request(sv, method, params, &code, &why);
    if (code)
      respond_error(sv, id, code, why);
    else
      respond(sv, id, res);
  }
  json_decref(msg);
  return status;
}

int lsp_serve(FILE *in, FILE *out, FILE *log, const char *stdlib_dir) {
  struct server sv = {.in = in, .out = out, .log = log};
  if (stdlib_dir)
    sv.stdlib_dir = strdup(stdlib_dir);
  sv.ws.stdlib_dir = sv.stdlib_dir;
  cb_hashtab_init(&sv.docs, NULL);
  int status;
  for (;;) {
    if (sv.out_failed) {
      status = 1;
      break;
    }
    char *body = NULL;
    size_t len = 0;
    int r = read_frame(&sv, &body, &len);
    if (r <= 0) {
      status = r == 0 && sv.shutdown ? 0 : 1;
      break;
    }
    status = dispatch(&sv, body, len);
    free(body);
    if (status >= 0)
      break;
  }
  for (size_t i = 0; i < sv.nall; i++) {
    struct lsp_text *t = sv.all[i];
    if (t->doc)
      cb_lsp_doc_free(t->doc);
    free(t->uri);
    free(t->path);
    free(t->text);
    free(t->lines);
    free(t);
  }
  free(sv.all);
  cb_hashtab_free(&sv.docs);
  for (size_t i = 0; i < sv.nmeasures; i++)
    free(sv.measures[i]);
  free(sv.measures);
  free(sv.stdlib_dir);
  return status;
}
