"use strict";
// The indicator form shows only the subject field its subject type needs (apps/indicators/admin.py
// puts the type -> field map on the select as data-subject-fields). Without this script every
// field shows, and the model refuses a subject that does not match its type.
(function () {
  function rowOf(form, name) {
    return form.querySelector(".form-row.field-" + name) || form.querySelector(".field-" + name);
  }

  function show(select, clearHidden) {
    const fields = JSON.parse(select.dataset.subjectFields);
    for (const [type, name] of Object.entries(fields)) {
      const row = rowOf(select.form, name);
      if (!row) {
        continue;
      }
      const needed = select.value === type;
      row.style.display = needed ? "" : "none";
      if (!needed && clearHidden) {
        // A hidden subject is not sent: the record keeps one subject, the one shown.
        for (const input of row.querySelectorAll("select, input:not([type=hidden])")) {
          input.value = "";
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    for (const select of document.querySelectorAll("select[data-subject-fields]")) {
      show(select, false);
      select.addEventListener("change", function () {
        show(select, true);
      });
    }
  });
})();
