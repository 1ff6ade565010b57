"""Model configs from the Hub, the committed snapshot of them, and which shape a model has.

``hfguide refresh-configs`` asks the Hub (``HF_ENDPOINT``, ``HF_TOKEN`` and the cache as
``huggingface_hub`` honours them) for the ``config.json`` of every model the site plans memory
for — the base models behind leaderboard rows and the text-generation models of the Hub
snapshot — and writes the memory-deciding fields of those it found to ``data/model-configs.json``
with where and when each was read. Builds and the CLI read that snapshot; they never need the Hub.

[`ModelConfigs.shape_for`][hfguide.planner.configs.ModelConfigs.shape_for] maps a model to a
recorded shape: by its own id, then by its base model, then (leaderboard rows only) by
architecture and a parameter count within
[`SIZE_TOLERANCE`][hfguide.planner.configs.SIZE_TOLERANCE] — and says which.
"""

from __future__ import annotations

import json
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from hfguide.settings import DEFAULT_CONFIGS
from hfguide.planner.shapes import FIELDS, Shape, ShapeError, parameter_count, shape_from_config

log = logging.getLogger(__name__)

FORMAT = 1
#: The fields kept from a config.json: those that decide size and memory, and what identifies
#: the architecture.
KEPT_FIELDS = (
    "architectures",
    "model_type",
    *(name for names in FIELDS.values() for name in names),
    "head_dim",
    "sliding_window",
    "use_sliding_window",
    "max_window_layers",
    "layer_types",
    "sliding_window_pattern",
    "tie_word_embeddings",
    "num_local_experts",
    "num_experts",
    "num_experts_per_tok",
    "torch_dtype",
)
#: How close (relative) a leaderboard row's parameter count must be to a recorded shape's for
#: the row to borrow that shape when neither its id nor its base model has a config.
SIZE_TOLERANCE = 0.03
MATCH_OWN, MATCH_BASE, MATCH_SIZE = (
    "own config",
    "base model's config",
    "same architecture and size",
)


def kept_fields(config: dict[str, Any]) -> dict[str, Any]:
    """The fields of ``config`` the planner uses (``KEPT_FIELDS``); the rest is not stored."""
    return {k: config[k] for k in KEPT_FIELDS if k in config}


@dataclass
class ModelConfigs:
    """Recorded configs: ``{repo_id: {"config": {...}, "read_at": iso}}`` and their provenance."""

    configs: dict[str, dict[str, Any]]
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
    def _lower(self) -> dict[str, str]:
        return {repo_id.lower(): repo_id for repo_id in self.shapes}

    def find(self, repo_id: str | None) -> str | None:
        """The recorded id for ``repo_id`` (any case; the leaderboard's base-model column may
        carry a note after the id, as in ``org/name (Merge)``)."""
        words = str(repo_id or "").split()
        return self._lower.get(words[0].lower()) if words else None

    def shape_for(
        self,
        repo_id: str,
        *,
        base: str | None = None,
        architecture: str | None = None,
        params: float | None = None,
    ) -> tuple[str, Shape, str] | None:
        """``(recorded repo id, shape, how it matched)`` or None when nothing matches."""
        for candidate, how in ((repo_id, MATCH_OWN), (base, MATCH_BASE)):
            found = self.find(candidate)
            if found:
                return found, self.shapes[found], how
        if not architecture or not params or params <= 0:
            return None
        close = [
            (abs(parameter_count(shape) / params - 1), recorded)
            for recorded, shape in self.shapes.items()
            if shape.architecture == architecture
            and abs(parameter_count(shape) / params - 1) <= SIZE_TOLERANCE
        ]
        if not close:
            return None
        _, recorded = min(close)
        return recorded, self.shapes[recorded], MATCH_SIZE

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
        if value.get("format") != FORMAT:
            raise ValueError(f"configs snapshot format {value.get('format')!r} is not {FORMAT}")
        configs = value["configs"]
        if not isinstance(configs, dict) or not all(
            isinstance(e, dict) and isinstance(e.get("config"), dict) for e in configs.values()
        ):
            raise ValueError("every recorded config needs a config object")
        return cls(
            configs=configs,
            created_at=str(value["created_at"]),
            endpoint=str(value.get("endpoint", "")),
            asked=int(value.get("asked", 0)),
        )


def read_configs(path: Path = DEFAULT_CONFIGS) -> ModelConfigs:
    """The configs snapshot at ``path``.

    Raises:
        SnapshotError: the file is missing or is not a valid configs snapshot.
    """
    from hfguide.data.provenance import read_snapshot_file

    return read_snapshot_file(path, "model configs snapshot", ModelConfigs.from_json)


_loaded: dict[Path, ModelConfigs] = {}


def load_configs(path: Path = DEFAULT_CONFIGS) -> ModelConfigs:
    """The committed snapshot, read once per process.

    Raises:
        SnapshotError: the file is missing or is not a valid configs snapshot.
    """
    path = Path(path).resolve()
    if path not in _loaded:
        _loaded[path] = read_configs(path)
    return _loaded[path]


def write_configs(data: ModelConfigs, path: Path = DEFAULT_CONFIGS) -> Path:
    """Write ``data`` to ``path`` atomically (creating its folder) and return ``path``."""
    from hfguide.data.files import write_json_atomic

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(path, data.to_json(), indent=1)
    return path


def fetch_config(client: Any, repo_id: str) -> dict[str, Any] | None:
    """A model's ``config.json`` through ``hf_hub_download``.

    Args:
        client: The ``HubClient`` whose retries and bounds the download runs under.
        repo_id: The model, as ``ORG/NAME``.

    Returns:
        The config, or ``None`` if the repo or file is not there, or is gated without a token.

    Raises:
        HubError: the Hub did not answer after every retry, or the file is not a JSON object.
    """
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import HfHubHTTPError

    from hfguide.hub.client import HubError

    downloads = client.cache_dir / "downloads"

    def fetch() -> dict[str, Any] | None:
        try:
            path = hf_hub_download(
                repo_id,
                "config.json",
                endpoint=client.endpoint,
                token=client._token or False,
                cache_dir=downloads,
            )
        except HfHubHTTPError as err:
            status = getattr(getattr(err, "response", None), "status_code", None)
            if status in (401, 403, 404):
                return None
            raise
        text = Path(path).read_text(encoding="utf-8")
        value = json.loads(text)
        if not isinstance(value, dict):
            raise HubError(f"{repo_id}/config.json is not a JSON object")
        return value

    return client._call(f"config of {repo_id}", fetch)


def base_model_of(record: dict[str, Any]) -> str | None:
    """The base model a Hub record declares (its ``base_model:ORG/NAME`` tag), if any."""
    for tag in record.get("tags") or []:
        if tag.startswith("base_model:") and tag.count(":") == 1:
            return tag.removeprefix("base_model:")
    return None


#: Models the site plans memory for beyond the leaderboard and the Hub snapshot: Gemma 3's
#: smallest model shows the per-layer windows of ``layer_types`` in the glossary.
EXTRA_MODELS = ("google/gemma-3-270m",)


def config_candidates(
    board_rows: list[dict[str, Any]], hub_models: list[dict[str, Any]]
) -> list[str]:
    """Models whose configs the site wants: leaderboard base models that are leaderboard rows
    themselves, and the Hub snapshot's text-generation models with their declared base models."""
    ids = {r["id"] for r in board_rows if r.get("id")}
    wanted = {r["base"] for r in board_rows if r.get("base") in ids} | set(EXTRA_MODELS)
    for record in hub_models:
        if record.get("pipeline_tag") != "text-generation":
            continue
        wanted.add(record["id"])
        if base_model_of(record):
            wanted.add(base_model_of(record))
    return sorted(w for w in wanted if isinstance(w, str) and w.count("/") == 1)


def fetch_configs(client: Any, repo_ids: list[str], *, progress: bool = False) -> ModelConfigs:
    """The configs of ``repo_ids``, fetched concurrently with ``fetch_config``.

    Args:
        client: The ``HubClient`` to ask (its ``max_workers`` sets the concurrency).
        repo_ids: Models to ask for, as ``ORG/NAME``.
        progress: Print a count to stderr every 100 models.

    Returns:
        The configs found (only ``KEPT_FIELDS``), with when and where they were read.

    Raises:
        HubError: the Hub did not answer a request after every retry.
    """
    from hfguide.hub.records import now_iso
    from hfguide.settings import redact_endpoint

    found: dict[str, dict[str, Any]] = {}

    def one(repo_id: str) -> tuple[str, dict[str, Any] | None, str]:
        return repo_id, fetch_config(client, repo_id), now_iso()

    with ThreadPoolExecutor(max_workers=client.max_workers) as pool:
        for done, (repo_id, config, read_at) in enumerate(pool.map(one, repo_ids), 1):
            if config is not None:
                found[repo_id] = {"config": kept_fields(config), "read_at": read_at}
            if progress and (done % 100 == 0 or done == len(repo_ids)):
                print(f"  {done}/{len(repo_ids)} asked, {len(found)} configs", file=sys.stderr)
    return ModelConfigs(
        configs=found,
        created_at=now_iso(),
        endpoint=redact_endpoint(client.endpoint),
        asked=len(repo_ids),
    )
