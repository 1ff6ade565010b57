"""How much memory a model needs: weights by precision, inference overhead, size buckets.

This module is the single source of truth for the numbers the site shows. The leaderboard
explorer's calculator runs the same formulas in the browser from
[`browser_constants`][browser_constants], and the tests check both on the same cases.

Units: GB means 10^9 bytes, as GPU memory is usually quoted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Bytes each parameter takes in storage, by precision.
BYTES_PER_PARAMETER: dict[str, float] = {
    "float32": 4.0,
    "float16": 2.0,
    "bfloat16": 2.0,
    "8bit": 1.0,
    "4bit": 0.5,
    "GPTQ": 0.5,  # GPTQ checkpoints on the leaderboard are 4-bit
}

#: When the architecture is unknown: activations, the KV cache of a modest context and the
#: framework's own buffers add roughly a fifth on top of the weights. A stated rule of thumb,
#: not a measurement; long contexts and big batches need more (see [`kv_cache_gb`][kv_cache_gb]).
OVERHEAD_FACTOR = 1.2

#: The Open LLM Leaderboard's size buckets: (label, lower bound in billions, upper bound), each
#: interval open on the left and closed on the right, so 9.0 B is "~7" and 70.0 B is "~60". The
#: edges are the leaderboard's own ``NUMERIC_INTERVALS`` (``pd.Interval(low, high,
#: closed="right")`` in its Space's ``src/display/utils.py``); ``tests/data/test_leaderboard.py``
#: fails if they drift.
SIZE_BUCKETS: list[tuple[str, float, float]] = [
    ("~1.5", 0, 2),
    ("~3", 2, 4),
    ("~7", 4, 9),
    ("~13", 9, 20),
    ("~35", 20, 45),
    ("~60", 45, 70),
    ("70+", 70, math.inf),
]
UNKNOWN_BUCKET = "?"


class MemoryEstimateError(ValueError):
    """Input that has no memory answer: unknown precision, negative or missing size."""


def bytes_per_parameter(precision: str) -> float:
    try:
        return BYTES_PER_PARAMETER[precision]
    except KeyError:
        raise MemoryEstimateError(
            f"unknown precision {precision!r}; choose one of {', '.join(BYTES_PER_PARAMETER)}"
        ) from None


def _check_params(params: float) -> float:
    if params is None or not isinstance(params, (int, float)) or not math.isfinite(params):
        raise MemoryEstimateError("the parameter count must be a number")
    if params <= 0:
        raise MemoryEstimateError(f"the parameter count must be positive, not {params:g}")
    return float(params)


def weights_gb(params: float, precision: str) -> float:
    """Memory of the weights alone: parameters × bytes per parameter, in GB."""
    return _check_params(params) * bytes_per_parameter(precision) / 1e9


def kv_cache_gb(
    *,
    layers: int,
    kv_heads: int,
    head_dim: int,
    context: int,
    batch: int = 1,
    bytes_per_value: float = 2.0,
) -> float:
    """The attention cache: keys and values for every layer, head, position and sequence."""
    for name, value in (
        ("layers", layers),
        ("kv_heads", kv_heads),
        ("head_dim", head_dim),
        ("context", context),
        ("batch", batch),
    ):
        if value <= 0:
            raise MemoryEstimateError(f"{name} must be positive, not {value}")
    return 2 * layers * kv_heads * head_dim * context * batch * bytes_per_value / 1e9


def inference_gb(params: float, precision: str) -> float:
    """Weights plus the rule-of-thumb overhead ([`OVERHEAD_FACTOR`][OVERHEAD_FACTOR]), in GB."""
    return weights_gb(params, precision) * OVERHEAD_FACTOR


def fits(params: float, precision: str, budget_gb: float) -> bool:
    """Whether a model runs for inference within ``budget_gb`` by the rule of thumb."""
    if budget_gb <= 0:
        raise MemoryEstimateError(f"the memory budget must be positive, not {budget_gb:g}")
    return inference_gb(params, precision) <= budget_gb


def size_bucket(params_billions: float | None) -> str:
    """The leaderboard's size bucket for a parameter count in billions (``?`` if unknown):
    the bucket whose interval ``(low, high]`` holds it."""
    if params_billions is None or math.isnan(params_billions) or params_billions <= 0:
        return UNKNOWN_BUCKET
    for label, low, high in SIZE_BUCKETS:
        if low < params_billions <= high:
            return label
    return UNKNOWN_BUCKET


@dataclass(frozen=True)
class Estimate:
    params: float
    precision: str
    weights_gb: float
    inference_gb: float
    bucket: str


def estimate(params: float, precision: str) -> Estimate:
    return Estimate(
        params=_check_params(params),
        precision=precision,
        weights_gb=weights_gb(params, precision),
        inference_gb=inference_gb(params, precision),
        bucket=size_bucket(params / 1e9),
    )


def parse_params(text: str) -> float:
    """'7B', '1.5b', '350M', '7e9' or '7000000000' → a parameter count."""
    cleaned = str(text).strip().replace("_", "").replace(",", "")
    scale = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}.get(cleaned[-1:].lower(), 1.0)
    number = cleaned[:-1] if scale != 1.0 else cleaned
    try:
        value = float(number) * scale
    except ValueError:
        raise MemoryEstimateError(
            f"{text!r} is not a parameter count (try 7B, 350M or 7e9)"
        ) from None
    return _check_params(value)


def browser_constants() -> dict:
    """The constants the in-browser calculator uses, generated from this module."""
    return {
        "bytesPerParameter": BYTES_PER_PARAMETER,
        "overheadFactor": OVERHEAD_FACTOR,
        "sizeBuckets": [
            [label, low, None if math.isinf(high) else high] for label, low, high in SIZE_BUCKETS
        ],
        "unknownBucket": UNKNOWN_BUCKET,
    }
