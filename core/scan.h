/*
 * scan.h - from paths to results: discover, read, sniff, parse, evaluate.
 *
 * Each input file is one unit of work; -j workers take units in order from a
 * shared counter.  Results are handed over (opts->emit) or land in
 * scan->files[i] in discovery order, so the output does not depend on -j.
 */
#ifndef OTL_SCAN_H
#define OTL_SCAN_H

#include <stddef.h>
#include "engine.h"
#include "loader.h"
#include "result.h"

struct otl_waivers;

struct otl_scan_opts {
    unsigned jobs;            /* worker threads, >= 1 */
    const char *force_format; /* --format, or NULL */
    size_t max_file_size;     /* bytes */
    struct otl_waivers *waivers; /* applied to each file after evaluation; NULL = none */
    /* Called with each file once it is finished, in input order, one call
     * at a time (from whichever worker finishes the file the order waits
     * for), so that the caller can write it; the scan frees it when the
     * call returns.  Only a window of files is in memory at a time (memory
     * flat in the number of files), and scan->files is empty after the
     * run.  NULL: every file stays, in scan->files. */
    void (*emit)(void *arg, struct otl_file *f);
    void *emit_arg;
    /* With emit: the inputs come from this walk, one at a time as workers
     * take them (otl_scan_run's inputs are then not read), so that nothing
     * is held per file found.  NULL: the inputs array. */
    struct otl_walk *walk;
};

/* One file named on the command line or found in a directory.  `explicit`:
 * named on the command line (an unrecognised explicit file is an input
 * error; one found while walking a directory is reported, not an error). */
struct otl_input_file {
    char *path;
    int explicit_;
};

/* A walk over `paths` (files or directories, recursively; VCS folders
 * skipped; symbolic links inside directories not followed; each directory
 * sorted, depth first), one file at a time.  It keeps the entries of the
 * directories it is in, never the files it has handed over.  Problems are
 * kept as pseudo-files with status unreadable.  `paths` is borrowed. */
struct otl_walk;
struct otl_walk *otl_walk_new(char *const *paths, size_t npaths); /* NULL: OOM */
/* 1 with the next file (*path malloc'd, the caller's; *explicit_ when named
 * on the command line), 0 at the end, -1 out of memory. */
int otl_walk_next(struct otl_walk *w, char **path, int *explicit_);
/* The problems so far, taken over by the caller (otl_file_clear, free). */
void otl_walk_errors(struct otl_walk *w, struct otl_file **errs, size_t *nerrs);
void otl_walk_free(struct otl_walk *w);
/* At most how many files a walk not yet begun will hand over: the number
 * of paths when none is a directory, else SIZE_MAX (not known before the
 * walk).  A scan starts no more workers than that. */
size_t otl_walk_bound(const struct otl_walk *w);
/* Files and problems a walk of `paths` finds (the progress total). */
size_t otl_walk_count(char *const *paths, size_t npaths);

/* The whole walk in an array (out, taken over: otl_inputs_free), problems
 * in `errs`.  Returns 0, -1 on OOM. */
int otl_discover(char *const *paths, size_t npaths, struct otl_input_file **out, size_t *nout,
                 struct otl_file **errs, size_t *nerrs);
void otl_inputs_free(struct otl_input_file *v, size_t n);

/* Parse one file into a device document (for `otlint show` and the scan).
 * Fills f (path, format, status, diags, coverage).  On success *dd owns the
 * document (xmlFreeDoc(dd->doc)); on failure dd->doc is NULL.  `recs`: NULL
 * for a complete raw tree; else a text plugin may put its raw statements
 * there as records instead of elements (reset first; only when nothing will
 * read the raw elements: otl_evaluator_reads_raw, no checker module). */
int otl_parse_file(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                   const char *path, struct otl_file *f, struct otl_devdoc *dd,
                   struct otl_rawrecs *recs);

/* The same for bytes already in memory (the fuzz harnesses; otl_parse_file
 * after reading the file).  `map`/`maplen`: the read-only file mapping that
 * holds `data` (the streaming XML reader releases its pages as it goes), or
 * NULL when `data` is ordinary memory. */
int otl_parse_memory(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                     const char *path, const unsigned char *data, size_t len,
                     const unsigned char *map, size_t maplen, struct otl_file *f,
                     struct otl_devdoc *dd, struct otl_rawrecs *recs);

/* What a thread is doing inside plugin code, for the crash report of
 * main.c: a plugin that crashes takes the whole process down (there is no
 * per-file isolation; see docs/hostile-input.md), and the report must name
 * the plugin, the stage and the file.  Set by the scan around every sniff,
 * parse and analyse call; all NULL outside them.  Read from a signal
 * handler: plain pointers to strings that outlive the call. */
struct otl_activity {
    const char *plugin; /* format or checker name */
    const char *file;   /* plugin path (.so) or NULL when linked in */
    const char *stage;  /* "sniff", "parse", "analyse" */
    const char *input;  /* the input file */
};
const struct otl_activity *otl_activity_current(void);

/* Run the whole scan: scan->files gets one entry per input, in order (or,
 * with opts->emit, each is handed over and freed instead).  Each
 * evaluated file gets the waivers of opts applied and, when scan->catalog is
 * set, its roll-up at scan->target_sl (the scan-wide roll-up is the
 * caller's: otl_rollup_scan). */
int otl_scan_run(struct otl_scan *scan, const struct otl_input_file *inputs, size_t ninputs,
                 const struct otl_registry *reg, const struct otl_selection *sel,
                 const struct otl_scan_opts *opts, char *err, size_t errlen);

#endif
