// The leaderboard explorer: filters kept in the URL, a Tabulator grid, a Chart.js plot of score
// against size with its Pareto frontier, the memory calculator and "best model that fits".
// Loaded by the pages that have #lb-explorer; the grid and chart code load only when the reader
// starts exploring (or the plot comes near the screen).
(function () {
  "use strict";
  var scriptUrl = document.currentScript ? document.currentScript.src : location.href;
  // Filters, defaults, columns, sentinels and limits come from the page's JSON spec, written by
  // hfguide.pages.spec: this file defines none of them.
  var SPEC, NO_LICENCE, DEFAULTS, OPTIONAL_COLUMNS, DEFAULT_OPTIONAL;
  function useSpec() {
    SPEC = JSON.parse(document.getElementById("hfguide-spec").textContent);
    NO_LICENCE = SPEC.sentinels.notStated;
    DEFAULTS = SPEC.explorer.defaults;
    OPTIONAL_COLUMNS = SPEC.explorer.optionalColumns;
    DEFAULT_OPTIONAL = SPEC.explorer.defaultOptional;
  }

  function asset(path) { return new URL("../vendor/" + path, scriptUrl).href; }

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

  function loadCss(href) {
    if (document.querySelector('link[href="' + href + '"]')) return;
    var l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = href;
    document.head.appendChild(l);
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

  function readState() {
    var params = new URLSearchParams(location.search);
    var state = {};
    Object.keys(DEFAULTS).forEach(function (k) { state[k] = params.has(k) ? params.get(k) : DEFAULTS[k]; });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    Object.keys(DEFAULTS).forEach(function (k) {
      if (state[k] !== DEFAULTS[k]) params.set(k, state[k]);
    });
    var query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function predicate(state) {
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    function tri(value, flag) { return value === "" || (value === "yes") === Boolean(flag); }
    return function (row) {
      if (state.type && row.type !== state.type) return false;
      if (state.precision && row.precision !== state.precision) return false;
      if (state.size && row.bucket !== state.size) return false;
      if (state.license && (row.license || NO_LICENCE) !== state.license) return false;
      if (!SPEC.explorer.triState.every(function (k) { return tri(state[k], row[k]); })) return false;
      if (words.length) {
        var text = row._text || (row._text = searchText(row));
        for (var i = 0; i < words.length; i++) if (text.indexOf(words[i]) === -1) return false;
      }
      return true;
    };
  }

  function searchText(row) {
    return SPEC.explorer.searchFields.map(function (f) { return row[f]; }).join(" ").toLowerCase();
  }

  function paretoFrontier(points) {
    var sorted = points.slice().sort(function (a, b) { return a.x - b.x || b.y - a.y; });
    var best = -Infinity, frontier = [];
    sorted.forEach(function (p) { if (p.y > best) { frontier.push(p); best = p.y; } });
    return frontier;
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

  var gridPromise = null;
  function start(root) {
    // The interactive grid replaces the static first view; returns a promise of its controls.
    addLaterOptions();
    if (gridPromise) return gridPromise;
    var count = root.querySelector("[data-role=count]");
    var page = pageMemory();
    count.textContent = "Loading all models…";
    loadCss(asset("tabulator/tabulator_simple.min.css"));
    gridPromise = Promise.all([loadData(root), loadScript(asset("tabulator/tabulator.min.js"))])
      .then(function (results) {
        return build(root, results[0], page.constants, page.memory);
      });
    gridPromise.catch(function (error) {
      count.textContent = "The explorer could not start: " + error.message;
    });
    return gridPromise;
  }

  function build(root, rows, constants, memory) {
    var shared = location.search.length > 1;
    var state = readState();
    var controls = root.querySelectorAll("[data-filter]");
    function controlValue(el) { return el.type === "checkbox" ? (el.checked ? el.value : "") : el.value; }
    function setControl(el, value) {
      if (el.type === "checkbox") el.checked = value === el.value;
      else el.value = value;
    }
    if (!shared) {
      controls.forEach(function (el) { state[el.dataset.filter] = controlValue(el); });
    }
    var count = root.querySelector("[data-role=count]");
    var typeLabels = constants.typeLabels;
    controls.forEach(function (el) {
      var value = state[el.dataset.filter];
      var known = el.tagName === "SELECT"
        ? Array.prototype.some.call(el.options, function (o) { return o.value === value; })
        : el.type !== "checkbox" || value === "" || value === el.value;
      if (!known) {
        value = DEFAULTS[el.dataset.filter];
        state[el.dataset.filter] = value;
      }
      setControl(el, value);
    });
    var visible = state.cols ? state.cols.split(",") : DEFAULT_OPTIONAL.slice();

    // Columns as the spec describes them (hfguide.pages.spec.EXPLORER_COLUMNS).
    function gridColumn(c) {
      var column = { field: c.field, title: c.title, width: c.width, frozen: Boolean(c.frozen) };
      if (c.kind === "number") {
        column.hozAlign = "right";
        column.sorter = "number";
        column.headerSortStartingDir = "desc";
        column.formatter = function (cell) { return fmt(cell.getValue(), c.digits); };
      } else if (c.kind === "flag") {
        column.formatter = function (cell) { return cell.getValue() ? "yes" : "no"; };
      } else if (c.kind === "model") {
        column.sorter = "string";
        column.formatter = function (cell) {
          var a = document.createElement("a");
          a.href = hubUrl(cell.getValue());
          a.textContent = cell.getValue();
          var row = cell.getData();
          if (!row.implausible) return a;
          // The mark says why in its tooltip; the "Why implausible" column and the list under
          // the grid show the same words as text, for keyboard and touch.
          var box = document.createElement("span");
          var mark = document.createElement("span");
          mark.className = "lb-doubt";
          mark.textContent = "⚠ implausible";
          mark.title = doubtText(row);
          box.appendChild(mark);
          box.appendChild(document.createTextNode(" "));
          box.appendChild(a);
          return box;
        };
      } else if (c.kind === "doubt") {
        column.headerSort = false;
        column.formatter = function (cell) {
          // The reasons quote model ids from the data: a text node, never HTML.
          var text = doubtText(cell.getData());
          cell.getElement().title = text;
          return document.createTextNode(text ? "⚠ " + text : "");
        };
      } else if (c.kind === "label") {
        // A returned string would be read as HTML; a text node is only ever text.
        column.formatter = function (cell) {
          return document.createTextNode(typeLabels[cell.getValue()] || cell.getValue() || "");
        };
      } else {
        column.formatter = "plaintext";
      }
      if (c.optional) column.visible = visible.indexOf(c.field) !== -1;
      return column;
    }
    var columns = constants.columns.map(gridColumn);

    // The data file comes ordered by Average, best first. The grid starts with the first rows and
    // takes the rest in chunks, one task each, so the page never freezes while it fills.
    var presorted = state.sort === DEFAULTS.sort && state.dir === DEFAULTS.dir;
    var CHUNK = 150;
    var box = root.querySelector("[data-role=table]");
    var gridElement = document.createElement("div");
    gridElement.className = "lb-table";
    gridElement.setAttribute("aria-label", "Leaderboard results");
    var table = new Tabulator(gridElement, {
      data: rows.slice(0, CHUNK), index: "_i", columns: columns, layout: "fitData", height: "520px",
      // Fixed column widths, a fixed row height and a small render buffer spare Tabulator from
      // measuring cells on every filter or sort: measuring cost ~50 ms per interaction.
      renderVertical: "virtual", rowHeight: 30, renderVerticalBuffer: 100,
      placeholder: "No model matches these filters.",
      initialSort: presorted ? [] : [{ column: state.sort, dir: state.dir }]
    });
    var chart = null;
    var frontier = [];
    var plotStatus = document.querySelector("[data-role=plot-status]");

    function filteredRows() { return rows.filter(predicate(state)); }

    function updateCount(n) {
      var loaded = table ? table.getDataCount() : 0;
      count.textContent = loaded < rows.length
        ? "Loading: " + loaded.toLocaleString("en") + " of " + rows.length.toLocaleString("en") + " models read…"
        : n.toLocaleString("en") + " of " + rows.length.toLocaleString("en") + " models match.";
    }

    var plotCanvas = document.getElementById("lb-plot");
    function showPlot() {
      if (chart) return;
      plotStatus.textContent = "Drawing the plot…";
      loadScript(asset("chartjs/chart.umd.min.js")).then(function () {
        if (!chart) chart = makeChart(plotCanvas);
        schedulePlot();
      }, function (error) { plotStatus.textContent = "The plot could not load: " + error.message; });
    }

    function updatePlot(active) {
      // Implausible rows are drawn apart and stay out of the frontier unless the reader includes them.
      var points = [], doubted = [], unplotted = 0;
      var include = state.implausible === SPEC.explorer.includeImplausible;
      active.forEach(function (r) {
        if (!(r.params > 0 && typeof r.average === "number")) { unplotted += 1; return; }
        var p = { x: r.params, y: r.average, id: r.id };
        (r.implausible && !include ? doubted : points).push(p);
      });
      frontier = paretoFrontier(points);
      if (!chart || !root.dataset.ready) return;
      chart.data.datasets[0].data = points;
      chart.data.datasets[1].data = frontier;
      chart.data.datasets[2].data = doubted;
      chart.update("none");
      var n = function (x) { return x.toLocaleString("en-US"); };
      plotStatus.textContent = n(points.length + doubted.length) + " of " + n(active.length) +
        " matching models plotted" + (unplotted ? " (" + n(unplotted) + " have no size or score)" : "") +
        "; " + n(frontier.length) + " on the frontier" +
        (doubted.length ? " (" + n(doubted.length) + " plotted implausible rows left out of it)." : ".");
    }

    var doubtList = root.querySelector("[data-role=doubt-list]");
    function updateDoubts(active) {
      // Every implausible row the filters let through, with its reasons, as plain text.
      var items = active.filter(function (r) { return r.implausible; }).map(function (r) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = hubUrl(r.id);
        a.textContent = r.id;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" (" + (r.precision || "?") + "): " + doubtText(r) + "."));
        li.dataset.id = r.id;
        return li;
      });
      doubtList.replaceChildren.apply(doubtList, items);
      root.querySelector("[data-role=doubts] summary").textContent =
        "Rows marked ⚠ implausible, and why (" + items.length + " match the filters)";
    }

    var plotPending = false;
    function schedulePlot() {
      // The table answers at once and is painted first; the plot follows right after that
      // frame (coalescing keystrokes), so redrawing ~4,000 points never delays the table.
      if (plotPending) return;
      plotPending = true;
      requestAnimationFrame(function () {
        setTimeout(function () {
          plotPending = false;
          updatePlot(filteredRows());
          root.dataset.plotted = String(Number(root.dataset.plotted || 0) + 1);
        }, 0);
      });
    }

    var built = false;
    function apply() {
      writeState(state);
      if (!built) return;  // the filters in the state apply when the grid is built
      table.setFilter(predicate(state));
      updateCount(table.getDataCount("active"));
      updateDoubts(filteredRows());
      schedulePlot();
      root.dispatchEvent(new CustomEvent("hfguide:updated"));
    }

    function feed(start) {
      if (start >= rows.length) {
        // Sorting data that is already in order is quick; it also shows the column's sort arrow.
        table.setSort(state.sort, state.dir);
        updateCount(table.getDataCount("active"));
        updateDoubts(filteredRows());
        root.dataset.ready = "1";
        schedulePlot();
        root.dispatchEvent(new CustomEvent("hfguide:updated"));
        ready(api);
        return;
      }
      table.addData(rows.slice(start, start + CHUNK), false).then(function () {
        updateCount(table.getDataCount("active"));
        setTimeout(function () { feed(start + CHUNK); }, 0);
      });
    }

    box.replaceChildren(gridElement);
    var ready;
    var readyPromise = new Promise(function (resolve) { ready = resolve; });
    table.on("tableBuilt", function () {
      built = true;
      // Tabulator makes its scroll wrapper focusable inside role=grid, which is not a valid grid
      // child; the rows' links and the filters are reachable without it.
      var holder = root.querySelector(".tabulator-tableholder");
      if (holder) holder.removeAttribute("tabindex");
      table.setFilter(predicate(state));
      setTimeout(function () { feed(CHUNK); }, 0);
    });
    table.on("dataSorted", function (sorters) {
      if (!sorters.length) return;
      state.sort = sorters[0].field;
      state.dir = sorters[0].dir;
      root.querySelector("[data-filter=sort]").value = state.sort;
      root.querySelector("[data-filter=dir]").value = state.dir;
      writeState(state);
    });

    controls.forEach(function (el) {
      el.addEventListener(el.tagName === "INPUT" && el.type !== "checkbox" ? "input" : "change", function () {
        state[el.dataset.filter] = controlValue(el);
        if (el.dataset.filter === "sort" || el.dataset.filter === "dir") {
          if (built) table.setSort(state.sort, state.dir);
          writeState(state);
          root.dispatchEvent(new CustomEvent("hfguide:updated"));
        } else {
          apply();
        }
      });
    });
    root.querySelector("[data-action=reset]").addEventListener("click", function () {
      Object.keys(DEFAULTS).forEach(function (k) { state[k] = DEFAULTS[k]; });
      controls.forEach(function (el) { setControl(el, state[el.dataset.filter]); });
      visible = DEFAULT_OPTIONAL.slice();
      syncColumnChooser();
      if (built) table.setSort(state.sort, state.dir);
      apply();
    });

    var chooser = root.querySelector("[data-role=column-chooser]");
    OPTIONAL_COLUMNS.forEach(function (c) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = c[0];
      box.addEventListener("change", function () {
        if (box.checked) { table.showColumn(c[0]); visible.push(c[0]); }
        else { table.hideColumn(c[0]); visible = visible.filter(function (v) { return v !== c[0]; }); }
        state.cols = visible.slice().sort().join(",") === DEFAULT_OPTIONAL.slice().sort().join(",") ? "" : visible.join(",");
        writeState(state);
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + c[1]));
      chooser.appendChild(label);
    });
    function syncColumnChooser() {
      chooser.querySelectorAll("input").forEach(function (box) {
        box.checked = visible.indexOf(box.value) !== -1;
        if (box.checked) table.showColumn(box.value); else table.hideColumn(box.value);
      });
    }
    chooser.querySelectorAll("input").forEach(function (box) { box.checked = visible.indexOf(box.value) !== -1; });

    function makeChart(canvas) {
      var styles = getComputedStyle(document.body);
      var ink = styles.getPropertyValue("--md-default-fg-color--light").trim() || "#666";
      return new Chart(canvas, {
        type: "scatter",
        data: {
          datasets: [
            { label: "Models", data: [], pointRadius: 2, pointHoverRadius: 5, backgroundColor: "rgba(92,107,192,0.45)" },
            {
              label: "Pareto frontier", data: [], type: "line", stepped: "after", showLine: true,
              borderColor: "#ff8f00", backgroundColor: "#ff8f00", pointRadius: 3, pointHoverRadius: 6
            },
            {
              label: "Implausible rows (not in the frontier)", data: [], pointStyle: "crossRot",
              pointRadius: 4, pointHoverRadius: 6, borderColor: "#c62828", backgroundColor: "#c62828"
            }
          ]
        },
        options: {
          animation: false, parsing: false, normalized: true, maintainAspectRatio: false,
          scales: {
            x: { type: "logarithmic", title: { display: true, text: "Parameters (billions, log scale)", color: ink },
              ticks: { color: ink, callback: logTick } },
            y: { title: { display: true, text: "Average score", color: ink }, ticks: { color: ink } }
          },
          plugins: {
            legend: { labels: { color: ink } },
            tooltip: {
              callbacks: {
                label: function (ctx) {
                  return ctx.raw.id + ": " + fmt(ctx.raw.x, 2) + " B parameters, average " + fmt(ctx.raw.y, 2);
                }
              }
            }
          },
          onHover: function (event, elements, chartInstance) {
            if (elements.length) {
              var p = chartInstance.data.datasets[elements[0].datasetIndex].data[elements[0].index];
              plotStatus.textContent = p.id + ": " + fmt(p.x, 2) + " B parameters, average " + fmt(p.y, 2);
            }
          }
        }
      });
    }

    var focusIndex = -1;
    document.getElementById("lb-plot").addEventListener("keydown", function (event) {
      if (!chart || !frontier.length) return;
      var keys = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 };
      if (event.key in keys) focusIndex = Math.max(0, Math.min(frontier.length - 1, focusIndex + keys[event.key]));
      else if (event.key === "Home") focusIndex = 0;
      else if (event.key === "End") focusIndex = frontier.length - 1;
      else return;
      event.preventDefault();
      var active = [{ datasetIndex: 1, index: focusIndex }];
      chart.setActiveElements(active);
      chart.tooltip.setActiveElements(active, { x: 0, y: 0 });
      chart.update("none");
      var p = frontier[focusIndex];
      plotStatus.textContent = "Frontier " + (focusIndex + 1) + " of " + frontier.length + ": " + p.id + ", " +
        fmt(p.x, 2) + " B parameters, average " + fmt(p.y, 2);
    });

    var api = { table: table, rows: rows, state: state, memory: memory,
                paretoFrontier: paretoFrontier, filteredRows: filteredRows, showPlot: showPlot };
    window.hfguideExplorer = api;
    // calculator.js adds its memory column to the grid once the grid is there.
    readyPromise.then(function () {
      document.dispatchEvent(new CustomEvent("hfguide:explorer-ready", { detail: api }));
    });
    return readyPromise;
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
        note.textContent = answer.flaggedOut
          ? answer.flaggedOut + " more rows would fit but are left out as flagged or implausible; tick the box above to include them."
          : "";
        if (!answer.shown.length) {
          out.textContent = "No leaderboard model fits these conditions.";
          answer.relaxations.forEach(function (change) {
            var p = document.createElement("p");
            p.dataset.field = change.field;
            p.textContent = change.field === "budget" ? "The smallest would fit in " + change.value + " GB."
              : change.field === "context" ? change.count + " would fit at " + change.value.toLocaleString("en-US") + " tokens."
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
            " — " + fmt(r.params / 1e9, 2) + " B, " + item.plan.precision + ", average " + fmt(r.score, 2) +
            ", needs about " + fmt(item.plan.total / 1e9, 1) + " GB at " + context.toLocaleString("en-US") + " tokens" +
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

  function logTick(value, index, ticks) {
    // Chart.js picks which ticks get a label; written as people write sizes (0.5, 1, 20, 100)
    // instead of with the decimals of the smallest tick ("1.000" read as a thousand).
    var label = Chart.Ticks.formatters.logarithmic.call(this, value, index, ticks);
    return label === "" ? "" : Number(value.toPrecision(3)).toLocaleString("en-US");
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
    (window.requestIdleCallback || function (f) { setTimeout(f, 200); })(addLaterOptions, { timeout: 2000 });
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
    matches: function (row, state) {
      if (!SPEC) useSpec();
      var full = Object.assign({}, DEFAULTS, state);
      return predicate(full)(row);
    }
  };
})();
