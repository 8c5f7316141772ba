/* doc.c - the document builder of the plugin SDK: see otlint-plugin.h. */
#include "otlint-plugin.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void otlp_doc_init(struct otlp_doc *d, const struct otl_host *host, struct otl_parse_ctx *ctx,
                   struct otl_devdoc *dd)
{
    d->host = host;
    d->ctx = ctx;
    d->dd = dd;
    otlp_budget_init(&d->budget, host);
    d->status = OTL_PARSE_OK;
    d->oom = 0;
    d->stop = 0;
    d->line = 0;
    otlp_sdk_set_host(host, ctx); /* for otlp_reader_init */
}

void otlp_doc_at(struct otlp_doc *d, unsigned long line)
{
    d->line = line;
}

void otlp_doc_status(struct otlp_doc *d, enum otl_parse_status s)
{
    if (s > d->status)
        d->status = s;
    if (s == OTL_PARSE_NOMEM)
        d->oom = d->stop = 1;
}

void otlp_doc_nomem(struct otlp_doc *d)
{
    otlp_doc_status(d, OTL_PARSE_NOMEM);
}

void otlp_doc_stop(struct otlp_doc *d, enum otl_parse_status s)
{
    otlp_doc_status(d, s);
    d->stop = 1;
}

int otlp_doc_take(struct otlp_doc *d, unsigned long line)
{
    if (d->stop)
        return -1;
    if (otlp_budget_take(&d->budget, d->host, d->ctx, line) == 0)
        return 0;
    otlp_doc_stop(d, OTL_PARSE_PARTIAL);
    return -1;
}

xmlNodePtr otlp_doc_node(struct otlp_doc *d, xmlNodePtr parent, const char *name,
                         unsigned long line)
{
    xmlNodePtr n;

    if (parent == NULL || otlp_doc_take(d, line) < 0)
        return NULL;
    n = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
    if (n == NULL) {
        otlp_doc_nomem(d);
        return NULL;
    }
    otl_node_set_line(n, line);
    return n;
}

xmlNodePtr otlp_doc_fact(struct otlp_doc *d, const char *name, unsigned long line)
{
    return otlp_doc_node(d, d->dd->facts, name, line);
}

/* The result of a setter: -1 latches out of memory. */
static int set_done(struct otlp_doc *d, int rc)
{
    if (rc < 0)
        otlp_doc_nomem(d);
    return rc < 0 ? -1 : 0;
}

int otlp_doc_setn(struct otlp_doc *d, xmlNodePtr n, const char *attr, const char *val,
                  size_t len)
{
    if (n == NULL || val == NULL)
        return 0;
    if (d->oom)
        return -1;
    return set_done(d, otlp_setn_line(n, attr, val, len, d->line));
}

int otlp_doc_set(struct otlp_doc *d, xmlNodePtr n, const char *attr, const char *val)
{
    return val == NULL ? 0 : otlp_doc_setn(d, n, attr, val, strlen(val));
}

int otlp_doc_setb(struct otlp_doc *d, xmlNodePtr n, const char *attr, int b)
{
    return b ? otlp_doc_setn(d, n, attr, "true", 4) : otlp_doc_setn(d, n, attr, "false", 5);
}

int otlp_doc_setu(struct otlp_doc *d, xmlNodePtr n, const char *attr, unsigned long v)
{
    char buf[24];
    int k = snprintf(buf, sizeof buf, "%lu", v);

    return otlp_doc_setn(d, n, attr, buf, (size_t)k);
}

void otlp_doc_coverage(struct otlp_doc *d, xmlNodePtr sys, unsigned long recognised,
                       unsigned long statements)
{
    if (statements == 0 || recognised >= statements)
        otlp_doc_set(d, sys, "parse-coverage", "1.000");
    else
        otlp_doc_setf(d, sys, "parse-coverage", "0.%03lu",
                      (unsigned long)((unsigned long long)recognised * 1000ull / statements));
}

int otlp_doc_setf(struct otlp_doc *d, xmlNodePtr n, const char *attr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    int k;

    if (n == NULL)
        return 0;
    va_start(ap, fmt);
    k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k < 0)
        return set_done(d, -1);
    return otlp_doc_setn(d, n, attr, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
}
