#!/bin/sh
# The scan benchmark (run by hand, not in CI):
#
#     tests/bench/scan.sh [BUILD_DIR]
#
# On the development set's scans ($TVK_DEVSET, default ../shared/devset
# beside the repository: its variants scan and scan2, image-only pages
# turned, skewed, 1-bit, dithered, JPEG-damaged, unevenly lit), in one
# hyperfine run:
#   (a) tvk convert -j1: tvk's own image reader and OCR, then its second
#       look;
#   (b) what a user would do instead: ocrmypdf --rotate-pages --deskew
#       --clean-final -l nld -j 1 on each file, then tvk convert -j1 on
#       its output;
#   (c) pdftotext over the same files (the floor of any reading: poppler
#       finds no text in a scan, so this is the cost of opening them);
# then, once each, the devset's scorer on (a) and on (b) (through a
# wrapper that runs ocrmypdf before tvk), and the seconds per page.
# Results go to $TVK_BENCH_DIR (default /tmp/tvk-bench-scan)/report.md.
# hyperfine's user time (children included) is the steadier figure on a
# shared machine.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
DEVSET=${TVK_DEVSET:-../shared/devset}
W=${TVK_BENCH_DIR:-/tmp/tvk-bench-scan}
TVK=$(pwd)/$BUILD/src/cli/tvk
for tool in hyperfine ocrmypdf unpaper pdfinfo pdftotext python3; do
	command -v $tool >/dev/null || {
		echo "bench: $tool is missing (apt-get install hyperfine" \
			"ocrmypdf unpaper poppler-utils python3)" >&2; exit 1; }
done
[ -f "$DEVSET/score.py" ] || {
	echo "bench: no development set at $DEVSET" >&2; exit 1; }
rm -rf "$W"
mkdir -p "$W/in"
awk -F'\t' '$2 == "scan" || $2 == "scan2" { print $1 }' \
	"$DEVSET/corpus/MANIFEST.tsv" | while read -r f; do
	cp "$DEVSET/corpus/$f" "$W/in/$(echo "$f" | tr / -)"
done
files=$(ls "$W"/in/*.pdf | wc -l)
pages=$(for f in "$W"/in/*.pdf; do pdfinfo "$f"; done |
	awk '/^Pages:/ {s += $2} END {print s}')

# ocrmypdf's way, as a tool the scorer can run too: "convert -o OUT FILE".
cat > "$W/ocrmypdf-tvk" <<EOF
#!/bin/sh
set -eu
out=\$3 in=\$4
tmp=\$(mktemp -d)
trap 'rm -rf "\$tmp"' EXIT
ocrmypdf -q -l nld -j 1 --rotate-pages --deskew --clean-final \\
	--force-ocr --output-type pdf "\$in" "\$tmp/\$(basename "\$in")" ||
	exit 3
"$TVK" convert -q -j1 -o "\$out" "\$tmp/\$(basename "\$in")"
EOF
chmod +x "$W/ocrmypdf-tvk"
cat > "$W/ocrmypdf-then-tvk.sh" <<EOF
#!/bin/sh
rm -rf "\$1"
for f in "$W"/in/*.pdf; do
	"$W/ocrmypdf-tvk" convert -o "\$1/\$(basename "\$f" .pdf)" "\$f" ||
		[ \$? -eq 1 ]
done
EOF

# Exit status 1 (a table invalid) is an outcome, not a failed run.
hyperfine --runs "${TVK_BENCH_RUNS:-1}" --export-markdown "$W/hyperfine.md" \
	--export-json "$W/hyperfine.json" \
	-n 'pdftotext loop' \
	"for f in $W/in/*.pdf; do pdftotext \"\$f\" - > /dev/null; done" \
	-n 'tvk -j1 (own image reader)' \
	"rm -rf $W/tvk; $TVK convert -q -j1 -o $W/tvk $W/in || [ \$? -eq 1 ]" \
	-n 'ocrmypdf --rotate-pages --deskew --clean-final, then tvk -j1' \
	"sh $W/ocrmypdf-then-tvk.sh $W/ocrd"

for v in scan scan2; do
	python3 "$DEVSET/score.py" --tool "$TVK" --corpus "$DEVSET" \
		--variant $v -j 1 > "$W/score-tvk-$v.txt" || true
	python3 "$DEVSET/score.py" --tool "$W/ocrmypdf-tvk" --corpus \
		"$DEVSET" --variant $v -j 1 --timeout 600 \
		> "$W/score-ocrmypdf-$v.txt" || true
done

python3 - "$W/hyperfine.json" "$pages" > "$W/per-page.md" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
pages = int(sys.argv[2])
print("| command | wall s/page | user s/page |")
print("|---|---|---|")
for r in runs:
    print("| %s | %.2f | %.2f |" % (r["command"], r["mean"] / pages,
                                   r["user"] / pages))
EOF

{
	echo "# Scan benchmark"
	echo
	echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(tesseract --version 2>&1 |
		head -n 1), ocrmypdf $(ocrmypdf --version); $files files, $pages pages"
	echo
	cat "$W/hyperfine.md"
	echo
	cat "$W/per-page.md"
	for v in scan scan2; do
		echo
		echo "## $v: tvk's own reader"
		echo
		tail -n 4 "$W/score-tvk-$v.txt"
		echo
		echo "## $v: ocrmypdf, then tvk"
		echo
		tail -n 4 "$W/score-ocrmypdf-$v.txt"
	done
} > "$W/report.md"
cat "$W/report.md"
