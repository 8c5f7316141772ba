#!/bin/sh
# corpus-hirschmann-hios.sh - both Hirschmann HiOS files of the shared corpus
# (../shared/corpus/hirschmann, read in place; the XML configuration of a BRS50
# and the `show running-config script` of a GRS1042): claimed by the
# hirschmann-hios plugin, `otlint show` exits 0 with no error diagnostic,
# status ok, parse-coverage printed, facts validate against
# baselines/schema/facts.rng, a few facts pinned per file (below), no SNMP
# community or password hash in any output, and on the XML an explicitly
# disabled setting (telnet server) gives no finding while an enabled one
# (HTTP server) does, on the line of its <Attribute>.  Exit 77 without the corpus.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
xmllint=${XMLLINT:-xmllint}
corpus=$top/../shared/corpus/hirschmann

[ -d "$corpus" ] || { echo "corpus-hirschmann-hios.sh: $corpus absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-hirschmann-hios.sh: $otlint not built" >&2; exit 99; }
for tool in "$python3" "$xmllint"; do
    if [ "$tool" = no ] || ! command -v "$tool" >/dev/null 2>&1; then
        echo "corpus-hirschmann-hios.sh: $tool not available; skipped" >&2
        exit 77
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-corpus-hios.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
xml=napalm-hios_BRS50_HiOS-2A-10.3.04_config-80.xml
cli=napalm-hios_GRS1042_HiOS-3A-09.4.04_running-config-script.txt

# file <TAB> XPath over the device document that must be true (python ElementTree subset)
cat >"$tmp/pins" <<'PINS'
XML	facts/system[@hostname='BRS-A0B086F4EA1F'][@os='hios'][@model='brs50_0012'][@version='10.3.04'][@export-kind='full']
XML	facts/service[@name='telnet'][@enabled='false'][@line='1620']
XML	facts/service[@name='http'][@enabled='true'][@line='1609']
XML	facts/service[@name='hidiscovery'][@enabled='true'][@writable='true']
XML	facts/service[@name='modbus-server'][@enabled='false'][@writable='true']
XML	facts/service[@name='snmp-v1'][@enabled='false']
XML	facts/snmp-community[@active='false'][@known-default='true']
XML	facts/snmp-user[@name='admin'][@auth='md5'][@priv='des'][@security='priv']
XML	facts/account[@name='admin'][@privilege='15'][@secret-kind='reversible']
XML	facts/removable-media[@kind='usb'][@config-load='true'][@firmware-load='true'][@config-save='true']
XML	facts/firmware-policy[@signature-check='true']
XML	facts/mgmt-plane[@vlan='60'][@restricted='false']
XML	facts/l2-security[@dhcp-snooping='false'][@arp-inspection='false'][@bpdu-guard-default='false']
XML	facts/interface[@name='1/1'][@enabled='true'][@mode='access'][@vlan='1'][@storm-control='false'][@bpdu-guard='false']
XML	facts/password-policy[@min-length='6'][@classes='4']
CLI	facts/system[@os='hios'][@export-kind]
CLI	facts/service[@name='hidiscovery'][@enabled='true'][@writable='false']
PINS
sed -i "s/^XML\t/$xml\t/; s/^CLI\t/$cli\t/" "$tmp/pins"

for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    "$otlint" show "$f" >"$tmp/doc.xml" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 0 ] || { echo "FAIL $b: otlint show exited $rc"; cat "$tmp/err"; fail=1; continue; }
    grep -q ': error:' "$tmp/err" && { echo "FAIL $b: error diagnostic"; cat "$tmp/err"; fail=1; }
    grep -q 'format="hirschmann-hios"' "$tmp/doc.xml" || { echo "FAIL $b: not claimed by hirschmann-hios"; fail=1; }
    "$otlint" scan "$f" >"$tmp/scan.txt" 2>&1
    "$otlint" scan -o json="$tmp/scan.json" "$f" >/dev/null 2>&1
    head -n 1 "$tmp/scan.txt" | grep -q 'format=hirschmann-hios .*status=ok coverage=[0-9.]*%' ||
        { echo "FAIL $b: not status ok with coverage:"; head -n 1 "$tmp/scan.txt"; fail=1; }
    echo "ok $b: $(head -n 1 "$tmp/scan.txt" | sed 's/.* status=/status=/')"
    if ! "$xmllint" --noout --relaxng "$top/baselines/schema/facts.rng" "$tmp/doc.xml" 2>"$tmp/rng"; then
        echo "FAIL $b: facts do not validate"; head -5 "$tmp/rng"; fail=1
    fi
    grep "^$b	" "$tmp/pins" | cut -f2 | while IFS= read -r xp; do
        "$python3" - "$tmp/doc.xml" "$xp" <<'PY' || { echo "FAIL $b: pin $xp"; echo x >>"$tmp/pinfail"; }
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
sys.exit(0 if r.findall(sys.argv[2]) else 1)
PY
    done
    # secrets: the SNMP community strings and the scrambled password never appear
    "$otlint" show --raw "$f" >"$tmp/raw.xml" 2>&1
    for s in NjIjMzcmMTEpPT0sOz8vJyUyJSE M0YjNDUmRTopPzksT08vUigyUSc1VSM4XS47WC4 \
             '"private"' '= private' '= public' 'trap_user' 'public_user' 'private_user' '4B 45 59'; do
        for o in "$tmp/raw.xml" "$tmp/scan.txt" "$tmp/scan.json"; do
            grep -qF -- "$s" "$o" && { echo "FAIL $b: secret $s in $(basename "$o")"; fail=1; }
        done
    done
done
[ -f "$tmp/pinfail" ] && fail=1

# disabled settings give no finding, enabled ones do, on their <Attribute>'s line
"$otlint" scan "$corpus/$xml" >"$tmp/scan.txt" 2>&1
grep -q "$xml:1609: HIGH NET-SVC-HTTP" "$tmp/scan.txt" || { echo "FAIL $xml: no NET-SVC-HTTP at line 1609"; fail=1; }
grep -q "NET-SVC-TELNET" "$tmp/scan.txt" && { echo "FAIL $xml: NET-SVC-TELNET on a disabled telnet server"; fail=1; }
grep -q "line vty accepts" "$tmp/scan.txt" && { echo "FAIL $xml: a management finding on the disabled telnet server"; fail=1; }
[ $fail -eq 0 ] && echo "ok corpus-hirschmann-hios"
exit $fail
