/*
 * limits.h - every limit otlint puts on untrusted input, in one place.
 *
 * Configs come from devices and other organisations: every byte is hostile.
 * Each limit can be overridden at configure time, e.g.
 *   ./configure CPPFLAGS='-DOTL_MAX_FILE_SIZE=1073741824'
 * Hitting a limit is a diagnostic with file:line and a result state for the
 * file (limit / notevaluable), never a crash and never a silent pass.
 */
#ifndef OTL_LIMITS_H
#define OTL_LIMITS_H

/* Largest input file read (bytes).  Real L5X exports reach hundreds of MB;
 * the CLI option --max-file-size overrides it at run time. */
/* Wall-clock seconds one file may take in a scan (--time-limit; 0: none):
 * generous, so that only a runaway parse or evaluation meets it. */
#ifndef OTL_TIME_LIMIT
#define OTL_TIME_LIMIT 300
#endif

#ifndef OTL_MAX_FILE_SIZE
#define OTL_MAX_FILE_SIZE (512UL * 1024 * 1024)
#endif

/* Longest line of a text config (bytes).  No real CLI statement comes close;
 * a longer line is binary data or an attack on a quadratic path. */
#ifndef OTL_MAX_LINE_LEN
#define OTL_MAX_LINE_LEN (64UL * 1024)
#endif

/* Deepest nesting of blocks in a text config, and of elements a plugin
 * builds.  Keeps every tree walk (which may recurse) bounded. */
#ifndef OTL_MAX_DEPTH
#define OTL_MAX_DEPTH 256
#endif

/* Most elements a plugin may create for one device document: far above
 * what any corpus file needs, while bounding the memory of a generated
 * 200 MB Cisco config (tests/hostile; docs/hostile-input.md). */
#ifndef OTL_MAX_NODES
#define OTL_MAX_NODES (1000UL * 1000)
#endif

/* Findings kept per file and rule result; the rest are counted, not kept. */
#ifndef OTL_MAX_FINDINGS_PER_FILE
#define OTL_MAX_FINDINGS_PER_FILE 10000
#endif

/* Diagnostics kept per file; one more says how many were suppressed. */
#ifndef OTL_MAX_DIAGS_PER_FILE
#define OTL_MAX_DIAGS_PER_FILE 200
#endif

/* PCRE2 limits for every match run by re:test/re:match/re:replace: the
 * backtracking budget, the nesting (depth) budget, the interpreter's heap
 * (KiB) and the JIT stack (bytes, per evaluator thread).  A match that hits
 * one is the input's cost: that rule is notevaluable on the document and
 * the file partial (exit 3), never a pass and never a rule error. */
#ifndef OTL_PCRE2_MATCH_LIMIT
#define OTL_PCRE2_MATCH_LIMIT 1000000U
#endif
#ifndef OTL_PCRE2_DEPTH_LIMIT
#define OTL_PCRE2_DEPTH_LIMIT 10000U
#endif
#ifndef OTL_PCRE2_HEAP_LIMIT
#define OTL_PCRE2_HEAP_LIMIT 32768U
#endif
#ifndef OTL_PCRE2_JIT_STACK
#define OTL_PCRE2_JIT_STACK (512U * 1024)
#endif

/* XPath evaluation budget: libxml2 operations (steps, node tests,
 * comparisons) one evaluation of one rule expression may take (a few
 * seconds of CPU at most; docs/hostile-input.md).  The shipped rules stay far below it on every corpus file and on
 * the 200 MB L5X of tests/large-l5x.sh; a hit (tests/limits.sh) makes that
 * rule notevaluable and the file partial (exit 3), never a pass.
 * libxml2 >= 2.9.11 counts; older ones ignore the budget. */
#ifndef OTL_XPATH_OP_LIMIT
#define OTL_XPATH_OP_LIMIT 50000000UL
#endif

/* libxml2 does not count the pairs a union or a comparison of two node-sets
 * goes through (core/xpcost.h): a rule with either runs only on a document
 * whose element count, squared, stays within this (a few seconds of CPU at
 * most); on a larger one it is notevaluable and the file partial. */
#ifndef OTL_XPATH_PAIR_LIMIT
#define OTL_XPATH_PAIR_LIMIT 1000000000UL
#endif

/* Distinct regular expressions kept compiled in the shared cache. */
#ifndef OTL_PCRE2_CACHE_MAX
#define OTL_PCRE2_CACHE_MAX 4096
#endif

/* Longest string re:replace may produce (bytes). */
#ifndef OTL_MAX_REPLACE_LEN
#define OTL_MAX_REPLACE_LEN (1024UL * 1024)
#endif

/* Longest finding message and evidence excerpt kept (bytes). */
#ifndef OTL_MAX_MESSAGE
#define OTL_MAX_MESSAGE 1024
#endif
#ifndef OTL_MAX_EVIDENCE
#define OTL_MAX_EVIDENCE 240
#endif

/* Directory walk: deepest directory nesting and most files per scan. */
#ifndef OTL_MAX_WALK_DEPTH
#define OTL_MAX_WALK_DEPTH 64
#endif
#ifndef OTL_MAX_FILES
#define OTL_MAX_FILES 1000000UL
#endif

/* How many bytes of a file sniff() is shown at most. */
#ifndef OTL_SNIFF_LEN
#define OTL_SNIFF_LEN 8192
#endif

/* Memory of freed libxml2 blocks each thread keeps for reuse (core/xmlalloc.c;
 * blocks with their headers): more than a switch config's document and rule
 * evaluation churn (docs/benchmark.md); the cap bounds what a large document
 * leaves behind per thread. */
#ifndef OTL_XML_CACHE_BYTES
#define OTL_XML_CACHE_BYTES (2UL * 1024 * 1024)
#endif

#endif /* OTL_LIMITS_H */
