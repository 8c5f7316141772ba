/*
 * check_fwmodel.c - the firewall model's derived facts (checkers/fwmodel.c,
 * part of the addresses checker), on hand-written device documents: group
 * nesting and cycles, contexts, any, unresolved names, the industrial and
 * management port list, untrusted zones, and the cost: the work of a
 * 10,000-rule document is at most 4.5 times that of a 2,500-rule one.
 * The checker's sources are compiled into this program (fw_work() is not
 * exported by the module).
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "../../checkers/fwmodel.h"
#include "xmlsafe.h"

static xmlDocPtr doc;
static xmlXPathContextPtr xp;

static void build(const char *facts)
{
    size_t n = strlen(facts) + 64;
    char *buf = malloc(n);

    ck_assert_ptr_nonnull(buf);
    snprintf(buf, n, "<device><facts>%s</facts></device>", facts);
    doc = otl_xml_read_memory(buf, strlen(buf), "t.xml", NULL, NULL);
    free(buf);
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(fw_analyse(xmlDocGetRootElement(doc)->children), 0);
    xp = xmlXPathNewContext(doc);
    ck_assert_ptr_nonnull(xp);
    xp->node = xmlDocGetRootElement(doc);
}

static void setup(void)
{
    doc = NULL;
    xp = NULL;
}

static void teardown(void)
{
    if (xp)
        xmlXPathFreeContext(xp);
    if (doc)
        xmlFreeDoc(doc);
}

static char *str(const char *expr)
{
    static char out[1024];
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, xp);
    xmlChar *s;

    ck_assert_msg(o != NULL, "does not evaluate: %s", expr);
    s = xmlXPathCastToString(o);
    snprintf(out, sizeof out, "%s", (const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    return out;
}

#define ck_xpath(expr, want) ck_assert_str_eq(str(expr), want)

START_TEST(groups_nested_and_cycles)
{
    build("<fw-address name='h1' kind='host' value='10.0.0.1'/>"
          "<fw-address name='n1' kind='subnet' value='10.1.0.0/16'/>"
          "<fw-address name='inner' kind='group'><member name='h1'/><member name='n1'/></fw-address>"
          "<fw-address name='outer' kind='group'><member name='inner'/><member name='h1'/>"
          "<member name='192.168.1.0/24'/></fw-address>"
          "<fw-address name='a' kind='group'><member name='b'/></fw-address>"
          "<fw-address name='b' kind='group'><member name='c'/></fw-address>"
          "<fw-address name='c' kind='group'><member name='a'/><member name='h1'/></fw-address>"
          "<fw-address name='self' kind='group'><member name='self'/></fw-address>"
          "<fw-address name='holey' kind='group'><member name='h1'/><member name='ghost'/></fw-address>"
          "<fw-rule policy='p' kind='security' seq='1' action='permit' enabled='true'>"
          "<source name='a'/><destination name='outer'/><service protocol='tcp' ports='22'/></fw-rule>");
    /* nesting: the inner group's members, once, then the literal member */
    ck_xpath("facts/fw-address[@name='outer']/derived/@addresses", "10.0.0.1 10.1.0.0/16 192.168.1.0/24");
    ck_xpath("facts/fw-address[@name='outer']/derived/@any", "false");
    ck_xpath("count(facts/fw-address[@name='outer']/derived/@unresolved)", "0");
    /* a -> b -> c -> a: the group that closes the cycle names it, nothing loops */
    ck_xpath("facts/fw-address[@name='c']/derived/@unresolved", "a");
    ck_xpath("facts/fw-address[@name='a']/derived/@addresses", "10.0.0.1");
    ck_xpath("facts/fw-address[@name='self']/derived/@unresolved", "self");
    ck_xpath("facts/fw-address[@name='holey']/derived/@unresolved", "ghost");
    ck_xpath("facts/fw-address[@name='holey']/derived/@addresses", "10.0.0.1");
    /* the rule: its destination resolved, not any, no undefined names of its own */
    ck_xpath("facts/fw-rule/derived/@addresses", "10.0.0.1 10.1.0.0/16 192.168.1.0/24");
    ck_xpath("facts/fw-rule/derived/@source-any", "false");
    ck_xpath("count(facts/fw-rule/derived/@unresolved)", "0");
    ck_xpath("facts/fw-rule/derived/@management", "ssh");
    ck_xpath("count(facts/fw-rule/derived/@industrial)", "0");
}
END_TEST

START_TEST(contexts_scope_names)
{
    build("<fw-address name='srv' kind='host' value='10.0.0.1' context='vdomA'/>"
          "<fw-address name='srv' kind='host' value='10.0.0.2' context='vdomB'/>"
          "<fw-address name='srv' kind='host' value='10.0.0.3' context='shared'/>"
          "<fw-address name='only-a' kind='host' value='10.9.9.9' context='vdomA'/>"
          "<fw-address name='global' kind='host' value='10.7.7.7'/>"
          "<fw-address name='grp' kind='group' context='vdomB'><member name='srv'/><member name='global'/></fw-address>"
          "<fw-rule policy='p' kind='security' seq='1' action='permit' enabled='true' context='vdomA'>"
          "<destination name='srv'/></fw-rule>"
          "<fw-rule policy='p' kind='security' seq='2' action='permit' enabled='true' context='vdomB'>"
          "<destination name='srv'/></fw-rule>"
          "<fw-rule policy='p' kind='security' seq='3' action='permit' enabled='true' context='vdomC'>"
          "<destination name='srv'/></fw-rule>"
          "<fw-rule policy='p' kind='security' seq='4' action='permit' enabled='true' context='vdomB'>"
          "<destination name='only-a'/></fw-rule>"
          "<fw-rule policy='p' kind='security' seq='5' action='permit' enabled='true' context='vdomC'>"
          "<destination name='global'/></fw-rule>");
    ck_xpath("facts/fw-rule[@seq='1']/derived/@addresses", "10.0.0.1");
    ck_xpath("facts/fw-rule[@seq='2']/derived/@addresses", "10.0.0.2");
    ck_xpath("facts/fw-rule[@seq='3']/derived/@addresses", "10.0.0.3"); /* shared */
    ck_xpath("facts/fw-rule[@seq='4']/derived/@unresolved", "only-a"); /* another VDOM's */
    ck_xpath("facts/fw-rule[@seq='5']/derived/@addresses", "10.7.7.7"); /* no context */
    ck_xpath("facts/fw-address[@name='grp']/derived/@addresses", "10.0.0.2 10.7.7.7");
}
END_TEST

START_TEST(any_detection)
{
    build("<fw-address name='all4' kind='subnet' value='0.0.0.0/0'/>"
          "<fw-address name='all6' kind='subnet' value='::/0'/>"
          "<fw-address name='span' kind='range' value='0.0.0.0-255.255.255.255'/>"
          "<fw-address name='most' kind='range' value='0.0.0.1-255.255.255.255'/>"
          "<fw-address name='kany' kind='any'/>"
          "<fw-address name='wild' kind='wildcard' value='10.0.0.0/0.0.255.0'/>"
          "<fw-address name='g' kind='group'><member name='wild'/><member name='all6'/></fw-address>"
          "<fw-service name='ip' kind='service' protocol='ip'/>"
          "<fw-service name='tcpall' kind='service' protocol='tcp'/>"
          "<fw-service name='sg' kind='group'><member name='tcpall'/><member name='ip'/></fw-service>"
          /* 1: any any any through objects */
          "<fw-rule policy='p' kind='acl' seq='1' action='permit' enabled='true'>"
          "<source name='g'/><destination name='span'/><service name='sg'/></fw-rule>"
          /* 2: literals, every side narrow or tcp only */
          "<fw-rule policy='p' kind='acl' seq='2' action='permit' enabled='true'>"
          "<source address='10.0.0.0/8'/><destination name='most'/><service name='tcpall'/></fw-rule>"
          /* 3: sides absent (unrestricted), negated source */
          "<fw-rule policy='p' kind='acl' seq='3' action='permit' enabled='true' source-negate='true'>"
          "<source any='true'/></fw-rule>"
          /* 4: any service but limited by an application */
          "<fw-rule policy='p' kind='security' seq='4' action='permit' enabled='true'>"
          "<service any='true'/><application name='modbus'/></fw-rule>"
          /* 5: service literal ip without ports, application any */
          "<fw-rule policy='p' kind='security' seq='5' action='permit' enabled='true'>"
          "<source name='kany'/><service protocol='ip'/><application any='true'/></fw-rule>");
    ck_xpath("facts/fw-address[@name='all4']/derived/@any", "true");
    ck_xpath("facts/fw-address[@name='all6']/derived/@any", "true");
    ck_xpath("facts/fw-address[@name='span']/derived/@any", "true");
    ck_xpath("facts/fw-address[@name='most']/derived/@any", "false");
    ck_xpath("facts/fw-address[@name='kany']/derived/@any", "true");
    ck_xpath("facts/fw-address[@name='wild']/derived/@any", "false");
    ck_xpath("facts/fw-address[@name='g']/derived/@any", "true");
    ck_xpath("facts/fw-service[@name='ip']/derived/@any", "true");
    ck_xpath("facts/fw-service[@name='tcpall']/derived/@any", "false");
    ck_xpath("facts/fw-service[@name='tcpall']/derived/@services", "tcp");
    ck_xpath("facts/fw-service[@name='sg']/derived/@any", "true");
    ck_xpath("concat(facts/fw-rule[@seq='1']/derived/@source-any, facts/fw-rule[@seq='1']/derived/@destination-any, "
             "facts/fw-rule[@seq='1']/derived/@service-any)", "truetruetrue");
    ck_xpath("concat(facts/fw-rule[@seq='2']/derived/@source-any, facts/fw-rule[@seq='2']/derived/@destination-any, "
             "facts/fw-rule[@seq='2']/derived/@service-any)", "falsefalsefalse");
    /* every TCP port: each industrial and management protocol */
    ck_assert_ptr_nonnull(strstr(str("facts/fw-rule[@seq='2']/derived/@industrial"), "modbus"));
    ck_xpath("concat(facts/fw-rule[@seq='3']/derived/@source-any, facts/fw-rule[@seq='3']/derived/@destination-any, "
             "facts/fw-rule[@seq='3']/derived/@service-any)", "falsetruetrue");
    ck_xpath("facts/fw-rule[@seq='4']/derived/@service-any", "false");
    ck_xpath("concat(facts/fw-rule[@seq='5']/derived/@source-any, facts/fw-rule[@seq='5']/derived/@service-any)",
             "truetrue");
    ck_xpath("facts/fw-rule[@seq='5']/derived/@services", "any");
}
END_TEST

START_TEST(unresolved_references)
{
    build("<fw-zone name='inside' trust='trusted'/><fw-zone name='outside' trust='untrusted'/>"
          "<interface name='ge-0/0/1' zone='outside'/>"
          "<fw-service name='web' kind='service' protocol='tcp' ports='80'/>"
          "<fw-rule policy='acl-in' kind='acl' seq='1' action='permit' enabled='true'>"
          "<from name='ge-0/0/1'/><to name='dmz'/><source name='nobody'/><destination address='10.0.0.1'/>"
          "<service name='web'/><service name='nosvc'/><service name='application-default'/></fw-rule>"
          "<fw-default policy='filter1' action='deny'/>"
          "<fw-binding policy='acl-in' interface='ge-0/0/1' direction='in'/>"
          "<fw-binding policy='filter1' interface='ge-0/0/2' direction='in'/>"
          "<fw-binding policy='missing' interface='ge-0/0/1' direction='out'/>"
          "<fw-nat kind='static' from='outside' inbound='true' service='nat-svc'/>"
          "<mgmt-access zone='nozone' protocols='ssh' source='10.0.0.0/8'/>"
          "<fw-service name='sg' kind='group'><member name='web'/><member name='gone'/></fw-service>");
    ck_xpath("facts/fw-rule/derived/@unresolved", "dmz nobody nosvc");
    ck_xpath("facts/fw-rule/derived/@untrusted", "true"); /* via the interface's zone */
    ck_xpath("count(facts/fw-binding[@policy='acl-in']/derived/@unresolved)", "0");
    ck_xpath("count(facts/fw-binding[@policy='filter1']/derived/@unresolved)", "0");
    ck_xpath("facts/fw-binding[@policy='missing']/derived/@unresolved", "missing");
    ck_xpath("facts/fw-nat/derived/@unresolved", "nat-svc");
    ck_xpath("facts/mgmt-access/derived/@unresolved", "nozone");
    ck_xpath("facts/fw-service[@name='sg']/derived/@unresolved", "gone");
}
END_TEST

/* Literal group members (as cisco-ios writes object-group entries), and an
 * ACL judged by where it is bound. */
START_TEST(literal_members_and_bound_acls)
{
    build("<fw-zone name='Gi0/0' trust='untrusted'/><interface name='Gi0/0' zone='Gi0/0'/>"
          "<interface name='Gi0/1'/>"
          "<fw-service name='OT' kind='group'><member name='tcp/502'/><member name='udp/47808'/>"
          "<member name='tcp/1-100'/><member name='icmp'/><member name='tcp/www'/><member name='bogus/1'/></fw-service>"
          "<fw-service name='ALL' kind='group'><member name='ip'/></fw-service>"
          "<fw-rule policy='OUT-IN' kind='acl' seq='10' action='permit' enabled='true'><service name='OT'/></fw-rule>"
          "<fw-rule policy='IN-IN' kind='acl' seq='10' action='permit' enabled='true'><service name='ALL'/></fw-rule>"
          "<fw-binding policy='OUT-IN' interface='Gi0/0' direction='in'/>"
          "<fw-binding policy='IN-IN' interface='Gi0/1' direction='in'/>"
          "<fw-binding policy='IN-IN' interface='Gi0/0' direction='out'/>");
    ck_xpath("facts/fw-service[@name='OT']/derived/@services", "tcp/502 udp/47808 tcp/1-100 icmp");
    ck_xpath("facts/fw-service[@name='OT']/derived/@unresolved", "tcp/www bogus/1");
    ck_xpath("facts/fw-service[@name='ALL']/derived/@any", "true");
    ck_xpath("facts/fw-rule[@policy='OUT-IN']/derived/@industrial", "modbus bacnet");
    ck_xpath("facts/fw-rule[@policy='OUT-IN']/derived/@management", "ftp ssh telnet tftp http");
    /* bound inbound on the untrusted interface; the other only inbound on a trusted one */
    ck_xpath("facts/fw-rule[@policy='OUT-IN']/derived/@untrusted", "true");
    ck_xpath("facts/fw-rule[@policy='IN-IN']/derived/@untrusted", "false");
    ck_xpath("facts/fw-rule[@policy='IN-IN']/derived/@service-any", "true");
}
END_TEST

START_TEST(zones_not_checked_without_zone_facts)
{
    build("<fw-rule policy='a' kind='acl' seq='1' action='permit' enabled='true'>"
          "<from name='Gi0/1'/><source any='true'/></fw-rule>");
    ck_xpath("count(facts/fw-rule/derived/@unresolved)", "0");
    ck_xpath("facts/fw-rule/derived/@untrusted", "false");
}
END_TEST

START_TEST(industrial_and_management_ports)
{
    static const struct {
        const char *ports, *ind, *mgmt;
    } t[] = {
        {"502", "modbus", ""},         {"102", "s7", ""},           {"44818", "enip", ""},
        {"2222", "enip", ""},          {"20000", "dnp3", ""},       {"2404", "iec104", ""},
        {"4840", "opcua", ""},         {"47808", "bacnet", ""},     {"1911", "fox", ""},
        {"4911", "fox", ""},           {"18245", "ge-srtp", ""},    {"5007", "melsec", ""},
        {"9600", "fins", ""},          {"1962", "pcworx", ""},      {"789", "crimson", ""},
        {"34963", "profinet", ""},     {"34960-34962", "profinet", ""},
        {"22", "", "ssh"},             {"23", "", "telnet"},        {"80", "", "http"},
        {"443", "", "https"},          {"161", "", "snmp"},         {"162", "", "snmp"},
        {"3389", "", "rdp"},           {"5900", "", "vnc"},         {"830", "", "netconf"},
        {"100-110", "s7", ""},         {"20-25", "", "ftp ssh telnet"},
        {"8000", "", ""},              {"503", "", ""},
    };
    size_t i;
    char facts[512], q[128];

    for (i = 0; i < sizeof t / sizeof *t; i++) {
        snprintf(facts, sizeof facts,
                 "<fw-nat kind='port-forward' from='wan' inbound='true' protocol='tcp' original-port='%s'/>",
                 t[i].ports);
        build(facts);
        snprintf(q, sizeof q, "string(facts/fw-nat/derived/@industrial)");
        ck_assert_msg(strcmp(str(q), t[i].ind) == 0, "%s: industrial '%s', want '%s'", t[i].ports,
                      str(q), t[i].ind);
        snprintf(q, sizeof q, "string(facts/fw-nat/derived/@management)");
        ck_assert_msg(strcmp(str(q), t[i].mgmt) == 0, "%s: management '%s', want '%s'", t[i].ports,
                      str(q), t[i].mgmt);
        teardown();
        setup();
    }
    /* no port limit: a whole host, every protocol of both lists */
    build("<fw-zone name='wan' trust='untrusted'/><fw-nat kind='vip' from='wan' inbound='true'/>");
    ck_xpath("facts/fw-nat/derived/@services", "any");
    ck_xpath("facts/fw-nat/derived/@untrusted", "true");
    ck_assert_ptr_nonnull(strstr(str("facts/fw-nat/derived/@industrial"), "modbus s7 enip dnp3"));
    ck_assert_ptr_nonnull(strstr(str("facts/fw-nat/derived/@management"), "ssh telnet"));
}
END_TEST

START_TEST(mgmt_access)
{
    build("<fw-zone name='outside' trust='untrusted' security-level='0'/>"
          "<fw-zone name='inside' trust='trusted' security-level='100'/>"
          "<mgmt-access interface='outside' protocols='https ssh ping' source='0.0.0.0/0'/>"
          "<mgmt-access interface='inside' protocols='ping' source='10.1.1.0/24'/>"
          "<mgmt-access interface='inside' protocols='snmp' source='10.1.1.5 any'/>"
          "<mgmt-access zone='outside' protocols='dhcp ntp dns ike ping tftp' source='any'/>");
    ck_xpath("facts/mgmt-access[1]/derived/@untrusted", "true"); /* an ASA nameif is its zone */
    /* infrastructure services a zone answers are not management; tftp is */
    ck_xpath("facts/mgmt-access[4]/derived/@management", "tftp");
    ck_xpath("facts/mgmt-access[1]/derived/@source-any", "true");
    ck_xpath("facts/mgmt-access[1]/derived/@management", "https ssh");
    ck_xpath("facts/mgmt-access[2]/derived/@untrusted", "false");
    ck_xpath("count(facts/mgmt-access[2]/derived/@management)", "0");
    ck_xpath("facts/mgmt-access[3]/derived/@source-any", "true");
    teardown();
    setup();
    /* device-wide management (no interface, no zone): on every interface, so
     * untrusted when the context has an untrusted zone */
    build("<fw-zone name='wan' trust='untrusted' context='v1'/><fw-zone name='lan' trust='trusted' context='v2'/>"
          "<mgmt-access protocols='ssh' source='10.0.0.0/8' context='v1'/>"
          "<mgmt-access protocols='ssh' source='any' context='v2'/>");
    ck_xpath("facts/mgmt-access[1]/derived/@untrusted", "true");
    ck_xpath("facts/mgmt-access[2]/derived/@untrusted", "false");
    ck_xpath("count(facts/mgmt-access/derived/@unresolved)", "0");
}
END_TEST

/* A document of n rules over n/4 address objects, n/40 groups of four
 * objects and n/400 groups of those groups, n/10 services in groups. */
static char *gen(size_t n)
{
    size_t cap = n * 400 + 4096, len = 0, i;
    char *b = malloc(cap);

#define OUT(...) (len += (size_t)snprintf(b + len, cap - len, __VA_ARGS__))
    ck_assert_ptr_nonnull(b);
    OUT("<fw-zone name='inside' trust='trusted'/><fw-zone name='outside' trust='untrusted'/>");
    for (i = 0; i < n / 4; i++)
        OUT("<fw-address name='h%zu' kind='host' value='10.%zu.%zu.%zu'/>", i, i >> 16 & 255,
            i >> 8 & 255, i & 255);
    for (i = 0; i < n / 16; i++)
        OUT("<fw-address name='g%zu' kind='group'><member name='h%zu'/><member name='h%zu'/>"
            "<member name='h%zu'/><member name='h%zu'/></fw-address>",
            i, 4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3);
    for (i = 0; i < n / 64; i++)
        OUT("<fw-address name='gg%zu' kind='group'><member name='g%zu'/><member name='g%zu'/>"
            "<member name='g%zu'/><member name='g%zu'/></fw-address>",
            i, 4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3);
    for (i = 0; i < n / 10; i++)
        OUT("<fw-service name='s%zu' kind='service' protocol='tcp' ports='%zu'/>", i, 30000 + i);
    for (i = 0; i < n; i++)
        OUT("<fw-rule policy='p' kind='security' seq='%zu' action='permit' enabled='true' log='true'>"
            "<from name='outside'/><to name='inside'/><source name='gg%zu'/><destination name='g%zu'/>"
            "<destination name='h%zu'/><service name='s%zu'/><service protocol='tcp' ports='502'/></fw-rule>",
            i + 1, i % (n / 64), i % (n / 16), i % (n / 4), i % (n / 10));
#undef OUT
    ck_assert_uint_lt(len, cap);
    return b;
}

START_TEST(linear_in_rules_and_objects)
{
    char *small = gen(2500), *large = gen(10000);
    unsigned long w1, w2;

    build(small);
    w1 = fw_work();
    ck_xpath("facts/fw-rule[@seq='1']/derived/@addresses", "10.0.0.0 10.0.0.1 10.0.0.2 10.0.0.3");
    ck_xpath("count(facts/*/derived/@unresolved)", "0");
    teardown();
    setup();
    build(large);
    w2 = fw_work();
    ck_xpath("count(facts/fw-rule/derived[@industrial='modbus'])", "10000");
    /* 4x the rules and objects: at most 4.5x the work */
    ck_assert_msg(w2 * 2 <= w1 * 9, "work %lu (2,500 rules) -> %lu (10,000 rules): %.2fx", w1, w2,
                  (double)w2 / (double)w1);
    ck_assert_uint_gt(w1, 2500);
    fprintf(stderr, "fwmodel work: %lu (2,500 rules), %lu (10,000 rules): %.2fx\n", w1, w2,
            (double)w2 / (double)w1);
    free(small);
    free(large);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("fwmodel");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, groups_nested_and_cycles);
    tcase_add_test(tc, contexts_scope_names);
    tcase_add_test(tc, any_detection);
    tcase_add_test(tc, unresolved_references);
    tcase_add_test(tc, literal_members_and_bound_acls);
    tcase_add_test(tc, zones_not_checked_without_zone_facts);
    tcase_add_test(tc, industrial_and_management_ports);
    tcase_add_test(tc, mgmt_access);
    tcase_add_test(tc, linear_in_rules_and_objects);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
