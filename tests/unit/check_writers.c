/*
 * check_writers.c - the result model helpers and the four writers.
 *
 * One hand-built scan (fixture_new) exercises everything a writer must get
 * right: two files (one evaluated with every rule state, one unreadable with
 * an error diagnostic), rules with IEC 62443 references, a finding whose
 * message holds quotes, backslashes, control characters, an ESC sequence and
 * ill-formed UTF-8, and a waived finding.  The expected numbers below follow
 * from the fixture; if you change it, recount.
 *
 * fixture_rollup adds what issue 4 brought: a small hand-built requirement
 * catalog, SL-T 2, roll-ups of two devices and of the scan, a third file (a
 * controller whose name is a CSV formula), and three waivers (one that
 * waives the SNMP finding, one expired, one that matched nothing).
 */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "write-util.h"

#include "catalog.h"
#include "otlint.h"
#include "result.h"
#include "rollup.h"
#include "testutil.h"
#include "waiver.h"
#include "xmlsafe.h"

/* ------------------------------------------------------------ fixture */

#define NASTY_MSG "say \"hi\" back\\slash \x01\x1b[31mred\x7f bad\xff\xfe end"
/* NASTY_MSG after otl_utf8_clean: 0xFF and 0xFE become one U+FFFD each. */
#define NASTY_CLEAN "say \"hi\" back\\slash \x01\x1b[31mred\x7f bad\xEF\xBF\xBD\xEF\xBF\xBD end"
#define FILE1 "examples/sw 1.cfg"
#define FILE2 "./examples/plc.L5X"
#define FP1 "00112233445566778899aabbccddeeff"
#define FP2 "ffeeddccbbaa99887766554433221100"
#define FP3 "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"

enum { R_TELNET, R_SNMP, R_BANNER, R_NTP, R_LOG, R_SNMPV3, NRULES };

static struct otl_ref telnet_refs[] = {
    {"IEC 62443-3-3", "SR 4.1", 1, NULL},
    {"IEC 62443-4-2", "CR 4.1", 1, NULL},
};
static struct otl_ref snmp_refs[] = {{"IEC 62443-3-3", "SR 1.5", 1, NULL}};
static char *telnet_tags[] = {"management", "cleartext"};

static struct otl_rule rules[NRULES] = {
    [R_TELNET] = {.id = "NET-SVC-TELNET", .title = "Telnet management enabled",
                  .severity = OTL_SEV_HIGH,
                  .classes = OTL_CLASS_SWITCH | OTL_CLASS_ROUTER | OTL_CLASS_FIREWALL,
                  .tags = telnet_tags, .ntags = 2,
                  .rationale = "Telnet carries credentials in cleartext.",
                  .fix = "transport input ssh", .source = "CIS 1.2.2",
                  .refs = telnet_refs, .nrefs = 2},
    [R_SNMP] = {.id = "NET-SNMP-DEFAULT", .title = "Default SNMP community",
                .severity = OTL_SEV_CRITICAL, .classes = OTL_CLASS_SWITCH,
                .refs = snmp_refs, .nrefs = 1},
    [R_BANNER] = {.id = "NET-BANNER", .title = "No login banner", .severity = OTL_SEV_LOW,
                  .classes = OTL_CLASS_SWITCH},
    [R_NTP] = {.id = "NET-NTP-AUTH", .title = "NTP not authenticated",
               .severity = OTL_SEV_MEDIUM, .classes = OTL_CLASS_SWITCH},
    [R_LOG] = {.id = "NET-LOG-REMOTE", .title = "No remote logging", .severity = OTL_SEV_INFO,
               .classes = OTL_CLASS_OTHER},
    [R_SNMPV3] = {.id = "NET-SNMP-V3", .title = "", .severity = OTL_SEV_MEDIUM,
                  .classes = OTL_CLASS_CONTROLLER},
};
static const struct otl_rule *selected[NRULES];

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    ck_assert_ptr_nonnull(d);
    return d;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    ck_assert_ptr_nonnull(p);
    return p;
}

static void fixture_new(struct otl_scan *scan)
{
    struct otl_file *f;

    for (int i = 0; i < NRULES; i++)
        selected[i] = &rules[i];
    /* fixture_rollup changes these; undo it (tests may run unforked). */
    telnet_refs[0].req = telnet_refs[1].req = snmp_refs[0].req = NULL;
    rules[R_BANNER].refs = NULL;
    rules[R_BANNER].nrefs = 0;
    memset(scan, 0, sizeof *scan);
    scan->selected = selected;
    scan->nselected = NRULES;
    scan->profile = "default";
    scan->fail_on = OTL_SEV_HIGH;
    scan->nfiles = 2;
    scan->files = xcalloc(2, sizeof *scan->files);

    /* File 1: evaluated, one result in every state. */
    f = &scan->files[0];
    f->path = xstrdup(FILE1);
    f->format = "cisco-ios";
    f->device = xstrdup("sw1");
    f->classes = OTL_CLASS_SWITCH;
    f->status = OTL_FILE_OK;
    f->coverage = 0.9;
    f->ndiags = 1;
    f->diags = xcalloc(1, sizeof *f->diags);
    f->diags[0] = (struct otl_diag){OTL_DIAG_WARNING, 3, xstrdup("unknown statement 'foo'")};
    f->nresults = NRULES;
    f->results = xcalloc(NRULES, sizeof *f->results);
    f->results[0] = (struct otl_rule_result){&rules[R_TELNET], OTL_STATE_FAIL, NULL, 2, 0};
    f->results[1] = (struct otl_rule_result){&rules[R_SNMP], OTL_STATE_WAIVED,
                                             xstrdup("lab switch, isolated"), 1, 0};
    f->results[2] = (struct otl_rule_result){&rules[R_BANNER], OTL_STATE_PASS, NULL, 0, 0};
    f->results[3] = (struct otl_rule_result){&rules[R_NTP], OTL_STATE_NOTEVALUABLE,
                                             xstrdup("no ntp facts"), 0, 0};
    f->results[4] = (struct otl_rule_result){&rules[R_LOG], OTL_STATE_ERROR,
                                             xstrdup("regex match limit"), 0, 0};
    f->results[5] = (struct otl_rule_result){&rules[R_SNMPV3], OTL_STATE_NOTAPPLICABLE,
                                             xstrdup("no SNMP"), 0, 0};
    f->nfindings = 3;
    f->findings = xcalloc(3, sizeof *f->findings);
    f->findings[0] = (struct otl_finding){&rules[R_TELNET], OTL_STATE_FAIL, 12,
                                          xstrdup("vty 0-4 accepts telnet"),
                                          xstrdup("line vty 0 4 / transport input telnet"),
                                          xstrdup("session[vty 0 4]"), FP1, NULL};
    f->findings[1] = (struct otl_finding){&rules[R_TELNET], OTL_STATE_FAIL, 14,
                                          xstrdup(NASTY_MSG), xstrdup("evi\xc3\x28" "dence"),
                                          xstrdup("session[con 0]"), FP2, NULL};
    f->findings[2] = (struct otl_finding){&rules[R_SNMP], OTL_STATE_WAIVED, 20,
                                          xstrdup("community public"), NULL, NULL, FP3,
                                          NULL};

    /* File 2: could not be read. */
    f = &scan->files[1];
    f->path = xstrdup(FILE2);
    f->device = xstrdup("plc.L5X");
    f->status = OTL_FILE_UNREADABLE;
    f->coverage = -1;
    f->ndiags = 1;
    f->diags = xcalloc(1, sizeof *f->diags);
    f->diags[0] = (struct otl_diag){OTL_DIAG_ERROR, 0, xstrdup("cannot open: Permission denied")};
}

/* ------------------------------------------------------------ roll-up fixture */

#define STD33 "IEC 62443-3-3"
#define STD42 "IEC 62443-4-2"
#define STD21 "IEC 62443-2-1"
#define FILE3 "examples/plc2.L5X"
/* A device name that a spreadsheet would run as a formula, with a comma
 * and quotes so that CSV must quote it too. */
#define EVIL_DEV "=HYPERLINK(\"http://x\",\"y\")"

enum {
    C_FR1, C_SR11, C_SR11RE1, C_SR15, C_FR4, C_SR41, C_CR41, C_EDR310, C_NET1, NCAT
};

static struct otl_req catalog_v[NCAT] = {
    [C_FR1] = {STD33, "FR 1", "Identification and authentication control", "IAC", "V", NULL, 0,
               -1, 1, 0, "iec62443-3-3.xml", 5},
    [C_SR11] = {STD33, "SR 1.1", "Human user identification and authentication", NULL, "V", NULL,
                1, C_FR1, 1, 1, "iec62443-3-3.xml", 6},
    [C_SR11RE1] = {STD33, "SR 1.1 RE 1", "Unique identification and authentication", NULL, "V",
                   NULL, 2, C_SR11, 1, 2, "iec62443-3-3.xml", 7},
    [C_SR15] = {STD33, "SR 1.5", "Authenticator management", NULL, "V", NULL, 1, C_FR1, 1, 1,
                "iec62443-3-3.xml", 9},
    [C_FR4] = {STD33, "FR 4", "Data confidentiality", "DC", "V", NULL, 0, -1, 4, 0,
               "iec62443-3-3.xml", 20},
    [C_SR41] = {STD33, "SR 4.1", "Information confidentiality", NULL, "V", NULL, 1, C_FR4, 4, 1,
                "iec62443-3-3.xml", 21},
    [C_CR41] = {STD42, "CR 4.1", "Information confidentiality", NULL, "V", NULL, 1, -1, 4, 1,
                "iec62443-4-2.xml", 30},
    [C_EDR310] = {STD42, "EDR 3.10", "Support for updates", NULL, "V", NULL, 1, -1, 3, 1,
                  "iec62443-4-2.xml", 31},
    /* No title, no FR, no SL: the nulls of the JSON. */
    [C_NET1] = {STD21, "NET 1", NULL, NULL, "U", NULL, 1, -1, 0, 0, "iec62443-2-1.xml", 8},
};
static struct otl_catalog_std catalog_stds[] = {
    {STD33, "2013", "System security requirements and security levels", "iec62443-3-3.xml"},
    {STD42, "2019", "Technical security requirements for IACS components", "iec62443-4-2.xml"},
    {STD21, "2024", "Security program requirements for IACS asset owners", "iec62443-2-1.xml"},
};
static struct otl_catalog catalog = {catalog_v, NCAT, catalog_stds, 3, NULL};

/* NET-BANNER references SR 1.1 twice (SARIF relationships must stay
 * unique) and an id the catalog does not have (it still gets a taxon). */
static struct otl_ref banner_refs[] = {
    {STD33, "SR 1.1", 1, NULL},
    {STD33, "SR 1.1", 1, NULL},
    {STD33, "SR 9.9", 0, NULL},
    {STD21, "NET 1", 0, NULL},
};

enum { W_SNMP, W_EXPIRED, W_UNMATCHED, NWAIVERS };
static struct otl_waiver waiver_v[NWAIVERS] = {
    [W_SNMP] = {"NET-SNMP-DEFAULT", "sw*", NULL, "lab switch, isolated", "J. Ortega, integrator",
                "ACL on the SNMP port", "2027-03-31", "waivers.xml", 3, 0, 1, 0},
    [W_EXPIRED] = {"NET-SVC-TELNET", "bl1-*", FP1, "legacy HMI", "Ops", NULL, "2024-01-31",
                   "waivers.xml", 9, 1, 0, 2},
    [W_UNMATCHED] = {"NET-BANNER", "sw9", NULL, "spare", "QA", NULL, "2027-12-31", "waivers.xml",
                     14, 0, 0, 0},
};
static struct otl_waivers waivers = {waiver_v, NWAIVERS, "2026-06-01", 0};

/* A malloc'ed array of n indices (otl_rollup_free frees it). */
static size_t *idx_list(size_t n, const size_t *v)
{
    size_t *a;

    if (n == 0)
        return NULL;
    a = xcalloc(n, sizeof *a);
    memcpy(a, v, n * sizeof *a);
    return a;
}

struct row {
    int cat;
    enum otl_req_status status;
    size_t nrules;
    size_t rules[2];
};

static struct otl_rollup *rollup_new(const struct row *rows, size_t n)
{
    struct otl_rollup *ru = xcalloc(1, sizeof *ru);

    ru->reqs = xcalloc(n, sizeof *ru->reqs);
    ru->nreqs = n;
    ru->ndevices = 1;
    for (size_t i = 0; i < n; i++) {
        ru->reqs[i].req = &catalog_v[rows[i].cat];
        ru->reqs[i].status = rows[i].status;
        ru->reqs[i].nrules = rows[i].nrules;
        ru->reqs[i].rules = idx_list(rows[i].nrules, rows[i].rules);
    }
    return ru;
}

static void set_fr(struct otl_rollup *ru, int k, int achieved, int ceiling, size_t nlim,
                   const size_t *lim)
{
    ru->fr[k].target = 2;
    ru->fr[k].achieved = achieved;
    ru->fr[k].ceiling = ceiling;
    ru->fr[k].nlimited_by = nlim;
    ru->fr[k].limited_by = idx_list(nlim, lim);
}

static void fixture_rollup(struct otl_scan *scan)
{
    /* sw1: results are R_TELNET fail, R_SNMP waived, ... R_NTP notevaluable (index 3). */
    static const struct row sw1[] = {
        {C_SR11, OTL_REQ_NOTASSESSABLE, 0, {0}},    {C_SR11RE1, OTL_REQ_NOTASSESSABLE, 0, {0}},
        {C_SR15, OTL_REQ_WAIVED, 1, {1}},           {C_SR41, OTL_REQ_NOTSATISFIED, 1, {0}},
        {C_CR41, OTL_REQ_NOTSATISFIED, 1, {0}},     {C_NET1, OTL_REQ_NOTEVALUABLE, 2, {3, 2}},
    };
    /* The controller: no RE, no SR 1.5, no CR 4.1 in scope; EDR 3.10 is. */
    static const struct row plc[] = {
        {C_SR11, OTL_REQ_SATISFIED, 1, {0}},
        {C_SR41, OTL_REQ_NOTAPPLICABLE, 1, {0}},
        {C_EDR310, OTL_REQ_NOTASSESSABLE, 0, {0}},
        {C_NET1, OTL_REQ_SATISFIED, 1, {0}},
    };
    static const struct row all[] = {
        {C_SR11, OTL_REQ_NOTASSESSABLE, 0, {0}}, {C_SR11RE1, OTL_REQ_NOTASSESSABLE, 0, {0}},
        {C_SR15, OTL_REQ_WAIVED, 0, {0}},        {C_SR41, OTL_REQ_NOTSATISFIED, 0, {0}},
        {C_CR41, OTL_REQ_NOTSATISFIED, 0, {0}},  {C_EDR310, OTL_REQ_NOTASSESSABLE, 0, {0}},
        {C_NET1, OTL_REQ_NOTEVALUABLE, 0, {0}},
    };
    static const size_t lim_fr1[] = {0, 1, 2}, lim_fr4[] = {3}, lim_all4[] = {3};
    struct otl_file *f;
    struct otl_rollup *ru;

    fixture_new(scan);
    rules[R_TELNET].refs[0].req = &catalog_v[C_SR41];
    rules[R_TELNET].refs[1].req = &catalog_v[C_CR41];
    rules[R_SNMP].refs[0].req = &catalog_v[C_SR15];
    banner_refs[0].req = banner_refs[1].req = &catalog_v[C_SR11];
    banner_refs[3].req = &catalog_v[C_NET1];
    rules[R_BANNER].refs = banner_refs;
    rules[R_BANNER].nrefs = 4;
    scan->catalog = &catalog;
    scan->target_sl = 2;
    scan->waivers = &waivers;
    scan->profile = "iec62443-sl2";
    scan->files[0].findings[2].waiver = &waiver_v[W_SNMP];

    /* sw1: FR1 limited by SR 1.1, its RE and SR 1.5; FR4 by SR 4.1.  FR2
     * and FR5 show a ceiling above what is achieved. */
    ru = scan->files[0].rollup = rollup_new(sw1, sizeof sw1 / sizeof *sw1);
    set_fr(ru, 0, 0, 0, 3, lim_fr1);
    set_fr(ru, 1, 1, 2, 0, NULL);
    set_fr(ru, 2, 2, 2, 0, NULL);
    set_fr(ru, 3, 0, 0, 1, lim_fr4);
    set_fr(ru, 4, 0, 1, 0, NULL);
    set_fr(ru, 5, 2, 2, 0, NULL);
    set_fr(ru, 6, 1, 1, 0, NULL);

    /* File 3: a controller, evaluated, one rule that passed. */
    scan->files = realloc(scan->files, 3 * sizeof *scan->files);
    ck_assert_ptr_nonnull(scan->files);
    scan->nfiles = 3;
    f = &scan->files[2];
    memset(f, 0, sizeof *f);
    f->path = xstrdup(FILE3);
    f->format = "rockwell-l5x";
    f->device = xstrdup(EVIL_DEV);
    f->classes = OTL_CLASS_CONTROLLER;
    f->status = OTL_FILE_OK;
    f->coverage = 1.0;
    f->nresults = 1;
    f->results = xcalloc(1, sizeof *f->results);
    f->results[0] = (struct otl_rule_result){&rules[R_SNMPV3], OTL_STATE_PASS, NULL, 0, 0};
    ru = f->rollup = rollup_new(plc, sizeof plc / sizeof *plc);
    for (int k = 0; k < 7; k++)
        set_fr(ru, k, 2, 2, 0, NULL);

    ru = scan->rollup = rollup_new(all, sizeof all / sizeof *all);
    ru->ndevices = 2;
    for (size_t i = 0; i < ru->nreqs; i++)
        ru->reqs[i].ndevices[ru->reqs[i].status] = 1;
    ru->reqs[0].ndevices[OTL_REQ_SATISFIED] = 1;     /* SR 1.1 on the controller */
    ru->reqs[3].ndevices[OTL_REQ_NOTAPPLICABLE] = 1; /* SR 4.1 on the controller */
    ru->reqs[6].ndevices[OTL_REQ_SATISFIED] = 1;     /* NET 1 on the controller */
    set_fr(ru, 0, 0, 0, 0, NULL);
    set_fr(ru, 1, 1, 2, 0, NULL);
    set_fr(ru, 2, 2, 2, 0, NULL);
    set_fr(ru, 3, 0, 0, 1, lim_all4);
    set_fr(ru, 4, 0, 1, 0, NULL);
    set_fr(ru, 5, 2, 2, 0, NULL);
    set_fr(ru, 6, 1, 1, 0, NULL);
}

/* Run a writer into memory.  Caller frees. */
static char *capture(const char *format, const struct otl_scan *scan, int color, int quiet)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;

    ck_assert_ptr_nonnull(f);
    if (strcmp(format, "text") == 0)
        rc = otl_write_text(f, scan, color, quiet);
    else if (strcmp(format, "json") == 0)
        rc = otl_write_json(f, scan);
    else if (strcmp(format, "sarif") == 0)
        rc = otl_write_sarif(f, scan);
    else if (strcmp(format, "junit") == 0)
        rc = otl_write_junit(f, scan);
    else if (strcmp(format, "matrix-text") == 0)
        rc = otl_write_matrix_text(f, scan, color);
    else if (strcmp(format, "matrix-json") == 0)
        rc = otl_write_matrix_json(f, scan);
    else
        rc = otl_write_matrix_csv(f, scan);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_ptr_nonnull(buf);
    return buf;
}

static json_t *parse_json(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &err);

    ck_assert_msg(j != NULL, "invalid JSON at line %d: %s", err.line, err.text);
    return j;
}

/* j[path...]: object keys or array indexes given as "#n". */
static json_t *jget(json_t *j, const char *const *path)
{
    for (; *path != NULL && j != NULL; path++) {
        if ((*path)[0] == '#')
            j = json_array_get(j, strtoul(*path + 1, NULL, 10));
        else
            j = json_object_get(j, *path);
    }
    return j;
}
#define J(root, ...) jget((root), (const char *const[]){__VA_ARGS__, NULL})

static long long jint(json_t *j)
{
    ck_assert_msg(json_is_integer(j), "not an integer");
    return json_integer_value(j);
}

static const char *jstring(json_t *j)
{
    ck_assert_msg(json_is_string(j), "not a string");
    return json_string_value(j);
}

/* ------------------------------------------------------------ result.c */

START_TEST(test_names)
{
    enum otl_severity s = OTL_SEV_INFO;

    ck_assert_str_eq(otl_severity_name(OTL_SEV_CRITICAL), "critical");
    ck_assert_str_eq(otl_severity_name(OTL_SEV_INFO), "info");
    ck_assert_int_eq(otl_severity_parse("medium", &s), 0);
    ck_assert_int_eq(s, OTL_SEV_MEDIUM);
    ck_assert_int_eq(otl_severity_parse("HIGH", &s), -1);
    ck_assert_int_eq(otl_severity_parse(NULL, &s), -1);
    ck_assert_str_eq(otl_state_name(OTL_STATE_NOTEVALUABLE), "notevaluable");
    ck_assert_str_eq(otl_state_name(OTL_STATE_WAIVED), "waived");
    ck_assert_str_eq(otl_file_status_name(OTL_FILE_PARSE_ERROR), "parse-error");
    ck_assert_str_eq(otl_file_status_name(OTL_FILE_LIMIT), "limit");
    ck_assert_str_eq(otl_diag_level_name(OTL_DIAG_WARNING), "warning");
    ck_assert_str_eq(otl_diag_level_name(7), "unknown");
    ck_assert_str_eq(otl_class_name(OTL_CLASS_CONTROLLER), "controller");
    ck_assert_ptr_null(otl_class_name(OTL_CLASS_SWITCH | OTL_CLASS_ROUTER));
}
END_TEST

START_TEST(test_class_names)
{
    char buf[64], small[14];
    unsigned all = OTL_CLASS_SWITCH | OTL_CLASS_ROUTER | OTL_CLASS_FIREWALL |
                   OTL_CLASS_CONTROLLER | OTL_CLASS_OTHER;

    ck_assert_uint_eq(otl_class_names(all, buf, sizeof buf),
                      strlen("switch router firewall controller other"));
    ck_assert_str_eq(buf, "switch router firewall controller other");
    ck_assert_uint_eq(otl_class_names(0, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "");
    /* Truncated: whole words only, the return says how much was needed. */
    ck_assert_uint_eq(otl_class_names(all, small, sizeof small), 39);
    ck_assert_str_eq(small, "switch router");
}
END_TEST

START_TEST(test_utf8_clean)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain ascii", "plain ascii"},
        {"\xc3\xa4 \xe2\x82\xac \xf0\x9f\x98\x80", "\xc3\xa4 \xe2\x82\xac \xf0\x9f\x98\x80"},
        {"\xff", "\xEF\xBF\xBD"},
        {"a\xe2\x82", "a\xEF\xBF\xBD"},                 /* truncated: one U+FFFD */
        {"\xe2\x82z", "\xEF\xBF\xBDz"},                 /* maximal subpart */
        {"\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD"},       /* overlong */
        {"\xed\xa0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
        {"\xf4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* > U+10FFFF */
        {"\x80x", "\xEF\xBF\xBDx"},                     /* stray continuation */
        {"ctl\x01\x1b", "ctl\x01\x1b"},                 /* controls are valid UTF-8 */
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *c = otl_utf8_clean(cases[i].in);
        ck_assert_ptr_nonnull(c);
        ck_assert_msg(strcmp(c, cases[i].out) == 0, "case %zu", i);
        free(c);
    }
    errno = 0;
    ck_assert_ptr_null(otl_utf8_clean(NULL));
    ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* otl_text_safe (issue 23): C0, DEL and C1 controls, bidi and other
 * invisible format characters escaped; other characters kept; the escape
 * of a 4-byte character fits the 4x buffer. */
START_TEST(test_text_safe)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"\xc3\xa4 \xe2\x82\xac \xf0\x9f\x98\x80 \xe2\x80\xaf", "\xc3\xa4 \xe2\x82\xac \xf0\x9f\x98\x80 \xe2\x80\xaf"},
        {"a\x01\x1b[2J\x7f", "a\\x01\\x1b[2J\\x7f"},
        {"\xc2\x85\xc2\x9b", "\\u0085\\u009b"},
        {"x\xe2\x80\xaey", "x\\u202ey"},                  /* RLO */
        {"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "\\u202a\\u202b\\u202c\\u202d"},
        {"\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "\\u2066\\u2067\\u2068\\u2069"},
        {"\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c"},
        {"\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d", "\\u200b\\u200c\\u200d"},
        {"\xe2\x81\xa0\xe2\x81\xa4\xef\xbb\xbf", "\\u2060\\u2064\\ufeff"},
        {"\xef\xbf\xb9\xef\xbf\xbb\xe2\x80\xa8\xe2\x80\xa9", "\\ufff9\\ufffb\\u2028\\u2029"},
        {"\xf3\xa0\x80\x81", "\\U000e0001"},              /* LANGUAGE TAG */
        {"\xe2\x80\xa7\xe2\x80\x8a\xef\xbf\xbc", "\xe2\x80\xa7\xe2\x80\x8a\xef\xbf\xbc"}, /* not Cf */
        {"\xff", "\xEF\xBF\xBD"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *c = otl_text_safe(cases[i].in);
        ck_assert_ptr_nonnull(c);
        ck_assert_msg(strcmp(c, cases[i].out) == 0, "case %zu: %s", i, c);
        free(c);
    }
}
END_TEST

START_TEST(test_counts_and_free)
{
    struct otl_scan scan;
    struct otl_counts c;

    fixture_new(&scan);
    otl_scan_count(&scan, &c);
    ck_assert_uint_eq(c.files, 2);
    ck_assert_uint_eq(c.files_failed, 1);
    ck_assert_uint_eq(c.findings_by_sev[OTL_SEV_HIGH], 2);
    ck_assert_uint_eq(c.findings_by_sev[OTL_SEV_CRITICAL], 0); /* the waived one */
    ck_assert_uint_eq(c.waived, 1);
    for (int s = 0; s < OTL_STATE_COUNT; s++)
        ck_assert_uint_eq(c.states[s], 1);
    ck_assert_uint_eq(c.diag_errors, 1);
    otl_file_clear(&scan.files[0]);
    otl_file_clear(&scan.files[0]); /* a second clear is harmless */
    ck_assert_ptr_null(scan.files[0].path);
    otl_scan_free(&scan);
    ck_assert_ptr_null(scan.files);
    ck_assert_uint_eq(scan.nfiles, 0);
    otl_scan_free(&scan);
}
END_TEST

/* ------------------------------------------------------------ JSON */

START_TEST(test_json)
{
    static const char *const top[] = {"schema_version", "tool", "profile", "fail_on",
                                      "target_sl", "summary", "rules", "devices"};
    static const char *const dev_keys[] = {"file", "format", "device", "classes", "status",
                                           "parse_coverage", "diagnostics", "results",
                                           "findings"};
    struct otl_scan scan;
    char *text;
    json_t *j, *v;
    const char *key;
    size_t i;

    fixture_new(&scan);
    text = capture("json", &scan, 0, 0);
    j = parse_json(text);

    /* Exactly these keys, in this order. */
    ck_assert_uint_eq(json_object_size(j), sizeof top / sizeof top[0]);
    i = 0;
    json_object_foreach(j, key, v)
        ck_assert_str_eq(key, top[i++]);
    ck_assert_str_eq(jstring(J(j, "schema_version")), OTL_JSON_SCHEMA_VERSION);
    ck_assert_str_eq(jstring(J(j, "tool", "name")), "otlint");
    ck_assert_str_eq(jstring(J(j, "tool", "version")), PACKAGE_VERSION);
    ck_assert_str_eq(jstring(J(j, "profile")), "default");
    ck_assert_str_eq(jstring(J(j, "fail_on")), "high");
    /* No target, no roll-up, no waivers file: null, and the rest absent. */
    ck_assert(json_is_null(J(j, "target_sl")));

    ck_assert_int_eq(jint(J(j, "summary", "files")), 2);
    ck_assert_int_eq(jint(J(j, "summary", "files_failed")), 1);
    ck_assert_int_eq(jint(J(j, "summary", "findings", "high")), 2);
    ck_assert_int_eq(jint(J(j, "summary", "findings", "critical")), 0);
    ck_assert_int_eq(jint(J(j, "summary", "findings", "info")), 0);
    ck_assert_int_eq(jint(J(j, "summary", "waived")), 1);
    ck_assert_int_eq(jint(J(j, "summary", "states", "notevaluable")), 1);
    ck_assert_int_eq(jint(J(j, "summary", "states", "waived")), 1);
    ck_assert_int_eq(jint(J(j, "summary", "diagnostic_errors")), 1);

    ck_assert_uint_eq(json_array_size(J(j, "rules")), NRULES);
    ck_assert_str_eq(jstring(J(j, "rules", "#0", "id")), "NET-SVC-TELNET");
    ck_assert_str_eq(jstring(J(j, "rules", "#0", "classes", "#2")), "firewall");
    ck_assert_str_eq(jstring(J(j, "rules", "#0", "tags", "#1")), "cleartext");
    ck_assert_str_eq(jstring(J(j, "rules", "#0", "references", "#1", "id")), "CR 4.1");
    ck_assert_int_eq(jint(J(j, "rules", "#0", "references", "#1", "sl")), 1);
    ck_assert(json_is_null(J(j, "rules", "#1", "rationale")));

    ck_assert_uint_eq(json_array_size(J(j, "devices")), 2);
    v = J(j, "devices", "#0");
    ck_assert_uint_eq(json_object_size(v), sizeof dev_keys / sizeof dev_keys[0]);
    for (i = 0; i < sizeof dev_keys / sizeof dev_keys[0]; i++)
        ck_assert_msg(json_object_get(v, dev_keys[i]) != NULL, "no key %s", dev_keys[i]);
    ck_assert_str_eq(jstring(J(v, "file")), FILE1);
    ck_assert(json_is_real(J(v, "parse_coverage")));
    ck_assert_uint_eq(json_array_size(J(v, "results")), NRULES);
    ck_assert_str_eq(jstring(J(v, "results", "#3", "reason")), "no ntp facts");
    ck_assert(json_is_null(J(v, "results", "#0", "reason")));
    ck_assert_int_eq(jint(J(v, "results", "#0", "findings")), 2);
    ck_assert_uint_eq(json_array_size(J(v, "findings")), 3);
    ck_assert_int_eq(jint(J(v, "findings", "#1", "line")), 14);
    ck_assert(json_is_false(J(v, "findings", "#1", "device_level")));
    ck_assert_str_eq(jstring(J(v, "findings", "#1", "fingerprint")), FP2);
    ck_assert_str_eq(jstring(J(v, "findings", "#2", "state")), "waived");
    ck_assert_str_eq(jstring(J(v, "findings", "#2", "severity")), "critical");
    ck_assert(json_is_null(J(v, "findings", "#2", "evidence")));
    ck_assert_ptr_null(J(v, "findings", "#2", "waiver")); /* waived without a waiver */

    v = J(j, "devices", "#1");
    ck_assert(json_is_null(J(v, "format")));
    ck_assert(json_is_null(J(v, "parse_coverage")));
    ck_assert_str_eq(jstring(J(v, "status")), "unreadable");
    ck_assert_str_eq(jstring(J(v, "diagnostics", "#0", "level")), "error");
    ck_assert_uint_eq(json_array_size(J(v, "results")), 0);

    json_decref(j);
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_json_strings)
{
    struct otl_scan scan;
    char *text;
    json_t *j;

    fixture_new(&scan);
    text = capture("json", &scan, 0, 0);
    /* Escaping is jansson's: quotes, backslashes and controls are escaped,
     * the raw ESC byte never reaches the file. */
    ck_assert_ptr_nonnull(strstr(text, "say \\\"hi\\\" back\\\\slash \\u0001\\u001B[31mred"));
    ck_assert_ptr_null(strchr(text, '\x1b'));
    j = parse_json(text);
    /* Round trip: everything but the ill-formed bytes comes back as it was. */
    ck_assert_str_eq(jstring(J(j, "devices", "#0", "findings", "#1", "message")), NASTY_CLEAN);
    ck_assert_str_eq(jstring(J(j, "devices", "#0", "findings", "#1", "evidence")),
                     "evi\xEF\xBF\xBD(dence");
    json_decref(j);
    free(text);
    otl_scan_free(&scan);
}
END_TEST

/* ------------------------------------------------------------ SARIF */

START_TEST(test_sarif)
{
    static const char *const level[OTL_SEV_COUNT] = {"note", "note", "warning", "error", "error"};
    static const char *const score[OTL_SEV_COUNT] = {"1.0", "3.0", "5.0", "7.0", "9.0"};
    struct otl_scan scan;
    char *text;
    json_t *j, *run, *r, *tags;
    size_t i;
    int found_ref = 0, found_tag = 0;

    fixture_new(&scan);
    text = capture("sarif", &scan, 0, 0);
    j = parse_json(text);
    ck_assert_str_eq(jstring(J(j, "version")), "2.1.0");
    ck_assert_str_eq(jstring(J(j, "$schema")), "https://json.schemastore.org/sarif-2.1.0.json");
    ck_assert_uint_eq(json_array_size(J(j, "runs")), 1);
    run = J(j, "runs", "#0");
    ck_assert_str_eq(jstring(J(run, "tool", "driver", "name")), "otlint");
    ck_assert_ptr_null(J(run, "tool", "driver", "informationUri"));

    /* Rules: level and security-severity follow the severity. */
    ck_assert_uint_eq(json_array_size(J(run, "tool", "driver", "rules")), NRULES);
    for (i = 0; i < NRULES; i++) {
        json_t *rule = J(run, "tool", "driver", "rules");
        rule = json_array_get(rule, i);
        ck_assert_str_eq(jstring(J(rule, "id")), rules[i].id);
        ck_assert_str_eq(jstring(J(rule, "defaultConfiguration", "level")),
                         level[rules[i].severity]);
        ck_assert_str_eq(jstring(J(rule, "properties", "security-severity")),
                         score[rules[i].severity]);
        ck_assert_str_eq(jstring(J(rule, "properties", "precision")), "high");
    }
    r = J(run, "tool", "driver", "rules", "#0");
    ck_assert_str_eq(jstring(J(r, "name")), "TelnetManagementEnabled");
    ck_assert_str_eq(jstring(J(r, "shortDescription", "text")), "Telnet management enabled");
    /* help: self-contained, plain and markdown (issue 22) */
    ck_assert_ptr_nonnull(strstr(jstring(J(r, "help", "text")), "\nFix: transport input ssh\n"));
    ck_assert_ptr_nonnull(strstr(jstring(J(r, "help", "markdown")), "**Fix:** transport input ssh"));
    ck_assert_ptr_nonnull(strstr(jstring(J(r, "help", "markdown")), "- IEC 62443-3-3 SR 4.1"));
    tags = J(r, "properties", "tags");
    /* GitHub reads security-severity only with the tag "security" */
    ck_assert_str_eq(jstring(json_array_get(tags, 0)), "security");
    for (i = 0; i < json_array_size(tags); i++) {
        found_ref |= strcmp(jstring(json_array_get(tags, i)), "IEC 62443-3-3 SR 4.1") == 0;
        found_tag |= strcmp(jstring(json_array_get(tags, i)), "management") == 0;
    }
    ck_assert(found_ref && found_tag);
    /* No title: the name falls back to the id. */
    ck_assert_str_eq(jstring(J(run, "tool", "driver", "rules", "#5", "name")), "NET-SNMP-V3");

    /* Results: one per finding, waived ones suppressed, not dropped. */
    ck_assert_uint_eq(json_array_size(J(run, "results")), 3);
    r = J(run, "results", "#0");
    ck_assert_str_eq(jstring(J(r, "ruleId")), "NET-SVC-TELNET");
    ck_assert_int_eq(jint(J(r, "ruleIndex")), 0);
    ck_assert_str_eq(jstring(J(r, "level")), "error");
    ck_assert_str_eq(jstring(J(r, "message", "text")), "vty 0-4 accepts telnet");
    ck_assert_int_eq(jint(J(r, "locations", "#0", "physicalLocation", "region", "startLine")), 12);
    ck_assert_str_eq(jstring(J(r, "locations", "#0", "physicalLocation", "artifactLocation", "uri")),
                     "examples/sw%201.cfg");
    ck_assert_str_eq(
        jstring(J(r, "locations", "#0", "physicalLocation", "artifactLocation", "uriBaseId")),
        "%SRCROOT%");
    ck_assert_str_eq(jstring(J(r, "partialFingerprints", "otlint/v1")), FP1);
    ck_assert_ptr_null(J(r, "suppressions"));
    r = J(run, "results", "#2");
    ck_assert_str_eq(jstring(J(r, "ruleId")), "NET-SNMP-DEFAULT");
    ck_assert_int_eq(jint(J(r, "ruleIndex")), 1);
    ck_assert_str_eq(jstring(J(r, "level")), "error"); /* critical */
    ck_assert_str_eq(jstring(J(r, "suppressions", "#0", "kind")), "external");
    ck_assert_str_eq(jstring(J(r, "suppressions", "#0", "justification")), "lab switch, isolated");

    /* The unreadable file makes the run unsuccessful; its diagnostics and
     * the warning are notifications. */
    ck_assert(json_is_false(J(run, "invocations", "#0", "executionSuccessful")));
    ck_assert_uint_eq(json_array_size(J(run, "invocations", "#0", "toolExecutionNotifications")), 2);
    r = J(run, "invocations", "#0", "toolExecutionNotifications", "#1");
    ck_assert_str_eq(jstring(J(r, "level")), "error");
    ck_assert_str_eq(jstring(J(r, "locations", "#0", "physicalLocation", "artifactLocation", "uri")),
                     "examples/plc.L5X");
    ck_assert_ptr_null(J(r, "locations", "#0", "physicalLocation", "region"));

    json_decref(j);
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_sarif_success)
{
    struct otl_scan scan;
    char *text;
    json_t *j;

    fixture_new(&scan);
    otl_file_clear(&scan.files[1]);
    scan.nfiles = 1;
    text = capture("sarif", &scan, 0, 0);
    j = parse_json(text);
    ck_assert(json_is_true(J(j, "runs", "#0", "invocations", "#0", "executionSuccessful")));
    json_decref(j);
    free(text);
    scan.nfiles = 2;
    otl_scan_free(&scan);
}
END_TEST

/* ------------------------------------------------------------ JUnit */

static size_t attr_size(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST name);
    size_t r;

    ck_assert_msg(v != NULL, "<%s> has no %s", (const char *)n->name, name);
    r = strtoul((const char *)v, NULL, 10);
    xmlFree(v);
    return r;
}

static int is_elem(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

/* Count what a suite holds and compare with what it says. */
static void check_suite(xmlNodePtr suite, size_t want[4])
{
    size_t have[4] = {0, 0, 0, 0}; /* tests failures errors skipped */

    for (xmlNodePtr tc = suite->children; tc != NULL; tc = tc->next) {
        if (!is_elem(tc, "testcase"))
            continue;
        have[0]++;
        ck_assert(xmlHasProp(tc, BAD_CAST "time") != NULL); /* every testcase is timed */
        for (xmlNodePtr c = tc->children; c != NULL; c = c->next) {
            have[1] += is_elem(c, "failure");
            have[2] += is_elem(c, "error");
            have[3] += is_elem(c, "skipped");
        }
    }
    ck_assert(xmlHasProp(suite, BAD_CAST "time") != NULL);
    ck_assert_uint_eq(attr_size(suite, "tests"), have[0]);
    ck_assert_uint_eq(attr_size(suite, "failures"), have[1]);
    ck_assert_uint_eq(attr_size(suite, "errors"), have[2]);
    ck_assert_uint_eq(attr_size(suite, "skipped"), have[3]);
    for (int i = 0; i < 4; i++)
        want[i] += have[i];
}

/* The <testsuites ...> start tag of a JUnit text, as a string of its own. */
static const char *root_start(const char *text)
{
    static char buf[512];
    const char *p = strstr(text, "<testsuites"), *e = p != NULL ? strchr(p, '>') : NULL;

    ck_assert_ptr_nonnull(e);
    snprintf(buf, sizeof buf, "%.*s", (int)(e - p), p);
    return buf;
}

START_TEST(test_junit)
{
    struct otl_scan scan;
    char *text;
    xmlDocPtr doc;
    xmlNodePtr root, suite;
    size_t sum[4] = {0, 0, 0, 0}, nsuites = 0;
    xmlChar *name;

    fixture_new(&scan);
    text = capture("junit", &scan, 0, 0);
    doc = otl_xml_read_memory(text, strlen(text), "junit.xml", NULL, NULL);
    ck_assert_msg(doc != NULL, "JUnit output is not well-formed XML");
    root = xmlDocGetRootElement(doc);
    ck_assert(is_elem(root, "testsuites"));
    for (suite = root->children; suite != NULL; suite = suite->next)
        if (is_elem(suite, "testsuite")) {
            check_suite(suite, sum);
            nsuites++;
        }
    ck_assert_uint_eq(nsuites, 2);
    /* What the fixture implies: 6 rule results but the notapplicable one
     * + 1 "parse" case; one fail; one rule error + the unreadable file;
     * notevaluable + waived.  The notapplicable rule is one line. */
    ck_assert_uint_eq(sum[0], 6);
    ck_assert_uint_eq(sum[1], 1);
    ck_assert_uint_eq(sum[2], 2);
    ck_assert_uint_eq(sum[3], 2);
    ck_assert_ptr_nonnull(
        strstr(text, "<system-out>notapplicable: 1 rule (not reported as testcases): NET-SNMP-V3\n"));
    ck_assert_ptr_nonnull(strstr(text, "<property name=\"otlint.notapplicable\" value=\"1\"/>"));
    ck_assert_ptr_null(strstr(text, "name=\"NET-SNMP-V3\""));
    ck_assert_ptr_nonnull(strstr(root_start(text), " time=\""));
    ck_assert_uint_eq(attr_size(root, "tests"), sum[0]);
    ck_assert_uint_eq(attr_size(root, "failures"), sum[1]);
    ck_assert_uint_eq(attr_size(root, "errors"), sum[2]);
    ck_assert_uint_eq(attr_size(root, "skipped"), sum[3]);

    suite = xmlFirstElementChild(root);
    name = xmlGetProp(suite, BAD_CAST "name");
    ck_assert_str_eq((const char *)name, "sw1 (" FILE1 ")");
    xmlFree(name);
    /* The control characters of the message did not break the XML, and
     * the finding's line is in the failure text. */
    ck_assert_ptr_nonnull(strstr(text, "14: say &quot;hi&quot; back\\slash ??[31mred"));
    ck_assert_ptr_nonnull(strstr(text, "type=\"high\""));
    ck_assert_ptr_nonnull(strstr(text, "<skipped message=\"notevaluable: no ntp facts\""));
    /* Waived without a waiver record: the rule result's reason. */
    ck_assert_ptr_nonnull(strstr(text, "<skipped message=\"waived: lab switch, isolated\">"));
    ck_assert_ptr_nonnull(strstr(text, "name=\"parse\""));
    ck_assert_ptr_nonnull(strstr(text, "cannot open: Permission denied"));
    xmlFreeDoc(doc);
    free(text);
    otl_scan_free(&scan);
}
END_TEST

/* ------------------------------------------------------------ text */

START_TEST(test_text)
{
    struct otl_scan scan;
    char *text, *quiet, *color;

    fixture_new(&scan);
    text = capture("text", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "== " FILE1 "  format=cisco-ios device=sw1 class=switch "
                                       "status=ok coverage=90.0%\n"));
    ck_assert_ptr_nonnull(strstr(text, FILE1 ":3: warning: unknown statement 'foo'\n"));
    ck_assert_ptr_nonnull(strstr(text, FILE1 ":12: HIGH NET-SVC-TELNET vty 0-4 accepts telnet "
                                       "[IEC 62443-3-3 SR 4.1; IEC 62443-4-2 CR 4.1]\n"
                                       "    line vty 0 4 / transport input telnet\n"));
    ck_assert_ptr_nonnull(strstr(text, FILE1 ":20: CRITICAL NET-SNMP-DEFAULT community public "
                                       "[IEC 62443-3-3 SR 1.5] (waived)\n"));
    ck_assert_ptr_nonnull(strstr(text, FILE1 ": notevaluable NET-NTP-AUTH: no ntp facts\n"));
    ck_assert_ptr_nonnull(strstr(text, FILE1 ": error NET-LOG-REMOTE: regex match limit\n"));
    ck_assert_ptr_nonnull(strstr(text, FILE1 ": 1 rule not applicable\n"));
    ck_assert_ptr_nonnull(strstr(text, FILE2 ": error: cannot open: Permission denied\n"));
    /* The config's ESC sequence is shown, not obeyed; bad bytes are U+FFFD. */
    ck_assert_ptr_nonnull(strstr(text, "back\\slash \\x01\\x1b[31mred\\x7f bad\xEF\xBF\xBD"));
    ck_assert_ptr_null(strchr(text, '\x1b'));
    ck_assert_ptr_nonnull(
        strstr(text, "otlint: 2 files (1 not evaluated), 2 findings (critical 0, high 2, "
                     "medium 0, low 0, info 0), 1 waived; rules: pass 1, fail 1, notapplicable 1, "
                     "notevaluable 1, error 1, waived 1; 1 diagnostic error\n"));

    quiet = capture("text", &scan, 0, 1);
    ck_assert_ptr_null(strstr(quiet, "== "));
    ck_assert_ptr_null(strstr(quiet, "warning:"));
    ck_assert_ptr_null(strstr(quiet, "notevaluable NET"));
    ck_assert_ptr_nonnull(strstr(quiet, FILE1 ":12: HIGH NET-SVC-TELNET"));
    ck_assert_ptr_nonnull(strstr(quiet, FILE2 ": error: cannot open"));
    ck_assert_ptr_nonnull(strstr(quiet, "otlint: 2 files"));

    color = capture("text", &scan, 1, 0);
    ck_assert_ptr_nonnull(strstr(color, "\x1b[31mHIGH\x1b[0m NET-SVC-TELNET"));
    ck_assert_ptr_nonnull(strstr(color, "\x1b[1;35mCRITICAL"));

    free(text);
    free(quiet);
    free(color);
    otl_scan_free(&scan);
}
END_TEST

/* ------------------------------------------------------------ roll-up, SLs, waivers */

START_TEST(test_json_rollup)
{
    static const char *const top[] = {"schema_version", "tool",         "profile",
                                      "fail_on",        "target_sl",    "assessment_basis",
                                      "summary",        "rules",        "devices",
                                      "requirements",   "security_levels", "waivers"};
    static const char *const fr_keys[] = {"FR1", "FR2", "FR3", "FR4", "FR5", "FR6", "FR7"};
    struct otl_scan scan;
    char *text;
    json_t *j, *v, *r;
    const char *key;
    size_t i;

    fixture_rollup(&scan);
    text = capture("json", &scan, 0, 0);
    j = parse_json(text);

    ck_assert_uint_eq(json_object_size(j), sizeof top / sizeof top[0]);
    i = 0;
    json_object_foreach(j, key, v)
        ck_assert_str_eq(key, top[i++]);
    ck_assert_str_eq(jstring(J(j, "schema_version")), "1.2");
    ck_assert_int_eq(jint(J(j, "target_sl")), 2);
    ck_assert_str_eq(jstring(J(j, "assessment_basis")), "configuration evidence only");

    /* Scan level: devices by status instead of rules. */
    v = J(j, "requirements");
    ck_assert_uint_eq(json_array_size(v), 7);
    r = J(v, "#0");
    ck_assert_str_eq(jstring(J(r, "standard")), STD33);
    ck_assert_str_eq(jstring(J(r, "id")), "SR 1.1");
    ck_assert_str_eq(jstring(J(r, "title")), "Human user identification and authentication");
    ck_assert_int_eq(jint(J(r, "sl")), 1);
    ck_assert_int_eq(jint(J(r, "fr")), 1);
    ck_assert_str_eq(jstring(J(r, "status")), "notassessable");
    ck_assert_ptr_null(J(r, "rules"));
    ck_assert_uint_eq(json_object_size(J(r, "devices")), OTL_REQ_STATUS_COUNT);
    ck_assert_int_eq(jint(J(r, "devices", "satisfied")), 1);
    ck_assert_int_eq(jint(J(r, "devices", "notassessable")), 1);
    ck_assert_int_eq(jint(J(r, "devices", "notsatisfied")), 0);
    ck_assert_int_eq(jint(J(r, "devices", "waived")), 0);
    ck_assert_int_eq(jint(J(r, "devices", "notapplicable")), 0);
    ck_assert_int_eq(jint(J(r, "devices", "notevaluable")), 0);
    ck_assert_str_eq(jstring(J(v, "#1", "id")), "SR 1.1 RE 1");
    ck_assert_int_eq(jint(J(v, "#1", "sl")), 2);
    ck_assert_str_eq(jstring(J(v, "#2", "status")), "waived");
    ck_assert_str_eq(jstring(J(v, "#3", "status")), "notsatisfied");
    ck_assert_str_eq(jstring(J(v, "#4", "standard")), STD42);
    r = J(v, "#6"); /* 2-1: no title, FR or SL */
    ck_assert_str_eq(jstring(J(r, "id")), "NET 1");
    ck_assert(json_is_null(J(r, "title")));
    ck_assert(json_is_null(J(r, "sl")));
    ck_assert(json_is_null(J(r, "fr")));
    ck_assert_str_eq(jstring(J(r, "status")), "notevaluable");

    /* Exactly FR1..FR7, in order. */
    v = J(j, "security_levels");
    ck_assert_uint_eq(json_object_size(v), 7);
    i = 0;
    json_object_foreach(v, key, r)
        ck_assert_str_eq(key, fr_keys[i++]);
    ck_assert_int_eq(jint(J(v, "FR2", "target")), 2);
    ck_assert_int_eq(jint(J(v, "FR2", "achieved")), 1);
    ck_assert_int_eq(jint(J(v, "FR2", "ceiling")), 2);
    ck_assert_uint_eq(json_array_size(J(v, "FR2", "limited_by")), 0);
    ck_assert_str_eq(jstring(J(v, "FR4", "limited_by", "#0")), "SR 4.1");

    /* Per device: rules instead of devices. */
    v = J(j, "devices", "#0");
    ck_assert_uint_eq(json_array_size(J(v, "requirements")), 6);
    r = J(v, "requirements", "#2");
    ck_assert_str_eq(jstring(J(r, "id")), "SR 1.5");
    ck_assert_str_eq(jstring(J(r, "status")), "waived");
    ck_assert_uint_eq(json_array_size(J(r, "rules")), 1);
    ck_assert_str_eq(jstring(J(r, "rules", "#0")), "NET-SNMP-DEFAULT");
    ck_assert_ptr_null(J(r, "devices"));
    r = J(v, "requirements", "#5");
    ck_assert_str_eq(jstring(J(r, "rules", "#0")), "NET-NTP-AUTH");
    ck_assert_str_eq(jstring(J(r, "rules", "#1")), "NET-BANNER");
    ck_assert_uint_eq(json_array_size(J(v, "requirements", "#0", "rules")), 0);
    ck_assert_uint_eq(json_object_size(J(v, "security_levels")), 7);
    ck_assert_ptr_null(J(v, "security_levels", "FR8"));
    ck_assert_int_eq(jint(J(v, "security_levels", "FR1", "target")), 2);
    ck_assert_int_eq(jint(J(v, "security_levels", "FR1", "achieved")), 0);
    ck_assert_int_eq(jint(J(v, "security_levels", "FR1", "ceiling")), 0);
    ck_assert_uint_eq(json_array_size(J(v, "security_levels", "FR1", "limited_by")), 3);
    ck_assert_str_eq(jstring(J(v, "security_levels", "FR1", "limited_by", "#1")), "SR 1.1 RE 1");
    ck_assert_int_eq(jint(J(v, "security_levels", "FR5", "ceiling")), 1);

    /* The waived finding names its waiver. */
    r = J(v, "findings", "#2", "waiver");
    ck_assert_uint_eq(json_object_size(r), 6);
    ck_assert_str_eq(jstring(J(r, "file")), "waivers.xml");
    ck_assert_int_eq(jint(J(r, "line")), 3);
    ck_assert_str_eq(jstring(J(r, "owner")), "J. Ortega, integrator");
    ck_assert_str_eq(jstring(J(r, "expires")), "2027-03-31");
    ck_assert_str_eq(jstring(J(r, "reason")), "lab switch, isolated");
    ck_assert_str_eq(jstring(J(r, "countermeasure")), "ACL on the SNMP port");
    ck_assert_ptr_null(J(v, "findings", "#0", "waiver"));

    /* No roll-up for the unreadable file: the keys are absent. */
    v = J(j, "devices", "#1");
    ck_assert_ptr_null(J(v, "requirements"));
    ck_assert_ptr_null(J(v, "security_levels"));
    v = J(j, "devices", "#2");
    ck_assert_str_eq(jstring(J(v, "device")), EVIL_DEV);
    ck_assert_uint_eq(json_array_size(J(v, "requirements")), 4);
    ck_assert_str_eq(jstring(J(v, "requirements", "#2", "id")), "EDR 3.10");

    /* Every waiver, with what became of it. */
    v = J(j, "waivers");
    ck_assert_uint_eq(json_array_size(v), 3);
    r = J(v, "#0");
    ck_assert_uint_eq(json_object_size(r), 12);
    ck_assert_str_eq(jstring(J(r, "file")), "waivers.xml");
    ck_assert_int_eq(jint(J(r, "line")), 3);
    ck_assert_str_eq(jstring(J(r, "rule")), "NET-SNMP-DEFAULT");
    ck_assert_str_eq(jstring(J(r, "device")), "sw*");
    ck_assert(json_is_null(J(r, "fingerprint")));
    ck_assert_str_eq(jstring(J(r, "owner")), "J. Ortega, integrator");
    ck_assert_str_eq(jstring(J(r, "expires")), "2027-03-31");
    ck_assert_str_eq(jstring(J(r, "reason")), "lab switch, isolated");
    ck_assert_str_eq(jstring(J(r, "countermeasure")), "ACL on the SNMP port");
    ck_assert_str_eq(jstring(J(r, "status")), "active");
    ck_assert_int_eq(jint(J(r, "matched")), 1);
    ck_assert_int_eq(jint(J(r, "would_match")), 0);
    r = J(v, "#1");
    ck_assert_str_eq(jstring(J(r, "status")), "expired");
    ck_assert_str_eq(jstring(J(r, "fingerprint")), FP1);
    ck_assert(json_is_null(J(r, "countermeasure")));
    ck_assert_int_eq(jint(J(r, "matched")), 0);
    ck_assert_int_eq(jint(J(r, "would_match")), 2);
    ck_assert_str_eq(jstring(J(v, "#2", "status")), "unmatched");
    json_decref(j);
    free(text);

    /* An expired waiver that also matched before expiring is expired. */
    waiver_v[W_EXPIRED].matched = 4;
    text = capture("json", &scan, 0, 0);
    j = parse_json(text);
    ck_assert_str_eq(jstring(J(j, "waivers", "#1", "status")), "expired");
    waiver_v[W_EXPIRED].matched = 0;
    json_decref(j);
    free(text);

    /* Roll-ups per device only: the basis is said, no scan-level keys. */
    otl_rollup_free(scan.rollup);
    scan.rollup = NULL;
    scan.waivers = NULL;
    scan.target_sl = 0;
    text = capture("json", &scan, 0, 0);
    j = parse_json(text);
    ck_assert(json_is_null(J(j, "target_sl")));
    ck_assert_str_eq(jstring(J(j, "assessment_basis")), "configuration evidence only");
    ck_assert_ptr_null(J(j, "requirements"));
    ck_assert_ptr_null(J(j, "security_levels"));
    ck_assert_ptr_null(J(j, "waivers"));
    ck_assert_uint_eq(json_array_size(J(j, "devices", "#0", "requirements")), 6);
    json_decref(j);
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_text_rollup)
{
    struct otl_scan scan;
    char *text, *quiet, *p, *table;
    size_t width;

    fixture_rollup(&scan);
    text = capture("text", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, FILE1 ":20: CRITICAL NET-SNMP-DEFAULT community public "
                                       "[IEC 62443-3-3 SR 1.5] (waived: owner J. Ortega, "
                                       "integrator, until 2027-03-31)\n"));
    /* Expired and unmatched waivers, not the active one, before the summary. */
    ck_assert_ptr_nonnull(strstr(
        text, "\nWaivers:\n"
              "  waivers.xml:9: NET-SVC-TELNET on \"bl1-*\" fingerprint " FP1
              " (owner Ops, until 2024-01-31): expired; would have waived 2 findings\n"
              "  waivers.xml:14: NET-BANNER on \"sw9\" (owner QA, until 2027-12-31): unmatched; "
              "waived no finding\n"
              "otlint: 3 files (1 not evaluated), 2 findings"));
    ck_assert_ptr_null(strstr(text, "waivers.xml:3:"));

    /* The SL table ends the report, after the summary. */
    table = strstr(text, "\nIEC 62443-3-3 security levels per FR: achieved/target "
                         "(configuration evidence only)\n");
    ck_assert_ptr_nonnull(table);
    p = strstr(text, "otlint: 3 files");
    ck_assert(p != NULL && p < table);
    /* Device column as wide as the longest name (26), rows within 80. */
    ck_assert_ptr_nonnull(strstr(table, "\ndevice                      FR1    FR2    FR3    FR4    "
                                        "FR5    FR6    FR7\n"
                                        "sw1                         0/2    1/2^2  2/2    0/2    "
                                        "0/2^1  2/2    1/2\n" EVIL_DEV
                                        "  2/2    2/2    2/2    2/2    2/2    2/2    2/2\n"
                                        "all devices                 0/2    1/2^2  2/2    0/2    "
                                        "0/2^1  2/2    1/2\n"
                                        "^c: not contradicted by the configuration up to SL c; "
                                        "the rest is not assessable\n"));
    width = strlen(text);
    ck_assert(width > 0 && strcmp(text + width - strlen("not assessable\n"),
                                  "not assessable\n") == 0);
    for (p = table + 1; *p != '\0';) {
        char *nl = strchr(p, '\n');
        ck_assert_ptr_nonnull(nl);
        ck_assert_msg(nl - p <= 84, "SL table line too long: %.*s", (int)(nl - p), p);
        p = nl + 1;
    }

    /* Quiet: the waiver problems stay, the table goes. */
    quiet = capture("text", &scan, 0, 1);
    ck_assert_ptr_nonnull(strstr(quiet, "Waivers:\n  waivers.xml:9: "));
    ck_assert_ptr_null(strstr(quiet, "security levels per FR"));
    free(quiet);

    /* A long device name is cut to 30 columns with '~'. */
    free(scan.files[2].device);
    scan.files[2].device = xstrdup("plc-of-the-northern-filling-line-7-backup");
    free(text);
    text = capture("text", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "\nplc-of-the-northern-filling-l~  2/2    2/2"));
    ck_assert_ptr_nonnull(strstr(text, "\nsw1                             0/2    1/2^2"));

    /* Without a target: no table. */
    scan.target_sl = 0;
    free(text);
    text = capture("text", &scan, 0, 0);
    ck_assert_ptr_null(strstr(text, "security levels per FR"));
    ck_assert_ptr_nonnull(strstr(text, "Waivers:\n"));

    /* Every waiver fine: no Waivers block. */
    scan.waivers = NULL;
    free(text);
    text = capture("text", &scan, 0, 0);
    ck_assert_ptr_null(strstr(text, "Waivers:"));
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_sarif_rollup)
{
    struct otl_scan scan;
    char *text;
    json_t *j, *run, *t, *r;

    fixture_rollup(&scan);
    text = capture("sarif", &scan, 0, 0);
    j = parse_json(text);
    run = J(j, "runs", "#0");

    /* One taxonomy per referenced standard, in order of first reference. */
    t = J(run, "tool", "driver", "supportedTaxonomies");
    ck_assert_uint_eq(json_array_size(t), 3);
    ck_assert_str_eq(jstring(J(t, "#0", "name")), STD33);
    ck_assert_int_eq(jint(J(t, "#0", "index")), 0);
    ck_assert_str_eq(jstring(J(t, "#2", "name")), STD21);
    ck_assert_int_eq(jint(J(t, "#2", "index")), 2);
    ck_assert_uint_eq(json_array_size(J(run, "taxonomies")), 3);
    t = J(run, "taxonomies", "#0");
    ck_assert_str_eq(jstring(J(t, "name")), STD33);
    ck_assert_str_eq(jstring(J(t, "organization")), "IEC");
    ck_assert_str_eq(jstring(J(t, "version")), "2013");
    ck_assert_str_eq(jstring(J(t, "shortDescription", "text")),
                     "System security requirements and security levels");
    /* Catalog entries at level >= 1 (no FR groups), then the unknown id. */
    ck_assert_uint_eq(json_array_size(J(t, "taxa")), 5);
    ck_assert_str_eq(jstring(J(t, "taxa", "#0", "id")), "SR 1.1");
    ck_assert_str_eq(jstring(J(t, "taxa", "#0", "name")),
                     "Human user identification and authentication");
    ck_assert_int_eq(jint(J(t, "taxa", "#0", "properties", "sl")), 1);
    ck_assert_int_eq(jint(J(t, "taxa", "#0", "properties", "fr")), 1);
    ck_assert_str_eq(jstring(J(t, "taxa", "#1", "id")), "SR 1.1 RE 1");
    ck_assert_int_eq(jint(J(t, "taxa", "#1", "properties", "sl")), 2);
    ck_assert_str_eq(jstring(J(t, "taxa", "#3", "id")), "SR 4.1");
    ck_assert_str_eq(jstring(J(t, "taxa", "#4", "id")), "SR 9.9");
    ck_assert_ptr_null(J(t, "taxa", "#4", "name"));
    ck_assert_ptr_null(J(t, "taxa", "#4", "properties"));
    t = J(run, "taxonomies", "#1");
    ck_assert_str_eq(jstring(J(t, "name")), STD42);
    ck_assert_uint_eq(json_array_size(J(t, "taxa")), 2);
    ck_assert_str_eq(jstring(J(t, "taxa", "#1", "id")), "EDR 3.10");
    ck_assert_int_eq(jint(J(t, "taxa", "#1", "properties", "fr")), 3);
    t = J(run, "taxonomies", "#2");
    ck_assert_str_eq(jstring(J(t, "taxa", "#0", "id")), "NET 1");
    ck_assert_ptr_null(J(t, "taxa", "#0", "name"));
    ck_assert_ptr_null(J(t, "taxa", "#0", "properties"));

    /* Rules point at their taxa. */
    r = J(run, "tool", "driver", "rules", "#0", "relationships");
    ck_assert_uint_eq(json_array_size(r), 2);
    ck_assert_str_eq(jstring(J(r, "#0", "target", "id")), "SR 4.1");
    ck_assert_int_eq(jint(J(r, "#0", "target", "index")), 3);
    ck_assert_str_eq(jstring(J(r, "#0", "target", "toolComponent", "name")), STD33);
    ck_assert_int_eq(jint(J(r, "#0", "target", "toolComponent", "index")), 0);
    ck_assert_uint_eq(json_array_size(J(r, "#0", "kinds")), 1);
    ck_assert_str_eq(jstring(J(r, "#0", "kinds", "#0")), "relevant");
    ck_assert_str_eq(jstring(J(r, "#1", "target", "id")), "CR 4.1");
    ck_assert_int_eq(jint(J(r, "#1", "target", "index")), 0);
    ck_assert_int_eq(jint(J(r, "#1", "target", "toolComponent", "index")), 1);
    /* The duplicate reference gives one relationship. */
    r = J(run, "tool", "driver", "rules", "#2", "relationships");
    ck_assert_uint_eq(json_array_size(r), 3);
    ck_assert_str_eq(jstring(J(r, "#0", "target", "id")), "SR 1.1");
    ck_assert_str_eq(jstring(J(r, "#1", "target", "id")), "SR 9.9");
    ck_assert_int_eq(jint(J(r, "#1", "target", "index")), 4);
    ck_assert_int_eq(jint(J(r, "#2", "target", "toolComponent", "index")), 2);
    ck_assert_ptr_null(J(run, "tool", "driver", "rules", "#3", "relationships"));

    /* The waiver in the suppression. */
    r = J(run, "results", "#2", "suppressions");
    ck_assert_uint_eq(json_array_size(r), 1);
    ck_assert_str_eq(jstring(J(r, "#0", "kind")), "external");
    ck_assert_str_eq(jstring(J(r, "#0", "status")), "accepted");
    ck_assert_str_eq(jstring(J(r, "#0", "justification")), "lab switch, isolated");
    ck_assert_str_eq(jstring(J(r, "#0", "properties", "owner")), "J. Ortega, integrator");
    ck_assert_str_eq(jstring(J(r, "#0", "properties", "expires")), "2027-03-31");
    ck_assert_str_eq(jstring(J(r, "#0", "properties", "countermeasure")), "ACL on the SNMP port");
    json_decref(j);
    free(text);

    /* No countermeasure: the property is left out, SARIF has no nulls. */
    waiver_v[W_SNMP].countermeasure = NULL;
    text = capture("sarif", &scan, 0, 0);
    j = parse_json(text);
    r = J(j, "runs", "#0", "results", "#2", "suppressions", "#0", "properties");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_null(J(r, "countermeasure"));
    waiver_v[W_SNMP].countermeasure = "ACL on the SNMP port";
    json_decref(j);
    free(text);
    otl_scan_free(&scan);

    /* No catalog: the taxa are the referenced ids, without titles. */
    fixture_new(&scan);
    text = capture("sarif", &scan, 0, 0);
    j = parse_json(text);
    run = J(j, "runs", "#0");
    ck_assert_uint_eq(json_array_size(J(run, "taxonomies")), 2);
    t = J(run, "taxonomies", "#0");
    ck_assert_ptr_null(J(t, "version"));
    ck_assert_str_eq(jstring(J(t, "shortDescription", "text")), STD33);
    ck_assert_uint_eq(json_array_size(J(t, "taxa")), 2);
    ck_assert_str_eq(jstring(J(t, "taxa", "#0", "id")), "SR 4.1");
    ck_assert_str_eq(jstring(J(t, "taxa", "#1", "id")), "SR 1.5");
    ck_assert_int_eq(jint(J(run, "tool", "driver", "rules", "#1", "relationships", "#0", "target",
                            "index")),
                     1);
    /* A waived finding without a waiver record keeps the old justification. */
    ck_assert_str_eq(jstring(J(run, "results", "#2", "suppressions", "#0", "status")), "accepted");
    ck_assert_ptr_null(J(run, "results", "#2", "suppressions", "#0", "properties"));
    json_decref(j);
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_junit_rollup)
{
    struct otl_scan scan;
    char *text;
    xmlDocPtr doc;
    xmlNodePtr root, suite;
    size_t sum[4] = {0, 0, 0, 0};

    fixture_rollup(&scan);
    text = capture("junit", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "<skipped message=\"waived: lab switch, isolated (owner "
                                       "J. Ortega, integrator, until 2027-03-31)\">"));
    doc = otl_xml_read_memory(text, strlen(text), "junit.xml", NULL, NULL);
    ck_assert_ptr_nonnull(doc);
    root = xmlDocGetRootElement(doc);
    for (suite = root->children; suite != NULL; suite = suite->next)
        if (is_elem(suite, "testsuite"))
            check_suite(suite, sum);
    ck_assert_uint_eq(sum[0], 7); /* + the controller's one rule */
    ck_assert_uint_eq(sum[1], 1);
    ck_assert_uint_eq(sum[3], 2);
    ck_assert_uint_eq(attr_size(root, "skipped"), 2);
    xmlFreeDoc(doc);
    free(text);

    /* Findings of one rule waived by two waivers: the first is named, the
     * other counted; the rule is skipped, not failed. */
    scan.files[0].results[0].state = OTL_STATE_WAIVED;
    scan.files[0].findings[0].state = OTL_STATE_WAIVED;
    scan.files[0].findings[0].waiver = &waiver_v[W_UNMATCHED];
    scan.files[0].findings[1].state = OTL_STATE_WAIVED;
    scan.files[0].findings[1].waiver = &waiver_v[W_SNMP];
    text = capture("junit", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "<skipped message=\"waived: spare (owner QA, until "
                                       "2027-12-31); and 1 other waiver\">"));
    ck_assert_ptr_null(strstr(text, "<failure"));
    free(text);
    otl_scan_free(&scan);
}
END_TEST

/* ------------------------------------------------------------ matrix */

START_TEST(test_matrix_text)
{
    struct otl_scan scan;
    char *text, *color;

    fixture_rollup(&scan);
    text = capture("matrix-text", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "otlint compliance matrix (configuration evidence only)\n"
                                       "profile: iec62443-sl2  SL-T: 2\n"
                                       "devices: 2\n"
                                       "  [1] sw1 (" FILE1 ")\n"
                                       "  [2] " EVIL_DEV " (" FILE3 ")\n"));
    /* Ids 11 wide, one column per device, the title cut to fit 80. */
    ck_assert_ptr_nonnull(strstr(text, "\nIEC 62443-3-3\n"
                                       "ID           SL  overall        1 2  title\n"
                                       "SR 1.1        1  notassessable  . +  Human user "
                                       "identification and authenticati~\n"
                                       "SR 1.1 RE 1   2  notassessable  .    Unique identification "
                                       "and authentication\n"
                                       "SR 1.5        1  waived         W    Authenticator "
                                       "management\n"
                                       "SR 4.1        1  notsatisfied   X ~  Information "
                                       "confidentiality\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nIEC 62443-4-2\n"
                                       "ID           SL  overall        1 2  title\n"
                                       "CR 4.1        1  notsatisfied   X    Information "
                                       "confidentiality\n"
                                       "EDR 3.10      1  notassessable    .  Support for updates\n"));
    ck_assert_ptr_nonnull(strstr(text, "\nIEC 62443-2-1\n"
                                       "ID           SL  overall        1 2  title\n"
                                       "NET 1         -  notevaluable   ? +\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n+ satisfied  X not satisfied  ? not evaluable  W waived\n"
                                       ". not assessable from configuration  ~ not applicable  "
                                       "(blank) not in scope\n"
                                       "7 requirements: satisfied 0, notsatisfied 2, "
                                       "notevaluable 1, waived 1, notassessable 3, "
                                       "notapplicable 0\n"));
    ck_assert_ptr_null(strchr(text, '\x1b'));

    color = capture("matrix-text", &scan, 1, 0);
    ck_assert_ptr_nonnull(strstr(color, " \x1b[31mX\x1b[0m "));
    ck_assert_ptr_nonnull(strstr(color, " \x1b[32m+\x1b[0m"));

    /* No target, and a device name with a terminal escape. */
    scan.target_sl = 0;
    free(scan.files[0].device);
    scan.files[0].device = xstrdup("sw\x1b[2J1");
    free(text);
    text = capture("matrix-text", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "SL-T: none\n"));
    ck_assert_ptr_nonnull(strstr(text, "[1] sw\\x1b[2J1 ("));
    ck_assert_ptr_null(strchr(text, '\x1b'));
    free(text);
    free(color);
    otl_scan_free(&scan);

    /* No roll-up at all: a header and zero requirements, no crash. */
    fixture_new(&scan);
    text = capture("matrix-text", &scan, 0, 0);
    ck_assert_ptr_nonnull(strstr(text, "devices: 0\n"));
    ck_assert_ptr_nonnull(strstr(text, "0 requirements: satisfied 0,"));
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_matrix_json)
{
    static const char *const top[] = {"schema_version",   "tool",    "profile",     "target_sl",
                                      "assessment_basis", "devices", "requirements"};
    struct otl_scan scan;
    char *text;
    json_t *j, *v, *r;
    const char *key;
    size_t i;

    fixture_rollup(&scan);
    text = capture("matrix-json", &scan, 0, 0);
    j = parse_json(text);
    ck_assert_uint_eq(json_object_size(j), sizeof top / sizeof top[0]);
    i = 0;
    json_object_foreach(j, key, v)
        ck_assert_str_eq(key, top[i++]);
    ck_assert_str_eq(jstring(J(j, "schema_version")), "1.0");
    ck_assert_str_eq(jstring(J(j, "tool", "name")), "otlint");
    ck_assert_str_eq(jstring(J(j, "profile")), "iec62443-sl2");
    ck_assert_int_eq(jint(J(j, "target_sl")), 2);
    ck_assert_str_eq(jstring(J(j, "assessment_basis")), "configuration evidence only");
    /* Only the files with a roll-up. */
    v = J(j, "devices");
    ck_assert_uint_eq(json_array_size(v), 2);
    ck_assert_str_eq(jstring(J(v, "#0", "device")), "sw1");
    ck_assert_str_eq(jstring(J(v, "#0", "path")), FILE1);
    ck_assert_str_eq(jstring(J(v, "#0", "format")), "cisco-ios");
    ck_assert_str_eq(jstring(J(v, "#1", "device")), EVIL_DEV);
    ck_assert_str_eq(jstring(J(v, "#1", "path")), FILE3);

    v = J(j, "requirements");
    ck_assert_uint_eq(json_array_size(v), 7);
    r = J(v, "#0");
    ck_assert_str_eq(jstring(J(r, "standard")), STD33);
    ck_assert_str_eq(jstring(J(r, "id")), "SR 1.1");
    ck_assert_int_eq(jint(J(r, "sl")), 1);
    ck_assert_int_eq(jint(J(r, "fr")), 1);
    ck_assert_str_eq(jstring(J(r, "status")), "notassessable");
    ck_assert_str_eq(jstring(J(r, "devices", "#0")), "notassessable");
    ck_assert_str_eq(jstring(J(r, "devices", "#1")), "satisfied");
    /* Selected rules that reference it, counted once. */
    ck_assert_uint_eq(json_array_size(J(r, "rules")), 1);
    ck_assert_str_eq(jstring(J(r, "rules", "#0")), "NET-BANNER");
    r = J(v, "#1");
    ck_assert_str_eq(jstring(J(r, "devices", "#0")), "notassessable");
    ck_assert(json_is_null(J(r, "devices", "#1"))); /* not in scope */
    ck_assert_uint_eq(json_array_size(J(r, "rules")), 0);
    ck_assert_str_eq(jstring(J(v, "#3", "rules", "#0")), "NET-SVC-TELNET");
    ck_assert_str_eq(jstring(J(v, "#3", "devices", "#1")), "notapplicable");
    r = J(v, "#5");
    ck_assert_str_eq(jstring(J(r, "id")), "EDR 3.10");
    ck_assert(json_is_null(J(r, "devices", "#0")));
    r = J(v, "#6");
    ck_assert(json_is_null(J(r, "title")));
    ck_assert(json_is_null(J(r, "sl")));
    ck_assert(json_is_null(J(r, "fr")));
    ck_assert_str_eq(jstring(J(r, "rules", "#0")), "NET-BANNER");
    json_decref(j);
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_matrix_csv)
{
    struct otl_scan scan;
    char *text;

    fixture_rollup(&scan);
    text = capture("matrix-csv", &scan, 0, 0);
    ck_assert_str_eq(
        text,
        "standard,id,title,sl,fr,status,sw1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n"
        "IEC 62443-3-3,SR 1.1,Human user identification and authentication,1,1,notassessable,"
        "notassessable,satisfied\r\n"
        "IEC 62443-3-3,SR 1.1 RE 1,Unique identification and authentication,2,1,notassessable,"
        "notassessable,not in scope\r\n"
        "IEC 62443-3-3,SR 1.5,Authenticator management,1,1,waived,waived,not in scope\r\n"
        "IEC 62443-3-3,SR 4.1,Information confidentiality,1,4,notsatisfied,notsatisfied,"
        "notapplicable\r\n"
        "IEC 62443-4-2,CR 4.1,Information confidentiality,1,4,notsatisfied,notsatisfied,"
        "not in scope\r\n"
        "IEC 62443-4-2,EDR 3.10,Support for updates,1,3,notassessable,not in scope,"
        "notassessable\r\n"
        "IEC 62443-2-1,NET 1,,,,notevaluable,notevaluable,satisfied\r\n");
    free(text);

    /* The other formula starters; quoting of CR/LF; ill-formed UTF-8. */
    {
        static const struct {
            const char *name, *want;
        } cases[] = {
            {"+1", "'+1"},         {"-1", "'-1"},         {"@SUM(A1)", "'@SUM(A1)"},
            {"\tx", "'\tx"},       {"\rx", "\"'\rx\""},   {"a\nb", "\"a\nb\""},
            {"a \"b\"", "\"a \"\"b\"\"\""}, {"x=1", "x=1"}, {"bad\xff", "bad\xEF\xBF\xBD"},
        };
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            char want[64];
            free(scan.files[2].device);
            scan.files[2].device = xstrdup(cases[i].name);
            text = capture("matrix-csv", &scan, 0, 0);
            snprintf(want, sizeof want, ",sw1,%s\r\n", cases[i].want);
            ck_assert_msg(strstr(text, want) != NULL, "case %zu: %s", i, text);
            free(text);
        }
    }
    otl_scan_free(&scan);

    /* No roll-up: the header only. */
    fixture_new(&scan);
    text = capture("matrix-csv", &scan, 0, 0);
    ck_assert_str_eq(text, "standard,id,title,sl,fr,status\r\n");
    free(text);
    otl_scan_free(&scan);
}
END_TEST

START_TEST(test_output_matrix)
{
    struct otl_scan scan;
    char *dir = otl_test_mkdtemp(), *target, *content, *entry = NULL;
    size_t len = 0;

    ck_assert_ptr_nonnull(dir);
    target = otl_test_path(dir, "matrix.csv");
    ck_assert_int_eq(otl_matrix_format_known("csv"), 1);
    ck_assert_int_eq(otl_matrix_format_known("text"), 1);
    ck_assert_int_eq(otl_matrix_format_known("json"), 1);
    ck_assert_int_eq(otl_matrix_format_known("sarif"), 0);
    ck_assert_int_eq(otl_matrix_format_known(NULL), 0);
    ck_assert_int_eq(otl_output_format_known("csv"), 0);

    fixture_rollup(&scan);
    ck_assert_int_eq(otl_output_write_matrix("csv", target, &scan, 0), 0);
    content = otl_test_read_file(target, &len);
    ck_assert_ptr_nonnull(content);
    ck_assert_int_eq(strncmp(content, "standard,id,", 12), 0);
    free(content);
    ck_assert_int_eq(otl_test_count_entries(dir, &entry), 1);
    ck_assert_str_eq(entry, "matrix.csv");
    free(entry);

    errno = 0;
    ck_assert_int_eq(otl_output_write_matrix("junit", target, &scan, 0), -2);
    ck_assert_int_eq(errno, EINVAL);
    ck_assert_int_eq(otl_output_write_matrix("text", "/dev/null", &scan, 1), 0);
    ck_assert_int_eq(otl_output_write_matrix("json", target, &scan, 0), 0);
    content = otl_test_read_file(target, &len);
    ck_assert_ptr_nonnull(content);
    json_decref(parse_json(content));
    free(content);

    otl_scan_free(&scan);
    ck_assert_int_eq(otl_test_rmtree(dir), 0);
    free(target);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------ output.c */

START_TEST(test_output_atomic)
{
    struct otl_scan scan;
    char *dir = otl_test_mkdtemp(), *target, *sub, *content, *entry = NULL;
    struct stat st;
    json_t *j;
    size_t len = 0;

    ck_assert_ptr_nonnull(dir);
    target = otl_test_path(dir, "out.json");
    sub = otl_test_path(dir, "sub");
    ck_assert_int_eq(otl_test_write_file(target, "old", 3), 0);
    fixture_new(&scan);

    ck_assert_int_eq(otl_output_format_known("sarif"), 1);
    ck_assert_int_eq(otl_output_format_known("html"), 0);
    ck_assert_int_eq(otl_output_format_known(NULL), 0);

    /* Replaced whole; no temporary file left; the mode of the file it
     * replaces kept (issue 23; a new file gets 0666 less the umask). */
    ck_assert_int_eq(chmod(target, 0640), 0);
    ck_assert_int_eq(otl_output_write("json", target, &scan, 0, 0), 0);
    content = otl_test_read_file(target, &len);
    ck_assert_ptr_nonnull(content);
    ck_assert_uint_gt(len, 3);
    ck_assert_int_eq(content[len - 1], '\n');
    j = parse_json(content);
    json_decref(j);
    free(content);
    ck_assert_int_eq(otl_test_count_entries(dir, &entry), 1);
    ck_assert_str_eq(entry, "out.json");
    free(entry);
    ck_assert_int_eq(stat(target, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0640);

    /* Unknown format: refused, target untouched. */
    errno = 0;
    ck_assert_int_eq(otl_output_write("html", target, &scan, 0, 0), -2);
    ck_assert_int_eq(errno, EINVAL);
    content = otl_test_read_file(target, &len);
    ck_assert_ptr_nonnull(content);
    ck_assert_int_eq(content[0], '{');
    free(content);

    /* rename over a directory fails: -1, errno kept, temporary removed. */
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    errno = 0;
    ck_assert_int_eq(otl_output_write("text", sub, &scan, 0, 0), -1);
    ck_assert_int_ne(errno, 0);
    ck_assert_int_eq(otl_test_count_entries(dir, NULL), 2);

    /* A directory that does not exist. */
    free(sub);
    sub = otl_test_path(dir, "missing/out.xml");
    ck_assert_int_eq(otl_output_write("junit", sub, &scan, 0, 0), -1);
    ck_assert_int_eq(errno, ENOENT);

    /* Not a regular file: written in place, never renamed over (renaming
     * over /dev/null as root would replace the device with a file). */
    {
        char *fifo = otl_test_path(dir, "fifo"), *link = otl_test_path(dir, "link.json");
        pid_t pid;
        int status;
        ck_assert_int_eq(mkfifo(fifo, 0644), 0);
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) { /* drain the FIFO */
            char buf[4096];
            int fd = open(fifo, O_RDONLY);
            while (fd >= 0 && read(fd, buf, sizeof buf) > 0)
                ;
            _exit(0);
        }
        ck_assert_int_eq(otl_output_write("json", fifo, &scan, 0, 0), 0);
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_int_eq(lstat(fifo, &st), 0);
        ck_assert(S_ISFIFO(st.st_mode));
        ck_assert_int_eq(otl_output_write("text", "/dev/null", &scan, 0, 0), 0);
        ck_assert_int_eq(stat("/dev/null", &st), 0);
        ck_assert(S_ISCHR(st.st_mode));
        /* Through a symlink: never (issue 23): refused with ELOOP, the file
         * it names and the link stay as they were, no temporary left. */
        ck_assert_int_eq(symlink("out.json", link), 0);
        errno = 0;
        ck_assert_int_eq(otl_output_write("sarif", link, &scan, 0, 0), -1);
        ck_assert_int_eq(errno, ELOOP);
        ck_assert_int_eq(lstat(link, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        content = otl_test_read_file(target, &len);
        ck_assert_ptr_null(strstr(content, "\"version\": \"2.1.0\""));
        free(content);
        unlink(fifo);
        unlink(link);
        free(fifo);
        free(link);
    }

    otl_scan_free(&scan);
    ck_assert_int_eq(otl_test_rmtree(dir), 0);
    free(target);
    free(sub);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------ schemas */

/* Validate with tests/validate-json.py when the test runs under `make
 * check` (TESTS_ENVIRONMENT gives PYTHON3 and OTL_TOP_SRCDIR).  The fixture
 * is nastier than any example config, so it is the better schema test. */
static void validate(const char *schema, const char *file)
{
    const char *py = getenv("PYTHON3"), *top = getenv("OTL_TOP_SRCDIR");
    char *script;
    pid_t pid;
    int status = 0;

    if (py == NULL || py[0] == '\0' || strcmp(py, "no") == 0 || top == NULL ||
        access(schema, R_OK) != 0) {
        fprintf(stderr, "check_writers: schema validation of %s skipped\n", file);
        return;
    }
    script = otl_test_path(top, "tests/validate-json.py");
    ck_assert_ptr_nonnull(script);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execl(py, py, script, schema, file, (char *)NULL);
        _exit(127);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    free(script);
    ck_assert(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77) {
        fprintf(stderr, "check_writers: jsonschema missing, %s not validated\n", file);
        return;
    }
    ck_assert_msg(WEXITSTATUS(status) == 0, "%s does not validate against %s", file, schema);
}

START_TEST(test_schemas)
{
    const char *top = getenv("OTL_TOP_SRCDIR");
    struct otl_scan scan;
    char *dir = otl_test_mkdtemp(), *json, *sarif, *mjson, *ours, *theirs, *matrix;

    if (top == NULL)
        top = OTL_SRCDIR;
    ck_assert_ptr_nonnull(dir);
    json = otl_test_path(dir, "out.json");
    sarif = otl_test_path(dir, "out.sarif");
    mjson = otl_test_path(dir, "matrix.json");
    ours = otl_test_path(top, "docs/otlint-result.schema.json");
    matrix = otl_test_path(top, "docs/otlint-matrix.schema.json");
    theirs = otl_test_path(top, "../shared/schemas/sarif-schema-2.1.0.json");
    fixture_new(&scan);
    ck_assert_int_eq(otl_output_write("json", json, &scan, 0, 0), 0);
    ck_assert_int_eq(otl_output_write("sarif", sarif, &scan, 0, 0), 0);
    ck_assert_int_eq(otl_output_write_matrix("json", mjson, &scan, 0), 0);
    validate(ours, json);
    validate(theirs, sarif);
    validate(matrix, mjson);
    otl_scan_free(&scan);

    /* Every key issue 4 added, and the taxonomies. */
    fixture_rollup(&scan);
    ck_assert_int_eq(otl_output_write("json", json, &scan, 0, 0), 0);
    ck_assert_int_eq(otl_output_write("sarif", sarif, &scan, 0, 0), 0);
    ck_assert_int_eq(otl_output_write_matrix("json", mjson, &scan, 0), 0);
    validate(ours, json);
    validate(theirs, sarif);
    validate(matrix, mjson);
    otl_scan_free(&scan);

    otl_test_rmtree(dir);
    free(json);
    free(sarif);
    free(mjson);
    free(ours);
    free(matrix);
    free(theirs);
    free(dir);
}
END_TEST

static Suite *writers_suite(void)
{
    Suite *s = suite_create("writers");
    TCase *tc = tcase_create("result");

    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_class_names);
    tcase_add_test(tc, test_utf8_clean);
    tcase_add_test(tc, test_text_safe);
    tcase_add_test(tc, test_counts_and_free);
    suite_add_tcase(s, tc);

    tc = tcase_create("writers");
    tcase_add_test(tc, test_json);
    tcase_add_test(tc, test_json_strings);
    tcase_add_test(tc, test_sarif);
    tcase_add_test(tc, test_sarif_success);
    tcase_add_test(tc, test_junit);
    tcase_add_test(tc, test_text);
    suite_add_tcase(s, tc);

    tc = tcase_create("rollup");
    tcase_add_test(tc, test_json_rollup);
    tcase_add_test(tc, test_text_rollup);
    tcase_add_test(tc, test_sarif_rollup);
    tcase_add_test(tc, test_junit_rollup);
    tcase_add_test(tc, test_matrix_text);
    tcase_add_test(tc, test_matrix_json);
    tcase_add_test(tc, test_matrix_csv);
    suite_add_tcase(s, tc);

    tc = tcase_create("output");
    tcase_add_test(tc, test_output_atomic);
    tcase_add_test(tc, test_output_matrix);
    /* test_schemas runs python3 jsonschema on the SARIF schema six times:
     * over 30 s under a full parallel `make check` on a loaded machine */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_schemas);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(writers_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
