#!/bin/sh
# The batch benchmark (run by hand, not in CI):
#
#     tests/bench/run.sh [BUILD_DIR]
#
# builds an archive of 528 PDFs with the fixture generator (525 regional
# sheets over 15 synthetic quarters, 3 national compendia, every sum
# consistent) and times, in one hyperfine run:
#   (a) pdftotext over every file in a shell loop: what a user does today;
#   (b) the floor: tests/bench/floor.c, poppler's own text extraction
#       (poppler_page_get_text + poppler_page_get_text_layout per page);
#   (c) tvk convert -j1;  (d) tvk convert -j2
# (tvk's exit status 1 for an invalid table is not a failure here: -i),
# then (b), (c) and (d) again in interleaved rounds (see rounds()).
# The same four commands then time a second archive: the devset's 178
# born-digital PDFs ($TVK_DEVSET, default ../shared/devset beside the
# repository), when it is there.  Then peak RSS (/usr/bin/time -v) and a
# perf profile of (c) against (b).  Results go to $TVK_BENCH_DIR (default
# /tmp/tvk-bench)/report.md.  On a shared machine wall times vary from one
# minute to the next: hyperfine's user and system times (children
# included, so tvk's workers too) are the steadier comparison.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
W=${TVK_BENCH_DIR:-/tmp/tvk-bench}
TVK=$BUILD/src/cli/tvk
mkdir -p "$W"
# What a stopped run of this script left, deleted well before any timing.
if [ -n "$(find "$W" -maxdepth 1 -name 'out-*' -print -quit)" ]; then
	rm -rf "$W"/out-*
	sleep 20
fi
for tool in hyperfine pdftotext perf; do
	command -v $tool >/dev/null || {
		echo "bench: $tool is missing (apt-get install hyperfine" \
			"poppler-utils linux-perf)" >&2; exit 1; }
done

[ -d "$W/archive" ] || python3 tests/bench/make-archive.py \
	--mkfixture "$BUILD/fixtures/mkfixture" --out "$W/archive"
cc -O2 -o "$W/floor" tests/bench/floor.c \
	$(pkg-config --cflags --libs poppler-glib)
n=$(find "$W/archive" -name '*.pdf' | wc -l)
pages=$(find "$W/archive" -name '*.pdf' -exec pdfinfo {} \; |
	awk '/^Pages:/ {s += $2} END {print s}')

# Every tvk run writes into a folder of its own, made fresh, and all of
# them are deleted at the end of the script only: deleting a run's 500
# files just before another would time ext4's handling of recently freed
# inodes (on a file system without a journal, each new inode is checked
# against them), not tvk.
fresh() { echo "\$(mktemp -d -u $W/out-XXXXXX)"; }
# bench ARCHIVE NAME RUNS: the four commands over ARCHIVE, into NAME.md
# (and NAME.json, with user and system times).
bench() {
	hyperfine -i --warmup 1 --runs "$3" --export-markdown "$W/$2.md" \
		--export-json "$W/$2.json" \
		-n 'pdftotext loop' \
		"for f in \$(find $1 -name '*.pdf' | sort); do pdftotext \"\$f\" - > /dev/null; done" \
		-n 'floor (poppler)' "$W/floor $1" \
		-n 'tvk -j1' "$TVK convert -q -j1 -o $(fresh) $1" \
		-n 'tvk -j2' "$TVK convert -q -j2 -o $(fresh) $1"
	python3 - "$W/$2.json" > "$W/$2-cpu.md" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
floor = r["floor (poppler)"]
def cpu(x): return x["user"] + x["system"]
print("| command | wall (median) | user+system | wall vs floor | cpu vs floor |")
print("|:---|---:|---:|---:|---:|")
for name, x in r.items():
    print("| %s | %.3f s | %.3f s | %.2fx | %.2fx |" % (name, x["median"],
        cpu(x), x["median"] / floor["median"], cpu(x) / cpu(floor)))
j1, j2 = r["tvk -j1"], r["tvk -j2"]
print()
print("-j2 is %.2fx as fast as -j1 (medians)." % (j1["median"] / j2["median"]))
PY
}
# rounds ARCHIVE NAME N: N rounds, each running the floor, tvk -j1 and
# tvk -j2 once in turn, into NAME.md: hyperfine runs each command's runs
# one after another, so that a machine that slows down for a minute (a
# shared one does) shifts one command's figures against another's; the
# median of the ratios within each round does not move with it.
rounds() {
	python3 - "$1" "$3" "$W/floor" "$TVK" "$W" > "$W/$2.md" <<'PY'
import os, statistics, subprocess, sys, tempfile, time
corpus, n, floor, tvk, work = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
def tvk_cmd(j):
    out = tempfile.mkdtemp(prefix="out-", dir=work)
    os.rmdir(out)
    return [tvk, "convert", "-q", "-j%d" % j, "-o", out, corpus]
cmds = {"floor (poppler)": lambda: [floor, corpus],
        "tvk -j1": lambda: tvk_cmd(1), "tvk -j2": lambda: tvk_cmd(2)}
wall = {k: [] for k in cmds}
for _ in range(n):
    for name, argv in cmds.items():
        t = time.monotonic()
        subprocess.run(argv(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        wall[name].append(time.monotonic() - t)
print("Interleaved: %d rounds, each command once per round, in turn." % n)
print()
print("| command | wall (median) | per-round ratio to the floor: median (range) |")
print("|:---|---:|---:|")
f = wall["floor (poppler)"]
for name, w in wall.items():
    r = [a / b for a, b in zip(w, f)]
    print("| %s | %.3f s | %.2fx (%.2f-%.2f) |" % (name, statistics.median(w),
          statistics.median(r), min(r), max(r)))
PY
}

bench "$W/archive" hyperfine 7
rounds "$W/archive" rounds 10
DEVSET=${TVK_DEVSET:-../shared/devset}
born=""
if [ -d "$DEVSET/corpus/born" ]; then
	born=$DEVSET/corpus/born
	bench "$born" born 5
	rounds "$born" born-rounds 10
fi

rss() {
	/usr/bin/time -v "$@" 2>&1 >/dev/null |
		awk '/Maximum resident/ {printf "%.1f MB", $6 / 1024}'
}
rss_floor=$(rss "$W/floor" "$W/archive")
rss_j1=$(rss "$TVK" convert -q -j1 -o "$W/out-rss1" "$W/archive")
rss_j2=$(rss "$TVK" convert -q -j2 -o "$W/out-rss2" "$W/archive")

perf record -q -F 5000 --call-graph dwarf,32768 -o "$W/tvk.perf" \
	"$TVK" convert -q -j1 -o "$W/out-perf" "$W/archive" 2>/dev/null ||
	true # an invalid table's exit status 1
perf record -q -F 10000 -g -o "$W/floor.perf" "$W/floor" "$W/archive" \
	2>/dev/null
rm -rf "$W"/out-*

{
	echo "# tvk batch benchmark"
	echo
	echo "$n PDFs, $pages pages; $(nproc) cores; $(date -u +%Y-%m-%d)."
	echo
	cat "$W/hyperfine.md"
	echo
	cat "$W/hyperfine-cpu.md"
	echo
	cat "$W/rounds.md"
	echo
	if [ -n "$born" ]; then
		echo "## The devset's born-digital PDFs ($(find "$born" -name '*.pdf' | wc -l) files)"
		echo
		cat "$W/born.md"
		echo
		cat "$W/born-cpu.md"
		echo
		cat "$W/born-rounds.md"
		echo
	fi
	echo "Peak RSS: floor $rss_floor, tvk -j1 $rss_j1, tvk -j2 $rss_j2."
	echo
	echo "## Where the time goes (perf, by library)"
	echo
	echo '```'
	echo "tvk -j1:"
	perf report -i "$W/tvk.perf" --no-children --sort dso 2>/dev/null |
		grep -E '^ +[0-9.]+%' | head -8
	echo "floor:"
	perf report -i "$W/floor.perf" --no-children --sort dso 2>/dev/null |
		grep -E '^ +[0-9.]+%' | head -5
	echo
	echo "tvk -j1, inclusive, tvk's own functions:"
	perf report -i "$W/tvk.perf" --children --sort sym 2>/dev/null |
		grep -E '^ +[0-9.]+%' |
		grep -E '\] (tvk_|write_all|poppler_page_get_text|poppler_document_new)' |
		head -24
	echo '```'
} > "$W/report.md"
cat "$W/report.md"
