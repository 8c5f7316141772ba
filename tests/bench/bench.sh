#!/bin/sh
# bench.sh - `make bench`: how fast otlint scans, and in how much memory,
# next to the tools people would otherwise use (docs/benchmark.md).
#
# Data (composed, deterministic, generated once into the work dir and reused
# while a stamp says same generators and sizes; never committed):
#   (a) OTL_BENCH_N Cisco IOS / IE switch configs of ~20 KB (gen-cisco.py)
#   (b) one L5X controller export of OTL_BENCH_L5X_MB MiB (tests/gen-l5x.py)
#   (c) OTL_BENCH_XML_N small L5X / TIA Openness / PLCopen exports (gen-xml.py),
#       one PLCopen project of OTL_BENCH_PLC_MB MiB (gen-xml.py --plcopen-big)
#       and one TIA Portal tag table of OTL_BENCH_TIA_MB MiB (tests/hostile/gen-tia.py)
#   (e) three IOS configs of S, 2S and 4S statements, S = OTL_BENCH_LIN
#       (gen-cisco.py --statements: accounts, access ports, ACL entries and
#       vty lines grow together)
#   (f) firewalls (issue 24): one config of each firewall plugin's generator
#       (tests/gen-cisco-asa.py, gen-fortios.py, gen-junos.py, gen-panos.py,
#       and gen-ios-acl.py for IOS ACLs) with R/4 and R policy rules, R =
#       OTL_BENCH_FW_RULES; one Panorama XML of about OTL_BENCH_PANOS_MB MB
#       (gen-panos.py --panorama)
# Timed, each OTL_BENCH_RUNS times in a row, median reported (measure.py:
# wall time, stdout always a pipe, peak RSS from GNU time):
#   otlint scan -q -j1 and -j2 on (a); pcre2grep -c -f patterns.txt, GNU grep
#   -c -E -f patterns.txt (LC_ALL=C) and cat on the same files; oscap oval
#   eval with the same 20 patterns as textfilecontent54 tests on the first
#   OTL_BENCH_OSCAP_N files of (a), extrapolated linearly to all of them
#   (only when oscap is installed); otlint with a profile that selects no rule
#   on 1 file, on (a), on (d) N 7-line configs (the fixed part) and on the
#   corpus (per-file overhead); otlint -j1 and
#   xmllint --stream --noout on (b); otlint -j2 and xmllint on (c); otlint -j2
#   once on 2 x N files (a twice, hard links) and once on N / 5 files (peak
#   RSS must stay flat); (e) otlint -j1 with the default profile on each of
#   the three configs (at most 3 runs each) and, on the largest, with the
#   empty profile and with a profile of each single rule that the default
#   profile runs on the device (OTL_BENCH_RULE_RUNS runs each): a rule's
#   cost is its profile's CPU time less the empty profile's.  Row (e)'s
#   ratios compare the least CPU time (user + system) of the runs, which
#   a single-threaded scan spends whatever else the machine runs.  Row (f):
#   otlint -j1 with the default profile on the R/4 and R configs of each
#   vendor (the CPU-time ratio: rule cost linear in the policy's size), with
#   no rules on the R config (parse speed against row (e)'s IOS config with
#   no rules), and on the Panorama XML against xmllint --stream (time, peak
#   RSS within 64 MiB + what otlint keeps of it).
# Prints a table and the ratios with their targets (PASS / MISS).  Exit 0
# when every command ran as expected (a MISS is a result, not a failure;
# OTL_BENCH_STRICT=1 makes it one), 1 when one did not, 77 without python3.
#
# Environment: OTLINT PYTHON3 XMLLINT OTL_TOP_SRCDIR OTL_TOP_BUILDDIR (from
# make), OTL_BENCH_DIR (work dir; default BUILDDIR/_bench), OTL_BENCH_N
# (5000), OTL_BENCH_XML_N (1000), OTL_BENCH_L5X_MB (200), OTL_BENCH_PLC_MB (200), OTL_BENCH_RUNS (5),
# OTL_BENCH_OSCAP_N (500), OTL_BENCH_CORPUS (SRCDIR/../shared/corpus),
# OTL_BENCH_LIN (50000), OTL_BENCH_RULE_RUNS (3), OTL_BENCH_FW_RULES (10000),
# OTL_BENCH_PANOS_MB (100), OTL_BENCH_STRICT.  Smoke
# run: OTL_BENCH_N=50 OTL_BENCH_XML_N=30 OTL_BENCH_L5X_MB=5 OTL_BENCH_PLC_MB=5 OTL_BENCH_RUNS=1
# OTL_BENCH_LIN=2000.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${OTL_TOP_BUILDDIR:-$top}
otlint=${OTLINT:-$build/core/otlint}
python3=${PYTHON3:-python3}
xmllint=${XMLLINT:-xmllint}
work=${OTL_BENCH_DIR:-$build/_bench}
n=${OTL_BENCH_N:-5000}
nxml=${OTL_BENCH_XML_N:-1000}
l5x_mb=${OTL_BENCH_L5X_MB:-200}
plc_mb=${OTL_BENCH_PLC_MB:-200}
runs=${OTL_BENCH_RUNS:-5}
oscap_n=${OTL_BENCH_OSCAP_N:-500}
lin=${OTL_BENCH_LIN:-50000}
rule_runs=${OTL_BENCH_RULE_RUNS:-3}
fw_rules=${OTL_BENCH_FW_RULES:-10000}
panos_mb=${OTL_BENCH_PANOS_MB:-100}
fw_gens="cisco-asa fortios junos panos ios-acl"
corpus=${OTL_BENCH_CORPUS:-$top/../shared/corpus}
strict=${OTL_BENCH_STRICT:-0}
here=$top/tests/bench
patterns=$here/patterns.txt

if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "bench.sh: python3 not available; skipped" >&2
    exit 77
fi
[ -x "$otlint" ] || { echo "bench.sh: $otlint not built" >&2; exit 1; }
for v in "$n" "$nxml" "$plc_mb" "$runs" "$oscap_n" "$lin" "$rule_runs" "$fw_rules" "$panos_mb"; do
    case $v in '' | *[!0-9]*) echo "bench.sh: sizes and runs must be whole numbers" >&2; exit 1 ;; esac
done
[ "$n" -ge 5 ] && [ "$runs" -ge 1 ] || { echo "bench.sh: OTL_BENCH_N must be >= 5" >&2; exit 1; }
[ "$lin" -ge 1000 ] && [ "$rule_runs" -ge 1 ] ||
    { echo "bench.sh: OTL_BENCH_LIN must be >= 1000, OTL_BENCH_RULE_RUNS >= 1" >&2; exit 1; }
lin_sizes="$lin $(( 2 * lin )) $(( 4 * lin ))"
have() { [ "$1" != no ] && command -v "$1" >/dev/null 2>&1; }
have "$xmllint" || xmllint=
start=$(date +%s)

# The work dir holds only what this script made: it refuses a non-empty
# directory without its marker rather than delete someone's files.
if [ -d "$work" ] && [ ! -f "$work/.otlint-bench" ] && [ -n "$(ls -A "$work")" ]; then
    echo "bench.sh: $work is not empty and not a bench dir; set OTL_BENCH_DIR" >&2
    exit 1
fi
mkdir -p "$work" && : >"$work/.otlint-bench" || exit 1
data=$work/data
tmp=$work/run
rm -rf "$tmp" && mkdir "$tmp" || exit 1

# ------------------------------------------------------------------ data
sig=$(cat "$here/gen-cisco.py" "$here/gen-xml.py" "$top/tests/gen-l5x.py" | cksum | cut -d' ' -f1)
stamp="generators=$sig n=$n xml=$nxml l5x_mb=$l5x_mb plc_mb=$plc_mb lin=$lin"
if [ -f "$data/stamp" ] && [ "$(cat "$data/stamp")" = "$stamp" ]; then
    gen_note="reused ($data)"
else
    rm -rf "$data" && mkdir -p "$data" || exit 1
    echo "bench.sh: generating data into $data ..."
    g0=$(date +%s)
    # three generators, two cores: the big L5X alongside the rest
    "$python3" "$top/tests/gen-l5x.py" "$l5x_mb" "$data/big.L5X" >"$data/gen-l5x.log" 2>&1 &
    pid=$!
    gok=1
    "$python3" "$here/gen-cisco.py" "$n" "$data/cisco" >"$data/gen-cisco.log" 2>&1 || gok=0
    "$python3" "$here/gen-xml.py" "$nxml" "$data/xml" >"$data/gen-xml.log" 2>&1 || gok=0
    # (c) one big PLCopen project (issue 23)
    "$python3" "$here/gen-xml.py" --plcopen-big "$plc_mb" "$data/big-plcopen.xml" >"$data/gen-plcopen.log" 2>&1 || gok=0
    # (c) the big TIA export has a stamp of its own (below)
    mkdir -p "$data/lin" || gok=0
    for s in $lin_sizes; do
        "$python3" "$here/gen-cisco.py" --statements "$s" "$data/lin/s$s.cfg" >>"$data/gen-lin.log" 2>&1 || gok=0
    done
    wait "$pid" || gok=0
    if [ $gok -ne 1 ]; then
        echo "bench.sh: generation failed:" >&2; cat "$data"/gen-*.log >&2; exit 1
    fi
    echo "$stamp" >"$data/stamp"
    gen_note="generated in $(( $(date +%s) - g0 )) s ($data)"
fi
cisco=$data/cisco
xml=$data/xml
big=$data/big.L5X
bigplc=$data/big-plcopen.xml
# (c) a TIA Portal export of OTL_BENCH_TIA_MB MiB (issue 23, tia): a PLC tag
# table, tests/hostile/gen-tia.py tags; own stamp, regenerated when the
# generator or the size changes
tia_mb=${OTL_BENCH_TIA_MB:-200}
bigtia=$data/big-tia.xml
tia_stamp="tia_mb=$tia_mb gen=$(cksum <"$top/tests/hostile/gen-tia.py" | cut -d' ' -f1)"
if [ ! -f "$bigtia" ] || [ "$(cat "$data/tia-stamp" 2>/dev/null)" != "$tia_stamp" ]; then
    "$python3" "$top/tests/hostile/gen-tia.py" tags "$bigtia" "$tia_mb" >"$data/gen-tia.log" 2>&1 &&
        echo "$tia_stamp" >"$data/tia-stamp" ||
        { echo "bench.sh: gen-tia.py failed:" >&2; cat "$data/gen-tia.log" >&2; exit 1; }
fi
bytes_tia=$(( $(wc -c <"$bigtia") + 0 ))
# (f) firewalls (issue 24): own stamp, regenerated when a generator or a size
# changes
fwdir=$data/fw
fw_q=$(( fw_rules / 4 ))
fw_stamp="rules=$fw_rules panos_mb=$panos_mb gen=$(for g in $fw_gens; do cat "$top/tests/gen-$g.py"; done | cksum | cut -d' ' -f1)"
if [ "$(cat "$fwdir/stamp" 2>/dev/null)" != "$fw_stamp" ]; then
    rm -rf "$fwdir" && mkdir -p "$fwdir" || exit 1
    gok=1
    for g in $fw_gens; do
        for r in "$fw_q" "$fw_rules"; do
            if [ "$g" = panos ]; then # gen-panos.py writes to stdout
                "$python3" "$top/tests/gen-$g.py" "$r" >"$fwdir/$g-$r.cfg" 2>>"$fwdir/gen.log" || gok=0
            else
                "$python3" "$top/tests/gen-$g.py" "$r" "$fwdir/$g-$r.cfg" >>"$fwdir/gen.log" 2>&1 || gok=0
            fi
        done
    done
    "$python3" "$top/tests/gen-panos.py" --panorama "$panos_mb" >"$fwdir/panorama.xml" 2>>"$fwdir/gen.log" || gok=0
    [ $gok -eq 1 ] || { echo "bench.sh: firewall generation failed:" >&2; cat "$fwdir/gen.log" >&2; exit 1; }
    echo "$fw_stamp" >"$fwdir/stamp"
fi
bytes_pano=$(( $(wc -c <"$fwdir/panorama.xml") + 0 ))

# Derived sets, rebuilt every time (hard links, cheap): the first K files
# of (a); (a) twice.
firstk() { # firstk K DIR
    mkdir -p "$2" && (cd "$cisco" && ls | head -n "$1" | xargs sh -c 'exec ln "$@" "$0"' "$2") ||
        { echo "bench.sh: cannot link files into $2" >&2; exit 1; }
}
nsmall=$(( n / 5 ))
noscap=$oscap_n
[ "$noscap" -gt "$n" ] && noscap=$n
firstk 1 "$tmp/one"
firstk "$nsmall" "$tmp/small"
firstk "$n" "$tmp/twice/1"
firstk "$n" "$tmp/twice/2"
# a profile that selects no rule: a select (else every rule runs) whose
# choice an exclude of every class takes back (baselines/schema/profile.rng)
cat >"$tmp/empty-profile.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<profile xmlns="urn:otlint:profile:1" id="bench-no-rules">
  <title>No rules: what otlint costs per file before any rule runs</title>
  <select/>
  <exclude classes="switch router firewall controller other"/>
</profile>
EOF

# (d) the fixed part of the per-file cost: N minimal IOS configs (7 lines:
# version, hostname, one interface), rebuilt every run (a second or two)
"$python3" - "$n" "$tmp/mini" <<'EOF' || { echo "bench.sh: cannot write minimal configs" >&2; exit 1; }
import os, sys
n, d = int(sys.argv[1]), sys.argv[2]
os.makedirs(d, exist_ok=True)
for i in range(n):
    with open(os.path.join(d, "m%05d.cfg" % i), "w") as f:
        f.write("version 15.2\nhostname m%05d\n!\ninterface Vlan1\n no ip address\n!\nend\n" % i)
EOF
bytes_d=$(cat "$tmp/mini"/*.cfg | wc -c)

bytes_a=$(cat "$cisco"/*.cfg | wc -c)
bytes_c=$(cat "$xml"/* | wc -c)
bytes_b=$(wc -c <"$big")
bytes_plc=$(( $(wc -c <"$bigplc") + 0 ))
bytes_a=$(( bytes_a + 0 )) bytes_c=$(( bytes_c + 0 )) bytes_b=$(( bytes_b + 0 ))

# ------------------------------------------------------------------ timing
results=$tmp/results
: >"$results"
failed=0

# timeit KEY LABEL FILES BYTES RUNS OK-EXIT-STATUSES CMD...
# appends "KEY FILES BYTES MEDIAN MIN MAX RSS_KIB RC RSS_MED RSS_MIN CPU_MED CPU_MIN LABEL"
# to the results (measure.py's fields; $results may name another file);
# the last run's stdout is kept in $tmp/KEY.out, its stderr in $tmp/KEY.err.
timeit() {
    key=$1 label=$2 files=$3 nbytes=$4 nruns=$5 okrc=$6
    shift 6
    printf '  %-44s' "$label" >&2
    m=$("$python3" "$here/measure.py" "$nruns" "$tmp/$key.out" "$tmp/$key.err" "$@") || {
        echo " could not run" >&2; failed=1; return 1; }
    set -- $m
    echo "$key $files $nbytes $1 $2 $3 $4 $5 $6 $7 $8 $9 $label" >>"$results"
    printf ' %8.3f s\n' "$1" >&2
    case " $okrc " in
    *" $5 "*) return 0 ;;
    esac
    echo "bench.sh: $label exited $5 (expected $okrc):" >&2
    tail -n 5 "$tmp/$key.err" >&2
    failed=1
    return 1
}
# the file count otlint prints in its summary line
otl_files() { sed -n 's/^otlint: \([0-9][0-9]*\) file.*/\1/p' "$tmp/$1.out" | tail -n 1; }

echo "bench.sh: timing, $runs run(s) each (stdout to a pipe) ..." >&2
cat "$cisco"/*.cfg "$xml"/* "$big" "$bigplc" >/dev/null # page cache warm for every row

timeit a_j1 "(a) otlint scan -q -j1" "$n" "$bytes_a" "$runs" "0 1" "$otlint" scan -q -j1 "$cisco"
timeit a_j2 "(a) otlint scan -q -j2" "$n" "$bytes_a" "$runs" "0 1" "$otlint" scan -q -j2 "$cisco"
if have pcre2grep; then
    timeit a_pcre "(a) pcre2grep -c -f patterns.txt" "$n" "$bytes_a" "$runs" "0 1" \
        pcre2grep -c -f "$patterns" "$cisco"/*.cfg
fi
timeit a_grep "(a) LC_ALL=C grep -c -E -f patterns.txt" "$n" "$bytes_a" "$runs" "0 1" \
    env LC_ALL=C grep -c -E -f "$patterns" "$cisco"/*.cfg
timeit a_cat "(a) cat" "$n" "$bytes_a" "$runs" "0" cat "$cisco"/*.cfg
if have oscap; then
    firstk "$noscap" "$tmp/oscap"
    "$python3" "$here/oval.py" "$patterns" "$here/patterns-rules.tsv" "$tmp/oscap" "$tmp/oval.xml" || failed=1
    obytes=$(cat "$tmp/oscap"/*.cfg | wc -c)
    timeit a_oscap "(a) oscap oval eval, first $noscap files" "$noscap" "$(( obytes + 0 ))" "$runs" "0 2" \
        oscap oval eval "$tmp/oval.xml"
fi
timeit e_one "otlint -j1, no rules, 1 file" 1 "$(cat "$tmp/one"/* | wc -c)" "$runs" "0 1 3" \
    "$otlint" scan -q -j1 --profile "$tmp/empty-profile.xml" "$tmp/one"
timeit e_a "(a) otlint -j1, no rules" "$n" "$bytes_a" "$runs" "0 1 3" \
    "$otlint" scan -q -j1 --profile "$tmp/empty-profile.xml" "$cisco"
timeit e_mini "(d) otlint -j1, no rules, 7-line configs" "$n" "$(( bytes_d + 0 ))" "$runs" "0 1 3" \
    "$otlint" scan -q -j1 --profile "$tmp/empty-profile.xml" "$tmp/mini"
if [ -d "$corpus" ]; then
    # the corpus holds formats no plugin reads (exit 3 is expected then)
    ncorpus=$(find "$corpus" -type f | wc -l)
    bcorpus=$(find "$corpus" -type f -exec cat {} + | wc -c)
    timeit e_corpus "corpus: otlint -j1, no rules" "$(( ncorpus + 0 ))" "$(( bcorpus + 0 ))" "$runs" "0 1 3" \
        "$otlint" scan -q -j1 --profile "$tmp/empty-profile.xml" "$corpus"
fi
timeit b_otl "(b) otlint scan -q -j1" 1 "$bytes_b" "$runs" "0 1" "$otlint" scan -q -j1 "$big"
[ -n "$xmllint" ] &&
    timeit b_xmllint "(b) xmllint --stream --noout" 1 "$bytes_b" "$runs" "0" "$xmllint" --stream --noout "$big"
# exit 3 too: a PLCopen project (a third of the files) sets no security settings
timeit c_otl "(c) otlint scan -q -j2" "$nxml" "$bytes_c" "$runs" "0 1 3" "$otlint" scan -q -j2 "$xml"
[ -n "$xmllint" ] &&
    timeit c_xmllint "(c) xmllint --stream --noout" "$nxml" "$bytes_c" "$runs" "0" \
        "$xmllint" --stream --noout "$xml"/*
# (c) the big PLCopen project (a plcopen file sets no security settings: exit 3)
timeit c_plc "(c) otlint scan -q -j1, PLCopen ${plc_mb} MiB" 1 "$bytes_plc" "$runs" "0 1 3" \
    "$otlint" scan -q -j1 "$bigplc"
[ -n "$xmllint" ] &&
    timeit c_plc_xmllint "(c) xmllint --stream --noout, PLCopen" 1 "$bytes_plc" "$runs" "0" \
        "$xmllint" --stream --noout "$bigplc"
# (c) the TIA export (issue 23, tia): streamed, memory bounded
timeit c_tia "(c) otlint scan -q -j1, $tia_mb MiB TIA export" 1 "$bytes_tia" "$runs" "0 1 3" \
    "$otlint" scan -q -j1 "$bigtia"
[ -n "$xmllint" ] &&
    timeit c_tia_xmllint "(c) xmllint --stream --noout, TIA export" 1 "$bytes_tia" "$runs" "0" \
        "$xmllint" --stream --noout "$bigtia"
# memory over many files: one run's peak varies by about half a MiB with how
# the two workers interleave, so the flatness ratio compares the medians of
# the runs' peaks
timeit r_small "(a) first $nsmall: otlint scan -q -j2" "$nsmall" "$(cat "$tmp/small"/* | wc -c)" "$runs" "0 1" \
    "$otlint" scan -q -j2 "$tmp/small"
timeit r_twice "(a) twice, $(( 2 * n )): otlint scan -q -j2" "$(( 2 * n ))" "$(( 2 * bytes_a ))" "$runs" "0 1" \
    "$otlint" scan -q -j2 "$tmp/twice"

# (e) linearity: the default profile on S, 2S and 4S statements; on the
# largest, no rules and each rule the default profile runs there, alone
lin_runs=$runs
[ "$lin_runs" -gt 3 ] && lin_runs=3
for s in $lin_sizes; do
    timeit "e_s$s" "(e) otlint -j1, $s statements" 1 "$(( $(wc -c <"$data/lin/s$s.cfg") + 0 ))" "$lin_runs" "0 1" \
        "$otlint" scan -q -j1 "$data/lin/s$s.cfg"
done
lin_top=$(( 4 * lin ))
lin_big=$data/lin/s$lin_top.cfg
lin_bytes=$(( $(wc -c <"$lin_big") + 0 ))
timeit e_none "(e) otlint -j1, no rules, $lin_top statements" 1 "$lin_bytes" "$lin_runs" "0 1 3" \
    "$otlint" scan -q -j1 --profile "$tmp/empty-profile.xml" "$lin_big"
lin_class=$("$otlint" show "$lin_big" 2>/dev/null | sed -n 's/.*<system [^>]* class="\([a-z]*\)".*/\1/p' | head -n 1)
# `otlint rules`: a line per rule (its id first), then one with its classes
# before a ';'
"$otlint" rules >"$tmp/rules.txt" 2>&1 || { echo "bench.sh: otlint rules failed" >&2; failed=1; }
lin_rules=$(awk -v c="${lin_class:-none}" '/^[A-Z]/ {
        id = $1
        if ((getline l) > 0) { split(l, a, ";"); n = split(a[1], cl, " "); for (i = 1; i <= n; i++) if (cl[i] == c) print id }
    }' "$tmp/rules.txt")
[ -n "$lin_rules" ] || { echo "bench.sh: no rule of class '$lin_class' in otlint rules" >&2; failed=1; }
mkdir -p "$tmp/rule-profiles"
main_results=$results
results=$tmp/rule-results
: >"$results"
# A rule's share: the default profile's time less that of the default
# profile without it (its marginal cost in the real scan: what rules share,
# such as the finding identities of a parent's children, counts once, not
# for every rule that would pay it alone).
echo "bench.sh: (e) the default profile less each rule on $lin_top statements, $rule_runs run(s) each ..." >&2
for r in $lin_rules; do
    cat >"$tmp/rule-profiles/$r.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<profile xmlns="urn:otlint:profile:1" id="bench-all-but-one">
  <title>The default profile without one rule: what that rule costs the scan</title>
  <select min-severity="info"/>
  <exclude rules="$r"/>
</profile>
EOF
    timeit "rule_$r" "(e) default without $r" 1 "$lin_bytes" "$rule_runs" "0 1" \
        "$otlint" scan -q -j1 --profile "$tmp/rule-profiles/$r.xml" "$lin_big"
done
results=$main_results

# (f) firewalls (issue 24): rule cost linear in the policy (R/4 and R
# rules, default profile), parse speed (no rules), the Panorama XML
for g in $fw_gens; do
    for r in "$fw_q" "$fw_rules"; do
        timeit "f_${g}_$r" "(f) $g -j1, $r rules" 1 "$(( $(wc -c <"$fwdir/$g-$r.cfg") + 0 ))" "$lin_runs" "0 1" \
            "$otlint" scan -q -j1 "$fwdir/$g-$r.cfg"
    done
    timeit "f_${g}_none" "(f) $g -j1, no rules, $fw_rules rules" 1 "$(( $(wc -c <"$fwdir/$g-$fw_rules.cfg") + 0 ))" \
        "$lin_runs" "0 1 3" "$otlint" scan -q -j1 --profile "$tmp/empty-profile.xml" "$fwdir/$g-$fw_rules.cfg"
done
timeit f_pano "(f) otlint -j1, Panorama ${panos_mb} MB" 1 "$bytes_pano" "$runs" "0 1" \
    "$otlint" scan -q -j1 "$fwdir/panorama.xml"
[ -n "$xmllint" ] &&
    timeit f_pano_xmllint "(f) xmllint --stream --noout, Panorama" 1 "$bytes_pano" "$runs" "0" \
        "$xmllint" --stream --noout "$fwdir/panorama.xml"

# What otlint keeps of (b): the device document (facts and raw tree), as
# `otlint show --raw` serialises it.  Not timed.
retained=$("$otlint" show --raw "$big" 2>/dev/null | wc -c)
retained=$(( retained + 0 ))
retained_plc=$("$otlint" show --raw "$bigplc" 2>/dev/null | wc -c)
retained_plc=$(( retained_plc + 0 ))
# ... and of the TIA export (issue 23, tia)
retained_tia=$(( $("$otlint" show --raw "$bigtia" 2>/dev/null | wc -c) + 0 ))
# ... and of the Panorama XML (issue 24)
retained_pano=$(( $("$otlint" show --raw "$fwdir/panorama.xml" 2>/dev/null | wc -c) + 0 ))

# ------------------------------------------------------------------ checks
checks=
[ "$(otl_files a_j2)" = "$n" ] || { checks="$checks; otlint -j2 did not scan $n files"; failed=1; }
[ "$(otl_files r_twice)" = "$(( 2 * n ))" ] || { checks="$checks; otlint did not scan $(( 2 * n )) files"; failed=1; }
# the same findings whatever the number of jobs (the order may differ)
sort "$tmp/a_j1.out" >"$tmp/a_j1.sorted"
sort "$tmp/a_j2.out" >"$tmp/a_j2.sorted"
if cmp -s "$tmp/a_j1.sorted" "$tmp/a_j2.sorted"; then
    checks="$checks; -j1 and -j2 report the same $(grep -c . "$tmp/a_j1.sorted") lines"
else
    checks="$checks; -j1 and -j2 reports DIFFER"; failed=1
fi
if [ -f "$tmp/a_pcre.out" ]; then
    # same patterns, same files: the two regex engines must count alike
    if cmp -s "$tmp/a_pcre.out" "$tmp/a_grep.out"; then
        lines=$(awk -F: '{s += $NF} END {print s}' "$tmp/a_grep.out")
        checks="$checks; pcre2grep and grep count the same $lines lines"
    else
        checks="$checks; pcre2grep and grep counts DIFFER"; failed=1
    fi
fi
e_corpus_files=$(otl_files e_corpus 2>/dev/null)
rm -f "$tmp"/*.sorted "$tmp/r_twice.out" "$tmp/r_small.out" "$tmp"/e_s*.out "$tmp"/rule_*.out # tens of MB
rm -rf "$tmp/mini"
# times taken on a loaded machine say little: say how loaded it was
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
machine="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load average ${load:-unknown} at the end"
[ -x "${OTL_BENCH_GNU_TIME:-/usr/bin/time}" ] ||
    machine="$machine; no GNU time: RSS from wait4(), too high by the size of python3"

# ------------------------------------------------------------------ report
awk -v runs="$runs" -v n="$n" -v nxml="$nxml" -v machine="$machine" -v gen="$gen_note" \
    -v retained="$retained" -v retained_plc="$retained_plc" -v retained_tia="$retained_tia" -v retained_pano="$retained_pano" -v fw_gens="$fw_gens" -v fw_rules="$fw_rules" -v fw_q="$fw_q" -v ncf="${e_corpus_files:-0}" -v checks="$checks" \
    -v total_a="$bytes_a" -v total_c="$bytes_c" -v lin="$lin" -v rfile="$tmp/rule-results" \
    -v costs="$tmp/rule-costs.txt" '
function mb(b) { return b / 1048576 }
# a missing row (the command could not run) leaves its ratios unmeasured
function div(a, b) { return (a > 0 && b > 0) ? a / b : "" }
function less(a, b) { return (a > 0 && b > 0) ? a - b : "" }
# one ratio line; v is "" when it could not be measured
function ratio(label, v, op, target, note,   ok, t) {
    t = op " " sprintf("%.4g", target)
    if (v == "") { printf "  %-46s %9s  %-8s %s\n", label, "n/a", t, "(not measured)"; return }
    ok = (op == "<=") ? (v + 0 <= target + 0) : (op == ">=") ? (v + 0 >= target + 0) : (v + 0 < target + 0)
    if (!ok) miss++
    printf "  %-46s %9.2f  %-8s %s%s\n", label, v, t, ok ? "PASS" : "MISS", note
}
# (e): the default profile without each rule, its CPU time
FILENAME == rfile { k = $1; sub(/^rule_/, "", k); rcpu[k] = $12; nrules++; next }
{
    key = $1; files[key] = $2; bytes[key] = $3; med[key] = $4; lo[key] = $5; hi[key] = $6
    rss[key] = $7; rssmed[key] = $9; rsslo[key] = $10; cpumed[key] = $11; cpu[key] = $12; label = $0
    for (j = 1; j <= 12; j++)
        sub(/^[^ ]+ /, "", label)
    lab[key] = label; order[++rows] = key
}
# (e) what each rule costs the scan of the largest config: the default
# profile less the default profile without it, in CPU seconds (the least of
# the runs: contention only adds) and as a share of the default profile
function rule_costs(   k, c, i, best, bc, done, sum, top) {
    top = cpu["e_s" 4 * lin]
    if (nrules == 0 || !(top > 0) || !("e_none" in cpu)) {
        ratio(sprintf("(e) costliest rule, %% of the %d scan", 4 * lin), "", "<=", 10)
        return
    }
    for (k in rcpu) { cost[k] = top - rcpu[k]; sum += cost[k] }
    printf "# rule, CPU s it costs a -j1 scan of %d statements (the default profile, %.3f s, less the default profile without it), %% of the default profile\n",
        4 * lin, top >costs
    for (i = 1; i <= nrules; i++) {
        best = ""
        for (k in cost)
            if (!(k in done) && (best == "" || cost[k] > bc)) { best = k; bc = cost[k] }
        done[best] = 1
        if (i == 1) first = best
        printf "%s %.3f %.1f\n", best, bc, 100 * bc / top >costs
        if (i <= 5) list = list sprintf("%s%s %.1f%%", i > 1 ? ", " : "", best, 100 * bc / top)
    }
    close(costs)
    ratio(sprintf("(e) costliest rule, %% of the %d scan", 4 * lin), 100 * cost[first] / top, "<=", 10,
        sprintf("  (%s: %.2f of %.2f CPU s)", first, cost[first], top))
    printf "  %-46s %s\n", "(e) costliest rules", list
    printf "  %-46s %.2f + %.2f CPU s = %.2f%% of the scan (the rest: work the rules share, noise)\n",
        sprintf("(e) no rules + %d rule costs", nrules), cpu["e_none"], sum, 100 * (cpu["e_none"] + sum) / top
}
END {
    printf "\notlint benchmark, median of %d run(s); data %s\n", runs, gen
    printf "  machine: %s\n", machine
    printf "  (a) %d Cisco IOS / IE switch configs, %.1f MiB   (b) one L5X export, %.1f MiB   " \
        "(c) %d XML exports, %.1f MiB, and one PLCopen project, %.1f MiB\n",
        n, mb(total_a), mb(bytes["b_otl"]), nxml, mb(total_c), mb(bytes["c_plc"])
    printf "  (e) one IOS config each of %d / %d / %d statements, %.1f / %.1f / %.1f MiB (row (e): at most 3 runs)\n\n",
        lin, 2 * lin, 4 * lin, mb(bytes["e_s" lin]), mb(bytes["e_s" 2 * lin]), mb(bytes["e_s" 4 * lin])
    printf "  %-46s %6s %9s %8s %8s %10s %8s %8s %7s\n", "command", "files", "median s", "min s", "max s",
        "us/file", "MiB/s", "RSS MiB", "CPU s"
    for (i = 1; i <= rows; i++) {
        k = order[i]
        printf "  %-46s %6d %9.3f %8.3f %8.3f %10.1f %8s %8.1f %7.3f\n", lab[k], files[k], med[k], lo[k], hi[k],
            1e6 * med[k] / files[k], (bytes[k] > 0 && med[k] > 0) ? sprintf("%.0f", mb(bytes[k]) / med[k]) : "-",
            rss[k] / 1024, cpumed[k]
    }
    printf "\n  %-46s %9s  %-8s %s\n", "ratio", "value", "target", "result"
    j2 = med["a_j2"]
    ratio("(a) otlint -j2 / pcre2grep", ("a_pcre" in med) ? div(j2, med["a_pcre"]) : "", "<=", 1.0)
    ratio("(a) otlint -j2 / GNU grep", div(j2, med["a_grep"]), "<=", 5)
    if ("a_oscap" in med)
        ratio("(a) oscap / otlint -j2 (oscap extrapolated)", div(med["a_oscap"] * n / files["a_oscap"], j2), ">=", 20,
            sprintf("  (oscap on %d files: %.0f us/file)", files["a_oscap"], 1e6 * med["a_oscap"] / files["a_oscap"]))
    else
        ratio("(a) oscap / otlint -j2", "", ">=", 20)
    ratio("(a) speed-up otlint -j1 -> -j2", div(med["a_j1"], j2), ">=", 1.8)
    # per-file overhead: the time a file adds when no rule runs, start-up
    # (the 1-file run) taken off
    # The per-file overhead target (< 50 us) is the fixed part, row (d);
    # (a) and the corpus add their parse (20 KB configs, XML exports of
    # 265 KB on average) and have no target (issue 21).
    d = less(med["e_a"], med["e_one"])
    if (d != "")
        printf "  %-46s %9.2f  (no target: the parse of a 20 KB config; %.0f us/file with start-up)\n",
            "(a) per-file time, no rules (us)", 1e6 * d / (n - 1), 1e6 * med["e_a"] / n
    d = less(med["e_mini"], med["e_one"])
    ratio("(d) per-file overhead, no rules (us)", d == "" ? "" : 1e6 * d / (n - 1), "<", 50,
        "  (the fixed part, parse of 7 lines included)")
    d = less(med["e_corpus"], med["e_one"])
    if (d != "" && ncf > 1)
        printf "  %-46s %9.2f  (no target: the parse of real exports; %d files, %.0f us/file with start-up)\n",
            "corpus per-file time, no rules (us)", 1e6 * d / (ncf - 1), ncf, 1e6 * med["e_corpus"] / ncf
    ratio("(b) otlint / xmllint --stream", ("b_xmllint" in med) ? div(med["b_otl"], med["b_xmllint"]) : "", "<=", 2)
    ratio("(b) otlint peak RSS (MiB)", div(rss["b_otl"], 1024), "<=", 64 + mb(retained),
        sprintf("  (64 + %.1f MiB retained: otlint show --raw)", mb(retained)))
    ratio(sprintf("(a) peak RSS %d files / %d files", files["r_twice"], files["r_small"]),
        div(rssmed["r_twice"], rssmed["r_small"]), "<=", 1.1,
        sprintf("  (medians %.1f / %.1f MiB; runs %.1f-%.1f / %.1f-%.1f)", rssmed["r_twice"] / 1024,
            rssmed["r_small"] / 1024, rsslo["r_twice"] / 1024, rss["r_twice"] / 1024,
            rsslo["r_small"] / 1024, rss["r_small"] / 1024))
    if ("c_xmllint" in med)
        printf "  %-46s %9.2f  (no target)\n", "(c) otlint -j2 / xmllint --stream", div(med["c_otl"], med["c_xmllint"])
    ratio("(c) PLCopen otlint / xmllint --stream", ("c_plc_xmllint" in med) ? div(med["c_plc"], med["c_plc_xmllint"]) : "", "<=", 2)
    ratio("(c) PLCopen otlint peak RSS (MiB)", div(rss["c_plc"], 1024), "<=", 64 + mb(retained_plc),
        sprintf("  (64 + %.1f MiB retained: otlint show --raw)", mb(retained_plc)))
    # (c) the TIA export (issue 23, tia)
    ratio("(c) TIA otlint / xmllint --stream", ("c_tia_xmllint" in med) ? div(med["c_tia"], med["c_tia_xmllint"]) : "", "<=", 2)
    ratio("(c) TIA otlint peak RSS (MiB)", div(rss["c_tia"], 1024), "<=", 64 + mb(retained_tia),
        sprintf("  (64 + %.1f MiB retained: otlint show --raw)", mb(retained_tia)))
    s1 = cpu["e_s" lin]; s4 = cpu["e_s" 4 * lin]
    ratio(sprintf("(e) CPU time %d / %d statements", 4 * lin, lin), div(s4, s1), "<=", 4.5,
        sprintf("  (%.2f / %.2f s; %d statements: %.2f s)", s4, s1, 2 * lin, cpu["e_s" 2 * lin]))
    rule_costs()
    # (f) firewalls (issue 24)
    ng = split(fw_gens, gl, " ")
    ios = div(bytes["e_none"], cpu["e_none"])
    for (i = 1; i <= ng; i++) {
        g = gl[i]
        ratio(sprintf("(f) %s CPU time %d / %d rules", g, fw_rules, fw_q),
            div(cpu["f_" g "_" fw_rules], cpu["f_" g "_" fw_q]), "<=", 4.5,
            sprintf("  (%.2f / %.2f s)", cpu["f_" g "_" fw_rules], cpu["f_" g "_" fw_q]))
        if (g != "ios-acl")
            ratio(sprintf("(f) %s parse bytes/s / cisco-ios", g), div(div(bytes["f_" g "_none"], cpu["f_" g "_none"]), ios), ">=", 0.5,
                sprintf("  (%.1f / %.1f MiB per CPU s, no rules)", mb(div(bytes["f_" g "_none"], cpu["f_" g "_none"])), mb(ios)))
    }
    # issue 24 sets no time target for the Panorama XML, only the memory bound
    if ("f_pano_xmllint" in med)
        printf "  %-46s %9.2f  (no target)\n", "(f) Panorama otlint / xmllint --stream", div(med["f_pano"], med["f_pano_xmllint"])
    ratio("(f) Panorama otlint peak RSS (MiB)", div(rss["f_pano"], 1024), "<=", 64 + mb(retained_pano),
        sprintf("  (64 + %.1f MiB retained: otlint show --raw)", mb(retained_pano)))
    c = checks; sub(/^; /, "", c)
    if (c != "") printf "\n  checks: %s\n", c
    printf "\n"
    exit miss > 0 ? 10 : 0
}' "$results" "$tmp/rule-results"
arc=$?
echo "bench.sh: done in $(( $(date +%s) - start )) s"
[ $failed -ne 0 ] && { echo "bench.sh: some commands did not run as expected (above)" >&2; exit 1; }
[ $arc -eq 10 ] && [ "$strict" = 1 ] && exit 1
[ $arc -ne 0 ] && [ $arc -ne 10 ] && exit 1
exit 0
