/*
 * xpfast.c - native evaluation of the XPath subset most rules are written in.
 *
 * libxml2 evaluates `facts/interface[@mode='access'][not(@enabled='false')]`
 * by building an XPath object for every step, attribute and literal at every
 * node it visits: a few hundred instructions and several allocations per
 * attribute test, and tests on every interface of every device of a scan
 * were the largest cost of evaluation (docs/benchmark.md).  The expressions
 * that are only such paths and tests are compiled here once more, into a
 * small tree, and evaluated by walking the document directly.
 *
 * The subset, XPath 1.0 semantics throughout:
 *   Expr    := Expr 'or' Expr | Expr 'and' Expr | Cmp
 *   Cmp     := Union [('=' | '!=') Literal]
 *   Union   := Primary ('|' Primary)*
 *   Primary := Literal | '(' Expr ')' Pred* | Call | Path
 *   Path    := Step ('/' Step)*, relative; Step := Name Pred* | '..' | '@' Name
 *              (the attribute step last)
 *   Pred    := '[' Expr ']'   (never a number: no positional predicates)
 *   Call    := not(E) | true() | false() | normalize-space(S) | string(S)
 *              | concat(S, S, ...) | contains(S, S) | starts-with(S, S)
 * where a comparison's left side is a path ending in an attribute step (any
 * node equal / unequal, as XPath compares a node-set with a string) or a
 * string function, and S is a string or a path to an attribute without '..'
 * (its first attribute in document order, or '').  Names are unprefixed, so
 * they match elements and attributes in no namespace, as in libxml2.
 *
 * Anything else (numbers, variables, prefixed functions such as re:test,
 * wildcards, '//', axes, positions) fails to compile here and stays with
 * libxml2, as does an evaluation that would visit more than
 * OTL_XPATH_OP_LIMIT nodes (libxml2 then applies its own budget).  OTL_XPATH_FAST=0 in the environment turns this off, and
 * OTL_XPATH_FAST=verify evaluates every expression both ways and aborts on
 * a difference: tests/xpath-fast.sh runs scans that way.
 */
#include <config.h>
#include "xpfast.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "limits.h"

#define MAXNEST 64     /* nesting of the expression, while compiling */
#define MAXSORT 4096   /* union members sorted here; more go to libxml2 */

enum kind {
    K_PATH,    /* steps: node-set */
    K_UNION,   /* kids: node-sets */
    K_FILTER,  /* kids[0] a node-set, filtered by preds */
    K_OR,      /* kids[0], kids[1] */
    K_AND,
    K_NOT,     /* kids[0] */
    K_TRUE,
    K_FALSE,
    K_EQ,      /* kids[0] = lit */
    K_NE,      /* kids[0] != lit */
    K_CONTAINS,
    K_STARTS,
    K_LIT,     /* lit */
    K_NSPACE,  /* normalize-space(kids[0]) */
    K_STRING,  /* string(kids[0]) */
    K_CONCAT   /* kids */
};

enum stepkind { S_CHILD, S_PARENT, S_ATTR };

struct step {
    enum stepkind k;
    char *name;
    struct otl_xpf **preds;
    size_t npreds;
};

struct otl_xpf {
    enum kind k;
    enum otl_xpf_type t;
    struct step *steps;
    size_t nsteps;
    int has_parent, ends_attr; /* K_PATH */
    int collect_ok;            /* the root: collectable(), decided once */
    struct otl_xpf **kids;
    size_t nkids;
    struct otl_xpf **preds; /* K_FILTER */
    size_t npreds;
    char *lit;
    size_t litlen;
};

/* ------------------------------------------------------------------ compile */

enum tok { T_END, T_NAME, T_LIT, T_AT, T_SLASH, T_LP, T_RP, T_LB, T_RB, T_BAR, T_COMMA, T_EQ,
           T_NE, T_DOTDOT, T_BAD };

struct tk {
    enum tok t;
    const char *s; /* a name's or literal's text */
    size_t n;
    const char *end;
};

struct ps {
    const char *p;
    int depth;
};

static int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static struct tk peek(const struct ps *ps)
{
    const char *p = ps->p;
    struct tk t = {T_BAD, NULL, 0, NULL};

    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    t.s = p;
    t.end = p + 1;
    switch (*p) {
    case '\0':
        t.t = T_END;
        t.end = p;
        return t;
    case '@': t.t = T_AT; return t;
    case '(': t.t = T_LP; return t;
    case ')': t.t = T_RP; return t;
    case '[': t.t = T_LB; return t;
    case ']': t.t = T_RB; return t;
    case '|': t.t = T_BAR; return t;
    case ',': t.t = T_COMMA; return t;
    case '=': t.t = T_EQ; return t;
    case '/':
        t.t = p[1] == '/' ? T_BAD : T_SLASH;
        return t;
    case '!':
        if (p[1] == '=') {
            t.t = T_NE;
            t.end = p + 2;
        }
        return t;
    case '.':
        if (p[1] == '.') {
            t.t = T_DOTDOT;
            t.end = p + 2;
        }
        return t;
    case '\'':
    case '"': {
        const char *q = strchr(p + 1, *p);
        if (q == NULL)
            return t;
        t.t = T_LIT;
        t.s = p + 1;
        t.n = (size_t)(q - p - 1);
        t.end = q + 1;
        return t;
    }
    default:
        break;
    }
    if (name_start((unsigned char)*p)) {
        const char *q = p;
        while (name_char((unsigned char)*q))
            q++;
        /* a prefixed name (re:test, child::) is not in the subset */
        if (*q == ':')
            return t;
        t.t = T_NAME;
        t.n = (size_t)(q - p);
        t.end = q;
    }
    return t;
}

static int is_name(struct tk t, const char *w)
{
    return t.t == T_NAME && strlen(w) == t.n && memcmp(t.s, w, t.n) == 0;
}

/* Is the token after this name '(' (a function call)? */
static int call_follows(struct tk name)
{
    struct ps q = {name.end, 0};
    return peek(&q).t == T_LP;
}

/* strndup(), through malloc(): the allocation-failure test (tests/oom)
 * sees only malloc, calloc and realloc. */
static char *copy_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static struct otl_xpf *node_new(enum kind k, enum otl_xpf_type t)
{
    struct otl_xpf *x = calloc(1, sizeof *x);
    if (x) {
        x->k = k;
        x->t = t;
    }
    return x;
}

static int push_x(struct otl_xpf ***v, size_t *n, struct otl_xpf *x)
{
    struct otl_xpf **nv = realloc(*v, (*n + 1) * sizeof **v);
    if (nv == NULL)
        return -1;
    *v = nv;
    nv[(*n)++] = x;
    return 0;
}

/* x, or NULL after freeing x's kid: a builder's failure in one place. */
static struct otl_xpf *with_kid(struct otl_xpf *x, struct otl_xpf *kid)
{
    if (x == NULL || kid == NULL || push_x(&x->kids, &x->nkids, kid) != 0) {
        otl_xpf_free(x);
        otl_xpf_free(kid);
        return NULL;
    }
    return x;
}

/* Usable as a string: a string, or a path to an attribute whose first node
 * in document order is the first one the walk finds (no '..'). */
static int stringable(const struct otl_xpf *x)
{
    return x->t == OTL_XPF_STRING || (x->k == K_PATH && x->ends_attr && !x->has_parent);
}

/* A node-set collect() gives in document order without duplicates. */
static int collectable(const struct otl_xpf *x)
{
    size_t i;

    switch (x->k) {
    case K_PATH:
        return !x->ends_attr && !x->has_parent;
    case K_FILTER:
        return collectable(x->kids[0]);
    case K_UNION:
        for (i = 0; i < x->nkids; i++)
            if (!collectable(x->kids[i]))
                return 0;
        return 1;
    default:
        return 0;
    }
}

static struct otl_xpf *parse_or(struct ps *ps);

static int parse_preds(struct ps *ps, struct otl_xpf ***v, size_t *n)
{
    while (peek(ps).t == T_LB) {
        struct otl_xpf *e;
        ps->p = peek(ps).end;
        if ((e = parse_or(ps)) == NULL)
            return -1;
        if (peek(ps).t != T_RB || push_x(v, n, e) != 0) {
            otl_xpf_free(e);
            return -1;
        }
        ps->p = peek(ps).end;
    }
    return 0;
}

static struct otl_xpf *parse_path(struct ps *ps)
{
    struct otl_xpf *x = node_new(K_PATH, OTL_XPF_NODESET);

    if (x == NULL)
        return NULL;
    for (;;) {
        struct tk t = peek(ps);
        struct step *nv, *s;

        if (x->ends_attr) /* nothing after an attribute step */
            goto fail;
        nv = realloc(x->steps, (x->nsteps + 1) * sizeof *nv);
        if (nv == NULL)
            goto fail;
        x->steps = nv;
        s = &nv[x->nsteps];
        memset(s, 0, sizeof *s);
        if (t.t == T_DOTDOT) {
            s->k = S_PARENT;
            x->has_parent = 1;
            ps->p = t.end;
            x->nsteps++;
        } else {
            if (t.t == T_AT) {
                s->k = S_ATTR;
                x->ends_attr = 1;
                ps->p = t.end;
                t = peek(ps);
            } else {
                s->k = S_CHILD;
            }
            if (t.t != T_NAME || (s->k == S_CHILD && call_follows(t)))
                goto fail; /* node(), text(), ... */
            if ((s->name = copy_n(t.s, t.n)) == NULL)
                goto fail;
            x->nsteps++;
            ps->p = t.end;
            if (s->k == S_CHILD && parse_preds(ps, &s->preds, &s->npreds) != 0)
                goto fail;
        }
        if (peek(ps).t != T_SLASH)
            return x;
        ps->p = peek(ps).end;
    }
fail:
    otl_xpf_free(x);
    return NULL;
}

static struct otl_xpf *parse_call(struct ps *ps, struct tk name)
{
    static const struct {
        const char *name;
        enum kind k;
        enum otl_xpf_type t;
        int minargs, maxargs, strargs;
    } fns[] = {
        {"not", K_NOT, OTL_XPF_BOOLEAN, 1, 1, 0},
        {"true", K_TRUE, OTL_XPF_BOOLEAN, 0, 0, 0},
        {"false", K_FALSE, OTL_XPF_BOOLEAN, 0, 0, 0},
        {"normalize-space", K_NSPACE, OTL_XPF_STRING, 1, 1, 1},
        {"string", K_STRING, OTL_XPF_STRING, 1, 1, 1},
        {"concat", K_CONCAT, OTL_XPF_STRING, 2, 64, 1},
        {"contains", K_CONTAINS, OTL_XPF_BOOLEAN, 2, 2, 1},
        {"starts-with", K_STARTS, OTL_XPF_BOOLEAN, 2, 2, 1},
    };
    struct otl_xpf *x = NULL;
    size_t f, i;

    for (f = 0; f < sizeof fns / sizeof fns[0]; f++)
        if (is_name(name, fns[f].name))
            break;
    if (f == sizeof fns / sizeof fns[0] || (x = node_new(fns[f].k, fns[f].t)) == NULL)
        return NULL;
    ps->p = name.end;
    ps->p = peek(ps).end; /* the '(' */
    if (peek(ps).t == T_RP) {
        ps->p = peek(ps).end;
    } else {
        for (;;) {
            struct otl_xpf *a = parse_or(ps);
            struct tk t;
            if (a == NULL || push_x(&x->kids, &x->nkids, a) != 0) {
                otl_xpf_free(a);
                goto fail;
            }
            t = peek(ps);
            ps->p = t.end;
            if (t.t == T_RP)
                break;
            if (t.t != T_COMMA)
                goto fail;
        }
    }
    if (x->nkids < (size_t)fns[f].minargs || x->nkids > (size_t)fns[f].maxargs)
        goto fail;
    for (i = 0; fns[f].strargs && i < x->nkids; i++)
        if (!stringable(x->kids[i]))
            goto fail;
    return x;
fail:
    otl_xpf_free(x);
    return NULL;
}

static struct otl_xpf *parse_primary(struct ps *ps)
{
    struct tk t = peek(ps);
    struct otl_xpf *x;

    switch (t.t) {
    case T_LIT:
        if ((x = node_new(K_LIT, OTL_XPF_STRING)) == NULL || (x->lit = copy_n(t.s, t.n)) == NULL) {
            otl_xpf_free(x);
            return NULL;
        }
        x->litlen = t.n;
        ps->p = t.end;
        return x;
    case T_LP: {
        struct otl_xpf *e, *f;
        ps->p = t.end;
        if ((e = parse_or(ps)) == NULL)
            return NULL;
        if (peek(ps).t != T_RP) {
            otl_xpf_free(e);
            return NULL;
        }
        ps->p = peek(ps).end;
        if (peek(ps).t != T_LB)
            return e; /* grouping only */
        if (!collectable(e)) {
            otl_xpf_free(e);
            return NULL;
        }
        if ((f = with_kid(node_new(K_FILTER, OTL_XPF_NODESET), e)) == NULL)
            return NULL; /* e freed */
        if (parse_preds(ps, &f->preds, &f->npreds) != 0) {
            otl_xpf_free(f);
            return NULL;
        }
        return f;
    }
    case T_NAME:
        if (call_follows(t))
            return parse_call(ps, t);
        return parse_path(ps);
    case T_AT:
    case T_DOTDOT:
        return parse_path(ps);
    default:
        return NULL;
    }
}

static struct otl_xpf *parse_union(struct ps *ps)
{
    struct otl_xpf *x = parse_primary(ps), *u;

    if (x == NULL || peek(ps).t != T_BAR)
        return x;
    if (!collectable(x)) {
        otl_xpf_free(x);
        return NULL;
    }
    if ((u = with_kid(node_new(K_UNION, OTL_XPF_NODESET), x)) == NULL)
        return NULL; /* x freed */
    while (peek(ps).t == T_BAR) {
        ps->p = peek(ps).end;
        x = parse_primary(ps);
        if (x == NULL || !collectable(x) || push_x(&u->kids, &u->nkids, x) != 0) {
            otl_xpf_free(x);
            otl_xpf_free(u);
            return NULL;
        }
    }
    return u;
}

static struct otl_xpf *parse_cmp(struct ps *ps)
{
    struct otl_xpf *l = parse_union(ps), *c;
    struct tk t = peek(ps), lit;
    struct ps q;

    if (l == NULL || (t.t != T_EQ && t.t != T_NE))
        return l;
    q.p = t.end;
    lit = peek(&q);
    /* a node-set compared node by node: attribute values only (an element's
     * string value is all its text) */
    if (lit.t != T_LIT || !(l->t == OTL_XPF_STRING || (l->k == K_PATH && l->ends_attr))) {
        otl_xpf_free(l);
        return NULL;
    }
    if ((c = with_kid(node_new(t.t == T_EQ ? K_EQ : K_NE, OTL_XPF_BOOLEAN), l)) == NULL)
        return NULL;
    if ((c->lit = copy_n(lit.s, lit.n)) == NULL) {
        otl_xpf_free(c);
        return NULL;
    }
    c->litlen = lit.n;
    ps->p = lit.end;
    return c;
}

static struct otl_xpf *parse_bin(struct ps *ps, const char *op)
{
    int is_or = strcmp(op, "or") == 0;
    struct otl_xpf *l = is_or ? parse_bin(ps, "and") : parse_cmp(ps);

    while (l != NULL && is_name(peek(ps), op)) {
        struct otl_xpf *r, *b;
        ps->p = peek(ps).end;
        r = is_or ? parse_bin(ps, "and") : parse_cmp(ps);
        if (r == NULL) {
            otl_xpf_free(l);
            return NULL;
        }
        b = with_kid(node_new(is_or ? K_OR : K_AND, OTL_XPF_BOOLEAN), l);
        l = b ? with_kid(b, r) : (otl_xpf_free(r), NULL);
    }
    return l;
}

static struct otl_xpf *parse_or(struct ps *ps)
{
    struct otl_xpf *x;

    if (++ps->depth > MAXNEST)
        return NULL;
    x = parse_bin(ps, "or");
    ps->depth--;
    return x;
}

struct otl_xpf *otl_xpf_compile(const char *expr)
{
    struct ps ps = {expr, 0};
    struct otl_xpf *x = parse_or(&ps);

    if (x != NULL && peek(&ps).t != T_END) {
        otl_xpf_free(x);
        return NULL;
    }
    if (x != NULL)
        x->collect_ok = collectable(x);
    return x;
}

void otl_xpf_free(struct otl_xpf *x)
{
    size_t i, j;

    if (x == NULL)
        return;
    for (i = 0; i < x->nsteps; i++) {
        free(x->steps[i].name);
        for (j = 0; j < x->steps[i].npreds; j++)
            otl_xpf_free(x->steps[i].preds[j]);
        free(x->steps[i].preds);
    }
    free(x->steps);
    for (i = 0; i < x->nkids; i++)
        otl_xpf_free(x->kids[i]);
    free(x->kids);
    for (i = 0; i < x->npreds; i++)
        otl_xpf_free(x->preds[i]);
    free(x->preds);
    free(x->lit);
    free(x);
}

enum otl_xpf_type otl_xpf_type(const struct otl_xpf *x)
{
    return x->t;
}

/* ------------------------------------------------------------------ evaluate */

static int put_str(struct otl_xpf_scratch *sc, const char *s, size_t n)
{
    if (sc->slen + n + 1 > sc->scap) {
        size_t cap = sc->scap ? sc->scap : 256;
        char *nv;
        while (cap < sc->slen + n + 1)
            cap *= 2;
        if ((nv = realloc(sc->s, cap)) == NULL)
            return OTL_XPF_OOM;
        sc->s = nv;
        sc->scap = cap;
    }
    memcpy(sc->s + sc->slen, s, n);
    sc->slen += n;
    sc->s[sc->slen] = '\0';
    return 0;
}

static int put_node(struct otl_xpf_scratch *sc, xmlNodePtr n)
{
    if (sc->nlen == sc->ncap) {
        size_t cap = sc->ncap ? sc->ncap * 2 : 64;
        xmlNodePtr *nv = realloc(sc->n, cap * sizeof *nv);
        if (nv == NULL)
            return OTL_XPF_OOM;
        sc->n = nv;
        sc->ncap = cap;
    }
    sc->n[sc->nlen++] = n;
    return 0;
}

/* An attribute's value: its one text node, read in place.  Any other
 * content (entity references) goes to libxml2, which has its own way with
 * them: its equality test hashes only the text nodes. */
static int attr_value(xmlAttrPtr a, const char **s, size_t *n)
{
    xmlNodePtr t = a->children;

    if (t == NULL) {
        *s = "";
        *n = 0;
        return 0;
    }
    if (t->next != NULL || t->type != XML_TEXT_NODE)
        return OTL_XPF_FALLBACK;
    *s = t->content ? (const char *)t->content : "";
    *n = strlen(*s);
    return 0;
}

enum vmode { V_EXISTS, V_CMP, V_FIRST, V_COLLECT };

struct vis {
    enum vmode m;
    const char *lit; /* V_CMP */
    size_t litlen;
    int ne;
};

static int xb(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc);

/* 1: the node passes every predicate; 0: not; < 0 error. */
static int preds_pass(struct otl_xpf *const *p, size_t n, xmlNodePtr node,
                      struct otl_xpf_scratch *sc)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int r = xb(p[i], node, sc);
        if (r <= 0)
            return r;
    }
    return 1;
}

/* A node the path reached: 1 stops the walk (found), 0 goes on. */
static int visit(const struct vis *v, xmlNodePtr n, struct otl_xpf_scratch *sc)
{
    const char *s;
    size_t len;
    int eq, r;

    switch (v->m) {
    case V_EXISTS:
        return 1;
    case V_COLLECT:
        return put_node(sc, n);
    case V_CMP:
        if ((r = attr_value((xmlAttrPtr)n, &s, &len)) != 0)
            return r;
        eq = len == v->litlen && memcmp(s, v->lit, len) == 0;
        return v->ne ? !eq : eq;
    case V_FIRST:
        if ((r = attr_value((xmlAttrPtr)n, &s, &len)) != 0)
            return r;
        return put_str(sc, s, len) != 0 ? OTL_XPF_OOM : 1;
    }
    return 0;
}

static int walk(const struct otl_xpf *x, size_t i, xmlNodePtr n, const struct vis *v,
                struct otl_xpf_scratch *sc)
{
    const struct step *s;
    int r;

    if (i == x->nsteps)
        return visit(v, n, sc);
    s = &x->steps[i];
    switch (s->k) {
    case S_PARENT:
        return n->parent ? walk(x, i + 1, n->parent, v, sc) : 0;
    case S_CHILD:
        if (n->type != XML_ELEMENT_NODE && n->type != XML_DOCUMENT_NODE)
            return 0;
        for (n = n->children; n; n = n->next) {
            /* nested predicates over '..' can visit n^k nodes: bounded */
            if (++sc->ops > sc->budget)
                return OTL_XPF_FALLBACK;
            /* the first byte inline: it tells most siblings apart */
            if (n->type != XML_ELEMENT_NODE || n->ns != NULL || n->name[0] != (xmlChar)s->name[0] ||
                strcmp((const char *)n->name, s->name) != 0)
                continue;
            if ((r = preds_pass(s->preds, s->npreds, n, sc)) == 0)
                continue;
            if (r < 0 || (r = walk(x, i + 1, n, v, sc)) != 0)
                return r;
        }
        return 0;
    case S_ATTR: {
        xmlAttrPtr a;
        if (n->type != XML_ELEMENT_NODE)
            return 0;
        for (a = n->properties; a; a = a->next)
            if (a->ns == NULL && a->name[0] == (xmlChar)s->name[0] &&
                strcmp((const char *)a->name, s->name) == 0)
                return walk(x, i + 1, (xmlNodePtr)a, v, sc);
        return 0;
    }
    }
    return 0;
}

/* Document order, for the members of a union (insertion sort: unions of a
 * rule are a few nodes; past MAXSORT, libxml2 sorts). */
static int sort_nodes(struct otl_xpf_scratch *sc, size_t from)
{
    size_t i, j, n = sc->nlen - from, out;
    xmlNodePtr *v = sc->n + from;

    if (n > MAXSORT)
        return OTL_XPF_FALLBACK;
    for (i = 1; i < n; i++) {
        xmlNodePtr k = v[i];
        for (j = i; j > 0; j--) {
            int c = xmlXPathCmpNodes(v[j - 1], k);
            if (c == -2)
                return OTL_XPF_FALLBACK; /* not in one document */
            if (c >= 0)
                break; /* v[j-1] precedes k, or is k */
            v[j] = v[j - 1];
        }
        v[j] = k;
    }
    for (i = 0, out = 0; i < n; i++)
        if (out == 0 || v[out - 1] != v[i])
            v[out++] = v[i];
    sc->nlen = from + out;
    return 0;
}

/* Append the nodes of a collectable node-set, in document order. */
static int collect(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc)
{
    static const struct vis vc = {V_COLLECT, NULL, 0, 0};
    size_t mark = sc->nlen, i, out;
    int r;

    switch (x->k) {
    case K_PATH:
        return walk(x, 0, node, &vc, sc);
    case K_UNION:
        for (i = 0; i < x->nkids; i++)
            if ((r = collect(x->kids[i], node, sc)) != 0)
                return r;
        return sc->nlen - mark > 1 ? sort_nodes(sc, mark) : 0;
    case K_FILTER:
        if ((r = collect(x->kids[0], node, sc)) != 0)
            return r;
        for (i = mark, out = mark; i < sc->nlen; i++) {
            xmlNodePtr n = sc->n[i];
            if ((r = preds_pass(x->preds, x->npreds, n, sc)) < 0)
                return r;
            if (r)
                sc->n[out++] = n;
        }
        sc->nlen = out;
        return 0;
    default:
        return OTL_XPF_FALLBACK; /* not compiled so */
    }
}

/* Append the string value of x (stringable) to sc->s. */
static int xs(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc)
{
    static const struct vis vf = {V_FIRST, NULL, 0, 0};
    size_t mark = sc->slen, i, o;
    int r, sp;

    switch (x->k) {
    case K_LIT:
        return put_str(sc, x->lit, x->litlen);
    case K_PATH:
        r = walk(x, 0, node, &vf, sc);
        return r < 0 ? r : 0;
    case K_STRING:
        return xs(x->kids[0], node, sc);
    case K_CONCAT:
        for (i = 0; i < x->nkids; i++)
            if ((r = xs(x->kids[i], node, sc)) != 0)
                return r;
        return 0;
    case K_NSPACE:
        /* put_str() also makes sure sc->s exists for the terminator */
        if ((r = put_str(sc, "", 0)) != 0 || (r = xs(x->kids[0], node, sc)) != 0)
            return r;
        /* in place: drop leading and trailing white space, one space for
         * every inner run (XPath white space: space, tab, CR, LF) */
        for (i = mark, o = mark, sp = 0; i < sc->slen; i++) {
            char c = sc->s[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                sp = o > mark;
                continue;
            }
            if (sp)
                sc->s[o++] = ' ';
            sp = 0;
            sc->s[o++] = c;
        }
        sc->slen = o;
        sc->s[o] = '\0';
        return 0;
    default:
        return OTL_XPF_FALLBACK; /* not compiled so */
    }
}

static int xb(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc)
{
    size_t smark = sc->slen, nmark = sc->nlen, i;
    int r;

    switch (x->k) {
    case K_PATH: {
        static const struct vis ve = {V_EXISTS, NULL, 0, 0};
        return walk(x, 0, node, &ve, sc);
    }
    case K_UNION:
        for (i = 0; i < x->nkids; i++)
            if ((r = xb(x->kids[i], node, sc)) != 0)
                return r;
        return 0;
    case K_FILTER:
        r = collect(x, node, sc);
        if (r == 0)
            r = sc->nlen > nmark;
        sc->nlen = nmark;
        return r;
    case K_OR:
    case K_AND:
        r = xb(x->kids[0], node, sc);
        if (r < 0 || r == (x->k == K_OR))
            return r;
        return xb(x->kids[1], node, sc);
    case K_NOT:
        r = xb(x->kids[0], node, sc);
        return r < 0 ? r : !r;
    case K_TRUE:
        return 1;
    case K_FALSE:
        return 0;
    case K_EQ:
    case K_NE:
        if (x->kids[0]->t == OTL_XPF_NODESET) {
            struct vis v;
            v.m = V_CMP;
            v.lit = x->lit;
            v.litlen = x->litlen;
            v.ne = x->k == K_NE;
            return walk(x->kids[0], 0, node, &v, sc);
        }
        if ((r = xs(x->kids[0], node, sc)) != 0)
            return r;
        r = sc->slen - smark == x->litlen && memcmp(sc->s + smark, x->lit, x->litlen) == 0;
        sc->slen = smark;
        return x->k == K_NE ? !r : r;
    case K_CONTAINS:
    case K_STARTS: {
        size_t m1, hl, nl;
        const char *h, *nd;
        if ((r = xs(x->kids[0], node, sc)) != 0)
            return r;
        m1 = sc->slen;
        if ((r = xs(x->kids[1], node, sc)) != 0)
            return r;
        h = sc->s + smark;
        hl = m1 - smark;
        nd = sc->s + m1;
        nl = sc->slen - m1;
        r = 0;
        if (x->k == K_STARTS) {
            r = nl <= hl && memcmp(h, nd, nl) == 0;
        } else {
            for (i = 0; !r && i + nl <= hl; i++)
                r = memcmp(h + i, nd, nl) == 0;
        }
        sc->slen = smark;
        return r;
    }
    case K_LIT:
        return x->litlen > 0;
    case K_STRING:
    case K_CONCAT:
    case K_NSPACE:
        if ((r = xs(x, node, sc)) != 0)
            return r;
        r = sc->slen > smark;
        sc->slen = smark;
        return r;
    }
    return OTL_XPF_FALLBACK;
}

static void start(struct otl_xpf_scratch *sc)
{
    sc->slen = 0;
    sc->nlen = 0;
    sc->ops = 0;
    if (sc->budget == 0)
        sc->budget = OTL_XPATH_OP_LIMIT;
}

int otl_xpf_bool(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc)
{
    start(sc);
    return xb(x, node, sc);
}

int otl_xpf_string(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc,
                   const char **s, size_t *len)
{
    int r;

    *s = "";
    *len = 0;
    start(sc);
    if (!stringable(x))
        return OTL_XPF_FALLBACK;
    if ((r = xs(x, node, sc)) != 0)
        return r;
    if (sc->slen > 0) {
        *s = sc->s;
        *len = sc->slen;
    }
    return 0;
}

int otl_xpf_nodeset(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc,
                    xmlXPathObjectPtr *out)
{
    xmlNodeSetPtr ns;
    size_t i;
    int r;

    *out = NULL;
    start(sc);
    if (x->t != OTL_XPF_NODESET || !x->collect_ok)
        return OTL_XPF_FALLBACK; /* attributes, or '..': not in order here */
    if ((r = collect(x, node, sc)) != 0)
        return r;
    if ((ns = xmlXPathNodeSetCreate(NULL)) == NULL)
        return OTL_XPF_OOM;
    for (i = 0; i < sc->nlen; i++)
        if (xmlXPathNodeSetAddUnique(ns, sc->n[i]) != 0) {
            xmlXPathFreeNodeSet(ns);
            return OTL_XPF_OOM;
        }
    if ((*out = xmlXPathWrapNodeSet(ns)) == NULL) {
        xmlXPathFreeNodeSet(ns);
        return OTL_XPF_OOM;
    }
    return 0;
}

void otl_xpf_scratch_free(struct otl_xpf_scratch *sc)
{
    free(sc->s);
    free(sc->n);
    memset(sc, 0, sizeof *sc);
}
