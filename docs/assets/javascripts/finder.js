// The model finder: candidates from planner/finder.json (the generated model tables and the
// leaderboard), planned with hfguideMemory (memory.js) and the recorded shapes. The form's
// state lives in the page address, so a shortlist can be shared as a link.
(function () {
  "use strict";
  var FIELDS = ["task", "licence", "lang", "kind", "gpu", "context", "precision"];
  var SHORTLIST = 10;
  var UNKNOWN_SHOWN = 5;

  function loadJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + " did not load (HTTP " + r.status + ")");
      return r.json();
    });
  }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function link(text, href) { return el("a", text, { href: href }); }
  function hubUrl(id) { return "https://huggingface.co/" + id.split("/").map(encodeURIComponent).join("/"); }

  function readState(form) {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      if (!params.has(name)) return;
      var control = form.elements[name];
      var value = params.get(name);
      if (control.tagName === "SELECT" && !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) return;
      control.value = value;
    });
  }
  function writeState(form) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (form.elements[name].value) params.set(name, form.elements[name].value); });
    history.replaceState(null, "", location.pathname + "?" + params.toString() + location.hash);
  }

  function candidates(data, state, permissive) {
    var lang = state.lang.trim().toLowerCase();
    return data.rows.filter(function (r) {
      if (r.task !== state.task) return false;
      if (state.licence === "commercial" && permissive.indexOf(String(r.license || "").toLowerCase()) === -1) return false;
      if (lang && r.languages.map(function (l) { return String(l).toLowerCase(); }).indexOf(lang) === -1) return false;
      if (state.kind === "chat" && !r.chat) return false;
      return true;
    });
  }

  // Each candidate's plan: { row, plan, verdict } with verdict fits / known-fit / no / unknown.
  function assess(m, shapes, rows, state, budget, context) {
    return rows.map(function (r) {
      var shape = r.shape ? shapes[r.shape] : null;
      if (!shape && !r.params) return { row: r, verdict: "unknown", reason: "parameter count unknown" };
      if (shape && shape.context && context > shape.context) {
        return { row: r, verdict: "no", reason: "the model's context is " + shape.context.toLocaleString("en-US") + " tokens" };
      }
      var plan = m.plan({ shape: shape, params: r.params, precision: state.precision, context: context, budget: budget });
      var verdict = plan.fits === true ? "fits" : plan.fits === false ? "no" : "known-fit";
      return { row: r, plan: plan, verdict: verdict };
    });
  }

  // Known to fit first (a recorded shape), then those whose KV cache is unknown; best score, then
  // most downloads, within each.
  function rank(a, b) {
    return (a.verdict === "fits" ? 0 : 1) - (b.verdict === "fits" ? 0 : 1) || (b.row.score || -1) - (a.row.score || -1) || (b.row.downloads || 0) - (a.row.downloads || 0) ||
      (a.row.id < b.row.id ? -1 : 1);
  }

  function entry(m, data, item, unit) {
    var r = item.row;
    var li = el("li");
    li.dataset.id = r.id;
    li.dataset.verdict = item.verdict;
    li.appendChild(link(r.id, hubUrl(r.id)));
    var facts = [];
    if (r.score !== null) facts.push("leaderboard average " + r.score.toFixed(2));
    facts.push(r.license ? "licence " + r.license : "no licence stated");
    if (r.params) facts.push((r.params / 1e9).toFixed(2) + " B parameters");
    if (r.downloads !== null) facts.push(r.downloads.toLocaleString("en-US") + " downloads");
    li.appendChild(document.createTextNode(" — " + facts.join(", ") + ". "));
    var fit = item.verdict === "fits" ? "Fits: " + m.format(item.plan.total, unit) + " in all."
      : item.verdict === "known-fit" ? "Weights and overhead fit (" + m.format(item.plan.total, unit) +
        "); the KV cache is unknown: no recorded config."
        : item.verdict === "unknown" ? "Cannot tell: " + item.reason + "."
          : "Does not fit: " + (item.plan ? m.format(item.plan.total, unit) : item.reason) + ".";
    li.appendChild(el("strong", fit));
    if (item.plan) {
      var parts = item.plan.terms.map(function (t) { return t.label + " " + m.format(t.bytes, unit); });
      var how = r.shape ? " Shape: " + (r.shape === r.id ? "its own config" : r.how + ", " + r.shape) + "." : "";
      li.appendChild(el("span", " " + parts.join("; ") + "." + how, { "class": "finder-terms" }));
    }
    var links = el("span", " ", { "class": "finder-links" });
    if (data.runPages[r.task]) links.appendChild(link("run it", data.runPages[r.task]));
    links.appendChild(document.createTextNode(" · "));
    links.appendChild(link("compare on your questions", "../guide/compare-models/#the-bench-does-this-for-you"));
    li.appendChild(links);
    return li;
  }

  function setUp(form) {
    var spec = JSON.parse(document.getElementById("hfguide-spec").textContent);
    var m = window.hfguideMemory(spec.memory);
    var permissive = spec.permissiveLicences;
    Promise.all([
      loadJson(new URL(form.dataset.src, location.href)),
      loadJson(new URL(form.dataset.shapes, location.href))
    ]).then(function (results) {
      var raw = results[0];
      var data = {
        runPages: raw.runPages,
        rows: raw.rows.map(function (values) {
          var row = {};
          raw.columns.forEach(function (c, i) { row[c] = values[i]; });
          return row;
        })
      };
      var shapes = results[1].shapes;
      var taskSelect = form.elements.task;
      taskSelect.textContent = "";
      raw.tasks.forEach(function (t) { taskSelect.appendChild(el("option", t[1] + " (" + t[0] + ")", { value: t[0] })); });
      taskSelect.value = "text-generation";
      readState(form);
      function update() {
        var out = form.elements.result;
        out.textContent = "";
        out.classList.remove("lb-error");
        var state = {};
        FIELDS.forEach(function (name) { state[name] = form.elements[name].value; });
        writeState(form);
        var budget, context;
        try {
          budget = m.parseMemory(state.gpu);
          context = m.parseContext(state.context);
          m.precision(state.precision);
        } catch (error) {
          out.classList.add("lb-error");
          out.textContent = error.message.charAt(0).toUpperCase() + error.message.slice(1) + ".";
          return;
        }
        var unit = /gib/i.test(state.gpu) ? "GiB" : "GB";
        var assessed = assess(m, shapes, candidates(data, state, permissive), state, budget, context);
        var fitting = assessed.filter(function (a) { return a.verdict === "fits" || a.verdict === "known-fit"; }).sort(rank);
        var unknown = assessed.filter(function (a) { return a.verdict === "unknown"; }).sort(rank);
        var summary = el("p", assessed.length.toLocaleString("en-US") + " models match the task, licence and language; " +
          fitting.length.toLocaleString("en-US") + " fit in " + m.format(budget, unit) + " at " +
          context.toLocaleString("en-US") + " tokens in " + m.precision(state.precision).name + ".");
        summary.dataset.role = "summary";
        out.appendChild(summary);
        if (fitting.length) {
          var list = el("ol", null, { "class": "finder-shortlist" });
          fitting.slice(0, SHORTLIST).forEach(function (item) { list.appendChild(entry(m, data, item, unit)); });
          out.appendChild(list);
        } else {
          out.appendChild(el("p", "No model of this task fits these conditions: try more memory, a shorter context or a smaller precision."));
        }
        if (unknown.length) {
          out.appendChild(el("p", unknown.length.toLocaleString("en-US") + " more match but their size is unknown, so whether they fit cannot be told:"));
          var rest = el("ul", null, { "class": "finder-unknown" });
          unknown.slice(0, UNKNOWN_SHOWN).forEach(function (item) { rest.appendChild(entry(m, data, item, unit)); });
          out.appendChild(rest);
        }
        out.dataset.ready = "1";
      }
      form.addEventListener("input", update);
      form.addEventListener("change", update);
      update();
    }, function (error) {
      form.elements.result.textContent = "The finder could not start: " + error.message;
    });
  }

  function setUpAll() {
    var form = document.getElementById("finder");
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "1";
    setUp(form);
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUpAll);
  else document.addEventListener("DOMContentLoaded", setUpAll);
})();
