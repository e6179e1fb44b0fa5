#!/bin/sh
# The review page in a real browser: tvk review over the sample archive
# (and, with --all, every table of it) rendered by headless Chromium from
# a file:// URL, offline.  TAP on stdout.
#
# usage: browser.sh TVK FIXTURES WORKDIR
#
# Fails when the page does not load, when an image of it is not decoded
# (naturalWidth, read by a small script added to a copy of the page: the
# page itself has none, and its Content-Security-Policy forbids one, so
# the copy allows inline scripts and is otherwise the same), when a mark
# lies outside its image, or when the DOM lacks a row for a repair of a
# table the page shows.  The screenshot stays in WORKDIR as the test's
# artefact (review.png).
#
# Without Chromium it fails when TVK_REQUIRE_CHROMIUM=1 (.ci/test sets it;
# .ci/install-deps installs Debian's chromium) and is skipped elsewhere.
set -u
tvk=$1 fixtures=$2 work=$3

chromium=""
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && { chromium=$(command -v "$c"); break; }
done
if [ -z "$chromium" ]; then
	echo "# no chromium: run .ci/install-deps (Debian's chromium package)"
	if [ "${TVK_REQUIRE_CHROMIUM:-}" = 1 ]; then
		echo "1..1"
		echo "not ok 1 - chromium is installed"
		exit 1
	fi
	echo "1..0 # SKIP no chromium"
	exit 77
fi

rm -rf "$work"
mkdir -p "$work" || { echo "Bail out! cannot make $work"; exit 1; }
cd "$work" || exit 1

n=0 failed=0
ok() { # condition-status description
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

# headless, offline, a profile of its own; the page as a file:// URL
browse() { # file.html [extra chromium options...]
	file=$1
	shift
	rm -rf profile
	mkdir profile
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$work/profile" --virtual-time-budget=10000 \
		"$@" "file://$work/$file" 2>>chromium.log
}

# A copy of the page that reports, once it has loaded, on every image
# and every mark, into attributes of <body> that --dump-dom shows.
checkable() { # page.html copy.html
	sed -e "s/script-src 'none'/script-src 'unsafe-inline'/" \
		-e 's|^</body>$|<script>addEventListener("load", function () {\
var ok = 0, broken = 0, outside = 0;\
for (const i of document.images)\
  (i.complete \&\& i.naturalWidth > 0 \&\& i.naturalHeight > 0 \&\&\
   i.naturalWidth == i.getAttribute("width")) ? ok++ : broken++;\
for (const m of document.querySelectorAll("rect.mark")) {\
  const f = m.closest(".frame").querySelector("img").getBoundingClientRect();\
  const r = m.getBoundingClientRect();\
  if (r.width <= 0 \|\| r.height <= 0 \|\| r.left < f.left - 2 \|\|\
      r.right > f.right + 2 \|\| r.top < f.top - 2 \|\| r.bottom > f.bottom + 2)\
    outside++;\
}\
document.body.setAttribute("data-images-ok", ok);\
document.body.setAttribute("data-images-broken", broken);\
document.body.setAttribute("data-marks", document.querySelectorAll("rect.mark").length);\
document.body.setAttribute("data-marks-outside", outside);\
});</script>\
</body>|' "$1" > "$2"
}

"$tvk" review -o review.html "$fixtures" > review.out 2>review.err
ok $? "tvk review of the sample archive"
"$tvk" review --all -o all.html "$fixtures" > all.out 2>all.err
ok $? "tvk review --all of the sample archive"
"$tvk" validate --json "$fixtures" > documents.json 2>validate.err
[ $? -le 1 ]
ok $? "tvk validate --json of the sample archive"

browse review.html --window-size=1400,1000 --screenshot="$work/review.png" \
	> screenshot.out
[ -s review.png ] && [ "$(head -c 8 review.png | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ]
ok $? "a screenshot of the page (review.png)"

for page in review all; do
	checkable $page.html $page-check.html
	browse $page-check.html --dump-dom > $page.dom
	python3 - "$page" <<'PY'
import html.parser, json, re, sys
page = sys.argv[1]
dom = open(page + ".dom", encoding="utf-8").read()
source = open(page + ".html", encoding="utf-8").read()

class Body(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.body, self.rows, self.row, self.text = None, {}, None, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        if tag == "tr" and a.get("id"):
            self.row, self.text = a["id"], []
    def handle_endtag(self, tag):
        if tag == "tr" and self.row:
            self.rows[self.row] = " ".join("".join(self.text).split())
            self.row = None
    def handle_data(self, data):
        if self.row:
            self.text.append(data)

b = Body()
b.feed(dom)
problems = []
if b.body is None or "<h1>tvk review</h1>" not in dom:
    problems.append("the page did not load")
elif "data-images-ok" not in b.body:
    problems.append("the page's load event did not come")
else:
    images = source.count("<img ")
    if int(b.body["data-images-broken"]) or int(b.body["data-images-ok"]) != images:
        problems.append("%s of %d images broken" % (b.body["data-images-broken"], images))
    if int(b.body["data-marks"]) != source.count('class="mark '):
        problems.append("marks missing from the DOM")
    if int(b.body["data-marks-outside"]):
        problems.append("%s marks outside their image" % b.body["data-marks-outside"])
    if images == 0:
        problems.append("no image at all")
# a row in the list for every repair of every table the page shows
shown = page == "all" and ("valid", "repaired", "invalid") or ("repaired", "invalid")
docs = json.load(open("documents.json"))["tables"]
rows = list(b.rows.values())
want = 0
for d in docs:
    if d["validation"]["status"] not in shown:
        continue
    for r in d["repairs"]:
        want += 1
        where = "%s / %s" % (r["subject"], r["field"])
        if not any(where in t and (r["evidence"] or "") in t for t in rows):
            problems.append("no row for the repair %s (%s)" % (where, r["kind"]))
if want == 0:
    problems.append("no repair to look for")
for p in problems:
    print("# %s: %s" % (page, p))
sys.exit(1 if problems else 0)
PY
	ok $? "$page.html in chromium: loads from file://, every image decoded, every mark on its image, a row per repair"
done

grep -q 'Voorne aan Zee / municipal_with_profile' review.dom
ok $? "the Rijnmond repair (Voorne aan Zee, lost cell) is on the page"

echo "1..$n"
[ "$failed" -eq 0 ] || { echo "# chromium's messages: $work/chromium.log"; exit 1; }
exit 0
