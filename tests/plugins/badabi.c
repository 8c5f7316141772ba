/* badabi.c - a plugin built against another ABI major: must be refused. */
#include "otlint.h"

static int sniff(const struct otl_input *in) { (void)in; return 100; }
static enum otl_parse_status parse(const struct otl_host *h, struct otl_parse_ctx *c,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    (void)h; (void)c; (void)in; (void)dd;
    return OTL_PARSE_FAILED;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    OTL_ABI_MAJOR + 1, 0, sizeof(struct otl_format), "test-badabi", "wrong ABI", OTL_CLASS_OTHER,
    sniff, parse, {NULL}};
