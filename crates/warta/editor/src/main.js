// Warta's article editor: enhances the server-rendered form#editor. The
// body textarea is hidden and kept equal to the editor's HTML on every
// change, so the form posts as it would without JavaScript.
import { NodeSelection } from "prosemirror-state";
import { closeHistory } from "prosemirror-history";
import { h, uniqueId } from "./ui.js";
import { Net } from "./net.js";
import { schema, toHTML, fromHTML } from "./schema.js";
import { createEditor, setContent } from "./editor.js";
import { Toolbar } from "./toolbar.js";
import { insertBlock } from "./commands.js";
import { Library } from "./media.js";
import { bodyCounter, charCounter, readAlsoPicker, featuredPicker, urlPreview } from "./fields.js";
import { Saver } from "./save.js";

const HTML_TAG = /<\/?(p|h[1-6]|ul|ol|li|blockquote|figure|br|strong|em|b|i|a|div)\b/i;

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A body stored as plain text: paragraphs at blank lines, <br> at single breaks. */
function plainToHTML(text) {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n+/)
    .filter((b) => b.trim())
    .map((b) => "<p>" + escapeHTML(b.trim()).replace(/\n/g, "<br>") + "</p>")
    .join("");
}

function start() {
  const form = document.getElementById("editor");
  if (!form || form.hasAttribute("data-we-ready")) return;
  const textarea = form.querySelector("textarea[name=isi]");
  if (!textarea) return;
  form.setAttribute("data-we-ready", "");
  document.documentElement.classList.add("we-js");

  const net = new Net(form);
  const maxUploadMb = Number(form.getAttribute("data-max-upload-mb")) || 20;

  let format = form.querySelector("[name=format]");
  if (!format) {
    format = h("input", { type: "hidden", name: "format" });
    form.appendChild(format);
  }
  format.value = "html";

  // ---- the body ------------------------------------------------------------
  const labelId = uniqueId("we-label");
  const label = h("span", { id: labelId, class: "we-label", text: "Isi artikel" });
  const notice = h("div", { class: "we-notice", hidden: true, attrs: { role: "status" } });
  const sticky = h("div", { class: "we-sticky" });
  const surface = h("div", { class: "we-surface" });
  const counter = bodyCounter();
  const shell = h("div", { class: "we-editor" }, label, sticky, surface, counter.dom);
  const textHolder = textarea.closest("label") || textarea;
  textHolder.after(shell);
  textHolder.classList.add("we-hidden");
  textarea.classList.add("we-hidden");
  textarea.removeAttribute("required");
  // The Markdown preview beside the textarea has nothing left to show.
  const preview = document.getElementById("pratinjau");
  if (preview && preview.closest(".preview")) preview.closest(".preview").classList.add("we-hidden");

  let noticeTimer = null;
  const showNotice = (text, kind) => {
    clearTimeout(noticeTimer);
    notice.textContent = text;
    notice.className = "we-notice we-" + (kind || "info");
    notice.setAttribute("role", kind === "error" ? "alert" : "status");
    notice.hidden = false;
    noticeTimer = setTimeout(() => {
      notice.hidden = true;
    }, kind === "error" ? 12000 : 8000);
  };

  const library = new Library(net, { maxUploadMb, notice: showNotice });
  let view = null;
  let saver = null;

  const toolbar = new Toolbar({
    view: () => view,
    openLibrary: () => insertFromLibrary(),
    notice: showNotice,
  });
  sticky.append(toolbar.dom, toolbar.panel.dom, notice);

  async function insertFromLibrary(files) {
    const result = await library.insert(files);
    if (!result) {
      view.focus();
      return;
    }
    const node = schema.nodes[result.kind].create(result.attrs);
    insertBlock(node)(view.state, view.dispatch);
    view.focus();
  }

  async function editFigure(pos) {
    const node = view.state.doc.nodeAt(pos);
    if (!node || (node.type !== schema.nodes.picture && node.type !== schema.nodes.gallery)) return;
    const attrs = await library.edit(node.type.name, node.attrs);
    const still = view.state.doc.nodeAt(pos);
    if (attrs && still && still.type === node.type) {
      const tr = closeHistory(view.state.tr.setNodeMarkup(pos, null, attrs));
      view.dispatch(tr.setSelection(NodeSelection.create(tr.doc, pos)));
    }
    view.focus();
  }

  const stored = textarea.value;
  const initial = !stored.trim() || HTML_TAG.test(stored) ? stored : plainToHTML(stored);
  view = createEditor(
    surface,
    initial,
    {
      change() {
        textarea.value = toHTML(view.state.doc);
        counter.update(view.state.doc.textBetween(0, view.state.doc.content.size, " ", " "));
        if (saver) saver.changed();
      },
      selection() {
        toolbar.update(view.state);
      },
      notice: showNotice,
      uploadFiles: (files) => insertFromLibrary(files),
      edit: (pos) => editFigure(pos),
      openLink: () => toolbar.openLink(),
    },
    labelId,
  );
  label.addEventListener("click", () => view.focus());
  // The textarea holds the editor's own HTML from the start, so the
  // page's state and every later snapshot compare like for like.
  textarea.value = toHTML(view.state.doc);
  counter.update(view.state.doc.textBetween(0, view.state.doc.content.size, " ", " "));
  toolbar.update(view.state);

  // ---- the fields around it ------------------------------------------------
  const title = form.querySelector("[name=judul]");
  if (title) charCounter(title, 60, "Judul");
  const lede = form.querySelector("[name=ringkasan]");
  if (lede) charCounter(lede, 160, "Ringkasan");
  const readAlso = form.querySelector("[name=baca_juga]");
  if (readAlso) readAlsoPicker(readAlso, net);
  const featured = form.querySelector("[name=gambar]");
  if (featured) featuredPicker(featured, library, form);
  const address = urlPreview(form);

  // ---- saving --------------------------------------------------------------
  saver = new Saver({
    form,
    net,
    statusHost: form.querySelector(".actions") || shell,
    bannerHost: form,
    setBody: (html) => setContent(view, html),
    normaliseBody: (html) => toHTML(fromHTML(html)),
    focusEditor: () => view.focus(),
    adopted: () => address.update(),
  });
  saver.init();
  const onField = (e) => {
    if (e.target && e.target.name && e.target !== textarea) saver.changed();
  };
  form.addEventListener("input", onField);
  form.addEventListener("change", onField);

  // Ctrl/Cmd+S saves like the Simpan button.
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S")) {
      const button = form.querySelector("button[name=aksi][value=simpan]");
      if (!button || document.querySelector("dialog[open]")) return;
      e.preventDefault();
      button.click();
    }
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
