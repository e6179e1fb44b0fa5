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
- the text output at 80 and 40 columns against golden files (GOLDEN_DIR/
  status-80.txt, status-40.txt; TVK_UPDATE_GOLDEN=1 writes them);
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
    subprocess.run([sys.executable, MAKE_ARCHIVE, "--mkfixture", MKFIXTURE,
                    "--out", src, "--truth", truth] + args, check=True,
                   stderr=subprocess.DEVNULL)
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
    for part in (series_cases, noise_cases, problem_cases, quiet_cases,
                 usage_cases):
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
