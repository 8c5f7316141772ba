/*
 * checker.c - a minimal checker module for the engine tests ("test-checker"):
 * registers t:twice(number) in namespace urn:otlint:test and, in analyse,
 * adds <derived by="test-checker"/> to the facts of every document.
 */
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "otlint.h"

#define NS "urn:otlint:test"

static void twice(xmlXPathParserContextPtr ctxt, int nargs)
{
    double d;

    if (nargs != 1) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    d = xmlXPathPopNumber(ctxt);
    valuePush(ctxt, xmlXPathNewFloat(2 * d));
}

static int reg(struct _xmlXPathContext *ctx)
{
    if (xmlXPathRegisterNs(ctx, (const xmlChar *)"t", (const xmlChar *)NS) != 0)
        return -1;
    return xmlXPathRegisterFuncNS(ctx, (const xmlChar *)"twice", (const xmlChar *)NS, twice);
}

static int analyse(const struct otl_host *host, struct otl_parse_ctx *ctx, struct otl_devdoc *dd)
{
    xmlNodePtr n = xmlNewChild(dd->facts, NULL, (const xmlChar *)"derived", NULL);

    (void)host;
    (void)ctx;
    if (n == NULL)
        return -1;
    xmlSetProp(n, (const xmlChar *)"by", (const xmlChar *)"test-checker");
    return 0;
}

__attribute__((visibility("default"))) const struct otl_checker otlint_checker = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_checker), "test-checker",
    "test checker: t:twice() and a derived fact", reg, analyse, 0, {NULL}};
