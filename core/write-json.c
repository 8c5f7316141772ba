/*
 * write-json.c - the JSON report (docs/json-output.md).
 *
 * Key names and nesting are a contract with other tools, described by
 * docs/otlint-result.schema.json and versioned by OTL_JSON_SCHEMA_VERSION:
 * change them only together with the schema, the doc and the version.
 *
 * The whole document is built in memory with jansson and dumped once.  Every
 * string passes through jstr(): config text is arbitrary bytes and jansson
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

#include "otlint.h"
#include "result.h"

/* A JSON string for `s`, or JSON null when s is NULL; NULL on ENOMEM. */
static json_t *jstr(const char *s)
{
    char *clean;
    json_t *j;

    if (s == NULL)
        return json_null();
    clean = otl_utf8_clean(s);
    if (clean == NULL)
        return NULL;
    j = json_string(clean);
    free(clean);
    return j;
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
        if (json_array_append_new(tags, jstr(r->tags[i])) != 0)
            goto fail;
    for (size_t i = 0; i < r->nrefs; i++) {
        json_t *ref = json_object();
        if (json_array_append_new(refs, ref) != 0 ||
            json_object_set_new(ref, "standard", jstr(r->refs[i].standard)) != 0 ||
            json_object_set_new(ref, "id", jstr(r->refs[i].id)) != 0 ||
            json_object_set_new(ref, "sl", json_integer(r->refs[i].sl)) != 0)
            goto fail;
    }
    if (json_object_set_new(o, "id", jstr(r->id)) != 0 ||
        json_object_set_new(o, "title", jstr(r->title)) != 0 ||
        json_object_set_new(o, "severity", json_string(otl_severity_name(r->severity))) != 0 ||
        json_object_set_new(o, "classes", jclasses(r->classes)) != 0)
        goto fail;
    /* set_new takes the reference even on failure: clear ours first. */
    {
        json_t *t = tags, *f = refs;
        tags = refs = NULL;
        if (json_object_set_new(o, "tags", t) != 0 || json_object_set_new(o, "references", f) != 0)
            goto fail;
    }
    if (json_object_set_new(o, "source", jstr(r->source)) != 0 ||
        json_object_set_new(o, "rationale", jstr(r->rationale)) != 0 ||
        json_object_set_new(o, "fix", jstr(r->fix)) != 0)
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
            json_object_set_new(o, "message", jstr(d->msg)) != 0) {
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
            json_object_set_new(o, "rule", jstr(rr->rule != NULL ? rr->rule->id : NULL)) != 0 ||
            json_object_set_new(o, "state", json_string(otl_state_name(rr->state))) != 0 ||
            json_object_set_new(o, "reason", jstr(rr->reason)) != 0 ||
            json_object_set_new(o, "findings", json_integer((json_int_t)rr->nfindings)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

static json_t *jfindings(const struct otl_file *f)
{
    json_t *a = json_array();

    for (size_t i = 0; a != NULL && i < f->nfindings; i++) {
        const struct otl_finding *fi = &f->findings[i];
        const struct otl_rule *r = fi->rule;
        json_t *o = json_object();
        if (json_array_append_new(a, o) != 0 ||
            json_object_set_new(o, "rule", jstr(r != NULL ? r->id : NULL)) != 0 ||
            json_object_set_new(
                o, "severity",
                json_string(otl_severity_name(r != NULL ? r->severity : OTL_SEV_INFO))) != 0 ||
            json_object_set_new(o, "state", json_string(otl_state_name(fi->state))) != 0 ||
            json_object_set_new(o, "line", json_integer((json_int_t)fi->line)) != 0 ||
            json_object_set_new(o, "message", jstr(fi->message != NULL ? fi->message : "")) != 0 ||
            json_object_set_new(o, "evidence", jstr(fi->evidence)) != 0 ||
            json_object_set_new(o, "fingerprint", jstr(fi->fingerprint)) != 0 ||
            json_object_set_new(o, "object", jstr(fi->object)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

static json_t *jdevice(const struct otl_file *f)
{
    json_t *o = json_object();

    if (o == NULL)
        return NULL;
    if (json_object_set_new(o, "file", jstr(f->path)) != 0 ||
        json_object_set_new(o, "format", jstr(f->format)) != 0 ||
        json_object_set_new(o, "device", jstr(f->device)) != 0 ||
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
    return o;
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
        sev = st = NULL; /* set_new owns them now, success or not */
        if (json_object_set_new(o, "findings", a) != 0 ||
            json_object_set_new(o, "waived", json_integer((json_int_t)c.waived)) != 0 ||
            json_object_set_new(o, "states", b) != 0)
            goto fail;
    }
    if (json_object_set_new(o, "diagnostic_errors", json_integer((json_int_t)c.diag_errors)) != 0)
        goto fail;
    return o;
fail:
    json_decref(sev);
    json_decref(st);
    json_decref(o);
    return NULL;
}

int otl_write_json(FILE *out, const struct otl_scan *scan)
{
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
    if (json_object_set_new(root, "profile", jstr(scan->profile)) != 0 ||
        json_object_set_new(root, "fail_on", json_string(otl_severity_name(scan->fail_on))) != 0 ||
        json_object_set_new(root, "summary", jsummary(scan)) != 0)
        goto done;

    /* Borrowed pointers: root keeps the arrays alive. */
    rules = json_array();
    if (json_object_set_new(root, "rules", rules) != 0)
        goto done;
    for (size_t i = 0; i < scan->nselected; i++)
        if (json_array_append_new(rules, jrule(scan->selected[i])) != 0)
            goto done;

    devs = json_array();
    if (json_object_set_new(root, "devices", devs) != 0)
        goto done;
    for (size_t i = 0; i < scan->nfiles; i++)
        if (json_array_append_new(devs, jdevice(&scan->files[i])) != 0)
            goto done;

    errno = 0;
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) != 0 ||
        fputc('\n', out) == EOF || fflush(out) != 0) {
        err = errno != 0 ? errno : EIO;
        goto done;
    }
    rc = 0;
done:
    json_decref(tool);
    json_decref(root);
    if (rc != 0)
        errno = err;
    return rc;
}
