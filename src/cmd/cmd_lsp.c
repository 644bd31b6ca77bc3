/*
 * cmd_lsp.c: `cible lsp`, the language server an editor starts: its
 * options (--stdlib DIR; --stdio, which editors pass, is the only transport
 * and accepted), then the protocol on stdin and stdout (lsp_server.c), what
 * goes wrong on stderr. A client that vanishes (end of input, a closed
 * pipe: SIGPIPE is ignored, the write fails) ends the server; a failed
 * write to stdout makes the status 2, as for every command (cli_finish).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lsp_server.h"

int cmd_lsp(int argc, char **argv) {
  const char *stdlib_opt = NULL;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--stdio") == 0)
      continue;
    if (strcmp(argv[i], "--stdlib") == 0 && i + 1 < argc) {
      if (stdlib_opt)
        return cli_twice_error("--stdlib", stdlib_opt, argv[i + 1]);
      stdlib_opt = argv[++i];
      continue;
    }
    return cli_usage_error("option inconnue pour lsp : %s (--stdlib DOSSIER, --stdio)", argv[i]);
  }
  signal(SIGPIPE, SIG_IGN);
  char *lib = cli_stdlib_dir(stdlib_opt);
  int st = lsp_serve(stdin, stdout, stderr, lib);
  free(lib);
  return st;
}
