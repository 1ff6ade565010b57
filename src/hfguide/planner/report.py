"""``hfguide memory``: a model or a size in, a breakdown table out (offline, from the snapshots)."""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfguide.planner import memory
from hfguide.planner.configs import base_model_of, load_configs
from hfguide.settings import Settings
from hfguide.planner.memory import MemoryEstimateError, UNITS
from hfguide.planner.shapes import Shape, parameter_count


@dataclass
class Subject:
    """What the plan is about: a size, or a model with (perhaps) a recorded shape."""

    label: str
    params: float | None
    shape: Shape | None
    how: str  # where the shape or size came from, in plain words


def _leaderboard_row(model_id: str, data: str | None) -> dict[str, Any] | None:
    from hfguide.data.leaderboard import read_leaderboard

    rows = read_leaderboard(Path(data or Settings.from_env().leaderboard_path)).rows
    wanted = model_id.lower()
    return next((r for r in rows if (r.get("id") or "").lower() == wanted), None)


def _hub_base_model(model_id: str) -> str | None:
    """The base model the Hub snapshot's record of ``model_id`` declares, if it has one."""
    from hfguide.data.snapshot import read_snapshot

    wanted = model_id.lower()
    for records in read_snapshot(Settings.from_env().snapshot_path).results.values():
        for record in records:
            if record["id"].lower() == wanted:
                return base_model_of(record)
    return None


def resolve_subject(text: str, *, data: str | None = None, configs: str | None = None) -> Subject:
    """A size ('7B') or a model id: its recorded config, or its base model's, or a leaderboard
    row's size (then without a shape)."""
    try:
        params = memory.parse_params(text)
        return Subject(f"{params / 1e9:g}B parameters", params, None, "a size only")
    except MemoryEstimateError:
        if re.match(r"^\s*[-+.\d]", str(text)):  # a number, just not a usable one
            raise
    model_id = str(text).strip()
    if model_id.count("/") != 1:
        raise MemoryEstimateError(
            f"{model_id!r} is neither a size (like 7B) nor a Hub model id (like org/name)"
        )
    recorded = load_configs(Path(configs or Settings.from_env().configs_path))
    row = _leaderboard_row(model_id, data)
    bases = [row.get("base") if row else None, _hub_base_model(model_id)]
    found = recorded.shape_for(
        model_id,
        base=next((b for b in bases if recorded.find(b)), None),
        architecture=row.get("architecture") if row else None,
        params=row["params"] * 1e9 if row and row.get("params") else None,
    )
    if found is not None:
        repo_id, shape, how = found
        read_at = str(recorded.configs[repo_id].get("read_at", ""))[:10]
        source = f"{how}, {repo_id}" if repo_id != model_id else how
        return Subject(model_id, parameter_count(shape), shape, f"{source} (read {read_at})")
    if row and row.get("params"):
        return Subject(
            row["id"], row["params"] * 1e9, None, "leaderboard parameter count; no recorded config"
        )
    raise MemoryEstimateError(
        f"no recorded config or leaderboard row for {model_id}; give its size instead (like 7B)"
    )


def _amount(value: float, unit: str) -> str:
    return f"{value / UNITS[unit]:,.2f}"


def memory_report(args: argparse.Namespace) -> str:
    unit = memory.check_unit(args.unit)
    other = "GiB" if unit == "GB" else "GB"
    subject = resolve_subject(" ".join(args.model), data=args.data, configs=args.configs)
    context = memory.parse_context(args.context)
    batch = memory.parse_batch(args.batch)
    budget = memory.parse_memory(args.gpu) if args.gpu else None
    if args.gpu_gb is not None:  # the older spelling
        budget = memory.parse_memory(f"{args.gpu_gb}GB")
    settings = dict(
        params=subject.params,
        shape=subject.shape,
        precision_name=args.precision,
        context=context,
        batch=batch,
        kv_precision=args.kv_precision,
        train=args.train,
    )
    result = memory.plan(**settings, budget=budget)
    task = "Inference" if result.train == "none" else f"Training ({result.train})"
    lines = [
        f"{subject.label}: {result.params:,.0f} parameters, shape from {subject.how}",
        f"{task} in {result.precision}, {context:,} tokens × batch {batch}"
        + (f", KV cache in {result.kv_precision}" if result.kv_precision else ""),
        "",
    ]
    rows = [
        [t.label, _amount(t.bytes, unit), _amount(t.bytes, other), t.note] for t in result.terms
    ]
    rows += [
        [f"{m[0].upper()}{m[1:]} (unknown)", "?", "?", "needs the model's config"]
        for m in result.missing
    ]
    total = "Total" if result.complete else "Total of the known terms"
    rows.append([total, _amount(result.total, unit), _amount(result.total, other), ""])
    from hfguide.cli import _table

    lines.append(_table(["term", unit, other, "how"], rows))
    lines.append("")
    lines.append(
        f"{unit} = {'10^9' if unit == 'GB' else '2^30'} bytes; {other} = "
        f"{'10^9' if other == 'GB' else '2^30'} bytes."
    )
    if budget is not None:
        gpu = f"{budget / UNITS[unit]:,.2f} {unit}"
        verdict = {True: "yes", False: "no", None: "the known terms fit; the rest is unknown"}
        lines.append(f"Fits in {gpu}: {verdict[result.fits]}.")
        if subject.shape is not None:
            if result.train == "none":
                longest = memory.max_context(budget, **settings)
                if longest["tokens"] < 1:
                    lines.append("Longest context that fits: none (not even one token).")
                else:
                    cap = " (the model's own maximum)" if longest["limit"] == "model" else ""
                    lines.append(
                        f"Longest context that fits at batch {batch}: "
                        f"{longest['tokens']:,} tokens{cap}."
                    )
            largest = memory.max_batch(budget, **settings)
            lines.append(
                f"Largest batch that fits at {context:,} tokens: "
                + (f"{largest:,}." if largest > 0 else "none (not even one sequence).")
            )
    return "\n".join(lines)
