// Small additions to the theme, applied on every page: accessibility, and instant scheme switches.
(function () {
  "use strict";
  function improve() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search the site");
  }
  // While the reader switches colour schemes nothing fades from one to the other: the mark is
  // hfguide.css's, set only now (the theme's own mark, also set as every page loads, restyled the
  // whole page twice: hfguide.site.palette). It goes once the new colours are drawn.
  document.addEventListener("change", function (event) {
    if (!event.target.closest || !event.target.closest("[data-md-component=palette]")) return;
    var root = document.documentElement;
    root.setAttribute("data-hfguide-switching", "");
    requestAnimationFrame(function () {
      setTimeout(function () { root.removeAttribute("data-hfguide-switching"); });
    });
  }, true);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(improve);
  else document.addEventListener("DOMContentLoaded", improve);
})();
