/* xpathfn.c - see xpathfn.h. */
#include <config.h>
#include "xpathfn.h"

#include <string.h>
#include <libxml/xpathInternals.h>

/* otl:if(condition, then, else) */
static void fn_if(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlXPathObjectPtr then_, else_, cond;
    int b;

    if (nargs != 3) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    else_ = valuePop(ctxt);
    then_ = valuePop(ctxt);
    cond = valuePop(ctxt);
    if (cond == NULL || then_ == NULL || else_ == NULL) {
        xmlXPathFreeObject(cond);
        xmlXPathFreeObject(then_);
        xmlXPathFreeObject(else_);
        xmlXPathErr(ctxt, XPATH_STACK_ERROR);
        return;
    }
    b = xmlXPathCastToBoolean(cond);
    xmlXPathFreeObject(cond);
    if (b) {
        xmlXPathFreeObject(else_);
        valuePush(ctxt, then_);
    } else {
        xmlXPathFreeObject(then_);
        valuePush(ctxt, else_);
    }
}

/* Compare two version strings component by component ("2.9" < "2.10",
 * "34.11" > "34.2", "4.5" == "4.5.0"); text before the first digit ("V")
 * is skipped, and comparison stops at the first character after a
 * component that is not '.'.  Returns -1, 0, 1, or 2 when either holds no
 * number.  Only xpfast.c's native otl:version-cmp calls it now (the XPath
 * function is the "versions" checker module's, checkers/versions.c, which
 * has its own copy): delete it together with xpfast.c. */
int otl_vercmp(const char *a, const char *b)
{
    while (*a && !(*a >= '0' && *a <= '9'))
        a++;
    while (*b && !(*b >= '0' && *b <= '9'))
        b++;
    if (!*a || !*b)
        return 2;
    for (;;) {
        const char *ea, *eb;
        size_t la, lb;
        int c;
        while (*a == '0' && a[1] >= '0' && a[1] <= '9')
            a++;
        while (*b == '0' && b[1] >= '0' && b[1] <= '9')
            b++;
        for (ea = a; *ea >= '0' && *ea <= '9'; ea++)
            ;
        for (eb = b; *eb >= '0' && *eb <= '9'; eb++)
            ;
        la = (size_t)(ea - a);
        lb = (size_t)(eb - b);
        /* missing component = 0 */
        if (la == 0 && lb == 0)
            return 0;
        if (la == 0)
            c = (lb == 1 && *b == '0') ? 0 : -1;
        else if (lb == 0)
            c = (la == 1 && *a == '0') ? 0 : 1;
        else if (la != lb)
            c = la < lb ? -1 : 1;
        else
            c = memcmp(a, b, la) < 0 ? -1 : memcmp(a, b, la) > 0;
        if (c != 0)
            return c;
        a = (*ea == '.' && ea[1] >= '0' && ea[1] <= '9') ? ea + 1 : ea + strlen(ea);
        b = (*eb == '.' && eb[1] >= '0' && eb[1] <= '9') ? eb + 1 : eb + strlen(eb);
    }
}

int otl_fn_register(xmlXPathContextPtr ctx)
{
    const xmlChar *ns = (const xmlChar *)OTL_FN_NS;

    if (xmlXPathRegisterNs(ctx, (const xmlChar *)"otl", ns) != 0 ||
        xmlXPathRegisterFuncNS(ctx, (const xmlChar *)"if", ns, fn_if) != 0)
        return -1;
    return 0;
}

int otl_fn_are_ours(xmlXPathContextPtr ctx)
{
    const xmlChar *ns = (const xmlChar *)OTL_FN_NS;
    const xmlChar *bound = xmlXPathNsLookup(ctx, (const xmlChar *)"otl");

    return bound != NULL && xmlStrEqual(bound, ns) &&
           xmlXPathFunctionLookupNS(ctx, (const xmlChar *)"if", ns) == fn_if &&
           xmlXPathFunctionLookupNS(ctx, (const xmlChar *)"version-cmp", ns) != NULL;
}
