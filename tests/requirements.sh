#!/bin/sh
# requirements.sh - the committed requirement table comes from the reference.
# Re-derives tests/requirements/reference.tsv from the reference notes
# (../shared/reference/iec62443-requirements-and-checks.md beside the source
# tree) with tests/requirements/derive-reference.py and compares it with the
# committed copy; tests/unit/check_catalog.c compares the catalogs in
# baselines/requirements/ with that copy row for row.  Skipped (77) when the
# reference notes or python3 are not there (a tarball build).
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
python3=${PYTHON3:-python3}
ref=$top/../shared/reference/iec62443-requirements-and-checks.md
table=$top/tests/requirements/reference.tsv

if [ ! -f "$ref" ]; then
    echo "requirements.sh: $ref not found; skipped" >&2
    exit 77
fi
if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "requirements.sh: python3 not available; skipped" >&2
    exit 77
fi
[ -f "$table" ] || { echo "FAIL: $table missing"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-requirements.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! "$python3" "$top/tests/requirements/derive-reference.py" "$ref" >"$tmp/derived.tsv"; then
    echo "FAIL: derive-reference.py cannot read $ref"
    exit 1
fi
if ! diff -u "$table" "$tmp/derived.tsv" >"$tmp/diff"; then
    echo "FAIL: tests/requirements/reference.tsv differs from what the reference gives:"
    cat "$tmp/diff"
    echo "(update the catalogs in baselines/requirements/ to the reference, then regenerate the table:"
    echo " $python3 tests/requirements/derive-reference.py $ref > tests/requirements/reference.tsv)"
    exit 1
fi
rows=$(grep -vc '^#' "$table")
echo "ok: reference.tsv ($rows rows) is what derive-reference.py gives for the reference"
exit 0
