"""The Open LLM Leaderboard (v2) results: fetched from the Hub data set (``fetch``), reduced to
rows (``rows``) with plausibility doubts (``plausibility``), checked (``check``) and kept in
``data/leaderboard.json`` (``store``). What the site asks of the rows is in
[`hfguide.queries`][hfguide.queries]."""

from hfguide.data.leaderboard.fetch import fetch
from hfguide.data.leaderboard.rows import (
    BENCHMARKS,
    COLUMNS,
    REPO_ID,
    TYPE_LABELS,
    TYPES,
    LeaderboardRow,
    rows_from_frame,
    type_key,
)
from hfguide.data.leaderboard.store import LeaderboardData, read, text, write

__all__ = [
    "BENCHMARKS",
    "COLUMNS",
    "REPO_ID",
    "TYPES",
    "TYPE_LABELS",
    "LeaderboardData",
    "LeaderboardRow",
    "fetch",
    "read",
    "rows_from_frame",
    "text",
    "type_key",
    "write",
]
