#!/bin/sh
# accounting.sh - every file the walk finds is accounted for (issue 22 items 1
# and 2; docs/file-accounting.md):
#   - a directory with an unsupported-vendor config (tests/accounting/, RouterOS
#     written after the vendor's CLI guide and a Moxa EDS-style .ini export;
#     FortiOS and Junos are read since issue 24, Hirschmann HiOS since issue
#     25) and a README exits 3; with
#     -q the configs are named as unrecognised on stderr; the README is ignored,
#     by the built-in list, in text, JSON, SARIF and JUnit; JSON files_failed
#     and files_unrecognised, a JUnit <error> per config, a SARIF notification
#     per config and executionSuccessful false
#   - the same directory with an .otlintignore naming the configs exits 0, and
#     says which rule ignored what; --exclude does the same from the command
#     line; a file named on the command line is read even when a rule matches
#   - --format of every plugin on every other plugin's file (and on Junos and
#     RouterOS text) exits 3 with no finding and status unrecognised
#   - logic-only PLCopen projects (a TC6 project, a CODESYS export) are
#     no-security-settings: exit 3, a JUnit <error>, a SARIF error notification,
#     never a pass
#   - an unreadable .otlintignore is an input error (exit 3)
# Environment (TESTS_ENVIRONMENT): OTLINT, OTL_TOP_SRCDIR, PYTHON3.
set -u

: "${OTL_TOP_SRCDIR:?}" "${OTLINT:?}"
PYTHON3=${PYTHON3:-python3}
if [ "$PYTHON3" = no ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
    echo "accounting.sh: python3 not found; skipped"
    exit 77
fi
src=$OTL_TOP_SRCDIR
T=$(mktemp -d "${TMPDIR:-/tmp}/otl-accounting.XXXXXX") || exit 99
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
fail=0
err() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok   $*"; }

# py FILE... <<EOF  runs a python check with the files as argv; exit status is its verdict
py() { "$PYTHON3" - "$@"; }

# ------------------------------------------------------------ a mixed directory
D=$T/configs
mkdir -p "$D/cell1"
cp "$src/tests/accounting/routeros.rsc" "$D/cell1/rtr-cell1.conf"
cp "$src/tests/accounting/moxa-eds.ini" "$D/edge-sw1.conf"
cp "$src/tests/accounting/README" "$D/README"

"$OTLINT" scan -q "$D" >"$T/q.out" 2>"$T/q.err"
rc=$?
[ $rc -eq 3 ] && ok "mixed directory: exit 3" || err "mixed directory: exit $rc, expected 3"
for f in cell1/rtr-cell1.conf edge-sw1.conf; do
    if grep -q "^$D/$f: error: not checked (unrecognised)" "$T/q.err"; then
        ok "-q: $f named as unrecognised on stderr"
    else
        err "-q: $f not named on stderr"; cat "$T/q.err"
    fi
done
grep -q "README" "$T/q.err" && err "-q: the ignored README is on stderr as a problem"
tail -n 1 "$T/q.out" | grep -q '^otlint: 3 files (2 not evaluated, 1 ignored: built-in 1), ' &&
    ok "-q summary counts the unrecognised and the ignored" ||
    { err "-q summary"; tail -n 1 "$T/q.out"; }

"$OTLINT" scan "$D" -o text="$T/m.txt" -o json="$T/m.json" -o sarif="$T/m.sarif" \
    -o junit="$T/m.xml" >/dev/null 2>"$T/m.err"
rc=$?
[ $rc -eq 3 ] || err "mixed directory with report files: exit $rc, expected 3"
grep -q "^== $D/README  status=ignored (built-in list 'README')" "$T/m.txt" &&
    ok "text: README ignored by the built-in list" || err "text: README not reported as ignored"
for f in cell1/rtr-cell1.conf edge-sw1.conf; do
    grep -q "^$D/$f: error: no format plugin recognised this file" "$T/m.err" ||
        err "stderr (report in files): $f not named"
done
py "$T/m.json" "$T/m.sarif" "$T/m.xml" "$D" <<'EOF' || err "mixed directory: JSON/SARIF/JUnit accounting"
import json, sys
import xml.etree.ElementTree as ET
js, sarif, root, D = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), ET.parse(sys.argv[3]).getroot(), sys.argv[4]
bad = []
s = js["summary"]
want = {"files": 3, "files_failed": 2, "files_unrecognised": 2, "files_ignored": 1,
        "files_no_security_settings": 0}
for k, v in want.items():
    if s.get(k) != v:
        bad.append("JSON summary.%s = %r, want %r" % (k, s.get(k), v))
if s.get("ignored") != {"built-in": 1, "exclude": 0, "otlintignore": 0}:
    bad.append("JSON summary.ignored = %r" % s.get("ignored"))
dev = {d["file"]: d for d in js["devices"]}
rd = dev.get(D + "/README", {})
if rd.get("status") != "ignored" or rd.get("ignored_by", {}).get("rule") != "built-in" or rd["ignored_by"].get("pattern") != "README":
    bad.append("JSON README: %r" % rd)
for f in ("cell1/rtr-cell1.conf", "edge-sw1.conf"):
    d = dev.get(D + "/" + f, {})
    if d.get("status") != "unrecognised" or d.get("findings"):
        bad.append("JSON %s: %r" % (f, d.get("status")))
run = sarif["runs"][0]
inv = run["invocations"][0]
if inv["executionSuccessful"] is not False:
    bad.append("SARIF executionSuccessful is not false")
notes = inv["toolExecutionNotifications"]
def uris(level):
    return [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes if n["level"] == level]
for f in ("cell1/rtr-cell1.conf", "edge-sw1.conf"):
    if not any(u.endswith("/" + f) for u in uris("error")):
        bad.append("SARIF: no error notification for %s" % f)
if not any(u.endswith("/README") for u in uris("note")):
    bad.append("SARIF: no note for the ignored README")
if run["properties"].get("otlint/ignored") != {"built-in": 1, "exclude": 0, "otlintignore": 0}:
    bad.append("SARIF run properties: %r" % run["properties"])
if any(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(("rtr-cell1.conf", "edge-sw1.conf")) for r in run["results"]):
    bad.append("SARIF: a result on an unrecognised file")
for suite in root.findall("testsuite"):
    f = suite.find("properties/property[@name='otlint.file']").get("value")
    cases = suite.findall("testcase")
    if f.endswith(("rtr-cell1.conf", "edge-sw1.conf")):
        errs = [c for c in cases if c.find("error") is not None]
        if len(errs) != 1 or errs[0].find("error").get("type") != "unrecognised":
            bad.append("JUnit: %s has no unrecognised <error>" % f)
    if f.endswith("/README"):
        sk = [c for c in cases if c.get("name") == "ignored" and c.find("skipped") is not None]
        if len(sk) != 1 or "built-in list 'README'" not in sk[0].find("skipped").get("message"):
            bad.append("JUnit: README is not an ignored, skipped testcase")
if int(root.get("errors")) < 2:
    bad.append("JUnit testsuites errors=%s" % root.get("errors"))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
[ $fail -eq 0 ] && ok "mixed directory: JSON, SARIF and JUnit account for every file"

# .otlintignore naming the configs: exit 0, every rule said
printf '# not device exports otlint reads\nedge-sw1.conf\n/cell1/*.conf\n' >"$D/.otlintignore"
"$OTLINT" scan "$D" -o text -o json="$T/i.json" >"$T/i.out" 2>"$T/i.err"
rc=$?
[ $rc -eq 0 ] && ok ".otlintignore naming the configs: exit 0" || { err ".otlintignore: exit $rc, expected 0"; cat "$T/i.err"; }
grep -q "^== $D/edge-sw1.conf  status=ignored ($D/.otlintignore:2 'edge-sw1.conf')" "$T/i.out" ||
    { err ".otlintignore: edge-sw1.conf not reported with its rule and line"; cat "$T/i.out"; }
grep -q "^== $D/cell1/rtr-cell1.conf  status=ignored ($D/.otlintignore:3 '/cell1/\*.conf')" "$T/i.out" ||
    err ".otlintignore: cell1/rtr-cell1.conf not reported with its anchored rule"
tail -n 1 "$T/i.out" | grep -q '^otlint: 4 files (0 not evaluated, 4 ignored: built-in 2, .otlintignore 2), ' ||
    { err ".otlintignore summary"; tail -n 1 "$T/i.out"; }
py "$T/i.json" <<'EOF' || err ".otlintignore: JSON ignored_by"
import json, sys
js = json.load(open(sys.argv[1]))
by = {d["file"].rsplit("/", 1)[1]: d.get("ignored_by") for d in js["devices"]}
ok = (by["edge-sw1.conf"]["rule"] == "otlintignore" and by["edge-sw1.conf"]["line"] == 2
      and by["edge-sw1.conf"]["source"].endswith("/.otlintignore")
      and js["summary"]["ignored"] == {"built-in": 2, "exclude": 0, "otlintignore": 2})
sys.exit(0 if ok else 1)
EOF
# a negation re-includes, and the last match wins
printf 'edge-sw1.conf\n/cell1/*.conf\n!rtr-cell1.conf\n' >"$D/.otlintignore"
"$OTLINT" scan -q "$D" >/dev/null 2>"$T/n.err"
rc=$?
{ [ $rc -eq 3 ] && grep -q "rtr-cell1.conf: error: not checked (unrecognised)" "$T/n.err"; } &&
    ok ".otlintignore: !pattern re-includes (exit 3)" || err ".otlintignore negation: exit $rc"
rm -f "$D/.otlintignore"

# --exclude from the command line
"$OTLINT" scan -q --exclude '*.conf' "$D" >"$T/x.out" 2>"$T/x.err"
rc=$?
[ $rc -eq 0 ] && ok "--exclude '*.conf': exit 0" || { err "--exclude: exit $rc"; cat "$T/x.err"; }
tail -n 1 "$T/x.out" | grep -q ' 3 ignored: built-in 1, --exclude 2)' || err "--exclude summary: $(tail -n 1 "$T/x.out")"
"$OTLINT" scan -q --exclude 'cell1/' --exclude edge-sw1.conf "$D" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && ok "--exclude DIR/: the directory is not descended" || err "--exclude DIR/: exit $rc"

# a path named on the command line is read even when a rule matches it
"$OTLINT" scan --exclude '*.conf' "$D/edge-sw1.conf" "$D/README" >"$T/e.out" 2>"$T/e.err"
rc=$?
[ $rc -eq 3 ] && ok "named files are read: exit 3" || err "named files: exit $rc, expected 3"
grep -q "edge-sw1.conf: note: matches the ignore rule --exclude '\*.conf'; read all the same" "$T/e.out" ||
    err "named file: no note of the matching rule"
grep -q "README: note: matches the ignore rule built-in list 'README'" "$T/e.out" ||
    err "named README: no note of the built-in rule"
grep -q "^$D/README: error: not checked (unrecognised)" "$T/e.err" || err "named README not unrecognised"

# an .otlintignore that cannot be read is an input problem
mkdir "$D/.otlintignore"
"$OTLINT" scan -q "$D" >"$T/u.out" 2>&1
rc=$?
rmdir "$D/.otlintignore"
{ [ $rc -eq 3 ] && grep -q ".otlintignore: error: not a regular file" "$T/u.out"; } &&
    ok "an unreadable .otlintignore: exit 3" || { err "unreadable .otlintignore: exit $rc"; cat "$T/u.out"; }

# ------------------------------------------------------------ --format on foreign files
# one file per plugin, and two that no plugin reads
files="cisco-ios:$src/examples/plant/bl1-core1.cfg
rockwell-l5x:$src/examples/plant/bl1-cell2-plc.L5X
siemens-tia:$src/tests/cases/tia-fb-open/input.xml
plcopen-xml:$src/tests/formats/plcopen-xml/minimal-tc6-0201.xml
codesys-cfg:$src/examples/plant/bl1-edge-gw_CODESYSControl_User.cfg
junos:$src/tests/accounting/junos.conf
fortios:$src/tests/formats/fortios/multi-vdom-weak.conf
cisco-asa:$src/tests/formats/cisco-asa/twice-nat.cfg
panos:$src/tests/formats/panos/set-weak.set
routeros:$src/tests/accounting/routeros.rsc
moxa:$src/tests/accounting/moxa-eds.ini"
n=0
for fmt in cisco-ios rockwell-l5x siemens-tia plcopen-xml codesys-cfg junos fortios cisco-asa panos \
    hirschmann-hios; do
    echo "$files" | while IFS=: read -r owner f; do
        [ "$owner" = "$fmt" ] && continue
        "$OTLINT" scan -q --format "$fmt" -o json="$T/f.json" "$f" >/dev/null 2>"$T/f.err"
        rc=$?
        if [ $rc -ne 3 ]; then
            echo "FAIL: --format $fmt on $(basename "$f") ($owner): exit $rc, expected 3"
            continue
        fi
        py "$T/f.json" <<'EOF' || echo "FAIL: --format $fmt on $(basename "$f") ($owner): not unrecognised, or findings"
import json, sys
d = json.load(open(sys.argv[1]))["devices"][0]
sys.exit(0 if d["status"] == "unrecognised" and not d["findings"] and not d["results"] else 1)
EOF
        grep -q "shows no sign of the format $fmt" "$T/f.err" ||
            echo "FAIL: --format $fmt on $(basename "$f"): stderr does not say why"
    done
done >"$T/forced.log"
if grep -q FAIL "$T/forced.log"; then
    cat "$T/forced.log"; fail=1
else
    ok "--format of each plugin on every foreign file: exit 3, unrecognised, no finding"
fi
# the examples of the issue, by name
for f in "$src/tests/accounting/junos.conf" "$src/examples/plant/bl1-cell2-plc.L5X"; do
    out=$("$OTLINT" scan --format cisco-ios "$f" 2>/dev/null)
    rc=$?
    { [ $rc -eq 3 ] && ! echo "$out" | grep -q ' \(CRITICAL\|HIGH\|MEDIUM\|LOW\|INFO\) '; } &&
        ok "--format cisco-ios on $(basename "$f"): exit 3, no finding" ||
        err "--format cisco-ios on $(basename "$f"): exit $rc"
done
# the forced plugin's own format still reads
"$OTLINT" scan -q --format cisco-ios "$src/examples/plant/bl1-core1.cfg" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] && ok "--format cisco-ios on IOS: read (exit 1, findings)" || err "--format cisco-ios on IOS: exit $rc"

# ------------------------------------------------------------ no security settings
for f in "$src/tests/formats/plcopen-xml/minimal-tc6-0201.xml" "$src/tests/formats/plcopen-xml/codesys-export.xml"; do
    b=$(basename "$f")
    "$OTLINT" scan -q "$f" -o text -o json="$T/s.json" -o sarif="$T/s.sarif" -o junit="$T/s.xml" >"$T/s.out" 2>"$T/s.err"
    rc=$?
    [ $rc -eq 3 ] || err "$b: exit $rc, expected 3 (no security settings)"
    grep -q "error: not checked (no-security-settings): no security settings in this export" "$T/s.err" ||
        err "$b: not named on stderr"
    py "$T/s.json" "$T/s.sarif" "$T/s.xml" <<'EOF' && ok "$b: no-security-settings in JSON, SARIF, JUnit" || err "$b: no-security-settings reports"
import json, sys
import xml.etree.ElementTree as ET
js, sarif, root = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), ET.parse(sys.argv[3]).getroot()
d = js["devices"][0]
ok = d["status"] == "no-security-settings" and js["summary"]["files_no_security_settings"] == 1 \
    and "requirements" not in d
ok = ok and all(r["state"] in ("notapplicable", "notevaluable") for r in d["results"])
inv = sarif["runs"][0]["invocations"][0]
ok = ok and inv["executionSuccessful"] is False and any(
    n["level"] == "error" and "no security settings in this export" in n["message"]["text"]
    for n in inv["toolExecutionNotifications"])
errs = [c for c in root.iter("testcase") if c.get("name") == "security-settings"]
ok = ok and len(errs) == 1 and errs[0].find("error").get("type") == "no-security-settings"
ok = ok and int(root.get("errors")) >= 1
sys.exit(0 if ok else 1)
EOF
done

# ------------------------------------------------------------ no defaults on a partial file
# codesys-cfg: the runtime's defaults for absent settings (no OS commands, no
# file transfer) hold for the whole main file read in full, not for one read
# in part (here: a line past the line-length limit is skipped)
C=$T/codesys
mkdir "$C"
cp "$src/tests/formats/codesys-cfg/CODESYSControl-linux-default.cfg" "$C/CODESYSControl.cfg"
"$OTLINT" show "$C/CODESYSControl.cfg" >"$T/c-full.xml" 2>/dev/null
{ cat "$src/tests/formats/codesys-cfg/CODESYSControl-linux-default.cfg"
  printf '[SysProcess]\n'
  "$PYTHON3" -c 'print("Command.0=" + "x" * 70000)'; } >"$C/CODESYSControl.cfg"
"$OTLINT" show "$C/CODESYSControl.cfg" >"$T/c-part.xml" 2>/dev/null
rc=$?
if grep -q 'name="os-commands"[^>]*defaulted="true"' "$T/c-full.xml" &&
    grep -q 'name="file-transfer"[^>]*defaulted="true"' "$T/c-full.xml"; then
    if [ $rc -eq 3 ] && ! grep -q 'name="os-commands"\|name="file-transfer"' "$T/c-part.xml"; then
        ok "codesys-cfg: no OS-command or file-transfer default on a file read in part"
    else
        err "codesys-cfg: defaults asserted on a partial file (show exit $rc)"
    fi
else
    err "codesys-cfg: the full file lost its documented defaults"
fi

[ $fail -eq 0 ] && echo "accounting.sh: all passed"
exit $fail
