/*
 * versions.c - checker "versions": firmware and OS version comparison.
 *
 * XPath (prefix otl, namespace urn:otlint:fn, as the bundled rules use it):
 *   otl:version-cmp(a, b)  -> -1, 0 or 1 as version a is lower than, equal
 *                             to or higher than b, per dotted number
 *                             ("2.9" < "2.10", "V4.5" = "4.5.0"); NaN when
 *                             either holds no number (every comparison
 *                             with NaN is false)
 *   otl:version-norm(a)    -> the dotted numbers version-cmp compares
 *                             ("V04.05.0" -> "4.5.0"); '' when none
 * analyse() adds version-normalised to system/@version and
 * firmware-normalised to controller/@firmware and module/@firmware.
 */
#include <stdio.h>
#include <string.h>
#include "ckutil.h"

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Text before the first digit ("V") is skipped; comparison stops at the
 * first character after a component that is not '.' + digit. */
static const char *vstart(const char *s)
{
    while (*s && !digit(*s))
        s++;
    return s;
}

/* One component: leading zeros skipped; *end past its digits; the next
 * component's start (or the end of the string). */
static const char *component(const char *s, size_t *len, const char **next)
{
    const char *e;

    while (*s == '0' && digit(s[1]))
        s++;
    for (e = s; digit(*e); e++)
        ;
    *len = (size_t)(e - s);
    *next = (*e == '.' && digit(e[1])) ? e + 1 : e + strlen(e);
    return s;
}

static int cmp_component(const char *a, size_t la, const char *b, size_t lb)
{
    int m;

    /* a missing component is 0 */
    if (la == 0)
        return (lb == 1 && *b == '0') ? 0 : -1;
    if (lb == 0)
        return (la == 1 && *a == '0') ? 0 : 1;
    if (la != lb)
        return la < lb ? -1 : 1;
    m = memcmp(a, b, la);
    return m < 0 ? -1 : m > 0;
}

/* -1, 0, 1, or 2 when either holds no number. */
static int vercmp(const char *a, const char *b)
{
    a = vstart(a);
    b = vstart(b);
    if (!*a || !*b)
        return 2;
    for (;;) {
        const char *ca, *cb, *na, *nb;
        size_t la, lb;
        int c;
        ca = component(a, &la, &na);
        cb = component(b, &lb, &nb);
        if (la == 0 && lb == 0)
            return 0;
        if ((c = cmp_component(ca, la, cb, lb)) != 0)
            return c;
        a = na;
        b = nb;
    }
}

/* The compared part of s into out ("4.5.0"); 0, or -1 when s holds no
 * number or out is too small. */
static int vnorm(const char *s, char *out, size_t outlen)
{
    size_t o = 0;

    s = vstart(s);
    if (!*s)
        return -1;
    while (*s) {
        const char *c, *next;
        size_t len;
        c = component(s, &len, &next);
        if (len == 0)
            break;
        if (o + len + 2 > outlen)
            return -1;
        if (o > 0)
            out[o++] = '.';
        memcpy(out + o, c, len);
        o += len;
        s = next;
    }
    out[o] = '\0';
    return o > 0 ? 0 : -1;
}

/* otl:version-cmp(a, b) */
static void fn_version_cmp(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *v[2] = {NULL, NULL};
    int c;

    if (ck_pop_strings(ctxt, nargs, 2, 2, v) != 0)
        return;
    c = vercmp((const char *)v[0], (const char *)v[1]);
    xmlFree(v[0]);
    xmlFree(v[1]);
    valuePush(ctxt, xmlXPathNewFloat(c == 2 ? xmlXPathNAN : (double)c));
}

/* otl:version-norm(a) */
static void fn_version_norm(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *v[1] = {NULL};
    char buf[256];

    if (ck_pop_strings(ctxt, nargs, 1, 1, v) != 0)
        return;
    ck_push_string(ctxt, vnorm((const char *)v[0], buf, sizeof buf) == 0 ? buf : "");
    xmlFree(v[0]);
}

static int reg(struct _xmlXPathContext *ctx)
{
    if (ck_register(ctx, "version-cmp", fn_version_cmp) != 0 ||
        ck_register(ctx, "version-norm", fn_version_norm) != 0)
        return -1;
    return 0;
}

/* n/@from -> n/@to, normalised, when it holds a version. */
static int derive(xmlNodePtr n, const char *from, const char *to)
{
    const char *v = ck_get(n, from);
    char buf[256];

    if (v == NULL || vnorm(v, buf, sizeof buf) != 0)
        return 0;
    return ck_derive(n, to, buf);
}

static int analyse(const struct otl_host *host, struct otl_parse_ctx *ctx, struct otl_devdoc *dd)
{
    xmlNodePtr n;
    int r = 0;

    (void)host;
    (void)ctx;
    if (dd == NULL || dd->facts == NULL)
        return 0;
    for (n = dd->facts->children; n != NULL && r == 0; n = n->next) {
        if (ck_is(n, "system"))
            r = derive(n, "version", "version-normalised");
        else if (ck_is(n, "controller") || ck_is(n, "module"))
            r = derive(n, "firmware", "firmware-normalised");
    }
    return r;
}

__attribute__((visibility("default"))) const struct otl_checker otlint_checker = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_checker), "versions",
    "firmware and OS version comparison (otl:version-cmp)", reg, analyse, 0, {NULL}};
