/*
 * fwmodel.c - the firewall model's derived facts (docs/facts.md "Derived
 * facts of the firewall model"), part of the addresses checker.
 *
 * One pass files every fw-address, fw-service, fw-zone, interface and
 * policy name (of fw-rule and fw-default) in a hash table keyed by kind,
 * context and name; a second pass resolves each object once (groups
 * depth-first, a group met again while it is being resolved is a cycle:
 * its name is reported unresolved, nothing loops) and then each rule, NAT,
 * binding and management-access fact by table look-ups.  Cost: linear in
 * the number of facts (a resolved set holds at most SET_MAX items; more are
 * cut off and marked with a trailing "...").
 *
 * Scope: a name used by a fact of context X is looked up in X, then among
 * facts without a context, then in context "shared".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ckutil.h"
#include "fwmodel.h"

#define SET_MAX 32   /* items kept in a resolved set */
#define DEPTH_MAX 64 /* group nesting resolved; deeper is unresolved */
#define CHUNK 65536  /* arena chunk */

enum { K_ADDR, K_SVC, K_ZONE, K_IFACE, K_POLICY, K_UNTRUSTED, K_UNTR_POLICY };

struct set {
    unsigned any : 1, trunc : 1;
    uint64_t bits; /* industrial and management protocols (fwports.c) */
    size_t n;
    const char *v[SET_MAX];
};

struct sb { /* a space-separated list being built */
    char *p;
    size_t n, cap;
};

struct obj { /* a fw-address or fw-service */
    xmlNodePtr node;
    const char *ctx;
    int kind, state; /* state: 0 new, 1 being resolved, 2 done */
    struct set set;
    struct sb unres;
};

struct slot {
    uint32_t h;
    int kind;
    const char *ctx, *name;
    void *val; /* struct obj * (K_ADDR, K_SVC), else the fact's node */
};

struct chunk {
    struct chunk *next;
    size_t used;
    char data[CHUNK];
};

struct fw {
    struct slot *tab;
    size_t cap;
    struct obj *objs;
    size_t nobjs;
    struct chunk *arena;
    int has_zones, oom;
};

static unsigned long work; /* probes and set insertions of the last run */

unsigned long fw_work(void)
{
    return work;
}

/* ------------------------------------------------------------ helpers */

static const char *ctx_of(const xmlNode *n)
{
    const char *c = ck_get(n, "context");
    return c ? c : "";
}

static int is_true(const char *v)
{
    return v != NULL && strcmp(v, "true") == 0;
}

static void sb_add(struct fw *f, struct sb *b, const char *s, size_t len)
{
    size_t need = b->n + len + 2;

    if (need > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        char *p;
        while (cap < need)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL) {
            f->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (b->n)
        b->p[b->n++] = ' ';
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

static void sb_adds(struct fw *f, struct sb *b, const char *s)
{
    sb_add(f, b, s, strlen(s));
}

/* A copy of s (len bytes) in the arena, freed with the run. */
static const char *arena_str(struct fw *f, const char *s, size_t len)
{
    struct chunk *c = f->arena;
    char *p;

    if (len >= CHUNK / 2)
        return NULL; /* a protocol name that long is no protocol: not kept */
    if (c == NULL || c->used + len + 1 > CHUNK) {
        if ((c = malloc(sizeof *c)) == NULL) {
            f->oom = 1;
            return NULL;
        }
        c->next = f->arena;
        c->used = 0;
        f->arena = c;
    }
    p = c->data + c->used;
    memcpy(p, s, len);
    p[len] = '\0';
    c->used += len + 1;
    return p;
}

/* ------------------------------------------------------------ table */

static uint32_t hash(int kind, const char *ctx, const char *name)
{
    uint32_t h = 2166136261u ^ (uint32_t)kind;
    const unsigned char *p;

    for (p = (const unsigned char *)ctx; *p; p++)
        h = (h ^ *p) * 16777619u;
    h = (h ^ 0xff) * 16777619u;
    for (p = (const unsigned char *)name; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* The slot of (kind, ctx, name), or the empty slot where it belongs. */
static struct slot *probe(struct fw *f, int kind, const char *ctx, const char *name)
{
    uint32_t h = hash(kind, ctx, name);
    size_t i = h & (f->cap - 1);

    for (;; i = (i + 1) & (f->cap - 1)) {
        struct slot *s = &f->tab[i];
        work++;
        if (s->name == NULL || (s->h == h && s->kind == kind && strcmp(s->ctx, ctx) == 0 &&
                                strcmp(s->name, name) == 0))
            return s;
    }
}

/* Files a name; the first definition of a name in a context wins. */
static void put(struct fw *f, int kind, const char *ctx, const char *name, void *val)
{
    struct slot *s;

    if (name == NULL || *name == '\0')
        return;
    s = probe(f, kind, ctx, name);
    if (s->name != NULL)
        return;
    s->h = hash(kind, ctx, name);
    s->kind = kind;
    s->ctx = ctx;
    s->name = name;
    s->val = val;
}

/* The definition a fact of context ctx sees (see the header), or NULL. */
static void *find(struct fw *f, int kind, const char *ctx, const char *name)
{
    struct slot *s;

    if (name == NULL)
        return NULL;
    if (*ctx && (s = probe(f, kind, ctx, name))->name != NULL)
        return s->val;
    if ((s = probe(f, kind, "", name))->name != NULL)
        return s->val;
    if (strcmp(ctx, "shared") != 0 && (s = probe(f, kind, "shared", name))->name != NULL)
        return s->val;
    return NULL;
}

/* ------------------------------------------------------------ sets */

static void set_add(struct set *s, const char *v)
{
    size_t i;

    if (v == NULL)
        return;
    work++;
    for (i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0)
            return;
    if (s->n == SET_MAX) {
        s->trunc = 1;
        return;
    }
    s->v[s->n++] = v;
}

static void set_merge(struct set *d, const struct set *s)
{
    size_t i;

    d->any |= s->any;
    d->trunc |= s->trunc;
    d->bits |= s->bits;
    for (i = 0; i < s->n; i++)
        set_add(d, s->v[i]);
}

/* "any", or the items, with "..." when some were cut off. */
static void set_render(struct fw *f, const struct set *s, struct sb *out)
{
    size_t i;

    out->n = 0;
    if (s->any) {
        sb_adds(f, out, "any");
        return;
    }
    for (i = 0; i < s->n; i++)
        sb_adds(f, out, s->v[i]);
    if (s->trunc)
        sb_adds(f, out, "...");
    if (out->p == NULL)
        sb_add(f, out, "", 0);
}

static void addr_leaf(struct set *s, const char *v)
{
    if (v == NULL)
        return;
    if (fw_addr_any(v) == 1)
        s->any = 1;
    set_add(s, v);
}

/* Protocol name of the model for a protocol text: "" for every protocol. */
static const char *proto_norm(const char *p)
{
    if (p == NULL || *p == '\0' || strcmp(p, "ip") == 0 || strcmp(p, "any") == 0 ||
        strcmp(p, "0") == 0)
        return "";
    if (strcmp(p, "6") == 0)
        return "tcp";
    if (strcmp(p, "17") == 0)
        return "udp";
    return p;
}

static int proto_has_ports(const char *p)
{
    return strcmp(p, "tcp") == 0 || strcmp(p, "udp") == 0 || strcmp(p, "tcp-udp") == 0 ||
           strcmp(p, "sctp") == 0;
}

/* One port token "N" or "A-B" of protocol p into s. */
static void svc_port(struct fw *f, struct set *s, const char *p, const char *tok, size_t len)
{
    char buf[64], *end;
    unsigned long lo, hi;

    if (len + strlen(p) + 2 > sizeof buf)
        return;
    memcpy(buf, tok, len);
    buf[len] = '\0';
    lo = strtoul(buf, &end, 10);
    hi = lo;
    if (end != buf && *end == '-')
        hi = strtoul(end + 1, &end, 10);
    if (end != buf && *end == '\0' && lo <= hi && hi <= 65535)
        s->bits |= fw_ports_bits((unsigned)lo, (unsigned)hi);
    if (strcmp(p, "tcp-udp") == 0) {
        snprintf(buf, sizeof buf, "tcp/%.*s", (int)len, tok);
        set_add(s, arena_str(f, buf, strlen(buf)));
        snprintf(buf, sizeof buf, "udp/%.*s", (int)len, tok);
    } else
        snprintf(buf, sizeof buf, "%s/%.*s", p, (int)len, tok);
    set_add(s, arena_str(f, buf, strlen(buf)));
}

/* A protocol with its ports (space-separated; none: every port) into s. */
static void svc_leaf(struct fw *f, struct set *s, const char *proto, const char *ports)
{
    const char *p = proto_norm(proto), *t = ports ? ports : "";
    int any_port = 1;

    if (*p == '\0' && strspn(t, " ") == strlen(t)) {
        s->any = 1;
        s->bits = fw_ports_all();
        return;
    }
    if (*p == '\0')
        p = "tcp-udp";
    while (*t) {
        size_t len;
        t += strspn(t, " ");
        len = strcspn(t, " ");
        if (len) {
            any_port = 0;
            svc_port(f, s, p, t, len);
        }
        t += len;
    }
    if (any_port) {
        if (proto_has_ports(p))
            s->bits |= fw_ports_all();
        set_add(s, arena_str(f, p, strlen(p)));
    }
}

/* A service literal written as a group member, "tcp/502", "udp/161-162",
 * "icmp", "ip": 1 when it is one (and is added to s), else 0. */
static int svc_literal(struct fw *f, struct set *s, const char *name)
{
    static const char *const protos[] = {"tcp", "udp", "tcp-udp", "sctp", "icmp", "icmp6",
                                         "ip", "any", "esp", "ah", "gre", NULL};
    const char *sl = strchr(name, '/'), *p;
    size_t plen = sl ? (size_t)(sl - name) : strlen(name), k;
    char proto[16], ports[64];

    for (k = 0; protos[k] != NULL; k++)
        if (strlen(protos[k]) == plen && strncmp(name, protos[k], plen) == 0)
            break;
    if (protos[k] == NULL || plen >= sizeof proto)
        return 0;
    if (sl != NULL) {
        if (strlen(sl + 1) >= sizeof ports || sl[1] == '\0')
            return 0;
        for (p = sl + 1; *p; p++)
            if ((*p < '0' || *p > '9') && *p != '-' && *p != ' ')
                return 0;
        snprintf(ports, sizeof ports, "%s", sl + 1);
    }
    memcpy(proto, name, plen);
    proto[plen] = '\0';
    svc_leaf(f, s, proto, sl ? ports : NULL);
    return 1;
}

/* ------------------------------------------------------------ objects */

static int is_group(const xmlNode *n)
{
    const char *k = ck_get(n, "kind");
    const xmlNode *c;

    if (k != NULL && strcmp(k, "group") == 0)
        return 1;
    for (c = n->children; c != NULL; c = c->next)
        if (ck_is(c, "member"))
            return 1;
    return 0;
}

static void obj_leaf(struct fw *f, struct obj *o)
{
    const xmlNode *n = o->node;
    const char *k = ck_get(n, "kind");

    if (o->kind == K_ADDR) {
        if (k != NULL && strcmp(k, "any") == 0)
            o->set.any = 1;
        addr_leaf(&o->set, ck_get(n, "value"));
    } else if (ck_get(n, "protocol") != NULL || ck_get(n, "ports") != NULL ||
               (k == NULL || strcmp(k, "application") != 0))
        svc_leaf(f, &o->set, ck_get(n, "protocol"), ck_get(n, "ports"));
}

static void resolve(struct fw *f, struct obj *o, int depth);

/* A group's member: merged, or its name reported unresolved. */
static void member(struct fw *f, struct obj *o, const char *name, int depth)
{
    struct obj *m = find(f, o->kind, o->ctx, name);

    if (m == NULL) {
        if (o->kind == K_ADDR && name != NULL && fw_addr_any(name) >= 0)
            addr_leaf(&o->set, name);
        else if (o->kind == K_SVC && name != NULL && svc_literal(f, &o->set, name))
            ;
        else if (name != NULL)
            sb_adds(f, &o->unres, name);
        return;
    }
    if (m->state == 1 || depth >= DEPTH_MAX) { /* a cycle, or nested too deep */
        sb_adds(f, &o->unres, name);
        return;
    }
    resolve(f, m, depth + 1);
    set_merge(&o->set, &m->set);
}

static void resolve(struct fw *f, struct obj *o, int depth)
{
    xmlNodePtr c;

    if (o->state != 0)
        return;
    o->state = 1;
    if (is_group(o->node)) {
        for (c = o->node->children; c != NULL; c = c->next)
            if (ck_is(c, "member"))
                member(f, o, ck_get(c, "name"), depth);
    } else
        obj_leaf(f, o);
    o->state = 2;
}

/* ------------------------------------------------------------ zones */

/* Is zone or interface `name` (seen from ctx) untrusted?  *known: it is a
 * zone or an interface of the file. */
static int untrusted(struct fw *f, const char *ctx, const char *name, int *known)
{
    const xmlNode *z = find(f, K_ZONE, ctx, name), *i = NULL;
    const char *t;

    if (z == NULL && (i = find(f, K_IFACE, ctx, name)) != NULL) {
        const char *zn = ck_get(i, "zone");
        if (zn != NULL)
            z = find(f, K_ZONE, ctx_of(i), zn);
    }
    if (known)
        *known = z != NULL || i != NULL;
    return z != NULL && (t = ck_get(z, "trust")) != NULL && strcmp(t, "untrusted") == 0;
}

/* ------------------------------------------------------------ writing */

static int derive_bool(xmlNodePtr n, const char *name, int v)
{
    return ck_derive(n, name, v ? "true" : "false");
}

static int derive_sb(xmlNodePtr n, const char *name, const struct sb *b)
{
    return b->n ? ck_derive(n, name, b->p) : 0;
}

static int derive_set(struct fw *f, xmlNodePtr n, const char *name, const struct set *s)
{
    struct sb b = {NULL, 0, 0};
    int r;

    set_render(f, s, &b);
    r = f->oom ? -1 : ck_derive(n, name, b.p);
    free(b.p);
    return r;
}

/* derived/@industrial and @management of a protocol bit set. */
static int derive_protos(xmlNodePtr n, uint64_t bits)
{
    char buf[512];

    fw_ports_names(bits, 0, buf, sizeof buf);
    if (*buf && ck_derive(n, "industrial", buf) != 0)
        return -1;
    fw_ports_names(bits, 1, buf, sizeof buf);
    if (*buf && ck_derive(n, "management", buf) != 0)
        return -1;
    return 0;
}

static int write_obj(struct fw *f, struct obj *o)
{
    if (derive_set(f, o->node, o->kind == K_ADDR ? "addresses" : "services", &o->set) != 0 ||
        derive_bool(o->node, "any", o->set.any) != 0 || derive_sb(o->node, "unresolved", &o->unres))
        return -1;
    return 0;
}

/* ------------------------------------------------------------ rules */

/* One source/destination endpoint into s; undefined names into un. */
static void ep_addr(struct fw *f, const char *ctx, const xmlNode *e, struct set *s, struct sb *un)
{
    const char *v;
    struct obj *o;

    if (is_true(ck_get(e, "any"))) {
        s->any = 1;
        return;
    }
    if ((v = ck_get(e, "address")) != NULL) {
        addr_leaf(s, v);
        return;
    }
    if ((v = ck_get(e, "name")) == NULL)
        return;
    if ((o = find(f, K_ADDR, ctx, v)) != NULL) {
        resolve(f, o, 0);
        set_merge(s, &o->set);
    } else if (fw_addr_any(v) >= 0)
        addr_leaf(s, v);
    else
        sb_adds(f, un, v);
}

/* One service endpoint into s; undefined names into un.  PAN-OS's
 * "application-default" (the applications' own ports) names no object. */
static void ep_svc(struct fw *f, const char *ctx, const xmlNode *e, struct set *s, struct sb *un)
{
    const char *v;
    struct obj *o;

    if (is_true(ck_get(e, "any"))) {
        s->any = 1;
        s->bits = fw_ports_all();
        return;
    }
    if ((v = ck_get(e, "name")) == NULL) {
        svc_leaf(f, s, ck_get(e, "protocol"), ck_get(e, "ports"));
        return;
    }
    if (strcmp(v, "application-default") == 0)
        return;
    if ((o = find(f, K_SVC, ctx, v)) != NULL) {
        resolve(f, o, 0);
        set_merge(s, &o->set);
    } else
        sb_adds(f, un, v);
}

struct side {
    struct set set;
    size_t n; /* endpoints */
};

/* A zone endpoint (from, to): untrusted, or undefined when the file has zones. */
static int ep_zone(struct fw *f, const char *ctx, const xmlNode *e, struct sb *un)
{
    const char *v = ck_get(e, "name");
    int known = 0, u;

    if (v == NULL || is_true(ck_get(e, "any")))
        return 0;
    u = untrusted(f, ctx, v, &known);
    if (!known && f->has_zones)
        sb_adds(f, un, v);
    return u;
}

static int rule(struct fw *f, xmlNodePtr n)
{
    struct side src, dst, svc;
    struct sb un = {NULL, 0, 0};
    const char *ctx = ctx_of(n);
    size_t napp = 0;
    int app_any = 0, untr = 0, has_from = 0, sany, dany, svany, r;
    uint64_t bits;
    xmlNodePtr c;

    memset(&src, 0, sizeof src);
    memset(&dst, 0, sizeof dst);
    memset(&svc, 0, sizeof svc);
    for (c = n->children; c != NULL; c = c->next) {
        if (ck_is(c, "source"))
            src.n++, ep_addr(f, ctx, c, &src.set, &un);
        else if (ck_is(c, "destination"))
            dst.n++, ep_addr(f, ctx, c, &dst.set, &un);
        else if (ck_is(c, "service"))
            svc.n++, ep_svc(f, ctx, c, &svc.set, &un);
        else if (ck_is(c, "application"))
            napp++, app_any |= is_true(ck_get(c, "any"));
        else if (ck_is(c, "from"))
            has_from = 1, untr |= ep_zone(f, ctx, c, &un);
        else if (ck_is(c, "to"))
            ep_zone(f, ctx, c, &un);
    }
    if (!has_from && !untr) { /* an ACL: untrusted when bound inbound on an untrusted interface */
        const char *pol = ck_get(n, "policy");
        untr = pol != NULL && find(f, K_UNTR_POLICY, ctx, pol) != NULL;
    }
    sany = (src.n == 0 || src.set.any) && !is_true(ck_get(n, "source-negate"));
    dany = (dst.n == 0 || dst.set.any) && !is_true(ck_get(n, "destination-negate"));
    svany = (svc.n == 0 || svc.set.any) && (napp == 0 || app_any);
    bits = svany ? fw_ports_all() : svc.set.any ? 0 : svc.set.bits;
    if (svany)
        svc.set.any = 1;
    if (dst.n == 0)
        dst.set.any = 1;
    r = derive_bool(n, "source-any", sany) | derive_bool(n, "destination-any", dany) |
        derive_bool(n, "service-any", svany) | derive_set(f, n, "addresses", &dst.set) |
        derive_set(f, n, "services", &svc.set) | derive_protos(n, bits) |
        derive_bool(n, "untrusted", untr) | derive_sb(n, "unresolved", &un);
    free(un.p);
    return r || f->oom ? -1 : 0;
}

static int nat(struct fw *f, xmlNodePtr n)
{
    struct set s;
    struct sb un = {NULL, 0, 0};
    const char *ctx = ctx_of(n), *name = ck_get(n, "service"), *from = ck_get(n, "from");
    int r;

    memset(&s, 0, sizeof s);
    if (name != NULL) {
        struct obj *o = find(f, K_SVC, ctx, name);
        if (o != NULL) {
            resolve(f, o, 0);
            set_merge(&s, &o->set);
        } else
            sb_adds(f, &un, name);
    } else {
        const char *p = ck_get(n, "protocol"), *op = ck_get(n, "original-port"),
                   *tp = ck_get(n, "translated-port");
        if ((op == NULL || *op == '\0') && (tp == NULL || *tp == '\0'))
            svc_leaf(f, &s, p, NULL);
        else {
            if (op != NULL && *op)
                svc_leaf(f, &s, p, op);
            if (tp != NULL && *tp)
                svc_leaf(f, &s, p, tp);
        }
    }
    r = derive_set(f, n, "services", &s) | derive_protos(n, s.any ? fw_ports_all() : s.bits) |
        derive_bool(n, "untrusted", from != NULL && untrusted(f, ctx, from, NULL)) |
        derive_sb(n, "unresolved", &un);
    free(un.p);
    return r || f->oom ? -1 : 0;
}

static int binding(struct fw *f, xmlNodePtr n)
{
    const char *p = ck_get(n, "policy");

    if (p != NULL && find(f, K_POLICY, ctx_of(n), p) == NULL)
        return ck_derive(n, "unresolved", p);
    return 0;
}

/* The management protocols of a mgmt-access, space-separated: all but
 * ping/ICMP and the infrastructure services a zone or interface may have to
 * answer without being managed through them (DHCP, DNS, NTP, IKE, probes). */
static void mgmt_protocols(struct fw *f, const char *p, struct sb *out)
{
    static const char *const ping[] = {"ping", "ping6", "icmp", "icmp6", "traceroute",
                                       "dhcp", "dhcpv6", "bootp", "dns", "ntp", "ike", "ipsec",
                                       "probe-response", "speed-test", "ident-reset", "lsping",
                                       "rpm", "bfd", NULL};

    while (p != NULL && *p) {
        size_t len, k;
        int skip = 0;
        p += strspn(p, " ");
        len = strcspn(p, " ");
        for (k = 0; ping[k] != NULL; k++)
            if (strlen(ping[k]) == len && strncmp(p, ping[k], len) == 0)
                skip = 1;
        if (len && !skip)
            sb_add(f, out, p, len);
        p += len;
    }
}

static int source_any(const char *s)
{
    if (s == NULL)
        return 1;
    while (*s) {
        char buf[128];
        size_t len;
        s += strspn(s, " ");
        len = strcspn(s, " ");
        if (len && len < sizeof buf) {
            memcpy(buf, s, len);
            buf[len] = '\0';
            if (fw_addr_any(buf) == 1)
                return 1;
        }
        s += len;
    }
    return 0;
}

static int mgmt(struct fw *f, xmlNodePtr n)
{
    struct sb un = {NULL, 0, 0}, pr = {NULL, 0, 0};
    const char *ctx = ctx_of(n), *z = ck_get(n, "zone"), *i = ck_get(n, "interface");
    int known = 1, k2 = 1, untr = 0, r;

    if (z != NULL && *z)
        untr |= untrusted(f, ctx, z, &known);
    if (i != NULL && *i)
        untr |= untrusted(f, ctx, i, &k2);
    if ((z == NULL || *z == '\0') && (i == NULL || *i == '\0')) /* every interface */
        untr = find(f, K_UNTRUSTED, ctx, "*") != NULL;
    if (f->has_zones && !known)
        sb_adds(f, &un, z);
    if (f->has_zones && !k2)
        sb_adds(f, &un, i);
    mgmt_protocols(f, ck_get(n, "protocols"), &pr);
    r = derive_bool(n, "untrusted", untr) | derive_bool(n, "source-any", source_any(ck_get(n, "source"))) |
        derive_sb(n, "management", &pr) | derive_sb(n, "unresolved", &un);
    free(un.p);
    free(pr.p);
    return r || f->oom ? -1 : 0;
}

/* ------------------------------------------------------------ passes */

static int file_facts(struct fw *f, xmlNodePtr facts)
{
    xmlNodePtr n;
    size_t nnames = 0;

    for (n = facts->children; n != NULL; n = n->next)
        if (ck_is(n, "fw-address") || ck_is(n, "fw-service"))
            f->nobjs++, nnames++;
        else if (ck_is(n, "fw-zone"))
            nnames += 2; /* its name, and the mark of an untrusted zone */
        else if (ck_is(n, "interface") || ck_is(n, "fw-rule") || ck_is(n, "fw-default") ||
                 ck_is(n, "fw-binding"))
            nnames++;
    /* at most half full: every probe ends at an empty slot */
    for (f->cap = 16; f->cap < 2 * nnames + 16; f->cap *= 2)
        ;
    f->tab = calloc(f->cap, sizeof *f->tab);
    f->objs = calloc(f->nobjs ? f->nobjs : 1, sizeof *f->objs);
    if (f->tab == NULL || f->objs == NULL)
        return -1;
    f->nobjs = 0;
    for (n = facts->children; n != NULL; n = n->next) {
        const char *ctx = ctx_of(n);
        if (ck_is(n, "fw-address") || ck_is(n, "fw-service")) {
            struct obj *o = &f->objs[f->nobjs++];
            o->node = n;
            o->ctx = ctx;
            o->kind = ck_is(n, "fw-address") ? K_ADDR : K_SVC;
            put(f, o->kind, ctx, ck_get(n, "name"), o);
        } else if (ck_is(n, "fw-zone")) {
            const char *t = ck_get(n, "trust");
            f->has_zones = 1;
            put(f, K_ZONE, ctx, ck_get(n, "name"), n);
            if (t != NULL && strcmp(t, "untrusted") == 0)
                put(f, K_UNTRUSTED, ctx, "*", n); /* the context has an untrusted zone */
        } else if (ck_is(n, "interface"))
            put(f, K_IFACE, ctx, ck_get(n, "name"), n);
        else if (ck_is(n, "fw-rule") || ck_is(n, "fw-default"))
            put(f, K_POLICY, ctx, ck_get(n, "policy"), n);
    }
    return 0;
}

static int derive_all(struct fw *f, xmlNodePtr facts)
{
    xmlNodePtr n;
    size_t i;
    int r = 0;

    for (i = 0; i < f->nobjs && r == 0; i++) {
        resolve(f, &f->objs[i], 0);
        r = f->oom ? -1 : write_obj(f, &f->objs[i]);
    }
    for (n = facts->children; n != NULL; n = n->next) { /* policies bound on untrusted interfaces */
        const char *d = ck_get(n, "direction"), *i2 = ck_get(n, "interface"), *p = ck_get(n, "policy");
        if (ck_is(n, "fw-binding") && d != NULL && strcmp(d, "in") == 0 && i2 != NULL &&
            untrusted(f, ctx_of(n), i2, NULL))
            put(f, K_UNTR_POLICY, ctx_of(n), p, n);
    }
    for (n = facts->children; n != NULL && r == 0; n = n->next) {
        if (ck_is(n, "fw-rule"))
            r = rule(f, n);
        else if (ck_is(n, "fw-nat"))
            r = nat(f, n);
        else if (ck_is(n, "fw-binding"))
            r = binding(f, n);
        else if (ck_is(n, "mgmt-access"))
            r = mgmt(f, n);
    }
    return r;
}

int fw_analyse(xmlNodePtr facts)
{
    struct fw f;
    size_t i;
    int r;

    work = 0;
    memset(&f, 0, sizeof f);
    r = file_facts(&f, facts);
    if (r == 0)
        r = derive_all(&f, facts);
    for (i = 0; f.objs != NULL && i < f.nobjs; i++)
        free(f.objs[i].unres.p);
    while (f.arena != NULL) {
        struct chunk *c = f.arena;
        f.arena = c->next;
        free(c);
    }
    free(f.objs);
    free(f.tab);
    return r || f.oom ? -1 : 0;
}
