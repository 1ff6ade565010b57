"""``hfguide replay-hub``: answer like the Hub from recorded data, on this machine."""

from __future__ import annotations

import argparse
from pathlib import Path

from hfguide.cli.common import CliError, command, int_between, non_negative_float, port
from hfguide.replay.server import Fault, ReplayHub


def add_parser(sub) -> None:
    p = command(sub, "replay-hub", "answer like the Hub from recorded data, on this machine")
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
