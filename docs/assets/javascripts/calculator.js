// The explorer's memory calculator and its memory column: hfguideMemory (memory.js) with the
// recorded model shapes (planner/shapes.json, generated from the configs snapshot). A model id
// plans with its own shape, its base model's or, for a leaderboard row, a recorded model of the
// same architecture and size; the answer says which. A size alone plans the weights only.
(function () {
  "use strict";
  var SPEC = null;
  var shapesPromise = null;

  function memory() {
    if (!SPEC) SPEC = JSON.parse(document.getElementById("hfguide-spec").textContent);
    return window.hfguideMemory(SPEC.memory);
  }
  function loadJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + " did not load (HTTP " + r.status + ")");
      return r.json();
    });
  }
  function loadShapes(form) {
    if (!shapesPromise) {
      shapesPromise = Promise.all([
        loadJson(new URL(form.dataset.shapes, location.href)),
        loadJson(new URL(form.dataset.rows, location.href))
      ]).then(function (results) {
        var rows = {};
        var data = results[1];
        var id = data.columns.indexOf("id"), params = data.columns.indexOf("params");
        data.rows.forEach(function (r) { rows[String(r[id]).toLowerCase()] = { id: r[id], params: r[params] }; });
        var byLower = {};
        Object.keys(results[0].shapes).forEach(function (k) { byLower[k.toLowerCase()] = k; });
        return { shapes: results[0].shapes, mapped: results[0].rows, byLower: byLower, rows: rows };
      });
    }
    return shapesPromise;
  }

  // The shape a model id plans with: { shape id, how } or null.
  function shapeFor(data, modelId) {
    var own = data.byLower[modelId.toLowerCase()];
    if (own) return { id: own, how: "own config" };
    var row = data.rows[modelId.toLowerCase()];
    var mapped = row && data.mapped[row.id];
    return mapped ? { id: mapped[0], how: mapped[1] } : null;
  }

  function grouped(n) { return window.hfguideMemory.grouped(n); }  // memory.js, loaded first
  function cell(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }
  // An element holding text and nodes in order (a term is a node: terms.js).
  function holding(tag, parts) {
    var el = document.createElement(tag);
    parts.forEach(function (part) {
      el.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return el;
  }
  // ``text`` as parts, its first ``phrase`` a term a reader can open.
  function withTerm(terms, text, phrase, key) {
    var at = text.indexOf(phrase);
    if (at === -1) return [text];
    return [text.slice(0, at), terms.term(key, phrase), text.slice(at + phrase.length)];
  }
  function amount(m, bytes, unit) {
    return m.format(bytes, unit);
  }

  function render(out, m, terms, result, what) {
    out.textContent = "";
    out.appendChild(holding("p", withTerm(terms, what, "shape", "shape")));
    var table = document.createElement("table");
    table.className = "lb-calc-terms";
    var head = document.createElement("tr");
    ["Term", result.unit, "How"].forEach(function (t) { var th = cell("th", t); th.scope = "col"; head.appendChild(th); });
    table.appendChild(head);
    result.terms.forEach(function (t) {
      var tr = document.createElement("tr");
      tr.dataset.term = t.key;
      tr.dataset.bytes = t.bytes;
      tr.appendChild(holding("td", withTerm(terms, t.label, "KV cache", "kv-cache")));
      tr.appendChild(cell("td", amount(m, t.bytes, result.unit)));
      tr.appendChild(holding("td", withTerm(terms, t.note, "sliding window", "sliding-window")));
      table.appendChild(tr);
    });
    result.missing.forEach(function (name) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("td", name.charAt(0).toUpperCase() + name.slice(1)));
      tr.appendChild(cell("td", "unknown"));
      tr.appendChild(cell("td", "needs the model's config.json: a model id the site or the Hub has"));
      table.appendChild(tr);
    });
    var total = document.createElement("tr");
    total.dataset.term = "total";
    total.dataset.bytes = result.total;
    total.appendChild(cell("th", result.missing.length ? "Total of the known terms" : "Total"));
    total.appendChild(cell("td", amount(m, result.total, result.unit)));
    total.appendChild(cell("td", result.unit === "GB" ? "GB = 10^9 bytes" : "GiB = 2^30 bytes"));
    table.appendChild(total);
    out.appendChild(table);
    if (result.budget !== null) {
      var gpu = amount(m, result.budget, result.unit);
      var verdict = result.fits === true ? "Fits in " + gpu + "."
        : result.fits === false ? "Does not fit in " + gpu + "."
          : "The known terms fit in " + gpu + "; the unknown ones could still decide it.";
      var p = cell("p", verdict);
      p.dataset.role = "fits";
      out.appendChild(p);
      if (result.maxContext) {
        var mc = result.maxContext;
        var line = mc.tokens < 1 ? "No context fits: the rest already takes the memory."
          : "Longest context that fits: " + grouped(mc.tokens) + " tokens" +
            (mc.limit === "model" ? " (the model's own maximum)." : ".");
        var q = cell("p", line);
        q.dataset.role = "max-context";
        q.dataset.tokens = mc.tokens;
        out.appendChild(q);
      }
      if (result.beyondContext) {
        var limit = cell("p", "The model accepts at most " + grouped(result.contextLimit) +
          " tokens: a plan for " + grouped(result.context) + " never fits, whatever the memory.");
        limit.dataset.role = "beyond-context";
        out.appendChild(limit);
      }
      if (result.maxBatch !== undefined) {
        var at = result.maxBatchContext;
        var b = cell("p", "Largest batch that fits at " + grouped(at) + " tokens" +
          (at < result.context ? " (the model's own maximum)" : "") + ": " +
          (result.maxBatch > 0 ? grouped(result.maxBatch) + "." : "none (not even one sequence)."));
        b.dataset.role = "max-batch";
        out.appendChild(b);
      }
    }
  }

  function setUp(form) {
    var m = memory();
    var hub = window.hfguideHub(SPEC.hub);
    var terms = window.hfguideTerms(SPEC.terms);
    loadShapes(form).then(function (data) {
      var token = 0;
      function fail(out, error) {
        out.classList.add("lb-error");
        out.textContent = error.message.charAt(0).toUpperCase() + error.message.slice(1) + ".";
        delete out.dataset.total;
      }
      function show(out, request, what) {
        var result = m.estimate(request, data.shapes);
        out.classList.remove("lb-error");
        render(out, m, terms, result, what);
        out.dataset.total = result.total;
      }
      // A "change" after the "input" that already answered (a field losing focus as the reader
      // taps the answer) asks nothing new: the answer, and a term opened in it, stay.
      var shownFor = null;
      function update() {
        var key = JSON.stringify(Array.prototype.filter.call(form.elements, function (e) { return e.tagName !== "OUTPUT"; })
          .map(function (e) { return e.value; }));
        if (key === shownFor) return;
        shownFor = key;
        var mine = ++token;
        var out = form.elements.result;
        out.classList.remove("lb-error");
        delete out.dataset.hub;
        var text = form.elements.model.value.trim();
        var request = {
          precision: form.elements.precision.value, context: form.elements.context.value,
          batch: form.elements.batch.value, kvPrecision: form.elements.kvPrecision.value,
          train: form.elements.train.value, gpu: form.elements.gpu.value, unit: form.elements.unit.value
        };
        try {
          var isId = /[a-z]/i.test(text) && text.indexOf("/") !== -1;
          var found = isId ? shapeFor(data, text) : null;
          if (found) {
            request.model = found.id;
            show(out, request, text + ": shape from its " + found.how + (found.id.toLowerCase() !== text.toLowerCase() ? ", " + found.id : "") + ".");
          } else if (isId) {
            // Not in the site's data: the reader's browser reads its config.json from the Hub.
            m.estimate(Object.assign({}, request, { params: "1B" }), data.shapes);  // the other fields first
            out.textContent = "Reading " + text + "'s config.json from the Hub …";
            out.dataset.hub = "reading";
            delete out.dataset.total;
            hub.model(text).then(function (got) {
              if (mine !== token) return;
              out.dataset.hub = "read";
              show(out, Object.assign({}, request, { model: text, config: got.config, hubParams: got.params }),
                text + ": shape from its config.json on the Hub" +
                (got.params ? ", " + grouped(got.params) + " parameters counted there." : "."));
            }, function (error) {
              if (mine !== token) return;
              out.dataset.hub = "failed";
              var row = data.rows[text.toLowerCase()];
              if (row && row.params) {
                show(out, Object.assign({}, request, { params: row.params + "B" }),
                  row.id + ": " + row.params + " B parameters from the leaderboard; " + error.message + ", so no KV cache.");
              } else {
                fail(out, error);
              }
            }).catch(function (error) { if (mine === token) fail(out, error); });
          } else {
            request.params = text;
            show(out, request, "A size only: the KV cache and activations need the model's config.");
          }
        } catch (error) {
          fail(out, error);
        }
      }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      update();
      form.dataset.ready = "1";
    }, function (error) {
      form.elements.result.textContent = "The calculator could not start: " + error.message;
    });
  }

  // The explorer grid's "memory at this context" column, for rows that map to a recorded shape.
  function addColumn(api, form) {
    var m = memory();
    loadShapes(form).then(function (data) {
      function settings() {
        var context;
        try { context = m.parseContext(form.elements.context.value); } catch { context = 4096; }
        return { context: context, unit: form.elements.unit.value === "GiB" ? "GiB" : "GB" };
      }
      var current = settings();
      var texts = {};  // row index → the cell's text at the current settings: each row planned once
      function title() {
        return "Memory at " + grouped(current.context) + " tokens (" + current.unit + ")";
      }
      // The plan's total, or the model's own maximum when the context is longer than it accepts.
      function planFor(row) {
        var mapped = data.mapped[row.id];
        if (!mapped || !row.precision) return null;
        try {
          return m.plan({ shape: data.shapes[mapped[0]], params: row.params ? row.params * 1e9 : null,
            precision: row.precision, context: current.context });
        } catch { return null; }
      }
      function cellText(row) {
        var plan = planFor(row);
        if (plan === null) return "no shape";
        if (plan.beyondContext) return "max " + grouped(plan.contextLimit) + " tokens";
        return (plan.total / m.constants.units[current.unit]).toFixed(1);
      }
      api.grid.addColumn({
        field: "_memory", title: title(), width: 150, align: "right", sortable: false,
        cell: function (row, el) {
          if (!(row._i in texts)) texts[row._i] = cellText(row);
          // The text node changes in place, as the explorer's own cells do.
          if (el.firstChild && el.firstChild === el.lastChild && el.firstChild.nodeType === 3) {
            el.firstChild.data = texts[row._i];
          } else {
            el.textContent = texts[row._i];
          }
        }
      });
      function refresh() {
        var next = settings();
        if (next.context === current.context && next.unit === current.unit) return;
        current = next;
        texts = {};
        api.grid.updateColumn("_memory", { title: title() });
      }
      form.addEventListener("change", refresh);
      document.getElementById("lb-explorer").dataset.memoryColumn = "1";
    });
  }

  function setUpAll() {
    var form = document.getElementById("lb-calculator");
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "1";
    new IntersectionObserver(function (entries, observer) {
      if (!entries.some(function (e) { return e.isIntersecting; })) return;
      observer.disconnect();
      setUp(form);
    }, { rootMargin: "300px" }).observe(form);
    if (window.hfguideExplorer && window.hfguideExplorer.grid) addColumn(window.hfguideExplorer, form);
    document.addEventListener("hfguide:explorer-ready", function (event) { addColumn(event.detail, form); });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUpAll);
  else document.addEventListener("DOMContentLoaded", setUpAll);
})();
