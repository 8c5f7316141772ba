/* regex.c - see regex.h. */
#include <config.h>
#include "regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xpathInternals.h>

#include "limits.h"

struct cache_entry {
    char *key; /* flags '\0' pattern */
    size_t keylen;
    uint64_t hash;
    pcre2_code *code;
};

/* Open-addressed hash table; grows to OTL_PCRE2_CACHE_MAX entries. */
static struct {
    pthread_mutex_t lock;
    struct cache_entry *v;
    size_t cap, n;
} cache = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

struct otl_re_thread {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    char err[256];
    int has_err;
    int limit; /* the error was a resource limit hit on the input, not the rule */
};

struct otl_re_thread *otl_re_thread_new(void)
{
    struct otl_re_thread *t = calloc(1, sizeof *t);

    if (t == NULL)
        return NULL;
    t->md = pcre2_match_data_create(32, NULL);
    t->mctx = pcre2_match_context_create(NULL);
    t->jit = pcre2_jit_stack_create(32 * 1024, OTL_PCRE2_JIT_STACK, NULL);
    if (t->md == NULL || t->mctx == NULL) {
        otl_re_thread_free(t);
        return NULL;
    }
    pcre2_set_match_limit(t->mctx, OTL_PCRE2_MATCH_LIMIT);
    pcre2_set_depth_limit(t->mctx, OTL_PCRE2_DEPTH_LIMIT);
    pcre2_set_heap_limit(t->mctx, OTL_PCRE2_HEAP_LIMIT);
    if (t->jit)
        pcre2_jit_stack_assign(t->mctx, NULL, t->jit);
    return t;
}

void otl_re_thread_free(struct otl_re_thread *t)
{
    if (t == NULL)
        return;
    pcre2_match_data_free(t->md);
    pcre2_match_context_free(t->mctx);
    pcre2_jit_stack_free(t->jit);
    free(t);
}

const char *otl_re_last_error(const struct otl_re_thread *t)
{
    return t->has_err ? t->err : NULL;
}

int otl_re_last_error_is_limit(const struct otl_re_thread *t)
{
    return t->has_err && t->limit;
}

void otl_re_clear_error(struct otl_re_thread *t)
{
    t->has_err = 0;
    t->limit = 0;
    t->err[0] = '\0';
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}

static int parse_flags(const char *flags, uint32_t *opts, char *err, size_t errlen)
{
    *opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    for (; flags && *flags; flags++) {
        switch (*flags) {
        case 'i': *opts |= PCRE2_CASELESS; break;
        case 'm': *opts |= PCRE2_MULTILINE; break;
        case 's': *opts |= PCRE2_DOTALL; break;
        case 'x': *opts |= PCRE2_EXTENDED; break;
        default:
            snprintf(err, errlen, "unknown regex flag '%c'", *flags);
            return -1;
        }
    }
    return 0;
}

static int cache_grow(void)
{
    size_t ncap = cache.cap ? cache.cap * 2 : 64, i, j;
    struct cache_entry *nv = calloc(ncap, sizeof *nv);

    if (nv == NULL)
        return -1;
    for (i = 0; i < cache.cap; i++) {
        if (cache.v[i].key == NULL)
            continue;
        for (j = cache.v[i].hash & (ncap - 1); nv[j].key; j = (j + 1) & (ncap - 1))
            ;
        nv[j] = cache.v[i];
    }
    free(cache.v);
    cache.v = nv;
    cache.cap = ncap;
    return 0;
}

/* Find or compile.  The returned code is never freed before exit, so it can
 * be used after the lock is dropped.  NULL with a message in err; *full set
 * when the cause is the cache bound (patterns made from the input can fill
 * it), not the pattern. */
static pcre2_code *get_code(const char *pattern, const char *flags, char *err, size_t errlen,
                            int *full)
{
    size_t fl = flags ? strlen(flags) : 0, pl = strlen(pattern), keylen = fl + 1 + pl, j;
    char *key = malloc(keylen + 1);
    uint64_t h;
    uint32_t opts;
    pcre2_code *code = NULL;
    int ecode;
    PCRE2_SIZE eoff;

    *full = 0;
    if (key == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    memcpy(key, flags ? flags : "", fl);
    key[fl] = '\0';
    memcpy(key + fl + 1, pattern, pl + 1);
    h = hash_bytes(key, keylen);

    pthread_mutex_lock(&cache.lock);
    if (cache.cap) {
        for (j = h & (cache.cap - 1); cache.v[j].key; j = (j + 1) & (cache.cap - 1)) {
            if (cache.v[j].hash == h && cache.v[j].keylen == keylen &&
                memcmp(cache.v[j].key, key, keylen) == 0) {
                code = cache.v[j].code;
                goto out;
            }
        }
    }
    if (parse_flags(flags, &opts, err, errlen) < 0)
        goto out;
    code = pcre2_compile((PCRE2_SPTR)pattern, pl, opts, &ecode, &eoff, NULL);
    if (code == NULL) {
        char msg[160];
        pcre2_get_error_message(ecode, (PCRE2_UCHAR *)msg, sizeof msg);
        snprintf(err, errlen, "regex /%.80s/ at offset %lu: %s", pattern, (unsigned long)eoff, msg);
        goto out;
    }
    (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
    if (cache.n >= OTL_PCRE2_CACHE_MAX) {
        snprintf(err, errlen, "more than %d distinct regular expressions (OTL_PCRE2_CACHE_MAX)",
                 OTL_PCRE2_CACHE_MAX);
        *full = 1;
        pcre2_code_free(code);
        code = NULL;
        goto out;
    }
    if ((cache.n + 1) * 2 > cache.cap && cache_grow() < 0) {
        snprintf(err, errlen, "out of memory");
        pcre2_code_free(code);
        code = NULL;
        goto out;
    }
    for (j = h & (cache.cap - 1); cache.v[j].key; j = (j + 1) & (cache.cap - 1))
        ;
    cache.v[j].key = key;
    cache.v[j].keylen = keylen;
    cache.v[j].hash = h;
    cache.v[j].code = code;
    cache.n++;
    key = NULL;
out:
    pthread_mutex_unlock(&cache.lock);
    free(key);
    return code;
}

void otl_re_cache_free(void)
{
    size_t i;

    pthread_mutex_lock(&cache.lock);
    for (i = 0; i < cache.cap; i++) {
        if (cache.v[i].key) {
            free(cache.v[i].key);
            pcre2_code_free(cache.v[i].code);
        }
    }
    free(cache.v);
    cache.v = NULL;
    cache.cap = cache.n = 0;
    pthread_mutex_unlock(&cache.lock);
}

int otl_re_check(const char *pattern, const char *flags, char *err, size_t errlen)
{
    int full;

    return get_code(pattern, flags, err, errlen, &full) ? 0 : -1;
}

/* After a match, rc being pcre2_match()'s return: group g's span [*s, *e)
 * and 0, or -1 when re:match gives "" for it. */
static int re_group(struct otl_re_thread *t, int rc, unsigned group, size_t *s, size_t *e)
{
    PCRE2_SIZE *ov;

    /* no match, or fewer groups set than asked for: "" */
    if (rc == PCRE2_ERROR_NOMATCH || rc < 0 || (rc > 0 && (unsigned)rc <= group))
        return -1;
    ov = pcre2_get_ovector_pointer(t->md);
    if (ov[2 * group] == PCRE2_UNSET || ov[2 * group + 1] < ov[2 * group])
        return -1;
    *s = ov[2 * group];
    *e = ov[2 * group + 1];
    return 0;
}

static struct otl_re_thread *thread_of(xmlXPathParserContextPtr ctxt)
{
    return ctxt->context->funcLookupData; /* see otl_re_register */
}

/* Records "prefix: detail" as this thread's error and raises an XPath error. */
static void fail(xmlXPathParserContextPtr ctxt, const char *prefix, const char *detail)
{
    struct otl_re_thread *t = thread_of(ctxt);

    if (t) {
        snprintf(t->err, sizeof t->err, "%s%s%s", prefix, *prefix ? ": " : "", detail);
        t->has_err = 1;
    }
    xmlXPathErr(ctxt, XPATH_EXPR_ERROR);
}

/* As fail(), for a resource limit the input made a match hit: the rule is
 * notevaluable on this document, not broken (docs/rules.md). */
static void fail_limit(xmlXPathParserContextPtr ctxt, const char *detail)
{
    struct otl_re_thread *t = thread_of(ctxt);

    fail(ctxt, "limit", detail);
    if (t)
        t->limit = 1;
}

/* The limit a PCRE2 match or substitute error code names, or NULL when the
 * code is no resource limit (a bad replacement string, say: the rule's). */
static const char *limit_of(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
        return "regex match or depth limit exceeded (OTL_PCRE2_MATCH_LIMIT, OTL_PCRE2_DEPTH_LIMIT)";
    case PCRE2_ERROR_HEAPLIMIT:
        return "regex heap limit exceeded (OTL_PCRE2_HEAP_LIMIT)";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "regex JIT stack limit reached (OTL_PCRE2_JIT_STACK)";
    default:
        return NULL;
    }
}

/* Records match error rc: a limit, or a rule error with PCRE2's message. */
static void fail_match(xmlXPathParserContextPtr ctxt, const char *prefix, int rc)
{
    char msg[160];

    if (limit_of(rc)) {
        fail_limit(ctxt, limit_of(rc));
        return;
    }
    pcre2_get_error_message(rc, (PCRE2_UCHAR *)msg, sizeof msg);
    fail(ctxt, prefix, msg);
}

/* Pops nargs string arguments (last first) into out[], caller frees each. */
static int pop_strings(xmlXPathParserContextPtr ctxt, int nargs, xmlChar **out)
{
    int i;

    for (i = nargs - 1; i >= 0; i--) {
        out[i] = xmlXPathPopString(ctxt);
        if (ctxt->error || out[i] == NULL) {
            for (; i < nargs; i++)
                xmlFree(out[i]);
            return -1;
        }
    }
    return 0;
}

static int run_match(xmlXPathParserContextPtr ctxt, pcre2_code *code, const xmlChar *subj,
                     size_t off)
{
    struct otl_re_thread *t = thread_of(ctxt);
    int rc = pcre2_match(code, subj, strlen((const char *)subj), off, 0, t->md, t->mctx);

    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
        fail_match(ctxt, "regex match failed", rc);
    return rc;
}

/* re:test(string, pattern[, flags]) -> boolean */
static void fn_test(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[3] = {NULL, NULL, NULL};
    char err[256];
    int full;
    pcre2_code *code;
    int rc;

    if (nargs < 2 || nargs > 3) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    if (pop_strings(ctxt, nargs, a) < 0)
        return;
    code = get_code((const char *)a[1], nargs == 3 ? (const char *)a[2] : "", err, sizeof err, &full);
    if (code == NULL) {
        if (full)
            fail_limit(ctxt, err);
        else
            fail(ctxt, "", err);
        goto out;
    }
    rc = run_match(ctxt, code, a[0], 0);
    if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)
        valuePush(ctxt, xmlXPathNewBoolean(rc >= 0));
out:
    xmlFree(a[0]);
    xmlFree(a[1]);
    xmlFree(a[2]);
}

/* re:match(string, pattern[, group[, flags]]) -> string */
static void fn_match(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *a[4] = {NULL, NULL, NULL, NULL};
    char err[256];
    int full;
    pcre2_code *code;
    unsigned long group = 0;
    int rc;

    if (nargs < 2 || nargs > 4) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    if (pop_strings(ctxt, nargs, a) < 0)
        return;
    if (nargs >= 3 && a[2][0] != '\0') {
        char *end;
        group = strtoul((const char *)a[2], &end, 10);
        if (*end != '\0' || group > 31) {
            fail(ctxt, "re:match: bad group", (const char *)a[2]);
            goto out;
        }
    }
    code = get_code((const char *)a[1], nargs == 4 ? (const char *)a[3] : "", err, sizeof err, &full);
    if (code == NULL) {
        if (full)
            fail_limit(ctxt, err);
        else
            fail(ctxt, "", err);
        goto out;
    }
    rc = run_match(ctxt, code, a[0], 0);
    if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) {
        size_t gs, ge;
        if (re_group(thread_of(ctxt), rc, (unsigned)group, &gs, &ge) != 0)
            valuePush(ctxt, xmlXPathNewCString(""));
        else
            valuePush(ctxt, xmlXPathWrapString(xmlStrndup(a[0] + gs, (int)(ge - gs))));
    }
out:
    xmlFree(a[0]);
    xmlFree(a[1]);
    xmlFree(a[2]);
    xmlFree(a[3]);
}

/* re:replace(string, pattern, replacement[, flags]) -> string */
static void fn_replace(xmlXPathParserContextPtr ctxt, int nargs)
{
    struct otl_re_thread *t = thread_of(ctxt);
    xmlChar *a[4] = {NULL, NULL, NULL, NULL};
    char err[256];
    int full;
    pcre2_code *code;
    PCRE2_UCHAR *out = NULL;
    PCRE2_SIZE outlen;
    int rc;

    if (nargs < 3 || nargs > 4) {
        xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
        return;
    }
    if (pop_strings(ctxt, nargs, a) < 0)
        return;
    code = get_code((const char *)a[1], nargs == 4 ? (const char *)a[3] : "", err, sizeof err, &full);
    if (code == NULL) {
        if (full)
            fail_limit(ctxt, err);
        else
            fail(ctxt, "", err);
        goto done;
    }
    outlen = strlen((const char *)a[0]) * 2 + 256;
    for (;;) {
        if (outlen > OTL_MAX_REPLACE_LEN) {
            fail_limit(ctxt, "re:replace result too long (OTL_MAX_REPLACE_LEN)");
            goto done;
        }
        out = malloc(outlen + 1);
        if (out == NULL) {
            fail(ctxt, "", "out of memory");
            goto done;
        }
        rc = pcre2_substitute(code, a[0], PCRE2_ZERO_TERMINATED, 0,
                              PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH, t->md,
                              t->mctx, a[2], PCRE2_ZERO_TERMINATED, out, &outlen);
        if (rc != PCRE2_ERROR_NOMEMORY)
            break;
        free(out);
        out = NULL; /* outlen now holds the length needed */
    }
    if (rc < 0) {
        fail_match(ctxt, "re:replace", rc);
        goto done;
    }
    valuePush(ctxt, xmlXPathWrapString(xmlStrndup(out, (int)outlen)));
done:
    free(out);
    xmlFree(a[0]);
    xmlFree(a[1]);
    xmlFree(a[2]);
    xmlFree(a[3]);
}

int otl_re_register(xmlXPathContextPtr ctx, struct otl_re_thread *t)
{
    const xmlChar *ns = (const xmlChar *)OTL_RE_NS;

    /* funcLookupData is unused by libxml2 unless a lookup function is set;
     * it carries this thread's match state to the functions. */
    ctx->funcLookupData = t;
    if (xmlXPathRegisterNs(ctx, (const xmlChar *)"re", ns) != 0 ||
        xmlXPathRegisterFuncNS(ctx, (const xmlChar *)"test", ns, fn_test) != 0 ||
        xmlXPathRegisterFuncNS(ctx, (const xmlChar *)"match", ns, fn_match) != 0 ||
        xmlXPathRegisterFuncNS(ctx, (const xmlChar *)"replace", ns, fn_replace) != 0)
        return -1;
    return 0;
}
