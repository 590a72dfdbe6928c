#!/usr/bin/env python3
"""Counts the words of the news corpus, for the stemmer: writes
`lexicon.tsv` beside this file, one word and the number of times it is
written a line, sorted by word.

usage: make_lexicon.py CORPUS_DIR

A word here is a run of the letters a-z, lower-cased, three letters or
more, seen three times or more in the headlines and bodies of the shared
corpus (IndoSum, CC BY-SA 4.0, and CLICK-ID: 21,609 Indonesian news
articles). Only the counts are kept, no text. The stemmer asks it which of
two readings of a word gives a word Indonesian news uses ("mengekspor" is
meng- + "ekspor", written 768 times, not + "kekspor", never), and how
common a word is beside what it would be without an ending ("ekonomi",
2,043 times, is not "ekonom" + -i).
"""
import collections
import gzip
import json
import pathlib
import re
import sys

corpus = pathlib.Path(sys.argv[1])
here = pathlib.Path(__file__).resolve().parent
counts = collections.Counter()
for name in ("articles-indosum.jsonl.gz", "articles-clickid.jsonl.gz"):
    with gzip.open(corpus / name, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            text = (article["title"] + "\n" + article["body"]).lower()
            counts.update(re.findall(r"(?<![a-z0-9])[a-z]{3,}(?![a-z0-9])", text))
kept = sorted((word, n) for word, n in counts.items() if n >= 3)
with open(here / "lexicon.tsv", "w", encoding="utf-8") as out:
    out.write("# word\ttimes written in the corpus (make_lexicon.py)\n")
    for word, n in kept:
        out.write(f"{word}\t{n}\n")
print(f"{len(kept)} words", file=sys.stderr)
