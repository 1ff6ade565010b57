"""The leaderboard explorer: its page (filters, a first view of the top rows, the grid, the plot,
the calculator and best-that-fits) and the data file the grid loads."""

from __future__ import annotations

from collections import Counter

from hfguide.core.settings import PUBLIC_HUB
from hfguide.data.leaderboard import TYPE_LABELS, TYPES, LeaderboardData, LeaderboardRow
from hfguide.pages import spec
from hfguide.pages.escape import json_for_html
from hfguide.pages.leaderboard_markers import board_provenance, by_average
from hfguide.pages.templates import Option, macro, render
from hfguide.planner.precisions import TABLE_PRECISIONS
from hfguide.planner.sizes import SIZE_BUCKETS, UNKNOWN_BUCKET
from hfguide.queries.left_out import is_left_out

DATA_FILE = "leaderboard/data.json"
STATIC_ROWS = 10  # a first view that paints fast; the grid has them all


def explorer_matches(row: LeaderboardRow, state: dict[str, str]) -> bool:
    """Whether the explorer shows ``row`` under the filters ``state`` (keys of
    `hfguide.pages.spec.EXPLORER_DEFAULTS`): the rules of ``filterRows`` in explorer.js,
    held to the same golden cases (``tests/cases/explorer-cases.json``)."""
    state = {**spec.EXPLORER_DEFAULTS, **state}
    for key, field in (("type", "type"), ("precision", "precision"), ("size", "bucket")):
        if state.get(key) and row.get(field) != state[key]:
            return False
    if state.get("license") and (row.get("license") or spec.NOT_STATED) != state["license"]:
        return False
    for key, _ in spec.EXPLORER_TRI_STATE:
        wanted = state.get(key, "")
        if wanted and (wanted == "yes") != bool(row.get(key)):
            return False
    text = " ".join(str(row.get(f) or "") for f in spec.SEARCH_FIELDS).lower()
    return all(word in text for word in state.get("search", "").lower().split())


def data_file(board: LeaderboardData) -> str:
    """The explorer's rows as a JSON file: no NaN or Infinity, inert if ever inlined."""
    return str(json_for_html(board.columnar()))


def explorer_page(board: LeaderboardData, hub_endpoint: str = PUBLIC_HUB) -> str:
    licences = Counter(r.get("license") or "" for r in board.rows)
    view = {
        "spec": spec.browser_spec(hub_endpoint),
        "total": len(board.rows),
        "types": [Option(key, label) for key, _, label in TYPES],
        "precisions": [
            Option(p, p) for p in sorted({r.get("precision") for r in board.rows} - {None, ""})
        ],
        "buckets": [Option(b, f"{b} B") for b in [*(b[0] for b in SIZE_BUCKETS), UNKNOWN_BUCKET]],
        "licences": [
            Option(name or spec.NOT_STATED, name or "(none given)", n)
            for name, n in sorted(licences.items(), key=lambda item: (-item[1], item[0]))
        ],
        "tri_state": spec.EXPLORER_TRI_STATE,
        "terms": spec.EXPLORER_TERMS,
        "defaults": spec.EXPLORER_DEFAULTS,
        "sorts": [Option(key, label) for key, label in spec.SORT_OPTIONS],
        "first_rows": STATIC_ROWS,
        "static_columns": [c for c in spec.EXPLORER_COLUMNS if not c.get("optional")],
        "top_rows": by_average(
            [r for r in board.rows if explorer_matches(r, spec.EXPLORER_DEFAULTS)]
        )[:STATIC_ROWS],
        "type_labels": TYPE_LABELS,
        "implausible": sum(1 for r in board.rows if r.get("implausible")),
        "left_out": sum(1 for r in board.rows if is_left_out(r)),
        "permissive": Option(
            spec.PERMISSIVE,
            "permissive: commercial use",
            sum(1 for r in board.rows if r.get("license") in spec.PERMISSIVE_LICENSES),
        ),
        "calc_precisions": [Option(p, p, selected=p == "bfloat16") for p in TABLE_PRECISIONS],
        "fit_precisions": [Option(p, p) for p in TABLE_PRECISIONS],
        "kv_precisions": [
            Option("", "as the weights (16-bit)"),
            *(Option(p, p) for p in ("bfloat16", "float32", "fp8", "Q8_0", "Q4_0")),
        ],
        "train_modes": [
            Option("none", "inference"),
            Option("full", "full fine-tuning (Adam)"),
            Option("lora", "LoRA"),
            Option("qlora", "QLoRA (4-bit base)"),
        ],
        "units": [Option(u, u) for u in ("GB", "GiB")],
    }
    widgets = {
        name: macro(name, "explorer_widgets.html")(view)
        for name in ("explorer", "calculator", "best_fit")
    }
    return render(
        "explorer.md",
        p=board_provenance(board),
        widgets=widgets,
    )
