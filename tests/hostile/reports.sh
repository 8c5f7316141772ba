#!/bin/sh
# reports.sh - issue 23 item 2 ("report files never destroy anything"), one
# case per reproducer; tests/ci-outputs.sh keeps issue 22's -o place cases
# (two outputs to one file or to stdout, an output onto a named input, onto
# standard input's file), which are not repeated here.
#   - an output inside a scanned directory that the walk would read (an
#     existing input there, or a new report) is a usage error; excluded, the
#     scan runs and never reads its own temporary report file
#   - a symbolic link at the report path (to a file of ours, or dangling) is
#     refused and nothing behind it changes
#   - a new report honours the umask; a replaced one keeps its mode
#   - every command writing into /dev/full exits 2 with a message
#   - a FIFO (or /dev/stdin on a pipe) as --waivers, --profile, --baseline or
#     inside a --baseline directory is refused at once, not waited on
#   - --max-file-size rejects overflow, a sign, junk; accepts up to 1024G
# One line per case: `ok NAME` or `FAIL NAME: why`.  Every otlint run has a
# time bound (a FIFO that is waited on shows as a timeout) and must leave no
# sanitizer report.
# Exit: 0 all passed, 1 a case failed, 77 skipped (no timeout(1)), 99 hard
# error.  Environment (from `make check`): OTLINT OTL_TOP_SRCDIR.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
T_RUN=60 # seconds for one run: the inputs are small, the machine may be loaded

[ -x "$otlint" ] || { echo "reports.sh: $otlint not built" >&2; exit 99; }
command -v timeout >/dev/null 2>&1 || {
    echo "reports.sh: no timeout(1): a FIFO that blocks would hang the test; skipped" >&2; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/otl-reports.XXXXXX") || exit 99
trap 'exec 3>&- 2>/dev/null; rm -rf "$T"' EXIT
fails=0

ok() { echo "ok $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); return 1; }

# run NAME CODE ARGS...: otlint ARGS with stdout in $T/out, stderr in $T/err;
# 0 when it exited CODE within T_RUN with no sanitizer report, else FAIL.
run() {
    name=$1 want=$2
    shift 2
    timeout "$T_RUN" "$otlint" "$@" >"$T/out" 2>"$T/err" </dev/null
    got=$?
    if grep -qE 'ERROR: (Address|Leak|Thread)Sanitizer|runtime error:' "$T/err"; then
        fail "$name" "sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$T/err")"
        return 1
    fi
    [ "$got" -eq 124 ] && { fail "$name" "no end within ${T_RUN}s"; return 1; }
    if [ "$got" -ne "$want" ]; then
        fail "$name" "exit $got, want $want ($(head -1 "$T/err"))"
        return 1
    fi
    return 0
}
# said NAME PATTERN: stderr has PATTERN (grep -F), else FAIL.
said() {
    grep -qF -- "$2" "$T/err" && return 0
    fail "$1" "stderr lacks '$2': $(head -2 "$T/err" | tr '\n' '|')"
    return 1
}
# mode_of FILE: its permission bits in octal, as ls shows them.
mode_of() { stat -c %a "$1" 2>/dev/null || echo none; }

cp "$top/examples/plant/bl1-core1.cfg" "$T/x.cfg" || exit 99
cd "$T" || exit 99
# --fail-on none: the exit status says only whether inputs and outputs were
# fine (0), not what the baselines find in the example.
S="scan --fail-on none"

# --- outputs inside a scanned directory
mkdir d && cp x.cfg d/a.cfg && cp x.cfg d/victim.cfg
run walk-input 2 $S -o json=d/victim.cfg d &&
    said walk-input "-o json=d/victim.cfg lies inside the scanned directory d" &&
    { cmp -s x.cfg d/victim.cfg || fail walk-input "the input was changed"; } && ok walk-input
run walk-new-report 2 $S -o json=d/r.json d &&
    said walk-new-report "would be read as an input" &&
    { [ ! -e d/r.json ] || fail walk-new-report "d/r.json was created"; } &&
    { [ -z "$(ls -A d | grep '^\.')" ] || fail walk-new-report "left $(ls -A d | grep '^\.')"; } &&
    ok walk-new-report
mkdir d/sub
run walk-deep 2 $S -o sarif=d/sub/r.sarif . && said walk-deep "scanned directory ." && ok walk-deep
# excluded: the scan runs, and its own temporary report is no input
run walk-excluded 0 $S --exclude r.json -o json=d/r.json -o text d &&
    { ! grep -q 'r\.json' "$T/out" || fail walk-excluded "the report read itself: $(grep -m1 'r\.json' "$T/out")"; } &&
    { [ -s d/r.json ] || fail walk-excluded "no report"; } && ok walk-excluded
rm -f d/r.json
printf 'r2.json\n' >d/.otlintignore
run walk-otlintignore 0 $S -o json=d/r2.json d && ok walk-otlintignore
rm -f d/.otlintignore d/r2.json

# --- symbolic links at the report path (a file of ours stands for /etc/hostname)
echo mine >victim
ln -s victim l.json
run symlink 2 $S -o json=l.json x.cfg && said symlink "symbolic link" &&
    { [ "$(cat victim)" = mine ] || fail symlink "the link's target was overwritten"; } &&
    { [ -L l.json ] || fail symlink "the link was replaced"; } && ok symlink
ln -s nowhere dangling.json
run symlink-dangling 2 $S -o sarif=dangling.json x.cfg &&
    { [ ! -e nowhere ] || fail symlink-dangling "its target was created"; } &&
    { [ -L dangling.json ] || fail symlink-dangling "the link was replaced"; } && ok symlink-dangling
run symlink-requirements 2 requirements -o csv=l.json x.cfg &&
    { [ "$(cat victim)" = mine ] || fail symlink-requirements "the link's target was overwritten"; } &&
    ok symlink-requirements
run dev-stdout 0 $S -o json=/dev/stdout x.cfg &&
    { grep -q '"schema_version"' "$T/out" || fail dev-stdout "no JSON on stdout"; } && ok dev-stdout

# --- modes
mask=$(umask)
umask 077
run umask-077 0 $S -o json=u77.json x.cfg &&
    { [ "$(mode_of u77.json)" = 600 ] || fail umask-077 "mode $(mode_of u77.json), want 600"; } &&
    ok umask-077
umask 027
run umask-027 0 requirements --fail-on none -o csv=u27.csv x.cfg &&
    { [ "$(mode_of u27.csv)" = 640 ] || fail umask-027 "mode $(mode_of u27.csv), want 640"; } &&
    ok umask-027
umask "$mask"
echo old >kept.json && chmod 640 kept.json
run keep-mode 0 $S -o json=kept.json x.cfg &&
    { [ "$(mode_of kept.json)" = 640 ] || fail keep-mode "mode $(mode_of kept.json), want 640"; } &&
    { grep -q schema_version kept.json || fail keep-mode "not replaced"; } && ok keep-mode
echo old >kept.sarif && chmod 604 kept.sarif
umask 077
run keep-mode-umask 0 $S -o sarif=kept.sarif x.cfg &&
    { [ "$(mode_of kept.sarif)" = 604 ] || fail keep-mode-umask "mode $(mode_of kept.sarif), want 604"; } &&
    ok keep-mode-umask
umask "$mask"

# --- /dev/full: every command checks its writes
if [ -w /dev/full ]; then
    for c in "formats" "rules" "explain NET-SVC-TELNET" "--help" "--version" "show x.cfg" \
             "show --raw x.cfg" "scan x.cfg" "requirements x.cfg"; do
        name="dev-full-$(echo "$c" | tr -c 'a-z\n' - | sed 's/-*$//')"
        timeout "$T_RUN" "$otlint" $c >/dev/full 2>"$T/err"
        got=$?
        if [ "$got" -ne 2 ]; then fail "$name" "exit $got, want 2"
        elif ! grep -q 'standard output\|stdout' "$T/err"; then fail "$name" "no message: $(head -1 "$T/err")"
        else ok "$name"; fi
    done
else
    echo "ok dev-full # skipped: no writable /dev/full"
fi

# --- FIFOs and /dev/stdin as otlint's own files: refused, not waited on
mkfifo fifo fifo.xml hold || exit 99
mkdir bdir && mkfifo bdir/f.xml
run fifo-waivers 2 $S --waivers fifo x.cfg && said fifo-waivers "fifo: error: not a regular file" &&
    ok fifo-waivers
run fifo-profile 2 $S --profile ./fifo.xml x.cfg && said fifo-profile "not a regular file" &&
    ok fifo-profile
run fifo-baseline 2 $S --baseline fifo.xml x.cfg && said fifo-baseline "fifo.xml: error: not a regular file" &&
    ok fifo-baseline
run fifo-baseline-dir 2 $S --baseline bdir x.cfg && said fifo-baseline-dir "bdir/f.xml: error: not a regular file" &&
    ok fifo-baseline-dir
# /dev/stdin on a pipe that never ends (the writing end stays open here)
exec 3<>hold
timeout "$T_RUN" "$otlint" $S --waivers /dev/stdin x.cfg <&3 >"$T/out" 2>"$T/err"
got=$?
exec 3>&-
if [ "$got" -ne 2 ]; then fail fifo-dev-stdin "exit $got, want 2"
elif said fifo-dev-stdin "/dev/stdin: error: not a regular file"; then ok fifo-dev-stdin; fi

# --- --max-file-size
for v in 18014398509481985K -1 "" 1KB " 5" +5 0 1025G 99999999999999999999999; do
    run "max-file-size '$v'" 2 $S --max-file-size "$v" x.cfg &&
        said "max-file-size '$v'" "--max-file-size: want a size from 1 byte to 1024G" &&
        ok "max-file-size '$v'"
done
run "max-file-size 1024G" 0 $S --max-file-size 1024G x.cfg && ok "max-file-size 1024G"
run "max-file-size 4K" 3 $S --max-file-size 4K x.cfg && said "max-file-size 4K" "over the limit of 4096" &&
    ok "max-file-size 4K"

[ "$fails" -eq 0 ] && exit 0
echo "reports.sh: $fails case(s) failed"
exit 1
