#!/bin/sh
# xpath-fast.sh - the native XPath subset (core/xpfast.c) against libxml2 on
# real documents: every rule of every profile (SL 4, so all are selected) on
# the examples, the test cases, the format fixtures and the shared corpus
# (read in place when present).
#  1. OTL_XPATH_FAST=verify evaluates each rule expression both ways and
#     aborts on any difference: the scans must end normally (exit 0-3).
#  2. The reports (text, JSON, SARIF, JUnit) with the subset on and off
#     (OTL_XPATH_FAST=0) must be the same, byte for byte.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
corpus=$top/../shared/corpus

[ -x "$otlint" ] || { echo "xpath-fast.sh: $otlint not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-xpf.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

set -- "$top/examples" "$top/tests/cases" "$top/tests/formats"
[ -d "$corpus" ] && set -- "$@" "$corpus"

fail=0
n=0
for profile in default commissioning backup-audit; do
    for mode in verify 0; do
        OTL_XPATH_FAST=$mode "$otlint" scan --sl 4 --profile "$profile" -j2 \
            -o json="$tmp/$profile.$mode.json" -o sarif="$tmp/$profile.$mode.sarif" \
            -o junit="$tmp/$profile.$mode.junit" -o text="$tmp/$profile.$mode.txt" "$@" \
            >/dev/null 2>"$tmp/$profile.$mode.err"
        rc=$?
        if [ $rc -gt 3 ]; then
            echo "FAIL profile $profile, OTL_XPATH_FAST=$mode: exit $rc"
            tail -5 "$tmp/$profile.$mode.err"
            fail=1
        fi
        echo $rc >"$tmp/$profile.$mode.rc"
    done
    # reports are deterministic (no run times in them): compared as they are
    for ext in txt json sarif junit rc err; do
        if ! cmp -s "$tmp/$profile.verify.$ext" "$tmp/$profile.0.$ext"; then
            echo "FAIL profile $profile: the $ext report differs with and without the subset"
            diff "$tmp/$profile.verify.$ext" "$tmp/$profile.0.$ext" | head -10
            fail=1
        fi
    done
    n=$((n + 1))
done
files=$(grep -c '^==' "$tmp/default.0.txt")
[ "$files" -gt 50 ] || { echo "FAIL only $files files scanned"; fail=1; }
[ $fail -eq 0 ] && echo "xpath-fast.sh: $n profiles, $files files: libxml2 and the subset agree"
exit $fail
