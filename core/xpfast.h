/*
 * xpfast.h - native evaluation of the XPath subset most rules are written in
 * (xpfast.c): relative child paths over the device document, predicates of
 * attribute tests, counts and numbers, the profile's parameters, re:test,
 * re:match and otl:if.  Everything else stays with libxml2.
 */
#ifndef OTL_XPFAST_H
#define OTL_XPFAST_H

#include <libxml/tree.h>
#include <libxml/xpath.h>

struct otl_xpf;
struct otl_param;
struct otl_re_thread;

/* What an expression yields. */
enum otl_xpf_type { OTL_XPF_NODESET, OTL_XPF_BOOLEAN, OTL_XPF_STRING, OTL_XPF_NUMBER };

/* What an expression is compiled against: the parameters bound to its
 * variables (their values typed by otl_xpf_param()), and whether the
 * prefixes re: and otl: still name otlint's functions on the evaluator's
 * libxml2 context (otl_re_are_ours(), otl_fn_are_ours()). */
struct otl_xpf_env {
    const struct otl_param *params;
    size_t nparams;
    int re, otl;
};

/* A parameter value as the evaluator binds it: a number when strtod()
 * reads all of it, a boolean for "true" and "false", else a string (also
 * ""); *d the number, or 1 / 0. */
enum otl_xpf_type otl_xpf_param(const char *v, double *d);

/* Scratch space of one thread's evaluations (strings, node lists); reused
 * from call to call.  Zero-initialise; otl_xpf_scratch_free() at the end. */
struct otl_xpf_scratch {
    char *s;
    size_t slen, scap;
    xmlNodePtr *n;
    size_t nlen, ncap;
    /* Nodes one evaluation may visit; past it, OTL_XPF_FALLBACK (libxml2
     * then runs the expression under its own budget and says "limit").
     * 0: OTL_XPATH_OP_LIMIT. */
    unsigned long budget, ops;
    /* The thread's regex match state (re:test, re:match); NULL: libxml2
     * evaluates those. */
    struct otl_re_thread *re;
};

/* The fast form of `expr`, or NULL when it is outside the subset (or memory
 * ran out: the caller then evaluates with libxml2, which is never wrong).
 * env may be NULL: no variables, no re: or otl: functions. */
struct otl_xpf *otl_xpf_compile(const char *expr, const struct otl_xpf_env *env);
void otl_xpf_free(struct otl_xpf *x);
enum otl_xpf_type otl_xpf_type(const struct otl_xpf *x);

/* Results, as XPath 1.0 gives them at context node `node`. */
#define OTL_XPF_OOM (-1)
#define OTL_XPF_FALLBACK (-2) /* this document needs libxml2 after all */

/* boolean(expr): 0 or 1, or OTL_XPF_OOM / OTL_XPF_FALLBACK. */
int otl_xpf_bool(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc);

/* string(expr), for a string, number or boolean expression or a path
 * ending in an attribute step without '..': *s (*len bytes; in sc, valid
 * until its next use), 0; or OTL_XPF_OOM / OTL_XPF_FALLBACK (other
 * expressions too, and numbers libxml2 does not print as integers). */
int otl_xpf_string(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc,
                   const char **s, size_t *len);

/* A node-set expression (type OTL_XPF_NODESET): its nodes in document order,
 * as an XPath object for the caller to free; 0, or OTL_XPF_OOM /
 * OTL_XPF_FALLBACK with *out NULL. */
int otl_xpf_nodeset(const struct otl_xpf *x, xmlNodePtr node, struct otl_xpf_scratch *sc,
                    xmlXPathObjectPtr *out);

void otl_xpf_scratch_free(struct otl_xpf_scratch *sc);

#endif
