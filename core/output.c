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
#include <unistd.h>

#include "result.h"

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

/* A target that exists and is not a regular file (/dev/null, a FIFO, a
 * terminal) is written in place: renaming over it would replace a device
 * node with a file. */
static int write_in_place(const struct job *j, const char *path)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC), err;
    FILE *out;

    if (fd < 0)
        return -1;
    out = fdopen(fd, "w");
    if (out == NULL) {
        err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    if (j->render(out, j) != 0 || fflush(out) != 0 || ferror(out)) {
        err = errno != 0 ? errno : EIO;
        fclose(out);
        errno = err;
        return -1;
    }
    return fclose(out) == 0 ? 0 : -1;
}

/* Render `j` to `path` (NULL or "-": stdout) atomically, as documented at
 * otl_output_write. */
static int write_job(const struct job *j, const char *path)
{
    const char *slash, *base;
    size_t dirlen, len;
    char *tmp = NULL, *resolved = NULL;
    FILE *out = NULL;
    struct stat st;
    int fd = -1, err = 0, rc = -1;

    if (path == NULL || strcmp(path, "-") == 0) {
        /* stdout stays open for the caller; only flush errors matter. */
        rc = j->render(stdout, j);
        if (rc == 0 && fflush(stdout) != 0)
            rc = -1;
        return rc;
    }

    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        if (!S_ISREG(st.st_mode))
            return write_in_place(j, path);
        /* Through a symbolic link: replace the file it names, keep the link. */
        resolved = realpath(path, NULL);
        if (resolved != NULL)
            path = resolved;
    }

    /* "<dir>/.<base>.XXXXXX": hidden, so globs like *.sarif skip it. */
    slash = strrchr(path, '/');
    base = slash != NULL ? slash + 1 : path;
    dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    if (base[0] == '\0') {
        err = EISDIR;
        goto done;
    }
    len = dirlen + 1 + strlen(base) + sizeof ".XXXXXX";
    tmp = malloc(len);
    if (tmp == NULL) {
        err = errno;
        goto done;
    }
    snprintf(tmp, len, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
    fd = mkstemp(tmp);
    if (fd < 0) {
        err = errno;
        free(tmp);
        tmp = NULL; /* nothing to unlink */
        goto done;
    }
    /* mkstemp makes 0600; a report is meant to be read by others (CI). */
    if (fchmod(fd, 0644) != 0) {
        err = errno;
        goto done;
    }
    out = fdopen(fd, "w");
    if (out == NULL) {
        err = errno;
        goto done;
    }
    fd = -1; /* out owns it now */
    if (j->render(out, j) != 0 || fflush(out) != 0 || ferror(out)) {
        err = errno != 0 ? errno : EIO;
        goto done;
    }
    if (fsync(fileno(out)) != 0) {
        err = errno;
        goto done;
    }
    {
        FILE *o = out;
        out = NULL;
        if (fclose(o) != 0) {
            err = errno;
            goto done;
        }
    }
    if (rename(tmp, path) != 0) {
        err = errno;
        goto done;
    }
    sync_dir(tmp, dirlen);
    free(tmp);
    tmp = NULL;
    rc = 0;
done:
    if (out != NULL)
        fclose(out);
    if (fd >= 0)
        close(fd);
    if (tmp != NULL) {
        unlink(tmp);
        free(tmp);
    }
    free(resolved);
    if (rc != 0)
        errno = err != 0 ? err : EIO;
    return rc;
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
