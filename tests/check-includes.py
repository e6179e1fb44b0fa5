#!/usr/bin/env python3
"""Checks that the sources follow the pipeline: no file includes a header of
a stage after its own, and no two files include each other, directly or
round a cycle.  TAP on stdout.

    check-includes.py SRCDIR

Every source and header of the library has its layer below; a new file
must be given one here, or this test fails and says so.
"""
import os
import re
import sys

# In pipeline order: a file may include the headers of its own layer and
# of those before it.
LAYERS = [
    ("base", "api.h error.h arena.h types.h sha256.h util.h text.h files.h "
             "jsonw.h",
     "arena.c buffer.c dir.c error.c sha256.c text.c files.c jsonw.c "
     "version.c"),
    ("model", "model.h", "model.c"),
    ("pdf", "pdf.h ocr.h", "pdf.c ocr.c"),
    ("layout", "layout.h", "layout.c"),
    ("lex", "lex.h", "lex.c"),
    ("gazetteer", "gazetteer.h gazetteer-data.h composition.h",
     "gazetteer.c composition.c"),
    ("table", "table.h", "table.c"),
    ("repair", "repair.h repair-internal.h",
     "repair.c region.c names.c numbers.c solve.c"),
    ("validate", "validate.h", "validate.c"),
    ("second", "second.h", "second.c"),
    ("doc", "doc.h", "doc.c"),
    ("document", "document.h wire.h", "document.c wire.c"),
    ("emit", "emit.h", "emit.c"),
    ("batch", "batch.h batch-internal.h merge.h worker.h pool.h",
     "batch.c cache.c index.c inputs.c merge.c worker.c pool.c"),
    ("dataset", "dataset.h", "dataset.c schema.c"),
    ("review", "review.h", "review.c review-read.c png.c html.c"),
    ("umbrella", "tvk.h", ""),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"](?:tvk/)?([^>"]+)[>"]', re.M)


def main():
    src = sys.argv[1]
    layer = {}
    for i, (_, headers, sources) in enumerate(LAYERS):
        for name in (headers + " " + sources).split():
            layer[name] = i
    files = {}
    for d in ("include/tvk", "src"):
        for name in sorted(os.listdir(os.path.join(src, d))):
            if name.endswith((".c", ".h")):
                files[name] = os.path.join(src, d, name)
    cli = os.path.join(src, "src", "cli")
    cases = []
    unknown = [n for n in files if n not in layer]
    cases.append((not unknown, "every source has a layer" +
                  (f" (missing: {', '.join(unknown)})" if unknown else "")))
    graph = {}
    for name, path in files.items():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        own = layer.get(name)
        deps = [m for m in INCLUDE.findall(text) if m in files]
        graph[name] = deps
        bad = [d for d in deps if own is not None and layer[d] > own]
        cases.append((not bad, f"{name} ({LAYERS[own][0] if own is not None else '?'})"
                      " includes no later stage" +
                      (f": {', '.join(f'{d} ({LAYERS[layer[d]][0]})' for d in bad)}"
                       if bad else "")))
    # The command line may include anything of the library, but the
    # library nothing of it.
    for name in sorted(os.listdir(cli)):
        if name.endswith((".c", ".h")):
            graph["cli/" + name] = []
    for name, deps in graph.items():
        if not name.startswith("cli/"):
            cases.append((not any(d.startswith("cli") for d in deps),
                          f"{name} includes nothing of the CLI"))
    # No cycles (headers include headers; a .c is never included).
    state = {}
    cycle = []

    def visit(n, stack):
        state[n] = 1
        for d in graph.get(n, []):
            if state.get(d) == 1:
                cycle.append(" -> ".join(stack[stack.index(d):] + [d]))
            elif d not in state:
                visit(d, stack + [d])
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n, [n])
    cases.append((not cycle, "no include cycle" +
                  (f": {'; '.join(cycle)}" if cycle else "")))
    print(f"1..{len(cases)}")
    failed = 0
    for i, (ok, text) in enumerate(cases, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {text}")
        failed += not ok
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
