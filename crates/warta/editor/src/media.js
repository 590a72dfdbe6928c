// The picture library dialog: browse (newest first), search and page the
// newsroom's pictures, upload new ones (file picker, drag and drop, paste),
// then fill in caption, credit, alt text and focal point before a picture
// or a gallery goes into the body. The same dialog edits a picture already
// in the body, and picks the featured image.
import { h, makeDialog, openDialog, svgEl, uniqueId } from "./ui.js";
import { errorMessage } from "./net.js";
import { largeSrc, formatFocal, parseFocal } from "./schema.js";

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif";
const TYPES = /^image\/(jpeg|png|webp|gif)$/;

function focalOf(item) {
  if (item && Array.isArray(item.focal) && item.focal.length === 2) return formatFocal(+item.focal[0], +item.focal[1]);
  return null;
}

function focalPair(focal) {
  const f = parseFocal(focal || "") || "0.5,0.5";
  return f.split(",").map(Number);
}

function describeFocal(focal) {
  const [x, y] = focalPair(focal);
  const pct = (v) => Math.round(v * 100) + "%";
  const centre = x === 0.5 && y === 0.5;
  return "Titik fokus: " + (centre ? "tengah, " : "") + pct(x) + " dari kiri, " + pct(y) + " dari atas.";
}

export class Library {
  /** `opts`: `maxUploadMb`, `notice(text, kind)`. */
  constructor(net, opts) {
    this.net = net;
    this.opts = opts;
    this.items = [];
    this.selected = [];
    this.query = "";
    this.page = 1;
    this.next = null;
    this.loaded = false;
    this.asked = 0;
    this.resolve = null;
    this.ui = null;
  }

  // ---- public flows -------------------------------------------------------

  /** Insert flow for the body: resolves `{kind, attrs}` or null. Files
   * (dropped or pasted on the editor) start uploading at once. */
  insert(files) {
    return this.start("insert", "Sisipkan gambar", files);
  }

  /** Picks one picture (the featured image): resolves the library item or null. */
  choose() {
    return this.start("single", "Pilih gambar utama");
  }

  /** Edits a picture or gallery node's attributes: resolves new attrs or null. */
  edit(kind, attrs) {
    this.build();
    this.mode = "edit";
    this.ui.heading.textContent = kind === "gallery" ? "Sunting galeri" : "Sunting gambar";
    const entries =
      kind === "gallery"
        ? attrs.images.map((im) => ({ media: im.media, alt: im.alt, item: null, original: { alt: im.alt } }))
        : [{ media: attrs.media, alt: attrs.alt, focal: attrs.focal, item: null, original: { ...attrs } }];
    const promise = this.pending();
    this.details(kind, entries, attrs.caption, attrs.credit);
    openDialog(this.ui.dialog, this.firstDetailField());
    return promise;
  }

  // ---- dialog -------------------------------------------------------------

  pending() {
    if (this.resolve) this.resolve(null);
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  finish(value) {
    const r = this.resolve;
    this.resolve = null;
    if (r) r(value);
    if (this.ui.dialog.open) this.ui.dialog.close("selesai");
  }

  start(mode, title, files) {
    this.build();
    this.mode = mode;
    this.ui.heading.textContent = title;
    this.selected = [];
    this.autoDetails = false;
    const promise = this.pending();
    this.showPick();
    openDialog(this.ui.dialog, this.ui.search);
    if (!this.loaded) this.load(true);
    else this.renderGrid();
    if (files && files.length) {
      this.autoDetails = mode === "insert";
      this.upload(files);
    }
    return promise;
  }

  build() {
    if (this.ui) return;
    const { dialog, heading, body, foot } = makeDialog("Pustaka gambar", "we-library");
    const searchId = uniqueId("we-q");
    const search = h("input", { id: searchId, type: "search", autocomplete: "off", placeholder: "Keterangan, kredit atau nama berkas" });
    const searchForm = h(
      "form",
      { class: "we-lib-search", attrs: { role: "search" } },
      h("label", { class: "we-sr", text: "Cari gambar", attrs: { for: searchId } }),
      search,
      h("button", { type: "submit", text: "Cari" }),
    );
    const file = h("input", { type: "file", multiple: true, accept: ACCEPT, class: "we-sr" });
    const uploadLabel = h("label", { class: "button we-upload-btn" }, "Unggah gambar baru", file);
    const uploads = h("ul", { class: "we-uploads", attrs: { "aria-label": "Unggahan" } });
    const error = h("p", { class: "we-error", hidden: true, attrs: { role: "alert" } });
    const grid = h("ul", { class: "we-grid", attrs: { "aria-label": "Gambar di pustaka, terbaru dulu" } });
    const status = h("p", { class: "we-lib-status", attrs: { role: "status" } });
    const more = h("button", { type: "button", class: "we-more", text: "Muat lagi", hidden: true });
    const pick = h(
      "div",
      { class: "we-step-pick" },
      searchForm,
      h(
        "div",
        { class: "we-lib-upload" },
        uploadLabel,
        h("span", { class: "hint", text: "atau seret berkas ke sini · JPEG, PNG, WebP, GIF; maks. " + this.opts.maxUploadMb + " MB" }),
      ),
      uploads,
      error,
      grid,
      status,
      more,
    );
    const detail = h("div", { class: "we-step-details", hidden: true });
    body.append(pick, detail);

    const count = h("span", { class: "we-sel-count", attrs: { "aria-live": "polite" } });
    const back = h("button", { type: "button", text: "Kembali" });
    const cancel = h("button", { type: "button", text: "Batal" });
    const go = h("button", { type: "button", class: "primary" });
    foot.append(count, back, cancel, go);

    this.ui = { dialog, heading, search, searchForm, file, uploads, error, grid, status, more, pick, detail, count, back, cancel, go };

    let timer = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.searchFor(search.value), 350);
    });
    searchForm.addEventListener("submit", (e) => {
      e.preventDefault();
      clearTimeout(timer);
      this.searchFor(search.value);
    });
    file.addEventListener("change", () => {
      const files = Array.from(file.files || []);
      file.value = "";
      if (files.length) this.upload(files);
    });
    more.addEventListener("click", () => this.load(false));
    cancel.addEventListener("click", () => this.finish(null));
    back.addEventListener("click", () => this.showPick());
    go.addEventListener("click", () => this.primary());
    dialog.addEventListener("close", () => {
      if (this.resolve) {
        const r = this.resolve;
        this.resolve = null;
        r(null);
      }
    });
    // Drag and drop anywhere on the dialog.
    dialog.addEventListener("dragover", (e) => {
      if (e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files")) {
        e.preventDefault();
        dialog.classList.add("we-dragging");
      }
    });
    dialog.addEventListener("dragleave", (e) => {
      if (e.target === dialog) dialog.classList.remove("we-dragging");
    });
    dialog.addEventListener("drop", (e) => {
      dialog.classList.remove("we-dragging");
      const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
      if (!files.length) return;
      e.preventDefault();
      if (this.ui.pick.hidden) this.showPick();
      this.upload(files);
    });
  }

  showPick() {
    const ui = this.ui;
    ui.pick.hidden = false;
    ui.detail.hidden = true;
    ui.back.hidden = true;
    ui.count.hidden = false;
    ui.go.textContent = this.mode === "single" ? "Pilih" : "Lanjut";
    this.updateCount();
  }

  updateCount() {
    const n = this.selected.length;
    const ui = this.ui;
    if (this.mode === "single") ui.count.textContent = n ? "1 gambar dipilih" : "Belum ada gambar dipilih";
    else if (!n) ui.count.textContent = "Pilih satu gambar, atau beberapa untuk galeri";
    else if (n === 1) ui.count.textContent = "1 gambar dipilih";
    else ui.count.textContent = n + " gambar dipilih: akan menjadi galeri";
    ui.go.disabled = !n;
  }

  primary() {
    if (!this.ui.detail.hidden) return this.saveDetails();
    if (!this.selected.length) return;
    if (this.mode === "single") return this.finish(this.selected[0]);
    this.goDetails();
  }

  // ---- list, search, paging ----------------------------------------------

  searchFor(q) {
    const query = q.trim();
    if (query === this.query && this.loaded) return;
    this.query = query;
    this.load(true);
  }

  async load(reset) {
    const ui = this.ui;
    if (reset) this.page = 1;
    const asked = ++this.asked;
    ui.status.textContent = "Memuat gambar…";
    ui.more.disabled = true;
    const url = "/redaksi/media.json?q=" + encodeURIComponent(this.query) + "&halaman=" + this.page;
    let res;
    try {
      res = await this.net.call("GET", url);
    } catch (_) {
      res = null;
    }
    if (asked !== this.asked) return; // a newer search answered first
    ui.more.disabled = false;
    if (!res || !res.ok || !res.data || !Array.isArray(res.data.items)) {
      ui.status.textContent = res
        ? errorMessage(res.data, "Pustaka gambar tidak bisa dimuat (kode " + res.status + ").")
        : "Pustaka gambar tidak bisa dimuat: periksa koneksi.";
      ui.more.hidden = false;
      ui.more.textContent = "Coba lagi";
      return;
    }
    ui.more.textContent = "Muat lagi";
    if (reset) this.items = [];
    for (const item of res.data.items) if (!this.items.some((i) => i.id === item.id)) this.items.push(item);
    this.next = res.data.next || null;
    if (this.next) this.page = this.next;
    this.loaded = true;
    ui.more.hidden = !this.next;
    this.renderGrid();
    if (!this.items.length) {
      ui.status.textContent = this.query ? "Tidak ada gambar yang cocok dengan “" + this.query + "”." : "Pustaka masih kosong. Unggah gambar baru.";
    } else ui.status.textContent = this.items.length + " gambar" + (this.next ? "; ada lagi" : "") + ".";
  }

  renderGrid() {
    const grid = this.ui.grid;
    grid.textContent = "";
    for (const item of this.items) grid.appendChild(this.tile(item));
  }

  tile(item) {
    const n = this.selected.findIndex((s) => s.id === item.id);
    const name = item.caption || item.name || "Gambar " + item.id;
    const btn = h(
      "button",
      {
        type: "button",
        class: "we-tile",
        attrs: {
          "aria-pressed": n >= 0 ? "true" : "false",
          "aria-label": name + (item.credit ? " (" + item.credit + ")" : "") + (item.name && item.caption ? ", " + item.name : ""),
          title: item.name || name,
        },
        onClick: () => this.toggle(item),
        onDblclick: () => {
          if (this.mode === "single") this.finish(item);
        },
      },
      h("img", {
        src: item.thumb,
        alt: "",
        loading: "lazy",
        decoding: "async",
        attrs: { width: item.width || null, height: item.height || null },
      }),
      h("span", { class: "we-tile-cap", text: name }),
      n >= 0 ? h("span", { class: "we-tile-mark", attrs: { "aria-hidden": "true" }, text: this.mode === "single" ? "✓" : String(n + 1) }) : null,
    );
    return h("li", null, btn);
  }

  toggle(item) {
    const at = this.selected.findIndex((s) => s.id === item.id);
    if (this.mode === "single") this.selected = at >= 0 ? [] : [item];
    else if (at >= 0) this.selected.splice(at, 1);
    else this.selected.push(item);
    const focused = document.activeElement;
    const index = Array.from(this.ui.grid.querySelectorAll(".we-tile")).indexOf(focused);
    this.renderGrid();
    if (index >= 0) this.ui.grid.querySelectorAll(".we-tile")[index].focus();
    this.updateCount();
  }

  // ---- uploads -----------------------------------------------------------

  showError(text) {
    this.ui.error.textContent = text;
    this.ui.error.hidden = !text;
  }

  async upload(files) {
    this.showError("");
    const maxBytes = this.opts.maxUploadMb * 1024 * 1024;
    let failed = 0;
    for (const file of files) {
      const progress = h("progress", { max: 1, value: 0 });
      const state = h("span", { class: "we-up-state", text: "0%" });
      const row = h("li", { class: "we-upload" }, h("span", { class: "we-up-name", text: file.name }), progress, state);
      this.ui.uploads.appendChild(row);
      const fail = (text) => {
        failed++;
        row.classList.add("we-up-failed");
        progress.remove();
        state.textContent = text;
        this.showError(file.name + ": " + text);
      };
      if (!TYPES.test(file.type)) {
        fail("Berkas ini bukan gambar JPEG, PNG, WebP atau GIF.");
        continue;
      }
      if (file.size > maxBytes) {
        fail("Berkas lebih besar dari " + this.opts.maxUploadMb + " MB.");
        continue;
      }
      const form = new FormData();
      form.append("berkas", file, file.name);
      form.append("keterangan", "");
      form.append("kredit", "");
      form.append("alt", "");
      const send = () =>
        this.net.upload("/redaksi/media", form, (p) => {
          progress.value = p;
          state.textContent = Math.round(p * 100) + "%";
        });
      let res;
      try {
        res = await send();
        if (res.status === 401 && (await this.net.ensureSignedIn())) res = await send();
      } catch (_) {
        fail("Unggahan terputus: periksa koneksi lalu coba lagi.");
        continue;
      }
      const item = res.data && res.data.item;
      if (!res.ok || !item) {
        fail(errorMessage(res.data, "Unggahan gagal (kode " + res.status + ")."));
        continue;
      }
      progress.remove();
      state.textContent = "Terunggah";
      row.classList.add("we-up-done");
      this.items = [item, ...this.items.filter((i) => i.id !== item.id)];
      if (this.mode === "single") this.selected = [item];
      else if (!this.selected.some((s) => s.id === item.id)) this.selected.push(item);
      this.renderGrid();
      this.updateCount();
      this.ui.status.textContent = "Gambar terunggah dan dipilih.";
      setTimeout(() => row.remove(), 4000);
    }
    if (this.autoDetails && !failed && this.selected.length && this.ui.dialog.open && this.mode === "insert") {
      this.autoDetails = false;
      this.goDetails();
    }
  }

  // ---- details: caption, credit, alt text, focal point --------------------

  goDetails() {
    const entries = this.selected.map((item) => ({
      item,
      media: String(item.id),
      alt: item.alt || item.caption || "",
      focal: focalOf(item),
      original: { caption: item.caption || "", credit: item.credit || "", alt: item.alt || "", focal: focalOf(item) },
    }));
    if (entries.length === 1) this.details("picture", entries, this.selected[0].caption || "", this.selected[0].credit || "");
    else this.details("gallery", entries, "", "");
    this.ui.back.hidden = false;
    const first = this.firstDetailField();
    if (first) first.focus();
  }

  firstDetailField() {
    return this.ui.detail.querySelector("textarea, input");
  }

  details(kind, entries, caption, credit) {
    const ui = this.ui;
    ui.pick.hidden = true;
    ui.detail.hidden = false;
    ui.back.hidden = this.mode === "edit";
    ui.count.hidden = true;
    ui.go.disabled = false;
    ui.go.textContent = this.mode === "edit" ? "Simpan" : "Sisipkan";
    ui.detail.textContent = "";
    this.detail = { kind, entries };

    const capId = uniqueId("we-cap");
    const capInput = h("textarea", { id: capId, rows: 2, value: caption || "" });
    const creditInput = h("input", { type: "text", value: credit || "", placeholder: "Foto: …" });
    this.detail.caption = capInput;
    this.detail.credit = creditInput;

    if (kind === "picture") {
      const e = entries[0];
      const altId = uniqueId("we-alt");
      const altInput = h("input", { id: altId, type: "text", value: e.alt || caption || "", required: true, attrs: { "aria-required": "true" } });
      const altError = h("p", { class: "we-field-error", hidden: true, attrs: { role: "alert" } });
      e.altInput = altInput;
      e.altError = altError;
      // The alt text follows the caption until the reporter writes one.
      let touched = !!e.alt && e.alt !== caption;
      altInput.addEventListener("input", () => {
        touched = true;
        altError.hidden = true;
      });
      capInput.addEventListener("input", () => {
        if (!touched) altInput.value = capInput.value.replace(/\s+/g, " ").trim();
      });
      ui.detail.append(
        h("div", { class: "we-detail-grid" }, this.focalWidget(e), h(
          "div",
          { class: "we-fields" },
          h("label", { attrs: { for: capId } }, "Keterangan"),
          capInput,
          h("label", null, "Kredit", creditInput),
          h("label", { attrs: { for: altId } }, "Teks alternatif (wajib)"),
          altInput,
          h("p", { class: "hint", text: "Gambarkan isi gambar untuk pembaca yang tidak bisa melihatnya." }),
          altError,
        )),
      );
    } else {
      const list = h("ol", { class: "we-gal-list" });
      entries.forEach((e, i) => this.galleryRow(list, e, i));
      ui.detail.append(
        h("p", { class: "we-gal-note", text: "Galeri berisi " + entries.length + " gambar. Setiap gambar perlu teks alternatif." }),
        list,
        h("div", { class: "we-fields" }, h("label", { attrs: { for: capId } }, "Keterangan galeri"), capInput, h("label", null, "Kredit", creditInput)),
      );
    }
  }

  galleryRow(list, e, i) {
    const altId = uniqueId("we-alt");
    const altInput = h("input", { id: altId, type: "text", value: e.alt || "", required: true, attrs: { "aria-required": "true" } });
    const altError = h("p", { class: "we-field-error", hidden: true, attrs: { role: "alert" } });
    altInput.addEventListener("input", () => {
      altError.hidden = true;
    });
    e.altInput = altInput;
    e.altError = altError;
    const remove = h("button", {
      type: "button",
      class: "we-gal-remove",
      text: "Keluarkan",
      attrs: { "aria-label": "Keluarkan gambar " + (i + 1) + " dari galeri" },
      onClick: () => {
        const entries = this.detail.entries;
        if (entries.length <= 2) {
          altError.textContent = "Galeri perlu paling sedikit dua gambar.";
          altError.hidden = false;
          return;
        }
        entries.splice(entries.indexOf(e), 1);
        const keep = { caption: this.detail.caption.value, credit: this.detail.credit.value };
        entries.forEach((x) => (x.alt = x.altInput.value));
        this.details("gallery", entries, keep.caption, keep.credit);
      },
    });
    list.appendChild(
      h(
        "li",
        { class: "we-gal-row" },
        h("img", { src: e.item ? e.item.thumb : largeSrc(e.media), alt: "", loading: "lazy" }),
        h("div", null, h("label", { attrs: { for: altId } }, "Teks alternatif gambar " + (i + 1) + " (wajib)"), altInput, altError),
        remove,
      ),
    );
  }

  focalWidget(e) {
    const ring = svgEl("circle", { class: "we-focal-ring", r: "13" });
    const dot = svgEl("circle", { class: "we-focal-dot", r: "4" });
    const svg = svgEl("svg", { class: "we-focal-mark", "aria-hidden": "true" });
    svg.append(ring, dot);
    const textId = uniqueId("we-focal");
    const text = h("p", { id: textId, class: "hint we-focal-text" });
    const img = h("img", { src: e.item ? e.item.large || largeSrc(e.media) : largeSrc(e.media), alt: "", draggable: false });
    const box = h(
      "div",
      {
        class: "we-focal",
        tabIndex: 0,
        attrs: { role: "group", "aria-label": "Pratinjau gambar: klik untuk menentukan titik fokus, atau pakai tombol panah", "aria-describedby": textId },
      },
      img,
      svg,
    );
    const show = () => {
      const [x, y] = focalPair(e.focal);
      for (const c of [ring, dot]) {
        c.setAttribute("cx", x * 100 + "%");
        c.setAttribute("cy", y * 100 + "%");
      }
      text.textContent = describeFocal(e.focal) + " Bagian ini tetap terlihat saat gambar dipotong.";
    };
    box.addEventListener("click", (ev) => {
      const r = img.getBoundingClientRect();
      if (!r.width || !r.height) return;
      e.focal = formatFocal((ev.clientX - r.left) / r.width, (ev.clientY - r.top) / r.height);
      show();
    });
    box.addEventListener("keydown", (ev) => {
      const step = ev.shiftKey ? 0.01 : 0.05;
      let [x, y] = focalPair(e.focal);
      if (ev.key === "ArrowLeft") x -= step;
      else if (ev.key === "ArrowRight") x += step;
      else if (ev.key === "ArrowUp") y -= step;
      else if (ev.key === "ArrowDown") y += step;
      else if (ev.key === "Home") x = y = 0.5;
      else return;
      ev.preventDefault();
      e.focal = formatFocal(x, y);
      show();
    });
    const reset = h("button", {
      type: "button",
      class: "we-focal-reset",
      text: "Kembalikan ke tengah",
      onClick: () => {
        e.focal = null;
        show();
      },
    });
    show();
    return h("div", { class: "we-focal-wrap" }, box, text, reset);
  }

  saveDetails() {
    const d = this.detail;
    let firstBad = null;
    for (const e of d.entries) {
      e.alt = e.altInput.value.replace(/\s+/g, " ").trim();
      if (!e.alt) {
        e.altError.textContent = "Isi teks alternatif dulu.";
        e.altError.hidden = false;
        if (!firstBad) firstBad = e.altInput;
      }
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    const caption = d.caption.value.replace(/\s+/g, " ").trim();
    const credit = d.credit.value.replace(/\s+/g, " ").trim();
    let result;
    if (d.kind === "picture") {
      const e = d.entries[0];
      const attrs = { media: e.media, alt: e.alt, focal: e.focal || null, caption, credit };
      this.syncLibrary(e, { caption, credit, alt: e.alt, focal: e.focal });
      result = this.mode === "edit" ? attrs : { kind: "picture", attrs };
    } else {
      const images = d.entries.map((e) => ({ media: e.media, alt: e.alt }));
      for (const e of d.entries) {
        // Only the alt text is the picture's own; the caption is the gallery's.
        if (e.item) this.syncLibrary(e, { caption: e.item.caption || "", credit: e.item.credit || "", alt: e.alt, focal: e.focal });
      }
      const attrs = { images, caption, credit };
      result = this.mode === "edit" ? attrs : { kind: "gallery", attrs };
    }
    this.finish(result);
  }

  /** Keeps the library's caption, credit, alt and focal point in step. */
  async syncLibrary(e, now) {
    const was = e.original || {};
    const same = (a, b) => (a || "") === (b || "");
    if (same(was.caption, now.caption) && same(was.credit, now.credit) && same(was.alt, now.alt) && same(was.focal, now.focal)) return;
    const body = { caption: now.caption, credit: now.credit, alt: now.alt, focal: focalPair(now.focal) };
    try {
      const res = await this.net.call("POST", "/redaksi/media/" + encodeURIComponent(e.media), body);
      if (res.ok && res.data && res.data.item) {
        const item = res.data.item;
        this.items = this.items.map((i) => (i.id === item.id ? item : i));
      } else {
        this.opts.notice(errorMessage(res.data, "Data gambar di pustaka belum diperbarui (kode " + res.status + ")."), "error");
      }
    } catch (_) {
      this.opts.notice("Data gambar di pustaka belum diperbarui: periksa koneksi.", "error");
    }
  }
}
