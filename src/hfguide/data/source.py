"""Live Hub data or the committed snapshots: the one place a build or a refresh decides.

A build (``load_hub_data``, ``load_board``) uses the Hub's answers when it is reachable
and the snapshots otherwise, never a mix. A refresh (``refresh_snapshots``) queries both
the model tables and the leaderboard, checks them, and replaces both snapshot files together
or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from hfguide.data.files import recover, replace_together
from hfguide.data.snapshot import HubData, fetch_hub_data, read_snapshot, snapshot_text
from hfguide.hub.client import HubClient, HubError, RetryPolicy
from hfguide.settings import Settings

if TYPE_CHECKING:
    from hfguide.data.leaderboard import LeaderboardData

T = TypeVar("T")
log = logging.getLogger("hfguide.data")

#: What readers are told when the Hub did not answer (details go to the build log only).
UNREACHABLE = "The Hub could not be queried, so the pages use the committed snapshot."


def live_or_snapshot(
    fetch: Callable[[HubClient], T],
    read: Callable[[str], T],
    client: HubClient | None = None,
    settings: Settings | None = None,
) -> T:
    """``fetch(client)`` when the Hub is reachable, else ``read(note)`` of the snapshot.

    ``HF_HUB_OFFLINE=1`` (or ``HFGUIDE_DATA=snapshot``) skips the Hub. A first, quickly retried
    request tells whether the Hub is there, so an unreachable Hub costs a fraction of a second;
    any failure falls back to the snapshot as a whole, so a page never mixes live and recorded
    numbers. The note is in plain words; the error itself is logged, without secrets.
    """
    settings = settings or (client.settings if client is not None else Settings.from_env())
    if settings.offline:
        return read("HF_HUB_OFFLINE is set, so the Hub was not queried.")
    if settings.force_snapshot:
        return read("HFGUIDE_DATA=snapshot asked for the committed snapshot.")
    client = client or HubClient(settings=settings)
    saved = client.retry
    try:
        client.retry = RetryPolicy(attempts=2, backoff=0.25, timeout=saved.timeout)
        client.tasks()  # is the Hub there? Cached like any answer; an unreachable Hub fails fast
        client.retry = saved
        return fetch(client)
    except HubError as err:
        log.warning("hfguide: the Hub could not be queried: %s", client.redact(err))
        return read(UNREACHABLE)
    finally:
        client.retry = saved


def load_hub_data(
    snapshot: Path | None = None,
    *,
    client: HubClient | None = None,
    settings: Settings | None = None,
    progress: bool | None = None,
) -> HubData:
    """What a site build uses: the Hub's answers when it is reachable, else the snapshot."""
    settings = settings or (client.settings if client is not None else Settings.from_env())
    path = snapshot or settings.snapshot_path
    return live_or_snapshot(
        lambda hub: fetch_hub_data(hub, progress=progress),
        lambda note: read_snapshot(path, note=note),
        client,
        settings,
    )


@dataclass
class Refreshed:
    """What a refresh wrote."""

    hub: HubData
    board: LeaderboardData
    warnings: list[str]


def refresh_snapshots(
    hub_path: Path,
    board_path: Path,
    client: HubClient,
    *,
    limit: int = 30,
    progress: bool | None = None,
) -> Refreshed:
    """Query the Hub for both snapshots, check them, and replace both files together.

    Any failure (the Hub, the checks, the disk) leaves both files as they were.
    """
    from hfguide.data.leaderboard import fetch_leaderboard, leaderboard_text

    for line in recover([Path(hub_path).parent, Path(board_path).parent]):
        log.info("hfguide: %s", line)
    hub = fetch_hub_data(client, limit=limit, progress=progress)
    board = fetch_leaderboard(client)
    replace_together(
        {Path(hub_path): snapshot_text(hub), Path(board_path): leaderboard_text(board)}
    )
    return Refreshed(hub=hub, board=board, warnings=list(client.warnings))
