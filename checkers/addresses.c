/*
 * addresses.c - checker "addresses": IPv4/IPv6 address and prefix parsing,
 * containment and classification.
 *
 * An address text is one of: "any" (also "any4", "any6", "0.0.0.0/0",
 * "::/0"); an address ("10.1.2.3", "fe80::1"; "host 10.1.2.3"); a prefix
 * ("10.0.0.0/8", "2001:db8::/32"); an IPv4 address and mask, as a netmask
 * ("10.0.0.0 255.0.0.0") or a Cisco wildcard ("10.0.0.0 0.255.255.255").
 *
 * XPath (prefix otl, namespace urn:otlint:fn):
 *   otl:cidr-contains(a, b) -> true when every address of b is in a ("any"
 *                              contains everything; false when either does
 *                              not parse, or across IPv4 / IPv6)
 *   otl:addr-class(a)       -> space-separated classes of a, the range
 *                              first: any, loopback, link-local, private
 *                              (RFC 1918, IPv6 ULA fc00::/7), multicast,
 *                              public; then host (one address: /32, /128)
 *                              or broad (a network wider than /16 in IPv4,
 *                              /48 in IPv6); '' when a does not parse
 * analyse() adds address-class to every fact with an address= (with an
 * interface's mask=) and host-class to log-target/@host, when they parse;
 * on a document with firewall-model facts (fw-*, mgmt-access) it resolves
 * them (fwmodel.c).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ckutil.h"
#include "fwmodel.h"

struct net {
    int fam;           /* 0 any, 4, 6 */
    unsigned char a[16];
    unsigned plen;     /* prefix length */
};

static int is_any(const char *s)
{
    return strcmp(s, "any") == 0 || strcmp(s, "any4") == 0 || strcmp(s, "any6") == 0;
}

/* A contiguous IPv4 mask (ones then zeros), or a wildcard (zeros then
 * ones): its prefix length, or -1. */
static int mask_len(const unsigned char m[4])
{
    unsigned long v = ((unsigned long)m[0] << 24) | ((unsigned long)m[1] << 16) |
                      ((unsigned long)m[2] << 8) | m[3];
    unsigned long inv = ~v & 0xffffffffUL;
    int n = 0;

    if (((inv + 1) & inv) == 0) { /* netmask: inverse is 0..01..1 */
        for (; v & 0x80000000UL; v = (v << 1) & 0xffffffffUL)
            n++;
        return n;
    }
    if (((v + 1) & v) == 0) { /* wildcard */
        for (; inv & 0x80000000UL; inv = (inv << 1) & 0xffffffffUL)
            n++;
        return n;
    }
    return -1;
}

static int parse_len(const char *s, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v;

    if (*s < '0' || *s > '9')
        return -1;
    v = strtoul(s, &end, 10);
    if (*end != '\0' || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* Text up to a separator into buf; 0, or -1 when it does not fit. */
static int head(const char *s, size_t n, char *buf, size_t len)
{
    if (n >= len)
        return -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return 0;
}

static int parse_net(const char *s, struct net *nt)
{
    char buf[64];
    const char *sep;
    unsigned char m[4];

    memset(nt, 0, sizeof *nt);
    while (*s == ' ')
        s++;
    if (strncmp(s, "host ", 5) == 0)
        s += 5;
    if (is_any(s))
        return 0;
    sep = strpbrk(s, "/ ");
    if (head(s, sep ? (size_t)(sep - s) : strlen(s), buf, sizeof buf) != 0)
        return -1;
    if (inet_pton(AF_INET, buf, nt->a) == 1) {
        nt->fam = 4;
        nt->plen = 32;
    } else if (inet_pton(AF_INET6, buf, nt->a) == 1) {
        nt->fam = 6;
        nt->plen = 128;
    } else
        return -1;
    if (sep == NULL)
        return 0;
    if (*sep == '/')
        return parse_len(sep + 1, nt->fam == 4 ? 32 : 128, &nt->plen);
    if (nt->fam != 4 || inet_pton(AF_INET, sep + 1, m) != 1)
        return -1;
    {
        int l = mask_len(m);
        if (l < 0)
            return -1;
        nt->plen = (unsigned)l;
    }
    return 0;
}

static int prefix_eq(const unsigned char *a, const unsigned char *b, unsigned plen)
{
    unsigned full = plen / 8, rest = plen % 8;

    if (memcmp(a, b, full) != 0)
        return 0;
    if (rest == 0)
        return 1;
    return ((a[full] ^ b[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}

/* Does a contain b? */
static int contains(const struct net *a, const struct net *b)
{
    if (a->fam == 0 || (a->plen == 0 && (b->fam == 0 || b->fam == a->fam)))
        return 1; /* any, 0.0.0.0/0, ::/0 */
    if (b->fam != a->fam || b->plen < a->plen)
        return 0;
    return prefix_eq(a->a, b->a, a->plen);
}

static const char *range_class(const struct net *n)
{
    const unsigned char *a = n->a;
    static const unsigned char v6lo[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    if (n->fam == 0 || n->plen == 0)
        return "any";
    if (n->fam == 4) {
        if (a[0] == 127)
            return "loopback";
        if (a[0] == 169 && a[1] == 254 && n->plen >= 16)
            return "link-local";
        if ((a[0] == 10 && n->plen >= 8) || (a[0] == 172 && (a[1] & 0xf0) == 16 && n->plen >= 12) ||
            (a[0] == 192 && a[1] == 168 && n->plen >= 16))
            return "private";
        if (a[0] >= 224 && a[0] <= 239 && n->plen >= 4)
            return "multicast";
        return "public";
    }
    if (n->plen == 128 && memcmp(a, v6lo, 16) == 0)
        return "loopback";
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80 && n->plen >= 10)
        return "link-local";
    if ((a[0] & 0xfe) == 0xfc && n->plen >= 7)
        return "private";
    if (a[0] == 0xff && n->plen >= 8)
        return "multicast";
    return "public";
}

/* The classes of n into buf (see the header). */
static void classify(const struct net *n, char *buf, size_t len)
{
    const char *r = range_class(n);
    unsigned max = n->fam == 4 ? 32 : 128, broad = n->fam == 4 ? 16 : 48;

    if (strcmp(r, "any") == 0)
        snprintf(buf, len, "any");
    else if (n->plen == max)
        snprintf(buf, len, "%s host", r);
    else if (n->plen < broad)
        snprintf(buf, len, "%s broad", r);
    else
        snprintf(buf, len, "%s", r);
}

/* A range "A-B" of two addresses of one family: 1 when it spans every
 * address, 0 otherwise; -1 when s is no range. */
static int range_any(const char *s)
{
    char a[64], b[64];
    const char *dash = strchr(s, '-');
    struct net x, y;
    static const unsigned char ones[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

    if (dash == NULL || head(s, (size_t)(dash - s), a, sizeof a) != 0 ||
        head(dash + 1, strlen(dash + 1), b, sizeof b) != 0 || parse_net(a, &x) != 0 ||
        parse_net(b, &y) != 0 || x.fam == 0 || x.fam != y.fam || strpbrk(a, "/ ") != NULL ||
        strpbrk(b, "/ ") != NULL)
        return -1;
    {
        static const unsigned char zero[16];
        size_t len = x.fam == 4 ? 4 : 16;
        return memcmp(x.a, zero, len) == 0 && memcmp(y.a, ones, len) == 0;
    }
}

int fw_addr_any(const char *s)
{
    struct net n;
    const char *sl;
    unsigned char m[4];
    char buf[64];
    int r;

    if (parse_net(s, &n) == 0)
        return n.fam == 0 || n.plen == 0;
    if ((r = range_any(s)) >= 0)
        return r;
    /* a non-contiguous wildcard, 10.0.0.0/0.0.255.0 */
    sl = strchr(s, '/');
    if (sl != NULL && head(s, (size_t)(sl - s), buf, sizeof buf) == 0 &&
        inet_pton(AF_INET, buf, m) == 1 && inet_pton(AF_INET, sl + 1, m) == 1)
        return m[0] == 255 && m[1] == 255 && m[2] == 255 && m[3] == 255;
    return -1;
}

/* otl:cidr-contains(a, b) */
static void fn_cidr_contains(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *v[2] = {NULL, NULL};
    struct net a, b;
    int r;

    if (ck_pop_strings(ctxt, nargs, 2, 2, v) != 0)
        return;
    r = parse_net((const char *)v[0], &a) == 0 && parse_net((const char *)v[1], &b) == 0 &&
        contains(&a, &b);
    xmlFree(v[0]);
    xmlFree(v[1]);
    valuePush(ctxt, xmlXPathNewBoolean(r));
}

/* otl:addr-class(a) */
static void fn_addr_class(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *v[1] = {NULL};
    struct net n;
    char buf[32] = "";

    if (ck_pop_strings(ctxt, nargs, 1, 1, v) != 0)
        return;
    if (parse_net((const char *)v[0], &n) == 0)
        classify(&n, buf, sizeof buf);
    xmlFree(v[0]);
    ck_push_string(ctxt, buf);
}

static int reg(struct _xmlXPathContext *ctx)
{
    if (ck_register(ctx, "cidr-contains", fn_cidr_contains) != 0 ||
        ck_register(ctx, "addr-class", fn_addr_class) != 0)
        return -1;
    return 0;
}

/* n/@from (with n/@mask when given) -> n/@to. */
static int derive(xmlNodePtr n, const char *from, const char *mask, const char *to)
{
    const char *v = ck_get(n, from), *m = mask ? ck_get(n, mask) : NULL;
    char text[128], buf[32];
    struct net nt;

    if (v == NULL || *v == '\0')
        return 0;
    if (m != NULL && *m != '\0' && strpbrk(v, "/ ") == NULL) {
        if ((size_t)snprintf(text, sizeof text, "%s %s", v, m) >= sizeof text)
            return 0;
        v = text;
    }
    if (parse_net(v, &nt) != 0)
        return 0;
    classify(&nt, buf, sizeof buf);
    return ck_derive(n, to, buf);
}

static int analyse(const struct otl_host *host, struct otl_parse_ctx *ctx, struct otl_devdoc *dd)
{
    xmlNodePtr n;
    int r = 0, fw = 0;

    (void)host;
    (void)ctx;
    if (dd == NULL || dd->facts == NULL)
        return 0;
    for (n = dd->facts->children; n != NULL && r == 0; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (ck_is(n, "log-target"))
            r = derive(n, "host", NULL, "host-class");
        else
            r = derive(n, "address", ck_is(n, "interface") ? "mask" : NULL, "address-class");
        if (strncmp((const char *)n->name, "fw-", 3) == 0 || ck_is(n, "mgmt-access"))
            fw = 1;
    }
    return r == 0 && fw ? fw_analyse(dd->facts) : r;
}

__attribute__((visibility("default"))) const struct otl_checker otlint_checker = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_checker), "addresses",
    "IPv4/IPv6 prefixes: containment and classes (otl:cidr-contains, otl:addr-class); the firewall model resolved", reg,
    analyse, 0, {NULL}};
