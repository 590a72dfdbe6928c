#!/usr/bin/env python3
"""Live-blog figures against a running Warta: opens N server-sent-event
streams to one live blog (as N readers with the page open), then adds an
entry and times its arrival on every stream. Prints JSON:
{"opened", "refused", "delivered", "p50_ms", "p99_ms", "max_ms"}.
Usage: live_figures.py HOST PORT ARTICLE LAST_ENTRY TOKEN N"""
import asyncio, json, sys, time, urllib.request

host, port, article, last, token, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])


async def open_stream():
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /langsung/{article}?setelah={last} HTTP/1.1\r\nHost: {host}\r\n"
                 f"Accept: text/event-stream\r\nUser-Agent: Mozilla/5.0 (bench)\r\n\r\n".encode())
    await writer.drain()
    status = await reader.readline()
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    return reader, writer, status.startswith(b"HTTP/1.1 200")


async def wait_for_entry(reader):
    while True:
        line = await reader.readline()
        if not line:
            return None
        if line.startswith(b"event: entri"):
            return time.monotonic()


async def main():
    streams = []
    refused = 0
    for start in range(0, count, 500):
        batch = await asyncio.gather(*(open_stream() for _ in range(start, min(count, start + 500))),
                                     return_exceptions=True)
        for item in batch:
            if isinstance(item, Exception) or not item[2]:
                refused += 1
            else:
                streams.append(item)
    print(json.dumps({"phase": "open", "opened": len(streams), "refused": refused}), flush=True)
    # The caller measures memory and page throughput now, then says go.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    waits = [asyncio.create_task(wait_for_entry(r)) for r, _, _ in streams]
    sent = time.monotonic()
    body = json.dumps({"body": "Pembaruan untuk semua pembaca yang membuka halaman."}).encode()
    request = urllib.request.Request(f"http://{host}:{port}/api/v1/articles/{article}/live/entries", data=body,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    await asyncio.get_running_loop().run_in_executor(None, lambda: urllib.request.urlopen(request).read())
    arrivals = await asyncio.wait_for(asyncio.gather(*waits), timeout=60)
    took = sorted((t - sent) * 1000 for t in arrivals if t is not None)
    pick = lambda q: round(took[min(len(took) - 1, int(q * len(took)))], 1) if took else None
    print(json.dumps({"phase": "delivered", "opened": len(streams), "refused": refused, "delivered": len(took),
                      "p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": round(took[-1], 1) if took else None}),
          flush=True)
    for _, writer, _ in streams:
        writer.close()


asyncio.run(main())
