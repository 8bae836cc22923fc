// GSP Manager: the little behaviour every page shares (no inline scripts: the CSP allows only this site's files).
(function () {
  "use strict";
  // A select marked gsp-autosubmit submits its form when changed (rows per page).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("gsp-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  // After a refused submission, move focus to the error summary so keyboard and screen-reader users hear it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  });
})();
