// The measure list: after htmx replaced the results, make the result count focusable so a
// keyboard user can jump to it; the results region itself is announced (aria-live).
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (evt) {
    if (!evt.detail || !evt.detail.target || evt.detail.target.id !== "results") return;
    var head = evt.detail.target.querySelector(".results-head strong");
    if (head) head.setAttribute("tabindex", "-1");
  });
})();
