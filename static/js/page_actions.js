// Small page behaviours declared in the markup, so that no template needs an inline handler
// (the Content-Security-Policy allows no inline script):
//   data-autosubmit   on a select or input: submit its form when the value changes
//   data-print        on a button: open the print dialog
//   data-history-back on a link: go back one page (the link's href is the fallback)
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest && event.target.closest("[data-autosubmit]");
    if (field && field.form) {
      if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
    }
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    var back = event.target.closest("[data-history-back]");
    if (back && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
