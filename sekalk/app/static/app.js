// sekalk workbench: small behaviours that need no server round trip. No inline script anywhere
// (the Content-Security-Policy forbids it), so everything lives here.
(function () {
  "use strict";
  var dirty = false;
  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("#bench, #edit-form") &&
        !(e.target.name || "").startsWith("_form.q")) { dirty = true; }
  });
  // While rows are added or removed the editor is redrawn from what was posted: nothing may
  // be typed into the old one in the meantime.
  var refocus = null;
  document.addEventListener("htmx:beforeRequest", function (e) {
    var vals = e.detail.elt && e.detail.elt.getAttribute("hx-vals");
    if (vals && vals.indexOf("_form.action") >= 0) {
      var form = document.getElementById("edit-form");
      // Keyboard users keep their place: the control they used gets the focus back.
      refocus = document.activeElement && document.activeElement.id;
      if (form) { form.inert = true; }
    }
  });
  document.addEventListener("htmx:load", function () {  // new content is in the page
    if (refocus) {
      var el = document.getElementById(refocus);
      refocus = null;
      if (el) { el.focus(); }
    }
  });
  document.addEventListener("htmx:afterRequest", function () {
    var form = document.getElementById("edit-form");
    if (form) { form.inert = false; }
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
    var saved = path && (path.indexOf("/overlay") === 0 || path.indexOf("/edit/save") === 0);
    if (saved && e.detail.successful) {
      dirty = false;
      // "Overwrite" is a one-time consent: the next save asks again.
      document.querySelectorAll("input[name=overwrite], input[name='_form.overwrite']")
        .forEach(function (box) { box.checked = false; });
    }
  });
  document.addEventListener("htmx:sendError", function () {
    var target = document.getElementById("saved");
    if (target) { target.textContent = document.body.getAttribute("data-network-error") || ""; }
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
