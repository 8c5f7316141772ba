#!/bin/sh
# plcopen.sh - hostile input for plcopen-xml, issue 23 item 4: memory stays
# bounded however big the project.  The plugin reads the file once as SAX
# events and enforces the element budget (OTL_MAX_NODES) while parsing;
# before, it parsed a whole tree first (10 MB of elements inside <pous>
# reached 822 MB RSS, 40 MB 1.9 GB).  Cases (inputs generated, 40 MiB each):
#   plcopen-pous-40mb     10 million empty elements inside <pous>: the budget
#                         stops the parse (partial, exit 3, the diagnostic
#                         says the rest is not read); the skeleton so far is
#                         kept as records
#   plcopen-opaque-40mb   one ST body holding 40 MiB of elements: code is
#                         never kept, so nothing of it is retained
#   plcopen-project-40mb  a realistic project (tests/bench/gen-xml.py
#                         --plcopen-big 40: POUs with variables and ST
#                         bodies), scanned, and shown (the skeleton built as
#                         elements): every POU read, one program-unit fact each
# Same conventions as hostile.sh: `ok NAME` / `FAIL NAME: why`; a plain build
# runs under `ulimit -v` (VMEM_KIB) and its peak RSS (GNU time) is held to
# the case's bound; a sanitized build (its __asan_init or __tsan_init symbol,
# or OTL_SANITIZED=1) runs without ulimit -v, the RSS bounds times
# SAN_RSS_MUL and the time bounds times SAN_TIME_MUL.
# Exit: 0 passed, 1 a case failed, 77 skipped, 99 hard error.
# Environment (from `make check`): OTLINT OTL_TOP_SRCDIR PYTHON3.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}

VMEM_KIB=1048576       # ulimit -v of a plain build: 1 GiB (the tree needed 1.9 GB)
RSS_POUS_KIB=163840    # 160 MiB: measured 65 MiB (records of the 1,000,000 elements the budget
                       # allows); the tree ran out of the 1 GiB ulimit -v
RSS_OPAQUE_KIB=65536   # 64 MiB: measured 19 MiB (nothing retained); with the tree 679 MiB
RSS_PROJECT_KIB=98304  # 96 MiB: measured 22 MiB (scan), 36 MiB (show); with the tree 155 MiB
T_BIG=300              # seconds per case (a loaded 2-core machine; measured 2-8 s)
SAN_RSS_MUL=4          # ASan+UBSan measured 185 / 55 / 72 / 64 MiB for the four cases
SAN_TIME_MUL=4

[ -x "$otlint" ] || { echo "plcopen.sh: $otlint not built" >&2; exit 99; }
if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "plcopen.sh: python3 not available (it generates the inputs); skipped" >&2
    exit 77
fi
command -v timeout >/dev/null 2>&1 || { echo "plcopen.sh: no timeout(1); skipped" >&2; exit 77; }

vmem=$VMEM_KIB
rss_mul=1
time_mul=1
if [ "${OTL_SANITIZED:-}" = 1 ] || grep -qE '__[at]san_init' "$otlint" 2>/dev/null; then
    vmem=
    rss_mul=$SAN_RSS_MUL
    time_mul=$SAN_TIME_MUL
    if grep -q '__tsan_init' "$otlint" 2>/dev/null; then
        rss_mul=$((SAN_RSS_MUL * 2))
        time_mul=$((SAN_TIME_MUL * 3))
    fi
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
    case $ASAN_OPTIONS in
    *hard_rss_limit_mb*) ;;
    *) ASAN_OPTIONS="$ASAN_OPTIONS:hard_rss_limit_mb=$((RSS_POUS_KIB * rss_mul / 1024 * 2))" ;;
    esac
    export ASAN_OPTIONS
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

umask 077
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-plcopen.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' INT TERM

# ---------------------------------------------------------------- inputs
"$python3" - "$tmp" <<'PY' || { echo "plcopen.sh: generating the inputs failed" >&2; exit 99; }
import sys
d = sys.argv[1]
head = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<project xmlns="http://www.plcopen.org/xml/tc6_0201" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        '<fileHeader companyName="Hostile" productName="H" productVersion="1"/>\n'
        '<contentHeader name="H"/>\n<types><dataTypes/><pous>\n')
tail = '</pous></types><instances><configurations/></instances></project>\n'
mb = 40 * 1024 * 1024
with open(d + "/pous.xml", "w") as f:
    f.write(head)
    n, chunk = 0, "<x/>" * 65536 + "\n"
    while n < mb:
        f.write(chunk)
        n += len(chunk)
    f.write(tail)
with open(d + "/opaque.xml", "w") as f:
    f.write(head + '<pou name="P" pouType="program"><body><ST>\n')
    n, chunk = 0, "<xhtml:p>x</xhtml:p>" * 16384 + "\n"
    while n < mb:
        f.write(chunk)
        n += len(chunk)
    f.write('</ST></body></pou>' + tail)
PY
"$python3" "$top/tests/bench/gen-xml.py" --plcopen-big 40 "$tmp/project.xml" >"$tmp/project.gen" ||
    { echo "plcopen.sh: gen-xml.py --plcopen-big failed" >&2; exit 99; }
pous=$(sed -n 's/.*pous=\([0-9]*\).*/\1/p' "$tmp/project.gen")

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# run NAME SECONDS CMD...: rc, rss (KiB, empty when not measured), elapsed.
run() {
    _name=$1 secs=$(($2 * time_mul)); shift 2
    if [ -n "$timebin" ]; then
        # shellcheck disable=SC3045
        (if [ -n "$vmem" ]; then ulimit -v "$vmem" || exit 98; fi
         exec "$timebin" -f '%M %e' -o "$tmp/$_name.rss" timeout -k 5 "$secs" "$@") \
            >"$tmp/$_name.stdout" 2>"$tmp/$_name.stderr" </dev/null
    else
        # shellcheck disable=SC3045
        (if [ -n "$vmem" ]; then ulimit -v "$vmem" || exit 98; fi
         exec timeout -k 5 "$secs" "$@") >"$tmp/$_name.stdout" 2>"$tmp/$_name.stderr" </dev/null
    fi
    rc=$?
    rss='' elapsed=''
    if [ -s "$tmp/$_name.rss" ]; then
        # shellcheck disable=SC2046
        set -- $(tail -n 1 "$tmp/$_name.rss")
        rss=$(echo "${1:-}" | tr -cd 0-9) elapsed=${2:-}
    fi
}

# verdict NAME RSS_KIB CODES [REGEX]: exit status among CODES, no sanitizer
# report, peak RSS within the bound, REGEX (grep -E) in stderr when given.
verdict() {
    _vn=$1 _bound=$(($2 * rss_mul)) _codes=$3 _re=${4:-}
    _why=
    case $rc in
    124|137) _why="did not finish within ${secs}s" ;;
    98) _why="could not set ulimit -v" ;;
    esac
    if [ -z "$_why" ] && grep -q -E 'Sanitizer|runtime error:' "$tmp/$_vn.stderr"; then
        _why="sanitizer report: $(grep -m 1 -E 'Sanitizer|runtime error:' "$tmp/$_vn.stderr" | cut -c1-160)"
    fi
    if [ -z "$_why" ]; then
        case " $_codes " in
        *" $rc "*) ;;
        *) _why="exit $rc, expected $_codes" ;;
        esac
    fi
    if [ -z "$_why" ] && [ -n "$_re" ] && ! grep -q -E -- "$_re" "$tmp/$_vn.stderr"; then
        _why="no diagnostic matching /$_re/"
    fi
    if [ -z "$_why" ] && [ -n "$rss" ] && [ "$rss" -gt "$_bound" ]; then
        _why="peak RSS $rss KiB over the bound of $_bound KiB"
    fi
    if [ -n "$_why" ]; then
        fail "$_vn" "$_why"
        head -n 4 "$tmp/$_vn.stderr" | cut -c1-200 | tr -c '\11\12\40-\176' '?' | sed 's/^/    | /'
    else
        ok "$_vn${rss:+ (${rss} KiB, ${elapsed} s)}"
    fi
}

# ----------------------------------------------------------------- cases
run plcopen-pous-40mb $T_BIG "$otlint" scan -q "$tmp/pous.xml"
verdict plcopen-pous-40mb $RSS_POUS_KIB 3 'more than [0-9]+ elements.*rest of the file is not read'

run plcopen-opaque-40mb $T_BIG "$otlint" scan -q "$tmp/opaque.xml"
verdict plcopen-opaque-40mb $RSS_OPAQUE_KIB "0 1 3"

run plcopen-project-40mb $T_BIG "$otlint" scan -q "$tmp/project.xml"
verdict plcopen-project-40mb $RSS_PROJECT_KIB "0 1 3"

# every POU of the project is read: one program-unit fact each
run plcopen-project-40mb-show $T_BIG "$otlint" show "$tmp/project.xml"
n=$(grep -c '<program-unit ' "$tmp/plcopen-project-40mb-show.stdout")
if [ "$rc" -ne 0 ] || [ -z "$pous" ] || [ "$n" -ne "$pous" ]; then
    fail plcopen-project-40mb-show "exit $rc, $n program-unit facts for $pous POUs"
elif [ -n "$rss" ] && [ "$rss" -gt $((RSS_PROJECT_KIB * rss_mul)) ]; then
    fail plcopen-project-40mb-show "peak RSS $rss KiB over the bound of $((RSS_PROJECT_KIB * rss_mul)) KiB"
else
    ok "plcopen-project-40mb-show ($n POUs${rss:+, ${rss} KiB})"
fi

echo "plcopen.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
