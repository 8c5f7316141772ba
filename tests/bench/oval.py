#!/usr/bin/env python3
"""oval.py PATTERNS RULES DIR OUT - write an OVAL 5.11 definitions file OUT for
`oscap oval eval`, the reference baseline engine of the benchmark
(tests/bench/bench.sh): one compliance definition per line of PATTERNS, each
with one independent textfilecontent54_test over every *.cfg file directly in
DIR, so that oscap evaluates the same 20 regexes as the grep passes.  RULES
(patterns-rules.tsv) names the otlint rule of each pattern, for the titles.

Shapes (OVAL 5.11 core and independent definitions schemas, as OpenSCAP's
own textfilecontent54 probe tests write them):
  - textfilecontent54_object: path (equals DIR), filename (pattern match on
    the file name), pattern (pattern match, PCRE; ^ matches at each line
    start: behaviors multiline defaults to true) and instance equals 1, i.e.
    the first match per file, as a configuration check does;
  - textfilecontent54_test: check_existence="at_least_one_exists"
    check="all", no state: true when the pattern is found.
"""
import sys
from xml.sax.saxutils import escape, quoteattr

NS = "oval:io.otlint.bench"


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: oval.py PATTERNS RULES DIR OUT\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        pats = [line.rstrip("\n") for line in f if line.strip()]
    with open(argv[2], encoding="utf-8") as f:
        rules = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
    if len(rules) != len(pats):
        sys.stderr.write("oval.py: %d patterns but %d rule lines\n" % (len(pats), len(rules)))
        return 1
    d = argv[3]
    o = ['<?xml version="1.0" encoding="UTF-8"?>\n'
         '<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"\n'
         '    xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"\n'
         '    xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent">\n'
         '  <generator>\n    <oval:product_name>otlint tests/bench/oval.py</oval:product_name>\n'
         '    <oval:schema_version>5.11</oval:schema_version>\n'
         '    <oval:timestamp>2025-06-02T08:00:00</oval:timestamp>\n  </generator>\n  <definitions>\n']
    for k, (rule, p) in enumerate(zip(rules, pats), 1):
        o.append('    <definition class="compliance" version="1" id="%s:def:%d">\n'
                 '      <metadata>\n        <title>%s</title>\n        <description>%s</description>\n'
                 '      </metadata>\n      <criteria>\n        <criterion test_ref="%s:tst:%d"/>\n'
                 '      </criteria>\n    </definition>\n'
                 % (NS, k, escape(rule[0]), escape(rule[1] if len(rule) > 1 else rule[0]), NS, k))
    o.append('  </definitions>\n  <tests>\n')
    for k, rule in enumerate(rules, 1):
        o.append('    <ind:textfilecontent54_test id="%s:tst:%d" version="1" check_existence="at_least_one_exists"'
                 ' check="all" comment=%s>\n      <ind:object object_ref="%s:obj:%d"/>\n'
                 '    </ind:textfilecontent54_test>\n' % (NS, k, quoteattr(rule[0]), NS, k))
    o.append('  </tests>\n  <objects>\n')
    for k, p in enumerate(pats, 1):
        o.append('    <ind:textfilecontent54_object id="%s:obj:%d" version="1">\n'
                 '      <ind:path operation="equals">%s</ind:path>\n'
                 '      <ind:filename operation="pattern match">[.]cfg$</ind:filename>\n'
                 '      <ind:pattern operation="pattern match">%s</ind:pattern>\n'
                 '      <ind:instance datatype="int" operation="equals">1</ind:instance>\n'
                 '    </ind:textfilecontent54_object>\n' % (NS, k, escape(d), escape(p)))
    o.append('  </objects>\n</oval_definitions>\n')
    with open(argv[4], "w", encoding="utf-8") as f:
        f.write("".join(o))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
