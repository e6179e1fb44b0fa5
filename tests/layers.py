#!/usr/bin/env python3
"""Holds tvk's sources to their layers.  TAP on stdout.

    layers.py ROOT        checks the tree at ROOT (its src/ and include/tvk/)
    layers.py --planted   checks small trees, each planted with one breach of
                          a rule, and fails unless every one is caught

The folders of src/ are the layers, in the order below (the README says it
too).  A file's layer is the folder it is in, so a new file needs no entry
here; a new folder does.

- A file may include the headers of its own folder and of the folders
  below it, never above: batch, dataset and review stand side by side and
  never include each other.  An include names the folder ("base/text.h"),
  so every include line shows the layer it reaches into; "config.h", the
  build's configuration, is the one header without a folder.
- include/tvk/ is the public face.  Its headers include only each other.
  A public header reaches the folders that define the functions it
  declares (and whatever the public headers it includes reach); a file may
  include it only when every folder it reaches is its own or below.  The
  CLI uses include/tvk/ and its own folder only.  No public header
  includes a library's header (poppler, pcre2, jansson, ...): those stay
  in the stage that uses them.
- No include cycle.
- No file over 1,000 lines, no function over 150: a file does one job, and
  a function one thing (what a reader takes in whole).
"""
import os
import re
import sys
import tempfile

# Bottom first.  "a | b" stand side by side: neither includes the other.
ORDER = ("base < model < read < gazetteer < table < repair < validate < "
         "pipeline < document < archive < batch | dataset | review < cli")

TOP = "cli"
GENERATED = {"config.h"}
MAX_FILE_LINES = 1000
MAX_FUNCTION_LINES = 150
# Libraries whose headers no public header may include.
LIBRARIES = ("poppler", "glib", "cairo", "pcre2", "jansson", "tesseract",
             "leptonica", "xlsxwriter")

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]', re.M)
DECLARED = re.compile(r'\bTVK_API\b[^;{]*?\b(tvk_\w+)\s*\(', re.S)
CALLED = re.compile(r'\b(tvk_\w+)\s*\(')


def tiers():
    rank = {}
    for i, tier in enumerate(ORDER.split("<")):
        for name in tier.split("|"):
            rank[name.strip()] = i
    return rank


def sources(root):
    """{relative path: text} of every .c and .h under src/ and include/tvk/."""
    out = {}
    for top in ("src", os.path.join("include", "tvk")):
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    path = os.path.join(d, name)
                    with open(path, encoding="utf-8") as f:
                        out[os.path.relpath(path, root)] = f.read()
    return out


def folder_of(path):
    """The layer of a file under src/ (its first folder), or None."""
    parts = path.split(os.sep)
    return parts[1] if parts[0] == "src" and len(parts) > 2 else None


def definitions(text):
    """The non-static functions named tvk_* that @text defines."""
    names = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not re.match(r"[A-Za-z_]", line) or line.startswith(
                ("static", "typedef", "extern")):
            continue
        m = CALLED.search(line)
        if not m:
            continue
        for nxt in lines[i:i + 12]:
            if nxt.startswith("{"):
                names.append(m.group(1))
                break
            if nxt.rstrip().endswith(";"):
                break
    return names


def functions(text):
    """(name, first line, length in lines) of every function body in @text:
    from the first line of its signature to its closing brace."""
    out = []
    lines = text.split("\n")
    start = None
    for i, line in enumerate(lines):
        if line.startswith("{") and start is None:
            j = i
            while j > 0 and lines[j - 1].strip() and re.match(
                    r"[A-Za-z_ \t]", lines[j - 1]) and not lines[j - 1] \
                    .rstrip().endswith((";", "}", "*/")):
                j -= 1
            sig = " ".join(lines[j:i])
            m = re.search(r"(\w+)\s*\(", sig)
            start = (m.group(1) if m else "?", j)
        elif line.startswith("}") and start is not None:
            out.append((start[0], start[1] + 1, i - start[1] + 1))
            start = None
    return out


def check(root):
    """The list of (ok, description) of every check on the tree at @root."""
    rank = tiers()
    files = sources(root)
    cases = []

    def case(ok, text, bad=()):
        cases.append((ok, text + (": " + "; ".join(bad) if bad else "")))

    # Every file is in a folder, every folder in the order.
    loose = [p for p in files if p.startswith("src" + os.sep) and
             folder_of(p) is None]
    case(not loose, "every source is in a folder of src/", loose)
    unplaced = sorted({folder_of(p) for p in files if folder_of(p)} -
                      set(rank))
    case(not unplaced, "every folder of src/ has its place in the order",
         [f"src/{f}/ (add it to ORDER in tests/layers.py and the README)"
          for f in unplaced])

    # Where each public header reaches: the folders defining what it
    # declares, and what the public headers it includes reach.
    defined_in = {}
    for path, text in files.items():
        if path.endswith(".c") and folder_of(path):
            for name in definitions(text):
                defined_in.setdefault(name, set()).add(folder_of(path))
    public = {os.path.basename(p): p for p in files
              if p.startswith(os.path.join("include", "tvk"))}
    reach = {}
    undefined = []

    def public_reach(name, stack=()):
        if name in reach:
            return reach[name]
        if name in stack:
            return set()  # a cycle, reported below
        text = files[public[name]]
        r = set()
        for fn in DECLARED.findall(text):
            if fn in defined_in:
                r |= defined_in[fn]
            else:
                undefined.append(f"{fn} ({public[name]})")
        for kind, inc in INCLUDE.findall(text):
            if inc.startswith("tvk/") and os.path.basename(inc) in public:
                r |= public_reach(os.path.basename(inc), stack + (name,))
        reach[name] = r
        return r

    for name in public:
        public_reach(name)
    case(not undefined, "every function a public header declares is "
         "defined in src/", sorted(set(undefined)))

    # The includes of every file.
    graph = {}
    for path, text in sorted(files.items()):
        own = folder_of(path)
        is_public = path.startswith(os.path.join("include", "tvk"))
        bad = []
        deps = []
        for kind, inc in INCLUDE.findall(text):
            lib = inc.split("/")[0].split(".")[0]
            if kind == "<" and not inc.startswith("tvk/"):
                if is_public and lib in LIBRARIES:
                    bad.append(f"<{inc}> (a library's header in the "
                               "public face)")
                continue
            if kind == "<":  # <tvk/x.h>
                name = os.path.basename(inc)
                if name not in public:
                    bad.append(f"<{inc}> (no such public header)")
                    continue
                deps.append(public[name])
                if is_public or own == TOP or own is None:
                    continue
                above = sorted(f for f in reach[name] if f != own and
                               f in rank and rank[f] >= rank.get(own, -1))
                if above:
                    bad.append(f"<{inc}> (reaches {', '.join(above)})")
                continue
            if inc in GENERATED:
                continue
            target = os.path.join("src", inc)
            if "/" not in inc or target not in files:
                bad.append(f'"{inc}" (not "folder/name.h" of src/)')
                continue
            deps.append(target)
            to = folder_of(target)
            if is_public:
                bad.append(f'"{inc}" (the public face includes only '
                           'include/tvk/)')
            elif own == TOP and to != TOP:
                bad.append(f'"{inc}" (the CLI uses include/tvk/ only)')
            elif to != own and (own not in rank or to not in rank or
                                rank[to] >= rank[own]):
                bad.append(f'"{inc}" ({to} is not below {own})')
        graph[path] = deps
        layer = own if own else ("public" if is_public else "?")
        case(not bad, f"{path} ({layer}) includes only what lies below",
             bad)

    # No cycles (headers include headers; a .c is never included).
    state = {}
    cycles = []

    def visit(n, stack):
        state[n] = 1
        for d in graph.get(n, []):
            if state.get(d) == 1:
                cycles.append(" -> ".join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d, stack + [d])
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n, [n])
    case(not cycles, "no include cycle", cycles)

    # Sizes.
    long_files = [f"{p} ({t.count(chr(10))} lines)"
                  for p, t in files.items()
                  if t.count("\n") > MAX_FILE_LINES]
    case(not long_files, f"no file over {MAX_FILE_LINES:,} lines",
         long_files)
    long_functions = [f"{p}:{line} {name}() ({n} lines)"
                      for p, t in files.items()
                      for name, line, n in functions(t)
                      if n > MAX_FUNCTION_LINES]
    case(not long_functions, f"no function over {MAX_FUNCTION_LINES} lines",
         long_functions)

    return cases


def tap(cases, prefix=""):
    failed = 0
    for i, (ok, text) in enumerate(cases, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {prefix}{text}")
        failed += not ok
    return failed


# ---- planted breaches --------------------------------------------------------

# A small tree that keeps every rule: a function in base, a public header
# declaring it, a batch and a dataset file, the CLI.
CLEAN = {
    "src/base/text.h": '#include <stddef.h>\nsize_t tvk_len(const char *s);\n',
    "src/base/text.c": '#include "base/text.h"\n#include "config.h"\n\n'
                       'size_t tvk_len(const char *s)\n{\n\treturn 0;\n}\n',
    "src/base/error.c": '#include <tvk/error.h>\n\n'
                        'int tvk_error_set(int code)\n{\n\treturn -1;\n}\n',
    "include/tvk/error.h": '#include <stdio.h>\n'
                           'TVK_API int tvk_error_set(int code);\n',
    "include/tvk/batch.h": '#include <tvk/error.h>\n'
                           'TVK_API int tvk_batch_run(void);\n',
    "include/tvk/tvk.h": '#include <tvk/error.h>\n#include <tvk/batch.h>\n',
    "src/batch/batch.h": '#include "base/text.h"\n',
    "src/batch/batch.c": '#include <tvk/batch.h>\n#include "batch/batch.h"\n'
                         '\nint tvk_batch_run(void)\n{\n\treturn 0;\n}\n',
    "src/dataset/dataset.c": '#include <tvk/error.h>\n#include "base/text.h"\n',
    "src/cli/cli.h": '#include <tvk/tvk.h>\n',
    "src/cli/main.c": '#include "cli/cli.h"\n\nint main(void)\n{\n'
                      '\treturn tvk_batch_run();\n}\n',
}

# (what is broken, files added to the clean tree, what the failure says)
PLANTED = [
    ("base includes a folder above it",
     {"src/base/up.c": '#include "batch/batch.h"\n'},
     "batch is not below base"),
    ("dataset includes batch, which stands beside it",
     {"src/dataset/side.c": '#include "batch/batch.h"\n'},
     "batch is not below dataset"),
    ("base includes a public header that reaches batch",
     {"src/base/up.c": '#include <tvk/batch.h>\n'},
     "<tvk/batch.h> (reaches batch)"),
    ("base includes the umbrella header",
     {"src/base/up.c": '#include <tvk/tvk.h>\n'},
     "<tvk/tvk.h> (reaches batch)"),
    ("the CLI includes a header of the library's folders",
     {"src/cli/text.c": '#include "base/text.h"\n'},
     "the CLI uses include/tvk/ only"),
    ("a public header includes a header of src/",
     {"include/tvk/more.h": '#include "base/text.h"\n'},
     "the public face includes only include/tvk/"),
    ("a public header includes jansson's",
     {"include/tvk/more.h": '#include <jansson.h>\n'},
     "a library's header in the public face"),
    ("a public header declares a function defined nowhere",
     {"include/tvk/more.h": 'TVK_API int tvk_gone(void);\n'},
     "tvk_gone (include/tvk/more.h)"),
    ("an include without its folder",
     {"src/batch/more.c": '#include "text.h"\n'},
     'not "folder/name.h" of src/'),
    ("a folder missing from the order",
     {"src/extra/extra.c": '#include "base/text.h"\n'},
     "src/extra/ (add it"),
    ("a source outside the folders",
     {"src/loose.c": '#include "base/text.h"\n'},
     "every source is in a folder of src/: src/loose.c"),
    ("two headers that include each other",
     {"src/base/a.h": '#include "base/b.h"\n',
      "src/base/b.h": '#include "base/a.h"\n'},
     "no include cycle"),
    ("a file over the line limit",
     {"src/base/long.c": "/* a line */\n" * (MAX_FILE_LINES + 1)},
     "src/base/long.c (1001 lines)"),
    ("a function over the line limit",
     {"src/base/long.c": "static int f(void)\n{\n" +
      "\tcall();\n" * MAX_FUNCTION_LINES + "}\n"},
     "src/base/long.c:1 f() (153 lines)"),
]


def plant(files):
    d = tempfile.mkdtemp(prefix="tvk-layers-")
    for path, text in files.items():
        full = os.path.join(d, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as f:
            f.write(text)
    return d


def remove(d):
    for base, dirs, files in os.walk(d, topdown=False):
        for name in files:
            os.remove(os.path.join(base, name))
        for name in dirs:
            os.rmdir(os.path.join(base, name))
    os.rmdir(d)


def planted():
    cases = []
    d = plant(CLEAN)
    bad = [text for ok, text in check(d) if not ok]
    remove(d)
    cases.append((not bad, "the clean tree passes" +
                  (": " + "; ".join(bad) if bad else "")))
    for what, change, says in PLANTED:
        d = plant({**CLEAN, **change})
        bad = [text for ok, text in check(d) if not ok]
        remove(d)
        caught = [text for text in bad if says in text]
        cases.append((bool(caught), f"caught: {what}" +
                      (f" ({caught[0]})" if caught else
                       f" (NOT caught; failed: {bad})")))
    return cases


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: layers.py ROOT | --planted")
    cases = planted() if sys.argv[1] == "--planted" else check(sys.argv[1])
    print(f"1..{len(cases)}")
    sys.exit(1 if tap(cases) else 0)


if __name__ == "__main__":
    main()
