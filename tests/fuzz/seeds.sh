#!/bin/sh
# seeds.sh TARGET OUTDIR - gather the seed inputs of one fuzz target into
# OUTDIR: the shared corpus files of its format (../shared/corpus, read in
# place, never copied into the project), the test fixtures, the examples and
# the committed reproducers.  For fuzz-load each file gets its kind byte in
# front (0 baseline, 1 profile, 2 waivers, 3 catalog; see fuzz-load.c).
# Prints the number of seeds.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
corpus=$top/../shared/corpus
target=${1:?target}
out=${2:?outdir}
mkdir -p "$out" || exit 99
n=0

add() { # add FILE [KINDBYTE]
    [ -f "$1" ] || return 0
    n=$((n + 1))
    name=$(printf '%04d-%s' "$n" "$(basename "$1")")
    if [ $# -gt 1 ]; then
        { printf "\\$2"; cat "$1"; } >"$out/$name"
    else
        cp "$1" "$out/$name"
    fi
}

addall() { # addall DIR FIND-ARGS...
    d=$1; shift
    [ -d "$d" ] || return 0
    find "$d" -type f "$@" ! -name '*.facts' ! -name '*.md' ! -name '.keep' | sort >"$out/.list"
    while IFS= read -r f; do add "$f"; done <"$out/.list"
    rm -f "$out/.list"
}

case $target in
cisco-ios)
    addall "$corpus/cisco_ios"
    addall "$top/tests/formats/cisco-ios"
    for f in "$top"/examples/plant/*.cfg; do grep -q '^hostname' "$f" && add "$f"; done ;;
rockwell-l5x)
    addall "$corpus/rockwell_l5x"
    addall "$top/tests/formats/rockwell-l5x"
    addall "$top/examples/plant" -name '*.L5X' ;;
siemens-tia)
    addall "$corpus/automationml"
    addall "$top/tests/formats/siemens-tia" ;;
plcopen-xml)
    addall "$corpus/plcopen"
    addall "$top/tests/formats/plcopen-xml" ;;
junos)
    addall "$corpus/juniper" ! -name 'batfish_example-juniper_as2border1.cfg'
    addall "$top/tests/formats/junos" ;;
cisco-asa)
    addall "$corpus/cisco_asa"
    addall "$top/tests/formats/cisco-asa"
    for f in "$top"/tests/cases/asa-*/input.cfg; do [ -f "$f" ] && add "$f"; done ;;
fortios)
    addall "$corpus/fortinet"
    addall "$top/tests/formats/fortios" ;;
phoenix-mguard) # issue 25: no corpus files
    addall "$top/tests/formats/phoenix-mguard" ;;
codesys-cfg)
    addall "$top/tests/formats/codesys-cfg"
    addall "$top/examples/plant" -name '*CODESYS*' ;;
panos)
    addall "$corpus/paloalto"
    addall "$top/tests/formats/panos" ;;
hirschmann-hios)
    addall "$corpus/hirschmann"
    addall "$top/tests/formats/hirschmann-hios"
    for f in "$top"/tests/cases/hios-*/input.*; do [ -f "$f" ] && add "$f"; done ;;
siemens-scalance)
    addall "$top/tests/formats/siemens-scalance"
    for f in "$top"/tests/cases/scalance-*/input.cfg; do [ -f "$f" ] && add "$f"; done ;;
load)
    for f in "$top"/baselines/rules/*.xml; do add "$f" 000; done
    # Shipped profiles renamed (fuzz-load.c keeps the originals loaded).
    for f in "$top"/baselines/profiles/*.xml; do
        sed 's/ id="\([a-z0-9-]*\)"/ id="fuzz-\1"/' "$f" >"$out/.p"
        add "$out/.p" 001
    done
    rm -f "$out/.p"
    for f in "$top"/tests/waivers/*.xml; do add "$f" 002; done
    for f in "$top"/baselines/requirements/*.xml; do add "$f" 003; done ;;
*)
    echo "seeds.sh: unknown target $target" >&2; exit 99 ;;
esac
if [ -d "$top/tests/fuzz/reproducers/$target" ]; then
    addall "$top/tests/fuzz/reproducers/$target"
fi
echo "$n"
