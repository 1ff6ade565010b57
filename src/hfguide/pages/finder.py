"""The model finder: its form (a data marker on the finder page) and the data file it reads, the
models of the generated tables and the leaderboard's rows with their task, licence, languages,
size, score and recorded shape."""

from __future__ import annotations

from typing import Any

from hfguide.data.hub_models import HubData, base_model_of
from hfguide.data.leaderboard import LeaderboardData, LeaderboardRow
from hfguide.data.model_configs import ModelConfigs
from hfguide.pages import spec
from hfguide.pages.escape import json_for_html
from hfguide.pages.templates import macro
from hfguide.planner.precisions import TABLE_PRECISIONS
from hfguide.queries.model_shapes import shape_for

FINDER_FILE = "planner/finder.json"
FINDER_COLUMNS = [
    "id",
    "task",
    "license",
    "languages",
    "params",
    "downloads",
    "score",
    "chat",
    "shape",
    "how",
]


def finder_data(
    data: HubData, board: LeaderboardData, configs: ModelConfigs, run_pages: list[str]
) -> dict[str, Any]:
    """The finder's candidates: the models of the generated tables (Hub snapshot) and the
    leaderboard's rows, each with its task, licence, languages, size, score and recorded shape."""
    rows: dict[str, dict[str, Any]] = {}
    for record in (r for rs in data.results.values() for r in rs):
        if record["id"] in rows or not record.get("pipeline_tag"):
            continue
        found = shape_for(configs, record["id"], base=base_model_of(record))
        params = record.get("parameters")
        rows[record["id"]] = {
            "id": record["id"],
            "task": record["pipeline_tag"],
            "license": record.get("license"),
            "languages": record.get("languages") or [],
            "params": params if isinstance(params, (int, float)) and params > 0 else None,
            "downloads": record.get("downloads"),
            "score": None,
            "chat": "conversational" in (record.get("tags") or []),
            "shape": found[0] if found else None,
            "how": found[2] if found else None,
        }
    for row in board.rows:
        if row.get("flagged") or not row.get("id"):
            continue
        size = row.get("params")
        board_params = size * 1e9 if isinstance(size, (int, float)) and size > 0 else None
        entry = rows.get(row["id"])
        if entry is not None:
            if entry["task"] == "text-generation" and row.get("average") is not None:
                entry["score"] = max(entry["score"] or 0, row["average"])
                entry["chat"] = entry["chat"] or row["type"] == "chat"
            # The Hub's record may lack what the leaderboard's row knows: size, base model.
            entry["params"] = entry["params"] or board_params
            if entry["shape"] is None:
                found = _board_row_shape(configs, row, board_params)
                entry["shape"], entry["how"] = (found[0], found[2]) if found else (None, None)
            continue
        found = _board_row_shape(configs, row, board_params)
        rows[row["id"]] = {
            "id": row["id"],
            "task": "text-generation",
            "license": row.get("license"),
            "languages": [],
            "params": board_params,
            "downloads": None,
            "score": row.get("average"),
            "chat": row["type"] == "chat",
            "shape": found[0] if found else None,
            "how": found[2] if found else None,
        }
    tasks = sorted({r["task"] for r in rows.values()})
    labels = {t: str(data.tasks.get(t, {}).get("label") or t) for t in tasks}
    return {
        "columns": FINDER_COLUMNS,
        "rows": [[r[c] for c in FINDER_COLUMNS] for r in rows.values()],
        "tasks": [[t, labels[t]] for t in tasks],
        "runPages": {
            p.removeprefix("run/").removesuffix(".md"): "../run/"
            + p.removeprefix("run/").removesuffix(".md")
            + "/"
            for p in run_pages
        },
        "read": data.created_at[:10],
        "leaderboard": board.created_at[:10],
    }


def _board_row_shape(configs: ModelConfigs, row: LeaderboardRow, params: float | None):
    """The recorded shape of a leaderboard row: by its id, its base model, or its architecture
    and size."""
    return shape_for(
        configs,
        row["id"],
        base=row.get("base"),
        architecture=row.get("architecture"),
        params=params,
    )


def finder_file(
    data: HubData, board: LeaderboardData, configs: ModelConfigs, run_pages: list[str]
) -> str:
    return str(json_for_html(finder_data(data, board, configs, run_pages)))


def finder_form() -> str:
    """The finder's form: the spec, the precisions to choose from and where its data lies."""
    view = {
        "spec": spec.browser_spec(),
        "precisions": [p for p in TABLE_PRECISIONS],
        "data": "../planner/finder.json",
        "shapes": "../planner/shapes.json",
    }
    return str(macro("finder_form", "finder.html")(view))
