/*
 * xpathfn.h - otlint's own XPath functions (namespace urn:otlint:fn, prefix
 * "otl"), registered in every rule's context next to re:*.
 *
 *   otl:if(condition, then, else)  -> `then` when boolean(condition), else
 *                                     `else` (both are evaluated; XPath 1.0
 *                                     has no side effects)
 *   otl:version-cmp(a, b)          -> -1, 0 or 1 as version a is lower than,
 *                                     equal to or higher than b, compared
 *                                     per dotted number ("2.9" < "2.10",
 *                                     "V4.5" = "4.5.0"); NaN when either
 *                                     holds no number (so every comparison
 *                                     with it is false)
 */
#ifndef OTL_XPATHFN_H
#define OTL_XPATHFN_H

#include <libxml/xpath.h>

#define OTL_FN_NS "urn:otlint:fn"

int otl_fn_register(xmlXPathContextPtr ctx);

/* Does "otl" on ctx still mean these functions (no checker plugin rebound
 * the prefix or replaced one)?  xpfast.c evaluates them natively only then. */
int otl_fn_are_ours(xmlXPathContextPtr ctx);

/* otl:version-cmp's comparison: -1, 0, 1, or 2 when either holds no number. */
int otl_vercmp(const char *a, const char *b);

#endif
