#!/usr/bin/env python3
"""gen-junos.py [--set] [--seed S] N [OUT] - write one Junos SRX configuration with N security
policies (curly form of `show configuration`; --set: the `display set` form) to OUT (default
stdout), for the benchmark and the linearity check of issue 24 (time(10k)/time(2.5k)).

COMPOSED data, not from any device.  The grammar follows Junos OS 21.x/22.x `show configuration`
as read by vendor-formats/junos/junos.c (docs/formats/junos.md) and as the real configurations in
shared/corpus/juniper print it: a header, `version`, `groups` with a global group applied at the
top, `system` (login classes and users, services, syslog, NTP, RADIUS), `snmp`, `interfaces`,
`security` (address book, zones with host-inbound-traffic, N policies spread over zone pairs,
default policy, NAT, IKE/IPsec), `firewall` (a lo0 filter and an inbound filter with N/10 terms)
and `applications`.  About N/2 address objects, N/10 address sets, N/20 applications.  Policies
reference the objects and Junos' predefined applications; some log, some are inactive, some are
any/any.  Secrets are fake ($9$ and $6$ strings spelled out of BENCHFAKE).

Deterministic: the output depends only on (seed, N, form).  Prints "bytes=B policies=N" on stderr.
"""
import random
import sys

PREDEF = ["junos-http", "junos-https", "junos-ssh", "junos-dns-udp", "junos-ntp", "junos-ping",
          "junos-smtp", "junos-ftp", "junos-snmp-get", "junos-telnet"]
INDUSTRIAL = [("modbus", "tcp", "502"), ("s7comm", "tcp", "102"), ("enip", "tcp", "44818"),
              ("enip-io", "udp", "2222"), ("dnp3", "tcp", "20000"), ("iec104", "tcp", "2404"),
              ("opcua", "tcp", "4840"), ("bacnet", "udp", "47808")]


class Tree:
    """Statements as paths; printed in curly or set form."""

    def __init__(self):
        self.root = {}

    def add(self, *words):
        node = self.root
        for w in words[:-1]:
            node = node.setdefault(w, {})
        node.setdefault(words[-1], {})

    def curly(self, out):
        def walk(node, depth):
            pad = "    " * depth
            for k, v in node.items():
                if v:
                    out.append("%s%s {" % (pad, k))
                    walk(v, depth + 1)
                    out.append("%s}" % pad)
                else:
                    out.append("%s%s;" % (pad, k))
        walk(self.root, 0)

    def sets(self, out, prefix="set"):
        def walk(node, path):
            for k, v in node.items():
                if v:
                    walk(v, path + [k])
                else:
                    out.append("%s %s" % (prefix, " ".join(path + [k])))
        walk(self.root, [])


def fake(rnd, prefix, n):
    alpha = "BENCHFAKEbenchfake0123456789./"
    return prefix + "".join(rnd.choice(alpha) for _ in range(n))


def build(n, seed):
    rnd = random.Random(seed * 1000003 + n)
    t = Tree()
    inactive = []
    # groups
    t.add("groups", "global", "system", "syslog", "file messages", "any notice")
    t.add("groups", "global", "system", "ntp", "server 10.0.0.123")
    t.add("groups", "global", "interfaces", "<ge-*>", "unit 0", "description \"bench port\"")
    t.add("apply-groups", "global")
    # system
    t.add("system", "host-name srx-bench-%d" % n)
    t.add("system", "root-authentication", "encrypted-password \"%s\"" % fake(rnd, "$6$BENCHFAK$", 86))
    t.add("system", "login", "message \"Authorized use only\"")
    t.add("system", "login", "class ops", "idle-timeout 10")
    t.add("system", "login", "class ops", "permissions all")
    for u in range(8):
        t.add("system", "login", "user op%02d" % u, "uid %d" % (2000 + u))
        t.add("system", "login", "user op%02d" % u, "class ops")
        t.add("system", "login", "user op%02d" % u, "authentication",
              "encrypted-password \"%s\"" % fake(rnd, "$6$BENCHFAK$", 86))
    t.add("system", "login", "retry-options", "tries-before-disconnect 3")
    t.add("system", "login", "retry-options", "lockout-period 10")
    t.add("system", "services", "ssh", "root-login deny")
    t.add("system", "services", "netconf", "ssh")
    t.add("system", "services", "web-management", "https", "interface fxp0.0")
    t.add("system", "radius-server", "10.0.0.20", "secret \"%s\"" % fake(rnd, "$9$", 30))
    t.add("system", "authentication-order", "[ radius password ]")
    t.add("system", "syslog", "host 10.0.0.50", "any info")
    t.add("system", "ntp", "server 10.0.0.124")
    t.add("snmp", "community bench-fake-ro", "authorization read-only")
    t.add("snmp", "community bench-fake-ro", "clients", "10.0.0.0/24")
    # interfaces and zones
    zones = ["trust", "untrust", "dmz", "ot-cell1", "ot-cell2", "mgmt"]
    for i, z in enumerate(zones):
        ifn = "ge-0/0/%d" % i
        t.add("interfaces", ifn, "unit 0", "family inet", "address 10.%d.0.1/24" % (10 + i))
        t.add("security", "zones", "security-zone %s" % z, "interfaces", "%s.0" % ifn)
        t.add("security", "zones", "security-zone %s" % z, "host-inbound-traffic", "system-services",
              "ping" if z == "untrust" else "ssh")
    t.add("interfaces", "lo0", "unit 0", "family inet", "filter", "input PROTECT-RE")
    t.add("interfaces", "ge-0/0/1", "unit 0", "family inet", "filter", "input EDGE-IN")
    # address book
    n_addr = max(4, n // 2)
    for a in range(n_addr):
        t.add("security", "address-book", "global",
              "address h%05d 10.%d.%d.%d/32" % (a, 20 + a // 65000 % 200, a // 250 % 256, a % 250 + 1))
    n_sets = max(2, n // 10)
    for s in range(n_sets):
        for k in range(3):
            t.add("security", "address-book", "global", "address-set grp%04d" % s,
                  "address h%05d" % rnd.randrange(n_addr))
    # applications
    n_apps = max(len(INDUSTRIAL), n // 20)
    apps = []
    for a in range(n_apps):
        name, proto, port = INDUSTRIAL[a % len(INDUSTRIAL)]
        an = "%s-%d" % (name, a)
        apps.append(an)
        t.add("applications", "application %s" % an, "protocol %s" % proto)
        t.add("applications", "application %s" % an, "destination-port %s" % port)
    # policies over zone pairs
    pairs = [(a, b) for a in zones for b in zones if a != b]
    for p in range(n):
        fz, tz = pairs[p % len(pairs)]
        base = ("security", "policies", "from-zone %s to-zone %s" % (fz, tz), "policy p%05d" % p)
        r = rnd.random()
        if r < 0.02:
            src, dst, app = "any", "any", "any"
        else:
            src = "grp%04d" % rnd.randrange(n_sets) if rnd.random() < 0.3 else "h%05d" % rnd.randrange(n_addr)
            dst = "h%05d" % rnd.randrange(n_addr)
            app = rnd.choice(apps) if rnd.random() < 0.5 else rnd.choice(PREDEF)
        t.add(*base, "match", "source-address %s" % src)
        t.add(*base, "match", "destination-address %s" % dst)
        t.add(*base, "match", "application %s" % app)
        t.add(*base, "then", "deny" if rnd.random() < 0.1 else "permit")
        if rnd.random() < 0.7:
            t.add(*base, "then", "log", "session-close")
        if rnd.random() < 0.01:
            inactive.append(" ".join(base))
    t.add("security", "policies", "default-policy", "deny-all")
    # NAT
    t.add("security", "nat", "destination", "pool plc", "address 10.13.0.10/32 port 502")
    t.add("security", "nat", "destination", "rule-set from-internet", "from zone untrust")
    t.add("security", "nat", "destination", "rule-set from-internet", "rule to-plc", "match",
          "destination-address 203.0.113.10/32")
    t.add("security", "nat", "destination", "rule-set from-internet", "rule to-plc", "then",
          "destination-nat pool plc")
    # IKE / IPsec
    t.add("security", "ike", "proposal p1", "authentication-method rsa-signatures")
    t.add("security", "ike", "proposal p1", "dh-group group19")
    t.add("security", "ike", "proposal p1", "encryption-algorithm aes-256-gcm")
    t.add("security", "ike", "policy pol1", "proposals p1")
    t.add("security", "ike", "gateway gw1", "ike-policy pol1")
    t.add("security", "ike", "gateway gw1", "address 198.51.100.1")
    t.add("security", "ike", "gateway gw1", "version v2-only")
    t.add("security", "ipsec", "proposal p2", "encryption-algorithm aes-256-gcm")
    t.add("security", "ipsec", "policy p2pol", "perfect-forward-secrecy", "keys group19")
    t.add("security", "ipsec", "policy p2pol", "proposals p2")
    # filters
    t.add("firewall", "family inet", "filter PROTECT-RE", "term ssh", "from", "source-address 10.0.0.0/24")
    t.add("firewall", "family inet", "filter PROTECT-RE", "term ssh", "from", "protocol tcp")
    t.add("firewall", "family inet", "filter PROTECT-RE", "term ssh", "from", "destination-port ssh")
    t.add("firewall", "family inet", "filter PROTECT-RE", "term ssh", "then", "accept")
    t.add("firewall", "family inet", "filter PROTECT-RE", "term rest", "then", "discard")
    for k in range(max(2, n // 10)):
        term = ("firewall", "family inet", "filter EDGE-IN", "term t%04d" % k)
        t.add(*term, "from", "destination-address 10.%d.%d.0/24" % (20 + k // 256 % 200, k % 256))
        t.add(*term, "from", "protocol tcp")
        t.add(*term, "from", "destination-port %d" % rnd.choice([22, 80, 443, 502, 102, 44818]))
        t.add(*term, "then", "accept" if rnd.random() < 0.8 else "discard")
    return t, inactive


def main():
    args = sys.argv[1:]
    form_set = "--set" in args
    args = [a for a in args if a != "--set"]
    seed = 1
    if len(args) >= 2 and args[0] == "--seed":
        seed = int(args[1])
        args = args[2:]
    if not args:
        sys.stderr.write(__doc__)
        return 2
    n = int(args[0])
    t, inactive = build(n, seed)
    out = ["## Last commit: 2024-01-01 00:00:00 UTC by bench", ]
    if form_set:
        out.append("set version 22.4R3-S2.11")
        t.sets(out)
        out.extend("deactivate " + p for p in inactive)
    else:
        out.append("version 22.4R3-S2.11;")
        t.curly(out)
        # an inactive policy in the curly form: `inactive:` before its block
        marks = {p.split(" ")[-1] for p in inactive}
        out = [("    " * 3 + "inactive: " + l.strip()) if l.strip().startswith("policy ") and
               l.strip()[7:-2] in marks else l for l in out]
    text = "\n".join(out) + "\n"
    if len(args) > 1:
        with open(args[1], "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    sys.stderr.write("bytes=%d policies=%d\n" % (len(text.encode()), n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
