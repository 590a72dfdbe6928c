// The newsroom's only script: a live preview of the Markdown body (the
// server renders and sanitises it, so the preview is what will be stored)
// and a click-to-choose image picker. Everything works without it.
(function () {
  "use strict";
  var script = document.currentScript;
  var csrf = script && script.getAttribute("data-csrf");
  var body = document.getElementById("isi");
  var preview = document.getElementById("pratinjau");
  if (body && preview && csrf && window.fetch) {
    var timer = null;
    var latest = 0;
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var asked = ++latest;
        fetch("/redaksi/pratinjau-isi", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrf },
          body: new URLSearchParams({ isi: body.value }),
          credentials: "same-origin"
        }).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) {
            // An older answer arriving late never replaces a newer one.
            if (data && asked === latest) { preview.innerHTML = data.html; }
          })
          .catch(function () {});
      }, 250);
    });
  }
  var field = document.querySelector("input[name=gambar]");
  var buttons = document.querySelectorAll(".pick-image");
  function mark() {
    buttons.forEach(function (b) {
      b.classList.toggle("chosen", field && b.getAttribute("data-id") === field.value);
    });
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      if (!field) { return; }
      field.value = field.value === button.getAttribute("data-id") ? "" : button.getAttribute("data-id");
      mark();
    });
  });
  mark();
})();
