/*
 * panos.c - format plugin for Palo Alto Networks PAN-OS firewalls and
 * Panorama (docs/formats/panos.md).
 *
 * Three forms of one configuration tree are read:
 *   - the XML configuration (`<config version="10.1.0">`: running-config.xml,
 *     candidate config, bootstrap.xml, Panorama's config with device groups
 *     and templates), streamed through host->xml_sax: no tree of the input is
 *     built;
 *   - the `set` CLI form (`set deviceconfig system hostname X`, lists in
 *     `[ a b ]`, Jinja placeholders `{{ var }}`);
 *   - the brace-nested text of `show config running` (`deviceconfig {
 *     system { hostname X; } }`).
 * Each reader turns its form into the same events: the path of words from
 * the root to a value (an XML `entry name="X"` is the word X, a `member` the
 * value of its parent, a set line its words, a brace statement the words of
 * its enclosing blocks and its own), with the line it came from.  ONE mapping
 * (map()) turns paths into facts, so the semantics are written once.
 */
#include "otlint-plugin.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIFF_BYTES 8192
#define MAXW 64          /* words of one path */
#define TEXT_MAX 4096    /* bytes of one XML leaf value kept */
#define DEPTH_FALLBACK 256
#define MAX_UNREC 8
#define PH_WORD "{{}}"   /* stands for a Jinja placeholder */

enum kind {
    K_ZONE, K_IFACE, K_ADDR, K_ADDRGRP, K_SVC, K_SVCGRP, K_APPGRP, K_RULE, K_NAT, K_DEFRULE,
    K_MPROF, K_IKEP, K_IPSECP, K_GW, K_USER, K_SYSLOG, K_SNMPC, K_SNMPU, K_NTP, K_SEQ, K_TRAP,
    K_NKINDS
};

/* One named thing of the configuration (a zone, a rule, a profile ...),
 * found again by kind, context and name (set and brace forms may name it on
 * many lines, far apart). */
struct ent {
    struct ent *hnext, *next;
    unsigned kind;
    char *ctx, *name;
    unsigned long hash, line;
    xmlNodePtr node;
    signed char log_start, log_end, action, disabled, dst_xlat;
    unsigned seq;
    unsigned yes, no;      /* management profile: protocols yes / no */
    char *s1, *s2, *s3;    /* kind-specific strings (below) */
    unsigned long l1;
};

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc;
    xmlNodePtr sys;
    int form;            /* 'x' XML, 's' set, 'b' braces */
    int raw_records;
    unsigned max_depth;
    /* entities */
    struct ent **tab;
    size_t tabn, nents;
    struct ent *head[K_NKINDS], **tail[K_NKINDS];
    /* XML reader */
    xmlParserCtxtPtr pc;
    struct otlp_tagpos tp;
    char **path;         /* words of the open elements (NULL: none of its own) */
    unsigned char *kid;  /* the element has child elements */
    unsigned char *mem;  /* the element is a <member> */
    unsigned char *bulk; /* the element is inside rules or object lists */
    char lasttag[OTLP_RAWTAG];
    size_t lastlen;
    size_t np, pcap;
    char text[TEXT_MAX + 1];
    size_t tlen;
    int text_on;
    unsigned long leaf_line;
    /* device settings */
    char *hostname, *version, *mgmt_ip, *permit, *banner_line_s;
    unsigned long hostname_line, permit_line, banner_line, svc_line[8], idle_line, lock_line;
    signed char svc_off[8]; /* disable-<svc>: 1 yes, 0 no, -1 absent */
    long idle, lock_attempts, lock_time;
    int banner, panorama, seen_system, seen_policy, seen_mgt, placeholders, deletes;
    /* password complexity */
    xmlNodePtr pwpol;
    int pw_enabled;
    unsigned pw_classes;
    unsigned long ntp_auth_line;
    int ntp_auth;
    /* coverage */
    unsigned long units, recognised, unrec[MAX_UNREC];
    size_t nunrec;
};

/* disable-<svc> order in svc_off */
enum { SV_TELNET, SV_HTTP, SV_HTTPS, SV_SSH, SV_ICMP, SV_SNMP, SV_N };
static const char *const sv_names[SV_N] = {"telnet", "http", "https", "ssh", "icmp", "snmp"};

/* Management profile protocol bits */
static const char *const mp_names[] = {"https", "http", "ssh", "telnet", "ping", "snmp",
                                       "http-ocsp", "response-pages", "userid-service",
                                       "userid-syslog-listener-ssl", "userid-syslog-listener-udp",
                                       NULL};

/* ------------------------------------------------------------------ helpers */

static int eq(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* A decimal number (PAN-OS values are small); 0 when not one. */
static long num(const char *s)
{
    char *e;
    long v;
    if (s == NULL)
        return 0;
    v = strtol(s, &e, 10);
    return e == s ? 0 : v;
}

static int in_list(const char *s, const char *const *list)
{
    size_t i;
    for (i = 0; s != NULL && list[i] != NULL; i++)
        if (strcmp(s, list[i]) == 0)
            return i + 1;
    return 0;
}

static int placeholder(const char *s)
{
    return s != NULL && (strstr(s, "{{") != NULL || strstr(s, "{%") != NULL);
}

static int yes(const char *s)
{
    return eq(s, "yes");
}

static unsigned long hash3(unsigned kind, const char *a, const char *b)
{
    unsigned long h = 2166136261ul ^ kind;
    for (; a && *a; a++)
        h = (h ^ (unsigned char)*a) * 16777619ul;
    h = (h ^ 0xff) * 16777619ul;
    for (; b && *b; b++)
        h = (h ^ (unsigned char)*b) * 16777619ul;
    return h;
}

static int grow(struct st *S)
{
    size_t n = S->tabn ? S->tabn * 2 : 1024, i;
    struct ent **t = calloc(n, sizeof *t);
    if (t == NULL)
        return -1;
    for (i = 0; i < S->tabn; i++) {
        struct ent *e = S->tab[i], *nx;
        for (; e != NULL; e = nx) {
            nx = e->hnext;
            e->hnext = t[e->hash % n];
            t[e->hash % n] = e;
        }
    }
    free(S->tab);
    S->tab = t;
    S->tabn = n;
    return 0;
}

static struct ent *find(struct st *S, unsigned kind, const char *ctx, const char *name)
{
    unsigned long h = hash3(kind, ctx, name);
    struct ent *e;
    if (S->tabn == 0)
        return NULL;
    for (e = S->tab[h % S->tabn]; e != NULL; e = e->hnext)
        if (e->hash == h && e->kind == kind && eq(e->name, name) &&
            (e->ctx == ctx || eq(e->ctx, ctx)))
            return e;
    return NULL;
}

/* The entity (kind, ctx, name), made when new (*made = 1). */
static struct ent *get(struct st *S, unsigned kind, const char *ctx, const char *name,
                       unsigned long line, int *made)
{
    struct ent *e = find(S, kind, ctx, name);
    *made = 0;
    if (e != NULL || S->doc.oom)
        return e;
    if (S->nents >= S->tabn && grow(S) < 0)
        goto oom;
    e = calloc(1, sizeof *e);
    if (e == NULL)
        goto oom;
    e->kind = kind;
    e->name = strdup(name ? name : "");
    e->ctx = ctx ? strdup(ctx) : NULL;
    if (e->name == NULL || (ctx && e->ctx == NULL)) {
        free(e->name), free(e->ctx), free(e);
        goto oom;
    }
    e->hash = hash3(kind, ctx, name);
    e->line = line;
    e->log_start = e->log_end = e->action = e->disabled = -1;
    e->hnext = S->tab[e->hash % S->tabn];
    S->tab[e->hash % S->tabn] = e;
    *S->tail[kind] = e;
    S->tail[kind] = &e->next;
    S->nents++;
    *made = 1;
    return e;
oom:
    otlp_doc_nomem(&S->doc);
    return NULL;
}

/* Entity with its fact (`fact` element, name and context set) made when new. */
static struct ent *fent(struct st *S, unsigned kind, const char *fact, const char *ctx,
                        const char *name, unsigned long line)
{
    /* facts without a name attribute (the name is only a key here) */
    static const char *const noname[] = {"snmp-community", "log-target", "snmp-host", NULL};
    int made;
    struct ent *e = get(S, kind, ctx, name, line, &made);
    if (e != NULL && made && fact != NULL) {
        unsigned long save = S->doc.line;
        e->node = otlp_doc_fact(&S->doc, fact, line);
        otlp_doc_at(&S->doc, line);
        if (!in_list(fact, noname))
            otlp_doc_set(&S->doc, e->node, "name", name);
        if (ctx != NULL)
            otlp_doc_set(&S->doc, e->node, "context", ctx);
        otlp_doc_at(&S->doc, save);
    }
    return e;
}

static void sset(struct st *S, char **dst, const char *v)
{
    char *c = otlp_doc_strdup(&S->doc, v);
    if (c == NULL)
        return;
    free(*dst);
    *dst = c;
}

/* Append word v to the space-separated list *dst. */
static void sadd(struct st *S, char **dst, const char *v)
{
    size_t a = *dst ? strlen(*dst) : 0, b = strlen(v);
    char *n = realloc(*dst, a + b + 2);
    if (n == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    if (a)
        n[a++] = ' ';
    memcpy(n + a, v, b + 1);
    *dst = n;
}

static int is_addr_literal(const char *s)
{
    size_t i, dots = 0, colons = 0;
    if (s == NULL || !*s)
        return 0;
    for (i = 0; s[i]; i++) {
        if (s[i] == '.')
            dots++;
        else if (s[i] == ':')
            colons++;
        else if (!isxdigit((unsigned char)s[i]) && s[i] != '/' && s[i] != '-')
            return 0;
    }
    return (dots == 3 && isdigit((unsigned char)s[0])) || colons >= 2;
}

/* ------------------------------------------------------------ coverage */

static void count(struct st *S, int known, unsigned long line)
{
    S->units++;
    if (known)
        S->recognised++;
    else if (S->nunrec < MAX_UNREC)
        S->unrec[S->nunrec++] = line;
}

/* ------------------------------------------------------------ the mapping */

/* Where a path is: the context of objects and rules (vsys, device group,
 * "shared", a template), the device-level context (a template, else none)
 * and, for rules, the rulebase. */
struct scope {
    char ctx[512];
    const char *obj;   /* context of objects and rules */
    const char *dev;   /* context of device settings */
};

static void set_at(struct st *S, xmlNodePtr n, const char *k, const char *v, unsigned long line)
{
    unsigned long save = S->doc.line;
    otlp_doc_at(&S->doc, line);
    otlp_doc_set(&S->doc, n, k, v);
    otlp_doc_at(&S->doc, save);
}

static xmlNodePtr child_at(struct st *S, xmlNodePtr parent, const char *name, unsigned long line)
{
    xmlNodePtr c = otlp_doc_node(&S->doc, parent, name, line);
    otlp_doc_at(&S->doc, line);
    return c;
}

/* An account's stored password (phash): its format, never its value. */
static void account_secret(struct st *S, struct ent *e, const char *v, unsigned long line)
{
    size_t n = v ? strlen(v) : 0;
    otlp_doc_at(&S->doc, line);
    if (placeholder(v) || n == 0) {
        otlp_doc_set(&S->doc, e->node, "secret-kind", "unknown");
    } else if (strcmp(v, "*") == 0) {
        otlp_doc_set(&S->doc, e->node, "secret-kind", "none");
    } else if (v[0] == '$') {
        const char *d = strchr(v + 1, '$');
        if (d != NULL && d - v < 12)
            otlp_doc_setn(&S->doc, e->node, "secret-format", v, (size_t)(d - v) + 1);
        else
            otlp_doc_set(&S->doc, e->node, "secret-kind", "unknown");
    } else if (strncmp(v, "-AQ==", 5) == 0) {
        otlp_doc_set(&S->doc, e->node, "secret-format", "-AQ==");
    } else {
        /* 13 characters of [./0-9A-Za-z]: traditional DES crypt, the form of
         * the factory default admin/admin hash */
        otlp_doc_set(&S->doc, e->node, "secret-kind", "unknown");
        if (n == 13)
            otlp_doc_set(&S->doc, e->node, "secret-format", "des-crypt");
    }
    otlp_doc_set(&S->doc, e->node, "known-default",
                 strcmp(v ? v : "", "fnRL/G5lXVMug") == 0 ? "true" : "false");
}

/* The key type of a base64 OpenSSH public key, from its first bytes. */
static const char *key_type(const char *b64)
{
    if (strncmp(b64, "c3NoLWRzc", 9) == 0)
        return "dsa";
    if (strncmp(b64, "c3NoLXJzY", 9) == 0)
        return "rsa";
    if (strncmp(b64, "ZWNkc2", 6) == 0)
        return "ecdsa";
    if (strncmp(b64, "c3NoLWVkMjU1MTk", 15) == 0)
        return "ed25519";
    return NULL;
}

static int m_user(struct st *S, const char *const *w, unsigned m, unsigned long line,
                  const struct scope *sc)
{
    struct ent *e;
    if (m < 1)
        return 1;
    if (placeholder(w[0]))
        return 1;
    e = fent(S, K_USER, "account", sc->dev, w[0], line);
    if (e == NULL)
        return 1;
    S->seen_mgt = 1;
    if (m >= 3 && eq(w[1], "phash")) {
        account_secret(S, e, w[2], line);
        e->l1 = 1;
    } else if (m == 2 && eq(w[1], "password")) {
        e->l1 = 2; /* set form: the password is entered interactively */
    } else if (m >= 4 && eq(w[1], "permissions") && eq(w[2], "role-based")) {
        otlp_doc_at(&S->doc, line);
        if (eq(w[3], "superuser") && m >= 5 && yes(w[4])) {
            otlp_doc_set(&S->doc, e->node, "role", "superuser");
            otlp_doc_set(&S->doc, e->node, "privilege", "15");
        } else if (eq(w[3], "custom") && m >= 6 && eq(w[4], "profile")) {
            otlp_doc_set(&S->doc, e->node, "role", w[5]);
        } else if (!eq(w[3], "superuser")) {
            otlp_doc_set(&S->doc, e->node, "role", w[3]);
        }
    } else if (m >= 3 && eq(w[1], "public-key")) {
        const char *t = key_type(w[2]);
        if (t != NULL)
            set_at(S, e->node, "ssh-key", t, line);
    }
    return 1;
}

static void pw_fact(struct st *S, unsigned long line)
{
    if (S->pwpol == NULL) {
        unsigned long save = S->doc.line;
        S->pwpol = otlp_doc_fact(&S->doc, "password-policy", line);
        otlp_doc_at(&S->doc, save);
    }
}

static int m_mgt(struct st *S, const char *const *w, unsigned m, unsigned long line,
                 const struct scope *sc)
{
    static const char *const cls[] = {"minimum-uppercase-letters", "minimum-lowercase-letters",
                                      "minimum-numeric-letters", "minimum-special-characters",
                                      NULL};
    int c;
    if (m >= 2 && eq(w[1], "users"))
        return m_user(S, w + 2, m - 2, line, sc);
    if (m >= 4 && eq(w[1], "password-complexity")) {
        pw_fact(S, line);
        otlp_doc_at(&S->doc, line);
        if (eq(w[2], "enabled"))
            S->pw_enabled = yes(w[3]) ? 1 : -1;
        else if (eq(w[2], "minimum-length"))
            otlp_doc_set(&S->doc, S->pwpol, "min-length", w[3]);
        else if (eq(w[2], "password-history-count"))
            otlp_doc_set(&S->doc, S->pwpol, "history", w[3]);
        else if (m >= 5 && eq(w[2], "password-change") && eq(w[3], "expiration-period"))
            otlp_doc_set(&S->doc, S->pwpol, "max-age", w[4]);
        else if ((c = in_list(w[2], cls)) != 0 && num(w[3]) > 0)
            S->pw_classes |= 1u << (c - 1);
        return 1;
    }
    return 1; /* access domains, password profiles, devices: not modelled */
}

static int m_snmp(struct st *S, const char *const *w, unsigned m, unsigned long line,
                  const struct scope *sc)
{
    struct ent *e;
    /* access-setting version v2c snmp-community-string X
     * access-setting version v3 users U {view,authpwd,privpwd,authproto,privproto} */
    if (m < 4 || !eq(w[0], "access-setting") || !eq(w[1], "version"))
        return 1;
    if (eq(w[2], "v2c") && eq(w[3], "snmp-community-string")) {
        e = fent(S, K_SNMPC, "snmp-community", NULL, "v2c", line);
        if (e == NULL || m < 5)
            return 1;
        otlp_doc_at(&S->doc, line);
        otlp_doc_set(&S->doc, e->node, "version", "2c");
        otlp_doc_set(&S->doc, e->node, "access", "ro");
        if (!placeholder(w[4])) {
            otlp_doc_set(&S->doc, e->node, "known-default",
                         otlp_known_default_secret(w[4], strlen(w[4])) ? "true" : "false");
            otlp_doc_setu(&S->doc, e->node, "secret-length",
                          strlen(w[4]) > 32 ? 32 : (unsigned long)strlen(w[4]));
        }
        return 1;
    }
    if (eq(w[2], "v3") && eq(w[3], "users") && m >= 5) {
        e = fent(S, K_SNMPU, "snmp-user", NULL, w[4], line);
        if (e == NULL)
            return 1;
        if (m >= 7 && eq(w[5], "authproto"))
            sset(S, &e->s1, w[6]);
        else if (m >= 7 && eq(w[5], "privproto"))
            sset(S, &e->s2, w[6]);
        else if (m >= 7 && eq(w[5], "view"))
            set_at(S, e->node, "group", w[6], line);
        return 1;
    }
    return 1;
}

static int m_ntp(struct st *S, const char *const *w, unsigned m, unsigned long line,
                 const struct scope *sc)
{
    struct ent *e;
    /* ntp-servers primary-ntp-server ntp-server-address X | authentication-type T */
    if (m < 3)
        return 1;
    e = fent(S, K_NTP, NULL, sc->dev, w[1], line);
    if (e == NULL)
        return 1;
    if (eq(w[2], "ntp-server-address") && m >= 4) {
        sset(S, &e->s1, w[3]);
        e->l1 = line;
    } else if (eq(w[2], "authentication-type") && m >= 4) {
        sset(S, &e->s2, w[3]);
    }
    return 1;
}

static int m_system(struct st *S, const char *const *w, unsigned m, unsigned long line,
                    const struct scope *sc)
{
    int i;
    S->seen_system = 1;
    if (m < 2)
        return 1;
    if (eq(w[0], "hostname")) {
        if (!placeholder(w[1])) {
            sset(S, &S->hostname, w[1]);
            S->hostname_line = line;
        }
    } else if (eq(w[0], "ip-address")) {
        sset(S, &S->mgmt_ip, w[1]);
    } else if (eq(w[0], "login-banner")) {
        S->banner = 1;
        S->banner_line = line;
    } else if (eq(w[0], "permitted-ip")) {
        /* a placeholder is kept as written: restricted to what it will be */
        if (S->permit == NULL || strstr(S->permit, w[1]) == NULL)
            sadd(S, &S->permit, w[1]);
        if (S->permit_line == 0)
            S->permit_line = line;
    } else if (eq(w[0], "service") && m >= 3 && strncmp(w[1], "disable-", 8) == 0) {
        for (i = 0; i < SV_N; i++)
            if (strcmp(w[1] + 8, sv_names[i]) == 0) {
                S->svc_off[i] = yes(w[2]) ? 1 : 0;
                S->svc_line[i] = line;
                return 1;
            }
        return 1;
    } else if (eq(w[0], "ntp-servers")) {
        return m_ntp(S, w, m, line, sc);
    } else if (eq(w[0], "snmp-setting")) {
        return m_snmp(S, w + 1, m - 1, line, sc);
    }
    return 1; /* dns, update schedules, timezone, geo-location ...: not modelled */
}

static int m_deviceconfig(struct st *S, const char *const *w, unsigned m, unsigned long line,
                          const struct scope *sc)
{
    if (m >= 2 && eq(w[1], "system"))
        return m_system(S, w + 2, m - 2, line, sc);
    if (m >= 5 && eq(w[1], "setting") && eq(w[2], "management")) {
        if (eq(w[3], "idle-timeout")) {
            S->idle = num(w[4]);
            S->idle_line = line;
        } else if (m >= 6 && eq(w[3], "admin-lockout")) {
            if (eq(w[4], "failed-attempts"))
                S->lock_attempts = num(w[5]);
            else if (eq(w[4], "lockout-time"))
                S->lock_time = num(w[5]);
            S->lock_line = line;
        }
        return 1;
    }
    return 1; /* high-availability, setting ...: not modelled */
}

/* ------------------------------------------------------------ network */

static int m_iface(struct st *S, const char *const *w, unsigned m, unsigned long line,
                   const struct scope *sc)
{
    /* w: TYPE NAME ... (ethernet, aggregate-ethernet) or TYPE ... (loopback,
     * tunnel, vlan: the interface is named by its type) with units */
    static const char *const named[] = {"ethernet", "aggregate-ethernet", NULL};
    static const char *const modes[] = {"layer3", "layer2", "virtual-wire", "tap", "ha",
                                        "decrypt-mirror", "aggregate-group", "log-card", NULL};
    const char *name;
    struct ent *e;
    unsigned i;

    if (m < 2)
        return 1;
    if (in_list(w[0], named)) {
        name = w[1];
        i = 2;
    } else {
        name = w[0];
        i = 1;
    }
    if (i < m && in_list(w[i], modes))
        i++;
    if (i + 1 < m && eq(w[i], "units")) {
        name = w[i + 1];
        i += 2;
    }
    if (placeholder(name))
        return 1;
    e = fent(S, K_IFACE, "interface", sc->dev, name, line);
    if (e == NULL || i >= m)
        return 1;
    if (eq(w[i], "ip") && i + 1 < m && !placeholder(w[i + 1])) {
        if (e->node != NULL && xmlHasProp(e->node, BAD_CAST "address") == NULL) {
            const char *a = w[i + 1];
            char *sl = strchr(a, '/');
            otlp_doc_at(&S->doc, line);
            if (sl != NULL) {
                otlp_doc_setn(&S->doc, e->node, "address", a, (size_t)(sl - a));
                otlp_doc_set(&S->doc, e->node, "mask", sl + 1);
            } else {
                otlp_doc_set(&S->doc, e->node, "address", a);
            }
        }
        otlp_doc_set(&S->doc, e->node, "mode", "routed");
    } else if (eq(w[i], "interface-management-profile") && i + 1 < m) {
        sset(S, &e->s1, w[i + 1]);
        e->l1 = line;
    } else if (eq(w[i], "comment") && i + 1 < m) {
        set_at(S, e->node, "description", w[i + 1], line);
    }
    return 1;
}

static int m_mprof(struct st *S, const char *const *w, unsigned m, unsigned long line,
                   const struct scope *sc)
{
    struct ent *e;
    int b;
    if (m < 1 || placeholder(w[0]))
        return 1;
    e = fent(S, K_MPROF, NULL, sc->dev, w[0], line);
    if (e == NULL || m < 3)
        return 1;
    if (eq(w[1], "permitted-ip")) {
        if (!placeholder(w[2]))
            sadd(S, &e->s1, w[2]);
    } else if ((b = in_list(w[1], mp_names)) != 0) {
        if (yes(w[2]))
            e->yes |= 1u << (b - 1);
        else
            e->yes &= ~(1u << (b - 1));
    }
    return 1;
}

/* PAN-OS crypto names to the facts' vocabulary. */
static const char *cipher(const char *v)
{
    static const char *const map[][2] = {
        {"aes-128-cbc", "aes128"}, {"aes-192-cbc", "aes192"},      {"aes-256-cbc", "aes256"},
        {"aes-128-gcm", "aes128-gcm"}, {"aes-256-gcm", "aes256-gcm"}, {"aes-128-ccm", "aes128-ccm"},
        {"3des", "3des"},          {"des", "des"},                 {"null", "null"},
        {"non-auth", "null"},      {"none", "null"},               {"md5", "md5"},
        {"sha1", "sha1"},          {"sha256", "sha256"},           {"sha384", "sha384"},
        {"sha512", "sha512"},
    };
    size_t i;
    for (i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(v, map[i][0]) == 0)
            return map[i][1];
    return v;
}

static void lifetime(struct st *S, struct ent *e, const char *unit, const char *n,
                     unsigned long line)
{
    long v = num(n), mul = eq(unit, "days") ? 86400 : eq(unit, "hours") ? 3600
                                                : eq(unit, "minutes") ? 60 : 1;
    if (e->node != NULL && !placeholder(n))
        otlp_doc_at(&S->doc, line), otlp_doc_setf(&S->doc, e->node, "lifetime", "%ld", v * mul);
}

static int m_ike(struct st *S, const char *const *w, unsigned m, unsigned long line,
                 const struct scope *sc)
{
    struct ent *e;
    /* crypto-profiles {ike,ipsec}-crypto-profiles P ..., gateway G ... */
    if (m >= 3 && eq(w[0], "crypto-profiles") &&
        (eq(w[1], "ike-crypto-profiles") || eq(w[1], "ipsec-crypto-profiles"))) {
        int ike = eq(w[1], "ike-crypto-profiles");
        const char *const *r = w + 3;
        unsigned k = m - 3;
        e = fent(S, ike ? K_IKEP : K_IPSECP, "vpn-crypto", sc->dev, w[2], line);
        if (e == NULL)
            return 1;
        if (k >= 1 && (eq(r[0], "esp") || eq(r[0], "ah")))
            r++, k--;
        if (k < 2 || placeholder(r[1]))
            return 1;
        if (eq(r[0], "encryption"))
            sadd(S, &e->s1, cipher(r[1]));
        else if (eq(r[0], "hash") || eq(r[0], "authentication"))
            sadd(S, &e->s2, cipher(r[1]));
        else if (eq(r[0], "dh-group"))
            sadd(S, &e->s3, strncmp(r[1], "group", 5) == 0 ? r[1] + 5
                            : eq(r[1], "no-pfs")           ? "none" : r[1]);
        else if (eq(r[0], "lifetime") && k >= 3)
            lifetime(S, e, r[1], r[2], line);
        return 1;
    }
    if (m >= 2 && eq(w[0], "gateway")) {
        e = fent(S, K_GW, "vpn-crypto", sc->dev, w[1], line);
        if (e == NULL || m < 4)
            return 1;
        otlp_doc_at(&S->doc, line);
        if (eq(w[2], "authentication") && eq(w[3], "pre-shared-key")) {
            otlp_doc_set(&S->doc, e->node, "authentication", "psk");
            if (m >= 6 && eq(w[4], "key")) {
                sset(S, &e->s2, placeholder(w[5]) ? "" : strncmp(w[5], "-AQ==", 5) == 0 ? "-AQ=="
                                                                                      : "clear");
                e->l1 = line;
            }
        } else if (eq(w[2], "authentication") && eq(w[3], "certificate")) {
            otlp_doc_set(&S->doc, e->node, "authentication", "certificate");
        } else if (eq(w[2], "protocol") && m >= 5 && eq(w[3], "version")) {
            otlp_doc_set(&S->doc, e->node, "ike-version",
                         eq(w[4], "ikev2") ? "2" : eq(w[4], "ikev1") ? "1" : "any");
        } else if (eq(w[2], "protocol") && m >= 6 && eq(w[3], "ikev1") &&
                   eq(w[4], "exchange-mode")) {
            if (eq(w[5], "aggressive") || eq(w[5], "main"))
                otlp_doc_set(&S->doc, e->node, "mode", w[5]);
        } else if (eq(w[2], "peer-address") && m >= 5 && eq(w[3], "ip")) {
            otlp_doc_set(&S->doc, e->node, "peer", w[4]);
            sset(S, &e->s1, w[4]);
        }
        return 1;
    }
    return 1;
}

static int m_network(struct st *S, const char *const *w, unsigned m, unsigned long line,
                     const struct scope *sc)
{
    if (m >= 2 && eq(w[1], "interface"))
        return m_iface(S, w + 2, m - 2, line, sc);
    if (m >= 3 && eq(w[1], "profiles") && eq(w[2], "interface-management-profile"))
        return m_mprof(S, w + 3, m - 3, line, sc);
    if (m >= 2 && eq(w[1], "ike"))
        return m_ike(S, w + 2, m - 2, line, sc);
    return 1; /* virtual routers, tunnels, DHCP, QoS ...: not modelled */
}

/* ------------------------------------------------------------ objects */

static void member(struct st *S, xmlNodePtr n, const char *v, unsigned long line)
{
    xmlNodePtr c = child_at(S, n, "member", line);
    otlp_doc_set(&S->doc, c, "name", v);
}

static int m_zone(struct st *S, const char *const *w, unsigned m, unsigned long line,
                  const struct scope *sc)
{
    struct ent *e, *i;
    int made;
    if (m < 2 || placeholder(w[1]))
        return 1;
    e = fent(S, K_ZONE, "fw-zone", sc->obj, w[1], line);
    if (e == NULL || m < 5 || !eq(w[2], "network") || placeholder(w[4]))
        return 1;
    /* network layer3|layer2|virtual-wire|tap|tunnel|external IF */
    sadd(S, &e->s1, w[4]);
    i = get(S, K_IFACE, sc->dev, w[4], line, &made);
    if (i != NULL) {
        if (made) {
            i->node = otlp_doc_fact(&S->doc, "interface", line);
            set_at(S, i->node, "name", w[4], line);
        }
        sset(S, &i->s2, w[1]);
        if (sc->obj != NULL)
            sset(S, &i->s3, sc->obj); /* the interface belongs to the zone's vsys */
        i->line = i->line ? i->line : line;
    }
    return 1;
}

static void addr_kind(struct st *S, struct ent *e, const char *k, const char *v,
                      unsigned long line)
{
    const char *kind = "other";
    if (eq(k, "ip-netmask"))
        kind = strchr(v, '/') == NULL || strstr(v, "/32") != NULL || strstr(v, "/128") != NULL
                   ? "host" : "subnet";
    else if (eq(k, "ip-range"))
        kind = "range";
    else if (eq(k, "fqdn"))
        kind = "fqdn";
    else if (eq(k, "ip-wildcard"))
        kind = "wildcard";
    else
        return;
    otlp_doc_at(&S->doc, line);
    otlp_doc_set(&S->doc, e->node, "kind", kind);
    if (!placeholder(v))
        otlp_doc_set(&S->doc, e->node, "value", v);
}

/* address A ..., address-group G static|dynamic ..., service S protocol
 * tcp|udp port P, service-group G members M, application-group G members M */
static int m_object(struct st *S, const char *const *w, unsigned m, unsigned long line,
                    const struct scope *sc)
{
    struct ent *e;
    if (m < 2 || placeholder(w[1]))
        return 1;
    if (eq(w[0], "address")) {
        e = fent(S, K_ADDR, "fw-address", sc->obj, w[1], line);
        if (e != NULL && m >= 4)
            addr_kind(S, e, w[2], w[3], line);
        return 1;
    }
    if (eq(w[0], "address-group")) {
        e = fent(S, K_ADDRGRP, "fw-address", sc->obj, w[1], line);
        if (e == NULL)
            return 1;
        if (e->l1 == 0) {
            set_at(S, e->node, "kind", "group", e->line);
            e->l1 = 1;
        }
        if (m >= 3 && eq(w[2], "dynamic"))
            set_at(S, e->node, "kind", "dynamic", line);
        else if (m >= 4 && eq(w[2], "static"))
            member(S, e->node, w[3], line);
        return 1;
    }
    if (eq(w[0], "service")) {
        e = fent(S, K_SVC, "fw-service", sc->obj, w[1], line);
        if (e == NULL)
            return 1;
        set_at(S, e->node, "kind", "service", e->line);
        if (m >= 4 && eq(w[2], "protocol")) {
            otlp_doc_at(&S->doc, line);
            otlp_doc_set(&S->doc, e->node, "protocol", w[3]);
            if (m >= 6 && (eq(w[4], "port") || eq(w[4], "source-port")) && !placeholder(w[5])) {
                char *p = otlp_doc_strdup(&S->doc, w[5]), *q;
                for (q = p; q && *q; q++)
                    if (*q == ',')
                        *q = ' ';
                otlp_doc_set(&S->doc, e->node, eq(w[4], "port") ? "ports" : "source-ports", p);
                free(p);
            }
        }
        return 1;
    }
    if (eq(w[0], "service-group") || eq(w[0], "application-group")) {
        int app = eq(w[0], "application-group");
        e = fent(S, app ? K_APPGRP : K_SVCGRP, "fw-service", sc->obj, w[1], line);
        if (e == NULL)
            return 1;
        set_at(S, e->node, "kind", app ? "application" : "group", e->line);
        if (m >= 4 && eq(w[2], "members"))
            member(S, e->node, w[3], line);
        return 1;
    }
    return 1;
}

/* ------------------------------------------------------------ rules */

static unsigned next_seq(struct st *S, const char *ctx, const char *key, unsigned long line)
{
    int made;
    struct ent *c = get(S, K_SEQ, ctx, key, line, &made);
    return c != NULL ? ++c->seq : 1;
}

static const char *action(const char *v)
{
    if (eq(v, "allow"))
        return "permit";
    if (eq(v, "deny") || eq(v, "drop"))
        return "deny";
    if (strncmp(v, "reset-", 6) == 0)
        return "reject";
    return NULL;
}

/* One from/to/source/destination/application/service of a rule. */
static void endpoint(struct st *S, struct ent *e, const char *what, const char *v,
                     unsigned long line)
{
    xmlNodePtr c = child_at(S, e->node, what, line);
    if (eq(v, "any"))
        otlp_doc_set(&S->doc, c, "any", "true");
    else if (placeholder(v))
        otlp_doc_set(&S->doc, c, "name", v);
    else if ((eq(what, "source") || eq(what, "destination")) && is_addr_literal(v))
        otlp_doc_set(&S->doc, c, "address", v);
    else
        otlp_doc_set(&S->doc, c, "name", v);
}

static void ensure_defaults(struct st *S, const char *ctx)
{
    int made;
    get(S, K_DEFRULE, ctx, "intrazone-default", 0, &made);
    get(S, K_DEFRULE, ctx, "interzone-default", 0, &made);
}

/* One `key value` of a security rule: 1 known, 0 not. */
static int rule_kv(struct st *S, struct ent *e, const char *k, const char *v, unsigned long line)
{
    static const char *const ends[] = {"from", "to", "source", "destination", "application",
                                       "service", NULL};
    /* profiles, tags, users, categories, descriptions: not modelled */
    static const char *const other[] = {"description", "tag", "source-user", "category",
                                        "hip-profiles", "source-hip", "destination-hip",
                                        "log-setting", "rule-type", "group-tag", "uuid",
                                        "icmp-unreachable", "source-imei", "source-imsi",
                                        "source-nw-slice", NULL};
    otlp_doc_at(&S->doc, line);
    if (in_list(k, ends)) {
        endpoint(S, e, k, v, line);
    } else if (eq(k, "action")) {
        const char *a = action(v);
        if (a == NULL)
            return 0;
        otlp_doc_set(&S->doc, e->node, "action", a);
        e->action = 1;
    } else if (eq(k, "log-start")) {
        e->log_start = (signed char)yes(v);
        e->l1 = line;
    } else if (eq(k, "log-end")) {
        e->log_end = (signed char)yes(v);
        e->l1 = line;
    } else if (eq(k, "disabled")) {
        e->disabled = (signed char)yes(v);
        otlp_doc_set(&S->doc, e->node, "enabled", yes(v) ? "false" : "true");
    } else if (eq(k, "negate-source")) {
        otlp_doc_set(&S->doc, e->node, "source-negate", yes(v) ? "true" : "false");
    } else if (eq(k, "negate-destination")) {
        otlp_doc_set(&S->doc, e->node, "destination-negate", yes(v) ? "true" : "false");
    } else if (eq(k, "schedule")) {
        otlp_doc_set(&S->doc, e->node, "schedule", v);
    } else {
        return in_list(k, other) != 0;
    }
    return 1;
}

static int m_security(struct st *S, const char *const *w, unsigned m, unsigned long line,
                      const struct scope *sc, const char *rb)
{
    struct ent *e;
    int made;
    char key[32];
    unsigned j;

    if (m < 1 || placeholder(w[0]))
        return 1;
    e = get(S, K_RULE, sc->obj, w[0], line, &made);
    if (e == NULL)
        return 1;
    if (made) {
        snprintf(key, sizeof key, "security:%s", rb);
        e->node = otlp_doc_fact(&S->doc, "fw-rule", line);
        otlp_doc_at(&S->doc, line);
        otlp_doc_set(&S->doc, e->node, "policy", "security");
        otlp_doc_set(&S->doc, e->node, "kind", "security");
        otlp_doc_setu(&S->doc, e->node, "seq", next_seq(S, sc->obj, key, line));
        otlp_doc_set(&S->doc, e->node, "name", w[0]);
        otlp_doc_set(&S->doc, e->node, "rulebase", rb);
        if (sc->obj != NULL)
            otlp_doc_set(&S->doc, e->node, "context", sc->obj);
        ensure_defaults(S, sc->obj);
        S->seen_policy = 1;
    }
    /* one `key value` pair per line, or (the CLI accepts it) many; the
     * nested settings (profile-setting, option, target, qos) take the rest */
    for (j = 1; j + 1 < m; j += 2) {
        static const char *const nested[] = {"profile-setting", "option", "target", "qos", NULL};
        if (in_list(w[j], nested))
            return 1;
        if (!rule_kv(S, e, w[j], w[j + 1], line))
            return 0;
    }
    return 1;
}

/* The `key value ...` of a NAT rule at w: the words it took, 0 unknown. */
static unsigned nat_kv(struct st *S, struct ent *e, const char *const *w, unsigned m,
                       unsigned long line)
{
    static const char *const attr[][2] = {
        {"to", "to"}, {"source", "original-source"}, {"destination", "original-destination"},
        {"service", "service"}};
    static const char *const other[] = {"description", "tag", "nat-type", "to-interface",
                                        "active-active-device-binding", "uuid", "target",
                                        "group-tag", NULL};
    size_t i;

    otlp_doc_at(&S->doc, line);
    if (placeholder(w[1]))
        return 2;
    if (eq(w[0], "from")) {
        sadd(S, &e->s1, w[1]);
        if (xmlHasProp(e->node, BAD_CAST "from") == NULL)
            otlp_doc_set(&S->doc, e->node, "from", w[1]);
        return 2;
    }
    for (i = 0; i < 4; i++)
        if (eq(w[0], attr[i][0])) {
            if (xmlHasProp(e->node, BAD_CAST attr[i][1]) == NULL &&
                !(eq(w[0], "service") && eq(w[1], "any")))
                otlp_doc_set(&S->doc, e->node, attr[i][1], w[1]);
            return 2;
        }
    if (eq(w[0], "destination-translation") || eq(w[0], "dynamic-destination-translation")) {
        unsigned j = 1;
        e->dst_xlat = 1;
        otlp_doc_set(&S->doc, e->node, "kind", "destination");
        while (j + 1 < m && (eq(w[j], "translated-address") || eq(w[j], "translated-port"))) {
            otlp_doc_set(&S->doc, e->node, eq(w[j], "translated-port") ? "translated-port"
                                                   : "translated-destination", w[j + 1]);
            j += 2;
        }
        return j < m ? j : m;
    }
    if (eq(w[0], "source-translation")) {
        if (eq(w[1], "static-ip") && !e->dst_xlat)
            otlp_doc_set(&S->doc, e->node, "kind", "static");
        if (m >= 4 && eq(w[2], "translated-address") &&
            xmlHasProp(e->node, BAD_CAST "translated-source") == NULL)
            otlp_doc_set(&S->doc, e->node, "translated-source", w[3]);
        return m; /* the rest belongs to the translation */
    }
    if (eq(w[0], "disabled")) {
        otlp_doc_set(&S->doc, e->node, "enabled", yes(w[1]) ? "false" : "true");
        return 2;
    }
    return in_list(w[0], other) ? 2 : 0;
}

static int m_nat(struct st *S, const char *const *w, unsigned m, unsigned long line,
                 const struct scope *sc, const char *rb)
{
    struct ent *e;
    int made;
    char key[32];
    unsigned j;

    if (m < 1 || placeholder(w[0]))
        return 1;
    e = get(S, K_NAT, sc->obj, w[0], line, &made);
    if (e == NULL)
        return 1;
    if (made) {
        snprintf(key, sizeof key, "nat:%s", rb);
        e->node = otlp_doc_fact(&S->doc, "fw-nat", line);
        otlp_doc_at(&S->doc, line);
        otlp_doc_set(&S->doc, e->node, "kind", "source");
        otlp_doc_set(&S->doc, e->node, "name", w[0]);
        otlp_doc_setu(&S->doc, e->node, "seq", next_seq(S, sc->obj, key, line));
        if (sc->obj != NULL)
            otlp_doc_set(&S->doc, e->node, "context", sc->obj);
    }
    /* `key value` pairs, one per line or many on one */
    for (j = 1; j + 1 < m;) {
        unsigned used = nat_kv(S, e, w + j, m - j, line);
        if (used == 0)
            return 0;
        j += used;
    }
    return 1;
}

static int m_rulebase(struct st *S, const char *const *w, unsigned m, unsigned long line,
                      const struct scope *sc)
{
    const char *rb = eq(w[0], "pre-rulebase") ? "pre" : eq(w[0], "post-rulebase") ? "post" : "local";
    if (m >= 3 && eq(w[1], "security") && eq(w[2], "rules"))
        return m_security(S, w + 3, m - 3, line, sc, rb);
    if (m >= 3 && eq(w[1], "nat") && eq(w[2], "rules"))
        return m_nat(S, w + 3, m - 3, line, sc, rb);
    if (m >= 6 && eq(w[1], "default-security-rules") && eq(w[2], "rules")) {
        int made;
        struct ent *e = get(S, K_DEFRULE, sc->obj, w[3], line, &made);
        if (e == NULL)
            return 1;
        e->l1 = e->l1 ? e->l1 : line;
        if (eq(w[4], "action") && action(w[5]) != NULL)
            e->action = eq(action(w[5]), "permit") ? 1 : eq(action(w[5]), "deny") ? 2 : 3;
        else if (eq(w[4], "log-end"))
            e->log_end = (signed char)yes(w[5]);
        else if (eq(w[4], "log-start"))
            e->log_start = (signed char)yes(w[5]);
        return 1;
    }
    return 1; /* decryption, PBF, QoS, DoS, application override ...: not modelled */
}

/* log-settings syslog P server S {server X, transport T, port N}
 * log-settings snmptrap P version v2c|v3 server S manager X */
static int m_logset(struct st *S, const char *const *w, unsigned m, unsigned long line,
                    const struct scope *sc)
{
    struct ent *e;
    char key[512];
    if (m >= 6 && eq(w[1], "syslog") && eq(w[3], "server")) {
        if (snprintf(key, sizeof key, "%s/%s/%s", sc->obj ? sc->obj : "", w[2], w[4]) >=
            (int)sizeof key)
            return 1;
        e = fent(S, K_SYSLOG, "log-target", NULL, key, line);
        if (e == NULL || m < 7)
            return 1;
        otlp_doc_at(&S->doc, line);
        if (eq(w[5], "server"))
            otlp_doc_set(&S->doc, e->node, "host", w[6]);
        else if (eq(w[5], "transport"))
            otlp_doc_set(&S->doc, e->node, "transport",
                         eq(w[6], "SSL") ? "tls" : eq(w[6], "TCP") ? "tcp" : "udp");
        else if (eq(w[5], "port"))
            otlp_doc_set(&S->doc, e->node, "port", w[6]);
        return 1;
    }
    if (m >= 8 && eq(w[1], "snmptrap") && eq(w[5], "server")) {
        if (snprintf(key, sizeof key, "%s/%s/%s", sc->obj ? sc->obj : "", w[2], w[6]) >=
            (int)sizeof key)
            return 1;
        e = fent(S, K_TRAP, "snmp-host", NULL, key, line);
        if (e == NULL)
            return 1;
        otlp_doc_at(&S->doc, line);
        otlp_doc_set(&S->doc, e->node, "version", eq(w[4], "v3") ? "3" : "2c");
        if (m >= 9 && eq(w[7], "manager"))
            otlp_doc_set(&S->doc, e->node, "address", w[8]);
        return 1;
    }
    return 1;
}

/* ------------------------------------------------------------ dispatch */

/* Sections of a vsys, device group or shared that the grammar knows and the
 * facts do not model (docs/formats/panos.md, "Not modelled"). */
static const char *const known_sections[] = {
    "application", "application-filter", "application-status", "tag", "profiles",
    "profile-group", "schedule", "external-list", "reports", "report-group",
    "pdf-summary-report", "email-scheduler", "botnet", "threats", "admin-role",
    "authentication-profile", "certificate", "certificate-profile", "ssl-tls-service-profile",
    "content-preview", "local-user-database", "response-page", "setting", "server-profile",
    "dynamic-user-group", "region", "ocsp-responder", "import", "display-name",
    "user-id-collector", "authentication-sequence", "alg-override", "ssl-decrypt", "global-protect",
    "zone-protection-profile", "visible-vsys", "dns-proxy", "url-admin-override",
    "device-group", "log-collector-group", "log-collector", "template-stack",
    "panorama", "mgt-config", "scep", "saml-idp-profile", "redistribution-agent",
    "group-mapping", "user-id-agent", "ts-agent", "captive-portal", "url-content-types",
    "cli", "authorization-code", "sdwan-interface-profile", "user-id-ssl-auth",
    "devices", "threat-intel", "application-override", "source-user", "readonly",
    "to-sw-version", "address-prefix", "max-internal-id", "id", "parent-dg", "reverse-dns",
    "cloud-identity", "local-deployment", "vsys", "template", "settings", "description",
    "config", "templates", "variable", "default-vsys", "master-device", "dg-meta-data",
    NULL};

/* A template's configuration is what Panorama pushes to the firewalls of
 * every device group: its zones, interfaces and profiles are device-level
 * (no context), so that device-group rules resolve their zones in them
 * (docs/formats/panos.md, "Contexts"). */
static void scope_ctx(struct scope *sc, const char *tmpl, const char *vsys, const char *dg,
                      int shared)
{
    int r;
    if (dg != NULL)
        r = snprintf(sc->ctx, sizeof sc->ctx, "%s", dg);
    else if (shared)
        r = snprintf(sc->ctx, sizeof sc->ctx, "shared");
    else
        r = snprintf(sc->ctx, sizeof sc->ctx, "%s", vsys != NULL ? vsys : "vsys1");
    if (r >= (int)sizeof sc->ctx) /* a context name longer than PAN-OS allows */
        sc->ctx[sizeof sc->ctx - 1] = '\0';
    sc->obj = tmpl != NULL ? NULL : sc->ctx;
    sc->dev = NULL;
}

/* One event: the words of a path, the last one the value.  1 when the
 * grammar knows the path (mapped, or in a section not modelled), 0 not. */
static int map(struct st *S, const char *const *w, unsigned n, unsigned long line)
{
    struct scope sc;
    const char *tmpl = NULL, *vsys = NULL, *dg = NULL;
    int shared = 0;
    unsigned i = 0;
    const char *k;

    while (i < n) {
        if (eq(w[i], "config")) {
            i++;
        } else if (eq(w[i], "devices") && i + 1 < n) {
            i += 2;
        } else if (eq(w[i], "template") && i + 2 < n && eq(w[i + 2], "config")) {
            tmpl = w[i + 1];
            S->panorama = 1;
            i += 3;
        } else if (eq(w[i], "device-group") && i + 1 < n) {
            dg = w[i + 1];
            S->panorama = 1;
            i += 2;
        } else if (eq(w[i], "vsys") && i + 1 < n) {
            vsys = w[i + 1];
            i += 2;
        } else if (eq(w[i], "shared")) {
            shared = 1;
            i++;
        } else {
            break;
        }
    }
    if (i >= n)
        return 1;
    scope_ctx(&sc, tmpl, vsys, dg, shared);
    w += i;
    n -= i;
    k = w[0];
    if (eq(k, "mgt-config"))
        return m_mgt(S, w, n, line, &sc);
    if (eq(k, "deviceconfig"))
        return m_deviceconfig(S, w, n, line, &sc);
    if (eq(k, "network"))
        return m_network(S, w, n, line, &sc);
    if (eq(k, "zone"))
        return m_zone(S, w, n, line, &sc);
    if (eq(k, "address") || eq(k, "address-group") || eq(k, "service") ||
        eq(k, "service-group") || eq(k, "application-group"))
        return m_object(S, w, n, line, &sc);
    if (eq(k, "rulebase") || eq(k, "pre-rulebase") || eq(k, "post-rulebase"))
        return m_rulebase(S, w, n, line, &sc);
    if (eq(k, "log-settings"))
        return m_logset(S, w, n, line, &sc);
    if (eq(k, "readonly") || eq(k, "template") || eq(k, "device-group")) {
        S->panorama = 1;
        return 1;
    }
    return in_list(k, known_sections) != 0;
}

/* ------------------------------------------------------------ finish */

/* Trust of a zone by its conventional name (docs/formats/panos.md). */
static const char *zone_trust(const char *z)
{
    char l[64];
    size_t i;
    for (i = 0; z[i] && i + 1 < sizeof l; i++)
        l[i] = (char)tolower((unsigned char)z[i]);
    l[i] = '\0';
    if (strstr(l, "untrust") || strncmp(l, "outside", 7) == 0 || strncmp(l, "internet", 8) == 0 ||
        eq(l, "wan") || strncmp(l, "wan-", 4) == 0 || strncmp(l, "wan_", 4) == 0 ||
        strncmp(l, "external", 8) == 0)
        return "untrusted";
    if (strstr(l, "dmz"))
        return "dmz";
    if (strncmp(l, "trust", 5) == 0 || strncmp(l, "inside", 6) == 0 || eq(l, "lan") ||
        strncmp(l, "internal", 8) == 0)
        return "trusted";
    return NULL;
}

static void finish_zones(struct st *S)
{
    struct ent *e;
    for (e = S->head[K_ZONE]; e != NULL; e = e->next) {
        const char *t = zone_trust(e->name);
        otlp_doc_at(&S->doc, 0);
        otlp_doc_set(&S->doc, e->node, "trust", t ? t : "unknown");
        if (t != NULL)
            otlp_doc_set(&S->doc, e->node, "trust-source", "name");
        if (e->s1 != NULL)
            otlp_doc_set(&S->doc, e->node, "interfaces", e->s1);
    }
}

static void finish_rules(struct st *S)
{
    struct ent *e;
    for (e = S->head[K_RULE]; e != NULL; e = e->next) {
        otlp_doc_at(&S->doc, e->action < 0 ? e->line : 0);
        if (e->action < 0) /* the action's schema default: allow */
            otlp_doc_set(&S->doc, e->node, "action", "permit");
        if (e->disabled < 0)
            otlp_doc_set(&S->doc, e->node, "enabled", "true");
        /* log-end defaults to yes, log-start to no */
        otlp_doc_at(&S->doc, e->l1);
        otlp_doc_set(&S->doc, e->node, "log", e->log_start == 1 || e->log_end != 0 ? "true" : "false");
    }
    for (e = S->head[K_NAT]; e != NULL; e = e->next) {
        const char *f = e->s1;
        int untrusted = 0;
        while (f != NULL && *f) {
            char z[256];
            size_t l = strcspn(f, " ");
            snprintf(z, sizeof z, "%.*s", (int)l, f);
            untrusted |= zone_trust(z) != NULL && strcmp(zone_trust(z), "untrusted") == 0;
            f += l + (f[l] == ' ');
        }
        otlp_doc_at(&S->doc, 0);
        if (e->dst_xlat)
            otlp_doc_set(&S->doc, e->node, "inbound", untrusted ? "true" : "false");
        if (xmlHasProp(e->node, BAD_CAST "enabled") == NULL)
            otlp_doc_set(&S->doc, e->node, "enabled", "true");
    }
    for (e = S->head[K_DEFRULE]; e != NULL; e = e->next) {
        int intra = eq(e->name, "intrazone-default");
        xmlNodePtr n;
        if (!intra && !eq(e->name, "interzone-default"))
            continue;
        n = otlp_doc_fact(&S->doc, "fw-default", e->l1);
        otlp_doc_at(&S->doc, e->l1);
        otlp_doc_set(&S->doc, n, "policy", "security");
        if (intra) { /* traffic within one zone */
            otlp_doc_set(&S->doc, n, "from", "intrazone");
            otlp_doc_set(&S->doc, n, "to", "intrazone");
        }
        if (e->ctx != NULL)
            otlp_doc_set(&S->doc, n, "context", e->ctx);
        if (e->action > 0)
            otlp_doc_set(&S->doc, n, "action",
                         e->action == 1 ? "permit" : e->action == 2 ? "deny" : "reject");
        else
            otlp_doc_set(&S->doc, n, "action", intra ? "permit" : "deny");
        /* the predefined rules log nothing unless overridden */
        otlp_doc_set(&S->doc, n, "log", e->log_end == 1 || e->log_start == 1 ? "true" : "false");
        if (e->action <= 0)
            otlp_doc_set(&S->doc, n, "defaulted", "true");
    }
}

/* Predefined services a rule may name without defining them. */
static void finish_predefined(struct st *S)
{
    static const char *const pre[][3] = {{"service-http", "tcp", "80 8080"},
                                         {"service-https", "tcp", "443"},
                                         {"application-default", NULL, NULL}};
    size_t i;
    struct ent *e;
    for (i = 0; i < 3; i++) {
        int used = 0;
        xmlNodePtr n;
        for (e = S->head[K_SVC]; e != NULL; e = e->next)
            if (eq(e->name, pre[i][0]))
                break;
        if (e != NULL)
            continue;
        for (e = S->head[K_RULE]; e != NULL && !used; e = e->next) {
            xmlNodePtr c;
            for (c = e->node ? e->node->children : NULL; c != NULL && !used; c = c->next) {
                xmlChar *v;
                if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "service"))
                    continue;
                v = xmlGetProp(c, BAD_CAST "name");
                used = v != NULL && xmlStrEqual(v, BAD_CAST pre[i][0]);
                xmlFree(v);
            }
        }
        if (!used)
            continue;
        otlp_doc_at(&S->doc, 0);
        n = otlp_doc_fact(&S->doc, "fw-service", 0);
        otlp_doc_set(&S->doc, n, "name", pre[i][0]);
        otlp_doc_set(&S->doc, n, "kind", pre[i][1] ? "service" : "application");
        if (pre[i][1] != NULL) {
            otlp_doc_set(&S->doc, n, "protocol", pre[i][1]);
            otlp_doc_set(&S->doc, n, "ports", pre[i][2]);
        }
        otlp_doc_set(&S->doc, n, "defaulted", "true");
    }
}

static void finish_ifaces(struct st *S)
{
    struct ent *e, *p;
    size_t b;
    for (e = S->head[K_IFACE]; e != NULL; e = e->next) {
        char *protos = NULL;
        xmlNodePtr n;
        const char *ctx = e->s3 != NULL ? e->s3 : e->ctx;
        otlp_doc_at(&S->doc, 0);
        if (e->s2 != NULL)
            otlp_doc_set(&S->doc, e->node, "zone", e->s2);
        if (ctx != NULL)
            otlp_doc_set(&S->doc, e->node, "context", ctx);
        if (e->s1 == NULL)
            continue;
        p = find(S, K_MPROF, e->ctx, e->s1);
        for (b = 0; p != NULL && mp_names[b] != NULL; b++)
            if (p->yes & (1u << b))
                sadd(S, &protos, b == 0 ? "https" : mp_names[b]);
        n = otlp_doc_fact(&S->doc, "mgmt-access", e->l1);
        otlp_doc_at(&S->doc, e->l1);
        otlp_doc_set(&S->doc, n, "interface", e->name);
        if (e->s2 != NULL)
            otlp_doc_set(&S->doc, n, "zone", e->s2);
        otlp_doc_set(&S->doc, n, "profile", e->s1);
        otlp_doc_set(&S->doc, n, "protocols", protos ? protos : "");
        otlp_doc_set(&S->doc, n, "source", p != NULL && p->s1 != NULL ? p->s1 : "any");
        if (ctx != NULL)
            otlp_doc_set(&S->doc, n, "context", ctx);
        free(protos);
    }
}

static int full(const struct st *S)
{
    return S->seen_system && (S->seen_mgt || S->form == 'x');
}

/* The management port (MGT): deviceconfig system service disable-* (absent:
 * not disabled, docs/formats/panos.md) and permitted-ip. */
static void finish_mgmt(struct st *S)
{
    static const char *const svc[] = {"telnet", "http", "https", "ssh", NULL, "snmp"};
    char *protos = NULL;
    xmlNodePtr n;
    int i, any_default = 0;

    if (!S->seen_system)
        return;
    for (i = 0; i < SV_N; i++) {
        int on = S->svc_off[i] != 1;
        if (S->svc_off[i] < 0 && !full(S))
            continue;
        any_default |= S->svc_off[i] < 0;
        if (on)
            sadd(S, &protos, i == SV_ICMP ? "ping" : sv_names[i]);
        if (svc[i] == NULL)
            continue;
        n = otlp_doc_fact(&S->doc, "service", S->svc_line[i]);
        otlp_doc_at(&S->doc, S->svc_line[i]);
        otlp_doc_set(&S->doc, n, "name", svc[i]);
        otlp_doc_set(&S->doc, n, "enabled", on ? "true" : "false");
        if (S->svc_off[i] < 0)
            otlp_doc_set(&S->doc, n, "defaulted", "true");
        if (i == SV_SSH && on)
            otlp_doc_set(&S->doc, n, "version", "2");
        otlp_doc_at(&S->doc, S->permit_line);
        if (S->permit != NULL && on)
            otlp_doc_set(&S->doc, n, "scope", "permitted-ip");
    }
    /* the management port as an interface of its own (no zone) */
    n = otlp_doc_fact(&S->doc, "interface", 0);
    otlp_doc_set(&S->doc, n, "name", "management");
    otlp_doc_set(&S->doc, n, "mgmt", "true");
    if (S->mgmt_ip != NULL && !placeholder(S->mgmt_ip))
        otlp_doc_set(&S->doc, n, "address", S->mgmt_ip);
    n = otlp_doc_fact(&S->doc, "mgmt-access", S->permit_line);
    otlp_doc_at(&S->doc, S->permit_line);
    otlp_doc_set(&S->doc, n, "interface", "management");
    otlp_doc_set(&S->doc, n, "protocols", protos ? protos : "");
    otlp_doc_set(&S->doc, n, "source", S->permit ? S->permit : "any");
    if (any_default)
        otlp_doc_set(&S->doc, n, "defaulted", "true");
    free(protos);
    /* the web and SSH sessions of the management port */
    if (!full(S) && S->idle_line == 0)
        return;
    for (i = 0; i < 2; i++) {
        n = otlp_doc_fact(&S->doc, "session", S->idle_line);
        otlp_doc_at(&S->doc, S->idle_line);
        otlp_doc_set(&S->doc, n, "channel", i ? "ssh" : "web");
        /* idle-timeout in minutes; 60 when not set (UNVERIFIED default) */
        otlp_doc_setf(&S->doc, n, "idle-timeout", "%ld", (S->idle_line ? S->idle : 60) * 60);
        otlp_doc_set(&S->doc, n, "login", "local");
        otlp_doc_set(&S->doc, n, "transport-in", i ? "ssh" : "https");
        if (S->idle_line == 0)
            otlp_doc_set(&S->doc, n, "defaulted", "true");
        otlp_doc_at(&S->doc, S->permit_line);
        if (S->permit != NULL)
            otlp_doc_set(&S->doc, n, "access-list", "permitted-ip");
    }
}

static void finish_vpn(struct st *S)
{
    struct ent *e;
    int k;
    for (k = K_IKEP; k <= K_IPSECP; k++)
        for (e = S->head[k]; e != NULL; e = e->next) {
            otlp_doc_at(&S->doc, 0);
            otlp_doc_set(&S->doc, e->node, "phase", k == K_IKEP ? "ike" : "ipsec");
            if (e->s1)
                otlp_doc_set(&S->doc, e->node, "encryption", e->s1);
            if (e->s2)
                otlp_doc_set(&S->doc, e->node, "integrity", e->s2);
            if (e->s3)
                otlp_doc_set(&S->doc, e->node, k == K_IKEP ? "dh-group" : "pfs", e->s3);
        }
    for (e = S->head[K_GW]; e != NULL; e = e->next) {
        xmlNodePtr n;
        otlp_doc_at(&S->doc, 0);
        otlp_doc_set(&S->doc, e->node, "phase", "ike");
        if (e->s2 == NULL)
            continue;
        n = otlp_doc_fact(&S->doc, "pre-shared-key", e->l1);
        otlp_doc_at(&S->doc, e->l1);
        otlp_doc_set(&S->doc, n, "context", "ike");
        otlp_doc_set(&S->doc, n, "peer", e->s1 ? e->s1 : e->name);
        otlp_doc_set(&S->doc, n, "secret-kind", eq(e->s2, "-AQ==") ? "encrypted"
                                                : eq(e->s2, "clear") ? "cleartext" : "unknown");
    }
}

static void finish_misc(struct st *S)
{
    struct ent *e;
    xmlNodePtr n;
    int auth = 0;

    for (e = S->head[K_USER]; e != NULL; e = e->next)
        if (e->l1 != 1 && xmlHasProp(e->node, BAD_CAST "secret-kind") == NULL &&
            xmlHasProp(e->node, BAD_CAST "secret-format") == NULL) {
            otlp_doc_at(&S->doc, 0);
            otlp_doc_set(&S->doc, e->node, "secret-kind", "unknown");
        }
    for (e = S->head[K_SNMPU]; e != NULL; e = e->next) {
        otlp_doc_at(&S->doc, 0);
        otlp_doc_set(&S->doc, e->node, "version", "3");
        otlp_doc_set(&S->doc, e->node, "security", "priv");
        otlp_doc_set(&S->doc, e->node, "auth", e->s1 ? e->s1 : "sha");
        otlp_doc_set(&S->doc, e->node, "priv", e->s2 ? e->s2 : "aes128");
    }
    for (e = S->head[K_NTP]; e != NULL; e = e->next) {
        int a = e->s2 != NULL && !eq(e->s2, "none");
        if (e->s1 == NULL)
            continue;
        auth |= a;
        n = otlp_doc_fact(&S->doc, "ntp-server", e->l1);
        otlp_doc_at(&S->doc, e->l1);
        otlp_doc_set(&S->doc, n, "address", e->s1);
        otlp_doc_set(&S->doc, n, "authenticated", a ? "true" : "false");
        if (eq(e->name, "primary-ntp-server"))
            otlp_doc_set(&S->doc, n, "prefer", "true");
    }
    if (S->head[K_NTP] != NULL) {
        n = otlp_doc_fact(&S->doc, "ntp", S->head[K_NTP]->line);
        otlp_doc_set(&S->doc, n, "authenticate", auth ? "true" : "false");
    }
    if (S->banner) {
        n = otlp_doc_fact(&S->doc, "banner", S->banner_line);
        otlp_doc_at(&S->doc, S->banner_line);
        otlp_doc_set(&S->doc, n, "kind", "login");
        otlp_doc_set(&S->doc, n, "present", "true");
    }
    if (S->lock_line) {
        n = otlp_doc_fact(&S->doc, "lockout", S->lock_line);
        otlp_doc_at(&S->doc, S->lock_line);
        otlp_doc_setf(&S->doc, n, "attempts", "%ld", S->lock_attempts);
        if (S->lock_time > 0)
            otlp_doc_setf(&S->doc, n, "duration", "%ld", S->lock_time * 60);
    }
    if (S->pwpol != NULL) {
        otlp_doc_at(&S->doc, 0);
        if (S->pw_enabled != 1) { /* complexity not enabled: no rule applies */
            xmlUnsetProp(S->pwpol, BAD_CAST "min-length");
            otlp_doc_set(&S->doc, S->pwpol, "min-length", "0");
        }
        if (S->pw_classes) {
            unsigned c = 0, b;
            for (b = S->pw_classes; b; b >>= 1)
                c += b & 1u;
            otlp_doc_setu(&S->doc, S->pwpol, "classes", c);
        }
    }
}

/* ------------------------------------------------------------ raw tree */

/* One raw statement or start tag: a record, or a <stmt>/<element> under
 * dd->raw (flat: the path is in the text).  Text forms are printed only up
 * to a secret word (otlp_redact_unknown: phash, key, community, password,
 * authpwd ... are all such words), and an encrypted -AQ== value is cut. */
static void raw(struct st *S, unsigned long line, const char *text, size_t len, int known,
                int xml)
{
    int red = 0;
    char *t = NULL, *q;
    unsigned flags;

    if (S->doc.stop || S->doc.oom)
        return;
    if (!xml) {
        t = otlp_redact_unknown(text, len, &red);
        if (t == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        if ((q = strstr(t, "-AQ==")) != NULL) { /* the rest of the statement goes */
            size_t k = (size_t)(q - t);
            char *u = malloc(k + sizeof OTL_REDACTED);
            if (u == NULL) {
                free(t);
                otlp_doc_nomem(&S->doc);
                return;
            }
            memcpy(u, t, k);
            memcpy(u + k, OTL_REDACTED, sizeof OTL_REDACTED);
            free(t);
            t = u;
            red = 1;
        }
        text = t;
        len = strlen(t);
    }
    flags = (known ? 0u : OTL_RAW_UNRECOGNISED) | (red ? OTL_RAW_SECRET : 0u);
    if (otlp_doc_take(&S->doc, line) == 0) {
        if (S->raw_records) {
            if (otlp_raw_record(S->host, S->ctx, 0, line, text, len, flags) != 0)
                otlp_doc_nomem(&S->doc);
        } else {
            xmlNodePtr n = otlp_child_text(S->dd->raw, "stmt", line, text, len);
            if (n == NULL)
                otlp_doc_nomem(&S->doc);
            else {
                otl_node_set_line(n, line);
                if (!known)
                    otlp_doc_set(&S->doc, n, "recognised", "false");
                if (red)
                    otlp_doc_setb(&S->doc, n, "secret", 1);
            }
        }
    }
    free(t);
}

/* ------------------------------------------------------------ XML reader */

/* Lists that grow with the configuration (rules, objects): inside them
 * only the `entry` start tags and the leaves a rule's attribute findings
 * point at become raw records, so that a Panorama-sized file fits the
 * element budget (docs/formats/panos.md, "Raw tree"). */
static const char *const bulk_lists[] = {"rules", "address", "address-group", "service",
                                         "service-group", "application-group", NULL};
static const char *const bulk_leaves[] = {"disabled", "log-end", "log-start", "action", NULL};

static int xpush(struct st *S, char *word, int member)
{
    if (S->np == S->pcap) {
        size_t n = S->pcap ? S->pcap * 2 : 64;
        char **p = realloc(S->path, n * sizeof *p);
        unsigned char *k = realloc(S->kid, n), *m, *b;
        if (p != NULL)
            S->path = p;
        if (k != NULL)
            S->kid = k;
        m = realloc(S->mem, n);
        if (m != NULL)
            S->mem = m;
        b = realloc(S->bulk, n);
        if (b != NULL)
            S->bulk = b;
        if (p == NULL || k == NULL || m == NULL || b == NULL) {
            free(word);
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        S->pcap = n;
    }
    S->path[S->np] = word;
    S->kid[S->np] = 0;
    S->mem[S->np] = (unsigned char)member;
    /* (deviceconfig system service is a setting, not a list) */
    S->bulk[S->np] = (unsigned char)((S->np > 0 && S->bulk[S->np - 1]) ||
                                     (word != NULL && in_list(word, bulk_lists) &&
                                      !(S->np > 0 && eq(S->path[S->np - 1], "system"))));
    S->np++;
    return 0;
}

/* The words of the open path (plus `last`), in w; their number. */
static unsigned xwords(struct st *S, const char **w, const char *last)
{
    unsigned n = 0;
    size_t i;
    for (i = 0; i < S->np && n + 1 < MAXW; i++)
        if (S->path[i] != NULL)
            w[n++] = S->path[i];
    if (last != NULL && n < MAXW)
        w[n++] = last;
    return n;
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **at)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    const char *name = (const char *)localname;
    unsigned limit = S->max_depth ? S->max_depth : DEPTH_FALLBACK;
    char tag[OTLP_RAWTAG], *word = NULL, val[1024];
    size_t o = 0;
    unsigned long line;
    int i, member = strcmp(name, "member") == 0;

    (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    S->pc = pc;
    line = otlp_sax_line(&S->tp, pc);
    if (!S->doc.stop && S->np >= limit) {
        S->host->diag(S->ctx, OTL_DIAG_ERROR, line,
                      "elements nested deeper than %u; the rest of the file is not read", limit);
        otlp_doc_stop(&S->doc, OTL_PARSE_PARTIAL);
    }
    if (S->doc.stop) {
        xmlStopParser(pc);
        return;
    }
    if (S->np > 0)
        S->kid[S->np - 1] = 1;
    otlp_tag_put(tag, &o, "<");
    otlp_tag_put(tag, &o, name);
    for (i = 0; i < nb_attributes; i++) {
        const char *an = (const char *)at[5 * i];
        size_t vl = (size_t)(at[5 * i + 4] - at[5 * i + 3]);
        if (vl >= sizeof val)
            vl = sizeof val - 1;
        otlp_sax_value(val, at[5 * i + 3], at[5 * i + 3] + vl);
        otlp_tag_put(tag, &o, " ");
        otlp_tag_put(tag, &o, an);
        otlp_tag_put(tag, &o, "=\"");
        otlp_tag_put(tag, &o, val);
        otlp_tag_put(tag, &o, "\"");
        if (strcmp(an, "name") == 0 && strcmp(name, "entry") == 0 && word == NULL)
            word = strdup(val);
        if (S->np == 0 && strcmp(an, "version") == 0 && !placeholder(val))
            sset(S, &S->version, val);
    }
    otlp_tag_put(tag, &o, ">");
    if (word == NULL && !member)
        word = strdup(name);
    if ((word == NULL && !member) || xpush(S, word, member) < 0) {
        otlp_doc_nomem(&S->doc);
        xmlStopParser(pc);
        return;
    }
    if (!S->bulk[S->np - 1] || strcmp(name, "entry") == 0)
        raw(S, line, tag, o, 1, 1);
    memcpy(S->lasttag, tag, o);
    S->lastlen = o;
    S->tlen = 0;
    S->text_on = 1;
    S->leaf_line = line;
    if (strcmp(name, "entry") == 0) { /* the entry exists, whatever it holds */
        const char *w[MAXW];
        unsigned n = xwords(S, w, NULL);
        otlp_doc_at(&S->doc, line);
        map(S, w, n, line);
    }
    if (S->doc.stop)
        xmlStopParser(pc);
}

static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    size_t n = (size_t)len;
    if (!S->text_on)
        return;
    if (S->tlen + n > TEXT_MAX)
        n = TEXT_MAX - S->tlen;
    memcpy(S->text + S->tlen, ch, n);
    S->tlen += n;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    size_t a = 0, b;

    (void)localname, (void)prefix, (void)uri;
    if (S->np == 0)
        return;
    if (!S->kid[S->np - 1] && S->text_on) {
        b = S->tlen;
        while (a < b && isspace((unsigned char)S->text[a]))
            a++;
        while (b > a && isspace((unsigned char)S->text[b - 1]))
            b--;
        if (b > a) {
            const char *w[MAXW];
            unsigned n;
            S->text[b] = '\0';
            n = xwords(S, w, S->text + a); /* a <member>: its parent's value */
            otlp_doc_at(&S->doc, S->leaf_line);
            if (S->bulk[S->np - 1] && S->path[S->np - 1] != NULL &&
                in_list(S->path[S->np - 1], bulk_leaves))
                raw(S, S->leaf_line, S->lasttag, S->lastlen, 1, 1);
            count(S, map(S, w, n, S->leaf_line), S->leaf_line);
            if (placeholder(S->text + a))
                S->placeholders++;
        }
    }
    S->text_on = 0;
    S->np--;
    free(S->path[S->np]);
    if (S->doc.stop)
        xmlStopParser(pc);
}

static void parse_xml(struct st *S, const struct otl_input *in)
{
    xmlSAXHandler h;
    int rc;

    if (S->host->abi_minor < 2 || S->host->xml_sax == NULL) {
        S->host->diag(S->ctx, OTL_DIAG_ERROR, 0,
                      "this otlint offers no SAX parse (host->xml_sax, plugin ABI 1.2); the file is not read");
        otlp_doc_status(&S->doc, OTL_PARSE_FAILED);
        return;
    }
    otlp_tagpos_init(&S->tp, in);
    memset(&h, 0, sizeof h);
    h.initialized = XML_SAX2_MAGIC;
    h.startElementNs = sax_start;
    h.endElementNs = sax_end;
    h.characters = sax_chars;
    h.cdataBlock = sax_chars;
    rc = S->host->xml_sax(S->ctx, in->data, in->len, &h, S);
    if (rc < 0)
        otlp_doc_status(&S->doc, OTL_PARSE_FAILED);
    else if (rc > 0 && !S->doc.stop)
        otlp_doc_status(&S->doc, S->units > 0 ? OTL_PARSE_PARTIAL : OTL_PARSE_FAILED);
    while (S->np > 0)
        free(S->path[--S->np]);
}

/* ------------------------------------------------------------ text readers */

/* A token of the set and brace forms: a word (quotes removed; a Jinja
 * placeholder `{{ ... }}` is one word), or one of [ ] ; { }. */
struct tok {
    int type;        /* 'w' or the character */
    size_t a, b;     /* the word in the arena */
};

struct lexer {
    char *arena;
    size_t used, cap;
    struct tok *t;
    size_t n, tcap;
};

static int lx_word(struct st *S, struct lexer *L, const char *s, size_t n, int type)
{
    if (L->used + n + 1 > L->cap) {
        size_t c = (L->used + n + 1) * 2 + 256;
        char *a = realloc(L->arena, c);
        if (a == NULL)
            return otlp_doc_nomem(&S->doc), -1;
        L->arena = a;
        L->cap = c;
    }
    if (L->n == L->tcap) {
        size_t c = L->tcap ? L->tcap * 2 : 64;
        struct tok *t = realloc(L->t, c * sizeof *t);
        if (t == NULL)
            return otlp_doc_nomem(&S->doc), -1;
        L->t = t;
        L->tcap = c;
    }
    memcpy(L->arena + L->used, s, n);
    L->arena[L->used + n] = '\0';
    L->t[L->n].type = type;
    L->t[L->n].a = L->used;
    L->t[L->n].b = L->used + n;
    L->used += n + 1;
    L->n++;
    return 0;
}

/* Tokens of one line appended to L.  braces: { } ; are tokens. */
static int lex_line(struct st *S, struct lexer *L, const char *s, size_t n, int braces)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            i++;
        } else if (c == '{' && i + 1 < n && s[i + 1] == '{') {
            const char *e = NULL;
            size_t j;
            for (j = i + 2; j + 1 < n; j++)
                if (s[j] == '}' && s[j + 1] == '}') {
                    e = s + j + 2;
                    break;
                }
            if (e == NULL)
                e = s + n;
            if (lx_word(S, L, s + i, (size_t)(e - (s + i)), 'w') < 0)
                return -1;
            i = (size_t)(e - s);
        } else if (c == '"' || c == '\'') {
            size_t j = i + 1;
            while (j < n && s[j] != c)
                j += s[j] == '\\' && j + 1 < n ? 2 : 1;
            if (lx_word(S, L, s + i + 1, (j < n ? j : n) - i - 1, 'w') < 0)
                return -1;
            i = j < n ? j + 1 : n;
        } else if (c == '[' || c == ']' || (braces && (c == ';' || c == '{' || c == '}'))) {
            if (lx_word(S, L, s + i, 1, c) < 0)
                return -1;
            i++;
        } else {
            size_t j = i;
            while (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '[' && s[j] != ']' &&
                   !(braces && (s[j] == ';' || s[j] == '{' || s[j] == '}')) &&
                   !(s[j] == '{' && j + 1 < n && s[j + 1] == '{'))
                j++;
            if (lx_word(S, L, s + i, j - i, 'w') < 0)
                return -1;
            i = j;
        }
    }
    return 0;
}

/* A line of capture noise: a CLI prompt with a command (`admin@fw> show
 * config running`, `admin@fw# ...`), a pager prompt, a terminal-log banner. */
static int noise(const char *s, size_t n)
{
    size_t i;
    if (otlp_capture_noise(s, n))
        return 1;
    /* any command after a PAN-OS prompt (`admin@fw> set cli
     * config-output-format set`, `admin@fw# show`) */
    for (i = 0; i < n && s[i] != ' '; i++)
        if ((s[i] == '>' || s[i] == '#') && i > 0 && memchr(s, '@', i) != NULL)
            return 1;
    return 0;
}

static void trim(const char **s, size_t *n)
{
    size_t k = otlp_more_skip(*s, *n);
    *s += k;
    *n -= k;
    while (*n && (**s == ' ' || **s == '\t'))
        (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Map the words w[0..n) where the list tokens [ ... ] between lb and rb
 * (indexes in w, lb < 0: none) each give one event.  1 when all known. */
static int map_list(struct st *S, const char **w, unsigned n, int lb, int rb, unsigned long line)
{
    const char *v[MAXW];
    unsigned i, k, known = 1;
    if (lb < 0)
        return map(S, w, n, line);
    for (i = (unsigned)lb + 1; i < (unsigned)rb; i++) {
        unsigned j;
        for (k = 0; k < (unsigned)lb && k + 1 < MAXW; k++)
            v[k] = w[k];
        v[k++] = w[i];
        /* words after the list (more `key value` pairs): once */
        for (j = (unsigned)rb + 1; i == (unsigned)lb + 1 && j < n && k < MAXW; j++)
            v[k++] = w[j];
        known &= (unsigned)map(S, v, k, line);
    }
    return (int)known;
}

static void parse_set(struct st *S, const struct otl_input *in)
{
    struct otlp_reader r;
    struct otlp_line l;
    struct lexer L;

    memset(&L, 0, sizeof L);
    otlp_reader_init(&r, in);
    while (!S->doc.stop && otlp_next_line(&r, &l)) {
        const char *s = l.s, *w[MAXW];
        size_t n = l.len, i;
        unsigned nw = 0;
        int lb = -1, rb = -1, known;
        trim(&s, &n);
        if (n == 0 || s[0] == '#' || noise(s, n))
            continue;
        L.n = L.used = 0;
        if (lex_line(S, &L, s, n, 0) < 0)
            break;
        for (i = 1; i < L.n && nw < MAXW; i++) {
            if (L.t[i].type == '[' && lb < 0)
                lb = (int)nw;
            else if (L.t[i].type == ']' && lb >= 0 && rb < 0)
                rb = (int)nw;
            w[nw++] = L.t[i].type == 'w' ? L.arena + L.t[i].a : L.t[i].type == '[' ? "[" : "]";
            if (placeholder(w[nw - 1]))
                S->placeholders++;
        }
        if (lb >= 0 && rb < 0)
            rb = (int)nw;
        otlp_doc_at(&S->doc, l.no);
        if (L.n > 0 && eq(L.arena + L.t[0].a, "set") && nw > 0) {
            known = map_list(S, w, nw, lb, rb, l.no);
        } else if (L.n > 0 && eq(L.arena + L.t[0].a, "delete")) {
            S->deletes++;
            known = 1;
        } else {
            known = 0;
        }
        count(S, known, l.no);
        raw(S, l.no, s, n, known, 0);
    }
    if (otlp_reader_expired(&r))
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
    free(L.arena);
    free(L.t);
}

/* The brace form: blocks `words {`, statements `words;`, lists
 * `words [ a b ];`, a statement may continue on the next lines. */
struct bstack {
    char **w;
    unsigned *group; /* words each open block pushed */
    size_t nw, wcap, ng, gcap;
};

static int bpush(struct st *S, struct bstack *B, const struct lexer *L, size_t from)
{
    size_t i, k = 0;
    if (B->ng == B->gcap) {
        size_t c = B->gcap ? B->gcap * 2 : 32;
        unsigned *g = realloc(B->group, c * sizeof *g);
        if (g == NULL)
            return otlp_doc_nomem(&S->doc), -1;
        B->group = g;
        B->gcap = c;
    }
    for (i = from; i < L->n; i++) {
        if (L->t[i].type != 'w')
            continue;
        if (B->nw == B->wcap) {
            size_t c = B->wcap ? B->wcap * 2 : 64;
            char **w = realloc(B->w, c * sizeof *w);
            if (w == NULL)
                return otlp_doc_nomem(&S->doc), -1;
            B->w = w;
            B->wcap = c;
        }
        if ((B->w[B->nw] = strdup(L->arena + L->t[i].a)) == NULL)
            return otlp_doc_nomem(&S->doc), -1;
        B->nw++;
        k++;
    }
    B->group[B->ng++] = (unsigned)k;
    return 0;
}

static void bpop(struct bstack *B)
{
    unsigned k;
    if (B->ng == 0)
        return;
    k = B->group[--B->ng];
    while (k-- > 0 && B->nw > 0)
        free(B->w[--B->nw]);
}

/* The statement in L (tokens from `from`): block words + its words. */
static int bstmt(struct st *S, struct bstack *B, const struct lexer *L, size_t from,
                 unsigned long line)
{
    const char *w[MAXW];
    unsigned n = 0;
    int lb = -1, rb = -1;
    size_t i;
    for (i = 0; i < B->nw && n < MAXW; i++)
        w[n++] = B->w[i];
    for (i = from; i < L->n && n < MAXW; i++) {
        int t = L->t[i].type;
        if (t == '[' && lb < 0)
            lb = (int)n;
        else if (t == ']' && lb >= 0 && rb < 0)
            rb = (int)n;
        if (t == 'w' || t == '[' || t == ']')
            w[n++] = t == 'w' ? L->arena + L->t[i].a : t == '[' ? "[" : "]";
        if (t == 'w' && placeholder(L->arena + L->t[i].a))
            S->placeholders++;
    }
    if (lb >= 0 && rb < 0)
        rb = (int)n;
    otlp_doc_at(&S->doc, line);
    return map_list(S, w, n, lb, rb, line);
}

static void parse_braces(struct st *S, const struct otl_input *in)
{
    struct otlp_reader r;
    struct otlp_line l;
    struct lexer L;
    struct bstack B;
    unsigned long sline = 0;
    const char *stext = NULL;
    size_t slen = 0, start = 0, i;
    int unbalanced = 0, begun = 0;

    memset(&L, 0, sizeof L);
    memset(&B, 0, sizeof B);
    otlp_reader_init(&r, in);
    while (!S->doc.stop && otlp_next_line(&r, &l)) {
        const char *s = l.s;
        size_t n = l.len;
        trim(&s, &n);
        if (n == 0 || (!begun && (noise(s, n) || s[0] == '#')) || noise(s, n))
            continue;
        begun = 1;
        i = L.n;
        if (lex_line(S, &L, s, n, 1) < 0)
            break;
        for (; i < L.n && !S->doc.stop; i++) {
            int t = L.t[i].type, known;
            if (i == start) {
                sline = l.no;
                stext = s;
                slen = n;
            }
            if (t == 'w' || t == '[' || t == ']')
                continue;
            if (t == ';') {
                if (i > start) {
                    known = bstmt(S, &B, &L, start, sline);
                    count(S, known, sline);
                    raw(S, sline, stext, slen, known, 0);
                }
            } else if (t == '{') {
                if (bpush(S, &B, &L, start) < 0)
                    break;
                bstmt(S, &B, &L, L.n, sline); /* the block exists */
                raw(S, sline, stext, slen, 1, 0);
            } else if (t == '}') {
                if (B.ng == 0)
                    unbalanced = 1;
                bpop(&B);
            }
            start = i + 1;
        }
        if (start >= L.n) { /* nothing pending: reuse the arena */
            L.n = L.used = 0;
            start = 0;
        }
    }
    if (otlp_reader_expired(&r))
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
    if (unbalanced || B.ng > 0) {
        S->host->diag(S->ctx, OTL_DIAG_WARNING, 0,
                      "the braces of the file do not balance (%s); it is read as a fragment",
                      B.ng > 0 ? "blocks left open" : "a '}' without its block");
        S->seen_mgt = 0; /* not full */
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
    }
    while (B.ng > 0)
        bpop(&B);
    free(B.w);
    free(B.group);
    free(L.arena);
    free(L.t);
}

/* ------------------------------------------------------------ entry points */

static void finish_system(struct st *S)
{
    xmlNodePtr sys = S->sys;
    const char *reason = NULL;

    otlp_doc_at(&S->doc, 0);
    if (S->hostname != NULL) {
        otlp_doc_at(&S->doc, S->hostname_line);
        otlp_doc_set(&S->doc, sys, "hostname", S->hostname);
        otlp_doc_at(&S->doc, 0);
    }
    otlp_doc_set(&S->doc, sys, "os", S->panorama ? "panorama" : "pan-os");
    if (S->version != NULL)
        otlp_doc_set(&S->doc, sys, "version", S->version);
    if (!S->seen_system)
        reason = "no `deviceconfig system` settings: a fragment of a configuration";
    else if (!full(S))
        reason = "no `mgt-config` (administrators): a partial configuration or template";
    if (reason != NULL)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0, "read as a partial export: %s", reason);
    otlp_doc_set(&S->doc, sys, "export-kind", reason == NULL ? "full" : "partial");
    if (S->placeholders > 0)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "%d template placeholders ({{ ... }}): their values are unknown",
                      S->placeholders);
    otlp_doc_coverage(&S->doc, sys, S->recognised, S->units);
    otlp_doc_setu(&S->doc, sys, "statements", S->units);
    otlp_note_unrecognised(S->host, S->ctx, S->units, S->recognised, S->unrec, S->nunrec);
}

static void free_state(struct st *S)
{
    size_t i;
    for (i = 0; i < S->tabn; i++) {
        struct ent *e = S->tab[i], *nx;
        for (; e != NULL; e = nx) {
            nx = e->hnext;
            free(e->ctx), free(e->name), free(e->s1), free(e->s2), free(e->s3), free(e);
        }
    }
    free(S->tab);
    free(S->path), free(S->kid), free(S->mem), free(S->bulk);
    free(S->hostname), free(S->version), free(S->mgmt_ip), free(S->permit);
}

static int form_of(const struct otl_input *in);

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st S;
    int k;

    memset(&S, 0, sizeof S);
    S.host = host;
    S.ctx = ctx;
    S.dd = dd;
    otlp_doc_init(&S.doc, host, ctx, dd);
    S.raw_records = otlp_raw_records(host);
    S.max_depth = host->max_depth;
    for (k = 0; k < K_NKINDS; k++)
        S.tail[k] = &S.head[k];
    memset(S.svc_off, -1, sizeof S.svc_off);
    if (grow(&S) < 0) {
        otlp_doc_nomem(&S.doc);
        return S.doc.status;
    }
    S.form = form_of(in);
    S.sys = otlp_doc_fact(&S.doc, "system", 0);
    otlp_doc_set(&S.doc, S.sys, "vendor", "paloalto");
    otlp_doc_set(&S.doc, S.sys, "class", "firewall");
    otlp_doc_set(&S.doc, S.sys, "export-type", "device");
    if (S.form == 'x')
        parse_xml(&S, in);
    else if (S.form == 'b')
        parse_braces(&S, in);
    else
        parse_set(&S, in);
    if (S.doc.status != OTL_PARSE_FAILED && !S.doc.oom) {
        finish_zones(&S);
        finish_ifaces(&S);
        finish_rules(&S);
        finish_predefined(&S);
        finish_mgmt(&S);
        finish_vpn(&S);
        finish_misc(&S);
        finish_system(&S);
    }
    free_state(&S);
    return S.doc.status;
}

/* ---------------------------------------------------------------- sniff */

/* First words of PAN-OS `set` commands (top-level nodes of the tree, and of
 * a vsys seen from a single-vsys firewall's CLI). */
static const char *const pan_set[] = {
    "deviceconfig", "network", "rulebase", "vsys", "shared", "mgt-config", "address",
    "address-group", "service", "service-group", "zone", "application", "application-group",
    "tag", "profiles", "profile-group", "import", "log-settings", "schedule", "external-list",
    "device-group", "template", "template-stack", "readonly", "pre-rulebase", "post-rulebase",
    "dynamic-user-group", "panorama", NULL};
/* Top-level statements of Junos (set and braces), which PAN-OS has not. */
static const char *const junos_top[] = {
    "system", "interfaces", "security", "protocols", "routing-options", "policy-options",
    "firewall", "snmp", "groups", "chassis", "applications", "vlans", "version", "services",
    "routing-instances", "class-of-service", "forwarding-options", "event-options",
    "logical-systems", "access", "poe", "ethernet-switching-options", "switch-options", NULL};

struct sniffc {
    int pan, junos, other, xml_config, xml_pan, braces;
};

static void sniff_line(struct sniffc *c, const char *s, size_t n, int *depth)
{
    char w1[40], w2[40];
    size_t i = 0, k;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n || s[i] == '#' || noise(s + i, n - i))
        return;
    for (k = 0; i < n && s[i] != ' ' && s[i] != '\t' && k + 1 < sizeof w1; i++)
        w1[k++] = s[i];
    w1[k] = '\0';
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    for (k = 0; i < n && s[i] != ' ' && s[i] != '\t' && s[i] != ';' && k + 1 < sizeof w2; i++)
        w2[k++] = s[i];
    w2[k] = '\0';
    if ((strcmp(w1, "set") == 0 || strcmp(w1, "delete") == 0) && s[0] == w1[0]) {
        if (in_list(w2, pan_set))
            c->pan++;
        else if (in_list(w2, junos_top))
            c->junos++;
        else
            c->other++;
        return;
    }
    if (strcmp(w2, "{") == 0 && (*depth == 0 || (*depth == 1 && c->braces == 1))) {
        if (*depth == 0 && strcmp(w1, "config") == 0)
            c->braces = 1;
        else if (in_list(w1, pan_set))
            c->pan++, c->braces |= 2;
        else if (in_list(w1, junos_top))
            c->junos++;
        else
            c->other++;
    } else if (*depth == 0) {
        c->other++;
    }
    for (k = 0; k < n; k++)
        *depth += s[k] == '{' && !(k + 1 < n && s[k + 1] == '{') ? 1
                  : s[k] == '}' && !(k > 0 && s[k - 1] == '}') ? -1 : 0;
    if (*depth < 0)
        *depth = 0;
}

/* 'x', 's', 'b' or 0, with a score. */
static int classify(const struct otl_input *in, int *score)
{
    const char *p = (const char *)in->data, *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    struct sniffc c;
    int depth = 0;

    memset(&c, 0, sizeof c);
    *score = 0;
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    {
        const char *q = p;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q < end && *q == '<') {
            const char *r = q;
            /* skip the declaration and comments to the root tag */
            while (r < end) {
                if (end - r >= 2 && r[0] == '<' && (r[1] == '?' || r[1] == '!')) {
                    const char *e = memchr(r, '>', (size_t)(end - r));
                    if (e == NULL)
                        return 0;
                    r = e + 1;
                } else if (*r == '<') {
                    break;
                } else {
                    r++;
                }
            }
            if (end - r >= 8 && memcmp(r, "<config", 7) == 0 &&
                (r[7] == ' ' || r[7] == '>' || r[7] == '\t' || r[7] == '\n' || r[7] == '\r')) {
                static const char *const kids[] = {"<mgt-config", "<devices", "<shared",
                                                   "<readonly", NULL};
                size_t i;
                for (i = 0; kids[i] != NULL; i++) {
                    size_t m = strlen(kids[i]);
                    const char *x;
                    for (x = r; x + m <= end; x++)
                        if (memcmp(x, kids[i], m) == 0) {
                            *score = 95;
                            return 'x';
                        }
                }
            }
            return 0;
        }
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && p[n - 1] == '\r')
            n--;
        sniff_line(&c, p, n, &depth);
        p = nl ? nl + 1 : end;
    }
    if (c.pan == 0 || c.junos > 0)
        return 0;
    if (c.braces & 2) {
        *score = c.other > c.pan * 4 ? 40 : 85;
        return 'b';
    }
    *score = c.other > c.pan * 2 ? 30 : c.pan >= 3 ? 90 : 70;
    return 's';
}

static int form_of(const struct otl_input *in)
{
    int score, f = classify(in, &score);
    return f ? f : 's';
}

static int sniff(const struct otl_input *in)
{
    int score;
    classify(in, &score);
    return score;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "panos",
    .description = "Palo Alto Networks PAN-OS and Panorama configurations: XML, `set` commands, "
                   "`show config running` braces",
    .classes = OTL_CLASS_FIREWALL,
    .sniff = sniff,
    .parse = parse,
};
