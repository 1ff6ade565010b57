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

from hfguide.data.files import json_text, write_text_atomic
from hfguide.data.provenance import (
    InvalidSnapshot,
    check_header,
    header,
    read_snapshot_file,
    too_many_dropped,
)
from hfguide.data.source import live_or_snapshot
from hfguide.hub.client import HubClient, HubError
from hfguide.hub.records import (
    TIMESTAMP,
    check_bool,
    check_finite,
    check_one_of,
    check_text,
    check_whole,
    now_iso,
    optional,
)
from hfguide.settings import DEFAULT_LEADERBOARD
from hfguide.planner.memory import fits, is_precision, size_bucket

REPO_ID = "open-llm-leaderboard/contents"
NOT_STATED = "__none__"  # the licence filter's value for rows that state no licence
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


#: What each known column may hold (``None``: the leaderboard has no value).
ROW_CHECKS = {
    "id": check_text(200),
    "type": check_one_of(frozenset(key for key, _, _ in TYPES)),
    "precision": optional(check_text(40)),
    "params": optional(check_finite(1e5)),
    "bucket": optional(check_text(40)),
    "license": optional(check_text(200)),
    "likes": optional(check_whole(0, 10**9)),
    "weight_type": optional(check_text(100)),
    "architecture": optional(check_text(200)),
    "co2": optional(check_finite(1e6)),
    "average": optional(check_finite(1000)),
    **{key: optional(check_finite(1000)) for key, _ in BENCHMARKS},
    "submitted": optional(check_text(40, TIMESTAMP)),
    "base": optional(check_text(200)),
    **{flag: check_bool for flag in ("hub", "moe", "flagged", "merged", "official")},
    "chat_template": check_bool,
}


def _other_value(value: Any) -> str | None:
    """A column the checks do not know: a short scalar, or a short list of short texts."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return check_finite(1e15)(value)
    if isinstance(value, str):
        return None if len(value) <= 500 else "is longer than 500 characters"
    if isinstance(value, list) and len(value) <= 20 and all(isinstance(v, str) for v in value):
        return None if all(len(v) <= 500 for v in value) else "has an entry that is too long"
    return "is not a short value"


def row_problem(row: dict[str, Any]) -> str | None:
    """What makes a leaderboard row unfit for the snapshot, in a few words; ``None`` if fine."""
    for name, value in row.items():
        if (problem := ROW_CHECKS.get(name, _other_value)(value)) is not None:
            return f"{name} {problem}"
    return None


def checked_rows(rows: list[dict[str, Any]], warn: Any) -> list[dict[str, Any]]:
    """The rows that pass ``row_problem``; the others are dropped with a warning each, and
    too many failing rows fail the refresh."""
    kept = []
    for row in rows:
        if (problem := row_problem(row)) is None:
            kept.append(row)
        else:
            warn(f"left out leaderboard row {str(row.get('id'))[:100]!r}: {problem}")
    if too_many_dropped(len(rows) - len(kept), len(rows)):
        raise HubError(
            f"{len(rows) - len(kept)} of {len(rows)} leaderboard rows failed the checks; "
            "nothing was written"
        )
    return kept


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
            **header(FORMAT, self.created_at, self.endpoint),
            "repo": REPO_ID,
            **self.columnar(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any], *, note: str = "") -> LeaderboardData:
        created_at, endpoint = check_header(value, FORMAT)
        columns, table = value.get("columns"), value.get("rows")
        if not isinstance(columns, list) or not isinstance(table, list):
            raise InvalidSnapshot("columns or rows is not a list")
        if not all(isinstance(c, str) for c in columns) or len(set(columns)) != len(columns):
            raise InvalidSnapshot("columns is not a list of distinct names")
        rows = []
        for n, cells in enumerate(table, 1):
            if not isinstance(cells, list) or len(cells) != len(columns):
                raise InvalidSnapshot(f"row {n} does not have {len(columns)} cells")
            row = dict(zip(columns, cells, strict=True))
            if (problem := row_problem(row)) is not None:
                raise InvalidSnapshot(f"row {n} ({str(row.get('id'))[:100]!r}): {problem}")
            rows.append(row)
        return cls(
            rows=rows, source="snapshot", created_at=created_at, endpoint=endpoint, note=note
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

    rows = checked_rows(client.cached(f"leaderboard {REPO_ID}", fetch), client.warn)
    return LeaderboardData(
        rows=rows, source="live", created_at=now_iso(), endpoint=client.public_endpoint
    )


def leaderboard_text(data: LeaderboardData) -> str:
    """The leaderboard snapshot file's text (checked the way a reader will check it)."""
    value = data.to_json()
    LeaderboardData.from_json(json.loads(json_text(value)))
    # One row per line keeps the file diffable without the bulk of indenting every value.
    rows = value.pop("rows")
    head = json_text(dict(sorted(value.items()))).rstrip()[:-1]
    body = ",\n".join(json_text(r).rstrip() for r in rows)
    return f'{head}, "rows": [\n{body}\n]}}\n'


def write_leaderboard(data: LeaderboardData, path: Path = DEFAULT_LEADERBOARD) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, leaderboard_text(data))


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
            if not row.get("params") or not is_precision(evaluated):
                continue
            if not fits(row["params"] * 1e9, evaluated, budget_gb):
                continue
        chosen.append(row)
    chosen.sort(key=lambda r: (-(r.get("average") or 0), r["id"]))
    return chosen[:limit]
