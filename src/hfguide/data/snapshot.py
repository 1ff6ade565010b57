"""The dated snapshot of Hub answers: written by ``hfguide refresh``, read when the Hub is away.

A snapshot is one JSON file (``data/hub-snapshot.json``) holding the task list, every model
query a build needs with the ids it answered, and each model's record with the time its
numbers were read. It is written atomically: a failed refresh leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hfguide import PROJECT_ROOT
from hfguide.hub.client import (
    HubClient,
    HubError,
    ModelQuery,
    RetryPolicy,
    hub_offline,
    now_iso,
    queries_for_tasks,
    redact_endpoint,
    write_json_atomic,
)

FORMAT = 1
T = TypeVar("T")
DEFAULT_SNAPSHOT = PROJECT_ROOT / "data" / "hub-snapshot.json"
TASK_FIELDS = ("id", "label", "summary", "libraries", "models", "isPlaceholder", "canonicalId")


class SnapshotError(RuntimeError):
    """The snapshot is missing or unreadable; the message says how to fix it."""


@dataclass
class HubData:
    """Everything the generated pages show, and where it came from."""

    tasks: dict[str, dict[str, Any]]
    results: dict[ModelQuery, list[dict[str, Any]]]
    source: str  # "live" or "snapshot"
    created_at: str
    endpoint: str
    note: str = ""
    queries: list[ModelQuery] = field(default_factory=list)

    def read_dates(self, records: list[dict[str, Any]] | None = None) -> tuple[str, str] | None:
        """Earliest and latest day on which the given (default: all) records were read."""
        if records is None:
            records = [r for rs in self.results.values() for r in rs]
        days = sorted({str(r["read_at"])[:10] for r in records if r.get("read_at")})
        return (days[0], days[-1]) if days else None

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
            "format": FORMAT,
            "created_at": self.created_at,
            "endpoint": redact_endpoint(self.endpoint),
            "tasks": self.tasks,
            "queries": queries,
            "models": dict(sorted(models.items())),
        }

    @classmethod
    def from_json(
        cls, value: dict[str, Any], *, source: str = "snapshot", note: str = ""
    ) -> HubData:
        if value.get("format") != FORMAT:
            raise SnapshotError(f"snapshot format {value.get('format')!r} is not {FORMAT}")
        models = value["models"]
        results = {}
        for q in value["queries"]:
            query = ModelQuery(
                task=q["task"], sort=q["sort"], limit=q["limit"], filters=tuple(q["filters"])
            )
            results[query] = [models[i] for i in q["ids"]]
        return cls(
            tasks=value["tasks"],
            results=results,
            source=source,
            created_at=value["created_at"],
            endpoint=value.get("endpoint", ""),
            note=note,
            queries=list(results),
        )


def trim_task(task: dict[str, Any]) -> dict[str, Any]:
    return {k: task[k] for k in TASK_FIELDS if k in task}


def fetch_hub_data(client: HubClient, *, limit: int = 30, progress: bool | None = None) -> HubData:
    """Query the task list, then every task's top models, through ``client``."""
    tasks = {tid: trim_task(t) for tid, t in sorted(client.tasks().items()) if isinstance(t, dict)}
    queries = queries_for_tasks(tasks, limit=limit)
    results = client.models_many(queries, progress=progress, desc="Querying the Hub")
    return HubData(
        tasks=tasks,
        results=results,
        source="live",
        created_at=now_iso(),
        endpoint=client.endpoint,
        queries=queries,
    )


def write_snapshot(data: HubData, path: Path = DEFAULT_SNAPSHOT) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(path, data.to_json(), indent=1)
    return path


def read_snapshot_file(path: Path, what: str, parse: Callable[[Any], T]) -> T:
    """Read a snapshot file with ``parse``; every way it can fail becomes a
    [`SnapshotError`][SnapshotError] whose message says how to fix it."""
    path = Path(path)
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(
            f"No {what} at {path} and the Hub could not be queried. Fix: restore it with "
            f"`git checkout -- data/{path.name}`, or run `hfguide refresh` with the Hub (or a "
            f"replay Hub named by HF_ENDPOINT) reachable."
        ) from None
    except (OSError, ValueError) as err:
        raise SnapshotError(
            f"The {what} {path} cannot be read ({err}). Run `hfguide refresh`."
        ) from None
    try:
        return parse(value)
    except (KeyError, TypeError, ValueError) as err:
        raise SnapshotError(
            f"The {what} {path} is damaged ({err!r}). Run `hfguide refresh`."
        ) from None


def read_snapshot(path: Path = DEFAULT_SNAPSHOT, *, note: str = "") -> HubData:
    return read_snapshot_file(
        path, "Hub snapshot", lambda value: HubData.from_json(value, note=note)
    )


def live_or_snapshot(
    fetch: Callable[[HubClient], T], read: Callable[[str], T], client: HubClient | None = None
) -> T:
    """``fetch(client)`` when the Hub is reachable, else ``read(note)`` of the snapshot.

    ``HF_HUB_OFFLINE=1`` (or ``HFGUIDE_DATA=snapshot``) skips the Hub. A first, quickly retried
    request tells whether the Hub is there, so an unreachable Hub costs a fraction of a second;
    any failure falls back to the snapshot as a whole, so a page never mixes live and recorded
    numbers.
    """
    if hub_offline():
        return read("HF_HUB_OFFLINE is set, so the Hub was not queried.")
    if os.environ.get("HFGUIDE_DATA", "").lower() == "snapshot":
        return read("HFGUIDE_DATA=snapshot asked for the committed snapshot.")
    client = client or HubClient()
    saved = client.retry
    try:
        client.retry = RetryPolicy(attempts=2, backoff=0.25, timeout=saved.timeout)
        # Is the Hub there? Cached like any answer; an unreachable Hub fails fast here.
        client.tasks()
        client.retry = saved
        return fetch(client)
    except HubError as err:
        return read(f"The Hub could not be queried ({err}).")
    finally:
        client.retry = saved


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


def load_hub_data(
    snapshot: Path = DEFAULT_SNAPSHOT,
    *,
    client: HubClient | None = None,
    progress: bool | None = None,
) -> HubData:
    """What a site build uses: the Hub's answers when it is reachable, else the snapshot."""
    return live_or_snapshot(
        lambda hub: fetch_hub_data(hub, progress=progress),
        lambda note: read_snapshot(snapshot, note=note),
        client,
    )
