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
 * are malloc'd one by one with a 16-byte header (class, size), so any thread
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

/* 16 bytes, so the block stays 16-aligned like malloc's. */
struct hdr {
    size_t cls; /* 1..NCLASS, or 0: larger, not cached */
    union {
        size_t size;      /* cls 0: bytes asked for */
        struct hdr *next; /* on a free list */
    } u;
};

struct cache {
    struct hdr *head[NCLASS + 1];
    size_t bytes;
    int keyed;
};

/* initial-exec: libotlcore is linked into the program, never dlopen'ed, so
 * the lists sit at a fixed offset from the thread pointer; the default
 * model for PIC code would call __tls_get_addr on every allocation. */
static __thread struct cache tc __attribute__((tls_model("initial-exec")));
static pthread_key_t key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static int key_ok;

static void drain(struct cache *c)
{
    for (size_t k = 1; k <= NCLASS; k++) {
        while (c->head[k]) {
            struct hdr *h = c->head[k];
            c->head[k] = h->u.next;
            free(h);
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
    size_t k = class_of(n);
    struct hdr *h;

    if (k <= NCLASS && (h = tc.head[k]) != NULL) {
        tc.head[k] = h->u.next;
        tc.bytes -= k * STEP;
        return h + 1;
    }
    if (n > (size_t)-1 - 2 * sizeof *h)
        return NULL;
    if (k <= NCLASS) {
        h = malloc(sizeof *h + k * STEP);
        if (h == NULL)
            return NULL;
        h->cls = k;
    } else {
        h = malloc(sizeof *h + n);
        if (h == NULL)
            return NULL;
        h->cls = 0;
        h->u.size = n;
    }
    return h + 1;
}

static void xa_free(void *p)
{
    struct hdr *h;
    size_t k;

    if (p == NULL)
        return;
    h = (struct hdr *)p - 1;
    k = h->cls;
    if (k == 0 || k > NCLASS || tc.bytes + k * STEP > OTL_XML_CACHE_BYTES) {
        free(h);
        return;
    }
    if (!tc.keyed) {
        /* The first block this thread keeps: have it given back when the
         * thread ends.  Without a key the block is not kept. */
        pthread_once(&key_once, make_key);
        if (!key_ok || pthread_setspecific(key, &tc) != 0) {
            free(h);
            return;
        }
        tc.keyed = 1;
    }
    h->u.next = tc.head[k];
    tc.head[k] = h;
    tc.bytes += k * STEP;
}

static void *xa_realloc(void *p, size_t n)
{
    struct hdr *h;
    size_t have;
    void *q;

    if (p == NULL)
        return xa_malloc(n);
    h = (struct hdr *)p - 1;
    have = h->cls ? h->cls * STEP : h->u.size;
    if (h->cls != 0 && class_of(n) == h->cls)
        return p;
    if (h->cls == 0 && class_of(n) > NCLASS) {
        /* Large stays large: let realloc grow it in place when it can. */
        struct hdr *nh;
        if (n > (size_t)-1 - 2 * sizeof *h)
            return NULL;
        nh = realloc(h, sizeof *h + n);
        if (nh == NULL)
            return NULL;
        nh->u.size = n;
        return nh + 1;
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
