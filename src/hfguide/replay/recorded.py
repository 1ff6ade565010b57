"""Record sets for the replay Hub: recorded Hub data, or an hfguide snapshot turned back into
the records the Hub would send."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

LEADERBOARD_REPO = "open-llm-leaderboard/contents"
LEADERBOARD_FILE = "data/train-00000-of-00001.parquet"
LEADERBOARD_CSV = "open-llm-leaderboard-v2.csv"


class RecordedDataError(ValueError):
    """A file of a recorded-data folder that cannot be read or parsed; the message names it."""


def unreadable(path: Path, err: BaseException) -> RecordedDataError:
    """The error for ``path`` that could not be read: why, in a few words, naming the file."""
    if isinstance(err, UnicodeDecodeError):
        return RecordedDataError(f"{path}: cannot read it: it is not UTF-8 text")
    if isinstance(err, OSError):
        return RecordedDataError(f"{path}: cannot read it: {err.strerror or err}")
    return RecordedDataError(f"{path}: cannot read it: {err}")


def leaderboard_parquet(csv_path: Path) -> bytes:
    """A recorded leaderboard CSV dump as the parquet file the Hub data set serves."""
    import pandas as pd  # a second of start-up, paid only when a leaderboard is replayed

    try:
        frame = pd.read_csv(csv_path)
    except (OSError, ValueError) as err:  # pandas' parser errors are ValueErrors
        raise unreadable(csv_path, err) from None
    frame = frame.drop(columns=[c for c in frame.columns if c.startswith("Unnamed")])
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def load_records(data_dir: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Read ``models.jsonl`` and ``tasks.json`` from a recorded-data folder.

    Raises:
        FileNotFoundError: The folder has no ``models.jsonl``.
        RecordedDataError: A file cannot be read (permissions, not UTF-8) or a line is not JSON;
            the message names the file (and the line).
    """
    data_dir = Path(data_dir)
    models_path, tasks_path = data_dir / "models.jsonl", data_dir / "tasks.json"
    if not models_path.is_file():
        raise FileNotFoundError(f"{models_path} not found: a replay folder needs models.jsonl")
    records = []
    try:
        with models_path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except ValueError as err:
                        raise RecordedDataError(f"{models_path}:{n}: not JSON ({err})") from None
    except (OSError, UnicodeDecodeError) as err:
        raise unreadable(models_path, err) from None
    tasks: dict[str, Any] = {}
    if tasks_path.is_file():
        try:
            tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise unreadable(tasks_path, err) from None
    return records, tasks


def records_from_snapshot(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Hub-shaped records and tasks rebuilt from an hfguide snapshot file, for replaying it."""
    snapshot = json.loads(Path(path).read_text(encoding="utf-8"))
    records = []
    for flat in snapshot["models"].values():
        record = {
            "id": flat["id"],
            "author": flat.get("author"),
            "downloads": flat.get("downloads"),
            "likes": flat.get("likes"),
            "trendingScore": flat.get("trending_score"),
            "pipeline_tag": flat.get("pipeline_tag"),
            "library_name": _own(flat, "library", "hub"),
            "tags": flat.get("tags"),
            "createdAt": flat.get("created_at"),
            "lastModified": flat.get("last_modified"),
            "private": False,
            "_recorded_at": flat.get("read_at"),
        }
        if "gated" in flat:
            record["gated"] = flat["gated"]
        if flat.get("parameters") is not None:
            record["safetensors"] = {"parameters": {}, "total": flat["parameters"]}
        card = {
            k: v
            for k, v in (
                ("license", _own(flat, "license", "card")),
                ("language", _own(flat, "languages", "card")),
            )
            if v
        }
        if card:
            record["cardData"] = card
        records.append({k: v for k, v in record.items() if v is not None})
    return records, snapshot["tasks"]


def _own(flat: dict[str, Any], name: str, source: str) -> Any:
    """A snapshot field as the Hub sent it; ``None`` when hfguide filled it from the tags."""
    return flat.get(name) if flat.get(f"{name}_source", source) == source else None
