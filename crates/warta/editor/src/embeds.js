// Recognises the links that become embeds in an article body, from the URL
// alone. Hosts are matched exactly (no suffix or substring matching), so
// `youtube.com.evil.example` or `evil.example/youtube.com/…` never pass.
// The server applies the same rules when it sanitises a body; README.md
// lists them so both sides can be kept in step.

/** Display names of the providers, by the key stored in data-provider. */
export const PROVIDERS = {
  youtube: "YouTube",
  x: "X (Twitter)",
  instagram: "Instagram",
  tiktok: "TikTok",
  facebook: "Facebook",
  spotify: "Spotify",
  maps: "Google Maps",
};

const YOUTUBE_ID = /^[A-Za-z0-9_-]+$/;

// Each rule: the exact hosts it accepts and a test on the parsed URL.
const RULES = [
  {
    provider: "youtube",
    hosts: ["youtube.com", "www.youtube.com", "m.youtube.com"],
    test: (u) =>
      (u.pathname === "/watch" && YOUTUBE_ID.test(u.searchParams.get("v") || "")) ||
      /^\/(shorts|live|embed)\/[A-Za-z0-9_-]+\/?$/.test(u.pathname),
  },
  {
    provider: "youtube",
    hosts: ["youtu.be"],
    test: (u) => /^\/[A-Za-z0-9_-]+\/?$/.test(u.pathname),
  },
  {
    provider: "x",
    hosts: ["x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"],
    test: (u) =>
      /^\/[A-Za-z0-9_]{1,50}\/status(es)?\/\d+(\/.*)?$/.test(u.pathname) ||
      /^\/i\/web\/status\/\d+\/?$/.test(u.pathname),
  },
  {
    provider: "instagram",
    hosts: ["instagram.com", "www.instagram.com"],
    test: (u) => /^\/(p|reel|tv)\/[A-Za-z0-9_-]+(\/.*)?$/.test(u.pathname),
  },
  {
    provider: "tiktok",
    hosts: ["tiktok.com", "www.tiktok.com", "m.tiktok.com"],
    test: (u) => /^\/@[A-Za-z0-9_.-]+\/video\/\d+\/?$/.test(u.pathname),
  },
  {
    provider: "tiktok",
    hosts: ["vt.tiktok.com", "vm.tiktok.com"],
    test: (u) => /^\/[A-Za-z0-9]+\/?$/.test(u.pathname),
  },
  {
    provider: "facebook",
    hosts: ["facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"],
    test: (u) =>
      /^\/([^/]+\/)*videos\/[^/]/.test(u.pathname) ||
      (/^\/watch\/?$/.test(u.pathname) && /^\d+$/.test(u.searchParams.get("v") || "")),
  },
  {
    provider: "facebook",
    hosts: ["fb.watch"],
    test: (u) => /^\/[A-Za-z0-9_-]+\/?$/.test(u.pathname),
  },
  {
    provider: "spotify",
    hosts: ["open.spotify.com"],
    test: (u) => /^\/(intl-[a-z-]+\/)?(embed\/)?(track|album|playlist|episode|show)\/[A-Za-z0-9]+\/?$/.test(u.pathname),
  },
  {
    provider: "maps",
    hosts: ["google.com", "www.google.com", "google.co.id", "www.google.co.id"],
    test: (u) => /^\/maps(\/|$)/.test(u.pathname),
  },
  {
    provider: "maps",
    hosts: ["maps.google.com", "maps.google.co.id"],
    test: () => true,
  },
  {
    provider: "maps",
    hosts: ["maps.app.goo.gl"],
    test: (u) => /^\/[A-Za-z0-9_-]+\/?$/.test(u.pathname),
  },
];

/** Parses an absolute http(s) URL without credentials or a port, or null. */
export function parseWebUrl(text) {
  if (typeof text !== "string") return null;
  const trimmed = text.trim();
  if (!/^https?:\/\/[^\s]+$/i.test(trimmed)) return null;
  let url;
  try {
    url = new URL(trimmed);
  } catch (_) {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.port) return null;
  return url;
}

/**
 * The embed a URL stands for: `{provider, url}` with the URL as written
 * (trimmed; an embed-player address is turned into the watch address), or
 * null when the URL is not one of the recognised forms.
 */
export function recognise(text) {
  const url = parseWebUrl(text);
  if (!url) return null;
  const host = url.hostname.toLowerCase();
  for (const rule of RULES) {
    if (rule.hosts.includes(host) && rule.test(url)) {
      return { provider: rule.provider, url: canonical(rule.provider, url, text.trim()) };
    }
  }
  return null;
}

// Player addresses (what an <iframe> shows) become the page a reader would
// open; everything else is kept as the reporter wrote it.
function canonical(provider, url, written) {
  if (provider === "youtube") {
    const m = /^\/embed\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
    if (m) return "https://www.youtube.com/watch?v=" + m[1];
  }
  if (provider === "spotify") {
    const m = /^\/(?:intl-[a-z-]+\/)?embed\/((track|album|playlist|episode|show)\/[A-Za-z0-9]+)/.exec(url.pathname);
    if (m) return "https://open.spotify.com/" + m[1];
  }
  return written;
}

/**
 * The embed an <iframe>'s src stands for, or null. Players on hosts that
 * are not a provider's own page (youtube-nocookie.com, Facebook's plugin,
 * Instagram's /embed) are mapped back to the page address first.
 */
export function recogniseFrame(src) {
  const url = parseWebUrl(src);
  if (!url) return null;
  const host = url.hostname.toLowerCase();
  if (host === "www.youtube-nocookie.com" || host === "youtube-nocookie.com") {
    const m = /^\/embed\/([A-Za-z0-9_-]+)\/?$/.exec(url.pathname);
    return m ? recognise("https://www.youtube.com/watch?v=" + m[1]) : null;
  }
  if ((host === "www.facebook.com" || host === "facebook.com") && /^\/plugins\/video\.php$/.test(url.pathname)) {
    return recognise(url.searchParams.get("href") || "");
  }
  if (host === "www.instagram.com" || host === "instagram.com") {
    const m = /^\/(p|reel|tv)\/([A-Za-z0-9_-]+)\/embed/.exec(url.pathname);
    if (m) return recognise("https://www.instagram.com/" + m[1] + "/" + m[2] + "/");
  }
  return recognise(url.href);
}

/** The YouTube video id of a recognised YouTube URL, or null. */
export function youtubeId(text) {
  const url = parseWebUrl(text);
  if (!url) return null;
  const host = url.hostname.toLowerCase();
  if (host === "youtu.be") return url.pathname.slice(1).replace(/\/$/, "") || null;
  if (url.pathname === "/watch") return url.searchParams.get("v");
  const m = /^\/(shorts|live|embed)\/([A-Za-z0-9_-]+)/.exec(url.pathname);
  return m ? m[2] : null;
}

/** True for a link target the body may hold: http(s) or mailto. */
export function isAllowedHref(href) {
  if (typeof href !== "string") return false;
  const h = href.trim();
  if (/^mailto:[^\s@/]+@[^\s@/]+$/i.test(h)) return true;
  if (!/^https?:\/\/[^\s]+$/i.test(h)) return false;
  try {
    const url = new URL(h);
    return (url.protocol === "https:" || url.protocol === "http:") && !!url.hostname && !url.username && !url.password;
  } catch (_) {
    return false;
  }
}
