/*
 * rollup.c - from rule results to requirement statuses and achieved SLs.
 *
 * docs/requirements.md explains the computation with a worked example; in
 * short:
 *
 *   1. A requirement maps to the selected rules that reference it and whose
 *      device classes include the device's.  Its status on a device comes
 *      from their results: any fail -> notsatisfied; else any notevaluable or
 *      error -> notevaluable; else any waived -> waived; else any pass ->
 *      satisfied; else (all notapplicable) -> notapplicable; no mapped rule
 *      -> notassessable (configuration cannot show it).
 *   2. Achieved SL of FR n: the highest s <= cap (cap = SL-T, or 4 without
 *      one: rules above SL-T did not run, so nothing above it is shown) such
 *      that every 62443-3-3 requirement of FR n required at SL <= s is
 *      satisfied or notapplicable.  The ceiling counts notassessable as met.
 *   3. Over the scan a requirement takes the worst status of the devices that
 *      have it in scope, in the order notsatisfied, notevaluable, waived,
 *      notassessable, satisfied, notapplicable (a zone requirement is shown
 *      only when every device shows it).
 *
 * Requirements are listed 62443-3-3 first, then 4-2, 2-1 and 2-4, each in
 * catalog order.
 *
 * Cost: one pass over the rules' references per device plus a few passes
 * over the catalog; no search per requirement.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "otlint.h"
#include "catalog.h"
#include "result.h"
#include "rollup.h"

#define STD_33 "IEC 62443-3-3"
#define STD_42 "IEC 62443-4-2"

void otl_rollup_free(struct otl_rollup *r)
{
    otl_rollup_shrink(r);
    free(r);
}

static int prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Reports list 62443-3-3 first, then 4-2, 2-1, 2-4 and anything else,
 * whatever order the catalog files were loaded in. */
enum { RANK_33, RANK_42, RANK_21, RANK_24, RANK_OTHER, NRANKS };

static int std_rank(const char *standard)
{
    static const char *const order[] = {STD_33, STD_42, "IEC 62443-2-1", "IEC 62443-2-4"};

    for (int k = 0; k < RANK_OTHER; k++)
        if (strcmp(standard, order[k]) == 0)
            return k;
    return RANK_OTHER;
}

static int in_scope(const struct otl_req *r, int rank, unsigned classes, int target_sl)
{
    int cap = target_sl > 0 ? target_sl : 4;

    if (rank == RANK_33)
        return r->level >= 1 && r->sl >= 1 && r->sl <= cap;
    if (rank == RANK_42) {
        if (r->level < 1 || r->sl < 1 || r->sl > cap)
            return 0;
        /* Component requirements: CR for every component, EDR for embedded
         * devices (controllers), NDR for network devices.  otlint checks no
         * host devices or software applications (HDR, SAR). */
        if (prefix(r->id, "CR "))
            return 1;
        if (prefix(r->id, "EDR "))
            return (classes & OTL_CLASS_CONTROLLER) != 0;
        if (prefix(r->id, "NDR "))
            return (classes & (OTL_CLASS_SWITCH | OTL_CLASS_ROUTER | OTL_CLASS_FIREWALL)) != 0;
        return 0;
    }
    /* 62443-2-1 and 2-4 are not tied to SLs: every entry is listed, so that
     * what configuration cannot show is said, not omitted. */
    return 1;
}

int otl_rollup_in_scope(const struct otl_req *r, unsigned classes, int target_sl)
{
    return in_scope(r, std_rank(r->standard), classes, target_sl);
}

/* Status from the mapped rule results, in precedence order. */
static enum otl_req_status status_of(const struct otl_file *f, const size_t *idx, size_t n)
{
    unsigned seen = 0;

    if (n == 0)
        return OTL_REQ_NOTASSESSABLE;
    for (size_t i = 0; i < n; i++)
        seen |= 1u << f->results[idx[i]].state;
    if (seen & (1u << OTL_STATE_FAIL))
        return OTL_REQ_NOTSATISFIED;
    if (seen & ((1u << OTL_STATE_NOTEVALUABLE) | (1u << OTL_STATE_ERROR)))
        return OTL_REQ_NOTEVALUABLE;
    if (seen & (1u << OTL_STATE_WAIVED))
        return OTL_REQ_WAIVED;
    if (seen & (1u << OTL_STATE_PASS))
        return OTL_REQ_SATISFIED;
    return OTL_REQ_NOTAPPLICABLE;
}

static int level_ok(enum otl_req_status s, int count_unassessable)
{
    return s == OTL_REQ_SATISFIED || s == OTL_REQ_NOTAPPLICABLE ||
           (count_unassessable && s == OTL_REQ_NOTASSESSABLE);
}

/* Fill r->fr[] from r->reqs[] (statuses already set).  `rank`: of every
 * catalog entry (catalog_order()).  One pass to find the levels, one to list
 * the requirements that limit them. */
static int fr_levels(struct otl_rollup *r, int target_sl, const struct otl_catalog *cat,
                     const unsigned char *rank)
{
    int cap = target_sl > 0 ? target_sl : 4;
    int bad[7], badc[7], any[7] = {0};
    size_t nlim[7] = {0};

    for (int k = 0; k < 7; k++) {
        bad[k] = badc[k] = cap + 1;
        r->fr[k].target = target_sl > 0 ? target_sl : 0;
        r->fr[k].limited_by = NULL;
        r->fr[k].nlimited_by = 0;
    }
    for (size_t i = 0; i < r->nreqs; i++) {
        const struct otl_req *q = r->reqs[i].req;
        int k = q->fr - 1;
        if (k < 0 || k >= 7 || q->sl < 1 || q->sl > cap ||
            rank[otl_catalog_index(cat, q)] != RANK_33)
            continue;
        any[k] = 1;
        if (!level_ok(r->reqs[i].status, 0)) {
            nlim[k]++;
            if (q->sl < bad[k])
                bad[k] = q->sl;
        }
        if (!level_ok(r->reqs[i].status, 1) && q->sl < badc[k])
            badc[k] = q->sl;
    }
    for (int k = 0; k < 7; k++) {
        /* No 62443-3-3 requirement of this FR is known: nothing is shown. */
        r->fr[k].achieved = any[k] ? bad[k] - 1 : 0;
        r->fr[k].ceiling = any[k] ? badc[k] - 1 : 0;
        if (nlim[k] && (r->fr[k].limited_by = malloc(nlim[k] * sizeof *r->fr[k].limited_by)) == NULL)
            return -1;
    }
    for (size_t i = 0; i < r->nreqs; i++) {
        const struct otl_req *q = r->reqs[i].req;
        int k = q->fr - 1;
        if (k >= 0 && k < 7 && q->sl >= 1 && q->sl <= cap &&
            rank[otl_catalog_index(cat, q)] == RANK_33 && !level_ok(r->reqs[i].status, 0))
            r->fr[k].limited_by[r->fr[k].nlimited_by++] = i;
    }
    return 0;
}

/* The rank of every catalog entry (entries of one file share their
 * `standard` string, so it is compared once per run of them, not once per
 * entry) and the entry indices in report order: by rank, then catalog order.
 * One allocation of 2 * n; NULL on OOM.  *rank_out points into it. */
static size_t *catalog_order(const struct otl_catalog *cat, unsigned char **rank_out)
{
    size_t n = cat->n, at[NRANKS] = {0}, *v;
    unsigned char *rank;
    const char *prev = NULL;
    int prev_rank = RANK_OTHER;

    v = malloc((n ? n : 1) * (sizeof *v + 1));
    if (v == NULL)
        return NULL;
    rank = (unsigned char *)(v + (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        if (cat->v[i].standard != prev) {
            prev = cat->v[i].standard;
            prev_rank = std_rank(prev);
        }
        rank[i] = (unsigned char)prev_rank;
        at[prev_rank]++;
    }
    for (size_t k = 0, sum = 0; k < NRANKS; k++) {
        size_t here = at[k];
        at[k] = sum;
        sum += here;
    }
    for (size_t i = 0; i < n; i++)
        v[at[rank[i]]++] = i;
    *rank_out = rank;
    return v;
}

static int rule_fits(const struct otl_rule *rule, unsigned classes)
{
    return (rule->classes & classes) != 0;
}

struct otl_rollup *otl_rollup_device(const struct otl_catalog *cat, const struct otl_file *f,
                                     int target_sl)
{
    struct otl_rollup *r = calloc(1, sizeof *r);
    size_t *count = calloc(cat->n ? cat->n : 1, sizeof *count);
    unsigned char *rank = NULL;
    size_t *order = catalog_order(cat, &rank);
    size_t n = 0;

    if (r == NULL || count == NULL || order == NULL)
        goto fail;
    r->ndevices = 1;
    /* Pass 1: how many mapped results each catalog entry has. */
    for (size_t k = 0; k < f->nresults; k++) {
        const struct otl_rule *rule = f->results[k].rule;
        if (!rule_fits(rule, f->classes))
            continue;
        for (size_t j = 0; j < rule->nrefs; j++)
            if (rule->refs[j].req)
                count[otl_catalog_index(cat, rule->refs[j].req)]++;
    }
    for (size_t i = 0; i < cat->n; i++)
        if (in_scope(&cat->v[i], rank[i], f->classes, target_sl))
            n++;
    r->reqs = calloc(n ? n : 1, sizeof *r->reqs);
    if (r->reqs == NULL)
        goto fail;
    /* Pass 2: one entry per requirement in scope, with its rule list.
     * count[] is reused as "entry index + 1" for the entries in scope. */
    for (size_t o = 0; o < cat->n; o++) {
        size_t i = order[o];
        struct otl_req_result *e;
        if (!in_scope(&cat->v[i], rank[i], f->classes, target_sl)) {
            count[i] = 0;
            continue;
        }
        e = &r->reqs[r->nreqs];
        e->req = &cat->v[i];
        if (count[i] && (e->rules = malloc(count[i] * sizeof *e->rules)) == NULL)
            goto fail;
        count[i] = ++r->nreqs;
    }
    for (size_t k = 0; k < f->nresults; k++) {
        const struct otl_rule *rule = f->results[k].rule;
        if (!rule_fits(rule, f->classes))
            continue;
        for (size_t j = 0; j < rule->nrefs; j++) {
            size_t at;
            if (rule->refs[j].req == NULL)
                continue;
            at = count[otl_catalog_index(cat, rule->refs[j].req)];
            if (at == 0)
                continue;
            struct otl_req_result *e = &r->reqs[at - 1];
            /* A rule that references one requirement twice counts once. */
            if (e->nrules == 0 || e->rules[e->nrules - 1] != k)
                e->rules[e->nrules++] = k;
        }
    }
    for (size_t i = 0; i < r->nreqs; i++)
        r->reqs[i].status = status_of(f, r->reqs[i].rules, r->reqs[i].nrules);
    if (fr_levels(r, target_sl, cat, rank) != 0)
        goto fail;
    free(count);
    free(order);
    return r;
fail:
    free(count);
    free(order);
    otl_rollup_free(r);
    return NULL;
}

/* Scan-level precedence: the worst status any device shows. */
static const enum otl_req_status scan_order[] = {
    OTL_REQ_NOTSATISFIED,  OTL_REQ_NOTEVALUABLE, OTL_REQ_WAIVED,
    OTL_REQ_NOTASSESSABLE, OTL_REQ_SATISFIED,    OTL_REQ_NOTAPPLICABLE};

/* Devices by status per catalog requirement, filled device by device. */
struct otl_rollup_acc {
    const struct otl_catalog *cat;
    size_t (*cnt)[OTL_REQ_STATUS_COUNT];
    size_t ndevices;
};

struct otl_rollup_acc *otl_rollup_acc_new(const struct otl_catalog *cat)
{
    struct otl_rollup_acc *a = calloc(1, sizeof *a);

    if (a == NULL)
        return NULL;
    a->cat = cat;
    a->cnt = calloc(cat->n ? cat->n : 1, sizeof *a->cnt);
    if (a->cnt == NULL) {
        free(a);
        return NULL;
    }
    return a;
}

void otl_rollup_acc_add(struct otl_rollup_acc *a, const struct otl_rollup *d)
{
    if (d == NULL)
        return;
    a->ndevices++;
    for (size_t i = 0; i < d->nreqs; i++)
        a->cnt[otl_catalog_index(a->cat, d->reqs[i].req)][d->reqs[i].status]++;
}

void otl_rollup_acc_free(struct otl_rollup_acc *a)
{
    if (a == NULL)
        return;
    free(a->cnt);
    free(a);
}

struct otl_rollup *otl_rollup_acc_finish(struct otl_rollup_acc *a, int target_sl)
{
    const struct otl_catalog *cat = a->cat;
    size_t(*cnt)[OTL_REQ_STATUS_COUNT] = a->cnt;
    struct otl_rollup *r = calloc(1, sizeof *r);
    unsigned char *rank = NULL;
    size_t *order = catalog_order(cat, &rank);
    size_t n = 0;

    if (r == NULL || order == NULL)
        goto fail;
    r->ndevices = a->ndevices;
    for (size_t i = 0; i < cat->n; i++) {
        size_t sum = 0;
        for (int s = 0; s < OTL_REQ_STATUS_COUNT; s++)
            sum += cnt[i][s];
        n += sum > 0;
    }
    r->reqs = calloc(n ? n : 1, sizeof *r->reqs);
    if (r->reqs == NULL)
        goto fail;
    for (size_t o = 0; o < cat->n; o++) {
        size_t i = order[o];
        struct otl_req_result *e;
        size_t sum = 0;
        for (int s = 0; s < OTL_REQ_STATUS_COUNT; s++)
            sum += cnt[i][s];
        if (sum == 0)
            continue;
        e = &r->reqs[r->nreqs++];
        e->req = &cat->v[i];
        memcpy(e->ndevices, cnt[i], sizeof e->ndevices);
        for (size_t k = 0; k < sizeof scan_order / sizeof *scan_order; k++) {
            if (cnt[i][scan_order[k]]) {
                e->status = scan_order[k];
                break;
            }
        }
    }
    if (fr_levels(r, target_sl, cat, rank) != 0)
        goto fail;
    if (r->ndevices == 0)
        for (int k = 0; k < 7; k++)
            r->fr[k].achieved = r->fr[k].ceiling = 0;
    free(order);
    return r;
fail:
    free(order);
    otl_rollup_free(r);
    return NULL;
}

struct otl_rollup *otl_rollup_scan(const struct otl_catalog *cat, const struct otl_scan *scan)
{
    struct otl_rollup_acc *a = otl_rollup_acc_new(cat);
    struct otl_rollup *r;

    if (a == NULL)
        return NULL;
    for (size_t fi = 0; fi < scan->nfiles; fi++)
        otl_rollup_acc_add(a, scan->files[fi].rollup);
    r = otl_rollup_acc_finish(a, scan->target_sl);
    otl_rollup_acc_free(a);
    return r;
}

void otl_rollup_shrink(struct otl_rollup *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nreqs; i++)
        free(r->reqs[i].rules);
    free(r->reqs);
    r->reqs = NULL;
    r->nreqs = 0;
    for (size_t k = 0; k < 7; k++) {
        free(r->fr[k].limited_by);
        r->fr[k].limited_by = NULL;
        r->fr[k].nlimited_by = 0;
    }
}
