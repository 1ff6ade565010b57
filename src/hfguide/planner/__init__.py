"""Will it run: the memory a model needs, term by term, from its size or its shape.

Pure arithmetic, with no Hub and no files: [`parsing`][hfguide.planner.parsing] reads what people
type, [`precisions`][hfguide.planner.precisions] knows the formats,
[`shapes`][hfguide.planner.shapes] reads a ``config.json``, [`plan`][hfguide.planner.plan] adds
up the terms, [`sizes`][hfguide.planner.sizes] holds the leaderboard's size buckets and
[`browser`][hfguide.planner.browser] hands the same constants to the browser's planner. The names
below are the planner's public API, importable from ``hfguide.planner``.
"""

from hfguide.planner.browser import browser_constants, estimate
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
    PREFILL_CHUNK,
    RUNTIME_BYTES,
    TRAIN_MODES,
    Plan,
    Term,
    fits,
    inference_gb,
    kv_cache_bytes,
    lora_parameters,
    max_batch,
    max_context,
    plan,
    weights_gb,
)
from hfguide.planner.precisions import (
    ALIASES,
    BYTES_PER_PARAMETER,
    PRECISION_BY_NAME,
    PRECISIONS,
    TABLE_PRECISIONS,
    Precision,
    bytes_per_parameter,
    is_precision,
    precision,
    precision_key,
)
from hfguide.planner.shapes import Shape, ShapeError, parameter_count, shape_from_config
from hfguide.planner.sizes import SIZE_BUCKETS, UNKNOWN_BUCKET, size_bucket

__all__ = [
    "ADAM_MIXED_BYTES",
    "ALIASES",
    "ALLOCATOR_SLACK",
    "BYTES_PER_PARAMETER",
    "CONTEXT_SCALES",
    "LAYER_ACTIVATION_BYTES",
    "LORA_RANK",
    "MAX_BATCH",
    "MAX_CONTEXT",
    "MEMORY_UNITS",
    "PARAM_SCALES",
    "PRECISIONS",
    "PRECISION_BY_NAME",
    "PREFILL_CHUNK",
    "RUNTIME_BYTES",
    "SIZE_BUCKETS",
    "TABLE_PRECISIONS",
    "TRAIN_MODES",
    "UNITS",
    "UNKNOWN_BUCKET",
    "MemoryEstimateError",
    "Plan",
    "Precision",
    "Shape",
    "ShapeError",
    "Term",
    "browser_constants",
    "bytes_per_parameter",
    "check_params",
    "check_unit",
    "estimate",
    "fits",
    "inference_gb",
    "is_precision",
    "kv_cache_bytes",
    "lora_parameters",
    "max_batch",
    "max_context",
    "parameter_count",
    "parse_batch",
    "parse_context",
    "parse_memory",
    "parse_params",
    "plan",
    "precision",
    "precision_key",
    "shape_from_config",
    "size_bucket",
    "weights_gb",
]
