"""``hfguide check-site``: check a built site for scripts it should not run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hfguide.cli.common import CliError, command
from hfguide.site.builder import base_path
from hfguide.site.safety import check_site_safety


def add_parser(sub) -> None:
    p = command(
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
