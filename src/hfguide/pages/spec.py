"""Everything the page scripts must agree on with the Python side, written into the pages as one
JSON spec (``<script type="application/json" id="hfguide-spec">``): sentinels, licence groups,
table sizes, the explorer's filters, defaults, columns and sort options, number formatting and the
memory planner's constants. ``tables.js`` and ``explorer.js`` define none of these themselves.

To add an explorer filter or column, add it here (and to the page template); the script reads
the spec. Logic that has to exist in both languages (number formatting, the explorer's filter and
best-that-fits) is held to the shared golden cases in ``tests/data/``.
"""

from __future__ import annotations

from typing import Any

from hfguide.data.leaderboard import BENCHMARKS, NOT_STATED, TYPE_LABELS
from hfguide.pages.formats import MISSING
from hfguide.planner.memory import browser_constants

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
#: Filter values that are not licence names: "any permissive licence", "no licence stated".
PERMISSIVE = "__permissive__"

FIRST_ROWS = 10  # rows a model table shows before "Show all"; the rest wait, cheap to lay out

#: The explorer's filters and their defaults (also the keys of its page address).
EXPLORER_DEFAULTS: dict[str, str] = {
    "q": "",
    "type": "",
    "precision": "",
    "size": "",
    "license": "",
    "merged": "",
    "moe": "",
    "hub": "",
    "flagged": "no",
    "sort": "average",
    "dir": "desc",
    "cols": "",
}
#: Yes/no/any filters: (filter key, label). The row field has the same name.
EXPLORER_TRI_STATE: list[tuple[str, str]] = [
    ("merged", "Merged"),
    ("moe", "MoE"),
    ("hub", "On the Hub"),
    ("flagged", "Flagged"),
]
#: Columns the reader can show or hide: (field, title); shown at first: DEFAULT_OPTIONAL.
OPTIONAL_COLUMNS: list[tuple[str, str]] = [
    ("license", "Licence"),
    ("likes", "Hub likes"),
    ("merged", "Merged"),
    ("moe", "MoE"),
    ("hub", "On the Hub"),
    ("official", "Official provider"),
    ("submitted", "Submitted"),
    ("architecture", "Architecture"),
    ("base", "Base model"),
    ("co2", "CO₂ cost (kg)"),
]
DEFAULT_OPTIONAL = ["license", "co2"]
SORT_OPTIONS: list[tuple[str, str]] = [
    ("average", "Average"),
    *BENCHMARKS,
    ("co2", "CO₂ cost"),
    ("params", "Parameters"),
    ("likes", "Hub likes"),
]
#: Fields the explorer's text search looks in.
SEARCH_FIELDS = ["id", "architecture", "base"]
BEST_FIT_LIMIT = 10


def browser_spec() -> dict[str, Any]:
    """The spec every page script reads (see the module docstring)."""
    return {
        "sentinels": {"permissive": PERMISSIVE, "notStated": NOT_STATED},
        "permissiveLicences": sorted(PERMISSIVE_LICENSES),
        "table": {"firstRows": FIRST_ROWS},
        "numbers": {"missing": MISSING},
        "explorer": {
            "defaults": EXPLORER_DEFAULTS,
            "triState": [key for key, _ in EXPLORER_TRI_STATE],
            "optionalColumns": OPTIONAL_COLUMNS,
            "defaultOptional": DEFAULT_OPTIONAL,
            "sortOptions": SORT_OPTIONS,
            "searchFields": SEARCH_FIELDS,
            "benchmarks": BENCHMARKS,
            "typeLabels": TYPE_LABELS,
            "bestFitLimit": BEST_FIT_LIMIT,
        },
        "memory": browser_constants(),
    }
