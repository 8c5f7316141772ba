/* hios-cli.c - PLACEHOLDER on branch i25-hios only, so that the plugin
 * builds before the CLI reader exists: claims no input, reads none.  The
 * cli helper's hios-cli.c (branch i25-cli) replaces this file at merge. */
#include "hios.h"

int hios_cli_sniff(const struct otl_input *in)
{
    (void)in;
    return 0;
}

enum otl_parse_status hios_cli_parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                     const struct otl_input *in, struct otl_devdoc *dd)
{
    (void)in, (void)dd;
    host->diag(ctx, OTL_DIAG_ERROR, 0, "the HiOS CLI script form is not read by this build");
    return OTL_PARSE_FAILED;
}
