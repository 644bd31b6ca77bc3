/*
 * lsp_server.h: the language server's protocol (lsp_server.c), apart from
 * the command that starts it (cmd_lsp.c) so the fuzz harness
 * (tests/fuzz/fuzz_lsp.c) drives the same framing and dispatch on memory
 * streams.
 */
#ifndef CB_LSP_SERVER_H
#define CB_LSP_SERVER_H

#include <stdio.h>

/* Serves the Language Server Protocol: reads framed JSON-RPC messages from
   in, writes responses and notifications to out, and what goes wrong (a
   malformed frame, a vanished client) as one French line each to log (NULL:
   nowhere). stdlib_dir is the default standard library (NULL: none), which
   initializationOptions.stdlib replaces. Returns the process's exit status:
   0 after `shutdown` then `exit` (or the end of the input after
   `shutdown`), 1 otherwise (exit without shutdown, end of input, a frame
   that cannot be read). */
int lsp_serve(FILE *in, FILE *out, FILE *log, const char *stdlib_dir);

#endif
