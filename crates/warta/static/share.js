// Sharing an article: the links to WhatsApp, Facebook, X and Telegram
// work without this script; it adds the phone's own share sheet where the
// browser has one, and a button that copies the address.
(function () {
  "use strict";
  var native = document.querySelector(".share-native");
  if (native && navigator.share) {
    native.parentNode.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: native.getAttribute("data-title"), url: native.getAttribute("data-url") })
        .catch(function () { /* the reader closed the sheet */ });
    });
  }
  var copy = document.querySelector(".share-copy");
  if (copy && navigator.clipboard) {
    copy.parentNode.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-url")).then(function () {
        copy.textContent = copy.getAttribute("data-done");
      });
    });
  }
})();
