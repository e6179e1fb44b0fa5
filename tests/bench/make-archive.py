#!/usr/bin/env python3
"""Builds an archive of publications: regional sheets for many quarters
and a few national compendia, every sum consistent, drawn by the fixture
generator (mkfixture) like the publications.

    make-archive.py --mkfixture BUILD/fixtures/mkfixture --out DIR
        [--quarters 15] [--start 2017-Q1] [--regions 1,7,22]
        [--compendia 3] [--seed N]
        [--swap Q:R] [--times-ten Q:R] [--gap Q:R] [--conflict Q:R]
        [--invalid Q:R] [--fail Q:R] [--truth FILE]

The benchmark archive (tests/bench/run.sh) is the default: 15 quarters
from 2017-Q1, every region, three compendia.  The intro pages are those of
the 2025-Q2 compendium spec; each table lists the municipalities of its
region at the end of its quarter (src/gazetteer/data: the year's list, a
municipality that ended during the quarter left out), so that a table is
valid as a real edition of its quarter would be.  (All but region 11's
until 2024: its long name, drawn in the label column, runs into the first
municipality's name there, and tvk says so: invalid, never a wrong row.)

The counts are series, as in the real publication, where a
municipality's counts move a few percent from one quarter to the next:
every municipality of 2016 (and every one made later from nothing) is a
territory with a size of its own (log-normal, median 250 people), a
trend of its own (about 1% a quarter) and noise of 3% a quarter; a
municipality counts the territories it is made of at that date (a merger
adds its predecessors up, a split hands its territory out by the share
of area each successor took), plus the noise of a count (its square
root); the four parts are shares of the total that each municipality
keeps, give or take a little.  So a series by today's municipality runs
on across mergers, and jumps only where a territory was split.

Planted anomalies, each for one quarter Q (YYYY-Qq) and region R, none of
which a sum can see unless said:
  --swap Q:R       two municipalities' rows swapped (the largest, and the
                   one nearest a third of its size)
  --times-ten Q:R  the middle-sized municipality's row ten times too
                   large, the region total with it
  --gap Q:R        no sheet at all
  --conflict Q:R   a second sheet of the table, one count (and the sums
                   it is in) three higher: two valid readings that differ
  --invalid Q:R    a municipality of another region added to the table,
                   its row in the sums: the table is invalid
  --fail Q:R       the sheet cut off after its first 700 bytes: the input
                   fails
--truth FILE writes what was planted, as JSON.
"""
import argparse
import concurrent.futures
import datetime
import json
import math
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
ORDINALS = ["eerste", "tweede", "derde", "vierde"]
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def load_tsv(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    return rows[1:]


def blocks(spec_path):
    """The spec's pages, keyed by their comment line."""
    out, current, key = {}, [], None
    with open(spec_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# region") or line.startswith("# first page"):
                if key:
                    out[key] = current
                key, current = line.strip(), []
            elif key:
                current.append(line)
    if key:
        out[key] = current
    return out


def fmt(n):
    return f"{n:,}".replace(",", ".")


def parse_quarter(text):
    year, q = text.upper().split("-Q")
    return int(year), int(q)


def quarter_date(year, quarter):
    month, day = QUARTER_END[quarter]
    return datetime.date(year, month, day)


class Reference:
    """The municipalities of a region at a date, and what each is made of."""

    def __init__(self, data):
        self.by_year_region = {}
        self.names = {}
        for year, code, name, region, _ in load_tsv(
                os.path.join(data, "gemeenten-history.tsv")):
            self.by_year_region.setdefault((int(year), int(region)),
                                           []).append(code)
            self.names[code] = name
        self.mergers = []
        for row in load_tsv(os.path.join(data, "gemeenten-mergers.tsv")):
            effective, old, _, new, _, kind, share = row[:7]
            self.mergers.append((datetime.date.fromisoformat(effective),
                                 old, new, kind, float(share)))
        self.ended = {}
        for effective, old, _, _, _ in self.mergers:
            self.ended[old] = min(effective, self.ended.get(old, effective))
        self.split_total = {}
        for _, old, _, kind, share in self.mergers:
            if kind == "split":
                self.split_total[old] = self.split_total.get(old, 0) + share
        self.regions = load_tsv(os.path.join(data, "arbeidsmarktregios.tsv"))
        self.renamed = {}
        for code, name, start, until, _ in load_tsv(os.path.join(
                data, "arbeidsmarktregios-history.tsv")):
            self.renamed.setdefault(int(code), []).append(
                (int(start[:4]) if start else 0,
                 int(until[:4]) if until else 9999, name))
        self._territory = {}

    def region_name(self, code, name, year):
        for start, until, old in self.renamed.get(int(code), []):
            if start <= year <= until:
                return old
        return name

    def municipalities(self, year, quarter, region):
        """The codes of @region at the end of the quarter, by name."""
        end = quarter_date(year, quarter)
        codes = [c for c in self.by_year_region.get((year, region), [])
                 if c not in self.ended or self.ended[c] > end]
        return sorted(codes, key=lambda c: self.names[c])

    def territory(self, code, date):
        """{territory: share} that @code counts at @date."""
        key = (code, date)
        if key in self._territory:
            return self._territory[key]
        made = any(new == code and kind == "merged"
                   for _, _, new, kind, _ in self.mergers)
        out = {} if made else {code: 1.0}
        for effective, old, new, kind, share in self.mergers:
            if new != code or effective > date:
                continue
            part = share / self.split_total[old] if kind == "split" else 1.0
            before = effective - datetime.timedelta(days=1)
            for t, f in self.territory(old, before).items():
                out[t] = out.get(t, 0.0) + f * part
        self._territory[key] = out
        return out


class Counts:
    """The made-up but plausible counts of every municipality over time."""

    def __init__(self, seed):
        self.seed = seed
        self.sizes = {}

    def _rng(self, *key):
        return random.Random("%s/%s" % (self.seed, "/".join(map(str, key))))

    def territory(self, t, k):
        """The size of territory @t in quarter number @k."""
        if t not in self.sizes:
            rng = self._rng("size", t)
            self.sizes[t] = (min(30000.0, math.exp(rng.gauss(math.log(250),
                                                              1.0))),
                             rng.gauss(0.01, 0.008))
        size, trend = self.sizes[t]
        return size * math.exp(trend * k + self._rng("noise", t, k)
                               .gauss(0, 0.03))

    def row(self, ref, code, year, quarter):
        k = (year - 2016) * 4 + quarter - 1
        date = quarter_date(year, quarter)
        mean = sum(f * self.territory(t, k)
                   for t, f in ref.territory(code, date).items())
        rng = self._rng("count", code, k)
        total = max(0, round(rng.gauss(mean, math.sqrt(mean))))
        base = self._rng("shares", code)
        shares = [s * math.exp(base.gauss(0, 0.4)) for s in
                  (0.05, 0.25, 0.55, 0.15)]
        shares = [s * math.exp(rng.gauss(0, 0.05)) for s in shares]
        whole = sum(shares)
        exact = [total * s / whole for s in shares]
        parts = [math.floor(x) for x in exact]
        order = sorted(range(4), key=lambda i: parts[i] - exact[i])
        for i in order[:total - sum(parts)]:
            parts[i] += 1
        return parts + [total]


def table_page(code, name, rows):
    """A table page in the compendium's layout: @rows (label, five counts)
    and the region total."""
    total = [sum(r[1][i] for r in rows) for i in range(5)]
    lines = ["page\n", "font 8\n",
             "cols 42:l 150:l 360:c 470:c 550:r\n",
             "row Arbeidsmarktregio | | Gemeentecli\u00e9nten in Sonar | "
             "UWV-cli\u00e9nten in Sonar\n",
             "cols 42:l 150:l 312:c 367:c 422:c 477:c 532:c\n",
             "row | Gemeente | Profiel in | Geen profiel in | Profiel in | "
             "Geen profiel in | Totaal in\n",
             "row | | Sonar | Sonar | Sonar | Sonar | Sonar\n",
             "cols 42:l 150:l 330:r 385:r 440:r 495:r 550:r\n"]
    for i, (label, cells) in enumerate(rows):
        lead = f"{code} {name}" if i == 0 else ""
        lines.append(f"row {lead} | {label.replace('|', chr(92) + '|')} | " +
                     " | ".join(fmt(c) for c in cells) + "\n")
    lines.append("row | Totaal AMR | " + " | ".join(fmt(c) for c in total) +
                 "\n")
    lines += ["gap 6\n", "font 9\n", "para Niet alle mensen uit het "
              "doelgroepregister zijn ingeschreven in Sonar.\n"]
    return lines, total


def title_page(template, year, quarter, name):
    title = f"{ORDINALS[quarter - 1]} kwartaal {year} {name}"
    return [line.replace("tweede kwartaal 2025 Groningen", title)
            for line in template]


def plant(kind, rows, ref, year, region, truth):
    """Changes @rows ([code, label, counts]) as --@kind says; notes it."""
    by_size = sorted(range(len(rows)), key=lambda i: (rows[i][2][4],
                                                      rows[i][0]))
    note = {"kind": kind}
    if kind == "swap":
        big = by_size[-1]
        small = min((i for i in by_size if i != big), key=lambda i: abs(
            rows[i][2][4] - rows[big][2][4] / 3))
        rows[big][2], rows[small][2] = rows[small][2], rows[big][2]
        note["municipalities"] = sorted([rows[big][0], rows[small][0]])
    elif kind == "times-ten":
        mid = by_size[len(by_size) // 2]
        rows[mid][2] = [10 * c for c in rows[mid][2]]
        note["municipalities"] = [rows[mid][0]]
    elif kind == "invalid":
        other = next(c for c in ref.by_year_region[(year, region % 35 + 1)])
        rows.append([other, ref.names[other], [1, 2, 3, 4, 10]])
        note["municipalities"] = [other]
    truth.append(note)


def sheets(args, ref, counts, first_page, title_template):
    """(spec lines, PDF path, bytes to keep or None) for every sheet, and
    the tables of each quarter for the compendia."""
    plants = {}
    for kind in ("swap", "times-ten", "gap", "conflict", "invalid", "fail"):
        for text in getattr(args, kind.replace("-", "_")) or []:
            quarter, region = text.split(":")
            plants.setdefault((parse_quarter(quarter), int(region)),
                              []).append(kind)
    start = parse_quarter(args.start)
    k0 = start[0] * 4 + start[1] - 1
    quarters = [((k0 + k) // 4, (k0 + k) % 4 + 1) for k in range(args.quarters)]
    wanted = set(int(r) for r in args.regions.split(",")) if args.regions \
        else None
    out, tables, truth = [], {}, []
    for year, quarter in quarters:
        folder = os.path.join(args.out, f"{year}-Q{quarter}")
        for code, name, _ in ref.regions:
            region = int(code)
            if wanted and region not in wanted:
                continue
            name = ref.region_name(code, name, year)
            rows = [[c, ref.names[c], counts.row(ref, c, year, quarter)]
                    for c in ref.municipalities(year, quarter, region)]
            kinds = plants.get(((year, quarter), region), [])
            notes = []
            for kind in kinds:
                if kind in ("swap", "times-ten", "invalid"):
                    plant(kind, rows, ref, year, region, notes)
                else:
                    notes.append({"kind": kind})
            for n in notes:
                n.update(period=f"{year}-Q{quarter}", region=region)
            truth += notes
            body, total = table_page(code, name, [(r[1], r[2]) for r in rows])
            tables[(year, quarter, code)] = (body, total)
            if "gap" in kinds:
                continue
            spec = ["title Transparantie van klantprofielen\n"] + \
                title_page(title_template, year, quarter, name) + body
            pdf = os.path.join(folder, f"uwv-{year}-q{quarter}-{region:02d}.pdf")
            out.append((f"{year}-Q{quarter}-{region:02d}", spec, pdf,
                        700 if "fail" in kinds else None))
            if "conflict" in kinds:
                first = rows[0][2]
                first[0] += 3
                first[4] += 3
                body, _ = table_page(code, name, [(r[1], r[2]) for r in rows])
                spec = ["title Transparantie van klantprofielen\n"] + \
                    title_page(title_template, year, quarter, name) + body
                out.append((f"{year}-Q{quarter}-{region:02d}-again", spec,
                            pdf[:-4] + "-again.pdf", None))
    return quarters, out, tables, truth


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mkfixture", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quarters", type=int, default=15)
    ap.add_argument("--start", default="2017-Q1")
    ap.add_argument("--regions", default="")
    ap.add_argument("--compendia", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20251101)
    for kind in ("swap", "times-ten", "gap", "conflict", "invalid", "fail"):
        ap.add_argument("--" + kind, action="append", metavar="Q:R")
    ap.add_argument("--truth")
    args = ap.parse_args()

    ref = Reference(os.path.join(ROOT, "src", "gazetteer", "data"))
    counts = Counts(args.seed)
    pages = blocks(os.path.join(ROOT,
                                "fixtures/src/uwv-2025-q2-compendium.spec"))
    title_template = next(v for k, v in pages.items()
                          if k.startswith("# region 1: title page"))
    first_page = next(v for k, v in pages.items()
                      if k.startswith("# first page"))
    quarters, jobs, tables, truth = sheets(args, ref, counts, first_page,
                                           title_template)

    rng = random.Random(args.seed)
    for c in range(min(args.compendia, len(quarters))):
        year, quarter = quarters[c]
        spec, national = ["title Transparantie van klantprofielen\n"], [0] * 5
        regional = []
        for code, name, _ in ref.regions:
            if (year, quarter, code) not in tables:
                continue
            name = ref.region_name(code, name, year)
            # the same tables as the quarter's regional sheets
            body, total = tables[(year, quarter, code)]
            national = [a + b for a, b in zip(national, total)]
            regional += title_page(title_template, year, quarter, name) + body
        # The national row exceeds the regions by a few people.
        national = [n + rng.randint(0, 9) for n in national[:4]]
        national.append(sum(national))
        spec += [l for l in first_page if not l.startswith("row Nederland")]
        spec.append("row Nederland | | " + " | ".join(fmt(n) for n in national)
                    + "\n")
        spec += regional
        jobs.append((f"compendium-{c}", spec, os.path.join(
            args.out, f"compendium-{year}-q{quarter}.pdf"), None))

    # the specs beside the archive, not in it: tvk would sniff them
    specs_dir = args.out.rstrip("/") + "-specs"
    os.makedirs(specs_dir, exist_ok=True)

    def draw(job):
        name, spec, pdf, keep = job
        path = os.path.join(specs_dir, name + ".spec")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(spec)
        os.makedirs(os.path.dirname(pdf), exist_ok=True)
        if not os.path.exists(pdf):
            subprocess.run([args.mkfixture, path, pdf], check=True)
            if keep:
                with open(pdf, "r+b") as f:
                    f.truncate(keep)
        return pdf

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        done = list(pool.map(draw, jobs))
    if args.truth:
        with open(args.truth, "w", encoding="utf-8") as f:
            json.dump(truth, f, indent=1, sort_keys=True)
            f.write("\n")
    print(f"{len(done)} PDFs in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
