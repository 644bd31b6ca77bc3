/*
 * atomic_write.c: replacing a file atomically (see atomic_write.h).
 *
 * Owns `fmt -w`'s rewrite: the file (through its symbolic links) is replaced
 * by a temporary file renamed over it, keeping owner, group and mode,
 * refusing read-only and hard-linked files and files changed since they were
 * read; the temporary file is removed on error and on the usual signals.
 */
#define _GNU_SOURCE /* mkstemp, fsync, fchmod, fchown, realpath, st_mtim */

#include "atomic_write.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "sysio.h"

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

const char *cb_write_atomic_error(int err) {
  switch (err) {
  case CB_WRITE_READONLY:
    return "le fichier est en lecture seule (aucun droit d'écriture) : il n'est pas modifié";
  case CB_WRITE_CHANGED:
    return "le fichier a été modifié pendant la mise en forme : il n'est pas modifié, "
           "relancez cible fmt -w";
  case CB_WRITE_LINKS:
    return "le fichier a plusieurs liens physiques, que le remplacer séparerait : il n'est "
           "pas modifié (cible fmt FICHIER écrit la mise en forme sur la sortie)";
  case CB_WRITE_NOT_REGULAR:
    return "ce n'est pas un fichier ordinaire : il n'est pas modifié";
  case CB_WRITE_OWNER:
    return "impossible de garder le propriétaire ou le groupe du fichier : il n'est pas modifié";
  default:
    return cb_errno_text(err);
  }
}

/* Why the file at real (stat st) may not be replaced, or 0. */
static int refusal(const char *real, const struct stat *st, const struct stat *before) {
  if (!S_ISREG(st->st_mode))
    return CB_WRITE_NOT_REGULAR;
  if (before && !unchanged(before, st))
    return CB_WRITE_CHANGED;
  /* root may write anything: the mode's write bits are the owner's wish */
  if ((st->st_mode & 0222) == 0 || access(real, W_OK) != 0)
    return CB_WRITE_READONLY;
  if (st->st_nlink > 1)
    return CB_WRITE_LINKS;
  return 0;
}

/* The handled signals remove the temporary file; those ignored stay so. */
static void catch_signals(struct sigaction old_act[NHANDLED]) {
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
}

static void restore_signals(const struct sigaction old_act[NHANDLED]) {
  for (size_t i = 0; i < NHANDLED; i++)
    if (old_act[i].sa_handler != SIG_IGN)
      sigaction(handled[i], &old_act[i], NULL);
}

/* Writes text to the temporary file fd, gives it the owner, group and mode
   of the original (st), syncs and closes it. 0 or the error. */
static int fill_temp(int fd, const char *text, size_t len, const struct stat *st) {
  int err = 0;
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
  if (!err && (tst.st_uid != st->st_uid || tst.st_gid != st->st_gid) &&
      fchown(fd, st->st_uid, st->st_gid) != 0)
    err = CB_WRITE_OWNER;
  if (!err && fchmod(fd, st->st_mode & 07777) != 0)
    err = errno;
  if (!err && fsync(fd) != 0)
    err = errno;
  if (close(fd) != 0 && !err)
    err = errno;
  return err;
}

/* The new name in the directory of the file name survives a crash too. */
static void sync_dir(char *name) {
  char *slash = strrchr(name, '/');
  if (slash)
    *slash = '\0';
  int dfd = open(!slash ? "." : *name ? name : "/", O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
}

int cb_write_atomic(const char *path, const char *text, size_t len,
                    const struct stat *before) {
  /* the file itself, through any symbolic links: the links stay links */
  char *real = realpath(path, NULL);
  if (!real)
    return errno;
  struct stat st;
  int err = stat(real, &st) == 0 ? refusal(real, &st, before) : errno;
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
  catch_signals(old_act);
  sigset_t mask;
  tmp_name = name;
  block_handled(true, &mask);
  int fd = mkstemp(name);
  if (fd < 0)
    err = errno;
  else
    tmp_live = 1;
  block_handled(false, &mask);
  if (!err)
    err = fill_temp(fd, text, len, &st);
  if (!err)
    test_wait();
  /* an edit made meanwhile is not overwritten */
  struct stat now;
  if (!err && stat(real, &now) != 0)
    err = errno;
  if (!err && !unchanged(&st, &now))
    err = CB_WRITE_CHANGED;
  block_handled(true, &mask);
  if (!err && rename(name, real) != 0)
    err = errno;
  if (err && tmp_live)
    unlink(name);
  tmp_live = 0;
  block_handled(false, &mask);
  restore_signals(old_act);
  if (!err)
    sync_dir(name);
  free(name);
  free(real);
  return err;
}

/* ---- a new file written as it is made (-o) ---------------------------------- */

static struct {
  char *path; /* the file replaced (its symbolic links followed) */
  char *tmp;  /* NULL: path itself is written (not a regular file) */
  int fd;
  struct sigaction old_act[NHANDLED];
} out;

int cb_atomic_open(const char *path, int *fd) {
  struct stat st;
  bool exists = stat(path, &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    int d = open(path, O_WRONLY | O_CLOEXEC);
    if (d < 0)
      return errno;
    out.path = NULL;
    out.tmp = NULL;
    out.fd = *fd = d;
    return 0;
  }
  char *real = exists ? realpath(path, NULL) : cb_xstrndup(path, strlen(path));
  if (!real)
    return errno;
  mode_t mode;
  if (exists) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  struct cb_buf tmp = CB_BUF_INIT;
  const char *slash = strrchr(real, '/');
  if (slash)
    cb_buf_printf(&tmp, "%.*s.cible-XXXXXX", (int)(slash - real + 1), real);
  else
    cb_buf_puts(&tmp, ".cible-XXXXXX");
  char *name = cb_buf_take(&tmp);
  catch_signals(out.old_act);
  sigset_t mask;
  tmp_name = name;
  block_handled(true, &mask);
  int d = mkstemp(name);
  int err = d < 0 ? errno : 0;
  if (!err)
    tmp_live = 1;
  block_handled(false, &mask);
  if (!err && fchmod(d, mode) != 0) {
    err = errno;
    close(d);
  }
  if (err) {
    block_handled(true, &mask);
    if (tmp_live)
      unlink(name);
    tmp_live = 0;
    block_handled(false, &mask);
    restore_signals(out.old_act);
    free(name);
    free(real);
    return err;
  }
  out.path = real;
  out.tmp = name;
  out.fd = *fd = d;
  return 0;
}

int cb_atomic_commit(void) {
  if (!out.tmp) {
    int err = close(out.fd) != 0 ? errno : 0;
    out.fd = -1;
    return err;
  }
  int err = fsync(out.fd) != 0 ? errno : 0;
  if (close(out.fd) != 0 && !err)
    err = errno;
  out.fd = -1;
  sigset_t mask;
  block_handled(true, &mask);
  if (!err && rename(out.tmp, out.path) != 0)
    err = errno;
  if (err && tmp_live)
    unlink(out.tmp);
  tmp_live = 0;
  block_handled(false, &mask);
  restore_signals(out.old_act);
  if (!err)
    sync_dir(out.tmp);
  free(out.tmp);
  free(out.path);
  out.tmp = out.path = NULL;
  return err;
}

void cb_atomic_abort(void) {
  if (!out.tmp) {
    if (out.fd >= 0)
      close(out.fd);
    out.fd = -1;
    return;
  }
  close(out.fd);
  sigset_t mask;
  block_handled(true, &mask);
  if (tmp_live)
    unlink(out.tmp);
  tmp_live = 0;
  block_handled(false, &mask);
  restore_signals(out.old_act);
  free(out.tmp);
  free(out.path);
  out.tmp = out.path = NULL;
  out.fd = -1;
}
