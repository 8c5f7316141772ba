#!/usr/bin/env python3
"""gen-cisco.py [--seed S] [--size KB] N OUTDIR - write N Cisco IOS / IE
switch running-configs of about KB kilobytes each (default 20) into OUTDIR
(sw00000.cfg ...), for the benchmark (tests/bench/bench.sh).

COMPOSED data, not from any device.  The grammar follows `show
running-config` of IOS 15.2 (Catalyst 2960-X, IE 2000 / 3000 / 4000 / 4010
on 15.2(x)E / EA): the order of the sections and the sub-mode indentation as
IOS prints them, as in the real configs in shared/corpus/cisco_ios (oxidized,
ciscoconfparse, ccat, batfish lab captures), the fixtures in
tests/formats/cisco-ios and what vendor-formats/cisco-ios/cisco-ios.c reads
(its header names the Cisco command references).  Hosts, addresses and VLANs
are invented; ACL entries carry the industrial ports (EtherNet/IP 44818 and
2222, Modbus/TCP 502, S7 102, OPC UA 4840, DNP3 20000).

Every secret is obviously fake: hashes are spelled out of BENCHFAKE, clear
and type 7 passwords decode to "bench-fake-...", community strings are
"bench-fake-..." - except the deliberate well-known defaults (public,
private, cisco) that the rules look for.

Weaknesses vary per device (telnet, HTTP, SSH not pinned, no vty ACL, no or
long exec-timeout, no banner, enable password, type 0/5/7 passwords,
privilege-15 and generic accounts, no AAA, SNMP defaults / RW / no ACL /
weak v3, logging off / local only, no NTP or unauthenticated NTP, legacy
services, CDP, access ports in VLAN 1 or without port-security, ...), so each
network rule passes on some devices and fails on others.

Deterministic: file i depends only on (seed, i, size), so the same arguments
give the same bytes whatever else runs.  Prints "files=N bytes=B".

gen-cisco.py [--seed S] --statements N FILE - write one config of about N
statements (lines that are not "!" comments) into FILE, for the linearity
row (e): the head of a sloppy device (the sections above, once), then
accounts, access ports, extended ACL entries and vty lines that grow
together, in fixed shares of each unit of 18 statements: 1 username line
(a mix of clear, type 7, type 5/8/9 and privilege 15), one access port of 7
statements, 6 ACL entries (in ACLs of 120) and one `line vty` block of 4
statements.  Prints "statements=N bytes=B accounts=A interfaces=I
acl_entries=E vty_lines=V".
"""
import os
import random
import sys

# Cisco type 7 is a Vigenere over this public key; encoding our fake
# plaintexts keeps type 7 values both valid and obviously fake.
XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def type7(plain, seed):
    return "%02d" % seed + "".join("%02X" % (ord(c) ^ ord(XLAT[(seed + i) % len(XLAT)]))
                                   for i, c in enumerate(plain))


FAKE64 = "BENCHFAKE" * 8


def hash5(r):
    return "$1$BNCH$" + FAKE64[r % 9:r % 9 + 22]


def hash8(r):
    return "$8$BENCHFAKESALT$" + FAKE64[r % 9:r % 9 + 43]


def hash9(r):
    return "$9$BENCHFAKESALT$" + FAKE64[r % 9:r % 9 + 43]


# (model, image version, access ports, uplinks)
MODELS = (
    ("IE-2000-16TC-G-E", "15.2(7)E8", ["FastEthernet1/%d" % i for i in range(1, 17)],
     ["GigabitEthernet1/1", "GigabitEthernet1/2"]),
    ("IE-3000-8TC", "15.2(4)EA9", ["FastEthernet1/%d" % i for i in range(1, 9)]
     + ["FastEthernet2/%d" % i for i in range(1, 17)], ["GigabitEthernet1/1", "GigabitEthernet1/2"]),
    ("IE-4000-16T4G-E", "15.2(8)E3", ["GigabitEthernet1/%d" % i for i in range(5, 21)],
     ["GigabitEthernet1/%d" % i for i in range(1, 5)]),
    ("IE-4010-16S12P", "15.2(7)E7", ["GigabitEthernet1/%d" % i for i in range(17, 29)]
     + ["GigabitEthernet1/%d" % i for i in range(5, 17)], ["GigabitEthernet1/%d" % i for i in range(1, 5)]),
    ("WS-C2960X-48TS-L", "15.2(7)E9", ["GigabitEthernet1/0/%d" % i for i in range(1, 49)],
     ["TenGigabitEthernet1/0/1", "TenGigabitEthernet1/0/2"]),
)

CELLS = ("PRESS", "PAINT", "WELD", "PACK", "MIX", "BOIL", "FILL", "CONV", "KILN", "DOSE", "PUMP", "HVAC")
ROLES = ("PLC", "HMI", "DRIVE", "IO", "ROBOT", "SCADA", "HIST", "EWS", "CAM", "RFID")
PORTS = (("tcp", "44818"), ("udp", "2222"), ("tcp", "502"), ("tcp", "102"), ("tcp", "4840"),
         ("tcp", "20000"), ("tcp", "443"), ("tcp", "22"), ("udp", "161"), ("udp", "123"), ("tcp", "1911"))
LEVELS = ("informational", "notifications", "warnings", "errors", "debugging")


def chance(r, p):
    return r.random() < p


def interface_access(o, r, name, vlan, cell, hard, idx):
    """An access port; `hard` gives the probability of each hardening line
    (port-security, storm-control, BPDU guard); vlan None leaves it in VLAN 1."""
    o.append("interface %s\n" % name)
    unused = chance(r, 0.2)
    if unused:
        o.append(" description UNUSED\n switchport access vlan 999\n switchport mode access\n"
                 " switchport nonegotiate\n shutdown\n spanning-tree portfast\n spanning-tree bpduguard enable\n!\n")
        return
    o.append(" description %s-%s%02d %s cell link\n" % (cell, r.choice(ROLES), idx, cell.lower()))
    if vlan is not None:
        o.append(" switchport access vlan %d\n" % vlan)
    o.append(" switchport mode access\n switchport nonegotiate\n")
    if chance(r, hard):
        o.append(" switchport port-security maximum %d\n switchport port-security violation restrict\n"
                 " switchport port-security aging time 2\n switchport port-security aging type inactivity\n"
                 " switchport port-security mac-address sticky\n switchport port-security\n" % r.choice((1, 2, 3)))
    o.append(" load-interval 30\n")
    if chance(r, hard):
        o.append(" storm-control broadcast level %d.00\n storm-control multicast level %d.00\n"
                 " storm-control action trap\n" % (r.choice((1, 2, 5)), r.choice((5, 10))))
    if chance(r, 0.5):
        o.append(" no cdp enable\n")
    if chance(r, 0.3):
        o.append(" alarm profile ALARM-%s\n" % cell)
    o.append(" spanning-tree portfast\n")
    if chance(r, hard):
        o.append(" spanning-tree bpduguard enable\n")
    if chance(r, 0.4):
        o.append(" ip dhcp snooping limit rate %d\n" % r.choice((10, 15, 20)))
    o.append(" service-policy input QOS-%s\n!\n" % ("IN" if chance(r, 0.5) else "EIP"))


def interface_uplink(o, r, name, vlans, k):
    o.append("interface %s\n description UPLINK-%d to distribution\n"
             " switchport trunk native vlan %d\n switchport trunk allowed vlan %s\n"
             " switchport mode trunk\n switchport nonegotiate\n"
             " ip dhcp snooping trust\n ip arp inspection trust\n"
             " spanning-tree guard root\n load-interval 30\n!\n"
             % (name, k, 999, ",".join(str(v) for v in vlans)))


def acl(o, r, name, site, nentries):
    o.append("ip access-list extended %s\n" % name)
    for _ in range(nentries):
        proto, port = r.choice(PORTS)
        src = "10.%d.%d.0 0.0.0.255" % (site, r.randrange(10, 60))
        dst = ("host 10.%d.%d.%d" % (site, r.randrange(10, 60), r.randrange(2, 250))
               if chance(r, 0.7) else "10.%d.%d.0 0.0.0.255" % (site, r.randrange(10, 60)))
        act = "permit" if chance(r, 0.85) else "deny  "
        o.append(" %s %s %s %s eq %s%s\n" % (act, proto, src, dst, port, " log" if chance(r, 0.1) else ""))
    o.append(" permit icmp 10.%d.0.0 0.0.255.255 any echo-reply\n deny   ip any any log\n" % site)


def device(i, seed, target):
    r = random.Random(seed * 1000003 + i)
    model, ver, access, uplinks = MODELS[r.randrange(len(MODELS))]
    site = 1 + i % 200
    cell = CELLS[i % len(CELLS)]
    host = "%s-%s-SW%02d" % ("S%03d" % site, cell, i % 97) if not chance(r, 0.03) else "Switch"
    sec = r.random()  # 0 = sloppy device, 1 = hardened device

    def weak(p):
        """A weakness of base probability p, less likely on a careful device."""
        return chance(r, p * (1.4 - sec))

    fake = "bench-fake-%05d" % i
    o = []
    a = o.append
    a("!\n! Last configuration change at 07:%02d:%02d UTC Mon Jun 2 2025 by netadmin\n"
      "! NVRAM config last updated at 07:%02d:%02d UTC Mon Jun 2 2025 by netadmin\n!\n"
      % (i % 60, (i * 7) % 60, i % 60, (i * 7) % 60))
    a("version %s\n" % ver[:4])
    if not weak(0.3):
        a("no service pad\n")
    a("service timestamps debug datetime msec\n")
    a("service timestamps log %s\n" % ("datetime msec localtime show-timezone" if not weak(0.2) else "uptime"))
    if not weak(0.3):
        a("service password-encryption\n")
    if weak(0.05):
        a("service tcp-small-servers\nservice udp-small-servers\n")
    a("service sequence-numbers\n!\nhostname %s\n!\nboot-start-marker\nboot-end-marker\n!\n" % host)
    if weak(0.04):
        a("no logging on\n")
    a("logging buffered %d %s\nno logging console\n" % (r.choice((4096, 16384, 64000, 128000)), r.choice(LEVELS[:3])))
    # enable
    e = r.random() * (1.4 - sec)
    if e > 0.9:
        a("enable password %s\n" % fake)
    elif e > 0.7:
        a("enable secret 5 %s\n" % hash5(i))
    elif e > 0.04:
        a("enable secret %s\n" % ("9 " + hash9(i) if chance(r, 0.6) else "8 " + hash8(i)))
    a("!\n")
    # local users (with AAA, the local account is the fallback and need
    # not be privileged)
    aaa = not weak(0.35)
    names = ["netadmin", "ot-eng%02d" % (i % 13), "ops%02d" % (i % 7)]
    if weak(0.25):
        names.append(r.choice(("admin", "operator", "maint", "cisco", "service")))
    for n in range(r.randrange(1, len(names) + 1)):
        name = names[n]
        if (n == 0 and not aaa) or weak(0.2):
            priv = "privilege 15 "
        elif chance(r, 0.5):
            priv = "privilege %d " % r.choice((1, 5))
        else:
            priv = ""
        s = r.random() * (1.4 - sec)
        if name == "cisco" and chance(r, 0.5):
            a("username cisco %spassword 0 cisco\n" % priv)
        elif s > 1.0:
            a("username %s %spassword 0 %s-%s\n" % (name, priv, fake, name))
        elif s > 0.8:
            a("username %s %spassword 7 %s\n" % (name, priv, type7(fake, r.randrange(16))))
        elif s > 0.65:
            a("username %s %ssecret 5 %s\n" % (name, priv, hash5(i + n)))
        else:
            kind = "9 " + hash9(i + n) if chance(r, 0.7) else "8 " + hash8(i + n)
            a("username %s %ssecret %s\n" % (name, priv, kind))
    # AAA
    grp = "OT-TACACS" if chance(r, 0.6) else "OT-RADIUS"
    if aaa:
        proto = "tacacs+" if grp == "OT-TACACS" else "radius"
        a("aaa new-model\n!\n!\naaa group server %s %s\n server name %s1\n server name %s2\n!\n"
          % (proto, grp, grp[3:], grp[3:]))
        a("aaa authentication login default group %s local\n" % grp)
        a("aaa authentication login CONSOLE local\n")
        a("aaa authentication enable default group %s enable\n" % grp)
        a("aaa authorization exec default group %s local if-authenticated\n" % grp)
        if not weak(0.3):
            a("aaa accounting exec default start-stop group %s\n" % grp)
            a("aaa accounting commands 15 default start-stop group %s\n" % grp)
        a("!\n!\n!\naaa session-id common\n")
    a("clock timezone CET 1 0\nclock summer-time CEST recurring last Sun Mar 2:00 last Sun Oct 2:00\n")
    if model.startswith("IE"):
        a("!\nptp mode e2etransparent\n!\n")
    a("!\n!\n!\n")
    vlans = sorted(r.sample(range(10, 400), r.randrange(6, 18)))
    a("ip dhcp snooping vlan %d-%d\nno ip dhcp snooping information option\nip dhcp snooping\n"
      % (vlans[0], vlans[-1]))
    if not weak(0.3):
        a("no ip bootp server\nno service dhcp\n")
    if weak(0.1):
        a("ip source-route\n")
    else:
        a("no ip source-route\n")
    a("no ip domain-lookup\nip domain-name s%03d.plant.example\n" % site)
    if not weak(0.4):
        a("login block-for %d attempts %d within 60\n" % (r.choice((60, 120, 300)), r.choice((3, 5))))
    a("login on-failure log\nlogin on-success log\n")
    if not weak(0.4):
        a("security passwords min-length %d\n" % r.choice((6, 8, 10, 12, 15)))
    a("!\n!\n!\n")
    if weak(0.05):
        a("tftp-server flash:%s.bin\n" % model.lower())
    a("!\nspanning-tree mode rapid-pvst\n")
    if not weak(0.4):
        a("spanning-tree portfast bpduguard default\n")
    a("spanning-tree extend system-id\n!\n")
    if model.startswith("IE"):
        a("alarm profile ALARM-%s\n alarm not-operating\n syslog not-operating\n notifies not-operating\n!\n" % cell)
    a("vlan internal allocation policy ascending\n!\n")
    for v in vlans:
        a("vlan %d\n name %s-%s-%d\n!\n" % (v, cell, r.choice(ROLES), v))
    a("vlan 999\n name PARKING\n!\n")
    if not weak(0.35):
        a("ip ssh version 2\n")
    a("ip ssh time-out 60\nip ssh authentication-retries 3\n!\n")
    if not weak(0.5):
        a("no cdp run\n")
    if chance(r, 0.4):
        a("lldp run\n")
    a("!\n")
    # a careful device secures every port, a sloppy one some of them
    hard = 0.995 if not weak(0.4) else 0.6
    vlan1 = set(r.sample(range(len(access)), 2)) if weak(0.2) else set()
    for k, name in enumerate(access):
        interface_access(o, r, name, None if k in vlan1 else r.choice(vlans), cell, hard, k + 1)
    for k, name in enumerate(uplinks):
        interface_uplink(o, r, name, vlans, k + 1)
    a("interface Vlan1\n no ip address\n shutdown\n!\n")
    mgmt = vlans[0]
    for v in vlans[:r.randrange(1, 4)]:
        a("interface Vlan%d\n description SVI %s\n ip address 10.%d.%d.%d 255.255.255.0\n"
          " no ip redirects\n no ip unreachables\n no ip proxy-arp\n!\n"
          % (v, cell, site, v % 250, 2 + i % 200))
    a("ip default-gateway 10.%d.%d.1\n" % (site, mgmt % 250))
    if weak(0.3):
        a("ip http server\n")
    else:
        a("no ip http server\n")
    if chance(r, 0.6):
        a("ip http secure-server\n")
        if not weak(0.4):
            a("ip http access-class 5\n")
    else:
        a("no ip http secure-server\n")
    a("!\nip access-list standard MGMT-HOSTS\n permit 10.%d.5.0 0.0.0.255\n deny   any log\n!\n" % site)
    # size the extended ACLs so the file comes out near the target
    tail_est = 2600
    room = max(0, target - sum(len(s) for s in o) - tail_est)
    nacl = 1 + r.randrange(3)
    for k in range(nacl):
        acl(o, r, "ACL-%s-%d-IN" % (cell, k + 1), site, max(4, room // 62 // nacl))
        a("!\n")
    # logging
    a("logging trap %s\nlogging origin-id hostname\nlogging source-interface Vlan%d\n"
      % (r.choice(LEVELS) if not weak(0.15) else "warnings", mgmt))
    for k in range(r.choice((0, 1, 2, 2, 2)) if not weak(0.2) else 0):
        a("logging host 10.%d.5.%d\n" % (site, 10 + k))
    a("access-list 5 permit 10.%d.5.0 0.0.0.255\naccess-list 5 deny   any log\n"
      "access-list 99 permit 10.%d.5.20\naccess-list 99 permit 10.%d.5.21\n!\n" % (site, site, site))
    # SNMP
    if weak(0.3):
        a("snmp-server community %s RO\n" % r.choice(("public", "private")))
    if chance(r, 0.6):
        a("snmp-server community %s-ro RO%s\n" % (fake, "" if weak(0.3) else " 99"))
    if weak(0.15):
        a("snmp-server community %s RW%s\n" % (r.choice(("private", fake + "-rw")), "" if weak(0.5) else " 99"))
    a("snmp-server location Site %03d %s hall\nsnmp-server contact ot-netops@plant.example\n" % (site, cell))
    if chance(r, 0.6):
        lvl = "priv" if not weak(0.3) else r.choice(("noauth", "auth"))
        a("snmp-server group OT-NMS v3 %s read OT-VIEW\nsnmp-server view OT-VIEW iso included\n" % lvl)
        if lvl == "noauth":
            a("snmp-server user nms%02d OT-NMS v3\n" % (i % 10))
        elif lvl == "auth":
            a("snmp-server user nms%02d OT-NMS v3 auth %s %s-auth\n" % (i % 10, r.choice(("md5", "sha")), fake))
        else:
            a("snmp-server user nms%02d OT-NMS v3 auth sha %s-auth priv %s %s-priv\n"
              % (i % 10, fake, "aes 128" if not weak(0.2) else "des", fake))
        a("snmp-server host 10.%d.5.20 version 3 %s nms%02d\n" % (site, lvl, i % 10))
    a("snmp-server enable traps snmp linkdown linkup coldstart warmstart\nsnmp-server enable traps port-security\n"
      "snmp-server enable traps alarms informational\n")
    if aaa:
        tac = grp == "OT-TACACS"
        for k in (1, 2):
            a("%s server %s%d\n address ipv4 10.%d.5.%d\n" % ("tacacs" if tac else "radius", grp[3:], k, site, 30 + k))
            if not tac:
                a(" auth-port 1812 acct-port 1813\n")
            kk = r.random() * (1.4 - sec)
            if kk > 1.0:
                a(" key 0 %s-key%d\n" % (fake, k))
            elif kk > 0.6:
                a(" key 7 %s\n" % type7(fake, r.randrange(16)))
            else:
                a(" key 6 BENCHFAKEAES%05dFAKEFAKE\n" % i)
            a(" timeout 5\n" if tac else "")
        a("!\n")
    if not weak(0.25):
        a("banner login ^C\nAuthorised access only. Activity on this %s cell switch is logged.\n"
          "Disconnect now if you are not an authorised user of plant %03d.\n^C\n" % (cell.lower(), site))
    if chance(r, 0.3):
        a("banner motd ^C\nMaintenance window Sundays 02:00-04:00 CET.\n^C\n")
    a("!\n")
    # lines
    if not weak(0.3):
        to = "exec-timeout %d 0\n" % r.choice((5, 10))
    else:
        to = r.choice(("exec-timeout 0 0\n", "exec-timeout 30 0\n", ""))
    a("line con 0\n")
    if to:
        a(" " + to)
    a(" logging synchronous\n")
    a(" login authentication CONSOLE\n" if aaa else " password 7 %s\n login\n" % type7(fake + "-con", 3))
    a(" stopbits 1\n")
    telnet = weak(0.3)
    acl_vty = not weak(0.35)
    for lo, hi in ((0, 4), (5, 15)):
        a("line vty %d %d\n" % (lo, hi))
        if acl_vty:
            a(" access-class MGMT-HOSTS in\n")
        if to:
            a(" " + to)
        if not aaa:
            a(" login local\n")
        a(" transport input %s\n" % (r.choice(("telnet ssh", "all", "telnet")) if telnet else "ssh"))
        a(" transport output none\n" if chance(r, 0.5) else "")
    a("!\n")
    # NTP
    nntp = r.choice((0, 1, 2, 2, 3)) if not weak(0.2) else 0
    auth = nntp and not weak(0.4)
    if auth:
        a("ntp authentication-key 1 md5 %s 7\nntp authenticate\nntp trusted-key 1\n" % type7(fake + "-ntp", 5))
    for k in range(nntp):
        a("ntp server 10.%d.5.%d%s%s\n" % (site, 1 + k, " key 1" if auth else "", " prefer" if k == 0 else ""))
    a("!\n!\nend\n")
    return "".join(o)


def big_device(nstmt, seed):
    """One config of about nstmt statements (see the module's doc)."""
    r = random.Random(seed * 7919 + nstmt)
    site = 7
    fake = "bench-fake-big"
    head = [
        "version 15.2\n", "service timestamps debug datetime msec\n", "service timestamps log uptime\n",
        "hostname S007-BIG-SW01\n", "!\n", "logging buffered 4096 informational\n",
        "enable secret 5 %s\n" % hash5(1), "!\n", "aaa new-model\n",
        "aaa authentication login default group OT-TACACS local\n",
        "aaa authorization exec default group OT-TACACS local if-authenticated\n", "!\n",
        "no ip domain-lookup\n", "ip domain-name s007.plant.example\n", "!\n",
        "spanning-tree mode rapid-pvst\n", "spanning-tree extend system-id\n", "!\n",
        "vlan 20\n", " name PRESS-PLC-20\n", "!\n", "vlan 999\n", " name PARKING\n", "!\n",
        "ip ssh version 2\n", "!\n", "ip http server\n", "no ip http secure-server\n", "!\n",
        "ip access-list standard MGMT-HOSTS\n", " permit 10.7.5.0 0.0.0.255\n", " deny   any log\n", "!\n",
        "logging host 10.7.5.10\n", "snmp-server community public RO\n",
        "snmp-server community %s-rw RW\n" % fake, "snmp-server location Site 007 hall\n", "!\n",
        "tacacs server TACACS1\n", " address ipv4 10.7.5.31\n", " key 7 %s\n" % type7(fake, 3), "!\n",
        "banner login ^C\nAuthorised access only.\n^C\n", "!\n",
        "line con 0\n", " exec-timeout 5 0\n", " logging synchronous\n",
        "ntp server 10.7.5.1\n",
    ]
    base = sum(1 for x in "".join(head).splitlines() if x != "!")
    units = max(1, (nstmt - base) // 18)
    users, ports, acls, vtys = [], [], [], []
    nacl = 0
    for u in range(units):
        name = "op%05d" % u
        k = r.random()
        priv = "privilege 15 " if k < 0.1 else ""
        if k < 0.2:
            users.append("username %s %spassword 0 %s-%05d\n" % (name, priv, fake, u))
        elif k < 0.4:
            users.append("username %s %spassword 7 %s\n" % (name, priv, type7(fake, u % 16)))
        elif k < 0.55:
            users.append("username %s %ssecret 5 %s\n" % (name, priv, hash5(u)))
        else:
            users.append("username %s %ssecret %s\n" % (name, priv, ("9 " + hash9(u)) if k < 0.85 else
                                                           ("8 " + hash8(u))))
        ports.append("interface GigabitEthernet%d/0/%d\n description PRESS-PLC%05d press cell link\n"
                     " switchport access vlan %d\n switchport mode access\n"
                     "%s spanning-tree portfast\n!\n"
                     % (1 + u // 48, 1 + u % 48, u, 20 if r.random() < 0.9 else 1,
                        " switchport port-security\n" if r.random() < 0.7 else " no cdp enable\n"))
        for _ in range(6):
            if nacl % 120 == 0:
                acls.append("ip access-list extended ACL-PRESS-%d-IN\n" % (nacl // 120 + 1))
            proto, port = r.choice(PORTS)
            acls.append(" permit %s 10.%d.%d.0 0.0.0.255 host 10.%d.%d.%d eq %s\n"
                        % (proto, site, r.randrange(10, 60), site, r.randrange(10, 60), r.randrange(2, 250), port))
            nacl += 1
        vtys.append("line vty %d %d\n%s exec-timeout %s\n login local\n transport input %s\n"
                    % (u, u, " access-class MGMT-HOSTS in\n" if r.random() < 0.8 else " length 0\n",
                       "5 0" if r.random() < 0.8 else "0 0", "ssh" if r.random() < 0.8 else "telnet ssh"))
    # the order show running-config prints: accounts, interfaces, ACLs, lines
    i = head.index("!\n", head.index("enable secret 5 %s\n" % hash5(1)))
    text = "".join(head[:i] + users + head[i:head.index("ip http server\n")] + ports
                   + head[head.index("ip http server\n"):head.index("line con 0\n")] + acls + ["!\n"]
                   + head[head.index("line con 0\n"):-1] + vtys + ["!\n", head[-1], "!\nend\n"])
    stmts = sum(1 for x in text.splitlines() if x != "!")
    return text, "statements=%d bytes=%d accounts=%d interfaces=%d acl_entries=%d vty_lines=%d" % (
        stmts, len(text), units, units, nacl, units)


def main(argv):
    seed, size, stmts = 62443, 20, None
    args = list(argv[1:])
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt == "--seed" and args:
            seed = int(args.pop(0))
        elif opt == "--size" and args:
            size = int(args.pop(0))
        elif opt == "--statements" and args:
            stmts = int(args.pop(0))
        else:
            args = []
            break
    if stmts is not None:
        if len(args) != 1 or stmts < 100:
            sys.stderr.write("usage: gen-cisco.py [--seed S] --statements N FILE (N >= 100)\n")
            return 2
        text, summary = big_device(stmts, seed)
        with open(args[0], "w", encoding="ascii", newline="\n") as f:
            f.write(text)
        print(summary)
        return 0
    if len(args) != 2:
        sys.stderr.write("usage: gen-cisco.py [--seed S] [--size KB] N OUTDIR\n"
                         "       gen-cisco.py [--seed S] --statements N FILE\n")
        return 2
    n, out = int(args[0]), args[1]
    os.makedirs(out, exist_ok=True)
    total = 0
    for i in range(n):
        # targets vary around the size: real switches differ
        text = device(i, seed, int(size * 1024 * (0.7 + 0.6 * ((i * 7919) % 101) / 100)))
        with open(os.path.join(out, "sw%05d.cfg" % i), "w", encoding="ascii", newline="\n") as f:
            f.write(text)
        total += len(text)
    print("files=%d bytes=%d" % (n, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
