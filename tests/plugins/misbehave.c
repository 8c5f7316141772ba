/*
 * misbehave.c - a format plugin that misbehaves on purpose
 * ("test-misbehave"), for tests/hostile/plugins.sh.  It claims a file that
 * starts with MISBEHAVE and does what the next word says:
 *   exit, _exit, _Exit   calls that function with status 0
 *   errx, quick_exit     errx(0, ...), quick_exit(0): the C library's own exit
 *   status77             returns 77, no value of enum otl_parse_status
 *   spin                 loops forever without calling back
 *   overflow             recurses until the stack overflows
 *   readloop             reads its lines with the SDK's reader over and
 *                        over (a parse that takes forever but asks the clock,
 *                        as the SDK does every OTLP_CHECK_LINES lines), until
 *                        the reader says the time limit is spent; at most
 *                        10 minutes
 *   ok                   parses: one statement, recognised
 */
#include <err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "otlint.h"
#include "otlint-plugin.h"
#include <time.h>

static int is(const struct otl_input *in, const char *what)
{
    size_t n = strlen(what);

    return in->len >= 10 + n && memcmp(in->data + 10, what, n) == 0 &&
           (in->len == 10 + n || in->data[10 + n] == '\n');
}

static int sniff(const struct otl_input *in)
{
    return in->len >= 10 && memcmp(in->data, "MISBEHAVE ", 10) == 0 ? 100 : 0;
}

static volatile unsigned long sink;
static volatile unsigned long bottom = ~0ul; /* never reached: no warning */

/* Not a tail call, not folded away: each frame keeps a buffer. */
__attribute__((noinline)) static unsigned long deeper(unsigned long n)
{
    volatile char buf[1024];

    buf[n % sizeof buf] = (char)n;
    if (n == bottom)
        return 0;
    return deeper(n + 1) + buf[(n + 7) % sizeof buf];
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    xmlNodePtr sys;

    if (is(in, "exit"))
        exit(0);
    if (is(in, "_exit"))
        _exit(0);
    if (is(in, "_Exit"))
        _Exit(0);
    if (is(in, "errx"))
        errx(0, "misbehave: errx");
    if (is(in, "quick_exit"))
        quick_exit(0);
    if (is(in, "status77"))
        return (enum otl_parse_status)77;
    if (is(in, "spin"))
        for (;;)
            sink++;
    if (is(in, "overflow"))
        sink = deeper(0);
    if (is(in, "readloop")) {
        struct otlp_doc doc;
        struct otlp_reader rd;
        struct otlp_line ln;
        time_t t0 = time(NULL);
        otlp_doc_init(&doc, host, ctx, dd);
        do {
            otlp_reader_init(&rd, in);
            while (otlp_next_line(&rd, &ln))
                sink += ln.len;
        } while (!otlp_reader_expired(&rd) && time(NULL) - t0 < 600);
        return OTL_PARSE_OK; /* the core makes it limit */
    }
    sys = xmlNewChild(dd->facts, NULL, (const xmlChar *)"system", NULL);
    if (sys == NULL)
        return OTL_PARSE_NOMEM;
    xmlSetProp(sys, (const xmlChar *)"statements", (const xmlChar *)"1");
    xmlSetProp(sys, (const xmlChar *)"parse-coverage", (const xmlChar *)"1");
    return OTL_PARSE_OK;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_format), "test-misbehave",
    "misbehaves on purpose (tests only)", OTL_CLASS_OTHER, sniff, parse, {NULL},
};
