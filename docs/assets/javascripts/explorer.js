// The leaderboard explorer: filters kept in the URL, a grid that draws only the rows in view
// (grid.js), a canvas plot of score against size with its Pareto frontier (plot.js), the memory
// calculator's column and "best model that fits". An interaction updates the rows in view, the
// count and the plot in the same task, so the next frame shows all of them: the filters compare
// coded columns into a typed-array mask, each sort order is computed once, and only the rows in
// view are drawn.
// Loaded by the pages that have #lb-explorer; the grid and plot code load only when the reader
// starts exploring (or the plot comes near the screen).
(function () {
  "use strict";
  var scriptUrl = document.currentScript ? document.currentScript.src : location.href;
  // Filters, defaults, columns, terms, sentinels and limits come from the page's JSON spec,
  // written by hfguide.pages.spec: this file defines none of them.
  var SPEC, NO_LICENCE, DEFAULTS, OPTIONAL_COLUMNS, DEFAULT_OPTIONAL;
  function useSpec() {
    SPEC = JSON.parse(document.getElementById("hfguide-spec").textContent);
    NO_LICENCE = SPEC.sentinels.notStated;
    DEFAULTS = SPEC.explorer.defaults;
    OPTIONAL_COLUMNS = SPEC.explorer.optionalColumns;
    DEFAULT_OPTIONAL = SPEC.explorer.defaultOptional;
  }
  var ROW_HEIGHT = 30;  // px: the grid positions rows by arithmetic, never by measuring them
  var GRID_HEIGHT = 520;

  function sibling(name) { return new URL(name, scriptUrl).href; }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (document.querySelector('script[src="' + src + '"]')) return resolve();
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function hubUrl(id) {
    return "https://huggingface.co/" + String(id).split("/").map(encodeURIComponent).join("/");
  }

  function fmt(value, digits) {
    if (typeof value !== "number" || !isFinite(value)) return "—";
    // A value that would read as zero (a 3-million-parameter model in billions) keeps two
    // significant digits: the rule of hfguide.pages.formats.fixed.
    return value !== 0 && Math.abs(value) < 0.5 * Math.pow(10, -digits) ? value.toPrecision(2) : value.toFixed(digits);
  }

  function grouped(n) { return window.hfguideMemory.grouped(n); }  // memory.js, loaded first

  // Text that did not change is left alone: a text node replaced costs a layout and a paint.
  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  // A grid cell's text: its one text node changes in place, so no node leaves or joins the page
  // (each would need its style computed and the page's layout redone around it).
  function cellText(el, text) {
    var node = el.firstChild;
    if (node && node.nodeType === 3 && node === el.lastChild) {
      if (node.data !== text) node.data = text;
    } else {
      el.textContent = text;
    }
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = {};
    Object.keys(DEFAULTS).forEach(function (k) { state[k] = params.has(k) ? params.get(k) : DEFAULTS[k]; });
    return state;
  }

  function writeStateNow(state) {
    var params = new URLSearchParams();
    Object.keys(DEFAULTS).forEach(function (k) {
      if (state[k] !== DEFAULTS[k]) params.set(k, state[k]);
    });
    var query = params.toString();
    if (query === location.search.slice(1)) return;  // browsers throttle address changes
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  // Runs work nobody waits for just after the next frame, so the frame that shows an
  // interaction is not held up by it.
  function afterFrame(callback) {
    requestAnimationFrame(function () { setTimeout(callback, 0); });
  }

  // The address follows the state just after the frame that shows a change, and at once when
  // the page is hidden or left. Replacing it costs the page and the browser several
  // milliseconds, so during a burst of changes (a word typed in the search box) it is written
  // at most every ADDRESS_INTERVAL_MS, and its cost does not compete with every frame of the
  // burst. Its listeners stay: adding and removing them took a third of a millisecond of each
  // interaction.
  var ADDRESS_INTERVAL_MS = 400;
  var unwritten = null, addressPlanned = false, lastWritten = -Infinity;
  function writeState(state) {
    unwritten = { state: state, path: location.pathname };
    if (addressPlanned) return;
    addressPlanned = true;
    var wait = lastWritten + ADDRESS_INTERVAL_MS - performance.now();
    if (wait > 0) setTimeout(flushState, wait);
    else afterFrame(flushState);
  }
  function flushState() {
    addressPlanned = false;
    // Not once another page owns the address (a theme that navigates without reloading).
    if (unwritten && unwritten.path === location.pathname) {
      writeStateNow(unwritten.state);
      lastWritten = performance.now();
    }
    unwritten = null;
  }
  addEventListener("pagehide", flushState);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushState();
  });

  // The filters that compare one field with the value chosen (the state's key, the row's
  // value). Each such field is coded once as small whole numbers, one per distinct value, so a
  // filter compares numbers rather than reading every row's strings.
  var CODED_FILTERS = [
    { key: "type", value: function (row) { return row.type; } },
    { key: "precision", value: function (row) { return row.precision; } },
    { key: "size", value: function (row) { return row.bucket; } },
    { key: "license", value: function (row) { return row.license || NO_LICENCE; } }
  ];

  function codeFilters(rows) {
    var codes = {}, flags = {};
    CODED_FILTERS.forEach(function (filter) {
      var values = new Map(), column = new Int32Array(rows.length);
      rows.forEach(function (row, i) {
        var value = filter.value(row);
        if (!values.has(value)) values.set(value, values.size);
        column[i] = values.get(value);
      });
      codes[filter.key] = { values: values, column: column };
    });
    SPEC.explorer.triState.forEach(function (key) {
      flags[key] = Uint8Array.from(rows, function (row) { return row[key] ? 1 : 0; });
    });
    return { codes: codes, flags: flags };
  }

  function hasWords(row, words) {
    var text = row._text || (row._text = searchText(row));
    for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) === -1) return 0;
    return 1;
  }

  // Fills the index's mask with the rows the state's filters let through; their number.
  function filterRows(index, rows, state) {
    var tests = [];  // a coded column and the code it must hold, for each filter that is set
    CODED_FILTERS.forEach(function (filter) {
      if (!state[filter.key]) return;
      var coded = index.filters.codes[filter.key], code = coded.values.get(state[filter.key]);
      tests.push({ column: coded.column, wanted: code === undefined ? -1 : code });
    });
    // Yes/no filters that are set; "any" lets every row through.
    SPEC.explorer.triState.forEach(function (key) {
      if (state[key] !== "") tests.push({ column: index.filters.flags[key], wanted: state[key] === "yes" ? 1 : 0 });
    });
    var words = state.search.toLowerCase().split(/\s+/).filter(Boolean);
    var mask = index.mask, count = 0;
    for (var i = 0; i < index.n; i++) {
      var keep = 1;
      for (var t = 0; t < tests.length && keep; t++) if (tests[t].column[i] !== tests[t].wanted) keep = 0;
      if (keep && words.length) keep = hasWords(rows[i], words);
      mask[i] = keep;
      count += keep;
    }
    return count;
  }

  function searchText(row) {
    return SPEC.explorer.searchFields.map(function (f) { return row[f]; }).join(" ").toLowerCase();
  }

  function doubtText(row) { return (row.implausible || []).join("; "); }

  var dataPromise = null;
  function loadData(root) {
    // The rows, fetched once for the grid, the calculator and the best-fit list alike.
    if (!dataPromise) {
      dataPromise = fetch(new URL(root.dataset.src, location.href)).then(function (r) {
        if (!r.ok) throw new Error("the leaderboard data did not load (HTTP " + r.status + ")");
        return r.json();
      }).then(function (data) {
        return data.rows.map(function (values, i) {
          var row = { _i: i };
          data.columns.forEach(function (c, j) { row[c] = values[j]; });
          row._text = searchText(row);
          return row;
        });
      });
    }
    return dataPromise;
  }

  function pageMemory() {
    return { constants: SPEC.explorer, memory: window.hfguideMemory(SPEC.memory) };
  }

  function addLaterOptions() {
    // Long option lists wait in a <template> after their <select> (see later_options).
    document.querySelectorAll("template.lb-later-options").forEach(function (template) {
      var select = template.previousElementSibling;
      if (select && select.tagName === "SELECT") select.appendChild(template.content);
      template.remove();
    });
  }

  // Sorting. Missing values come last in either direction; ties keep the data's order (best
  // average first), as the Python side's stable sorts do.
  // Made on first use, not as the page loads: a page's first Intl object loads ICU's locale data.
  var collator = null;
  function isMissing(v) { return v === null || v === undefined || v === "" || (typeof v === "number" && !isFinite(v)); }
  function compareValues(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (typeof a === "boolean" || typeof b === "boolean") return Number(Boolean(a)) - Number(Boolean(b));
    if (!collator) collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });
    return collator.compare(String(a), String(b));
  }
  function sortOrder(rows, field, dir) {
    var sign = dir === "asc" ? 1 : -1, present = [], missing = [];
    rows.forEach(function (row, i) { (isMissing(row[field]) ? missing : present).push(i); });
    present.sort(function (a, b) { return sign * compareValues(rows[a][field], rows[b][field]) || a - b; });
    return Int32Array.from(present.concat(missing));
  }

  // What every interaction reads, computed once: sizes and scores as typed arrays, which rows
  // can be plotted or are doubted, the rows by size for the frontier, and the sort orders (each
  // on first use; all of them while the page is idle).
  function makeIndex(rows) {
    var n = rows.length;
    var xs = new Float64Array(n), ys = new Float64Array(n);
    var plottable = new Uint8Array(n), doubted = new Uint8Array(n), doubtedRows = [];
    rows.forEach(function (row, i) {
      xs[i] = row.params;
      ys[i] = row.average;
      plottable[i] = row.params > 0 && typeof row.average === "number" && isFinite(row.average) ? 1 : 0;
      doubted[i] = row.implausible ? 1 : 0;
      if (row.implausible) doubtedRows.push(i);
    });
    var bySize = [];
    for (var i = 0; i < n; i++) if (plottable[i]) bySize.push(i);
    bySize.sort(function (a, b) { return xs[a] - xs[b] || ys[b] - ys[a] || a - b; });
    var orders = {};
    function orderFor(field, dir) {
      var key = field + " " + dir;
      if (!orders[key]) orders[key] = sortOrder(rows, field, dir);
      return orders[key];
    }
    return {
      n: n, xs: xs, ys: ys, plottable: plottable, doubted: doubted, doubtedRows: doubtedRows,
      bySize: Int32Array.from(bySize), orderFor: orderFor, mask: new Uint8Array(n),
      filters: codeFilters(rows)
    };
  }

  // The rows the state's filters let through (in the index's mask), as indexes in the state's
  // sort order.
  function select(index, rows, state) {
    var count = filterRows(index, rows, state), mask = index.mask;
    var order = index.orderFor(state.sort, state.dir), shown = new Int32Array(count), k = 0;
    for (var j = 0; j < order.length; j++) if (mask[order[j]]) shown[k++] = order[j];
    return shown;
  }

  // The plot's series for the masked rows. Implausible rows are drawn apart and stay out of the
  // frontier unless the reader includes them; the frontier is every row, by size, that beats
  // the best score of all smaller ones.
  function plotSeries(index, include) {
    var mask = index.mask, points = [], doubted = [], frontier = [], matching = 0, unplotted = 0;
    for (var i = 0; i < index.n; i++) {
      if (!mask[i]) continue;
      matching += 1;
      if (!index.plottable[i]) unplotted += 1;
      else (index.doubted[i] && !include ? doubted : points).push(i);
    }
    var best = -Infinity;
    for (var k = 0; k < index.bySize.length; k++) {
      var r = index.bySize[k];
      if (mask[r] && (include || !index.doubted[r]) && index.ys[r] > best) {
        frontier.push(r);
        best = index.ys[r];
      }
    }
    return {
      points: Int32Array.from(points), doubted: Int32Array.from(doubted), frontier: Int32Array.from(frontier),
      matching: matching, unplotted: unplotted
    };
  }

  function whenIdle(callback) {
    (window.requestIdleCallback || function (f) { setTimeout(f, 200); })(callback, { timeout: 2000 });
  }

  var gridPromise = null;
  function start(root) {
    // The interactive grid replaces the static first view; returns a promise of its controls.
    addLaterOptions();
    if (gridPromise) return gridPromise;
    var count = root.querySelector("[data-role=count]");
    var page = pageMemory();
    count.textContent = "Loading all models…";
    gridPromise = Promise.all([loadData(root), loadScript(sibling("grid.js"))])
      .then(function (results) {
        return build(root, results[0], page.constants, page.memory);
      });
    gridPromise.catch(function (error) {
      count.textContent = "The explorer could not start: " + error.message;
    });
    return gridPromise;
  }

  // How each kind of column shows a cell (hfguide.pages.spec.EXPLORER_COLUMNS). Every value is
  // set as text, never as HTML: the data quotes model ids and names from the Hub.
  function cellWriter(c, typeLabels) {
    if (c.kind === "number") return function (row, el) { cellText(el, fmt(row[c.field], c.digits)); };
    if (c.kind === "flag") return function (row, el) { cellText(el, row[c.field] ? "yes" : "no"); };
    if (c.kind === "label") {
      return function (row, el) { cellText(el, typeLabels[row[c.field]] || row[c.field] || ""); };
    }
    if (c.kind === "model") return modelCell;
    if (c.kind === "doubt") {
      return function (row, el) {
        var text = doubtText(row);
        if (el.title !== text) el.title = text;
        cellText(el, text ? "⚠ " + text : "");
      };
    }
    return function (row, el) {
      var value = row[c.field];
      cellText(el, value === null || value === undefined ? "" : String(value));
    };
  }

  function modelCell(row, el) {
    var a = el.lastChild && el.lastChild.tagName === "A" ? el.lastChild : document.createElement("a");
    var href = row._url || (row._url = hubUrl(row.id));
    if (a.getAttribute("href") !== href) a.href = href;
    cellText(a, row.id);
    if (!a.hasAttribute("tabindex")) a.tabIndex = -1;  // the grid has one tab stop; arrows reach links
    if (!row.implausible) {
      if (el.firstChild !== a || el.childNodes.length !== 1) el.replaceChildren(a);
      return;
    }
    // The mark says why in its tooltip; the "Why implausible" column and the list under the
    // grid show the same words as text, for keyboard and touch.
    var mark = document.createElement("span");
    mark.className = "lb-doubt";
    mark.textContent = "⚠ implausible";
    mark.title = doubtText(row);
    el.replaceChildren(mark, document.createTextNode(" "), a);
  }

  function gridColumns(constants) {
    return constants.columns.map(function (c) {
      var term = c.term ? constants.terms[c.term] : null;
      return {
        field: c.field, title: c.title, width: c.width, align: c.kind === "number" ? "right" : "",
        sortable: c.kind !== "doubt", firstDir: c.kind === "number" ? "desc" : "asc",
        note: term ? { text: term.text, id: term.id } : null, cell: cellWriter(c, constants.typeLabels)
      };
    });
  }

  function build(root, rows, constants, memory) {
    var shared = location.search.length > 1;
    var state = readState();
    var controls = root.querySelectorAll("[data-filter]");
    var columns = gridColumns(constants);
    var sortable = {};
    columns.forEach(function (c) { if (c.sortable) sortable[c.field] = c; });
    function controlValue(el) { return el.type === "checkbox" ? (el.checked ? el.value : "") : el.value; }
    function setControl(el, value) {
      if (el.type === "checkbox") el.checked = value === el.value;
      else el.value = value;
    }
    if (!shared) {
      controls.forEach(function (el) { state[el.dataset.filter] = controlValue(el); });
    }
    controls.forEach(function (el) {
      var key = el.dataset.filter, value = state[key];
      // A column sorted from its header has no entry in the "Sort by" list, yet is shareable.
      var known = key === "sort" ? value in sortable
        : el.tagName === "SELECT" ? Array.prototype.some.call(el.options, function (o) { return o.value === value; })
          : el.type !== "checkbox" || value === "" || value === el.value;
      if (!known) {
        value = DEFAULTS[key];
        state[key] = value;
      }
      setControl(el, value);
    });
    var visible = state.cols ? state.cols.split(",") : DEFAULT_OPTIONAL.slice();
    var count = root.querySelector("[data-role=count]");
    var plotStatus = document.querySelector("[data-role=plot-status]");
    var index = makeIndex(rows);
    var current = new Int32Array(0);
    var plot = null;
    var series = null;

    var grid = window.hfguideGrid.create(root.querySelector("[data-role=table]"), {
      label: "Leaderboard results", empty: "No model matches these filters.", rowKey: "id",
      rowHeight: ROW_HEIGHT, height: GRID_HEIGHT, columns: columns, onSort: sortFromHeader
    });
    OPTIONAL_COLUMNS.forEach(function (c) { grid.setHidden(c[0], visible.indexOf(c[0]) === -1); });

    function showCount() {
      setText(count, grouped(current.length) + " of " + grouped(rows.length) + " models match.");
    }

    function plotText(s) {
      var drawn = s.points.length + s.doubted.length;
      return grouped(drawn) + " of " + grouped(s.matching) + " matching models plotted" +
        (s.unplotted ? " (" + grouped(s.unplotted) + " have no size or score)" : "") +
        "; " + grouped(s.frontier.length) + " on the frontier" +
        (s.doubted.length ? " (" + grouped(s.doubted.length) + " plotted implausible rows left out of it)." : ".");
    }

    function drawPlot() {
      if (!plot) return;
      series = plotSeries(index, state.implausible === constants.includeImplausible);
      plot.draw(series);
      setText(plotStatus, plotText(series));
      root.dataset.plotted = String(Number(root.dataset.plotted || 0) + 1);
    }

    // Every implausible row the filters let through, with its reasons, as plain text. The
    // count in the summary follows each interaction at once; the list itself, unseen while
    // its box is closed, is rebuilt just after the frame that shows the interaction.
    var doubts = root.querySelector("[data-role=doubts]");
    var doubtList = root.querySelector("[data-role=doubt-list]");
    var doubtsKey = null, doubtsDue = false;
    function matchingDoubts() { return index.doubtedRows.filter(function (i) { return index.mask[i]; }); }
    function updateDoubts() {
      setText(doubts.querySelector("summary"),
        "Rows marked ⚠ implausible, and why (" + matchingDoubts().length + " match the filters)");
      if (doubts.open) {
        fillDoubtList();
      } else if (!doubtsDue) {
        doubtsDue = true;
        afterFrame(fillDoubtList);
      }
    }
    function fillDoubtList() {
      doubtsDue = false;
      var matching = matchingDoubts();
      var key = matching.join(",");
      if (key === doubtsKey) return;
      doubtsKey = key;
      doubtList.replaceChildren.apply(doubtList, matching.map(function (i) {
        var r = rows[i];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = hubUrl(r.id);
        a.textContent = r.id;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" (" + (r.precision || "?") + "): " + doubtText(r) + "."));
        li.dataset.id = r.id;
        return li;
      }));
    }
    doubts.addEventListener("toggle", function () { if (doubts.open) fillDoubtList(); });

    // One interaction: the rows in view, the counts and (for a filter) the plot, all in this
    // task, so the next frame shows them together. The plot comes first: writing text
    // on a canvas makes the browser bring the page's styles up to date, which costs least
    // before anything else has changed.
    function refresh(filtered) {
      current = select(index, rows, state);
      if (filtered) drawPlot();
      grid.show(rows, current, current.length);
      showCount();
      if (filtered) updateDoubts();
      writeState(state);
    }

    function sortBy(field, dir) {
      state.sort = field;
      state.dir = dir;
      var select = root.querySelector("[data-filter=sort]");
      // A header sorts by any column: the list gains the column rather than showing nothing.
      if (!Array.prototype.some.call(select.options, function (o) { return o.value === field; })) {
        var option = document.createElement("option");
        option.value = field;
        option.textContent = sortable[field] && sortable[field].title ? sortable[field].title : field;
        select.appendChild(option);
      }
      select.value = field;
      root.querySelector("[data-filter=dir]").value = dir;
      grid.setSort(field, dir);
      refresh(false);
    }

    function sortFromHeader(field) {
      var dir = field === state.sort ? (state.dir === "desc" ? "asc" : "desc") : sortable[field].firstDir;
      sortBy(field, dir);
    }

    controls.forEach(function (el) {
      el.addEventListener(el.tagName === "INPUT" && el.type !== "checkbox" ? "input" : "change", function () {
        var key = el.dataset.filter;
        state[key] = controlValue(el);
        if (key === "sort" || key === "dir") sortBy(state.sort, state.dir);
        else refresh(true);
      });
    });

    var chooser = root.querySelector("[data-role=column-chooser]");
    function colsState() {
      return visible.slice().sort().join(",") === DEFAULT_OPTIONAL.slice().sort().join(",") ? "" : visible.join(",");
    }
    OPTIONAL_COLUMNS.forEach(function (c) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = c[0];
      box.checked = visible.indexOf(c[0]) !== -1;
      box.addEventListener("change", function () {
        visible = visible.filter(function (v) { return v !== c[0]; });
        if (box.checked) visible.push(c[0]);
        grid.setHidden(c[0], !box.checked);
        state.cols = colsState();
        showCount();
        writeState(state);
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + c[1]));
      chooser.appendChild(label);
    });

    root.querySelector("[data-action=reset]").addEventListener("click", function () {
      Object.keys(DEFAULTS).forEach(function (k) { state[k] = DEFAULTS[k]; });
      controls.forEach(function (el) { setControl(el, state[el.dataset.filter]); });
      visible = DEFAULT_OPTIONAL.slice();
      chooser.querySelectorAll("input").forEach(function (box) {
        box.checked = visible.indexOf(box.value) !== -1;
        grid.setHidden(box.value, !box.checked);
      });
      grid.setSort(state.sort, state.dir);
      refresh(true);
    });

    function pointText(row) {
      var r = rows[row];
      return r.id + ": " + fmt(r.params, 2) + " B parameters, average " + fmt(r.average, 2) + " of 100";
    }

    function onPlotPoint(kind, position, row, byKeyboard) {
      plotStatus.textContent = byKeyboard
        ? "Frontier " + (position + 1) + " of " + series.frontier.length + ": " + rows[row].id + ", " +
          fmt(rows[row].params, 2) + " B parameters, average " + fmt(rows[row].average, 2) + " of 100"
        : pointText(row);
    }

    var plotBox = document.querySelector(".lb-plot-area");
    function showPlot() {
      if (plot) return Promise.resolve(plot);
      plotStatus.textContent = "Drawing the plot…";
      return loadScript(sibling("plot.js")).then(function () {
        if (!plot) {
          plot = window.hfguidePlot.create(plotBox, document.getElementById("lb-plot"), {
            xs: index.xs, ys: index.ys, label: pointText, onActive: onPlotPoint
          });
          api.plot = plot;
          drawPlot();
        }
        return plot;
      }, function (error) { plotStatus.textContent = "The plot could not load: " + error.message; });
    }
    document.querySelectorAll("[data-series]").forEach(function (box) {
      box.addEventListener("change", function () { if (plot) plot.setVisible(box.dataset.series, box.checked); });
    });

    grid.setSort(state.sort, state.dir);
    refresh(true);
    root.dataset.ready = "1";
    // The other sort orders, while nobody waits: a header click then costs no sort.
    var pendingOrders = [];
    columns.forEach(function (c) {
      if (c.sortable) ["desc", "asc"].forEach(function (dir) { pendingOrders.push([c.field, dir]); });
    });
    whenIdle(function prepare(deadline) {
      do {
        index.orderFor.apply(null, pendingOrders.shift());
      } while (pendingOrders.length && deadline && deadline.timeRemaining() > 5);
      if (pendingOrders.length) whenIdle(prepare);
    });

    var api = {
      rows: rows, state: state, memory: memory, grid: grid, plot: null, showPlot: showPlot,
      // The rows the grid shows, in its order.
      shownRows: function () { return Array.prototype.map.call(current, function (i) { return rows[i]; }); },
      filteredRows: function () { return rows.filter(function (r, i) { return index.mask[i]; }); },
      // What the plot drew: how many dots and crosses, and the frontier's models in order of size.
      plotted: function () {
        if (!plot) return null;
        var drawn = plot.drawn();
        return {
          points: drawn.points, doubted: drawn.doubted,
          frontier: Array.prototype.map.call(plot.series().frontier, function (i) { return rows[i].id; })
        };
      },
      // Where the plot drew a point of a series ("point", "frontier" or "doubted"), in CSS px.
      plotPoint: function (kind, position) {
        var p = plot.screenPoint(kind, position);
        return { x: p.x, y: p.y, id: rows[p.row].id };
      }
    };
    window.hfguideExplorer = api;
    // calculator.js adds its memory column to the grid once the grid is there.
    document.dispatchEvent(new CustomEvent("hfguide:explorer-ready", { detail: api }));
    return api;
  }

  // "Best model that fits": the one query (query.js) over the finder's candidates, the rows the
  // leaderboard scored, planned at the form's context as the calculator and the finder plan.
  var candidatesPromise = null;
  function loadCandidates(form) {
    function get(url) {
      return fetch(new URL(url, location.href)).then(function (r) {
        if (!r.ok) throw new Error(url + " did not load (HTTP " + r.status + ")");
        return r.json();
      });
    }
    if (!candidatesPromise) candidatesPromise = Promise.all([get(form.dataset.src), get(form.dataset.shapes)]);
    return candidatesPromise;
  }
  // A term shown by script gets the same tooltip and described-by line as the page's own.
  function explain(el, term) {
    el.title = term.name + ": " + term.text + ".";
    el.setAttribute("aria-describedby", term.id);
  }

  function setUpBestFit(memory) {
    var form = document.getElementById("lb-fit");
    if (!form) return;
    var query = window.hfguideQuery(SPEC.query, memory);
    loadCandidates(form).then(function (loaded) {
      var rows = query.rowsOf(loaded[0]);
      var byId = {};
      rows.forEach(function (r) { byId[r.id] = r; });
      var shapes = loaded[1].shapes;
      function update() {
        var out = form.elements.result;
        out.textContent = "";
        var budget = parseFloat(form.elements.budget.value);
        if (!(budget > 0)) {
          out.textContent = "Enter the GPU memory as a positive number of GB.";
          return;
        }
        var context;
        try {
          context = memory.parseContext(form.elements.context.value || "4k");
        } catch (error) {
          out.textContent = error.message.charAt(0).toUpperCase() + error.message.slice(1) + ".";
          return;
        }
        var licence = form.elements.license.value;
        var answer = query.shortlist(rows, {
          task: "text-generation", scored: true,
          licence: licence === SPEC.sentinels.permissive ? SPEC.query.permissive : licence,
          modelType: form.elements.type.value, merges: !form.elements.no_merges.checked,
          includeFlagged: form.elements.include_left_out.checked, budget: budget * 1e9,
          precision: form.elements.precision.value || null, context: context, sort: "score",
          pageSize: SPEC.explorer.bestFitLimit
        }, shapes);
        var note = document.createElement("p");
        note.dataset.role = "left-out";
        explain(note, SPEC.explorer.terms.flagged);
        note.textContent = answer.flaggedOut
          ? answer.flaggedOut + " more rows would fit but are left out as flagged or implausible; tick the box above to include them."
          : "";
        if (!answer.shown.length) {
          out.textContent = "No leaderboard model fits these conditions.";
          answer.relaxations.forEach(function (change) {
            var p = document.createElement("p");
            p.dataset.field = change.field;
            p.textContent = change.field === "budget" ? "The smallest would fit in " + change.value + " GB."
              : change.field === "context" ? change.count + " would fit at " + grouped(change.value) + " tokens."
                : change.field === "precision" ? change.count + " would fit in " + change.value + "."
                  : "";
            if (p.textContent) out.appendChild(p);
          });
          if (answer.flaggedOut) out.appendChild(note);
          return;
        }
        var list = document.createElement("ol");
        answer.shown.forEach(function (item) {
          var r = byId[item.id];
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = hubUrl(r.id);
          a.textContent = r.id;
          li.appendChild(a);
          li.appendChild(document.createTextNode(
            " — " + fmt(r.params / 1e9, 2) + " B, " + item.plan.precision + ", average " + fmt(r.score, 2) + " of 100" +
            ", needs about " + fmt(item.plan.total / 1e9, 1) + " GB at " + grouped(context) + " tokens" +
            (item.verdict === "known" ? " (" + item.reason + ")" : "")));
          if (r.flagged.length) {
            var mark = document.createElement("span");
            mark.className = "lb-doubt";
            mark.textContent = " ⚠ flagged: " + r.flagged.join("; ");
            li.appendChild(mark);
          }
          li.dataset.id = r.id;
          list.appendChild(li);
        });
        out.appendChild(list);
        if (answer.flaggedOut) out.appendChild(note);
      }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      update();
      form.dataset.ready = "1";
    }, function (error) {
      form.elements.result.textContent = "The list could not load: " + error.message;
    });
  }

  function whenNear(element, margin, callback) {
    new IntersectionObserver(function (entries, observer) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      observer.disconnect();
      callback();
    }, { rootMargin: margin }).observe(element);
  }

  function setUpAll() {
    var root = document.getElementById("lb-explorer");
    if (!root || root.dataset.bound) return;
    root.dataset.bound = "1";
    useSpec();
    // The forms are worked by these scripts; Enter in a field must not reload the page.
    document.querySelectorAll("#lb-explorer form, form.lb-calc").forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    dataPromise = null;
    gridPromise = null;
    // A shared view (filters in the address) starts at once; otherwise the static top models
    // stay until the reader first reaches for a control, so opening the page stays light.
    if (location.search.length > 1) start(root);
    ["focusin", "pointerdown", "input", "change"].forEach(function (type) {
      root.addEventListener(type, function () { start(root); }, { once: true });
    });
    document.querySelectorAll(".lb-calc").forEach(function (form) {
      form.addEventListener("focusin", addLaterOptions, { once: true });
      form.addEventListener("pointerdown", addLaterOptions, { once: true });
    });
    // Otherwise the lists are completed once the page has settled.
    whenIdle(addLaterOptions);
    whenNear(document.getElementById("lb-plot"), "300px", function () {
      start(root).then(function (api) { api.showPlot(); });
    });
    var page = pageMemory();
    var fit = document.getElementById("lb-fit");
    if (fit) whenNear(fit, "300px", function () { setUpBestFit(page.memory); });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUpAll);
  else document.addEventListener("DOMContentLoaded", setUpAll);
  // The rules the Python side keeps too, for the shared golden cases (tests/cases/).
  window.hfguideExplorerRules = {
    fmt: fmt,
    // The rows a filter state lets through, in the data's order, as the grid finds them.
    matching: function (rows, state) {
      if (!SPEC) useSpec();
      var index = makeIndex(rows);
      filterRows(index, rows, Object.assign({}, DEFAULTS, state));
      return rows.filter(function (row, i) { return index.mask[i] === 1; });
    }
  };
})();
