/*
 * hios.c - the hirschmann-hios plugin: Hirschmann/Belden HiOS switches
 * (RSP, RSPE, OS, BRS, GRS, MSP, DRAGON).  Two forms of an export:
 *
 *  - the XML configuration a HiOS device saves and loads (`<Config
 *    xmlns="urn:xml:ns:mibconf:base:1.0">`: a <Header> of <Variable>s and
 *    <MibData>: <MIB name=...> holding <Scalar>/<Table name=...>, a table
 *    holding <Entry>s, each an <Attribute name="MIB object"> whose text is the
 *    value; convert="scrambled" marks an encoded secret).  Read here,
 *    streamed through host->xml_sax; the MIB objects read are listed in
 *    docs/formats/hirschmann-hios.md.
 *  - the CLI script (`show running-config script`): hios-cli.c (hios.h).
 *
 * Secrets (convert="scrambled", and any attribute whose name is a credential
 * word: SNMP community strings and indexes, the IEC 61850 technical key)
 * never leave the plugin: raw records carry <redacted>, facts describe them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "hios.h"
#include "otlint-plugin.h"

#define TEXT_MAX 4096
#define NAME_MAX_ 128
#define HBUCKETS 4096
#define MAX_UNREC 16
#define MAX_COMM 256
#define MAX_SVC 24

struct ifc {
    char *name;
    xmlNodePtr n;
    int edge, autoedge;    /* -1 unknown, 0, 1 */
    unsigned long edge_line;
    int storm;             /* -1 unknown, 0 off, 1 a limit on */
    unsigned long storm_line;
    struct ifc *hnext;
};

struct svc {
    const char *name;
    xmlNodePtr n;
    int enabled;
};

struct st {
    const struct otl_host *host;
    struct otl_parse_ctx *ctx;
    struct otl_devdoc *dd;
    struct otlp_doc doc;
    struct otlp_tagpos tp;
    int raw_records;
    xmlNodePtr sys;
    /* where the reader is */
    unsigned depth;
    char mib[NAME_MAX_], grp[NAME_MAX_], attr[NAME_MAX_], var[NAME_MAX_];
    int in_attr, in_var, scrambled, in_entry;
    unsigned long aline;
    char text[TEXT_MAX + 1];
    size_t tlen;
    /* the entry being read */
    struct ifc *cur_if;
    xmlNodePtr cur;
    int e_auth, e_priv;
    long e_vlan;
    int e_rma_active, e_rma_prefix;
    /* interfaces */
    struct ifc *hash[HBUCKETS];
    size_t nifc;
    /* services */
    struct svc svc[MAX_SVC];
    size_t nsvc;
    xmlNodePtr ses_ssh, ses_vty, ses_web;
    /* SNMP */
    xmlNodePtr comm[MAX_COMM];
    size_t ncomm;
    int snmp_v1, snmp_v2, snmp_v3;
    unsigned long snmp_line;
    /* global switches */
    xmlNodePtr l2, mgmt, pwd, lock, log, ntp;
    int bpdu_guard;      /* -1 unknown */
    unsigned long bpdu_line;
    int dai_any;          /* -1 no DAI VLAN table, 0 none, 1 some */
    char dai_vlans[512], ds_vlans[512];
    unsigned long dai_line;
    int rma_op, rma_restricting;
    unsigned long rma_line;
    int pwd_classes;
    /* header */
    char product[NAME_MAX_];
    char rel[3][16];
    int seen_mibdata, seen_users, seen_mgmt;
    /* coverage */
    unsigned long units, recognised, unrec[MAX_UNREC];
    size_t nunrec;
};

/* ------------------------------------------------------------ helpers */

static int eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static long num(const char *s)
{
    char *e;
    long v = strtol(s, &e, 10);
    return (e == s) ? -1 : v;
}

/* HiOS' enabled/disabled (HmEnabledStatus, TruthValue): 1 on, 2 off. */
static int onoff(const char *v)
{
    long n = num(v);
    return n == 1 ? 1 : n == 2 ? 0 : -1;
}

static unsigned long hashs(const char *s)
{
    unsigned long h = 5381;
    while (*s)
        h = h * 33u + (unsigned char)*s++;
    return h % HBUCKETS;
}

static void set_at(struct st *S, xmlNodePtr n, const char *k, const char *v, unsigned long line)
{
    otlp_doc_at(&S->doc, line);
    otlp_doc_set(&S->doc, n, k, v);
}

static void setb_at(struct st *S, xmlNodePtr n, const char *k, int b, unsigned long line)
{
    if (b < 0)
        return;
    otlp_doc_at(&S->doc, line);
    otlp_doc_setb(&S->doc, n, k, b);
}

static struct ifc *ifc_get(struct st *S, const char *name, unsigned long line)
{
    unsigned long h = hashs(name);
    struct ifc *f;
    for (f = S->hash[h]; f != NULL; f = f->hnext)
        if (eq(f->name, name))
            return f;
    f = calloc(1, sizeof *f);
    if (f == NULL || (f->name = strdup(name)) == NULL) {
        free(f);
        otlp_doc_nomem(&S->doc);
        return NULL;
    }
    f->edge = f->autoedge = f->storm = -1;
    f->n = otlp_doc_fact(&S->doc, "interface", line);
    set_at(S, f->n, "name", name, line);
    f->hnext = S->hash[h];
    S->hash[h] = f;
    S->nifc++;
    return f;
}

static struct svc *svc_get(struct st *S, const char *name, unsigned long line)
{
    size_t i;
    for (i = 0; i < S->nsvc; i++)
        if (eq(S->svc[i].name, name))
            return &S->svc[i];
    if (S->nsvc == MAX_SVC)
        return NULL;
    S->svc[S->nsvc].name = name;
    S->svc[S->nsvc].enabled = -1;
    S->svc[S->nsvc].n = otlp_doc_fact(&S->doc, "service", line);
    set_at(S, S->svc[S->nsvc].n, "name", name, line);
    return &S->svc[S->nsvc++];
}

static void svc_on(struct st *S, const char *name, const char *v, unsigned long line)
{
    struct svc *s = svc_get(S, name, line);
    int b = onoff(v);
    if (s == NULL || b < 0)
        return;
    s->enabled = b;
    setb_at(S, s->n, "enabled", b, line);
}

static void svc_write(struct st *S, const char *name, int b, unsigned long line)
{
    struct svc *s = svc_get(S, name, line);
    if (s != NULL)
        setb_at(S, s->n, "writable", b, line);
}

static xmlNodePtr one(struct st *S, xmlNodePtr *p, const char *name, unsigned long line)
{
    if (*p == NULL)
        *p = otlp_doc_fact(&S->doc, name, line);
    return *p;
}

static xmlNodePtr session(struct st *S, const char *channel, const char *minutes,
                          unsigned long line)
{
    long m = num(minutes);
    xmlNodePtr n;
    if (m < 0)
        return NULL;
    n = otlp_doc_fact(&S->doc, "session", line);
    set_at(S, n, "channel", channel, line);
    otlp_doc_setu(&S->doc, n, "idle-timeout", (unsigned long)m * 60ul);
    return n;
}

static void vlan_add(char *list, size_t cap, long v)
{
    char b[24];
    snprintf(b, sizeof b, "%ld", v);
    otlp_list_add(list, cap, b);
}

/* ------------------------------------------------------------ the MIB objects */

/* SNMP-USER-BASED-SM-MIB protocol OIDs (RFC 3414, RFC 3826, RFC 7860). */
static const char *auth_proto(const char *oid)
{
    static const char *const t[][2] = {
        {"1.3.6.1.6.3.10.1.1.1", ""},       {"1.3.6.1.6.3.10.1.1.2", "md5"},
        {"1.3.6.1.6.3.10.1.1.3", "sha"},    {"1.3.6.1.6.3.10.1.1.4", "sha224"},
        {"1.3.6.1.6.3.10.1.1.5", "sha256"}, {"1.3.6.1.6.3.10.1.1.6", "sha384"},
        {"1.3.6.1.6.3.10.1.1.7", "sha512"}, {NULL, NULL}};
    size_t i;
    for (i = 0; t[i][0] != NULL; i++)
        if (eq(oid, t[i][0]))
            return t[i][1];
    return NULL;
}

static const char *priv_proto(const char *oid)
{
    if (eq(oid, "1.3.6.1.6.3.10.1.2.1"))
        return "";
    if (eq(oid, "1.3.6.1.6.3.10.1.2.2"))
        return "des";
    if (eq(oid, "1.3.6.1.6.3.10.1.2.3"))
        return "3des";
    if (eq(oid, "1.3.6.1.6.3.10.1.2.4"))
        return "aes128";
    return NULL;
}

/* hm2UserAccessRole (HM2-USERMGMT-MIB): the role's privilege number is the
 * value itself; its name as the manual gives it. */
static const char *role_name(long r)
{
    switch (r) {
    case 0: return "unauthorized";
    case 1: return "guest";
    case 5: return "auditor";
    case 10: return "operator";
    case 15: return "administrator";
    default: return NULL;
    }
}

/* Interface tables: the key attribute of each entry. */
static int if_key(const char *grp, const char *attr)
{
    return (eq(attr, "ifIndex") || eq(attr, "hm2AgentPortDot1dBasePort") ||
            eq(attr, "dot1dBasePort")) &&
           (eq(grp, "dot1qPortVlanEntry") || eq(grp, "ifEntry") || eq(grp, "ifXEntry") || eq(grp, "hm2AgentPortConfigEntry") ||
            eq(grp, "hm2AgentDhcpSnoopingIfConfigEntry") || eq(grp, "hm2AgentDaiIfConfigEntry") ||
            eq(grp, "hm2AgentIpsgIfConfigEntry") || eq(grp, "hm2TrafficMgmtIfEntry") ||
            eq(grp, "hm2AgentStpCstPortEntry") || eq(grp, "hm2AgentPortSecurityEntry"));
}

static int m_iface(struct st *S, const char *a, const char *v, unsigned long l)
{
    struct ifc *f = S->cur_if;
    long n = num(v);
    if (f == NULL)
        return eq(a, "ifType");
    if (eq(a, "dot1qPvid")) {
        if (n > 0) {
            otlp_doc_at(&S->doc, l);
            otlp_doc_setu(&S->doc, f->n, "vlan", (unsigned long)n);
        }
    } else if (eq(a, "ifAdminStatus"))
        setb_at(S, f->n, "enabled", onoff(v), l);
    else if (eq(a, "ifAlias")) {
        if (*v)
            set_at(S, f->n, "description", v, l);
    } else if (eq(a, "hm2AgentPortSwitchportMode")) {
        /* FASTPATH agentPortSwitchportMode: general(1), access(2), trunk(3);
         * general is the HiOS default (an untagged member of one VLAN) */
        if (n == 1 || n == 2)
            set_at(S, f->n, "mode", "access", l);
        else if (n == 3)
            set_at(S, f->n, "mode", "trunk", l);
    } else if (eq(a, "hm2AgentDhcpSnoopingIfTrustEnable"))
        setb_at(S, f->n, "dhcp-snooping-trust", onoff(v), l);
    else if (eq(a, "hm2AgentDaiIfTrustEnable"))
        setb_at(S, f->n, "arp-inspection-trust", onoff(v), l);
    else if (eq(a, "hm2AgentIpsgIfVerifySource"))
        setb_at(S, f->n, "ip-source-guard", onoff(v), l);
    else if (eq(a, "hm2TrafficMgmtIfIngressStormCtlBcastMode") ||
             eq(a, "hm2TrafficMgmtIfIngressStormCtlMcastMode") ||
             eq(a, "hm2TrafficMgmtIfIngressStormCtlUcastMode")) {
        if (onoff(v) == 1 || f->storm < 0) {
            f->storm = onoff(v) == 1;
            f->storm_line = l;
        }
    } else if (eq(a, "hm2AgentStpCstPortEdge")) {
        f->edge = onoff(v);
        f->edge_line = l;
        setb_at(S, f->n, "edge", f->edge, l);
    } else if (eq(a, "hm2AgentStpCstPortAutoEdge"))
        f->autoedge = onoff(v);
    else if (eq(a, "hm2AgentPortSecurityMode"))
        setb_at(S, f->n, "port-security", onoff(v), l);
    else
        return 0;
    return 1;
}

static int m_user(struct st *S, const char *a, const char *v, unsigned long l)
{
    long n;
    if (eq(a, "hm2UserName")) {
        S->cur = otlp_doc_fact(&S->doc, "account", l);
        set_at(S, S->cur, "name", v, l);
        S->seen_users = 1;
        return 1;
    }
    if (eq(a, "hm2UserPassword")) {
        /* a scrambled (reversibly encoded) password; the value is never
         * looked at: whether it is the default cannot be told */
        set_at(S, S->cur, "secret-kind", *v ? "reversible" : "none", l);
        return 1;
    }
    if (eq(a, "hm2UserAccessRole")) {
        n = num(v);
        if (n >= 0) {
            otlp_doc_at(&S->doc, l);
            otlp_doc_setu(&S->doc, S->cur, "privilege", (unsigned long)n);
            if (role_name(n) != NULL)
                otlp_doc_set(&S->doc, S->cur, "role", role_name(n));
        }
        return 1;
    }
    return strncmp(a, "hm2User", 7) == 0;
}

static int m_snmp(struct st *S, const char *a, const char *v, unsigned long l)
{
    if (eq(S->grp, "snmpCommunityEntry")) {
        if (eq(a, "snmpCommunityName")) {
            S->cur = otlp_doc_fact(&S->doc, "snmp-community", l);
            otlp_doc_at(&S->doc, l);
            if (otlp_known_default_secret(v, strlen(v)))
                otlp_doc_setb(&S->doc, S->cur, "known-default", 1);
            otlp_doc_setu(&S->doc, S->cur, "secret-length", strlen(v));
            if (S->ncomm < MAX_COMM)
                S->comm[S->ncomm++] = S->cur;
        }
        return 1;
    }
    if (eq(S->grp, "usmUserEntry")) {
        const char *p;
        if (eq(a, "usmUserName")) {
            S->cur = otlp_doc_fact(&S->doc, "snmp-user", l);
            set_at(S, S->cur, "name", v, l);
            otlp_doc_set(&S->doc, S->cur, "version", "3");
        } else if (eq(a, "usmUserAuthProtocol") && (p = auth_proto(v)) != NULL) {
            S->e_auth = *p != '\0';
            if (*p)
                set_at(S, S->cur, "auth", p, l);
        } else if (eq(a, "usmUserPrivProtocol") && (p = priv_proto(v)) != NULL) {
            S->e_priv = *p != '\0';
            if (*p)
                set_at(S, S->cur, "priv", p, l);
        }
        return 1;
    }
    if (eq(S->grp, "hm2MgmtAccessSnmpGroup")) {
        int b = onoff(v);
        if (eq(a, "hm2SnmpV1AdminStatus"))
            S->snmp_v1 = b, svc_on(S, "snmp-v1", v, l), S->snmp_line = l;
        else if (eq(a, "hm2SnmpV2AdminStatus"))
            S->snmp_v2 = b, svc_on(S, "snmp-v2c", v, l);
        else if (eq(a, "hm2SnmpV3AdminStatus"))
            S->snmp_v3 = b, svc_on(S, "snmp-v3", v, l);
        return 1;
    }
    return 0;
}

static int m_mgmt(struct st *S, const char *a, const char *v, unsigned long l)
{
    if (eq(a, "hm2TelnetServerAdminStatus"))
        svc_on(S, "telnet", v, l);
    else if (eq(a, "hm2SshAdminStatus")) {
        /* HiOS' SSH server speaks version 2 only (HiOS Basic Configuration
         * manual, "SSH access") */
        svc_on(S, "ssh", v, l);
        otlp_doc_set(&S->doc, svc_get(S, "ssh", l)->n, "version", "2");
    }
    else if (eq(a, "hm2WebHttpAdminStatus"))
        svc_on(S, "http", v, l);
    else if (eq(a, "hm2WebHttpsAdminStatus"))
        svc_on(S, "https", v, l);
    else if (eq(a, "hm2SshSessionTimeout"))
        S->ses_ssh = session(S, "ssh", v, l);
    else if (eq(a, "hm2TelnetServerSessionsTimeOut"))
        S->ses_vty = session(S, "vty", v, l);
    else if (eq(a, "hm2WebIntfTimeOut"))
        S->ses_web = session(S, "web", v, l);
    else if (eq(a, "hm2CliLoginTimeoutSerial"))
        session(S, "console", v, l);
    else if (eq(a, "hm2PreLoginBannerAdminStatus") || eq(a, "hm2CliLoginBannerAdminStatus")) {
        xmlNodePtr n = otlp_doc_fact(&S->doc, "banner", l);
        set_at(S, n, "kind", a[3] == 'P' ? "login" : "motd", l);
        setb_at(S, n, "present", onoff(v), l);
    } else if (eq(a, "hm2RmaOperation")) {
        S->rma_op = onoff(v);
        S->rma_line = l;
    } else if (eq(S->grp, "hm2RmaEntry")) {
        if (eq(a, "hm2RmaRowStatus"))
            S->e_rma_active = num(v) == 1;
        else if (eq(a, "hm2RmaPrefixLength") && S->e_rma_active && num(v) > 0)
            S->rma_restricting = 1;
    } else
        return strncmp(S->mib, "HM2-MGMTACCESS-MIB", 18) == 0;
    return 1;
}

static int m_ics(struct st *S, const char *a, const char *v, unsigned long l)
{
    if (eq(a, "hm2ModbusTcpServerAdminStatus"))
        svc_on(S, "modbus-server", v, l);
    else if (eq(a, "hm2ModbusTcpServerWriteAccessStatus"))
        svc_write(S, "modbus-server", onoff(v), l);
    else if (eq(a, "hm2EtherNetIPAdminStatus"))
        svc_on(S, "ethernet-ip", v, l);
    else if (eq(a, "hm2EtherNetIPWriteAccessStatus"))
        svc_write(S, "ethernet-ip", onoff(v), l);
    else if (eq(a, "hm2Iec61850MmsServerAdminStatus"))
        svc_on(S, "iec61850-mms", v, l);
    else if (eq(a, "hm2Iec61850MmsServerWriteAccessStatus"))
        svc_write(S, "iec61850-mms", onoff(v), l);
    else if (eq(a, "hm2PNIOAdminStatus"))
        svc_on(S, "profinet", v, l);
    else if (eq(a, "hm2Iec62541OpcUaServerAdminStatus"))
        svc_on(S, "opcua", v, l);
    else if (eq(a, "hm2NetHiDiscoveryOperation"))
        svc_on(S, "hidiscovery", v, l);
    else if (eq(a, "hm2NetHiDiscoveryMode")) {
        /* HM2-NETCONFIG-MIB: readWrite(1), readOnly(2) */
        long n = num(v);
        if (n == 1 || n == 2)
            svc_write(S, "hidiscovery", n == 1, l);
    } else
        return strncmp(S->mib, "HM2-INDUSTRIAL-PROTOCOLS-MIB", 28) == 0;
    return 1;
}

static int m_l2(struct st *S, const char *a, const char *v, unsigned long l)
{
    long n = num(v);
    if (eq(a, "hm2AgentDhcpSnoopingAdminMode"))
        setb_at(S, one(S, &S->l2, "l2-security", l), "dhcp-snooping", onoff(v), l);
    else if (eq(a, "hm2AgentDhcpSnoopingVlanIndex") || eq(a, "hm2AgentDaiVlanIndex"))
        S->e_vlan = n;
    else if (eq(a, "hm2AgentDhcpSnoopingVlanEnable")) {
        if (n == 1 && S->e_vlan > 0)
            vlan_add(S->ds_vlans, sizeof S->ds_vlans, S->e_vlan);
    } else if (eq(a, "hm2AgentDaiVlanDynArpInspEnable")) {
        if (S->dai_any < 0 || n == 1) {
            S->dai_any = n == 1;
            S->dai_line = l;
        }
        if (n == 1 && S->e_vlan > 0)
            vlan_add(S->dai_vlans, sizeof S->dai_vlans, S->e_vlan);
    } else if (eq(a, "hm2AgentStpBpduGuardMode")) {
        S->bpdu_guard = onoff(v);
        S->bpdu_line = l;
    } else
        return 0;
    return 1;
}

static int m_dev(struct st *S, const char *a, const char *v, unsigned long l)
{
    long n = num(v);
    if (eq(a, "hm2ExtNvmTableIndex")) {
        /* HM2-DEVMGMT-MIB hm2ExtNvmTableIndex: sd(1), usb(2) */
        S->cur = otlp_doc_fact(&S->doc, "removable-media", l);
        set_at(S, S->cur, "kind", n == 1 ? "sd" : n == 2 ? "usb" : "other", l);
    } else if (!eq(S->grp, "hm2ExtNvmEntry") && strncmp(a, "hm2ExtNvm", 9) == 0)
        return 1; /* outside its table: nothing to attach it to */
    else if (eq(a, "hm2ExtNvmAutomaticSoftwareLoad"))
        setb_at(S, S->cur, "firmware-load", onoff(v), l);
    else if (eq(a, "hm2ExtNvmConfigLoadPriority")) {
        /* disable(0), first(1), second(2) */
        if (n >= 0)
            setb_at(S, S->cur, "config-load", n != 0, l);
    } else if (eq(a, "hm2ExtNvmConfigSave"))
        setb_at(S, S->cur, "config-save", onoff(v), l);
    else if (eq(a, "hm2DevMgmtSwVersAllowUnsigned")) {
        xmlNodePtr f = otlp_doc_fact(&S->doc, "firmware-policy", l);
        int b = onoff(v);
        setb_at(S, f, "signature-check", b < 0 ? -1 : !b, l);
    } else
        return eq(a, "hm2ExtNvmAutomaticSshKeyLoad");
    return 1;
}

static int m_misc(struct st *S, const char *a, const char *v, unsigned long l)
{
    long n = num(v);
    if (eq(a, "sysName")) {
        if (*v)
            set_at(S, S->sys, "hostname", v, l);
    } else if (eq(a, "sysContact") || eq(a, "sysLocation")) {
        ;
    } else if (eq(a, "hm2NetVlanID")) {
        xmlNodePtr m = one(S, &S->mgmt, "mgmt-plane", l);
        if (n > 0) {
            otlp_doc_at(&S->doc, l);
            otlp_doc_setu(&S->doc, m, "vlan", (unsigned long)n);
        }
        S->seen_mgmt = 1;
    } else if (eq(a, "hm2PwdMgmtMinLength")) {
        if (n >= 0) {
            otlp_doc_at(&S->doc, l);
            otlp_doc_setu(&S->doc, one(S, &S->pwd, "password-policy", l), "min-length",
                          (unsigned long)n);
        }
    } else if (eq(a, "hm2PwdMgmtMinUpperCase") || eq(a, "hm2PwdMgmtMinLowerCase") ||
               eq(a, "hm2PwdMgmtMinNumericNumbers") || eq(a, "hm2PwdMgmtMinSpecialCharacters")) {
        if (n > 0)
            S->pwd_classes++;
        otlp_doc_at(&S->doc, l);
        otlp_doc_setu(&S->doc, one(S, &S->pwd, "password-policy", l), "classes",
                      (unsigned long)S->pwd_classes);
    } else if (eq(a, "hm2PwdMgmtLoginAttempts")) {
        if (n >= 0) {
            otlp_doc_at(&S->doc, l);
            otlp_doc_setu(&S->doc, one(S, &S->lock, "lockout", l), "attempts", (unsigned long)n);
        }
    } else if (eq(a, "hm2PwdMgmtLoginAttemptsTimePeriod")) {
        if (n > 0) {
            otlp_doc_at(&S->doc, l);
            otlp_doc_setu(&S->doc, one(S, &S->lock, "lockout", l), "within",
                          (unsigned long)n * 60ul);
        }
    } else if (eq(a, "hm2LogSyslogAdminStatus"))
        setb_at(S, one(S, &S->log, "logging", l), "enabled", onoff(v), l);
    else if (eq(a, "hm2SntpClientAdminState")) {
        /* the SNTP client as a whole; its servers are in
         * hm2SntpClientServerAddrEntry */
        one(S, &S->ntp, "ntp", l);
    } else if (eq(a, "hm2PtpEnable")) {
        xmlNodePtr r = otlp_doc_fact(&S->doc, "redundancy", l);
        set_at(S, r, "protocol", "ptp", l);
        setb_at(S, r, "enabled", onoff(v), l);
    } else if (eq(a, "hm2AgentStpAdminMode")) {
        xmlNodePtr r = otlp_doc_fact(&S->doc, "redundancy", l);
        set_at(S, r, "protocol", "rstp", l);
        setb_at(S, r, "enabled", onoff(v), l);
    } else
        return 0;
    return 1;
}

/* One <Attribute>: 1 when the plugin knows the object. */
static int attribute(struct st *S, const char *a, const char *v, unsigned long l)
{
    otlp_doc_at(&S->doc, l);
    if (if_key(S->grp, a)) {
        S->cur_if = ifc_get(S, v, l);
        return 1;
    }
    if (S->cur_if != NULL && S->in_entry)
        return m_iface(S, a, v, l);
    if (eq(S->grp, "hm2UserConfigEntry"))
        return m_user(S, a, v, l);
    return m_snmp(S, a, v, l) || m_mgmt(S, a, v, l) || m_ics(S, a, v, l) || m_l2(S, a, v, l) ||
           m_dev(S, a, v, l) || m_misc(S, a, v, l);
}

static void entry_end(struct st *S)
{
    if (eq(S->grp, "usmUserEntry") && S->cur != NULL)
        otlp_doc_set(&S->doc, S->cur, "security",
                     S->e_priv ? "priv" : S->e_auth ? "auth" : "noauth");
    S->cur_if = NULL;
    S->cur = NULL;
    S->e_auth = S->e_priv = 0;
    S->e_vlan = -1;
    S->e_rma_active = 0;
    S->in_entry = 0;
}

/* ------------------------------------------------------------ raw records and coverage */

/* Neutral MIBs: settings with no security meaning of their own (forwarding,
 * QoS, timing detail, diagnostics counters); read, not mapped. */
static const char *const neutral_mibs[] = {
    "MAU-MIB", "HM2-L2FORWARDING-MIB", "HM2-PLATFORM-QOS-COS-MIB", "P-BRIDGE-MIB", "Q-BRIDGE-MIB",
    "BRIDGE-MIB", "IEEE8021-AS-V2-MIB", "IEEE8021-ST-MIB", "HM2-TSN-MIB", "IEEE8021-BRIDGE-MIB",
    "IEEE8021-Q-BRIDGE-MIB", "LAG-MIB", "SFLOW-MIB", "HM2-PLATFORM-TIMEZONE-MIB", "HM2-DNS-MIB",
    "HM2-TRACKING-MIB", "HM2-PLATFORM-MVRP-MIB", "HM2-PLATFORM-MMRP-MIB", "HM2-PLATFORM-MRP-MIB",
    "HM2-L2MCAST-MIB", "HM2-MAC-NOTIFICATION-MIB", "HM2-IOMODULE-MIB", "LLDP-EXT-MED-MIB",
    "LLDP-EXT-DOT3-MIB", "LLDP-EXT-DOT1-MIB", "LLDP-EXT-PNO-MIB", "LLDP-EXT-HM-MIB",
    "HM2-LICENSE-MGMT-MIB", "HM2-MDNS-SD-MIB", "HM2-LINK-BACKUP-MIB", "HM2-DOS-MITIGATION-MIB",
    "SNMP-VIEW-BASED-ACM-MIB", "SNMP-TARGET-MIB", "SNMP-NOTIFICATION-MIB", NULL};

/* Tables and groups of the MIBs read whose other objects carry no security
 * setting of their own: per-port physical, timing, diagnostic-counter,
 * multicast, mirroring and relay detail (docs/formats/hirschmann-hios.md,
 * "Coverage").  The objects of a table the plugin reads (an interface
 * table, the user table) are known too, read or not. */
static const char *const neutral_groups[] = {
    "hm2Ptp2PortEntry", "hm2Ptp2TCPortEntry", "hm2Ptp2TCConfiguration", "hm2Ptp2Configuration",
    "hm2PtpGlobal", "hm2Dot1asGlobal", "hm2SystemTimeGroup", "hm2SntpServerGroup",
    "hm2SntpServerBroadcastGroup", "hm2SntpServerBroadcastVlanEntry", "hm2SntpClientGroup",
    "hm2AgentSwitchSnoopingIntfEntry", "hm2AgentSwitchSnoopingVlanEntry",
    "hm2AgentSwitchSnoopingCfgEntry", "hm2AgentSwitchSnoopingQuerierCfgEntry",
    "hm2AgentSwitchSnoopingQuerierVlanEntry", "hm2AgentKeepalivePortEntry",
    "hm2AgentSwitchKeepaliveGroup", "hm2PortMonitorConditionOvldDetIntfEntry",
    "hm2PortMonitorConditionIntfEntry", "hm2PortMonitorIntfEntry",
    "hm2PortMonitorConditionLinkFlapIntfEntry", "hm2PortMonitorConditionCrcFragmentsIntfEntry",
    "hm2PortMonitorConditionSpeedDuplexEntry", "hm2PortMonitorGroup",
    "hm2DiagIfaceUtilizationEntry", "hm2DiagSelftestActionEntry", "hm2DiagSelftestGroup",
    "hm2DiagBootGroup", "hm2DiagResourcesGroup", "hm2AgentPrivateVlanIntfAssocEntry",
    "hm2AgentPrivateVlanEntry", "hm2AgentStpMstPortEntry", "hm2AgentStpMstEntry",
    "hm2AgentStpPortEntry", "hm2AgentStpCstConfigGroup", "hm2AgentPortMirrorTypeEntry",
    "hm2AgentPortMirrorEntry", "hm2AgentPortMirroringGroup", "hm2AgentDhcpL2RelayIfConfigEntry",
    "hm2AgentDhcpL2RelayVlanConfigEntry", "hm2AgentDhcpL2RelayConfigGroup",
    "hm2AgentDot3adAggPortEntry", "hm2AgentLagConfigGroup", "hm2AgentSwitchVoiceVLANGroup",
    "hm2AgentSwitchGARPGroup", "hm2IfaceEntry", "hm2IfaceLayoutEntry",
    "hm2AutoDisableIntfEntry", "hm2AutoDisableReasonEntry", "hm2DeviceMgmtTemperatureGroup",
    "hm2DHCPServerIfConfigEntry", "hm2DHCPServerConfigGroup", "hm2NetACDGroup",
    "hm2NetMacACDGroup", "hm2RedundantCplConfigMibGroup", "hm2RingRedMibGroup", "hm2SrmMibGroup",
    "hm2AgentCosQueueEntry", "hm2AgentCosMapIntfTrustEntry", "hm2EthernetIPTCPIPObjectGroup",
    "hm2EthernetIPQoSObjectGroup", "hm2PNIODcpModeEntry", "hm2TrafficMgmtMibObjects",
    "hm2FileMgmtConfigGroup", "hm2LedControlGroup", "lldpPortConfigEntry", "lldpConfiguration",
    "lldpConfigManAddrEntry", "hm2LLDPIfEntry", "hm2LLDPConfigGroup", "hm2DnsClientGlobalGroup",
    "hm2AgentDaiVlanConfigEntry", "hm2AgentDhcpSnoopingVlanConfigEntry",
    "hm2AgentDhcpSnoopingConfigGroup", "hm2AgentDaiConfigGroup", "hm2AgentStpSwitchConfigGroup",
    "hm2NetStaticGroup", "hm2NetHiDiscoveryGroup", "hm2NetOobUsbMgmtGroup", "hm2PwdMgmtGroup",
    "hm2UserStatusGroup", "hm2ExtNvmEntry", "hm2DeviceMgmtSoftwareVersionGroup",
    "hm2LogSyslogGroup", "hm2LogPersistentGroup", "hm2LogConsoleLoggingGroup",
    "hm2LogBufferedLoggingGroup", "hm2LogSnmpLoggingGroup", "hm2LogCliCommandsLoggingGroup",
    "system", "snmp", NULL};

static int in_list(const char *s, const char *const *list)
{
    size_t i;
    for (i = 0; list[i] != NULL; i++)
        if (eq(s, list[i]))
            return 1;
    return 0;
}

static int neutral(const struct st *S)
{
    return in_list(S->mib, neutral_mibs) || in_list(S->grp, neutral_groups) ||
           strncmp(S->mib, "HM2-MGMTACCESS-MIB", 18) == 0 ||
           strncmp(S->mib, "HM2-INDUSTRIAL-PROTOCOLS-MIB", 28) == 0 ||
           (S->in_entry && (S->cur_if != NULL || eq(S->grp, "hm2UserConfigEntry") ||
                            eq(S->grp, "usmUserEntry") || eq(S->grp, "snmpCommunityEntry")));
}

static void count(struct st *S, int known, unsigned long line)
{
    S->units++;
    if (known)
        S->recognised++;
    else if (S->nunrec < MAX_UNREC)
        S->unrec[S->nunrec++] = line;
}

/* Is the attribute a secret: scrambled, or named as credentials are
 * (snmpCommunityName/Index, hm2Iec61850MmsServerTechnicalKey, ...)?
 * snmpCommunityIndex holds the string itself on HiOS, and the VACM security
 * names of the communities are made from it ("public_user"). */
static int secret_attr(const struct st *S, const char *a)
{
    return S->scrambled || otlp_secret_name(a, strlen(a)) ||
           (strlen(a) > 12 && eq(a + strlen(a) - 12, "SecurityName")) ||
           (eq(S->grp, "snmpCommunityEntry") && !eq(a, "snmpCommunityStorageType") &&
            !eq(a, "snmpCommunityStatus"));
}

static void raw(struct st *S, unsigned long line, const char *text, size_t len, int known,
                int red)
{
    unsigned flags = (known ? 0u : OTL_RAW_UNRECOGNISED) | (red ? OTL_RAW_SECRET : 0u);
    if (S->doc.stop || S->doc.oom || otlp_doc_take(&S->doc, line) != 0)
        return;
    if (S->raw_records) {
        if (otlp_raw_record(S->host, S->ctx, 0, line, text, len, flags) != 0)
            otlp_doc_nomem(&S->doc);
    } else {
        xmlNodePtr n = otlp_child_text(S->dd->raw, "stmt", line, text, len);
        if (n == NULL) {
            otlp_doc_nomem(&S->doc);
            return;
        }
        otl_node_set_line(n, line);
        if (!known)
            otlp_doc_set(&S->doc, n, "recognised", "false");
        if (red)
            otlp_doc_setb(&S->doc, n, "secret", 1);
    }
}

/* ------------------------------------------------------------ SAX */

static void attr_of(const xmlChar **at, int nb, const char *name, char *out, size_t cap)
{
    int i;
    out[0] = '\0';
    for (i = 0; i < nb; i++) {
        size_t vl = (size_t)(at[5 * i + 4] - at[5 * i + 3]);
        if (strcmp((const char *)at[5 * i], name) != 0)
            continue;
        if (vl >= cap)
            vl = cap - 1;
        otlp_sax_value(out, at[5 * i + 3], at[5 * i + 3] + vl);
        return;
    }
}

static void sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted, const xmlChar **at)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    const char *name = (const char *)localname;
    unsigned long line = otlp_sax_line(&S->tp, pc);
    char tag[OTLP_RAWTAG], nm[NAME_MAX_], cv[32];
    size_t o = 0;
    int structural = 1;

    (void)prefix, (void)uri, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    if (S->doc.stop) {
        xmlStopParser(pc);
        return;
    }
    S->depth++;
    if (S->depth > (S->host->max_depth ? S->host->max_depth : 64u)) {
        S->host->diag(S->ctx, OTL_DIAG_ERROR, line,
                      "elements nested deeper than %u; the rest of the file is not read",
                      S->depth - 1);
        otlp_doc_stop(&S->doc, OTL_PARSE_PARTIAL);
        xmlStopParser(pc);
        return;
    }
    attr_of(at, nb_attributes, "name", nm, sizeof nm);
    if (eq(name, "MIB"))
        snprintf(S->mib, sizeof S->mib, "%s", nm), S->grp[0] = '\0';
    else if (eq(name, "Scalar") || eq(name, "Table"))
        snprintf(S->grp, sizeof S->grp, "%s", nm);
    else if (eq(name, "Entry")) {
        entry_end(S);
        S->in_entry = 1;
    } else if (eq(name, "Attribute") || eq(name, "Variable")) {
        attr_of(at, nb_attributes, "convert", cv, sizeof cv);
        snprintf(S->attr, sizeof S->attr, "%s", nm);
        S->scrambled = eq(cv, "scrambled");
        S->in_attr = eq(name, "Attribute");
        S->in_var = !S->in_attr;
        S->aline = line;
        S->tlen = 0;
        structural = 0;
    } else if (eq(name, "MibData"))
        S->seen_mibdata = 1;
    else if (!eq(name, "Config") && !eq(name, "Header") && !eq(name, "Footer") &&
             !eq(name, "Checksum")) {
        count(S, 0, line);
        structural = 2;
    }
    if (structural) {
        otlp_tag_put(tag, &o, "<");
        otlp_tag_put(tag, &o, name);
        if (nm[0]) {
            otlp_tag_put(tag, &o, " name=\"");
            otlp_tag_put(tag, &o, nm);
            otlp_tag_put(tag, &o, "\"");
        }
        otlp_tag_put(tag, &o, ">");
        raw(S, line, tag, o, structural == 1, 0);
    }
    if (S->doc.stop)
        xmlStopParser(pc);
}

static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    size_t n = (size_t)len;
    if (!S->in_attr && !S->in_var)
        return;
    if (S->tlen + n > TEXT_MAX)
        n = TEXT_MAX - S->tlen;
    memcpy(S->text + S->tlen, ch, n);
    S->tlen += n;
}

static void header_var(struct st *S, const char *v)
{
    if (eq(S->attr, "productId"))
        snprintf(S->product, sizeof S->product, "%s", v);
    else if (eq(S->attr, "swMajorRelNum"))
        snprintf(S->rel[0], sizeof S->rel[0], "%s", v);
    else if (eq(S->attr, "swMinorRelNum"))
        snprintf(S->rel[1], sizeof S->rel[1], "%s", v);
    else if (eq(S->attr, "swBugfixRelNum"))
        snprintf(S->rel[2], sizeof S->rel[2], "%s", v);
}

static void attr_end(struct st *S)
{
    char rec[OTLP_RAWTAG];
    size_t a = 0, b = S->tlen, o = 0;
    int red, known;

    while (a < b && isspace((unsigned char)S->text[a]))
        a++;
    while (b > a && isspace((unsigned char)S->text[b - 1]))
        b--;
    S->text[b] = '\0';
    if (S->in_var) {
        header_var(S, S->text + a);
        S->in_var = 0;
        return;
    }
    S->in_attr = 0;
    red = secret_attr(S, S->attr) && b > a;
    known = attribute(S, S->attr, S->text + a, S->aline) || neutral(S);
    count(S, known, S->aline);
    /* the element as written, its value redacted when secret (the MIB
     * and group are the records of the enclosing start tags) */
    otlp_tag_put(rec, &o, "<Attribute name=\"");
    otlp_tag_put(rec, &o, S->attr);
    otlp_tag_put(rec, &o, "\">");
    otlp_tag_put(rec, &o, red ? OTL_REDACTED : S->text + a);
    otlp_tag_put(rec, &o, "</Attribute>");
    raw(S, S->aline, rec, o, known, red);
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    xmlParserCtxtPtr pc = ctx;
    struct st *S = pc->_private;
    const char *name = (const char *)localname;

    (void)prefix, (void)uri;
    if (S->depth > 0)
        S->depth--;
    if ((S->in_attr || S->in_var) && (eq(name, "Attribute") || eq(name, "Variable")))
        attr_end(S);
    else if (eq(name, "Entry"))
        entry_end(S);
    else if (eq(name, "Table") || eq(name, "Scalar"))
        S->grp[0] = '\0';
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
}

/* ------------------------------------------------------------ after the file */

static void finish_ifaces(struct st *S)
{
    size_t h;
    struct ifc *f;
    for (h = 0; h < HBUCKETS; h++)
        for (f = S->hash[h]; f != NULL; f = f->hnext) {
            if (f->storm >= 0)
                setb_at(S, f->n, "storm-control", f->storm, f->storm_line);
            /* HiOS' BPDU guard is global and acts on edge ports (admin
             * edge, or auto-edge once no BPDU is seen) */
            if (S->bpdu_guard >= 0 && f->edge >= 0) {
                int eff = S->bpdu_guard == 1 && (f->edge == 1 || f->autoedge == 1);
                setb_at(S, f->n, "bpdu-guard", eff, f->edge_line);
            }
        }
}

static void finish_snmp(struct st *S)
{
    size_t i;
    int v12 = (S->snmp_v1 == 1 || S->snmp_v2 == 1);
    int known = S->snmp_v1 >= 0 && S->snmp_v2 >= 0;
    struct svc *s;

    if (S->snmp_v1 >= 0 || S->snmp_v2 >= 0 || S->snmp_v3 >= 0) {
        s = svc_get(S, "snmp", S->snmp_line);
        if (s != NULL)
            setb_at(S, s->n, "enabled", v12 || S->snmp_v3 == 1, S->snmp_line);
    }
    for (i = 0; i < S->ncomm; i++) {
        if (!known)
            continue;
        otlp_doc_at(&S->doc, S->snmp_line);
        if (!v12)
            otlp_doc_setb(&S->doc, S->comm[i], "active", 0);
        else
            otlp_doc_set(&S->doc, S->comm[i], "version", S->snmp_v2 == 1 ? "2c" : "1");
    }
}

static int svc_enabled(struct st *S, const char *name)
{
    size_t i;
    for (i = 0; i < S->nsvc; i++)
        if (eq(S->svc[i].name, name))
            return S->svc[i].enabled;
    return -1;
}

/* The session channels take what their servers do: transport-in is the
 * enabled servers ("none" when they are off), access-list the management
 * access restriction when it is active. */
static void finish_sessions(struct st *S, int restricted)
{
    char web[16] = "";
    int h = svc_enabled(S, "http"), hs = svc_enabled(S, "https");
    int ssh = svc_enabled(S, "ssh"), tel = svc_enabled(S, "telnet");

    otlp_doc_at(&S->doc, 0);
    if (ssh >= 0)
        otlp_doc_set(&S->doc, S->ses_ssh, "transport-in", ssh ? "ssh" : "none");
    if (tel >= 0)
        otlp_doc_set(&S->doc, S->ses_vty, "transport-in", tel ? "telnet" : "none");
    if (h >= 0 || hs >= 0) {
        if (h == 1)
            otlp_list_add(web, sizeof web, "http");
        if (hs == 1)
            otlp_list_add(web, sizeof web, "https");
        otlp_doc_set(&S->doc, S->ses_web, "transport-in", web[0] ? web : "none");
    }
    if (restricted) {
        otlp_doc_set(&S->doc, S->ses_ssh, "access-list", "restricted-management-access");
        otlp_doc_set(&S->doc, S->ses_vty, "access-list", "restricted-management-access");
        otlp_doc_set(&S->doc, S->ses_web, "access-list", "restricted-management-access");
    }
}

static void finish_mgmt(struct st *S)
{
    static const char *const covered[] = {"http", "https", "snmp", "telnet", "ssh",
                                          "modbus-server", "ethernet-ip", "profinet",
                                          "iec61850-mms", NULL};
    int restricted = S->rma_op == 1 && S->rma_restricting;
    size_t i, k;

    if (S->rma_op >= 0)
        setb_at(S, one(S, &S->mgmt, "mgmt-plane", S->rma_line), "restricted", restricted,
                S->rma_line);
    if (restricted)
        for (i = 0; i < S->nsvc; i++)
            for (k = 0; covered[k] != NULL; k++)
                if (eq(S->svc[i].name, covered[k]))
                    set_at(S, S->svc[i].n, "scope", "restricted-management-access",
                           S->rma_line);
    finish_sessions(S, restricted);
    if (S->l2 != NULL) {
        if (S->ds_vlans[0])
            otlp_doc_set(&S->doc, S->l2, "dhcp-snooping-vlans", S->ds_vlans);
        if (S->dai_any >= 0)
            setb_at(S, S->l2, "arp-inspection", S->dai_any, S->dai_line);
        if (S->dai_vlans[0])
            otlp_doc_set(&S->doc, S->l2, "arp-inspection-vlans", S->dai_vlans);
        if (S->bpdu_guard >= 0)
            setb_at(S, S->l2, "bpdu-guard-default", S->bpdu_guard, S->bpdu_line);
    }
}

static void finish_system(struct st *S)
{
    const char *reason = NULL;
    xmlNodePtr sys = S->sys;

    otlp_doc_at(&S->doc, 0);
    otlp_doc_set(&S->doc, sys, "os", "hios");
    if (S->product[0])
        otlp_doc_set(&S->doc, sys, "model", S->product);
    if (S->rel[0][0] && S->rel[1][0] && S->rel[2][0])
        otlp_doc_setf(&S->doc, sys, "version", "%ld.%ld.%02ld", num(S->rel[0]), num(S->rel[1]),
                      num(S->rel[2]));
    if (!S->seen_mibdata)
        reason = "no <MibData>: not a configuration";
    else if (!S->seen_users || !S->seen_mgmt)
        reason = "no users (hm2UserConfigEntry) or no management address (hm2NetStaticGroup): "
                 "a fragment of a configuration";
    if (reason != NULL)
        S->host->diag(S->ctx, OTL_DIAG_NOTE, 0, "read as a partial export: %s", reason);
    otlp_doc_set(&S->doc, sys, "export-kind", reason == NULL ? "full" : "partial");
    otlp_doc_coverage(&S->doc, sys, S->recognised, S->units);
    otlp_doc_setu(&S->doc, sys, "statements", S->units);
    otlp_note_unrecognised(S->host, S->ctx, S->units, S->recognised, S->unrec, S->nunrec);
}

static void free_state(struct st *S)
{
    size_t h;
    struct ifc *f, *nx;
    for (h = 0; h < HBUCKETS; h++)
        for (f = S->hash[h]; f != NULL; f = nx) {
            nx = f->hnext;
            free(f->name);
            free(f);
        }
}

/* ---------------------------------------------------------------- sniff */

/* The XML form: `<Config` as the root with the mibconf namespace, or a
 * <Config> holding <Header>/<MibData> in the first bytes. */
static int xml_sniff(const struct otl_input *in)
{
    const char *p = (const char *)in->data, *end = p + (in->len < 4096 ? in->len : 4096);
    const char *root = NULL;
    size_t k;

    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (otlp_starts(p, end, "<?") || otlp_starts(p, end, "<!--")) {
            const char *q = otlp_starts(p, end, "<?") ? "?>" : "-->";
            const char *e = p;
            while (e < end && !otlp_starts(e, end, q))
                e++;
            if (e >= end)
                return 0;
            p = e + strlen(q);
        } else if ((k = otlp_doctype_len(p, end)) > 0)
            p += k;
        else
            break;
    }
    if (!otlp_starts(p, end, "<Config") || p + 7 >= end ||
        !(isspace((unsigned char)p[7]) || p[7] == '>'))
        return 0;
    root = p;
    for (p = root; p + 27 <= end; p++)
        if (memcmp(p, "urn:xml:ns:mibconf:base:1.0", 27) == 0)
            return 95;
    for (p = root; p + 8 <= end; p++)
        if (memcmp(p, "<MibData", 8) == 0)
            return 70;
    return 0;
}

static int sniff(const struct otl_input *in)
{
    int x = xml_sniff(in);
    if (x > 0)
        return x;
    return hios_cli_sniff(in);
}

/* ---------------------------------------------------------------- parse */

static enum otl_parse_status parse(const struct otl_host *host, struct otl_parse_ctx *ctx,
                                   const struct otl_input *in, struct otl_devdoc *dd)
{
    struct st *S;
    enum otl_parse_status rc;

    if (xml_sniff(in) == 0)
        return hios_cli_parse(host, ctx, in, dd);
    S = calloc(1, sizeof *S);
    if (S == NULL)
        return OTL_PARSE_NOMEM;
    S->host = host;
    S->ctx = ctx;
    S->dd = dd;
    otlp_doc_init(&S->doc, host, ctx, dd);
    S->raw_records = otlp_raw_records(host);
    S->snmp_v1 = S->snmp_v2 = S->snmp_v3 = -1;
    S->bpdu_guard = S->dai_any = S->rma_op = -1;
    S->e_vlan = -1;
    S->sys = otlp_doc_fact(&S->doc, "system", 0);
    otlp_doc_set(&S->doc, S->sys, "vendor", "hirschmann");
    otlp_doc_set(&S->doc, S->sys, "class", "switch");
    otlp_doc_set(&S->doc, S->sys, "export-type", "device");
    parse_xml(S, in);
    if (S->doc.status != OTL_PARSE_FAILED && !S->doc.oom) {
        finish_ifaces(S);
        finish_snmp(S);
        finish_mgmt(S);
        finish_system(S);
    }
    free_state(S);
    rc = S->doc.status;
    free(S);
    return rc;
}

__attribute__((visibility("default"))) const struct otl_format otlint_format = {
    .abi_major = OTL_ABI_MAJOR,
    .abi_minor = OTL_ABI_MINOR,
    .size = sizeof(struct otl_format),
    .name = "hirschmann-hios",
    .description = "Hirschmann/Belden HiOS switches: the XML configuration (MIB-based <Config>) "
                   "and the `show running-config script` CLI script",
    .classes = OTL_CLASS_SWITCH,
    .sniff = sniff,
    .parse = parse,
};
