/* engine.c - see engine.h. */
#include <config.h>
#include "opaque.h"
#include "engine.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
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
#include "regex.h"
#include "util.h"
#include "xmlsafe.h"
#include "xpathfn.h"

#define NS_BASELINE "urn:otlint:baseline:1"
#define NS_PROFILE "urn:otlint:profile:1"

/* ------------------------------------------------------------------ helpers */

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
        if (k == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            char **nv = realloc(v, ncap * sizeof *nv);
            if (nv == NULL)
                goto oom;
            v = nv;
            cap = ncap;
        }
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

static int has_word(char *const *v, size_t n, const char *w)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(v[i], w) == 0)
            return 1;
    return 0;
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

/* Collects libxml2 XPath errors during a compile or an evaluation. */
struct xperr {
    char msg[256];
    int set;
    int limit; /* an evaluation budget was hit: the input's cost, not the rule's fault */
};

static void xpath_error(void *arg, xmlErrorPtr e)
{
    struct xperr *x = arg;

    if (x == NULL || x->set || e == NULL)
        return;
    /* libxml2 leaves the message out of the errors an XPath context
     * receives (the code says it), among them its allocation failures. */
    snprintf(x->msg, sizeof x->msg, "%s",
             e->message                                                         ? e->message
             : e->code == XML_ERR_NO_MEMORY || e->code == XML_XPATH_MEMORY_ERROR ? "out of memory"
                                                                                 : "XPath error");
    x->msg[strcspn(x->msg, "\n")] = '\0';
    x->set = 1;
}

/* ------------------------------------------------------------------ messages */

/* A message template is literal text with {XPATH} parts; "{{" is '{'. */
struct msgpart {
    char *text; /* literal, or the XPath source */
    int is_xpath;
};

static int parse_template(const char *t, struct msgpart **out, size_t *n, char *err, size_t errlen)
{
    struct msgpart *v = NULL;
    size_t k = 0, cap = 0;
    struct otl_sb lit;

    otl_sb_init(&lit, 0);
    while (*t) {
        const char *close;
        if (t[0] == '{' && t[1] == '{') {
            otl_sb_add(&lit, "{", 1);
            t += 2;
            continue;
        }
        if (t[0] != '{') {
            otl_sb_add(&lit, t, 1);
            t++;
            continue;
        }
        close = strchr(t, '}');
        if (close == NULL || close == t + 1) {
            snprintf(err, errlen, "message: unbalanced or empty {} at '%.20s'", t);
            goto fail;
        }
        if (k + 2 > cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct msgpart *nv = realloc(v, ncap * sizeof *nv);
            if (nv == NULL)
                goto oom;
            v = nv;
            cap = ncap;
        }
        /* A failed append leaves the literal short, not empty: check. */
        if (lit.oom)
            goto oom;
        if (lit.len) {
            if ((v[k].text = otl_sb_take(&lit)) == NULL)
                goto oom;
            v[k++].is_xpath = 0;
        }
        if ((v[k].text = strndup(t + 1, (size_t)(close - t - 1))) == NULL)
            goto oom;
        v[k++].is_xpath = 1;
        t = close + 1;
    }
    if (lit.oom)
        goto oom;
    if (lit.len) {
        struct msgpart *nv = realloc(v, (k + 1) * sizeof *nv);
        if (nv == NULL)
            goto oom;
        v = nv;
        if ((v[k].text = otl_sb_take(&lit)) == NULL)
            goto oom;
        v[k++].is_xpath = 0;
    }
    otl_sb_free(&lit);
    *out = v;
    *n = k;
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
fail:
    otl_sb_free(&lit);
    while (k > 0)
        free(v[--k].text);
    free(v);
    return -1;
}

static void free_parts(struct msgpart *v, size_t n)
{
    while (n > 0)
        free(v[--n].text);
    free(v);
}

/* ------------------------------------------------------------------ rules */

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

/* Allocation failures libxml2 did not pass on (util.h, otl_xml_oom_seen):
 * the thread's last error, and the XPath context's own, which gets the
 * errors of its compilations and evaluations instead. */
static void xml_oom_clear(xmlXPathContextPtr xp)
{
    otl_xml_oom_clear();
    if (xp != NULL)
        xmlResetError(&xp->lastError);
}

static int xml_oom_seen(const xmlXPathContext *xp)
{
    return otl_xml_oom_seen() ||
           (xp != NULL && (xp->lastError.code == XML_ERR_NO_MEMORY ||
                           xp->lastError.code == XML_XPATH_MEMORY_ERROR));
}

/* A context with everything a rule may use, for compiling and evaluating. */
static xmlXPathContextPtr new_xpath_ctx(struct otl_re_thread *re, struct xperr *xe)
{
    xmlXPathContextPtr ctx;

    /* xmlXPathNewContext() returns a context without count() when it could
     * not register it, xmlXPathRegisterNs() a prefix without its URI: see
     * xml_oom_seen(). */
    xml_oom_clear(NULL);
    ctx = xmlXPathNewContext(NULL);
    if (ctx == NULL)
        return NULL;
    /* No xmlXPathContextSetCache(): it saves 15% of the evaluation, but
     * libxml2 2.9.14 then loses allocation failures (wrong results without
     * an error) and crashes on one (tests/oom/oom-scan, cisco-ios). */
    if (xml_oom_seen(ctx) || otl_re_register(ctx, re) != 0 || otl_fn_register(ctx) != 0 ||
        xml_oom_seen(ctx)) {
        xmlXPathFreeContext(ctx);
        return NULL;
    }
    ctx->error = xpath_error;
    ctx->userData = xe;
    return ctx;
}

/* Compile `expr` to check it; 0 ok, -1 with err filled. */
static int check_xpath(xmlXPathContextPtr ctx, struct xperr *xe, const char *expr, char *err,
                       size_t errlen)
{
    xmlXPathCompExprPtr c;

    xe->set = 0;
    xmlSetStructuredErrorFunc(xe, xpath_error);
    c = xmlXPathCtxtCompile(ctx, (const xmlChar *)expr);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (c == NULL) {
        snprintf(err, errlen, "XPath '%.120s' does not compile: %s", expr,
                 xe->set ? xe->msg : "syntax error");
        return -1;
    }
    xmlXPathFreeCompExpr(c);
    return 0;
}

/* A <ref>: checked against the requirement catalogs when they are loaded
 * (an id they lack is a load error); the SL comes from the catalog, and an
 * `sl` attribute, if the rule still states one, must agree with it.
 * Returns 0, -1 out of memory, 1 reported error. */
static int rule_add_ref(struct loadctx *lc, struct otl_rule *r, xmlNodePtr n)
{
    struct otl_ref *nv = realloc(r->refs, (r->nrefs + 1) * sizeof *nv), *ref;
    char *sl;
    unsigned long v = 0, line = (unsigned long)xmlGetLineNo(n);
    int stated = -1;

    if (nv == NULL)
        return -1;
    r->refs = nv;
    ref = &nv[r->nrefs];
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

static int rule_add_param(struct otl_param **v, size_t *n, char *name, char *value)
{
    struct otl_param *nv = realloc(*v, (*n + 1) * sizeof *nv);

    if (nv == NULL) {
        free(name);
        free(value);
        return -1;
    }
    nv[*n].name = name;
    nv[*n].value = value;
    *v = nv;
    (*n)++;
    return 0;
}

static struct otl_rule *load_rule(struct loadctx *lc, xmlNodePtr rn, xmlXPathContextPtr xctx,
                                  struct xperr *xe)
{
    struct otl_rule *r = calloc(1, sizeof *r);
    char *s = NULL, err[512];
    xmlNodePtr c;
    unsigned long line = (unsigned long)xmlGetLineNo(rn);
    struct msgpart *parts = NULL;
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
            if (rule_add_param(&r->params, &r->nparams, prop(c, "name"), prop(c, "default")) != 0)
                goto oom;
        } else if (xmlStrEqual(c->name, (const xmlChar *)"applies"))
            r->applies = text_of(c);
        else if (xmlStrEqual(c->name, (const xmlChar *)"requires")) {
            r->requires = text_of(c);
            r->requires_reason = prop(c, "reason");
        } else if (xmlStrEqual(c->name, (const xmlChar *)"select")) {
            r->check = text_of(c);
            r->kind = OTL_CHECK_SELECT;
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
    if ((r->applies && check_xpath(xctx, xe, r->applies, err, sizeof err) != 0) ||
        (r->requires && check_xpath(xctx, xe, r->requires, err, sizeof err) != 0) ||
        check_xpath(xctx, xe, r->check, err, sizeof err) != 0) {
        load_err(lc, line, "rule %s: %s", r->id, err);
        goto fail;
    }
    if (parse_template(r->message, &parts, &nparts, err, sizeof err) != 0) {
        load_err(lc, line, "rule %s: %s", r->id, err);
        goto fail;
    }
    for (i = 0; i < nparts; i++) {
        if (parts[i].is_xpath && check_xpath(xctx, xe, parts[i].text, err, sizeof err) != 0) {
            load_err(lc, line, "rule %s: message: %s", r->id, err);
            free_parts(parts, nparts);
            goto fail;
        }
    }
    free_parts(parts, nparts);
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
    if (rs->nrules == rs->caprules) {
        size_t ncap = rs->caprules ? rs->caprules * 2 : 64;
        struct otl_rule **nv = realloc(rs->rules, ncap * sizeof *nv);
        if (nv == NULL)
            return -1;
        rs->rules = nv;
        rs->caprules = ncap;
    }
    rs->rules[rs->nrules++] = r;
    return 0;
}

static int push_profile(struct otl_ruleset *rs, struct otl_profile *p)
{
    if (rs->nprofiles == rs->capprofiles) {
        size_t ncap = rs->capprofiles ? rs->capprofiles * 2 : 8;
        struct otl_profile **nv = realloc(rs->profiles, ncap * sizeof *nv);
        if (nv == NULL)
            return -1;
        rs->profiles = nv;
        rs->capprofiles = ncap;
    }
    rs->profiles[rs->nprofiles++] = p;
    return 0;
}

static int load_baseline_file(void *ctx, const char *path, const char *schema_dir,
                              otl_load_errfn fn, void *arg)
{
    struct otl_ruleset *rs = ctx;
    struct loadctx lc = {{fn, arg, path, 0}, rs->catalog};
    struct xperr xe = {{0}, 0, 0};
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
    xctx = re ? new_xpath_ctx(re, &xe) : NULL;
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
                              otl_load_errfn fn, void *arg)
{
    return otl_load_path(path, load_baseline_file, rs, schema_dir, fn, arg, 0);
}

static int load_profile_file(void *ctx, const char *path, const char *schema_dir,
                             otl_load_errfn fn, void *arg)
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
            struct otl_profile_sel *nv = realloc(p->sels, (p->nsels + 1) * sizeof *nv), *sel;
            if (nv == NULL)
                goto oom;
            p->sels = nv;
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
            if (rule_add_param(&p->params, &p->nparams, prop(c, "name"), prop(c, "value")) != 0)
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
                             otl_load_errfn fn, void *arg)
{
    return otl_load_path(path, load_profile_file, rs, schema_dir, fn, arg, 0);
}

/* ------------------------------------------------------------------ selection */

static int sel_matches(const struct otl_profile_sel *s, const struct otl_rule *r)
{
    size_t i;

    if (s->nrules && !has_word(s->rules, s->nrules, r->id))
        return 0;
    if (s->ntags) {
        int any = 0;
        for (i = 0; i < s->ntags && !any; i++)
            any = has_word(r->tags, r->ntags, s->tags[i]);
        if (!any)
            return 0;
    }
    if (s->classes && !(s->classes & r->classes))
        return 0;
    if (s->min_sev >= 0 && (int)r->severity < s->min_sev)
        return 0;
    return 1;
}

void otl_selection_free(struct otl_selection *sel)
{
    size_t i;

    free(sel->rules);
    for (i = 0; i < sel->nparams; i++) {
        free(sel->params[i].name);
        free(sel->params[i].value);
    }
    free(sel->params);
    memset(sel, 0, sizeof *sel);
}

int otl_select(const struct otl_ruleset *rs, const char *profile_id, struct otl_selection *out,
               otl_load_errfn fn, void *arg)
{
    return otl_select_sl(rs, profile_id, 0, out, fn, arg);
}

/* Profile options: the most derived profile that sets one wins. */
static void select_options(const struct otl_profile *const *chain, size_t depth, int sl,
                           struct otl_selection *out)
{
    out->target_sl = sl;
    out->fail_on = out->strict_waivers = -1;
    out->rollup = 1;
    for (size_t k = depth; k-- > 0;) {
        const struct otl_profile *p = chain[k];
        if (sl == 0 && p->target_sl > 0)
            out->target_sl = p->target_sl;
        if (p->fail_on >= 0)
            out->fail_on = p->fail_on;
        if (p->strict_waivers >= 0)
            out->strict_waivers = p->strict_waivers;
        if (p->rollup >= 0)
            out->rollup = p->rollup;
    }
}

int otl_select_sl(const struct otl_ruleset *rs, const char *profile_id, int sl,
                  struct otl_selection *out, otl_load_errfn fn, void *arg)
{
    const struct otl_profile *chain[16];
    size_t depth = 0, i, j, k;
    const struct otl_profile *p;
    unsigned char *on = NULL;
    int any_select = 0;

    memset(out, 0, sizeof *out);
    p = otl_ruleset_find_profile(rs, profile_id);
    if (p == NULL) {
        if (fn)
            fn(arg, profile_id, 0, "no such profile");
        return -1;
    }
    /* chain[0] is the most derived profile. */
    while (p) {
        for (i = 0; i < depth; i++) {
            if (chain[i] == p) {
                if (fn)
                    fn(arg, p->file, p->line, "profile extends itself (cycle)");
                return -1;
            }
        }
        if (depth == sizeof chain / sizeof *chain) {
            if (fn)
                fn(arg, p->file, p->line, "profile extends chain deeper than 16");
            return -1;
        }
        chain[depth++] = p;
        if (p->extends == NULL)
            break;
        p = otl_ruleset_find_profile(rs, p->extends);
        if (p == NULL) {
            if (fn)
                fn(arg, chain[depth - 1]->file, chain[depth - 1]->line,
                   "extends an unknown profile");
            return -1;
        }
    }
    select_options(chain, depth, sl, out);
    on = calloc(rs->nrules ? rs->nrules : 1, 1);
    out->rules = calloc(rs->nrules ? rs->nrules : 1, sizeof *out->rules);
    if (on == NULL || out->rules == NULL)
        goto oom;
    for (k = 0; k < depth; k++)
        for (i = 0; i < chain[k]->nsels; i++)
            any_select |= !chain[k]->sels[i].exclude;
    /* Selects from the base up, then excludes; no select anywhere = all. */
    for (j = 0; j < rs->nrules; j++) {
        const struct otl_rule *r = rs->rules[j];
        int sel = !any_select, excl = 0, any_sl = 0;
        for (k = 0; k < depth; k++) {
            for (i = 0; i < chain[k]->nsels; i++) {
                const struct otl_profile_sel *s = &chain[k]->sels[i];
                if (sel_matches(s, r)) {
                    if (s->exclude)
                        excl = 1;
                    else {
                        sel = 1;
                        any_sl |= s->any_sl;
                    }
                }
            }
        }
        /* At a target SL, a rule whose requirements all start above it does
         * not run (unless chosen with sl="any"). */
        if (sel && !any_sl && out->target_sl > 0 && r->sl > out->target_sl)
            sel = 0;
        on[j] = (unsigned char)(sel && !excl);
    }
    for (j = 0; j < rs->nrules; j++)
        if (on[j])
            out->rules[out->nrules++] = rs->rules[j];
    /* Parameters: rule defaults, then profile values from the base up. */
    for (j = 0; j < rs->nrules; j++) {
        for (i = 0; i < rs->rules[j]->nparams; i++) {
            const struct otl_param *pp = &rs->rules[j]->params[i];
            int seen = 0;
            for (k = 0; k < out->nparams && !seen; k++)
                seen = strcmp(out->params[k].name, pp->name) == 0;
            if (!seen && rule_add_param(&out->params, &out->nparams, strdup(pp->name),
                                        strdup(pp->value)) != 0)
                goto oom;
        }
    }
    for (k = depth; k-- > 0;) {
        for (i = 0; i < chain[k]->nparams; i++) {
            const struct otl_param *pp = &chain[k]->params[i];
            int found = 0;
            for (j = 0; j < out->nparams; j++) {
                if (strcmp(out->params[j].name, pp->name) == 0) {
                    char *v = strdup(pp->value);
                    if (v == NULL)
                        goto oom;
                    free(out->params[j].value);
                    out->params[j].value = v;
                    found = 1;
                }
            }
            if (!found) {
                if (fn)
                    fn(arg, chain[k]->file, chain[k]->line, "parameter is not declared by any rule");
                free(on);
                otl_selection_free(out);
                return -1;
            }
        }
    }
    out->profile_id = chain[0]->id;
    free(on);
    return 0;
oom:
    if (fn)
        fn(arg, profile_id, 0, "out of memory");
    free(on);
    otl_selection_free(out);
    return -1;
}

/* ------------------------------------------------------------------ evaluation */

struct crule {
    const struct otl_rule *r;
    xmlXPathCompExprPtr applies, requires, check;
    struct msgpart *parts;
    xmlXPathCompExprPtr *partx; /* per part; NULL for literals */
    size_t nparts;
};

/* Open-addressing map from a node pointer to an unsigned value. */
struct ptrent {
    const void *key;
    unsigned val;
};
struct ptrtab {
    struct ptrent *v;
    size_t cap, n; /* cap: a power of two, or 0 */
};

static size_t ptr_slot(const struct ptrtab *t, const void *key)
{
    uintptr_t h = (uintptr_t)key;
    size_t i;

    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    for (i = (size_t)(h ^ (h >> 29)) & (t->cap - 1); t->v[i].key && t->v[i].key != key;
         i = (i + 1) & (t->cap - 1))
        ;
    return i;
}

static int ptr_get(const struct ptrtab *t, const void *key, unsigned *val)
{
    size_t i;

    if (t->cap == 0)
        return 0;
    i = ptr_slot(t, key);
    if (t->v[i].key == NULL)
        return 0;
    *val = t->v[i].val;
    return 1;
}

static int ptr_put(struct ptrtab *t, const void *key, unsigned val)
{
    size_t i;

    if ((t->n + 1) * 2 > t->cap) {
        struct ptrtab nt;
        nt.cap = t->cap ? t->cap * 2 : 256;
        nt.n = 0;
        nt.v = calloc(nt.cap, sizeof *nt.v);
        if (nt.v == NULL)
            return -1;
        for (i = 0; i < t->cap; i++)
            if (t->v[i].key)
                nt.v[ptr_slot(&nt, t->v[i].key)] = t->v[i], nt.n++;
        free(t->v);
        *t = nt;
    }
    i = ptr_slot(t, key);
    if (t->v[i].key == NULL)
        t->n++;
    t->v[i].key = key;
    t->v[i].val = val;
    return 0;
}

static void ptr_clear(struct ptrtab *t)
{
    if (t->v)
        memset(t->v, 0, t->cap * sizeof *t->v);
    t->n = 0;
}

struct otl_evaluator {
    const struct otl_selection *sel;
    xmlXPathContextPtr xp;
    struct otl_re_thread *re;
    struct xperr xe;
    struct xperr msgerr; /* first failure while rendering a rule's messages */
    struct crule *cr;
    size_t n;
    /* Per document: raw elements (or records) by line, for evidence. */
    struct lineref {
        unsigned long line;
        xmlNodePtr node;
        const struct otl_rawrec *rec;
    } *lines;
    size_t nlines, caplines;
    /* Per document: ordinals of elements among same-keyed siblings, for
     * finding identities (object_of); filled one parent at a time. */
    struct ptrtab ords, done;
    const struct otl_rawrecs *recs; /* otl_evaluator_set_raw */
    int reads_raw;
};

static void crule_free(struct crule *c)
{
    size_t i;

    if (c->applies)
        xmlXPathFreeCompExpr(c->applies);
    if (c->requires)
        xmlXPathFreeCompExpr(c->requires);
    if (c->check)
        xmlXPathFreeCompExpr(c->check);
    for (i = 0; i < c->nparts; i++)
        if (c->partx && c->partx[i])
            xmlXPathFreeCompExpr(c->partx[i]);
    free(c->partx);
    free_parts(c->parts, c->nparts);
}

/* Might XPath `x` reach the raw tree?  On the source text, outside string
 * literals: a step into it needs the name `raw`, a wildcard or node() test,
 * or an axis that goes down or sideways past the facts subtree (`//`,
 * descendant, following, preceding).  Conservative: a false "yes" only costs
 * the time to build the elements. */
static int xpath_may_reach_raw(const char *x)
{
    static const char *const marks[] = {"raw", "//", "*", "node(", "descendant", "following",
                                        "preceding", "id("};
    char q = 0;

    for (; *x; x++) {
        if (q) {
            if (*x == q)
                q = 0;
            continue;
        }
        if (*x == '\'' || *x == '"') {
            q = *x;
            continue;
        }
        for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
            if (strncmp(x, marks[k], strlen(marks[k])) == 0)
                return 1;
    }
    return 0;
}

int otl_evaluator_reads_raw(const struct otl_evaluator *ev)
{
    return ev->reads_raw;
}

void otl_evaluator_set_raw(struct otl_evaluator *ev, const struct otl_rawrecs *recs)
{
    ev->recs = recs;
}

void otl_rawrecs_reset(struct otl_rawrecs *r)
{
    /* A 20 KB config needs about 30 KB; what one huge file needed is not
     * kept for the rest of the scan. */
    if (r->tcap + r->cap * sizeof *r->v > ((size_t)1 << 20))
        otl_rawrecs_free(r);
    r->n = 0;
    r->tlen = 0;
}

void otl_rawrecs_free(struct otl_rawrecs *r)
{
    free(r->v);
    free(r->text);
    memset(r, 0, sizeof *r);
}

int otl_rawrecs_add(struct otl_rawrecs *r, unsigned depth, unsigned long line, const char *text,
                    size_t len, unsigned flags)
{
    struct otl_rawrec *e;

    /* Only evidence reads the text (evidence_of), and never more than
     * OTL_MAX_EVIDENCE bytes of it: one byte over keeps its "..." mark. */
    if (len > OTL_MAX_EVIDENCE + 1)
        len = OTL_MAX_EVIDENCE + 1;
    OTL_OPAQUE(len); /* a call to memcpy, not `rep movsq` (opaque.h) */
    if (r->n == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 512;
        struct otl_rawrec *nv = realloc(r->v, ncap * sizeof *nv);
        if (nv == NULL)
            return -1;
        r->v = nv;
        r->cap = ncap;
    }
    if (len > r->tcap - r->tlen) {
        size_t ncap = r->tcap ? r->tcap : 16384;
        char *nt;
        while (len > ncap - r->tlen) {
            if (ncap > ((size_t)-1) / 2)
                return -1;
            ncap *= 2;
        }
        if ((nt = realloc(r->text, ncap)) == NULL)
            return -1;
        r->text = nt;
        r->tcap = ncap;
    }
    memcpy(r->text + r->tlen, text, len);
    e = &r->v[r->n++];
    e->line = line;
    e->off = r->tlen;
    e->len = len;
    e->depth = depth;
    e->flags = flags;
    r->tlen += len;
    return 0;
}

void otl_evaluator_free(struct otl_evaluator *ev)
{
    size_t i;

    if (ev == NULL)
        return;
    for (i = 0; i < ev->n; i++)
        crule_free(&ev->cr[i]);
    free(ev->cr);
    if (ev->xp)
        xmlXPathFreeContext(ev->xp);
    otl_re_thread_free(ev->re);
    free(ev->lines);
    free(ev->ords.v);
    free(ev->done.v);
    free(ev);
}

static xmlXPathCompExprPtr compile(struct otl_evaluator *ev, const char *expr)
{
    xmlXPathCompExprPtr c;
    /* "(expr)" is the same expression, but one libxml2 does not hand to its
     * streaming evaluator (simple paths only): that one answers "no node"
     * when it runs out of memory, and says nothing (2.9.14, pattern.c). */
    char *paren = otl_asprintf("(%s)", expr);

    ev->xe.set = 0;
    if (paren == NULL) {
        snprintf(ev->xe.msg, sizeof ev->xe.msg, "out of memory");
        ev->xe.set = 1;
        return NULL;
    }
    xml_oom_clear(ev->xp);
    c = xmlXPathCtxtCompile(ev->xp, (const xmlChar *)paren);
    free(paren);
    if (xml_oom_seen(ev->xp)) {
        /* Compiled without a name or literal it could not copy: another
         * expression than the rule's (or a syntax error that is none). */
        if (c != NULL)
            xmlXPathFreeCompExpr(c);
        c = NULL;
        snprintf(ev->xe.msg, sizeof ev->xe.msg, "out of memory");
        ev->xe.set = 1;
    }
    return c;
}

/* A parameter's value as an XPath object (docs/rules.md): a number when
 * strtod() takes all of it, a boolean for "true" and "false", else a string. */
static xmlXPathObjectPtr param_value(const char *v)
{
    char *end;
    double d;

    if (*v != '\0') {
        d = strtod(v, &end);
        if (*end == '\0')
            return xmlXPathNewFloat(d);
    }
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
        return xmlXPathNewBoolean(v[0] == 't');
    return xmlXPathNewCString(v);
}

struct otl_evaluator *otl_evaluator_new(const struct otl_selection *sel,
                                        const struct otl_registry *reg, char *err, size_t errlen)
{
    struct otl_evaluator *ev = calloc(1, sizeof *ev);
    size_t i, j;

    if (ev == NULL)
        goto oom;
    ev->sel = sel;
    ev->re = otl_re_thread_new();
    if (ev->re == NULL)
        goto oom;
    ev->xp = new_xpath_ctx(ev->re, &ev->xe);
    if (ev->xp == NULL)
        goto oom;
    xml_oom_clear(ev->xp);
    for (i = 0; i < sel->nparams; i++) {
        xmlXPathObjectPtr v = param_value(sel->params[i].value);
        if (v == NULL || xmlXPathRegisterVariable(ev->xp, (const xmlChar *)sel->params[i].name, v)) {
            xmlXPathFreeObject(v);
            goto oom;
        }
    }
    if (xml_oom_seen(ev->xp))
        goto oom; /* a variable registered without its name */
    for (i = 0; reg && i < reg->n; i++) {
        const struct otl_checker *ck = reg->v[i].checker;
        /* a checker built before ABI 1.3 may read the raw tree: elements */
        if (reg->v[i].kind == OTL_PLUGIN_CHECKER &&
            (ck->abi_minor < 3 || ck->size < offsetof(struct otl_checker, reserved) ||
             (ck->flags & OTL_CHECKER_READS_RAW)))
            ev->reads_raw = 1;
        if (reg->v[i].kind == OTL_PLUGIN_CHECKER && ck->register_xpath &&
            ck->register_xpath(ev->xp) != 0) {
            snprintf(err, errlen, "checker %s failed to register its XPath functions", ck->name);
            otl_evaluator_free(ev);
            return NULL;
        }
    }
    ev->cr = calloc(sel->nrules ? sel->nrules : 1, sizeof *ev->cr);
    if (ev->cr == NULL)
        goto oom;
    for (i = 0; i < sel->nrules; i++) {
        struct crule *c = &ev->cr[ev->n++];
        const struct otl_rule *r = sel->rules[i];
        char perr[256];

        c->r = r;
        if ((r->applies && (c->applies = compile(ev, r->applies)) == NULL) ||
            (r->requires && (c->requires = compile(ev, r->requires)) == NULL) ||
            (c->check = compile(ev, r->check)) == NULL) {
            /* It compiled when the baseline was loaded: now only memory
             * can be short, and libxml2 does not always say so. */
            snprintf(err, errlen, "rule %s: XPath does not compile: %s", r->id,
                     ev->xe.set ? ev->xe.msg : "out of memory");
            otl_evaluator_free(ev);
            return NULL;
        }
        if (parse_template(r->message, &c->parts, &c->nparts, perr, sizeof perr) != 0) {
            snprintf(err, errlen, "rule %s: %s", r->id, perr);
            otl_evaluator_free(ev);
            return NULL;
        }
        c->partx = calloc(c->nparts ? c->nparts : 1, sizeof *c->partx);
        if (c->partx == NULL)
            goto oom;
        for (j = 0; j < c->nparts; j++) {
            if (c->parts[j].is_xpath && (c->partx[j] = compile(ev, c->parts[j].text)) == NULL) {
                snprintf(err, errlen, "rule %s: message XPath does not compile: %s", r->id,
                         ev->xe.set ? ev->xe.msg : "out of memory");
                otl_evaluator_free(ev);
                return NULL;
            }
            if (c->parts[j].is_xpath && xpath_may_reach_raw(c->parts[j].text))
                ev->reads_raw = 1;
        }
        if ((r->applies && xpath_may_reach_raw(r->applies)) ||
            (r->requires && xpath_may_reach_raw(r->requires)) || xpath_may_reach_raw(r->check))
            ev->reads_raw = 1;
    }
    return ev;
oom:
    snprintf(err, errlen, "out of memory");
    otl_evaluator_free(ev);
    return NULL;
}

/* Evaluate a compiled expression at `node`; NULL with ev->xe set on error. */
static xmlXPathObjectPtr eval_at(struct otl_evaluator *ev, xmlXPathCompExprPtr c, xmlNodePtr node)
{
    xmlXPathObjectPtr o;

    ev->xe.set = 0;
    ev->xe.limit = 0;
    otl_re_clear_error(ev->re);
    ev->xp->node = node;
    ev->xp->contextSize = -1;
    ev->xp->proximityPosition = -1;
#if LIBXML_VERSION >= 20911
    ev->xp->opLimit = OTL_XPATH_OP_LIMIT;
    ev->xp->opCount = 0;
#endif
    o = xmlXPathCompiledEval(c, ev->xp);
#if LIBXML_VERSION >= 20911
    if (o == NULL && ev->xp->opCount >= ev->xp->opLimit) {
        snprintf(ev->xe.msg, sizeof ev->xe.msg,
                 "limit: XPath evaluation budget of %lu operations exceeded (OTL_XPATH_OP_LIMIT)",
                 (unsigned long)OTL_XPATH_OP_LIMIT);
        ev->xe.set = 1;
        ev->xe.limit = 1;
    }
#endif
    if (o == NULL && !ev->xe.set) {
        snprintf(ev->xe.msg, sizeof ev->xe.msg, "XPath evaluation failed");
        ev->xe.set = 1;
    }
    if (otl_re_last_error(ev->re)) {
        snprintf(ev->xe.msg, sizeof ev->xe.msg, "%s", otl_re_last_error(ev->re));
        ev->xe.set = 1;
        ev->xe.limit = otl_re_last_error_is_limit(ev->re);
        if (o) {
            xmlXPathFreeObject(o);
            o = NULL;
        }
    }
    return o;
}

/* -1 error (message in ev->xe), else 0/1. */
static int eval_bool(struct otl_evaluator *ev, xmlXPathCompExprPtr c, xmlNodePtr node)
{
    xmlXPathObjectPtr o = eval_at(ev, c, node);
    int b;

    if (o == NULL)
        return -1;
    b = xmlXPathCastToBoolean(o);
    xmlXPathFreeObject(o);
    return b;
}

static int cmp_lineref(const void *a, const void *b)
{
    const struct lineref *x = a, *y = b;

    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return 0;
}

static int lines_reserve(struct otl_evaluator *ev, size_t need)
{
    size_t ncap = ev->caplines ? ev->caplines : 1024;
    struct lineref *nv;

    if (need <= ev->caplines)
        return 0;
    while (ncap < need)
        ncap *= 2;
    nv = realloc(ev->lines, ncap * sizeof *nv);
    if (nv == NULL)
        return -1;
    ev->lines = nv;
    ev->caplines = ncap;
    return 0;
}

/* Index the raw tree's elements (or records) by line.  -1 out of memory: a
 * partial index would pick other evidence, silently. */
static int index_lines(struct otl_evaluator *ev, xmlNodePtr raw)
{
    xmlNodePtr n = raw ? raw->children : NULL;

    ev->nlines = 0;
    ptr_clear(&ev->ords);
    ptr_clear(&ev->done);
    if (ev->recs != NULL && ev->recs->n > 0) {
        /* The plugin handed its raw statements over as records (and so
         * built no raw elements); XML plugins never do. */
        if (lines_reserve(ev, ev->recs->n) != 0)
            return -1;
        for (size_t k = 0; k < ev->recs->n; k++) {
            if (ev->recs->v[k].line == 0)
                continue;
            ev->lines[ev->nlines].line = ev->recs->v[k].line;
            ev->lines[ev->nlines].node = NULL;
            ev->lines[ev->nlines++].rec = &ev->recs->v[k];
        }
        n = NULL; /* the raw element is empty */
    }
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            unsigned long l = otl_node_line(n);
            if (l && lines_reserve(ev, ev->nlines + 1) != 0)
                return -1;
            if (l) {
                ev->lines[ev->nlines].line = l;
                ev->lines[ev->nlines].rec = NULL;
                ev->lines[ev->nlines++].node = n;
            }
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && n->next == NULL) {
            n = n->parent;
            if (n == raw)
                n = NULL;
        }
        if (n)
            n = n->next;
    }
    /* Plugins mostly build the raw tree in line order: sort only when it is
     * not.  (qsort is not stable: raw_at_line() picks the outermost of a
     * line.) */
    for (size_t i = 1; i < ev->nlines; i++) {
        if (ev->lines[i].line < ev->lines[i - 1].line) {
            qsort(ev->lines, ev->nlines, sizeof *ev->lines, cmp_lineref);
            break;
        }
    }
    return 0;
}

static const struct lineref *raw_at_line(struct otl_evaluator *ev, unsigned long line)
{
    size_t lo = 0, hi = ev->nlines;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ev->lines[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ev->nlines && ev->lines[lo].line == line) {
        /* Among elements of that line prefer the outermost (a statement). */
        const struct lineref *best = &ev->lines[lo];
        size_t i;
        for (i = lo + 1; i < ev->nlines && ev->lines[i].line == line; i++) {
            const struct lineref *a = &ev->lines[i];
            xmlNodePtr p;
            /* Records come in file order, and a record cannot hold one
             * before it: the first of a line is its outermost, as an
             * element's ancestor comes before it in document order. */
            if (a->rec != NULL)
                continue;
            for (p = best->node->parent; p; p = p->parent)
                if (p == a->node)
                    best = a;
        }
        return best;
    }
    return NULL;
}

/* Start tag of an element, attributes included, bounded. */
static void start_tag(struct otl_sb *b, xmlNodePtr n)
{
    xmlAttrPtr a;

    otl_sb_addf(b, "<%s", (const char *)n->name);
    for (a = n->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        otl_sb_addf(b, " %s=\"", (const char *)a->name);
        if (v)
            otl_sb_adds(b, (const char *)v);
        otl_sb_adds(b, "\"");
        xmlFree(v);
    }
    otl_sb_adds(b, ">");
}

/* NULL with *oom set when out of memory; NULL alone: no evidence. */
static char *evidence_of(struct otl_evaluator *ev, xmlNodePtr n, xmlNodePtr raw,
                         unsigned long line, int *oom)
{
    struct otl_sb b;
    xmlNodePtr r = NULL, p;
    xmlChar *t;
    int in_raw = 0;

    otl_sb_init(&b, OTL_MAX_EVIDENCE);
    if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE)
        n = n->parent;
    for (p = n; p; p = p->parent)
        if (p == raw)
            in_raw = 1;
    if (in_raw) {
        r = n;
    } else if (line) {
        const struct lineref *lr = raw_at_line(ev, line);
        if (lr != NULL && lr->rec != NULL) {
            /* A record holds what the element's text attribute would. */
            otl_sb_add(&b, ev->recs->text + lr->rec->off, lr->rec->len);
            goto done;
        }
        if (lr != NULL)
            r = lr->node;
    }
    if (r == NULL)
        r = n;
    if (r == NULL || r->type != XML_ELEMENT_NODE)
        return NULL;
    t = xmlGetNoNsProp(r, (const xmlChar *)"text");
    if (t) {
        otl_sb_adds(&b, (const char *)t);
        xmlFree(t);
    } else {
        start_tag(&b, r);
    }
done:
    if (b.truncated && b.len >= 3)
        memcpy(b.s + b.len - 3, "...", 3);
    if (b.oom)
        *oom = 1;
    return otl_sb_take(&b);
}

/* Identity of a node: its path with each step keyed by identifying
 * attributes and, among equal steps, its ordinal — never its line. */
static const char *const key_attrs[] = {"name", "id", "text", "address", "host", "channel",
                                        "first", "last", "kind", "protocol", "level", "access",
                                        "version", "security", "Name", NULL};

#define NKEY_ATTRS (sizeof key_attrs / sizeof *key_attrs - 1)

static void step_key(struct otl_sb *b, xmlNodePtr n)
{
    /* One pass over the node's attributes, then the keys in key_attrs
     * order (the fingerprints depend on it).  A value that is one text
     * node (every attribute a plugin sets) is read in place; anything else
     * through libxml2. */
    const xmlChar *val[NKEY_ATTRS];
    unsigned char found[NKEY_ATTRS];
    xmlAttrPtr a;
    size_t i;

    memset(val, 0, sizeof val);
    memset(found, 0, sizeof found);
    for (a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next) {
        /* No name: libxml2 could not copy it (out of memory; its last
         * error tells the caller). */
        if (a->ns != NULL || a->name == NULL)
            continue;
        for (i = 0; i < NKEY_ATTRS; i++) {
            if (found[i] || a->name[0] != (xmlChar)key_attrs[i][0] ||
                strcmp((const char *)a->name, key_attrs[i]) != 0)
                continue;
            found[i] = 1;
            if (a->children == NULL)
                val[i] = (const xmlChar *)"";
            else if (a->children->type == XML_TEXT_NODE && a->children->next == NULL &&
                     a->children->content != NULL)
                val[i] = a->children->content;
            break;
        }
    }
    otl_sb_adds(b, (const char *)n->name);
    for (i = 0; i < NKEY_ATTRS; i++) {
        xmlChar *v = NULL;
        if (!found[i])
            continue;
        if (val[i] == NULL && (v = xmlGetNoNsProp(n, (const xmlChar *)key_attrs[i])) == NULL)
            continue; /* out of memory: libxml2's last error tells the caller */
        otl_sb_adds(b, "[");
        otl_sb_adds(b, key_attrs[i]);
        otl_sb_adds(b, "=");
        otl_sb_adds(b, (const char *)(val[i] != NULL ? val[i] : v));
        otl_sb_adds(b, "]");
        xmlFree(v);
    }
}

/* Ordinal of n among its earlier siblings with the same step key, the slow
 * way: used only when the cache below cannot be filled (out of memory). */
static unsigned ordinal_scan(xmlNodePtr n, const char *key, int *oom)
{
    struct otl_sb other;
    xmlNodePtr s;
    unsigned ord = 0;

    for (s = n->prev; s; s = s->prev) {
        if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, n->name))
            continue;
        otl_sb_init(&other, 4096);
        step_key(&other, s);
        if (other.oom)
            *oom = 1; /* a sibling not counted would shift the identity */
        if (other.s && key && strcmp(other.s, key) == 0)
            ord++;
        otl_sb_free(&other);
    }
    return ord;
}

/* Give every element child of `parent` its ordinal among same-keyed
 * siblings, in one pass (keys counted in a string table).  Linear in the
 * number of children; a document's findings then cost O(1) each. */
static int fill_ordinals(struct otl_evaluator *ev, xmlNodePtr parent)
{
    struct keyent {
        char *key;
        uint64_t h;
        unsigned count;
    } *tab;
    struct otl_sb k;
    size_t nkids = 0, cap = 16, i;
    xmlNodePtr c;
    int rc = 0;

    for (c = parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            nkids++;
    while (cap < nkids * 2)
        cap *= 2;
    tab = calloc(cap, sizeof *tab);
    if (tab == NULL)
        return -1;
    otl_sb_init(&k, 4096); /* one buffer for every child's key */
    for (c = parent->children; c && rc == 0; c = c->next) {
        uint64_t h = 1469598103934665603ULL;
        const unsigned char *p;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        k.len = 0;
        k.truncated = 0;
        if (k.s != NULL)
            k.s[0] = '\0';
        step_key(&k, c);
        if (k.s == NULL || k.oom) {
            rc = -1;
            break;
        }
        for (p = (const unsigned char *)k.s; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
        for (i = (size_t)h & (cap - 1); tab[i].key && (tab[i].h != h || strcmp(tab[i].key, k.s) != 0);
             i = (i + 1) & (cap - 1))
            ;
        if (tab[i].key == NULL) {
            if ((tab[i].key = strdup(k.s)) == NULL) {
                rc = -1;
                break;
            }
            tab[i].h = h;
        }
        if (ptr_put(&ev->ords, c, tab[i].count++) != 0)
            rc = -1;
    }
    otl_sb_free(&k);
    for (i = 0; i < cap; i++)
        free(tab[i].key);
    free(tab);
    if (rc == 0 && ptr_put(&ev->done, parent, 1) != 0)
        rc = -1;
    return rc;
}

static char *object_of(struct otl_evaluator *ev, xmlNodePtr n, xmlNodePtr device)
{
    xmlNodePtr path[OTL_MAX_DEPTH + 2];
    size_t depth = 0, i;
    struct otl_sb b;

    otl_sb_init(&b, 4096);
    if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE)
        n = n->parent;
    for (; n && n != device && n->type == XML_ELEMENT_NODE && depth < OTL_MAX_DEPTH + 2; n = n->parent)
        path[depth++] = n;
    if (depth == 0)
        otl_sb_adds(&b, "device");
    for (i = depth; i-- > 0;) {
        struct otl_sb me;
        unsigned ord = 0, seen;
        xmlNodePtr parent = path[i]->parent;

        otl_sb_init(&me, 4096);
        step_key(&me, path[i]);
        if (parent && !ptr_get(&ev->done, parent, &seen) && fill_ordinals(ev, parent) != 0)
            ord = ordinal_scan(path[i], me.s, &b.oom);
        else if (parent == NULL || !ptr_get(&ev->ords, path[i], &ord))
            ord = ordinal_scan(path[i], me.s, &b.oom);
        if (me.oom)
            b.oom = 1; /* an identity short of a step is another identity: fail */
        otl_sb_adds(&b, "/");
        if (me.s)
            otl_sb_adds(&b, me.s);
        if (ord)
            otl_sb_addf(&b, "#%u", ord);
        otl_sb_free(&me);
    }
    return otl_sb_take(&b);
}

static char *render_message(struct otl_evaluator *ev, const struct crule *c, xmlNodePtr node)
{
    struct otl_sb b;
    size_t i;

    otl_sb_init(&b, OTL_MAX_MESSAGE);
    for (i = 0; i < c->nparts; i++) {
        if (!c->parts[i].is_xpath) {
            otl_sb_adds(&b, c->parts[i].text);
        } else {
            xmlXPathObjectPtr o = eval_at(ev, c->partx[i], node);
            xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
            if (o == NULL && !ev->msgerr.set)
                ev->msgerr = ev->xe;
            otl_sb_adds(&b, s ? (const char *)s : "?");
            xmlFree(s);
            xmlXPathFreeObject(o);
        }
    }
    return otl_sb_take(&b);
}

static int add_finding(struct otl_evaluator *ev, struct otl_file *f, const struct crule *c,
                       xmlNodePtr node, xmlNodePtr device, xmlNodePtr raw, int device_level)
{
    struct otl_finding *fd, *nv;
    struct otl_hash h;
    int oom = 0;
    unsigned long line = device_level ? 0 : otl_node_line(node->type == XML_ATTRIBUTE_NODE
                                                              ? node->parent
                                                              : node);

    if (f->nfindings >= OTL_MAX_FINDINGS_PER_FILE)
        return 1;
    /* Doubling without a capacity field: the array is full exactly when the
     * count is 0 or a power of two (it never shrinks, so undoing findings
     * keeps it at least that large). */
    if ((f->nfindings & (f->nfindings - 1)) == 0) {
        size_t ncap = f->nfindings ? f->nfindings * 2 : 1;
        nv = realloc(f->findings, ncap * sizeof *nv);
        if (nv == NULL)
            return -1;
        f->findings = nv;
    }
    fd = &f->findings[f->nfindings];
    {
        size_t sz = sizeof *fd;
        OTL_OPAQUE(sz); /* memset, not `rep stos` (opaque.h) */
        memset(fd, 0, sz);
    }
    fd->rule = c->r;
    fd->state = OTL_STATE_FAIL;
    fd->line = line;
    fd->message = render_message(ev, c, node);
    fd->evidence = device_level ? NULL : evidence_of(ev, node, raw, line, &oom);
    fd->object = device_level ? strdup("device") : object_of(ev, node, device);
    if (fd->message == NULL || fd->object == NULL || oom) {
        otl_finding_clear(fd);
        return -1;
    }
    otl_hash_init(&h);
    otl_hash_add(&h, f->device, strlen(f->device) + 1);
    otl_hash_add(&h, c->r->id, strlen(c->r->id) + 1);
    otl_hash_add(&h, fd->object, strlen(fd->object));
    otl_hash_hex(&h, fd->fingerprint);
    f->nfindings++;
    return 0;
}

static unsigned class_bit(const char *name)
{
    unsigned bits = 0;

    if (name == NULL || otl_classes_parse(name, &bits) != 0)
        return 0;
    return bits;
}

static void set_result(struct otl_rule_result *rr, enum otl_state st, const char *reason)
{
    rr->state = st;
    free(rr->reason);
    rr->reason = reason ? strdup(reason) : NULL;
}

int otl_evaluate(struct otl_evaluator *ev, struct otl_devdoc *dd, unsigned fmt_classes,
                 struct otl_file *f)
{
    xmlNodePtr sys = NULL, c;
    xmlChar *v;
    int partial = 0;
    size_t i, k;
    char cls[64];

    xml_oom_clear(ev->xp);
    /* Device identity and class from the facts. */
    for (c = dd->facts ? dd->facts->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)"system")) {
            sys = c;
            break;
        }
    free(f->device);
    f->device = NULL;
    f->classes = fmt_classes;
    if (sys) {
        v = xmlGetNoNsProp(sys, (const xmlChar *)"hostname");
        if (v && v[0] && (f->device = strdup((const char *)v)) == NULL) {
            xmlFree(v);
            return -1; /* not the file name instead: the identity is in fingerprints */
        }
        xmlFree(v);
        v = xmlGetNoNsProp(sys, (const xmlChar *)"class");
        if (v && class_bit((const char *)v))
            f->classes = class_bit((const char *)v);
        xmlFree(v);
        v = xmlGetNoNsProp(sys, (const xmlChar *)"export-kind");
        partial = v && xmlStrEqual(v, (const xmlChar *)"partial");
        xmlFree(v);
        v = xmlGetNoNsProp(sys, (const xmlChar *)"parse-coverage");
        if (v)
            f->coverage = strtod((const char *)v, NULL);
        xmlFree(v);
    }
    if (f->device == NULL) {
        const char *base = strrchr(f->path, '/');
        f->device = strdup(base ? base + 1 : f->path);
        if (f->device == NULL)
            return -1;
    }
    otl_class_names(f->classes, cls, sizeof cls);

    f->results = calloc(ev->n ? ev->n : 1, sizeof *f->results);
    if (f->results == NULL)
        return -1;
    f->nresults = ev->n;
    ev->xp->doc = dd->doc;
    if (index_lines(ev, dd->raw) != 0) {
        ev->xp->doc = NULL;
        return -1;
    }

    for (i = 0; i < ev->n; i++) {
        const struct crule *cr = &ev->cr[i];
        struct otl_rule_result *rr = &f->results[i];
        size_t before = f->nfindings;
        int b;

        rr->rule = cr->r;
        ev->msgerr.set = 0;
        if (!(cr->r->classes & f->classes)) {
            char why[128];
            snprintf(why, sizeof why, "rule is for other device classes than %s", cls);
            set_result(rr, OTL_STATE_NOTAPPLICABLE, why);
            continue;
        }
        if (cr->applies) {
            b = eval_bool(ev, cr->applies, dd->device);
            if (b < 0)
                goto rule_error;
            if (b == 0) {
                set_result(rr, OTL_STATE_NOTAPPLICABLE, "applies condition is false");
                continue;
            }
        }
        if (cr->requires) {
            b = eval_bool(ev, cr->requires, dd->device);
            if (b < 0)
                goto rule_error;
            if (b == 0) {
                set_result(rr, OTL_STATE_NOTEVALUABLE,
                           cr->r->requires_reason ? cr->r->requires_reason
                                                  : "the facts this rule needs were not parsed");
                continue;
            }
        }
        if (cr->r->kind == OTL_CHECK_ASSERT) {
            if (partial && !cr->r->partial_ok) {
                set_result(rr, OTL_STATE_NOTEVALUABLE,
                           "partial export: a device-level rule cannot be decided on a fragment");
                continue;
            }
            b = eval_bool(ev, cr->check, dd->device);
            if (b < 0)
                goto rule_error;
            if (b) {
                set_result(rr, OTL_STATE_PASS, NULL);
            } else {
                if (add_finding(ev, f, cr, dd->device, dd->device, dd->raw, 1) < 0)
                    return -1;
                if (ev->msgerr.set) /* the message itself failed */
                    goto rule_error_undo;
                set_result(rr, OTL_STATE_FAIL, NULL);
            }
        } else {
            xmlXPathObjectPtr o = eval_at(ev, cr->check, dd->device);
            xmlNodeSetPtr ns;
            int truncated = 0;

            if (o == NULL)
                goto rule_error;
            if (o->type != XPATH_NODESET) {
                xmlXPathFreeObject(o);
                snprintf(ev->xe.msg, sizeof ev->xe.msg, "select expression is not a node-set");
                ev->xe.set = 1;
                goto rule_error;
            }
            ns = o->nodesetval;
            for (k = 0; ns && k < (size_t)ns->nodeNr; k++) {
                int r = add_finding(ev, f, cr, ns->nodeTab[k], dd->device, dd->raw, 0);
                if (r < 0) {
                    xmlXPathFreeObject(o);
                    return -1;
                }
                if (r > 0)
                    truncated = 1;
            }
            xmlXPathFreeObject(o);
            if (ev->msgerr.set)
                goto rule_error_undo;
            if (truncated)
                otl_file_diag(f, OTL_DIAG_WARNING, 0,
                              "rule %s: more than %d findings in this file; the rest are not kept",
                              cr->r->id, OTL_MAX_FINDINGS_PER_FILE);
            set_result(rr, f->nfindings > before ? OTL_STATE_FAIL : OTL_STATE_PASS, NULL);
        }
        rr->nfindings = f->nfindings - before;
        continue;
    rule_error_undo:
        ev->xe = ev->msgerr;
        otl_file_drop_findings(f, before);
    rule_error:
        if (ev->xe.set && ev->xe.limit) {
            /* The document is too costly for this rule: not decided, and
             * the file not fully checked (exit 3), never a pass. */
            set_result(rr, OTL_STATE_NOTEVALUABLE, ev->xe.msg);
            otl_file_diag(f, OTL_DIAG_ERROR, 0, "rule %s not evaluated: %s", cr->r->id, ev->xe.msg);
            if (f->status == OTL_FILE_OK)
                f->status = OTL_FILE_PARTIAL;
            rr->nfindings = 0;
            continue;
        }
        set_result(rr, OTL_STATE_ERROR, ev->xe.set ? ev->xe.msg : "evaluation failed");
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "rule %s failed: %s", cr->r->id,
                      ev->xe.set ? ev->xe.msg : "evaluation failed");
        rr->nfindings = 0;
    }
    ev->xp->doc = NULL;
    ev->xp->node = NULL;
    if (xml_oom_seen(ev->xp))
        return -1;
    /* set_result() could not copy a reason: a state without its why. */
    for (i = 0; i < ev->n; i++)
        if (f->results[i].reason == NULL && f->results[i].state != OTL_STATE_PASS &&
            f->results[i].state != OTL_STATE_FAIL)
            return -1;
    return 0;
}
