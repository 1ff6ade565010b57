"""The recorded model shapes the browser plans with: ``planner/shapes.json``, read by the
explorer's calculator and the finder, with the shape each leaderboard row maps to and how."""

from __future__ import annotations

from typing import Any

from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.model_configs import ModelConfigs
from hfguide.pages.escape import json_for_html
from hfguide.queries.model_shapes import shape_for

SHAPES_FILE = "planner/shapes.json"


def shapes_data(configs: ModelConfigs, board: LeaderboardData) -> dict[str, Any]:
    """Recorded shapes by model id, and for each leaderboard row the shape it maps to and how."""
    shapes = {
        repo_id: {**shape.to_json(), "read_at": str(configs.configs[repo_id].get("read_at", ""))}
        for repo_id, shape in sorted(configs.shapes.items())
    }
    rows = {}
    for row in board.rows:
        found = shape_for(
            configs,
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
