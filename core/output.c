/*
 * output.c - choose a writer and put its output in place atomically.
 *
 * Two families of writers share the atomic write: the scan report
 * (text, json, sarif, junit) and the compliance matrix (text, json, csv).
 *
 * A report file is written to a temporary file next to its target, synced
 * and renamed over it: CI jobs and dashboards that pick reports up never see
 * a half-written one, and a failed run leaves the previous report intact
 * rather than a truncated one.  Same directory, because rename(2) is atomic
 * only within one file system.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "result.h"
#include "write-util.h"

/* One rendering to put in place: which writer, and what it needs. */
struct job {
    int (*render)(FILE *out, const struct job *job);
    int fmt; /* index into the writer family's names */
    const struct otl_scan *scan;
    int color, quiet;
};

/* -1 when `format` is not in names[0..n). */
static int lookup(const char *const *names, size_t n, const char *format)
{
    for (size_t i = 0; format != NULL && i < n; i++)
        if (strcmp(format, names[i]) == 0)
            return (int)i;
    return -1;
}

/* The scan report (`-o FORMAT=PATH`). */
enum fmt { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_JUNIT };
static const char *const report_names[] = {"text", "json", "sarif", "junit"};

/* The compliance matrix (`otlint requirements`). */
enum mfmt { MFMT_TEXT, MFMT_JSON, MFMT_CSV };
static const char *const matrix_names[] = {"text", "json", "csv"};

int otl_output_format_known(const char *format)
{
    return lookup(report_names, sizeof report_names / sizeof *report_names, format) >= 0;
}

int otl_matrix_format_known(const char *format)
{
    return lookup(matrix_names, sizeof matrix_names / sizeof *matrix_names, format) >= 0;
}

static int render_report(FILE *out, const struct job *j)
{
    switch ((enum fmt)j->fmt) {
    case FMT_TEXT:
        return otl_write_text(out, j->scan, j->color, j->quiet);
    case FMT_JSON:
        return otl_write_json(out, j->scan);
    case FMT_SARIF:
        return otl_write_sarif(out, j->scan);
    case FMT_JUNIT:
        return otl_write_junit(out, j->scan);
    default:
        errno = EINVAL;
        return -1;
    }
}

static int render_matrix(FILE *out, const struct job *j)
{
    switch ((enum mfmt)j->fmt) {
    case MFMT_TEXT:
        return otl_write_matrix_text(out, j->scan, j->color);
    case MFMT_JSON:
        return otl_write_matrix_json(out, j->scan);
    case MFMT_CSV:
        return otl_write_matrix_csv(out, j->scan);
    default:
        errno = EINVAL;
        return -1;
    }
}

/* Make the rename itself durable.  Best effort: some file systems refuse
 * fsync on a directory, and the report is complete either way. */
static void sync_dir(const char *tmpl, size_t dirlen)
{
    char *dir = dirlen == 0 ? strdup(".") : strndup(tmpl, dirlen);
    int fd;

    if (dir == NULL)
        return;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Temporary report files being written, for otl_output_remove_temps from
 * a signal handler: a crash or an interrupt must not leave them behind.
 * Slots hold the path strings of open targets (plain atomic stores: the
 * handler may run in any thread at any time). */
#define MAX_TEMPS 32
static char *temps[MAX_TEMPS];

static void temp_register(char *path)
{
    for (size_t i = 0; i < MAX_TEMPS; i++) {
        char *expected = NULL;
        if (__atomic_compare_exchange_n(&temps[i], &expected, path, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED))
            return;
    }
    /* More than MAX_TEMPS outputs (-o takes 16): not reachable. */
}

static void temp_unregister(const char *path)
{
    for (size_t i = 0; i < MAX_TEMPS; i++)
        if (__atomic_load_n(&temps[i], __ATOMIC_ACQUIRE) == path)
            __atomic_store_n(&temps[i], NULL, __ATOMIC_RELEASE);
}

void otl_output_remove_temps(void)
{
    for (size_t i = 0; i < MAX_TEMPS; i++) {
        char *p = __atomic_load_n(&temps[i], __ATOMIC_ACQUIRE);
        if (p != NULL)
            unlink(p); /* async-signal-safe */
    }
}

/* Where a report goes: stdout, a non-regular file written in place, or a
 * temporary file renamed over the target when complete. */
struct target {
    FILE *out;
    const char *path;
    char *tmp; /* the temporary file; NULL: stdout or in place */
    size_t dirlen;
};

/* Six characters for a temporary name: the pid, the clock and a counter,
 * mixed.  Unpredictability is not needed (the name is created with O_EXCL
 * and O_NOFOLLOW, and another is tried when it is taken), only spread. */
static void temp_suffix(char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static unsigned long counter;
    struct timespec ts;
    unsigned long long x;

    clock_gettime(CLOCK_REALTIME, &ts);
    x = ((unsigned long long)getpid() << 32) ^ (unsigned long long)ts.tv_nsec ^
        ((unsigned long long)ts.tv_sec << 20) ^
        (__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED) * 0x9E3779B97F4A7C15ULL);
    for (int i = 0; i < 6; i++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ULL;
        x ^= x >> 32;
        out[i] = abc[x % (sizeof abc - 1)];
    }
}

/* Create "<dir>/.<base>.XXXXXX" (hidden, so globs like *.sarif skip it)
 * as a new file: mode 0666 less the umask, as any new file, and never
 * through a symbolic link.  The fd, or -1 with errno set. */
static int temp_create(struct target *t, const char *base)
{
    size_t len = t->dirlen + 1 + strlen(base) + sizeof ".XXXXXX";
    int fd = -1;

    if ((t->tmp = malloc(len)) == NULL)
        return -1;
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        snprintf(t->tmp, len, "%.*s.%s.XXXXXX", (int)t->dirlen, t->path, base);
        temp_suffix(t->tmp + len - 7);
        fd = open(t->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int err = errno;
        free(t->tmp);
        t->tmp = NULL; /* nothing to unlink */
        errno = err;
    }
    return fd;
}

/* The report that is replaced keeps its mode and, where the user may give
 * it away (root, or a group the user is in), its owner and group. */
static void keep_mode(int fd, const struct stat *old)
{
    if (fchown(fd, old->st_uid, old->st_gid) != 0)
        (void)!fchown(fd, (uid_t)-1, old->st_gid);
    (void)fchmod(fd, old->st_mode & 0777);
}

/* 0, or -1 with errno set (nothing left behind).  A symbolic link at
 * `path` is refused (ELOOP): a report is never written through one (and
 * rename(2) at the end replaces whatever is at `path` then, never what a
 * link put there since points to). */
static int target_open(struct target *t, const char *path)
{
    const char *slash, *base;
    struct stat st;
    int fd = -1, err = 0, old = 0;

    memset(t, 0, sizeof *t);
    if (path == NULL || strcmp(path, "-") == 0) {
        /* stdout stays open for the caller; only flush errors matter. */
        t->out = stdout;
        return 0;
    }
    if (lstat(path, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            errno = ELOOP;
            return -1;
        }
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        if (!S_ISREG(st.st_mode)) {
            /* /dev/null, a FIFO, a terminal: written in place, for renaming
             * over it would replace a device node with a file. */
            fd = open(path, O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0)
                return -1;
            t->out = fdopen(fd, "w");
            if (t->out == NULL) {
                err = errno;
                close(fd);
                errno = err;
                return -1;
            }
            return 0;
        }
        old = 1;
    }
    t->path = path;
    slash = strrchr(path, '/');
    base = slash != NULL ? slash + 1 : path;
    t->dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    if (base[0] == '\0') {
        err = EISDIR;
        goto fail;
    }
    if ((fd = temp_create(t, base)) < 0) {
        err = errno;
        goto fail;
    }
    temp_register(t->tmp);
    if (old)
        keep_mode(fd, &st);
    if ((t->out = fdopen(fd, "w")) == NULL) {
        err = errno;
        goto fail;
    }
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    if (t->tmp != NULL) {
        temp_unregister(t->tmp);
        unlink(t->tmp);
        free(t->tmp);
    }
    memset(t, 0, sizeof *t);
    errno = err != 0 ? err : EIO;
    return -1;
}

/* Finish: `ok` puts a temporary file in place (synced, renamed over the
 * target); not `ok` removes it and leaves the target untouched.  0, or -1
 * with errno set. */
static int target_close(struct target *t, int ok)
{
    int err = 0, rc = -1;

    if (t->out == stdout)
        return ok && fflush(stdout) == 0 ? 0 : -1;
    if (ok && (fflush(t->out) != 0 || ferror(t->out)))
        err = errno != 0 ? errno : EIO;
    else if (ok && t->tmp != NULL && fsync(fileno(t->out)) != 0)
        err = errno;
    if (fclose(t->out) != 0 && err == 0)
        err = errno;
    if (ok && err == 0 && t->tmp != NULL && rename(t->tmp, t->path) != 0)
        err = errno;
    if (ok && err == 0) {
        if (t->tmp != NULL)
            sync_dir(t->tmp, t->dirlen);
        rc = 0;
    } else if (t->tmp != NULL) {
        unlink(t->tmp);
    }
    if (t->tmp != NULL)
        temp_unregister(t->tmp);
    free(t->tmp);
    memset(t, 0, sizeof *t);
    if (rc != 0)
        errno = err != 0 ? err : EIO;
    return rc;
}

/* Render `j` to `path` (NULL or "-": stdout) atomically, as documented at
 * otl_output_write. */
static int write_job(const struct job *j, const char *path)
{
    struct target t;
    int rc, err;

    if (target_open(&t, path) != 0)
        return -1;
    errno = 0;
    rc = j->render(t.out, j);
    if (rc != 0) {
        err = errno != 0 ? errno : EIO;
        target_close(&t, 0);
        errno = err;
        return -1;
    }
    return target_close(&t, 1);
}

int otl_output_write(const char *format, const char *path, const struct otl_scan *scan, int color,
                     int quiet)
{
    struct job j = {render_report, 0, scan, color, quiet};

    j.fmt = lookup(report_names, sizeof report_names / sizeof *report_names, format);
    if (j.fmt < 0) {
        errno = EINVAL;
        return -2;
    }
    return write_job(&j, path);
}

int otl_output_write_matrix(const char *format, const char *path, const struct otl_scan *scan,
                            int color)
{
    struct job j = {render_matrix, 0, scan, color, 0};

    j.fmt = lookup(matrix_names, sizeof matrix_names / sizeof *matrix_names, format);
    if (j.fmt < 0) {
        errno = EINVAL;
        return -2;
    }
    return write_job(&j, path);
}

/* ------------------------------------------------------------------ streamed */

struct otl_output {
    const struct otl_writer *w;
    void *st;
    struct target t;
    int err; /* first failure; 0 while fine */
};

static const struct otl_writer *const report_writers[] = {&otl_writer_text, &otl_writer_json,
                                                          &otl_writer_sarif, &otl_writer_junit};

struct otl_output *otl_output_open(const char *format, const char *path, const struct otl_scan *scan,
                                   int color, int quiet)
{
    int k = lookup(report_names, sizeof report_names / sizeof *report_names, format), err;
    struct otl_output *o;

    if (k < 0) {
        errno = EINVAL;
        return NULL;
    }
    o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    o->w = report_writers[k];
    if (target_open(&o->t, path) != 0) {
        err = errno;
        free(o);
        errno = err;
        return NULL;
    }
    if (o->w->begin(&o->st, o->t.out, scan, color, quiet) != 0) {
        err = errno;
        target_close(&o->t, 0);
        free(o);
        errno = err;
        return NULL;
    }
    return o;
}

int otl_output_file(struct otl_output *o, const struct otl_file *f)
{
    if (o->err != 0) {
        errno = o->err;
        return -1;
    }
    errno = 0;
    if (o->w->file(o->st, f) != 0) {
        o->err = errno != 0 ? errno : EIO;
        o->w->discard(o->st);
        o->st = NULL;
        errno = o->err;
        return -1;
    }
    return 0;
}

int otl_output_close(struct otl_output *o, int keep)
{
    int err = o->err, rc;

    if (o->st != NULL) {
        if (keep && err == 0) {
            errno = 0;
            if (o->w->end(o->st) != 0)
                err = errno != 0 ? errno : EIO;
        } else {
            o->w->discard(o->st);
        }
    }
    rc = target_close(&o->t, keep && err == 0);
    if (rc != 0 && err == 0)
        err = errno;
    free(o);
    if (err != 0) {
        errno = err;
        return -1;
    }
    return 0;
}

int otl_output_temp_id(const struct otl_output *o, dev_t *dev, ino_t *ino)
{
    struct stat st;

    if (o->t.tmp == NULL || o->t.out == NULL || fstat(fileno(o->t.out), &st) != 0)
        return -1;
    *dev = st.st_dev;
    *ino = st.st_ino;
    return 0;
}
