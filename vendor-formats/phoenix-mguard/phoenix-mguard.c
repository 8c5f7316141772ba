/*
 * phoenix-mguard.c - format plugin for Phoenix Contact (Innominate) mGuard
 * configuration profiles (.atv).
 *
 * Grammar (the EBNF lexer and parser of GriffinPlus/mguard-config-tool,
 * mguard/atv/documentLexer.go and document*.go; read, not copied):
 *   comment   `//` to the end of the line
 *   pragma    `#name rest-of-line` (`#version 8.6.1.default`)
 *   ident     [A-Za-z][A-Za-z0-9._]*
 *   string    "..." with backslash escapes (may span lines)
 *   setting   ident `=` ( string | `{` key `=` string ... `}`   (value with metadata)
 *                                | `{` key `=` string ... row* `}` ) (table)
 *   row       `{` [ `{` `rid` `=` string `}` ] setting* `}`
 * Blanks and line ends separate tokens only.  Everything is read with the
 * SDK's line reader; the tokenizer keeps its state (open string, stack of
 * braces, the setting being read) across lines.
 *
 * What the settings mean (docs/formats/phoenix-mguard.md, names confirmed by
 * the tool's merge list app/data/configs/mguard-secure-cloud.merge; row item
 * names and values marked UNVERIFIED there): SSH_REMOTE_ENABLE,
 * HTTPS_REMOTE_ENABLE, SNMP_ENABLE_V1 ("yes"/"no"), their *_ACCESS_RULES
 * tables, SNMP_COMMUNITY / SNMP_COMMUNITY_RO (secrets: never kept);
 * VPN_CONNECTION rows (VPN_START / VPN_ENABLED and FW_INCOMING / FW_OUTGOING
 * TARGET / TARGET_REF confirmed by the tool's migration 8.0.2 -> 8.1.0).
 * UNVERIFIED (the manual's field names, no source names them in an ATV):
 * top-level FW_INCOMING / FW_OUTGOING rows, the VPN algorithm items,
 * SYSLOG_REMOTE / SYSLOG_SERVERS, NTP_ENABLE / NTP_SERVERS.
 */
#include "otlint-plugin.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SNIFF_BYTES 8192
#define MAX_DEPTH 64
#define MAX_VALUE 256
#define MAX_UNREC 8

/* the top-level settings this plugin reads */
enum key {
    K_SSH_ENABLE,
    K_SSH_PORT,
    K_SSH_RULES,
    K_HTTPS_ENABLE,
    K_HTTPS_PORT,
    K_HTTPS_RULES,
    K_SNMP_V1,
    K_SNMP_COMM,
    K_SNMP_COMM_RO,
    K_SNMP_RULES,
    K_VPN,
    K_CERTS,
    K_FW_IN,
    K_FW_OUT,
    K_SYSLOG_ON,
    K_SYSLOG,
    K_NTP_ON,
    K_NTP,
    K_NKEYS,
    K_NONE = -1
};

static const char *const key_names[K_NKEYS] = {
    "SSH_REMOTE_ENABLE", "SSH_REMOTE_LISTENPORT", "SSH_REMOTE_ACCESS_RULES",
    "HTTPS_REMOTE_ENABLE", "HTTPS_REMOTE_LISTENPORT", "HTTPS_REMOTE_ACCESS_RULES",
    "SNMP_ENABLE_V1", "SNMP_COMMUNITY", "SNMP_COMMUNITY_RO", "SNMP_ACCESS_RULES",
    "VPN_CONNECTION", "PRIVATE_CERTS",
    /* UNVERIFIED top-level names (docs/formats/phoenix-mguard.md): FW_INCOMING
     * and FW_OUTGOING are confirmed as tables of VPN_CONNECTION rows only */
    "FW_INCOMING", "FW_OUTGOING", "SYSLOG_REMOTE", "SYSLOG_SERVERS", "NTP_ENABLE", "NTP_SERVERS",
};

/* an access table: what its rows say */
struct table {
    unsigned long rows;
    unsigned long open;       /* rows accepting from anywhere */
    char ifaces[MAX_VALUE];   /* interfaces named by accepting rows */
};

struct val {
    int set;
    unsigned long line;
    char s[MAX_VALUE];
};

struct row {
    unsigned long line;
    char from[MAX_VALUE];
    char iface[MAX_VALUE];
    char target[32];
    /* firewall rows (UNVERIFIED items) */
    char to[MAX_VALUE];
    char proto[32];
    char from_port[64];
    char to_port[64];
    char log[16];
    /* syslog / NTP rows (UNVERIFIED items) */
    char host[MAX_VALUE];
    char port[16];
    /* VPN_CONNECTION rows: VPN_START / VPN_ENABLED confirmed, the rest UNVERIFIED */
    char name[MAX_VALUE];
    char start[16];
    char remote[MAX_VALUE];
    char ike_enc[64];
    char ike_hash[64];
    char ike_dh[64];
    char ipsec_enc[64];
    char ipsec_hash[64];
    char pfs[64];
    char auth[32];
    unsigned long ipsec_line; /* the first ipsec_* item: the line of the ipsec phase */
};

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc;
    xmlNodePtr sys;
    /* tokenizer */
    int in_string;            /* a string is open across lines */
    int depth;
    int expect;               /* 0: name, 1: '=', 2: value */
    char name[MAX_VALUE];     /* the item whose '=' or value is awaited */
    size_t name_len;
    char strv[MAX_VALUE];     /* the string being read (truncated) */
    size_t str_len;
    /* the top-level setting being read */
    int top;                  /* enum key or K_NONE */
    int top_secret;           /* its values are secrets */
    char item[MAX_VALUE];     /* the row item whose value-with-metadata is open */
    struct row row;
    int in_row;
    int item_secret;          /* inside a row item with metadata named like a secret */
    unsigned long fw_seq[2];  /* rows of FW_INCOMING, FW_OUTGOING */
    /* results */
    struct val v[K_NKEYS];
    int told[K_NKEYS];        /* a diagnostic about the value was given */
    struct table tab[K_NKEYS];
    char version[64];
    unsigned long version_line;
    unsigned long statements, recognised;
    unsigned long unrec[MAX_UNREC];
    size_t n_unrec;
    int bad;                  /* the grammar was broken somewhere */
    int records;              /* raw statements go to host->raw_stmt */
};

/* settings a public source names that say nothing a rule judges: read
 * (recognised), no fact (mguard-secure-cloud.merge, migration_8_0_2_to_8_1_0.go) */
static const char *const inert_names[] = {
    "SERVICE_SWITCH1_TYPE", "VPN_IPSEC0_MTU", "VPN_DYNIP_WATCH", "VPN_DYNIP_WATCH_INTERVAL",
    "VPN_EXTERNAL_SWITCH_REF", "VPN_RS_EXTERNAL_SWITCH_TYPE", NULL,
};

static int lookup(const char *s, size_t n)
{
    int i;
    for (i = 0; i < K_NKEYS; i++)
        if (strlen(key_names[i]) == n && memcmp(key_names[i], s, n) == 0)
            return i;
    return K_NONE;
}

static int inert(const char *s, size_t n)
{
    int i;
    for (i = 0; inert_names[i] != NULL; i++)
        if (strlen(inert_names[i]) == n && memcmp(inert_names[i], s, n) == 0)
            return 1;
    return 0;
}

static void copy(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int yes(const char *s)
{
    return strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0;
}

static int no(const char *s)
{
    return strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0;
}

static void syntax(struct st *S, unsigned long line, const char *what)
{
    if (!S->bad)
        S->host->diag(S->ctx, OTL_DIAG_WARNING, line, "ATV grammar: %s; the rest of the file is read on", what);
    S->bad = 1;
    otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
}

/* ------------------------------------------------------------- semantics */

static int any_source(const char *s)
{
    return s[0] == '\0' || strcmp(s, "0.0.0.0/0") == 0 || strcasecmp(s, "any") == 0 ||
           strcmp(s, "::/0") == 0;
}

/* A side of a firewall row: `any`, or the address literal. */
static void fw_side(struct st *S, xmlNodePtr f, const char *el, const char *v)
{
    xmlNodePtr c = otlp_doc_node(&S->doc, f, el, S->row.line);
    if (any_source(v))
        otlp_doc_set(&S->doc, c, "any", "true");
    else
        otlp_doc_set(&S->doc, c, "address", v);
}

static int any_port(const char *p)
{
    return p[0] == '\0' || strcasecmp(p, "any") == 0;
}

/* A row of FW_INCOMING / FW_OUTGOING: one fw-rule (UNVERIFIED items
 * proto, from_ip, from_port, to_ip, to_port, target, log). */
static void fw_row(struct st *S)
{
    int out = S->top == K_FW_OUT;
    const char *t = S->row.target, *pr = S->row.proto;
    xmlNodePtr f, c;

    const char *action = strcasecmp(t, "ACCEPT") == 0   ? "permit"
                         : strcasecmp(t, "DROP") == 0   ? "deny"
                         : strcasecmp(t, "REJECT") == 0 ? "reject"
                                                        : NULL;

    S->fw_seq[out]++;
    if (action == NULL) {
        /* a rule set reference (TARGET_REF) or no target: not modelled; the
         * rule's position still counts */
        S->host->diag(S->ctx, OTL_DIAG_WARNING, S->row.line,
                      "%s row: target %s is no ACCEPT/DROP/REJECT (a rule set reference?): rule not modelled",
                      key_names[S->top], t[0] ? t : "(none)");
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
        return;
    }
    otlp_doc_at(&S->doc, S->row.line);
    f = otlp_doc_fact(&S->doc, "fw-rule", S->row.line);
    otlp_doc_set(&S->doc, f, "policy", out ? "outgoing" : "incoming");
    otlp_doc_set(&S->doc, f, "kind", "security");
    otlp_doc_setu(&S->doc, f, "seq", S->fw_seq[out]);
    otlp_doc_set(&S->doc, f, "action", action);
    otlp_doc_set(&S->doc, f, "enabled", "true");
    if (yes(S->row.log) || no(S->row.log))
        otlp_doc_setb(&S->doc, f, "log", yes(S->row.log));
    c = otlp_doc_node(&S->doc, f, "from", S->row.line);
    otlp_doc_set(&S->doc, c, "name", out ? "internal" : "external");
    c = otlp_doc_node(&S->doc, f, "to", S->row.line);
    otlp_doc_set(&S->doc, c, "name", out ? "external" : "internal");
    fw_side(S, f, "source", S->row.from);
    fw_side(S, f, "destination", S->row.to);
    c = otlp_doc_node(&S->doc, f, "service", S->row.line);
    if (pr[0] == '\0' || strcasecmp(pr, "all") == 0 || strcasecmp(pr, "any") == 0) {
        otlp_doc_set(&S->doc, c, "any", "true");
        return;
    }
    copy(S->row.proto, sizeof S->row.proto, pr, strlen(pr));
    for (char *q = S->row.proto; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    otlp_doc_set(&S->doc, c, "protocol", S->row.proto);
    if (!any_port(S->row.to_port))
        otlp_doc_set(&S->doc, c, "ports", S->row.to_port);
    if (!any_port(S->row.from_port))
        otlp_doc_set(&S->doc, c, "source-ports", S->row.from_port);
}

/* An algorithm list as the model writes it: lower case, '-' and '_' dropped
 * (`AES-256` -> `aes256`), blanks and commas separate items. */
static void algo(char *dst, size_t cap, const char *v)
{
    size_t o = 0;
    for (; *v != '\0' && o + 1 < cap; v++) {
        char c = *v;
        if (c == '-' || c == '_')
            continue;
        if (c == ',' || c == '\t')
            c = ' ';
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        dst[o++] = c;
    }
    dst[o] = '\0';
}

/* A DH group: `2`, `group2`, `modp1024` ... -> the group number. */
static void dh(char *dst, size_t cap, const char *v)
{
    static const struct {
        const char *modp;
        const char *group;
    } m[] = {{"modp768", "1"}, {"modp1024", "2"}, {"modp1536", "5"}, {"modp2048", "14"},
             {"modp3072", "15"}, {"modp4096", "16"}, {"modp6144", "17"}, {"modp8192", "18"}};
    char a[64];
    size_t i;
    algo(a, sizeof a, v);
    for (i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(a, m[i].modp) == 0) {
            copy(dst, cap, m[i].group, strlen(m[i].group));
            return;
        }
    if (strncmp(a, "group", 5) == 0)
        copy(dst, cap, a + 5, strlen(a + 5));
    else if (strcmp(a, "off") == 0 || strcmp(a, "no") == 0)
        copy(dst, cap, "none", 4);
    else
        copy(dst, cap, a, strlen(a));
}

static void vpn_phase(struct st *S, const char *phase, unsigned long line, const char *enc,
                      const char *hash, const char *grp)
{
    char b[64];
    xmlNodePtr f;

    otlp_doc_at(&S->doc, line);
    f = otlp_doc_fact(&S->doc, "vpn-crypto", line);
    otlp_doc_set(&S->doc, f, "phase", phase);
    if (S->row.name[0] != '\0')
        otlp_doc_set(&S->doc, f, "name", S->row.name);
    if (S->row.remote[0] != '\0')
        otlp_doc_set(&S->doc, f, "peer", S->row.remote);
    if (enc[0] != '\0') {
        algo(b, sizeof b, enc);
        otlp_doc_set(&S->doc, f, "encryption", b);
    }
    if (hash[0] != '\0') {
        algo(b, sizeof b, hash);
        otlp_doc_set(&S->doc, f, "integrity", b);
    }
    if (grp[0] != '\0') {
        dh(b, sizeof b, grp);
        otlp_doc_set(&S->doc, f, strcmp(phase, "ike") == 0 ? "dh-group" : "pfs", b);
    }
    if (strcmp(phase, "ike") == 0 && S->row.auth[0] != '\0') {
        algo(b, sizeof b, S->row.auth);
        otlp_doc_set(&S->doc, f, "authentication",
                     strcmp(b, "psk") == 0 ? "psk" : strstr(b, "509") != NULL || strstr(b, "cert") != NULL ? "certificate" : "unknown");
    }
}

/* A VPN_CONNECTION row: a vpn-crypto per phase, unless VPN_START is "no". */
static void vpn_row(struct st *S)
{
    if (no(S->row.start))
        return;
    vpn_phase(S, "ike", S->row.line, S->row.ike_enc, S->row.ike_hash, S->row.ike_dh);
    if (S->row.ipsec_line != 0)
        vpn_phase(S, "ipsec", S->row.ipsec_line, S->row.ipsec_enc, S->row.ipsec_hash, S->row.pfs);
}

/* A row of SYSLOG_SERVERS / NTP_SERVERS. */
static void server_row(struct st *S)
{
    xmlNodePtr f;
    int syslog = S->top == K_SYSLOG;

    enum key on = syslog ? K_SYSLOG_ON : K_NTP_ON;

    /* switched off before the list: no fact (after the list: drop_unused) */
    if (S->row.host[0] == '\0' || (S->v[on].set && no(S->v[on].s)))
        return;
    otlp_doc_at(&S->doc, S->row.line);
    f = otlp_doc_fact(&S->doc, syslog ? "log-target" : "ntp-server", S->row.line);
    otlp_doc_set(&S->doc, f, syslog ? "host" : "address", S->row.host);
    if (syslog) {
        otlp_doc_set(&S->doc, f, "transport", "udp");
        if (S->row.port[0] != '\0' && strspn(S->row.port, "0123456789") == strlen(S->row.port))
            otlp_doc_set(&S->doc, f, "port", S->row.port);
    }
}

/* A row of an access table ends: an accepting row becomes a mgmt-access. */
static void row_end(struct st *S)
{
    static const char *const proto[K_NKEYS] = {[K_SSH_RULES] = "ssh", [K_HTTPS_RULES] = "https",
                                               [K_SNMP_RULES] = "snmp"};
    struct table *t;
    xmlNodePtr f;

    if (S->top == K_FW_IN || S->top == K_FW_OUT) {
        fw_row(S);
        return;
    }
    if (S->top == K_VPN) {
        vpn_row(S);
        return;
    }
    if (S->top == K_SYSLOG || S->top == K_NTP) {
        server_row(S);
        return;
    }
    if (S->top == K_NONE || proto[S->top] == NULL)
        return;
    t = &S->tab[S->top];
    t->rows++;
    if (S->row.target[0] != '\0' && strcasecmp(S->row.target, "ACCEPT") != 0)
        return;
    if (any_source(S->row.from))
        t->open++;
    if (S->row.iface[0] != '\0' && strstr(t->ifaces, S->row.iface) == NULL &&
        strlen(t->ifaces) + strlen(S->row.iface) + 2 < sizeof t->ifaces)
        otlp_list_add(t->ifaces, sizeof t->ifaces, S->row.iface);
    otlp_doc_at(&S->doc, S->row.line);
    f = otlp_doc_fact(&S->doc, "mgmt-access", S->row.line);
    if (S->row.iface[0] != '\0')
        otlp_doc_set(&S->doc, f, "interface", S->row.iface);
    otlp_doc_set(&S->doc, f, "protocols", proto[S->top]);
    otlp_doc_set(&S->doc, f, "source", any_source(S->row.from) ? "any" : S->row.from);
}

/* A row item (names UNVERIFIED but VPN_START/VPN_ENABLED and TARGET/TARGET_REF:
 * docs/formats/phoenix-mguard.md).  Secrets (PSK ...) are never kept. */
static void row_item(struct row *r, const char *name, const char *value)
{
#define F(field) offsetof(struct row, field), sizeof((struct row *)0)->field
    static const struct {
        const char *name;
        size_t off, cap;
    } items[] = {
        {"from_ip", F(from)},          {"interface", F(iface)},       {"target", F(target)},
        {"target_ref", F(target)},     {"to_ip", F(to)},              {"proto", F(proto)},
        {"from_port", F(from_port)},   {"to_port", F(to_port)},       {"log", F(log)},
        {"ip", F(host)},               {"server", F(host)},           {"port", F(port)},
        {"name", F(name)},             {"vpn_start", F(start)},       {"vpn_enabled", F(start)},
        {"remote", F(remote)},         {"isakmp_encryption", F(ike_enc)},
        {"isakmp_hash", F(ike_hash)},  {"isakmp_dh_group", F(ike_dh)},
        {"ipsec_encryption", F(ipsec_enc)}, {"ipsec_hash", F(ipsec_hash)},
        {"ipsec_pfs", F(pfs)},         {"auth_method", F(auth)},
    };
#undef F
    size_t i;
    for (i = 0; i < sizeof items / sizeof items[0]; i++)
        if (strcasecmp(name, items[i].name) == 0) {
            copy((char *)r + items[i].off, items[i].cap, value, strlen(value));
            return;
        }
}

/* `name = "value"` at `depth` (brace depth of the item). */
static void item(struct st *S, const char *name, const char *value, unsigned long line)
{
    if (S->depth == 0) {
        if (S->top != K_NONE) {
            S->v[S->top].set = 1;
            S->v[S->top].line = line;
            copy(S->v[S->top].s, sizeof S->v[S->top].s, value, strlen(value));
        }
        return;
    }
    if (S->depth == 1 && strcmp(name, "value") == 0 && S->top != K_NONE) {
        /* value with metadata: `NAME = { value = "..." uuid = "..." }` */
        S->v[S->top].set = 1;
        S->v[S->top].line = line;
        copy(S->v[S->top].s, sizeof S->v[S->top].s, value, strlen(value));
        return;
    }
    if (!S->in_row)
        return;
    if (S->depth == 3 && strcmp(name, "value") == 0)
        name = S->item; /* a row item with metadata */
    else if (S->depth != 2)
        return;
    row_item(&S->row, name, value);
    if (S->row.ipsec_line == 0 && strncasecmp(name, "ipsec_", 6) == 0)
        S->row.ipsec_line = line;
}

/* ----------------------------------------------------------- tokenizer */

static void open_brace(struct st *S, unsigned long line)
{
    if (S->depth >= MAX_DEPTH) {
        syntax(S, line, "braces nested too deep");
        return;
    }
    if (S->expect == 2) {
        if (S->depth == 2 && S->in_row) {
            copy(S->item, sizeof S->item, S->name, S->name_len);
            S->item_secret = otlp_secret_name(S->name, S->name_len);
        }
    } else if (S->depth == 1 && S->top != K_NONE) {
        /* a row of the table */
        memset(&S->row, 0, sizeof S->row);
        S->row.line = line;
        S->in_row = 1;
    } else if (S->depth == 0) {
        syntax(S, line, "'{' where a setting name was expected");
    }
    S->depth++;
    S->expect = 0;
}

static void close_brace(struct st *S, unsigned long line)
{
    if (S->depth == 0) {
        syntax(S, line, "'}' without '{'");
        return;
    }
    if (S->expect != 0)
        syntax(S, line, "'}' where a value was expected");
    S->depth--;
    S->expect = 0;
    if (S->depth == 2)
        S->item_secret = 0;
    if (S->depth == 1 && S->in_row) {
        row_end(S);
        S->in_row = 0;
    }
    if (S->depth == 0)
        S->top = K_NONE;
}

static void name_token(struct st *S, const char *s, size_t n, unsigned long line)
{
    if (S->expect != 0) {
        syntax(S, line, "a name where '=' or a value was expected");
        S->expect = 0;
    }
    copy(S->name, sizeof S->name, s, n);
    S->name_len = n < sizeof S->name ? n : sizeof S->name - 1;
    S->expect = 1;
    if (S->depth == 0) {
        S->top = lookup(s, n);
        S->top_secret = S->top == K_SNMP_COMM || S->top == K_SNMP_COMM_RO || S->top == K_CERTS ||
                        otlp_secret_name(s, n);
        S->statements++;
        if (S->top != K_NONE || inert(s, n)) {
            S->recognised++;
        } else if (S->n_unrec < MAX_UNREC) {
            S->unrec[S->n_unrec++] = line;
        }
    }
}

static void string_done(struct st *S, unsigned long line)
{
    S->strv[S->str_len < sizeof S->strv ? S->str_len : sizeof S->strv - 1] = '\0';
    if (S->expect != 2) {
        syntax(S, line, "a string where a name was expected");
        return;
    }
    item(S, S->name, S->strv, line);
    S->expect = 0;
}

/* Read the string from s[*i]; 1 when it ended on this line. */
static int string_scan(struct st *S, const char *s, size_t n, size_t *i)
{
    while (*i < n) {
        char c = s[*i];
        if (c == '"') {
            (*i)++;
            return 1;
        }
        if (c == '\\' && *i + 1 < n) {
            (*i)++;
            c = s[*i];
        }
        if (S->str_len < sizeof S->strv - 1)
            S->strv[S->str_len] = c;
        S->str_len++;
        (*i)++;
    }
    if (S->str_len < sizeof S->strv - 1)
        S->strv[S->str_len] = '\n';
    S->str_len++;
    return 0;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ident(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

static void pragma(struct st *S, const char *s, size_t n, unsigned long line)
{
    size_t i = 1, b;
    while (i < n && is_alpha(s[i]))
        i++;
    S->statements++;
    S->recognised++;
    if (i == 8 && memcmp(s + 1, "version", 7) == 0) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        b = i;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            i++;
        copy(S->version, sizeof S->version, s + b, i - b);
        S->version_line = line;
    }
}

/* The tokens of one line. */
static void tokens(struct st *S, const char *s, size_t n, unsigned long line)
{
    size_t i = 0;

    if (S->in_string) {
        if (!string_scan(S, s, n, &i))
            return;
        S->in_string = 0;
        string_done(S, line);
    }
    while (i < n) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            return;
        } else if (c == '#' && S->depth == 0 && S->expect == 0) {
            pragma(S, s + i, n - i, line);
            return;
        } else if (c == '=') {
            if (S->expect != 1)
                syntax(S, line, "'=' without a name");
            S->expect = 2;
            i++;
        } else if (c == '{') {
            open_brace(S, line);
            i++;
        } else if (c == '}') {
            close_brace(S, line);
            i++;
        } else if (c == '"') {
            i++;
            S->str_len = 0;
            if (!string_scan(S, s, n, &i)) {
                S->in_string = 1;
                return;
            }
            string_done(S, line);
        } else if (is_alpha(c)) {
            size_t b = i;
            while (i < n && is_ident(s[i]))
                i++;
            name_token(S, s + b, i - b, line);
        } else {
            syntax(S, line, "a character outside the grammar");
            i++;
        }
    }
}

/* ------------------------------------------------------------ raw tree */

/* The line as the raw tree keeps it: the value of a secret setting (and a
 * line inside one) replaced, other text through otlp_redact_unknown. */
static void raw_line(struct st *S, const char *s, size_t n, unsigned long line, int secret)
{
    xmlNodePtr r;
    char *t;
    int red = 0;
    const char *eq = memchr(s, '=', n);

    if (secret) {
        size_t keep = eq != NULL && !S->in_string ? (size_t)(eq - s) + 1 : 0;
        size_t tl = keep + sizeof " " OTL_REDACTED;
        t = malloc(tl);
        if (t != NULL)
            snprintf(t, tl, "%.*s %s", (int)keep, s, OTL_REDACTED);
        red = 1;
    } else {
        t = otlp_redact_unknown(s, n, &red);
    }
    if (t == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    if (S->records) {
        /* the raw tree as records (ABI 1.1): nothing reads the elements */
        if (otlp_raw_record(S->host, S->ctx, 0, line, t, strlen(t), red ? OTL_RAW_SECRET : 0) != 0)
            otlp_doc_nomem(&S->doc);
        free(t);
        return;
    }
    r = otlp_doc_node(&S->doc, S->dd->raw, "stmt", line);
    otlp_doc_set(&S->doc, r, "text", t);
    if (red)
        otlp_doc_set(&S->doc, r, "secret", "true");
    free(t);
}

static void line(struct st *S, const char *s, size_t n, unsigned long no)
{
    size_t i = 0;
    int secret;

    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n && !S->in_string)
        return;
    if (!S->in_string && n - i >= 2 && s[i] == '/' && s[i + 1] == '/')
        return;
    /* a line inside a secret setting, or one that opens one */
    secret = S->top_secret || S->item_secret;
    otlp_doc_at(&S->doc, no);
    tokens(S, s, n, no);
    secret = secret || S->top_secret || S->item_secret;
    raw_line(S, s + i, n - i, no, secret);
    if (S->depth == 0 && S->expect == 0 && !S->in_string)
        S->top_secret = 0;
}

/* ------------------------------------------------------------- facts */

static void service(struct st *S, const char *name, enum key en, enum key port, enum key rules)
{
    xmlNodePtr f;
    const struct table *t = &S->tab[rules];
    int on;

    if (!S->v[en].set)
        return; /* the default is not documented for every release */
    on = yes(S->v[en].s);
    if (!on && !no(S->v[en].s)) {
        /* once per setting (SNMP_ENABLE_V1 makes two services); a template
         * placeholder is no error */
        if (!S->told[en])
            S->host->diag(S->ctx, strstr(S->v[en].s, "{{") != NULL ? OTL_DIAG_NOTE : OTL_DIAG_WARNING,
                          S->v[en].line, "%s: value %s", key_names[en],
                          strstr(S->v[en].s, "{{") != NULL ? "is a template placeholder: not judged"
                                                           : "not understood");
        S->told[en] = 1;
        return;
    }
    otlp_doc_at(&S->doc, S->v[en].line);
    f = otlp_doc_fact(&S->doc, "service", S->v[en].line);
    otlp_doc_set(&S->doc, f, "name", name);
    otlp_doc_setb(&S->doc, f, "enabled", on);
    if (strcmp(name, "ssh") == 0)
        otlp_doc_set(&S->doc, f, "version", "2");
    if (port != K_NONE && S->v[port].set && S->v[port].s[0] != '\0' &&
        strspn(S->v[port].s, "0123456789") == strlen(S->v[port].s) && strlen(S->v[port].s) < 6) {
        otlp_doc_at(&S->doc, S->v[port].line);
        otlp_doc_set(&S->doc, f, "port", S->v[port].s);
    }
    otlp_doc_at(&S->doc, 0);
    if (t->rows > 0 && t->open == 0)
        otlp_doc_set(&S->doc, f, "scope", key_names[rules]);
    if (t->ifaces[0] != '\0')
        otlp_doc_set(&S->doc, f, "interface", t->ifaces);
}

static void community(struct st *S, enum key k, const char *access)
{
    xmlNodePtr f;
    const struct table *t = &S->tab[K_SNMP_RULES];

    if (!S->v[k].set || S->v[k].s[0] == '\0')
        return;
    otlp_doc_at(&S->doc, S->v[k].line);
    f = otlp_doc_fact(&S->doc, "snmp-community", S->v[k].line);
    otlp_doc_set(&S->doc, f, "version", "2c");
    otlp_doc_set(&S->doc, f, "access", access);
    otlp_doc_setb(&S->doc, f, "known-default", otlp_known_default_secret(S->v[k].s, strlen(S->v[k].s)));
    if (t->rows > 0 && t->open == 0)
        otlp_doc_set(&S->doc, f, "acl", key_names[K_SNMP_RULES]);
    if (S->v[K_SNMP_V1].set && no(S->v[K_SNMP_V1].s))
        otlp_doc_set(&S->doc, f, "active", "false");
    /* the string itself is never kept */
    memset(S->v[k].s, 0, sizeof S->v[k].s);
}

static void mgmt_plane(struct st *S)
{
    int any = 0, open = 0;
    xmlNodePtr f;
    static const enum key en[2] = {K_SSH_ENABLE, K_HTTPS_ENABLE};
    static const enum key rules[2] = {K_SSH_RULES, K_HTTPS_RULES};
    int i;

    for (i = 0; i < 2; i++) {
        if (!S->v[en[i]].set || !yes(S->v[en[i]].s))
            continue;
        any = 1;
        if (S->tab[rules[i]].rows == 0 || S->tab[rules[i]].open > 0)
            open = 1;
    }
    if (!any)
        return;
    otlp_doc_at(&S->doc, 0);
    f = otlp_doc_fact(&S->doc, "mgmt-plane", 0);
    otlp_doc_setb(&S->doc, f, "restricted", !open);
}

/* SYSLOG_REMOTE / NTP_ENABLE "no" after the server list: the servers listed
 * are not used, so their facts go (one pass over the facts; a flag before
 * the list keeps them from being written at all). */
static void drop_unused(struct st *S)
{
    int nolog = S->v[K_SYSLOG_ON].set && no(S->v[K_SYSLOG_ON].s);
    int nontp = S->v[K_NTP_ON].set && no(S->v[K_NTP_ON].s);
    xmlNodePtr c, next;

    if ((!nolog && !nontp) || S->sys == NULL || S->sys->parent == NULL)
        return;
    for (c = S->sys->parent->children; c != NULL; c = next) {
        next = c->next;
        if (c->type == XML_ELEMENT_NODE &&
            ((nolog && xmlStrEqual(c->name, BAD_CAST "log-target")) ||
             (nontp && xmlStrEqual(c->name, BAD_CAST "ntp-server")))) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
    }
}

static void finish(struct st *S, int partial)
{
    xmlNodePtr sys = S->sys;

    otlp_doc_at(&S->doc, 0);
    otlp_doc_set(&S->doc, sys, "vendor", "phoenix-contact");
    otlp_doc_set(&S->doc, sys, "os", "mguard");
    otlp_doc_set(&S->doc, sys, "class", "firewall");
    otlp_doc_set(&S->doc, sys, "export-kind", partial ? "partial" : "full");
    otlp_doc_set(&S->doc, sys, "export-type", "device");
    if (S->version[0] != '\0') {
        char *dot = strstr(S->version, ".default");
        otlp_doc_at(&S->doc, S->version_line);
        if (dot != NULL)
            *dot = '\0';
        otlp_doc_set(&S->doc, sys, "version", S->version);
        otlp_doc_at(&S->doc, 0);
    }
    otlp_doc_coverage(&S->doc, sys, S->recognised, S->statements);
    otlp_doc_setu(&S->doc, sys, "statements", S->statements);

    service(S, "ssh", K_SSH_ENABLE, K_SSH_PORT, K_SSH_RULES);
    service(S, "https", K_HTTPS_ENABLE, K_HTTPS_PORT, K_HTTPS_RULES);
    service(S, "snmp-v1", K_SNMP_V1, K_NONE, K_SNMP_RULES);
    service(S, "snmp-v2c", K_SNMP_V1, K_NONE, K_SNMP_RULES);
    community(S, K_SNMP_COMM, "rw");
    community(S, K_SNMP_COMM_RO, "ro");
    mgmt_plane(S);
    drop_unused(S);
}

/* ---------------------------------------------------------- entry points */

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st *S = calloc(1, sizeof *S);
    struct otlp_reader rd;
    struct otlp_line ln;
    enum otl_parse_status ret;
    int partial = 0;

    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    S->dd = dd;
    S->top = K_NONE;
    S->records = otlp_raw_records(host);
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->sys = otlp_doc_fact(&S->doc, "system", 0);
    otlp_reader_init(&rd, in);
    while (S->sys != NULL && otlp_next_line(&rd, &ln) && !S->doc.stop) {
        const char *s = ln.s;
        size_t len = ln.len;
        if (ln.no == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            len -= 3;
        }
        if (!S->in_string && S->depth == 0 && otlp_capture_noise(s, len))
            continue;
        if (host->max_line_len != 0 && len > host->max_line_len) {
            host->diag(ctx, OTL_DIAG_WARNING, ln.no, "line longer than %zu bytes: skipped", host->max_line_len);
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            continue;
        }
        line(S, s, len, ln.no);
    }
    if (S->in_string || S->depth > 0 || S->expect != 0) {
        host->diag(ctx, OTL_DIAG_WARNING, 0, "the file ends inside a setting (a fragment or a cut copy)");
        partial = 1;
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
    }
    if (S->version[0] == '\0') {
        host->diag(ctx, OTL_DIAG_WARNING, 0,
                   "no #version pragma: not a whole configuration profile, read as a fragment");
        partial = 1;
    }
    if (S->bad)
        partial = 1;
    /* The plugin reads the remote-access, SNMP, packet filter, VPN, syslog
     * and NTP settings only (several of their names UNVERIFIED).  Users,
     * banners, password policy and the other settings of an ATV are not read,
     * so their absence from the document is no absence from the device:
     * the document is a partial view, and rules judging absence say
     * "not evaluable" (docs/formats/phoenix-mguard.md). */
    if (!partial)
        host->diag(ctx, OTL_DIAG_NOTE, 0,
                   "users, banner, password and lockout settings are not read (the profile's other "
                   "settings neither): export-kind partial");
    partial = 1;
    if (S->sys != NULL && !S->doc.oom)
        finish(S, partial);
    otlp_note_unrecognised(host, ctx, S->statements, S->recognised, S->unrec, S->n_unrec);
    ret = S->sys == NULL ? OTL_PARSE_NOMEM : S->doc.status;
    memset(S->v, 0, sizeof S->v);
    free(S);
    return ret;
}

/* The brace depth after s..eol, strings skipped (for the sniffer). */
static int braces(const char *s, const char *eol, int depth)
{
    int q = 0;
    for (; s < eol; s++) {
        if (q && *s == '\\' && s + 1 < eol)
            s++;
        else if (*s == '"')
            q = !q;
        else if (!q && *s == '{')
            depth++;
        else if (!q && *s == '}' && depth > 0)
            depth--;
        else if (!q && *s == '/' && s + 1 < eol && s[1] == '/')
            break;
    }
    return depth;
}

/* Does the text start like an ATV profile?  The first thing that is not a
 * blank line or `//` comment must be a `#version` pragma (score 90) or a
 * setting `UPPER_NAME = ` followed by '"' or '{' (score 40 when a few such
 * settings and nothing else make the start; IOS, HiOS and SCALANCE lines
 * never have '=' after their first word). */
static int sniff(const struct otl_input *in)
{
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int settings = 0, lines = 0, depth = 0;

    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && lines < 40) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *s = p, *b;
        if (eol == NULL)
            eol = end;
        p = eol < end ? eol + 1 : end;
        while (s < eol && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (s == eol || (eol - s >= 2 && s[0] == '/' && s[1] == '/'))
            continue;
        lines++;
        if (depth > 0 || *s == '{' || *s == '}') {
            depth = braces(s, eol, depth);
            continue;
        }
        if (eol - s > 9 && memcmp(s, "#version ", 9) == 0 && s[9] >= '0' && s[9] <= '9')
            return settings == 0 ? 90 : 0;
        b = s;
        while (s < eol && ((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            s++;
        if (s - b < 3 || !(*b >= 'A' && *b <= 'Z'))
            return 0;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s >= eol || *s != '=')
            return 0;
        s++;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s >= eol || (*s != '"' && *s != '{'))
            return 0;
        depth = braces(s, eol, 0);
        settings++;
    }
    return settings >= 2 ? 40 : 0;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "phoenix-mguard",
    .description = "Phoenix Contact mGuard configuration profile (.atv)",
    .classes = OTL_CLASS_FIREWALL,
    .sniff = sniff,
    .parse = parse,
};
