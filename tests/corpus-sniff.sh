#!/bin/sh
# corpus-sniff.sh - sniffing tells the formats apart on every file of the
# shared corpus (issue 24): each file is claimed by the plugin of its folder
# (the table below; the IOS text in juniper/ is cisco-ios's, by its MANIFEST
# note), and every network plugin's own sniff scores 0 on the network files of
# the other vendors (`--format P` on them is refused as "shows no sign of the
# format"), so Junos and PAN-OS `set` and brace forms, ASA and IOS, are never
# confused whichever plugin is loaded.  Skipped (77) without the corpus.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
PYTHON3=${PYTHON3:-python3}
corpus=$top/../shared/corpus
[ -d "$corpus" ] || { echo "corpus-sniff.sh: $corpus absent; skipped"; exit 77; }
command -v "$PYTHON3" >/dev/null 2>&1 || { echo "corpus-sniff.sh: no python3; skipped"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/otl-csniff.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT INT TERM

# folder -> format ("-": no plugin reads it yet)
cat >"$T/map" <<'MAP'
automationml -
beckhoff_twincat -
cisco_asa cisco-asa
cisco_ios cisco-ios
fortinet fortios
hirschmann hirschmann-hios
juniper junos
paloalto panos
plcopen plcopen-xml
rockwell_l5x rockwell-l5x
juniper/batfish_example-juniper_as2border1.cfg cisco-ios
MAP
network="cisco-ios cisco-asa fortios junos panos hirschmann-hios"
network="$network phoenix-mguard" # issue 25 (mguard): no corpus files; its fixtures below
fail=0
for p in $network; do
    "$otlint" formats 2>/dev/null | grep -q "^$p " || { echo "FAIL plugin $p is not loaded"; fail=1; }
done

"$otlint" scan -j2 "$corpus" -o json="$T/all.json" >/dev/null 2>&1
"$PYTHON3" - "$T/all.json" "$T/map" "$corpus" "$T/files" <<'PY' || fail=1
import json, sys, os
js, corpus = json.load(open(sys.argv[1])), os.path.realpath(sys.argv[3])
want = dict(l.split() for l in open(sys.argv[2]) if l.strip())
bad = 0
seen = set()
out = open(sys.argv[4], "w")
for d in js["devices"]:
    rel = os.path.relpath(os.path.realpath(d["file"]), corpus)
    if "/" not in rel:
        continue                       # MANIFEST.tsv, README.md
    seen.add(rel)
    exp = want.get(rel, want.get(rel.split("/")[0]))
    got = d.get("format") or "-"
    if exp is None:
        print("FAIL %s: folder not in the table of corpus-sniff.sh" % rel); bad = 1
    elif got != exp:
        print("FAIL %s: claimed by %s, want %s" % (rel, got, exp)); bad = 1
    else:
        print("ok %s %s" % (rel, got))
    if exp in ("cisco-ios", "cisco-asa", "fortios", "junos", "panos", "hirschmann-hios"):
        print(exp, os.path.join(corpus, rel), file=out)
sys.exit(bad)
PY
# issue 25 (mguard): no mGuard file in the corpus; its fixtures must be claimed by it alone
for f in "$top"/tests/formats/phoenix-mguard/*.atv; do
    got=$("$otlint" show "$f" 2>/dev/null | sed -n 's/.* format="\([^"]*\)".*/\1/p' | head -n 1)
    [ "$got" = phoenix-mguard ] || { echo "FAIL ${f#"$top"/}: claimed by ${got:-nothing}, want phoenix-mguard"; fail=1; }
    echo "phoenix-mguard $f" >>"$T/files"
done
while read -r own f; do
    for p in $network; do
        [ "$p" = "$own" ] && continue
        "$otlint" scan -q --format "$p" "$f" >/dev/null 2>"$T/err"
        if ! grep -q "shows no sign of the format $p" "$T/err"; then
            echo "FAIL ${f#"$corpus"/}: the sniff of $p does not score it 0 (a $own file)"
            fail=1
        fi
    done
done <"$T/files"
# siemens-scalance (issue 25): the corpus has no SCALANCE file, so its sniff
# must score 0 on every file of every folder (IOS, ASA, HiOS CLI and XML, ...)
"$otlint" formats 2>/dev/null | grep -q "^siemens-scalance " || { echo "FAIL plugin siemens-scalance is not loaded"; fail=1; }
find "$corpus" -mindepth 2 -type f | while read -r f; do
    "$otlint" scan -q --format siemens-scalance "$f" >/dev/null 2>"$T/err"
    grep -q "shows no sign of the format siemens-scalance" "$T/err" ||
        echo "FAIL ${f#"$corpus"/}: the sniff of siemens-scalance does not score it 0"
done >"$T/scal"
[ -s "$T/scal" ] && { cat "$T/scal"; fail=1; }
[ $fail -eq 0 ] && echo "ok corpus-sniff: $(wc -l <"$T/files") network files, each claimed by its plugin and by no other"
exit $fail
