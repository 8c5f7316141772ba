#!/bin/sh
# large-l5x.sh - the rockwell-l5x plugin on a large export: tests/gen-l5x.py
# writes a composed ~40 MiB L5X into a temporary directory; `otlint scan -q
# -o json=...` must read it with a peak RSS (of the otlint process, measured
# with getrusage(RUSAGE_CHILDREN)) under the bound below, and the facts must be
# exact deep in the file: the line of a routine near the end (grep -n) equals
# its program-unit fact's line in `otlint show` and the line of its finding,
# and the controller tag-group carries the generator's exact counts.
#
# The bound is what the plugin may keep, not the file size (the core drops the
# mapped pages the streaming reader has consumed):
#   RSS_BASE_KIB   otlint, libxml2, the reader's buffers, the window of the
#                  mapping not yet dropped (<= 10 MiB), the rule engine
#   TAG_KIB        per tag fact (<= OTLP_MAX_TAG_FACTS = 10000): the fact and
#                  its start tag in the raw skeleton (a record in a scan)
#   UNIT_KIB       per program unit, module, tag-group (fact, raw record,
#                  the engine's findings and evidence for it)
# Measured (docs/formats/rockwell-l5x.md): 40 MiB -> ~42 MiB, 200 MiB -> ~60 MiB
# (make bench row (b)); with the skeleton as elements it was ~64 and ~90 MiB,
# above this bound.
# Environment (from `make check`): OTLINT PYTHON3.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
size_mb=${OTL_L5X_SIZE_MB:-40}

RSS_BASE_KIB=24576
TAG_KIB=2
UNIT_KIB=4

if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "large-l5x.sh: python3 not available; skipped" >&2
    exit 77
fi
[ -x "$otlint" ] || { echo "large-l5x.sh: $otlint not built" >&2; exit 99; }

# Under AddressSanitizer (or ThreadSanitizer) the process carries shadow memory and a quarantine of
# freed blocks, so a memory bound means nothing there: the sanitizer run checks
# the parse of a smaller file (lines, counts, no error) and skips the bound.
sanitized=0
if grep -qE '__[at]san_init' "$otlint" 2>/dev/null; then
    sanitized=1
    size_mb=${OTL_L5X_SIZE_MB:-8}
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-large-l5x.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
big=$tmp/big.L5X

summary=$("$python3" "$top/tests/gen-l5x.py" "$size_mb" "$big") || {
    echo "FAIL gen-l5x.py"; exit 1; }
echo "generated: $summary"
get() { echo "$summary" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# scan, with the child's peak RSS
rss=$("$python3" -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
' "$otlint" scan -q -o json="$tmp/out.json" "$big") || { echo "FAIL: could not run otlint"; exit 1; }
set -- $rss
rc=$1 rss_kib=$2
fail=0
if [ "$rc" -gt 1 ]; then
    echo "FAIL otlint scan exited $rc"; fail=1
fi

# tag facts kept, and units (routines, programs, modules, tag-groups)
tagfacts=$(( $(get controller_writable) + $(get program_writable) ))
[ "$tagfacts" -gt 10000 ] && tagfacts=10000
units=$(( $(get routines) + 2 * $(get programs) + $(get modules) + 1 ))
bound=$(( RSS_BASE_KIB + TAG_KIB * tagfacts + UNIT_KIB * units ))
echo "peak RSS ${rss_kib} KiB, bound ${bound} KiB (base ${RSS_BASE_KIB} + ${TAG_KIB} x ${tagfacts} tag facts + ${UNIT_KIB} x ${units} units)"
if [ $sanitized -eq 1 ]; then
    echo "note: sanitizer build (ASan or TSan): memory bound not checked"
elif [ "$rss_kib" -gt "$bound" ]; then
    echo "FAIL peak RSS above the bound"; fail=1
fi

want=$(grep -n 'Name="DEEP_MARKER_ROUTINE"' "$big" | head -n 1 | cut -d: -f1)
if [ -z "$want" ] || [ "$want" != "$(get marker_line)" ]; then
    echo "FAIL marker routine not where the generator put it ($want)"; fail=1
fi

"$otlint" show "$big" >"$tmp/show.xml" 2>"$tmp/show.err" || { echo "FAIL otlint show exited $?"; fail=1; }
if grep -q ': error:' "$tmp/show.err"; then
    echo "FAIL error diagnostics:"; grep ': error:' "$tmp/show.err"; fail=1
fi
"$python3" - "$tmp/show.xml" "$tmp/out.json" "$want" "$summary" <<'EOF' || fail=1
import json, sys
import xml.etree.ElementTree as ET
show, js, want, summary = sys.argv[1], sys.argv[2], int(sys.argv[3] or 0), sys.argv[4]
s = dict(kv.split("=") for kv in summary.split())
facts = ET.parse(show).getroot().find("facts")
bad = 0
units = [f for f in facts.findall("program-unit") if f.get("name") == "DEEP_MARKER_ROUTINE"]
if len(units) != 1 or int(units[0].get("line", 0)) != want:
    print("FAIL fact line of DEEP_MARKER_ROUTINE: %s, file says %d"
          % ([u.get("line") for u in units], want)); bad = 1
groups = [g for g in facts.findall("tag-group") if g.get("kind") == "controller"]
expect = {"tags": s["controller_tags"], "writable": s["controller_writable"],
          "read-only": s["controller_ro"], "no-access": s["controller_none"],
          "safety-writable": s["controller_safety_writable"]}
if len(groups) != 1 or any(groups[0].get(k) != v for k, v in expect.items()):
    print("FAIL controller tag-group %s, expected %s" % (groups[0].attrib if groups else None, expect)); bad = 1
prog_tags = sum(int(g.get("tags")) for g in facts.findall("tag-group") if g.get("kind") == "program")
if prog_tags != int(s["program_tags"]):
    print("FAIL program tags counted %d, generated %s" % (prog_tags, s["program_tags"])); bad = 1
if len(facts.findall("tag")) != min(10000, int(s["controller_writable"]) + int(s["program_writable"])):
    print("FAIL %d tag facts" % len(facts.findall("tag"))); bad = 1
dev = json.load(open(js))["devices"][0]
if dev["status"] != "ok":
    print("FAIL scan status %s" % dev["status"]); bad = 1
hits = [f for f in dev["findings"] if "DEEP_MARKER_ROUTINE" in f.get("message", "")]
if hits and any(f.get("line") != want for f in hits):
    print("FAIL finding line %s, file says %d" % ([f.get("line") for f in hits], want)); bad = 1
print("deep fact line %d exact; %d finding(s) on it; %d findings in all"
      % (want, len(hits), len(dev["findings"])))
sys.exit(bad)
EOF
if [ $fail -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
