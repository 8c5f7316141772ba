/* otlint-plugin.c - the plugin SDK: see otlint-plugin.h. */
#include "otlint-plugin.h"
#include "limits.h" /* core/: OTL_MAX_EVIDENCE */
#include "opaque.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The host of the thread's parse under way, as otlp_doc_init() last saw
 * it: the line reader's way to the core without a new argument.  The core
 * ignores a context that is not its parse under way (a stale one). */
/* initial-exec: in the static TLS surplus glibc keeps for dlopen'ed
 * modules (two pointers per plugin), not reached through __tls_get_addr:
 * with nine plugins the dynamic TLS vector is resized, which LeakSanitizer's
 * tracking of dynamic TLS does not survive (it crashed check_plugins). */
#define OTLP_TLS __thread __attribute__((tls_model("initial-exec")))
static OTLP_TLS const struct otl_host *thread_host;
static OTLP_TLS struct otl_parse_ctx *thread_ctx;

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

/* ---------------------------------------------------------------- secret words */

/* Does s[j..] start with the lower-case word w of l bytes, in any case? */
static int word_at(const char *s, size_t n, size_t j, const char *w, size_t l)
{
    return j + l <= n && strncasecmp(s + j, w, l) == 0;
}

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
/* Letters of a word: ASCII letters and every byte of a UTF-8 sequence
 * ("Schlüssel" is one word). */
static int is_wordc(unsigned char c) { return is_upper(c) || is_lower(c) || c >= 0x80; }

/* Does a word start at j: the start of a run of letters, or a camelCase
 * edge ("userPin": P; "PINCode": C)? */
static int word_start(const unsigned char *u, size_t n, size_t j)
{
    if (j == 0 || !is_wordc(u[j - 1]))
        return 1;
    if (!is_upper(u[j]))
        return 0;
    return is_lower(u[j - 1]) || (is_upper(u[j - 1]) && j + 1 < n && is_lower(u[j + 1]));
}

/* Does the word that starts at j end at k (end, a non-letter, or a
 * camelCase edge)? */
static int word_end(const unsigned char *u, size_t n, size_t k)
{
    if (k >= n || !is_wordc(u[k]))
        return 1;
    return is_upper(u[k]) && k > 0 &&
           (is_lower(u[k - 1]) || (is_upper(u[k - 1]) && k + 1 < n && is_lower(u[k + 1])));
}

/* Is s[j..j+l) one word: no camelCase edge inside ("pW" is two)? */
static int one_word(const unsigned char *u, size_t n, size_t j, size_t l)
{
    size_t k;

    for (k = j + 1; k < j + l; k++)
        if (word_start(u, n, k))
            return 0;
    return 1;
}

/* Stems that name a credential wherever they occur, in any case, also
 * inside a longer word ("SafetyLockPassword", "Gerätekennwort",
 * "ReadCommunity", "AccessToken"): English and German. */
static const struct { const char *w; size_t l; } stems[] = {
    {"pass", 4},       {"pwd", 3},        {"psk", 3},          {"secret", 6},
    {"key", 3},        {"hash", 4},       {"communit", 8},     {"credential", 10},
    {"token", 5},      {"kennwort", 8},   {"geheim", 6},       {"schluessel", 10},
    {"schl\xc3\xbcssel", 10}, {"zugangsdaten", 12}, {"anmeldedaten", 12}, {NULL, 0}};
/* Short words that name a credential only as a whole word ("PIN",
 * "userPin", "Auth", "auth_mode"; not "Ping", "Mapping", "Author"). */
static const struct { const char *w; size_t l; } words[] = {
    {"pin", 3}, {"auth", 4}, {"pw", 2}, {"cred", 4}, {"creds", 5}, {NULL, 0}};

int otlp_secret_word(const char *s, size_t n, size_t *at, size_t *end)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t j, i;

    /* one pass: only a candidate first letter sends it to a comparison */
    for (j = 0; j < n; j++) {
        unsigned char c = u[j] | 0x20;
        if (c != 'p' && c != 's' && c != 'k' && c != 'h' && c != 'c' && c != 't' &&
            c != 'g' && c != 'z' && c != 'a')
            continue;
        for (i = 0; stems[i].w != NULL; i++)
            if (stems[i].w[0] == (char)c && word_at(s, n, j, stems[i].w, stems[i].l))
                goto found;
        if (!word_start(u, n, j))
            continue;
        for (i = 0; words[i].w != NULL; i++)
            if (words[i].w[0] == (char)c && word_at(s, n, j, words[i].w, words[i].l) &&
                word_end(u, n, j + words[i].l) && one_word(u, n, j, words[i].l)) {
                if (at != NULL)
                    *at = j;
                if (end != NULL)
                    *end = j + words[i].l;
                return 1;
            }
    }
    return 0;
found:
    if (at != NULL)
        *at = j;
    if (end != NULL) { /* the whole word the stem is in */
        size_t k = j + stems[i].l;
        while (k < n && is_wordc(u[k]))
            k++;
        *end = k;
    }
    return 1;
}

int otlp_secret_name(const char *s, size_t n)
{
    return otlp_secret_word(s, n, NULL, NULL);
}

/* ---------------------------------------------------------------- URL credentials */

static int scheme_char(unsigned char c)
{
    return is_upper(c) || is_lower(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' ||
           c == '-';
}

/* Where the authority of a URL ends: '/', '?', '#', a blank, a quote,
 * a delimiter configs put around values. */
static int authority_end(unsigned char c)
{
    return c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '<' ||
           c == '>' || c == ';' || c == ',' || c == '\\' || c == '`' || c == 0x7F;
}

int otlp_url_secret(const char *s, size_t n, size_t from, size_t *a, size_t *b)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t j;

    for (j = from; j + 3 <= n; j++) {
        size_t k, e, colon = 0, atsign = 0;
        if (u[j] != ':' || u[j + 1] != '/' || u[j + 2] != '/' || j == 0 ||
            !scheme_char(u[j - 1]))
            continue;
        for (e = j + 3; e < n && !authority_end(u[e]); e++)
            if (u[e] == '@')
                atsign = e; /* the last '@' ends the user-info */
        if (atsign == 0)
            continue;
        for (k = j + 3; k < atsign; k++)
            if (u[k] == ':') {
                colon = k;
                break;
            }
        /* USER:PASSWORD@ -> the password; USER@ alone may be a token
         * (https://TOKEN@host): the whole user-info */
        *a = colon != 0 ? colon + 1 : j + 3;
        *b = atsign;
        if (*a == *b)
            continue; /* "user:@host": nothing to hide */
        return 1;
    }
    return 0;
}

/* Append n bytes, sanitised, to the growing buffer *o of *cap bytes at *len.
 * -1 on OOM (the buffer is freed). */
static int red_put(char **o, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t nc = (*len + n + 1) * 2;
        char *p = realloc(*o, nc);
        if (p == NULL) {
            free(*o);
            *o = NULL;
            return -1;
        }
        *o = p;
        *cap = nc;
    }
    *len += sanitize_into(*o + *len, s, n);
    return 0;
}

/* s[0..n) with every URL credential replaced, appended to *o. */
static int put_scrubbed(char **o, size_t *len, size_t *cap, const char *s, size_t n, int *red)
{
    size_t from = 0, a, b;

    while (otlp_url_secret(s, n, from, &a, &b)) {
        if (red_put(o, len, cap, s + from, a - from) != 0 ||
            red_put(o, len, cap, OTL_REDACTED, sizeof OTL_REDACTED - 1) != 0)
            return -1;
        from = b;
        *red = 1;
    }
    return red_put(o, len, cap, s + from, n - from);
}

char *otlp_scrub_urls(const char *s, size_t n, int *redacted)
{
    char *o = NULL;
    size_t len = 0, cap = 0;
    int red = 0;

    if (put_scrubbed(&o, &len, &cap, s, n, &red) != 0)
        return NULL;
    if (redacted != NULL)
        *redacted = red;
    return o;
}

char *otlp_redact_unknown(const char *s, size_t n, int *redacted)
{
    char *o = NULL;
    size_t len = 0, cap = 0, at, end, k;
    int red = 0;

    /* URL credentials first: a secret word inside one ("ftp://u:MyKey1@h")
     * must not leave the rest of the password standing */
    if (put_scrubbed(&o, &len, &cap, s, n, &red) != 0)
        return NULL;
    if (otlp_secret_word(o, len, &at, &end)) {
        /* keep the word and the separators after it ("Password=",
         * "secret "), then the marker for whatever followed */
        for (k = end; k < len && (o[k] == ' ' || o[k] == '\t' || o[k] == '=' || o[k] == ':' ||
                                  o[k] == '"' || o[k] == '\'');
             k++)
            ;
        if (k < len) {
            len = k;
            if (red_put(&o, &len, &cap, OTL_REDACTED, sizeof OTL_REDACTED - 1) != 0)
                return NULL;
            red = 1;
        }
    }
    if (redacted != NULL)
        *redacted = red;
    return o;
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

/* ---------------------------------------------------------------- streamed XML */

#if OTL_MAX_EVIDENCE >= OTLP_RAWTAG
#error "OTLP_RAWTAG must exceed OTL_MAX_EVIDENCE"
#endif

size_t otlp_sax_value(char *out, const unsigned char *us, const unsigned char *ue)
{
    const char *s = (const char *)us, *e = (const char *)ue;
    size_t m = 0;

    while (s < e) {
        const char *amp = memchr(s, '&', (size_t)(e - s));
        size_t k = amp ? (size_t)(amp - s) : (size_t)(e - s);
        memcpy(out + m, s, k);
        m += k;
        s += k;
        if (amp == NULL)
            break;
        if (e - s >= 5 && memcmp(s, "&#38;", 5) == 0) {
            out[m++] = '&';
            s += 5;
        } else {
            out[m++] = *s++;
        }
    }
    out[m] = '\0';
    return m;
}

void otlp_tag_put(char *b, size_t *o, const char *s)
{
    size_t n = strlen(s);

    if (n > OTLP_RAWTAG - *o)
        n = OTLP_RAWTAG - *o;
    OTL_OPAQUE(n); /* memcpy, not `rep movsq` (core/opaque.h) */
    memcpy(b + *o, s, n);
    *o += n;
}

unsigned long otlp_sax_line(struct otlp_tagpos *t, const struct _xmlParserCtxt *pc)
{
    unsigned long line = otlp_tagpos_next(t);

    if (line == 0) {
        /* not lexable (UTF-16): libxml2's line, where the start tag ends */
        long l = pc != NULL && pc->input != NULL ? pc->input->line : -1;
        line = l > 0 ? (unsigned long)l : 0;
    }
    return line;
}

char *otlp_doc_strdup(struct otlp_doc *d, const char *s)
{
    char *c;

    if (s == NULL)
        return NULL;
    c = strdup(s);
    if (c == NULL)
        otlp_doc_nomem(d);
    return c;
}
