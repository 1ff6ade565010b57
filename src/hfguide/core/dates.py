"""Dates as the project stores them: UTC timestamps to the second, and the days they fall on."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

#: A day (``2026-01-31``) or a UTC time to the second or finer (``2026-01-31T12:00:00Z``).
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z)?")


def now_iso() -> str:
    """The current UTC time to the second, as ``2026-01-31T12:00:00Z``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso(value: Any) -> Any:
    """A ``datetime`` as a UTC timestamp (a naive one counts as UTC); other values unchanged."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def days(stamps: Iterable[Any]) -> list[str]:
    """The distinct days (``YYYY-MM-DD``) of some timestamps, in order."""
    return sorted({str(s)[:10] for s in stamps if s})
