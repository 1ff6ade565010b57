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
    PREFILL_CHUNK,
    RUNTIME_BYTES,
    TRAIN_MODES,
    max_batch,
    max_context,
    plan,
)
from hfguide.planner.precisions import ALIASES, PRECISIONS
from hfguide.planner.shapes import GATED_MLP, Shape
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
            ``batch``, ``kvPrecision``, ``train``, ``gpu``, ``unit``.
        shapes: Model ids mapped to their shapes.

    Returns:
        The plan as JSON, with the longest context and largest batch that fit when a GPU is given.

    Raises:
        MemoryEstimateError: a field cannot be read, or ``model`` has no recorded config.
    """
    unit = check_unit(request.get("unit") or "GB")
    shape = None
    params = None
    model = str(request.get("model") or "").strip()
    if model:
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
    return result
