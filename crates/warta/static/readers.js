// "Sedang dibaca" refreshes itself: every 15 s (while the tab is shown) it
// fetches the page again and swaps in its live part.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.fetch || !window.DOMParser) return;
  var every = (Number(live.getAttribute("data-refresh")) || 15) * 1000;
  function refresh() {
    if (document.visibilityState === "hidden") return;
    fetch(location.pathname, { credentials: "same-origin", cache: "no-store" })
      .then(function (res) { return res.ok ? res.text() : null; })
      .then(function (html) {
        if (!html) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("live");
        var stamp = page.querySelector(".heading .meta");
        if (fresh) live.replaceWith(fresh);
        live = fresh || live;
        var mine = document.querySelector(".heading .meta");
        if (stamp && mine) mine.replaceWith(stamp);
      })
      .catch(function () { /* offline: the next round tries again */ });
  }
  setInterval(refresh, every);
  document.addEventListener("visibilitychange", refresh);
})();
