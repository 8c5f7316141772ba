/* rules.c - see engine.h: baselines and profiles, loaded and validated. */
#include <config.h>
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "catalog.h"
#include "limits.h"
#include "loader.h"
#include "message.h"
#include "regex.h"
#include "util.h"
#include "xmlsafe.h"
#include "xpctx.h"

#define NS_BASELINE "urn:otlint:baseline:1"
#define NS_PROFILE "urn:otlint:profile:1"

static const char *const class_names[] = {"switch", "router", "firewall", "controller", "other"};

int otl_classes_parse(const char *s, unsigned *out)
{
    unsigned bits = 0;
    size_t i;

    while (s && *s) {
        const char *w;
        size_t n;
        int found = 0;

        while (*s == ' ' || *s == '\t' || *s == '\n')
            s++;
        w = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\n')
            s++;
        n = (size_t)(s - w);
        if (n == 0)
            break;
        for (i = 0; i < sizeof class_names / sizeof *class_names; i++) {
            if (strlen(class_names[i]) == n && strncmp(class_names[i], w, n) == 0) {
                bits |= 1u << i;
                found = 1;
            }
        }
        if (!found)
            return -1;
    }
    *out = bits;
    return 0;
}

/* Split on white space into a NULL-free array; caller frees. */
static int split_words(const char *s, char ***out, size_t *n)
{
    char **v = NULL;
    size_t k = 0, cap = 0;

    *out = NULL;
    *n = 0;
    while (s && *s) {
        const char *w;
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        w = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            s++;
        if (s == w)
            break;
        if (otl_grow(&v, &cap, k + 1, sizeof *v, 4) != 0)
            goto oom;
        v[k] = strndup(w, (size_t)(s - w));
        if (v[k] == NULL)
            goto oom;
        k++;
    }
    *out = v;
    *n = k;
    return 0;
oom:
    while (k > 0)
        free(v[--k]);
    free(v);
    return -1;
}

static void free_words(char **v, size_t n)
{
    while (n > 0)
        free(v[--n]);
    free(v);
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *s;

    if (v == NULL)
        return NULL;
    s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

/* Text content with surrounding white space trimmed; caller frees. */
static char *text_of(xmlNodePtr n)
{
    xmlChar *v = xmlNodeGetContent(n);
    const char *s, *e;
    char *r;

    if (v == NULL)
        return strdup("");
    s = (const char *)v;
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    r = strndup(s, (size_t)(e - s));
    xmlFree(v);
    return r;
}

static int is_el(xmlNodePtr n, const char *ns, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
           xmlStrEqual(n->ns->href, (const xmlChar *)ns) &&
           (name == NULL || xmlStrEqual(n->name, (const xmlChar *)name));
}

struct loadctx {
    struct otl_loaderr le;
    const struct otl_catalog *cat; /* baselines: references are checked against it */
};

#define load_err(lc, ...) otl_loaderr(&(lc)->le, __VA_ARGS__)

static void rule_free(struct otl_rule *r)
{
    size_t i;

    if (r == NULL)
        return;
    free(r->id);
    free(r->title);
    free_words(r->tags, r->ntags);
    free(r->rationale);
    free(r->fix);
    free(r->source);
    for (i = 0; i < r->nrefs; i++) {
        free(r->refs[i].standard);
        free(r->refs[i].id);
    }
    free(r->refs);
    for (i = 0; i < r->nparams; i++) {
        free(r->params[i].name);
        free(r->params[i].value);
    }
    free(r->params);
    free(r->applies);
    free(r->requires);
    free(r->requires_reason);
    free(r->check);
    free(r->at);
    free(r->message);
    free(r->file);
    free(r);
}

static void profile_free(struct otl_profile *p)
{
    size_t i;

    if (p == NULL)
        return;
    free(p->id);
    free(p->title);
    free(p->extends);
    free(p->file);
    for (i = 0; i < p->nsels; i++) {
        free_words(p->sels[i].rules, p->sels[i].nrules);
        free_words(p->sels[i].tags, p->sels[i].ntags);
    }
    free(p->sels);
    for (i = 0; i < p->nparams; i++) {
        free(p->params[i].name);
        free(p->params[i].value);
    }
    free(p->params);
    free(p->param_lines);
    free(p);
}

void otl_ruleset_init(struct otl_ruleset *rs)
{
    memset(rs, 0, sizeof *rs);
}

void otl_ruleset_free(struct otl_ruleset *rs)
{
    size_t i;

    for (i = 0; i < rs->nrules; i++)
        rule_free(rs->rules[i]);
    free(rs->rules);
    for (i = 0; i < rs->nprofiles; i++)
        profile_free(rs->profiles[i]);
    free(rs->profiles);
    memset(rs, 0, sizeof *rs);
}

const struct otl_rule *otl_ruleset_find(const struct otl_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i]->id, id) == 0)
            return rs->rules[i];
    return NULL;
}

const struct otl_profile *otl_ruleset_find_profile(const struct otl_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; i < rs->nprofiles; i++)
        if (strcmp(rs->profiles[i]->id, id) == 0)
            return rs->profiles[i];
    return NULL;
}

/* A <ref>: checked against the requirement catalogs when they are loaded
 * (an id they lack is a load error); the SL comes from the catalog, and an
 * `sl` attribute, if the rule still states one, must agree with it.
 * Returns 0, -1 out of memory, 1 reported error. */
static int rule_add_ref(struct loadctx *lc, struct otl_rule *r, xmlNodePtr n)
{
    struct otl_ref *ref;
    char *sl;
    unsigned long v = 0, line = (unsigned long)xmlGetLineNo(n);
    int stated = -1;

    if (otl_grow(&r->refs, &r->caprefs, r->nrefs + 1, sizeof *r->refs, 2) != 0)
        return -1;
    ref = &r->refs[r->nrefs];
    memset(ref, 0, sizeof *ref);
    ref->standard = prop(n, "standard");
    ref->id = prop(n, "id");
    r->nrefs++;
    if (ref->standard == NULL || ref->id == NULL)
        return -1;
    sl = prop(n, "sl");
    if (sl && otl_parse_ulong(sl, &v) == 0 && v <= 4)
        stated = (int)v;
    free(sl);
    ref->sl = stated > 0 ? stated : 0;
    if (lc->cat == NULL)
        return 0;
    ref->req = otl_catalog_find(lc->cat, ref->standard, ref->id);
    if (ref->req == NULL) {
        load_err(lc, line, "rule %s: %s %s is in no requirement catalog (baselines/requirements)",
                 r->id, ref->standard, ref->id);
        return 1;
    }
    if (stated >= 0 && stated != ref->req->sl) {
        load_err(lc, line, "rule %s: %s %s: the rule says SL %d, the catalog says %d (%s:%lu)",
                 r->id, ref->standard, ref->id, stated, ref->req->sl, ref->req->file,
                 ref->req->line);
        return 1;
    }
    ref->sl = ref->req->sl;
    return 0;
}

/* The lowest SL of the rule's 62443-3-3 and 4-2 references, 0 if none. */
static int rule_min_sl(const struct otl_rule *r)
{
    int sl = 0;

    for (size_t i = 0; i < r->nrefs; i++) {
        const struct otl_ref *f = &r->refs[i];
        if (f->sl < 1 || (strcmp(f->standard, "IEC 62443-3-3") != 0 &&
                          strcmp(f->standard, "IEC 62443-4-2") != 0))
            continue;
        if (sl == 0 || f->sl < sl)
            sl = f->sl;
    }
    return sl;
}

int otl_param_add(struct otl_param **v, size_t *n, size_t *cap, char *name, char *value)
{
    if (otl_grow(v, cap, *n + 1, sizeof **v, 4) != 0) {
        free(name);
        free(value);
        return -1;
    }
    (*v)[*n].name = name;
    (*v)[*n].value = value;
    (*n)++;
    return 0;
}

static struct otl_rule *load_rule(struct loadctx *lc, xmlNodePtr rn, xmlXPathContextPtr xctx,
                                  struct otl_xperr *xe)
{
    struct otl_rule *r = calloc(1, sizeof *r);
    char *s = NULL, err[512];
    xmlNodePtr c;
    unsigned long line = (unsigned long)xmlGetLineNo(rn);
    struct otl_msgpart *parts = NULL;
    size_t nparts = 0, i;
    int bad_refs = 0;

    if (r == NULL)
        goto oom;
    r->file = strdup(lc->le.file);
    r->line = line;
    r->id = prop(rn, "id");
    s = prop(rn, "severity");
    if (r->id == NULL || s == NULL || otl_severity_parse(s, &r->severity) != 0) {
        load_err(lc, line, "rule %s: bad or missing severity", r->id ? r->id : "?");
        goto fail;
    }
    free(s);
    s = prop(rn, "classes");
    if (s == NULL || otl_classes_parse(s, &r->classes) != 0 || r->classes == 0) {
        load_err(lc, line, "rule %s: bad classes '%s'", r->id, s ? s : "");
        goto fail;
    }
    free(s);
    s = prop(rn, "tags");
    if (split_words(s, &r->tags, &r->ntags) != 0)
        goto oom;
    free(s);
    s = NULL;
    for (c = rn->children; c; c = c->next) {
        if (!is_el(c, NS_BASELINE, NULL))
            continue;
        if (xmlStrEqual(c->name, (const xmlChar *)"title"))
            r->title = text_of(c);
        else if (xmlStrEqual(c->name, (const xmlChar *)"rationale"))
            r->rationale = text_of(c);
        else if (xmlStrEqual(c->name, (const xmlChar *)"fix"))
            r->fix = text_of(c);
        else if (xmlStrEqual(c->name, (const xmlChar *)"source"))
            r->source = text_of(c);
        else if (xmlStrEqual(c->name, (const xmlChar *)"ref")) {
            int rc = rule_add_ref(lc, r, c);
            if (rc < 0)
                goto oom;
            if (rc > 0)
                bad_refs++;
        } else if (xmlStrEqual(c->name, (const xmlChar *)"param")) {
            if (otl_param_add(&r->params, &r->nparams, &r->capparams, prop(c, "name"), prop(c, "default")) != 0)
                goto oom;
        } else if (xmlStrEqual(c->name, (const xmlChar *)"applies"))
            r->applies = text_of(c);
        else if (xmlStrEqual(c->name, (const xmlChar *)"requires")) {
            r->requires = text_of(c);
            r->requires_reason = prop(c, "reason");
        } else if (xmlStrEqual(c->name, (const xmlChar *)"select")) {
            r->check = text_of(c);
            r->kind = OTL_CHECK_SELECT;
            r->at = prop(c, "at");
            if (r->at == NULL && xmlHasProp(c, (const xmlChar *)"at") != NULL)
                goto oom;
        } else if (xmlStrEqual(c->name, (const xmlChar *)"assert")) {
            char *p = prop(c, "partial");
            r->check = text_of(c);
            r->kind = OTL_CHECK_ASSERT;
            r->partial_ok = p != NULL && strcmp(p, "ok") == 0;
            free(p);
        } else if (xmlStrEqual(c->name, (const xmlChar *)"message"))
            r->message = text_of(c);
    }
    if (r->title == NULL || r->check == NULL || r->message == NULL) {
        load_err(lc, line, "rule %s: title, select/assert and message are required", r->id);
        goto fail;
    }
    if (bad_refs)
        goto fail;
    r->sl = rule_min_sl(r);
    for (i = 0; i < r->nparams; i++) {
        if (r->params[i].name == NULL || r->params[i].value == NULL) {
            load_err(lc, line, "rule %s: param needs name and default", r->id);
            goto fail;
        }
        /* Compiling needs no variable values; evaluation registers them. */
    }
    if ((r->applies && otl_xpctx_check(xctx, xe, r->applies, err, sizeof err) != 0) ||
        (r->requires && otl_xpctx_check(xctx, xe, r->requires, err, sizeof err) != 0) ||
        otl_xpctx_check(xctx, xe, r->check, err, sizeof err) != 0) {
        load_err(lc, line, "rule %s: %s", r->id, err);
        goto fail;
    }
    if (otl_msg_parse(r->message, &parts, &nparts, err, sizeof err) != 0) {
        load_err(lc, line, "rule %s: %s", r->id, err);
        goto fail;
    }
    for (i = 0; i < nparts; i++) {
        if (parts[i].is_xpath && otl_xpctx_check(xctx, xe, parts[i].text, err, sizeof err) != 0) {
            load_err(lc, line, "rule %s: message: %s", r->id, err);
            otl_msg_free(parts, nparts);
            goto fail;
        }
    }
    otl_msg_free(parts, nparts);
    return r;
oom:
    load_err(lc, line, "out of memory");
fail:
    free(s);
    rule_free(r);
    return NULL;
}

static int push_rule(struct otl_ruleset *rs, struct otl_rule *r)
{
    if (otl_grow(&rs->rules, &rs->caprules, rs->nrules + 1, sizeof *rs->rules, 64) != 0)
        return -1;
    rs->rules[rs->nrules++] = r;
    return 0;
}

static int push_profile(struct otl_ruleset *rs, struct otl_profile *p)
{
    if (otl_grow(&rs->profiles, &rs->capprofiles, rs->nprofiles + 1, sizeof *rs->profiles,
                 8) != 0)
        return -1;
    rs->profiles[rs->nprofiles++] = p;
    return 0;
}

static int load_baseline_file(void *ctx, const char *path, const char *schema_dir,
                              otl_errfn fn, void *arg)
{
    struct otl_ruleset *rs = ctx;
    struct loadctx lc = {{fn, arg, path, 0}, rs->catalog};
    struct otl_xperr xe = {{0}, 0, 0};
    struct otl_re_thread *re = NULL;
    xmlXPathContextPtr xctx = NULL;
    xmlDocPtr doc;
    xmlNodePtr root, c;
    char *rng;

    doc = otl_xml_read_file(path, otl_loaderr_xml, &lc.le);
    if (doc == NULL) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "cannot read baseline");
        return lc.le.errors;
    }
    rng = otl_asprintf("%s/baseline.rng", schema_dir);
    if (rng == NULL || otl_xml_validate_rng(doc, rng, otl_loaderr_xml, &lc.le) != 0) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "baseline does not validate against %s", rng ? rng : "baseline.rng");
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    re = otl_re_thread_new();
    xctx = re ? otl_xpctx_new(re, &xe) : NULL;
    if (xctx == NULL) {
        load_err(&lc, 0, "out of memory");
        goto out;
    }
    for (c = root->children; c; c = c->next) {
        struct otl_rule *r;
        if (!is_el(c, NS_BASELINE, "rule"))
            continue;
        r = load_rule(&lc, c, xctx, &xe);
        if (r == NULL)
            continue;
        if (otl_ruleset_find(rs, r->id)) {
            const struct otl_rule *o = otl_ruleset_find(rs, r->id);
            load_err(&lc, r->line, "duplicate rule id %s (first defined at %s:%lu)", r->id, o->file,
                     o->line);
            rule_free(r);
            continue;
        }
        if (push_rule(rs, r) != 0) {
            load_err(&lc, r->line, "out of memory");
            rule_free(r);
        }
    }
out:
    if (xctx)
        xmlXPathFreeContext(xctx);
    otl_re_thread_free(re);
    free(rng);
    xmlFreeDoc(doc);
    return lc.le.errors;
}

int otl_ruleset_load_baseline(struct otl_ruleset *rs, const char *path, const char *schema_dir,
                              otl_errfn fn, void *arg)
{
    return otl_load_path(path, load_baseline_file, rs, schema_dir, fn, arg, 0);
}

static int load_profile_file(void *ctx, const char *path, const char *schema_dir,
                             otl_errfn fn, void *arg)
{
    struct otl_ruleset *rs = ctx;
    struct loadctx lc = {{fn, arg, path, 0}, rs->catalog};
    struct otl_profile *p = NULL;
    xmlDocPtr doc;
    xmlNodePtr root, c;
    char *rng, *s = NULL;

    doc = otl_xml_read_file(path, otl_loaderr_xml, &lc.le);
    if (doc == NULL) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "cannot read profile");
        return lc.le.errors;
    }
    rng = otl_asprintf("%s/profile.rng", schema_dir);
    if (rng == NULL || otl_xml_validate_rng(doc, rng, otl_loaderr_xml, &lc.le) != 0) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "profile does not validate against %s", rng ? rng : "profile.rng");
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    p = calloc(1, sizeof *p);
    if (p == NULL)
        goto oom;
    p->id = prop(root, "id");
    p->extends = prop(root, "extends");
    p->target_sl = 0;
    p->fail_on = p->strict_waivers = p->rollup = -1;
    if ((s = prop(root, "target-sl")) != NULL) {
        unsigned long v;
        if (otl_parse_ulong(s, &v) != 0 || v < 1 || v > 4) {
            load_err(&lc, p->line, "bad target-sl '%s'", s);
            goto fail;
        }
        p->target_sl = (int)v;
    }
    free(s);
    if ((s = prop(root, "fail-on")) != NULL) {
        enum otl_severity sev;
        if (otl_severity_parse(s, &sev) != 0) {
            load_err(&lc, p->line, "bad fail-on '%s'", s);
            goto fail;
        }
        p->fail_on = (int)sev;
    }
    free(s);
    if ((s = prop(root, "strict-waivers")) != NULL)
        p->strict_waivers = strcmp(s, "yes") == 0;
    free(s);
    if ((s = prop(root, "rollup")) != NULL)
        p->rollup = strcmp(s, "yes") == 0;
    free(s);
    s = NULL;
    p->file = strdup(path);
    p->line = (unsigned long)xmlGetLineNo(root);
    for (c = root->children; c; c = c->next) {
        if (is_el(c, NS_PROFILE, "title")) {
            free(p->title);
            p->title = text_of(c);
        } else if (is_el(c, NS_PROFILE, "select") || is_el(c, NS_PROFILE, "exclude")) {
            struct otl_profile_sel *sel;
            if (otl_grow(&p->sels, &p->capsels, p->nsels + 1, sizeof *p->sels, 4) != 0)
                goto oom;
            sel = &p->sels[p->nsels++];
            memset(sel, 0, sizeof *sel);
            sel->exclude = is_el(c, NS_PROFILE, "exclude");
            sel->min_sev = -1;
            s = prop(c, "sl");
            sel->any_sl = s != NULL && strcmp(s, "any") == 0;
            free(s);
            s = prop(c, "rules");
            if (split_words(s, &sel->rules, &sel->nrules) != 0)
                goto oom;
            free(s);
            s = prop(c, "tags");
            if (split_words(s, &sel->tags, &sel->ntags) != 0)
                goto oom;
            free(s);
            s = prop(c, "classes");
            if (s && otl_classes_parse(s, &sel->classes) != 0) {
                load_err(&lc, (unsigned long)xmlGetLineNo(c), "bad classes '%s'", s);
                goto fail;
            }
            free(s);
            s = prop(c, "min-severity");
            if (s) {
                enum otl_severity sev;
                if (otl_severity_parse(s, &sev) != 0) {
                    load_err(&lc, (unsigned long)xmlGetLineNo(c), "bad min-severity '%s'", s);
                    goto fail;
                }
                sel->min_sev = (int)sev;
            }
            free(s);
            s = NULL;
        } else if (is_el(c, NS_PROFILE, "param")) {
            if (otl_grow(&p->param_lines, &p->capparam_lines, p->nparams + 1,
                         sizeof *p->param_lines, 4) != 0)
                goto oom;
            p->param_lines[p->nparams] = (unsigned long)xmlGetLineNo(c);
            if (otl_param_add(&p->params, &p->nparams, &p->capparams, prop(c, "name"), prop(c, "value")) != 0)
                goto oom;
        }
    }
    if (otl_ruleset_find_profile(rs, p->id)) {
        load_err(&lc, p->line, "duplicate profile id %s (first in %s)", p->id,
                 otl_ruleset_find_profile(rs, p->id)->file);
        goto fail;
    }
    if (push_profile(rs, p) != 0)
        goto oom;
    p = NULL;
    goto out;
oom:
    load_err(&lc, 0, "out of memory");
fail:
    free(s);
    profile_free(p);
out:
    free(rng);
    xmlFreeDoc(doc);
    return lc.le.errors;
}

int otl_ruleset_load_profile(struct otl_ruleset *rs, const char *path, const char *schema_dir,
                             otl_errfn fn, void *arg)
{
    return otl_load_path(path, load_profile_file, rs, schema_dir, fn, arg, 0);
}

/* ------------------------------------------------------------------ selection */
