#!/bin/sh
# corpus-junos.sh - every Junos export of the shared corpus (../shared/corpus/
# juniper, read in place) must be claimed by the junos plugin (the one IOS
# file of that folder, named by its MANIFEST note, by cisco-ios), make
# `otlint show` exit 0 (or 3 for a fragment, with a warning saying why) with no
# error diagnostic, carry parse-coverage, validate against facts.rng, and
# hold the facts pinned below.  No file of any other corpus folder may be
# claimed by junos (the sniff decides by Junos' own top-level statements).
# Prints coverage.  Skipped (77) without the corpus.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
xmllint=${XMLLINT:-xmllint}
corpus=$top/../shared/corpus

[ -d "$corpus/juniper" ] || { echo "corpus-junos.sh: $corpus/juniper absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-junos.sh: $otlint not built" >&2; exit 99; }
if [ "$xmllint" = no ] || ! command -v "$xmllint" >/dev/null 2>&1; then
    echo "corpus-junos.sh: xmllint not available; skipped" >&2
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-cjunos.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
ios_trap=batfish_example-juniper_as2border1.cfg

# file<TAB>XPath that must be true of its device document
pins() {
    cat <<'PINS'
batfish_junos-srx-1.cfg	/device/facts/system[@hostname='junos-srx-1'][@class='firewall'][@version='15.1X49-D15.4'][@export-kind='full']
batfish_junos-srx-1.cfg	/device/facts/service[@name='http'][@enabled='true'][@cleartext='true']
batfish_junos-srx-1.cfg	/device/facts/service[@name='ssh'][@root-login='allow'][@defaulted='true']
batfish_junos-srx-1.cfg	/device/facts/pre-shared-key[@secret-kind='reversible'][@peer='10.13.0.3 10.12.0.2']
batfish_junos-srx-1.cfg	/device/facts/account[@name='admin'][@secret-kind='md5'][@ssh-key='rsa']
batfish_junos-srx-1.cfg	/device/facts/fw-default[@action='deny'][not(@defaulted)]
batfish_junos-srx-1.cfg	count(/device/facts/fw-rule[@kind='security']) = 7
batfish_junos-srx-1.cfg	/device/facts/vpn-crypto[@phase='ipsec'][@pfs='1']
ciscoconfparse_sample_01.junos	/device/facts/system[@hostname='TEST01_EX'][@class='switch']
ciscoconfparse_sample_01.junos	/device/facts/service[@name='telnet'][@enabled='true']
ciscoconfparse_sample_01.junos	/device/facts/banner[@kind='login'][@present='true']
ciscoconfparse_sample_01.junos	/device/facts/account[@name='root'][@secret-kind='md5']
ciscoconfparse_sample_03.junos	/device/facts/system[@version='11.4R7.5'][@class='switch']
ciscoconfparse_sample_03.junos	/device/facts/service[@name='ssh'][@root-login='allow']
ciscoconfparse_sample_03.junos	/device/facts/snmp-community[@access='ro'][@acl='clients']
labval_junos_bor01_display_set.txt	/device/facts/system[@hostname='bor01'][@class='router'][@version='17.4R1.16']
labval_junos_bor01_display_set.txt	/device/facts/service[@name='ssh'][@root-login='allow']
labval_junos_bor01_display_set.txt	/device/facts/fw-binding[@policy='ISP-INBOUND'][@interface='xe-0/0/1.0'][@direction='in']
labval_junos_bor01_display_set.txt	count(/device/facts/fw-rule[@policy='ISP-INBOUND']) = 15
oxidized_junos_srx300_22.4.txt	/device/facts/system[@model='srx300'][@class='firewall'][@version='22.4R3-S2.11']
oxidized_junos_srx300_22.4.txt	/device/facts/service[@name='https'][@enabled='true']
oxidized_junos_srx300_22.4.txt	/device/facts/fw-rule[@policy='trust>untrust'][@action='permit'][source/@any='true']
oxidized_junos_srx300_22.4.txt	/device/facts/fw-nat[@kind='source'][@from='trust'][@to='untrust']
oxidized_junos_srx300_22.4.txt	/device/facts/mgmt-access[@zone='untrust'][@interface='ge-0/0/0.0'][contains(@protocols, 'https')]
scale-network_ex-mdf-01.conf	/device/facts/system[@hostname='ex-mdf-01'][@class='firewall']
scale-network_ex-mdf-01.conf	/device/facts/account[@name='owen'][@ssh-key='rsa ecdsa']
scale-network_ex-mdf-01.conf	/device/facts/snmp-community[@access='ro']
scale-network_ex4200-example.conf	/device/facts/system[@hostname='delong-sw02'][@class='switch'][@version='12.3R6.6']
scale-network_ex4200-example.conf	/device/facts/account[@name='owen'][@secret-kind='md5'][@ssh-key='dsa']
PINS
}

fail=0
for f in "$corpus"/juniper/*; do
    [ -f "$f" ] || continue
    name=${f##*/}
    bad=0
    "$otlint" show "$f" >"$tmp/out.xml" 2>"$tmp/err"
    rc=$?
    want=junos
    [ "$name" = "$ios_trap" ] && want=cisco-ios
    if ! grep -q "<device [^>]*format=\"$want\"" "$tmp/out.xml"; then
        echo "FAIL $name: not claimed by $want: $(grep -o '<device [^>]*>' "$tmp/out.xml")"
        fail=1; continue
    fi
    if [ $rc -ne 0 ] && { [ $rc -ne 3 ] || ! grep -q ': warning:' "$tmp/err"; }; then
        echo "FAIL $name: otlint show exited $rc"; cat "$tmp/err"; fail=1; continue
    fi
    if grep -q ': error:' "$tmp/err"; then
        echo "FAIL $name: error diagnostics"; grep ': error:' "$tmp/err"; bad=1
    fi
    if ! "$xmllint" --noout --relaxng "$top/baselines/schema/facts.rng" "$tmp/out.xml" 2>"$tmp/rng"; then
        echo "FAIL $name: does not validate against facts.rng"; cat "$tmp/rng"; bad=1
    fi
    cov=$("$xmllint" --xpath 'string(/device/facts/system/@parse-coverage)' "$tmp/out.xml" 2>/dev/null)
    [ -n "$cov" ] || { echo "FAIL $name: no parse-coverage"; bad=1; }
    pins | while IFS='	' read -r pf xp; do
        [ "$pf" = "$name" ] || continue
        r=$("$xmllint" --xpath "boolean($xp)" "$tmp/out.xml" 2>/dev/null)
        [ "$r" = true ] || echo "FAIL $name: $xp"
    done >"$tmp/pins"
    if [ -s "$tmp/pins" ]; then cat "$tmp/pins"; bad=1; fi
    [ $bad -eq 0 ] && echo "ok   $name ($want) coverage=$cov"
    [ $bad -eq 0 ] || fail=1
done

# nothing else in the corpus is Junos
for f in "$corpus"/*/*; do
    [ -f "$f" ] || continue
    case $f in */juniper/*) continue ;; esac
    "$otlint" show "$f" >"$tmp/out.xml" 2>/dev/null
    if grep -q '<device [^>]*format="junos"' "$tmp/out.xml"; then
        echo "FAIL ${f#"$corpus"/}: claimed by junos"; fail=1
    fi
done
[ $fail -eq 0 ] && echo "no file outside juniper/ claimed by junos"
exit $fail
