"""A small replayed Hub that a refresh can run against end to end (model records, the leaderboard
data set, model configs), and helpers to refresh into a folder and read what is on disk."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from hfguide.cli import main
from hfguide.data import leaderboard
from hfguide.data.model_configs import EXTRA_MODELS
from hfguide.replay.recorded import LEADERBOARD_FILE, LEADERBOARD_REPO
from hfguide.replay.server import ReplayHub
from tests.support.leaderboard import RAW, parquet_bytes

TASKS = {
    "text-generation": {
        "id": "text-generation",
        "label": "Text Generation",
        "summary": "Write text.",
        "libraries": ["transformers"],
    },
    "fill-mask": {
        "id": "fill-mask",
        "label": "Fill-Mask",
        "summary": "Guess a hidden word.",
        "libraries": ["transformers"],
    },
}
#: Models per task: every query (limit 30) answers all of them.
PER_TASK = 8
#: A config.json the planner can use.
CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "hidden_size": 64,
    "intermediate_size": 128,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "vocab_size": 1000,
    "max_position_embeddings": 2048,
    "torch_dtype": "bfloat16",
}
SNAPSHOT_FILES = ("hub-snapshot.json", "leaderboard.json", "model-configs.json")


def record(model_id: str, task: str, i: int, **fields) -> dict:
    """A full model record as the Hub sends it."""
    return {
        "id": model_id,
        "author": model_id.split("/")[0],
        "pipeline_tag": task,
        "downloads": 10_000 - i,
        "likes": 100 + i,
        "trendingScore": i % 7,
        "library_name": "transformers",
        "tags": ["transformers", "en", "license:apache-2.0", task],
        "createdAt": "2024-01-02T03:04:05.000Z",
        "lastModified": "2025-06-01T10:00:00.000Z",
        "safetensors": {"parameters": {"BF16": 1_000_000 + i}, "total": 1_000_000 + i},
        "cardData": {"license": "apache-2.0", "language": ["en"]},
        "_recorded_at": "2026-05-04",
        **fields,
    }


def world_records() -> list[dict]:
    return [
        record(f"lab/{task.split('-')[0]}-{i}", task, i) for task in TASKS for i in range(PER_TASK)
    ]


def generators(records: list[dict]) -> list[str]:
    return [r["id"] for r in records if r.get("pipeline_tag") == "text-generation"]


def world_hub(records: list[dict] | None = None, *, board: pd.DataFrame = RAW) -> ReplayHub:
    """A replay Hub (not started) serving the records, the leaderboard rows of ``board`` and a
    config for each text-generation model and for ``EXTRA_MODELS``."""
    records = world_records() if records is None else records
    hub = ReplayHub(records, TASKS)
    hub.add_dataset_file(LEADERBOARD_REPO, LEADERBOARD_FILE, parquet_bytes(board))
    for repo_id in [*generators(world_records()), *EXTRA_MODELS]:
        hub.add_model_file(repo_id, "config.json", json.dumps(CONFIG).encode())
    return hub


def committed_board_parquet() -> bytes:
    """The committed leaderboard's rows as the Hub data set's parquet (the columns that decide
    which rows there are and which configs a refresh asks for)."""
    labels = {key: label for key, label, _ in leaderboard.TYPES}
    rows = leaderboard.read().rows
    frame = pd.DataFrame(
        {
            "fullname": [r["id"] for r in rows],
            "Type": [labels.get(r["type"], "other") for r in rows],
            "Base Model": [r["base"] for r in rows],
        }
    )
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def refresh(folder: Path, *options: str) -> int:
    """``hfguide refresh`` into ``folder`` (HF_ENDPOINT must name the Hub); its exit status."""
    return main(
        [
            "refresh",
            *("--output", str(folder / SNAPSHOT_FILES[0])),
            *("--leaderboard-output", str(folder / SNAPSHOT_FILES[1])),
            *("--configs-output", str(folder / SNAPSHOT_FILES[2])),
            *options,
        ]
    )


def on_disk(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (temporary ones too), name → bytes."""
    return {p.name: p.read_bytes() for p in sorted(Path(folder).iterdir()) if p.is_file()}
