"""The checks a leaderboard row passes before a snapshot (or the disk cache) keeps it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hfguide.core.checks import (
    check_bool,
    check_finite,
    check_one_of,
    check_text,
    check_whole,
    optional,
)
from hfguide.data.checks import check_timestamp
from hfguide.data.leaderboard.rows import BENCHMARKS, TYPES, LeaderboardRow
from hfguide.data.provenance import too_many_dropped
from hfguide.hub.errors import HubError

#: What each known column may hold (``None``: the leaderboard has no value).
ROW_CHECKS = {
    "id": check_text(200),
    "type": check_one_of(frozenset(key for key, _, _ in TYPES)),
    "precision": optional(check_text(40)),
    "params": optional(check_finite(1e5)),
    "bucket": optional(check_text(40)),
    "license": optional(check_text(200)),
    "likes": optional(check_whole(0, 10**9)),
    "weight_type": optional(check_text(100)),
    "architecture": optional(check_text(200)),
    "co2": optional(check_finite(1e6)),
    "average": optional(check_finite(1000)),
    **{key: optional(check_finite(1000)) for key, _ in BENCHMARKS},
    "submitted": optional(check_timestamp),
    "base": optional(check_text(200)),
    **{flag: check_bool for flag in ("hub", "moe", "flagged", "merged", "official")},
    "chat_template": check_bool,
}


def _other_value(value: Any) -> str | None:
    """A column the checks do not know: a short scalar, or a short list of short texts."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return check_finite(1e15)(value)
    if isinstance(value, str):
        return None if len(value) <= 500 else "is longer than 500 characters"
    if isinstance(value, list) and len(value) <= 20 and all(isinstance(v, str) for v in value):
        return None if all(len(v) <= 500 for v in value) else "has an entry that is too long"
    return "is not a short value"


def row_problem(row: LeaderboardRow) -> str | None:
    """What makes a leaderboard row unfit for the snapshot, in a few words; ``None`` if fine."""
    for name, value in row.items():
        if (problem := ROW_CHECKS.get(name, _other_value)(value)) is not None:
            return f"{name} {problem}"
    return None


def check_rows(rows: list[LeaderboardRow]) -> tuple[list[LeaderboardRow], list[tuple[str, str]]]:
    """The rows that pass ``row_problem``, and the others' ids with their problems.

    Args:
        rows: Leaderboard rows as ``rows_from_frame`` makes them.

    Raises:
        HubError: too many rows fail, so the data is not worth a refresh.
    """
    kept, dropped = [], []
    for row in rows:
        if (problem := row_problem(row)) is None:
            kept.append(row)
        else:
            dropped.append((str(row.get("id"))[:100], problem))
    if too_many_dropped(len(dropped), len(rows)):
        raise HubError(
            f"{len(dropped)} of {len(rows)} leaderboard rows failed the checks; nothing was written"
        )
    return kept, dropped


def checked_rows(rows: list[LeaderboardRow], warn: Callable[[str], None]) -> list[LeaderboardRow]:
    """The rows that pass ``row_problem``; the others are dropped with a warning each.

    Raises:
        HubError: too many rows fail, so the data is not worth a refresh.
    """
    kept, dropped = check_rows(rows)
    for row_id, problem in dropped:
        warn(f"left out leaderboard row {row_id!r}: {problem}")
    return kept
