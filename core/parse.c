/* parse.c - see parse.h. */
#include <config.h>
#include "parse.h"

#include <stdarg.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "activity.h"
#include "analyse.h"
#include "limits.h"
#include "read.h"
#include "scan.h"
#include "sniff.h"
#include "util.h"
#include "xmlsafe.h"

struct otl_parse_ctx {
    struct otl_file *file;
    struct otl_xml_sink sink;
    const unsigned char *map; /* the input's read-only file mapping */
    size_t maplen;
    struct otl_rawrecs *recs; /* raw statements as records, or NULL: elements */
    uintptr_t dropped;        /* input_consumed: pages of map below this were released */
    int expired;              /* the plugin was told the time limit ran out */
};

/* The parse under way on this thread (host_input_consumed checks that the
 * context it is given is it: the SDK's reader finds the host through a
 * thread-local of its own). */
static __thread struct otl_parse_ctx *current_ctx;

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

static void xml_to_diag(void *arg, int level, const char *file, unsigned long line,
                        const char *msg)
{
    struct otl_parse_ctx *ctx = arg;

    (void)file; /* ctx->file's own path */
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

static int host_expired(struct otl_parse_ctx *ctx)
{
    /* only the parse under way: a stale context is not written to */
    if (ctx == NULL || ctx != current_ctx || !otl_deadline_passed())
        return 0;
    ctx->expired = 1;
    return 1;
}

/* Release the pages of the input mapping before `upto`, in steps of
 * OTL_WINDOW (a private read-only file mapping: a page touched again is
 * read again from the file).  Only for the mapping of the parse under way;
 * anything else (a copy the plugin made, a stale context) is ignored. */
#define OTL_WINDOW (4UL * 1024 * 1024)
static void host_input_consumed(struct otl_parse_ctx *ctx, const unsigned char *upto)
{
    uintptr_t u = (uintptr_t)upto, lo, hi;
    long pg = sysconf(_SC_PAGESIZE);

    if (ctx == NULL || ctx != current_ctx || ctx->map == NULL || pg <= 0)
        return;
    lo = (uintptr_t)ctx->map;
    hi = lo + ctx->maplen;
    if (u <= lo || u > hi)
        return;
    u -= u % (uintptr_t)pg;
    if (ctx->dropped < lo)
        ctx->dropped = lo;
    if (u < ctx->dropped + OTL_WINDOW)
        return;
    /* Advisory: a failure only means the pages stay resident. */
    (void)madvise((void *)ctx->dropped, (size_t)(u - ctx->dropped), MADV_DONTNEED);
    ctx->dropped = u;
}

/* The host a plugin gets: with raw_stmt when nothing reads the raw elements
 * (otl_evaluator_reads_raw), so the plugin may hand its raw statements over
 * as records; without it, the plugin builds them as elements. */
static const struct otl_host host_tables[2] = {
    {OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_host), host_diag, OTL_MAX_LINE_LEN,
     OTL_MAX_DEPTH, OTL_MAX_NODES, host_xml_read, host_xml_reader, NULL, host_xml_sax,
     host_expired, host_input_consumed, {NULL}},
    {OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_host), host_diag, OTL_MAX_LINE_LEN,
     OTL_MAX_DEPTH, OTL_MAX_NODES, host_xml_read, host_xml_reader, host_raw_stmt, host_xml_sax,
     host_expired, host_input_consumed, {NULL}},
};

static int new_devdoc(struct otl_devdoc *dd, const char *path, const char *format)
{
    memset(dd, 0, sizeof *dd);
    dd->doc = xmlNewDoc((const xmlChar *)"1.0");
    if (dd->doc == NULL)
        return -1;
    /* No dictionary for the names (it would save an allocation per name):
     * libxml2 2.9.14 makes a node or attribute without a
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

/* facts/system, or NULL. */
static xmlNodePtr system_fact(const struct otl_devdoc *dd)
{
    for (xmlNodePtr c = dd->facts != NULL ? dd->facts->children : NULL; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, (const xmlChar *)"system"))
            return c;
    return NULL;
}

/* A number attribute of `n`, or -1 when absent or not a number. */
static double num_attr(xmlNodePtr n, const char *name)
{
    xmlChar *v = n != NULL ? xmlGetNoNsProp(n, (const xmlChar *)name) : NULL;
    char *end;
    double d = -1;

    if (v != NULL) {
        d = strtod((const char *)v, &end);
        if (end == (char *)v || *end != '\0' || d < 0)
            d = -1;
    }
    xmlFree(v);
    return d;
}

/* The one rule for every plugin (docs/file-accounting.md): a document of
 * which no statement was recognised (statements > 0, parse-coverage 0)
 * shows no sign of the format: unrecognised, not evaluated (so no finding
 * can come of it).  Below OTL_MIN_COVERAGE_PERMILLE it is partial.  0 to
 * go on, -1 unrecognised. */
static int judge_coverage(struct otl_file *f, const struct otl_devdoc *dd, const char *format)
{
    xmlNodePtr sys = system_fact(dd);
    double cov = num_attr(sys, "parse-coverage"), stmts = num_attr(sys, "statements");

    if (cov < 0)
        return 0; /* not said: coverage unknown, as before */
    f->coverage = cov;
    if (stmts > 0 && cov * stmts < 0.5) {
        f->status = OTL_FILE_UNRECOGNISED;
        otl_file_diag(f, OTL_DIAG_ERROR, 0,
                      "%s recognised none of the %.0f statements of this file: it shows no "
                      "sign of the format; not evaluated",
                      format, stmts);
        return -1;
    }
    if (cov * 1000.0 < OTL_MIN_COVERAGE_PERMILLE && f->status == OTL_FILE_OK) {
        f->status = OTL_FILE_PARTIAL;
        otl_file_diag(f, OTL_DIAG_ERROR, 0,
                      "only %.1f%% of the statements were recognised (below %d%%): what the "
                      "file does not say proves nothing",
                      cov * 100.0, OTL_MIN_COVERAGE_PERMILLE / 10);
    }
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
        /* Forcing picks among the plugins that see the format in the
         * file; it does not make one read what it says is not its own. */
        if (pl != NULL && otl_sniff_one(pl, &in) <= 0) {
            f->status = OTL_FILE_UNRECOGNISED;
            otl_file_diag(f, OTL_DIAG_ERROR, 0,
                          "the file shows no sign of the format %s forced by --format "
                          "(its sniffing does not recognise it); not read",
                          pl->format->name);
            return -1;
        }
    } else {
        pl = otl_sniff(reg, &in);
    }
    if (pl == NULL) {
        f->status = OTL_FILE_UNRECOGNISED;
        otl_file_diag(f, OTL_DIAG_ERROR, 0,
                      in.len == 0 ? "empty file: no format plugin recognised it"
                                  : "no format plugin recognised this file (see otlint formats; an "
                                    ".otlintignore or --exclude says it is not a configuration)");
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
    ctx.dropped = 0;
    ctx.expired = 0;
    if (recs)
        otl_rawrecs_reset(recs);
    otl_activity_set(pl, pl->format->name, "parse", path);
    current_ctx = &ctx;
    ps = pl->format->parse(host, &ctx, &in, dd);
    current_ctx = NULL;
    otl_activity_clear();
    if (otl_xml_oom_seen() || f->oom) /* f->oom: a diagnostic was lost */
        ps = OTL_PARSE_NOMEM;
    if (ctx.expired || otl_deadline_passed()) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0,
                      "limit: %s did not finish parsing within the time limit of %g s "
                      "(--time-limit); not evaluated",
                      pl->format->name, opts->time_limit);
        f->status = OTL_FILE_LIMIT;
        xmlFreeDoc(dd->doc);
        memset(dd, 0, sizeof *dd);
        return -1;
    }
    if ((unsigned)ps > OTL_PARSE_NOMEM) {
        otl_file_diag(f, OTL_DIAG_ERROR, 0,
                      "%s returned the parse status %d, which is none of the ABI's: the plugin "
                      "has a bug; not evaluated",
                      pl->format->name, (int)ps);
        ps = OTL_PARSE_FAILED;
    }
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
    if (judge_coverage(f, dd, pl->format->name) != 0) {
        xmlFreeDoc(dd->doc);
        memset(dd, 0, sizeof *dd);
        return -1;
    }
    otl_check_document(reg, host, &ctx, dd, f);
    return 0;
}

/* `otlint scan -`: standard input, under its report name (f->path, and
 * the path the plugins sniff: --stdin-name router.cfg helps those that look
 * at the extension), bounded by --max-file-size as a file. */
static int parse_stdin(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                       struct otl_file *f, struct otl_devdoc *dd, struct otl_rawrecs *recs)
{
    char *name = strdup(opts->stdin_name != NULL ? opts->stdin_name : "<stdin>");
    unsigned char *data = NULL;
    size_t len = 0;
    int rc;

    memset(dd, 0, sizeof *dd);
    if (name == NULL) {
        f->status = OTL_FILE_LIMIT;
        return -1;
    }
    free(f->path); /* "-" as the walk handed it over */
    f->path = name;
    f->coverage = -1;
    if (otl_read_stdin(opts->max_file_size, &data, &len, f) != 0)
        return -1;
    rc = otl_parse_memory(reg, opts, f->path, data, len, NULL, 0, f, dd, recs);
    free(data);
    return rc;
}

int otl_parse_path(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                   const char *path, struct otl_file *f, struct otl_devdoc *dd,
                   struct otl_rawrecs *recs, struct otl_rbuf *rb)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc, mapped = 0;

    if (strcmp(path, "-") == 0)
        return parse_stdin(reg, opts, f, dd, recs);
    if (start_file(f, path, dd) != 0)
        return -1;
    if (otl_read_input(path, opts->max_file_size, &data, &len, &mapped, f, rb) != 0)
        return -1;
    /* A mapping is also the streaming XML reader's to release behind it. */
    rc = otl_parse_memory(reg, opts, path, data, len, mapped ? data : NULL, mapped ? len : 0, f,
                          dd, recs);
    otl_read_release(data, len, mapped, rb);
    return rc;
}

int otl_parse_file(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                   const char *path, struct otl_file *f, struct otl_devdoc *dd,
                   struct otl_rawrecs *recs)
{
    return otl_parse_path(reg, opts, path, f, dd, recs, NULL);
}
