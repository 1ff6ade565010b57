"""Licences: the permissive group, and matching a row's licence against what a reader asked for
(any case, several at once; ``permissive`` for the group, ``NOT_STATED`` for rows that state
none)."""

from __future__ import annotations

import difflib
import re

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


PERMISSIVE = "permissive"  #: the name that asks for any licence of ``PERMISSIVE_LICENSES``


def wanted_licences(text: str) -> set[str]:
    """The licences a request names: comma-separated, any case; ``permissive`` stands for the
    whole permissive group, ``NOT_STATED`` for no licence. Empty: any licence."""
    return {name.strip().lower() for name in text.split(",") if name.strip()}


def licence_ok(licence: str | None, wanted: str) -> bool:
    """Whether a licence (``None``: none stated) is one that ``wanted`` names (see
    [`wanted_licences`][wanted_licences])."""
    names = wanted_licences(wanted)
    if not names:
        return True
    own = (licence or NOT_STATED).lower()
    return own in names or (PERMISSIVE in names and own in PERMISSIVE_LICENSES)


def check_known(wanted: str, known: set[str]) -> None:
    """Refuse a licence name that no row carries, naming the closest ones.

    Raises:
        UnknownLicence: A name of ``wanted`` that is not in ``known`` (lower case) and is
            neither ``permissive`` nor ``NOT_STATED``.
    """
    for name in sorted(wanted_licences(wanted) - known - {NOT_STATED, PERMISSIVE}):
        raise UnknownLicence(name, _closest(name, known))


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
