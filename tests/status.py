#!/usr/bin/env python3
"""tvk status end to end: archives of publications drawn by the benchmark's
generator (tests/bench/make-archive.py, with anomalies planted where it is
told), converted by the built tvk, looked at by tvk status.  TAP on stdout.

    status.py TVK MKFIXTURE WORKDIR GOLDEN_DIR [DEVSET]

- the series: six quarters of twelve regions, every count moving by noise
  alone but for a swap of two municipalities' rows, a row ten times too
  large with its region total, and a region's sheet left out: status
  --json reports exactly the gap and those two tables (the swap as one
  warning naming both, the x10 row with its total), nothing else;
- the same series without anomalies: no warning, exit 0;
- a conflict, an invalid table and an input that fails: each one problem
  line in the tvk: FILE[:PAGE]: message form, and its cell so marked;
- the whole benchmark archive (15 quarters, every region, compendia) and
  the devset's born-digital files converted together (when DEVSET is
  given and there): no warning;
- a run of quarters without any table: one line, its cells missing;
- the text output at 80 and 40 columns against golden files (GOLDEN_DIR/
  status-80.txt, status-40.txt; TVK_UPDATE_GOLDEN=1 writes them);
- the review page of the series in headless Chromium (skipped without
  it, unless TVK_REQUIRE_CHROMIUM=1): the coverage grid's squares painted
  in their statuses' colours, linked to the tables shown, a chart per
  warned series with the warned quarter in red;
- exit 2 on a folder without tvk output, 64 on misuse.
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_ARCHIVE = os.path.join(HERE, "bench", "make-archive.py")

TVK, MKFIXTURE, WORK, GOLDEN = sys.argv[1:5]
DEVSET = sys.argv[5] if len(sys.argv) > 5 else None

SERIES = ["--quarters", "6", "--start", "2023-Q3", "--compendia", "0",
          "--regions", "1,2,3,4,5,6,7,8,9,10,12,22"]
PLANTS = ["--swap", "2024-Q2:22", "--times-ten", "2024-Q3:7",
          "--gap", "2024-Q1:1"]

results = []


def case(name, ok, detail=""):
    results.append((name, ok, detail))


def archive(name, args):
    """Draws and converts an archive; returns (output folder, truth)."""
    src, out = os.path.join(WORK, name), os.path.join(WORK, name + "-out")
    truth = os.path.join(WORK, name + "-truth.json")
    for d in (src, src + "-specs", out):
        shutil.rmtree(d, ignore_errors=True)
    # cairo and fontconfig keep caches that LeakSanitizer reports in a
    # sanitized build's generator, which is not under test here.
    env = dict(os.environ)
    asan = env.get("ASAN_OPTIONS", "")
    env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "detect_leaks=0"
    subprocess.run([sys.executable, MAKE_ARCHIVE, "--mkfixture", MKFIXTURE,
                    "--out", src, "--truth", truth] + args, check=True,
                   stderr=subprocess.DEVNULL, env=env)
    subprocess.run([TVK, "convert", "-q", "-j", "2", "-o", out, src],
                   stderr=subprocess.DEVNULL)
    with open(truth, encoding="utf-8") as f:
        return out, json.load(f)


def status(*args, columns=None):
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns:
        env["COLUMNS"] = str(columns)
    r = subprocess.run([TVK, "status"] + list(args), capture_output=True,
                       text=True, env=env)
    return r.returncode, r.stdout, r.stderr


def status_json(folder):
    code, out, err = status("--json", folder)
    return code, json.loads(out), err


def warned(report):
    """{(kind, period, region, municipality codes)} of the warnings."""
    return sorted((w["kind"], w["period"], w["region"],
                   tuple(m["code"] for m in w["municipalities"]),
                   w["region_total"] is not None)
                  for w in report["warnings"])


def planted(truth):
    out = []
    for t in truth:
        if t["kind"] == "swap":
            out.append(("swap", t["period"], t["region"],
                        tuple(sorted(t["municipalities"])), False))
        elif t["kind"] == "times-ten":
            out.append(("jump", t["period"], t["region"],
                        tuple(t["municipalities"]), True))
    return sorted(out)


def not_valid(report):
    return sorted((c["period"], c["region"], c["status"])
                  for c in report["coverage"] if c["status"] != "valid")


def series_cases():
    folder, truth = archive("series", SERIES + PLANTS)
    code, report, _ = status_json(folder)
    case("series: exactly the swap (one warning naming both) and the x10 "
         "row with its total", warned(report) == planted(truth),
         f"got {warned(report)}, planted {planted(truth)}")
    gaps = [(t["period"], t["region"], "missing") for t in truth
            if t["kind"] == "gap"]
    case("series: the gap is the one cell not valid",
         not_valid(report) == gaps, f"got {not_valid(report)}")
    case("series: no problem", report["problems"] == [],
         str(report["problems"]))
    case("series: exit 1", code == 1 and report["exit_status"] == 1,
         f"exit {code}")
    x10 = [w for w in report["warnings"] if w["kind"] == "jump"]
    case("series: the x10 warning gives its figures",
         len(x10) == 1 and x10[0]["municipalities"][0]["value"] >=
         8 * x10[0]["municipalities"][0]["expected"] and
         x10[0]["region_total"]["value"] >
         x10[0]["region_total"]["expected"] and
         len(x10[0]["municipalities"][0]["series"]) == 6,
         json.dumps(x10)[:600])
    for columns in (80, 40):
        code, out, _ = status(folder, columns=columns)
        path = os.path.join(GOLDEN, f"status-{columns}.txt")
        if os.environ.get("TVK_UPDATE_GOLDEN"):
            with open(path, "w", encoding="utf-8") as f:
                f.write(out)
        with open(path, encoding="utf-8") as f:
            expected = f.read()
        wide = max(len(line) for line in out.splitlines())
        case(f"text at {columns} columns: as the golden file, no line "
             f"wider", out == expected and wide <= columns,
             f"--- expected\n{expected}--- got\n{out}")


def runs_cases():
    """Two quarters a year and a half apart: the quarters between, which
    hold no table, are one line (and still counted missing)."""
    src = os.path.join(WORK, "series")
    out = os.path.join(WORK, "apart-out")
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([TVK, "convert", "-q", "-o", out,
                    os.path.join(src, "2023-Q3"), os.path.join(src, "2024-Q4")],
                   stderr=subprocess.DEVNULL)
    code, text, _ = status(out, columns=80)
    rows = [l.split()[0] for l in text.splitlines() if l[:2] == "20"]
    case("quarters without a table: one line between the two held",
         rows == ["2023-Q3", "2023-Q4", "2024-Q4"] and
         "2023-Q4 to 2024-Q3: no table" in text, text)
    code, report, _ = status_json(out)
    case("quarters without a table: each cell still missing",
         report["counts"]["missing"] == 4 * 12 and
         len(report["coverage"]) == 6 * 12, str(report["counts"]))


def noise_cases():
    folder, _ = archive("noise", SERIES)
    code, report, _ = status_json(folder)
    case("noise alone: no warning, nothing missing, exit 0",
         report["warnings"] == [] and not_valid(report) == [] and code == 0,
         f"exit {code}, {warned(report)}, {not_valid(report)}")
    code, out, _ = status(folder)
    case("noise alone: says nothing needs attention",
         code == 0 and out.rstrip().endswith("nothing needs attention"),
         out[-300:])


def problem_cases():
    folder, truth = archive("problems", [
        "--quarters", "2", "--start", "2024-Q1", "--compendia", "0",
        "--regions", "1,7,22", "--conflict", "2024-Q1:7",
        "--invalid", "2024-Q2:22", "--fail", "2024-Q2:1"])
    code, report, _ = status_json(folder)
    case("problems: the conflict, the invalid table and the failed input's "
         "gap in the grid", not_valid(report) == [
             ("2024-Q1", 7, "conflict"), ("2024-Q2", 1, "missing"),
             ("2024-Q2", 22, "invalid")], str(not_valid(report)))
    kinds = sorted((p["kind"], p["period"], p["region"])
                   for p in report["problems"])
    case("problems: one each", kinds == [
        ("conflict", "2024-Q1", 7), ("failed", None, None),
        ("invalid", "2024-Q2", 22)], str(kinds))
    code, out, _ = status(folder)
    lines = [l for l in out.splitlines() if l.startswith("tvk: ")]
    good = len(lines) == 3 and all(
        l.split(": ")[1].split(":")[0].endswith(".pdf") for l in lines)
    case("problems: a line each, tvk: FILE[:PAGE]: message", good,
         "\n".join(lines))
    inval = [l for l in lines if "invalid" in l]
    case("problems: the invalid table's line names its page",
         len(inval) == 1 and ".pdf:2: " in inval[0], str(inval))
    case("problems: exit 1", code == 1, f"exit {code}")


def quiet_cases():
    folder, _ = archive("bench", [])
    code, report, _ = status_json(folder)
    case("the benchmark archive: no warning", report["warnings"] == [],
         str(warned(report)))
    if not DEVSET or not os.path.isdir(DEVSET):
        case("# SKIP the devset's born files: no devset", True)
        return
    out = os.path.join(WORK, "devset-born-out")
    shutil.rmtree(out, ignore_errors=True)
    with open(os.path.join(DEVSET, "corpus", "MANIFEST.tsv"),
              encoding="utf-8") as f:
        born = [os.path.join(DEVSET, "corpus", l.split("\t")[0])
                for l in f if l.split("\t")[1:2] == ["born"]]
    subprocess.run([TVK, "convert", "-q", "-j", "2", "-o", out] + born,
                   stderr=subprocess.DEVNULL)
    code, report, _ = status_json(out)
    case(f"the devset's {len(born)} born files together: no warning",
         len(born) > 100 and report["warnings"] == [] and
         report["counts"]["valid"] > 170, str(warned(report)))


CHECK_SCRIPT = """<script>addEventListener("load", function () {
const fills = {};
for (const r of document.querySelectorAll("svg.grid rect.sq")) {
  const k = r.getAttribute("class").split(" ")[1] + " " +
    getComputedStyle(r).fill;
  fills[k] = (fills[k] || 0) + 1;
}
let links = 0, dangling = 0;
for (const a of document.querySelectorAll("svg.grid a")) {
  links++;
  if (!document.getElementById(a.getAttribute("href").slice(1))) dangling++;
}
const warned = [];
for (const c of document.querySelectorAll("svg.chart circle.warned")) {
  const r = c.getBoundingClientRect();
  warned.push(getComputedStyle(c).fill + (r.width > 0 ? "" : " hidden"));
}
document.body.setAttribute("data-check", JSON.stringify({fills, links,
  dangling, charts: document.querySelectorAll("svg.chart").length,
  warnings: document.querySelectorAll("div.warning").length, warned}));
});</script>
</body>"""


def browser_cases():
    """The review page of the series in headless Chromium: the grid's
    squares in their statuses' colours (as the browser paints them), its
    links to tables on the page, a chart per warned series with the
    warned quarter in red."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        if os.environ.get("TVK_REQUIRE_CHROMIUM") == "1":
            case("chromium is installed", False)
        else:
            case("# SKIP the review page in a browser: no chromium", True)
        return
    folder = os.path.join(WORK, "series-out")
    page = os.path.join(WORK, "series-review.html")
    r = subprocess.run([TVK, "review", "-o", page, folder],
                       capture_output=True, text=True)
    case("review of the series: written", r.returncode == 0, r.stderr)
    with open(page, encoding="utf-8") as f:
        html = f.read()
    check = os.path.join(WORK, "series-review-check.html")
    with open(check, "w", encoding="utf-8") as f:
        f.write(html.replace("script-src 'none'", "script-src 'unsafe-inline'")
                .replace("</body>", CHECK_SCRIPT))
    profile = os.path.join(WORK, "chromium-profile")
    shutil.rmtree(profile, ignore_errors=True)
    dom = subprocess.run(
        ["timeout", "120", chromium, "--headless", "--no-sandbox",
         "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--user-data-dir=" + profile, "--virtual-time-budget=10000",
         "--dump-dom", "file://" + check],
        capture_output=True, text=True).stdout
    start = dom.find("data-check=\"")
    if start < 0:
        case("the review page loads in chromium", False, dom[:300])
        return
    import html as htmllib
    text = dom[start + 12:dom.index("\"", start + 12)]
    got = json.loads(htmllib.unescape(text))
    case("grid: 71 valid squares green, the gap grey, as painted",
         got["fills"] == {"c-valid rgb(47, 158, 68)": 71,
                          "c-missing rgb(206, 212, 218)": 1}, str(got))
    case("grid: the two warned tables' squares link to their sections",
         got["links"] == 2 and got["dangling"] == 0, str(got))
    case("warnings: two, with a chart per series (two rows of the swap, "
         "the x10 row and its total), the warned quarter red",
         got["warnings"] == 2 and got["charts"] == 4 and
         got["warned"] == ["rgb(224, 49, 49)"] * 4, str(got))


def usage_cases():
    empty = os.path.join(WORK, "empty")
    os.makedirs(empty, exist_ok=True)
    code, out, err = status(empty)
    case("a folder without tvk output: exit 2, one line",
         code == 2 and err.count("\n") == 1, f"exit {code}: {err}")
    code, _, err = status(os.path.join(WORK, "no-such-folder"))
    case("a folder that is not there: exit 2", code == 2, f"exit {code}")
    for args in ([], [empty, empty], ["--frob", empty]):
        code, _, err = status(*args)
        case(f"misuse {args[:1]}: exit 64", code == 64, f"exit {code}")
    code, out, _ = status("--help")
    case("--help: exit 0 on stdout", code == 0 and "usage: tvk status" in out)


def main():
    os.makedirs(WORK, exist_ok=True)
    for part in (series_cases, browser_cases, runs_cases, noise_cases,
                 problem_cases, quiet_cases, usage_cases):
        try:
            part()
        except Exception as e:  # a broken part fails, the rest still run
            case(f"{part.__name__} ran", False, repr(e))
    print(f"1..{len(results)}")
    failed = 0
    for i, (name, ok, detail) in enumerate(results, 1):
        if name.startswith("# SKIP"):
            print(f"ok {i} {name}")
            continue
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        if not ok:
            failed += 1
            for line in str(detail).splitlines():
                print(f"# {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
