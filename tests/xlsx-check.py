#!/usr/bin/env python3
"""What a spreadsheet program sees in an .xlsx file, for test_batch.c.

usage: xlsx-check.py FILE.xlsx

Prints one fact a line: the sheet names in order; for each sheet the rows
frozen at the top, the first header, the number of rows, and every cell of
its first data row as 'SHEET COLUMN TYPE VALUE' (TYPE number, string, date
or boolean), read from the XML itself with the standard library only.
Then the data dictionary held to the sheets: 'dictionary: COLUMN names
sheet SHEET, which ...' for a sheet named that is not there or has no
such column, 'dictionary: COLUMN of SHEET is not listed' for a column
missing from it, and 'dictionary checked N' at the end.
"""

import datetime
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def main(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    sheets = [(s.get("name"), targets[s.get("{%s}id" % NS["r"])])
              for s in wb.find("m:sheets", NS)]
    print("sheets " + " ".join(name for name, _ in sheets))
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")):
            strings.append("".join(t.text or "" for t in si.iter(
                "{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    formats = {int(f.get("numFmtId")): f.get("formatCode")
               for f in styles.iter("{%s}numFmt" % NS["m"])}
    xfs = [int(x.get("numFmtId", "0"))
           for x in styles.find("m:cellXfs", NS)]

    def value(c):
        t = c.get("t")
        v = c.find("m:v", NS)
        if t == "s":
            return "string", strings[int(v.text)]
        if t == "b":
            return "boolean", "true" if v.text == "1" else "false"
        if t == "inlineStr":
            # as libxlsxwriter writes strings in constant-memory mode
            return "string", "".join(x.text or "" for x in c.iter(
                "{%s}t" % NS["m"]))
        if t == "str":
            return "string", v.text if v is not None else ""
        code = formats.get(xfs[int(c.get("s", "0"))], "")
        if re.search("yy", code):
            day = datetime.date(1899, 12, 30) + datetime.timedelta(
                days=float(v.text))
            return "date", day.isoformat()
        x = float(v.text)
        return "number", str(int(x)) if x == int(x) else str(x)

    headers = {}
    for name, target in sheets:
        ws = ET.fromstring(z.read("xl/" + target.lstrip("/").replace(
            "xl/", "", 1)))
        pane = ws.find(".//m:pane", NS)
        print("%s frozen %s" % (name, pane.get("ySplit") if pane is not None
                                else "0"))
        rows = ws.findall(".//m:sheetData/m:row", NS)
        print("%s rows %d" % (name, len(rows)))
        header = {}
        for c in rows[0]:
            header[re.sub("[0-9]", "", c.get("r"))] = value(c)[1]
        headers[name] = rows
        first = min(header, key=lambda k: (len(k), k))
        print("%s header %s" % (name, header[first]))
        if len(rows) > 1:
            for c in rows[1]:
                kind, v = value(c)
                print("%s %s %s %s" % (name, header[re.sub("[0-9]", "",
                      c.get("r"))], kind, v))

    dictionary(headers, value)


def dictionary(sheets, value):
    """The sheet 'columns' (column, type, sheets, description) against the
    headers of the other sheets."""
    def row_values(row):
        return {re.sub("[0-9]", "", c.get("r")): value(c)[1] for c in row}
    header = {name: set(row_values(rows[0]).values())
              for name, rows in sheets.items() if name != "columns"}
    listed = set()
    rows = sheets.get("columns", [])
    for row in rows[1:]:
        cells = row_values(row)
        column, named = cells.get("A", ""), cells.get("C", "")
        for sheet in [s.strip() for s in named.split(",")]:
            listed.add((column, sheet))
            if sheet not in header:
                print("dictionary: %s names sheet %s, which is not there"
                      % (column, sheet))
            elif column not in header[sheet]:
                print("dictionary: %s names sheet %s, which has no such "
                      "column" % (column, sheet))
    for sheet, names in sorted(header.items()):
        for column in sorted(names - {c for c, s in listed if s == sheet}):
            print("dictionary: %s of %s is not listed" % (column, sheet))
    print("dictionary checked %d" % max(len(rows) - 1, 0))


if __name__ == "__main__":
    main(sys.argv[1])
