# expect.sh - assertions shared by the command-line tests (cli.sh, iec62443.sh,
# ci-outputs.sh), sourced after the caller has set T (a scratch directory) and
# the counters fails=0 passes=0.

# expect CODE DESCRIPTION -- COMMAND...: runs COMMAND with a 120 s bound (a
# loaded machine), stdout in $T/out, stderr in $T/err; counts a pass when it
# exits CODE, else prints the first lines of stderr and counts a failure.
expect() {
    want=$1; what=$2; shift 3
    timeout 120 "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $what: exit $got, want $want"
        sed 's/^/  stderr: /' "$T/err" | head -5
        fails=$((fails + 1))
        return 1
    fi
    passes=$((passes + 1))
    return 0
}

grep_in() { # FILE PATTERN DESCRIPTION: PATTERN (grep) is in FILE
    if grep -q -- "$2" "$1"; then passes=$((passes + 1)); else
        echo "FAIL: $3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" | head -8
        fails=$((fails + 1)); fi
}

grep_not() { # FILE PATTERN DESCRIPTION: PATTERN is not in FILE
    if grep -q -- "$2" "$1"; then
        echo "FAIL: $3: '$2' in $(basename "$1")"; fails=$((fails + 1))
    else passes=$((passes + 1)); fi
}
