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
# Then the same at SL-T 2 (--sl 2), which adds the roll-up:
#   - sl.json: target_sl, assessment_basis, security_levels with exactly
#     FR1..FR7 (0 <= achieved <= ceiling <= target), requirement rules that
#     name rules of the run, limited_by ids among the device's requirements
#   - sl.sarif: every rule relationship resolves into runs[0].taxonomies,
#     and every IEC reference tag of a rule has one
#   - sl.txt ends with the SL table
#   - `otlint requirements --sl 2`: matrix.json validates against
#     docs/otlint-matrix.schema.json and agrees with sl.json (rows, columns,
#     cells); matrix.csv is RFC 4180 with the same rows and cells
# Environment (TESTS_ENVIRONMENT): OTLINT, OTL_TOP_SRCDIR, PYTHON3, XMLLINT.
# Exit 77 (skip) when a tool it needs is missing.
set -u

: "${OTL_TOP_SRCDIR:?}" "${OTLINT:?}"
PYTHON3=${PYTHON3:-python3}
XMLLINT=${XMLLINT:-xmllint}
SARIF_SCHEMA=$OTL_TOP_SRCDIR/../shared/schemas/sarif-schema-2.1.0.json
JSON_SCHEMA=$OTL_TOP_SRCDIR/docs/otlint-result.schema.json
MATRIX_SCHEMA=$OTL_TOP_SRCDIR/docs/otlint-matrix.schema.json
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
consistent() { # PREFIX: $T/PREFIX.json, .sarif and .xml agree
"$PYTHON3" - "$T/$1.json" "$T/$1.sarif" "$T/$1.xml" <<'EOF' || err "$1: outputs disagree"
import json, sys
import xml.etree.ElementTree as ET

js = json.load(open(sys.argv[1], encoding="utf-8"))
sarif = json.load(open(sys.argv[2], encoding="utf-8"))
root = ET.parse(sys.argv[3]).getroot()
bad = []

# What the JSON implies for JUnit.
want = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for d in js["devices"]:
    if d["status"] in ("skipped", "ignored"):
        want["tests"] += 1
        want["skipped"] += 1
    elif d["status"] != "ok":
        # not evaluated, or only in part: one "parse" <error> testcase
        want["tests"] += 1
        want["errors"] += 1
    for r in d["results"]:
        s = r["state"]
        if s == "notapplicable":
            continue  # one <system-out> line per file, not a testcase
        want["tests"] += 1
        if s == "fail":
            want["failures"] += 1
        elif s == "error":
            want["errors"] += 1
        elif s in ("notevaluable", "waived"):
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
    for e in [s] + s.findall("testcase"):
        try:
            float(e.get("time"))
        except (TypeError, ValueError):
            bad.append("suite %r: %s without a time" % (s.get("name"), e.tag))
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
for r in results:
    for s in r.get("suppressions", []):
        if s.get("kind") != "external" or s.get("status") != "accepted":
            bad.append("SARIF suppression is not external/accepted: %r" % s)
# Every finding at a line has that region; a device-level one has none and
# says so (issue 22).
line_of = {f["fingerprint"]: f["line"] for f in findings}
for r in results:
    loc = r["locations"][0]
    line = line_of.get(r["partialFingerprints"]["otlint/v1"])
    region = loc["physicalLocation"].get("region")
    if line:
        if region is None or region.get("startLine") != line:
            bad.append("SARIF result %s at line %s has region %r" % (r["ruleId"], line, region))
    elif region is not None or not r.get("properties", {}).get("otlint/device-level") \
            or "device level" not in loc.get("message", {}).get("text", ""):
        bad.append("SARIF device-level result %s is not marked as such" % r["ruleId"])
for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
    if "security" not in rule["properties"]["tags"]:
        bad.append("SARIF rule %s is not tagged security" % rule["id"])
    if not rule.get("help", {}).get("markdown") and not rule.get("helpUri"):
        bad.append("SARIF rule %s has neither help.markdown nor helpUri" % rule["id"])
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
}
consistent out

tail -n 1 "$T/out.txt" | grep -q '^otlint: [0-9]* files\{0,1\} ' || err "out.txt does not end with the summary line"
grep -q ':[0-9][0-9]*: [A-Z]* [A-Z0-9-]* ' "$T/out.txt" || err "out.txt has no path:line: finding"

# ------------------------------------------------------------ SL-T 2
"$OTLINT" scan --sl 2 -o text="$T/sl.txt" -o json="$T/sl.json" -o sarif="$T/sl.sarif" \
    -o junit="$T/sl.xml" "$OTL_TOP_SRCDIR/examples" >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    err "otlint scan --sl 2 exited $rc"
    cat "$T/stderr"
fi
"$OTLINT" requirements --sl 2 -o json="$T/matrix.json" -o csv="$T/matrix.csv" \
    -o text="$T/matrix.txt" "$OTL_TOP_SRCDIR/examples" >"$T/stdout" 2>"$T/stderr"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    err "otlint requirements --sl 2 exited $rc"
    cat "$T/stderr"
fi
for f in sl.txt sl.json sl.sarif sl.xml matrix.json matrix.csv matrix.txt; do
    [ -s "$T/$f" ] || err "$f missing or empty"
done
[ "$fail" -eq 0 ] || exit 1
for pair in "$SARIF_SCHEMA:$T/sl.sarif" "$JSON_SCHEMA:$T/sl.json" "$MATRIX_SCHEMA:$T/matrix.json"; do
    schema=${pair%%:*}
    doc=${pair#*:}
    [ -r "$schema" ] || continue
    "$PYTHON3" "$VALIDATE" "$schema" "$doc"
    case $? in
    0 | 77) ;;
    *) err "$(basename "$doc") does not validate against $(basename "$schema")" ;;
    esac
done
consistent sl

"$PYTHON3" - "$T/sl.json" "$T/sl.sarif" "$T/matrix.json" "$T/matrix.csv" <<'EOF' || err "roll-up outputs disagree"
import csv, io, json, sys

js = json.load(open(sys.argv[1], encoding="utf-8"))
sarif = json.load(open(sys.argv[2], encoding="utf-8"))
mx = json.load(open(sys.argv[3], encoding="utf-8"))
raw = open(sys.argv[4], "rb").read().decode("utf-8")
bad = []
FRS = ["FR%d" % i for i in range(1, 8)]

def levels(where, sl, target):
    if list(sl.keys()) != FRS:
        bad.append("%s: security_levels keys %s" % (where, list(sl.keys())))
        return
    for k, v in sl.items():
        if v["target"] != target:
            bad.append("%s %s: target %r, want %r" % (where, k, v["target"], target))
        if not 0 <= v["achieved"] <= v["ceiling"] <= target:
            bad.append("%s %s: achieved %d ceiling %d" % (where, k, v["achieved"], v["ceiling"]))

if js.get("target_sl") != 2:
    bad.append("target_sl is %r" % js.get("target_sl"))
if js.get("assessment_basis") != "configuration evidence only":
    bad.append("no assessment_basis")
if "requirements" not in js or "security_levels" not in js:
    bad.append("no scan-level roll-up at --sl 2")
else:
    levels("scan", js["security_levels"], 2)
rule_ids = {r["id"] for r in js["rules"]}
rolled = [d for d in js["devices"] if "requirements" in d]
if not rolled:
    bad.append("no device has a roll-up at --sl 2")
for d in rolled:
    where = d["file"]
    levels(where, d["security_levels"], 2)
    ids = {(q["standard"], q["id"]) for q in d["requirements"]}
    for q in d["requirements"]:
        if not set(q["rules"]) <= rule_ids:
            bad.append("%s %s: rules %s not in the run" % (where, q["id"], q["rules"]))
    for k, v in d["security_levels"].items():
        for i in v["limited_by"]:
            if ("IEC 62443-3-3", i) not in ids:
                bad.append("%s %s: limited_by %s is not a requirement of the device" % (where, k, i))
for q in js.get("requirements", []):
    n = sum(q["devices"].values())
    if not 1 <= n <= len(rolled):
        bad.append("scan requirement %s counts %d devices of %d" % (q["id"], n, len(rolled)))

# SARIF: relationships resolve, every IEC reference has one.
run = sarif["runs"][0]
tax = run.get("taxonomies", [])
if not tax:
    bad.append("SARIF has no taxonomies")
sup = run["tool"]["driver"].get("supportedTaxonomies", [])
if [t["name"] for t in sup] != [t["name"] for t in tax]:
    bad.append("supportedTaxonomies do not name the taxonomies")
for rule in run["tool"]["driver"]["rules"]:
    got = set()
    for rel in rule.get("relationships", []):
        t = rel["target"]
        tc = t["toolComponent"]
        try:
            comp = tax[tc["index"]]
            taxon = comp["taxa"][t["index"]]
        except (IndexError, KeyError):
            bad.append("%s: relationship %r does not resolve" % (rule["id"], t))
            continue
        if comp["name"] != tc["name"] or taxon["id"] != t["id"]:
            bad.append("%s: relationship %r points at %s %s" % (rule["id"], t, comp["name"], taxon["id"]))
        got.add("%s %s" % (comp["name"], t["id"]))
    for tag in rule.get("properties", {}).get("tags", []):
        if tag.startswith("IEC 62443-") and tag not in got:
            bad.append("%s: tag %r has no relationship" % (rule["id"], tag))

# The matrix agrees with the scan at the same SL.
cols = [(d["device"], d["file"]) for d in rolled]
if [(d["device"], d["path"]) for d in mx["devices"]] != cols:
    bad.append("matrix columns differ from the devices with a roll-up")
rows = [(q["standard"], q["id"], q["status"]) for q in js.get("requirements", [])]
if [(q["standard"], q["id"], q["status"]) for q in mx["requirements"]] != rows:
    bad.append("matrix rows differ from the scan-level requirements")
for q in mx["requirements"]:
    for d, cell in zip(rolled, q["devices"]):
        want = [r["status"] for r in d["requirements"]
                if (r["standard"], r["id"]) == (q["standard"], q["id"])]
        if (want[0] if want else None) != cell:
            bad.append("matrix %s on %s: %r, device says %r" % (q["id"], d["file"], cell, want))
if mx["target_sl"] != 2:
    bad.append("matrix target_sl %r" % mx["target_sl"])

# CSV: CRLF line ends, the same rows and cells.
table = list(csv.reader(io.StringIO(raw, newline="")))
if not raw.endswith("\r\n"):
    bad.append("matrix.csv does not end with CRLF")
if not table or table[0][:6] != ["standard", "id", "title", "sl", "fr", "status"]:
    bad.append("matrix.csv header %r" % (table[0] if table else None))
elif len(table) - 1 != len(mx["requirements"]):
    bad.append("matrix.csv has %d rows, matrix.json %d" % (len(table) - 1, len(mx["requirements"])))
else:
    for line, q in zip(table[1:], mx["requirements"]):
        want = [q["standard"], q["id"], q["title"] or "", str(q["sl"] or ""), str(q["fr"] or ""),
                q["status"]] + [c if c is not None else "not in scope" for c in q["devices"]]
        if line != want:
            bad.append("matrix.csv row %r, want %r" % (line, want))
            break

for b in bad[:40]:
    print("outputs.sh:", b)
sys.exit(1 if bad else 0)
EOF

tail -n 1 "$T/sl.txt" | grep -q '^^c: ' || err "sl.txt does not end with the SL table legend"
grep -q '^IEC 62443-3-3 security levels per FR: achieved/target' "$T/sl.txt" || err "sl.txt has no SL table"
grep -q '^otlint: [0-9]* files\{0,1\} ' "$T/sl.txt" || err "sl.txt has no summary line"
grep -q '^otlint compliance matrix' "$T/matrix.txt" || err "matrix.txt has no header"

if [ "$fail" -ne 0 ]; then
    exit 1
fi
[ "$skip_schema" -eq 0 ] || echo "outputs.sh: jsonschema missing, schema validation skipped"
exit 0
