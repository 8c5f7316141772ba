/*
 * hios-cli.c - the CLI script form of a Hirschmann HiOS export: the output of
 * `show running-config script` (and a script file saved from it, .cli).
 *
 * The script is a sequence of CLI commands in the modes the CLI walks:
 *
 *     ! GRS1042-6T6Z Configuration          header comments: model,
 *     ! Version: HiOS-3A-09.4.04            release (software level 2S/2A/3S/3A)
 *     network hidiscovery mode read-only    privileged EXEC commands
 *     vlan database ... exit                the VLAN database mode
 *     configure                             global configuration mode
 *       <global commands>
 *       interface 1/1 ... exit              interface mode (also vlan/N)
 *       vlan 10 ... exit                    VLAN mode (per-VLAN snooping, DAI)
 *     exit                                  leaves configure: the script is whole
 *
 * A command is the `no` form or not; settings at their default are not
 * written, so what is absent is the release's default (docs/formats/
 * hirschmann-hios-cli.md says which defaults are assumed and their sources).
 * `!` lines are comments; the script comments out secrets itself
 * (`! users password user "********"`); they are never kept.  Every command
 * is kept as a raw record; a command that holds a secret word or a URL with
 * credentials goes through otlp_redact_unknown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hios.h"

#define MAXW 64
#define NAMELEN 128
#define SNIFF_BYTES 8192
#define MAX_UNREC 16

enum mode { M_EXEC, M_VLANDB, M_CONFIG, M_IF, M_VLAN };

/* Services whose state the script switches; index into st.svc. */
enum svc {
    S_TELNET, S_SSH, S_HTTP, S_HTTPS, S_SNMP1, S_SNMP2, S_SNMP3, S_HIDISC,
    S_MODBUS, S_ENIP, S_PROFINET, S_MMS, S_OPCUA, S_NSVC
};
static const char *const svc_name[S_NSVC] = {
    "telnet", "ssh", "http", "https", "snmp-v1", "snmp-v2c", "snmp-v3", "hidiscovery",
    "modbus-server", "ethernet-ip", "profinet", "iec61850-mms", "opcua",
};

struct tri {
    int v; /* -1 not said, 0 off, 1 on */
    unsigned long line;
};

struct port {
    xmlNodePtr node;
    int routed, tagged, edge, shut, bpdu_guard, storm, ipsg, portsec, other;
};

struct st {
    struct otlp_doc doc;
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    int raw_records;
    enum mode mode;
    int configure_seen, configure_closed, header;
    unsigned long statements, recognised, noise, first_line;
    unsigned long unrec_lines[MAX_UNREC];
    size_t n_unrec;
    char model[NAMELEN], version[NAMELEN], level[4], hostname[NAMELEN];
    unsigned long hostname_line;
    struct tri svc[S_NSVC], writable[S_NSVC];
    struct tri mgmt_access, mgmt_vlan_set, dhcp_snoop, bpdu_guard, fw_unsigned, portsec;
    unsigned long mgmt_vlan;
    struct tri envm_load, envm_save, envm_fw;
    char envm_kind[8];
    long pwd_min, pwd_classes[4], lock_attempts, lock_period;
    unsigned long pwd_line, lock_line;
    struct tri logging, sntp, banner_login, banner_cli;
    char dai_vlans[256], snoop_vlans[256];
    unsigned long cur_vlan;
    struct port *ports;
    size_t nports, capports;
    xmlNodePtr sess[8];
    size_t nsess;
    char *wb;
    size_t wb_cap;
};

static void session_keep(struct st *S, xmlNodePtr s);

/* ---------------------------------------------------------------- words */

static int weq(const struct otlp_word *w, const char *s)
{
    return w->s != NULL && strcmp(w->s, s) == 0;
}

static long wnum(const struct otlp_word *w)
{
    long v = 0;
    const char *p = w->s;
    if (p == NULL || *p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++)
        if (v < 100000000)
            v = v * 10 + (*p - '0');
    return *p == '\0' ? v : -1;
}

static void tri_set(struct tri *t, int v, unsigned long line)
{
    t->v = v;
    t->line = line;
}

/* `enable`/`disable` as the last word, else the command's own polarity. */
static int onoff(const struct otlp_word *w, size_t n, size_t at, int neg)
{
    if (at < n && (weq(&w[at], "disable") || weq(&w[at], "disabled")))
        return 0;
    if (at < n && (weq(&w[at], "enable") || weq(&w[at], "enabled")))
        return !neg;
    return !neg;
}

static xmlNodePtr fact(struct st *S, const char *name, unsigned long line)
{
    otlp_doc_at(&S->doc, line);
    return otlp_doc_fact(&S->doc, name, line);
}

/* ---------------------------------------------------------------- global configuration */

static void users(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    xmlNodePtr a;
    if (n < 3 || neg)
        return;
    if (weq(&w[1], "add")) {
        a = fact(S, "account", line);
        otlp_doc_set(&S->doc, a, "name", w[2].s);
    } else if (weq(&w[1], "access-role") && n >= 4) {
        /* the role of a user added above: set on the account fact of that
         * name, looked for among the last facts only (HiOS has at most a few
         * dozen local users, and `users access-role` follows `users add`) */
        xmlNodePtr c;
        int steps = 0;
        for (c = S->doc.dd->facts != NULL ? S->doc.dd->facts->last : NULL; c != NULL && steps < 256;
             c = c->prev, steps++) {
            xmlChar *nm;
            int same;
            if (c->type != XML_ELEMENT_NODE || !xmlStrEqual(c->name, BAD_CAST "account"))
                continue;
            nm = xmlGetProp(c, BAD_CAST "name");
            same = nm != NULL && strcmp((const char *)nm, w[2].s) == 0;
            xmlFree(nm);
            if (same) {
                otlp_doc_at(&S->doc, line);
                otlp_doc_set(&S->doc, c, "role", w[3].s);
                otlp_doc_set(&S->doc, c, "privilege", w[3].s);
                break;
            }
        }
    }
}

static void passwords(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    long v = n >= 3 ? wnum(&w[2]) : -1;
    static const char *const cls[4] = {"min-uppercase-chars", "min-lowercase-chars", "min-numeric-chars",
                                       "min-special-chars"};
    int i;
    if (v < 0)
        return;
    if (weq(&w[1], "min-length")) {
        S->pwd_min = v;
        S->pwd_line = line;
    } else if (weq(&w[1], "max-login-attempts")) {
        S->lock_attempts = v;
        S->lock_line = line;
    } else if (weq(&w[1], "login-attempt-period")) {
        S->lock_period = v;
        S->lock_line = line;
    }
    for (i = 0; i < 4; i++)
        if (weq(&w[1], cls[i])) {
            S->pwd_classes[i] = v;
            if (S->pwd_line == 0)
                S->pwd_line = line;
        }
}

/* A HiOS severity (syslog keyword or 0-7) as the facts' level names. */
static const char *level(const char *v)
{
    static const char *const kw[8] = {"emergency", "alert", "critical", "error",
                                      "warning", "notice", "informational", "debug"};
    static const char *const lv[8] = {"emergencies", "alerts", "critical", "errors",
                                      "warnings", "notifications", "informational", "debugging"};
    int i;
    for (i = 0; i < 8; i++)
        if (strcmp(v, kw[i]) == 0 || strcmp(v, lv[i]) == 0 || (v[0] == '0' + i && v[1] == '\0'))
            return lv[i];
    return NULL;
}

/* logging host add 1 addr 192.168.4.3 transport udp port 514 severity informational type systemlog */
static void logging(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    size_t i;
    xmlNodePtr t;
    if (n >= 3 && weq(&w[1], "syslog") && weq(&w[2], "operation")) {
        tri_set(&S->logging, !neg, line);
        return;
    }
    if (n < 4 || neg || !weq(&w[1], "host") || !weq(&w[2], "add"))
        return;
    t = fact(S, "log-target", line);
    for (i = 4; i + 1 < n; i++) {
        const char *k = w[i].s;
        const char *attr = strcmp(k, "addr") == 0 ? "host" : strcmp(k, "transport") == 0 ? "transport"
                         : strcmp(k, "port") == 0 ? "port" : strcmp(k, "severity") == 0 ? "level" : NULL;
        if (attr != NULL) {
            otlp_doc_set(&S->doc, t, attr, strcmp(attr, "level") == 0 ? level(w[i + 1].s) : w[i + 1].s);
            i++;
        }
    }
}

/* sntp client server add 1 192.168.3.1 port 123 description "..." */
static void sntp(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    if (n >= 3 && weq(&w[1], "client") && weq(&w[2], "operation")) {
        tri_set(&S->sntp, !neg, line);
        return;
    }
    if (n >= 6 && !neg && weq(&w[1], "client") && weq(&w[2], "server") && weq(&w[3], "add")) {
        xmlNodePtr s = fact(S, "ntp-server", line);
        otlp_doc_set(&S->doc, s, "address", w[5].s);
        otlp_doc_set(&S->doc, s, "authenticated", "false");
    }
}

/* config remote-backup destination tftp://host/path; config envm ... */
static void config_cmd(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    if (n >= 4 && weq(&w[1], "remote-backup") && weq(&w[2], "destination") && !neg) {
        const char *u = w[3].s, *c = strstr(u, "://");
        xmlNodePtr f;
        char proto[16];
        if (c == NULL || c - u >= (long)sizeof proto)
            return;
        snprintf(proto, sizeof proto, "%.*s", (int)(c - u), u);
        f = fact(S, "file-transfer", line);
        otlp_doc_set(&S->doc, f, "protocol", proto);
        otlp_doc_set(&S->doc, f, "purpose", "archive");
        otlp_doc_setb(&S->doc, f, "cleartext",
                      strcmp(proto, "tftp") == 0 || strcmp(proto, "ftp") == 0 || strcmp(proto, "http") == 0);
        return;
    }
    if (n >= 3 && weq(&w[1], "envm")) {
        size_t at = 3;
        if (n >= 4 && (weq(&w[3], "sd") || weq(&w[3], "usb"))) {
            snprintf(S->envm_kind, sizeof S->envm_kind, "%s", w[3].s);
            at = 4;
        }
        if (weq(&w[2], "auto-update"))
            tri_set(&S->envm_fw, onoff(w, n, at, neg), line);
        else if (weq(&w[2], "config-save"))
            tri_set(&S->envm_save, onoff(w, n, at, neg), line);
        else if (weq(&w[2], "load-priority"))
            tri_set(&S->envm_load, !(neg || (at < n && weq(&w[at], "disable"))), line);
    }
}

/* network hidiscovery / network management access / network management vlan */
static void network(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    if (n >= 3 && weq(&w[1], "hidiscovery")) {
        if (weq(&w[2], "operation"))
            tri_set(&S->svc[S_HIDISC], onoff(w, n, 3, neg), line);
        else if (weq(&w[2], "mode") && n >= 4)
            tri_set(&S->writable[S_HIDISC], weq(&w[3], "read-write"), line);
    } else if (n >= 4 && weq(&w[1], "management") && weq(&w[2], "access") && weq(&w[3], "operation")) {
        tri_set(&S->mgmt_access, !neg, line);
    } else if (n >= 4 && weq(&w[1], "management") && weq(&w[2], "vlan") && wnum(&w[3]) >= 0) {
        tri_set(&S->mgmt_vlan_set, 1, line);
        S->mgmt_vlan = (unsigned long)wnum(&w[3]);
    }
}

/* modbus-tcp / ethernet-ip / profinet / iec61850-mms / opc-ua: operation, write-access */
static int ics(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    static const struct { const char *word; enum svc s; } t[] = {
        {"modbus-tcp", S_MODBUS}, {"ethernet-ip", S_ENIP}, {"profinet", S_PROFINET},
        {"iec61850-mms", S_MMS}, {"opc-ua", S_OPCUA},
    };
    size_t i;
    for (i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (!weq(&w[0], t[i].word))
            continue;
        if (n >= 2 && weq(&w[1], "operation"))
            tri_set(&S->svc[t[i].s], onoff(w, n, 2, neg), line);
        else if (n >= 2 && weq(&w[1], "write-access"))
            tri_set(&S->writable[t[i].s], onoff(w, n, 2, neg), line);
        return 1;
    }
    return 0;
}

static void global(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    if (n >= 2 && weq(&w[1], "server") &&
        (weq(&w[0], "telnet") || weq(&w[0], "ssh") || weq(&w[0], "http") || weq(&w[0], "https"))) {
        enum svc s = weq(&w[0], "telnet") ? S_TELNET : weq(&w[0], "ssh") ? S_SSH
                   : weq(&w[0], "http") ? S_HTTP : S_HTTPS;
        tri_set(&S->svc[s], onoff(w, n, 2, neg), line);
    } else if (n >= 4 && weq(&w[0], "snmp") && weq(&w[1], "access") && weq(&w[2], "version")) {
        enum svc s = weq(&w[3], "v1") ? S_SNMP1 : weq(&w[3], "v2") ? S_SNMP2 : weq(&w[3], "v3") ? S_SNMP3 : S_NSVC;
        if (s != S_NSVC)
            tri_set(&S->svc[s], onoff(w, n, 4, neg), line);
    } else if (n >= 5 && weq(&w[0], "snmp") && weq(&w[1], "trap") && weq(&w[2], "add") && !neg) {
        /* snmp trap add NAME ADDR[:PORT] */
        xmlNodePtr h = fact(S, "snmp-host", line);
        char a[NAMELEN];
        char *c;
        snprintf(a, sizeof a, "%s", w[4].s);
        c = strrchr(a, ':');
        if (c != NULL && strchr(a, ':') == c)
            *c = '\0';
        otlp_doc_set(&S->doc, h, "address", a);
    } else if (weq(&w[0], "users")) {
        users(S, w, n, neg, line);
    } else if (n >= 2 && weq(&w[0], "passwords")) {
        passwords(S, w, n, line);
    } else if (weq(&w[0], "logging")) {
        logging(S, w, n, neg, line);
    } else if (weq(&w[0], "sntp")) {
        sntp(S, w, n, neg, line);
    } else if (weq(&w[0], "config")) {
        config_cmd(S, w, n, neg, line);
    } else if (weq(&w[0], "network")) {
        network(S, w, n, neg, line);
    } else if (ics(S, w, n, neg, line)) {
        ;
    } else if (n >= 3 && weq(&w[0], "system") && weq(&w[1], "name") && !neg) {
        snprintf(S->hostname, sizeof S->hostname, "%s", w[2].s);
        S->hostname_line = line;
    } else if (n >= 3 && weq(&w[0], "system") && weq(&w[1], "pre-login-banner") && weq(&w[2], "operation")) {
        tri_set(&S->banner_login, !neg, line);
    } else if (n >= 3 && weq(&w[0], "cli") && weq(&w[1], "banner") && weq(&w[2], "operation")) {
        tri_set(&S->banner_cli, !neg, line);
    } else if (n >= 3 && weq(&w[0], "cli") && weq(&w[1], "serial-timeout") && wnum(&w[2]) >= 0 && !neg) {
        xmlNodePtr s = fact(S, "session", line);
        otlp_doc_set(&S->doc, s, "channel", "console");
        otlp_doc_setu(&S->doc, s, "idle-timeout", (unsigned long)wnum(&w[2]) * 60);
    } else if (n >= 3 && (weq(&w[0], "ssh") || weq(&w[0], "telnet")) && weq(&w[1], "timeout") &&
               wnum(&w[2]) >= 0 && !neg) {
        xmlNodePtr s = fact(S, "session", line);
        otlp_doc_set(&S->doc, s, "channel", weq(&w[0], "ssh") ? "ssh" : "vty");
        session_keep(S, s);
        otlp_doc_setu(&S->doc, s, "idle-timeout", (unsigned long)wnum(&w[2]) * 60);
    } else if (n >= 3 && weq(&w[0], "firmware") && weq(&w[1], "allow-unsigned")) {
        tri_set(&S->fw_unsigned, onoff(w, n, 2, neg), line);
    } else if (n >= 3 && weq(&w[0], "ip") && weq(&w[1], "dhcp-snooping") && weq(&w[2], "mode")) {
        tri_set(&S->dhcp_snoop, !neg, line);
    } else if (n >= 2 && weq(&w[0], "spanning-tree") && weq(&w[1], "bpdu-guard")) {
        tri_set(&S->bpdu_guard, !neg, line);
    } else if (n >= 2 && weq(&w[0], "port-security") && weq(&w[1], "operation")) {
        tri_set(&S->portsec, !neg, line);
    }
}

/* The remote sessions (web, ssh, telnet), for the management access
 * restriction found at the end. */
static void session_keep(struct st *S, xmlNodePtr s)
{
    if (S->nsess < sizeof S->sess / sizeof S->sess[0])
        S->sess[S->nsess++] = s;
}

/* network management access web timeout N (minutes; EXEC mode, before `configure`) */
static void web_timeout(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    xmlNodePtr s;
    if (n < 6 || !weq(&w[1], "management") || !weq(&w[2], "access") || !weq(&w[3], "web") ||
        !weq(&w[4], "timeout") || wnum(&w[5]) < 0)
        return;
    s = fact(S, "session", line);
    otlp_doc_set(&S->doc, s, "channel", "web");
    session_keep(S, s);
    otlp_doc_setu(&S->doc, s, "idle-timeout", (unsigned long)wnum(&w[5]) * 60);
}

/* ---------------------------------------------------------------- interfaces and VLANs */

static struct port *port_open(struct st *S, const struct otlp_word *w, unsigned long line)
{
    struct port *p;
    if (S->nports == S->capports) {
        size_t nc = S->capports ? S->capports * 2 : 32;
        struct port *q = realloc(S->ports, nc * sizeof *q);
        if (q == NULL) {
            otlp_doc_nomem(&S->doc);
            return NULL;
        }
        S->ports = q;
        S->capports = nc;
    }
    p = &S->ports[S->nports++];
    memset(p, 0, sizeof *p);
    p->node = fact(S, "interface", line);
    otlp_doc_set(&S->doc, p->node, "name", w[1].s);
    p->routed = strncmp(w[1].s, "vlan/", 5) == 0 || strncmp(w[1].s, "loopback/", 9) == 0;
    return p;
}

static void iface(struct st *S, const struct otlp_word *w, size_t n, int neg, unsigned long line)
{
    struct port *p = S->nports > 0 ? &S->ports[S->nports - 1] : NULL;
    if (p == NULL)
        return;
    if (weq(&w[0], "shutdown")) {
        p->shut = !neg;
        otlp_doc_setb(&S->doc, p->node, "enabled", neg);
        return;
    }
    p->other = 1;
    if (n >= 3 && weq(&w[0], "vlan") && weq(&w[1], "pvid") && !neg) {
        otlp_doc_set(&S->doc, p->node, "vlan", w[2].s);
    } else if (n >= 2 && weq(&w[0], "vlan") && weq(&w[1], "tagging") && !neg) {
        p->tagged = 1;
    } else if (n >= 4 && weq(&w[0], "ip") && weq(&w[1], "address") && weq(&w[2], "primary") && !neg) {
        int pre = n >= 5 ? otlp_mask_prefix(w[4].s, w[4].n) : -1;
        otlp_doc_set(&S->doc, p->node, "address", w[3].s);
        if (pre >= 0)
            otlp_doc_setf(&S->doc, p->node, "mask", "%d", pre);
    } else if (n >= 3 && weq(&w[0], "ip") && weq(&w[1], "dhcp-snooping") && weq(&w[2], "trust")) {
        otlp_doc_setb(&S->doc, p->node, "dhcp-snooping-trust", !neg);
    } else if (n >= 3 && weq(&w[0], "ip") && weq(&w[1], "arp-inspection") && weq(&w[2], "trust")) {
        otlp_doc_setb(&S->doc, p->node, "arp-inspection-trust", !neg);
    } else if (n >= 3 && weq(&w[0], "ip") && weq(&w[1], "source-guard") && weq(&w[2], "mode")) {
        p->ipsg = neg ? 0 : 1;
    } else if (n >= 4 && weq(&w[0], "storm-control") && weq(&w[1], "ingress") && weq(&w[3], "operation")) {
        p->storm = neg ? (p->storm == 1 ? 1 : 0) : 1;
    } else if (n >= 2 && weq(&w[0], "spanning-tree") && weq(&w[1], "edge-port")) {
        p->edge = neg ? 0 : 1;
        otlp_doc_setb(&S->doc, p->node, "edge", !neg);
    } else if (n >= 2 && weq(&w[0], "spanning-tree") && weq(&w[1], "bpdu-guard")) {
        p->bpdu_guard = neg ? 0 : 1;
    } else if (n >= 2 && weq(&w[0], "port-security") && weq(&w[1], "operation")) {
        p->portsec = neg ? 0 : 1;
    } else if (n >= 3 && weq(&w[0], "dot1x") && weq(&w[1], "port-control")) {
        otlp_doc_set(&S->doc, p->node, "dot1x", !neg && (weq(&w[2], "auto") || weq(&w[2], "multi-client")) ? "true"
                                                                                                            : "false");
    } else if (n >= 2 && weq(&w[0], "name") && !neg && w[1].n > 0) {
        otlp_doc_set(&S->doc, p->node, "description", w[1].s);
    }
    (void)line;
}

/* vlan N ... exit: per-VLAN DHCP snooping and ARP inspection */
static void vlan_mode(struct st *S, const struct otlp_word *w, size_t n, int neg)
{
    char id[16];
    snprintf(id, sizeof id, "%lu", S->cur_vlan);
    if (n >= 2 && weq(&w[0], "ip") && weq(&w[1], "dhcp-snooping") && n == 2 && !neg)
        otlp_list_add(S->snoop_vlans, sizeof S->snoop_vlans, id);
    else if (n >= 2 && weq(&w[0], "ip") && weq(&w[1], "arp-inspection") && n == 2 && !neg)
        otlp_list_add(S->dai_vlans, sizeof S->dai_vlans, id);
}

/* ---------------------------------------------------------------- one command */

/* First words the global configuration mode knows (HiOS 8-10 CLI reference
 * manuals): commands of these families are recognised even when this reader
 * makes no fact of them. */
static const char *const config_words[] = {
    "aaa", "appllists", "authlists", "auto-disable", "cli", "clock", "config", "device-status", "dhcp-server",
    "dhcp-l2relay", "dns", "dot1x", "ethernet-ip", "filter", "firmware", "gmrp", "gvrp", "hiper-ring", "http",
    "https", "iec61850-mms", "igmp-snooping", "interface", "ip", "ipv6", "lldp", "link-aggregation", "logging",
    "mac", "mac-filter", "macsec", "modbus-tcp", "monitor", "mrp", "mrp-ieee", "mvrp", "network", "opc-ua",
    "passwords", "port-monitor", "profinet", "ptp", "radius", "remote-auth", "ring-coupling", "security-status",
    "selftest", "sflow", "signal-contact", "snmp", "sntp", "spanning-tree", "ssh", "storm-control", "sub-ring",
    "system", "tacacs", "telnet", "users", "vlan", "vrrp", "dvlan-tunnel", "fast-mrp", "lldp-med", "ldap",
    "sfp", "temperature", "inlinepower", "physical-interfaces", "port-security", "router", "redundancy",
    "mrp-ring", "prp", "hsr", "dhcp-relay", "ip-source-guard", "class-map", "policy-map", "cos-queue",
    "classofservice", "loopback", "tunnel", "webinterface", "envm",
};
static const char *const if_words[] = {
    "auto-negotiate", "cable-crossing", "dhcp-server", "ptp", "vlan", "port-monitor", "spanning-tree", "shutdown",
    "name", "ip", "ipv6", "signal-contact", "device-status", "security-status", "speed", "lldp", "storm-control",
    "traffic-shape", "mrp", "port-security", "dot1x", "link-aggregation", "flow-control", "media-type", "mtu",
    "mac-filter", "classofservice", "cos-queue", "inlinepower", "auto-disable", "dhcp-l2relay", "sflow",
    "gmrp", "gvrp", "mvrp", "mmrp", "igmp-snooping", "rate-limit", "power-state", "link-loss-alert", "lacp",
    "addport", "deleteport", "hsr", "prp", "monitor", "service-policy",
};
static const char *const vlandb_words[] = {"vlan", "name", "routing", "igmp-snooping", "mrp", "ip"};
static const char *const exec_words[] = {"network", "vlan", "configure", "clock", "config", "copy"};

static int in_list(const char *const *l, size_t n, const struct otlp_word *w)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (weq(w, l[i]))
            return 1;
    return 0;
}
#define IN(l, w) in_list(l, sizeof l / sizeof l[0], w)

static int has_url(const char *s, size_t len)
{
    size_t i;
    for (i = 0; i + 2 < len; i++)
        if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
            return 1;
    return 0;
}

static void raw(struct st *S, const char *s, size_t len, unsigned long line, int known)
{
    int red = 0;
    char *t = NULL;
    unsigned depth = S->mode == M_IF || S->mode == M_VLAN ? 2u : S->mode == M_EXEC ? 0u : 1u;
    const char *text = s;
    size_t tl = len;
    if (otlp_secret_name(s, len) || has_url(s, len)) {
        t = otlp_redact_unknown(s, len, &red);
        if (t == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        text = t;
        tl = strlen(t);
    }
    if (otlp_doc_take(&S->doc, line) == 0) {
        if (S->raw_records) {
            unsigned fl = (known ? 0 : OTL_RAW_UNRECOGNISED) | (red ? OTL_RAW_SECRET : 0);
            if (otlp_raw_record(S->host, S->ctx, depth, line, text, tl, fl) != 0)
                otlp_doc_nomem(&S->doc);
        } else {
            xmlNodePtr r = otlp_child_text(S->doc.dd->raw, "stmt", line, text, tl);
            if (r == NULL)
                otlp_doc_nomem(&S->doc);
            if (!known)
                otlp_doc_set(&S->doc, r, "recognised", "false");
            if (red)
                otlp_doc_setb(&S->doc, r, "secret", 1);
        }
    }
    free(t);
}

static int words(struct st *S, const char *s, size_t len, struct otlp_word *w, size_t *n)
{
    if (2 * len + 2 > S->wb_cap) {
        size_t nc = S->wb_cap ? S->wb_cap : 1024;
        char *q;
        while (nc < 2 * len + 2)
            nc *= 2;
        q = realloc(S->wb, nc);
        if (q == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        S->wb = q;
        S->wb_cap = nc;
    }
    *n = otlp_words(s, len, S->wb, S->wb_cap, w, MAXW, 0);
    if (*n == (size_t)-1)
        *n = 0;
    if (*n > MAXW)
        *n = MAXW;
    return 0;
}

/* Mode changes: returns 1 when the command opened or closed a mode. */
static int structure(struct st *S, const struct otlp_word *w, size_t n, unsigned long line)
{
    if (weq(&w[0], "exit") && n == 1) {
        if (S->mode == M_IF || S->mode == M_VLAN)
            S->mode = M_CONFIG;
        else if (S->mode == M_VLANDB)
            S->mode = M_EXEC;
        else if (S->mode == M_CONFIG) {
            S->mode = M_EXEC;
            S->configure_closed = 1;
        } else
            return 0;
        return 1;
    }
    if (S->mode == M_EXEC && n == 1 && weq(&w[0], "configure")) {
        S->mode = M_CONFIG;
        S->configure_seen = 1;
        return 1;
    }
    if (S->mode == M_EXEC && n == 2 && weq(&w[0], "vlan") && weq(&w[1], "database")) {
        S->mode = M_VLANDB;
        return 1;
    }
    if (S->mode == M_CONFIG && n == 2 && weq(&w[0], "interface")) {
        if (port_open(S, w, line) != NULL)
            S->mode = M_IF;
        return 1;
    }
    if (S->mode == M_CONFIG && n == 2 && weq(&w[0], "vlan") && wnum(&w[1]) >= 0) {
        S->cur_vlan = (unsigned long)wnum(&w[1]);
        S->mode = M_VLAN;
        return 1;
    }
    return 0;
}

static void command(struct st *S, const char *s, size_t len, unsigned long line)
{
    struct otlp_word w[MAXW];
    size_t n = 0;
    int neg = 0, known;
    const struct otlp_word *c;
    enum mode m = S->mode;

    memset(w, 0, sizeof w);
    if (words(S, s, len, w, &n) < 0 || n == 0)
        return;
    S->statements++;
    if (S->first_line == 0)
        S->first_line = line;
    if (weq(&w[0], "no") && n >= 2)
        neg = 1;
    c = &w[neg];
    otlp_doc_at(&S->doc, line);
    known = !neg && structure(S, w, n, line);
    /* a fragment without `configure` (the global part pasted alone) is
     * read as global configuration once the EXEC mode does not know it */
    if (!known && m == M_EXEC && !S->configure_seen && !IN(exec_words, c) && IN(config_words, c))
        m = M_CONFIG;
    if (!known) {
        known = m == M_EXEC ? IN(exec_words, c) : m == M_VLANDB ? IN(vlandb_words, c)
              : m == M_IF ? IN(if_words, c) : m == M_VLAN ? (weq(c, "ip") || weq(c, "name"))
              : IN(config_words, c);
        if (known) {
            otlp_doc_at(&S->doc, line);
            if (m == M_CONFIG)
                global(S, c, n - (size_t)neg, neg, line);
            else if (m == M_EXEC && weq(c, "network")) {
                network(S, c, n - (size_t)neg, neg, line);
                web_timeout(S, c, n - (size_t)neg, line);
            } else if (m == M_IF)
                iface(S, c, n - (size_t)neg, neg, line);
            else if (m == M_VLAN)
                vlan_mode(S, c, n - (size_t)neg, neg);
        }
    }
    if (known)
        S->recognised++;
    else if (S->n_unrec < MAX_UNREC)
        S->unrec_lines[S->n_unrec++] = line;
    {
        enum mode now = S->mode;
        S->mode = m; /* the raw record's depth is the mode the command was read in */
        raw(S, s, len, line, known);
        S->mode = now;
    }
}

/* ---------------------------------------------------------------- header */

/* ! GRS1042-6T6Z Configuration / ! Version: HiOS-3A-09.4.04 */
static void comment(struct st *S, const char *s, size_t len)
{
    size_t i = 1;
    while (i < len && s[i] == ' ')
        i++;
    s += i;
    len -= i;
    if (len > 14 && memcmp(s, "Version: HiOS-", 14) == 0) {
        const char *v = s + 14, *e = s + len;
        const char *d = memchr(v, '-', (size_t)(e - v));
        S->header = 1;
        if (d != NULL && d - v <= 3) {
            snprintf(S->level, sizeof S->level, "%.*s", (int)(d - v), v);
            v = d + 1;
        }
        snprintf(S->version, sizeof S->version, "%.*s", (int)(e - v < 60 ? e - v : 60), v);
    } else if (S->statements == 0 && len > 14 && memcmp(s + len - 14, " Configuration", 14) == 0 &&
               S->model[0] == '\0') {
        snprintf(S->model, sizeof S->model, "%.*s", (int)(len - 14 < 60 ? len - 14 : 60), s);
    }
}

static void line_in(struct st *S, const char *s, size_t len, unsigned long no)
{
    size_t i = otlp_more_skip(s, len);
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (i == len)
        return;
    if (s[i] == '!') {
        comment(S, s + i, len - i);
        return;
    }
    if (otlp_capture_noise(s + i, len - i)) {
        S->noise++;
        return;
    }
    command(S, s + i, len - i, no);
}

/* ---------------------------------------------------------------- facts at the end */

static void service(struct st *S, enum svc i, int full)
{
    xmlNodePtr n;
    struct tri on = S->svc[i], wr = S->writable[i];
    int dflt = 0;
    if (on.v < 0 && full) {
        /* defaults the docs page names (HiOS 8-10): HiDiscovery on, HTTP, HTTPS, SSH on */
        if (i == S_HIDISC || i == S_HTTP || i == S_HTTPS || i == S_SSH)
            on.v = 1, dflt = 1;
        else if (i == S_MODBUS || i == S_ENIP || i == S_PROFINET || i == S_MMS || i == S_OPCUA)
            on.v = 0, dflt = 1;
    }
    if (on.v < 0)
        return;
    /* a defaulted service stands on the line that set its mode, if one did */
    n = fact(S, "service", on.line != 0 ? on.line : wr.line);
    otlp_doc_at(&S->doc, on.line);
    otlp_doc_set(&S->doc, n, "name", svc_name[i]);
    otlp_doc_setb(&S->doc, n, "enabled", on.v);
    if (i == S_SSH)
        otlp_doc_set(&S->doc, n, "version", "2"); /* the HiOS SSH server speaks SSH-2 only */
    if (dflt)
        otlp_doc_set(&S->doc, n, "defaulted", "true");
    if (i == S_HIDISC && wr.v < 0 && full && on.v == 1)
        wr.v = 1; /* read-write is the default mode */
    if (wr.v >= 0) {
        otlp_doc_at(&S->doc, wr.line);
        otlp_doc_setb(&S->doc, n, "writable", wr.v);
    }
    if (S->mgmt_access.v == 1 && i != S_HIDISC && i != S_OPCUA) {
        otlp_doc_at(&S->doc, S->mgmt_access.line);
        otlp_doc_set(&S->doc, n, "scope", "network management access");
    }
}

/* The agent as a whole: on when any version is switched on (the script
 * never shows community strings, so no snmp-community fact is made). */
static void snmp_agent(struct st *S)
{
    const struct tri *v = &S->svc[S_SNMP1];
    int i, on = -1;
    unsigned long line = 0;
    for (i = 0; i < 3; i++) {
        if (v[i].v < 0 || on == 1)
            continue;
        if (on < 0 || v[i].v == 1)
            line = v[i].line; /* the first version switched on, else the first said */
        on = v[i].v;
    }
    if (on < 0)
        return;
    {
        xmlNodePtr n = fact(S, "service", line);
        otlp_doc_set(&S->doc, n, "name", "snmp");
        otlp_doc_setb(&S->doc, n, "enabled", on);
        if (S->mgmt_access.v == 1)
            otlp_doc_set(&S->doc, n, "scope", "network management access");
    }
}

static int l2_level(const struct st *S)
{
    /* DHCP snooping, DAI and IP source guard: software level 2A and up */
    return strcmp(S->level, "2A") == 0 || strcmp(S->level, "3S") == 0 || strcmp(S->level, "3A") == 0;
}

static void ports_finish(struct st *S, int full)
{
    size_t i;
    for (i = 0; i < S->nports; i++) {
        struct port *p = &S->ports[i];
        otlp_doc_at(&S->doc, 0);
        if (p->routed) {
            otlp_doc_set(&S->doc, p->node, "mode", "routed");
            continue;
        }
        otlp_doc_set(&S->doc, p->node, "mode", p->tagged ? "trunk" : "access");
        if (!full)
            continue;
        if (!p->shut)
            otlp_doc_set(&S->doc, p->node, "enabled", "true");
        if (!p->other)
            otlp_doc_set(&S->doc, p->node, "configured", "false");
        otlp_doc_setb(&S->doc, p->node, "storm-control", p->storm == 1);
        /* port security acts when on globally and on the port */
        if (l2_level(S))
            otlp_doc_setb(&S->doc, p->node, "port-security", p->portsec == 1 && S->portsec.v == 1);
        if (l2_level(S))
            otlp_doc_setb(&S->doc, p->node, "ip-source-guard", p->ipsg == 1);
        if (!p->edge)
            otlp_doc_set(&S->doc, p->node, "edge", "false");
        if (p->edge)
            otlp_doc_setb(&S->doc, p->node, "bpdu-guard", p->bpdu_guard == 1 || S->bpdu_guard.v == 1);
    }
}

static void policy_facts(struct st *S)
{
    int i, classes = 0, any = 0;
    xmlNodePtr n;
    for (i = 0; i < 4; i++)
        if (S->pwd_classes[i] >= 0) {
            any = 1;
            classes += S->pwd_classes[i] > 0;
        }
    if (S->pwd_min >= 0 || any) {
        n = fact(S, "password-policy", S->pwd_line);
        if (S->pwd_min >= 0)
            otlp_doc_setu(&S->doc, n, "min-length", (unsigned long)S->pwd_min);
        if (any)
            otlp_doc_setu(&S->doc, n, "classes", (unsigned long)classes);
    }
    if (S->lock_attempts >= 0 || S->lock_period >= 0) {
        n = fact(S, "lockout", S->lock_line);
        if (S->lock_attempts >= 0)
            otlp_doc_setu(&S->doc, n, "attempts", (unsigned long)S->lock_attempts);
        if (S->lock_period >= 0)
            otlp_doc_setu(&S->doc, n, "duration", (unsigned long)S->lock_period * 60);
    }
}

static void ot_facts(struct st *S, int full)
{
    xmlNodePtr n;
    size_t i;
    otlp_doc_at(&S->doc, S->mgmt_access.line);
    for (i = 0; i < S->nsess && S->mgmt_access.v == 1; i++)
        otlp_doc_set(&S->doc, S->sess[i], "access-list", "network management access");
    if (S->mgmt_access.v >= 0 || S->mgmt_vlan_set.v >= 0 || full) {
        n = fact(S, "mgmt-plane", S->mgmt_access.line);
        otlp_doc_setb(&S->doc, n, "restricted", S->mgmt_access.v == 1);
        otlp_doc_at(&S->doc, S->mgmt_vlan_set.line);
        otlp_doc_setu(&S->doc, n, "vlan", S->mgmt_vlan_set.v >= 0 ? S->mgmt_vlan : 1);
        if (S->mgmt_access.v < 0 || S->mgmt_vlan_set.v < 0)
            otlp_doc_set(&S->doc, n, "defaulted", "true");
    }
    if (S->fw_unsigned.v >= 0) {
        n = fact(S, "firmware-policy", S->fw_unsigned.line);
        otlp_doc_setb(&S->doc, n, "signature-check", !S->fw_unsigned.v);
    }
    if (S->envm_load.v >= 0 || S->envm_save.v >= 0 || S->envm_fw.v >= 0) {
        unsigned long l = S->envm_load.line ? S->envm_load.line : S->envm_save.line ? S->envm_save.line
                                                                                      : S->envm_fw.line;
        n = fact(S, "removable-media", l);
        otlp_doc_set(&S->doc, n, "kind", S->envm_kind[0] ? S->envm_kind : "aca");
        if (S->envm_load.v >= 0)
            otlp_doc_at(&S->doc, S->envm_load.line), otlp_doc_setb(&S->doc, n, "config-load", S->envm_load.v);
        if (S->envm_save.v >= 0)
            otlp_doc_at(&S->doc, S->envm_save.line), otlp_doc_setb(&S->doc, n, "config-save", S->envm_save.v);
        if (S->envm_fw.v >= 0)
            otlp_doc_at(&S->doc, S->envm_fw.line), otlp_doc_setb(&S->doc, n, "firmware-load", S->envm_fw.v);
    }
    if (full && l2_level(S)) {
        n = fact(S, "l2-security", S->dhcp_snoop.line);
        otlp_doc_setb(&S->doc, n, "dhcp-snooping", S->dhcp_snoop.v == 1 && S->snoop_vlans[0] != '\0');
        if (S->snoop_vlans[0])
            otlp_doc_set(&S->doc, n, "dhcp-snooping-vlans", S->snoop_vlans);
        otlp_doc_setb(&S->doc, n, "arp-inspection", S->dai_vlans[0] != '\0');
        if (S->dai_vlans[0])
            otlp_doc_set(&S->doc, n, "arp-inspection-vlans", S->dai_vlans);
        otlp_doc_setb(&S->doc, n, "bpdu-guard-default", S->bpdu_guard.v == 1);
        if (S->dhcp_snoop.v < 0 || S->bpdu_guard.v < 0)
            otlp_doc_set(&S->doc, n, "defaulted", "true");
    }
}

static void misc_facts(struct st *S, int full)
{
    xmlNodePtr n;
    if (S->logging.v >= 0 || full) {
        n = fact(S, "logging", S->logging.line);
        otlp_doc_setb(&S->doc, n, "enabled", S->logging.v == 1);
        /* HiOS stamps every log entry with the system date and time; no
         * command switches it off (UNVERIFIED: the page says so) */
        otlp_doc_set(&S->doc, n, "timestamps", "datetime");
        if (S->logging.v < 0)
            otlp_doc_set(&S->doc, n, "defaulted", "true");
    }
    if (S->banner_login.v >= 0 || full) {
        n = fact(S, "banner", S->banner_login.line);
        otlp_doc_set(&S->doc, n, "kind", "login");
        otlp_doc_setb(&S->doc, n, "present", S->banner_login.v == 1);
    }
    if (S->banner_cli.v >= 0) {
        n = fact(S, "banner", S->banner_cli.line);
        otlp_doc_set(&S->doc, n, "kind", "exec");
        otlp_doc_setb(&S->doc, n, "present", S->banner_cli.v == 1);
    }
    if (S->sntp.v >= 0) {
        n = fact(S, "ntp", S->sntp.line);
        otlp_doc_set(&S->doc, n, "authenticate", "false");
    }
}

static int export_full(struct st *S)
{
    const char *why = NULL;
    if (!S->header)
        why = "no `! Version: HiOS-...` header: a fragment or a hand-written script";
    else if (!S->configure_seen)
        why = "no `configure` section: only the first part of the script";
    else if (!S->configure_closed)
        why = "the `configure` section is not closed by `exit`: the script is cut";
    else if ((unsigned long long)S->recognised * 1000 < (unsigned long long)S->statements * OTL_MIN_COVERAGE_PERMILLE)
        why = "too few commands recognised";
    if (why == NULL)
        return 1;
    if (S->statements > 0)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0, "partial export: %s; no default is assumed", why);
    return 0;
}

static void system_fact(struct st *S, xmlNodePtr s, int full)
{
    otlp_doc_at(&S->doc, S->hostname_line);
    if (S->hostname[0])
        otlp_doc_set(&S->doc, s, "hostname", S->hostname);
    otlp_doc_at(&S->doc, 0);
    otlp_doc_set(&S->doc, s, "vendor", "hirschmann");
    if (S->model[0])
        otlp_doc_set(&S->doc, s, "model", S->model);
    otlp_doc_set(&S->doc, s, "os", "hios");
    if (S->version[0])
        otlp_doc_set(&S->doc, s, "version", S->version);
    otlp_doc_set(&S->doc, s, "class", "switch");
    otlp_doc_set(&S->doc, s, "export-kind", full ? "full" : "partial");
    otlp_doc_set(&S->doc, s, "export-type", "device");
    otlp_doc_coverage(&S->doc, s, S->recognised, S->statements);
    otlp_doc_setu(&S->doc, s, "statements", S->statements);
}

static void finish(struct st *S, xmlNodePtr sys)
{
    int full = export_full(S);
    int i;
    system_fact(S, sys, full);
    for (i = 0; i < S_NSVC; i++)
        service(S, (enum svc)i, full);
    snmp_agent(S);
    policy_facts(S);
    ot_facts(S, full);
    misc_facts(S, full);
    ports_finish(S, full);
}

/* ---------------------------------------------------------------- entry points */

enum otl_parse_status hios_cli_parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                     const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st *S = calloc(1, sizeof *S);
    struct otlp_reader rd;
    struct otlp_line ln;
    enum otl_parse_status ret;
    xmlNodePtr sys;
    int i;

    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->raw_records = otlp_raw_records(host);
    for (i = 0; i < S_NSVC; i++)
        S->svc[i].v = S->writable[i].v = -1;
    S->mgmt_access.v = S->mgmt_vlan_set.v = S->dhcp_snoop.v = S->bpdu_guard.v = S->fw_unsigned.v = -1;
    S->portsec.v = -1;
    S->envm_load.v = S->envm_save.v = S->envm_fw.v = -1;
    S->logging.v = S->sntp.v = S->banner_login.v = S->banner_cli.v = -1;
    S->pwd_min = S->lock_attempts = S->lock_period = -1;
    for (i = 0; i < 4; i++)
        S->pwd_classes[i] = -1;
    sys = otlp_doc_fact(&S->doc, "system", 0);
    if (sys == NULL) {
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
    finish(S, sys);
    otlp_note_unrecognised(host, ctx, S->statements, S->recognised, S->unrec_lines, S->n_unrec);
    if (S->noise > 0)
        host->diag(ctx, OTL_DIAG_NOTE, 0, "%lu line%s of capture noise skipped (prompt, show command)", S->noise,
                   S->noise > 1 ? "s" : "");
    ret = S->doc.status;
    free(S->ports);
    free(S->wb);
    free(S);
    return ret;
}

/* HiOS-only commands at the start of a line (the IOS, SCALANCE IE-CLI,
 * FortiOS, Junos and ASA grammars have none of them). */
static const char *const hios_marks[] = {
    "network hidiscovery ", "network parms ", "network protocol ", "network management access ",
    "vlan participation ", "vlan pvid ", "users add ", "passwords min-length ", "system name ",
    "logging host add ", "sntp client ", "snmp access version ", "modbus-tcp ", "iec61850-mms ",
    "signal-contact ", "device-status ", "security-status ", "config envm ", "cable-crossing ",
    "dhcp-server pool ", "authlists ", "appllists ", "opc-ua ", "ip default-route add ",
    "firmware allow-unsigned ", "network out-of-band ",
};
/* First words of the IOS-like grammars that HiOS scripts never start a line with. */
static const char *const other_marks[] = {
    "hostname ", "version 1", "line vty", "line con", "enable secret", "enable password", "service ",
    "interface GigabitEthernet", "interface FastEthernet", "interface Ethernet", "interface Vlan",
    "switchport ", "ASA Version", "config system", "set ", "boot-start-marker",
};

int hios_cli_sniff(const struct otl_input *in)
{
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int hios = 0, other = 0, header = 0;
    size_t i;

    if (in->len >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf)
        p += 3;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;
        if (eol == NULL)
            eol = end;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (otlp_starts(s, eol, "! Version: HiOS-") || otlp_starts(s, eol, "!Version: HiOS-"))
            header = 1;
        if (otlp_starts(s, eol, "no "))
            s += 3;
        for (i = 0; i < sizeof hios_marks / sizeof hios_marks[0]; i++)
            if (otlp_starts(s, eol, hios_marks[i])) {
                hios++;
                break;
            }
        for (i = 0; i < sizeof other_marks / sizeof other_marks[0]; i++)
            if (otlp_starts(s, eol, other_marks[i])) {
                other++;
                break;
            }
        p = eol < end ? eol + 1 : end;
    }
    if (header && other <= hios)
        return 100;
    if (other > 0 || hios < 3)
        return 0;
    return hios >= 6 ? 80 : 50;
}
