// Planning: a print button (no inline handlers; the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest("[data-print]");
    if (button) {
      evt.preventDefault();
      window.print();
    }
  });
})();
