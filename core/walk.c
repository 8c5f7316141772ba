/* walk.c - see walk.h. */
#include <config.h>
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "limits.h"
#include "util.h"

/* A walk holds the sorted entries of each directory it is in, not the files
 * it found: a scan takes them one at a time, and its memory does not grow
 * with their number.  A directory's entries are its names, packed in one
 * block (about 20 bytes an entry), not one path each. */
union entry {
    size_t off;  /* while the directory is read: where in buf */
    char *name;  /* then: the name, in buf */
};

struct level {
    char *dir;           /* the directory's path ("" for "/") */
    char *buf;           /* the names, each NUL-terminated */
    union entry *names;  /* sorted */
    size_t n, i;         /* entries, the next one */
};

struct otl_walk {
    char *const *paths; /* the command line's (borrowed) */
    size_t npaths, p;
    struct level lv[OTL_MAX_WALK_DEPTH + 1]; /* lv[d]: a directory at depth d */
    size_t nlv;
    size_t nfiles; /* handed over so far */
    struct otl_file *errs;
    size_t nerrs, caperrs;
    int oom;
};

static void walk_err(struct otl_walk *w, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void walk_err(struct otl_walk *w, const char *path, const char *fmt, ...)
{
    struct otl_file *f;
    char buf[512];
    va_list ap;

    if (otl_grow(&w->errs, &w->caperrs, w->nerrs + 1, sizeof *w->errs, 4) != 0) {
        w->oom = 1;
        return;
    }
    f = &w->errs[w->nerrs++];
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    f->device = strdup(path);
    f->status = OTL_FILE_UNREADABLE;
    f->coverage = -1;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    otl_file_diag(f, OTL_DIAG_ERROR, 0, "%s", buf);
}

/* Version-control folders are never scanned. */
static int not_skipped(const char *name)
{
    static const char *const vcs[] = {".git", ".svn", ".hg", ".bzr", "CVS", "_darcs", NULL};
    size_t i;

    for (i = 0; vcs[i]; i++)
        if (strcmp(name, vcs[i]) == 0)
            return 0;
    return 1;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const union entry *)a)->name, ((const union entry *)b)->name);
}

static void free_level(struct level *l)
{
    free(l->dir);
    free(l->buf);
    free(l->names);
    memset(l, 0, sizeof *l);
}

/* Read directory `dir` into `l`: its entries but ".", ".." and the skipped
 * ones, sorted by name (which sorts their paths).  -1 with errno set. */
static int read_level(struct level *l, const char *dir)
{
    DIR *d;
    struct dirent *e;
    size_t len = 0, cap = 0, ncap = 0, i;

    memset(l, 0, sizeof *l);
    if ((l->dir = strdup(strcmp(dir, "/") == 0 ? "" : dir)) == NULL)
        return -1;
    if ((d = opendir(dir)) == NULL)
        goto fail;
    while ((e = readdir(d)) != NULL) {
        size_t k = strlen(e->d_name) + 1;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || !not_skipped(e->d_name))
            continue;
        if (otl_grow(&l->names, &ncap, l->n + 1, sizeof *l->names, 64) != 0 ||
            otl_grow(&l->buf, &cap, len + k, 1, 1024) != 0)
            goto nomem;
        memcpy(l->buf + len, e->d_name, k);
        l->names[l->n++].off = len;
        len += k;
    }
    closedir(d);
    for (i = 0; i < l->n; i++)
        l->names[i].name = l->buf + l->names[i].off;
    if (l->n > 1)
        qsort(l->names, l->n, sizeof *l->names, cmp_entry);
    return 0;
nomem:
    closedir(d);
    errno = ENOMEM;
fail:
    {
        int err = errno;
        free_level(l);
        errno = err;
    }
    return -1;
}

/* Enter directory `dir` at `depth` (== w->nlv). */
static void enter_dir(struct otl_walk *w, const char *dir, size_t depth)
{
    if (depth > OTL_MAX_WALK_DEPTH) {
        walk_err(w, dir, "directory nesting deeper than %d; not descended", OTL_MAX_WALK_DEPTH);
        return;
    }
    if (read_level(&w->lv[depth], dir) != 0) {
        if (errno == ENOMEM)
            w->oom = 1;
        else
            walk_err(w, dir, "cannot open directory: %s", strerror(errno));
        return;
    }
    w->nlv = depth + 1;
}

struct otl_walk *otl_walk_new(char *const *paths, size_t npaths)
{
    struct otl_walk *w = calloc(1, sizeof *w);

    if (w != NULL) {
        w->paths = paths;
        w->npaths = npaths;
    }
    return w;
}

int otl_walk_next(struct otl_walk *w, char **path, int *explicit_)
{
    for (;;) {
        char *p;
        int ex;

        if (w->oom)
            return -1;
        if (w->nlv > 0) {
            struct level *l = &w->lv[w->nlv - 1];
            struct stat st;
            if (l->i == l->n) {
                free_level(l);
                w->nlv--;
                continue;
            }
            if ((p = otl_asprintf("%s/%s", l->dir, l->names[l->i++].name)) == NULL) {
                w->oom = 1;
                return -1;
            }
            if (lstat(p, &st) != 0) {
                walk_err(w, p, "cannot stat: %s", strerror(errno));
                free(p);
                continue;
            }
            if (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode)) {
                /* a link is never followed inside a tree: it could leave
                 * the tree or loop */
                if (S_ISDIR(st.st_mode))
                    enter_dir(w, p, w->nlv);
                free(p);
                continue;
            }
            ex = 0; /* non-regular files are reported when read */
        } else {
            struct stat st;
            size_t n;
            if (w->p == w->npaths)
                return 0;
            if ((p = strdup(w->paths[w->p++])) == NULL) {
                w->oom = 1;
                return -1;
            }
            n = strlen(p);
            while (n > 1 && p[n - 1] == '/')
                p[--n] = '\0';
            if (strcmp(p, "-") == 0) {
                /* standard input, read by otl_parse_path (parse.c) */
            } else if (stat(p, &st) != 0) {
                walk_err(w, p, "cannot read: %s", strerror(errno));
                free(p);
                continue;
            } else if (S_ISDIR(st.st_mode)) {
                enter_dir(w, p, 0);
                free(p);
                continue;
            }
            ex = 1;
        }
        if (w->nfiles >= OTL_MAX_FILES) {
            if (w->nfiles++ == OTL_MAX_FILES)
                walk_err(w, p, "more than %lu input files; the rest are not scanned",
                         (unsigned long)OTL_MAX_FILES);
            free(p);
            continue;
        }
        w->nfiles++;
        *path = p;
        *explicit_ = ex;
        return 1;
    }
}

void otl_walk_errors(struct otl_walk *w, struct otl_file **errs, size_t *nerrs)
{
    *errs = w->errs;
    *nerrs = w->nerrs;
    w->errs = NULL;
    w->nerrs = w->caperrs = 0;
}

void otl_walk_free(struct otl_walk *w)
{
    if (w == NULL)
        return;
    while (w->nlv > 0)
        free_level(&w->lv[--w->nlv]);
    for (size_t i = 0; i < w->nerrs; i++)
        otl_file_clear(&w->errs[i]);
    free(w->errs);
    free(w);
}

size_t otl_walk_bound(const struct otl_walk *w)
{
    size_t i;

    for (i = 0; i < w->npaths; i++) {
        struct stat st;
        if (stat(w->paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            return SIZE_MAX;
    }
    return w->npaths;
}

size_t otl_walk_count(char *const *paths, size_t npaths)
{
    struct otl_walk *w = otl_walk_new(paths, npaths);
    size_t n = 0;
    char *p;
    int ex;

    if (w == NULL)
        return 0;
    while (otl_walk_next(w, &p, &ex) == 1) {
        free(p);
        n++;
    }
    n += w->nerrs;
    otl_walk_free(w);
    return n;
}
