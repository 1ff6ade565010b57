// The memory formulas of hfguide.memory, for the browser. The constants are not written here:
// the page embeds them as JSON generated from the Python module (hfguide.memory.browser_constants),
// and the tests check that both give the same numbers on the same cases.
window.hfguideMemory = function (c) {
  "use strict";
  function fail(message) {
    var error = new Error(message);
    error.name = "MemoryEstimateError";
    throw error;
  }
  function checkParams(params) {
    if (typeof params !== "number" || !isFinite(params)) fail("the parameter count must be a number");
    if (params <= 0) fail("the parameter count must be positive, not " + params);
    return params;
  }
  function bytesPerParameter(precision) {
    if (!Object.prototype.hasOwnProperty.call(c.bytesPerParameter, precision)) {
      fail("unknown precision '" + precision + "'; choose one of " + Object.keys(c.bytesPerParameter).join(", "));
    }
    return c.bytesPerParameter[precision];
  }
  function weightsGb(params, precision) {
    return checkParams(params) * bytesPerParameter(precision) / 1e9;
  }
  function inferenceGb(params, precision) {
    return weightsGb(params, precision) * c.overheadFactor;
  }
  function fits(params, precision, budgetGb) {
    if (!(typeof budgetGb === "number" && budgetGb > 0)) fail("the memory budget must be a positive number of GB");
    return inferenceGb(params, precision) <= budgetGb;
  }
  function sizeBucket(billions) {
    if (billions === null || billions === undefined || !isFinite(billions) || billions <= 0) return c.unknownBucket;
    for (var i = 0; i < c.sizeBuckets.length; i++) {
      var b = c.sizeBuckets[i];
      if (billions > b[1] && (b[2] === null || billions <= b[2])) return b[0];  // (low, high]
    }
    return c.unknownBucket;
  }
  function parseParams(text) {
    var cleaned = String(text).trim().replace(/[_,]/g, "");
    var scales = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
    var last = cleaned.slice(-1).toLowerCase();
    var scale = scales[last] || 1;
    var number = scales[last] ? cleaned.slice(0, -1) : cleaned;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(number)) {
      fail("'" + text + "' is not a parameter count (try 7B, 350M or 7e9)");
    }
    return checkParams(parseFloat(number) * scale);
  }
  return {
    weightsGb: weightsGb, inferenceGb: inferenceGb, fits: fits, sizeBucket: sizeBucket,
    parseParams: parseParams, bytesPerParameter: bytesPerParameter, constants: c
  };
};
