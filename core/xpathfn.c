/* xpathfn.c - see xpathfn.h. */
#include <config.h>
#include "xpathfn.h"

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

int otl_fn_register(xmlXPathContextPtr ctx)
{
    const xmlChar *ns = (const xmlChar *)OTL_FN_NS;

    if (xmlXPathRegisterNs(ctx, (const xmlChar *)"otl", ns) != 0 ||
        xmlXPathRegisterFuncNS(ctx, (const xmlChar *)"if", ns, fn_if) != 0)
        return -1;
    return 0;
}
