#!/bin/sh
# small.sh - the smaller holes of issue 23 (item 5), one case per reproducer:
#   jit-stack      a regex that exhausts PCRE2's JIT stack on a long input is
#                  a limit (notevaluable, partial, exit 3), not a rule error;
#                  so is the interpreter's heap limit; a pattern that does not
#                  compile stays a rule error (exit 2)
#   quiet-names    with -q every error still names its file on stderr (a rule
#                  that failed, a file not checked), with stdout elsewhere;
#                  -q drops warnings from stderr
#   bidi-escaped   bidi and other format characters (and C0 controls) in file
#                  names and config text never reach the terminal raw: text
#                  report, stderr, the crash-free diagnostics all escape them
#   progress-log   --progress always into a file: one line every few seconds
#                  at most, not one per file
#   progress-tty   on a terminal (script(1)): at most 5 redraws a second
# Inputs are generated into a temporary directory.  Counts are bounded from
# above only (by the measured wall time), so a loaded machine cannot make a
# case fail.  One line per case: `ok NAME` or `FAIL NAME: why`.
# Exit: 0 all passed, 1 a case failed, 77 skipped (no python3/timeout), 99
# hard error.  Environment (from `make check`): OTLINT OTL_TOP_SRCDIR PYTHON3.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
[ -x "$otlint" ] || { echo "small.sh: $otlint not built" >&2; exit 99; }
if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "small.sh: python3 not available (it generates the inputs); skipped" >&2; exit 77
fi
command -v timeout >/dev/null 2>&1 || { echo "small.sh: no timeout(1); skipped" >&2; exit 77; }
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
failed=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
# runo OUT ERR ARGS...: otlint ARGS, stdout and stderr into $T/OUT, $T/ERR; sets rc
runo() { o=$1 e=$2; shift 2; timeout 300 "$otlint" "$@" >"$T/$o" 2>"$T/$e" </dev/null; rc=$?; }

rule() { # ID SELECT-XPATH
    cat <<XML
<rule id="$1" severity="low" classes="switch router" tags="t">
<title>t</title><rationale>r</rationale><fix>f</fix>
<ref standard="IEC 62443-3-3" id="SR 1.1"/><source>tests/hostile/small.sh</source>
<select>$2</select>
<message>m</message></rule>
XML
}
baseline() { # FILE RULES...
    f=$1; shift
    { echo '<baseline xmlns="urn:otlint:baseline:1" id="small" version="1">'; printf '%s\n' "$@"
      echo '</baseline>'; } >"$f"
}

# ---------------------------------------------------------------- jit-stack
# 60,000 characters of "ab": each repetition of ((a)|(b))* keeps a frame on
# the JIT stack (512 KiB, OTL_PCRE2_JIT_STACK), which runs out long before
# the match limit.  Without JIT the depth limit stops the same match.
"$python3" -c "print('hostname jit\ninterface Gi1/1\n description ' + 'ab' * 30000 + '\n!')" \
    >"$T/jit.cfg" || exit 99
baseline "$T/jit.xml" "$(rule T-JIT "facts/interface[re:test(@description, '^((a)|(b))*\$')]")"
# The interpreter's heap (OTL_PCRE2_HEAP_LIMIT): 1,500 capture groups make
# each backtracking frame 24 KiB, so 32 MiB run out before the depth limit.
pat=$("$python3" -c "print('(*NO_JIT)^(?:(?:z' + '(x)' * 1500 + ')?(a)|(b))*\$')") || exit 99
baseline "$T/heap.xml" "$(rule T-HEAP "facts/interface[re:test(@description, '$pat')]")"
baseline "$T/bad.xml" "$(rule T-BAD "facts/system[re:test(@hostname, '(')]")"
why=
runo out err --no-default-baselines --baseline "$T/jit.xml" scan -o json="$T/jit.json" "$T/jit.cfg"
[ $rc -eq 3 ] || why="$why; JIT stack: exit $rc, want 3"
grep -q "jit.cfg: error: rule T-JIT not evaluated: limit: regex" "$T/err" || why="$why; JIT stack: no 'not evaluated: limit' diagnostic"
grep -q '"state": *"notevaluable"' "$T/jit.json" || why="$why; JIT stack: T-JIT not notevaluable in JSON"
runo out err --no-default-baselines --baseline "$T/heap.xml" scan "$T/jit.cfg"
[ $rc -eq 3 ] || why="$why; heap: exit $rc, want 3"
grep -q "rule T-HEAP not evaluated: limit: regex" "$T/out" || why="$why; heap: no 'not evaluated: limit' diagnostic"
runo out err --no-default-baselines --baseline "$T/bad.xml" scan "$T/jit.cfg"
[ $rc -eq 2 ] || why="$why; bad pattern: exit $rc, want 2"
grep -q "rule T-BAD failed: regex /(/" "$T/out" || why="$why; bad pattern: no 'failed' diagnostic"
[ -z "$why" ] && ok "jit-stack: JIT stack and heap limits notevaluable (exit 3), a bad pattern an error (exit 2)" ||
    fail jit-stack "${why#; }"

# ---------------------------------------------------------------- quiet-names
# stdout goes to a file (a CI job that keeps the report, and stderr for the
# log): with -q the failed rule and the unreadable file are named on stderr.
mkdir "$T/q" && printf 'hostname q\n!\n' >"$T/q/good.cfg" || exit 99
printf 'random words\n' >"$T/q/unknown.txt"
# warnings only, and partial for them (no error diagnostic of its own)
cp "$top/tests/formats/codesys-cfg/malformed.cfg" "$T/q/warn.cfg" || exit 99
why=
runo out err --no-default-baselines --baseline "$T/bad.xml" scan -q "$T/q/good.cfg" "$T/q/nonexist.cfg" "$T/q/unknown.txt"
[ $rc -eq 3 ] || why="$why; exit $rc, want 3"
grep -q "good.cfg: error: rule T-BAD failed" "$T/err" || why="$why; stderr does not name good.cfg's failed rule"
grep -q "nonexist.cfg: error: " "$T/err" || why="$why; stderr does not name nonexist.cfg"
grep -q "unknown.txt: error: " "$T/err" || why="$why; stderr does not name unknown.txt"
runo out err --no-default-baselines --baseline "$T/bad.xml" scan -q -o json="$T/q.json" "$T/q/good.cfg" "$T/q/nonexist.cfg" "$T/q/warn.cfg"
grep -q "good.cfg: error: rule T-BAD failed" "$T/err" || why="$why; -o json: stderr does not name good.cfg"
grep -q "nonexist.cfg: error: " "$T/err" || why="$why; -o json: stderr does not name nonexist.cfg"
grep -q ": warning: " "$T/err" && why="$why; -q -o json: warnings on stderr"
grep -q "warn.cfg: error: not checked (partial)" "$T/err" || why="$why; -q -o json: warn.cfg (partial) not named"
runo out err --no-default-baselines --baseline "$T/bad.xml" scan -o json="$T/q.json" "$T/q/warn.cfg"
grep -q "warn.cfg:4: warning: " "$T/err" || why="$why; without -q: warn.cfg's warning missing from stderr (case broken?)"
[ -z "$why" ] && ok "quiet-names: with -q every error names its file on stderr, warnings dropped" ||
    fail quiet-names "${why#; }"

# ---------------------------------------------------------------- bidi-escaped
# A file name with ESC and RIGHT-TO-LEFT OVERRIDE, an unrecognised one with an
# isolate, and a hostname / description with bidi, zero-width and BOM
# characters: neither stdout nor stderr of a text run holds any of them raw.
mkdir "$T/b" || exit 99
rlo=$(printf '\342\200\256') lri=$(printf '\342\201\246') zw=$(printf '\342\200\213')
printf 'hostname x%sy\ninterface Gi1/1\n description %sbad%s\357\273\277end\n!\n' "$rlo" "$lri" "$zw" \
    >"$T/b/$(printf 'a\033[31m%sevil.cfg' "$rlo")" || exit 99
printf 'junk\n' >"$T/b/$(printf 'u%sx.txt' "$lri")"
baseline "$T/desc.xml" "$(rule T-DESC "facts/interface[@description]")" \
    "$(rule T-DBAD "facts/interface[re:test(@description, '(')]")"
why=
runo out err --baseline "$T/desc.xml" scan "$T/b"
[ $rc -eq 3 ] || why="$why; exit $rc, want 3"
for f in out err; do
    for c in "$rlo" "$lri" "$zw" "$(printf '\357\273\277')" "$(printf '\033')"; do
        if grep -q "$c" "$T/$f"; then
            why="$why; std$f holds a raw $(printf '%s' "$c" | od -An -tx1 | tr -d ' ')"
        fi
    done
done
grep -q 'x\\u202ey' "$T/out" || why="$why; stdout lacks the escaped hostname x\\u202ey"
grep -q 'evil.cfg: error: rule T-DBAD failed' "$T/err" || why="$why; stderr does not name the file of the failed rule"
grep -q 'a\\x1b\[31m\\u202eevil.cfg' "$T/err" || why="$why; stderr lacks the escaped file name"
grep -q 'u\\u2066x.txt' "$T/err" || why="$why; stderr lacks the escaped unrecognised file name"
[ -z "$why" ] && ok "bidi-escaped: format characters and controls escaped on stdout and stderr" ||
    fail bidi-escaped "${why#; }"

# ---------------------------------------------------------------- progress
# 2,000 small files.  A log gets at most one line per 5 s of wall time (plus
# one), a terminal at most 5 redraws a second (plus a few); the wall time is
# measured around the run, so a slow machine only loosens the bound.
mkdir "$T/many" || exit 99
"$python3" - "$T/many" <<'PY' || exit 99
import sys
for i in range(2000):
    with open("%s/h%04d.cfg" % (sys.argv[1], i), "w") as f:
        f.write("hostname h%d\n!\n" % i)
PY
t0=$(date +%s)
runo out prog.log --progress always -o json=/dev/null scan "$T/many"
t1=$(date +%s)
lines=$(grep -c '^otlint: [0-9]*/2000 files' "$T/prog.log")
max=$(( (t1 - t0 + 1) / 5 + 1 ))
if [ $rc -gt 1 ]; then fail progress-log "exit $rc"
elif [ "$lines" -gt "$max" ]; then fail progress-log "$lines progress lines in $((t1 - t0)) s, want <= $max"
else ok "progress-log: $lines progress lines in $((t1 - t0)) s (<= $max)"; fi

if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
    # text on stdout (the same terminal) erases the line before every file;
    # the redraws still keep to five a second.
    t0=$(date +%s)
    TERM=xterm CI= timeout 300 script -qec "'$otlint' scan -q --progress always '$T/many'" "$T/tty.log" \
        >/dev/null 2>&1 </dev/null
    t1=$(date +%s)
    redraws=$(grep -ao 'otlint: [0-9]*/2000 files' "$T/tty.log" | wc -l)
    max=$(( (t1 - t0 + 1) * 5 + 5 ))
    if [ "$redraws" -gt "$max" ]; then fail progress-tty "$redraws redraws in $((t1 - t0)) s, want <= $max"
    else ok "progress-tty: $redraws redraws in $((t1 - t0)) s (<= $max)"; fi
else
    echo "skip progress-tty: no script(1) that runs a command on a pseudo-terminal"
fi

[ "$failed" -eq 0 ] || exit 1
exit 0
