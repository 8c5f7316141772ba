#!/bin/sh
# formats.sh - every fixture tests/formats/<plugin>/<case>.<ext> (any file
# but *.facts and *.md; the extension is the format's usual one, e.g. .cfg,
# .L5X, .xml, .aml): `otlint show` must exit 0 (or 3 with a warning: a
# fixture of malformed input, read in part) and yield exactly the facts of
# <case>.facts (one line per fact element, in
# document order: `element attr=value ...`, attributes sorted, without
# `line`, and without the run-dependent system/@parse-coverage and
# system/@statements) and must validate against baselines/schema/facts.rng.
# Environment (from `make check`): OTL_TOP_SRCDIR OTLINT PYTHON3 XMLLINT.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
xmllint=${XMLLINT:-xmllint}
schema=$top/baselines/schema/facts.rng

if [ ! -x "$otlint" ]; then
    echo "formats.sh: $otlint not built" >&2
    exit 99
fi
for tool in "$python3" "$xmllint"; do
    if [ "$tool" = no ] || ! command -v "$tool" >/dev/null 2>&1; then
        echo "formats.sh: $tool not available; skipped" >&2
        exit 77
    fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-formats.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

project() {
    "$python3" -c '
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
facts = root.find("facts")
skip = {"line"}
for el in (facts if facts is not None else []):
    attrs = {k: v for k, v in el.attrib.items() if k not in skip}
    if el.tag == "system":
        attrs.pop("parse-coverage", None)
        attrs.pop("statements", None)
    print(" ".join([el.tag] + ["%s=%s" % (k, attrs[k]) for k in sorted(attrs)]))
' "$1"
}

fail=0
n=0
for cfg in "$top"/tests/formats/*/*; do
    [ -f "$cfg" ] || continue
    case $cfg in *.facts | *.md) continue ;; esac
    case_=${cfg%.*}
    name=${case_#"$top"/tests/formats/}
    n=$((n + 1))
    bad=0
    plugin=${name%%/*}
    "$otlint" show "$cfg" >"$tmp/out.xml" 2>"$tmp/err"
    rc=$?
    # 3: read only in part (a fixture of malformed input); then a warning
    # must say why
    if [ $rc -ne 0 ] && { [ $rc -ne 3 ] || ! grep -q ': warning:' "$tmp/err"; }; then
        echo "FAIL $name: otlint show exited $rc"
        cat "$tmp/err"
        fail=1; bad=1
        continue
    fi
    # the fixture's folder names the plugin that must claim it (sniffing)
    if ! grep -q "<device [^>]*format=\"$plugin\"" "$tmp/out.xml"; then
        echo "FAIL $name: not claimed by $plugin: $(grep -o '<device [^>]*>' "$tmp/out.xml")"
        fail=1; bad=1
    fi
    if grep -q ': error:' "$tmp/err"; then
        echo "FAIL $name: error diagnostics"
        cat "$tmp/err"
        fail=1; bad=1
    fi
    if ! project "$tmp/out.xml" >"$tmp/got"; then
        echo "FAIL $name: output is not XML"
        fail=1; bad=1
        continue
    fi
    if [ ! -f "$case_.facts" ]; then
        echo "FAIL $name: no $name.facts; got:"
        cat "$tmp/got"
        fail=1; bad=1
        continue
    fi
    if ! diff -u "$case_.facts" "$tmp/got" >"$tmp/diff"; then
        echo "FAIL $name: facts differ (- expected, + got)"
        cat "$tmp/diff"
        fail=1; bad=1
    fi
    if ! "$xmllint" --noout --relaxng "$schema" "$tmp/out.xml" 2>"$tmp/rng"; then
        echo "FAIL $name: does not validate against facts.rng"
        cat "$tmp/rng"
        fail=1; bad=1
    fi
    [ $bad -eq 0 ] && echo "ok   $name"
done
if [ $n -eq 0 ]; then
    echo "formats.sh: no fixtures found" >&2
    exit 1
fi
exit $fail
