/*
 * write-util.h - helpers the report writers share (internal to the core).
 *
 * Config text is arbitrary bytes: these turn it into what a terminal line or
 * a JSON string can carry, in one place, so every writer does it the same way.
 */
#ifndef OTL_WRITE_UTIL_H
#define OTL_WRITE_UTIL_H

#include <stdio.h>
#include <jansson.h>

/* Untrusted text made fit for one line of a terminal: ill-formed UTF-8
 * becomes U+FFFD, C0 controls and DEL become \xNN, C1 controls (U+0080..
 * U+009F, which some terminals obey as CSI etc.) become \u00NN.  s NULL is
 * "".  Caller frees; NULL on ENOMEM. */
char *otl_text_safe(const char *s);

/* Print otl_text_safe(s) (nothing for NULL).  0, or -1 on ENOMEM. */
int otl_text_put(FILE *out, const char *s);

/* A JSON string for `s` (ill-formed UTF-8 replaced), JSON null for NULL;
 * NULL on ENOMEM. */
json_t *otl_jstr(const char *s);

/* Dump `root` with JSON_INDENT(2) | JSON_PRESERVE_ORDER | `flags`, a final
 * newline, and flush.  0, or -1 with errno set (EIO when the stream did not
 * say). */
int otl_json_dump(FILE *out, const json_t *root, size_t flags);

/* Flush `out` and check its error flag: 0, or -1 with errno set (EIO when
 * the stream did not say). */
int otl_flush(FILE *out);

#endif
