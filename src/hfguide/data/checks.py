"""Checks the data sets share beyond those of ``hfguide.core.checks``: a timestamp that names a
real day (and time), and numbers that are finite however deep they sit in a value."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hfguide.core.checks import check_text
from hfguide.core.dates import TIMESTAMP

_TIMESTAMP_TEXT = check_text(40, TIMESTAMP)


def check_timestamp(value: Any) -> str | None:
    """``None`` for a day (``2026-01-31``) or a UTC time (``2026-01-31T12:00:00Z``) that exists;
    else what is wrong, in a few words (``2024-13-45`` has the shape of a date, but is none)."""
    if (problem := _TIMESTAMP_TEXT(value)) is not None:
        return problem
    try:
        dt.date.fromisoformat(value[:10])
        if len(value) > 10:
            dt.time.fromisoformat(value[11:19])
    except ValueError:
        return "is not a real date"
    return None


def non_finite(value: Any, where: str = "", depth: int = 0) -> str | None:
    """Where ``value`` holds ``NaN`` or an infinity (``"rope_scaling.factor"``), or ``None``.

    Lists and objects are searched to a depth of 20; anything deeper counts as a problem too.
    """
    if depth > 20:
        return where or "the value"
    if isinstance(value, float) and not math.isfinite(value):
        return where or "the value"
    if isinstance(value, dict):
        items: Any = ((str(k), v) for k, v in value.items())
    elif isinstance(value, list | tuple):
        items = ((f"[{n}]", v) for n, v in enumerate(value))
    else:
        return None
    for name, item in items:
        inner = f"{where}{name}" if name.startswith("[") or not where else f"{where}.{name}"
        if (found := non_finite(item, inner, depth + 1)) is not None:
            return found
    return None
