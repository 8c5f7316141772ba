#!/bin/sh
# xml-sax.sh - rockwell-l5x reads an export only as SAX events
# (host->xml_sax, ABI 1.2, docs/plugins.md).  Data tests: probes written
# here for what the examples, the format fixtures and the corpus lack, each
# with its expected `otlint show --raw` and `otlint scan --sl 4` (stdout,
# stderr, exit status) in tests/xml-sax/NAME.out:
#   refs       attribute values with character and entity references (an
#              '&' reaches a SAX handler as "&#38;", libxml2 2.9 parser.c
#              xmlParseAttValueComplex, and is decoded), tab and newline in
#              a value (normalised to spaces, XML 1.0 section 3.3.3),
#              prefixed attributes and elements (dropped / not recognised),
#              30 attributes on one element (past the plugin's 24 inline),
#              empty and non-empty frame elements, a secret redacted
#   unbound    an unbound prefix: a namespace error, not a fatal one
#   long-value a value of 70,400 bytes, past the line limit
#              (OTL_MAX_LINE_LEN, 64 KiB): cut there, said at line 3, the
#              file partial (exit 3); the run of x is written x{N} in the
#              expected output
#   utf16      refs.L5X in UTF-16 (lines from libxml2)
#   truncated  the first 700 bytes of refs.L5X: the elements before the
#              error are kept, the file partial
#   dup        a duplicate attribute in the second element: the root's facts
#              stay (partial, exit 3)
#   deep       elements nested past the depth limit: otlint's own
#              diagnostic at line 3, exit 3
# The expected outputs were written by the tree before the plugin lost its
# second event source (the streaming reader), where SAX was the default;
# the examples, test cases, format fixtures and corpus have their expected
# reports in cases.sh, formats.sh and corpus-controllers.sh.
# Usage: xml-sax.sh [--write DIR]  (--write: write the NAME.out files into
# DIR instead of comparing, after a deliberate change; review the diff.)
# Environment (from `make check`): OTLINT.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
want=$top/tests/xml-sax
write=
[ $# -eq 2 ] && [ "$1" = --write ] && write=$2

[ -x "$otlint" ] || { echo "xml-sax.sh: $otlint not built" >&2; exit 99; }
case $otlint in /*) ;; *) otlint=$(pwd)/$otlint ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-sax.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/probe" "$tmp/got"
p=$tmp/probe

head='<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<RSLogix5000Content SchemaRevision="1.0" SoftwareRevision="33.01" TargetName="C1" TargetType="Controller" ContainsContext="false" xmlns:x="urn:x">'
many=
i=0
while [ $i -lt 30 ]; do many="$many A$i=\"v$i\""; i=$((i + 1)); done
cat >"$p/refs.L5X" <<EOF
$head
<Controller Use="Target" Name="C&#38;D&amp;&lt;&#x26;&quot;" ProcessorType="1756-L83E" x:foo="bar" Description="a	b
c"$many>
<Security Code="0" ChangesToDetect="16#ffff"/>
<x:Foreign k="v"/>
<Programs><Program Name="P&amp;1" Type="Normal"/><Program Name="Q" Type="Normal"><Tags><Tag Name="T&#38;" DataType="DINT" ExternalAccess="Read/Write" Password="s&#38;t"/></Tags></Program></Programs>
<Tags><Tag Name="&#38;&#38;" DataType="BOOL" ExternalAccess="Read/Write"></Tag><Tag Name="R" DataType="BOOL" ExternalAccess="Read Only"/></Tags>
</Controller>
</RSLogix5000Content>
EOF
sed 's/x:foo="bar"/x:foo="bar" u:bar="1"/' "$p/refs.L5X" >"$p/unbound.L5X"
{
    printf '%s\n<Controller Use="Target" Name="C" Description="' "$head"
    i=0
    while [ $i -lt 1100 ]; do printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'; i=$((i + 1)); done
    printf '&amp;"/>\n</RSLogix5000Content>\n'
} >"$p/long-value.L5X"
sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$p/refs.L5X" | iconv -f UTF-8 -t UTF-16 >"$p/utf16.L5X" ||
    { echo "FAIL iconv: no UTF-16 probe"; exit 1; }
head -c 700 "$p/refs.L5X" >"$p/truncated.L5X"
printf '%s\n<Controller Use="Target" Name="C" a="1" a="2"/>\n</RSLogix5000Content>\n' "$head" >"$p/dup.L5X"
{
    printf '%s\n<Controller Use="Target" Name="C"><Programs>' "$head"
    i=0
    while [ $i -lt 300 ]; do printf '<X>'; i=$((i + 1)); done
    i=0
    while [ $i -lt 300 ]; do printf '</X>'; i=$((i + 1)); done
    printf '</Programs></Controller>\n</RSLogix5000Content>\n'
} >"$p/deep.L5X"
names="refs unbound long-value utf16 truncated dup deep"

# runs of 32 x or more written as x{N}: the long value stays readable
squeeze() {
    awk '{
        out = ""; s = $0
        while ((i = index(s, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")) > 0) {
            j = i
            while (substr(s, j, 1) == "x") j++
            out = out substr(s, 1, i - 1) "x{" (j - i) "}"
            s = substr(s, j)
        }
        print out s
    }' "$1"
}

# run NAME ARGS...: one command on probe NAME (in the probe dir, so the
# paths in the output are the file names), appended to $tmp/got/NAME.out
run() {
    r_name=$1
    shift
    (cd "$p" && "$otlint" "$@" "$r_name.L5X" >"$tmp/stdout" 2>"$tmp/stderr")
    r_rc=$?
    {
        echo "\$ otlint $* $r_name.L5X"
        squeeze "$tmp/stdout"
        echo "--- stderr"
        squeeze "$tmp/stderr"
        echo "--- exit $r_rc"
    } >>"$tmp/got/$r_name.out"
}

fail=0
for f in $names; do
    run "$f" show --raw
    run "$f" scan --sl 4
done
if [ -n "$write" ]; then
    mkdir -p "$write" && cp "$tmp"/got/*.out "$write"/ || exit 1
    echo "xml-sax.sh: wrote $(echo $names | wc -w) expected outputs into $write"
    exit 0
fi
. "$top/tests/compare-reports.sh"
for f in $names; do
    if [ -f "$want/$f.out" ]; then
        same_output "$want/$f.out" "$tmp/got/$f.out" "$f.L5X: show --raw / scan differ from tests/xml-sax/$f.out"
    else
        echo "FAIL no tests/xml-sax/$f.out"
        fail=1
    fi
done

# What each probe is for, said once more on what otlint printed (the
# expected outputs hold it too; these name it)
has() { # has NAME STRING WHAT
    grep -qF -- "$2" "$tmp/got/$1.out" || { echo "FAIL $1.L5X: $3 (no '$2')"; fail=1; }
}
for w in 'Name="C&amp;D&amp;&lt;&amp;&quot;"' 'Description="a b c"' 'A29="v29"' \
    'Name="&amp;&amp;"' 'Password="&lt;redacted&gt;"'; do
    has refs "$w" "references, blanks, 30 attributes or redaction"
    has utf16 "$w" "UTF-16 read as UTF-8"
done
grep -q 'foo=' "$tmp/got/refs.out" && { echo "FAIL refs.L5X: a prefixed attribute was kept"; fail=1; }
grep -q 's&amp;t\|s&t' "$tmp/got/refs.out" && { echo "FAIL refs.L5X: the secret is printed"; fail=1; }
has unbound 'A29="v29"' "an unbound prefix stopped the read"
has long-value 'long-value.L5X:3: error: attribute value longer than 65536 bytes; cut there' "no cut diagnostic at line 3"
has long-value 'Description="x{65536}"' "the value is not cut at 65536 bytes"
has truncated '<Security Code="0"' "the elements before the error are lost"
has dup 'dup.L5X:3: error: XML: Attribute a redefined' "no error at line 3"
has dup 'export-type="controller"' "the root's facts are missing"
has deep 'deep.L5X:3: error: elements nested deeper than' "no depth diagnostic at line 3"
for f in long-value truncated dup deep; do
    [ "$(sed -n 's/^--- exit //p' "$tmp/got/$f.out" | tail -n 1)" = 3 ] ||
        { echo "FAIL $f.L5X: scan does not exit 3 (partial)"; fail=1; }
done

[ $fail -eq 0 ] && echo "xml-sax.sh: $(echo $names | wc -w) L5X probes as expected"
exit $fail
