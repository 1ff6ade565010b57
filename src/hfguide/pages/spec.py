"""Everything the page scripts must agree on with the Python side, written into the pages as one
JSON spec (``<script type="application/json" id="hfguide-spec">``): sentinels, licence groups,
table sizes, the explorer's filters, defaults, columns and sort options, number formatting and the
memory planner's constants. ``tables.js`` and ``explorer.js`` define none of these themselves.

To add an explorer filter or column, add it here (and to the page template); the script reads
the spec. Logic that has to exist in both languages (number formatting, the explorer's filter and
best-that-fits) is held to the shared golden cases in ``tests/cases/``.
"""

from __future__ import annotations

from typing import Any

from hfguide.core.settings import PUBLIC_HUB
from hfguide.data.leaderboard import BENCHMARKS, TYPE_LABELS
from hfguide.pages.formats import MISSING
from hfguide.pages.terms import browser_terms
from hfguide.planner.browser import browser_constants
from hfguide.queries.left_out import LEFT_OUT_FIELDS, MERGE_TYPE
from hfguide.queries.licences import NOT_STATED, PERMISSIVE_LICENSES
from hfguide.queries.shortlist import query_constants

#: Filter values that are not licence names: "any permissive licence", "no licence stated".
PERMISSIVE = "__permissive__"

FIRST_ROWS = 10  # rows a model table shows before "Show all"; the rest wait, cheap to lay out

#: The explorer's filters and their defaults (also the keys of its page address).
EXPLORER_DEFAULTS: dict[str, str] = {
    "search": "",  # not "q": the theme opens its site search for ?q=
    "type": "",
    "precision": "",
    "size": "",
    "license": "",
    "merged": "",
    "moe": "",
    "hub": "",
    "flagged": "no",
    "implausible": "",  # "include": implausible rows join the Pareto frontier
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
#: Words the explorer shows that need explaining where they appear: each is a line of text on
#: the page (its ``id``) and the tooltip of what it explains, which points to that line with
#: ``aria-describedby``.
EXPLORER_TERMS: dict[str, dict[str, str]] = {
    "average": {
        "id": "lb-term-average",
        "name": "Average",
        "text": (
            "the leaderboard's score, from 0 to 100: the mean of its six benchmark scores, each "
            "normalised so that 0 is no better than guessing and 100 is every answer right"
        ),
    },
    "flagged": {
        "id": "lb-term-flagged",
        "name": "Flagged",
        "text": (
            "marked on the Open LLM Leaderboard after a report of a problem with the model, "
            "such as benchmark questions in its training data: its scores may not be fair, so "
            "flagged models are left out unless you ask for them"
        ),
    },
}
#: The explorer's grid columns, in order. ``kind`` says how a cell reads: ``model`` (a link to
#: the Hub), ``label`` (a type key shown by its label), ``number`` (``digits`` decimals, as
#: `hfguide.pages.formats.fixed`), ``flag`` (yes/no) or ``text``; ``term`` names its entry in
#: EXPLORER_TERMS. Optional columns are the ones the reader can show or hide; DEFAULT_OPTIONAL
#: are shown at first. The first view, rendered at build time, shows the columns that are not
#: optional.
EXPLORER_COLUMNS: list[dict[str, Any]] = [
    {"field": "id", "title": "Model", "kind": "model", "width": 290, "frozen": True},
    {"field": "type", "title": "Type", "kind": "label", "width": 170},
    # Wide enough for the title and the sort arrow at the grid's font size.
    {"field": "params", "title": "Params (B)", "kind": "number", "digits": 2, "width": 116},
    {"field": "precision", "title": "Precision", "kind": "text", "width": 110},
    {
        "field": "average",
        "title": "Average",
        "kind": "number",
        "digits": 2,
        "width": 104,
        "term": "average",
    },
    *(
        {"field": key, "title": title, "kind": "number", "digits": 2, "width": 116}
        for key, title in BENCHMARKS
    ),
    {"field": "license", "title": "Licence", "kind": "text", "width": 130, "optional": True},
    {
        "field": "likes",
        "title": "Hub likes",
        "kind": "number",
        "digits": 0,
        "width": 96,
        "optional": True,
    },
    {"field": "merged", "title": "Merged", "kind": "flag", "width": 96, "optional": True},
    {"field": "moe", "title": "MoE", "kind": "flag", "width": 96, "optional": True},
    {"field": "hub", "title": "On the Hub", "kind": "flag", "width": 96, "optional": True},
    {
        "field": "official",
        "title": "Official provider",
        "kind": "flag",
        "width": 96,
        "optional": True,
    },
    {"field": "submitted", "title": "Submitted", "kind": "text", "width": 110, "optional": True},
    {
        "field": "architecture",
        "title": "Architecture",
        "kind": "text",
        "width": 190,
        "optional": True,
    },
    {"field": "base", "title": "Base model", "kind": "text", "width": 240, "optional": True},
    {
        "field": "co2",
        "title": "CO₂ cost (kg)",
        "kind": "number",
        "digits": 2,
        "width": 96,
        "optional": True,
    },
    # this guide's plausibility checks: the reasons a row's size or precision is doubted
    {
        "field": "implausible",
        "title": "Why implausible",
        "kind": "doubt",
        "width": 320,
        "optional": True,
    },
]
OPTIONAL_COLUMNS = [(c["field"], c["title"]) for c in EXPLORER_COLUMNS if c.get("optional")]
DEFAULT_OPTIONAL = ["license", "co2", "implausible"]
INCLUDE_IMPLAUSIBLE = "include"  # the value of the explorer's "implausible" filter that includes
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


def browser_spec(hub_endpoint: str = PUBLIC_HUB) -> dict[str, Any]:
    """The spec every page script reads (see the module docstring); ``hub_endpoint`` is the Hub
    the reader's browser asks for a model the site's data does not hold."""
    return {
        "hub": {"endpoint": hub_endpoint},
        "sentinels": {"permissive": PERMISSIVE, "notStated": NOT_STATED},
        "permissiveLicences": sorted(PERMISSIVE_LICENSES),
        "table": {"firstRows": FIRST_ROWS},
        "numbers": {"missing": MISSING},
        "explorer": {
            "defaults": EXPLORER_DEFAULTS,
            "triState": [key for key, _ in EXPLORER_TRI_STATE],
            "columns": EXPLORER_COLUMNS,
            "terms": EXPLORER_TERMS,
            "optionalColumns": OPTIONAL_COLUMNS,
            "defaultOptional": DEFAULT_OPTIONAL,
            "sortOptions": SORT_OPTIONS,
            "searchFields": SEARCH_FIELDS,
            "typeLabels": TYPE_LABELS,
            "bestFitLimit": BEST_FIT_LIMIT,
            "includeImplausible": INCLUDE_IMPLAUSIBLE,
            "leftOutFields": list(LEFT_OUT_FIELDS),
            "mergeType": MERGE_TYPE,
        },
        "memory": browser_constants(),
        "query": query_constants(),
        "terms": browser_terms(),
    }
