/* xmlsafe.c - see xmlsafe.h. */
#include <config.h>
#include "xmlsafe.h"
#include "activity.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "otlint.h"
#include "util.h"

int otl_xml_options(void)
{
    int opts = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS;
#ifdef XML_PARSE_NO_XXE /* libxml2 >= 2.13 */
    opts |= XML_PARSE_NO_XXE;
#endif
    /* Deliberately absent: XML_PARSE_NOENT (entity substitution: XXE and
     * expansion bombs), XML_PARSE_DTDLOAD / DTDATTR / DTDVALID (external
     * DTDs), XML_PARSE_XINCLUDE, XML_PARSE_HUGE (lifts libxml2's own limits). */
    return opts;
}


static void structured_error(void *arg, xmlErrorPtr e)
{
    struct otl_xml_sink *sink = arg;
    char msg[512];
    size_t n;
    int level;

    if (sink == NULL || sink->fn == NULL || e == NULL)
        return;
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    /* One diagnostic is one line ("not proper UTF-8 ...\nBytes: ..."). */
    for (n = 0; msg[n] != '\0'; n++)
        if (msg[n] == '\n' || msg[n] == '\r')
            msg[n] = ' ';
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    level = e->level == XML_ERR_WARNING ? OTL_DIAG_WARNING : OTL_DIAG_ERROR;
    sink->fn(sink->arg, level, e->file, e->line > 0 ? (unsigned long)e->line : 0, msg);
}

/* ------------------------------------------------------------ entities
 *
 * No config format otlint reads uses DTD entities, and every entity attack
 * needs one: XXE (an external entity naming a local file or a URL), billion
 * laughs (nested entities), quadratic blowup (one big entity referenced many
 * times, expanded in attribute values even without XML_PARSE_NOENT).  So a
 * document that declares any entity, general or parameter, internal or
 * external, is refused before anything of it is used; the diagnostic gives
 * the line of the declaration.  libxml2's own amplification limits (no
 * XML_PARSE_HUGE) stay as a second line.
 *
 * Third line: libxml2 loads every external resource (DTD, entity, schema)
 * through one global loader, replaced here by one that refuses everything
 * except otlint's own data files, read through otl_xml_read_file and
 * otl_xml_validate_rng (a per-thread flag says when).
 */
#define ENTITY_REFUSED "the document declares an entity (<!ENTITY); refused: otlint does not expand DTD entities (external entities, entity expansion)"

static __thread int trusted_load; /* > 0 while otlint loads its own files */
static xmlExternalEntityLoader default_loader;
static pthread_once_t loader_once = PTHREAD_ONCE_INIT;

static xmlParserInputPtr guarded_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    if (trusted_load > 0 && default_loader != NULL)
        return default_loader(url, id, ctxt);
    /* libxml2 reports the failed load ("failed to load external entity")
     * through the caller's error handler. */
    return NULL;
}

static void install_loader(void)
{
    default_loader = xmlGetExternalEntityLoader();
    xmlSetExternalEntityLoader(guarded_loader);
}

/* libxml2's generic error channel prints straight to stderr, without the
 * file name and sometimes with bytes of the input ("parser error : ..." on
 * out of memory); everything otlint reports goes through the structured
 * handlers instead.  The channel is per thread in libxml2 2.9. */
static void quiet_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void guard_init(void)
{
    (void)pthread_once(&loader_once, install_loader);
    xmlSetGenericErrorFunc(NULL, quiet_generic);
}

void otl_xml_thread_init(void)
{
    guard_init();
}

/* The prolog scan: a push parse that stops at the root element. */
struct prolog {
    int entity;          /* an entity declaration was seen */
    int done;            /* root element reached, or the parser gave up */
    unsigned long line;  /* of the entity declaration */
    xmlParserCtxtPtr ctxt;
};

static void prolog_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
                          const xmlChar *sys, xmlChar *content)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct prolog *p = ctxt->_private;

    (void)name, (void)type, (void)pub, (void)sys, (void)content;
    p->entity = 1;
    p->done = 1;
    p->line = ctxt->input ? (unsigned long)ctxt->input->line : 0;
    xmlStopParser(ctxt);
}

static void prolog_root(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attr,
                        int nb_def, const xmlChar **attrs)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct prolog *p = ctxt->_private;

    (void)localname, (void)prefix, (void)uri, (void)nb_ns, (void)ns, (void)nb_attr;
    (void)nb_def, (void)attrs;
    p->done = 1;
    xmlStopParser(ctxt);
}

static void prolog_quiet(void *arg, xmlErrorPtr e)
{
    (void)arg, (void)e; /* the real parse reports syntax errors */
}

/* Does data declare an entity before its root element?  1 yes (*line set),
 * 0 no, -1 out of memory. */
static int declares_entity(const void *data, size_t len, const char *name, unsigned long *line)
{
    xmlSAXHandler sax;
    struct prolog p;
    const char *d = data;
    size_t off = 0;

    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.entityDecl = prolog_entity;
    sax.startElementNs = prolog_root;
    sax.serror = prolog_quiet;
    memset(&p, 0, sizeof p);
    p.ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, name);
    if (p.ctxt == NULL)
        return -1;
    p.ctxt->_private = &p;
    xmlCtxtUseOptions(p.ctxt, otl_xml_options());
    /* Chunks: the prolog is usually a few hundred bytes; a long internal
     * subset is read only as far as its first entity declaration. */
    while (!p.done) {
        size_t n = len - off < 65536 ? len - off : 65536;
        int last = off + n >= len;
        if (xmlParseChunk(p.ctxt, d + off, (int)n, last) != 0 && !p.done)
            break; /* not well-formed: the real parse says why */
        off += n;
        if (last || p.ctxt->disableSAX)
            break;
    }
    *line = p.line;
    p.ctxt->_private = NULL;
    /* An internal subset makes libxml2 start a document to hold it, which
     * the context does not own. */
    if (p.ctxt->myDoc != NULL) {
        xmlFreeDoc(p.ctxt->myDoc);
        p.ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(p.ctxt);
    return p.entity;
}

/* The same refusal inside a DOM parse (otlint's own files). */
static void refuse_entity(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
                          const xmlChar *sys, xmlChar *content)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct otl_xml_sink *sink = ctxt->_private;

    (void)name, (void)type, (void)pub, (void)sys, (void)content;
    if (sink != NULL && sink->fn != NULL)
        sink->fn(sink->arg, OTL_DIAG_ERROR, ctxt->input ? ctxt->input->filename : NULL,
                 ctxt->input ? (unsigned long)ctxt->input->line : 0, ENTITY_REFUSED);
    ctxt->wellFormed = 0;
    xmlStopParser(ctxt);
}

/* One parse, from memory (path == NULL) or from a file: errors go to fn
 * (libxml2's structured error handler is per thread: set, then restored),
 * and a document that is not well-formed is never returned. */
static xmlDocPtr read_doc(const void *data, size_t len, const char *path, const char *name,
                          otl_errfn fn, void *arg)
{
    struct otl_xml_sink sink = {fn, arg};
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;

    if (path == NULL && len > (size_t)0x7fffffff) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, name, 0, "XML document larger than 2 GiB");
        return NULL;
    }
    guard_init();
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL)
        return NULL;
    /* xmlNewParserCtxt gives each context its own SAX handler copy. */
    ctxt->sax->entityDecl = refuse_entity;
    ctxt->_private = &sink;
    xmlSetStructuredErrorFunc(&sink, structured_error);
    if (path) {
        /* otlint's own files: baselines, profiles, waivers, catalogs
         * (otl_open_regular: a FIFO or device is refused, not waited on) */
        struct stat st;
        int fd = otl_open_regular(path, &st);
        if (fd < 0) {
            if (fn)
                fn(arg, OTL_DIAG_ERROR, path, 0,
                   fd == OTL_NOT_REGULAR ? "not a regular file (a FIFO, device or socket); not read"
                                         : strerror(errno));
            xmlSetStructuredErrorFunc(NULL, NULL);
            xmlFreeParserCtxt(ctxt);
            return NULL;
        }
        trusted_load++;
        doc = xmlCtxtReadFd(ctxt, fd, path, NULL, otl_xml_options());
        trusted_load--;
        close(fd);
    } else {
        doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, otl_xml_options());
    }
    if (doc != NULL && !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlDocPtr otl_xml_read_memory(const void *data, size_t len, const char *name, otl_errfn fn,
                              void *arg)
{
    return read_doc(data, len, NULL, name, fn, arg);
}

xmlDocPtr otl_xml_read_file(const char *path, otl_errfn fn, void *arg)
{
    return read_doc(NULL, 0, path, path, fn, arg);
}

/* Streaming over a file mapping: libxml2 pulls bytes through read_mapped(),
 * which copies them out of the mapping and releases the pages behind the
 * parser.  libxml2 keeps its own copy of what it still needs, so dropping
 * everything before `pos` (less a margin for the plugin's start-tag lexer,
 * which trails the parser by at most its look-ahead) is safe. */
#define OTL_DROP_CHUNK (8UL * 1024 * 1024) /* release in steps of this much */
#define OTL_DROP_LAG (2UL * 1024 * 1024)   /* keep this much behind the parser */

struct mapped_src {
    const unsigned char *data;
    size_t len, pos;
    uintptr_t map_lo, map_hi; /* the mapping, page-aligned start */
    uintptr_t dropped;        /* pages below this address were released */
    size_t page;
};

/* Give back the pages of the mapping more than OTL_DROP_LAG behind m->pos. */
static void drop_behind(struct mapped_src *m)
{
    if (m->pos > OTL_DROP_LAG) {
        uintptr_t upto = (uintptr_t)(m->data + m->pos - OTL_DROP_LAG);
        upto -= upto % m->page;
        if (upto > m->map_hi)
            upto = m->map_hi;
        if (upto >= m->dropped + OTL_DROP_CHUNK) {
            /* Advisory: a failure only means the pages stay resident. */
            (void)madvise((void *)m->dropped, (size_t)(upto - m->dropped), MADV_DONTNEED);
            m->dropped = upto;
        }
    }
}

/* Is [data, data+len) inside a page-aligned mapping at map?  Then m is set
 * up to drop pages behind the parser. */
static int mapped_init(struct mapped_src *m, const void *data, size_t len, const void *map,
                       size_t maplen)
{
    long pg = sysconf(_SC_PAGESIZE);

    memset(m, 0, sizeof *m);
    if (map == NULL || pg <= 0 || (uintptr_t)map % (uintptr_t)pg != 0 ||
        (const unsigned char *)data < (const unsigned char *)map ||
        (const unsigned char *)data + len > (const unsigned char *)map + maplen)
        return 0;
    m->data = data;
    m->len = len;
    m->page = (size_t)pg;
    m->map_lo = m->dropped = (uintptr_t)map;
    m->map_hi = (uintptr_t)map + maplen;
    m->map_hi -= m->map_hi % m->page; /* never the partial last page */
    return 1;
}

static int read_mapped(void *arg, char *buf, int want)
{
    struct mapped_src *m = arg;
    size_t n = m->len - m->pos;

    if (want <= 0)
        return 0;
    if (otl_deadline_passed()) /* --time-limit: the parse stops here (parse.c says limit) */
        return -1;
    if (n > (size_t)want)
        n = (size_t)want;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    drop_behind(m);
    return (int)n;
}

static int close_mapped(void *arg)
{
    free(arg);
    return 0;
}

/* What both streaming entry points refuse before parsing: more than 2 GiB
 * (libxml2 counts in int) and any entity declaration.  1 refused (said). */
static int stream_refused(const void *data, size_t len, const char *name, struct otl_xml_sink *sink)
{
    unsigned long line = 0;
    int e;

    if (len > (size_t)0x7fffffff) {
        if (sink && sink->fn)
            sink->fn(sink->arg, OTL_DIAG_ERROR, name, 0, "XML document larger than 2 GiB");
        return 1;
    }
    guard_init();
    e = declares_entity(data, len, name, &line);
    if (e != 0) {
        if (sink && sink->fn)
            sink->fn(sink->arg, OTL_DIAG_ERROR, name, line,
                     e < 0 ? "out of memory" : ENTITY_REFUSED);
        return 1;
    }
    return 0;
}

xmlTextReaderPtr otl_xml_reader_memory(const void *data, size_t len, const char *name,
                                       struct otl_xml_sink *sink, const void *map, size_t maplen)
{
    xmlTextReaderPtr r;
    struct mapped_src ms, *m;

    if (stream_refused(data, len, name, sink))
        return NULL;
    if (!mapped_init(&ms, data, len, map, maplen)) {
        r = xmlReaderForMemory(data, (int)len, name, NULL, otl_xml_options());
    } else {
        m = malloc(sizeof *m);
        if (m == NULL) {
            if (sink && sink->fn)
                sink->fn(sink->arg, OTL_DIAG_ERROR, name, 0, "out of memory");
            return NULL;
        }
        *m = ms;
        /* On failure libxml2 has already called close_mapped (frees m). */
        r = xmlReaderForIO(read_mapped, close_mapped, m, name, NULL, otl_xml_options());
    }
    if (r == NULL && sink != NULL && sink->fn != NULL)
        sink->fn(sink->arg, OTL_DIAG_ERROR, name, 0,
                 "out of memory (cannot create the XML reader)");
    if (r != NULL && sink != NULL)
        xmlTextReaderSetStructuredErrorHandler(r, structured_error, sink);
    return r;
}

/* The push parse behind otl_xml_sax_memory, in chunks of this much. */
#define OTL_SAX_CHUNK (256 * 1024)

int otl_xml_sax_memory(const void *data, size_t len, const char *name, struct otl_xml_sink *sink,
                       const void *map, size_t maplen, const xmlSAXHandler *handlers, void *user)
{
    const unsigned char *d = data;
    struct mapped_src m;
    xmlSAXHandler sax;
    xmlParserCtxtPtr ctxt;
    size_t off, first;
    int mapped, rc;

    if (stream_refused(data, len, name, sink))
        return -1;
    mapped = mapped_init(&m, data, len, map, maplen);
    /* The plugin's element handlers only; nothing that could load, declare
     * or resolve anything, and errors to the sink (below). */
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = handlers->startElementNs;
    sax.endElementNs = handlers->endElementNs;
    sax.characters = handlers->characters;
    sax.cdataBlock = handlers->cdataBlock;
    /* The first bytes go with the context: libxml2 detects the encoding
     * from them. */
    first = len < 4 ? len : 4;
    ctxt = xmlCreatePushParserCtxt(&sax, NULL, (const char *)d, (int)first, name);
    if (ctxt == NULL) {
        if (sink && sink->fn)
            sink->fn(sink->arg, OTL_DIAG_ERROR, name, 0,
                     "out of memory (cannot create the XML parser)");
        return -1;
    }
    xmlCtxtUseOptions(ctxt, otl_xml_options());
    ctxt->_private = user;
    xmlSetStructuredErrorFunc(sink, structured_error);
    for (off = first;;) {
        size_t n = len - off < OTL_SAX_CHUNK ? len - off : OTL_SAX_CHUNK;
        int last = off + n >= len;
        rc = xmlParseChunk(ctxt, (const char *)d + off, (int)n, last);
        off += n;
        if (mapped) {
            m.pos = off;
            drop_behind(&m);
        }
        if (rc != 0 || last || ctxt->disableSAX)
            break;
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    rc = ctxt->wellFormed && !ctxt->disableSAX ? 0 : 1;
    if (ctxt->myDoc != NULL) { /* an internal subset starts a document */
        xmlFreeDoc(ctxt->myDoc);
        ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return rc;
}

int otl_xml_validate_rng(xmlDocPtr doc, const char *rng_path, otl_errfn fn, void *arg)
{
    struct otl_xml_sink sink = {fn, arg};
    xmlRelaxNGParserCtxtPtr pctx = NULL;
    xmlRelaxNGPtr schema = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;
    int rc = -1;

    guard_init();
    trusted_load++;
    xmlSetStructuredErrorFunc(&sink, structured_error);
    pctx = xmlRelaxNGNewParserCtxt(rng_path);
    if (pctx == NULL)
        goto out;
    xmlRelaxNGSetParserStructuredErrors(pctx, structured_error, &sink);
    schema = xmlRelaxNGParse(pctx);
    if (schema == NULL) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, rng_path, 0, "cannot load RELAX NG schema");
        goto out;
    }
    vctx = xmlRelaxNGNewValidCtxt(schema);
    if (vctx == NULL)
        goto out;
    xmlRelaxNGSetValidStructuredErrors(vctx, structured_error, &sink);
    rc = xmlRelaxNGValidateDoc(vctx, doc) == 0 ? 0 : -1;
out:
    trusted_load--;
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (vctx)
        xmlRelaxNGFreeValidCtxt(vctx);
    if (schema)
        xmlRelaxNGFree(schema);
    if (pctx)
        xmlRelaxNGFreeParserCtxt(pctx);
    return rc;
}
