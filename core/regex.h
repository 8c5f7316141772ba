/*
 * regex.h - PCRE2 behind XPath: re:test, re:match, re:replace.
 *
 * Compiled patterns live in one process-wide cache (mutex-protected, shared
 * read-only by all threads once compiled; JIT where the CPU allows).  Match
 * data, match context and JIT stack are per evaluator thread (struct
 * otl_re_thread), so matching itself takes no lock.
 */
#ifndef OTL_REGEX_H
#define OTL_REGEX_H

#include <libxml/xpath.h>

#define OTL_RE_NS "urn:otlint:re"

struct otl_re_thread; /* per-thread match state */

/* Create/destroy the per-thread state.  NULL on OOM. */
struct otl_re_thread *otl_re_thread_new(void);
void otl_re_thread_free(struct otl_re_thread *t);

/* Register the functions and the "re" prefix on `ctx`; the functions find
 * their thread state through `t`, which must outlive ctx. 0 ok. */
int otl_re_register(xmlXPathContextPtr ctx, struct otl_re_thread *t);

/* The last error of a function on this thread (NULL if none); cleared by
 * otl_re_clear_error().  Borrowed. */
const char *otl_re_last_error(const struct otl_re_thread *t);
void otl_re_clear_error(struct otl_re_thread *t);
/* Was the last error a match or depth limit (an input too costly to match,
 * not a broken rule)? */
int otl_re_last_error_is_limit(const struct otl_re_thread *t);

/* Compile (or find) a pattern; for tests and for validating rules at load.
 * Returns 0, or -1 with a message in err. */
int otl_re_check(const char *pattern, const char *flags, char *err, size_t errlen);

/* Free the shared cache (at exit). */
void otl_re_cache_free(void);

#endif
