/*
 * ignore.h - what a directory walk leaves out on purpose (ignore.c;
 * docs/file-accounting.md): the built-in list of what is never a device
 * configuration, --exclude GLOB, and .otlintignore files in gitignore(5)
 * syntax.  Matching is fnmatch(3) per path segment, with `**` for any
 * number of segments.
 */
#ifndef OTL_IGNORE_H
#define OTL_IGNORE_H

#include <stddef.h>

/* Which rule ignored an entry.  Append only: the names are in the reports. */
enum otl_ignore_src {
    OTL_IGNORE_NONE = 0,
    OTL_IGNORE_BUILTIN,     /* the built-in list */
    OTL_IGNORE_EXCLUDE,     /* --exclude GLOB */
    OTL_IGNORE_OTLINTIGNORE, /* a .otlintignore file */
    OTL_IGNORE_SRC_COUNT
};

/* "built-in", "exclude", "otlintignore" (the JSON and SARIF keys). */
const char *otl_ignore_src_name(enum otl_ignore_src s);

/* One pattern line, compiled. */
struct otl_ignore_pat {
    char *glob;          /* without `!`, leading and trailing `/` */
    char *text;          /* the line as written (trailing blanks cut) */
    unsigned long line;  /* in its file (0: --exclude or built-in) */
    unsigned negate : 1; /* `!`: re-includes */
    unsigned dir_only : 1; /* trailing `/`: directories only */
    unsigned anchored : 1; /* a `/` before the end: relative to the file's directory */
};

/* The patterns of one source (a .otlintignore file, the --exclude list or
 * the built-in list), in order; the last one that matches decides. */
struct otl_ignore {
    struct otl_ignore_pat *v;
    size_t n, cap;
    int casefold; /* the built-in list: names compared without case */
};

/* Add one line of gitignore syntax (comments and blank lines add nothing).
 * 0, or -1 out of memory. */
int otl_ignore_add(struct otl_ignore *ig, const char *line, size_t len, unsigned long lineno);
/* Every line of `text` (a .otlintignore file's bytes).  0, -1 out of memory. */
int otl_ignore_parse(struct otl_ignore *ig, const char *text, size_t len);
void otl_ignore_free(struct otl_ignore *ig);

/* Does `ig` decide about `rel` (a path relative to the directory of the
 * source, '/'-separated, no leading '/'), a directory when `is_dir`?
 * 1 ignored, 0 re-included by a `!` pattern, -1 no pattern matched.
 * *which: the deciding pattern (NULL when none). */
int otl_ignore_match(const struct otl_ignore *ig, const char *rel, int is_dir,
                     const struct otl_ignore_pat **which);

/* One glob against a '/'-separated path: `*`, `?`, `[...]` and `\`
 * within a segment (fnmatch(3), FNM_PATHNAME), `**` as a whole segment for
 * zero or more segments (one or more at the end).  1 match, 0 none. */
int otl_glob_match(const char *glob, const char *path, int casefold);

/* The built-in list (docs/file-accounting.md): patterns in the same
 * syntax, NULL-terminated, compared without case. */
extern const char *const otl_ignore_builtin_list[];
/* `ig` (zeroed) filled with the built-in list.  0, or -1 out of memory. */
int otl_ignore_builtin(struct otl_ignore *ig);

#endif
