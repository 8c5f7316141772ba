#!/bin/sh
# tia.sh - siemens-tia in bounded memory (issue 23 item 4): the plugin reads
# a TIA Portal export as SAX events with the element budget enforced while
# parsing (docs/formats/siemens-tia.md, "Parsing model"), so memory does not
# grow with the file.  Inputs from tests/hostile/gen-tia.py, 40 MiB each
# (the 200 MiB export is row (c) of `make bench`):
#   tia-tags   a tag table of 17,718 tags with comments in five languages:
#              read whole, exit 0 or 1, peak RSS <= RSS_KIB (before issue
#              23: 328 MB, a tree of the whole file)
#   tia-flood  a tag table whose tag holds 10 million empty elements: the
#              element budget (OTL_MAX_NODES) stops it with a diagnostic,
#              exit 3, peak RSS <= RSS_KIB (before: 1.97 GB, 46 s)
# Conventions of tests/hostile/hostile.sh: `ok NAME` / `FAIL NAME: why`,
# a wall-clock bound (timeout), ulimit -v on a plain build; a sanitized
# build (its __asan_init / __tsan_init symbol, or OTL_SANITIZED=1) runs
# without ulimit -v and with the RSS and time bounds multiplied by
# SAN_RSS_MUL and SAN_TIME_MUL.
# Exit: 0 all passed, 1 a case failed, 77 skipped (no python3 or timeout),
# 99 hard error.  Environment (from `make check`): OTLINT OTL_TOP_SRCDIR PYTHON3.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
gen=$top/tests/hostile/gen-tia.py

VMEM_KIB=3145728 # ulimit -v of a plain build: 3 GiB
RSS_KIB=131072   # 128 MiB: 64 MiB + the retained document (measured: 34 and 65 MiB)
T_BIG=60         # seconds (measured: 1.3 and 2.4 s)
SAN_RSS_MUL=4
SAN_TIME_MUL=4
MB=40

[ -x "$otlint" ] || { echo "tia.sh: $otlint not built" >&2; exit 99; }
if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "tia.sh: python3 not available (it generates the inputs); skipped" >&2
    exit 77
fi
command -v timeout >/dev/null 2>&1 || {
    echo "tia.sh: no timeout(1): the time bound cannot be enforced; skipped" >&2; exit 77; }

vmem=$VMEM_KIB
rss_mul=1
time_mul=1
san_kib=0
if [ "${OTL_SANITIZED:-}" = 1 ] || grep -qE '__[at]san_init' "$otlint" 2>/dev/null; then
    vmem=
    rss_mul=$SAN_RSS_MUL
    # AddressSanitizer keeps freed blocks in a quarantine of 256 MiB
    # (quarantine_size_mb on 64-bit) before reusing them: on top of the
    # multiplied bound (the element flood frees a node per element; measured
    # 554 MB under ASan+UBSan in a clean-clone CI run, 65 MB plain)
    san_kib=262144
    time_mul=$SAN_TIME_MUL
    grep -q '__tsan_init' "$otlint" 2>/dev/null && { rss_mul=$((SAN_RSS_MUL * 2)); time_mul=$((SAN_TIME_MUL * 3)); }
fi
# shellcheck disable=SC3045 # not POSIX: without it, only the RSS bound
if [ -n "$vmem" ] && ! (ulimit -v "$vmem") 2>/dev/null; then
    echo "note: this shell cannot set ulimit -v: virtual memory not bounded"
    vmem=
fi
timebin=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M %e' -o /dev/null true 2>/dev/null; then
    timebin=/usr/bin/time
else
    echo "note: no GNU /usr/bin/time: peak RSS not checked"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-tia.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' INT TERM
"$python3" "$gen" tags "$tmp/tags.xml" $MB && "$python3" "$gen" flood "$tmp/flood.xml" $MB ||
    { echo "tia.sh: gen-tia.py failed" >&2; exit 99; }

failed=0
# case NAME CODES REGEX FILE: otlint scan under the bounds; CODES the exit
# statuses allowed; REGEX (grep -E -i, "" = none needed) must match a
# diagnostic naming FILE.
case_() {
    name=$1 codes=$2 re=$3 file=$4
    secs=$((T_BIG * time_mul)) bound=$((RSS_KIB * rss_mul + san_kib))
    # shellcheck disable=SC3045
    (if [ -n "$vmem" ]; then ulimit -v "$vmem" || exit 98; fi
     if [ -n "$timebin" ]; then
         exec "$timebin" -f '%M %e' -o "$tmp/$name.rss" timeout -k 5 "$secs" "$otlint" scan -o text "$file"
     fi
     exec timeout -k 5 "$secs" "$otlint" scan -o text "$file") >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
    rc=$?
    rss='' el=''
    [ -s "$tmp/$name.rss" ] && { rss=$(tail -n 1 "$tmp/$name.rss" | cut -d' ' -f1); el=$(tail -n 1 "$tmp/$name.rss" | cut -d' ' -f2); }
    why=
    case $rc in 124 | 137) why="did not finish within ${secs}s" ;; 98) why="could not set ulimit -v" ;; esac
    if [ -z "$why" ] && grep -q -E 'Sanitizer|runtime error:' "$tmp/$name.err"; then
        why="sanitizer report: $(grep -m 1 -E 'Sanitizer|runtime error:' "$tmp/$name.err" | cut -c1-160)"
    fi
    if [ -z "$why" ]; then
        case " $codes " in *" $rc "*) ;; *) why="exit $rc, expected $codes" ;; esac
    fi
    if [ -z "$why" ] && [ -n "$re" ] &&
        ! cat "$tmp/$name.out" "$tmp/$name.err" | grep -F -- "$file:" | grep -q -i -E -- "$re"; then
        why="no diagnostic naming $file matching /$re/"
    fi
    if [ -z "$why" ] && [ -n "$rss" ] && [ "$rss" -gt "$bound" ]; then
        why="peak RSS $rss KiB over the bound of $bound KiB"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        head -n 4 "$tmp/$name.err" | cut -c1-200 | sed 's/^/    | /'
        failed=$((failed + 1))
    else
        echo "ok $name${rss:+ ($rss KiB, $el s)}"
    fi
}

case_ tia-tags "0 1" "" "$tmp/tags.xml"
case_ tia-flood "3" "more than [0-9]+ elements.*not read" "$tmp/flood.xml"
[ $failed -eq 0 ] || exit 1
exit 0
