/*
 * xmlsafe.h - the one place where XML enters otlint.
 *
 * Every parse of a config, a baseline, a profile or a schema goes through
 * these functions (tests/lint.sh fails on raw xmlRead or xmlParse calls elsewhere).
 * Options: no network, no entity substitution, no DTD loading or attribute
 * defaulting, no XInclude, no "huge" mode; line numbers beyond 65535 kept.
 */
#ifndef OTL_XMLSAFE_H
#define OTL_XMLSAFE_H

#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include "util.h"

/* Each parser error goes to an otl_errfn (util.h): `file` is the document's
 * name as libxml2 knows it (the path, or the `name` given), `line` 0 when
 * unknown. */

/* Parse a document from memory.  `name` is used in libxml2's own messages.
 * Caller owns the result (xmlFreeDoc).  NULL on error (reported via fn). */
xmlDocPtr otl_xml_read_memory(const void *data, size_t len, const char *name, otl_errfn fn,
                              void *arg);

/* Read and parse a file (trusted data of otlint: baselines, profiles). */
xmlDocPtr otl_xml_read_file(const char *path, otl_errfn fn, void *arg);

/* Where a streaming reader sends its errors; must outlive the reader. */
struct otl_xml_sink {
    otl_errfn fn;
    void *arg;
};

/* A streaming reader over memory that must outlive it.  Caller owns it.
 *
 * When [data, data+len) lies inside a read-only file mapping that starts at
 * `map` (page-aligned, `maplen` bytes; map == NULL: plain memory), the
 * reader feeds libxml2 through a read callback and gives the pages it has
 * consumed back to the kernel (MADV_DONTNEED) as it goes, so the resident
 * size stays bounded however large the file: nothing may read the consumed
 * part of a mapping through other pointers while the reader is in use
 * (re-reading it is safe, only slower: the kernel maps the file again). */
xmlTextReaderPtr otl_xml_reader_memory(const void *data, size_t len, const char *name,
                                       struct otl_xml_sink *sink, const void *map, size_t maplen);

/* The same input as SAX events: the handlers' startElementNs, endElementNs,
 * characters and cdataBlock (the rest of `handlers` is ignored) are called
 * with the parser context as their first argument and `user` in its
 * _private; a handler may stop the parse (xmlStopParser).  The same
 * refusals, options and error reporting as the reader; pages of a mapping
 * behind the parser are given back the same way.  0: parsed to the end,
 * well-formed; 1: not well-formed or stopped (errors went to the sink); -1:
 * not started (refused or out of memory, said through the sink). */
int otl_xml_sax_memory(const void *data, size_t len, const char *name, struct otl_xml_sink *sink,
                       const void *map, size_t maplen, const xmlSAXHandler *handlers, void *user);

/* Validate `doc` against the RELAX NG schema at `rng_path`; each error goes
 * to fn with its line.  0 valid, -1 invalid or schema unusable. */
int otl_xml_validate_rng(xmlDocPtr doc, const char *rng_path, otl_errfn fn, void *arg);

/* Per thread that touches libxml2 (main, each scan worker), before any
 * parse or tree call: installs the external-resource guard (once) and
 * silences libxml2's generic error channel, which would print input bytes
 * to stderr without a file name.  The parse functions above call it too. */
void otl_xml_thread_init(void);

/* Parser options used for every parse (exposed for tests). */
int otl_xml_options(void);

#endif
