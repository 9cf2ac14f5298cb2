// sekalk workbench: small behaviours that need no server round trip. No inline script anywhere
// (the Content-Security-Policy forbids it), so everything lives here.
(function () {
  "use strict";
  var dirty = false;
  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("#bench")) { dirty = true; }
  });
  // Closing the tab with assumptions that are not saved as an overlay asks first.
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
  // Enter in a field recomputes the panel instead of submitting the form to the report.
  document.addEventListener("submit", function (e) {
    var submitter = e.submitter;
    if (e.target.id === "bench" && !(submitter && submitter.hasAttribute("data-plain-submit"))) {
      e.preventDefault();
      if (window.htmx) { window.htmx.trigger(e.target, "input"); }
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var path = e.detail.pathInfo && e.detail.pathInfo.requestPath;
    if (path && path.indexOf("/overlay") === 0 && e.detail.successful) { dirty = false; }
  });
  // A failed request keeps everything typed and says so in the panel's status line.
  document.addEventListener("htmx:responseError", function (e) {
    var target = document.getElementById("saved");
    if (target && e.detail.xhr && e.detail.xhr.status >= 500) {
      target.textContent = document.body.getAttribute("data-server-error") || "Server error";
    }
  });
  // 4xx answers (e.g. an overlay name that exists) carry a message meant to be shown.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status >= 400 && status < 500) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
})();
