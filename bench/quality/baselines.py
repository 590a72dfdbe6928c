"""The shared corpus and the two baselines the quality harness compares
Warta with, implemented here (see evaluate.py for what they stand for):
plain BM25, with Elasticsearch's more_like_this for relatedness, and what
the well-known platforms do without a search engine (WordPress core's
search; related by shared taxonomy).

Articles are numbered by their place in the corpus files (`position`).
"""
import collections
import datetime
import gzip
import json
import math
import re

words = re.compile(r"\w+", re.UNICODE)


class Corpus:
    def __init__(self, corpus):
        self.articles = []
        for name in ("articles-indosum.jsonl.gz", "articles-clickid.jsonl.gz"):
            with gzip.open(corpus / name, "rt", encoding="utf-8") as lines:
                self.articles += [json.loads(line) for line in lines]
        articles = self.articles
        self.position = {a["id"]: n for n, a in enumerate(articles)}

        self.postings = collections.defaultdict(list)
        self.lengths, self.term_counts = [], []
        for n, a in enumerate(articles):
            tf = collections.Counter(w.lower() for w in words.findall(a["title"] + " " + a["body"]))
            self.term_counts.append(tf)
            self.lengths.append(sum(tf.values()))
            for term, count in tf.items():
                self.postings[term].append((n, count))
        self.average_length = sum(self.lengths) / len(self.lengths)
        self.idf = {
            t: math.log(1 + (len(articles) - len(p) + 0.5) / (len(p) + 0.5))
            for t, p in self.postings.items()
        }

        self.lowered = [(a["title"].lower(), a["body"].lower()) for a in articles]
        self.newest_first = sorted(
            range(len(articles)), key=lambda n: articles[n]["published_at"], reverse=True
        )

        self.taxonomy = [
            {"c:" + (a["category"] or "")} | {"t:" + t.lower() for t in a["tags"]} for a in articles
        ]
        self.by_term = collections.defaultdict(list)
        for n, terms in enumerate(self.taxonomy):
            for term in terms:
                self.by_term[term].append(n)
        self.timestamps = [
            datetime.datetime.fromisoformat(a["published_at"]).timestamp() for a in articles
        ]

    def bm25(self, terms, k=10, skip=None):
        scores = collections.defaultdict(float)
        lengths, average = self.lengths, self.average_length
        for term in terms:
            idf = self.idf.get(term, 0.0)
            for doc, f in self.postings.get(term, ()):
                scores[doc] += idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * lengths[doc] / average))
        scores.pop(skip, None)
        return [d for d, _ in sorted(scores.items(), key=lambda s: (-s[1], s[0]))[:k]]

    def bm25_search(self, text):
        return self.bm25(set(w.lower() for w in words.findall(text)))

    def more_like_this(self, n):
        best = sorted(
            (
                (count * self.idf[term], term)
                for term, count in self.term_counts[n].items()
                if count >= 2 and len(self.postings[term]) >= 5
            ),
            reverse=True,
        )[:25]
        return self.bm25([term for _, term in best], k=5, skip=n)

    def wordpress_search(self, text):
        # WordPress splits at spaces; punctuation stuck to a word is trimmed
        # here (WordPress would search for "jakarta," with its comma).
        terms = [w for w in (t.strip(".,;:!?()\"'").lower() for t in text.split()) if w]
        phrase = text.lower()
        ranked = []
        for n in self.newest_first:
            title, body = self.lowered[n]
            if not all(t in title or t in body for t in terms):
                continue
            if phrase in title:
                order = 1
            elif all(t in title for t in terms):
                order = 2
            elif any(t in title for t in terms):
                order = 3
            elif phrase in body:
                order = 4
            else:
                order = 5
            ranked.append((order, len(ranked), n))
        return [n for _, _, n in sorted(ranked)[:10]]

    def taxonomy_related(self, n):
        shared = collections.Counter()
        for term in self.taxonomy[n]:
            for other in self.by_term[term]:
                shared[other] += 1
        shared.pop(n, None)
        timestamps = self.timestamps
        return sorted(shared, key=lambda o: (-shared[o], abs(timestamps[o] - timestamps[n]), o))[:5]
