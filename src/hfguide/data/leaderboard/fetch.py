"""Downloading the leaderboard's data set from the Hub and reducing it to checked rows.

The rows are checked before they are kept: the disk cache holds the rows that passed (and the
ids of those dropped, with why), never the data set's raw rows.
"""

from __future__ import annotations

from typing import Any

from hfguide.core.dates import now_iso
from hfguide.data.leaderboard.check import check_rows, row_problem
from hfguide.data.leaderboard.rows import REPO_ID, rows_from_frame
from hfguide.data.leaderboard.store import LeaderboardData
from hfguide.hub.client import HubClient
from hfguide.hub.errors import HubError

CACHE_KEY = f"checked leaderboard {REPO_ID}"


def _valid(value: Any) -> bool:
    """Whether a cached answer is one ``fetch`` made (it is used)."""
    try:
        rows, dropped = value["rows"], value["dropped"]
        return all(row_problem(r) is None for r in rows) and all(len(d) == 2 for d in dropped)
    except (KeyError, TypeError, AttributeError):
        return False


def fetch(client: HubClient) -> LeaderboardData:
    """Download the leaderboard data set's parquet files and reduce them to checked rows.

    Raises:
        HubError: the Hub did not answer, a parquet file is unreadable, or too many rows fail
            their checks.
    """
    import pandas as pd  # a second of start-up, paid only when the leaderboard is downloaded

    def download() -> dict[str, Any]:
        paths = client.dataset_files(REPO_ID, prefix="data/", suffix=".parquet")
        try:
            frame = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
        except (OSError, ValueError) as err:
            raise HubError(f"{REPO_ID}: unreadable parquet ({err})") from None
        try:
            rows = rows_from_frame(frame)
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as err:
            raise HubError(f"{REPO_ID}: rows it cannot read ({type(err).__name__})") from None
        kept, dropped = check_rows(rows)
        return {"rows": kept, "dropped": [list(d) for d in dropped]}

    answer = client.cached(CACHE_KEY, download, valid=_valid)
    for row_id, problem in answer["dropped"]:
        client.warn(f"left out leaderboard row {row_id!r}: {problem}")
    return LeaderboardData(
        rows=answer["rows"], source="live", created_at=now_iso(), endpoint=client.public_endpoint
    )
