/*
 * write-sarif.c - SARIF 2.1.0 (OASIS) for code-scanning dashboards.
 *
 * One run.  tool.driver.rules are the selected rules, each tagged with its
 * IEC 62443 requirements so that a dashboard can filter by requirement, and
 * with a "security-severity" (GitHub code scanning's 0-10 score) derived from
 * the otlint severity.  results are the findings, waived ones included with
 * an external, accepted suppression (SARIF's way to say "reported, accepted")
 * that names the waiver's reason, owner and expiry.
 *
 * The requirements are also a SARIF taxonomy (SARIF 2.1.0 3.19.3, 3.49.15,
 * 3.53): run.taxonomies holds one toolComponent per standard the selected
 * rules reference, its taxa being the catalog's requirements (ids, short
 * titles and SLs only); every rule points at its taxa through
 * relationships, and the driver lists the taxonomies in supportedTaxonomies.
 * Taxonomy indexes in toolComponentReference objects index run.taxonomies.
 * partialFingerprints carries otlint's own fingerprint (device + rule +
 * object, never the line), so findings keep their identity across edits.
 *
 * Tool problems (diagnostics) are not results: they go to
 * invocations[0].toolExecutionNotifications, and an input that could not be
 * read or parsed makes executionSuccessful false - an error never hides as
 * success.
 *
 * Construction follows write-json.c: json_object_set_new() and
 * json_array_append_new() return -1 when given NULL, so each allocation is
 * checked where it is attached.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog.h"
#include "ignore.h"
#include "otlint.h"
#include "result.h"
#include "util.h"
#include "write-util.h"
#include "waiver.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FINGERPRINT_KEY "otlint/v1"

/* A JSON string for `s` (ill-formed UTF-8 replaced), NULL on ENOMEM.  Unlike
 * write-json.c, SARIF has no nulls: callers omit absent properties. */
static json_t *jstr(const char *s)
{
    char *clean = otl_utf8_clean(s != NULL ? s : "");
    json_t *j;

    if (clean == NULL)
        return NULL;
    j = json_string(clean);
    free(clean);
    return j;
}

/* {"text": s}: SARIF's message / multiformatMessageString. */
static json_t *jtext(const char *s)
{
    json_t *o = json_object();

    if (o != NULL && json_object_set_new(o, "text", jstr(s)) != 0) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

static const char *sev_level(enum otl_severity s)
{
    switch (s) {
    case OTL_SEV_CRITICAL:
    case OTL_SEV_HIGH:
        return "error";
    case OTL_SEV_MEDIUM:
        return "warning";
    case OTL_SEV_LOW:
    case OTL_SEV_INFO:
    case OTL_SEV_COUNT:
    default:
        return "note";
    }
}

/* GitHub maps >= 9.0 critical, >= 7.0 high, >= 4.0 medium, else low. */
static const char *sev_score(enum otl_severity s)
{
    switch (s) {
    case OTL_SEV_CRITICAL:
        return "9.0";
    case OTL_SEV_HIGH:
        return "7.0";
    case OTL_SEV_MEDIUM:
        return "5.0";
    case OTL_SEV_LOW:
        return "3.0";
    case OTL_SEV_INFO:
    case OTL_SEV_COUNT:
    default:
        return "1.0";
    }
}

/*
 * A URI reference for a display path.  Relative paths stay relative (to
 * %SRCROOT%, the directory otlint was run from) without leading "./";
 * absolute ones become file:// URIs.  Every byte outside RFC 3986 unreserved,
 * sub-delims, '@' and '/' is percent-encoded, ':' included so that a first
 * segment is never read as a scheme.  Caller frees.
 */
static char *path_uri(const char *path, int *absolute)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *p = path != NULL ? path : "";
    size_t n, o = 0;
    char *uri = NULL;

    while (p[0] == '.' && p[1] == '/') {
        p += 2;
        while (*p == '/')
            p++;
    }
    *absolute = p[0] == '/';
    n = strlen(p);
    if (n > (SIZE_MAX - 8) / 3) {
        errno = ENOMEM;
        goto done;
    }
    uri = malloc(n * 3 + 8);
    if (uri == NULL)
        goto done;
    if (*absolute) {
        memcpy(uri, "file://", 7);
        o = 7;
    }
    for (const unsigned char *q = (const unsigned char *)p; *q != '\0'; q++) {
        unsigned char c = *q;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            (c != '\0' && strchr("-._~!$&'()*+,;=@/", c) != NULL))
            uri[o++] = (char)c;
        else {
            uri[o++] = '%';
            uri[o++] = hex[c >> 4];
            uri[o++] = hex[c & 15];
        }
    }
    uri[o] = '\0';
done:
    return uri;
}

/* [{"physicalLocation": {artifactLocation, region?}}] for path:line. */
static json_t *jlocations(const char *path, unsigned long line)
{
    json_t *locs = json_array(), *loc = json_object(), *phys = json_object(), *art = json_object(),
           *region = NULL;
    int absolute = 0;
    char *uri = path_uri(path, &absolute);

    if (uri == NULL || locs == NULL || loc == NULL || phys == NULL || art == NULL)
        goto fail;
    if (json_object_set_new(art, "uri", json_string(uri)) != 0)
        goto fail;
    if (!absolute && json_object_set_new(art, "uriBaseId", json_string("%SRCROOT%")) != 0)
        goto fail;
    {
        json_t *a = art;
        art = NULL; /* set_new owns it now, success or not */
        if (json_object_set_new(phys, "artifactLocation", a) != 0)
            goto fail;
    }
    /* SARIF regions are 1-based; line 0 (device level) has no region. */
    if (line > 0) {
        region = json_object();
        if (json_object_set_new(phys, "region", region) != 0 ||
            json_object_set_new(region, "startLine", json_integer((json_int_t)line)) != 0)
            goto fail;
    }
    {
        json_t *a = phys, *b = loc;
        phys = loc = NULL;
        if (json_object_set_new(b, "physicalLocation", a) != 0) {
            json_decref(b); /* append_new would have taken it: nobody did */
            goto fail;
        }
        if (json_array_append_new(locs, b) != 0)
            goto fail;
    }
    free(uri);
    return locs;
fail:
    free(uri);
    json_decref(art);
    json_decref(phys);
    json_decref(loc);
    json_decref(locs);
    return NULL;
}

/* Append `tag` unless present: SARIF property-bag tags are a set. */
static int add_tag(json_t *tags, const char *tag)
{
    json_t *j = jstr(tag);
    size_t i;
    json_t *v;

    if (j == NULL)
        return -1;
    json_array_foreach (tags, i, v) {
        if (json_equal(v, j)) {
            json_decref(j);
            return 0;
        }
    }
    return json_array_append_new(tags, j);
}

/* "Telnet management enabled" -> "TelnetManagementEnabled": SARIF wants a
 * readable identifier in `name`; ASCII letters and digits only. */
static char *rule_name(const struct otl_rule *r)
{
    const char *t = r->title != NULL ? r->title : "";
    size_t n = strlen(t), o = 0;
    int up = 1;
    char *name = malloc(n + 1);

    if (name == NULL)
        return NULL;
    for (; *t != '\0'; t++) {
        char c = *t;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            if (up && c >= 'a' && c <= 'z')
                c = (char)(c - 'a' + 'A');
            name[o++] = c;
            up = 0;
        } else
            up = 1;
    }
    name[o] = '\0';
    if (o == 0) {
        free(name);
        name = strdup(r->id != NULL ? r->id : "rule");
    }
    return name;
}

/* ------------------------------------------------------------ taxonomies */

struct taxon {
    const char *id;
    const struct otl_req *req; /* NULL: referenced by a rule, not in the catalog */
};

/* One standard: its catalog requirements (level >= 1) in catalog order,
 * then the ids rules reference that the catalog lacks (or every referenced
 * id when no catalog was loaded), so that every reference has a taxon. */
struct taxonomy {
    const char *standard;
    struct taxon *v;
    size_t n, cap;
};

struct taxonomies {
    struct taxonomy *v;
    size_t n, cap;
};

static void taxonomies_free(struct taxonomies *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].v);
    free(t->v);
    memset(t, 0, sizeof *t);
}

static const char *ref_standard(const struct otl_ref *ref)
{
    return ref->req != NULL ? ref->req->standard : ref->standard;
}

static const char *ref_id(const struct otl_ref *ref)
{
    return ref->req != NULL ? ref->req->id : ref->id;
}

/* Index of the taxonomy of `standard`, or -1. */
static long taxonomy_find(const struct taxonomies *t, const char *standard)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->v[i].standard, standard) == 0)
            return (long)i;
    return -1;
}

/* Index of taxon `id` in `tx`, or -1.  Linear: a few hundred taxa at most. */
static long taxon_find(const struct taxonomy *tx, const char *id)
{
    for (size_t i = 0; i < tx->n; i++)
        if (strcmp(tx->v[i].id, id) == 0)
            return (long)i;
    return -1;
}

static int taxon_add(struct taxonomy *tx, const char *id, const struct otl_req *req)
{
    if (otl_grow(&tx->v, &tx->cap, tx->n + 1, sizeof *tx->v, 64) != 0)
        return -1;
    tx->v[tx->n].id = id;
    tx->v[tx->n].req = req;
    tx->n++;
    return 0;
}

static int taxonomy_add(struct taxonomies *t, const char *standard)
{
    if (otl_grow(&t->v, &t->cap, t->n + 1, sizeof *t->v, 4) != 0)
        return -1;
    memset(&t->v[t->n], 0, sizeof t->v[t->n]);
    t->v[t->n].standard = standard;
    t->n++;
    return 0;
}

/* The standards the selected rules reference, in order of first reference,
 * each with its taxa.  0, or -1 on ENOMEM. */
static int taxonomies_build(struct taxonomies *t, const struct otl_scan *scan)
{
    const struct otl_catalog *cat = scan->catalog;

    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < scan->nselected; i++) {
        const struct otl_rule *r = scan->selected[i];
        for (size_t j = 0; j < r->nrefs; j++) {
            const char *std = ref_standard(&r->refs[j]);
            if (std != NULL && ref_id(&r->refs[j]) != NULL && taxonomy_find(t, std) < 0 &&
                taxonomy_add(t, std) != 0)
                return -1;
        }
    }
    for (size_t k = 0; cat != NULL && k < t->n; k++) {
        struct taxonomy *tx = &t->v[k];
        for (size_t i = 0; i < cat->n; i++) {
            const struct otl_req *q = &cat->v[i];
            if (q->level >= 1 && q->standard != NULL && q->id != NULL &&
                strcmp(q->standard, tx->standard) == 0 && taxon_add(tx, q->id, q) != 0)
                return -1;
        }
    }
    for (size_t i = 0; i < scan->nselected; i++) {
        const struct otl_rule *r = scan->selected[i];
        for (size_t j = 0; j < r->nrefs; j++) {
            const char *std = ref_standard(&r->refs[j]), *id = ref_id(&r->refs[j]);
            long k = std != NULL && id != NULL ? taxonomy_find(t, std) : -1;
            if (k >= 0 && taxon_find(&t->v[k], id) < 0 &&
                taxon_add(&t->v[k], id, r->refs[j].req) != 0)
                return -1;
        }
    }
    return 0;
}

/* A taxon: id, the short title as name, and its SL and FR when it has them. */
static json_t *jtaxon(const struct taxon *x)
{
    json_t *o = json_object(), *props = NULL;
    const struct otl_req *q = x->req;

    if (o == NULL || json_object_set_new(o, "id", jstr(x->id)) != 0)
        goto fail;
    if (q == NULL)
        return o;
    if (q->title != NULL && (json_object_set_new(o, "name", jstr(q->title)) != 0 ||
                             json_object_set_new(o, "shortDescription", jtext(q->title)) != 0))
        goto fail;
    if (q->sl > 0 || q->fr > 0) {
        props = json_object();
        if (json_object_set_new(o, "properties", props) != 0 ||
            (q->sl > 0 && json_object_set_new(props, "sl", json_integer(q->sl)) != 0) ||
            (q->fr > 0 && json_object_set_new(props, "fr", json_integer(q->fr)) != 0))
            goto fail;
    }
    return o;
fail:
    json_decref(o);
    return NULL;
}

static const struct otl_catalog_std *catalog_std(const struct otl_catalog *cat, const char *std)
{
    for (size_t i = 0; cat != NULL && i < cat->nstds; i++)
        if (cat->stds[i].standard != NULL && strcmp(cat->stds[i].standard, std) == 0)
            return &cat->stds[i];
    return NULL;
}

static json_t *jtaxonomy(const struct otl_catalog *cat, const struct taxonomy *tx)
{
    const struct otl_catalog_std *cs = catalog_std(cat, tx->standard);
    json_t *o = json_object(), *taxa = NULL;

    if (o == NULL || json_object_set_new(o, "name", jstr(tx->standard)) != 0 ||
        json_object_set_new(o, "organization", json_string("IEC")) != 0)
        goto fail;
    if (cs != NULL && cs->edition != NULL &&
        json_object_set_new(o, "version", jstr(cs->edition)) != 0)
        goto fail;
    if (json_object_set_new(o, "shortDescription",
                            jtext(cs != NULL && cs->title != NULL ? cs->title : tx->standard)) != 0)
        goto fail;
    taxa = json_array();
    if (json_object_set_new(o, "taxa", taxa) != 0)
        goto fail;
    for (size_t i = 0; i < tx->n; i++)
        if (json_array_append_new(taxa, jtaxon(&tx->v[i])) != 0)
            goto fail;
    return o;
fail:
    json_decref(o);
    return NULL;
}

/* {"name": standard, "index": k}: a taxonomy in run.taxonomies. */
static json_t *jcomponent_ref(const struct taxonomies *t, size_t k)
{
    json_t *o = json_object();

    if (o != NULL && (json_object_set_new(o, "name", jstr(t->v[k].standard)) != 0 ||
                      json_object_set_new(o, "index", json_integer((json_int_t)k)) != 0)) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

/* {"target": {id, index, toolComponent}, "kinds": ["relevant"]}: the rule
 * gives evidence about the requirement. */
static json_t *jrelationship(const struct taxonomies *t, size_t k, size_t x)
{
    json_t *o = json_object(), *target = json_object(), *kinds = json_array();

    if (o == NULL || target == NULL || kinds == NULL ||
        json_object_set_new(target, "id", jstr(t->v[k].v[x].id)) != 0 ||
        json_object_set_new(target, "index", json_integer((json_int_t)x)) != 0 ||
        json_object_set_new(target, "toolComponent", jcomponent_ref(t, k)) != 0 ||
        json_array_append_new(kinds, json_string("relevant")) != 0)
        goto fail;
    {
        json_t *a = target, *b = kinds;
        int bad;
        target = kinds = NULL; /* set_new owns them now, success or not */
        /* Both calls, always: behind a failed first one, || would leave b
         * to nobody. */
        bad = json_object_set_new(o, "target", a) != 0;
        bad |= json_object_set_new(o, "kinds", b) != 0;
        if (bad)
            goto fail;
    }
    return o;
fail:
    json_decref(target);
    json_decref(kinds);
    json_decref(o);
    return NULL;
}

/* The rule's relationships, one per distinct referenced taxon (SARIF wants
 * them unique).  An empty array when the rule references nothing. */
static json_t *jrelationships(const struct otl_rule *r, const struct taxonomies *t)
{
    json_t *a = json_array();

    for (size_t j = 0; a != NULL && j < r->nrefs; j++) {
        const char *std = ref_standard(&r->refs[j]), *id = ref_id(&r->refs[j]);
        long k = std != NULL && id != NULL ? taxonomy_find(t, std) : -1;
        long x = k >= 0 ? taxon_find(&t->v[k], id) : -1;
        int dup = 0;

        for (size_t i = 0; x >= 0 && i < j && !dup; i++) {
            const char *s2 = ref_standard(&r->refs[i]), *i2 = ref_id(&r->refs[i]);
            dup = s2 != NULL && i2 != NULL && strcmp(s2, std) == 0 && strcmp(i2, id) == 0;
        }
        if (x < 0 || dup)
            continue;
        if (json_array_append_new(a, jrelationship(t, (size_t)k, (size_t)x)) != 0) {
            json_decref(a);
            a = NULL;
        }
    }
    return a;
}

/* ------------------------------------------------------------ rules */

/* Append `s` to the growing buffer *b (length *n), markdown-escaped when
 * `md`: the characters that would start emphasis, code, links, HTML,
 * headings or tables are backslash-escaped (CommonMark 2.4).  -1: ENOMEM. */
static int buf_add(char **b, size_t *n, size_t *cap, const char *s, int md)
{
    for (; s != NULL && *s != '\0'; s++) {
        int esc = md && strchr("\\`*_[]<>|#", *s) != NULL;
        if (otl_grow(b, cap, *n + 3, 1, 256) != 0)
            return -1;
        if (esc)
            (*b)[(*n)++] = '\\';
        (*b)[(*n)++] = *s;
        (*b)[*n] = '\0';
    }
    return 0;
}

/* The rule's help, self-contained (no web site to point helpUri at): what
 * `otlint explain` says a reader of a code-scanning alert needs - title,
 * id and severity, rationale, fix, the requirement references with their
 * catalog titles, and the source.  `md`: markdown, else plain text.
 * Caller frees; NULL: ENOMEM. */
static char *rule_help(const struct otl_rule *r, int md)
{
    char *b = NULL;
    size_t n = 0, cap = 0;
    int bad = 0;

#define PUT(s) (bad |= buf_add(&b, &n, &cap, (s), 0))
#define TXT(s) (bad |= buf_add(&b, &n, &cap, (s), md))
    PUT(md ? "**" : "");
    TXT(r->title != NULL ? r->title : r->id);
    PUT(md ? "** (" : " (");
    TXT(r->id);
    PUT(", severity ");
    PUT(otl_severity_name(r->severity));
    PUT(")\n\n");
    if (r->rationale != NULL) {
        TXT(r->rationale);
        PUT("\n\n");
    }
    if (r->fix != NULL) {
        PUT(md ? "**Fix:** " : "Fix: ");
        TXT(r->fix);
        PUT("\n\n");
    }
    for (size_t i = 0; i < r->nrefs; i++) {
        const struct otl_req *q = r->refs[i].req;
        PUT(i == 0 ? (md ? "**References:**\n" : "References:\n") : "");
        PUT(md ? "- " : "  ");
        TXT(ref_standard(&r->refs[i]));
        PUT(" ");
        TXT(ref_id(&r->refs[i]));
        if (q != NULL && q->title != NULL) {
            PUT(": ");
            TXT(q->title);
        }
        PUT("\n");
    }
    if (r->nrefs > 0)
        PUT("\n");
    if (r->source != NULL) {
        PUT(md ? "**Source:** " : "Source: ");
        TXT(r->source);
        PUT("\n\n");
    }
    PUT(md ? "`otlint explain " : "otlint explain ");
    PUT(r->id);
    PUT(md ? "` shows the rule in full.\n" : " shows the rule in full.\n");
#undef PUT
#undef TXT
    if (bad) {
        free(b);
        return NULL;
    }
    return b;
}

/* {"text": plain, "markdown": markdown}: the rule's help (rule_help). */
static json_t *jhelp(const struct otl_rule *r)
{
    char *text = rule_help(r, 0), *md = rule_help(r, 1);
    json_t *o = json_object();

    if (o != NULL && (text == NULL || md == NULL || json_object_set_new(o, "text", jstr(text)) != 0 ||
                      json_object_set_new(o, "markdown", jstr(md)) != 0)) {
        json_decref(o);
        o = NULL;
    }
    free(text);
    free(md);
    return o;
}

static json_t *jrule(const struct otl_rule *r, const struct taxonomies *t)
{
    json_t *o = json_object(), *cfg = json_object(), *props = json_object(), *tags = json_array();
    char *name = rule_name(r);

    if (o == NULL || cfg == NULL || props == NULL || tags == NULL || name == NULL)
        goto fail;
    /* GitHub code scanning reads security-severity only from rules tagged
     * "security"; every otlint rule is a security rule. */
    if (add_tag(tags, "security") != 0)
        goto fail;
    for (size_t i = 0; i < r->nrefs; i++) {
        char buf[256];
        int len = snprintf(buf, sizeof buf, "%s %s",
                           r->refs[i].standard != NULL ? r->refs[i].standard : "",
                           r->refs[i].id != NULL ? r->refs[i].id : "");
        if (len < 0 || (size_t)len >= sizeof buf)
            continue; /* a reference this long is not a real one */
        if (add_tag(tags, buf) != 0)
            goto fail;
    }
    for (size_t i = 0; i < r->ntags; i++)
        if (add_tag(tags, r->tags[i]) != 0)
            goto fail;
    if (json_object_set_new(o, "id", jstr(r->id)) != 0 ||
        json_object_set_new(o, "name", json_string(name)) != 0 ||
        json_object_set_new(o, "shortDescription", jtext(r->title != NULL ? r->title : r->id)) != 0)
        goto fail;
    if (r->rationale != NULL && json_object_set_new(o, "fullDescription", jtext(r->rationale)) != 0)
        goto fail;
    if (json_object_set_new(o, "help", jhelp(r)) != 0)
        goto fail;
    if (json_object_set_new(cfg, "level", json_string(sev_level(r->severity))) != 0)
        goto fail;
    if (r->nrefs > 0 && json_object_set_new(o, "relationships", jrelationships(r, t)) != 0)
        goto fail;
    {
        json_t *a = cfg, *b = tags;
        int bad;
        cfg = tags = NULL; /* set_new owns them now, success or not */
        /* Both calls, always: behind a failed first one, || would leave b
         * to nobody. */
        bad = json_object_set_new(o, "defaultConfiguration", a) != 0;
        bad |= json_object_set_new(props, "tags", b) != 0;
        if (bad)
            goto fail;
    }
    if (json_object_set_new(props, "security-severity", json_string(sev_score(r->severity))) != 0 ||
        json_object_set_new(props, "precision", json_string("high")) != 0 ||
        json_object_set_new(props, "otlint/severity",
                            json_string(otl_severity_name(r->severity))) != 0)
        goto fail;
    {
        json_t *a = props;
        props = NULL;
        if (json_object_set_new(o, "properties", a) != 0)
            goto fail;
    }
    free(name);
    return o;
fail:
    free(name);
    json_decref(cfg);
    json_decref(props);
    json_decref(tags);
    json_decref(o);
    return NULL;
}

/* Why a waived finding without a waiver is accepted: the rule result's
 * reason when the engine recorded one, else a generic justification. */
static const char *waiver_reason(const struct otl_file *f, const struct otl_rule *r)
{
    for (size_t i = 0; i < f->nresults; i++)
        if (f->results[i].rule == r && f->results[i].reason != NULL)
            return f->results[i].reason;
    return "waived in the waivers file";
}

/* An accepted external suppression: the waivers file accepted the finding.
 * Who and until when go to the property bag (SARIF has no place for them). */
static json_t *jsuppression(const struct otl_file *f, const struct otl_finding *fi)
{
    const struct otl_waiver *w = fi->waiver;
    json_t *sup = json_object(), *props = NULL;

    if (sup == NULL || json_object_set_new(sup, "kind", json_string("external")) != 0 ||
        json_object_set_new(sup, "status", json_string("accepted")) != 0 ||
        json_object_set_new(sup, "justification",
                            jstr(w != NULL ? w->reason : waiver_reason(f, fi->rule))) != 0)
        goto fail;
    if (w == NULL)
        return sup;
    props = json_object();
    if (json_object_set_new(sup, "properties", props) != 0 ||
        json_object_set_new(props, "owner", jstr(w->owner)) != 0 ||
        json_object_set_new(props, "expires", jstr(w->expires)) != 0 ||
        (w->countermeasure != NULL &&
         json_object_set_new(props, "countermeasure", jstr(w->countermeasure)) != 0))
        goto fail;
    return sup;
fail:
    json_decref(sup);
    return NULL;
}

/* A finding at line 0 is about the device as a whole (a setting absent
 * from the export, a default): its one location is the file without a
 * region, says so in its message, and the result carries the property
 * "otlint/device-level": true.  A finding at a line always has a region
 * (jlocations). */
static int mark_device_level(json_t *result)
{
    json_t *loc = json_array_get(json_object_get(result, "locations"), 0), *props;

    if (loc == NULL ||
        json_object_set_new(loc, "message",
                            jtext("device level: about the device as a whole (no line of the "
                                  "export states it)")) != 0)
        return -1;
    props = json_object(); /* set_new owns it from here, success or not */
    if (json_object_set_new(result, "properties", props) != 0 ||
        json_object_set_new(props, "otlint/device-level", json_true()) != 0)
        return -1;
    return 0;
}

static json_t *jresult(const struct otl_scan *scan, const struct otl_file *f,
                       const struct otl_finding *fi)
{
    const struct otl_rule *r = fi->rule;
    json_t *o = json_object(), *fp = NULL;
    long index = -1;

    if (o == NULL)
        goto fail;
    for (size_t i = 0; r != NULL && i < scan->nselected; i++)
        if (scan->selected[i] == r) {
            index = (long)i;
            break;
        }
    if (json_object_set_new(o, "ruleId", jstr(r != NULL ? r->id : "")) != 0)
        goto fail;
    if (index >= 0 && json_object_set_new(o, "ruleIndex", json_integer(index)) != 0)
        goto fail;
    if (json_object_set_new(o, "level",
                            json_string(sev_level(r != NULL ? r->severity : OTL_SEV_INFO))) != 0 ||
        json_object_set_new(
            o, "message", jtext(fi->message != NULL ? fi->message : (r != NULL ? r->title : ""))) !=
            0 ||
        json_object_set_new(o, "locations", jlocations(f->path, fi->line)) != 0)
        goto fail;
    if (fi->line == 0 && mark_device_level(o) != 0)
        goto fail;
    fp = json_object();
    if (json_object_set_new(o, "partialFingerprints", fp) != 0 ||
        json_object_set_new(fp, FINGERPRINT_KEY, jstr(fi->fingerprint)) != 0)
        goto fail;
    if (fi->state == OTL_STATE_WAIVED) {
        json_t *sups = json_array();
        if (json_object_set_new(o, "suppressions", sups) != 0 ||
            json_array_append_new(sups, jsuppression(f, fi)) != 0)
            goto fail;
    }
    return o;
fail:
    json_decref(o);
    return NULL;
}

/* The invocation's notifications: every error and warning diagnostic,
 * gathered file by file. */
static int add_notes(json_t *notes, const struct otl_file *f)
{
    for (size_t j = 0; j < f->ndiags; j++) {
        const struct otl_diag *d = &f->diags[j];
        json_t *n;
        if (d->level != OTL_DIAG_ERROR && d->level != OTL_DIAG_WARNING)
            continue;
        n = json_object();
        if (json_array_append_new(notes, n) != 0 ||
            json_object_set_new(n, "level", json_string(otl_diag_level_name(d->level))) != 0 ||
            json_object_set_new(n, "message", jtext(d->msg)) != 0 ||
            json_object_set_new(n, "locations", jlocations(f->path, d->line)) != 0)
            return -1;
    }
    return 0;
}

/* A file read only in part (status partial, exit 3) is a notification of
 * its own, whatever its diagnostics say: its findings cover only what was
 * read, and absent settings prove nothing.  It makes the run not
 * successful, as its exit status does. */
static int add_partial_note(json_t *notes, const struct otl_file *f)
{
    char msg[160];
    json_t *n = json_object(), *props;

    if (f->coverage >= 0)
        snprintf(msg, sizeof msg,
                 "parsed only in part (status partial, parse coverage %.1f%%): "
                 "the findings cover only what was read",
                 f->coverage * 100.0);
    else
        snprintf(msg, sizeof msg,
                 "parsed only in part (status partial): the findings cover only what was read");
    if (json_array_append_new(notes, n) != 0 ||
        json_object_set_new(n, "level", json_string("error")) != 0 ||
        json_object_set_new(n, "message", jtext(msg)) != 0 ||
        json_object_set_new(n, "locations", jlocations(f->path, 0)) != 0)
        return -1;
    props = json_object(); /* set_new owns it from here, success or not */
    if (json_object_set_new(n, "properties", props) != 0 ||
        json_object_set_new(props, "otlint/status", json_string("partial")) != 0)
        return -1;
    return 0;
}

/* An ignored entry: a notification at level note naming the rule
 * (docs/file-accounting.md); it does not make the run unsuccessful. */
static int add_ignored_note(json_t *notes, const struct otl_file *f)
{
    char rule[512], msg[640];
    json_t *n = json_object(), *props = json_object();
    int bad;

    otl_file_ignore_text(f, rule, sizeof rule);
    snprintf(msg, sizeof msg, "ignored by the %s: not read", rule);
    if (n == NULL || props == NULL) {
        json_decref(n);
        json_decref(props);
        return -1;
    }
    if (json_array_append_new(notes, n) != 0) { /* n is gone with it */
        json_decref(props);
        return -1;
    }
    bad = json_object_set_new(n, "level", json_string("note")) != 0 ||
          json_object_set_new(n, "message", jtext(msg)) != 0 ||
          json_object_set_new(n, "locations", jlocations(f->path, 0)) != 0 ||
          json_object_set_new(props, "otlint/status", json_string("ignored")) != 0 ||
          json_object_set_new(props, "otlint/ignore-rule",
                              json_string(otl_ignore_src_name((enum otl_ignore_src)f->ignore_src))) != 0;
    if (json_object_set_new(n, "properties", props) != 0 || bad)
        return -1;
    return 0;
}

/* run.properties: the file accounting of the summary. */
static int add_accounting(json_t *props, const struct otl_scan *scan)
{
    struct otl_counts c;
    json_t *by = json_object();

    otl_scan_count(scan, &c);
    for (int i = OTL_IGNORE_BUILTIN; by != NULL && i < OTL_IGNORE_SRC_COUNT; i++)
        if (json_object_set_new(by, otl_ignore_src_name((enum otl_ignore_src)i),
                                json_integer((json_int_t)c.ignored_by[i])) != 0) {
            json_decref(by);
            by = NULL;
        }
    if (json_object_set_new(props, "otlint/ignored", by) != 0 ||
        json_object_set_new(props, "otlint/files", json_integer((json_int_t)c.files)) != 0 ||
        json_object_set_new(props, "otlint/files-not-evaluated", json_integer((json_int_t)c.files_failed)) != 0 ||
        json_object_set_new(props, "otlint/files-unrecognised",
                            json_integer((json_int_t)c.files_unrecognised)) != 0 ||
        json_object_set_new(props, "otlint/files-no-security-settings",
                            json_integer((json_int_t)c.files_nosecurity)) != 0 ||
        json_object_set_new(props, "otlint/files-ignored", json_integer((json_int_t)c.files_ignored)) != 0)
        return -1;
    return 0;
}

/* Takes `notes` (owned, freed on failure too). */
static json_t *jinvocation(int ok, json_t *notes)
{
    json_t *inv = json_object();

    if (inv == NULL || notes == NULL)
        goto fail;
    if (json_object_set_new(inv, "executionSuccessful", json_boolean(ok)) != 0)
        goto fail;
    {
        json_t *a = notes;
        notes = NULL; /* set_new owns it now, success or not */
        if (json_object_set_new(inv, "toolExecutionNotifications", a) != 0)
            goto fail;
    }
    return inv;
fail:
    json_decref(notes);
    json_decref(inv);
    return NULL;
}

/* run.taxonomies, and the driver's supportedTaxonomies naming them. */
static int add_taxonomies(json_t *run, json_t *driver, const struct otl_scan *scan,
                          const struct taxonomies *t)
{
    json_t *taxs, *sup;

    if (t->n == 0)
        return 0;
    sup = json_array();
    if (json_object_set_new(driver, "supportedTaxonomies", sup) != 0)
        return -1;
    taxs = json_array();
    if (json_object_set_new(run, "taxonomies", taxs) != 0)
        return -1;
    for (size_t k = 0; k < t->n; k++)
        if (json_array_append_new(sup, jcomponent_ref(t, k)) != 0 ||
            json_array_append_new(taxs, jtaxonomy(scan->catalog, &t->v[k])) != 0)
            return -1;
    return 0;
}

/* Results go to a spill file as they come; the invocation before them
 * needs every file's diagnostics (kept: they are few). */
struct sstate {
    struct otl_spilled b; /* the spill holds the results */
    json_t *notes;
    int ok;
};

static int sarif_begin(void **st, FILE *out, const struct otl_scan *scan, int color, int quiet)
{
    struct sstate *s;

    (void)color;
    (void)quiet;
    s = otl_spilled_new(sizeof *s, out, scan);
    if (s == NULL)
        return -1;
    s->ok = 1;
    if ((s->notes = json_array()) == NULL) {
        otl_spill_close(&s->b.spill);
        free(s);
        errno = ENOMEM;
        return -1;
    }
    *st = s;
    return 0;
}

static int sarif_file(void *st, const struct otl_file *f)
{
    struct sstate *s = st;

    if (otl_file_failed(f) || f->status == OTL_FILE_PARTIAL || f->status == OTL_FILE_NOSECURITY)
        s->ok = 0;
    if (otl_file_ignored(f) && add_ignored_note(s->notes, f) != 0) {
        errno = ENOMEM;
        return -1;
    }
    if ((f->status == OTL_FILE_PARTIAL && add_partial_note(s->notes, f) != 0) ||
        add_notes(s->notes, f) != 0) {
        errno = ENOMEM;
        return -1;
    }
    for (size_t j = 0; j < f->nfindings; j++) {
        json_t *r = jresult(s->b.scan, f, &f->findings[j]);
        int rc;
        if (r == NULL) {
            errno = ENOMEM;
            return -1;
        }
        rc = otl_spill_json(&s->b.spill, r, 0);
        json_decref(r);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static void sarif_discard(void *st)
{
    struct sstate *s = st;

    otl_spill_close(&s->b.spill);
    json_decref(s->notes);
    free(s);
}

static int sarif_end(void *st)
{
    struct sstate *s = st;
    const struct otl_scan *scan = s->b.scan;
    json_t *root = json_object(), *run = NULL, *tool, *driver, *rules, *results, *invs, *notes;
    struct taxonomies tax;
    int err = ENOMEM; /* what a failure until the dump means */
    int rc = -1;

    if (taxonomies_build(&tax, scan) != 0)
        goto done;

    /* Each new container is attached before it is filled: root owns it
     * from then on, and the single cleanup below frees everything. */
    if (root == NULL || json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA)) != 0 ||
        json_object_set_new(root, "version", json_string("2.1.0")) != 0)
        goto done;
    {
        json_t *runs = json_array();
        run = json_object();
        if (json_object_set_new(root, "runs", runs) != 0) {
            json_decref(run); /* not attached yet: nobody else will */
            goto done;
        }
        if (json_array_append_new(runs, run) != 0)
            goto done;
    }
    tool = json_object();
    driver = json_object();
    if (json_object_set_new(run, "tool", tool) != 0) {
        json_decref(driver); /* likewise */
        goto done;
    }
    if (json_object_set_new(tool, "driver", driver) != 0 ||
        json_object_set_new(driver, "name", json_string(PACKAGE_NAME)) != 0 ||
        json_object_set_new(driver, "version", json_string(PACKAGE_VERSION)) != 0 ||
        json_object_set_new(driver, "semanticVersion", json_string(PACKAGE_VERSION)) != 0)
        goto done;
    rules = json_array();
    if (json_object_set_new(driver, "rules", rules) != 0)
        goto done;
    for (size_t i = 0; i < scan->nselected; i++)
        if (json_array_append_new(rules, jrule(scan->selected[i], &tax)) != 0)
            goto done;
    if (add_taxonomies(run, driver, scan, &tax) != 0)
        goto done;

    invs = json_array();
    notes = s->notes;
    s->notes = NULL; /* jinvocation owns them now, success or not */
    if (json_object_set_new(run, "invocations", invs) != 0) {
        json_decref(notes); /* jinvocation never saw them */
        goto done;
    }
    if (json_array_append_new(invs, jinvocation(s->ok, notes)) != 0)
        goto done;

    /* Empty here: the spill fills it in. */
    results = json_array();
    if (json_object_set_new(run, "results", results) != 0)
        goto done;
    {
        json_t *props = json_object();
        if (json_object_set_new(run, "properties", props) != 0 ||
            (scan->profile != NULL &&
             json_object_set_new(props, "otlint/profile", jstr(scan->profile)) != 0) ||
            add_accounting(props, scan) != 0)
            goto done;
    }

    if (otl_json_dump_spliced(s->b.out, root, results, &s->b.spill, 0) != 0) {
        err = errno;
        goto done;
    }
    rc = 0;
done:
    taxonomies_free(&tax);
    json_decref(root);
    sarif_discard(s);
    if (rc != 0)
        errno = err;
    return rc;
}

const struct otl_writer otl_writer_sarif = {sarif_begin, sarif_file, sarif_end, sarif_discard};

int otl_write_sarif(FILE *out, const struct otl_scan *scan)
{
    return otl_write_whole(&otl_writer_sarif, out, scan, 0, 0);
}
