#!/usr/bin/env python3
"""Baseline for the search figures of bench/reader-figures: plain BM25
(k1 = 1.2, b = 0.75) over headline + body, words lower-cased and split at
non-alphanumerics, no stemming, no stop words, no field weights, no recency.
The same known-item queries as bench/search_queries.py (same strides), so
the two MRR@10 / recall@10 figures compare one to one.

usage: search_baseline.py CORPUS_DIR PER_KIND
"""
import collections
import gzip
import json
import math
import re
import sys

corpus, per_kind = sys.argv[1], int(sys.argv[2])
words = re.compile(r"\w+", re.UNICODE)

docs, postings, lengths = [], collections.defaultdict(list), []
for name in ("articles-indosum.jsonl.gz", "articles-clickid.jsonl.gz"):
    with gzip.open(f"{corpus}/{name}", "rt", encoding="utf-8") as lines:
        for line in lines:
            a = json.loads(line)
            tf = collections.Counter(w.lower() for w in words.findall(a["title"] + " " + a["body"]))
            n = len(docs)
            docs.append(a["id"])
            lengths.append(sum(tf.values()))
            for term, count in tf.items():
                postings[term].append((n, count))
average = sum(lengths) / len(lengths)
idf = {t: math.log(1 + (len(docs) - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()}

def search(text, k=10):
    scores = collections.defaultdict(float)
    for term in set(w.lower() for w in words.findall(text)):
        for doc, f in postings.get(term, ()):
            scores[doc] += idf[term] * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * lengths[doc] / average))
    return [docs[d] for d, _ in sorted(scores.items(), key=lambda s: -s[1])[:k]]

by_kind = collections.defaultdict(list)
with gzip.open(f"{corpus}/queries-dev.jsonl.gz", "rt", encoding="utf-8") as lines:
    for line in lines:
        q = json.loads(line)
        by_kind[q["kind"]].append(q)
for kind, queries in sorted(by_kind.items()):
    stride = max(1, len(queries) // per_kind)
    sample = queries[::stride][:per_kind]
    reciprocal, found = [], 0
    for q in sample:
        ranked = search(" ".join(q["query"].split()[:40]))
        rank = next((i + 1 for i, d in enumerate(ranked) if d in q["relevant"]), None)
        reciprocal.append(1 / rank if rank else 0.0)
        found += rank is not None
    print(f"{kind}.queries {len(sample)}")
    print(f"{kind}.mrr10 {sum(reciprocal) / len(sample):.3f}")
    print(f"{kind}.recall10 {found / len(sample):.3f}")
