#!/usr/bin/env python3
"""gen-xml.py [--seed S] N OUTDIR - write N small controller exports of 5-20
KB into OUTDIR, for the benchmark (tests/bench/bench.sh): in turn a Logix
5000 L5X controller export (x000.L5X), a TIA Portal Openness SimaticML
export (a global DB, a PLC tag table or an SCL function block, x001.xml) and
a PLCopen TC6 XML project (x002.xml), so that the rockwell-l5x, siemens-tia
and plcopen-xml plugins each get a third of the files.

COMPOSED data, not from any device or tool.  The shapes follow the real
exports in shared/corpus (rockwell_l5x, plcopen) and the fixtures in
tests/formats (rockwell-l5x, siemens-tia, plcopen-xml), whose headers name
their sources (1756-RM014, TIA Openness manual, PLCopen TC6 v2.01 schema),
and tests/gen-l5x.py.  Names, addresses and values are invented; nothing in
them is a credential.

Deterministic: file i depends only on (seed, i).  Prints "files=N bytes=B".

gen-xml.py --plcopen-big MB FILE - one PLCopen TC6 v2.01 project of about MB
MiB for row (c) of the benchmark (issue 23): structured data types, then
programs, function blocks and functions with input, output and local
variables (some with initial values and documentation) and ST bodies of 50
to 1,200 lines, one in twelve with an FBD body instead; a configuration
with resources, cyclic and event tasks, POU instances and global variables
with addresses.  About 80 raw skeleton elements per POU of about 30 KB, so
200 MiB stay well under the element budget (OTL_MAX_NODES).  Prints
"bytes=B pous=P".
"""
import os
import random
import sys

UNITS = ("Mixer", "Dosing", "Filler", "Conveyor", "Press", "Oven", "Pump", "Valve", "Tank", "Robot")
TYPES_L5X = ("DINT", "REAL", "BOOL", "INT", "TIMER")
TYPES_TIA = ("Bool", "Int", "DInt", "Real", "Word", "Time", "LReal", "UDInt")
TYPES_IEC = ("BOOL", "INT", "DINT", "REAL", "TIME", "WORD")


def l5x(r, i):
    name = "%s_%03d" % (r.choice(UNITS), i % 1000)
    o = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
         '<RSLogix5000Content SchemaRevision="1.0" SoftwareRevision="%d.01" TargetName="%s" '
         'TargetType="Controller" ContainsContext="false"\n ExportDate="Mon Jun 02 08:00:00 2025" '
         'ExportOptions="NoRawData L5KData DecoratedData ForceProtectedEncoding AllProjDocTrans">\n'
         % (r.choice((32, 33, 34, 35)), name)]
    safety = r.random() < 0.3
    cpu = "1756-L83ES" if safety else r.choice(("1756-L83E", "1769-L33ER", "5069-L320ER"))
    o.append('<Controller Use="Target" Name="%s" ProcessorType="%s" MajorRev="33" MinorRev="11"\n'
             ' ProjectCreationDate="Mon Jan 06 08:00:00 2025" LastModifiedDate="Mon Jun 02 07:59:00 2025"\n'
             ' SFCExecutionControl="CurrentActive" SFCRestartPosition="MostRecent" SFCLastScan="DontScan"\n'
             ' ProjectSN="16#0000_0000" MatchProjectToController="%s" CanUseRPIFromProducer="false"\n'
             ' InhibitAutomaticFirmwareUpdate="0" PassThroughConfiguration="EnabledWithAppend"\n'
             ' WebServerEnabled="%s">\n'
             % (name, cpu, r.choice(("true", "false")), r.choice(("true", "false"))))
    o.append('<Description>\n<![CDATA[%s line controller]]>\n</Description>\n' % name)
    o.append('<RedundancyInfo Enabled="false" KeepTestEditsOnSwitchOver="false"/>\n')
    o.append('<Security Code="0" ChangesToDetect="%s"/>\n'
             % r.choice(("16#ffff_ffff_ffff_ffff", "16#0000_0000_0000_0000")))
    if safety:
        o.append('<SafetyInfo SafetyLocked="%s" SignatureRunModeProtect="false" ConfigureSafetyIOAlways="false"'
                 ' SafetyLevel="SIL3/PLe"/>\n' % r.choice(("true", "false")))
    o.append('<DataTypes>\n<DataType Name="UDT_%s" Family="NoFamily" Class="User">\n<Members>\n' % name)
    for m in range(6):
        o.append('<Member Name="M%d" DataType="%s" Dimension="0" Radix="Decimal" Hidden="false" '
                 'ExternalAccess="Read/Write"/>\n' % (m, ("DINT", "REAL")[m % 2]))
    o.append('</Members>\n</DataType>\n</DataTypes>\n<Modules>\n')
    o.append('<Module Name="Local" CatalogNumber="%s" Vendor="1" ProductType="14" ProductCode="213" Major="33" '
             'Minor="11" ParentModule="Local" ParentModPortId="1" Inhibited="false" MajorFault="true">\n'
             '<EKey State="Disabled"/>\n<Ports>\n<Port Id="1" Address="0" Type="ICP" Upstream="false">\n'
             '<Bus Size="10"/>\n</Port>\n</Ports>\n</Module>\n' % cpu)
    for m in range(r.randrange(2, 7)):
        o.append('<Module Name="IO_%02d" CatalogNumber="1734-AENTR/B" Vendor="1" ProductType="12" ProductCode="161" '
                 'Major="5" Minor="%d" ParentModule="Local" ParentModPortId="1" Inhibited="false" MajorFault="false">\n'
                 '<EKey State="%s"/>\n<Ports>\n<Port Id="2" Address="192.168.%d.%d" Type="Ethernet" Upstream="true"/>\n'
                 '</Ports>\n</Module>\n'
                 % (m, 1 + m, r.choice(("ExactMatch", "CompatibleModule", "Disabled")), i % 250, 10 + m))
    o.append('</Modules>\n<Tags>\n')
    for t in range(r.randrange(8, 40)):
        dt = r.choice(TYPES_L5X[:4])
        acc = r.choice(("Read/Write", "Read/Write", "Read Only", "None"))
        v = r.randrange(1000) if dt != "REAL" else "%.2f" % (r.random() * 100)
        o.append('<Tag Name="%s_%d" TagType="Base" DataType="%s" Radix="%s" Constant="false" ExternalAccess="%s">\n'
                 '<Data Format="L5K">\n<![CDATA[%s]]>\n</Data>\n<Data Format="Decorated">\n'
                 '<DataValue DataType="%s" Radix="%s" Value="%s"/>\n</Data>\n</Tag>\n'
                 % (("SP", "PV", "CMD", "STS")[t % 4], t, dt, "Float" if dt == "REAL" else "Decimal", acc,
                    v, dt, "Float" if dt == "REAL" else "Decimal", v))
    o.append('</Tags>\n<Programs>\n')
    progs = r.randrange(1, 4)
    for p in range(progs):
        o.append('<Program Name="P%d_%s" TestEdits="false" MainRoutineName="Main" Disabled="false" '
                 'Class="Standard" UseAsFolder="false">\n<Tags>\n' % (p, name))
        for t in range(r.randrange(2, 8)):
            o.append('<Tag Name="L%d" TagType="Base" DataType="DINT" Radix="Decimal" ExternalAccess="%s">\n'
                     '<Data Format="L5K">\n<![CDATA[0]]>\n</Data>\n</Tag>\n'
                     % (t, r.choice(("Read/Write", "Read Only", "None"))))
        o.append('</Tags>\n<Routines>\n<Routine Name="Main" Type="RLL">\n<RLLContent>\n')
        for n in range(r.randrange(3, 12)):
            o.append('<Rung Number="%d" Type="N">\n<Text>\n<![CDATA[XIC(CMD_%d)XIO(STS_%d)OTE(L%d);]]>\n</Text>\n'
                     '</Rung>\n' % (n, n, n + 1, n % 2))
        o.append('</RLLContent>\n</Routine>\n')
        if r.random() < 0.4:
            o.append('<EncodedData EncodedType="Routine" Name="Recipe" Type="RLL" EncryptionConfig="3">\n'
                     + "QmVuY2hGYWtlRW5jb2RlZFJvdXRpbmU=" * 8 + '\n</EncodedData>\n')
        o.append('</Routines>\n</Program>\n')
    o.append('</Programs>\n<Tasks>\n<Task Name="MainTask" Type="CONTINUOUS" Priority="10" Watchdog="500" '
             'DisableUpdateOutputs="false" InhibitTask="false" Class="Standard">\n<ScheduledPrograms>\n')
    for p in range(progs):
        o.append('<ScheduledProgram Name="P%d_%s"/>\n' % (p, name))
    o.append('</ScheduledPrograms>\n</Task>\n</Tasks>\n'
             '<TimeSynchronize Priority1="128" Priority2="128" PTPEnable="%s"/>\n'
             '</Controller>\n</RSLogix5000Content>\n' % r.choice(("true", "false")))
    return "".join(o)


def tia_flags(r, ind):
    acc = r.random() < 0.8
    wr = acc and r.random() < 0.6
    if r.random() < 0.3:
        return ""  # flags at their defaults are not exported
    return ('%s<AttributeList>\n'
            '%s  <BooleanAttribute Name="ExternalAccessible" SystemDefined="true">%s</BooleanAttribute>\n'
            '%s  <BooleanAttribute Name="ExternalVisible" SystemDefined="true">%s</BooleanAttribute>\n'
            '%s  <BooleanAttribute Name="ExternalWritable" SystemDefined="true">%s</BooleanAttribute>\n'
            '%s</AttributeList>\n' % (ind, ind, str(acc).lower(), ind, str(acc).lower(), ind, str(wr).lower(), ind))


def tia_head(kind):
    return ('<?xml version="1.0" encoding="utf-8"?>\n<Document>\n  <Engineering version="%s" />\n'
            '  <DocumentInfo>\n    <Created>2025-06-02T08:00:00.0000000Z</Created>\n'
            '    <ExportSetting>None</ExportSetting>\n  </DocumentInfo>\n  <%s ID="0">\n    <AttributeList>\n'
            % (kind[0], kind[1]))


def tia(r, i):
    ver = r.choice(("V16", "V17", "V18", "V19"))
    kind = i // 3 % 3
    if kind == 2:  # tag table
        o = [tia_head((ver, "SW.Tags.PlcTagTable")),
             '      <Name>IO_%s_%d</Name>\n    </AttributeList>\n    <ObjectList>\n' % (r.choice(UNITS), i)]
        for t in range(r.randrange(12, 45)):
            acc = r.random() < 0.8
            o.append('      <SW.Tags.PlcTag ID="%d" CompositionName="Tags">\n        <AttributeList>\n'
                     '          <DataTypeName>%s</DataTypeName>\n'
                     '          <ExternalAccessible>%s</ExternalAccessible>\n'
                     '          <ExternalVisible>true</ExternalVisible>\n'
                     '          <ExternalWritable>%s</ExternalWritable>\n'
                     '          <LogicalAddress>%%M%d.%d</LogicalAddress>\n          <Name>Tag_%d</Name>\n'
                     '        </AttributeList>\n      </SW.Tags.PlcTag>\n'
                     % (t + 1, r.choice(TYPES_TIA), str(acc).lower(), str(acc and r.random() < 0.5).lower(),
                        t, t % 8, t))
        o.append('    </ObjectList>\n  </SW.Tags.PlcTagTable>\n</Document>\n')
        return "".join(o)
    blk = "SW.Blocks.GlobalDB" if kind == 0 else "SW.Blocks.FB"
    o = [tia_head((ver, blk)),
         '      <AutoNumber>true</AutoNumber>\n'
         '      <DBAccessibleFromOPCUA>%s</DBAccessibleFromOPCUA>\n' % r.choice(("true", "false")) if kind == 0 else
         '      <AutoNumber>true</AutoNumber>\n',
         '      <Interface><Sections xmlns="http://www.siemens.com/automation/Openness/SW/Interface/v5">\n']
    sections = ("Static",) if kind == 0 else ("Input", "Output", "InOut", "Static")
    for sec in sections:
        o.append('  <Section Name="%s">\n' % sec)
        for m in range(r.randrange(16, 48) // len(sections) + 1):
            o.append('    <Member Name="%s_%d" Datatype="%s" Remanence="NonRetain" Accessibility="Public">\n'
                     % (sec, m, r.choice(TYPES_TIA)))
            o.append(tia_flags(r, "      "))
            if r.random() < 0.3:
                o.append('      <StartValue>%d</StartValue>\n' % r.randrange(100))
            o.append('    </Member>\n')
        o.append('  </Section>\n')
    if kind == 1:
        o.append('  <Section Name="Temp" />\n  <Section Name="Constant" />\n')
    lang = "DB" if kind == 0 else r.choice(("SCL", "LAD", "FBD"))
    o.append('</Sections></Interface>\n'
             '      <IsKnowHowProtected>%s</IsKnowHowProtected>\n'
             '      <MemoryLayout>Optimized</MemoryLayout>\n      <Name>%s_%d</Name>\n'
             '      <Number>%d</Number>\n      <ProgrammingLanguage>%s</ProgrammingLanguage>\n'
             '    </AttributeList>\n    <ObjectList>\n'
             % (r.choice(("true", "false")), ("DB_" if kind == 0 else "FB_") + r.choice(UNITS), i,
                1 + i % 600, lang))
    if kind == 1:
        for n in range(r.randrange(2, 8)):
            o.append('      <SW.Blocks.CompileUnit ID="%X" CompositionName="CompileUnits">\n        <AttributeList>\n'
                     '          <NetworkSource><StructuredText xmlns="http://www.siemens.com/automation/Openness/SW/'
                     'NetworkSource/StructuredText/v3">\n  <Token Text="#Output_0" UId="21" />\n'
                     '</StructuredText></NetworkSource>\n          <ProgrammingLanguage>SCL</ProgrammingLanguage>\n'
                     '        </AttributeList>\n      </SW.Blocks.CompileUnit>\n' % (n + 3))
    o.append('      <MultilingualText ID="1" CompositionName="Comment">\n        <ObjectList>\n'
             '          <MultilingualTextItem ID="2" CompositionName="Items">\n            <AttributeList>\n'
             '              <Culture>en-US</Culture>\n              <Text>generated for the benchmark</Text>\n'
             '            </AttributeList>\n          </MultilingualTextItem>\n        </ObjectList>\n'
             '      </MultilingualText>\n    </ObjectList>\n  </%s>\n</Document>\n' % blk)
    return "".join(o)


def plcopen(r, i):
    name = "%s_%d" % (r.choice(UNITS), i)
    o = ['<?xml version="1.0" encoding="utf-8"?>\n'
         '<project xmlns="http://www.plcopen.org/xml/tc6_0201" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
         '  <fileHeader companyName="Example Automation" productName="%s" productVersion="%s"\n'
         '              creationDateTime="2025-06-02T08:00:00"/>\n'
         '  <contentHeader name="%s" modificationDateTime="2025-06-02T08:00:00">\n'
         '    <coordinateInfo>\n      <fbd><scaling x="1" y="1"/></fbd>\n      <ld><scaling x="1" y="1"/></ld>\n'
         '      <sfc><scaling x="1" y="1"/></sfc>\n    </coordinateInfo>\n  </contentHeader>\n'
         '  <types>\n    <dataTypes/>\n    <pous>\n'
         % (r.choice(("Beremiz", "OpenPLC Editor")), r.choice(("1.3", "1.4", "3.0")), name)]
    npou = r.randrange(4, 12)
    for p in range(npou):
        o.append('      <pou name="POU_%d" pouType="%s">\n        <interface>\n          <localVars>\n'
                 % (p, "program" if p < 2 else "functionBlock"))
        for v in range(r.randrange(3, 12)):
            o.append('            <variable name="V%d"><type><%s/></type></variable>\n' % (v, r.choice(TYPES_IEC)))
        o.append('          </localVars>\n        </interface>\n        <body>\n          <ST>\n'
                 '            <xhtml:p><![CDATA[')
        for n in range(r.randrange(6, 20)):
            o.append('IF V%d THEN V%d := V%d + 1; END_IF;\n' % (n % 3, n % 5, n % 4))
        o.append(']]></xhtml:p>\n          </ST>\n        </body>\n      </pou>\n')
    o.append('    </pous>\n  </types>\n  <instances>\n    <configurations>\n'
             '      <configuration name="Config0">\n        <resource name="Res0">\n'
             '          <task name="Main" priority="1" interval="T#%dms">\n' % r.choice((10, 20, 50, 100)))
    for p in range(2):
        o.append('            <pouInstance name="I%d" typeName="POU_%d"/>\n' % (p, p))
    o.append('          </task>\n          <globalVars>\n')
    for v in range(r.randrange(3, 20)):
        o.append('            <variable name="G%d" address="%%MW%d"><type><%s/></type></variable>\n'
                 % (v, v, r.choice(TYPES_IEC)))
    o.append('          </globalVars>\n        </resource>\n      </configuration>\n'
             '    </configurations>\n  </instances>\n</project>\n')
    return "".join(o)


ST_LINES = (
    "IF %(a)s > %(b)s THEN %(c)s := %(c)s + 1; END_IF;",
    "%(c)s := LIMIT(0, %(a)s * 3 + %(b)s, 32000);",
    "CASE %(s)s OF 0: %(c)s := 0; 1: %(c)s := %(a)s; ELSE %(c)s := %(b)s; END_CASE;",
    "FOR i := 1 TO 10 DO %(c)s := %(c)s + i; END_FOR;",
    "(* step %(n)d: hold the value while the interlock is open *)",
    "IF NOT %(x)s AND %(y)s THEN %(x)s := TRUE; ELSIF %(x)s THEN %(y)s := FALSE; END_IF;",
    "fbTon%(n)d(IN := %(x)s, PT := T#%(t)dMS); %(y)s := fbTon%(n)d.Q;",
)


def plcopen_pou(r, p, out):
    kind = ("program", "functionBlock", "functionBlock", "function")[p % 4]
    unit = "%s_%d" % (UNITS[p % len(UNITS)], p)
    out.append('      <pou name="%s" pouType="%s">\n' % (unit, kind))
    if kind == "function":
        out.append('        <interface>\n          <returnType><INT/></returnType>\n')
    else:
        out.append('        <interface>\n')
    ints, bools = [], []
    for block in ("inputVars", "outputVars", "localVars"):
        out.append('          <%s>\n' % block)
        for v in range(r.randrange(2, 11)):
            t = r.choice(TYPES_IEC)
            n = "%s%s%d" % (block[0], t.capitalize(), v)
            (bools if t == "BOOL" else ints).append(n)
            out.append('            <variable name="%s"><type><%s/></type>' % (n, t))
            if r.random() < 0.3:
                out.append('<initialValue><simpleValue value="%s"/></initialValue>'
                           % ("FALSE" if t == "BOOL" else "T#100MS" if t == "TIME" else str(r.randrange(100))))
            if r.random() < 0.2:
                out.append('<documentation><xhtml:p><![CDATA[%s of %s]]></xhtml:p></documentation>' % (n, unit))
            out.append('</variable>\n')
        out.append('          </%s>\n' % block)
    out.append('        </interface>\n        <body>\n')
    ints = ints or ["x"]
    bools = bools or ["b"]
    if p % 12 == 11:
        out.append('          <FBD>\n')
        for b in range(r.randrange(3, 30)):
            out.append('            <block localId="%d" typeName="ADD" width="60" height="40">'
                       '<position x="%d" y="%d"/><inputVariables><variable formalParameter="IN1">'
                       '<connectionPointIn/></variable></inputVariables><inOutVariables/>'
                       '<outputVariables><variable formalParameter="OUT"><connectionPointOut/>'
                       '</variable></outputVariables></block>\n' % (b + 1, 40 * b, 20 * b))
        out.append('          </FBD>\n')
    else:
        out.append('          <ST>\n            <xhtml:p><![CDATA[')
        for n in range(r.randrange(50, 1200)):
            out.append(r.choice(ST_LINES) % {
                "a": r.choice(ints), "b": r.choice(ints), "c": r.choice(ints), "s": r.choice(ints),
                "x": r.choice(bools), "y": r.choice(bools), "n": n % 8, "t": 10 * (n % 50 + 1)})
            out.append("\n")
        out.append(']]></xhtml:p>\n          </ST>\n')
    out.append('        </body>\n      </pou>\n')
    return unit


def plcopen_big(mb, path):
    r = random.Random(62443)
    goal = mb * 1024 * 1024
    head = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<project xmlns="http://www.plcopen.org/xml/tc6_0201" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            '  <fileHeader companyName="Example Automation" productName="Beremiz" productVersion="1.4"\n'
            '              creationDateTime="2025-06-02T08:00:00"/>\n'
            '  <contentHeader name="BigPlant" modificationDateTime="2025-06-02T08:00:00">\n'
            '    <coordinateInfo>\n      <fbd><scaling x="1" y="1"/></fbd>\n      <ld><scaling x="1" y="1"/></ld>\n'
            '      <sfc><scaling x="1" y="1"/></sfc>\n    </coordinateInfo>\n  </contentHeader>\n'
            '  <types>\n    <dataTypes>\n')
    total = 0
    units = []
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        o = [head]
        for d in range(40):
            o.append('      <dataType name="T_Recipe%d">\n        <baseType>\n          <struct>\n' % d)
            for m in range(r.randrange(3, 12)):
                o.append('            <variable name="m%d"><type><%s/></type></variable>\n'
                         % (m, r.choice(TYPES_IEC)))
            o.append('          </struct>\n        </baseType>\n      </dataType>\n')
        o.append('    </dataTypes>\n    <pous>\n')
        tail_reserve = 64 * 1024
        p = 0
        while True:
            text = "".join(o)
            f.write(text)
            total += len(text)
            if total + tail_reserve >= goal:
                break
            o = []
            units.append(plcopen_pou(r, p, o))
            p += 1
        o = ['    </pous>\n  </types>\n  <instances>\n    <configurations>\n'
             '      <configuration name="Plant">\n']
        for res in range(4):
            o.append('        <resource name="CPU%d">\n' % res)
            for t in range(3):
                if t == 2:
                    o.append('          <task name="Alarm%d" priority="%d" single="bAlarm%d">\n' % (res, t + 1, res))
                else:
                    o.append('          <task name="Cyc%d_%d" priority="%d" interval="T#%dms">\n'
                             % (res, t, t + 1, (10, 100)[t]))
                for k in range(40):
                    u = units[(res * 120 + t * 40 + k) % len(units)] if units else "none"
                    o.append('            <pouInstance name="I_%s_%d" typeName="%s"/>\n' % (u, k, u))
                o.append('          </task>\n')
            o.append('          <globalVars>\n')
            for v in range(200):
                o.append('            <variable name="G%d_%d" address="%%MW%d"><type><%s/></type></variable>\n'
                         % (res, v, v, r.choice(TYPES_IEC)))
            o.append('          </globalVars>\n        </resource>\n')
        o.append('      </configuration>\n    </configurations>\n  </instances>\n</project>\n')
        text = "".join(o)
        f.write(text)
        total += len(text)
    print("bytes=%d pous=%d" % (total, len(units)))
    return 0


def main(argv):
    seed = 62443
    args = list(argv[1:])
    if len(args) == 3 and args[0] == "--plcopen-big":
        return plcopen_big(int(args[1]), args[2])
    if len(args) == 4 and args[0] == "--seed":
        seed = int(args[1])
        args = args[2:]
    if len(args) != 2:
        sys.stderr.write("usage: gen-xml.py [--seed S] N OUTDIR\n")
        return 2
    n, out = int(args[0]), args[1]
    os.makedirs(out, exist_ok=True)
    total = 0
    for i in range(n):
        r = random.Random(seed * 1000003 + i)
        kind = i % 3
        text = (l5x, tia, plcopen)[kind](r, i)
        with open(os.path.join(out, "x%05d.%s" % (i, "L5X" if kind == 0 else "xml")), "w",
                  encoding="utf-8", newline="\n") as f:
            f.write(text)
        total += len(text)
    print("files=%d bytes=%d" % (n, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
