// Sortable, filterable model tables on the generated pages.
// Sorting is tablesort's (vendored); this file wires it up and adds the text filter. Filter
// sentinels come from the page's JSON spec (hfguide.pages.spec).
(function () {
  function sentinels() {
    var element = document.getElementById("hfguide-spec");
    return element ? JSON.parse(element.textContent).sentinels : {};
  }
  function setUpTable(box) {
    var table = box.querySelector("table");
    var input = box.querySelector("input[type=search]");
    var licence = box.querySelector("select[data-filter=license]");
    var language = box.querySelector("select[data-filter=language]");
    var count = box.querySelector(".hfguide-count");
    var showAll = box.querySelector("input[data-role=show-all]");
    var firstRows = parseInt(box.dataset.firstRows, 10);
    if (!table || table.dataset.hfguideReady) return;
    table.dataset.hfguideReady = "1";
    // Counts and dates sort largest or newest first on the first click (unknown values, -1 or
    // empty, come last). Tablesort turns a column marked ascending to descending, so such a
    // column is marked just before Tablesort sees its first click.
    table.tHead.addEventListener("click", function (event) {
      var th = event.target.closest("th");
      if (th && th.dataset.sortFirst === "descending" && !th.hasAttribute("aria-sort")) {
        th.setAttribute("aria-sort", "ascending");
      }
    }, true);
    if (window.Tablesort) new Tablesort(table);
    // Headers sort on click; make them reachable and usable from the keyboard too.
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.tabIndex = 0;
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          th.click();
        }
      });
    });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var permissive = sentinels().permissive;
    function licenceMatches(row) {
      var wanted = licence ? licence.value : "";
      if (!wanted) return true;
      if (wanted === permissive) return row.dataset.permissive === "1";
      return row.dataset.license === wanted;
    }
    // Each row's languages (a JSON list, as the page shows them), read once.
    var languagesOf = new Map(rows.map(function (row) {
      return [row, row.dataset.languages ? JSON.parse(row.dataset.languages) : []];
    }));
    function languageMatches(row) {
      var wanted = language ? language.value : "";
      return !wanted || languagesOf.get(row).indexOf(wanted) !== -1;
    }
    // "Show all" reveals the rows past the first ones; a filter always shows every match.
    function markFirstRows() {
      if (!(firstRows > 0)) return;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
        row.classList.toggle("hfguide-more", i >= firstRows);
      });
    }
    function applyFilter() {
      var words = (input ? input.value : "").toLowerCase().split(/\s+/).filter(Boolean);
      var filtering = words.length > 0 || !!(licence && licence.value) ||
        !!(language && language.value);
      var everyRow = filtering || !showAll || showAll.checked;
      var shown = 0;
      box.classList.toggle("is-filtering", filtering);
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase() + " " + (row.getAttribute("title") || "");
        var match = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
          licenceMatches(row) && languageMatches(row);
        row.hidden = !match;
        if (match && (everyRow || !row.classList.contains("hfguide-more"))) shown += 1;
      });
      if (count) count.textContent = shown + " of " + rows.length + " shown";
    }
    if (input) input.addEventListener("input", applyFilter);
    [licence, language, showAll].forEach(function (control) {
      if (control) control.addEventListener("change", applyFilter);
    });
    // Hiding the long rows shortens the page above the box: bring the box back into view.
    if (showAll) showAll.addEventListener("change", function () {
      if (!showAll.checked) showAll.scrollIntoView({ block: "nearest" });
    });
    // After a sort the first rows are the new top ones.
    table.addEventListener("afterSort", function () { markFirstRows(); applyFilter(); });
    applyFilter();
  }
  // Tables of the tabs not shown at first wait in <template>s: they go into the page as soon as
  // the reader reaches for the tab set (pointer down or focus come before the tab switches).
  function materialize(template) {
    if (!template.parentNode) return;
    var content = template.content.cloneNode(true);
    var boxes = content.querySelectorAll(".hfguide-table");
    template.replaceWith(content);
    boxes.forEach(setUpTable);
  }
  function deferTables() {
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      var templates = set.querySelectorAll("template.hfguide-deferred");
      if (!templates.length || set.dataset.hfguideDeferred) return;
      set.dataset.hfguideDeferred = "1";
      var all = function () { templates.forEach(materialize); };
      set.addEventListener("change", all, { once: true });
      set.addEventListener("pointerdown", all, { once: true });
      set.addEventListener("focusin", all, { once: true });
    });
  }
  function setUpAll() {
    document.querySelectorAll(".hfguide-table").forEach(setUpTable);
    deferTables();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUpAll);
  } else {
    document.addEventListener("DOMContentLoaded", setUpAll);
  }
})();
