/*
 * testutil.h - small helpers for the Check unit tests.
 *
 * Header-only (static inline) so that every check_*.c program gets them
 * without another object in the build; unused ones cost nothing and raise no
 * -Wunused-function.  Include <config.h> first (it turns on the POSIX/GNU
 * extensions nftw() and mkdtemp() need).
 *
 * Helpers return NULL / -1 on failure and leave the assertion to the test,
 * so that a failing test names its own line, not a line in here.
 */
#ifndef OTL_TESTUTIL_H
#define OTL_TESTUTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Upper bound for files a test reads whole: tests read reports, not
 * corpora, and a runaway writer should fail the test, not the machine. */
#define OTL_TEST_MAX_FILE (64u * 1024u * 1024u)

/* The whole file, NUL-terminated (binary-safe: *len is the real length, may
 * be NULL).  Caller frees.  NULL on error (errno set). */
static inline char *otl_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (f == NULL)
        return NULL;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            size_t ncap = cap == 0 ? 8192 : cap * 2;
            char *nb;
            if (ncap > OTL_TEST_MAX_FILE) {
                free(buf);
                buf = NULL;
                errno = EFBIG;
                break;
            }
            nb = realloc(buf, ncap);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        if (len != NULL)
            *len = n;
    }
    return buf;
}

/* Write (create/truncate) a file with `len` bytes of `data`.  0 or -1. */
static inline int otl_test_write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int rc = 0;

    if (f == NULL)
        return -1;
    if (fwrite(data, 1, len, f) != len)
        rc = -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

/* A fresh private directory under $TMPDIR (default /tmp).  Caller frees the
 * name and removes the tree with otl_test_rmtree(). */
static inline char *otl_test_mkdtemp(void)
{
    const char *base = getenv("TMPDIR");
    size_t len;
    char *dir;

    if (base == NULL || base[0] == '\0')
        base = "/tmp";
    len = strlen(base) + sizeof "/otltest.XXXXXX";
    dir = malloc(len);
    if (dir == NULL)
        return NULL;
    snprintf(dir, len, "%s/otltest.XXXXXX", base);
    if (mkdtemp(dir) == NULL) {
        free(dir);
        return NULL;
    }
    return dir;
}

static inline int otl_test_rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path) == 0 ? 0 : -1;
}

/* Remove `dir` and everything below it; symlinks are removed, not followed. */
static inline int otl_test_rmtree(const char *dir)
{
    return nftw(dir, otl_test_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

/* "dir/name" in a fresh allocation; caller frees. */
static inline char *otl_test_path(const char *dir, const char *name)
{
    size_t len = strlen(dir) + 1 + strlen(name) + 1;
    char *p = malloc(len);

    if (p != NULL)
        snprintf(p, len, "%s/%s", dir, name);
    return p;
}

/* Entries of `dir` other than "." and "..", -1 on error.  If `first` is not
 * NULL it receives a copy of one entry name (caller frees), for messages. */
static inline int otl_test_count_entries(const char *dir, char **first)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    if (first != NULL)
        *first = NULL;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (first != NULL && *first == NULL)
            *first = strdup(e->d_name);
        n++;
    }
    closedir(d);
    return n;
}

/* Occurrences of `needle` in `hay` (non-overlapping). */
static inline size_t otl_test_count_str(const char *hay, const char *needle)
{
    size_t n = 0, nl = strlen(needle);

    if (nl == 0)
        return 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + nl, needle))
        n++;
    return n;
}

#endif /* OTL_TESTUTIL_H */
