#!/usr/bin/env python3
"""Writes N synthetic articles as JSON Lines, made by recombining the shared
corpus: each headline is a corpus headline with some words taken from
another, each body three to six paragraphs from random corpus articles,
dates spread from 2015 to 2026. The text has the corpus's vocabulary and
lengths, so index sizes and query costs are those of real news; the
articles themselves mean nothing. Deterministic for a given N.
(`synthetic_wxr.py` writes the same articles as a WordPress export.)

usage: synthetic.py CORPUS_DIR N OUT.jsonl
"""
import datetime
import gzip
import json
import random
import sys


def synthetic_articles(corpus, count):
    """The N articles, one dict at a time, in the JSON Lines schema."""
    articles = []
    for name in ("articles-indosum.jsonl.gz", "articles-clickid.jsonl.gz"):
        with gzip.open(f"{corpus}/{name}", "rt", encoding="utf-8") as lines:
            articles += [json.loads(line) for line in lines]
    paragraphs = [p for a in articles for p in a["body"].split("\n\n") if len(p) > 80]
    rng = random.Random(count)
    start = datetime.datetime(2015, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    span = 12 * 365 * 86400
    for i in range(count):
        base = articles[rng.randrange(len(articles))]
        words = base["title"].split()
        other = articles[rng.randrange(len(articles))]["title"].split()
        for _ in range(min(3, len(words) // 3)):
            words[rng.randrange(len(words))] = other[rng.randrange(len(other))]
        body = "\n\n".join(rng.choice(paragraphs) for _ in range(rng.randint(3, 6)))
        published = start + datetime.timedelta(seconds=rng.randrange(span))
        yield {
            "id": f"sintetis-{i}",
            "title": " ".join(words),
            "body": body,
            "category": base["category"],
            "tags": base["tags"],
            "published_at": published.isoformat(),
            "author": None,
            "source": "Warta (sintetis)",
            "url": None,
            "story": None,
        }


if __name__ == "__main__":
    corpus, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "w", encoding="utf-8") as file:
        for article in synthetic_articles(corpus, count):
            file.write(json.dumps(article, ensure_ascii=False) + "\n")
