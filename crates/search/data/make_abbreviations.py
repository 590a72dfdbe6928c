#!/usr/bin/env python3
"""Mines Indonesian abbreviations from news prose: a long form followed by
its abbreviation in brackets ("Komisi Pemberantasan Korupsi (KPK)",
"Menteri Pemuda dan Olahraga (Menpora)", "Presiden Joko Widodo
(Jokowi)"), as the corpus writes them everywhere. Writes
`abbreviations.tsv` beside this file: abbreviation, long form, times
seen; the search index reads it with `abbreviations-core.tsv` (ours,
written by hand) and the newsroom's own additions.

usage: make_abbreviations.py CORPUS_DIR

An abbreviation is kept for the long form it is written after, trimmed to
the words it abbreviates: the abbreviation must be spelt by taking, in
order, a beginning of each word of the long form (the initials of "Komisi
Pemberantasan Korupsi", "Men" + "pora" of "Menteri Pemuda dan Olahraga"),
where a small word ("dan", "dan", "untuk", ...) may give nothing. Kept:
seen at least three times, the long form its most usual one (two thirds
of its sightings or more), two to eight words, and the abbreviation
written in lower case (an ordinary word) less often than after its long
form.
"""
import collections
import gzip
import json
import pathlib
import re
import sys

corpus = pathlib.Path(sys.argv[1])
here = pathlib.Path(__file__).resolve().parent
SMALL = {"dan", "dari", "di", "untuk", "atas", "bagi", "ke", "yang", "dalam", "the", "of", "and", "republik"}
WORD = r"[A-Za-z][A-Za-z'-]*"
pattern = re.compile(rf"((?:{WORD}\s+){{1,9}}{WORD})\s+\(([A-Za-z][A-Za-z0-9]{{1,11}})\)")


def spells(abbr, words):
    """Whether `abbr` is spelt by beginnings of `words`, in order, each
    word but the small ones giving at least one letter, the first word
    always."""
    abbr = abbr.lower()
    words = [w.lower() for w in words]

    def go(i, j):
        if j == len(words):
            return i == len(abbr)
        word = words[j]
        least = 0 if (word in SMALL and j > 0) else 1
        for take in range(least, len(word) + 1):
            if abbr[i:i + take] != word[:take]:
                break
            if go(i + take, j + 1):
                return True
        return False

    return go(0, 0)


seen = collections.Counter()
# How often each word is written in lower case: an "abbreviation" that
# is mostly an ordinary word ("the", "was", "tuk") would turn a word of a
# query into a long form nobody meant.
lower_case = collections.Counter()
for name in ["articles-indosum.jsonl.gz", "articles-clickid.jsonl.gz"]:
    for line in gzip.open(corpus / name, "rt", encoding="utf-8"):
        text = json.loads(line)["body"]
        lower_case.update(w for w in re.findall(r"\b[a-z]+\b", text))
        for match in pattern.finditer(text):
            words, abbr = match.group(1).split(), match.group(2)
            if abbr.lower() == abbr and not abbr[0].isupper():
                continue
            # The shortest ending of the phrase the abbreviation spells.
            for start in range(len(words) - 1, -1, -1):
                tail = words[start:]
                if len(tail) >= 2 and spells(abbr, tail):
                    seen[(abbr.upper() if abbr.isupper() else abbr, " ".join(tail))] += 1
                    break

by_abbr = collections.defaultdict(collections.Counter)
for (abbr, long_form), n in seen.items():
    by_abbr[abbr.lower()][(abbr, long_form.lower())] += n
rows = []
for key, forms in by_abbr.items():
    total = sum(forms.values())
    (abbr, long_form), n = forms.most_common(1)[0]
    if n >= 3 and n * 3 >= total * 2 and 2 <= len(long_form.split()) <= 8 and lower_case[key] < n:
        rows.append((abbr, long_form, n))
rows.sort(key=lambda r: (-r[2], r[0]))
with open(here / "abbreviations.tsv", "w", encoding="utf-8") as out:
    out.write("# abbreviation\tlong form\ttimes seen in the corpus (made by make_abbreviations.py)\n")
    for abbr, long_form, n in rows:
        out.write(f"{abbr}\t{long_form}\t{n}\n")
print(f"{len(rows)} abbreviations", file=sys.stderr)
