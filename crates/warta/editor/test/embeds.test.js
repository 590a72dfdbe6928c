// Run with `npm test` (node's own test runner; no browser needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { recognise, recogniseFrame, youtubeId, isAllowedHref } from "../src/embeds.js";

const provider = (u) => (recognise(u) || {}).provider || null;

test("recognises each provider's page addresses", () => {
  const cases = [
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"],
    ["https://youtube.com/watch?v=dQw4w9WgXcQ&t=10s", "youtube"],
    ["https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube"],
    ["http://youtu.be/dQw4w9WgXcQ", "youtube"],
    ["https://www.youtube.com/shorts/abcDEF12345", "youtube"],
    ["https://x.com/jokowi/status/1234567890123", "x"],
    ["https://twitter.com/jokowi/status/1234567890123?s=20", "x"],
    ["https://www.instagram.com/p/C0dE-f_g/", "instagram"],
    ["https://instagram.com/reel/C0dEfg", "instagram"],
    ["https://www.instagram.com/tv/C0dEfg/", "instagram"],
    ["https://www.tiktok.com/@warta.id/video/7300000000000000000", "tiktok"],
    ["https://vt.tiktok.com/ZSabc123/", "tiktok"],
    ["https://www.facebook.com/wartaid/videos/1234567890/", "facebook"],
    ["https://www.facebook.com/watch?v=1234567890", "facebook"],
    ["https://fb.watch/abC-12_x/", "facebook"],
    ["https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "spotify"],
    ["https://open.spotify.com/episode/4uLU6hMCjMI75M1A2tKUQC?si=x", "spotify"],
    ["https://open.spotify.com/show/4uLU6hMCjMI75M1A2tKUQC", "spotify"],
    ["https://www.google.com/maps/place/Monas/@-6.17,106.82,17z", "maps"],
    ["https://maps.google.com/?q=-6.17,106.82", "maps"],
    ["https://maps.app.goo.gl/AbCdEf123", "maps"],
  ];
  for (const [url, want] of cases) assert.equal(provider(url), want, url);
});

test("matches hosts exactly and only http(s)", () => {
  const rejected = [
    "https://youtube.com.evil.example/watch?v=x",
    "https://evil.example/youtube.com/watch?v=x",
    "https://evilyoutube.com/watch?v=x",
    "https://www.youtube.com@evil.example/watch?v=x",
    "https://www.youtube.com:8443/watch?v=x",
    "javascript://www.youtube.com/watch?v=x",
    "ftp://youtu.be/abc",
    "https://www.youtube.com/watch",
    "https://www.youtube.com/channel/UC123",
    "https://x.com/jokowi",
    "https://x.com.evil.example/a/status/1",
    "https://www.instagram.com/warta.id/",
    "https://www.tiktok.com/@warta.id",
    "https://www.facebook.com/wartaid",
    "https://open.spotify.com/artist/abc",
    "https://www.google.com/search?q=maps",
    "https://google.com.evil.example/maps",
    "https://www.youtube.com/watch?v=x y",
    "www.youtube.com/watch?v=abc",
  ];
  for (const url of rejected) assert.equal(provider(url), null, url);
});

test("player addresses become page addresses", () => {
  assert.deepEqual(recogniseFrame("https://www.youtube.com/embed/abc"), {
    provider: "youtube",
    url: "https://www.youtube.com/watch?v=abc",
  });
  assert.deepEqual(recogniseFrame("https://www.youtube-nocookie.com/embed/abc?start=3"), {
    provider: "youtube",
    url: "https://www.youtube.com/watch?v=abc",
  });
  assert.deepEqual(recogniseFrame("https://open.spotify.com/embed/track/4uLU6hMCjMI75M1A2tKUQC?utm_source=x"), {
    provider: "spotify",
    url: "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
  });
  assert.equal(
    recogniseFrame("https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fw%2Fvideos%2F123%2F").provider,
    "facebook",
  );
  assert.equal(recogniseFrame("https://www.google.com/maps/embed?pb=!1m18").provider, "maps");
  assert.equal(recogniseFrame("https://evil.example/embed/abc"), null);
});

test("youtube ids", () => {
  assert.equal(youtubeId("https://youtu.be/abc123"), "abc123");
  assert.equal(youtubeId("https://www.youtube.com/watch?v=abc123"), "abc123");
  assert.equal(youtubeId("https://www.youtube.com/shorts/abc123"), "abc123");
});

test("link targets", () => {
  assert.ok(isAllowedHref("https://warta.example/a"));
  assert.ok(isAllowedHref("http://localhost:8080/a"));
  assert.ok(isAllowedHref("mailto:redaksi@warta.example"));
  assert.ok(!isAllowedHref("javascript:alert(1)"));
  assert.ok(!isAllowedHref("data:text/html,hi"));
  assert.ok(!isAllowedHref("/relative/path"));
  assert.ok(!isAllowedHref("https://user:pw@warta.example/"));
  assert.ok(!isAllowedHref("mailto:"));
});
