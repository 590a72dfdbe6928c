#!/usr/bin/env python3
"""Applies the story rules of clusters.toml to the shared corpus and writes
clusters.tsv (story, article id, sorted), the ground truth the quality
harness reads.

usage: make_clusters.py CORPUS_DIR            writes clusters.tsv beside this file
       make_clusters.py CORPUS_DIR STORY...   prints those stories' headlines, to read

Stories are from 2019 unless their `from`/`to` say otherwise, so a rule
never reaches into the 2016-2018 part of the corpus by accident. Roundups
("[POPULER NASIONAL] A | B", "Top 3 Tekno Berita Hari Ini: ...") list several stories
under one headline and belong to none.
"""
import gzip
import json
import pathlib
import re
import sys
import tomllib

here = pathlib.Path(__file__).parent
corpus = pathlib.Path(sys.argv[1])
show = set(sys.argv[2:])
stories = tomllib.loads((here / "clusters.toml").read_text())["story"]

articles = []
for name in ("articles-indosum.jsonl.gz", "articles-clickid.jsonl.gz"):
    with gzip.open(corpus / name, "rt", encoding="utf-8") as lines:
        for line in lines:
            a = json.loads(line)
            articles.append((a["id"], a["published_at"][:10], a["source"], a["title"]))

roundup = re.compile(r"^\W*(berita )?populer\b|^\W*terpopuler\b|^top \d|^hot gosip", re.IGNORECASE)
articles = [a for a in articles if not roundup.search(a[3])]

rows = []
for story in stories:
    title = re.compile(story["title"], re.IGNORECASE)
    also = re.compile(story.get("also", ""), re.IGNORECASE)
    exclude = re.compile(story["exclude"], re.IGNORECASE) if "exclude" in story else None
    first, last = story.get("from", "2019-01-01"), story.get("to", "2019-12-31")
    drop = set(story.get("drop", []))
    members = [
        a
        for a in articles
        if first <= a[1] <= last
        and title.search(a[3])
        and also.search(a[3])
        and not (exclude and exclude.search(a[3]))
        and a[0] not in drop
    ]
    if show and story["name"] in show:
        print(f"== {story['name']} ({len(members)}): {story['about']}")
        for a in sorted(members, key=lambda a: a[1]):
            print(f"{a[0]}\t{a[1]}\t{a[2]}\t{a[3]}")
    rows += [(story["name"], a[0]) for a in members]

if not show:
    names = [s["name"] for s in stories]
    assert len(set(names)) == len(names), "story names must be unique"
    rows.sort()
    (here / "clusters.tsv").write_text("".join(f"{s}\t{i}\n" for s, i in rows))
    counts = {n: sum(1 for s, _ in rows if s == n) for n in names}
    for name in names:
        print(f"{counts[name]:5}  {name}")
    print(f"{len(stories)} stories, {len({i for _, i in rows})} articles, {len(rows)} memberships")
