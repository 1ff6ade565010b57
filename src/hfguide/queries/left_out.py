"""Which leaderboard rows the site leaves out of its picks unless a reader includes them (flagged
by the leaderboard's community, or implausible by this guide's checks), and which are merges."""

from __future__ import annotations

from hfguide.data.leaderboard import LeaderboardRow

#: Row fields that keep a row out of the frontier and "best that fits" unless the reader
#: includes it: flagged by the leaderboard's community, or implausible by this guide's checks.
LEFT_OUT_FIELDS = ("flagged", "implausible")
MERGE_TYPE = "merge"


def is_left_out(row: LeaderboardRow) -> bool:
    """Whether the site leaves ``row`` out of its picks: flagged, or with implausible scores."""
    return any(row.get(field) for field in LEFT_OUT_FIELDS)


def is_merge(row: LeaderboardRow) -> bool:
    """A merge by the leaderboard's "Merged" flag or by the type its submitter chose."""
    return bool(row.get("merged")) or row.get("type") == MERGE_TYPE
