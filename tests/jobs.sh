#!/bin/sh
# jobs.sh - the report does not depend on -j: every writer's output of a scan
# of the examples, the test cases and the corpus is byte-identical at -j1, -j2
# and -j7 (more threads than cores, so that files finish out of order and the
# in-order hand-over to the streamed writers is exercised; under
# --enable-tsan this is the test that shows the workers race on nothing).
# Environment (from `make check`): OTLINT OTL_TOP_SRCDIR.
set -u
: "${OTLINT:?}" "${OTL_TOP_SRCDIR:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/otl-jobs.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
set -- "$OTL_TOP_SRCDIR/examples/plant" "$OTL_TOP_SRCDIR/tests/cases"
[ -d "$OTL_TOP_SRCDIR/../shared/corpus" ] && set -- "$@" "$OTL_TOP_SRCDIR/../shared/corpus"
for j in 1 2 7; do
    "$OTLINT" scan -j $j --sl 2 --progress never -o text="$T/$j.txt" -o json="$T/$j.json" \
        -o sarif="$T/$j.sarif" -o junit="$T/$j.xml" "$@" >/dev/null 2>"$T/$j.err"
    echo $? >"$T/$j.rc"
    # JUnit's time attributes are measured (docs/json-output.md): not compared
    sed 's/ time="[0-9.]*"//g' "$T/$j.xml" >"$T/$j.xml.t" && mv "$T/$j.xml.t" "$T/$j.xml"
done
for ext in txt json sarif xml rc err; do
    for j in 2 7; do
        if cmp -s "$T/1.$ext" "$T/$j.$ext"; then
            echo "ok   -j$j $ext same as -j1"
        else
            echo "FAIL -j$j $ext differs from -j1"; fails=$((fails + 1))
        fi
    done
done
rc=$(cat "$T/1.rc")
case $rc in 1 | 3) ;; *) echo "FAIL: exit $rc, want 1 or 3"; sed 's/^/  | /' "$T/1.err" | head -5; fails=$((fails + 1)) ;; esac
[ -s "$T/1.json" ] || { echo "FAIL: no JSON report"; fails=$((fails + 1)); }
[ $fails -eq 0 ] || exit 1
exit 0
