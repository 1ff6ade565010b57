"""The checks a Hub record or task passes before a snapshot keeps it.

``record_problem`` and ``task_problem`` check one record or task against the schema a
snapshot may hold (types, ranges, finite numbers, lengths, id shapes, reserved names) and say
what is wrong in a few words, or return ``None``. ``checked_tasks`` and ``checked_results`` drop
what fails with a warning each, and fail the whole answer when too much of it fails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hfguide.core.checks import (
    Check,
    check_bool,
    check_finite,
    check_one_of,
    check_text,
    check_text_list,
    check_whole,
    fields_problem,
)
from hfguide.core.dates import TIMESTAMP
from hfguide.data.hub_models.records import (
    GATED_MODES,
    MAX_COUNT,
    MAX_PARAMETERS,
    MAX_TASK_ID,
    NAMESPACE,
    REPO_ID,
    RESERVED_SLUGS,
    SOURCES,
    TASK_ID,
    HubRecord,
    Task,
)
from hfguide.data.provenance import too_many_dropped
from hfguide.hub.client import ModelQuery
from hfguide.hub.errors import HubError


class TooManyBadRecords(HubError):
    """So many Hub records failed the checks that the refresh writes nothing."""


#: The task fields a snapshot keeps (the rest of ``/api/tasks`` is widgets and demos).
KEPT_TASK_FIELDS = (
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


def check_gated(value: Any) -> str | None:
    """The Hub's ``gated`` field: ``"auto"``, ``"manual"`` or ``False``."""
    if value is False or (isinstance(value, str) and value in GATED_MODES):
        return None
    return "is not auto, manual or false"


RECORD_FIELDS: dict[str, Check] = {
    "id": check_text(193, REPO_ID),
    "author": check_text(96, NAMESPACE),
    "downloads": check_whole(0, MAX_COUNT),
    "likes": check_whole(0, MAX_COUNT),
    "trending_score": check_finite(1e9),
    "pipeline_tag": check_text(MAX_TASK_ID, TASK_ID),
    "library": check_text(100),
    "library_source": check_one_of(SOURCES),
    "tags": check_text_list(1000, 200),
    "created_at": check_text(40, TIMESTAMP),
    "last_modified": check_text(40, TIMESTAMP),
    "parameters": check_whole(1, MAX_PARAMETERS),
    "license": check_text(200),
    "license_source": check_one_of(SOURCES),
    "languages": check_text_list(1000, 100),
    "languages_source": check_one_of(SOURCES),
    "gated": check_gated,
    "read_at": check_text(40, TIMESTAMP),
}
REQUIRED_RECORD_FIELDS = ("id", "read_at")


def record_problem(record: Any) -> str | None:
    """What makes ``record`` unfit for a snapshot, in a few words; ``None`` if it is fine."""
    if not isinstance(record, dict):
        return "is not an object"
    for name in REQUIRED_RECORD_FIELDS:
        if name not in record:
            return f"has no {name}"
    return fields_problem(record, RECORD_FIELDS)


def _described_list(max_items: int) -> Check:
    """Example models, data sets or metrics of a task: objects of short text values."""

    def check(value: Any) -> str | None:
        if not isinstance(value, list) or len(value) > max_items:
            return f"is not a list of at most {max_items} entries"
        for n, entry in enumerate(value):
            if not isinstance(entry, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and len(v) <= 2000
                for k, v in entry.items()
            ):
                return f"entry {n + 1} is not an object of short texts"
        return None

    return check


TASK_FIELDS: dict[str, Check] = {
    "id": check_text(MAX_TASK_ID, TASK_ID),
    "label": check_text(10_000),  # pages cut long labels; this only stops absurd ones
    "summary": lambda v: None if isinstance(v, str) and len(v) <= 5000 else "is not short text",
    "libraries": lambda v: None if v == [] else check_text_list(200, 100)(v),
    "models": _described_list(100),
    "datasets": _described_list(100),
    "metrics": _described_list(100),
    "isPlaceholder": check_bool,
    "canonicalId": check_text(MAX_TASK_ID, TASK_ID),
}


def task_problem(task_id: Any, task: Any) -> str | None:
    """What makes a task unfit for a snapshot (its id is also a page name); ``None`` if fine."""
    if (problem := TASK_FIELDS["id"](task_id)) is not None:
        return f"id {problem}"
    if task_id in RESERVED_SLUGS:
        return f"id {task_id!r} is a name the site reserves"
    if not isinstance(task, dict):
        return "is not an object"
    if task.get("id", task_id) != task_id:
        return "names a different id inside"
    return fields_problem(task, TASK_FIELDS)


def trim_task(task: dict[str, Any]) -> Task:
    """The fields of a task that the snapshot keeps (the rest is widgets and demos)."""
    return {k: task[k] for k in KEPT_TASK_FIELDS if k in task}


def checked_tasks(raw: dict[str, Any], warn: Callable[[str], None]) -> dict[str, Task]:
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
) -> dict[ModelQuery, list[HubRecord]]:
    """Each query's records that pass the checks, each id once; failures are warned about once."""
    problems: dict[str, str] = {}
    seen: set[str] = set()
    kept: dict[ModelQuery, list[HubRecord]] = {}
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
