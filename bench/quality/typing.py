#!/usr/bin/env python3
"""Suggestions as the reader types (/cari/saran): how soon a headline being
typed is offered, and what each keystroke's answer costs. Prints a
Markdown table.

usage: typing.py BASE_URL DATABASE [COUNT]

COUNT (default 200) live headlines at fixed strides are typed letter by
letter, from the second letter to the 40th; at each, /cari/saran is asked
(one kept-alive connection, sequential) and it is noted whether the
headline's article is among the five headlines offered. Reported: the
share of headlines offered before they were typed whole (or 40 letters),
the letters typed until then (median), and the time per answer, p50 / p99,
first as typed (each prefix new to the page cache) and again (answered
from it).
"""
import http.client
import json
import sqlite3
import statistics
import sys
import time
import urllib.parse

base, database = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
MOST = 40
rows = sqlite3.connect(database).execute(
    "SELECT id, title FROM articles WHERE status = 'published' ORDER BY id"
).fetchall()
sample = rows[:: max(1, len(rows) // count)][:count]
connection = http.client.HTTPConnection(urllib.parse.urlparse(base).netloc)


def offered(typed):
    started = time.perf_counter()
    connection.request("GET", "/cari/saran?" + urllib.parse.urlencode({"q": typed}))
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status == 200, (response.status, typed)
    return json.loads(body)["headlines"], elapsed


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


first, again, needed = [], [], []
for article_id, title in sample:
    typed_whole = title[:MOST]
    found_at = None
    prefixes = [typed_whole[:n] for n in range(2, len(typed_whole) + 1)]
    for prefix in prefixes:
        headlines, ms = offered(prefix)
        first.append(ms)
        if found_at is None and any(f"/{article_id}/" in h["url"] for h in headlines):
            found_at = len(prefix)
    for prefix in prefixes:
        again.append(offered(prefix)[1])
    if found_at is not None:
        needed.append(found_at)

print("| measure | result |")
print("| --- | --- |")
print(f"| headlines offered before typed whole (or {MOST} letters) | {len(needed)} of {len(sample)} ({100 * len(needed) / len(sample):.1f}%) |")
print(f"| letters typed until offered, median | {statistics.median(needed) if needed else '-'} |")
print(f"| answer per keystroke, p50 / p99, first asked ({len(first)}) | {statistics.median(first):.1f} / {percentile(first, 0.99):.1f} ms |")
print(f"| answer per keystroke, p50 / p99, asked again (page cache) | {statistics.median(again):.1f} / {percentile(again, 0.99):.1f} ms |")
