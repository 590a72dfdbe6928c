#!/usr/bin/env python3
"""Topical search: short queries a reader types about a story (topical.tsv),
judged by the story clusters, for Warta and the two baselines. Prints a
Markdown table.

usage: topical.py BASE_URL DATABASE CORPUS_DIR [--misses]

Each result of the ten first is judged by clusters.tsv: relevant when it
belongs to the query's story, partly relevant when it belongs to another
story that shares a `wider` group of clusters.toml with it (the KPK law and
the KPK leaders' selection), not relevant otherwise. P@10 counts the
relevant ones (and, beside it, relevant or partly); nDCG@10 gains 2 for
relevant and 1 for partly, against the best order the clusters allow.

The queries of every fourth story of clusters.toml (from the fourth on)
are held out: nothing in Warta was tuned on them, and they are reported
apart. --misses prints, for Warta, each tuned query's results that are
not relevant, to read.
"""
import collections
import http.client
import json
import math
import pathlib
import sqlite3
import statistics
import sys
import time
import tomllib
import urllib.parse

here = pathlib.Path(__file__).parent
sys.path.insert(0, str(here))
from baselines import Corpus  # noqa: E402

base, database, corpus = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
show_misses = "--misses" in sys.argv[4:]
baseline = Corpus(corpus)
articles, position = baseline.articles, baseline.position

stories = tomllib.loads((here / "clusters.toml").read_text())["story"]
held_out = {s["name"] for s in stories[3::4]}
wider = {s["name"]: set(s.get("wider", [])) for s in stories}
members = collections.defaultdict(set)
for line in (here / "clusters.tsv").read_text().splitlines():
    story, article = line.split("\t")
    members[story].add(position[article])
queries = []
for line in (here / "topical.tsv").read_text().splitlines():
    if line and not line.startswith("#"):
        story, text = line.split("\t")
        assert story in members, f"topical.tsv: no story {story}"
        queries.append((story, text))


def judged(story):
    """Gain by article: 2 for the story's own, 1 for a wider story's."""
    gain = {}
    for other, group in wider.items():
        if other != story and group & wider[story]:
            for n in members[other]:
                gain[n] = 1
    for n in members[story]:
        gain[n] = 2
    return gain


ids = dict(sqlite3.connect(database).execute("SELECT external_id, id FROM articles"))
external = {v: k for k, v in ids.items()}
connection = http.client.HTTPConnection(urllib.parse.urlparse(base).netloc)


def warta_search(text):
    connection.request("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": text}))
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200, (response.status, body[:200])
    return [position[external[r["id"]]] for r in json.loads(body)["results"][:10]]


systems = {
    "Warta": warta_search,
    "platform baseline": baseline.wordpress_search,
    "BM25 baseline": baseline.bm25_search,
}
scores = collections.defaultdict(lambda: collections.defaultdict(list))
seconds = collections.Counter()
misses = []
for story, text in queries:
    gain = judged(story)
    ideal = sorted(gain.values(), reverse=True)[:10]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    part = "held out" if story in held_out else "tuned"
    for system, search in systems.items():
        started = time.monotonic()
        found = search(text)[:10]
        seconds[system] += time.monotonic() - started
        gains = [gain.get(n, 0) for n in found]
        scores[(system, part)]["P@10, same story"].append(sum(g == 2 for g in gains) / 10)
        scores[(system, part)]["P@10, same or wider story"].append(sum(g > 0 for g in gains) / 10)
        dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
        scores[(system, part)]["nDCG@10"].append(dcg / best)
        if system == "Warta" and part == "tuned":
            misses += [(story, text, articles[n]["title"]) for n, g in zip(found, gains) if g < 2]

measures = ["P@10, same story", "P@10, same or wider story", "nDCG@10"]
print("| system | queries | " + " | ".join(measures) + " |")
print("| --- | --- |" + " --- |" * len(measures))
for part in ("tuned", "held out"):
    for system in systems:
        figures = scores[(system, part)]
        count = len(figures["nDCG@10"])
        cells = " | ".join(f"{statistics.mean(figures[m]):.4f}" for m in measures)
        print(f"| {system}, {part} | {count} | {cells} |")
print()
per_query = ", ".join(f"{system} {1000 * seconds[system] / len(queries):.1f} ms" for system in systems)
print(
    f"{len(queries)} queries over {len({s for s, _ in queries})} stories "
    f"({sum(s in held_out for s, _ in queries)} of them, over {len(held_out)} stories, held out); "
    f"time per query: {per_query}."
)
if show_misses:
    print()
    for story, text, title in misses:
        print(f"{story}\t{text}\t{title}")
