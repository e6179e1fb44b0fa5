#!/bin/sh
# Regenerates the seed corpus of the words target from the sample archive:
# every page of every fixture as "x0 y0 x1 y1 text" lines.
#     tests/fuzz/make-corpus.sh BUILD_DIR
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
out=tests/fuzz/corpus/words
for pdf in fixtures/*.pdf; do
	name=$(basename "$pdf" .pdf)
	"$BUILD/src/cli/tvk" text --boxes "$pdf" | awk -v out="$out/$name" '
		/^--- page/ { n = $3; file = out "-p" n; next }
		/^    \[/ {
			sub(/^    \[ */, "")
			split($0, parts, "]")
			split(parts[1], b, " +")
			text = substr($0, index($0, "]") + 2)
			printf "%s %s %s %s %s\n", b[1], b[2], b[3], b[4], text > file
		}'
done
# Table pages only: the prose pages add nothing the others lack.
for f in "$out"/*; do
	grep -q "AMR\|Nederland" "$f" || rm -f "$f"
done
ls "$out" | wc -l

# The cache target: the cache (.tvk-cache) of real runs — two regions; a
# re-run that adds one (a superseded record and a second list of outputs);
# a failed input beside a good one.
out=tests/fuzz/corpus/cache
work=$(mktemp -d)
"$BUILD/src/cli/tvk" convert -q -o "$work/a" fixtures/uwv-2025-q2-rijnmond.pdf \
	fixtures/uwv-2020-q2-friesland.pdf
cp "$work/a/.tvk-cache" "$out/two-regions"
"$BUILD/src/cli/tvk" convert -q -o "$work/a" fixtures/uwv-2022-q4-zaanstreek-waterland.pdf \
	fixtures/uwv-2025-q2-rijnmond.pdf
cp "$work/a/.tvk-cache" "$out/rerun"
printf '%%PDF-1.4\ngarbage\n' > "$work/bad.pdf"
"$BUILD/src/cli/tvk" convert -q -o "$work/b" "$work/bad.pdf" \
	fixtures/uwv-2020-q2-friesland.pdf || true
cp "$work/b/.tvk-cache" "$out/failed-input"
rm -rf "$work"
ls "$out" | wc -l
