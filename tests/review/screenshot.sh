#!/bin/sh
# Makes doc/review.png, the screenshot of tvk review in the README: the
# page of the sample archive (fixtures/) and of its Rijnmond sheet with
# two cells changed, dated a quarter earlier (an invalid table: two rows
# and two columns fail),
# as headless Chromium shows it; and doc/review-glance.png, the top of
# the page of the series tests/status.py converts (six quarters of twelve
# regions, a swap, a row x10, a gap): its coverage grid and its warnings.  Run from anywhere, after building:
#
#     tests/review/screenshot.sh [BUILD_DIR]     (default: build)
#
# The PNG is committed; run this again when the page changes, and look at
# it before committing.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build}
tvk=$build/src/cli/tvk
mkfixture=$build/fixtures/mkfixture
for f in "$tvk" "$mkfixture"; do
	[ -x "$f" ] || { echo "screenshot.sh: no $f: build first" >&2; exit 1; }
done
chromium=$(command -v chromium || command -v chromium-browser) || {
	echo "screenshot.sh: no chromium (run .ci/install-deps)" >&2
	exit 1
}
work=$build/review-screenshot
rm -rf "$work"
mkdir -p "$work"

# shoot WIDTHxHEIGHT PAGE PNG: headless Chromium's screenshot of the page
# $work/PAGE into doc/PNG, with a profile of its own.
shoot() {
	rm -rf "$work/profile" && mkdir "$work/profile"
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$PWD/$work/profile" --virtual-time-budget=10000 \
		--window-size="$1" --screenshot="$PWD/$work/$3" \
		"file://$PWD/$work/$2" 2>"$work/chromium.log" >/dev/null
	mv "$work/$3" "doc/$3"
	echo "doc/$3: $(wc -c < "doc/$3") bytes"
}

sed -e 's/tweede kwartaal 2025/eerste kwartaal 2025/' \
	-e 's/| Albrandswaard | 3 | 84 | 92 |/| Albrandswaard | 3 | 85 | 92 |/' \
	-e 's/| Barendrecht | 3 | 124 | 156 |/| Barendrecht | 3 | 124 | 157 |/' \
	fixtures/src/uwv-2025-q2-rijnmond.spec > "$work/rijnmond-damaged.spec"
"$mkfixture" "$work/rijnmond-damaged.spec" "$work/rijnmond-damaged.pdf"
status=0
"$tvk" review -o "$work/review.html" fixtures/ "$work/rijnmond-damaged.pdf" ||
	status=$?
[ "$status" -eq 1 ] || { echo "screenshot.sh: tvk review exited $status" >&2; exit 1; }
shoot 1500,1400 review.html review.png

python3 tests/bench/make-archive.py --mkfixture "$mkfixture" \
	--out "$work/series" --quarters 6 --start 2023-Q3 --compendia 0 \
	--regions 1,2,3,4,5,6,7,8,9,10,12,22 --swap 2024-Q2:22 \
	--times-ten 2024-Q3:7 --gap 2024-Q1:1 2>/dev/null
"$tvk" convert -q -o "$work/series-out" "$work/series"
"$tvk" review -o "$work/series.html" "$work/series-out" >/dev/null
shoot 1000,850 series.html review-glance.png
