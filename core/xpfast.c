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
 *   Expr    := Expr 'or' Expr | Expr 'and' Expr | Eq
 *   Eq      := Rel (('=' | '!=') Rel)*
 *   Rel     := Union (('<' | '<=' | '>' | '>=') Union)*
 *   Union   := Primary ('|' Primary)*
 *   Primary := Literal | Number | '$' Name | '(' Expr ')' Pred* | Call | Path
 *   Path    := Step ('/' Step)*, relative; Step := Name Pred* | 'self::' Name
 *              Pred* | '..' | '@' Name (the attribute step last)
 *   Pred    := '[' Expr ']'   (never a number: no positional predicates)
 *   Call    := not(E) | true() | false() | normalize-space(S) | string(S)
 *              | concat(S, S, ...) | contains(S, S) | starts-with(S, S)
 *              | count(N) | number(S) | translate(S, L, L)
 *              | re:test(S, L[, L]) | re:match(S, L[, G[, L]])
 *              | otl:if(E, E, E) | otl:version-cmp(S, S)
 * A comparison's node-set operands are paths ending in an attribute step
 * (compared node by node, as XPath compares node-sets: an element's string
 * value is all its text); no other operand may be a boolean where the other
 * is a node-set.  S is a string, number or boolean expression, or a path to
 * an attribute without '..' (its first attribute in document order, or '').
 * N is a path without '..' or a union or filter of element paths.  L is a
 * literal (translate: ASCII), G a group number 0..31.  re: and otl: are
 * otlint's functions (regex.c, xpathfn.c), taken only while the prefixes
 * are bound to them.  Variables are the profile's parameters, bound when
 * the expression is compiled, typed as engine.c binds them for libxml2
 * (otl_xpf_param()).  A number becomes a string only when it is an integer
 * libxml2 prints as one ("%d"), infinite or NaN; others go to libxml2.
 * Names are unprefixed, so they match elements and attributes in no
 * namespace, as in libxml2.
 *
 * Anything else (arithmetic, unbound variables, other prefixed functions,
 * wildcards, '//', other axes, positions) fails to compile here and stays
 * with libxml2, as does an evaluation that would visit more than
 * OTL_XPATH_OP_LIMIT nodes (libxml2 then applies its own budget), and a
 * regex match that fails or hits its limits (libxml2 then reports it).
 * OTL_XPATH_FAST=0 in the environment turns this off, and
 * OTL_XPATH_FAST=verify evaluates every expression both ways and aborts on
 * a difference: tests/xpath-fast.sh runs scans that way.
 */
#include <config.h>
#include "xpfast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "limits.h"
#include "regex.h"
#include "result.h"
#include "xpathfn.h"

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
    K_CONCAT,  /* kids */
    K_NUM,     /* num */
    K_NUMBER,  /* number(kids[0]) */
    K_COUNT,   /* count(kids[0]) */
    K_CMP,     /* kids[0] op kids[1] */
    K_IF,      /* otl:if(kids[0], kids[1], kids[2]) */
    K_TRANSLATE, /* translate(kids[0], lit, lit2) */
    K_RETEST,  /* re:test(kids[0], code) */
    K_REMATCH, /* re:match(kids[0], code, group) */
    K_VERCMP   /* otl:version-cmp(kids[0], kids[1]) */
};

enum cmpop { C_EQ, C_NE, C_LT, C_LE, C_GT, C_GE };

enum stepkind { S_CHILD, S_PARENT, S_ATTR, S_SELF };

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
    double num;       /* K_NUM */
    enum cmpop op;    /* K_CMP */
    int mixed;        /* K_IF: branches of different types (both stringable) */
    const void *code; /* K_RETEST, K_REMATCH: regex.c's compiled pattern */
    unsigned group;   /* K_REMATCH */
};

/* ------------------------------------------------------------------ compile */

enum tok { T_END, T_NAME, T_QNAME, T_SELF, T_VAR, T_NUM, T_LIT, T_AT, T_SLASH, T_LP, T_RP, T_LB,
           T_RB, T_BAR, T_COMMA, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_DOTDOT, T_BAD };

struct tk {
    enum tok t;
    const char *s; /* a name's or literal's text */
    size_t n;
    const char *end;
};

struct ps {
    const char *p;
    int depth;
    const struct otl_xpf_env *env; /* never NULL */
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
    case '<':
    case '>':
        t.t = p[1] == '=' ? (*p == '<' ? T_LE : T_GE) : (*p == '<' ? T_LT : T_GT);
        t.end = p + (p[1] == '=' ? 2 : 1);
        return t;
    case '$': {
        const char *q = p + 1;
        if (!name_start((unsigned char)*q))
            return t;
        while (name_char((unsigned char)*q))
            q++;
        if (*q == ':')
            return t; /* a prefixed variable: not a parameter */
        t.t = T_VAR;
        t.s = p + 1;
        t.n = (size_t)(q - p - 1);
        t.end = q;
        return t;
    }
    case '.':
        if (p[1] == '.') {
            t.t = T_DOTDOT;
            t.end = p + 2;
            return t;
        }
        if (p[1] >= '0' && p[1] <= '9')
            break; /* a number */
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
    if ((*p >= '0' && *p <= '9') || *p == '.') {
        const char *q = p;
        while (*q >= '0' && *q <= '9')
            q++;
        if (*q == '.')
            for (q++; *q >= '0' && *q <= '9'; q++)
                ;
        t.t = T_NUM;
        t.n = (size_t)(q - p);
        t.end = q;
        return t;
    }
    if (name_start((unsigned char)*p)) {
        const char *q = p;
        while (name_char((unsigned char)*q))
            q++;
        t.t = T_NAME;
        if (q[0] == ':' && q[1] == ':') {
            /* an axis: self:: only */
            if (q - p != 4 || memcmp(p, "self", 4) != 0)
                t.t = T_BAD;
            else
                t.t = T_SELF;
            t.end = q + 2;
            return t;
        }
        if (q[0] == ':') {
            /* a prefixed name: a function of otlint's, perhaps */
            if (!name_start((unsigned char)q[1])) {
                t.t = T_BAD;
                return t;
            }
            for (q++; name_char((unsigned char)*q); q++)
                ;
            t.t = T_QNAME;
        }
        t.n = (size_t)(q - p);
        t.end = q;
    }
    return t;
}

static int is_name(struct tk t, const char *w)
{
    return (t.t == T_NAME || t.t == T_QNAME) && strlen(w) == t.n && memcmp(t.s, w, t.n) == 0;
}

/* Is the token after this name '(' (a function call)? */
static int call_follows(struct tk name)
{
    struct ps q = {name.end, 0, NULL};
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

/* An attribute path: its nodes, compared one by one, are attributes. */
static int attr_path(const struct otl_xpf *x)
{
    return x->k == K_PATH && x->ends_attr;
}

/* Usable as a string: a string, number or boolean, or a path to an
 * attribute whose first node in document order is the first one the walk
 * finds (no '..'); an otl:if of two of them. */
static int stringable(const struct otl_xpf *x)
{
    return x->t != OTL_XPF_NODESET || (attr_path(x) && !x->has_parent) ||
           (x->k == K_IF && stringable(x->kids[1]) && stringable(x->kids[2]));
}

/* Could its value be a number (a positional predicate)? */
static int may_be_number(const struct otl_xpf *x)
{
    return x->t == OTL_XPF_NUMBER ||
           (x->k == K_IF && (may_be_number(x->kids[1]) || may_be_number(x->kids[2])));
}

/* Its nodes are counted without duplicates: a path without '..' (every
 * node is reached once), or a collectable node-set. */
static int countable(const struct otl_xpf *x);

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

static int countable(const struct otl_xpf *x)
{
    return (x->k == K_PATH && !x->has_parent) || collectable(x);
}

static struct otl_xpf *parse_or(struct ps *ps);

static int parse_preds(struct ps *ps, struct otl_xpf ***v, size_t *n)
{
    while (peek(ps).t == T_LB) {
        struct otl_xpf *e;
        ps->p = peek(ps).end;
        if ((e = parse_or(ps)) == NULL)
            return -1;
        if (may_be_number(e) || peek(ps).t != T_RB || push_x(v, n, e) != 0) {
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
            if (t.t == T_AT || t.t == T_SELF) {
                s->k = t.t == T_AT ? S_ATTR : S_SELF;
                x->ends_attr = t.t == T_AT;
                ps->p = t.end;
                t = peek(ps);
            } else {
                s->k = S_CHILD;
            }
            if (t.t != T_NAME || (s->k != S_ATTR && call_follows(t)))
                goto fail; /* node(), text(), ... */
            if ((s->name = copy_n(t.s, t.n)) == NULL)
                goto fail;
            x->nsteps++;
            ps->p = t.end;
            if (s->k != S_ATTR && parse_preds(ps, &s->preds, &s->npreds) != 0)
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

/* A literal argument: a string literal or a bound string parameter. */
static int is_lit(const struct otl_xpf *x)
{
    return x->k == K_LIT;
}

static int ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 0;
    return 1;
}

/* re:match's group argument, as fn_match reads it (the string of a number
 * or a literal of digits): 0..31, or -1. */
static int group_of(const struct otl_xpf *x)
{
    char *end;
    unsigned long g;

    if (x->k == K_NUM)
        return x->num >= 0 && x->num <= 31 && x->num == (int)x->num ? (int)x->num : -1;
    if (!is_lit(x))
        return -1;
    if (x->litlen == 0)
        return 0; /* "" is group 0 */
    g = strtoul(x->lit, &end, 10);
    return *end == '\0' && x->lit[0] >= '0' && x->lit[0] <= '9' && g <= 31 ? (int)g : -1;
}

/* The arguments of a call are parsed; do they fit?  Fills in what is
 * decided now (types, compiled patterns).  0 or -1. */
static int check_args(struct otl_xpf *x)
{
    struct otl_xpf **a = x->kids;
    size_t n = x->nkids, i;
    char err[256];

    switch (x->k) {
    case K_NOT:
    case K_TRUE:
    case K_FALSE:
        return 0;
    case K_COUNT:
        return countable(a[0]) ? 0 : -1;
    case K_IF:
        if (a[1]->t == a[2]->t && !a[1]->mixed && !a[2]->mixed) {
            x->t = a[1]->t;
            return 0;
        }
        if (!stringable(a[1]) || !stringable(a[2]))
            return -1;
        x->t = OTL_XPF_STRING;
        x->mixed = 1;
        return 0;
    case K_TRANSLATE:
        if (!stringable(a[0]) || !is_lit(a[1]) || !is_lit(a[2]) ||
            !ascii(a[1]->lit, a[1]->litlen) || !ascii(a[2]->lit, a[2]->litlen))
            return -1;
        return 0;
    case K_RETEST:
    case K_REMATCH: {
        const struct otl_xpf *flags = x->k == K_RETEST ? (n == 3 ? a[2] : NULL)
                                                       : (n == 4 ? a[3] : NULL);
        int g = 0;
        if (!stringable(a[0]) || !is_lit(a[1]) || (flags && !is_lit(flags)))
            return -1;
        if (x->k == K_REMATCH && n >= 3 && (g = group_of(a[2])) < 0)
            return -1;
        x->group = (unsigned)g;
        /* a pattern that does not compile: libxml2 reports it */
        x->code = otl_re_compiled(a[1]->lit, flags ? flags->lit : "", err, sizeof err);
        return x->code ? 0 : -1;
    }
    default:
        for (i = 0; i < n; i++)
            if (!stringable(a[i]))
                return -1;
        return 0;
    }
}

static struct otl_xpf *parse_call(struct ps *ps, struct tk name)
{
    static const struct {
        const char *name;
        enum kind k;
        enum otl_xpf_type t;
        int minargs, maxargs;
        char ns; /* 0, or 'r' (re:) or 'o' (otl:), which the env must allow */
    } fns[] = {
        {"not", K_NOT, OTL_XPF_BOOLEAN, 1, 1, 0},
        {"true", K_TRUE, OTL_XPF_BOOLEAN, 0, 0, 0},
        {"false", K_FALSE, OTL_XPF_BOOLEAN, 0, 0, 0},
        {"normalize-space", K_NSPACE, OTL_XPF_STRING, 1, 1, 0},
        {"string", K_STRING, OTL_XPF_STRING, 1, 1, 0},
        {"concat", K_CONCAT, OTL_XPF_STRING, 2, 64, 0},
        {"contains", K_CONTAINS, OTL_XPF_BOOLEAN, 2, 2, 0},
        {"starts-with", K_STARTS, OTL_XPF_BOOLEAN, 2, 2, 0},
        {"count", K_COUNT, OTL_XPF_NUMBER, 1, 1, 0},
        {"number", K_NUMBER, OTL_XPF_NUMBER, 1, 1, 0},
        {"translate", K_TRANSLATE, OTL_XPF_STRING, 3, 3, 0},
        {"re:test", K_RETEST, OTL_XPF_BOOLEAN, 2, 3, 'r'},
        {"re:match", K_REMATCH, OTL_XPF_STRING, 2, 4, 'r'},
        {"otl:if", K_IF, OTL_XPF_BOOLEAN, 3, 3, 'o'},
        {"otl:version-cmp", K_VERCMP, OTL_XPF_NUMBER, 2, 2, 'o'},
    };
    struct otl_xpf *x = NULL;
    size_t f;

    for (f = 0; f < sizeof fns / sizeof fns[0]; f++)
        if (is_name(name, fns[f].name))
            break;
    if (f == sizeof fns / sizeof fns[0] || (fns[f].ns == 'r' && !ps->env->re) ||
        (fns[f].ns == 'o' && !ps->env->otl) || (x = node_new(fns[f].k, fns[f].t)) == NULL)
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
    if (x->nkids < (size_t)fns[f].minargs || x->nkids > (size_t)fns[f].maxargs ||
        check_args(x) != 0)
        goto fail;
    return x;
fail:
    otl_xpf_free(x);
    return NULL;
}

/* A literal of the given type and value (a number, a string, a boolean). */
static struct otl_xpf *constant(enum otl_xpf_type t, const char *s, size_t n, double d)
{
    struct otl_xpf *x;

    if (t == OTL_XPF_BOOLEAN)
        return node_new(d != 0 ? K_TRUE : K_FALSE, OTL_XPF_BOOLEAN);
    if (t == OTL_XPF_NUMBER) {
        if ((x = node_new(K_NUM, OTL_XPF_NUMBER)) != NULL)
            x->num = d;
        return x;
    }
    if ((x = node_new(K_LIT, OTL_XPF_STRING)) == NULL || (x->lit = copy_n(s, n)) == NULL) {
        otl_xpf_free(x);
        return NULL;
    }
    x->litlen = n;
    return x;
}

enum otl_xpf_type otl_xpf_param(const char *v, double *d)
{
    char *end;

    *d = 0;
    if (*v == '\0')
        return OTL_XPF_STRING;
    *d = strtod(v, &end);
    if (*end == '\0')
        return OTL_XPF_NUMBER;
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
        *d = v[0] == 't';
        return OTL_XPF_BOOLEAN;
    }
    *d = 0;
    return OTL_XPF_STRING;
}

/* $name: the parameter's value, bound now; NULL when there is none. */
static struct otl_xpf *variable(struct ps *ps, struct tk t)
{
    for (size_t i = 0; i < ps->env->nparams; i++) {
        const struct otl_param *p = &ps->env->params[i];
        double d;
        enum otl_xpf_type ty;
        if (strlen(p->name) != t.n || memcmp(p->name, t.s, t.n) != 0)
            continue;
        ty = otl_xpf_param(p->value, &d);
        return constant(ty, p->value, strlen(p->value), d);
    }
    return NULL;
}

static struct otl_xpf *parse_primary(struct ps *ps)
{
    struct tk t = peek(ps);
    struct otl_xpf *x;

    switch (t.t) {
    case T_LIT:
        if ((x = constant(OTL_XPF_STRING, t.s, t.n, 0)) != NULL)
            ps->p = t.end;
        return x;
    case T_NUM: {
        char *num = copy_n(t.s, t.n);
        /* libxml2's own conversion, so that the value is the same double */
        x = num ? constant(OTL_XPF_NUMBER, NULL, 0, xmlXPathStringEvalNumber((xmlChar *)num)) : NULL;
        free(num);
        if (x != NULL)
            ps->p = t.end;
        return x;
    }
    case T_VAR:
        if ((x = variable(ps, t)) != NULL)
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
    case T_QNAME:
        return call_follows(t) ? parse_call(ps, t) : NULL;
    case T_AT:
    case T_DOTDOT:
    case T_SELF:
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

/* l op r, or NULL (both freed) when this comparison is not in the subset:
 * node-set operands are attribute paths, and a node-set is never compared
 * with a boolean.  A node-set or string compared for (in)equality with a
 * literal keeps its own node (the common case, tested in place). */
static struct otl_xpf *comparison(struct otl_xpf *l, enum cmpop op, struct otl_xpf *r)
{
    int ln = l->t == OTL_XPF_NODESET, rn = r->t == OTL_XPF_NODESET;
    struct otl_xpf *c;

    if (l->mixed || r->mixed || (ln && !attr_path(l)) || (rn && !attr_path(r)) ||
        (ln && r->t == OTL_XPF_BOOLEAN) || (rn && l->t == OTL_XPF_BOOLEAN)) {
        otl_xpf_free(l);
        otl_xpf_free(r);
        return NULL;
    }
    if ((op == C_EQ || op == C_NE) && (ln || l->t == OTL_XPF_STRING) && r->k == K_LIT) {
        if ((c = with_kid(node_new(op == C_EQ ? K_EQ : K_NE, OTL_XPF_BOOLEAN), l)) == NULL) {
            otl_xpf_free(r);
            return NULL;
        }
        c->lit = r->lit; /* taken over */
        c->litlen = r->litlen;
        r->lit = NULL;
        otl_xpf_free(r);
        return c;
    }
    if ((c = with_kid(node_new(K_CMP, OTL_XPF_BOOLEAN), l)) == NULL) {
        otl_xpf_free(r);
        return NULL;
    }
    c->op = op;
    return with_kid(c, r);
}

static struct otl_xpf *parse_rel(struct ps *ps)
{
    struct otl_xpf *l = parse_union(ps);

    for (;;) {
        struct tk t = peek(ps);
        enum cmpop op;
        struct otl_xpf *r;
        switch (t.t) {
        case T_LT: op = C_LT; break;
        case T_LE: op = C_LE; break;
        case T_GT: op = C_GT; break;
        case T_GE: op = C_GE; break;
        default: return l;
        }
        if (l == NULL)
            return NULL;
        ps->p = t.end;
        if ((r = parse_union(ps)) == NULL) {
            otl_xpf_free(l);
            return NULL;
        }
        l = comparison(l, op, r);
    }
}

static struct otl_xpf *parse_eq(struct ps *ps)
{
    struct otl_xpf *l = parse_rel(ps);

    for (;;) {
        struct tk t = peek(ps);
        struct otl_xpf *r;
        if (l == NULL || (t.t != T_EQ && t.t != T_NE))
            return l;
        ps->p = t.end;
        if ((r = parse_rel(ps)) == NULL) {
            otl_xpf_free(l);
            return NULL;
        }
        l = comparison(l, t.t == T_EQ ? C_EQ : C_NE, r);
    }
}

static struct otl_xpf *parse_bin(struct ps *ps, const char *op)
{
    int is_or = strcmp(op, "or") == 0;
    struct otl_xpf *l = is_or ? parse_bin(ps, "and") : parse_eq(ps);

    while (l != NULL && is_name(peek(ps), op)) {
        struct otl_xpf *r, *b;
        ps->p = peek(ps).end;
        r = is_or ? parse_bin(ps, "and") : parse_eq(ps);
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

struct otl_xpf *otl_xpf_compile(const char *expr, const struct otl_xpf_env *env)
{
    static const struct otl_xpf_env none = {NULL, 0, 0, 0};
    struct ps ps = {expr, 0, env ? env : &none};
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
    case S_SELF:
        if (n->type != XML_ELEMENT_NODE || n->ns != NULL || n->name[0] != (xmlChar)s->name[0] ||
            strcmp((const char *)n->name, s->name) != 0)
            return 0;
        if ((r = preds_pass(s->preds, s->npreds, n, sc)) <= 0)
            return r;
        return walk(x, i + 1, n, v, sc);
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

static int xs(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc);
static int xn(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc, double *d);

/* XPath's number(string): libxml2's conversion of the NUL-terminated s. */
static double str_number(const char *s)
{
    return xmlXPathStringEvalNumber((const xmlChar *)s);
}

/* string(number), where it is libxml2's "%d" (or Infinity, NaN, 0): 0;
 * other numbers go to libxml2, whose formatting of them is its own. */
static int put_number(struct otl_xpf_scratch *sc, double d)
{
    char buf[32];

    if (isnan(d))
        return put_str(sc, "NaN", 3);
    if (isinf(d))
        return d > 0 ? put_str(sc, "Infinity", 8) : put_str(sc, "-Infinity", 9);
    if (d == 0)
        return put_str(sc, "0", 1);
    if (d > -2147483648.0 && d < 2147483647.0 && d == (double)(int)d)
        return put_str(sc, buf, (size_t)snprintf(buf, sizeof buf, "%d", (int)d));
    return OTL_XPF_FALLBACK;
}

/* The nodes of an attribute path, appended to sc->n. */
static int attr_nodes(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc)
{
    static const struct vis vc = {V_COLLECT, NULL, 0, 0};
    return walk(x, 0, node, &vc, sc);
}

/* count(x), x countable. */
static int count_of(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc,
                    double *d)
{
    size_t mark = sc->nlen;
    int r = x->k == K_PATH ? attr_nodes(x, node, sc) : collect(x, node, sc);

    *d = (double)(sc->nlen - mark);
    sc->nlen = mark;
    return r;
}

static int cmp_num(double a, double b, enum cmpop op)
{
    switch (op) {
    case C_EQ: return a == b;
    case C_NE: return !(a == b);
    case C_LT: return a < b;
    case C_LE: return a <= b;
    case C_GT: return a > b;
    case C_GE: return a >= b;
    }
    return 0;
}

/* The operator with its operands swapped: a < b is b > a. */
static enum cmpop flipped(enum cmpop op)
{
    switch (op) {
    case C_LT: return C_GT;
    case C_LE: return C_GE;
    case C_GT: return C_LT;
    case C_GE: return C_LE;
    default: return op;
    }
}

/* Does the attribute value s (NUL-terminated, n bytes) compare true with a
 * string (t, tn) or number (d, when t is NULL)?  XPath 1.0 §3.4: = and !=
 * compare strings with strings, everything else as numbers. */
static int value_cmp(const char *s, size_t n, enum cmpop op, const char *t, size_t tn, double d)
{
    if (t != NULL && (op == C_EQ || op == C_NE)) {
        int eq = n == tn && memcmp(s, t, n) == 0;
        return op == C_EQ ? eq : !eq;
    }
    return cmp_num(str_number(s), t != NULL ? str_number(t) : d, op);
}

/* A comparison (K_CMP); see comparison() for what it takes. */
static int compare(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc)
{
    const struct otl_xpf *l = x->kids[0], *r = x->kids[1];
    enum cmpop op = x->op;
    size_t smark = sc->slen, nmark = sc->nlen, i, j, ln;
    int res = 0, e;
    double a, b;

    if (l->t != OTL_XPF_NODESET && r->t == OTL_XPF_NODESET) {
        const struct otl_xpf *t = l;
        l = r;
        r = t;
        op = flipped(op);
    }
    if (l->t == OTL_XPF_NODESET) {
        const char *ts = NULL;
        size_t tn = 0;
        double d = 0;
        if ((e = attr_nodes(l, node, sc)) != 0)
            goto out;
        ln = sc->nlen;
        if (r->t == OTL_XPF_NODESET) {
            if ((e = attr_nodes(r, node, sc)) != 0)
                goto out;
        } else if (r->t == OTL_XPF_NUMBER) {
            if ((e = xn(r, node, sc, &d)) != 0)
                goto out;
        } else {
            if ((e = xs(r, node, sc)) != 0 || (e = put_str(sc, "", 0)) != 0)
                goto out;
            ts = sc->s + smark;
            tn = sc->slen - smark;
        }
        for (i = nmark; !res && i < ln; i++) {
            const char *s, *s2;
            size_t n, n2;
            if ((e = attr_value((xmlAttrPtr)sc->n[i], &s, &n)) != 0)
                goto out;
            if (r->t != OTL_XPF_NODESET) {
                res = value_cmp(s, n, op, ts, tn, d);
                continue;
            }
            for (j = ln; !res && j < sc->nlen; j++) {
                if (++sc->ops > sc->budget) {
                    e = OTL_XPF_FALLBACK;
                    goto out;
                }
                if ((e = attr_value((xmlAttrPtr)sc->n[j], &s2, &n2)) != 0)
                    goto out;
                res = op == C_EQ || op == C_NE ? value_cmp(s, n, op, s2, n2, 0)
                                               : cmp_num(str_number(s), str_number(s2), op);
            }
        }
        e = res;
        goto out;
    }
    if (op == C_EQ || op == C_NE) {
        if (l->t == OTL_XPF_BOOLEAN || r->t == OTL_XPF_BOOLEAN) {
            int p, q;
            if ((p = xb(l, node, sc)) < 0)
                return p;
            if ((q = xb(r, node, sc)) < 0)
                return q;
            return (p == q) == (op == C_EQ);
        }
        if (l->t == OTL_XPF_STRING && r->t == OTL_XPF_STRING) {
            size_t m;
            if ((e = xs(l, node, sc)) != 0)
                goto out;
            m = sc->slen;
            if ((e = xs(r, node, sc)) != 0)
                goto out;
            res = m - smark == sc->slen - m && memcmp(sc->s + smark, sc->s + m, m - smark) == 0;
            e = op == C_EQ ? res : !res;
            goto out;
        }
    }
    if ((e = xn(l, node, sc, &a)) != 0 || (e = xn(r, node, sc, &b)) != 0)
        goto out;
    e = cmp_num(a, b, op);
out:
    sc->slen = smark;
    sc->nlen = nmark;
    return e;
}

/* number(x): a number, or the number of x's boolean or string value. */
static int xn(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc, double *d)
{
    size_t smark = sc->slen;
    int r;

    *d = NAN;
    switch (x->k) {
    case K_NUM:
        *d = x->num;
        return 0;
    case K_COUNT:
        return count_of(x->kids[0], node, sc, d);
    case K_NUMBER:
        return xn(x->kids[0], node, sc, d);
    case K_IF:
        if ((r = xb(x->kids[0], node, sc)) < 0)
            return r;
        return xn(x->kids[r ? 1 : 2], node, sc, d);
    case K_VERCMP: {
        size_t m;
        if ((r = xs(x->kids[0], node, sc)) != 0 || (r = put_str(sc, "", 0)) != 0)
            goto out;
        m = ++sc->slen; /* past the terminator */
        if ((r = xs(x->kids[1], node, sc)) != 0 || (r = put_str(sc, "", 0)) != 0)
            goto out;
        r = otl_vercmp(sc->s + smark, sc->s + m);
        *d = r == 2 ? NAN : (double)r;
        r = 0;
        goto out;
    }
    default:
        break;
    }
    if (x->t == OTL_XPF_BOOLEAN) {
        if ((r = xb(x, node, sc)) < 0)
            return r;
        *d = r;
        return 0;
    }
    if (!stringable(x))
        return OTL_XPF_FALLBACK; /* not compiled so */
    if ((r = xs(x, node, sc)) != 0 || (r = put_str(sc, "", 0)) != 0)
        goto out;
    *d = str_number(sc->s + smark);
out:
    sc->slen = smark;
    return r;
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
    case K_IF:
        if ((r = xb(x->kids[0], node, sc)) < 0)
            return r;
        return xs(x->kids[r ? 1 : 2], node, sc);
    case K_TRANSLATE: {
        const struct otl_xpf *from = x->kids[1], *to = x->kids[2];
        if ((r = put_str(sc, "", 0)) != 0 || (r = xs(x->kids[0], node, sc)) != 0)
            return r;
        /* the maps are ASCII, so a byte of a multi-byte character is never
         * in them; the first occurrence in `from` counts */
        for (i = mark, o = mark; i < sc->slen; i++) {
            const char *hit = memchr(from->lit, sc->s[i], from->litlen);
            size_t k = hit ? (size_t)(hit - from->lit) : 0;
            if (hit == NULL)
                sc->s[o++] = sc->s[i];
            else if (k < to->litlen)
                sc->s[o++] = to->lit[k];
        }
        sc->slen = o;
        sc->s[o] = '\0';
        return 0;
    }
    case K_REMATCH: {
        size_t gs, ge;
        int m;
        if ((r = put_str(sc, "", 0)) != 0 || (r = xs(x->kids[0], node, sc)) != 0)
            return r;
        if (sc->re == NULL || (m = otl_re_exec(sc->re, x->code, sc->s + mark, sc->slen - mark)) < 0)
            return OTL_XPF_FALLBACK; /* libxml2 reports the error */
        if (m == 0 || otl_re_group(sc->re, m - 1, x->group, &gs, &ge) != 0)
            gs = ge = 0;
        memmove(sc->s + mark, sc->s + mark + gs, ge - gs);
        sc->slen = mark + (ge - gs);
        sc->s[sc->slen] = '\0';
        return 0;
    }
    default:
        break;
    }
    if (x->t == OTL_XPF_NUMBER) {
        double d;
        if ((r = xn(x, node, sc, &d)) != 0)
            return r;
        return put_number(sc, d);
    }
    if (x->t == OTL_XPF_BOOLEAN) {
        if ((r = xb(x, node, sc)) < 0)
            return r;
        return r ? put_str(sc, "true", 4) : put_str(sc, "false", 5);
    }
    return OTL_XPF_FALLBACK; /* not compiled so */
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
    case K_TRANSLATE:
    case K_REMATCH:
        if ((r = xs(x, node, sc)) != 0)
            return r;
        r = sc->slen > smark;
        sc->slen = smark;
        return r;
    case K_NUM:
    case K_NUMBER:
    case K_COUNT:
    case K_VERCMP: {
        double d;
        if ((r = xn(x, node, sc, &d)) != 0)
            return r;
        return d != 0 && !isnan(d);
    }
    case K_CMP:
        return compare(x, node, sc);
    case K_IF:
        if ((r = xb(x->kids[0], node, sc)) < 0)
            return r;
        return xb(x->kids[r ? 1 : 2], node, sc);
    case K_RETEST: {
        int m;
        if (sc->re == NULL)
            return OTL_XPF_FALLBACK; /* no match state: libxml2's */
        if ((r = xs(x->kids[0], node, sc)) != 0)
            return r;
        m = otl_re_exec(sc->re, x->code, sc->s ? sc->s + smark : "", sc->slen - smark);
        sc->slen = smark;
        return m < 0 ? OTL_XPF_FALLBACK : m > 0;
    }
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
