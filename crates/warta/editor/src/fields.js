// The helpers around the body: word count and reading time, character
// counts for the title and lede, "Baca Juga" and the featured image chosen
// by searching, and the article's final address under the slug field.
import { h, uniqueId, number, articleId } from "./ui.js";

/** Words in a text: runs of letters or digits (with ' and - inside). */
export function countWords(text) {
  const m = text.match(/[\p{L}\p{N}]+(?:['’\-.][\p{L}\p{N}]+)*/gu);
  return m ? m.length : 0;
}

/** "± 3 menit baca" at 200 words a minute. */
export function readingTime(words) {
  if (!words) return "";
  return "± " + Math.max(1, Math.round(words / 200)) + " menit baca";
}

/** Changing a field by script must look like typing to everyone listening. */
export function fire(input) {
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

/** The label element wrapping an input, or the input itself. */
function holder(input) {
  return input.closest("label") || input;
}

// ---- counts ---------------------------------------------------------------

export function bodyCounter() {
  const dom = h("p", { class: "we-counts", attrs: { "aria-live": "off" } });
  return {
    dom,
    update(text) {
      const words = countWords(text);
      dom.textContent = number(words) + " kata" + (words ? " · " + readingTime(words) : "");
    },
  };
}

/**
 * A character count under an input, warning politely past `limit` (what a
 * search engine shows). Only crossing the limit is announced.
 */
export function charCounter(input, limit, what) {
  const id = uniqueId("we-count");
  const visible = h("span", { class: "we-charcount-n" });
  const live = h("span", { class: "we-sr", attrs: { "aria-live": "polite" } });
  const dom = h("p", { id, class: "we-charcount" }, visible, live);
  holder(input).after(dom);
  const prev = input.getAttribute("aria-describedby");
  input.setAttribute("aria-describedby", (prev ? prev + " " : "") + id);
  let over = null;
  const update = () => {
    const n = Array.from(input.value).length;
    const isOver = n > limit;
    visible.textContent = number(n) + " karakter" + (isOver
      ? " · lebih dari " + limit + ": " + what + " bisa terpotong di hasil mesin pencari"
      : " · mesin pencari menampilkan ± " + limit);
    dom.classList.toggle("we-warn", isOver);
    if (over !== null && isOver !== over) {
      live.textContent = isOver ? what + " lebih dari " + limit + " karakter." : what + " kembali di bawah " + limit + " karakter.";
    }
    over = isOver;
  };
  input.addEventListener("input", update);
  update();
  return { update };
}

// ---- "Baca Juga": search articles by title --------------------------------

export function readAlsoPicker(input, net) {
  const wrapper = holder(input);
  wrapper.classList.add("we-hidden");
  const listId = uniqueId("we-ra-list");
  const searchId = uniqueId("we-ra-q");
  const search = h("input", {
    id: searchId,
    type: "search",
    autocomplete: "off",
    placeholder: "Cari judul artikel",
    attrs: { role: "combobox", "aria-expanded": "false", "aria-controls": listId, "aria-autocomplete": "list" },
  });
  const list = h("ul", { id: listId, class: "we-options", hidden: true, attrs: { role: "listbox", "aria-label": "Artikel yang cocok" } });
  const status = h("p", { class: "we-sr", attrs: { role: "status" } });
  const chosenText = h("span", { class: "we-chosen-text" });
  const clear = h("button", { type: "button", class: "we-small-btn", text: "Hapus", attrs: { "aria-label": "Hapus Baca Juga" } });
  const chosen = h("p", { class: "we-chosen" }, chosenText, " ", clear);
  const box = h(
    "div",
    { class: "we-field we-readalso" },
    h("label", { attrs: { for: searchId } }, "Baca Juga"),
    chosen,
    h("div", { class: "we-combo" }, search, list),
    status,
  );
  wrapper.after(box);

  let results = [];
  let active = -1;
  let asked = 0;
  let timer = null;

  const showChosen = (title) => {
    const v = input.value.trim();
    chosen.hidden = !v;
    if (v) chosenText.textContent = title ? "Terpilih: " + title : "Terpilih: artikel nomor " + v;
  };
  showChosen(input.getAttribute("data-title") || "");

  const close = () => {
    list.hidden = true;
    search.setAttribute("aria-expanded", "false");
    search.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    Array.from(list.children).forEach((li, n) => li.setAttribute("aria-selected", n === i ? "true" : "false"));
    if (i >= 0 && list.children[i]) {
      search.setAttribute("aria-activedescendant", list.children[i].id);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  };
  const choose = (item) => {
    input.value = String(item.id);
    fire(input);
    showChosen(item.title + (item.published ? " (" + item.published + ")" : ""));
    search.value = "";
    close();
    status.textContent = "Baca Juga: " + item.title;
  };
  const render = () => {
    list.textContent = "";
    results.forEach((item, i) => {
      const li = h(
        "li",
        { id: listId + "-" + i, attrs: { role: "option", "aria-selected": "false" } },
        h("span", { class: "we-opt-title", text: item.title }),
        item.published ? h("span", { class: "we-opt-meta", text: item.published }) : null,
      );
      li.addEventListener("mousedown", (e) => e.preventDefault());
      li.addEventListener("click", () => choose(item));
      list.appendChild(li);
    });
    list.hidden = !results.length;
    search.setAttribute("aria-expanded", results.length ? "true" : "false");
  };
  const find = async () => {
    const q = search.value.trim();
    const mine = ++asked;
    if (q.length < 2) {
      results = [];
      render();
      return;
    }
    try {
      const res = await net.call("GET", "/redaksi/artikel.json?q=" + encodeURIComponent(q));
      if (mine !== asked) return;
      results = (res.ok && res.data && Array.isArray(res.data.items) ? res.data.items : []).slice(0, 12);
      render();
      status.textContent = results.length ? results.length + " artikel cocok." : "Tidak ada artikel yang cocok.";
    } catch (_) {
      if (mine === asked) status.textContent = "Pencarian gagal: periksa koneksi.";
    }
  };
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(find, 250);
  });
  search.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && results.length) {
      e.preventDefault();
      if (list.hidden) render();
      highlight(Math.min(results.length - 1, active + 1));
    } else if (e.key === "ArrowUp" && results.length) {
      e.preventDefault();
      highlight(Math.max(0, active - 1));
    } else if (e.key === "Enter") {
      // Never submit the article form from the search box.
      e.preventDefault();
      if (active >= 0 && results[active]) choose(results[active]);
      else if (results.length === 1) choose(results[0]);
    } else if (e.key === "Escape" && !list.hidden) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  search.addEventListener("blur", () => setTimeout(close, 150));
  clear.addEventListener("click", () => {
    input.value = "";
    fire(input);
    showChosen("");
    search.focus();
  });
  return { refresh: () => showChosen(input.getAttribute("data-title") || "") };
}

// ---- featured image --------------------------------------------------------

export function featuredPicker(input, library, form) {
  const wrapper = holder(input);
  wrapper.classList.add("we-hidden");
  const oldPicker = form.querySelector(".picker");
  if (oldPicker) oldPicker.classList.add("we-hidden");
  const thumb = h("img", { class: "we-feat-thumb", alt: "", hidden: true });
  const text = h("span", { class: "we-feat-text" });
  const pick = h("button", { type: "button", text: "Pilih dari pustaka" });
  const clear = h("button", { type: "button", class: "we-small-btn", text: "Hapus", attrs: { "aria-label": "Hapus gambar utama" } });
  const box = h("div", { class: "we-field we-featured" }, h("div", { class: "we-feat-row" }, thumb, h("div", null, text, h("div", { class: "we-feat-actions" }, pick, clear))));
  wrapper.after(box);
  const field = (name) => form.querySelector("[name='" + name + "']");

  const show = (item) => {
    const v = input.value.trim();
    clear.hidden = !v;
    thumb.hidden = !v;
    if (v) {
      thumb.src = item && item.thumb ? item.thumb : "/media/" + encodeURIComponent(v) + "/thumb.webp";
      thumb.alt = item && (item.alt || item.caption) ? item.alt || item.caption : "Gambar utama nomor " + v;
      text.textContent = item ? "Gambar utama: " + (item.caption || item.name || "nomor " + v) : "Gambar utama: nomor " + v;
    } else text.textContent = "Belum ada gambar utama.";
  };
  pick.addEventListener("click", async () => {
    const item = await library.choose();
    if (!item) return;
    input.value = String(item.id);
    fire(input);
    // The caption and credit of the featured image come from the library
    // unless the reporter already wrote them.
    for (const [name, value] of [["keterangan", item.caption], ["kredit", item.credit]]) {
      const f = field(name);
      if (f && !f.value.trim() && value) {
        f.value = value;
        fire(f);
      }
    }
    show(item);
    pick.focus();
  });
  clear.addEventListener("click", () => {
    input.value = "";
    fire(input);
    show(null);
    pick.focus();
  });
  show(null);
  return { refresh: () => show(null) };
}

// ---- the final address ------------------------------------------------------

/** A slug from a title, as the address would show it. */
export function slugify(text) {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

export function urlPreview(form) {
  const slug = form.querySelector("[name=slug]");
  if (!slug) return { update() {} };
  const code = h("code", { class: "we-url-path" });
  const note = h("span", { class: "we-url-note" });
  const dom = h("p", { class: "we-url hint" }, "Alamat: ", code, " ", note);
  holder(slug).after(dom);
  const update = () => {
    const kanal = form.querySelector("[name=kanal]");
    const opt = kanal && kanal.selectedOptions ? kanal.selectedOptions[0] : null;
    const section = (opt && (opt.getAttribute("data-slug") || opt.value)) || "kanal";
    const id = articleId(form);
    const published = form.getAttribute("data-published") || ""; // yyyy-mm-dd
    const title = form.querySelector("[name=judul]");
    const own = slug.value.trim();
    const s = own || slugify(title ? title.value : "") || "judul-artikel";
    let date = "yyyy/mm/dd";
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
    if (m) date = m[1] + "/" + m[2] + "/" + m[3];
    code.textContent = "/" + section + "/" + date + "/" + (id || "nomor") + "/" + s;
    const notes = [];
    if (!m) notes.push("tanggal diisi saat artikel terbit");
    if (!id) notes.push("nomor diberikan saat pertama disimpan");
    if (!own) notes.push("slug dibuat dari judul");
    note.textContent = notes.length ? "(" + notes.join("; ") + ")" : "";
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
  return { update };
}
