// A live blog's page hears of new entries as they are added: the server
// sends each, rendered as the page shows it, over server-sent events, and
// it goes on top of the list. Without this script the page shows every
// entry up to when it was loaded.
(function () {
  "use strict";
  var live = document.querySelector("section.live[data-stream]");
  if (!live || !window.EventSource) return;
  var list = live.querySelector(".live-entries");
  var last = Number(live.getAttribute("data-last")) || 0;
  var source;
  var wait = 30000;
  function connect() {
    source = new EventSource(live.getAttribute("data-stream") + "?setelah=" + last);
    source.addEventListener("entri", show);
    source.addEventListener("open", function () {
      wait = 30000;
    });
    // The blog ended (or the article was taken down): stop listening.
    source.addEventListener("selesai", function () {
      source.close();
      live.classList.remove("running");
    });
    // Fallen too far behind (a sleeping phone): load the page again.
    source.addEventListener("muat-ulang", function () {
      source.close();
      window.location.reload();
    });
    // The browser retries a dropped connection by itself, but not one
    // refused (a node at its limit answers 503, one stopping closes): try
    // again later, a little later each time, spread so that readers
    // refused together do not all come back at once.
    source.addEventListener("error", function () {
      if (source.readyState !== EventSource.CLOSED) return;
      window.setTimeout(connect, wait / 2 + Math.random() * wait);
      wait = Math.min(wait * 2, 600000);
    });
  }
  function show(message) {
    var entry;
    try {
      entry = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    // By the page's own entries, not by number: an entry can arrive after
    // a higher-numbered one (added at the same moment on two nodes).
    if (!entry || document.getElementById("entri-" + entry.id)) return;
    last = Math.max(last, entry.id);
    var holder = document.createElement("div");
    // The server's own rendering of a sanitised entry.
    holder.innerHTML = entry.html;
    var node = holder.firstElementChild;
    if (!node) return;
    node.classList.add("live-new");
    var pinned = node.classList.contains("pinned") && live.querySelector(".live-pinned-entries");
    var into = pinned || list;
    into.insertBefore(node, into.firstChild);
    if (entry.embeds && !document.querySelector("script[src^='/static/embed.js']")) {
      var script = document.createElement("script");
      script.src = "/static/embed.js";
      document.body.appendChild(script);
    }
  }
  connect();
})();
