#!/bin/sh
# xml-sax.sh - rockwell-l5x reads an export as SAX events (host->xml_sax,
# ABI 1.2, docs/plugins.md) where the core offers them, else through the
# streaming reader (host->xml_reader; OTL_XML_SAX=0 makes the core offer no
# SAX).  On well-formed input both must give the same, byte for byte:
#  1. the text, JSON, SARIF and JUnit reports, exit codes and diagnostics of
#     every profile at SL 4 over the examples, the test cases, the format
#     fixtures, the shared corpus (read in place when present) and a
#     composed L5X of 2 MiB (tests/gen-l5x.py);
#  2. `otlint show` and `show --raw` of every L5X among them and of probes
#     written here for what the corpus lacks: attribute values with
#     character and entity references (an '&' reaches a SAX handler as
#     "&#38;", libxml2 2.9 parser.c xmlParseAttValueComplex), tab and
#     newline in values (normalised to spaces, XML 1.0 section 3.3.3),
#     prefixed attributes and elements (bound and unbound), 30 attributes on
#     one element (past the plugin's 24 inline), empty and non-empty frame
#     elements, a value over the line limit, UTF-16, a truncated file.
#  3. Where the reader reads ahead and SAX does not, SAX says more, and the
#     test holds it to that: a duplicate attribute in the second element
#     leaves the root's facts (partial, exit 3) where the reader saw no
#     root; nesting past the depth limit is otlint's own diagnostic.
# Environment (from `make check`): OTLINT PYTHON3.
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
corpus=$top/../shared/corpus

[ -x "$otlint" ] || { echo "xml-sax.sh: $otlint not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-sax.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

set -- "$top/examples" "$top/tests/cases" "$top/tests/formats"
[ -d "$corpus" ] && set -- "$@" "$corpus"
mkdir "$tmp/probe"
if [ "$python3" != no ] && command -v "$python3" >/dev/null 2>&1; then
    "$python3" "$top/tests/gen-l5x.py" 2 "$tmp/probe/composed.L5X" >/dev/null ||
        { echo "FAIL gen-l5x.py"; exit 1; }
fi

head='<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<RSLogix5000Content SchemaRevision="1.0" SoftwareRevision="33.01" TargetName="C1" TargetType="Controller" ContainsContext="false" xmlns:x="urn:x">'
many=
i=0
while [ $i -lt 30 ]; do many="$many A$i=\"v$i\""; i=$((i + 1)); done
cat >"$tmp/probe/refs.L5X" <<EOF
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
# an unbound prefix is a namespace error, not a fatal one: the file is read
sed 's/x:foo="bar"/x:foo="bar" u:bar="1"/' "$tmp/probe/refs.L5X" >"$tmp/probe/unbound.L5X"
# a value of 70,400 bytes, past the line limit (OTL_MAX_LINE_LEN, 64 KiB):
# cut there, said, and the file partial
{
    printf '%s\n<Controller Use="Target" Name="C" Description="' "$head"
    i=0
    while [ $i -lt 1100 ]; do printf 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'; i=$((i + 1)); done
    printf '&amp;"/>\n</RSLogix5000Content>\n'
} >"$tmp/probe/long-value.L5X"
if command -v iconv >/dev/null 2>&1; then
    sed 's/encoding="UTF-8"/encoding="UTF-16"/' "$tmp/probe/refs.L5X" | iconv -f UTF-8 -t UTF-16 >"$tmp/probe/utf16.L5X"
fi
head -c 700 "$tmp/probe/refs.L5X" >"$tmp/probe/truncated.L5X"

. "$top/tests/compare-reports.sh"
fail=0
compare_reports OTL_XML_SAX 1 0 "with SAX and with the reader" "$@" "$tmp/probe"

nl5x=0
for f in $(find "$@" "$tmp/probe" -type f \( -name '*.L5X' -o -name '*.l5x' \) | sort); do
    for cmd in show "show --raw"; do
        OTL_XML_SAX=1 "$otlint" --format rockwell-l5x $cmd "$f" >"$tmp/a" 2>&1
        echo "exit $?" >>"$tmp/a"
        OTL_XML_SAX=0 "$otlint" --format rockwell-l5x $cmd "$f" >"$tmp/b" 2>&1
        echo "exit $?" >>"$tmp/b"
        same_output "$tmp/a" "$tmp/b" "$cmd $f: SAX and the reader differ"
    done
    nl5x=$((nl5x + 1))
done
[ "$nl5x" -gt 15 ] || { echo "FAIL only $nl5x L5X files compared"; fail=1; }

# the references decoded, as libxml2's tree has them
OTL_XML_SAX=1 "$otlint" show --raw "$tmp/probe/refs.L5X" >"$tmp/refs.xml" 2>&1
for want in 'Name="C&amp;D&amp;&lt;&amp;&quot;"' 'Description="a b c"' 'A29="v29"' \
    'Name="&amp;&amp;"' 'Password="&lt;redacted&gt;"'; do
    grep -qF "$want" "$tmp/refs.xml" || { echo "FAIL refs.L5X: no $want in show --raw"; fail=1; }
done
grep -q 'foo=' "$tmp/refs.xml" && { echo "FAIL refs.L5X: a prefixed attribute was kept"; fail=1; }

OTL_XML_SAX=1 "$otlint" scan -q "$tmp/probe/long-value.L5X" >"$tmp/long.out" 2>&1
rc=$?
[ $rc -eq 3 ] || { echo "FAIL long-value.L5X: scan exit $rc, not 3"; fail=1; }
grep -q ':3: error: attribute value longer than 65536 bytes; cut there' "$tmp/long.out" ||
    { echo "FAIL long-value.L5X: no cut diagnostic at line 3"; head -3 "$tmp/long.out"; fail=1; }

# 3: where SAX says more than the reader
printf '%s\n<Controller Use="Target" Name="C" a="1" a="2"/>\n</RSLogix5000Content>\n' "$head" >"$tmp/dup.L5X"
OTL_XML_SAX=1 "$otlint" show "$tmp/dup.L5X" >"$tmp/dup.out" 2>"$tmp/dup.err"
OTL_XML_SAX=1 "$otlint" scan -q "$tmp/dup.L5X" >/dev/null 2>&1
rc=$?
[ $rc -eq 3 ] || { echo "FAIL dup.L5X: scan exit $rc, not 3 (partial)"; fail=1; }
grep -q ':3: error: XML: Attribute a redefined' "$tmp/dup.err" || { echo "FAIL dup.L5X: no error at line 3"; cat "$tmp/dup.err"; fail=1; }
grep -q 'export-type="controller"' "$tmp/dup.out" || { echo "FAIL dup.L5X: the root's facts are missing"; fail=1; }
{
    printf '%s\n<Controller Use="Target" Name="C"><Programs>' "$head"
    i=0
    while [ $i -lt 300 ]; do printf '<X>'; i=$((i + 1)); done
    i=0
    while [ $i -lt 300 ]; do printf '</X>'; i=$((i + 1)); done
    printf '</Programs></Controller>\n</RSLogix5000Content>\n'
} >"$tmp/deep.L5X"
OTL_XML_SAX=1 "$otlint" scan -q "$tmp/deep.L5X" >"$tmp/deep.err" 2>&1 # the report has the diagnostics
rc=$?
[ $rc -eq 3 ] || { echo "FAIL deep.L5X: scan exit $rc, not 3"; fail=1; }
grep -q ':3: error: elements nested deeper than' "$tmp/deep.err" || { echo "FAIL deep.L5X: no depth diagnostic at line 3"; cat "$tmp/deep.err"; fail=1; }

[ $fail -eq 0 ] && echo "xml-sax.sh: $n profiles, $nl5x L5X files: SAX and the reader agree"
exit $fail
