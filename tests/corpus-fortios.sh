#!/bin/sh
# corpus-fortios.sh - every FortiOS file of the shared corpus
# (../shared/corpus/fortinet, read in place) must be claimed by the fortios
# plugin, make `otlint show` exit 0 with no error diagnostic, carry
# facts/system/@parse-coverage, be a full export or a partial one with a note
# saying why, validate against baselines/schema/facts.rng, and carry the facts
# pinned below (a few per file, read off the file by hand).  Prints coverage.
# No corpus: skipped (77).
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
xmllint=${XMLLINT:-xmllint}
corpus=$top/../shared/corpus/fortinet

[ -d "$corpus" ] || { echo "corpus-fortios.sh: $corpus absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-fortios.sh: $otlint not built" >&2; exit 99; }
for tool in "$python3" "$xmllint"; do
    if [ "$tool" = no ] || ! command -v "$tool" >/dev/null 2>&1; then
        echo "corpus-fortios.sh: $tool not available; skipped" >&2
        exit 77
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-corpus-fortios.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# FILE|EXPORT-KIND|XPATH (under facts/, must select something)
cat >"$tmp/pins" <<'PINS'
4d-demo_7.0_single_hub_Branch1.txt|partial|vpn-crypto[@phase='ike'][@name='HUB1-VPN1'][@ike-version='2'][@peer='10.198.5.2'][@authentication='psk']
4d-demo_7.0_single_hub_Branch1.txt|partial|pre-shared-key[@context='ike'][@peer='10.198.5.2'][@secret-kind='cleartext'][@known-default='true']
4d-demo_7.0_single_hub_Branch1.txt|partial|fw-address[@name='Branch-NET'][@kind='subnet'][@value='10.1.0.0/16']
4d-demo_7.4_dual_hub_Branch1_base.txt|partial|vpn-crypto[@phase='ike'][@name='HUB2-VPN2'][@peer='10.198.8.2']
4d-demo_7.4_dual_hub_Branch1_base.txt|partial|fw-address[@name='RFC1918-172'][@value='172.16.0.0/12']
4d-demo_7.4_dual_hub_Branch1_base.txt|partial|fw-zone[@name='HUB2'][@interfaces='HUB2-VPN1 HUB2-VPN2']
4d-demo_7.6_HUB1.conf|partial|interface[@name='port1'][@role='wan'][@address='10.198.5.2/29']
4d-demo_7.6_HUB1.conf|partial|fw-zone[@name='port1'][@trust='untrusted'][@trust-source='role']
4d-demo_7.6_HUB1.conf|partial|mgmt-access[@interface='port1'][@protocols='ping fgfm'][@source='any']
4d-demo_NGFW_Demo.txt|partial|system[@hostname='FW_FLR1']
4d-demo_NGFW_Demo.txt|partial|lockout[@attempts='10'][@duration='1800']
4d-demo_NGFW_Demo.txt|partial|service[@name='https'][@port='9443']
fortigate-handson_FG_A.txt|full|system[@hostname='FG_A'][@model='FGVMK6'][@version='6.0.2']
fortigate-handson_FG_A.txt|full|service[@name='https'][@enabled='true'][@port='444']
fortigate-handson_FG_A.txt|full|mgmt-access[@interface='LAN'][@protocols='ping https ssh http fgfm']
fortigate-handson_FG_A.txt|full|vpn-crypto[@name='CLIENTVPN'][@phase='ike'][@mode='aggressive']
fortigate-handson_FG_A.txt|full|fw-rule[@id='1'][@name='LAN-to-WAN'][@seq='1'][@action='permit']/from[@name='LAN']
fortigate-handson_FG_A.txt|full|fw-nat[@kind='vip'][@name='SERVER1_VIP-W1'][@original-destination='192.168.100.11'][@translated-destination='10.1.10.10'][@from='port1']
fortigate-handson_FG_A.txt|full|fw-address[@name='SERVER1_VIP-W1'][@kind='host'][@value='192.168.100.11']
fortigate-handson_FG_A.txt|full|fw-zone[@name='virtual-wan-link'][@trust='untrusted'][@interfaces='port3 port1']
labval_fortios_first_basic_d2_fw_show.txt|full|system[@hostname='d2_fw'][@version='6.4.4']
labval_fortios_first_basic_d2_fw_show.txt|full|session[@channel='ssh'][@idle-timeout='1380']
labval_fortios_first_basic_d2_fw_show.txt|full|mgmt-access[@interface='port3'][@zone='outside']
labval_fortios_first_basic_d2_fw_show.txt|full|fw-service[@name='HTTP'][@protocol='tcp'][@ports='80']
oxidized_fortigate_3001F_7.4.8_HA.txt|full|system[@hostname='Firewall-1'][@model='FG3K1F'][@version='7.4.8']
oxidized_fortigate_3001F_7.4.8_HA.txt|full|session[@channel='web'][@idle-timeout='900']
oxidized_fortigate_91G_7.4.7.txt|partial|mgmt-access[@interface='wan1'][@source='192.0.2.0/24']
oxidized_fortigate_91G_7.4.7.txt|partial|account[@name='oxidized'][@trusted-hosts='192.0.2.0/24']
oxidized_fortigate_91G_7.4.7.txt|partial|aaa-server[@protocol='tacacs'][@address='192.0.2.19'][@secret-kind='reversible']
PINS

fail=0
seen=0
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    case $f in */MANIFEST.tsv | *.md) continue ;; esac
    name=${f##*/}
    seen=$((seen + 1))
    bad=0
    "$otlint" show "$f" >"$tmp/out.xml" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: otlint show exited $rc"; cat "$tmp/err"; fail=1; continue
    fi
    if ! grep -q '<device [^>]*format="fortios"' "$tmp/out.xml"; then
        echo "FAIL $name: not claimed by fortios"; fail=1; continue
    fi
    if grep -q ': error:' "$tmp/err"; then
        echo "FAIL $name: error diagnostics"; grep ': error:' "$tmp/err"; bad=1
    fi
    if ! "$xmllint" --noout --relaxng "$top/baselines/schema/facts.rng" "$tmp/out.xml" 2>"$tmp/rng"; then
        echo "FAIL $name: does not validate against facts.rng"; cat "$tmp/rng"; bad=1
    fi
    grep "^$name|" "$tmp/pins" >"$tmp/mine"
    if [ ! -s "$tmp/mine" ]; then
        echo "FAIL $name: no pinned facts (add some to corpus-fortios.sh)"; bad=1
    fi
    if ! "$python3" - "$tmp/out.xml" "$tmp/mine" "$tmp/err" "$name" <<'PY'
import sys
import xml.etree.ElementTree as etree
doc = etree.parse(sys.argv[1])
sysf = doc.find("facts/system")
ok = True
kind = sysf.get("export-kind")
cov = sysf.get("parse-coverage")
errs = open(sys.argv[3], encoding="utf-8").read()
for line in open(sys.argv[2], encoding="utf-8"):
    fn, want, xp = line.rstrip("\n").split("|", 2)
    if kind != want:
        print("FAIL %s: export-kind %s, expected %s" % (fn, kind, want)); ok = False; break
for line in open(sys.argv[2], encoding="utf-8"):
    fn, want, xp = line.rstrip("\n").split("|", 2)
    if not doc.findall("facts/" + xp):
        print("FAIL %s: no fact %s" % (fn, xp)); ok = False
if kind == "partial" and "partial export" not in errs:
    print("FAIL %s: partial without a note saying why" % sys.argv[4]); ok = False
if ok:
    print("ok   %s export=%s coverage=%s statements=%s" % (sys.argv[4], kind, cov, sysf.get("statements")))
sys.exit(0 if ok else 1)
PY
    then bad=1; fi
    [ $bad -eq 0 ] || fail=1
done
[ $seen -gt 0 ] || { echo "corpus-fortios.sh: no files in $corpus"; exit 77; }
exit $fail
