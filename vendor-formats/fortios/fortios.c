/*
 * fortios.c - Fortinet FortiOS (FortiGate) configuration format plugin.
 *
 * Reads `show` / `show full-configuration` output and configuration backups
 * (.conf): an optional header of `#key=value` comments (`#config-version=
 * FGT60E-7.4.8-FW-build2731-250317:opmode=0:vdom=0:user=admin`), then the
 * block grammar of the FortiOS CLI:
 *
 *     config PATH          opens a table or a settings block
 *         edit NAME|ID     opens an entry of a table
 *             set KEY VALUE...  / unset KEY / append KEY VALUE... / select / unselect
 *             config SUB ... end   (nested to any depth)
 *         next             closes the entry
 *     end                  closes the block
 *
 * Values are words separated by blanks or double-quoted strings with
 * backslash escapes; a quoted value may span lines (certificates, keys,
 * scripts, banners).  A multi-VDOM configuration wraps the global settings in
 * `config global ... end` and each VDOM's in `config vdom / edit NAME ... end`:
 * facts of a VDOM carry context="NAME" (the engine has one document per
 * file), global settings none.  docs/formats/fortios.md describes the facts,
 * the defaults per release and their sources.
 *
 * Every statement of the grammar is kept in the raw tree (nested as the
 * blocks are); values of keys named like secrets (password, passwd,
 * psksecret, key, secret, private-key, passphrase ...), SNMP community names
 * and every `ENC ...` value are replaced by <redacted>.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "otlint-plugin.h"

#define SNIFF_BYTES 8192
#define MAXSTACK 64
#define MAXW 512           /* words of one statement kept */
#define MAX_STMT (1u << 20) /* bytes of one (multi-line) statement */
#define MAX_STMT_LINES 20000
#define NAMELEN 128

/* ---------------------------------------------------------------- words */

/* Does the text leave a double quote open (backslash escapes inside)? */
static int quote_open(const char *p, size_t len, int open)
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (open && p[i] == '\\') {
            i++;
            continue;
        }
        if (p[i] == '"')
            open = !open;
    }
    return open;
}

static int weq(const struct otlp_word *w, const char *s)
{
    size_t l = strlen(s);
    return w->n == l && memcmp(w->s, s, l) == 0;
}

static int wpre(const struct otlp_word *w, const char *s)
{
    size_t l = strlen(s);
    return w->n >= l && memcmp(w->s, s, l) == 0;
}

static void wcopy(char *dst, size_t cap, const struct otlp_word *w)
{
    size_t n = w->n < cap - 1 ? w->n : cap - 1;
    memcpy(dst, w->s, n);
    dst[n] = '\0';
}

static long wnum(const struct otlp_word *w)
{
    char b[24];
    size_t i;
    if (w->n == 0 || w->n >= sizeof b)
        return -1;
    for (i = 0; i < w->n; i++)
        if (w->s[i] < '0' || w->s[i] > '9')
            return -1;
    wcopy(b, sizeof b, w);
    return strtol(b, NULL, 10);
}

/* ---------------------------------------------------------------- a string set */

/* Open addressing, keys "context\x01kind\x01name". */
struct sset {
    char **k;
    size_t cap, n;
};

static uint32_t hstr(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int sset_find(const struct sset *t, const char *key, size_t n)
{
    size_t i;
    if (t->cap == 0)
        return -1;
    for (i = hstr(key, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        if (t->k[i] == NULL)
            return -1;
        if (strlen(t->k[i]) == n && memcmp(t->k[i], key, n) == 0)
            return (int)i;
    }
}

static int sset_add(struct sset *t, const char *key, size_t n)
{
    size_t i;
    if (sset_find(t, key, n) >= 0)
        return 0;
    if ((t->n + 1) * 2 > t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64, j;
        char **nk = calloc(nc, sizeof *nk);
        if (nk == NULL)
            return -1;
        for (j = 0; j < t->cap; j++)
            if (t->k[j] != NULL) {
                size_t p = hstr(t->k[j], strlen(t->k[j])) & (nc - 1);
                while (nk[p] != NULL)
                    p = (p + 1) & (nc - 1);
                nk[p] = t->k[j];
            }
        free(t->k);
        t->k = nk;
        t->cap = nc;
    }
    for (i = hstr(key, n) & (t->cap - 1); t->k[i] != NULL; i = (i + 1) & (t->cap - 1))
        ;
    t->k[i] = malloc(n + 1);
    if (t->k[i] == NULL)
        return -1;
    memcpy(t->k[i], key, n);
    t->k[i][n] = '\0';
    t->n++;
    return 0;
}

static void sset_free(struct sset *t)
{
    size_t i;
    for (i = 0; i < t->cap; i++)
        free(t->k[i]);
    free(t->k);
}

/* ---------------------------------------------------------------- state */

enum sec {
    SEC_NONE,
    SEC_OTHER,
    SEC_VDOM,   /* config vdom (the wrapper) */
    SEC_GLOBALW, /* config global (the wrapper) */
    SEC_GLOBAL, /* system global */
    SEC_IFACE,
    SEC_ZONE,
    SEC_ADMIN,
    SEC_PWPOL,
    SEC_ADDR,
    SEC_ADDR6,
    SEC_ADDRGRP,
    SEC_ADDRGRP6,
    SEC_SVC,
    SEC_SVCGRP,
    SEC_POLICY,
    SEC_POLICY6,
    SEC_VIP,
    SEC_P1,
    SEC_P2,
    SEC_SNMPCOMM,
    SEC_SNMPUSER,
    SEC_SNMPSYS,
    SEC_SYSLOG,
    SEC_SYSLOGF,
    SEC_FAZ,
    SEC_LOGSET,
    SEC_NTP,
    SEC_RADIUS,
    SEC_TACACS,
    SEC_LDAP,
    SEC_HA,
    SEC_DNS,
    SEC_CMGMT,
    SEC_SDWAN /* system virtual-wan-link (6.x), system sdwan (7.x) */
};

struct frame {
    int edit;       /* 0: config, 1: edit */
    enum sec sec;   /* section of the config this frame belongs to */
    int level;      /* 0: section root config; 1: its entry; 2+: nested */
    int sub;        /* nested config kind (below) */
    xmlNodePtr raw; /* raw element (NULL with records) */
    xmlNodePtr fact; /* the fact an entry makes, if any */
    xmlNodePtr fact2;
    int ent;        /* index into a table of the plugin (interfaces, ...) */
    unsigned long line;
    char name[NAMELEN];
    char aux[NAMELEN], aux2[NAMELEN]; /* an SD-WAN member's interface and zone */
};

enum { SUB_NONE, SUB_HOSTS, SUB_NTPSERVER, SUB_IPV6, SUB_SDZONE, SUB_SDMEMBERS, SUB_OTHER };

struct iface {
    char name[NAMELEN];
    char ctx[NAMELEN];
    char role[16];
    char zone[NAMELEN];
    char alias[NAMELEN];
    char access[160];
    xmlNodePtr node;
    unsigned long line, access_line;
};

struct zone {
    char name[NAMELEN];
    char ctx[NAMELEN];
    char members[1024]; /* \x01 separated */
    unsigned long line;
};

struct ref {
    xmlNodePtr node;
    char ctx[NAMELEN];
    char name[NAMELEN];
    int kind; /* 'a' address, 's' service, 'i' interface */
};

struct vctx {
    char name[NAMELEN];
    unsigned long seq4, seq6, vipseq;
    int policy_seen;
};

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc;
    int raw_records;
    xmlNodePtr system;

    struct frame stack[MAXSTACK];
    int depth, depth_reported;

    /* header */
    int have_header, header_vdom;
    char model[64], version[32], build[16], hostname[NAMELEN], serial[64];
    unsigned long hostname_line;
    int have_global, vdom_mode, elided;
    unsigned long elided_line, first_stmt_line;
    char first_section[64];

    /* current VDOM context ("" = none / global) */
    char cur[NAMELEN];
    int in_vdom_entry;

    unsigned long statements, recognised, unrec_lines[8];
    size_t n_unrec;
    unsigned long noise;

    /* global settings */
    long admintimeout, lockout_thr, lockout_dur, sport, port, ssh_port;
    int https_redirect, admin_telnet, ssh_v1, strong_crypto, pre_banner, post_banner;
    unsigned long l_timeout, l_lockout, l_sport, l_port, l_ssh_port, l_telnet, l_ssh_v1, l_pre, l_post;
    char kex[256];
    unsigned long l_kex;
    int implicit_log;

    /* password policy */
    int pw_status, pw_expire;
    long pw_min, pw_classes, pw_expday, pw_reuse;
    unsigned long l_pw, l_pwmin;
    int pw_seen;

    /* ntp */
    int ntp_seen, ntp_sync, ntp_custom, ntp_auth_any;
    unsigned long l_ntp, l_ntpsync;
    /* snmp */
    int snmp_sysinfo, snmp_any;
    /* logging */
    int log_seen;

    /* admins */
    unsigned long admins, admins_trusted;
    char trusted[2048];
    int admin_trust; /* of the entry being read */

    /* tables */
    struct iface *ifs;
    size_t n_ifs, cap_ifs;
    struct zone *zones;
    size_t n_zones, cap_zones;
    struct ref *refs;
    size_t n_refs, cap_refs;
    struct vctx *vctx;
    size_t n_vctx, cap_vctx;
    struct sset defined;   /* objects defined: ctx, kind, name */
    struct sset emitted;   /* predefined services written */

    /* the statement buffer (a multi-line value) */
    char *sb;
    size_t sb_len, sb_cap;
    unsigned long sb_line, sb_lines;
    char *wb; /* the words of the statement being read */
    size_t wb_cap;
};

static int grow(struct st *S, void **p, size_t *cap, size_t n, size_t el)
{
    if (n < *cap)
        return 0;
    {
        size_t nc = *cap ? *cap * 2 : 16;
        void *q = realloc(*p, nc * el);
        if (q == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        *p = q;
        *cap = nc;
    }
    return 0;
}

static struct vctx *vctx_get(struct st *S, const char *name)
{
    size_t i;
    for (i = 0; i < S->n_vctx; i++)
        if (strcmp(S->vctx[i].name, name) == 0)
            return &S->vctx[i];
    if (grow(S, (void **)&S->vctx, &S->cap_vctx, S->n_vctx, sizeof *S->vctx) < 0)
        return NULL;
    memset(&S->vctx[S->n_vctx], 0, sizeof *S->vctx);
    snprintf(S->vctx[S->n_vctx].name, NAMELEN, "%s", name);
    return &S->vctx[S->n_vctx++];
}

static void defined_add(struct st *S, const char *ctx, int kind, const char *name)
{
    char k[2 * NAMELEN + 8];
    int n = snprintf(k, sizeof k, "%s\x01%c\x01%s", ctx, kind, name);
    if (n > 0 && sset_add(&S->defined, k, (size_t)n < sizeof k ? (size_t)n : sizeof k - 1) < 0)
        otlp_doc_nomem(&S->doc);
}

static int defined_has(struct st *S, const char *ctx, int kind, const char *name)
{
    char k[2 * NAMELEN + 8];
    int n = snprintf(k, sizeof k, "%s\x01%c\x01%s", ctx, kind, name);
    return n > 0 && sset_find(&S->defined, k, (size_t)n < sizeof k ? (size_t)n : sizeof k - 1) >= 0;
}

static void set_ctx(struct st *S, xmlNodePtr n)
{
    if (S->cur[0] != '\0')
        otlp_doc_set(&S->doc, n, "context", S->cur);
}

static void setw(struct st *S, xmlNodePtr n, const char *attr, const struct otlp_word *w)
{
    otlp_doc_setn(&S->doc, n, attr, w->s, w->n);
}

/* ---------------------------------------------------------------- sections */

static const char *const top_words[] = {
    "system", "firewall", "vpn", "router", "log", "user", "webfilter", "antivirus", "ips",
    "application", "dlp", "dnsfilter", "emailfilter", "spamfilter", "waf", "voip", "icap",
    "report", "alertemail", "wanopt", "web-proxy", "ftp-proxy", "certificate",
    "extender-controller", "extension-controller", "wireless-controller", "switch-controller",
    "endpoint-control", "authentication", "gtp", "videofilter", "sctp-filter", "file-filter",
    "ssh-filter", "cifs", "dpdk", "ethernet-oam", "automation", "casb", "diameter-filter",
    "virtual-patch", "ztna", "rule", "monitoring", "credential-store", "vdom", "global",
    "wireless", "nsxt", "aws", "azure", "vdom-property", NULL};

/* The first word of a config path, abbreviations resolved (the CLI accepts a
 * unique prefix: `config sys virtual-switch`). NULL: not a FortiOS word. */
static const char *top_word(const struct otlp_word *w)
{
    size_t i;
    const char *hit = NULL;
    for (i = 0; top_words[i] != NULL; i++) {
        if (weq(w, top_words[i]))
            return top_words[i];
        if (w->n >= 3 && strncmp(top_words[i], w->s, w->n) == 0) {
            if (hit != NULL)
                return NULL;
            hit = top_words[i];
        }
    }
    return hit;
}

static enum sec section_of(const char *a, const struct otlp_word *w, size_t n)
{
    static const struct {
        const char *a, *b;
        enum sec s;
    } t[] = {
        {"system", "global", SEC_GLOBAL},       {"system", "interface", SEC_IFACE},
        {"system", "zone", SEC_ZONE},           {"system", "admin", SEC_ADMIN},
        {"system", "password-policy", SEC_PWPOL}, {"firewall", "address", SEC_ADDR},
        {"firewall", "address6", SEC_ADDR6},    {"firewall", "addrgrp", SEC_ADDRGRP},
        {"firewall", "addrgrp6", SEC_ADDRGRP6}, {"firewall", "policy", SEC_POLICY},
        {"firewall", "policy6", SEC_POLICY6},   {"firewall", "vip", SEC_VIP},
        {"vpn", "ipsec", SEC_NONE},             {"system", "snmp", SEC_NONE},
        {"log", "syslogd", SEC_NONE},           {"log", "syslogd2", SEC_NONE},
        {"log", "syslogd3", SEC_NONE},          {"log", "syslogd4", SEC_NONE},
        {"log", "fortianalyzer", SEC_NONE},     {"log", "setting", SEC_LOGSET},
        {"system", "ntp", SEC_NTP},             {"user", "radius", SEC_RADIUS},
        {"user", "tacacs+", SEC_TACACS},        {"user", "ldap", SEC_LDAP},
        {"system", "ha", SEC_HA},               {"system", "dns", SEC_DNS},
        {"system", "central-management", SEC_CMGMT}, {"firewall", "service", SEC_NONE},
        {"system", "virtual-wan-link", SEC_SDWAN}, {"system", "sdwan", SEC_SDWAN},
    };
    size_t i;
    if (n < 2)
        return SEC_OTHER;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (strcmp(a, t[i].a) != 0 || !weq(&w[1], t[i].b))
            continue;
        if (t[i].s != SEC_NONE)
            return n == 2 ? t[i].s : SEC_OTHER;
        if (n != 3)
            return SEC_OTHER;
        if (strcmp(a, "vpn") == 0)
            return weq(&w[2], "phase1-interface") || weq(&w[2], "phase1") ? SEC_P1
                   : weq(&w[2], "phase2-interface") || weq(&w[2], "phase2") ? SEC_P2
                                                                            : SEC_OTHER;
        if (strcmp(a, "system") == 0)
            return weq(&w[2], "community") ? SEC_SNMPCOMM
                   : weq(&w[2], "user")    ? SEC_SNMPUSER
                   : weq(&w[2], "sysinfo") ? SEC_SNMPSYS
                                           : SEC_OTHER;
        if (strcmp(a, "firewall") == 0)
            return weq(&w[2], "custom") ? SEC_SVC : weq(&w[2], "group") ? SEC_SVCGRP : SEC_OTHER;
        if (weq(&w[1], "fortianalyzer"))
            return weq(&w[2], "setting") ? SEC_FAZ : SEC_OTHER;
        return weq(&w[2], "setting") ? SEC_SYSLOG : weq(&w[2], "filter") ? SEC_SYSLOGF : SEC_OTHER;
    }
    return SEC_OTHER;
}

/* ---------------------------------------------------------------- secrets */

static int enc_value(const struct otlp_word *w, size_t n)
{
    size_t i;
    for (i = 2; i < n && i < MAXW; i++)
        if (weq(&w[i], "ENC"))
            return 1;
    return 0;
}

/* The value of `set KEY ...` is a secret: the key is named like one, it is
 * an SNMP community's name, or the value is an `ENC` string. */
static int secret_stmt(const struct frame *f, const struct otlp_word *w, size_t n)
{
    if (n < 3 || !(weq(&w[0], "set") || weq(&w[0], "append")))
        return 0;
    if (otlp_secret_name(w[1].s, w[1].n))
        return 1;
    if (f != NULL && f->sec == SEC_SNMPCOMM && f->level == 1 && weq(&w[1], "name"))
        return 1;
    return enc_value(w, n);
}

/* "SH2", "AK1", "PB2" after ENC. */
static const char *hash_kind(const struct otlp_word *w, size_t n, char *fmt, size_t fmtsz)
{
    size_t i;
    for (i = 2; i + 1 < n && i + 1 < MAXW; i++) {
        if (!weq(&w[i], "ENC"))
            continue;
        if (wpre(&w[i + 1], "SH2")) {
            snprintf(fmt, fmtsz, "ENC SH2");
            return "sha256";
        }
        if (wpre(&w[i + 1], "AK1")) {
            snprintf(fmt, fmtsz, "ENC AK1");
            return "sha1";
        }
        if (wpre(&w[i + 1], "PB2")) {
            snprintf(fmt, fmtsz, "ENC PB2");
            return "pbkdf2";
        }
        snprintf(fmt, fmtsz, "ENC");
        return "unknown";
    }
    snprintf(fmt, fmtsz, "cleartext");
    return "cleartext";
}

/* A cleartext value (a CLI script) that is a well-known default: the SDK's
 * list, and "fortinet", the value of Fortinet's examples and lab scripts. */
static int known_default(const struct otlp_word *v)
{
    return otlp_known_default_secret(v->s, v->n) || (v->n == 8 && strncasecmp(v->s, "fortinet", 8) == 0);
}

/* Reversibly encrypted with a key every FortiOS image holds (ENC), or clear. */
static const char *enc_kind(const struct otlp_word *w, size_t n)
{
    return enc_value(w, n) ? "reversible" : "cleartext";
}

/* ---------------------------------------------------------------- addresses */

/* "10.0.0.1 255.255.255.0" or "10.0.0.1/24" -> "10.0.0.1/24"; *hostp: /32. */
static void prefix(char *out, size_t cap, const struct otlp_word *w, size_t n, size_t i, int *hostp)
{
    char a[64];
    int len = -1;
    out[0] = '\0';
    if (hostp)
        *hostp = 0;
    if (i >= n || i >= MAXW)
        return;
    wcopy(a, sizeof a, &w[i]);
    if (strchr(a, '/') != NULL) {
        size_t l = strlen(a);
        snprintf(out, cap, "%s", a);
        if (hostp)
            *hostp = l > 3 && strcmp(a + l - 3, "/32") == 0;
        return;
    }
    if (i + 1 < n && i + 1 < MAXW)
        len = otlp_mask_prefix(w[i + 1].s, w[i + 1].n);
    if (len < 0)
        len = 32;
    snprintf(out, cap, "%s/%d", a, len);
    if (hostp)
        *hostp = len == 32;
}

/* ---------------------------------------------------------------- ports */

/* FortiOS port ranges: "80 443:1024-65535 8000-8080" (dst[:src]).  Adds
 * destination ranges to dst and source ranges to src (space-separated, each
 * once). */
static void portranges(const struct otlp_word *w, size_t n, size_t i, char *dst, size_t dcap, char *src,
                       size_t scap)
{
    for (; i < n && i < MAXW; i++) {
        char b[64], *colon;
        wcopy(b, sizeof b, &w[i]);
        colon = strchr(b, ':');
        if (colon != NULL)
            *colon++ = '\0';
        if (b[0] != '\0')
            otlp_list_add(dst, dcap, b);
        if (colon != NULL && *colon != '\0')
            otlp_list_add(src, scap, colon);
    }
}

/* ---------------------------------------------------------------- predefined services */

/* FortiOS factory `config firewall service custom` entries (the default
 * configuration of 6.x/7.x, as `show` prints them on a new device; the
 * FortiOS 6.4.4 capture in the shared corpus lists them): written as
 * defaulted facts when a policy references one the file does not define. */
static const struct {
    const char *name, *proto, *ports;
} predef[] = {
    {"ALL", "ip", NULL},          {"ALL_TCP", "tcp", "1-65535"}, {"ALL_UDP", "udp", "1-65535"},
    {"ALL_ICMP", "icmp", NULL},   {"ALL_ICMP6", "icmp6", NULL},  {"GRE", "47", NULL},
    {"AH", "51", NULL},           {"ESP", "50", NULL},           {"PING", "icmp", NULL},
    {"HTTP", "tcp", "80"},        {"HTTPS", "tcp", "443"},       {"SSH", "tcp", "22"},
    {"TELNET", "tcp", "23"},      {"FTP", "tcp", "21"},          {"TFTP", "udp", "69"},
    {"DNS", "tcp-udp", "53"},     {"NTP", "tcp-udp", "123"},     {"SNMP", "tcp-udp", "161-162"},
    {"SMTP", "tcp", "25"},        {"SMTPS", "tcp", "465"},       {"POP3", "tcp", "110"},
    {"IMAP", "tcp", "143"},       {"IMAPS", "tcp", "993"},       {"POP3S", "tcp", "995"},
    {"LDAP", "tcp", "389"},       {"RDP", "tcp", "3389"},        {"VNC", "tcp", "5900"},
    {"SYSLOG", "udp", "514"},     {"SAMBA", "tcp", "139"},       {"SMB", "tcp", "445"},
    {"MS-SQL", "tcp", "1433 1434"}, {"MYSQL", "tcp", "3306"},    {"KERBEROS", "tcp-udp", "88"},
    {"RADIUS", "udp", "1812 1813"}, {"BGP", "tcp", "179"},       {"DHCP", "udp", "67-68"},
    {"IKE", "udp", "500 4500"},   {"NNTP", "tcp", "119"},        {"IRC", "tcp", "6660-6669"},
    {"WINS", "tcp-udp", "1512"},  {"SIP", "tcp-udp", "5060"},    {"X-WINDOWS", "tcp", "6000-6063"},
    {"PPTP", "tcp", "1723"},      {"L2TP", "tcp-udp", "1701"},   {"SQUID", "tcp", "3128"},
    {"WEB", "tcp", "80 443"},     {"TRACEROUTE", "udp", "33434-33535"},
};

static int predef_find(const char *name)
{
    size_t i;
    if (name[0] < 'A' || name[0] > 'Z')
        return -1;
    for (i = 0; i < sizeof predef / sizeof predef[0]; i++)
        if (strcmp(predef[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* ---------------------------------------------------------------- rule children */

static void add_ref(struct st *S, xmlNodePtr node, const char *name, int kind)
{
    struct ref *r;
    if (grow(S, (void **)&S->refs, &S->cap_refs, S->n_refs, sizeof *S->refs) < 0)
        return;
    r = &S->refs[S->n_refs++];
    r->node = node;
    r->kind = kind;
    snprintf(r->ctx, NAMELEN, "%s", S->cur);
    snprintf(r->name, NAMELEN, "%s", name);
}

/* One child per name: srcintf/dstintf (from/to), srcaddr/dstaddr
 * (source/destination), service. `any` (interfaces) is any; `all`
 * (addresses) and `ALL` (services) are decided at the end (an object of that
 * name defined in the file is referenced by name). */
static void rule_children(struct st *S, xmlNodePtr rule, const char *el, const struct otlp_word *w,
                          size_t n, int kind, unsigned long line)
{
    size_t i;
    for (i = 2; i < n && i < MAXW; i++) {
        char name[NAMELEN];
        xmlNodePtr c = otlp_doc_node(&S->doc, rule, el, line);
        if (c == NULL)
            return;
        wcopy(name, sizeof name, &w[i]);
        if (kind == 'i' && strcmp(name, "any") == 0) {
            otlp_doc_set(&S->doc, c, "any", "true");
            continue;
        }
        otlp_doc_set(&S->doc, c, "name", name);
        if ((kind == 'a' && strcmp(name, "all") == 0) || (kind == 's' && predef_find(name) >= 0))
            add_ref(S, c, name, kind);
    }
}

/* ---------------------------------------------------------------- the sections */

static void join_words(char *out, size_t cap, const struct otlp_word *w, size_t n, size_t from, int lower)
{
    size_t i, o = strlen(out);
    for (i = from; i < n && i < MAXW; i++) {
        size_t j;
        if (o + w[i].n + 2 >= cap)
            break;
        if (o > 0)
            out[o++] = ' ';
        for (j = 0; j < w[i].n; j++)
            out[o++] = lower ? (char)tolower((unsigned char)w[i].s[j]) : w[i].s[j];
        out[o] = '\0';
    }
}

static void global_set(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    const struct otlp_word *k = &w[1], *v = &w[2];
    int en = weq(v, "enable");
    if (weq(k, "hostname")) {
        wcopy(S->hostname, sizeof S->hostname, v);
        S->hostname_line = line;
    } else if (weq(k, "admintimeout")) {
        S->admintimeout = wnum(v);
        S->l_timeout = line;
    } else if (weq(k, "admin-lockout-threshold")) {
        S->lockout_thr = wnum(v);
        S->l_lockout = line;
    } else if (weq(k, "admin-lockout-duration")) {
        S->lockout_dur = wnum(v);
        S->l_lockout = S->l_lockout ? S->l_lockout : line;
    } else if (weq(k, "admin-sport")) {
        S->sport = wnum(v);
        S->l_sport = line;
    } else if (weq(k, "admin-port")) {
        S->port = wnum(v);
        S->l_port = line;
    } else if (weq(k, "admin-ssh-port")) {
        S->ssh_port = wnum(v);
        S->l_ssh_port = line;
    } else if (weq(k, "admin-https-redirect")) {
        S->https_redirect = en ? 1 : 0;
    } else if (weq(k, "admin-telnet")) {
        S->admin_telnet = en ? 1 : 0;
        S->l_telnet = line;
    } else if (weq(k, "admin-ssh-v1")) {
        S->ssh_v1 = en ? 1 : 0;
        S->l_ssh_v1 = line;
    } else if (weq(k, "strong-crypto")) {
        S->strong_crypto = en ? 1 : 0;
    } else if (weq(k, "pre-login-banner")) {
        S->pre_banner = en ? 1 : 0;
        S->l_pre = line;
    } else if (weq(k, "post-login-banner")) {
        S->post_banner = en ? 1 : 0;
        S->l_post = line;
    } else if (weq(k, "ssh-kex-algo")) {
        S->kex[0] = '\0';
        join_words(S->kex, sizeof S->kex, w, n, 2, 0);
        S->l_kex = line;
    }
}

static void iface_edit(struct st *S, struct frame *f, unsigned long line)
{
    struct iface *i;
    if (grow(S, (void **)&S->ifs, &S->cap_ifs, S->n_ifs, sizeof *S->ifs) < 0)
        return;
    i = &S->ifs[S->n_ifs];
    memset(i, 0, sizeof *i);
    snprintf(i->name, NAMELEN, "%s", f->name);
    snprintf(i->ctx, NAMELEN, "%s", S->cur);
    i->line = line;
    i->node = otlp_doc_fact(&S->doc, "interface", line);
    otlp_doc_set(&S->doc, i->node, "name", f->name);
    otlp_doc_set(&S->doc, i->node, "mode", "routed");
    f->ent = (int)S->n_ifs++;
}


static void iface_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, unsigned long line)
{
    struct iface *i;
    xmlNodePtr x;
    if (f->ent < 0 || (size_t)f->ent >= S->n_ifs)
        return;
    i = &S->ifs[f->ent];
    x = i->node;
    if (weq(&w[1], "ip")) {
        char p[96];
        prefix(p, sizeof p, w, n, 2, NULL);
        otlp_doc_set(&S->doc, x, "address", p);
        otlp_doc_set(&S->doc, x, "ip-mode", "static");
    } else if (weq(&w[1], "mode") && weq(&w[2], "dhcp")) {
        otlp_doc_set(&S->doc, x, "ip-mode", "dhcp");
    } else if (weq(&w[1], "allowaccess")) {
        i->access[0] = '\0';
        join_words(i->access, sizeof i->access, w, n, 2, 1);
        i->access_line = line;
    } else if (weq(&w[1], "role")) {
        wcopy(i->role, sizeof i->role, &w[2]);
        setw(S, x, "role", &w[2]);
    } else if (weq(&w[1], "alias") || weq(&w[1], "description")) {
        setw(S, x, "description", &w[2]);
        if (weq(&w[1], "alias"))
            wcopy(i->alias, sizeof i->alias, &w[2]);
    } else if (weq(&w[1], "status")) {
        otlp_doc_setb(&S->doc, x, "enabled", !weq(&w[2], "down"));
    } else if (weq(&w[1], "vdom") && S->vdom_mode) {
        wcopy(i->ctx, sizeof i->ctx, &w[2]);
        setw(S, x, "context", &w[2]);
    } else if (weq(&w[1], "vlanid")) {
        setw(S, x, "vlan", &w[2]);
    }
}

/* The zone NAME of the current VDOM, made when absent. */
static struct zone *zone_get(struct st *S, const char *name, unsigned long line)
{
    struct zone *z;
    size_t i;
    for (i = 0; i < S->n_zones; i++)
        if (strcmp(S->zones[i].name, name) == 0 && strcmp(S->zones[i].ctx, S->cur) == 0)
            return &S->zones[i];
    if (grow(S, (void **)&S->zones, &S->cap_zones, S->n_zones, sizeof *S->zones) < 0)
        return NULL;
    z = &S->zones[S->n_zones++];
    memset(z, 0, sizeof *z);
    snprintf(z->name, NAMELEN, "%s", name);
    snprintf(z->ctx, NAMELEN, "%s", S->cur);
    z->line = line;
    defined_add(S, S->cur, 'i', name);
    return z;
}

static void zone_member(struct zone *z, const char *m)
{
    size_t o, l = strlen(m);
    if (z == NULL || l == 0)
        return;
    o = strlen(z->members);
    if (o + l + 2 >= sizeof z->members)
        return;
    memcpy(z->members + o, m, l);
    z->members[o + l] = '\x01';
    z->members[o + l + 1] = '\0';
}

/* An SD-WAN member (`config members` / `edit N` / `set interface` [`set
 * zone`], 7.x; 6.x has one zone, virtual-wan-link) joins its zone. */
static void sdwan_member_close(struct st *S, struct frame *f)
{
    struct zone *z;
    if (f->aux[0] == '\0')
        return;
    z = zone_get(S, f->aux2[0] ? f->aux2 : "virtual-wan-link", f->line);
    if (z != NULL)
        zone_member(z, f->aux);
}

static void zone_edit(struct st *S, struct frame *f, unsigned long line)
{
    struct zone *z;
    if (grow(S, (void **)&S->zones, &S->cap_zones, S->n_zones, sizeof *S->zones) < 0)
        return;
    z = &S->zones[S->n_zones];
    memset(z, 0, sizeof *z);
    snprintf(z->name, NAMELEN, "%s", f->name);
    snprintf(z->ctx, NAMELEN, "%s", S->cur);
    z->line = line;
    f->ent = (int)S->n_zones++;
    defined_add(S, S->cur, 'i', f->name);
}

static void zone_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, int append)
{
    struct zone *z;
    size_t i;
    if (f->ent < 0 || (size_t)f->ent >= S->n_zones || !weq(&w[1], "interface"))
        return;
    z = &S->zones[f->ent];
    if (!append)
        z->members[0] = '\0';
    for (i = 2; i < n && i < MAXW; i++) {
        char m[NAMELEN];
        wcopy(m, sizeof m, &w[i]);
        zone_member(z, m);
    }
}

static void admin_next(struct st *S, struct frame *f)
{
    if (f->fact == NULL)
        return;
    S->admins++;
    if (S->admin_trust)
        S->admins_trusted++;
    otlp_doc_at(&S->doc, 0);
    if (xmlHasProp(f->fact, (const xmlChar *)"secret-kind") == NULL) {
        otlp_doc_set(&S->doc, f->fact, "secret-kind", "none");
        if (strcmp(f->name, "admin") == 0)
            otlp_doc_set(&S->doc, f->fact, "known-default", "true");
    }
}

static void admin_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, unsigned long line)
{
    xmlNodePtr a = f->fact;
    (void)line;
    if (weq(&w[1], "accprofile")) {
        setw(S, a, "role", &w[2]);
        otlp_doc_set(&S->doc, a, "privilege", weq(&w[2], "super_admin") ? "15" : "1");
    } else if (weq(&w[1], "password")) {
        char fmt[16];
        const char *k = hash_kind(w, n, fmt, sizeof fmt);
        otlp_doc_set(&S->doc, a, "secret-kind", k);
        otlp_doc_set(&S->doc, a, "secret-format", fmt);
        otlp_doc_set(&S->doc, a, "known-default", "false");
    } else if ((wpre(&w[1], "trusthost") || wpre(&w[1], "ip6-trusthost")) && n >= 3) {
        char p[96], cur[1024];
        xmlChar *old = xmlGetProp(a, (const xmlChar *)"trusted-hosts");
        prefix(p, sizeof p, w, n, 2, NULL);
        if (strcmp(p, "0.0.0.0/0") == 0 || strcmp(p, "::/0") == 0) {
            xmlFree(old);
            return;
        }
        snprintf(cur, sizeof cur, "%s%s%s", old ? (const char *)old : "", old ? " " : "", p);
        xmlFree(old);
        otlp_doc_set(&S->doc, a, "trusted-hosts", cur);
        otlp_list_add(S->trusted, sizeof S->trusted, p);
        S->admin_trust = 1;
    }
}

static void addr_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, int v6)
{
    xmlNodePtr a = f->fact;
    char p[128];
    int host;
    if (weq(&w[1], "subnet") || (v6 && weq(&w[1], "ip6"))) {
        prefix(p, sizeof p, w, n, 2, &host);
        otlp_doc_set(&S->doc, a, "kind", host || (v6 && strstr(p, "/128") != NULL) ? "host" : "subnet");
        otlp_doc_set(&S->doc, a, "value", p);
    } else if (weq(&w[1], "start-ip")) {
        char b[64];
        wcopy(b, sizeof b, &w[2]);
        otlp_doc_set(&S->doc, a, "kind", "range");
        otlp_doc_set(&S->doc, a, "value", b);
    } else if (weq(&w[1], "end-ip")) {
        xmlChar *s = xmlGetProp(a, (const xmlChar *)"value");
        char b[64];
        wcopy(b, sizeof b, &w[2]);
        snprintf(p, sizeof p, "%s-%s", s ? (const char *)s : "0.0.0.0", b);
        xmlFree(s);
        otlp_doc_set(&S->doc, a, "kind", "range");
        otlp_doc_set(&S->doc, a, "value", p);
    } else if (weq(&w[1], "fqdn") || weq(&w[1], "wildcard-fqdn")) {
        otlp_doc_set(&S->doc, a, "kind", "fqdn");
        setw(S, a, "value", &w[2]);
    } else if (weq(&w[1], "country")) {
        otlp_doc_set(&S->doc, a, "kind", "geo");
        setw(S, a, "value", &w[2]);
    } else if (weq(&w[1], "wildcard") && n >= 4) {
        char b[64], m[64];
        wcopy(b, sizeof b, &w[2]);
        wcopy(m, sizeof m, &w[3]);
        snprintf(p, sizeof p, "%s/%s", b, m);
        otlp_doc_set(&S->doc, a, "kind", "wildcard");
        otlp_doc_set(&S->doc, a, "value", p);
    } else if (weq(&w[1], "type")) {
        if (weq(&w[2], "dynamic") || weq(&w[2], "interface-subnet") || weq(&w[2], "mac"))
            otlp_doc_set(&S->doc, a, "kind", weq(&w[2], "dynamic") ? "dynamic" : "other");
    }
}

static void grp_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, unsigned long line,
                    int append)
{
    size_t i;
    if (!weq(&w[1], "member"))
        return;
    if (!append) {
        xmlNodePtr c = f->fact != NULL ? f->fact->children : NULL;
        while (c != NULL) { /* a later `set member` replaces the list */
            xmlNodePtr nx = c->next;
            if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, (const xmlChar *)"member") == 0) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            }
            c = nx;
        }
    }
    for (i = 2; i < n && i < MAXW; i++) {
        xmlNodePtr m = otlp_doc_node(&S->doc, f->fact, "member", line);
        setw(S, m, "name", &w[i]);
    }
}

static void svc_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n)
{
    xmlNodePtr s = f->fact;
    if (weq(&w[1], "protocol")) {
        char p[24];
        size_t i;
        wcopy(p, sizeof p, &w[2]);
        for (i = 0; p[i]; i++)
            p[i] = (char)tolower((unsigned char)p[i]);
        if (strcmp(p, "tcp/udp/sctp") == 0)
            p[0] = '\0'; /* decided by the port ranges */
        if (p[0] != '\0')
            otlp_doc_set(&S->doc, s, "protocol", p);
        f->sub = strcmp(p, "ip") == 0 ? 1 : 0;
    } else if (weq(&w[1], "protocol-number")) {
        long v = wnum(&w[2]);
        if (v > 0)
            otlp_doc_setf(&S->doc, s, "protocol", "%ld", v);
    } else if (weq(&w[1], "icmptype")) {
        setw(S, s, "icmp-type", &w[2]);
    } else if (weq(&w[1], "tcp-portrange") || weq(&w[1], "udp-portrange") ||
               weq(&w[1], "sctp-portrange")) {
        char d[512] = "", sp[256] = "";
        xmlChar *od = xmlGetProp(s, (const xmlChar *)"ports");
        xmlChar *os = xmlGetProp(s, (const xmlChar *)"source-ports");
        xmlChar *op = xmlGetProp(s, (const xmlChar *)"protocol");
        const char *proto = weq(&w[1], "tcp-portrange") ? "tcp" : weq(&w[1], "udp-portrange") ? "udp" : "sctp";
        if (od != NULL)
            snprintf(d, sizeof d, "%s", (const char *)od);
        if (os != NULL)
            snprintf(sp, sizeof sp, "%s", (const char *)os);
        /* tcp and udp ranges on one service: protocol tcp-udp and the union
         * of the ranges (an over-approximation, docs/formats/fortios.md) */
        if (op != NULL && strcmp((const char *)op, proto) != 0 &&
            (strcmp(proto, "sctp") != 0))
            proto = "tcp-udp";
        else if (op != NULL && strcmp(proto, "sctp") == 0)
            proto = (const char *)op;
        portranges(w, n, 2, d, sizeof d, sp, sizeof sp);
        otlp_doc_set(&S->doc, s, "protocol", proto);
        otlp_doc_set(&S->doc, s, "ports", d);
        if (sp[0] != '\0')
            otlp_doc_set(&S->doc, s, "source-ports", sp);
        xmlFree(od);
        xmlFree(os);
        xmlFree(op);
    }
}

static void policy_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, unsigned long line)
{
    xmlNodePtr r = f->fact;
    const struct otlp_word *k = &w[1], *v = &w[2];
    if (weq(k, "srcintf"))
        rule_children(S, r, "from", w, n, 'i', line);
    else if (weq(k, "dstintf"))
        rule_children(S, r, "to", w, n, 'i', line);
    else if (weq(k, "srcaddr") || weq(k, "srcaddr6"))
        rule_children(S, r, "source", w, n, 'a', line);
    else if (weq(k, "dstaddr") || weq(k, "dstaddr6"))
        rule_children(S, r, "destination", w, n, 'a', line);
    else if (weq(k, "service"))
        rule_children(S, r, "service", w, n, 's', line);
    else if (weq(k, "internet-service-name") || weq(k, "application"))
        rule_children(S, r, "application", w, n, 'x', line);
    else if (weq(k, "action"))
        otlp_doc_set(&S->doc, r, "action", weq(v, "accept") || weq(v, "ipsec") ? "permit" : "deny");
    else if (weq(k, "status"))
        otlp_doc_setb(&S->doc, r, "enabled", !weq(v, "disable"));
    else if (weq(k, "logtraffic")) {
        otlp_doc_setb(&S->doc, r, "log", weq(v, "all"));
        f->sub = 1;
    } else if (weq(k, "schedule"))
        setw(S, r, "schedule", v);
    else if (weq(k, "name"))
        setw(S, r, "name", v);
    else if (weq(k, "srcaddr-negate"))
        otlp_doc_setb(&S->doc, r, "source-negate", weq(v, "enable"));
    else if (weq(k, "dstaddr-negate"))
        otlp_doc_setb(&S->doc, r, "destination-negate", weq(v, "enable"));
}

static void vip_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n)
{
    xmlNodePtr v = f->fact;
    const struct otlp_word *k = &w[1];
    (void)n;
    if (weq(k, "extip")) {
        setw(S, v, "original-destination", &w[2]);
        /* a VIP is also a destination address of policies: its external address */
        if (f->fact2 == NULL) {
            f->fact2 = otlp_doc_fact(&S->doc, "fw-address", f->line);
            otlp_doc_set(&S->doc, f->fact2, "name", f->name);
            set_ctx(S, f->fact2);
        }
        otlp_doc_set(&S->doc, f->fact2, "kind", memchr(w[2].s, '-', w[2].n) ? "range" : "host");
        setw(S, f->fact2, "value", &w[2]);
    }
    else if (weq(k, "mappedip"))
        setw(S, v, "translated-destination", &w[2]);
    else if (weq(k, "extintf"))
        setw(S, v, "from", &w[2]);
    else if (weq(k, "portforward"))
        f->sub = weq(&w[2], "enable");
    else if (weq(k, "protocol"))
        setw(S, v, "protocol", &w[2]);
    else if (weq(k, "extport")) {
        char p[64];
        size_t i;
        wcopy(p, sizeof p, &w[2]);
        for (i = 0; p[i]; i++)
            if (p[i] == ':')
                p[i] = '\0';
        otlp_doc_set(&S->doc, v, "original-port", p);
    } else if (weq(k, "mappedport"))
        setw(S, v, "translated-port", &w[2]);
    else if (weq(k, "status"))
        otlp_doc_setb(&S->doc, v, "enabled", !weq(&w[2], "disable"));
}

/* "aes128-sha256 3des-md5 aes256gcm-prfsha384 chacha20poly1305-prfsha256" */
static void proposal(struct st *S, xmlNodePtr v, const struct otlp_word *w, size_t n)
{
    char enc[256] = "", integ[128] = "";
    size_t i;
    for (i = 2; i < n && i < MAXW; i++) {
        char b[64], *dash, e[72], h[72];
        wcopy(b, sizeof b, &w[i]);
        dash = strchr(b, '-');
        if (dash != NULL)
            *dash++ = '\0';
        snprintf(e, sizeof e, "%s", b);
        if (strcmp(b, "aes128gcm") == 0)
            snprintf(e, sizeof e, "aes128-gcm");
        else if (strcmp(b, "aes256gcm") == 0)
            snprintf(e, sizeof e, "aes256-gcm");
        else if (strcmp(b, "chacha20poly1305") == 0)
            snprintf(e, sizeof e, "chacha20-poly1305");
        h[0] = '\0';
        if (dash != NULL)
            snprintf(h, sizeof h, "%s", strncmp(dash, "prf", 3) == 0 ? dash + 3 : dash);
        otlp_list_add(enc, sizeof enc, e);
        if (h[0] != '\0')
            otlp_list_add(integ, sizeof integ, h);
    }
    otlp_doc_set(&S->doc, v, "encryption", enc);
    if (integ[0])
        otlp_doc_set(&S->doc, v, "integrity", integ);
}

static void vpn_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, int p1,
                    unsigned long line)
{
    xmlNodePtr v = f->fact;
    const struct otlp_word *k = &w[1];
    char b[512] = "";
    if (weq(k, "proposal"))
        proposal(S, v, w, n);
    else if (weq(k, "dhgrp")) {
        join_words(b, sizeof b, w, n, 2, 0);
        otlp_doc_set(&S->doc, v, "dh-group", b);
        if (!p1)
            f->sub |= 2;
    } else if (p1 && weq(k, "ike-version"))
        setw(S, v, "ike-version", &w[2]);
    else if (p1 && weq(k, "mode"))
        otlp_doc_set(&S->doc, v, "mode", weq(&w[2], "aggressive") ? "aggressive" : "main");
    else if (p1 && weq(k, "remote-gw"))
        setw(S, v, "peer", &w[2]);
    else if (p1 && weq(k, "authmethod"))
        otlp_doc_set(&S->doc, v, "authentication", weq(&w[2], "signature") ? "certificate" : "psk");
    else if (p1 && weq(k, "psksecret")) {
        xmlNodePtr p = otlp_doc_fact(&S->doc, "pre-shared-key", line);
        xmlChar *peer = xmlGetProp(v, (const xmlChar *)"peer");
        otlp_doc_set(&S->doc, p, "context", "ike");
        otlp_doc_set(&S->doc, p, "peer", peer ? (const char *)peer : f->name);
        otlp_doc_set(&S->doc, p, "secret-kind", enc_kind(w, n));
        otlp_doc_setb(&S->doc, p, "known-default", !enc_value(w, n) && known_default(&w[2]));
        xmlFree(peer);
        f->fact2 = p;
    } else if (!p1 && weq(k, "phase1name"))
        setw(S, v, "peer", &w[2]);
    else if (!p1 && weq(k, "pfs"))
        f->sub |= weq(&w[2], "disable") ? 1 : 0;
    else if (weq(k, "keylifeseconds") || weq(k, "keylife"))
        setw(S, v, "lifetime", &w[2]);
}

static void snmp_comm_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n)
{
    xmlNodePtr c = f->fact;
    (void)n;
    if (weq(&w[1], "name")) {
        otlp_doc_setb(&S->doc, c, "known-default", known_default(&w[2]));
    } else if (weq(&w[1], "query-v2c-status") && weq(&w[2], "disable")) {
        f->sub |= 1;
    } else if (weq(&w[1], "query-v1-status") && weq(&w[2], "disable")) {
        f->sub |= 2;
    } else if (weq(&w[1], "status") && weq(&w[2], "disable")) {
        f->sub |= 4;
    }
}

static void snmp_user_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n)
{
    xmlNodePtr u = f->fact;
    (void)n;
    if (weq(&w[1], "security-level"))
        otlp_doc_set(&S->doc, u, "security",
                     weq(&w[2], "auth-priv") ? "priv" : weq(&w[2], "auth-no-priv") ? "auth" : "noauth");
    else if (weq(&w[1], "auth-proto"))
        setw(S, u, "auth", &w[2]);
    else if (weq(&w[1], "priv-proto"))
        setw(S, u, "priv", &w[2]);
}

static void syslog_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n)
{
    xmlNodePtr t = f->fact;
    (void)n;
    if (weq(&w[1], "status"))
        f->sub = weq(&w[2], "enable") ? (f->sub | 1) : (f->sub & ~1);
    else if (weq(&w[1], "server"))
        setw(S, t, "host", &w[2]);
    else if (weq(&w[1], "port"))
        setw(S, t, "port", &w[2]);
    else if (weq(&w[1], "mode") || weq(&w[1], "reliable"))
        f->sub = (weq(&w[2], "reliable") || weq(&w[2], "legacy-reliable") || weq(&w[2], "enable"))
                     ? (f->sub | 2)
                     : (f->sub & ~2);
    else if (weq(&w[1], "enc-algorithm"))
        f->sub = !weq(&w[2], "disable") ? (f->sub | 4) : (f->sub & ~4);
}

static void aaa_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n)
{
    xmlNodePtr a = f->fact;
    if (weq(&w[1], "server"))
        setw(S, a, "address", &w[2]);
    else if (weq(&w[1], "secret") || weq(&w[1], "key") || weq(&w[1], "password"))
        otlp_doc_set(&S->doc, a, "secret-kind", enc_kind(w, n));
}

/* ---------------------------------------------------------------- entries */

static void entry_open(struct st *S, struct frame *f, unsigned long line)
{
    xmlNodePtr x = NULL;
    struct vctx *vc;
    switch (f->sec) {
    case SEC_IFACE:
        iface_edit(S, f, line);
        return;
    case SEC_ZONE:
        zone_edit(S, f, line);
        return;
    case SEC_ADMIN:
        x = otlp_doc_fact(&S->doc, "account", line);
        otlp_doc_set(&S->doc, x, "name", f->name);
        S->admin_trust = 0;
        break;
    case SEC_ADDR:
    case SEC_ADDR6:
        x = otlp_doc_fact(&S->doc, "fw-address", line);
        otlp_doc_set(&S->doc, x, "name", f->name);
        set_ctx(S, x);
        defined_add(S, S->cur, 'a', f->name);
        break;
    case SEC_ADDRGRP:
    case SEC_ADDRGRP6:
        x = otlp_doc_fact(&S->doc, "fw-address", line);
        otlp_doc_set(&S->doc, x, "name", f->name);
        otlp_doc_set(&S->doc, x, "kind", "group");
        set_ctx(S, x);
        defined_add(S, S->cur, 'a', f->name);
        break;
    case SEC_SVC:
    case SEC_SVCGRP:
        x = otlp_doc_fact(&S->doc, "fw-service", line);
        otlp_doc_set(&S->doc, x, "name", f->name);
        otlp_doc_set(&S->doc, x, "kind", f->sec == SEC_SVC ? "service" : "group");
        set_ctx(S, x);
        defined_add(S, S->cur, 's', f->name);
        break;
    case SEC_POLICY:
    case SEC_POLICY6:
        vc = vctx_get(S, S->cur);
        x = otlp_doc_fact(&S->doc, "fw-rule", line);
        otlp_doc_set(&S->doc, x, "policy", f->sec == SEC_POLICY ? "policy" : "policy6");
        otlp_doc_set(&S->doc, x, "kind", "security");
        if (vc != NULL)
            otlp_doc_setu(&S->doc, x, "seq", f->sec == SEC_POLICY ? ++vc->seq4 : ++vc->seq6);
        otlp_doc_set(&S->doc, x, "id", f->name);
        set_ctx(S, x);
        break;
    case SEC_VIP:
        vc = vctx_get(S, S->cur);
        x = otlp_doc_fact(&S->doc, "fw-nat", line);
        otlp_doc_set(&S->doc, x, "kind", "vip");
        otlp_doc_set(&S->doc, x, "name", f->name);
        if (vc != NULL)
            otlp_doc_setu(&S->doc, x, "seq", ++vc->vipseq);
        otlp_doc_set(&S->doc, x, "inbound", "true");
        set_ctx(S, x);
        defined_add(S, S->cur, 'a', f->name);
        break;
    case SEC_P1:
    case SEC_P2:
        x = otlp_doc_fact(&S->doc, "vpn-crypto", line);
        otlp_doc_set(&S->doc, x, "phase", f->sec == SEC_P1 ? "ike" : "ipsec");
        otlp_doc_set(&S->doc, x, "name", f->name);
        set_ctx(S, x);
        break;
    case SEC_SNMPCOMM:
        x = otlp_doc_fact(&S->doc, "snmp-community", line);
        otlp_doc_set(&S->doc, x, "access", "ro");
        S->snmp_any = 1;
        break;
    case SEC_SNMPUSER:
        x = otlp_doc_fact(&S->doc, "snmp-user", line);
        otlp_doc_set(&S->doc, x, "name", f->name);
        otlp_doc_set(&S->doc, x, "version", "3");
        S->snmp_any = 1;
        break;
    case SEC_RADIUS:
    case SEC_TACACS:
    case SEC_LDAP:
        x = otlp_doc_fact(&S->doc, "aaa-server", line);
        otlp_doc_set(&S->doc, x, "protocol", f->sec == SEC_RADIUS ? "radius" : f->sec == SEC_TACACS ? "tacacs" : "ldap");
        otlp_doc_set(&S->doc, x, "name", f->name);
        break;
    default:
        return;
    }
    f->fact = x;
}

/* An entry's defaults, at `next` (or the `end` that closes it). */
static void entry_close(struct st *S, struct frame *f)
{
    xmlNodePtr x = f->fact;
    otlp_doc_at(&S->doc, 0);
    switch (f->sec) {
    case SEC_ADMIN:
        admin_next(S, f);
        break;
    case SEC_ADDR:
    case SEC_ADDR6:
        if (xmlHasProp(x, (const xmlChar *)"kind") == NULL) {
            /* type ipmask, subnet not shown: the default 0.0.0.0 0.0.0.0 */
            otlp_doc_set(&S->doc, x, "kind", "subnet");
            otlp_doc_set(&S->doc, x, "value", f->sec == SEC_ADDR ? "0.0.0.0/0" : "::/0");
        }
        break;
    case SEC_SVC:
        if (xmlHasProp(x, (const xmlChar *)"protocol") == NULL)
            otlp_doc_set(&S->doc, x, "protocol", "tcp-udp");
        break;
    case SEC_POLICY:
    case SEC_POLICY6:
        if (xmlHasProp(x, (const xmlChar *)"action") == NULL)
            otlp_doc_set(&S->doc, x, "action", "deny"); /* CLI default: deny */
        if (xmlHasProp(x, (const xmlChar *)"enabled") == NULL)
            otlp_doc_set(&S->doc, x, "enabled", "true");
        if (!f->sub)
            otlp_doc_set(&S->doc, x, "log", "false"); /* default logtraffic utm */
        break;
    case SEC_VIP:
        if (!f->sub) {
            xmlUnsetProp(x, (const xmlChar *)"original-port");
            xmlUnsetProp(x, (const xmlChar *)"translated-port");
            xmlUnsetProp(x, (const xmlChar *)"protocol");
        } else if (xmlHasProp(x, (const xmlChar *)"protocol") == NULL) {
            otlp_doc_set(&S->doc, x, "protocol", "tcp");
        }
        if (xmlHasProp(x, (const xmlChar *)"from") == NULL)
            otlp_doc_set(&S->doc, x, "from", "any");
        break;
    case SEC_P1:
        if (xmlHasProp(x, (const xmlChar *)"ike-version") == NULL)
            otlp_doc_set(&S->doc, x, "ike-version", "1");
        if (xmlHasProp(x, (const xmlChar *)"mode") == NULL) {
            xmlChar *iv = xmlGetProp(x, (const xmlChar *)"ike-version");
            if (iv != NULL && strcmp((const char *)iv, "1") == 0)
                otlp_doc_set(&S->doc, x, "mode", "main");
            xmlFree(iv);
        } else {
            xmlChar *iv = xmlGetProp(x, (const xmlChar *)"ike-version");
            if (iv != NULL && strcmp((const char *)iv, "2") == 0)
                xmlUnsetProp(x, (const xmlChar *)"mode");
            xmlFree(iv);
        }
        if (xmlHasProp(x, (const xmlChar *)"authentication") == NULL)
            otlp_doc_set(&S->doc, x, "authentication", "psk");
        if (f->fact2 != NULL) {
            xmlChar *peer = xmlGetProp(x, (const xmlChar *)"peer");
            if (peer != NULL)
                otlp_doc_set(&S->doc, f->fact2, "peer", (const char *)peer);
            xmlFree(peer);
        }
        break;
    case SEC_P2:
        if (f->sub & 1) {
            otlp_doc_set(&S->doc, x, "pfs", "none");
        } else {
            xmlChar *g = xmlGetProp(x, (const xmlChar *)"dh-group");
            if (g != NULL)
                otlp_doc_set(&S->doc, x, "pfs", (const char *)g);
            xmlFree(g);
        }
        break;
    case SEC_SNMPCOMM:
        if (f->sub & 4) {
            /* a disabled community answers nothing */
            xmlUnlinkNode(x);
            xmlFreeNode(x);
            f->fact = NULL;
            break;
        }
        otlp_doc_set(&S->doc, x, "version", (f->sub & 1) && !(f->sub & 2) ? "1" : "2c");
        if (f->fact2 != NULL)
            otlp_doc_set(&S->doc, x, "acl", "hosts");
        break;
    case SEC_SNMPUSER:
        if (xmlHasProp(x, (const xmlChar *)"security") == NULL)
            otlp_doc_set(&S->doc, x, "security", "noauth");
        break;
    case SEC_RADIUS:
    case SEC_TACACS:
    case SEC_LDAP:
        if (xmlHasProp(x, (const xmlChar *)"secret-kind") == NULL)
            otlp_doc_set(&S->doc, x, "secret-kind", "none");
        break;
    default:
        break;
    }
}

/* Settings blocks without entries (`config log syslogd setting`). */
static void block_open(struct st *S, struct frame *f, unsigned long line)
{
    if (f->sec == SEC_SYSLOG || f->sec == SEC_FAZ) {
        f->fact = otlp_doc_fact(&S->doc, "log-target", line);
        f->sub = 0;
        S->log_seen = 1;
    } else if (f->sec == SEC_NTP) {
        S->ntp_seen = 1;
        S->l_ntp = line;
    } else if (f->sec == SEC_PWPOL) {
        S->pw_seen = 1;
        S->l_pw = line;
    } else if (f->sec == SEC_GLOBAL) {
        S->have_global = 1;
    } else if (f->sec == SEC_SDWAN) {
        zone_get(S, "virtual-wan-link", line);
    }
}

static void block_close(struct st *S, struct frame *f)
{
    otlp_doc_at(&S->doc, 0);
    if ((f->sec == SEC_SYSLOG || f->sec == SEC_FAZ) && f->fact != NULL) {
        xmlNodePtr t = f->fact;
        if (!(f->sub & 1) || xmlHasProp(t, (const xmlChar *)"host") == NULL) {
            xmlUnlinkNode(t);
            xmlFreeNode(t);
            f->fact = NULL;
            return;
        }
        if (f->sec == SEC_FAZ)
            otlp_doc_set(&S->doc, t, "transport", (f->sub & 4) || !(f->sub & 8) ? "tls" : "tcp");
        else
            otlp_doc_set(&S->doc, t, "transport", (f->sub & 4) && (f->sub & 2) ? "tls" : (f->sub & 2) ? "tcp" : "udp");
    }
}

/* ---------------------------------------------------------------- statements */

static struct frame *top(struct st *S)
{
    return S->depth > 0 ? &S->stack[S->depth - 1] : NULL;
}

/* The frame of the entry a statement at the top belongs to (level 1). */
static struct frame *entry_frame(struct st *S)
{
    struct frame *f = top(S);
    return f != NULL && f->edit && f->level == 1 ? f : NULL;
}

static void nested_set(struct st *S, struct frame *f, const struct otlp_word *w, size_t n, unsigned long line)
{
    struct frame *e;
    int i;
    /* the entry (level 1) this nested block belongs to */
    for (i = S->depth - 1, e = NULL; i >= 0; i--)
        if (S->stack[i].edit && S->stack[i].level == 1) {
            e = &S->stack[i];
            break;
        }
    if (f->sub == SUB_HOSTS && e != NULL && e->sec == SEC_SNMPCOMM && weq(&w[1], "ip")) {
        char p[96];
        prefix(p, sizeof p, w, n, 2, NULL);
        if (strcmp(p, "0.0.0.0/0") != 0)
            e->fact2 = e->fact; /* a host restriction */
    } else if (f->sub == SUB_SDMEMBERS && f->edit && weq(&w[1], "interface")) {
        wcopy(f->aux, sizeof f->aux, &w[2]);
    } else if (f->sub == SUB_SDMEMBERS && f->edit && weq(&w[1], "zone")) {
        wcopy(f->aux2, sizeof f->aux2, &w[2]);
    } else if (f->sub == SUB_NTPSERVER && weq(&w[1], "server")) {
        if (f->fact == NULL) {
            f->fact = otlp_doc_fact(&S->doc, "ntp-server", f->line);
            otlp_doc_set(&S->doc, f->fact, "authenticated", "false");
        }
        setw(S, f->fact, "address", &w[2]);
    } else if (f->sub == SUB_NTPSERVER && weq(&w[1], "authentication") && weq(&w[2], "enable")) {
        if (f->fact == NULL) {
            f->fact = otlp_doc_fact(&S->doc, "ntp-server", f->line);
        }
        otlp_doc_set(&S->doc, f->fact, "authenticated", "true");
        S->ntp_auth_any = 1;
    } else if (f->sub == SUB_NTPSERVER && weq(&w[1], "key-id")) {
        if (f->fact != NULL)
            setw(S, f->fact, "key", &w[2]);
    } else if (f->sub == SUB_IPV6 && e != NULL && e->sec == SEC_IFACE && weq(&w[1], "ip6-allowaccess") &&
               e->ent >= 0 && (size_t)e->ent < S->n_ifs) {
        struct iface *fi = &S->ifs[e->ent];
        size_t k, j;
        /* protocols of IPv6 management access join the interface's */
        for (k = 2; k < n && k < MAXW; k++) {
            char p[40];
            wcopy(p, sizeof p, &w[k]);
            for (j = 0; p[j]; j++)
                p[j] = (char)tolower((unsigned char)p[j]);
            otlp_list_add(fi->access, sizeof fi->access, p);
        }
        if (fi->access_line == 0)
            fi->access_line = line;
    }
}

static void do_set(struct st *S, const struct otlp_word *w, size_t n, unsigned long line, int append)
{
    struct frame *f = top(S), *e;
    if (f == NULL || n < 3)
        return;
    if (f->level >= 2 || (f->level == 1 && !f->edit)) {
        nested_set(S, f, w, n, line);
        return;
    }
    if (!f->edit) { /* settings of a block */
        switch (f->sec) {
        case SEC_GLOBAL:
            global_set(S, w, n, line);
            break;
        case SEC_PWPOL:
            if (weq(&w[1], "status"))
                S->pw_status = weq(&w[2], "enable");
            else if (weq(&w[1], "minimum-length")) {
                S->pw_min = wnum(&w[2]);
                S->l_pwmin = line;
            } else if (wpre(&w[1], "min-") && wnum(&w[2]) > 0)
                S->pw_classes++;
            else if (weq(&w[1], "expire-status"))
                S->pw_expire = weq(&w[2], "enable");
            else if (weq(&w[1], "expire-day"))
                S->pw_expday = wnum(&w[2]);
            else if (weq(&w[1], "reuse-password"))
                S->pw_reuse = weq(&w[2], "disable");
            break;
        case SEC_NTP:
            if (weq(&w[1], "ntpsync")) {
                S->ntp_sync = weq(&w[2], "enable");
                S->l_ntpsync = line;
            } else if (weq(&w[1], "type"))
                S->ntp_custom = weq(&w[2], "custom");
            break;
        case SEC_SYSLOG:
        case SEC_FAZ:
            syslog_set(S, f, w, n);
            break;
        case SEC_SNMPSYS:
            if (weq(&w[1], "status"))
                S->snmp_sysinfo = weq(&w[2], "enable");
            break;
        case SEC_LOGSET:
            if (weq(&w[1], "fwpolicy-implicit-log"))
                S->implicit_log = weq(&w[2], "enable");
            break;
        default:
            break;
        }
        return;
    }
    e = entry_frame(S);
    if (e == NULL || e->fact == NULL) {
        if (e != NULL && e->sec == SEC_IFACE)
            iface_set(S, e, w, n, line);
        else if (e != NULL && e->sec == SEC_ZONE)
            zone_set(S, e, w, n, append);
        return;
    }
    switch (e->sec) {
    case SEC_ADMIN:
        admin_set(S, e, w, n, line);
        break;
    case SEC_ADDR:
        addr_set(S, e, w, n, 0);
        break;
    case SEC_ADDR6:
        addr_set(S, e, w, n, 1);
        break;
    case SEC_ADDRGRP:
    case SEC_ADDRGRP6:
    case SEC_SVCGRP:
        grp_set(S, e, w, n, line, append);
        break;
    case SEC_SVC:
        svc_set(S, e, w, n);
        break;
    case SEC_POLICY:
    case SEC_POLICY6:
        policy_set(S, e, w, n, line);
        break;
    case SEC_VIP:
        vip_set(S, e, w, n);
        break;
    case SEC_P1:
    case SEC_P2:
        vpn_set(S, e, w, n, e->sec == SEC_P1, line);
        break;
    case SEC_SNMPCOMM:
        snmp_comm_set(S, e, w, n);
        break;
    case SEC_SNMPUSER:
        snmp_user_set(S, e, w, n);
        break;
    case SEC_RADIUS:
    case SEC_TACACS:
    case SEC_LDAP:
        aaa_set(S, e, w, n);
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------- frames */

static void close_frame(struct st *S)
{
    struct frame *f = top(S);
    if (f == NULL)
        return;
    if (f->edit && f->sec == SEC_SDWAN && f->sub == SUB_SDMEMBERS)
        sdwan_member_close(S, f);
    if (f->edit && f->level == 1 && f->fact != NULL)
        entry_close(S, f);
    else if (f->edit && f->level == 1 && f->sec == SEC_ADMIN)
        admin_next(S, f);
    else if (!f->edit && f->level == 0)
        block_close(S, f);
    if (f->edit && f->level == 0 && S->in_vdom_entry) { /* leaving a VDOM */
        S->cur[0] = '\0';
        S->in_vdom_entry = 0;
    }
    if (!f->edit && f->sec == SEC_GLOBALW)
        S->cur[0] = '\0';
    S->depth--;
}

static int push(struct st *S, const struct frame *nf, unsigned long line)
{
    unsigned lim = S->host->max_depth;
    if (lim == 0 || lim > MAXSTACK)
        lim = MAXSTACK;
    if ((unsigned)S->depth >= lim) {
        if (!S->depth_reported) {
            S->depth_reported = 1;
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            S->host->diag(S->ctx, OTL_DIAG_ERROR, line, "nesting deeper than %u levels; the rest of the block is not read", lim);
        }
        return -1;
    }
    S->stack[S->depth++] = *nf;
    return 0;
}

/* Is `config W...` a FortiOS path here?  At the top (or in a VDOM, or in
 * `config global`) its first word must be one of FortiOS's; nested blocks
 * take any name. */
static int config_known(struct st *S, const struct otlp_word *w, size_t n)
{
    struct frame *f = top(S);
    if (n < 2)
        return 0;
    if (f == NULL || (f->sec == SEC_VDOM && f->edit) || f->sec == SEC_GLOBALW)
        return top_word(&w[1]) != NULL;
    return 1;
}

/* `config ...`: a new block (pushed even when unknown, so that its `end`
 * closes it). */
static void do_config(struct st *S, const struct otlp_word *w, size_t n, xmlNodePtr raw, unsigned long line)
{
    struct frame nf, *f = top(S);
    const char *tw;
    memset(&nf, 0, sizeof nf);
    nf.raw = raw;
    nf.line = line;
    nf.ent = -1;
    if (n < 2)
        return;
    if (f == NULL || (f->sec == SEC_VDOM && f->edit) || f->sec == SEC_GLOBALW) {
        tw = top_word(&w[1]);
        nf.sec = SEC_OTHER;
        if (tw != NULL && f == NULL && n == 2 && strcmp(tw, "vdom") == 0) {
            nf.sec = SEC_VDOM;
            S->vdom_mode = 1;
        } else if (tw != NULL && f == NULL && n == 2 && strcmp(tw, "global") == 0) {
            nf.sec = SEC_GLOBALW;
            S->vdom_mode = 1;
            S->cur[0] = '\0';
        } else if (tw != NULL) {
            nf.sec = section_of(tw, w + 1, n - 1);
            if (S->first_section[0] == '\0')
                snprintf(S->first_section, sizeof S->first_section, "%s%s%.*s", tw, n > 2 ? " " : "",
                         n > 2 ? (int)(w[2].n < 40 ? w[2].n : 40) : 0, n > 2 ? w[2].s : "");
        }
        if (push(S, &nf, line) < 0)
            return;
        if (nf.sec != SEC_VDOM && nf.sec != SEC_GLOBALW)
            block_open(S, top(S), line);
        return;
    }
    /* nested */
    nf.sec = f->sec;
    nf.level = f->level + 1;
    nf.sub = weq(&w[1], "hosts") || weq(&w[1], "hosts6") ? SUB_HOSTS
             : weq(&w[1], "ntpserver")                    ? SUB_NTPSERVER
             : weq(&w[1], "ipv6")                         ? SUB_IPV6
             : f->sec == SEC_SDWAN && weq(&w[1], "zone")      ? SUB_SDZONE
             : f->sec == SEC_SDWAN && weq(&w[1], "members")   ? SUB_SDMEMBERS
                                                          : SUB_OTHER;
    push(S, &nf, line);
}

static int do_edit(struct st *S, const struct otlp_word *w, size_t n, xmlNodePtr raw, unsigned long line)
{
    struct frame nf, *f = top(S);
    if (f == NULL || f->edit || n < 2)
        return 0;
    memset(&nf, 0, sizeof nf);
    nf.edit = 1;
    nf.raw = raw;
    nf.line = line;
    nf.ent = -1;
    nf.sec = f->sec;
    nf.sub = f->sub;
    nf.level = f->level + 1;
    wcopy(nf.name, sizeof nf.name, &w[1]);
    if (f->sec == SEC_VDOM) {
        nf.level = 0;
        snprintf(S->cur, sizeof S->cur, "%s", nf.name);
        S->in_vdom_entry = 1;
        vctx_get(S, nf.name);
    }
    if (push(S, &nf, line) < 0)
        return 1;
    f = top(S);
    otlp_doc_at(&S->doc, line);
    if (f->sec == SEC_SDWAN && f->sub == SUB_SDZONE)
        zone_get(S, f->name, line);
    if (f->level == 1)
        entry_open(S, f, line);
    return 1;
}

/* ---------------------------------------------------------------- one statement */

static void raw_stmt(struct st *S, const char *text, size_t tlen, unsigned long line, int known, int secret,
                     xmlNodePtr *node)
{
    struct frame *f = top(S);
    *node = NULL;
    if (otlp_doc_take(&S->doc, line) < 0)
        return;
    if (S->raw_records) {
        unsigned flags = (known ? 0 : OTL_RAW_UNRECOGNISED) | (secret ? OTL_RAW_SECRET : 0);
        if (otlp_raw_record(S->host, S->ctx, (unsigned)S->depth, line, text, tlen, flags) != 0)
            otlp_doc_nomem(&S->doc);
        return;
    }
    *node = otlp_child_text(f != NULL && f->raw != NULL ? f->raw : S->dd->raw, "stmt", line, text, tlen);
    if (*node == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    if (!known)
        otlp_doc_set(&S->doc, *node, "recognised", "false");
    if (secret)
        otlp_doc_setb(&S->doc, *node, "secret", 1);
}

static int has_url(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i + 2 < len; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            return 1;
    return 0;
}

/* The text the raw tree keeps: a secret's value redacted, a multi-line value
 * cut at its first line, the rest through the fail-closed scrubber. */
static char *raw_text(const char *s, size_t len, const struct otlp_word *w, size_t n, int secret, int *red)
{
    const char *nl = memchr(s, '\n', len);
    char *out;
    *red = 0;
    if (secret) {
        size_t l = w[1].s != NULL ? w[1].n : 0;
        out = malloc(l + 32 + sizeof OTL_REDACTED);
        if (out != NULL)
            snprintf(out, l + 32 + sizeof OTL_REDACTED, "%s %.*s %s", weq(&w[0], "append") ? "append" : "set", (int)l,
                     w[1].s, OTL_REDACTED);
        *red = 1;
        return out;
    }
    if (nl != NULL) {
        size_t cut = (size_t)(nl - s);
        char *t = malloc(cut + 8);
        if (t == NULL)
            return NULL;
        memcpy(t, s, cut);
        memcpy(t + cut, " ...\"", 6);
        out = otlp_redact_unknown(t, strlen(t), red);
        free(t);
        return out;
    }
    (void)n;
    if (!otlp_secret_word(s, len, NULL, NULL) && !has_url(s, len))
        return (char *)s; /* nothing to hide: the caller uses the text as it is */
    return otlp_redact_unknown(s, len, red);
}

/* `...` standing for values left out (a shortened export, as oxidized's
 * trimmed samples have it). */
static void elision(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    size_t i;
    for (i = 2; i < n; i++)
        if (w[i].n == 3 && !w[i].quoted && memcmp(w[i].s, "...", 3) == 0 && S->elided++ == 0)
            S->elided_line = line;
}

static void unrec(struct st *S, unsigned long line)
{
    if (S->n_unrec < sizeof S->unrec_lines / sizeof S->unrec_lines[0])
        S->unrec_lines[S->n_unrec++] = line;
}

static void statement(struct st *S, const char *s, size_t len, unsigned long line)
{
    struct otlp_word w[MAXW];
    size_t n;
    struct frame *f;
    int known = 0, secret = 0, red = 0;
    char *text;
    xmlNodePtr node = NULL;

    memset(w, 0, sizeof w[0] * 4);
    if (2 * len + 2 > S->wb_cap) {
        size_t nc = S->wb_cap ? S->wb_cap : 1024;
        char *q;
        while (nc < 2 * len + 2)
            nc *= 2;
        q = realloc(S->wb, nc);
        if (q == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        S->wb = q;
        S->wb_cap = nc;
    }
    n = otlp_words(s, len, S->wb, S->wb_cap, w, MAXW, OTLP_WORDS_BACKSLASH);
    if (n == (size_t)-1)
        n = 0;
    if (n == 0)
        return;
    if (n > MAXW)
        n = MAXW;
    S->statements++;
    if (S->first_stmt_line == 0)
        S->first_stmt_line = line;
    f = top(S);
    secret = secret_stmt(f, w, n);

    /* structure: recognised when it fits the block grammar */
    if (weq(&w[0], "config")) {
        known = config_known(S, w, n);
    } else if (weq(&w[0], "edit")) {
        known = f != NULL && !f->edit && n >= 2;
    } else if (weq(&w[0], "next") || weq(&w[0], "end")) {
        known = f != NULL && n == 1;
    } else if (weq(&w[0], "set") || weq(&w[0], "unset") || weq(&w[0], "append") ||
               weq(&w[0], "select") || weq(&w[0], "unselect") || weq(&w[0], "delete") ||
               weq(&w[0], "clear") || weq(&w[0], "purge") || weq(&w[0], "rename") ||
               weq(&w[0], "move")) {
        known = f != NULL && n >= (weq(&w[0], "purge") ? 1u : 2u);
    }
    if (weq(&w[0], "set") && n >= 3)
        elision(S, w, n, line);

    text = raw_text(s, len, w, n, secret, &red);
    if (text == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    if (known)
        S->recognised++;
    else
        unrec(S, line);
    raw_stmt(S, text, text == s ? len : strlen(text), line, known, secret || red, &node);
    if (text != s)
        free(text);
    if (weq(&w[0], "config") && n >= 2) {
        otlp_doc_at(&S->doc, line);
        do_config(S, w, n, node, line);
        return;
    }
    if (!known)
        return;
    otlp_doc_at(&S->doc, line);
    if (weq(&w[0], "edit")) {
        do_edit(S, w, n, node, line);
    } else if (weq(&w[0], "next")) {
        if (f->edit)
            close_frame(S);
    } else if (weq(&w[0], "end")) {
        while (S->depth > 0 && top(S)->edit)
            close_frame(S);
        close_frame(S);
    } else if (weq(&w[0], "set")) {
        do_set(S, w, n, line, 0);
    } else if (weq(&w[0], "append")) {
        do_set(S, w, n, line, 1);
    }
}

/* ---------------------------------------------------------------- the header */

/* #config-version=FGT60E-7.4.8-FW-build2731-250317:opmode=0:vdom=0:user=admin */
static void header(struct st *S, const char *s, size_t len)
{
    const char *p = s + 16, *e = s + len, *d1, *d2;
    const char *v;
    S->have_header = 1;
    d1 = memchr(p, '-', (size_t)(e - p));
    if (d1 == NULL)
        return;
    snprintf(S->model, sizeof S->model, "%.*s", (int)(d1 - p < 60 ? d1 - p : 60), p);
    d2 = memchr(d1 + 1, '-', (size_t)(e - d1 - 1));
    if (d2 != NULL)
        snprintf(S->version, sizeof S->version, "%.*s", (int)(d2 - d1 - 1 < 30 ? d2 - d1 - 1 : 30), d1 + 1);
    v = p;
    while (v + 6 <= e) {
        if (memcmp(v, ":vdom=", 6) == 0 && v + 6 < e) {
            S->header_vdom = v[6] == '1';
            S->vdom_mode |= S->header_vdom;
            break;
        }
        v++;
    }
}

/* # Version: FortiGate-91G v7.4.7,build2731,250120 (GA.M) ; # Serial-Number: ... */
static void comment(struct st *S, const char *s, size_t len)
{
    size_t i = 1;
    while (i < len && s[i] == ' ')
        i++;
    if (len - i > 15 && memcmp(s + i, "Serial-Number: ", 15) == 0)
        snprintf(S->serial, sizeof S->serial, "%.*s", (int)(len - i - 15 < 60 ? len - i - 15 : 60), s + i + 15);
}

/* ---------------------------------------------------------------- finish */

static const char *trust_by_name(const char *n)
{
    char l[NAMELEN];
    size_t i;
    for (i = 0; n[i] && i < sizeof l - 1; i++)
        l[i] = (char)tolower((unsigned char)n[i]);
    l[i] = '\0';
    if (strncmp(l, "wan", 3) == 0 || strstr(l, "outside") != NULL || strstr(l, "internet") != NULL ||
        strstr(l, "untrust") != NULL || strncmp(l, "isp", 3) == 0)
        return "untrusted";
    if (strncmp(l, "dmz", 3) == 0)
        return "dmz";
    return NULL;
}

static void zone_trust(struct st *S, xmlNodePtr z, const char *name, const char *alias, const char *role)
{
    const char *t = NULL;
    if (role != NULL && role[0] != '\0' && strcmp(role, "undefined") != 0) {
        t = strcmp(role, "wan") == 0 ? "untrusted" : strcmp(role, "dmz") == 0 ? "dmz" : "trusted";
        otlp_doc_set(&S->doc, z, "trust", t);
        otlp_doc_set(&S->doc, z, "trust-source", "role");
        return;
    }
    t = trust_by_name(name);
    if (t == NULL && alias != NULL && alias[0] != '\0')
        t = trust_by_name(alias);
    otlp_doc_set(&S->doc, z, "trust", t != NULL ? t : "unknown");
    if (t != NULL)
        otlp_doc_set(&S->doc, z, "trust-source", "name");
}

static struct iface *iface_find(struct st *S, const char *ctx, const char *name)
{
    size_t i;
    for (i = 0; i < S->n_ifs; i++)
        if (strcmp(S->ifs[i].name, name) == 0 && (ctx == NULL || strcmp(S->ifs[i].ctx, ctx) == 0))
            return &S->ifs[i];
    return NULL;
}

static void zones_finish(struct st *S)
{
    size_t i;
    /* zones: trust from their members' roles (the least trusted wins) */
    for (i = 0; i < S->n_zones; i++) {
        struct zone *z = &S->zones[i];
        xmlNodePtr f = otlp_doc_fact(&S->doc, "fw-zone", z->line);
        char *m = z->members, list[1024] = "";
        const char *role = NULL;
        int rank = -1;
        otlp_doc_set(&S->doc, f, "name", z->name);
        if (z->ctx[0])
            otlp_doc_set(&S->doc, f, "context", z->ctx);
        while (*m) {
            char *e = strchr(m, '\x01');
            struct iface *fi;
            if (e == NULL)
                break;
            *e = '\0';
            fi = iface_find(S, z->ctx[0] ? z->ctx : NULL, m);
            if (fi == NULL)
                fi = iface_find(S, NULL, m);
            if (fi != NULL) {
                int r = strcmp(fi->role, "wan") == 0 ? 3 : strcmp(fi->role, "dmz") == 0 ? 2 : strcmp(fi->role, "lan") == 0 ? 1 : 0;
                snprintf(fi->zone, NAMELEN, "%s", z->name);
                otlp_doc_set(&S->doc, fi->node, "zone", z->name);
                if (r > rank && r > 0) {
                    rank = r;
                    role = fi->role;
                }
            }
            otlp_list_add(list, sizeof list, m);
            m = e + 1;
        }
        zone_trust(S, f, z->name, NULL, role);
        if (list[0])
            otlp_doc_set(&S->doc, f, "interfaces", list);
    }
    /* interfaces outside a zone are their own zone */
    for (i = 0; i < S->n_ifs; i++) {
        struct iface *fi = &S->ifs[i];
        xmlNodePtr f;
        if (fi->zone[0] != '\0')
            continue;
        snprintf(fi->zone, NAMELEN, "%s", fi->name);
        otlp_doc_set(&S->doc, fi->node, "zone", fi->name);
        f = otlp_doc_fact(&S->doc, "fw-zone", fi->line);
        otlp_doc_set(&S->doc, f, "name", fi->name);
        if (fi->ctx[0])
            otlp_doc_set(&S->doc, f, "context", fi->ctx);
        zone_trust(S, f, fi->name, fi->alias, fi->role);
        otlp_doc_set(&S->doc, f, "interfaces", fi->name);
        defined_add(S, fi->ctx, 'i', fi->name);
    }
}

static int has_proto(const char *list, const char *p)
{
    char pad[32], cur[200];
    snprintf(pad, sizeof pad, " %s ", p);
    snprintf(cur, sizeof cur, " %s ", list);
    return strstr(cur, pad) != NULL;
}

/* mgmt-access per interface; the admins' trusted hosts restrict it only
 * when every administrator has some (FortiOS checks the account's
 * trusthosts at login: one account without them accepts any source). */
static void mgmt_finish(struct st *S, int *telnet, int *ssh, int *http, int *https, int *snmp,
                        unsigned long *lines)
{
    size_t i;
    int restricted = S->admins > 0 && S->admins_trusted == S->admins && S->trusted[0] != '\0';
    for (i = 0; i < S->n_ifs; i++) {
        struct iface *fi = &S->ifs[i];
        xmlNodePtr m;
        if (fi->access[0] == '\0')
            continue;
        otlp_doc_at(&S->doc, fi->access_line);
        m = otlp_doc_fact(&S->doc, "mgmt-access", fi->access_line);
        otlp_doc_set(&S->doc, m, "interface", fi->name);
        otlp_doc_set(&S->doc, m, "zone", fi->zone);
        otlp_doc_set(&S->doc, m, "protocols", fi->access);
        otlp_doc_set(&S->doc, m, "source", restricted ? S->trusted : "any");
        if (fi->ctx[0])
            otlp_doc_set(&S->doc, m, "context", fi->ctx);
        otlp_doc_setb(&S->doc, fi->node, "mgmt", 1);
        if (has_proto(fi->access, "telnet") && !*telnet)
            *telnet = 1, lines[0] = fi->access_line;
        if (has_proto(fi->access, "ssh") && !*ssh)
            *ssh = 1, lines[1] = fi->access_line;
        if (has_proto(fi->access, "http") && !*http)
            *http = 1, lines[2] = fi->access_line;
        if (has_proto(fi->access, "https") && !*https)
            *https = 1, lines[3] = fi->access_line;
        if (has_proto(fi->access, "snmp") && !*snmp)
            *snmp = 1, lines[4] = fi->access_line;
    }
    otlp_doc_at(&S->doc, 0);
}

static xmlNodePtr fact_at(struct st *S, const char *name, unsigned long line)
{
    otlp_doc_at(&S->doc, line);
    return otlp_doc_fact(&S->doc, name, line);
}

static void service_fact(struct st *S, const char *name, int on, unsigned long line, int full,
                         const char *scope)
{
    xmlNodePtr s;
    if (!on && !full)
        return;
    s = fact_at(S, "service", line);
    otlp_doc_set(&S->doc, s, "name", name);
    otlp_doc_setb(&S->doc, s, "enabled", on);
    if (on && scope != NULL)
        otlp_doc_set(&S->doc, s, "scope", scope);
    if (strcmp(name, "ssh") == 0 && on) {
        if (S->l_ssh_v1)
            otlp_doc_at(&S->doc, S->l_ssh_v1);
        otlp_doc_set(&S->doc, s, "version", S->ssh_v1 == 1 ? "1.99" : "2");
        if (S->kex[0]) {
            otlp_doc_at(&S->doc, S->l_kex);
            otlp_doc_set(&S->doc, s, "key-exchange", S->kex);
        }
        if (S->ssh_port > 0)
            otlp_doc_setf(&S->doc, s, "port", "%ld", S->ssh_port);
    } else if (strcmp(name, "https") == 0 && on && S->sport > 0) {
        otlp_doc_at(&S->doc, S->l_sport);
        otlp_doc_setf(&S->doc, s, "port", "%ld", S->sport);
    } else if (strcmp(name, "http") == 0 && on && S->port > 0) {
        otlp_doc_at(&S->doc, S->l_port);
        otlp_doc_setf(&S->doc, s, "port", "%ld", S->port);
    }
}

/* Defaults (FortiOS CLI reference, config system global; docs/formats/fortios.md). */
static void mgmt_facts(struct st *S, int full)
{
    int telnet = 0, ssh = 0, http = 0, https = 0, snmp = 0;
    unsigned long l[5] = {0, 0, 0, 0, 0};
    int restricted = S->admins > 0 && S->admins_trusted == S->admins;
    const char *scope = restricted ? "trusthost" : NULL;
    xmlNodePtr n;

    mgmt_finish(S, &telnet, &ssh, &http, &https, &snmp, l);
    if (S->admin_telnet == 0)
        telnet = 0; /* `set admin-telnet disable` (7.x) closes telnet everywhere */
    service_fact(S, "telnet", telnet, S->admin_telnet == 0 ? S->l_telnet : l[0], full, scope);
    service_fact(S, "ssh", ssh, l[1], full, scope);
    service_fact(S, "http", http, l[2], full, scope);
    service_fact(S, "https", https, l[3], full, scope);
    service_fact(S, "snmp", snmp || S->snmp_any, l[4], full, NULL);

    if (full || S->admintimeout >= 0) {
        long t = S->admintimeout >= 0 ? S->admintimeout : 5;
        const char *ch[2] = {"ssh", "web"};
        int i;
        for (i = 0; i < 2; i++) {
            n = fact_at(S, "session", S->l_timeout);
            otlp_doc_set(&S->doc, n, "channel", ch[i]);
            otlp_doc_setf(&S->doc, n, "idle-timeout", "%ld", t * 60);
            otlp_doc_set(&S->doc, n, "login", "local");
            /* telnet and http are the services' own facts (their lines are
             * the allowaccess lines) */
            otlp_doc_set(&S->doc, n, "transport-in", i == 0 ? "ssh" : "https");
            if (restricted)
                otlp_doc_set(&S->doc, n, "access-list", "trusthost");
            if (S->admintimeout < 0)
                otlp_doc_set(&S->doc, n, "defaulted", "true");
        }
    }
    if (full || S->lockout_thr >= 0) {
        n = fact_at(S, "lockout", S->l_lockout);
        otlp_doc_setf(&S->doc, n, "attempts", "%ld", S->lockout_thr >= 0 ? S->lockout_thr : 3);
        otlp_doc_setf(&S->doc, n, "duration", "%ld", S->lockout_dur >= 0 ? S->lockout_dur : 60);
    }
    if (full || S->pre_banner >= 0) {
        n = fact_at(S, "banner", S->l_pre);
        otlp_doc_set(&S->doc, n, "kind", "login");
        otlp_doc_setb(&S->doc, n, "present", S->pre_banner == 1);
    }
    if (S->post_banner == 1) {
        n = fact_at(S, "banner", S->l_post);
        otlp_doc_set(&S->doc, n, "kind", "exec");
        otlp_doc_set(&S->doc, n, "present", "true");
    }
}

static void policy_facts(struct st *S, int full)
{
    xmlNodePtr n;
    if (S->pw_seen && S->pw_status == 1) {
        n = fact_at(S, "password-policy", S->l_pw);
        otlp_doc_at(&S->doc, S->l_pwmin);
        otlp_doc_setf(&S->doc, n, "min-length", "%ld", S->pw_min >= 0 ? S->pw_min : 8);
        otlp_doc_setf(&S->doc, n, "classes", "%ld", S->pw_classes);
        if (S->pw_expire == 1)
            otlp_doc_setf(&S->doc, n, "max-age", "%ld", S->pw_expday >= 0 ? S->pw_expday : 90);
    }
    if (full || S->ntp_seen) {
        n = fact_at(S, "ntp", S->l_ntp);
        otlp_doc_setb(&S->doc, n, "authenticate", S->ntp_auth_any);
        if (!S->ntp_seen)
            otlp_doc_set(&S->doc, n, "defaulted", "true");
        /* ntpsync enable with type fortiguard (the defaults): FortiGuard's servers */
        if (S->ntp_sync != 0 && !S->ntp_custom) {
            n = fact_at(S, "ntp-server", S->l_ntpsync ? S->l_ntpsync : S->l_ntp);
            otlp_doc_set(&S->doc, n, "address", "fortiguard");
            otlp_doc_set(&S->doc, n, "authenticated", "false");
        }
    }
    if (full) {
        n = fact_at(S, "logging", 0);
        otlp_doc_set(&S->doc, n, "enabled", "true");
        otlp_doc_set(&S->doc, n, "timestamps", "datetime");
        otlp_doc_set(&S->doc, n, "defaulted", "true");
    }
}

/* Rule references to `all`/`ALL`/interfaces and FortiOS predefined services. */
static void refs_finish(struct st *S)
{
    size_t i;
    otlp_doc_at(&S->doc, 0);
    for (i = 0; i < S->n_refs; i++) {
        struct ref *r = &S->refs[i];
        int p;
        if (r->kind == 'i')
            continue;
        if (defined_has(S, r->ctx, r->kind, r->name))
            continue;
        if ((r->kind == 'a' && strcmp(r->name, "all") == 0) || (r->kind == 's' && strcmp(r->name, "ALL") == 0)) {
            xmlUnsetProp(r->node, (const xmlChar *)"name");
            otlp_doc_set(&S->doc, r->node, "any", "true");
            continue;
        }
        p = r->kind == 's' ? predef_find(r->name) : -1;
        if (p >= 0) {
            char k[2 * NAMELEN + 4];
            int kl = snprintf(k, sizeof k, "%s\x01%s", r->ctx, r->name);
            xmlNodePtr f;
            if (kl <= 0 || sset_find(&S->emitted, k, (size_t)kl < sizeof k ? (size_t)kl : sizeof k - 1) >= 0)
                continue;
            if (sset_add(&S->emitted, k, (size_t)kl < sizeof k ? (size_t)kl : sizeof k - 1) < 0) {
                otlp_doc_nomem(&S->doc);
                return;
            }
            f = otlp_doc_fact(&S->doc, "fw-service", 0);
            otlp_doc_set(&S->doc, f, "name", r->name);
            otlp_doc_set(&S->doc, f, "kind", "service");
            otlp_doc_set(&S->doc, f, "protocol", predef[p].proto);
            if (predef[p].ports)
                otlp_doc_set(&S->doc, f, "ports", predef[p].ports);
            otlp_doc_set(&S->doc, f, "defaulted", "true");
            if (r->ctx[0])
                otlp_doc_set(&S->doc, f, "context", r->ctx);
        }
    }
}

static void defaults_fw(struct st *S, int full)
{
    size_t i;
    if (!full && S->n_vctx == 0)
        return;
    if (S->n_vctx == 0)
        vctx_get(S, "");
    for (i = 0; i < S->n_vctx; i++) {
        xmlNodePtr d;
        if (S->vdom_mode && S->vctx[i].name[0] == '\0')
            continue;
        if (!full && S->vctx[i].seq4 == 0)
            continue;
        d = otlp_doc_fact(&S->doc, "fw-default", 0);
        otlp_doc_set(&S->doc, d, "policy", "policy");
        otlp_doc_set(&S->doc, d, "action", "deny");
        if (full || S->implicit_log >= 0) /* fwpolicy-implicit-log, default disable */
            otlp_doc_setb(&S->doc, d, "log", S->implicit_log == 1);
        otlp_doc_set(&S->doc, d, "defaulted", "true");
        if (S->vctx[i].name[0])
            otlp_doc_set(&S->doc, d, "context", S->vctx[i].name);
    }
}

static int coverage_ok(const struct st *S)
{
    return S->statements == 0 ||
           (unsigned long long)S->recognised * 1000 >= (unsigned long long)S->statements * OTL_MIN_COVERAGE_PERMILLE;
}

static void system_fact(struct st *S, int full)
{
    xmlNodePtr s = S->system;
    otlp_doc_at(&S->doc, S->hostname_line);
    if (S->hostname[0])
        otlp_doc_set(&S->doc, s, "hostname", S->hostname);
    otlp_doc_at(&S->doc, 0);
    otlp_doc_set(&S->doc, s, "vendor", "fortinet");
    if (S->model[0])
        otlp_doc_set(&S->doc, s, "model", S->model);
    otlp_doc_set(&S->doc, s, "os", "fortios");
    if (S->version[0])
        otlp_doc_set(&S->doc, s, "version", S->version);
    if (S->serial[0])
        otlp_doc_set(&S->doc, s, "serial", S->serial);
    otlp_doc_set(&S->doc, s, "class", "firewall");
    otlp_doc_set(&S->doc, s, "export-kind", full ? "full" : "partial");
    otlp_doc_set(&S->doc, s, "export-type", "device");
    otlp_doc_coverage(&S->doc, s, S->recognised, S->statements);
    otlp_doc_setu(&S->doc, s, "statements", S->statements);
}

static int export_full(struct st *S, int ended)
{
    const char *why = NULL;
    if (!S->have_header)
        why = "no #config-version header: a CLI script or a fragment, not an export";
    else if (!S->have_global)
        why = "no `config system global`: a fragment of a configuration";
    else if (S->elided)
        why = "`...` in a value: the export was shortened";
    else if (!ended)
        why = "blocks left open at the end of the file: the export is cut";
    else if (!coverage_ok(S))
        why = "too few statements recognised";
    if (why == NULL)
        return 1;
    if (S->statements > 0) {
        if (!S->have_header && S->first_section[0])
            S->host->diag(S->ctx, OTL_DIAG_NOTE, S->first_stmt_line,
                          "partial export (starts at `config %s`): %s; no default is assumed", S->first_section, why);
        else
            S->host->diag(S->ctx, OTL_DIAG_NOTE, S->elided ? S->elided_line : 0,
                          "partial export: %s; no default is assumed", why);
    }
    return 0;
}

static void finish(struct st *S, int ended)
{
    int full = export_full(S, ended);
    otlp_doc_at(&S->doc, 0);
    system_fact(S, full);
    zones_finish(S);
    mgmt_facts(S, full);
    policy_facts(S, full);
    refs_finish(S);
    defaults_fw(S, full);
}

/* ---------------------------------------------------------------- entry points */

static int sb_append(struct st *S, const char *s, size_t len, int nl)
{
    if (S->sb_len + len + 2 > S->sb_cap) {
        size_t nc = S->sb_cap ? S->sb_cap * 2 : 4096;
        char *q;
        while (nc < S->sb_len + len + 2)
            nc *= 2;
        q = realloc(S->sb, nc);
        if (q == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        S->sb = q;
        S->sb_cap = nc;
    }
    if (nl)
        S->sb[S->sb_len++] = '\n';
    memcpy(S->sb + S->sb_len, s, len);
    S->sb_len += len;
    return 0;
}

static void line_in(struct st *S, const char *s, size_t len, unsigned long no)
{
    size_t i = 0;
    if (S->sb_lines > 0) { /* inside a quoted value that spans lines */
        if (sb_append(S, s, len, 1) < 0)
            return;
        S->sb_lines++;
        if (!quote_open(s, len, 1) || S->sb_len > MAX_STMT || S->sb_lines > MAX_STMT_LINES) {
            if (quote_open(s, len, 1))
                S->host->diag(S->ctx, OTL_DIAG_WARNING, S->sb_line, "quoted value not closed after %lu lines", S->sb_lines);
            S->sb_lines = 0;
            statement(S, S->sb, S->sb_len < MAX_STMT ? S->sb_len : MAX_STMT, S->sb_line);
        }
        return;
    }
    i = otlp_more_skip(s, len);
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (i == len)
        return;
    if (s[i] == '#') {
        if (len - i > 16 && memcmp(s + i, "#config-version=", 16) == 0)
            header(S, s + i, len - i);
        else
            comment(S, s + i, len - i);
        return;
    }
    if (otlp_capture_noise(s + i, len - i)) {
        S->noise++;
        return;
    }
    if (quote_open(s + i, len - i, 0)) {
        S->sb_len = 0;
        if (sb_append(S, s + i, len - i, 0) < 0)
            return;
        S->sb_lines = 1;
        S->sb_line = no;
        return;
    }
    statement(S, s + i, len - i, no);
}

static void free_state(struct st *S)
{
    sset_free(&S->defined);
    sset_free(&S->emitted);
    free(S->ifs);
    free(S->zones);
    free(S->refs);
    free(S->vctx);
    free(S->sb);
    free(S->wb);
    free(S);
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st *S = calloc(1, sizeof *S);
    struct otlp_reader rd;
    struct otlp_line ln;
    enum otl_parse_status ret;
    int ended;

    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    S->dd = dd;
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->raw_records = otlp_raw_records(host);
    S->admintimeout = S->lockout_thr = S->lockout_dur = S->sport = S->port = S->ssh_port = -1;
    S->https_redirect = S->admin_telnet = S->ssh_v1 = S->strong_crypto = -1;
    S->pre_banner = S->post_banner = S->implicit_log = -1;
    S->pw_status = S->pw_expire = -1;
    S->pw_min = S->pw_expday = S->pw_reuse = -1;
    S->ntp_sync = -1;
    S->system = otlp_doc_fact(&S->doc, "system", 0);
    if (S->system == NULL) {
        free_state(S);
        return OTL_PARSE_NOMEM;
    }
    otlp_reader_init(&rd, in);
    while (otlp_next_line(&rd, &ln) && !S->doc.stop) {
        if (host->max_line_len != 0 && ln.len > host->max_line_len) {
            host->diag(ctx, OTL_DIAG_ERROR, ln.no, "line longer than %zu bytes; skipped", host->max_line_len);
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            continue;
        }
        line_in(S, ln.s, ln.len, ln.no);
    }
    if (S->sb_lines > 0) {
        host->diag(ctx, OTL_DIAG_WARNING, S->sb_line, "quoted value not closed at the end of the file");
        S->sb_lines = 0;
        statement(S, S->sb, S->sb_len < MAX_STMT ? S->sb_len : MAX_STMT, S->sb_line);
    }
    ended = S->depth == 0;
    if (!ended)
        host->diag(ctx, OTL_DIAG_WARNING, 0, "%d block%s not closed by `end` at the end of the file", S->depth,
                   S->depth > 1 ? "s" : "");
    while (S->depth > 0)
        close_frame(S);
    finish(S, ended);
    otlp_note_unrecognised(host, ctx, S->statements, S->recognised, S->unrec_lines, S->n_unrec);
    if (S->noise > 0)
        host->diag(ctx, OTL_DIAG_NOTE, 0, "%lu line%s of capture noise skipped (terminal log header, prompt, show command)",
                   S->noise, S->noise > 1 ? "s" : "");
    ret = S->doc.status;
    free_state(S);
    return ret;
}

/* ---------------------------------------------------------------- sniff */


/* The `#config-version=FG...` header, or the config/edit/set/next/end
 * structure under a FortiOS top-level path.  IOS, Junos and PAN-OS never
 * open a block with `config system|firewall|vpn|...` at the start of a line
 * and close it with `end` (IOS's `end` closes the whole file, after no
 * `config` line; Junos/PAN-OS `set` lines stand at column 0). */
static int sniff(const struct otl_input *in)
{
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int cfg = 0, edit = 0, set = 0, next = 0, ends = 0, top_set = 0, other = 0;

    if (in->len >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf)
        p += 3;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;
        if (eol == NULL)
            eol = end;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s == p && otlp_starts(s, eol, "#config-version=FG"))
            return 100;
        if (s == p && otlp_starts(s, eol, "config ")) {
            struct otlp_word w;
            const char *a = s + 7, *b = a;
            while (b < eol && *b != ' ' && *b != '\r')
                b++;
            w.s = a;
            w.n = (size_t)(b - a);
            w.quoted = 0;
            if (top_word(&w) != NULL)
                cfg++;
            else
                other++;
        } else if (otlp_starts(s, eol, "edit ")) {
            edit++;
        } else if (s > p && otlp_starts(s, eol, "set ")) {
            set++;
        } else if (s == p && otlp_starts(s, eol, "set ")) {
            top_set++;
        } else if (otlp_starts(s, eol, "next") && (eol - s == 4 || s[4] == '\r')) {
            next++;
        } else if (s == p && otlp_starts(s, eol, "end") && (eol - s == 3 || s[3] == '\r')) {
            ends++;
        } else if (s == p && (otlp_starts(s, eol, "interface ") || otlp_starts(s, eol, "hostname ") ||
                              otlp_starts(s, eol, "version ") || otlp_starts(s, eol, "ASA Version") ||
                              otlp_starts(s, eol, "system {") || otlp_starts(s, eol, "security {") ||
                              otlp_starts(s, eol, "deviceconfig {"))) {
            other += 3;
        }
        p = eol < end ? eol + 1 : end;
    }
    if (cfg == 0 || top_set > cfg || other > cfg)
        return 0;
    if (set > 0 && ends > 0 && (edit > 0 || next > 0 || cfg >= 2))
        return 90;
    if (set > 0 && (ends > 0 || edit > 0))
        return 70;
    return 30;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "fortios",
    .description = "Fortinet FortiOS (FortiGate) show / show full-configuration output and backups",
    .classes = OTL_CLASS_FIREWALL,
    .sniff = sniff,
    .parse = parse,
};
