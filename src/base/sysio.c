/*
 * sysio.c: checked writes and French reasons for errno values (sysio.h).
 *
 * Owns the table of French texts for the system errors a user can meet
 * while Cible reads or writes (full disk, closed pipe, permissions, quota,
 * read-only file system…) and the write loop that never loses a short
 * write.
 */
#include "sysio.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

const char *cb_errno_text(int err) {
  switch (err) {
  case ENOSPC:
    return "plus de place sur le disque";
  case EDQUOT:
    return "quota de disque dépassé";
  case EPIPE:
    return "la sortie a été fermée avant la fin (tube rompu)";
  case EACCES:
  case EPERM:
    return "permission refusée";
  case EROFS:
    return "système de fichiers en lecture seule";
  case EIO:
    return "erreur d'entrée-sortie du périphérique";
  case EFBIG:
    return "fichier trop grand";
  case EBADF:
    return "la sortie n'est pas ouverte en écriture";
  case ENOENT:
    return "fichier introuvable";
  case ENOTDIR:
    return "un élément du chemin n'est pas un répertoire";
  case EISDIR:
    return "c'est un répertoire, pas un fichier";
  case ENAMETOOLONG:
    return "nom trop long";
  case ELOOP:
    return "trop de liens symboliques";
  case EXDEV:
    return "le fichier et son répertoire sont sur des systèmes de fichiers différents";
  case ETXTBSY:
    return "fichier en cours d'utilisation";
  case ENOMEM:
    return "mémoire épuisée";
  case EAGAIN:
    return "ressource momentanément indisponible";
  case ECONNRESET:
    return "connexion réinitialisée par l'autre extrémité";
  case EINVAL:
    return "opération impossible sur ce fichier";
  default: {
    static char unknown[48];
    snprintf(unknown, sizeof unknown, "erreur système n° %d", err);
    return unknown;
  }
  }
}

int cb_write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return errno;
    }
    if (w == 0)
      return EIO;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}
