// The body schema: exactly the HTML the server's allow-list keeps (see
// README.md). Parsing maps near relatives onto it (h1 -> h2, <b> -> strong,
// …); serialising writes only the allowed elements and attributes.
import { Schema, DOMParser, DOMSerializer, Fragment } from "prosemirror-model";
import { recognise, isAllowedHref } from "./embeds.js";

const MEDIA_ID = /^[1-9][0-9]{0,17}$/;

/** The address of a library picture in the body. */
export function largeSrc(id) {
  return "/media/" + id + "/large.webp";
}

/** "x,y" with each part in [0, 1] and at most 3 decimals, or null. */
export function formatFocal(x, y) {
  const fix = (v) => String(Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  return fix(x) + "," + fix(y);
}

/** Reads a data-focal value ("0.5,0.25"), or null when it is not valid. */
export function parseFocal(text) {
  if (typeof text !== "string") return null;
  const m = /^\s*([01](?:\.\d+)?)\s*,\s*([01](?:\.\d+)?)\s*$/.exec(text);
  if (!m) return null;
  const x = parseFloat(m[1]);
  const y = parseFloat(m[2]);
  if (x > 1 || y > 1) return null;
  return formatFocal(x, y);
}

// A figcaption holds the caption as text and the credit in <small class="credit">.
function readCaption(figure) {
  const cap = figure.querySelector("figcaption");
  if (!cap) return { caption: "", credit: "" };
  const copy = cap.cloneNode(true);
  let credit = "";
  copy.querySelectorAll("small").forEach((s) => {
    if (!credit && s.classList.contains("credit")) credit = s.textContent.trim();
    s.remove();
  });
  return { caption: copy.textContent.replace(/\s+/g, " ").trim(), credit: credit.replace(/\s+/g, " ") };
}

function captionSpec(caption, credit) {
  const parts = [];
  if (caption) parts.push(caption);
  if (caption && credit) parts.push(" ");
  if (credit) parts.push(["small", { class: "credit" }, credit]);
  return parts.length ? [["figcaption", ...parts]] : [];
}

const blockquoteSkip = /(^|\s)(twitter-tweet|instagram-media|tiktok-embed)(\s|$)/;

export const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    paragraph: {
      group: "block",
      content: "inline*",
      parseDOM: [{ tag: "p" }],
      toDOM: () => ["p", 0],
    },
    heading: {
      group: "block",
      content: "inline*",
      // A subheading is bold already; bold inside it carries no meaning.
      marks: "em strike link",
      attrs: { level: { default: 2 } },
      defining: true,
      parseDOM: [
        { tag: "h1", attrs: { level: 2 } },
        { tag: "h2", attrs: { level: 2 } },
        { tag: "h3", attrs: { level: 3 } },
        { tag: "h4", attrs: { level: 3 } },
        { tag: "h5", attrs: { level: 3 } },
        { tag: "h6", attrs: { level: 3 } },
      ],
      toDOM: (node) => [node.attrs.level === 3 ? "h3" : "h2", 0],
    },
    blockquote: {
      group: "block",
      content: "paragraph+",
      defining: true,
      parseDOM: [{ tag: "blockquote", getAttrs: (dom) => (blockquoteSkip.test(dom.className || "") ? false : null) }],
      toDOM: () => ["blockquote", 0],
    },
    bullet_list: {
      group: "block",
      content: "list_item+",
      parseDOM: [{ tag: "ul" }],
      toDOM: () => ["ul", 0],
    },
    ordered_list: {
      group: "block",
      content: "list_item+",
      parseDOM: [{ tag: "ol" }],
      toDOM: () => ["ol", 0],
    },
    list_item: {
      content: "paragraph (paragraph | bullet_list | ordered_list)*",
      defining: true,
      parseDOM: [{ tag: "li" }],
      toDOM: () => ["li", 0],
    },
    picture: {
      group: "block",
      atom: true,
      draggable: true,
      selectable: true,
      attrs: {
        media: {},
        alt: { default: "" },
        focal: { default: null },
        caption: { default: "" },
        credit: { default: "" },
      },
      parseDOM: [
        {
          tag: "figure.picture",
          getAttrs(dom) {
            const media = dom.getAttribute("data-media") || "";
            if (!MEDIA_ID.test(media)) return false;
            const img = dom.querySelector("img");
            return {
              media,
              alt: img ? (img.getAttribute("alt") || "").trim() : "",
              focal: parseFocal(dom.getAttribute("data-focal")),
              ...readCaption(dom),
            };
          },
        },
      ],
      toDOM(node) {
        const a = node.attrs;
        const attrs = { class: "picture", "data-media": a.media };
        if (a.focal) attrs["data-focal"] = a.focal;
        return ["figure", attrs, ["img", { src: largeSrc(a.media), alt: a.alt }], ...captionSpec(a.caption, a.credit)];
      },
    },
    gallery: {
      group: "block",
      atom: true,
      draggable: true,
      selectable: true,
      attrs: {
        // [{media: "5", alt: "…"}, …], treated as immutable.
        images: { default: [] },
        caption: { default: "" },
        credit: { default: "" },
      },
      parseDOM: [
        {
          tag: "figure.gallery",
          getAttrs(dom) {
            const images = [];
            dom.querySelectorAll("img").forEach((img) => {
              const media = img.getAttribute("data-media") || "";
              if (MEDIA_ID.test(media)) images.push({ media, alt: (img.getAttribute("alt") || "").trim() });
            });
            if (!images.length) return false;
            return { images, ...readCaption(dom) };
          },
        },
      ],
      toDOM(node) {
        const a = node.attrs;
        const imgs = a.images.map((im) => ["img", { src: largeSrc(im.media), alt: im.alt, "data-media": im.media }]);
        return ["figure", { class: "gallery" }, ...imgs, ...captionSpec(a.caption, a.credit)];
      },
    },
    embed: {
      group: "block",
      atom: true,
      draggable: true,
      selectable: true,
      attrs: { provider: {}, url: {} },
      parseDOM: [
        {
          tag: "figure.embed",
          getAttrs(dom) {
            const a = dom.querySelector("a[href]");
            const found = a && recognise(a.getAttribute("href"));
            return found ? { provider: found.provider, url: found.url } : false;
          },
        },
      ],
      toDOM(node) {
        const { provider, url } = node.attrs;
        return ["figure", { class: "embed", "data-provider": provider }, ["a", { href: url }, url]];
      },
    },
    text: { group: "inline" },
    hard_break: {
      inline: true,
      group: "inline",
      selectable: false,
      parseDOM: [{ tag: "br" }],
      toDOM: () => ["br"],
    },
  },
  marks: {
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [
        {
          tag: "a[href]",
          getAttrs(dom) {
            const href = (dom.getAttribute("href") || "").trim();
            return isAllowedHref(href) ? { href } : false;
          },
        },
      ],
      toDOM: (mark) => ["a", { href: mark.attrs.href }, 0],
    },
    strong: {
      parseDOM: [
        { tag: "strong" },
        // Google Docs wraps its whole clipboard in <b style="font-weight:normal">.
        { tag: "b", getAttrs: (dom) => (/font-weight:\s*(normal|[1-5]00|lighter)/i.test(dom.getAttribute("style") || "") ? false : null) },
        { style: "font-weight", getAttrs: (v) => (/^(bold(er)?|[6-9]00)$/.test(v) ? null : false) },
      ],
      toDOM: () => ["strong", 0],
    },
    em: {
      parseDOM: [
        { tag: "em" },
        { tag: "i", getAttrs: (dom) => (/font-style:\s*normal/i.test(dom.getAttribute("style") || "") ? false : null) },
        { style: "font-style=italic" },
      ],
      toDOM: () => ["em", 0],
    },
    strike: {
      parseDOM: [{ tag: "s" }, { tag: "del" }, { tag: "strike" }, { style: "text-decoration=line-through" }],
      toDOM: () => ["s", 0],
    },
  },
});

export const parser = DOMParser.fromSchema(schema);
const serializer = DOMSerializer.fromSchema(schema);

/** The body HTML of a document: top-level empty paragraphs are left out. */
export function toHTML(doc) {
  const kept = [];
  doc.content.forEach((node) => {
    if (!(node.type === schema.nodes.paragraph && node.content.size === 0)) kept.push(node);
  });
  const holder = document.createElement("div");
  holder.appendChild(serializer.serializeFragment(Fragment.from(kept)));
  return holder.innerHTML;
}

/** Serialises one node (a figure) into the given document. */
export function nodeToDOM(node, targetDocument) {
  return serializer.serializeNode(node, { document: targetDocument });
}

/** Parses stored body HTML into a document, through an inert DOM. */
export function fromHTML(html) {
  const dom = new window.DOMParser().parseFromString("<!doctype html><body>" + html, "text/html").body;
  return parser.parse(dom);
}
