/*
 * check_l5xsax.c - rockwell-l5x reads only through host->xml_sax (plugin ABI
 * 1.2): given a host without it (an older core, or one that offers no SAX)
 * it says so and fails the parse, touching neither the document nor the
 * reader entry point.  The built plugin is loaded with dlopen, as the core
 * loads it; the host here is a minimal one of the test's own.
 */
#include <config.h>

#include <check.h>
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otlint.h"

#define PLUGIN OTL_L5X_PLUGIN

static const char l5x[] = "<?xml version=\"1.0\"?>\n"
                          "<RSLogix5000Content SchemaRevision=\"1.0\" TargetType=\"Controller\">\n"
                          "<Controller Use=\"Target\" Name=\"C\"/>\n"
                          "</RSLogix5000Content>\n";

static char said[1024];
static int nerrors, nreader;

static void diag(struct otl_parse_ctx *ctx, enum otl_diag_level level, unsigned long line, const char *fmt,
                 ...)
{
    va_list ap;
    size_t o = strlen(said);

    (void)ctx, (void)line;
    if (level == OTL_DIAG_ERROR)
        nerrors++;
    va_start(ap, fmt);
    vsnprintf(said + o, sizeof said - o, fmt, ap);
    va_end(ap);
}

static struct _xmlTextReader *no_reader(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len)
{
    (void)ctx, (void)data, (void)len;
    nreader++;
    return NULL;
}

static const struct otl_format *plugin(void **handle)
{
    const struct otl_format *fmt;

    *handle = dlopen(PLUGIN, RTLD_NOW | RTLD_LOCAL);
    ck_assert_msg(*handle != NULL, "dlopen %s: %s", PLUGIN, dlerror());
    fmt = dlsym(*handle, OTL_FORMAT_SYMBOL);
    ck_assert_ptr_nonnull(fmt);
    ck_assert_str_eq(fmt->name, "rockwell-l5x");
    return fmt;
}

/* parse with a host of ABI minor `minor` that has no xml_sax */
static void refused(uint32_t minor)
{
    struct otl_host host;
    struct otl_input in = {"t.L5X", (const unsigned char *)l5x, sizeof l5x - 1};
    void *handle;
    const struct otl_format *fmt = plugin(&handle);

    memset(&host, 0, sizeof host);
    host.abi_major = OTL_ABI_MAJOR;
    host.abi_minor = minor;
    host.size = sizeof host;
    host.diag = diag;
    host.max_line_len = 65536;
    host.max_depth = 256;
    host.max_nodes = 1000000;
    host.xml_reader = no_reader;
    said[0] = '\0';
    nerrors = nreader = 0;
    ck_assert_int_eq(fmt->sniff(&in), 100);
    /* ctx and dd are the core's; a refusal must not touch them */
    ck_assert_int_eq(fmt->parse(&host, NULL, &in, NULL), OTL_PARSE_FAILED);
    ck_assert_int_eq(nerrors, 1);
    ck_assert_int_eq(nreader, 0);
    ck_assert_msg(strstr(said, "no SAX parse") != NULL, "said: %s", said);
    dlclose(handle);
}

START_TEST(abi_1_1_host_refused)
{
    refused(1);
}
END_TEST

START_TEST(abi_1_2_host_without_sax_refused)
{
    refused(2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rockwell-l5x host");
    TCase *tc = tcase_create("no SAX");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, abi_1_1_host_refused);
    tcase_add_test(tc, abi_1_2_host_without_sax_refused);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
