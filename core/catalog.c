/* catalog.c - see catalog.h. */
#include <config.h>
#include "catalog.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/tree.h>

#include "otlint.h"
#include "util.h"
#include "xmlsafe.h"

#define NS_REQ "urn:otlint:requirements:1"

/* Strings are copied into blocks that never move, so the entries may point
 * into them while cat->v is reallocated; one free per block at the end. */
struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char data[];
};

#define ARENA_BLOCK 16384u

/* Entries refer to their parent by int index; the four standards have a few
 * hundred entries, so this bound is never reached by a real catalog. */
#define MAX_ENTRIES 1000000u

/* One row of the lookup index: sorted by (standard, id). */
struct key {
    const char *standard;
    const char *id;
    size_t i;
};

struct priv {
    struct arena_block *blocks;
    size_t vcap, stdscap; /* allocated elements of cat->v, cat->stds */
    struct key *index; /* cat->n rows once a file is committed */
};

/* What each standard's files must look like beyond the schema.  The 3-3 and
 * 4-2 entries are tied to security levels and to an FR; 2-1 and 2-4 are not. */
struct stdrule {
    const char *standard;
    int sl_based;
    const char *group_prefix;   /* every group id starts with it */
    const char *const *members; /* allowed prefixes of level-1 ids (sl_based only) */
};

static const char *const members_33[] = {"SR", NULL};
static const char *const members_42[] = {"CR", "SAR", "EDR", "HDR", "NDR", NULL};

static const struct stdrule std_rules[] = {
    {"IEC 62443-3-3", 1, "FR ", members_33},
    {"IEC 62443-4-2", 1, "FR ", members_42},
    {"IEC 62443-2-1", 0, "SPE ", NULL},
    {"IEC 62443-2-4", 0, "SP.", NULL},
};

/* State of one file being loaded. */
struct lctx {
    struct otl_loaderr le; /* le.file: arena copy shared by every entry of the file */
    struct otl_catalog *cat;
    struct priv *p;
    const struct stdrule *rule;
    const char *standard; /* arena copy shared by every entry of the file */
};

/* ------------------------------------------------------------------ storage */

static const char *arena_dup(struct priv *p, const char *s)
{
    size_t len = strlen(s) + 1;
    struct arena_block *b = p->blocks;
    char *out;

    if (b == NULL || b->cap - b->used < len) {
        size_t cap = len > ARENA_BLOCK ? len : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->next = p->blocks;
        b->used = 0;
        b->cap = cap;
        p->blocks = b;
    }
    out = b->data + b->used;
    memcpy(out, s, len);
    b->used += len;
    return out;
}

static struct priv *priv_of(struct otl_catalog *cat)
{
    if (cat->priv == NULL)
        cat->priv = calloc(1, sizeof(struct priv));
    return cat->priv;
}

void otl_catalog_init(struct otl_catalog *cat)
{
    memset(cat, 0, sizeof *cat);
}

void otl_catalog_free(struct otl_catalog *cat)
{
    struct priv *p;

    if (cat == NULL)
        return;
    p = cat->priv;
    if (p != NULL) {
        while (p->blocks) {
            struct arena_block *next = p->blocks->next;
            free(p->blocks);
            p->blocks = next;
        }
        free(p->index);
        free(p);
    }
    free(cat->v);
    free(cat->stds);
    otl_catalog_init(cat);
}

/* ------------------------------------------------------------------ lookup */

static int key_cmp(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->standard, y->standard);

    if (c == 0)
        c = strcmp(x->id, y->id);
    /* Equal keys keep file order, so a duplicate is reported at its second
     * occurrence. */
    if (c == 0)
        c = x->i < y->i ? -1 : x->i > y->i;
    return c;
}

/* Sorted (standard, id) rows of cat->v[from..n). NULL on OOM. */
static struct key *make_index(const struct otl_catalog *cat, size_t from)
{
    size_t n = cat->n - from, i;
    struct key *k = malloc((n ? n : 1) * sizeof *k);

    if (k == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        k[i].standard = cat->v[from + i].standard;
        k[i].id = cat->v[from + i].id;
        k[i].i = from + i;
    }
    qsort(k, n, sizeof *k, key_cmp);
    return k;
}

const struct otl_req *otl_catalog_find(const struct otl_catalog *cat, const char *standard,
                                       const char *id)
{
    const struct priv *p;
    size_t lo = 0, hi;

    if (cat == NULL || standard == NULL || id == NULL || (p = cat->priv) == NULL ||
        p->index == NULL)
        return NULL;
    hi = cat->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct key *k = &p->index[mid];
        int c = strcmp(k->standard, standard);

        if (c == 0)
            c = strcmp(k->id, id);
        if (c == 0)
            return &cat->v[k->i];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t otl_catalog_index(const struct otl_catalog *cat, const struct otl_req *r)
{
    return (size_t)(r - cat->v);
}

const char *otl_standard_short(const char *standard)
{
    static const char pfx[] = "IEC 62443-";

    if (standard != NULL && strncmp(standard, pfx, sizeof pfx - 1) == 0 &&
        standard[sizeof pfx - 1] != '\0')
        return standard + sizeof pfx - 1;
    return standard;
}

/* ------------------------------------------------------------------ errors */

#define load_err(lc, ...) otl_loaderr(&(lc)->le, __VA_ARGS__)

static unsigned long line_of(xmlNodePtr n)
{
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned long)l : 0;
}

/* ------------------------------------------------------------------ id rules */

static int is_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* id == base + sep + digits ("SR 1.1" + " RE " + "1", "USER 2" + "." + "1"). */
static int extends(const char *id, const char *base, const char *sep)
{
    size_t b = strlen(base), s = strlen(sep);

    return strncmp(id, base, b) == 0 && strncmp(id + b, sep, s) == 0 && is_digits(id + b + s);
}

/* A level-1 id of 3-3 / 4-2: an allowed prefix, a space, "<fr>.<n>". */
static int fits_fr(const char *id, const char *const *prefixes, int fr)
{
    const char *sp = strchr(id, ' ');
    char num[16];
    size_t i;

    if (sp == NULL)
        return 0;
    for (i = 0; prefixes[i]; i++) {
        size_t len = strlen(prefixes[i]);
        if (len == (size_t)(sp - id) && strncmp(id, prefixes[i], len) == 0)
            break;
    }
    if (prefixes[i] == NULL)
        return 0;
    snprintf(num, sizeof num, "%d", fr);
    return extends(sp + 1, num, ".");
}

/* Does `id` belong at `level` under `parent` (NULL for a group)? */
static int id_fits(const struct lctx *lc, const char *id, int level, const struct otl_req *parent,
                   int fr)
{
    const struct stdrule *r = lc->rule;

    if (level == 0) {
        char want[16];
        if (!r->sl_based)
            return strncmp(id, r->group_prefix, strlen(r->group_prefix)) == 0;
        snprintf(want, sizeof want, "FR %d", fr);
        return strcmp(id, want) == 0;
    }
    if (level == 2)
        return extends(id, parent->id, r->sl_based ? " RE " : ".");
    if (r->sl_based)
        return fits_fr(id, r->members, fr);
    if (strcmp(r->standard, "IEC 62443-2-4") == 0)
        return extends(id, parent->id, ".");
    /* 2-1 sub-element: "ORG 1", never a numbered "ORG 1.2". */
    {
        const char *sp = strchr(id, ' ');
        return sp != NULL && is_digits(sp + 1);
    }
}

/* ------------------------------------------------------------------ loading */

static int is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->ns != NULL &&
           xmlStrcmp(n->ns->href, (const xmlChar *)NS_REQ) == 0 &&
           xmlStrcmp(n->name, (const xmlChar *)name) == 0;
}

/* The attribute copied into the arena; NULL if absent.  *oom set on failure. */
static const char *attr(struct lctx *lc, xmlNodePtr n, const char *name, int *oom)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    const char *s;

    if (v == NULL)
        return NULL;
    s = arena_dup(lc->p, (const char *)v);
    xmlFree(v);
    if (s == NULL)
        *oom = 1;
    return s;
}

/* 1..max from a schema-checked attribute; 0 when absent. */
static int small_int(const char *s, int max)
{
    unsigned long v;

    if (s == NULL || otl_parse_ulong(s, &v) != 0 || v < 1 || v > (unsigned long)max)
        return 0;
    return (int)v;
}

static struct otl_req *push_entry(struct lctx *lc)
{
    struct otl_catalog *cat = lc->cat;

    if (cat->n >= MAX_ENTRIES)
        return NULL;
    if (otl_grow(&cat->v, &lc->p->vcap, cat->n + 1, sizeof *cat->v, 256) != 0)
        return NULL;
    memset(&cat->v[cat->n], 0, sizeof cat->v[cat->n]);
    return &cat->v[cat->n++];
}

/* What the schema cannot check about entry `e` (parent `par`, NULL for a
 * group); `sl_s` / `fr_s` are the attributes as written. */
static void check_entry(struct lctx *lc, const struct otl_req *e, const struct otl_req *par,
                        const char *sl_s, const char *fr_s)
{
    const struct stdrule *r = lc->rule;

    if (e->level == 0 && r->sl_based && e->fr == 0)
        load_err(lc, e->line, "group %s: fr is required in %s", e->id, lc->standard);
    if (e->level == 0 && !r->sl_based && fr_s != NULL)
        load_err(lc, e->line, "group %s: %s groups have no fr", e->id, lc->standard);
    if (e->level > 0 && r->sl_based && e->sl == 0)
        load_err(lc, e->line, "%s: sl is required in %s", e->id, lc->standard);
    if (e->level > 0 && !r->sl_based && sl_s != NULL)
        load_err(lc, e->line, "%s: %s requirements are not tied to an SL (no sl)", e->id,
                 lc->standard);
    if (e->level == 2 && e->sl != 0 && par->sl != 0 && e->sl < par->sl)
        load_err(lc, e->line, "%s: sl %d is below the sl %d of %s", e->id, e->sl, par->sl, par->id);
    /* Without its fr a 3-3 / 4-2 entry has nothing to be checked against
     * (already reported above). */
    if ((r->sl_based && e->fr == 0) || id_fits(lc, e->id, e->level, par, e->fr))
        return;
    if (par == NULL && r->sl_based)
        load_err(lc, e->line, "group %s does not match fr=\"%d\" (FR %d)", e->id, e->fr, e->fr);
    else if (par == NULL)
        load_err(lc, e->line, "group %s: group ids of %s start with \"%s\"", e->id, lc->standard,
                 r->group_prefix);
    else
        load_err(lc, e->line, "%s does not belong under %s in %s", e->id, par->id, lc->standard);
}

/* Appends the entry for element `n` (a group when parent < 0) and checks
 * it.  Returns its index, or -1 when it could not be stored (reported). */
static int load_entry(struct lctx *lc, xmlNodePtr n, int level, int parent)
{
    struct otl_req *e;
    const char *sl_s, *fr_s;
    int oom = 0;
    unsigned long line = line_of(n);

    e = push_entry(lc);
    if (e == NULL) {
        if (lc->cat->n >= MAX_ENTRIES)
            load_err(lc, line, "more than %u catalog entries", MAX_ENTRIES);
        else
            load_err(lc, line, "out of memory");
        return -1;
    }
    e->standard = lc->standard;
    e->file = lc->le.file;
    e->line = line;
    e->level = level;
    e->parent = parent;
    e->id = attr(lc, n, "id", &oom);
    e->title = attr(lc, n, "title", &oom);
    e->abbrev = attr(lc, n, "abbrev", &oom);
    e->confidence = attr(lc, n, "confidence", &oom);
    e->note = attr(lc, n, "note", &oom);
    sl_s = attr(lc, n, "sl", &oom);
    fr_s = attr(lc, n, "fr", &oom);
    if (oom || e->id == NULL) {
        load_err(lc, line, oom ? "out of memory" : "entry without id");
        lc->cat->n--;
        return -1;
    }
    e->sl = small_int(sl_s, 4);
    e->fr = parent >= 0 ? lc->cat->v[parent].fr : small_int(fr_s, 7);
    check_entry(lc, e, parent >= 0 ? &lc->cat->v[parent] : NULL, sl_s, fr_s);
    return (int)(lc->cat->n - 1);
}

/* Walks <group>s, their <req>s and the nested <req>s in document order. */
static void load_entries(struct lctx *lc, xmlNodePtr root)
{
    xmlNodePtr g, r, q;

    for (g = root->children; g; g = g->next) {
        int gi;
        if (!is_el(g, "group"))
            continue;
        if ((gi = load_entry(lc, g, 0, -1)) < 0)
            return;
        for (r = g->children; r; r = r->next) {
            int ri;
            if (!is_el(r, "req"))
                continue;
            if ((ri = load_entry(lc, r, 1, gi)) < 0)
                return;
            for (q = r->children; q; q = q->next)
                if (is_el(q, "req") && load_entry(lc, q, 2, ri) < 0)
                    return;
        }
    }
}

/* Reports every id of cat->v[from..n) seen before in the same file. */
static void check_duplicates(struct lctx *lc, size_t from)
{
    const struct otl_catalog *cat = lc->cat;
    struct key *k = make_index(cat, from);
    size_t i;

    if (k == NULL) {
        load_err(lc, 0, "out of memory");
        return;
    }
    for (i = 1; i < cat->n - from; i++) {
        if (strcmp(k[i].id, k[i - 1].id) == 0) {
            const struct otl_req *dup = &cat->v[k[i].i];
            size_t first = i - 1;
            while (first > 0 && strcmp(k[first - 1].id, dup->id) == 0)
                first--;
            load_err(lc, dup->line, "duplicate id %s in %s (first at line %lu)", dup->id,
                     lc->standard, cat->v[k[first].i].line);
        }
    }
    free(k);
}

static const struct stdrule *rule_for(const char *standard)
{
    size_t i;

    for (i = 0; i < sizeof std_rules / sizeof *std_rules; i++)
        if (standard != NULL && strcmp(std_rules[i].standard, standard) == 0)
            return &std_rules[i];
    return NULL;
}

/* Header of the file: refuses a standard already loaded.  0 ok. */
static int load_header(struct lctx *lc, xmlNodePtr root, struct otl_catalog_std *std)
{
    int oom = 0;
    size_t i;

    std->standard = attr(lc, root, "standard", &oom);
    std->edition = attr(lc, root, "edition", &oom);
    std->title = attr(lc, root, "title", &oom);
    std->file = lc->le.file;
    if (oom) {
        load_err(lc, line_of(root), "out of memory");
        return -1;
    }
    lc->rule = rule_for(std->standard);
    if (lc->rule == NULL) {
        load_err(lc, line_of(root), "unknown standard %s",
                 std->standard ? std->standard : "(none)");
        return -1;
    }
    for (i = 0; i < lc->cat->nstds; i++) {
        if (strcmp(lc->cat->stds[i].standard, std->standard) == 0) {
            load_err(lc, line_of(root), "%s is already loaded from %s", std->standard,
                     lc->cat->stds[i].file);
            return -1;
        }
    }
    lc->standard = std->standard;
    return 0;
}

/* Makes the entries of a good file part of the catalog: its header, and a
 * lookup index over everything loaded so far.  0 ok. */
static int commit(struct lctx *lc, const struct otl_catalog_std *std)
{
    struct otl_catalog *cat = lc->cat;
    struct key *k;

    if (otl_grow(&cat->stds, &lc->p->stdscap, cat->nstds + 1, sizeof *cat->stds, 4) != 0)
        return -1;
    k = make_index(cat, 0);
    if (k == NULL)
        return -1;
    cat->stds[cat->nstds++] = *std;
    free(lc->p->index);
    lc->p->index = k;
    return 0;
}

static int load_file(void *ctx, const char *path, const char *schema_dir, otl_errfn fn,
                     void *arg)
{
    struct otl_catalog *cat = ctx;
    struct lctx lc = {{fn, arg, path, 0}, cat, NULL, NULL, NULL};
    struct otl_catalog_std std;
    size_t from = cat->n;
    xmlDocPtr doc;
    xmlNodePtr root;
    char *rng = NULL;

    lc.p = priv_of(cat);
    if (lc.p == NULL || (lc.le.file = arena_dup(lc.p, path)) == NULL) {
        lc.le.file = path;
        load_err(&lc, 0, "out of memory");
        return lc.le.errors;
    }
    doc = otl_xml_read_file(path, otl_loaderr_xml, &lc.le);
    if (doc == NULL) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "cannot read requirement catalog");
        return lc.le.errors;
    }
    rng = otl_asprintf("%s/requirements.rng", schema_dir);
    if (rng == NULL || otl_xml_validate_rng(doc, rng, otl_loaderr_xml, &lc.le) != 0) {
        if (lc.le.errors == 0)
            load_err(&lc, 0, "catalog does not validate against %s",
                     rng ? rng : "requirements.rng");
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    if (root == NULL || !is_el(root, "catalog")) {
        load_err(&lc, 0, "not a requirement catalog");
        goto out;
    }
    if (load_header(&lc, root, &std) != 0)
        goto out;
    load_entries(&lc, root);
    if (lc.le.errors == 0)
        check_duplicates(&lc, from);
    if (lc.le.errors == 0 && commit(&lc, &std) != 0)
        load_err(&lc, 0, "out of memory");
out:
    /* A file with errors leaves nothing behind (its strings stay in the
     * arena until otl_catalog_free). */
    if (lc.le.errors != 0)
        cat->n = from;
    free(rng);
    xmlFreeDoc(doc);
    return lc.le.errors;
}

int otl_catalog_load(struct otl_catalog *cat, const char *path, const char *schema_dir,
                     otl_errfn fn, void *arg)
{
    /* An empty directory would give a roll-up without requirements: an
     * error, not silence. */
    return otl_load_path(path, load_file, cat, schema_dir, fn, arg, 1);
}
