#!/bin/sh
# corpus-controllers.sh - every controller-format file of the shared corpus
# (../shared/corpus/{rockwell_l5x,plcopen,automationml}, read in place) against
# tests/corpus-controllers.tsv.  Each line of the table is
#     RELPATH <TAB> FORMAT <TAB> XPATH
# FORMAT is the plugin that must claim the file, or `-` when no plugin may
# (the file is not a format otlint reads); XPATH (optional) is an XPath 1.0
# boolean over `otlint show`'s document that must be true: the controller
# facts the file contains.  A file may have several lines.  For every file
# claimed: `otlint show` exits 0 with no error diagnostic, the document
# validates against facts.rng and carries facts/system/@parse-coverage.
# Every file of those folders must be in the table, so a new corpus file is
# noticed.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
xmllint=${XMLLINT:-xmllint}
corpus=$top/../shared/corpus
table=$top/tests/corpus-controllers.tsv

[ -d "$corpus" ] || { echo "corpus-controllers.sh: $corpus absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-controllers.sh: $otlint not built" >&2; exit 99; }
if [ "$xmllint" = no ] || ! command -v "$xmllint" >/dev/null 2>&1; then
    echo "corpus-controllers.sh: xmllint not available; skipped" >&2
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-ccorpus.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0
# every corpus file of these folders is listed
for f in "$corpus"/rockwell_l5x/* "$corpus"/plcopen/* "$corpus"/automationml/*; do
    [ -f "$f" ] || continue
    rel=${f#"$corpus"/}
    if ! cut -f1 "$table" | grep -qxF "$rel"; then
        echo "FAIL $rel: not in tests/corpus-controllers.tsv"; fail=1
    fi
done

last=
tab=$(printf '\t')
while IFS="$tab" read -r rel format xpath; do
    case $rel in '' | '#'*) continue ;; esac
    f=$corpus/$rel
    if [ ! -f "$f" ]; then
        echo "FAIL $rel: listed but not in the corpus"; fail=1; continue
    fi
    if [ "$rel" != "$last" ]; then
        last=$rel
        "$otlint" show "$f" >"$tmp/out.xml" 2>"$tmp/err"
        rc=$?
        if [ "$format" = - ]; then
            if grep -q '<device ' "$tmp/out.xml" 2>/dev/null; then
                echo "FAIL $rel: claimed by $(grep -o 'format="[^"]*"' "$tmp/out.xml" | head -n 1), expected by none"
                fail=1
            else
                echo "ok   $rel: not claimed (exit $rc)"
            fi
            continue
        fi
        if [ $rc -ne 0 ]; then
            echo "FAIL $rel: otlint show exited $rc"; cat "$tmp/err"; fail=1; continue
        fi
        if grep -q ': error:' "$tmp/err"; then
            echo "FAIL $rel: error diagnostics"; grep ': error:' "$tmp/err"; fail=1
        fi
        if ! grep -q "<device [^>]*format=\"$format\"" "$tmp/out.xml"; then
            echo "FAIL $rel: not claimed by $format"; fail=1; continue
        fi
        if ! "$xmllint" --noout --relaxng "$top/baselines/schema/facts.rng" "$tmp/out.xml" 2>"$tmp/rng"; then
            echo "FAIL $rel: does not validate against facts.rng"; cat "$tmp/rng"; fail=1
        fi
        if [ "$("$xmllint" --xpath 'boolean(/device/facts/system/@parse-coverage)' "$tmp/out.xml")" != true ]; then
            echo "FAIL $rel: no facts/system/@parse-coverage"; fail=1
        fi
        echo "ok   $rel: $format, coverage $("$xmllint" --xpath 'string(/device/facts/system/@parse-coverage)' "$tmp/out.xml")"
    fi
    [ -n "$xpath" ] || continue
    [ "$format" = - ] && continue
    got=$("$xmllint" --xpath "boolean($xpath)" "$tmp/out.xml" 2>&1)
    if [ "$got" != true ]; then
        echo "FAIL $rel: $xpath is $got"; fail=1
    fi
done <"$table"
exit $fail
