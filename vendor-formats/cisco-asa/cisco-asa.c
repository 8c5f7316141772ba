/*
 * cisco-asa.c - format plugin for Cisco ASA (8.x-9.x) and the LINA
 * configuration of Firepower Threat Defense (FTD).
 *
 * Input: `show running-config` text (`: Saved` header comments, `ASA
 * Version 9.x(y)` or FTD's `NGFW Version 6.x`), saved by hand, by TFTP or by
 * backup tools, with or without the terminal noise of a capture.
 *
 * Grammar: Cisco ASA Series Command Reference (A-H, I-R, S-Z) and Cisco ASA
 * Series CLI Configuration Guides (general operations, firewall, VPN), 8.x
 * to 9.x (docs/formats/cisco-asa.md names the sections):
 *  - one command per line; sub-mode commands follow their mode command,
 *    indented by one blank per level; `!` and `:` start comments;
 *  - names, objects and object-groups are defined before they are used
 *    (the running configuration is printed in that order), so a reference
 *    is resolved when it is read;
 *  - `show running-config` masks most keys as `*****`.
 */
#include "otlint-plugin.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXW 64
#define MAXSTACK 4
#define MAXZONES 256
#define PAIRZONES 64 /* zone pairs get implicit defaults up to this many zones */
#define SNIFF_BYTES 8192

/* ------------------------------------------------------------------ words */

struct stmt {
    const char *text; /* without indentation, trailing blanks removed */
    size_t len;
    char buf[1024];
    char *w[MAXW];
    size_t n;
    int neg; /* leading `no` */
    size_t k; /* index of the keyword (after `no`) */
    unsigned long line;
    int indent;
};

static void split(struct stmt *st)
{
    size_t i = 0, o = 0, len = st->len < sizeof st->buf - 1 ? st->len : sizeof st->buf - 1;

    st->n = 0;
    memcpy(st->buf, st->text, len);
    st->buf[len] = '\0';
    while (o < len) {
        while (o < len && (st->buf[o] == ' ' || st->buf[o] == '\t'))
            st->buf[o++] = '\0';
        if (o >= len)
            break;
        if (st->n < MAXW)
            st->w[st->n++] = st->buf + o;
        while (o < len && st->buf[o] != ' ' && st->buf[o] != '\t')
            o++;
    }
    (void)i;
    st->neg = st->n > 1 && strcasecmp(st->w[0], "no") == 0;
    st->k = st->neg ? 1 : 0;
}

/* word i counted from the keyword, or "" */
static const char *W(const struct stmt *st, size_t i)
{
    return st->k + i < st->n ? st->w[st->k + i] : "";
}

static int ieq(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

static int all_digits(const char *s)
{
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static long num(const char *s)
{
    if (!all_digits(s) || strlen(s) > 9)
        return -1;
    return strtol(s, NULL, 10);
}

/* dotted IPv4 address? */
static int is_ipv4(const char *s)
{
    int parts = 0, digits = 0;
    long v = 0;
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s - '0');
            if (++digits > 3 || v > 255)
                return 0;
        } else if (*s == '.' || *s == '\0') {
            if (digits == 0)
                return 0;
            parts++;
            digits = 0;
            v = 0;
            if (*s == '\0')
                break;
        } else {
            return 0;
        }
    }
    return parts == 4;
}

static int is_ipv6ish(const char *s)
{
    return strchr(s, ':') != NULL && strspn(s, "0123456789abcdefABCDEF:./") == strlen(s);
}

static int mask_prefix(const char *s)
{
    return otlp_mask_prefix(s, strlen(s));
}

/* ------------------------------------------------------------------ hash map */

enum okind {
    K_NONE = 0,
    K_NAME,      /* names alias: val = address */
    K_NETOBJ,    /* object network: val = literal */
    K_NETGRP,    /* object-group network */
    K_SVCOBJ,    /* object service: val = proto, val2 = ports */
    K_SVCGRP,    /* object-group service without protocol */
    K_PORTGRP,   /* object-group service tcp|udp|tcp-udp */
    K_PROTOGRP,  /* object-group protocol */
    K_ICMPGRP,   /* object-group icmp-type */
    K_ACL,       /* an extended access list: n = rules so far */
    K_ZONE,      /* nameif: n = zone index */
    K_MGMT       /* "proto|if": n = index into mgmt */
};

struct hent {
    char *key;
    int kind;
    long n;
    char *val, *val2;
};

struct hmap {
    struct hent *t;
    size_t cap, n;
};

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static struct hent *hm_get(const struct hmap *m, const char *k)
{
    size_t i;
    if (m->cap == 0)
        return NULL;
    for (i = hash(k) & (m->cap - 1); m->t[i].key != NULL; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->t[i].key, k) == 0)
            return &m->t[i];
    return NULL;
}

static int hm_grow(struct hmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64, i, j;
    struct hent *t = calloc(cap, sizeof *t);
    if (t == NULL)
        return -1;
    for (i = 0; i < m->cap; i++) {
        if (m->t[i].key == NULL)
            continue;
        for (j = hash(m->t[i].key) & (cap - 1); t[j].key != NULL; j = (j + 1) & (cap - 1))
            ;
        t[j] = m->t[i];
    }
    free(m->t);
    m->t = t;
    m->cap = cap;
    return 0;
}

/* the entry of k, made when absent (kind K_NONE); NULL out of memory */
static struct hent *hm_put(struct hmap *m, const char *k)
{
    struct hent *e = hm_get(m, k);
    size_t i;
    if (e != NULL)
        return e;
    if ((m->n + 1) * 2 > m->cap && hm_grow(m) < 0)
        return NULL;
    for (i = hash(k) & (m->cap - 1); m->t[i].key != NULL; i = (i + 1) & (m->cap - 1))
        ;
    m->t[i].key = strdup(k);
    if (m->t[i].key == NULL)
        return NULL;
    m->n++;
    return &m->t[i];
}

static void hm_free(struct hmap *m)
{
    size_t i;
    for (i = 0; i < m->cap; i++) {
        free(m->t[i].key);
        free(m->t[i].val);
        free(m->t[i].val2);
    }
    free(m->t);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------ state */

enum blk {
    B_NONE = 0,
    B_IFACE,
    B_OBJNET,
    B_OBJSVC,
    B_OGNET,
    B_OGSVC,
    B_OGPORT,
    B_OGPROTO,
    B_OGICMP,
    B_IKEPOL,   /* crypto ikev1 policy / crypto isakmp policy / crypto ikev2 policy */
    B_IPSECPROP,
    B_TGIPSEC,  /* tunnel-group NAME ipsec-attributes */
    B_AAAHOST,
    B_USERATTR,
    B_CONTEXT,
    B_CERT,     /* crypto ca certificate chain: hex lines up to `quit` */
    B_OPAQUE    /* a known block whose content is not interpreted */
};

struct zone {
    char name[64];
    int level; /* -1 unknown */
    unsigned long line;
    char acl_in[64];
};

struct mgmt {
    char proto[8];
    char ifname[64];
    char *src; /* space-separated */
    int any;
    unsigned long line;
};

struct chan {
    int seen;          /* a timeout statement */
    long minutes;
    unsigned long line;
    char aaa[160];     /* methods of aaa authentication TYPE console */
    unsigned long aaa_line;
};

enum { CH_CONSOLE, CH_SSH, CH_TELNET, CH_HTTP, CH_SERIAL, CH_ENABLE, CH_N };

struct state {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc;
    int raw_records;
    unsigned long statements, recognised, unrec_lines[8];
    size_t n_unrec;

    /* block being read: level 1 (top-level mode) and nested levels */
    enum blk blk;
    int blk_indent;
    char blk_name[128];
    xmlNodePtr blk_fact;
    unsigned long blk_line;
    xmlNodePtr rawstack[MAXSTACK];
    int rawind[MAXSTACK];
    size_t rawdepth;
    /* interface block */
    char if_name[96], if_nameif[64], if_addr[64], if_desc[128];
    int if_level, if_shut, if_dhcp, if_level_set;
    unsigned long if_level_line;
    /* ike policy being read */
    int ike_version;

    /* system */
    xmlNodePtr system;
    char hostname[128], version[48], model[64], serial[64], os[8];
    int have_version, multi, saved_hdr;
    char context[64]; /* security context of the statements being read */

    struct hmap names;   /* names, objects, groups, ACLs: per context */
    struct hmap alias;   /* `name ADDR NAME` aliases: per context */
    char blk_proto[16];  /* object-group service NAME tcp|udp|tcp-udp */
    struct hmap zmap;    /* nameif -> zone index */
    struct zone zones[MAXZONES];
    size_t nzones;
    char global_acl[64];
    int same_inter, same_intra;
    unsigned long same_inter_line, same_intra_line;

    int captured; /* a capture of several contexts (changeto context) */

    /* from here to seg_end_: one context's management settings (reset per
     * context of a capture, segment_reset()) */
    char seg_begin_[1];
    /* management */
    struct hmap mmap;
    struct mgmt *mg;
    size_t nmg, capmg;
    int http_server;
    unsigned long http_server_line;
    long http_port;
    struct chan ch[CH_N];
    int ssh_version;
    unsigned long ssh_version_line;
    char ssh_kex[64];
    unsigned long ssh_kex_line;
    int passwd_kind; /* 0 none, else secret-kind index */
    int passwd_default;
    unsigned long passwd_line;
    int ikev1_enabled, am_disable;
    unsigned long ikev1_line;

    /* aaa */
    char authn[512], authz[512], acct[512];
    int aaa_seen;
    unsigned long aaa_line;
    struct hmap groups; /* aaa-server group -> protocol */
    /* password policy / lockout */
    long pw_min, pw_classes, pw_life;
    unsigned long pw_line;
    long lock_attempts;
    unsigned long lock_line;
    /* logging */
    int log_seen, log_on, log_buffered, log_ts;
    unsigned long log_line, log_on_line, log_buf_line, log_ts_line, log_trap_line;
    char log_trap[16], log_console[16], log_bufsize[16];
    /* ntp */
    int ntp_seen, ntp_auth;
    unsigned long ntp_auth_line;
    unsigned char trusted[65536 / 8];
    xmlNodePtr ntp_servers[64];
    long ntp_keys[64];
    size_t nntp;
    /* snmp */
    char snmp_poll[256];
    xmlNodePtr communities[16];
    size_t ncomm;
    int snmp_seen;
    unsigned long snmp_line;
    /* banners */
    xmlNodePtr banner[4];
    char seg_end_[1];
    int acl_rules;
};

static void note_unrec(struct state *S, unsigned long line)
{
    if (S->n_unrec < sizeof S->unrec_lines / sizeof *S->unrec_lines)
        S->unrec_lines[S->n_unrec++] = line;
}

static xmlNodePtr fact(struct state *S, const char *name, unsigned long line)
{
    return otlp_doc_fact(&S->doc, name, line);
}

static void set(struct state *S, xmlNodePtr n, const char *a, const char *v)
{
    if (v != NULL && *v != '\0')
        otlp_doc_set(&S->doc, n, a, v);
}

/* the security context of a fact (on the facts whose schema has it) */
static void setctx(struct state *S, xmlNodePtr n)
{
    if (S->context[0] != '\0')
        otlp_doc_set(&S->doc, n, "context", S->context);
}

static xmlNodePtr cfact(struct state *S, const char *name, unsigned long line)
{
    xmlNodePtr n = fact(S, name, line);
    setctx(S, n);
    return n;
}

static void strlcat_(char *dst, size_t cap, const char *src)
{
    size_t l = strlen(dst), m = strlen(src);
    if (l + m + 1 > cap)
        m = l + 1 < cap ? cap - l - 1 : 0;
    memcpy(dst + l, src, m);
    dst[l + m] = '\0';
}

static void scopy(char *dst, size_t cap, const char *src)
{
    size_t l = strlen(src);
    if (l >= cap)
        l = cap - 1;
    memcpy(dst, src, l);
    dst[l] = '\0';
}

static char *dupe(struct state *S, const char *s)
{
    char *d = strdup(s);
    if (d == NULL)
        otlp_doc_nomem(&S->doc);
    return d;
}

static struct hent *def(struct state *S, const char *name, int kind)
{
    struct hent *e = hm_put(&S->names, name);
    if (e == NULL) {
        otlp_doc_nomem(&S->doc);
        return NULL;
    }
    if (e->kind == K_NONE || e->kind == K_NAME)
        e->kind = kind;
    return e;
}

static int kind_of(struct state *S, const char *name)
{
    struct hent *e = hm_get(&S->names, name);
    return e != NULL ? e->kind : K_NONE;
}

/* ------------------------------------------------------------------ ports */

struct named { const char *name; int v; };

/* Cisco ASA Series CLI Configuration Guide, "Addresses, Protocols, and
 * Ports" reference: the port names the CLI accepts and prints. */
static const struct named port_names[] = {
    {"aol", 5190}, {"bgp", 179}, {"biff", 512}, {"bootpc", 68}, {"bootps", 67},
    {"chargen", 19}, {"cifs", 3020}, {"citrix-ica", 1494}, {"cmd", 514}, {"ctiqbe", 2748},
    {"daytime", 13}, {"discard", 9}, {"dnsix", 195}, {"domain", 53}, {"echo", 7},
    {"exec", 512}, {"finger", 79}, {"ftp", 21}, {"ftp-data", 20}, {"gopher", 70},
    {"h323", 1720}, {"hostname", 101}, {"http", 80}, {"https", 443}, {"ident", 113},
    {"imap4", 143}, {"irc", 194}, {"isakmp", 500}, {"kerberos", 750}, {"klogin", 543},
    {"kshell", 544}, {"ldap", 389}, {"ldaps", 636}, {"login", 513}, {"lotusnotes", 1352},
    {"lpd", 515}, {"mobile-ip", 434}, {"nameserver", 42}, {"netbios-dgm", 138},
    {"netbios-ns", 137}, {"netbios-ssn", 139}, {"nfs", 2049}, {"nntp", 119}, {"ntp", 123},
    {"pcanywhere-data", 5631}, {"pcanywhere-status", 5632}, {"pim-auto-rp", 496},
    {"pop2", 109}, {"pop3", 110}, {"pptp", 1723}, {"radius", 1645}, {"radius-acct", 1646},
    {"rip", 520}, {"rsh", 514}, {"rtsp", 554}, {"secureid-udp", 5510}, {"sip", 5060},
    {"smtp", 25}, {"snmp", 161}, {"snmptrap", 162}, {"sqlnet", 1521}, {"ssh", 22},
    {"sunrpc", 111}, {"syslog", 514}, {"tacacs", 49}, {"talk", 517}, {"telnet", 23},
    {"tftp", 69}, {"time", 37}, {"uucp", 540}, {"vxlan", 4789}, {"who", 513},
    {"whois", 43}, {"www", 80}, {"xdmcp", 177}, {NULL, 0}};

static long port_num(const char *s)
{
    size_t i;
    long v = num(s);
    if (v >= 0)
        return v <= 65535 ? v : -1;
    for (i = 0; port_names[i].name != NULL; i++)
        if (ieq(port_names[i].name, s))
            return port_names[i].v;
    return -1;
}

static int is_port_op(const char *s)
{
    return ieq(s, "eq") || ieq(s, "lt") || ieq(s, "gt") || ieq(s, "neq") || ieq(s, "range");
}

/* `eq P`, `lt P`, `gt P`, `neq P`, `range A B` at word i (absolute) into out
 * as numbers; returns words consumed, 0 when none */
static size_t port_spec(const struct stmt *st, size_t i, char *out, size_t cap)
{
    long a, b;
    out[0] = '\0';
    if (i >= st->n || !is_port_op(st->w[i]))
        return 0;
    if (ieq(st->w[i], "range")) {
        if (i + 2 >= st->n)
            return 0;
        a = port_num(st->w[i + 1]);
        b = port_num(st->w[i + 2]);
        if (a >= 0 && b >= 0)
            snprintf(out, cap, "%ld-%ld", a, b);
        else
            snprintf(out, cap, "%s-%s", st->w[i + 1], st->w[i + 2]);
        return 3;
    }
    if (i + 1 >= st->n)
        return 0;
    a = port_num(st->w[i + 1]);
    if (a < 0) {
        snprintf(out, cap, "%s", st->w[i + 1]);
        return 2;
    }
    if (ieq(st->w[i], "eq"))
        snprintf(out, cap, "%ld", a);
    else if (ieq(st->w[i], "lt"))
        snprintf(out, cap, a > 0 ? "0-%ld" : "0", a > 0 ? a - 1 : 0);
    else if (ieq(st->w[i], "gt"))
        snprintf(out, cap, "%ld-65535", a < 65535 ? a + 1 : 65535);
    else if (a == 0)
        snprintf(out, cap, "1-65535");
    else if (a == 65535)
        snprintf(out, cap, "0-65534");
    else
        snprintf(out, cap, "0-%ld %ld-65535", a - 1, a + 1);
    return 2;
}

static const char *proto_name(const char *p)
{
    if (ieq(p, "tcp") || ieq(p, "udp") || ieq(p, "tcp-udp") || ieq(p, "icmp") || ieq(p, "icmp6") ||
        ieq(p, "sctp") || ieq(p, "ip"))
        return p;
    if (ieq(p, "esp"))
        return "50";
    if (ieq(p, "ah"))
        return "51";
    if (ieq(p, "gre"))
        return "47";
    if (ieq(p, "igmp"))
        return "2";
    if (ieq(p, "ospf"))
        return "89";
    if (ieq(p, "eigrp"))
        return "88";
    if (ieq(p, "pim"))
        return "103";
    if (ieq(p, "ipinip"))
        return "4";
    if (ieq(p, "nos"))
        return "94";
    if (ieq(p, "pcp"))
        return "108";
    if (ieq(p, "snp"))
        return "109";
    if (ieq(p, "ipsec"))
        return "50";
    if (ieq(p, "pptp"))
        return "47";
    return all_digits(p) ? p : NULL;
}

/* ------------------------------------------------------------------ addresses */

/* An address at word i (absolute): fills the endpoint element `n` (or, with
 * n NULL, out = the literal).  Returns words consumed (0: not an address). */
static size_t addr_at(struct state *S, const struct stmt *st, size_t i, xmlNodePtr n, char *out,
                      size_t cap)
{
    const char *a;
    struct hent *e;
    char lit[96];
    int pl;

    out[0] = '\0';
    /* identity firewall and TrustSec qualifiers precede the address */
    while (i + 1 < st->n && (ieq(st->w[i], "user") || ieq(st->w[i], "user-group") ||
                             ieq(st->w[i], "object-group-user") ||
                             ieq(st->w[i], "object-group-security"))) {
        size_t c = addr_at(S, st, i + 2, n, out, cap);
        return c > 0 ? c + 2 : 0;
    }
    if (i + 2 < st->n && ieq(st->w[i], "security-group")) {
        size_t c = addr_at(S, st, i + 3, n, out, cap);
        return c > 0 ? c + 3 : 0;
    }
    if (i >= st->n)
        return 0;
    a = st->w[i];
    if (ieq(a, "any") || ieq(a, "any4") || ieq(a, "any6")) {
        otlp_doc_set(&S->doc, n, "any", "true");
        scopy(out, cap, "any");
        return 1;
    }
    if ((ieq(a, "object") || ieq(a, "object-group") || ieq(a, "interface")) && i + 1 < st->n) {
        otlp_doc_set(&S->doc, n, "name", st->w[i + 1]);
        scopy(out, cap, st->w[i + 1]);
        return 2;
    }
    if (ieq(a, "host") && i + 1 < st->n) {
        a = st->w[i + 1];
        if (!is_ipv4(a) && !is_ipv6ish(a)) {
            e = hm_get(&S->alias, a);
            if (e != NULL && e->val != NULL) {
                a = e->val;
            } else {
                otlp_doc_set(&S->doc, n, "name", a);
                scopy(out, cap, a);
                return 2;
            }
        }
        otlp_doc_set(&S->doc, n, "address", a);
        scopy(out, cap, a);
        return 2;
    }
    if (strchr(a, '/') != NULL && is_ipv6ish(a)) {
        otlp_doc_set(&S->doc, n, "address", a);
        scopy(out, cap, a);
        return 1;
    }
    if (i + 1 < st->n && is_ipv4(st->w[i + 1])) {
        const char *base = a;
        if (!is_ipv4(base)) {
            e = hm_get(&S->alias, base);
            if (e == NULL || e->val == NULL)
                return 0;
            base = e->val;
        }
        pl = mask_prefix(st->w[i + 1]);
        if (pl == 32)
            snprintf(lit, sizeof lit, "%s", base);
        else if (pl >= 0)
            snprintf(lit, sizeof lit, "%s/%d", base, pl);
        else
            snprintf(lit, sizeof lit, "%s/%s", base, st->w[i + 1]);
        if (pl == 0 && strcmp(base, "0.0.0.0") == 0) {
            otlp_doc_set(&S->doc, n, "any", "true");
            scopy(out, cap, "any");
            return 2;
        }
        otlp_doc_set(&S->doc, n, "address", lit);
        scopy(out, cap, lit);
        return 2;
    }
    return 0;
}

/* ------------------------------------------------------------------ secrets */

enum skind { SK_NONE = 1, SK_CLEAR, SK_ENCRYPTED, SK_MD5, SK_PBKDF2, SK_UNKNOWN };
static const char *const skind_names[] = {"", "none", "cleartext", "encrypted", "md5", "pbkdf2",
                                          "unknown"};

/* A key value as `show running-config` prints it: `*****` (masked: the
 * stored form is not in the export), `8 VALUE` (AES with the master
 * passphrase, `password encryption aes`), `0 VALUE` or plain VALUE. */
static int key_kind(const char *v, const char *next)
{
    if (*v == '\0')
        return SK_NONE;
    if (strspn(v, "*") == strlen(v))
        return SK_UNKNOWN;
    if (strcmp(v, "8") == 0 && next != NULL && *next != '\0')
        return SK_ENCRYPTED;
    return SK_CLEAR;
}

/* Well-known stored hashes of ASA's MD5-based `encrypted` form: the factory
 * `passwd` ("cisco": 2KFQnbNIdI.2KYOU) and the empty password
 * (8Ry2YjIyt7RRXU24), printed by every ASA without its own passwords. */
static int known_hash(const char *v)
{
    return strcmp(v, "2KFQnbNIdI.2KYOU") == 0 || strcmp(v, "8Ry2YjIyt7RRXU24") == 0;
}

/* Byte ranges of st->text to redact, found by grammar (positions of words). */
struct redact {
    size_t n;
    size_t from[8], to[8];
};

static void red_word(const struct stmt *st, struct redact *r, size_t i)
{
    size_t off;
    if (i >= st->n || r->n >= 8)
        return;
    off = (size_t)(st->w[i] - st->buf);
    r->from[r->n] = off;
    r->to[r->n] = off + strlen(st->w[i]);
    r->n++;
}

/* everything from word i to the end */
static void red_rest(const struct stmt *st, struct redact *r, size_t i)
{
    if (i >= st->n || r->n >= 8)
        return;
    r->from[r->n] = (size_t)(st->w[i] - st->buf);
    r->to[r->n] = st->len;
    r->n++;
}

/* The value word of a key (skipping the `0`/`8` type digit). */
static size_t key_word(const struct stmt *st, size_t i)
{
    if (i + 1 < st->n && (strcmp(st->w[i], "0") == 0 || strcmp(st->w[i], "8") == 0))
        return i + 1;
    return i;
}

static size_t find_word(const struct stmt *st, size_t from, const char *w)
{
    size_t i;
    for (i = from; i < st->n; i++)
        if (ieq(st->w[i], w))
            return i;
    return st->n;
}

/* The secrets of a statement by ASA grammar.  `sub`: in a sub-mode. */
static void find_secrets(const struct stmt *st, enum blk b, struct redact *r)
{
    size_t k = st->k, i;
    const char *a = W(st, 0), *b1 = W(st, 1);

    r->n = 0;
    if (st->n == 0)
        return;
    if (b == B_NONE || st->indent == 0) {
        if ((ieq(a, "enable") && ieq(b1, "password")) || ieq(a, "passwd") || ieq(a, "password"))
            red_word(st, r, k + (ieq(a, "enable") ? 2 : 1));
        else if (ieq(a, "username") && (i = find_word(st, k + 2, "password")) < st->n)
            red_word(st, r, i + 1);
        else if (ieq(a, "snmp-server") && ieq(b1, "community"))
            red_word(st, r, key_word(st, k + 2));
        else if (ieq(a, "snmp-server") && ieq(b1, "host") &&
                 (i = find_word(st, k + 2, "community")) < st->n)
            red_word(st, r, key_word(st, i + 1));
        else if (ieq(a, "snmp-server") && ieq(b1, "user")) {
            if ((i = find_word(st, k + 2, "auth")) + 2 < st->n)
                red_word(st, r, i + 2);
            if ((i = find_word(st, k + 2, "priv")) < st->n) {
                i += 2; /* priv ALG [KEYLEN] VALUE */
                if (i < st->n && all_digits(st->w[i]) && i + 1 < st->n)
                    i++;
                red_word(st, r, i);
            }
            if ((i = find_word(st, k + 2, "localizedkey")) < st->n)
                red_rest(st, r, i + 1);
        } else if (ieq(a, "ntp") && ieq(b1, "authentication-key"))
            red_word(st, r, key_word(st, k + 4));
        else if (ieq(a, "aaa-server") && (i = find_word(st, k + 2, "host")) + 2 < st->n &&
                 !ieq(st->w[i + 2], "timeout"))
            red_rest(st, r, i + 2); /* legacy `aaa-server G (if) host A KEY [timeout N]` */
        else if (ieq(a, "aaa-server") && (i = find_word(st, k + 2, "key")) < st->n)
            red_word(st, r, key_word(st, i + 1));
        else if ((ieq(a, "isakmp") || (ieq(a, "crypto") && ieq(b1, "isakmp"))) &&
                 (i = find_word(st, k + 1, "key")) < st->n)
            red_word(st, r, key_word(st, i + 1));
        else if (ieq(a, "failover") && ieq(b1, "key"))
            red_word(st, r, key_word(st, k + 2));
        else if (ieq(a, "failover") && (i = find_word(st, k + 1, "pre-shared-key")) < st->n)
            red_word(st, r, key_word(st, i + 1));
        else if (ieq(a, "vpdn") && (i = find_word(st, k + 1, "password")) < st->n)
            red_word(st, r, key_word(st, i + 1));
        else if (ieq(a, "wccp") && (i = find_word(st, k + 1, "password")) < st->n)
            red_word(st, r, key_word(st, i + 1));
        else if (ieq(a, "key") && ieq(b1, "config-key"))
            red_rest(st, r, k + 2);
        if (b == B_NONE || st->indent == 0)
            return;
    }
    /* sub-mode statements */
    if ((i = find_word(st, k, "pre-shared-key")) < st->n)
        red_word(st, r, key_word(st, i + 1));
    else if (ieq(a, "key") || ieq(a, "ldap-login-password") || ieq(a, "radius-common-pw") ||
             ieq(a, "password") || ieq(a, "authentication-key"))
        red_word(st, r, key_word(st, k + 1));
    else if ((i = find_word(st, k, "message-digest-key")) + 2 < st->n)
        red_word(st, r, key_word(st, i + 3));
    else if ((i = find_word(st, k, "authentication-key")) < st->n)
        red_word(st, r, key_word(st, i + 1));
    else if (ieq(a, "neighbor") && (i = find_word(st, k, "password")) < st->n)
        red_word(st, r, key_word(st, i + 1));
    else if (ieq(a, "authentication") && ieq(b1, "key"))
        red_word(st, r, k + 4);
    else if ((i = find_word(st, k, "password")) < st->n)
        red_word(st, r, key_word(st, i + 1));
}

/* a host written as a `names` alias: its address */
static const char *host_of(struct state *S, const char *h)
{
    struct hent *e = hm_get(&S->alias, h);
    return e != NULL && e->val != NULL ? e->val : h;
}

/* ------------------------------------------------------------------ forward */

static void flush_block(struct state *S);
static void finish_segment(struct state *S, int full);

/* ------------------------------------------------------------------ facts: objects */

static xmlNodePtr member(struct state *S, xmlNodePtr g, const char *name, unsigned long line)
{
    xmlNodePtr m = otlp_doc_node(&S->doc, g, "member", line);
    otlp_doc_set(&S->doc, m, "name", name);
    return m;
}

static void objnet_sub(struct state *S, const struct stmt *st);
static void nat_stmt(struct state *S, const struct stmt *st, const char *objname);

static void open_object(struct state *S, const struct stmt *st)
{
    const char *kind = W(st, 1), *name = W(st, 2);
    struct hent *e;

    if (*name == '\0' || st->neg) {
        S->blk = B_OPAQUE;
        return;
    }

    if (ieq(kind, "network")) {
        S->blk = B_OBJNET;
        if (kind_of(S, name) == K_NETOBJ) {
            /* the second `object network X` block carrying its NAT rule */
            S->blk_fact = NULL;
            return;
        }
        if ((e = def(S, name, K_NETOBJ)) == NULL)
            return;
        S->blk_fact = cfact(S, "fw-address", st->line);
        set(S, S->blk_fact, "name", name);
        set(S, S->blk_fact, "kind", "other");
    } else if (ieq(kind, "service")) {
        S->blk = B_OBJSVC;
        if ((e = def(S, name, K_SVCOBJ)) == NULL)
            return;
        S->blk_fact = cfact(S, "fw-service", st->line);
        set(S, S->blk_fact, "name", name);
        set(S, S->blk_fact, "kind", "service");
    } else {
        S->blk = B_OPAQUE; /* object user / object-group security: not modelled */
    }
}

/* host / subnet / range / fqdn of an `object network` */
static void objnet_sub(struct state *S, const struct stmt *st)
{
    char lit[160];
    const char *a = W(st, 0);
    struct hent *e = hm_get(&S->names, S->blk_name);
    int pl;

    if (ieq(a, "nat")) {
        nat_stmt(S, st, S->blk_name);
        return;
    }
    if (S->blk_fact == NULL)
        return;
    lit[0] = '\0';
    if (ieq(a, "host") && st->n > 1) {
        scopy(lit, sizeof lit, W(st, 1));
        set(S, S->blk_fact, "kind", "host");
    } else if (ieq(a, "subnet") && st->n > 1) {
        if (strchr(W(st, 1), '/') != NULL)
            scopy(lit, sizeof lit, W(st, 1));
        else if ((pl = mask_prefix(W(st, 2))) >= 0)
            snprintf(lit, sizeof lit, "%s/%d", W(st, 1), pl);
        else
            snprintf(lit, sizeof lit, "%s/%s", W(st, 1), W(st, 2));
        set(S, S->blk_fact, "kind", "subnet");
    } else if (ieq(a, "range") && st->n > 2) {
        snprintf(lit, sizeof lit, "%s-%s", W(st, 1), W(st, 2));
        set(S, S->blk_fact, "kind", "range");
    } else if (ieq(a, "fqdn") && st->n > 1) {
        scopy(lit, sizeof lit, (ieq(W(st, 1), "v4") || ieq(W(st, 1), "v6")) ? W(st, 2) : W(st, 1));
        set(S, S->blk_fact, "kind", "fqdn");
    }
    if (lit[0] != '\0') {
        if (strcmp(lit, "0.0.0.0/0") == 0 || strcmp(lit, "::/0") == 0)
            set(S, S->blk_fact, "kind", "any");
        set(S, S->blk_fact, "value", lit);
        if (e != NULL) {
            free(e->val);
            e->val = dupe(S, lit);
        }
    }
}

/* `service PROTO [source OP P] [destination OP P]` / `service icmp TYPE` */
static void service_literal(struct state *S, xmlNodePtr n, const struct stmt *st, size_t i,
                            char *proto_out, char *ports_out)
{
    char ports[64], sports[64];
    const char *p;
    size_t c;

    if (i >= st->n)
        return;
    p = proto_name(st->w[i]);
    set(S, n, "protocol", p != NULL ? p : st->w[i]);
    if (proto_out != NULL)
        scopy(proto_out, 16, p != NULL ? p : st->w[i]);
    if (p != NULL && (ieq(p, "icmp") || ieq(p, "icmp6"))) {
        if (i + 1 < st->n)
            set(S, n, "icmp-type", st->w[i + 1]);
        return;
    }
    for (i++; i < st->n;) {
        if (ieq(st->w[i], "source") && (c = port_spec(st, i + 1, sports, sizeof sports)) > 0) {
            set(S, n, "source-ports", sports);
            i += c + 1;
        } else if (ieq(st->w[i], "destination") &&
                   (c = port_spec(st, i + 1, ports, sizeof ports)) > 0) {
            set(S, n, "ports", ports);
            if (ports_out != NULL)
                scopy(ports_out, 64, ports);
            i += c + 1;
        } else if ((c = port_spec(st, i, ports, sizeof ports)) > 0) {
            set(S, n, "ports", ports); /* port-object style */
            if (ports_out != NULL)
                scopy(ports_out, 64, ports);
            i += c;
        } else {
            i++;
        }
    }
}

static void objsvc_sub(struct state *S, const struct stmt *st)
{
    char proto[16] = "", ports[64] = "";
    struct hent *e;
    if (!ieq(W(st, 0), "service") || S->blk_fact == NULL)
        return;
    service_literal(S, S->blk_fact, st, st->k + 1, proto, ports);
    e = hm_get(&S->names, S->blk_name);
    if (e != NULL) {
        free(e->val);
        free(e->val2);
        e->val = dupe(S, proto);
        e->val2 = dupe(S, ports);
    }
}

static void open_group(struct state *S, const struct stmt *st)
{
    const char *kind = W(st, 1), *name = W(st, 2), *proto = W(st, 3);
    const char *fk = "fw-address";
    int k;

    if (ieq(kind, "network")) {
        S->blk = B_OGNET;
        k = K_NETGRP;
    } else if (ieq(kind, "service") && *proto != '\0') {
        S->blk = B_OGPORT;
        k = K_PORTGRP;
        fk = "fw-service";
    } else if (ieq(kind, "service")) {
        S->blk = B_OGSVC;
        k = K_SVCGRP;
        fk = "fw-service";
    } else if (ieq(kind, "protocol")) {
        S->blk = B_OGPROTO;
        k = K_PROTOGRP;
        fk = "fw-service";
    } else if (ieq(kind, "icmp-type")) {
        S->blk = B_OGICMP;
        k = K_ICMPGRP;
        fk = "fw-service";
    } else {
        S->blk = B_OPAQUE; /* user, security groups: not modelled */
        return;
    }
    if (*name == '\0' || st->neg) {
        S->blk = B_OPAQUE;
        return;
    }
    if (def(S, name, k) == NULL)
        return;
    S->blk_fact = cfact(S, fk, st->line);
    set(S, S->blk_fact, "name", name);
    set(S, S->blk_fact, "kind", "group");
    if (S->blk == B_OGPORT) {
        set(S, S->blk_fact, "protocol", proto);
        scopy(S->blk_proto, sizeof S->blk_proto, proto);
    }
    if (S->blk == B_OGICMP)
        set(S, S->blk_fact, "protocol", "icmp");
}

static void ognet_sub(struct state *S, const struct stmt *st)
{
    char lit[96];
    xmlNodePtr m;
    const char *a = W(st, 0);

    if (ieq(a, "group-object") && st->n > 1) {
        member(S, S->blk_fact, W(st, 1), st->line);
    } else if (ieq(a, "network-object")) {
        if (ieq(W(st, 1), "object")) {
            member(S, S->blk_fact, W(st, 2), st->line);
            return;
        }
        m = otlp_doc_node(&S->doc, S->blk_fact, "member", st->line);
        if (addr_at(S, st, st->k + 1, NULL, lit, sizeof lit) == 0)
            scopy(lit, sizeof lit, W(st, 1)); /* a name that is not defined */
        otlp_doc_set(&S->doc, m, "name", lit);
        if (strcmp(lit, "any") == 0 || is_ipv4(lit) || strchr(lit, '/') != NULL ||
            is_ipv6ish(lit))
            otlp_doc_set(&S->doc, m, "address", lit);
    }
}

static void ogsvc_sub(struct state *S, const struct stmt *st)
{
    char proto[16] = "", ports[64] = "", nm[96];
    const char *a = W(st, 0);
    xmlNodePtr m;
    size_t c;

    if (ieq(a, "group-object") && st->n > 1) {
        member(S, S->blk_fact, W(st, 1), st->line);
        return;
    }
    if (ieq(a, "service-object") && ieq(W(st, 1), "object")) {
        member(S, S->blk_fact, W(st, 2), st->line);
        return;
    }
    m = otlp_doc_node(&S->doc, S->blk_fact, "member", st->line);
    if (ieq(a, "service-object")) {
        service_literal(S, m, st, st->k + 1, proto, ports);
    } else if (ieq(a, "port-object")) {
        if ((c = port_spec(st, st->k + 1, ports, sizeof ports)) > 0)
            set(S, m, "ports", ports);
        scopy(proto, sizeof proto, S->blk_proto);
        set(S, m, "protocol", proto);
    } else if (ieq(a, "protocol-object") && st->n > 1) {
        const char *p = proto_name(W(st, 1));
        scopy(proto, sizeof proto, p != NULL ? p : W(st, 1));
        set(S, m, "protocol", proto);
    } else if (ieq(a, "icmp-object") && st->n > 1) {
        set(S, m, "protocol", "icmp");
        set(S, m, "icmp-type", W(st, 1));
        snprintf(nm, sizeof nm, "icmp/%s", W(st, 1));
        otlp_doc_set(&S->doc, m, "name", nm);
        return;
    }
    snprintf(nm, sizeof nm, "%s%s%s", proto, ports[0] ? "/" : "", ports);
    otlp_doc_set(&S->doc, m, "name", nm[0] ? nm : "?");
}

/* ------------------------------------------------------------------ facts: access lists */

/* the service of an extended ACE: PROTO is a protocol, `object SVC` or
 * `object-group G`; returns the index after it */
static size_t ace_proto(struct state *S, const struct stmt *st, size_t i, char *proto, int *objsvc,
                        const char **svcname)
{
    *objsvc = 0;
    *svcname = NULL;
    proto[0] = '\0';
    if (i >= st->n)
        return i;
    if ((ieq(st->w[i], "object") || ieq(st->w[i], "object-group")) && i + 1 < st->n) {
        int k = kind_of(S, st->w[i + 1]);
        *svcname = st->w[i + 1];
        if (k == K_PROTOGRP) {
            scopy(proto, 16, "group");
        } else {
            *objsvc = 1;
        }
        return i + 2;
    }
    scopy(proto, 16, proto_name(st->w[i]) != NULL ? proto_name(st->w[i]) : st->w[i]);
    return i + 1;
}

/* a port group reference or an operator at i: ports (or the group name) */
static size_t ace_ports(struct state *S, const struct stmt *st, size_t i, char *ports, size_t cap,
                        const char **grp)
{
    size_t c;
    *grp = NULL;
    if (i + 1 < st->n && ieq(st->w[i], "object-group") && kind_of(S, st->w[i + 1]) == K_PORTGRP) {
        *grp = st->w[i + 1];
        return 2;
    }
    c = port_spec(st, i, ports, cap);
    return c;
}

static int acl_extended(struct state *S, const struct stmt *st, const char *acl, size_t i)
{
    xmlNodePtr r, src, dst, svc;
    char proto[16], sports[64] = "", dports[64] = "", lit[96];
    const char *svcname, *sgrp = NULL, *dgrp = NULL, *action = W(st, 0);
    int objsvc, log = 0, inactive = 0;
    size_t c;
    struct hent *e = def(S, acl, K_ACL);

    if (e == NULL)
        return 1;
    if (i + 3 >= st->n)
        return 0; /* ACTION PROTO SRC DST at least: a truncated entry */
    action = st->w[i++];
    if (ieq(action, "trust")) /* FTD: permit without further inspection */
        action = "permit";
    if (!ieq(action, "permit") && !ieq(action, "deny"))
        return 0;
    r = cfact(S, "fw-rule", st->line);
    set(S, r, "policy", acl);
    set(S, r, "kind", "acl");
    otlp_doc_setu(&S->doc, r, "seq", (unsigned long)++e->n);
    set(S, r, "action", ieq(action, "permit") ? "permit" : "deny");
    S->acl_rules++;

    i = ace_proto(S, st, i, proto, &objsvc, &svcname);
    src = otlp_doc_node(&S->doc, r, "source", st->line);
    c = addr_at(S, st, i, src, lit, sizeof lit);
    if (c == 0 && i < st->n) {
        otlp_doc_set(&S->doc, src, "name", st->w[i]);
        c = 1;
    }
    i += c;
    if (!objsvc && (ieq(proto, "tcp") || ieq(proto, "udp") || ieq(proto, "tcp-udp") ||
                    ieq(proto, "sctp") || ieq(proto, "group")))
        i += ace_ports(S, st, i, sports, sizeof sports, &sgrp);
    dst = otlp_doc_node(&S->doc, r, "destination", st->line);
    c = addr_at(S, st, i, dst, lit, sizeof lit);
    if (c == 0 && i < st->n && !ieq(st->w[i], "log")) {
        otlp_doc_set(&S->doc, dst, "name", st->w[i]);
        c = 1;
    }
    i += c;
    if (!objsvc && (ieq(proto, "tcp") || ieq(proto, "udp") || ieq(proto, "tcp-udp") ||
                    ieq(proto, "sctp") || ieq(proto, "group")))
        i += ace_ports(S, st, i, dports, sizeof dports, &dgrp);
    svc = otlp_doc_node(&S->doc, r, "service", st->line);
    if (svcname != NULL) {
        /* a service object or group, or a protocol group with ports */
        otlp_doc_set(&S->doc, svc, "name", svcname);
        set(S, svc, "ports", dports);
        set(S, svc, "source-ports", sports);
    } else if (dgrp != NULL) {
        otlp_doc_set(&S->doc, svc, "name", dgrp);
    } else if (ieq(proto, "ip") && sports[0] == '\0') {
        otlp_doc_set(&S->doc, svc, "any", "true");
    } else {
        set(S, svc, "protocol", proto);
        set(S, svc, "ports", dports);
        set(S, svc, "source-ports", sports);
        if (sgrp != NULL) /* a source port group: the group is what is named */
            otlp_doc_set(&S->doc, svc, "name", sgrp);
    }
    for (; i < st->n; i++) {
        if (ieq(st->w[i], "log")) {
            log = !(i + 1 < st->n && ieq(st->w[i + 1], "disable"));
        } else if (ieq(st->w[i], "event-log") && i + 1 < st->n) {
            log = !ieq(st->w[i + 1], "none"); /* FTD: flow-start, flow-end, both */
            i++;
        } else if (ieq(st->w[i], "rule-id") && i + 1 < st->n) {
            set(S, r, "id", st->w[i + 1]);
            i++;
        } else if (ieq(st->w[i], "inactive")) {
            inactive = 1;
        } else if (ieq(st->w[i], "time-range") && i + 1 < st->n) {
            set(S, r, "schedule", st->w[i + 1]);
            i++;
        }
    }
    set(S, r, "log", log ? "true" : "false");
    set(S, r, "enabled", inactive ? "false" : "true");
    return 1;
}

static int access_list(struct state *S, const struct stmt *st)
{
    const char *acl = W(st, 1);
    size_t i = st->k + 2;

    if (st->n < 3 || st->neg)
        return 1;
    if (ieq(st->w[i], "line") && i + 1 < st->n)
        i += 2;
    if (i >= st->n)
        return 0;
    if (ieq(st->w[i], "remark"))
        return 1;
    if (ieq(st->w[i], "extended") || ieq(st->w[i], "advanced")) {
        /* `advanced`: FTD's LINA form of an extended entry */
        return acl_extended(S, st, acl, i + 1);
    }
    if (ieq(st->w[i], "standard") || ieq(st->w[i], "webtype") || ieq(st->w[i], "ethertype") ||
        ieq(st->w[i], "rate-limit"))
        return 1; /* not an interface policy: docs/formats/cisco-asa.md */
    if (ieq(st->w[i], "permit") || ieq(st->w[i], "deny")) {
        /* PIX/ASA 7.x form without `extended` */
        return acl_extended(S, st, acl, i);
    }
    return 0;
}

static void access_group(struct state *S, const struct stmt *st)
{
    xmlNodePtr b;
    const char *acl = W(st, 1), *dir = W(st, 2);
    struct hent *z;

    if (st->neg || st->n < 3)
        return;
    b = cfact(S, "fw-binding", st->line);
    set(S, b, "policy", acl);
    if (ieq(dir, "global")) {
        set(S, b, "direction", "global");
        scopy(S->global_acl, sizeof S->global_acl, acl);
        return;
    }
    if (ieq(W(st, 3), "interface")) {
        set(S, b, "interface", W(st, 4));
        set(S, b, "direction",
            ieq(W(st, 5), "control-plane") ? "control-plane" : ieq(dir, "out") ? "out" : "in");
        z = hm_get(&S->zmap, W(st, 4));
        if (z != NULL && ieq(dir, "in") && !ieq(W(st, 5), "control-plane"))
            scopy(S->zones[z->n].acl_in, sizeof S->zones[z->n].acl_in, acl);
    } else {
        set(S, b, "direction", ieq(dir, "out") ? "out" : "in");
    }
}

/* ------------------------------------------------------------------ facts: NAT */

/* the literal of an object, or the name itself */
static const char *obj_lit(struct state *S, const char *name)
{
    struct hent *e = hm_get(&S->names, name);
    if (ieq(name, "any") || ieq(name, "any4") || ieq(name, "any6"))
        return "any";
    if (e != NULL && e->kind == K_NETOBJ && e->val != NULL && *e->val)
        return e->val;
    return host_of(S, name);
}

static void svc_ports(struct state *S, xmlNodePtr n, const char *attr, const char *svc, int proto)
{
    struct hent *e = hm_get(&S->names, svc);
    if (e == NULL || e->kind != K_SVCOBJ)
        return;
    if (proto)
        set(S, n, "protocol", e->val);
    set(S, n, attr, e->val2);
}

/* `nat (REAL,MAPPED) ...` inside an object (objname) or twice NAT at top level */
static void nat_stmt(struct state *S, const struct stmt *st, const char *objname)
{
    char real_if[64] = "", mapped_if[64] = "";
    const char *w1 = W(st, 1);
    size_t i = st->k + 1;
    xmlNodePtr n;
    int inactive = 0, unidir = 0;

    if (st->neg)
        return;
    if (w1[0] == '(') {
        const char *c = strchr(w1, ',');
        size_t l;
        if (c != NULL) {
            l = (size_t)(c - w1 - 1);
            snprintf(real_if, sizeof real_if, "%.*s", (int)(l < 63 ? l : 63), w1 + 1);
            snprintf(mapped_if, sizeof mapped_if, "%s", c + 1);
            l = strlen(mapped_if);
            if (l > 0 && mapped_if[l - 1] == ')')
                mapped_if[l - 1] = '\0';
        }
        i++;
    }
    for (size_t j = i; j < st->n; j++) {
        if (ieq(st->w[j], "inactive"))
            inactive = 1;
        if (ieq(st->w[j], "unidirectional"))
            unidir = 1;
    }
    if (i < st->n && (ieq(st->w[i], "after-auto") || all_digits(st->w[i]))) {
        i++;
        if (i < st->n && all_digits(st->w[i]))
            i++;
    }
    if (i >= st->n)
        return;
    n = cfact(S, "fw-nat", st->line);
    set(S, n, "enabled", inactive ? "false" : "true");
    if (objname != NULL) {
        /* object NAT: static MAPPED [service PROTO REAL MAPPED] | dynamic ... */
        int stat = ieq(st->w[i], "static");
        set(S, n, "kind", stat ? "static" : "dynamic");
        set(S, n, "name", objname);
        if (stat) {
            /* reachable from the mapped side: from = mapped interface */
            set(S, n, "from", mapped_if);
            set(S, n, "to", real_if);
            if (i + 1 < st->n)
                set(S, n, "original-destination",
                    ieq(st->w[i + 1], "interface") ? "interface" : obj_lit(S, st->w[i + 1]));
            set(S, n, "translated-destination", obj_lit(S, objname));
            for (size_t j = i + 2; j + 3 < st->n + 0 && j < st->n; j++) {
                if (ieq(st->w[j], "service") && j + 3 < st->n) {
                    long rp = port_num(st->w[j + 2]), mp = port_num(st->w[j + 3]);
                    set(S, n, "protocol", st->w[j + 1]);
                    if (mp >= 0)
                        otlp_doc_setu(&S->doc, n, "original-port", (unsigned long)mp);
                    if (rp >= 0)
                        otlp_doc_setu(&S->doc, n, "translated-port", (unsigned long)rp);
                    break;
                }
            }
            set(S, n, "inbound", "true");
        } else {
            set(S, n, "from", real_if);
            set(S, n, "to", mapped_if);
            set(S, n, "original-source", obj_lit(S, objname));
            if (i + 1 < st->n)
                set(S, n, "translated-source",
                    ieq(st->w[i + 1], "interface") ? "interface" : obj_lit(S, st->w[i + 1]));
            set(S, n, "inbound", "false");
        }
        return;
    }
    /* twice NAT: source static|dynamic REAL MAPPED [destination static MAPPED_D REAL_D]
     * [service REAL_SVC MAPPED_SVC] */
    set(S, n, "kind", "twice");
    {
        size_t s = find_word(st, i, "source"), d = find_word(st, i, "destination"),
               v = find_word(st, i, "service");
        int sstat = s + 1 < st->n && ieq(st->w[s + 1], "static");
        if (s + 3 < st->n) {
            set(S, n, "original-source", obj_lit(S, st->w[s + 2]));
            set(S, n, "translated-source",
                ieq(st->w[s + 3], "interface") ? "interface" : obj_lit(S, st->w[s + 3]));
        }
        if (d + 3 < st->n) {
            set(S, n, "original-destination",
                ieq(st->w[d + 2], "interface") ? "interface" : obj_lit(S, st->w[d + 2]));
            set(S, n, "translated-destination", obj_lit(S, st->w[d + 3]));
            /* clients on the real side reach the mapped destination */
            set(S, n, "from", real_if);
            set(S, n, "to", mapped_if);
            set(S, n, "inbound", "true");
        } else if (sstat && !unidir) {
            /* static source NAT is bidirectional: the real source is
             * reachable at its mapped address from the mapped side */
            set(S, n, "from", mapped_if);
            set(S, n, "to", real_if);
            set(S, n, "original-destination", ieq(W(st, 0), "") ? "" :
                (s + 3 < st->n ? obj_lit(S, st->w[s + 3]) : ""));
            set(S, n, "translated-destination", s + 2 < st->n ? obj_lit(S, st->w[s + 2]) : "");
            set(S, n, "inbound", "true");
        } else {
            set(S, n, "from", real_if);
            set(S, n, "to", mapped_if);
            set(S, n, "inbound", "false");
        }
        if (v + 2 < st->n) {
            set(S, n, "service", st->w[v + 1]);
            svc_ports(S, n, "translated-port", st->w[v + 1], 1);
            svc_ports(S, n, "original-port", st->w[v + 2], 0);
        }
    }
}

/* ASA 8.2 and earlier: `static (REAL,MAPPED) [tcp|udp] MAPPED [MPORT] REAL [RPORT]
 * [netmask M]` */
static void static_stmt(struct state *S, const struct stmt *st)
{
    char real_if[64] = "", mapped_if[64] = "";
    const char *w1 = W(st, 1), *c = strchr(w1, ',');
    size_t i = st->k + 2;
    xmlNodePtr n;
    int ports = 0;

    if (st->neg || w1[0] != '(' || c == NULL)
        return;
    snprintf(real_if, sizeof real_if, "%.*s", (int)((size_t)(c - w1 - 1) < 63 ? c - w1 - 1 : 63),
             w1 + 1);
    snprintf(mapped_if, sizeof mapped_if, "%s", c + 1);
    if (strlen(mapped_if) > 0 && mapped_if[strlen(mapped_if) - 1] == ')')
        mapped_if[strlen(mapped_if) - 1] = '\0';
    n = cfact(S, "fw-nat", st->line);
    set(S, n, "kind", "static");
    set(S, n, "from", mapped_if);
    set(S, n, "to", real_if);
    set(S, n, "enabled", "true");
    if (i < st->n && (ieq(st->w[i], "tcp") || ieq(st->w[i], "udp"))) {
        set(S, n, "protocol", st->w[i]);
        ports = 1;
        i++;
    }
    if (i < st->n)
        set(S, n, "original-destination", ieq(st->w[i], "interface") ? "interface" :
                                                                          obj_lit(S, st->w[i]));
    if (ports && i + 1 < st->n && port_num(st->w[i + 1]) >= 0)
        otlp_doc_setu(&S->doc, n, "original-port", (unsigned long)port_num(st->w[i + 1]));
    i += ports ? 2 : 1;
    if (i < st->n && !ieq(st->w[i], "netmask"))
        set(S, n, "translated-destination", obj_lit(S, st->w[i]));
    if (ports && i + 1 < st->n && port_num(st->w[i + 1]) >= 0)
        otlp_doc_setu(&S->doc, n, "translated-port", (unsigned long)port_num(st->w[i + 1]));
    set(S, n, "inbound", "true");
}

/* ------------------------------------------------------------------ facts: interfaces */

static void open_interface(struct state *S, const struct stmt *st)
{
    S->blk = B_IFACE;
    scopy(S->if_name, sizeof S->if_name, W(st, 1));
    S->if_nameif[0] = S->if_addr[0] = S->if_desc[0] = '\0';
    S->if_level = -1;
    S->if_level_set = 0;
    S->if_shut = 0;
    S->if_dhcp = 0;
}

static void iface_sub(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 0);
    int pl;

    if (ieq(a, "nameif") && !st->neg && st->n > 1) {
        scopy(S->if_nameif, sizeof S->if_nameif, W(st, 1));
    } else if (ieq(a, "security-level") && !st->neg && num(W(st, 1)) >= 0) {
        S->if_level = (int)num(W(st, 1));
        S->if_level_set = 1;
        S->if_level_line = st->line;
    } else if (ieq(a, "shutdown")) {
        S->if_shut = !st->neg;
    } else if (ieq(a, "ip") && ieq(W(st, 1), "address") && !st->neg) {
        if (ieq(W(st, 2), "dhcp") || ieq(W(st, 2), "pppoe")) {
            S->if_dhcp = 1;
        } else if (is_ipv4(W(st, 2)) && (pl = mask_prefix(W(st, 3))) >= 0) {
            snprintf(S->if_addr, sizeof S->if_addr, "%s/%d", W(st, 2), pl);
        }
    } else if (ieq(a, "description") && st->n > 1) {
        size_t off = (size_t)(st->w[st->k + 1] - st->buf), l = st->len - off;
        snprintf(S->if_desc, sizeof S->if_desc, "%.*s", (int)(l < 127 ? l : 127), st->text + off);
    }
}

static const char *zone_trust(const char *name, int level, const char **src)
{
    *src = "security-level";
    if (level == 0)
        return "untrusted";
    if (level == 100)
        return "trusted";
    *src = "name";
    if (strncasecmp(name, "outside", 7) == 0 || strncasecmp(name, "internet", 8) == 0 ||
        strncasecmp(name, "wan", 3) == 0 || strncasecmp(name, "untrust", 7) == 0)
        return "untrusted";
    if (strncasecmp(name, "dmz", 3) == 0)
        return "dmz";
    if (strncasecmp(name, "inside", 6) == 0)
        return "trusted";
    *src = NULL;
    return "unknown";
}

static void close_interface(struct state *S)
{
    xmlNodePtr n;
    struct hent *e;
    struct zone *z;
    const char *tsrc, *trust;

    if (S->if_name[0] == '\0')
        return;
    otlp_doc_at(&S->doc, S->blk_line);
    n = cfact(S, "interface", S->blk_line);
    set(S, n, "name", S->if_name);
    set(S, n, "enabled", S->if_shut ? "false" : "true");
    set(S, n, "mode", "routed");
    set(S, n, "address", S->if_addr);
    set(S, n, "ip-mode", S->if_dhcp ? "dhcp" : S->if_addr[0] ? "static" : NULL);
    set(S, n, "description", S->if_desc);
    if (S->if_nameif[0] == '\0')
        return;
    if (!S->if_level_set) /* CLI guide: "inside" gets 100, every other name 0 */
        S->if_level = ieq(S->if_nameif, "inside") ? 100 : 0;
    set(S, n, "zone", S->if_nameif);
    otlp_doc_setu(&S->doc, n, "security-level", (unsigned long)S->if_level);
    if (S->nzones >= MAXZONES || (e = hm_put(&S->zmap, S->if_nameif)) == NULL) {
        if (S->nzones < MAXZONES)
            otlp_doc_nomem(&S->doc);
        return;
    }
    if (e->kind == K_ZONE)
        return; /* the same nameif twice: the first stands */
    e->kind = K_ZONE;
    e->n = (long)S->nzones;
    z = &S->zones[S->nzones++];
    memset(z, 0, sizeof *z);
    scopy(z->name, sizeof z->name, S->if_nameif);
    z->level = S->if_level;
    z->line = S->blk_line;
    n = cfact(S, "fw-zone", S->blk_line);
    set(S, n, "name", S->if_nameif);
    otlp_doc_setu(&S->doc, n, "security-level", (unsigned long)S->if_level);
    /* FTD: LINA shows every interface at level 0 and the access control
     * policy ignores levels; the trust comes from the name only */
    trust = zone_trust(S->if_nameif, strcmp(S->os, "ftd") == 0 ? -1 : S->if_level, &tsrc);
    set(S, n, "trust", trust);
    set(S, n, "trust-source", tsrc);
    set(S, n, "interfaces", S->if_name);
}

/* ------------------------------------------------------------------ facts: management */

static void mgmt_add(struct state *S, const char *proto, const struct stmt *st)
{
    char key[96], lit[96];
    const char *ifname;
    struct hent *e;
    struct mgmt *m;
    int pl;
    size_t l;

    if (st->neg || st->n < st->k + 3)
        return;
    if (!is_ipv4(host_of(S, W(st, 1))) && !is_ipv6ish(W(st, 1)))
        return;
    if (is_ipv4(host_of(S, W(st, 1))) && is_ipv4(W(st, 2)) && st->n > st->k + 3) {
        const char *h = host_of(S, W(st, 1));
        ifname = W(st, 3);
        pl = mask_prefix(W(st, 2));
        if (pl == 0)
            scopy(lit, sizeof lit, "any");
        else if (pl == 32)
            scopy(lit, sizeof lit, h);
        else if (pl > 0)
            snprintf(lit, sizeof lit, "%s/%d", h, pl);
        else
            snprintf(lit, sizeof lit, "%s/%s", h, W(st, 2));
    } else if (is_ipv6ish(W(st, 1)) && !is_ipv4(W(st, 2))) {
        ifname = W(st, 2); /* ssh 2001:db8::/32 inside */
        scopy(lit, sizeof lit, strcmp(W(st, 1), "::/0") == 0 ? "any" : W(st, 1));
    } else {
        return;
    }
    snprintf(key, sizeof key, "%s|%s", proto, ifname);
    if ((e = hm_put(&S->mmap, key)) == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    if (e->kind != K_MGMT) {
        if (S->nmg == S->capmg) {
            size_t cap = S->capmg ? S->capmg * 2 : 16;
            struct mgmt *p = realloc(S->mg, cap * sizeof *p);
            if (p == NULL) {
                otlp_doc_nomem(&S->doc);
                return;
            }
            S->mg = p;
            S->capmg = cap;
        }
        e->kind = K_MGMT;
        e->n = (long)S->nmg;
        m = &S->mg[S->nmg++];
        memset(m, 0, sizeof *m);
        scopy(m->proto, sizeof m->proto, proto);
        scopy(m->ifname, sizeof m->ifname, ifname);
        m->line = st->line;
    }
    m = &S->mg[e->n];
    if (strcmp(lit, "any") == 0)
        m->any = 1;
    l = m->src != NULL ? strlen(m->src) : 0;
    if (l < 4096) {
        char *p = realloc(m->src, l + strlen(lit) + 2);
        if (p == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        m->src = p;
        if (l > 0)
            p[l++] = ' ';
        memcpy(p + l, lit, strlen(lit) + 1);
    }
}

static void timeout_stmt(struct state *S, int ch, const struct stmt *st, size_t i)
{
    long v = num(W(st, i));
    if (v < 0)
        return;
    S->ch[ch].seen = 1;
    S->ch[ch].minutes = v;
    S->ch[ch].line = st->line;
}

/* ------------------------------------------------------------------ facts: aaa */

static void add_list(char *dst, size_t cap, const char *item)
{
    if (dst[0] != '\0')
        strlcat_(dst, cap, "; ");
    strlcat_(dst, cap, item);
}

/* `LOCAL` -> `local`, a server group -> `group NAME` */
static void methods(struct state *S, const struct stmt *st, size_t from, char *out, size_t cap)
{
    size_t i;
    out[0] = '\0';
    for (i = from; i < st->n; i++) {
        if (out[0] != '\0')
            strlcat_(out, cap, " ");
        if (ieq(st->w[i], "LOCAL"))
            strlcat_(out, cap, "local");
        else {
            (void)S;
            strlcat_(out, cap, "group ");
            strlcat_(out, cap, st->w[i]);
        }
    }
}

static xmlNodePtr aaa_list_fact(struct state *S, const struct stmt *st, const char *kind,
                                const char *type, const char *name, const char *m)
{
    xmlNodePtr n = fact(S, "aaa-list", st->line);
    set(S, n, "kind", kind);
    set(S, n, "type", type);
    set(S, n, "name", name);
    set(S, n, "methods", m);
    return n;
}

static int aaa_stmt(struct state *S, const struct stmt *st)
{
    const char *what = W(st, 1), *ch = W(st, 2);
    char m[160], item[256];
    int c = -1;

    if (st->neg)
        return 1;
    S->aaa_seen = 1;
    if (S->aaa_line == 0)
        S->aaa_line = st->line;
    if (ieq(what, "authentication") && ieq(W(st, 3), "console")) {
        c = ieq(ch, "ssh") ? CH_SSH : ieq(ch, "telnet") ? CH_TELNET : ieq(ch, "http") ? CH_HTTP :
            ieq(ch, "serial") ? CH_SERIAL : ieq(ch, "enable") ? CH_ENABLE : -1;
        methods(S, st, st->k + 4, m, sizeof m);
        if (c >= 0) {
            scopy(S->ch[c].aaa, sizeof S->ch[c].aaa, m);
            S->ch[c].aaa_line = st->line;
        }
        /* ASA login authentication per channel: login:CHANNEL=METHODS */
        snprintf(item, sizeof item, "%s:%s=%s", c == CH_ENABLE ? "enable" : "login",
                 c == CH_ENABLE ? "default" : ch, m);
        add_list(S->authn, sizeof S->authn, item);
        aaa_list_fact(S, st, "authentication", c == CH_ENABLE ? "enable" : "login",
                      c == CH_ENABLE ? "default" : ch, m);
        return 1;
    }
    if (ieq(what, "authentication"))
        return 1; /* cut-through proxy, listener ...: traffic, not management */
    if (ieq(what, "authorization") && (ieq(ch, "command") || ieq(ch, "exec"))) {
        size_t from = st->k + 3;
        if (ieq(ch, "exec") && (ieq(W(st, 3), "authentication-server") || ieq(W(st, 3), "LOCAL")))
            scopy(m, sizeof m, ieq(W(st, 3), "LOCAL") ? "local" : "authentication-server");
        else
            methods(S, st, from, m, sizeof m);
        snprintf(item, sizeof item, "%s:default=%s", ieq(ch, "command") ? "commands 15" : "exec", m);
        add_list(S->authz, sizeof S->authz, item);
        aaa_list_fact(S, st, "authorization", ieq(ch, "command") ? "commands 15" : "exec",
                      "default", m);
        return 1;
    }
    if (ieq(what, "accounting") && (ieq(ch, "command") || ieq(W(st, 3), "console"))) {
        size_t from = st->k + (ieq(ch, "command") ? 3 : 4);
        if (ieq(ch, "command") && ieq(W(st, 3), "privilege"))
            from += 2;
        methods(S, st, from, m, sizeof m);
        snprintf(item, sizeof item, "%s:%s=start-stop %s", ieq(ch, "command") ? "commands 15" : "exec",
                 ieq(ch, "command") ? "default" : ch, m);
        add_list(S->acct, sizeof S->acct, item);
        snprintf(item, sizeof item, "start-stop %s", m);
        aaa_list_fact(S, st, "accounting", ieq(ch, "command") ? "commands 15" : "exec",
                      ieq(ch, "command") ? "default" : ch, item);
        return 1;
    }
    if (ieq(what, "local") && ieq(ch, "authentication") && ieq(W(st, 3), "attempts") &&
        ieq(W(st, 4), "max-fail")) {
        S->lock_attempts = num(W(st, 5));
        S->lock_line = st->line;
        return 1;
    }
    return ieq(what, "accounting") || ieq(what, "authorization") || ieq(what, "proxy-limit") ||
           ieq(what, "mac-exempt") || ieq(what, "local") || ieq(what, "intercept") ||
           ieq(what, "listener");
}

static const char *aaa_proto(const char *p)
{
    if (ieq(p, "radius"))
        return "radius";
    if (ieq(p, "tacacs+"))
        return "tacacs";
    if (ieq(p, "ldap"))
        return "ldap";
    return NULL;
}

static int aaa_server(struct state *S, const struct stmt *st)
{
    const char *g = W(st, 1);
    struct hent *e;
    size_t h;

    if (st->neg)
        return 1;
    if (ieq(W(st, 2), "protocol")) {
        if ((e = hm_put(&S->groups, g)) == NULL) {
            otlp_doc_nomem(&S->doc);
            return 1;
        }
        free(e->val);
        e->val = dupe(S, W(st, 3));
        S->blk = B_OPAQUE;
        return 1;
    }
    h = find_word(st, st->k + 2, "host");
    if (h + 1 < st->n) {
        xmlNodePtr n = fact(S, "aaa-server", st->line);
        const char *p;
        e = hm_get(&S->groups, g);
        p = e != NULL && e->val != NULL ? aaa_proto(e->val) : NULL;
        set(S, n, "protocol", p != NULL ? p : "radius");
        set(S, n, "address", st->w[h + 1]);
        set(S, n, "name", g);
        set(S, n, "group", g);
        if (h + 2 < st->n && !ieq(st->w[h + 2], "timeout"))
            set(S, n, "secret-kind", skind_names[key_kind(st->w[h + 2], W(st, 99))]);
        else if (p == NULL || !ieq(p, "ldap"))
            set(S, n, "secret-kind", "none");
        S->blk = B_AAAHOST;
        S->blk_fact = n;
        return 1;
    }
    S->blk = B_OPAQUE;
    return 1;
}

static void aaahost_sub(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 0);
    if (S->blk_fact == NULL || st->neg)
        return;
    if (ieq(a, "key") || ieq(a, "ldap-login-password"))
        set(S, S->blk_fact, "secret-kind",
            skind_names[key_kind(W(st, 1), st->n > st->k + 2 ? W(st, 2) : NULL)]);
}

/* ------------------------------------------------------------------ facts: users */

static void username_stmt(struct state *S, const struct stmt *st)
{
    xmlNodePtr n;
    size_t i;
    const char *kind = "cleartext", *fmt = NULL;
    int known = 0;

    if (st->neg || st->n < 3)
        return;
    if (ieq(W(st, 2), "attributes")) {
        S->blk = B_USERATTR;
        S->blk_fact = NULL;
        return;
    }
    n = cfact(S, "account", st->line);
    set(S, n, "name", W(st, 1));
    i = find_word(st, st->k + 2, "password");
    if (find_word(st, st->k + 2, "nopassword") < st->n) {
        kind = "none";
    } else if (i + 1 < st->n) {
        const char *v = st->w[i + 1], *t = i + 2 < st->n ? st->w[i + 2] : "";
        if (ieq(t, "encrypted")) {
            kind = "md5";
            fmt = "encrypted";
            known = known_hash(v);
        } else if (ieq(t, "pbkdf2")) {
            kind = "pbkdf2";
            fmt = "pbkdf2";
        } else if (ieq(t, "nt-encrypted")) {
            kind = "md5"; /* MD4 NT hash: no own kind, as weak */
            fmt = "nt-encrypted";
        } else if (strspn(v, "*") == strlen(v)) {
            kind = "unknown";
        } else {
            known = otlp_known_default_secret(v, strlen(v));
        }
    } else {
        kind = "unknown";
    }
    set(S, n, "secret-kind", kind);
    set(S, n, "secret-format", fmt);
    set(S, n, "known-default", known ? "true" : "false");
    i = find_word(st, st->k + 2, "privilege");
    /* CLI configuration guide: the default privilege level is 2 */
    set(S, n, "privilege", i + 1 < st->n ? st->w[i + 1] : "2");
}

static const char *ssh_key_type(const char *b64)
{
    if (strncmp(b64, "AAAAB3NzaC1yc2E", 15) == 0)
        return "rsa";
    if (strncmp(b64, "AAAAB3NzaC1kc3M", 15) == 0)
        return "dsa";
    if (strncmp(b64, "AAAAE2VjZHNh", 12) == 0)
        return "ecdsa";
    if (strncmp(b64, "AAAAC3NzaC1lZDI1NTE5", 20) == 0)
        return "ed25519";
    return NULL;
}

/* `username U attributes` / `ssh authentication publickey KEY [hashed]` */
static void userattr_sub(struct state *S, const struct stmt *st)
{
    xmlNode *c;
    const char *t;
    if (!ieq(W(st, 0), "ssh") || !ieq(W(st, 1), "authentication") || !ieq(W(st, 2), "publickey"))
        return;
    t = ssh_key_type(W(st, 3));
    if (t == NULL)
        return;
    for (c = S->dd->facts != NULL ? S->dd->facts->last : NULL; c != NULL; c = c->prev) {
        xmlChar *nm;
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "account") != 0)
            continue;
        nm = xmlGetProp(c, (const xmlChar *)"name");
        if (nm != NULL && strcmp((const char *)nm, S->blk_name) == 0) {
            set(S, c, "ssh-key", t);
            xmlFree(nm);
            return;
        }
        xmlFree(nm);
    }
}

static void enable_stmt(struct state *S, const struct stmt *st)
{
    xmlNodePtr n;
    const char *v = W(st, 2), *kind = "cleartext";
    size_t i;
    int known = 0;

    if (st->neg || st->n < 3)
        return;
    n = fact(S, "enable", st->line);
    i = find_word(st, st->k + 3, "level");
    set(S, n, "level", i + 1 < st->n ? st->w[i + 1] : "15");
    if (find_word(st, st->k + 3, "encrypted") < st->n) {
        kind = "md5";
        known = known_hash(v);
    } else if (find_word(st, st->k + 3, "pbkdf2") < st->n) {
        kind = "pbkdf2";
    } else {
        known = otlp_known_default_secret(v, strlen(v));
    }
    set(S, n, "secret-kind", kind);
    set(S, n, "known-default", known ? "true" : "false");
}

static void passwd_stmt(struct state *S, const struct stmt *st)
{
    const char *v = W(st, 1);
    if (st->neg || st->n < 2)
        return;
    S->passwd_line = st->line;
    if (ieq(W(st, 2), "encrypted")) {
        S->passwd_kind = SK_MD5;
        S->passwd_default = known_hash(v);
    } else if (ieq(W(st, 2), "pbkdf2")) {
        S->passwd_kind = SK_PBKDF2;
        S->passwd_default = 0;
    } else {
        S->passwd_kind = SK_CLEAR;
        S->passwd_default = otlp_known_default_secret(v, strlen(v));
    }
}

/* ------------------------------------------------------------------ facts: crypto */

static const char *enc_name(const char *a)
{
    static const struct { const char *in, *out; } t[] = {
        {"des", "des"}, {"3des", "3des"}, {"aes", "aes128"}, {"aes-192", "aes192"},
        {"aes-256", "aes256"}, {"aes-gcm", "aes128-gcm"}, {"aes-gcm-192", "aes192-gcm"},
        {"aes-gcm-256", "aes256-gcm"}, {"null", "null"}, {"esp-des", "des"},
        {"esp-3des", "3des"}, {"esp-aes", "aes128"}, {"esp-aes-192", "aes192"},
        {"esp-aes-256", "aes256"}, {"esp-null", "null"}, {"esp-aes-gcm", "aes128-gcm"},
        {"esp-aes-gcm-256", "aes256-gcm"}, {"aes-gmac", "aes128-gmac"},
        {"aes-gmac-256", "aes256-gmac"}, {NULL, NULL}};
    size_t i;
    for (i = 0; t[i].in != NULL; i++)
        if (ieq(t[i].in, a))
            return t[i].out;
    return NULL;
}

static const char *hash_name(const char *a)
{
    static const struct { const char *in, *out; } t[] = {
        {"md5", "md5"}, {"sha", "sha1"}, {"sha-1", "sha1"}, {"sha256", "sha256"},
        {"sha-256", "sha256"}, {"sha384", "sha384"}, {"sha-384", "sha384"}, {"sha512", "sha512"},
        {"sha-512", "sha512"}, {"null", "null"}, {"esp-md5-hmac", "md5"}, {"esp-sha-hmac", "sha1"},
        {"esp-sha256-hmac", "sha256"}, {"esp-sha384-hmac", "sha384"},
        {"esp-sha512-hmac", "sha512"}, {"esp-none", "null"}, {NULL, NULL}};
    size_t i;
    for (i = 0; t[i].in != NULL; i++)
        if (ieq(t[i].in, a))
            return t[i].out;
    return NULL;
}

/* space-separated list of mapped words from word `from` */
static void crypto_list(struct state *S, xmlNodePtr n, const char *attr, const struct stmt *st,
                        size_t from, const char *(*map)(const char *))
{
    char out[160] = "";
    size_t i;
    for (i = from; i < st->n; i++) {
        const char *m = map != NULL ? map(st->w[i]) : (all_digits(st->w[i]) ? st->w[i] : NULL);
        if (m == NULL)
            continue;
        if (out[0] != '\0')
            strlcat_(out, sizeof out, " ");
        strlcat_(out, sizeof out, m);
    }
    set(S, n, attr, out);
}

static void open_ike_policy(struct state *S, const struct stmt *st, int version, size_t prio)
{
    char nm[64];
    S->blk = B_IKEPOL;
    S->ike_version = version;
    S->blk_fact = cfact(S, "vpn-crypto", st->line);
    snprintf(nm, sizeof nm, "ikev%d policy %s", version, W(st, prio));
    set(S, S->blk_fact, "phase", "ike");
    set(S, S->blk_fact, "name", nm);
    set(S, S->blk_fact, "ike-version", version == 1 ? "1" : "2");
    if (version == 1)
        set(S, S->blk_fact, "mode", "main");
}

static void ikepol_sub(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 0), *v = W(st, 1);
    xmlNodePtr n = S->blk_fact;
    if (st->neg || n == NULL)
        return;
    if (ieq(a, "authentication"))
        set(S, n, "authentication", ieq(v, "pre-share") ? "psk" :
                                    (ieq(v, "rsa-sig") || ieq(v, "ecdsa-sig")) ? "certificate" :
                                    "unknown");
    else if (ieq(a, "encryption"))
        crypto_list(S, n, "encryption", st, st->k + 1, enc_name);
    else if (ieq(a, "hash") || ieq(a, "integrity"))
        crypto_list(S, n, "integrity", st, st->k + 1, hash_name);
    else if (ieq(a, "group"))
        crypto_list(S, n, "dh-group", st, st->k + 1, NULL);
    else if (ieq(a, "lifetime"))
        set(S, n, "lifetime", ieq(v, "seconds") ? W(st, 2) : v);
}

static void transform_set(struct state *S, const struct stmt *st, size_t nameat, int version)
{
    xmlNodePtr n;
    size_t i;
    char enc[64] = "", integ[64] = "";
    n = cfact(S, "vpn-crypto", st->line);
    set(S, n, "phase", "ipsec");
    set(S, n, "name", W(st, nameat));
    set(S, n, "ike-version", version == 1 ? "1" : "2");
    for (i = st->k + nameat + 1; i < st->n; i++) {
        const char *e = enc_name(st->w[i]), *h = hash_name(st->w[i]);
        if (e != NULL)
            scopy(enc, sizeof enc, e);
        else if (h != NULL)
            scopy(integ, sizeof integ, h);
    }
    set(S, n, "encryption", enc);
    set(S, n, "integrity", integ);
}

static void ipsecprop_sub(struct state *S, const struct stmt *st)
{
    if (S->blk_fact == NULL || !ieq(W(st, 0), "protocol") || !ieq(W(st, 1), "esp"))
        return;
    if (ieq(W(st, 2), "encryption"))
        crypto_list(S, S->blk_fact, "encryption", st, st->k + 3, enc_name);
    else if (ieq(W(st, 2), "integrity"))
        crypto_list(S, S->blk_fact, "integrity", st, st->k + 3, hash_name);
}

/* `crypto map MAP SEQ set ...` */
static void crypto_map(struct state *S, const struct stmt *st)
{
    char nm[128];
    xmlNodePtr n;
    if (st->neg || !ieq(W(st, 4), "set"))
        return;
    snprintf(nm, sizeof nm, "%s %s", W(st, 2), W(st, 3));
    if (ieq(W(st, 5), "pfs")) {
        n = cfact(S, "vpn-crypto", st->line);
        set(S, n, "phase", "ipsec");
        set(S, n, "name", nm);
        /* `set pfs` without a group: group 2 on the 8.x/9.x command
         * reference pages (UNVERIFIED for 9.13 and later) */
        set(S, n, "pfs", strncasecmp(W(st, 6), "group", 5) == 0 ? W(st, 6) + 5 : "2");
    } else if (ieq(W(st, 5), "ikev1") && ieq(W(st, 6), "phase1-mode")) {
        n = cfact(S, "vpn-crypto", st->line);
        set(S, n, "phase", "ike");
        set(S, n, "name", nm);
        set(S, n, "ike-version", "1");
        set(S, n, "mode", ieq(W(st, 7), "aggressive") ? "aggressive" : "main");
        if (strncasecmp(W(st, 8), "group", 5) == 0)
            set(S, n, "dh-group", W(st, 8) + 5);
    }
}

static void tgipsec_sub(struct state *S, const struct stmt *st)
{
    size_t i = find_word(st, st->k, "pre-shared-key");
    xmlNodePtr n;
    const char *v;
    int kind, ver;

    if (st->neg)
        return;
    if (i < st->n && i + 1 < st->n) {
        i = key_word(st, i + 1);
        v = st->w[i];
        kind = key_kind(st->w[i - (i > 0 && (strcmp(st->w[i - 1], "8") == 0) ? 1 : 0)], v);
        if (strcmp(st->w[i - 1], "8") == 0)
            kind = SK_ENCRYPTED;
        else if (strspn(v, "*") == strlen(v))
            kind = SK_UNKNOWN;
        else
            kind = SK_CLEAR;
        n = fact(S, "pre-shared-key", st->line);
        set(S, n, "context", "ike");
        set(S, n, "peer", S->blk_name);
        set(S, n, "secret-kind", skind_names[kind]);
        set(S, n, "known-default",
            kind == SK_CLEAR && otlp_known_default_secret(v, strlen(v)) ? "true" : "false");
        ver = ieq(W(st, 0), "ikev2") ? 2 : 1;
        n = cfact(S, "vpn-crypto", st->line);
        set(S, n, "phase", "ike");
        set(S, n, "name", S->blk_name);
        set(S, n, "peer", S->blk_name);
        set(S, n, "ike-version", ver == 2 ? "2" : "1");
        set(S, n, "authentication", "psk");
    } else if ((ieq(W(st, 0), "ikev1") && ieq(W(st, 1), "trust-point")) ||
               (ieq(W(st, 0), "ikev2") && ieq(W(st, 2), "certificate"))) {
        n = cfact(S, "vpn-crypto", st->line);
        set(S, n, "phase", "ike");
        set(S, n, "name", S->blk_name);
        set(S, n, "peer", S->blk_name);
        set(S, n, "ike-version", ieq(W(st, 0), "ikev2") ? "2" : "1");
        set(S, n, "authentication", "certificate");
    }
}

static int crypto_stmt(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 1), *b = W(st, 2);

    if (st->neg)
        return 1;
    if ((ieq(a, "ikev1") || ieq(a, "isakmp")) && ieq(b, "policy")) {
        open_ike_policy(S, st, 1, 3);
    } else if (ieq(a, "ikev2") && ieq(b, "policy")) {
        open_ike_policy(S, st, 2, 3);
    } else if (ieq(a, "ipsec") && ieq(b, "ikev1") && ieq(W(st, 3), "transform-set")) {
        transform_set(S, st, 4, 1);
    } else if (ieq(a, "ipsec") && ieq(b, "transform-set")) {
        transform_set(S, st, 3, 1);
    } else if (ieq(a, "ipsec") && ieq(b, "ikev2") && ieq(W(st, 3), "ipsec-proposal")) {
        S->blk = B_IPSECPROP;
        S->blk_fact = cfact(S, "vpn-crypto", st->line);
        set(S, S->blk_fact, "phase", "ipsec");
        set(S, S->blk_fact, "name", W(st, 4));
        set(S, S->blk_fact, "ike-version", "2");
    } else if (ieq(a, "map")) {
        crypto_map(S, st);
    } else if ((ieq(a, "ikev1") || ieq(a, "isakmp")) && ieq(b, "enable")) {
        S->ikev1_enabled = 1;
        S->ikev1_line = st->line;
    } else if ((ieq(a, "ikev1") || ieq(a, "isakmp")) && ieq(b, "am-disable")) {
        S->am_disable = 1;
    } else if (ieq(a, "ca") && ieq(b, "certificate") && ieq(W(st, 3), "chain")) {
        S->blk = B_CERT;
    } else {
        S->blk = B_OPAQUE; /* trustpoints, dynamic maps, ...: content not modelled */
    }
    return 1;
}

/* ------------------------------------------------------------------ facts: snmp, logging, ntp */

static void snmp_stmt(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 1);
    xmlNodePtr n;
    size_t i;

    if (st->neg)
        return;
    S->snmp_seen = 1;
    if (S->snmp_line == 0)
        S->snmp_line = st->line;
    if (ieq(a, "community") && st->n > st->k + 2) {
        size_t v = key_word(st, st->k + 2);
        int kind = key_kind(W(st, 2), st->n > st->k + 3 ? W(st, 3) : NULL);
        n = fact(S, "snmp-community", st->line);
        set(S, n, "version", "2c");
        set(S, n, "access", "ro"); /* the ASA agent is read-only */
        set(S, n, "known-default",
            kind == SK_CLEAR && otlp_known_default_secret(st->w[v], strlen(st->w[v])) ? "true" :
                                                                                         "false");
        if (kind == SK_CLEAR)
            otlp_doc_setu(&S->doc, n, "secret-length",
                          (unsigned long)(strlen(st->w[v]) > 32 ? 32 : strlen(st->w[v])));
        if (S->ncomm < sizeof S->communities / sizeof *S->communities)
            S->communities[S->ncomm++] = n;
    } else if (ieq(a, "host") && st->n > st->k + 3) {
        n = fact(S, "snmp-host", st->line);
        set(S, n, "address", host_of(S, W(st, 3)));
        i = find_word(st, st->k + 4, "version");
        if (i + 1 < st->n && (ieq(st->w[i + 1], "1") || ieq(st->w[i + 1], "2c") ||
                              ieq(st->w[i + 1], "3"))) {
            set(S, n, "version", st->w[i + 1]);
            if (ieq(st->w[i + 1], "3"))
                set(S, n, "security", "priv"); /* the user's group decides; UNVERIFIED */
        } else {
            set(S, n, "version", "1"); /* command reference: version 1 by default */
        }
        if (find_word(st, st->k + 4, "trap") == st->n) { /* poll or both: may query */
            if (S->snmp_poll[0] != '\0')
                strlcat_(S->snmp_poll, sizeof S->snmp_poll, " ");
            strlcat_(S->snmp_poll, sizeof S->snmp_poll, host_of(S, W(st, 3)));
        }
    } else if (ieq(a, "user") && st->n > st->k + 4) {
        n = fact(S, "snmp-user", st->line);
        set(S, n, "name", W(st, 2));
        set(S, n, "group", W(st, 3));
        set(S, n, "version", "3");
        i = find_word(st, st->k + 4, "auth");
        set(S, n, "security", find_word(st, st->k + 4, "priv") < st->n ? "priv" :
                              i < st->n ? "auth" : "noauth");
        if (i + 1 < st->n)
            set(S, n, "auth", ieq(st->w[i + 1], "sha") ? "sha" : st->w[i + 1]);
        i = find_word(st, st->k + 4, "priv");
        if (i + 1 < st->n) {
            char p[16];
            if (ieq(st->w[i + 1], "aes") && i + 2 < st->n && all_digits(st->w[i + 2]))
                snprintf(p, sizeof p, "aes%s", st->w[i + 2]);
            else
                scopy(p, sizeof p, st->w[i + 1]);
            set(S, n, "priv", p);
        }
    }
}

static const char *level_name(const char *v)
{
    static const char *const names[] = {"emergencies", "alerts", "critical", "errors",
                                        "warnings", "notifications", "informational", "debugging"};
    long n = num(v);
    size_t i;
    if (n >= 0 && n <= 7)
        return names[n];
    for (i = 0; i < 8; i++)
        if (ieq(v, names[i]))
            return names[i];
    return NULL;
}

static void logging_stmt(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 1);
    xmlNodePtr n;
    size_t i;

    S->log_seen = 1;
    if (S->log_line == 0)
        S->log_line = st->line;
    if (ieq(a, "enable")) {
        S->log_on = !st->neg;
        S->log_on_line = st->line;
    } else if (st->neg) {
        return;
    } else if (ieq(a, "host") && st->n > st->k + 3) {
        n = fact(S, "log-target", st->line);
        set(S, n, "host", host_of(S, W(st, 3)));
        set(S, n, "transport", "udp");
        set(S, n, "port", "514");
        for (i = st->k + 4; i < st->n; i++) {
            const char *sl = strchr(st->w[i], '/');
            if (sl != NULL && sl > st->w[i]) {
                /* tcp/PORT, udp/PORT, or by number: 6/PORT, 17/PORT */
                size_t pl = (size_t)(sl - st->w[i]);
                int tcp = (pl == 3 && strncasecmp(st->w[i], "tcp", 3) == 0) ||
                          (pl == 1 && st->w[i][0] == '6');
                int udp = (pl == 3 && strncasecmp(st->w[i], "udp", 3) == 0) ||
                          (pl == 2 && strncmp(st->w[i], "17", 2) == 0);
                if (tcp || udp) {
                    set(S, n, "transport", tcp ? "tcp" : "udp");
                    set(S, n, "port", sl + 1);
                }
            } else if (ieq(st->w[i], "secure")) {
                set(S, n, "transport", "tls");
            }
        }
    } else if (ieq(a, "trap") && level_name(W(st, 2)) != NULL) {
        scopy(S->log_trap, sizeof S->log_trap, level_name(W(st, 2)));
        S->log_trap_line = st->line;
    } else if (ieq(a, "buffered") && level_name(W(st, 2)) != NULL) {
        S->log_buffered = 1;
        S->log_buf_line = st->line;
    } else if (ieq(a, "buffer-size") && num(W(st, 2)) >= 0) {
        scopy(S->log_bufsize, sizeof S->log_bufsize, W(st, 2));
    } else if (ieq(a, "timestamp")) {
        S->log_ts = 1;
        S->log_ts_line = st->line;
    } else if (ieq(a, "console") && level_name(W(st, 2)) != NULL) {
        scopy(S->log_console, sizeof S->log_console, level_name(W(st, 2)));
    }
}

static void ntp_stmt(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 1);
    long k;
    size_t i;

    S->ntp_seen = 1;
    if (ieq(a, "authenticate")) {
        S->ntp_auth = !st->neg;
        S->ntp_auth_line = st->line;
    } else if (st->neg) {
        return;
    } else if (ieq(a, "trusted-key")) {
        for (i = st->k + 2; i < st->n; i++)
            if ((k = num(st->w[i])) >= 0 && k < 65536)
                S->trusted[k / 8] |= (unsigned char)(1u << (k % 8));
    } else if (ieq(a, "server") && st->n > st->k + 2 + ieq(W(st, 2), "ipv6")) {
        xmlNodePtr n = fact(S, "ntp-server", st->line);
        size_t sa = st->k + 2;
        if (ieq(W(st, 2), "ipv6"))
            sa++;
        set(S, n, "address", sa < st->n ? host_of(S, st->w[sa]) : "");
        i = find_word(st, sa, "key");
        k = i + 1 < st->n ? num(st->w[i + 1]) : -1;
        if (k >= 0)
            set(S, n, "key", st->w[i + 1]);
        if (find_word(st, sa, "prefer") < st->n)
            set(S, n, "prefer", "true");
        if (S->nntp < sizeof S->ntp_servers / sizeof *S->ntp_servers) {
            S->ntp_servers[S->nntp] = n;
            S->ntp_keys[S->nntp++] = k;
        }
    }
}

static void banner_stmt(struct state *S, const struct stmt *st)
{
    static const char *const kinds[] = {"motd", "login", "exec", "asdm"};
    size_t i;
    for (i = 0; i < 4; i++) {
        if (!ieq(W(st, 1), kinds[i]))
            continue;
        if (S->banner[i] == NULL) {
            S->banner[i] = fact(S, "banner", st->line);
            set(S, S->banner[i], "kind", kinds[i]);
            set(S, S->banner[i], "present", "false");
        }
        if (st->n > st->k + 2)
            set(S, S->banner[i], "present", "true");
        return;
    }
}

/* a URL of boot system / boot config / config-url / copy */
static void url_fact(struct state *S, const struct stmt *st, const char *url, const char *purpose)
{
    static const char *const clear[] = {"tftp", "ftp", "http", "rcp", NULL};
    static const char *const enc[] = {"https", "scp", "sftp", NULL};
    const char *c = strstr(url, "://");
    char proto[8];
    xmlNodePtr n;
    size_t i, l;

    if (c == NULL)
        return;
    l = (size_t)(c - url);
    if (l == 0 || l >= sizeof proto)
        return;
    memcpy(proto, url, l);
    proto[l] = '\0';
    for (i = 0; i < l; i++)
        proto[i] = (char)tolower((unsigned char)proto[i]);
    for (i = 0; clear[i] != NULL; i++)
        if (strcmp(proto, clear[i]) == 0) {
            n = fact(S, "file-transfer", st->line);
            set(S, n, "protocol", proto);
            set(S, n, "purpose", purpose);
            set(S, n, "cleartext", "true");
            return;
        }
    for (i = 0; enc[i] != NULL; i++)
        if (strcmp(proto, enc[i]) == 0) {
            n = fact(S, "file-transfer", st->line);
            set(S, n, "protocol", proto);
            set(S, n, "purpose", purpose);
            set(S, n, "cleartext", "false");
            return;
        }
}

/* ------------------------------------------------------------------ dispatch */

/* top-level commands read without facts of their own (Cisco ASA command
 * references): counted as recognised */
static const char *const known_top[] = {
    "arp", "asdm", "asp", "auth-prompt", "boot", "call-home", "class-map", "clock", "command-alias",
    "compression", "config-url", "configure", "console", "context", "crashinfo", "ddns", "dhcp",
    "dhcpd", "dhcprelay", "dns", "dns-guard", "domain-name", "dynamic-access-policy-record",
    "dynamic-filter", "eigrp", "email", "established", "failover", "filter", "firewall", "fips",
    "flow-export", "fragment", "ftp", "global", "group-policy", "hostname", "hpm", "http", "icmp",
    "igmp", "interface", "ip", "ipv6", "isakmp", "jumbo-frame", "key", "l2tp", "ldap", "license",
    "logging", "mac-address", "mac-address-table", "management-access", "map", "monitor-interface",
    "mtu", "multicast-routing", "name", "names", "nat", "nat-rewrite", "no", "ntp", "object",
    "object-group", "pager", "passwd", "password-policy", "policy-list", "policy-map", "prefix-list",
    "privilege", "prompt", "quit", "regex", "route", "route-map", "router", "same-security-traffic",
    "service", "service-policy", "smtp-server", "snmp-map", "snmp-server", "ssh", "ssl", "static",
    "sysopt", "tcp-map", "telnet", "terminal", "tftp-server", "threat-detection", "time-range",
    "timeout", "tls-proxy", "track", "tunnel-group", "tunnel-group-map", "user-identity",
    "username", "virtual", "vpdn", "vpn", "vpn-addr-assign", "vpnsetup", "webvpn", "wccp",
    "xlate", "zone", "access-list", "access-group", "aaa", "aaa-server", "crypto", "enable",
    "banner", "admin-context", "mode", "cluster", "nve", "vxlan", "flow-offload", "sla", "snort",
    "ngips", "cts", "pim", "bfd", "router-id", "coredump", "inspect", "ipsec", "tls", "ca",
    "application-type", "changeto", "anyconnect", "service-module", "lacp", "port-channel",
    "redundant-interface", "power", "network-object", "match", "rest-api", "object-group-search",
    "dp-tcp-proxy", "debug", "quota", "password", "class", "strong-encryption-disable",
    "resource", "allocate-interface", "join-failover-group", "shun", "mac-learn", NULL};

static int in_list(const char *const *l, const char *w)
{
    for (; *l != NULL; l++)
        if (ieq(*l, w))
            return 1;
    return 0;
}

static void open_context(struct state *S, const struct stmt *st)
{
    S->multi = 1;
    S->blk = B_CONTEXT;
}

static void context_sub(struct state *S, const struct stmt *st)
{
    if (ieq(W(st, 0), "config-url") && st->n > 1)
        url_fact(S, st, W(st, 1), "boot");
}

/* A top-level statement: facts, block opening.  1 recognised, 0 not. */
static int top(struct state *S, const struct stmt *st)
{
    const char *a = W(st, 0), *b = W(st, 1);

    S->blk = B_NONE;
    S->blk_fact = NULL;
    scopy(S->blk_name, sizeof S->blk_name, W(st, 2));
    S->blk_line = st->line;
    if (ieq(a, "hostname") && st->n > 1) {
        if (S->hostname[0] == '\0') /* a capture of contexts: the first */
            scopy(S->hostname, sizeof S->hostname, b);
    } else if (ieq(a, "names") || ieq(a, "domain-name")) {
        ;
    } else if (ieq(a, "name") && st->n > 2 && !st->neg) {
        struct hent *e = hm_put(&S->alias, W(st, 2));
        if (e == NULL) {
            otlp_doc_nomem(&S->doc);
        } else {
            e->kind = K_NAME;
            free(e->val);
            e->val = dupe(S, b);
        }
    } else if (ieq(a, "interface")) {
        open_interface(S, st);
    } else if (ieq(a, "object")) {
        scopy(S->blk_name, sizeof S->blk_name, W(st, 2));
        open_object(S, st);
    } else if (ieq(a, "object-group")) {
        open_group(S, st);
    } else if (ieq(a, "access-list")) {
        return access_list(S, st);
    } else if (ieq(a, "access-group")) {
        access_group(S, st);
    } else if (ieq(a, "nat")) {
        nat_stmt(S, st, NULL);
    } else if (ieq(a, "static")) {
        static_stmt(S, st);
    } else if (ieq(a, "same-security-traffic") && ieq(b, "permit")) {
        if (ieq(W(st, 2), "inter-interface")) {
            S->same_inter = !st->neg;
            S->same_inter_line = st->line;
        } else if (ieq(W(st, 2), "intra-interface")) {
            S->same_intra = !st->neg;
            S->same_intra_line = st->line;
        }
    } else if (ieq(a, "http")) {
        if (ieq(b, "server") && ieq(W(st, 2), "enable")) {
            S->http_server = !st->neg;
            S->http_server_line = st->line;
            S->http_port = num(W(st, 3)) > 0 ? num(W(st, 3)) : 443;
        } else if (ieq(b, "server") && ieq(W(st, 2), "idle-timeout")) {
            timeout_stmt(S, CH_HTTP, st, 3);
        } else {
            mgmt_add(S, "https", st);
        }
    } else if (ieq(a, "ssh")) {
        if (ieq(b, "timeout"))
            timeout_stmt(S, CH_SSH, st, 2);
        else if (ieq(b, "version") && !st->neg) {
            S->ssh_version = (int)num(W(st, 2));
            S->ssh_version_line = st->line;
        } else if (ieq(b, "key-exchange") && ieq(W(st, 2), "group") && !st->neg) {
            scopy(S->ssh_kex, sizeof S->ssh_kex, W(st, 3));
            S->ssh_kex_line = st->line;
        } else
            mgmt_add(S, "ssh", st);
    } else if (ieq(a, "telnet")) {
        if (ieq(b, "timeout"))
            timeout_stmt(S, CH_TELNET, st, 2);
        else
            mgmt_add(S, "telnet", st);
    } else if (ieq(a, "console") && ieq(b, "timeout")) {
        timeout_stmt(S, CH_CONSOLE, st, 2);
    } else if (ieq(a, "aaa")) {
        return aaa_stmt(S, st);
    } else if (ieq(a, "aaa-server")) {
        return aaa_server(S, st);
    } else if (ieq(a, "username")) {
        scopy(S->blk_name, sizeof S->blk_name, b);
        username_stmt(S, st);
    } else if (ieq(a, "enable") && ieq(b, "password")) {
        enable_stmt(S, st);
    } else if (ieq(a, "passwd") || ieq(a, "password")) {
        if (ieq(a, "password") && !ieq(b, "encryption"))
            return 0;
        if (ieq(a, "passwd"))
            passwd_stmt(S, st);
    } else if (ieq(a, "password-policy")) {
        long v = num(W(st, 2));
        S->pw_line = S->pw_line ? S->pw_line : st->line;
        if (ieq(b, "minimum-length"))
            S->pw_min = v;
        else if (ieq(b, "lifetime"))
            S->pw_life = v;
        else if (strncasecmp(b, "minimum-", 8) == 0 && v > 0 && !ieq(b, "minimum-changes"))
            S->pw_classes++;
    } else if (ieq(a, "crypto")) {
        return crypto_stmt(S, st);
    } else if (ieq(a, "isakmp")) {
        if (ieq(b, "policy"))
            open_ike_policy(S, st, 1, 2);
        else if (ieq(b, "enable")) {
            S->ikev1_enabled = 1;
            S->ikev1_line = st->line;
        } else if (ieq(b, "am-disable"))
            S->am_disable = 1;
    } else if (ieq(a, "tunnel-group")) {
        scopy(S->blk_name, sizeof S->blk_name, b);
        S->blk = ieq(W(st, 2), "ipsec-attributes") ? B_TGIPSEC : B_OPAQUE;
    } else if (ieq(a, "snmp-server")) {
        snmp_stmt(S, st);
    } else if (ieq(a, "logging")) {
        logging_stmt(S, st);
    } else if (ieq(a, "ntp")) {
        ntp_stmt(S, st);
    } else if (ieq(a, "banner")) {
        banner_stmt(S, st);
    } else if (ieq(a, "boot") && (ieq(b, "system") || ieq(b, "config")) && st->n > 2) {
        url_fact(S, st, W(st, 2), "boot");
    } else if (ieq(a, "copy")) {
        size_t i;
        for (i = st->k + 1; i < st->n; i++)
            url_fact(S, st, st->w[i], "archive");
    } else if (ieq(a, "context")) {
        open_context(S, st);
    } else if (ieq(a, "admin-context")) {
        S->multi = 1;
    } else if (!in_list(known_top, a)) {
        return 0;
    } else {
        S->blk = B_OPAQUE;
    }
    return 1;
}

/* A statement inside the current block. */
static int sub(struct state *S, const struct stmt *st)
{
    switch (S->blk) {
    case B_IFACE:
        iface_sub(S, st);
        return 1;
    case B_OBJNET:
        objnet_sub(S, st);
        return 1;
    case B_OBJSVC:
        objsvc_sub(S, st);
        return 1;
    case B_OGNET:
        if (S->blk_fact != NULL)
            ognet_sub(S, st);
        return 1;
    case B_OGSVC:
    case B_OGPORT:
    case B_OGPROTO:
    case B_OGICMP:
        if (S->blk_fact != NULL && !ieq(W(st, 0), "description"))
            ogsvc_sub(S, st);
        return 1;
    case B_IKEPOL:
        ikepol_sub(S, st);
        return 1;
    case B_IPSECPROP:
        ipsecprop_sub(S, st);
        return 1;
    case B_TGIPSEC:
        tgipsec_sub(S, st);
        return 1;
    case B_AAAHOST:
        aaahost_sub(S, st);
        return 1;
    case B_USERATTR:
        userattr_sub(S, st);
        return 1;
    case B_CONTEXT:
        context_sub(S, st);
        return 1;
    case B_CERT:
    case B_OPAQUE:
        return 1;
    default:
        return 0;
    }
}

static void flush_block(struct state *S)
{
    if (S->blk == B_IFACE)
        close_interface(S);
    S->blk = B_NONE;
    S->blk_fact = NULL;
}

/* ------------------------------------------------------------------ raw tree */

static int raw_stmt(struct state *S, const struct stmt *st, int known, const struct redact *r)
{
    char *buf = NULL;
    const char *text = st->text;
    size_t tlen = st->len, i, o = 0, p = 0;
    int secret = r->n > 0;
    xmlNodePtr parent, node;
    unsigned depth;

    if (r->n > 0) {
        buf = malloc(st->len + r->n * sizeof OTL_REDACTED + 1);
        if (buf == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        for (i = 0; i < r->n; i++) {
            if (r->from[i] < p)
                continue;
            memcpy(buf + o, st->text + p, r->from[i] - p);
            o += r->from[i] - p;
            memcpy(buf + o, OTL_REDACTED, sizeof OTL_REDACTED - 1);
            o += sizeof OTL_REDACTED - 1;
            p = r->to[i];
        }
        memcpy(buf + o, st->text + p, st->len - p);
        o += st->len - p;
        text = buf;
        tlen = o;
    }
    {
        /* URL credentials anywhere; an unknown statement up to a secret word */
        int red = 0;
        char *u = known ? otlp_scrub_urls(text, tlen, &red) : otlp_redact_unknown(text, tlen, &red);
        free(buf);
        if (u == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        buf = u;
        text = u;
        tlen = strlen(u);
        secret |= red;
    }
    /* depth: pop raw parents at or deeper than this indentation */
    while (S->rawdepth > 0 && S->rawind[S->rawdepth - 1] >= st->indent)
        S->rawdepth--;
    depth = (unsigned)S->rawdepth;
    if (otlp_doc_take(&S->doc, st->line) < 0) {
        free(buf);
        return -1;
    }
    node = NULL;
    if (S->raw_records) {
        unsigned flags = (known ? 0 : OTL_RAW_UNRECOGNISED) | (secret ? OTL_RAW_SECRET : 0);
        if (otlp_raw_record(S->host, S->ctx, depth, st->line, text, tlen, flags) != 0)
            otlp_doc_nomem(&S->doc);
    } else {
        parent = S->rawdepth > 0 ? S->rawstack[S->rawdepth - 1] : S->dd->raw;
        node = otlp_child_text(parent, "stmt", st->line, text, tlen);
        if (node == NULL)
            otlp_doc_nomem(&S->doc);
        if (node != NULL && !known)
            otlp_doc_set(&S->doc, node, "recognised", "false");
        if (node != NULL && secret)
            otlp_doc_setb(&S->doc, node, "secret", 1);
    }
    if (S->rawdepth < MAXSTACK) {
        S->rawstack[S->rawdepth] = node;
        S->rawind[S->rawdepth] = st->indent;
        S->rawdepth++;
    }
    free(buf);
    return 0;
}

static void statement(struct state *S, struct stmt *st)
{
    struct redact r;
    int known;

    split(st);
    if (st->n == 0)
        return;
    if (st->indent == 0)
        flush_block(S);
    find_secrets(st, st->indent > 0 ? S->blk : B_NONE, &r);
    otlp_doc_at(&S->doc, st->line);
    S->statements++;
    if (st->indent == 0 || S->blk == B_NONE)
        known = top(S, st);
    else
        known = sub(S, st);
    if (known)
        S->recognised++;
    else
        note_unrec(S, st->line);
    raw_stmt(S, st, known, &r);
}

/* ------------------------------------------------------------------ finish */

static int is_full(const struct state *S)
{
    return S->have_version || (S->saved_hdr && S->hostname[0] != '\0');
}

static int low_coverage(const struct state *S)
{
    return S->statements > 0 && (unsigned long long)S->recognised * 1000 <
                                    (unsigned long long)S->statements * OTL_MIN_COVERAGE_PERMILLE;
}

static int defaults_ok(const struct state *S)
{
    return is_full(S) && !low_coverage(S) && S->doc.status == OTL_PARSE_OK;
}

/* the implicit ASA policy between nameifs: per pair without an inbound
 * ACL, higher to lower permitted, lower to higher denied, equal levels per
 * same-security-traffic; every extended ACL ends in an implicit deny */
static void fw_defaults(struct state *S, int full)
{
    size_t i, j;
    xmlNodePtr n;

    otlp_doc_at(&S->doc, 0);
    if (full)
        for (i = 0; i < S->names.cap; i++) {
            struct hent *e = &S->names.t[i];
            if (e->key == NULL || e->kind != K_ACL)
                continue;
            n = cfact(S, "fw-default", 0);
            set(S, n, "policy", e->key);
            set(S, n, "action", "deny");
            set(S, n, "defaulted", "true");
        }
    if (strcmp(S->os, "ftd") == 0)
        return; /* FTD: the global access control policy, not levels, decides */
    if (S->nzones > PAIRZONES) {
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "%zu interfaces with a nameif: the implicit security-level policy between "
                      "them is not written as facts (more than %d)", S->nzones, PAIRZONES);
        return;
    }
    for (i = 0; i < S->nzones; i++)
        for (j = 0; j < S->nzones; j++) {
            struct zone *a = &S->zones[i], *b = &S->zones[j];
            int eq = a->level == b->level, permit;
            unsigned long line = 0;
            if (i == j) {
                if (!S->same_intra)
                    continue;
                permit = 1;
                line = S->same_intra_line;
            } else if (eq && S->same_inter) {
                permit = 1;
                line = S->same_inter_line;
            } else if (!full || a->acl_in[0] != '\0' || S->global_acl[0] != '\0') {
                continue; /* the bound ACL and its implicit deny decide */
            } else {
                permit = a->level > b->level;
            }
            otlp_doc_at(&S->doc, line);
            n = cfact(S, "fw-default", line);
            set(S, n, "from", a->name);
            set(S, n, "to", b->name);
            set(S, n, "action", permit ? "permit" : "deny");
            if (line == 0)
                set(S, n, "defaulted", "true");
        }
}

static void mgmt_facts(struct state *S)
{
    size_t i;
    xmlNodePtr n;
    for (i = 0; i < S->nmg; i++) {
        struct mgmt *m = &S->mg[i];
        if (strcmp(m->proto, "https") == 0 && !S->http_server)
            continue; /* `http` lines without `http server enable` open nothing */
        otlp_doc_at(&S->doc, m->line);
        n = cfact(S, "mgmt-access", m->line);
        set(S, n, "interface", m->ifname);
        set(S, n, "zone", hm_get(&S->zmap, m->ifname) != NULL ? m->ifname : NULL);
        set(S, n, "protocols", m->proto);
        set(S, n, "source", m->any ? "any" : m->src);
    }
}

/* sources of one protocol over every interface, for session access-list */
static int mgmt_scope(struct state *S, const char *proto, char *out, size_t cap)
{
    size_t i;
    int seen = 0;
    out[0] = '\0';
    for (i = 0; i < S->nmg; i++) {
        if (strcmp(S->mg[i].proto, proto) != 0)
            continue;
        seen = 1;
        if (S->mg[i].any) {
            out[0] = '\0';
            return 1;
        }
        if (out[0] != '\0')
            strlcat_(out, cap, " ");
        strlcat_(out, cap, S->mg[i].src != NULL ? S->mg[i].src : "");
    }
    return seen;
}

static unsigned long mgmt_line(struct state *S, const char *proto)
{
    size_t i;
    for (i = 0; i < S->nmg; i++)
        if (strcmp(S->mg[i].proto, proto) == 0)
            return S->mg[i].line;
    return 0;
}

static const char *login_of(const char *aaa)
{
    if (aaa[0] == '\0')
        return NULL;
    return strcmp(aaa, "local") == 0 ? "local" : "aaa";
}

/* service and session facts: ssh, telnet, https (ASDM), console */
static void mgmt_services(struct state *S, int full)
{
    char scope[512];
    xmlNodePtr n;
    int ssh = mgmt_scope(S, "ssh", scope, sizeof scope), telnet, http;
    unsigned long l;
    struct chan *c;

    /* ssh */
    l = mgmt_line(S, "ssh");
    if (ssh || full) {
        otlp_doc_at(&S->doc, l);
        n = cfact(S, "service", l);
        set(S, n, "name", "ssh");
        set(S, n, "enabled", ssh ? "true" : "false");
        if (!ssh)
            set(S, n, "defaulted", "true");
        if (S->ssh_version > 0) {
            otlp_doc_at(&S->doc, S->ssh_version_line);
            set(S, n, "version", S->ssh_version == 1 ? "1" : "2");
        } else if (ssh && full) {
            /* no `ssh version`: both versions accepted (UNVERIFIED past 9.x) */
            set(S, n, "version", "1.99");
            set(S, n, "defaulted", "true");
        }
        if (S->ssh_kex[0] != '\0') {
            otlp_doc_at(&S->doc, S->ssh_kex_line);
            set(S, n, "key-exchange", S->ssh_kex);
        }
        set(S, n, "scope", scope);
    }
    if (ssh) {
        c = &S->ch[CH_SSH];
        otlp_doc_at(&S->doc, c->seen ? c->line : 0);
        n = fact(S, "session", l);
        set(S, n, "channel", "ssh");
        set(S, n, "transport-in", "ssh");
        if (c->seen || full) /* command reference: ssh timeout default 5 minutes */
            otlp_doc_setu(&S->doc, n, "idle-timeout", (unsigned long)(c->seen ? c->minutes : 5) * 60);
        if (!c->seen)
            set(S, n, "defaulted", "true");
        set(S, n, "access-list", scope);
        otlp_doc_at(&S->doc, c->aaa_line);
        set(S, n, "login", c->aaa[0] ? login_of(c->aaa) : "password");
        set(S, n, "login-methods", c->aaa);
        if (!c->aaa[0] && S->passwd_kind) {
            set(S, n, "secret-kind", skind_names[S->passwd_kind]);
            set(S, n, "known-default", S->passwd_default ? "true" : "false");
        }
    }
    /* telnet */
    telnet = mgmt_scope(S, "telnet", scope, sizeof scope);
    l = mgmt_line(S, "telnet");
    if (telnet || full) {
        otlp_doc_at(&S->doc, l);
        n = cfact(S, "service", l);
        set(S, n, "name", "telnet");
        set(S, n, "enabled", telnet ? "true" : "false");
        if (!telnet)
            set(S, n, "defaulted", "true");
        set(S, n, "scope", scope);
    }
    if (telnet) {
        c = &S->ch[CH_TELNET];
        otlp_doc_at(&S->doc, c->seen ? c->line : 0);
        n = fact(S, "session", l);
        set(S, n, "channel", "vty");
        set(S, n, "transport-in", "telnet");
        if (c->seen || full)
            otlp_doc_setu(&S->doc, n, "idle-timeout", (unsigned long)(c->seen ? c->minutes : 5) * 60);
        if (!c->seen)
            set(S, n, "defaulted", "true");
        set(S, n, "access-list", scope);
        otlp_doc_at(&S->doc, c->aaa_line ? c->aaa_line : S->passwd_line);
        set(S, n, "login", c->aaa[0] ? login_of(c->aaa) : "password");
        set(S, n, "login-methods", c->aaa);
        if (!c->aaa[0] && S->passwd_kind) {
            set(S, n, "secret-kind", skind_names[S->passwd_kind]);
            set(S, n, "known-default", S->passwd_default ? "true" : "false");
        }
    }
    /* `passwd` (the login password of Telnet, and of SSH before 9.6(2))
     * with neither of them carrying it: still a stored password */
    if (S->passwd_kind && !telnet && !(ssh && !S->ch[CH_SSH].aaa[0])) {
        otlp_doc_at(&S->doc, S->passwd_line);
        n = fact(S, "session", S->passwd_line);
        set(S, n, "channel", "vty");
        set(S, n, "transport-in", "none");
        set(S, n, "login", "password");
        set(S, n, "secret-kind", skind_names[S->passwd_kind]);
        set(S, n, "known-default", S->passwd_default ? "true" : "false");
    }
    /* https (ASDM): `http server enable` */
    http = S->http_server && mgmt_scope(S, "https", scope, sizeof scope);
    l = S->http_server_line;
    if (S->http_server || full) {
        otlp_doc_at(&S->doc, l);
        n = cfact(S, "service", l);
        set(S, n, "name", "https");
        set(S, n, "enabled", S->http_server ? "true" : "false");
        if (!S->http_server)
            set(S, n, "defaulted", "true");
        if (S->http_server)
            otlp_doc_setu(&S->doc, n, "port", (unsigned long)S->http_port);
        if (S->http_server && (!http || scope[0] != '\0'))
            set(S, n, "scope", http ? scope : "none");
        /* the ASA serves no cleartext HTTP management (`http redirect` only
         * redirects to HTTPS) */
        otlp_doc_at(&S->doc, 0);
        n = cfact(S, "service", 0);
        set(S, n, "name", "http");
        set(S, n, "enabled", "false");
        set(S, n, "defaulted", "true");
    }
    if (S->http_server) {
        /* the web session: at the first `http NET MASK IF` line, which
         * opens it (the service is at `http server enable`) */
        unsigned long hl = mgmt_line(S, "https");
        c = &S->ch[CH_HTTP];
        otlp_doc_at(&S->doc, c->seen ? c->line : 0);
        n = fact(S, "session", hl != 0 ? hl : l);
        set(S, n, "channel", "web");
        set(S, n, "transport-in", "https");
        if (c->seen || full) /* http server idle-timeout: default 20 minutes */
            otlp_doc_setu(&S->doc, n, "idle-timeout", (unsigned long)(c->seen ? c->minutes : 20) * 60);
        if (!c->seen)
            set(S, n, "defaulted", "true");
        if (http && scope[0] != '\0')
            set(S, n, "access-list", scope);
        otlp_doc_at(&S->doc, c->aaa_line);
        set(S, n, "login", c->aaa[0] ? login_of(c->aaa) : "password");
        set(S, n, "login-methods", c->aaa);
    }
    /* console: console timeout, default 0 (never) */
    c = &S->ch[CH_CONSOLE];
    if (c->seen || full) {
        otlp_doc_at(&S->doc, c->seen ? c->line : 0);
        n = fact(S, "session", c->seen ? c->line : 0);
        set(S, n, "channel", "console");
        otlp_doc_setu(&S->doc, n, "idle-timeout", (unsigned long)(c->seen ? c->minutes : 0) * 60);
        if (!c->seen)
            set(S, n, "defaulted", "true");
        otlp_doc_at(&S->doc, S->ch[CH_SERIAL].aaa_line);
        set(S, n, "login", S->ch[CH_SERIAL].aaa[0] ? login_of(S->ch[CH_SERIAL].aaa) : "none");
    }
}

static void global_facts(struct state *S, int full)
{
    xmlNodePtr n;
    size_t i;

    if (S->aaa_seen || full) {
        otlp_doc_at(&S->doc, S->aaa_line);
        n = fact(S, "aaa", S->aaa_line);
        set(S, n, "enabled", S->aaa_seen ? "true" : "false");
        set(S, n, "authentication", S->authn);
        set(S, n, "authorization", S->authz);
        set(S, n, "accounting", S->acct);
    }
    if (S->pw_line != 0) {
        otlp_doc_at(&S->doc, S->pw_line);
        n = fact(S, "password-policy", S->pw_line);
        if (S->pw_min >= 0)
            otlp_doc_setu(&S->doc, n, "min-length", (unsigned long)S->pw_min);
        if (S->pw_classes > 0)
            otlp_doc_setu(&S->doc, n, "classes", (unsigned long)S->pw_classes);
        if (S->pw_life > 0)
            otlp_doc_setf(&S->doc, n, "max-age", "%ld", S->pw_life);
    }
    if (S->lock_line != 0 && S->lock_attempts >= 0) {
        otlp_doc_at(&S->doc, S->lock_line);
        n = fact(S, "lockout", S->lock_line);
        otlp_doc_setf(&S->doc, n, "attempts", "%ld", S->lock_attempts);
    }
    if (S->log_seen || full) {
        otlp_doc_at(&S->doc, S->log_on_line);
        n = fact(S, "logging", S->log_line);
        set(S, n, "enabled", S->log_on ? "true" : "false"); /* default: disabled */
        if (S->log_trap[0]) {
            otlp_doc_at(&S->doc, S->log_trap_line);
            set(S, n, "trap-level", S->log_trap);
        }
        otlp_doc_at(&S->doc, S->log_buf_line);
        set(S, n, "buffered", S->log_buffered ? "true" : "false");
        set(S, n, "buffer-size", S->log_bufsize);
        set(S, n, "console-level", S->log_console);
        otlp_doc_at(&S->doc, S->log_ts_line);
        set(S, n, "timestamps", S->log_ts ? "datetime" : "none");
        if (!S->log_ts || !S->log_on || !S->log_buffered)
            set(S, n, "defaulted", "true");
    }
    if (S->ntp_seen) {
        otlp_doc_at(&S->doc, S->ntp_auth_line);
        n = fact(S, "ntp", S->ntp_auth_line);
        set(S, n, "authenticate", S->ntp_auth ? "true" : "false");
        for (i = 0; i < S->nntp; i++) {
            long k = S->ntp_keys[i];
            otlp_doc_at(&S->doc, 0);
            set(S, S->ntp_servers[i], "authenticated",
                S->ntp_auth && k >= 0 && (S->trusted[k / 8] & (1u << (k % 8))) ? "true" : "false");
        }
    }
    for (i = 0; i < S->ncomm; i++) {
        otlp_doc_at(&S->doc, 0);
        set(S, S->communities[i], "acl", S->snmp_poll);
    }
    if (S->snmp_seen || full) {
        otlp_doc_at(&S->doc, S->snmp_line);
        n = cfact(S, "service", S->snmp_line);
        set(S, n, "name", "snmp");
        set(S, n, "enabled", S->ncomm > 0 || S->snmp_poll[0] ? "true" : "false");
    }
    /* IKEv1 responder: aggressive mode accepted unless am-disable (ASDM
     * configuration guide, "Disabling Inbound Aggressive Mode Connections":
     * that option is off by default) */
    if (full && S->ikev1_enabled && !S->am_disable) {
        otlp_doc_at(&S->doc, S->ikev1_line);
        n = cfact(S, "vpn-crypto", S->ikev1_line);
        set(S, n, "phase", "ike");
        set(S, n, "name", "ikev1 responder");
        set(S, n, "ike-version", "1");
        set(S, n, "mode", "aggressive");
        set(S, n, "defaulted", "true");
    }
}

static void system_fact(struct state *S, int full)
{
    otlp_doc_at(&S->doc, 0);
    set(S, S->system, "hostname", S->hostname);
    set(S, S->system, "vendor", "cisco");
    set(S, S->system, "model", S->model);
    set(S, S->system, "os", S->os[0] ? S->os : "asa");
    set(S, S->system, "version", S->version);
    set(S, S->system, "serial", S->serial);
    set(S, S->system, "class", "firewall");
    set(S, S->system, "export-kind", full ? "full" : "partial");
    set(S, S->system, "export-type", "device");
    otlp_doc_coverage(&S->doc, S->system, S->recognised, S->statements);
    otlp_doc_setu(&S->doc, S->system, "statements", S->statements);
}

static void finish(struct state *S)
{
    int full = defaults_ok(S);

    flush_block(S);
    system_fact(S, is_full(S) && !low_coverage(S));
    if (!is_full(S))
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "no `ASA Version` line and no `: Saved` header with a hostname: read as a "
                      "fragment (partial); no ASA default is assumed");
    else if (low_coverage(S))
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "less of the file than the core requires (90 %%) is ASA statements; it is read "
                      "as partial and no ASA default is assumed");
    if (S->captured)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "a capture of several security contexts (changeto context): the facts of "
                      "each carry context=NAME where the fact has that attribute");
    else if (S->multi)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "multiple-context system configuration: each security context's policy is "
                      "in its own configuration (config-url), not in this file");
    finish_segment(S, full);
}

static void finish_segment(struct state *S, int full)
{
    fw_defaults(S, full);
    mgmt_facts(S);
    mgmt_services(S, full);
    global_facts(S, full);
}

/* ------------------------------------------------------------------ header, noise */

static void header(struct state *S, const char *s, size_t len)
{
    char buf[256];
    size_t l = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, s, l);
    buf[l] = '\0';
    if (strncmp(buf, ": Saved", 7) == 0) {
        S->saved_hdr = 1;
    } else if (strncmp(buf, ": Serial Number:", 16) == 0) {
        char *v = buf + 16;
        v += strspn(v, " ");
        scopy(S->serial, sizeof S->serial, v);
    } else if (strncmp(buf, ": Hardware:", 11) == 0) {
        char *v = buf + 11, *e;
        v += strspn(v, " ");
        e = v + strcspn(v, ", ");
        *e = '\0';
        scopy(S->model, sizeof S->model, v);
    }
}

/* "ASA Version 9.8(4)" / "NGFW Version 6.6.0" / "PIX Version 8.0(4)" */
static int version_line(struct state *S, const char *s, size_t len)
{
    const char *kw[] = {"ASA Version ", "NGFW Version ", "PIX Version ", "FWSM Version "};
    size_t i, l;
    for (i = 0; i < 4; i++) {
        l = strlen(kw[i]);
        if (len > l && memcmp(s, kw[i], l) == 0) {
            size_t vl = len - l;
            char v[48];
            vl = vl < sizeof v - 1 ? vl : sizeof v - 1;
            memcpy(v, s + l, vl);
            v[vl] = '\0';
            v[strcspn(v, " <")] = '\0';
            scopy(S->version, sizeof S->version, v);
            scopy(S->os, sizeof S->os, i == 1 ? "ftd" : i == 2 ? "pix" : "asa");
            S->have_version = 1;
            return 1;
        }
    }
    return 0;
}

/* capture noise (otlp_capture_noise: prompts with show/more commands, pager
 * prompts, terminal-log headers); `host/ctx# changeto context X` and
 * `changeto system` (with or without the prompt) switch the security
 * context and are noise too. */
static int noise(struct state *S, const char *s, size_t len)
{
    const char *h = memchr(s, '#', len), *p = s;
    size_t i;
    char buf[256];

    if (h != NULL) {
        const char *q;
        for (q = s; q < h && *q != ' ' && *q != '\t'; q++)
            ;
        if (q == h)
            p = h + 1;
    }
    while (p < s + len && *p == ' ')
        p++;
    i = (size_t)(s + len - p);
    if (i >= sizeof buf)
        i = sizeof buf - 1;
    memcpy(buf, p, i);
    buf[i] = '\0';
    if (strncmp(buf, "changeto context ", 17) == 0) {
        char *c = buf + 17;
        c += strspn(c, " ");
        c[strcspn(c, " \t")] = '\0';
        if (*c == '\0')
            return 1;
        scopy(S->context, sizeof S->context, c);
        S->multi = 1;
        return 1;
    }
    if (strncmp(buf, "changeto system", 15) == 0) {
        S->context[0] = '\0';
        return 1;
    }
    return otlp_capture_noise(s, len);
}

/* ------------------------------------------------------------------ parse */

static void free_state(struct state *S)
{
    size_t i;
    hm_free(&S->names);
    hm_free(&S->alias);
    hm_free(&S->zmap);
    hm_free(&S->mmap);
    hm_free(&S->groups);
    for (i = 0; i < S->nmg; i++)
        free(S->mg[i].src);
    free(S->mg);
    free(S);
}

static void segment_reset(struct state *S)
{
    size_t i;
    hm_free(&S->mmap);
    hm_free(&S->groups);
    for (i = 0; i < S->nmg; i++)
        free(S->mg[i].src);
    free(S->mg);
    memset(S->seg_begin_, 0, (size_t)(S->seg_end_ - S->seg_begin_));
    S->pw_min = -1;
    S->lock_attempts = -1;
}

/* a new security context (a capture with `changeto context`): the names,
 * objects, zones and management settings of the previous one are its own */
static void context_switch(struct state *S, int full)
{
    flush_block(S);
    if (S->statements > 0)
        finish_segment(S, full);
    segment_reset(S);
    S->captured = 1;
    hm_free(&S->names);
    hm_free(&S->alias);
    hm_free(&S->zmap);
    S->nzones = 0;
    S->global_acl[0] = '\0';
    S->same_inter = S->same_intra = 0;
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct state *S;
    struct otlp_reader rd;
    struct otlp_line ln;
    enum otl_parse_status ret;

    S = calloc(1, sizeof *S);
    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    S->dd = dd;
    S->pw_min = -1;
    S->lock_attempts = -1;
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->raw_records = otlp_raw_records(host);
    S->system = otlp_doc_fact(&S->doc, "system", 0);
    if (S->system == NULL) {
        free_state(S);
        return OTL_PARSE_NOMEM;
    }
    otlp_reader_init(&rd, in);
    while (otlp_next_line(&rd, &ln) && !S->doc.stop) {
        struct stmt st;
        const char *s = ln.s;
        size_t len = ln.len, skip = 0;
        char prev_ctx[64];

        if (host->max_line_len != 0 && len > host->max_line_len) {
            host->diag(ctx, OTL_DIAG_ERROR, ln.no, "line longer than %zu bytes; skipped",
                       host->max_line_len);
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            continue;
        }
        if (memchr(s, '\0', len) != NULL) {
            host->diag(ctx, OTL_DIAG_WARNING, ln.no,
                       "NUL byte: binary data or a corrupted copy, not configuration text");
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            continue;
        }
        if ((skip = otlp_more_skip(s, len)) > 0) { /* `--More--` erased before the text */
            s += skip;
            len -= skip;
            skip = 0;
        }
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
            len--;
        while (skip < len && (s[skip] == ' ' || s[skip] == '\t'))
            skip++;
        if (skip == len)
            continue;
        if (s[skip] == '!' || s[skip] == ':') {
            if (s[skip] == ':')
                header(S, s + skip, len - skip);
            continue;
        }
        if (skip == 0 && version_line(S, s, len))
            continue;
        if (skip == 0 && len >= 15 && memcmp(s, "Cryptochecksum:", 15) == 0)
            continue;
        scopy(prev_ctx, sizeof prev_ctx, S->context);
        if (skip == 0 && noise(S, s, len)) {
            if (strcmp(prev_ctx, S->context) != 0) {
                char now[64];
                scopy(now, sizeof now, S->context);
                scopy(S->context, sizeof S->context, prev_ctx);
                context_switch(S, defaults_ok(S));
                scopy(S->context, sizeof S->context, now);
            }
            continue;
        }
        st.text = s + skip;
        st.len = len - skip;
        st.line = ln.no;
        st.indent = (int)skip;
        statement(S, &st);
    }
    if (otlp_reader_expired(&rd))
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
    finish(S);
    otlp_note_unrecognised(host, ctx, S->statements, S->recognised, S->unrec_lines, S->n_unrec);
    ret = S->doc.status;
    free_state(S);
    return ret;
}

/* ------------------------------------------------------------------ sniff */


/* ASA-only statements decide: IOS shares hostname, interface, object-group,
 * crypto, snmp-server ... but has no `ASA Version`, `nameif`,
 * `security-level`, `same-security-traffic`, `access-list NAME extended`,
 * `passwd ... encrypted`, `: Saved` header. */
static int sniff(const struct otl_input *in)
{
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int score = 0, strong = 0, nameif = 0, seclevel = 0;

    if (in->len >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
        (unsigned char)p[2] == 0xbf)
        p += 3;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;
        if (eol == NULL)
            eol = end;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s == p && (otlp_starts(s, eol, "ASA Version ") || otlp_starts(s, eol, "NGFW Version ") ||
                       otlp_starts(s, eol, "PIX Version ") || otlp_starts(s, eol, "FWSM Version ")))
            return 100;
        if (s == p && (otlp_starts(s, eol, ": Saved") || otlp_starts(s, eol, ": Serial Number:") ||
                       otlp_starts(s, eol, ": Hardware:"))) {
            score += 30;
            strong = 1;
        }
        if (s > p && !nameif && otlp_starts(s, eol, "nameif ")) {
            nameif = 1;
            score += 35;
        }
        if (s > p && !seclevel && otlp_starts(s, eol, "security-level ")) {
            seclevel = 1;
            score += 35;
        }
        if (s == p && otlp_starts(s, eol, "same-security-traffic "))
            score += 30;
        if (s == p && otlp_starts(s, eol, "access-list ")) {
            const char *q = memchr(s + 12, ' ', (size_t)(eol - s - 12));
            if (q != NULL && (otlp_starts(q, eol, " extended ") || otlp_starts(q, eol, " webtype ")))
                score += 30;
        }
        if (s == p && otlp_starts(s, eol, "passwd ") && eol - s > 10 &&
            (otlp_starts(eol - 10, eol, " encrypted") || otlp_starts(eol - 11, eol, " encrypted\r")))
            score += 30;
        if (s == p && (otlp_starts(s, eol, "access-group ") || otlp_starts(s, eol, "Cryptochecksum:")))
            score += 30;
        if (s == p && (otlp_starts(s, eol, "object network ") || otlp_starts(s, eol, "object service ")))
            score += 20;
        if (score >= 100 && strong)
            return 100;
        p = eol < end ? eol + 1 : end;
    }
    if (!strong && score > 70)
        score = 70;
    return score > 100 ? 100 : score;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "cisco-asa",
    .description = "Cisco ASA 8.x-9.x and FTD (LINA) running configurations",
    .classes = OTL_CLASS_FIREWALL,
    .sniff = sniff,
    .parse = parse,
};
