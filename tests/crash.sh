#!/bin/sh
# crash.sh - a plugin that crashes takes the run down with a report that
# names the plugin, the stage and the file, exit 4, and no report file
# (tests/plugins/crash.c; the choice is explained in docs/hostile-input.md).
set -u
: "${OTLINT:?}" "${OTL_TOP_SRCDIR:?}" "${OTL_TOP_BUILDDIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
mkdir "$T/plug" "$T/in"
chmod 755 "$T/plug"
cp "$OTL_TOP_BUILDDIR/tests/plugins/.libs/crash.so" "$T/plug/" || exit 99
cp "$OTL_TOP_SRCDIR/examples/plant/bl1-core1.cfg" "$T/in/a-good.cfg"
printf 'CRASHPARSE\n' >"$T/in/b-parse.txt"
printf 'CRASHSNIFF\n' >"$T/in/c-sniff.txt"

check() { # STAGE FILE
    # ASan and UBSan would take the signal themselves: otlint's handler is
    # what is tested here, so they leave it alone.
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:handle_segv=0:handle_abort=0" \
    TSAN_OPTIONS="${TSAN_OPTIONS:-}:handle_segv=0:handle_abort=0" \
    timeout 60 "$OTLINT" --plugin-dir "$T/plug" scan -j1 -o json="$T/r.json" "$T/in/a-good.cfg" "$2" \
        >"$T/out" 2>"$T/err"
    rc=$?
    if [ $rc -ne 4 ]; then
        echo "FAIL $1: exit $rc, want 4"; sed 's/^/  | /' "$T/err" | head -5; fails=$((fails + 1)); return
    fi
    for want in "fatal: SIGSEGV" "plugin 'test-crash'" "crash.so" "during $1 of $2" "no report file was written"; do
        grep -qF -- "$want" "$T/err" || { echo "FAIL $1: stderr lacks '$want'"; sed 's/^/  | /' "$T/err"; fails=$((fails + 1)); }
    done
    if [ -e "$T/r.json" ]; then echo "FAIL $1: a report was written"; fails=$((fails + 1)); fi
    # The report is written as the scan goes, into a temporary file: gone too.
    if ls -A "$T" | grep -q '^\.r\.json\.'; then echo "FAIL $1: temporary report left behind"; fails=$((fails + 1)); fi
    echo "ok   crash in $1 reported: $(head -1 "$T/err")"
}
check parse "$T/in/b-parse.txt"
check sniff "$T/in/c-sniff.txt"
# Interrupted while the report is being written: no report, no temporary
# file, death by the signal.
printf 'SLOWPARSE\n' >"$T/in/d-slow.txt"
"$OTLINT" --plugin-dir "$T/plug" scan -j1 -o json="$T/i.json" "$T/in/a-good.cfg" "$T/in/d-slow.txt" \
    >/dev/null 2>&1 &
pid=$!
n=0
until ls -A "$T" | grep -q '^\.i\.json\.' || [ $n -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
[ $n -lt 100 ] || { echo "FAIL: no temporary report while the scan ran"; fails=$((fails + 1)); }
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
if ls -A "$T" | grep -q 'i\.json'; then echo "FAIL: interrupted scan left a report or temporary file"; fails=$((fails + 1)); fi
[ $rc -eq 143 ] || { echo "FAIL: interrupted scan exited $rc, want 143 (SIGTERM)"; fails=$((fails + 1)); }
# Without the crashing files the same plugin directory is harmless.
timeout 60 "$OTLINT" --plugin-dir "$T/plug" scan -q "$T/in/a-good.cfg" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: scan without the crashing inputs exited $rc, want 1"; fails=$((fails + 1)); }
[ $fails -eq 0 ] || exit 1
exit 0
