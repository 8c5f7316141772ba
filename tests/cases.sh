#!/bin/bash
# cases.sh - end-to-end rule tests written as data.
#
# Each folder tests/cases/<name>/ holds
#   input.*     a device configuration, with the format's usual extension (input.cfg,
#               input.L5X, input.xml, input.aml ...); where the format allows comments, its first
#               line says what the case tests, otherwise a README in the folder does
#   input-ref   instead of input.*: one line, the path (from the top of the source tree) of a
#               format fixture under tests/formats/ to scan, so fixtures are not copied
#   expected    assertions, one per line:
#                 fail RULE-ID LINE   a finding of RULE-ID at LINE (0 = device level); when any such
#                                     line names a rule, the lines listed must be exactly the lines
#                                     of all findings of that rule
#                 STATE RULE-ID       the rule's result state (pass fail notapplicable notevaluable
#                                     error waived)
#                 exit N              otlint's exit code must be N (default: 0 or 1)
#                 # comment
#               Other findings and results may exist (subset check).
#   args        optional: extra command line arguments (whitespace-separated), run in the case folder;
#               the word @test-good@ stands for a folder holding only the test-good format plugin
#               (tests/plugins/good.c: facts written line by line), for cases of rules over facts
#               no shipped plugin writes yet (--plugin-dir @test-good@)
#
# Environment (set by make check): OTL_TOP_SRCDIR OTLINT PYTHON3.  Optional: CASES="name ..." to
# run only some cases.  Exit 0 when every assertion holds, 1 otherwise.
set -u

srcdir=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-${OTL_TOP_BUILDDIR:-.}/core/otlint}
python=${PYTHON3:-python3}

if ! command -v "$python" >/dev/null 2>&1; then
	echo "cases.sh: no python3 ($python); skipping" >&2
	exit 77
fi
if [ ! -x "$otlint" ]; then
	echo "cases.sh: otlint binary not found or not executable: $otlint" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otlcases.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

checker="$tmp/check.py"
cat >"$checker" <<'PY'
import json, sys

case, expected_path, json_path, status = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
STATES = {"pass", "fail", "notapplicable", "notevaluable", "error", "waived"}
errors = []
states, lines, want_exit = [], {}, None
with open(expected_path, encoding="utf-8") as f:
    for n, raw in enumerate(f, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        w = line.split()
        if w[0] == "exit" and len(w) == 2 and w[1].isdigit():
            want_exit = int(w[1])
        elif w[0] == "fail" and len(w) == 3 and w[2].isdigit():
            lines.setdefault(w[1], set()).add(int(w[2]))
        elif w[0] in STATES and len(w) == 2:
            states.append((w[0], w[1]))
        else:
            errors.append("expected:%d: cannot read assertion '%s'" % (n, line))

if want_exit is not None:
    if status != want_exit:
        errors.append("exit %d, expected %d" % (status, want_exit))
elif status not in (0, 1):
    errors.append("exit %d (0 or 1 expected)" % status)

doc = None
if want_exit is None or states or lines:
    try:
        with open(json_path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        errors.append("no readable JSON output: %s" % e)

if doc is not None:
    devices = doc.get("devices") or []
    if len(devices) != 1:
        errors.append("%d devices in the JSON output, expected 1" % len(devices))
    else:
        dev = devices[0]
        results = {r.get("rule"): r for r in dev.get("results") or []}
        found = {}
        for fi in dev.get("findings") or []:
            found.setdefault(fi.get("rule"), []).append(fi)
        for state, rule in states:
            r = results.get(rule)
            if r is None:
                errors.append("%s %s: the rule has no result" % (state, rule))
            elif r.get("state") != state:
                reason = r.get("reason")
                errors.append("%s %s: state is %s%s" % (state, rule, r.get("state"),
                              " (%s)" % reason if reason else ""))
        for rule, want in sorted(lines.items()):
            got = sorted(int(fi.get("line") or 0) for fi in found.get(rule, []))
            if set(got) != want or len(got) != len(want):
                r = results.get(rule)
                extra = ""
                if r is not None and r.get("state") != "fail":
                    extra = "; state %s%s" % (r.get("state"),
                            " (%s)" % r.get("reason") if r.get("reason") else "")
                errors.append("fail %s: finding lines %s, expected %s%s" % (
                    rule, got, sorted(want), extra))

for e in errors:
    print("FAIL %s: %s" % (case, e))
sys.exit(1 if errors else 0)
PY

failed=0
total=0
for dir in "$srcdir"/tests/cases/*/; do
	dir=${dir%/}
	name=${dir##*/}
	if [ -n "${CASES:-}" ]; then
		case " $CASES " in *" $name "*) ;; *) continue ;; esac
	fi
	input=
	for f in "$dir"/input.*; do
		[ -f "$f" ] && { [ -z "$input" ] && input=${f##*/} || input=TWO; }
	done
	if [ -f "$dir/input-ref" ]; then
		ref=$(head -n 1 "$dir/input-ref")
		if [ -n "$input" ] || [ ! -f "$srcdir/$ref" ]; then
			input=TWO
		else
			input=$srcdir/$ref
		fi
	fi
	if [ -z "$input" ] || [ "$input" = TWO ] || [ ! -f "$dir/expected" ]; then
		echo "FAIL $name: exactly one input.* (or an input-ref naming an existing fixture) and an expected file are needed"
		failed=$((failed + 1))
		continue
	fi
	total=$((total + 1))
	extra=()
	if [ -f "$dir/args" ]; then
		read -r -d '' -a extra <"$dir/args"
		for i in "${!extra[@]}"; do
			[ "${extra[$i]}" = @test-good@ ] || continue
			if [ ! -d "$tmp/test-good" ]; then
				mkdir "$tmp/test-good" &&
					cp "${OTL_TOP_BUILDDIR:-.}/tests/plugins/.libs/good.so" "$tmp/test-good/"
			fi
			extra[$i]=$tmp/test-good
		done
	fi
	out="$tmp/$name.json"
	rm -f "$out"
	(cd "$dir" && "$otlint" scan -q -o "json=$out" ${extra[@]+"${extra[@]}"} "$input") >"$tmp/$name.log" 2>&1
	status=$?
	if "$python" "$checker" "$name" "$dir/expected" "$out" "$status"; then
		echo "PASS $name"
	else
		failed=$((failed + 1))
		sed 's/^/    otlint: /' "$tmp/$name.log" | head -n 20
	fi
done

echo "cases: $((total - failed)) of $total passed"
[ "$failed" -eq 0 ]
