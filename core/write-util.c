/* write-util.c - see write-util.h. */
#include <config.h>
#include "write-util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "result.h"

/* Is code point c an invisible format character a terminal would obey or
 * hide: bidi embeddings, overrides, isolates and marks, zero-width
 * characters, word joiner and invisible operators, the BOM, interlinear
 * annotation, tag characters (Unicode category Cf), and the line and
 * paragraph separators? */
static int is_format(uint32_t c)
{
    return c == 0x00AD || c == 0x061C || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
           (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF ||
           (c >= 0xFFF9 && c <= 0xFFFB) || c == 0x110BD || c == 0x110CD ||
           (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE007F);
}

/* The code point of the well-formed UTF-8 sequence at p, its length in *len. */
static uint32_t utf8_at(const unsigned char *p, size_t *len)
{
    if (p[0] < 0xE0) {
        *len = 2;
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    }
    if (p[0] < 0xF0) {
        *len = 3;
        return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    }
    *len = 4;
    return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
           (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

char *otl_text_safe(const char *s)
{
    char *clean = otl_utf8_clean(s != NULL ? s : ""), *out, *o;
    size_t n, len;
    uint32_t c;

    if (clean == NULL)
        return NULL;
    /* Worst case: one byte becomes four ("\x01"); a sequence of two, three
     * or four bytes at most six or ten ("\u0085", "\U000e0001"). */
    n = strlen(clean);
    out = n <= (SIZE_MAX - 1) / 4 ? malloc(n * 4 + 1) : NULL;
    if (out == NULL) {
        free(clean);
        return NULL;
    }
    o = out;
    for (const unsigned char *p = (const unsigned char *)clean; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7F) {
            o += snprintf(o, 5, "\\x%02x", *p);
            continue;
        }
        if (*p < 0x80) {
            *o++ = (char)*p;
            continue;
        }
        c = utf8_at(p, &len); /* well-formed: otl_utf8_clean */
        if ((c >= 0x80 && c <= 0x9F) || is_format(c))
            o += c > 0xFFFF ? snprintf(o, 11, "\\U%08lx", (unsigned long)c)
                            : snprintf(o, 7, "\\u%04lx", (unsigned long)c);
        else {
            memcpy(o, p, len);
            o += len;
        }
        p += len - 1;
    }
    *o = '\0';
    free(clean);
    return out;
}

int otl_text_put(FILE *out, const char *s)
{
    const unsigned char *p;
    char *safe;

    if (s == NULL)
        return 0;
    /* printable ASCII, most of every report: nothing to clean or escape */
    for (p = (const unsigned char *)s; *p >= 0x20 && *p < 0x7F; p++)
        ;
    if (*p == '\0') {
        size_t n = (size_t)(p - (const unsigned char *)s);
        return fwrite(s, 1, n, out) == n ? 0 : -1;
    }
    safe = otl_text_safe(s);
    if (safe == NULL)
        return -1;
    fputs(safe, out);
    free(safe);
    return 0;
}

json_t *otl_jstr(const char *s)
{
    char *clean;
    json_t *j;

    if (s == NULL)
        return json_null();
    clean = otl_utf8_clean(s);
    if (clean == NULL)
        return NULL;
    j = json_string(clean);
    free(clean);
    return j;
}

int otl_flush(FILE *out)
{
    if (fflush(out) != 0 || ferror(out)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}

int otl_stdout_close(void)
{
    int bad, err;

    errno = 0;
    bad = fflush(stdout) != 0 || ferror(stdout);
    err = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    if (!bad)
        return 0;
    errno = err != 0 ? err : EIO;
    return -1;
}

int otl_json_dump(FILE *out, const json_t *root, size_t flags)
{
    errno = 0;
    if (json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags) != 0 ||
        fputc('\n', out) == EOF) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return otl_flush(out);
}

/* ------------------------------------------------------------------ steps */

int otl_write_whole(const struct otl_writer *w, FILE *out, const struct otl_scan *scan, int color,
                    int quiet)
{
    void *st = NULL;
    int err;

    if (w->begin(&st, out, scan, color, quiet) != 0)
        return -1;
    for (size_t i = 0; i < scan->nfiles; i++) {
        if (w->file(st, &scan->files[i]) != 0) {
            err = errno;
            w->discard(st);
            errno = err;
            return -1;
        }
    }
    return w->end(st);
}

FILE *otl_tmpfile(void)
{
    const char *dir = getenv("TMPDIR");
    char *tmpl;
    size_t len;
    FILE *f;
    int fd, err;

    if (dir == NULL || dir[0] != '/')
        dir = "/tmp";
    len = strlen(dir) + sizeof "/otlint.XXXXXX";
    tmpl = malloc(len);
    if (tmpl == NULL)
        return NULL;
    snprintf(tmpl, len, "%s/otlint.XXXXXX", dir);
    fd = mkstemp(tmpl);
    if (fd < 0) {
        err = errno;
        free(tmpl);
        errno = err;
        return NULL;
    }
    /* Unnamed from the start: nothing is left behind, whatever happens. */
    unlink(tmpl);
    free(tmpl);
    f = fdopen(fd, "w+");
    if (f == NULL) {
        err = errno;
        close(fd);
        errno = err;
    }
    return f;
}

int otl_spill_open(struct otl_spill *s)
{
    s->n = 0;
    s->tmp = otl_tmpfile();
    return s->tmp != NULL ? 0 : -1;
}

void *otl_spilled_new(size_t size, FILE *out, const struct otl_scan *scan)
{
    struct otl_spilled *b = calloc(1, size);
    int err;

    if (b == NULL)
        return NULL;
    b->out = out;
    b->scan = scan;
    if (otl_spill_open(&b->spill) != 0) {
        err = errno;
        free(b);
        errno = err;
        return NULL;
    }
    return b;
}

void otl_spill_close(struct otl_spill *s)
{
    if (s->tmp != NULL)
        fclose(s->tmp);
    s->tmp = NULL;
}

/* jansson writes through a callback: json_dumps() would build the text in
 * a buffer it grows, and jansson 2.14 ignores a failure to grow it while
 * writing an object key, returning text with the key cut short as if all
 * were well (tests/oom/oom-scan).  Written piece by piece, nothing is
 * allocated but jansson's own bookkeeping, whose failures it reports. */
static int to_file(const char *buf, size_t size, void *data)
{
    return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

/* Elements are stored as dumped at column 0, each followed by a NUL byte
 * (jansson escapes every control character inside strings, so a dump holds
 * none); indentation and separators are added when spliced. */
int otl_spill_json(struct otl_spill *s, const json_t *item, size_t flags)
{
    errno = 0;
    if (json_dump_callback(item, to_file, s->tmp,
                           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | flags) != 0 ||
        fputc('\0', s->tmp) == EOF) {
        if (errno == 0)
            errno = ENOMEM;
        return -1;
    }
    s->n++;
    return 0;
}

static void put_indent(FILE *out, unsigned depth)
{
    for (unsigned i = 0; i < depth; i++)
        fputs("  ", out);
}

/* `text` as written at nesting `depth`: every line after the first
 * indented by it.  A NUL byte ends an element: ",\n" and the indent. */
static void put_reindented(FILE *out, const char *text, size_t len, unsigned depth)
{
    const char *p = text, *end = text + len;

    while (p < end) {
        const char *q = p;
        while (q < end && *q != '\n' && *q != '\0')
            q++;
        fwrite(p, 1, (size_t)(q - p), out);
        if (q == end)
            break;
        fputs(*q == '\n' ? "\n" : ",\n", out);
        put_indent(out, depth);
        p = q + 1;
    }
}

struct reindent {
    FILE *out;
    unsigned depth;
};

static int to_file_indented(const char *buf, size_t size, void *data)
{
    struct reindent *r = data;

    put_reindented(r->out, buf, size, r->depth);
    return ferror(r->out) ? -1 : 0;
}

static int put_dump(FILE *out, const json_t *v, unsigned depth, size_t flags)
{
    struct reindent r = {out, depth};

    errno = 0;
    if (json_dump_callback(v, to_file_indented, &r,
                           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | flags) != 0) {
        if (errno == 0)
            errno = ENOMEM;
        return -1;
    }
    return 0;
}

/* The spilled elements as the array at `depth`. */
static int put_spill(FILE *out, struct otl_spill *s, unsigned depth)
{
    char buf[65536];
    size_t n, left;
    long size;

    if (s->n == 0) {
        fputs("[]", out);
        return 0;
    }
    if (fflush(s->tmp) != 0 || fseek(s->tmp, 0, SEEK_END) != 0 || (size = ftell(s->tmp)) < 1 ||
        fseek(s->tmp, 0, SEEK_SET) != 0)
        return -1;
    fputs("[\n", out);
    put_indent(out, depth + 1);
    /* The last byte is the last element's NUL: no separator after it. */
    left = (size_t)size - 1;
    while (left > 0 && (n = fread(buf, 1, left < sizeof buf ? left : sizeof buf, s->tmp)) > 0) {
        put_reindented(out, buf, n, depth + 1);
        left -= n;
    }
    if (left != 0 || ferror(s->tmp)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    fputc('\n', out);
    put_indent(out, depth);
    fputc(']', out);
    return 0;
}

static int contains(const json_t *v, const json_t *hole)
{
    const char *key;
    json_t *x;
    size_t i;

    if (v == hole)
        return 1;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, x)
            if (contains(x, hole))
                return 1;
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, x)
            if (contains(x, hole))
                return 1;
    }
    return 0;
}

/* `v` as json_dumpf(JSON_INDENT(2)) writes it at `depth`, with `hole`
 * replaced by the spill.  Containers on the way to the hole are written
 * here, the rest by jansson. */
static int put_value(FILE *out, const json_t *v, unsigned depth, const json_t *hole,
                     struct otl_spill *s, size_t flags)
{
    const char *key;
    json_t *x;
    size_t i, n;

    if (v == hole)
        return put_spill(out, s, depth);
    if (!contains(v, hole))
        return put_dump(out, v, depth, flags);
    /* Not empty: it holds the hole. */
    n = json_is_object(v) ? json_object_size(v) : json_array_size(v);
    fputs(json_is_object(v) ? "{\n" : "[\n", out);
    i = 0;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, x) {
            json_t *k = json_string(key);
            int bad;
            put_indent(out, depth + 1);
            bad = k == NULL || put_dump(out, k, 0, 0) != 0;
            json_decref(k);
            if (bad)
                return -1;
            fputs(": ", out);
            if (put_value(out, x, depth + 1, hole, s, flags) != 0)
                return -1;
            fputs(++i < n ? ",\n" : "\n", out);
        }
    } else {
        json_array_foreach(v, i, x) {
            put_indent(out, depth + 1);
            if (put_value(out, x, depth + 1, hole, s, flags) != 0)
                return -1;
            fputs(i + 1 < n ? ",\n" : "\n", out);
        }
    }
    put_indent(out, depth);
    fputc(json_is_object(v) ? '}' : ']', out);
    return 0;
}

int otl_json_dump_spliced(FILE *out, const json_t *root, const json_t *hole, struct otl_spill *s,
                          size_t flags)
{
    errno = 0;
    if (put_value(out, root, 0, hole, s, flags) != 0 || fputc('\n', out) == EOF) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return otl_flush(out);
}

int otl_spill_copy(FILE *out, struct otl_spill *s)
{
    char buf[65536];
    size_t n;

    errno = 0;
    if (fflush(s->tmp) != 0 || fseek(s->tmp, 0, SEEK_SET) != 0)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, s->tmp)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    if (ferror(s->tmp) || ferror(out)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}
