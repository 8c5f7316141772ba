#!/bin/sh
# secrets.sh - no secret value from any input may appear in any output.
# Inputs: every file of the shared corpus (all vendors), every
# tests/formats fixture, every tests/cases input and every examples/ file.  tests/extract-secrets.py
# pulls the secret values out of each file with its own patterns; then the
# file goes through `otlint scan` (text, json, sarif, junit), `otlint
# requirements` (the matrix: text, json, csv), `otlint show` and `otlint show --raw`, and
# every output (stderr included) is searched for
# every value of that file as a fixed string.  A hit fails the test, naming
# the input and the output, never the value.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
corpus=$top/../shared/corpus

[ -x "$otlint" ] || { echo "secrets.sh: $otlint not built" >&2; exit 99; }
if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "secrets.sh: python3 not available; skipped" >&2
    exit 77
fi
umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-secrets.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

{
    find "$corpus" "$top/tests/formats" "$top/examples" -type f \
        ! -name MANIFEST.tsv ! -name '*.md' ! -name '*.facts' 2>/dev/null
    find "$top/tests/cases" -type f -name 'input*' 2>/dev/null
} | sort >"$tmp/files"
[ -s "$tmp/files" ] || { echo "secrets.sh: no inputs" >&2; exit 99; }

fail=0
files=0
checked=0
# One interpreter for all files: values of the n-th file land in vals/n.
mkdir "$tmp/vals"
"$python3" "$top/tests/extract-secrets.py" --split "$tmp/vals" <"$tmp/files" || {
    echo "FAIL extract-secrets.py"; exit 1; }
while IFS= read -r f; do
    files=$((files + 1))
    [ -f "$tmp/vals/$files" ] || { echo "FAIL no values file for $f"; fail=1; continue; }
    mv "$tmp/vals/$files" "$tmp/values"
    [ -s "$tmp/values" ] || continue
    checked=$((checked + 1))
    rm -f "$tmp"/o.*
    "$otlint" scan -o text="$tmp/o.text" -o json="$tmp/o.json" -o sarif="$tmp/o.sarif" \
        -o junit="$tmp/o.junit" "$f" >"$tmp/o.scan-stdout" 2>"$tmp/o.scan-stderr"
    rc=$?
    if [ $rc -gt 3 ]; then
        echo "FAIL $f: otlint scan exited $rc"; fail=1
    fi
    "$otlint" requirements -o text="$tmp/o.matrix-text" -o json="$tmp/o.matrix-json" \
        -o csv="$tmp/o.matrix-csv" "$f" >"$tmp/o.req-stdout" 2>"$tmp/o.req-stderr"
    rc=$?
    if [ $rc -gt 3 ]; then
        echo "FAIL $f: otlint requirements exited $rc"; fail=1
    fi
    for mode in "" --raw; do
        "$otlint" show $mode "$f" >"$tmp/o.show$mode" 2>"$tmp/o.show$mode-stderr"
        rc=$?
        if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
            echo "FAIL $f: otlint show $mode exited $rc"; fail=1
        fi
    done
    for out in "$tmp"/o.*; do
        [ -f "$out" ] || continue
        if grep -F -q -f "$tmp/values" "$out"; then
            echo "FAIL $f: a secret value appears in the ${out##*/o.} output"
            fail=1
        fi
    done
done <"$tmp/files"
echo "secrets.sh: $files inputs, $checked with secrets checked"
exit $fail
