// The memory planner of hfguide.planner, for the browser. It holds no constants of its
// own: the page embeds them as JSON generated from the Python module (browser_constants), and
// tests/cases/planner-cases.json runs this file and the Python module on the same cases.
window.hfguideMemory = function (c) {
  "use strict";
  var NUMBER = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*([a-z]*)$/i;
  var byName = {};
  c.precisions.forEach(function (p) { byName[p.name] = p; });

  function fail(message) {
    var error = new Error(message);
    error.name = "MemoryEstimateError";
    throw error;
  }
  function quote(text) { return "'" + String(text) + "'"; }
  var grouped = window.hfguideMemory.grouped;
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function precisionKey(text) { return String(text).toLowerCase().replace(/[\s_\-./]/g, ""); }
  function precision(name) {
    var key = name === null || name === undefined ? null : precisionKey(name);
    if (key === null || !has(c.aliases, key)) {
      fail("unknown precision " + quote(name) + "; try float32, bf16, fp16, fp8, int8, nf4, " +
        "gptq-4bit, awq or a GGUF type such as Q4_K_M");
    }
    return byName[c.aliases[key]];
  }

  function isPrecision(name) {
    return name !== null && name !== undefined && has(c.aliases, precisionKey(name));
  }

  function scaled(text, what, example, scales) {
    var shown = String(text).trim();
    var match = NUMBER.exec(shown.replace(/[_,]/g, ""));
    var suffix = match ? match[2].toLowerCase() : "";
    if (!match || (suffix && !has(scales, suffix))) fail(quote(shown) + " is not " + what + " (try " + example + ")");
    var value = parseFloat(match[1]) * (has(scales, suffix) ? scales[suffix] : 1);
    if (!isFinite(value)) fail(quote(shown) + " is not " + what + " (try " + example + ")");
    if (value <= 0) fail(what + " must be positive, not " + shown);
    return value;
  }
  function checkParams(params) {
    if (typeof params !== "number" || !isFinite(params)) fail("the parameter count must be a number");
    if (params <= 0) fail("the parameter count must be positive, not " + params);
    return params;
  }
  function parseParams(text) {
    return checkParams(scaled(text, "a parameter count", "7B, 350M or 7e9", c.paramScales));
  }
  function parseContext(text) {
    var tokens = scaled(text, "a context length", "4096, 32k or 128k", c.contextScales);
    if (!Number.isInteger(tokens)) fail("a context length is a whole number of tokens, not " + text);
    if (tokens > c.maxContext) fail("a context of " + grouped(tokens) + " tokens is beyond any model");
    return tokens;
  }
  function parseBatch(text) {
    var batch = scaled(text, "a batch size", "1, 4 or 32", {});
    if (!Number.isInteger(batch) || batch > c.maxBatch) {
      fail("a batch size is a whole number up to " + c.maxBatch + ", not " + text);
    }
    return batch;
  }
  function parseMemory(text) {
    var scales = Object.assign({ "": 1 }, c.memoryUnits);
    var value = scaled(text, "an amount of memory", "24GB, 24GiB or 80", scales);
    var match = NUMBER.exec(String(text).trim().replace(/[_,]/g, ""));
    return match && match[2] ? value : value * c.units.GB;
  }
  function checkUnit(unit) {
    var names = Object.keys(c.units);
    for (var i = 0; i < names.length; i++) {
      if (String(unit).trim().toLowerCase() === names[i].toLowerCase()) return names[i];
    }
    fail("unknown unit " + quote(unit) + "; choose GB (10^9 bytes) or GiB (2^30 bytes)");
  }

  // -- a model's shape from its config.json (hfguide.planner.shapes) -----------------------
  var S = c.shapes;
  function shapeFail(message) {
    var error = new Error(message);
    error.name = "ShapeError";
    throw error;
  }
  function isIn(list, value) { return list.indexOf(value) !== -1; }
  function modelKind(modelType, config) {
    if (config && config.is_encoder_decoder === true) return "encoder-decoder";
    var kind = String(modelType || "").trim().toLowerCase();
    if (isIn(S.encoderOnly, kind)) return "encoder";
    if (isIn(S.encoderDecoder, kind)) return "encoder-decoder";
    return "decoder";
  }
  function pyRepr(value) {
    if (typeof value === "string") return "'" + value + "'";
    if (value === true) return "True";
    if (value === false) return "False";
    if (value === null || value === undefined) return "None";
    return JSON.stringify(value);
  }
  function positiveInt(value, name, limit) {
    limit = limit === undefined ? S.maxDimension : limit;
    if (typeof value !== "number" || !isFinite(value) || value !== Math.floor(value)) {
      shapeFail(name + " must be a whole number, not " + pyRepr(value));
    }
    if (!(value > 0 && value <= limit)) shapeFail(name + " " + pyRepr(value) + " is out of range");
    return value;
  }
  function intField(config, meaning, required) {
    var names = S.fields[meaning];
    for (var i = 0; i < names.length; i++) {
      var v = config[names[i]];
      if (v !== null && v !== undefined) return positiveInt(v, names[i]);
    }
    if (required) shapeFail("the config has no " + names.join(" / "));
    return null;
  }
  function kvLayers(config, modelType, layers, context) {
    var window = config.sliding_window;
    if (window === null || window === undefined || config.use_sliding_window === false) return [[null, layers]];
    window = positiveInt(window, "sliding_window");
    if (context !== null && window >= context) return [[null, layers]];
    var sliding;
    var types = config.layer_types;
    if (types !== null && types !== undefined) {
      if (!Array.isArray(types) || types.length !== layers) shapeFail("layer_types must list one type per layer");
      sliding = types.filter(function (t) { return t === "sliding_attention"; }).length;
    } else if (modelType === "gemma2") {
      sliding = Math.floor((layers + 1) / 2);
    } else if (modelType === "gemma3" || modelType === "gemma3_text") {
      var pattern = positiveInt(config.sliding_window_pattern || S.gemma3Pattern, "sliding_window_pattern");
      sliding = 0;
      for (var i = 0; i < layers; i++) if ((i + 1) % pattern) sliding += 1;
    } else if (isIn(S.qkvBias, modelType) && config.max_window_layers !== null && config.max_window_layers !== undefined) {
      sliding = Math.max(0, layers - positiveInt(config.max_window_layers, "max_window_layers", S.maxLayers));
    } else {
      sliding = layers;
    }
    return [[window, sliding], [null, layers - sliding]].filter(function (pair) { return pair[1]; });
  }
  function embeddingParams(shape) {
    var tables = shape.tied_embeddings || shape.kind === "encoder" ? 1 : 2;
    return tables * shape.vocab * shape.hidden + (shape.learned_positions + shape.type_vocab) * shape.hidden;
  }
  function parameterCount(shape) {
    var h = shape.hidden, layers = shape.layers, kind = shape.model_type, inter = shape.intermediate;
    if (inter === null) shapeFail("the config has no intermediate_size, so the MLP size is unknown");
    var q = shape.heads * shape.head_dim, kv = shape.kv_heads * shape.head_dim;
    var emb = embeddingParams(shape), block;
    if (isIn(S.bertStyle, kind)) {
      block = 4 * (h * h + h) + 2 * h + (h * inter + inter) + (inter * h + h) + 2 * h;
      return emb + 2 * h + layers * block + (kind === "distilbert" ? 0 : h * h + h);
    }
    if (shape.kind !== "decoder") shapeFail("no parameter formula for " + shape.kind + " models of type " + pyRepr(kind));
    if (kind === "gpt2" || kind === "gpt_neox") {
      block = 2 * 2 * h + (h * 3 * h + 3 * h) + (h * h + h) + (h * inter + inter) + (inter * h + h);
      return emb + layers * block + 2 * h;
    }
    if (kind === "phi") {
      var att = h * q + q + 2 * (h * kv + kv) + q * h + h;
      block = 2 * h + att + (h * inter + inter) + (inter * h + h);
      return emb + (shape.tied_embeddings ? 0 : shape.vocab) + layers * block + 2 * h;
    }
    var attention = h * q + 2 * h * kv + q * h;
    if (isIn(S.qkvBias, kind)) attention += q + 2 * kv;
    if (isIn(S.qkNorms, kind)) attention += 2 * shape.head_dim;
    var mlp = shape.experts * (isIn(S.gatedMlp, kind) ? 3 : 2) * h * inter;
    if (shape.experts > 1) mlp += h * shape.experts;
    var norms = (isIn(S.fourNorms, kind) ? 4 : 2) * h;
    return emb + layers * (attention + mlp + norms) + h;
  }
  // The Shape of hfguide.planner.shapes as JSON (Shape.to_json), with params null when the
  // planner has no formula for the family.
  function shapeFromConfig(config) {
    if (config === null || typeof config !== "object" || Array.isArray(config)) shapeFail("a config is a JSON object");
    var modelType = String(config.model_type || "").trim().toLowerCase();
    if (!modelType) shapeFail("the config has no model_type");
    var layers = positiveInt(intField(config, "layers", true), "num_hidden_layers", S.maxLayers);
    var hidden = intField(config, "hidden", true);
    var heads = intField(config, "heads", true);
    var kvHeads = intField(config, "kv_heads", false) || heads;
    if (heads % kvHeads) shapeFail(heads + " attention heads cannot share " + kvHeads + " key-value heads");
    var headDim = config.head_dim === null || config.head_dim === undefined ? null : positiveInt(config.head_dim, "head_dim");
    if (headDim === null) {
      if (hidden % heads) shapeFail("hidden size " + hidden + " is not a multiple of " + heads + " heads");
      headDim = hidden / heads;
    }
    var intermediate = intField(config, "intermediate", false);
    if (modelType === "distilbert" && config.hidden_dim !== null && config.hidden_dim !== undefined) {
      intermediate = positiveInt(config.hidden_dim, "hidden_dim");
    }
    if (intermediate === null && (modelType === "gpt2" || modelType === "gpt_neox")) intermediate = 4 * hidden;
    var positions = intField(config, "context", false);
    var offset = S.positionOffset[modelType] || 0;
    var context = positions !== null && positions > offset ? positions - offset : positions;
    var kind = modelKind(modelType, config);
    var tied = config.tie_word_embeddings;
    tied = tied === null || tied === undefined ? isIn(S.tiedByDefault, modelType) : Boolean(tied);
    var typeVocab = 0;
    if (isIn(S.bertStyle, modelType) && modelType !== "distilbert") {
      typeVocab = positiveInt(config.type_vocab_size === undefined ? 2 : config.type_vocab_size, "type_vocab_size");
    }
    var architectures = config.architectures || [];
    var shape = {
      model_type: modelType, layers: layers, hidden: hidden, heads: heads, kv_heads: kvHeads,
      head_dim: headDim, intermediate: intermediate, vocab: intField(config, "vocab", true),
      context: context, tied_embeddings: tied,
      experts: positiveInt(config.num_local_experts || config.num_experts || 1, "num_local_experts", 4096),
      experts_per_token: positiveInt(config.num_experts_per_tok || 1, "num_experts_per_tok", 4096),
      kv_layers: kind === "encoder" ? [] : kvLayers(config, modelType, layers, context),
      architecture: architectures.length ? String(architectures[0]) : null,
      kind: kind,
      learned_positions: (isIn(S.bertStyle, modelType) || modelType === "gpt2") && positions ? positions : 0,
      type_vocab: typeVocab
    };
    try {
      shape.params = parameterCount(shape);
    } catch (error) {
      if (error.name !== "ShapeError") throw error;
      shape.params = null;
    }
    shape.embedding_params = embeddingParams(shape);
    return shape;
  }

  function kvDim(shape) { return shape.kv_heads * shape.head_dim; }
  function qDim(shape) { return shape.heads * shape.head_dim; }
  function kvCacheBytes(shape, tokens, batch, bytesPerValue) {
    var cached = 0;
    shape.kv_layers.forEach(function (pair) {
      cached += pair[1] * (pair[0] ? Math.min(tokens, pair[0]) : tokens);
    });
    return 2 * kvDim(shape) * cached * batch * bytesPerValue;
  }
  function loraParameters(shape, rank) {
    if (shape.intermediate === null) fail("the model's MLP size is unknown, so its LoRA size is too");
    var h = shape.hidden, q = qDim(shape), kv = kvDim(shape);
    var attention = (h + q) + 2 * (h + kv) + (q + h);
    var matrices = c.gatedMlp.indexOf(shape.model_type) !== -1 ? 3 : 2;
    var mlp = shape.experts * matrices * (h + shape.intermediate);
    return rank * shape.layers * (attention + mlp);
  }
  function windowsText(shape) {
    var parts = [];
    shape.kv_layers.forEach(function (pair) {
      if (pair[0]) parts.push("sliding window of " + grouped(pair[0]) + " tokens on " + pair[1] + " of " + shape.layers + " layers");
    });
    return parts.join("; ") || "no sliding window";
  }

  function plan(o) {
    var train = o.train || "none";
    var context = o.context === undefined ? 4096 : o.context;
    var batch = o.batch === undefined ? 1 : o.batch;
    var shape = o.shape || null;
    if (c.trainModes.indexOf(train) === -1) {
      fail("unknown training mode " + quote(train) + "; one of " + c.trainModes.join(", "));
    }
    if ((o.params === null || o.params === undefined) && !shape) fail("give a parameter count or a model shape");
    var hasParams = o.params !== null && o.params !== undefined;
    if (!hasParams && (shape.params === null || shape.params === undefined)) fail(c.unknownCount);
    var count = checkParams(hasParams ? o.params : shape.params);
    if (!Number.isInteger(context) || context <= 0 || context > c.maxContext) {
      fail("the context must be a whole number of tokens, not " + context);
    }
    if (!Number.isInteger(batch) || batch <= 0 || batch > c.maxBatch) {
      fail("the batch size must be a whole number from 1, not " + batch);
    }
    var budget = o.budget === undefined ? null : o.budget;
    if (budget !== null && !(typeof budget === "number" && budget > 0)) fail("the GPU memory must be a positive amount");
    var kind = o.kind || (shape ? shape.kind : "decoder");
    if (!isIn(S.kinds, kind)) fail("unknown model kind " + quote(kind) + "; one of " + S.kinds.join(", "));
    var contextLimit = o.contextLimit === undefined || o.contextLimit === null ? (shape ? shape.context : null) : o.contextLimit;
    var weightsP = precision(o.precision || "bfloat16");
    if (train === "qlora") weightsP = byName["nf4-dq"];
    if (train === "full" && (weightsP.family !== "float" || weightsP.bits < 16)) {
      fail("full fine-tuning updates every weight, so it needs float32, bfloat16 or float16 weights, not " +
        weightsP.name + "; try train=qlora for a 4-bit base");
    }
    var act = weightsP.name === "float32" ? 4 : 2;
    var terms = [];
    var missing = [];
    function term(key, label, bytes, note) { terms.push({ key: key, label: label, bytes: bytes, note: note }); }
    if (shape && weightsP.linearOnly) {
      var embedding = Math.min(shape.embedding_params, count);
      term("weights", "Weights (" + weightsP.name + ")", (count - embedding) * weightsP.bits / 8 + embedding * 2,
        weightsP.bits + " bits per weight; token embedding and output layer kept in 16 bits");
    } else {
      term("weights", "Weights (" + weightsP.name + ")", count * weightsP.bits / 8, weightsP.bits + " bits per weight");
    }
    var kvP = null;
    if (train === "none") {
      kvP = o.kvPrecision ? precision(o.kvPrecision)
        : (weightsP.family === "float" && weightsP.bits >= 16 ? weightsP : byName.bfloat16);
      if (kind === "encoder") {
        term("kv", "KV cache", 0, c.noCache);
      } else if (kind === "encoder-decoder") {
        missing.push("KV cache");
      } else if (shape) {
        term("kv", "KV cache (" + kvP.name + ")", kvCacheBytes(shape, context, batch, kvP.bits / 8),
          grouped(context) + " tokens × batch " + batch + "; " + windowsText(shape));
      } else {
        missing.push("KV cache");
      }
      if (!shape) {
        missing.push("activations");
      } else if (kind === "encoder") {
        var perTokenEnc = 2 * shape.hidden + qDim(shape) + 2 * kvDim(shape) + 2 * shape.intermediate;
        term("activations", "Activations", batch * context * perTokenEnc * act + batch * context * shape.vocab * 4,
          "one layer's tensors for the whole input of " + grouped(context) + " tokens, plus logits at every " +
          "position in float32 (fill-mask's case; classifiers need less)");
      } else {
        var chunk = Math.min(context, c.prefillChunk);
        var perToken = 2 * shape.hidden + qDim(shape) + 2 * kvDim(shape) +
          shape.experts_per_token * 2 * (shape.intermediate || 4 * shape.hidden);
        term("activations", "Activations", batch * chunk * perToken * act + batch * shape.vocab * 4,
          "one layer's tensors for a prefill chunk of " + grouped(chunk) + " tokens, plus the last logits in float32");
      }
    } else {
      if (train === "full") {
        term("gradients", "Gradients", count * weightsP.bits / 8, "one per weight, " + weightsP.name);
        var master = weightsP.bits === 32 ? 0 : 4;
        term("optimizer", "Adam optimizer states", count * (8 + master),
          "two float32 moments per weight" + (master ? " plus a float32 master copy (mixed precision)" : ""));
      } else if (!shape) {
        missing.push("LoRA adapters");
      } else {
        var adapters = loraParameters(shape, c.loraRank);
        term("adapters", "LoRA adapters, gradients and Adam states", adapters * c.adamMixedBytes,
          grouped(adapters) + " trainable parameters (rank " + c.loraRank + " on every linear layer) × " +
          c.adamMixedBytes + " bytes");
      }
      if (!shape) {
        missing.push("activations");
      } else {
        var tokens = batch * context;
        var checkpoints = tokens * shape.hidden * shape.layers * act;
        var oneLayer = tokens * c.layerActivationBytes * shape.hidden * act / 2;
        var logits = tokens * shape.vocab * 4;
        term("activations", "Activations (training)", checkpoints + oneLayer + logits,
          "gradient checkpointing: each layer's input kept, one layer recomputed at a time; float32 logits for the loss");
      }
    }
    var rest = terms.reduce(function (sum, t) { return sum + t.bytes; }, 0);
    term("overhead", "Framework overhead", c.runtimeBytes + c.allocatorSlack * rest,
      "CUDA context and kernels " + c.runtimeBytes / 1e9 + " GB + allocator slack " +
      Math.round(c.allocatorSlack * 100) + "% of the rest");
    var total = terms.reduce(function (sum, t) { return sum + t.bytes; }, 0);
    var beyond = contextLimit !== null && context > contextLimit;
    var fits = budget === null ? null : (total > budget || beyond ? false : (missing.length ? null : true));
    return {
      params: count, precision: weightsP.name, kvPrecision: kvP ? kvP.name : null, context: context,
      batch: batch, train: train, terms: terms, missing: missing, total: total, fits: fits,
      kind: kind, contextLimit: contextLimit, beyondContext: beyond
    };
  }

  function largest(fitsAt, low, high) {
    if (!fitsAt(low)) return low - 1;
    while (low < high) {
      var middle = Math.floor((low + high + 1) / 2);
      if (fitsAt(middle)) low = middle; else high = middle - 1;
    }
    return low;
  }
  function maxContext(budget, o) {
    if (!o.shape) fail("the longest context needs the model's shape (its config)");
    var limit = o.shape.context || c.maxContext;
    var tokens = largest(function (n) { return plan(Object.assign({}, o, { context: n })).total <= budget; }, 1, limit);
    return { tokens: tokens, limit: tokens === limit ? "model" : "memory" };
  }
  function acceptedContext(context, shape) {
    return shape.context ? Math.min(context, shape.context) : context;
  }
  function maxBatch(budget, o) {
    if (!o.shape) fail("the largest batch needs the model's shape (its config)");
    var at = Object.assign({}, o, { context: acceptedContext(o.context === undefined ? 4096 : o.context, o.shape) });
    return largest(function (n) { return plan(Object.assign({}, at, { batch: n })).total <= budget; }, 1, c.maxBatch);
  }

  // What the calculators do with what a reader typed (the same as hfguide's estimate()).
  function estimate(request, shapes) {
    var unit = checkUnit(request.unit || "GB");
    var shape = null, params = null;
    var model = String(request.model || "").trim();
    if (request.config !== null && request.config !== undefined) {
      try {
        shape = shapeFromConfig(request.config);
      } catch (error) {
        if (error.name !== "ShapeError") throw error;
        fail("the config.json of " + (model || "the model") + ": " + error.message);
      }
      var hub = request.hubParams;
      params = hub === null || hub === undefined ? null : checkParams(hub);
    } else if (model) {
      shape = has(shapes, model) ? shapes[model] : null;
      if (!shape) fail("no recorded config for " + model);
    } else {
      params = parseParams(has(request, "params") ? request.params : "");
    }
    var settings = {
      params: params, shape: shape, precision: request.precision || "bfloat16",
      context: parseContext(request.context || "4096"), batch: parseBatch(request.batch || "1"),
      kvPrecision: request.kvPrecision || null, train: request.train || "none"
    };
    var budget = request.gpu ? parseMemory(request.gpu) : null;
    var result = plan(Object.assign({}, settings, { budget: budget }));
    result.unit = unit;
    result.budget = budget;
    if (budget !== null && shape) {
      if (settings.train === "none") result.maxContext = maxContext(budget, settings);
      result.maxBatch = maxBatch(budget, settings);
      result.maxBatchContext = acceptedContext(settings.context, shape);
    }
    return result;
  }

  // The short forms the leaderboard explorer uses (weights and overhead, from a count alone).
  function weightsGb(params, name) { return checkParams(params) * precision(name).bits / 8 / c.units.GB; }
  function inferenceGb(params, name) { return plan({ params: params, precision: name }).total / c.units.GB; }
  function fits(params, name, budgetGb) {
    if (!(typeof budgetGb === "number" && budgetGb > 0)) fail("the memory budget must be positive, not " + budgetGb);
    return inferenceGb(params, name) <= budgetGb;
  }
  function sizeBucket(billions) {
    if (billions === null || billions === undefined || !isFinite(billions) || billions <= 0) return c.unknownBucket;
    for (var i = 0; i < c.sizeBuckets.length; i++) {
      var b = c.sizeBuckets[i];
      if (billions > b[1] && (b[2] === null || billions <= b[2])) return b[0];  // (low, high]
    }
    return c.unknownBucket;
  }
  function format(bytes, unit) {
    var value = bytes / c.units[unit];
    return window.hfguideMemory.groupDigits(value.toFixed(2)) + " " + unit;
  }

  return {
    precision: precision, isPrecision: isPrecision, parseParams: parseParams, parseContext: parseContext, parseBatch: parseBatch,
    parseMemory: parseMemory, checkUnit: checkUnit, kvCacheBytes: kvCacheBytes, plan: plan,
    maxContext: maxContext, maxBatch: maxBatch, estimate: estimate, weightsGb: weightsGb,
    inferenceGb: inferenceGb, fits: fits, sizeBucket: sizeBucket, format: format,
    modelKind: modelKind, shapeFromConfig: shapeFromConfig, parameterCount: parameterCount,
    acceptedContext: acceptedContext,
    bytesPerParameter: function (name) { return precision(name).bits / 8; }, constants: c,
    grouped: grouped
  };
};

// Numbers grouped as Intl.NumberFormat("en-US") writes them, without Intl for whole numbers: a
// page's first Intl object loads ICU's locale data, 25-60 ms of main thread here and several
// times that on a phone. "1234567.50" -> "1,234,567.50": the digits before the point in threes.
window.hfguideMemory.groupDigits = function (text) {
  var parts = String(text).split(".");
  parts[0] = parts[0].replace(/\B(?=(\d{3})+$)/g, ",");
  return parts.join(".");
};
window.hfguideMemory.grouped = (function () {
  var other = null;  // Intl, made only for a number that is not a whole one (none so far)
  return function (n) {
    var value = Number(n);
    if (Number.isSafeInteger(value)) return window.hfguideMemory.groupDigits(String(value));
    if (!other) other = new Intl.NumberFormat("en-US");
    return other.format(value);
  };
})();
