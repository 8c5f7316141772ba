/*
 * check_writers.c - the result model helpers and the four writers.
 *
 * One hand-built scan (fixture_new) exercises everything a writer must get
 * right: two files (one evaluated with every rule state, one unreadable with
 * an error diagnostic), rules with IEC 62443 references, a finding whose
 * message holds quotes, backslashes, control characters, an ESC sequence and
 * ill-formed UTF-8, and a waived finding.  The expected numbers below follow
 * from the fixture; if you change it, recount.
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

#include "otlint.h"
#include "result.h"
#include "testutil.h"
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
    {"IEC 62443-3-3", "SR 4.1", 1},
    {"IEC 62443-4-2", "CR 4.1", 1},
};
static struct otl_ref snmp_refs[] = {{"IEC 62443-3-3", "SR 1.5", 1}};
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
    f->results[0] = (struct otl_rule_result){&rules[R_TELNET], OTL_STATE_FAIL, NULL, 2};
    f->results[1] = (struct otl_rule_result){&rules[R_SNMP], OTL_STATE_WAIVED,
                                             xstrdup("lab switch, isolated"), 1};
    f->results[2] = (struct otl_rule_result){&rules[R_BANNER], OTL_STATE_PASS, NULL, 0};
    f->results[3] = (struct otl_rule_result){&rules[R_NTP], OTL_STATE_NOTEVALUABLE,
                                             xstrdup("no ntp facts"), 0};
    f->results[4] = (struct otl_rule_result){&rules[R_LOG], OTL_STATE_ERROR,
                                             xstrdup("regex match limit"), 0};
    f->results[5] = (struct otl_rule_result){&rules[R_SNMPV3], OTL_STATE_NOTAPPLICABLE,
                                             xstrdup("no SNMP"), 0};
    f->nfindings = 3;
    f->findings = xcalloc(3, sizeof *f->findings);
    f->findings[0] = (struct otl_finding){&rules[R_TELNET], OTL_STATE_FAIL, 12,
                                          xstrdup("vty 0-4 accepts telnet"),
                                          xstrdup("line vty 0 4 / transport input telnet"),
                                          xstrdup("session[vty 0 4]"), FP1};
    f->findings[1] = (struct otl_finding){&rules[R_TELNET], OTL_STATE_FAIL, 14,
                                          xstrdup(NASTY_MSG), xstrdup("evi\xc3\x28" "dence"),
                                          xstrdup("session[con 0]"), FP2};
    f->findings[2] = (struct otl_finding){&rules[R_SNMP], OTL_STATE_WAIVED, 20,
                                          xstrdup("community public"), NULL, NULL, FP3};

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
    else
        rc = otl_write_junit(f, scan);
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
                                      "summary", "rules", "devices"};
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
    ck_assert_str_eq(jstring(J(v, "findings", "#1", "fingerprint")), FP2);
    ck_assert_str_eq(jstring(J(v, "findings", "#2", "state")), "waived");
    ck_assert_str_eq(jstring(J(v, "findings", "#2", "severity")), "critical");
    ck_assert(json_is_null(J(v, "findings", "#2", "evidence")));

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
    ck_assert_str_eq(jstring(J(r, "help", "text")), "transport input ssh");
    tags = J(r, "properties", "tags");
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
        for (xmlNodePtr c = tc->children; c != NULL; c = c->next) {
            have[1] += is_elem(c, "failure");
            have[2] += is_elem(c, "error");
            have[3] += is_elem(c, "skipped");
        }
    }
    ck_assert_uint_eq(attr_size(suite, "tests"), have[0]);
    ck_assert_uint_eq(attr_size(suite, "failures"), have[1]);
    ck_assert_uint_eq(attr_size(suite, "errors"), have[2]);
    ck_assert_uint_eq(attr_size(suite, "skipped"), have[3]);
    for (int i = 0; i < 4; i++)
        want[i] += have[i];
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
    /* What the fixture implies: 6 rule results + 1 "parse" case; one fail;
     * one rule error + the unreadable file; notevaluable + notapplicable. */
    ck_assert_uint_eq(sum[0], 7);
    ck_assert_uint_eq(sum[1], 1);
    ck_assert_uint_eq(sum[2], 2);
    ck_assert_uint_eq(sum[3], 2);
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

    /* Replaced whole; no temporary file left; readable by others. */
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
    ck_assert_uint_eq(st.st_mode & 0777, 0644);

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
        /* Through a symlink: the file it names is replaced, the link stays. */
        ck_assert_int_eq(symlink("out.json", link), 0);
        ck_assert_int_eq(otl_output_write("sarif", link, &scan, 0, 0), 0);
        ck_assert_int_eq(lstat(link, &st), 0);
        ck_assert(S_ISLNK(st.st_mode));
        content = otl_test_read_file(target, &len);
        ck_assert_ptr_nonnull(strstr(content, "\"version\": \"2.1.0\""));
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
    char *dir = otl_test_mkdtemp(), *json, *sarif, *ours, *theirs;

    if (top == NULL)
        top = OTL_SRCDIR;
    ck_assert_ptr_nonnull(dir);
    json = otl_test_path(dir, "out.json");
    sarif = otl_test_path(dir, "out.sarif");
    ours = otl_test_path(top, "docs/otlint-result.schema.json");
    theirs = otl_test_path(top, "../shared/schemas/sarif-schema-2.1.0.json");
    fixture_new(&scan);
    ck_assert_int_eq(otl_output_write("json", json, &scan, 0, 0), 0);
    ck_assert_int_eq(otl_output_write("sarif", sarif, &scan, 0, 0), 0);
    validate(ours, json);
    validate(theirs, sarif);
    otl_scan_free(&scan);
    otl_test_rmtree(dir);
    free(json);
    free(sarif);
    free(ours);
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

    tc = tcase_create("output");
    tcase_add_test(tc, test_output_atomic);
    tcase_set_timeout(tc, 30);
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
