"""Plausibility: rows whose size or precision contradicts their name or their base model.

The leaderboard's "#Params (B)" is read from the checkpoint's files. A few rows are plainly
wrong: no count, 0 or -1, a packed 4-bit checkpoint counted as fewer parameters, or a count
that no model of that name could have. Such rows keep their place in the grid, with the
reasons, but stay out of the Pareto frontier and "best that fits" unless the reader asks.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from typing import Any

from hfguide.planner.sizes import sizes_in_name

#: How far a count may stray from the size a name or base model states before it is doubted:
#: names round (Gemma 7B has 8.5 B parameters, Falcon3 1B has 1.67 B) and fine-tunes may untie
#: embeddings, so a count passes within a factor of 1.5 plus half a billion of rounding.
SIZE_FACTOR = 1.5
SIZE_SLACK_B = 0.5
#: Name parts that mean a quantised checkpoint (bitsandbytes, GPTQ, AWQ, GGUF, EXL2, HQQ, ...).
_QUANTISED_IN_NAME = re.compile(
    r"(?<![a-z0-9])(bnb|[2-8]-?bits?|int[48]|nf4|fp8|gptq|awq|gguf|exl2|hqq|aqlm|w[48]a(?:8|16))"
    r"(?![a-z0-9])"
)
_SIXTEEN_BIT_IN_NAME = re.compile(r"(?<![a-z0-9])(f16|fp16|bf16)(?![a-z0-9])")  # e.g. "F16-gguf"
SIXTEEN_BIT = {"float16", "bfloat16"}


def quantised_in_name(model_id: str) -> str | None:
    """The part of a model's name that says its checkpoint is quantised (``bnb``, ``4bit``,
    ``gptq``, ...), if any: such a checkpoint's files hold packed weights, so the parameter count
    read from them is not the model's."""
    found = _QUANTISED_IN_NAME.search(model_id.rsplit("/", 1)[-1].lower())
    return found[0] if found else None


def name_contradicts(model_id: str, billions: float, *, open_ended: bool = False) -> str | None:
    """What a model's name says of its size when ``billions`` is far from it (see
    ``SIZE_FACTOR``), in a few words; ``None`` when they agree or the name says no size.
    ``open_ended``: the name's size is a lower bound (merges may stack layers)."""
    stated = sizes_in_name(model_id.rsplit("/", 1)[-1].lower())
    if not stated or any(
        _within(billions, low, None if open_ended else high) for _, low, high in stated
    ):
        return None
    return f"counted at {_billions_text(billions)} B parameters, but its name says {stated[0][0]}"


def _within(params: float, low: float, high: float | None) -> bool:
    upper = math.inf if high is None else high * SIZE_FACTOR + SIZE_SLACK_B
    return low / SIZE_FACTOR - SIZE_SLACK_B <= params <= upper


def _billions_text(value: float) -> str:
    return f"{value:.3g}" if value < 1 else f"{value:.2f}".rstrip("0").rstrip(".")


def own_doubts(row: dict[str, Any], listed: float | None) -> list[str] | None:
    """The reasons a row's own fields contradict each other (None when they agree)."""
    doubts = []
    if listed is None:
        doubts.append("listed with no parameter count")
    elif listed <= 0:
        doubts.append(f"listed at {listed:g} B parameters, which is no size at all")
    name = (row["id"] or "").rsplit("/", 1)[-1].lower()
    stated = sizes_in_name(name)
    # Merges may stack layers (a "passthrough" of two 8B models is bigger) and MoErges add
    # experts, so for them a name's size is only a lower bound.
    open_ended = row["type"] == "merge" or row["merged"] or row["moe"] or "moe" in name
    if stated and row["params"]:
        if not any(
            _within(row["params"], low, None if open_ended else high) for _, low, high in stated
        ):
            doubts.append(
                f"listed at {_billions_text(row['params'])} B parameters, "
                f"but its name says {stated[0][0]}"
            )
    quantised = _QUANTISED_IN_NAME.search(name)
    if quantised and row["precision"] in SIXTEEN_BIT and not _SIXTEEN_BIT_IN_NAME.search(name):
        doubts.append(
            f"its name says quantised ({quantised[0]}), but it is listed as {row['precision']}"
        )
    return doubts or None


#: The score check needs this many larger models to judge by (few models are 10 to 100 times
#: the size of a 14 B one, and those few are old).
_MIN_PEERS = 30


def add_relative_doubts(rows: list[dict[str, Any]]) -> None:
    """Doubts that need the other rows: a count far from the base model's own row, and an
    average above every model listed at 10 to 100 times the size (a miscounted size)."""
    trusted = [r for r in rows if r["params"] and not r["implausible"]]
    base_sizes: dict[str, list[float]] = defaultdict(list)
    for r in trusted:
        base_sizes[r["id"]].append(r["params"])
    for row in rows:
        base = (row.get("base") or "").strip()
        if not row["params"] or not base or base == row["id"] or row["merged"]:
            continue
        if row["type"] in ("merge", "multimodal") or base not in base_sizes:
            continue  # merges may stack layers; multimodal models add an encoder
        base_params = sorted(base_sizes[base])[len(base_sizes[base]) // 2]
        if not _within(row["params"], base_params, base_params):
            _doubt(
                row,
                f"listed at {_billions_text(row['params'])} B parameters, but its base model "
                f"{base} is listed at {_billions_text(base_params)} B",
            )
    by_size = sorted(
        (r for r in trusted if r.get("average") is not None), key=lambda r: r["params"]
    )
    sizes = [r["params"] for r in by_size]
    for row in rows:
        if not row["params"] or row.get("average") is None:
            continue
        start = bisect.bisect_left(sizes, row["params"] * 10)
        end = bisect.bisect_right(sizes, row["params"] * 100)
        peers = by_size[start:end]
        if len(peers) >= _MIN_PEERS and row["average"] > max(r["average"] for r in peers):
            _doubt(
                row,
                f"listed at {_billions_text(row['params'])} B parameters, yet its average "
                f"({row['average']:.1f}) beats all {len(peers)} models listed at 10 to 100 times "
                "that size",
            )


def _doubt(row: dict[str, Any], reason: str) -> None:
    row["implausible"] = [*(row["implausible"] or []), reason]
