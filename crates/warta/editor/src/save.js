// Work is never lost: a local copy of every field in localStorage, autosave
// to the server, a session check (and sign-in in the page) before the form
// is sent, and a warning before leaving with unsaved changes.
import { h, clock, articleId } from "./ui.js";
import { errorMessage } from "./net.js";

const PREFIX = "warta:naskah:";
const LOCAL_DELAY = 500;
const IDLE_DELAY = 3000;
const MAX_DELAY = 30000;
const SKIP = new Set(["_csrf", "versi", "aksi"]);
const SERVER_FILLED = new Set(["slug"]);

function storage() {
  try {
    return window.localStorage;
  } catch (_) {
    return null;
  }
}

/** Reads a time the server wrote: ISO 8601 or milliseconds since 1970. */
function parseTime(text) {
  if (!text) return null;
  if (/^\d{10,}$/.test(text)) return Number(text);
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : t;
}

export class Saver {
  /**
   * `opts`: `form`, `net`, `setBody(html)` (puts a body into the editor),
   * `normaliseBody(html)` (the body as the editor would write it),
   * `statusHost` (where the save status line goes), `bannerHost` (where the
   * restore banner and alerts go), `changed()` (after an article got its id).
   */
  constructor(opts) {
    this.opts = opts;
    this.form = opts.form;
    this.net = opts.net;
    this.status = h("p", { class: "we-save-status", attrs: { role: "status" } });
    opts.statusHost.prepend(this.status);
    this.alert = h("div", { class: "we-alert", hidden: true, attrs: { role: "alert" } });
    opts.bannerHost.prepend(this.alert);
    this.localTimer = null;
    this.idleTimer = null;
    this.maxTimer = null;
    this.retryTimer = null;
    this.retryDelay = 10000;
    this.inFlight = null;
    this.again = false;
    this.retryNow = false;
    this.paused = null; // "conflict" | "create" | "session"
    this.bypass = false;
    this.checking = false;
    this.submitting = false;
  }

  // ---- the form's state ----------------------------------------------------

  get id() {
    return articleId(this.form);
  }

  key(id) {
    return PREFIX + ((id === undefined ? this.id : id) || "baru");
  }

  versionInput() {
    return this.form.querySelector("[name=versi]");
  }

  version() {
    const input = this.versionInput();
    const v = input && input.value !== "" ? input.value : this.form.getAttribute("data-version");
    return Number(v) || 0;
  }

  setVersion(v) {
    const input = this.versionInput();
    if (input) input.value = String(v);
    this.form.setAttribute("data-version", String(v));
  }

  /** Every text field of the form by name (no files, buttons or token). */
  fields() {
    const out = {};
    for (const el of Array.from(this.form.elements)) {
      const name = el.name;
      if (!name || SKIP.has(name) || el.disabled) continue;
      const type = (el.type || "").toLowerCase();
      if (type === "file" || type === "submit" || type === "button" || type === "reset" || type === "image") continue;
      if ((type === "checkbox" || type === "radio") && !el.checked) continue;
      out[name] = el.value;
    }
    return out;
  }

  snapshot() {
    return JSON.stringify(this.fields());
  }

  dirty() {
    return this.snapshot() !== this.confirmed;
  }

  // ---- start ---------------------------------------------------------------

  init() {
    this.confirmed = this.snapshot();
    this.offerRestore();
    this.form.addEventListener("submit", (e) => this.onSubmit(e));
    window.addEventListener("beforeunload", (e) => {
      if (this.submitting || !this.dirty()) return;
      this.writeLocal();
      e.preventDefault();
      e.returnValue = "";
    });
    window.addEventListener("online", () => {
      if (this.retryTimer) this.save();
    });
  }

  readLocal(key) {
    const s = storage();
    if (!s) return null;
    try {
      const copy = JSON.parse(s.getItem(key) || "null");
      return copy && copy.fields && typeof copy.fields === "object" ? copy : null;
    } catch (_) {
      return null;
    }
  }

  removeLocal(key) {
    const s = storage();
    if (s) s.removeItem(key || this.key());
  }

  /** Whether a copy's fields say the same as the page does now. */
  sameAsPage(copy) {
    const now = this.fields();
    return Object.keys(copy.fields).every((k) => {
      if (!(k in now) || now[k] === copy.fields[k]) return true;
      // A slug left empty is made from the title by the server: no work
      // of the reporter's is in the empty one.
      if (SERVER_FILLED.has(k) && copy.fields[k] === "") return true;
      // The body read back through the editor (spaces collapse, …).
      return k === "isi" && this.opts.normaliseBody(copy.fields[k]) === now[k];
    });
  }

  offerRestore() {
    // A new article sent with the form leaves its copy under "baru": gone
    // once the article opens with that content.
    if (this.id) {
      const orphan = this.readLocal(this.key(""));
      if (orphan && orphan.submitted) {
        const now = this.fields();
        if (orphan.fields.judul === now.judul && this.opts.normaliseBody(orphan.fields.isi || "") === now.isi) this.removeLocal(this.key(""));
      }
    }
    const copy = this.readLocal(this.key());
    if (!copy) return;
    if (this.sameAsPage(copy)) {
      this.removeLocal();
      return;
    }
    const pageSaved = parseTime(this.form.getAttribute("data-saved-at"));
    if (pageSaved && copy.savedAt && copy.savedAt <= pageSaved) return;
    this.showRestore(copy);
  }

  showRestore(copy) {
    const restore = h("button", { type: "button", class: "primary", text: "Pulihkan" });
    const discard = h("button", { type: "button", text: "Buang" });
    const older = copy.version && copy.version < this.version()
      ? " Salinan ini dibuat dari versi " + copy.version + "; versi di server sekarang " + this.version() + "."
      : "";
    const banner = h(
      "div",
      { class: "we-banner", attrs: { role: "alert" } },
      h("p", { text: "Ada teks yang belum tersimpan dari " + clock(copy.savedAt || Date.now()) + "." + older }),
      h("div", { class: "we-banner-actions" }, restore, discard),
    );
    this.opts.bannerHost.prepend(banner);
    restore.addEventListener("click", () => {
      this.restore(copy);
      banner.remove();
      this.setStatus("Teks dipulihkan dari peramban ini; belum tersimpan di server.");
      this.opts.focusEditor();
    });
    discard.addEventListener("click", () => {
      banner.remove();
      // Only the copy on display goes: newer typing already replaced it.
      const now = this.readLocal(this.key());
      if (now && now.savedAt === copy.savedAt) this.removeLocal();
      this.opts.focusEditor();
    });
  }

  restore(copy) {
    for (const [name, value] of Object.entries(copy.fields)) {
      if (name === "isi") {
        this.opts.setBody(value);
        continue;
      }
      const el = this.form.elements.namedItem(name);
      if (!el || el.type === "file") continue;
      if (typeof el.length === "number" && !el.options && el.length > 1) continue; // radio groups: none here
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
    this.changed();
  }

  // ---- changes ----------------------------------------------------------

  /** Called after every change of any field or of the body. */
  changed() {
    clearTimeout(this.localTimer);
    this.localTimer = setTimeout(() => this.writeLocal(), LOCAL_DELAY);
    if (this.paused === "conflict" || this.paused === "create") return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.save(), IDLE_DELAY);
    if (!this.maxTimer) this.maxTimer = setTimeout(() => this.save(), MAX_DELAY);
  }

  writeLocal(extra) {
    clearTimeout(this.localTimer);
    const s = storage();
    if (!s) return;
    if (!this.dirty() && !extra) {
      this.removeLocal();
      return;
    }
    const copy = { savedAt: Date.now(), version: this.version(), fields: this.fields(), ...(extra || {}) };
    try {
      s.setItem(this.key(), JSON.stringify(copy));
    } catch (_) {
      this.setStatus("Peramban tidak bisa menyimpan salinan (penyimpanan penuh).");
    }
  }

  setStatus(text, kind) {
    this.status.textContent = text;
    this.status.className = "we-save-status" + (kind ? " we-" + kind : "");
  }

  showAlert(text) {
    this.alert.textContent = "";
    this.alert.append(h("p", { text }));
    this.alert.hidden = false;
  }

  // ---- autosave -----------------------------------------------------------

  clearTimers() {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    clearTimeout(this.retryTimer);
    this.idleTimer = this.maxTimer = this.retryTimer = null;
  }

  retryLater() {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.save(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 120000);
  }

  save() {
    if (this.submitting || this.paused === "conflict" || this.paused === "create") return Promise.resolve();
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.clearTimers();
    if (!this.dirty()) return Promise.resolve();
    const fields = this.fields();
    if (!this.id && !(fields.judul || "").trim()) return Promise.resolve();
    const sent = JSON.stringify(fields);
    const run = this.id ? this.update(fields, sent) : this.create(sent);
    this.inFlight = run.finally(() => {
      this.inFlight = null;
      if (this.retryNow) {
        // Signed in again: send what failed at once.
        this.retryNow = false;
        this.again = false;
        setTimeout(() => this.save(), 0);
      } else if (this.again) {
        this.again = false;
        if (this.dirty() && !this.retryTimer) this.changed();
      }
    });
    return this.inFlight;
  }

  confirm(sent, version, time) {
    this.retryDelay = 10000;
    if (version !== undefined && version !== null) this.setVersion(version);
    this.confirmed = sent;
    this.paused = null;
    this.setStatus("Tersimpan otomatis " + (time || clock(Date.now())), "ok");
    // The copy goes when the server holds exactly what it holds.
    if (this.snapshot() === sent) this.removeLocal();
    else this.writeLocal();
  }

  async update(fields, sent) {
    const body = { versi: this.version(), ...fields };
    let res;
    try {
      res = await this.net.request("POST", "/redaksi/artikel/" + encodeURIComponent(this.id) + "/autosimpan", body);
    } catch (_) {
      this.setStatus("Offline: tersimpan di peramban ini", "warn");
      this.writeLocal();
      this.retryLater();
      return;
    }
    if (res.ok && res.data) {
      this.confirm(sent, res.data.version, res.data.saved_at);
      return;
    }
    await this.failed(res);
  }

  async create(sent) {
    const data = new FormData(this.form);
    data.set("aksi", "autosimpan");
    let res;
    try {
      res = await fetch(this.form.getAttribute("action") || window.location.pathname, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json", "X-CSRF-Token": this.net.csrf },
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch (_) {
      this.setStatus("Offline: tersimpan di peramban ini", "warn");
      this.writeLocal();
      this.retryLater();
      return;
    }
    let json = null;
    if ((res.headers.get("Content-Type") || "").includes("json")) {
      try {
        json = await res.json();
      } catch (_) {
        json = null;
      }
    }
    if (res.ok && json && json.id) {
      this.adopt(json);
      this.confirm(sent, json.version, json.saved_at);
      return;
    }
    if (!json && res.status !== 401) {
      // The server answered with a page or a redirect: it does not autosave
      // new articles. Never try again, so no second article is made.
      this.paused = "create";
      this.setStatus("Artikel baru belum tersimpan di server: tekan Simpan. Salinan ada di peramban ini.", "warn");
      return;
    }
    await this.failed({ status: res.status, ok: res.ok, data: json });
  }

  /** A new article got its id: the form, the copy and the address follow. */
  adopt(json) {
    const id = String(json.id);
    const oldKey = this.key("");
    const editUrl = json.edit_url || "/redaksi/artikel/" + id;
    this.form.setAttribute("data-article", id);
    const action = new URL(editUrl, window.location.href);
    action.searchParams.set("_csrf", this.net.csrf);
    this.form.setAttribute("action", action.pathname + action.search);
    if (json.version !== undefined) this.setVersion(json.version);
    const copy = this.readLocal(oldKey);
    this.removeLocal(oldKey);
    if (copy) {
      const s = storage();
      try {
        if (s) s.setItem(this.key(id), JSON.stringify(copy));
      } catch (_) {
        /* written again on the next change */
      }
    }
    try {
      window.history.replaceState(window.history.state, "", editUrl);
    } catch (_) {
      /* an address on another origin: keep the current one */
    }
    if (this.opts.adopted) this.opts.adopted(id);
  }

  async failed(res) {
    if (res.status === 401) {
      this.writeLocal();
      if (this.paused === "session") return; // the reporter closed the sign-in dialog once
      this.setStatus("Sesi berakhir. Tulisan Anda aman di peramban ini.", "warn");
      if (await this.net.ensureSignedIn()) {
        this.retryNow = true;
      } else {
        this.paused = "session";
        this.setStatus("Sesi berakhir: masuk lagi untuk menyimpan. Tulisan Anda aman di peramban ini.", "warn");
      }
      return;
    }
    if (res.status === 409) {
      this.paused = "conflict";
      this.writeLocal();
      this.showAlert(
        errorMessage(res.data, "Artikel ini sudah diubah orang lain.") +
          " Simpan otomatis dihentikan; salinan tulisan Anda tetap ada di peramban ini.",
      );
      this.setStatus("Simpan otomatis dihentikan: ada versi lebih baru di server.", "error");
      return;
    }
    this.writeLocal();
    this.setStatus(errorMessage(res.data, "Simpan otomatis gagal (kode " + res.status + ").") + " Tersimpan di peramban ini; dicoba lagi nanti.", "warn");
    this.retryLater();
  }

  // ---- sending the form ---------------------------------------------------

  onSubmit(e) {
    if (this.bypass) {
      this.submitting = true;
      this.clearTimers();
      this.writeLocal({ submitted: true });
      return;
    }
    e.preventDefault();
    if (this.checking) return;
    this.checking = true;
    const submitter = e.submitter || null;
    this.setStatus("Memeriksa sesi…");
    (async () => {
      try {
        this.writeLocal({ submitted: false });
        // An autosave on its way changes the version this form sends.
        if (this.inFlight) await Promise.race([this.inFlight, new Promise((r) => setTimeout(r, 10000))]);
        const session = await this.net.checkSession();
        if (session === "ended") {
          this.setStatus("Sesi berakhir: masuk lagi untuk menyimpan.", "warn");
          if (!(await this.net.ensureSignedIn())) {
            this.setStatus("Belum tersimpan: masuk lagi dulu, lalu tekan tombolnya lagi. Tulisan Anda aman di peramban ini.", "warn");
            return;
          }
        }
        this.setStatus("Mengirim…");
        this.submitNow(submitter);
      } finally {
        this.checking = false;
      }
    })();
  }

  submitNow(submitter) {
    const form = this.form;
    this.bypass = true;
    try {
      if (typeof form.requestSubmit === "function") {
        if (submitter && submitter.form === form) form.requestSubmit(submitter);
        else form.requestSubmit();
      } else {
        if (submitter && submitter.name) {
          form.appendChild(h("input", { type: "hidden", name: submitter.name, value: submitter.value }));
        }
        this.submitting = true;
        this.writeLocal({ submitted: true });
        HTMLFormElement.prototype.submit.call(form);
      }
    } finally {
      this.bypass = false;
    }
    if (!this.submitting) this.setStatus("");
  }
}
