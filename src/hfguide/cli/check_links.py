"""``hfguide check-links``: check every link and anchor of a built site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hfguide.cli.common import CliError, command
from hfguide.site.builder import base_path
from hfguide.site.linkcheck import check_site


def add_parser(sub) -> None:
    p = command(sub, "check-links", "check every link and anchor of a built site")
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
    broken = check_site(site, args.base_path if args.base_path is not None else base_path())
    pages = sum(1 for _ in site.rglob("*.html"))
    for link in broken:
        print(link)
    print(
        f"{len(broken)} broken links in {pages} pages.", file=sys.stderr if broken else sys.stdout
    )
    return 1 if broken else 0
