#!/usr/bin/env python3
"""The tidy package as an analyst sums it (tests/frictionless/run.sh).

usage: sums.py PKGDIR ROWS.csv

Fails unless, for every valid or repaired table, the municipalities of
PKGDIR/municipalities.csv summed per document, period and region equal
its row in PKGDIR/region_totals.csv, every municipality row has a kind of
its own (no 'Totaal AMR' or national row among them), and ROWS.csv (the
single-file CSV) holds exactly the package's municipality rows.
"""
import csv
import sys

COUNTS = ("municipal_with_profile", "municipal_without_profile",
          "uwv_with_profile", "uwv_without_profile", "total")


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main(pkg, single):
    munis = rows(pkg + "/municipalities.csv")
    totals = rows(pkg + "/region_totals.csv")
    wrong = []
    key = ("document", "cbs_period", "region_code")
    sums = {}
    for m in munis:
        if m.get("row_kind", "municipality") != "municipality":
            wrong.append("a %s row among the municipalities" % m["row_kind"])
        k = tuple(m[f] for f in key)
        s = sums.setdefault(k, [0] * len(COUNTS))
        for i, c in enumerate(COUNTS):
            s[i] += int(m[c]) if m[c] else 0
    checked = 0
    for t in totals:
        if t["status"] not in ("valid", "repaired"):
            continue
        k = tuple(t[f] for f in key)
        got = sums.get(k, [0] * len(COUNTS))
        want = [int(t[c]) for c in COUNTS]
        checked += 1
        if got != want:
            wrong.append("%s: municipalities sum to %s, the total is %s"
                         % (t["document"], got, want))
    if checked == 0:
        wrong.append("no accepted region total")
    flat = rows(single)
    if [(r["document"], r["row"]) for r in flat] != \
            [(r["document"], r["row"]) for r in munis]:
        wrong.append("%s: %d rows, the package has %d municipalities"
                     % (single, len(flat), len(munis)))
    for w in wrong:
        print("# " + w)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
