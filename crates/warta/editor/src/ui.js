// Small DOM helpers shared by the editor's parts. Elements are built with
// createElement and properties, never from HTML strings, and never with a
// style attribute (the page runs under a strict Content-Security-Policy).

/**
 * Creates an element. `props` keys: `class`, `text`, `on<Event>` handlers,
 * `attrs` (an object of attributes), and any other key is set as a DOM
 * property (`type`, `value`, `hidden`, …).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const key in props || {}) {
    const v = props[key];
    if (v === undefined || v === null) continue;
    if (key === "class") el.className = v;
    else if (key === "text") el.textContent = v;
    else if (key === "attrs") for (const a in v) {
      if (v[a] !== undefined && v[a] !== null && v[a] !== false) el.setAttribute(a, v[a] === true ? "" : v[a]);
    }
    else if (/^on[A-Z]/.test(key)) el.addEventListener(key.slice(2).toLowerCase(), v);
    else el[key] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

const SVG = "http://www.w3.org/2000/svg";

/** An inline SVG icon from path data on a 24×24 grid, hidden from screen readers. */
export function icon(paths) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "18");
  svg.setAttribute("height", "18");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "we-icon");
  for (const d of [].concat(paths)) {
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", d);
    svg.appendChild(p);
  }
  return svg;
}

/** An SVG element (for the focal point marker). */
export function svgEl(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const a in attrs || {}) el.setAttribute(a, attrs[a]);
  return el;
}

let uid = 0;
/** A document-unique id with the given prefix. */
export function uniqueId(prefix) {
  uid += 1;
  return (prefix || "we") + "-" + uid;
}

/**
 * A modal <dialog> appended to <body> (so its forms are never nested in the
 * article form). showModal() keeps focus inside it and Escape closes it.
 */
export function makeDialog(title, className) {
  const titleId = uniqueId("we-dlg");
  const heading = h("h2", { id: titleId, class: "we-dialog-title", text: title });
  const close = h("button", {
    type: "button",
    class: "we-close",
    attrs: { "aria-label": "Tutup", title: "Tutup" },
    text: "×",
  });
  const body = h("div", { class: "we-dialog-body" });
  const foot = h("div", { class: "we-dialog-foot" });
  const dialog = h(
    "dialog",
    { class: "we-dialog " + (className || ""), attrs: { "aria-labelledby": titleId } },
    h("div", { class: "we-dialog-head" }, heading, close),
    body,
    foot,
  );
  close.addEventListener("click", () => dialog.close("batal"));
  // Escape always closes, even from a search field that would first clear itself.
  dialog.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !e.defaultPrevented) {
      e.preventDefault();
      dialog.close("batal");
    }
  });
  document.body.appendChild(dialog);
  return { dialog, heading, body, foot };
}

/** Opens a dialog modally and focuses `first` (or its first field). */
export function openDialog(dialog, first) {
  if (!dialog.open) dialog.showModal();
  const target = first || dialog.querySelector("input:not([type=hidden]):not([hidden]), textarea, select, button.primary");
  if (target) target.focus();
}

/** Time as the newsroom writes it: "18.30", with the date when not today. */
export function clock(ms) {
  const d = new Date(ms);
  const two = (n) => (n < 10 ? "0" : "") + n;
  const time = two(d.getHours()) + "." + two(d.getMinutes());
  const now = new Date();
  if (d.toDateString() === now.toDateString()) return time;
  return two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear() + " " + time;
}

/** A number with Indonesian digit grouping (1.234). */
export function number(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/**
 * The article's number: the form's data-article ("" for a new article);
 * without that attribute, the number in the form's action.
 */
export function articleId(form) {
  const attr = form.getAttribute("data-article");
  if (attr !== null) return attr.trim();
  const m = /\/redaksi\/artikel\/(\d+)(?:[?#]|$)/.exec(form.getAttribute("action") || "");
  return m ? m[1] : "";
}
