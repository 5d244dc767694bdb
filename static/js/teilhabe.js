// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Render every Vega-Lite chart on the page. The spec sits in a JSON script element named by
  // data-spec; expressions run through vega-interpreter, so no eval is needed (strict CSP).
  function renderCharts(root) {
    if (!window.vegaEmbed) return;
    root.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      if (el.dataset.rendered) return;
      var source = document.getElementById(el.dataset.vegaSpec);
      if (!source) return;
      el.dataset.rendered = "1";
      var spec = JSON.parse(source.textContent);
      window.vegaEmbed(el, spec, {
        actions: false,
        renderer: "svg",
        ast: true,
        expr: window.vegaInterpreter.expressionInterpreter,
        defaultStyle: false,
        tooltip: false
      }).then(function (result) {
        // The chart is one image with a label; the numbers stand in a table beside it. Vega's
        // per-mark roles would make every shape an unlabelled graphic, also after re-renders.
        function flatten() {
          var svg = el.querySelector("svg");
          if (!svg) return;
          svg.querySelectorAll("[role], [aria-roledescription]").forEach(function (node) {
            node.removeAttribute("role");
            node.removeAttribute("aria-roledescription");
          });
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", el.getAttribute("aria-label") || spec.title || "");
        }
        flatten();
        new MutationObserver(function (records, observer) {
          observer.disconnect();
          flatten();
          observer.observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ["role"] });
        }).observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ["role"] });
        return result;
      }).catch(function (err) {
        el.textContent = el.dataset.errorText || "Die Grafik konnte nicht angezeigt werden; die Tabelle enthält dieselben Zahlen.";
        console.error(err);
      });
    });
  }

  function loadChartLibraries(callback) {
    if (window.vegaEmbed) { callback(); return; }
    var base = document.body.dataset.vendorBase || "/static/vendor/";
    var files = ["vega/vega.min.js", "vega-lite/vega-lite.min.js", "vega-embed/vega-embed.min.js", "vega-interpreter/vega-interpreter.js"];
    (function next(i) {
      if (i === files.length) { callback(); return; }
      var s = document.createElement("script");
      s.src = base + files[i];
      s.onload = function () { next(i + 1); };
      document.head.appendChild(s);
    })(0);
  }

  // A table wider than the screen scrolls inside its .table-wrap box; keyboard users reach the
  // box with Tab and scroll it with the arrow keys (WCAG 2.1.1). Only boxes that actually
  // scroll become tab stops, named by the table's caption; templates that set a tabindex
  // themselves are left alone.
  function markScrollingTables(root) {
    root.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.hasAttribute("tabindex") && !box.dataset.scrollStop) return;
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.dataset.scrollStop) {
        var caption = box.querySelector("caption");
        box.dataset.scrollStop = "1";
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.body.dataset.tableLabel);
      } else if (!scrolls && box.dataset.scrollStop) {
        delete box.dataset.scrollStop;
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function init(root) {
    if (root.querySelector("[data-vega-spec]")) loadChartLibraries(function () { renderCharts(root); });
    markScrollingTables(document);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { init(evt.target); });
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(function () { markScrollingTables(document); }, 150);
  });

  // Forms that ask before a destructive action: <form data-confirm="…">.
  document.addEventListener("submit", function (evt) {
    var message = evt.target.dataset && evt.target.dataset.confirm;
    if (message && !window.confirm(message)) evt.preventDefault();
  });
})();
