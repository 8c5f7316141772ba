/*
 * check_catalog.c - the IEC 62443 requirement catalogs (core/catalog.c and
 * baselines/requirements/NAME.xml).
 *
 * The catalogs are compared row for row with tests/requirements/reference.tsv,
 * the table tests/requirements/derive-reference.py derives from the reference
 * notes (tests/requirements.sh proves the committed table is that output).
 * Then: the counts the reference states, lookups, every requirement the rules
 * reference, and the load errors (file:line) for bad catalogs.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "catalog.h"
#include "otlint.h"
#include "util.h"
#include "xmlsafe.h"
#include "testutil.h"

#define NS_BASELINE "urn:otlint:baseline:1"

static char errs[16384];
static int nerrs;
static struct otl_catalog cat;
static char *tmp;

static void on_err(void *arg, int level, const char *file, unsigned long line, const char *msg)
{
    (void)arg;
    ck_assert_int_eq(level, OTL_DIAG_ERROR); /* loaders report errors only */
    nerrs++;
    snprintf(errs + strlen(errs), sizeof errs - strlen(errs), "%s:%lu: %s\n", file, line, msg);
}

/* $OTL_TOP_SRCDIR (set by TESTS_ENVIRONMENT), else the configured source dir. */
static const char *top(void)
{
    const char *t = getenv("OTL_TOP_SRCDIR");
    return t && *t ? t : OTL_SRCDIR;
}

static char *top_path(const char *rel)
{
    return otl_asprintf("%s/%s", top(), rel);
}

static int load(const char *path)
{
    char *schema = top_path("baselines/schema");
    int rc;

    ck_assert_ptr_nonnull(schema);
    rc = otl_catalog_load(&cat, path, schema, on_err, NULL);
    free(schema);
    return rc;
}

static void load_shipped(void)
{
    char *dir = top_path("baselines/requirements");

    ck_assert_ptr_nonnull(dir);
    ck_assert_msg(load(dir) == 0, "shipped catalogs do not load:\n%s", errs);
    free(dir);
}

static void setup(void)
{
    errs[0] = '\0';
    nerrs = 0;
    otl_catalog_init(&cat);
    tmp = otl_test_mkdtemp();
    ck_assert_ptr_nonnull(tmp);
}

static void teardown(void)
{
    otl_catalog_free(&cat);
    otl_test_rmtree(tmp);
    free(tmp);
}

/* ------------------------------------------------------------ the reference table */

#define NCOLS 10

/* Splits a TSV line in place into exactly NCOLS cells; -1 otherwise. */
static int split_tsv(char *line, char *cell[NCOLS])
{
    int n = 0;

    for (;;) {
        char *tab = strchr(line, '\t');
        if (n == NCOLS)
            return -1;
        cell[n++] = line;
        if (tab == NULL)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return n == NCOLS ? 0 : -1;
}

/* "" in the table is NULL in the catalog. */
static void eq_opt(size_t row, const char *what, const char *want, const char *got)
{
    if (*want == '\0')
        ck_assert_msg(got == NULL, "row %zu: %s is \"%s\", the reference has none", row, what, got);
    else
        ck_assert_msg(got != NULL && strcmp(want, got) == 0, "row %zu: %s is \"%s\", want \"%s\"",
                      row, what, got ? got : "(none)", want);
}

static void check_row(size_t row, char *cell[NCOLS])
{
    const struct otl_req *r = &cat.v[row];
    char num[16];

    ck_assert_msg(strcmp(r->standard, cell[0]) == 0 && strcmp(r->id, cell[1]) == 0,
                  "row %zu: catalog has %s %s, reference has %s %s", row, r->standard, r->id,
                  cell[0], cell[1]);
    snprintf(num, sizeof num, "%d", r->level);
    ck_assert_msg(strcmp(num, cell[2]) == 0, "%s: level %s, want %s", r->id, num, cell[2]);
    eq_opt(row, "parent", cell[3], r->parent >= 0 ? cat.v[r->parent].id : NULL);
    snprintf(num, sizeof num, "%d", r->fr);
    ck_assert_msg(strcmp(num, cell[4]) == 0, "%s: fr %s, want %s", r->id, num, cell[4]);
    snprintf(num, sizeof num, "%d", r->sl);
    ck_assert_msg(strcmp(num, cell[5]) == 0, "%s: sl %s, want %s", r->id, num, cell[5]);
    eq_opt(row, "title", cell[6], r->title);
    eq_opt(row, "confidence", cell[7], r->confidence);
    eq_opt(row, "abbrev", cell[8], r->abbrev);
    eq_opt(row, "note", cell[9], r->note);
    ck_assert_msg(r->file != NULL && r->line > 0, "%s: no file:line", r->id);
}

START_TEST(test_reference_table)
{
    char *path = top_path("tests/requirements/reference.tsv");
    char *text, *line, *next;
    size_t row = 0;

    load_shipped();
    ck_assert_ptr_nonnull(path);
    text = otl_test_read_file(path, NULL);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    for (line = text; line && *line; line = next) {
        char *cell[NCOLS];
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (line[0] == '#')
            continue;
        ck_assert_msg(split_tsv(line, cell) == 0, "%s: row %zu has not %d columns", path, row,
                      NCOLS);
        ck_assert_msg(row < cat.n, "the reference has more rows than the catalogs (%zu)", cat.n);
        check_row(row, cell);
        row++;
    }
    ck_assert_msg(row == cat.n, "the catalogs have %zu entries, the reference %zu", cat.n, row);
    ck_assert_uint_gt(row, 300);
    free(text);
    free(path);
}
END_TEST

START_TEST(test_counts)
{
    size_t i, sr = 0, re = 0, fr = 0;

    load_shipped();
    ck_assert_uint_eq(cat.nstds, 4);
    /* Files load sorted by name. */
    ck_assert_str_eq(cat.stds[0].standard, "IEC 62443-2-1");
    ck_assert_str_eq(cat.stds[1].standard, "IEC 62443-2-4");
    ck_assert_str_eq(cat.stds[2].standard, "IEC 62443-3-3");
    ck_assert_str_eq(cat.stds[3].standard, "IEC 62443-4-2");
    ck_assert_str_eq(cat.stds[2].edition, "2013");
    ck_assert_str_eq(cat.stds[2].title, "System security requirements and security levels");
    for (i = 0; i < cat.n; i++) {
        const struct otl_req *r = &cat.v[i];
        if (strcmp(r->standard, "IEC 62443-3-3") != 0)
            continue;
        fr += r->level == 0;
        sr += r->level == 1;
        re += r->level == 2;
    }
    /* "Counts: 51 SRs and 49 REs." (reference section 1) */
    ck_assert_uint_eq(fr, 7);
    ck_assert_uint_eq(sr, 51);
    ck_assert_uint_eq(re, 49);
}
END_TEST

START_TEST(test_find)
{
    const struct otl_req *r, *p;

    load_shipped();
    r = otl_catalog_find(&cat, "IEC 62443-3-3", "SR 1.1 RE 1");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->sl, 2);
    ck_assert_int_eq(r->fr, 1);
    ck_assert_int_eq(r->level, 2);
    ck_assert_ptr_eq(&cat.v[otl_catalog_index(&cat, r)], r);
    p = &cat.v[r->parent];
    ck_assert_str_eq(p->id, "SR 1.1");
    ck_assert_str_eq(cat.v[p->parent].id, "FR 1");
    ck_assert_str_eq(cat.v[p->parent].abbrev, "IAC");

    r = otl_catalog_find(&cat, "IEC 62443-4-2", "CR 2.11");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->sl, 1); /* one below SR 2.11 */
    ck_assert_int_eq(otl_catalog_find(&cat, "IEC 62443-3-3", "SR 2.11")->sl, 2);
    r = otl_catalog_find(&cat, "IEC 62443-4-2", "HDR 3.2 RE 1");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->confidence, "U");
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-4-2", "EDR 3.2 RE 1"));
    ck_assert_ptr_nonnull(otl_catalog_find(&cat, "IEC 62443-4-2", "EDR 3.10 RE 1"));
    r = otl_catalog_find(&cat, "IEC 62443-2-4", "SP.03.05");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->title, "least functionality (ports, protocols, services)");
    ck_assert_int_eq(r->sl, 0);
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-2-4", "SP.01.01")->title);
    r = otl_catalog_find(&cat, "IEC 62443-2-1", "USER 2.1");
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(cat.v[r->parent].id, "USER 2");
    ck_assert_int_eq(r->fr, 0);
    ck_assert_str_eq(otl_catalog_find(&cat, "IEC 62443-3-3", "SR 3.4")->note,
                     "COR1:2014 touches this row; check against the purchased text");

    /* Unknown ids, ids of another standard, nonsense. */
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", "SR 9.9"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", "SR 1.1 RE 9"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-4-2", "SR 1.1"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", "CR 1.1"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-9-9", "SR 1.1"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", "sr 1.1"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", ""));
    ck_assert_ptr_null(otl_catalog_find(&cat, NULL, "SR 1.1"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", NULL));

    ck_assert_str_eq(otl_standard_short("IEC 62443-3-3"), "3-3");
    ck_assert_str_eq(otl_standard_short("IEC 62443-2-4"), "2-4");
    ck_assert_str_eq(otl_standard_short("ISO 27001"), "ISO 27001");
}
END_TEST

START_TEST(test_empty_catalog)
{
    /* Nothing loaded: lookups answer NULL; free twice is harmless. */
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", "SR 1.1"));
    otl_catalog_free(&cat);
    otl_catalog_free(&cat);
    ck_assert_uint_eq(cat.n, 0);
}
END_TEST

/* ------------------------------------------------------------ the rules' references */

static int is_xml(const char *name)
{
    size_t l = strlen(name);
    return name[0] != '.' && l > 4 && strcmp(name + l - 4, ".xml") == 0;
}

static void xml_fail(void *arg, int level, const char *file, unsigned long line, const char *msg)
{
    (void)level, (void)file;
    ck_abort_msg("%s:%lu: %s", (const char *)arg, line, msg);
}

/* Checks every <ref> below `n`; returns how many it saw. */
static size_t check_refs(xmlNodePtr n, const char *file)
{
    size_t seen = 0;

    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns && xmlStrcmp(n->ns->href, (const xmlChar *)NS_BASELINE) == 0 &&
            xmlStrcmp(n->name, (const xmlChar *)"ref") == 0) {
            xmlChar *std = xmlGetProp(n, (const xmlChar *)"standard");
            xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
            xmlChar *sl = xmlGetProp(n, (const xmlChar *)"sl");
            const struct otl_req *r;
            unsigned long want = 99;

            ck_assert_msg(std && id, "%s:%ld: ref without standard or id", file, xmlGetLineNo(n));
            r = otl_catalog_find(&cat, (const char *)std, (const char *)id);
            ck_assert_msg(r != NULL, "%s:%ld: %s %s is in no catalog", file, xmlGetLineNo(n),
                          (const char *)std, (const char *)id);
            /* Where a rule still restates the SL, it must be the catalog's. */
            if (sl != NULL) {
                ck_assert_int_eq(otl_parse_ulong((const char *)sl, &want), 0);
                ck_assert_msg((unsigned long)r->sl == want,
                              "%s:%ld: %s %s sl=%s, the catalog has %d", file, xmlGetLineNo(n),
                              (const char *)std, (const char *)id, (const char *)sl, r->sl);
            }
            xmlFree(std);
            xmlFree(id);
            xmlFree(sl);
            seen++;
        }
        seen += check_refs(n->children, file);
    }
    return seen;
}

START_TEST(test_rule_refs)
{
    char *dir = top_path("baselines/rules");
    char **files = NULL;
    size_t n = 0, i, refs = 0;

    load_shipped();
    ck_assert_ptr_nonnull(dir);
    ck_assert_int_eq(otl_list_dir(dir, is_xml, NULL, &files, &n), 0);
    ck_assert_uint_gt(n, 0);
    for (i = 0; i < n; i++) {
        xmlDocPtr doc = otl_xml_read_file(files[i], xml_fail, files[i]);
        ck_assert_ptr_nonnull(doc);
        refs += check_refs(xmlDocGetRootElement(doc), files[i]);
        xmlFreeDoc(doc);
    }
    ck_assert_uint_gt(refs, 100);
    otl_free_list(files, n);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------ load errors */

static const char *head33 =
    "<catalog xmlns=\"urn:otlint:requirements:1\" standard=\"IEC 62443-3-3\" edition=\"2013\" "
    "title=\"t\">\n";

/* Writes `name` in the temp dir with head33 (or `head`) + body + "</catalog>". */
static char *write_cat(const char *name, const char *head, const char *body)
{
    char *path = otl_test_path(tmp, name);
    char *text = otl_asprintf("%s%s</catalog>\n", head ? head : head33, body);

    ck_assert_ptr_nonnull(path);
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(otl_test_write_file(path, text, strlen(text)), 0);
    free(text);
    return path;
}

/* Loads a bad catalog: at least one error, `want` reported at path:line
 * (line 0: at some line > 0, where libxml2 decides which), and nothing of
 * the file left in the catalog. */
static void expect_error(const char *body, const char *head, unsigned long line, const char *want)
{
    char *path = write_cat("bad.xml", head, body);
    char *at = line ? otl_asprintf("%s:%lu: ", path, line) : otl_asprintf("%s:", path);
    size_t n0 = cat.n, s0 = cat.nstds;
    const char *hit;

    errs[0] = '\0';
    nerrs = 0;
    ck_assert_int_gt(load(path), 0);
    ck_assert_int_gt(nerrs, 0);
    hit = strstr(errs, at);
    if (line == 0 && hit != NULL)
        ck_assert_msg(hit[strlen(at)] >= '1' && hit[strlen(at)] <= '9', "no line in:\n%s", errs);
    ck_assert_msg(hit != NULL, "no error at %s in:\n%s", at, errs);
    ck_assert_msg(strstr(hit, want) != NULL, "want \"%s\" at %s, got:\n%s", want, at, errs);
    ck_assert_uint_eq(cat.n, n0);
    ck_assert_uint_eq(cat.nstds, s0);
    free(at);
    free(path);
}

START_TEST(test_error_duplicate)
{
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"SR 1.1\" sl=\"1\"/>\n"
                 "  <req id=\"SR 1.2\" sl=\"2\"/>\n"
                 "  <req id=\"SR 1.1\" sl=\"1\"/>\n"
                 "</group>\n",
                 NULL, 5, "duplicate id SR 1.1 in IEC 62443-3-3 (first at line 3)");
}
END_TEST

START_TEST(test_error_re_below_sr)
{
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"SR 1.2\" sl=\"2\">\n"
                 "    <req id=\"SR 1.2 RE 1\" sl=\"1\"/>\n"
                 "  </req>\n"
                 "</group>\n",
                 NULL, 4, "SR 1.2 RE 1: sl 1 is below the sl 2 of SR 1.2");
}
END_TEST

START_TEST(test_error_schema)
{
    /* sl 5 does not exist. */
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"SR 1.1\" sl=\"5\"/>\n"
                 "</group>\n",
                 NULL, 3, "");
    /* Three levels of req. */
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"SR 1.1\" sl=\"1\">\n"
                 "    <req id=\"SR 1.1 RE 1\" sl=\"2\">\n"
                 "      <req id=\"SR 1.1 RE 2\" sl=\"3\"/>\n"
                 "    </req>\n"
                 "  </req>\n"
                 "</group>\n",
                 NULL, 5, "");
    /* An unknown standard. */
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\"/>\n",
                 "<catalog xmlns=\"urn:otlint:requirements:1\" standard=\"IEC 62443-9-9\" "
                 "edition=\"1\" title=\"t\">\n",
                 0, "");
    /* Not well-formed. */
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "<req id=\"SR 1.1\" sl=\"1\">\n</group>\n",
                 NULL, 4, "");
}
END_TEST

START_TEST(test_error_semantic)
{
    /* fr missing on a 3-3 group. */
    expect_error("<group id=\"FR 1\" title=\"g\">\n"
                 "  <req id=\"SR 1.1\" sl=\"1\"/>\n</group>\n", NULL,
                 2, "group FR 1: fr is required in IEC 62443-3-3");
    /* RE without sl. */
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"SR 1.1\" sl=\"1\">\n"
                 "    <req id=\"SR 1.1 RE 1\"/>\n"
                 "  </req>\n"
                 "</group>\n",
                 NULL, 4, "SR 1.1 RE 1: sl is required in IEC 62443-3-3");
    /* An SR in the wrong FR, an RE under the wrong SR, a CR in 3-3. */
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"SR 2.1\" sl=\"1\"/>\n</group>\n",
                 NULL, 3, "SR 2.1 does not belong under FR 1");
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"SR 1.1\" sl=\"1\">\n"
                 "    <req id=\"SR 1.2 RE 1\" sl=\"2\"/>\n"
                 "  </req>\n"
                 "</group>\n",
                 NULL, 4, "SR 1.2 RE 1 does not belong under SR 1.1");
    expect_error("<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                 "  <req id=\"CR 1.1\" sl=\"1\"/>\n</group>\n",
                 NULL, 3, "CR 1.1 does not belong under FR 1");
    expect_error("<group id=\"FR 2\" fr=\"1\" title=\"g\"/>\n", NULL, 2,
                 "group FR 2 does not match fr=\"1\"");
    /* sl on 2-1. */
    expect_error("<group id=\"SPE 1\" title=\"g\">\n  <req id=\"ORG 1\" sl=\"1\"/>\n</group>\n",
                 "<catalog xmlns=\"urn:otlint:requirements:1\" standard=\"IEC 62443-2-1\" "
                 "edition=\"2024\" title=\"t\">\n",
                 3, "ORG 1: IEC 62443-2-1 requirements are not tied to an SL");
}
END_TEST

START_TEST(test_error_twice_and_dirs)
{
    char *good = write_cat("a.xml", NULL,
                           "<group id=\"FR 1\" fr=\"1\" title=\"g\">\n"
                           "  <req id=\"SR 1.1\" sl=\"1\"/>\n"
                           "</group>\n");
    char *at, *sub;
    size_t n;

    ck_assert_msg(load(good) == 0, "%s", errs);
    n = cat.n;
    ck_assert_uint_eq(n, 2);
    /* The same standard again, from another file. */
    expect_error("<group id=\"FR 7\" fr=\"7\" title=\"g\"/>\n", NULL, 1,
                 "IEC 62443-3-3 is already loaded from");
    ck_assert_ptr_nonnull(strstr(errs, good));
    ck_assert_ptr_nonnull(otl_catalog_find(&cat, "IEC 62443-3-3", "SR 1.1"));
    ck_assert_ptr_null(otl_catalog_find(&cat, "IEC 62443-3-3", "FR 7"));

    /* A directory without catalogs, and a missing path. */
    sub = otl_test_path(tmp, "empty");
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    errs[0] = '\0';
    ck_assert_int_gt(load(sub), 0);
    at = otl_asprintf("%s:0: no *.xml", sub);
    ck_assert_msg(strstr(errs, at) != NULL, "%s", errs);
    free(at);
    free(sub);
    sub = otl_test_path(tmp, "missing");
    errs[0] = '\0';
    ck_assert_int_gt(load(sub), 0);
    ck_assert_ptr_nonnull(strstr(errs, sub));
    free(sub);
    ck_assert_uint_eq(cat.n, n);
    free(good);
}
END_TEST

Suite *catalog_suite(void);
Suite *catalog_suite(void)
{
    Suite *s = suite_create("catalog");
    TCase *tc = tcase_create("catalog");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_reference_table);
    tcase_add_test(tc, test_counts);
    tcase_add_test(tc, test_find);
    tcase_add_test(tc, test_empty_catalog);
    tcase_add_test(tc, test_rule_refs);
    tcase_add_test(tc, test_error_duplicate);
    tcase_add_test(tc, test_error_re_below_sr);
    tcase_add_test(tc, test_error_schema);
    tcase_add_test(tc, test_error_semantic);
    tcase_add_test(tc, test_error_twice_and_dirs);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(catalog_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
