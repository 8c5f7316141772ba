/*
 * check_rollup.c - the requirement roll-up and the achieved SL per FR on
 * hand-made device results (docs/requirements.md).
 *
 * A small catalog and five rules are built by hand, so every expected value
 * below can be worked out on paper:
 *
 *   FR1: SR 1.1 (SL1), SR 1.1 RE 1 (SL2), SR 1.1 RE 2 (SL3), SR 1.1 RE 3 (SL4)
 *   FR2: SR 2.1 (SL1), SR 2.1 RE 1 (SL2), SR 2.2 (SL1)
 *   4-2: CR 1.1 (SL1), EDR 2.4 (SL1), NDR 1.13 (SL1), HDR 2.4 (SL1)
 *   2-1: USER 1;  2-4: SP.09
 *
 *   R1 switch+controller  SR 1.1, CR 1.1
 *   R2 switch             SR 1.1 RE 1
 *   R3 switch             SR 1.1 RE 2, SR 1.1 RE 3
 *   R4 switch             SR 2.1, SR 2.1 RE 1, NDR 1.13, SP.09
 *   R5 controller         EDR 2.4, SR 2.2
 */
#include <config.h>

#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "otlint.h"
#include "catalog.h"
#include "result.h"
#include "rollup.h"

#define S33 "IEC 62443-3-3"
#define S42 "IEC 62443-4-2"

enum {
    FR1, SR11, SR11RE1, SR11RE2, SR11RE3,
    FR2, SR21, SR21RE1, SR22,
    C_FR1, CR11, C_FR2, EDR24, HDR24, NDR113,
    SPE6, USER1, SP09,
    NREQ
};

static struct otl_req reqs[NREQ];
static struct otl_catalog cat;
static struct otl_rule rules[5];
static struct otl_ref refs[5][4];

static void req(int i, const char *std, const char *id, int level, int parent, int fr, int sl)
{
    memset(&reqs[i], 0, sizeof reqs[i]);
    reqs[i].standard = std;
    reqs[i].id = id;
    reqs[i].title = id;
    reqs[i].level = level;
    reqs[i].parent = parent;
    reqs[i].fr = fr;
    reqs[i].sl = sl;
}

static void rule(int i, const char *id, unsigned classes, const int *rq, size_t n)
{
    memset(&rules[i], 0, sizeof rules[i]);
    rules[i].id = (char *)id;
    rules[i].classes = classes;
    rules[i].refs = refs[i];
    rules[i].nrefs = n;
    for (size_t k = 0; k < n; k++) {
        refs[i][k].standard = (char *)reqs[rq[k]].standard;
        refs[i][k].id = (char *)reqs[rq[k]].id;
        refs[i][k].sl = reqs[rq[k]].sl;
        refs[i][k].req = &reqs[rq[k]];
    }
}

static void setup(void)
{
    static const int r1[] = {SR11, CR11}, r2[] = {SR11RE1}, r3[] = {SR11RE2, SR11RE3},
                     r4[] = {SR21, SR21RE1, NDR113, SP09}, r5[] = {EDR24, SR22};
    const unsigned net = OTL_CLASS_SWITCH;

    req(FR1, S33, "FR 1", 0, -1, 1, 0);
    req(SR11, S33, "SR 1.1", 1, FR1, 1, 1);
    req(SR11RE1, S33, "SR 1.1 RE 1", 2, SR11, 1, 2);
    req(SR11RE2, S33, "SR 1.1 RE 2", 2, SR11, 1, 3);
    req(SR11RE3, S33, "SR 1.1 RE 3", 2, SR11, 1, 4);
    req(FR2, S33, "FR 2", 0, -1, 2, 0);
    req(SR21, S33, "SR 2.1", 1, FR2, 2, 1);
    req(SR21RE1, S33, "SR 2.1 RE 1", 2, SR21, 2, 2);
    req(SR22, S33, "SR 2.2", 1, FR2, 2, 1);
    req(C_FR1, S42, "FR 1", 0, -1, 1, 0);
    req(CR11, S42, "CR 1.1", 1, C_FR1, 1, 1);
    req(C_FR2, S42, "FR 2", 0, -1, 2, 0);
    req(EDR24, S42, "EDR 2.4", 1, C_FR2, 2, 1);
    req(HDR24, S42, "HDR 2.4", 1, C_FR2, 2, 1);
    req(NDR113, S42, "NDR 1.13", 1, C_FR1, 1, 1);
    req(SPE6, "IEC 62443-2-1", "SPE 6", 0, -1, 0, 0);
    req(USER1, "IEC 62443-2-1", "USER 1", 1, SPE6, 0, 0);
    req(SP09, "IEC 62443-2-4", "SP.09", 0, -1, 0, 0);
    memset(&cat, 0, sizeof cat);
    cat.v = reqs;
    cat.n = NREQ;
    rule(0, "R1", net | OTL_CLASS_CONTROLLER, r1, 2);
    rule(1, "R2", net, r2, 1);
    rule(2, "R3", net, r3, 2);
    rule(3, "R4", net, r4, 4);
    rule(4, "R5", OTL_CLASS_CONTROLLER, r5, 2);
}

static void teardown(void)
{
}

/* A file of `classes` with one result per rule, all `state` except the
 * overrides given as (rule index, state) pairs, ended by -1. */
static struct otl_file *device(unsigned classes, enum otl_state state, ...)
{
    struct otl_file *f = calloc(1, sizeof *f);
    va_list ap;
    int i;

    ck_assert_ptr_nonnull(f);
    f->classes = classes;
    f->results = calloc(5, sizeof *f->results);
    ck_assert_ptr_nonnull(f->results);
    f->nresults = 5;
    for (i = 0; i < 5; i++) {
        f->results[i].rule = &rules[i];
        /* Rules of another class are notapplicable, as otl_evaluate makes them. */
        f->results[i].state = (rules[i].classes & classes) ? state : OTL_STATE_NOTAPPLICABLE;
    }
    va_start(ap, state);
    while ((i = va_arg(ap, int)) >= 0)
        f->results[i].state = (enum otl_state)va_arg(ap, int);
    va_end(ap);
    return f;
}

static void device_free(struct otl_file *f)
{
    otl_rollup_free(f->rollup);
    free(f->results);
    free(f);
}

static const struct otl_req_result *find(const struct otl_rollup *r, int i)
{
    for (size_t k = 0; k < r->nreqs; k++)
        if (r->reqs[k].req == &reqs[i])
            return &r->reqs[k];
    return NULL;
}

static enum otl_req_status status(const struct otl_rollup *r, int i)
{
    const struct otl_req_result *e = find(r, i);

    ck_assert_msg(e != NULL, "%s %s not in the roll-up", reqs[i].standard, reqs[i].id);
    return e->status;
}

START_TEST(all_pass_sl4_only_where_rules_exist)
{
    struct otl_file *f = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, -1);
    struct otl_rollup *r = otl_rollup_device(&cat, f, 0);

    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    /* FR1: a passing rule for every requirement up to SL 4. */
    ck_assert_int_eq(status(r, SR11), OTL_REQ_SATISFIED);
    ck_assert_int_eq(status(r, SR11RE3), OTL_REQ_SATISFIED);
    ck_assert_int_eq(r->fr[0].target, 0);
    ck_assert_int_eq(r->fr[0].achieved, 4);
    ck_assert_int_eq(r->fr[0].ceiling, 4);
    ck_assert_uint_eq(r->fr[0].nlimited_by, 0);
    /* FR2: SR 2.2 (SL 1) has a rule only for controllers: not assessable on
     * a switch, so nothing is achieved, though nothing contradicts SL 4. */
    ck_assert_int_eq(status(r, SR22), OTL_REQ_NOTASSESSABLE);
    ck_assert_int_eq(r->fr[1].achieved, 0);
    ck_assert_int_eq(r->fr[1].ceiling, 4);
    ck_assert_uint_eq(r->fr[1].nlimited_by, 1);
    ck_assert_ptr_eq(r->reqs[r->fr[1].limited_by[0]].req, &reqs[SR22]);
    /* FRs without any known requirement show nothing. */
    ck_assert_int_eq(r->fr[2].achieved, 0);
    ck_assert_int_eq(r->fr[2].ceiling, 0);
    /* 4-2: CR and NDR for a switch, not EDR or HDR. */
    ck_assert_int_eq(status(r, CR11), OTL_REQ_SATISFIED);
    ck_assert_int_eq(status(r, NDR113), OTL_REQ_SATISFIED);
    ck_assert_ptr_null(find(r, EDR24));
    ck_assert_ptr_null(find(r, HDR24));
    /* 2-1 / 2-4 are listed whole; what no rule maps to is said so. */
    ck_assert_int_eq(status(r, SPE6), OTL_REQ_NOTASSESSABLE);
    ck_assert_int_eq(status(r, USER1), OTL_REQ_NOTASSESSABLE);
    ck_assert_int_eq(status(r, SP09), OTL_REQ_SATISFIED);
    /* FR groups of 3-3 and 4-2 are not requirements. */
    ck_assert_ptr_null(find(r, FR1));
    ck_assert_ptr_null(find(r, C_FR1));
    /* The mapped rules are listed (indices into the file's results). */
    ck_assert_uint_eq(find(r, SR11)->nrules, 1);
    ck_assert_uint_eq(find(r, SR11)->rules[0], 0);
    ck_assert_uint_eq(find(r, SR22)->nrules, 0);
    device_free(f);
}
END_TEST

START_TEST(failing_sr11_caps_fr1)
{
    struct otl_file *f = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, 0, OTL_STATE_FAIL, -1);
    struct otl_rollup *r = otl_rollup_device(&cat, f, 0);

    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    ck_assert_int_eq(status(r, SR11), OTL_REQ_NOTSATISFIED);
    ck_assert_int_eq(status(r, CR11), OTL_REQ_NOTSATISFIED);
    ck_assert_int_eq(r->fr[0].achieved, 0);
    ck_assert_int_eq(r->fr[0].ceiling, 0);
    ck_assert_uint_eq(r->fr[0].nlimited_by, 1);
    /* FR2 is not affected. */
    ck_assert_int_eq(r->fr[1].ceiling, 4);
    device_free(f);
}
END_TEST

START_TEST(failing_re_caps_below_its_level)
{
    /* SR 1.1 RE 1 (SL 2) fails: FR1 holds SL 1, not more. */
    struct otl_file *f = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, 1, OTL_STATE_FAIL, -1);
    struct otl_rollup *r = otl_rollup_device(&cat, f, 0);

    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    ck_assert_int_eq(r->fr[0].achieved, 1);
    ck_assert_int_eq(r->fr[0].ceiling, 1);
    device_free(f);
}
END_TEST

START_TEST(target_caps_scope_and_levels)
{
    struct otl_file *f = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, -1);
    struct otl_rollup *r = otl_rollup_device(&cat, f, 2);

    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    /* Requirements above SL-T 2 are out of scope; nothing is shown above it. */
    ck_assert_ptr_null(find(r, SR11RE2));
    ck_assert_ptr_null(find(r, SR11RE3));
    ck_assert_ptr_nonnull(find(r, SR11RE1));
    for (int k = 0; k < 7; k++)
        ck_assert_int_eq(r->fr[k].target, 2);
    ck_assert_int_eq(r->fr[0].achieved, 2);
    ck_assert_int_eq(r->fr[0].ceiling, 2);
    ck_assert_int_eq(r->fr[1].achieved, 0);
    ck_assert_int_eq(r->fr[1].ceiling, 2);
    ck_assert(otl_rollup_in_scope(&reqs[SR11RE1], OTL_CLASS_SWITCH, 2));
    ck_assert(!otl_rollup_in_scope(&reqs[SR11RE2], OTL_CLASS_SWITCH, 2));
    ck_assert(otl_rollup_in_scope(&reqs[SR11RE3], OTL_CLASS_SWITCH, 0));
    device_free(f);
}
END_TEST

START_TEST(statuses_and_precedence)
{
    /* Controller: R1 passes, R5 is notevaluable. */
    struct otl_file *f = device(OTL_CLASS_CONTROLLER, OTL_STATE_PASS, 4, OTL_STATE_NOTEVALUABLE, -1);
    struct otl_rollup *r = otl_rollup_device(&cat, f, 0);

    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    ck_assert_int_eq(status(r, SR22), OTL_REQ_NOTEVALUABLE);
    ck_assert_int_eq(status(r, EDR24), OTL_REQ_NOTEVALUABLE);
    ck_assert_ptr_null(find(r, NDR113));
    /* SR 2.1's rule is for switches only: not assessable on a controller. */
    ck_assert_int_eq(status(r, SR21), OTL_REQ_NOTASSESSABLE);
    ck_assert_int_eq(r->fr[0].achieved, 1); /* SR 1.1 satisfied; its REs not assessable */
    ck_assert_int_eq(r->fr[0].ceiling, 4);
    ck_assert_int_eq(r->fr[1].achieved, 0);
    ck_assert_int_eq(r->fr[1].ceiling, 0); /* SR 2.2 notevaluable: contradicts nothing, shows nothing */
    device_free(f);

    /* Waived R2, notapplicable R3: SR 1.1 RE 1 waived caps at 1; notapplicable does not cap. */
    f = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, 1, OTL_STATE_WAIVED, 2, OTL_STATE_NOTAPPLICABLE, -1);
    r = otl_rollup_device(&cat, f, 0);
    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    ck_assert_int_eq(status(r, SR11RE1), OTL_REQ_WAIVED);
    ck_assert_int_eq(status(r, SR11RE2), OTL_REQ_NOTAPPLICABLE);
    ck_assert_int_eq(r->fr[0].achieved, 1);
    ck_assert_int_eq(r->fr[0].ceiling, 1);
    device_free(f);

    /* Error counts as notevaluable; a failure outranks it on a shared requirement. */
    f = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, 3, OTL_STATE_ERROR, -1);
    r = otl_rollup_device(&cat, f, 0);
    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    ck_assert_int_eq(status(r, SR21), OTL_REQ_NOTEVALUABLE);
    device_free(f);
}
END_TEST

START_TEST(fail_outranks_notevaluable)
{
    /* Two rules on one requirement: R2 gets a second reference to SR 1.1. */
    static struct otl_ref two[2];
    struct otl_file *f;
    struct otl_rollup *r;

    two[0] = refs[1][0];
    two[1] = refs[0][0];
    rules[1].refs = two;
    rules[1].nrefs = 2;
    f = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, 0, OTL_STATE_NOTEVALUABLE, 1, OTL_STATE_FAIL, -1);
    r = otl_rollup_device(&cat, f, 0);
    ck_assert_ptr_nonnull(r);
    f->rollup = r;
    ck_assert_int_eq(status(r, SR11), OTL_REQ_NOTSATISFIED);
    ck_assert_uint_eq(find(r, SR11)->nrules, 2);
    device_free(f);
}
END_TEST

START_TEST(scan_takes_the_worst_device)
{
    struct otl_file *a = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, -1);
    struct otl_file *b = device(OTL_CLASS_SWITCH, OTL_STATE_PASS, 1, OTL_STATE_FAIL, -1);
    struct otl_file *c = device(OTL_CLASS_CONTROLLER, OTL_STATE_PASS, -1);
    struct otl_file files[4];
    struct otl_scan scan;
    struct otl_rollup *r;

    a->rollup = otl_rollup_device(&cat, a, 0);
    b->rollup = otl_rollup_device(&cat, b, 0);
    c->rollup = otl_rollup_device(&cat, c, 0);
    memset(files, 0, sizeof files);
    files[0] = *a;
    files[1] = *b;
    files[2] = *c;
    /* files[3]: a file that was not evaluated (no roll-up) is left out. */
    memset(&scan, 0, sizeof scan);
    scan.files = files;
    scan.nfiles = 4;
    r = otl_rollup_scan(&cat, &scan);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->ndevices, 3);
    ck_assert_int_eq(status(r, SR11RE1), OTL_REQ_NOTSATISFIED);
    ck_assert_uint_eq(find(r, SR11RE1)->ndevices[OTL_REQ_SATISFIED], 1);
    ck_assert_uint_eq(find(r, SR11RE1)->ndevices[OTL_REQ_NOTSATISFIED], 1);
    ck_assert_uint_eq(find(r, SR11RE1)->ndevices[OTL_REQ_NOTASSESSABLE], 1);
    /* SR 1.1: satisfied on all three. */
    ck_assert_int_eq(status(r, SR11), OTL_REQ_SATISFIED);
    /* EDR 2.4 only on the controller, NDR 1.13 only on the switches. */
    ck_assert_uint_eq(find(r, EDR24)->ndevices[OTL_REQ_SATISFIED], 1);
    ck_assert_uint_eq(find(r, NDR113)->ndevices[OTL_REQ_SATISFIED], 2);
    ck_assert_ptr_null(find(r, HDR24));
    /* SR 2.2: satisfied on the controller, not assessable on the switches:
     * the zone cannot claim it. */
    ck_assert_int_eq(status(r, SR22), OTL_REQ_NOTASSESSABLE);
    /* FR1: the failing device caps the scan at 1. */
    ck_assert_int_eq(r->fr[0].achieved, 1);
    ck_assert_int_eq(r->fr[0].ceiling, 1);
    otl_rollup_free(r);
    device_free(a);
    device_free(b);
    device_free(c);
}
END_TEST

START_TEST(empty_scan)
{
    struct otl_scan scan;
    struct otl_rollup *r;

    memset(&scan, 0, sizeof scan);
    scan.target_sl = 3;
    r = otl_rollup_scan(&cat, &scan);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->ndevices, 0);
    ck_assert_uint_eq(r->nreqs, 0);
    ck_assert_int_eq(r->fr[0].target, 3);
    ck_assert_int_eq(r->fr[0].achieved, 0);
    otl_rollup_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rollup");
    TCase *tc = tcase_create("rollup");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, all_pass_sl4_only_where_rules_exist);
    tcase_add_test(tc, failing_sr11_caps_fr1);
    tcase_add_test(tc, failing_re_caps_below_its_level);
    tcase_add_test(tc, target_caps_scope_and_levels);
    tcase_add_test(tc, statuses_and_precedence);
    tcase_add_test(tc, fail_outranks_notevaluable);
    tcase_add_test(tc, scan_takes_the_worst_device);
    tcase_add_test(tc, empty_scan);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
