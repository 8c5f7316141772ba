/* walk.c - see walk.h. */
#include <config.h>
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
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
    struct otl_ignore ig; /* its .otlintignore (none: empty) */
    char *igpath;        /* that file's path, NULL when none */
};

struct otl_walk {
    char *const *paths; /* the command line's (borrowed) */
    size_t npaths, p;
    struct level lv[OTL_MAX_WALK_DEPTH + 1]; /* lv[d]: a directory at depth d */
    size_t nlv;
    size_t nfiles; /* handed over so far */
    struct otl_ignore builtin, exclude; /* the built-in list, --exclude */
    struct otl_file *errs;
    size_t nerrs, caperrs;
    int oom;
    struct { dev_t dev; ino_t ino; } skip[32]; /* otl_walk_skip */
    size_t nskip;
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

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const union entry *)a)->name, ((const union entry *)b)->name);
}

static void free_level(struct level *l)
{
    free(l->dir);
    free(l->buf);
    free(l->names);
    otl_ignore_free(&l->ig);
    free(l->igpath);
    memset(l, 0, sizeof *l);
}

/* Read directory `dir` into `l`: its entries but "." and "..", sorted by
 * name (which sorts their paths).  -1 with errno set. */
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
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
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

/* The largest .otlintignore read: far more patterns than a person writes. */
#define MAX_IGNORE_FILE (1024 * 1024)

/* The directory's .otlintignore, when it has one, into l->ig.  A file that
 * cannot be read is a problem of the walk (unreadable: exit 3), never an
 * empty list that would quietly let everything through or not. */
static void read_ignore(struct otl_walk *w, struct level *l)
{
    struct stat st;
    char *path, *buf = NULL;
    ssize_t got;
    int fd;

    if ((path = otl_asprintf("%s/.otlintignore", l->dir)) == NULL) {
        w->oom = 1;
        return;
    }
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT)
            walk_err(w, path, "cannot stat: %s", strerror(errno));
        free(path);
        return;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > MAX_IGNORE_FILE) {
        if (S_ISREG(st.st_mode))
            walk_err(w, path, "larger than %d bytes; not read: nothing in %s is ignored by it",
                     MAX_IGNORE_FILE, l->dir[0] ? l->dir : "/");
        else
            walk_err(w, path, "not a regular file; not read: nothing in %s is ignored by it",
                     l->dir[0] ? l->dir : "/");
        free(path);
        return;
    }
    if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
        (buf = malloc((size_t)st.st_size + 1)) == NULL ||
        (got = read(fd, buf, (size_t)st.st_size)) < 0) {
        if (buf == NULL && fd >= 0)
            w->oom = 1;
        else
            walk_err(w, path, "cannot read: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        free(buf);
        free(path);
        return;
    }
    close(fd);
    if (otl_ignore_parse(&l->ig, buf, (size_t)got) != 0)
        w->oom = 1;
    free(buf);
    l->igpath = path;
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
    read_ignore(w, &w->lv[depth]);
}

void otl_walk_why_clear(struct otl_walk_why *why)
{
    free(why->pattern);
    free(why->source);
    memset(why, 0, sizeof *why);
}

/* `rel` relative to directory `dir` ("" for "/") of which `path` is a
 * descendant. */
static const char *rel_to(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return path + n + (path[n] == '/');
}

/* Which rule ignores `path` (at walk level w->nlv - 1; a directory when
 * `is_dir`): the sources in the order of docs/file-accounting.md, the last
 * pattern that matches deciding, so the command line's --exclude first,
 * then the .otlintignore files from the deepest up, then the built-in
 * list.  Fills *why when ignored. */
static int ignored(struct otl_walk *w, const char *path, int is_dir, struct otl_walk_why *why)
{
    const struct otl_ignore_pat *p = NULL;
    const char *base = strrchr(path, '/');
    int r = -1;
    size_t d;

    base = base != NULL ? base + 1 : path;
    why->src = OTL_IGNORE_NONE;
    if (w->nlv > 0 && (r = otl_ignore_match(&w->exclude, rel_to(path, w->lv[0].dir), is_dir, &p)) >= 0)
        why->src = OTL_IGNORE_EXCLUDE;
    for (d = w->nlv; r < 0 && d-- > 0;)
        if (w->lv[d].igpath != NULL &&
            (r = otl_ignore_match(&w->lv[d].ig, rel_to(path, w->lv[d].dir), is_dir, &p)) >= 0) {
            why->src = OTL_IGNORE_OTLINTIGNORE;
            if (r == 1 && (why->source = strdup(w->lv[d].igpath)) == NULL)
                w->oom = 1;
        }
    if (r < 0 && (r = otl_ignore_match(&w->builtin, base, is_dir, &p)) >= 0)
        why->src = OTL_IGNORE_BUILTIN;
    if (r != 1) {
        otl_walk_why_clear(why);
        return 0;
    }
    why->line = p->line;
    why->is_dir = is_dir;
    if ((why->pattern = strdup(p->text)) == NULL)
        w->oom = 1;
    return 1;
}

/* A path named on the command line: which rule would have ignored it (the
 * built-in list on its name, --exclude on the path as given).  Named
 * paths are read all the same; the scan says which rule matched. */
static void named_match(struct otl_walk *w, const char *path, int is_dir, struct otl_walk_why *why)
{
    const struct otl_ignore_pat *p = NULL;
    const char *base = strrchr(path, '/'), *rel = path;

    base = base != NULL ? base + 1 : path;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    if (otl_ignore_match(&w->exclude, rel, is_dir, &p) == 1)
        why->src = OTL_IGNORE_EXCLUDE;
    else if (otl_ignore_match(&w->builtin, base, is_dir, &p) == 1)
        why->src = OTL_IGNORE_BUILTIN;
    else
        return;
    if ((why->pattern = strdup(p->text)) == NULL)
        w->oom = 1;
}

struct otl_walk *otl_walk_new(char *const *paths, size_t npaths)
{
    struct otl_walk *w = calloc(1, sizeof *w);

    if (w == NULL)
        return NULL;
    w->paths = paths;
    w->npaths = npaths;
    if (otl_ignore_builtin(&w->builtin) != 0) {
        free(w);
        return NULL;
    }
    return w;
}

int otl_walk_exclude(struct otl_walk *w, char *const *globs, size_t nglobs)
{
    for (size_t i = 0; i < nglobs; i++)
        if (otl_ignore_add(&w->exclude, globs[i], strlen(globs[i]), 0) != 0)
            return -1;
    return 0;
}

int otl_walk_skip(struct otl_walk *w, dev_t dev, ino_t ino)
{
    if (w->nskip == sizeof w->skip / sizeof *w->skip)
        return -1;
    w->skip[w->nskip].dev = dev;
    w->skip[w->nskip].ino = ino;
    w->nskip++;
    return 0;
}

static int skipped(const struct otl_walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nskip; i++)
        if (w->skip[i].dev == st->st_dev && w->skip[i].ino == st->st_ino)
            return 1;
    return 0;
}

int otl_walk_next(struct otl_walk *w, char **path, int *explicit_, struct otl_walk_why *why)
{
    memset(why, 0, sizeof *why);
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
            if (skipped(w, &st)) {
                free(p);
                continue;
            }
            if (ignored(w, p, S_ISDIR(st.st_mode), why)) {
                ex = 0; /* handed over as ignored: never read */
            } else if (S_ISLNK(st.st_mode)) {
                /* a link is never followed inside a tree (it could leave
                 * the tree or loop): said, as the built-in rule */
                why->src = OTL_IGNORE_BUILTIN;
                why->is_link = 1;
                ex = 0;
            } else if (S_ISDIR(st.st_mode)) {
                enter_dir(w, p, w->nlv);
                free(p);
                continue;
            } else {
                ex = 0; /* non-regular files are reported when read */
            }
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
            named_match(w, p, 0, why);
            ex = 1;
        }
        if (w->oom) {
            free(p);
            otl_walk_why_clear(why);
            return -1;
        }
        if (w->nfiles >= OTL_MAX_FILES) {
            if (w->nfiles++ == OTL_MAX_FILES)
                walk_err(w, p, "more than %lu input files; the rest are not scanned",
                         (unsigned long)OTL_MAX_FILES);
            free(p);
            otl_walk_why_clear(why);
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
    otl_ignore_free(&w->builtin);
    otl_ignore_free(&w->exclude);
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

size_t otl_walk_count(char *const *paths, size_t npaths, char *const *excludes, size_t nexcludes)
{
    struct otl_walk *w = otl_walk_new(paths, npaths);
    struct otl_walk_why why;
    size_t n = 0;
    char *p;
    int ex;

    if (w == NULL)
        return 0;
    if (otl_walk_exclude(w, excludes, nexcludes) != 0) {
        otl_walk_free(w);
        return 0;
    }
    while (otl_walk_next(w, &p, &ex, &why) == 1) {
        free(p);
        otl_walk_why_clear(&why);
        n++;
    }
    n += w->nerrs;
    otl_walk_free(w);
    return n;
}

/* Push directory `dir` (malloc'd, taken over) as the next level, with its
 * .otlintignore, without reading its entries.  0, or -1 when too deep. */
static int push_level(struct otl_walk *w, char *dir)
{
    struct level *l;

    if (w->nlv > OTL_MAX_WALK_DEPTH) {
        free(dir);
        return -1;
    }
    l = &w->lv[w->nlv++];
    memset(l, 0, sizeof *l);
    l->dir = dir;
    read_ignore(w, l);
    return 0;
}

int otl_walk_would_read(const char *top, const char *rel, char *const *excludes, size_t nexcludes)
{
    struct otl_walk *w = otl_walk_new(NULL, 0);
    struct otl_walk_why why;
    const char *c = rel;
    char *dir;
    size_t n;
    int r = 1;

    if (w == NULL)
        return -1;
    /* the top as otl_walk_next names it: no trailing '/', "/" as "" */
    n = strlen(top);
    while (n > 1 && top[n - 1] == '/')
        n--;
    dir = strcmp(top, "/") == 0 || n == 0 ? strdup("") : strndup(top, n);
    if (otl_walk_exclude(w, excludes, nexcludes) != 0 || dir == NULL) {
        free(dir);
        otl_walk_free(w);
        return -1;
    }
    push_level(w, dir);
    while (r == 1 && !w->oom) {
        const char *sl = strchr(c, '/');
        struct stat st;
        char *p = otl_asprintf("%s/%.*s", w->lv[w->nlv - 1].dir,
                               (int)(sl != NULL ? (size_t)(sl - c) : strlen(c)), c);
        if (p == NULL) {
            r = -1;
            break;
        }
        memset(&why, 0, sizeof why);
        /* a directory on the way that is a link (never followed) or
         * is not there: the walk does not get there */
        if (sl != NULL && (lstat(p, &st) != 0 || !S_ISDIR(st.st_mode)))
            r = 0;
        else if (ignored(w, p, sl != NULL, &why))
            r = 0;
        otl_walk_why_clear(&why);
        if (r != 1 || sl == NULL) {
            free(p);
            break;
        }
        if (push_level(w, p) != 0)
            r = 0;
        c = sl + 1;
    }
    if (w->oom)
        r = -1;
    otl_walk_free(w);
    return r;
}
