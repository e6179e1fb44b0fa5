#!/usr/bin/env python3
"""Builds the benchmark archive: regional sheets for many synthetic
quarters and a few national compendia, every sum consistent, drawn by the
fixture generator (mkfixture) like the publications.

    make-archive.py --mkfixture BUILD/fixtures/mkfixture --out DIR
        [--quarters 15] [--compendia 3]

The intro pages are those of the 2025-Q2 compendium spec; the tables are
made up per quarter, with a fixed seed, from the municipalities of each
region in that year (src/gazetteer/data/gemeenten-history.tsv), so that a
table is valid as a real edition of its quarter would be.  (All but region 11's
until 2024: its long name, drawn in the label column, runs into the first
municipality's name there, and tvk says so: invalid, never a wrong row.)
"""
import argparse
import concurrent.futures
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
ORDINALS = ["eerste", "tweede", "derde", "vierde"]


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


def table_page(code, name, munis, rng):
    """A table page in the compendium's layout, with made-up counts."""
    rows, total = [], [0] * 5
    for label in munis:
        size = rng.choice([20, 60, 150, 400, 1200])
        parts = [rng.randint(0, size // 6), rng.randint(0, size),
                 rng.randint(0, size), rng.randint(0, size // 3)]
        cells = parts + [sum(parts)]
        total = [a + b for a, b in zip(total, cells)]
        rows.append((label, cells))
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mkfixture", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quarters", type=int, default=15)
    ap.add_argument("--compendia", type=int, default=3)
    args = ap.parse_args()

    data = os.path.join(ROOT, "src", "gazetteer", "data")
    history = load_tsv(os.path.join(data, "gemeenten-history.tsv"))
    regions = load_tsv(os.path.join(data, "arbeidsmarktregios.tsv"))
    by_year_region = {}
    for year, code, name, region, _ in history:
        by_year_region.setdefault((int(year), int(region)), []).append(name)
    # a region's name as it was (only one has changed since 2016)
    renamed = {}
    for code, name, start, until, _ in load_tsv(os.path.join(
            data, "arbeidsmarktregios-history.tsv")):
        renamed.setdefault(int(code), []).append(
            (int(start[:4]) if start else 0,
             int(until[:4]) if until else 9999, name))

    def region_name(code, name, year):
        for start, until, old in renamed.get(int(code), []):
            if start <= year <= until:
                return old
        return name
    pages = blocks(os.path.join(ROOT, "fixtures/src/uwv-2025-q2-compendium.spec"))
    title_template = next(v for k, v in pages.items()
                          if k.startswith("# region 1: title page"))
    first_page = next(v for k, v in pages.items()
                      if k.startswith("# first page"))

    rng = random.Random(20251101)
    quarters = [(2017 + q // 4, q % 4 + 1) for q in range(args.quarters)]
    specs = []
    tables = {}  # (year, quarter, code): (table page, totals)
    # the specs beside the archive, not in it: tvk would sniff them
    specs_dir = args.out.rstrip("/") + "-specs"
    os.makedirs(specs_dir, exist_ok=True)
    for year, quarter in quarters:
        folder = os.path.join(args.out, f"{year}-Q{quarter}")
        os.makedirs(folder, exist_ok=True)
        for code, name, _ in regions:
            name = region_name(code, name, year)
            body, total = table_page(code, name,
                                     sorted(by_year_region[(year, int(code))]),
                                     rng)
            tables[(year, quarter, code)] = (body, total)
            spec = ["title Transparantie van klantprofielen\n"] + \
                title_page(title_template, year, quarter, name) + body
            path = os.path.join(specs_dir,
                                f"{year}-Q{quarter}-{int(code):02d}.spec")
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(spec)
            specs.append((path, os.path.join(
                folder, f"uwv-{year}-q{quarter}-{int(code):02d}.pdf")))
    for c in range(args.compendia):
        year, quarter = quarters[c]
        spec, national = ["title Transparantie van klantprofielen\n"], [0] * 5
        regional = []
        for code, name, _ in regions:
            name = region_name(code, name, year)
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
        path = os.path.join(specs_dir, f"compendium-{c}.spec")
        with open(path, "w", encoding="utf-8") as f:
            f.writelines(spec)
        specs.append((path, os.path.join(
            args.out, f"compendium-{year}-q{quarter}.pdf")))

    def draw(job):
        spec, pdf = job
        if not os.path.exists(pdf):
            subprocess.run([args.mkfixture, spec, pdf], check=True)
        return pdf

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        done = list(pool.map(draw, specs))
    print(f"{len(done)} PDFs in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
