/*
 * check_waivers.c - waivers (core/waiver.c): loading and refusal with
 * file:line, matching by rule / device glob / path glob / fingerprint, first
 * waiver wins, expiry against a fixed today, unmatched and expired counts,
 * rule results that become waived, the date helpers, and exact counts when
 * two threads apply at once.
 *
 * Rules come from a tiny baseline loaded through the real loader; files,
 * findings and results are built by hand (no plugin, no evaluation).
 */
#include <config.h>

#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "result.h"
#include "util.h"
#include "waiver.h"
#include "testutil.h"

#define SCHEMA OTL_SRCDIR "/baselines/schema"
#define TODAY "2026-11-23"

static char errs[8192];
static int nerrs;

static void on_err(void *arg, int level, const char *file, unsigned long line, const char *msg)
{
    (void)arg;
    ck_assert_int_eq(level, OTL_DIAG_ERROR); /* loaders report errors only */
    nerrs++;
    snprintf(errs + strlen(errs), sizeof errs - strlen(errs), "%s:%lu: %s\n", file, line, msg);
}

static char *tmp;
static struct otl_ruleset rs;
static struct otl_waivers w;
static const struct otl_rule *r_one, *r_two, *r_three;

#define BASELINE_RULE                                                                              \
    "<rule id=\"%s\" severity=\"high\" classes=\"switch controller\">\n"                           \
    "<title>t</title><rationale>r</rationale><fix>f</fix>\n"                                       \
    "<ref standard=\"IEC 62443-3-3\" id=\"SR 1.1\"/>\n"                                            \
    "<source>test</source>\n"                                                                      \
    "<assert>true()</assert><message>m</message>\n"                                                \
    "</rule>\n"

static void load_rules(void)
{
    char buf[4096], *p = otl_test_path(tmp, "baseline.xml");
    const char *ids[] = {"R-ONE", "R-TWO", "R-THREE"};
    size_t n;

    ck_assert_ptr_nonnull(p);
    n = (size_t)snprintf(buf, sizeof buf, "<baseline xmlns=\"urn:otlint:baseline:1\" id=\"t\">\n");
    for (size_t i = 0; i < 3; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, BASELINE_RULE, ids[i]);
    snprintf(buf + n, sizeof buf - n, "</baseline>\n");
    ck_assert_int_eq(otl_test_write_file(p, buf, strlen(buf)), 0);
    ck_assert_int_eq(otl_ruleset_load_baseline(&rs, p, SCHEMA, on_err, NULL), 0);
    free(p);
    r_one = otl_ruleset_find(&rs, "R-ONE");
    r_two = otl_ruleset_find(&rs, "R-TWO");
    r_three = otl_ruleset_find(&rs, "R-THREE");
    ck_assert(r_one && r_two && r_three);
}

static void setup(void)
{
    errs[0] = '\0';
    nerrs = 0;
    tmp = otl_test_mkdtemp();
    ck_assert_ptr_nonnull(tmp);
    otl_ruleset_init(&rs);
    otl_waivers_init(&w);
    load_rules();
}

static void teardown(void)
{
    otl_waivers_free(&w);
    otl_ruleset_free(&rs);
    otl_test_rmtree(tmp);
    free(tmp);
}

/* Writes `name` = <waivers> around body; loads it judged as of `today`
 * (rule ids checked against rs); returns the error count. */
static int load_waivers_as_of(const char *name, const char *body, const char *today)
{
    char *p = otl_test_path(tmp, name);
    char *xml = otl_asprintf("<?xml version=\"1.0\"?>\n"
                             "<waivers xmlns=\"urn:otlint:waivers:1\">\n%s</waivers>\n",
                             body);
    int e;

    ck_assert(p && xml);
    ck_assert_int_eq(otl_test_write_file(p, xml, strlen(xml)), 0);
    e = otl_waivers_load(&w, p, SCHEMA, &rs, today, on_err, NULL);
    free(xml);
    free(p);
    return e;
}

static int load_waivers(const char *body)
{
    return load_waivers_as_of("w.xml", body, TODAY);
}

/* The deterministic fingerprint of finding `idx` of `rule` on `device`. */
static void fp_of(const char *device, const char *rule, size_t idx, char out[33])
{
    struct otl_hash h;

    otl_hash_init(&h);
    otl_hash_add(&h, device, strlen(device) + 1);
    otl_hash_add(&h, rule, strlen(rule) + 1);
    otl_hash_add(&h, &idx, sizeof idx);
    otl_hash_hex(&h, out);
}

/* A file with `counts[k]` findings of rule `rules[k]` (k < n): results FAIL
 * where there are findings, PASS elsewhere.  Findings of a rule are
 * contiguous, as the engine makes them. */
static void make_file(struct otl_file *f, const char *path, const char *device,
                      const struct otl_rule *const *rules, const size_t *counts, size_t n)
{
    size_t total = 0, at = 0;

    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    f->device = strdup(device);
    f->coverage = -1.0;
    for (size_t k = 0; k < n; k++)
        total += counts[k];
    f->results = calloc(n, sizeof *f->results);
    f->findings = calloc(total ? total : 1, sizeof *f->findings);
    ck_assert(f->path && f->device && f->results && f->findings);
    f->nresults = n;
    for (size_t k = 0; k < n; k++) {
        f->results[k].rule = rules[k];
        f->results[k].state = counts[k] ? OTL_STATE_FAIL : OTL_STATE_PASS;
        f->results[k].nfindings = counts[k];
        for (size_t i = 0; i < counts[k]; i++, at++) {
            struct otl_finding *fd = &f->findings[at];
            fd->rule = rules[k];
            fd->state = OTL_STATE_FAIL;
            fd->line = (unsigned long)(at + 1);
            fd->message = strdup("m");
            fd->object = strdup("o");
            ck_assert(fd->message && fd->object);
            fp_of(device, rules[k]->id, i, fd->fingerprint);
        }
    }
    f->nfindings = total;
}

static enum otl_state result_of(const struct otl_file *f, const struct otl_rule *r)
{
    for (size_t k = 0; k < f->nresults; k++)
        if (f->results[k].rule == r)
            return f->results[k].state;
    return OTL_STATE_COUNT;
}

static size_t count_state(const struct otl_file *f, enum otl_state st)
{
    size_t n = 0;

    for (size_t i = 0; i < f->nfindings; i++)
        n += f->findings[i].state == st;
    return n;
}

/* ------------------------------------------------------------------ loading */

START_TEST(loads_every_field)
{
    ck_assert_int_eq(load_waivers("<waiver rule=\"R-ONE\" device=\"PLC-*\" expires=\"2027-03-31\"\n"
                                  "        owner=\" J. Ortega \" "
                                  "fingerprint=\"0123456789ABCDEF0123456789abcdef\">\n"
                                  "  <reason>\n   legacy HMI  \n</reason>\n"
                                  "  <countermeasure>conduit firewall</countermeasure>\n"
                                  "</waiver>\n"
                                  "<waiver rule=\"R-TWO\" device=\"*\" expires=\"2026-11-22\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"),
                     0);
    ck_assert_int_eq(nerrs, 0);
    ck_assert_uint_eq(w.n, 2);
    ck_assert_str_eq(w.today, TODAY);
    ck_assert_str_eq(w.v[0].rule, "R-ONE");
    ck_assert_str_eq(w.v[0].device, "PLC-*");
    ck_assert_str_eq(w.v[0].expires, "2027-03-31");
    ck_assert_str_eq(w.v[0].owner, "J. Ortega");
    ck_assert_str_eq(w.v[0].reason, "legacy HMI");
    ck_assert_str_eq(w.v[0].countermeasure, "conduit firewall");
    /* Normalised to the case the writers print. */
    ck_assert_str_eq(w.v[0].fingerprint, "0123456789abcdef0123456789abcdef");
    /* libxml2 numbers an element by the line its start tag ends on. */
    ck_assert_uint_eq(w.v[0].line, 4);
    ck_assert_ptr_nonnull(strstr(w.v[0].file, "/w.xml"));
    ck_assert_int_eq(w.v[0].expired, 0);
    ck_assert_ptr_null(w.v[1].countermeasure);
    ck_assert_ptr_null(w.v[1].fingerprint);
    ck_assert_uint_eq(w.v[1].line, 10);
    ck_assert_int_eq(w.v[1].expired, 1);
}
END_TEST

/* Every refused file: the error names file:line of the waiver (and what is
 * wrong where our own check found it), and nothing of the file is kept. */
struct bad_case {
    const char *what;
    const char *body;
    const char *needle; /* in the message, NULL: only file:line */
};

static const struct bad_case bad_cases[] = {
    {"missing reason", "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\"/>\n",
     "no <reason>"},
    {"empty reason",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\"><reason> "
     "</reason></waiver>\n",
     "no <reason>"},
    {"missing owner",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\"><reason>r</reason></waiver>\n",
     "no owner"},
    {"empty owner",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"  \"><reason>r</reason>"
     "</waiver>\n",
     "no owner"},
    {"missing expires",
     "<waiver rule=\"R-ONE\" device=\"*\" owner=\"o\"><reason>r</reason></waiver>\n",
     "no expiry date"},
    {"malformed date",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"31.03.2027\" owner=\"o\"><reason>r</reason>"
     "</waiver>\n",
     "31.03.2027"},
    {"impossible date",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-02-30\" owner=\"o\"><reason>r</reason>"
     "</waiver>\n",
     "2027-02-30"},
    {"month 13",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-13-01\" owner=\"o\"><reason>r</reason>"
     "</waiver>\n",
     "2027-13-01"},
    {"unknown rule",
     "<waiver rule=\"R-NOPE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\"><reason>r</reason>"
     "</waiver>\n",
     "unknown rule R-NOPE"},
    {"short fingerprint",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\" "
     "fingerprint=\"0123456789abcdef0123456789abcde\"><reason>r</reason></waiver>\n",
     "not 32 hex digits"},
    {"non-hex fingerprint",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\" "
     "fingerprint=\"0123456789abcdef0123456789abcdeg\"><reason>r</reason></waiver>\n",
     "not 32 hex digits"},
    {"missing device",
     "<waiver rule=\"R-ONE\" expires=\"2027-01-01\" owner=\"o\"><reason>r</reason></waiver>\n",
     "no device pattern"},
    {"empty device",
     "<waiver rule=\"R-ONE\" device=\"\" expires=\"2027-01-01\" owner=\"o\"><reason>r</reason>"
     "</waiver>\n",
     "no device pattern"},
    {"missing rule",
     "<waiver device=\"*\" expires=\"2027-01-01\" owner=\"o\"><reason>r</reason></waiver>\n",
     "no rule"},
    /* Left to the schema (its message is libxml2's). */
    {"lower-case rule id",
     "<waiver rule=\"r-one\" device=\"*\" expires=\"2027-01-01\" owner=\"o\"><reason>r</reason>"
     "</waiver>\n",
     NULL},
    {"empty countermeasure",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\"><reason>r</reason>"
     "<countermeasure/></waiver>\n",
     NULL},
    {"unknown attribute",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\" until=\"x\">"
     "<reason>r</reason></waiver>\n",
     NULL},
    {"unknown element",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\">"
     "<reason>r</reason><approved-by>x</approved-by></waiver>\n",
     NULL},
    {"two reasons",
     "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\">"
     "<reason>r</reason><reason>s</reason></waiver>\n",
     NULL},
    {"device with a blank at the end",
     "<waiver rule=\"R-ONE\" device=\"SW-1 \" expires=\"2027-01-01\" owner=\"o\">"
     "<reason>r</reason></waiver>\n",
     NULL},
};

START_TEST(refused_at_load_with_file_line)
{
    const struct bad_case *bc = &bad_cases[_i];
    /* A good waiver first (line 3), the bad one on line 5. */
    char *body = otl_asprintf("<waiver rule=\"R-TWO\" device=\"*\" expires=\"2027-01-01\" "
                              "owner=\"o\"><reason>r</reason></waiver>\n\n%s",
                              bc->body);
    char *where;

    ck_assert_ptr_nonnull(body);
    /* What loaded before the bad file stays. */
    ck_assert_int_eq(load_waivers_as_of("good.xml",
                                        "<waiver rule=\"R-THREE\" device=\"*\" "
                                        "expires=\"2027-01-01\" owner=\"o\"><reason>r</reason>"
                                        "</waiver>\n",
                                        TODAY),
                     0);
    ck_assert_uint_eq(w.n, 1);
    ck_assert_msg(load_waivers(body) > 0, "%s: accepted", bc->what);
    ck_assert_msg(nerrs > 0, "%s: no error reported", bc->what);
    where = otl_asprintf("%s/w.xml:5: ", tmp);
    ck_assert_ptr_nonnull(where);
    ck_assert_msg(strstr(errs, where) != NULL, "%s: no %s in:\n%s", bc->what, where, errs);
    if (bc->needle != NULL)
        ck_assert_msg(strstr(errs, bc->needle) != NULL, "%s: '%s' not named in:\n%s", bc->what,
                      bc->needle, errs);
    ck_assert_uint_eq(w.n, 1);
    ck_assert_str_eq(w.v[0].rule, "R-THREE");
    free(where);
    free(body);
}
END_TEST

START_TEST(unknown_rule_message_and_no_ruleset)
{
    const char *body = "<waiver rule=\"R-NOPE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\">"
                       "<reason>r</reason></waiver>\n";
    char *p = otl_test_path(tmp, "n.xml");
    char *xml = otl_asprintf("<waivers xmlns=\"urn:otlint:waivers:1\">\n%s</waivers>\n", body);

    ck_assert(p && xml);
    ck_assert_int_eq(load_waivers(body), 1);
    ck_assert_ptr_nonnull(strstr(errs, "unknown rule R-NOPE"));
    /* Without a rule set there is nothing to check the id against. */
    ck_assert_int_eq(otl_test_write_file(p, xml, strlen(xml)), 0);
    ck_assert_int_eq(otl_waivers_load(&w, p, SCHEMA, NULL, TODAY, on_err, NULL), 0);
    ck_assert_uint_eq(w.n, 1);
    free(xml);
    free(p);
}
END_TEST

START_TEST(bad_today_and_unreadable_refused)
{
    const char *body = "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\">"
                       "<reason>r</reason></waiver>\n";
    const char *bad[] = {"", "2026-02-29", "2026-11-23T00:00", "26-11-23", "today"};
    char *missing = otl_test_path(tmp, "missing.xml");

    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        errs[0] = '\0';
        ck_assert_msg(load_waivers_as_of("w.xml", body, bad[i]) > 0, "today '%s' accepted", bad[i]);
        ck_assert_ptr_nonnull(strstr(errs, "/w.xml:0: "));
    }
    ck_assert_int_gt(otl_waivers_load(&w, "/x", SCHEMA, &rs, NULL, on_err, NULL), 0);
    ck_assert_int_gt(otl_waivers_load(&w, missing, SCHEMA, &rs, TODAY, on_err, NULL), 0);
    ck_assert_ptr_nonnull(strstr(errs, missing));
    /* Not well-formed: the parser's line. */
    errs[0] = '\0';
    ck_assert_int_gt(load_waivers_as_of("w.xml", "<waiver>\n<reason>r</waiver>\n", TODAY), 0);
    ck_assert_ptr_nonnull(strstr(errs, "/w.xml:"));
    /* Not a waivers file. */
    ck_assert_int_eq(otl_waivers_load(&w, OTL_SRCDIR "/baselines/rules/network.xml", SCHEMA, &rs,
                                      TODAY, on_err, NULL) > 0,
                     1);
    ck_assert_uint_eq(w.n, 0);
    free(missing);
}
END_TEST

START_TEST(several_files_append_in_order)
{
    ck_assert_int_eq(
        load_waivers_as_of("a.xml",
                           "<waiver rule=\"R-ONE\" device=\"A\" expires=\"2026-11-23\" "
                           "owner=\"o\"><reason>r</reason></waiver>\n",
                           TODAY),
        0);
    ck_assert_int_eq(w.v[0].expired, 0);
    /* The second load judges against its today, the earlier waivers too. */
    ck_assert_int_eq(
        load_waivers_as_of("b.xml",
                           "<waiver rule=\"R-TWO\" device=\"B\" expires=\"2026-11-24\" "
                           "owner=\"o\"><reason>r</reason></waiver>\n",
                           "2026-11-24"),
        0);
    ck_assert_uint_eq(w.n, 2);
    ck_assert_str_eq(w.v[0].device, "A");
    ck_assert_str_eq(w.v[1].device, "B");
    ck_assert_ptr_nonnull(strstr(w.v[0].file, "/a.xml"));
    ck_assert_ptr_nonnull(strstr(w.v[1].file, "/b.xml"));
    ck_assert_str_eq(w.today, "2026-11-24");
    ck_assert_int_eq(w.v[0].expired, 1);
    ck_assert_int_eq(w.v[1].expired, 0);
}
END_TEST

START_TEST(empty_waivers_file)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one};
    size_t counts[] = {1}, e = 9, u = 9;

    ck_assert_int_eq(load_waivers(""), 0);
    ck_assert_uint_eq(w.n, 0);
    make_file(&f, "p.cfg", "D", rules, counts, 1);
    otl_waivers_apply(&w, &f);
    otl_waivers_apply(NULL, &f);
    ck_assert_uint_eq(count_state(&f, OTL_STATE_FAIL), 1);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(e, 0);
    ck_assert_uint_eq(u, 0);
    otl_file_clear(&f);
}
END_TEST

/* The example of tests/waivers against the real baselines, as the CLI tests
 * use it. */
START_TEST(example_file_loads)
{
    struct otl_ruleset real;

    otl_ruleset_init(&real);
    ck_assert_int_eq(
        otl_ruleset_load_baseline(&real, OTL_SRCDIR "/baselines/rules", SCHEMA, on_err, NULL), 0);
    ck_assert_int_eq(otl_waivers_load(&w, OTL_SRCDIR "/tests/waivers/example.xml", SCHEMA, &real,
                                      TODAY, on_err, NULL),
                     0);
    ck_assert_msg(nerrs == 0, "%s", errs);
    ck_assert_uint_eq(w.n, 4);
    ck_assert_ptr_nonnull(w.v[0].fingerprint);
    ck_assert_int_eq(w.v[0].expired + w.v[1].expired + w.v[2].expired + w.v[3].expired, 1);
    ck_assert_int_eq(w.v[2].expired, 1);
    ck_assert_str_eq(w.v[2].expires, "2025-01-31");
    otl_ruleset_free(&real);
}
END_TEST

/* ------------------------------------------------------------------ matching */

START_TEST(match_rule_and_device_glob)
{
    struct otl_file plc, sw;
    const struct otl_rule *rules[] = {r_one, r_two, r_three};
    size_t counts[] = {2, 1, 0}, e, u;

    ck_assert_int_eq(load_waivers("<waiver rule=\"R-ONE\" device=\"PLC-*\" expires=\"2027-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"),
                     0);
    make_file(&plc, "plant/cell7.L5X", "PLC-7", rules, counts, 3);
    make_file(&sw, "plant/plc-sw.cfg", "SW-1", rules, counts, 3);
    otl_waivers_apply(&w, &plc);
    otl_waivers_apply(&w, &sw);

    ck_assert_int_eq(plc.findings[0].state, OTL_STATE_WAIVED);
    ck_assert_int_eq(plc.findings[1].state, OTL_STATE_WAIVED);
    ck_assert_ptr_eq(plc.findings[0].waiver, &w.v[0]);
    ck_assert_int_eq(plc.findings[2].state, OTL_STATE_FAIL); /* other rule */
    ck_assert_ptr_null(plc.findings[2].waiver);
    ck_assert_int_eq(result_of(&plc, r_one), OTL_STATE_WAIVED);
    ck_assert_int_eq(result_of(&plc, r_two), OTL_STATE_FAIL);
    ck_assert_int_eq(result_of(&plc, r_three), OTL_STATE_PASS);
    /* The glob is case-sensitive and whole-string: "plc-sw.cfg" is no match. */
    ck_assert_uint_eq(count_state(&sw, OTL_STATE_WAIVED), 0);
    ck_assert_int_eq(result_of(&sw, r_one), OTL_STATE_FAIL);
    ck_assert_uint_eq(w.v[0].matched, 2);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(e, 0);
    ck_assert_uint_eq(u, 0);
    otl_file_clear(&plc);
    otl_file_clear(&sw);
}
END_TEST

START_TEST(match_by_path_glob)
{
    struct otl_file a, b;
    const struct otl_rule *rules[] = {r_one};
    size_t counts[] = {1};

    /* No FNM_PATHNAME: '*' crosses directories. */
    ck_assert_int_eq(
        load_waivers("<waiver rule=\"R-ONE\" device=\"*/cell2/*.cfg\" "
                     "expires=\"2027-01-01\" owner=\"o\"><reason>r</reason></waiver>\n"),
        0);
    make_file(&a, "site/plant/cell2/sw.cfg", "SW-2", rules, counts, 1);
    make_file(&b, "site/plant/cell3/sw.cfg", "SW-3", rules, counts, 1);
    otl_waivers_apply(&w, &a);
    otl_waivers_apply(&w, &b);
    ck_assert_int_eq(a.findings[0].state, OTL_STATE_WAIVED);
    ck_assert_int_eq(b.findings[0].state, OTL_STATE_FAIL);
    ck_assert_uint_eq(w.v[0].matched, 1);
    otl_file_clear(&a);
    otl_file_clear(&b);
}
END_TEST

START_TEST(fingerprint_match_and_mismatch)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one};
    size_t counts[] = {3}, e, u;
    char fp[33], upper[33], *body;

    fp_of("SW-1", "R-ONE", 1, fp);
    for (size_t i = 0; i < 33; i++)
        upper[i] = (char)(fp[i] >= 'a' && fp[i] <= 'f' ? fp[i] - 'a' + 'A' : fp[i]);
    ck_assert_str_ne(upper, fp); /* the test means something only with letters in it */
    body = otl_asprintf("<waiver rule=\"R-ONE\" device=\"SW-1\" expires=\"2027-01-01\" owner=\"o\" "
                        "fingerprint=\"%s\"><reason>r</reason></waiver>\n"
                        "<waiver rule=\"R-ONE\" device=\"SW-1\" expires=\"2027-01-01\" owner=\"o\" "
                        "fingerprint=\"ffffffffffffffffffffffffffffffff\"><reason>r</reason>"
                        "</waiver>\n",
                        upper);
    ck_assert_ptr_nonnull(body);
    ck_assert_int_eq(load_waivers(body), 0);
    make_file(&f, "sw1.cfg", "SW-1", rules, counts, 1);
    otl_waivers_apply(&w, &f);
    ck_assert_int_eq(f.findings[0].state, OTL_STATE_FAIL);
    ck_assert_int_eq(f.findings[1].state, OTL_STATE_WAIVED);
    ck_assert_int_eq(f.findings[2].state, OTL_STATE_FAIL);
    ck_assert_ptr_eq(f.findings[1].waiver, &w.v[0]);
    /* One finding of three waived: the rule still fails. */
    ck_assert_int_eq(result_of(&f, r_one), OTL_STATE_FAIL);
    ck_assert_uint_eq(w.v[0].matched, 1);
    ck_assert_uint_eq(w.v[1].matched, 0);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(e, 0);
    ck_assert_uint_eq(u, 1);
    free(body);
    otl_file_clear(&f);
}
END_TEST

START_TEST(first_waiver_wins)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one};
    size_t counts[] = {2}, e, u;

    ck_assert_int_eq(load_waivers("<waiver rule=\"R-ONE\" device=\"SW-*\" expires=\"2027-01-01\" "
                                  "owner=\"first\"><reason>r</reason></waiver>\n"
                                  "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2028-01-01\" "
                                  "owner=\"second\"><reason>r</reason></waiver>\n"),
                     0);
    make_file(&f, "sw1.cfg", "SW-1", rules, counts, 1);
    otl_waivers_apply(&w, &f);
    ck_assert_ptr_eq(f.findings[0].waiver, &w.v[0]);
    ck_assert_ptr_eq(f.findings[1].waiver, &w.v[0]);
    ck_assert_uint_eq(w.v[0].matched, 2);
    ck_assert_uint_eq(w.v[1].matched, 0);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(u, 1); /* the second is shadowed: reported */
    ck_assert_uint_eq(e, 0);
    otl_file_clear(&f);
}
END_TEST

START_TEST(applying_twice_counts_once)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one};
    size_t counts[] = {2};

    ck_assert_int_eq(load_waivers("<waiver rule=\"R-ONE\" device=\"*\" expires=\"2020-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"
                                  "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"),
                     0);
    make_file(&f, "sw1.cfg", "SW-1", rules, counts, 1);
    otl_waivers_apply(&w, &f);
    otl_waivers_apply(&w, &f);
    ck_assert_uint_eq(w.v[1].matched, 2);
    ck_assert_uint_eq(w.v[0].would_match, 2);
    ck_assert_int_eq(result_of(&f, r_one), OTL_STATE_WAIVED);
    otl_file_clear(&f);
}
END_TEST

/* ------------------------------------------------------------------ expiry */

static const char *expiry_body =
    "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2026-11-23\" owner=\"o\">"
    "<reason>r</reason></waiver>\n";

START_TEST(active_through_expiry_day)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one};
    size_t counts[] = {2}, e, u;

    ck_assert_int_eq(load_waivers_as_of("w.xml", expiry_body, "2026-11-23"), 0);
    ck_assert_int_eq(w.v[0].expired, 0);
    make_file(&f, "sw1.cfg", "SW-1", rules, counts, 1);
    otl_waivers_apply(&w, &f);
    ck_assert_uint_eq(count_state(&f, OTL_STATE_WAIVED), 2);
    ck_assert_uint_eq(w.v[0].matched, 2);
    ck_assert_uint_eq(w.v[0].would_match, 0);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(e, 0);
    ck_assert_uint_eq(u, 0);
    otl_file_clear(&f);
}
END_TEST

START_TEST(expired_the_day_after)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one, r_two};
    size_t counts[] = {2, 1}, e, u;

    ck_assert_int_eq(load_waivers_as_of("w.xml", expiry_body, "2026-11-24"), 0);
    ck_assert_int_eq(w.v[0].expired, 1);
    make_file(&f, "sw1.cfg", "SW-1", rules, counts, 2);
    otl_waivers_apply(&w, &f);
    ck_assert_uint_eq(count_state(&f, OTL_STATE_WAIVED), 0);
    ck_assert_ptr_null(f.findings[0].waiver);
    ck_assert_int_eq(result_of(&f, r_one), OTL_STATE_FAIL);
    ck_assert_uint_eq(w.v[0].matched, 0);
    ck_assert_uint_eq(w.v[0].would_match, 2);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(e, 1);
    ck_assert_uint_eq(u, 0); /* expired is reported as expired, not also as unmatched */
    otl_file_clear(&f);
}
END_TEST

START_TEST(expiry_across_month_and_year)
{
    const char *body = "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2026-12-31\" owner=\"o\">"
                       "<reason>r</reason></waiver>\n"
                       "<waiver rule=\"R-ONE\" device=\"*\" expires=\"2028-02-29\" owner=\"o\">"
                       "<reason>r</reason></waiver>\n";
    size_t e, u;

    ck_assert_int_eq(load_waivers_as_of("w.xml", body, "2027-01-01"), 0);
    ck_assert_int_eq(w.v[0].expired, 1);
    ck_assert_int_eq(w.v[1].expired, 0);
    otl_waivers_free(&w);
    ck_assert_int_eq(load_waivers_as_of("w.xml", body, "2028-03-01"), 0);
    ck_assert_int_eq(w.v[1].expired, 1);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(e, 2);
    ck_assert_uint_eq(u, 0);
}
END_TEST

START_TEST(expired_counts_even_when_another_waives)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one};
    size_t counts[] = {3};

    /* Renewed waiver: the expired one after the active one still counts
     * what it would have matched, independent of order. */
    ck_assert_int_eq(load_waivers("<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"
                                  "<waiver rule=\"R-ONE\" device=\"SW-*\" expires=\"2026-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"
                                  "<waiver rule=\"R-ONE\" device=\"other\" expires=\"2026-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"),
                     0);
    make_file(&f, "sw1.cfg", "SW-1", rules, counts, 1);
    otl_waivers_apply(&w, &f);
    ck_assert_uint_eq(w.v[0].matched, 3);
    ck_assert_uint_eq(w.v[1].would_match, 3);
    ck_assert_uint_eq(w.v[2].would_match, 0);
    otl_file_clear(&f);
}
END_TEST

/* ------------------------------------------------------------------ results */

START_TEST(result_waived_only_when_all_findings_are)
{
    struct otl_file f;
    const struct otl_rule *rules[] = {r_one, r_two, r_three};
    size_t counts[] = {2, 0, 1};
    char fp0[33], fp1[33], *body;

    fp_of("SW-1", "R-ONE", 0, fp0);
    fp_of("SW-1", "R-ONE", 1, fp1);
    body = otl_asprintf("<waiver rule=\"R-ONE\" device=\"SW-1\" expires=\"2027-01-01\" owner=\"o\" "
                        "fingerprint=\"%s\"><reason>r</reason></waiver>\n"
                        "<waiver rule=\"R-TWO\" device=\"*\" expires=\"2027-01-01\" owner=\"o\">"
                        "<reason>r</reason></waiver>\n"
                        "<waiver rule=\"R-THREE\" device=\"*\" expires=\"2027-01-01\" owner=\"o\">"
                        "<reason>r</reason></waiver>\n",
                        fp0);
    ck_assert_ptr_nonnull(body);
    ck_assert_int_eq(load_waivers(body), 0);
    make_file(&f, "sw1.cfg", "SW-1", rules, counts, 3);
    /* An error result is left alone even though R-THREE has a finding. */
    f.results[2].state = OTL_STATE_ERROR;
    otl_waivers_apply(&w, &f);
    ck_assert_int_eq(result_of(&f, r_one), OTL_STATE_FAIL); /* 1 of 2 waived */
    ck_assert_int_eq(result_of(&f, r_two), OTL_STATE_PASS); /* nothing to waive */
    ck_assert_int_eq(result_of(&f, r_three), OTL_STATE_ERROR);
    free(body);

    /* The second finding waived too (a second waivers file): now waived. */
    body = otl_asprintf("<waiver rule=\"R-ONE\" device=\"SW-1\" expires=\"2027-01-01\" owner=\"o\" "
                        "fingerprint=\"%s\"><reason>r</reason></waiver>\n",
                        fp1);
    ck_assert_ptr_nonnull(body);
    ck_assert_int_eq(load_waivers_as_of("w2.xml", body, TODAY), 0);
    otl_waivers_apply(&w, &f);
    ck_assert_int_eq(f.findings[0].state, OTL_STATE_WAIVED);
    ck_assert_int_eq(f.findings[1].state, OTL_STATE_WAIVED);
    ck_assert_ptr_eq(f.findings[1].waiver, &w.v[3]);
    ck_assert_int_eq(result_of(&f, r_one), OTL_STATE_WAIVED);
    free(body);
    otl_file_clear(&f);
}
END_TEST

START_TEST(file_without_device_or_findings)
{
    struct otl_file f;
    size_t e, u;

    ck_assert_int_eq(load_waivers("<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"),
                     0);
    memset(&f, 0, sizeof f); /* an unreadable file: no device, no results */
    otl_waivers_apply(&w, &f);
    otl_waivers_problems(&w, &e, &u);
    ck_assert_uint_eq(u, 1);
    otl_waivers_problems(NULL, &e, &u);
    ck_assert_uint_eq(e + u, 0);
}
END_TEST

/* ------------------------------------------------------------------ dates */

START_TEST(date_valid)
{
    const char *good[] = {"2026-11-23", "2024-02-29", "2000-02-29", "1970-01-01",
                          "9999-12-31", "2027-04-30", "2027-01-31"};
    const char *bad[] = {"2023-02-29", "2100-02-29", "1900-02-28", "1969-12-31",  "2027-02-30",
                         "2027-04-31", "2027-00-10", "2027-13-01", "2027-01-00",  "2027-01-32",
                         "2027-1-01",  "2027-01-1",  "2027/01/01", "2027-01-01x", "20270101",
                         "",           "abcd-ef-gh", "2027-01-0a", " 2027-01-01", "+027-01-01"};

    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(otl_date_valid(good[i]), "%s refused", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!otl_date_valid(bad[i]), "%s accepted", bad[i]);
    ck_assert(!otl_date_valid(NULL));
}
END_TEST

START_TEST(date_today_is_utc)
{
    char buf[11], want[11];
    struct tm tm;
    time_t now;

    memset(buf, 'x', sizeof buf);
    otl_date_today(buf);
    now = time(NULL);
    ck_assert_ptr_nonnull(gmtime_r(&now, &tm));
    ck_assert_uint_eq(strftime(want, sizeof want, "%Y-%m-%d", &tm), 10);
    ck_assert(otl_date_valid(buf));
    /* Unless the test ran across midnight UTC. */
    if (strcmp(buf, want) != 0) {
        otl_date_today(buf);
        ck_assert_str_eq(buf, want);
    }
}
END_TEST

/* ------------------------------------------------------------------ threads */

#define THREAD_FILES 40
#define THREAD_FINDINGS 250

struct worker {
    struct otl_file files[THREAD_FILES];
};

static void *apply_all(void *arg)
{
    struct worker *wk = arg;

    for (size_t i = 0; i < THREAD_FILES; i++)
        otl_waivers_apply(&w, &wk->files[i]);
    return NULL;
}

START_TEST(two_threads_exact_counts)
{
    static struct worker wk[2];
    const struct otl_rule *rules[] = {r_one, r_two};
    size_t counts[] = {THREAD_FINDINGS, THREAD_FINDINGS};
    pthread_t th[2];
    char dev[32];

    ck_assert_int_eq(load_waivers("<waiver rule=\"R-ONE\" device=\"*\" expires=\"2027-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"
                                  "<waiver rule=\"R-TWO\" device=\"*\" expires=\"2026-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"
                                  "<waiver rule=\"R-TWO\" device=\"A-*\" expires=\"2027-01-01\" "
                                  "owner=\"o\"><reason>r</reason></waiver>\n"),
                     0);
    for (size_t t = 0; t < 2; t++)
        for (size_t i = 0; i < THREAD_FILES; i++) {
            snprintf(dev, sizeof dev, "%c-%zu", t ? 'B' : 'A', i);
            make_file(&wk[t].files[i], dev, dev, rules, counts, 2);
        }
    for (size_t t = 0; t < 2; t++)
        ck_assert_int_eq(pthread_create(&th[t], NULL, apply_all, &wk[t]), 0);
    for (size_t t = 0; t < 2; t++)
        ck_assert_int_eq(pthread_join(th[t], NULL), 0);

    ck_assert_uint_eq(w.v[0].matched, 2UL * THREAD_FILES * THREAD_FINDINGS);
    ck_assert_uint_eq(w.v[1].would_match, 2UL * THREAD_FILES * THREAD_FINDINGS);
    ck_assert_uint_eq(w.v[2].matched, 1UL * THREAD_FILES * THREAD_FINDINGS);
    for (size_t i = 0; i < THREAD_FILES; i++) {
        ck_assert_int_eq(result_of(&wk[0].files[i], r_two), OTL_STATE_WAIVED);
        ck_assert_int_eq(result_of(&wk[1].files[i], r_two), OTL_STATE_FAIL);
        ck_assert_int_eq(result_of(&wk[1].files[i], r_one), OTL_STATE_WAIVED);
    }
    for (size_t t = 0; t < 2; t++)
        for (size_t i = 0; i < THREAD_FILES; i++)
            otl_file_clear(&wk[t].files[i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("waivers");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 300); /* about 1 s plain: margin for a loaded machine */
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, loads_every_field);
    tcase_add_loop_test(tc, refused_at_load_with_file_line, 0,
                        (int)(sizeof bad_cases / sizeof *bad_cases));
    tcase_add_test(tc, unknown_rule_message_and_no_ruleset);
    tcase_add_test(tc, bad_today_and_unreadable_refused);
    tcase_add_test(tc, several_files_append_in_order);
    tcase_add_test(tc, empty_waivers_file);
    tcase_add_test(tc, example_file_loads);
    tcase_add_test(tc, match_rule_and_device_glob);
    tcase_add_test(tc, match_by_path_glob);
    tcase_add_test(tc, fingerprint_match_and_mismatch);
    tcase_add_test(tc, first_waiver_wins);
    tcase_add_test(tc, applying_twice_counts_once);
    tcase_add_test(tc, active_through_expiry_day);
    tcase_add_test(tc, expired_the_day_after);
    tcase_add_test(tc, expiry_across_month_and_year);
    tcase_add_test(tc, expired_counts_even_when_another_waives);
    tcase_add_test(tc, result_waived_only_when_all_findings_are);
    tcase_add_test(tc, file_without_device_or_findings);
    tcase_add_test(tc, date_valid);
    tcase_add_test(tc, date_today_is_utc);
    tcase_add_test(tc, two_threads_exact_counts);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
