// Talking to the newsroom server: the CSRF token, JSON requests, uploads
// with progress, and signing in again in the page when the session ended.
import { h, makeDialog, openDialog } from "./ui.js";

const JSON_HEADERS = { Accept: "application/json" };

/** The message of an error answer (`{"error":{"message":…}}`), or `fallback`. */
export function errorMessage(data, fallback) {
  return (data && data.error && typeof data.error.message === "string" && data.error.message) || fallback;
}

export class Net {
  constructor(form) {
    this.form = form;
    this.signIn = null; // the pending sign-in promise, while the dialog is open
    this.signInUi = null;
    this.listeners = [];
  }

  get csrf() {
    const own = this.form.getAttribute("data-csrf");
    if (own) return own;
    // Pages without data-csrf: the token in the action's query, or a hidden field.
    try {
      const q = new URL(this.form.getAttribute("action") || "", window.location.href).searchParams.get("_csrf");
      if (q) return q;
    } catch (_) {
      /* no usable action */
    }
    const input = document.querySelector("input[name=_csrf]");
    return input ? input.value : "";
  }

  /** Puts a new CSRF token everywhere the page holds one. */
  setCsrf(token) {
    if (!token) return;
    const form = this.form;
    form.setAttribute("data-csrf", token);
    const action = form.getAttribute("action");
    if (action) {
      const url = new URL(action, window.location.href);
      url.searchParams.set("_csrf", token);
      form.setAttribute("action", url.pathname + url.search + url.hash);
    }
    document.querySelectorAll("input[name=_csrf]").forEach((i) => {
      i.value = token;
    });
    document.querySelectorAll("script[data-csrf]").forEach((s) => s.setAttribute("data-csrf", token));
  }

  /**
   * A request answered in JSON: resolves `{status, ok, data}` (data is null
   * when the answer is not JSON); rejects only when the network failed.
   */
  async request(method, url, body, extraHeaders) {
    const headers = { ...JSON_HEADERS, ...(extraHeaders || {}) };
    const init = { method, headers, credentials: "same-origin", cache: "no-store" };
    if (method !== "GET") headers["X-CSRF-Token"] = this.csrf;
    if (body instanceof FormData || body instanceof URLSearchParams) init.body = body;
    else if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    let data = null;
    if ((res.headers.get("Content-Type") || "").includes("json")) {
      try {
        data = await res.json();
      } catch (_) {
        data = null;
      }
    }
    return { status: res.status, ok: res.ok, data };
  }

  /**
   * Like request(), but a 401 (the session ended) asks the reporter to sign
   * in again and then repeats the request once.
   */
  async call(method, url, body, extraHeaders) {
    let res = await this.request(method, url, body, extraHeaders);
    if (res.status === 401 && (await this.ensureSignedIn())) {
      res = await this.request(method, url, body, extraHeaders);
    }
    return res;
  }

  /** Uploads a file with progress. Resolves like request(). */
  upload(url, formData, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRF-Token", this.csrf);
      xhr.withCredentials = true;
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
      });
      xhr.addEventListener("load", () => {
        let data = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch (_) {
          data = null;
        }
        resolve({ status: xhr.status, ok: xhr.status >= 200 && xhr.status < 300, data });
      });
      xhr.addEventListener("error", () => reject(new Error("network")));
      xhr.addEventListener("abort", () => reject(new Error("abort")));
      xhr.send(formData);
      this.lastXhr = xhr;
    });
  }

  /** Checks the session: "ok" (token refreshed), "ended" or "unknown". */
  async checkSession() {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), 8000);
    try {
      const res = await fetch("/redaksi/sesi", {
        headers: JSON_HEADERS,
        credentials: "same-origin",
        cache: "no-store",
        signal: ctrl.signal,
      });
      if (res.status === 401) return "ended";
      if (res.ok) {
        try {
          const data = await res.json();
          if (data && data.csrf) this.setCsrf(data.csrf);
        } catch (_) {
          /* an answer without JSON still means the session lives */
        }
        return "ok";
      }
      return "unknown";
    } catch (_) {
      return "unknown";
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Shows the sign-in dialog (once, however many callers wait) and resolves
   * true after a successful sign-in, false when the reporter closed it.
   */
  ensureSignedIn() {
    if (this.signIn) return this.signIn;
    this.signIn = new Promise((resolve) => {
      const ui = this.signInUi || (this.signInUi = this.buildSignIn());
      ui.resolve = (ok) => {
        this.signIn = null;
        resolve(ok);
      };
      ui.error.hidden = true;
      ui.password.value = "";
      openDialog(ui.dialog, ui.email.value ? ui.password : ui.email);
    });
    return this.signIn;
  }

  buildSignIn() {
    const { dialog, body, foot } = makeDialog("Sesi Anda berakhir", "we-signin");
    const email = h("input", { type: "email", required: true, autocomplete: "username", name: "email" });
    const password = h("input", { type: "password", required: true, autocomplete: "current-password", name: "password" });
    const error = h("p", { class: "we-error", hidden: true, attrs: { role: "alert" } });
    const submit = h("button", { type: "submit", class: "primary", text: "Masuk" });
    const cancel = h("button", { type: "button", text: "Batal" });
    const form = h(
      "form",
      { class: "we-signin-form", noValidate: true },
      h("p", { text: "Masuk lagi untuk menyimpan. Tulisan Anda aman di peramban ini." }),
      h("label", null, "E-mail", email),
      h("label", null, "Kata sandi", password),
      error,
      h("div", { class: "we-dialog-foot" }, cancel, submit),
    );
    body.appendChild(form);
    foot.remove();
    cancel.addEventListener("click", () => dialog.close("batal"));
    const ui = { dialog, email, password, error, resolve: null };
    let done = false;
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!email.value || !password.value) {
        error.textContent = "Isi e-mail dan kata sandi.";
        error.hidden = false;
        return;
      }
      submit.disabled = true;
      error.hidden = true;
      try {
        const res = await fetch("/redaksi/masuk", {
          method: "POST",
          // The header marks a sign-in from this page (no form token): a
          // page of another site cannot send it.
          headers: { ...JSON_HEADERS, "X-Requested-With": "fetch" },
          credentials: "same-origin",
          body: new URLSearchParams({ email: email.value, password: password.value }),
        });
        let data = null;
        try {
          data = await res.json();
        } catch (_) {
          data = null;
        }
        if (res.ok && data && data.csrf) {
          this.setCsrf(data.csrf);
          password.value = "";
          done = true;
          dialog.close("masuk");
        } else {
          error.textContent = errorMessage(
            data,
            res.status === 429 ? "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi." : "E-mail atau kata sandi salah.",
          );
          error.hidden = false;
          password.focus();
        }
      } catch (_) {
        error.textContent = "Tidak bisa menghubungi server. Periksa koneksi lalu coba lagi.";
        error.hidden = false;
      } finally {
        submit.disabled = false;
      }
    });
    dialog.addEventListener("close", () => {
      const ok = done;
      done = false;
      if (ui.resolve) {
        const r = ui.resolve;
        ui.resolve = null;
        r(ok);
      }
    });
    return ui;
  }
}
