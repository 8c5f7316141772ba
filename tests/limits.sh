#!/bin/sh
# limits.sh - evaluation budgets (core/limits.h): a rule that would take too
# long on a document is notevaluable with a diagnostic, the file is partial
# and the exit code is 3, never a pass and never a hang.  Inputs generated.
set -u
: "${OTLINT:?}" "${OTL_TOP_SRCDIR:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
# A switch with 6000 interfaces...
{ echo "hostname big"; i=0; while [ $i -lt 6000 ]; do printf 'interface Gi1/%d\n description p%d\n!\n' $i $i; i=$((i + 1)); done; } >"$T/big.cfg"
# ...and a rule that is cubic in them: far over the XPath budget.
cat >"$T/b.xml" <<'XML'
<baseline xmlns="urn:otlint:baseline:1" id="budget" version="1">
<rule id="T-CUBIC" severity="low" classes="switch router" tags="t">
<title>cubic</title><rationale>r</rationale><fix>f</fix>
<ref standard="IEC 62443-3-3" id="SR 1.1"/><source>tests/limits.sh</source>
<select>facts/interface[count(../interface[contains(@name, 'x')]) &lt; 0]</select>
<message>m</message></rule>
<rule id="T-REGEX" severity="low" classes="switch router" tags="t">
<title>catastrophic regex</title><rationale>r</rationale><fix>f</fix>
<ref standard="IEC 62443-3-3" id="SR 1.1"/><source>tests/limits.sh</source>
<select>facts/system[re:test(concat(substring(@hostname, 100), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'), '^(a|aa)+$')]</select>
<message>m</message></rule>
</baseline>
XML
timeout 120 "$OTLINT" --no-default-baselines --baseline "$T/b.xml" scan -o json="$T/r.json" "$T/big.cfg" >"$T/out" 2>&1
rc=$?
[ $rc -eq 3 ] || { echo "FAIL: exit $rc, want 3"; fails=$((fails + 1)); }
for want in "rule T-CUBIC not evaluated: limit: XPath evaluation budget" "rule T-REGEX not evaluated: limit: regex match or depth limit"; do
    grep -qF "$want" "$T/out" || { echo "FAIL: output lacks '$want'"; fails=$((fails + 1)); }
done
grep -q '"rule": *"T-CUBIC", *"state": *"notevaluable"' "$T/r.json" ||
    { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=[x for x in d['devices'][0]['results'] if x['rule']=='T-CUBIC']; sys.exit(0 if r and r[0]['state']=='notevaluable' else 1)" "$T/r.json" 2>/dev/null ||
      { echo "FAIL: T-CUBIC is not notevaluable in the JSON report"; fails=$((fails + 1)); }; }
grep -q '"status": *"partial"' "$T/r.json" || { echo "FAIL: the file is not partial in the JSON report"; fails=$((fails + 1)); }
[ $fails -eq 0 ] && echo "ok   XPath and regex budgets: notevaluable, partial, exit 3"

# Pairs libxml2 does not count (core/xpcost.h): a union and a comparison of
# two node-sets over 36,000 interface facts (over the square
# root of OTL_XPATH_PAIR_LIMIT) are refused at once, not run for minutes;
# the same rules over the 6,000 of big.cfg run.
{ echo "hostname bigger"; i=0; while [ $i -lt 36000 ]; do printf 'interface Gi1/%d\n description p%d\n!\n' $i $i; i=$((i + 1)); done; } >"$T/bigger.cfg"
cat >"$T/q.xml" <<'XML'
<baseline xmlns="urn:otlint:baseline:1" id="pairs" version="1">
<rule id="T-UNION" severity="low" classes="switch router" tags="t">
<title>union</title><rationale>r</rationale><fix>f</fix>
<ref standard="IEC 62443-3-3" id="SR 1.1"/><source>tests/limits.sh</source>
<assert>count(facts/interface | facts/system) &gt; 0</assert>
<message>m</message></rule>
<rule id="T-PAIRS" severity="low" classes="switch router" tags="t">
<title>node-set comparison</title><rationale>r</rationale><fix>f</fix>
<ref standard="IEC 62443-3-3" id="SR 1.1"/><source>tests/limits.sh</source>
<assert>not(facts/interface/@description = facts/interface/@name)</assert>
<message>m</message></rule>
</baseline>
XML
timeout 120 "$OTLINT" --no-default-baselines --baseline "$T/q.xml" scan "$T/bigger.cfg" >"$T/qout" 2>&1
rc=$?
[ $rc -eq 3 ] || { echo "FAIL: pairs: exit $rc, want 3"; fails=$((fails + 1)); }
for r in T-UNION T-PAIRS; do
    grep -qF "rule $r not evaluated: limit: a union or a comparison of two node-sets" "$T/qout" ||
        { echo "FAIL: $r is not refused on bigger.cfg"; cat "$T/qout"; fails=$((fails + 1)); }
done
timeout 120 "$OTLINT" --no-default-baselines --baseline "$T/q.xml" scan "$T/big.cfg" >"$T/qout2" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: pairs on big.cfg: exit $rc, want 0"; cat "$T/qout2"; fails=$((fails + 1)); }
[ $fails -eq 0 ] && echo "ok   unions and node-set comparisons: refused over the pair budget, run below it"
[ $fails -eq 0 ] || exit 1
exit 0
