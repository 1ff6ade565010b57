// The one query behind the finder and the explorer's "best that fits": hfguide.queries.shortlist,
// for the browser. It holds no constants of its own (the page's spec carries them), plans with
// hfguideMemory (memory.js), and tests/cases/query-cases.json runs it and the Python module on
// the same cases.
window.hfguideQuery = function (q, memory) {
  "use strict";
  var permissive = {};
  q.permissiveLicences.forEach(function (name) { permissive[name] = true; });

  function fail(message) {
    var error = new Error(message);
    error.name = "MemoryEstimateError";
    throw error;
  }
  var grouped = memory.grouped;

  function request(r) {
    var full = Object.assign({
      task: "", licence: "", language: "", chat: false, scored: false, modelType: "",
      merges: true, includeFlagged: false, budget: null, precision: null,
      context: q.defaultContext, sort: "score", page: 1, pageSize: q.pageSize
    }, r || {});
    if (q.sorts.indexOf(full.sort) === -1) fail("unknown sort '" + full.sort + "'; one of " + q.sorts.join(", "));
    if (full.precision) memory.precision(full.precision);
    return full;
  }

  // Licence names, comma-separated, any case; "permissive" names the whole permissive group.
  function licenceOk(row, wanted) {
    var names = String(wanted || "").split(",").map(function (n) { return n.trim().toLowerCase(); })
      .filter(function (n) { return n; });
    if (!names.length) return true;
    var own = String(row.license || q.notStated).toLowerCase();
    return names.indexOf(own) !== -1 || (names.indexOf(q.permissive) !== -1 && permissive[own] === true);
  }
  function languagesUnknown(row) {
    return !row.languages.some(function (l) { return l.toLowerCase() !== "multilingual"; });
  }
  function kept(row, r) {
    if (r.task && row.task !== r.task) return false;
    if (!licenceOk(row, r.licence)) return false;
    if (r.chat && !row.chat) return false;
    if (r.scored && row.score === null) return false;
    if (r.modelType && row.type !== r.modelType) return false;
    return r.merges || !row.merged;
  }

  function unknownTerms(missing) {
    var single = missing.length === 1 && missing[0] === "KV cache";
    return "the " + missing.join(" and ") + (single ? " is" : " are") + " unknown";
  }

  function assess(row, r, shapes) {
    var item = assessed(row, r, shapes);
    item.budget = r.budget;
    return item;
  }
  function assessed(row, r, shapes) {
    var shape = row.shape && Object.prototype.hasOwnProperty.call(shapes, row.shape) ? shapes[row.shape] : null;
    if (!shape && !row.params) return { row: row, verdict: "unknown", plan: null, reason: "its size is unknown" };
    var evaluated = memory.isPrecision(row.precision) ? row.precision : q.defaultPrecision;
    var planned;
    try {
      planned = memory.plan({
        params: row.params, shape: shape, precision: r.precision || evaluated, context: r.context,
        budget: r.budget, kind: shape ? null : row.kind, contextLimit: shape ? null : row.context
      });
    } catch (error) {
      if (error.name !== "MemoryEstimateError") throw error;
      return { row: row, verdict: "unknown", plan: null, reason: error.message };
    }
    if (planned.beyondContext) {
      return { row: row, verdict: "too-long", plan: planned, reason: "it accepts at most " + grouped(planned.contextLimit) + " tokens" };
    }
    if (planned.fits === false) return { row: row, verdict: "too-big", plan: planned, reason: "it needs more memory" };
    if (planned.fits === null && r.budget !== null) {
      return { row: row, verdict: "known", plan: planned, reason: unknownTerms(planned.missing) };
    }
    return { row: row, verdict: "fits", plan: planned, reason: "" };
  }

  function margin(item) {
    return item.plan === null || item.budget === null ? null : item.budget - item.plan.total;
  }
  function sortValue(item, sort) {
    if (sort === "margin") return margin(item);
    var value = item.row[{ score: "score", downloads: "downloads", newest: "created" }[sort]];
    return value === undefined ? null : value;
  }
  function sorted(items, sort) {
    var withValue = items.filter(function (i) { return sortValue(i, sort) !== null; });
    var without = items.filter(function (i) { return sortValue(i, sort) === null; });
    function byId(a, b) { return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0; }
    withValue.sort(function (a, b) {
      var x = sortValue(a, sort), y = sortValue(b, sort);
      return x < y ? 1 : x > y ? -1 : byId(a, b);
    });
    without.sort(byId);
    return withValue.concat(without);
  }

  function recipe(row, planned) {
    if (row.formats.indexOf("GGUF") !== -1) return "gguf";
    if (row.task !== "text-generation") return "task";
    var quantised = planned !== null && memory.precision(planned.precision).bits < 16;
    if (row.params && row.params <= q.cpuParams && !quantised) return "cpu";
    return "gpu";
  }
  function itemJson(item) {
    var value = { id: item.row.id, verdict: item.verdict, reason: item.reason, recipe: recipe(item.row, item.plan) };
    if (item.plan !== null) value.plan = item.plan;
    return value;
  }

  function answer(rows, r, shapes) {
    var wanted = r.language.trim().toLowerCase();
    var inLanguage = [], languageUnknown = [];
    rows.forEach(function (row) {
      if (!kept(row, r)) return;
      if (!wanted || row.languages.map(function (l) { return l.toLowerCase(); }).indexOf(wanted) !== -1) inLanguage.push(row);
      else if (languagesUnknown(row)) languageUnknown.push(row);
    });
    var flagged = inLanguage.filter(function (row) { return row.flagged.length > 0; });
    var items = inLanguage
      .filter(function (row) { return r.includeFlagged || !row.flagged.length; })
      .map(function (row) { return assess(row, r, shapes); });
    var unknownLanguage = languageUnknown
      .filter(function (row) { return !row.flagged.length; })
      .map(function (row) { return assess(row, r, shapes); });
    function verdicts(list, kinds) { return list.filter(function (i) { return kinds.indexOf(i.verdict) !== -1; }); }
    return {
      request: r,
      matched: inLanguage.length,
      // Without a budget nothing has to fit: a row of unknown size is listed like the others.
      fitting: sorted(verdicts(items, r.budget === null ? ["fits", "known", "unknown"] : ["fits", "known"]), r.sort),
      unknownSize: r.budget === null ? [] : sorted(verdicts(items, ["unknown"]), r.sort),
      languageUnknown: sorted(verdicts(unknownLanguage, ["fits", "known", "unknown"]), r.sort),
      tooBig: verdicts(items, ["too-big"]).length,
      tooLong: verdicts(items, ["too-long"]).length,
      flagged: flagged.length,
      flaggedOut: r.includeFlagged ? 0 : flagged.length,
      items: items
    };
  }

  function memoryNeeded(rows, r, shapes) {
    if (r.budget === null) return null;
    var unlimited = answer(rows, Object.assign({}, r, { budget: null }), shapes);
    var totals = unlimited.fitting.filter(function (i) { return i.plan !== null; }).map(function (i) { return i.plan.total; });
    return totals.length ? Math.ceil(Math.min.apply(null, totals) / 1e9) : null;
  }
  function relaxations(rows, r, shapes) {
    var changes = [];
    if (r.language) changes.push(["language", ""]);
    if (r.licence) changes.push(["licence", ""]);
    if (r.chat) changes.push(["chat", false]);
    if (r.modelType) changes.push(["modelType", ""]);
    if (!r.merges) changes.push(["merges", true]);
    if (r.scored) changes.push(["scored", false]);
    if (!r.includeFlagged) changes.push(["includeFlagged", true]);
    if (r.context > q.shorterContext) changes.push(["context", q.shorterContext]);
    var limits = answer(rows, r, shapes).items.filter(function (i) { return i.verdict === "too-long"; })
      .map(function (i) { return i.plan.contextLimit; });
    if (limits.length) {
      var longest = Math.max.apply(null, limits);
      if (longest !== q.shorterContext) changes.push(["context", longest]);
    }
    if (r.budget !== null && (r.precision || "") !== q.smallerPrecision) changes.push(["precision", q.smallerPrecision]);
    var found = [];
    changes.forEach(function (change) {
      var changed = Object.assign({}, r);
      changed[change[0]] = change[1];
      var count = answer(rows, changed, shapes).fitting.length;
      if (count) found.push({ field: change[0], value: change[1], count: count });
    });
    var needed = memoryNeeded(rows, r, shapes);
    if (needed !== null) found.push({ field: "budget", value: needed, count: 1 });
    return found;
  }

  // The answer as hfguide.queries.shortlist.Answer.to_json gives it.
  function shortlist(rows, given, shapes) {
    var r = request(given);
    var a = answer(rows, r, shapes);
    var pages = Math.max(1, Math.ceil(a.fitting.length / r.pageSize));
    var page = Math.min(r.page, pages);
    return {
      matched: a.matched,
      fitting: a.fitting.length,
      shown: a.fitting.slice((page - 1) * r.pageSize, page * r.pageSize).map(itemJson),
      page: page,
      pages: pages,
      unknownSize: a.unknownSize.map(itemJson),
      languageUnknown: a.languageUnknown.map(itemJson),
      tooBig: a.tooBig,
      tooLong: a.tooLong,
      flagged: a.flagged,
      flaggedOut: a.flaggedOut,
      relaxations: a.fitting.length ? [] : relaxations(rows, r, shapes)
    };
  }

  // Candidate rows from the columnar finder data (planner/finder.json).
  function rowsOf(data) {
    var columns = data.columns, rows = new Array(data.rows.length);
    for (var i = 0; i < rows.length; i++) {
      var values = data.rows[i], row = {};
      for (var j = 0; j < columns.length; j++) row[columns[j]] = values[j];
      rows[i] = row;
    }
    return rows;
  }

  return { shortlist: shortlist, rowsOf: rowsOf, licenceOk: licenceOk, recipe: recipe, constants: q };
};
