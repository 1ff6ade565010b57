// The model finder: the candidates of planner/finder.json answered by the one query (query.js,
// hfguide.queries.shortlist in Python), planned with hfguideMemory (memory.js) and the recorded
// shapes, in a worker (finder-worker.js) so the page never waits on the planning. The form's
// state lives in the page address, so an answer can be shared as a link; a model id the data
// lacks is read from the Hub by hfguideHub (hub.js).
(function () {
  "use strict";
  var FIELDS = ["task", "licence", "lang", "kind", "gpu", "context", "precision", "sort", "flagged", "page"];
  var GROUP_SHOWN = 20;
  // An answer that takes longer than this (a slow phone, a slow connection) says it is coming.
  var SLOW_MS = 400;
  // The longest stretch an answer is built in before the page gets a turn (a phone's CPU is
  // several times slower: this keeps its tasks short).
  var STEP_MS = 8;
  var RELAXED = {
    language: "without the language filter", licence: "with any licence", chat: "with every model, not only chat models",
    includeFlagged: "with flagged models included", context: "at a shorter context", precision: "in 4-bit (nf4) weights",
    budget: "with more GPU memory", modelType: "with any type", merges: "with merges", scored: "with models the leaderboard never scored"
  };
  var ORIGIN = {
    hub: "counted from its weights on the Hub", leaderboard: "as the leaderboard lists it",
    config: "recomputed from its config", base: "its base model's", name: "read from its name",
    card: "from its model card", tags: "from its Hub tags", typical: "usual for its family"
  };

  // A data file's bytes, for the worker to parse (parsing 1 MB of JSON here would hold the page).
  function loadBytes(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + " did not load (HTTP " + r.status + ")");
      return r.arrayBuffer();
    });
  }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function link(text, href) { return el("a", text, { href: href }); }
  function grouped(n) { return window.hfguideMemory.grouped(n); }  // memory.js, loaded first
  function sentence(message) { return message.charAt(0).toUpperCase() + message.slice(1) + "."; }
  function hubPage(endpoint, id) { return endpoint.replace(/\/+$/, "") + "/" + id.split("/").map(encodeURIComponent).join("/"); }

  function readState(form) {
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (name) {
      if (!params.has(name) || name === "page") return;
      var control = form.elements[name];
      var value = params.get(name);
      if (control.type === "checkbox") { control.checked = value === "1"; return; }
      if (control.tagName === "SELECT" && !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) return;
      control.value = value;
    });
    var page = parseInt(params.get("page") || "1", 10);
    return isFinite(page) && page > 0 ? page : 1;
  }
  function stateOf(form, page) {
    var state = {};
    FIELDS.forEach(function (name) {
      if (name === "page") return;
      var control = form.elements[name];
      state[name] = control.type === "checkbox" ? (control.checked ? "1" : "") : control.value;
    });
    state.page = page > 1 ? String(page) : "";
    return state;
  }
  function address(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  // The page address follows the form's state; replacing it is slow (milliseconds), so an
  // address that would not change is left alone, as on loading the page.
  function follow(state) {
    var next = address(state);
    if (next !== location.pathname + location.search + location.hash) history.replaceState(null, "", next);
  }

  // What a changed request looks like in the form's words, as a link a reader can follow.
  function relaxedState(state, change, m, unit) {
    var next = Object.assign({}, state, { page: "" });
    if (change.field === "language") next.lang = "";
    else if (change.field === "licence") next.licence = "";
    else if (change.field === "chat") next.kind = "";
    else if (change.field === "includeFlagged") next.flagged = "1";
    else if (change.field === "context") next.context = String(change.value);
    else if (change.field === "precision") next.precision = change.value;
    else if (change.field === "budget") next.gpu = (unit === "GiB" ? Math.ceil(change.value * 1e9 / m.constants.units.GiB) + "GiB" : change.value + "GB");
    return next;
  }

  // Text and nodes, appended in order (a term is a node: terms.js).
  function append(parent, parts) {
    parts.forEach(function (part) {
      parent.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    return parent;
  }

  // What the data says of a row, as parts for ``append``: facts separated by commas.
  function facts(row, terms) {
    var parts = [];
    if (row.score !== null) {
      parts.push([terms.term("average"), " " + row.score.toFixed(2) + " of 100" +
        (row.score_date ? " (submitted " + row.score_date + ")" : "")]);
    }
    if (row.params) {
      var size = (row.params / 1e9).toFixed(2) + " B parameters";
      if (row.params_origin === "name") size += ", read from its name (" + row.params_note + ")";
      else if (row.params_origin === "base") size += ", its base model's (" + row.params_note + ")";
      else if (row.params_origin) size += ", " + ORIGIN[row.params_origin];
      parts.push([size]);
    } else if (row.params_note) {
      parts.push(["size unknown: " + row.params_note]);
    }
    parts.push([row.license ? "licence " + row.license + (row.license_origin === "base" ? " (its base model's)" : "") : "no licence stated"]);
    if (row.languages.length) parts.push(["languages " + row.languages.join(", ") + (row.languages_origin === "base" ? " (its base model's)" : "")]);
    if (row.downloads !== null) parts.push([grouped(row.downloads) + " downloads in 30 days"]);
    if (row.created) parts.push(["created " + row.created]);
    if (row.formats.length) parts.push([row.formats.join(", ") + " files"]);
    if (row.gated === true) parts.push([terms.term("gated"), ": the Hub shares its files only after you accept its terms"]);
    if (row.flagged.length) parts.push([terms.term("flagged"), ": " + row.flagged.join("; ")]);
    return parts.reduce(function (all, part, i) { return all.concat(i ? [", "] : [], part); }, []).concat([". "]);
  }

  // The memory terms of a plan, the KV cache as a term a reader can open.
  function planTerms(plan, m, unit, terms) {
    return plan.terms.reduce(function (all, t, i) {
      var amount = t.key === "kv" && t.bytes === 0 ? "none (an encoder keeps none)" : m.format(t.bytes, unit);
      var name = t.key === "kv" ? terms.term("kv-cache", t.label) : t.label;
      return all.concat(i ? ["; "] : [], [name, " " + amount]);
    }, []).concat(["."]);
  }

  function entry(m, data, item, rowsById, unit, terms) {
    var row = rowsById[item.id];
    var li = el("li", null, { class: "finder-entry" });
    li.dataset.id = row.id;
    li.dataset.verdict = item.verdict;
    li.appendChild(link(row.id, hubPage(data.hub, row.id)));
    append(li, [" — "].concat(facts(row, terms)));
    var plan = item.plan;
    var fit = item.verdict === "fits" ? "Fits: " + m.format(plan.total, unit) + " in all."
      : item.verdict === "known" ? "Weights and overhead fit (" + m.format(plan.total, unit) + "); " + item.reason + ": " +
        (row.shape ? "" : "no recorded config.")
        : item.verdict === "unknown" ? "Cannot tell: " + item.reason + "."
          : "Does not fit: " + item.reason + ".";
    li.appendChild(el("strong", fit.replace(/: $/, ".")));
    if (plan) {
      var limit = plan.contextLimit ? " Accepts at most " + grouped(plan.contextLimit) + " tokens" +
        (row.context_origin === "typical" ? " (usual for its family; its config may say more)" : "") + "." : "";
      var how = row.shape ? [" ", terms.term("shape", "Shape"), ": " + (row.shape === row.id ? "its own config" : row.how + ", " + row.shape) +
        " (the recorded config.json the plan uses)."] : [];
      append(li.appendChild(el("span", " ", { "class": "finder-terms" })), planTerms(plan, m, unit, terms).concat([limit], how));
    }
    var links = el("span", " ", { "class": "finder-links" });
    var run = item.recipe === "task" ? data.runPages[row.task] : data.recipes[item.recipe];
    if (run) links.appendChild(link("run it", run));
    if (run) links.appendChild(document.createTextNode(" · "));
    if (row.gated === true) {
      links.appendChild(link("get access first", data.recipes.gated));
      links.appendChild(document.createTextNode(" · "));
    }
    links.appendChild(link("compare on your questions", "../guide/compare-models/#the-bench-does-this-for-you"));
    li.appendChild(links);
    return li;
  }

  function pager(out, answer, state, go) {
    if (answer.pages < 2) return;
    var nav = el("nav", null, { "class": "finder-pager", "aria-label": "Pages of the answer" });
    nav.appendChild(el("span", "Page " + answer.page + " of " + answer.pages + ": "));
    [["Previous", answer.page - 1], ["Next", answer.page + 1]].forEach(function (pair) {
      var button = el("button", pair[0], { type: "button" });
      button.disabled = pair[1] < 1 || pair[1] > answer.pages;
      button.addEventListener("click", function () { go(pair[1]); });
      nav.appendChild(button);
    });
    out.appendChild(nav);
  }

  // A group of entries listed apart, as steps for ``inSteps``: one per entry.
  function group(jobs, out, m, data, items, rowsById, unit, terms, words, cls) {
    if (!items.length) return;
    var list = el("ul", null, { "class": cls });
    jobs.push(function () {
      out.appendChild(el("p", grouped(items.length) + " " + words));
      out.appendChild(list);
    });
    items.forEach(function (item, index) {
      jobs.push(function () {
        var li = entry(m, data, item, rowsById, unit, terms);
        if (index >= GROUP_SHOWN) li.hidden = true;
        list.appendChild(li);
      });
    });
    if (items.length > GROUP_SHOWN) {
      jobs.push(function () {
        var more = el("button", "Show all " + grouped(items.length), { type: "button" });
        more.addEventListener("click", function () {
          Array.prototype.forEach.call(list.children, function (li) { li.hidden = false; });
          more.remove();
        });
        out.appendChild(more);
      });
    }
  }

  // Give the page a turn (input, painting) before going on.
  function pause() {
    if (window.scheduler && typeof window.scheduler.yield === "function") return window.scheduler.yield();
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function () { resolve(); };
      channel.port2.postMessage(null);
    });
  }
  // Run ``jobs`` in order, a turn for the page after every STEP_MS of them; true once all ran,
  // false as soon as ``stale()`` says they are no longer wanted.
  function inSteps(jobs, stale) {
    var next = 0;
    return new Promise(function (resolve) {
      function run() {
        if (stale()) { resolve(false); return; }
        var start = performance.now();
        while (next < jobs.length) {
          jobs[next++]();
          if (next < jobs.length && performance.now() - start > STEP_MS) { pause().then(run); return; }
        }
        resolve(true);
      }
      run();
    });
  }

  // The finder's worker (finder-worker.js) plans the rows off the main thread; this side keeps
  // the form, the address and the answer shown. One question is with the worker at a time: a
  // newer input waits in `queued` (replacing any older one still waiting), and an answer to
  // inputs the reader has since changed is dropped. `data-ready` on the output is there only
  // while the answer shown is the one for the form as it is.
  function setUp(form, single) {
    var spec = JSON.parse(document.getElementById("hfguide-spec").textContent);
    var m = window.hfguideMemory(spec.memory);
    var hub = window.hfguideHub(spec.hub);
    var terms = window.hfguideTerms(spec.terms);
    var out = form.elements.result;
    var worker, started = false;
    var handlers = {};
    function failed(error) {
      if (worker) worker.terminate();
      clearTimeout(slow);
      out.removeAttribute("aria-busy");
      out.textContent = "The finder could not start: " + error.message;
    }
    // Said only when an answer keeps the reader waiting: a fast one shows no status in between.
    var slow = null;
    function waiting() {
      delete out.dataset.ready;
      out.setAttribute("aria-busy", "true");
      if (slow === null) slow = setTimeout(finding, SLOW_MS);
    }
    function finding() {
      slow = null;
      if (out.querySelector("[data-role=pending]")) return;
      out.classList.add("finder-stale");
      out.insertBefore(el("p", "Finding models…", { "data-role": "pending" }), out.firstChild);
    }
    function answered() {
      clearTimeout(slow);
      slow = null;
      out.classList.remove("finder-stale");
      out.removeAttribute("aria-busy");
      out.dataset.ready = "1";
    }
    waiting();
    try {
      worker = new Worker(new URL(form.dataset.worker, location.href));
    } catch (error) {
      failed(error);
      return;
    }
    worker.onmessage = function (event) { handlers[event.data.type](event.data); };
    worker.onerror = function (event) {
      event.preventDefault();
      failed(new Error(event.message || "its worker stopped"));
    };
    handlers.failed = function (message) { failed(new Error(message.message)); };
    Promise.all([
      loadBytes(new URL(form.dataset.src, location.href)),
      loadBytes(new URL(form.dataset.shapes, location.href))
    ]).then(function (buffers) {
      worker.postMessage({ type: "data", spec: { memory: spec.memory, query: spec.query }, finder: buffers[0], shapes: buffers[1] }, buffers);
    }, failed);

    handlers.loaded = function (message) {
      if (started) return;
      started = true;
      var data = message.data;
      data.hub = spec.hub.endpoint;
      var taskSelect = form.elements.task;
      taskSelect.textContent = "";
      data.tasks.forEach(function (t) { taskSelect.appendChild(el("option", t[1] + " (" + t[0] + ")", { value: t[0] })); });
      taskSelect.value = "text-generation";
      var page = readState(form);
      // Only text generation has leaderboard scores: other tasks list by downloads unless the
      // reader chose an order.
      var sortChosen = new URLSearchParams(location.search).has("sort");
      ["input", "change"].forEach(function (type) {  // before the form's own listeners hear it
        form.elements.sort.addEventListener(type, function () { sortChosen = true; });
      });
      function defaultSort() {
        if (!sortChosen) form.elements.sort.value = form.elements.task.value === "text-generation" ? "score" : "downloads";
      }
      defaultSort();

      function settings() {
        var state = stateOf(form, page);
        var budget = m.parseMemory(state.gpu);
        var contextText = state.context || (state.task === "text-generation" ? "4k" : "512");
        var context = m.parseContext(contextText);
        m.precision(state.precision);
        return { state: state, budget: budget, context: context, unit: /gib/i.test(state.gpu) ? "GiB" : "GB" };
      }
      function go(next) {
        page = next;
        update();
        form.scrollIntoView({ block: "start" });
      }
      var askedFor = null;  // the form's state the latest question was asked for
      var latest = 0;       // the number of that question: an answer to another is out of date
      var asking = null;    // the question the worker is answering, if any
      var queued = null;    // the newest question waiting for the worker
      function ask(question) {
        waiting();
        if (asking) queued = question;
        else send(question);
      }
      function send(question) {
        asking = question;
        worker.postMessage({ type: "ask", id: question.id, request: question.request });
      }
      handlers.answer = function (message) {
        var question = asking;
        asking = null;
        if (queued) {
          var next = queued;
          queued = null;
          send(next);
        }
        if (message.id !== latest) return;
        if (message.error) {
          shown(function () {
            out.classList.add("lb-error");
            out.textContent = sentence(message.error);
          });
          return;
        }
        page = message.answer.page;
        // Built apart, in steps, then shown at once: no half answer, no long task.
        var built = document.createDocumentFragment();
        inSteps(render(built, question.s, message), function () { return message.id !== latest; }).then(function (done) {
          if (!done || message.id !== latest) return;
          form.querySelector("[data-role=flagged-count]").textContent = "(" + grouped(message.answer.flagged) + ")";
          shown(function () { out.appendChild(built); });
        });
      };
      // Replace what the output shows, all at once, and say it is the current answer.
      function shown(fill) {
        out.textContent = "";
        out.classList.remove("lb-error");
        fill();
        answered();
      }

      function update(event) {
        if (event && event.type !== "finder:page") page = 1;
        defaultSort();
        // A "change" after the "input" that already asked (a field losing focus) asks nothing
        // new: the answer, and the links a reader may be clicking, stay as they are.
        var key = JSON.stringify(stateOf(form, page));
        if (key === askedFor) return;
        askedFor = key;
        latest += 1;
        var s;
        try {
          s = settings();
        } catch (error) {
          queued = null;
          follow(stateOf(form, 1));
          shown(function () {
            out.classList.add("lb-error");
            out.textContent = sentence(error.message);
          });
          return;
        }
        follow(s.state);
        var request = {
          task: s.state.task, licence: s.state.licence, language: s.state.lang, chat: s.state.kind === "chat",
          includeFlagged: s.state.flagged === "1", budget: s.budget, precision: s.state.precision,
          context: s.context, sort: s.state.sort, page: page
        };
        ask({ id: latest, request: request, s: s });
      }

      // The answer's nodes, appended to ``out`` by steps (see ``inSteps``).
      function render(out, s, message) {
        var answer = message.answer, rowsById = message.rows, jobs = [];
        jobs.push(function () {
          var summary = el("p", grouped(answer.matched) + " models match the task, licence and language; " +
            grouped(answer.fitting) + " fit in " + m.format(s.budget, s.unit) + " at " + grouped(s.context) + " tokens in " +
            m.precision(s.state.precision).name + "." +
            (answer.tooBig ? " " + grouped(answer.tooBig) + " need more memory." : "") +
            (answer.tooLong ? " " + grouped(answer.tooLong) + " accept fewer tokens." : ""));
          summary.dataset.role = "summary";
          out.appendChild(summary);
          if (answer.flaggedOut) {
            var flagged = el("p", grouped(answer.flaggedOut) + " more are flagged and left out: their listed size or precision " +
              "contradicts their name or base model, or the leaderboard's community flagged them. Tick “include flagged” to see them.");
            flagged.dataset.role = "flagged";
            out.appendChild(flagged);
          }
        });
        if (answer.shown.length) {
          var list = el("ol", null, { "class": "finder-shortlist", start: String((answer.page - 1) * spec.query.pageSize + 1) });
          jobs.push(function () { out.appendChild(list); });
          answer.shown.forEach(function (item) {
            jobs.push(function () { list.appendChild(entry(m, data, item, rowsById, s.unit, terms)); });
          });
          jobs.push(function () { pager(out, answer, s.state, go); });
        } else {
          jobs.push(function () {
            var none = el("p", "No model of this task fits these conditions.");
            none.dataset.role = "none";
            out.appendChild(none);
            if (answer.relaxations.length) {
              var ways = el("ul", null, { "class": "finder-relaxations" });
              answer.relaxations.forEach(function (change) {
                var li = el("li");
                li.dataset.field = change.field;
                var words = change.field === "budget" ? "with " + change.value + " GB of GPU memory, the smallest would fit"
                  : change.field === "context" ? "at " + grouped(change.value) + " tokens, " + grouped(change.count) + " would fit"
                    : RELAXED[change.field] + ", " + grouped(change.count) + " would fit";
                li.appendChild(document.createTextNode(sentence(words).replace(/\.$/, ": ")));
                // To the answer, not the top of the form: on a phone that is screens above it.
                var relaxed = address(relaxedState(s.state, change, m, s.unit)).replace(/#.*$/, "");
                li.appendChild(link("show them", relaxed + "#finder-answer"));
                ways.appendChild(li);
              });
              out.appendChild(ways);
            }
          });
        }
        group(jobs, out, m, data, answer.unknownSize, rowsById, s.unit, terms,
          "more match but their size is unknown, so whether they fit cannot be told:", "finder-unknown");
        group(jobs, out, m, data, answer.languageUnknown, rowsById, s.unit, terms,
          "more match but list no language (or only “multilingual”), so whether they cover yours cannot be told:", "finder-unknown-language");
        return jobs;
      }

      // The row and recorded shape of one model id, from the worker's data.
      var lookups = {}, lookupCount = 0;
      handlers.row = function (message) {
        var resolve = lookups[message.id];
        delete lookups[message.id];
        resolve({ row: message.row, shape: message.shape });
      };
      function lookup(id) {
        return new Promise(function (resolve) {
          lookups[++lookupCount] = resolve;
          worker.postMessage({ type: "row", id: lookupCount, model: id });
        });
      }

      form.addEventListener("input", update);
      form.addEventListener("change", update);
      update({ type: "finder:page" });
      if (single) setUpSingle(single, form, m, hub, lookup, terms);
    };
  }

  // One model, by id: its row when the data has it, else its config read from the Hub.
  function setUpSingle(single, form, m, hub, lookup, terms) {
    var token = 0;
    function show() {
      var out = single.elements.result;
      var id = single.elements.model.value.trim();
      out.textContent = "";
      out.classList.remove("lb-error");
      delete out.dataset.ready;
      if (!id) return;
      var mine = ++token;
      var budget, context, precision;
      try {
        budget = m.parseMemory(form.elements.gpu.value);
        context = m.parseContext(form.elements.context.value || "4k");
        precision = form.elements.precision.value;
      } catch (error) {
        out.classList.add("lb-error");
        out.textContent = sentence(error.message);
        return;
      }
      var unit = /gib/i.test(form.elements.gpu.value) ? "GiB" : "GB";
      var source = lookup(id).then(function (held) {
        if (held.row && held.shape) return { shape: held.shape, params: held.row.params, how: "the site's data" };
        if (mine === token) out.textContent = "Reading " + id + " …";
        return hub.model(id).then(function (found) {
          return { shape: m.shapeFromConfig(found.config), params: found.params, how: "its config.json on the Hub" };
        });
      });
      source.then(function (found) {
        if (mine !== token) return;
        var plan = m.plan({ shape: found.shape, params: found.params, precision: precision, context: context, budget: budget });
        out.textContent = "";
        var verdict = plan.beyondContext ? "Does not fit: it accepts at most " + grouped(plan.contextLimit) + " tokens."
          : plan.fits ? "Fits: " + m.format(plan.total, unit) + " in all." : plan.fits === false ? "Does not fit: " + m.format(plan.total, unit) + "."
            : "The known terms fit (" + m.format(plan.total, unit) + ").";
        var p = append(el("p"), [id + " (", terms.term("shape"), " from " + found.how + "): "]);
        p.appendChild(el("strong", verdict));
        p.dataset.verdict = plan.beyondContext ? "too-long" : plan.fits === true ? "fits" : plan.fits === false ? "too-big" : "known";
        out.appendChild(p);
        out.appendChild(append(el("p"), planTerms(plan, m, unit, terms)));
        out.dataset.ready = "1";
      }, function (error) {
        if (mine !== token) return;
        out.classList.add("lb-error");
        out.textContent = sentence(error.message);
        out.dataset.ready = "1";
      });
    }
    single.addEventListener("submit", function (event) { event.preventDefault(); show(); });
    single.elements.model.addEventListener("change", show);
    form.addEventListener("change", show);
    single.dataset.ready = "1";
  }

  function setUpAll() {
    var form = document.getElementById("finder");
    if (!form || form.dataset.bound) return;
    form.dataset.bound = "1";
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    setUp(form, document.getElementById("finder-model"));
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(setUpAll);
  else document.addEventListener("DOMContentLoaded", setUpAll);
})();
