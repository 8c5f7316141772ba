#!/usr/bin/env python3
"""gen-fwdoc.py N - a firewall-model device document with N policy rules, in the
line format of the test-good plugin (tests/plugins/good.c), for the linearity
check of the firewall rules (docs/rules.md "Firewall rules"): zones and
interfaces, N/4 address objects, N/16 groups of four and N/64 groups of groups,
N/10 services in groups of five, N rules (one in 50 any-any, one in 20 without
logging, one in 100 disabled), N/20 NAT rules, management access and VPN
crypto.  Scan it with the test-good plugin:

    mkdir plug && cp tests/plugins/.libs/good.so plug/
    python3 tests/gen-fwdoc.py 10000 > fw10k.cfg
    core/otlint scan --plugin-dir plug fw10k.cfg
"""
import sys


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = ["TESTCFG",
           "fact system hostname=GEN-FW vendor=test os=test version=1.0 class=firewall "
           "export-kind=full parse-coverage=1"]
    zones = [("outside", "untrusted"), ("inside", "trusted"), ("dmz", "dmz"), ("ot", "trusted")]
    for i, (z, t) in enumerate(zones):
        out.append("fact fw-zone name=%s trust=%s" % (z, t))
        out.append("fact interface name=eth%d zone=%s" % (i, z))
    nh, ng, ngg, ns = max(n // 4, 4), max(n // 16, 1), max(n // 64, 1), max(n // 10, 5)
    for i in range(nh):
        out.append("fact fw-address name=h%d kind=host value=10.%d.%d.%d"
                   % (i, i >> 16 & 255, i >> 8 & 255, i & 255))
    for i in range(ng):
        out.append("fact fw-address name=g%d kind=group" % i)
        for k in range(4):
            out.append("child member name=h%d" % ((4 * i + k) % nh))
    for i in range(ngg):
        out.append("fact fw-address name=gg%d kind=group" % i)
        for k in range(4):
            out.append("child member name=g%d" % ((4 * i + k) % ng))
    for i in range(ns):
        out.append("fact fw-service name=s%d kind=service protocol=tcp ports=%d" % (i, 30000 + i))
    for i in range(ns // 5):
        out.append("fact fw-service name=sg%d kind=group" % i)
        for k in range(5):
            out.append("child member name=s%d" % (5 * i + k))
    for i in range(n):
        src, dst = zones[i % 4][0], zones[(i + 1) % 4][0]
        log = "false" if i % 20 == 0 else "true"
        enabled = "false" if i % 100 == 7 else "true"
        out.append("fact fw-rule policy=%s>%s kind=security seq=%d name=r%d action=permit "
                   "enabled=%s log=%s" % (src, dst, i + 1, i, enabled, log))
        out.append("child from name=%s" % src)
        out.append("child to name=%s" % dst)
        if i % 50 == 0:
            out += ["child source any=true", "child destination any=true", "child service any=true"]
            continue
        out.append("child source name=gg%d" % (i % ngg))
        out.append("child destination name=g%d" % (i % ng))
        out.append("child destination name=h%d" % (i % nh))
        out.append("child service name=sg%d" % (i % (ns // 5)))
        out.append("child service protocol=tcp ports=502")
    for i in range(max(n // 20, 1)):
        out.append("fact fw-nat kind=static name=n%d from=outside inbound=true protocol=tcp "
                   "original-port=%d translated-port=%d translated-destination=10.0.0.%d"
                   % (i, 10000 + i, 502 if i % 2 else 8080, i & 255))
    out.append("fact fw-default from=outside to=inside action=deny defaulted=true")
    out.append("fact mgmt-access interface=eth0 protocols=https%20ssh source=any")
    out.append("fact mgmt-access interface=eth1 protocols=ssh source=10.99.0.0/24")
    out.append("fact vpn-crypto phase=ike name=p1 ike-version=1 mode=aggressive encryption=3des "
               "integrity=sha1 dh-group=2 authentication=psk")
    out.append("fact service name=ssh enabled=true version=2 root-login=deny")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
