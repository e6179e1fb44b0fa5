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
