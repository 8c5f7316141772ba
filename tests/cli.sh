#!/bin/sh
# cli.sh - the otlint command end to end: exit codes, refusals, commands.
# Run by `make check` with OTLINT, OTL_TOP_SRCDIR, OTL_TOP_BUILDDIR set.
set -u
: "${OTLINT:?}" "${OTL_TOP_SRCDIR:?}" "${OTL_TOP_BUILDDIR:?}"

T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
passes=0
PLUG="$OTL_TOP_BUILDDIR/tests/plugins/.libs"

. "$OTL_TOP_SRCDIR/tests/expect.sh" # expect, grep_in, grep_not

# --- usage
expect 0 "--help" -- "$OTLINT" --help && grep_in "$T/out" "Exit status" "help text"
expect 0 "--version" -- "$OTLINT" --version && grep_in "$T/out" "plugin ABI 1.4" "version"
expect 2 "no command" -- "$OTLINT"
expect 2 "unknown command" -- "$OTLINT" frobnicate
expect 2 "unknown option" -- "$OTLINT" --frobnicate scan x
expect 2 "unknown output format" -- "$OTLINT" scan -o yaml x
expect 2 "bad --fail-on" -- "$OTLINT" scan --fail-on severe x
expect 2 "bad -j" -- "$OTLINT" scan -j 0 x
expect 2 "unknown --format" -- "$OTLINT" scan --format nope x
expect 2 "scan without path" -- "$OTLINT" scan

# --- formats and plugin refusals
expect 0 "formats" -- "$OTLINT" formats && grep_in "$T/out" "cisco-ios" "formats lists cisco-ios"
mkdir "$T/ww" && cp "$PLUG/good.so" "$T/ww/" && chmod 0777 "$T/ww"
expect 2 "world-writable plugin dir" -- "$OTLINT" --plugin-dir "$T/ww" formats &&
    grep_in "$T/err" "$T/ww" "refusal names the directory" &&
    grep_in "$T/err" "world-writable" "refusal says why"
mkdir "$T/abi" && cp "$PLUG/badabi.so" "$T/abi/"
expect 2 "other ABI major" -- "$OTLINT" --plugin-dir "$T/abi" formats &&
    grep_in "$T/err" "$T/abi/badabi.so" "refusal names the file" &&
    grep_in "$T/err" "built against plugin ABI 2.0 instead of 1.4" "refusal says why"
mkdir "$T/ok" && cp "$PLUG/good.so" "$T/ok/"
expect 0 "good plugin dir" -- "$OTLINT" --plugin-dir "$T/ok" formats && grep_in "$T/out" "test-good" "extra plugin listed"

# --- a private baseline and the test-good format, for exact exit codes
cat >"$T/b.xml" <<'X'
<baseline xmlns="urn:otlint:baseline:1" id="cli">
  <rule id="CLI-TELNET" severity="high" classes="switch">
    <title>telnet</title><rationale>r</rationale><fix>f</fix>
    <ref standard="IEC 62443-3-3" id="SR 4.1" sl="1"/>
    <source>test</source>
    <select>facts/service[@name='telnet']</select>
    <message>telnet on</message>
  </rule>
</baseline>
X
printf 'TESTCFG\nfact system hostname=S1 class=switch\nfact service name=telnet\n' >"$T/s1.cfg"
printf 'TESTCFG\nfact system hostname=S2 class=switch\n' >"$T/s2.cfg"
B="--plugin-dir $T/ok --no-default-baselines --baseline $T/b.xml"
expect 1 "finding at fail-on" -- "$OTLINT" $B scan "$T/s1.cfg" && grep_in "$T/out" "s1.cfg:3:" "file:line in text"
expect 0 "finding below fail-on" -- "$OTLINT" $B scan --fail-on critical "$T/s1.cfg"
expect 0 "clean file" -- "$OTLINT" $B scan "$T/s2.cfg"
expect 3 "missing input" -- "$OTLINT" $B scan "$T/nope.cfg" && grep_in "$T/out" "nope.cfg" "missing input named"
expect 3 "missing input beats findings" -- "$OTLINT" $B scan "$T/s1.cfg" "$T/nope.cfg"
: >"$T/empty.cfg"
expect 3 "empty file named explicitly" -- "$OTLINT" $B scan "$T/empty.cfg" && grep_in "$T/out" "empty.cfg" "empty file named"
mkfifo "$T/fifo.cfg"
expect 3 "FIFO does not hang" -- "$OTLINT" $B scan "$T/fifo.cfg" && grep_in "$T/out" "not a regular file" "FIFO reason"
printf 'TESTCFG\nfail\n' >"$T/bad.cfg"
expect 3 "parse failure" -- "$OTLINT" $B scan "$T/bad.cfg" && grep_in "$T/out" "bad.cfg:2:" "parse error line"
# a file read only in part (malformed lines: status partial) is never exit 0 or 1
expect 3 "partial parse" -- "$OTLINT" $B scan "$OTL_TOP_SRCDIR/tests/formats/codesys-cfg/malformed.cfg" && grep_in "$T/out" "status=partial" "partial status shown"
mkdir -p "$T/tree/sub" "$T/tree/.git"
cp "$T/s2.cfg" "$T/tree/sub/" && echo "notes" >"$T/tree/README.txt" && cp "$T/s1.cfg" "$T/tree/.git/"
ln -s "$T/tree" "$T/tree/sub/loop"
expect 0 "directory walk: unrecognised file reported, VCS and symlink loop skipped" -- "$OTLINT" $B scan -o json="$T/tree.json" "$T/tree"
grep_in "$T/tree.json" "README.txt" "unrecognised file reported"
if grep -q '"S1"' "$T/tree.json"; then echo "FAIL: .git folder was scanned"; fails=$((fails + 1)); else passes=$((passes + 1)); fi
expect 2 "output to an unwritable place" -- "$OTLINT" $B scan -o json="$T/nodir/x.json" "$T/s2.cfg"
expect 1 "-j1" -- "$OTLINT" $B scan -j 1 -o json="$T/j1.json" "$T/s1.cfg" "$T/s2.cfg" "$T/tree"
expect 1 "-j2" -- "$OTLINT" $B scan -j 2 -o json="$T/j2.json" "$T/s1.cfg" "$T/s2.cfg" "$T/tree"
if cmp -s "$T/j1.json" "$T/j2.json"; then passes=$((passes + 1)); else echo "FAIL: -j1 and -j2 outputs differ"; fails=$((fails + 1)); fi
# the walk hands files over one at a time: order (problems after the files), nesting limit
d="$T/deep/d"; i=0
while [ $i -lt 64 ]; do d="$d/d"; i=$((i + 1)); done
mkdir -p "$d" "$T/deep/a" && cp "$T/s1.cfg" "$T/deep/a/" && cp "$T/s2.cfg" "$T/deep/b.cfg" && cp "$T/s2.cfg" "$d/"
expect 3 "walk: nesting deeper than 64 reported, the rest scanned in order" -- \
    "$OTLINT" $B scan -j2 "$T/deep" "$T/nothere.cfg" &&
    grep_in "$T/out" "directory nesting deeper than 64; not descended" "nesting limit named"
if [ "$(sed -n 's/^== \([^ ]*\) .*/\1/p' "$T/out" | tr '\n' ' ')" = "$T/deep/a/s1.cfg $T/deep/b.cfg $d $T/nothere.cfg " ]; then
    passes=$((passes + 1)); else echo "FAIL: walk order"; sed 's/^/  | /' "$T/out" | head -8; fails=$((fails + 1)); fi

# --- baseline errors are exit 2 with file:line
sed 's/severity="high"/severity="urgent"/' "$T/b.xml" >"$T/bad-sev.xml"
expect 2 "invalid baseline" -- "$OTLINT" --plugin-dir "$T/ok" --no-default-baselines --baseline "$T/bad-sev.xml" scan "$T/s2.cfg" &&
    grep_in "$T/err" "bad-sev.xml:[0-9][0-9]*: error:" "baseline error names file:line"
sed "s|facts/service\[@name='telnet'\]|facts/service[re:test(@name, '(')]|" "$T/b.xml" >"$T/bad-re.xml"
expect 2 "rule error at run time" -- "$OTLINT" --plugin-dir "$T/ok" --no-default-baselines --baseline "$T/bad-re.xml" scan "$T/s1.cfg" &&
    grep_in "$T/out" "CLI-TELNET" "rule error named"
expect 2 "unknown profile" -- "$OTLINT" scan --profile nope "$T/s2.cfg"

# --- rules, explain, show
expect 0 "rules" -- "$OTLINT" rules && grep_in "$T/out" "NET-SVC-TELNET" "rules lists the baseline"
expect 0 "explain" -- "$OTLINT" explain NET-SVC-TELNET && grep_in "$T/out" "SR 4.1" "explain shows references"
expect 2 "explain unknown" -- "$OTLINT" explain NOPE-1
IOS="$OTL_TOP_SRCDIR/examples"
f=$(find "$IOS" -name '*.cfg' | sort | head -1)
expect 0 "show" -- "$OTLINT" show "$f" && grep_in "$T/out" "<facts>" "show prints facts" && grep_in "$T/out" 'line="' "show prints lines"
if grep -q "<raw" "$T/out"; then echo "FAIL: show without --raw printed raw"; fails=$((fails + 1)); else passes=$((passes + 1)); fi
expect 0 "show --raw" -- "$OTLINT" show --raw "$f" && grep_in "$T/out" "<stmt" "show --raw prints statements"
expect 3 "show missing" -- "$OTLINT" show "$T/nope.cfg"
# read in part: the document of what was read, and exit 3 as scan
expect 3 "show partial" -- "$OTLINT" show "$OTL_TOP_SRCDIR/tests/formats/codesys-cfg/malformed.cfg" &&
    grep_in "$T/out" "<facts>" "show partial prints facts" && grep_in "$T/err" "warning:" "show partial says why"

# --- the quick start: examples exit 1 with file:line and 62443 ids
expect 1 "scan examples" -- "$OTLINT" scan "$OTL_TOP_SRCDIR/examples" &&
    grep_in "$T/out" "\.cfg:[0-9][0-9]*:" "findings with file:line" &&
    grep_in "$T/out" "IEC 62443-3-3 SR" "62443 ids in text"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
