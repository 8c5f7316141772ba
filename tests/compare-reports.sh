# compare-reports.sh - sourced by the script tests that scan the same inputs
# two ways and require the same reports (xpath-fast.sh, raw-records.sh).
#
# compare_reports VAR A B WHAT PATH...
#   scans PATH... with each of the profiles default, commissioning and
#   backup-audit at SL 4, once with the environment variable VAR=A and once
#   with VAR=B, and compares the text, JSON, SARIF and JUnit reports, the exit
#   codes and the diagnostics byte for byte (they hold no run times).  Writes
#   $tmp/PROFILE.MODE.{txt,json,sarif,junit,rc,err}; a scan that ends above
#   exit 3 or a difference prints FAIL (WHAT says how the two scans differ)
#   and sets fail=1.  Sets n to the number of profiles compared.
# same_output A B WHAT: FAIL with the first lines of the difference (and
# fail=1) unless files A and B are the same bytes.
# Uses $otlint and $tmp of the sourcing script.

same_output() {
    if ! cmp -s "$1" "$2"; then
        echo "FAIL $3"
        diff "$1" "$2" | head -10
        fail=1
    fi
}

compare_reports() {
    cr_var=$1 cr_a=$2 cr_b=$3 cr_what=$4
    shift 4
    n=0
    for cr_profile in default commissioning backup-audit; do
        for cr_mode in "$cr_a" "$cr_b"; do
            cr_out=$tmp/$cr_profile.$cr_mode
            env "$cr_var=$cr_mode" "$otlint" scan --sl 4 --profile "$cr_profile" -j2 \
                -o json="$cr_out.json" -o sarif="$cr_out.sarif" \
                -o junit="$cr_out.junit" -o text="$cr_out.txt" "$@" \
                >/dev/null 2>"$cr_out.err"
            cr_rc=$?
            if [ $cr_rc -gt 3 ]; then
                echo "FAIL profile $cr_profile, $cr_var=$cr_mode: exit $cr_rc"
                tail -5 "$cr_out.err"
                fail=1
            fi
            echo $cr_rc >"$cr_out.rc"
            # JUnit's time attributes are measured: not compared
            sed 's/ time="[0-9.]*"//g' "$cr_out.junit" >"$cr_out.junit.t" &&
                mv "$cr_out.junit.t" "$cr_out.junit"
        done
        for cr_ext in txt json sarif junit rc err; do
            same_output "$tmp/$cr_profile.$cr_a.$cr_ext" "$tmp/$cr_profile.$cr_b.$cr_ext" \
                "profile $cr_profile: the $cr_ext report differs $cr_what"
        done
        n=$((n + 1))
    done
}
