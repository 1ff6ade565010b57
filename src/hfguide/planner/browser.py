"""The bridge to the browser: the constants ``memory.js`` plans with, and what the calculators
do with what a reader typed (``estimate``, run by both implementations on the same cases)."""

from __future__ import annotations

import math
from typing import Any

from hfguide.planner.errors import MemoryEstimateError
from hfguide.planner.parsing import (
    CONTEXT_SCALES,
    MAX_BATCH,
    MAX_CONTEXT,
    MEMORY_UNITS,
    PARAM_SCALES,
    UNITS,
    check_params,
    check_unit,
    parse_batch,
    parse_context,
    parse_memory,
    parse_params,
)
from hfguide.planner.plan import (
    ADAM_MIXED_BYTES,
    ALLOCATOR_SLACK,
    LAYER_ACTIVATION_BYTES,
    LORA_RANK,
    NO_CACHE,
    PREFILL_CHUNK,
    RUNTIME_BYTES,
    TRAIN_MODES,
    UNKNOWN_COUNT,
    accepted_context,
    max_batch,
    max_context,
    plan,
)
from hfguide.planner.precisions import ALIASES, PRECISIONS
from hfguide.planner.shapes import (
    BERT_STYLE,
    ENCODER_DECODER,
    ENCODER_ONLY,
    FIELDS,
    FOUR_NORMS,
    GATED_MLP,
    GEMMA3_PATTERN,
    KINDS,
    MAX_DIMENSION,
    MAX_LAYERS,
    POSITION_OFFSET,
    QK_NORMS,
    QKV_BIAS,
    TIED_BY_DEFAULT,
    TYPICAL_CONTEXT,
    Shape,
    ShapeError,
    shape_from_config,
)
from hfguide.planner.sizes import SIZE_BUCKETS, UNKNOWN_BUCKET


def browser_constants() -> dict[str, Any]:
    """Everything ``memory.js`` needs, generated from this module: the browser has no constants
    of its own."""
    return {
        "precisions": [
            {"name": p.name, "bits": p.bits, "family": p.family, "linearOnly": p.linear_only}
            for p in PRECISIONS
        ],
        "aliases": ALIASES,
        "units": UNITS,
        "memoryUnits": MEMORY_UNITS,
        "paramScales": PARAM_SCALES,
        "contextScales": CONTEXT_SCALES,
        "maxContext": MAX_CONTEXT,
        "maxBatch": MAX_BATCH,
        "prefillChunk": PREFILL_CHUNK,
        "runtimeBytes": RUNTIME_BYTES,
        "allocatorSlack": ALLOCATOR_SLACK,
        "adamMixedBytes": ADAM_MIXED_BYTES,
        "loraRank": LORA_RANK,
        "layerActivationBytes": LAYER_ACTIVATION_BYTES,
        "trainModes": list(TRAIN_MODES),
        "noCache": NO_CACHE,
        "unknownCount": UNKNOWN_COUNT,
        "shapes": {
            "fields": FIELDS,
            "tiedByDefault": sorted(TIED_BY_DEFAULT),
            "gatedMlp": sorted(GATED_MLP),
            "fourNorms": sorted(FOUR_NORMS),
            "qkNorms": sorted(QK_NORMS),
            "qkvBias": sorted(QKV_BIAS),
            "gemma3Pattern": GEMMA3_PATTERN,
            "maxDimension": MAX_DIMENSION,
            "maxLayers": MAX_LAYERS,
            "encoderOnly": sorted(ENCODER_ONLY),
            "encoderDecoder": sorted(ENCODER_DECODER),
            "bertStyle": sorted(BERT_STYLE),
            "positionOffset": POSITION_OFFSET,
            "typicalContext": TYPICAL_CONTEXT,
            "kinds": list(KINDS),
        },
        "gatedMlp": sorted(GATED_MLP),
        "sizeBuckets": [
            [label, low, None if math.isinf(high) else high] for label, low, high in SIZE_BUCKETS
        ],
        "unknownBucket": UNKNOWN_BUCKET,
    }


def estimate(request: dict[str, Any], shapes: dict[str, Shape]) -> dict[str, Any]:
    """What the calculators do with what a reader typed.

    The browser's ``estimate`` takes and returns the same (``tests/cases/planner-cases.json`` runs
    both).

    Args:
        request: Text fields as typed: ``model`` or ``params``, ``precision``, ``context``,
            ``batch``, ``kvPrecision``, ``train``, ``gpu``, ``unit``; for a model whose config
            was fetched from the Hub, ``config`` (its ``config.json``) and ``hubParams`` (the
            parameter count the Hub gives, or null).
        shapes: Model ids mapped to their recorded shapes.

    Returns:
        The plan as JSON, with the longest context and largest batch that fit when a GPU is given.

    Raises:
        MemoryEstimateError: a field cannot be read, ``model`` has no recorded config and none was
            given, or the config given describes no shape the planner can use.
    """
    unit = check_unit(request.get("unit") or "GB")
    shape = None
    params = None
    model = str(request.get("model") or "").strip()
    if request.get("config") is not None:
        try:
            shape = shape_from_config(request["config"])
        except ShapeError as err:
            raise MemoryEstimateError(f"the config.json of {model or 'the model'}: {err}") from None
        params = request.get("hubParams")
        params = check_params(params) if params is not None else None
    elif model:
        shape = shapes.get(model)
        if shape is None:
            raise MemoryEstimateError(f"no recorded config for {model}")
    else:
        params = parse_params(request.get("params", ""))
    settings: dict[str, Any] = {
        "params": params,
        "shape": shape,
        "precision_name": request.get("precision") or "bfloat16",
        "context": parse_context(request.get("context") or "4096"),
        "batch": parse_batch(request.get("batch") or "1"),
        "kv_precision": request.get("kvPrecision") or None,
        "train": request.get("train") or "none",
    }
    budget = parse_memory(request["gpu"]) if request.get("gpu") else None
    result = plan(**settings, budget=budget).to_json()
    result["unit"] = unit
    result["budget"] = budget
    if budget is not None and shape is not None:
        if settings["train"] == "none":
            result["maxContext"] = max_context(budget, **settings)
        result["maxBatch"] = max_batch(budget, **settings)
        result["maxBatchContext"] = accepted_context(settings["context"], shape)
    return result
