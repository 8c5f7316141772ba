/*
 * mock-host.h - a host table (struct otl_host, core/otlint.h) without the
 * core, for unit tests of format plugins (as collectd's plugin_mock).
 *
 * It records what a plugin reports: diagnostics (level, line, message) and
 * raw records (host->raw_stmt).  XML goes through plain libxml2 with the
 * options of the core (no network, no entity substitution, no DTD loading,
 * lines past 65535 kept), and a document that declares an entity is refused
 * as the core refuses it.  The test program links libxml2 and Check only:
 * plugins are dlopen'ed from the build tree as the core would load them.
 */
#ifndef OTL_MOCK_HOST_H
#define OTL_MOCK_HOST_H

#include <stddef.h>
#include <libxml/tree.h>
#include "otlint.h"

struct mock_diag {
    enum otl_diag_level level;
    unsigned long line;
    char msg[512];
};

struct mock_rec {
    unsigned depth;
    unsigned long line;
    unsigned flags;
    char *text;
};

/* What a plugin is given as its parse context: the mock's record. */
struct otl_parse_ctx {
    struct mock_diag *diags;
    size_t ndiags, dcap;
    struct mock_rec *recs;
    size_t nrecs, rcap;
    /* ABI 1.4 (not offered with no_sax): host->expired says 1 from its
     * `expire_at`-th call on (0: never; set it between mock_prepare and
     * mock_run); host->input_consumed records its calls and the last `upto` */
    unsigned long expire_at, nexpired_calls, nconsumed;
    const unsigned char *consumed;
};

struct mock_host {
    struct otl_host host;
    struct otl_parse_ctx ctx;
    struct otl_devdoc dd;
    enum otl_parse_status status;
};

/* Options of a run; zero = the core's defaults. */
struct mock_opts {
    size_t max_nodes;   /* 0: the core's OTL_MAX_NODES */
    int records;        /* offer host->raw_stmt (the raw tree as records) */
    int no_sax;         /* do not offer host->xml_sax (ABI 1.1 host) */
};

/* The plugin of the build tree, vendor-formats/NAME/.libs/NAME.so, loaded
 * as the core does (RTLD_NOW | RTLD_LOCAL); NULL when it cannot be. */
const struct otl_format *mock_plugin(const char *name);

/* Sniff `len` bytes of `text` with the plugin. */
int mock_sniff(const struct otl_format *f, const char *text, size_t len);

/* Parse `len` bytes of `text` as the core would: a fresh document
 * skeleton <device><facts/><raw/></device>, the host, then f->parse.  The
 * result (status, document, diagnostics, records) stays in *m until
 * mock_free(m).  Returns m->status. */
enum otl_parse_status mock_parse(struct mock_host *m, const struct otl_format *f,
                                 const struct mock_opts *o, const char *text, size_t len);
void mock_free(struct mock_host *m);
/* The two halves of mock_parse: the host and the skeleton (0, -1 out of
 * memory), then the plugin's parse. */
int mock_prepare(struct mock_host *m, const struct mock_opts *o);
enum otl_parse_status mock_run(struct mock_host *m, const struct otl_format *f, const char *text,
                               size_t len);

/* XPath over the device document (context node: <device>): the number of
 * nodes a node-set holds, or the value of a number or boolean; -1 on error. */
long mock_count(struct mock_host *m, const char *xpath);
/* string(xpath) into buf; "" when empty. */
const char *mock_string(struct mock_host *m, const char *xpath, char *buf, size_t n);

/* The source line of the first node of xpath (otl_node_line), 0 if none. */
unsigned long mock_line(struct mock_host *m, const char *xpath);

/* The first diagnostic whose message contains `part` (any level when
 * level < 0), or NULL. */
const struct mock_diag *mock_diag_find(const struct mock_host *m, int level, const char *part);
/* Number of diagnostics at `level`. */
size_t mock_diag_count(const struct mock_host *m, enum otl_diag_level level);

/* Does `s` occur anywhere in what the plugin produced: the serialised
 * document, a diagnostic, a raw record? */
int mock_leaks(struct mock_host *m, const char *s);

/* Make the n-th libxml2 allocation from now on fail (n = 0: none), for
 * out-of-memory tests; mock_alloc_failed() says whether one did. */
void mock_fail_alloc(unsigned long n);
int mock_alloc_failed(void);

#endif
