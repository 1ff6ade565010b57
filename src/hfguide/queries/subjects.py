"""What a memory plan is about: a size someone typed, or a model with (perhaps) a recorded shape,
found from the snapshots (its own config, its base model's, or a leaderboard row's size)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hfguide.core.settings import Settings
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.hub_models import base_model_of
from hfguide.data.leaderboard import LeaderboardRow
from hfguide.planner.errors import MemoryEstimateError
from hfguide.planner.parsing import parse_params
from hfguide.planner.shapes import Shape, parameter_count
from hfguide.queries.model_shapes import shape_for


@dataclass
class Subject:
    """What the plan is about: a size, or a model with (perhaps) a recorded shape."""

    label: str
    params: float | None
    shape: Shape | None
    how: str  # where the shape or size came from, in plain words


def _leaderboard_row(model_id: str, data: str | None) -> LeaderboardRow | None:
    rows = leaderboard.read(Path(data or Settings.from_env().leaderboard_path)).rows
    wanted = model_id.lower()
    return next((r for r in rows if (r.get("id") or "").lower() == wanted), None)


def _hub_base_model(model_id: str) -> str | None:
    """The base model the Hub snapshot's record of ``model_id`` declares, if it has one."""
    wanted = model_id.lower()
    for records in hub_models.read(Settings.from_env().snapshot_path).results.values():
        for record in records:
            if record["id"].lower() == wanted:
                return base_model_of(record)
    return None


def resolve_subject(text: str, *, data: str | None = None, configs: str | None = None) -> Subject:
    """A size ('7B') or a model id: its recorded config, or its base model's, or a leaderboard
    row's size (then without a shape)."""
    try:
        params = parse_params(text)
        return Subject(f"{params / 1e9:g}B parameters", params, None, "a size only")
    except MemoryEstimateError:
        if re.match(r"^\s*[-+.\d]", str(text)):  # a number, just not a usable one
            raise
    model_id = str(text).strip()
    if model_id.count("/") != 1:
        raise MemoryEstimateError(
            f"{model_id!r} is neither a size (like 7B) nor a Hub model id (like org/name)"
        )
    recorded = model_configs.load(Path(configs or Settings.from_env().configs_path))
    row = _leaderboard_row(model_id, data)
    bases = [row.get("base") if row else None, _hub_base_model(model_id)]
    found = shape_for(
        recorded,
        model_id,
        base=next((b for b in bases if recorded.find(b)), None),
        architecture=row.get("architecture") if row else None,
        params=row["params"] * 1e9 if row and row.get("params") else None,
    )
    if found is not None:
        repo_id, shape, how = found
        read_at = str(recorded.configs[repo_id].get("read_at", ""))[:10]
        source = f"{how}, {repo_id}" if repo_id != model_id else how
        return Subject(model_id, parameter_count(shape), shape, f"{source} (read {read_at})")
    if row and row.get("params"):
        return Subject(
            row["id"], row["params"] * 1e9, None, "leaderboard parameter count; no recorded config"
        )
    raise MemoryEstimateError(
        f"no recorded config or leaderboard row for {model_id}; give its size instead (like 7B)"
    )
