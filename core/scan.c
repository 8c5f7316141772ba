/* scan.c - see scan.h. */
#include <config.h>
#include "scan.h"
#include "rollup.h"
#include "waiver.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limits.h"
#include "util.h"
#include "xmlsafe.h"

/* ------------------------------------------------------------------ discovery */

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
    size_t nerrs;
    int oom;
};

static void walk_err(struct otl_walk *w, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void walk_err(struct otl_walk *w, const char *path, const char *fmt, ...)
{
    struct otl_file *nv = realloc(w->errs, (w->nerrs + 1) * sizeof *nv), *f;
    char buf[512];
    va_list ap;

    if (nv == NULL) {
        w->oom = 1;
        return;
    }
    w->errs = nv;
    f = &nv[w->nerrs++];
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
        if (l->n == ncap) {
            size_t c = ncap ? ncap * 2 : 64;
            union entry *nv = realloc(l->names, c * sizeof *nv);
            if (nv == NULL)
                goto nomem;
            l->names = nv;
            ncap = c;
        }
        if (len + k > cap) {
            size_t c = cap ? cap * 2 : 1024;
            char *nb;
            while (c < len + k)
                c *= 2;
            if ((nb = realloc(l->buf, c)) == NULL)
                goto nomem;
            l->buf = nb;
            cap = c;
        }
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
            if (stat(p, &st) != 0) {
                walk_err(w, p, "cannot read: %s", strerror(errno));
                free(p);
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
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
    w->nerrs = 0;
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

int otl_discover(char *const *paths, size_t npaths, struct otl_input_file **out, size_t *nout,
                 struct otl_file **errs, size_t *nerrs)
{
    struct otl_walk *w = otl_walk_new(paths, npaths);
    struct otl_input_file *v = NULL;
    size_t n = 0, cap = 0;
    char *p;
    int ex, rc;

    *out = NULL;
    *nout = 0;
    *errs = NULL;
    *nerrs = 0;
    if (w == NULL)
        return -1;
    while ((rc = otl_walk_next(w, &p, &ex)) == 1) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct otl_input_file *nv = realloc(v, ncap * sizeof *nv);
            if (nv == NULL) {
                free(p);
                rc = -1;
                break;
            }
            v = nv;
            cap = ncap;
        }
        v[n].path = p;
        v[n].explicit_ = ex;
        n++;
    }
    *out = v;
    *nout = n;
    otl_walk_errors(w, errs, nerrs);
    otl_walk_free(w);
    return rc < 0 ? -1 : 0;
}

void otl_inputs_free(struct otl_input_file *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        free(v[i].path);
    free(v);
}

/* ------------------------------------------------------------------ parse */

struct otl_parse_ctx {
    struct otl_file *file;
    struct otl_xml_sink sink;
    const unsigned char *map; /* the input's read-only file mapping */
    size_t maplen;
    struct otl_rawrecs *recs; /* raw statements as records, or NULL: elements */
};

static void host_diag(struct otl_parse_ctx *ctx, enum otl_diag_level level, unsigned long line,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void host_diag(struct otl_parse_ctx *ctx, enum otl_diag_level level, unsigned long line,
                      const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    otl_file_diag(ctx->file, (int)level, line, "%s", buf);
}

static void xml_to_diag(void *arg, int level, unsigned long line, const char *msg)
{
    struct otl_parse_ctx *ctx = arg;

    otl_file_diag(ctx->file, level, line, "XML: %s", msg);
}

static xmlDocPtr host_xml_read(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len)
{
    return otl_xml_read_memory(data, len, ctx->file->path, xml_to_diag, ctx);
}

static struct _xmlTextReader *host_xml_reader(struct otl_parse_ctx *ctx, const unsigned char *data,
                                              size_t len)
{
    ctx->sink.fn = xml_to_diag;
    ctx->sink.arg = ctx;
    return otl_xml_reader_memory(data, len, ctx->file->path, &ctx->sink, ctx->map, ctx->maplen);
}

static int host_raw_stmt(struct otl_parse_ctx *ctx, unsigned depth, unsigned long line,
                         const char *text, size_t len, unsigned flags)
{
    if (ctx->recs == NULL)
        return -1;
    return otl_rawrecs_add(ctx->recs, depth, line, text, len, flags);
}

static int host_xml_sax(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len,
                        const struct _xmlSAXHandler *handlers, void *user)
{
    ctx->sink.fn = xml_to_diag;
    ctx->sink.arg = ctx;
    return otl_xml_sax_memory(data, len, ctx->file->path, &ctx->sink, ctx->map, ctx->maplen,
                              handlers, user);
}

/* The host a plugin gets: with raw_stmt when nothing reads the raw elements
 * (otl_evaluator_reads_raw), so the plugin may hand its raw statements over
 * as records; without it, the plugin builds them as elements. */
static const struct otl_host host_tables[2] = {
    {OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_host), host_diag, OTL_MAX_LINE_LEN,
     OTL_MAX_DEPTH, OTL_MAX_NODES, host_xml_read, host_xml_reader, NULL, host_xml_sax, {NULL}},
    {OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_host), host_diag, OTL_MAX_LINE_LEN,
     OTL_MAX_DEPTH, OTL_MAX_NODES, host_xml_read, host_xml_reader, host_raw_stmt, host_xml_sax,
     {NULL}},
};

static void file_out_of_memory(struct otl_file *f, const char *when);

/* Up to this size a file is read into the heap; above it, mapped (the
 * streaming XML reader releases the pages behind it).  Unmapping in a
 * process with several threads costs each thread a TLB flush: with a
 * mapping per file that was a tenth of the scan's system time at -j2. */
#define READ_MAX (1u << 20)

/* A worker's read buffer, grown to the largest file it has read (at most
 * READ_MAX) and used again for every file: a fresh buffer per file left
 * the allocator's arenas fragmented, and the RSS crept up with the number
 * of files scanned (bench: 10,000 files against 1,000). */
struct rbuf {
    unsigned char *p;
    size_t cap;
};

/* Read a whole file: read() up to READ_MAX, mmap above (*mapped says
 * which; *data is then rb's buffer when rb is given, else malloc'd).
 * Refuses FIFOs, devices and sockets (a FIFO would block), and files over
 * the size limit. */
static int read_input(const char *path, size_t max, unsigned char **data, size_t *len,
                      int *mapped, struct otl_file *f, struct rbuf *rb)
{
    struct stat st;
    void *p;
    int fd;

    *data = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "cannot open: %s", strerror(errno));
        f->status = OTL_FILE_UNREADABLE;
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "not a regular file");
        f->status = OTL_FILE_UNREADABLE;
        close(fd);
        return -1;
    }
    if ((unsigned long long)st.st_size > (unsigned long long)max) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "file is %llu bytes, over the limit of %zu (--max-file-size)",
                      (unsigned long long)st.st_size, max);
        f->status = OTL_FILE_LIMIT;
        close(fd);
        return -1;
    }
    *mapped = 0;
    if (st.st_size == 0) {
        close(fd);
        return 0;
    }
    if (st.st_size <= READ_MAX) {
        size_t want = (size_t)st.st_size, got = 0;
        unsigned char *b;
        if (rb != NULL && rb->cap < want) {
            free(rb->p);
            rb->cap = 0;
            if ((rb->p = malloc(want)) != NULL)
                rb->cap = want;
        }
        b = rb != NULL ? rb->p : malloc(want);
        if (b == NULL) {
            file_out_of_memory(f, "while reading");
            close(fd);
            return -1;
        }
        /* A file that shrinks while read is read as it is now; one that
         * grows, up to the size it had. */
        while (got < want) {
            ssize_t k = read(fd, b + got, want - got);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                otl_file_diag(f, OTL_DIAG_ERROR, 0, "cannot read: %s", strerror(errno));
                f->status = OTL_FILE_UNREADABLE;
                if (rb == NULL)
                    free(b);
                close(fd);
                return -1;
            }
            if (k == 0)
                break;
            got += (size_t)k;
        }
        close(fd);
        if (got == 0) {
            if (rb == NULL)
                free(b);
            return 0;
        }
        *data = b;
        *len = got;
        return 0;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "cannot map: %s", strerror(errno));
        f->status = OTL_FILE_UNREADABLE;
        return -1;
    }
    *data = p;
    *len = (size_t)st.st_size;
    *mapped = 1;
    return 0;
}

static __thread struct otl_activity activity;

const struct otl_activity *otl_activity_current(void)
{
    return &activity;
}

static void activity_set(const struct otl_plugin *pl, const char *name, const char *stage,
                         const char *input)
{
    activity.input = input;
    activity.plugin = name;
    activity.file = pl->path;
    /* The stage last: the crash handler reports only when it is set. */
    __atomic_store_n(&activity.stage, stage, __ATOMIC_RELEASE);
}

static void activity_clear(void)
{
    __atomic_store_n(&activity.stage, NULL, __ATOMIC_RELEASE);
}

static const struct otl_plugin *pick_format(const struct otl_registry *reg,
                                            const struct otl_input *in)
{
    struct otl_input head = *in;
    const struct otl_plugin *best = NULL;
    int best_score = 0;
    size_t i;

    if (head.len > OTL_SNIFF_LEN)
        head.len = OTL_SNIFF_LEN;
    for (i = 0; i < reg->n; i++) {
        int s;
        if (reg->v[i].kind != OTL_PLUGIN_FORMAT)
            continue;
        activity_set(&reg->v[i], reg->v[i].format->name, "sniff", in->path);
        s = reg->v[i].format->sniff(&head);
        activity_clear();
        if (s > 100)
            s = 100;
        if (s > best_score) {
            best_score = s;
            best = &reg->v[i];
        }
    }
    return best;
}

static int new_devdoc(struct otl_devdoc *dd, const char *path, const char *format)
{
    memset(dd, 0, sizeof *dd);
    dd->doc = xmlNewDoc((const xmlChar *)"1.0");
    if (dd->doc == NULL)
        return -1;
    /* No dictionary for the names (it would save an allocation per name,
     * 1-2% of a scan): libxml2 2.9.14 makes a node or attribute without a
     * name when xmlDictLookup() runs out of memory, and records no error
     * for it, so the loss would go unseen (tests/oom/oom-scan).  xmlStrdup()
     * records one (util.h, otl_xml_oom_seen). */
    dd->device = xmlNewNode(NULL, (const xmlChar *)"device");
    if (dd->device == NULL)
        goto oom;
    xmlDocSetRootElement(dd->doc, dd->device);
    dd->facts = xmlNewChild(dd->device, NULL, (const xmlChar *)"facts", NULL);
    dd->raw = xmlNewChild(dd->device, NULL, (const xmlChar *)"raw", NULL);
    if (dd->facts == NULL || dd->raw == NULL)
        goto oom;
    /* Paths are bytes; the attribute must be UTF-8. */
    {
        char *clean = otl_utf8_clean(path);
        if (clean == NULL || !xmlSetProp(dd->device, (const xmlChar *)"file", (const xmlChar *)clean)) {
            free(clean);
            goto oom;
        }
        free(clean);
    }
    if (!xmlSetProp(dd->device, (const xmlChar *)"format", (const xmlChar *)format))
        goto oom;
    return 0;
oom:
    xmlFreeDoc(dd->doc);
    memset(dd, 0, sizeof *dd);
    return -1;
}

/* What both parse entry points do first: an empty document, the file's
 * path, coverage unknown.  -1 when out of memory (status limit: never "ok"
 * with nothing in it). */
static int start_file(struct otl_file *f, const char *path, struct otl_devdoc *dd)
{
    memset(dd, 0, sizeof *dd);
    if (f->path == NULL && (f->path = strdup(path)) == NULL) {
        f->status = OTL_FILE_LIMIT;
        return -1;
    }
    f->coverage = -1;
    return 0;
}

int otl_parse_memory(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                     const char *path, const unsigned char *data, size_t len,
                     const unsigned char *map, size_t maplen, struct otl_file *f,
                     struct otl_devdoc *dd, struct otl_rawrecs *recs)
{
    const struct otl_host *host;
    struct otl_parse_ctx ctx;
    struct otl_input in;
    const struct otl_plugin *pl;
    enum otl_parse_status ps;
    size_t i;

    host = &host_tables[recs != NULL];

    if (start_file(f, path, dd) != 0)
        return -1;
    in.path = path;
    in.data = data ? data : (const unsigned char *)"";
    in.len = data ? len : 0;
    if (opts->force_format) {
        pl = otl_registry_find_format(reg, opts->force_format);
    } else {
        pl = pick_format(reg, &in);
    }
    if (pl == NULL) {
        f->status = OTL_FILE_UNRECOGNISED;
        otl_file_diag(f, OTL_DIAG_WARNING, 0,
                      in.len == 0 ? "empty file: no format plugin recognised it"
                                  : "no format plugin recognised this file (see otlint formats; --format forces one)");
        return -1;
    }
    f->format = pl->format->name;
    /* From here on an attribute without its value or a node without its
     * name is told only by libxml2's last error (util.h). */
    otl_xml_oom_clear();
    if (new_devdoc(dd, path, pl->format->name) != 0) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0, "out of memory");
        f->status = OTL_FILE_PARSE_ERROR;
        return -1;
    }
    ctx.file = f;
    memset(&ctx.sink, 0, sizeof ctx.sink);
    ctx.map = map;
    ctx.maplen = map ? maplen : 0;
    ctx.recs = recs;
    if (recs)
        otl_rawrecs_reset(recs);
    activity_set(pl, pl->format->name, "parse", path);
    ps = pl->format->parse(host, &ctx, &in, dd);
    activity_clear();
    if (otl_xml_oom_seen() || f->oom) /* f->oom: a diagnostic was lost */
        ps = OTL_PARSE_NOMEM;
    if (ps == OTL_PARSE_FAILED || ps == OTL_PARSE_NOMEM) {
        if (ps == OTL_PARSE_NOMEM)
            otl_file_diag(f, OTL_DIAG_ERROR, 0, "out of memory while parsing");
        else if (f->ndiags == 0)
            otl_file_diag(f, OTL_DIAG_ERROR, 0, "%s could not parse this file", pl->format->name);
        f->status = OTL_FILE_PARSE_ERROR;
        xmlFreeDoc(dd->doc);
        memset(dd, 0, sizeof *dd);
        return -1;
    }
    f->status = ps == OTL_PARSE_PARTIAL ? OTL_FILE_PARTIAL : OTL_FILE_OK;
    for (i = 0; i < f->ndiags; i++)
        if (f->diags[i].level >= OTL_DIAG_ERROR)
            f->status = OTL_FILE_PARTIAL;
    for (i = 0; i < reg->n; i++) {
        const struct otl_checker *ck = reg->v[i].checker;
        int bad;
        if (reg->v[i].kind != OTL_PLUGIN_CHECKER || ck->analyse == NULL)
            continue;
        activity_set(&reg->v[i], ck->name, "analyse", path);
        bad = ck->analyse(host, &ctx, dd) != 0;
        activity_clear();
        if (bad)
            otl_file_diag(f, OTL_DIAG_ERROR, 0, "checker %s failed on this document", ck->name);
    }
    return 0;
}

static int parse_file(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                      const char *path, struct otl_file *f, struct otl_devdoc *dd,
                      struct otl_rawrecs *recs, struct rbuf *rb)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc, mapped = 0;

    if (start_file(f, path, dd) != 0)
        return -1;
    if (read_input(path, opts->max_file_size, &data, &len, &mapped, f, rb) != 0)
        return -1;
    /* A mapping is also the streaming XML reader's to release behind it. */
    rc = otl_parse_memory(reg, opts, path, data, len, mapped ? data : NULL, mapped ? len : 0, f,
                          dd, recs);
    if (mapped)
        munmap(data, len);
    else if (rb == NULL)
        free(data);
    return rc;
}

int otl_parse_file(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                   const char *path, struct otl_file *f, struct otl_devdoc *dd,
                   struct otl_rawrecs *recs)
{
    return parse_file(reg, opts, path, f, dd, recs, NULL);
}

/* ------------------------------------------------------------------ workers */

/* Out of memory part-way through a file: what was computed of it is
 * incomplete (rules not run, findings or a roll-up missing), so none of it
 * is reported as a result.  The file counts as not checked (status limit:
 * exit 3) and says why, as far as memory allows. */
static void file_out_of_memory(struct otl_file *f, const char *when)
{
    size_t k;

    for (k = 0; k < f->nresults; k++)
        free(f->results[k].reason);
    free(f->results);
    f->results = NULL;
    f->nresults = 0;
    for (k = 0; k < f->nfindings; k++) {
        free(f->findings[k].message);
        free(f->findings[k].evidence);
        free(f->findings[k].object);
    }
    free(f->findings);
    f->findings = NULL;
    f->nfindings = 0;
    otl_rollup_free(f->rollup);
    f->rollup = NULL;
    f->status = OTL_FILE_LIMIT;
    otl_file_diag(f, OTL_DIAG_ERROR, 0, "out of memory %s: the file was not checked", when);
}

struct job {
    struct otl_scan *scan;
    const struct otl_input_file *inputs;
    struct otl_walk *walk; /* or the inputs come from here, one at a time */
    size_t ninputs;        /* with a walk: SIZE_MAX until it ends (lock) */
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
    /* scan->files: one slot per input, or, when handing over, a ring of
     * `nslots` (= the window, or fewer inputs): input i is in slot
     * i % nslots, which is cleared once the file is handed over. */
    size_t nslots;
    int ring; /* nslots < the inputs: set before the workers start */
};

enum { SLOT_OPEN = 0, SLOT_DONE, SLOT_EMITTED, SLOT_CLEARING };

static struct otl_file *slot(struct job *j, size_t i)
{
    return &j->scan->files[j->ring ? i % j->nslots : i];
}

/* The next input for a worker: 1 with its number, its path when it came
 * from the walk (malloc'd, the worker's; else NULL) and whether it was named
 * on the command line; 0 when there is none.  *stale: its slot still holds
 * a handed-over file, which the caller clears first. */
static int take(struct job *j, size_t *i, char **path, int *explicit_, int *stale)
{
    int got = 0;

    *path = NULL;
    *stale = 0;
    pthread_mutex_lock(&j->lock);
    while (j->done != NULL && j->next < j->ninputs &&
           (j->next >= j->emitted + j->window || j->done[j->next % j->nslots] == SLOT_CLEARING))
        pthread_cond_wait(&j->room, &j->lock);
    if (j->next < j->ninputs && j->walk == NULL) {
        *explicit_ = j->inputs[j->next].explicit_;
        *i = j->next++;
        got = 1;
    } else if (j->next < j->ninputs) {
        int rc = otl_walk_next(j->walk, path, explicit_);
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
    if (got && j->done != NULL) {
        size_t s = *i % j->nslots;
        *stale = j->done[s] == SLOT_EMITTED;
        j->done[s] = SLOT_OPEN;
        j->occ[s] = *i;
    }
    pthread_mutex_unlock(&j->lock);
    return got;
}

/* Clear the handed-over files this worker made (mine[], *nmine of them):
 * those still waiting to be handed over stay on the list. */
static void reclaim(struct job *j, size_t *mine, size_t *nmine, size_t *clr)
{
    size_t a, keep = 0, nclr = 0;

    if (j->done == NULL || *nmine == 0)
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
    if (j->done == NULL)
        return;
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

/* Read, parse, evaluate, waive and roll up input i into its slot: `path`
 * (taken over), else inputs[i]'s.  `recs`: the worker's record store when
 * its raw elements would be read by nothing, else NULL. */
static void run_one(struct job *j, struct otl_evaluator *ev, struct otl_rawrecs *recs,
                    struct rbuf *rb, size_t i, char *path, int explicit_)
{
    struct otl_file *f = slot(j, i);
    struct otl_devdoc dd;
    unsigned classes;

    f->path = path != NULL ? path : strdup(j->inputs[i].path);
    if (f->path == NULL) {
        /* Not even its name: the status still keeps it from passing. */
        f->status = OTL_FILE_LIMIT;
        return;
    }
    if (parse_file(j->reg, j->opts, f->path, f, &dd, recs, rb) != 0) {
        if (f->status == OTL_FILE_UNRECOGNISED && !explicit_) {
            /* Found while walking: a README next to the configs is not an
             * input error; it is reported as skipped. */
            f->status = OTL_FILE_SKIPPED;
            if (f->ndiags)
                f->diags[f->ndiags - 1].level = OTL_DIAG_NOTE;
        }
        if (f->device == NULL)
            f->device = otl_strdup(f->path);
        return;
    }
    classes = otl_registry_find_format(j->reg, f->format)->format->classes;
    otl_evaluator_set_raw(ev, recs);
    if (otl_evaluate(ev, &dd, classes, f) != 0) {
        xmlFreeDoc(dd.doc);
        file_out_of_memory(f, "while evaluating");
        return;
    }
    xmlFreeDoc(dd.doc);
    otl_waivers_apply(j->opts->waivers, f);
    if (j->scan->catalog != NULL &&
        (f->rollup = otl_rollup_device(j->scan->catalog, f, j->scan->target_sl)) == NULL)
        file_out_of_memory(f, "in the requirement roll-up");
    else if (f->oom) /* a diagnostic could not be kept */
        file_out_of_memory(f, "while recording the result");
}

static void *worker(void *arg)
{
    struct job *j = arg;
    char err[256];
    struct otl_evaluator *ev;
    struct otl_rawrecs recs;
    struct rbuf rb = {NULL, 0};
    int use_recs;
    size_t *mine = NULL, nmine = 0;

    otl_xml_thread_init();
    ev = otl_evaluator_new(j->sel, j->reg, err, sizeof err);

    if (ev == NULL) {
        pthread_mutex_lock(&j->lock);
        if (!j->failed)
            snprintf(j->err, sizeof j->err, "%s", err);
        j->failed = 1;
        pthread_mutex_unlock(&j->lock);
        return NULL;
    }
    /* Raw statements as records when nothing reads the raw elements. */
    use_recs = !otl_evaluator_reads_raw(ev);
    memset(&recs, 0, sizeof recs);
    if (j->done != NULL) {
        /* the files it made and has not cleared: at most one per slot */
        mine = malloc(2 * j->nslots * sizeof *mine);
        if (mine == NULL) {
            pthread_mutex_lock(&j->lock);
            if (!j->failed)
                snprintf(j->err, sizeof j->err, "out of memory");
            j->failed = 1;
            pthread_mutex_unlock(&j->lock);
            otl_evaluator_free(ev);
            return NULL;
        }
    }
    for (;;) {
        size_t i;
        char *path;
        int explicit_, stale;

        reclaim(j, mine, &nmine, mine + (mine ? j->nslots : 0));
        if (!take(j, &i, &path, &explicit_, &stale))
            break;
        if (stale)
            otl_file_clear(slot(j, i));
        run_one(j, ev, use_recs ? &recs : NULL, &rb, i, path, explicit_);
        if (mine != NULL)
            mine[nmine++] = i;
        finished(j, i);
    }
    free(mine);
    free(rb.p);
    otl_rawrecs_free(&recs);
    otl_evaluator_free(ev);
    return NULL;
}

int otl_scan_run(struct otl_scan *scan, const struct otl_input_file *inputs, size_t ninputs,
                 const struct otl_registry *reg, const struct otl_selection *sel,
                 const struct otl_scan_opts *opts, char *err, size_t errlen)
{
    struct job j;
    pthread_t tids[256];
    unsigned n = opts->jobs, started = 0, i;

    memset(&j, 0, sizeof j);
    if (n < 1)
        n = 1;
    if (opts->walk != NULL) {
        /* files named, no directory: no more workers than files */
        size_t bound = otl_walk_bound(opts->walk);
        if (bound < n)
            n = bound ? (unsigned)bound : 1;
    }
    if (opts->walk != NULL) {
        if (opts->emit == NULL) {
            snprintf(err, errlen, "a walk needs emit");
            return -1;
        }
        ninputs = SIZE_MAX; /* until it ends */
    }
    j.nslots = ninputs;
    if (opts->emit != NULL) {
        /* Enough that a slow file rarely stalls the others; few enough
         * that the results waiting for it stay small. */
        j.window = (size_t)(n > 256 ? 256 : n) * 64;
        if (j.window < j.nslots)
            j.nslots = j.window;
        j.done = calloc(j.nslots ? j.nslots : 1, 1);
        j.occ = calloc(j.nslots ? j.nslots : 1, sizeof *j.occ);
        if (j.done == NULL || j.occ == NULL) {
            free(j.done);
            free(j.occ);
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    scan->files = calloc(j.nslots ? j.nslots : 1, sizeof *scan->files);
    if (scan->files == NULL) {
        free(j.done);
        free(j.occ);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (i = 0; i < j.nslots; i++)
        scan->files[i].coverage = -1;
    /* Handed over, the files are gone once the scan ends. */
    scan->nfiles = opts->emit != NULL ? 0 : ninputs;
    j.scan = scan;
    j.inputs = inputs;
    j.walk = opts->walk;
    j.ninputs = ninputs;
    j.ring = j.nslots < ninputs;
    j.reg = reg;
    j.sel = sel;
    j.opts = opts;
    pthread_mutex_init(&j.lock, NULL);
    pthread_cond_init(&j.room, NULL);
    if (n > sizeof tids / sizeof *tids)
        n = sizeof tids / sizeof *tids;
    if (n > ninputs)
        n = ninputs ? (unsigned)ninputs : 1;
    if (n == 1) {
        worker(&j);
    } else {
        for (i = 0; i < n; i++)
            if (pthread_create(&tids[i], NULL, worker, &j) == 0)
                started++;
        if (started == 0)
            worker(&j);
        for (i = 0; i < started; i++)
            pthread_join(tids[i], NULL);
    }
    free(j.done);
    free(j.occ);
    pthread_cond_destroy(&j.room);
    pthread_mutex_destroy(&j.lock);
    if (opts->emit != NULL) {
        /* Files not handed over (a worker failed) and the last ones
         * handed over go with the ring. */
        for (size_t k = 0; k < j.nslots; k++)
            otl_file_clear(&scan->files[k]);
        free(scan->files);
        scan->files = NULL;
    }
    if (j.failed) {
        snprintf(err, errlen, "%s", j.err);
        return -1;
    }
    return 0;
}
