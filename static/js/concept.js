// The measure list: keep the focus in the search box while htmx replaces the results,
// and move the focus to the result count after a filter change made by keyboard.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (evt) {
    if (!evt.detail || !evt.detail.target || evt.detail.target.id !== "results") return;
    var active = document.activeElement;
    if (active && active.id === "q") return;
    var head = evt.detail.target.querySelector(".results-head strong");
    if (head) {
      head.setAttribute("tabindex", "-1");
    }
  });
})();
