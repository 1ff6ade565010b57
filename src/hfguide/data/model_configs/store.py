"""Where the model configs are kept: ``data/model-configs.json``, the memory-deciding fields of
the ``config.json`` of every model the site plans memory for, with where and when each was read.

Builds and the CLI read this snapshot; they never need the Hub. ``ModelConfigs.shapes`` turns
each recorded config into a [`Shape`][hfguide.planner.shapes.Shape] (a config the planner cannot
use is left out, with the reason in ``problems``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypedDict

from hfguide.core.files import json_text, write_text_atomic
from hfguide.core.settings import DEFAULT_CONFIGS
from hfguide.data.model_configs.check import FORMAT, check_snapshot
from hfguide.data.provenance import read_snapshot_file
from hfguide.planner.shapes import Shape, ShapeError, parameter_count, shape_from_config


class ConfigEntry(TypedDict):
    """One recorded config: the kept fields of its ``config.json`` and when it was read."""

    config: dict[str, Any]
    read_at: str


@dataclass
class ModelConfigs:
    """Recorded configs: ``{repo_id: {"config": {...}, "read_at": iso}}`` and their provenance."""

    configs: dict[str, ConfigEntry]
    created_at: str
    endpoint: str
    asked: int = 0
    problems: dict[str, str] = field(default_factory=dict)  # id → why its shape is unusable

    @cached_property
    def shapes(self) -> dict[str, Shape]:
        shapes = {}
        for repo_id, entry in self.configs.items():
            try:
                shape = shape_from_config(entry["config"])
                parameter_count(shape)
            except ShapeError as err:
                self.problems[repo_id] = str(err)
                continue
            shapes[repo_id] = shape
        return shapes

    @cached_property
    def counts(self) -> dict[str, int]:
        """Each usable shape's parameter count, recomputed once."""
        return {repo_id: parameter_count(shape) for repo_id, shape in self.shapes.items()}

    @cached_property
    def _lower(self) -> dict[str, str]:
        return {repo_id.lower(): repo_id for repo_id in self.shapes}

    def find(self, repo_id: str | None) -> str | None:
        """The recorded id for ``repo_id`` (any case; the leaderboard's base-model column may
        carry a note after the id, as in ``org/name (Merge)``)."""
        words = str(repo_id or "").split()
        return self._lower.get(words[0].lower()) if words else None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created_at": self.created_at,
            "endpoint": self.endpoint,
            "asked": self.asked,
            "configs": dict(sorted(self.configs.items())),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> ModelConfigs:
        check_snapshot(value)
        return cls(
            configs=value["configs"],
            created_at=str(value["created_at"]),
            endpoint=str(value.get("endpoint", "")),
            asked=int(value.get("asked", 0)),
        )


def read(path: Path = DEFAULT_CONFIGS) -> ModelConfigs:
    """The configs snapshot at ``path``.

    Raises:
        SnapshotError: the file is missing or is not a valid configs snapshot.
    """
    return read_snapshot_file(path, "model configs snapshot", ModelConfigs.from_json)


_loaded: dict[Path, ModelConfigs] = {}


def load(path: Path = DEFAULT_CONFIGS) -> ModelConfigs:
    """The snapshot at ``path``, read once per process.

    Raises:
        SnapshotError: the file is missing or is not a valid configs snapshot.
    """
    path = Path(path).resolve()
    if path not in _loaded:
        _loaded[path] = read(path)
    return _loaded[path]


def text(data: ModelConfigs) -> str:
    """The configs snapshot file's text."""
    return json_text(data.to_json(), indent=1)


def write(data: ModelConfigs, path: Path = DEFAULT_CONFIGS) -> Path:
    """Write ``data`` to ``path`` atomically (creating its folder) and return ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text(data))
    return path
