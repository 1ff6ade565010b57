"""Where the Hub's answers are kept: ``data/hub-snapshot.json``, written by ``hfguide refresh``
and read when the Hub is away.

A snapshot is one JSON file holding the task list, every model query a build needs with the ids
it answered, and each model's record with the day its numbers were read (``read_at``).
``created_at`` is the day the file was written, which is not the day the data were read:
``HubData.read_days`` gives those ("data as of"). Reading a snapshot checks every record and
task the way a refresh checks them (``hfguide.data.hub_models.check``) and rejects the whole
file with one clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfguide.core.files import json_text, write_text_atomic
from hfguide.core.settings import DEFAULT_SNAPSHOT
from hfguide.data.hub_models.check import record_problem, task_problem
from hfguide.data.hub_models.records import HubRecord, Task
from hfguide.data.provenance import (
    InvalidSnapshot,
    check_header,
    days,
    header,
    read_snapshot_file,
)
from hfguide.hub.client import ModelQuery

FORMAT = 1


@dataclass
class HubData:
    """Everything the generated pages show, and where it came from."""

    tasks: dict[str, Task]
    results: dict[ModelQuery, list[HubRecord]]
    source: str  # "live" or "snapshot"
    created_at: str  # when the snapshot was written (or the live data fetched)
    endpoint: str
    note: str = ""
    queries: list[ModelQuery] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the refresh left out or cut short

    @property
    def records(self) -> list[HubRecord]:
        """Every distinct record the queries answered, by id."""
        return list({r["id"]: r for rs in self.results.values() for r in rs}.values())

    def read_days(self, records: list[HubRecord] | None = None) -> list[str]:
        """The days on which the given (default: all) records' numbers were read."""
        return days(r.get("read_at") for r in (self.records if records is None else records))

    def read_dates(self, records: list[HubRecord] | None = None) -> tuple[str, str] | None:
        """Earliest and latest day on which the given (default: all) records were read."""
        found = self.read_days(records)
        return (found[0], found[-1]) if found else None

    @property
    def written_on(self) -> str:
        """The day the snapshot file was written (not when its numbers were read)."""
        return self.created_at[:10]

    def query_for(self, task: str | None, sort: str) -> ModelQuery | None:
        """The unfiltered query this data holds for ``task`` in ``sort`` order, whatever its
        limit (the largest, if it holds several)."""
        held = [q for q in self.results if q.task == task and q.sort == sort and not q.filters]
        return max(held, key=lambda q: q.limit, default=None)

    def answers(self, task: str | None, sort: str) -> list[HubRecord]:
        """The records of ``query_for``, in the Hub's order; empty if it holds none."""
        query = self.query_for(task, sort)
        return list(self.results[query]) if query is not None else []

    def to_json(self) -> dict[str, Any]:
        models: dict[str, HubRecord] = {}
        queries = []
        for query, records in self.results.items():
            for record in records:
                models[record["id"]] = record
            queries.append(
                {
                    "task": query.task,
                    "sort": query.sort,
                    "limit": query.limit,
                    "filters": list(query.filters),
                    "ids": [r["id"] for r in records],
                }
            )
        return {
            **header(FORMAT, self.created_at, self.endpoint),
            "tasks": self.tasks,
            "queries": queries,
            "models": dict(sorted(models.items())),
        }

    @classmethod
    def from_json(
        cls, value: dict[str, Any], *, source: str = "snapshot", note: str = ""
    ) -> HubData:
        """Parse and check a snapshot's JSON; anything amiss raises ``InvalidSnapshot``."""
        created_at, endpoint = check_header(value, FORMAT)
        tasks, models, stored_queries = (
            value.get("tasks"),
            value.get("models"),
            value.get("queries"),
        )
        if not isinstance(tasks, dict) or not isinstance(models, dict):
            raise InvalidSnapshot("tasks or models is not an object")
        if not isinstance(stored_queries, list):
            raise InvalidSnapshot("queries is not a list")
        for task_id, task in tasks.items():
            if (problem := task_problem(task_id, task)) is not None:
                raise InvalidSnapshot(f"task {str(task_id)[:60]!r}: {problem}")
        for n, (model_id, record) in enumerate(models.items(), 1):
            problem = record_problem(record)
            if problem is None and record["id"] != model_id:
                problem = "is filed under another id"
            if problem is not None:
                raise InvalidSnapshot(f"record {n} ({str(model_id)[:100]!r}): {problem}")
        results = {}
        for n, q in enumerate(stored_queries, 1):
            try:
                query = ModelQuery(
                    task=q["task"], sort=q["sort"], limit=q["limit"], filters=tuple(q["filters"])
                )
                ids = q["ids"]
                if query.task is not None and query.task not in tasks:
                    raise ValueError(f"task {str(query.task)[:60]!r} is not in the task list")
                if not isinstance(ids, list) or len(ids) > query.limit:
                    raise ValueError("ids is not a list of at most limit entries")
                if not all(isinstance(f, str) for f in query.filters):
                    raise ValueError("filters is not a list of text")
                results[query] = [models[i] for i in ids]
            except (KeyError, TypeError, ValueError) as err:
                raise InvalidSnapshot(f"query {n}: {_reason(err)}") from None
        return cls(
            tasks=tasks,
            results=results,
            source=source,
            created_at=created_at,
            endpoint=endpoint,
            note=note,
            queries=list(results),
        )


def _reason(err: Exception) -> str:
    if isinstance(err, KeyError):
        return f"{str(err.args[0])[:100]!r} is missing"
    return str(err)[:200]


def text(data: HubData) -> str:
    """The snapshot file's text (checked the way a reader will check it)."""
    value = data.to_json()
    HubData.from_json(value)
    return json_text(value, indent=1)


def write(data: HubData, path: Path = DEFAULT_SNAPSHOT) -> Path:
    """Write ``data`` as the Hub snapshot at ``path``, atomically, creating its folder."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, text(data))
    return path


def read(path: Path = DEFAULT_SNAPSHOT, *, note: str = "") -> HubData:
    """The Hub snapshot at ``path``; ``note`` says why the snapshot is used.

    Raises:
        SnapshotError: the file is missing or is not a valid Hub snapshot.
    """
    return read_snapshot_file(
        path, "Hub snapshot", lambda value: HubData.from_json(value, note=note)
    )
