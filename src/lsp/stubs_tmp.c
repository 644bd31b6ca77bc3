#include "lsp_internal.h"
bool cb_lsp_definition(struct cb_lsp_doc *doc, int line, int col, struct cb_lsp_location *out) { (void)doc; (void)line; (void)col; (void)out; return false; }
size_t cb_lsp_references(struct cb_lsp_doc *doc, int line, int col, bool with_decl, const struct cb_lsp_location **out) { (void)doc; (void)line; (void)col; (void)with_decl; *out = NULL; return 0; }
size_t cb_lsp_completion(struct cb_lsp_doc *doc, int line, int col, const struct cb_lsp_item **out) { (void)doc; (void)line; (void)col; *out = NULL; return 0; }
