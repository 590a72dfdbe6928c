// Suggestions under a search box as the reader types: the topics and the
// headlines that hold the words typed so far (/cari/saran). The box works
// without this script: Enter searches. With it, the box is a combobox:
// arrows move through the suggestions, Enter opens the one chosen, Escape
// closes the list; a slow or failed answer only means no list.
(function () {
  "use strict";
  var WAIT_MS = 150;
  var counter = 0;

  function attach(form) {
    var input = form.querySelector("input[name=q]");
    if (!input || !window.fetch) return;
    var id = "saran-" + (++counter);
    var list = document.createElement("ul");
    list.id = id;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.getAttribute("data-label-list") || "");
    list.hidden = true;
    form.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var pending = null;
    var active = -1;
    var shown = [];

    function close() {
      // Nothing asked or on its way may open it again.
      clearTimeout(timer);
      if (pending) pending.abort();
      list.hidden = true;
      list.textContent = "";
      shown = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, n) {
        option.setAttribute("aria-selected", n === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(answer) {
      list.textContent = "";
      shown = [];
      input.removeAttribute("aria-activedescendant");
      var topic = form.getAttribute("data-label-topic") || "";
      answer.topics.forEach(function (t) { shown.push({ text: t.text, url: t.url, meta: topic, kind: "topic" }); });
      answer.headlines.forEach(function (h) { shown.push({ text: h.text, url: h.url, meta: h.meta, kind: "headline" }); });
      if (!shown.length) { close(); return; }
      shown.forEach(function (item, n) {
        var option = document.createElement("li");
        option.id = id + "-" + n;
        option.className = "suggestion-" + item.kind;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        // No link inside: an option is one thing to a screen reader, and
        // the box keeps the focus; a click or Enter opens the address.
        var text = document.createElement("span");
        text.className = "text";
        text.textContent = item.text;
        option.appendChild(text);
        if (item.meta) {
          var meta = document.createElement("span");
          meta.className = "meta";
          meta.textContent = item.meta;
          option.appendChild(meta);
        }
        // Before the box loses focus, so the click is not lost with the list.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { window.location.href = item.url; });
        list.appendChild(option);
      });
      active = -1;
      // Under the box, the form's right edge its own, wide enough to read
      // a headline on a line or two but never wider than the screen.
      var room = document.documentElement.clientWidth - 32;
      list.style.top = (input.offsetTop + input.offsetHeight) + "px";
      list.style.width = Math.min(Math.max(form.offsetWidth, 440), room) + "px";
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var typed = input.value;
      if (typed.trim().length < 2) { close(); return; }
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      fetch("/cari/saran?q=" + encodeURIComponent(typed), pending ? { signal: pending.signal } : {})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          // Only the answer to what the box still says.
          if (answer && input.value === typed && document.activeElement === input) show(answer);
        })
        .catch(function () { /* offline, or overtaken by the next keystroke */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
    input.addEventListener("keydown", function (event) {
      // Keys that confirm what an input method composes are not ours.
      if (event.isComposing) return;
      if (list.hidden) {
        if (event.key === "ArrowDown") ask();
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next < -1) next = shown.length - 1;
        if (next >= shown.length) next = -1;
        choose(next);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = shown[active].url;
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    // Unless the box has the focus back by then (a click on an option
    // keeps it; a script may blur and focus it again).
    input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== input) close(); }, 100);
    });
  }

  document.querySelectorAll("form[data-suggest]").forEach(attach);
})();
