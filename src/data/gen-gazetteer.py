#!/usr/bin/env python3
"""Turns the gazetteer TSVs into C tables (src/gazetteer-data.h declares them).

usage: gen-gazetteer.py gemeenten-2025.tsv arbeidsmarktregios.tsv OUTPUT.c

gemeenten:  code, name, region_code, printed_label   (one municipality a line)
regios:     code, name, printed_variants             (variants comma- or
                                                      tab-separated, may be empty)

Besides the public structs it writes the folded forms of every name, label
and variant, so that matching never folds a reference string at run time.
fold() below must stay in step with tvk_fold() in src/gazetteer.c: the test
suite checks that tvk_fold() of every name and label meets its precomputed
form at distance 0.

Any malformed line stops the build: it names the file and line and exits 1.
"""

import re
import sys
import unicodedata

N_REGIONS = 35  # TVK_N_REGIONS in include/tvk/gazetteer.h

# Equal to src/gazetteer-data.h; were they not, an initialiser with too
# many elements would stop the C compiler.
TVK_GZ_MAX_FORMS = 3
TVK_GZ_MAX_REGION_FORMS = 7

# U+00C0..U+00FF; None is a separator (the multiplication and division signs).
LATIN1 = [
    "a", "a", "a", "a", "a", "a", "ae", "c",
    "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", None,
    "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",
    "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", None,
    "o", "u", "u", "u", "u", "y", "th", "ij",
]

SEP = object()
DROP = object()


def fold_cp(cp):
    """What tvk_fold() makes of one code point: letters, SEP or DROP."""
    if cp < 0x80:
        c = chr(cp)
        if c.isascii() and c.isalnum():
            return c.lower()
        if c == "|":
            return "i"
        return SEP
    if cp < 0xC0:
        return SEP
    if cp < 0x100:
        out = LATIN1[cp - 0xC0]
        return SEP if out is None else out
    if cp in (0x132, 0x133, 0x178):
        return "ij"
    if 0x300 <= cp < 0x370:
        return DROP
    if 0x2000 <= cp < 0x2070:
        return SEP
    return DROP


def fold(s):
    cps = [ord(c) for c in s]
    words = []
    word = None
    i = 0
    while i < len(cps):
        cp = cps[i]
        if (word is None and i + 1 < len(cps)
                and chr(cp) in "lL|1" and chr(cps[i + 1]) in "jJ"):
            word = "ij"
            i += 2
            continue
        out = fold_cp(cp)
        i += 1
        if out is DROP:
            continue
        if out is SEP:
            if word is not None:
                words.append(word)
                word = None
            continue
        word = out if word is None else word + out
    if word is not None:
        words.append(word)
    return join_single(words)


def join_single(words):
    """Runs of one-letter words become one word: "c a" -> "ca"."""
    out = []
    prev_single = False
    for w in words:
        single = len(w) == 1
        if single and prev_single:
            out[-1] += w
        else:
            out.append(w)
        prev_single = single
    return " ".join(out)


def base_name(name):
    """The CBS name without its qualifier: "Bergen (L.)" -> "Bergen"."""
    m = re.fullmatch(r"(.*\S)\s*\([^()]*\)", name)
    return m.group(1) if m else None


def slug(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower()
    s = re.sub(r"[^a-z0-9]+", "-", s.encode("ascii", "ignore").decode())
    return s.strip("-")


def c_string(s):
    out = ['"']
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif c == "?":
            out.append("\\?")  # no trigraphs
        elif 0x20 <= b < 0x7F:
            out.append(c)
        else:
            out.append("\\%03o" % b)  # octal: never more than 3 digits
    out.append('"')
    return "".join(out)


class Malformed(Exception):
    pass


def read_tsv(path, header):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        raise Malformed("%s: %s" % (path, e))
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if not lines or lines[0].split("\t")[:len(header)] != header:
        raise Malformed("%s:1: header is not %s" % (path, "\\t".join(header)))
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        rows.append((n, line.split("\t")))
    if not rows:
        raise Malformed("%s: no data lines" % path)
    return rows


def parse_int(path, n, text, what):
    if not re.fullmatch(r"[0-9]+", text):
        raise Malformed("%s:%d: %s %r is not a number" % (path, n, what, text))
    return int(text)


def check_text(path, n, text, what):
    if not text or text != text.strip():
        raise Malformed("%s:%d: %s %r is empty or padded" % (path, n, what, text))
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in text):
        raise Malformed("%s:%d: %s has control characters" % (path, n, what))
    if not fold(text):
        raise Malformed("%s:%d: %s %r folds to nothing" % (path, n, what, text))
    return text


def read_regions(path):
    regions = {}
    for n, f in read_tsv(path, ["code", "name", "printed_variants"]):
        if len(f) < 2:
            raise Malformed("%s:%d: expected code, name, variants" % (path, n))
        code = parse_int(path, n, f[0], "region code")
        if not 1 <= code <= N_REGIONS:
            raise Malformed("%s:%d: region code %d not in 1..%d"
                            % (path, n, code, N_REGIONS))
        if code in regions:
            raise Malformed("%s:%d: region %d twice" % (path, n, code))
        name = check_text(path, n, f[1], "region name")
        variants = []
        for field in f[2:]:
            for v in field.split(","):
                if v.strip() == "":
                    continue
                check_text(path, n, v.strip(), "variant")
                if v.strip() not in variants and v.strip() != name:
                    variants.append(v.strip())
        regions[code] = (name, variants)
    missing = [c for c in range(1, N_REGIONS + 1) if c not in regions]
    if missing:
        raise Malformed("%s: regions missing: %s"
                        % (path, ", ".join(map(str, missing))))
    return regions


def read_municipalities(path, regions):
    munis = {}
    for n, f in read_tsv(path, ["code", "name", "region_code", "printed_label"]):
        if len(f) != 4:
            raise Malformed("%s:%d: expected 4 fields, got %d" % (path, n, len(f)))
        code = f[0]
        if not re.fullmatch(r"GM[0-9]{4}", code):
            raise Malformed("%s:%d: code %r is not GMdddd" % (path, n, code))
        if code in munis:
            raise Malformed("%s:%d: code %s twice" % (path, n, code))
        name = check_text(path, n, f[1], "name")
        region = parse_int(path, n, f[2], "region code")
        if region not in regions:
            raise Malformed("%s:%d: unknown region %d" % (path, n, region))
        # An empty label means UWV prints the CBS name.
        label = check_text(path, n, f[3], "label") if f[3] else name
        munis[code] = (name, region, label)
    for code in regions:
        if not any(m[1] == code for m in munis.values()):
            raise Malformed("%s: region %d has no municipality" % (path, code))
    return munis


def forms(strings):
    """Distinct folded forms, in order."""
    out = []
    for s in strings:
        if s is None:
            continue
        f = fold(s)
        if f not in out:
            out.append(f)
    return out


def folded_entry(fs):
    parts = ["{%s, %d}" % (c_string(f), len(f.encode())) for f in fs]
    parts.append("{NULL, 0}")
    return "{" + ", ".join(parts) + "}"


def generate(munis, regions):
    codes = sorted(munis)
    index = {code: i for i, code in enumerate(codes)}
    out = []
    w = out.append
    w("/* Generated by src/data/gen-gazetteer.py: do not edit. */\n")
    w("#include <stddef.h>\n\n#include \"gazetteer-data.h\"\n\n")

    w("const size_t tvk_gz_n_municipalities = %d;\n\n" % len(codes))
    w("const struct tvk_municipality tvk_gz_municipalities[] = {\n")
    for code in codes:
        name, region, label = munis[code]
        w("\t{%s, %s, %s, %d},\n" % (c_string(code), c_string(name),
                                     c_string(label), region))
    w("};\n\n")

    w("const struct tvk_gz_forms tvk_gz_municipality_forms[] = {\n")
    for code in codes:
        name, region, label = munis[code]
        fs = forms([name, label, base_name(name)])
        if len(fs) > TVK_GZ_MAX_FORMS:
            raise Malformed("%s: more than %d forms" % (code, TVK_GZ_MAX_FORMS))
        w("\t{%s},\n" % folded_entry(fs))
    w("};\n\n")

    by_region = sorted(codes, key=lambda c: (munis[c][1], c))
    w("const struct tvk_municipality *const tvk_gz_by_region[] = {\n")
    for code in by_region:
        w("\t&tvk_gz_municipalities[%d], /* %s */\n" % (index[code], code))
    w("};\n\n")
    # Every folded form once per municipality, by length, bytes and the
    # municipality's place in tvk_gz_by_region: country-wide exact
    # lookups by binary search.
    entries = set()
    for k, code in enumerate(by_region):
        name, region, label = munis[code]
        for f in forms([name, label, base_name(name)]):
            entries.add((len(f.encode()), f.encode(), k, f))
    w("const struct tvk_gz_form_entry tvk_gz_form_index[] = {\n")
    for n, b, k, f in sorted(entries):
        w("\t{%s, %d, %d},\n" % (c_string(f), n, k))
    w("};\n\nconst size_t tvk_gz_n_forms = %d;\n\n" % len(entries))
    w("const unsigned short tvk_gz_region_start[TVK_N_REGIONS + 2] = {\n\t0,")
    pos = 0
    for r in range(1, N_REGIONS + 2):
        w(" %d," % pos)
        pos += sum(1 for c in codes if munis[c][1] == r)
    w("\n};\n\n")

    for r in range(1, N_REGIONS + 1):
        name, variants = regions[r]
        w("static const char *const variants_%d[] = {" % r)
        w("".join("%s, " % c_string(v) for v in variants))
        w("NULL};\n")
    w("\nconst struct tvk_region tvk_gz_regions[TVK_N_REGIONS] = {\n")
    for r in range(1, N_REGIONS + 1):
        name, variants = regions[r]
        w("\t{%d, %s, %s, variants_%d},\n"
          % (r, c_string(name), c_string(slug(name)), r))
    w("};\n\n")

    w("const struct tvk_gz_region_forms tvk_gz_region_forms[TVK_N_REGIONS] = {\n")
    for r in range(1, N_REGIONS + 1):
        name, variants = regions[r]
        fs = forms([name] + variants)
        if len(fs) > TVK_GZ_MAX_REGION_FORMS:
            raise Malformed("region %d: more than %d forms"
                            % (r, TVK_GZ_MAX_REGION_FORMS))
        w("\t{%s},\n" % folded_entry(fs))
    w("};\n")
    return "".join(out)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: gen-gazetteer.py GEMEENTEN.tsv REGIOS.tsv OUT.c\n")
        return 64
    try:
        regions = read_regions(argv[2])
        munis = read_municipalities(argv[1], regions)
        text = generate(munis, regions)
    except Malformed as e:
        sys.stderr.write("gen-gazetteer: %s\n" % e)
        return 1
    with open(argv[3], "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
