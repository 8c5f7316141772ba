#!/usr/bin/env python3
"""gen-cisco-asa.py [--seed S] N [OUT] - write one Cisco ASA `show running-config`
with N access-list entries (issue 24: the bench row and the linearity check,
time(10k)/time(2.5k) of `otlint scan`) to OUT (default: standard output).

COMPOSED data, not from any device.  The grammar follows ASA 9.x `show
running-config` as the Cisco ASA Series CLI configuration guides and command
reference give it, and as vendor-formats/cisco-asa/cisco-asa.c reads it: the
`: Saved` header, `ASA Version`, interfaces with nameif/security-level, names,
network and service objects, object-groups (network, service, protocol),
extended access lists bound with access-group, object NAT and twice NAT,
management (http/ssh/telnet), AAA, crypto, SNMP, logging, NTP.  Sizes scale
with N: about N/4 network objects, N/10 service objects, N/20 groups, N/50
interfaces (at least 4), N/100 NAT rules.  Addresses, names and ports are
invented; ACL entries carry the industrial ports (Modbus/TCP 502, S7 102,
EtherNet/IP 44818, DNP3 20000, OPC UA 4840).  Every secret is fake and
masked as `show running-config` prints it (`*****`) or an obviously fake
hash.  Deterministic: the output depends only on (seed, N).
"""
import random
import sys

PORTS = [502, 102, 44818, 2222, 20000, 4840, 443, 22, 80, 161, 123, 53, 3389, 8080]
NAMED = ["www", "https", "ssh", "domain", "ntp", "snmp", "telnet", "ftp", "smtp", "ldap"]


def gen(n, seed, out):
    r = random.Random(seed)
    w = out.write
    nif = max(4, n // 50)
    nobj = max(8, n // 4)
    nsvc = max(4, n // 10)
    ngrp = max(2, n // 20)
    nnat = max(1, n // 100)
    w(": Saved\n:\n: Serial Number: FAKE%08d\n" % seed)
    w(": Hardware:   ASA5555, 16384 MB RAM, CPU Lynnfield 2800 MHz, 1 CPU (8 cores)\n:\n")
    w("ASA Version 9.12(4)\n!\nhostname bench-fw-%d\ndomain-name bench.example\n" % seed)
    w("enable password ***** pbkdf2\nusername admin password ***** pbkdf2 privilege 15\n")
    w("names\n")
    for i in range(min(50, n // 10 + 1)):
        w("name 10.200.%d.%d alias-%d description bench alias\n" % (i // 250, i % 250 + 1, i))
    w("!\n")
    zones = []
    for i in range(nif):
        name = "outside" if i == 0 else ("inside" if i == 1 else "cell%d" % i)
        lvl = 0 if i == 0 else (100 if i == 1 else r.choice([50, 60, 70, 80, 90]))
        zones.append(name)
        w("interface GigabitEthernet0/%d\n description bench link %d\n nameif %s\n"
          " security-level %d\n ip address 10.%d.%d.1 255.255.255.0\n!\n"
          % (i, i, name, lvl, 100 + i // 250, i % 250))
    for i in range(nobj):
        w("object network H-%d\n host 10.%d.%d.%d\n" % (i, 10 + i // 62500, (i // 250) % 250,
                                                        i % 250 + 1))
        if i % 3 == 0:
            w(" description bench host %d\n" % i)
    for i in range(nsvc):
        p = PORTS[i % len(PORTS)]
        w("object service S-%d\n service tcp destination eq %d\n" % (i, p))
    for g in range(ngrp):
        w("object-group network G-%d\n" % g)
        for _ in range(5):
            w(" network-object object H-%d\n" % r.randrange(nobj))
        w(" network-object 172.%d.%d.0 255.255.255.0\n" % (16 + g % 16, g % 250))
        if g > 0 and g % 7 == 0:
            w(" group-object G-%d\n" % (g - 1))
        w("object-group service SG-%d\n" % g)
        w(" service-object tcp destination eq %d\n" % PORTS[g % len(PORTS)])
        w(" service-object udp destination range 2000 %d\n" % (2000 + g % 100))
        w(" service-object object S-%d\n" % r.randrange(nsvc))
    w("object-group protocol TCPUDP\n protocol-object tcp\n protocol-object udp\n")
    per_if = max(1, n // nif)
    for i in range(n):
        acl = "%s_in" % zones[min(i // per_if, nif - 1)]
        act = "permit" if r.random() < 0.8 else "deny"
        kind = r.randrange(6)
        log = " log" if r.random() < 0.6 else ""
        ina = " inactive" if r.random() < 0.02 else ""
        if kind == 0:
            w("access-list %s extended %s tcp object H-%d object H-%d eq %d%s%s\n" %
              (acl, act, r.randrange(nobj), r.randrange(nobj), PORTS[i % len(PORTS)], log, ina))
        elif kind == 1:
            w("access-list %s extended %s object-group SG-%d object-group G-%d any%s%s\n" %
              (acl, act, r.randrange(ngrp), r.randrange(ngrp), log, ina))
        elif kind == 2:
            w("access-list %s extended %s udp 10.%d.%d.0 255.255.255.0 host 10.1.%d.%d range 2000 2100%s\n"
              % (acl, act, r.randrange(250), r.randrange(250), r.randrange(250), r.randrange(1, 250), log))
        elif kind == 3:
            w("access-list %s extended %s object S-%d any4 object H-%d%s\n" %
              (acl, act, r.randrange(nsvc), r.randrange(nobj), log))
        elif kind == 4:
            w("access-list %s remark bench rule %d\n" % (acl, i))
            w("access-list %s extended %s tcp any host alias-%d eq %s%s\n" %
              (acl, act, r.randrange(min(50, n // 10 + 1)), r.choice(NAMED), log))
        else:
            w("access-list %s extended %s icmp any4 any4 echo-reply%s\n" % (acl, act, log))
    w("access-list %s extended deny ip any any log\n" % "outside_in")
    for z in zones:
        w("access-group %s_in in interface %s\n" % (z, z))
    w("same-security-traffic permit intra-interface\n")
    for i in range(nnat):
        w("object network H-%d\n nat (inside,outside) static 203.0.113.%d service tcp %d %d\n" %
          (i, i % 250 + 1, PORTS[i % 6], PORTS[i % 6]))
    w("nat (inside,outside) after-auto source dynamic any interface\n")
    w("logging enable\nlogging timestamp\nlogging buffered informational\nlogging trap informational\n")
    w("logging host inside 10.100.1.50\nlogging host inside 10.100.1.51\n")
    w("aaa-server TAC protocol tacacs+\naaa-server TAC (inside) host 10.100.1.60\n key *****\n")
    w("aaa authentication ssh console TAC LOCAL\naaa authorization command TAC LOCAL\n")
    w("aaa accounting command TAC\naaa local authentication attempts max-fail 5\n")
    w("http server enable\nhttp 10.100.1.0 255.255.255.0 inside\n")
    w("ssh 10.100.1.0 255.255.255.0 inside\nssh timeout 5\nssh version 2\nconsole timeout 10\n")
    w("crypto ikev2 policy 10\n encryption aes-256\n integrity sha256\n group 19\n prf sha256\n")
    w("snmp-server group OPS v3 priv\nsnmp-server host inside 10.100.1.70 version 3 ops\n")
    w("ntp authenticate\nntp trusted-key 1\nntp server 10.100.1.80 key 1\nntp server 10.100.1.81 key 1\n")
    w("banner login Authorised access only\n")
    w("Cryptochecksum:00000000000000000000000000000000\n: end\n")


def main():
    args = sys.argv[1:]
    seed = 1
    if len(args) >= 2 and args[0] == "--seed":
        seed = int(args[1])
        args = args[2:]
    if not args or not args[0].isdigit():
        sys.stderr.write(__doc__)
        sys.exit(2)
    n = int(args[0])
    if len(args) > 1:
        with open(args[1], "w", encoding="ascii") as f:
            gen(n, seed, f)
    else:
        gen(n, seed, sys.stdout)


if __name__ == "__main__":
    main()
