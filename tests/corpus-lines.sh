#!/bin/sh
# corpus-lines.sh - every finding is on the line of the setting it is about (issue 22 item 4).
#
# Over every file of the shared corpus (../shared/corpus, read in place), the examples and the
# format fixtures (tests/formats), `otlint scan -o json` and, for each finding with a line:
#
#  1. its evidence is the statement at that line: the file's line (blanks trimmed; a <redacted>
#     stands for any text) for a text format, a line holding that start tag for an XML format;
#  2. for a rule whose <select at="..."> names attributes: the finding is not on a parent of the
#     statement that sets one of them.  Text (IOS-style blocks): the line is not the header of a
#     block holding a sub-statement that sets one (IOS_SUB below, by the vendor's command);
#     XML and CODESYS: where the file has an element or key that sets one, the finding's line is
#     such an element or key (XML_SET below), not the element that holds it.
#
# A finding at line 0 is device level (JSON device_level true) and has no evidence.  Fails when
# any finding breaks a check; `make check` runs it.  CORPUS_LINES_EXTRA=DIR scans a directory
# more (to try a mutation).
set -u
top=${OTL_TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
otlint=${OTLINT:-$top/core/otlint}
python3=${PYTHON3:-python3}
corpus=$top/../shared/corpus

[ -d "$corpus" ] || { echo "corpus-lines.sh: $corpus absent; skipped"; exit 77; }
[ -x "$otlint" ] || { echo "corpus-lines.sh: $otlint not built" >&2; exit 99; }
if [ "$python3" = no ] || ! command -v "$python3" >/dev/null 2>&1; then
    echo "corpus-lines.sh: python3 not available; skipped" >&2
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/otl-lines.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

cat >"$tmp/check.py" <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET

rules_dir, report = sys.argv[1], sys.argv[2]

# What each rule's finding is about: the rule's `at`, and, so that a rule that loses its `at`
# fails here, the settings this test knows to be set by sub-statements or child elements.
AT = {
    "NET-SVC-TELNET": ["transport-in"], "NET-EXEC-TIMEOUT": ["idle-timeout"],
    "NET-PWD-CLEAR": ["secret-kind"], "NET-PWD-TYPE7": ["secret-kind"],
    "NET-ACCT-DEFAULT": ["known-default", "secret-kind"], "NET-AAA-KEY": ["secret-kind"],
    "NET-AUX-EXEC": ["exec"], "NET-L2-VLAN1": ["vlan"],
    "PLC-LX-NOFTSEC": ["security-authority"], "PLC-LX-CHGDET": ["change-detection"],
    "PLC-LX-TRUSTSLOT": ["trusted-slots"], "PLC-NOTIME": ["time-sync"], "PLC-LX-EKEY": ["keying"],
    "PLC-EXT-WRITE": ["first-writable"], "PLC-ACCESS-NONE": ["access-level", "protection"],
    "PLC-S7-CONFDATA": ["confidential-data"], "PLC-DISPLAY": ["display-protection"],
    "PLC-CDS-ANON": ["anonymous"], "PLC-CDS-PLAIN": ["secure-comm"],
    "PLC-OPCUA-ANON": ["anonymous", "user-auth"], "PLC-OPCUA-NONE": ["cleartext", "security-policy"],
    "PLC-OPCUA-DEPREC": ["security-policy"], "PLC-OPCUA-PLAINPWD": ["plaintext-password"],
}
import glob
for b in glob.glob(rules_dir + "/*.xml"):
    for r in ET.parse(b).getroot().iter("{urn:otlint:baseline:1}rule"):
        s = r.find("{urn:otlint:baseline:1}select")
        if s is not None and s.get("at"):
            AT[r.get("id")] = list(dict.fromkeys(AT.get(r.get("id"), []) + [a.split("=")[0] for a in s.get("at").split()]))

# Cisco IOS: the sub-commands (inside a block) that set an attribute of the block's fact
IOS_SUB = {
    "transport-in": r"transport\s+input\b",
    "idle-timeout": r"exec-timeout\b",
    "secret-kind": r"(password|secret|key)\b",
    "known-default": r"(password|secret|key)\b",
    "exec": r"(no\s+)?exec\s*$",
    "vlan": r"switchport\s+access\s+vlan\b",
    # issue 22 rules: lines' login and privilege, routed interfaces' ICMP settings, routing
    # authentication set inside a router or interface block
    "login": r"(no\s+)?login\b",
    "privilege": r"privilege\s+level\b",
    # only the statement that turns it on: a finding about a default left on belongs on the
    # interface, even beside a `no ip redirects` that turns another one off
    "proxy-arp": r"ip\s+proxy-arp\b",
    "ip-redirects": r"ip\s+redirects\b",
    "ip-unreachables": r"ip\s+unreachables\b",
    "authentication": r"(ip\s+ospf\s+(authentication|message-digest-key)|area\s+\S+\s+authentication|"
                      r"ip\s+authentication\b|authentication\s+mode\b|(area|domain)-password\b|"
                      r"isis\s+password|neighbor\s+\S+\s+password|standby\s+.*authentication|"
                      r"vrrp\s+.*authentication|ipv6\s+ospf\s+authentication|ospfv3\s+.*authentication)",
}
# XML formats and CODESYS keys: what the line of the setting holds
XML_SET = {
    "security-authority": r"<Security\b", "change-detection": r"<Security\b",
    "trusted-slots": r"<Security\b", "time-sync": r"<TimeSynchronize\b", "keying": r"<EKey\b",
    "first-writable": r"<(Tag|Member|SW\.Tags\.PlcTag)\b",
    "locked": r"<SafetyInfo\b", "signature": r"<SafetyInfo\b", "run-mode-protect": r"<SafetyInfo\b",
    "lock-password": r"<SafetyInfo\b", "unlock-password": r"<SafetyInfo\b",
    "access-level": r'Name="PlcProtectionAccessLevel"',
    "confidential-data": r'Name="(MasterSecretConfiguration|PlcMasterSecretConfigurator)"',
    "display-protection": r'Name="DisplayProtection"',
    "protected": r"<IsKnowHowProtected\b",
    "protection": r"UserMgmtEnforce|PlcProtectionAccessLevel|PlcAccessControlConfiguration",
    "anonymous": r"UserMgmtAllowAnonymous|UserAuthentication",
    "user-auth": r"UserAuthentication", "secure-comm": r"CommunicationMode",
    "cleartext": r"CommunicationMode", "security-policy": r"CommunicationPolicy|CommunicationMode",
    "plaintext-password": r"AllowUserPasswordOnPlaintext",
}

doc = json.load(open(report, encoding="utf-8"))
errors = []
nfind = 0
for dev in doc.get("devices") or []:
    path = dev["file"]
    with open(path, "rb") as f:
        data = f.read()
    # UTF-16 with a BOM is read as its transcoding (docs/formats/cisco-ios.md)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", "replace")
    else:
        text = data.decode("utf-8", "replace")
    lines = text.splitlines()
    fmt = dev.get("format") or ""
    nfind += len(dev.get("findings") or [])
    xml = fmt in ("rockwell-l5x", "siemens-tia", "plcopen-xml")
    xml = xml or (fmt == "panos" and text.lstrip().startswith("<"))  # issue 24: PAN-OS XML
    xml = xml or (fmt == "hirschmann-hios" and text.lstrip().startswith("<"))  # issue 25: HiOS XML
    for fd in dev.get("findings") or []:
        rule, ln, ev = fd["rule"], fd["line"], fd.get("evidence")
        where = "%s:%d %s" % (path, ln, rule)
        if fd.get("device_level") is not (ln == 0):
            errors.append("%s: device_level %r at line %d" % (where, fd.get("device_level"), ln))
        if ln == 0:
            if ev:
                errors.append("%s: device-level finding with evidence %r" % (where, ev))
            continue
        if ln > len(lines):
            errors.append("%s: line past the end of the file" % where)
            continue
        src = lines[ln - 1].strip()
        # 1. the evidence is the statement at that line
        if ev is None:
            errors.append("%s: no evidence" % where)
        elif xml:
            m = re.match(r"<([^\s>]+)", ev)
            if not m or "<" + m.group(1) not in src:
                errors.append("%s: evidence %r is not the element at that line (%r)" % (where, ev[:60], src[:60]))
        elif fmt == "codesys-cfg":
            m = re.search(r'<key name="([^"]*)"', ev)
            if m and not src.lower().startswith(m.group(1).lower()):
                errors.append("%s: evidence %r is not the key at that line (%r)" % (where, ev[:60], src[:60]))
        else:
            pat = "^" + ".*".join(re.escape(p.strip()) for p in ev.split("<redacted>")) + "$"
            if not re.match(pat, src, re.S) and not ev.endswith("..."):
                errors.append("%s: evidence %r is not the line %r" % (where, ev[:60], src[:60]))
        # 2. not on the parent of the setting
        attrs = AT.get(rule)
        if not attrs:
            continue
        if fmt == "cisco-ios":
            subs = [IOS_SUB[a] for a in attrs if a in IOS_SUB]
            raw = lines[ln - 1]
            ind = len(raw) - len(raw.lstrip())
            k = ln
            while k < len(lines):
                nxt = lines[k]
                if nxt.strip() == "" or nxt.strip() == "!":
                    break
                if len(nxt) - len(nxt.lstrip()) <= ind:
                    break
                for s in subs:
                    if re.match(r"\s*" + s, nxt.strip()):
                        errors.append("%s: on the block header %r; line %d `%s` sets @%s"
                                      % (where, src[:40], k + 1, nxt.strip()[:40], " @".join(attrs)))
                        break
                k += 1
        elif xml or fmt == "codesys-cfg":
            sets = [XML_SET[a] for a in attrs if a in XML_SET]
            if not sets:
                continue
            union = "|".join("(?:%s)" % s for s in sets)
            if re.search(union, text) and not re.search(union, src):
                errors.append("%s: line %r does not set @%s, though the file has such a setting"
                              % (where, src[:60], " @".join(attrs)))
for e in errors:
    print("FAIL " + e)
print("corpus-lines: %d findings in %d files checked" % (nfind, len(doc.get("devices") or [])))
sys.exit(1 if errors or not doc.get("devices") else 0)
PY

# one scan of them all (files that no plugin reads are only not evaluated)
"$otlint" scan -q -o json="$tmp/r.json" "$corpus/" "$top/examples" "$top/tests/formats" \
    ${CORPUS_LINES_EXTRA:+"$CORPUS_LINES_EXTRA"} >/dev/null 2>&1
[ -s "$tmp/r.json" ] || { echo "FAIL corpus-lines.sh: no JSON report"; exit 1; }
"$python3" "$tmp/check.py" "$top/baselines/rules" "$tmp/r.json"
