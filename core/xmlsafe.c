/* xmlsafe.c - see xmlsafe.h. */
#include <config.h>
#include "xmlsafe.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "otlint.h"

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
    n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
    level = e->level == XML_ERR_WARNING ? OTL_DIAG_WARNING : OTL_DIAG_ERROR;
    sink->fn(sink->arg, level, e->line > 0 ? (unsigned long)e->line : 0, msg);
}

/* One parse, from memory (path == NULL) or from a file: errors go to fn
 * (libxml2's structured error handler is per thread: set, then restored),
 * and a document that is not well-formed is never returned. */
static xmlDocPtr read_doc(const void *data, size_t len, const char *path, const char *name,
                          otl_xml_errfn fn, void *arg)
{
    struct otl_xml_sink sink = {fn, arg};
    xmlParserCtxtPtr ctxt;
    xmlDocPtr doc;

    if (path == NULL && len > (size_t)0x7fffffff) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, 0, "XML document larger than 2 GiB");
        return NULL;
    }
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL)
        return NULL;
    xmlSetStructuredErrorFunc(&sink, structured_error);
    doc = path ? xmlCtxtReadFile(ctxt, path, NULL, otl_xml_options())
               : xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, otl_xml_options());
    if (doc != NULL && !ctxt->wellFormed) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

xmlDocPtr otl_xml_read_memory(const void *data, size_t len, const char *name, otl_xml_errfn fn,
                              void *arg)
{
    return read_doc(data, len, NULL, name, fn, arg);
}

xmlDocPtr otl_xml_read_file(const char *path, otl_xml_errfn fn, void *arg)
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

static int read_mapped(void *arg, char *buf, int want)
{
    struct mapped_src *m = arg;
    size_t n = m->len - m->pos;

    if (want <= 0)
        return 0;
    if (n > (size_t)want)
        n = (size_t)want;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
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
    return (int)n;
}

static int close_mapped(void *arg)
{
    free(arg);
    return 0;
}

xmlTextReaderPtr otl_xml_reader_memory(const void *data, size_t len, const char *name,
                                       struct otl_xml_sink *sink, const void *map, size_t maplen)
{
    xmlTextReaderPtr r;
    struct mapped_src *m;
    long pg;

    if (len > (size_t)0x7fffffff) {
        if (sink && sink->fn)
            sink->fn(sink->arg, OTL_DIAG_ERROR, 0, "XML document larger than 2 GiB");
        return NULL;
    }
    pg = sysconf(_SC_PAGESIZE);
    if (map == NULL || pg <= 0 || (uintptr_t)map % (uintptr_t)pg != 0 ||
        (const unsigned char *)data < (const unsigned char *)map ||
        (const unsigned char *)data + len > (const unsigned char *)map + maplen) {
        r = xmlReaderForMemory(data, (int)len, name, NULL, otl_xml_options());
    } else {
        m = calloc(1, sizeof *m);
        if (m == NULL)
            return NULL;
        m->data = data;
        m->len = len;
        m->page = (size_t)pg;
        m->map_lo = m->dropped = (uintptr_t)map;
        m->map_hi = (uintptr_t)map + maplen;
        m->map_hi -= m->map_hi % m->page; /* never the partial last page */
        /* On failure libxml2 has already called close_mapped (frees m). */
        r = xmlReaderForIO(read_mapped, close_mapped, m, name, NULL, otl_xml_options());
    }
    if (r != NULL && sink != NULL)
        xmlTextReaderSetStructuredErrorHandler(r, structured_error, sink);
    return r;
}

int otl_xml_validate_rng(xmlDocPtr doc, const char *rng_path, otl_xml_errfn fn, void *arg)
{
    struct otl_xml_sink sink = {fn, arg};
    xmlRelaxNGParserCtxtPtr pctx = NULL;
    xmlRelaxNGPtr schema = NULL;
    xmlRelaxNGValidCtxtPtr vctx = NULL;
    int rc = -1;

    xmlSetStructuredErrorFunc(&sink, structured_error);
    pctx = xmlRelaxNGNewParserCtxt(rng_path);
    if (pctx == NULL)
        goto out;
    xmlRelaxNGSetParserStructuredErrors(pctx, structured_error, &sink);
    schema = xmlRelaxNGParse(pctx);
    if (schema == NULL) {
        if (fn)
            fn(arg, OTL_DIAG_ERROR, 0, "cannot load RELAX NG schema");
        goto out;
    }
    vctx = xmlRelaxNGNewValidCtxt(schema);
    if (vctx == NULL)
        goto out;
    xmlRelaxNGSetValidStructuredErrors(vctx, structured_error, &sink);
    rc = xmlRelaxNGValidateDoc(vctx, doc) == 0 ? 0 : -1;
out:
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (vctx)
        xmlRelaxNGFreeValidCtxt(vctx);
    if (schema)
        xmlRelaxNGFree(schema);
    if (pctx)
        xmlRelaxNGFreeParserCtxt(pctx);
    return rc;
}
