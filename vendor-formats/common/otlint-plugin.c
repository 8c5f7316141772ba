/* otlint-plugin.c - the plugin SDK: see otlint-plugin.h. */
#include "otlint-plugin.h"

#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The host of the thread's parse under way, as otlp_doc_init() last saw
 * it: the line reader's way to the core without a new argument.  The core
 * ignores a context that is not its parse under way (a stale one). */
static __thread const struct otl_host *thread_host;
static __thread struct otl_parse_ctx *thread_ctx;

void otlp_sdk_set_host(const struct otl_host *host, struct otl_parse_ctx *ctx)
{
    thread_host = host;
    thread_ctx = ctx;
}

/* Does `host` offer the ABI 1.4 calls? */
static int host_has_window(const struct otl_host *host)
{
    return host != NULL && host->abi_minor >= 4 &&
           host->size >= offsetof(struct otl_host, input_consumed) + sizeof host->input_consumed;
}

void otlp_reader_host(struct otlp_reader *r, const struct otl_host *host,
                      struct otl_parse_ctx *ctx)
{
    r->host = host_has_window(host) ? host : NULL;
    r->ctx = ctx;
}

void otlp_reader_init(struct otlp_reader *r, const struct otl_input *in)
{
    r->p = in->data;
    r->end = in->data + in->len;
    r->no = 0;
    r->expired = 0;
    r->mark = r->p + OTLP_WINDOW;
    otlp_reader_host(r, thread_host, thread_ctx);
}

int otlp_reader_expired(const struct otlp_reader *r)
{
    return r->expired;
}

/* Read up to `at`: tell the core, ask about the time limit. */
static void reader_window(struct otlp_reader *r, const unsigned char *at)
{
    r->mark = at + OTLP_WINDOW;
    if (r->host == NULL)
        return;
    if (r->host->input_consumed != NULL)
        r->host->input_consumed(r->ctx, at);
    if (r->host->expired != NULL && r->host->expired(r->ctx))
        r->expired = 1;
}

/* The first '\r' or '\n' from s on, looked for a window at a time; NULL
 * when there is none (or the reader stopped on the way). */
static const unsigned char *line_end(struct otlp_reader *r, const unsigned char *s)
{
    while (s < r->end && !r->expired) {
        const unsigned char *stop = r->mark > s && r->mark < r->end ? r->mark : r->end;
        const unsigned char *nl = memchr(s, '\n', (size_t)(stop - s));
        const unsigned char *cr = memchr(s, '\r', (size_t)((nl != NULL ? nl : stop) - s));
        if (cr != NULL)
            return cr;
        if (nl != NULL)
            return nl;
        s = stop;
        if (s >= r->mark)
            reader_window(r, s);
    }
    return NULL;
}

int otlp_next_line(struct otlp_reader *r, struct otlp_line *out)
{
    const unsigned char *s = r->p, *q;

    if (s >= r->end || r->expired)
        return 0;
    if (s >= r->mark || (r->no + 1) % OTLP_CHECK_LINES == 0) {
        reader_window(r, s);
        if (r->expired)
            return 0;
    }
    q = line_end(r, s);
    if (r->expired)
        return 0;
    if (q == NULL)
        q = r->end;
    out->s = (const char *)s;
    out->len = (size_t)(q - s);
    out->no = ++r->no;
    if (q < r->end && *q == '\r') {
        q++;
        if (q < r->end && *q == '\n')
            q++;
    } else if (q < r->end) {
        q++; /* '\n' */
    }
    r->p = q;
    return 1;
}

/* Length of the valid UTF-8 sequence at s (max n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    size_t len, i;
    unsigned c = s[0];
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || cp == 0xFFFE || cp == 0xFFFF)
        return 0;
    return len;
}

/* otlp_sanitize into `out` (room for len + 1 bytes). */
static size_t sanitize_into(char *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;

    while (i < len) {
        size_t l;
        /* printable ASCII, most of any config: eight bytes at a time while
         * none is below 0x20 or above 0x7E (byte-wise borrows and carries
         * only follow a byte that fails, so a clean word is never missed) */
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (((w - 0x2020202020202020u) | (w + 0x0101010101010101u) | w) &
                0x8080808080808080u)
                break;
            memcpy(out + o, &w, 8);
            o += 8;
            i += 8;
        }
        if (i >= len)
            break;
        if (u[i] >= 0x20 && u[i] < 0x7F) {
            out[o++] = (char)u[i++];
            continue;
        }
        l = utf8_len(u + i, len - i);
        if (l == 0 || (l == 1 && ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7F))) {
            out[o++] = '?';
            i++;
            continue;
        }
        memcpy(out + o, u + i, l);
        o += l;
        i += l;
    }
    out[o] = '\0';
    return o;
}

char *otlp_sanitize(const char *s, size_t len)
{
    char *out = malloc(len + 1);

    if (out != NULL)
        sanitize_into(out, s, len);
    return out;
}

/* A new attribute whose value (len < COMPACT bytes, NUL included in the
 * space) is kept inside its text node, where libxml2's parser keeps short
 * text under XML_PARSE_COMPACT: in the node's `properties` and `nsDef`
 * fields, which a text node does not use.  libxml2 knows such content
 * (xmlFreeNode, xmlNodeSetContent, xmlNodeAddContent test for it), and it
 * saves the copy of the value, a malloc'd block per attribute: most fact
 * values are a word or a number.  NULL when out of memory. */
#define COMPACT (2 * sizeof(void *))
static xmlAttrPtr new_compact_prop(xmlNodePtr n, const char *attr, const char *v, size_t len)
{
    xmlAttrPtr a = xmlNewProp(n, (const xmlChar *)attr, NULL);
    xmlNodePtr t;

    if (a == NULL)
        return NULL;
    if ((t = xmlNewDocText(n->doc, NULL)) == NULL) {
        xmlRemoveProp(a);
        return NULL;
    }
    memcpy(&t->properties, v, len + 1);
    t->content = (xmlChar *)&t->properties;
    t->parent = (xmlNodePtr)a;
    a->children = a->last = t;
    return a;
}

int otlp_setn(xmlNodePtr n, const char *attr, const char *val, size_t len)
{
    return otlp_setn_line(n, attr, val, len, 0);
}

int otlp_setn_line(xmlNodePtr n, const char *attr, const char *val, size_t len,
                   unsigned long line)
{
    char buf[512], *v = buf; /* most values are short: no allocation for them */
    xmlAttrPtr a;
    size_t k;

    if (len >= sizeof buf && (v = malloc(len + 1)) == NULL)
        return -1;
    k = sanitize_into(v, val, len);
    /* n may be NULL (a node that could not be made): xmlSetProp says -1 */
    if (k < COMPACT && n != NULL && n->type == XML_ELEMENT_NODE &&
        xmlHasNsProp(n, (const xmlChar *)attr, NULL) == NULL)
        a = new_compact_prop(n, attr, v, k);
    else
        a = xmlSetProp(n, (const xmlChar *)attr, (const xmlChar *)v);
    if (v != buf)
        free(v);
    if (a == NULL)
        return -1;
    otl_attr_set_line(a, line);
    return 0;
}

int otlp_set(xmlNodePtr n, const char *attr, const char *val)
{
    return otlp_setn(n, attr, val, strlen(val));
}

int otlp_setf(xmlNodePtr n, const char *attr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k < 0)
        return -1;
    return otlp_setn(n, attr, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
}

int otlp_setb(xmlNodePtr n, const char *attr, int b)
{
    return b ? otlp_setn(n, attr, "true", 4) : otlp_setn(n, attr, "false", 5);
}

xmlNodePtr otlp_fact(struct otl_devdoc *dd, const char *name, unsigned long line)
{
    xmlNodePtr n = xmlNewChild(dd->facts, NULL, (const xmlChar *)name, NULL);
    if (n != NULL)
        otl_node_set_line(n, line);
    return n;
}

xmlNodePtr otlp_child_text(xmlNodePtr parent, const char *name, unsigned long line,
                           const char *text, size_t len)
{
    xmlNodePtr n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    if (n == NULL)
        return NULL;
    otl_node_set_line(n, line);
    if (otlp_setn(n, "text", text, len) < 0)
        return NULL; /* n stays in the tree; freed with the document */
    return n;
}

int otlp_raw_records(const struct otl_host *host)
{
    return host->abi_minor >= 1 &&
           host->size >= offsetof(struct otl_host, raw_stmt) + sizeof host->raw_stmt &&
           host->raw_stmt != NULL;
}

int otlp_raw_record(const struct otl_host *host, struct otl_parse_ctx *ctx, unsigned depth,
                    unsigned long line, const char *text, size_t len, unsigned flags)
{
    char buf[512], *v = buf;
    size_t n;
    int rc;

    if (len >= sizeof buf && (v = malloc(len + 1)) == NULL)
        return -1;
    n = sanitize_into(v, text, len);
    rc = host->raw_stmt(ctx, depth, line, v, n, flags) != 0 ? -1 : 0;
    if (v != buf)
        free(v);
    return rc;
}

int otlp_known_default_secret(const char *s, size_t len)
{
    /* Vendor defaults and the passwords found in default-credential lists
     * for network and OT gear (e.g. CIRT.net default password list). */
    static const char *const known[] = {
        "", "cisco", "Cisco", "admin", "administrator", "password", "passw0rd", "Password1",
        "public", "private", "secret", "default", "changeme", "manager", "root", "private@123",
        "1234", "12345", "123456", "12345678", "0000", "enable", "letmein", "test", "guest",
        "user", "operator", "sysadmin", "security", "monitor", "write", "read", "rw", "ro",
        "Siemens", "siemens", "rockwell", "1756", "codesys", "moxa", "hirschmann", "Belden",
        "private123", "public123", "snmp", "community", "netman", NULL};
    size_t i;

    for (i = 0; known[i] != NULL; i++)
        if (strlen(known[i]) == len && strncasecmp(known[i], s, len) == 0)
            return 1;
    return 0;
}

/* Does s[j..] start with the lower-case word w of l bytes, in any case? */
static int word_at(const char *s, size_t n, size_t j, const char *w, size_t l)
{
    return j + l <= n && strncasecmp(s + j, w, l) == 0;
}

int otlp_secret_name(const char *s, size_t n)
{
    size_t j;

    /* one pass: only a word's first letter sends it to a comparison */
    for (j = 0; j + 3 <= n; j++) {
        switch (s[j] | 0x20) {
        case 'p':
            if (word_at(s, n, j, "pass", 4) || word_at(s, n, j, "pwd", 3) ||
                word_at(s, n, j, "psk", 3))
                return 1;
            break;
        case 's':
            if (word_at(s, n, j, "secret", 6))
                return 1;
            break;
        case 'k':
            if (word_at(s, n, j, "key", 3))
                return 1;
            break;
        case 'h':
            if (word_at(s, n, j, "hash", 4))
                return 1;
            break;
        default:
            break;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- budget */

void otlp_budget_init(struct otlp_budget *b, const struct otl_host *host)
{
    b->used = 0;
    b->max = host->max_nodes;
    b->full = 0;
}

int otlp_budget_take(struct otlp_budget *b, const struct otl_host *host, struct otl_parse_ctx *ctx,
                     unsigned long line)
{
    if (b->max != 0 && b->used >= b->max) {
        if (!b->full)
            host->diag(ctx, OTL_DIAG_ERROR, line,
                       "more than %zu elements in the device document; the rest of the file is not read",
                       b->max);
        b->full = 1;
        return -1;
    }
    /* The time limit (ABI 1.4): the core says it when the file ends. */
    if (b->used % OTLP_CHECK_LINES == OTLP_CHECK_LINES - 1 && host_has_window(host) &&
        host->expired != NULL && host->expired(ctx)) {
        b->full = 1;
        return -1;
    }
    b->used++;
    return 0;
}

/* ---------------------------------------------------------------- XML formats */

void otlp_tagpos_init(struct otlp_tagpos *t, const struct otl_input *in)
{
    t->p = in->data;
    t->end = in->data + in->len;
    t->line = 1;
    t->off = in->len >= 2 && ((in->data[0] == 0xFF && in->data[1] == 0xFE) ||
                              (in->data[0] == 0xFE && in->data[1] == 0xFF) ||
                              in->data[0] == 0 || in->data[1] == 0);
}

/* Advance to `to`, counting line breaks on the way. */
static void tp_advance(struct otlp_tagpos *t, const unsigned char *to)
{
    const unsigned char *q = t->p;

    if (to > t->end)
        to = t->end;
    while (q < to) {
        const unsigned char *nl = memchr(q, '\n', (size_t)(to - q));
        const unsigned char *cr = memchr(q, '\r', (size_t)((nl ? nl : to) - q));
        if (cr != NULL) {
            /* a lone \r is a line break; \r\n counts once, at the \n */
            if (cr + 1 >= t->end || cr[1] != '\n')
                t->line++;
            q = cr + 1;
            continue;
        }
        if (nl == NULL)
            break;
        t->line++;
        q = nl + 1;
    }
    t->p = to;
}

/* Pointer just past the first occurrence of `pat` at or after `from`. */
static const unsigned char *tp_past(const struct otlp_tagpos *t, const unsigned char *from,
                                    const char *pat)
{
    size_t n = strlen(pat);
    const unsigned char *q = from;

    while (q + n <= t->end) {
        const unsigned char *c = memchr(q, pat[0], (size_t)(t->end - q));
        if (c == NULL || c + n > t->end)
            break;
        if (memcmp(c, pat, n) == 0)
            return c + n;
        q = c + 1;
    }
    return t->end;
}

/* Past the '>' that ends a tag starting at `from`, skipping quoted values. */
static const unsigned char *tp_tag_end(const struct otlp_tagpos *t, const unsigned char *from)
{
    const unsigned char *q = from;

    while (q < t->end) {
        if (*q == '"' || *q == '\'') {
            const unsigned char *c = memchr(q + 1, *q, (size_t)(t->end - q - 1));
            if (c == NULL)
                return t->end;
            q = c + 1;
        } else if (*q == '>') {
            return q + 1;
        } else {
            q++;
        }
    }
    return t->end;
}

/* Past a DOCTYPE, with its internal subset (which may hold '>' in
 * declarations, comments and quoted strings). */
static const unsigned char *tp_doctype_end(const struct otlp_tagpos *t, const unsigned char *from)
{
    const unsigned char *q = from;

    while (q < t->end) {
        if (*q == '"' || *q == '\'') {
            const unsigned char *c = memchr(q + 1, *q, (size_t)(t->end - q - 1));
            q = c ? c + 1 : t->end;
        } else if (*q == '[') {
            q++;
            while (q < t->end && *q != ']') {
                if (*q == '"' || *q == '\'') {
                    const unsigned char *c = memchr(q + 1, *q, (size_t)(t->end - q - 1));
                    q = c ? c + 1 : t->end;
                } else if (t->end - q >= 4 && memcmp(q, "<!--", 4) == 0) {
                    q = tp_past(t, q + 4, "-->");
                } else {
                    q++;
                }
            }
        } else if (*q == '>') {
            return q + 1;
        } else {
            q++;
        }
    }
    return t->end;
}

unsigned long otlp_tagpos_next(struct otlp_tagpos *t)
{
    const unsigned char *q;

    if (t->off)
        return 0;
    for (;;) {
        q = t->p < t->end ? memchr(t->p, '<', (size_t)(t->end - t->p)) : NULL;
        if (q == NULL) {
            tp_advance(t, t->end);
            return 0;
        }
        tp_advance(t, q);
        if (t->end - q >= 4 && memcmp(q, "<!--", 4) == 0) {
            tp_advance(t, tp_past(t, q + 4, "-->"));
        } else if (t->end - q >= 9 && memcmp(q, "<![CDATA[", 9) == 0) {
            tp_advance(t, tp_past(t, q + 9, "]]>"));
        } else if (t->end - q >= 2 && q[1] == '?') {
            tp_advance(t, tp_past(t, q + 2, "?>"));
        } else if (t->end - q >= 2 && q[1] == '!') {
            tp_advance(t, tp_doctype_end(t, q + 2));
        } else if (t->end - q >= 2 && q[1] == '/') {
            tp_advance(t, tp_tag_end(t, q + 2));
        } else {
            unsigned long line = t->line;
            tp_advance(t, tp_tag_end(t, q + 1));
            return line;
        }
    }
}

static void fix_lines(xmlNodePtr n, struct otlp_tagpos *t)
{
    /* Iterative pre-order walk: element order == start-tag order. */
    while (n != NULL) {
        if (n->type == XML_ELEMENT_NODE) {
            unsigned long line = otlp_tagpos_next(t);
            if (line != 0)
                otl_node_set_line(n, line);
            if (n->children != NULL) {
                n = n->children;
                continue;
            }
        }
        while (n != NULL && n->next == NULL) {
            n = n->parent;
            if (n != NULL && n->type != XML_ELEMENT_NODE)
                return;
        }
        if (n != NULL)
            n = n->next;
    }
}

void otlp_fix_lines(xmlDocPtr doc, const struct otl_input *in)
{
    struct otlp_tagpos t;
    xmlNodePtr root = xmlDocGetRootElement(doc);

    if (root == NULL)
        return;
    otlp_tagpos_init(&t, in);
    if (t.off)
        return;
    fix_lines(root, &t);
}

/* Past `pat` in [p, end), or NULL. */
static const char *past_pat(const char *p, const char *end, const char *pat)
{
    size_t n = strlen(pat);

    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, pat, n) == 0)
            return p + n;
    return NULL;
}

size_t otlp_doctype_len(const char *p, const char *end)
{
    const char *q;
    int subset = 0;

    if (end - p < 9 || memcmp(p, "<!DOCTYPE", 9) != 0)
        return 0;
    for (q = p + 9; q < end; q++) {
        /* literals, comments and PIs may hold '>' and ']' */
        if (*q == '"' || *q == '\'') {
            q = memchr(q + 1, *q, (size_t)(end - q - 1));
        } else if (subset && end - q >= 4 && memcmp(q, "<!--", 4) == 0) {
            q = past_pat(q + 4, end, "-->");
            q = q ? q - 1 : NULL;
        } else if (subset && end - q >= 2 && memcmp(q, "<?", 2) == 0) {
            q = past_pat(q + 2, end, "?>");
            q = q ? q - 1 : NULL;
        } else if (*q == '[') {
            subset = 1;
        } else if (*q == ']') {
            subset = 0;
        } else if (*q == '>' && !subset) {
            return (size_t)(q + 1 - p);
        }
        if (q == NULL)
            return 0;
    }
    return 0;
}

int otlp_parse_bool(const char *s)
{
    size_t n;

    if (s == NULL)
        return -1;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
#define IS(w) (n == sizeof(w) - 1 && strncasecmp(s, w, n) == 0)
    if (IS("true") || IS("1") || IS("yes") || IS("on"))
        return 1;
    if (IS("false") || IS("0") || IS("no") || IS("off"))
        return 0;
#undef IS
    return -1;
}

int otlp_version(const char *s, char *out, size_t n)
{
    size_t o = 0;
    int parts = 0;

    if (s == NULL || n == 0)
        return -1;
    while (*s && !(*s >= '0' && *s <= '9'))
        s++;
    while (*s >= '0' && *s <= '9') {
        const char *d = s;
        while (*d == '0' && d[1] >= '0' && d[1] <= '9')
            d++; /* drop leading zeros, keep one digit */
        if (parts > 0) {
            if (o + 1 >= n)
                return -1;
            out[o++] = '.';
        }
        for (; *d >= '0' && *d <= '9'; d++) {
            if (o + 1 >= n)
                return -1;
            out[o++] = *d;
        }
        parts++;
        s = d;
        if (*s == '.' && s[1] >= '0' && s[1] <= '9')
            s++;
        else
            break;
    }
    if (parts == 0)
        return -1;
    out[o] = '\0';
    return 0;
}
