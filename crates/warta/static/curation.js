// Pilihan at breaking-news speed: reorder by dragging or with Alt+Up/Down
// on a focused row, and the up/down/remove buttons without a page load.
// Every change sends the whole order (POST /redaksi/pilihan/urutan); the
// page works without this script through the buttons' own forms.
(function () {
  "use strict";
  var list = document.getElementById("picks");
  if (!list || !window.fetch) return;
  var status = document.getElementById("picks-status");
  var shown = Number(list.getAttribute("data-shown")) || 5;
  var csrf = list.getAttribute("data-csrf");
  var rows = function () { return Array.prototype.slice.call(list.querySelectorAll("li[data-id]")); };

  function say(text) { if (status) status.textContent = text; }

  function mark() {
    rows().forEach(function (li, i) {
      var on = i < shown;
      li.className = on ? "shown" : "hidden-slot";
      var slot = li.querySelector(".slot");
      if (slot) slot.textContent = on ? "tampil di situs" : "tidak tampil";
      var up = li.querySelector("[data-move=up]");
      var down = li.querySelector("[data-move=down]");
      if (up) up.closest("form").hidden = i === 0;
      if (down) down.closest("form").hidden = i === rows().length - 1;
    });
  }

  function save(before) {
    var ids = rows().map(function (li) { return Number(li.getAttribute("data-id")); });
    say("Menyimpan…");
    return fetch("/redaksi/pilihan/urutan", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ picks: ids }),
    })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (data) {
          if (!res.ok) throw new Error((data && data.error && data.error.message) || "Gagal menyimpan (kode " + res.status + ").");
          say("Tersimpan. Situs menampilkannya dalam sedetik.");
        });
      })
      .catch(function (error) {
        // Put the list back as it was: what is shown is what is stored.
        before.forEach(function (li) { list.appendChild(li); });
        mark();
        say(error.message || "Tidak bisa menghubungi server; urutan belum berubah.");
      });
  }

  function move(li, by) {
    var before = rows();
    var all = rows();
    var at = all.indexOf(li);
    var to = at + by;
    if (to < 0 || to >= all.length) return;
    if (by < 0) list.insertBefore(li, all[to]);
    else list.insertBefore(li, all[to].nextSibling);
    mark();
    li.focus();
    save(before);
  }

  rows().forEach(function (li) {
    li.setAttribute("draggable", "true");
    li.setAttribute("tabindex", "0");
  });
  mark();

  list.addEventListener("click", function (e) {
    var button = e.target.closest("button[data-move]");
    if (!button) return;
    e.preventDefault();
    var li = button.closest("li");
    var kind = button.getAttribute("data-move");
    if (kind === "up") move(li, -1);
    else if (kind === "down") move(li, 1);
    else {
      var before = rows();
      li.remove();
      mark();
      save(before);
    }
  });

  list.addEventListener("keydown", function (e) {
    var li = e.target.closest("li[data-id]");
    if (!li || e.target !== li || !e.altKey) return;
    if (e.key === "ArrowUp") { e.preventDefault(); move(li, -1); }
    if (e.key === "ArrowDown") { e.preventDefault(); move(li, 1); }
  });

  var dragged = null;
  var order = null;
  list.addEventListener("dragstart", function (e) {
    dragged = e.target.closest("li[data-id]");
    if (!dragged) return;
    order = rows();
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.getAttribute("data-id"));
  });
  list.addEventListener("dragover", function (e) {
    if (!dragged) return;
    e.preventDefault();
    var over = e.target.closest("li[data-id]");
    if (!over || over === dragged) return;
    var box = over.getBoundingClientRect();
    var after = e.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list.addEventListener("drop", function (e) {
    if (!dragged) return;
    e.preventDefault();
  });
  list.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    var before = order;
    var changed = rows().some(function (li, i) { return li !== before[i]; });
    dragged = null;
    mark();
    if (changed) save(before);
  });
})();
