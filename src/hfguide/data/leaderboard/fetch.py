"""Downloading the leaderboard's data set from the Hub and reducing it to checked rows."""

from __future__ import annotations

from hfguide.core.dates import now_iso
from hfguide.data.leaderboard.check import checked_rows
from hfguide.data.leaderboard.rows import REPO_ID, LeaderboardRow, rows_from_frame
from hfguide.data.leaderboard.store import LeaderboardData
from hfguide.hub.client import HubClient
from hfguide.hub.errors import HubError


def fetch(client: HubClient) -> LeaderboardData:
    """Download the leaderboard data set's parquet files and reduce them to rows.

    Raises:
        HubError: the Hub did not answer, a parquet file is unreadable, or too many rows fail
            their checks.
    """
    import pandas as pd  # a second of start-up, paid only when the leaderboard is downloaded

    def download() -> list[LeaderboardRow]:
        paths = client.dataset_files(REPO_ID, prefix="data/", suffix=".parquet")
        try:
            frame = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
        except (OSError, ValueError) as err:
            raise HubError(f"{REPO_ID}: unreadable parquet ({err})") from None
        return rows_from_frame(frame)

    rows = checked_rows(client.cached(f"leaderboard {REPO_ID}", download), client.warn)
    return LeaderboardData(
        rows=rows, source="live", created_at=now_iso(), endpoint=client.public_endpoint
    )
