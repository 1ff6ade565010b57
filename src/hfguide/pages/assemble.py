"""One page pipeline: `build` turns the build's data into every generated file.

The MkDocs hook, the benchmarks and the tests all call it; nothing else assembles the set of
generated pages. Pages get their data as arguments: they read no files and no environment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hfguide.core.settings import PUBLIC_HUB
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.model_configs import ModelConfigs
from hfguide.pages import explorer, finder, markers, model_tables, shapes
from hfguide.queries import candidates
from hfguide.queries.candidates import Candidates


class PageCollision(ValueError):
    """A generated page would replace a hand-written page or another generated page."""


@dataclass(frozen=True)
class Site:
    """What the page build produces for one site build."""

    files: dict[str, str]  #: path under ``docs/`` → content, for every generated file
    nav: list[dict[str, Any]]  #: the entries of the nav's "Models" section, after its index
    banner: str | None  #: the site-wide notice of which data sets come from the snapshot
    data: HubData = field(repr=False)
    board: LeaderboardData = field(repr=False)
    configs: ModelConfigs = field(repr=False)
    candidates: Candidates = field(repr=False)
    hub_endpoint: str = PUBLIC_HUB  #: the Hub readers' browsers ask for models the data lacks

    def expand_markers(self, markdown: str) -> str:
        """A hand-written page with its data markers filled from this build's data."""
        return markers.expand_markers(
            markdown,
            board=self.board,
            hub=self.data,
            configs=self.configs,
            candidates=self.candidates,
            hub_endpoint=self.hub_endpoint,
        )


def site_banner(data: HubData, board: LeaderboardData) -> str | None:
    """The site-wide notice, in plain words: which of the build's data sets (the Hub tables,
    the leaderboard) come from the committed snapshot and which are live; ``None`` when both
    are live. A build is live or from the snapshot for each data set as a whole."""
    hub_recorded, board_recorded = data.source == "snapshot", board.source == "snapshot"
    read = model_tables.read_span(data, [])
    if hub_recorded and board_recorded:
        return (
            "Offline build: the Hub tables and the leaderboard come from the committed "
            f"snapshot; the tables' numbers were read {read}."
        )
    if hub_recorded:
        return (
            "Mixed build: the leaderboard is live from the Hub, but the Hub tables come from "
            f"the committed snapshot; their numbers were read {read}."
        )
    if board_recorded:
        return (
            "Mixed build: the Hub tables are live from the Hub, but the leaderboard comes from "
            "the committed snapshot."
        )
    return None


def build(
    data: HubData,
    board: LeaderboardData,
    configs: ModelConfigs,
    *,
    hand_written: Iterable[str] = (),
    hub_endpoint: str = PUBLIC_HUB,
) -> Site:
    """Every generated file of the site, the nav entries and the banner.

    ``hand_written`` are the paths (under ``docs/``) of the pages written by hand: a generated
    path that would replace one of them is refused with `PageCollision`, as is a path
    that two generated pages would share (two Hub tasks whose names make the same slug).

    Args:
        data: The Hub data of this build (live or from the snapshot).
        board: The leaderboard rows of this build.
        configs: The recorded model configs of this build.
        hand_written: Paths under ``docs/`` of the pages written by hand.
        hub_endpoint: The Hub the pages' scripts ask, from the reader's browser, for a model
            the data does not hold (``HFGUIDE_BROWSER_HUB``).

    Returns:
        The generated files (path under ``docs/`` → content), the nav entries and the banner
        (``site_banner``).

    Raises:
        PageCollision: Two pages would share a path.
    """
    hand_written = list(hand_written)
    files: dict[str, str] = {}

    def add(path: str, content: str, what: str) -> None:
        if path in files:
            raise PageCollision(f"{what} would be written to {path}, which another page already is")
        files[path] = content

    add("tasks/index.md", model_tables.catalogue_page(data), "the task catalogue")
    add("models/index.md", model_tables.models_index_page(data), "the models index")
    for task_id in data.tasks:
        add(
            model_tables.task_page_path(task_id),
            model_tables.task_models_page(data, task_id),
            f"the page of the Hub task {task_id!r}",
        )
    add(
        "leaderboard/explorer.md",
        explorer.explorer_page(board, hub_endpoint),
        "the leaderboard explorer",
    )
    add(explorer.DATA_FILE, explorer.data_file(board), "the leaderboard data")
    add(shapes.SHAPES_FILE, shapes.shapes_file(configs, board), "the recorded model shapes")
    found = candidates.build(data, board, configs)
    add(
        finder.FINDER_FILE,
        finder.finder_file(found, data, board, hand_written),
        "the model finder's data",
    )

    clashes = sorted(set(files) & set(hand_written))
    if clashes:
        raise PageCollision(
            f"generated pages would replace the hand-written {', '.join(clashes)}; "
            "rename the hand-written page (or, for a Hub task, the data must not hold that task)"
        )
    return Site(
        files=files,
        nav=model_tables.nav_entries(data),
        banner=site_banner(data, board),
        data=data,
        board=board,
        configs=configs,
        candidates=found,
        hub_endpoint=hub_endpoint,
    )
