/*
 * write-json.c - the JSON report (docs/json-output.md).
 *
 * Key names and nesting are a contract with other tools, described by
 * docs/otlint-result.schema.json and versioned by OTL_JSON_SCHEMA_VERSION:
 * change them only together with the schema, the doc and the version.
 *
 * The whole document is built in memory with jansson and dumped once.  Every
 * string passes through otl_jstr(): config text is arbitrary bytes and jansson
 * refuses ill-formed UTF-8, so it is cleaned (U+FFFD) first; escaping of
 * quotes, backslashes and control characters is jansson's job.
 *
 * jansson's json_object_set_new()/json_array_append_new() return -1 when
 * handed NULL (a failed allocation below), so each construction step is
 * checked at the point where it is attached.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>

#include <jansson.h>

#include "catalog.h"
#include "otlint.h"
#include "ignore.h"
#include "result.h"
#include "write-util.h"
#include "waiver.h"

/* Said with every roll-up: otlint sees configurations, not the processes,
 * people and physical measures most requirements are also about. */
#define ASSESSMENT_BASIS "configuration evidence only"


/* An SL, FR or target: 1..7, or JSON null for 0 ("none"). */
static json_t *jlevel(int v)
{
    return v > 0 ? json_integer(v) : json_null();
}

static json_t *jclasses(unsigned classes)
{
    json_t *a = json_array();

    for (unsigned bit = 1; a != NULL && bit != 0 && bit <= OTL_CLASS_OTHER; bit <<= 1) {
        const char *name = (classes & bit) ? otl_class_name(bit) : NULL;
        if (name != NULL && json_array_append_new(a, json_string(name)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

static json_t *jrule(const struct otl_rule *r)
{
    json_t *o = json_object(), *tags = json_array(), *refs = json_array();

    if (o == NULL || tags == NULL || refs == NULL)
        goto fail;
    for (size_t i = 0; i < r->ntags; i++)
        if (json_array_append_new(tags, otl_jstr(r->tags[i])) != 0)
            goto fail;
    for (size_t i = 0; i < r->nrefs; i++) {
        json_t *ref = json_object();
        if (json_array_append_new(refs, ref) != 0 ||
            json_object_set_new(ref, "standard", otl_jstr(r->refs[i].standard)) != 0 ||
            json_object_set_new(ref, "id", otl_jstr(r->refs[i].id)) != 0 ||
            json_object_set_new(ref, "sl", json_integer(r->refs[i].sl)) != 0)
            goto fail;
    }
    if (json_object_set_new(o, "id", otl_jstr(r->id)) != 0 ||
        json_object_set_new(o, "title", otl_jstr(r->title)) != 0 ||
        json_object_set_new(o, "severity", json_string(otl_severity_name(r->severity))) != 0 ||
        json_object_set_new(o, "classes", jclasses(r->classes)) != 0)
        goto fail;
    /* set_new takes the reference even on failure: clear ours first. */
    {
        json_t *t = tags, *f = refs;
        int bad;
        tags = refs = NULL;
        /* Both calls, always: behind a failed first one, || would leave f
         * to nobody. */
        bad = json_object_set_new(o, "tags", t) != 0;
        bad |= json_object_set_new(o, "references", f) != 0;
        if (bad)
            goto fail;
    }
    if (json_object_set_new(o, "source", otl_jstr(r->source)) != 0 ||
        json_object_set_new(o, "rationale", otl_jstr(r->rationale)) != 0 ||
        json_object_set_new(o, "fix", otl_jstr(r->fix)) != 0)
        goto fail;
    return o;
fail:
    json_decref(tags);
    json_decref(refs);
    json_decref(o);
    return NULL;
}

static json_t *jdiags(const struct otl_file *f)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < f->ndiags; i++) {
        const struct otl_diag *d = &f->diags[i];
        json_t *o = json_object();
        if (json_array_append_new(a, o) != 0 ||
            json_object_set_new(o, "level", json_string(otl_diag_level_name(d->level))) != 0 ||
            json_object_set_new(o, "line", json_integer((json_int_t)d->line)) != 0 ||
            json_object_set_new(o, "message", otl_jstr(d->msg)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

static json_t *jresults(const struct otl_file *f)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < f->nresults; i++) {
        const struct otl_rule_result *rr = &f->results[i];
        json_t *o = json_object();
        if (json_array_append_new(a, o) != 0 ||
            json_object_set_new(o, "rule", otl_jstr(rr->rule != NULL ? rr->rule->id : NULL)) != 0 ||
            json_object_set_new(o, "state", json_string(otl_state_name(rr->state))) != 0 ||
            json_object_set_new(o, "reason", otl_jstr(rr->reason)) != 0 ||
            json_object_set_new(o, "findings", json_integer((json_int_t)rr->nfindings)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* The waiver that accepted a finding: enough to find it in its file and
 * to judge it without opening that file. */
static json_t *jwaiver_ref(const struct otl_waiver *w)
{
    json_t *o = json_object();

    if (o == NULL)
        return NULL;
    if (json_object_set_new(o, "file", otl_jstr(w->file)) != 0 ||
        json_object_set_new(o, "line", json_integer((json_int_t)w->line)) != 0 ||
        json_object_set_new(o, "owner", otl_jstr(w->owner)) != 0 ||
        json_object_set_new(o, "expires", otl_jstr(w->expires)) != 0 ||
        json_object_set_new(o, "reason", otl_jstr(w->reason)) != 0 ||
        json_object_set_new(o, "countermeasure", otl_jstr(w->countermeasure)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *jfindings(const struct otl_file *f)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < f->nfindings; i++) {
        const struct otl_finding *fi = &f->findings[i];
        const struct otl_rule *r = fi->rule;
        json_t *o = json_object();
        if (json_array_append_new(a, o) != 0 ||
            json_object_set_new(o, "rule", otl_jstr(r != NULL ? r->id : NULL)) != 0 ||
            json_object_set_new(
                o, "severity",
                json_string(otl_severity_name(r != NULL ? r->severity : OTL_SEV_INFO))) != 0 ||
            json_object_set_new(o, "state", json_string(otl_state_name(fi->state))) != 0 ||
            json_object_set_new(o, "line", json_integer((json_int_t)fi->line)) != 0 ||
            json_object_set_new(o, "device_level", json_boolean(fi->line == 0)) != 0 ||
            json_object_set_new(o, "message", otl_jstr(fi->message != NULL ? fi->message : "")) != 0 ||
            json_object_set_new(o, "evidence", otl_jstr(fi->evidence)) != 0 ||
            json_object_set_new(o, "fingerprint", otl_jstr(fi->fingerprint)) != 0 ||
            json_object_set_new(o, "object", otl_jstr(fi->object)) != 0 ||
            (fi->state == OTL_STATE_WAIVED && fi->waiver != NULL &&
             json_object_set_new(o, "waiver", jwaiver_ref(fi->waiver)) != 0)) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* standard and id of one requirement result into o, and with `full` its
 * title, sl and fr (the scan level has them; a device's list repeats only
 * the key, which keeps reports of thousands of devices small). */
static int set_req(json_t *o, const struct otl_req *q, int full)
{
    if (json_object_set_new(o, "standard", otl_jstr(q->standard)) != 0 ||
        json_object_set_new(o, "id", otl_jstr(q->id)) != 0)
        return -1;
    if (!full)
        return 0;
    if (json_object_set_new(o, "title", otl_jstr(q->title)) != 0 ||
        json_object_set_new(o, "sl", jlevel(q->sl)) != 0 ||
        json_object_set_new(o, "fr", jlevel(q->fr)) != 0)
        return -1;
    return 0;
}

/* Ids of the mapped rules that ran on the device: "why" a status. */
static json_t *jreq_rules(const struct otl_file *f, const struct otl_req_result *rr)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < rr->nrules; i++) {
        size_t idx = rr->rules[i];
        const struct otl_rule *r = idx < f->nresults ? f->results[idx].rule : NULL;
        if (r != NULL && json_array_append_new(a, otl_jstr(r->id)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* Scan level: devices by status, every status present. */
static json_t *jreq_devices(const struct otl_req_result *rr)
{
    json_t *o = json_object();

    for (int s = 0; o != NULL && s < OTL_REQ_STATUS_COUNT; s++)
        if (json_object_set_new(o, otl_req_status_name((enum otl_req_status)s),
                                json_integer((json_int_t)rr->ndevices[s])) != 0) {
            json_decref(o);
            o = NULL;
        }
    return o;
}

/* requirements[] of a device (f != NULL: "rules") or of the scan (f NULL:
 * "devices").  Entries without a catalog entry cannot be named: left out. */
static json_t *jrequirements(const struct otl_rollup *ru, const struct otl_file *f)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < ru->nreqs; i++) {
        const struct otl_req_result *rr = &ru->reqs[i];
        json_t *o;
        if (rr->req == NULL)
            continue;
        o = json_object();
        if (json_array_append_new(a, o) != 0 || set_req(o, rr->req, f == NULL) != 0 ||
            json_object_set_new(o, "status", json_string(otl_req_status_name(rr->status))) != 0 ||
            json_object_set_new(o, f != NULL ? "rules" : "devices",
                                f != NULL ? jreq_rules(f, rr) : jreq_devices(rr)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* One FR of security_levels. */
static json_t *jfr(const struct otl_rollup *ru, const struct otl_fr_level *fl)
{
    json_t *e = json_object(), *lim = json_array();

    if (e == NULL || lim == NULL)
        goto fail;
    for (size_t i = 0; i < fl->nlimited_by; i++) {
        size_t idx = fl->limited_by[i];
        const struct otl_req *q = idx < ru->nreqs ? ru->reqs[idx].req : NULL;
        if (q != NULL && json_array_append_new(lim, otl_jstr(q->id)) != 0)
            goto fail;
    }
    if (json_object_set_new(e, "target", jlevel(fl->target)) != 0 ||
        json_object_set_new(e, "achieved", json_integer(fl->achieved)) != 0 ||
        json_object_set_new(e, "ceiling", json_integer(fl->ceiling)) != 0)
        goto fail;
    {
        json_t *l = lim;
        lim = NULL; /* set_new owns it now, success or not */
        if (json_object_set_new(e, "limited_by", l) != 0)
            goto fail;
    }
    return e;
fail:
    json_decref(lim);
    json_decref(e);
    return NULL;
}

/* {"FR1": {...}, ... "FR7": {...}}: exactly these keys, other tools read them. */
static json_t *jlevels(const struct otl_rollup *ru)
{
    json_t *o = json_object();

    for (int k = 0; o != NULL && k < 7; k++) {
        char key[8];
        snprintf(key, sizeof key, "FR%d", k + 1);
        if (json_object_set_new(o, key, jfr(ru, &ru->fr[k])) != 0) {
            json_decref(o);
            o = NULL;
        }
    }
    return o;
}

static const char *waiver_status(const struct otl_waiver *w)
{
    if (w->expired)
        return "expired";
    return w->matched == 0 ? "unmatched" : "active";
}

/* Top-level waivers[]: every loaded waiver with what became of it. */
static json_t *jwaivers(const struct otl_waivers *ws)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < ws->n; i++) {
        const struct otl_waiver *w = &ws->v[i];
        json_t *o = json_object();
        if (json_array_append_new(a, o) != 0 ||
            json_object_set_new(o, "file", otl_jstr(w->file)) != 0 ||
            json_object_set_new(o, "line", json_integer((json_int_t)w->line)) != 0 ||
            json_object_set_new(o, "rule", otl_jstr(w->rule)) != 0 ||
            json_object_set_new(o, "device", otl_jstr(w->device)) != 0 ||
            json_object_set_new(o, "fingerprint", otl_jstr(w->fingerprint)) != 0 ||
            json_object_set_new(o, "owner", otl_jstr(w->owner)) != 0 ||
            json_object_set_new(o, "expires", otl_jstr(w->expires)) != 0 ||
            json_object_set_new(o, "reason", otl_jstr(w->reason)) != 0 ||
            json_object_set_new(o, "countermeasure", otl_jstr(w->countermeasure)) != 0 ||
            json_object_set_new(o, "status", json_string(waiver_status(w))) != 0 ||
            json_object_set_new(o, "matched", json_integer((json_int_t)w->matched)) != 0 ||
            json_object_set_new(o, "would_match", json_integer((json_int_t)w->would_match)) !=
                0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* "ignored_by" of an ignored entry: which rule left it out. */
static json_t *jignored_by(const struct otl_file *f)
{
    json_t *o = json_object();

    if (o != NULL &&
        (json_object_set_new(o, "rule", json_string(otl_ignore_src_name((enum otl_ignore_src)f->ignore_src))) != 0 ||
         json_object_set_new(o, "pattern", otl_jstr(f->ignore_pattern)) != 0 ||
         json_object_set_new(o, "source", otl_jstr(f->ignore_source)) != 0 ||
         json_object_set_new(o, "line", json_integer((json_int_t)f->ignore_line)) != 0)) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

static json_t *jdevice(const struct otl_file *f)
{
    json_t *o = json_object();

    if (o == NULL)
        return NULL;
    if (otl_file_ignored(f) && json_object_set_new(o, "ignored_by", jignored_by(f)) != 0) {
        json_decref(o);
        return NULL;
    }
    if (json_object_set_new(o, "file", otl_jstr(f->path)) != 0 ||
        json_object_set_new(o, "format", otl_jstr(f->format)) != 0 ||
        json_object_set_new(o, "device", otl_jstr(f->device)) != 0 ||
        json_object_set_new(o, "classes", jclasses(f->classes)) != 0 ||
        json_object_set_new(o, "status", json_string(otl_file_status_name(f->status))) != 0 ||
        json_object_set_new(o, "parse_coverage",
                            f->coverage < 0 ? json_null() : json_real(f->coverage)) != 0 ||
        json_object_set_new(o, "diagnostics", jdiags(f)) != 0 ||
        json_object_set_new(o, "results", jresults(f)) != 0 ||
        json_object_set_new(o, "findings", jfindings(f)) != 0) {
        json_decref(o);
        return NULL;
    }
    if (f->rollup != NULL &&
        (json_object_set_new(o, "requirements", jrequirements(f->rollup, f)) != 0 ||
         json_object_set_new(o, "security_levels", jlevels(f->rollup)) != 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The file accounting of the summary (docs/file-accounting.md). */
static int set_accounting(json_t *o, const struct otl_counts *c)
{
    json_t *by = json_object();

    for (int i = OTL_IGNORE_BUILTIN; by != NULL && i < OTL_IGNORE_SRC_COUNT; i++)
        if (json_object_set_new(by, otl_ignore_src_name((enum otl_ignore_src)i),
                                json_integer((json_int_t)c->ignored_by[i])) != 0) {
            json_decref(by);
            by = NULL;
        }
    if (json_object_set_new(o, "files_unrecognised", json_integer((json_int_t)c->files_unrecognised)) != 0 ||
        json_object_set_new(o, "files_partial", json_integer((json_int_t)c->files_partial)) != 0 ||
        json_object_set_new(o, "files_no_security_settings",
                            json_integer((json_int_t)c->files_nosecurity)) != 0 ||
        json_object_set_new(o, "files_ignored", json_integer((json_int_t)c->files_ignored)) != 0) {
        json_decref(by);
        return -1;
    }
    return json_object_set_new(o, "ignored", by);
}

static json_t *jsummary(const struct otl_scan *scan)
{
    struct otl_counts c;
    json_t *o = json_object(), *sev = json_object(), *st = json_object();

    otl_scan_count(scan, &c);
    if (o == NULL || sev == NULL || st == NULL)
        goto fail;
    for (int i = 0; i < OTL_SEV_COUNT; i++)
        if (json_object_set_new(sev, otl_severity_name((enum otl_severity)i),
                                json_integer((json_int_t)c.findings_by_sev[i])) != 0)
            goto fail;
    for (int i = 0; i < OTL_STATE_COUNT; i++)
        if (json_object_set_new(st, otl_state_name((enum otl_state)i),
                                json_integer((json_int_t)c.states[i])) != 0)
            goto fail;
    if (json_object_set_new(o, "files", json_integer((json_int_t)c.files)) != 0 ||
        json_object_set_new(o, "files_failed", json_integer((json_int_t)c.files_failed)) != 0)
        goto fail;
    {
        json_t *a = sev, *b = st;
        int bad;
        sev = st = NULL; /* set_new owns them now, success or not */
        /* The call for b, always: behind a failed one, || would leave b to
         * nobody.  (Keys in this order: the output keeps it.) */
        bad = json_object_set_new(o, "findings", a) != 0;
        bad = bad || json_object_set_new(o, "waived", json_integer((json_int_t)c.waived)) != 0;
        bad |= json_object_set_new(o, "states", b) != 0;
        if (bad)
            goto fail;
    }
    if (json_object_set_new(o, "diagnostic_errors", json_integer((json_int_t)c.diag_errors)) != 0 ||
        set_accounting(o, &c) != 0)
        goto fail;
    return o;
fail:
    json_decref(sev);
    json_decref(st);
    json_decref(o);
    return NULL;
}

/* The devices go to a spill file as they come (the summary before them
 * needs every file), and are freed by the scan once written: what the head
 * needs of them is noted here. */
struct jstate {
    struct otl_spilled s; /* first: otl_spilled_new */
    int any_rollup;       /* a device had a roll-up */
};

static int json_begin(void **st, FILE *out, const struct otl_scan *scan, int color, int quiet)
{
    (void)color;
    (void)quiet;
    *st = otl_spilled_new(sizeof(struct jstate), out, scan);
    return *st != NULL ? 0 : -1;
}

static int json_file(void *st, const struct otl_file *f)
{
    struct jstate *js = st;
    struct otl_spilled *j = &js->s;
    json_t *d = jdevice(f);
    int rc;

    if (d == NULL) {
        errno = ENOMEM;
        return -1;
    }
    js->any_rollup |= f->rollup != NULL;
    rc = otl_spill_json(&j->spill, d, JSON_REAL_PRECISION(6));
    json_decref(d);
    return rc;
}

static void json_discard(void *st)
{
    struct otl_spilled *j = st;

    otl_spill_close(&j->spill);
    free(j);
}

static int json_end(void *st)
{
    struct jstate *js = st;
    struct otl_spilled *j = &js->s;
    const struct otl_scan *scan = j->scan;
    json_t *root = json_object(), *tool = json_object(), *rules = NULL, *devs = NULL;
    int err = ENOMEM; /* what a failure until the dump means */
    int rc = -1;

    if (root == NULL || tool == NULL)
        goto done;
    if (json_object_set_new(root, "schema_version", json_string(OTL_JSON_SCHEMA_VERSION)) != 0 ||
        json_object_set_new(tool, "name", json_string(PACKAGE_NAME)) != 0 ||
        json_object_set_new(tool, "version", json_string(PACKAGE_VERSION)) != 0)
        goto done;
    {
        json_t *t = tool;
        tool = NULL; /* set_new owns it now, success or not */
        if (json_object_set_new(root, "tool", t) != 0)
            goto done;
    }
    if (json_object_set_new(root, "profile", otl_jstr(scan->profile)) != 0 ||
        json_object_set_new(root, "fail_on", json_string(scan->fail_on == OTL_SEV_COUNT ? "none" /* --fail-on none */
                                                                   : otl_severity_name(scan->fail_on))) != 0 ||
        json_object_set_new(root, "target_sl", jlevel(scan->target_sl)) != 0)
        goto done;
    if ((scan->rollup != NULL || js->any_rollup) &&
        json_object_set_new(root, "assessment_basis", json_string(ASSESSMENT_BASIS)) != 0)
        goto done;
    if (json_object_set_new(root, "summary", jsummary(scan)) != 0)
        goto done;

    /* Borrowed pointers: root keeps the arrays alive. */
    rules = json_array();
    if (json_object_set_new(root, "rules", rules) != 0)
        goto done;
    for (size_t i = 0; i < scan->nselected; i++)
        if (json_array_append_new(rules, jrule(scan->selected[i])) != 0)
            goto done;

    /* Empty here: the spill fills it in. */
    devs = json_array();
    if (json_object_set_new(root, "devices", devs) != 0)
        goto done;
    if (scan->rollup != NULL &&
        (json_object_set_new(root, "requirements", jrequirements(scan->rollup, NULL)) != 0 ||
         json_object_set_new(root, "security_levels", jlevels(scan->rollup)) != 0))
        goto done;
    if (scan->waivers != NULL && json_object_set_new(root, "waivers", jwaivers(scan->waivers)) != 0)
        goto done;

    if (otl_json_dump_spliced(j->out, root, devs, &j->spill, JSON_REAL_PRECISION(6)) != 0) {
        err = errno;
        goto done;
    }
    rc = 0;
done:
    json_decref(tool);
    json_decref(root);
    json_discard(j);
    if (rc != 0)
        errno = err;
    return rc;
}

const struct otl_writer otl_writer_json = {json_begin, json_file, json_end, json_discard};

int otl_write_json(FILE *out, const struct otl_scan *scan)
{
    return otl_write_whole(&otl_writer_json, out, scan, 0, 0);
}
