"""The ``hfguide`` command: one module per sub-command, its options beside its handler.

``refresh``, ``memory``, ``leaderboard``, ``bench``, ``check-links``, ``check-site``,
``replay-hub`` and ``models`` live in the modules of the same names; what they share (the
parser, argument types, the text table, the one-line error) is in ``common``.

Errors a user can cause (bad paths, an unreachable Hub) end with a one-line message and a
non-zero exit status, never a traceback. ``main`` checks the settings before any command runs:
``huggingface_hub`` reads ``HF_ENDPOINT`` when it is imported and fails on a malformed one, so the
commands that reach the Hub import the Hub-side modules inside their handlers.
"""

from __future__ import annotations

import gc
import sys
import traceback
from collections.abc import Sequence
from typing import NoReturn

from hfguide import __version__
from hfguide.cli import (
    bench,
    check_links,
    check_site,
    leaderboard,
    memory,
    models,
    refresh,
    replay_hub,
)
from hfguide.cli.common import CliError, Parser, one_line
from hfguide.core.settings import Settings, SettingsError
from hfguide.data.provenance import SnapshotError
from hfguide.hub.errors import HubError

#: The sub-commands, in the order ``hfguide --help`` lists them.
COMMANDS = (refresh, memory, leaderboard, bench, check_links, check_site, replay_hub, models)


def build_parser() -> Parser:
    parser = Parser(
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
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``hfguide`` command; errors end as one line on stderr and a non-zero status."""
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
        print(f"{command}: error: {one_line(err)}", file=sys.stderr)
        return 2
    except Exception as err:
        if args.debug:
            traceback.print_exc()
        print(
            f"{command}: unexpected error: {type(err).__name__}: {one_line(err)} "
            "(run with --debug for details)",
            file=sys.stderr,
        )
        return 1


def run() -> NoReturn:
    """The ``hfguide`` program: ``main`` on the command line's arguments, then exit with its status.

    By then the command has written and closed everything. A bench run leaves torch and
    transformers loaded, and Python's last garbage collection over their objects at exit takes
    about a second (measured on a 2-core machine) to free memory the system reclaims anyway, so
    the objects alive now are set aside from collection first (``gc.freeze``).
    """
    status = main()
    gc.freeze()
    sys.exit(status)
