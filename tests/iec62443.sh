#!/bin/sh
# iec62443.sh - the IEC 62443 side of the command end to end: --sl and SL
# profiles, the roll-up in JSON and text, `otlint requirements`, profile
# inheritance as `otlint rules` shows it, requirement ids checked at load, and
# waivers (matching, expiry with a fixed --today, unmatched, strict mode).
# Run by `make check` with OTLINT, OTL_TOP_SRCDIR, OTL_TOP_BUILDDIR, PYTHON3 set.
set -u
: "${OTLINT:?}" "${OTL_TOP_SRCDIR:?}" "${OTL_TOP_BUILDDIR:?}"
PY=${PYTHON3:-python3}

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
PLUG="$OTL_TOP_BUILDDIR/tests/plugins/.libs"
EX="$OTL_TOP_SRCDIR/examples"
TODAY="--today 2026-11-23"

. "$OTL_TOP_SRCDIR/tests/expect.sh" # expect, grep_in, grep_not
py_check() { # DESCRIPTION SCRIPT ARGS...: the script exits non-zero with a message on failure
    what=$1; shift
    if "$PY" -c "$@" >"$T/py" 2>&1; then passes=$((passes + 1)); else
        echo "FAIL: $what"; sed 's/^/  | /' "$T/py" | head -8; fails=$((fails + 1)); fi
}

# --- acceptance: scan --sl 2 -o json=r.json examples/
expect 1 "scan --sl 2 examples" -- "$OTLINT" scan --sl 2 -o json="$T/r.json" "$EX"
py_check "every device has security_levels FR1..FR7 with target 2" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["target_sl"] == 2, r["target_sl"]
assert r["profile"] == "iec62443-sl2", r["profile"]
assert r["assessment_basis"] == "configuration evidence only"
devs = [d for d in r["devices"] if d["status"] in ("ok", "partial")]
assert len(devs) >= 6, len(devs)
for d in devs:
    sl = d["security_levels"]
    assert sorted(sl) == ["FR%d" % i for i in range(1, 8)], sorted(sl)
    for k, v in sl.items():
        assert v["target"] == 2, (d["file"], k, v)
        assert isinstance(v["achieved"], int) and 0 <= v["achieved"] <= 2, v
        assert v["achieved"] <= v["ceiling"] <= 2, v
    st = {q["id"]: q["status"] for q in d["requirements"] if q["standard"] == "IEC 62443-3-3"}
    # In scope at SL-T 2: SL 1 and 2 entries, nothing above.
    assert "SR 1.1" in st and "SR 1.1 RE 1" in st and "SR 1.1 RE 2" not in st, sorted(st)
    assert "SR 7.5" in st and st["SR 7.5"] == "notassessable", st.get("SR 7.5")
    allowed = {"satisfied", "notsatisfied", "notevaluable", "waived", "notassessable", "notapplicable"}
    assert all(q["status"] in allowed for q in d["requirements"])
    # A failing rule makes each of its requirements notsatisfied.
    failing = {res["rule"] for res in d["results"] if res["state"] == "fail"} if "results" in d else set()
    for q in d["requirements"]:
        if set(q["rules"]) & failing:
            assert q["status"] == "notsatisfied", (d["file"], q)
sc = r["security_levels"]
for k in sc:
    assert sc[k]["achieved"] == min(d["security_levels"][k]["achieved"] for d in devs), k
' "$T/r.json"

# The text report ends with the SL table.
expect 1 "scan --sl 2 text" -- "$OTLINT" scan --sl 2 --color never "$EX"
grep_in "$T/out" "security levels per FR" "SL table title"
grep_in "$T/out" "FR1.*FR7" "SL table header"
grep_in "$T/out" "configuration evidence only" "SL table says what it is"
# No target, no table (default profile).
expect 1 "scan without --sl" -- "$OTLINT" scan --color never "$EX"
grep_not "$T/out" "security levels per FR" "no SL table without a target"

# --- otlint requirements
expect 1 "requirements --sl 2" -- "$OTLINT" requirements --sl 2 --color never "$EX"
grep_in "$T/out" "SR 1.1" "matrix lists SR 1.1"
grep_in "$T/out" "SP.03.05" "matrix lists 62443-2-4"
grep_in "$T/out" "configuration evidence only" "matrix says what it is"
expect 1 "requirements csv+json" -- "$OTLINT" requirements --sl 2 -o csv="$T/m.csv" -o json="$T/m.json" "$EX"
py_check "matrix csv and json agree" '
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
m = json.load(open(sys.argv[2]))
hdr = rows[0]
assert hdr[:6] == ["standard", "id", "title", "sl", "fr", "status"], hdr
assert len(hdr) - 6 == len(m["devices"]), (hdr, m["devices"])
assert len(rows) - 1 == len(m["requirements"]), (len(rows), len(m["requirements"]))
for row, q in zip(rows[1:], m["requirements"]):
    assert row[1] == q["id"] and row[5] == q["status"], (row, q)
ids = [q["id"] for q in m["requirements"]]
assert "SR 1.1" in ids and "SR 3.3 RE 1" not in ids
' "$T/m.csv" "$T/m.json"
expect 2 "requirements refuses sarif" -- "$OTLINT" requirements -o sarif "$EX"
expect 2 "requirements without path" -- "$OTLINT" requirements

# --- profiles: inheritance and SL selection as `otlint rules` shows them
expect 0 "rules --profile commissioning" -- "$OTLINT" rules --profile commissioning
grep_in "$T/out" "extends iec62443-sl2" "commissioning extends sl2"
grep_in "$T/out" "target SL: 2" "inherited target"
grep_in "$T/out" "fail-on: info" "commissioning fail-on"
grep_in "$T/out" "strict waivers: yes" "commissioning strict"
expect 0 "rules --profile commissioning --sl 3" -- "$OTLINT" rules --profile commissioning --sl 3
grep_in "$T/out" "target SL: 3" "--sl overrides the profile"
n1=$("$OTLINT" rules --sl 1 | grep -c '^[A-Z][A-Z0-9-]* ')
n4=$("$OTLINT" rules --sl 4 | grep -c '^[A-Z][A-Z0-9-]* ')
nd=$("$OTLINT" rules | grep -c '^[A-Z][A-Z0-9-]* ')
if [ "$n1" -gt 0 ] && [ "$n1" -lt "$n4" ] && [ "$n4" -eq "$nd" ]; then passes=$((passes + 1)); else
    echo "FAIL: SL selection: sl1=$n1 sl4=$n4 default=$nd"; fails=$((fails + 1)); fi
expect 0 "rules --sl 1" -- "$OTLINT" rules --sl 1
grep_not "$T/out" "^NET-INVENTORY " "SL 2 rule not at SL-T 1"
expect 0 "rules backup-audit --sl 1" -- "$OTLINT" rules --profile backup-audit --sl 1
grep_in "$T/out" "^NET-INVENTORY " "backup-audit brings inventory rules in whatever the SL"
expect 0 "rules ci" -- "$OTLINT" rules --profile ci
grep_in "$T/out" "roll-up: off" "ci has no roll-up"
expect 2 "--sl 5" -- "$OTLINT" rules --sl 5

# ci: findings only, no roll-up in JSON or text.
expect 1 "scan --profile ci" -- "$OTLINT" scan --profile ci -o json="$T/ci.json" -o text="$T/ci.txt" "$EX"
py_check "ci json has no roll-up" '
import json, sys
r = json.load(open(sys.argv[1]))
assert "security_levels" not in r and "requirements" not in r, list(r)
assert all("security_levels" not in d for d in r["devices"])
' "$T/ci.json"
grep_not "$T/ci.txt" "security levels per FR" "ci text has no SL table"

# --- a rule referencing an id no catalog has: exit 2 with file:line
cat >"$T/bad.xml" <<'X'
<baseline xmlns="urn:otlint:baseline:1" id="bad">
  <rule id="BAD-REF" severity="high" classes="switch">
    <title>t</title><rationale>r</rationale><fix>f</fix>
    <ref standard="IEC 62443-3-3" id="SR 1.1"/>
    <ref standard="IEC 62443-3-3" id="SR 8.1"/>
    <source>test</source>
    <select>facts/x</select>
    <message>m</message>
  </rule>
</baseline>
X
expect 2 "unknown requirement id" -- "$OTLINT" --baseline "$T/bad.xml" rules
grep_in "$T/err" "bad.xml:5: error: rule BAD-REF: IEC 62443-3-3 SR 8.1 is in no requirement catalog" "names file:line and id"

# --- waivers on a private baseline and the test-good format (exact counts)
cat >"$T/b.xml" <<'X'
<baseline xmlns="urn:otlint:baseline:1" id="w">
  <rule id="W-TELNET" severity="high" classes="switch">
    <title>telnet</title><rationale>r</rationale><fix>f</fix>
    <ref standard="IEC 62443-3-3" id="SR 4.1"/>
    <source>test</source>
    <select>facts/service[@name='telnet']</select>
    <message>telnet on</message>
  </rule>
  <rule id="W-INFO" severity="info" classes="switch">
    <title>info</title><rationale>r</rationale><fix>f</fix>
    <ref standard="IEC 62443-3-3" id="SR 7.7"/>
    <source>test</source>
    <select>facts/service[@name='finger']</select>
    <message>finger on</message>
  </rule>
</baseline>
X
printf 'TESTCFG\nfact system hostname=S1 class=switch\nfact service name=telnet\n' >"$T/s1.cfg"
printf 'TESTCFG\nfact system hostname=S2 class=switch\nfact service name=finger\n' >"$T/s2.cfg"
mkdir "$T/plug" && cp "$PLUG/good.so" "$T/plug/"
B="--plugin-dir $T/plug --no-default-baselines --baseline $T/b.xml"
cat >"$T/w.xml" <<'X'
<waivers xmlns="urn:otlint:waivers:1">
  <waiver rule="W-TELNET" device="S1" expires="2026-11-23" owner="A. Integrator">
    <reason>HMI panel needs telnet until its upgrade</reason>
    <countermeasure>conduit firewall allows 23/tcp from the HMI only</countermeasure>
  </waiver>
</waivers>
X
expect 1 "telnet finding without waiver" -- "$OTLINT" $B scan "$T/s1.cfg"
expect 0 "waived finding does not fail" -- "$OTLINT" $B scan $TODAY --waivers "$T/w.xml" -o json="$T/w.json" -o text="$T/w.txt" "$T/s1.cfg"
grep_in "$T/w.txt" "waived" "text marks the finding waived"
py_check "json: waived finding, waiver active" '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"]["waived"] == 1, r["summary"]
f = r["devices"][0]["findings"][0]
assert f["state"] == "waived" and f["waiver"]["owner"] == "A. Integrator", f
w = r["waivers"][0]
assert w["status"] == "active" and w["matched"] == 1, w
' "$T/w.json"
# The day after its expiry the waiver no longer applies, and says so.
expect 1 "expired waiver no longer applies" -- "$OTLINT" $B scan --today 2026-11-24 --waivers "$T/w.xml" -o json="$T/x.json" "$T/s1.cfg"
grep_in "$T/err" "w.xml:2: warning: waiver for W-TELNET on S1 expired on 2026-11-23" "expired waiver reported on stderr"
py_check "json: expired waiver" '
import json, sys
w = json.load(open(sys.argv[1]))["waivers"][0]
assert w["status"] == "expired" and w["matched"] == 0 and w["would_match"] == 1, w
' "$T/x.json"
expect 2 "--strict-waivers: expired is an error" -- "$OTLINT" $B scan --today 2026-11-24 --strict-waivers --waivers "$T/w.xml" "$T/s1.cfg"
grep_in "$T/err" "strict waivers" "strict mode says why"
# A waiver that matches nothing is reported; strict makes it exit 2.
expect 0 "unmatched waiver reported" -- "$OTLINT" $B scan $TODAY --waivers "$T/w.xml" --color never "$T/s2.cfg"
grep_in "$T/out" "unmatched; waived no finding" "unmatched waiver in the text report"
expect 2 "--strict-waivers: unmatched is an error" -- "$OTLINT" $B scan $TODAY --strict-waivers --waivers "$T/w.xml" "$T/s2.cfg"
# Profile options: commissioning fails on info findings and is strict; the command line wins.
expect 0 "info finding below default fail-on" -- "$OTLINT" $B scan "$T/s2.cfg"
expect 1 "commissioning fails on info" -- "$OTLINT" $B scan --profile commissioning "$T/s2.cfg"
expect 0 "--fail-on beats the profile" -- "$OTLINT" $B scan --profile commissioning --fail-on high "$T/s2.cfg"
expect 2 "commissioning is strict about waivers" -- "$OTLINT" $B scan --profile commissioning --fail-on high $TODAY --waivers "$T/w.xml" "$T/s2.cfg"
# Bad waiver files are refused at load with file:line.
sed 's/ owner="A. Integrator"//' "$T/w.xml" >"$T/noowner.xml"
expect 2 "waiver without owner" -- "$OTLINT" $B scan $TODAY --waivers "$T/noowner.xml" "$T/s1.cfg"
grep_in "$T/err" "noowner.xml:2" "missing owner names file:line"
sed 's/W-TELNET/W-NOPE/' "$T/w.xml" >"$T/norule.xml"
expect 2 "waiver for an unknown rule" -- "$OTLINT" $B scan $TODAY --waivers "$T/norule.xml" "$T/s1.cfg"
grep_in "$T/err" "W-NOPE" "unknown rule named"
expect 2 "bad --today" -- "$OTLINT" $B scan --today 2026-02-30 "$T/s1.cfg"

# --- the example waivers file on the example plant: an expired one is reported
if [ -f "$OTL_TOP_SRCDIR/tests/waivers/example.xml" ]; then
    expect 1 "example waivers" -- "$OTLINT" scan $TODAY --waivers "$OTL_TOP_SRCDIR/tests/waivers/example.xml" \
        --color never "$EX/plant"
    grep_in "$T/out" "expired" "expired example waiver reported"
    grep_in "$T/out" "unmatched" "unmatched example waiver reported"
    expect 2 "example waivers, strict" -- "$OTLINT" scan $TODAY --strict-waivers \
        --waivers "$OTL_TOP_SRCDIR/tests/waivers/example.xml" "$EX/plant"
fi

echo "iec62443.sh: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
