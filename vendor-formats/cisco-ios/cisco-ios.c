/*
 * cisco-ios.c - format plugin for Cisco IOS, IOS-XE and the IOS-based
 * industrial Ethernet switches (IE-2000/3000/4000/5000, IE-3x00 on IOS-XE).
 *
 * Input: `show running-config` / `show startup-config` text, as saved by
 * hand, by TFTP, or by backup tools (oxidized, RANCID: `!` header comments).
 *
 * Grammar notes (Cisco IOS Configuration Fundamentals and Security Command
 * References, 12.x-15.x, IOS-XE 16.x/17.x):
 *  - one command per line; sub-mode commands follow their mode command and
 *    are printed indented by one space per level by `show running-config`;
 *    `!` starts a comment; `exit`/`exit-*` leave a sub-mode; `end` ends.
 *  - IOS itself does not read the indentation: it leaves a sub-mode when a
 *    command is not valid there.  Hand-edited files therefore sometimes put
 *    sub-mode commands at the indentation of their mode command; we follow
 *    the device (see attach_parent()).
 *  - `banner KIND DELIM text DELIM`: the delimiter is the first character
 *    after the keyword; IOS prints ETX (0x03) as the two characters `^C`.
 */
#include "otlint-plugin.h"
#include "opaque.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXTOK 48
#define MAXSTACK 32
#define MAXREDACT 4
#define SNIFF_BYTES 4096
#define MAXACCOUNTS 512

struct tok {
    const char *s;
    size_t len;
};

/* A statement split into words.  `k` is the index of the keyword: 1 after a
 * leading `no`/`default`, else 0. */
struct stmt {
    const char *text; /* without indentation, trailing blanks removed */
    size_t len;
    struct tok t[MAXTOK];
    size_t n;
    size_t k;
    int neg; /* `no` form */
    uint32_t kwh; /* kw_hash() of the keyword (word k), when there is one */
    unsigned long line;
};

enum blkkind {
    B_OTHER = 0,
    B_INTERFACE,
    B_LINE,
    B_RADIUS_SERVER,
    B_TACACS_SERVER,
    B_KEYCHAIN,
    B_CERT,
    B_AAA_GROUP, /* aaa group server tacacs+|radius NAME (issue 22) */
    B_AAA_ACCT,  /* block-form aaa accounting TYPE LIST (issue 22) */
    B_ARCHIVE,   /* archive (issue 22) */
    B_OT_ALARM,  /* alarm profile NAME (issue 25) */
    /* issue 24: the firewall model (fw_*()) */
    B_FW_ACL,        /* ip access-list standard|extended NAME, ipv6 access-list NAME */
    B_FW_OBJNET,     /* object-group network NAME */
    B_FW_OBJSVC,     /* object-group service NAME */
    B_FW_ISAKMP,     /* crypto isakmp policy N */
    B_FW_ISAKMPPROF, /* crypto isakmp profile NAME */
    B_FW_IKEV2PROP,  /* crypto ikev2 proposal NAME */
    B_FW_IKEV2PROF,  /* crypto ikev2 profile NAME */
    B_FW_CMAP        /* crypto map NAME SEQ, crypto ipsec profile NAME */
};

struct blk {
    xmlNodePtr node;
    int indent;
    int child_indent; /* -1 until the first child */
    int is_mode;
    enum blkkind kind;
    xmlNodePtr fact; /* interface / session / aaa-server fact being filled */
    /* interface state, decided when the block closes */
    int sw_seen, l3_seen, mode_set;
    /* line state */
    int timeout_set, transport_set, login_set, exec_set;
    int tty; /* absolute-numbered async line (issue 22) */
    /* issue 22: access-port hints of an interface without `switchport
     * mode`; the login list of a line; block-form accounting's methods */
    int access_hint;
    char list[64];
    char acct[128];
    /* issue 24: the ACL being read (index in fw.acls), settings seen */
    size_t fw_acl;
    int fw_set;
    /* issue 25: statements other than (no) shutdown; switchport nonegotiate */
    int ot_subs, nonegotiate;
};

/* Issue 22: what decides the defaults policy and the new facts. */
struct i22 {
    int elided;             /* `! ...` elision markers: sections were cut */
    unsigned long elided_line;
    int domain_name;        /* ip domain-name / ip domain name */
    int ssh_keypair;        /* ip ssh rsa keypair-name */
    int dhcp_in_use;        /* ip dhcp pool, ip helper-address, relay */
    unsigned long dhcp_use_line;
    int tacacs_key, radius_key; /* global fallback keys: Cisco type + 2 (0: none) */
    int utf16;              /* input was UTF-16, transcoded */
};

/* What the redactor found in one statement. */
struct redact {
    size_t n;
    size_t from[MAXREDACT], to[MAXREDACT]; /* byte ranges in stmt text */
    /* the first secret: for facts.  `val` is borrowed from the input and
     * only ever handed to otlp_known_default_secret / decode7. */
    int have;
    int type;       /* Cisco encryption type digit, -1 when none written */
    int is_hash_kw; /* keyword was `secret` (hashed) rather than password/key */
    const char *val;
    size_t vlen;
};

enum svc {
    S_TELNET,
    S_SSH,
    S_SCP,
    S_HTTP,
    S_HTTPS,
    S_SNMP,
    S_FTP,
    S_TFTP,
    S_SMALL_TCP,
    S_SMALL_UDP,
    S_FINGER,
    S_BOOTP,
    S_DHCP,
    S_CDP,
    S_LLDP,
    S_PAD,
    S_SOURCE_ROUTE,
    S_PWENC,
    S_COUNT
};

static const char *const svc_names[S_COUNT] = {
    "telnet", "ssh",   "scp",   "http",  "https", "snmp",         "ftp",
    "tftp",   "small-servers-tcp", "small-servers-udp", "finger", "bootp",
    "dhcp",   "cdp",   "lldp",  "pad",   "source-route", "password-encryption"};

struct svcstate {
    int set;      /* the config says something explicit */
    int enabled;
    unsigned long line;
    char scope[64];
};

/* Routing and first-hop protocol authentication, Smart Install, pre-shared
 * keys, routed-interface ICMP settings (rt_*() below; issue 22 item 5b). */
enum rtproto { RP_NONE = 0, RP_OSPF, RP_OSPFV3, RP_EIGRP, RP_ISIS, RP_BGP, RP_KEYCHAIN, RP_OTHER };
#define RT_MAXCHAINS 64
#define RT_MAXBGP 256
#define RT_MAXIF 16

struct rtchain {
    char name[64];
    int kind;  /* worst key-string type digit: -2 none seen, -1 none written */
    int alg;   /* rt_rank() of the cryptographic-algorithm, 0 when none given */
};

struct rtbgp {
    char name[64], group[64];
    int is_group, peer, tmpl;
    int type; /* password type digit, -2 none */
    unsigned long line;
};

struct rtstate {
    enum rtproto top;  /* the top-level block the current statement is in */
    xmlNodePtr proc;   /* its routing-protocol fact (OSPF, OSPFv3, EIGRP, IS-IS) */
    int isis_md5, isis_text, isis_pw; /* IS-IS process: authentication modes and passwords seen */
    int isis_pw_type;
    char bgp_as[16];
    struct rtbgp bgp[RT_MAXBGP];
    size_t nbgp;
    struct rtchain chains[RT_MAXCHAINS];
    size_t nchains;
    int chain; /* index of the key chain being read, -1 */
    /* the interface being read and its per-protocol facts */
    xmlNodePtr iface;
    xmlNodePtr ifp[RT_MAXIF];
    size_t nifp;
    /* IPv4 interfaces (ip address / ip unnumbered), for the ICMP defaults */
    xmlNodePtr *v4;
    size_t nv4, capv4;
    int vstack_set, vstack_on;
    unsigned long vstack_line;
};

#define FW_MAXDEPTH 8     /* nested object groups followed for management sources */
#define FW_MAXEXPAND 4096 /* group expansions per management ACL */

struct fwent {
    char *name;  /* NULL: empty slot */
    uint32_t h;
    int kind;    /* ACL: 1 standard, 2 extended, 3 ipv6; object: 1 network, 2 service */
    int mgmt;    /* an ACL restricting management access: its sources are collected */
    unsigned long seq;
    size_t ord;  /* order of first use (the implicit denies follow it) */
    int bound;   /* ACL: named by ip access-group / ipv6 traffic-filter */
    /* ACL: its entries, kept as text until the end of the file (only a
     * bound ACL becomes fw-rule facts; an ACL may be bound after it is
     * defined, and most ACLs of a router classify traffic for NAT, QoS,
     * route maps or crypto, where they are no firewall rules) */
    struct fwace *ace;
    size_t nace, capace;
    char *text;
    size_t textlen, textcap;
    xmlNodePtr node; /* object group: its fw-address / fw-service */
    char *src;   /* management ACL: permitted sources, space-separated */
    size_t srclen, srccap, expand;
};

/* one stored ACL entry: its statement text is fwent.text[off, off+len) */
struct fwace {
    unsigned long line, seq;
    size_t off, len;
    unsigned char act; /* index of the action word (from the keyword) */
};

struct fwtab {
    struct fwent *e;
    size_t cap, n;
};

/* a static NAT that makes an inside host reachable from outside */
struct fwnat {
    unsigned long line;
    char proto[8], local[48], lport[8], global[80], gport[8];
};

struct fwstate {
    struct fwtab acls, objs;
    struct fwnat *nat;
    size_t nnat, capnat;
    /* interfaces with `ip nat outside` (and without a ZBF zone) */
    xmlNodePtr *outside;
    size_t nout, capout;
    int aggr_disable;          /* crypto isakmp aggressive-mode disable */
    unsigned long aggr_line;
    int aggressive;            /* an isakmp profile / crypto map asks for aggressive mode */
    unsigned long aggressive_line;
    xmlNodePtr *isakmp;        /* IKEv1 policies, for the mode decided at the end */
    size_t nisakmp, capisakmp;
    char kex[256], hostkey[256];
    unsigned long kex_line, hostkey_line;
};

/* Issue 25: Cisco IE/Stratix industrial features and layer-2 protections
 * (ot_*() below). */
#define OT_MAXSEG 1024 /* REP segment ids are 1-1024 */
#define OT_MAXALARM 64
struct ot25 {
    int modbus_set, modbus_on, cip_on, profinet_set, profinet_on, snoop_on, snoop_set;
    int bpdug_default, pfast_default;
    unsigned long modbus_line, cip_line, profinet_line, ptp_line, snoop_line, snoop_vlan_line,
        dai_line, bpdug_line, pfast_line;
    char ptp_mode[24], snoop_vlans[128], dai_vlans[128], cip_if[128];
    struct {
        long id;
        xmlNodePtr fact;
    } seg[OT_MAXSEG];
    size_t nseg;
    struct {
        char name[40];
        xmlNodePtr fact;
    } alarm[OT_MAXALARM];
    size_t nalarm;
};

struct state {
    /* The first unrecognised statements' lines, named in the coverage note. */
    unsigned long unrec_lines[8];
    size_t n_unrec_lines;
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc; /* the builder: budget, outcome */

    unsigned max_depth;
    int depth_reported;

    struct blk stack[MAXSTACK];
    size_t depth;

    unsigned long statements, recognised;
    unsigned long nul_lines; /* lines with a NUL byte */

    /* system */
    xmlNodePtr system;
    char hostname[128];
    int have_hostname;
    char version[32];
    int have_version;
    char model[64];
    char serial[64];
    int xe_hint;
    int vty_transport_defaulted;
    int switch_hint;
    int device_markers; /* line blocks, enable, username, service, boot */

    struct svcstate svc[S_COUNT];
    int ssh_version; /* 0 unset, 1, 2 */
    unsigned long ssh_version_line;

    /* aaa */
    int aaa_set, aaa_enabled;
    unsigned long aaa_line;
    char authn[512], authz[512], acct[512];

    /* ntp */
    int ntp_seen, ntp_auth;
    unsigned long ntp_auth_line;
    unsigned char trusted[65536 / 8];

    /* logging */
    int logging_seen, logging_off;
    unsigned long logging_line;
    char trap_level[16], console_level[16], buffered[8], buffer_size[16];
    char timestamps[16], timestamp_tz[16], source_if[64];
    /* the statements that set them (the facts' attribute lines) */
    unsigned long log_on_line, trap_line, console_line, buffered_line, ts_line;

    /* password policy / lockout */
    char min_length[16];
    unsigned long pwpol_line;
    char lock_attempts[16], lock_within[16], lock_duration[16];
    unsigned long lockout_line;

    /* banner being read */
    int in_banner;
    char delim[2];
    size_t delim_len;
    xmlNodePtr banner_fact;
    int banner_body;
    unsigned long banner_line;

    int raw_records; /* raw statements go to host->raw_stmt, not elements */

    struct i22 x;

    /* username -> fact, to merge several username lines of one user */
    xmlNodePtr accounts[MAXACCOUNTS];
    size_t naccounts;

    struct rtstate rt; /* rt_*(): routing/FHRP authentication, PSKs, Smart Install */
    struct fwstate fw; /* fw_*(): the firewall model (issue 24) */
    struct ot25 ot;    /* ot_*(): IE/Stratix industrial and layer-2 facts (issue 25) */
};

/* ------------------------------------------------------------------ words */

/* ASCII lower case: IOS keywords are ASCII, and tolower() would consult
 * the locale for every byte of every comparison. */
static unsigned char lc(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Case-insensitive: are the n bytes at a those at w?  Configurations are
 * written in lower case almost always, so memcmp() decides first; the byte
 * by byte compare only runs when it differs. */
static int ncase_eq(const char *a, const char *w, size_t n)
{
    size_t i;

    if (memcmp(a, w, n) == 0)
        return 1;
    for (i = 0; i < n; i++)
        if (lc((unsigned char)a[i]) != lc((unsigned char)w[i]))
            return 0;
    return 1;
}

/* The token comparisons below are always inlined (see teq). */
#if defined(__GNUC__)
#define TOK_INLINE static inline __attribute__((always_inline))
#else
#define TOK_INLINE static inline
#endif

/* Do the first n bytes of the token (it has at least n) spell `w`?  The
 * first byte inline: it decides most calls (hundreds per statement, from
 * the classification chains). */
TOK_INLINE int thead(const struct tok *t, const char *w, size_t n)
{
    if (n == 0)
        return 1;
    if (lc((unsigned char)t->s[0]) != lc((unsigned char)w[0]))
        return 0;
    return ncase_eq(t->s, w, n);
}

/* Is the token exactly `w` (teq), does it start with `w` (tpre)?  The
 * length first: w is a literal almost everywhere, so strlen(w) is a
 * constant -- when the call is inlined, which GCC stops doing on its own
 * once the file has a few hundred calls (issue 22: strlen was 3 % of a scan),
 * hence always_inline. */
TOK_INLINE int teq(const struct tok *t, const char *w)
{
    size_t n = strlen(w);
    return t->len == n && thead(t, w, n);
}

TOK_INLINE int tpre(const struct tok *t, const char *w)
{
    size_t n = strlen(w);
    return t->len >= n && thead(t, w, n);
}

/* Is the token the keyword `kw` or an abbreviation of it the IOS CLI
 * accepts: any prefix of at least `min` bytes, `min` being what makes the
 * prefix unique among the keywords valid at that position (Cisco IOS
 * Configuration Fundamentals Configuration Guide, "Using the Cisco IOS
 * Command-Line Interface": a command or keyword may be abbreviated to the
 * characters that make it unique).  Issue 23: the secret keywords. */
TOK_INLINE int tabbr(const struct tok *t, const char *kw, size_t min)
{
    size_t n = strlen(kw);
    return t != NULL && t->len >= min && t->len >= 1 && t->len <= n && thead(t, kw, t->len);
}

/* word i of the statement counted from the keyword, or NULL */
static const struct tok *W(const struct stmt *st, size_t i)
{
    return st->k + i < st->n ? &st->t[st->k + i] : NULL;
}

static int weq(const struct stmt *st, size_t i, const char *w)
{
    const struct tok *t = W(st, i);
    return t != NULL && teq(t, w);
}

static int tdigits(const struct tok *t)
{
    size_t i;
    if (t->len == 0)
        return 0;
    for (i = 0; i < t->len; i++)
        if (t->s[i] < '0' || t->s[i] > '9')
            return 0;
    return 1;
}

static int thex(const struct tok *t)
{
    size_t i;
    if (t->len == 0)
        return 0;
    for (i = 0; i < t->len; i++) {
        char c = t->s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    return 1;
}

/* Bounded numeric value of a token; -1 when not a small decimal number. */
static long tnum(const struct tok *t)
{
    long v = 0;
    size_t i;
    if (t == NULL || !tdigits(t) || t->len > 9)
        return -1;
    for (i = 0; i < t->len; i++)
        v = v * 10 + (t->s[i] - '0');
    return v;
}

static void tcopy(char *dst, size_t cap, const struct tok *t)
{
    size_t l = t->len < cap - 1 ? t->len : cap - 1;
    OTL_OPAQUE(l); /* memcpy, not `rep movsq` (opaque.h) */
    memcpy(dst, t->s, l);
    dst[l] = '\0';
}

/* FNV-1a over the lower-cased bytes (the keyword sets below) */
static uint32_t kw_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ lc((unsigned char)s[i])) * 16777619u;
    return h;
}

/* Split `text` into words.  Words past MAXTOK are ignored for the grammar
 * (the full text is still kept in the raw tree). */
static void split(struct stmt *st)
{
    size_t i = 0;
    st->n = 0;
    while (i < st->len && st->n < MAXTOK) {
        while (i < st->len && (st->text[i] == ' ' || st->text[i] == '\t'))
            i++;
        if (i >= st->len)
            break;
        st->t[st->n].s = st->text + i;
        while (i < st->len && st->text[i] != ' ' && st->text[i] != '\t')
            i++;
        st->t[st->n].len = (size_t)(st->text + i - st->t[st->n].s);
        st->n++;
    }
    st->k = 0;
    st->neg = 0;
    if (st->n > 1 && (teq(&st->t[0], "no") || teq(&st->t[0], "default"))) {
        st->neg = teq(&st->t[0], "no");
        st->k = 1;
    }
    /* the keyword sets are asked about the keyword up to four times */
    st->kwh = st->k < st->n ? kw_hash(st->t[st->k].s, st->t[st->k].len) : 0;
}

/* -------------------------------------------------------------- keywords */

/* Global configuration commands (first word).  Used for parse coverage and
 * to decide that a line at mode-command indentation left the sub-mode. */
static const char *const global_kw[] = {
    "aaa", "access-list", "alias", "ap", "aqm-register-fnf", "archive", "authentication",
    "access-session", "banner", "boot", "boot-end-marker", "boot-start-marker", "bridge",
    "call-home", "cdp", "chat-script", "class-map", "clock", "control-plane", "crypto", "cts",
    "default", "device-tracking", "diagnostic", "dial-peer", "dialer", "dialer-list", "dot11",
    "dot1x", "enable", "end", "errdisable", "event", "exception", "file", "flow", "ftp-server",
    "hostname", "hw-module", "interface", "ip", "ipv6", "key", "license", "line", "lldp",
    "logging", "login", "mac", "mac-address-table", "macro", "memory", "mls", "mmi", "monitor",
    "mpls", "multilink", "netconf-yang", "no", "ntp", "object-group", "parameter-map",
    "parser", "platform", "policy-map", "port-channel", "power", "privilege", "process",
    "radius", "radius-server", "redundancy", "resource", "restconf", "rmon", "route-map",
    "router", "sampler", "scheduler", "sdm", "security", "service", "snmp", "snmp-server",
    "spanning-tree", "stackwise-virtual", "subscriber", "switch", "system", "tacacs",
    "tacacs-server", "telemetry", "template", "tftp-server", "track", "transceiver", "udld",
    "username", "version", "vlan", "voice", "vpdn", "vpdn-group", "vrf", "vstack", "vtp",
    "wireless", "wlan", "wlccp", "wsma", "x25", "zone", "zone-pair", "kron", "epm", "pnp",
    "gnxi", "ptp", "rep", "profinet", "cip", "alarm", "scada", "ethernet", "fhrp", "qos", "table-map",
    "nbar", "avc", "ipc", "identity", "stack-mac", "username", "cef", "onep", "lacp", "pagp",
    "port-security", "storm-control", "vlan-group", "spanning-tree", "l2protocol-tunnel",
    "rep", "energywise", "location", "ip", "mgmt-interface", "coap", "ptp", "license",
    "crashinfo", "warm-reboot", "upgrade", "rommon-autoboot", "install", "fips", "nat",
    "spd", "network-clock-participate", "bba-group", "main-cpu", "hidekeys", "lldp", NULL};

/* Sub-mode commands of the common modes (interface, line, router, acl,
 * dhcp pool, aaa server, crypto, class/policy/route-map, vlan, key chain). */
static const char *const sub_kw[] = {
    "access-class", "access-session", "accounting", "address", "address-family",
    "authentication", "authorization", "auto-summary", "autocommand", "bandwidth", "bgp",
    "bridge-group", "broadcast-key", "carrier-delay", "cdp", "channel", "channel-group",
    "class", "client", "commands", "connect", "crypto", "databits", "deadtime",
    "default-information", "default-metric", "default-router", "delay", "deny", "description",
    "dialer", "dialer-group", "distance", "distribute-list", "dns", "dns-server", "domain",
    "domain-name", "dot1x", "duplex", "encapsulation", "encr", "encryption", "enrollment",
    "escape-character", "exec", "exec-timeout", "exit-address-family", "flowcontrol",
    "fqdn", "group", "hash", "history", "hold-queue", "host", "ip", "ipv6", "keepalive", "key",
    "key-string", "lease", "length", "lifetime", "lldp", "load-interval", "local-address",
    "logging", "login", "mab", "match", "maximum-paths", "media-type", "metric", "mode",
    "modem", "mtu", "name", "nas", "negotiation", "neighbor", "netbios-name-server",
    "network", "no", "option", "passive-interface", "password", "peer", "permit", "police",
    "pool", "port", "power", "ppp", "pre-shared-key", "priority", "privilege", "protocol",
    "queue-limit", "quit", "redistribute", "remark", "retransmit", "reverse-route",
    "revocation-check", "router-id", "rsakeypair", "rts", "secret", "security",
    "serial-number", "server", "server-private", "service-policy", "session-timeout",
    "set", "shape", "shutdown", "single-connection", "snmp", "spanning-tree", "speed",
    "ssid", "standby", "station-role", "stopbits", "storm-control", "subject-name",
    "summary-address", "switchport", "timeout", "timers", "transport", "tunnel", "type",
    "user", "vbr-nrt", "vlan", "vrf", "vrrp", "width", "pvc", "path", "peer", "pfs",
    "transform-set", "keyring", "certificate", "exit", "udld", "macsec", "source",
    "traffic-shape", "ntp", "radius-server", "https", "http", "monitoring", "expression",
    "wpa-psk", "band-select", "client-vlan", "load-balance", "aaa-override", "session",
    "accept-lifetime", "send-lifetime", "cryptographic-algorithm", "auto-sync", "local",
    "poll", "frame-relay", "pppoe", "request-dialin", "bfd", "isis", "mpls", "vpn",
    "inherit", "dscp", "cos", "precedence", "bandwidth", "random-detect", "fair-queue",
    "trust", "rep", "ptp", "profinet", "cip", "alarm", "event", "action", "authentication",
    "mgmtuser", "preempt", "activation-character", "login", "motd-banner", "exec-banner",
    "terminal-type", "rotary", "absolute-timeout", "logout-warning", "vacant-message",
    "max-reserved-bandwidth", "ip-address", "summary-only", "attribute", "source-interface",
    "dead-criteria", "automate-tester", "idle-time", "primary", "fallback", "pac",
    "access-list", "vrf", "rd", "route-target", "import", "export", "address-family",
    "frequency", "log", "hidekeys", "conform-action", "exceed-action", "violate-action", "atm",
    "bundle-enable", "dsl", "full-duplex", "half-duplex", "log-adjacency-changes",
    "hardware-address", "client-identifier", "main-cpu", "aggregate-address", "user",
    "notify", "path", "maximum", "write-memory", "time-period", "archive", "rts", "channel",
    "broadcast-key", "nthash", "nasi", "ssid", "action-type",
    /* routing-process authentication (rt_*()) */
    "area", "area-password", "domain-password", "af-interface", "exit-af-interface", "topology",
    "exit-af-topology", "ospfv3", "vstack", NULL};

static int in_table(const char *const *tab, const struct tok *t)
{
    size_t i;
    if (t == NULL)
        return 0;
    for (i = 0; tab[i] != NULL; i++)
        if (teq(t, tab[i]))
            return 1;
    return 0;
}

/* The two big tables are asked about the first word of every statement
 * (recognised(), is_global()): a linear scan of them was 40% of the parse,
 * a binary search still 12%; the mode commands are asked about every
 * global statement.  Each table gets a hash set, built once: the token's
 * bytes are lower-cased and hashed once, and one or two slots compared.
 * The tables are lower case and IOS keywords ASCII. */
#define KWSLOTS 1024 /* a power of two, at least twice the biggest table */
struct kwset {
    const char *const *tab;
    const char *slot[KWSLOTS]; /* NULL: empty */
    unsigned char len[KWSLOTS]; /* so keywords are at most KWLEN bytes */
};
#define KWLEN 255
_Static_assert(sizeof global_kw / sizeof *global_kw <= KWSLOTS / 2, "KWSLOTS too small");
_Static_assert(sizeof sub_kw / sizeof *sub_kw <= KWSLOTS / 2, "KWSLOTS too small");
/* Global commands that open a sub-mode by their first word alone (asked
 * for every global statement: is_mode_cmd()). */
static const char *const mode_kw[] = {
    "interface", "line", "router", "address-family", "class-map", "policy-map",
    "route-map", "parser", "redundancy", "control-plane", "archive", "vpdn-group",
    "vlan", "ssid", "class", "track", "object-group", "zone", "zone-pair",
    "parameter-map", "wlan", "template", "flow", "key", "transceiver", "vrf",
    "radius-server", "snmp", NULL};
static struct kwset kw_global = {global_kw, {NULL}, {0}};
static struct kwset kw_sub = {sub_kw, {NULL}, {0}};
static struct kwset kw_modes = {mode_kw, {NULL}, {0}};
static pthread_once_t kw_once = PTHREAD_ONCE_INIT;

static void kw_build(struct kwset *k)
{
    for (size_t i = 0; k->tab[i] != NULL; i++) {
        size_t len = strlen(k->tab[i]);
        uint32_t h = kw_hash(k->tab[i], len) & (KWSLOTS - 1);
        if (len > KWLEN)
            continue; /* not in the tables; in_kwset() would never match it */
        while (k->slot[h] != NULL && strcmp(k->slot[h], k->tab[i]) != 0)
            h = (h + 1) & (KWSLOTS - 1);
        k->slot[h] = k->tab[i];
        k->len[h] = (unsigned char)len;
    }
}

static void kw_init(void)
{
    kw_build(&kw_global);
    kw_build(&kw_sub);
    kw_build(&kw_modes);
}

/* Is the statement's keyword (word k) in the set? */
static int in_kwset(struct kwset *k, const struct stmt *st)
{
    const struct tok *t = W(st, 0);
    uint32_t h;

    if (t == NULL || t->len == 0 || t->len > KWLEN)
        return 0;
    pthread_once(&kw_once, kw_init);
    for (h = st->kwh & (KWSLOTS - 1); k->slot[h] != NULL; h = (h + 1) & (KWSLOTS - 1)) {
        const char *w = k->slot[h];
        size_t i;
        if (k->len[h] != t->len)
            continue;
        for (i = 0; i < t->len && lc((unsigned char)t->s[i]) == (unsigned char)w[i]; i++)
            ;
        if (i == t->len)
            return 1;
    }
    return 0;
}

/* Could this statement only be a sub-mode command, although its first word
 * also exists in global configuration?  Only consulted for lines written at
 * the indentation of their mode command. */
static int submode_only(const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    size_t rest = st->n - st->k;

    if (a == NULL || b == NULL)
        return 0;
    if (teq(a, "login"))
        return !(teq(b, "block-for") || teq(b, "on-success") || teq(b, "on-failure") ||
                 teq(b, "delay") || teq(b, "quiet-mode"));
    if (teq(a, "logging"))
        return teq(b, "synchronous") || teq(b, "event");
    if (teq(a, "cdp") || teq(a, "lldp"))
        return teq(b, "enable") || teq(b, "transmit") || teq(b, "receive");
    if (teq(a, "dot1x"))
        return teq(b, "pae") || teq(b, "timeout") || teq(b, "max-reauth-req");
    if (teq(a, "authentication"))
        return teq(b, "port-control") || teq(b, "host-mode") || teq(b, "order") ||
               teq(b, "priority") || teq(b, "periodic") || teq(b, "timer") ||
               teq(b, "event") || teq(b, "open") || teq(b, "violation") || teq(b, "text") ||
               teq(b, "pre-share") || teq(b, "rsa-sig") || teq(b, "rsa-encr") ||
               teq(b, "network-eap") || teq(b, "key-management");
    if (teq(a, "spanning-tree"))
        return (teq(b, "portfast") && (rest == 2 || (c != NULL && (teq(c, "trunk") || teq(c, "edge"))))) ||
               teq(b, "bpduguard") || teq(b, "bpdufilter") || teq(b, "guard") ||
               teq(b, "cost") || teq(b, "port-priority") || teq(b, "link-type");
    if (teq(a, "crypto"))
        return teq(b, "map") && rest == 3;
    if (teq(a, "ip") || teq(a, "ipv6")) {
        if (teq(b, "address") || teq(b, "access-group") || teq(b, "helper-address") ||
            teq(b, "ospf") || teq(b, "pim") || teq(b, "directed-broadcast") ||
            teq(b, "proxy-arp") || teq(b, "redirects") || teq(b, "unreachables") ||
            teq(b, "mtu") || teq(b, "policy") || teq(b, "virtual-reassembly") ||
            teq(b, "tcp") || teq(b, "verify") || teq(b, "igmp") || teq(b, "summary-address") ||
            teq(b, "split-horizon") || teq(b, "mroute-cache") || teq(b, "route-cache") ||
            teq(b, "enable") || teq(b, "nd") || teq(b, "traffic-filter"))
            return 1;
        if (teq(b, "nat") || teq(b, "inspect"))
            return rest == 3;
        if ((teq(b, "arp") || teq(b, "dhcp")) && c != NULL)
            return st->n > st->k + 3 && teq(&st->t[st->k + 3], "trust");
        if (teq(b, "vrf"))
            return c != NULL && teq(c, "forwarding");
    }
    return 0;
}

static int is_global(const struct stmt *st)
{
    return in_kwset(&kw_global, st) && !submode_only(st);
}

static int acct_block_cmd(const struct stmt *st);

/* Does this global statement open a sub-mode? */
static int is_mode_cmd(const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);

    if (a == NULL || st->neg)
        return 0;
    if (in_kwset(&kw_modes, st))
        return 1;
    if (b == NULL)
        return 0;
    if (teq(a, "ip") || teq(a, "ipv6"))
        return teq(b, "access-list") || teq(b, "vrf") || teq(b, "sla") ||
               (teq(b, "dhcp") && c != NULL && teq(c, "pool"));
    if (teq(a, "crypto"))
        return teq(b, "isakmp") || teq(b, "ipsec") || teq(b, "dynamic-map") ||
               teq(b, "map") || teq(b, "pki") || teq(b, "keyring") || teq(b, "ikev2");
    if (teq(a, "aaa"))
        return teq(b, "group") || teq(b, "server") || teq(b, "common-criteria") ||
               acct_block_cmd(st);
    if (teq(a, "radius") || teq(a, "tacacs"))
        return teq(b, "server");
    if (teq(a, "dot11"))
        return teq(b, "ssid");
    if (teq(a, "alarm"))
        return teq(b, "profile");
    return 0;
}

/* ------------------------------------------------------------- secrets */

static void add_range(struct redact *r, size_t from, size_t to)
{
    if (r->n < MAXREDACT && to > from) {
        r->from[r->n] = from;
        r->to[r->n] = to;
        r->n++;
    }
}

static size_t off(const struct stmt *st, const struct tok *t)
{
    return (size_t)(t->s - st->text);
}

/* Remember the first secret value for the facts. */
static void note_secret(struct redact *r, int type, int hash_kw, const struct tok *v)
{
    if (r->have)
        return;
    r->have = 1;
    r->type = type;
    r->is_hash_kw = hash_kw;
    r->val = v->s;
    r->vlen = v->len;
}

static int type_digit(const struct tok *t)
{
    return t->len == 1 && t->s[0] >= '0' && t->s[0] <= '9' ? t->s[0] - '0' : -1;
}

/* Redact a value that runs from token j to the end of the statement (IOS
 * takes the rest of the line as the password for these commands). */
static void redact_rest(const struct stmt *st, struct redact *r, size_t j, int type, int hash_kw)
{
    if (j >= st->n)
        return;
    note_secret(r, type, hash_kw, &st->t[j]);
    /* value for the facts: the whole rest, as IOS reads it */
    if (r->val == st->t[j].s)
        r->vlen = st->len - off(st, &st->t[j]);
    add_range(r, off(st, &st->t[j]), st->len);
}

static void redact_one(const struct stmt *st, struct redact *r, size_t j, int type, int hash_kw)
{
    if (j >= st->n)
        return;
    note_secret(r, type, hash_kw, &st->t[j]);
    add_range(r, off(st, &st->t[j]), off(st, &st->t[j]) + st->t[j].len);
}

/* --------------------------------------- secrets the generic scan misses */

/* Redaction of the routing, WLAN and IS-IS keys find_secrets()' keyword
 * scan does not know; 1 when the statement was handled. */
static int rt_secrets(const struct stmt *st, struct redact *r)
{
    const struct tok *a = W(st, 0);
    size_t i, j;

    if (teq(a, "area-password") || teq(a, "domain-password")) {
        /* `area-password [0|7] PW [authenticate snp ...]` */
        j = st->k + 1;
        if (j + 1 < st->n && type_digit(&st->t[j]) >= 0 && !teq(&st->t[j + 1], "authenticate")) {
            redact_one(st, r, j + 1, type_digit(&st->t[j]), 0);
            return 1;
        }
        redact_one(st, r, j, -1, 0);
        return 1;
    }
    for (i = st->k; i < st->n; i++) {
        const struct tok *t = &st->t[i];
        if (teq(t, "set-key") || teq(t, "hmac-sha-256")) {
            /* `... psk set-key {ascii|hex} [0|8] K`; EIGRP `authentication
             * mode hmac-sha-256 [0|7] PW` */
            j = i + 1;
            if (j < st->n && (teq(&st->t[j], "ascii") || teq(&st->t[j], "hex")))
                j++;
            if (j + 1 < st->n && type_digit(&st->t[j]) >= 0) {
                redact_rest(st, r, j + 1, type_digit(&st->t[j]), 0);
                return 1;
            }
            redact_rest(st, r, j, -1, 0);
            return 1;
        }
        if (teq(t, "ipsec") && i + 2 < st->n && teq(&st->t[i + 1], "spi")) {
            /* every word after `spi N` that is no keyword is a key */
            static const char *const kw[] = {"md5", "sha1", "esp", "null", "des", "3des", "aes-cbc",
                                             "128", "192", "256", NULL};
            int type = -1;
            for (j = i + 3; j < st->n; j++) {
                if (in_table(kw, &st->t[j]))
                    continue;
                if (type_digit(&st->t[j]) >= 0) {
                    type = type_digit(&st->t[j]);
                    continue;
                }
                redact_one(st, r, j, type, 0);
                type = -1;
            }
            return 1;
        }
    }
    return 0;
}

/* ------------------------------- issue 23: secrets by position, abbreviated */

/* `username` is unique from `us` among the global commands, and its secret
 * is redacted from there.  But `user NAME {password|nthash} ...` is a
 * `radius-server local` sub-command, which hand-indented files put at the
 * top level (corpus: ccat_example_1): only from `usern` on is a statement
 * read as `username` for the facts and the coverage. */
#define USERNAME_MIN 5

/* `[TYPE] VALUE` from word j on: IOS takes the rest of the line. */
static void typed_rest(const struct stmt *st, struct redact *r, size_t j, int hash_kw)
{
    int type = -1;
    if (j + 1 < st->n && type_digit(&st->t[j]) >= 0)
        type = type_digit(&st->t[j++]);
    redact_rest(st, r, j, type, hash_kw);
}

/* A global command, abbreviated as the CLI accepts it at the top level
 * (min: the prefix that is unique among the global commands); below the
 * top level only the full word (a sub-mode has keywords of its own). */
static int gcmd(const struct tok *a, int top, const char *kw, size_t min)
{
    return top ? tabbr(a, kw, min) : teq(a, kw);
}

/* The snmp-server keywords that hold or lead to a secret (Network
 * Management Command Reference, `snmp-server`): `com` (contact, context,
 * chassis-id; community-map, the same word extended, is read as community:
 * fail closed), `h` (host), `u` (user). */
static int snmp_kw(const struct tok *b, const char *kw)
{
    return tabbr(b, kw, strcmp(kw, "community") == 0 ? 3 : 1);
}

/* `snmp-server` (unique from `snmp-`), or `snmp` followed by a snmp-server
 * keyword: `snmp` is a global command of its own, but the CLI follows both
 * command chains and only snmp-server's takes `community`/`host`/`user`. */
static int snmp_cmd(const struct stmt *st, int top)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);
    if (gcmd(a, top, "snmp-server", 5))
        return 1;
    return top && a != NULL && teq(a, "snmp") && b != NULL &&
           (snmp_kw(b, "community") || snmp_kw(b, "host") || snmp_kw(b, "user"));
}

/* `snmp-server host ADDR [vrf V] [informs|traps] [version {1|2c|3
 * [auth|noauth|priv]}] COMMUNITY [udp-port N] [TYPES...]`: the community
 * is the first word after the options (v3: a user name, no secret).
 * Abbreviations: vr/ve (vrf, version), i, t; a, n, p after `version 3`. */
static void snmp_host_secret(const struct stmt *st, struct redact *r)
{
    size_t j = st->k + 3;
    int v3 = 0;

    while (j < st->n) {
        const struct tok *t = &st->t[j];
        if (tabbr(t, "vrf", 2) && j + 1 < st->n) {
            j += 2;
        } else if (tabbr(t, "informs", 1) || tabbr(t, "traps", 1)) {
            j++;
        } else if (tabbr(t, "version", 2) && j + 1 < st->n) {
            v3 = teq(&st->t[j + 1], "3");
            j += 2;
            if (v3 && j < st->n && (tabbr(&st->t[j], "auth", 1) || tabbr(&st->t[j], "noauth", 1) ||
                                    tabbr(&st->t[j], "priv", 1)))
                j++;
        } else {
            break;
        }
    }
    if (!v3)
        redact_one(st, r, j, -1, 0);
}

/* `snmp-server user NAME GROUP [remote H [udp-port P]] {v1|v2c|v3
 * [encrypted] [auth {md5|sha} PW [priv {des|3des|aes {128|192|256}} PW]]}
 * [access ...]`: `au` (access), `p`. */
static void snmp_user_secret(const struct stmt *st, struct redact *r)
{
    size_t i, j;
    for (i = st->k + 4; i < st->n; i++) {
        if (tabbr(&st->t[i], "auth", 2) && i + 2 < st->n) {
            redact_one(st, r, i + 2, -1, 0);
            i += 2;
        } else if (tabbr(&st->t[i], "priv", 1) && i + 2 < st->n) {
            j = i + 2;
            if (teq(&st->t[i + 1], "aes") && j + 1 < st->n && tdigits(&st->t[j]))
                j++;
            redact_one(st, r, j, -1, 0);
            i = j;
        }
    }
}

/* The commands of issue 23 (Security, Network Management, Configuration
 * Fundamentals, IP Addressing Services Command References), with the
 * abbreviations the CLI accepts; 1 when the statement was handled. */
static int abbr_secrets(const struct stmt *st, enum blkkind parent, int top, struct redact *r)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);
    size_t i;

    if (gcmd(a, top, "username", 2)) { /* `us`: udld, upgrade; see USERNAME_MIN */
        /* `username NAME [...] {password|secret} [TYPE] VALUE`: `pa`
         * (privilege), `s` */
        for (i = st->k + 2; i < st->n; i++) {
            int hash = tabbr(&st->t[i], "secret", 1);
            if (hash || tabbr(&st->t[i], "password", 2)) {
                typed_rest(st, r, i + 1, hash);
                return 1;
            }
        }
        return 0;
    }
    if (gcmd(a, top, "enable", 3) && b != NULL) { /* `ena`: end, energywise */
        /* `enable [algorithm-type A] {password|secret} [level N] [TYPE]
         * VALUE`; the keywords: algorithm-type, last-resort, password,
         * secret, use-tacacs */
        int hash;
        i = st->k + 1;
        if (tabbr(b, "algorithm-type", 1))
            i += 2;
        if (i >= st->n)
            return 0;
        hash = tabbr(&st->t[i], "secret", 1);
        if (!hash && !tabbr(&st->t[i], "password", 1))
            return 0;
        i++;
        if (i + 1 < st->n && tabbr(&st->t[i], "level", 1) && tdigits(&st->t[i + 1]))
            i += 2;
        typed_rest(st, r, i, hash);
        return 1;
    }
    if (snmp_cmd(st, top) && b != NULL) {
        if (snmp_kw(b, "community"))
            redact_one(st, r, st->k + 2, -1, 0);
        else if (snmp_kw(b, "host"))
            snmp_host_secret(st, r);
        else if (snmp_kw(b, "user"))
            snmp_user_secret(st, r);
        else
            return 0;
        return 1;
    }
    if (parent == B_LINE && tabbr(a, "password", 3)) { /* `pas`: padding, parity */
        typed_rest(st, r, st->k + 1, 0);
        return 1;
    }
    if (a != NULL && (teq(a, "ip") || teq(a, "ipv6")) && b != NULL) {
        /* `ip nhrp authentication STRING` (`nh`; `a`: no other nhrp
         * keyword starts with a); `ip ftp password [TYPE] PW` (`passw`:
         * passive); `ip http client password [TYPE] PW` (`pa`: proxy-server) */
        if (tabbr(b, "nhrp", 2) && tabbr(W(st, 2), "authentication", 1)) {
            redact_rest(st, r, st->k + 3, -1, 0);
            return 1;
        }
        if (teq(b, "ftp") && tabbr(W(st, 2), "password", 5)) {
            typed_rest(st, r, st->k + 3, 0);
            return 1;
        }
        if (teq(b, "http") && weq(st, 2, "client") && tabbr(W(st, 3), "password", 2)) {
            typed_rest(st, r, st->k + 4, 0);
            return 1;
        }
    }
    return 0;
}

/*
 * Find secret values in a statement.  Command forms (Cisco IOS Security
 * Command Reference): username ... {password|secret} [type] VALUE;
 * enable {password|secret} [level N] [type] VALUE; line `password [type]
 * VALUE`; {radius,tacacs}-server host ... key [type] VALUE; server blocks
 * `key [type] VALUE`; `key-string [type] VALUE`; ntp authentication-key N
 * ALG VALUE [type]; crypto isakmp key [type] VALUE address ...;
 * pre-shared-key [local|remote] [type] VALUE; wpa-psk {ascii|hex} [type]
 * VALUE; snmp-server community STRING ...; snmp-server host ... STRING;
 * snmp-server user ... auth ALG VALUE priv ALG [bits] VALUE; ip ospf
 * message-digest-key N md5 [type] VALUE; standby/vrrp authentication text.
 */
/* The first letters of the keywords find_secrets() looks for in any word. */
static const unsigned char secret_first[256] = {
    ['a'] = 1, ['A'] = 1, ['k'] = 1, ['K'] = 1, ['m'] = 1, ['M'] = 1, ['n'] = 1, ['N'] = 1,
    ['p'] = 1, ['P'] = 1, ['s'] = 1, ['S'] = 1, ['w'] = 1, ['W'] = 1};

static void find_secrets(const struct stmt *st, enum blkkind parent, int top, struct redact *r)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);
    size_t i, j;

    /* not memset: from[] and to[] are read only below n (and a memset of
     * the whole is `rep stos`, opaque.h) */
    r->n = 0;
    r->have = 0;
    r->type = -1;
    r->is_hash_kw = 0;
    r->val = NULL;
    r->vlen = 0;
    if (a == NULL)
        return;
    if (rt_secrets(st, r) || abbr_secrets(st, parent, top, r))
        return;
    if (teq(a, "ntp")) {
        /* `ntp server X key N`: N is a key number, not a key. */
        if (b != NULL && teq(b, "authentication-key"))
            redact_one(st, r, st->k + 4, -1, 0);
        return;
    }
    if (teq(a, "crypto") && b != NULL) {
        if (teq(b, "key"))
            return;
        if (teq(b, "isakmp") && weq(st, 2, "key")) {
            j = st->k + 3;
            if (j + 1 < st->n && type_digit(&st->t[j]) >= 0 && !teq(&st->t[j + 1], "address") &&
                !teq(&st->t[j + 1], "hostname")) {
                redact_one(st, r, j + 1, type_digit(&st->t[j]), 0);
                return;
            }
            redact_one(st, r, j, -1, 0);
            return;
        }
    }
    if (teq(a, "key") && (parent == B_KEYCHAIN || (b != NULL && teq(b, "chain"))))
        return;
    if (teq(a, "tunnel") || (teq(a, "password") && b != NULL && teq(b, "encryption")))
        return;
    if (teq(a, "standby") || teq(a, "vrrp")) {
        for (i = st->k; i + 1 < st->n; i++)
            if (teq(&st->t[i], "authentication")) {
                j = i + 1;
                if (teq(&st->t[j], "md5"))
                    break; /* key-string handled below */
                if (teq(&st->t[j], "text"))
                    j++;
                redact_rest(st, r, j, -1, 0);
                return;
            }
    }

    for (i = st->k; i < st->n; i++) {
        const struct tok *t = &st->t[i];
        int hash_kw = 0, type = -1;

        /* Most words start with none of the keywords' first letters. */
        if (t->len == 0 || !secret_first[(unsigned char)t->s[0]])
            continue;
        if (teq(t, "secret"))
            hash_kw = 1;
        else if (!(teq(t, "password") || teq(t, "key") || teq(t, "key-string") ||
                   teq(t, "server-key") || teq(t, "pre-shared-key") || teq(t, "wpa-psk") ||
                   teq(t, "nthash") || teq(t, "password-encrypt") ||
                   teq(t, "authentication-key") || teq(t, "message-digest-key") ||
                   teq(t, "shared-secret")))
            continue;
        j = i + 1;
        if (teq(t, "message-digest-key"))
            j += 2; /* key id, algorithm */
        if (j < st->n && teq(t, "wpa-psk") && (teq(&st->t[j], "ascii") || teq(&st->t[j], "hex")))
            j++;
        if (j < st->n && teq(t, "pre-shared-key")) {
            if (teq(&st->t[j], "address") || teq(&st->t[j], "hostname"))
                continue; /* `pre-shared-key address X key V`: key follows */
            if (teq(&st->t[j], "local") || teq(&st->t[j], "remote"))
                j++;
        }
        if (j + 1 < st->n && teq(&st->t[j], "level"))
            j += 2;
        if (j + 1 < st->n && type_digit(&st->t[j]) >= 0) {
            type = type_digit(&st->t[j]);
            j++;
        }
        if (j < st->n) {
            redact_rest(st, r, j, type, hash_kw);
            return;
        }
    }
}

/* Cisco type 7 is a fixed XOR; decoded here only to tell whether a
 * reversible secret is a well-known default.  The plain text stays in a
 * stack buffer that is wiped before returning. */
static int type7_known_default(const char *v, size_t len)
{
    static const char xlat[] = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
    char plain[128];
    size_t seed, i, o = 0;
    int known;

    if (len < 4 || len % 2 != 0 || v[0] < '0' || v[0] > '9' || v[1] < '0' || v[1] > '9')
        return -1;
    seed = (size_t)((v[0] - '0') * 10 + (v[1] - '0'));
    if (seed > 15)
        return -1;
    for (i = 2; i + 1 < len && o < sizeof plain; i += 2) {
        unsigned hi, lo;
        char c1 = v[i], c2 = v[i + 1];
        hi = (unsigned)(c1 >= 'a' ? c1 - 'a' + 10 : c1 >= 'A' ? c1 - 'A' + 10 : c1 - '0');
        lo = (unsigned)(c2 >= 'a' ? c2 - 'a' + 10 : c2 >= 'A' ? c2 - 'A' + 10 : c2 - '0');
        if (hi > 15 || lo > 15)
            return -1;
        plain[o] = (char)(((hi << 4) | lo) ^ (unsigned char)xlat[(seed + o) % (sizeof xlat - 1)]);
        o++;
    }
    known = otlp_known_default_secret(plain, o);
    memset(plain, 0, sizeof plain);
    return known;
}

/* secret-kind from the Cisco type digit (Cisco IOS Security Command
 * Reference, `username`, `enable secret`, `service password-encryption`):
 * 0 clear, 4 SHA-256 unsalted, 5 MD5-crypt, 6 AES (reversible with the
 * master key), 7 Vigenere (reversible), 8 PBKDF2-SHA-256, 9 scrypt. */
static const char *secret_kind(int type, int hash_kw)
{
    (void)hash_kw; /* `secret` without a type is entered in clear, too */
    switch (type) {
    case -1:
    case 0:
        return "cleartext";
    case 4:
        return "sha256";
    case 5:
        return "md5";
    case 6:
        return "encrypted"; /* strong reversible encryption, key kept outside the config */
    case 7:
        return "reversible";
    case 8:
        return "pbkdf2";
    case 9:
        return "scrypt";
    default:
        return "unknown";
    }
}

/* known-default for the first secret of the statement: "true"/"false", or
 * NULL when it cannot be told (hashed). */
static const char *known_default(const struct redact *r)
{
    int k;
    if (!r->have)
        return NULL;
    if (r->type == -1 || r->type == 0)
        return otlp_known_default_secret(r->val, r->vlen) ? "true" : "false";
    if (r->type == 7) {
        k = type7_known_default(r->val, r->vlen);
        return k < 0 ? NULL : k ? "true" : "false";
    }
    return NULL;
}

/* ------------------------------------------------------------- document */

/* a token's text */
static void sett(struct state *S, xmlNodePtr n, const char *attr, const struct tok *t)
{
    if (t != NULL)
        otlp_doc_setn(&S->doc, n, attr, t->s, t->len);
}

/* rest of the statement from word i (counted from the keyword) */
static void setrest(struct state *S, xmlNodePtr n, const char *attr, const struct stmt *st, size_t i)
{
    const struct tok *t = W(st, i);
    if (t != NULL)
        otlp_doc_setn(&S->doc, n, attr, t->s, st->len - off(st, t));
}

static int has_attr(xmlNodePtr n, const char *attr)
{
    return n != NULL && xmlHasProp(n, (const xmlChar *)attr) != NULL;
}

/* ------------------------------------------------- issue 22: grammar gaps */

/* Is this `aaa accounting TYPE [LEVEL] LIST` without methods (the block
 * form: `action-type` and `group` follow as sub-commands)?  Cisco IOS XE
 * Security Command Reference, `aaa accounting`. */
/* Is word 2 of an `aaa authentication|authorization|accounting` statement
 * a method-list type (not a global option such as `aaa accounting update
 * periodic 5` or `aaa authorization config-commands`)? */
static int aaa_list_type(const struct stmt *st)
{
    static const char *const opts[] = {"update", "send", "delay-start", "session-duration",
                                       "nested", "suppress", "jitter", "include", "redundancy",
                                       "config-commands", "console", "attempts", "password-prompt",
                                       "username-prompt", "banner", "fail-message", "token",
                                       "suppress", "template", "cache", NULL};
    return W(st, 2) != NULL && !in_table(opts, W(st, 2));
}

static int acct_block_cmd(const struct stmt *st)
{
    const struct tok *lvl = W(st, 3);
    size_t want = lvl != NULL && tdigits(lvl) ? 5 : 4;

    return !st->neg && weq(st, 0, "aaa") && weq(st, 1, "accounting") && aaa_list_type(st) &&
           st->n - st->k == want;
}

/* One `aaa-list` fact per method list statement:
 * aaa {authentication|authorization|accounting} TYPE [LEVEL] LIST METHODS. */
static xmlNodePtr aaa_list_fact(struct state *S, const struct stmt *st, const char *methods,
                                size_t mlen)
{
    const struct tok *kind = W(st, 1), *type = W(st, 2), *list = W(st, 3);
    xmlNodePtr f;
    size_t n = 4;

    if (st->neg || kind == NULL || type == NULL || list == NULL || !aaa_list_type(st))
        return NULL;
    if (!(teq(kind, "authentication") || teq(kind, "authorization") || teq(kind, "accounting")))
        return NULL;
    f = otlp_doc_fact(&S->doc, "aaa-list", st->line);
    sett(S, f, "kind", kind);
    if (tdigits(list) && W(st, 4) != NULL) {
        otlp_doc_setf(&S->doc, f, "type", "%.*s %.*s", (int)type->len, type->s, (int)list->len,
                      list->s);
        list = W(st, 4);
        n = 5;
    } else {
        sett(S, f, "type", type);
    }
    sett(S, f, "name", list);
    if (methods != NULL)
        otlp_doc_setn(&S->doc, f, "methods", methods, mlen);
    else if (W(st, n) != NULL)
        setrest(S, f, "methods", st, n);
    return f;
}

/* The sub-commands of a block-form accounting list: collect `action-type
 * X` and `group G` / `broadcast` into the method text. */
static void acct_sub(struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);
    size_t used = strlen(bk->acct);

    if (a == NULL || st->neg)
        return;
    if ((teq(a, "action-type") || teq(a, "group")) && b != NULL) {
        int w = snprintf(bk->acct + used, sizeof bk->acct - used, "%s%s%.*s", used ? " " : "",
                         teq(a, "group") ? "group " : "", (int)b->len, b->s);
        if (w < 0 || (size_t)w >= sizeof bk->acct - used)
            bk->acct[used] = '\0';
    }
}

/* Close of a block-form accounting list: one aaa-list fact, and the
 * `aaa` fact's accounting text as for the one-line form. */
static void acct_close(struct state *S, struct blk *bk)
{
    char one[256];
    size_t used = strlen(S->acct), l;

    if (bk->fact == NULL)
        return;
    if (bk->acct[0] != '\0')
        otlp_doc_set(&S->doc, bk->fact, "methods", bk->acct);
    {
        xmlChar *ty = xmlGetProp(bk->fact, (const xmlChar *)"type");
        xmlChar *nm = xmlGetProp(bk->fact, (const xmlChar *)"name");
        snprintf(one, sizeof one, "%s%s:%s=%s", used ? "; " : "", ty ? (const char *)ty : "",
                 nm ? (const char *)nm : "", bk->acct);
        xmlFree(ty);
        xmlFree(nm);
    }
    l = strlen(one);
    if (bk->acct[0] != '\0' && used + l + 1 <= sizeof S->acct)
        memcpy(S->acct + used, one, l + 1);
}

/* `tacacs-server key [TYPE] VALUE`, `radius-server key [TYPE] VALUE`: the
 * key of every server of that protocol that has none of its own (Cisco
 * IOS Security Command Reference).  Kept as the Cisco type + 2 (-1, no
 * type digit, gives 1). */
static void global_key(struct state *S, const struct stmt *st, const struct redact *r)
{
    if (!r->have || st->neg)
        return;
    if (weq(st, 0, "radius-server"))
        S->x.radius_key = r->type + 2;
    else
        S->x.tacacs_key = r->type + 2;
}

/* `aaa group server {tacacs+|radius} NAME` sub-commands:
 * `server-private ADDR [port N] [timeout N] key [TYPE] VALUE` defines a
 * server with its own key (Cisco IOS Security Command Reference,
 * `server-private (TACACS+)` / `server-private (RADIUS)`); `server ADDR` and
 * `server name NAME` refer to servers defined elsewhere. */
static void aaa_group_sub(struct state *S, struct blk *bk, const struct stmt *st,
                          const struct redact *r)
{
    xmlNodePtr f;

    if (!weq(st, 0, "server-private") || W(st, 1) == NULL || st->neg)
        return;
    f = otlp_doc_fact(&S->doc, "aaa-server", st->line);
    otlp_doc_set(&S->doc, f, "protocol", bk->list[0] == 'r' ? "radius" : "tacacs");
    sett(S, f, "address", W(st, 1));
    otlp_doc_set(&S->doc, f, "group", bk->list + 1);
    if (r->have)
        otlp_doc_set(&S->doc, f, "secret-kind", secret_kind(r->type, 0));
}

/* Cleartext file-transfer URLs: `boot system URL`, `boot config URL`,
 * `boot host|network URL`, archive `path URL` and `exception ... URL`
 * (Cisco IOS Configuration Fundamentals Command Reference: `boot system`,
 * `path (archive)`).  One `file-transfer` fact per such statement; the
 * older `boot system tftp FILE ADDR` form too.  URLs elsewhere (help
 * pages, descriptions) are no transfer the device makes. */
static void url_fact(struct state *S, const struct stmt *st, struct blk *parent)
{
    static const char *const schemes[] = {"tftp", "ftp", "rcp", "http", "https", "scp", "sftp",
                                          NULL};
    const char *purpose;
    size_t i, j;

    if (st->neg || W(st, 0) == NULL)
        return;
    if (weq(st, 0, "boot"))
        purpose = "boot";
    else if (parent != NULL && parent->kind == B_ARCHIVE)
        purpose = "archive";
    else if (weq(st, 0, "exception"))
        purpose = "exception";
    else
        return;
    for (i = st->k; i < st->n; i++) {
        const struct tok *t = &st->t[i];
        const char *scheme = NULL;
        for (j = 0; schemes[j] != NULL; j++) {
            size_t l = strlen(schemes[j]);
            if (t->len > l + 3 && ncase_eq(t->s, schemes[j], l) && memcmp(t->s + l, "://", 3) == 0)
                scheme = schemes[j];
            else if (strcmp(purpose, "boot") == 0 && i == st->k + 2 && teq(t, schemes[j]) &&
                     i + 1 < st->n && (j == 0 || j == 1 || j == 2))
                scheme = schemes[j]; /* boot system tftp FILE [ADDR] */
        }
        if (scheme != NULL) {
            xmlNodePtr f = otlp_doc_fact(&S->doc, "file-transfer", st->line);
            otlp_doc_set(&S->doc, f, "protocol", scheme);
            otlp_doc_set(&S->doc, f, "purpose", purpose);
            otlp_doc_setb(&S->doc, f, "cleartext", strcmp(scheme, "tftp") == 0 ||
                                                       strcmp(scheme, "ftp") == 0 ||
                                                       strcmp(scheme, "rcp") == 0 ||
                                                       strcmp(scheme, "http") == 0);
            return;
        }
    }
}

/* Credentials in a URL's user-info (`ftp://USER:PASS@host/...`): a secret.
 * The whole statement text is searched (not only its first MAXTOK words).
 * Adds the range [a, b) to r, ordered and disjoint as the rebuild needs; when
 * they do not fit, one range from the first secret to the end of the
 * statement replaces them (fail closed). */
static void url_add(const struct stmt *st, struct redact *r, size_t a, size_t b)
{
    size_t k;

    for (k = 0; k < r->n; k++)
        if (!(b <= r->from[k] || a >= r->to[k]))
            return; /* inside a range already redacted */
    if (r->n >= MAXREDACT) {
        r->from[0] = r->from[0] < a ? r->from[0] : a;
        r->to[0] = st->len;
        r->n = 1;
        return;
    }
    for (k = r->n; k > 0 && r->from[k - 1] > a; k--) {
        r->from[k] = r->from[k - 1];
        r->to[k] = r->to[k - 1];
    }
    r->from[k] = a;
    r->to[k] = b;
    r->n++;
}

/* URL credentials anywhere in the statement: the SDK's scrubber decides
 * what a URL's user-info hides (otlp_url_secret: the password of
 * USER:PASS@, the whole user-info of TOKEN@). */
static void url_secrets(const struct stmt *st, struct redact *r)
{
    size_t from = 0, a, b;

    while (from < st->len && otlp_url_secret(st->text, st->len, from, &a, &b)) {
        url_add(st, r, a, b);
        from = b;
    }
}

/* Client credentials kept in the configuration: `ip ftp password [TYPE]
 * VALUE` (Cisco IOS Configuration Fundamentals Command Reference), `ppp
 * chap password [TYPE] VALUE`, `ppp pap sent-username NAME password [TYPE]
 * VALUE` (Cisco IOS Dial Technologies Command Reference).  The value is
 * redacted by find_secrets() (the `password` keyword). */
static void credential_fact(struct state *S, const struct stmt *st, const struct redact *r)
{
    const char *purpose = NULL;
    xmlNodePtr f;
    const char *kd;

    if (st->neg || !r->have)
        return;
    if (weq(st, 0, "ip") && weq(st, 1, "ftp") && weq(st, 2, "password"))
        purpose = "ftp-client";
    else if (weq(st, 0, "ppp") && weq(st, 1, "chap") && weq(st, 2, "password"))
        purpose = "ppp-chap";
    else if (weq(st, 0, "ppp") && weq(st, 1, "pap") && weq(st, 2, "sent-username"))
        purpose = "ppp-pap";
    if (purpose == NULL)
        return;
    f = otlp_doc_fact(&S->doc, "credential", st->line);
    otlp_doc_set(&S->doc, f, "purpose", purpose);
    if (strcmp(purpose, "ppp-pap") == 0)
        sett(S, f, "user", W(st, 3));
    otlp_doc_set(&S->doc, f, "secret-kind", secret_kind(r->type, 0));
    kd = known_default(r);
    otlp_doc_set(&S->doc, f, "known-default", kd);
}

/* Statements of issue 22 at any level; side effects only, so the existing
 * chains in derive() stay as they are. */
static void i22_stmt(struct state *S, const struct stmt *st, struct blk *parent, struct blk *bk,
                     const struct redact *r)
{
    const struct tok *a = W(st, 0);

    if (a == NULL)
        return;
    url_fact(S, st, parent);
    credential_fact(S, st, r);
    if (parent != NULL) {
        if (parent->kind == B_AAA_GROUP)
            aaa_group_sub(S, parent, st, r);
        else if (parent->kind == B_AAA_ACCT)
            acct_sub(parent, st);
        else if (parent->kind == B_INTERFACE && teq(a, "ip") && weq(st, 1, "helper-address") &&
                 !st->neg && !S->x.dhcp_in_use) {
            S->x.dhcp_in_use = 1;
            S->x.dhcp_use_line = st->line;
        }
        return;
    }
    if (teq(a, "aaa") && !st->neg) {
        if (acct_block_cmd(st)) {
            bk->kind = B_AAA_ACCT;
            bk->fact = aaa_list_fact(S, st, NULL, 0);
        } else if (weq(st, 1, "group") && weq(st, 2, "server") && W(st, 4) != NULL &&
                   (weq(st, 3, "tacacs+") || weq(st, 3, "radius"))) {
            const struct tok *p = W(st, 3), *nm = W(st, 4);
            bk->kind = B_AAA_GROUP;
            snprintf(bk->list, sizeof bk->list, "%c%.*s", tpre(p, "radius") ? 'r' : 't',
                     (int)nm->len, nm->s);
        } else if (W(st, 4) != NULL) {
            aaa_list_fact(S, st, NULL, 0);
        }
    } else if (teq(a, "ip") && weq(st, 1, "dhcp") && !st->neg &&
               (weq(st, 2, "pool") || weq(st, 2, "relay") || weq(st, 2, "excluded-address"))) {
        if (!S->x.dhcp_in_use) {
            S->x.dhcp_in_use = 1;
            S->x.dhcp_use_line = st->line;
        }
    } else if (teq(a, "ip") && !st->neg &&
               ((weq(st, 1, "domain-name") && W(st, 2) != NULL) ||
                (weq(st, 1, "domain") && weq(st, 2, "name") && W(st, 3) != NULL))) {
        S->x.domain_name = 1;
    } else if (teq(a, "ip") && !st->neg && weq(st, 1, "ssh") && weq(st, 2, "rsa") &&
               weq(st, 3, "keypair-name") && W(st, 4) != NULL) {
        S->x.ssh_keypair = 1;
    } else if ((teq(a, "tacacs-server") || teq(a, "radius-server")) && weq(st, 1, "key")) {
        global_key(S, st, r);
    } else if (teq(a, "service") && weq(st, 1, "internal")) {
        /* `service internal`: hidden, unsupported commands (Cisco IOS
         * Configuration Fundamentals Command Reference) */
        xmlNodePtr f = otlp_doc_fact(&S->doc, "service", st->line);
        otlp_doc_set(&S->doc, f, "name", "internal");
        otlp_doc_setb(&S->doc, f, "enabled", !st->neg);
        otlp_doc_setb(&S->doc, f, "defaulted", 0);
    } else if (teq(a, "archive")) {
        bk->kind = B_ARCHIVE;
    }
}

/* ---------------------------------------------------------- block close */

static int l3_name(const char *name)
{
    static const char *const l3[] = {"Vlan", "Loopback", "Tunnel", "BVI", "Dialer", "Serial",
                                     "Virtual-", "NVI", "Null", "Cellular", "Async", "Multilink",
                                     "dialer", "loopback", "vlan", NULL};
    size_t i;
    for (i = 0; l3[i] != NULL; i++)
        if (strncmp(name, l3[i], strlen(l3[i])) == 0)
            return 1;
    return 0;
}

/* Release `major.minor` of the export at least maj.min?  -1 when the
 * export shows no release. */
static int release_at_least(const struct state *S, long maj, long min)
{
    char *end;
    long a, b = 0;

    if (!S->have_version)
        return -1;
    a = strtol(S->version, &end, 10);
    if (*end == '.')
        b = strtol(end + 1, NULL, 10);
    return a > maj || (a == maj && b >= min);
}

/* Issue 22 part of closing a line block: the login list it names, and the
 * TTY lines' transport default (`none` since IOS 11.1: Cisco IOS Terminal
 * Services Command Reference, `transport input`). */
static void line_close_i22(struct state *S, struct blk *b)
{
    if (b->list[0] != '\0') {
        /* from the `login authentication LIST` that set login="aaa" */
        otlp_doc_at(&S->doc, otl_attr_line(xmlHasProp(b->fact, (const xmlChar *)"login")));
        otlp_doc_set(&S->doc, b->fact, "login-list", b->list);
        otlp_doc_at(&S->doc, 0);
    }
    if (b->tty && !b->transport_set && release_at_least(S, 11, 1) == 1) {
        otlp_doc_set(&S->doc, b->fact, "transport-in", "none");
        otlp_doc_set(&S->doc, b->fact, "defaulted", "true");
    }
}

static void fw_close(struct state *S, struct blk *b);
static void ot_iface_close(struct state *S, struct blk *b);

static void close_block(struct state *S, struct blk *b)
{
    otlp_doc_at(&S->doc, 0); /* defaults: no statement of their own */
    if (b->fact == NULL)
        return;
    fw_close(S, b);
    if (b->kind == B_INTERFACE) {
        if (!has_attr(b->fact, "enabled"))
            otlp_doc_setb(&S->doc, b->fact, "enabled", 1);
        if (!b->mode_set) {
            xmlChar *nm = xmlGetProp(b->fact, (const xmlChar *)"name");
            int l3 = nm != NULL && l3_name((const char *)nm);
            xmlFree(nm);
            if (b->l3_seen || l3 || has_attr(b->fact, "mgmt"))
                otlp_doc_set(&S->doc, b->fact, "mode", "routed");
            else if (b->access_hint) {
                /* no `switchport mode`, but an access VLAN or portfast:
                 * taken as an access port (issue 22; docs/formats/cisco-ios.md) */
                otlp_doc_set(&S->doc, b->fact, "mode", "access");
                otlp_doc_setb(&S->doc, b->fact, "mode-inferred", 1);
            } else if (b->sw_seen)
                /* no `switchport mode`: DTP dynamic (auto or desirable by
                 * platform), so neither access nor trunk can be told */
                otlp_doc_set(&S->doc, b->fact, "mode", "unknown");
            /* else decided in finish() from the device class */
        }
        ot_iface_close(S, b);
    } else if (b->kind == B_LINE) {
        xmlChar *ch = xmlGetProp(b->fact, (const xmlChar *)"channel");
        int vty = ch != NULL && strcmp((const char *)ch, "vty") == 0;
        xmlFree(ch);
        if (!b->timeout_set) {
            /* exec-timeout: 10 minutes when not configured (all IOS and
             * IOS-XE releases, Cisco IOS Configuration Fundamentals
             * Command Reference, `exec-timeout`). */
            otlp_doc_set(&S->doc, b->fact, "idle-timeout", "600");
            otlp_doc_set(&S->doc, b->fact, "defaulted", "true");
        }
        if (!b->transport_set && vty) {
            /* `transport input` on vty lines: `all` up to IOS 15.x and
             * early IOS-XE (11.1 changed only TTY lines to `none`); newer
             * IOS-XE 16.x/17.x images print `transport input ssh` or
             * `none` explicitly.  Release dependent: take the permissive
             * value, marked defaulted. */
            otlp_doc_set(&S->doc, b->fact, "transport-in", "all");
            otlp_doc_set(&S->doc, b->fact, "defaulted", "true");
            S->vty_transport_defaulted = 1;
        }
        if (!b->exec_set)
            otlp_doc_setb(&S->doc, b->fact, "exec", 1);
        line_close_i22(S, b);
    } else if (b->kind == B_AAA_ACCT) {
        acct_close(S, b);
    }
}

static void pop(struct state *S)
{
    if (S->depth == 0)
        return;
    S->depth--;
    close_block(S, &S->stack[S->depth]);
}

/* ------------------------------------------------ routing, FHRP, PSKs (rt_*)
 *
 * Grammar (Cisco IOS IP Routing: OSPF, EIGRP, ISIS and BGP Command
 * References; First Hop Redundancy Protocols Command Reference; Security
 * Command Reference; Configuration Guide for Cisco Aironet Access Points;
 * Catalyst 9800 Wireless Controller Command Reference):
 *   router ospf N | router ospfv3 N | ipv6 router ospf N | router eigrp AS|NAME
 *   | router isis [TAG] | router bgp AS          open a process
 *   area A authentication [message-digest]       OSPF area (plain text / MD5)
 *   area A {authentication|encryption} ipsec spi N ...   OSPFv3 area
 *   ip ospf authentication [message-digest|null|key-chain K]  interface
 *   ip ospf authentication-key [0|7] KEY; ip ospf message-digest-key N md5 [0|7] KEY
 *   {ipv6 ospf|ospfv3} {authentication|encryption} {ipsec spi N ...|null}
 *   ip authentication mode eigrp AS md5; ip authentication key-chain eigrp AS K
 *   authentication mode {md5|hmac-sha-256 [0|7] PW}; authentication key-chain K
 *                                                (EIGRP named mode af-interface)
 *   area-password PW; domain-password PW; authentication mode {md5|text} [level];
 *   authentication key-chain K [level]           IS-IS process
 *   isis password PW; isis authentication {mode {md5|text}|key-chain K}  interface
 *   neighbor {ADDR|GROUP} {remote-as N|peer-group [G]|password [0|7] PW|
 *   inherit peer-session T}                      BGP
 *   standby [G] authentication {[text] S|md5 {key-string [0|7] K|key-chain C}}
 *   vrrp G authentication {text S|md5 {key-string [0|7] K|key-chain C}}
 *   key chain C / key N / key-string [0|7] K / cryptographic-algorithm ALG
 *   crypto isakmp key [0|6] K {address A|hostname H}; pre-shared-key ...;
 *   wpa-psk {ascii|hex} [0|7] K; security wpa akm psk set-key {ascii|hex} [0|8] K
 *   vstack / no vstack                           Smart Install client
 */

/* Authentication methods, weakest first; key-chain, interface and unknown
 * are not ordered (4). */
static int rt_rank(const char *m)
{
    static const char *const order[] = {"none", "plaintext", "md5", "sha", NULL};
    size_t i;

    if (m == NULL)
        return -1;
    for (i = 0; order[i] != NULL; i++)
        if (strcmp(m, order[i]) == 0)
            return (int)i;
    return 4;
}

static int rt_attr_is(xmlNodePtr n, const char *attr, const char *v)
{
    xmlChar *p = xmlGetProp(n, (const xmlChar *)attr);
    int eq = p != NULL && strcmp((const char *)p, v) == 0;
    xmlFree(p);
    return eq;
}

/* Set the fact's method to m unless it already has a weaker one. */
static void rt_method(struct state *S, xmlNodePtr f, const char *m)
{
    xmlChar *old;
    int ro, rm = rt_rank(m);

    if (f == NULL)
        return;
    old = xmlGetProp(f, (const xmlChar *)"authentication");
    ro = rt_rank((const char *)old);
    xmlFree(old);
    if (ro < 0 || (rm < ro && (ro < 4 || rm <= 1)))
        otlp_doc_set(&S->doc, f, "authentication", m);
}

/* How readable a type digit leaves a key: 0 clear, 1 type 7, 2 other. */
static int rt_weak(int type)
{
    return type <= 0 ? 0 : type == 7 ? 1 : 2;
}

/* secret-kind of a routing or WLAN key from its type digit: 0/none clear,
 * 7 reversible, 6 (and 8 for WLAN keys, AES) encrypted with the master key. */
static const char *rt_kind_name(int type)
{
    return type <= 0 ? "cleartext" : type == 7 ? "reversible" : type == 6 || type == 8 ? "encrypted" : "unknown";
}

/* Record the statement's key on the fact, keeping the most readable one. */
static void rt_key(struct state *S, xmlNodePtr f, const struct redact *r)
{
    xmlChar *old;
    const char *k;

    if (f == NULL || !r->have)
        return;
    k = rt_kind_name(r->type);
    old = xmlGetProp(f, (const xmlChar *)"secret-kind");
    if (old == NULL || strcmp((const char *)old, "unknown") == 0 ||
        (strcmp(k, "cleartext") == 0) ||
        (strcmp(k, "reversible") == 0 && strcmp((const char *)old, "cleartext") != 0))
        otlp_doc_set(&S->doc, f, "secret-kind", k);
    xmlFree(old);
    if (r->type <= 0)
        otlp_doc_set(&S->doc, f, "known-default", known_default(r));
}

static xmlNodePtr rt_fact(struct state *S, const char *proto, unsigned long line)
{
    xmlNodePtr f = otlp_doc_fact(&S->doc, "routing-protocol", line);
    otlp_doc_set(&S->doc, f, "protocol", proto);
    return f;
}

/* The interface's fact for one protocol (and instance or group), made on
 * first use. */
static xmlNodePtr rt_iffact(struct state *S, xmlNodePtr ifc, const char *proto, const char *key,
                            const struct tok *val, unsigned long line)
{
    struct rtstate *R = &S->rt;
    xmlNodePtr f;
    xmlChar *nm;
    size_t i;
    char v[64] = "";

    if (val != NULL)
        tcopy(v, sizeof v, val);
    for (i = 0; i < R->nifp; i++)
        if (rt_attr_is(R->ifp[i], "protocol", proto) &&
            (key == NULL || rt_attr_is(R->ifp[i], key, v)))
            return R->ifp[i];
    if (R->nifp >= RT_MAXIF)
        return NULL;
    f = rt_fact(S, proto, line);
    if (f == NULL)
        return NULL;
    nm = xmlGetProp(ifc, (const xmlChar *)"name");
    if (nm != NULL)
        otlp_doc_set(&S->doc, f, "interface", (const char *)nm);
    xmlFree(nm);
    if (key != NULL)
        otlp_doc_set(&S->doc, f, key, v);
    R->ifp[R->nifp++] = f;
    return f;
}

/* IPsec forms of OSPFv3 (`... ipsec spi N md5|sha1 KEY`, `... esp ALG ...
 * sha1 KEY`, `... null`), from word i on. */
static void rt_ipsec(struct state *S, xmlNodePtr f, const struct stmt *st, size_t i)
{
    for (; W(st, i) != NULL; i++) {
        const struct tok *t = W(st, i);
        if (teq(t, "null") && i > 0 && !teq(W(st, i - 1), "esp")) {
            rt_method(S, f, "none");
        } else if (teq(t, "md5")) {
            rt_method(S, f, "md5");
        } else if (teq(t, "sha1")) {
            rt_method(S, f, "sha");
        } else if (teq(t, "esp") && W(st, i + 1) != NULL) {
            if (teq(W(st, i + 1), "null"))
                otlp_doc_set(&S->doc, f, "encryption", "none");
            else
                sett(S, f, "encryption", W(st, i + 1));
        }
    }
}

static int rt_chain_find(const struct rtstate *R, const char *name)
{
    size_t i;
    for (i = 0; i < R->nchains; i++)
        if (strcmp(R->chains[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* `... key-chain NAME`: the fact takes its keys from the chain (finish). */
static void rt_chainref(struct state *S, xmlNodePtr f, const struct tok *name)
{
    if (f != NULL && name != NULL) {
        sett(S, f, "key-chain", name);
        if (!has_attr(f, "secret-kind"))
            otlp_doc_set(&S->doc, f, "secret-kind", "unknown");
    }
}

/* HSRP `standby [G] ...` and VRRP `vrrp G ...` in an interface. */
static void rt_fhrp(struct state *S, xmlNodePtr ifc, const struct stmt *st, const struct redact *r)
{
    static const char *const hsrp_kw[] = {"ip", "ipv6", "priority", "preempt", "authentication",
                                          "timers", "track", "name", "mac-address", "follow", NULL};
    static const char *const vrrp_kw[] = {"ip", "priority", "preempt", "authentication", "timers",
                                          "track", NULL};
    int hsrp = teq(W(st, 0), "standby");
    const struct tok *g = W(st, 1), *kw;
    size_t k = 2;
    xmlNodePtr f;

    if (st->neg || g == NULL)
        return;
    if (!tdigits(g)) {
        if (!hsrp)
            return; /* VRRPv3 `vrrp G address-family` and globals: VRRPv3 has no authentication */
        k = 1;      /* HSRP group 0 */
    }
    kw = W(st, k);
    if (kw == NULL || !in_table(hsrp ? hsrp_kw : vrrp_kw, kw))
        return;
    if (k == 1) {
        static const struct tok zero = {"0", 1};
        f = rt_iffact(S, ifc, "hsrp", "group", &zero, st->line);
    } else {
        f = rt_iffact(S, ifc, hsrp ? "hsrp" : "vrrp", "group", g, st->line);
    }
    if (f == NULL || !teq(kw, "authentication") || W(st, k + 1) == NULL)
        return;
    if (teq(W(st, k + 1), "md5")) {
        rt_method(S, f, "md5");
        if (W(st, k + 2) != NULL && teq(W(st, k + 2), "key-chain"))
            rt_chainref(S, f, W(st, k + 3));
        else
            rt_key(S, f, r);
    } else {
        rt_method(S, f, "plaintext");
        rt_key(S, f, r);
    }
}

/* OSPF, OSPFv3, EIGRP and IS-IS settings of an interface. */
static void rt_ifproto(struct state *S, xmlNodePtr ifc, const struct stmt *st, const struct redact *r)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2), *d = W(st, 3);
    xmlNodePtr f;
    size_t i;

    if (st->neg || b == NULL || c == NULL)
        return;
    if (teq(a, "ip") && teq(b, "ospf")) {
        if (!teq(c, "authentication") && !teq(c, "authentication-key") && !teq(c, "message-digest-key"))
            return;
        f = rt_iffact(S, ifc, "ospf", NULL, NULL, st->line);
        if (teq(c, "authentication"))
            rt_method(S, f, d == NULL ? "plaintext" : teq(d, "message-digest") ? "md5"
                                  : teq(d, "null") ? "none" : teq(d, "key-chain") ? "key-chain" : "unknown");
        if (teq(c, "authentication") && d != NULL && teq(d, "key-chain"))
            rt_chainref(S, f, W(st, 4));
        else
            rt_key(S, f, r);
    } else if ((teq(a, "ipv6") && teq(b, "ospf")) || teq(a, "ospfv3")) {
        /* `ipv6 ospf authentication ...`, `ospfv3 [PID] authentication ...` */
        i = teq(a, "ipv6") ? 2 : 1;
        while (teq(a, "ospfv3") && W(st, i) != NULL && tdigits(W(st, i)))
            i++;
        if (W(st, i) == NULL || !(teq(W(st, i), "authentication") || teq(W(st, i), "encryption")))
            return;
        f = rt_iffact(S, ifc, "ospfv3", NULL, NULL, st->line);
        if (W(st, i + 1) != NULL && teq(W(st, i + 1), "key-chain")) {
            rt_method(S, f, "key-chain");
            rt_chainref(S, f, W(st, i + 2));
        } else {
            rt_ipsec(S, f, st, i + 1);
            rt_key(S, f, r);
        }
    } else if (teq(a, "ip") && teq(b, "authentication") && d != NULL && teq(d, "eigrp") &&
               W(st, 4) != NULL) {
        f = rt_iffact(S, ifc, "eigrp", "instance", W(st, 4), st->line);
        if (teq(c, "mode") && W(st, 5) != NULL)
            rt_method(S, f, teq(W(st, 5), "md5") ? "md5" : "unknown");
        else if (teq(c, "key-chain"))
            rt_chainref(S, f, W(st, 5));
    } else if (teq(a, "isis") && (teq(b, "password") || teq(b, "authentication"))) {
        f = rt_iffact(S, ifc, "isis", NULL, NULL, st->line);
        if (teq(b, "password")) {
            rt_method(S, f, "plaintext");
            rt_key(S, f, r);
        } else if (teq(c, "mode") && d != NULL) {
            rt_method(S, f, teq(d, "md5") ? "md5" : "plaintext");
        } else if (teq(c, "key-chain")) {
            rt_chainref(S, f, d);
        }
    }
}

/* Interface statements: protocols, FHRP groups, ICMP settings, IPv4. */
static void rt_iface(struct state *S, xmlNodePtr ifc, const struct stmt *st, const struct redact *r)
{
    struct rtstate *R = &S->rt;
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);

    if (ifc == NULL || a == NULL)
        return;
    if (ifc != R->iface) {
        R->iface = ifc;
        R->nifp = 0;
    }
    if (teq(a, "standby") || teq(a, "vrrp")) {
        rt_fhrp(S, ifc, st, r);
        return;
    }
    if (teq(a, "ip") && b != NULL && c == NULL &&
        (teq(b, "proxy-arp") || teq(b, "redirects") || teq(b, "unreachables"))) {
        otlp_doc_setb(&S->doc, ifc, teq(b, "proxy-arp") ? "proxy-arp" : teq(b, "redirects") ?
                      "ip-redirects" : "ip-unreachables", !st->neg);
        return;
    }
    if (teq(a, "ip") && b != NULL && c != NULL && !st->neg &&
        (teq(b, "address") || teq(b, "unnumbered"))) {
        if (R->nv4 > 0 && R->v4[R->nv4 - 1] == ifc)
            return;
        if (R->nv4 == R->capv4) {
            size_t cap = R->capv4 ? R->capv4 * 2 : 32;
            xmlNodePtr *v = realloc(R->v4, cap * sizeof *v);
            if (v == NULL) {
                otlp_doc_nomem(&S->doc);
                return;
            }
            R->v4 = v;
            R->capv4 = cap;
        }
        R->v4[R->nv4++] = ifc;
        return;
    }
    rt_ifproto(S, ifc, st, r);
}

static struct rtbgp *rt_bgp_get(struct rtstate *R, const struct tok *name, unsigned long line)
{
    char nm[64];
    size_t i;

    tcopy(nm, sizeof nm, name);
    for (i = 0; i < R->nbgp; i++)
        if (strcmp(R->bgp[i].name, nm) == 0)
            return &R->bgp[i];
    if (R->nbgp >= RT_MAXBGP)
        return NULL;
    memset(&R->bgp[R->nbgp], 0, sizeof R->bgp[0]);
    memcpy(R->bgp[R->nbgp].name, nm, sizeof nm);
    R->bgp[R->nbgp].type = -2;
    R->bgp[R->nbgp].line = line;
    return &R->bgp[R->nbgp++];
}

static void rt_bgp(struct state *S, const struct stmt *st, const struct redact *r)
{
    const struct tok *b = W(st, 1), *c = W(st, 2), *d = W(st, 3);
    struct rtbgp *n;

    if (st->neg || !teq(W(st, 0), "neighbor") || b == NULL || c == NULL)
        return;
    if (!(teq(c, "remote-as") || teq(c, "peer-group") || teq(c, "password") ||
          (teq(c, "inherit") && d != NULL && teq(d, "peer-session"))))
        return;
    n = rt_bgp_get(&S->rt, b, st->line);
    if (n == NULL)
        return;
    if (teq(c, "remote-as"))
        n->peer = 1;
    else if (teq(c, "peer-group") && d != NULL) {
        tcopy(n->group, sizeof n->group, d);
        n->peer = 1;
    } else if (teq(c, "peer-group"))
        n->is_group = 1;
    else if (teq(c, "password") && r->have)
        n->type = r->type < 0 ? 0 : r->type;
    else if (teq(c, "inherit"))
        n->tmpl = 1;
}

/* Sub-statements of router ospf/ospfv3/eigrp/isis. */
static void rt_proc(struct state *S, const struct stmt *st, const struct redact *r)
{
    struct rtstate *R = &S->rt;
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    xmlNodePtr f = R->proc;

    if (f == NULL || a == NULL || st->neg)
        return;
    if ((R->top == RP_OSPF || R->top == RP_OSPFV3) && teq(a, "area") && c != NULL &&
        (teq(c, "authentication") || teq(c, "encryption"))) {
        const struct tok *d = W(st, 3);
        if (R->top == RP_OSPF && teq(c, "authentication"))
            rt_method(S, f, d == NULL ? "plaintext" : teq(d, "message-digest") ? "md5" : "unknown");
        else
            rt_ipsec(S, f, st, 3);
        rt_key(S, f, r);
    } else if (R->top == RP_EIGRP && teq(a, "authentication") && b != NULL) {
        if (teq(b, "mode") && c != NULL) {
            rt_method(S, f, teq(c, "md5") ? "md5" : tpre(c, "hmac-sha") ? "sha" : "unknown");
            rt_key(S, f, r);
        } else if (teq(b, "key-chain"))
            rt_chainref(S, f, c);
    } else if (R->top == RP_ISIS) {
        if (teq(a, "area-password") || teq(a, "domain-password")) {
            R->isis_pw = 1;
            rt_key(S, f, r);
        } else if (teq(a, "authentication") && b != NULL && teq(b, "mode") && c != NULL) {
            if (teq(c, "md5"))
                R->isis_md5 = 1;
            else
                R->isis_text = 1;
        } else if (teq(a, "authentication") && b != NULL && teq(b, "key-chain")) {
            rt_chainref(S, f, c);
        } else
            return;
        /* `authentication mode` supersedes area/domain-password (IS-IS
         * Command Reference, `authentication mode`) */
        otlp_doc_set(&S->doc, f, "authentication", R->isis_text || (R->isis_pw && !R->isis_md5)
                                                       ? "plaintext" : R->isis_md5 ? "md5" : "none");
    }
}

/* Key chain sub-statements: the most readable key and the weakest algorithm. */
static void rt_chain(struct state *S, const struct stmt *st, const struct redact *r)
{
    struct rtstate *R = &S->rt;
    struct rtchain *ch;
    const struct tok *a = W(st, 0), *b = W(st, 1);

    if (R->chain < 0 || a == NULL || st->neg)
        return;
    ch = &R->chains[R->chain];
    if (teq(a, "key-string") && r->have) {
        if (ch->kind == -2 || rt_weak(r->type) < rt_weak(ch->kind))
            ch->kind = r->type;
    } else if (teq(a, "cryptographic-algorithm") && b != NULL) {
        int rank = tpre(b, "hmac-sha") ? 3 : teq(b, "md5") ? 2 : 4;
        if (ch->alg == 0 || rank < ch->alg)
            ch->alg = rank;
    }
}

/* A pre-shared key (IKE or WLAN). */
static void rt_psk_fact(struct state *S, const struct stmt *st, const struct redact *r, const char *ctx)
{
    xmlNodePtr f;
    size_t i;

    if (!r->have || st->neg)
        return;
    f = otlp_doc_fact(&S->doc, "pre-shared-key", st->line);
    otlp_doc_set(&S->doc, f, "context", ctx);
    for (i = 1; W(st, i + 1) != NULL; i++)
        if (teq(W(st, i), "address") || teq(W(st, i), "hostname")) {
            sett(S, f, "peer", W(st, i + 1));
            break;
        }
    otlp_doc_set(&S->doc, f, "secret-kind", rt_kind_name(r->type));
    otlp_doc_set(&S->doc, f, "known-default", r->type <= 0 ? known_default(r) : NULL);
}

static void rt_psk(struct state *S, const struct stmt *st, const struct redact *r)
{
    const struct tok *a = W(st, 0);

    if (a == NULL)
        return;
    if (teq(a, "pre-shared-key"))
        rt_psk_fact(S, st, r, "ike");
    else if (teq(a, "wpa-psk") || (teq(a, "security") && weq(st, 1, "wpa") && weq(st, 3, "psk") &&
                                   weq(st, 4, "set-key")))
        rt_psk_fact(S, st, r, "wlan");
}

/* Sub-statements (hook in derive()). */
static void rt_sub(struct state *S, struct blk *parent, const struct stmt *st, const struct redact *r)
{
    if (parent->kind == B_INTERFACE) {
        rt_iface(S, parent->fact, st, r);
        return;
    }
    switch (S->rt.top) {
    case RP_KEYCHAIN:
        rt_chain(S, st, r);
        break;
    case RP_BGP:
        rt_bgp(S, st, r);
        break;
    case RP_OSPF:
    case RP_OSPFV3:
    case RP_EIGRP:
    case RP_ISIS:
        rt_proc(S, st, r);
        break;
    default:
        rt_psk(S, st, r);
        break;
    }
}

/* Global statements (hook in derive()): each one ends the previous block. */
static void rt_global(struct state *S, const struct stmt *st, const struct redact *r)
{
    struct rtstate *R = &S->rt;
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    const char *proto = NULL;

    R->top = RP_NONE;
    R->proc = NULL;
    R->chain = -1;
    if (a == NULL)
        return;
    if (teq(a, "vstack") && b == NULL) {
        R->vstack_set = 1;
        R->vstack_on = !st->neg;
        R->vstack_line = st->line;
        return;
    }
    if (st->neg || b == NULL)
        return;
    if (teq(a, "crypto") && teq(b, "isakmp") && c != NULL && teq(c, "key")) {
        rt_psk_fact(S, st, r, "ike");
    } else if (teq(a, "key") && teq(b, "chain") && c != NULL) {
        R->top = RP_KEYCHAIN;
        if (R->nchains < RT_MAXCHAINS) {
            struct rtchain *ch = &R->chains[R->nchains];
            tcopy(ch->name, sizeof ch->name, c);
            ch->kind = -2;
            ch->alg = 0;
            R->chain = (int)R->nchains++;
        }
    } else if (teq(a, "router")) {
        R->top = RP_OTHER;
        if (teq(b, "ospf") && c != NULL)
            R->top = RP_OSPF, proto = "ospf";
        else if (teq(b, "ospfv3") && c != NULL)
            R->top = RP_OSPFV3, proto = "ospfv3";
        else if (teq(b, "eigrp") && c != NULL)
            R->top = RP_EIGRP, proto = "eigrp";
        else if (teq(b, "isis"))
            R->top = RP_ISIS, proto = "isis";
        else if (teq(b, "bgp") && c != NULL) {
            R->top = RP_BGP;
            tcopy(R->bgp_as, sizeof R->bgp_as, c);
        }
    } else if (teq(a, "ipv6") && teq(b, "router") && c != NULL && teq(c, "ospf") && W(st, 3) != NULL) {
        R->top = RP_OSPFV3;
        proto = "ospfv3";
        c = W(st, 3);
    }
    if (proto != NULL) {
        R->proc = rt_fact(S, proto, st->line);
        sett(S, R->proc, "instance", c);
        R->isis_md5 = R->isis_text = R->isis_pw = 0;
    }
}

/* ------------------------------------------------ rt_finish() */

/* A fact that names a key chain: its keys' kind and algorithm. */
static void rt_resolve_chain(struct state *S, xmlNodePtr f)
{
    xmlChar *nm = xmlGetProp(f, (const xmlChar *)"key-chain");
    int i;

    if (nm == NULL)
        return;
    i = rt_chain_find(&S->rt, (const char *)nm);
    xmlFree(nm);
    if (i < 0)
        return;
    if (S->rt.chains[i].kind != -2)
        otlp_doc_set(&S->doc, f, "secret-kind", rt_kind_name(S->rt.chains[i].kind));
    if (rt_attr_is(f, "authentication", "key-chain") && S->rt.chains[i].alg > 0)
        otlp_doc_set(&S->doc, f, "authentication", S->rt.chains[i].alg == 3 ? "sha" : S->rt.chains[i].alg == 2 ? "md5" : "unknown");
}

static void rt_bgp_facts(struct state *S)
{
    struct rtstate *R = &S->rt;
    size_t i, j;

    for (i = 0; i < R->nbgp; i++) {
        struct rtbgp *n = &R->bgp[i];
        int type = n->type, tmpl = n->tmpl;
        xmlNodePtr f;

        if (n->is_group || !n->peer)
            continue;
        for (j = 0; j < R->nbgp && n->group[0] != '\0'; j++)
            if (R->bgp[j].is_group && strcmp(R->bgp[j].name, n->group) == 0) {
                if (type == -2)
                    type = R->bgp[j].type;
                tmpl |= R->bgp[j].tmpl;
            }
        f = rt_fact(S, "bgp", n->line);
        otlp_doc_set(&S->doc, f, "instance", R->bgp_as);
        otlp_doc_set(&S->doc, f, "neighbor", n->name);
        if (n->group[0] != '\0')
            otlp_doc_set(&S->doc, f, "peer-group", n->group);
        /* `neighbor ... password`: TCP MD5 signature (RFC 2385) */
        otlp_doc_set(&S->doc, f, "authentication", type != -2 ? "md5" : tmpl ? "unknown" : "none");
        if (type != -2)
            otlp_doc_set(&S->doc, f, "secret-kind", rt_kind_name(type));
    }
}

/* Does an interface-level fact of this protocol (and instance) authenticate? */
static int rt_if_auth(xmlNodePtr facts, xmlNodePtr proc)
{
    xmlChar *proto = xmlGetProp(proc, (const xmlChar *)"protocol");
    xmlChar *inst = xmlGetProp(proc, (const xmlChar *)"instance");
    int eigrp = proto != NULL && strcmp((const char *)proto, "eigrp") == 0, found = 0;
    xmlNodePtr n;

    for (n = facts->children; n != NULL && proto != NULL && !found; n = n->next) {
        xmlChar *m;
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, (const xmlChar *)"routing-protocol") != 0 ||
            !has_attr(n, "interface") || !rt_attr_is(n, "protocol", (const char *)proto) ||
            (eigrp && inst != NULL && !rt_attr_is(n, "instance", (const char *)inst)))
            continue;
        m = xmlGetProp(n, (const xmlChar *)"authentication");
        found = m != NULL && strcmp((const char *)m, "none") != 0;
        xmlFree(m);
    }
    xmlFree(proto);
    xmlFree(inst);
    return found;
}

/* The weakest area-level method of the OSPF processes, or NULL. */
static const char *rt_ospf_area(xmlNodePtr facts)
{
    static const char *const names[] = {"none", "plaintext", "md5", "sha"};
    xmlNodePtr n;
    int best = 5;

    for (n = facts->children; n != NULL; n = n->next) {
        xmlChar *m;
        int rk;
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, (const xmlChar *)"routing-protocol") != 0 ||
            has_attr(n, "interface") || !rt_attr_is(n, "protocol", "ospf"))
            continue;
        m = xmlGetProp(n, (const xmlChar *)"authentication");
        rk = rt_rank((const char *)m);
        xmlFree(m);
        if (rk >= 0 && rk < best)
            best = rk;
    }
    return best < 4 ? names[best] : NULL;
}

/* Methods not set by a statement: interfaces inherit the OSPF area's, a
 * process is `interface` when some interface authenticates it; else none. */
static void rt_routing_facts(struct state *S)
{
    xmlNodePtr facts = S->dd->facts, n;
    const char *area = rt_ospf_area(facts);

    for (n = facts->children; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, (const xmlChar *)"routing-protocol") == 0)
            rt_resolve_chain(S, n);
    for (n = facts->children; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, (const xmlChar *)"routing-protocol") != 0 ||
            !has_attr(n, "interface") || has_attr(n, "authentication"))
            continue;
        otlp_doc_set(&S->doc, n, "authentication", rt_attr_is(n, "protocol", "ospf") && area != NULL ? area : "none");
    }
    for (n = facts->children; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, (const xmlChar *)"routing-protocol") != 0 ||
            has_attr(n, "interface") || has_attr(n, "authentication"))
            continue;
        otlp_doc_set(&S->doc, n, "authentication", rt_if_auth(facts, n) ? "interface" : "none");
    }
}

/* Does the interface resolve addresses with ARP (broadcast media)?  Proxy
 * ARP means nothing on tunnels, serial and dialer links. */
static int rt_arp_name(xmlNodePtr f)
{
    static const char *const p2p[] = {"Tunnel", "Serial", "Dialer", "Virtual-", "Async", "Multilink",
                                      "Cellular", "ATM", "NVI", "POS", "MFR", "BRI", "Ucse", NULL};
    xmlChar *nm = xmlGetProp(f, (const xmlChar *)"name");
    int arp = nm != NULL;
    size_t i;

    for (i = 0; p2p[i] != NULL && arp; i++)
        if (strncasecmp((const char *)nm, p2p[i], strlen(p2p[i])) == 0)
            arp = 0;
    xmlFree(nm);
    return arp;
}

/* IOS defaults of a routed IPv4 interface (`ip proxy-arp`, `ip redirects`,
 * `ip unreachables`: on unless configured off, all IOS and IOS-XE releases,
 * Cisco IOS IP Addressing Services / IP Application Services Command
 * References), asserted only for a full export; proxy ARP only on
 * broadcast (ARP) interfaces.  Loopback and Null interfaces are left out. */
static void rt_l3_defaults(struct state *S, int full)
{
    static const char *const attrs[] = {"proxy-arp", "ip-redirects", "ip-unreachables"};
    struct rtstate *R = &S->rt;
    size_t i, k;

    for (i = 0; i < R->nv4 && full; i++) {
        xmlNodePtr f = R->v4[i];
        xmlChar *nm = xmlGetProp(f, (const xmlChar *)"name");
        int skip = nm == NULL || strncasecmp((const char *)nm, "Loopback", 8) == 0 ||
                   strncasecmp((const char *)nm, "Null", 4) == 0 || !rt_attr_is(f, "mode", "routed");
        char defs[64] = "";

        xmlFree(nm);
        if (skip)
            continue;
        for (k = rt_arp_name(f) ? 0 : 1; k < 3; k++)
            if (!has_attr(f, attrs[k])) {
                otlp_doc_setb(&S->doc, f, attrs[k], 1);
                snprintf(defs + strlen(defs), sizeof defs - strlen(defs), "%s%s", defs[0] ? " " : "", attrs[k]);
            }
        if (defs[0] != '\0')
            otlp_doc_set(&S->doc, f, "l3-defaults", defs);
    }
}

/* Smart Install client (`vstack`): as configured, or on by default on
 * Catalyst and IE switches running a classic IOS 15.x (IOS-XE 3.x reports
 * 15.x too).  Not asserted for 12.2 (only 12.2(52)SE and later have it, and
 * the `version` line does not tell), before 12.2, on IOS-XE 16 and later,
 * on routers, nor for a partial export (docs/formats/cisco-ios.md). */
static void rt_smart_install(struct state *S, int full, int is_switch)
{
    struct rtstate *R = &S->rt;
    long major = S->have_version ? strtol(S->version, NULL, 10) : 0;
    xmlNodePtr f;

    if (!R->vstack_set && !(full && is_switch && major == 15))
        return;
    f = otlp_doc_fact(&S->doc, "service", R->vstack_set ? R->vstack_line : 0);
    otlp_doc_set(&S->doc, f, "name", "smart-install");
    otlp_doc_setb(&S->doc, f, "enabled", R->vstack_set ? R->vstack_on : 1);
    otlp_doc_setb(&S->doc, f, "defaulted", !R->vstack_set);
}

/* Hook in finish(). */
static void rt_finish(struct state *S, int full, int is_switch)
{
    rt_bgp_facts(S);
    rt_routing_facts(S);
    rt_l3_defaults(S, full);
    rt_smart_install(S, full, is_switch);
}

/* ------------------------------------------------ SNMP community strength */

/* Does the byte c, as written, spell the dictionary letter d (lower case),
 * counting the usual digit-for-letter spellings (p4ssw0rd, pub1ic)? */
static int rt_leet(char c, char d)
{
    c = (char)lc((unsigned char)c);
    switch (c) {
    case '0': return d == 'o';
    case '1': case '!': case '|': return d == 'i' || d == 'l';
    case '3': return d == 'e';
    case '4': case '@': return d == 'a';
    case '5': case '$': return d == 's';
    case '7': return d == 't';
    default: return c == d;
    }
}

/* Is the community a word of a guessing dictionary (in any case, with
 * digit-for-letter spellings, and with trailing digits and punctuation
 * dropped: Public123, c1sco!)?  Only ever asked inside the plugin. */
static int rt_dictionary_word(const char *v, size_t len)
{
    static const char *const words[] = {
        "public", "private", "secret", "community", "snmp", "snmptrap", "trap", "traps", "cisco",
        "admin", "administrator", "manager", "monitor", "monitoring", "network", "networks", "netman",
        "read", "write", "readonly", "readwrite", "rocommunity", "rwcommunity", "test", "testing",
        "guest", "default", "password", "passwd", "pass", "system", "switch", "router", "server",
        "access", "security", "internal", "external", "company", "corp", "office", "plant",
        "factory", "scada", "control", "process", "plc", "hmi", "mgmt", "management", "nms", "noc",
        "ops", "operator", "operations", "engineer", "engineering", "field", "station", "site",
        "local", "remote", "backup", "service", "support", "config", "welcome", "hello", "letmein",
        "master", "super", "root", "user", "users", "alert", "alerts", "power", "energy", "water",
        "cacti", "nagios", "zabbix", "prtg", "solarwinds", "orion", "observium", "librenms",
        "openview", "tivoli", "whatsup", "ilmi", "all", "none", "get", "set", "ro", "rw", "mrtg",
        "lan", "wan", "core", "edge", "campus", "datacenter", "vlan", "ethernet", "industrial",
        "automation", "siemens", "rockwell", "schneider", "abb", "honeywell", "emerson", "moxa",
        "hirschmann", "belden", "phoenix", "wago", "beckhoff", "omron", "yokogawa", "secure",
        "changeme", "qwerty", "abc", "abcd", "temp", "demo", "lab", "home", "work", NULL};
    size_t i, k, n = len, m;
    int found = 0, pass;

    /* trailing punctuation (Cisco!), then also trailing digits (public123):
     * the word is tried both ways, since digits also stand for letters */
    while (n > 0 && !((v[n - 1] >= 'a' && v[n - 1] <= 'z') || (v[n - 1] >= 'A' && v[n - 1] <= 'Z') ||
                      (v[n - 1] >= '0' && v[n - 1] <= '9')))
        n--;
    for (m = n; m > 0 && v[m - 1] >= '0' && v[m - 1] <= '9'; m--)
        ;
    if (m == 0)
        return 1; /* digits and punctuation only */
    for (pass = 0; pass < 2 && !found; pass++) {
        size_t l = pass == 0 ? n : m;
        for (i = 0; words[i] != NULL && !found; i++) {
            if (strlen(words[i]) != l)
                continue;
            for (k = 0; k < l && rt_leet(v[k], words[i][k]); k++)
                ;
            found = k == l;
        }
    }
    return found;
}

/* Hook in snmp_fact(): the community's length (capped at 32) and whether
 * it is a dictionary word, decided here because the value never leaves
 * the plugin. */
static void rt_community_strength(struct state *S, xmlNodePtr f, const struct redact *r)
{
    if (f == NULL || !r->have)
        return;
    otlp_doc_setu(&S->doc, f, "secret-length", r->vlen < 32 ? (unsigned long)r->vlen : 32ul);
    otlp_doc_setb(&S->doc, f, "dictionary-word", rt_dictionary_word(r->val, r->vlen));
}

/* ---------------------------------------------------------- fact rules */

static void account_fact(struct state *S, const struct stmt *st, const struct redact *r)
{
    const struct tok *name = W(st, 1);
    xmlNodePtr f = NULL;
    size_t i;
    const char *kd;

    if (name == NULL || st->neg)
        return;
    for (i = 0; i < S->naccounts; i++) {
        xmlChar *nm = xmlGetProp(S->accounts[i], (const xmlChar *)"name");
        int same = nm != NULL && strlen((const char *)nm) == name->len &&
                   memcmp(nm, name->s, name->len) == 0;
        xmlFree(nm);
        if (same) {
            f = S->accounts[i];
            break;
        }
    }
    if (f == NULL) {
        f = otlp_doc_fact(&S->doc, "account", st->line);
        if (f == NULL)
            return;
        sett(S, f, "name", name);
        /* privilege 1 unless given (Cisco IOS Security Command Reference,
         * `username`). */
        otlp_doc_set(&S->doc, f, "privilege", "1");
        otlp_doc_set(&S->doc, f, "secret-kind", "none");
        if (S->naccounts < MAXACCOUNTS)
            S->accounts[S->naccounts++] = f;
    }
    for (i = st->k + 2; i + 1 < st->n; i++)
        if (teq(&st->t[i], "privilege"))
            sett(S, f, "privilege", &st->t[i + 1]);
    for (i = st->k + 2; i < st->n; i++)
        if (teq(&st->t[i], "nopassword"))
            otlp_doc_set(&S->doc, f, "secret-kind", "none");
    if (r->have) {
        otlp_doc_set(&S->doc, f, "secret-kind", secret_kind(r->type, r->is_hash_kw));
        kd = known_default(r);
        if (kd != NULL)
            otlp_doc_set(&S->doc, f, "known-default", kd);
    }
}

static void aaa_list(struct state *S, const struct stmt *st)
{
    const struct tok *what = W(st, 1);
    char *buf;

    if (what == NULL || st->neg || W(st, 3) == NULL)
        return;
    if (teq(what, "authentication"))
        buf = S->authn;
    else if (teq(what, "authorization"))
        buf = S->authz;
    else if (teq(what, "accounting"))
        buf = S->acct;
    else
        return;
    /* "TYPE[ LEVEL]:LIST=METHODS", e.g. login:default=group tacacs+ local */
    {
        const struct tok *type = W(st, 2), *list = W(st, 3);
        char one[256];
        size_t methods = 4;
        int lvl = tdigits(list);
        if (lvl) {
            list = W(st, 4);
            methods = 5;
        }
        if (list == NULL || W(st, methods) == NULL)
            return;
        if (lvl)
            snprintf(one, sizeof one, "%.*s %.*s:%.*s=", (int)type->len, type->s,
                     (int)W(st, 3)->len, W(st, 3)->s, (int)list->len, list->s);
        else
            snprintf(one, sizeof one, "%.*s:%.*s=", (int)type->len, type->s, (int)list->len,
                     list->s);
        {
            size_t used = strlen(buf), l = strlen(one), cap = sizeof S->authn;
            const struct tok *m = W(st, methods);
            size_t ml = st->len - off(st, m);
            if (used > 0 && used + 2 < cap) {
                memcpy(buf + used, "; ", 2);
                used += 2;
            }
            if (used + l + 1 > cap)
                return;
            memcpy(buf + used, one, l);
            used += l;
            if (ml > cap - 1 - used)
                ml = cap - 1 - used;
            memcpy(buf + used, m->s, ml);
            buf[used + ml] = '\0';
        }
    }
}

static void snmp_fact(struct state *S, const struct stmt *st, const struct redact *r)
{
    const struct tok *b = W(st, 1);
    xmlNodePtr f;
    size_t i;

    if (b == NULL)
        return;
    if (st->neg) {
        if (W(st, 1) == NULL) {
            S->svc[S_SNMP].set = 1;
            S->svc[S_SNMP].enabled = 0;
            S->svc[S_SNMP].line = st->line;
        }
        return;
    }
    if (snmp_kw(b, "community") || snmp_kw(b, "user") || snmp_kw(b, "host") || teq(b, "group")) {
        if (!S->svc[S_SNMP].set) {
            S->svc[S_SNMP].set = 1;
            S->svc[S_SNMP].enabled = 1;
            S->svc[S_SNMP].line = st->line;
        }
    }
    if (snmp_kw(b, "community") && W(st, 2) != NULL) {
        const char *access = "ro";
        f = otlp_doc_fact(&S->doc, "snmp-community", st->line);
        /* IOS: one community serves SNMPv1 and v2c alike; RO unless RW is
         * given (Cisco IOS Network Management Command Reference). */
        otlp_doc_set(&S->doc, f, "version", "2c");
        for (i = st->k + 3; i < st->n; i++) {
            const struct tok *t = &st->t[i];
            if (teq(t, "rw"))
                access = "rw";
            else if (teq(t, "ro"))
                access = "ro";
            else if (teq(t, "view") && i + 1 < st->n)
                sett(S, f, "view", &st->t[++i]);
            else if (teq(t, "ipv6") && i + 1 < st->n)
                i++;
            else
                sett(S, f, "acl", t);
        }
        otlp_doc_set(&S->doc, f, "access", access);
        otlp_doc_set(&S->doc, f, "known-default", known_default(r));
        rt_community_strength(S, f, r);
    } else if (snmp_kw(b, "user") && W(st, 3) != NULL) {
        const char *version = NULL, *security = "noauth";
        f = otlp_doc_fact(&S->doc, "snmp-user", st->line);
        sett(S, f, "name", W(st, 2));
        sett(S, f, "group", W(st, 3));
        for (i = st->k + 4; i < st->n; i++) {
            const struct tok *t = &st->t[i];
            if (teq(t, "v1"))
                version = "1";
            else if (teq(t, "v2c"))
                version = "2c";
            else if (teq(t, "v3"))
                version = "3";
            else if (teq(t, "auth") && i + 1 < st->n) {
                char alg[16];
                tcopy(alg, sizeof alg, &st->t[i + 1]);
                for (size_t c = 0; alg[c]; c++)
                    alg[c] = (char)(alg[c] >= 'A' && alg[c] <= 'Z' ? alg[c] + 32 : alg[c]);
                otlp_doc_set(&S->doc, f, "auth", alg);
                security = "auth";
                i += 2;
            } else if (teq(t, "priv") && i + 1 < st->n) {
                char alg[24];
                const struct tok *p = &st->t[i + 1];
                if (teq(p, "aes") && i + 2 < st->n && tdigits(&st->t[i + 2])) {
                    snprintf(alg, sizeof alg, "aes%.*s", (int)st->t[i + 2].len, st->t[i + 2].s);
                    i++;
                } else {
                    tcopy(alg, sizeof alg, p);
                    for (size_t c = 0; alg[c]; c++)
                        alg[c] = (char)(alg[c] >= 'A' && alg[c] <= 'Z' ? alg[c] + 32 : alg[c]);
                }
                otlp_doc_set(&S->doc, f, "priv", alg);
                security = "priv";
                i += 2;
            } else if (teq(t, "access") && i + 1 < st->n)
                i++;
        }
        otlp_doc_set(&S->doc, f, "version", version);
        if (version != NULL && strcmp(version, "3") == 0)
            otlp_doc_set(&S->doc, f, "security", security);
    } else if (snmp_kw(b, "host") && W(st, 2) != NULL) {
        const char *version = "1", *security = NULL;
        f = otlp_doc_fact(&S->doc, "snmp-host", st->line);
        sett(S, f, "address", W(st, 2));
        for (i = st->k + 3; i + 1 < st->n; i++)
            if (tabbr(&st->t[i], "version", 2)) { /* `ve`: vrf; `2` is 2c */
                const struct tok *v = &st->t[i + 1];
                version = teq(v, "3") ? "3" : tabbr(v, "2c", 1) ? "2c" : "1";
                if (teq(v, "3")) {
                    security = "noauth";
                    if (i + 2 < st->n && tabbr(&st->t[i + 2], "auth", 1))
                        security = "auth";
                    else if (i + 2 < st->n && tabbr(&st->t[i + 2], "priv", 1))
                        security = "priv";
                }
                break;
            }
        /* without `version`, IOS sends SNMPv1 traps (Network Management
         * Command Reference, `snmp-server host`) */
        otlp_doc_set(&S->doc, f, "version", version);
        otlp_doc_set(&S->doc, f, "security", security);
    }
}

static void server_fact(struct state *S, const struct stmt *st, const struct redact *r,
                        const char *proto)
{
    xmlNodePtr f = otlp_doc_fact(&S->doc, "aaa-server", st->line);
    otlp_doc_set(&S->doc, f, "protocol", proto);
    sett(S, f, "address", W(st, 2));
    if (r->have)
        otlp_doc_set(&S->doc, f, "secret-kind", secret_kind(r->type, 0));
}

static void logging_stmt(struct state *S, const struct stmt *st)
{
    const struct tok *b = W(st, 1);
    static const char *const levels[] = {"emergencies", "alerts", "critical", "errors",
                                         "warnings", "notifications", "informational",
                                         "debugging", NULL};
    size_t i;

    S->logging_seen = 1;
    if (S->logging_line == 0)
        S->logging_line = st->line;
    if (b == NULL)
        return;
    /* numeric levels 0..7 are accepted by IOS as synonyms */
#define LEVEL(dst, t)                                                               \
    do {                                                                            \
        long lv_ = tnum(t);                                                         \
        if (lv_ >= 0 && lv_ <= 7)                                                   \
            snprintf(dst, sizeof dst, "%s", levels[lv_]);                           \
        else if (in_table(levels, t))                                               \
            tcopy(dst, sizeof dst, t);                                              \
    } while (0)

    if (teq(b, "on")) {
        S->logging_off = st->neg;
        S->log_on_line = st->line;
    } else if (teq(b, "trap")) {
        S->trap_line = st->line;
        if (st->neg)
            snprintf(S->trap_level, sizeof S->trap_level, "off");
        else if (W(st, 2) != NULL)
            LEVEL(S->trap_level, W(st, 2));
    } else if (teq(b, "console")) {
        S->console_line = st->line;
        if (st->neg)
            snprintf(S->console_level, sizeof S->console_level, "off");
        else if (W(st, 2) != NULL)
            LEVEL(S->console_level, W(st, 2));
    } else if (teq(b, "buffered")) {
        S->buffered_line = st->line;
        snprintf(S->buffered, sizeof S->buffered, "%s", st->neg ? "false" : "true");
        for (i = st->k + 2; i < st->n; i++) {
            long v = tnum(&st->t[i]);
            if (v > 7)
                tcopy(S->buffer_size, sizeof S->buffer_size, &st->t[i]);
        }
    } else if (teq(b, "source-interface") && W(st, 2) != NULL && !st->neg) {
        tcopy(S->source_if, sizeof S->source_if, W(st, 2));
    } else if (!st->neg && (teq(b, "host") || (b->len > 0 && b->s[0] >= '0' && b->s[0] <= '9') ||
                            (b->len > 0 && memchr(b->s, ':', b->len) != NULL))) {
        /* `logging host [ipv4|ipv6] ADDR [vrf V] [transport {udp|tcp|tls}
         * [port N]]` and the older `logging ADDR` */
        size_t a = teq(b, "host") ? 2 : 1;
        const char *transport = "udp";
        const char *port = NULL;
        char portbuf[16];
        xmlNodePtr f;
        if (W(st, a) != NULL && (teq(W(st, a), "ipv6") || teq(W(st, a), "ipv4")))
            a++;
        if (W(st, a) == NULL)
            return;
        f = otlp_doc_fact(&S->doc, "log-target", st->line);
        sett(S, f, "host", W(st, a));
        for (i = st->k + a + 1; i < st->n; i++) {
            if (teq(&st->t[i], "transport") && i + 1 < st->n) {
                transport = teq(&st->t[i + 1], "tcp") ? "tcp" : teq(&st->t[i + 1], "tls") ? "tls" : "udp";
                i++;
            } else if (teq(&st->t[i], "port") && i + 1 < st->n) {
                tcopy(portbuf, sizeof portbuf, &st->t[i + 1]);
                port = portbuf;
                i++;
            }
        }
        otlp_doc_set(&S->doc, f, "transport", transport);
        /* IANA syslog ports, used by IOS when none is given */
        if (port == NULL)
            port = strcmp(transport, "udp") == 0 ? "514" : strcmp(transport, "tcp") == 0 ? "601" : "6514";
        otlp_doc_set(&S->doc, f, "port", port);
    }
#undef LEVEL
}

static void service_stmt(struct state *S, const struct stmt *st)
{
    const struct tok *b = W(st, 1);
    int on = !st->neg;
    enum svc s;

    if (b == NULL)
        return;
    if (teq(b, "timestamps")) {
        if (W(st, 2) == NULL || teq(W(st, 2), "log")) {
            size_t i;
            S->ts_line = st->line;
            if (st->neg) {
                snprintf(S->timestamps, sizeof S->timestamps, "none");
                return;
            }
            snprintf(S->timestamps, sizeof S->timestamps, "uptime");
            snprintf(S->timestamp_tz, sizeof S->timestamp_tz, "%s", "");
            for (i = st->k + 3; i < st->n; i++) {
                if (teq(&st->t[i], "datetime")) {
                    snprintf(S->timestamps, sizeof S->timestamps, "datetime");
                    snprintf(S->timestamp_tz, sizeof S->timestamp_tz, "utc");
                } else if (teq(&st->t[i], "msec") && strcmp(S->timestamps, "datetime") == 0)
                    snprintf(S->timestamps, sizeof S->timestamps, "datetime-msec");
                else if (teq(&st->t[i], "localtime"))
                    snprintf(S->timestamp_tz, sizeof S->timestamp_tz, "localtime");
            }
            S->logging_seen = 1;
        }
        return;
    }
    if (teq(b, "password-encryption"))
        s = S_PWENC;
    else if (teq(b, "tcp-small-servers"))
        s = S_SMALL_TCP;
    else if (teq(b, "udp-small-servers"))
        s = S_SMALL_UDP;
    else if (teq(b, "finger"))
        s = S_FINGER;
    else if (teq(b, "pad"))
        s = S_PAD;
    else if (teq(b, "dhcp"))
        s = S_DHCP;
    else
        return;
    S->svc[s].set = 1;
    S->svc[s].enabled = on;
    S->svc[s].line = st->line;
}

static void svc_set(struct state *S, enum svc s, int on, unsigned long line)
{
    S->svc[s].set = 1;
    S->svc[s].enabled = on;
    S->svc[s].line = line;
}

static void ip_stmt(struct state *S, const struct stmt *st)
{
    const struct tok *b = W(st, 1), *c = W(st, 2);
    int on = !st->neg;

    if (b == NULL)
        return;
    if (teq(b, "http") && c != NULL) {
        if (teq(c, "server"))
            svc_set(S, S_HTTP, on, st->line);
        else if (teq(c, "secure-server"))
            svc_set(S, S_HTTPS, on, st->line);
        else if (teq(c, "access-class") && W(st, 3) != NULL && on) {
            tcopy(S->svc[S_HTTP].scope, sizeof S->svc[S_HTTP].scope, W(st, 3));
            tcopy(S->svc[S_HTTPS].scope, sizeof S->svc[S_HTTPS].scope, W(st, 3));
        }
    } else if (teq(b, "ssh") && c != NULL) {
        if (teq(c, "version") && W(st, 3) != NULL) {
            S->ssh_version = st->neg ? 0 : (int)tnum(W(st, 3));
            S->ssh_version_line = st->line;
        }
    } else if (teq(b, "scp") && c != NULL && teq(c, "server")) {
        svc_set(S, S_SCP, on, st->line);
    } else if (teq(b, "finger")) {
        svc_set(S, S_FINGER, on, st->line);
    } else if (teq(b, "bootp") && c != NULL && teq(c, "server")) {
        svc_set(S, S_BOOTP, on, st->line);
    } else if (teq(b, "source-route")) {
        svc_set(S, S_SOURCE_ROUTE, on, st->line);
    }
}

/* `line N [M]` and `line S/P [S/P]`: absolute line numbers.  `show
 * running-config` prints console, aux and vty lines by their type (`line
 * con 0`, `line aux 0`, `line vty 0 4`) and only asynchronous TTY lines by
 * number (`line 33 48`, `line 1/1 1/8` on slot/port hardware): Cisco IOS
 * Terminal Services Configuration Guide, "Line numbering".  So an absolute
 * number is a TTY line, except line 0, which is always the console (CTY).
 * Which absolute numbers the aux and vty lines have depends on the
 * hardware, which the export does not show: a hand-written `line 2 6` is
 * taken as TTY lines too, whose remote access (reverse telnet) depends on
 * `transport input`, read as written; nothing is assumed for it. */
static const char *line_abs_channel(const struct tok *b)
{
    size_t i, slash = 0;

    for (i = 0; i < b->len; i++) {
        if (b->s[i] == '/')
            slash++;
        else if (b->s[i] < '0' || b->s[i] > '9')
            return NULL;
    }
    if (b->len == 0 || slash > 2 || b->s[0] == '/' || b->s[b->len - 1] == '/')
        return NULL;
    return slash == 0 && tnum(b) == 0 ? "console" : "tty";
}

static void line_header(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *b = W(st, 1), *first = W(st, 2), *last = W(st, 3);
    const char *ch;
    xmlNodePtr f;

    if (b == NULL || st->neg)
        return;
    if (teq(b, "con") || teq(b, "console"))
        ch = "console";
    else if (teq(b, "vty"))
        ch = "vty";
    else if (teq(b, "aux"))
        ch = "aux";
    else if ((ch = line_abs_channel(b)) == NULL)
        return;
    S->device_markers++;
    if (line_abs_channel(b) != NULL) { /* `line FIRST [LAST]`: no type word */
        last = first;
        first = b;
    }
    f = otlp_doc_fact(&S->doc, "session", st->line);
    otlp_doc_set(&S->doc, f, "channel", ch);
    sett(S, f, "first", first);
    sett(S, f, "last", last != NULL ? last : first);
    bk->kind = B_LINE;
    bk->fact = f;
    bk->tty = strcmp(ch, "tty") == 0;
}

static void line_sub(struct state *S, struct blk *bk, const struct stmt *st, const struct redact *r)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);
    xmlNodePtr f = bk->fact;

    if (f == NULL || a == NULL)
        return;
    if (teq(a, "exec-timeout")) {
        long m = b != NULL ? tnum(b) : 0, s = W(st, 2) != NULL ? tnum(W(st, 2)) : 0;
        if (st->neg) {
            bk->timeout_set = 0;
            return;
        }
        if (m < 0 || s < 0)
            return;
        otlp_doc_setf(&S->doc, f, "idle-timeout", "%ld", m * 60 + s);
        bk->timeout_set = 1;
    } else if (teq(a, "transport") && b != NULL && teq(b, "input")) {
        if (st->neg || W(st, 2) == NULL)
            return;
        setrest(S, f, "transport-in", st, 2);
        bk->transport_set = 1;
    } else if (teq(a, "access-class") && b != NULL && !st->neg) {
        if (W(st, 2) == NULL || teq(W(st, 2), "in"))
            sett(S, f, "access-list", b);
    } else if (teq(a, "login")) {
        if (st->neg)
            otlp_doc_set(&S->doc, f, "login", "none");
        else if (b == NULL)
            otlp_doc_set(&S->doc, f, "login", "password");
        else if (teq(b, "local"))
            otlp_doc_set(&S->doc, f, "login", "local");
        else if (teq(b, "authentication")) {
            otlp_doc_set(&S->doc, f, "login", "aaa");
            /* `login authentication {default|LIST}` (issue 22) */
            if (W(st, 2) != NULL)
                tcopy(bk->list, sizeof bk->list, W(st, 2));
        }
        bk->login_set = 1;
    } else if (tabbr(a, "password", 3) && r->have) { /* `pas`: padding, parity */
        const char *kd = known_default(r);
        otlp_doc_set(&S->doc, f, "secret-kind", secret_kind(r->type, 0));
        otlp_doc_set(&S->doc, f, "known-default", kd);
    } else if (teq(a, "exec") && b == NULL) {
        otlp_doc_setb(&S->doc, f, "exec", !st->neg);
        bk->exec_set = 1;
    } else if (teq(a, "privilege") && b != NULL && teq(b, "level") && W(st, 2) != NULL &&
               !st->neg && tnum(W(st, 2)) >= 0) {
        /* `privilege level N`: the level a session on the line starts at
         * (Cisco IOS Security Command Reference; default 1) */
        sett(S, f, "privilege", W(st, 2));
    }
}

/* prefix length of a dotted mask, -1 when not contiguous */
static int mask_len(const struct tok *t)
{
    unsigned long v = 0, part = 0;
    int dots = 0, len = 0;
    size_t i;
    if (t == NULL || t->len > 15)
        return -1;
    for (i = 0; i <= t->len; i++) {
        if (i == t->len || t->s[i] == '.') {
            if (part > 255)
                return -1;
            v = (v << 8) | part;
            part = 0;
            dots += i < t->len;
        } else if (t->s[i] >= '0' && t->s[i] <= '9') {
            part = part * 10 + (unsigned long)(t->s[i] - '0');
        } else
            return -1;
    }
    if (dots != 3)
        return -1;
    while (len < 32 && (v & (1ul << (31 - len))))
        len++;
    if ((v & ((1ul << (32 - len)) - 1ul)) != 0 && len < 32)
        return -1;
    return len;
}

static void interface_sub(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    xmlNodePtr f = bk->fact;

    if (f == NULL || a == NULL)
        return;
    if (teq(a, "shutdown")) {
        otlp_doc_setb(&S->doc, f, "enabled", st->neg);
    } else if (teq(a, "description") && !st->neg) {
        setrest(S, f, "description", st, 1);
    } else if (teq(a, "switchport")) {
        S->switch_hint = 1;
        if (st->neg && b == NULL) {
            otlp_doc_set(&S->doc, f, "mode", "routed");
            bk->mode_set = 1;
            return;
        }
        bk->sw_seen = 1;
        if (b == NULL || st->neg)
            return;
        if (teq(b, "mode") && c != NULL) {
            otlp_doc_set(&S->doc, f, "mode", teq(c, "access") ? "access" : teq(c, "trunk") ? "trunk" : "unknown");
            bk->mode_set = 1;
        } else if (teq(b, "access") && c != NULL && teq(c, "vlan") && W(st, 3) != NULL) {
            sett(S, f, "vlan", W(st, 3));
            bk->access_hint = 1;
        } else if (teq(b, "port-security") && (c == NULL || !teq(c, "violation"))) {
            if (c == NULL)
                otlp_doc_setb(&S->doc, f, "port-security", 1);
        }
    } else if (teq(a, "spanning-tree") && b != NULL && teq(b, "portfast") && !st->neg &&
               (c == NULL || teq(c, "edge")) && W(st, 3) == NULL) {
        /* `spanning-tree portfast [edge]` (not `trunk`): an edge/access port */
        bk->access_hint = 1;
        S->switch_hint = 1;
    } else if ((teq(a, "ip") || teq(a, "ipv6")) && b != NULL && teq(b, "address")) {
        if (st->neg)
            return;
        bk->l3_seen = 1;
        if (has_attr(f, "address"))
            return; /* the primary address comes first */
        if (c != NULL && W(st, 3) != NULL && teq(a, "ip") && mask_len(W(st, 3)) >= 0) {
            otlp_doc_setf(&S->doc, f, "address", "%.*s/%d", (int)c->len, c->s, mask_len(W(st, 3)));
        } else if (c != NULL)
            sett(S, f, "address", c);
    } else if ((teq(a, "dot1x") && b != NULL && teq(b, "pae")) ||
               ((teq(a, "authentication") || teq(a, "access-session")) && b != NULL &&
                teq(b, "port-control") && c != NULL && teq(c, "auto"))) {
        if (!st->neg)
            otlp_doc_setb(&S->doc, f, "dot1x", 1);
    } else if ((teq(a, "vrf") && b != NULL && teq(b, "forwarding")) ||
               (teq(a, "ip") && b != NULL && teq(b, "vrf") && c != NULL && teq(c, "forwarding"))) {
        const struct tok *v = teq(a, "vrf") ? c : W(st, 3);
        if (v != NULL && tpre(v, "Mgmt"))
            otlp_doc_setb(&S->doc, f, "mgmt", 1);
    }
}

static void banner_start(struct state *S, const struct stmt *st)
{
    static const char *const kinds[] = {"motd", "login", "exec", "incoming", "slip-ppp",
                                        "prompt-timeout", "config-save", NULL};
    const struct tok *b = W(st, 1);
    const char *kind = "motd", *p, *end = st->text + st->len, *q;
    xmlNodePtr f;

    if (b == NULL || st->neg)
        return;
    p = in_table(kinds, b) ? b->s + b->len : b->s;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p >= end)
        return;
    f = otlp_doc_fact(&S->doc, "banner", st->line);
    if (in_table(kinds, b))
        sett(S, f, "kind", b);
    else
        otlp_doc_set(&S->doc, f, "kind", kind);
    if (end - p >= 2 && p[0] == '^' && p[1] == 'C') {
        S->delim[0] = '^';
        S->delim[1] = 'C';
        S->delim_len = 2;
    } else {
        S->delim[0] = *p;
        S->delim_len = 1;
    }
    p += S->delim_len;
    S->banner_fact = f;
    S->banner_line = st->line;
    S->banner_body = 0;
    /* the text may close on the same line */
    for (q = p; q + S->delim_len <= end; q++)
        if (memcmp(q, S->delim, S->delim_len) == 0)
            break;
    {
        const char *stop = q + S->delim_len <= end ? q : end;
        const char *x;
        for (x = p; x < stop; x++)
            if (*x != ' ' && *x != '\t')
                S->banner_body = 1;
    }
    if (q + S->delim_len <= end) {
        otlp_doc_setb(&S->doc, f, "present", S->banner_body);
        S->banner_fact = NULL;
        return;
    }
    S->in_banner = 1;
}

/* One banner body line: returns 1 when the banner ends on it. */
static int banner_line(struct state *S, const char *s, size_t len)
{
    size_t i;
    for (i = 0; i + S->delim_len <= len; i++) {
        if (memcmp(s + i, S->delim, S->delim_len) == 0) {
            size_t k;
            for (k = 0; k < i; k++)
                if (s[k] != ' ' && s[k] != '\t')
                    S->banner_body = 1;
            otlp_doc_setb(&S->doc, S->banner_fact, "present", S->banner_body);
            S->in_banner = 0;
            S->banner_fact = NULL;
            return 1;
        }
    }
    for (i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            S->banner_body = 1;
    return 0;
}

/* Is the rest of a `!` comment an elision marker: `! ...`, `!...`, `! …`,
 * `! <snip>`, `! --- snip ---`?  Such a file had sections cut out. */
static int elision_marker(const char *s, size_t len)
{
    size_t i = 0, dots = 0;

    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (len - i >= 3 && memcmp(s + i, "\xe2\x80\xa6", 3) == 0)
        return 1;
    for (; i < len && s[i] == '.'; i++)
        dots++;
    if (dots >= 3) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        return i == len;
    }
    for (; i + 4 <= len; i++) /* `snip` as a word: <snip>, --- snip --- */
        if (ncase_eq(s + i, "snip", 4) && (i == 0 || !isalpha((unsigned char)s[i - 1])) &&
            (i + 4 == len || !isalpha((unsigned char)s[i + 4])))
            return 1;
    return 0;
}

/* Model and release from backup-tool header comments (oxidized/RANCID
 * print `show version` / `show inventory` as `!` comments). */
static void header_comment(struct state *S, const char *s, size_t len)
{
    char buf[256];
    size_t l = len < sizeof buf - 1 ? len : sizeof buf - 1;
    const char *p;
    memcpy(buf, s, l);
    buf[l] = '\0';
    if (strstr(buf, "IOS XE") != NULL || strstr(buf, "IOS-XE") != NULL)
        S->xe_hint = 1;
    if (S->model[0] == '\0' && ((p = strstr(buf, "Chassis type:")) != NULL ||
                                (p = strstr(buf, "PID:")) != NULL)) {
        size_t n = 0;
        p = strchr(p, ':') + 1;
        while (*p == ' ')
            p++;
        while (p[n] != '\0' && p[n] != ' ' && p[n] != ',' && n < sizeof S->model - 1)
            n++;
        if (n > 0) {
            memcpy(S->model, p, n);
            S->model[n] = '\0';
        }
    }
    if (S->serial[0] == '\0' && (p = strstr(buf, "Processor ID:")) != NULL) {
        size_t n = 0;
        p += strlen("Processor ID:");
        while (*p == ' ')
            p++;
        while (p[n] != '\0' && p[n] != ' ' && n < sizeof S->serial - 1)
            n++;
        memcpy(S->serial, p, n);
        S->serial[n] = '\0';
    }
}

static int defaults_ok(const struct state *S);

/* ------------------------------------------------ firewall model (fw_*)
 *
 * Issue 24: access lists, object groups, their bindings, management
 * access, zone-based firewall zones, static NAT and IKE/IPsec crypto, in the
 * vendor-neutral firewall model (docs/facts.md "Firewall model").  Grammar:
 * Cisco IOS Security Configuration Guide: Access Control Lists ("IP Access
 * List Overview", "Creating an IP Access List and Applying It to an
 * Interface", "IP Access List Entry Sequence Numbering"), Object Groups for
 * ACLs, IPv6 Access Control Lists, Zone-Based Policy Firewall, Internet Key
 * Exchange for IPsec VPNs (IKEv1 and IKEv2), IP Addressing: NAT
 * Configuration Guide, Secure Shell Configuration Guide; Cisco IOS Security
 * Command Reference (`permit`, `deny`, `access-list`, `object-group`,
 * `crypto isakmp policy`, `crypto ipsec transform-set`, `ip ssh`):
 *
 *   access-list N {permit|deny} ...          numbered: 1-99, 1300-1999 standard,
 *                                            100-199, 2000-2699 extended
 *   ip access-list {standard|extended} NAME  named; entries [SEQ] permit|deny ...
 *   ipv6 access-list NAME                    entries [sequence N] permit|deny ...
 *   EXTENDED: {permit|deny} PROTO SRC [PORTS] DST [PORTS] [established]
 *             [log|log-input] [time-range T] ...
 *   STANDARD: {permit|deny} {any|host A|A [WILDCARD]} [log]
 *   ADDRESS:  any | host A | A WILDCARD | object-group NAME | X:X::/LEN
 *   PORTS:    eq P [P...] | lt P | gt P | neq P | range P Q
 *   object-group network NAME / host A | A MASK | range A B | group-object N
 *   object-group service NAME / {tcp|udp|tcp-udp} [source OP P] [OP P] | PROTO | group-object N
 *   interface: ip access-group ACL {in|out}; ipv6 traffic-filter ACL {in|out};
 *              zone-member security Z; ip nat {inside|outside}
 *   zone security Z; ip nat inside source static [tcp|udp] L [LP] G [GP]
 *   crypto isakmp policy N / encr|hash|group|authentication|lifetime
 *   crypto ikev2 proposal N / encryption|integrity|group
 *   crypto ipsec transform-set N T1 [T2 [T3]]; crypto map M N ... / set pfs [groupN]
 *   ip ssh server algorithm {kex|hostkey} ...
 */

static void fw_free(struct fwstate *F)
{
    size_t i;
    struct fwtab *t[2] = {&F->acls, &F->objs};
    for (int k = 0; k < 2; k++) {
        for (i = 0; i < t[k]->cap; i++) {
            free(t[k]->e[i].name);
            free(t[k]->e[i].src);
            free(t[k]->e[i].ace);
            free(t[k]->e[i].text);
        }
        free(t[k]->e);
    }
    free(F->nat);
    free(F->outside);
    free(F->isakmp);
}

/* Names are case-sensitive in IOS (ACL and object-group names). */
static uint32_t fw_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static struct fwent *fw_find(struct fwtab *t, const char *s, size_t n)
{
    uint32_t h = fw_hash(s, n);
    size_t i;
    if (t->cap == 0)
        return NULL;
    for (i = h & (t->cap - 1); t->e[i].name != NULL; i = (i + 1) & (t->cap - 1))
        if (t->e[i].h == h && strlen(t->e[i].name) == n && memcmp(t->e[i].name, s, n) == 0)
            return &t->e[i];
    return NULL;
}

static int fw_grow(struct fwtab *t)
{
    size_t ncap = t->cap ? t->cap * 2 : 64, i, j;
    struct fwent *ne = calloc(ncap, sizeof *ne);
    if (ne == NULL)
        return -1;
    for (i = 0; i < t->cap; i++) {
        if (t->e[i].name == NULL)
            continue;
        for (j = t->e[i].h & (ncap - 1); ne[j].name != NULL; j = (j + 1) & (ncap - 1))
            ;
        ne[j] = t->e[i];
    }
    free(t->e);
    t->e = ne;
    t->cap = ncap;
    return 0;
}

/* The entry of name s (made when absent), or NULL out of memory. */
static struct fwent *fw_get(struct state *S, struct fwtab *t, const char *s, size_t n)
{
    struct fwent *e = fw_find(t, s, n);
    size_t i;
    uint32_t h;

    if (e != NULL)
        return e;
    if ((t->n + 1) * 2 > t->cap && fw_grow(t) != 0) {
        otlp_doc_nomem(&S->doc);
        return NULL;
    }
    h = fw_hash(s, n);
    for (i = h & (t->cap - 1); t->e[i].name != NULL; i = (i + 1) & (t->cap - 1))
        ;
    e = &t->e[i];
    e->name = malloc(n + 1);
    if (e->name == NULL) {
        otlp_doc_nomem(&S->doc);
        return NULL;
    }
    memcpy(e->name, s, n);
    e->name[n] = '\0';
    e->h = h;
    e->ord = t->n++;
    return e;
}

static int fw_push(struct state *S, void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        void *p = realloc(*arr, nc * size);
        if (p == NULL) {
            otlp_doc_nomem(&S->doc);
            return -1;
        }
        *arr = p;
        *cap = nc;
    }
    return 0;
}

/* ---- words of an access-list entry */

static int fw_dotted(const struct tok *t)
{
    size_t i, dots = 0;
    if (t == NULL || t->len < 7 || t->len > 15)
        return 0;
    for (i = 0; i < t->len; i++) {
        if (t->s[i] == '.')
            dots++;
        else if (t->s[i] < '0' || t->s[i] > '9')
            return 0;
    }
    return dots == 3;
}

static int fw_v6(const struct tok *t)
{
    return t != NULL && memchr(t->s, ':', t->len) != NULL;
}

/* One side of an entry.  `any` set, or `name` (an object group), or `addr`
 * (a literal as docs/facts.md writes it). */
struct fwend {
    int any;
    const struct tok *name;
    char addr[96];
};

/* Parse an address at word i (counted from the statement's keyword);
 * returns the number of words it takes, 0 when there is none.  `std`: a
 * standard ACL, where a lone address is a host. */
static size_t fw_addr(const struct stmt *st, size_t i, int std, struct fwend *e)
{
    const struct tok *a = W(st, i), *b = W(st, i + 1);
    int p;

    memset(e, 0, sizeof *e);
    if (a == NULL)
        return 0;
    if (teq(a, "any") || teq(a, "any4") || teq(a, "any6")) {
        e->any = 1;
        return 1;
    }
    if ((teq(a, "host") || teq(a, "object-group") || teq(a, "addrgroup")) && b != NULL) {
        if (teq(a, "host"))
            snprintf(e->addr, sizeof e->addr, "%.*s", (int)b->len, b->s);
        else
            e->name = b;
        return 2;
    }
    if (fw_v6(a) || memchr(a->s, '/', a->len) != NULL) {
        snprintf(e->addr, sizeof e->addr, "%.*s", (int)a->len, a->s);
        return 1;
    }
    if (!fw_dotted(a))
        return 0;
    if (!fw_dotted(b)) {
        if (!std)
            return 0;
        snprintf(e->addr, sizeof e->addr, "%.*s", (int)a->len, a->s);
        return 1;
    }
    p = otlp_wildcard_prefix(b->s, b->len);
    if (p == 32)
        snprintf(e->addr, sizeof e->addr, "%.*s", (int)a->len, a->s);
    else if (p == 0 && a->len == 7 && memcmp(a->s, "0.0.0.0", 7) == 0)
        e->any = 1;
    else if (p >= 0)
        snprintf(e->addr, sizeof e->addr, "%.*s/%d", (int)a->len, a->s, p);
    else /* non-contiguous wildcard: kept as ADDRESS/WILDCARD */
        snprintf(e->addr, sizeof e->addr, "%.*s/%.*s", (int)a->len, a->s, (int)b->len, b->s);
    return 2;
}

/* Port keywords of IOS access lists and object groups (Cisco IOS Security
 * Command Reference, `permit` (IP extended): the TCP and UDP port names the
 * CLI offers; the same list is the acl-port-type of the Cisco-IOS-XE-acl
 * YANG model).  `u`: 1 TCP only, 2 UDP only, 3 both. */
struct fwport {
    const char *name;
    unsigned short port;
    unsigned char u;
};
static const struct fwport fw_ports_tab[] = {
    {"bgp", 179, 1},        {"biff", 512, 2},      {"bootpc", 68, 2},      {"bootps", 67, 2},
    {"chargen", 19, 1},     {"cmd", 514, 1},       {"daytime", 13, 1},     {"discard", 9, 3},
    {"dnsix", 195, 2},      {"domain", 53, 3},     {"drip", 3949, 1},      {"echo", 7, 3},
    {"exec", 512, 1},       {"finger", 79, 1},     {"ftp", 21, 1},         {"ftp-data", 20, 1},
    {"gopher", 70, 1},      {"hostname", 101, 1},  {"ident", 113, 1},      {"irc", 194, 1},
    {"isakmp", 500, 2},     {"klogin", 543, 1},    {"kshell", 544, 1},     {"login", 513, 1},
    {"lpd", 515, 1},        {"mobile-ip", 434, 2}, {"msrpc", 135, 1},      {"nameserver", 42, 2},
    {"netbios-dgm", 138, 2}, {"netbios-ns", 137, 2}, {"netbios-ss", 139, 3}, {"nntp", 119, 1},
    {"non500-isakmp", 4500, 2}, {"ntp", 123, 2},   {"onep-plain", 15001, 1}, {"onep-tls", 15002, 1},
    {"pim-auto-rp", 496, 3}, {"pop2", 109, 1},     {"pop3", 110, 1},       {"rip", 520, 2},
    {"smtp", 25, 1},        {"snmp", 161, 2},      {"snmptrap", 162, 2},   {"sunrpc", 111, 3},
    {"syslog", 514, 2},     {"tacacs", 49, 3},     {"talk", 517, 3},       {"telnet", 23, 1},
    {"tftp", 69, 2},        {"time", 37, 3},       {"uucp", 540, 1},       {"who", 513, 2},
    {"whois", 43, 1},       {"www", 80, 1},        {"xdmcp", 177, 2},      {NULL, 0, 0}};

/* The number of a port word, -1 when it is none. */
static long fw_port(const struct tok *t)
{
    size_t i;
    long v;
    if (t == NULL)
        return -1;
    if ((v = tnum(t)) >= 0)
        return v <= 65535 ? v : -1;
    for (i = 0; fw_ports_tab[i].name != NULL; i++)
        if (teq(t, fw_ports_tab[i].name))
            return fw_ports_tab[i].port;
    return -1;
}

/* A port operator at word i into `out` (numbers and A-B ranges, space
 * separated; lt/gt/neq as ranges); returns the words it takes, 0 if none. */
static size_t fw_portop(const struct stmt *st, size_t i, char *out, size_t cap)
{
    const struct tok *op = W(st, i);
    long p = fw_port(W(st, i + 1)), q;
    size_t n = 2, o = 0;

    out[0] = '\0';
    if (op == NULL || p < 0)
        return 0;
    if (teq(op, "eq")) {
        o = (size_t)snprintf(out, cap, "%ld", p);
        while ((q = fw_port(W(st, i + n))) >= 0 && o < cap) { /* `eq P1 P2 ...` (up to 10) */
            o += (size_t)snprintf(out + o, cap - o, " %ld", q);
            n++;
        }
    } else if (teq(op, "lt"))
        snprintf(out, cap, p > 0 ? "0-%ld" : "none", p - 1);
    else if (teq(op, "gt"))
        snprintf(out, cap, p < 65535 ? "%ld-65535" : "none", p + 1);
    else if (teq(op, "neq"))
        snprintf(out, cap, p == 0 ? "1-65535" : p == 65535 ? "0-65534" : "0-%ld %ld-65535",
                 p - 1, p + 1);
    else if (teq(op, "range") && (q = fw_port(W(st, i + 2))) >= 0) {
        snprintf(out, cap, "%ld-%ld", p, q);
        n = 3;
    } else
        return 0;
    return n;
}

/* IP protocol keywords of IOS access lists as the model writes them. */
static const char *fw_proto(const struct tok *t, int v6)
{
    static const char *const kw[][2] = {
        {"ip", "ip"},    {"ipv6", "ip"},  {"tcp", "tcp"}, {"udp", "udp"},  {"icmp", "icmp"},
        {"igmp", "2"},   {"ipinip", "4"}, {"gre", "47"},  {"esp", "50"},   {"ahp", "51"},
        {"eigrp", "88"}, {"ospf", "89"},  {"nos", "94"},  {"pim", "103"},  {"pcp", "108"},
        {"sctp", "sctp"}, {"tcp-udp", "tcp-udp"}, {NULL, NULL}};
    for (size_t i = 0; kw[i][0] != NULL; i++)
        if (teq(t, kw[i][0]))
            return v6 && strcmp(kw[i][1], "icmp") == 0 ? "icmp6" : kw[i][1];
    return NULL;
}

static void fw_endpoint(struct state *S, xmlNodePtr f, const char *el, const struct fwend *e,
                        unsigned long line)
{
    xmlNodePtr c = otlp_doc_node(&S->doc, f, el, line);
    if (e->any)
        otlp_doc_set(&S->doc, c, "any", "true");
    else if (e->name != NULL)
        otlp_doc_setn(&S->doc, c, "name", e->name->s, e->name->len);
    else
        otlp_doc_set(&S->doc, c, "address", e->addr);
}

/* The ACL of name t (made on first use, with its kind). */
static struct fwent *fw_acl(struct state *S, const struct tok *t, int kind)
{
    struct fwent *e = fw_get(S, &S->fw.acls, t->s, t->len);
    if (e != NULL && e->kind == 0)
        e->kind = kind;
    return e;
}

/* An access-list entry parsed (words of `st`). */
struct fwrule {
    const struct tok *act, *grp, *tr, *pnum;
    const char *proto;
    struct fwend src, dst;
    char sp[160], dp[160];
    int log, permit;
};

/* Parse the entry whose action is word i: 0, or -1 when it is not one the
 * model takes (a remark, an unknown form). */
static int fw_parse(const struct stmt *st, size_t i, int kind, struct fwrule *r)
{
    const struct tok *pt;
    size_t n, j = i + 1;

    memset(r, 0, sizeof *r);
    r->act = W(st, i);
    if (r->act == NULL || !(teq(r->act, "permit") || teq(r->act, "deny")))
        return -1;
    r->permit = teq(r->act, "permit");
    if (kind == 1) {
        if ((n = fw_addr(st, j, 1, &r->src)) == 0)
            return -1;
        r->dst.any = 1;
        j += n;
    } else {
        if ((pt = W(st, j)) == NULL)
            return -1;
        if (teq(pt, "object-group") && W(st, j + 1) != NULL) {
            r->grp = W(st, j + 1);
            j += 2;
        } else {
            if ((r->proto = fw_proto(pt, kind == 3)) == NULL)
                r->pnum = pt; /* a protocol number */
            j++;
        }
        if ((n = fw_addr(st, j, 0, &r->src)) == 0)
            return -1;
        j += n;
        j += fw_portop(st, j, r->sp, sizeof r->sp);
        if ((n = fw_addr(st, j, 0, &r->dst)) == 0)
            return -1;
        j += n;
        j += fw_portop(st, j, r->dp, sizeof r->dp);
    }
    for (; W(st, j) != NULL; j++) {
        if (teq(W(st, j), "log") || teq(W(st, j), "log-input"))
            r->log = 1;
        else if (teq(W(st, j), "time-range"))
            r->tr = W(st, j + 1);
    }
    return 0;
}

/* One entry of ACL `acl`, action at word i: kept (text, line, sequence
 * number) for the end of the file.  seq 0: 10 after the last, as IOS
 * numbers entries without one (IP Access List Entry Sequence Numbering). */
static void fw_entry(struct state *S, struct fwent *acl, const struct stmt *st, size_t i,
                     unsigned long seq)
{
    const struct tok *act = W(st, i);
    struct fwace *a;
    size_t j;

    if (act == NULL || st->neg || !(teq(act, "permit") || teq(act, "deny")) || i > 8)
        return;
    if (acl->kind == 3)
        for (j = i + 1; W(st, j) != NULL; j++) /* IPv6: `... sequence N` at the end */
            if (teq(W(st, j), "sequence") && tnum(W(st, j + 1)) > 0)
                seq = (unsigned long)tnum(W(st, j + 1));
    if (fw_push(S, (void **)&acl->ace, &acl->nace, &acl->capace, sizeof *acl->ace) != 0)
        return;
    if (acl->textlen + st->len > acl->textcap) {
        size_t nc = (acl->textcap ? acl->textcap * 2 : 256) + st->len;
        char *p = realloc(acl->text, nc);
        if (p == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        acl->text = p;
        acl->textcap = nc;
    }
    acl->seq = seq != 0 ? seq : acl->seq + 10;
    a = &acl->ace[acl->nace++];
    a->line = st->line;
    a->seq = acl->seq;
    a->off = acl->textlen;
    a->len = st->len;
    a->act = (unsigned char)(i + st->k);
    memcpy(acl->text + acl->textlen, st->text, st->len);
    acl->textlen += st->len;
}

/* The stored entry k of acl, split again into st. */
static void fw_ace_stmt(const struct fwent *acl, size_t k, struct stmt *st)
{
    const struct fwace *a = &acl->ace[k];
    st->text = acl->text + a->off;
    st->len = a->len;
    st->line = a->line;
    split(st);
    st->k = 0; /* the action index counts from the first word */
}

/* The fw-rule of stored entry k of a bound ACL. */
static void fw_rule_emit(struct state *S, const struct fwent *acl, size_t k)
{
    struct stmt st;
    struct fwrule r;
    xmlNodePtr f, c;

    fw_ace_stmt(acl, k, &st);
    if (fw_parse(&st, acl->ace[k].act, acl->kind, &r) != 0)
        return;
    otlp_doc_at(&S->doc, st.line);
    f = otlp_doc_fact(&S->doc, "fw-rule", st.line);
    otlp_doc_set(&S->doc, f, "policy", acl->name);
    otlp_doc_set(&S->doc, f, "kind", "acl");
    otlp_doc_setu(&S->doc, f, "seq", acl->ace[k].seq);
    otlp_doc_set(&S->doc, f, "action", r.permit ? "permit" : "deny");
    otlp_doc_setb(&S->doc, f, "log", r.log);
    otlp_doc_set(&S->doc, f, "enabled", "true");
    if (r.tr != NULL)
        otlp_doc_setn(&S->doc, f, "schedule", r.tr->s, r.tr->len);
    fw_endpoint(S, f, "source", &r.src, st.line);
    fw_endpoint(S, f, "destination", &r.dst, st.line);
    c = otlp_doc_node(&S->doc, f, "service", st.line);
    if (r.grp != NULL)
        otlp_doc_setn(&S->doc, c, "name", r.grp->s, r.grp->len);
    else if (acl->kind == 1 || (r.proto != NULL && strcmp(r.proto, "ip") == 0))
        otlp_doc_set(&S->doc, c, "any", "true");
    else {
        if (r.proto != NULL)
            otlp_doc_set(&S->doc, c, "protocol", r.proto);
        else
            otlp_doc_setn(&S->doc, c, "protocol", r.pnum->s, r.pnum->len);
        if (r.dp[0] != '\0')
            otlp_doc_set(&S->doc, c, "ports", r.dp);
        if (r.sp[0] != '\0')
            otlp_doc_set(&S->doc, c, "source-ports", r.sp);
    }
}

/* The kind of a numbered ACL: 1 standard, 2 extended, 0 another type
 * (MAC, protocol-type, ...). */
static int fw_numbered(const struct tok *t)
{
    long n = tnum(t);
    if ((n >= 1 && n <= 99) || (n >= 1300 && n <= 1999))
        return 1;
    if ((n >= 100 && n <= 199) || (n >= 2000 && n <= 2699))
        return 2;
    return 0;
}

/* ---- object groups */

static void fw_member(struct state *S, xmlNodePtr g, const char *name, unsigned long line)
{
    xmlNodePtr m = otlp_doc_node(&S->doc, g, "member", line);
    otlp_doc_set(&S->doc, m, "name", name);
}

/* A line of `object-group network NAME`: a member named by its literal
 * (`10.0.0.0/24`, `10.0.0.1-10.0.0.9`, a host) or the group it includes. */
static void fw_objnet_sub(struct state *S, xmlNodePtr g, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    char v[128];
    int p;

    if (a == NULL || st->neg || g == NULL)
        return;
    if (teq(a, "group-object") && b != NULL) {
        tcopy(v, sizeof v, b);
    } else if (teq(a, "host") && b != NULL) {
        tcopy(v, sizeof v, b);
    } else if (teq(a, "range") && b != NULL && c != NULL) {
        snprintf(v, sizeof v, "%.*s-%.*s", (int)b->len, b->s, (int)c->len, c->s);
    } else if (teq(a, "any")) {
        snprintf(v, sizeof v, "any");
    } else if (fw_dotted(a) && fw_dotted(b) && (p = otlp_mask_prefix(b->s, b->len)) >= 0) {
        if (p == 32)
            tcopy(v, sizeof v, a);
        else
            snprintf(v, sizeof v, "%.*s/%d", (int)a->len, a->s, p);
    } else if (fw_v6(a) || (fw_dotted(a) && b == NULL)) {
        tcopy(v, sizeof v, a);
    } else
        return;
    fw_member(S, g, v, st->line);
}

/* A literal member of a service group, PROTO[/PORTS] (the notation of
 * derived/@services): the member names it, and it is written once as a
 * fw-service of that name (kind service, protocol, ports), so that the
 * group resolves like one of named services. */
static void fw_svc_literal(struct state *S, xmlNodePtr g, const char *proto, const char *ports,
                           unsigned long line)
{
    char v[200];
    struct fwent *e;
    xmlNodePtr f;

    snprintf(v, sizeof v, "%s%s%s", proto, ports != NULL ? "/" : "", ports != NULL ? ports : "");
    fw_member(S, g, v, line);
    if ((e = fw_get(S, &S->fw.objs, v, strlen(v))) == NULL || e->kind != 0)
        return;
    e->kind = 3;
    f = otlp_doc_fact(&S->doc, "fw-service", line);
    otlp_doc_set(&S->doc, f, "name", v);
    otlp_doc_set(&S->doc, f, "kind", "service");
    otlp_doc_set(&S->doc, f, "protocol", proto);
    if (ports != NULL)
        otlp_doc_set(&S->doc, f, "ports", ports);
}

/* A line of `object-group service NAME`: `tcp eq 502`, `udp range 1 9`,
 * `tcp-udp eq 53`, `tcp source eq 1 eq 2`, `icmp echo`, `esp`, `ip`, or
 * `group-object N`; a port list gives one member per port. */
static void fw_objsvc_sub(struct state *S, xmlNodePtr g, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);
    const char *proto;
    char ports[160], v[200];
    size_t j = 1;

    if (a == NULL || st->neg || g == NULL)
        return;
    if (teq(a, "group-object") && b != NULL) {
        tcopy(v, sizeof v, b);
        fw_member(S, g, v, st->line);
        return;
    }
    if (teq(a, "description"))
        return;
    proto = fw_proto(a, 0);
    if (proto == NULL && tnum(a) < 0)
        return;
    if (b != NULL && teq(b, "source")) { /* source ports: the service is the destination's */
        j = 2;
        j += fw_portop(st, j, ports, sizeof ports);
    }
    if (proto == NULL) {
        tcopy(v, sizeof v, a); /* a protocol number */
        proto = v;
    }
    if (fw_portop(st, j, ports, sizeof ports) > 0) {
        char *p = ports, *q;
        do { /* one member per port or range */
            if ((q = strchr(p, ' ')) != NULL)
                *q = '\0';
            fw_svc_literal(S, g, proto, p, st->line);
            p = q != NULL ? q + 1 : NULL;
        } while (p != NULL);
    } else {
        fw_svc_literal(S, g, proto, NULL, st->line);
    }
}

static void fw_objgroup(struct state *S, const struct stmt *st, struct blk *bk)
{
    const struct tok *b = W(st, 1), *nm = W(st, 2);
    int net;
    struct fwent *e;
    xmlNodePtr f;

    if (b == NULL || nm == NULL || st->neg)
        return;
    net = teq(b, "network");
    if (!net && !teq(b, "service"))
        return;
    if ((e = fw_get(S, &S->fw.objs, nm->s, nm->len)) == NULL)
        return;
    f = otlp_doc_fact(&S->doc, net ? "fw-address" : "fw-service", st->line);
    otlp_doc_set(&S->doc, f, "name", e->name);
    otlp_doc_set(&S->doc, f, "kind", "group");
    e->kind = net ? 1 : 2;
    e->node = f;
    bk->kind = net ? B_FW_OBJNET : B_FW_OBJSVC;
    bk->fact = f;
}

/* ---- crypto: vpn-crypto facts */

/* `encryption|encr des|3des|aes [128|192|256]` of an isakmp policy */
static void fw_isakmp_sub(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    xmlNodePtr f = bk->fact;

    if (a == NULL || b == NULL || st->neg || f == NULL)
        return;
    if (teq(a, "encryption") || teq(a, "encr")) {
        if (teq(b, "aes"))
            otlp_doc_setf(&S->doc, f, "encryption", "aes%.*s", c != NULL && tdigits(c) ? (int)c->len : 3,
                          c != NULL && tdigits(c) ? c->s : "128");
        else
            sett(S, f, "encryption", b);
        bk->fw_set |= 1;
    } else if (teq(a, "hash")) {
        /* `hash {md5|sha|sha256|sha384|sha512}`: `sha` is SHA-1 */
        if (teq(b, "sha"))
            otlp_doc_set(&S->doc, f, "integrity", "sha1");
        else
            sett(S, f, "integrity", b);
        bk->fw_set |= 2;
    } else if (teq(a, "group") && tdigits(b)) {
        sett(S, f, "dh-group", b);
        bk->fw_set |= 4;
    } else if (teq(a, "authentication")) {
        otlp_doc_set(&S->doc, f, "authentication", teq(b, "pre-share") ? "psk" :
                     (teq(b, "rsa-sig") || teq(b, "ecdsa-sig") || teq(b, "rsa-encr")) ? "certificate" : "unknown");
        bk->fw_set |= 8;
    } else if (teq(a, "lifetime") && tdigits(b)) {
        sett(S, f, "lifetime", b);
        bk->fw_set |= 16;
    }
}

/* IKEv1 policy defaults (Cisco IOS Security Command Reference, `crypto
 * isakmp policy`, and Security Configuration Guide: Internet Key Exchange
 * for IPsec VPNs, "Configuring IKE for IPsec VPNs", default values of a
 * policy: 56-bit DES, SHA-1, RSA signatures, group 1 (768 bit), 86400 s).
 * Asserted only in a complete export of a release before 16 (IOS 12.x to
 * 15.x); for IOS-XE 16.x/17.x no source at hand confirms them. */
static void fw_isakmp_close(struct state *S, struct blk *bk)
{
    int set = bk->fw_set, def = 0;
    xmlNodePtr f = bk->fact;

    if (!defaults_ok(S) || release_at_least(S, 16, 0) != 0)
        return; /* IOS-XE 16.x and later: UNVERIFIED, no default asserted */
    otlp_doc_at(&S->doc, 0);
    if (!(set & 1) && (def = 1))
        otlp_doc_set(&S->doc, f, "encryption", "des");
    if (!(set & 2) && (def = 1))
        otlp_doc_set(&S->doc, f, "integrity", "sha1");
    if (!(set & 4) && (def = 1))
        otlp_doc_set(&S->doc, f, "dh-group", "1");
    if (!(set & 8) && (def = 1))
        otlp_doc_set(&S->doc, f, "authentication", "certificate");
    if (!(set & 16) && (def = 1))
        otlp_doc_set(&S->doc, f, "lifetime", "86400");
    if (def)
        otlp_doc_set(&S->doc, f, "defaulted", "true");
}

/* IKEv2 proposal algorithm names -> the model's */
static void fw_ikev2_list(struct state *S, xmlNodePtr f, const char *attr, const struct stmt *st)
{
    static const char *const map[][2] = {
        {"aes-cbc-128", "aes128"}, {"aes-cbc-192", "aes192"}, {"aes-cbc-256", "aes256"},
        {"aes-gcm-128", "aes128-gcm"}, {"aes-gcm-256", "aes256-gcm"}, {"3des", "3des"},
        {"des", "des"}, {"md5", "md5"}, {"sha1", "sha1"}, {"sha96", "sha1"}, {"sha256", "sha256"},
        {"sha384", "sha384"}, {"sha512", "sha512"}, {NULL, NULL}};
    char out[256];
    size_t o = 0, i, k;

    out[0] = '\0';
    for (i = st->k + 1; i < st->n && o < sizeof out - 1; i++) {
        const struct tok *t = &st->t[i];
        const char *v = NULL;
        for (k = 0; map[k][0] != NULL; k++)
            if (teq(t, map[k][0]))
                v = map[k][1];
        if (v != NULL)
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", o ? " " : "", v);
        else
            o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", o ? " " : "", (int)t->len, t->s);
    }
    if (o > 0)
        otlp_doc_set(&S->doc, f, attr, out);
}

static void fw_ikev2_sub(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);
    xmlNodePtr f = bk->fact;

    if (a == NULL || b == NULL || st->neg || f == NULL)
        return;
    if (bk->kind == B_FW_IKEV2PROP) {
        if (teq(a, "encryption"))
            fw_ikev2_list(S, f, "encryption", st);
        else if (teq(a, "integrity"))
            fw_ikev2_list(S, f, "integrity", st);
        else if (teq(a, "group"))
            setrest(S, f, "dh-group", st, 1);
    } else if (teq(a, "authentication") && W(st, 2) != NULL) {
        /* ikev2 profile: `authentication {local|remote} {pre-share|rsa-sig|ecdsa-sig|eap}`;
         * the weakest of the two is kept (psk over certificate) */
        const struct tok *m = W(st, 2);
        const char *v = teq(m, "pre-share") ? "psk" : teq(m, "eap") ? "eap" :
                        (teq(m, "rsa-sig") || teq(m, "ecdsa-sig")) ? "certificate" : "unknown";
        xmlChar *cur = xmlGetProp(f, (const xmlChar *)"authentication");
        if (cur == NULL || strcmp(v, "psk") == 0)
            otlp_doc_set(&S->doc, f, "authentication", v);
        xmlFree(cur);
    }
}

/* `crypto ipsec transform-set NAME T1 [T2 [T3]]` (Security Command
 * Reference, `crypto ipsec transform-set`: esp-des, esp-3des, esp-aes [128|
 * 192|256], esp-gcm [128|256], esp-gmac, esp-null, esp-seal; esp-md5-hmac,
 * esp-sha-hmac, esp-sha256-hmac, esp-sha384-hmac, esp-sha512-hmac; ah-*) */
static void fw_tset(struct state *S, const struct stmt *st)
{
    char enc[96] = "", integ[96] = "";
    size_t i, eo = 0, io = 0;
    xmlNodePtr f;

    if (W(st, 3) == NULL || st->neg)
        return;
    f = otlp_doc_fact(&S->doc, "vpn-crypto", st->line);
    otlp_doc_set(&S->doc, f, "phase", "ipsec");
    sett(S, f, "name", W(st, 3));
    for (i = st->k + 4; i < st->n; i++) {
        const struct tok *t = &st->t[i], *nx = i + 1 < st->n ? &st->t[i + 1] : NULL;
        const char *e = NULL, *h = NULL;
        int bits = nx != NULL && tdigits(nx) ? (int)tnum(nx) : 0;
        if (teq(t, "esp-des"))
            e = "des";
        else if (teq(t, "esp-3des"))
            e = "3des";
        else if (teq(t, "esp-null"))
            e = "null";
        else if (teq(t, "esp-seal"))
            e = "seal";
        else if (teq(t, "esp-aes") || teq(t, "esp-gcm") || teq(t, "esp-gmac")) {
            int gcm = teq(t, "esp-gcm"), gmac = teq(t, "esp-gmac");
            if (sizeof enc > eo)
                eo += (size_t)snprintf(enc + eo, sizeof enc - eo, "%saes%d%s", eo ? " " : "",
                                       bits ? bits : 128, gcm ? "-gcm" : gmac ? "-gmac" : "");
            if (bits)
                i++;
            continue;
        } else if (teq(t, "esp-md5-hmac") || teq(t, "ah-md5-hmac"))
            h = "md5";
        else if (teq(t, "esp-sha-hmac") || teq(t, "ah-sha-hmac"))
            h = "sha1";
        else if (teq(t, "esp-sha256-hmac") || teq(t, "ah-sha256-hmac"))
            h = "sha256";
        else if (teq(t, "esp-sha384-hmac") || teq(t, "ah-sha384-hmac"))
            h = "sha384";
        else if (teq(t, "esp-sha512-hmac") || teq(t, "ah-sha512-hmac"))
            h = "sha512";
        if (e != NULL && sizeof enc > eo)
            eo += (size_t)snprintf(enc + eo, sizeof enc - eo, "%s%s", eo ? " " : "", e);
        if (h != NULL && sizeof integ > io)
            io += (size_t)snprintf(integ + io, sizeof integ - io, "%s%s", io ? " " : "", h);
    }
    if (enc[0] != '\0')
        otlp_doc_set(&S->doc, f, "encryption", enc);
    if (integ[0] != '\0')
        otlp_doc_set(&S->doc, f, "integrity", integ);
}

/* crypto map / ipsec profile entry: `set peer A`, `set pfs [groupN]`,
 * `set aggressive-mode ...`; without `set pfs` no PFS (pfs="none") */
static void fw_cmap_sub(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    xmlNodePtr f = bk->fact;

    if (a == NULL || b == NULL || st->neg || f == NULL || !teq(a, "set"))
        return;
    if (teq(b, "peer") && c != NULL && !has_attr(f, "peer")) {
        sett(S, f, "peer", c);
    } else if (teq(b, "pfs")) {
        /* `set pfs` alone: group 1 (Security Command Reference, `set pfs`) */
        if (c == NULL)
            otlp_doc_set(&S->doc, f, "pfs", "1");
        else if (tpre(c, "group") && c->len > 5)
            otlp_doc_setn(&S->doc, f, "pfs", c->s + 5, c->len - 5);
        else
            sett(S, f, "pfs", c);
        bk->fw_set |= 1;
    } else if (teq(b, "aggressive-mode")) {
        S->fw.aggressive = 1;
        S->fw.aggressive_line = st->line;
    }
}

static void fw_cmap_close(struct state *S, struct blk *bk)
{
    if (!(bk->fw_set & 1)) {
        otlp_doc_at(&S->doc, 0);
        otlp_doc_set(&S->doc, bk->fact, "pfs", "none");
    }
}

static void fw_crypto(struct state *S, const struct stmt *st, struct blk *bk)
{
    const struct tok *b = W(st, 1), *c = W(st, 2), *d = W(st, 3);
    xmlNodePtr f = NULL;

    if (b == NULL || c == NULL || st->neg) {
        if (b != NULL && c != NULL && teq(b, "isakmp") && teq(c, "aggressive-mode") && st->neg)
            S->fw.aggr_disable = 0;
        return;
    }
    if (teq(b, "isakmp") && teq(c, "policy") && d != NULL) {
        f = otlp_doc_fact(&S->doc, "vpn-crypto", st->line);
        otlp_doc_set(&S->doc, f, "phase", "ike");
        sett(S, f, "name", d);
        otlp_doc_set(&S->doc, f, "ike-version", "1");
        bk->kind = B_FW_ISAKMP;
        if (fw_push(S, (void **)&S->fw.isakmp, &S->fw.nisakmp, &S->fw.capisakmp, sizeof f) == 0)
            S->fw.isakmp[S->fw.nisakmp++] = f;
    } else if (teq(b, "isakmp") && teq(c, "aggressive-mode") && d != NULL && teq(d, "disable")) {
        S->fw.aggr_disable = 1;
        S->fw.aggr_line = st->line;
    } else if (teq(b, "isakmp") && (teq(c, "profile") || teq(c, "peer"))) {
        bk->kind = B_FW_ISAKMPPROF;
    } else if (teq(b, "ikev2") && (teq(c, "proposal") || teq(c, "profile")) && d != NULL) {
        f = otlp_doc_fact(&S->doc, "vpn-crypto", st->line);
        otlp_doc_set(&S->doc, f, "phase", "ike");
        sett(S, f, "name", d);
        otlp_doc_set(&S->doc, f, "ike-version", "2");
        bk->kind = teq(c, "proposal") ? B_FW_IKEV2PROP : B_FW_IKEV2PROF;
    } else if (teq(b, "ipsec") && teq(c, "transform-set")) {
        fw_tset(S, st);
    } else if ((teq(b, "map") || teq(b, "dynamic-map")) && d != NULL && tdigits(d)) {
        /* `crypto map NAME SEQ ipsec-isakmp|ipsec-manual|gdoi` (not the
         * interface form `crypto map NAME`, nor `crypto map NAME client ...`) */
        const struct tok *e = W(st, 4);
        if (e != NULL && !(teq(e, "ipsec-isakmp") || teq(e, "ipsec-manual") || teq(e, "gdoi")))
            return;
        f = otlp_doc_fact(&S->doc, "vpn-crypto", st->line);
        otlp_doc_set(&S->doc, f, "phase", "ipsec");
        otlp_doc_setf(&S->doc, f, "name", "%.*s %.*s", (int)c->len, c->s, (int)d->len, d->s);
        bk->kind = B_FW_CMAP;
    } else if (teq(b, "ipsec") && teq(c, "profile") && d != NULL) {
        f = otlp_doc_fact(&S->doc, "vpn-crypto", st->line);
        otlp_doc_set(&S->doc, f, "phase", "ipsec");
        sett(S, f, "name", d);
        bk->kind = B_FW_CMAP;
    }
    if (f != NULL)
        bk->fact = f;
}

/* ---- zones, NAT, bindings */

/* Trust of a ZBF zone from its name (trust-source="name"): the names
 * conventionally given to the Internet side, the inside and a DMZ. */
static const char *fw_zone_trust(const char *n)
{
    static const char *const untrusted[] = {"untrust", "untrusted", "outside", "internet",
                                            "wan", "external", "public", "isp", NULL};
    static const char *const trusted[] = {"trust", "trusted", "inside", "internal", "lan",
                                          "private", NULL};
    size_t i;
    for (i = 0; untrusted[i] != NULL; i++)
        if (strcasecmp(n, untrusted[i]) == 0)
            return "untrusted";
    for (i = 0; trusted[i] != NULL; i++)
        if (strcasecmp(n, trusted[i]) == 0)
            return "trusted";
    if (strncasecmp(n, "dmz", 3) == 0)
        return "dmz";
    return NULL;
}

static void fw_zone(struct state *S, const struct stmt *st)
{
    const struct tok *nm = W(st, 2);
    char name[128];
    const char *tr;
    xmlNodePtr f;

    if (nm == NULL || st->neg || !weq(st, 1, "security"))
        return;
    tcopy(name, sizeof name, nm);
    f = otlp_doc_fact(&S->doc, "fw-zone", st->line);
    otlp_doc_set(&S->doc, f, "name", name);
    tr = fw_zone_trust(name);
    otlp_doc_set(&S->doc, f, "trust", tr != NULL ? tr : "unknown");
    if (tr != NULL)
        otlp_doc_set(&S->doc, f, "trust-source", "name");
}

/* `ip nat inside source static [tcp|udp] LOCAL [LPORT] {GLOBAL|interface IF} [GPORT]
 * [extendable] [no-alias] ...` (IP Addressing: NAT Configuration Guide,
 * "Configuring NAT for IP Address Conservation", static translation and
 * port redirection): the inside LOCAL address is reachable from the outside
 * interfaces as GLOBAL.  `static network L G MASK` too. */
static void fw_nat(struct state *S, const struct stmt *st)
{
    struct fwnat n;
    size_t i = 4;
    const struct tok *t;

    if (st->neg || !weq(st, 1, "nat") || !weq(st, 2, "inside") || !weq(st, 3, "source") ||
        !weq(st, 4, "static"))
        return;
    memset(&n, 0, sizeof n);
    n.line = st->line;
    i = 5;
    if (weq(st, i, "tcp") || weq(st, i, "udp")) {
        tcopy(n.proto, sizeof n.proto, W(st, i));
        i++;
    } else if (weq(st, i, "network")) {
        i++;
    }
    if ((t = W(st, i++)) == NULL)
        return;
    tcopy(n.local, sizeof n.local, t);
    if (n.proto[0] != '\0' && (t = W(st, i)) != NULL && tdigits(t)) {
        tcopy(n.lport, sizeof n.lport, t);
        i++;
    }
    if ((t = W(st, i++)) == NULL)
        return;
    if (teq(t, "interface") && W(st, i) != NULL) {
        snprintf(n.global, sizeof n.global, "interface %.*s", (int)W(st, i)->len, W(st, i)->s);
        i++;
    } else
        tcopy(n.global, sizeof n.global, t);
    if (n.proto[0] != '\0' && (t = W(st, i)) != NULL && tdigits(t))
        tcopy(n.gport, sizeof n.gport, t);
    if (fw_push(S, (void **)&S->fw.nat, &S->fw.nnat, &S->fw.capnat, sizeof n) == 0)
        S->fw.nat[S->fw.nnat++] = n;
}

/* Interface sub-commands of the firewall model. */
static void fw_iface(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2), *d = W(st, 3);
    xmlNodePtr f;
    xmlChar *ifn;

    if (a == NULL || b == NULL || st->neg || bk->fact == NULL)
        return;
    if (((teq(a, "ip") && teq(b, "access-group")) || (teq(a, "ipv6") && teq(b, "traffic-filter"))) &&
        c != NULL) {
        /* `ip access-group ACL {in|out}` (no direction: in, Security
         * Command Reference); `ipv6 traffic-filter ACL {in|out}` */
        struct fwent *e = fw_get(S, &S->fw.acls, c->s, c->len);
        if (e != NULL)
            e->bound = 1;
        ifn = xmlGetProp(bk->fact, (const xmlChar *)"name");
        f = otlp_doc_fact(&S->doc, "fw-binding", st->line);
        sett(S, f, "policy", c);
        otlp_doc_set(&S->doc, f, "interface", (const char *)ifn);
        otlp_doc_set(&S->doc, f, "direction", d != NULL && teq(d, "out") ? "out" : "in");
        xmlFree(ifn);
    } else if (teq(a, "zone-member") && teq(b, "security") && c != NULL) {
        sett(S, bk->fact, "zone", c);
    } else if (teq(a, "ip") && teq(b, "nat") && c != NULL && teq(c, "outside")) {
        if (fw_push(S, (void **)&S->fw.outside, &S->fw.nout, &S->fw.capout, sizeof bk->fact) == 0)
            S->fw.outside[S->fw.nout++] = bk->fact;
    }
}

/* ---- dispatch (hooks in derive() and close_block()) */

static void fw_global(struct state *S, const struct stmt *st, struct blk *bk)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2);
    struct fwent *e;
    int kind;

    if (a == NULL || b == NULL)
        return;
    if (teq(a, "access-list")) {
        /* `access-list N [dynamic NAME [timeout M]] {permit|deny|remark} ...` */
        if ((kind = fw_numbered(b)) == 0 || st->neg || c == NULL || teq(c, "remark") ||
            teq(c, "dynamic"))
            return;
        if ((e = fw_acl(S, b, kind)) != NULL)
            fw_entry(S, e, st, 2, 0);
    } else if ((teq(a, "ip") || teq(a, "ipv6")) && teq(b, "access-list") && !st->neg) {
        const struct tok *nm = W(st, 3);
        if (teq(a, "ipv6")) {
            nm = c;
            kind = 3;
        } else if (c != NULL && teq(c, "standard"))
            kind = 1;
        else if (c != NULL && teq(c, "extended"))
            kind = 2;
        else
            return; /* resequence, log-update, role-based, ... */
        if (nm == NULL || (teq(a, "ipv6") && (teq(nm, "log-update") || teq(nm, "cache"))))
            return;
        if ((e = fw_acl(S, nm, kind)) == NULL)
            return;
        bk->kind = B_FW_ACL;
        bk->fw_acl = (size_t)(e - S->fw.acls.e);
    } else if (teq(a, "object-group")) {
        fw_objgroup(S, st, bk);
    } else if (teq(a, "crypto")) {
        fw_crypto(S, st, bk);
    } else if (teq(a, "zone")) {
        fw_zone(S, st);
    } else if (teq(a, "ip") && teq(b, "nat")) {
        fw_nat(S, st);
    } else if (teq(a, "ip") && teq(b, "ssh") && c != NULL && teq(c, "server") &&
               weq(st, 3, "algorithm") && W(st, 4) != NULL && W(st, 5) != NULL && !st->neg) {
        /* `ip ssh server algorithm {kex|hostkey} ALG ...` (Secure Shell
         * Configuration Guide, "SSH Algorithms for Common Criteria
         * Certification") */
        size_t i, o = 0;
        char *dst = weq(st, 4, "kex") ? S->fw.kex : weq(st, 4, "hostkey") ? S->fw.hostkey : NULL;
        if (dst == NULL)
            return;
        for (i = st->k + 5; i < st->n && o < sizeof S->fw.kex - 1; i++)
            o += (size_t)snprintf(dst + o, sizeof S->fw.kex - o, "%s%.*s", o ? " " : "",
                                  (int)st->t[i].len, st->t[i].s);
        if (dst == S->fw.kex)
            S->fw.kex_line = st->line;
        else
            S->fw.hostkey_line = st->line;
    }
}

static void fw_sub(struct state *S, struct blk *parent, const struct stmt *st)
{
    const struct tok *a = W(st, 0);

    switch (parent->kind) {
    case B_FW_ACL: {
        struct fwent *e = &S->fw.acls.e[parent->fw_acl];
        if (a == NULL)
            return;
        if (tdigits(a)) /* `SEQ permit|deny ...` */
            fw_entry(S, e, st, 1, (unsigned long)tnum(a));
        else if (teq(a, "sequence") && W(st, 1) != NULL && tdigits(W(st, 1))) /* IPv6 */
            fw_entry(S, e, st, 2, (unsigned long)tnum(W(st, 1)));
        else
            fw_entry(S, e, st, 0, 0);
        break;
    }
    case B_FW_OBJNET:
        fw_objnet_sub(S, parent->fact, st);
        break;
    case B_FW_OBJSVC:
        fw_objsvc_sub(S, parent->fact, st);
        break;
    case B_FW_ISAKMP:
        fw_isakmp_sub(S, parent, st);
        break;
    case B_FW_IKEV2PROP:
    case B_FW_IKEV2PROF:
        fw_ikev2_sub(S, parent, st);
        break;
    case B_FW_CMAP:
        fw_cmap_sub(S, parent, st);
        break;
    case B_FW_ISAKMPPROF:
        /* `initiate mode aggressive` (isakmp profile), `set aggressive-mode
         * ...` (isakmp peer): Security Command Reference */
        if (a != NULL && !st->neg &&
            ((teq(a, "initiate") && weq(st, 1, "mode") && weq(st, 2, "aggressive")) ||
             (teq(a, "set") && weq(st, 1, "aggressive-mode")))) {
            S->fw.aggressive = 1;
            S->fw.aggressive_line = st->line;
        }
        break;
    case B_INTERFACE:
        fw_iface(S, parent, st);
        break;
    default:
        break;
    }
}

static void fw_close(struct state *S, struct blk *b)
{
    if (b->fact == NULL)
        return;
    if (b->kind == B_FW_ISAKMP)
        fw_isakmp_close(S, b);
    else if (b->kind == B_FW_CMAP)
        fw_cmap_close(S, b);
}

/* ---- the end of the file */

static void fw_src_add(struct state *S, struct fwent *e, const char *v)
{
    size_t n = strlen(v);
    if (e->srclen + n + 2 > e->srccap) {
        size_t nc = (e->srccap ? e->srccap * 2 : 128) + n;
        char *p = realloc(e->src, nc);
        if (p == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        e->src = p;
        e->srccap = nc;
    }
    if (e->srclen > 0)
        e->src[e->srclen++] = ' ';
    memcpy(e->src + e->srclen, v, n + 1);
    e->srclen += n;
}

/* The addresses of network object group `name`, groups expanded (at most
 * FW_MAXDEPTH deep, at most FW_MAXEXPAND group expansions per ACL: a
 * group included many times over would otherwise multiply), into e's
 * sources. */
static void fw_src_group(struct state *S, struct fwent *e, const char *name, int depth)
{
    struct fwent *g = fw_find(&S->fw.objs, name, strlen(name));
    xmlNodePtr m;

    if (g != NULL && g->kind == 1 && e->expand++ >= FW_MAXEXPAND) {
        if (e->expand == FW_MAXEXPAND + 1)
            fw_src_add(S, e, "any"); /* not followed further: taken as any (fail closed) */
        return;
    }
    if (g == NULL || g->kind != 1 || g->node == NULL || depth > FW_MAXDEPTH) {
        fw_src_add(S, e, name); /* undefined: kept by name (derived/@unresolved says so) */
        return;
    }
    for (m = g->node->children; m != NULL; m = m->next) {
        xmlChar *v;
        if (m->type != XML_ELEMENT_NODE)
            continue;
        v = xmlGetProp(m, (const xmlChar *)"name");
        if (v != NULL && fw_find(&S->fw.objs, (const char *)v, strlen((const char *)v)) != NULL)
            fw_src_group(S, e, (const char *)v, depth + 1);
        else if (v != NULL)
            fw_src_add(S, e, (const char *)v);
        xmlFree(v);
    }
}

/* The permitted sources of every ACL that restricts management access.
 * Denies are not subtracted: the set is what the permits allow at most. */
static void fw_mgmt_sources(struct state *S)
{
    size_t i, k;

    for (i = 0; i < S->fw.acls.cap; i++) {
        struct fwent *e = &S->fw.acls.e[i];
        if (e->name == NULL || !e->mgmt)
            continue;
        for (k = 0; k < e->nace; k++) {
            struct stmt st;
            struct fwrule r;
            fw_ace_stmt(e, k, &st);
            if (fw_parse(&st, e->ace[k].act, e->kind, &r) != 0 || !r.permit)
                continue;
            if (r.src.any)
                fw_src_add(S, e, "any");
            else if (r.src.name != NULL) {
                char nm[128];
                tcopy(nm, sizeof nm, r.src.name);
                fw_src_group(S, e, nm, 0);
            } else
                fw_src_add(S, e, r.src.addr);
        }
    }
}

/* A mgmt-access fact for protocols `proto` restricted by ACL `acl` (NULL:
 * none, so from any source).  An ACL that is not defined filters nothing
 * (UNVERIFIED for access-class; documented for access-group). */
static void fw_mgmt_fact(struct state *S, unsigned long line, const char *proto, const char *acl,
                         unsigned long acl_line)
{
    struct fwent *e = acl != NULL ? fw_find(&S->fw.acls, acl, strlen(acl)) : NULL;
    xmlNodePtr f = otlp_doc_fact(&S->doc, "mgmt-access", line);

    otlp_doc_at(&S->doc, line);
    otlp_doc_set(&S->doc, f, "protocols", proto);
    otlp_doc_at(&S->doc, acl_line);
    otlp_doc_set(&S->doc, f, "source", e == NULL ? "any" : e->src != NULL ? e->src : "none");
    otlp_doc_at(&S->doc, 0);
}

/* The protocols a vty session or an HTTP(S) service fact accepts ("" none). */
static void fw_mgmt_proto(xmlNodePtr n, char *proto, size_t cap)
{
    xmlChar *v;
    proto[0] = '\0';
    if (xmlStrcmp(n->name, (const xmlChar *)"session") == 0) {
        const char *t;
        if ((v = xmlGetProp(n, (const xmlChar *)"transport-in")) == NULL)
            return;
        t = (const char *)v;
        snprintf(proto, cap, "%s%s%s", strstr(t, "ssh") || strstr(t, "all") ? "ssh" : "",
                 (strstr(t, "ssh") || strstr(t, "all")) && (strstr(t, "telnet") || strstr(t, "all")) ? " " : "",
                 strstr(t, "telnet") || strstr(t, "all") ? "telnet" : "");
    } else {
        if ((v = xmlGetProp(n, (const xmlChar *)"name")) == NULL)
            return;
        snprintf(proto, cap, "%s", (const char *)v);
    }
    xmlFree(v);
}

/* Is fact n a vty session or an enabled HTTP(S) server? */
static int fw_mgmt_node(xmlNodePtr n)
{
    xmlChar *a = NULL, *b = NULL;
    int hit = 0;

    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (xmlStrcmp(n->name, (const xmlChar *)"session") == 0) {
        a = xmlGetProp(n, (const xmlChar *)"channel");
        hit = a != NULL && xmlStrcmp(a, (const xmlChar *)"vty") == 0;
    } else if (xmlStrcmp(n->name, (const xmlChar *)"service") == 0 && otl_node_line(n) != 0) {
        /* only a server the file enables (`ip http [secure-]server`): the
         * platform-default assumption is NET-SVC-HTTP's business */
        a = xmlGetProp(n, (const xmlChar *)"name");
        b = xmlGetProp(n, (const xmlChar *)"enabled");
        hit = a != NULL && b != NULL && xmlStrcmp(b, (const xmlChar *)"true") == 0 &&
              (xmlStrcmp(a, (const xmlChar *)"http") == 0 || xmlStrcmp(a, (const xmlChar *)"https") == 0);
    }
    xmlFree(a);
    xmlFree(b);
    return hit;
}

/* Management access: the vty lines (protocols from `transport input`,
 * sources from `access-class ACL in`) and the HTTP(S) server (`ip http
 * access-class`), on every interface (no `interface`). */
static void fw_mgmt(struct state *S)
{
    xmlNodePtr n, *want = NULL;
    size_t nwant = 0, capwant = 0, i;

    for (n = S->dd->facts->children; n != NULL; n = n->next) {
        const char *attr;
        xmlChar *acl;
        struct fwent *e;
        if (!fw_mgmt_node(n) || fw_push(S, (void **)&want, &nwant, &capwant, sizeof n) != 0)
            continue;
        want[nwant++] = n;
        attr = xmlStrcmp(n->name, (const xmlChar *)"session") == 0 ? "access-list" : "scope";
        if ((acl = xmlGetProp(n, (const xmlChar *)attr)) == NULL)
            continue;
        if ((e = fw_find(&S->fw.acls, (const char *)acl, strlen((const char *)acl))) != NULL)
            e->mgmt = 1;
        xmlFree(acl);
    }
    if (nwant > 0)
        fw_mgmt_sources(S);
    for (i = 0; i < nwant; i++) {
        xmlNodePtr m = want[i];
        int vty = xmlStrcmp(m->name, (const xmlChar *)"session") == 0;
        const xmlChar *attr = (const xmlChar *)(vty ? "access-list" : "scope");
        xmlChar *acl = xmlGetProp(m, attr);
        char proto[32];
        fw_mgmt_proto(m, proto, sizeof proto);
        if (proto[0] != '\0')
            fw_mgmt_fact(S, otl_node_line(m), proto, (const char *)acl,
                         acl != NULL ? otl_attr_line(xmlHasProp(m, attr)) : 0);
        xmlFree(acl);
    }
    free(want);
}

static void fw_nat_fact(struct state *S, const struct fwnat *n, const char *from)
{
    xmlNodePtr f;

    otlp_doc_at(&S->doc, n->line);
    f = otlp_doc_fact(&S->doc, "fw-nat", n->line);
    otlp_doc_set(&S->doc, f, "kind", "static");
    if (from != NULL)
        otlp_doc_set(&S->doc, f, "from", from);
    otlp_doc_set(&S->doc, f, "original-destination", n->global);
    otlp_doc_set(&S->doc, f, "translated-destination", n->local);
    if (n->proto[0] != '\0')
        otlp_doc_set(&S->doc, f, "protocol", n->proto);
    if (n->gport[0] != '\0')
        otlp_doc_set(&S->doc, f, "original-port", n->gport);
    if (n->lport[0] != '\0')
        otlp_doc_set(&S->doc, f, "translated-port", n->lport);
    otlp_doc_set(&S->doc, f, "inbound", "true");
    otlp_doc_set(&S->doc, f, "enabled", "true");
}

/* The implicit deny of every ACL; static NAT from each outside interface;
 * outside interfaces as untrusted zones; the IKEv1 mode; SSH algorithms;
 * management access. */
static void fw_finish(struct state *S, int full)
{
    size_t i, j;
    xmlNodePtr n;
    struct fwent **byord = NULL;

    otlp_doc_at(&S->doc, 0);
    if (S->fw.acls.n > 0 && (byord = calloc(S->fw.acls.n, sizeof *byord)) == NULL)
        otlp_doc_nomem(&S->doc);
    for (i = 0; byord != NULL && i < S->fw.acls.cap; i++)
        if (S->fw.acls.e[i].name != NULL)
            byord[S->fw.acls.e[i].ord] = &S->fw.acls.e[i];
    for (i = 0; byord != NULL && i < S->fw.acls.n; i++) {
        /* A bound ACL that is defined: its rules, then the implicit `deny
         * any` every IOS ACL ends in (Security Configuration Guide: Access
         * Control Lists, "IP Access List Overview"); an IPv6 ACL permits
         * ND NA/NS before it (docs).  A bound ACL that is not defined gets
         * none: the binding is unresolved. */
        if (!byord[i]->bound || byord[i]->kind == 0)
            continue;
        for (j = 0; j < byord[i]->nace; j++)
            fw_rule_emit(S, byord[i], j);
        otlp_doc_at(&S->doc, 0);
        n = otlp_doc_fact(&S->doc, "fw-default", 0);
        otlp_doc_set(&S->doc, n, "policy", byord[i]->name);
        otlp_doc_set(&S->doc, n, "action", "deny");
        otlp_doc_set(&S->doc, n, "defaulted", "true");
    }
    free(byord);
    for (i = 0; i < S->fw.nout; i++) {
        /* `ip nat outside` without a ZBF zone: the interface is its own
         * zone, untrusted by its NAT role */
        xmlChar *nm = xmlGetProp(S->fw.outside[i], (const xmlChar *)"name");
        if (nm == NULL)
            continue;
        if (!has_attr(S->fw.outside[i], "zone")) {
            otlp_doc_at(&S->doc, otl_node_line(S->fw.outside[i]));
            otlp_doc_set(&S->doc, S->fw.outside[i], "zone", (const char *)nm);
            n = otlp_doc_fact(&S->doc, "fw-zone", otl_node_line(S->fw.outside[i]));
            otlp_doc_set(&S->doc, n, "name", (const char *)nm);
            otlp_doc_set(&S->doc, n, "trust", "untrusted");
            otlp_doc_set(&S->doc, n, "trust-source", "role");
            otlp_doc_set(&S->doc, n, "interfaces", (const char *)nm);
        }
        xmlFree(nm);
    }
    for (i = 0; i < S->fw.nnat; i++) {
        if (S->fw.nout == 0)
            fw_nat_fact(S, &S->fw.nat[i], NULL);
        for (j = 0; j < S->fw.nout; j++) {
            xmlChar *z = xmlGetProp(S->fw.outside[j], (const xmlChar *)"zone");
            fw_nat_fact(S, &S->fw.nat[i], (const char *)z);
            xmlFree(z);
        }
    }
    otlp_doc_at(&S->doc, 0);
    for (i = 0; i < S->fw.nisakmp; i++) {
        /* IKEv1 aggressive mode: answered unless `crypto isakmp
         * aggressive-mode disable` (Security Command Reference); asked for
         * by `initiate mode aggressive` / `set aggressive-mode` */
        xmlNodePtr f = S->fw.isakmp[i];
        if (S->fw.aggressive) {
            otlp_doc_at(&S->doc, S->fw.aggressive_line);
            otlp_doc_set(&S->doc, f, "mode", "aggressive");
        } else if (S->fw.aggr_disable) {
            otlp_doc_at(&S->doc, S->fw.aggr_line);
            otlp_doc_set(&S->doc, f, "mode", "main");
        } else if (full) {
            /* "If this command is not configured, Cisco IOS software will
             * attempt to process all incoming ISAKMP aggressive mode SA
             * connections" (Security Command Reference, `crypto isakmp
             * aggressive-mode disable`, Defaults) */
            otlp_doc_set(&S->doc, f, "mode", "aggressive");
            otlp_doc_set(&S->doc, f, "defaulted", "true");
        }
        otlp_doc_at(&S->doc, 0);
    }
    fw_mgmt(S);
}

/* ------------------------------------ IE/Stratix and layer 2 (ot_*, issue 25)
 *
 * Grammar (Cisco IE 2000/3000/4000/5000 Software Configuration Guides,
 * 15.2(x)E: "Configuring MODBUS TCP", "Configuring CIP", "Configuring
 * PROFINET", "Configuring Precision Time Protocol", "Configuring REP",
 * "Configuring PRP", "Configuring Alarms"; IE 3x00 / IE 9300 IOS-XE guides;
 * Catalyst LAN Switching / Security Command References: DHCP snooping,
 * dynamic ARP inspection, IP source guard, storm control, spanning-tree
 * PortFast and BPDU guard, `switchport nonegotiate`):
 *   scada modbus tcp server [connection N | port N]   Modbus/TCP server
 *   cip enable                       (interface, normally an SVI) CIP server
 *   cip security password PW | cip security window timeout N
 *   profinet | profinet id NAME | profinet vlan N      PROFINET IO device
 *   ptp mode {boundary|e2etransparent|p2ptransparent|forward|...}
 *   rep segment N [edge [no-neighbor] [primary|preferred]]   (interface)
 *   interface PRP-channel N | interface HSR-ring N
 *   alarm profile NAME / alarm TRIGGER... / notifies / relay-major /
 *   relay-minor / syslog;  alarm facility KIND ... {relay major|notifies|syslog}
 *   ip dhcp snooping; ip dhcp snooping vlan LIST; ip arp inspection vlan LIST
 *   spanning-tree portfast [edge] {default|bpduguard default}
 *   (interface) ip dhcp snooping trust; ip arp inspection trust;
 *   ip verify source [port-security]; storm-control {broadcast|multicast|
 *   unicast} level ...; spanning-tree bpduguard {enable|disable};
 *   spanning-tree portfast [edge] [trunk] | disable; switchport nonegotiate
 */

static int ot_is(xmlNodePtr n, const char *attr, const char *v)
{
    xmlChar *x = xmlGetProp(n, (const xmlChar *)attr);
    int r = x != NULL && strcmp((const char *)x, v) == 0;
    xmlFree(x);
    return r;
}

static void ot_words(char *dst, size_t cap, const struct stmt *st, size_t from)
{
    size_t i, o = 0;
    dst[0] = '\0';
    for (i = st->k + from; i < st->n && o + 1 < cap; i++) {
        int w = snprintf(dst + o, cap - o, "%s%.*s", o ? " " : "", (int)st->t[i].len, st->t[i].s);
        if (w < 0 || (size_t)w >= cap - o) {
            dst[o] = '\0';
            return;
        }
        o += (size_t)w;
    }
}

/* Append a word to a space-separated attribute (bounded). */
static void ot_append(struct state *S, xmlNodePtr f, const char *attr, const char *w)
{
    char buf[512];
    xmlChar *old = xmlGetProp(f, (const xmlChar *)attr);
    if (old != NULL) {
        const char *o = (const char *)old;
        size_t wl = strlen(w);
        const char *p = strstr(o, w);
        int dup = 0;
        while (p != NULL && !dup) {
            dup = (p == o || p[-1] == ' ') && (p[wl] == ' ' || p[wl] == '\0');
            p = strstr(p + 1, w);
        }
        if (dup || strlen(o) + wl + 2 > sizeof buf) {
            xmlFree(old);
            return;
        }
        memcpy(buf, o, strlen(o));
        buf[strlen(o)] = ' ';
        memcpy(buf + strlen(o) + 1, w, wl + 1);
        xmlFree(old);
        otlp_doc_set(&S->doc, f, attr, buf);
    } else
        otlp_doc_set(&S->doc, f, attr, w);
}

static xmlNodePtr ot_redundancy(struct state *S, const char *proto, unsigned long line)
{
    xmlNodePtr f = otlp_doc_fact(&S->doc, "redundancy", line);
    if (f != NULL) {
        otlp_doc_set(&S->doc, f, "protocol", proto);
        otlp_doc_setb(&S->doc, f, "enabled", 1);
    }
    return f;
}

/* `rep segment N [edge [no-neighbor] [primary|preferred]]` on interface f:
 * one redundancy fact per segment, the ports in `interfaces`. */
static void ot_rep(struct state *S, xmlNodePtr ifc, const struct stmt *st)
{
    long id = tnum(W(st, 2));
    size_t i;
    xmlNodePtr f = NULL;
    xmlChar *nm;
    const char *role = "transit";

    if (id < 0 || st->neg)
        return;
    for (i = 0; i < S->ot.nseg; i++)
        if (S->ot.seg[i].id == id)
            f = S->ot.seg[i].fact;
    if (f == NULL) {
        f = ot_redundancy(S, "rep", st->line);
        if (f == NULL)
            return;
        sett(S, f, "instance", W(st, 2));
        if (S->ot.nseg < OT_MAXSEG) {
            S->ot.seg[S->ot.nseg].id = id;
            S->ot.seg[S->ot.nseg++].fact = f;
        }
    }
    for (i = st->k + 3; i < st->n; i++) {
        if (teq(&st->t[i], "edge") && strcmp(role, "transit") == 0)
            role = "edge";
        else if (teq(&st->t[i], "primary"))
            role = "primary-edge";
        else if (teq(&st->t[i], "preferred") && strcmp(role, "primary-edge") != 0)
            role = "preferred-edge";
    }
    if (!has_attr(f, "role") || (ot_is(f, "role", "transit") && strcmp(role, "transit") != 0) ||
        (ot_is(f, "role", "edge") && strcmp(role, "primary-edge") == 0))
        otlp_doc_set(&S->doc, f, "role", role); /* this switch's strongest role in the segment */
    nm = xmlGetProp(ifc, (const xmlChar *)"name");
    if (nm != NULL)
        ot_append(S, f, "interfaces", (const char *)nm);
    xmlFree(nm);
}

/* Layer-2 and IE interface sub-commands (called for every statement of an
 * interface block). */
static void ot_iface(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2), *d = W(st, 3);
    xmlNodePtr f = bk->fact;

    if (f == NULL || a == NULL)
        return;
    if (!teq(a, "shutdown"))
        bk->ot_subs++;
    if (teq(a, "switchport") && b != NULL && teq(b, "nonegotiate")) {
        bk->nonegotiate = !st->neg;
    } else if (teq(a, "ip") && b != NULL && teq(b, "dhcp") && c != NULL && teq(c, "snooping") &&
               d != NULL && teq(d, "trust")) {
        otlp_doc_setb(&S->doc, f, "dhcp-snooping-trust", !st->neg);
    } else if (teq(a, "ip") && b != NULL && teq(b, "arp") && c != NULL && teq(c, "inspection") &&
               d != NULL && teq(d, "trust")) {
        otlp_doc_setb(&S->doc, f, "arp-inspection-trust", !st->neg);
    } else if (teq(a, "ip") && b != NULL && teq(b, "verify") && c != NULL && teq(c, "source")) {
        otlp_doc_setb(&S->doc, f, "ip-source-guard", !st->neg);
    } else if (teq(a, "storm-control") && b != NULL &&
               (teq(b, "broadcast") || teq(b, "multicast") || teq(b, "unicast")) && !st->neg) {
        otlp_doc_setb(&S->doc, f, "storm-control", 1);
    } else if (teq(a, "spanning-tree") && b != NULL && teq(b, "bpduguard") && !st->neg &&
               c != NULL && (teq(c, "enable") || teq(c, "disable"))) {
        otlp_doc_setb(&S->doc, f, "bpdu-guard", teq(c, "enable"));
    } else if (teq(a, "spanning-tree") && b != NULL && teq(b, "portfast")) {
        int off = st->neg || (c != NULL && teq(c, "disable"));
        otlp_doc_setb(&S->doc, f, "edge", !off);
    } else if (teq(a, "rep") && b != NULL && teq(b, "segment")) {
        ot_rep(S, f, st);
    } else if (teq(a, "cip") && b != NULL && teq(b, "enable")) {
        xmlChar *nm = xmlGetProp(f, (const xmlChar *)"name");
        S->ot.cip_on = !st->neg;
        S->ot.cip_line = st->line;
        if (nm != NULL && !st->neg && strlen((const char *)nm) + strlen(S->ot.cip_if) + 2 <
                                          sizeof S->ot.cip_if)
            snprintf(S->ot.cip_if + strlen(S->ot.cip_if), sizeof S->ot.cip_if - strlen(S->ot.cip_if),
                     "%s%s", S->ot.cip_if[0] ? " " : "", (const char *)nm);
        xmlFree(nm);
    }
}

/* Decided when an interface block closes: DTP negotiation, unused port. */
static void ot_iface_close(struct state *S, struct blk *b)
{
    xmlChar *mode = xmlGetProp(b->fact, (const xmlChar *)"mode");
    const char *m = mode != NULL ? (const char *)mode : "";

    if (strcmp(m, "trunk") == 0)
        otlp_doc_setb(&S->doc, b->fact, "negotiate", !b->nonegotiate);
    else if (strcmp(m, "access") == 0 && b->mode_set)
        otlp_doc_setb(&S->doc, b->fact, "negotiate", 0);
    else if ((strcmp(m, "access") == 0 || strcmp(m, "unknown") == 0) && b->sw_seen)
        otlp_doc_setb(&S->doc, b->fact, "negotiate", !b->nonegotiate); /* DTP dynamic */
    if (b->ot_subs == 0)
        otlp_doc_setb(&S->doc, b->fact, "configured", 0); /* kept only where finish() allows */
    xmlFree(mode);
}

static xmlNodePtr ot_alarm_get(struct state *S, const char *name, unsigned long line)
{
    size_t i;
    xmlNodePtr f;
    for (i = 0; i < S->ot.nalarm; i++)
        if (strcmp(S->ot.alarm[i].name, name) == 0)
            return S->ot.alarm[i].fact;
    f = otlp_doc_fact(&S->doc, "alarm", line);
    if (f == NULL)
        return NULL;
    otlp_doc_set(&S->doc, f, "name", name);
    otlp_doc_setb(&S->doc, f, "enabled", 1);
    if (S->ot.nalarm < OT_MAXALARM) {
        snprintf(S->ot.alarm[S->ot.nalarm].name, sizeof S->ot.alarm[0].name, "%s", name);
        S->ot.alarm[S->ot.nalarm++].fact = f;
    }
    return f;
}

/* The action words of an alarm statement. */
static void ot_alarm_action(struct state *S, xmlNodePtr f, const struct stmt *st, size_t from)
{
    size_t i;
    for (i = st->k + from; i < st->n; i++) {
        const struct tok *t = &st->t[i];
        if (tpre(t, "relay"))
            ot_append(S, f, "action", "relay");
        else if (teq(t, "notifies"))
            ot_append(S, f, "action", "snmp");
        else if (teq(t, "syslog"))
            ot_append(S, f, "action", "syslog");
    }
}

/* Statements of an `alarm profile NAME` block. */
static void ot_alarm_sub(struct state *S, struct blk *bk, const struct stmt *st)
{
    const struct tok *a = W(st, 0);
    size_t i;
    if (bk->fact == NULL || a == NULL || st->neg)
        return;
    if (teq(a, "alarm")) {
        for (i = st->k + 1; i < st->n; i++) {
            const struct tok *t = &st->t[i];
            const char *w = teq(t, "link-fault") || teq(t, "port-not-operating") ? "link"
                            : teq(t, "not-forwarding")                          ? "not-forwarding"
                            : teq(t, "fcs-error")                               ? "fcs-error"
                                                                                : NULL;
            if (w != NULL)
                ot_append(S, bk->fact, "trigger", w);
        }
    } else
        ot_alarm_action(S, bk->fact, st, 0);
}

/* `alarm facility KIND ...` and `alarm profile NAME`. */
static void ot_alarm(struct state *S, const struct stmt *st, struct blk *bk)
{
    const struct tok *b = W(st, 1), *c = W(st, 2);
    char name[40];
    xmlNodePtr f;

    if (b == NULL || c == NULL || st->neg)
        return;
    if (teq(b, "profile")) {
        tcopy(name, sizeof name, c);
        f = ot_alarm_get(S, name, st->line);
        bk->kind = B_OT_ALARM;
        bk->fact = f;
    } else if (teq(b, "facility")) {
        const char *trig = tpre(c, "power") ? "power-supply" : teq(c, "temperature") ? "temperature"
                                                                                    : NULL;
        tcopy(name, sizeof name, c);
        f = ot_alarm_get(S, name, st->line);
        if (f == NULL)
            return;
        if (trig != NULL)
            ot_append(S, f, "trigger", trig);
        ot_alarm_action(S, f, st, 3);
    }
}

/* Global statements of issue 25. */
static void ot_global(struct state *S, const struct stmt *st, struct blk *bk)
{
    const struct tok *a = W(st, 0), *b = W(st, 1), *c = W(st, 2), *d = W(st, 3);

    if (a == NULL)
        return;
    if (teq(a, "scada") && b != NULL && teq(b, "modbus") && c != NULL && teq(c, "tcp") && d != NULL &&
        teq(d, "server")) {
        if (W(st, 4) == NULL || st->neg) { /* `connection N`/`port N` only tune it */
            S->ot.modbus_set = 1;
            S->ot.modbus_on = !st->neg;
            S->ot.modbus_line = st->line;
        }
    } else if (teq(a, "profinet") && (b == NULL || teq(b, "id") || teq(b, "vlan"))) {
        /* `profinet id|vlan` imply it when no `[no] profinet` says otherwise */
        if (b == NULL || (!S->ot.profinet_set && !st->neg)) {
            S->ot.profinet_set = 1;
            S->ot.profinet_on = !st->neg;
            S->ot.profinet_line = st->line;
        }
    } else if (teq(a, "ptp") && b != NULL && teq(b, "mode") && c != NULL && !st->neg) {
        tcopy(S->ot.ptp_mode, sizeof S->ot.ptp_mode, c);
        S->ot.ptp_line = st->line;
    } else if (teq(a, "ip") && b != NULL && teq(b, "dhcp") && c != NULL && teq(c, "snooping")) {
        if (d == NULL) {
            S->ot.snoop_set = 1;
            S->ot.snoop_on = !st->neg;
            S->ot.snoop_line = st->line;
        } else if (teq(d, "vlan") && W(st, 4) != NULL && !st->neg) {
            ot_words(S->ot.snoop_vlans, sizeof S->ot.snoop_vlans, st, 4);
            S->ot.snoop_vlan_line = st->line;
        }
    } else if (teq(a, "ip") && b != NULL && teq(b, "arp") && c != NULL && teq(c, "inspection") &&
               d != NULL && teq(d, "vlan") && W(st, 4) != NULL && !st->neg) {
        ot_words(S->ot.dai_vlans, sizeof S->ot.dai_vlans, st, 4);
        S->ot.dai_line = st->line;
    } else if (teq(a, "spanning-tree") && b != NULL && teq(b, "portfast")) {
        size_t i = st->k + 2;
        if (i < st->n && teq(&st->t[i], "edge"))
            i++;
        if (i + 1 < st->n && teq(&st->t[i], "bpduguard") && teq(&st->t[i + 1], "default")) {
            S->ot.bpdug_default = !st->neg;
            S->ot.bpdug_line = st->line;
        } else if (i < st->n && teq(&st->t[i], "default")) {
            S->ot.pfast_default = !st->neg;
            S->ot.pfast_line = st->line;
        }
    } else if (teq(a, "alarm")) {
        ot_alarm(S, st, bk);
    } else if (teq(a, "interface") && b != NULL && !st->neg &&
               (tpre(b, "PRP-channel") || tpre(b, "prp-channel") || tpre(b, "HSR-ring") ||
                tpre(b, "hsr-ring"))) {
        xmlNodePtr f = ot_redundancy(S, (b->s[0] == 'P' || b->s[0] == 'p') ? "prp" : "hsr", st->line);
        char nm[64];
        size_t skip = (b->s[0] == 'P' || b->s[0] == 'p') ? 11 : 8;
        if (f == NULL)
            return;
        if (b->len > skip)
            otlp_doc_setf(&S->doc, f, "instance", "%.*s", (int)(b->len - skip), b->s + skip);
        else if (c != NULL)
            sett(S, f, "instance", c);
        tcopy(nm, sizeof nm, b);
        otlp_doc_set(&S->doc, f, "interfaces", nm);
    }
}

/* Facts of one statement.  `parent` is the enclosing block or NULL; `bk` the
 * block this statement opens (filled in for mode commands). */
static void derive(struct state *S, const struct stmt *st, struct blk *parent, struct blk *bk,
                   const struct redact *r)
{
    const struct tok *a = W(st, 0), *b = W(st, 1);

    if (a == NULL)
        return;
    if (parent != NULL) {
        rt_sub(S, parent, st, r);
        if (parent->kind == B_LINE)
            line_sub(S, parent, st, r);
        else if (parent->kind == B_INTERFACE) {
            interface_sub(S, parent, st);
            ot_iface(S, parent, st);
        } else if (parent->kind == B_OT_ALARM)
            ot_alarm_sub(S, parent, st);
        else if ((parent->kind == B_RADIUS_SERVER || parent->kind == B_TACACS_SERVER) &&
                 parent->fact != NULL) {
            if (teq(a, "address") && W(st, 2) != NULL && !has_attr(parent->fact, "address"))
                sett(S, parent->fact, "address", W(st, 2));
            else if (teq(a, "key") && r->have)
                otlp_doc_set(&S->doc, parent->fact, "secret-kind", secret_kind(r->type, 0));
        } else if (parent->kind == B_OTHER && teq(a, "switchport"))
            S->switch_hint = 1;
        fw_sub(S, parent, st);
        return;
    }
    rt_global(S, st, r);
    fw_global(S, st, bk);
    ot_global(S, st, bk);

    if (teq(a, "hostname") && b != NULL && !st->neg) {
        tcopy(S->hostname, sizeof S->hostname, b);
        S->have_hostname = 1;
    } else if (teq(a, "version") && b != NULL) {
        tcopy(S->version, sizeof S->version, b);
        S->have_version = 1;
    } else if (teq(a, "service")) {
        S->device_markers++;
        service_stmt(S, st);
    } else if (teq(a, "boot-start-marker") || teq(a, "boot")) {
        S->device_markers++;
    } else if (gcmd(a, 1, "username", USERNAME_MIN)) {
        S->device_markers++;
        account_fact(S, st, r);
    } else if (gcmd(a, 1, "enable", 3) && b != NULL &&
               (tabbr(b, "password", 1) || tabbr(b, "secret", 1) || tabbr(b, "algorithm-type", 1))) {
        xmlNodePtr f;
        size_t i;
        const char *kd;
        S->device_markers++;
        if (st->neg)
            return;
        f = otlp_doc_fact(&S->doc, "enable", st->line);
        otlp_doc_set(&S->doc, f, "level", "15");
        for (i = st->k + 2; i + 1 < st->n; i++)
            if (teq(&st->t[i], "level"))
                sett(S, f, "level", &st->t[i + 1]);
        otlp_doc_set(&S->doc, f, "secret-kind", r->have ? secret_kind(r->type, r->is_hash_kw) : "none");
        kd = known_default(r);
        otlp_doc_set(&S->doc, f, "known-default", kd);
    } else if (teq(a, "aaa") && b != NULL) {
        if (teq(b, "new-model")) {
            S->aaa_set = 1;
            S->aaa_enabled = !st->neg;
            S->aaa_line = st->line;
        } else {
            aaa_list(S, st);
        }
    } else if ((teq(a, "radius-server") || teq(a, "tacacs-server")) && b != NULL &&
               teq(b, "host") && !st->neg) {
        server_fact(S, st, r, teq(a, "radius-server") ? "radius" : "tacacs");
    } else if ((teq(a, "radius") || teq(a, "tacacs")) && b != NULL && teq(b, "server") &&
               W(st, 2) != NULL && !st->neg) {
        xmlNodePtr f = otlp_doc_fact(&S->doc, "aaa-server", st->line);
        otlp_doc_set(&S->doc, f, "protocol", teq(a, "radius") ? "radius" : "tacacs");
        sett(S, f, "name", W(st, 2));
        bk->kind = teq(a, "radius") ? B_RADIUS_SERVER : B_TACACS_SERVER;
        bk->fact = f;
    } else if (snmp_cmd(st, 1)) {
        snmp_fact(S, st, r);
    } else if (teq(a, "ntp") && b != NULL) {
        S->ntp_seen = 1;
        if (teq(b, "authenticate")) {
            S->ntp_auth = !st->neg;
            S->ntp_auth_line = st->line;
        } else if (teq(b, "trusted-key") && !st->neg) {
            size_t i;
            for (i = st->k + 2; i < st->n; i++) {
                long k = tnum(&st->t[i]);
                if (k > 0 && k < 65536)
                    S->trusted[k / 8] |= (unsigned char)(1u << (k % 8));
            }
        } else if ((teq(b, "server") || teq(b, "peer")) && !st->neg) {
            size_t i = st->k + 2;
            xmlNodePtr f;
            if (i < st->n && teq(&st->t[i], "vrf"))
                i += 2;
            if (i < st->n && (teq(&st->t[i], "ip") || teq(&st->t[i], "ipv6")))
                i++;
            if (i >= st->n)
                return;
            f = otlp_doc_fact(&S->doc, "ntp-server", st->line);
            sett(S, f, "address", &st->t[i]);
            for (i++; i < st->n; i++) {
                if (teq(&st->t[i], "key") && i + 1 < st->n)
                    sett(S, f, "key", &st->t[++i]);
                else if (teq(&st->t[i], "prefer"))
                    otlp_doc_setb(&S->doc, f, "prefer", 1);
            }
        }
    } else if (teq(a, "logging")) {
        logging_stmt(S, st);
    } else if (teq(a, "ip")) {
        ip_stmt(S, st);
    } else if (teq(a, "ftp-server") && b != NULL && teq(b, "enable")) {
        svc_set(S, S_FTP, !st->neg, st->line);
    } else if (teq(a, "tftp-server") && b != NULL) {
        svc_set(S, S_TFTP, !st->neg, st->line);
    } else if (teq(a, "cdp") && b != NULL && teq(b, "run")) {
        svc_set(S, S_CDP, !st->neg, st->line);
    } else if (teq(a, "lldp") && b != NULL && teq(b, "run")) {
        svc_set(S, S_LLDP, !st->neg, st->line);
    } else if (teq(a, "line")) {
        line_header(S, bk, st);
    } else if (teq(a, "interface") && b != NULL && !st->neg) {
        xmlNodePtr f = otlp_doc_fact(&S->doc, "interface", st->line);
        setrest(S, f, "name", st, 1);
        bk->kind = B_INTERFACE;
        bk->fact = f;
    } else if (teq(a, "key") && b != NULL && teq(b, "chain")) {
        bk->kind = B_KEYCHAIN;
    } else if (teq(a, "banner")) {
        banner_start(S, st);
    } else if (teq(a, "security") && b != NULL && teq(b, "passwords") && weq(st, 2, "min-length") &&
               W(st, 3) != NULL && !st->neg) {
        tcopy(S->min_length, sizeof S->min_length, W(st, 3));
        S->pwpol_line = st->line;
    } else if (teq(a, "login") && b != NULL && teq(b, "block-for") && !st->neg) {
        size_t i;
        tcopy(S->lock_duration, sizeof S->lock_duration, W(st, 2) != NULL ? W(st, 2) : b);
        for (i = st->k + 3; i + 1 < st->n; i++) {
            if (teq(&st->t[i], "attempts"))
                tcopy(S->lock_attempts, sizeof S->lock_attempts, &st->t[i + 1]);
            else if (teq(&st->t[i], "within"))
                tcopy(S->lock_within, sizeof S->lock_within, &st->t[i + 1]);
        }
        S->lockout_line = st->line;
    } else if (teq(a, "license") && b != NULL && teq(b, "udi")) {
        size_t i;
        for (i = st->k + 2; i + 1 < st->n; i++) {
            if (teq(&st->t[i], "pid") && S->model[0] == '\0')
                tcopy(S->model, sizeof S->model, &st->t[i + 1]);
            else if (teq(&st->t[i], "sn") && S->serial[0] == '\0')
                tcopy(S->serial, sizeof S->serial, &st->t[i + 1]);
        }
    } else if (teq(a, "vlan") || teq(a, "vtp")) {
        if (b != NULL && tdigits(b))
            S->switch_hint = 1;
    } else if (teq(a, "switchport")) {
        S->switch_hint = 1;
    }
}

/* Sub-mode statements of the firewall model's blocks (issue 24) that are
 * in neither keyword table: object-group members, IPv6 `sequence N`,
 * isakmp-profile and IKEv2 keywords. */
static int fw_recognised(const struct stmt *st, const struct blk *parent)
{
    const struct tok *a = W(st, 0);
    switch (parent->kind) {
    case B_FW_ACL:
        return teq(a, "sequence") || teq(a, "evaluate") || teq(a, "dynamic");
    case B_FW_OBJNET:
        return teq(a, "range") || teq(a, "group-object") || teq(a, "any") || fw_dotted(a) || fw_v6(a);
    case B_FW_OBJSVC:
        return teq(a, "group-object") || fw_proto(a, 0) != NULL || tnum(a) >= 0;
    case B_FW_ISAKMPPROF:
        return teq(a, "initiate") || teq(a, "self-identity") || teq(a, "keepalive");
    case B_FW_IKEV2PROP:
    case B_FW_IKEV2PROF:
        return teq(a, "integrity") || teq(a, "prf") || teq(a, "identity") || teq(a, "dpd");
    case B_INTERFACE:
        return teq(a, "zone-member");
    default:
        return 0;
    }
}

/* Is the statement one IOS has (coverage)?  Children of ACLs, certificate
 * chains and similar data blocks are numbers or hex. */
static int recognised(const struct stmt *st, const struct blk *parent)
{
    const struct tok *a = W(st, 0);
    if (a == NULL)
        return 0;
    if (parent == NULL)
        return in_kwset(&kw_global, st);
    if (in_kwset(&kw_sub, st) || in_kwset(&kw_global, st))
        return 1;
    if (parent->kind == B_CERT || thex(a))
        return 1;
    if (parent->kind == B_OT_ALARM) /* alarm profile (issue 25) */
        return teq(a, "alarm") || teq(a, "relay-major") || teq(a, "relay-minor") ||
               teq(a, "notifies") || teq(a, "syslog");
    return fw_recognised(st, parent);
}

/* Issue 23: a secret command written with an abbreviated command word
 * (`us`, `ena`, `snmp-`, `snmp` + a snmp-server keyword, a line's `pas`)
 * is an IOS statement too. */
static int abbr_known(const struct stmt *st, const struct blk *parent)
{
    const struct tok *a = W(st, 0);
    if (a == NULL)
        return 0;
    if (parent == NULL)
        return tabbr(a, "username", USERNAME_MIN) || tabbr(a, "enable", 3) || snmp_cmd(st, 1);
    return parent->kind == B_LINE && tabbr(a, "password", 3);
}

/* ---------------------------------------------------------- tree building */

/* Pick the parent of a statement at `indent`, closing blocks it leaves. */
static void attach_parent(struct state *S, int indent, const struct stmt *st)
{
    while (S->depth > 0) {
        struct blk *top = &S->stack[S->depth - 1];
        if (indent > top->indent)
            return;
        /* A sub-mode command written at its mode command's indentation
         * (hand-made files): IOS stays in the sub-mode for any command that
         * is not a global one, so do we. */
        if (indent == top->indent && top->is_mode &&
            (top->child_indent < 0 || top->child_indent == top->indent) && !is_global(st))
            return;
        pop(S);
    }
}

static void add_stmt(struct state *S, int indent, struct stmt *st)
{
    struct redact r;
    struct blk *parent;
    struct blk nb;
    xmlNodePtr pn, node;
    char *buf = NULL;
    const char *text = st->text;
    size_t tlen = st->len;
    unsigned lim = S->max_depth;
    int is_known, secret;

    attach_parent(S, indent, st);
    parent = S->depth > 0 ? &S->stack[S->depth - 1] : NULL;
    if (parent != NULL && parent->child_indent < 0)
        parent->child_indent = indent;

    find_secrets(st, parent != NULL ? parent->kind : B_OTHER, parent == NULL, &r);
    url_secrets(st, &r);
    if (r.n > 0) {
        /* rebuild the text with each secret value replaced */
        size_t i, o = 0, p = 0, cap = st->len + r.n * sizeof OTL_REDACTED + 1;
        buf = malloc(cap);
        if (buf == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        for (i = 0; i < r.n; i++) {
            memcpy(buf + o, st->text + p, r.from[i] - p);
            o += r.from[i] - p;
            memcpy(buf + o, OTL_REDACTED, sizeof OTL_REDACTED - 1);
            o += sizeof OTL_REDACTED - 1;
            p = r.to[i];
        }
        memcpy(buf + o, st->text + p, st->len - p);
        o += st->len - p;
        text = buf;
        tlen = o;
    }

    S->statements++;
    is_known = recognised(st, parent) || abbr_known(st, parent);
    if (is_known)
        S->recognised++;
    else if (S->n_unrec_lines < sizeof S->unrec_lines / sizeof *S->unrec_lines)
        S->unrec_lines[S->n_unrec_lines++] = st->line;
    secret = r.n > 0;
    if (!is_known) {
        /* Fail closed (issue 23): no grammar of ours knows this statement,
         * so it is printed only up to a secret word (otlp_redact_unknown),
         * in the raw tree, the records, evidence and `show --raw` alike. */
        int red = 0;
        char *u = otlp_redact_unknown(text, tlen, &red);
        if (u == NULL) {
            otlp_doc_nomem(&S->doc);
            goto out;
        }
        free(buf);
        buf = u;
        text = u;
        tlen = strlen(u);
        secret |= red;
    }

    if (otlp_doc_take(&S->doc, st->line) < 0)
        goto out;
    if (S->raw_records) {
        /* Nothing reads the raw elements: the core keeps the statement as
         * a record (its text for evidence), at a fraction of the cost. */
        unsigned flags = (is_known ? 0 : OTL_RAW_UNRECOGNISED) | (secret ? OTL_RAW_SECRET : 0);
        if (otlp_raw_record(S->host, S->ctx, (unsigned)S->depth, st->line, text, tlen, flags) != 0) {
            otlp_doc_nomem(&S->doc);
            goto out;
        }
        node = NULL;
    } else {
        pn = parent != NULL ? parent->node : S->dd->raw;
        node = otlp_child_text(pn, "stmt", st->line, text, tlen);
        if (node != NULL && !is_known)
            otlp_doc_set(&S->doc, node, "recognised", "false");
        if (node == NULL) {
            otlp_doc_nomem(&S->doc);
            goto out;
        }
        if (secret)
            otlp_doc_setb(&S->doc, node, "secret", 1);
    }

    memset(&nb, 0, sizeof nb);
    nb.node = node;
    nb.indent = indent;
    nb.child_indent = -1;
    nb.is_mode = is_mode_cmd(st);
    nb.kind = B_OTHER;
    if (parent != NULL && teq(&st->t[0], "certificate"))
        nb.kind = B_CERT;

    otlp_doc_at(&S->doc, st->line); /* what derive() sets comes from this statement */
    derive(S, st, parent, &nb, &r);
    i22_stmt(S, st, parent, &nb, &r);

    if (W(st, 0) != NULL && tpre(W(st, 0), "exit-") && parent != NULL) {
        /* `exit-address-family` and friends leave their sub-mode */
        while (S->depth > 0 && &S->stack[S->depth - 1] != parent)
            pop(S);
        pop(S);
        goto out;
    }

    if (lim == 0 || lim > MAXSTACK)
        lim = MAXSTACK;
    if (S->depth >= lim) {
        /* Nesting beyond the limit: the statement stays where it is, its
         * children go to the same parent (flattened). */
        if (!S->depth_reported) {
            S->depth_reported = 1;
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            S->host->diag(S->ctx, OTL_DIAG_ERROR, st->line,
                          "nesting deeper than %u levels; deeper blocks are flattened", lim);
        }
        close_block(S, &nb);
        goto out;
    }
    S->stack[S->depth++] = nb;
out:
    free(buf);
}

/* ---------------------------------------------------------- finish */

static xmlNodePtr insert_after(struct state *S, xmlNodePtr *after, const char *name,
                               unsigned long line)
{
    xmlNodePtr n;
    if (otlp_doc_take(&S->doc, line) < 0)
        return NULL;
    n = xmlNewNode(NULL, (const xmlChar *)name);
    if (n == NULL) {
        otlp_doc_nomem(&S->doc);
        return NULL;
    }
    otl_node_set_line(n, line);
    xmlAddNextSibling(*after, n);
    *after = n;
    return n;
}

/* Export kind: a `show running-config` always prints `hostname` and the
 * `line` blocks (and `version` on every release since 11.x).  A file with
 * none of them is a fragment (an ACL, some interfaces, a snippet to
 * paste): its absent commands say nothing about the device, so no default
 * is assumed for it. */
static int is_full(const struct state *S)
{
    return S->have_hostname || S->have_version || S->device_markers >= 2;
}

/* The defaults policy (docs/formats/cisco-ios.md, "Defaults"): the
 * plugin asserts a release default for a setting the export does not show
 * only when the export is a complete `show running-config`: it has the
 * device-level lines (is_full()), no section was cut out (elision marker),
 * its parse coverage is at least the core's OTL_MIN_COVERAGE_PERMILLE
 * (below it the core calls the file partial), and it was read in full.
 * Otherwise absence proves nothing and no default is asserted. */
static int low_coverage(const struct state *S)
{
    return S->statements > 0 &&
           (unsigned long long)S->recognised * 1000 <
               (unsigned long long)S->statements * OTL_MIN_COVERAGE_PERMILLE;
}

static int defaults_ok(const struct state *S)
{
    return is_full(S) && !S->x.elided && !low_coverage(S) && S->doc.status != OTL_PARSE_PARTIAL;
}

/* The aaa-list fact of kind/type/name, or NULL. */
static xmlNodePtr find_aaa_list(struct state *S, const char *kind, const char *type, const char *name)
{
    xmlNodePtr n;

    for (n = S->dd->facts->children; n != NULL; n = n->next) {
        xmlChar *k, *t, *m;
        int hit;
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, (const xmlChar *)"aaa-list") != 0)
            continue;
        k = xmlGetProp(n, (const xmlChar *)"kind");
        t = xmlGetProp(n, (const xmlChar *)"type");
        m = xmlGetProp(n, (const xmlChar *)"name");
        hit = k && t && m && xmlStrcmp(k, (const xmlChar *)kind) == 0 &&
              xmlStrcmp(t, (const xmlChar *)type) == 0 && xmlStrcmp(m, (const xmlChar *)name) == 0;
        xmlFree(k);
        xmlFree(t);
        xmlFree(m);
        if (hit)
            return n;
    }
    return NULL;
}

/* A line that logs in through AAA: the login list it uses (`login
 * authentication LIST`, else `default`) and its methods.  A list whose
 * first method is `none` authenticates nobody (Cisco IOS Security Command
 * Reference, `aaa authentication login`): login="none". */
static void session_login_i22(struct state *S, xmlNodePtr n)
{
    xmlChar *lg = xmlGetProp(n, (const xmlChar *)"login");
    xmlChar *ls = xmlGetProp(n, (const xmlChar *)"login-list");
    const char *list = ls != NULL ? (const char *)ls : "default";
    xmlNodePtr l;

    if (lg != NULL && xmlStrcmp(lg, (const xmlChar *)"aaa") == 0 && S->aaa_enabled &&
        (l = find_aaa_list(S, "authentication", "login", list)) != NULL) {
        xmlChar *m = xmlGetProp(l, (const xmlChar *)"methods");
        if (m != NULL) {
            /* at the line that chose the list (0: the default list) */
            otlp_doc_at(&S->doc, otl_attr_line(xmlHasProp(n, (const xmlChar *)"login")));
            otlp_doc_set(&S->doc, n, "login-methods", (const char *)m);
            if (xmlStrncmp(m, (const xmlChar *)"none", 4) == 0 && (m[4] == '\0' || m[4] == ' '))
                otlp_doc_set(&S->doc, n, "login", "none");
            otlp_doc_at(&S->doc, 0);
        }
        xmlFree(m);
    }
    xmlFree(lg);
    xmlFree(ls);
}

/* A RADIUS/TACACS+ server without a key of its own uses the global
 * `radius-server key` / `tacacs-server key`; without either it has none
 * (asserted only under the defaults policy). */
static void server_key_i22(struct state *S, xmlNodePtr n)
{
    xmlChar *p;
    int g;

    if (has_attr(n, "secret-kind"))
        return;
    p = xmlGetProp(n, (const xmlChar *)"protocol");
    g = p != NULL && xmlStrcmp(p, (const xmlChar *)"radius") == 0 ? S->x.radius_key : S->x.tacacs_key;
    xmlFree(p);
    if (g > 0) {
        otlp_doc_set(&S->doc, n, "secret-kind", secret_kind(g - 2, 0));
        otlp_doc_setb(&S->doc, n, "global-key", 1);
    } else if (defaults_ok(S)) {
        otlp_doc_set(&S->doc, n, "secret-kind", "none");
    }
}

/* Defaults that depend on the whole file (session logins, interface modes
 * by device class, NTP servers' authentication); sets *vty_seen, *telnet,
 * *ssh from the vty lines' transport. */
static void fix_facts(struct state *S, int is_switch, int *vty_seen, int *telnet, int *ssh)
{
    xmlNodePtr n;

    for (n = S->dd->facts->children; n != NULL; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(n->name, (const xmlChar *)"session") == 0) {
            xmlChar *ch = xmlGetProp(n, (const xmlChar *)"channel");
            xmlChar *tr = xmlGetProp(n, (const xmlChar *)"transport-in");
            int vty = ch != NULL && xmlStrcmp(ch, (const xmlChar *)"vty") == 0;
            if (!has_attr(n, "login")) {
                /* with `aaa new-model` every line uses the default login
                 * list; without it vty lines ask for the line password
                 * (`login` is the vty default) and console/aux do not
                 * authenticate (Cisco IOS Security Configuration Guide,
                 * "Configuring Passwords and Privileges"). */
                otlp_doc_set(&S->doc, n, "login", S->aaa_enabled ? "aaa" : vty ? "password" : "none");
                otlp_doc_set(&S->doc, n, "defaulted", "true");
            }
            if (vty && tr != NULL) {
                const char *t = (const char *)tr;
                *vty_seen = 1;
                if (strstr(t, "all") != NULL || strstr(t, "telnet") != NULL)
                    *telnet = 1;
                if (strstr(t, "all") != NULL || strstr(t, "ssh") != NULL)
                    *ssh = 1;
            }
            xmlFree(ch);
            xmlFree(tr);
            session_login_i22(S, n);
        } else if (xmlStrcmp(n->name, (const xmlChar *)"interface") == 0 && !has_attr(n, "mode")) {
            otlp_doc_set(&S->doc, n, "mode", is_switch ? "unknown" : "routed");
        } else if (xmlStrcmp(n->name, (const xmlChar *)"aaa-server") == 0) {
            server_key_i22(S, n);
        } else if (xmlStrcmp(n->name, (const xmlChar *)"ntp-server") == 0) {
            xmlChar *k = xmlGetProp(n, (const xmlChar *)"key");
            long key = k != NULL ? strtol((const char *)k, NULL, 10) : 0;
            otlp_doc_setb(&S->doc, n, "authenticated", k != NULL && S->ntp_auth && key > 0 && key < 65536 &&
                                            (S->trusted[key / 8] & (1u << (key % 8))));
            xmlFree(k);
        }
    }
}

static void system_fact(struct state *S, int is_switch, int full)
{
    if (S->have_hostname)
        otlp_doc_set(&S->doc, S->system, "hostname", S->hostname);
    otlp_doc_set(&S->doc, S->system, "vendor", "cisco");
    if (S->model[0] != '\0')
        otlp_doc_set(&S->doc, S->system, "model", S->model);
    otlp_doc_set(&S->doc, S->system, "os", S->xe_hint ? "ios-xe" : "ios");
    if (S->have_version)
        otlp_doc_set(&S->doc, S->system, "version", S->version);
    if (S->serial[0] != '\0')
        otlp_doc_set(&S->doc, S->system, "serial", S->serial);
    otlp_doc_set(&S->doc, S->system, "class", is_switch ? "switch" : "router");
    otlp_doc_set(&S->doc, S->system, "export-kind", full ? "full" : "partial");
    otlp_doc_coverage(&S->doc, S->system, S->recognised, S->statements);
    otlp_doc_setu(&S->doc, S->system, "statements", S->statements);
}

/* Whether service i runs when the configuration does not say (a full
 * export: the release's default). */
static int svc_default(const struct state *S, size_t i)
{
    switch (i) {
    case S_HTTP:
    case S_HTTPS:
        /* Release and platform dependent: on by default in many
         * 12.x/15.x images and in IOS-XE 16.x/17.x factory configs,
         * off in others.  Conservative: on. */
        return 1;
    case S_BOOTP:  /* `ip bootp server`: on, all releases */
    case S_DHCP:   /* `service dhcp`: on, all releases */
    case S_CDP:    /* `cdp run`: on, all releases */
    case S_PAD:    /* `service pad`: on, all releases */
    case S_SOURCE_ROUTE: /* `ip source-route`: on, all releases */
        return 1;
    case S_FINGER:
        /* on before 12.1(5), off since; unknown release: on when
         * the version says 11.x/12.0, else off */
        return S->have_version && strtol(S->version, NULL, 10) < 12;
    case S_SNMP:      /* agent off until an snmp-server command */
    case S_FTP:       /* `ftp-server enable` needed */
    case S_TFTP:      /* `tftp-server FILE` needed */
    case S_SCP:       /* `ip scp server enable` needed */
    case S_SMALL_TCP: /* off since 11.3 */
    case S_SMALL_UDP:
    case S_LLDP:      /* `lldp run` needed on IOS and IOS-XE */
    case S_PWENC:     /* `service password-encryption` off */
    default:
        return 0;
    }
}

/* Can the SSH server run?  It runs only while an RSA key pair exists
 * (Cisco IOS Security Configuration Guide, "Configuring Secure Shell",
 * prerequisites).  Keys are never in the configuration; the default key
 * HOSTNAME.DOMAIN is generated only with a hostname other than the
 * factory one and `ip domain-name` / `ip domain name`, and another key
 * only serves SSH through `ip ssh rsa keypair-name`.  So: the export shows
 * one of these, or an explicit `ip ssh version` (the SSH server was set
 * up), or SSH is taken as not running.  A release before 12.0 has no SSH
 * server. */
static int ssh_runs_i22(const struct state *S, int full)
{
    if (release_at_least(S, 12, 0) == 0)
        return 0;
    if (S->x.ssh_keypair || S->ssh_version != 0)
        return 1;
    if (!full)
        return 0; /* cannot be told from a partial export */
    return S->x.domain_name && S->have_hostname && strcasecmp(S->hostname, "Router") != 0 &&
           strcasecmp(S->hostname, "Switch") != 0;
}

/* The services: telnet and ssh follow the vty lines; others as set, or
 * their defaults in a full export. */
static void service_facts(struct state *S, xmlNodePtr *after, int full, int vty_seen, int telnet,
                          int ssh)
{
    xmlNodePtr n;
    int vty_def;
    size_t i;

    vty_def = S->vty_transport_defaulted;
    if (vty_seen) {
        svc_set(S, S_TELNET, telnet, 0);
        svc_set(S, S_SSH, ssh, 0);
    }
    for (i = 0; i < S_COUNT; i++) {
        struct svcstate *sv = &S->svc[i];
        int on, def = 0;
        if (i == S_TELNET || i == S_SSH) {
            /* Issue 22: the vty lines decide; without a `line vty` block
             * in the export nothing is assumed for them (as for every
             * other session rule). */
            if (!vty_seen)
                continue;
            on = sv->enabled;
            def = vty_def;
            if (i == S_SSH && on && !full && S->ssh_version == 0)
                continue; /* partial: its version would be a default */
            if (i == S_SSH && on && !ssh_runs_i22(S, full)) {
                on = 0; /* no key can exist: the server does not run */
                def = 1;
            }
        } else if (sv->set) {
            on = sv->enabled;
        } else if (!full) {
            continue;
        } else {
            def = 1;
            on = svc_default(S, i);
            if (i == S_HTTPS && release_at_least(S, 12, 1) == 0)
                on = 0; /* no HTTPS server before 12.1(11b)E / 12.2(14)S */
        }
        n = insert_after(S, after, "service", def ? 0 : sv->line);
        otlp_doc_at(&S->doc, def ? 0 : sv->line);
        if (i == S_DHCP && S->x.dhcp_in_use)
            otlp_doc_setb(&S->doc, n, "in-use", 1);
        otlp_doc_set(&S->doc, n, "name", svc_names[i]);
        otlp_doc_setb(&S->doc, n, "enabled", on);
        otlp_doc_setb(&S->doc, n, "defaulted", def);
        if (i == S_SSH && on) {
            /* `ip ssh server algorithm kex|hostkey ...` (issue 24) */
            otlp_doc_at(&S->doc, S->fw.kex_line);
            if (S->fw.kex[0] != '\0')
                otlp_doc_set(&S->doc, n, "key-exchange", S->fw.kex);
            otlp_doc_at(&S->doc, S->fw.hostkey_line);
            if (S->fw.hostkey[0] != '\0')
                otlp_doc_set(&S->doc, n, "host-key", S->fw.hostkey);
            otlp_doc_at(&S->doc, S->ssh_version_line); /* `ip ssh version` */
            if (S->ssh_version == 2)
                otlp_doc_set(&S->doc, n, "version", "2");
            else if (S->ssh_version == 1)
                otlp_doc_set(&S->doc, n, "version", "1");
            else {
                /* no `ip ssh version`: the server accepts SSHv1 and v2
                 * (reports 1.99) on IOS 12.x/15.x and IOS-XE before 17.x */
                otlp_doc_set(&S->doc, n, "version", "1.99");
                otlp_doc_set(&S->doc, n, "defaulted", "true");
            }
        }
        otlp_doc_at(&S->doc, 0);
        if ((i == S_HTTP || i == S_HTTPS) && sv->scope[0] != '\0')
            otlp_doc_set(&S->doc, n, "scope", sv->scope);
    }
}

/* AAA, NTP, logging, password policy and lockout: as set, or with their
 * defaults in a full export. */
static void global_facts(struct state *S, xmlNodePtr *after, int full)
{
    xmlNodePtr n;

    if (S->aaa_set || S->authn[0] || S->authz[0] || S->acct[0] || full) {
        n = insert_after(S, after, "aaa", S->aaa_set ? S->aaa_line : 0);
        otlp_doc_setb(&S->doc, n, "enabled", S->aaa_enabled);
        if (S->authn[0])
            otlp_doc_set(&S->doc, n, "authentication", S->authn);
        if (S->authz[0])
            otlp_doc_set(&S->doc, n, "authorization", S->authz);
        if (S->acct[0])
            otlp_doc_set(&S->doc, n, "accounting", S->acct);
        if (!S->aaa_set)
            otlp_doc_setb(&S->doc, n, "defaulted", 1);
    }
    if (S->ntp_seen || full) {
        n = insert_after(S, after, "ntp", S->ntp_auth_line);
        otlp_doc_setb(&S->doc, n, "authenticate", S->ntp_auth);
        if (S->ntp_auth_line == 0)
            otlp_doc_setb(&S->doc, n, "defaulted", 1);
    }
    if (S->logging_seen || full) {
        int def = 0;
        n = insert_after(S, after, "logging", S->logging_line);
        otlp_doc_at(&S->doc, S->log_on_line);
        otlp_doc_setb(&S->doc, n, "enabled", !S->logging_off);
        otlp_doc_at(&S->doc, S->trap_level[0] ? S->trap_line : 0);
        if (S->trap_level[0])
            otlp_doc_set(&S->doc, n, "trap-level", S->trap_level);
        else if (full) {
            /* `logging trap informational` is the IOS default */
            otlp_doc_set(&S->doc, n, "trap-level", "informational");
            def = 1;
        }
        otlp_doc_at(&S->doc, S->buffered_line);
        if (S->buffered[0])
            otlp_doc_set(&S->doc, n, "buffered", S->buffered);
        if (S->buffer_size[0])
            otlp_doc_set(&S->doc, n, "buffer-size", S->buffer_size);
        otlp_doc_at(&S->doc, S->console_level[0] ? S->console_line : 0);
        if (S->console_level[0])
            otlp_doc_set(&S->doc, n, "console-level", S->console_level);
        else if (full) {
            /* console logging at debugging level by default */
            otlp_doc_set(&S->doc, n, "console-level", "debugging");
            def = 1;
        }
        otlp_doc_at(&S->doc, S->ts_line);
        if (S->timestamps[0])
            otlp_doc_set(&S->doc, n, "timestamps", S->timestamps);
        if (S->timestamp_tz[0])
            otlp_doc_set(&S->doc, n, "timestamp-tz", S->timestamp_tz);
        otlp_doc_at(&S->doc, 0);
        if (S->source_if[0])
            otlp_doc_set(&S->doc, n, "source-interface", S->source_if);
        otlp_doc_setb(&S->doc, n, "defaulted", def);
    }
    if (S->min_length[0]) {
        n = insert_after(S, after, "password-policy", S->pwpol_line);
        otlp_doc_set(&S->doc, n, "min-length", S->min_length);
    }
    if (S->lockout_line) {
        n = insert_after(S, after, "lockout", S->lockout_line);
        if (S->lock_attempts[0])
            otlp_doc_set(&S->doc, n, "attempts", S->lock_attempts);
        if (S->lock_within[0])
            otlp_doc_set(&S->doc, n, "within", S->lock_within);
        if (S->lock_duration[0])
            otlp_doc_set(&S->doc, n, "duration", S->lock_duration);
    }
}

/* Say why no default was assumed for an export that looks complete. */
static void policy_notes_i22(struct state *S)
{
    if (!is_full(S))
        return;
    if (S->x.elided)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, S->x.elided_line,
                      "sections were cut out of this export (elision marker); it is read as "
                      "partial and no platform default is assumed");
    else if (low_coverage(S))
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0,
                      "fewer than half of the statements are IOS statements; the export is read "
                      "as partial and no platform default is assumed");
}

/* ---------------------------------------------------------- issue 25 facts */

/* A layer-2 attribute the port does not set: off, by the IOS default
 * (Catalyst/IE configuration guides: DHCP snooping and DAI trust, IP source
 * guard, storm control, PortFast and BPDU guard are all disabled on an
 * interface by default). */
static void ot_port_default(struct state *S, xmlNodePtr n, const char *attr, int v, unsigned long line)
{
    if (has_attr(n, attr))
        return;
    otlp_doc_at(&S->doc, line);
    otlp_doc_setb(&S->doc, n, attr, v);
    otlp_doc_at(&S->doc, 0);
    if (line == 0)
        otlp_doc_setb(&S->doc, n, "defaulted", 1);
}

/* The management SVI: the one `interface VlanN` with an address, up. */
static void ot_svi(xmlNodePtr n, long *vlan, unsigned long *line, int *count)
{
    xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
    const char *s = nm != NULL ? (const char *)nm : "";
    char *end;
    long v;
    if (strncasecmp(s, "vlan", 4) == 0 && s[4] >= '0' && s[4] <= '9' && has_attr(n, "address") &&
        !ot_is(n, "enabled", "false")) {
        v = strtol(s + 4, &end, 10);
        if (*end == '\0') {
            *vlan = v;
            *line = otl_node_line(n);
            (*count)++;
        }
    }
    xmlFree(nm);
}

/* An Ethernet port (not a Port-channel, PRP-channel, HSR-ring, SVI or the
 * internal AppGigabitEthernet). */
static int ot_physical(xmlNodePtr n)
{
    xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
    const char *s = nm != NULL ? (const char *)nm : "";
    int r = (strstr(s, "Ethernet") != NULL || strstr(s, "GigE") != NULL) &&
            strncmp(s, "AppGigabitEthernet", 18) != 0;
    xmlFree(nm);
    return r;
}

static void ot_ports(struct state *S, int full, int is_switch, long *vlan, unsigned long *vline,
                     int *nsvi)
{
    xmlNodePtr n;
    for (n = S->dd->facts->children; n != NULL; n = n->next) {
        int port, access;
        xmlChar *nm;
        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, (const xmlChar *)"interface") != 0)
            continue;
        ot_svi(n, vlan, vline, nsvi);
        nm = xmlGetProp(n, (const xmlChar *)"name");
        port = is_switch && !ot_is(n, "mode", "routed") && nm != NULL && !l3_name((const char *)nm);
        xmlFree(nm);
        if (!(port && full) || !ot_physical(n)) /* unused: a physical switch port only */
            xmlUnsetProp(n, (const xmlChar *)"configured");
        if (!(port && full))
            continue;
        access = ot_is(n, "mode", "access");
        ot_port_default(S, n, "dhcp-snooping-trust", 0, 0);
        ot_port_default(S, n, "arp-inspection-trust", 0, 0);
        ot_port_default(S, n, "ip-source-guard", 0, 0);
        ot_port_default(S, n, "storm-control", 0, 0);
        /* `spanning-tree portfast [edge] default`: every access port is an edge port */
        ot_port_default(S, n, "edge", access && S->ot.pfast_default, access && S->ot.pfast_default ? S->ot.pfast_line : 0);
        if (ot_is(n, "edge", "true") && S->ot.bpdug_default)
            ot_port_default(S, n, "bpdu-guard", 1, S->ot.bpdug_line);
        else
            ot_port_default(S, n, "bpdu-guard", 0, 0);
    }
}

static xmlNodePtr ot_service(struct state *S, xmlNodePtr *after, const char *name, int on,
                             unsigned long line)
{
    xmlNodePtr n = insert_after(S, after, "service", line);
    otlp_doc_at(&S->doc, line);
    otlp_doc_set(&S->doc, n, "name", name);
    otlp_doc_setb(&S->doc, n, "enabled", on);
    return n;
}

static void ot_services(struct state *S, xmlNodePtr *after)
{
    xmlNodePtr n;
    if (S->ot.modbus_set) {
        /* The IE register maps are read-only ("There are no writable
         * registers", IE 9300 MODBUS guide; IE 2000-5000 register lists
         * show only R registers, UNVERIFIED for every release). */
        n = ot_service(S, after, "modbus-server", S->ot.modbus_on, S->ot.modbus_line);
        if (S->ot.modbus_on)
            otlp_doc_setb(&S->doc, n, "writable", 0);
    }
    if (S->ot.cip_line) {
        /* CIP on the switch accepts configuration (Stratix / IE: the
         * switch is configured from a Logix controller or RSLinx over
         * CIP); `cip security password` only asks for a password. */
        n = ot_service(S, after, "ethernet-ip", S->ot.cip_on, S->ot.cip_line);
        if (S->ot.cip_on) {
            otlp_doc_setb(&S->doc, n, "writable", 1);
            if (S->ot.cip_if[0])
                otlp_doc_set(&S->doc, n, "interface", S->ot.cip_if);
        }
    }
    if (S->ot.profinet_set)
        ot_service(S, after, "profinet", S->ot.profinet_on, S->ot.profinet_line);
    if (S->ot.ptp_line) {
        int on = strcasecmp(S->ot.ptp_mode, "forward") != 0;
        ot_service(S, after, "ptp", on, S->ot.ptp_line);
        if (on) {
            n = ot_redundancy(S, "ptp", S->ot.ptp_line);
            if (n != NULL)
                otlp_doc_set(&S->doc, n, "role", S->ot.ptp_mode);
        }
    }
    otlp_doc_at(&S->doc, 0);
}

/* l2-security: DHCP snooping is active only with `ip dhcp snooping` and a
 * `ip dhcp snooping vlan` (Catalyst/IE guides: "DHCP snooping is not
 * active until you enable it on a VLAN"); DAI is per VLAN. */
static void ot_l2sec(struct state *S, xmlNodePtr *after, int full)
{
    int seen = S->ot.snoop_set || S->ot.snoop_vlan_line || S->ot.dai_line || S->ot.bpdug_line;
    int snoop = S->ot.snoop_on && S->ot.snoop_vlans[0];
    unsigned long l = S->ot.snoop_line ? S->ot.snoop_line : S->ot.snoop_vlan_line;
    xmlNodePtr n;

    if (!seen && !full)
        return;
    n = insert_after(S, after, "l2-security", l);
    otlp_doc_at(&S->doc, snoop || S->ot.snoop_set ? l : 0);
    if (full || S->ot.snoop_set || S->ot.snoop_vlan_line)
        otlp_doc_setb(&S->doc, n, "dhcp-snooping", snoop);
    otlp_doc_at(&S->doc, S->ot.snoop_vlan_line);
    if (snoop)
        otlp_doc_set(&S->doc, n, "dhcp-snooping-vlans", S->ot.snoop_vlans);
    otlp_doc_at(&S->doc, S->ot.dai_line);
    if (full || S->ot.dai_line)
        otlp_doc_setb(&S->doc, n, "arp-inspection", S->ot.dai_line != 0);
    if (S->ot.dai_line)
        otlp_doc_set(&S->doc, n, "arp-inspection-vlans", S->ot.dai_vlans);
    otlp_doc_at(&S->doc, S->ot.bpdug_line);
    if (full || S->ot.bpdug_line)
        otlp_doc_setb(&S->doc, n, "bpdu-guard-default", S->ot.bpdug_default);
    otlp_doc_at(&S->doc, 0);
    if (full && (!S->ot.snoop_set || !S->ot.dai_line || !S->ot.bpdug_line))
        otlp_doc_setb(&S->doc, n, "defaulted", 1);
}

static void ot_finish(struct state *S, xmlNodePtr *after, int full, int is_switch)
{
    long vlan = -1;
    unsigned long vline = 0;
    int nsvi = 0;
    xmlNodePtr n;

    ot_ports(S, full, is_switch, &vlan, &vline, &nsvi);
    ot_services(S, after);
    if (!is_switch)
        return;
    ot_l2sec(S, after, full);
    if (nsvi == 1) {
        /* a layer-2 switch is managed through its one addressed SVI */
        n = insert_after(S, after, "mgmt-plane", vline);
        otlp_doc_at(&S->doc, vline);
        otlp_doc_setf(&S->doc, n, "vlan", "%ld", vlan);
        otlp_doc_at(&S->doc, 0);
    }
}

static void finish(struct state *S)
{
    int full = defaults_ok(S);
    int is_switch = S->switch_hint;
    xmlNodePtr after = S->system;
    int telnet = 0, ssh = 0, vty_seen = 0;

    otlp_doc_at(&S->doc, 0); /* whole-file facts: lines given where a value has one */
    if (S->system == NULL)
        return;
    if (S->model[0] != '\0' && (strncmp(S->model, "IE-", 3) == 0 || strncmp(S->model, "IE", 2) == 0 ||
                                strncmp(S->model, "WS-C", 4) == 0 || strncmp(S->model, "C9200", 5) == 0 ||
                                strncmp(S->model, "C9300", 5) == 0 || strncmp(S->model, "C9400", 5) == 0 ||
                                strncmp(S->model, "C9500", 5) == 0 || strncmp(S->model, "C1000", 5) == 0))
        is_switch = 1;
    if (S->have_version && strtol(S->version, NULL, 10) >= 16) /* classic IOS ends at 15.x */
        S->xe_hint = 1;
    fix_facts(S, is_switch, &vty_seen, &telnet, &ssh);
    system_fact(S, is_switch, full);
    policy_notes_i22(S);
    service_facts(S, &after, full, vty_seen, telnet, ssh);
    global_facts(S, &after, full);
    rt_finish(S, full, is_switch);
    fw_finish(S, full);
    ot_finish(S, &after, full, is_switch);
}

/* ---------------------------------------------------------- entry points */

static int leading_indent(const char *s, size_t len, size_t *skip)
{
    size_t i;
    int col = 0;
    for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
        col = s[i] == '\t' ? (col / 8 + 1) * 8 : col + 1;
    *skip = i;
    return col;
}

static int as_utf8(const struct otl_input *in, struct otl_input *out, unsigned char **buf,
                   size_t max_in);

static enum otl_parse_status parse_text(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                        const struct otl_input *in, struct otl_devdoc *dd, int utf16);

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct otl_input u;
    unsigned char *buf;
    enum otl_parse_status ret;
    int kind = as_utf8(in, &u, &buf, 0);

    if (kind < 0)
        return OTL_PARSE_NOMEM;
    ret = parse_text(host, ctx, &u, dd, kind);
    free(buf);
    return ret;
}

static enum otl_parse_status parse_text(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                        const struct otl_input *in, struct otl_devdoc *dd, int utf16)
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
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->max_depth = host->max_depth;
    S->raw_records = otlp_raw_records(host);

    S->system = otlp_doc_fact(&S->doc, "system", 0);
    if (S->system == NULL) {
        ret = OTL_PARSE_NOMEM;
        goto done;
    }
    if (utf16 > 0)
        host->diag(ctx, OTL_DIAG_WARNING, 1, "input is UTF-16%s text; read as its UTF-8 transcoding",
                   utf16 == 1 ? "LE" : "BE");

    otlp_reader_init(&rd, in);
    while (otlp_next_line(&rd, &ln) && !S->doc.stop) {
        struct stmt st;
        size_t skip, len = ln.len;
        int indent;

        if (host->max_line_len != 0 && len > host->max_line_len) {
            host->diag(ctx, OTL_DIAG_ERROR, ln.no, "line longer than %zu bytes; skipped",
                       host->max_line_len);
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
            continue;
        }
        if (memchr(ln.s, '\0', len) != NULL) {
            /* No IOS configuration holds a NUL: binary data or a corrupted
             * copy.  The line is still read (the NUL becomes '?'), but the
             * file is not what the device has: partial, so never exit 0.
             * The first such line is reported, the rest counted. */
            if (S->nul_lines++ == 0)
                host->diag(ctx, OTL_DIAG_WARNING, ln.no,
                           "NUL byte: binary data or a corrupted copy, not configuration text");
            otlp_doc_status(&S->doc, OTL_PARSE_PARTIAL);
        }
        if (S->in_banner) {
            banner_line(S, ln.s, len);
            continue;
        }
        indent = leading_indent(ln.s, len, &skip);
        while (len > skip && (ln.s[len - 1] == ' ' || ln.s[len - 1] == '\t'))
            len--;
        if (len == skip)
            continue;
        if (ln.s[skip] == '!') {
            if (elision_marker(ln.s + skip + 1, len - skip - 1) && S->x.elided++ == 0)
                S->x.elided_line = ln.no;
            if (S->statements == 0 || indent == 0)
                header_comment(S, ln.s + skip, len - skip);
            if (indent == 0) /* `show run` closes every top-level block with `!` */
                while (S->depth > 0)
                    pop(S);
            continue;
        }
        if (indent == 0 && ((len >= 22 && memcmp(ln.s, "Building configuration", 22) == 0) ||
                            (len >= 21 && memcmp(ln.s, "Current configuration", 21) == 0) ||
                            (len >= 20 && memcmp(ln.s, "Last configuration c", 20) == 0)))
            continue; /* `show running-config` preamble, not configuration */
        st.text = ln.s + skip;
        st.len = len - skip;
        st.line = ln.no;
        split(&st);
        if (st.n == 1 && teq(&st.t[0], "exit")) {
            attach_parent(S, indent, &st);
            pop(S);
            continue;
        }
        add_stmt(S, indent, &st);
    }
    if (S->in_banner) {
        host->diag(ctx, OTL_DIAG_WARNING, S->banner_line, "banner not terminated before end of file");
        otlp_doc_setb(&S->doc, S->banner_fact, "present", S->banner_body);
    }
    while (S->depth > 0)
        pop(S);
    finish(S);
    if (S->nul_lines > 1)
        host->diag(ctx, OTL_DIAG_WARNING, 0, "%lu lines with NUL bytes in all", S->nul_lines);

    otlp_note_unrecognised(host, ctx, S->statements, S->recognised, S->unrec_lines,
                           S->n_unrec_lines);
    ret = S->doc.status;
done:
    free(S->rt.v4);
    fw_free(&S->fw);
    free(S);
    return ret;
}


static int sniff_text(const struct otl_input *in)
{
    const char *p = (const char *)in->data;
    const char *end = p + (in->len < SNIFF_BYTES ? in->len : SNIFF_BYTES);
    int score = 0, bang = 0, vlan_seen = 0, name_seen = 0, strong = 0;
    const char *q;

    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p < end && (*p == '<' || *p == '{'))
        return 0; /* XML, JSON */
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *s = p;
        if (eol == NULL)
            eol = end;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        /* other vendors' tell-tales */
        if (otlp_starts(s, eol, "ASA Version") || otlp_starts(s, eol, "PIX Version") ||
            otlp_starts(s, eol, "feature ") || otlp_starts(s, eol, "!Command:") ||
            otlp_starts(s, eol, "config system") || otlp_starts(s, eol, "#config-version") ||
            otlp_starts(s, eol, "set system") || otlp_starts(s, eol, "system {") ||
            otlp_starts(s, eol, "nameif ") || otlp_starts(s, eol, "config vdom") ||
            otlp_starts(s, eol, "! Version: HiOS") || otlp_starts(s, eol, "vlan database"))
            return 0;
        if (s == p && !vlan_seen && otlp_starts(s, eol, "vlan ") && eol - s > 5 && s[5] >= '0' && s[5] <= '9') {
            vlan_seen = 1;
            score += 15;
        }
        if (s > p && vlan_seen && !name_seen && otlp_starts(s, eol, "name ")) {
            name_seen = 1;
            score += 10;
        }
        if (otlp_starts(s, eol, "version ")) {
            for (q = eol; q > s && (q[-1] == '\r' || q[-1] == ' '); q--)
                ;
            if (q > s && q[-1] == ';')
                return 0; /* Junos */
            if (s == p && q - s > 8 && s[8] >= '0' && s[8] <= '9') {
                score += 30;
                strong = 1;
            }
        }
        if ((s == p && (otlp_starts(s, eol, "Building configuration") ||
                        otlp_starts(s, eol, "Current configuration :"))) ||
            otlp_starts(s, eol, "! Cisco IOS Software") || otlp_starts(s, eol, "! Cisco IOS XE Software")) {
            score += 30;
            strong = 1;
        }
        if (s == p && otlp_starts(s, eol, "hostname ")) {
            score += 15;
            strong = 1;
        }
        if (s == p && otlp_starts(s, eol, "interface ") &&
            (otlp_starts(s + 10, eol, "GigabitEthernet") || otlp_starts(s + 10, eol, "FastEthernet") ||
             otlp_starts(s + 10, eol, "TenGigabitEthernet") || otlp_starts(s + 10, eol, "Vlan") ||
             otlp_starts(s + 10, eol, "Loopback") || otlp_starts(s + 10, eol, "Serial") ||
             otlp_starts(s + 10, eol, "Port-channel") || otlp_starts(s + 10, eol, "Ethernet") ||
             otlp_starts(s + 10, eol, "Tunnel") || otlp_starts(s + 10, eol, "Dialer")))
            score += 15;
        if (otlp_starts(s, eol, "switchport "))
            score += 10;
        if (otlp_starts(s, eol, "service timestamps") || otlp_starts(s, eol, "line vty") ||
            otlp_starts(s, eol, "ip access-list standard") || otlp_starts(s, eol, "ip access-list extended") ||
            otlp_starts(s, eol, "enable secret") || otlp_starts(s, eol, "boot-start-marker"))
            score += 20;
        if (otlp_starts(s, eol, "line con 0"))
            score += 15;
        if (s == p && otlp_starts(s, eol, "access-list ") && eol - s > 12 && s[12] >= '0' && s[12] <= '9')
            score += 20;
        if (s == p && otlp_starts(s, eol, "!"))
            bang = 1;
        if (score >= 100 && strong)
            return 100;
        p = eol < end ? eol + 1 : end;
    }
    if (score > 0 && bang)
        score += 5;
    /* without a device-level line (version, hostname, show-run preamble)
     * this may be a fragment, or another vendor's IOS-like CLI: stay
     * moderate so that a more specific plugin can win */
    if (!strong && score > 60)
        score = 60;
    return score > 100 ? 100 : score;
}

/* The input as UTF-8 text: a UTF-8 byte-order mark is skipped; UTF-16 (a
 * byte-order mark, or NUL in every other byte of the first line, as saved
 * by Windows tools) is transcoded into *buf (the caller frees it).
 * Returns 0 plain/BOM skipped, 1 UTF-16LE, 2 UTF-16BE, -1 out of memory. */
static int utf16_kind(const unsigned char *d, size_t len)
{
    size_t i, n = len < 64 ? len : 64, z0 = 0, z1 = 0;

    if (len >= 2 && d[0] == 0xff && d[1] == 0xfe)
        return 1;
    if (len >= 2 && d[0] == 0xfe && d[1] == 0xff)
        return 2;
    if (n < 8)
        return 0;
    for (i = 0; i + 1 < n; i += 2) {
        z0 += d[i] == 0 && d[i + 1] != 0;
        z1 += d[i + 1] == 0 && d[i] != 0;
    }
    return z1 * 2 >= n / 2 ? 1 : z0 * 2 >= n / 2 ? 2 : 0;
}

static int as_utf8(const struct otl_input *in, struct otl_input *out, unsigned char **buf,
                   size_t max_in)
{
    const unsigned char *d = in->data;
    size_t len = in->len, i, o = 0;
    int kind;

    *out = *in;
    *buf = NULL;
    if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf) {
        out->data = d + 3;
        out->len = len - 3;
        return 0;
    }
    kind = utf16_kind(d, len);
    if (kind == 0)
        return 0;
    if (max_in != 0 && len > max_in)
        len = max_in;
    i = len >= 2 && ((d[0] == 0xff && d[1] == 0xfe) || (d[0] == 0xfe && d[1] == 0xff)) ? 2 : 0;
    *buf = malloc(len / 2 * 3 + 4);
    if (*buf == NULL)
        return -1;
    for (; i + 1 < len; i += 2) {
        unsigned long c = kind == 1 ? (unsigned long)d[i] | (unsigned long)d[i + 1] << 8
                                    : (unsigned long)d[i] << 8 | d[i + 1];
        if (c >= 0xd800 && c <= 0xdfff) {
            unsigned long c2 = 0;
            if (c <= 0xdbff && i + 3 < len)
                c2 = kind == 1 ? (unsigned long)d[i + 2] | (unsigned long)d[i + 3] << 8
                               : (unsigned long)d[i + 2] << 8 | d[i + 3];
            if (c2 >= 0xdc00 && c2 <= 0xdfff) {
                c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
                i += 2;
            } else {
                c = 0xfffd; /* unpaired surrogate */
            }
        }
        if (c < 0x80) {
            (*buf)[o++] = (unsigned char)c;
        } else if (c < 0x800) {
            (*buf)[o++] = (unsigned char)(0xc0 | c >> 6);
            (*buf)[o++] = (unsigned char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            (*buf)[o++] = (unsigned char)(0xe0 | c >> 12);
            (*buf)[o++] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
            (*buf)[o++] = (unsigned char)(0x80 | (c & 0x3f));
        } else {
            (*buf)[o++] = (unsigned char)(0xf0 | c >> 18);
            (*buf)[o++] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
            (*buf)[o++] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
            (*buf)[o++] = (unsigned char)(0x80 | (c & 0x3f));
        }
    }
    out->data = *buf;
    out->len = o;
    return kind;
}

/* A UTF-8 BOM is skipped and UTF-16 read as its UTF-8 transcoding (issue
 * 22), so that such a file is recognised instead of silently not. */
static int sniff(const struct otl_input *in)
{
    struct otl_input u;
    unsigned char *buf;
    int score;

    if (as_utf8(in, &u, &buf, 2 * SNIFF_BYTES + 2) < 0)
        return 0;
    score = sniff_text(&u);
    free(buf);
    return score;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "cisco-ios",
    .description = "Cisco IOS / IOS-XE running and startup configurations (incl. IE switches)",
    .classes = OTL_CLASS_SWITCH | OTL_CLASS_ROUTER,
    .sniff = sniff,
    .parse = parse,
};
