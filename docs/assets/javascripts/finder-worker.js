// The model finder's worker: it holds the candidates of planner/finder.json and answers the one
// query (query.js, planned with memory.js: the very scripts the pages load) off the page's main
// thread, so typing in the form never waits on planning thousands of rows. finder.js fetches the
// data files and hands their bytes over; this parses them, then answers one message at a time:
//   {type: "data", spec, finder, shapes}  ->  {type: "loaded", data}  (the data less its rows)
//   {type: "ask", id, request}            ->  {type: "answer", id, answer, rows}
//   {type: "row", id, model}              ->  {type: "row", id, row, shape}
// Any failure to start comes back as {type: "failed", message}.
(function () {
  "use strict";
  self.window = self;  // memory.js and query.js define window.hfguideMemory and window.hfguideQuery
  importScripts("memory.js", "query.js");

  var query = null, rows = null, byId = null, shapes = null;

  function parsed(buffer) { return JSON.parse(new TextDecoder().decode(buffer)); }

  function load(message) {
    var data = parsed(message.finder);
    shapes = parsed(message.shapes).shapes;
    query = self.hfguideQuery(message.spec.query, self.hfguideMemory(message.spec.memory));
    rows = query.rowsOf(data);
    byId = new Map();
    rows.forEach(function (row) { byId.set(row.id, row); });
    var rest = {};
    Object.keys(data).forEach(function (key) { if (key !== "rows" && key !== "columns") rest[key] = data[key]; });
    return rest;
  }

  // The answer and the rows it lists.
  function answer(request) {
    var found = query.shortlist(rows, request, shapes);
    var listed = {};
    [found.shown, found.unknownSize, found.languageUnknown].forEach(function (items) {
      items.forEach(function (item) { listed[item.id] = byId.get(item.id); });
    });
    return { answer: found, rows: listed };
  }

  self.onmessage = function (event) {
    var message = event.data;
    if (message.type === "data") {
      var data;
      try {
        data = load(message);
      } catch (error) {
        self.postMessage({ type: "failed", message: error.message });
        return;
      }
      self.postMessage({ type: "loaded", data: data });
    } else if (message.type === "ask") {
      var reply;
      try {
        reply = Object.assign({ type: "answer", id: message.id }, answer(message.request));
      } catch (error) {
        reply = { type: "answer", id: message.id, error: error.message };
      }
      self.postMessage(reply);
    } else if (message.type === "row") {
      var row = byId.get(message.model) || null;
      self.postMessage({
        type: "row", id: message.id, row: row,
        shape: row && row.shape && Object.prototype.hasOwnProperty.call(shapes, row.shape) ? shapes[row.shape] : null
      });
    }
  };
})();
