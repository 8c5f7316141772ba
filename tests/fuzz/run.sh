#!/bin/sh
# run.sh [SECONDS] [TARGET...] - run fuzz targets of a --enable-fuzzing build,
# each for SECONDS (default 60), two at a time (the CI machines have two
# cores), from its seeds (seeds.sh) plus the corpus kept in
# $OTL_FUZZ_CORPUS/<target> when that is set (a campaign's corpus grows
# there; otherwise a temporary one is used).  Crash, leak and timeout inputs
# are written to $OTL_FUZZ_ARTIFACTS (default: the build's
# tests/fuzz/artifacts/) and make the run fail: commit each one as
# tests/fuzz/reproducers/<target>/<name> once fixed.
# OTL_FUZZ_KEEP_GOING=1 (campaigns): keep fuzzing after a crash, leak or
# timeout (libFuzzer's fork mode), collecting every artifact.
# Prints libFuzzer's final statistics per target (executions, coverage).
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${OTL_TOP_BUILDDIR:-$(pwd)}
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-cisco-ios rockwell-l5x siemens-tia plcopen-xml codesys-cfg junos cisco-asa panos fortios hirschmann-hios siemens-scalance phoenix-mguard load}
art=${OTL_FUZZ_ARTIFACTS:-$build/tests/fuzz/artifacts}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-fuzz.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$art" || exit 99
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

one() { # one TARGET
    t=$1
    bin=$build/tests/fuzz/fuzz-$t
    if ! "$bin" -help=1 2>&1 | grep -q max_total_time; then
        echo "FAIL $t: $bin is not a libFuzzer binary (configure --enable-fuzzing CC=clang)"
        return 1
    fi
    sh "$top/tests/fuzz/seeds.sh" "$t" "$tmp/seeds-$t" >/dev/null || return 1
    corpus=${OTL_FUZZ_CORPUS:+$OTL_FUZZ_CORPUS/$t}
    corpus=${corpus:-$tmp/corpus-$t}
    mkdir -p "$corpus" "$art/$t"
    keep=
    [ -n "${OTL_FUZZ_KEEP_GOING:-}" ] && keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
    # shellcheck disable=SC2086
    "$bin" $keep -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -dict="$top/tests/fuzz/dict/$t.dict" -print_final_stats=1 \
        -artifact_prefix="$art/$t/" "$corpus" "$tmp/seeds-$t" >"$tmp/$t.log" 2>&1
    rc=$?
    [ -n "${OTL_FUZZ_LOG:-}" ] && cp "$tmp/$t.log" "$OTL_FUZZ_LOG-$t.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log")
    cov=$(grep -E '^#[0-9]+.*cov: ' "$tmp/$t.log" | tail -1 |
        sed -n 's/^#\([0-9]*\).*cov: \([0-9]*\) ft: \([0-9]*\).*/edges \2 features \3 (#\1)/p')
    if [ $rc -eq 0 ]; then
        echo "ok   $t: ${secs}s, ${execs:-?} executions, ${cov:-coverage ?}"
    else
        echo "FAIL $t: exit $rc after ${execs:-?} executions; artifacts in $art/$t/"
        grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$tmp/$t.log" | head -20
        return 1
    fi
}

fail=0
set -- $targets
while [ $# -gt 0 ]; do
    a=$1; shift
    b=${1:-}; [ $# -gt 0 ] && shift
    one "$a" >"$tmp/res-$a" 2>&1 &
    pa=$!
    pb=
    if [ -n "$b" ]; then one "$b" >"$tmp/res-$b" 2>&1 & pb=$!; fi
    wait $pa || fail=1
    cat "$tmp/res-$a"
    if [ -n "$pb" ]; then wait $pb || fail=1; cat "$tmp/res-$b"; fi
done
exit $fail
