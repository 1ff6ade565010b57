"""``hfguide memory``: a model or a size in, a breakdown table out (offline, from the snapshots)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hfguide.cli.common import CliError, command, finite_positive_float, table
from hfguide.planner import (
    UNITS,
    MemoryEstimateError,
    accepted_context,
    check_unit,
    max_batch,
    max_context,
    parse_batch,
    parse_context,
    parse_memory,
    plan,
)

if TYPE_CHECKING:
    from hfguide.queries.subjects import Subject


def add_parser(sub) -> None:
    p = command(
        sub,
        "memory",
        "memory a model needs (weights, KV cache, activations, training), and what fits",
    )
    p.add_argument(
        "model", nargs="+", help="a Hub model id (its recorded config) or a size: 7B, 350M, 7e9"
    )
    p.add_argument(
        "--precision",
        default="bf16",
        help="weights: bf16, fp16, fp32, fp8, int8, nf4, int4, gptq-4bit, awq, Q4_K_M, ... "
        "(default: bf16)",
    )
    p.add_argument(
        "--context",
        default="4k",
        help="tokens per sequence: 4096, 32k, 128k (k = 1024; default: 4k)",
    )
    p.add_argument("--batch", default="1", help="sequences at once (default: 1)")
    p.add_argument(
        "--kv-precision",
        help="KV cache values: bf16, fp16, fp8, Q8_0, ... (default: the weights' 16-bit type)",
    )
    p.add_argument(
        "--train",
        default="none",
        help="none, full (Adam, mixed precision), lora or qlora (default: none)",
    )
    p.add_argument(
        "--gpu",
        help="GPU memory, e.g. 24GB or 80GiB: says whether it fits, the longest context and the "
        "largest batch that do",
    )
    p.add_argument("--gpu-gb", type=finite_positive_float, help=argparse.SUPPRESS)
    p.add_argument("--unit", default="GB", help="GB (10^9 bytes, default) or GiB (2^30)")
    p.add_argument("--data", help=argparse.SUPPRESS)
    p.add_argument("--configs", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Loaded after main() checked the settings: huggingface_hub reads HF_ENDPOINT on import.
    from hfguide.queries.subjects import resolve_subject

    try:
        unit = check_unit(args.unit)
        subject = resolve_subject(" ".join(args.model), data=args.data, configs=args.configs)
        context = parse_context(args.context)
        batch = parse_batch(args.batch)
        budget = parse_memory(args.gpu) if args.gpu else None
        if args.gpu_gb is not None:  # the older spelling
            budget = parse_memory(f"{args.gpu_gb}GB")
        print(
            memory_report(
                subject,
                precision=args.precision,
                context=context,
                batch=batch,
                kv_precision=args.kv_precision,
                train=args.train,
                budget=budget,
                unit=unit,
            )
        )
    except MemoryEstimateError as err:
        raise CliError(str(err)) from None
    return 0


def _amount(value: float, unit: str) -> str:
    return f"{value / UNITS[unit]:,.2f}"


def memory_report(
    subject: Subject,
    *,
    precision: str,
    context: int,
    batch: int,
    kv_precision: str | None,
    train: str,
    budget: float | None,
    unit: str,
) -> str:
    """The breakdown ``hfguide memory`` prints for a resolved subject and parsed settings.

    Raises:
        MemoryEstimateError: the planner refuses a setting (precision, training mode, ...).
    """
    other = "GiB" if unit == "GB" else "GB"
    settings = dict(
        params=subject.params,
        shape=subject.shape,
        precision_name=precision,
        context=context,
        batch=batch,
        kv_precision=kv_precision,
        train=train,
    )
    result = plan(**settings, budget=budget)
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
    lines.append(table(["term", unit, other, "how"], rows))
    lines.append("")
    lines.append(
        f"{unit} = {'10^9' if unit == 'GB' else '2^30'} bytes; {other} = "
        f"{'10^9' if other == 'GB' else '2^30'} bytes."
    )
    if result.beyond_context:
        lines.append(
            f"The model accepts at most {result.context_limit:,} tokens: a plan for "
            f"{context:,} does not fit whatever the memory."
        )
    if budget is not None:
        gpu = f"{budget / UNITS[unit]:,.2f} {unit}"
        verdict = {True: "yes", False: "no", None: "the known terms fit; the rest is unknown"}
        lines.append(f"Fits in {gpu}: {verdict[result.fits]}.")
        if subject.shape is not None:
            if result.train == "none":
                longest = max_context(budget, **settings)
                if longest["tokens"] < 1:
                    lines.append("Longest context that fits: none (not even one token).")
                else:
                    cap = " (the model's own maximum)" if longest["limit"] == "model" else ""
                    lines.append(
                        f"Longest context that fits at batch {batch}: "
                        f"{longest['tokens']:,} tokens{cap}."
                    )
            largest = max_batch(budget, **settings)
            at = accepted_context(context, subject.shape)
            cap = " (the model's own maximum)" if at < context else ""
            lines.append(
                f"Largest batch that fits at {at:,} tokens{cap}: "
                + (f"{largest:,}." if largest > 0 else "none (not even one sequence).")
            )
    return "\n".join(lines)
