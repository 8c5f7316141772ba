#!/bin/sh
# ci-outputs.sh - issue 22 item 6, "CI consumers see the truth": every example
# of the item, end to end, with the test-good format (tests/plugins/good.c)
# and a private baseline, so that lines, states and exit codes are exact.
#   - SARIF: every rule tagged "security", with help.markdown; a finding at a
#     line has that region, a device-level one none and says so; a partial
#     file is a notification and executionSuccessful false
#   - JUnit: a file not parsed, or only in part, is an <error> testcase;
#     notapplicable rules are one <system-out> line, not testcases; time on
#     testsuites, testsuite and testcase
#   - --fail-on none: findings exit 0; input, usage and rule errors keep 3 / 2
#   - scan -: standard input, named <stdin> or --stdin-name, sniffed or
#     --format, bounded by --max-file-size, read once
#   - explain in any case; an unknown profile lists the available ones; a
#     misspelt profile parameter is named at its file:line
#   - two -o to stdout, to one file (named two ways), or onto an input: exit 2,
#     and nothing is truncated
# Environment (from `make check`): OTLINT OTL_TOP_SRCDIR OTL_TOP_BUILDDIR PYTHON3.
set -u
: "${OTLINT:?}" "${OTL_TOP_SRCDIR:?}" "${OTL_TOP_BUILDDIR:?}"
PYTHON3=${PYTHON3:-python3}
if [ "$PYTHON3" = no ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
    echo "ci-outputs.sh: python3 not found; skipped"
    exit 77
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/otl-ci.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
passes=0

. "$OTL_TOP_SRCDIR/tests/expect.sh" # expect, grep_in, grep_not
# py DESCRIPTION FILE... <<EOF: a Python check of the files (sys.argv[1:]).
py() {
    what=$1; shift
    if "$PYTHON3" - "$@"; then passes=$((passes + 1)); else
        echo "FAIL: $what"; fails=$((fails + 1)); fi
}

mkdir "$T/plug" && cp "$OTL_TOP_BUILDDIR/tests/plugins/.libs/good.so" "$T/plug/"
# Three rules: one at a statement (select), one device-level (assert), one
# for controllers only (notapplicable on the switch).
cat >"$T/b.xml" <<'X'
<baseline xmlns="urn:otlint:baseline:1" id="ci">
  <rule id="CI-TELNET" severity="high" classes="switch" tags="management">
    <title>telnet</title><rationale>telnet is cleartext</rationale><fix>use ssh</fix>
    <ref standard="IEC 62443-3-3" id="SR 4.1"/>
    <source>test</source>
    <select>facts/service[@name='telnet']</select>
    <message>telnet on</message>
  </rule>
  <rule id="CI-NTP" severity="medium" classes="switch">
    <title>no ntp</title><rationale>time</rationale><fix>configure ntp</fix>
    <ref standard="IEC 62443-3-3" id="SR 2.11"/>
    <source>test</source>
    <assert>facts/ntp</assert>
    <message>no NTP server</message>
  </rule>
  <rule id="CI-PLC" severity="low" classes="controller">
    <title>plc only</title><rationale>r</rationale><fix>f</fix>
    <ref standard="IEC 62443-3-3" id="SR 7.7"/>
    <source>test</source>
    <select>facts/service</select>
    <message>x</message>
  </rule>
</baseline>
X
printf 'TESTCFG\nfact system hostname=S1 class=switch\nfact service name=telnet\n' >"$T/s1.cfg"
printf 'TESTCFG\nfact system hostname=S2 class=switch\nfact ntp server=10.0.0.1\n' >"$T/s2.cfg"
printf 'TESTCFG\nfact system hostname=S3 class=switch\nerror\nfact ntp server=10.0.0.1\n' >"$T/partial.cfg"
printf 'TESTCFG\nfail\n' >"$T/bad.cfg"
B="--plugin-dir $T/plug --no-default-baselines --baseline $T/b.xml"

# --- SARIF
expect 3 "SARIF over a clean, a failing, a partial and an unparsable file" -- \
    "$OTLINT" $B scan -o sarif="$T/o.sarif" -o junit="$T/o.xml" \
    "$T/s1.cfg" "$T/s2.cfg" "$T/partial.cfg" "$T/bad.cfg"
py "SARIF: tags, help, regions, device level, notifications" "$T/o.sarif" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1], encoding="utf-8"))["runs"][0]
bad = []
for r in run["tool"]["driver"]["rules"]:
    tags = r["properties"]["tags"]
    if "security" not in tags:
        bad.append("rule %s: no security tag" % r["id"])
    if r["id"] == "CI-TELNET" and "management" not in tags:
        bad.append("CI-TELNET lost its own tag")
    md = r.get("help", {}).get("markdown", "")
    if "**Fix:**" not in md or "IEC 62443-3-3 SR" not in md or r["id"] not in md:
        bad.append("rule %s: help.markdown %r" % (r["id"], md))
by = {}
for res in run["results"]:
    by.setdefault((res["ruleId"], res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]), []).append(res)
tel = by.get(("CI-TELNET", "s1.cfg"), [])
if len(tel) != 1 or tel[0]["locations"][0]["physicalLocation"].get("region", {}).get("startLine") != 3:
    bad.append("CI-TELNET on s1.cfg is not at line 3: %r" % tel)
ntp = by.get(("CI-NTP", "s1.cfg"), [])
if len(ntp) != 1:
    bad.append("no device-level CI-NTP on s1.cfg")
else:
    loc = ntp[0]["locations"][0]
    if "region" in loc["physicalLocation"] or "device level" not in loc.get("message", {}).get("text", "") \
            or ntp[0].get("properties", {}).get("otlint/device-level") is not True:
        bad.append("device-level result not marked: %r" % ntp[0])
inv = run["invocations"][0]
if inv["executionSuccessful"] is not False:
    bad.append("executionSuccessful is not false with a partial and a broken file")
part = [n for n in inv["toolExecutionNotifications"]
        if n.get("properties", {}).get("otlint/status") == "partial"]
if len(part) != 1 or not part[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("partial.cfg"):
    bad.append("no partial notification for partial.cfg: %r" % part)
for b in bad:
    print("ci-outputs.sh:", b)
sys.exit(1 if bad else 0)
EOF
# The SARIF 2.1.0 schema, where tests/outputs.sh finds it.
SCHEMA=$OTL_TOP_SRCDIR/../shared/schemas/sarif-schema-2.1.0.json
if [ -r "$SCHEMA" ]; then
    "$PYTHON3" "$OTL_TOP_SRCDIR/tests/validate-json.py" "$SCHEMA" "$T/o.sarif"
    case $? in
    0) passes=$((passes + 1)) ;;
    77) echo "ci-outputs.sh: jsonschema missing, SARIF schema check skipped" ;;
    *) echo "FAIL: o.sarif does not validate against the SARIF 2.1.0 schema"; fails=$((fails + 1)) ;;
    esac
fi

# --- JUnit
py "JUnit: errors for broken and partial files, no notapplicable testcases, times" "$T/o.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
bad = []
for e in [root] + root.findall("testsuite") + root.findall("testsuite/testcase"):
    try:
        if float(e.get("time")) < 0:
            bad.append("negative time on %s" % e.tag)
    except (TypeError, ValueError):
        bad.append("%s %r without a time" % (e.tag, e.get("name")))
suites = {s.find("properties/property[@name='otlint.file']").get("value").rsplit("/", 1)[-1]: s
          for s in root.findall("testsuite")}
def parse_error(name):
    s = suites[name]
    c = [c for c in s.findall("testcase") if c.get("name") == "parse"]
    return c[0].find("error") if c else None
for name, status in (("bad.cfg", "parse-error"), ("partial.cfg", "partial")):
    e = parse_error(name)
    if e is None or e.get("type") != status:
        bad.append("%s: no parse <error type=%s>" % (name, status))
for name in ("s1.cfg", "s2.cfg"):
    if parse_error(name) is not None:
        bad.append("%s: a parse error on an evaluated file" % name)
for name in ("s1.cfg", "s2.cfg", "partial.cfg"):
    s = suites[name]
    if any(c.get("name") == "CI-PLC" for c in s.findall("testcase")):
        bad.append("%s: the notapplicable rule is a testcase" % name)
    out = s.findtext("system-out") or ""
    if "notapplicable: 1 rule (not reported as testcases): CI-PLC" not in out:
        bad.append("%s: no notapplicable line: %r" % (name, out))
    if s.find("properties/property[@name='otlint.notapplicable']").get("value") != "1":
        bad.append("%s: otlint.notapplicable is not 1" % name)
    if s.find("testcase/skipped") is not None:
        bad.append("%s: a skipped testcase (only notapplicable rules were not run)" % name)
# the rules' times are measured when JUnit is written (evaluate.c)
if sum(float(c.get("time")) for c in suites["s1.cfg"].findall("testcase")) <= 0:
    bad.append("s1.cfg: no rule time measured")
total = sum(float(s.get("time")) for s in root.findall("testsuite"))
if abs(float(root.get("time")) - total) > 1e-5 * len(suites):
    bad.append("testsuites time %s is not the sum %f of the suites" % (root.get("time"), total))
for b in bad:
    print("ci-outputs.sh:", b)
sys.exit(1 if bad else 0)
EOF

# --- --fail-on none
expect 1 "findings fail by default" -- "$OTLINT" $B scan "$T/s1.cfg"
expect 0 "--fail-on none: findings never fail the run" -- "$OTLINT" $B scan --fail-on none -o json="$T/none.json" "$T/s1.cfg" &&
    grep_in "$T/none.json" "telnet on" "the findings are still reported" &&
    grep_in "$T/none.json" '"fail_on": "none"' "JSON names the threshold"
expect 3 "--fail-on none: a missing input is still exit 3" -- "$OTLINT" $B scan --fail-on none "$T/s1.cfg" "$T/nope.cfg"
expect 3 "--fail-on none: a partial file is still exit 3" -- "$OTLINT" $B scan --fail-on none "$T/partial.cfg"
sed "s|facts/service\[@name='telnet'\]|facts/service[re:test(@name, '(')]|" "$T/b.xml" >"$T/bad-re.xml"
expect 2 "--fail-on none: a rule error is still exit 2" -- "$OTLINT" --plugin-dir "$T/plug" --no-default-baselines \
    --baseline "$T/bad-re.xml" scan --fail-on none "$T/s1.cfg"
expect 2 "--fail-on nothing-known" -- "$OTLINT" $B scan --fail-on never "$T/s1.cfg" &&
    grep_in "$T/err" "none" "the error names none"

# --- scan -
expect 1 "scan - reads standard input" -- sh -c "\"\$0\" $B scan - <\"\$1\"" "$OTLINT" "$T/s1.cfg" &&
    grep_in "$T/out" "^<stdin>:3: HIGH CI-TELNET" "standard input is <stdin>, with lines"
expect 1 "--stdin-name names it" -- sh -c "\"\$0\" $B scan --stdin-name sw/s1.cfg -o sarif - <\"\$1\"" "$OTLINT" "$T/s1.cfg" &&
    grep_in "$T/out" '"uri": "sw/s1.cfg"' "SARIF uses the --stdin-name"
expect 0 "scan - with findings below --fail-on" -- sh -c "\"\$0\" $B scan --fail-on critical -q - <\"\$1\"" "$OTLINT" "$T/s1.cfg"
expect 3 "scan - with a forced format that does not fit" -- sh -c "\"\$0\" $B scan --format rockwell-l5x - <\"\$1\"" "$OTLINT" "$T/s1.cfg" &&
    grep_in "$T/out" "rockwell-l5x forced by --format" "--format applies to standard input"
head -c 5000 /dev/zero | tr '\0' 'x' >"$T/big.cfg"
expect 3 "scan - is bounded by --max-file-size" -- sh -c "\"\$0\" $B scan --max-file-size 4K - <\"\$1\"" "$OTLINT" "$T/big.cfg" &&
    grep_in "$T/out" "standard input is over the limit of 4096 bytes" "the limit is named"
expect 3 "scan - of an empty input" -- sh -c "\"\$0\" $B scan - </dev/null" "$OTLINT" &&
    grep_in "$T/out" "<stdin>" "empty standard input named"
expect 2 "- twice" -- sh -c "\"\$0\" $B scan - - <\"\$1\"" "$OTLINT" "$T/s1.cfg" &&
    grep_in "$T/err" "read once" "- twice refused"
expect 1 "scan - beside files" -- sh -c "\"\$0\" $B scan \"\$2\" - <\"\$1\"" "$OTLINT" "$T/s1.cfg" "$T/s2.cfg" &&
    grep_in "$T/out" "^== <stdin>" "stdin reported beside the file"

expect 0 "show - reads standard input" -- sh -c "\"\$0\" --plugin-dir \"\$2\" show - <\"\$1\"" "$OTLINT" "$T/s1.cfg" "$T/plug" &&
    grep_in "$T/out" 'file="&lt;stdin&gt;"' "show names standard input"

# --- explain, profiles
expect 0 "explain in lower case" -- "$OTLINT" explain net-svc-telnet && grep_in "$T/out" "^NET-SVC-TELNET " "the rule is found"
expect 0 "explain in mixed case" -- "$OTLINT" explain Net-Svc-Telnet
expect 2 "explain an unknown id" -- "$OTLINT" explain net-nope-1
expect 2 "unknown profile" -- "$OTLINT" scan --profile nope "$T/s2.cfg" &&
    grep_in "$T/err" "no such profile 'nope'; available: .*default" "the available profiles are listed" &&
    grep_in "$T/err" "iec62443-sl2" "the SL profiles are listed"
cat >"$T/site.xml" <<'X'
<?xml version="1.0"?>
<profile xmlns="urn:otlint:profile:1" id="site" extends="default">
  <title>site</title>
  <param name="min_firmware_logix" value="33.011"/>
  <param name="min_firmware_logx" value="33"/>
</profile>
X
expect 2 "a misspelt profile parameter" -- "$OTLINT" scan --profile "$T/site.xml" "$T/s2.cfg" &&
    grep_in "$T/err" "site.xml:5: error: profile site: parameter 'min_firmware_logx' is not declared" "named at file:line"

# --- -o places
expect 2 "two -o to standard output" -- "$OTLINT" $B scan -o json -o sarif "$T/s1.cfg" &&
    grep_in "$T/err" "standard output" "stdout named"
expect 2 "-o to standard output and the file it is redirected to" -- sh -c "\"\$0\" $B scan -o text -o json=\"\$1\" \"\$2\" >\"\$1\"" \
    "$OTLINT" "$T/redir.json" "$T/s1.cfg"
echo keep >"$T/r.json"
cp "$T/s1.cfg" "$T/in.cfg"
cd "$T" || exit 99 # relative names: ./r.json is r.json
expect 2 "two -o to one file, named two ways" -- "$OTLINT" $B scan -o json=r.json -o sarif=./r.json s1.cfg &&
    grep_in "$T/err" "same place" "the clash is named"
grep_in "$T/r.json" "^keep$" "the report file was not truncated"
expect 2 "two -o to one new file" -- "$OTLINT" $B scan -o json=new.json -o sarif="$T/./new.json" s1.cfg
if [ -e "$T/new.json" ]; then echo "FAIL: new.json was created"; fails=$((fails + 1)); fi
expect 2 "-o onto an input named differently" -- "$OTLINT" $B scan -o json=./in.cfg in.cfg &&
    grep_in "$T/err" "would overwrite the input" "the input is named"
cd / || exit 99
cmp -s "$T/s1.cfg" "$T/in.cfg" && passes=$((passes + 1)) || { echo "FAIL: the input was changed"; fails=$((fails + 1)); }
ln -s in.cfg "$T/link.cfg"
expect 2 "-o onto an input through a symbolic link" -- "$OTLINT" $B scan -o json="$T/link.cfg" "$T/in.cfg"
expect 2 "-o onto standard input's file" -- sh -c "\"\$0\" $B scan -o json=\"\$1\" - <\"\$1\"" "$OTLINT" "$T/in.cfg"
cmp -s "$T/s1.cfg" "$T/in.cfg" && passes=$((passes + 1)) || { echo "FAIL: the input was changed"; fails=$((fails + 1)); }
expect 1 "-o twice to /dev/null is fine" -- "$OTLINT" $B scan -o json=/dev/null -o sarif=/dev/null "$T/s1.cfg"
expect 1 "-o into a scanned directory is fine" -- "$OTLINT" $B scan -o json="$T/dir.json" "$T/s1.cfg"
expect 2 "requirements: two -o to standard output" -- "$OTLINT" $B requirements -o json -o csv "$T/s1.cfg"

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
