"""Where the leaderboard rows are kept: ``data/leaderboard.json``, one row per line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfguide.core.files import json_text, write_text_atomic
from hfguide.core.settings import DEFAULT_LEADERBOARD
from hfguide.data.leaderboard.check import row_problem
from hfguide.data.leaderboard.rows import COLUMNS, REPO_ID, LeaderboardRow
from hfguide.data.provenance import InvalidSnapshot, check_header, header, read_snapshot_file

FORMAT = 2  # 2: rows carry "implausible" reasons


@dataclass
class LeaderboardData:
    rows: list[LeaderboardRow]
    source: str  # "live" or "snapshot"
    created_at: str
    endpoint: str
    note: str = ""

    @property
    def submitted(self) -> tuple[str, str] | None:
        days = sorted(r["submitted"] for r in self.rows if r.get("submitted"))
        return (days[0], days[-1]) if days else None

    def columnar(self) -> dict[str, Any]:
        """Compact column-list form, for the snapshot and the page's data file."""
        return {"columns": COLUMNS, "rows": [[row.get(c) for c in COLUMNS] for row in self.rows]}

    def to_json(self) -> dict[str, Any]:
        return {
            **header(FORMAT, self.created_at, self.endpoint),
            "repo": REPO_ID,
            **self.columnar(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any], *, note: str = "") -> LeaderboardData:
        created_at, endpoint = check_header(value, FORMAT)
        columns, table = value.get("columns"), value.get("rows")
        if not isinstance(columns, list) or not isinstance(table, list):
            raise InvalidSnapshot("columns or rows is not a list")
        if not all(isinstance(c, str) for c in columns) or len(set(columns)) != len(columns):
            raise InvalidSnapshot("columns is not a list of distinct names")
        rows = []
        for n, cells in enumerate(table, 1):
            if not isinstance(cells, list) or len(cells) != len(columns):
                raise InvalidSnapshot(f"row {n} does not have {len(columns)} cells")
            row = dict(zip(columns, cells, strict=True))
            if (problem := row_problem(row)) is not None:
                raise InvalidSnapshot(f"row {n} ({str(row.get('id'))[:100]!r}): {problem}")
            rows.append(row)
        return cls(
            rows=rows, source="snapshot", created_at=created_at, endpoint=endpoint, note=note
        )


def text(data: LeaderboardData) -> str:
    """The leaderboard snapshot file's text (checked the way a reader will check it)."""
    value = data.to_json()
    LeaderboardData.from_json(json.loads(json_text(value)))
    # One row per line keeps the file diffable without the bulk of indenting every value.
    rows = value.pop("rows")
    head = json_text(dict(sorted(value.items()))).rstrip()[:-1]
    body = ",\n".join(json_text(r).rstrip() for r in rows)
    return f'{head}, "rows": [\n{body}\n]}}\n'


def write(data: LeaderboardData, path: Path = DEFAULT_LEADERBOARD) -> None:
    """Write ``data`` as the leaderboard snapshot at ``path``, atomically, creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text(data))


def read(path: Path = DEFAULT_LEADERBOARD, *, note: str = "") -> LeaderboardData:
    """The leaderboard snapshot at ``path``; ``note`` says where the data came from.

    Raises:
        SnapshotError: the file is missing or is not a valid leaderboard snapshot.
    """
    return read_snapshot_file(
        path, "leaderboard snapshot", lambda value: LeaderboardData.from_json(value, note=note)
    )
