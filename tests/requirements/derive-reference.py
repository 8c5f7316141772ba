#!/usr/bin/env python3
"""derive-reference.py - the requirement table of the IEC 62443 reference notes.

Usage: derive-reference.py PATH/iec62443-requirements-and-checks.md > reference.tsv

Reads sections 1 (62443-3-3 SRs/REs), 2 (62443-4-2 CRs/REs), 3 and 3a
(62443-2-1 SPEs, sub-elements, numbered requirements) and 4 (62443-2-4
functional areas and numbered requirements) of the reference notes and
prints one TSV row per catalog entry, in the order otlint loads them
(baselines/requirements/*.xml sorted by name: 2-1, 2-4, 3-3, 4-2; inside a
file: groups in order, each followed by its members, nested ones under
their parent, members sorted by number).

Columns: standard, id, level, parent id, fr, sl, title, confidence, abbrev,
note.  Empty cell = none (sl and fr are 0 when not tied to one).

tests/requirements/reference.tsv is this output, committed;
tests/requirements.sh re-derives it and compares, and
tests/unit/check_catalog.c compares the loaded catalogs with it row for row.
The parser is strict: a row shape it does not know is an error (exit 1), so
a change of the reference cannot slip through half-read.
"""
import re
import sys

STD = {
    "3-3": "IEC 62443-3-3",
    "4-2": "IEC 62443-4-2",
    "2-1": "IEC 62443-2-1",
    "2-4": "IEC 62443-2-4",
}

# Foundational requirements: the reference's group rows give number and
# abbreviation ("**FR1 IAC**"); the names are the FR names of IEC 62443-1-1/3-3.
FR_TITLES = {
    1: "Identification and authentication control",
    2: "Use control",
    3: "System integrity",
    4: "Data confidentiality",
    5: "Restricted data flow",
    6: "Timely response to events",
    7: "Resource availability",
}
FR_ABBREV = {1: "IAC", 2: "UC", 3: "SI", 4: "DC", 5: "RDF", 6: "TRE", 7: "RA"}


class RefError(Exception):
    pass


def fail(msg):
    raise RefError(msg)


def sections(text):
    """{'1': [lines], '2': [...], '3': [...], '3a': [...], '4': [...]}"""
    out = {}
    cur = None
    for line in text.splitlines():
        m = re.match(r"^(##+) (\d+a?)\. ", line)
        if m:
            cur = m.group(2)
            out[cur] = []
            continue
        if line.startswith("## "):
            cur = None
        elif cur is not None:
            out[cur].append(line)
    for s in ("1", "2", "3", "3a", "4"):
        if s not in out:
            fail("section %s not found" % s)
    return out


def table_rows(lines):
    """The body rows of the first table in `lines`, as lists of cells."""
    rows = []
    seen_sep = False
    for line in lines:
        if not line.startswith("|"):
            if seen_sep:
                break
            continue
        if re.match(r"^\|[-| ]+\|$", line):
            seen_sep = True
            continue
        if not seen_sep:
            continue  # header
        cells = line.strip()[1:-1].split("|")
        rows.append([c.strip() for c in cells])
    if not rows:
        fail("no table")
    return rows


def split_outside_parens(s, sep):
    """Split `s` on `sep` where it is not inside parentheses."""
    parts, depth, cur, i = [], 0, "", 0
    while i < len(s):
        if s.startswith(sep, i) and depth == 0:
            parts.append(cur)
            cur = ""
            i += len(sep)
            continue
        c = s[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        cur += c
        i += 1
    parts.append(cur)
    return [p.strip() for p in parts]


def unbold(s):
    return re.sub(r"\*\*([^*]*)\*\*", r"\1", s).strip()


def parse_sl(s):
    s = unbold(s)
    if not re.fullmatch(r"[1-4]", s):
        fail("bad SL %r" % s)
    return int(s)


def remark(text):
    """'(**U**: the xtext tool gives 2)' -> ('U', 'the xtext tool gives 2');
    '(some note)' -> (None, 'some note')."""
    m = re.fullmatch(r"\*\*([VMU])\*\*: (.+)", text)
    if m:
        return m.group(1), m.group(2)
    return None, text


def entry(std, id_, level, parent, fr, sl, title, conf, abbrev=None, note=None):
    return {"std": std, "id": id_, "level": level, "parent": parent, "fr": fr, "sl": sl,
            "title": title, "conf": conf, "abbrev": abbrev, "note": note}


def number_key(id_):
    """'SR 1.10' -> (1, 10); 'USER 2.1' -> (2, 1); 'SP.03.05' -> (3, 5)."""
    nums = re.findall(r"\d+", id_)
    return tuple(int(n) for n in nums)


# ------------------------------------------------------------ 3-3 and 4-2

RE_ITEM = re.compile(
    r"(?:(?P<owner>[A-Z]+ \d+\.\d+) )?RE(?P<n>\d+) (?P<title>.+?)→(?P<sl>\*\*\d\*\*|\d)"
    r"(?: \((?P<remark>.+)\))?")


def parse_res(cell):
    """The RE cell: [(owner or None, n, title, sl, conf, note, row_note)]."""
    if cell in ("–", "-"):
        return []
    out = []
    for item in split_outside_parens(cell, "; "):
        m = RE_ITEM.fullmatch(item)
        if not m:
            fail("RE item not understood: %r" % item)
        conf, note, row_note = None, None, None
        if m.group("remark"):
            conf, note = remark(m.group("remark"))
            # A remark about "this row" concerns the requirement, not its RE.
            if conf is None and "this row" in note:
                row_note, note = note, None
        out.append((m.group("owner"), int(m.group("n")), m.group("title").strip(),
                    parse_sl(m.group("sl")), conf, note, row_note))
    return out


def expand_ids(cell):
    """'CR 1.3 / CR 1.4' -> [(['CR'], '1.3'), (['CR'], '1.4')];
    'CR 1.10 / 1.11' -> prefixes carried; 'EDR/HDR/NDR 3.12 / 3.13' likewise."""
    out, prefixes = [], None
    for part in cell.split(" / "):
        m = re.fullmatch(r"(?:(?P<p>[A-Z]+(?:/[A-Z]+)*) )?(?P<n>\d+\.\d+)", part.strip())
        if not m or (m.group("p") is None and prefixes is None):
            fail("requirement id cell not understood: %r" % cell)
        if m.group("p"):
            prefixes = m.group("p").split("/")
        out.append((prefixes, m.group("n")))
    return out


def fr_groups(std, members):
    """Groups FR 1..7 with their members (sorted by number, stable)."""
    rows = []
    for fr in range(1, 8):
        rows.append(entry(std, "FR %d" % fr, 0, None, fr, 0, FR_TITLES[fr], "V", FR_ABBREV[fr]))
        mine = [m for m in members if m["req"]["fr"] == fr]
        mine.sort(key=lambda m: number_key(m["req"]["id"]))
        for m in mine:
            rows.append(m["req"])
            rows.extend(m["res"])
    return rows


def make_member(std, id_, fr, sl, title, conf, res, note=None):
    req = entry(std, id_, 1, "FR %d" % fr, fr, sl, title, conf, None, note)
    out = []
    for owner, n, rtitle, rsl, rconf, rnote, row_note in res:
        if owner is not None and owner != id_:
            continue
        if row_note:
            req["note"] = row_note if req["note"] is None else req["note"] + "; " + row_note
        if rsl < sl:
            fail("%s RE %d: SL %d below the requirement's %d" % (id_, n, rsl, sl))
        out.append(entry(std, "%s RE %d" % (id_, n), 2, id_, fr, rsl, rtitle, rconf or conf,
                         None, rnote))
    return {"req": req, "res": out}


def parse_33(lines):
    std = STD["3-3"]
    members, fr = [], None
    for cells in table_rows(lines):
        if len(cells) == 4 and cells[1] == cells[2] == cells[3] == "":
            m = re.fullmatch(r"\*\*FR(\d) ([A-Z]+)\*\*", cells[0])
            if not m:
                fail("3-3 group row not understood: %r" % cells)
            fr = int(m.group(1))
            if FR_ABBREV[fr] != m.group(2):
                fail("FR%d abbreviation %s" % (fr, m.group(2)))
            continue
        if len(cells) != 4 or fr is None:
            fail("3-3 row not understood: %r" % cells)
        m = re.fullmatch(r"SR (\d)\.\d+", cells[0])
        if not m or int(m.group(1)) != fr:
            fail("3-3 SR id %r outside FR%d" % (cells[0], fr))
        members.append(make_member(std, cells[0], fr, parse_sl(cells[2]), cells[1], "V",
                                   parse_res(cells[3])))
    rows = fr_groups(std, members)
    nsr = sum(1 for r in rows if r["level"] == 1)
    nre = sum(1 for r in rows if r["level"] == 2)
    m = None
    for line in lines:
        m = re.match(r"Counts: (\d+) SRs and (\d+) REs", line) or m
    if not m or (int(m.group(1)), int(m.group(2))) != (nsr, nre):
        fail("3-3: parsed %d SRs and %d REs, the reference's count line disagrees" % (nsr, nre))
    return rows


def parse_42(lines):
    std = STD["4-2"]
    members = []
    for cells in table_rows(lines):
        if len(cells) != 4:
            fail("4-2 row not understood: %r" % cells)
        ids = expand_ids(cells[0])
        titles = cells[1].split(" / ") if len(ids) > 1 else [cells[1]]
        sls = cells[2].split(" / ")
        if len(sls) == 1:
            sls = sls * len(ids)
        if len(titles) != len(ids) or len(sls) != len(ids):
            fail("4-2 row: %d ids, %d titles, %d SLs: %r" % (len(ids), len(titles), len(sls), cells))
        res = parse_res(cells[3])
        if res and len(ids) > 1:
            fail("4-2 row with several ids and REs: %r" % cells)
        made = set()
        for (prefixes, num), title, sl in zip(ids, titles, sls):
            for p in prefixes:
                id_ = "%s %s" % (p, num)
                members.append(make_member(std, id_, int(num.split(".")[0]), parse_sl(sl),
                                           title.strip(), "V", res))
                made.add(id_)
        for owner, n, *_ in res:
            if owner is not None and owner not in made:
                fail("4-2: RE of %s in a row without it" % owner)
    return fr_groups(std, members)


# ------------------------------------------------------------ 2-1

def parse_21(lines3, lines3a):
    std = STD["2-1"]
    groups = []
    for cells in table_rows(lines3):
        if len(cells) != 4:
            fail("2-1 row not understood: %r" % cells)
        m = re.fullmatch(r"(SPE \d) (.+)", cells[0])
        if not m:
            fail("2-1 SPE not understood: %r" % cells[0])
        g = {"row": entry(std, m.group(1), 0, None, 0, 0, m.group(2), None), "subs": []}
        for item in split_outside_parens(cells[2], "; "):
            conf, note = "U", None
            mp = re.fullmatch(r"\((.+) – \*\*U\*\*\)", item)
            if mp:
                # "(COMP 4 Portable media – **U**)": tentative even among the tentative.
                item, note = mp.group(1), "marked U on its own in the reference"
            ms = re.fullmatch(r"(%s \d+) (.+)" % re.escape(cells[1]), item)
            if not ms:
                fail("2-1 sub-element not understood: %r" % item)
            g["subs"].append({"row": entry(std, ms.group(1), 1, m.group(1), 0, 0, ms.group(2),
                                           conf, None, note), "reqs": []})
        groups.append(g)
    subs = {s["row"]["id"]: s for g in groups for s in g["subs"]}
    for cells in table_rows(lines3a):
        if len(cells) != 3:
            fail("2-1 numbered row not understood: %r" % cells)
        for item in split_outside_parens(cells[1], "; "):
            m = re.fullmatch(r"(([A-Z]+ \d+)\.\d+) (.+)", item)
            if not m or m.group(2) not in subs:
                fail("2-1 numbered requirement not understood: %r" % item)
            subs[m.group(2)]["reqs"].append(
                entry(std, m.group(1), 2, m.group(2), 0, 0, m.group(3), "M"))
    rows = []
    for g in groups:
        rows.append(g["row"])
        for s in g["subs"]:
            rows.append(s["row"])
            rows.extend(sorted(s["reqs"], key=lambda r: number_key(r["id"])))
    return rows


# ------------------------------------------------------------ 2-4

MARK = re.compile(r"(?:^|(?<=\()|(?<=, ))(?:SP\.(?P<area>\d\d))?\.(?P<n>\d\d)(?: =)? ")


def topics_of(seg):
    """The numbered topics of one ';'-separated part of a topics cell:
    '.05 least functionality (ports, protocols, services)' (runs to the end),
    'SP.02.02 = essential functions ...', 'passwords (.05 password complexity)'
    (runs to the matching ')'), 'AV or allowlisting, .05 portable media'."""
    out = []
    for m in MARK.finditer(seg):
        start, end = m.end(), len(seg)
        if m.start() > 0 and seg[m.start() - 1] == "(":
            depth = 1
            for i in range(start, len(seg)):
                depth += {"(": 1, ")": -1}.get(seg[i], 0)
                if depth == 0:
                    end = i
                    break
            else:
                fail("unbalanced parenthesis in %r" % seg)
        out.append((m.group("area"), int(m.group("n")), seg[start:end].strip()))
    return out


def topic_title(t):
    """'time synchronization (SR 2.11)' -> ('time synchronization', 'cf. SR 2.11')."""
    m = re.fullmatch(r"(.+?) \((?:cf\. )?((?:SR|CR) \d+\.\d+)\)", t)
    if m:
        return m.group(1), "cf. " + m.group(2)
    return t, None


def parse_24(lines):
    std = STD["2-4"]
    rows = []
    for cells in table_rows(lines):
        if len(cells) != 4:
            fail("2-4 row not understood: %r" % cells)
        area = cells[0]
        if not re.fullmatch(r"SP\.\d\d", area):
            fail("2-4 area not understood: %r" % area)
        m = re.fullmatch(r"%s\.01–\.(\d\d)" % re.escape(area), cells[2])
        if not m:
            fail("2-4 id range not understood: %r" % cells[2])
        count = int(m.group(1))
        topics = {}
        for seg in cells[3].split("; "):
            seg = seg.replace("★", "").strip()
            for t_area, n, text in topics_of(seg):
                if t_area and "SP." + t_area != area:
                    fail("2-4 topic of another area in %s: %r" % (area, seg))
                if n < 1 or n > count or n in topics or not text:
                    fail("2-4 topic number out of range or repeated in %s: %r" % (area, seg))
                topics[n] = topic_title(text)
        rows.append(entry(std, area, 0, None, 0, 0, cells[1], "M"))
        for n in range(1, count + 1):
            title, note = topics.get(n, (None, None))
            rows.append(entry(std, "%s.%02d" % (area, n), 1, area, 0, 0, title, "M", None, note))
    return rows


# ------------------------------------------------------------ output

def cell(v):
    if v is None:
        return ""
    s = str(v)
    if "\t" in s or "\n" in s:
        fail("tab or newline in %r" % s)
    return s


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: derive-reference.py REFERENCE.md\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        sec = sections(f.read())
    rows = (parse_21(sec["3"], sec["3a"]) + parse_24(sec["4"]) + parse_33(sec["1"])
            + parse_42(sec["2"]))
    seen = set()
    for r in rows:
        key = (r["std"], r["id"])
        if key in seen:
            fail("duplicate %s %s" % key)
        seen.add(key)
    out = sys.stdout
    out.write("# derived by tests/requirements/derive-reference.py from "
              "iec62443-requirements-and-checks.md; do not edit\n")
    out.write("# standard\tid\tlevel\tparent\tfr\tsl\ttitle\tconfidence\tabbrev\tnote\n")
    for r in rows:
        out.write("\t".join(cell(r[k]) for k in ("std", "id", "level", "parent", "fr", "sl",
                                                  "title", "conf", "abbrev", "note")) + "\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except RefError as e:
        sys.stderr.write("derive-reference.py: %s\n" % e)
        sys.exit(1)
