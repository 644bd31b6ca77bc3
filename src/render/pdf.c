/*
 * pdf.c: prints an HTML report to PDF with headless Chromium (pdf.h). The
 * page is written to a private temporary directory (under $TMPDIR or
 * /tmp) with Chromium's profile, Chromium is run there without a shell,
 * without network services, sync or first-run pages, and given two minutes;
 * the PDF it writes is read back, checked to start as a PDF does, and the
 * directory removed whatever happened.
 */
#define _GNU_SOURCE /* mkdtemp, nftw */

#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sysio.h"

/* The path of the first of chromium, chromium-browser found in $PATH. */
static char *find_chromium(void) {
  static const char *const names[] = {"chromium", "chromium-browser"};
  const char *path = getenv("PATH");
  if (!path || !*path)
    return NULL;
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    const char *p = path;
    for (;;) {
      const char *e = strchr(p, ':');
      size_t n = e ? (size_t)(e - p) : strlen(p);
      struct cb_buf b = CB_BUF_INIT;
      cb_buf_add(&b, n ? p : ".", n ? n : 1);
      cb_buf_printf(&b, "/%s", names[k]);
      struct stat st;
      if (stat(b.data, &st) == 0 && S_ISREG(st.st_mode) && access(b.data, X_OK) == 0)
        return cb_buf_take(&b);
      cb_buf_free(&b);
      if (!e)
        break;
      p = e + 1;
    }
  }
  return NULL;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  remove(path);
  return 0;
}

static bool write_file(const char *path, const char *data, size_t n) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return false;
  bool ok = cb_write_all(fd, data, n) == 0;
  return close(fd) == 0 && ok;
}

static bool read_file(const char *path, struct cb_buf *out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  char chunk[65536];
  ssize_t r;
  while ((r = read(fd, chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR))
    if (r > 0)
      cb_buf_add(out, chunk, (size_t)r);
  close(fd);
  return r == 0;
}

/* Runs argv; its status, or -1 when it could not be started or ran for
   more than two minutes (then killed). */
static int run(const char *const argv[]) {
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
      dup2(null, STDIN_FILENO);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
    }
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  const struct timespec tick = {0, 50 * 1000 * 1000};
  for (int i = 0; i < 120 * 20; i++) {
    int st;
    pid_t w = waitpid(pid, &st, WNOHANG);
    if (w == pid)
      return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (w < 0 && errno != EINTR)
      return -1;
    nanosleep(&tick, NULL);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  return -1;
}

enum cb_pdf_status cb_pdf_render(const char *html, size_t n, struct cb_buf *pdf,
                                 struct cb_buf *why) {
  char *chromium = find_chromium();
  if (!chromium)
    return CB_PDF_NO_CHROMIUM;
  const char *tmp = getenv("TMPDIR");
  struct cb_buf dir = CB_BUF_INIT;
  cb_buf_printf(&dir, "%s/cible-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir.data)) {
    cb_buf_printf(why, "dossier temporaire impossible à créer (%s) : %s", dir.data,
                  cb_errno_text(errno));
    cb_buf_free(&dir);
    free(chromium);
    return CB_PDF_FAILED;
  }
  struct cb_buf in = CB_BUF_INIT, out = CB_BUF_INIT, prof = CB_BUF_INIT, url = CB_BUF_INIT,
                print = CB_BUF_INIT, udd = CB_BUF_INIT;
  cb_buf_printf(&in, "%s/releve.html", dir.data);
  cb_buf_printf(&out, "%s/releve.pdf", dir.data);
  cb_buf_printf(&prof, "%s/profil", dir.data);
  cb_buf_printf(&url, "file://%s", in.data);
  cb_buf_printf(&print, "--print-to-pdf=%s", out.data);
  cb_buf_printf(&udd, "--user-data-dir=%s", prof.data);
  enum cb_pdf_status st = CB_PDF_FAILED;
  if (!write_file(in.data, html, n)) {
    cb_buf_printf(why, "écriture de %s impossible : %s", in.data, cb_errno_text(errno));
  } else {
    const char *argv[] = {chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    udd.data,
                    print.data,
                    "--no-pdf-header-footer",
                    url.data,
                    NULL};
    int rc = run(argv);
    size_t before = pdf->len;
    if (rc != 0)
      cb_buf_printf(why, "%s s'est arrêté en erreur (statut %d)", chromium, rc);
    else if (!read_file(out.data, pdf) || pdf->len - before < 5 ||
             memcmp(pdf->data + before, "%PDF-", 5) != 0)
      cb_buf_printf(why, "%s n'a pas écrit de PDF", chromium);
    else
      st = CB_PDF_OK;
    if (st != CB_PDF_OK)
      pdf->len = before;
  }
  nftw(dir.data, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  cb_buf_free(&in);
  cb_buf_free(&out);
  cb_buf_free(&prof);
  cb_buf_free(&url);
  cb_buf_free(&print);
  cb_buf_free(&udd);
  cb_buf_free(&dir);
  free(chromium);
  return st;
}
