"""The Open LLM Leaderboard (v2) results: loaded from the Hub data set, kept as a snapshot.

The leaderboard publishes its results as the Hub data set ``open-llm-leaderboard/contents``
(parquet files under ``data/``). [`fetch_leaderboard`][fetch_leaderboard] downloads them with
``huggingface_hub`` and reduces every row to the fields the site uses; the result is cached
like other Hub answers and written to ``data/leaderboard.json`` by ``hfguide refresh``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfguide.data.snapshot import PROJECT_ROOT, SnapshotError, live_or_snapshot, read_snapshot_file
from hfguide.hub.client import HubClient, HubError, now_iso, redact_endpoint, write_text_atomic
from hfguide.planner.memory import BYTES_PER_PARAMETER, fits, size_bucket

REPO_ID = "open-llm-leaderboard/contents"
NOT_STATED = "__none__"  # the licence filter's value for rows that state no licence
DEFAULT_LEADERBOARD = PROJECT_ROOT / "data" / "leaderboard.json"
FORMAT = 1

#: Model types: our key, the label the leaderboard uses (after its emoji), our short name.
TYPES: list[tuple[str, str, str]] = [
    ("pretrained", "pretrained", "Pretrained"),
    ("continuous", "continuously pretrained", "Continuously pretrained"),
    ("finetuned", "fine-tuned on domain-specific datasets", "Fine-tuned"),
    ("chat", "chat models (RLHF, DPO, IFT, ...)", "Chat (RLHF, DPO, IFT)"),
    ("merge", "base merges and moerges", "Merges and MoErges"),
    ("multimodal", "multimodal", "Multimodal"),
    ("other", "other", "Other"),
]
TYPE_LABELS = {key: label for key, _, label in TYPES}

#: Benchmarks: our key, the data set's column (normalised score, 0-100).
BENCHMARKS: list[tuple[str, str]] = [
    ("ifeval", "IFEval"),
    ("bbh", "BBH"),
    ("math", "MATH Lvl 5"),
    ("gpqa", "GPQA"),
    ("musr", "MUSR"),
    ("mmlu_pro", "MMLU-PRO"),
]

COLUMNS = [
    "id",
    "type",
    "precision",
    "params",
    "bucket",
    "license",
    "likes",
    "hub",
    "moe",
    "flagged",
    "merged",
    "official",
    "chat_template",
    "weight_type",
    "architecture",
    "co2",
    "average",
    *(key for key, _ in BENCHMARKS),
    "submitted",
    "base",
]


def type_key(value: str) -> str:
    """'💬 chat models (RLHF, DPO, IFT, ...)' → 'chat'."""
    text = str(value or "").strip().lower()
    for key, label, _ in sorted(TYPES, key=lambda t: -len(t[1])):  # "continuously pretrained" first
        if text.endswith(label.lower()):
            return key
    return "other"


def _number(value: Any, digits: int = 4) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, digits)


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"true", "1"}


def rows_from_frame(frame: Any) -> list[dict[str, Any]]:
    """The leaderboard's rows (a pandas frame of the data set) as the site's records."""
    rows = []
    for raw in frame.to_dict(orient="records"):
        params = _number(raw.get("#Params (B)"), 3)
        params = params if params is not None and params > 0 else None
        row = {
            "id": _text(raw.get("fullname")) or _text(raw.get("eval_name")),
            "type": type_key(raw.get("Type")),
            "precision": _text(raw.get("Precision")),
            "params": params,
            "bucket": size_bucket(params),
            "license": _text(raw.get("Hub License")),
            "likes": int(raw["Hub ❤️"]) if _number(raw.get("Hub ❤️")) is not None else None,
            "hub": _flag(raw.get("Available on the hub")),
            "moe": _flag(raw.get("MoE")),
            "flagged": _flag(raw.get("Flagged")),
            "merged": _flag(raw.get("Merged")),
            "official": _flag(raw.get("Official Providers")),
            "chat_template": _flag(raw.get("Chat Template")),
            "weight_type": _text(raw.get("Weight type")),
            "architecture": _text(raw.get("Architecture")),
            "co2": _number(raw.get("CO₂ cost (kg)")),
            "average": _number(raw.get("Average ⬆️")),
            **{key: _number(raw.get(column)) for key, column in BENCHMARKS},
            "submitted": _text(raw.get("Submission Date")),
            "base": _text(raw.get("Base Model")),
        }
        rows.append(row)
    rows.sort(key=lambda r: (-(r["average"] or 0), r["id"] or ""))
    return rows


@dataclass
class LeaderboardData:
    rows: list[dict[str, Any]]
    source: str  # "live" or "snapshot"
    created_at: str
    endpoint: str
    note: str = ""

    @property
    def submitted(self) -> tuple[str, str] | None:
        days = sorted(r["submitted"] for r in self.rows if r.get("submitted"))
        return (days[0], days[-1]) if days else None

    def columnar(self) -> dict[str, Any]:
        """Compact column-list form, for the snapshot and the page's data file."""
        return {"columns": COLUMNS, "rows": [[row.get(c) for c in COLUMNS] for row in self.rows]}

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created_at": self.created_at,
            "endpoint": redact_endpoint(self.endpoint),
            "repo": REPO_ID,
            **self.columnar(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any], *, note: str = "") -> LeaderboardData:
        if value.get("format") != FORMAT:
            raise SnapshotError(
                f"leaderboard snapshot format {value.get('format')!r} is not {FORMAT}"
            )
        columns = value["columns"]
        rows = [dict(zip(columns, row, strict=True)) for row in value["rows"]]
        return cls(
            rows=rows,
            source="snapshot",
            created_at=value["created_at"],
            endpoint=value.get("endpoint", ""),
            note=note,
        )


def fetch_leaderboard(client: HubClient) -> LeaderboardData:
    """Download the leaderboard data set's parquet files and reduce them to rows."""
    import pandas as pd

    def fetch() -> list[dict[str, Any]]:
        paths = client.dataset_files(REPO_ID, prefix="data/", suffix=".parquet")
        try:
            frame = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
        except (OSError, ValueError) as err:
            raise HubError(f"{REPO_ID}: unreadable parquet ({err})") from None
        return rows_from_frame(frame)

    rows = client.cached(f"leaderboard {REPO_ID}", fetch)
    return LeaderboardData(rows=rows, source="live", created_at=now_iso(), endpoint=client.endpoint)


def write_leaderboard(data: LeaderboardData, path: Path = DEFAULT_LEADERBOARD) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    value = data.to_json()
    # One row per line keeps the file diffable without the bulk of indenting every value.
    rows = value.pop("rows")
    head = json.dumps(value, ensure_ascii=False, sort_keys=True)[:-1]
    body = ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    write_text_atomic(path, f'{head}, "rows": [\n{body}\n]}}\n')


def read_leaderboard(path: Path = DEFAULT_LEADERBOARD, *, note: str = "") -> LeaderboardData:
    return read_snapshot_file(
        path, "leaderboard snapshot", lambda value: LeaderboardData.from_json(value, note=note)
    )


def load_leaderboard(
    path: Path = DEFAULT_LEADERBOARD, *, client: HubClient | None = None
) -> LeaderboardData:
    """Live leaderboard data when the Hub answers, else the snapshot (as for the model tables)."""
    return live_or_snapshot(
        fetch_leaderboard, lambda note: read_leaderboard(path, note=note), client
    )


def best_that_fit(
    rows: list[dict[str, Any]],
    *,
    budget_gb: float | None = None,
    precision: str | None = None,
    license_: str | None = None,
    model_type: str | None = None,
    limit: int = 10,
    include_flagged: bool = False,
) -> list[dict[str, Any]]:
    """The highest-average rows that run within ``budget_gb`` (weights in the evaluated precision,
    or ``precision`` if given, plus the rule-of-thumb overhead), filtered by licence
    (`NOT_STATED` for rows without one) and type. Rows of unknown size or precision do not
    fit any budget. The explorer's ``bestThatFit`` keeps to the same rules (shared golden cases
    in ``tests/data/explorer-cases.json``)."""
    chosen = []
    for row in rows:
        if row.get("flagged") and not include_flagged:
            continue
        if model_type and row["type"] != model_type:
            continue
        if license_ == NOT_STATED:
            if row.get("license"):
                continue
        elif license_ and (row.get("license") or "").lower() != license_.lower():
            continue
        if budget_gb is not None:
            evaluated = precision or row.get("precision")
            if not row.get("params") or evaluated not in BYTES_PER_PARAMETER:
                continue
            if not fits(row["params"] * 1e9, evaluated, budget_gb):
                continue
        chosen.append(row)
    chosen.sort(key=lambda r: (-(r.get("average") or 0), r["id"]))
    return chosen[:limit]
