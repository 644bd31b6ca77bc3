/*
 * sysio.h: checked writes and the French reason of a system error.
 *
 * Every byte Cible writes (reports on stdout, files rewritten by fmt -w)
 * goes through a checked call: a short or failed write is an error the
 * caller reports, never a silently truncated output. The reasons are French
 * (strerror is not).
 */
#ifndef CB_SYSIO_H
#define CB_SYSIO_H

#include <stddef.h>

/* The reason for errno value err in French: "plus de place sur le disque",
   "la sortie a été fermée (tube rompu)", … ; for a value without its own
   text, "erreur système n° N". The string is static (valid until the next
   call for an unknown value). */
const char *cb_errno_text(int err);

/* Writes n bytes of p to fd, retrying short writes and EINTR. Returns 0 or
   the errno value of the failure. */
int cb_write_all(int fd, const char *p, size_t n);

#endif
