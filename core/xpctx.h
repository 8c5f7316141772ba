/*
 * xpctx.h - the XPath context rules are compiled and evaluated in
 * (xpctx.c): libxml2's evaluator with otlint's functions (re:, otl:), its
 * errors collected, and allocation failures libxml2 does not pass on.
 */
#ifndef OTL_XPCTX_H
#define OTL_XPCTX_H

#include <stddef.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

struct otl_re_thread;

/* Collects libxml2 XPath errors during a compile or an evaluation. */
struct otl_xperr {
    char msg[256];
    int set;
    int limit; /* an evaluation budget was hit: the input's cost, not the rule's fault */
};

/* The structured error handler that fills a struct otl_xperr (`arg`). */
void otl_xpath_error(void *arg, xmlErrorPtr e);

/* Allocation failures libxml2 did not pass on (util.h, otl_xml_oom_seen):
 * the thread's last error, and the XPath context's own (xp may be NULL). */
void otl_xpctx_oom_clear(xmlXPathContextPtr xp);
int otl_xpctx_oom_seen(const xmlXPathContext *xp);

/* A context with everything a rule may use (re:, otl:), errors into xe;
 * NULL out of memory. */
xmlXPathContextPtr otl_xpctx_new(struct otl_re_thread *re, struct otl_xperr *xe);

/* Compile `expr` to check it; 0 ok, -1 with err filled. */
int otl_xpctx_check(xmlXPathContextPtr ctx, struct otl_xperr *xe, const char *expr, char *err,
                    size_t errlen);

#endif
