"""Licence groups shared by the model tables, the leaderboard explorer and the CLI."""

from __future__ import annotations

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
