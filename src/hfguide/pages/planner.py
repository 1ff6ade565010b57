"""Pages of the memory planner: the shapes file the browser plans with, the glossary's worked
examples (data markers) and the model finder.

Every number here comes from [`hfguide.planner.memory`][hfguide.planner.memory] with a recorded
shape from the configs snapshot; none is typed into a page.
"""

from __future__ import annotations

from typing import Any

from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.snapshot import HubData
from hfguide.pages.escape import json_for_html
from hfguide.pages.templates import macro
from hfguide.planner import memory
from hfguide.planner.configs import ModelConfigs, base_model_of
from hfguide.planner.shapes import parameter_count

SHAPES_FILE = "planner/shapes.json"
EXAMPLE_PRECISIONS = ("bfloat16", "int8", "nf4", "Q4_K_M")
EXAMPLE_CONTEXTS = (4096, 32768, 131072)
EXAMPLE_GPU_GB = 24


def shapes_data(configs: ModelConfigs, board: LeaderboardData) -> dict[str, Any]:
    """Recorded shapes by model id, and for each leaderboard row the shape it maps to and how."""
    shapes = {
        repo_id: {**shape.to_json(), "read_at": str(configs.configs[repo_id].get("read_at", ""))}
        for repo_id, shape in sorted(configs.shapes.items())
    }
    rows = {}
    for row in board.rows:
        found = configs.shape_for(
            row["id"],
            base=row.get("base"),
            architecture=row.get("architecture"),
            params=row["params"] * 1e9 if row.get("params") else None,
        )
        if found:
            rows[row["id"]] = [found[0], found[2]]
    return {"shapes": shapes, "rows": rows}


def shapes_file(configs: ModelConfigs, board: LeaderboardData) -> str:
    return str(json_for_html(shapes_data(configs, board)))


def _shape(configs: ModelConfigs, model_id: str):
    found = configs.find(model_id)
    if found is None:
        raise ValueError(f"no recorded config for {model_id}")
    return found, configs.shapes[found]


def _fragment(name: str, view: dict[str, Any]) -> str:
    return str(macro(name, "planner.md")(view))


def memory_example(configs: ModelConfigs, model_id: str, context_text: str) -> str:
    """A worked example: every term for one model at one context, in four precisions."""
    model_id, shape = _shape(configs, model_id)
    context = memory.parse_context(context_text)
    plans = [
        memory.plan(shape=shape, precision_name=p, context=context) for p in EXAMPLE_PRECISIONS
    ]
    keys = [t.key for t in plans[0].terms]
    rows = [
        {
            "label": plans[0].terms[i].label.split(" (")[0],
            "note": plans[0].terms[i].note if keys[i] != "weights" else "",
            "cells": [p.terms[i].bytes for p in plans],
        }
        for i in range(len(keys))
    ]
    budget = EXAMPLE_GPU_GB * memory.UNITS["GB"]
    view = {
        "model": model_id,
        "params": parameter_count(shape),
        "shape": shape,
        "context": context,
        "precisions": [p.precision for p in plans],
        "rows": rows,
        "totals": [p.total for p in plans],
        "gpu": EXAMPLE_GPU_GB,
        "longest": [
            memory.max_context(budget, shape=shape, precision_name=p)["tokens"]
            for p in EXAMPLE_PRECISIONS
        ],
        "units": memory.UNITS,
    }
    return _fragment("memory_example", view)


def context_table(configs: ModelConfigs, model_id: str) -> str:
    """KV cache and total by context length for one model in bfloat16."""
    model_id, shape = _shape(configs, model_id)
    contexts = [n for n in EXAMPLE_CONTEXTS if not shape.context or n <= shape.context]
    if shape.context and shape.context not in contexts:
        contexts.append(shape.context)  # the model's own maximum, when it is not a round one
    plans = [memory.plan(shape=shape, context=n) for n in contexts]
    view = {
        "model": model_id,
        "rows": [
            {
                "context": p.context,
                "kv": p.term("kv"),
                "weights": p.term("weights"),
                "total": p.total,
            }
            for p in plans
        ],
        "units": memory.UNITS,
        "windows": shape.windows(),
    }
    return _fragment("context_table", view)


def weights_example(size_text: str, *precisions: str) -> str:
    """One sentence: the weights of a model of that size in each precision."""
    params = memory.parse_params(size_text)
    parts = []
    for name in precisions:
        p = memory.precision(name)
        gb = memory.plan(params=params, precision_name=name).term("weights") / memory.UNITS["GB"]
        parts.append(f"{params / 1e9:g} × 10⁹ × {p.bits:g} ÷ 8 bytes = {gb:.2f} GB in {p.name}")
    return f"For a {params / 1e9:g}-billion-parameter model: " + "; ".join(parts) + "."


def marker(name: str, args: list[str], configs: ModelConfigs) -> str | None:
    """The Markdown for a planner marker, or None when ``name`` is not one."""
    if name == "finder":
        return finder_form()
    if name == "weights-example":
        if len(args) < 2:
            raise ValueError("weights-example takes a size and one or more precisions")
        return weights_example(*args)
    if name == "memory-example":
        if len(args) != 2:
            raise ValueError("memory-example takes a model id and a context, e.g. 128k")
        return memory_example(configs, *args)
    if name == "context-table":
        if len(args) != 1:
            raise ValueError("context-table takes one model id")
        return context_table(configs, args[0])
    return None


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
        found = configs.shape_for(record["id"], base=base_model_of(record))
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


def _board_row_shape(configs: ModelConfigs, row: dict[str, Any], params: float | None):
    """The recorded shape of a leaderboard row: by its id, its base model, or its architecture
    and size."""
    return configs.shape_for(
        row["id"], base=row.get("base"), architecture=row.get("architecture"), params=params
    )


def finder_file(
    data: HubData, board: LeaderboardData, configs: ModelConfigs, run_pages: list[str]
) -> str:
    return str(json_for_html(finder_data(data, board, configs, run_pages)))


def finder_form() -> str:
    from hfguide.pages import spec

    view = {
        "spec": spec.browser_spec(),
        "precisions": [p for p in memory.TABLE_PRECISIONS],
        "data": "../planner/finder.json",
        "shapes": "../planner/shapes.json",
    }
    return str(macro("finder_form", "finder.html")(view))
