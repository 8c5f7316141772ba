#!/usr/bin/env python3
"""gen-panos.py N [--form xml|set] | --panorama MB - a realistic generated PAN-OS configuration.

  gen-panos.py 10000              a firewall XML config (<config version="10.1.0">) with N security
                                  rules, N/4 address objects, N/20 address groups, N/50 services,
                                  N/50 service groups, N/10 NAT rules, 8 zones and interfaces,
                                  management profiles, IKE/IPsec profiles, admin users, syslog, NTP
  gen-panos.py 10000 --form set   the same as `set` commands
  gen-panos.py --panorama 100     a Panorama config of about MB megabytes: shared objects and as many
                                  device groups (each 500 pre and 100 post rules, its own addresses)
                                  as it takes, plus templates

Deterministic (seeded).  Written to stdout.  For the bench and the linearity check (time of
`otlint scan` of 10k rules / of 2.5k rules) and the memory bound of a 100 MB Panorama scan
(docs/formats/panos.md, "Performance").
"""
import random
import sys

ZONES = ["trust", "untrust", "dmz", "ot-cell1", "ot-cell2", "scada", "eng", "vpn"]
APPS = ["web-browsing", "ssl", "modbus", "s7comm", "dnp3", "ssh", "dns", "ntp", "any"]
PORTS = ["502", "102", "443", "80", "22", "20000", "44818", "4840", "161", "8080-8090"]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def members(tag, vals, ind):
    out = [ind + "<%s>" % tag]
    out += [ind + "  <member>%s</member>" % esc(v) for v in vals]
    out.append(ind + "</%s>" % tag)
    return out


def xml_rule(r, name, naddr, ngrp, nsvc, ind):
    src = ["any"] if r.random() < 0.2 else ["addr-%d" % r.randrange(naddr) for _ in range(r.randint(1, 3))]
    dst = ["grp-%d" % r.randrange(max(ngrp, 1))] if r.random() < 0.3 else ["addr-%d" % r.randrange(naddr)]
    svc = ["application-default"] if r.random() < 0.3 else ["svc-%d" % r.randrange(max(nsvc, 1))]
    out = [ind + '<entry name="%s">' % esc(name)]
    i2 = ind + "  "
    out += members("from", [r.choice(ZONES)], i2) + members("to", [r.choice(ZONES)], i2)
    out += members("source", src, i2) + members("destination", dst, i2)
    out += members("source-user", ["any"], i2) + members("category", ["any"], i2)
    out += members("application", [r.choice(APPS)], i2) + members("service", svc, i2)
    out += [i2 + "<action>%s</action>" % r.choice(["allow", "allow", "allow", "deny", "drop"])]
    if r.random() < 0.1:
        out.append(i2 + "<log-end>no</log-end>")
    if r.random() < 0.05:
        out.append(i2 + "<disabled>yes</disabled>")
    out += [i2 + "<description>generated rule %s for the bench</description>" % esc(name),
            i2 + "<profile-setting>", i2 + "  <group>", i2 + "    <member>default</member>",
            i2 + "  </group>", i2 + "</profile-setting>",
            i2 + "<log-setting>default</log-setting>", ind + "</entry>"]
    return out


def xml_objects(r, naddr, ngrp, nsvc, ind, prefix=""):
    out = [ind + "<address>"]
    for i in range(naddr):
        out += [ind + '  <entry name="%saddr-%d">' % (prefix, i),
                ind + "    <ip-netmask>10.%d.%d.%d/32</ip-netmask>" % (i >> 16 & 255, i >> 8 & 255, i & 255),
                ind + "    <description>host %d</description>" % i, ind + "  </entry>"]
    out += [ind + "</address>", ind + "<address-group>"]
    for i in range(ngrp):
        out += [ind + '  <entry name="%sgrp-%d">' % (prefix, i), ind + "    <static>"]
        out += [ind + "      <member>%saddr-%d</member>" % (prefix, r.randrange(naddr)) for _ in range(5)]
        out += [ind + "    </static>", ind + "  </entry>"]
    out += [ind + "</address-group>", ind + "<service>"]
    for i in range(nsvc):
        out += [ind + '  <entry name="%ssvc-%d">' % (prefix, i),
                ind + "    <protocol><tcp><port>%s</port></tcp></protocol>" % r.choice(PORTS),
                ind + "  </entry>"]
    out += [ind + "</service>", ind + "<service-group>"]
    for i in range(max(nsvc // 2, 1)):
        out += [ind + '  <entry name="%ssg-%d">' % (prefix, i)]
        out += members("members", ["%ssvc-%d" % (prefix, r.randrange(max(nsvc, 1)))], ind + "    ")
        out += [ind + "  </entry>"]
    out.append(ind + "</service-group>")
    return out


def xml_device_settings(ind):
    i = ind
    out = [i + "<deviceconfig>", i + "  <system>", i + "    <hostname>fw-gen</hostname>",
           i + "    <login-banner>Authorised access only</login-banner>",
           i + "    <permitted-ip><entry name=\"10.9.0.0/24\"/></permitted-ip>",
           i + "    <service><disable-telnet>yes</disable-telnet><disable-http>yes</disable-http></service>",
           i + "    <ntp-servers><primary-ntp-server><ntp-server-address>10.9.0.1</ntp-server-address>"
               "</primary-ntp-server></ntp-servers>",
           i + "  </system>", i + "</deviceconfig>", i + "<network>", i + "  <interface><ethernet>"]
    for k, z in enumerate(ZONES):
        out += [i + '    <entry name="ethernet1/%d"><layer3><ip><entry name="10.%d.0.1/24"/></ip>'
                    "<interface-management-profile>ping</interface-management-profile></layer3></entry>"
                % (k + 1, 100 + k)]
    out += [i + "  </ethernet></interface>",
            i + '  <profiles><interface-management-profile><entry name="ping"><ping>yes</ping>'
                "</entry></interface-management-profile></profiles>",
            i + "  <ike><crypto-profiles><ike-crypto-profiles><entry name=\"p1\">"
                "<encryption><member>aes-256-cbc</member></encryption><hash><member>sha256</member></hash>"
                "<dh-group><member>group14</member></dh-group></entry></ike-crypto-profiles>"
                "</crypto-profiles></ike>",
            i + "</network>"]
    return out


def firewall_xml(n, out):
    r = random.Random(24)
    naddr, ngrp, nsvc = max(n // 4, 10), max(n // 20, 2), max(n // 50, 2)
    w = out.write
    w('<?xml version="1.0"?>\n<config version="10.1.0" urldb="paloaltonetworks">\n')
    w('  <mgt-config><users><entry name="ot-admin"><phash>$5$gen$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
      '</phash><permissions><role-based><superuser>yes</superuser></role-based></permissions></entry>'
      '</users></mgt-config>\n')
    w('  <shared><log-settings><syslog><entry name="s"><server><entry name="a"><server>10.9.9.1</server>'
      '<transport>SSL</transport><port>6514</port></entry></server></entry></syslog></log-settings></shared>\n')
    w('  <devices>\n    <entry name="localhost.localdomain">\n')
    w("\n".join(xml_device_settings("      ")) + "\n")
    w('      <vsys>\n        <entry name="vsys1">\n          <zone>\n')
    for k, z in enumerate(ZONES):
        w('            <entry name="%s"><network><layer3><member>ethernet1/%d</member></layer3></network></entry>\n'
          % (z, k + 1))
    w("          </zone>\n")
    w("\n".join(xml_objects(r, naddr, ngrp, nsvc, "          ")) + "\n")
    w("          <rulebase>\n            <security>\n              <rules>\n")
    for i in range(n):
        w("\n".join(xml_rule(r, "rule-%d" % i, naddr, ngrp, nsvc, "                ")) + "\n")
    w("              </rules>\n            </security>\n            <nat>\n              <rules>\n")
    for i in range(max(n // 10, 1)):
        w('                <entry name="nat-%d"><from><member>untrust</member></from><to><member>untrust'
          '</member></to><source><member>any</member></source><destination><member>addr-%d</member>'
          '</destination><service>svc-%d</service><destination-translation><translated-address>addr-%d'
          '</translated-address></destination-translation></entry>\n'
          % (i, r.randrange(naddr), r.randrange(nsvc), r.randrange(naddr)))
    w("              </rules>\n            </nat>\n          </rulebase>\n")
    w("        </entry>\n      </vsys>\n    </entry>\n  </devices>\n</config>\n")


def firewall_set(n, out):
    r = random.Random(24)
    naddr, ngrp, nsvc = max(n // 4, 10), max(n // 20, 2), max(n // 50, 2)
    w = out.write
    w("set deviceconfig system hostname fw-gen\n")
    w("set deviceconfig system permitted-ip 10.9.0.0/24\n")
    w("set deviceconfig system service disable-telnet yes\nset deviceconfig system service disable-http yes\n")
    w("set deviceconfig system login-banner \"Authorised access only\"\n")
    w("set deviceconfig system ntp-servers primary-ntp-server ntp-server-address 10.9.0.1\n")
    w("set mgt-config users ot-admin phash $5$gen$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n")
    w("set mgt-config users ot-admin permissions role-based superuser yes\n")
    w("set shared log-settings syslog s server a server 10.9.9.1\n")
    w("set network profiles interface-management-profile ping ping yes\n")
    for k, z in enumerate(ZONES):
        w("set network interface ethernet ethernet1/%d layer3 ip 10.%d.0.1/24\n" % (k + 1, 100 + k))
        w("set network interface ethernet ethernet1/%d layer3 interface-management-profile ping\n" % (k + 1))
        w("set zone %s network layer3 ethernet1/%d\n" % (z, k + 1))
    for i in range(naddr):
        w("set address addr-%d ip-netmask 10.%d.%d.%d/32\n" % (i, i >> 16 & 255, i >> 8 & 255, i & 255))
        w("set address addr-%d description \"host %d\"\n" % (i, i))
    for i in range(ngrp):
        w("set address-group grp-%d static [ %s ]\n"
          % (i, " ".join("addr-%d" % r.randrange(naddr) for _ in range(5))))
    for i in range(nsvc):
        w("set service svc-%d protocol tcp port %s\n" % (i, r.choice(PORTS)))
    for i in range(n):
        name = "rule-%d" % i
        src = "any" if r.random() < 0.2 else "[ %s ]" % " ".join(
            "addr-%d" % r.randrange(naddr) for _ in range(r.randint(1, 3)))
        p = "set rulebase security rules %s " % name
        w(p + "from %s\n" % r.choice(ZONES))
        w(p + "to %s\n" % r.choice(ZONES))
        w(p + "source %s\n" % src)
        w(p + "destination addr-%d\n" % r.randrange(naddr))
        w(p + "application %s\n" % r.choice(APPS))
        w(p + "service %s\n" % ("application-default" if r.random() < 0.3 else "svc-%d" % r.randrange(nsvc)))
        w(p + "action %s\n" % r.choice(["allow", "allow", "deny"]))
        w(p + "description \"generated rule %d\"\n" % i)
        w(p + "profile-setting group default\n")
    for i in range(max(n // 10, 1)):
        w("set rulebase nat rules nat-%d from untrust to untrust source any destination addr-%d service svc-%d "
          "destination-translation translated-address addr-%d\n"
          % (i, r.randrange(naddr), r.randrange(nsvc), r.randrange(naddr)))


def panorama(mb, out):
    r = random.Random(24)
    target = mb * 1000 * 1000
    size = 0

    def w(s):
        nonlocal size
        size += len(s)
        out.write(s)

    w('<?xml version="1.0"?>\n<config version="10.1.0" urldb="paloaltonetworks">\n')
    w('  <mgt-config><users><entry name="pano-admin"><phash>$5$gen$abcdefghijklmnopqrstuvwxyz0123456789ABC'
      '</phash><permissions><role-based><superuser>yes</superuser></role-based></permissions></entry></users>'
      '</mgt-config>\n')
    w("  <shared>\n")
    w("\n".join(xml_objects(r, 2000, 100, 100, "    ")) + "\n")
    w("  </shared>\n  <devices>\n    <entry name=\"localhost.localdomain\">\n")
    w("\n".join(xml_device_settings("      ")) + "\n")
    w("      <template>\n")
    for t in range(4):
        w('        <entry name="tpl-%d"><config><devices><entry name="localhost.localdomain"><vsys>'
          '<entry name="vsys1"><zone>' % t)
        for z in ZONES:
            w('<entry name="%s"/>' % z)
        w("</zone></entry></vsys></entry></devices></config></entry>\n")
    w("      </template>\n      <device-group>\n")
    dg = 0
    while size < target - 2000:
        w('        <entry name="dg-%d">\n' % dg)
        w("\n".join(xml_objects(r, 400, 20, 20, "          ", "dg%d-" % dg)) + "\n")
        for rb, nr in (("pre-rulebase", 500), ("post-rulebase", 100)):
            w("          <%s>\n            <security>\n              <rules>\n" % rb)
            for i in range(nr):
                if size >= target - 2000:
                    break
                rule = xml_rule(r, "dg%d-%s-%d" % (dg, rb[:4], i), 2000, 100, 100, "                ")
                w("\n".join(rule) + "\n")
            w("              </rules>\n            </security>\n          </%s>\n" % rb)
        w("        </entry>\n")
        dg += 1
    w("      </device-group>\n    </entry>\n  </devices>\n</config>\n")


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--panorama":
        panorama(int(args[1]), sys.stdout)
        return 0
    if not args or not args[0].isdigit():
        sys.stderr.write(__doc__)
        return 2
    n = int(args[0])
    form = args[2] if len(args) == 3 and args[1] == "--form" else "xml"
    if form == "set":
        firewall_set(n, sys.stdout)
    else:
        firewall_xml(n, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
