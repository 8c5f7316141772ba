#!/bin/sh
# secrets-ios.sh - Cisco IOS secrets that tests/secrets.sh cannot see (issue
# 23, part secios): values shorter than its MINLEN or plain lower-case words,
# which extract-secrets.py leaves out to avoid false alarms.  Each case writes
# a small IOS config, runs `otlint scan` (text, json, sarif, junit) and
# `otlint show --raw` on it, and asserts that no output holds any of the
# case's values as a word (grep -w), and, where given, that the raw tree
# marks the statement secret.  Grammar: docs/formats/cisco-ios.md "Secrets".
# One line per case: `ok NAME` or `FAIL NAME: why`.  Exit 0 all passed, 1 a
# case failed, 99 hard error.  Environment (from `make check`): OTLINT
# OTL_TOP_SRCDIR.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
[ -x "$otlint" ] || { echo "secrets-ios.sh: $otlint not built" >&2; exit 99; }
command -v timeout >/dev/null 2>&1 && to="timeout 120" || to=

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-secios.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# case NAME 'VALUES' [MARKED]: the config is on stdin; VALUES are words
# that must appear in no output; MARKED, a fixed string of the raw tree's
# statement element that must be there (e.g. its secret="true").
case_() {
    name=$1 values=$2 marked=${3:-}
    d=$tmp/$name
    mkdir "$d" || exit 99
    cat >"$d/in.cfg"
    $to "$otlint" scan -o text="$d/o.text" -o json="$d/o.json" -o sarif="$d/o.sarif" \
        -o junit="$d/o.junit" "$d/in.cfg" >"$d/o.stdout" 2>"$d/o.stderr"
    rc=$?
    if [ $rc -gt 3 ]; then
        echo "FAIL $name: otlint scan exited $rc"; fail=1; return
    fi
    $to "$otlint" show --raw "$d/in.cfg" >"$d/o.show" 2>"$d/o.show-stderr"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
        echo "FAIL $name: otlint show exited $rc"; fail=1; return
    fi
    for v in $values; do
        for out in "$d"/o.*; do
            if grep -F -w -q -- "$v" "$out"; then
                echo "FAIL $name: a secret value appears in the ${out##*/o.} output"
                fail=1; return
            fi
        done
    done
    if [ -n "$marked" ] && ! grep -F -q -- "$marked" "$d/o.show"; then
        echo "FAIL $name: show --raw lacks: $marked"; fail=1; return
    fi
    echo "ok $name"
}

hdr='version 15.2
hostname HOSTILE
!'

# an unrecognised statement with a secret word: printed up to the word
case_ unknown-short 'pw1 t0k' 'frobnicate password &lt;redacted&gt;" recognised="false" secret="true"' <<EOF
$hdr
frobnicate password pw1
vendorx api-token t0k
EOF

# abbreviations the CLI accepts, lower-case words as values
case_ abbrev-words 'lion zebra tiger wombat koala' 'snmp comm &lt;redacted&gt; RO" secret="true"' <<EOF
$hdr
username bob pa lion
enable secr zebra
snmp comm tiger RO
snmp-server host 192.0.2.1 inform version 2c wombat
line vty 0 4
 pas koala
 login
EOF

# the community after abbreviated host options, not the keyword
case_ snmp-host-community 'otter' 'snmp-server host 192.0.2.2 trap vers 2c &lt;redacted&gt;' <<EOF
$hdr
snmp-server host 192.0.2.2 trap vers 2c otter
EOF

# NHRP, IS-IS and WLAN keys shorter than extract-secrets.py's MINLEN
case_ short-keys 'nh1 ar1 dm1 wp1' <<EOF
$hdr
interface Tunnel1
 ip nhrp authentication nh1
router isis
 area-password ar1
 domain-password dm1
wlan W 1 W
 security wpa akm psk set-key ascii 0 wp1
EOF

exit $fail
