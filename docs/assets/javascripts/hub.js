// A model's config.json and parameter count, read by the reader's browser from the Hub the site
// names (spec.hub.endpoint), for a model id the site's data does not hold. The Hub serves both to
// any page (CORS); nothing is sent but the two GET requests, never a token.
window.hfguideHub = function (hub) {
  "use strict";
  var cache = {};
  var ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9_][A-Za-z0-9._-]{0,95}$/;

  function problem(message, kind) {
    var error = new Error(message);
    error.name = "HubError";
    error.kind = kind;
    return error;
  }
  function path(id) { return id.split("/").map(encodeURIComponent).join("/"); }
  function checked(response, id) {
    if (response.status === 401 || response.status === 403) {
      throw problem("the model " + id + " is gated or private: the Hub shows its files only to accounts that " +
        "were given access (request it on the model's page); enter its size instead (like 7B)", "gated");
    }
    if (response.status === 404) throw problem("the Hub has no model " + id, "missing");
    if (!response.ok) throw problem("the Hub answered " + response.status + " for " + id, "failed");
    return response.json().then(null, function () { throw problem("the config.json of " + id + " is not JSON", "invalid"); });
  }
  function looksLikeId(text) { return ID.test(text); }

  // { config, params } for a model id; params is the Hub's count of its weights, or null.
  function model(id) {
    if (!looksLikeId(id)) return Promise.reject(problem("'" + id + "' is not a Hub model id (org/name)", "invalid"));
    if (!cache[id]) {
      var base = hub.endpoint.replace(/\/+$/, "");
      var config = fetch(base + "/" + path(id) + "/resolve/main/config.json", { credentials: "omit" })
        .then(function (r) { return checked(r, id); });
      var info = fetch(base + "/api/models/" + path(id) + "?expand%5B%5D=safetensors", { credentials: "omit" })
        .then(function (r) { return r.ok ? r.json() : null; }, function () { return null; });
      cache[id] = Promise.all([config, info]).then(function (both) {
        var total = both[1] && both[1].safetensors ? both[1].safetensors.total : null;
        var params = typeof total === "number" && isFinite(total) && total > 0 ? total : null;
        if (both[0] === null || typeof both[0] !== "object" || Array.isArray(both[0])) {
          throw problem("the config.json of " + id + " is not a JSON object", "invalid");
        }
        return { config: both[0], params: params };
      }, function (error) {
        delete cache[id];
        if (error.name === "HubError") throw error;
        throw problem("the Hub could not be reached for " + id + "; enter its size instead (like 7B)", "unreachable");
      });
    }
    return cache[id];
  }
  return { model: model, looksLikeId: looksLikeId, endpoint: hub.endpoint };
};
