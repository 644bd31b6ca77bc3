/*
 * pdf_out.c: the PDF form of the HTML reports (pdf_out.h): refused on a
 * terminal, else printed by headless Chromium and written out; its absence
 * or failure is a usage error that says what to install or what failed.
 */
#include "pdf_out.h"

#include "buf.h"
#include "cli.h"
#include "pdf.h"

int cli_pdf_refuse_terminal(void) {
  if (cli_output_is_terminal())
    return cli_usage_error("%s", "un PDF ne s'écrit pas sur un terminal : donnez -o FICHIER.pdf "
                                 "ou redirigez la sortie (> releve.pdf)");
  return EXIT_OK;
}

int cli_pdf_output(struct cb_buf *html) {
  struct cb_buf pdf = CB_BUF_INIT, why = CB_BUF_INIT;
  enum cb_pdf_status st = cb_pdf_render(cb_buf_str(html), html->len, &pdf, &why);
  cb_buf_free(html);
  int rc;
  if (st == CB_PDF_NO_CHROMIUM) {
    rc = cli_usage_error("%s", "--format pdf imprime le relevé HTML avec Chromium, introuvable "
                               "(ni chromium ni chromium-browser dans le PATH) : installez le "
                               "paquet chromium (apt-get install chromium), ou écrivez le relevé "
                               "avec --format html et imprimez-le depuis un navigateur");
  } else if (st == CB_PDF_FAILED) {
    rc = cli_usage_error("impression PDF impossible : %s", cb_buf_str(&why));
  } else {
    rc = cli_output(&pdf);
  }
  cb_buf_free(&pdf);
  cb_buf_free(&why);
  return rc;
}
