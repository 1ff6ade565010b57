"""One refresh for all three data sets: the Hub's model tables, the leaderboard and the model
configs are asked for, checked, compared with the snapshots they would replace
(``hfguide.data.comparable``), and written together or not at all."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from hfguide.core.files import recover, replace_together
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.comparable import NotComparable, board_change, configs_change, hub_change
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.model_configs import ModelConfigs
from hfguide.data.provenance import SnapshotError, shown_path
from hfguide.hub.client import HubClient

T = TypeVar("T")
log = logging.getLogger("hfguide.data")


@dataclass(frozen=True)
class SnapshotPaths:
    """The three snapshot files a refresh writes."""

    hub: Path
    board: Path
    configs: Path


@dataclass
class Refreshed:
    """What a refresh wrote."""

    hub: HubData
    board: LeaderboardData
    configs: ModelConfigs
    warnings: list[str]


def previous(read: Callable[[Path], T], path: Path) -> T | None:
    """The snapshot at ``path`` that fresh data would replace; ``None`` when there is none, or
    none that can be read (then there is nothing to compare with, and nothing worth keeping)."""
    if not Path(path).exists():
        return None
    try:
        return read(Path(path))
    except SnapshotError as err:
        log.warning("hfguide: not comparing with the snapshot it replaces: %s", err)
        return None


def refresh_snapshots(
    paths: SnapshotPaths,
    client: HubClient,
    *,
    limit: int = 30,
    progress: bool | None = None,
    allow_shrink: bool = False,
) -> Refreshed:
    """Query the Hub for every data set, check them, and replace the three files together.

    The configs asked for follow from the fresh Hub records and leaderboard rows
    ([`config_candidates`][hfguide.data.model_configs.fetch.config_candidates]). Each data set
    is compared with the snapshot it would replace as soon as it is read
    (``hfguide.data.comparable``): empty or far smaller data fail the refresh, unless
    ``allow_shrink``. Any failure (the Hub, the checks, the comparison, the disk) leaves every
    file as it was.

    Args:
        paths: The snapshot files to write.
        client: The Hub client.
        limit: Models per task and sort order.
        progress: Show progress bars for the queries (default: when on a terminal).
        allow_shrink: Replace the snapshots even with far smaller data (a deliberate change).

    Returns:
        The three snapshots as written.

    Raises:
        HubError: A query failed after its retries, or too many records failed the checks.
        NotComparable: The fresh data are empty or far smaller than a snapshot (the message
            says what was read and what is kept).
        OSError: A file could not be written (no file is changed).
    """
    files = (Path(paths.hub), Path(paths.board), Path(paths.configs))
    for line in recover({p.parent for p in files}):
        log.info("hfguide: %s", line)

    def compare(change: str | None, path: Path) -> None:
        if change is not None and not allow_shrink:
            raise NotComparable(
                f"the Hub's answers are far smaller than the snapshot they would replace: "
                f"{shown_path(path)}: {change}"
            )

    hub = hub_models.fetch(client, limit=limit, progress=progress)
    compare(hub_change(hub, previous(hub_models.read, files[0])), files[0])
    board = leaderboard.fetch(client)
    compare(board_change(board, previous(leaderboard.read, files[1])), files[1])
    wanted = model_configs.config_candidates(board.rows, hub.records)
    configs = model_configs.fetch(client, wanted, progress=bool(progress))
    compare(configs_change(configs, previous(model_configs.read, files[2])), files[2])
    replace_together(
        {
            files[0]: hub_models.text(hub),
            files[1]: leaderboard.text(board),
            files[2]: model_configs.text(configs),
        }
    )
    return Refreshed(hub=hub, board=board, configs=configs, warnings=list(client.warnings))
