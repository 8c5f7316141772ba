/* xpctx.c - see xpctx.h. */
#include <config.h>
#include "xpctx.h"

#include <stdio.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "regex.h"
#include "util.h"
#include "xpathfn.h"

void otl_xpath_error(void *arg, xmlErrorPtr e)
{
    struct otl_xperr *x = arg;

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

void otl_xpctx_oom_clear(xmlXPathContextPtr xp)
{
    otl_xml_oom_clear();
    if (xp != NULL)
        xmlResetError(&xp->lastError);
}

int otl_xpctx_oom_seen(const xmlXPathContext *xp)
{
    return otl_xml_oom_seen() ||
           (xp != NULL && (xp->lastError.code == XML_ERR_NO_MEMORY ||
                           xp->lastError.code == XML_XPATH_MEMORY_ERROR));
}

xmlXPathContextPtr otl_xpctx_new(struct otl_re_thread *re, struct otl_xperr *xe)
{
    xmlXPathContextPtr ctx;

    /* xmlXPathNewContext() returns a context without count() when it could
     * not register it, xmlXPathRegisterNs() a prefix without its URI: see
     * otl_xpctx_oom_seen(). */
    otl_xpctx_oom_clear(NULL);
    ctx = xmlXPathNewContext(NULL);
    if (ctx == NULL)
        return NULL;
    /* No xmlXPathContextSetCache(): it saves time (docs/benchmark.md), but
     * libxml2 2.9.14 then loses allocation failures (wrong results without
     * an error) and crashes on one (tests/oom/oom-scan, cisco-ios). */
    if (otl_xpctx_oom_seen(ctx) || otl_re_register(ctx, re) != 0 || otl_fn_register(ctx) != 0 ||
        otl_xpctx_oom_seen(ctx)) {
        xmlXPathFreeContext(ctx);
        return NULL;
    }
    ctx->error = otl_xpath_error;
    ctx->userData = xe;
    return ctx;
}

int otl_xpctx_check(xmlXPathContextPtr ctx, struct otl_xperr *xe, const char *expr, char *err,
                    size_t errlen)
{
    xmlXPathCompExprPtr c;

    xe->set = 0;
    xmlSetStructuredErrorFunc(xe, otl_xpath_error);
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
