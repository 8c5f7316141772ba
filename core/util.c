/* util.c - see util.h. */
#include <config.h>
#include "util.h"
#include "otlint.h"

#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/xmlerror.h>

void otl_sb_init(struct otl_sb *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
}

static int sb_reserve(struct otl_sb *b, size_t extra)
{
    if (otl_grow(&b->s, &b->cap, b->len + extra + 1, 1, 64) != 0) {
        b->oom = 1;
        return -1;
    }
    return 0;
}

void otl_sb_add(struct otl_sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->max && b->len + n > b->max) {
        n = b->max > b->len ? b->max - b->len : 0;
        b->truncated = 1;
    }
    if (sb_reserve(b, n) < 0)
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void otl_sb_adds(struct otl_sb *b, const char *s)
{
    otl_sb_add(b, s, strlen(s));
}

void otl_sb_addf(struct otl_sb *b, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    otl_sb_add(b, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
}

char *otl_sb_take(struct otl_sb *b)
{
    char *s;

    if (b->oom) {
        otl_sb_free(b);
        return NULL;
    }
    s = b->s ? b->s : strdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void otl_sb_free(struct otl_sb *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

int otl_grow(void *vp, size_t *cap, size_t need, size_t elsize, size_t first)
{
    size_t max = elsize ? SIZE_MAX / elsize : SIZE_MAX, ncap;
    void *p;

    if (need <= *cap)
        return OTL_OK;
    if (need > max) {
        errno = ENOMEM;
        return OTL_FAIL;
    }
    ncap = *cap ? *cap : first ? first : 1;
    while (ncap < need)
        ncap = ncap > max / 2 ? max : ncap * 2;
    /* vp points at a `T *`: read and written as bytes, not as a void *. */
    memcpy(&p, vp, sizeof p);
    p = realloc(p, ncap * elsize);
    if (p == NULL)
        return OTL_FAIL;
    memcpy(vp, &p, sizeof p);
    *cap = ncap;
    return OTL_OK;
}

char *otl_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *otl_asprintf(const char *fmt, ...)
{
    va_list ap;
    char *p;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return NULL;
    p = malloc((size_t)k + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)k + 1, fmt, ap);
    va_end(ap);
    return p;
}

void otl_hash_init(struct otl_hash *h)
{
    h->a = 0xcbf29ce484222325ULL;
    h->b = 0x84222325cbf29ce4ULL;
}

void otl_hash_add(struct otl_hash *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i;

    for (i = 0; i < n; i++) {
        h->a = (h->a ^ s[i]) * 0x100000001b3ULL;
        h->b = (h->b ^ s[i]) * 0x100000001b3ULL;
        h->b ^= h->b >> 29;
    }
}

void otl_hash_hex(const struct otl_hash *h, char out[33])
{
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h->a, (unsigned long long)h->b);
}

int otl_parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    unsigned long v;

    if (s == NULL || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = v;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void otl_free_list(char **v, size_t n)
{
    while (n > 0)
        free(v[--n]);
    free(v);
}

int otl_list_dir(const char *dir, int (*keep)(const char *name), const char *suffix, char ***out,
                 size_t *nout)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t n = 0, cap = 0;
    int root = strcmp(dir, "/") == 0;

    *out = NULL;
    *nout = 0;
    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 || !keep(e->d_name))
            continue;
        if (otl_grow(&v, &cap, n + 1, sizeof *v, 32) != 0)
            goto oom;
        v[n] = otl_asprintf("%s%s%s%s", root ? "" : dir, "/", e->d_name, suffix ? suffix : "");
        if (v[n] == NULL)
            goto oom;
        n++;
    }
    closedir(d);
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    *nout = n;
    return 0;
oom:
    closedir(d);
    otl_free_list(v, n);
    errno = ENOMEM;
    return -1;
}

void otl_loaderr(struct otl_loaderr *le, unsigned long line, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    le->errors++;
    if (le->fn)
        le->fn(le->arg, OTL_DIAG_ERROR, le->file, line, buf);
}

void otl_loaderr_xml(void *arg, int level, const char *file, unsigned long line, const char *msg)
{
    (void)file; /* the parse names the same file */
    if (level >= OTL_DIAG_ERROR)
        otl_loaderr(arg, line, "%s", msg);
}

/* "*.xml", not hidden. */
static int is_xml_name(const char *name)
{
    size_t l = strlen(name);
    return name[0] != '.' && l > 4 && strcmp(name + l - 4, ".xml") == 0;
}

int otl_load_path(const char *path, otl_file_loader one, void *ctx, const char *schema_dir,
                  otl_errfn fn, void *arg, int need_one)
{
    struct stat st;
    char **names = NULL;
    size_t n = 0;
    int errors = 0;

    if (stat(path, &st) != 0) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, path, 0, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode))
        return one(ctx, path, schema_dir, fn, arg);
    if (otl_list_dir(path, is_xml_name, NULL, &names, &n) != 0) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, path, 0, strerror(errno));
        return 1;
    }
    if (n == 0 && need_one) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, path, 0, "no *.xml file in this directory");
        errors = 1;
    }
    for (size_t i = 0; i < n; i++)
        errors += one(ctx, names[i], schema_dir, fn, arg);
    otl_free_list(names, n);
    return errors;
}

void otl_xml_oom_clear(void)
{
    xmlResetLastError();
}

int otl_xml_oom_seen(void)
{
    const xmlError *e = xmlGetLastError();

    /* XPath reports the same through its own code. */
    return e != NULL && (e->code == XML_ERR_NO_MEMORY || e->code == XML_XPATH_MEMORY_ERROR);
}

int otl_open_regular(const char *path, struct stat *st)
{
    int fd, fl;

    if (stat(path, st) != 0)
        return -1;
    if (!S_ISREG(st->st_mode))
        return OTL_NOT_REGULAR;
    fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        int err = errno;
        close(fd);
        errno = err;
        return S_ISREG(st->st_mode) ? -1 : OTL_NOT_REGULAR;
    }
    if ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}
