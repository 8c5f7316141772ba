/*
 * crash.c - a format plugin that crashes on purpose ("test-crash"), for the
 * crash report test (tests/crash.sh).  A file starting with CRASHSNIFF makes
 * sniff read an unmapped address; one starting with CRASHPARSE is claimed by
 * sniff and makes parse do the same.  Anything else is not claimed.  Not
 * NULL: UBSan would stop at a null load before the signal is raised.
 * SLOWPARSE is claimed and parses for 30 s: a scan to interrupt.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include "otlint.h"

static volatile uintptr_t unmapped = 16;
#define nowhere ((volatile int *)unmapped)

static int sniff(const struct otl_input *in)
{
    if (in->len >= 10 && memcmp(in->data, "CRASHSNIFF", 10) == 0)
        return *nowhere;
    if (in->len >= 9 && memcmp(in->data, "SLOWPARSE", 9) == 0)
        return 100;
    return in->len >= 10 && memcmp(in->data, "CRASHPARSE", 10) == 0 ? 100 : 0;
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    (void)host, (void)ctx, (void)dd;
    if (in->len >= 9 && memcmp(in->data, "SLOWPARSE", 9) == 0) {
        sleep(30);
        return OTL_PARSE_FAILED;
    }
    return (enum otl_parse_status)*nowhere;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_format), "test-crash",
    "crashes on purpose (tests only)", OTL_CLASS_OTHER, sniff, parse, {NULL},
};
