// Small accessibility additions to the theme's markup, applied on every page.
(function () {
  "use strict";
  function improve() {
    var search = document.querySelector(".md-search[role=dialog]");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search the site");
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(improve);
  else document.addEventListener("DOMContentLoaded", improve);
})();
