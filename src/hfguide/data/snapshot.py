"""The dated snapshot of Hub answers: written by ``hfguide refresh``, read when the Hub is away.

A snapshot is one JSON file (``data/hub-snapshot.json``) holding the task list, every model
query a build needs with the ids it answered, and each model's record with the day its numbers
were read (``read_at``). ``created_at`` is the day the file was written, which is not the day
the data were read: ``HubData.read_days`` gives those ("data as of").

Every record is checked at the door (``hfguide.hub.records``): a refresh drops a record or
task that fails with a counted warning and fails as a whole, writing nothing, when more than
``hfguide.data.provenance.MAX_DROPPED_SHARE`` of them (and more than two) fail. Reading a
snapshot checks it the same way and rejects the whole file with one clear message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfguide.data.files import json_text, write_text_atomic
from hfguide.data.provenance import (
    InvalidSnapshot,
    SnapshotError,
    check_header,
    days,
    header,
    read_snapshot_file,
    too_many_dropped,
)
from hfguide.hub.client import HubClient, HubError, ModelQuery, queries_for_tasks
from hfguide.hub.records import now_iso, record_problem, task_problem
from hfguide.settings import DEFAULT_SNAPSHOT

__all__ = [
    "DEFAULT_SNAPSHOT",
    "HubData",
    "SnapshotError",
    "TooManyBadRecords",
    "fetch_hub_data",
    "read_snapshot",
    "refresh",
    "snapshot_text",
    "write_snapshot",
]

FORMAT = 1
#: The task fields a snapshot keeps (the rest of ``/api/tasks`` is widgets and demos).
TASK_FIELDS = (
    "id",
    "label",
    "summary",
    "libraries",
    "models",
    "datasets",
    "metrics",
    "isPlaceholder",
    "canonicalId",
)


class TooManyBadRecords(HubError):
    """So many Hub records failed the checks that the refresh writes nothing."""


@dataclass
class HubData:
    """Everything the generated pages show, and where it came from."""

    tasks: dict[str, dict[str, Any]]
    results: dict[ModelQuery, list[dict[str, Any]]]
    source: str  # "live" or "snapshot"
    created_at: str  # when the snapshot was written (or the live data fetched)
    endpoint: str
    note: str = ""
    queries: list[ModelQuery] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the refresh left out or cut short

    @property
    def records(self) -> list[dict[str, Any]]:
        """Every distinct record the queries answered, by id."""
        return list({r["id"]: r for rs in self.results.values() for r in rs}.values())

    def read_days(self, records: list[dict[str, Any]] | None = None) -> list[str]:
        """The days on which the given (default: all) records' numbers were read."""
        return days(r.get("read_at") for r in (self.records if records is None else records))

    def read_dates(self, records: list[dict[str, Any]] | None = None) -> tuple[str, str] | None:
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

    def answers(self, task: str | None, sort: str) -> list[dict[str, Any]]:
        """The records of ``query_for``, in the Hub's order; empty if it holds none."""
        query = self.query_for(task, sort)
        return list(self.results[query]) if query is not None else []

    def to_json(self) -> dict[str, Any]:
        models: dict[str, dict[str, Any]] = {}
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


def trim_task(task: dict[str, Any]) -> dict[str, Any]:
    return {k: task[k] for k in TASK_FIELDS if k in task}


def checked_tasks(raw: dict[str, Any], warn: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    """The tasks that pass the checks; the others are dropped with a warning each."""
    tasks, dropped = {}, 0
    for task_id, task in sorted(raw.items(), key=lambda kv: str(kv[0])):
        trimmed = trim_task(task) if isinstance(task, dict) else task
        if (problem := task_problem(task_id, trimmed)) is not None:
            dropped += 1
            warn(f"left out task {str(task_id)[:60]!r}: {problem}")
        else:
            tasks[task_id] = trimmed
    if too_many_dropped(dropped, len(raw)):
        raise TooManyBadRecords(
            f"{dropped} of {len(raw)} tasks failed the checks; nothing was written"
        )
    return tasks


def checked_results(
    results: dict[ModelQuery, list[Any]], warn: Callable[[str], None]
) -> dict[ModelQuery, list[dict[str, Any]]]:
    """Each query's records that pass the checks, each id once; failures are warned about once."""
    problems: dict[str, str] = {}
    seen: set[str] = set()
    kept: dict[ModelQuery, list[dict[str, Any]]] = {}
    for query, records in results.items():
        ids: set[str] = set()
        kept[query] = []
        for n, record in enumerate(records, 1):
            problem = record_problem(record)
            key = str(record.get("id"))[:100] if isinstance(record, dict) else f"#{n}"
            seen.add(key)
            if problem is None and record["id"] in ids:
                problem = "is listed twice in one answer"
            if problem is None and query.task and record.get("pipeline_tag") != query.task:
                problem = f"answered a query for {query.task} but has another task"
            if problem is not None:
                if key not in problems:
                    problems[key] = problem
                    warn(f"left out record {key!r}: {problem}")
                continue
            ids.add(record["id"])
            kept[query].append(record)
    if too_many_dropped(len(problems), len(seen)):
        raise TooManyBadRecords(
            f"{len(problems)} of {len(seen)} model records failed the checks "
            f"(first: {next(iter(problems))!r} {next(iter(problems.values()))}); "
            "nothing was written"
        )
    return kept


def fetch_hub_data(client: HubClient, *, limit: int = 30, progress: bool | None = None) -> HubData:
    """Query the task list, then every task's top models, through ``client``; check them all."""
    raw_tasks = client.tasks()
    tasks = checked_tasks(raw_tasks, client.warn)
    queries = queries_for_tasks(tasks, limit=limit)
    answers = client.models_many(queries, progress=progress, desc="Querying the Hub")
    results = checked_results(answers, client.warn)
    return HubData(
        tasks=tasks,
        results=results,
        source="live",
        created_at=now_iso(),
        endpoint=client.public_endpoint,
        queries=queries,
        warnings=list(client.warnings),
    )


def snapshot_text(data: HubData) -> str:
    """The snapshot file's text (checked the way a reader will check it)."""
    value = data.to_json()
    HubData.from_json(value)
    return json_text(value, indent=1)


def write_snapshot(data: HubData, path: Path = DEFAULT_SNAPSHOT) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, snapshot_text(data))
    return path


def read_snapshot(path: Path = DEFAULT_SNAPSHOT, *, note: str = "") -> HubData:
    return read_snapshot_file(
        path, "Hub snapshot", lambda value: HubData.from_json(value, note=note)
    )


def refresh(
    path: Path = DEFAULT_SNAPSHOT,
    *,
    client: HubClient | None = None,
    limit: int = 30,
    progress: bool | None = None,
) -> HubData:
    """Query the Hub and replace the snapshot; on any failure the old snapshot stays as it was."""
    client = client or HubClient(use_cache=False)
    data = fetch_hub_data(client, limit=limit, progress=progress)
    write_snapshot(data, path)
    return data
