#!/usr/bin/env python3
"""Newsroom figures against a running Warta: sign-in time (Argon2id verify
included), upload-to-variants time, publish-to-visible time on the
article page, the home page, the section page and the RSS feed, the
editor's autosave round trip, and what the editor page costs to open in
headless Chromium (through chromedriver's WebDriver API).
Usage: newsroom_figures.py BASE EMAIL PASSWORD TOKEN IMAGE... ; prints a
Markdown table body."""
import http.cookiejar, json, os, random, re, shutil, socket, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request, uuid

base, email, password, token = sys.argv[1:5]
images = sys.argv[5:]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def signed_in():
    """An opener with a session, and the session's CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/redaksi/masuk").read().decode()
    csrf = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page).group(1)
    body = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": password}).encode()
    try:
        opener.open(base + "/redaksi/masuk", body)
    except urllib.error.HTTPError as answer:
        assert answer.code == 303, answer.code
    page = opener.open(base + "/redaksi/akun").read().decode()
    csrf = re.search(r'name="_csrf" value="([0-9a-f]{64})"', page).group(1)
    session = next(c.value for c in jar if c.name == "warta_sesi")
    return opener, csrf, session


def autosave_round_trips(article, runs):
    """Milliseconds for the editor's autosave POST, `runs` times."""
    opener, csrf, _ = signed_in()
    body_text = "".join(f"<p>Paragraf {i} dari naskah yang sedang diketik wartawan di redaksi.</p>" for i in range(40))
    times = []
    for n in range(runs):
        fields = {"versi": str(article["version"]), "judul": f"Naskah {n}", "isi": body_text,
                  "format": "html", "kanal": "news"}
        request = urllib.request.Request(base + f"/redaksi/artikel/{article['id']}/autosimpan",
                                         data=json.dumps(fields).encode(), method="POST")
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept", "application/json")
        request.add_header("X-CSRF-Token", csrf)
        started = time.perf_counter()
        with opener.open(request) as answer:
            assert answer.status == 200, answer.status
            answer.read()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


class Chromium:
    """One headless Chromium session through chromedriver (a fresh profile:
    an empty cache)."""

    def __init__(self):
        port_socket = socket.socket()
        port_socket.bind(("127.0.0.1", 0))
        self.port = port_socket.getsockname()[1]
        port_socket.close()
        self.profile = tempfile.mkdtemp(prefix="warta-bench-chromium.")
        self.driver = subprocess.Popen(["chromedriver", f"--port={self.port}"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        options = {"args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", "--disable-dev-shm-usage",
                            "--window-size=1280,900", f"--user-data-dir={self.profile}"]}
        for _ in range(100):
            try:
                answer = self.call("POST", "/session",
                                   {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}},
                                   session=False)
                self.session = answer["value"]["sessionId"]
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("chromedriver did not start")

    def call(self, method, path, payload=None, session=True):
        url = f"http://127.0.0.1:{self.port}" + (f"/session/{self.session}" if session else "") + path
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request) as answer:
            return json.loads(answer.read())

    def run(self, script):
        return self.call("POST", "/execute/sync", {"script": script, "args": []})["value"]

    def close(self):
        try:
            self.call("DELETE", "")
        finally:
            self.driver.terminate()
            self.driver.wait()
            shutil.rmtree(self.profile, ignore_errors=True)


def page_costs(path, mounted, runs):
    """Opening the newsroom page `path` in a fresh browser, `runs` times:
    bytes over the wire, and milliseconds until DOMContentLoaded (deferred
    scripts, such as the editor's, have run by then); `mounted` is a
    script expression that must hold once the page is up."""
    _, _, session = signed_in()
    results = []
    for _ in range(runs):
        browser = Chromium()
        try:
            browser.call("POST", "/url", {"url": base + "/robots.txt"})
            browser.call("POST", "/cookie", {"cookie": {"name": "warta_sesi", "value": session, "path": "/"}})
            browser.call("POST", "/url", {"url": base + path})
            results.append(browser.run(
                "const nav = performance.getEntriesByType('navigation')[0];"
                "const all = [nav, ...performance.getEntriesByType('resource')];"
                f"return {{mounted: {mounted},"
                " ready: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,"
                " wire: all.reduce((n, e) => n + e.transferSize, 0),"
                " files: all.length};"))
        finally:
            browser.close()
    assert all(r["mounted"] for r in results), results
    return results


def readers_come(articles, views):
    """`views` reader visits with a browser's User-Agent spread over
    `articles` (a few much read, most little) from every kind of referrer,
    each from its own address, so the dashboard has something to show."""
    referrers = ["https://www.google.com/", "https://l.facebook.com/", "https://web.whatsapp.com/",
                 "", base + "/", "https://t.me/", "https://www.bing.com/"]
    for n in range(views):
        article = articles[min(int(random.expovariate(0.05)), len(articles) - 1)]
        headers = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36",
                   "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"}
        if referrers[n % len(referrers)]:
            headers["Referer"] = referrers[n % len(referrers)]
        urllib.request.urlopen(urllib.request.Request(base + article, headers=headers)).read()


def dashboard_answers(runs):
    """Milliseconds the server takes to answer the dashboard, `runs` times."""
    opener, _, _ = signed_in()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        opener.open(base + "/redaksi/dibaca").read()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


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
    print(f"| upload {media['width']}x{media['height']} {media['format'].upper()} ({size / 1e3:.0f} KB) to original + 5 WebP variants (2 whole, 3 focal-point crops), 3 runs | median {statistics.median(times):.0f} ms |")
visible = sorted(publish_to_visible(n) for n in range(10))
print(f"| publish (API) to visible on article, home, section and RSS, 10 runs | median {statistics.median(visible):.0f} ms, max {max(visible):.0f} ms |")
draft = api("POST", "/api/v1/articles", {"title": "Naskah Uji Penyunting", "section": "news",
                                        "body": "<p>Isi awal.</p>", "body_format": "html"})
saves = autosave_round_trips(draft, 50)
print(f"| editor autosave (JSON POST of a 40-paragraph body, kept apart from the article), 50 runs | median {statistics.median(saves):.1f} ms, max {max(saves):.1f} ms |")
latest = re.findall(r'href="(/[^"/]+/\d{4}/\d{2}/\d{2}/\d+/[^"]+)"', fetch("/terkini")[1])
random.seed(18)
readers_come(sorted(set(latest)), 3000)
time.sleep(6)  # the counts reach the database at the next flush
answers = dashboard_answers(20)
print(f"| \"Sedang dibaca\" dashboard answered by the server after 3,000 views of {len(set(latest))} articles, 20 runs | median {statistics.median(answers):.1f} ms, max {max(answers):.1f} ms |")
if shutil.which("chromedriver"):
    opened = page_costs(f"/redaksi/artikel/{draft['id']}", "!!document.querySelector('.ProseMirror')", 5)
    wire = statistics.median(r["wire"] for r in opened)
    ready = sorted(r["ready"] for r in opened)
    print(f"| editor page opened in headless Chromium, empty cache (page, newsroom.css, editor.js, editor.css), 5 runs | {wire / 1e3:.0f} KB over the wire (gzip); editor ready (DOMContentLoaded) median {statistics.median(ready):.0f} ms, max {max(ready):.0f} ms |")
    opened = page_costs("/redaksi/dibaca", "!!document.querySelector('svg')", 5)
    wire = statistics.median(r["wire"] for r in opened)
    files = statistics.median(r["files"] for r in opened)
    ready = sorted(r["ready"] for r in opened)
    print(f"| \"Sedang dibaca\" dashboard opened in headless Chromium, empty cache, 5 runs | {wire / 1e3:.1f} KB over the wire (gzip) in {files:.0f} files; ready (DOMContentLoaded) median {statistics.median(ready):.0f} ms, max {max(ready):.0f} ms |")
