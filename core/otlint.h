/*
 * otlint.h - the public plugin ABI of otlint.
 *
 * A format plugin is a shared object that exports exactly one symbol,
 * OTL_FORMAT_SYMBOL ("otlint_format"), a const struct otl_format.  A checker
 * module exports exactly one symbol, OTL_CHECKER_SYMBOL ("otlint_checker"), a
 * const struct otl_checker.  Everything else in a plugin is static; the link
 * line (-export-symbols-regex) enforces it.
 *
 * The core calls a plugin with a struct otl_host: the only way a plugin calls
 * back into the core.  Plugins link libxml2 (they build the device document
 * with it) and nothing of the core, so the host table is the whole ABI.
 *
 * ABI rules: OTL_ABI_MAJOR changes when a field changes meaning or moves; the
 * loader refuses another major.  OTL_ABI_MINOR grows when a field is appended
 * (taken from the reserved slots); `size` tells how much of the struct the
 * plugin knows, and the core never reads past it.
 *
 * The device document (see docs/device-document.md):
 *
 *   <device>                 root element, created by the core
 *     <facts> ... </facts>   vendor-neutral facts (baselines/schema/facts.rng)
 *     <raw> ... </raw>       the vendor's own tree
 *   </device>
 *
 * Source lines: every element a plugin creates carries its 1-based source
 * line in node->_private (as uintptr_t; 0 = unknown) and, where it fits, in
 * node->line.  Use otl_node_set_line() / otl_node_line() below.  The file is
 * per document (one document per input file).
 *
 * Attribute lines: an attribute of a fact carries, in its xmlAttr->_private,
 * the line of the statement or element that set it (otl_attr_set_line() /
 * otl_attr_line(); the SDK's otlp_doc_set* do it).  0 = no statement of its
 * own (a default filled in, a value derived from several): the element's
 * line stands.  A rule's <select at="..."> names the attributes a finding is
 * about, and the finding is placed at the first one's line.  Attribute
 * _private is reserved for this; a plugin that does not record attribute
 * lines leaves it NULL and its findings stay at the element's line.
 *
 * Secrets: a plugin never puts a secret value (password, hash, community,
 * key, PSK) into the document.  Facts describe a secret (secret-kind=,
 * known-default=); raw nodes that contained one carry the text with the value
 * replaced by OTL_REDACTED and the attribute secret="true".
 */
#ifndef OTLINT_H
#define OTLINT_H

#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OTL_ABI_MAJOR 1
#define OTL_ABI_MINOR 4

#define OTL_FORMAT_SYMBOL "otlint_format"
#define OTL_CHECKER_SYMBOL "otlint_checker"

/* Parse coverage (facts/system/@parse-coverage, statements understood /
 * statements) below which the core reports a file `partial`: too much of
 * it was not read for an absent setting to mean anything, so a plugin
 * asserts no default that rests on absence below it either.  A file of
 * which nothing was recognised is `unrecognised` (docs/file-accounting.md). */
#define OTL_MIN_COVERAGE_PERMILLE 900

/* What replaces a secret value wherever text of the config is kept. */
#define OTL_REDACTED "<redacted>"

/* Flags of a raw statement handed over as a record (otl_host.raw_stmt):
 * what the element's secret="true" and recognised="false" would say. */
#define OTL_RAW_SECRET 1u
#define OTL_RAW_UNRECOGNISED 2u

/* Device classes, a bit set. */
enum otl_class {
    OTL_CLASS_SWITCH = 1u << 0,
    OTL_CLASS_ROUTER = 1u << 1,
    OTL_CLASS_FIREWALL = 1u << 2,
    OTL_CLASS_CONTROLLER = 1u << 3,
    OTL_CLASS_OTHER = 1u << 4
};

/* Result of a parse.  Append only. */
enum otl_parse_status {
    OTL_PARSE_OK = 0,      /* document built; diagnostics may still be warnings */
    OTL_PARSE_PARTIAL = 1, /* document built from part of the input; errors reported */
    OTL_PARSE_FAILED = 2,  /* no usable document; the reason was reported via diag */
    OTL_PARSE_NOMEM = 3    /* out of memory */
};

enum otl_diag_level {
    OTL_DIAG_NOTE = 0,
    OTL_DIAG_WARNING = 1,
    OTL_DIAG_ERROR = 2
};

/* One input file, mapped read-only by the core.  Borrowed: valid for the
 * duration of the sniff or parse call only. */
struct otl_input {
    const char *path;          /* path as given on the command line (display) */
    const unsigned char *data; /* the whole file; not NUL-terminated */
    size_t len;
};

/* The device document a plugin fills in.  Created by the core; owned by the
 * core; the plugin adds children to `facts` and `raw` (or replaces `raw`'s
 * children with the parsed vendor tree, for XML formats). */
struct otl_devdoc {
    xmlDocPtr doc;
    xmlNodePtr device; /* root element */
    xmlNodePtr facts;
    xmlNodePtr raw;
};

struct otl_parse_ctx; /* opaque; owned by the core */

/* The core's services to a plugin.  Borrowed; valid during the call. */
struct otl_host {
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t size; /* sizeof(struct otl_host) of the core */

    /* Report a diagnostic about the input at `line` (0: whole file).  The
     * core adds the file name.  Never pass secret values in `fmt` args. */
    void (*diag)(struct otl_parse_ctx *ctx, enum otl_diag_level level, unsigned long line,
                 const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 4, 5)))
#endif
        ;

    /* Limits the plugin must honour (see core/limits.h).  0 = no limit. */
    size_t max_line_len;
    unsigned max_depth;
    size_t max_nodes;

    /* The one XML entry point: parse `data` with network access, entity
     * substitution, DTD loading and XInclude off; errors go to diag with
     * their line.  Returns a document the caller owns (xmlFreeDoc) or NULL. */
    xmlDocPtr (*xml_read)(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len);

    /* The same, as a streaming reader over `data` (which must outlive it);
     * caller owns it (xmlFreeTextReader).  NULL on error. */
    struct _xmlTextReader *(*xml_reader)(struct otl_parse_ctx *ctx, const unsigned char *data,
                                         size_t len);

    /* Since ABI 1.1; NULL when the core wants raw elements.  A plugin may
     * hand each element of its raw tree over as a record instead of
     * building it: one call per element, in file (document) order; `depth`
     * 0 at top level, else its parent's depth + 1; flags OTL_RAW_*.  `text`
     * is what evidence would show of the element, sanitised and redacted
     * exactly as the element would be: a text format's statement (the
     * <stmt text=...> value), an XML format's start tag as `<Name a="v">`
     * with the element's attributes in order, values unescaped.  The core
     * keeps the first OTL_MAX_EVIDENCE + 1 bytes.  The core passes it when
     * nothing reads the raw elements (no rule can reach them, no loaded
     * checker sets OTL_CHECKER_READS_RAW, not `show --raw`) and takes
     * finding evidence from the records: a
     * document with thousands of statements costs a fraction to build.
     * 0, or -1 out of memory.  Check host->abi_minor >= 1 before reading it. */
    int (*raw_stmt)(struct otl_parse_ctx *ctx, unsigned depth, unsigned long line,
                    const char *text, size_t len, unsigned flags);

    /* Since ABI 1.2 (this core always offers it).  The same input, refusals and error reporting as
     * xml_reader, as SAX2 events and without building a node per element:
     * the handlers' startElementNs, endElementNs, characters and cdataBlock
     * (the rest is ignored) get the parser context as their first argument,
     * with `user` in its _private; a handler may stop the parse
     * (xmlStopParser).  Attribute values arrive as libxml2's SAX2 gives them
     * (an '&' of the value as "&#38;").  0: parsed to the end, well-formed;
     * 1: not well-formed, or stopped (errors went to diag with their line);
     * -1: not started (said through diag).  Check host->abi_minor >= 2. */
    int (*xml_sax)(struct otl_parse_ctx *ctx, const unsigned char *data, size_t len,
                   const struct _xmlSAXHandler *handlers, void *user);

    /* Since ABI 1.4 (this core always offers both; check host->abi_minor >=
     * 4 and the pointer).  expired: 1 once the file's wall-clock budget
     * (--time-limit) is spent, else 0; cheap (a clock read), call it every
     * few thousand lines or elements and stop when it says so (return
     * OTL_PARSE_PARTIAL: the core makes the file status `limit` whatever
     * the plugin returns).  A plugin that never asks is stopped all the
     * same, harder: its worker thread is abandoned (docs/plugins.md).
     * input_consumed: the plugin will not read the input before `upto` (a
     * pointer into in->data) again, or rarely: the core may drop those
     * pages of a mapped input from memory (they are read again from the
     * file if touched), so that a big text file is read in a bounded
     * window.  The SDK's line reader (otlp_next_line) calls both. */
    int (*expired)(struct otl_parse_ctx *ctx);
    void (*input_consumed)(struct otl_parse_ctx *ctx, const unsigned char *upto);

    void *reserved[4];
};

/*
 * sniff: score how likely `in` is this plugin's format, 0 (not mine) to 100
 * (certain).  Only the first bytes are looked at by convention (in->len may
 * be the whole file; a plugin must not read more than it needs).  Must not
 * allocate memory that outlives the call.  Pure function, thread-safe.
 *
 * parse: fill `dd` from `in`.  Report every problem through host->diag with
 * a line.  Must count what it did not understand and record it in
 * facts/system/@parse-coverage.  Thread-safe: called concurrently for
 * different files.  On OTL_PARSE_FAILED the core discards `dd`.
 */
typedef int (*otl_sniff_fn)(const struct otl_input *in);
typedef enum otl_parse_status (*otl_parse_fn)(const struct otl_host *host,
                                              struct otl_parse_ctx *ctx,
                                              const struct otl_input *in,
                                              struct otl_devdoc *dd);

struct otl_format {
    uint32_t abi_major; /* OTL_ABI_MAJOR the plugin was built against */
    uint32_t abi_minor; /* OTL_ABI_MINOR the plugin was built against */
    uint32_t size;      /* sizeof(struct otl_format) the plugin was built with */
    const char *name;   /* unique, [a-z0-9-]+, e.g. "cisco-ios" */
    const char *description;
    unsigned classes; /* enum otl_class bits the format can describe */
    otl_sniff_fn sniff;
    otl_parse_fn parse;
    void *reserved[8];
};

/*
 * A checker module registers logic that a declarative rule cannot express:
 * XPath extension functions and whole-document analyses adding derived facts.
 *
 * register_xpath: called once per XPath context the core creates (one per
 *   worker thread), to call xmlXPathRegisterFuncNS() on it.  Return 0 on
 *   success.
 * analyse: called once per device document after parse and before rules run;
 *   may add facts.  May be NULL.  Thread-safe.
 * flags (ABI 1.3): OTL_CHECKER_READS_RAW when analyse() or the registered
 *   functions read the raw tree (<raw>): the core then has the plugins build
 *   it as elements.  Without it, a checker sees <raw> empty whenever no rule
 *   reads it either (the plugin handed its statements over as records).
 */
#define OTL_CHECKER_READS_RAW 1u
struct _xmlXPathContext;
struct otl_checker {
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t size;
    const char *name;
    const char *description;
    int (*register_xpath)(struct _xmlXPathContext *xpctx);
    int (*analyse)(const struct otl_host *host, struct otl_parse_ctx *ctx, struct otl_devdoc *dd);
    uint32_t flags; /* OTL_CHECKER_* (ABI 1.3) */
    void *reserved[7];
};

/* Source line helpers: inline, so plugins need no core symbol. */
static inline void otl_node_set_line(xmlNodePtr n, unsigned long line)
{
    n->_private = (void *)(uintptr_t)line;
    n->line = line < 65535 ? (unsigned short)line : 65535;
}

static inline unsigned long otl_node_line(const xmlNode *n)
{
    for (; n != NULL; n = n->parent) {
        if (n->type == XML_ELEMENT_NODE && n->_private != NULL)
            return (unsigned long)(uintptr_t)n->_private;
        if (n->type == XML_ELEMENT_NODE && n->line != 0)
            return n->line;
        if (n->type == XML_DOCUMENT_NODE)
            break;
    }
    return 0;
}

/* Line of the statement that set attribute `a` (0: none of its own). */
static inline void otl_attr_set_line(xmlAttrPtr a, unsigned long line)
{
    a->_private = (void *)(uintptr_t)line;
}

static inline unsigned long otl_attr_line(const xmlAttr *a)
{
    return a != NULL ? (unsigned long)(uintptr_t)a->_private : 0;
}

#ifdef __cplusplus
}
#endif
#endif /* OTLINT_H */
