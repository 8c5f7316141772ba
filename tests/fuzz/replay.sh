#!/bin/sh
# replay.sh - run every seed and every committed reproducer through its fuzz
# target once (make check).  The targets are libFuzzer binaries in a
# --enable-fuzzing build and plain programs (replay.c) otherwise; both take
# files as arguments.  Under ASan/UBSan any memory error or undefined
# behaviour aborts the target and fails this test.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${OTL_TOP_BUILDDIR:-$top}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-replay.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
# Replays are few: every writer runs on every input (fuzz-format.c).
OTL_FUZZ_ALL_WRITERS=1
export OTL_FUZZ_ALL_WRITERS
fail=0
for t in cisco-ios rockwell-l5x siemens-tia plcopen-xml codesys-cfg junos cisco-asa panos fortios hirschmann-hios siemens-scalance phoenix-mguard load; do
    bin=$build/tests/fuzz/fuzz-$t
    [ -x "$bin" ] || { echo "FAIL $t: $bin not built"; fail=1; continue; }
    n=$(sh "$top/tests/fuzz/seeds.sh" "$t" "$tmp/$t") || { echo "FAIL $t: seeds"; fail=1; continue; }
    if [ "$n" -eq 0 ]; then
        echo "FAIL $t: no seeds"; fail=1; continue
    fi
    # One process for all inputs: libFuzzer runs file arguments once each.
    if "$bin" "$tmp/$t"/* >"$tmp/$t.log" 2>&1; then
        echo "ok   $t: $n inputs replayed"
    else
        echo "FAIL $t: the target failed on one of $n inputs:"
        tail -40 "$tmp/$t.log"
        fail=1
    fi
done
exit $fail
