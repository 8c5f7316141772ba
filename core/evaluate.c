/* evaluate.c - see engine.h: the selected rules on one device document. */
#include <config.h>
#include "opaque.h"
#include "engine.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "activity.h"
#include "evidence.h"
#include "limits.h"
#include "loader.h"
#include "message.h"
#include "regex.h"
#include "util.h"
#include "xpcost.h"
#include "xpctx.h"

struct crule {
    const struct otl_rule *r;
    xmlXPathCompExprPtr applies, requires, check;
    struct otl_msgpart *parts;
    xmlXPathCompExprPtr *partx; /* per part; NULL for literals */
    size_t nparts;
    int quadratic; /* an expression may cost pairs of nodes (xpcost.h) */
};

struct otl_evaluator {
    const struct otl_selection *sel;
    xmlXPathContextPtr xp;
    struct otl_re_thread *re;
    struct otl_xperr xe;
    struct otl_xperr msgerr; /* first failure while rendering a rule's messages */
    struct crule *cr;
    size_t n;
    struct otl_evidence evd; /* per document: evidence and identities */
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
    otl_msg_free(c->parts, c->nparts);
}

/* Is the wildcard at x harmless: an attribute wildcard (`@` then `*`), or
 * all children of `facts` where `facts` is a step of its own, not the end
 * of a longer name or a step below another one? */
static int facts_wildcard(const char *start, const char *x)
{
    const char *f;

    if (*x != '*')
        return 0;
    if (x > start && x[-1] == '@')
        return 1;
    if (x - start < 6 || strncmp(x - 6, "facts/", 6) != 0)
        return 0;
    f = x - 6;
    return f == start || !(f[-1] == '/' || f[-1] == '_' || f[-1] == '-' || f[-1] == '.' ||
                           f[-1] == ':' || (f[-1] >= 'a' && f[-1] <= 'z') ||
                           (f[-1] >= 'A' && f[-1] <= 'Z') || (f[-1] >= '0' && f[-1] <= '9'));
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
    const char *start = x;
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
            if (strncmp(x, marks[k], strlen(marks[k])) == 0 && !facts_wildcard(start, x))
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
    ev->evd.recs = recs;
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
    otl_evidence_free(&ev->evd);
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
    otl_xpctx_oom_clear(ev->xp);
    c = xmlXPathCtxtCompile(ev->xp, (const xmlChar *)paren);
    free(paren);
    if (otl_xpctx_oom_seen(ev->xp)) {
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
    ev->xp = otl_xpctx_new(ev->re, &ev->xe);
    if (ev->xp == NULL)
        goto oom;
    otl_xpctx_oom_clear(ev->xp);
    for (i = 0; i < sel->nparams; i++) {
        xmlXPathObjectPtr v = param_value(sel->params[i].value);
        if (v == NULL || xmlXPathRegisterVariable(ev->xp, (const xmlChar *)sel->params[i].name, v)) {
            xmlXPathFreeObject(v);
            goto oom;
        }
    }
    if (otl_xpctx_oom_seen(ev->xp))
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
        if (otl_msg_parse(r->message, &c->parts, &c->nparts, perr, sizeof perr) != 0) {
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
        c->quadratic = (r->applies && otl_xpath_quadratic(r->applies)) ||
                       (r->requires && otl_xpath_quadratic(r->requires)) ||
                       otl_xpath_quadratic(r->check);
        for (j = 0; j < c->nparts; j++)
            if (c->parts[j].is_xpath && otl_xpath_quadratic(c->parts[j].text))
                c->quadratic = 1;
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

/* Does attribute `a` hold exactly `v` (n bytes)? */
static int attr_is(xmlAttrPtr a, const char *v, size_t n)
{
    xmlChar *c = xmlNodeGetContent((xmlNodePtr)a);
    int eq = c != NULL && strlen((const char *)c) == n && memcmp(c, v, n) == 0;

    xmlFree(c);
    return eq;
}

/* The line of a selected node (docs/rules.md, "Where a finding is"): an
 * attribute's own line, else the line of the first attribute named in the
 * rule's `at` that the element has with a line of its own (an entry
 * `name=value` counts only when the attribute holds that value), else the
 * element's line (0: a fact made from no statement, device level). */
static unsigned long finding_line(const struct otl_rule *r, xmlNodePtr node)
{
    const char *p = r->at;

    if (node->type == XML_ATTRIBUTE_NODE) {
        unsigned long l = otl_attr_line((xmlAttrPtr)node);
        return l ? l : otl_node_line(node->parent);
    }
    while (p != NULL && node->type == XML_ELEMENT_NODE) {
        char name[128];
        size_t n, k;
        xmlAttrPtr a;
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        n = strcspn(p, " \t\n\r");
        if (n == 0)
            break;
        k = strcspn(p, "= \t\n\r"); /* the name; p[k] == '=': a value follows */
        if (k < sizeof name) {
            memcpy(name, p, k);
            name[k] = '\0';
            a = xmlHasNsProp(node, (const xmlChar *)name, NULL);
            if (a != NULL && a->type == XML_ATTRIBUTE_NODE && otl_attr_line(a) != 0 &&
                (k == n || attr_is(a, p + k + 1, n - k - 1)))
                return otl_attr_line(a);
        }
        p += n;
    }
    return otl_node_line(node);
}

static int add_finding(struct otl_evaluator *ev, struct otl_file *f, const struct crule *c,
                       xmlNodePtr node, xmlNodePtr device, xmlNodePtr raw, int device_level)
{
    struct otl_finding *fd;
    struct otl_hash h;
    int oom = 0;
    unsigned long line = device_level ? 0 : finding_line(c->r, node);

    if (f->nfindings >= OTL_MAX_FINDINGS_PER_FILE)
        return 1;
    if (otl_grow(&f->findings, &f->capfindings, f->nfindings + 1, sizeof *f->findings, 1) != 0)
        return -1;
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
    fd->evidence = device_level ? NULL : otl_evidence_of(&ev->evd, node, raw, line, &oom);
    fd->object = device_level ? strdup("device") : otl_evidence_object(&ev->evd, node, device);
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

/* Device identity and class from the facts' <system>: hostname (else the
 * file name), class (else the plugin's), partial export, parse coverage.
 * Sets *partial.  0, -1 out of memory. */
static int identify(struct otl_devdoc *dd, unsigned fmt_classes, struct otl_file *f, int *partial)
{
    xmlNodePtr sys = NULL, c;
    xmlChar *v;

    *partial = 0;
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
        *partial = v && xmlStrEqual(v, (const xmlChar *)"partial");
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
    return 0;
}

/* The check of one rule that applies: an assertion on the device, or a
 * select whose every node is a finding.  0 decided (rr->state set), 1 an
 * evaluation error (ev->xe, findings of the rule undone), -1 out of memory. */
static int check_rule(struct otl_evaluator *ev, const struct crule *cr, struct otl_devdoc *dd,
                      struct otl_file *f, struct otl_rule_result *rr, size_t before)
{
    xmlXPathObjectPtr o;
    xmlNodeSetPtr ns;
    int b, truncated = 0, failed = 0;
    size_t k;

    if (cr->r->kind == OTL_CHECK_ASSERT) {
        b = eval_bool(ev, cr->check, dd->device);
        if (b < 0)
            return 1;
        if (b) {
            set_result(rr, OTL_STATE_PASS, NULL);
            return 0;
        }
        if (add_finding(ev, f, cr, dd->device, dd->device, dd->raw, 1) < 0)
            return -1;
        failed = 1; /* even when the file has no room for the finding */
    } else {
        if ((o = eval_at(ev, cr->check, dd->device)) == NULL)
            return 1;
        if (o->type != XPATH_NODESET) {
            xmlXPathFreeObject(o);
            snprintf(ev->xe.msg, sizeof ev->xe.msg, "select expression is not a node-set");
            ev->xe.set = 1;
            return 1;
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
    }
    if (ev->msgerr.set) { /* a message itself failed */
        ev->xe = ev->msgerr;
        otl_file_drop_findings(f, before);
        return 1;
    }
    if (truncated)
        otl_file_diag(f, OTL_DIAG_WARNING, 0,
                      "rule %s: more than %d findings in this file; the rest are not kept",
                      cr->r->id, OTL_MAX_FINDINGS_PER_FILE);
    set_result(rr, failed || f->nfindings > before ? OTL_STATE_FAIL : OTL_STATE_PASS, NULL);
    return 0;
}

/* A rule whose evaluation failed: over budget, the input's cost (not
 * decided, file partial: exit 3, never a pass), else an error. */
static void rule_failed(struct otl_evaluator *ev, const struct crule *cr, struct otl_file *f,
                        struct otl_rule_result *rr)
{
    const char *msg = ev->xe.set ? ev->xe.msg : "evaluation failed";

    if (ev->xe.set && ev->xe.limit) {
        set_result(rr, OTL_STATE_NOTEVALUABLE, msg);
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "rule %s not evaluated: %s", cr->r->id, msg);
        if (f->status == OTL_FILE_OK)
            f->status = OTL_FILE_PARTIAL;
    } else {
        set_result(rr, OTL_STATE_ERROR, msg);
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "rule %s failed: %s", cr->r->id, msg);
    }
    rr->nfindings = 0;
}

/* Rule times are taken only when a report shows them (JUnit): a clock read
 * costs 20-300 ns (300 under kvm-clock), and a default scan runs ~70 rules
 * per file.  Set before the scan's workers start. */
static int time_rules;

void otl_evaluate_time_rules(int on)
{
    time_rules = on;
}

static double mono_s(void)
{
    struct timespec ts;

    if (!time_rules)
        return 0;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int otl_evaluate(struct otl_evaluator *ev, struct otl_devdoc *dd, unsigned fmt_classes,
                 struct otl_file *f)
{
    double t0 = 0;
    int partial, b, rc, timed_out = 0;
    long nel;
    size_t i;
    char cls[64];

    otl_xpctx_oom_clear(ev->xp);
    if (identify(dd, fmt_classes, f, &partial) != 0)
        return -1;
    otl_class_names(f->classes, cls, sizeof cls);

    f->results = calloc(ev->n ? ev->n : 1, sizeof *f->results);
    if (f->results == NULL)
        return -1;
    f->nresults = ev->n;
    ev->xp->doc = dd->doc;
    /* Number the elements once (in their otherwise unused `content`), so
     * that libxml2 puts node-sets in document order by comparing numbers:
     * without it, two siblings are ordered by walking the sibling list
     * between them, and a union over thousands of sibling facts is
     * quadratic (make bench, row (e); docs/benchmark.md). */
    if ((nel = xmlXPathOrderDocElems(dd->doc)) < 0) {
        ev->xp->doc = NULL;
        return -1;
    }
    if (otl_evidence_index(&ev->evd, dd->raw) != 0) {
        ev->xp->doc = NULL;
        return -1;
    }

    /* Each rule's time (JUnit's testcase time), taken after every path
     * through the body, the `continue`s included. */
    for (i = 0; i < ev->n; f->results[i].seconds = mono_s() - t0, i++) {
        const struct crule *cr = &ev->cr[i];
        struct otl_rule_result *rr = &f->results[i];
        size_t before = f->nfindings;

        t0 = mono_s();
        rr->rule = cr->r;
        ev->msgerr.set = 0;
        if (otl_deadline_passed()) { /* --time-limit: the rest is not run */
            set_result(rr, OTL_STATE_NOTEVALUABLE, "not run: the file's time limit ran out");
            timed_out = 1;
            continue;
        }
        if (!(cr->r->classes & f->classes)) {
            char why[128];
            snprintf(why, sizeof why, "rule is for other device classes than %s", cls);
            set_result(rr, OTL_STATE_NOTAPPLICABLE, why);
            continue;
        }
        if (cr->applies && (b = eval_bool(ev, cr->applies, dd->device)) <= 0) {
            if (b < 0)
                rule_failed(ev, cr, f, rr);
            else
                set_result(rr, OTL_STATE_NOTAPPLICABLE, "applies condition is false");
            continue;
        }
        if (cr->requires && (b = eval_bool(ev, cr->requires, dd->device)) <= 0) {
            if (b < 0)
                rule_failed(ev, cr, f, rr);
            else
                set_result(rr, OTL_STATE_NOTEVALUABLE,
                           cr->r->requires_reason ? cr->r->requires_reason
                                                  : "the facts this rule needs were not parsed");
            continue;
        }
        if (cr->quadratic && (double)nel * (double)nel > (double)OTL_XPATH_PAIR_LIMIT) {
            snprintf(ev->xe.msg, sizeof ev->xe.msg,
                     "limit: a union or a comparison of two node-sets costs pairs of nodes, and "
                     "this document has %ld elements (OTL_XPATH_PAIR_LIMIT)",
                     nel);
            ev->xe.set = 1;
            ev->xe.limit = 1;
            rule_failed(ev, cr, f, rr);
            continue;
        }
        if (cr->r->kind == OTL_CHECK_ASSERT && partial && !cr->r->partial_ok) {
            set_result(rr, OTL_STATE_NOTEVALUABLE,
                       "partial export: a device-level rule cannot be decided on a fragment");
            continue;
        }
        rc = check_rule(ev, cr, dd, f, rr, before);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            rule_failed(ev, cr, f, rr);
            continue;
        }
        rr->nfindings = f->nfindings - before;
    }
    ev->xp->doc = NULL;
    ev->xp->node = NULL;
    if (otl_xpctx_oom_seen(ev->xp))
        return -1;
    if (timed_out) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0,
                      "limit: the rules did not finish within the time limit (--time-limit); "
                      "the rest were not run");
        f->status = OTL_FILE_LIMIT;
    }
    /* set_result() could not copy a reason: a state without its why. */
    for (i = 0; i < ev->n; i++)
        if (f->results[i].reason == NULL && f->results[i].state != OTL_STATE_PASS &&
            f->results[i].state != OTL_STATE_FAIL)
            return -1;
    return 0;
}
