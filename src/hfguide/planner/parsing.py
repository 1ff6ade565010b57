"""What readers type, read: parameter counts, context lengths, batch sizes, amounts of memory.

Units: GB is 10^9 bytes (as GPU memory is sold), GiB is 2^30 bytes (as ``nvidia-smi`` and
PyTorch report). Context lengths count tokens in powers of two: ``128k`` is 131,072 tokens, as
model configs write it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from hfguide.planner.errors import MemoryEstimateError

UNITS: dict[str, float] = {"GB": 1e9, "GiB": float(2**30)}
MEMORY_UNITS: dict[str, float] = {
    "mb": 1e6,
    "mib": float(2**20),
    "gb": 1e9,
    "gib": float(2**30),
    "tb": 1e12,
    "tib": float(2**40),
}
PARAM_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
CONTEXT_SCALES = {"k": 1024, "m": 1024 * 1024}
MAX_CONTEXT = 1 << 24  # 16M tokens: beyond any model's context
MAX_BATCH = 1 << 16


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?"
_SCALED = re.compile(rf"^({_NUMBER})\s*([a-z]*)$", re.IGNORECASE)


def _scaled(text: Any, what: str, example: str, scales: dict[str, float]) -> float:
    cleaned = str(text).strip().replace("_", "").replace(",", "")
    match = _SCALED.match(cleaned)
    suffix = match.group(2).lower() if match else ""
    if not match or (suffix and suffix not in scales):
        raise MemoryEstimateError(f"{str(text).strip()!r} is not {what} (try {example})")
    value = float(match.group(1)) * scales.get(suffix, 1)
    if not math.isfinite(value):
        raise MemoryEstimateError(f"{str(text).strip()!r} is not {what} (try {example})")
    if value <= 0:
        raise MemoryEstimateError(f"{what} must be positive, not {str(text).strip()}")
    return value


def check_params(params: Any) -> float:
    """The parameter count ``params`` as a float, once it is known to be a positive number.

    Raises:
        MemoryEstimateError: ``params`` is not a number (booleans and NaN included) or not positive.
    """
    if isinstance(params, bool) or not isinstance(params, (int, float)) or params != params:
        raise MemoryEstimateError("the parameter count must be a number")
    if not math.isfinite(params):
        raise MemoryEstimateError("the parameter count must be a number")
    if params <= 0:
        raise MemoryEstimateError(f"the parameter count must be positive, not {params:g}")
    return float(params)


def parse_params(text: Any) -> float:
    """'7B', '7 B', '1.5b', '350M', '7e9' or '7000000000' → a parameter count.

    Raises:
        MemoryEstimateError: ``text`` is not a positive count in one of those forms.
    """
    return check_params(_scaled(text, "a parameter count", "7B, 350M or 7e9", PARAM_SCALES))


def parse_context(text: Any) -> int:
    """'32k' (32,768), '128K', '4096' or '1M' → a number of tokens.

    Raises:
        MemoryEstimateError: ``text`` is not a whole, positive number of tokens, or is beyond any
            model's context.
    """
    tokens = _scaled(text, "a context length", "4096, 32k or 128k", CONTEXT_SCALES)
    if tokens != int(tokens):
        raise MemoryEstimateError(f"a context length is a whole number of tokens, not {text}")
    if tokens > MAX_CONTEXT:
        raise MemoryEstimateError(f"a context of {int(tokens):,} tokens is beyond any model")
    return int(tokens)


def parse_batch(text: Any) -> int:
    """A batch size typed as text (``'8'``) → a whole number from 1 to ``MAX_BATCH``.

    Raises:
        MemoryEstimateError: ``text`` is not a whole number in that range.
    """
    batch = _scaled(text, "a batch size", "1, 4 or 32", {})
    if batch != int(batch) or batch > MAX_BATCH:
        raise MemoryEstimateError(f"a batch size is a whole number up to {MAX_BATCH}, not {text}")
    return int(batch)


def parse_memory(text: Any) -> float:
    """'24GB', '24 GiB', '80' (GB) or '512MiB' → bytes.

    Raises:
        MemoryEstimateError: ``text`` is not a positive amount of memory.
    """
    value = _scaled(text, "an amount of memory", "24GB, 24GiB or 80", {**MEMORY_UNITS, "": 1})
    match = _SCALED.match(str(text).strip().replace("_", "").replace(",", ""))
    return value if match and match.group(2) else value * UNITS["GB"]


def check_unit(unit: str) -> str:
    """The memory unit ``unit`` spelt as ``UNITS`` spells it (``gib`` → ``GiB``).

    Raises:
        MemoryEstimateError: ``unit`` is neither GB nor GiB.
    """
    for name in UNITS:
        if str(unit).strip().lower() == name.lower():
            return name
    raise MemoryEstimateError(f"unknown unit {unit!r}; choose GB (10^9 bytes) or GiB (2^30 bytes)")
