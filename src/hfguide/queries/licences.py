"""Licences: the permissive group, and matching a row's licence against what a reader asked for
(any case; ``NOT_STATED`` for rows that state none)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from hfguide.data.leaderboard import LeaderboardRow

NOT_STATED = "__none__"  # the licence filter's value for rows that state no licence

#: Licences that allow commercial use with light conditions (notices, attribution). Orientation
#: only: the guide says to read the licence itself.
PERMISSIVE_LICENSES = frozenset(
    {
        "apache-2.0",
        "mit",
        "bsd",
        "bsd-2-clause",
        "bsd-3-clause",
        "bsd-3-clause-clear",
        "isc",
        "cc-by-4.0",
        "cc0-1.0",
        "unlicense",
        "postgresql",
        "zlib",
        "bsl-1.0",
        "ecl-2.0",
        "wtfpl",
    }
)


def licence_matcher(
    rows: list[LeaderboardRow], licences: list[str] | None = None, *, permissive: bool = False
) -> Callable[[LeaderboardRow], bool]:
    """A test for a row's licence.

    Args:
        rows: The leaderboard rows (to check the names against).
        licences: Licences to accept, as the Hub spells them, any case;
            [`NOT_STATED`][NOT_STATED] accepts rows without one. None or empty: any licence.
        permissive: Also accept any licence of [`PERMISSIVE_LICENSES`][PERMISSIVE_LICENSES].

    Returns:
        A function that takes a row and says whether its licence is accepted.

    Raises:
        UnknownLicence: A name that no row carries; the message names the closest ones.
    """
    known = {(r.get("license") or "").lower() for r in rows} - {""}
    wanted = {name.strip().lower() for name in licences or [] if name.strip()}
    for name in sorted(wanted - known - {NOT_STATED}):
        raise UnknownLicence(name, _closest(name, known))
    if not wanted and not permissive:
        return lambda row: True
    allowed = wanted | (PERMISSIVE_LICENSES if permissive else set())
    return lambda row: (row.get("license") or NOT_STATED).lower() in allowed


def _squeeze(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name)


def _closest(name: str, known: set[str]) -> list[str]:
    by_squeezed = {_squeeze(k): k for k in sorted(known)}
    close = difflib.get_close_matches(_squeeze(name), list(by_squeezed), n=3, cutoff=0.6)
    return [by_squeezed[c] for c in close]


class UnknownLicence(ValueError):
    def __init__(self, name: str, suggestions: list[str]):
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no licence {name!r} in the leaderboard data{hint}")
        self.name, self.suggestions = name, suggestions
