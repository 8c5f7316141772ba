#!/bin/sh
# raw-records.sh - a scan keeps the raw tree as records (host->raw_stmt,
# docs/plugins.md) when no loaded rule reads its elements, and builds the
# elements when one does; the findings must be the same either way, byte for
# byte.  Every format's files among the examples, the test cases, the format
# fixtures, the shared corpus (read in place when present) and a composed
# L5X of 2 MiB (tests/gen-l5x.py: thousands of start tags as evidence, cut
# at OTL_MAX_EVIDENCE) are scanned at SL 4 with the default profile, once as
# they are (records) and once with tests/raw-records/reads-raw.xml loaded
# (a rule that reads raw/ and selects nothing: elements).  Per device, the
# findings (evidence included), diagnostics, status and the results of every
# other rule must be the same, and so must the exit codes.
# Environment (from `make check`): OTLINT PYTHON3.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
corpus=$top/../shared/corpus

[ -x "$otlint" ] || { echo "raw-records.sh: $otlint not built" >&2; exit 99; }
if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "raw-records.sh: python3 is needed to compare the reports" >&2
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-rawrec.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

set -- "$top/examples" "$top/tests/cases" "$top/tests/formats"
# start tags the evidence must hold: 300 with the corpus; without it (a
# clean clone) the examples, fixtures and the composed L5X give 179, of
# which 21 cut: 150 there
need_tags=150
[ -d "$corpus" ] && set -- "$@" "$corpus" && need_tags=300
mkdir "$tmp/l5x"
"$python3" "$top/tests/gen-l5x.py" 2 "$tmp/l5x/composed.L5X" >/dev/null ||
    { echo "FAIL gen-l5x.py"; exit 1; }
set -- "$@" "$tmp/l5x"

fail=0
"$otlint" scan --sl 4 -j2 -o json="$tmp/records.json" "$@" >/dev/null 2>"$tmp/records.err"
echo $? >"$tmp/records.rc"
"$otlint" scan --sl 4 -j2 --baseline "$top/tests/raw-records/reads-raw.xml" \
    -o json="$tmp/elements.json" "$@" >/dev/null 2>"$tmp/elements.err"
echo $? >"$tmp/elements.rc"
for m in records elements; do
    [ "$(cat "$tmp/$m.rc")" -le 3 ] || { echo "FAIL scan with $m: exit $(cat "$tmp/$m.rc")"; tail -5 "$tmp/$m.err"; fail=1; }
done
cmp -s "$tmp/records.rc" "$tmp/elements.rc" || { echo "FAIL exit codes differ"; fail=1; }
# The extra rule reaches a verdict on every file: a file without security
# settings in the plain run (docs/file-accounting.md) is evaluated in the
# other, and says so only in the plain run.
for m in records elements; do
    grep -v -e 'no security settings in this export' "$tmp/$m.err" >"$tmp/$m.err2"
done
cmp -s "$tmp/records.err2" "$tmp/elements.err2" || { echo "FAIL diagnostics differ"; diff "$tmp/records.err2" "$tmp/elements.err2" | head; fail=1; }

# the same per device, the test rule's result aside; and the test rule ran
"$python3" - "$tmp/records.json" "$tmp/elements.json" "$need_tags" <<'PY' || fail=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def devices(d, strip):
    out = []
    for dv in d["devices"]:
        dv = json.loads(json.dumps(dv))
        n = len(dv["results"])
        dv["results"] = [r for r in dv["results"] if r.get("rule") != "TEST-READS-RAW"]
        if strip and dv["status"] not in ("skipped", "ignored", "unrecognised") and n == len(dv["results"]):
            print("FAIL TEST-READS-RAW did not run on", dv["file"]); sys.exit(1)
        dv.pop("requirements", None)  # the extra rule counts there (SR 1.1)
        dv.pop("security_levels", None)
        # the extra rule's verdict turns "no security settings" into ok
        if dv["status"] == "no-security-settings":
            dv["status"] = "ok"
            dv["diagnostics"] = [g for g in dv["diagnostics"]
                                 if "no security settings in this export" not in (g["message"] or "")]
        out.append(dv)
    return out
da, db = devices(a, False), devices(b, True)
if da != db:
    for x, y in zip(da, db):
        if x != y:
            print("FAIL records and elements differ for", x["file"])
            for k in x:
                if x[k] != y.get(k):
                    print("  ", k, json.dumps(x[k])[:300], "\n   ", json.dumps(y.get(k))[:300])
            break
    sys.exit(1)
ev = [f.get("evidence") or "" for dv in da for f in dv["findings"]]
tags = sum(1 for e in ev if e.startswith("<") and e[1:2].isalpha())
cut = sum(1 for e in ev if e.startswith("<") and e.endswith("..."))
if tags < int(sys.argv[3]) or cut < 10:
    print("FAIL the comparison needs start tags as evidence: %d (%d cut)" % (tags, cut)); sys.exit(1)
print("raw-records.sh: %d devices, %d findings, %d start tags as evidence (%d cut): records and elements agree"
      % (len(da), len(ev), tags, cut))
PY
exit $fail
