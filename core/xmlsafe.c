/* xmlsafe.c - see xmlsafe.h. */
#include <config.h>
#include "xmlsafe.h"

#include <stdio.h>
#include <string.h>
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

xmlTextReaderPtr otl_xml_reader_memory(const void *data, size_t len, const char *name,
                                       struct otl_xml_sink *sink)
{
    xmlTextReaderPtr r;

    if (len > (size_t)0x7fffffff) {
        if (sink && sink->fn)
            sink->fn(sink->arg, OTL_DIAG_ERROR, 0, "XML document larger than 2 GiB");
        return NULL;
    }
    r = xmlReaderForMemory(data, (int)len, name, NULL, otl_xml_options());
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
