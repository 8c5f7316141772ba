/*
 * plugin-util.h - helpers for format plugins, linked statically into each
 * plugin (libotlplug.la).  Nothing here is exported from a plugin.
 *
 * Names: otlp_*.  All text passed in is arbitrary config bytes; the
 * attribute setters make it valid XML (UTF-8, no control characters).
 */
#ifndef OTL_PLUGIN_UTIL_H
#define OTL_PLUGIN_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include "otlint.h"

/* A line of a text config.  `s` points into the input buffer (borrowed, valid
 * as long as the input); `len` excludes the line terminator (\n, \r\n or \r). */
struct otlp_line {
    const char *s;
    size_t len;
    unsigned long no; /* 1-based */
};

struct otlp_reader {
    const unsigned char *p, *end;
    unsigned long no;
};

void otlp_reader_init(struct otlp_reader *r, const struct otl_input *in);
/* Next line; returns 0 at end of input, 1 otherwise. */
int otlp_next_line(struct otlp_reader *r, struct otlp_line *out);

/* New fact element <name> appended to dd->facts, line recorded.  NULL on OOM. */
xmlNodePtr otlp_fact(struct otl_devdoc *dd, const char *name, unsigned long line);

/* Attribute setters.  Bytes that are not valid UTF-8 or are control
 * characters are replaced by '?'.  Return 0, -1 on OOM. */
int otlp_set(xmlNodePtr n, const char *attr, const char *val);
int otlp_setn(xmlNodePtr n, const char *attr, const char *val, size_t len);
int otlp_setf(xmlNodePtr n, const char *attr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
int otlp_setb(xmlNodePtr n, const char *attr, int b);

/* New child element `name` of `parent` with attribute text=`text` (sanitised). */
xmlNodePtr otlp_child_text(xmlNodePtr parent, const char *name, unsigned long line,
                           const char *text, size_t len);

/* Case-insensitive: is `s` a well-known vendor default or trivial secret
 * ("cisco", "admin", "public", "private", "password", ...)?  Compared in
 * full, not as a substring. */
int otlp_known_default_secret(const char *s, size_t len);

/* Copy sanitised text (see above) into a fresh NUL-terminated malloc'd
 * buffer.  Caller frees.  NULL on OOM. */
char *otlp_sanitize(const char *s, size_t len);

#endif
