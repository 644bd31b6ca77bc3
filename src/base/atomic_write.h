/*
 * atomic_write.h: replacing a file by new contents atomically (`fmt -w`,
 * `-o FICHIER`).
 */
#ifndef CB_ATOMIC_WRITE_H
#define CB_ATOMIC_WRITE_H

#include <stddef.h>

struct stat;

/* Refusals of cb_write_atomic (negative, unlike errno values). */
enum {
  CB_WRITE_READONLY = -1,    /* no write bit, or not writable by this user */
  CB_WRITE_CHANGED = -2,     /* changed since it was read (or during the rewrite) */
  CB_WRITE_LINKS = -3,       /* several hard links: a rename would split them */
  CB_WRITE_NOT_REGULAR = -4, /* not a regular file */
  CB_WRITE_OWNER = -5        /* owner or group cannot be kept */
};

/* Replaces the file at path by text atomically. Symbolic links are
   followed: the file they lead to is rewritten, the links stay. A temporary
   file with a short name (.cible-fmt-XXXXXX) in that file's directory is
   written, given the owner, group and mode of the original, fsynced, then
   renamed over it, unless the original changed meanwhile (device, inode,
   size, modification and change times compared with `before`, the stat
   taken before the file was read, when not NULL, and again just before the
   rename). Read-only files, files with several hard links and non-regular
   files are refused. On failure, and on SIGINT, SIGTERM, SIGHUP, SIGQUIT or
   SIGPIPE, the temporary file is removed and path is untouched. Returns 0,
   an errno value or one of the CB_WRITE_ refusals (cb_write_atomic_error says
   it in French). Test hooks: with CIBLE_FMT_TEST_KILL=1 in the
   environment the process kills itself (SIGKILL) halfway through writing
   the temporary file; with CIBLE_FMT_TEST_WAIT=FIFO it reads a byte from
   FIFO once the temporary file is written, before the final check. */
int cb_write_atomic(const char *path, const char *text, size_t len,
                        const struct stat *before);

/* A report written to a file as it is made (`-o FICHIER`), which appears
   whole or not at all. cb_atomic_open makes a temporary file next to path
   (through its symbolic links), with the mode the file has, or 0666 less
   the umask for a new one, and gives its descriptor; cb_atomic_commit syncs
   it and renames it over path; cb_atomic_abort removes it. The handled
   signals remove it too. A path that exists and is not a regular file
   (/dev/null, a pipe) is written directly. One such file at a time.
   Returns 0 or an errno value. */
int cb_atomic_open(const char *path, int *fd);
int cb_atomic_commit(void);
void cb_atomic_abort(void);

/* The French reason for a cb_write_atomic failure. */
const char *cb_write_atomic_error(int err);

#endif /* CB_ATOMIC_WRITE_H */
