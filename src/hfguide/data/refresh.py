"""One refresh for all three data sets: the Hub's model tables, the leaderboard and the model
configs are asked for, checked, and written together or not at all."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from hfguide.core.files import recover, replace_together
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.model_configs import ModelConfigs
from hfguide.hub.client import HubClient

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


def refresh_snapshots(
    paths: SnapshotPaths,
    client: HubClient,
    *,
    limit: int = 30,
    progress: bool | None = None,
) -> Refreshed:
    """Query the Hub for every data set, check them, and replace the three files together.

    The configs asked for follow from the fresh Hub records and leaderboard rows
    ([`config_candidates`][hfguide.data.model_configs.fetch.config_candidates]). Any failure
    (the Hub, the checks, the disk) leaves every file as it was.

    Args:
        paths: The snapshot files to write.
        client: The Hub client.
        limit: Models per task and sort order.
        progress: Show progress bars for the queries (default: when on a terminal).

    Returns:
        The three snapshots as written.

    Raises:
        HubError: A query failed after its retries.
        SnapshotError: An answer did not pass the checks.
        OSError: A file could not be written (no file is changed).
    """
    files = (Path(paths.hub), Path(paths.board), Path(paths.configs))
    for line in recover({p.parent for p in files}):
        log.info("hfguide: %s", line)
    hub = hub_models.fetch(client, limit=limit, progress=progress)
    board = leaderboard.fetch(client)
    wanted = model_configs.config_candidates(board.rows, hub.records)
    configs = model_configs.fetch(client, wanted, progress=bool(progress))
    replace_together(
        {
            files[0]: hub_models.text(hub),
            files[1]: leaderboard.text(board),
            files[2]: model_configs.text(configs),
        }
    )
    return Refreshed(hub=hub, board=board, configs=configs, warnings=list(client.warnings))
