// The editor's presence: tells the server every 20 s that this article is
// open here, shows who else has it open, and says goodbye when the page
// closes. Works the same with or without the visual editor.
(function () {
  "use strict";
  var box = document.getElementById("hadir");
  if (!box || !window.fetch) return;
  var article = box.getAttribute("data-article");
  // This load of the page, named by the server when it drew it: only the
  // page that beat last can say goodbye for the user.
  var page = box.getAttribute("data-page") || "";
  var csrf = function () {
    var form = document.getElementById("editor");
    return (form && form.getAttribute("data-csrf")) || box.getAttribute("data-csrf");
  };
  var url = "/redaksi/artikel/" + encodeURIComponent(article) + "/hadir";
  function show(names) {
    box.textContent = "";
    if (!names.length) {
      box.hidden = true;
      return;
    }
    var who = document.createElement("strong");
    who.textContent = names.join(", ");
    box.appendChild(who);
    box.appendChild(document.createTextNode(" sedang menyunting artikel ini."));
    box.hidden = false;
  }
  function beat() {
    if (document.visibilityState === "hidden") return;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ halaman: page }).toString(),
    })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (data) { if (data && data.others) show(data.others); })
      .catch(function () { /* offline: try again at the next beat */ });
  }
  // At once too: the page this one replaced may have said goodbye for
  // the same person a moment after the server drew this one.
  beat();
  setInterval(beat, 20000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") beat();
  });
  window.addEventListener("pagehide", function () {
    if (!navigator.sendBeacon) return;
    var body = new URLSearchParams({ pergi: "1", halaman: page, _csrf: csrf() });
    navigator.sendBeacon(url, body);
  });
})();
