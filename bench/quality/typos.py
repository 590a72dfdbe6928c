#!/usr/bin/env python3
"""Mistyped searches against a running Warta: does /api/v1/search suggest
the word the reader meant ("Mungkin maksud Anda"), and does it keep quiet
when nothing was mistyped? Prints a Markdown table.

usage: typos.py BASE_URL DATABASE [WORDS]

Words: WORDS (default 300) words of five letters or more taken at fixed
strides from the corpus's headlines, each in at least 20 articles (the
names and words readers search for). Each is mistyped once, the way
fingers slip (a letter swapped with its neighbour, dropped, doubled, or
replaced by the key beside it on a QWERTY keyboard), by a seeded random
choice; a slip that makes another word of the corpus is skipped (it is
no longer a typo the site can tell). A suggestion is right when it is the
word meant. Quiet: the same words spelt right, and 300 headline queries
of three words, must get no suggestion.
"""
import collections
import http.client
import json
import random
import re
import sqlite3
import statistics
import sys
import time
import urllib.parse

base, database = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
db = sqlite3.connect(database)
titles = [t for (t,) in db.execute("SELECT title FROM articles WHERE status = 'published' ORDER BY id")]
words_of = lambda text: re.findall(r"[a-z]+", text.lower())
document_frequency = collections.Counter()
for (title, body) in db.execute("SELECT title, body_html FROM articles WHERE status = 'published'"):
    document_frequency.update(set(words_of(title + " " + re.sub(r"<[^>]+>", " ", body))))
headline_words = sorted({w for t in titles for w in words_of(t) if len(w) >= 5 and document_frequency[w] >= 20})
step = max(1, len(headline_words) // count)
chosen = headline_words[::step][:count]

neighbours = {}
rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
for row in rows:
    for i, c in enumerate(row):
        neighbours[c] = (row[i - 1] if i else "") + (row[i + 1] if i + 1 < len(row) else "")

rng = random.Random(20261205)


def slip(word):
    i = rng.randrange(1, len(word))
    kind = rng.choice(["swap", "drop", "double", "neighbour"])
    if kind == "swap" and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    near = neighbours.get(word[i], "")
    return word[:i] + (rng.choice(near) if near else word[i]) + word[i + 1:]


host = urllib.parse.urlparse(base).netloc
connection = http.client.HTTPConnection(host)
took = []


def suggestion(query):
    started = time.perf_counter()
    connection.request("GET", "/api/v1/search?" + urllib.parse.urlencode({"q": query}))
    response = connection.getresponse()
    body = response.read()
    took.append(time.perf_counter() - started)
    assert response.status == 200, (response.status, body[:200])
    return json.loads(body)["suggestion"]


right = wrong = silent = tried = 0
for word in chosen:
    typo = slip(word)
    if typo == word or document_frequency[typo] > 0:
        continue
    tried += 1
    got = suggestion(typo)
    if got == word:
        right += 1
    elif got is None:
        silent += 1
    else:
        wrong += 1
quiet_words = sum(suggestion(word) is None for word in chosen)
headline_queries = [" ".join(words_of(t)[:3]) for t in titles[:: max(1, len(titles) // 300)][:300]]
headline_queries = [q for q in headline_queries if len(q.split()) == 3]
quiet_headlines = sum(suggestion(q) is None for q in headline_queries)
took.sort()
print("| measure | result |")
print("| --- | --- |")
print(f"| mistyped words: the word meant suggested | {right} of {tried} ({right / tried:.1%}) |")
print(f"| mistyped words: another word suggested | {wrong} ({wrong / tried:.1%}) |")
print(f"| mistyped words: nothing suggested | {silent} ({silent / tried:.1%}) |")
print(f"| the same words spelt right: no suggestion | {quiet_words} of {len(chosen)} ({quiet_words / len(chosen):.1%}) |")
print(f"| three-word headline queries: no suggestion | {quiet_headlines} of {len(headline_queries)} ({quiet_headlines / len(headline_queries):.1%}) |")
print(f"| search with its suggestion over HTTP, p50 / p99 | {1000 * took[len(took) // 2]:.1f} / {1000 * took[int(len(took) * 0.99)]:.1f} ms |")
