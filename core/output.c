/*
 * output.c - choose a writer and put its output in place atomically.
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

enum fmt { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_JUNIT, FMT_UNKNOWN };

static enum fmt fmt_lookup(const char *format)
{
    static const char *const names[] = {"text", "json", "sarif", "junit"};

    for (size_t i = 0; format != NULL && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(format, names[i]) == 0)
            return (enum fmt)i;
    return FMT_UNKNOWN;
}

int otl_output_format_known(const char *format)
{
    return fmt_lookup(format) != FMT_UNKNOWN;
}

static int render(enum fmt f, FILE *out, const struct otl_scan *scan, int color, int quiet)
{
    switch (f) {
    case FMT_TEXT:
        return otl_write_text(out, scan, color, quiet);
    case FMT_JSON:
        return otl_write_json(out, scan);
    case FMT_SARIF:
        return otl_write_sarif(out, scan);
    case FMT_JUNIT:
        return otl_write_junit(out, scan);
    case FMT_UNKNOWN:
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
static int write_in_place(enum fmt f, const char *path, const struct otl_scan *scan, int color,
                          int quiet)
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
    if (render(f, out, scan, color, quiet) != 0 || fflush(out) != 0 || ferror(out)) {
        err = errno != 0 ? errno : EIO;
        fclose(out);
        errno = err;
        return -1;
    }
    return fclose(out) == 0 ? 0 : -1;
}

int otl_output_write(const char *format, const char *path, const struct otl_scan *scan, int color,
                     int quiet)
{
    enum fmt f = fmt_lookup(format);
    const char *slash, *base;
    size_t dirlen, len;
    char *tmp = NULL, *resolved = NULL;
    FILE *out = NULL;
    struct stat st;
    int fd = -1, err = 0, rc = -1;

    if (f == FMT_UNKNOWN) {
        errno = EINVAL;
        return -2;
    }
    if (path == NULL || strcmp(path, "-") == 0) {
        /* stdout stays open for the caller; only flush errors matter. */
        rc = render(f, stdout, scan, color, quiet);
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
            return write_in_place(f, path, scan, color, quiet);
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
    if (render(f, out, scan, color, quiet) != 0 || fflush(out) != 0 || ferror(out)) {
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
