/* plcopen-xml.c - placeholder while the plugin is written (issue 3); recognises nothing. */
#include "otlint.h"
#include "plugin-util.h"

static int sniff(const struct otl_input *in)
{
    (void)in;
    return 0;
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    (void)in;
    (void)dd;
    host->diag(ctx, OTL_DIAG_ERROR, 0, "not implemented");
    return OTL_PARSE_FAILED;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_format), "plcopen-xml", "placeholder",
    OTL_CLASS_CONTROLLER, sniff, parse, {0},
};
