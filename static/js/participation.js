// Display conditions of survey questions: a question whose condition is not met is hidden and
// its inputs disabled. Without JavaScript every question shows, with a note when to answer it,
// and the server ignores answers to questions whose condition is not met.
(function () {
  "use strict";

  function chosen(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") ? input.checked : input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update(form) {
    form.querySelectorAll("[data-condition-name]").forEach(function (el) {
      var wanted = (el.dataset.conditionValues || "").split(" ");
      var have = chosen(form, el.dataset.conditionName);
      var parentHidden = false;
      var source = form.querySelector('[name="' + el.dataset.conditionName + '"]');
      if (source) {
        var holder = source.closest("[data-condition-name]");
        parentHidden = holder ? holder.hidden : false;
      }
      var show = !parentHidden && have.some(function (v) { return wanted.indexOf(v) !== -1; });
      el.hidden = !show;
      el.querySelectorAll("input, select, textarea").forEach(function (input) { input.disabled = !show; });
      var note = el.querySelector(".survey-condition");
      if (note) note.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.survey-form").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
      var errors = document.getElementById("fehler");
      if (errors) errors.focus();
    });
  });
})();
