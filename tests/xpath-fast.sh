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

. "$top/tests/compare-reports.sh"
fail=0
compare_reports OTL_XPATH_FAST verify 0 "with and without the subset" "$@"
files=$(grep -c '^==' "$tmp/default.0.txt")
[ "$files" -gt 50 ] || { echo "FAIL only $files files scanned"; fail=1; }
[ $fail -eq 0 ] && echo "xpath-fast.sh: $n profiles, $files files: libxml2 and the subset agree"
exit $fail
