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
 * U+009F, which some terminals obey as CSI etc.) become \u00NN, and so do
 * invisible format characters (bidi overrides, embeddings, isolates and
 * marks U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C; zero-width
 * U+200B..U+200D, U+2060..U+2064, U+FEFF, U+FFF9..U+FFFB and the rest of
 * category Cf; U+2028, U+2029): \uNNNN, or \UNNNNNNNN above U+FFFF.
 * s NULL is "".  Caller frees; NULL on ENOMEM. */
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

/* Standard output at the end of every command (main.c): flushed, its
 * error flag checked, closed (a close can fail too, on NFS say).  After
 * it, nothing may be written to stdout.  0, or -1 with errno set (EIO when
 * the stream did not say): /dev/full, a full disk, a closed pipe. */
int otl_stdout_close(void);

struct otl_scan;
struct otl_file;

/* A report writer in steps, so that the scan can hand each file over as
 * soon as it is done and free it: memory stays flat in the number of files
 * (docs/benchmark.md).  `begin` makes the writer's state and writes what
 * does not depend on the files; `file` takes the files in order; `end`
 * writes the rest (summaries read `scan`, which is complete by then) and
 * frees the state; `discard` frees it after a failure.  Each returns 0, or
 * -1 with errno set.  `scan` must outlive the state. */
struct otl_writer {
    int (*begin)(void **st, FILE *out, const struct otl_scan *scan, int color, int quiet);
    int (*file)(void *st, const struct otl_file *f);
    int (*end)(void *st);
    void (*discard)(void *st);
};

extern const struct otl_writer otl_writer_text, otl_writer_json, otl_writer_sarif,
    otl_writer_junit;

/* All steps at once, over scan->files: the whole-scan otl_write_* calls. */
int otl_write_whole(const struct otl_writer *w, FILE *out, const struct otl_scan *scan, int color,
                    int quiet);

/* An unnamed temporary file in $TMPDIR (else /tmp), gone when closed; NULL
 * with errno set. */
FILE *otl_tmpfile(void);

/* Report parts whose head needs totals (JSON summary, JUnit counts, SARIF
 * invocation) cannot be written before the last file.  Their per-file part
 * goes to a spill file instead of memory, and is copied into place at the
 * end. */
struct otl_spill {
    FILE *tmp;
    size_t n; /* elements written */
};

/* 0, or -1 with errno set. */
int otl_spill_open(struct otl_spill *s);

/* What the state of each spilling writer starts with. */
struct otl_spilled {
    FILE *out;
    const struct otl_scan *scan;
    struct otl_spill spill;
};

/* calloc(size) for a writer state that starts with struct otl_spilled,
 * which is filled in and its spill opened; NULL with errno set. */
void *otl_spilled_new(size_t size, FILE *out, const struct otl_scan *scan);
void otl_spill_close(struct otl_spill *s);

/* Append one JSON array element, dumped as otl_json_dump would (`flags`
 * added), to be indented when spliced.  0, or -1 with errno set. */
int otl_spill_json(struct otl_spill *s, const json_t *item, size_t flags);

/* otl_json_dump of `root`, except that the array `hole` (somewhere inside
 * root, empty) is written with the elements of `s` instead: byte for byte
 * what otl_json_dump would give had they been appended to it. */
int otl_json_dump_spliced(FILE *out, const json_t *root, const json_t *hole, struct otl_spill *s,
                          size_t flags);

/* Copy the bytes of `s` to `out` as they are (XML parts).  0, or -1 with
 * errno set. */
int otl_spill_copy(FILE *out, struct otl_spill *s);

#endif
