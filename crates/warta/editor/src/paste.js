// Cleans HTML pasted from Google Docs, Word and web pages down to the body
// schema before ProseMirror parses it: headings, bold, italic, strikethrough,
// links, lists and quotes survive; styles, classes, fonts, colours, spans,
// tables (as paragraphs of their text), images and scripts do not. Embed
// code (an <iframe> of a known player, or the blockquotes X, Instagram and
// TikTok hand out) becomes an embed figure.
import { Fragment, Slice } from "prosemirror-model";
import { recognise, recogniseFrame, isAllowedHref, PROVIDERS } from "./embeds.js";
import { parser, schema, nodeToDOM } from "./schema.js";

/** Pastes larger than this many characters of HTML are refused. */
export const MAX_PASTE = 2 * 1024 * 1024;

// Elements whose content is never text a reporter meant to paste.
const DROP = new Set([
  "script", "style", "noscript", "template", "head", "title", "meta", "link", "object", "embed",
  "applet", "canvas", "svg", "math", "audio", "video", "source", "track", "select", "option",
  "input", "button", "textarea", "frame", "frameset", "map", "area", "img", "picture", "hr",
  "xml", "colgroup", "col", "base", "param", "dialog",
]);

// Elements that only group blocks: each becomes a plain block boundary.
const BLOCKISH = new Set([
  "div", "section", "article", "header", "footer", "main", "aside", "nav", "center", "td", "th",
  "tr", "table", "tbody", "thead", "tfoot", "caption", "dd", "dt", "dl", "address", "figure",
  "figcaption", "details", "summary", "form", "fieldset", "legend", "body", "html", "hgroup",
]);

const BOLD = /^(bold(er)?|[6-9]00)$/;
const NOT_BOLD = /^(normal|lighter|[1-5]00)$/;

/** Replaces every kind of non-breaking space by a plain one. */
function plainSpaces(text) {
  return text.replace(/[\u00a0\u202f]/g, " ");
}

/** The URL a Google search redirect (`google.com/url?q=`) points to. */
function unwrapRedirect(href) {
  try {
    const u = new URL(href);
    if (/^(www\.)?google\.[a-z.]+$/.test(u.hostname) && u.pathname === "/url") {
      const q = u.searchParams.get("q") || u.searchParams.get("url");
      if (q) return q;
    }
  } catch (_) {
    /* not a URL: checked by the caller */
  }
  return href;
}

/** A Word list paragraph: `mso-list: l0 level2 lfo1` in its style. */
function wordListInfo(el) {
  if (el.localName !== "p") return null;
  const style = el.getAttribute("style") || "";
  const m = /mso-list:\s*l(\d+)\s+level(\d+)/i.exec(style);
  if (!m) return null;
  const marker = el.querySelector("span[style*='mso-list']");
  const glyph = marker ? plainSpaces(marker.textContent).trim() : "";
  return {
    list: m[1],
    level: Math.max(1, Math.min(9, parseInt(m[2], 10))),
    ordered: /^\(?[0-9a-zA-Z]{1,5}[.)]/.test(glyph),
  };
}

/** The declarations of a style attribute or rule body, by lower-case property. */
export function parseDecls(text) {
  const out = {};
  for (const part of String(text || "").split(";")) {
    const at = part.indexOf(":");
    if (at < 0) continue;
    const prop = part.slice(0, at).trim().toLowerCase();
    const value = part.slice(at + 1).replace(/!important/i, "").trim().toLowerCase();
    if (prop) out[prop] = value;
  }
  return out;
}

const EMPHASIS = ["font-weight", "font-style", "text-decoration", "text-decoration-line"];

/**
 * The emphasis that the pasted <style> sheets give inline elements by
 * class (Word's `span.Tebal {font-weight:bold}`), read from the sheets'
 * text: a page's style-src policy may keep the browser from applying them.
 */
function sheetEmphasis(doc) {
  const found = new Map();
  for (const style of Array.from(doc.querySelectorAll("style"))) {
    const css = style.textContent.replace(/\/\*[\s\S]*?\*\//g, "").replace(/<!--|-->/g, "");
    const rule = /([^{}@;]+)\{([^{}]*)\}/g;
    let m;
    while ((m = rule.exec(css))) {
      const decls = parseDecls(m[2]);
      const wanted = EMPHASIS.filter((p) => decls[p]);
      if (!wanted.length) continue;
      let els;
      try {
        els = doc.body.querySelectorAll(m[1].trim());
      } catch (_) {
        continue;
      }
      // Only inline elements: a sheet's `p {font-weight:bold}` says nothing
      // about emphasis.
      els.forEach((el) => {
        if (!/^(span|font|b|strong|i|em|a)$/.test(el.localName)) return;
        const own = found.get(el) || {};
        for (const p of wanted) own[p] = decls[p];
        found.set(el, own);
      });
    }
  }
  return found;
}

class Cleaner {
  constructor(outDoc, sheets) {
    this.doc = outDoc;
    this.sheets = sheets;
    this.converted = [];
    this.dropped = 0;
    this.images = 0;
  }

  /** An element's own emphasis styles: its sheet rules, then its style attribute. */
  style(src) {
    return { ...(this.sheets.get(src) || {}), ...parseDecls(src.getAttribute("style")) };
  }

  el(tag, attrs) {
    const e = this.doc.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  embedFigure(found) {
    this.converted.push(found.provider);
    const node = schema.nodes.embed.create(found);
    return nodeToDOM(node, this.doc);
  }

  // Figures written by this editor (copied from another article) pass
  // through the schema so only valid ones with clean attributes survive.
  ownFigure(src) {
    const holder = src.ownerDocument.createElement("div");
    holder.appendChild(src.cloneNode(true));
    const doc = parser.parse(holder);
    const node = doc.firstChild;
    if (node && (node.type === schema.nodes.picture || node.type === schema.nodes.gallery || node.type === schema.nodes.embed)) {
      return nodeToDOM(node, this.doc);
    }
    return null;
  }

  embedCode(src) {
    const cls = " " + (src.getAttribute("class") || "") + " ";
    let url = null;
    if (/ tiktok-embed /.test(cls)) url = src.getAttribute("cite");
    else if (/ instagram-media /.test(cls)) {
      url = src.getAttribute("data-instgrm-permalink");
      if (!url) {
        const a = src.querySelector("a[href*='instagram.com/']");
        url = a && a.getAttribute("href");
      }
    } else if (/ twitter-tweet /.test(cls)) {
      const links = Array.from(src.querySelectorAll("a[href]")).filter((a) => /\/status\/\d+/.test(a.getAttribute("href")));
      url = links.length ? links[links.length - 1].getAttribute("href") : null;
    } else return null;
    if (!url) return null;
    // Drop tracking queries (`?ref_src=`, `?utm_source=`): the page is the same.
    const found = recognise(url.replace(/\?.*$/, "")) || recognise(url);
    return found;
  }

  /** Cleans the children of `src` into `out`. */
  children(src, out, ctx) {
    const kids = Array.from(src.childNodes);
    for (let i = 0; i < kids.length; i++) {
      const child = kids[i];
      if (child.nodeType === 1 && wordListInfo(child)) {
        // A run of Word list paragraphs (blank text and comments between
        // them do not break it) becomes nested <ul>/<ol>.
        const run = [];
        let j = i;
        while (j < kids.length) {
          const k = kids[j];
          if (k.nodeType === 1 && wordListInfo(k)) run.push(k);
          else if (!(k.nodeType === 8 || (k.nodeType === 3 && !k.textContent.trim()))) break;
          j++;
        }
        this.wordList(run, out, ctx);
        i = j - 1;
        continue;
      }
      this.node(child, out, ctx);
    }
  }

  wordList(run, out, ctx) {
    // stack[d] = the list element at depth d+1.
    let stack = [];
    let listId = null;
    for (const p of run) {
      const info = wordListInfo(p);
      if (info.list !== listId) stack = []; // another list of the document
      listId = info.list;
      while (stack.length > info.level) stack.pop();
      const kind = info.ordered ? "ol" : "ul";
      if (stack.length === info.level && stack[stack.length - 1].localName !== kind) stack.pop();
      while (stack.length < info.level) {
        const list = this.el(stack.length === info.level - 1 ? kind : "ul");
        if (stack.length === 0) out.appendChild(list);
        else {
          const parent = stack[stack.length - 1];
          let li = parent.lastElementChild;
          if (!li) parent.appendChild((li = this.el("li")));
          li.appendChild(list);
        }
        stack.push(list);
      }
      const li = this.el("li");
      const para = this.el("p");
      li.appendChild(para);
      stack[stack.length - 1].appendChild(li);
      const copy = p.cloneNode(true);
      copy.querySelectorAll("span[style*='mso-list']").forEach((s) => {
        if (/mso-list:\s*ignore/i.test(s.getAttribute("style") || "")) s.remove();
      });
      this.children(copy, para, ctx);
    }
  }

  node(src, out, ctx) {
    if (src.nodeType === 3) {
      let text = plainSpaces(src.nodeValue);
      if (ctx.pre) {
        const lines = text.split("\n");
        lines.forEach((line, n) => {
          if (n) out.appendChild(this.el("br"));
          if (line) out.appendChild(this.doc.createTextNode(line));
        });
      } else out.appendChild(this.doc.createTextNode(text));
      return;
    }
    if (src.nodeType !== 1) return; // comments, processing instructions
    const tag = src.localName.toLowerCase();

    if (tag === "iframe") {
      const found = recogniseFrame(src.getAttribute("src") || "");
      if (found) out.appendChild(this.embedFigure(found));
      else this.dropped++;
      return;
    }
    if (tag === "script") {
      // The script that comes with X/Instagram/TikTok embed code is part of
      // that code, not something to report on its own.
      if (!/platform\.twitter\.com|instagram\.com\/embed|tiktok\.com\/embed/.test(src.getAttribute("src") || "")) this.dropped++;
      return;
    }
    if (tag === "img" || tag === "picture") {
      this.images++;
      return;
    }
    if (DROP.has(tag)) return;

    if (tag === "figure") {
      const cls = " " + (src.getAttribute("class") || "") + " ";
      if (/ (picture|gallery|embed) /.test(cls)) {
        const fig = this.ownFigure(src);
        if (fig) {
          out.appendChild(fig);
          return;
        }
      }
    }
    if (tag === "blockquote") {
      const found = this.embedCode(src);
      if (found) {
        out.appendChild(this.embedFigure(found));
        return;
      }
    }

    if (/^h[1-6]$/.test(tag)) {
      const h = this.el(tag === "h1" || tag === "h2" ? "h2" : "h3");
      out.appendChild(h);
      this.children(src, h, { ...ctx, heading: true });
      return;
    }
    if (tag === "p") {
      const p = this.el("p");
      out.appendChild(p);
      this.inlineStyled(src, p, ctx);
      return;
    }
    if (tag === "pre") {
      const p = this.el("p");
      out.appendChild(p);
      this.children(src, p, { ...ctx, pre: true });
      return;
    }
    if (tag === "blockquote") {
      const q = this.el("blockquote");
      out.appendChild(q);
      this.children(src, q, ctx);
      return;
    }
    if (tag === "ul" || tag === "ol") {
      const list = this.el(tag);
      out.appendChild(list);
      for (const child of Array.from(src.childNodes)) {
        if (child.nodeType === 1 && child.localName === "li") this.node(child, list, ctx);
        else if (child.nodeType === 1) {
          // Google Docs nests a sub-list directly in the list: it belongs
          // to the item before it.
          let li = list.lastElementChild;
          if (!li) list.appendChild((li = this.el("li")));
          this.node(child, li, ctx);
        }
      }
      return;
    }
    if (tag === "li") {
      if (out.localName !== "ul" && out.localName !== "ol" && out.localName !== "li") {
        const d = this.el("div");
        out.appendChild(d);
        this.children(src, d, ctx);
        return;
      }
      const li = this.el("li");
      out.appendChild(li);
      this.children(src, li, ctx);
      return;
    }
    if (tag === "br") {
      out.appendChild(this.el("br"));
      return;
    }
    if (BLOCKISH.has(tag)) {
      const d = this.el("div");
      out.appendChild(d);
      this.children(src, d, ctx);
      return;
    }
    if (tag === "a") {
      const raw = (src.getAttribute("href") || "").trim();
      const href = unwrapRedirect(raw);
      if (href && isAllowedHref(href)) {
        const a = this.el("a", { href });
        out.appendChild(a);
        this.inlineStyled(src, a, ctx);
      } else this.inlineStyled(src, out, ctx);
      return;
    }
    const style = this.style(src);
    if (tag === "b" || tag === "strong") {
      if (NOT_BOLD.test(style["font-weight"] || "") || ctx.heading) this.inlineStyled(src, out, ctx, { bold: false });
      else this.wrap("strong", src, out, ctx, { bold: false });
      return;
    }
    if (tag === "i" || tag === "em") {
      if (style["font-style"] === "normal") this.inlineStyled(src, out, ctx, { italic: false });
      else this.wrap("em", src, out, ctx, { italic: false });
      return;
    }
    if (tag === "s" || tag === "strike" || tag === "del") {
      this.wrap("s", src, out, ctx, { strike: false });
      return;
    }
    // Anything else (span, font, o:p, u, sup, code, mark, …) keeps only its
    // text, and the emphasis its inline style gives.
    this.inlineStyled(src, out, ctx);
  }

  wrap(tag, src, out, ctx, skip) {
    const w = this.el(tag);
    out.appendChild(w);
    this.inlineStyled(src, w, ctx, skip);
  }

  /** The element's children into `out`, inside <strong>/<em>/<s> when its
   * own inline style makes it bold, italic or struck through. */
  inlineStyled(src, out, ctx, skip) {
    const s = this.style(src);
    const no = skip || {};
    let target = out;
    const add = (tag) => {
      const e = this.el(tag);
      target.appendChild(e);
      target = e;
    };
    if (no.bold !== false && !ctx.heading && BOLD.test(s["font-weight"] || "")) add("strong");
    if (no.italic !== false && /^(italic|oblique)/.test(s["font-style"] || "")) add("em");
    const deco = (s["text-decoration-line"] || "") + " " + (s["text-decoration"] || "");
    if (no.strike !== false && /line-through/.test(deco)) add("s");
    this.children(src, target, ctx);
  }
}

const BLOCK_OUT = /^(p|h2|h3|div|ul|ol|li|blockquote|figure)$/;

function isBlockOut(node) {
  return node.nodeType === 1 && BLOCK_OUT.test(node.localName);
}

function sibling(node, dir) {
  let s = dir < 0 ? node.previousSibling : node.nextSibling;
  while (s && s.nodeType === 3 && !s.nodeValue.trim()) s = dir < 0 ? s.previousSibling : s.nextSibling;
  return s;
}

// Removes what would become empty paragraphs: blocks with no text (Word's
// `<o:p>&nbsp;</o:p>`), a <br> standing between blocks (Google Docs) and a
// <br> ending a block.
function tidy(root) {
  root.querySelectorAll("br").forEach((br) => {
    const prev = sibling(br, -1);
    const next = sibling(br, 1);
    const inBlock = br.parentNode === root || isBlockOut(br.parentNode);
    if (inBlock && !next) br.remove();
    else if (inBlock && ((!prev || isBlockOut(prev)) && isBlockOut(next))) br.remove();
  });
  const blocks = Array.from(root.querySelectorAll("p, h2, h3, div, blockquote, li, ul, ol")).reverse();
  for (const b of blocks) {
    if (!b.textContent.trim() && !b.querySelector("figure, br")) b.remove();
  }
}

/**
 * Cleans pasted HTML. Returns `{html, notices}` where notices are short
 * Indonesian sentences telling the reporter what was changed.
 */
export function cleanHTML(html) {
  const inDoc = new window.DOMParser().parseFromString(html, "text/html");
  // Content copied from this editor is already clean; ProseMirror's own
  // slice marker must survive so a part of a paragraph pastes inline.
  const own = inDoc.querySelector("[data-pm-slice]");
  const outDoc = document.implementation.createHTMLDocument("");
  const root = outDoc.body;
  const c = new Cleaner(outDoc, sheetEmphasis(inDoc));
  c.children(inDoc.body, root, {});
  tidy(root);
  if (own) {
    const first = root.firstElementChild;
    if (first) first.setAttribute("data-pm-slice", own.getAttribute("data-pm-slice"));
  }
  const notices = [];
  const names = Array.from(new Set(c.converted)).map((p) => PROVIDERS[p]);
  if (names.length) notices.push("Kode sematan diubah menjadi sematan " + names.join(", ") + ".");
  if (c.dropped) notices.push("Kode <script> atau <iframe> dibuang.");
  if (c.images) notices.push("Gambar dari teks yang ditempel tidak ikut; sisipkan gambar lewat tombol Gambar.");
  return { html: root.innerHTML, notices };
}

/** True when pasted plain text is embed code rather than prose. */
export function looksLikeEmbedCode(text) {
  const t = text.trim();
  return /^</.test(t) && /<(iframe|script|blockquote)\b/i.test(t);
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

// A URL found in prose loses the punctuation that ends the sentence.
function trimUrl(url) {
  let u = url;
  for (;;) {
    const last = u.slice(-1);
    if (/[.,;:!?'"]/.test(last)) u = u.slice(0, -1);
    else if (last === ")" && (u.match(/\(/g) || []).length < (u.match(/\)/g) || []).length) u = u.slice(0, -1);
    else break;
  }
  return u;
}

/** Text nodes for a line of prose, with its web addresses as links. */
export function linkedText(line, marks) {
  const out = [];
  const base = marks || [];
  let at = 0;
  line.replace(URL_IN_TEXT, (match, offset) => {
    const url = trimUrl(match);
    if (!isAllowedHref(url)) return match;
    if (offset > at) out.push(schema.text(line.slice(at, offset), base));
    out.push(schema.text(url, schema.marks.link.create({ href: url }).addToSet(base)));
    at = offset + url.length;
    return match;
  });
  if (at < line.length) out.push(schema.text(line.slice(at), base));
  return out;
}

/**
 * A plain-text paste as a slice: blank lines separate paragraphs, single
 * line breaks stay, a line holding only a recognised URL becomes an embed.
 */
export function textToSlice(text) {
  const blocks = plainSpaces(text.replace(/\r\n?/g, "\n"))
    .split(/\n[ \t]*\n+/)
    .map((b) => b.replace(/^\n+|\n+$/g, ""))
    .filter((b) => b.trim());
  const nodes = [];
  for (const block of blocks) {
    const lines = block.split("\n");
    // Lines that are each a recognised URL become one embed each.
    if (lines.every((l) => recognise(l.trim()))) {
      for (const l of lines) nodes.push(schema.nodes.embed.create(recognise(l.trim())));
      continue;
    }
    const inline = [];
    lines.forEach((line, n) => {
      if (n) inline.push(schema.nodes.hard_break.create());
      inline.push(...linkedText(line));
    });
    nodes.push(schema.nodes.paragraph.create(null, inline));
  }
  if (!nodes.length) return Slice.empty;
  return Slice.maxOpen(Fragment.from(nodes));
}

/**
 * Turns the paragraphs of a pasted slice that hold nothing but a recognised
 * URL into embeds. A lone paragraph is left alone: a URL pasted inside a
 * sentence stays a link (the paste handler decides about single URLs).
 */
export function embedUrlParagraphs(slice) {
  const frag = slice.content;
  if (frag.childCount < 2) return slice;
  let changed = false;
  const nodes = [];
  frag.forEach((node) => {
    if (node.type === schema.nodes.paragraph) {
      const found = recognise(node.textContent.trim());
      let onlyUrl = !!found;
      node.forEach((child) => {
        if (child.type !== schema.nodes.text) onlyUrl = false;
      });
      if (onlyUrl) {
        nodes.push(schema.nodes.embed.create(found));
        changed = true;
        return;
      }
    }
    nodes.push(node);
  });
  if (!changed) return slice;
  const fragment = Fragment.from(nodes);
  const open = Slice.maxOpen(fragment);
  return new Slice(fragment, Math.min(slice.openStart, open.openStart), Math.min(slice.openEnd, open.openEnd));
}
