#!/bin/sh
# corpus-panos.sh - every PAN-OS file of the shared corpus (../shared/corpus/paloalto, read in
# place): claimed by the panos plugin, `otlint show` exits 0 with no error diagnostic, status ok
# (a partial export says why in a note), facts/system/@parse-coverage printed, facts validate
# against baselines/schema/facts.rng, and a few facts pinned per file (below).  The IOS-in-Junos
# file of the corpus must stay cisco-ios.  Exit 77 without the corpus.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
xmllint=${XMLLINT:-xmllint}
corpus=$top/../shared/corpus/paloalto

[ -d "$corpus" ] || { echo "corpus-panos.sh: $corpus absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-panos.sh: $otlint not built" >&2; exit 99; }
for tool in "$python3" "$xmllint"; do
    if [ "$tool" = no ] || ! command -v "$tool" >/dev/null 2>&1; then
        echo "corpus-panos.sh: $tool not available; skipped" >&2
        exit 77
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-corpus-panos.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# file <TAB> XPath over the device document that must be true (python ElementTree subset)
cat >"$tmp/pins" <<'PINS'
iron-skillet_v10.1_panorama_full.xml	facts/system[@os='panorama'][@version='10.1.0'][@export-kind='full']
iron-skillet_v10.1_panorama_full.xml	facts/service[@name='telnet'][@enabled='false']
iron-skillet_v10.1_panorama_full.xml	facts/fw-default[@context='shared'][@action='deny']
iron-skillet_v10.1_panos_full.xml	facts/system[@hostname='panos-01'][@os='pan-os']
iron-skillet_v10.1_panos_full.xml	facts/password-policy
iron-skillet_v10.1_panos_full.xml	facts/service[@name='http'][@enabled='true'][@defaulted='true']
iron-skillet_v11.0_panos_full_set.conf	facts/system[@hostname='panos-01']
iron-skillet_v11.0_panos_full_set.conf	facts/ntp-server[@address='0.pool.ntp.org']
iron-skillet_v11.0_panos_full_set.conf	facts/fw-rule[@rulebase='local']
labval_palo_alto_nat_1_pa.txt	facts/system[@hostname='PA-5020']
labval_palo_alto_nat_1_pa.txt	facts/account[@name='admin'][@known-default='true']
labval_palo_alto_nat_1_pa.txt	facts/fw-zone[@name='z1']
labval_palo_alto_nat_1_pa.txt	facts/service[@name='http'][@enabled='true']
labval_panos_aws_vnd_single_fw_PA-VM_set.txt	facts/fw-nat[@name='Internet2Webserver'][@kind='destination'][@inbound='true']
labval_panos_aws_vnd_single_fw_PA-VM_set.txt	facts/fw-rule[@name='internet2web allow'][@action='permit']
labval_panos_aws_vnd_single_fw_PA-VM_set.txt	facts/mgmt-access[@interface='ethernet1/1'][@protocols='ping']
wwce-cloud-slr_panos9.0_bootstrap.xml	facts/system[@version='9.0.0']
wwce-cloud-slr_panos9.0_bootstrap.xml	facts/account[@name='slr-admin'][@secret-format='$1$']
wwce-cloud-slr_panos9.0_bootstrap.xml	facts/account[@name='admin'][@secret-kind='none']
PINS

fail=0
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    case $f in */MANIFEST.tsv | *.md) continue ;; esac
    name=${f##*/}
    bad=0
    "$otlint" show "$f" >"$tmp/out.xml" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: otlint show exited $rc"; cat "$tmp/err"; fail=1; continue
    fi
    if grep -q ': error:' "$tmp/err"; then
        echo "FAIL $name: error diagnostics"; grep ': error:' "$tmp/err"; bad=1
    fi
    if ! grep -q '<device [^>]*format="panos"' "$tmp/out.xml"; then
        echo "FAIL $name: not claimed by panos"; bad=1
    fi
    grep "^$name	" "$tmp/pins" | cut -f2 >"$tmp/want"
    info=$("$python3" - "$tmp/out.xml" "$tmp/want" "$tmp/err" <<'PY'
import sys
import xml.etree.ElementTree as ET
dev = ET.parse(sys.argv[1]).getroot()
s = dev.find("facts/system")
if s is None:
    print("nosystem"); sys.exit(0)
out = [s.get("parse-coverage", "none"), s.get("statements", "?"), s.get("export-kind")]
err = open(sys.argv[3]).read()
if s.get("export-kind") == "partial" and "partial export" not in err:
    out.append("MISSING-partial-reason")
for x in open(sys.argv[2]).read().splitlines():
    if x and not dev.findall(x):
        out.append("MISSING:" + x)
print(" ".join(out))
PY
) || { echo "FAIL $name: output is not XML"; fail=1; continue; }
    set -- $info
    if [ "$1" = nosystem ] || [ "$1" = none ]; then
        echo "FAIL $name: no facts/system/@parse-coverage"; bad=1
    fi
    case $info in *MISSING*) echo "FAIL $name: $info"; bad=1 ;; esac
    if ! "$xmllint" --noout --relaxng "$top/baselines/schema/facts.rng" "$tmp/out.xml" 2>"$tmp/rng"; then
        echo "FAIL $name: does not validate against facts.rng"; cat "$tmp/rng"; bad=1
    fi
    [ $bad -eq 0 ] && echo "ok   $name coverage=$1 statements=$2 export-kind=$3"
    [ $bad -eq 0 ] || fail=1
done
# the IOS text in the Juniper folder is IOS, not PAN-OS
ios=$top/../shared/corpus/juniper/batfish_example-juniper_as2border1.cfg
if [ -f "$ios" ]; then
    if "$otlint" show "$ios" 2>/dev/null | grep -q '<device [^>]*format="panos"'; then
        echo "FAIL ${ios##*/}: claimed by panos"; fail=1
    fi
fi
exit $fail
