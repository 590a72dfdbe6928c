#!/usr/bin/env python3
"""Search and relatedness quality of a running Warta against two baselines
that this file implements, on the shared corpus. Prints a Markdown table.

usage: evaluate.py BASE_URL DATABASE CORPUS_DIR [TITLE_QUERIES]

Search: known-item queries of queries-dev.jsonl.gz: every summary query (the
hard kind, 2,943), cut to its first 40 words; the same summaries cut to
their first 12 words ("sentence": what a reader pastes or remembers); and
TITLE_QUERIES (default 1000) headline queries taken at fixed strides.
Each system ranks the whole corpus; MRR@10 and recall@10 of the relevant
article. Warta answers over HTTP (/api/v1/search, what apps and /cari use).

Related: every article of a story in clusters.tsv gets five related
articles from each system; precision@5 is the share of those five that
belong to one of its stories (a list shorter than five counts the missing
places as wrong). The headline figure is the mean over stories of each
story's mean (so the large stories do not drown the small ones); the mean
over all articles is printed beside it. Warta's five are read from the
article page's Berita Terkait block, as a reader sees them.

Baselines:
- "platform": what the well-known platforms do without a search engine.
  Search: WordPress core search (every word must occur in the headline or
  the text, LIKE '%word%'; headline matches first, then newest first).
  Related: shared taxonomy (tags and category, as YARPP-style plugins and
  Ghost themes' "more in this tag" do), most shared first, then the nearest
  in time.
- "bm25": plain BM25 (k1 1.2, b 0.75) over headline + text, words
  lower-cased and split at non-alphanumerics, no stemming, no stop words.
  Related: Elasticsearch's more_like_this defaults (as Jetpack's related
  posts use it): the article's 25 best terms by tf-idf (term at least twice
  in the article, in at least 5 articles) as a BM25 query.
- With QUALITY_POSTGRES_URL set (bench/quality/run starts a throwaway
  cluster), search by PostgreSQL's own full-text search, the alternative to
  an index per node on that backend: the `indonesian` configuration
  (Snowball stemmer), headline weighted A and text B, ranked by ts_rank;
  "pg all words" asks websearch_to_tsquery (every word must match, what a
  site search box usually does), "pg any word" the same lexemes joined by
  OR (every match ranked, as BM25 and Warta do). Search only: PostgreSQL
  has no relatedness of its own.
"""
import collections
import gzip
import http.client
import json
import os
import pathlib
import re
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse

base, database, corpus = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
title_queries = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
SENTENCE_WORDS = 12
here = pathlib.Path(__file__).parent

# ---------------------------------------------------------------- corpus
sys.path.insert(0, str(here))
from baselines import Corpus  # noqa: E402

baseline = Corpus(corpus)
articles, position = baseline.articles, baseline.position
bm25_search, more_like_this = baseline.bm25_search, baseline.more_like_this
wordpress_search, taxonomy_related = baseline.wordpress_search, baseline.taxonomy_related


# ---------------------------------------------------------------- Warta
ids = dict(sqlite3.connect(database).execute("SELECT external_id, id FROM articles"))
external = {v: k for k, v in ids.items()}
host = urllib.parse.urlparse(base).netloc
connection = http.client.HTTPConnection(host)


def get(path):
    connection.request("GET", path)
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8")


def warta_search(text):
    status, body = get("/api/v1/search?" + urllib.parse.urlencode({"q": text}))
    assert status == 200, (status, body[:200])
    return [position[external[r["id"]]] for r in json.loads(body)["results"][:10]]


paths = {}
page = 1
while True:
    status, body = get(f"/sitemap/artikel/{page}")
    if status != 200:
        break
    for url in re.findall(r"<loc>([^<]*)</loc>", body):
        path = urllib.parse.urlparse(url).path
        paths[int(path.split("/")[5])] = path
    page += 1
related_block = re.compile(r'<section class="block related">(.*?)</section>', re.S)
story_block = re.compile(r'<section class="block story"[^>]*>(.*?)</section>', re.S)
# What each article's page showed in its Kronologi block (the other
# articles of its story), read with its Berita Terkait.
kronologi = {}
article_link = re.compile(r'href="/[^/"]+/\d{4}/\d{2}/\d{2}/(\d+)/')
self_listed = 0


def warta_related(n):
    global self_listed
    own = ids[articles[n]["id"]]
    status, body = get(paths[own])
    assert status == 200, (status, paths[own])
    block = related_block.search(body)
    found = []
    for number in article_link.findall(block.group(1)) if block else []:
        if int(number) not in found:
            found.append(int(number))
    self_listed += own in found
    story = story_block.search(body)
    kronologi[n] = [
        position[external[int(i)]]
        for i in dict.fromkeys(article_link.findall(story.group(1)) if story else [])
        if int(i) != own
    ] if story else None
    return [position[external[i]] for i in found[:5]]


postgres_url = os.environ.get("QUALITY_POSTGRES_URL")


def psql(sql, rows=None):
    """Runs SQL in one psql session; `rows` (tab-separated) feed its COPY."""
    done = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-F", "\t", postgres_url, "-c", sql],
        input=None if rows is None else "".join(rows),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def tsv_field(text):
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


if postgres_url:
    psql(
        "DROP TABLE IF EXISTS fts_articles; "
        "CREATE TABLE fts_articles (n integer PRIMARY KEY, title text, body text)"
    )
    psql(
        "COPY fts_articles FROM STDIN",
        (f"{n}\t{tsv_field(a['title'])}\t{tsv_field(a['body'])}\n" for n, a in enumerate(articles)),
    )
    psql(
        "ALTER TABLE fts_articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
        "(setweight(to_tsvector('indonesian', title), 'A') || "
        "setweight(to_tsvector('indonesian', body), 'B')) STORED; "
        "CREATE INDEX fts_articles_tsv ON fts_articles USING gin (tsv); ANALYZE fts_articles"
    )


def postgres_rankings(texts, any_word, sessions=2):
    """The ten best articles for each text, ranked inside PostgreSQL: one
    statement per session, the texts shared out over `sessions` sessions."""
    query = (
        "replace(plainto_tsquery('indonesian', q.q)::text, ' & ', ' | ')::tsquery"
        if any_word
        else "websearch_to_tsquery('indonesian', q.q)"
    )
    select = (
        "SELECT q.n, coalesce(string_agg(hit.n::text, ',' ORDER BY hit.rank DESC, hit.n), '') "
        f"FROM fts_queries q, LATERAL (SELECT {query} AS tsq) t "
        "LEFT JOIN LATERAL (SELECT a.n, ts_rank(a.tsv, t.tsq) AS rank FROM fts_articles a "
        "WHERE t.tsq::text <> '' AND a.tsv @@ t.tsq ORDER BY rank DESC, a.n LIMIT 10) hit ON true "
        "GROUP BY q.n"
    )
    running = []
    for part in range(sessions):
        process = subprocess.Popen(
            ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-F", "\t", postgres_url,
             "-c", "CREATE TEMP TABLE fts_queries (n integer, q text)",
             "-c", "COPY fts_queries FROM STDIN", "-c", select],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        rows = "".join(f"{n}\t{tsv_field(t)}\n" for n, t in enumerate(texts) if n % sessions == part)
        process.stdin.write(rows)
        process.stdin.close()
        running.append(process)
    ranked = {}
    for process in running:
        for line in process.stdout.read().splitlines():
            n, hits = line.split("\t")
            ranked[int(n)] = [int(h) for h in hits.split(",") if h]
        assert process.wait() == 0, "psql failed"
    return [ranked[n] for n in range(len(texts))]


# ---------------------------------------------------------------- search
queries = collections.defaultdict(list)
with gzip.open(corpus / "queries-dev.jsonl.gz", "rt", encoding="utf-8") as lines:
    for line in lines:
        q = json.loads(line)
        queries[q["kind"]].append(q)

# A sentence a reader pastes or types from memory: the first words of
# each summary query, where neither the headline nor a whole paragraph
# is there to lean on.
queries["sentence"] = queries["summary"]
query_words = {"title": 40, "summary": 40, "sentence": SENTENCE_WORDS}

searchers = {"Warta": warta_search, "platform": wordpress_search, "bm25": bm25_search}
baselines = ["platform", "bm25"] + (["pg all", "pg any"] if postgres_url else [])
figures = collections.defaultdict(dict)
seconds, counted = collections.Counter(), collections.Counter()
for kind in ("title", "summary", "sentence"):
    wanted = title_queries if kind == "title" else len(queries[kind])
    sample = queries[kind][:: max(1, len(queries[kind]) // wanted)][:wanted]
    texts = [" ".join(q["query"].split()[: query_words[kind]]) for q in sample]
    rankings = {}
    for system, search in searchers.items():
        started = time.monotonic()
        rankings[system] = [search(t) for t in texts]
        seconds[system] += time.monotonic() - started
        counted[system] += len(texts)
    if postgres_url:
        for system, any_word in (("pg all", False), ("pg any", True)):
            started = time.monotonic()
            rankings[system] = postgres_rankings(texts, any_word)
            # Two sessions at once: the time one query takes is twice the share.
            seconds[system] += 2 * (time.monotonic() - started)
            counted[system] += len(texts)
    for system, ranks in rankings.items():
        reciprocal, found = [], 0
        for q, ranked in zip(sample, ranks):
            wanted = {position[r] for r in q["relevant"]}
            rank = next((i + 1 for i, n in enumerate(ranked) if n in wanted), None)
            reciprocal.append(1 / rank if rank else 0.0)
            found += rank is not None
        figures[system][f"{kind} MRR@10"] = statistics.mean(reciprocal)
        figures[system][f"{kind} recall@10"] = found / len(sample)
    figures["queries"][kind] = len(sample)

# ---------------------------------------------------------------- related
stories = collections.defaultdict(set)
for line in (here / "clusters.tsv").read_text().splitlines():
    story, article = line.split("\t")
    stories[story].add(position[article])
member_of = collections.defaultdict(set)
for story, members in stories.items():
    for n in members:
        member_of[n].add(story)

# Stories are placed in the background after the start: wait for the
# backlog (every live article placed), read from the database.
deadline = time.time() + 900
while True:
    waiting = sqlite3.connect(database).execute(
        "SELECT COUNT(*) FROM articles a WHERE a.status = 'published' AND NOT EXISTS "
        "(SELECT 1 FROM article_stories s WHERE s.article_id = a.id)"
    ).fetchone()[0]
    if waiting == 0 or time.time() > deadline:
        break
    time.sleep(2)
assert waiting == 0, f"{waiting} articles still not placed in stories"

relaters = {"Warta": warta_related, "platform": taxonomy_related, "bm25": more_like_this}
for system, relate in relaters.items():
    precision = {}
    for n in member_of:
        related = relate(n)
        precision[n] = sum(1 for r in related if member_of.get(r, set()) & member_of[n]) / 5
    figures[system]["related P@5 (stories)"] = statistics.mean(
        statistics.mean(precision[n] for n in members) for members in stories.values()
    )
    figures[system]["related P@5 (articles)"] = statistics.mean(precision.values())

# Kronologi: the share of a block's articles that are of the article's
# story, over the articles that show a block (mean per story, then over
# stories, as for Berita Terkait); and how many articles show one.
shown = {n: k for n, k in kronologi.items() if k}
story_precision = {
    n: sum(1 for k in listed if member_of.get(k, set()) & member_of[n]) / len(listed)
    for n, listed in shown.items()
}
per_story = [
    statistics.mean(story_precision[n] for n in members if n in story_precision)
    for members in stories.values()
    if any(n in story_precision for n in members)
]
kronologi_figures = {
    "precision (stories)": statistics.mean(per_story) if per_story else 0.0,
    "precision (articles)": statistics.mean(story_precision.values()) if story_precision else 0.0,
    "articles with a block": len(shown) / len(member_of),
    "articles per block": statistics.mean(len(k) for k in shown.values()) if shown else 0.0,
}

# ---------------------------------------------------------------- table
measures = [m for m in figures["Warta"]]
names = {
    "Warta": "Warta",
    "platform": "platform baseline",
    "bm25": "BM25 baseline",
    "pg all": "PostgreSQL FTS, all words",
    "pg any": "PostgreSQL FTS, any word",
}
print("| system | " + " | ".join(measures) + " |")
print("| --- |" + " --- |" * len(measures))
for system in ["Warta"] + baselines:
    cells = (f"{figures[system][m]:.4f}" if m in figures[system] else "" for m in measures)
    print(f"| {names[system]} | " + " | ".join(cells) + " |")
print()
print(
    f"{figures['queries']['title']} title and {figures['queries']['summary']} summary queries "
    f"(and the same summaries cut to their first {SENTENCE_WORDS} words as sentence queries); "
    f"{len(stories)} stories, {len(member_of)} articles; "
    f"Warta listed an article as related to itself {self_listed} times."
)
print(
    "Time per search query, all kinds (one query at a time; Warta over HTTP, the Python "
    "baselines in this process, PostgreSQL in the server): "
    + ", ".join(f"{names[s]} {1000 * seconds[s] / counted[s]:.1f} ms" for s in ["Warta"] + baselines)
    + "."
)
# Where Warta scores the maximum, 1, no system can lead it: such a measure
# is named apart, with who ties it there.
perfect = [m for m in measures if figures["Warta"][m] == 1.0]
behind = [
    f"{m} ({names[s]} {figures[s][m]:.5f} >= {figures['Warta'][m]:.5f})"
    for s in baselines
    for m in measures
    if m not in perfect and m in figures[s] and figures[s][m] >= figures["Warta"][m]
]
print("Warta leads on every measure" if not behind else "Warta does not lead on: " + "; ".join(behind), end="")
for m in perfect:
    ties = [names[s] for s in baselines if figures[s].get(m) == 1.0]
    print(f"; {m}: Warta scores the maximum, 1" + (f" (tied by {', '.join(ties)})" if ties else ""), end="")
print(".")
print()
print("Kronologi beside Berita Terkait (Warta; the baselines have no story timeline):")
print()
print("| block | precision (stories) | precision (articles) | articles with a block | articles per block |")
print("| --- | --- | --- | --- | --- |")
print(
    f"| Kronologi | {kronologi_figures['precision (stories)']:.4f} "
    f"| {kronologi_figures['precision (articles)']:.4f} "
    f"| {kronologi_figures['articles with a block']:.4f} "
    f"| {kronologi_figures['articles per block']:.2f} |"
)
print(
    f"| Berita Terkait (P@5) | {figures['Warta']['related P@5 (stories)']:.4f} "
    f"| {figures['Warta']['related P@5 (articles)']:.4f} | 1.0000 | 5 |"
)
