/*
 * check_engine.c - rule engine: select, assert, regex, variables, states,
 * profiles, fingerprints.  Documents come from the test-good plugin
 * (tests/plugins/good.c) through the real parse path.
 */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>

#include "catalog.h"
#include "engine.h"
#include "loader.h"
#include "regex.h"
#include "scan.h"
#include "testutil.h"
#include "util.h"
#include "xpcost.h"

#define SCHEMA OTL_SRCDIR "/baselines/schema"

static char errs[8192];
static int nerrs;

static void on_err(void *arg, int level, const char *file, unsigned long line, const char *msg)
{
    (void)arg;
    ck_assert_int_eq(level, OTL_DIAG_ERROR); /* loaders report errors only */
    nerrs++;
    snprintf(errs + strlen(errs), sizeof errs - strlen(errs), "%s:%lu: %s\n", file, line, msg);
}

static void on_refuse(void *arg, int level, const char *path, unsigned long line,
                      const char *reason)
{
    (void)arg, (void)level, (void)line;
    fprintf(stderr, "%s: %s\n", path, reason);
}

static char *tmp;
static struct otl_registry reg;
static struct otl_ruleset rs;
static struct otl_selection sel;
static struct otl_file file;

static void setup(void)
{
    errs[0] = '\0';
    nerrs = 0;
    tmp = otl_test_mkdtemp();
    ck_assert_ptr_nonnull(tmp);
    otl_registry_init(&reg);
    ck_assert_int_eq(otl_registry_load_file(&reg, OTL_TESTPLUGINDIR "/good.so", OTL_PLUGIN_FORMAT,
                                            on_refuse, NULL), 0);
    otl_ruleset_init(&rs);
    memset(&sel, 0, sizeof sel);
    memset(&file, 0, sizeof file);
}

static void teardown(void)
{
    otl_file_clear(&file);
    otl_selection_free(&sel);
    otl_ruleset_free(&rs);
    otl_registry_free(&reg);
    otl_test_rmtree(tmp);
    free(tmp);
}

static const char *head = "<baseline xmlns=\"urn:otlint:baseline:1\" id=\"t\">\n";

/* A rule with the boilerplate filled in; `body` = [param*] [applies]
 * [requires] select|assert message. */
static char *rule(const char *id, const char *sev, const char *classes, const char *tags,
                  const char *body)
{
    char *s = malloc(4096);
    snprintf(s, 4096,
             "<rule id=\"%s\" severity=\"%s\" classes=\"%s\" tags=\"%s\">\n"
             "<title>t %s</title><rationale>r</rationale><fix>f</fix>\n"
             "<ref standard=\"IEC 62443-3-3\" id=\"SR 1.1\" sl=\"1\"/>\n"
             "<ref standard=\"IEC 62443-4-2\" id=\"CR 1.1\" sl=\"1\"/>\n"
             "<source>test</source>\n%s\n</rule>\n",
             id, sev, classes, tags, id, body);
    return s;
}

/* A rule with its own references (`refs`: <ref> elements) and a trivial check. */
static char *rule_refs(const char *id, const char *tags, const char *refs)
{
    char *s = malloc(4096);
    snprintf(s, 4096,
             "<rule id=\"%s\" severity=\"medium\" classes=\"switch\" tags=\"%s\">\n"
             "<title>t %s</title><rationale>r</rationale><fix>f</fix>\n%s\n"
             "<source>test</source>\n<select>facts/x</select><message>x</message>\n</rule>\n",
             id, tags, id, refs);
    return s;
}

/* Writes the baseline of the given rules (NULL-terminated, freed). */
static int load_baseline(char *r1, ...)
{
    va_list ap;
    char *p = otl_test_path(tmp, "b.xml"), *r;
    size_t cap = 65536, n;
    char *buf = malloc(cap);
    int e;

    snprintf(buf, cap, "%s", head);
    va_start(ap, r1);
    for (r = r1; r; r = va_arg(ap, char *)) {
        n = strlen(buf);
        snprintf(buf + n, cap - n, "%s", r);
        free(r);
    }
    va_end(ap);
    n = strlen(buf);
    snprintf(buf + n, cap - n, "</baseline>\n");
    otl_test_write_file(p, buf, strlen(buf));
    e = otl_ruleset_load_baseline(&rs, p, SCHEMA, on_err, NULL);
    free(buf);
    free(p);
    return e;
}

static int load_profile(const char *xml)
{
    char *p = otl_test_path(tmp, "p.xml");
    int e;
    otl_test_write_file(p, xml, strlen(xml));
    e = otl_ruleset_load_profile(&rs, p, SCHEMA, on_err, NULL);
    free(p);
    return e;
}

static const char *default_profile =
    "<profile xmlns=\"urn:otlint:profile:1\" id=\"default\"><title>all</title></profile>";

/* Parse `input` with test-good and evaluate profile `pid` into `file`;
 * with `recs`, raw statements as records (as a scan does when no rule reads
 * raw elements). */
static void run_with(const char *pid, const char *input, struct otl_rawrecs *recs)
{
    struct otl_scan_opts so = {1, NULL, 1 << 20, NULL, NULL, NULL, NULL, NULL, 0};
    struct otl_devdoc dd;
    struct otl_evaluator *ev;
    char err[256], *p = otl_test_path(tmp, "in.cfg");

    if (otl_ruleset_find_profile(&rs, pid) == NULL)
        ck_assert_int_eq(load_profile(default_profile), 0);
    ck_assert_msg(otl_select(&rs, pid, &sel, on_err, NULL) == 0, "select: %s", errs);
    otl_test_write_file(p, input, strlen(input));
    otl_file_clear(&file);
    memset(&file, 0, sizeof file);
    ck_assert_int_eq(otl_parse_file(&reg, &so, p, &file, &dd, recs), 0);
    if (recs != NULL && recs->n > 0)
        ck_assert_ptr_null(dd.raw->children); /* records, no elements */
    ev = otl_evaluator_new(&sel, &reg, err, sizeof err);
    ck_assert_msg(ev != NULL, "evaluator: %s", err);
    otl_evaluator_set_raw(ev, recs);
    ck_assert_int_eq(otl_evaluate(ev, &dd, OTL_CLASS_SWITCH | OTL_CLASS_ROUTER, &file), 0);
    otl_evaluator_free(ev);
    xmlFreeDoc(dd.doc);
    free(p);
}

static void run(const char *pid, const char *input)
{
    run_with(pid, input, NULL);
}

static const struct otl_rule_result *result(const char *id)
{
    size_t i;
    for (i = 0; i < file.nresults; i++)
        if (strcmp(file.results[i].rule->id, id) == 0)
            return &file.results[i];
    ck_abort_msg("no result for %s", id);
    return NULL;
}

static const struct otl_finding *finding(const char *id, size_t nth)
{
    size_t i;
    for (i = 0; i < file.nfindings; i++)
        if (strcmp(file.findings[i].rule->id, id) == 0 && nth-- == 0)
            return &file.findings[i];
    ck_abort_msg("no finding %zu for %s", nth, id);
    return NULL;
}

static const char *cfg =
    "TESTCFG\n"
    "fact system hostname=SW1 class=switch export-kind=full\n"
    "fact service name=telnet enabled=true\n"
    "fact service name=ssh enabled=true version=2\n"
    "fact session channel=vty first=0 last=4 idle-timeout=1800\n"
    "fact session channel=console first=0 last=0 idle-timeout=300\n"
    "fact account name=Admin secret-kind=cleartext\n"
    "raw username Admin password 0 <redacted>\n";

START_TEST(select_yields_finding_per_node)
{
    ck_assert_int_eq(load_baseline(rule("T-SEL", "high", "switch", "",
        "<select>facts/service[@enabled='true']</select><message>{@name} is on</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-SEL")->state, OTL_STATE_FAIL);
    ck_assert_uint_eq(result("T-SEL")->nfindings, 2);
    ck_assert_str_eq(finding("T-SEL", 0)->message, "telnet is on");
    ck_assert_uint_eq(finding("T-SEL", 0)->line, 3);
    ck_assert_str_eq(finding("T-SEL", 1)->message, "ssh is on");
    ck_assert_uint_eq(finding("T-SEL", 1)->line, 4);
    ck_assert_str_eq(file.device, "SW1");
}
END_TEST

/* issue 22 item 4: a finding is placed at the line of the attribute it is
 * about (select at="..."), evidence is the statement at that line. */
static const char *cfg_lines =
    "TESTCFG\n"
    "fact system hostname=SW1 class=switch export-kind=full\n"
    "stmt session line vty 0 4\n"
    "set channel=vty first=0\n"
    "set idle-timeout=0 -- exec-timeout 0 0\n"
    "set transport-in=telnet -- transport input telnet\n"
    "default service name=ssh enabled=true version=1.99\n";

START_TEST(select_at_attribute_line)
{
    ck_assert_int_eq(load_baseline(
        rule("T-AT", "low", "switch", "", "<select at=\"idle-timeout\">facts/session[@idle-timeout = 0]</select><message>x</message>"),
        rule("T-AT2", "low", "switch", "", "<select at=\"absent transport-in idle-timeout\">facts/session</select><message>x</message>"),
        rule("T-NOAT", "low", "switch", "", "<select>facts/session</select><message>x</message>"),
        rule("T-NOLINE", "low", "switch", "", "<select at=\"first\">facts/session[@first='0']</select><message>x</message>"),
        rule("T-ATTR", "low", "switch", "", "<select>facts/session/@transport-in</select><message>x</message>"),
        rule("T-DEV", "low", "switch", "", "<select at=\"version\">facts/service[@version='1.99']</select><message>x</message>"), NULL), 0);
    for (int recs = 0; recs < 2; recs++) {
        struct otl_rawrecs rr;
        memset(&rr, 0, sizeof rr);
        run_with("default", cfg_lines, recs ? &rr : NULL);
        ck_assert_uint_eq(finding("T-AT", 0)->line, 5);
        ck_assert_str_eq(finding("T-AT", 0)->evidence, "exec-timeout 0 0");
        /* the first attribute present with a line */
        ck_assert_uint_eq(finding("T-AT2", 0)->line, 6);
        ck_assert_str_eq(finding("T-AT2", 0)->evidence, "transport input telnet");
        /* no at: the element's line */
        ck_assert_uint_eq(finding("T-NOAT", 0)->line, 3);
        ck_assert_str_eq(finding("T-NOAT", 0)->evidence, "line vty 0 4");
        /* set on another line than the element's: still its own line */
        ck_assert_uint_eq(finding("T-NOLINE", 0)->line, 4);
        /* an attribute node selected: its own line */
        ck_assert_uint_eq(finding("T-ATTR", 0)->line, 6);
        /* a fact made from no statement: device level, no evidence (never
         * the document's own XML) */
        ck_assert_uint_eq(finding("T-DEV", 0)->line, 0);
        ck_assert_ptr_null(finding("T-DEV", 0)->evidence);
        otl_rawrecs_free(&rr);
        otl_selection_free(&sel);
    }
}
END_TEST

START_TEST(select_at_refuses_bad_names)
{
    ck_assert_int_ge(load_baseline(rule("T-BADAT", "low", "switch", "",
        "<select at=\"idle timeout 1x\">facts/session</select><message>x</message>"), NULL), 1);
}
END_TEST

START_TEST(select_empty_is_pass)
{
    ck_assert_int_eq(load_baseline(rule("T-SEL", "high", "switch", "",
        "<select>facts/service[@name='http']</select><message>x</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-SEL")->state, OTL_STATE_PASS);
    ck_assert_uint_eq(file.nfindings, 0);
}
END_TEST

START_TEST(assert_false_is_device_finding)
{
    ck_assert_int_eq(load_baseline(
        rule("T-NTP", "medium", "switch router", "", "<assert>count(facts/ntp-server) &gt; 0</assert><message>no NTP on {facts/system/@hostname}</message>"),
        rule("T-OK", "low", "switch", "", "<assert>count(facts/session) = 2</assert><message>x</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-NTP")->state, OTL_STATE_FAIL);
    ck_assert_uint_eq(finding("T-NTP", 0)->line, 0);
    ck_assert_str_eq(finding("T-NTP", 0)->message, "no NTP on SW1");
    ck_assert_int_eq(result("T-OK")->state, OTL_STATE_PASS);
}
END_TEST

START_TEST(regex_functions)
{
    ck_assert_int_eq(load_baseline(
        rule("T-RE", "low", "switch", "", "<select>facts/account[re:test(@name, '^adm', 'i')]</select>"
             "<message>{re:replace(@name, '[aeiou]', '_', 'i')} / {re:match(@name, '(d)(m)', 2)}</message>"),
        rule("T-RE2", "low", "switch", "", "<select>facts/account[re:test(@name, '^adm')]</select><message>x</message>"),
        rule("T-IF", "low", "switch", "", "<select>facts/session</select><message>{otl:if(@channel = 'vty', concat('vty ', @first, '-', @last), @channel)}</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-RE")->state, OTL_STATE_FAIL);
    ck_assert_str_eq(finding("T-RE", 0)->message, "_dm_n / m");
    ck_assert_int_eq(result("T-RE2")->state, OTL_STATE_PASS); /* case-sensitive */
    ck_assert_str_eq(finding("T-IF", 0)->message, "vty 0-4");
    ck_assert_str_eq(finding("T-IF", 1)->message, "console");
}
END_TEST

START_TEST(version_compare)
{
    /* One message shows each comparison: version-cmp is numeric per
     * component.  It is the versions checker module's (checkers/versions.c). */
    ck_assert_int_eq(otl_registry_load_file(&reg, OTL_BUILDDIR "/checkers/.libs/versions.so",
                                            OTL_PLUGIN_CHECKER, on_refuse, NULL), 0);
    ck_assert_int_eq(load_baseline(
        rule("T-VER", "low", "switch", "", "<select>facts/system</select><message>"
             "{otl:version-cmp('2.9', '2.10')} {otl:version-cmp('34.11', '34.2')} "
             "{otl:version-cmp('V4.5', '4.5.0')} {otl:version-cmp('v32.02', '32.2')} "
             "{otl:version-cmp('3.5.19.30', '3.5.19')} {otl:version-cmp('1.0', '1.0.1')} "
             "{otl:version-cmp('', '1')} {otl:version-cmp('x', 'y')}</message>"),
        rule("T-VERNAN", "low", "switch", "", "<select>facts/system[otl:version-cmp('none', '1') &lt; 1]</select><message>x</message>"),
        NULL), 0);
    run("default", cfg);
    ck_assert_str_eq(finding("T-VER", 0)->message, "-1 1 0 0 1 -1 NaN NaN");
    ck_assert_int_eq(result("T-VERNAN")->state, OTL_STATE_PASS); /* NaN < 1 is false */
}
END_TEST

START_TEST(bad_regex_is_error_not_pass)
{
    ck_assert_int_eq(load_baseline(
        rule("T-BADRE", "low", "switch", "", "<select>facts/account[re:test(@name, '(unclosed')]</select><message>x</message>"),
        rule("T-FLAG", "low", "switch", "", "<select>facts/account[re:test(@name, 'a', 'q')]</select><message>x</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-BADRE")->state, OTL_STATE_ERROR);
    ck_assert_ptr_nonnull(strstr(result("T-BADRE")->reason, "missing closing parenthesis"));
    ck_assert_int_eq(result("T-FLAG")->state, OTL_STATE_ERROR);
    ck_assert_ptr_nonnull(strstr(result("T-FLAG")->reason, "unknown regex flag"));
    ck_assert_uint_eq(file.nfindings, 0);
}
END_TEST

START_TEST(regex_match_limit_is_notevaluable)
{
    /* Catastrophic backtracking on a long subject hits the match limit: the
     * input's cost, not a broken rule, so the rule is not decided and the
     * file is partial (exit 3), never a pass. */
    ck_assert_int_eq(load_baseline(
        rule("T-REDOS", "low", "switch", "", "<select>facts/system[re:test(concat(@hostname, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'), '^(a|aa)+$')]</select><message>x</message>"), NULL), 0);
    run("default", "TESTCFG\nfact system hostname=aaaaaaaa class=switch\n");
    ck_assert_int_eq(result("T-REDOS")->state, OTL_STATE_NOTEVALUABLE);
    ck_assert_ptr_nonnull(strstr(result("T-REDOS")->reason, "limit"));
    ck_assert_int_eq(file.status, OTL_FILE_PARTIAL);
}
END_TEST

START_TEST(variables_from_params)
{
    ck_assert_int_eq(load_baseline(
        rule("T-IDLE", "medium", "switch", "", "<param name=\"max_idle\" default=\"600\"/>"
             "<select>facts/session[@idle-timeout &gt; $max_idle]</select><message>{@channel} idle {@idle-timeout} &gt; {$max_idle}</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_uint_eq(result("T-IDLE")->nfindings, 1);
    ck_assert_str_eq(finding("T-IDLE", 0)->message, "vty idle 1800 > 600");
    otl_selection_free(&sel);
    ck_assert_int_eq(load_profile("<profile xmlns=\"urn:otlint:profile:1\" id=\"strict\"><title>s</title>"
                                  "<param name=\"max_idle\" value=\"120\"/></profile>"), 0);
    run("strict", cfg);
    ck_assert_uint_eq(result("T-IDLE")->nfindings, 2);
}
END_TEST

START_TEST(unknown_param_in_profile_is_error)
{
    ck_assert_int_eq(load_baseline(rule("T-A", "low", "switch", "", "<select>facts/x</select><message>x</message>"), NULL), 0);
    ck_assert_int_eq(load_profile("<profile xmlns=\"urn:otlint:profile:1\" id=\"p\"><title>s</title>\n"
                                  "\n<param name=\"nope\" value=\"1\"/></profile>"), 0);
    ck_assert_int_eq(otl_select(&rs, "p", &sel, on_err, NULL), -1);
    /* named, at the line of its <param> (issue 22) */
    ck_assert_ptr_nonnull(strstr(errs, "p.xml:3: profile p: parameter 'nope' is not declared by any rule"));
}
END_TEST

START_TEST(bad_xpath_refused_at_load)
{
    ck_assert_int_eq(load_baseline(rule("T-BAD", "low", "switch", "", "<select>facts/service[@name=</select><message>x</message>"), NULL), 1);
    ck_assert_ptr_nonnull(strstr(errs, "b.xml:2: rule T-BAD: XPath"));
    ck_assert_uint_eq(rs.nrules, 0);
}
END_TEST

START_TEST(bad_message_xpath_refused_at_load)
{
    ck_assert_int_ge(load_baseline(rule("T-BADMSG", "low", "switch", "", "<select>facts/x</select><message>{@name[}</message>"), NULL), 1);
    ck_assert_ptr_nonnull(strstr(errs, "T-BADMSG: message"));
}
END_TEST

START_TEST(schema_violation_names_line)
{
    char *p = otl_test_path(tmp, "bad.xml");
    const char *x = "<baseline xmlns=\"urn:otlint:baseline:1\" id=\"t\">\n"
                    "<rule id=\"lower-case\" severity=\"urgent\" classes=\"switch\"/>\n</baseline>\n";
    otl_test_write_file(p, x, strlen(x));
    ck_assert_int_ge(otl_ruleset_load_baseline(&rs, p, SCHEMA, on_err, NULL), 1);
    ck_assert_ptr_nonnull(strstr(errs, "bad.xml:2:"));
    free(p);
}
END_TEST

/* A rule whose `body` (line 7 of the baseline) must be refused by the schema
 * at that line; the rule set is left empty for the next load. */
static void refused_at_line_7(const char *id, const char *body)
{
    ck_assert_int_ge(load_baseline(rule(id, "low", "switch", "", body), NULL), 1);
    ck_assert_ptr_nonnull(strstr(errs, "b.xml:7:"));
    ck_assert_uint_eq(rs.nrules, 0);
    otl_ruleset_free(&rs);
    otl_ruleset_init(&rs);
    errs[0] = '\0';
}

START_TEST(blank_text_refused)
{
    /* text.nonempty and xpath (baselines/schema/baseline.rng): something
     * but XML white space; a no-break space is something */
    refused_at_line_7("T-BLANKMSG", "<select>facts/x</select><message> \t\n </message>");
    refused_at_line_7("T-BLANKSEL", "<select>\n\n</select><message>m</message>");
    ck_assert_int_eq(load_baseline(rule("T-NBSP", "low", "switch", "",
                                        "<select>facts/x</select><message>&#160;</message>"), NULL), 0);
    ck_assert_uint_eq(rs.nrules, 1);
}
END_TEST

START_TEST(duplicate_rule_id_refused)
{
    ck_assert_int_eq(load_baseline(rule("T-A", "low", "switch", "", "<select>facts/x</select><message>x</message>"),
                                   rule("T-A", "low", "switch", "", "<select>facts/y</select><message>y</message>"), NULL), 1);
    ck_assert_ptr_nonnull(strstr(errs, "duplicate rule id T-A"));
}
END_TEST

START_TEST(runtime_type_error_is_error)
{
    ck_assert_int_eq(load_baseline(rule("T-NUM", "low", "switch", "", "<select>count(facts/service)</select><message>x</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-NUM")->state, OTL_STATE_ERROR);
    ck_assert_ptr_nonnull(strstr(result("T-NUM")->reason, "not a node-set"));
}
END_TEST

START_TEST(requires_applies_classes)
{
    ck_assert_int_eq(load_baseline(
        rule("T-REQ", "low", "switch", "", "<requires reason=\"no NTP part parsed\">facts/ntp</requires><select>facts/ntp-server</select><message>x</message>"),
        rule("T-APP", "low", "switch", "", "<applies>facts/service[@name='snmp']</applies><select>facts/snmp-community</select><message>x</message>"),
        rule("T-FW", "low", "firewall controller", "", "<select>facts/service</select><message>x</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-REQ")->state, OTL_STATE_NOTEVALUABLE);
    ck_assert_str_eq(result("T-REQ")->reason, "no NTP part parsed");
    ck_assert_int_eq(result("T-APP")->state, OTL_STATE_NOTAPPLICABLE);
    ck_assert_int_eq(result("T-FW")->state, OTL_STATE_NOTAPPLICABLE);
    ck_assert_uint_eq(file.nfindings, 0);
}
END_TEST

START_TEST(partial_export_assert_notevaluable)
{
    ck_assert_int_eq(load_baseline(
        rule("T-NTP", "medium", "switch", "", "<assert>facts/ntp-server</assert><message>x</message>"),
        rule("T-BAN", "low", "switch", "", "<assert partial=\"ok\">not(facts/banner)</assert><message>x</message>"),
        rule("T-TEL", "high", "switch", "", "<select>facts/service[@name='telnet']</select><message>x</message>"), NULL), 0);
    run("default", "TESTCFG\nfact system class=switch export-kind=partial\nfact service name=telnet enabled=true\n");
    ck_assert_int_eq(result("T-NTP")->state, OTL_STATE_NOTEVALUABLE);
    ck_assert_ptr_nonnull(strstr(result("T-NTP")->reason, "partial export"));
    ck_assert_int_eq(result("T-BAN")->state, OTL_STATE_PASS);
    ck_assert_int_eq(result("T-TEL")->state, OTL_STATE_FAIL);
    ck_assert_str_eq(file.device, "in.cfg"); /* no hostname: the file name */
}
END_TEST

START_TEST(fingerprint_survives_line_drift)
{
    char fp1[33], fp2[33], fp3[33];
    ck_assert_int_eq(load_baseline(rule("T-SEL", "high", "switch", "", "<select>facts/service[@enabled='true']</select><message>x</message>"), NULL), 0);
    run("default", cfg);
    memcpy(fp1, finding("T-SEL", 0)->fingerprint, 33);
    memcpy(fp3, finding("T-SEL", 1)->fingerprint, 33);
    ck_assert_str_ne(fp1, fp3);
    otl_selection_free(&sel);
    run("default", "TESTCFG\nfact banner kind=motd\nraw extra\nraw more\n"
                   "fact system hostname=SW1 class=switch\nfact service name=telnet enabled=true\n");
    memcpy(fp2, finding("T-SEL", 0)->fingerprint, 33);
    ck_assert_uint_eq(finding("T-SEL", 0)->line, 6);
    ck_assert_str_eq(fp1, fp2);
    ck_assert_uint_eq(strlen(fp1), 32);
}
END_TEST

START_TEST(evidence_is_raw_statement_of_the_line)
{
    ck_assert_int_eq(load_baseline(rule("T-CLR", "critical", "switch", "", "<select>facts/account[@secret-kind='cleartext']</select><message>{@name}</message>"),
                                   rule("T-RAW", "low", "switch", "", "<select>raw/stmt[starts-with(@text, 'username')]</select><message>raw</message>"), NULL), 0);
    /* The fact is at line 2, the raw statement at line 3: no statement at
     * the fact's line, no evidence (never the document's own XML). */
    run("default", "TESTCFG\nfact account name=op secret-kind=cleartext\nraw username op password 0 <redacted>\n");
    ck_assert_uint_eq(finding("T-CLR", 0)->line, 2);
    ck_assert_ptr_null(finding("T-CLR", 0)->evidence);
    ck_assert_str_eq(finding("T-RAW", 0)->evidence, "username op password 0 <redacted>");
}
END_TEST

/* Raw statements as records give the same evidence as raw elements. */
START_TEST(evidence_from_raw_records)
{
    static const char *in = "TESTCFG\nraw hostname SW1\nstmt svc ip http server\n"
                            "stmt svc snmp-server community <redacted> RO\nfact other\n";
    struct otl_rawrecs recs;
    char ev1[3][64];

    memset(&recs, 0, sizeof recs);
    ck_assert_int_eq(load_baseline(rule("T-SVC", "high", "switch", "",
        "<select>facts/svc | facts/other</select><message>{name()}</message>"), NULL), 0);
    run("default", in);
    ck_assert_uint_eq(result("T-SVC")->nfindings, 3);
    for (int k = 0; k < 2; k++)
        snprintf(ev1[k], sizeof ev1[k], "%s", finding("T-SVC", (size_t)k)->evidence);
    ck_assert_str_eq(ev1[0], "ip http server");
    ck_assert_str_eq(ev1[1], "snmp-server community <redacted> RO");
    /* no statement at the fact's line: no evidence, not the fact's own XML */
    ck_assert_ptr_null(finding("T-SVC", 2)->evidence);
    otl_selection_free(&sel);
    run_with("default", in, &recs);
    ck_assert_uint_eq(recs.n, 3);
    ck_assert_uint_eq(recs.v[1].line, 3);
    ck_assert_uint_eq(result("T-SVC")->nfindings, 3);
    for (int k = 0; k < 2; k++)
        ck_assert_str_eq(finding("T-SVC", (size_t)k)->evidence, ev1[k]);
    ck_assert_ptr_null(finding("T-SVC", 2)->evidence);
    otl_rawrecs_free(&recs);
}
END_TEST

/* Which rules keep the raw elements: any that might reach them. */
START_TEST(reads_raw_is_conservative)
{
    static const struct {
        const char *body;
        int reads;
    } cases[] = {
        {"<select>facts/svc[@name='raw']</select><message>x</message>", 0},
        {"<select>facts/svc</select><message>{@name} \"//\" *</message>", 0},
        {"<select>raw/stmt</select><message>x</message>", 1},
        {"<select>//stmt</select><message>x</message>", 1},
        {"<select>facts/*</select><message>x</message>", 0},
        {"<select>facts/*[@*='x']</select><message>x</message>", 0},
        {"<select>facts/*/*</select><message>x</message>", 1},
        {"<select>*/x</select><message>x</message>", 1},
        {"<select>rawfacts/*</select><message>x</message>", 1},
        {"<select>facts/svc[../../*]</select><message>x</message>", 1},
        {"<select>facts/svc</select><message>{following::stmt[1]/@text}</message>", 1},
        {"<applies>count(../node()) &gt; 0</applies><select>facts/svc</select><message>x</message>", 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        struct otl_evaluator *ev;
        char err[256];
        char id[16];
        teardown();
        setup();
        snprintf(id, sizeof id, "T-R%zu", k);
        ck_assert_int_eq(load_baseline(rule(id, "low", "switch", "", cases[k].body), NULL), 0);
        ck_assert_int_eq(load_profile(default_profile), 0);
        ck_assert_msg(otl_select(&rs, "default", &sel, on_err, NULL) == 0, "select: %s", errs);
        ev = otl_evaluator_new(&sel, &reg, err, sizeof err);
        ck_assert_msg(ev != NULL, "evaluator: %s", err);
        ck_assert_msg(otl_evaluator_reads_raw(ev) == cases[k].reads, "case %zu", k);
        otl_evaluator_free(ev);
    }
}
END_TEST

START_TEST(profile_selection)
{
    const struct otl_rule *got[8];
    size_t i;
    ck_assert_int_eq(load_baseline(
        rule("P-HIGH", "high", "switch", "snmp", "<select>facts/a</select><message>x</message>"),
        rule("P-LOW", "low", "switch", "banner", "<select>facts/b</select><message>x</message>"),
        rule("P-FW", "critical", "firewall", "snmp", "<select>facts/c</select><message>x</message>"),
        rule("P-MED", "medium", "router", "ntp", "<select>facts/d</select><message>x</message>"), NULL), 0);
    ck_assert_int_eq(load_profile(
        "<profile xmlns=\"urn:otlint:profile:1\" id=\"base\"><title>b</title><select min-severity=\"medium\"/></profile>"), 0);
    ck_assert_int_eq(otl_select(&rs, "base", &sel, on_err, NULL), 0);
    ck_assert_uint_eq(sel.nrules, 3);
    otl_selection_free(&sel);
    ck_assert_int_eq(load_profile(
        "<profile xmlns=\"urn:otlint:profile:1\" id=\"child\" extends=\"base\"><title>c</title>"
        "<select tags=\"banner\"/><exclude rules=\"P-FW\"/><exclude classes=\"router\"/></profile>"), 0);
    ck_assert_int_eq(otl_select(&rs, "child", &sel, on_err, NULL), 0);
    ck_assert_uint_eq(sel.nrules, 2);
    for (i = 0; i < sel.nrules; i++)
        got[i] = sel.rules[i];
    ck_assert_str_eq(got[0]->id, "P-HIGH");
    ck_assert_str_eq(got[1]->id, "P-LOW");
    otl_selection_free(&sel);
    ck_assert_int_eq(load_profile(
        "<profile xmlns=\"urn:otlint:profile:1\" id=\"sw\"><title>c</title><select classes=\"switch\" tags=\"snmp\"/></profile>"), 0);
    ck_assert_int_eq(otl_select(&rs, "sw", &sel, on_err, NULL), 0);
    ck_assert_uint_eq(sel.nrules, 1);
    ck_assert_str_eq(sel.rules[0]->id, "P-HIGH");
    otl_selection_free(&sel);
    ck_assert_int_eq(otl_select(&rs, "nope", &sel, on_err, NULL), -1);
}
END_TEST

static int selected(const char *id)
{
    for (size_t i = 0; i < sel.nrules; i++)
        if (strcmp(sel.rules[i]->id, id) == 0)
            return 1;
    return 0;
}

START_TEST(profile_target_sl_and_options)
{
    /* No catalog loaded: the refs' sl attributes give the SLs. */
    ck_assert_int_eq(load_baseline(
        rule_refs("S-ONE", "", "<ref standard=\"IEC 62443-3-3\" id=\"SR 1.1\" sl=\"1\"/>"),
        rule_refs("S-TWO", "", "<ref standard=\"IEC 62443-3-3\" id=\"SR 1.1 RE 1\" sl=\"2\"/>"
                               "<ref standard=\"IEC 62443-2-1\" id=\"USER 1\"/>"),
        rule_refs("S-FOUR", "inventory", "<ref standard=\"IEC 62443-3-3\" id=\"SR 2.12 RE 1\" sl=\"4\"/>"
                                         "<ref standard=\"IEC 62443-4-2\" id=\"CR 2.12 RE 1\" sl=\"4\"/>"),
        rule_refs("S-NONE", "", "<ref standard=\"IEC 62443-2-4\" id=\"SP.09\"/>"), NULL), 0);
    ck_assert_int_eq(otl_ruleset_find(&rs, "S-TWO")->sl, 2);
    ck_assert_int_eq(otl_ruleset_find(&rs, "S-FOUR")->sl, 4);
    ck_assert_int_eq(otl_ruleset_find(&rs, "S-NONE")->sl, 0);
    ck_assert_int_eq(load_profile(
        "<profile xmlns=\"urn:otlint:profile:1\" id=\"t2\" target-sl=\"2\" fail-on=\"medium\" "
        "strict-waivers=\"yes\"><title>t</title><select min-severity=\"info\"/></profile>"), 0);
    ck_assert_int_eq(otl_select(&rs, "t2", &sel, on_err, NULL), 0);
    ck_assert_int_eq(sel.target_sl, 2);
    ck_assert_int_eq(sel.fail_on, OTL_SEV_MEDIUM);
    ck_assert_int_eq(sel.strict_waivers, 1);
    ck_assert_int_eq(sel.rollup, 1);
    ck_assert_uint_eq(sel.nrules, 3);
    ck_assert(selected("S-ONE") && selected("S-TWO") && selected("S-NONE") && !selected("S-FOUR"));
    otl_selection_free(&sel);
    /* --sl overrides the profile's target. */
    ck_assert_int_eq(otl_select_sl(&rs, "t2", 1, &sel, on_err, NULL), 0);
    ck_assert_int_eq(sel.target_sl, 1);
    ck_assert(selected("S-ONE") && !selected("S-TWO") && selected("S-NONE"));
    otl_selection_free(&sel);
    ck_assert_int_eq(otl_select_sl(&rs, "t2", 4, &sel, on_err, NULL), 0);
    ck_assert_uint_eq(sel.nrules, 4);
    otl_selection_free(&sel);
    /* A child inherits target and options, overrides one, and brings a
     * rule above the target in with sl="any". */
    {
        char *p = otl_test_path(tmp, "child.xml");
        const char *x = "<profile xmlns=\"urn:otlint:profile:1\" id=\"t2c\" extends=\"t2\" rollup=\"no\" "
                        "strict-waivers=\"no\"><title>c</title><select tags=\"inventory\" sl=\"any\"/></profile>";
        otl_test_write_file(p, x, strlen(x));
        ck_assert_int_eq(otl_ruleset_load_profile(&rs, p, SCHEMA, on_err, NULL), 0);
        free(p);
    }
    ck_assert_int_eq(otl_select(&rs, "t2c", &sel, on_err, NULL), 0);
    ck_assert_int_eq(sel.target_sl, 2);
    ck_assert_int_eq(sel.fail_on, OTL_SEV_MEDIUM);
    ck_assert_int_eq(sel.strict_waivers, 0);
    ck_assert_int_eq(sel.rollup, 0);
    ck_assert_uint_eq(sel.nrules, 4);
    otl_selection_free(&sel);
    /* No target anywhere: every rule runs. */
    ck_assert_int_eq(load_profile(default_profile), 0);
    ck_assert_int_eq(otl_select(&rs, "default", &sel, on_err, NULL), 0);
    ck_assert_int_eq(sel.target_sl, 0);
    ck_assert_int_eq(sel.fail_on, -1);
    ck_assert_uint_eq(sel.nrules, 4);
    /* A bad target is refused by the schema. */
    ck_assert_int_ne(load_profile("<profile xmlns=\"urn:otlint:profile:1\" id=\"t5\" target-sl=\"5\"><title>t</title></profile>"), 0);
}
END_TEST

START_TEST(requirement_refs_checked_against_catalog)
{
    struct otl_catalog cat;
    const struct otl_rule *r;

    otl_catalog_init(&cat);
    ck_assert_int_eq(otl_catalog_load(&cat, OTL_SRCDIR "/baselines/requirements", SCHEMA, on_err, NULL), 0);
    rs.catalog = &cat;
    /* Known ids: the SL comes from the catalog. */
    ck_assert_int_eq(load_baseline(
        rule_refs("C-OK", "", "<ref standard=\"IEC 62443-3-3\" id=\"SR 1.1 RE 1\"/>"
                              "<ref standard=\"IEC 62443-4-2\" id=\"CR 1.1\"/>"
                              "<ref standard=\"IEC 62443-2-4\" id=\"SP.09\"/>"), NULL), 0);
    r = otl_ruleset_find(&rs, "C-OK");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(r->refs[0].req);
    ck_assert_int_eq(r->refs[0].sl, 2);
    ck_assert_int_eq(r->refs[1].sl, 1);
    ck_assert_int_eq(r->refs[2].sl, 0);
    ck_assert_int_eq(r->sl, 1);
    /* An unknown id refuses the rule, with the line of the <ref>. */
    ck_assert_int_eq(load_baseline(
        rule_refs("C-BAD", "", "<ref standard=\"IEC 62443-3-3\" id=\"SR 1.1\"/>\n"
                               "<ref standard=\"IEC 62443-3-3\" id=\"SR 9.9\"/>"), NULL), 1);
    ck_assert_ptr_nonnull(strstr(errs, "b.xml:5: rule C-BAD: IEC 62443-3-3 SR 9.9 is in no requirement catalog"));
    ck_assert_ptr_null(otl_ruleset_find(&rs, "C-BAD"));
    /* A stated SL that disagrees with the catalog is refused too. */
    errs[0] = '\0';
    ck_assert_int_eq(load_baseline(
        rule_refs("C-SL", "", "<ref standard=\"IEC 62443-3-3\" id=\"SR 1.1\" sl=\"2\"/>"), NULL), 1);
    ck_assert_ptr_nonnull(strstr(errs, "the rule says SL 2, the catalog says 1"));
    /* An id of one standard is not found under another. */
    errs[0] = '\0';
    ck_assert_int_eq(load_baseline(
        rule_refs("C-STD", "", "<ref standard=\"IEC 62443-4-2\" id=\"SR 1.1\"/>"), NULL), 1);
    otl_ruleset_free(&rs);
    otl_ruleset_init(&rs);
    otl_catalog_free(&cat);
}
END_TEST

START_TEST(profile_cycle_refused)
{
    ck_assert_int_eq(load_baseline(rule("T-A", "low", "switch", "", "<select>facts/x</select><message>x</message>"), NULL), 0);
    ck_assert_int_eq(load_profile("<profile xmlns=\"urn:otlint:profile:1\" id=\"a\" extends=\"b\"><title>a</title></profile>"), 0);
    {
        char *p = otl_test_path(tmp, "p2.xml");
        const char *x = "<profile xmlns=\"urn:otlint:profile:1\" id=\"b\" extends=\"a\"><title>b</title></profile>";
        otl_test_write_file(p, x, strlen(x));
        ck_assert_int_eq(otl_ruleset_load_profile(&rs, p, SCHEMA, on_err, NULL), 0);
        free(p);
    }
    ck_assert_int_eq(otl_select(&rs, "a", &sel, on_err, NULL), -1);
    ck_assert_ptr_nonnull(strstr(errs, "cycle"));
}
END_TEST

START_TEST(checker_module_functions_and_facts)
{
    ck_assert_int_eq(otl_registry_load_file(&reg, OTL_TESTPLUGINDIR "/checker.so", OTL_PLUGIN_CHECKER,
                                            on_refuse, NULL), 0);
    ck_assert_int_eq(load_baseline(
        rule("T-CK", "low", "switch", "", "<select>facts/derived[@by='test-checker']</select><message>{t:twice(21)}</message>"), NULL), 0);
    run("default", cfg);
    ck_assert_int_eq(result("T-CK")->state, OTL_STATE_FAIL);
    ck_assert_str_eq(finding("T-CK", 0)->message, "42");
    {
        /* The rule never names raw, and the checker does not set
         * OTL_CHECKER_READS_RAW: the raw tree may come as records. */
        char err[256];
        struct otl_evaluator *ev = otl_evaluator_new(&sel, &reg, err, sizeof err);
        ck_assert_ptr_nonnull(ev);
        ck_assert_int_eq(otl_evaluator_reads_raw(ev), 0);
        otl_evaluator_free(ev);
    }
}
END_TEST

/* otl_grow, the core's one growable array: doubling from `first`, the
 * elements kept, nothing touched when the size would overflow. */
START_TEST(grow_array)
{
    int *v = NULL, *before;
    size_t cap = 0, i;
    char *s = NULL;
    size_t scap = 0;

    ck_assert_int_eq(otl_grow(&v, &cap, 3, sizeof *v, 4), 0);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(cap, 4);
    for (i = 0; i < 4; i++)
        v[i] = (int)i;
    before = v;
    ck_assert_int_eq(otl_grow(&v, &cap, 4, sizeof *v, 4), 0); /* fits: no realloc */
    ck_assert_ptr_eq(v, before);
    ck_assert_uint_eq(cap, 4);
    ck_assert_int_eq(otl_grow(&v, &cap, 5, sizeof *v, 4), 0);
    ck_assert_uint_eq(cap, 8);
    ck_assert_int_eq(otl_grow(&v, &cap, 100, sizeof *v, 4), 0);
    ck_assert_uint_eq(cap, 128);
    for (i = 0; i < 4; i++)
        ck_assert_int_eq(v[i], (int)i);
    v[127] = 7; /* all of it is there (ASan) */
    before = v;
    errno = 0;
    ck_assert_int_eq(otl_grow(&v, &cap, SIZE_MAX / 2, sizeof *v, 4), -1);
    ck_assert_int_eq(errno, ENOMEM);
    ck_assert_ptr_eq(v, before);
    ck_assert_uint_eq(cap, 128);
    ck_assert_int_eq(v[3], 3);
    free(v);
    /* first 0: from 1 up */
    ck_assert_int_eq(otl_grow(&s, &scap, 3, 1, 0), 0);
    ck_assert_uint_eq(scap, 4);
    free(s);
}
END_TEST

START_TEST(parse_failure_and_unrecognised)
{
    struct otl_scan_opts so = {1, NULL, 1 << 20, NULL, NULL, NULL, NULL, NULL, 0};
    struct otl_devdoc dd;
    char *p = otl_test_path(tmp, "x.cfg");

    otl_test_write_file(p, "TESTCFG\nfail\n", 13);
    ck_assert_int_eq(otl_parse_file(&reg, &so, p, &file, &dd, NULL), -1);
    ck_assert_int_eq(file.status, OTL_FILE_PARSE_ERROR);
    ck_assert_uint_eq(file.diags[0].line, 2);
    otl_file_clear(&file);
    memset(&file, 0, sizeof file);
    otl_test_write_file(p, "something else\n", 15);
    ck_assert_int_eq(otl_parse_file(&reg, &so, p, &file, &dd, NULL), -1);
    ck_assert_int_eq(file.status, OTL_FILE_UNRECOGNISED);
    otl_file_clear(&file);
    memset(&file, 0, sizeof file);
    so.max_file_size = 4;
    ck_assert_int_eq(otl_parse_file(&reg, &so, p, &file, &dd, NULL), -1);
    ck_assert_int_eq(file.status, OTL_FILE_LIMIT);
    free(p);
}
END_TEST

/* Which expressions libxml2 may evaluate in time quadratic in the document
 * (core/xpcost.h): a union, or a comparison whose two sides can each be
 * many nodes.  One side of at most one node (., .., @a, ../@a), a literal,
 * a number, a variable or a function's value keeps it linear. */
START_TEST(quadratic_expressions)
{
    static const struct {
        const char *x;
        int quadratic;
    } cases[] = {
        {"facts/a | facts/b", 1},
        {"(facts/a | facts/b)[@x]", 1},
        {"not(raw/stmt/@text = facts/interface/@name)", 1},
        {"facts/a[@x = ../b/@y]", 0},
        {"facts/a[../b/@y = @x]", 0},
        {"facts/a[b/@y = c/@z]", 1},
        {"facts/a[@x != 'a|b']", 0},
        {"facts/a[@x = \"a|b\"]", 0},
        {"facts/a[@last != @first]", 0},
        {"facts/a[@x = ../@y]", 0},
        {"facts/a[. = @x]", 0},
        {"facts/a[@x <= $min]", 0},
        {"facts/a[@x >= 3]", 0},
        {"facts/a[@x > .5]", 0},
        {"count(facts/a) = count(facts/b)", 0},
        {"string(facts/a/@x) = string(facts/b/@x)", 0},
        {"facts/a[@x = node()]", 0},
        {"facts/a[b = node()]", 1},
        {"facts/a[b/@x = (c/@y)]", 1},
        {"facts/a[b/@x=c/@y]", 1},
        {"facts/a[re:test(@x, '^(a|b)$')]", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(otl_xpath_quadratic(cases[i].x) == cases[i].quadratic, "%s: want %d",
                      cases[i].x, cases[i].quadratic);
}
END_TEST


int main(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("rules");
    SRunner *sr;
    int failed;

    xmlInitParser();
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 300); /* well under a second plain: margin for a loaded machine */
    tcase_add_test(tc, select_yields_finding_per_node);
    tcase_add_test(tc, select_at_attribute_line);
    tcase_add_test(tc, select_at_refuses_bad_names);
    tcase_add_test(tc, quadratic_expressions);
    tcase_add_test(tc, select_empty_is_pass);
    tcase_add_test(tc, assert_false_is_device_finding);
    tcase_add_test(tc, regex_functions);
    tcase_add_test(tc, version_compare);
    tcase_add_test(tc, bad_regex_is_error_not_pass);
    tcase_add_test(tc, regex_match_limit_is_notevaluable);
    tcase_add_test(tc, variables_from_params);
    tcase_add_test(tc, unknown_param_in_profile_is_error);
    tcase_add_test(tc, bad_xpath_refused_at_load);
    tcase_add_test(tc, bad_message_xpath_refused_at_load);
    tcase_add_test(tc, schema_violation_names_line);
    tcase_add_test(tc, blank_text_refused);
    tcase_add_test(tc, duplicate_rule_id_refused);
    tcase_add_test(tc, runtime_type_error_is_error);
    tcase_add_test(tc, requires_applies_classes);
    tcase_add_test(tc, partial_export_assert_notevaluable);
    tcase_add_test(tc, fingerprint_survives_line_drift);
    tcase_add_test(tc, evidence_is_raw_statement_of_the_line);
    tcase_add_test(tc, evidence_from_raw_records);
    tcase_add_test(tc, reads_raw_is_conservative);
    tcase_add_test(tc, profile_selection);
    tcase_add_test(tc, profile_cycle_refused);
    tcase_add_test(tc, profile_target_sl_and_options);
    tcase_add_test(tc, requirement_refs_checked_against_catalog);
    tcase_add_test(tc, checker_module_functions_and_facts);
    tcase_add_test(tc, parse_failure_and_unrecognised);
    tcase_add_test(tc, grow_array);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    otl_re_cache_free();
    xmlCleanupParser();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
