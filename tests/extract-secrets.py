#!/usr/bin/env python3
"""extract-secrets.py [--split DIR] FILE... - print the secret values found in
config files, one per line (with --split: those of the n-th FILE into DIR/n), for tests/secrets.sh to grep otlint's outputs for.  Its own
patterns, independent of the plugins: Cisco IOS/ASA (password/secret/key
lines, types 0/5/7/8/9, snmp-server community/host/user), FortiOS (`set
password ENC ...`, `set psksecret ...`), Junos (`encrypted-password`,
`$9$...`, `secret`, `authentication-key`), INI keys named like password /
secret / auth key (CODESYS runtime config), and XML attributes or elements
named like password/secret/psk/community/key-material.

False alarms: a value is only reported if it is at least MINLEN (6)
characters, is not all digits (port numbers, key ids, ACL numbers recur
everywhere), is not a plain lower-case word or an UPPER_CASE identifier
(config vocabulary that reports legitimately contain, e.g. `permit`), and is
not a keyword or common word from STOP (e.g. `public`, `private`: rule
messages name them as words).  Very short
real secrets are therefore not checked here; the plugins' redaction is
unit-tested on the fixtures instead.  Every value is printed as-is and in
its XML- and JSON-escaped forms, since outputs escape them.

Output goes to stdout only; secrets.sh keeps it in a private temp file and
never prints it.
"""
import html
import json
import re
import sys

MINLEN = 6
STOP = {
    "public", "private", "password", "passwords", "secret", "secrets", "community",
    "encrypted", "encryption", "default", "enable", "enabled", "disable", "cisco", "admin",
    "redacted", "<redacted>", "hidden", "ascii-text", "level", "address", "hostname",
    "authentication", "md5", "sha", "none", "local", "remote", "unset", "version",
    "password-encryption", "required", "optional", "string", "certificate", "key-string",
    "unknown", "cleartext", "reversible", "pbkdf2", "scrypt", "sha256", "value", "removed",
    "<removed>", "<value", "removed>", "key-chain", "keychain", "server-key", "key-hash",
    "md5-crypt", "nopassword", "message-digest", "keepalive", "pre-share", "informs", "traps",
    "prefer", "types", "include", "generate", "config-key", "server-private", "timeout",
    "hmac-sha2-256", "new-format", "set-key",
    # values of TIA MasterSecretConfiguration (an enum, not a secret)
    "withpassword", "withoutpassword", "withpasswordalldataprotection",
}

IOS_KW = r"(?:password|secret|key|key-string|server-key|pre-shared-key|wpa-psk|nthash|" \
         r"password-encrypt|authentication-key|shared-secret|passwd|psk)"
RULES = [
    # IOS/ASA: KW [level N] [type] VALUE
    re.compile(r"(?:^|\s)" + IOS_KW + r"(?:\s+level\s+\d+)?(?:\s+(?:ascii|hex|local|remote))?"
               r"(?:\s+[0-9])?\s+(\S+)", re.I),
    re.compile(r"message-digest-key\s+\d+\s+md5(?:\s+[0-9])?\s+(\S+)", re.I),
    re.compile(r"ntp\s+authentication-key\s+\d+\s+\S+\s+(\S+)", re.I),
    re.compile(r"snmp-server\s+community\s+(\S+)", re.I),
    re.compile(r"snmp-server\s+host\s+.*?version\s+(?:1|2c)\s+(\S+)", re.I),
    re.compile(r"snmp-server\s+host\s+\S+\s+(?:vrf\s+\S+\s+)?(?:informs\s+|traps\s+)?([^\sv]\S*)", re.I),
    re.compile(r"snmp-server\s+user\s+.*?\bauth\s+\S+\s+(\S+)", re.I),
    re.compile(r"snmp-server\s+user\s+.*?\bpriv\s+\S+\s+(?:\d+\s+)?(\S+)", re.I),
    re.compile(r"crypto\s+isakmp\s+key\s+(?:[0-9]\s+)?(\S+)", re.I),
    # credentials in a URL's user-info: scheme://USER:PASSWORD@host (issue 22)
    re.compile(r"\b[a-z][a-z0-9+.-]*://[^/@\s:]*:([^/@\s]+)@", re.I),
    # IOS routing and WLAN keys (plugin rt_secrets()): IS-IS passwords, HSRP/VRRP text, OSPFv3
    # IPsec keys, EIGRP HMAC-SHA-256 passwords, WLAN set-key
    re.compile(r"(?:area|domain)-password(?:\s+[0-9])?\s+(\S+)", re.I),
    re.compile(r"(?:standby|vrrp)\s+(?:\d+\s+)?authentication\s+(?:text\s+)?(\S+)", re.I),
    re.compile(r"ipsec\s+spi\s+\d+(?:\s+\S+)*?\s+([0-9A-Fa-f]{32,})", re.I),
    re.compile(r"(?:set-key\s+(?:ascii|hex)|hmac-sha-256)(?:\s+[0-9])?\s+(\S+)", re.I),
    # issue 23, IOS (secios): secrets by grammar position, keyword abbreviations as the IOS CLI
    # accepts them (any unambiguous prefix), NHRP, OSPFv3 IPsec keys, URL tokens, and the
    # fail-closed rule for statements no grammar knows (the value after a secret word)
    re.compile(r"^\s*us\S*\s+\S+\s+(?:privilege\s+\d+\s+)?(?:pa\w*|se\w*)\s+(?:[0-9]\s+)?(\S+)", re.I),
    re.compile(r"^\s*ena\w*\s+(?:p\w*|s\w*)\s+(?:l\w*\s+\d+\s+)?(?:[0-9]\s+)?(\S+)", re.I),
    re.compile(r"^\s*snmp(?:-s\S*)?\s+com\S*\s+(\S+)", re.I),
    re.compile(r"^\s*snmp(?:-s\S*)?\s+ho\S*\s+\S+(?:\s+vr\S*\s+\S+)?(?:\s+(?:i|t)\S*)?"
               r"(?:\s+ve\S*\s+(?:1|2c?))?\s+(\S+)", re.I),
    re.compile(r"^\s*ip\s+(?:ftp\s+passw\S*|http\s+client\s+pa\S*)\s+(?:[0-9]\s+)?(\S+)", re.I),
    re.compile(r"^\s+pas(?:s(?:w(?:o(?:r(?:d)?)?)?)?)?\s+(?:[0-9]\s+)?(\S+)", re.I),
    re.compile(r"nhrp\s+auth\S*\s+(\S+)", re.I),
    re.compile(r"ipsec\s+spi\s+\d+.*?\b(?:md5|sha1)\s+(?:[0-9]\s+)?([0-9A-Fa-f]{32,})", re.I),
    re.compile(r"\besp\s+(?:3des|des|aes-cbc(?:\s+(?:128|192|256))?)\s+(?:[0-9]\s+)?([0-9A-Fa-f]{16,})", re.I),
    re.compile(r"\b[a-z][a-z0-9+.-]*://([^/@\s:]+)@", re.I),
    re.compile(r"^(?!\s*(?:match|set|ip\s+community-list)\s)(?:.*\s)?\S*(?:secret|token|communit|kennwort|-pin-)\S*"
               r"\s+(?:\d+\s+)?([A-Za-z]+[0-9]\w*)", re.I),
    # FortiOS: set <something password/secret/psk/key> [ENC] VALUE
    re.compile(r"^\s*set\s+\S*(?:passw|secret|psk|passphrase|community|auth-pwd|priv-pwd|-key)\S*\s+"
               r"(?:ENC\s+)?\"?([^\"\s]+)", re.I),
    # Junos
    re.compile(r"(?:encrypted-password|secret|authentication-key|pre-shared-key\s+ascii-text)"
               r"\s+\"?([^\";\s]+)", re.I),
    # Junos SNMP communities: `community NAME {` (braces) or `set snmp community NAME`; not
    # IOS `match community LIST`, which names a BGP community list
    re.compile(r"^\s*community\s+\"?([^\";\s]+)\"?\s*\{"),
    re.compile(r"^\s*set\s+snmp\s+community\s+\"?([^\";\s]+)"),
    re.compile(r"(\$9\$[^\s\";]+)"),
    re.compile(r"(\$[15689]\$[^\s\";<]+)"),
    # INI (CODESYS runtime config): Key=Value where the key names a password, key or secret
    re.compile(r"^\s*[\w.]*(?:password|passwd|secret|authkey|privatekey|psk)[\w.]*\s*=\s*(\S+)", re.I),
    # XML attributes and elements
    re.compile(r"[\w:-]*(?:password|passwd|secret|psk|community|phash|privatekey)[\w:-]*\s*=\s*\"([^\"]+)\"", re.I),
    re.compile(r"<(?:password|passwd|secret|phash|psk|pre-shared-key|community|key)>([^<]+)</", re.I),
]


# Every pattern above needs one of these words: lines without any (most of a
# PLC project) are skipped without running the twenty patterns on them.
TRIGGER = re.compile(r"pass|secret|key|communit|psk|snmp|auth|priv|phash|nthash|ipsec|token|kennwort|-pin-|^\s*(?:us|ena|pa)|://[^/\s]*@|\$[1-9]\$|://[^/\s]*@", re.I)

# ---- issue 24, Junos (the "junos" part): secrets of the Junos grammar the patterns above miss,
# in both forms (curly and `display set`), in groups too: the value after `value` (NTP
# authentication-key N type T value V), `hexadecimal`, `simple-password`, SNMPv3
# `authentication-key` / `privacy-key` / `-password`, and SNMP communities under `groups NAME`.
JUNOS_RULES = [
    re.compile(r"(?:\bauthentication-key\s+\S+\s+(?:type\s+\S+\s+)?value|(?:^|\s)(?:hexadecimal|"
               r"simple-password|privacy-key|privacy-password|authentication-password))\s+\"?([^\";\s]+)"),
    re.compile(r"^\s*set\s+groups\s+\S+\s+snmp\s+community\s+\"?([^\";\s]+)"),
]
RULES.extend(JUNOS_RULES)
# `system login password minimum-length 12`: the options of Junos' password rules follow the word
# `password` that the IOS pattern above keys on; they are vocabulary, not values
STOP.update({"minimum-length", "maximum-length", "minimum-changes", "change-type",
             "minimum-character-changes", "minimum-numerics", "minimum-upper-cases",
             "minimum-lower-cases", "minimum-punctuations", "minimum-reuse", "character-sets",
             "set-transitions"})
TRIGGER = re.compile(TRIGGER.pattern + r"|value|hexadecimal", re.I)
# ---- end of issue 24, Junos

# ---- issue 23, CODESYS and L5X (part "secctl"): its own patterns for the credential words of the
# SDK's vocabulary that the patterns above do not know, in the two grammars; appended to RULES and
# TRIGGER so that the loop below runs them.
#  - INI keys (CODESYS runtime config) named with community, credential(s), token, kennwort, geheim,
#    or the whole words PIN / Auth / Pw / Cred(s), alone or as the last part of a dotted or camelCase
#    name (`Community=`, `ReadCommunity=`, `AccessToken=`, `PIN=`, `Auth=`, `Kennwort=`);
#  - XML attributes named so (`Credential="..."`, `Token="..."`, `AccessPin="..."`);
#  - a URL's user-info without a password (`https://TOKEN@host`), a value after `--password`,
#    `pass=` or `pass ` inside free text (an option string, a shell command, an XML attribute);
#  - the value of a broken section header `[Kennwort=...`.
I23_CTL_WORDS = r"(?:communit\w*|credentials?|token|kennwort|geheim\w*)"
I23_CTL_WHOLE = r"(?:PIN|Pin|pin|AUTH|Auth|auth|PW|Pw|pw|CREDS?|Creds?|creds?)"
I23_CTL_RULES = [
    re.compile(r"^\s*\[?[\w.]*" + I23_CTL_WORDS + r"[\w.]*\s*=\s*(\S+)", re.I),
    re.compile(r"^\s*\[?(?:[\w.]*[._]|[\w.]*[a-z])?" + I23_CTL_WHOLE + r"\s*=\s*(\S+)"),
    re.compile(r"\s[\w:-]*" + I23_CTL_WORDS + r"[\w:-]*\s*=\s*\"([^\"]+)\"", re.I),
    re.compile(r"\s(?:[\w:-]*[a-z])?" + I23_CTL_WHOLE + r"\s*=\s*\"([^\"]+)\""),
    re.compile(r"\b[a-z][a-z0-9+.-]*://([^/@\s:\"'<>]+)@", re.I),
    re.compile(r"(?:--password[=\s]+|\bpass[=\s]+)([^\s,;\"']+)", re.I),
]
RULES.extend(I23_CTL_RULES)
TRIGGER = re.compile(TRIGGER.pattern + r"|token|credential|kennwort|geheim|pin|pw|cred|://", re.I)
# ---- end of issue 23, CODESYS and L5X

# ---- issue 24, PAN-OS (part "panos"): the secrets of its three forms.  XML elements
# (<phash>, <key> of an IKE gateway's pre-shared-key, <snmp-community-string>, SNMPv3
# <authpwd>/<privpwd>, NTP <authentication-key>, server-profile <secret>/<bind-password>,
# <password>), the same keywords as the word before the value in `set` lines and in the braces
# of `show config running` (`phash X;`), and every master-key-encrypted value (-AQ==...).
PANOS_KW = r"(?:phash|key|snmp-community-string|authpwd|privpwd|authentication-key|secret|" \
           r"bind-password|password)"
PANOS_RULES = [
    re.compile(r"<" + PANOS_KW + r">([^<]+)</", re.I),
    re.compile(r"(?:^|\s)" + PANOS_KW + r"\s+\"?([^\";\s\]]+)", re.I),
    re.compile(r"(-AQ==[^\s<\";\]]+)"),
    re.compile(r"snmptrap\s.*\bcommunity\s+\"?([^\";\s]+)"),
    re.compile(r"<community>([^<]+)</"),
]
RULES.extend(PANOS_RULES)
TRIGGER = re.compile(TRIGGER.pattern + r"|-AQ==", re.I)
# ---- end of issue 24, PAN-OS


# ---- issue 24, Cisco ASA (the "asa" part): the ASA forms the IOS patterns above do not cover
# (tests/formats/cisco-asa/secrets.cfg): the legacy positional `aaa-server G (if) host A KEY`, LDAP
# bind and RADIUS common passwords, `snmp-server host IF ADDR community X`, `failover key`.
ASA_RULES = [
    re.compile(r"^\s*aaa-server\s+\S+\s+(?:\(\S+\)\s+)?host\s+\S+\s+(?!timeout\b)(\S+)", re.I),
    re.compile(r"(?:ldap-login-password|radius-common-pw)\s+(?:[0-9]\s+)?(\S+)", re.I),
    re.compile(r"^\s*snmp-server\s+host\s+\S+\s+\S+\s+(?:.*\s)?community\s+(?:[0-9]\s+)?(\S+)", re.I),
    re.compile(r"^\s*failover\s+(?:key|ipsec\s+pre-shared-key)\s+(?:[0-9]\s+)?(\S+)", re.I),
]
RULES.extend(ASA_RULES)
TRIGGER = re.compile(TRIGGER.pattern + r"|aaa-server|failover", re.I)
# The IOS `snmp-server host ADDR ... COMMUNITY` patterns above take the word after the host; on
# the ASA form `snmp-server host IFNAME ADDR [community X] [poll|trap]` that word is the address
# (or a `names` alias), not a secret, and the community is taken by ASA_RULES.
ASA_SNMP_HOST = re.compile(r"^\s*snmp(?:-s\S*)?\s+ho\S*\s+\S+\s+(?:(?:\d{1,3}\.){3}\d{1,3}\b|\S+\s+(?:.*\s)?"
                           r"(?:community|poll|trap)\b)", re.I)


class _NotAsaSnmpHost:
    def __init__(self, rx):
        self.rx = rx
        self.pattern = rx.pattern

    def finditer(self, line):
        return iter(()) if ASA_SNMP_HOST.search(line) else self.rx.finditer(line)


RULES = [_NotAsaSnmpHost(rx) if "snmp" in rx.pattern and "ho" in rx.pattern and "host" not in
         rx.pattern.split("snmp", 1)[0] and ("s+host" in rx.pattern or "s+ho\\S*" in rx.pattern)
         and "community" not in rx.pattern else rx for rx in RULES]
# ---- end of issue 24, Cisco ASA

# ---- issue 25, HiOS CLI script (part "cli"): in `users password NAME VALUE`, `users snmpv3
# password authentication|encryption NAME VALUE` and `opc-ua users modify NAME password VALUE`
# the value follows the user name (the patterns above would take the name after `password`, a
# name that reports legitimately show); `config remote-backup password VALUE`, `radius server
# ... secret VALUE` are caught above.  The script itself comments its secrets out (`! users
# password user "********"`); a saved script may hold them in clear.
HIOS_USERS = re.compile(r"^\s*(?:users\s+(?:snmpv3\s+)?password|opc-ua\s+users\s+modify)\b", re.I)
HIOS_CLI_RULES = [
    re.compile(r"^\s*users\s+password\s+\"?[^\"\s]+\"?\s+\"?([^\"\s]+)", re.I),
    re.compile(r"^\s*users\s+snmpv3\s+password\s+(?:authentication|encryption)\s+\"?[^\"\s]+\"?\s+\"?([^\"\s]+)",
               re.I),
    re.compile(r"^\s*opc-ua\s+users\s+modify\s+\S+\s+password\s+\"?([^\"\s]+)", re.I),
]


class _NotHiosUsers:
    def __init__(self, rx):
        self.rx = rx
        self.pattern = rx.pattern

    def finditer(self, line):
        return iter(()) if HIOS_USERS.search(line) else self.rx.finditer(line)


RULES = [_NotHiosUsers(rx) for rx in RULES] + HIOS_CLI_RULES
# ---- end of issue 25, HiOS CLI script


def keep(v):
    v = v.strip().strip("\"'")
    if len(v) < MINLEN or v.isdigit() or v.lower() in STOP:
        return None
    if v.startswith("<") or v.startswith("&lt;") or v.startswith("--"):
        return None
    # plain lower-case words (permit, lifetime, complexity) and upper-case
    # identifiers (STRING_LENGTH_ADDRESS in PLC projects) are vocabulary
    # that outputs legitimately contain; dates likewise
    if re.fullmatch(r"[a-z]+", v) or re.fullmatch(r"[A-Z][A-Z_]+", v) or \
            re.fullmatch(r"\d{4}-\d\d-\d\d", v):
        return None
    return v


# CAEX (AutomationML) attributes named like a credential: <Attribute Name="...Password..."> with the
# value in a <Value> child, usually on the next line
CAEX = re.compile(r"<Attribute\s+Name=\"[^\"]*(?:password|passwd|secret|psk|privatekey)[^\"]*\"[^>]*>\s*<Value>([^<]+)</Value>",
                  re.I | re.S)


# ---- issue 23, PLCopen (the "plcopen" part): values that no TC6 grammar marks as secret, found
# by the name they are stored under (tc6_xml_v201.xsd and CODESYS exports; fixtures in
# tests/formats/plcopen-xml/secrets-tc6.xml)
PLC_WORD = r"(?:pass|pwd|kennwort|passwort|secret|geheim|communit|credential|token|psk|pin|auth|key)"
PLCOPEN = [
    # a variable named by a secret word and its initial value (any depth of simpleValue)
    re.compile(r"<variable\s[^>]*\bname=\"[^\"]*" + PLC_WORD + r"[^\"]*\"[^>]*>"
               r"(?:(?!</variable>).){0,2000}?<simpleValue\s+value=\"([^\"]+)\"", re.I | re.S),
    # a struct member named by one
    re.compile(r"<value\s+member=\"[^\"]*" + PLC_WORD + r"[^\"]*\"\s*>\s*<simpleValue\s+value=\"([^\"]+)\"",
               re.I | re.S),
    # name/value pairs (CODESYS attributes, device parameters): Name="...secret..." ... Value="..."
    re.compile(r"<[\w:]+\s[^>]*\b(?:name|member|key)=\"[^\"]*" + PLC_WORD + r"[^\"]*\"[^>]*?"
               r"\b(?:value|initialValue|default)=\"([^\"]+)\"", re.I),
    # attributes named by a secret word the older XML pattern does not know
    re.compile(r"\s[\w:-]*(?:kennwort|token|credential|communit|pin|auth)[\w:-]*\s*=\s*\"([^\"]+)\"", re.I),
    # key=value lists inside an attribute value (connection strings)
    re.compile(r"(?:password|passwd|kennwort|pwd)=([^;\"\s]+)", re.I),
]


def plcopen_values(text):
    if "plcopen.org/xml/tc6" not in text:
        return set()
    out = set()
    for rx in PLCOPEN:
        for m in rx.finditer(text):
            v = keep(m.group(1))
            if v is not None:
                out.update({v, html.escape(v, quote=True), json.dumps(v)[1:-1]})
    return out
# ---- end of issue 23, PLCopen
# issue 23, TIA: TIA Portal exports (tests/formats/siemens-tia/secrets-*).
# CAEX <Attribute Name="..."> and SimaticML attribute-list entries
# (<StringAttribute Name="...">) named with a credential word of the English
# or German vocabulary take the value of every <Value> below them (nested
# attribute lists included) or their own text; elements so named their text;
# and a credential word in free text takes the word after it.
TIA_WORD = r"(?:pass|pwd|secret|psk|communit|credential|token|kennwort|geheim|schl(?:ue|\u00fc)ssel|zugangsdaten|anmeldedaten|privatekey)"
TIA_TAG = re.compile(r"<(/?)(Attribute)\b([^>]*?)(/?)>|<Value>([^<]*)</Value>")
TIA_NAMED = re.compile(r"<(\w*Attribute)\s+Name=\"[^\"]*" + TIA_WORD + r"[^\"]*\"[^>]*>([^<]+)</\1>", re.I)
TIA_ELEM = re.compile(r"<(\w*" + TIA_WORD + r"\w*)(?:\s[^>]*)?>([^<]+)</\1>", re.I)
TIA_TEXT = re.compile(r">[^<]*?\b" + TIA_WORD + r"\w*\s*[:=]?\s+([^<\s]+)[^<]*<", re.I)
TIA_NAME = re.compile(r"\bName=\"[^\"]*" + TIA_WORD, re.I)


def tia_values(text):
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    vals = []
    stack = []
    for m in TIA_TAG.finditer(text):
        close, name, attrs, empty, value = m.groups()
        if value is not None:
            if stack and stack[-1]:
                vals.append(value)
        elif close:
            if stack:
                stack.pop()
        elif not empty:
            stack.append(bool(stack and stack[-1]) or bool(TIA_NAME.search(attrs)))
    for rx in (TIA_NAMED, TIA_ELEM):
        vals += [m.group(2) for m in rx.finditer(text)]
    vals += [m.group(1) for m in TIA_TEXT.finditer(text)]
    return vals


# ---- issue 24, FortiOS (part "fortios"): its own patterns, stateful where the grammar is: the
# value after `ENC` in any `set`, `set key|secret|...` with or without ENC, the name of an SNMP
# community (`config system snmp community` / `edit N` / `set name "X"`: the name IS the
# community string), and the body lines of a multi-line quoted private key.
FORTI_ENC = re.compile(r"^\s*(?:set|append)\s+\S+\s+ENC\s+(\S+)")
FORTI_KEY = re.compile(r"^\s*set\s+(?:\S*-)?(?:key|secret|passwd|password|psksecret|passphrase|"
                       r"auth-pwd|priv-pwd)\s+\"?([^\"\s]+)", re.I)


def fortios_values(text):
    out = set()
    if "config " not in text or "set " not in text:
        return out
    comm = False
    depth = 0
    in_key = False
    for line in text.splitlines():
        st = line.strip()
        if in_key:
            if st.endswith('"'):
                in_key = False
                st = st[:-1]
            vals = [st]
        else:
            vals = []
            m = FORTI_ENC.match(line) or FORTI_KEY.match(line)
            if m:
                vals.append(m.group(1))
            if re.match(r"^\s*set\s+private-key\s+\"", line) and line.count('"') == 1:
                in_key = True
            if st == "config system snmp community":
                comm, depth = True, 0
            elif comm and st.startswith("config "):
                depth += 1
            elif comm and st == "end":
                if depth == 0:
                    comm = False
                else:
                    depth -= 1
            elif comm and depth == 0:
                m = re.match(r'^set\s+name\s+"?([^"]+)"?$', st)
                if m:
                    vals.append(m.group(1))
        for raw in vals:
            v = keep(raw)
            if v is not None and not v.startswith("-----"):
                out.update({v, html.escape(v, quote=True), json.dumps(v)[1:-1]})
    return out


# ---- issue 25, Hirschmann HiOS XML (part "hios"): the MIB-based <Config> export.  Every
# <Attribute convert="scrambled"> (user and SNMPv3 passwords, TACACS+/LDAP/MAB secrets, the
# remote-save credentials), the SNMP community entries (snmpCommunityName and Index hold the
# string), the VACM/target security names made from it, and the IEC 61850 technical key.
HIOS_ATTR = re.compile(r'<Attribute\s+name="([A-Za-z0-9]+)"([^>]*)>([^<]*)</Attribute>')


def hios_values(text):
    out = set()
    if "urn:xml:ns:mibconf" not in text:
        return out
    for m in HIOS_ATTR.finditer(text):
        name, attrs, val = m.group(1), m.group(2), m.group(3).strip()
        if 'convert="scrambled"' in attrs or name in ("snmpCommunityName", "snmpCommunityIndex",
                                                      "snmpCommunitySecurityName") \
                or name.endswith("TechnicalKey"):
            v = keep(val)
            if v is not None:
                out.update({v, html.escape(v, quote=True), json.dumps(v)[1:-1]})
    return out
# ---- end of issue 25, Hirschmann HiOS XML
# ---- issue 25, SCALANCE (part "scal"): the IE-CLI's secret positions (S615 CLI manual 12.1.2,
# 12.1.4.7, 12.4.6.1): `user-account NAME password PWD`, `change password PWD`, `auth psk KEY`, and
# the word after `password` in any other command (smtp-server ... password X), with or without a
# transcript prompt (cli#, cli(config)#) before it.
SCAL = re.compile(r"^\s*(?:cli(?:\([^)\s]*\))?[#>]\s*)?(?:(?:user-account\s+\S+\s+|change\s+|.*\s)password\s+|"
                  r"auth\s+psk\s+)(\S+)", re.I)


SCAL_FILE = re.compile(r"^\s*(?:cli\S*[#>]\s*)?(?:user-account|prerule|ipv4rule|ike-encryption|snmpagent|"
                       r"syslogserver)\b", re.M)


def scalance_values(text):
    out = set()
    if not SCAL_FILE.search(text):  # a SCALANCE file only: HiOS `users password NAME VALUE`
        return out
    for line in text.splitlines():
        m = SCAL.match(line)
        v = keep(m.group(1)) if m else None
        if v is not None:
            out.update({v, html.escape(v, quote=True), json.dumps(v)[1:-1]})
    return out
# ---- issue 25, Phoenix Contact mGuard .atv (part "mguard"): the string value of a setting
# named SNMP_COMMUNITY* or named like a credential (NAME = "value", also `value = "..."` inside
# its { } block), and every line of a multi-line string (a PEM body) of PRIVATE_CERTS; inside a
# table row (VPN_CONNECTION), an item named like a credential (PSK = "v", or PSK = { value = "v" }).
MGUARD_SET = re.compile(r'^\s*([A-Za-z][A-Za-z0-9._]*)\s*=\s*"((?:[^"\\]|\\.)*)"')
MGUARD_SECRET = re.compile(r"communit|pass|psk|secret|key", re.I)


def mguard_values(text):
    out = set()
    if not re.search(r"^#version \d", text, re.M) and "_REMOTE_" not in text:
        return out
    secret_top = False
    secret_item = None  # depth of an open row item with metadata named like a credential
    depth = 0
    for line in text.splitlines():
        vals = []
        m = MGUARD_SET.match(line)
        o = re.match(r"^\s*([A-Za-z][A-Za-z0-9._]*)\s*=\s*\{", line)
        if depth > 0 and o and MGUARD_SECRET.search(o.group(1)) and secret_item is None:
            secret_item = depth
        if secret_item is not None and m and m.group(1) == "value":
            vals.append(m.group(2))
        if depth == 0:
            n = re.match(r"^\s*([A-Za-z][A-Za-z0-9._]*)\s*=", line)
            secret_top = bool(n) and (MGUARD_SECRET.search(n.group(1)) is not None
                                      or n.group(1) == "PRIVATE_CERTS")
        if m and (secret_top or MGUARD_SECRET.search(m.group(1))):
            vals.append(m.group(2))
        elif secret_top and depth > 0:
            vals += [w for w in re.split(r'[\s"=]+', line) if w]
        depth += line.count("{") - line.count("}")
        depth = max(depth, 0)
        if secret_item is not None and depth <= secret_item:
            secret_item = None
        for raw in vals:
            v = keep(raw)
            if v is not None and not v.startswith("-----"):
                out.update({v, html.escape(v, quote=True), json.dumps(v)[1:-1]})
    return out


def values_of(path):
    out = set()
    try:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
    except OSError:
        return out
    for m in CAEX.finditer(text):
        v = keep(m.group(1))
        if v is not None:
            out.update({v, html.escape(v, quote=True), json.dumps(v)[1:-1]})
    out |= plcopen_values(text)  # issue 23, PLCopen
    out |= fortios_values(text)  # issue 24, FortiOS
    out |= hios_values(text)  # issue 25, Hirschmann HiOS XML
    out |= scalance_values(text)  # issue 25, SCALANCE
    out |= mguard_values(text)  # issue 25, mGuard
    for raw in tia_values(text):  # issue 23, TIA
        v = keep(raw)
        if v is not None:
            out.update({v, html.escape(v, quote=True), json.dumps(v)[1:-1]})
    for line in text.splitlines():
        if line.lstrip().startswith("!") or not TRIGGER.search(line):
            continue
        for rx in RULES:
            for m in rx.finditer(line):
                v = keep(m.group(1))
                if v is None:
                    continue
                out.add(v)
                out.add(html.escape(v, quote=True))
                out.add(json.dumps(v)[1:-1])
    return out


def main():
    # --split DIR [FILE...]: the values of the n-th FILE (from 1; without
    # FILE arguments, the n-th line of stdin) go to DIR/n, so one
    # interpreter start serves a whole test run.
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--split":
        outdir = args[1]
        paths = args[2:] or [l.rstrip("\n") for l in sys.stdin]
        for n, path in enumerate(paths, 1):
            with open("%s/%d" % (outdir, n), "w", encoding="utf-8") as fh:
                for v in sorted(values_of(path)):
                    fh.write(v + "\n")
        return
    out = set()
    for path in args:
        out |= values_of(path)
    for v in sorted(out):
        print(v)


if __name__ == "__main__":
    main()
