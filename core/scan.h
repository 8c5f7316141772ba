/*
 * scan.h - the worker pool and the ordered hand-over (scan.c): -j workers
 * take files from the walk (walk.c) one at a time and run each through
 * read (read.c), sniff (sniff.c), parse (parse.c), check (analyse.c),
 * evaluate (evaluate.c), waivers (waiver.c) and roll-up (rollup.c); finished
 * files are handed over (opts->emit, to the writers) or land in
 * scan->files[i] in discovery order, so the output does not depend on -j.
 * docs/architecture.md has the whole picture.
 */
#ifndef OTL_SCAN_H
#define OTL_SCAN_H

#include <stddef.h>
#include "engine.h"
#include "loader.h"
#include "result.h"
#include "walk.h"
#include "parse.h"
#include "activity.h"

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
     * run. */
    void (*emit)(void *arg, struct otl_file *f);
    void *emit_arg;
    /* The inputs: workers take them from this walk one at a time, so
     * that nothing is held per file found. */
    struct otl_walk *walk;
    /* The name of standard input (the path "-") in reports: --stdin-name,
     * NULL for "<stdin>". */
    const char *stdin_name;
    /* --time-limit: wall-clock seconds a file may take (read, parse,
     * evaluate); 0 = none.  Over it the file's status is `limit`; a plugin
     * that does not stop is abandoned by the watchdog (scan.c). */
    double time_limit;
};

/* Run the whole scan: workers take the files from opts->walk (required)
 * and hand each finished file to opts->emit (required) in walk order, then
 * free it.  Each evaluated file gets the waivers of opts applied and, when
 * scan->catalog is set, its roll-up at scan->target_sl (the scan-wide
 * roll-up is the caller's).  0, or -1 with err filled. */
int otl_scan_run(struct otl_scan *scan, const struct otl_registry *reg,
                 const struct otl_selection *sel, const struct otl_scan_opts *opts, char *err,
                 size_t errlen);

/* An emit callback for a caller that needs every file at once (the
 * compliance matrix): each file is moved into `v`.  `oom` set: a file could
 * not be kept, and the set is incomplete. */
struct otl_kept {
    struct otl_file *v;
    size_t n, cap;
    int oom;
};
void otl_scan_keep(void *arg, struct otl_file *f);

/* How many worker threads the scans of this process abandoned (a file over
 * --time-limit whose plugin did not return).  When not 0, such a thread may
 * still run plugin code: the caller must not unload plugins or free what
 * they may use; it writes its reports and leaves (otl_exit_now). */
unsigned long otl_scan_abandoned(void);

#endif
