// How pictures, galleries and embeds look inside the editor: a figure with
// its caption and buttons to edit or remove it. Embeds are a plain card:
// the editor never loads anything from the providers.
import { closeHistory } from "prosemirror-history";
import { h } from "./ui.js";
import { largeSrc } from "./schema.js";
import { PROVIDERS, youtubeId } from "./embeds.js";

function captionEl(caption, credit) {
  if (!caption && !credit) return null;
  return h(
    "figcaption",
    { class: "we-fig-cap" },
    caption || null,
    caption && credit ? " " : null,
    credit ? h("small", { class: "credit", text: credit }) : null,
  );
}

class FigureView {
  constructor(node, view, getPos, hooks) {
    this.node = node;
    this.view = view;
    this.getPos = getPos;
    this.hooks = hooks;
    this.dom = h("figure", { class: "we-fig", attrs: { contenteditable: "false" } });
    this.render();
  }

  tools() {
    const kind = this.node.type.name;
    const what = { picture: "gambar", gallery: "galeri", embed: "sematan" }[kind];
    const bar = h("div", { class: "we-fig-tools" });
    if (kind !== "embed") {
      bar.appendChild(
        h("button", {
          type: "button",
          class: "we-fig-edit",
          text: "Sunting",
          attrs: { "aria-label": "Sunting " + what, title: "Sunting " + what },
          onClick: () => this.hooks.edit(this.getPos()),
        }),
      );
    }
    bar.appendChild(
      h("button", {
        type: "button",
        class: "we-fig-remove",
        text: "Hapus",
        attrs: { "aria-label": "Hapus " + what, title: "Hapus " + what },
        onClick: () => {
          const pos = this.getPos();
          // Its own undo step, even right after typing.
          this.view.dispatch(closeHistory(this.view.state.tr.delete(pos, pos + this.node.nodeSize)));
          this.view.focus();
        },
      }),
    );
    return bar;
  }

  render() {
    const node = this.node;
    const a = node.attrs;
    const dom = this.dom;
    dom.textContent = "";
    dom.className = "we-fig we-fig-" + node.type.name;
    if (node.type.name === "picture") {
      dom.append(
        h("div", { class: "we-fig-media" }, h("img", { src: largeSrc(a.media), alt: a.alt, draggable: false })),
      );
      const cap = captionEl(a.caption, a.credit);
      if (cap) dom.appendChild(cap);
      if (!a.alt) dom.appendChild(h("p", { class: "we-fig-warn", text: "Teks alternatif belum diisi." }));
    } else if (node.type.name === "gallery") {
      const grid = h("div", { class: "we-gallery-grid" });
      for (const im of a.images) grid.appendChild(h("img", { src: largeSrc(im.media), alt: im.alt, draggable: false }));
      dom.append(h("p", { class: "we-fig-label", text: "Galeri · " + a.images.length + " gambar" }), grid);
      const cap = captionEl(a.caption, a.credit);
      if (cap) dom.appendChild(cap);
      if (a.images.some((im) => !im.alt)) dom.appendChild(h("p", { class: "we-fig-warn", text: "Ada gambar tanpa teks alternatif." }));
    } else {
      const name = PROVIDERS[a.provider] || a.provider;
      const yt = a.provider === "youtube" ? youtubeId(a.url) : null;
      dom.append(
        h(
          "div",
          { class: "we-embed-card we-embed-" + a.provider },
          h("span", { class: "we-embed-badge", attrs: { "aria-hidden": "true" }, text: name.slice(0, 1) }),
          h(
            "span",
            { class: "we-embed-text" },
            h(
              "span",
              null,
              h("strong", { text: "Sematan " + name }),
              yt ? h("span", { class: "we-embed-id", text: " · video " + yt }) : null,
            ),
            h("a", {
              class: "we-embed-url",
              href: a.url,
              target: "_blank",
              rel: "noopener noreferrer",
              text: a.url,
            }),
          ),
        ),
      );
    }
    dom.appendChild(this.tools());
  }

  update(node) {
    if (node.type !== this.node.type) return false;
    if (node.attrs !== this.node.attrs) {
      this.node = node;
      this.render();
    }
    this.node = node;
    return true;
  }

  selectNode() {
    this.dom.classList.add("ProseMirror-selectednode");
  }

  deselectNode() {
    this.dom.classList.remove("ProseMirror-selectednode");
  }

  // Clicks on the buttons and the link are theirs, not the editor's.
  stopEvent(event) {
    const t = event.target;
    return !!(t && t.closest && t.closest(".we-fig-tools, .we-embed-url"));
  }

  ignoreMutation() {
    return true;
  }
}

export function nodeViews(hooks) {
  const make = (node, view, getPos) => new FigureView(node, view, getPos, hooks);
  return { picture: make, gallery: make, embed: make };
}
