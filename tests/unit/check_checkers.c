/*
 * check_checkers.c - the checker modules of checkers/ (secrets, versions,
 * addresses), loaded through the core's loader as a scan loads them:
 * analyse() on hand-built device documents, and their XPath functions
 * through a libxml2 XPath context.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "analyse.h"
#include "loader.h"
#include "result.h"
#include "xmlsafe.h"
#include "xpathfn.h"

#define CKDIR OTL_BUILDDIR "/checkers/.libs/"

static void on_refuse(void *arg, int level, const char *path, unsigned long line,
                      const char *reason)
{
    (void)arg, (void)level, (void)line;
    fprintf(stderr, "%s: %s\n", path, reason);
}

static struct otl_registry reg;
static xmlDocPtr doc;
static struct otl_devdoc dd;
static xmlXPathContextPtr xp;

static const struct otl_checker *load(const char *name)
{
    char path[512];

    snprintf(path, sizeof path, CKDIR "%s.so", name);
    ck_assert_int_eq(otl_registry_load_file(&reg, path, OTL_PLUGIN_CHECKER, on_refuse, NULL), 0);
    ck_assert_uint_eq(reg.v[reg.n - 1].kind, OTL_PLUGIN_CHECKER);
    ck_assert_str_eq(reg.v[reg.n - 1].checker->name, name);
    return reg.v[reg.n - 1].checker;
}

/* A device document from <facts> text; xp evaluates over it with otl:if
 * (the core's) and the checker's functions. */
static void build_doc(const char *facts)
{
    char buf[8192];

    snprintf(buf, sizeof buf, "<device><facts>%s</facts><raw/></device>", facts);
    doc = otl_xml_read_memory(buf, strlen(buf), "t.xml", NULL, NULL);
    ck_assert_ptr_nonnull(doc);
    dd.doc = doc;
    dd.device = xmlDocGetRootElement(doc);
    dd.facts = dd.device->children;
    dd.raw = dd.facts->next;
    xp = xmlXPathNewContext(doc);
    ck_assert_ptr_nonnull(xp);
    ck_assert_int_eq(otl_fn_register(xp), 0);
    xp->node = dd.device;
}

static void build(const struct otl_checker *ck, const char *facts)
{
    build_doc(facts);
    ck_assert_int_eq(ck->register_xpath(xp), 0);
}

static void setup(void)
{
    otl_registry_init(&reg);
    doc = NULL;
    xp = NULL;
}

static void teardown(void)
{
    if (xp)
        xmlXPathFreeContext(xp);
    if (doc)
        xmlFreeDoc(doc);
    otl_registry_free(&reg);
}

/* string(expr) over the document */
static char *str(const char *expr)
{
    static char out[256];
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, xp);
    xmlChar *s;

    ck_assert_msg(o != NULL, "does not evaluate: %s", expr);
    s = xmlXPathCastToString(o);
    snprintf(out, sizeof out, "%s", (const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    return out;
}

#define ck_xpath(expr, want) ck_assert_str_eq(str(expr), want)

START_TEST(secrets_derived_facts)
{
    const struct otl_checker *ck = load("secrets");

    build(ck, "<system vendor='cisco'/>"
              "<service name='password-encryption' enabled='false'/>"
              "<account name='a' secret-kind='cleartext' known-default='true'/>"
              "<account name='b' secret-kind='scrypt'/>"
              "<account name='c' secret-format='$1$'/>"
              "<enable secret-kind='reversible'/>"
              "<session channel='vty' secret-kind='encrypted'/>"
              "<aaa-server protocol='radius' secret-kind='cleartext'/>"
              "<account name='d' secret-format='9'/>"
              "<account name='e'/>");
    ck_assert_int_eq(ck->analyse(NULL, NULL, &dd), 0);
    ck_xpath("string(facts/account[@name='a']/derived/@secret-strength)", "weak");
    ck_xpath("string(facts/account[@name='a']/@known-default)", "true"); /* the plugin's, kept */
    ck_xpath("string(facts/account[@name='b']/derived/@secret-strength)", "strong");
    ck_xpath("string(facts/account[@name='c']/@secret-kind)", "md5");
    ck_xpath("string(facts/account[@name='c']/derived/@secret-strength)", "weak");
    ck_xpath("string(facts/account[@name='d']/@secret-kind)", "scrypt");
    ck_xpath("string(facts/session/derived/@secret-strength)", "moderate");
    ck_xpath("count(facts/account[@name='e']/derived)", "0");
    /* a, enable (type 7); not the aaa-server: it is no login secret */
    ck_xpath("string(facts/service/derived/@unhashed-secrets)", "2");
    /* the derived facts sit in a child: the fact's own attributes are kept */
    ck_xpath("count(facts/account[@name='a']/@*)", "3");
}
END_TEST

START_TEST(secrets_vendor_and_functions)
{
    const struct otl_checker *ck = load("secrets");

    build(ck, "<system vendor='juniper'/><account name='j' secret-format='$9$abc'/>");
    ck_assert_int_eq(ck->analyse(NULL, NULL, &dd), 0);
    ck_xpath("string(facts/account/@secret-kind)", "reversible"); /* Junos $9$ */
    ck_xpath("otl:secret-kind('$9$x')", "scrypt");                /* Cisco type 9 */
    ck_xpath("otl:secret-kind('$9$x', 'junos')", "reversible");
    ck_xpath("otl:secret-kind('7')", "reversible");
    ck_xpath("otl:secret-kind('0')", "cleartext");
    ck_xpath("otl:secret-kind('4')", "sha256");
    ck_xpath("otl:secret-kind('5')", "md5");
    ck_xpath("otl:secret-kind('6')", "encrypted");
    ck_xpath("otl:secret-kind('8')", "pbkdf2");
    ck_xpath("otl:secret-kind('3')", "unknown");
    ck_xpath("otl:secret-kind('ENC xyz')", "reversible"); /* FortiOS */
    ck_xpath("otl:secret-kind('SH2abc')", "sha256");
    ck_xpath("otl:secret-kind('$6$salt$')", "sha512-crypt");
    ck_xpath("otl:secret-kind('$5$')", "sha256-crypt");
    ck_xpath("otl:secret-kind('$2b$10$')", "bcrypt");
    ck_xpath("otl:secret-kind('-AQ==abc')", "encrypted"); /* PAN-OS */
    ck_xpath("otl:secret-kind('plain')", "cleartext");
    ck_xpath("otl:secret-kind('$$')", "unknown");
    ck_xpath("otl:secret-strength('md5')", "weak");
    ck_xpath("otl:secret-strength('sha512-crypt')", "moderate");
    ck_xpath("otl:secret-strength('bcrypt')", "strong");
    ck_xpath("otl:secret-strength('none')", "none");
    ck_xpath("otl:secret-strength('nonsense')", "");
    ck_assert_ptr_null(xmlXPathEvalExpression((const xmlChar *)"otl:secret-strength()", xp));
}
END_TEST

START_TEST(versions_compare_and_normalise)
{
    const struct otl_checker *ck = load("versions");

    build(ck, "<system version='V04.05.0'/><controller firmware='34.011'/>"
              "<module firmware='none'/><module firmware='15.2(7)E3'/>");
    ck_assert_int_eq(ck->analyse(NULL, NULL, &dd), 0);
    ck_xpath("string(facts/system/derived/@version-normalised)", "4.5.0");
    ck_xpath("string(facts/controller/derived/@firmware-normalised)", "34.11");
    ck_xpath("count(facts/module[1]/derived)", "0");
    ck_xpath("string(facts/module[2]/derived/@firmware-normalised)", "15.2");
    ck_xpath("concat(otl:version-cmp('2.9', '2.10'), ' ', otl:version-cmp('34.11', '34.2'), ' ',"
             " otl:version-cmp('V4.5', '4.5.0'), ' ', otl:version-cmp('v32.02', '32.2'), ' ',"
             " otl:version-cmp('3.5.19.30', '3.5.19'), ' ', otl:version-cmp('1.0', '1.0.1'), ' ',"
             " otl:version-cmp('', '1'), ' ', otl:version-cmp('x', 'y'))",
             "-1 1 0 0 1 -1 NaN NaN");
    ck_xpath("otl:version-cmp(facts/controller/@firmware, '34.2') > 0", "true");
    ck_xpath("otl:version-norm('V2.010.0a')", "2.10.0");
    ck_xpath("otl:version-norm('none')", "");
    ck_assert_ptr_null(xmlXPathEvalExpression((const xmlChar *)"otl:version-cmp('1')", xp));
}
END_TEST

START_TEST(addresses_contain_and_classify)
{
    const struct otl_checker *ck = load("addresses");

    build(ck, "<ntp-server address='10.1.2.3'/><snmp-host address='192.0.2.0/24'/>"
              "<interface name='Vlan1' address='172.16.5.1' mask='255.255.0.0'/>"
              "<log-target host='fe80::1'/><aaa-server address='radius.example'/>"
              "<service name='ssh' address='0.0.0.0/0'/>");
    ck_assert_int_eq(ck->analyse(NULL, NULL, &dd), 0);
    ck_xpath("string(facts/ntp-server/derived/@address-class)", "private host");
    ck_xpath("string(facts/snmp-host/derived/@address-class)", "public");
    ck_xpath("string(facts/interface/derived/@address-class)", "private");
    ck_xpath("string(facts/log-target/derived/@host-class)", "link-local host");
    ck_xpath("count(facts/aaa-server/derived)", "0");
    ck_xpath("string(facts/service/derived/@address-class)", "any");

    ck_xpath("otl:cidr-contains('10.0.0.0/8', '10.200.1.0/24')", "true");
    ck_xpath("otl:cidr-contains('10.0.0.0/8', '11.0.0.1')", "false");
    ck_xpath("otl:cidr-contains('10.0.0.0/24', '10.0.0.0/16')", "false");
    ck_xpath("otl:cidr-contains('10.0.0.0 0.0.0.255', 'host 10.0.0.77')", "true"); /* wildcard */
    ck_xpath("otl:cidr-contains('10.0.0.0 255.255.255.0', '10.0.1.1')", "false"); /* netmask */
    ck_xpath("otl:cidr-contains('any', '2001:db8::1')", "true");
    ck_xpath("otl:cidr-contains('2001:db8::/32', '2001:db8:ffff::/48')", "true");
    ck_xpath("otl:cidr-contains('2001:db8::/33', '2001:db8:8000::1')", "false");
    ck_xpath("otl:cidr-contains('10.0.0.0/8', '::1')", "false");
    ck_xpath("otl:cidr-contains('10.0.0.0/33', '10.0.0.1')", "false");
    ck_xpath("otl:cidr-contains('x', 'any')", "false");
    ck_xpath("otl:addr-class('127.0.0.1')", "loopback host");
    ck_xpath("otl:addr-class('::1')", "loopback host");
    ck_xpath("otl:addr-class('169.254.0.0/16')", "link-local");
    ck_xpath("otl:addr-class('192.168.0.0/16')", "private");
    ck_xpath("otl:addr-class('172.32.0.1')", "public host");
    ck_xpath("otl:addr-class('8.0.0.0/7')", "public broad");
    ck_xpath("otl:addr-class('fd00::/8')", "private broad");
    ck_xpath("otl:addr-class('fd00:0:1::/48')", "private");
    ck_xpath("otl:addr-class('239.1.1.1')", "multicast host");
    ck_xpath("otl:addr-class('10.0.0.0 255.0.255.0')", ""); /* not a mask */
    ck_xpath("otl:addr-class('1.2.3.4/')", "");
    ck_xpath("otl:addr-class('')", "");
}
END_TEST

/* A checker that fails on a document leaves its derived facts missing: the
 * file is read only in part (exit 3), never a clean pass (analyse.c). */
static int analyse_fails(const struct otl_host *host, struct otl_parse_ctx *ctx,
                         struct otl_devdoc *d)
{
    (void)host, (void)ctx, (void)d;
    return -1;
}

START_TEST(failing_checker_makes_file_partial)
{
    static struct otl_checker bad = {OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof bad, "bad", "fails",
                                     NULL, analyse_fails, 0, {0}};
    struct otl_plugin pl;
    struct otl_registry r1 = {&pl, 1, 1};
    struct otl_file f;

    memset(&pl, 0, sizeof pl);
    pl.kind = OTL_PLUGIN_CHECKER;
    pl.checker = &bad;
    memset(&f, 0, sizeof f);
    f.path = strdup("t.cfg");
    f.status = OTL_FILE_OK;
    build_doc("<system hostname='x'/>");
    otl_check_document(&r1, NULL, NULL, &dd, &f);
    ck_assert_int_eq(f.status, OTL_FILE_PARTIAL);
    ck_assert_uint_eq(f.ndiags, 1);
    ck_assert_int_eq(f.diags[0].level, OTL_DIAG_ERROR);
    ck_assert_ptr_nonnull(strstr(f.diags[0].msg, "checker bad failed"));
    otl_file_clear(&f);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("checkers");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, secrets_derived_facts);
    tcase_add_test(tc, secrets_vendor_and_functions);
    tcase_add_test(tc, versions_compare_and_normalise);
    tcase_add_test(tc, addresses_contain_and_classify);
    tcase_add_test(tc, failing_checker_makes_file_partial);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int nf;

    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf == 0 ? 0 : 1;
}
