"""Live Hub data or the committed snapshots: the one place a build decides.

A build (``load_hub_data``, ``load_leaderboard``) uses the Hub's answers for a data set when
the Hub answers every query of it and the answers are comparable with the snapshot
(``hfguide.data.comparable``: not empty, not far smaller); otherwise it uses that data set's
snapshot as a whole, never a mix within a data set. The data say which they are (``source``)
and why (``note``), so the pages can tell readers which data sets are live and which come from
the snapshot. The model configs always come from their snapshot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hfguide.core.settings import Settings
from hfguide.data import hub_models, leaderboard
from hfguide.data.comparable import board_change, hub_change
from hfguide.data.hub_models import HubData
from hfguide.data.hub_models.check import TooManyBadRecords
from hfguide.data.leaderboard import LeaderboardData
from hfguide.data.provenance import SnapshotError
from hfguide.hub.client import HubClient
from hfguide.hub.errors import HubError
from hfguide.hub.transport import RetryPolicy

T = TypeVar("T")
log = logging.getLogger("hfguide.data")

#: What readers are told when the Hub did not answer (details go to the build log only).
UNREACHABLE = "The Hub could not be queried, so the pages use the committed snapshot."
#: What readers are told when the Hub's answers were empty or far smaller than the snapshot.
SMALLER = (
    "The Hub's answers were empty or far smaller than the committed snapshot, so the pages "
    "use the snapshot."
)


def probe(client: HubClient) -> None:
    """Is the Hub there? One quick request (the checked task list, cached like any answer).

    A task list that fails its checks still means the Hub answered: that is the Hub tables'
    problem (their fetch fails on it), not the leaderboard's.

    Raises:
        HubError: The Hub did not answer.
    """
    try:
        hub_models.fetch_tasks(client)
    except TooManyBadRecords:
        pass


def live_or_snapshot(
    fetch: Callable[[HubClient], T],
    read: Callable[[str], T],
    client: HubClient | None = None,
    settings: Settings | None = None,
    *,
    change: Callable[[T, T | None], str | None] | None = None,
) -> T:
    """``fetch(client)`` when the Hub answers, else ``read(note)`` of the snapshot.

    ``HF_HUB_OFFLINE=1`` (or ``HFGUIDE_DATA=snapshot``) skips the Hub. A first, quickly retried
    request tells whether the Hub is there, so an unreachable Hub costs a fraction of a second;
    any failure falls back to the snapshot as a whole, so a page never mixes live and recorded
    numbers. With ``change``, the live data are compared with the snapshot: when ``change``
    objects (the answers are empty or far smaller), the snapshot is used instead. The note is in
    plain words; the error or the objection itself is logged, without secrets.

    Args:
        fetch: Gets the data from the Hub through the client it is given.
        read: Reads the snapshot; it is given the note that says why the snapshot is used.
        client: The Hub client (default: one made from ``settings``).
        settings: Where and how to reach the Hub (default: the client's, or the environment's).
        change: Why live data may not replace the snapshot (``None`` when there is none); the
            result is ``None`` when they may.

    Returns:
        What ``fetch`` or ``read`` returned.

    Raises:
        SnapshotError: The snapshot is needed and cannot be read.
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
        probe(client)  # an unreachable Hub fails fast
        client.retry = saved
        live = fetch(client)
    except HubError as err:
        log.warning("hfguide: the Hub could not be queried: %s", client.redact(err))
        return read(UNREACHABLE)
    finally:
        client.retry = saved
    if change is None:
        return live
    try:
        snapshot = read(SMALLER)
    except SnapshotError:
        snapshot = None
    objection = change(live, snapshot)
    if objection is None:
        return live
    log.warning("hfguide: not using the Hub's answers: %s", client.redact(objection))
    if snapshot is None:
        return read(SMALLER)  # raises the snapshot's own error, naming the file and the fix
    return snapshot


def load_hub_data(
    snapshot: Path | None = None,
    *,
    client: HubClient | None = None,
    settings: Settings | None = None,
    progress: bool | None = None,
) -> HubData:
    """What a site build uses: the Hub's answers when it answers with comparable data, else the
    snapshot.

    Args:
        snapshot: The snapshot file (default: ``settings.snapshot_path``).
        client: The Hub client (default: one made from ``settings``).
        settings: Where and how to reach the Hub (default: from the environment).
        progress: Show a progress bar for the queries (default: when on a terminal).

    Returns:
        The data, saying whether it is live or from the snapshot, and why.

    Raises:
        SnapshotError: The Hub cannot be used and the snapshot is missing or broken; the
            message names the fix (``hfguide refresh``).
    """
    settings = settings or (client.settings if client is not None else Settings.from_env())
    path = snapshot or settings.snapshot_path
    return live_or_snapshot(
        lambda hub: hub_models.fetch(hub, progress=progress),
        lambda note: hub_models.read(path, note=note),
        client,
        settings,
        change=hub_change,
    )


def load_leaderboard(
    path: Path | None = None,
    *,
    client: HubClient | None = None,
    settings: Settings | None = None,
) -> LeaderboardData:
    """Live leaderboard data when the Hub answers with comparable data, else the snapshot (as for
    the model tables).

    Args:
        path: The snapshot to fall back on (default: ``settings.leaderboard_path``).
        client: The ``HubClient`` to ask; with ``None``, one is made from the settings.
        settings: Where and how to reach the Hub (default: the client's, or the environment's).

    Raises:
        SnapshotError: the Hub did not answer and the snapshot cannot be read.
    """
    settings = settings or (client.settings if client is not None else Settings.from_env())
    path = path or settings.leaderboard_path
    return live_or_snapshot(
        leaderboard.fetch,
        lambda note: leaderboard.read(path, note=note),
        client,
        settings,
        change=board_change,
    )
