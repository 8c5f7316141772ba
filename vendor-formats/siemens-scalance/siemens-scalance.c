/*
 * siemens-scalance.c - Siemens SCALANCE IE-CLI configuration format plugin.
 *
 * Reads the `show running-config` output and CLI scripts of the SCALANCE
 * devices with the Cisco-like "IE-CLI" (S615, SC-600, XM-400/XR-500,
 * XB/XC-200), by the grammar of the S615 CLI configuration manual
 * (PH_SCALANCE-S615-CLI_76; section numbers in docs/formats/siemens-scalance.md):
 *
 *     configure terminal | end | exit          mode navigation
 *     system name NAME                        the device name
 *     user-account NAME password PWD role R   a local user
 *     snmpagent | no snmpagent                SNMP agent on/off
 *     snmp agent version {v3only|all}         SNMPv1/v2c allowed or not
 *     syslogserver {ipv4|ipv6|fqdn-name} H [port P] [tls]
 *     interface TYPE ID ... (shutdown, ip address, switchport mode)
 *     ntp ... ntp server id N {ipv4|ipv6|fqdn-name} H [poll S]
 *     firewall ... ipv4rule from IF to IF srcip A dstip B action {acc|drop|rej}
 *                  [service S] [log L] [prior N] [comment C]
 *                  prerule SVC ipv4 {int TYPE ID|all-int} {enabled|disabled}
 *     ipsec ... connection name C ... k-proto, authentication (auth psk K),
 *               phase 1 (ike-encryption, ike-auth, ike-keyderivation dhgroup N,
 *               ike-lifetime MIN), phase 2 (esp-*)
 *
 * A statement that is no command of the current mode is tried as a global
 * command (the running-config need not close modes with `exit`).  Secrets
 * (user-account and change password, auth psk) are redacted by position;
 * unrecognised statements go through otlp_redact_unknown.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "otlint-plugin.h"

#define SNIFF_BYTES 8192
#define MAXW 64
#define NAMELEN 128
#define LISTLEN 512

enum mode { M_TOP, M_IF, M_NTP, M_FW, M_IPSEC, M_CONN, M_AUTH, M_PH1, M_PH2, M_RMEND, M_VLAN, M_DNS, M_EVENTS };

/* The predefined firewall rules (prerule) that open a management service of
 * the device's own (S615 CLI manual 12.3.4.52-67). */
static const char *const pre_svc[] = {"http", "https", "ssh", "telnet", "snmp"};
#define NPRE (sizeof pre_svc / sizeof pre_svc[0])

struct pre {
    int seen, enabled;
    unsigned long line;
    char ifs[LISTLEN];
};

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc;
    int raw_records;
    xmlNodePtr system, iface, ph1, ph2, ntp;
    enum mode mode;
    char conn[NAMELEN];
    int ikever;       /* 0 unknown, 1, 2 */
    const char *auth; /* of the current connection: "psk", "certificate" */
    unsigned long statements, recognised, unrec_lines[8], noise;
    size_t n_unrec;
    char hostname[NAMELEN];
    unsigned long hostname_line;
    int snmp_agent, snmp_v12; /* -1 not said */
    unsigned long snmp_line, snmp_ver_line;
    struct pre pre[NPRE];
    unsigned long fw_seq;
    int firewall_seen, elided;
    char *buf;
    size_t bufsz;
    size_t pfx; /* bytes of a transcript prompt before the statement (kept in the raw text) */
};

/* ---------------------------------------------------------------- words */

static int weq(const struct otlp_word *w, const char *s)
{
    return w->s != NULL && strcasecmp(w->s, s) == 0;
}

/* Index of keyword `k` among w[from..n), or 0 when absent. */
static size_t kw(const struct otlp_word *w, size_t n, size_t from, const char *k)
{
    size_t i;
    for (i = from; i < n; i++)
        if (weq(&w[i], k))
            return i;
    return 0;
}

static const char *val(const struct otlp_word *w, size_t n, size_t i)
{
    return i > 0 && i < n ? w[i].s : NULL;
}

/* ---------------------------------------------------------------- facts */

static xmlNodePtr fact(struct st *S, const char *name, unsigned long line)
{
    otlp_doc_at(&S->doc, line);
    return otlp_doc_fact(&S->doc, name, line);
}

static void account(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    xmlNodePtr a = fact(S, "account", line);
    size_t p = kw(w, n, 2, "password"), r = kw(w, n, 2, "role");
    const char *pw = val(w, n, p + (p > 0)), *role = val(w, n, r + (r > 0));
    otlp_doc_set(&S->doc, a, "name", w[1].s);
    if (role != NULL) {
        otlp_doc_set(&S->doc, a, "role", role);
        otlp_doc_set(&S->doc, a, "privilege", role);
    }
    if (pw != NULL) {
        /* the script form carries the password in clear text (12.1.4.7) */
        otlp_doc_set(&S->doc, a, "secret-kind", "cleartext");
        otlp_doc_setb(&S->doc, a, "known-default", otlp_known_default_secret(pw, strlen(pw)));
    }
}

static void log_target(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    xmlNodePtr t;
    size_t p = kw(w, n, 3, "port");
    if (n < 3)
        return;
    t = fact(S, "log-target", line);
    otlp_doc_set(&S->doc, t, "host", w[2].s);
    otlp_doc_set(&S->doc, t, "transport", kw(w, n, 3, "tls") ? "tls" : "udp");
    if (val(w, n, p + (p > 0)) != NULL)
        otlp_doc_set(&S->doc, t, "port", w[p + 1].s);
}

static void ntp_server(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    xmlNodePtr t;
    size_t i;
    for (i = 3; i + 1 < n; i++)
        if (weq(&w[i], "ipv4") || weq(&w[i], "ipv6") || weq(&w[i], "fqdn-name"))
            break;
    if (i + 1 >= n)
        return;
    if (S->ntp == NULL)
        S->ntp = fact(S, "ntp", line);
    t = fact(S, "ntp-server", line);
    otlp_doc_set(&S->doc, t, "address", w[i + 1].s);
}

/* An address endpoint of a rule: 0.0.0.0/0 is every address. */
static void endpoint(struct st *S, xmlNodePtr rule, const char *el, const char *v, int addr, unsigned long line)
{
    xmlNodePtr e = otlp_doc_node(&S->doc, rule, el, line);
    if (v == NULL || strcmp(v, "0.0.0.0/0") == 0 || strcasecmp(v, "all") == 0)
        otlp_doc_set(&S->doc, e, "any", "true");
    else
        otlp_doc_set(&S->doc, e, addr ? "address" : "name", v);
}

/* `from IFTYPE [IFSTRING]`: the interface as one name ("vlan1", "IPsec"),
 * written as the WBM and `interface` facts write it. */
static void iface_name(const struct otlp_word *w, size_t n, size_t i, char *out, size_t cap)
{
    out[0] = 0;
    if (i == 0 || i + 1 >= n)
        return;
    if (i + 2 < n && isdigit((unsigned char)w[i + 2].s[0]))
        snprintf(out, cap, "%s%s", w[i + 1].s, w[i + 2].s);
    else
        snprintf(out, cap, "%s", w[i + 1].s);
}

static void ipv4rule(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    size_t a = kw(w, n, 1, "action"), sv = kw(w, n, 1, "service"), lg = kw(w, n, 1, "log");
    size_t f = kw(w, n, 1, "from"), t = kw(w, n, 1, "to"), si = kw(w, n, 1, "srcip"), di = kw(w, n, 1, "dstip");
    const char *act = val(w, n, a + (a > 0)), *lv = val(w, n, lg + (lg > 0));
    char ifn[NAMELEN];
    xmlNodePtr r = fact(S, "fw-rule", line);
    otlp_doc_set(&S->doc, r, "policy", "ipv4");
    otlp_doc_set(&S->doc, r, "kind", "security");
    otlp_doc_setu(&S->doc, r, "seq", ++S->fw_seq);
    otlp_doc_set(&S->doc, r, "action",
                 act == NULL ? "deny" : strcasecmp(act, "acc") == 0 ? "permit" : strcasecmp(act, "rej") == 0 ? "reject" : "deny");
    otlp_doc_setb(&S->doc, r, "log", lv != NULL && strcasecmp(lv, "no") != 0);
    otlp_doc_set(&S->doc, r, "enabled", "true");
    iface_name(w, n, f, ifn, sizeof ifn);
    if (ifn[0])
        endpoint(S, r, "from", ifn, 0, line);
    iface_name(w, n, t, ifn, sizeof ifn);
    if (ifn[0])
        endpoint(S, r, "to", ifn, 0, line);
    endpoint(S, r, "source", val(w, n, si + (si > 0)), 1, line);
    endpoint(S, r, "destination", val(w, n, di + (di > 0)), 1, line);
    endpoint(S, r, "service", val(w, n, sv + (sv > 0)), 0, line);
}

static int prerule(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    size_t i, k;
    int on;
    char ifn[NAMELEN];
    if (n < 4 || !weq(&w[2], "ipv4"))
        return n >= 2;
    on = weq(&w[n - 1], "enabled");
    if (!on && !weq(&w[n - 1], "disabled"))
        return 0;
    for (k = 0; k < NPRE && !weq(&w[1], pre_svc[k]); k++)
        ;
    if (k == NPRE)
        return 1; /* dhcp, dns, ping, ipsec, systime, ...: no service of the device's own judged */
    if (weq(&w[3], "all-int"))
        snprintf(ifn, sizeof ifn, "all");
    else if (weq(&w[3], "int") && n >= 7)
        snprintf(ifn, sizeof ifn, "%s%s", w[4].s, w[5].s);
    else if (weq(&w[3], "int") && n >= 6)
        snprintf(ifn, sizeof ifn, "%s", w[4].s);
    else
        return 0;
    for (i = 0; ifn[i]; i++)
        ifn[i] = (char)tolower((unsigned char)ifn[i]);
    S->pre[k].seen = 1;
    S->pre[k].line = line;
    if (on) {
        xmlNodePtr m = fact(S, "mgmt-access", line);
        if (strcmp(ifn, "all") != 0)
            otlp_doc_set(&S->doc, m, "interface", ifn);
        otlp_doc_set(&S->doc, m, "protocols", pre_svc[k]);
        otlp_doc_set(&S->doc, m, "source", "any");
        S->pre[k].enabled = 1;
        otlp_list_add(S->pre[k].ifs, sizeof S->pre[k].ifs, ifn);
    }
    return 1;
}

/* ---------------------------------------------------------------- IPsec */

/* S615 cipher words (12.4.7.10): 3des, aes{128,192,256}{cbc,ctr,ccm16,gcm16}. */
static void cipher(const char *c, char *out, size_t cap)
{
    size_t l = strlen(c);
    if (strncasecmp(c, "aes", 3) == 0 && l >= 6) {
        const char *mode = c + 6;
        if (strncasecmp(mode, "gcm", 3) == 0)
            snprintf(out, cap, "aes%.3s-gcm", c + 3);
        else if (strncasecmp(mode, "ccm", 3) == 0)
            snprintf(out, cap, "aes%.3s-ccm", c + 3);
        else
            snprintf(out, cap, "aes%.3s", c + 3);
    } else {
        snprintf(out, cap, "%s", c);
    }
    for (l = 0; out[l]; l++)
        out[l] = (char)tolower((unsigned char)out[l]);
}

static void list_attr(struct st *S, xmlNodePtr n, const char *attr, const char *word)
{
    char list[LISTLEN];
    xmlChar *old = n != NULL ? xmlGetProp(n, (const xmlChar *)attr) : NULL;
    snprintf(list, sizeof list, "%s", old != NULL ? (const char *)old : "");
    xmlFree(old);
    otlp_list_add(list, sizeof list, word);
    otlp_doc_set(&S->doc, n, attr, list);
}

static xmlNodePtr phase(struct st *S, int p, unsigned long line)
{
    xmlNodePtr v = fact(S, "vpn-crypto", line);
    otlp_doc_set(&S->doc, v, "phase", p == 1 ? "ike" : "ipsec");
    if (S->conn[0])
        otlp_doc_set(&S->doc, v, "name", S->conn);
    if (p == 1 && S->ikever)
        otlp_doc_set(&S->doc, v, "ike-version", S->ikever == 1 ? "1" : "2");
    if (p == 1 && S->auth != NULL)
        otlp_doc_set(&S->doc, v, "authentication", S->auth);
    return v;
}

static int phase_stmt(struct st *S, xmlNodePtr v, const struct otlp_word *w, size_t n)
{
    const char *k = w[0].s;
    char c[64];
    size_t i;
    if (strcasecmp(k, "ike-encryption") == 0 || strcasecmp(k, "esp-encryption") == 0) {
        for (i = 1; i < n; i++) {
            cipher(w[i].s, c, sizeof c);
            list_attr(S, v, "encryption", c);
        }
    } else if (strcasecmp(k, "ike-auth") == 0 || strcasecmp(k, "esp-auth") == 0) {
        for (i = 1; i < n; i++) {
            snprintf(c, sizeof c, "%s", w[i].s);
            list_attr(S, v, "integrity", c);
        }
    } else if (strcasecmp(k, "ike-keyderivation") == 0 || strcasecmp(k, "esp-keyderivation") == 0) {
        int esp = k[0] == 'e' || k[0] == 'E';
        if (n >= 2 && weq(&w[1], "none") && esp)
            otlp_doc_set(&S->doc, v, "pfs", "none");
        for (i = 2; i < n && weq(&w[1], "dhgroup"); i++)
            list_attr(S, v, esp ? "pfs" : "dh-group", w[i].s);
    } else if (strcasecmp(k, "ike-lifetime") == 0 || strcasecmp(k, "lifetime") == 0) {
        if (n >= 2) /* minutes (12.4.7.12, 12.4.8.8) */
            otlp_doc_setf(&S->doc, v, "lifetime", "%lu", strtoul(w[1].s, NULL, 10) * 60ul);
    } else if (strcasecmp(k, "default-ciphers") == 0 || (weq(&w[0], "no") && n >= 2 && weq(&w[1], "default-ciphers"))) {
        return 1;
    } else {
        return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- modes */

static void iface_open(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    char name[NAMELEN];
    size_t i, o = 0;
    name[0] = 0;
    for (i = 1; i < n && o + 1 < sizeof name; i++)
        o += (size_t)snprintf(name + o, sizeof name - o, "%s", w[i].s); /* `vlan 1` -> vlan1 */
    S->iface = fact(S, "interface", line);
    otlp_doc_set(&S->doc, S->iface, "name", name);
    S->mode = M_IF;
}

static int iface_stmt(struct st *S, const struct otlp_word *w, size_t n)
{
    int no = weq(&w[0], "no");
    const struct otlp_word *c = w + no;
    size_t m = n - (size_t)no;
    if (m == 1 && weq(&c[0], "shutdown")) {
        otlp_doc_setb(&S->doc, S->iface, "enabled", no);
        return 1;
    }
    if (m >= 2 && weq(&c[0], "ip") && weq(&c[1], "address")) {
        if (!no && m >= 3 && weq(&c[2], "dhcp")) {
            otlp_doc_set(&S->doc, S->iface, "ip-mode", "dhcp");
        } else if (!no && m >= 4) {
            otlp_doc_set(&S->doc, S->iface, "address", c[2].s);
            otlp_doc_set(&S->doc, S->iface, "mask", strcmp(c[3].s, "/") == 0 && m >= 5 ? c[4].s : c[3].s);
            otlp_doc_set(&S->doc, S->iface, "ip-mode", "static");
        }
        return 1;
    }
    if (!no && m >= 3 && weq(&c[0], "switchport") && weq(&c[1], "mode")) {
        otlp_doc_set(&S->doc, S->iface, "mode", weq(&c[2], "trunk") ? "trunk" : "unknown");
        return 1;
    }
    if (!no && m >= 2 && weq(&c[0], "description")) {
        otlp_doc_set(&S->doc, S->iface, "description", c[1].s);
        return 1;
    }
    return 0;
}

/* Commands of a mode this plugin reads but draws no fact from. */
static int known_in(enum mode m, const struct otlp_word *w, size_t n)
{
    static const char *const conn[] = {"operation", "loc-subnet", "rmend", "loc-id", "rem-id", NULL};
    static const char *const rmend[] = {"addr", "conn-mode", "subnet", NULL};
    static const char *const dns[] = {"server", "manual", "shutdown", NULL};
    static const char *const vlan[] = {"name", "ports", NULL};
    static const char *const ntp[] = {"shutdown", NULL};
    const char *const *t = m == M_CONN ? conn : m == M_RMEND ? rmend : m == M_DNS ? dns : m == M_VLAN ? vlan
                                                                       : m == M_NTP ? ntp : NULL;
    size_t i = weq(&w[0], "no");
    if (m == M_NTP && n >= 3 && weq(&w[i], "ntp") && weq(&w[i + 1], "time"))
        return 1;
    for (; t != NULL && *t != NULL && i < n; t++)
        if (weq(&w[i], *t))
            return 1;
    return 0;
}

/* Returns 1 recognised, 2 recognised and its word `*sec` is a secret, 0 not. */
static int mode_stmt(struct st *S, const struct otlp_word *w, size_t n, unsigned long line, size_t *sec)
{
    switch (S->mode) {
    case M_IF:
        return iface_stmt(S, w, n);
    case M_NTP:
        if (n >= 5 && weq(&w[0], "ntp") && weq(&w[1], "server") && weq(&w[2], "id")) {
            ntp_server(S, w, n, line);
            return 1;
        }
        return known_in(S->mode, w, n);
    case M_FW:
        if (weq(&w[0], "ipv4rule")) {
            ipv4rule(S, w, n, line);
            return 1;
        }
        if (weq(&w[0], "prerule"))
            return prerule(S, w, n, line);
        return weq(&w[0], "no") && n >= 2 && (weq(&w[1], "ipv4rule") || weq(&w[1], "prerule"));
    case M_IPSEC:
        if (n >= 3 && weq(&w[0], "connection") && weq(&w[1], "name")) {
            snprintf(S->conn, sizeof S->conn, "%s", w[2].s);
            S->ikever = 0;
            S->auth = NULL;
            S->ph1 = S->ph2 = NULL;
            S->mode = M_CONN;
            return 1;
        }
        if (n >= 3 && weq(&w[0], "remote-end") && weq(&w[1], "name")) {
            S->mode = M_RMEND;
            return 1;
        }
        return (n == 1 && weq(&w[0], "shutdown")) || (n == 2 && weq(&w[0], "no") && weq(&w[1], "shutdown"));
    case M_CONN:
        if (n >= 2 && weq(&w[0], "k-proto")) {
            S->ikever = weq(&w[1], "ikev1") ? 1 : weq(&w[1], "ikev2") ? 2 : 0;
            return 1;
        }
        if (n == 1 && weq(&w[0], "authentication")) {
            S->mode = M_AUTH;
            return 1;
        }
        if (n == 2 && weq(&w[0], "phase") && (weq(&w[1], "1") || weq(&w[1], "2"))) {
            int p = w[1].s[0] - '0';
            S->mode = p == 1 ? M_PH1 : M_PH2;
            if (p == 1)
                S->ph1 = phase(S, 1, line);
            else
                S->ph2 = phase(S, 2, line);
            return 1;
        }
        return known_in(S->mode, w, n);
    case M_AUTH:
        if (n >= 3 && weq(&w[0], "auth") && weq(&w[1], "psk")) {
            xmlNodePtr k = fact(S, "pre-shared-key", line);
            otlp_doc_set(&S->doc, k, "context", "ike");
            if (S->conn[0])
                otlp_doc_set(&S->doc, k, "peer", S->conn);
            otlp_doc_set(&S->doc, k, "secret-kind", "cleartext");
            otlp_doc_setb(&S->doc, k, "known-default", otlp_known_default_secret(w[2].s, w[2].n));
            *sec = 2;
            S->auth = "psk";
            otlp_doc_set(&S->doc, S->ph1, "authentication", S->auth);
            return 2;
        }
        if (n >= 5 && weq(&w[0], "auth") && weq(&w[1], "cacert") && weq(&w[3], "localcert")) {
            S->auth = "certificate";
            otlp_doc_set(&S->doc, S->ph1, "authentication", S->auth);
            return 1;
        }
        return 0;
    case M_PH1:
    case M_PH2:
        return phase_stmt(S, S->mode == M_PH1 ? S->ph1 : S->ph2, w, n);
    case M_RMEND:
    case M_VLAN:
    case M_DNS:
        return known_in(S->mode, w, n);
    case M_EVENTS:
        return n >= 1 && (weq(&w[0], "severity") || weq(&w[0], "no") || weq(&w[0], "config"));
    case M_TOP:
        break;
    }
    return 0;
}

static int top_stmt(struct st *S, const struct otlp_word *w, size_t n, unsigned long line, size_t *sec)
{
    static const struct {
        const char *w;
        enum mode m;
    } modes[] = {{"ntp", M_NTP}, {"firewall", M_FW}, {"ipsec", M_IPSEC}, {"dnsclient", M_DNS}, {"events", M_EVENTS}};
    size_t i;
    if (n == 1)
        for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
            if (weq(&w[0], modes[i].w)) {
                S->mode = modes[i].m;
                if (modes[i].m == M_FW || modes[i].m == M_IPSEC)
                    S->firewall_seen = 1;
                return 1;
            }
    if (n >= 3 && weq(&w[0], "interface")) {
        iface_open(S, w, n, line);
        return 1;
    }
    if (n == 2 && weq(&w[0], "vlan")) {
        S->mode = M_VLAN;
        return 1;
    }
    if (n >= 3 && weq(&w[0], "system") && weq(&w[1], "name")) {
        snprintf(S->hostname, sizeof S->hostname, "%s", w[2].s);
        S->hostname_line = line;
        return 1;
    }
    if (n >= 2 && weq(&w[0], "user-account")) {
        size_t p = kw(w, n, 2, "password");
        account(S, w, n, line);
        if (p > 0 && p + 1 < n) {
            *sec = p + 1;
            return 2;
        }
        return 1;
    }
    if (n >= 3 && weq(&w[0], "change") && weq(&w[1], "password")) {
        *sec = 2;
        return 2;
    }
    if (n == 1 && weq(&w[0], "snmpagent")) {
        S->snmp_agent = 1;
        S->snmp_line = line;
        return 1;
    }
    if (n == 2 && weq(&w[0], "no") && weq(&w[1], "snmpagent")) {
        S->snmp_agent = 0;
        S->snmp_line = line;
        return 1;
    }
    if (n >= 3 && weq(&w[0], "snmpagent") && weq(&w[1], "port"))
        return 1;
    if (n == 4 && weq(&w[0], "snmp") && weq(&w[1], "agent") && weq(&w[2], "version") &&
        (weq(&w[3], "v3only") || weq(&w[3], "all"))) {
        S->snmp_v12 = weq(&w[3], "all");
        S->snmp_ver_line = line;
        return 1;
    }
    if (n >= 3 && weq(&w[0], "syslogserver")) {
        log_target(S, w, n, line);
        return 1;
    }
    if ((n >= 4 && weq(&w[0], "ip") && weq(&w[1], "route")) || (n >= 3 && weq(&w[0], "base") && weq(&w[1], "bridge-mode")) ||
        (n >= 4 && weq(&w[0], "ip") && weq(&w[1], "domain") && weq(&w[2], "name")))
        return 1;
    return 0;
}

/* ---------------------------------------------------------------- raw tree */

static void raw_stmt(struct st *S, const char *text, size_t len, unsigned long line, int known, int secret)
{
    xmlNodePtr node;
    if (otlp_doc_take(&S->doc, line) < 0)
        return;
    if (S->raw_records) {
        unsigned flags = (known ? 0 : OTL_RAW_UNRECOGNISED) | (secret ? OTL_RAW_SECRET : 0);
        if (otlp_raw_record(S->host, S->ctx, 0, line, text, len, flags) != 0)
            otlp_doc_nomem(&S->doc);
        return;
    }
    node = otlp_child_text(S->dd->raw, "stmt", line, text, len);
    if (node == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    if (!known)
        otlp_doc_set(&S->doc, node, "recognised", "false");
    if (secret)
        otlp_doc_setb(&S->doc, node, "secret", 1);
}

static int has_url(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i + 2 < len; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            return 1;
    return 0;
}

/* The statement as the raw tree keeps it: a recognised one as written but
 * for its secret word (replaced by <redacted>, by position); an unrecognised
 * one, and any with a URL (user:password@), through the fail-closed scrubber. */
static void keep(struct st *S, const char *s, size_t len, const struct otlp_word *w, size_t n, size_t sec,
                 int known, unsigned long line)
{
    int red = 0;
    char *t;
    s -= S->pfx; /* the line as written, its prompt included */
    len += S->pfx;
    if (sec > 0) {
        size_t i, o = S->pfx, cap = len + n + sizeof OTL_REDACTED + 2;
        t = malloc(cap);
        if (t == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        memcpy(t, s, S->pfx);
        t[o] = 0;
        for (i = 0; i < n && o < cap; i++)
            o += (size_t)snprintf(t + o, cap - o, "%s%s", i > 0 ? " " : "", i == sec ? OTL_REDACTED : w[i].s);
        raw_stmt(S, t, strlen(t), line, known, 1);
        free(t);
        return;
    }
    if (!has_url(s, len) && (known || !otlp_secret_word(s, len, NULL, NULL))) {
        raw_stmt(S, s, len, line, known, 0);
        return;
    }
    t = otlp_redact_unknown(s, len, &red);
    if (t == NULL) {
        otlp_doc_nomem(&S->doc);
        return;
    }
    raw_stmt(S, t, strlen(t), line, known, red);
    free(t);
}

static void unrec(struct st *S, unsigned long line)
{
    if (S->n_unrec < sizeof S->unrec_lines / sizeof S->unrec_lines[0])
        S->unrec_lines[S->n_unrec++] = line;
}

static void statement(struct st *S, const char *s, size_t len, unsigned long line)
{
    struct otlp_word w[MAXW];
    size_t n, sec = 0;
    int r = 0;
    if (S->bufsz < 2 * len + 2) {
        char *b = realloc(S->buf, 2 * len + 2);
        if (b == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        S->buf = b;
        S->bufsz = 2 * len + 2;
    }
    n = otlp_words(s, len, S->buf, S->bufsz, w, MAXW, 0);
    if (n == 0 || n == (size_t)-1)
        return;
    if (n > MAXW)
        n = MAXW;
    S->statements++;
    otlp_doc_at(&S->doc, line);
    if (n == 1 && weq(&w[0], "...")) {
        S->elided = 1;
        r = 1;
    } else if ((n == 2 && weq(&w[0], "configure") && weq(&w[1], "terminal")) || (n == 1 && weq(&w[0], "end"))) {
        S->mode = M_TOP;
        r = 1;
    } else if (n == 1 && weq(&w[0], "exit")) {
        S->mode = S->mode == M_PH1 || S->mode == M_PH2 || S->mode == M_AUTH ? M_CONN
                  : S->mode == M_CONN || S->mode == M_RMEND               ? M_IPSEC
                                                                          : M_TOP;
        r = 1;
    } else if (n == 2 && weq(&w[0], "write") && weq(&w[1], "startup-config")) {
        r = 1;
    } else if (S->mode != M_TOP && (r = mode_stmt(S, w, n, line, &sec)) != 0) {
        /* a command of the current mode */
    } else {
        enum mode was = S->mode;
        S->mode = M_TOP; /* a global command closes the mode it stands in */
        if ((r = top_stmt(S, w, n, line, &sec)) == 0)
            S->mode = was;
    }
    if (r != 0)
        S->recognised++;
    else
        unrec(S, line);
    keep(S, s, len, w, n, sec, r != 0, line);
}

/* ---------------------------------------------------------------- end of file */

static void services(struct st *S)
{
    size_t k;
    xmlNodePtr v;
    for (k = 0; k < NPRE; k++) {
        int on = S->pre[k].enabled;
        if (!S->pre[k].seen)
            continue;
        if (strcmp(pre_svc[k], "snmp") == 0 && S->snmp_agent == 0)
            on = 0; /* the agent is off: no rule opens it */
        v = fact(S, "service", S->pre[k].line);
        otlp_doc_set(&S->doc, v, "name", pre_svc[k]);
        otlp_doc_setb(&S->doc, v, "enabled", on);
        if (on)
            otlp_doc_set(&S->doc, v, "interface", S->pre[k].ifs);
    }
    if (S->snmp_agent >= 0 && !S->pre[4].seen) {
        v = fact(S, "service", S->snmp_line);
        otlp_doc_set(&S->doc, v, "name", "snmp");
        otlp_doc_setb(&S->doc, v, "enabled", S->snmp_agent);
    }
    if (S->snmp_v12 >= 0) {
        int on = S->snmp_v12 && S->snmp_agent != 0;
        v = fact(S, "service", S->snmp_ver_line);
        otlp_doc_set(&S->doc, v, "name", "snmp-v1");
        otlp_doc_setb(&S->doc, v, "enabled", on);
        v = fact(S, "service", S->snmp_ver_line);
        otlp_doc_set(&S->doc, v, "name", "snmp-v2c");
        otlp_doc_setb(&S->doc, v, "enabled", on);
    }
}

static void system_fact(struct st *S)
{
    xmlNodePtr s = S->system;
    int cov = S->statements == 0 ||
              (unsigned long long)S->recognised * 1000 >= (unsigned long long)S->statements * OTL_MIN_COVERAGE_PERMILLE;
    const char *why = S->elided ? "it has elision markers (...)" : !cov ? "too few statements were recognised" : NULL;
    otlp_doc_at(&S->doc, S->hostname_line);
    if (S->hostname[0])
        otlp_doc_set(&S->doc, s, "hostname", S->hostname);
    otlp_doc_at(&S->doc, 0);
    otlp_doc_set(&S->doc, s, "vendor", "siemens");
    otlp_doc_set(&S->doc, s, "os", "scalance-ie-cli");
    otlp_doc_set(&S->doc, s, "class", S->firewall_seen ? "firewall" : "switch");
    otlp_doc_set(&S->doc, s, "export-kind", why == NULL ? "full" : "partial");
    otlp_doc_set(&S->doc, s, "export-type", "device");
    otlp_doc_coverage(&S->doc, s, S->recognised, S->statements);
    otlp_doc_setu(&S->doc, s, "statements", S->statements);
    if (why != NULL) {
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0, "read as a partial export: %s", why);
        otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
    }
}

/* A CLI transcript: `cli#`, `cli>` or `cli(config-...)#` before a command. */
static size_t prompt_len(const char *s, size_t len)
{
    size_t i;
    if (len < 4 || strncasecmp(s, "cli", 3) != 0)
        return 0;
    if (s[3] == '#' || s[3] == '>')
        return 4;
    if (s[3] != '(')
        return 0;
    for (i = 4; i + 1 < len && s[i] != ')'; i++)
        if (s[i] == ' ')
            return 0;
    return i + 1 < len && s[i] == ')' && (s[i + 1] == '#' || s[i + 1] == '>') ? i + 2 : 0;
}

static void line_in(struct st *S, const char *s, size_t len, unsigned long no)
{
    size_t i = otlp_more_skip(s, len), p;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (i == len || s[i] == '!' || s[i] == '#')
        return;
    p = prompt_len(s + i, len - i);
    S->pfx = 0;
    if (p > 0) {
        size_t at = i;
        i += p;
        while (i < len && s[i] == ' ')
            i++;
        if (i == len)
            return;
        S->pfx = i - at;
    } else if (otlp_capture_noise(s + i, len - i)) {
        S->noise++;
        return;
    }
    if (len - i >= 5 && strncasecmp(s + i, "show ", 5) == 0) {
        S->noise++;
        return;
    }
    statement(S, s + i, len - i, no);
}

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st *S = calloc(1, sizeof *S);
    struct otlp_reader rd;
    struct otlp_line ln;
    enum otl_parse_status ret;

    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    S->dd = dd;
    S->snmp_agent = S->snmp_v12 = -1;
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->raw_records = otlp_raw_records(host);
    S->system = otlp_doc_fact(&S->doc, "system", 0);
    if (S->system == NULL) {
        free(S);
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
    services(S);
    system_fact(S);
    otlp_note_unrecognised(host, ctx, S->statements, S->recognised, S->unrec_lines, S->n_unrec);
    if (S->noise > 0)
        host->diag(ctx, OTL_DIAG_NOTE, 0, "%lu line%s of capture noise skipped (prompt, show command, pager)", S->noise,
                   S->noise > 1 ? "s" : "");
    ret = S->doc.status;
    free(S->buf);
    free(S);
    return ret;
}

/* ---------------------------------------------------------------- sniff */

/* Top-level commands only the SCALANCE IE-CLI has (IOS, HiOS, ASA, FortiOS,
 * Junos and PAN-OS have none of them at the start of a line); IOS and HiOS
 * commands that SCALANCE does not use count against. */
static int sniff(const struct otl_input *in)
{
    static const char *const own[] = {"prerule ", "ipv4rule ", "user-account ", "snmpagent", "ntp server id ",
                                      "syslogserver ", "base bridge-mode ", "dnsclient", "ike-encryption ",
                                      "esp-encryption ", "k-proto ", "connection name ", "remote-end name "};
    static const char *const alien[] = {"hostname ", "version ", "snmp-server ", "users ", "network ",
                                        "config ", "set ", "ASA Version", "line vty", "logging host ",
                                        "ip http server", "username "};
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int hits = 0, kinds = 0, sysname = 0, other = 0;
    unsigned seen = 0;
    size_t k;

    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;
        if (eol == NULL)
            eol = end;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if ((k = prompt_len(s, (size_t)(eol - s))) > 0) /* a CLI transcript */
            for (s += k; s < eol && *s == ' '; s++)
                ;
        for (k = 0; k < sizeof own / sizeof own[0]; k++)
            if (otlp_starts(s, eol, own[k])) {
                hits++;
                if (!(seen & (1u << k)))
                    kinds++;
                seen |= 1u << k;
            }
        if (otlp_starts(s, eol, "system name "))
            sysname++;
        for (k = 0; k < sizeof alien / sizeof alien[0]; k++)
            if (s == p && otlp_starts(s, eol, alien[k]))
                other++;
        p = eol < end ? eol + 1 : end;
    }
    if (kinds == 0 || other > hits)
        return 0;
    if (kinds >= 2)
        return 90;
    return sysname > 0 ? 70 : 40;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "siemens-scalance",
    .description = "Siemens SCALANCE IE-CLI (S615, SC-600, XM-400/XR-500, XB/XC-200) running-config and CLI scripts",
    .classes = OTL_CLASS_SWITCH | OTL_CLASS_ROUTER | OTL_CLASS_FIREWALL,
    .sniff = sniff,
    .parse = parse,
};
