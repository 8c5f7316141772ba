#!/bin/sh
# corpus-cisco-asa.sh - every Cisco ASA export of the shared corpus
# (../shared/corpus/cisco_asa, read in place) must be claimed by the
# cisco-asa plugin (scan: format=cisco-asa, status ok; cisco-ios's sniff
# gives them 0), make `otlint show` exit 0 without an error diagnostic,
# validate against baselines/schema/facts.rng, and carry the facts pinned
# below for each file.  Prints coverage.  Exit 77 without the corpus.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
xmllint=${XMLLINT:-xmllint}
corpus=$top/../shared/corpus/cisco_asa

[ -d "$corpus" ] || { echo "corpus-cisco-asa.sh: $corpus absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-cisco-asa.sh: $otlint not built" >&2; exit 99; }
for tool in "$python3" "$xmllint"; do
    if [ "$tool" = no ] || ! command -v "$tool" >/dev/null 2>&1; then
        echo "corpus-cisco-asa.sh: $tool not available; skipped" >&2
        exit 77
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-corpus-asa.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# pins: FILE<TAB>XPath that must select something in the device document
cat >"$tmp/pins" <<'PINS'
batfish_aaaAuthenticationAsa.cfg	facts/system[@hostname='aaaAuthenticationAsa'][@version='9.6(3)8'][@class='firewall'][@export-kind='full']
batfish_aaaAuthenticationAsa.cfg	facts/mgmt-access[@protocols='telnet'][@interface='inside'][@source='any']
batfish_aaaAuthenticationAsa.cfg	facts/aaa-list[@type='login'][@name='ssh'][@methods='group authServer local']
batfish_aaaAuthenticationAsa.cfg	facts/service[@name='https'][@enabled='false']
batfish_asaNode.cfg	facts/system[@hostname='asaNode'][@version='9.9']
batfish_asaNode.cfg	facts/session[@channel='console'][@login='local']
batfish_asaNode.cfg	facts/service[@name='telnet'][@enabled='true']
ciscoconfparse_sample_01.asa	facts/system[@hostname='fw'][@version='9.0(3)'][@os='asa']
ciscoconfparse_sample_01.asa	facts/enable[@secret-kind='md5'][@known-default='true']
ciscoconfparse_sample_01.asa	facts/fw-zone[@name='OUTSIDE'][@security-level='0'][@trust='untrusted']
ciscoconfparse_sample_01.asa	facts/fw-zone[@name='INSIDE'][@security-level='100'][@trust='trusted']
ciscoconfparse_sample_01.asa	facts/fw-rule[@policy='INSIDE_in'][@seq='13'][@action='deny'][@log='true']
ciscoconfparse_sample_01.asa	facts/fw-rule[@policy='INSIDE_in'][@seq='11']/source[@name='TSUNAMI_addrs']
ciscoconfparse_sample_01.asa	facts/fw-binding[@policy='OUTSIDE_in'][@interface='OUTSIDE'][@direction='in']
ciscoconfparse_sample_01.asa	facts/fw-nat[@kind='dynamic'][@name='obj_any'][@from='INSIDE'][@to='OUTSIDE']
ciscoconfparse_sample_01.asa	facts/fw-service[@name='TEST_PORTS'][@protocol='tcp']/member[@ports='53']
ciscoconfparse_sample_01.asa	facts/log-target[@host='192.0.2.13']
ciscoconfparse_sample_01.asa	facts/snmp-community[@known-default='true']
ciscoconfparse_sample_01.asa	facts/mgmt-access[@protocols='ssh'][@source='192.0.2.0/24 10.0.0.0/8']
ciscoconfparse_sample_01.asa	facts/session[@channel='ssh'][@idle-timeout='3600']
ciscoconfparse_sample_01.asa	facts/lockout[@attempts='16']
ciscoconfparse_sample_01.asa	facts/account[@name='mpenning'][@privilege='15'][@secret-kind='md5']
PINS

fail=0
n=0
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    case $f in */MANIFEST.tsv | *.md) continue ;; esac
    name=${f##*/}
    n=$((n + 1))
    bad=0
    "$otlint" scan --fail-on none "$f" >"$tmp/scan" 2>&1
    if ! grep -q "format=cisco-asa .*status=ok" "$tmp/scan"; then
        echo "FAIL $name: not claimed by cisco-asa with status ok"; head -n 3 "$tmp/scan"; bad=1
    fi
    "$otlint" show "$f" >"$tmp/out.xml" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: otlint show exited $rc"; cat "$tmp/err"; fail=1; continue
    fi
    if grep -q ': error:' "$tmp/err"; then
        echo "FAIL $name: error diagnostics"; grep ': error:' "$tmp/err"; bad=1
    fi
    if ! "$xmllint" --noout --relaxng "$top/baselines/schema/facts.rng" "$tmp/out.xml" 2>"$tmp/rng"; then
        echo "FAIL $name: does not validate against facts.rng"; cat "$tmp/rng"; bad=1
    fi
    if ! "$python3" -c '
import sys
import xml.etree.ElementTree as ET
doc = ET.parse(sys.argv[1]).getroot()
bad = 0
for line in open(sys.argv[2], encoding="utf-8"):
    f, xp = line.rstrip("\n").split("\t", 1)
    if f != sys.argv[3]:
        continue
    # ElementTree: a path relative to <device>
    if not doc.findall("./" + xp):
        print("FAIL %s: pinned fact missing: %s" % (f, xp)); bad = 1
s = doc.find("facts/system")
print("coverage=%s statements=%s" % (s.get("parse-coverage"), s.get("statements")))
sys.exit(bad)
' "$tmp/out.xml" "$tmp/pins" "$name" >"$tmp/pin"; then
        cat "$tmp/pin"; bad=1
    fi
    [ $bad -eq 0 ] && echo "ok   $name $(tail -n 1 "$tmp/pin")"
    [ $bad -eq 0 ] || fail=1
done
[ $n -gt 0 ] || { echo "corpus-cisco-asa.sh: no files in $corpus"; exit 99; }
exit $fail
