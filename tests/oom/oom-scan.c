/*
 * oom-scan.c - allocation failure (issue 5): fail the n-th allocation of a
 * small scan, for n over the allocations the scan makes, and require each
 * run to end either exactly like the run without a failure or in an error
 * that the exit code shows.  Never a crash, never a leak, never a silently
 * different report.
 *
 * The hook: the test is linked with -Wl,--wrap for malloc, calloc, realloc,
 * strdup, strndup and free, which reroutes those calls in every object linked
 * into it: the core (libotlcore.la), the plugin SDK (libotlint-plugin.la) and
 * three format plugins and the versions checker compiled in (fmt-*.c,
 * ck-versions.c: a dlopen()ed plugin would call
 * the C library directly).  libxml2 and jansson allocate through the same
 * hook (xmlMemSetup, json_set_alloc_funcs).  Not covered: PCRE2's own
 * allocations (core/regex.c gives it no general context) and the C
 * library's internal ones (stdio buffers).  Every block carries a header
 * (live list, number of the allocation, who asked), so a leak is found per
 * run, in the plain build too, and named by the code that made it.
 *
 * One scan is what `otlint requirements` does for one file, with waivers:
 * otl_scan_run (read, sniff, parse, evaluate, waivers, per-device roll-up),
 * the scan roll-up, then the writers (text, JSON, SARIF, JUnit, and the
 * matrix as text, JSON and CSV) into memory.  Loading the catalogs, rules,
 * profiles and waivers is trusted and happens before the hook is armed.
 *
 * Each run is judged against the reference run (no failure):
 *  - clean error: the exit code otlint would give shows a problem (the scan
 *    refused, a file status that means exit 3, a rule in state error, the
 *    roll-up or a writer failed); a message should name memory (counted,
 *    and the first few printed, when none does);
 *  - succeeded anyway: no problem shown, and every report byte-identical to
 *    the reference: the allocation was not needed for the result;
 *  - anything else fails the test: an error only a diagnostic tells (exit 0
 *    or 1 on an incomplete result), a silently different report, or a block
 *    otlint made and did not free.
 *
 * libxml2 2.9.14 has allocation-failure bugs of its own (most were fixed in
 * 2.11 and 2.12).  Those the scan reaches are tolerated, narrowly, and
 * counted in the summary:
 *  - crash: xmlXPathCompiledEval() dereferences NULL when one of its first
 *    two allocations (the parser context and its value stack, made by
 *    xmlXPathCompParserContext) fails: xmlXPathCompiledEvalInternal() reads
 *    pctxt->error without checking pctxt (xpath.c:14340).  Those two
 *    allocations of every call are never refused ("n spared"); the call is
 *    wrapped to know where they are.  otlint cannot avoid it: under real
 *    exhaustion at that very point it crashes inside libxml2.
 *  - bad read: xmlXPathCompLiteral() returns without an error and without
 *    a step when its copy of a string literal (xmlStrndup) fails.  When the
 *    literal is a whole function argument, xmlXPathCompileExpr() then reads
 *    steps[-1], 56 bytes before the step array (comp->last is -1): valgrind
 *    reports it, and under TSan, whose allocator can put the array at the
 *    start of a mapping, it is a SIGSEGV.  With glibc's malloc those bytes
 *    are the previous chunk's, and otlint turns the compile into a clean
 *    error (libxml2's last error says out of memory).  Inside
 *    xmlXPathCtxtCompile() an xmlStrndup() of the size of one of the
 *    expression's literals is therefore never refused (a name of the same
 *    length is spared with it); counted as "n spared".
 *  - leaks: a node-set in xmlXPathNodeCollectAndTest() when adding a node
 *    fails; the input stream in xmlCreatePushParserCtxt() when copying the
 *    file name fails (behind xmlReaderForIO and xmlsafe.c's entity check);
 *    the stack entry in xmlTextWriterStartElement() (xmlListPushFront()
 *    unchecked); the copy of the URI in xmlXPathRegisterNs() when the hash
 *    table cannot take it.  A leaked block is put down to libxml2 only when libxml2
 *    itself asked for it (xmlMemSetup hook), inside a watched libxml2 call
 *    (-Wl,--wrap) in which a failure was injected, and otlint gave back
 *    what that call returned (xmlXPathFreeObject, xmlFreeTextReader, ...).
 *    The test frees those blocks, so ASan's leak check at exit stays quiet
 *    without suppressions.
 * Others are caught in the core (util.h, otl_xml_oom_seen): functions that
 * return a result after a failed allocation (xmlSetProp an attribute
 * without its value, xmlNewNode a node without a name, the XPath compiler an
 * expression short of a name, xmlTextWriter text it dropped) leave it in
 * libxml2's last error; and engine.c compiles "(expr)", which keeps libxml2
 * from its streaming XPath evaluator, which answers "no node" when out of
 * memory and says nothing.
 *
 * Which n: the reference run is cut into phases (evaluator set-up, parse,
 * evaluation, roll-up and writers).  By default the parse is walked at
 * every n, the set-up at every 31st, the evaluation at every 5th and the
 * writers at every 211th, each stride at another offset per fixture; then
 * sticky mode (every allocation from the n-th on fails, as real exhaustion
 * does) with strides five times as long.  Under ASan every stride is three
 * times as long (about a minute).  Before the writers' phase only the
 * cheaper writers run (SARIF and the matrix as JSON repeat JSON's work).
 * --all walks every n of every phase with every writer, both modes (about
 * an hour in the plain build).
 *
 * Usage: oom-scan [--all] [--sticky] [--fixture NAME] [-n N] [--from N]
 *                 [--to N] [-v]
 *   -n N       only n = N (of each fixture, or of --fixture), with details
 *   --sticky   with -n, --from, --to: sticky mode only
 * OTL_OOM_ALL=1 in the environment means --all.  OTL_OOM_TRACE=NUMBER
 * prints the stack of allocation NUMBER of each failing run (refused or
 * made).  libxml2 seeds its hash tables at random, so allocation numbers
 * may move by one or two from run to run.
 */
#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <libxml/xpath.h>

#include "catalog.h"
#include "engine.h"
#include "loader.h"
#include "regex.h"
#include "result.h"
#include "rollup.h"
#include "scan.h"
#include "waiver.h"

#include "oom-formats.h"

/* ASan: gcc says so with __SANITIZE_ADDRESS__, clang with __has_feature. */
#if defined(__SANITIZE_ADDRESS__)
#define OOM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OOM_ASAN 1
#endif
#endif
#ifndef OOM_ASAN
#define OOM_ASAN 0
#endif
#if OOM_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

#define DATA OTL_SRCDIR "/baselines"
#define FORMATS OTL_SRCDIR "/tests/formats"

/* Default strides per phase (see the top of the file); the parse is walked
 * at every n.  The set-up (compiling the rules) is the same for every
 * fixture and repeats itself; the writers' allocations are mostly jansson
 * building the same kind of object again and again. */
#define STRIDE_SETUP 31UL
#define STRIDE_EVAL 5UL
#define STRIDE_WRITE 211UL
#define STICKY_FACTOR 5UL /* sticky mode: each stride times this */
/* Under ASan a run costs about five times as much: every stride (the
 * parse's too) times this, to stay near a minute.  The offsets then differ
 * from the plain build's, so the two builds together see more n. */
#define ASAN_FACTOR (OOM_ASAN ? 3UL : 1UL)

/* ------------------------------------------------------------------ hook */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);
xmlXPathCompExprPtr __real_xmlXPathCtxtCompile(xmlXPathContextPtr ctxt, const xmlChar *str);
xmlXPathCompExprPtr __wrap_xmlXPathCtxtCompile(xmlXPathContextPtr ctxt, const xmlChar *str);
xmlXPathObjectPtr __real_xmlXPathCompiledEval(xmlXPathCompExprPtr comp, xmlXPathContextPtr ctx);
xmlXPathObjectPtr __wrap_xmlXPathCompiledEval(xmlXPathCompExprPtr comp, xmlXPathContextPtr ctx);
void __real_xmlXPathFreeCompExpr(xmlXPathCompExprPtr comp);
void __wrap_xmlXPathFreeCompExpr(xmlXPathCompExprPtr comp);
void __real_xmlXPathFreeObject(xmlXPathObjectPtr obj);
void __wrap_xmlXPathFreeObject(xmlXPathObjectPtr obj);
xmlTextReaderPtr __real_xmlReaderForIO(xmlInputReadCallback ioread, xmlInputCloseCallback ioclose,
                                       void *ioctx, const char *URL, const char *encoding,
                                       int options);
xmlTextReaderPtr __wrap_xmlReaderForIO(xmlInputReadCallback ioread, xmlInputCloseCallback ioclose,
                                       void *ioctx, const char *URL, const char *encoding,
                                       int options);
xmlTextReaderPtr __real_xmlReaderForMemory(const char *buffer, int size, const char *URL,
                                           const char *encoding, int options);
xmlTextReaderPtr __wrap_xmlReaderForMemory(const char *buffer, int size, const char *URL,
                                           const char *encoding, int options);
int __real_xmlTextReaderRead(xmlTextReaderPtr reader);
int __wrap_xmlTextReaderRead(xmlTextReaderPtr reader);
void __real_xmlFreeTextReader(xmlTextReaderPtr reader);
void __wrap_xmlFreeTextReader(xmlTextReaderPtr reader);
xmlParserCtxtPtr __real_xmlCreatePushParserCtxt(xmlSAXHandlerPtr sax, void *user_data,
                                                const char *chunk, int size, const char *filename);
xmlParserCtxtPtr __wrap_xmlCreatePushParserCtxt(xmlSAXHandlerPtr sax, void *user_data,
                                                const char *chunk, int size, const char *filename);
void __real_xmlFreeParserCtxt(xmlParserCtxtPtr ctxt);
void __wrap_xmlFreeParserCtxt(xmlParserCtxtPtr ctxt);
int __real_xmlTextWriterStartElement(xmlTextWriterPtr writer, const xmlChar *name);
int __wrap_xmlTextWriterStartElement(xmlTextWriterPtr writer, const xmlChar *name);
void __real_xmlFreeTextWriter(xmlTextWriterPtr writer);
void __wrap_xmlFreeTextWriter(xmlTextWriterPtr writer);
xmlXPathContextPtr __real_xmlXPathNewContext(xmlDocPtr doc);
xmlXPathContextPtr __wrap_xmlXPathNewContext(xmlDocPtr doc);
int __real_xmlXPathRegisterNs(xmlXPathContextPtr ctxt, const xmlChar *prefix,
                              const xmlChar *ns_uri);
int __wrap_xmlXPathRegisterNs(xmlXPathContextPtr ctxt, const xmlChar *prefix,
                              const xmlChar *ns_uri);
void __real_xmlXPathFreeContext(xmlXPathContextPtr ctxt);
void __wrap_xmlXPathFreeContext(xmlXPathContextPtr ctxt);

/*
 * Every block the hook hands out carries a header: the live blocks form a
 * list, so that after a run the blocks it made and never freed are known
 * by the number of the allocation that made them.  Everything allocated
 * through the hook is freed through it too (libxml2 and jansson included),
 * which the magic number checks.
 */
struct blk {
    struct blk *prev, *next;
    unsigned long seq; /* allocation number within the run; 0: made while disarmed */
    unsigned long magic;
    void *caller; /* the code that asked for it, for the report of a leak */
    void *pad;    /* keeps the user block 16-byte aligned */
};
#define BLK_MAGIC 0x6f746c6f6f6d21UL
#define BLK_MAGIC_XML 0x6f746c786d6c21UL /* asked for by libxml2 itself */
#define SEQ_LIBXML2 ((unsigned long)-1) /* marks a block libxml2 leaked */
#define SEQ_OURS ((unsigned long)-2)    /* marks a block otlint leaked */
static struct blk live = {&live, &live, 0, 0, NULL, NULL};

/* libxml2 calls in which a failure was injected (see the top of the file). */
struct failed_call {
    unsigned long first, last; /* the allocations the call made */
    const void *result;        /* what it returned, NULL for nothing */
    int given_back;            /* otlint freed that */
};
#define MAX_FAILED_CALLS 512

static struct {
    int armed;
    int sticky;
    unsigned long fail_at; /* 0: never */
    unsigned long count;   /* allocations asked for since armed */
    unsigned long failed;  /* of which refused */
    long nlive;            /* blocks allocated and not yet freed, all the time */
    /* Inside xmlXPathCompiledEval(): the allocation count at its start. */
    int in_eval;
    unsigned long eval_start;
    /* Inside xmlXPathCtxtCompile(): the expression compiled. */
    const char *compiling;
    unsigned long spared; /* failures not injected: libxml2 would crash */
    struct failed_call calls[MAX_FAILED_CALLS];
    size_t ncalls;
    int calls_overflow;
    unsigned long trace; /* debugging: allocation whose stack to print */
} hook;

static void trace_here(const char *what, unsigned long seq)
{
    void *bt[32];
    int k = backtrace(bt, 32);

    fprintf(stderr, "oom-scan: %s (allocation %lu) at:\n", what, seq);
    backtrace_symbols_fd(bt, k, STDERR_FILENO);
}

static void blk_link(struct blk *b)
{
    b->next = live.next;
    b->prev = &live;
    live.next->prev = b;
    live.next = b;
}

static void blk_unlink(struct blk *b)
{
    b->prev->next = b->next;
    b->next->prev = b->prev;
}

/* A block the hook handed out, by its user pointer. */
static struct blk *blk_of(void *p)
{
    struct blk *b = (struct blk *)p - 1;

    if (b->magic != BLK_MAGIC && b->magic != BLK_MAGIC_XML) {
        fprintf(stderr, "oom-scan: %p was not allocated through the hook\n", p);
        trace_here("foreign free or realloc", 0);
        abort();
    }
    return b;
}

static void *born(struct blk *b, void *caller)
{
    b->magic = BLK_MAGIC;
    b->caller = caller;
    b->seq = hook.armed ? hook.count : 0;
    blk_link(b);
    hook.nlive++;
    if (hook.armed && hook.fail_at && hook.trace && hook.count == hook.trace)
        trace_here("traced allocation", hook.count);
    return b + 1;
}

/* Is an allocation of n bytes, asked for from `caller`, the copy of one of
 * the string literals of the expression being compiled (see the top of the
 * file)? */
static int literal_copy(size_t n, void *caller)
{
    Dl_info di;
    const char *s = hook.compiling;

    if (s == NULL || caller == NULL || !dladdr(caller, &di) || di.dli_saddr != (void *)xmlStrndup)
        return 0;
    while ((s = strpbrk(s, "'\"")) != NULL) {
        const char *e = strchr(s + 1, *s);

        if (e == NULL)
            break;
        if ((size_t)(e - s) == n) /* the literal's length + 1 */
            return 1;
        s = e + 1;
    }
    return 0;
}

/* Does this allocation of n bytes, asked for from `caller`, fail?  Counts
 * it when armed. */
static int refuse(size_t n, void *caller)
{
    if (!hook.armed)
        return 0;
    hook.count++;
    if (hook.fail_at != 0 &&
        (hook.count == hook.fail_at || (hook.sticky && hook.count > hook.fail_at))) {
        /* libxml2 2.9.14 dereferences NULL when the first two allocations
         * of xmlXPathCompiledEval() fail (see the top of the file). */
        if ((hook.in_eval && hook.count - hook.eval_start <= 2) || literal_copy(n, caller)) {
            hook.spared++;
            return 0;
        }
        hook.failed++;
        if (hook.trace && hook.count == hook.trace)
            trace_here("refused allocation", hook.count);
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

static void *do_malloc(size_t n, void *caller)
{
    struct blk *b;

    if (refuse(n, caller) || n > SIZE_MAX - sizeof *b)
        return NULL;
    if ((b = __real_malloc(sizeof *b + n)) == NULL)
        return NULL;
    return born(b, caller);
}

static void *do_realloc(void *p, size_t n, void *caller)
{
    struct blk *b, *nb;

    if (p == NULL)
        return do_malloc(n, caller);
    if (n == 0) {
        __wrap_free(p); /* what glibc does */
        return NULL;
    }
    b = blk_of(p);
    if (refuse(n, caller) || n > SIZE_MAX - sizeof *b)
        return NULL; /* p is untouched, as after a real failure */
    blk_unlink(b);
    if ((nb = __real_realloc(b, sizeof *b + n)) == NULL) {
        blk_link(b);
        return NULL;
    }
    blk_link(nb); /* keeps the number of the allocation that made it */
    return nb + 1;
}

/* A copy of the len bytes at s, NUL-terminated. */
static char *do_copy(const char *s, size_t len, void *caller)
{
    char *p = do_malloc(len + 1, caller);

    if (p != NULL) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

void *__wrap_malloc(size_t n)
{
    return do_malloc(n, __builtin_return_address(0));
}

void *__wrap_calloc(size_t n, size_t size)
{
    struct blk *b;

    if (refuse(n * size, __builtin_return_address(0)) ||
        (size != 0 && n > (SIZE_MAX - sizeof *b) / size))
        return NULL;
    if ((b = __real_calloc(1, sizeof *b + n * size)) == NULL)
        return NULL;
    return born(b, __builtin_return_address(0));
}

void *__wrap_realloc(void *p, size_t n)
{
    return do_realloc(p, n, __builtin_return_address(0));
}

char *__wrap_strdup(const char *s)
{
    return do_copy(s, strlen(s), __builtin_return_address(0));
}

char *__wrap_strndup(const char *s, size_t n)
{
    return do_copy(s, strnlen(s, n), __builtin_return_address(0));
}

void __wrap_free(void *p)
{
    struct blk *b;

    if (p == NULL)
        return;
    b = blk_of(p);
    blk_unlink(b);
    b->magic = 0;
    hook.nlive--;
    __real_free(b);
}

/* What libxml2 allocates through xmlMemSetup(): the same, marked as its
 * own (a leak inside libxml2 is only ever a block libxml2 asked for). */
static void *mark_xml(void *p)
{
    if (p != NULL)
        blk_of(p)->magic = BLK_MAGIC_XML;
    return p;
}

static void *xml_malloc(size_t n)
{
    return mark_xml(do_malloc(n, __builtin_return_address(0)));
}

static void *xml_realloc(void *p, size_t n)
{
    return mark_xml(do_realloc(p, n, __builtin_return_address(0)));
}

static char *xml_strdup(const char *s)
{
    return mark_xml(do_copy(s, strlen(s), __builtin_return_address(0)));
}

/* Blocks live now belong to the process (caches), not to a run. */
static void forget_live(void)
{
    for (struct blk *b = live.next; b != &live; b = b->next)
        b->seq = 0;
}

/* Is allocation `seq` libxml2's own leak (see the top of the file)? */
static int libxml2_leak(unsigned long seq)
{
    for (size_t i = 0; i < hook.ncalls; i++)
        if (seq >= hook.calls[i].first && seq <= hook.calls[i].last && hook.calls[i].given_back)
            return 1;
    return 0;
}

/* Blocks the run made and did not free are marked: SEQ_LIBXML2 for
 * libxml2's own leaks, SEQ_OURS for the others, whose number it returns. */
static long mark_leaks(long *libxml2)
{
    long ours = 0;

    *libxml2 = 0;
    for (struct blk *b = live.next; b != &live; b = b->next) {
        if (b->seq == 0)
            continue;
        if (b->magic == BLK_MAGIC_XML && !hook.calls_overflow && libxml2_leak(b->seq)) {
            b->seq = SEQ_LIBXML2;
            ++*libxml2;
        } else {
            b->seq = SEQ_OURS;
            ours++;
        }
    }
    return ours;
}

/* Lists the blocks marked `seq` (the first 20): which code asked for each
 * (OTL_OOM_TRACE=NUMBER of a rerun shows the whole stack). */
static void show_leaks(unsigned long seq, const char *what)
{
    int shown = 0;

    for (struct blk *b = live.next; b != &live && shown < 20; b = b->next) {
        if (b->seq != seq)
            continue;
        fprintf(stderr, "  still live, %s, asked for by:\n", what);
        backtrace_symbols_fd(&b->caller, 1, STDERR_FILENO);
        shown++;
    }
}

/* A libxml2 call that made allocations first.. and returned `result`. */
static void note_call(unsigned long first, unsigned long failed_before, const void *result)
{
    struct failed_call *c;

    if (!hook.armed || hook.failed == failed_before)
        return; /* no failure inside */
    if (hook.ncalls == MAX_FAILED_CALLS) {
        hook.calls_overflow = 1;
        return;
    }
    c = &hook.calls[hook.ncalls++];
    c->first = first;
    c->last = hook.count;
    c->result = result;
    c->given_back = result == NULL;
}

static void given_back(const void *p)
{
    for (size_t i = 0; p != NULL && i < hook.ncalls; i++)
        if (hook.calls[i].result == p)
            hook.calls[i].given_back = 1;
}

/* The four libxml2 entry points below are wrapped only to watch them (see
 * the top of the file); they do what they do. */
xmlXPathCompExprPtr __wrap_xmlXPathCtxtCompile(xmlXPathContextPtr ctxt, const xmlChar *str)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    xmlXPathCompExprPtr c;

    hook.compiling = (const char *)str;
    c = __real_xmlXPathCtxtCompile(ctxt, str);
    hook.compiling = NULL;
    note_call(first, failed, c);
    return c;
}

xmlXPathObjectPtr __wrap_xmlXPathCompiledEval(xmlXPathCompExprPtr comp, xmlXPathContextPtr ctx)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    xmlXPathObjectPtr o;

    hook.in_eval = 1;
    hook.eval_start = hook.count;
    o = __real_xmlXPathCompiledEval(comp, ctx);
    hook.in_eval = 0;
    note_call(first, failed, o);
    return o;
}

void __wrap_xmlXPathFreeCompExpr(xmlXPathCompExprPtr comp)
{
    given_back(comp);
    __real_xmlXPathFreeCompExpr(comp);
}

void __wrap_xmlXPathFreeObject(xmlXPathObjectPtr obj)
{
    given_back(obj);
    __real_xmlXPathFreeObject(obj);
}

/* The streaming reader (the L5X plugin), likewise: what it returns is given
 * back with xmlFreeTextReader(); a read returns nothing to give back, but
 * the reader it read with must be freed in the end. */

xmlTextReaderPtr __wrap_xmlReaderForIO(xmlInputReadCallback ioread, xmlInputCloseCallback ioclose,
                                       void *ioctx, const char *URL, const char *encoding,
                                       int options)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    xmlTextReaderPtr r = __real_xmlReaderForIO(ioread, ioclose, ioctx, URL, encoding, options);

    note_call(first, failed, r);
    return r;
}

xmlTextReaderPtr __wrap_xmlReaderForMemory(const char *buffer, int size, const char *URL,
                                           const char *encoding, int options)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    xmlTextReaderPtr r = __real_xmlReaderForMemory(buffer, size, URL, encoding, options);

    note_call(first, failed, r);
    return r;
}

int __wrap_xmlTextReaderRead(xmlTextReaderPtr reader)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    int rc = __real_xmlTextReaderRead(reader);

    note_call(first, failed, reader);
    return rc;
}

void __wrap_xmlFreeTextReader(xmlTextReaderPtr reader)
{
    given_back(reader);
    __real_xmlFreeTextReader(reader);
}

/* xmlsafe.c looks for entity declarations with a push parser. */
xmlParserCtxtPtr __wrap_xmlCreatePushParserCtxt(xmlSAXHandlerPtr sax, void *user_data,
                                                const char *chunk, int size, const char *filename)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    xmlParserCtxtPtr c = __real_xmlCreatePushParserCtxt(sax, user_data, chunk, size, filename);

    note_call(first, failed, c);
    return c;
}

void __wrap_xmlFreeParserCtxt(xmlParserCtxtPtr ctxt)
{
    given_back(ctxt);
    __real_xmlFreeParserCtxt(ctxt);
}

/* The JUnit writer: a start tag is owed to the writer, which must be freed. */
int __wrap_xmlTextWriterStartElement(xmlTextWriterPtr writer, const xmlChar *name)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    int rc = __real_xmlTextWriterStartElement(writer, name);

    note_call(first, failed, writer);
    return rc;
}

void __wrap_xmlFreeTextWriter(xmlTextWriterPtr writer)
{
    given_back(writer);
    __real_xmlFreeTextWriter(writer);
}

/* The XPath context: xmlXPathRegisterNs() leaks its copy of the URI when
 * the hash table cannot take it. */
xmlXPathContextPtr __wrap_xmlXPathNewContext(xmlDocPtr doc)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    xmlXPathContextPtr c = __real_xmlXPathNewContext(doc);

    note_call(first, failed, c);
    return c;
}

int __wrap_xmlXPathRegisterNs(xmlXPathContextPtr ctxt, const xmlChar *prefix,
                              const xmlChar *ns_uri)
{
    unsigned long first = hook.count + 1, failed = hook.failed;
    int rc = __real_xmlXPathRegisterNs(ctxt, prefix, ns_uri);

    note_call(first, failed, ctxt);
    return rc;
}

void __wrap_xmlXPathFreeContext(xmlXPathContextPtr ctxt)
{
    given_back(ctxt);
    __real_xmlXPathFreeContext(ctxt);
}

static void arm(unsigned long fail_at, int sticky)
{
    hook.count = 0;
    hook.failed = 0;
    hook.spared = 0;
    hook.ncalls = 0;
    hook.calls_overflow = 0;
    hook.fail_at = fail_at;
    hook.sticky = sticky;
    hook.armed = 1;
}

static void disarm(void)
{
    hook.armed = 0;
}

/* libxml2 reports its own allocation failures through the generic error
 * handler (otlint leaves it at the default, stderr): thousands of lines
 * here, so they are only counted. */
static unsigned long xml_generic_errors;

static void quiet_xml_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
    xml_generic_errors++;
}

/* ------------------------------------------------------------------ crash report */

static const char *cur_fixture;
static unsigned long cur_n;

/* Which run died: the one thing a crash report cannot tell by itself. */
static void say_where(void)
{
    char buf[256];
    int k;

    if (cur_fixture == NULL)
        return; /* not in a run: ASan's check at exit, say */
    k = snprintf(buf, sizeof buf,
                 "oom-scan: died in fixture %s at n=%lu (rerun: oom-scan --fixture %s -n %lu%s)\n",
                 cur_fixture, cur_n, cur_fixture, cur_n, hook.sticky ? " --sticky" : "");
    if (k > 0)
        (void)!write(STDERR_FILENO, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
}

#if !OOM_ASAN
static void on_fatal(int sig)
{
    say_where();
    signal(sig, SIG_DFL);
    raise(sig);
}
#endif

static void install_crash_report(void)
{
#if OOM_ASAN
    __sanitizer_set_death_callback(say_where);
#else
    signal(SIGSEGV, on_fatal);
    signal(SIGBUS, on_fatal);
    signal(SIGFPE, on_fatal);
    signal(SIGABRT, on_fatal);
    signal(SIGILL, on_fatal);
#endif
}

/* ------------------------------------------------------------------ plugins */

/* Each plugin's parse, wrapped to see where the parse phase lies. */
static unsigned long parse_first, parse_last;

#define PARSE_WRAPPER(fn, fmt)                                                                    \
    static enum otl_parse_status fn(const struct otl_host *host, struct otl_parse_ctx *ctx,      \
                                    const struct otl_input *in, struct otl_devdoc *dd)           \
    {                                                                                             \
        enum otl_parse_status ps;                                                                 \
        parse_first = hook.count + 1;                                                             \
        ps = (fmt).parse(host, ctx, in, dd);                                                      \
        parse_last = hook.count;                                                                  \
        return ps;                                                                                \
    }
PARSE_WRAPPER(parse_cisco_ios, otl_oom_cisco_ios)
PARSE_WRAPPER(parse_rockwell_l5x, otl_oom_rockwell_l5x)
PARSE_WRAPPER(parse_codesys_cfg, otl_oom_codesys_cfg)

static struct otl_format formats[3];

/* ------------------------------------------------------------------ the scan */

static void load_err(void *arg, int level, const char *file, unsigned long line,
                     const char *msg)
{
    (void)arg, (void)level;
    fprintf(stderr, "oom-scan: loading %s:%lu: %s\n", file ? file : "-", line, msg);
}

struct fixture {
    const char *name;
    const char *path;
};

static const struct fixture fixtures[] = {
    {"cisco-ios", FORMATS "/cisco-ios/tacacs-aaa.cfg"},
    {"rockwell-l5x", FORMATS "/rockwell-l5x/ftsecurity.L5X"},
    {"codesys-cfg", FORMATS "/codesys-cfg/weak_User.cfg"},
};

static struct otl_registry reg;
static struct otl_catalog cat;
static struct otl_ruleset rs;
static struct otl_selection sel;
static struct otl_waivers waivers;

enum { OUT_TEXT, OUT_JSON, OUT_SARIF, OUT_JUNIT, OUT_MTEXT, OUT_MJSON, OUT_MCSV, NOUT };
/* The writers that run when the failure is due before the writers' phase
 * (the others, SARIF and the matrix as JSON, repeat the JSON writer's kind
 * of work at twice its cost). */
static const int out_early[NOUT] = {1, 1, 0, 1, 1, 0, 1};
static const char *const out_names[NOUT] = {"text",        "json",        "sarif",      "junit",
                                            "matrix text", "matrix json", "matrix csv"};

/* Phases of a run, by the allocation count at their end. */
enum { PH_SETUP, PH_PARSE, PH_EVAL, PH_WRITE, NPHASE };
static const char *const phase_names[NPHASE] = {"set-up", "parse", "evaluation",
                                                "roll-up and writers"};

struct run {
    unsigned long allocs; /* allocations asked for */
    unsigned long failed; /* of which refused */
    unsigned long spared; /* not refused, for libxml2's sake */
    unsigned long end[NPHASE]; /* allocation count at the end of each phase */
    long leaked;          /* blocks left after everything was freed */
    long libxml2_leaked;  /* blocks libxml2 itself leaked (see the top of the file) */
    int scan_rc;
    char err[256];
    int rollup_failed;
    int wrote[NOUT]; /* this writer ran */
    int out_rc[NOUT];
    int out_errno[NOUT];
    char *out[NOUT]; /* open_memstream buffers: the C library's, not counted */
    size_t outlen[NOUT];
    int shown;        /* the exit code would show a problem */
    int says_memory;  /* some message names memory */
    int hidden_error; /* an error diagnostic the exit code would not show */
    char first_error[256];
};

static int write_out(int which, FILE *f, const struct otl_scan *scan)
{
    switch (which) {
    case OUT_TEXT:
        return otl_write_text(f, scan, 0, 0);
    case OUT_JSON:
        return otl_write_json(f, scan);
    case OUT_SARIF:
        return otl_write_sarif(f, scan);
    case OUT_JUNIT:
        return otl_write_junit(f, scan);
    case OUT_MTEXT:
        return otl_write_matrix_text(f, scan, 0);
    case OUT_MJSON:
        return otl_write_matrix_json(f, scan);
    default:
        return otl_write_matrix_csv(f, scan);
    }
}

static int names_memory(const char *s)
{
    return s != NULL && (strstr(s, "memory") != NULL || strstr(s, "Memory") != NULL);
}

static void note_error(struct run *r, const char *what)
{
    if (r->first_error[0] == '\0')
        snprintf(r->first_error, sizeof r->first_error, "%s", what ? what : "(no message)");
}

/* What the result says, the way scan_exit_code() in core/main.c reads it. */
static void inspect(const struct otl_scan *scan, struct run *r)
{
    for (size_t i = 0; i < scan->nfiles; i++) {
        const struct otl_file *f = &scan->files[i];
        int file_shown = f->status == OTL_FILE_UNREADABLE || f->status == OTL_FILE_PARSE_ERROR ||
                         f->status == OTL_FILE_LIMIT || f->status == OTL_FILE_UNRECOGNISED ||
                         f->status == OTL_FILE_PARTIAL;

        for (size_t k = 0; k < f->nresults; k++) {
            if (f->results[k].state == OTL_STATE_ERROR) {
                file_shown = 1;
                note_error(r, f->results[k].reason);
                r->says_memory |= names_memory(f->results[k].reason);
            }
        }
        for (size_t k = 0; k < f->ndiags; k++) {
            if (f->diags[k].level < OTL_DIAG_ERROR)
                continue;
            note_error(r, f->diags[k].msg);
            r->says_memory |= names_memory(f->diags[k].msg);
            if (!file_shown)
                r->hidden_error = 1;
        }
        if (file_shown)
            note_error(r, otl_file_status_name(f->status));
        r->shown |= file_shown;
    }
}

static void run_free(struct run *r)
{
    for (int i = 0; i < NOUT; i++)
        __real_free(r->out[i]); /* allocated inside the C library */
    memset(r, 0, sizeof *r);
}

/* One scan of `fx` with the n-th allocation failing (0: none). */
static void run_scan(const struct fixture *fx, unsigned long n, int sticky, int all_writers,
                     struct run *r, int verbose)
{
    struct otl_kept kept = {NULL, 0, 0, 0};
    struct otl_scan_opts opts = {1, NULL, 1024 * 1024, &waivers, otl_scan_keep, &kept, NULL, NULL, 0};
    char *paths[1];
    struct otl_scan scan;
    long live_before;

    memset(r, 0, sizeof *r);
    memset(&scan, 0, sizeof scan);
    paths[0] = (char *)fx->path;
    scan.rules = &rs;
    scan.selected = sel.rules;
    scan.nselected = sel.nrules;
    scan.profile = sel.profile_id;
    scan.fail_on = sel.fail_on < 0 ? OTL_SEV_LOW : (enum otl_severity)sel.fail_on;
    scan.catalog = &cat; /* as for `otlint requirements`: the roll-up always */
    scan.target_sl = sel.target_sl;
    scan.waivers = &waivers;
    for (size_t i = 0; i < waivers.n; i++) /* counts of the previous run */
        waivers.v[i].matched = waivers.v[i].would_match = 0;
    parse_first = parse_last = 0;

    live_before = hook.nlive;
    arm(n, sticky);
    /* What cmd_requirements() in core/main.c does: the walk, every file kept. */
    opts.walk = otl_walk_new(paths, 1);
    if (opts.walk == NULL) {
        r->scan_rc = -1;
        snprintf(r->err, sizeof r->err, "out of memory");
    } else {
        r->scan_rc = otl_scan_run(&scan, &reg, &sel, &opts, r->err, sizeof r->err);
    }
    if (r->scan_rc == 0 && kept.oom) {
        r->scan_rc = -1;
        snprintf(r->err, sizeof r->err, "out of memory while keeping the devices");
    }
    scan.files = kept.v;
    scan.nfiles = kept.n;
    /* JUnit's times are measured: the reports are compared without them. */
    for (size_t i = 0; i < scan.nfiles; i++) {
        scan.files[i].seconds = 0;
        for (size_t j = 0; j < scan.files[i].nresults; j++)
            scan.files[i].results[j].seconds = 0;
    }
    otl_walk_free(opts.walk);
    r->end[PH_SETUP] = parse_first ? parse_first - 1 : hook.count;
    r->end[PH_PARSE] = parse_first ? parse_last : hook.count;
    r->end[PH_EVAL] = hook.count;
    if (r->scan_rc == 0) {
        /* What cmd_requirements() in core/main.c does after the scan. */
        if ((scan.rollup = otl_rollup_scan(&cat, &scan)) == NULL)
            r->rollup_failed = 1;
        for (int k = 0; k < NOUT; k++) {
            FILE *f;
            if (!all_writers && !out_early[k])
                continue;
            r->wrote[k] = 1;
            f = open_memstream(&r->out[k], &r->outlen[k]);
            if (f == NULL) {
                disarm();
                perror("oom-scan: open_memstream");
                exit(99);
            }
            errno = 0;
            r->out_rc[k] = write_out(k, f, &scan);
            r->out_errno[k] = errno;
            if (fclose(f) != 0) {
                disarm();
                perror("oom-scan: memory stream");
                exit(99);
            }
        }
    }
    disarm();
    r->end[PH_WRITE] = hook.count;
    r->allocs = hook.count;
    r->failed = hook.failed;
    r->spared = hook.spared;

    if (r->scan_rc != 0) {
        r->shown = 1;
        note_error(r, r->err);
        r->says_memory |= names_memory(r->err);
    }
    if (r->rollup_failed) {
        r->shown = 1;
        r->says_memory = 1; /* main: "out of memory in the requirement roll-up" */
        note_error(r, "requirement roll-up failed");
    }
    for (int k = 0; r->scan_rc == 0 && k < NOUT; k++) {
        if (r->out_rc[k] != 0) {
            r->shown = 1;
            r->says_memory |= r->out_errno[k] == ENOMEM;
            note_error(r, strerror(r->out_errno[k]));
        }
    }
    if (r->scan_rc == 0)
        inspect(&scan, r);
    otl_scan_free(&scan);
    /* libxml2 keeps a copy of the last error it raised (strings included)
     * until the next one: not a leak, but it would look like one. */
    xmlResetLastError();
    r->leaked = hook.nlive - live_before;
    if (r->leaked != 0 && n != 0) {
        int cache_reset = 0;
        r->leaked = mark_leaks(&r->libxml2_leaked);
        if (r->leaked != 0) {
            /* The regex cache (core/regex.c) keeps every pattern it
             * compiled: one computed under the failure (a string cut
             * short) is a new entry, not a leak.  Empty it, and see. */
            long before = hook.nlive;
            otl_re_cache_free();
            cache_reset = 1;
            if (before != hook.nlive) {
                r->leaked = 0;
                for (struct blk *b = live.next; b != &live; b = b->next)
                    r->leaked += b->seq == SEQ_OURS;
            }
        }
        show_leaks(SEQ_OURS, "leaked by otlint");
        if (verbose)
            show_leaks(SEQ_LIBXML2, "libxml2's own leak");
        /* Unreachable, and not otlint's: freed here, so that ASan's own
         * check at exit does not report them again. */
        for (struct blk *b = live.next, *nx; b != &live; b = nx) {
            nx = b->next;
            if (b->seq == SEQ_LIBXML2)
                __wrap_free(b + 1);
        }
        forget_live();
        if (cache_reset) {
            /* Filled again outside a run, as the warm-up run did. */
            struct run w;
            run_scan(fx, 0, 0, 1, &w, 0);
            run_free(&w);
        }
    }
    forget_live();
}

/* ------------------------------------------------------------------ judging */

struct tally {
    unsigned long runs, injected, clean, anyway, not_memory, spared, failures;
    long libxml2_leaked;
};

static void show_run(const struct run *r)
{
    fprintf(stderr, "  allocations %lu, refused %lu, scan rc %d%s%s, roll-up %s, leaked %ld\n",
            r->allocs, r->failed, r->scan_rc, r->err[0] ? ": " : "", r->err,
            r->rollup_failed ? "failed" : "ok", r->leaked);
    fprintf(stderr, "  phases end at allocation:");
    for (int ph = 0; ph < NPHASE; ph++)
        fprintf(stderr, " %s %lu%s", phase_names[ph], r->end[ph], ph + 1 < NPHASE ? "," : "\n");
    for (int k = 0; k < NOUT; k++)
        fprintf(stderr, "  %-11s rc %d (%s), %zu bytes\n", out_names[k], r->out_rc[k],
                r->out_rc[k] ? strerror(r->out_errno[k]) : "ok", r->outlen[k]);
    if (r->first_error[0])
        fprintf(stderr, "  first error: %s\n", r->first_error);
}

/* Length of the line at s (at most n bytes). */
static int line_len(const char *s, size_t n)
{
    size_t k = 0;

    while (k < n && k < 300 && s[k] != '\n')
        k++;
    return (int)k;
}

/* First differing line of two outputs, for the report. */
static void show_diff(const char *name, const char *a, size_t alen, const char *b, size_t blen)
{
    size_t i = 0, line = 1, ls = 0;

    while (i < alen && i < blen && a[i] == b[i]) {
        if (a[i] == '\n') {
            line++;
            ls = i + 1;
        }
        i++;
    }
    fprintf(stderr, "  %s differs at line %zu:\n    want: %.*s\n    got:  %.*s\n", name, line,
            ls < alen ? line_len(a + ls, alen - ls) : 0, ls < alen ? a + ls : "",
            ls < blen ? line_len(b + ls, blen - ls) : 0, ls < blen ? b + ls : "");
}

/* Counts the run; reports why it is not acceptable, if so. */
static void judge(const struct fixture *fx, unsigned long n, int sticky, const struct run *ref,
                  const struct run *r, struct tally *t, int verbose)
{
    int bad = 0;
    const char *mode = sticky ? " (sticky)" : "";

    t->runs++;
    t->injected += r->failed;
    t->libxml2_leaked += r->libxml2_leaked;
    if (r->leaked != 0) {
        fprintf(stderr, "FAIL %s n=%lu%s: %ld block(s) still allocated after the scan was freed\n",
                fx->name, n, mode, r->leaked);
        bad = 1;
    }
    if (r->hidden_error) {
        fprintf(stderr, "FAIL %s n=%lu%s: an error only a diagnostic tells, the exit code would "
                        "not (\"%s\")\n",
                fx->name, n, mode, r->first_error);
        bad = 1;
    }
    if (!r->shown) {
        for (int k = 0; k < NOUT; k++) {
            if (!r->wrote[k])
                continue;
            if (r->outlen[k] != ref->outlen[k] ||
                memcmp(r->out[k], ref->out[k], r->outlen[k]) != 0) {
                fprintf(stderr, "FAIL %s n=%lu%s: no error shown, yet the %s report differs\n",
                        fx->name, n, mode, out_names[k]);
                show_diff(out_names[k], ref->out[k], ref->outlen[k], r->out[k], r->outlen[k]);
                bad = 1;
                break;
            }
        }
        if (!bad)
            t->anyway++;
    } else {
        t->clean++;
        if (!r->says_memory) {
            t->not_memory++;
            if (verbose || t->not_memory <= 3)
                fprintf(stderr, "note %s n=%lu%s: clean error, but no message names memory: %s\n",
                        fx->name, n, mode, r->first_error);
        }
    }
    if (bad || verbose)
        show_run(r);
    if (bad)
        t->failures++;
}

/* ------------------------------------------------------------------ setup */

/* Judged as of 2026-01-01: one waiver takes every finding of a rule (the
 * rule result becomes waived), one matches by a device glob, one has
 * expired (its findings count as would-match) and one matches nothing, so
 * that waivers are applied and written under allocation failure too. */
static const char waivers_xml[] =
    "<waivers xmlns=\"urn:otlint:waivers:1\">\n"
    "<waiver rule=\"NET-AAA-KEY\" device=\"AAA-RTR\" expires=\"2027-06-30\" owner=\"oom\">\n"
    "  <reason>every finding of a rule</reason><countermeasure>none</countermeasure></waiver>\n"
    "<waiver rule=\"PLC-EXT-WRITE\" device=\"Line3_*\" expires=\"2027-06-30\" owner=\"oom\">\n"
    "  <reason>a device glob</reason></waiver>\n"
    "<waiver rule=\"NET-LOG-TS\" device=\"*\" expires=\"2025-01-31\" owner=\"oom\">\n"
    "  <reason>expired</reason></waiver>\n"
    "<waiver rule=\"PLC-WEB-ON\" device=\"no-such-device\" expires=\"2027-06-30\" owner=\"oom\">\n"
    "  <reason>matches nothing</reason></waiver>\n"
    "</waivers>\n";

static int load_waivers(const char *schema)
{
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    int fd, rc;
    size_t len = sizeof waivers_xml - 1;

    snprintf(path, sizeof path, "%s/oom-waivers.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return -1;
    rc = write(fd, waivers_xml, len) == (ssize_t)len ? 0 : -1;
    if (close(fd) != 0)
        rc = -1;
    if (rc == 0 && otl_waivers_load(&waivers, path, schema, &rs, "2026-01-01", load_err, NULL) != 0)
        rc = -1;
    unlink(path);
    return rc;
}

static int setup(void)
{
    const char *schema = DATA "/schema";

    formats[0] = otl_oom_cisco_ios;
    formats[0].parse = parse_cisco_ios;
    formats[1] = otl_oom_rockwell_l5x;
    formats[1].parse = parse_rockwell_l5x;
    formats[2] = otl_oom_codesys_cfg;
    formats[2].parse = parse_codesys_cfg;
    otl_registry_init(&reg);
    reg.v = calloc(4, sizeof *reg.v);
    if (reg.v == NULL)
        return -1;
    for (size_t i = 0; i < 3; i++) {
        reg.v[i].kind = OTL_PLUGIN_FORMAT;
        reg.v[i].format = &formats[i]; /* path and handle stay NULL: nothing to dlclose */
    }
    /* the versions checker: the rules call otl:version-cmp */
    reg.v[3].kind = OTL_PLUGIN_CHECKER;
    reg.v[3].checker = &otl_oom_versions;
    reg.n = reg.cap = 4;

    otl_catalog_init(&cat);
    otl_ruleset_init(&rs);
    otl_waivers_init(&waivers);
    if (otl_catalog_load(&cat, DATA "/requirements", schema, load_err, NULL) != 0)
        return -1;
    rs.catalog = &cat;
    if (otl_ruleset_load_baseline(&rs, DATA "/rules", schema, load_err, NULL) != 0 ||
        otl_ruleset_load_profile(&rs, DATA "/profiles", schema, load_err, NULL) != 0 ||
        otl_select(&rs, "default", &sel, load_err, NULL) != 0)
        return -1;
    return load_waivers(schema);
}

static void teardown(void)
{
    otl_waivers_free(&waivers);
    otl_selection_free(&sel);
    otl_ruleset_free(&rs);
    otl_catalog_free(&cat);
    otl_registry_free(&reg);
    otl_re_cache_free();
}

/* ------------------------------------------------------------------ walking */

struct plan {
    int all;           /* every n */
    int sticky;        /* sticky mode */
    unsigned long one; /* only this n */
    unsigned long from, to;
    int verbose;
};

/* The n after `n` in the walk, given the reference run's phases. */
static unsigned long next_n(const struct plan *p, const struct run *ref, size_t fi,
                            unsigned long n)
{
    unsigned long stride, mul = (p->sticky ? STICKY_FACTOR : 1) * ASAN_FACTOR, start;
    int ph;

    if (p->all)
        return n + 1;
    for (ph = 0; ph < NPHASE - 1 && n >= ref->end[ph]; ph++)
        ;
    switch (ph) {
    case PH_SETUP:
        stride = STRIDE_SETUP;
        break;
    case PH_PARSE:
        stride = 1;
        break;
    case PH_EVAL:
        stride = STRIDE_EVAL;
        break;
    default:
        stride = STRIDE_WRITE;
        break;
    }
    stride *= mul;
    if (stride == 1)
        return n + 1;
    /* Strides start at another offset per fixture, relative to the phase. */
    start = (ph == 0 ? 0 : ref->end[ph - 1]) + 1 + (fi * 5 + 1) % stride;
    if (n < start)
        return start;
    n += stride;
    return ph < NPHASE - 1 && n > ref->end[ph] ? ref->end[ph] + 1 : n;
}

static void walk(const struct plan *p, size_t fi, struct tally *total)
{
    const struct fixture *fx = &fixtures[fi];
    struct tally t;
    struct run ref, r;
    unsigned long n;
    time_t t0 = time(NULL);

    cur_fixture = fx->name;
    cur_n = 0;
    /* Twice: the first run fills what is filled once per process (the
     * regex cache, libxml2's lazily built tables); the second is the
     * reference, and must be exactly balanced. */
    run_scan(fx, 0, 0, 1, &ref, 0);
    run_free(&ref);
    run_scan(fx, 0, 0, 1, &ref, 0);
    if (ref.shown || ref.hidden_error || ref.leaked != 0 ||
        ref.end[PH_SETUP] == ref.end[PH_PARSE]) {
        fprintf(stderr, "oom-scan: %s: the reference run is not clean\n", fx->name);
        show_run(&ref);
        exit(99);
    }
    if (p->verbose) {
        fprintf(stderr, "%s: reference run\n", fx->name);
        show_run(&ref);
    }
    memset(&t, 0, sizeof t);
    n = p->one ? p->one : p->from ? p->from : next_n(p, &ref, fi, 0);
    for (; !(p->to && n > p->to); n = next_n(p, &ref, fi, n)) {
        cur_n = n;
        run_scan(fx, n, p->sticky, p->all || n > ref.end[PH_EVAL], &r, p->verbose || p->one);
        if (r.allocs < n) {
            /* The run never reached n: every allocation was walked. */
            run_free(&r);
            break;
        }
        if (r.failed == 0) {
            t.spared++; /* n is one of libxml2's crashing allocations */
            run_free(&r);
            if (p->one)
                break;
            continue;
        }
        judge(fx, n, p->sticky, &ref, &r, &t, p->verbose || p->one);
        run_free(&r);
        if (p->one)
            break;
    }
    printf("%-12s %-9s %6lu allocations (set-up %lu, parse %lu, evaluation %lu, writers %lu): "
           "%lu runs, %lu clean errors (%lu naming no memory), %lu succeeded anyway, "
           "%ld blocks leaked by libxml2, %lu n spared; %lu FAILED; %lds\n",
           fx->name, p->sticky ? "sticky" : "n-th", ref.allocs, ref.end[PH_SETUP],
           ref.end[PH_PARSE] - ref.end[PH_SETUP], ref.end[PH_EVAL] - ref.end[PH_PARSE],
           ref.end[PH_WRITE] - ref.end[PH_EVAL], t.runs, t.clean, t.not_memory, t.anyway,
           t.libxml2_leaked, t.spared, t.failures, (long)(time(NULL) - t0));
    fflush(stdout);
    run_free(&ref);
    cur_fixture = NULL;
    total->runs += t.runs;
    total->injected += t.injected;
    total->clean += t.clean;
    total->anyway += t.anyway;
    total->not_memory += t.not_memory;
    total->libxml2_leaked += t.libxml2_leaked;
    total->spared += t.spared;
    total->failures += t.failures;
}

static void usage(void)
{
    fputs("usage: oom-scan [--all] [--sticky] [--fixture NAME] [-n N] [--from N] [--to N] [-v]\n",
          stderr);
    exit(99);
}

int main(int argc, char **argv)
{
    struct plan p;
    const char *only = NULL;
    struct tally t;
    time_t t0 = time(NULL);
    int modes;

    memset(&p, 0, sizeof p);
    p.all = getenv("OTL_OOM_ALL") != NULL && strcmp(getenv("OTL_OOM_ALL"), "1") == 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--all") == 0)
            p.all = 1;
        else if (strcmp(argv[i], "--sticky") == 0)
            p.sticky = 1;
        else if (strcmp(argv[i], "-v") == 0)
            p.verbose = 1;
        else if (strcmp(argv[i], "--fixture") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            p.one = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--from") == 0 && i + 1 < argc)
            p.from = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
            p.to = strtoul(argv[++i], NULL, 10);
        else
            usage();
    }
    /* A chosen n or range is one mode; otherwise both, n-th first. */
    modes = p.one || p.from || p.to || p.sticky ? 1 : 2;
    memset(&t, 0, sizeof t);
    install_crash_report();
    if (getenv("OTL_OOM_TRACE"))
        hook.trace = strtoul(getenv("OTL_OOM_TRACE"), NULL, 10);

    /* Before anything allocates: libxml2 and jansson through the hook. */
    if (xmlMemSetup(__wrap_free, xml_malloc, xml_realloc, xml_strdup) != 0) {
        fputs("oom-scan: xmlMemSetup failed\n", stderr);
        return 99;
    }
    json_set_alloc_funcs(__wrap_malloc, __wrap_free);
    xmlInitParser();
    if (!p.verbose)
        xmlSetGenericErrorFunc(NULL, quiet_xml_error);
    if (setup() != 0) {
        fputs("oom-scan: cannot load the shipped rules\n", stderr);
        return 99;
    }
    for (int m = 0; m < modes; m++) {
        if (m == 1)
            p.sticky = 1;
        for (size_t fi = 0; fi < sizeof fixtures / sizeof *fixtures; fi++) {
            if (only != NULL && strcmp(only, fixtures[fi].name) != 0)
                continue;
            walk(&p, fi, &t);
        }
    }
    teardown();
    xmlCleanupParser();
    printf("oom-scan: %lu runs, %lu allocations refused: %lu clean errors (%lu naming no memory), "
           "%lu succeeded anyway, %ld blocks leaked by libxml2, %lu n spared for libxml2; "
           "%lu libxml2 messages on the generic channel; %lds\n",
           t.runs, t.injected, t.clean, t.not_memory, t.anyway, t.libxml2_leaked, t.spared,
           xml_generic_errors, (long)(time(NULL) - t0));
    printf("%lu passed, %lu failed\n", t.runs - t.failures, t.failures);
    return t.failures ? 1 : 0;
}
