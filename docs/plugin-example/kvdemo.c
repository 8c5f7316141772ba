/*
 * kvdemo.c - an otlint format plugin built out of tree against the
 * installed SDK (docs/plugins.md walks through it):
 *
 *     cc -shared -fPIC -fvisibility=hidden -o kvdemo.so kvdemo.c \
 *         $(pkg-config --cflags --libs otlint-plugin)
 *     otlint --plugin-dir . show sample.kvdemo
 *
 * The format, made up for the example: a first line "#kvdemo", then one
 * setting a line, `key = value`; `#` starts a comment line.
 *
 *     name = pump-station-3       the device's name
 *     admin-password = ...        the admin account's password (never kept)
 *     telnet = on|off             the telnet server
 *
 * Other keys are kept in the raw tree as not recognised; a line that is not
 * `key = value` is a warning at its line and makes the file partial.
 */
#include <stdio.h>
#include <string.h>

#include <otlint-plugin.h>

#define MAGIC "#kvdemo"

struct kv {
    struct otlp_doc doc; /* the SDK's builder: document, budget, outcome */
    int records;         /* the host takes the raw tree as records */
    unsigned long statements, recognised;
};

/* Trim blanks at both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static int is(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && memcmp(s, word, n) == 0;
}

/* The raw statement: its text (the value redacted when it is a secret), as
 * an element <stmt text=...> or, when the host takes them, a record. */
static void raw_stmt(struct kv *K, const char *key, size_t kl, const char *val, size_t vl,
                     int secret, int known, unsigned long line)
{
    char text[1024];
    int n = snprintf(text, sizeof text, "%.*s = %.*s", (int)kl, key,
                     secret ? (int)strlen(OTL_REDACTED) : (int)vl, secret ? OTL_REDACTED : val);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
    xmlNodePtr st;

    if (K->records) {
        unsigned flags = (secret ? OTL_RAW_SECRET : 0) | (known ? 0 : OTL_RAW_UNRECOGNISED);
        if (otlp_doc_take(&K->doc, line) == 0 &&
            otlp_raw_record(K->doc.host, K->doc.ctx, 0, line, text, len, flags) != 0)
            otlp_doc_nomem(&K->doc);
        return;
    }
    st = otlp_doc_node(&K->doc, K->doc.dd->raw, "stmt", line);
    otlp_doc_setn(&K->doc, st, "text", text, len);
    if (secret)
        otlp_doc_setb(&K->doc, st, "secret", 1);
    if (!known)
        otlp_doc_setb(&K->doc, st, "recognised", 0);
}

/* One `key = value` line. */
static void setting(struct kv *K, xmlNodePtr sys, const char *key, size_t kl, const char *val,
                    size_t vl, unsigned long line)
{
    int secret = otlp_secret_name(key, kl), known = 1;

    otlp_doc_at(&K->doc, line); /* what this line sets carries its line */
    if (is(key, kl, "name")) {
        otlp_doc_setn(&K->doc, sys, "hostname", val, vl);
    } else if (is(key, kl, "admin-password")) {
        /* what the secret is, never the secret */
        xmlNodePtr a = otlp_doc_fact(&K->doc, "account", line);
        otlp_doc_set(&K->doc, a, "name", "admin");
        otlp_doc_set(&K->doc, a, "secret-kind", vl == 0 ? "none" : "cleartext");
        otlp_doc_setb(&K->doc, a, "known-default", otlp_known_default_secret(val, vl));
    } else if (is(key, kl, "telnet")) {
        char b[8];
        xmlNodePtr s = otlp_doc_fact(&K->doc, "service", line);
        snprintf(b, sizeof b, "%.*s", (int)(vl < 7 ? vl : 7), val);
        otlp_doc_set(&K->doc, s, "name", "telnet");
        otlp_doc_setb(&K->doc, s, "enabled", otlp_parse_bool(b) == 1);
    } else {
        known = 0;
    }
    K->statements++;
    K->recognised += known;
    raw_stmt(K, key, kl, val, vl, secret, known, line);
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct kv K;
    struct otlp_reader rd;
    struct otlp_line ln;
    xmlNodePtr sys;

    memset(&K, 0, sizeof K);
    otlp_doc_init(&K.doc, host, ctx, dd);
    K.records = otlp_raw_records(host);
    sys = otlp_doc_fact(&K.doc, "system", 1);
    otlp_doc_set(&K.doc, sys, "vendor", "kvdemo");
    otlp_doc_set(&K.doc, sys, "class", "other");
    otlp_doc_set(&K.doc, sys, "export-kind", "full");
    otlp_reader_init(&rd, in);
    while (!K.doc.stop && otlp_next_line(&rd, &ln)) {
        const char *s = ln.s, *eq, *v;
        size_t n = ln.len, kl, vl;

        trim(&s, &n);
        if (n == 0 || s[0] == '#')
            continue;
        if (host->max_line_len != 0 && ln.len > host->max_line_len) {
            host->diag(ctx, OTL_DIAG_ERROR, ln.no, "line longer than %zu bytes; skipped",
                       host->max_line_len);
            otlp_doc_status(&K.doc, OTL_PARSE_PARTIAL);
            continue;
        }
        eq = memchr(s, '=', n);
        if (eq == NULL) {
            /* nothing of the line is repeated: it may hold anything */
            host->diag(ctx, OTL_DIAG_WARNING, ln.no, "not a `key = value` line; skipped");
            otlp_doc_status(&K.doc, OTL_PARSE_PARTIAL);
            continue;
        }
        kl = (size_t)(eq - s);
        v = eq + 1;
        vl = n - kl - 1;
        trim(&s, &kl);
        trim(&v, &vl);
        setting(&K, sys, s, kl, v, vl, ln.no);
    }
    otlp_doc_setu(&K.doc, sys, "statements", K.statements);
    otlp_doc_setf(&K.doc, sys, "parse-coverage", "%.3f",
                  K.statements ? (double)K.recognised / (double)K.statements : 1.0);
    if (K.recognised < K.statements)
        host->diag(ctx, OTL_DIAG_NOTE, 0, "%lu of %lu settings not recognised",
                   K.statements - K.recognised, K.statements);
    return K.doc.status;
}

static int sniff(const struct otl_input *in)
{
    size_t n = strlen(MAGIC);
    return in->len >= n && memcmp(in->data, MAGIC, n) == 0 ? 100 : 0;
}

/* The one symbol a plugin exports. */
__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "kvdemo",
    .description = "key = value demo format (docs/plugin-example, built against the SDK)",
    .classes = OTL_CLASS_OTHER,
    .sniff = sniff,
    .parse = parse,
};
