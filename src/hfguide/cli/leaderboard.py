"""``hfguide leaderboard``: the best Open LLM Leaderboard models that fit a GPU."""

from __future__ import annotations

import argparse
from pathlib import Path

from hfguide.cli.common import CliError, command, finite_positive_float, int_between, table
from hfguide.planner import MemoryEstimateError, is_precision, weights_gb


def add_parser(sub) -> None:
    p = command(sub, "leaderboard", "the best Open LLM Leaderboard models that fit your GPU")
    p.add_argument(
        "--type", help="pretrained, continuous, finetuned, chat, merge, multimodal, other"
    )
    p.add_argument(
        "--max-gb",
        type=finite_positive_float,
        help="GPU memory budget in GB (weights + framework overhead)",
    )
    p.add_argument("--precision", help="assume this precision instead of the evaluated one")
    p.add_argument(
        "--license",
        action="append",
        help="licence id as on the Hub, e.g. apache-2.0; repeat it or separate with commas",
    )
    p.add_argument(
        "--permissive",
        action="store_true",
        help="also accept any permissive licence (Apache-2.0, MIT, BSD, ...)",
    )
    p.add_argument("--no-merges", action="store_true", help="leave out merged models")
    p.add_argument(
        "--include-flagged",
        action="store_true",
        help="include rows flagged as implausible (size or precision contradicts the name or "
        "base model) or flagged by the leaderboard's community",
    )
    p.add_argument(
        "--top", type=int_between(1, 10_000), default=10, help="how many to list (default: 10)"
    )
    p.add_argument("--data", help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Loaded after main() checked the settings: huggingface_hub reads HF_ENDPOINT on import.
    from hfguide.data.leaderboard import TYPE_LABELS
    from hfguide.data.provenance import SnapshotError
    from hfguide.data.source import load_leaderboard
    from hfguide.queries.best_fit import best_that_fit
    from hfguide.queries.licences import UnknownLicence

    if args.type and args.type not in TYPE_LABELS:
        raise CliError(f"unknown --type {args.type!r}; one of {', '.join(TYPE_LABELS)}")
    if args.precision and not is_precision(args.precision):
        raise CliError(
            f"unknown --precision {args.precision!r}; try bf16, fp16, fp32, int8, nf4 or Q4_K_M"
        )
    licences = [name for value in args.license or [] for name in value.split(",")]
    try:
        rows = load_leaderboard(Path(args.data) if args.data else None).rows
    except SnapshotError as err:
        raise CliError(str(err)) from None
    try:
        found = best_that_fit(
            rows,
            budget_gb=args.max_gb,
            precision=args.precision,
            licences=licences,
            permissive=args.permissive,
            model_type=args.type,
            merges=not args.no_merges,
            limit=args.top,
            include_flagged=args.include_flagged,
        )
    except UnknownLicence as err:
        raise CliError(str(err)) from None
    if found.rows:

        def memory(row: dict) -> str:
            precision = args.precision or row.get("precision")
            try:
                return f"{weights_gb(row['params'] * 1e9, precision):.1f}"
            except (MemoryEstimateError, TypeError):
                return "?"

        print(
            table(
                ["#", "model", "type", "params (B)", "precision", "weights GB", "average"],
                [
                    [
                        str(i),
                        r["id"],
                        r["type"],
                        f"{r['params']:g}" if r.get("params") else "?",
                        args.precision or r["precision"] or "?",
                        memory(r),
                        f"{r['average']:.2f}",
                    ]
                    for i, r in enumerate(found.rows, 1)
                ],
            )
        )
        print(
            "weights GB = parameters x bytes per parameter in the precision shown, 1 GB = 10^9 "
            "bytes"
            + (
                f"; fits = weights plus framework overhead <= {args.max_gb:g} GB"
                if args.max_gb
                else ""
            )
        )
    else:
        print("No leaderboard model matches.")
    if found.left_out:
        print(
            f"{found.left_out} matching rows left out as implausible or flagged "
            "(--include-flagged to include them)."
        )
    return 0
