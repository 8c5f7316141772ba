#!/bin/sh
# corpus-cisco-ios.sh - every real Cisco IOS export of the shared corpus
# (../shared/corpus/cisco_ios, read in place) must: make `otlint show` exit 0
# with no error diagnostic, carry facts/system/@parse-coverage, have
# system/@hostname exactly when the file has a `hostname` line (and equal to
# it), and validate against baselines/schema/facts.rng.  Prints coverage.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
xmllint=${XMLLINT:-xmllint}
corpus=$top/../shared/corpus/cisco_ios

[ -d "$corpus" ] || { echo "corpus-cisco-ios.sh: $corpus absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-cisco-ios.sh: $otlint not built" >&2; exit 99; }
for tool in "$python3" "$xmllint"; do
    if [ "$tool" = no ] || ! command -v "$tool" >/dev/null 2>&1; then
        echo "corpus-cisco-ios.sh: $tool not available; skipped" >&2
        exit 77
    fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-corpus.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

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
    # the first `hostname` command at the start of a line (IOS global command)
    want=$(sed -n 's/\r$//; s/^hostname[ 	]\{1,\}\([^ 	]*\).*/\1/p' "$f" | head -n 1)
    info=$("$python3" -c '
import sys
import xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("facts/system")
if s is None:
    print("nosystem"); sys.exit(0)
print((s.get("parse-coverage") or "none"), s.get("statements", "?"),
      "host=" + (s.get("hostname") if s.get("hostname") is not None else "<none>"))
' "$tmp/out.xml") || { echo "FAIL $name: output is not XML"; fail=1; continue; }
    set -- $info
    if [ "$1" = nosystem ] || [ "$1" = none ]; then
        echo "FAIL $name: no facts/system/@parse-coverage"; bad=1
    fi
    got=${3#host=}
    if [ -n "$want" ] && [ "$got" != "$want" ]; then
        echo "FAIL $name: hostname '$got', file says '$want'"; bad=1
    elif [ -z "$want" ] && [ "$got" != "<none>" ]; then
        echo "FAIL $name: hostname '$got' although the file has none"; bad=1
    fi
    if ! "$xmllint" --noout --relaxng "$top/baselines/schema/facts.rng" "$tmp/out.xml" 2>"$tmp/rng"; then
        echo "FAIL $name: does not validate against facts.rng"; cat "$tmp/rng"; bad=1
    fi
    [ $bad -eq 0 ] && echo "ok   $name coverage=$1 statements=$2"
    [ $bad -eq 0 ] || fail=1
done
exit $fail
