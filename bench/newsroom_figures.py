#!/usr/bin/env python3
"""Newsroom figures against a running Warta: sign-in time (Argon2id verify
included), upload-to-variants time, and publish-to-visible time on the
article page, the home page, the section page and the RSS feed.
Usage: newsroom_figures.py BASE EMAIL PASSWORD TOKEN IMAGE... ; prints a
Markdown table body."""
import http.cookiejar, json, re, statistics, sys, time, urllib.parse, urllib.request, uuid

base, email, password, token = sys.argv[1:5]
images = sys.argv[5:]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def sign_in_once():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/redaksi/masuk").read().decode()
    csrf = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page).group(1)
    body = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": password}).encode()
    started = time.perf_counter()
    try:
        opener.open(base + "/redaksi/masuk", body)
    except urllib.error.HTTPError as answer:
        assert answer.code == 303, answer.code
    return (time.perf_counter() - started) * 1000


def api(method, path, payload=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else (json.dumps(payload).encode() if payload is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read() or b"null")


def upload(path):
    boundary = uuid.uuid4().hex
    content = open(path, "rb").read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.split('/')[-1]}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    started = time.perf_counter()
    media = api("POST", "/api/v1/media", raw=body, content_type=f"multipart/form-data; boundary={boundary}")
    return media, (time.perf_counter() - started) * 1000, len(content)


def fetch(path):
    try:
        with urllib.request.urlopen(base + path) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, ""


def publish_to_visible(n):
    article = api("POST", "/api/v1/articles", {"title": f"Uji Kesegaran Nomor {n} {uuid.uuid4().hex[:6]}",
                                               "section": "news", "body": "Isi uji kesegaran."})
    started = time.perf_counter()
    live = api("POST", f"/api/v1/articles/{article['id']}/publish", {"version": article["version"]})
    path = urllib.parse.urlparse(live["url"]).path
    seen = {}
    while len(seen) < 4 and time.perf_counter() - started < 10:
        for name, page, needle in [("article", path, live["title"]), ("home", "/", path),
                                   ("section", "/news", path), ("rss", "/rss", path)]:
            if name not in seen:
                status, text = fetch(page)
                if status == 200 and needle in text:
                    seen[name] = (time.perf_counter() - started) * 1000
        time.sleep(0.005)
    return max(seen.values()) if len(seen) == 4 else float("inf")


sign_ins = sorted(sign_in_once() for _ in range(20))
print(f"| sign-in POST (Argon2id m=19 MiB t=2 p=1 verify + session), 20 runs | median {statistics.median(sign_ins):.0f} ms, max {max(sign_ins):.0f} ms |")
for image in images:
    times = []
    for _ in range(3):
        media, ms, size = upload(image)
        times.append(ms)
    print(f"| upload {media['width']}x{media['height']} {media['format'].upper()} ({size / 1e3:.0f} KB) to original + 2 WebP variants, 3 runs | median {statistics.median(times):.0f} ms |")
visible = sorted(publish_to_visible(n) for n in range(10))
print(f"| publish (API) to visible on article, home, section and RSS, 10 runs | median {statistics.median(visible):.0f} ms, max {max(visible):.0f} ms |")
