"""``hfguide refresh``: ask the Hub for fresh data and rewrite the three snapshot files together."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hfguide.cli.common import CliError, command, int_between
from hfguide.core.settings import DEFAULT_CONFIGS, DEFAULT_LEADERBOARD, DEFAULT_SNAPSHOT, Settings


def add_parser(sub) -> None:
    p = command(sub, "refresh", "ask the Hub for fresh data and rewrite the site's snapshot files")
    p.add_argument(
        "--output", default=str(DEFAULT_SNAPSHOT), help="snapshot file (default: %(default)s)"
    )
    p.add_argument(
        "--leaderboard-output",
        default=str(DEFAULT_LEADERBOARD),
        help="leaderboard snapshot file (default: %(default)s)",
    )
    p.add_argument(
        "--configs-output",
        default=str(DEFAULT_CONFIGS),
        help="model configs snapshot file (default: %(default)s)",
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
    p.add_argument(
        "--allow-shrink",
        action="store_true",
        help="replace the snapshots even with empty or far smaller data (a deliberate change, "
        "such as a smaller --limit); without it such a refresh fails and writes nothing",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    # Loaded after main() checked the settings: huggingface_hub reads HF_ENDPOINT on import.
    from hfguide.data.comparable import NotComparable
    from hfguide.data.refresh import SnapshotPaths, refresh_snapshots
    from hfguide.hub.client import HubClient
    from hfguide.hub.errors import HubError

    client = HubClient(settings=settings, use_cache=False, max_workers=args.workers)
    print(f"Querying {settings.public_endpoint} ...", file=sys.stderr)
    paths = SnapshotPaths(
        Path(args.output), Path(args.leaderboard_output), Path(args.configs_output)
    )
    try:
        done = refresh_snapshots(
            paths, client, limit=args.limit, progress=True, allow_shrink=args.allow_shrink
        )
    except NotComparable as err:
        _print_warnings(client.warnings)
        raise CliError(
            f"refresh failed, the snapshots were not changed: {err}. If the change is "
            "deliberate, run it again with --allow-shrink"
        ) from None
    except HubError as err:
        _print_warnings(client.warnings)
        raise CliError(f"refresh failed, the snapshots were not changed: {err}") from None
    data, board, configs = done.hub, done.board, done.configs
    dates = data.read_dates()
    span = f"{dates[0]} to {dates[1]}" if dates else "no records"
    print(
        f"Wrote {args.output}: {len(data.tasks)} tasks, {len(data.results)} queries, "
        f"{len(data.records)} models (read {span})."
    )
    submitted = board.submitted
    print(
        f"Wrote {args.leaderboard_output}: {len(board.rows)} leaderboard rows"
        + (f" (submitted {submitted[0]} to {submitted[1]})." if submitted else ".")
    )
    print(
        f"Wrote {args.configs_output}: {len(configs.configs)} configs of {configs.asked} models "
        "asked."
    )
    _print_warnings(done.warnings)
    return 0


def _print_warnings(warnings: list[str]) -> None:
    """What the Hub did that the refresh worked around, on stderr (the first 20)."""
    if warnings:
        print(f"{len(warnings)} warnings:", file=sys.stderr)
        for line in warnings[:20]:
            print(f"  {line}", file=sys.stderr)
        if len(warnings) > 20:
            print(f"  ... and {len(warnings) - 20} more", file=sys.stderr)
