"""Data markers from the leaderboard rows, for hand-written pages (the glossary, the leaderboard
guide): counts, top models and tables filled at build time.

Glossary pages are written by hand; where they need numbers from the data they carry a marker
such as ``<!-- hfguide:type-examples chat -->``, which
[`expand_markers`][hfguide.pages.markers.expand_markers] replaces at build time, through
[`marker`][marker], with counts and top models from the rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import gguf
from markupsafe import Markup

from hfguide.data.leaderboard import TYPE_LABELS, TYPES, LeaderboardData, LeaderboardRow
from hfguide.pages.formats import fixed
from hfguide.pages.templates import macro
from hfguide.planner.errors import MemoryEstimateError
from hfguide.planner.plan import inference_gb
from hfguide.planner.precisions import (
    ALIASES,
    LLAMA3_8B_PPL_INCREASE,
    TABLE_PRECISIONS,
    precision,
    precision_key,
)
from hfguide.planner.sizes import SIZE_BUCKETS, UNKNOWN_BUCKET
from hfguide.queries.left_out import is_left_out
from hfguide.queries.names import declared_domain, declared_tuning

EXAMPLE_SIZES_B = (1.5, 7, 13, 70)


@dataclass(frozen=True)
class Provenance:
    rows: int
    live: bool
    submitted: tuple[str, str] | None


def board_provenance(board: LeaderboardData) -> Provenance:
    return Provenance(len(board.rows), board.source == "live", board.submitted)


def _fragment(name: str, *args: Any) -> str:
    return str(macro(name, "leaderboard.md")(*args))


def provenance(board: LeaderboardData) -> str:
    return _fragment("provenance", board_provenance(board))


def by_average(rows: list[LeaderboardRow]) -> list[LeaderboardRow]:
    """Rows by leaderboard average, best first (a row without one counts as 0)."""
    return sorted(rows, key=lambda r: (-(r.get("average") or 0), str(r.get("id"))))


def _model_link(row: LeaderboardRow) -> Markup:
    return macro("model_link")(row["id"])


def summary(board: LeaderboardData) -> str:
    counts = Counter(r["type"] for r in board.rows)
    rows = []
    for key, _, label in TYPES:
        of_type = [r for r in board.rows if r["type"] == key]
        if of_type:
            best = max(of_type, key=lambda r: r.get("average") or 0)
            rows.append(
                [label, f"{counts[key]:,}", _model_link(best) + f" ({fixed(best.get('average'))})"]
            )
    return _fragment("summary", board_provenance(board), rows)


def type_examples(board: LeaderboardData, keys: list[str], top: int = 5) -> str:
    rows = [r for r in board.rows if r["type"] in keys and not is_left_out(r)]
    sizes = Counter(r["bucket"] for r in rows)
    best = sorted(rows, key=lambda r: -(r.get("average") or 0))[:top]
    return _fragment(
        "type_examples",
        board_provenance(board),
        " and ".join(f"*{TYPE_LABELS[k]}*" for k in keys),
        len(rows),
        f"{len(rows) / len(board.rows):.0%}" if board.rows else "",
        ", ".join(f"{b} B: {n:,}" for b, n in sizes.most_common(3)),
        [
            [
                _model_link(r),
                fixed(r.get("params")),
                r.get("precision") or "—",
                fixed(r.get("average")),
                fixed(r.get("ifeval")),
                fixed(r.get("mmlu_pro")),
            ]
            for r in best
        ],
    )


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "no"


def types_declared(board: LeaderboardData) -> str:
    """All seven types with their counts, and how often each was evaluated with a chat template:
    the type is the submitter's word, and the template use shows how loosely it is applied."""
    rows, finetuned = [], ""
    for key, label, _ in TYPES:
        of_type = [r for r in board.rows if r["type"] == key]
        templated = sum(1 for r in of_type if r.get("chat_template"))
        share = _percent(templated, len(of_type))
        rows.append([label, f"{len(of_type):,}", f"{templated:,} ({share})"])
        if key == "finetuned":
            finetuned = f"{share} of the {len(of_type):,} rows filed as *{label}*"
    return _fragment("types_declared", finetuned, rows)


def _example_rows(rows: list[LeaderboardRow]) -> list[list[Any]]:
    return [
        [
            _model_link(r),
            r["declared"],
            TYPE_LABELS.get(r["type"], r["type"]),
            fixed(r.get("params")),
            fixed(r.get("average")),
            fixed(r.get("ifeval")),
            fixed(r.get("mmlu_pro")),
        ]
        for r in rows
    ]


TUNING_WORDS = {"instruction": "SFT or IFT", "preference": "RLHF, DPO, PPO or a variant"}


def tuning_examples(board: LeaderboardData, kind: str, top: int = 5) -> str:
    """Rows whose name declares instruction tuning (SFT, IFT) or preference tuning (RLHF, DPO,
    PPO, ...), whatever type their submitter chose."""
    rows = []
    for row in board.rows:
        declared = declared_tuning(row)
        if declared and declared[0] == kind and not is_left_out(row):
            rows.append({**row, "declared": declared[1].upper()})
    filed = Counter(TYPE_LABELS.get(r["type"], r["type"]) for r in rows)
    return _fragment(
        "tuning_examples",
        board_provenance(board),
        TUNING_WORDS[kind],
        len(rows),
        ", ".join(f"{n:,} as *{label}*" for label, n in filed.most_common()),
        _example_rows(by_average(rows)[:top]),
    )


#: Name words that mean the same domain.
SAME_DOMAIN = {"coder": "code", "coding": "code", "med": "medical", "biomed": "bio"}


def domain_examples(board: LeaderboardData, top: int = 5) -> str:
    """Fine-tuned rows whose name declares a domain (math, code, medical, ...): the best of
    each domain, so the examples show different domains."""
    finetuned = [r for r in board.rows if r["type"] == "finetuned" and not is_left_out(r)]
    rows = []
    for row in finetuned:
        if word := declared_domain(row):
            rows.append({**row, "declared": SAME_DOMAIN.get(word, word).replace("_", " ")})
    best_of_each: dict[str, dict[str, Any]] = {}
    for row in by_average(rows):
        best_of_each.setdefault(row["declared"], row)
    domains = Counter(r["declared"] for r in rows).most_common()
    return _fragment(
        "domain_examples",
        board_provenance(board),
        len(finetuned),
        len(rows),
        ", ".join(f"{d} {n:,}" for d, n in domains),
        _example_rows(list(best_of_each.values())[:top]),
    )


#: GGUF quantisation types the glossary shows: llama.cpp's "k-quants" and the plain 8-bit type.
GGUF_TYPES = ("Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_0")


def gguf_bits() -> str:
    """Bits per weight of GGUF quantisation types, from the block layouts the ``gguf`` package
    (llama.cpp's own Python package) defines: bytes per block × 8 / weights per block."""
    rows = []
    for name in GGUF_TYPES:
        block, size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType[name]]
        rows.append([Markup("<code>{}</code>").format(name), block, size, f"{size * 8 / block:g}"])
    return _fragment("gguf_bits", rows)


def precision_table(board: LeaderboardData) -> str:
    counts: Counter[str] = Counter()
    for row in board.rows:
        try:
            counts[precision(row.get("precision") or "").name] += 1
        except MemoryEstimateError:
            pass
    head = [
        "Precision",
        "Also written",
        "Bits per weight",
        *(f"{s:g} B model" for s in EXAMPLE_SIZES_B),
        "Leaderboard rows",
    ]
    rows = []
    for name in TABLE_PRECISIONS:
        p = precision(name)
        aliases = [
            a for a, target in ALIASES.items() if target == name and a != precision_key(name)
        ]
        rows.append(
            [
                name,
                Markup(", ".join(str(Markup("<code>{}</code>").format(a)) for a in aliases))
                if aliases
                else "—",
                f"{p.bits:.4g}",
                *(f"{s * p.bits / 8:.3g} GB" for s in EXAMPLE_SIZES_B),
                f"{counts.get(name, 0):,}",
            ]
        )
    return _fragment("precision_table", head, rows)


SIZE_TABLE_PRECISIONS = ("bfloat16", "8bit", "4bit")


def _bits(row: LeaderboardRow) -> float | None:
    try:
        return precision(row.get("precision") or "").bits
    except MemoryEstimateError:
        return None


@dataclass(frozen=True)
class QuantisedPair:
    """A leaderboard row evaluated in 4 or 8 bits and a 16-bit row of the same model (same id)
    or of the model it declares as its base."""

    quantised: LeaderboardRow
    full: LeaderboardRow
    how: str  # "same model" or "its base model"

    @property
    def difference(self) -> float:
        return (self.quantised.get("average") or 0) - (self.full.get("average") or 0)


def quantised_pairs(board: LeaderboardData) -> tuple[list[LeaderboardRow], list[QuantisedPair]]:
    """The rows evaluated below 16 bits, and each one's 16-bit counterpart where the data has
    one: a 16-bit row with the same id, else the 16-bit row of its declared base model (the best
    of several)."""
    full = [r for r in board.rows if (_bits(r) or 0) >= 16 and r.get("average") is not None]
    by_id: dict[str, list[LeaderboardRow]] = {}
    for row in full:
        by_id.setdefault(str(row["id"]).lower(), []).append(row)
    quantised = [r for r in board.rows if (_bits(r) or 16) < 16 and r.get("average") is not None]
    pairs = []
    for row in by_average(quantised):
        for key, how in ((row["id"], "same model"), (row.get("base"), "its base model")):
            found = by_id.get(str(key).lower()) if key else None
            if found:
                pairs.append(QuantisedPair(row, by_average(found)[0], how))
                break
    return quantised, pairs


def quantisation_cost(board: LeaderboardData) -> str:
    """What quantising costs in quality: pairs of leaderboard rows of one model at 16 and fewer
    bits where the data has them, and llama.cpp's measured perplexity increase per GGUF type."""
    quantised, pairs = quantised_pairs(board)
    gguf_rows = [
        [
            Markup("<code>{}</code>").format(name),
            f"{precision(name).bits:.2f}",
            f"+{increase:.4f}",
        ]
        for name, increase in LLAMA3_8B_PPL_INCREASE.items()
    ]
    return _fragment(
        "quantisation_cost",
        board_provenance(board),
        quantised,
        pairs,
        gguf_rows,
    )


def size_table(board: LeaderboardData) -> str:
    counts = Counter(r["bucket"] for r in board.rows)
    head = [
        "Bucket",
        "Parameters",
        "Rows",
        *(f"{p} (weights + overhead)" for p in SIZE_TABLE_PRECISIONS),
    ]
    rows = []
    for label, low, high in SIZE_BUCKETS:
        bounded = high != float("inf")
        span = f"over {low:g} up to {high:g} B" if bounded else f"over {low:g} B"
        cells = []
        for name in SIZE_TABLE_PRECISIONS:
            low_gb = inference_gb(max(low, 0.1) * 1e9, name)
            cells.append(
                f"{low_gb:.1f}–{inference_gb(high * 1e9, name):.1f} GB"
                if bounded
                else f"{low_gb:.0f} GB +"
            )
        rows.append([label, span, f"{counts.get(label, 0):,}", *cells])
    rows.append([UNKNOWN_BUCKET, "unknown", f"{counts.get(UNKNOWN_BUCKET, 0):,}", "—", "—", "—"])
    return _fragment("size_table", head, rows)


def marker(name: str, args: list[str], board: LeaderboardData) -> str:
    """The Markdown for one leaderboard data marker (see [`markers`][hfguide.pages.markers])."""
    if name == "leaderboard-summary":
        return summary(board)
    if name == "type-examples":
        unknown = [a for a in args if a not in TYPE_LABELS]
        if unknown or not args:
            raise ValueError(f"type-examples needs known type keys, not {args}")
        return type_examples(board, args)
    if name == "types-declared":
        return types_declared(board)
    if name == "quantisation-cost":
        return quantisation_cost(board)
    if name == "tuning-examples":
        if len(args) != 1 or args[0] not in TUNING_WORDS:
            raise ValueError(f"tuning-examples needs one of {', '.join(TUNING_WORDS)}, not {args}")
        return tuning_examples(board, args[0])
    if name == "domain-examples":
        return domain_examples(board)
    if name == "gguf-bits":
        return gguf_bits()
    if name == "precision-table":
        return precision_table(board)
    if name == "size-table":
        return size_table(board)
    if name == "provenance":
        return provenance(board)
    raise ValueError(f"unknown hfguide marker {name!r}")
