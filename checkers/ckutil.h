/*
 * ckutil.h - small helpers shared by the checker modules (static inline:
 * a checker links nothing of the core and exports only otlint_checker).
 */
#ifndef OTL_CKUTIL_H
#define OTL_CKUTIL_H

#include <string.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include "otlint.h"

/* The namespace of otlint's own XPath functions (prefix "otl"). */
#define CK_FN_NS "urn:otlint:fn"

/* An attribute's value as stored (no copy), or NULL when it is absent or
 * not one plain text node. */
static inline const char *ck_get(const xmlNode *n, const char *name)
{
    const xmlAttr *a;

    for (a = n->properties; a != NULL; a = a->next)
        if (a->ns == NULL && strcmp((const char *)a->name, name) == 0) {
            const xmlNode *t = a->children;
            if (t == NULL)
                return "";
            if (t->type != XML_TEXT_NODE || t->next != NULL || t->content == NULL)
                return NULL;
            return (const char *)t->content;
        }
    return NULL;
}

static inline int ck_set(xmlNodePtr n, const char *name, const char *val)
{
    return xmlSetProp(n, (const xmlChar *)name, (const xmlChar *)val) == NULL ? -1 : 0;
}

/* Derived facts go in a <derived> child of the fact, not on the fact
 * itself: a fact's own attributes are what a finding on a defaulted fact
 * (line 0) shows as evidence, and that must not change with the checkers
 * loaded.  Set n/derived/@name, creating <derived> as n's first child. */
static inline int ck_derive(xmlNodePtr n, const char *name, const char *val)
{
    xmlNodePtr d = n->children;

    if (d == NULL || d->type != XML_ELEMENT_NODE || strcmp((const char *)d->name, "derived") != 0) {
        d = xmlNewDocNode(n->doc, NULL, (const xmlChar *)"derived", NULL);
        if (d == NULL)
            return -1;
        if ((n->children == NULL ? xmlAddChild(n, d) : xmlAddPrevSibling(n->children, d)) == NULL) {
            xmlFreeNode(d);
            return -1;
        }
    }
    return ck_set(d, name, val);
}

static inline int ck_is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Register fn as otl:NAME (binding the prefix "otl" to CK_FN_NS too). */
static inline int ck_register(xmlXPathContextPtr ctx, const char *name, xmlXPathFunction fn)
{
    const xmlChar *ns = (const xmlChar *)CK_FN_NS;

    if (xmlXPathRegisterNs(ctx, (const xmlChar *)"otl", ns) != 0)
        return -1;
    return xmlXPathRegisterFuncNS(ctx, (const xmlChar *)name, ns, fn) != 0 ? -1 : 0;
}

/* Pop nargs (1..3) strings, last argument last; 0, or -1 after an XPath
 * error was raised (arity, memory). */
static inline int ck_pop_strings(xmlXPathParserContextPtr ctxt, int nargs, int min, int max,
                                 xmlChar **v)
{
    int i, bad = 0;

    if (nargs < min || nargs > max) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return -1;
    }
    for (i = nargs - 1; i >= 0; i--)
        if ((v[i] = xmlXPathPopString(ctxt)) == NULL)
            bad = 1;
    if (bad) {
        for (i = 0; i < nargs; i++)
            xmlFree(v[i]);
        xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
        return -1;
    }
    return 0;
}

/* Push a string result (copied); raises a memory error when it cannot. */
static inline void ck_push_string(xmlXPathParserContextPtr ctxt, const char *s)
{
    xmlXPathObjectPtr o = xmlXPathNewString((const xmlChar *)s);

    if (o == NULL) {
        xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
        return;
    }
    valuePush(ctxt, o);
}

#endif
