/*
 * access.c - checker "access": who can reach the device and the network,
 * worked out once per document so that rules test one attribute.
 *
 * analyse() adds, in a <derived> child (checkers/README.md):
 *   session:   remote-telnet="true|false"  a channel other than the console
 *                                          whose transport-in accepts telnet
 *                                          (the word telnet or all)
 *              open-to-any="true|false"    a vty, ssh or web channel with
 *                                          no access-list and a transport-in
 *                                          other than none
 *   service[@name='telnet']: telnet-lines  how many sessions have
 *                                          remote-telnet="true"
 *   interface: access-port="true|false"    mode access and not disabled
 *              port-auth                   none, port-security, dot1x, both
 *              access-vlan                 the access VLAN, 1 when none is
 *                                          set (only on access ports)
 * The tests are those the bundled rules used to spell out in XPath
 * (NET-SVC-TELNET, NET-MGMT-ACL, NET-L2-PORTSEC, NET-L2-VLAN1), with
 * XPath's normalize-space() and PCRE2's \b where they used them.
 */
#include <stdio.h>
#include <string.h>
#include "ckutil.h"

static int xml_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* normalize-space(v) = '' (an absent attribute is '') */
static int blank(const char *v)
{
    if (v == NULL)
        return 1;
    while (xml_space(*v))
        v++;
    return *v == '\0';
}

/* normalize-space(v) = w, for a w of one word */
static int trimmed_is(const char *v, const char *w)
{
    size_t n = strlen(w);

    if (v == NULL)
        return 0;
    while (xml_space(*v))
        v++;
    if (strncmp(v, w, n) != 0)
        return 0;
    for (v += n; xml_space(*v); v++)
        ;
    return *v == '\0';
}

static int eq(const char *v, const char *w)
{
    return v != NULL && strcmp(v, w) == 0;
}

static int word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* re:test(v, '\b(telnet|all)\b') */
static int has_word(const char *v, const char *w)
{
    size_t n = strlen(w);
    const char *p;

    for (p = v; (p = strstr(p, w)) != NULL; p++)
        if ((p == v || !word_char(p[-1])) && !word_char(p[n]))
            return 1;
    return 0;
}

static int accepts_telnet(const char *v)
{
    return v != NULL && (has_word(v, "telnet") || has_word(v, "all"));
}

/* A value that switches a port protection on: not blank, not false/none. */
static int on(const char *v)
{
    return !blank(v) && !eq(v, "false") && !eq(v, "none");
}

static int set_bool(xmlNodePtr n, const char *name, int b)
{
    return ck_derive(n, name, b ? "true" : "false");
}

static int session(xmlNodePtr n, unsigned long *telnet)
{
    const char *ch = ck_get(n, "channel"), *tin = ck_get(n, "transport-in");
    int rt = ch != NULL && !eq(ch, "console") && accepts_telnet(tin);
    int any = (eq(ch, "vty") || eq(ch, "ssh") || eq(ch, "web")) &&
              blank(ck_get(n, "access-list")) && !trimmed_is(tin, "none");

    *telnet += rt;
    if (set_bool(n, "remote-telnet", rt) != 0)
        return -1;
    return set_bool(n, "open-to-any", any);
}

static int interface(xmlNodePtr n)
{
    static const char *const auth[4] = {"none", "port-security", "dot1x", "both"};
    const char *vlan = ck_get(n, "vlan");
    int access = eq(ck_get(n, "mode"), "access") && !eq(ck_get(n, "enabled"), "false");
    int a = on(ck_get(n, "port-security")) | on(ck_get(n, "dot1x")) << 1;
    char buf[64];

    if (set_bool(n, "access-port", access) != 0 || ck_derive(n, "port-auth", auth[a]) != 0)
        return -1;
    if (!access)
        return 0;
    if (blank(vlan))
        return ck_derive(n, "access-vlan", "1");
    while (xml_space(*vlan))
        vlan++;
    /* normalize-space: inner runs of blanks become one space */
    {
        size_t o = 0;
        for (; *vlan && o + 2 < sizeof buf; vlan++) {
            if (xml_space(*vlan)) {
                if (o > 0 && buf[o - 1] != ' ')
                    buf[o++] = ' ';
            } else
                buf[o++] = *vlan;
        }
        if (*vlan)
            return 0; /* longer than any VLAN: no access-vlan */
        while (o > 0 && buf[o - 1] == ' ')
            o--;
        buf[o] = '\0';
    }
    return ck_derive(n, "access-vlan", buf);
}

static int is_telnet_service(const xmlNode *n)
{
    return ck_is(n, "service") && eq(ck_get(n, "name"), "telnet");
}

static int analyse(const struct otl_host *host, struct otl_parse_ctx *ctx, struct otl_devdoc *dd)
{
    xmlNodePtr n;
    unsigned long telnet = 0;
    char num[24];
    int r = 0;

    (void)host;
    (void)ctx;
    if (dd == NULL || dd->facts == NULL)
        return 0;
    for (n = dd->facts->children; n != NULL && r == 0; n = n->next) {
        if (ck_is(n, "session"))
            r = session(n, &telnet);
        else if (ck_is(n, "interface"))
            r = interface(n);
    }
    snprintf(num, sizeof num, "%lu", telnet);
    for (n = dd->facts->children; n != NULL && r == 0; n = n->next)
        if (is_telnet_service(n))
            r = ck_derive(n, "telnet-lines", num);
    return r;
}

__attribute__((visibility("default"))) const struct otl_checker otlint_checker = {
    OTL_ABI_MAJOR, OTL_ABI_MINOR, sizeof(struct otl_checker), "access",
    "management sessions and access ports (remote-telnet, open-to-any, port-auth, access-vlan)",
    NULL, analyse, {NULL}};
