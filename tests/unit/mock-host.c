/* mock-host.c - see mock-host.h. */
#include <config.h>

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xpath.h>

#include "mock-host.h"

#define MOCK_MAX_LINE_LEN (64UL * 1024)
#define MOCK_MAX_DEPTH 256
#define MOCK_MAX_NODES (1000UL * 1000)

/* The core's parser options (core/xmlsafe.c otl_xml_options). */
#define MOCK_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS)

/* ---------------------------------------------------------------- recording */

static void add_diag(struct otl_parse_ctx *ctx, enum otl_diag_level level, unsigned long line,
                     const char *msg)
{
    struct mock_diag *d;

    if (ctx->ndiags == ctx->dcap) {
        size_t nc = ctx->dcap ? ctx->dcap * 2 : 16;
        struct mock_diag *nv = realloc(ctx->diags, nc * sizeof *nv);
        if (nv == NULL)
            abort(); /* a test host: no recovery */
        ctx->diags = nv;
        ctx->dcap = nc;
    }
    d = &ctx->diags[ctx->ndiags++];
    d->level = level;
    d->line = line;
    snprintf(d->msg, sizeof d->msg, "%s", msg);
}

static void mock_diag_fn(struct otl_parse_ctx *ctx, enum otl_diag_level level, unsigned long line,
                         const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    add_diag(ctx, level, line, msg);
}

static int mock_raw_stmt(struct otl_parse_ctx *ctx, unsigned depth, unsigned long line,
                         const char *text, size_t len, unsigned flags)
{
    struct mock_rec *r;

    if (ctx->nrecs == ctx->rcap) {
        size_t nc = ctx->rcap ? ctx->rcap * 2 : 64;
        struct mock_rec *nv = realloc(ctx->recs, nc * sizeof *nv);
        if (nv == NULL)
            return -1;
        ctx->recs = nv;
        ctx->rcap = nc;
    }
    r = &ctx->recs[ctx->nrecs];
    if ((r->text = malloc(len + 1)) == NULL)
        return -1;
    memcpy(r->text, text, len);
    r->text[len] = '\0';
    r->depth = depth;
    r->line = line;
    r->flags = flags;
    ctx->nrecs++;
    return 0;
}

/* ---------------------------------------------------------------- XML */

/* libxml2's errors, with their line, as diagnostics. */
static void xml_error(void *arg, xmlErrorPtr e)
{
    char msg[512];
    size_t n;

    if (e == NULL)
        return;
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    for (n = 0; msg[n] != '\0'; n++)
        if (msg[n] == '\n' || msg[n] == '\r')
            msg[n] = ' ';
    while (n > 0 && msg[n - 1] == ' ')
        msg[--n] = '\0';
    add_diag(arg, e->level == XML_ERR_WARNING ? OTL_DIAG_WARNING : OTL_DIAG_ERROR,
             e->line > 0 ? (unsigned long)e->line : 0, msg);
}

/* As the core: a document that declares an entity is refused (crudely
 * here: any <!ENTITY in the bytes; the tests' inputs are small). */
static int declares_entity(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len)
{
    const unsigned char *p = data, *end = data + len;

    for (; p + 8 <= end; p++)
        if (memcmp(p, "<!ENTITY", 8) == 0) {
            add_diag(ctx, OTL_DIAG_ERROR, 0, "the document declares an entity (<!ENTITY); refused");
            return 1;
        }
    return 0;
}

static xmlDocPtr mock_xml_read(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len)
{
    xmlParserCtxtPtr pc;
    xmlDocPtr doc;

    if (declares_entity(ctx, data, len) || (pc = xmlNewParserCtxt()) == NULL)
        return NULL;
    xmlSetStructuredErrorFunc(ctx, xml_error);
    doc = xmlCtxtReadMemory(pc, (const char *)data, (int)len, "mock", NULL, MOCK_XML_OPTIONS);
    if (doc != NULL && !pc->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(pc);
    return doc;
}

static struct _xmlTextReader *mock_xml_reader(struct otl_parse_ctx *ctx, const unsigned char *data,
                                              size_t len)
{
    xmlTextReaderPtr r;

    if (declares_entity(ctx, data, len))
        return NULL;
    r = xmlReaderForMemory((const char *)data, (int)len, "mock", NULL, MOCK_XML_OPTIONS);
    if (r != NULL)
        xmlTextReaderSetStructuredErrorHandler(r, xml_error, ctx);
    return r;
}

static int mock_xml_sax(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len,
                        const struct _xmlSAXHandler *handlers, void *user)
{
    xmlSAXHandler sax;
    xmlParserCtxtPtr pc;
    int rc;

    if (declares_entity(ctx, data, len))
        return -1;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = handlers->startElementNs;
    sax.endElementNs = handlers->endElementNs;
    sax.characters = handlers->characters;
    sax.cdataBlock = handlers->cdataBlock;
    /* no file name: libxml2 2.9.14 leaks the input stream when copying
     * one fails (xmlCanonicPath), which the allocation tests would hit */
    pc = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
    if (pc == NULL)
        return -1;
    xmlCtxtUseOptions(pc, MOCK_XML_OPTIONS);
    pc->_private = user;
    xmlSetStructuredErrorFunc(ctx, xml_error);
    xmlParseChunk(pc, (const char *)data, (int)len, 1);
    xmlSetStructuredErrorFunc(NULL, NULL);
    rc = pc->wellFormed && !pc->disableSAX ? 0 : 1;
    if (pc->myDoc != NULL) {
        xmlFreeDoc(pc->myDoc);
        pc->myDoc = NULL;
    }
    xmlFreeParserCtxt(pc);
    return rc;
}

/* ABI 1.4: the time limit, as the test sets it (ctx->expire_at). */
static int mock_expired(struct otl_parse_ctx *ctx)
{
    ctx->nexpired_calls++;
    return ctx->expire_at != 0 && ctx->nexpired_calls >= ctx->expire_at;
}

static void mock_input_consumed(struct otl_parse_ctx *ctx, const unsigned char *upto)
{
    ctx->nconsumed++;
    ctx->consumed = upto;
}

/* ---------------------------------------------------------------- plugins */

const struct otl_format *mock_plugin(const char *name)
{
    char path[1024];
    void *h;

    snprintf(path, sizeof path, "%s/vendor-formats/%s/.libs/%s.so", OTL_BUILDDIR, name, name);
    h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        fprintf(stderr, "%s: %s\n", path, dlerror());
        return NULL;
    }
    /* never closed: the descriptor lives as long as the test program */
    return dlsym(h, OTL_FORMAT_SYMBOL);
}

int mock_sniff(const struct otl_format *f, const char *text, size_t len)
{
    struct otl_input in = {"mock", (const unsigned char *)text, len};
    return f->sniff(&in);
}

static int new_devdoc(struct otl_devdoc *dd)
{
    memset(dd, 0, sizeof *dd);
    if ((dd->doc = xmlNewDoc((const xmlChar *)"1.0")) == NULL ||
        (dd->device = xmlNewDocNode(dd->doc, NULL, (const xmlChar *)"device", NULL)) == NULL)
        return -1;
    xmlDocSetRootElement(dd->doc, dd->device);
    dd->facts = xmlNewChild(dd->device, NULL, (const xmlChar *)"facts", NULL);
    dd->raw = xmlNewChild(dd->device, NULL, (const xmlChar *)"raw", NULL);
    return dd->facts != NULL && dd->raw != NULL ? 0 : -1;
}

static void quiet(void *arg, const char *msg, ...)
{
    (void)arg, (void)msg;
}

int mock_prepare(struct mock_host *m, const struct mock_opts *o)
{
    static const struct mock_opts none;

    if (o == NULL)
        o = &none;
    /* what libxml2 says outside a parse (an allocation that failed) is
     * not a plugin's diagnostic */
    xmlSetGenericErrorFunc(NULL, quiet);
    memset(m, 0, sizeof *m);
    m->host.abi_major = OTL_ABI_MAJOR;
    m->host.abi_minor = o->no_sax ? 1 : OTL_ABI_MINOR;
    m->host.size = sizeof m->host;
    m->host.diag = mock_diag_fn;
    m->host.max_line_len = MOCK_MAX_LINE_LEN;
    m->host.max_depth = MOCK_MAX_DEPTH;
    m->host.max_nodes = o->max_nodes ? o->max_nodes : MOCK_MAX_NODES;
    m->host.xml_read = mock_xml_read;
    m->host.xml_reader = mock_xml_reader;
    m->host.raw_stmt = o->records ? mock_raw_stmt : NULL;
    m->host.xml_sax = o->no_sax ? NULL : mock_xml_sax;
    m->host.expired = o->no_sax ? NULL : mock_expired;
    m->host.input_consumed = o->no_sax ? NULL : mock_input_consumed;
    return new_devdoc(&m->dd);
}

enum otl_parse_status mock_run(struct mock_host *m, const struct otl_format *f, const char *text,
                               size_t len)
{
    struct otl_input in = {"mock", (const unsigned char *)text, len};

    return m->status = f->parse(&m->host, &m->ctx, &in, &m->dd);
}

enum otl_parse_status mock_parse(struct mock_host *m, const struct otl_format *f,
                                 const struct mock_opts *o, const char *text, size_t len)
{
    if (mock_prepare(m, o) != 0)
        return m->status = OTL_PARSE_NOMEM;
    return mock_run(m, f, text, len);
}

void mock_free(struct mock_host *m)
{
    size_t i;

    for (i = 0; i < m->ctx.nrecs; i++)
        free(m->ctx.recs[i].text);
    free(m->ctx.recs);
    free(m->ctx.diags);
    xmlFreeDoc(m->dd.doc);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- queries */

static xmlXPathObjectPtr eval(struct mock_host *m, const char *xpath)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(m->dd.doc);
    xmlXPathObjectPtr r;

    if (xc == NULL)
        return NULL;
    xc->node = m->dd.device;
    r = xmlXPathEvalExpression((const xmlChar *)xpath, xc);
    xmlXPathFreeContext(xc);
    return r;
}

long mock_count(struct mock_host *m, const char *xpath)
{
    xmlXPathObjectPtr r = eval(m, xpath);
    long n = -1;

    if (r == NULL)
        return -1;
    if (r->type == XPATH_NODESET)
        n = r->nodesetval ? r->nodesetval->nodeNr : 0;
    else if (r->type == XPATH_NUMBER)
        n = (long)r->floatval;
    else if (r->type == XPATH_BOOLEAN)
        n = r->boolval;
    xmlXPathFreeObject(r);
    return n;
}

const char *mock_string(struct mock_host *m, const char *xpath, char *buf, size_t n)
{
    xmlXPathObjectPtr r = eval(m, xpath);
    xmlChar *s = r ? xmlXPathCastToString(r) : NULL;

    snprintf(buf, n, "%s", s ? (const char *)s : "");
    xmlFree(s);
    xmlXPathFreeObject(r);
    return buf;
}

unsigned long mock_line(struct mock_host *m, const char *xpath)
{
    xmlXPathObjectPtr r = eval(m, xpath);
    unsigned long line = 0;

    if (r != NULL && r->type == XPATH_NODESET && r->nodesetval && r->nodesetval->nodeNr > 0)
        line = otl_node_line(r->nodesetval->nodeTab[0]);
    xmlXPathFreeObject(r);
    return line;
}

const struct mock_diag *mock_diag_find(const struct mock_host *m, int level, const char *part)
{
    size_t i;

    for (i = 0; i < m->ctx.ndiags; i++)
        if ((level < 0 || m->ctx.diags[i].level == (enum otl_diag_level)level) &&
            strstr(m->ctx.diags[i].msg, part) != NULL)
            return &m->ctx.diags[i];
    return NULL;
}

size_t mock_diag_count(const struct mock_host *m, enum otl_diag_level level)
{
    size_t i, n = 0;

    for (i = 0; i < m->ctx.ndiags; i++)
        n += m->ctx.diags[i].level == level;
    return n;
}

int mock_leaks(struct mock_host *m, const char *s)
{
    xmlChar *out = NULL;
    int len = 0, found;
    size_t i;

    xmlDocDumpMemory(m->dd.doc, &out, &len);
    found = out == NULL || strstr((const char *)out, s) != NULL;
    xmlFree(out);
    for (i = 0; i < m->ctx.ndiags; i++)
        found |= strstr(m->ctx.diags[i].msg, s) != NULL;
    for (i = 0; i < m->ctx.nrecs; i++)
        found |= strstr(m->ctx.recs[i].text, s) != NULL;
    return found;
}

/* ---------------------------------------------------------------- allocation failure */

static unsigned long fail_at, fail_count;
static int failed;

static int fail_now(void)
{
    if (fail_at == 0 || ++fail_count != fail_at)
        return 0;
    failed = 1;
    return 1;
}

static void *fail_malloc(size_t n)
{
    return fail_now() ? NULL : malloc(n);
}

static void *fail_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : realloc(p, n);
}

static char *fail_strdup(const char *s)
{
    return fail_now() ? NULL : strdup(s);
}

void mock_fail_alloc(unsigned long n)
{
    fail_at = n;
    fail_count = 0;
    failed = 0;
    if (n != 0)
        xmlMemSetup(free, fail_malloc, fail_realloc, fail_strdup);
    else
        xmlMemSetup(free, malloc, realloc, strdup);
}

int mock_alloc_failed(void)
{
    return failed;
}
