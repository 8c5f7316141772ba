#!/usr/bin/env python3
"""gen-fortios.py [--seed S] [--vdoms V] N [FILE] - write a FortiOS 7.4 configuration backup with N
firewall policies (to FILE, or stdout), for the benchmark and the linearity check of issue 24.

COMPOSED data, not from any device.  The layout follows a FortiOS 7.4 `show` / backup as the
FortiOS CLI Reference and the real captures of the shared corpus (fortinet/) print it: the
#config-version header, config system global, interfaces with roles and allowaccess, zones,
admins with trusthosts, SNMP, NTP, syslog, then per VDOM (with --vdoms V > 1: config vdom /
config global) address objects, address groups, custom services and service groups, the
policies, VIPs and IPsec phase1/phase2 tunnels.  Objects grow with N (one address per policy,
one group per 10 policies, one service per 20, one VIP per 50, one tunnel per 100), so the
whole file grows linearly.  Addresses are invented (10.0.0.0/8, 192.0.2.0/24); every secret is
an obviously fake ENC string spelled from BENCHFAKE.

Deterministic: the output depends only on (seed, vdoms, N).  Prints "policies=N bytes=B" on stderr.
"""
import random
import sys

ICS_PORTS = [502, 102, 44818, 2222, 20000, 2404, 4840, 47808, 443, 22, 80, 161, 123, 3389]


def fake(rng, n=40):
    alphabet = "BENCHFAKEbenchfake0123456789"
    return "".join(rng.choice(alphabet) for _ in range(n))


def header(out, vdoms):
    out.append("#config-version=FGT60E-7.4.8-FW-build2795-250523:opmode=0:vdom=%d:user=admin"
               % (1 if vdoms > 1 else 0))
    out.append("#conf_file_ver=284901774419200")
    out.append("#buildno=2795")
    out.append("#global_vdom=1")


def global_part(out, rng, vdoms, nifs):
    out.append("config system global")
    out.append("    set admin-lockout-threshold %d" % rng.choice([3, 5]))
    out.append("    set admintimeout %d" % rng.choice([5, 10, 480]))
    out.append('    set alias "FortiGate-60E"')
    out.append('    set hostname "FGT-BENCH"')
    out.append("    set pre-login-banner enable")
    out.append('    set timezone "Europe/Berlin"')
    out.append("end")
    out.append("config system password-policy")
    out.append("    set status enable")
    out.append("    set minimum-length 12")
    out.append("end")
    out.append("config system interface")
    roles = ["wan", "lan", "dmz", "lan"]
    for i in range(nifs):
        out.append('    edit "port%d"' % (i + 1))
        out.append('        set vdom "%s"' % ("root" if vdoms == 1 else "vd%d" % (i % vdoms)))
        out.append("        set ip 10.%d.%d.1 255.255.255.0" % (i // 200, i % 200))
        out.append("        set allowaccess %s" % rng.choice(["ping", "ping https ssh", "ping https ssh http"]))
        out.append('        set alias "seg-%d"' % i)
        out.append("        set type physical")
        out.append("        set role %s" % roles[i % 4])
        out.append("        set snmp-index %d" % (i + 1))
        out.append("    next")
    out.append("end")
    out.append("config system admin")
    for i in range(4):
        out.append('    edit "admin%d"' % i)
        if i % 2 == 0:
            out.append("        set trusthost1 192.0.2.0 255.255.255.0")
        out.append('        set accprofile "%s"' % ("super_admin" if i == 0 else "prof_admin"))
        out.append('        set vdom "root"')
        out.append("        set password ENC PB2%s" % fake(rng, 60))
        out.append("    next")
    out.append("end")
    out.append("config system snmp community")
    out.append("    edit 1")
    out.append('        set name "bench-fake-%s"' % fake(rng, 8))
    out.append("    next")
    out.append("end")
    out.append("config system ntp")
    out.append("    set ntpsync enable")
    out.append("    set type custom")
    out.append("    config ntpserver")
    for i in range(2):
        out.append("        edit %d" % (i + 1))
        out.append('            set server "192.0.2.%d"' % (10 + i))
        out.append("        next")
    out.append("    end")
    out.append("end")
    out.append("config log syslogd setting")
    out.append("    set status enable")
    out.append('    set server "192.0.2.40"')
    out.append("    set mode reliable")
    out.append("end")


def vdom_part(out, rng, n, vd, base):
    out.append("config firewall address")
    for i in range(n):
        k = base + i
        out.append('    edit "h-%d"' % k)
        out.append('        set uuid 6c1f%04x-0000-51ee-0000-%012x' % (k % 65536, k))
        if i % 7 == 0:
            out.append("        set type iprange")
            out.append("        set start-ip 10.%d.%d.10" % (k // 65536 % 256, k // 256 % 256))
            out.append("        set end-ip 10.%d.%d.20" % (k // 65536 % 256, k // 256 % 256))
        else:
            out.append("        set subnet 10.%d.%d.%d 255.255.255.255" % (k // 65536 % 256, k // 256 % 256, k % 256))
        out.append("    next")
    out.append("end")
    out.append("config firewall addrgrp")
    for g in range(max(1, n // 10)):
        out.append('    edit "g-%d"' % (base + g))
        members = " ".join('"h-%d"' % (base + g * 10 + j) for j in range(min(10, n - g * 10)) if g * 10 + j < n)
        out.append("        set member %s" % (members or '"h-%d"' % base))
        out.append("    next")
    out.append("end")
    out.append("config firewall service custom")
    nsvc = max(1, n // 20)
    for s in range(nsvc):
        port = ICS_PORTS[s % len(ICS_PORTS)] + (s // len(ICS_PORTS)) * 1000
        out.append('    edit "svc-%d"' % (base + s))
        out.append("        set tcp-portrange %d" % min(port, 65535))
        out.append("    next")
    out.append("end")
    out.append("config firewall service group")
    out.append('    edit "svcgrp-%d"' % base)
    out.append("        set member %s" % " ".join('"svc-%d"' % (base + s) for s in range(min(nsvc, 10))))
    out.append("    next")
    out.append("end")
    out.append("config firewall policy")
    for i in range(n):
        k = base + i
        out.append("    edit %d" % (k + 1))
        out.append('        set name "p-%d"' % k)
        out.append('        set uuid 7d2e%04x-0000-51ee-0000-%012x' % (k % 65536, k))
        out.append('        set srcintf "port%d"' % (1 + i % 4))
        out.append('        set dstintf "port%d"' % (1 + (i + 1) % 4))
        out.append("        set action %s" % ("deny" if i % 11 == 0 else "accept"))
        out.append('        set srcaddr "%s"' % ("all" if i % 13 == 0 else "h-%d" % k))
        out.append('        set dstaddr "%s"' % ("g-%d" % (base + (i // 10)) if i % 3 == 0 else "h-%d" % (base + (i * 7) % n)))
        out.append('        set schedule "always"')
        svc = rng.choice(['"svc-%d"' % (base + i % nsvc), '"HTTPS"', '"ALL"', '"svcgrp-%d"' % base, '"SSH" "PING"'])
        out.append("        set service %s" % svc)
        if i % 3 == 0:  # NGFW policies carry their security profiles (4d-demo_NGFW_Demo.txt)
            out.append("        set utm-status enable")
            out.append('        set ssl-ssh-profile "certificate-inspection"')
            out.append('        set av-profile "default"')
            out.append('        set webfilter-profile "default"')
            out.append('        set ips-sensor "default"')
            out.append('        set application-list "default"')
        if i % 5:
            out.append("        set logtraffic all")
        # comments as the GUI wizards and admins write them (fortigate-handson_FG_A.txt)
        out.append('        set comments "bench rule %d: segment %d to segment %d, ticket CHG-%06d"'
                   % (k, i % 4, (i + 1) % 4, k))
        if i % 17 == 0:
            out.append("        set status disable")
        if i % 4 == 0:
            out.append("        set nat enable")
        out.append("    next")
    out.append("end")
    out.append("config firewall vip")
    for v in range(max(1, n // 50)):
        out.append('    edit "vip-%d"' % (base + v))
        out.append("        set extip 192.0.2.%d" % (100 + v % 100))
        out.append('        set mappedip "10.200.%d.%d"' % (v // 256 % 256, v % 256))
        out.append('        set extintf "port1"')
        out.append("        set portforward enable")
        out.append("        set extport %d" % ICS_PORTS[v % len(ICS_PORTS)])
        out.append("        set mappedport %d" % ICS_PORTS[v % len(ICS_PORTS)])
        out.append("    next")
    out.append("end")
    ntun = max(1, n // 100)
    out.append("config vpn ipsec phase1-interface")
    for t in range(ntun):
        out.append('    edit "tun-%d"' % (base + t))
        out.append('        set interface "port1"')
        out.append("        set ike-version %d" % (2 if t % 2 else 1))
        out.append("        set proposal %s" % rng.choice(["aes256-sha256", "aes128-sha1 3des-md5", "aes256gcm-prfsha384"]))
        out.append("        set dhgrp %s" % rng.choice(["14", "2 5", "20 21"]))
        out.append("        set remote-gw 198.51.100.%d" % (t % 250 + 1))
        out.append("        set psksecret ENC %s" % fake(rng))
        out.append("    next")
    out.append("end")
    out.append("config vpn ipsec phase2-interface")
    for t in range(ntun):
        out.append('    edit "tun-%d-p2"' % (base + t))
        out.append('        set phase1name "tun-%d"' % (base + t))
        out.append("        set proposal aes256-sha256")
        out.append("    next")
    out.append("end")


def main():
    args = sys.argv[1:]
    seed, vdoms = 1, 1
    while args and args[0].startswith("--"):
        if args[0] == "--seed":
            seed = int(args[1])
        elif args[0] == "--vdoms":
            vdoms = max(1, int(args[1]))
        else:
            sys.exit(__doc__)
        args = args[2:]
    if not args:
        sys.exit(__doc__)
    n = int(args[0])
    rng = random.Random("%d/%d/%d" % (seed, vdoms, n))
    out = []
    header(out, vdoms)
    if vdoms > 1:
        out.append("config vdom")
        for v in range(vdoms):
            out.append("edit vd%d" % v)
            out.append("next")
        out.append("end")
        out.append("config global")
    global_part(out, rng, vdoms, 8)
    if vdoms > 1:
        out.append("end")
    per = n // vdoms
    for v in range(vdoms):
        if vdoms > 1:
            out.append("config vdom")
            out.append("edit vd%d" % v)
        vdom_part(out, rng, per + (n % vdoms if v == 0 else 0), "vd%d" % v, v * (per + n))
        if vdoms > 1:
            out.append("end")
    text = "\n".join(out) + "\n"
    data = text.encode()
    if len(args) > 1:
        with open(args[1], "wb") as fh:
            fh.write(data)
    else:
        sys.stdout.buffer.write(data)
    sys.stderr.write("policies=%d bytes=%d\n" % (n, len(data)))


if __name__ == "__main__":
    main()
