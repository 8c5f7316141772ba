/*
 * xpathfn.h - otlint's own XPath functions (namespace urn:otlint:fn, prefix
 * "otl"), registered in every rule's context next to re:*.
 *
 *   otl:if(condition, then, else)  -> `then` when boolean(condition), else
 *                                     `else` (both are evaluated; XPath 1.0
 *                                     has no side effects)
 *
 * The other otl: functions come from checker modules (checkers/README.md),
 * registered by their register_xpath in the same namespace: version-cmp
 * (checkers/versions.c), secret-kind, secret-strength (checkers/secrets.c),
 * cidr-contains, addr-class (checkers/addresses.c).
 */
#ifndef OTL_XPATHFN_H
#define OTL_XPATHFN_H

#include <libxml/xpath.h>

#define OTL_FN_NS "urn:otlint:fn"

int otl_fn_register(xmlXPathContextPtr ctx);

#endif
