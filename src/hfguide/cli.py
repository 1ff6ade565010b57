"""The ``hfguide`` command: refresh the Hub snapshot, run a replay Hub, and more.

Errors a user can cause (bad paths, an unreachable Hub) end with a one-line message and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__


class CliError(Exception):
    """An error worth one clear line to the user."""


def _cmd_refresh(args: argparse.Namespace) -> int:
    from .hub import HubClient, HubError, redact_endpoint
    from .snapshot import refresh

    if not 1 <= args.limit <= 1000:
        raise CliError(f"--limit must be between 1 and 1000, not {args.limit}")
    if args.workers < 1:
        raise CliError(f"--workers must be at least 1, not {args.workers}")
    client = HubClient(use_cache=False, max_workers=args.workers)
    print(f"Querying {redact_endpoint(client.endpoint)} ...", file=sys.stderr)
    try:
        data = refresh(Path(args.output), client=client, limit=args.limit, progress=True)
    except HubError as err:
        raise CliError(f"refresh failed, the snapshot was not changed: {err}") from None
    n_models = len({r["id"] for rs in data.results.values() for r in rs})
    dates = data.read_dates()
    span = f"{dates[0]} to {dates[1]}" if dates else "no records"
    print(
        f"Wrote {args.output}: {len(data.tasks)} tasks, {len(data.results)} queries, "
        f"{n_models} models (read {span})."
    )
    return 0


def _cmd_replay_hub(args: argparse.Namespace) -> int:
    from .replay import Fault, ReplayHub

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
    print(f"Replay Hub serving {len(hub.records)} models and {len(hub.tasks)} tasks at {hub.url}", flush=True)
    print(f"Use it with: HF_ENDPOINT={hub.url}", flush=True)
    try:
        hub.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def build_parser() -> argparse.ArgumentParser:
    from .snapshot import DEFAULT_SNAPSHOT

    parser = argparse.ArgumentParser(prog="hfguide", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"hfguide {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("refresh", help="query the Hub (HF_ENDPOINT) and rewrite the snapshot")
    p.add_argument("--output", default=str(DEFAULT_SNAPSHOT), help="snapshot file (default: %(default)s)")
    p.add_argument("--limit", type=int, default=30, help="models per task and sort (default: 30)")
    p.add_argument("--workers", type=int, default=8, help="queries at once (default: 8)")
    p.set_defaults(func=_cmd_refresh)

    p = sub.add_parser("replay-hub", help="serve recorded Hub data on loopback")
    p.add_argument("--data", required=True, help="folder with models.jsonl and tasks.json")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--page-size", type=int, default=1000, help="models per page (default: 1000)")
    p.add_argument("--latency", type=float, default=0.0, help="seconds to delay every answer")
    p.set_defaults(func=_cmd_replay_hub)
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
