// Posts of other platforms in an article (a YouTube video, a post on X...)
// stand as placeholders that load nothing from the platform; this script
// shows their "Putar di sini" button, and loads the platform's player in
// their place when a reader presses it. Without it, each is a link.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".embed-box[data-player]");
  Array.prototype.forEach.call(boxes, function (box) {
    var play = box.querySelector(".embed-play");
    if (!play) { return; }
    play.hidden = false;
    play.querySelector("button").addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-player");
      frame.title = box.getAttribute("data-title") || "";
      frame.className = "embed-frame " + box.className.replace("embed-box", "").trim();
      frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      box.parentNode.replaceChild(frame, box);
      frame.focus();
    });
  });
})();
