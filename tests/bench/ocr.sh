#!/bin/sh
# The OCR benchmark (run by hand, not in CI):
#
#     tests/bench/ocr.sh [BUILD_DIR]
#
# On the image-only scans of tests/data/scans, in one hyperfine run:
#   (a) tvk convert -j1: tvk's own OCR, then its second look;
#   (b) ocrmypdf -l nld --output-type pdf on each file (one job), then
#       tvk convert -j1 on its output: what a user does without tvk's OCR;
# and then, once each, the tables each way recovers exactly (every count
# and code equal to tests/truth), with and without tvk's second look, and
# the seconds per page.  Results go to $TVK_BENCH_DIR (default
# /tmp/tvk-bench-ocr)/report.md.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
W=${TVK_BENCH_DIR:-/tmp/tvk-bench-ocr}
TVK=$(pwd)/$BUILD/src/cli/tvk
for tool in hyperfine ocrmypdf pdfinfo python3; do
	command -v $tool >/dev/null || {
		echo "bench: $tool is missing (apt-get install hyperfine" \
			"ocrmypdf poppler-utils python3)" >&2; exit 1; }
done
rm -rf "$W"
mkdir -p "$W/in"
for f in rijnmond-300 zaanstreek-2022-200 friesland-2020-300-noisy; do
	cp "tests/data/scans/$f.pdf" "$W/in/"
done
pages=$(for f in "$W"/in/*.pdf; do pdfinfo "$f"; done |
	awk '/^Pages:/ {s += $2} END {print s}')

# ocrmypdf, one file at a time with one job, as tvk -j1 reads one page at
# a time; its output then goes through tvk like any OCR'd archive.  A
# script of its own, for hyperfine: ocrmypdf-then-tvk.sh OCRD_DIR OUT_DIR.
cat > "$W/ocrmypdf-then-tvk.sh" <<EOF
#!/bin/sh
set -eu
rm -rf "\$1" "\$2"
mkdir -p "\$1"
for f in "$W"/in/*.pdf; do
	ocrmypdf -q -l nld -j 1 --output-type pdf "\$f" "\$1/\$(basename "\$f")"
done
"$TVK" convert -q -j1 -o "\$2" "\$1" || [ \$? -eq 1 ]
EOF

# Exit status 1 (a table invalid) is an outcome, not a failed run.
hyperfine --runs 3 --export-markdown "$W/hyperfine.md" \
	-n 'tvk -j1 (own OCR)' \
	"rm -rf $W/tvk; $TVK convert -q -j1 -o $W/tvk $W/in || [ \$? -eq 1 ]" \
	-n 'ocrmypdf, then tvk -j1' \
	"sh $W/ocrmypdf-then-tvk.sh $W/ocrd $W/ocrd-tvk"

# The outcomes: the last runs above, and each without the second look.
"$TVK" convert -q -j1 --no-second-look -o "$W/tvk-first" "$W/in" || true
"$TVK" convert -q -j1 --no-second-look -o "$W/ocrd-first" "$W/ocrd" ||
	true

python3 - "$W" "tests/truth" "$pages" > "$W/outcomes.md" <<'EOF'
import glob, json, os, sys
w, truth_dir, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
F = ["municipal_with_profile", "municipal_without_profile",
     "uwv_with_profile", "uwv_without_profile", "total"]

def judge(path):
    d = json.load(open(path))
    p = d["period"]
    t = json.load(open(os.path.join(truth_dir, "%d-Q%d" % (p["year"],
        p["quarter"]), "%02d.json" % d["region"]["code"])))
    rows = list(zip(d["municipalities"], t["municipalities"]))
    rows.append((d["region_total"], t["region_total"]))
    cells = sum(a[f] == b[f] for a, b in rows for f in F)
    same = (len(d["municipalities"]) == len(t["municipalities"]) and
            all(a[f] == b[f] for a, b in rows for f in F) and
            all(a["code"] == b["code"] for a, b in rows[:-1]))
    status = d["validation"]["status"]
    if status == "invalid":
        return "invalid", cells, 5 * len(rows)
    return ("exact" if same else "WRONG"), cells, 5 * len(rows)

print("| run | tables exact | invalid | WRONG | counts as the truth |")
print("|---|---|---|---|---|")
for name, label in [("tvk-first", "tvk, own OCR, no second look"),
                    ("tvk", "tvk, own OCR + second look"),
                    ("ocrd-first", "ocrmypdf + tvk, no second look"),
                    ("ocrd-tvk", "ocrmypdf + tvk + second look")]:
    out = {"exact": 0, "invalid": 0, "WRONG": 0}
    cells = total = 0
    for f in sorted(glob.glob(os.path.join(w, name, "*", "*.json"))):
        o, c, n = judge(f)
        out[o] += 1
        cells += c
        total += n
    print("| %s | %d | %d | %d | %d of %d |" % (label, out["exact"],
          out["invalid"], out["WRONG"], cells, total))
print()
print("%d pages in %d files." % (pages, len(glob.glob(os.path.join(w,
      "in", "*.pdf")))))
EOF

{
	echo "# OCR benchmark"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(tesseract --version 2>&1 |
		head -n 1), ocrmypdf $(ocrmypdf --version)"
	echo
	cat "$W/hyperfine.md"
	echo
	cat "$W/outcomes.md"
} > "$W/report.md"
cat "$W/report.md"
