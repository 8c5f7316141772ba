#!/bin/sh
# outputs.sh - all four writers at once on the example plant, end to end:
#   - exit status 1 (the examples have findings at or above --fail-on)
#   - out.sarif validates against the official SARIF 2.1.0 schema
#   - out.json validates against docs/otlint-result.schema.json
#   - out.xml is well-formed, and its testsuites counts equal what out.json
#     implies (one testcase per device x rule result, plus one "parse"
#     testcase per file that was not evaluated)
#   - SARIF has exactly one result per JSON finding (waived ones included)
#   - out.txt ends with the summary line
# Environment (TESTS_ENVIRONMENT): OTLINT, OTL_TOP_SRCDIR, PYTHON3, XMLLINT.
# Exit 77 (skip) when a tool it needs is missing.
set -u

: "${OTL_TOP_SRCDIR:?}" "${OTLINT:?}"
PYTHON3=${PYTHON3:-python3}
XMLLINT=${XMLLINT:-xmllint}
SARIF_SCHEMA=$OTL_TOP_SRCDIR/../shared/schemas/sarif-schema-2.1.0.json
JSON_SCHEMA=$OTL_TOP_SRCDIR/docs/otlint-result.schema.json
VALIDATE=$OTL_TOP_SRCDIR/tests/validate-json.py

if [ "$PYTHON3" = no ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
    echo "outputs.sh: python3 not found; skipped"
    exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/otl-outputs.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fail=0
err() { echo "FAIL: $*"; fail=1; }

"$OTLINT" scan -o text="$T/out.txt" -o json="$T/out.json" -o sarif="$T/out.sarif" \
    -o junit="$T/out.xml" "$OTL_TOP_SRCDIR/examples" >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ "$rc" -ne 1 ]; then
    err "otlint scan exited $rc, expected 1 (findings)"
    cat "$T/stderr"
fi
for f in out.txt out.json out.sarif out.xml; do
    [ -s "$T/$f" ] || err "$f missing or empty"
done
[ "$fail" -eq 0 ] || exit 1

# JSON Schema validation: 77 from validate-json.py means jsonschema is
# missing; then the structural checks below still run.
skip_schema=0
for pair in "$SARIF_SCHEMA:$T/out.sarif" "$JSON_SCHEMA:$T/out.json"; do
    schema=${pair%%:*}
    doc=${pair#*:}
    if [ ! -r "$schema" ]; then
        echo "outputs.sh: $schema not found; schema check of $(basename "$doc") skipped"
        continue
    fi
    "$PYTHON3" "$VALIDATE" "$schema" "$doc"
    case $? in
    0) ;;
    77) skip_schema=1 ;;
    *) err "$(basename "$doc") does not validate against $(basename "$schema")" ;;
    esac
done

if [ "$XMLLINT" != no ] && command -v "$XMLLINT" >/dev/null 2>&1; then
    "$XMLLINT" --noout --nonet "$T/out.xml" || err "out.xml is not well-formed"
else
    echo "outputs.sh: xmllint not found; well-formedness left to python"
fi

# Cross-format consistency.  Python's ElementTree parses the XML itself, so
# the counts are checked even without xmllint.
"$PYTHON3" - "$T/out.json" "$T/out.sarif" "$T/out.xml" <<'EOF' || err "outputs disagree"
import json, sys
import xml.etree.ElementTree as ET

js = json.load(open(sys.argv[1], encoding="utf-8"))
sarif = json.load(open(sys.argv[2], encoding="utf-8"))
root = ET.parse(sys.argv[3]).getroot()
bad = []

# What the JSON implies for JUnit.
want = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for d in js["devices"]:
    if d["status"] == "skipped":
        want["tests"] += 1
        want["skipped"] += 1
    elif d["status"] not in ("ok", "partial"):
        want["tests"] += 1
        want["errors"] += 1
    for r in d["results"]:
        want["tests"] += 1
        s = r["state"]
        if s == "fail":
            want["failures"] += 1
        elif s == "error":
            want["errors"] += 1
        elif s in ("notapplicable", "notevaluable"):
            want["skipped"] += 1

if root.tag != "testsuites":
    bad.append("JUnit root is <%s>" % root.tag)
for k, v in want.items():
    got = int(root.get(k, "-1"))
    if got != v:
        bad.append("JUnit testsuites %s=%d, JSON implies %d" % (k, got, v))

# Every suite's attributes match its own elements.
suites = root.findall("testsuite")
if len(suites) != len(js["devices"]):
    bad.append("%d testsuites for %d devices" % (len(suites), len(js["devices"])))
for s in suites:
    cases = s.findall("testcase")
    have = {"tests": len(cases),
            "failures": sum(len(c.findall("failure")) for c in cases),
            "errors": sum(len(c.findall("error")) for c in cases),
            "skipped": sum(len(c.findall("skipped")) for c in cases)}
    for k, v in have.items():
        if int(s.get(k, "-1")) != v:
            bad.append("suite %r: %s=%s but %d elements" % (s.get("name"), k, s.get(k), v))

# JSON summary is consistent with the devices.
findings = [f for d in js["devices"] for f in d["findings"]]
n_unwaived = sum(1 for f in findings if f["state"] != "waived")
if sum(js["summary"]["findings"].values()) != n_unwaived:
    bad.append("summary.findings does not add up to the unwaived findings")
if js["summary"]["waived"] != len(findings) - n_unwaived:
    bad.append("summary.waived does not match the waived findings")
if js["summary"]["files"] != len(js["devices"]):
    bad.append("summary.files != number of devices")

# SARIF: one result per finding, same fingerprints, same rules.
results = sarif["runs"][0]["results"]
if len(results) != len(findings):
    bad.append("SARIF has %d results, JSON %d findings" % (len(results), len(findings)))
fp_json = sorted(f["fingerprint"] for f in findings)
fp_sarif = sorted(r["partialFingerprints"]["otlint/v1"] for r in results)
if fp_json != fp_sarif:
    bad.append("SARIF and JSON fingerprints differ")
sup = sum(1 for r in results if r.get("suppressions"))
if sup != len(findings) - n_unwaived:
    bad.append("SARIF suppressions %d != waived findings %d" % (sup, len(findings) - n_unwaived))
rule_ids = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
if rule_ids != [r["id"] for r in js["rules"]]:
    bad.append("SARIF rules differ from JSON rules")
for r in results:
    i = r.get("ruleIndex")
    if i is not None and rule_ids[i] != r["ruleId"]:
        bad.append("SARIF ruleIndex %d does not point at %s" % (i, r["ruleId"]))

if not findings:
    bad.append("no findings at all on the examples: the test proves nothing")
for b in bad:
    print("outputs.sh:", b)
sys.exit(1 if bad else 0)
EOF

tail -n 1 "$T/out.txt" | grep -q '^otlint: [0-9]* files\{0,1\} ' || err "out.txt has no summary line"
grep -q ':[0-9][0-9]*: [A-Z]* [A-Z0-9-]* ' "$T/out.txt" || err "out.txt has no path:line: finding"

if [ "$fail" -ne 0 ]; then
    exit 1
fi
[ "$skip_schema" -eq 0 ] || echo "outputs.sh: jsonschema missing, schema validation skipped"
exit 0
