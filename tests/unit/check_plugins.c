/*
 * check_plugins.c - each format plugin of the tree, dlopen'ed and run
 * through the mock host (mock-host.c), without the core: sniffing, facts
 * (XPath on the document), source lines, diagnostics with their lines,
 * redaction (a secret value appears nowhere: document, diagnostics, raw
 * records), the element budget (every limit from 1 element up: partial, one
 * error, never more elements than allowed), raw records against raw
 * elements, and allocation failure (every libxml2 allocation of a parse made
 * to fail in turn: no crash, no leak, never a clean OK).
 *
 * The cases are a table: one small inline input per case, what it must
 * give.  Lines of the inputs are numbered in the comments.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock-host.h"

/* A NUL inside (the text goes on past it) and a control character. */
#define IOS_NUL                                                                                    \
    "hostname sw2\n"                              /* 1 */                                          \
    "snmp-server community Publ1cC0mmunity RO\n"  /* 2 */                                          \
    "ip domain-name ex\0ample.com\n"              /* 3 */                                          \
    "snmp-server location hall\x01 7\n"           /* 4 */                                          \
    "end\n"

#define NPLUGINS 12
static const char *const plugins[NPLUGINS] = {"cisco-ios", "rockwell-l5x", "siemens-tia",
                                              "plcopen-xml", "codesys-cfg",
                                              "junos", "cisco-asa", "panos", "fortios" /* issue 24 */,
                                              "hirschmann-hios", "siemens-scalance",
                                              "phoenix-mguard" /* issue 25 */};

struct want_fact {
    const char *xpath; /* a string expression, or a node-set that must not be empty */
    const char *value; /* string(xpath) must be this; NULL: count(xpath) >= 1 */
};
struct want_line {
    const char *xpath;
    unsigned long line;
};
struct want_diag {
    int level;
    unsigned long line;
    const char *part;
};

struct pcase {
    const char *name;
    const char *plugin;
    const char *input;
    size_t len; /* 0: strlen(input) */
    enum otl_parse_status status;
    const char *secrets[2];
    struct want_fact facts[7];
    struct want_line lines[4];
    struct want_diag diags[3];
    int records; /* the plugin hands its raw tree over as records when offered */
};

static const struct pcase cases[] = {
    /* ---- issue 24, cisco-asa (the "asa" part) */
    {"asa-basic", "cisco-asa",
     ": Saved\n"                                              /* 1 */
     "ASA Version 9.8(4)\n"                                   /* 2 */
     "hostname fw1\n"                                         /* 3 */
     "enable password En4bleCl34r level 15\n"                 /* 4 */
     "interface GigabitEthernet0/0\n"                         /* 5 */
     " nameif outside\n"                                      /* 6 */
     " security-level 0\n"                                    /* 7 */
     "access-list OUT extended permit tcp any host 10.0.0.5 eq 502 log\n" /* 8 */
     "access-group OUT in interface outside\n"                /* 9 */
     "tunnel-group 192.0.2.1 ipsec-attributes\n"              /* 10 */
     " ikev1 pre-shared-key Psk5ecretVal\n"                   /* 11 */
     "frobnicate the widget\n",                               /* 12 */
     0, OTL_PARSE_OK,
     {"En4bleCl34r", "Psk5ecretVal"},
     {{"string(facts/system/@hostname)", "fw1"},
      {"string(facts/system/@class)", "firewall"},
      {"string(facts/enable/@secret-kind)", "cleartext"},
      {"string(facts/fw-zone[@name='outside']/@trust)", "untrusted"},
      {"string(facts/fw-rule[@policy='OUT']/service/@ports)", "502"},
      {"string(facts/pre-shared-key/@secret-kind)", "cleartext"},
      {"raw/stmt[@secret='true'][1]", NULL}},
     {{"facts/enable", 4}, {"facts/fw-rule", 8}, {"facts/fw-binding", 9}, {"facts/pre-shared-key", 11}},
     {{OTL_DIAG_NOTE, 0, "1 of 10 statements not recognised (line 12)"}},
     1},
    {"ios-basic", "cisco-ios",
     "hostname sw1\n"                                      /* 1 */
     "!\n"                                                 /* 2 */
     "enable secret 0 Sup3rS3cretEnable\n"                 /* 3 */
     "username admin privilege 15 password 0 Adm1nPlain42\n" /* 4 */
     "!\n"                                                 /* 5 */
     "interface Vlan1\n"                                   /* 6 */
     " ip address 10.0.0.1 255.255.255.0\n"                /* 7 */
     "!\n"                                                 /* 8 */
     "line vty 0 4\n"                                      /* 9 */
     " transport input telnet\n"                           /* 10 */
     "!\n"                                                 /* 11 */
     "frobnicate the widget\n"                             /* 12 */
     "end\n",                                              /* 13 */
     0, OTL_PARSE_OK,
     {"Sup3rS3cretEnable", "Adm1nPlain42"},
     {{"string(facts/system/@hostname)", "sw1"},
      {"string(facts/account[@name='admin']/@secret-kind)", "cleartext"},
      {"string(facts/account[@name='admin']/@privilege)", "15"},
      {"string(facts/interface[@name='Vlan1']/@address)", "10.0.0.1/24"},
      {"string(facts/service[@name='telnet']/@enabled)", "true"},
      {"string(facts/system/@parse-coverage)", "0.888"},
      {"raw/stmt[@secret='true'][2]", NULL}},
     {{"facts/enable", 3}, {"facts/account", 4}, {"facts/interface", 6}, {"raw/stmt/stmt", 7}},
     {{OTL_DIAG_NOTE, 0, "1 of 9 statements not recognised (line 12)"}},
     1},
    {"ios-nul-and-long-line", "cisco-ios",
     IOS_NUL, sizeof IOS_NUL - 1,
     OTL_PARSE_PARTIAL,
     {"Publ1cC0mmunity", NULL},
     {{"string(facts/system/@hostname)", "sw2"}, {"facts/snmp-community", NULL}},
     {{"facts/snmp-community", 2}},
     {{-1, 0, NULL}},
     1},
    {"l5x-basic", "rockwell-l5x",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" /* 1 */
     "<RSLogix5000Content SchemaRevision=\"1.0\" SoftwareRevision=\"32.02\" TargetName=\"P1\" "
     "TargetType=\"Controller\" ContainsContext=\"false\">\n" /* 2 */
     "<Controller Use=\"Target\" Name=\"P1\" ProcessorType=\"1756-L85E\" MajorRev=\"32\" "
     "MinorRev=\"11\">\n" /* 3 */
     "<Security Code=\"0\" ChangesToDetect=\"16#0000_0000_0000_0000\"/>\n" /* 4 */
     "<Modules>\n" /* 5 */
     "<Module Name=\"Local\" CatalogNumber=\"1756-L85E\" Vendor=\"1\" Major=\"32\" Minor=\"11\"\n" /* 6 */
     "        ParentModule=\"Local\" ParentModPortId=\"1\" Inhibited=\"false\">\n" /* 7 */
     "<EKey State=\"Disabled\"/>\n" /* 8 */
     "</Module>\n" /* 9 */
     "</Modules>\n" /* 10 */
     "<Tags>\n" /* 11 */
     "<Tag Name=\"HMI_Start\" TagType=\"Base\" DataType=\"BOOL\" ExternalAccess=\"Read/Write\" "
     "Password=\"Fl0wS3cret77\"/>\n" /* 12 */
     "<Tag Name=\"Max_Temp\" TagType=\"Base\" DataType=\"REAL\" Constant=\"true\" "
     "ExternalAccess=\"Read Only\"/>\n" /* 13 */
     "</Tags>\n" /* 14 */
     "<Frobs><Frob/></Frobs>\n" /* 15 */
     "</Controller>\n"
     "</RSLogix5000Content>\n", 0,
     OTL_PARSE_OK,
     {"Fl0wS3cret77", NULL},
     {{"string(facts/system/@hostname)", "P1"},
      {"string(facts/controller/@firmware)", "32.11"},
      {"string(facts/controller/@change-detection)", "false"},
      {"string(facts/module/@keying)", "disabled"},
      {"string(facts/tag[@name='HMI_Start']/@access)", "read-write"},
      {"string(facts/tag-group/@read-only)", "1"},
      {"raw//Tag[@secret='true']", NULL}},
     {{"facts/module", 6}, {"raw//EKey", 8}, {"facts/tag", 12}, {"raw//Tags", 11}},
     {{OTL_DIAG_NOTE, 0, "1 of 10 elements not recognised (line 15)"}},
     1},
    {"l5x-not-well-formed", "rockwell-l5x",
     "<?xml version=\"1.0\"?>\n"
     "<RSLogix5000Content SchemaRevision=\"1.0\" TargetType=\"Controller\">\n"
     "<Controller Use=\"Target\" Name=\"P2\" ProcessorType=\"1756-L81E\">\n"
     "<Tags>\n"
     "<Tag Name=\"A\" ExternalAccess=\"Read/Write\"\n" /* 5: not closed */
     "</Tags>\n", 0,
     OTL_PARSE_PARTIAL,
     {NULL, NULL},
     {{"string(facts/system/@hostname)", "P2"}},
     {{"facts/controller", 3}},
     {{OTL_DIAG_ERROR, 0, "not well-formed"}},
     1},
    {"tia-db", "siemens-tia",
     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" /* 1 */
     "<Document>\n" /* 2 */
     "  <Engineering version=\"V20\" />\n" /* 3 */
     "  <SW.Blocks.InstanceDB ID=\"0\">\n" /* 4 */
     "    <AttributeList>\n" /* 5 */
     "      <Interface><Sections xmlns=\"http://www.siemens.com/automation/Openness/SW/Interface/v5\">\n" /* 6 */
     "  <Section Name=\"Input\">\n" /* 7 */
     "    <Member Name=\"Start\" Datatype=\"Bool\" Accessibility=\"Public\" />\n" /* 8 */
     "  </Section>\n" /* 9 */
     "  <Section Name=\"Static\">\n" /* 10 */
     "    <Member Name=\"AccessPassword\" Datatype=\"String\" Accessibility=\"Public\">\n" /* 11 */
     "      <StartValue>Tia5ecretStart1</StartValue>\n" /* 12 */
     "    </Member>\n" /* 13 */
     "  </Section>\n" /* 14 */
     "</Sections></Interface>\n" /* 15 */
     "      <IsWriteProtectedInAS>true</IsWriteProtectedInAS>\n" /* 16 */
     "      <KnowHowPassword>Tia5ecretValue9</KnowHowPassword>\n" /* 17 */
     "      <Name>DB_Motor1</Name>\n" /* 18 */
     "      <Number>101</Number>\n" /* 19 */
     "      <ProgrammingLanguage>DB</ProgrammingLanguage>\n" /* 20 */
     "    </AttributeList>\n"
     "    <ObjectList />\n"
     "  </SW.Blocks.InstanceDB>\n"
     "</Document>\n", 0,
     OTL_PARSE_OK,
     {"Tia5ecretValue9", "Tia5ecretStart1"},
     {{"string(facts/system/@version)", "20"},
      {"string(facts/program-unit/@type)", "InstanceDB"},
      {"string(facts/program-unit/@write-protected)", "true"},
      {"string(facts/tag-group/@tags)", "2"},
      {"string(facts/tag[@name='AccessPassword']/@access)", "read-write"},
      {"string(raw//Name/@value)", "DB_Motor1"},
      {"raw//KnowHowPassword[@secret='true']", NULL}},
     {{"facts/program-unit", 4}, {"facts/tag[@name='Start']", 8}, {"raw//KnowHowPassword", 17}},
     {{OTL_DIAG_NOTE, 0, "1 of 16 elements not recognised (line 17)"}},
     1},
    {"plcopen-bacnet", "plcopen-xml",
     "<?xml version='1.0' encoding='utf-8'?>\n" /* 1 */
     "<BACnetServerNode xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" Network_Interface=\"eth1\"\n" /* 2 */
     "  BACnet_Communication_Control_Password=\"Bacn3tPassw0rd\" BACnet_Device_ID=\"4711\"/>\n", /* 3 */
     0, OTL_PARSE_OK,
     {"Bacn3tPassw0rd", NULL},
     {{"string(facts/system/@vendor)", "beremiz"},
      {"string(facts/system/@export-type)", "config-node"},
      {"string(facts/service[@name='bacnet-server']/@port)", "47808"},
      {"raw/BACnetServerNode[@secret='true'][@Network_Interface='eth1']", NULL}},
     {{"raw/BACnetServerNode", 2}, {"facts/service", 2}},
     {{-1, 0, NULL}},
     1},
    {"plcopen-tc6", "plcopen-xml",
     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" /* 1 */
     "<project xmlns=\"http://www.plcopen.org/xml/tc6_0201\">\n" /* 2 */
     "  <fileHeader companyName=\"X\" productName=\"Beremiz\" productVersion=\"1.0\"\n" /* 3 */
     "              creationDateTime=\"2024-03-01T10:00:00\"/>\n" /* 4 */
     "  <contentHeader name=\"Mix\" modificationDateTime=\"2024-03-02T11:00:00\"/>\n" /* 5 */
     "  <types>\n" /* 6 */
     "    <dataTypes/>\n" /* 7 */
     "    <pous>\n" /* 8 */
     "      <pou name=\"Main\" pouType=\"program\">\n" /* 9 */
     "        <body><ST><xhtml:p xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">pwd := 'St1llN0tK3pt';"
     "</xhtml:p></ST></body>\n" /* 10 */
     "      </pou>\n"
     "    </pous>\n"
     "  </types>\n"
     "  <instances>\n"
     "    <configurations>\n" /* 15 */
     "      <configuration name=\"Config0\">\n" /* 16 */
     "        <resource name=\"Res0\">\n" /* 17 */
     "          <task name=\"T1\" interval=\"T#20ms\" priority=\"0\">"
     "<pouInstance name=\"inst0\" typeName=\"Main\"/></task>\n" /* 18 */
     "        </resource>\n"
     "      </configuration>\n"
     "    </configurations>\n"
     "  </instances>\n"
     "</project>\n", 0,
     OTL_PARSE_OK,
     {"St1llN0tK3pt", NULL},
     {{"string(facts/system/@hostname)", "Mix"},
      {"string(facts/program-unit[@name='Main']/@language)", "ST"},
      {"string(facts/task/@kind)", "periodic"},
      {"string(facts/task/@resource)", "Res0"},
      {"string(facts/system/@parse-coverage)", "1.000"}},
     {{"facts/system", 3}, {"facts/program-unit", 9}, {"facts/task", 18}},
     {{-1, 0, NULL}},
     1},
    {"codesys-user", "codesys-cfg",
     ";comment\n" /* 1 */
     "[CmpUserMgr]\n" /* 2 */
     "SECURITY.UserMgmtEnforce=NO\n" /* 3 */
     "AsymmetricAuthKey=C0desysK3yValue55\n" /* 4 */
     "\n" /* 5 */
     "[CmpWebServer]\r\n" /* 6 */
     "WebServerPortNr=8080\r\n" /* 7 */
     "this line is junk\n" /* 8 */
     "[Frobnicator]\n" /* 9 */
     "Foo=1\n", /* 10 */
     0, OTL_PARSE_PARTIAL,
     {"C0desysK3yValue55", NULL},
     {{"string(facts/controller/@protection)", "none"},
      {"string(facts/service[@name='web']/@port)", "8080"},
      {"string(facts/system/@statements)", "5"},
      {"raw/section[@name='CmpUserMgr']/key[@name='AsymmetricAuthKey'][@secret='true']", NULL},
      {"raw/section/malformed[@recognised='false']", NULL}},
     {{"raw/section[@name='CmpWebServer']", 6}, {"facts/service[@name='web']", 6},
      {"raw//key[@name='AsymmetricAuthKey']", 4}, {"raw//malformed", 8}},
     {{OTL_DIAG_WARNING, 8, "line is neither [section], key=value nor ;comment"},
      {OTL_DIAG_NOTE, 0, "2 of 5 settings not recognised (lines 8, 10)"}},
     0},
    /* ---- issue 24, junos: the curly form (inactive:, a secret, an unknown statement) and
     * the set form (deactivate, a group applied at the top: the line where the group sets it) */
    {"junos-curly", "junos",
     "## Last commit: 2024-01-01 10:00:00 UTC by admin\n"          /* 1 */
     "version 21.4R1.12;\n"                                        /* 2 */
     "system {\n"                                                  /* 3 */
     "    host-name j1;\n"                                         /* 4 */
     "    root-authentication {\n"                                 /* 5 */
     "        encrypted-password \"$9$SeCr3tN1neValue\"; ## SECRET-DATA\n" /* 6 */
     "    }\n"                                                     /* 7 */
     "    services {\n"                                            /* 8 */
     "        inactive: telnet;\n"                                 /* 9 */
     "        ssh;\n"                                              /* 10 */
     "    }\n"                                                     /* 11 */
     "}\n"                                                         /* 12 */
     "snmp {\n"                                                    /* 13 */
     "    community C0mmunityS3cret {\n"                           /* 14 */
     "        authorization read-write;\n"                         /* 15 */
     "    }\n"                                                     /* 16 */
     "}\n"                                                         /* 17 */
     "frobnicate widget;\n",                                       /* 18 */
     0, OTL_PARSE_OK,
     {"SeCr3tN1neValue", "C0mmunityS3cret"},
     {{"string(facts/system/@hostname)", "j1"},
      {"string(facts/account[@name='root']/@secret-kind)", "reversible"},
      {"string(facts/snmp-community/@access)", "rw"},
      {"string(facts/service[@name='telnet']/@enabled)", "false"},
      {"string(facts/service[@name='ssh']/@enabled)", "true"},
      {"string(facts/system/@parse-coverage)", "0.857"},
      {"raw/stmt[@secret='true'][2]", NULL}},
     {{"facts/account", 6}, {"facts/snmp-community", 15}, {"facts/service[@name='ssh']", 10},
      {"raw/stmt[@recognised='false']", 18}},
     {{OTL_DIAG_NOTE, 0, "1 of 7 statements not recognised (line 18)"}},
     1},
    {"junos-set", "junos",
     "set system host-name j2\n"                                                       /* 1 */
     "set system login user ops class super-user\n"                                    /* 2 */
     "set system login user ops authentication encrypted-password \"$1$abc$Md5Cr7ptHashValue\"\n" /* 3 */
     "deactivate system login user ops\n"                                              /* 4 */
     "set system services telnet\n"                                                    /* 5 */
     "set security ike policy p pre-shared-key ascii-text \"$9$PskS3cretValue99\"\n"  /* 6 */
     "set groups g system services ftp\n"                                              /* 7 */
     "set apply-groups g\n",                                                           /* 8 */
     0, OTL_PARSE_OK,
     {"Md5Cr7ptHashValue", "PskS3cretValue99"},
     {{"string(facts/system/@hostname)", "j2"},
      {"string(count(facts/account))", "0"},
      {"string(facts/service[@name='telnet']/@enabled)", "true"},
      {"string(facts/service[@name='ftp']/@enabled)", "true"},
      {"string(facts/pre-shared-key/@secret-kind)", "reversible"},
      {"string(facts/system/@class)", "firewall"}},
     {{"facts/service[@name='ftp']", 7}, {"facts/pre-shared-key", 6}},
     {{-1, 0, NULL}},
     1},
    /* ---- issue 24, panos: the set form and the XML form of one configuration */
    {"panos-set", "panos",
     "set deviceconfig system hostname fw1\n" /* 1 */
     "set mgt-config users admin phash $1$abcdefgh$Secr3tHashValue\n" /* 2 */
     "set network ike gateway g authentication pre-shared-key key -AQ==K3yValue77\n" /* 3 */
     "set zone untrust network layer3 ethernet1/1\n" /* 4 */
     "set rulebase security rules r1 from untrust to any action allow\n" /* 5 */
     "set bogus thing\n", /* 6 */
     0, OTL_PARSE_OK,
     {"Secr3tHashValue", "K3yValue77"},
     {{"string(facts/system/@hostname)", "fw1"},
      {"string(facts/account/@secret-format)", "$1$"},
      {"string(facts/fw-rule[@name='r1']/@action)", "permit"},
      {"string(facts/interface[@name='ethernet1/1']/@zone)", "untrust"},
      {"string(facts/system/@parse-coverage)", "0.833"}},
     {{"facts/account", 2}, {"facts/fw-zone", 4}, {"facts/fw-rule", 5}},
     {{OTL_DIAG_NOTE, 0, "1 of 6 statements not recognised (line 6)"}},
     1},
    {"panos-xml", "panos",
     "<config version=\"10.1.0\">\n" /* 1 */
     "  <mgt-config><users><entry name=\"admin\">\n" /* 2 */
     "    <phash>$5$abcdefgh$Secr3tHashValue</phash>\n" /* 3 */
     "  </entry></users></mgt-config>\n"
     "  <devices><entry name=\"localhost.localdomain\"><deviceconfig><system>\n" /* 5 */
     "    <hostname>fw2</hostname>\n" /* 6 */
     "  </system></deviceconfig><vsys><entry name=\"vsys1\"><rulebase><security><rules>\n"
     "    <entry name=\"r1\"><from><member>any</member></from>\n" /* 8 */
     "    <action>deny</action></entry>\n" /* 9 */
     "  </rules></security></rulebase></entry></vsys></entry></devices>\n"
     "</config>\n", 0,
     OTL_PARSE_OK,
     {"Secr3tHashValue", NULL},
     {{"string(facts/system/@hostname)", "fw2"},
      {"string(facts/system/@version)", "10.1.0"},
      {"string(facts/account/@secret-format)", "$5$"},
      {"string(facts/fw-rule[@name='r1']/@action)", "deny"},
      {"string(facts/fw-rule/@context)", "vsys1"}},
     {{"facts/account", 2}, {"facts/fw-rule", 8}},
     {{-1, 0, NULL}},
     1},
    /* ---- end of issue 24, panos */
    /* ---- issue 25, hirschmann-hios: the XML form (the CLI form: the cli helper's block) */
    {"hios-xml", "hirschmann-hios",
     "<Config version=\"1.0\" xmlns=\"urn:xml:ns:mibconf:base:1.0\"><MibData>\n" /* 1 */
     "<MIB name=\"SNMP-COMMUNITY-MIB\"><Table name=\"snmpCommunityEntry\"><Entry>\n" /* 2 */
     "<Attribute name=\"snmpCommunityIndex\">C0mmS3cretIdx</Attribute>\n" /* 3 */
     "<Attribute name=\"snmpCommunityName\">C0mmS3cretIdx</Attribute>\n" /* 4 */
     "</Entry></Table></MIB><MIB name=\"HM2-MGMTACCESS-MIB\">\n" /* 5 */
     "<Scalar name=\"hm2MgmtAccessTelnetGroup\">\n" /* 6 */
     "<Attribute name=\"hm2TelnetServerAdminStatus\">2</Attribute></Scalar></MIB>\n" /* 7 */
     "<MIB name=\"HM2-USERMGMT-MIB\"><Table name=\"hm2UserConfigEntry\"><Entry>\n" /* 8 */
     "<Attribute name=\"hm2UserName\">ops</Attribute>\n" /* 9 */
     "<Attribute name=\"hm2UserPassword\" convert=\"scrambled\">U2NyYW1ibGVkUHdk</Attribute>\n" /* 10 */
     "</Entry></Table></MIB><MIB name=\"HM2-FUTURE-MIB\"><Scalar name=\"x\">\n" /* 11 */
     "<Attribute name=\"hm2FutureThing\">1</Attribute></Scalar></MIB>\n" /* 12 */
     "</MibData></Config>\n",
     0, OTL_PARSE_OK,
     {"C0mmS3cretIdx", "U2NyYW1ibGVkUHdk"},
     {{"string(facts/system/@vendor)", "hirschmann"},
      {"string(facts/service[@name='telnet']/@enabled)", "false"},
      {"string(facts/account[@name='ops']/@secret-kind)", "reversible"},
      {"string(facts/system/@export-kind)", "partial"},
      {"string(facts/system/@parse-coverage)", "0.833"}},
     {{"facts/snmp-community", 4}, {"facts/service[@name='telnet']", 7}, {"facts/account", 9}},
     {{OTL_DIAG_NOTE, 0, "1 of 6 statements not recognised (line 12)"}},
     1},
    /* ---- end of issue 25, hirschmann-hios */
    /* ---- fortios (issue 24) */
    {"fortios-vdom", "fortios",
     "#config-version=FGT60E-7.4.8-FW-build2795-250523:opmode=0:vdom=1:user=admin\n" /* 1 */
     "config global\n"                                        /* 2 */
     "config system global\n"                                 /* 3 */
     "    set hostname \"fw\\\"1\"\n"                          /* 4 */
     "end\n"                                                  /* 5 */
     "config system admin\n"                                  /* 6 */
     "    edit \"admin\"\n"                                    /* 7 */
     "        set password ENC SH2F0rt1Hash9zzzzzzzzz\n"       /* 8 */
     "    next\n"                                              /* 9 */
     "end\n"                                                  /* 10 */
     "end\n"                                                  /* 11 */
     "config vdom\n"                                          /* 12 */
     "edit OT\n"                                              /* 13 */
     "config vpn ipsec phase1-interface\n"                    /* 14 */
     "    edit \"p1\"\n"                                       /* 15 */
     "        set psksecret \"Fort1PskValue\"\n"               /* 16 */
     "        set proposal 3des-md5\n"                         /* 17 */
     "    next\n"                                              /* 18 */
     "end\n"                                                  /* 19 */
     "config firewall policy\n"                               /* 20 */
     "    edit 7\n"                                            /* 21 */
     "        set srcintf \"any\"\n"                           /* 22 */
     "        set action accept\n"                             /* 23 */
     "    next\n"                                              /* 24 */
     "end\n"                                                  /* 25 */
     "frobnicate\n"                                           /* 26 */
     "end\n",                                                 /* 27 */
     0, OTL_PARSE_OK,
     {"SH2F0rt1Hash9", "Fort1PskValue"},
     {{"string(facts/system/@hostname)", "fw\"1"},
      {"string(facts/account[@name='admin']/@secret-kind)", "sha256"},
      {"string(facts/vpn-crypto[@context='OT']/@encryption)", "3des"},
      {"string(facts/fw-rule[@context='OT']/@action)", "permit"},
      {"string(facts/pre-shared-key/@secret-kind)", "cleartext"},
      {"facts/fw-rule/from[@any='true']", NULL},
      {"raw/stmt/stmt/stmt/stmt[@secret='true']", NULL}},
     {{"facts/account", 7}, {"facts/fw-rule", 21}, {"facts/pre-shared-key", 16}, {"raw/stmt[2]", 12}},
     {{OTL_DIAG_NOTE, 0, "1 of 26 statements not recognised (line 26)"}},
     1},
    /* ---- siemens-scalance (issue 25): an S615 IE-CLI script */
    {"scalance-s615", "siemens-scalance",
     "configure terminal\n"                                              /* 1 */
     "system name fw7\n"                                                 /* 2 */
     "user-account admin password Sc4lPwValue role admin\n"              /* 3 */
     "firewall\n"                                                        /* 4 */
     "prerule telnet ipv4 int vlan 2 enabled\n"                          /* 5 */
     "ipv4rule from vlan 2 to vlan 1 srcip 0.0.0.0/0 dstip 10.0.0.5 action acc\n" /* 6 */
     "exit\n"                                                            /* 7 */
     "ipsec\n"                                                           /* 8 */
     "connection name c1\n"                                              /* 9 */
     "authentication\n"                                                  /* 10 */
     "auth psk Sc4lPskValue\n"                                           /* 11 */
     "exit\n"                                                            /* 12 */
     "phase 1\n"                                                         /* 13 */
     "ike-encryption aes256gcm16 3des\n"                                 /* 14 */
     "frobnicate\n"                                                      /* 15 */
     "end\n",                                                            /* 16 */
     0, OTL_PARSE_OK,
     {"Sc4lPwValue", "Sc4lPskValue"},
     {{"string(facts/system/@hostname)", "fw7"},
      {"string(facts/account[@name='admin']/@secret-kind)", "cleartext"},
      {"string(facts/service[@name='telnet']/@interface)", "vlan2"},
      {"string(facts/fw-rule/@action)", "permit"},
      {"string(facts/vpn-crypto[@phase='ike']/@encryption)", "aes256-gcm 3des"},
      {"string(facts/vpn-crypto[@phase='ike']/@authentication)", "psk"},
      {"raw/stmt[@secret='true']", NULL}},
     {{"facts/account", 3}, {"facts/fw-rule", 6}, {"facts/pre-shared-key", 11}, {"facts/service[@name='telnet']", 5}},
     {{OTL_DIAG_NOTE, 0, "1 of 16 statements not recognised (line 15)"}},
     1},
    /* ---- phoenix-mguard (issue 25) */
    {"mguard-atv", "phoenix-mguard",
     "// composed after the ATV grammar of GriffinPlus/mguard-config-tool\n" /* 1 */
     "#version 8.6.1.default\n"                               /* 2 */
     "SSH_REMOTE_ENABLE = \"yes\"\n"                          /* 3 */
     "SSH_REMOTE_ACCESS_RULES = {\n"                          /* 4 */
     "  { from_ip = \"10.1.0.0/16\"\n"                        /* 5 */
     "    interface = { value = \"External\" }\n"             /* 6 */
     "    target = \"ACCEPT\" }\n"                            /* 7 */
     "}\n"                                                    /* 8 */
     "SNMP_ENABLE_V1 = { value = \"no\" uuid = \"u1\" }\n"    /* 9 */
     "SNMP_COMMUNITY = \"Mg\\\"RwC0mm\"\n"                    /* 10 */
     "MY_SERVICE_PASSWORD = \"MgUnkn0wnPw\"\n"                 /* 11 */
     "FROB = \"x\"\n",                                        /* 12 */
     0, OTL_PARSE_OK,
     {"RwC0mm", "MgUnkn0wnPw"},
     {{"string(facts/system/@version)", "8.6.1"},
      {"string(facts/service[@name='ssh']/@scope)", "SSH_REMOTE_ACCESS_RULES"},
      {"string(facts/service[@name='ssh']/@interface)", "External"},
      {"string(facts/mgmt-access/@source)", "10.1.0.0/16"},
      {"string(facts/snmp-community/@active)", "false"},
      {"string(facts/service[@name='snmp-v1']/@enabled)", "false"},
      {"raw/stmt[@secret='true']", NULL}},
     {{"facts/service[@name='ssh']", 3}, {"facts/mgmt-access", 5}, {"facts/snmp-community", 10},
      {"raw/stmt[2]", 3}},
     {{OTL_DIAG_NOTE, 0, "2 of 7 statements not recognised (lines 11, 12)"}},
     1},
    /* phoenix-mguard: packet filter, VPN, syslog, NTP (names UNVERIFIED, the page) */
    {"mguard-atv-fw-vpn", "phoenix-mguard",
     "#version 10.4.0\n"                                      /* 1 */
     "FW_INCOMING = { { proto = \"TCP\" from_ip = \"0.0.0.0/0\"\n" /* 2 */
     "  to_ip = \"10.0.0.5\" to_port = \"502\" target = \"ACCEPT\" log = \"yes\" }\n" /* 3 */
     "  { target = \"rs1\" } }\n"                            /* 4 */
     "VPN_CONNECTION = { { name = \"t1\" remote = \"192.0.2.1\"\n" /* 5 */
     "  isakmp_encryption = \"AES-128\" isakmp_dh_group = \"modp1536\"\n" /* 6 */
     "  PSK = { value = \"VpnS3cr3tZq\" }\n"                /* 7 */
     "  ipsec_pfs = \"group14\" } }\n"                       /* 8 */
     "SYSLOG_REMOTE = \"no\"\n"                               /* 9 */
     "SYSLOG_SERVERS = { { ip = \"10.0.0.9\" } }\n"          /* 10 */
     "NTP_SERVERS = { { server = \"10.0.0.1\" } }\n",        /* 11 */
     0, OTL_PARSE_PARTIAL,
     {"VpnS3cr3tZq", NULL},
     {{"string(facts/fw-rule/service/@protocol)", "tcp"},
      {"string(facts/fw-rule/@log)", "true"},
      {"string(facts/vpn-crypto[@phase='ike']/@dh-group)", "5"},
      {"string(facts/vpn-crypto[@phase='ike']/@encryption)", "aes128"},
      {"string(facts/vpn-crypto[@phase='ipsec']/@pfs)", "14"},
      {"string(facts/ntp-server/@address)", "10.0.0.1"},
      {"string(count(facts/log-target))", "0"}},
     {{"facts/fw-rule", 2}, {"facts/vpn-crypto[@phase='ipsec']", 8}, {"facts/ntp-server", 11},
      {"raw/stmt[7]", 7}},
     {{OTL_DIAG_WARNING, 4, "FW_INCOMING row: target rs1 is no ACCEPT/DROP/REJECT"}},
     1},
};
#define NCASES (sizeof cases / sizeof cases[0])

static const struct otl_format *format_of(const char *name)
{
    static const struct otl_format *loaded[NPLUGINS];
    size_t i;

    for (i = 0; i < NPLUGINS; i++)
        if (strcmp(plugins[i], name) == 0) {
            if (loaded[i] == NULL)
                loaded[i] = mock_plugin(name);
            return loaded[i];
        }
    return NULL;
}

static size_t len_of(const struct pcase *c)
{
    return c->len ? c->len : strlen(c->input);
}

static enum otl_parse_status run(struct mock_host *m, const struct pcase *c,
                                 const struct mock_opts *o)
{
    const struct otl_format *f = format_of(c->plugin);

    ck_assert_msg(f != NULL, "%s: plugin not loaded", c->plugin);
    return mock_parse(m, f, o, c->input, len_of(c));
}

static void assert_no_secret(struct mock_host *m, const struct pcase *c, const char *how)
{
    size_t i;

    for (i = 0; i < 2; i++)
        if (c->secrets[i] != NULL)
            ck_assert_msg(!mock_leaks(m, c->secrets[i]), "%s (%s): secret %zu leaks", c->name, how, i);
}

/* ---------------------------------------------------------------- tests */

START_TEST(sniff_claims_own)
{
    const struct pcase *c = &cases[_i];
    int own = mock_sniff(format_of(c->plugin), c->input, len_of(c));

    size_t i;

    ck_assert_msg(own > 0, "%s: %s does not claim its input", c->name, c->plugin);
    for (i = 0; i < NPLUGINS; i++)
        if (strcmp(plugins[i], c->plugin) != 0)
            ck_assert_msg(mock_sniff(format_of(plugins[i]), c->input, len_of(c)) < own,
                          "%s: %s claims it as much as %s", c->name, plugins[i], c->plugin);
}
END_TEST

START_TEST(facts_lines_diags)
{
    const struct pcase *c = &cases[_i];
    struct mock_host m;
    char buf[256];
    size_t i;

    ck_assert_int_eq(run(&m, c, NULL), c->status);
    for (i = 0; i < 7 && c->facts[i].xpath != NULL; i++) {
        if (c->facts[i].value != NULL)
            ck_assert_msg(strcmp(mock_string(&m, c->facts[i].xpath, buf, sizeof buf),
                                 c->facts[i].value) == 0,
                          "%s: %s is \"%s\", not \"%s\"", c->name, c->facts[i].xpath, buf,
                          c->facts[i].value);
        else
            ck_assert_msg(mock_count(&m, c->facts[i].xpath) >= 1, "%s: no %s", c->name,
                          c->facts[i].xpath);
    }
    for (i = 0; i < 4 && c->lines[i].xpath != NULL; i++)
        ck_assert_msg(mock_line(&m, c->lines[i].xpath) == c->lines[i].line, "%s: %s at line %lu, not %lu",
                      c->name, c->lines[i].xpath, mock_line(&m, c->lines[i].xpath), c->lines[i].line);
    for (i = 0; i < 3 && c->diags[i].part != NULL; i++) {
        const struct mock_diag *d = mock_diag_find(&m, c->diags[i].level, c->diags[i].part);
        ck_assert_msg(d != NULL, "%s: no diagnostic \"%s\"", c->name, c->diags[i].part);
        if (c->diags[i].line != 0)
            ck_assert_msg(d->line == c->diags[i].line, "%s: \"%s\" at line %lu, not %lu", c->name,
                          c->diags[i].part, d->line, c->diags[i].line);
    }
    if (c->status == OTL_PARSE_OK)
        ck_assert_msg(mock_diag_count(&m, OTL_DIAG_ERROR) == 0, "%s: an error diagnostic", c->name);
    assert_no_secret(&m, c, "elements");
    mock_free(&m);
}
END_TEST

/* Offered raw records, a plugin that takes them hands over one record per
 * raw element it would have built, secret flags and lines alike, and the
 * facts do not change. */
START_TEST(records_match_elements)
{
    const struct pcase *c = &cases[_i];
    struct mock_opts rec = {0, 1, 0};
    struct mock_host e, r;
    xmlChar *fe = NULL, *fr = NULL;
    int le, lr;
    size_t i;

    run(&e, c, NULL);
    ck_assert_int_eq(run(&r, c, &rec), e.status);
    assert_no_secret(&r, c, "records");
    xmlDocDumpMemory(e.dd.doc, &fe, &le);
    if (!c->records) {
        ck_assert_uint_eq(r.ctx.nrecs, 0);
    } else {
        long nraw = mock_count(&e, "count(raw//*)"), nsec = mock_count(&e, "count(raw//*[@secret='true'])");
        long rsec = 0;
        ck_assert_int_eq((long)r.ctx.nrecs, nraw);
        for (i = 0; i < r.ctx.nrecs; i++)
            rsec += (r.ctx.recs[i].flags & OTL_RAW_SECRET) != 0;
        ck_assert_int_eq(rsec, nsec);
        ck_assert_int_eq(mock_count(&r, "count(raw/*)"), 0);
        ck_assert_uint_eq(r.ctx.recs[0].line, mock_line(&e, "raw/*[1]"));
        /* the facts are the same bytes */
        xmlUnlinkNode(e.dd.raw);
        xmlFreeNode(e.dd.raw);
        xmlUnlinkNode(r.dd.raw);
        xmlFreeNode(r.dd.raw);
        xmlFree(fe);
        xmlDocDumpMemory(e.dd.doc, &fe, &le);
        xmlDocDumpMemory(r.dd.doc, &fr, &lr);
        ck_assert_int_eq(le, lr);
        ck_assert_msg(memcmp(fe, fr, (size_t)le) == 0, "%s: facts differ with records", c->name);
    }
    xmlFree(fe);
    xmlFree(fr);
    mock_free(&e);
    mock_free(&r);
}
END_TEST

/* Every budget from one element to all of them: partial below the total
 * with exactly one error saying so, never more elements than allowed, the
 * secret kept out; at the total the same document as without a limit. */
START_TEST(budget_every_limit)
{
    const struct pcase *c = &cases[_i];
    struct mock_host m;
    long total, max;

    run(&m, c, NULL);
    total = mock_count(&m, "count(facts//* | raw//*)");
    mock_free(&m);
    ck_assert_int_gt(total, 2);
    for (max = 1; max <= total; max++) {
        struct mock_opts o = {(size_t)max, 0, 0};
        enum otl_parse_status st = run(&m, c, &o);
        const struct mock_diag *d = mock_diag_find(&m, OTL_DIAG_ERROR, "elements in the device document");
        long n = mock_count(&m, "count(facts//* | raw//*)");

        ck_assert_msg(n <= max, "%s: %ld elements with a budget of %ld", c->name, n, max);
        if (max < total) {
            ck_assert_msg(st == OTL_PARSE_PARTIAL || st == OTL_PARSE_FAILED, "%s, budget %ld: status %d",
                          c->name, max, st);
            ck_assert_msg(d != NULL, "%s, budget %ld: not said", c->name, max);
            ck_assert_msg(mock_diag_find(&m, OTL_DIAG_ERROR, "elements in the device document") ==
                              d && strstr(d->msg, "the rest of the file is not read") != NULL,
                          "%s: %s", c->name, d->msg);
        } else {
            ck_assert_int_eq(st, c->status);
            ck_assert_msg(d == NULL, "%s: budget error at the total", c->name);
            ck_assert_int_eq(n, total);
        }
        assert_no_secret(&m, c, "budget");
        mock_free(&m);
    }
}
END_TEST

/* One budget diagnostic, however many elements were refused. */
START_TEST(budget_said_once)
{
    const struct pcase *c = &cases[_i];
    struct mock_opts o = {1, 0, 0};
    struct mock_host m;
    size_t i, n = 0;

    run(&m, c, &o);
    for (i = 0; i < m.ctx.ndiags; i++)
        n += strstr(m.ctx.diags[i].msg, "elements in the device document") != NULL;
    ck_assert_uint_eq(n, 1);
    mock_free(&m);
}
END_TEST

/* Every libxml2 allocation of the parse made to fail in turn: never a
 * crash, a leak (the ASan run) or a secret out, and out of memory said
 * (NOMEM) for some.  Not "never OK": libxml2 2.9 ignores some of its own
 * failures (xmlNewNode keeps a node whose name could not be copied). */
START_TEST(oom_every_allocation)
{
    const struct pcase *c = &cases[_i];
    const struct otl_format *f = format_of(c->plugin);
    struct mock_host m;
    unsigned long k, nomem = 0;

    ck_assert_ptr_nonnull(f);
    for (k = 1;; k++) {
        enum otl_parse_status st;
        int failed;

        ck_assert_int_eq(mock_prepare(&m, NULL), 0);
        mock_fail_alloc(k);
        st = mock_run(&m, f, c->input, len_of(c));
        failed = mock_alloc_failed();
        mock_fail_alloc(0);
        if (!failed) {
            ck_assert_int_eq(st, c->status);
            mock_free(&m);
            break;
        }
        ck_assert_msg(st >= OTL_PARSE_OK && st <= OTL_PARSE_NOMEM, "%s: status %d", c->name, st);
        nomem += st == OTL_PARSE_NOMEM;
        assert_no_secret(&m, c, "oom");
        mock_free(&m);
        ck_assert_msg(k < 100000, "%s: no end", c->name);
    }
    ck_assert_msg(nomem > 0, "%s: %lu allocations failed in turn, never NOMEM", c->name, k - 1);
}
END_TEST

/* An entity declaration never gets to a plugin's parse (the host refuses
 * it): the plugin says the file failed. */
START_TEST(entity_refused)
{
    static const char *const xml =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE project [<!ENTITY x \"Ent1tyS3cret\">]>\n"
        "<project xmlns=\"http://www.plcopen.org/xml/tc6_0201\"><fileHeader companyName=\"&x;\"/></project>\n";
    static const char *const xmlplugins[] = {"plcopen-xml", "siemens-tia", "rockwell-l5x"};
    size_t i;

    for (i = 0; i < 3; i++) {
        struct mock_host m;
        ck_assert_int_eq(mock_parse(&m, format_of(xmlplugins[i]), NULL, xml, strlen(xml)), OTL_PARSE_FAILED);
        ck_assert_ptr_nonnull(mock_diag_find(&m, OTL_DIAG_ERROR, "entity"));
        ck_assert(!mock_leaks(&m, "Ent1tyS3cret"));
        mock_free(&m);
    }
}
END_TEST

/* A line past host->max_line_len is skipped and said, at its line. */
START_TEST(long_line_said)
{
    static const char *const text[] = {"cisco-ios", "codesys-cfg"};
    size_t i, n = 70 * 1024;
    char *in = malloc(n + 64);

    ck_assert_ptr_nonnull(in);
    for (i = 0; i < 2; i++) {
        struct mock_host m;
        const struct mock_diag *d;
        size_t o = (size_t)snprintf(in, 64, i == 0 ? "hostname r1\n" : "[CmpApp]\n");
        memset(in + o, 'x', n);
        memcpy(in + o + n, "\nend\n", 6);
        ck_assert_int_eq(mock_parse(&m, format_of(text[i]), NULL, in, strlen(in)), OTL_PARSE_PARTIAL);
        d = mock_diag_find(&m, -1, "longer than");
        ck_assert_ptr_nonnull(d);
        ck_assert_uint_eq(d->line, 2);
        mock_free(&m);
    }
    free(in);
}
END_TEST

/* ---- issue 23, CODESYS and L5X (part "secctl"): the hostile secrets
 * fixtures of tests/formats, parsed through the mock host with and without
 * raw records: none of the values (those tests/extract-secrets.py pulls
 * out of them, listed here) in the document, a diagnostic or a record, and
 * each value's element marked secret="true". */
struct fixture_secrets {
    const char *plugin, *path; /* path below the source tree */
    const char *marked;        /* count(xpath) of elements marked secret */
    long nmarked;
    const char *secrets[16];
};

static const struct fixture_secrets fixture_secrets_cases[] = {
    {"codesys-cfg", "tests/formats/codesys-cfg/secrets_User.cfg", "count(raw//*[@secret='true'])", 14,
     {"Cds5nmpComm1", "RdC0mmunity42", "Cr3dentialPw", "eyJhbGciOi.Tok3nPart", "PinC0de9981",
      "AuthS3cretV4l", "Gehe1mesKennw0rt", "UrlPassw0rd7", "Upl0adS3cret", "AddrUrlPw55",
      "UnknownKeyUrl", "OptPassw0rd5", "CmdPassw0rd3", "Hdr5ecretXY", NULL}},
    /* issue 24, cisco-asa */
    {"cisco-asa", "tests/formats/cisco-asa/secrets.cfg", "count(raw//*[@secret='true'])", 19,
     {"Enab1eCleartext", "TelnetPw99", "Adm1nPlain", "9x7QpQZp0JcAk/Hh", "TacKey4242",
      "RadLegacy77", "LdapBind55", "C0mmunitySecret", "HostComm88", "AuthPass01", "PrivPass02",
      "NtpK3y777", "F41loverKey", "Psk1Cleartext", "Psk2Remote", NULL}},
    {"rockwell-l5x", "tests/formats/rockwell-l5x/secrets.L5X", "count(raw//*[@secret='true'])", 5,
     {"C0mmPathPw71", "CtrlCr3dential88", "Pr0jUrlPass44", "L5xKennw0rt66", "VendUrlPw39",
      "ModC0mmunity93", "ModT0kenValue27", "Hook5ecret61", "TagP1nValue52", "DescrUrlPw18",
      "RungCmtPw24", "RungTxtPw35", "Pr0gN0tePw9", NULL}},
};
#define NFIXSECRETS (sizeof fixture_secrets_cases / sizeof fixture_secrets_cases[0])

static char *read_source_file(const char *rel, size_t *len)
{
    const char *top = getenv("OTL_TOP_SRCDIR");
    char path[4096];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof path, "%s/%s", top && *top ? top : OTL_SRCDIR, rel);
    f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    ck_assert(n > 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

START_TEST(fixture_secrets_kept_out)
{
    const struct fixture_secrets *c = &fixture_secrets_cases[_i];
    struct mock_opts rec = {0, 1, 0};
    size_t len, i;
    char *in = read_source_file(c->path, &len);
    int pass;

    for (pass = 0; pass < 2; pass++) {
        struct mock_host m;
        enum otl_parse_status st = mock_parse(&m, format_of(c->plugin), pass ? &rec : NULL, in, len);
        ck_assert_msg(st == OTL_PARSE_OK || st == OTL_PARSE_PARTIAL, "%s: status %d", c->path, (int)st);
        for (i = 0; c->secrets[i] != NULL; i++)
            ck_assert_msg(!mock_leaks(&m, c->secrets[i]), "%s (%s): secret %zu (%.4s...) leaks", c->path,
                          pass ? "records" : "elements", i, c->secrets[i]);
        if (pass == 0)
            ck_assert_int_eq(mock_count(&m, c->marked), c->nmarked);
        mock_free(&m);
    }
    free(in);
}
END_TEST

/* Issue 23 (contain): the SDK's line reader over a text input of 9 MiB
 * tells the host what it has read (input_consumed, every 4 MiB and every
 * 4,096 lines) and stops at the line where it asks host->expired and hears
 * yes (here after 8,191 lines, within the first MiB); an ABI 1.1 host (no
 * calls) gets the whole input read. */
START_TEST(reader_window_and_time_limit)
{
    static const char *const text[] = {"cisco-ios", "codesys-cfg"};
    static const struct mock_opts old = {0, 0, 1};
    size_t i, n = 9u << 20, o;
    char *in = malloc(n + 64);

    ck_assert_ptr_nonnull(in);
    for (i = 0; i < 2; i++) {
        struct mock_host m;
        o = (size_t)snprintf(in, 64, i == 0 ? "hostname r1\n" : "[CmpApp]\n");
        for (; o + 10 <= n; o += 10)
            memcpy(in + o, i == 0 ? "! comment\n" : "; comment\n", 10);
        in[o] = '\0';
        mock_parse(&m, format_of(text[i]), NULL, in, o);
        ck_assert_uint_ge(m.ctx.nconsumed, 2);
        ck_assert(m.ctx.consumed >= (const unsigned char *)in + (8u << 20));
        ck_assert_uint_ge(m.ctx.nexpired_calls, 2);
        mock_free(&m);
        /* told on the second question: not everything was read */
        ck_assert_int_eq(mock_prepare(&m, NULL), 0);
        m.ctx.expire_at = 2;
        mock_run(&m, format_of(text[i]), in, o);
        ck_assert_uint_eq(m.ctx.nexpired_calls, 2);
        ck_assert(m.ctx.consumed < (const unsigned char *)in + (1u << 20));
        mock_free(&m);
        /* an older host: no call, the whole input */
        mock_parse(&m, format_of(text[i]), &old, in, o);
        ck_assert_uint_eq(m.ctx.nexpired_calls, 0);
        ck_assert_uint_eq(m.ctx.nconsumed, 0);
        mock_free(&m);
    }
    free(in);
}
END_TEST

/* ---- fortios (issue 24): its sniff leaves the other vendors' text alone
 * (IOS, Junos braces and set, PAN-OS set and braces, ASA), and claims a
 * fragment that starts at `config firewall address`. */
START_TEST(fortios_sniff_others)
{
    static const char *const other[] = {
        "hostname r1\n!\ninterface GigabitEthernet0/1\n ip address 10.0.0.1 255.255.255.0\n!\nend\n",
        "system {\n    host-name srx1;\n}\nsecurity {\n    policies {\n    }\n}\n",
        "set system host-name srx1\nset security zones security-zone trust interfaces ge-0/0/1.0\n",
        "set deviceconfig system hostname pa1\nset rulebase security rules r1 action allow\n",
        "config {\n  devices {\n    localhost.localdomain {\n      deviceconfig {\n      }\n    }\n  }\n}\n",
        ": Saved\nASA Version 9.8(2)\nhostname asa1\ninterface GigabitEthernet0/0\n nameif outside\nend\n",
    };
    static const char *const frag =
        "config firewall address\n    edit \"a\"\n        set subnet 10.0.0.0 255.0.0.0\n    next\nend\n";
    size_t i;

    for (i = 0; i < sizeof other / sizeof other[0]; i++)
        ck_assert_msg(mock_sniff(format_of("fortios"), other[i], strlen(other[i])) == 0,
                      "fortios claims other vendor's text %zu", i);
    ck_assert_int_ge(mock_sniff(format_of("fortios"), frag, strlen(frag)), 70);
    ck_assert_int_eq(mock_sniff(format_of("cisco-ios"), frag, strlen(frag)), 0);
}
END_TEST

/* ---- siemens-scalance (issue 25): its sniff leaves IOS, HiOS CLI, ASA,
 * FortiOS and Junos text alone (`system name` is HiOS's too), and IOS's
 * sniff leaves an IE-CLI script alone. */
START_TEST(scalance_sniff_others)
{
    static const char *const other[] = {
        "hostname r1\n!\ninterface GigabitEthernet0/1\n ip address 10.0.0.1 255.255.255.0\n!\nend\n",
        "network protocol none\nsystem name \"sw1\"\nusers add op\nnetwork hidiscovery mode read-only\n",
        ": Saved\nASA Version 9.8(2)\nhostname asa1\ninterface GigabitEthernet0/0\n nameif outside\nend\n",
        "config system global\n    set hostname fw1\nend\n",
        "set system host-name srx1\nset security zones security-zone trust interfaces ge-0/0/1.0\n",
        "system name sw1\nconfigure terminal\nend\n",
    };
    static const char *const own =
        "cli(config)# system name x\ncli(config)# firewall\ncli(config-fw)# prerule ssh ipv4 all-int enabled\n";
    size_t i;

    for (i = 0; i < sizeof other / sizeof other[0]; i++)
        ck_assert_msg(mock_sniff(format_of("siemens-scalance"), other[i], strlen(other[i])) == 0,
                      "siemens-scalance claims other text %zu", i);
    ck_assert_int_ge(mock_sniff(format_of("siemens-scalance"), own, strlen(own)), 70);
    ck_assert_int_eq(mock_sniff(format_of("cisco-ios"), own, strlen(own)), 0);
}
END_TEST

static Suite *plugins_suite(void)
{
    Suite *s = suite_create("plugins");
    TCase *t = tcase_create("mock-host");

    tcase_set_timeout(t, 600);
    tcase_add_loop_test(t, sniff_claims_own, 0, NCASES);
    tcase_add_loop_test(t, facts_lines_diags, 0, NCASES);
    tcase_add_loop_test(t, records_match_elements, 0, NCASES);
    tcase_add_loop_test(t, budget_every_limit, 0, NCASES);
    tcase_add_loop_test(t, budget_said_once, 0, NCASES);
    tcase_add_loop_test(t, oom_every_allocation, 0, NCASES);
    tcase_add_test(t, entity_refused);
    tcase_add_test(t, long_line_said);
    tcase_add_loop_test(t, fixture_secrets_kept_out, 0, NFIXSECRETS);
    tcase_add_test(t, reader_window_and_time_limit);
    tcase_add_test(t, fortios_sniff_others);
    tcase_add_test(t, scalance_sniff_others); /* issue 25 */
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(plugins_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
