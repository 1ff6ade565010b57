"""The leaderboard's rows as the site keeps them: the data set's columns reduced to typed rows.

The leaderboard publishes its results as the Hub data set ``open-llm-leaderboard/contents``;
[`rows_from_frame`][rows_from_frame] reduces each row of it to the fields the site uses and adds
this guide's plausibility doubts (``hfguide.data.leaderboard.plausibility``).
"""

from __future__ import annotations

import math
from typing import Any, TypedDict

from hfguide.data.leaderboard.plausibility import add_relative_doubts, own_doubts
from hfguide.planner.sizes import size_bucket

REPO_ID = "open-llm-leaderboard/contents"

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
    "implausible",
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


class LeaderboardRow(TypedDict):
    """One row of the leaderboard as the site keeps it (``None``: the leaderboard has no value)."""

    id: str
    type: str  #: a key of ``TYPES``
    precision: str | None
    params: float | None  #: billions, as the leaderboard lists them (never 0 or less)
    bucket: str  #: the size bucket of ``params`` (``?`` when unknown)
    license: str | None
    likes: int | None
    hub: bool
    moe: bool
    flagged: bool
    implausible: list[str] | None  #: this guide's reasons to doubt the row's size or precision
    merged: bool
    official: bool
    chat_template: bool
    weight_type: str | None
    architecture: str | None
    co2: float | None
    average: float | None  #: the mean of the six normalised scores, 0 to 100
    ifeval: float | None
    bbh: float | None
    math: float | None
    gpqa: float | None
    musr: float | None
    mmlu_pro: float | None
    submitted: str | None
    base: str | None


def type_key(value: str) -> str:
    """'💬 chat models (RLHF, DPO, IFT, ...)' → 'chat'."""
    text = str(value or "").strip().lower()
    for key, label, _ in sorted(TYPES, key=lambda t: -len(t[1])):  # "continuously pretrained" first
        if text.endswith(label.lower()):
            return key
    return "other"


def _number(value: Any, digits: int = 4) -> float | None:
    """A finite number, rounded; ``None`` (unknown) for anything else: text, ``NaN``, ±inf."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return round(number, digits) if math.isfinite(number) else None


def _count(value: Any) -> int | None:
    """A whole, finite count; ``None`` (unknown) for anything else (12.5 likes, ``NaN``)."""
    number = _number(value, 6)
    return int(number) if number is not None and number.is_integer() else None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"true", "1"}


def rows_from_frame(frame: Any) -> list[LeaderboardRow]:
    """The leaderboard's rows (a pandas frame of the data set) as the site's records.

    Numbers are checked at the door: ``NaN`` and infinities become ``None`` (unknown), as does
    a number that is not one."""
    rows = []
    for raw in frame.to_dict(orient="records"):
        listed = _number(raw.get("#Params (B)"), 3)
        params = listed if listed is not None and listed > 0 else None
        row = {
            "id": _text(raw.get("fullname")) or _text(raw.get("eval_name")),
            "type": type_key(raw.get("Type")),
            "precision": _text(raw.get("Precision")),
            "params": params,
            "bucket": size_bucket(params),
            "license": _text(raw.get("Hub License")),
            "likes": _count(raw.get("Hub ❤️")),
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
        row["implausible"] = own_doubts(row, listed)
        rows.append(row)
    add_relative_doubts(rows)
    rows.sort(key=lambda r: (-(r["average"] or 0), r["id"] or ""))
    return rows
