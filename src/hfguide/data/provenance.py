"""Where data came from and when, the same way for every snapshot file.

The snapshot files start with the same header — ``format``, ``created_at`` (when the file was
written) and ``endpoint`` (the Hub it was read from, without credentials) — and all are read
through ``read_snapshot_file``, so a missing or damaged file always ends in one
``SnapshotError`` that names the file and the fix.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hfguide.core.dates import TIMESTAMP, days
from hfguide.core.files import recover
from hfguide.core.settings import PROJECT_ROOT, redact_endpoint

T = TypeVar("T")

__all__ = ["SnapshotError", "header", "check_header", "read_snapshot_file", "days", "shown_path"]


#: A refresh fails, writing nothing, when more than this share of the records (or tasks, or
#: leaderboard rows) it received fail the checks, and more than ``MAX_DROPPED_ALWAYS`` of
#: them: a few odd records are the Hub's business, many mean the answers cannot be trusted.
MAX_DROPPED_SHARE = 0.10
MAX_DROPPED_ALWAYS = 2


def too_many_dropped(dropped: int, total: int) -> bool:
    return dropped > MAX_DROPPED_ALWAYS and dropped > MAX_DROPPED_SHARE * total


class SnapshotError(RuntimeError):
    """The snapshot is missing, unreadable or invalid; the message says how to fix it."""


class InvalidSnapshot(ValueError):
    """Raised by a snapshot's parser: what is wrong, in a few words (no file name, no fix)."""


def header(format_: int, created_at: str, endpoint: str) -> dict[str, Any]:
    """The fields every snapshot file starts with."""
    return {"format": format_, "created_at": created_at, "endpoint": redact_endpoint(endpoint)}


def check_header(value: Any, format_: int) -> tuple[str, str]:
    """``(created_at, endpoint)`` of a snapshot's parsed JSON, or ``InvalidSnapshot``."""
    if not isinstance(value, dict):
        raise InvalidSnapshot("it is not a JSON object")
    if value.get("format") != format_:
        raise InvalidSnapshot(f"its format is {value.get('format')!r}, not {format_}")
    created_at, endpoint = value.get("created_at"), value.get("endpoint", "")
    if not isinstance(created_at, str) or not TIMESTAMP.fullmatch(created_at):
        raise InvalidSnapshot("created_at is not a date")
    if not isinstance(endpoint, str) or len(endpoint) > 500:
        raise InvalidSnapshot("endpoint is not a short text")
    return created_at, redact_endpoint(endpoint) if endpoint else ""


def shown_path(path: Path) -> str:
    """``path`` as messages show it: relative to the project when it is inside it."""
    return _shown(Path(path))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def read_snapshot_file(path: Path, what: str, parse: Callable[[Any], T]) -> T:
    """Read a snapshot file with ``parse``; every way it can fail becomes one
    ``SnapshotError`` whose message names the file and says how to fix it.

    An interrupted write of the snapshots is finished (or its leftovers removed) first.
    """
    path = Path(path)
    recover([path.parent])
    shown = _shown(path)
    fix = (
        "run `hfguide refresh` with the Hub (or a replay Hub named by HF_ENDPOINT) reachable, "
        f"or restore it with `git checkout -- {shown}`"
    )
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SnapshotError(
            f"No {what} at {shown} and the Hub could not be queried. Fix: {fix}."
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or "it is not UTF-8 text"
        raise SnapshotError(f"The {what} {shown} cannot be read ({reason}). Fix: {fix}.") from None
    try:
        value = json.loads(text, parse_constant=_no_constant)
        return parse(value)
    except (InvalidSnapshot, KeyError, TypeError, ValueError) as err:
        reason = str(err) if isinstance(err, InvalidSnapshot) else _plain(err)
        raise SnapshotError(
            f"{shown} is not a valid hfguide {what} ({reason}). Fix: {fix}."
        ) from None


def _no_constant(name: str) -> Any:
    raise InvalidSnapshot(f"it holds {name}, which is not a number JSON allows")


def _plain(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"not JSON: {err.msg} at line {err.lineno}"
    if isinstance(err, KeyError):
        return f"{err.args[0]!r} is missing"
    return str(err)[:200]
