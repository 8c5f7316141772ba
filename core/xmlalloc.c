/*
 * xmlalloc.c - libxml2's allocator: per-thread free lists of small blocks.
 *
 * A device document is thousands of small allocations (every element,
 * attribute, text node and string; every XPath object of every rule), and
 * all of them are freed again a moment later, file after file.  With glibc's
 * malloc that traffic was about a third of a scan's CPU time (perf, 5,000
 * bench configs): its thread cache holds only 7 blocks per size, the rest
 * goes through the fast bins, which every larger request consolidates.
 *
 * Here each thread keeps what libxml2 frees, by size class (16 to 512 bytes
 * in steps of 16), and hands it out again: a hit is a pointer pop.  Blocks
 * are malloc'd one by one with an 8-byte header (class or size), so any thread
 * may free any block (it joins that thread's lists), and a thread's lists are
 * bounded (OTL_XML_CACHE_BYTES; beyond it blocks go back to free()) and
 * released when the thread ends (a pthread key destructor; the main thread
 * calls otl_xml_alloc_release()).
 *
 * Not used under AddressSanitizer: its quarantine delays the reuse of freed
 * memory so that a use after free is caught, and these lists reuse at once.
 * Sanitizer builds leave libxml2 on malloc.
 */
#include <config.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#include "limits.h"
#include "xmlalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#define OTL_NO_XML_CACHE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OTL_NO_XML_CACHE 1
#endif
#endif

#ifndef OTL_NO_XML_CACHE

#define STEP 16
#define NCLASS 32 /* classes 1..NCLASS: STEP..NCLASS*STEP bytes */
#define HDR 8     /* the header: one size_t */

/* A block is a malloc'd chunk: HDR bytes of header, then what libxml2 gets
 * (8-aligned, as libxml2's own debug allocator gives).  The header holds the
 * class (1..NCLASS) or, for a larger block, the size asked for (> NCLASS *
 * STEP, so never a class).  On a free list the first word of the block is
 * the next block. */
struct cache {
    void *head[NCLASS + 1];
    size_t bytes; /* footprint kept: blocks, headers and malloc's own word */
    int keyed;
};

/* What a kept block of class k costs in memory. */
#define FOOTPRINT(k) ((k) * STEP + HDR + sizeof(size_t))

/* initial-exec: libotlcore is linked into the program, never dlopen'ed, so
 * the lists sit at a fixed offset from the thread pointer; the default
 * model for PIC code would call __tls_get_addr on every allocation. */
static __thread struct cache tc __attribute__((tls_model("initial-exec")));
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static int key_ok;

static size_t *hdr_of(void *p)
{
    return (size_t *)((char *)p - HDR);
}

static void drain(struct cache *c)
{
    for (size_t k = 1; k <= NCLASS; k++) {
        while (c->head[k]) {
            void *p = c->head[k];
            memcpy(&c->head[k], p, sizeof(void *));
            free(hdr_of(p));
        }
    }
    c->bytes = 0;
}

static void on_thread_exit(void *arg)
{
    drain(arg);
}

static void make_key(void)
{
    key_ok = pthread_key_create(&key, on_thread_exit) == 0;
}

static size_t class_of(size_t n)
{
    return n == 0 ? 1 : (n + STEP - 1) / STEP;
}

static void *xa_malloc(size_t n)
{
    size_t k = class_of(n), *h;
    void *p;

    if (k <= NCLASS && (p = tc.head[k]) != NULL) {
        memcpy(&tc.head[k], p, sizeof(void *));
        tc.bytes -= FOOTPRINT(k);
        return p;
    }
    if (k <= NCLASS) {
        h = malloc(HDR + k * STEP);
        if (h == NULL)
            return NULL;
        *h = k;
    } else {
        if (n > (size_t)-1 - HDR)
            return NULL;
        h = malloc(HDR + n);
        if (h == NULL)
            return NULL;
        *h = n;
    }
    return (char *)h + HDR;
}

static void xa_free(void *p)
{
    size_t k;

    if (p == NULL)
        return;
    k = *hdr_of(p);
    if (k > NCLASS || tc.bytes + FOOTPRINT(k) > OTL_XML_CACHE_BYTES) {
        free(hdr_of(p));
        return;
    }
    if (!tc.keyed) {
        /* The first block this thread keeps: have it given back when the
         * thread ends.  Without a key the block is not kept. */
        pthread_once(&key_once, make_key);
        if (!key_ok || pthread_setspecific(key, &tc) != 0) {
            free(hdr_of(p));
            return;
        }
        tc.keyed = 1;
    }
    memcpy(p, &tc.head[k], sizeof(void *));
    tc.head[k] = p;
    tc.bytes += FOOTPRINT(k);
}

static void *xa_realloc(void *p, size_t n)
{
    size_t have, k;
    void *q;

    if (p == NULL)
        return xa_malloc(n);
    k = *hdr_of(p);
    have = k <= NCLASS ? k * STEP : k;
    if (k <= NCLASS && class_of(n) == k)
        return p;
    if (k > NCLASS && class_of(n) > NCLASS) {
        /* Large stays large: let realloc grow it in place when it can. */
        size_t *h;
        if (n > (size_t)-1 - HDR)
            return NULL;
        h = realloc(hdr_of(p), HDR + n);
        if (h == NULL)
            return NULL;
        *h = n;
        return (char *)h + HDR;
    }
    q = xa_malloc(n);
    if (q == NULL)
        return NULL;
    memcpy(q, p, have < n ? have : n);
    xa_free(p);
    return q;
}

static char *xa_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xa_malloc(n);

    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

#endif /* OTL_NO_XML_CACHE */

int otl_xml_alloc_init(void)
{
#ifdef OTL_NO_XML_CACHE
    return 0;
#else
    return xmlMemSetup(xa_free, xa_malloc, xa_realloc, xa_strdup) == 0 ? 1 : -1;
#endif
}

void otl_xml_alloc_release(void)
{
#ifndef OTL_NO_XML_CACHE
    drain(&tc);
#endif
}

size_t otl_xml_alloc_kept(void)
{
#ifdef OTL_NO_XML_CACHE
    return 0;
#else
    return tc.bytes;
#endif
}
