#!/usr/bin/env python3
"""gen-tia.py - large Siemens TIA Portal exports (SimaticML, TIA Openness
Export() of a PLC tag table, V17 shape: tests/formats/siemens-tia/tagtable.xml),
for tests/hostile/tia.sh and row (c) of `make bench`.

    gen-tia.py tags FILE MB    a tag table of MB MiB: tags of every access
                               kind, each with a comment in five languages
                               (the comments are not kept: about 9 elements
                               of the raw tree per 1.9 KiB)
    gen-tia.py flood FILE MB   a tag table whose one tag holds MB MiB of
                               empty unknown elements (<x/>), the element flood
                               of issue 23: the element budget stops it

Deterministic: the same arguments give the same bytes.
"""
import sys

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n<Document>\n'
        '  <Engineering version="V17" />\n'
        '  <DocumentInfo>\n    <Created>2024-03-01T10:00:00.0000000Z</Created>\n'
        '    <ExportSetting>WithDefaults</ExportSetting>\n  </DocumentInfo>\n'
        '  <SW.Tags.PlcTagTable ID="0">\n    <AttributeList>\n      <Name>Big tags</Name>\n'
        '    </AttributeList>\n    <ObjectList>\n')
TAIL = '    </ObjectList>\n  </SW.Tags.PlcTagTable>\n</Document>\n'
LANGS = ("en-US", "de-DE", "fr-FR", "it-IT", "zh-CN")
FLAGS = (("true", "true"), ("true", "false"), ("false", "false"))
TYPES = ("Bool", "Int", "DInt", "Real", "Word")


def tag(i):
    acc, wr = FLAGS[i % 3]
    items = "".join(
        '              <MultilingualTextItem ID="%X" CompositionName="Items">\n'
        '                <AttributeList>\n                  <Culture>%s</Culture>\n'
        '                  <Text>Tag %d: motor %d of line %d, conveyor section %d, '
        'measured value and limit for the %s operator panel</Text>\n'
        '                </AttributeList>\n              </MultilingualTextItem>\n'
        % (4 * i + 3 + k, lang, i, i % 97, i % 13, i % 7, lang) for k, lang in enumerate(LANGS))
    return ('      <SW.Tags.PlcTag ID="%X" CompositionName="Tags">\n'
            '        <AttributeList>\n          <DataTypeName>%s</DataTypeName>\n'
            '          <ExternalAccessible>%s</ExternalAccessible>\n'
            '          <ExternalVisible>true</ExternalVisible>\n'
            '          <ExternalWritable>%s</ExternalWritable>\n'
            '          <LogicalAddress>%%M%d.%d</LogicalAddress>\n'
            '          <Name>Tag_%d</Name>\n        </AttributeList>\n'
            '        <ObjectList>\n          <MultilingualText ID="%X" CompositionName="Comment">\n'
            '            <ObjectList>\n%s            </ObjectList>\n'
            '          </MultilingualText>\n        </ObjectList>\n      </SW.Tags.PlcTag>\n'
            % (4 * i + 1, TYPES[i % 5], acc, wr, i // 8, i % 8, i, 4 * i + 2, items))


def main(argv):
    if len(argv) != 4 or argv[1] not in ("tags", "flood"):
        sys.stderr.write(__doc__)
        return 2
    mode, path, size = argv[1], argv[2], int(float(argv[3]) * 1048576)
    with open(path, "w") as f:
        f.write(HEAD)
        n = len(HEAD) + len(TAIL)
        if mode == "tags":
            i = 0
            while n < size:
                t = tag(i)
                f.write(t)
                n += len(t)
                i += 1
        else:
            f.write('      <SW.Tags.PlcTag ID="1" CompositionName="Tags">\n'
                    '        <AttributeList>\n          <Name>flood</Name>\n')
            line = "<x/>" * 255 + "\n"
            while n < size:
                f.write(line)
                n += len(line)
            f.write('        </AttributeList>\n      </SW.Tags.PlcTag>\n')
        f.write(TAIL)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
