/*
 * parse.h - parse: one file into a device document through its format
 * plugin (parse.c): the host table plugins call back through, the document
 * skeleton, the plugin's parse, then the checker modules (analyse.c).
 */
#ifndef OTL_PARSE_H
#define OTL_PARSE_H

#include <stddef.h>
#include "engine.h"
#include "loader.h"
#include "read.h"
#include "result.h"

struct otl_scan_opts;

/* Parse one file into a device document (for `otlint show` and the scan).
 * Fills f (path, format, status, diags, coverage).  On success *dd owns the
 * document (xmlFreeDoc(dd->doc)); on failure dd->doc is NULL.  `recs`: NULL
 * for a complete raw tree; else a plugin may put its raw statements there
 * as records instead of elements (reset first; only when nothing will read
 * the raw elements: otl_evaluator_reads_raw). */
int otl_parse_file(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                   const char *path, struct otl_file *f, struct otl_devdoc *dd,
                   struct otl_rawrecs *recs);
/* The same, reading into a worker's buffer `rb` (the scan). */
int otl_parse_path(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                   const char *path, struct otl_file *f, struct otl_devdoc *dd,
                   struct otl_rawrecs *recs, struct otl_rbuf *rb);

/* The same for bytes already in memory (the fuzz harnesses; otl_parse_path
 * after reading the file).  `map`/`maplen`: the read-only file mapping that
 * holds `data` (the streaming XML reader releases its pages as it goes), or
 * NULL when `data` is ordinary memory. */
int otl_parse_memory(const struct otl_registry *reg, const struct otl_scan_opts *opts,
                     const char *path, const unsigned char *data, size_t len,
                     const unsigned char *map, size_t maplen, struct otl_file *f,
                     struct otl_devdoc *dd, struct otl_rawrecs *recs);

#endif
