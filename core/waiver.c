/* waiver.c - see waiver.h and docs/waivers.md. */
#include <config.h>
#include "waiver.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/tree.h>

#include "engine.h"
#include "otlint.h"
#include "result.h"
#include "util.h"
#include "xmlsafe.h"

#define NS_WAIVERS "urn:otlint:waivers:1"

/* ------------------------------------------------------------------ dates */

static int is_leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Value of n decimal digits at s; -1 if one is not a digit. */
static int digits(const char *s, size_t n)
{
    int v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int otl_date_valid(const char *s)
{
    static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d, dim;

    if (s == NULL || strnlen(s, 11) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    y = digits(s, 4);
    m = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (y < 1970 || m < 1 || m > 12 || d < 1)
        return 0;
    dim = mdays[m - 1] + (m == 2 && is_leap((unsigned)y));
    return d <= dim;
}

void otl_date_today(char buf[11])
{
    time_t now = time(NULL);
    struct tm tm;

    /* Out of range only with a broken clock; the epoch keeps buf a valid
     * date rather than leaving it undefined. */
    if (now == (time_t)-1 || gmtime_r(&now, &tm) == NULL || tm.tm_year < 70 ||
        tm.tm_year > 9999 - 1900 || strftime(buf, 11, "%Y-%m-%d", &tm) != 10)
        memcpy(buf, "1970-01-01", 11);
}

/* "YYYY-MM-DD" compares as a string the way the days compare. */
static int date_before(const char *a, const char *b)
{
    return strcmp(a, b) < 0;
}

/* ------------------------------------------------------------------ lifetime */

void otl_waivers_init(struct otl_waivers *w)
{
    memset(w, 0, sizeof *w);
}

static void waiver_clear(struct otl_waiver *wv)
{
    free(wv->rule);
    free(wv->device);
    free(wv->fingerprint);
    free(wv->reason);
    free(wv->owner);
    free(wv->countermeasure);
    free(wv->file);
    memset(wv, 0, sizeof *wv);
}

static void waiver_vec_free(struct otl_waiver *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        waiver_clear(&v[i]);
    free(v);
}

void otl_waivers_free(struct otl_waivers *w)
{
    if (w == NULL)
        return;
    waiver_vec_free(w->v, w->n);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------ loading */

struct loadctx {
    struct otl_loaderr le;
};

#define load_err(lc, ...) otl_loaderr(&(lc)->le, __VA_ARGS__)

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A copy of s without white space at either end; NULL on OOM. */
static char *trimmed(const char *s)
{
    const char *e;

    while (is_space(*s))
        s++;
    e = s + strlen(s);
    while (e > s && is_space(e[-1]))
        e--;
    return strndup(s, (size_t)(e - s));
}

/* Attribute value, or NULL when absent; *oom set on allocation failure. */
static char *prop(xmlNodePtr n, const char *name, int *oom)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s;

    if (v == NULL)
        return NULL;
    s = trimmed((const char *)v);
    xmlFree(v);
    if (s == NULL)
        *oom = 1;
    return s;
}

/* Trimmed text content; *oom set on allocation failure. */
static char *text_of(xmlNodePtr n, int *oom)
{
    xmlChar *v = xmlNodeGetContent(n);
    char *s;

    if (v == NULL) {
        *oom = 1;
        return NULL;
    }
    s = trimmed((const char *)v);
    xmlFree(v);
    if (s == NULL)
        *oom = 1;
    return s;
}

static int is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
           xmlStrEqual(n->ns->href, (const xmlChar *)NS_WAIVERS) &&
           xmlStrEqual(n->name, (const xmlChar *)name);
}

/* 32 hex digits, lower-cased in place (fingerprints are printed in lower
 * case; a waiver copied from an upper-case listing must still match). */
static int fingerprint_normalise(char *fp)
{
    size_t i;

    for (i = 0; fp[i] != '\0'; i++) {
        char c = fp[i];
        if (c >= 'A' && c <= 'F')
            fp[i] = (char)(c - 'A' + 'a');
        else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return -1;
    }
    return i == 32 ? 0 : -1;
}

/* Everything a waiver needs, with a message naming what is missing (the
 * schema's messages do not), and what the schema cannot check at all: that
 * the rule exists.  Errors are counted in lc. */
static void waiver_check(struct loadctx *lc, struct otl_waiver *wv, const struct otl_ruleset *rs)
{
    if (wv->rule == NULL || wv->rule[0] == '\0')
        load_err(lc, wv->line, "waiver has no rule");
    else if (rs != NULL && otl_ruleset_find(rs, wv->rule) == NULL)
        load_err(lc, wv->line, "waiver for unknown rule %s: no loaded baseline defines it",
                 wv->rule);
    if (wv->device == NULL || wv->device[0] == '\0')
        load_err(lc, wv->line, "waiver for %s: no device pattern", wv->rule ? wv->rule : "?");
    if (wv->owner == NULL || wv->owner[0] == '\0')
        load_err(lc, wv->line, "waiver for %s: no owner (who accepted the risk?)",
                 wv->rule ? wv->rule : "?");
    if (wv->reason == NULL || wv->reason[0] == '\0')
        load_err(lc, wv->line, "waiver for %s: no <reason> (why is the risk accepted?)",
                 wv->rule ? wv->rule : "?");
    if (wv->fingerprint != NULL && fingerprint_normalise(wv->fingerprint) != 0)
        load_err(lc, wv->line, "waiver for %s: fingerprint '%s' is not 32 hex digits",
                 wv->rule ? wv->rule : "?", wv->fingerprint);
}

/* Fill *wv from a <waiver> element (not yet validated: anything may be
 * missing).  0 ok, -1 out of memory (reported); the rest is judged by
 * waiver_check. */
static int waiver_read(struct loadctx *lc, xmlNodePtr el, struct otl_waiver *wv)
{
    unsigned long line = (unsigned long)xmlGetLineNo(el);
    int oom = 0;
    char *expires;

    memset(wv, 0, sizeof *wv);
    wv->line = line;
    wv->file = strdup(lc->le.file);
    wv->rule = prop(el, "rule", &oom);
    wv->device = prop(el, "device", &oom);
    wv->owner = prop(el, "owner", &oom);
    wv->fingerprint = prop(el, "fingerprint", &oom);
    expires = prop(el, "expires", &oom);
    for (xmlNodePtr c = el->children; c != NULL; c = c->next) {
        if (is_el(c, "reason") && wv->reason == NULL)
            wv->reason = text_of(c, &oom);
        else if (is_el(c, "countermeasure") && wv->countermeasure == NULL)
            wv->countermeasure = text_of(c, &oom);
    }
    if (wv->file == NULL || oom) {
        free(expires);
        load_err(lc, line, "out of memory");
        return -1;
    }
    if (expires == NULL)
        load_err(lc, line, "waiver for %s: no expiry date (expires=\"YYYY-MM-DD\")",
                 wv->rule ? wv->rule : "?");
    else if (!otl_date_valid(expires))
        load_err(lc, line, "waiver for %s: expiry date '%s' is not a calendar day (YYYY-MM-DD)",
                 wv->rule ? wv->rule : "?", expires);
    else
        memcpy(wv->expires, expires, sizeof wv->expires);
    free(expires);
    return 0;
}

/* A growable array of waivers read from one file. */
struct wvec {
    struct otl_waiver *v;
    size_t n, cap;
};

static struct otl_waiver *wvec_push(struct wvec *a)
{
    if (otl_grow(&a->v, &a->cap, a->n + 1, sizeof *a->v, 8) != 0)
        return NULL;
    memset(&a->v[a->n], 0, sizeof a->v[a->n]);
    return &a->v[a->n++];
}

/* Every <waiver> of the document into a; errors counted in lc. */
static void read_waivers(struct loadctx *lc, xmlDocPtr doc, const struct otl_ruleset *rs,
                         struct wvec *a)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (root == NULL || !is_el(root, "waivers")) {
        load_err(lc, root ? (unsigned long)xmlGetLineNo(root) : 0,
                 "not a waivers file (root element must be <waivers xmlns=\"%s\">)", NS_WAIVERS);
        return;
    }
    for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
        struct otl_waiver *wv;
        if (!is_el(c, "waiver"))
            continue;
        wv = wvec_push(a);
        if (wv == NULL) {
            load_err(lc, (unsigned long)xmlGetLineNo(c), "out of memory");
            return;
        }
        if (waiver_read(lc, c, wv) != 0)
            return;
        waiver_check(lc, wv, rs);
    }
}

/* Moves the waivers of a onto the end of w; -1 on OOM (a untouched). */
static int waivers_append(struct otl_waivers *w, struct wvec *a)
{
    if (a->n == 0)
        return 0;
    if (otl_grow(&w->v, &w->cap, w->n + a->n, sizeof *w->v, 8) != 0)
        return -1;
    memcpy(w->v + w->n, a->v, a->n * sizeof *w->v);
    w->n += a->n;
    free(a->v);
    memset(a, 0, sizeof *a);
    return 0;
}

int otl_waivers_load(struct otl_waivers *w, const char *path, const char *schema_dir,
                     const struct otl_ruleset *rs, const char *today,
                     otl_errfn fn, void *arg)
{
    struct loadctx lc = {{fn, arg, path, 0}};
    struct wvec a = {NULL, 0, 0};
    xmlDocPtr doc;
    char *rng = NULL;

    if (!otl_date_valid(today)) {
        load_err(&lc, 0, "cannot judge expiry: today's date '%s' is not YYYY-MM-DD",
                 today ? today : "");
        return lc.le.errors;
    }
    doc = otl_xml_read_file(path, otl_loaderr_xml, &lc.le);
    if (doc == NULL) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "cannot read waivers file");
        return lc.le.errors;
    }
    /* Our own reading first: it names the missing owner or reason, where
     * libxml2's RELAX NG messages only say that a waiver is invalid.  The
     * schema then refuses whatever else is wrong (unknown attributes or
     * elements). */
    read_waivers(&lc, doc, rs, &a);
    if (lc.le.errors != 0)
        goto out;
    rng = otl_asprintf("%s/waivers.rng", schema_dir);
    if (rng == NULL || otl_xml_validate_rng(doc, rng, otl_loaderr_xml, &lc.le) != 0) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "waivers file does not validate against %s",
                     rng ? rng : "waivers.rng");
        goto out;
    }
    if (waivers_append(w, &a) != 0)
        load_err(&lc, 0, "out of memory");
    if (lc.le.errors == 0) {
        /* Judge every waiver, earlier files too, against the one `today`. */
        memcpy(w->today, today, sizeof w->today);
        for (size_t i = 0; i < w->n; i++)
            w->v[i].expired = date_before(w->v[i].expires, w->today);
    }
out:
    waiver_vec_free(a.v, a.n);
    free(rng);
    xmlFreeDoc(doc);
    return lc.le.errors;
}

/* ------------------------------------------------------------------ applying */

static int device_matches(const char *glob, const struct otl_file *f)
{
    return (f->device != NULL && fnmatch(glob, f->device, 0) == 0) ||
           (f->path != NULL && fnmatch(glob, f->path, 0) == 0);
}

static int waiver_matches(const struct otl_waiver *wv, const struct otl_file *f,
                          const struct otl_finding *fd)
{
    return fd->rule != NULL && fd->rule->id != NULL && strcmp(wv->rule, fd->rule->id) == 0 &&
           (wv->fingerprint == NULL || strcmp(wv->fingerprint, fd->fingerprint) == 0) &&
           device_matches(wv->device, f);
}

/* Waive one finding: the first active match wins; every expired waiver
 * that matches counts it in would_match, whichever waiver (if any) waived
 * it, so that the count does not depend on the order of the file.
 * 1 if the finding was waived. */
static int waive_finding(struct otl_waivers *w, const struct otl_file *f, struct otl_finding *fd)
{
    struct otl_waiver *winner = NULL;

    for (size_t i = 0; i < w->n; i++) {
        struct otl_waiver *wv = &w->v[i];
        if ((!wv->expired && winner != NULL) || !waiver_matches(wv, f, fd))
            continue;
        if (wv->expired)
            __atomic_fetch_add(&wv->would_match, 1UL, __ATOMIC_RELAXED);
        else
            winner = wv;
    }
    if (winner == NULL)
        return 0;
    __atomic_fetch_add(&winner->matched, 1UL, __ATOMIC_RELAXED);
    fd->state = OTL_STATE_WAIVED;
    fd->waiver = winner;
    return 1;
}

/* A failed rule whose findings in f are all waived (at least one) is
 * waived as a whole. */
static void settle_results(struct otl_file *f)
{
    for (size_t k = 0; k < f->nresults; k++) {
        struct otl_rule_result *rr = &f->results[k];
        size_t waived = 0, failing = 0;

        if (rr->state != OTL_STATE_FAIL)
            continue;
        for (size_t i = 0; i < f->nfindings; i++) {
            if (f->findings[i].rule != rr->rule)
                continue;
            if (f->findings[i].state == OTL_STATE_WAIVED)
                waived++;
            else
                failing++;
        }
        if (waived > 0 && failing == 0)
            rr->state = OTL_STATE_WAIVED;
    }
}

void otl_waivers_apply(struct otl_waivers *w, struct otl_file *f)
{
    size_t waived = 0;

    if (w == NULL || w->n == 0 || f == NULL)
        return;
    for (size_t i = 0; i < f->nfindings; i++) {
        struct otl_finding *fd = &f->findings[i];
        /* Applied twice (or waived by someone else): count it once. */
        if (fd->state == OTL_STATE_WAIVED)
            continue;
        waived += (size_t)waive_finding(w, f, fd);
    }
    if (waived > 0)
        settle_results(f);
}

void otl_waivers_problems(const struct otl_waivers *w, size_t *expired, size_t *unmatched)
{
    size_t e = 0, u = 0;

    if (w != NULL) {
        for (size_t i = 0; i < w->n; i++) {
            if (w->v[i].expired)
                e++;
            else if (__atomic_load_n(&w->v[i].matched, __ATOMIC_RELAXED) == 0)
                u++;
        }
    }
    if (expired != NULL)
        *expired = e;
    if (unmatched != NULL)
        *unmatched = u;
}
