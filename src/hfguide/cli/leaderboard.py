"""``hfguide leaderboard``: the best Open LLM Leaderboard models that fit a GPU."""

from __future__ import annotations

import argparse
from pathlib import Path

from hfguide.cli.common import CliError, command, finite_positive_float, int_between, table
from hfguide.core.settings import Settings
from hfguide.planner import is_precision, parse_context


def add_parser(sub) -> None:
    p = command(sub, "leaderboard", "the best Open LLM Leaderboard models that fit your GPU")
    p.add_argument(
        "--type", help="pretrained, continuous, finetuned, chat, merge, multimodal, other"
    )
    p.add_argument(
        "--max-gb",
        type=finite_positive_float,
        help="GPU memory budget in GB (the memory plan at --context)",
    )
    p.add_argument("--precision", help="assume this precision instead of the evaluated one")
    p.add_argument(
        "--context",
        default="4k",
        help="tokens per sequence the memory is planned for: 4096, 32k (k = 1024; default: 4k)",
    )
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
    from hfguide.data import hub_models, model_configs
    from hfguide.data.leaderboard import TYPE_LABELS
    from hfguide.data.provenance import SnapshotError
    from hfguide.data.source import load_leaderboard
    from hfguide.queries import candidates
    from hfguide.queries.licences import PERMISSIVE, UnknownLicence, check_known
    from hfguide.queries.shortlist import Request, shortlist

    if args.type and args.type not in TYPE_LABELS:
        raise CliError(f"unknown --type {args.type!r}; one of {', '.join(TYPE_LABELS)}")
    if args.precision and not is_precision(args.precision):
        raise CliError(
            f"unknown --precision {args.precision!r}; try bf16, fp16, fp32, int8, nf4 or Q4_K_M"
        )
    context = parse_context(args.context)
    licences = [name.strip() for value in args.license or [] for name in value.split(",")]
    licences += [PERMISSIVE] if args.permissive else []
    settings = Settings.from_env()
    try:
        board = load_leaderboard(Path(args.data) if args.data else None)
        found = candidates.build(
            hub_models.read(settings.snapshot_path),
            board,
            model_configs.load(settings.configs_path),
        )
    except SnapshotError as err:
        raise CliError(str(err)) from None
    wanted = ",".join(n for n in licences if n)
    try:
        check_known(wanted, {(r["license"] or "").lower() for r in found.rows} - {""})
    except UnknownLicence as err:
        raise CliError(str(err)) from None
    request = Request(
        task="text-generation",
        licence=wanted,
        scored=True,
        model_type=args.type or "",
        merges=not args.no_merges,
        include_flagged=args.include_flagged,
        budget=args.max_gb * 1e9 if args.max_gb else None,
        precision=args.precision,
        context=context,
        sort="score",
        page_size=args.top,
    )
    answer = shortlist(found.rows, request, model_configs.load(settings.configs_path).shapes)
    if answer.shown:
        print(
            table(
                ["#", "model", "type", "params (B)", "precision", "memory GB", "average"],
                [
                    [
                        str(n),
                        item.row["id"],
                        item.row["type"] or "?",
                        _params(item.row),
                        item.plan.precision if item.plan else "?",
                        _memory(item),
                        f"{item.row['score']:.2f}",
                    ]
                    for n, item in enumerate(answer.shown, 1)
                ],
            )
        )
        print(
            f"memory GB = the plan at {context:,} tokens, batch 1: weights, KV cache and "
            "activations where the model's config is recorded (else weights and overhead, marked "
            "+), framework overhead; 1 GB = 10^9 bytes"
            + (f"; every row fits {args.max_gb:g} GB" if args.max_gb else "")
        )
    else:
        print("No leaderboard model matches.")
        for change in answer.relaxations:
            print(f"  {_relaxed(change)}")
    if answer.flagged_out:
        print(
            f"{answer.flagged_out} matching rows left out as implausible or flagged "
            "(--include-flagged to include them)."
        )
    return 0


#: What each single change of a request that comes back empty means, in the CLI's words.
RELAXED = {
    "licence": "any licence",
    "modelType": "any --type",
    "merges": "merges included (no --no-merges)",
    "includeFlagged": "--include-flagged",
    "context": "--context {value}",
    "precision": "--precision {value}",
    "budget": "--max-gb {value:g}",
}


def _relaxed(change: dict) -> str:
    words = RELAXED.get(change["field"], change["field"]).format(value=change["value"])
    return f"with {words}: {change['count']} would fit"


def _params(row) -> str:
    if not row["params"]:
        return "?"
    mark = {"name": " (name)", "base": " (base)"}.get(row["params_origin"] or "", "")
    return f"{row['params'] / 1e9:g}{mark}"


def _memory(item) -> str:
    if item.plan is None:
        return "?"
    return f"{item.plan.total / 1e9:.1f}" + ("+" if item.plan.missing else "")
