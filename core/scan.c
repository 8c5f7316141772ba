/* scan.c - see scan.h: the worker pool and the ordered hand-over. */
#include <config.h>
#include "scan.h"
#include "rollup.h"
#include "waiver.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "activity.h"
#include "limits.h"
#include "util.h"
#include "xmlsafe.h"

struct job {
    struct otl_scan *scan;
    struct otl_walk *walk; /* the inputs, one at a time */
    size_t ninputs;        /* SIZE_MAX until the walk ends (lock) */
    const struct otl_registry *reg;
    const struct otl_selection *sel;
    const struct otl_scan_opts *opts;
    pthread_mutex_t lock;
    size_t next; /* the next input to take (lock) */
    char err[256];
    int failed;
    /* In-order hand-over to opts->emit (all under lock): done[i % nslots]
     * (SLOT_*, below) is SLOT_DONE once file i is finished, SLOT_EMITTED
     * once it is handed over; files before `emitted` were handed over;
     * `emitting` while one worker is handing over.  Workers stay within
     * `window` files of `emitted`, so that finished files waiting for a
     * slow one before them cannot pile up without bound.
     *
     * A handed-over file is cleared by the worker that made it, before it
     * takes its next file, not by the one that happened to hand it over:
     * memory is freed by the thread that allocated it, which keeps each
     * worker's heap (glibc's per-thread caches and arenas) from drifting
     * into the other's and growing with the number of files.  occ[s] is
     * the input in slot s; a worker that needs a slot still holding a
     * handed-over file clears it itself. */
    pthread_cond_t room;
    unsigned char *done;
    size_t *occ;
    size_t emitted, window;
    int emitting;
    /* scan->files: a ring of `nslots` (= the window): input i is in slot
     * i % nslots, which is cleared once the file is handed over. */
    size_t nslots;
    /* The watchdog (otl_scan_run's thread, see watch()): the workers, all
     * that were started (lock); `live` of them neither ended nor
     * abandoned; `watch` wakes the watchdog when one ends. */
    struct wk **wk;
    size_t nwk, capwk;
    unsigned live;
    pthread_cond_t watch;
    double limit, grace; /* --time-limit and the grace after it, seconds */
};

/* A worker thread, as the watchdog sees it (all under the job's lock). */
struct wk {
    struct job *j;
    pthread_t tid;
    int busy;      /* working on file i, taken at `start`, path `path` */
    size_t i;
    double start;
    char *path;
    int abandoned; /* its file was given up: it must leave as soon as it returns */
    int ended;
};

/* Threads abandoned by any scan of the process (otl_scan_abandoned). */
static unsigned long nabandoned;

enum { SLOT_OPEN = 0, SLOT_DONE, SLOT_EMITTED, SLOT_CLEARING };

static struct otl_file *slot(struct job *j, size_t i)
{
    return &j->scan->files[i % j->nslots];
}

/* The next input for a worker: 1 with its number, its path (malloc'd, the
 * worker's) and whether it was named on the command line; 0 when there is
 * none.  *stale: its slot still holds
 * a handed-over file, which the caller clears first. */
static double mono_s(void);

static int take(struct job *j, struct wk *w, size_t *i, char **path, int *explicit_,
                struct otl_walk_why *why, int *stale)
{
    int got = 0;

    *path = NULL;
    memset(why, 0, sizeof *why);
    *stale = 0;
    pthread_mutex_lock(&j->lock);
    while (j->next < j->ninputs &&
           (j->next >= j->emitted + j->window || j->done[j->next % j->nslots] == SLOT_CLEARING))
        pthread_cond_wait(&j->room, &j->lock);
    if (j->next < j->ninputs) {
        int rc = otl_walk_next(j->walk, path, explicit_, why);
        if (rc == 1) {
            *i = j->next++;
            got = 1;
        } else {
            /* the end: every worker waiting for room can stop */
            j->ninputs = j->next;
            if (rc < 0 && !j->failed) {
                snprintf(j->err, sizeof j->err, "out of memory while looking for input files");
                j->failed = 1;
            }
            pthread_cond_broadcast(&j->room);
        }
    }
    if (got) {
        size_t s = *i % j->nslots;
        *stale = j->done[s] == SLOT_EMITTED;
        j->done[s] = SLOT_OPEN;
        j->occ[s] = *i;
        /* for the watchdog: a copy, the path is the worker's */
        free(w->path);
        w->path = *path != NULL ? strdup(*path) : NULL;
        w->i = *i;
        w->start = mono_s();
        w->busy = 1;
    }
    pthread_mutex_unlock(&j->lock);
    return got;
}

/* Clear the handed-over files this worker made (mine[], *nmine of them):
 * those still waiting to be handed over stay on the list. */
static void reclaim(struct job *j, size_t *mine, size_t *nmine, size_t *clr)
{
    size_t a, keep = 0, nclr = 0;

    if (*nmine == 0)
        return;
    pthread_mutex_lock(&j->lock);
    for (a = 0; a < *nmine; a++) {
        size_t k = mine[a], s = k % j->nslots;
        if (j->occ[s] != k)
            continue; /* cleared and taken by another worker */
        if (j->done[s] == SLOT_EMITTED) {
            j->done[s] = SLOT_CLEARING;
            clr[nclr++] = k;
        } else {
            mine[keep++] = k;
        }
    }
    pthread_mutex_unlock(&j->lock);
    *nmine = keep;
    if (nclr == 0)
        return;
    for (a = 0; a < nclr; a++)
        otl_file_clear(slot(j, clr[a]));
    pthread_mutex_lock(&j->lock);
    for (a = 0; a < nclr; a++)
        j->done[clr[a] % j->nslots] = SLOT_OPEN;
    pthread_cond_broadcast(&j->room);
    pthread_mutex_unlock(&j->lock);
}

/* File i is finished: hand over every finished file from `emitted` on, in
 * order, unless another worker is at it (it will see this one too: it
 * checks done[] under the lock before it stops). */
static void finished(struct job *j, size_t i)
{
    pthread_mutex_lock(&j->lock);
    j->done[i % j->nslots] = SLOT_DONE;
    if (!j->emitting) {
        j->emitting = 1;
        while (j->emitted < j->ninputs && j->done[j->emitted % j->nslots] == SLOT_DONE) {
            size_t k = j->emitted;
            pthread_mutex_unlock(&j->lock);
            j->opts->emit(j->opts->emit_arg, slot(j, k));
            pthread_mutex_lock(&j->lock);
            /* Its maker clears it (reclaim); input k + nslots, which no
             * worker can take before `emitted` passes k, may then use
             * the slot. */
            j->done[k % j->nslots] = SLOT_EMITTED;
            j->emitted++;
            pthread_cond_broadcast(&j->room);
        }
        j->emitting = 0;
    }
    pthread_mutex_unlock(&j->lock);
}

/* An entry an ignore rule left out, or the rule a named file matched:
 * the rule goes with the file (taken over from `why`), and a note says it. */
static void note_ignore(struct otl_file *f, struct otl_walk_why *why, int explicit_)
{
    char rule[512];

    f->ignore_src = (int)why->src;
    f->ignore_pattern = why->pattern;
    f->ignore_source = why->source;
    f->ignore_line = why->line;
    why->pattern = why->source = NULL;
    otl_file_ignore_text(f, rule, sizeof rule);
    if (explicit_)
        otl_file_diag(f, OTL_DIAG_NOTE, 0,
                      "matches the ignore rule %s; read all the same: it is named on the command line",
                      rule);
    else
        otl_file_diag(f, OTL_DIAG_NOTE, 0, "%s ignored by the %s", why->is_dir ? "directory" : "file",
                      rule);
}

/* No rule reached a verdict (pass, fail, waived, error) on an evaluated
 * file: nothing in it is a security setting the profile checks.  Such a
 * file is "no security settings in this export", never a pass: its
 * requirement roll-up goes (it would read as met) and it counts for exit 3
 * (docs/file-accounting.md). */
static void judge_verdicts(struct otl_file *f)
{
    size_t na = 0, ne = 0, i;

    if (f->status != OTL_FILE_OK)
        return;
    for (i = 0; i < f->nresults; i++) {
        if (f->results[i].state == OTL_STATE_NOTAPPLICABLE)
            na++;
        else if (f->results[i].state == OTL_STATE_NOTEVALUABLE)
            ne++;
        else
            return;
    }
    f->status = OTL_FILE_NOSECURITY;
    otl_rollup_free(f->rollup);
    f->rollup = NULL;
    otl_file_diag(f, OTL_DIAG_ERROR, 0,
                  "no security settings in this export: none of the %zu rules run on it reached a "
                  "verdict (%zu not applicable, %zu not evaluable); nothing was checked",
                  f->nresults, na, ne);
}

/* Read, parse, evaluate, waive and roll up input i, `path` (taken over),
 * into its slot; an ignored entry is only recorded.  `recs`: the worker's
 * record store when its raw elements would be read by nothing, else NULL. */
static int abandoned(struct wk *w)
{
    int a;

    pthread_mutex_lock(&w->j->lock);
    a = w->abandoned;
    pthread_mutex_unlock(&w->j->lock);
    return a;
}

static void run_one_(struct job *j, struct wk *w, struct otl_evaluator *ev,
                     struct otl_rawrecs *recs, struct otl_rbuf *rb, struct otl_file *f, char *path,
                     int explicit_, struct otl_walk_why *why)
{
    struct otl_devdoc dd;
    unsigned classes;

    f->path = path;
    if (why->src != OTL_IGNORE_NONE) {
        note_ignore(f, why, explicit_);
        if (!explicit_) {
            f->status = OTL_FILE_IGNORED;
            f->device = otl_strdup(f->path);
            return;
        }
    }
    if (otl_parse_path(j->reg, j->opts, f->path, f, &dd, recs, rb) != 0) {
        if (f->device == NULL)
            f->device = otl_strdup(f->path);
        return;
    }
    if (abandoned(w)) { /* back from a plugin that overran: its slot is filled */
        xmlFreeDoc(dd.doc);
        return;
    }
    classes = otl_registry_find_format(j->reg, f->format)->format->classes;
    otl_evaluator_set_raw(ev, recs);
    if (otl_evaluate(ev, &dd, classes, f) != 0) {
        xmlFreeDoc(dd.doc);
        otl_file_out_of_memory(f, "while evaluating");
        return;
    }
    xmlFreeDoc(dd.doc);
    if (f->status == OTL_FILE_LIMIT || abandoned(w)) /* the time limit: not checked */
        return;
    otl_waivers_apply(j->opts->waivers, f);
    if (j->scan->catalog != NULL &&
        (f->rollup = otl_rollup_device(j->scan->catalog, f, j->scan->target_sl)) == NULL)
        otl_file_out_of_memory(f, "in the requirement roll-up");
    else if (f->oom) /* a diagnostic could not be kept */
        otl_file_out_of_memory(f, "while recording the result");
    else
        judge_verdicts(f);
}

static double mono_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* run_one_, timed (the file's `seconds`, JUnit's time attributes), on a
 * file of the worker's own, which goes into slot i when it is done, unless
 * the watchdog gave the file up first (then it is dropped and 1 returned:
 * the worker leaves). */
static int run_one(struct job *j, struct wk *w, struct otl_evaluator *ev,
                   struct otl_rawrecs *recs, struct otl_rbuf *rb, size_t i, char *path,
                   int explicit_, struct otl_walk_why *why)
{
    double t0 = mono_s();
    struct otl_file f;
    int gone;

    memset(&f, 0, sizeof f);
    f.coverage = -1;
    otl_deadline_start(j->limit);
    run_one_(j, w, ev, recs, rb, &f, path, explicit_, why);
    otl_deadline_start(0);
    f.seconds = mono_s() - t0;
    pthread_mutex_lock(&j->lock);
    gone = w->abandoned;
    if (!gone)
        *slot(j, i) = f;
    w->busy = 0;
    pthread_mutex_unlock(&j->lock);
    if (gone)
        otl_file_clear(&f);
    return gone;
}

/* A worker failed to start: the scan fails with `msg`. */
static void fail(struct job *j, const char *msg)
{
    pthread_mutex_lock(&j->lock);
    if (!j->failed)
        snprintf(j->err, sizeof j->err, "%s", msg);
    j->failed = 1;
    pthread_mutex_unlock(&j->lock);
}

/* The worker's loop over the files; 1 when it was abandoned. */
static int work(struct job *j, struct wk *w, struct otl_evaluator *ev, struct otl_rawrecs *recs,
                struct otl_rbuf *rb, size_t *mine)
{
    size_t nmine = 0;

    for (;;) {
        size_t i;
        char *path;
        int explicit_, stale;
        struct otl_walk_why why;

        reclaim(j, mine, &nmine, mine + j->nslots);
        if (!take(j, w, &i, &path, &explicit_, &why, &stale))
            return 0;
        if (stale) {
            otl_file_clear(slot(j, i));
            /* published before the watchdog may fill the slot */
            pthread_mutex_lock(&j->lock);
            pthread_mutex_unlock(&j->lock);
        }
        if (run_one(j, w, ev, recs, rb, i, path, explicit_, &why)) {
            otl_walk_why_clear(&why);
            return 1;
        }
        otl_walk_why_clear(&why);
        mine[nmine++] = i;
        finished(j, i);
    }
}

static void *worker(void *arg)
{
    struct wk *w = arg;
    struct job *j = w->j;
    char err[256];
    struct otl_evaluator *ev;
    struct otl_rawrecs recs;
    struct otl_rbuf rb = {NULL, 0};
    size_t *mine = NULL;
    void *altstack = otl_thread_altstack(); /* a stack overflow gets its report */
    int gone = 0;

    otl_xml_thread_init();
    memset(&recs, 0, sizeof recs);
    ev = otl_evaluator_new(j->sel, j->reg, err, sizeof err);
    /* the files it made and has not cleared: at most one per slot */
    if (ev != NULL && (mine = malloc(2 * j->nslots * sizeof *mine)) == NULL)
        snprintf(err, sizeof err, "out of memory");
    if (ev == NULL || mine == NULL)
        fail(j, err);
    else /* raw statements as records when nothing reads the raw elements */
        gone = work(j, w, ev, otl_evaluator_reads_raw(ev) ? NULL : &recs, &rb, mine);
    free(mine);
    otl_rbuf_free(&rb);
    otl_rawrecs_free(&recs);
    otl_evaluator_free(ev);
    otl_thread_altstack_free(altstack);
    pthread_mutex_lock(&j->lock);
    if (!gone)
        j->live--;
    w->ended = 1;
    pthread_cond_broadcast(&j->watch);
    pthread_mutex_unlock(&j->lock);
    return NULL;
}

/* Start one more worker (lock held).  0, or -1. */
static int start_worker(struct job *j)
{
    struct wk *w;

    if (otl_grow(&j->wk, &j->capwk, j->nwk + 1, sizeof *j->wk, 8) != 0 ||
        (w = calloc(1, sizeof *w)) == NULL)
        return -1;
    w->j = j;
    if (pthread_create(&w->tid, NULL, worker, w) != 0) {
        free(w);
        return -1;
    }
    j->wk[j->nwk++] = w;
    j->live++;
    return 0;
}

/* Give up worker w's file (lock held): it has been in it for longer than the
 * time limit and the grace after it, so whatever it runs does not look at
 * the clock (a plugin that never returns).  Its slot gets the verdict; the
 * thread is left to itself (it leaves when it returns, if ever: nothing in
 * plugin code can be stopped safely from outside) and a new worker takes
 * its place, so that the scan goes on in order. */
static void abandon(struct job *j, struct wk *w, double now)
{
    struct otl_file *f = slot(j, w->i);

    w->abandoned = 1;
    w->busy = 0;
    j->live--;
    __atomic_add_fetch(&nabandoned, 1, __ATOMIC_RELAXED);
    memset(f, 0, sizeof *f);
    f->coverage = -1;
    f->path = otl_strdup(w->path != NULL ? w->path : "?");
    f->device = otl_strdup(w->path != NULL ? w->path : "?");
    f->status = OTL_FILE_LIMIT;
    f->seconds = now - w->start;
    otl_file_diag(f, OTL_DIAG_ERROR, 0,
                  "limit: did not finish within the time limit of %g s (--time-limit); after "
                  "%.0f s its worker thread was abandoned (a plugin that does not return)",
                  j->limit, now - w->start);
    if (f->path == NULL || f->device == NULL)
        f->oom = 1;
    if (start_worker(j) != 0 && j->live == 0 && !j->failed) {
        snprintf(j->err, sizeof j->err, "cannot start a worker thread in place of an abandoned one");
        j->failed = 1;
    }
}

/* The watchdog: until every worker has ended (or was abandoned), give up
 * the files that overrun the time limit by the grace.  Returns with the
 * lock held. */
static void watch(struct job *j)
{
    while (j->live > 0) {
        double now = mono_s(), next = 0;
        size_t k, n = j->nwk;
        for (k = 0; j->limit > 0 && k < n; k++) {
            struct wk *w = j->wk[k];
            size_t i = w->i;
            if (!w->busy || w->abandoned || w->ended)
                continue;
            if (now - w->start < j->limit + j->grace) {
                double due = w->start + j->limit + j->grace;
                if (next == 0 || due < next)
                    next = due;
                continue;
            }
            abandon(j, w, now);
            pthread_mutex_unlock(&j->lock);
            finished(j, i);
            pthread_mutex_lock(&j->lock);
        }
        if (j->live == 0)
            break;
        if (j->limit > 0) {
            struct timespec ts;
            double wake = next != 0 && next < now + 1.0 ? next : now + 1.0;
            ts.tv_sec = (time_t)wake;
            ts.tv_nsec = (long)((wake - (double)ts.tv_sec) * 1e9);
            pthread_cond_timedwait(&j->watch, &j->lock, &ts);
        } else {
            pthread_cond_wait(&j->watch, &j->lock);
        }
    }
}

unsigned long otl_scan_abandoned(void)
{
    return __atomic_load_n(&nabandoned, __ATOMIC_RELAXED);
}

static int job_init(struct job *j, struct otl_scan *scan, const struct otl_registry *reg,
                    const struct otl_selection *sel, const struct otl_scan_opts *opts,
                    unsigned n)
{
    pthread_condattr_t ca;

    /* Enough that a slow file rarely stalls the others; few enough that
     * the results waiting for it stay small. */
    j->window = (size_t)n * 64;
    j->nslots = j->window;
    j->done = calloc(j->nslots, 1);
    j->occ = calloc(j->nslots, sizeof *j->occ);
    scan->files = calloc(j->nslots, sizeof *scan->files);
    if (j->done == NULL || j->occ == NULL || scan->files == NULL) {
        free(j->done);
        free(j->occ);
        free(scan->files);
        scan->files = NULL;
        return -1;
    }
    for (size_t i = 0; i < j->nslots; i++)
        scan->files[i].coverage = -1;
    /* Handed over, the files are gone once the scan ends. */
    scan->nfiles = 0;
    j->scan = scan;
    j->walk = opts->walk;
    j->ninputs = SIZE_MAX; /* until the walk ends */
    j->reg = reg;
    j->sel = sel;
    j->opts = opts;
    j->limit = opts->time_limit > 0 ? opts->time_limit : 0;
    /* a plugin that looks at the clock stops within this; one that does
     * not is abandoned after it */
    j->grace = j->limit < 10 ? j->limit : 10;
    pthread_mutex_init(&j->lock, NULL);
    pthread_cond_init(&j->room, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&j->watch, &ca);
    pthread_condattr_destroy(&ca);
    return 0;
}

int otl_scan_run(struct otl_scan *scan, const struct otl_registry *reg,
                 const struct otl_selection *sel, const struct otl_scan_opts *opts, char *err,
                 size_t errlen)
{
    struct job *j;
    unsigned n = opts->jobs, i;
    size_t bound, k;
    int failed, lost;

    if (opts->walk == NULL || opts->emit == NULL) {
        snprintf(err, errlen, "a scan needs a walk and an emit callback");
        return -1;
    }
    if (n < 1)
        n = 1;
    if (n > 256)
        n = 256;
    /* files named, no directory: no more workers than files */
    bound = otl_walk_bound(opts->walk);
    if (bound < n)
        n = bound ? (unsigned)bound : 1;
    /* On the heap: an abandoned worker may still reach it after the scan. */
    if ((j = calloc(1, sizeof *j)) == NULL || job_init(j, scan, reg, sel, opts, n) != 0) {
        free(j);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    /* Every file runs on a worker thread, -j1 too: this thread is the
     * watchdog of the time limit. */
    pthread_mutex_lock(&j->lock);
    for (i = 0; i < n; i++)
        if (start_worker(j) != 0)
            break;
    if (j->nwk == 0 && !j->failed) {
        snprintf(j->err, sizeof j->err, "cannot start a worker thread");
        j->failed = 1;
    }
    watch(j);
    pthread_mutex_unlock(&j->lock);
    for (k = 0; k < j->nwk; k++)
        if (!j->wk[k]->abandoned)
            pthread_join(j->wk[k]->tid, NULL);
    free(j->done);
    free(j->occ);
    /* Files not handed over (a worker failed) and the last ones handed over
     * go with the ring. */
    for (k = 0; k < j->nslots; k++)
        otl_file_clear(&scan->files[k]);
    free(scan->files);
    scan->files = NULL;
    failed = j->failed;
    if (failed)
        snprintf(err, errlen, "%s", j->err);
    lost = 0;
    for (k = 0; k < j->nwk; k++) {
        if (j->wk[k]->abandoned) {
            lost = 1; /* it still has j and its record: both stay */
            continue;
        }
        free(j->wk[k]->path);
        free(j->wk[k]);
    }
    if (!lost) {
        pthread_cond_destroy(&j->room);
        pthread_cond_destroy(&j->watch);
        pthread_mutex_destroy(&j->lock);
        free(j->wk);
        free(j);
    }
    return failed ? -1 : 0;
}

/* otl_scan_keep: an emit callback that keeps every file (moved out of the
 * ring; the slot is left empty, so clearing it frees nothing). */
void otl_scan_keep(void *arg, struct otl_file *f)
{
    struct otl_kept *k = arg;

    if (otl_grow(&k->v, &k->cap, k->n + 1, sizeof *k->v, 64) != 0) {
        k->oom = 1; /* the caller must not report a partial set */
        return;
    }
    k->v[k->n++] = *f;
    memset(f, 0, sizeof *f);
    f->coverage = -1;
}
