#!/bin/sh
# raw-records.sh - a scan keeps the raw tree as records (host->raw_stmt,
# docs/plugins.md) when nothing reads its elements; the reports must be what
# the elements give, byte for byte.  Every format's files among the examples,
# the test cases, the format fixtures, the shared corpus (read in place when
# present) and a composed L5X of 2 MiB (tests/gen-l5x.py: thousands of start
# tags as evidence, cut at OTL_MAX_EVIDENCE) are scanned with each profile at
# SL 4, with records (the default) and with OTL_RAW_RECORDS=0 (elements);
# the text, JSON, SARIF and JUnit reports, exit codes and diagnostics must
# be the same.
# Environment (from `make check`): OTLINT PYTHON3.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
corpus=$top/../shared/corpus

[ -x "$otlint" ] || { echo "raw-records.sh: $otlint not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-rawrec.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

set -- "$top/examples" "$top/tests/cases" "$top/tests/formats"
[ -d "$corpus" ] && set -- "$@" "$corpus"
if [ "$python3" != no ] && command -v "$python3" >/dev/null 2>&1; then
    mkdir "$tmp/l5x"
    "$python3" "$top/tests/gen-l5x.py" 2 "$tmp/l5x/composed.L5X" >/dev/null ||
        { echo "FAIL gen-l5x.py"; exit 1; }
    set -- "$@" "$tmp/l5x"
fi

. "$top/tests/compare-reports.sh"
fail=0
compare_reports OTL_RAW_RECORDS 1 0 "with records and with elements" "$@"
# the comparison means something only if start tags were shown and cut
tags=$(grep -c '"evidence": "<[A-Za-z]' "$tmp/default.1.json")
cut=$(grep -c '"evidence": "<[A-Za-z][^"]*\(\\"[^"]*\)*\.\.\."' "$tmp/default.1.json")
[ "$tags" -gt 300 ] || { echo "FAIL only $tags findings with a start tag as evidence"; fail=1; }
[ "$cut" -gt 10 ] || { echo "FAIL only $cut start tags cut at the evidence limit"; fail=1; }
[ $fail -eq 0 ] && echo "raw-records.sh: $n profiles, $tags start tags as evidence ($cut cut): records and elements agree"
exit $fail
