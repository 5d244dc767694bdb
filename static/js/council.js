// Council pages, progressive enhancement only: add rows to a formset without reloading,
// and show computed totals of the financial-impact form while typing.
(function () {
  "use strict";

  function setupFormset(container) {
    var prefix = container.dataset.formset;
    var form = container.closest("form");
    var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var list = container.querySelector("[data-formset-list]") || form.querySelector("[data-formset-list]");
    var template = form.querySelector("template[data-formset-template]");
    var button = form.querySelector("[data-formset-add]");
    if (!total || !list || !template || !button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/>\+</, ">" + (index + 1) + "<");
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var rows = list.querySelectorAll("[data-formset-row]");
      var first = rows[rows.length - 1].querySelector("select, input, textarea");
      if (first) first.focus();
    });
  }

  function parseAmount(value) {
    if (!value) return 0;
    var normal = value.replace(/\s/g, "");
    if (normal.indexOf(",") >= 0) normal = normal.replace(/\./g, "").replace(",", ".");
    var n = parseFloat(normal);
    return isNaN(n) ? 0 : n;
  }

  function formatAmount(n) {
    return n.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function setupFinance(form) {
    var none = form.querySelector("#id_finance_none");
    var details = form.querySelector("[data-finance-details]");
    function field(name) { var el = form.querySelector("#id_" + name); return el ? parseAmount(el.value) : 0; }
    function update() {
      if (details && none) details.hidden = none.checked;
      var shortfall = Math.max(0, field("required_amount") - field("funds_available"));
      var total = field("followup_staff") + field("followup_operations") + field("followup_financing") + field("followup_other");
      var s = form.querySelector("[data-shortfall] output");
      var t = form.querySelector("[data-followup-total] output");
      if (s) s.textContent = formatAmount(shortfall);
      if (t) t.textContent = formatAmount(total);
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset]").forEach(setupFormset);
    document.querySelectorAll(".finance-form").forEach(setupFinance);
  });
})();
