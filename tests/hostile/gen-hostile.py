#!/usr/bin/env python3
"""gen-hostile.py - the inputs of tests/hostile/hostile.sh, generated.

    gen-hostile.py small DIR SECRET   every small and medium input into DIR;
                                      SECRET is the file the XXE inputs try
                                      to read (its path goes into them)
    gen-hostile.py big-cfg FILE MB    a Cisco-IOS-like config of MB MiB:
                                      a real header, then interface blocks
                                      repeated (one statement per line)
    gen-hostile.py check FILE...      every FILE named *.json / *.sarif must
                                      be valid JSON, *.xml (JUnit) valid XML;
                                      prints what is wrong, exit 1 if any

Everything is deterministic (fixed seeds, no /dev/urandom), so a failure
reproduces.  Fixtures are read from tests/formats next to this script.
"""
import json
import os
import random
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
FORMATS = os.path.join(HERE, "..", "formats")

# One root per XML format, as the sniffers want it.
L5X_ROOT = ('<RSLogix5000Content SchemaRevision="1.0" SoftwareRevision="32.02" '
            'TargetName="P" TargetType="Controller" ContainsContext="false">\n'
            '<Controller Use="Target" Name="P%(a)s" ProcessorType="1756-L85E" MajorRev="32">\n'
            '<Description>%(c)s</Description>\n'
            '</Controller>\n</RSLogix5000Content>\n')
TIA_ROOT = ('<Document>\n<Engineering version="V18" />\n<SW.Tags.PlcTagTable ID="0">\n'
            '<AttributeList><Name>T%(a)s</Name></AttributeList>\n'
            '<ObjectList><SW.Tags.PlcTag ID="1" CompositionName="Tags">\n'
            '<AttributeList><Name>tag</Name><Comment>%(c)s</Comment></AttributeList>\n'
            '</SW.Tags.PlcTag></ObjectList>\n</SW.Tags.PlcTagTable>\n</Document>\n')
PLC_ROOT = ('<project xmlns="http://www.plcopen.org/xml/tc6_0201">\n'
            '<fileHeader companyName="x%(a)s" productName="y" productVersion="1" '
            'creationDateTime="2024-01-01T00:00:00"/>\n'
            '<contentHeader name="p"><coordinateInfo><fbd><scaling x="1" y="1"/></fbd>'
            '<ld><scaling x="1" y="1"/></ld><sfc><scaling x="1" y="1"/></sfc>'
            '</coordinateInfo></contentHeader>\n'
            '<types><dataTypes/><pous/></types>\n'
            '<instances><configurations/></instances>\n'
            '<documentation>%(c)s</documentation>\n</project>\n')
ROOTS = {"l5x": ("RSLogix5000Content", L5X_ROOT, ".L5X"),
         "tia": ("Document", TIA_ROOT, ".xml"),
         "plcopen": ("project", PLC_ROOT, ".xml")}
XMLDECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


def w(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def xml_doc(kind, doctype="", attr="", content="text"):
    root, body, _ = ROOTS[kind]
    dt = ""
    if doctype:
        dt = doctype.replace("ROOT", root) + "\n"
    return XMLDECL + dt + body % {"a": attr, "c": content}


def fixture(rel):
    with open(os.path.join(FORMATS, rel), "rb") as f:
        return f.read()


def small(d, secret):
    url = "file://" + os.path.abspath(secret)
    rng = random.Random(20240605)
    garbage = bytes(rng.getrandbits(8) for _ in range(1 << 20))

    # external DTDs the XXE inputs point at (only ever reached if a loader ran)
    evil_pe = os.path.join(d, "evil-pe.dtd")
    w(evil_pe, '<!ENTITY %% file SYSTEM "%s">\n'
               '<!ENTITY %% eval "<!ENTITY &#x25; err SYSTEM \'file:///nonexistent/%%file;\'>">\n'
               '%%eval;\n%%err;\n<!ENTITY leak "%%file;">\n' % url)
    evil_ext = os.path.join(d, "evil-ext.dtd")
    w(evil_ext, '<!ENTITY x SYSTEM "%s">\n' % url)

    for kind, (_, _, ext) in ROOTS.items():
        # 1. XXE: a general entity in an attribute and in content; in content
        # only (well-formed without it); a parameter entity pulling an
        # external DTD (error-based exfiltration); an external DTD that
        # declares the entity; the secret itself as the external DTD.
        decl = '<!DOCTYPE ROOT [\n<!ENTITY x SYSTEM "%s">\n]>' % url
        w(os.path.join(d, "xxe-attr-%s%s" % (kind, ext)), xml_doc(kind, decl, "&x;", "&x;"))
        w(os.path.join(d, "xxe-content-%s%s" % (kind, ext)), xml_doc(kind, decl, "", "&x;"))
        pe = ('<!DOCTYPE ROOT [\n<!ENTITY %% ext SYSTEM "file://%s">\n%%ext;\n]>'
              % os.path.abspath(evil_pe))
        w(os.path.join(d, "xxe-pe-%s%s" % (kind, ext)), xml_doc(kind, pe, "", "&leak;"))
        ext_dtd = '<!DOCTYPE ROOT SYSTEM "file://%s">' % os.path.abspath(evil_ext)
        w(os.path.join(d, "xxe-extdtd-%s%s" % (kind, ext)), xml_doc(kind, ext_dtd, "", "&x;"))
        sec_dtd = '<!DOCTYPE ROOT SYSTEM "%s">' % url
        w(os.path.join(d, "xxe-dtdsecret-%s%s" % (kind, ext)), xml_doc(kind, sec_dtd, "", "&x;"))

        # 2. billion laughs (10 levels of 10) in content and an attribute;
        # quadratic blowup: one 50 KB entity referenced 50,000 times
        lol = '<!ENTITY lol0 "lol">\n' + "".join(
            '<!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1)) * 10) for i in range(1, 10))
        w(os.path.join(d, "laughs-%s%s" % (kind, ext)),
          xml_doc(kind, "<!DOCTYPE ROOT [\n%s]>" % lol, "&lol9;", "&lol9;"))
        quad = '<!DOCTYPE ROOT [\n<!ENTITY a "%s">\n]>' % ("A" * 50000)
        w(os.path.join(d, "quad-content-%s%s" % (kind, ext)), xml_doc(kind, quad, "", "&a;" * 50000))
        w(os.path.join(d, "quad-attr-%s%s" % (kind, ext)), xml_doc(kind, quad, "&a;" * 50000, "x"))

        # 5. binary garbage after a well-formed start
        head = (XMLDECL + ROOTS[kind][1] % {"a": "", "c": "x"}).split("\n")
        w(os.path.join(d, "garbage-%s%s" % (kind, ext)), ("\n".join(head[:3]) + "\n").encode() + garbage)

        # 7. invalid UTF-8 in an attribute value and in content
        w(os.path.join(d, "badutf8-%s%s" % (kind, ext)),
          xml_doc(kind, "", "\udcff", "\udcc3(\udced\udca0\udc80").encode("utf-8", "surrogateescape"))

        # 8. 10,000-deep elements
        w(os.path.join(d, "deep-%s%s" % (kind, ext)),
          xml_doc(kind, "", "", "<a>" * 10000 + "</a>" * 10000))

        # 9. a NUL byte mid-file
        doc = xml_doc(kind, "", "", "before\x00after").encode()
        w(os.path.join(d, "nul-%s%s" % (kind, ext)), doc)

    # 1. more XXE: the L5X in UTF-16 (which its sniffer reads), and an
    # XInclude of the secret (XInclude is never processed: no entity, the
    # file is checked as it is)
    x = xml_doc("l5x", '<!DOCTYPE ROOT [\n<!ENTITY x SYSTEM "%s">\n]>' % url, "", "&x;")
    w(os.path.join(d, "xxe-utf16-l5x.L5X"), x.replace('"UTF-8"', '"UTF-16"').encode("utf-16"))
    w(os.path.join(d, "xinclude-l5x.L5X"),
      xml_doc("l5x", "", "", '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
              'href="%s" parse="text"/>' % url))

    # 6. real fixtures cut in the middle (of a start tag, more or less)
    for name, rel in (("l5x", "rockwell-l5x/modules-ekey.L5X"),
                      ("tia", "siemens-tia/tagtable.xml"),
                      ("plcopen", "plcopen-xml/minimal-tc6-0201.xml")):
        data = fixture(rel)
        w(os.path.join(d, "truncated-%s%s" % (name, ROOTS[name][2])), data[: len(data) // 2])

    ios = fixture("cisco-ios/ie4000-snmpv3.cfg")
    cds = fixture("codesys-cfg/hardened_User.cfg")

    # 4. a 10 MB line: after a first line, and as the first line
    w(os.path.join(d, "longline.cfg"), b"hostname x\n" + b"A" * (10 << 20))
    w(os.path.join(d, "longline1.cfg"), b"hostname x" + b"A" * (10 << 20) + b"\nend\n")
    w(os.path.join(d, "longline.ini"),
      b"[CmpSecureChannel]\nCertificateHash=" + b"A" * (10 << 20) + b"\n")
    # an XML attribute value of 1 MiB on one line (libxml2 itself refuses
    # values over 10,000,000 bytes); the L5X reader cuts it at the line limit
    w(os.path.join(d, "longattr-l5x.L5X"), xml_doc("l5x", "", "B" * (1 << 20), "x"))

    # 5. binary garbage after a config-like first line
    w(os.path.join(d, "garbage.cfg"), b"version 15.2\n" + garbage)
    w(os.path.join(d, "garbage.ini"), b"[CmpUserMgr]\nSECURITY.UserMgmtEnforce=YES\n" + garbage)

    # 7. invalid UTF-8 in a hostname, a description, a value
    bad = ios.replace(b"hostname CELL3-IE4K", b"hostname CE\xff\xfeLL\xc3(\xed\xa0\x80", 1)
    bad = bad.replace(b" description ", b" description \x80\x81\xc0\xaf\"<&>\\ ", 1)
    assert bad != ios
    w(os.path.join(d, "badutf8.cfg"), bad)
    w(os.path.join(d, "badutf8.ini"), cds + b"\n[CmpOpenSSL]\nSomething=\xff\xfe\xc3(\n")

    # 8. Cisco blocks: 10,000 lines each indented one more space
    w(os.path.join(d, "deep.cfg"), "version 15.2\nhostname deep\n" +
      "".join(" " * i + "interface GigabitEthernet1/%d\n" % i for i in range(10000)) + "end\n")

    # 9. a NUL byte in the middle of a statement
    w(os.path.join(d, "nul.cfg"), ios.replace(b"hostname ", b"hostname \x00", 1))
    w(os.path.join(d, "nul.ini"), cds[: len(cds) // 2] + b"\x00" + cds[len(cds) // 2:])


def big_cfg(path, mb):
    ios = fixture("cisco-ios/ie4000-snmpv3.cfg").decode()
    body = "".join(l for l in ios.splitlines(True) if l.strip() != "end")
    chunk = "".join("interface GigabitEthernet1/%d\n description filler %d\n"
                    " switchport mode access\n!\n" % (j, j) for j in range(1000))
    with open(path, "w") as f:
        f.write(body)
        for _ in range((mb << 20) // len(chunk) + 1):
            f.write(chunk)
        f.write("end\n")


def check(paths):
    bad = 0
    for p in paths:
        try:
            if p.endswith(".json") or p.endswith(".sarif"):
                with open(p, "rb") as f:
                    json.loads(f.read().decode("utf-8"))
            elif p.endswith(".xml"):
                ET.parse(p)
        except Exception as e:  # any failure to load is the finding
            print("%s: %s" % (os.path.basename(p), str(e)[:200]))
            bad = 1
    return bad


def main(argv):
    if len(argv) >= 4 and argv[1] == "small":
        small(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "big-cfg":
        big_cfg(argv[2], int(argv[3]))
    elif len(argv) >= 2 and argv[1] == "check":
        return check(argv[2:])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
