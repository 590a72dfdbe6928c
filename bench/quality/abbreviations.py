#!/usr/bin/env python3
"""Headlines searched in the other form: does a query that writes an
abbreviation's long form find the article whose headline has the
abbreviation, and the other way round? Prints a Markdown table.

usage: abbreviations.py BASE_URL DATABASE [COUNT]

From the live articles' headlines, at fixed strides: COUNT (default 300)
that hold an abbreviation of the built-in list (crates/search/data) as a
word, the query being the headline with it replaced by its long form;
and COUNT that hold a long form, replaced by its abbreviation. MRR@10 and
recall@10 of the article whose headline it is, over /api/v1/search.
"""
import http.client
import json
import pathlib
import re
import sqlite3
import sys
import urllib.parse

base, database = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
data = pathlib.Path(__file__).resolve().parent.parent.parent / "crates/search/data"
forms = {}
for name in ["abbreviations.tsv", "abbreviations-core.tsv"]:
    for line in (data / name).read_text().splitlines():
        if line.startswith("#"):
            continue
        short, long_form = line.split("\t")[:2]
        forms[short.lower()] = long_form.lower()
articles = sqlite3.connect(database).execute(
    "SELECT id, title FROM articles WHERE status = 'published' ORDER BY id"
).fetchall()

to_long, to_short = [], []
for article_id, title in articles:
    lower = title.lower()
    words = re.findall(r"\w+", lower)
    for word in words:
        if word in forms and forms[word] not in lower:
            to_long.append((article_id, re.sub(rf"\b{re.escape(word)}\b", forms[word], lower, count=1)))
            break
    else:
        for short, long_form in forms.items():
            if re.search(rf"\b{re.escape(long_form)}\b", lower) and not re.search(rf"\b{re.escape(short)}\b", lower):
                to_short.append((article_id, lower.replace(long_form, short, 1)))
                break
host = urllib.parse.urlparse(base).netloc
connection = http.client.HTTPConnection(host)


def rank(query, wanted):
    connection.request("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": query}))
    response = connection.getresponse()
    found = [r["id"] for r in json.loads(response.read())["results"][:10]]
    return found.index(wanted) + 1 if wanted in found else None


print("| headlines searched with | queries | MRR@10 | recall@10 |")
print("| --- | --- | --- | --- |")
for label, cases in [("the abbreviation written out", to_long), ("the long form abbreviated", to_short)]:
    sample = cases[:: max(1, len(cases) // count)][:count]
    ranks = [rank(query, article_id) for article_id, query in sample]
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    recall = sum(1 for r in ranks if r) / len(ranks)
    print(f"| {label} | {len(sample)} | {mrr:.4f} | {recall:.4f} |")

# Topical: a story asked for in each form; precision@10 is the share of
# the first ten that are of the story (bench/quality/clusters.tsv; a
# lower bound, as the clusters are made from headlines).
TOPICAL = [
    ("karhutla", ["karhutla", "kebakaran hutan dan lahan"]),
    ("revisi-uu-kpk", ["revisi uu kpk", "revisi undang-undang komisi pemberantasan korupsi"]),
    ("capim-kpk", ["capim kpk", "calon pimpinan komisi pemberantasan korupsi"]),
    ("rkuhp", ["rkuhp", "rancangan kitab undang-undang hukum pidana"]),
    ("iuran-bpjs", ["iuran bpjs", "iuran badan penyelenggara jaminan sosial"]),
    ("imam-nahrawi", ["menpora tersangka", "menteri pemuda dan olahraga tersangka"]),
    ("pelantikan-dpr", ["pelantikan dpr", "pelantikan dewan perwakilan rakyat"]),
    ("ruu-pemasyarakatan", ["ruu pemasyarakatan", "rancangan undang-undang pemasyarakatan"]),
    ("ruu-pertanahan", ["ruu pertanahan", "rancangan undang-undang pertanahan"]),
    ("ruu-pesantren", ["ruu pesantren", "rancangan undang-undang pesantren"]),
    ("mulan-jameela-dpr", ["mulan jameela dpr", "mulan jameela dewan perwakilan rakyat"]),
]
by_external = dict(sqlite3.connect(database).execute("SELECT external_id, id FROM articles"))
story_of = {}
clusters = pathlib.Path(__file__).resolve().parent / "clusters.tsv"
for line in clusters.read_text().splitlines():
    story, external = line.split("\t")
    story_of.setdefault(by_external[external], set()).add(story)


def top(query):
    connection.request("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": query}))
    return [r["id"] for r in json.loads(connection.getresponse().read())["results"][:10]]


print()
print("| story | query | P@10 |")
print("| --- | --- | --- |")
short_forms, long_forms = [], []
for story, queries in TOPICAL:
    for n, query in enumerate(queries):
        found = top(query)
        precision = sum(1 for i in found if story in story_of.get(i, ())) / 10
        (short_forms if n == 0 else long_forms).append(precision)
        print(f"| {story} | {query} | {precision:.1f} |")
print(f"| mean | abbreviated ({len(short_forms)}) | {sum(short_forms) / len(short_forms):.3f} |")
print(f"| mean | written out ({len(long_forms)}) | {sum(long_forms) / len(long_forms):.3f} |")
