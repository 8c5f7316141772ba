/* util.h - small helpers of the core: the error convention, growable
 * strings and arrays, hashing. */
#ifndef OTL_UTIL_H
#define OTL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>
#include <stdint.h>

/* ------------------------------------------------------------- errors
 *
 * One error callback for the whole core.  Every loader (requirement
 * catalogs, baselines, profiles, waivers: catalog.h, engine.h, waiver.h;
 * plugins and checkers: loader.h) and every XML parse (xmlsafe.h) reports
 * through it, one call per error: `level` is an enum otl_diag_level
 * (otlint.h: note, warning, error), `file` the file concerned (the data
 * file, the plugin refused, the XML document; NULL when none), `line` its
 * line (0 = unknown or whole file), `msg` one line of text without the file
 * or line.  A NULL otl_errfn is allowed wherever one is taken: the errors
 * are still counted, only not said. */
typedef void (*otl_errfn)(void *arg, int level, const char *file, unsigned long line,
                          const char *msg);

/* Return codes of the core.  Functions say which of these they use:
 *  - OTL_OK (0) success; OTL_FAIL (-1) failure: out of memory, or a
 *    failure the function's comment names (refused, invalid), which was
 *    then reported through its otl_errfn when it takes one;
 *  - OTL_REPORTED (1) for the load helpers that return "0, -1 out of
 *    memory, 1 error already reported through the errfn" (rules.c): the
 *    caller counts it and goes on with the next element;
 *  - loaders of whole files and directories (otl_catalog_load,
 *    otl_ruleset_load_*, otl_waivers_load, otl_load_path) return the
 *    number of errors reported, 0 = loaded. */
enum otl_rc {
    OTL_OK = 0,
    OTL_FAIL = -1,
    OTL_REPORTED = 1
};

/* A growable string with a hard maximum; appends past `max` are dropped and
 * set `truncated`.  `s` is always NUL-terminated once anything was appended,
 * or NULL.  Owned by the caller: otl_sb_free() or take `s`. */
struct otl_sb {
    char *s;
    size_t len, cap, max;
    int truncated;
    int oom;
};

void otl_sb_init(struct otl_sb *b, size_t max);
void otl_sb_add(struct otl_sb *b, const char *s, size_t n);
void otl_sb_adds(struct otl_sb *b, const char *s);
void otl_sb_addf(struct otl_sb *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Returns the string (caller frees), "" if empty, NULL on OOM. */
char *otl_sb_take(struct otl_sb *b);
void otl_sb_free(struct otl_sb *b);

/* The one growable array of the core (as curl's dynbuf is its one growable
 * buffer; otl_sb above is the one growable string).  Makes room for `need`
 * elements of `elsize` bytes in the array whose address is `vp` (a `T **`,
 * passed as `&v`) and whose capacity, in elements, is *cap: when need > *cap
 * the capacity doubles, starting from `first` (or 1), until it holds `need`,
 * and the array is reallocated.  Returns OTL_OK, or OTL_FAIL (errno
 * ENOMEM) when the size overflows or realloc fails; then *vp and *cap are
 * unchanged, so the elements already there stay valid and owned by the
 * caller.  A *cap lower than the real allocation is safe (the array is only
 * ever enlarged); one higher than it is a bug: reset the capacity wherever
 * the array is freed. */
int otl_grow(void *vp, size_t *cap, size_t need, size_t elsize, size_t first);

/* strdup that returns NULL for NULL. */
char *otl_strdup(const char *s);
/* malloc'd printf. NULL on OOM. */
char *otl_asprintf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* 128-bit FNV-1a (two 64-bit lanes with different bases) as 32 hex chars.
 * Not cryptographic: fingerprints only need stability. */
struct otl_hash {
    uint64_t a, b;
};
void otl_hash_init(struct otl_hash *h);
void otl_hash_add(struct otl_hash *h, const void *p, size_t n);
void otl_hash_hex(const struct otl_hash *h, char out[33]);

/* The entries of `dir` whose name `keep` accepts (never "." or ".."), as
 * "dir/name" paths sorted by strcmp, or with `suffix` appended to each path
 * when not NULL.  *out is a malloc'd array of malloc'd strings, freed with
 * otl_free_list().  Returns 0, or -1 with errno (opendir failure, ENOMEM). */
int otl_list_dir(const char *dir, int (*keep)(const char *name), const char *suffix, char ***out,
                 size_t *n);
void otl_free_list(char **v, size_t n);

/* Every file otlint reads by name (inputs, baselines, profiles, waivers,
 * catalogs) is opened here, and only when it is a regular file: a FIFO, a
 * device, a socket (or /dev/stdin naming one) would block or never end.
 * stat first (a device is not even opened), then open with O_NONBLOCK
 * (a FIFO swapped in meanwhile does not block the open), fstat the
 * descriptor, and clear O_NONBLOCK.  The descriptor (O_CLOEXEC; *st its
 * fstat), -1 with errno set when it cannot be opened, or
 * OTL_NOT_REGULAR when it is no regular file (nothing left open). */
#define OTL_NOT_REGULAR (-2)
int otl_open_regular(const char *path, struct stat *st);

/* Parse a decimal unsigned number fully; 0 ok, -1 bad/overflow. */
int otl_parse_ulong(const char *s, unsigned long *out);

/* Errors while loading a data file (requirement catalog, baseline, profile,
 * waivers): counted, and handed to `fn` as file:line (fn may be NULL). */
struct otl_loaderr {
    otl_errfn fn;
    void *arg;
    const char *file;
    int errors;
};

void otl_loaderr(struct otl_loaderr *le, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Load `path` with one(ctx, file, schema_dir, fn, arg), or every "*.xml"
 * (not hidden) of it, sorted, when it is a directory.  A path that cannot
 * be read, or with `need_one` a directory without any *.xml, is reported
 * through fn.  Returns the number of errors. */
typedef int (*otl_file_loader)(void *ctx, const char *file, const char *schema_dir, otl_errfn fn,
                               void *arg);
int otl_load_path(const char *path, otl_file_loader one, void *ctx, const char *schema_dir,
                  otl_errfn fn, void *arg, int need_one);

/* An otl_errfn for the XML parse of a data file, `arg` = its struct
 * otl_loaderr *: libxml2 errors count (reported under le->file), warnings
 * do not. */
void otl_loaderr_xml(void *arg, int level, const char *file, unsigned long line, const char *msg);

/* libxml2 2.9 does not pass every allocation failure on to its caller: some
 * functions return a result anyway (xmlSetProp an attribute without its
 * value, xmlNewNode a node without its name, the XPath compiler an
 * expression short of a name).  It does record each failure as the thread's
 * last error.  Work whose result must be exact clears it first and asks
 * afterwards whether an allocation failed meanwhile (tests/oom/oom-scan). */
void otl_xml_oom_clear(void);
int otl_xml_oom_seen(void);

#endif
