/* evidence.c - see evidence.h. */
#include <config.h>
#include "evidence.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "limits.h"
#include "util.h"

static size_t ptr_slot(const struct otl_ptrtab *t, const void *key)
{
    uintptr_t h = (uintptr_t)key;
    size_t i;

    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    for (i = (size_t)(h ^ (h >> 29)) & (t->cap - 1); t->v[i].key && t->v[i].key != key;
         i = (i + 1) & (t->cap - 1))
        ;
    return i;
}

static int ptr_get(const struct otl_ptrtab *t, const void *key, unsigned *val)
{
    size_t i;

    if (t->cap == 0)
        return 0;
    i = ptr_slot(t, key);
    if (t->v[i].key == NULL)
        return 0;
    *val = t->v[i].val;
    return 1;
}

static int ptr_put(struct otl_ptrtab *t, const void *key, unsigned val)
{
    size_t i;

    if ((t->n + 1) * 2 > t->cap) {
        struct otl_ptrtab nt;
        nt.cap = t->cap ? t->cap * 2 : 256;
        nt.n = 0;
        nt.v = calloc(nt.cap, sizeof *nt.v);
        if (nt.v == NULL)
            return -1;
        for (i = 0; i < t->cap; i++)
            if (t->v[i].key)
                nt.v[ptr_slot(&nt, t->v[i].key)] = t->v[i], nt.n++;
        free(t->v);
        *t = nt;
    }
    i = ptr_slot(t, key);
    if (t->v[i].key == NULL)
        t->n++;
    t->v[i].key = key;
    t->v[i].val = val;
    return 0;
}

static void ptr_clear(struct otl_ptrtab *t)
{
    if (t->v)
        memset(t->v, 0, t->cap * sizeof *t->v);
    t->n = 0;
}

static int cmp_lineref(const void *a, const void *b)
{
    const struct otl_lineref *x = a, *y = b;

    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return 0;
}

static int lines_reserve(struct otl_evidence *ev, size_t need)
{
    return otl_grow(&ev->lines, &ev->caplines, need, sizeof *ev->lines, 1024);
}

/* Index the raw tree's elements (or records) by line.  -1 out of memory: a
 * partial index would pick other evidence, silently. */
int otl_evidence_index(struct otl_evidence *ev, xmlNodePtr raw)
{
    xmlNodePtr n = raw ? raw->children : NULL;

    ev->nlines = 0;
    ptr_clear(&ev->ords);
    ptr_clear(&ev->done);
    if (ev->recs != NULL && ev->recs->n > 0) {
        /* The plugin handed its raw statements over as records (and so
         * built no raw elements); XML plugins never do. */
        if (lines_reserve(ev, ev->recs->n) != 0)
            return -1;
        for (size_t k = 0; k < ev->recs->n; k++) {
            if (ev->recs->v[k].line == 0)
                continue;
            ev->lines[ev->nlines].line = ev->recs->v[k].line;
            ev->lines[ev->nlines].node = NULL;
            ev->lines[ev->nlines++].rec = &ev->recs->v[k];
        }
        n = NULL; /* the raw element is empty */
    }
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            unsigned long l = otl_node_line(n);
            if (l && lines_reserve(ev, ev->nlines + 1) != 0)
                return -1;
            if (l) {
                ev->lines[ev->nlines].line = l;
                ev->lines[ev->nlines].rec = NULL;
                ev->lines[ev->nlines++].node = n;
            }
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && n->next == NULL) {
            n = n->parent;
            if (n == raw)
                n = NULL;
        }
        if (n)
            n = n->next;
    }
    /* Plugins mostly build the raw tree in line order: sort only when it is
     * not.  (qsort is not stable: raw_at_line() picks the outermost of a
     * line.) */
    for (size_t i = 1; i < ev->nlines; i++) {
        if (ev->lines[i].line < ev->lines[i - 1].line) {
            qsort(ev->lines, ev->nlines, sizeof *ev->lines, cmp_lineref);
            break;
        }
    }
    return 0;
}

static const struct otl_lineref *raw_at_line(struct otl_evidence *ev, unsigned long line)
{
    size_t lo = 0, hi = ev->nlines;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ev->lines[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ev->nlines && ev->lines[lo].line == line) {
        /* Among elements of that line prefer the outermost (a statement). */
        const struct otl_lineref *best = &ev->lines[lo];
        size_t i;
        for (i = lo + 1; i < ev->nlines && ev->lines[i].line == line; i++) {
            const struct otl_lineref *a = &ev->lines[i];
            xmlNodePtr p;
            /* Records come in file order, and a record cannot hold one
             * before it: the first of a line is its outermost, as an
             * element's ancestor comes before it in document order. */
            if (a->rec != NULL)
                continue;
            for (p = best->node->parent; p; p = p->parent)
                if (p == a->node)
                    best = a;
        }
        return best;
    }
    return NULL;
}

/* Start tag of an element, attributes included, bounded. */
static void start_tag(struct otl_sb *b, xmlNodePtr n)
{
    xmlAttrPtr a;

    otl_sb_addf(b, "<%s", (const char *)n->name);
    for (a = n->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        otl_sb_addf(b, " %s=\"", (const char *)a->name);
        if (v)
            otl_sb_adds(b, (const char *)v);
        otl_sb_adds(b, "\"");
        xmlFree(v);
    }
    otl_sb_adds(b, ">");
}

/* NULL with *oom set when out of memory; NULL alone: no evidence. */
char *otl_evidence_of(struct otl_evidence *ev, xmlNodePtr n, xmlNodePtr raw,
                         unsigned long line, int *oom)
{
    struct otl_sb b;
    xmlNodePtr r = NULL, p;
    xmlChar *t;
    int in_raw = 0;

    otl_sb_init(&b, OTL_MAX_EVIDENCE);
    if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE)
        n = n->parent;
    for (p = n; p; p = p->parent)
        if (p == raw)
            in_raw = 1;
    if (in_raw) {
        r = n;
    } else if (line) {
        const struct otl_lineref *lr = raw_at_line(ev, line);
        if (lr != NULL && lr->rec != NULL) {
            /* A record holds what the element's text attribute would. */
            otl_sb_add(&b, ev->recs->text + lr->rec->off, lr->rec->len);
            goto done;
        }
        if (lr != NULL)
            r = lr->node;
    }
    /* No statement of the input at that line (a fact made from none, line
     * 0): no evidence, never the document's own XML. */
    if (r == NULL || r->type != XML_ELEMENT_NODE)
        return NULL;
    t = xmlGetNoNsProp(r, (const xmlChar *)"text");
    if (t) {
        otl_sb_adds(&b, (const char *)t);
        xmlFree(t);
    } else {
        start_tag(&b, r);
    }
done:
    if (b.truncated && b.len >= 3)
        memcpy(b.s + b.len - 3, "...", 3);
    if (b.oom)
        *oom = 1;
    return otl_sb_take(&b);
}

/* Identity of a node: its path with each step keyed by identifying
 * attributes and, among equal steps, its ordinal — never its line. */
static const char *const key_attrs[] = {"name", "id", "text", "address", "host", "channel",
                                        "first", "last", "kind", "protocol", "level", "access",
                                        "version", "security", "Name", NULL};

#define NKEY_ATTRS (sizeof key_attrs / sizeof *key_attrs - 1)

static void step_key(struct otl_sb *b, xmlNodePtr n)
{
    /* One pass over the node's attributes, then the keys in key_attrs
     * order (the fingerprints depend on it).  A value that is one text
     * node (every attribute a plugin sets) is read in place; anything else
     * through libxml2. */
    const xmlChar *val[NKEY_ATTRS];
    unsigned char found[NKEY_ATTRS];
    xmlAttrPtr a;
    size_t i;

    memset(val, 0, sizeof val);
    memset(found, 0, sizeof found);
    for (a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next) {
        /* No name: libxml2 could not copy it (out of memory; its last
         * error tells the caller). */
        if (a->ns != NULL || a->name == NULL)
            continue;
        for (i = 0; i < NKEY_ATTRS; i++) {
            if (found[i] || a->name[0] != (xmlChar)key_attrs[i][0] ||
                strcmp((const char *)a->name, key_attrs[i]) != 0)
                continue;
            found[i] = 1;
            if (a->children == NULL)
                val[i] = (const xmlChar *)"";
            else if (a->children->type == XML_TEXT_NODE && a->children->next == NULL &&
                     a->children->content != NULL)
                val[i] = a->children->content;
            break;
        }
    }
    otl_sb_adds(b, (const char *)n->name);
    for (i = 0; i < NKEY_ATTRS; i++) {
        xmlChar *v = NULL;
        if (!found[i])
            continue;
        if (val[i] == NULL && (v = xmlGetNoNsProp(n, (const xmlChar *)key_attrs[i])) == NULL)
            continue; /* out of memory: libxml2's last error tells the caller */
        otl_sb_adds(b, "[");
        otl_sb_adds(b, key_attrs[i]);
        otl_sb_adds(b, "=");
        otl_sb_adds(b, (const char *)(val[i] != NULL ? val[i] : v));
        otl_sb_adds(b, "]");
        xmlFree(v);
    }
}

/* Ordinal of n among its earlier siblings with the same step key, the slow
 * way: used only when the cache below cannot be filled (out of memory). */
static unsigned ordinal_scan(xmlNodePtr n, const char *key, int *oom)
{
    struct otl_sb other;
    xmlNodePtr s;
    unsigned ord = 0;

    for (s = n->prev; s; s = s->prev) {
        if (s->type != XML_ELEMENT_NODE || !xmlStrEqual(s->name, n->name))
            continue;
        otl_sb_init(&other, 4096);
        step_key(&other, s);
        if (other.oom)
            *oom = 1; /* a sibling not counted would shift the identity */
        if (other.s && key && strcmp(other.s, key) == 0)
            ord++;
        otl_sb_free(&other);
    }
    return ord;
}

/* Give every element child of `parent` its ordinal among same-keyed
 * siblings, in one pass (keys counted in a string table).  Linear in the
 * number of children; a document's findings then cost O(1) each. */
static int fill_ordinals(struct otl_evidence *ev, xmlNodePtr parent)
{
    struct keyent {
        char *key;
        uint64_t h;
        unsigned count;
    } *tab;
    struct otl_sb k;
    size_t nkids = 0, cap = 16, i;
    xmlNodePtr c;
    int rc = 0;

    for (c = parent->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            nkids++;
    while (cap < nkids * 2)
        cap *= 2;
    tab = calloc(cap, sizeof *tab);
    if (tab == NULL)
        return -1;
    otl_sb_init(&k, 4096); /* one buffer for every child's key */
    for (c = parent->children; c && rc == 0; c = c->next) {
        uint64_t h = 1469598103934665603ULL;
        const unsigned char *p;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        k.len = 0;
        k.truncated = 0;
        if (k.s != NULL)
            k.s[0] = '\0';
        step_key(&k, c);
        if (k.s == NULL || k.oom) {
            rc = -1;
            break;
        }
        for (p = (const unsigned char *)k.s; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
        for (i = (size_t)h & (cap - 1); tab[i].key && (tab[i].h != h || strcmp(tab[i].key, k.s) != 0);
             i = (i + 1) & (cap - 1))
            ;
        if (tab[i].key == NULL) {
            if ((tab[i].key = strdup(k.s)) == NULL) {
                rc = -1;
                break;
            }
            tab[i].h = h;
        }
        if (ptr_put(&ev->ords, c, tab[i].count++) != 0)
            rc = -1;
    }
    otl_sb_free(&k);
    for (i = 0; i < cap; i++)
        free(tab[i].key);
    free(tab);
    if (rc == 0 && ptr_put(&ev->done, parent, 1) != 0)
        rc = -1;
    return rc;
}

char *otl_evidence_object(struct otl_evidence *ev, xmlNodePtr n, xmlNodePtr device)
{
    xmlNodePtr path[OTL_MAX_DEPTH + 2];
    size_t depth = 0, i;
    struct otl_sb b;

    otl_sb_init(&b, 4096);
    if (n->type == XML_ATTRIBUTE_NODE || n->type == XML_TEXT_NODE)
        n = n->parent;
    for (; n && n != device && n->type == XML_ELEMENT_NODE && depth < OTL_MAX_DEPTH + 2; n = n->parent)
        path[depth++] = n;
    if (depth == 0)
        otl_sb_adds(&b, "device");
    for (i = depth; i-- > 0;) {
        struct otl_sb me;
        unsigned ord = 0, seen;
        xmlNodePtr parent = path[i]->parent;

        otl_sb_init(&me, 4096);
        step_key(&me, path[i]);
        if (parent && !ptr_get(&ev->done, parent, &seen) && fill_ordinals(ev, parent) != 0)
            ord = ordinal_scan(path[i], me.s, &b.oom);
        else if (parent == NULL || !ptr_get(&ev->ords, path[i], &ord))
            ord = ordinal_scan(path[i], me.s, &b.oom);
        if (me.oom)
            b.oom = 1; /* an identity short of a step is another identity: fail */
        otl_sb_adds(&b, "/");
        if (me.s)
            otl_sb_adds(&b, me.s);
        if (ord)
            otl_sb_addf(&b, "#%u", ord);
        otl_sb_free(&me);
    }
    return otl_sb_take(&b);
}

void otl_evidence_free(struct otl_evidence *e)
{
    free(e->lines);
    free(e->ords.v);
    free(e->done.v);
    memset(e, 0, sizeof *e);
}
