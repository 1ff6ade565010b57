"""Leaderboard pages: the explorer, its data file, and data-driven fragments for the glossary.

Glossary pages are written by hand; where they need numbers from the data they carry a marker
such as ``<!-- hfguide:type-examples chat -->``, which :func:`hfguide.markers.expand_markers`
replaces at build time, through :func:`marker`, with counts and top models from the rows.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from hfguide.data.leaderboard import BENCHMARKS, TYPE_LABELS, TYPES, LeaderboardData
from hfguide.pages.render import esc, front_matter, hub_model_url, json_for_html, options_by_count
from hfguide.planner.memory import (
    BYTES_PER_PARAMETER,
    SIZE_BUCKETS,
    UNKNOWN_BUCKET,
    browser_constants,
    inference_gb,
)

DATA_FILE = "leaderboard/data.json"
NO_LICENCE = "__none__"  # the licence filter's value for rows whose licence is empty
EXAMPLE_SIZES_B = (1.5, 7, 13, 70)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _model_link(row: dict[str, Any]) -> str:
    return f'<a href="{esc(hub_model_url(row["id"]))}">{esc(row["id"])}</a>'


def provenance(board: LeaderboardData) -> str:
    submitted = board.submitted
    span = f"{submitted[0]} and {submitted[1]}" if submitted else "unknown dates"
    source = (
        "queried from the Hub at build time"
        if board.source == "live"
        else (f"from the snapshot written on {board.created_at[:10]}")
    )
    return (
        f"Data: the {len(board.rows):,} rows of the Open LLM Leaderboard v2 data set "
        f"`open-llm-leaderboard/contents`, {source}. The leaderboard is archived; these models "
        f"were submitted between {span}."
    )


def summary(board: LeaderboardData) -> str:
    counts = Counter(r["type"] for r in board.rows)
    lines = [provenance(board), "", "| Type | Models | Best average |", "|---|---:|---|"]
    for key, _, label in TYPES:
        rows = [r for r in board.rows if r["type"] == key]
        if not rows:
            continue
        best = max(rows, key=lambda r: r.get("average") or 0)
        lines.append(
            f"| {label} | {counts[key]:,} | {_model_link(best)} ({_fmt(best.get('average'))}) |"
        )
    return "\n".join(lines)


def type_examples(board: LeaderboardData, keys: list[str], top: int = 5) -> str:
    rows = [r for r in board.rows if r["type"] in keys and not r.get("flagged")]
    labels = " and ".join(f"*{TYPE_LABELS[k]}*" for k in keys)
    if not rows:
        return f"The leaderboard data has no {labels} models."
    best = sorted(rows, key=lambda r: -(r.get("average") or 0))[:top]
    sizes = Counter(r["bucket"] for r in rows)
    common = ", ".join(f"{b} B: {n:,}" for b, n in sizes.most_common(3))
    head = (
        f"In the leaderboard data, {len(rows):,} models are filed as {labels} "
        f"({len(rows) / len(board.rows):.0%} of all rows; most common sizes {common}). "
        f"The {len(best)} with the best average score:\n\n"
        "| Model | Parameters (B) | Precision | Average | IFEval | MMLU-PRO |\n|---|---:|---|---:|---:|---:|"
    )
    body = [
        f"| {_model_link(r)} | {_fmt(r.get('params'))} | {esc(r.get('precision') or '—')} | "
        f"{_fmt(r.get('average'))} | {_fmt(r.get('ifeval'))} | {_fmt(r.get('mmlu_pro'))} |"
        for r in best
    ]
    return "\n".join([head, *body, "", provenance(board)])


def precision_table(board: LeaderboardData) -> str:
    from hfguide.planner.memory import (
        ALIASES,
        TABLE_PRECISIONS,
        MemoryEstimateError,
        precision,
        precision_key,
    )

    counts: Counter[str] = Counter()
    for row in board.rows:
        try:
            counts[precision(row.get("precision") or "").name] += 1
        except MemoryEstimateError:
            pass
    header = "| Precision | Also written | Bits per weight | " + " | ".join(
        f"{s:g} B model" for s in EXAMPLE_SIZES_B
    )
    header += " | Leaderboard rows |\n|---|---|---:|" + "---:|" * len(EXAMPLE_SIZES_B) + "---:|"
    lines = [header]
    for name in TABLE_PRECISIONS:
        p = precision(name)
        aliases = ", ".join(
            f"`{a}`" for a, target in ALIASES.items() if target == name and a != precision_key(name)
        )
        cells = " | ".join(f"{s * p.bits / 8:.3g} GB" for s in EXAMPLE_SIZES_B)
        lines.append(
            f"| {name} | {aliases or '—'} | {p.bits:.4g} | {cells} | {counts.get(name, 0):,} |"
        )
    return "\n".join(lines) + (
        "\n\nWeights only, every parameter at the format's bits (formats that quantise only the "
        "linear layers keep embeddings in 16 bits when the model's shape is known). Inference "
        "adds the KV cache, which grows with context and batch, activations and the framework's "
        "own memory: see the worked example below."
    )


def size_table(board: LeaderboardData) -> str:
    counts = Counter(r["bucket"] for r in board.rows)
    lines = [
        "| Bucket | Parameters | Rows | "
        + " | ".join(f"{p} (weights + overhead)" for p in ("bfloat16", "8bit", "4bit"))
        + " |\n|---|---|---:|---:|---:|---:|"
    ]
    for label, low, high in SIZE_BUCKETS:
        span = f"{low:g}–{high:g} B" if high != float("inf") else f"{low:g} B and more"
        upper = high if high != float("inf") else None
        cells = []
        for precision in ("bfloat16", "8bit", "4bit"):
            at = lambda billions: inference_gb(max(billions, 0.1) * 1e9, precision)  # noqa: E731
            cells.append(f"{at(low):.1f}–{at(upper):.1f} GB" if upper else f"{at(low):.0f} GB +")
        lines.append(f"| {label} | {span} | {counts.get(label, 0):,} | " + " | ".join(cells) + " |")
    lines.append(f"| {UNKNOWN_BUCKET} | unknown | {counts.get(UNKNOWN_BUCKET, 0):,} | — | — | — |")
    return "\n".join(lines)


def marker(name: str, args: list[str], board: LeaderboardData) -> str:
    """The Markdown for one leaderboard data marker (see :mod:`hfguide.pages.markers`)."""
    if name == "leaderboard-summary":
        return summary(board)
    if name == "type-examples":
        unknown = [a for a in args if a not in TYPE_LABELS]
        if unknown or not args:
            raise ValueError(f"type-examples needs known type keys, not {args}")
        return type_examples(board, args)
    if name == "precision-table":
        return precision_table(board)
    if name == "size-table":
        return size_table(board)
    if name == "provenance":
        return provenance(board)
    raise ValueError(f"unknown hfguide marker {name!r}")


def data_file(board: LeaderboardData) -> str:
    return json.dumps(board.columnar(), ensure_ascii=False, separators=(",", ":"))


STATIC_ROWS = 10  # a first view that paints fast; the grid has them all


def static_top_table(board: LeaderboardData) -> str:
    """The explorer's first view, rendered at build time: the best models by Average.

    It needs no script; the interactive grid replaces it when the reader starts exploring."""
    rows = [r for r in board.rows if not r.get("flagged")]
    rows.sort(key=lambda r: (-(r.get("average") or 0), r["id"]))
    head = "".join(
        f'<th scope="col">{esc(t)}</th>'
        for t in [
            "Model",
            "Type",
            "Params (B)",
            "Precision",
            "Average",
            *(c for _, c in BENCHMARKS),
        ]
    )
    body = "".join(
        f"<tr><td>{_model_link(r)}</td><td>{esc(TYPE_LABELS.get(r['type'], r['type']))}</td>"
        f"<td>{_fmt(r.get('params'), 2)}</td><td>{esc(r.get('precision') or '—')}</td>"
        f"<td>{_fmt(r.get('average'), 2)}</td>"
        + "".join(f"<td>{_fmt(r.get(k), 2)}</td>" for k, _ in BENCHMARKS)
        + "</tr>"
        for r in rows[:STATIC_ROWS]
    )
    return (
        f'<table class="hfguide-models lb-static"><caption>The {STATIC_ROWS} best models by average '
        f"score (flagged models left out)</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def later_options(options: str) -> str:
    """A long option list kept in a <template> after its <select>: explorer.js adds it before the
    reader opens the list (or when the page is idle), so first paint has fewer elements to style."""
    return f'<template class="lb-later-options">{options}</template>'


def explorer_page(board: LeaderboardData) -> str:
    licence_options = options_by_count(
        (r.get("license") or "" for r in board.rows),
        value_of=lambda name: name or NO_LICENCE,
        label_of=lambda name: name or "(none given)",
    )
    type_options = "".join(
        f'<option value="{key}">{esc(label)}</option>' for key, _, label in TYPES
    )
    precisions = sorted({r.get("precision") for r in board.rows if r.get("precision")})
    precision_options = "".join(f'<option value="{esc(p)}">{esc(p)}</option>' for p in precisions)
    bucket_options = "".join(
        f'<option value="{esc(b)}">{esc(b)} B</option>'
        for b in [*(b[0] for b in SIZE_BUCKETS), UNKNOWN_BUCKET]
    )
    sort_options = "".join(
        f'<option value="{key}">{esc(label)}</option>'
        for key, label in [
            ("average", "Average"),
            *((k, c) for k, c in BENCHMARKS),
            ("co2", "CO₂ cost"),
            ("params", "Parameters"),
            ("likes", "Hub likes"),
        ]
    )
    calc_precisions = "".join(
        f'<option value="{esc(p)}"{" selected" if p == "bfloat16" else ""}>{esc(p)}</option>'
        for p in BYTES_PER_PARAMETER
    )

    def tri(name: str, label: str, default: str = "") -> str:
        options = "".join(
            f'<option value="{v}"{" selected" if v == default else ""}>{t}</option>'
            for v, t in (("", "any"), ("yes", "yes"), ("no", "no"))
        )
        return f'<label>{label} <select data-filter="{name}">{options}</select></label>'

    constants = json_for_html(
        {**browser_constants(), "benchmarks": BENCHMARKS, "typeLabels": TYPE_LABELS}
    )
    return (
        front_matter(
            "Leaderboard explorer",
            "Filter, sort and plot the Open LLM Leaderboard v2 results, "
            "and find the best model that fits your GPU.",
            hide_toc=True,
            hide_nav=True,
        )
        + "# Leaderboard explorer\n\n"
        f"{provenance(board)} Terms are explained in the [glossary](../glossary/index.md). "
        "Filters are kept in the page address, so you can share a view by sharing the link.\n\n"
        f'<script type="application/json" id="lb-constants">{constants}</script>\n'
        f'<div id="lb-explorer" data-src="../data.json" data-total="{len(board.rows)}">'
        '<form class="lb-filters" aria-label="Leaderboard filters" onsubmit="return false">'
        '<label>Search <input type="search" data-filter="q" placeholder="model, architecture, base model…"></label>'
        f'<label>Type <select data-filter="type"><option value="">any</option>{type_options}</select></label>'
        f'<label>Precision <select data-filter="precision"><option value="">any</option>{precision_options}</select></label>'
        f'<label>Size <select data-filter="size"><option value="">any</option>{bucket_options}</select></label>'
        f'<label>Licence <select data-filter="license"><option value="">any</option></select>{later_options(licence_options)}</label>'
        + tri("merged", "Merged")
        + tri("moe", "MoE")
        + tri("hub", "On the Hub")
        + tri("flagged", "Flagged", "no")
        + f'<label>Sort by <select data-filter="sort">{sort_options}</select></label>'
        '<label>Order <select data-filter="dir"><option value="desc">highest first</option>'
        '<option value="asc">lowest first</option></select></label>'
        '<button type="button" class="md-button" data-action="reset">Reset</button>'
        "</form>"
        '<details class="lb-columns"><summary>Columns</summary><fieldset aria-label="Visible columns" '
        'data-role="column-chooser"></fieldset></details>'
        f'<p class="lb-count" aria-live="polite" data-role="count">Showing the best {STATIC_ROWS} of '
        f"{len(board.rows):,} models. Change a filter, sort or search to explore them all.</p>"
        f'<div data-role="table" class="lb-table-box" aria-label="Leaderboard results">{static_top_table(board)}</div>'
        "</div>\n\n"
        "## Score against size\n\n"
        "Each dot is a model that passes the filters above; the line is the **Pareto frontier**: "
        "the best average score reached at each size or below. A model under the line is beaten by a "
        "model at most its size. Hover a dot, or focus the plot and use the arrow keys to walk "
        "along the frontier.\n\n"
        '<div class="lb-plot"><canvas id="lb-plot" tabindex="0" role="img" '
        'aria-label="Average score against parameter count; use left and right arrows to walk along the frontier">'
        '</canvas><p class="lb-plot-status" aria-live="polite" data-role="plot-status"></p></div>\n\n'
        "## Memory calculator\n\n"
        "Weights take *parameters × bytes per parameter*; inference adds the KV cache, activations "
        "and the framework's own memory (see [precision](../glossary/precision.md)). Enter a "
        "leaderboard model id or a size such as `7B`.\n\n"
        '<form id="lb-calculator" class="lb-calc" aria-label="Memory calculator" onsubmit="return false">'
        '<label>Model or size <input name="model" value="7B" list="lb-model-ids" autocomplete="off"></label>'
        f'<label>Precision <select name="precision">{calc_precisions}</select></label>'
        '<label>GPU memory (GB) <input name="budget" type="number" min="0.1" step="0.1" value="16"></label>'
        '<output name="result" aria-live="polite"></output></form>\n\n'
        "## Best model that fits\n\n"
        "The highest-scoring leaderboard models whose weights, in the precision they were evaluated in, "
        "plus the rule-of-thumb overhead fit in your GPU.\n\n"
        '<form id="lb-fit" class="lb-calc" aria-label="Best model that fits" onsubmit="return false">'
        '<label>GPU memory (GB) <input name="budget" type="number" min="0.1" step="0.1" value="24"></label>'
        f'<label>Licence <select name="license"><option value="">any</option></select>{later_options(licence_options)}</label>'
        f'<label>Type <select name="type"><option value="">any</option>{type_options}</select></label>'
        '<output name="result" aria-live="polite"></output></form>\n'
    )
