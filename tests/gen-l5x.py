#!/usr/bin/env python3
"""gen-l5x.py SIZE_MB OUT - write a syntactically realistic Logix 5000 L5X
export of about SIZE_MB megabytes (MiB) to OUT, for tests/large-l5x.sh and
for measuring the rockwell-l5x plugin by hand.

COMPOSED data, not from a device.  The shapes follow the real exports in
shared/corpus/rockwell_l5x (element order of 1756-RM014): a GuardLogix
controller with SafetyInfo and Security, modules with keying, ports and
connection tags, user data types, Add-On Instructions (one source-protected
as EncodedData), controller tags with L5K and decorated data, then programs
with tags and RLL / ST routines until the size is reached, a safety program,
tasks.  Start tags are split over several lines here and there, as Logix
Designer writes them, so that line numbers are a real test.

Markers for the test (each start tag on one line, so `grep -n` finds it):
  - the last standard program, "DeepProgram", has the routine
    Name="DEEP_MARKER_ROUTINE" (RLL, not protected: a PLC-LX-SRCPROT finding
    at its line) and the Tags element right before its routines;
  - the summary printed on stdout gives the counts the facts must show.

Deterministic: the same SIZE_MB gives the same file.
"""
import random
import sys

MiB = 1024 * 1024


class Out:
    """Counts bytes and lines as it writes."""

    def __init__(self, f):
        self.f = f
        self.bytes = 0
        self.lines = 0

    def w(self, s):
        self.f.write(s)
        self.bytes += len(s)
        self.lines += s.count("\n")


def header(o, ctrl):
    o.w('\ufeff<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n')
    o.w('<RSLogix5000Content SchemaRevision="1.0" SoftwareRevision="33.01" TargetName="%s" '
        'TargetType="Controller"\n'
        '                    ContainsContext="false" ExportDate="Mon Jun 02 08:00:00 2025"\n'
        '                    ExportOptions="NoRawData L5KData DecoratedData ForceProtectedEncoding '
        'AllProjDocTrans">\n' % ctrl)
    o.w('<Controller Use="Target" Name="%s" ProcessorType="1756-L83ES" MajorRev="33" MinorRev="11"\n'
        '            ProjectCreationDate="Mon Jan 06 08:00:00 2025" LastModifiedDate="Mon Jun 02 07:59:00 2025"\n'
        '            SFCExecutionControl="CurrentActive" SFCRestartPosition="MostRecent" SFCLastScan="DontScan"\n'
        '            ProjectSN="16#0000_0000" MatchProjectToController="false" CanUseRPIFromProducer="false"\n'
        '            InhibitAutomaticFirmwareUpdate="0" PassThroughConfiguration="EnabledWithAppend"\n'
        '            DownloadProjectDocumentationAndExtendedProperties="true" DownloadProjectCustomProperties="true"\n'
        '            ReportMinorOverflow="false" AutoDiagsEnabled="true" WebServerEnabled="false">\n' % ctrl)
    o.w('<Description>\n<![CDATA[Generated large project for otlint memory tests]]>\n</Description>\n')
    o.w('<RedundancyInfo Enabled="false" KeepTestEditsOnSwitchOver="false"/>\n')
    o.w('<Security Code="0" ChangesToDetect="16#ffff_ffff_ffff_ffff"/>\n')
    o.w('<SafetyInfo SafetyLocked="false" SignatureRunModeProtect="false" ConfigureSafetyIOAlways="false"\n'
        '            SafetyLevel="SIL3/PLe"/>\n')


def datatypes(o):
    o.w('<DataTypes>\n')
    for i in range(20):
        o.w('<DataType Name="UDT_%02d" Family="NoFamily" Class="User">\n<Members>\n' % i)
        for m in range(8):
            o.w('<Member Name="M%d" DataType="%s" Dimension="0" Radix="Decimal" Hidden="false" '
                'ExternalAccess="Read/Write"/>\n' % (m, "DINT" if m % 2 else "REAL"))
        o.w('</Members>\n</DataType>\n')
    o.w('</DataTypes>\n')


def modules(o, rnd, n):
    o.w('<Modules>\n')
    o.w('<Module Name="Local" CatalogNumber="1756-L83ES" Vendor="1" ProductType="14" ProductCode="213" '
        'Major="33" Minor="11"\n ParentModule="Local" ParentModPortId="1" Inhibited="false" MajorFault="true">\n'
        '<EKey State="Disabled"/>\n<Ports>\n<Port Id="1" Address="0" Type="ICP" Upstream="false">\n'
        '<Bus Size="17"/>\n</Port>\n</Ports>\n</Module>\n')
    disabled = 0
    for i in range(n):
        state = ("ExactMatch", "CompatibleModule", "Disabled")[i % 3]
        disabled += state == "Disabled"
        o.w('<Module Name="IO_%03d" CatalogNumber="1734-AENTR/B" Vendor="1" ProductType="12" ProductCode="161" '
            'Major="5" Minor="%d" ParentModule="Local" ParentModPortId="1" Inhibited="false"\n'
            ' MajorFault="false">\n' % (i, 1 + i % 20))
        o.w('<EKey State="%s"/>\n<Ports>\n<Port Id="1" Address="0" Type="PointIO" Upstream="false">\n'
            '<Bus Size="8"/>\n</Port>\n<Port Id="2" Address="10.%d.%d.%d" Type="Ethernet" Upstream="true"/>\n'
            '</Ports>\n' % (state, 20 + i // 60000, (i // 250) % 250, 1 + i % 250))
        o.w('<Communications CommMethod="805306369">\n<Connections>\n'
            '<Connection Name="Output" RPI="20000" Type="Output" EventID="0" '
            'ProgrammaticallySendEventTrigger="false" Unicast="true">\n'
            '<InputTag ExternalAccess="Read/Write">\n<Data Format="Decorated">\n'
            '<Structure DataType="AB:1734_8SLOT:I:0">\n')
        for s in range(8):
            o.w('<DataValueMember Name="Slot%dStatus" DataType="BOOL" Value="%d"/>\n' % (s, rnd.randint(0, 1)))
        o.w('</Structure>\n</Data>\n</InputTag>\n</Connection>\n</Connections>\n</Communications>\n</Module>\n')
    o.w('</Modules>\n')
    return n + 1, disabled + 1


def aois(o):
    o.w('<AddOnInstructionDefinitions>\n')
    o.w('<AddOnInstructionDefinition Name="Valve" Revision="1.3" ExecutePrescan="false" ExecutePostscan="false"\n'
        ' ExecuteEnableInFalse="false" CreatedDate="2025-01-06T08:00:00.000Z" CreatedBy="ENG\\plc"\n'
        ' EditedDate="2025-01-06T08:00:00.000Z" EditedBy="ENG\\plc" SoftwareRevision="v33.01">\n'
        '<Parameters>\n<Parameter Name="EnableIn" TagType="Base" DataType="BOOL" Usage="Input" Radix="Decimal" '
        'Required="false" Visible="false" ExternalAccess="Read Only"/>\n</Parameters>\n'
        '<LocalTags>\n<LocalTag Name="T" DataType="TIMER" ExternalAccess="None">\n'
        '<DefaultData Format="Decorated">\n<Structure DataType="TIMER">\n'
        '<DataValueMember Name="PRE" DataType="DINT" Radix="Decimal" Value="500"/>\n'
        '</Structure>\n</DefaultData>\n</LocalTag>\n</LocalTags>\n'
        '<Routines>\n<Routine Name="Logic" Type="RLL">\n<RLLContent>\n'
        '<Rung Number="0" Type="N">\n<Text>\n<![CDATA[TON(T,?,?);]]>\n</Text>\n</Rung>\n'
        '</RLLContent>\n</Routine>\n</Routines>\n</AddOnInstructionDefinition>\n')
    o.w('<EncodedData EncodedType="AddOnInstructionDefinition" Name="Dosing" Revision="2.0" '
        'SignatureID="16#4d21_a9f0"\n SignatureTimestamp="2025-01-06T08:00:00.000Z" EncryptionConfig="3">\n'
        '<Parameters>\n<Parameter Name="EnableIn" TagType="Base" DataType="BOOL" Usage="Input" '
        'Radix="Decimal" Required="false" Visible="false" ExternalAccess="Read Only"/>\n</Parameters>\n'
        + "QmFzZTY0Qm9keU9mQW5FbmNvZGVkQU9J" * 64 + '\n</EncodedData>\n')
    o.w('</AddOnInstructionDefinitions>\n')


def tag(o, rnd, name, cls, access, split):
    """One tag with data; returns its access for the counts."""
    dtype = rnd.choice(("DINT", "REAL", "UDT", "ARRAY"))
    attrs_cls = ' Class="%s"' % cls if cls else ""
    if dtype == "UDT":
        udt = "UDT_%02d" % rnd.randrange(20)
        head = '<Tag Name="%s"%s TagType="Base" DataType="%s" Constant="false"' % (name, attrs_cls, udt)
        body = ('<Data Format="L5K">\n<![CDATA[[%s]]]>\n</Data>\n<Data Format="Decorated">\n'
                '<Structure DataType="%s">\n' % (",".join(str(rnd.randrange(1000)) for _ in range(8)), udt))
        for m in range(8):
            body += ('<DataValueMember Name="M%d" DataType="%s" Radix="%s" Value="%s"/>\n'
                     % (m, "DINT" if m % 2 else "REAL", "Decimal" if m % 2 else "Float",
                        rnd.randrange(100000) if m % 2 else "%.3f" % rnd.random()))
        body += '</Structure>\n</Data>\n'
    elif dtype == "ARRAY":
        head = ('<Tag Name="%s"%s TagType="Base" DataType="DINT" Dimensions="16" Radix="Decimal" '
                'Constant="false"' % (name, attrs_cls))
        vals = [str(rnd.randrange(-50000, 50000)) for _ in range(16)]
        body = ('<Data Format="L5K">\n<![CDATA[[%s]]]>\n</Data>\n<Data Format="Decorated">\n'
                '<Array DataType="DINT" Dimensions="16" Radix="Decimal">\n' % ",".join(vals))
        for k, v in enumerate(vals):
            body += '<Element Index="[%d]" Value="%s"/>\n' % (k, v)
        body += '</Array>\n</Data>\n'
    else:
        head = ('<Tag Name="%s"%s TagType="Base" DataType="%s" Radix="%s" Constant="false"'
                % (name, attrs_cls, dtype, "Decimal" if dtype == "DINT" else "Float"))
        v = str(rnd.randrange(100000)) if dtype == "DINT" else "%.4f" % rnd.random()
        body = ('<Data Format="L5K">\n<![CDATA[%s]]>\n</Data>\n<Data Format="Decorated">\n'
                '<DataValue DataType="%s" Radix="%s" Value="%s"/>\n</Data>\n'
                % (v, dtype, "Decimal" if dtype == "DINT" else "Float", v))
    sep = "\n     " if split else " "
    o.w('%s%sExternalAccess="%s">\n<Description>\n<![CDATA[Tag %s]]>\n</Description>\n%s</Tag>\n'
        % (head, sep, access, name, body))


def pick_access(rnd):
    r = rnd.random()
    return "Read/Write" if r < 0.7 else ("Read Only" if r < 0.9 else "None")


def count(stats, access, safety):
    stats["tags"] += 1
    if access == "Read/Write":
        stats["writable"] += 1
        stats["safety_writable"] += safety
    elif access == "Read Only":
        stats["ro"] += 1
    else:
        stats["none"] += 1


def rll_routine(o, rnd, name, rungs):
    o.w('<Routine Name="%s" Type="RLL">\n<RLLContent>\n' % name)
    for r in range(rungs):
        a, b, c = rnd.randrange(1000), rnd.randrange(1000), rnd.randrange(1000)
        o.w('<Rung Number="%d" Type="N">\n<Comment>\n<![CDATA[Interlock %d of %s]]>\n</Comment>\n'
            '<Text>\n<![CDATA[XIC(T_%d.0)XIO(T_%d.1)[OTE(T_%d.2),MOV(T_%d,T_%d)];]]>\n</Text>\n</Rung>\n'
            % (r, r, name, a, b, c, a, b))
    o.w('</RLLContent>\n</Routine>\n')


def st_routine(o, rnd, name, lines):
    o.w('<Routine Name="%s" Type="ST">\n<STContent>\n' % name)
    for n in range(lines):
        o.w('<Line Number="%d">\n<![CDATA[IF T_%d > %d THEN T_%d := T_%d + 1; END_IF;]]>\n</Line>\n'
            % (n, rnd.randrange(1000), rnd.randrange(100), rnd.randrange(1000), rnd.randrange(1000)))
    o.w('</STContent>\n</Routine>\n')


def encoded_routine(o, rnd, name):
    """A source-protected routine as ForceProtectedEncoding exports it."""
    o.w('<EncodedData EncodedType="Routine" Name="%s" Type="RLL" EncryptionConfig="3">\n' % name)
    o.w("".join(rnd.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                for _ in range(64)) * 96 + "\n</EncodedData>\n")


def program(o, rnd, name, ntags, stats, cls="Standard", marker=False):
    """Tags, two long ladder routines, a structured-text routine and a
    protected routine: code dominates, as in real projects."""
    o.w('<Program Name="%s" TestEdits="false" MainRoutineName="Main" Disabled="false" Class="%s"\n'
        ' UseAsFolder="false">\n<Tags>\n' % (name, cls))
    for t in range(ntags):
        acc = pick_access(rnd)
        tag(o, rnd, "%s_T%d" % (name, t), None, acc, t % 7 == 0)
        count(stats, acc, cls == "Safety")
    o.w('</Tags>\n<Routines>\n')
    rll_routine(o, rnd, "Main", 150)
    rll_routine(o, rnd, "Sequence", 150)
    st_routine(o, rnd, "Calc", 80)
    encoded_routine(o, rnd, "Recipe")
    stats["routines"] += 4
    stats["unprotected"] += 3
    if marker:
        stats["marker_line"] = o.lines + 1
        rll_routine(o, rnd, "DEEP_MARKER_ROUTINE", 3)
        stats["routines"] += 1
        stats["unprotected"] += 1
    o.w('</Routines>\n</Program>\n')
    stats["programs"] += 1


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: gen-l5x.py SIZE_MB OUT\n")
        return 2
    size = float(sys.argv[1]) * MiB
    rnd = random.Random(62443)
    ctrl = "Big_GL"
    stats = {"tags": 0, "writable": 0, "ro": 0, "none": 0, "safety_writable": 0,
             "programs": 0, "routines": 0, "unprotected": 0, "marker_line": 0}
    ctl = dict(stats)
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
        o = Out(f)
        header(o, ctrl)
        datatypes(o)
        nmod, disabled = modules(o, rnd, max(10, int(size / MiB)))
        aois(o)
        # controller tags: about a fifth of the file
        o.w('<Tags>\n')
        n = 0
        while o.bytes < size * 0.2:
            acc = pick_access(rnd)
            safety = n % 50 == 0
            tag(o, rnd, "T_%d" % n, "Safety" if safety else "Standard", acc, n % 5 == 0)
            count(ctl, acc, safety)
            n += 1
        o.w('</Tags>\n<Programs>\n')
        # standard programs until the size is (nearly) reached
        p = 0
        tail = 200 * 1024  # what the closing part takes
        while o.bytes < size - tail:
            program(o, rnd, "P%04d" % p, 30, stats)
            p += 1
        program(o, rnd, "DeepProgram", 5, stats, marker=True)
        program(o, rnd, "SafetyProgram", 10, stats, cls="Safety")
        o.w('</Programs>\n<Tasks>\n'
            '<Task Name="MainTask" Type="CONTINUOUS" Priority="10" Watchdog="500" DisableUpdateOutputs="false"'
            ' InhibitTask="false" Class="Standard">\n<ScheduledPrograms>\n')
        for k in range(p):
            o.w('<ScheduledProgram Name="P%04d"/>\n' % k)
        o.w('<ScheduledProgram Name="DeepProgram"/>\n</ScheduledPrograms>\n</Task>\n'
            '<Task Name="SafetyTask" Type="PERIODIC" Rate="20" Priority="10" Watchdog="20"'
            ' DisableUpdateOutputs="false" InhibitTask="false" Class="Safety">\n<ScheduledPrograms>\n'
            '<ScheduledProgram Name="SafetyProgram"/>\n</ScheduledPrograms>\n</Task>\n</Tasks>\n'
            '<CST MasterID="0"/>\n<WallClockTime LocalTimeAdjustment="0" TimeZone="0"/>\n<Trends/>\n<DataLogs/>\n'
            '<TimeSynchronize Priority1="128" Priority2="128" PTPEnable="true"/>\n'
            '<EthernetPorts>\n<EthernetPort Port="1" Label="1" PortEnabled="true"/>\n</EthernetPorts>\n'
            '</Controller>\n</RSLogix5000Content>\n')
        total = o.bytes
    print("bytes=%d controller_tags=%d controller_writable=%d controller_ro=%d controller_none=%d "
          "controller_safety_writable=%d program_tags=%d program_writable=%d programs=%d routines=%d "
          "unprotected_routines=%d modules=%d ekey_disabled=%d marker_line=%d"
          % (total, ctl["tags"], ctl["writable"], ctl["ro"], ctl["none"], ctl["safety_writable"],
             stats["tags"], stats["writable"], stats["programs"], stats["routines"], stats["unprotected"],
             nmod, disabled,
             stats["marker_line"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
