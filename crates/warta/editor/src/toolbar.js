// The toolbar above the body (a WAI-ARIA toolbar: one Tab stop, arrow keys
// move between buttons) and the small fields it opens for a link or an
// embed address.
import { undo, redo, undoDepth, redoDepth } from "prosemirror-history";
import { TextSelection } from "prosemirror-state";
import { h, icon, uniqueId } from "./ui.js";
import { schema } from "./schema.js";
import { isAllowedHref, recognise, PROVIDERS } from "./embeds.js";
import {
  markActive, blockActive, ancestor, setParagraph, toggleHeading, toggleStrong, toggleEm, toggleStrike,
  toggleQuote, toggleList, markExtent, insertBlock,
} from "./commands.js";

const N = schema.nodes;
const M = schema.marks;
const MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent || "");
const MOD = MAC ? "⌘" : "Ctrl";
const ALT = MAC ? "⌥" : "Alt";

const ICONS = {
  link: ["M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1", "M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"],
  quote: ["M5 17h3l2-4V7H4v6h3z", "M14 17h3l2-4V7h-6v6h3z"],
  bullets: ["M9 6h11", "M9 12h11", "M9 18h11", "M4.5 6h.01", "M4.5 12h.01", "M4.5 18h.01"],
  numbers: ["M10 6h10", "M10 12h10", "M10 18h10", "M4 4.5l1.5-1V8", "M3.5 11h2.5l-2.5 3.5h2.5", "M3.5 17h2.5l-1.5 1.5a1.2 1.2 0 1 1-1 2"],
  image: ["M3 5h18v14H3z", "M3 16l5-5 4 4 3-3 6 6", "M15.5 8.5h.01"],
  embed: ["M3 6h18v12H3z", "M10 9.5l4.5 2.5-4.5 2.5z"],
  undo: ["M9 14L4 9l5-5", "M4 9h10.5a5.5 5.5 0 0 1 0 11H11"],
  redo: ["M15 14l5-5-5-5", "M20 9H9.5a5.5 5.5 0 0 0 0 11H13"],
};

/** Adds "https://" or "mailto:" where a reporter left it out; null if invalid. */
export function normaliseHref(text) {
  const t = text.trim();
  if (!t) return "";
  if (isAllowedHref(t)) return t;
  if (/^[^\s@/:]+@[^\s@/]+\.[a-z]{2,}$/i.test(t)) return "mailto:" + t;
  if (/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(\/\S*)?$/i.test(t) && isAllowedHref("https://" + t)) return "https://" + t;
  return null;
}

export class Toolbar {
  /** `ctx`: `view()` (the EditorView), `openLibrary()`, `notice(text, kind)`. */
  constructor(ctx) {
    this.ctx = ctx;
    this.buttons = [];
    this.dom = h("div", { class: "we-toolbar", attrs: { role: "toolbar", "aria-label": "Format isi artikel" } });
    const groups = [
      [
        this.button("P", "Paragraf", MOD + "+" + ALT + "+0", setParagraph, (s) => blockActive(s, N.paragraph), "we-t-p"),
        this.button("H2", "Subjudul", MOD + "+" + ALT + "+2", toggleHeading(2), (s) => blockActive(s, N.heading, { level: 2 }), "we-t-h", toggleHeading(2)),
        this.button("H3", "Subjudul kecil", MOD + "+" + ALT + "+3", toggleHeading(3), (s) => blockActive(s, N.heading, { level: 3 }), "we-t-h", toggleHeading(3)),
      ],
      [
        this.button("B", "Tebal", MOD + "+B", toggleStrong, (s) => markActive(s, M.strong), "we-t-b", toggleStrong),
        this.button("I", "Miring", MOD + "+I", toggleEm, (s) => markActive(s, M.em), "we-t-i", toggleEm),
        this.button("S", "Coret", MOD + "+Shift+X", toggleStrike, (s) => markActive(s, M.strike), "we-t-s", toggleStrike),
        this.button(icon(ICONS.link), "Tautan", MOD + "+K", () => this.openLink(), (s) => markActive(s, M.link)),
      ],
      [
        this.button(icon(ICONS.quote), "Kutipan", MOD + "+Shift+9", toggleQuote, (s) => !!ancestor(s, [N.blockquote]), null, toggleQuote),
        this.button(icon(ICONS.bullets), "Daftar berbutir", MOD + "+Shift+8", toggleList(N.bullet_list), (s) => listIs(s, N.bullet_list), null, toggleList(N.bullet_list)),
        this.button(icon(ICONS.numbers), "Daftar bernomor", MOD + "+Shift+7", toggleList(N.ordered_list), (s) => listIs(s, N.ordered_list), null, toggleList(N.ordered_list)),
      ],
      [
        this.button(icon(ICONS.image), "Gambar dari pustaka", null, () => this.ctx.openLibrary(), null),
        this.button(icon(ICONS.embed), "Sematan (YouTube, X, Instagram, TikTok, Facebook, Spotify, Google Maps)", null, () => this.openEmbed(), null),
      ],
      [
        this.button(icon(ICONS.undo), "Urungkan", MOD + "+Z", undo, null, null, (s) => undoDepth(s) > 0),
        this.button(icon(ICONS.redo), "Ulangi", MOD + (MAC ? "+Shift+Z" : "+Y"), redo, null, null, (s) => redoDepth(s) > 0),
      ],
    ];
    for (const g of groups) this.dom.appendChild(h("div", { class: "we-tgroup", attrs: { role: "group" } }, g.map((b) => b.el)));
    this.buttons.forEach((b, i) => b.el.setAttribute("tabindex", i === 0 ? "0" : "-1"));
    this.dom.addEventListener("keydown", (e) => this.keydown(e));
    this.panel = this.buildPanel();
  }

  button(content, label, keys, run, active, cls, enabled) {
    const title = keys ? label + " (" + keys + ")" : label;
    const el = h(
      "button",
      {
        type: "button",
        class: "we-tbtn" + (cls ? " " + cls : ""),
        attrs: { "aria-label": label, title, "aria-pressed": active ? "false" : null, "aria-keyshortcuts": keys ? keys.replace("Ctrl", "Control").replace("⌘", "Meta").replace("⌥", "Alt") : null },
      },
      typeof content === "string" ? h("span", { text: content, attrs: { "aria-hidden": "true" } }) : content,
    );
    // Keep the editor's selection: the button must not take focus on click.
    el.addEventListener("mousedown", (e) => e.preventDefault());
    el.addEventListener("click", () => {
      const view = this.ctx.view();
      const done = run(view.state, view.dispatch, view);
      if (done !== undefined && !this.panelOpen) view.focus();
    });
    const b = { el, run, active, enabled };
    this.buttons.push(b);
    return b;
  }

  keydown(e) {
    const i = this.buttons.findIndex((b) => b.el === document.activeElement);
    if (i < 0) return;
    let j = null;
    if (e.key === "ArrowRight") j = (i + 1) % this.buttons.length;
    else if (e.key === "ArrowLeft") j = (i - 1 + this.buttons.length) % this.buttons.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = this.buttons.length - 1;
    if (j === null) return;
    e.preventDefault();
    this.buttons[i].el.setAttribute("tabindex", "-1");
    this.buttons[j].el.setAttribute("tabindex", "0");
    this.buttons[j].el.focus();
  }

  /** Reflects the selection: pressed and disabled states. */
  update(state) {
    for (const b of this.buttons) {
      if (b.active) b.el.setAttribute("aria-pressed", b.active(state) ? "true" : "false");
      const can = b.enabled ? check(b.enabled, state) : true;
      b.el.disabled = !can;
      b.el.classList.toggle("we-off", !can);
    }
    // A disabled button cannot hold the toolbar's Tab stop.
    if (!this.buttons.some((b) => b.el.getAttribute("tabindex") === "0" && !b.el.disabled)) {
      const first = this.buttons.find((b) => !b.el.disabled);
      this.buttons.forEach((b) => b.el.setAttribute("tabindex", b === first ? "0" : "-1"));
    }
  }

  // The link/embed field, shown under the toolbar.
  buildPanel() {
    const id = uniqueId("we-panel");
    const label = h("label", { class: "we-panel-label", attrs: { for: id } });
    const input = h("input", { id, type: "text", inputMode: "url", autocomplete: "off", spellcheck: false, class: "we-panel-input" });
    const ok = h("button", { type: "button", class: "primary" });
    const remove = h("button", { type: "button", text: "Hapus tautan" });
    const cancel = h("button", { type: "button", text: "Batal" });
    const msg = h("p", { class: "we-panel-msg", hidden: true, attrs: { role: "alert" } });
    const dom = h("div", { class: "we-panel", hidden: true }, label, h("div", { class: "we-panel-row" }, input, ok, remove, cancel), msg);
    const panel = { dom, label, input, ok, remove, cancel, msg, mode: null };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        // Never submit the article form from here.
        e.preventDefault();
        this.applyPanel();
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        this.closePanel();
      }
    });
    ok.addEventListener("click", () => this.applyPanel());
    remove.addEventListener("click", () => {
      input.value = "";
      this.applyPanel();
    });
    cancel.addEventListener("click", () => this.closePanel());
    return panel;
  }

  get panelOpen() {
    return !this.panel.dom.hidden;
  }

  showPanel(mode, value) {
    const p = this.panel;
    p.mode = mode;
    p.msg.hidden = true;
    p.input.value = value || "";
    if (mode === "link") {
      p.label.textContent = "Alamat tautan (kosongkan untuk menghapus tautan)";
      p.input.placeholder = "https://…";
      p.ok.textContent = "Pasang";
      p.remove.hidden = !value;
    } else {
      p.label.textContent = "Alamat " + Object.values(PROVIDERS).join(", ");
      p.input.placeholder = "https://www.youtube.com/watch?v=…";
      p.ok.textContent = "Sisipkan";
      p.remove.hidden = true;
    }
    p.dom.hidden = false;
    p.input.focus();
    p.input.select();
  }

  closePanel() {
    this.panel.dom.hidden = true;
    this.ctx.view().focus();
  }

  message(text) {
    this.panel.msg.textContent = text;
    this.panel.msg.hidden = false;
    this.panel.input.focus();
  }

  openLink() {
    const state = this.ctx.view().state;
    const { from, to, empty } = state.selection;
    let href = "";
    const at = empty ? markExtent(state, from, M.link) : null;
    if (at) href = at.mark.attrs.href;
    else {
      state.doc.nodesBetween(from, to, (node) => {
        const m = M.link.isInSet(node.marks);
        if (m && !href) href = m.attrs.href;
      });
    }
    this.linkRange = at ? { from: at.from, to: at.to } : { from, to };
    this.showPanel("link", href);
    return true;
  }

  openEmbed() {
    this.showPanel("embed", "");
    return true;
  }

  applyPanel() {
    const p = this.panel;
    const view = this.ctx.view();
    if (p.mode === "embed") {
      const found = recognise(p.input.value);
      if (!found) {
        this.message("Alamat ini tidak dikenali sebagai sematan. Yang bisa: " + Object.values(PROVIDERS).join(", ") + ".");
        return;
      }
      this.panel.dom.hidden = true;
      insertBlock(N.embed.create(found))(view.state, view.dispatch);
      view.focus();
      return;
    }
    const href = normaliseHref(p.input.value);
    if (href === null) {
      this.message("Alamat tautan harus diawali http://, https:// atau mailto:.");
      return;
    }
    const state = view.state;
    const { from, to } = this.linkRange || state.selection;
    let tr = state.tr;
    if (!href) {
      tr = tr.removeMark(from, to, M.link);
    } else if (from === to) {
      // Nothing selected: the address itself becomes the linked text.
      const marks = (state.storedMarks || state.doc.resolve(from).marks()).filter((m) => m.type !== M.link);
      tr = tr.insert(from, schema.text(href, M.link.create({ href }).addToSet(marks)));
      tr = tr.setSelection(TextSelection.create(tr.doc, from + href.length));
    } else {
      tr = tr.removeMark(from, to, M.link).addMark(from, to, M.link.create({ href }));
    }
    this.panel.dom.hidden = true;
    view.dispatch(tr.scrollIntoView());
    view.focus();
  }
}

function listIs(state, type) {
  const list = ancestor(state, [N.bullet_list, N.ordered_list]);
  return !!list && list.node.type === type;
}

function check(test, state) {
  try {
    return test(state) !== false;
  } catch (_) {
    return true;
  }
}
