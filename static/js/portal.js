// Behaviour for every page. The Content-Security-Policy forbids inline scripts and onclick=
// attributes: handlers are attached here, from a file.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    // The menu button of the phone-width layout shows and hides the side navigation.
    document.querySelectorAll(".nav-toggle").forEach(function (button) {
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = document.body.classList.toggle("nav-open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  });
})();
