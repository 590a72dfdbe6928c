#!/usr/bin/env python3
"""Runs known-item queries from the corpus against a running Warta and
prints latency and quality figures as `key value` lines.

usage: search_queries.py BASE_URL DATABASE QUERIES_GZ PER_KIND

For each kind of query ("title" and "summary"), PER_KIND queries are taken
at fixed strides through the file. Each is sent to /cari over one kept-alive
connection; the article numbers in the first page of results are compared
with the query's relevant article (mapped from its corpus id through the
database). Figures: latency median and p99, MRR@10 and recall@10.
"""
import gzip
import http.client
import json
import re
import sqlite3
import statistics
import sys
import time
import urllib.parse

base, database, queries_path, per_kind = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
host = urllib.parse.urlparse(base).netloc
ids = dict(sqlite3.connect(database).execute("SELECT external_id, id FROM articles"))

by_kind = {}
with gzip.open(queries_path, "rt", encoding="utf-8") as lines:
    for line in lines:
        q = json.loads(line)
        by_kind.setdefault(q["kind"], []).append(q)

result_link = re.compile(r'<a class="title" href="/[^/"]+/\d{4}/\d{2}/\d{2}/(\d+)/')
connection = http.client.HTTPConnection(host)
for kind, queries in sorted(by_kind.items()):
    stride = max(1, len(queries) // per_kind)
    sample = queries[::stride][:per_kind]
    times, reciprocal, found = [], [], 0
    for q in sample:
        text = " ".join(q["query"].split()[:40])
        path = "/cari?" + urllib.parse.urlencode({"q": text})
        start = time.perf_counter()
        connection.request("GET", path)
        body = connection.getresponse().read().decode("utf-8")
        times.append((time.perf_counter() - start) * 1000)
        ranked = [int(n) for n in result_link.findall(body)][:10]
        wanted = {ids[r] for r in q["relevant"] if r in ids}
        rank = next((i + 1 for i, n in enumerate(ranked) if n in wanted), None)
        reciprocal.append(1 / rank if rank else 0.0)
        found += rank is not None
    times.sort()
    print(f"{kind}.queries {len(sample)}")
    print(f"{kind}.median_ms {statistics.median(times):.2f}")
    print(f"{kind}.p99_ms {times[min(len(times) - 1, int(0.99 * len(times)))]:.2f}")
    print(f"{kind}.mrr10 {statistics.mean(reciprocal):.3f}")
    print(f"{kind}.recall10 {found / len(sample):.3f}")
