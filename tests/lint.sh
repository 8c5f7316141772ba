#!/bin/sh
# lint.sh - hygiene of the C sources (also `make lint`):
#  - banned functions (no size, or no error reporting);
#  - XML enters only through core/xmlsafe.c (or a plugin's host->xml_read).
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1
fails=0
files=$(find core checkers vendor-formats tests/unit tests/plugins -name '*.[ch]' 2>/dev/null | sort)

banned='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atof|tmpnam|mktemp)[[:space:]]*\('
hits=$(grep -nE "$banned" $files | grep -v 'lint: allow')
if [ -n "$hits" ]; then
    echo "FAIL: banned functions:"; echo "$hits"; fails=$((fails + 1))
fi

rawxml='\b(xmlReadMemory|xmlReadFile|xmlReadFd|xmlParseFile|xmlParseMemory|xmlParseDoc|xmlCtxtReadMemory|xmlCtxtReadFile|xmlReaderForMemory|xmlReaderForFile|xmlSAXUserParse[A-Za-z]*|xmlCreatePushParserCtxt|xmlCreateMemoryParserCtxt|xmlParseChunk|xmlParseDocument)[[:space:]]*\('
# tests/unit/mock-host.c is the host's test double (the plugins' unit tests
# run without the core): it parses with the core's options.
hits=$(grep -nE "$rawxml" $files | grep -v '^core/xmlsafe.c:' | grep -v '^tests/unit/mock-host.c:')
if [ -n "$hits" ]; then
    echo "FAIL: XML parsed outside core/xmlsafe.c (use host->xml_read / xml_reader / xml_sax, otl_xml_*):"; echo "$hits"
    fails=$((fails + 1))
fi

hits=$(grep -nE 'XML_PARSE_(NOENT|DTDLOAD|DTDATTR|DTDVALID|XINCLUDE|HUGE)' $files | grep -v 'Deliberately absent' | grep -v '^core/xmlsafe.c:.*\*')
if [ -n "$hits" ]; then
    echo "FAIL: unsafe XML parser options:"; echo "$hits"; fails=$((fails + 1))
fi

if [ "$fails" -eq 0 ]; then echo "3 passed, 0 failed"; else echo "$((3 - fails)) passed, $fails failed"; fi
[ "$fails" -eq 0 ]
