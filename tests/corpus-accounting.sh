#!/bin/sh
# corpus-accounting.sh - the shared corpus folders of vendors no plugin reads
# (beckhoff_twincat; hirschmann is read since issue 25: tests/corpus-hirschmann-hios.sh; read
# in place at ../shared/corpus) are not reported as checked (issue 22, item 1):
# each folder scanned with -q exits 3 and names every file on stderr as
# unrecognised; JSON counts them in files_failed and files_unrecognised, JUnit
# has an <error> testcase for each, SARIF a notification for each and
# executionSuccessful false.  (juniper/ is read by the junos plugin since issue
# 24: tests/corpus-junos.sh.)  Skipped (77) without the corpus.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
PYTHON3=${PYTHON3:-python3}
corpus=$top/../shared/corpus

[ -d "$corpus" ] || { echo "corpus-accounting.sh: $corpus absent; skipped"; exit 77; }
if [ "$PYTHON3" = no ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
    echo "corpus-accounting.sh: python3 not found; skipped"
    exit 77
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/otl-caccount.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM
fail=0
ios_trap=juniper/batfish_example-juniper_as2border1.cfg

for dir in beckhoff_twincat; do
    [ -d "$corpus/$dir" ] || { echo "FAIL $dir: not in the corpus"; fail=1; continue; }
    "$otlint" scan -q "$corpus/$dir" >"$T/out" 2>"$T/err"
    rc=$?
    if [ $rc -ne 3 ]; then
        echo "FAIL $dir: otlint scan -q exited $rc, expected 3"; fail=1
    fi
    n=0
    for f in "$corpus/$dir"/*; do
        [ -f "$f" ] || continue
        rel=${f#"$corpus"/}
        [ "$rel" = "$ios_trap" ] && continue
        n=$((n + 1))
        if ! grep -qF "$f: error: not checked (unrecognised)" "$T/err"; then
            echo "FAIL $rel: not named as unrecognised on stderr with -q"; fail=1
        fi
    done
    "$otlint" scan "$corpus/$dir" -o json="$T/o.json" -o sarif="$T/o.sarif" -o junit="$T/o.xml" \
        >/dev/null 2>&1
    "$PYTHON3" - "$T/o.json" "$T/o.sarif" "$T/o.xml" "$n" "$corpus/$ios_trap" <<'EOF' || { echo "FAIL $dir: JSON/SARIF/JUnit"; fail=1; }
import json, sys
import xml.etree.ElementTree as ET
js, sarif, root = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), ET.parse(sys.argv[3]).getroot()
n, trap = int(sys.argv[4]), sys.argv[5]
bad = []
unrec = [d["file"] for d in js["devices"] if d["status"] == "unrecognised"]
if len(unrec) != n or js["summary"]["files_unrecognised"] != n or js["summary"]["files_failed"] < n:
    bad.append("JSON: %d unrecognised (summary %r), want %d" % (len(unrec), js["summary"], n))
for d in js["devices"]:
    if d["file"] == trap and d["status"] != "ok":
        bad.append("the IOS file in juniper/ is %s" % d["status"])
inv = sarif["runs"][0]["invocations"][0]
if inv["executionSuccessful"] is not False:
    bad.append("SARIF executionSuccessful is not false")
noted = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[1]
         for n in inv["toolExecutionNotifications"] if n["level"] == "error"}
for f in unrec:
    if f.rsplit("/", 1)[1] not in noted:
        bad.append("SARIF: no notification for %s" % f)
errs = {s.find("properties/property[@name='otlint.file']").get("value")
        for s in root.findall("testsuite") for c in s.findall("testcase")
        if c.get("name") == "parse" and c.find("error") is not None}
for f in unrec:
    if f not in errs:
        bad.append("JUnit: no <error> for %s" % f)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
    [ $fail -eq 0 ] && echo "ok   $dir: exit 3, $n files named as unrecognised"
done
exit $fail
