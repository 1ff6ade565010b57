"""The checks a Hub record or task passes before a snapshot keeps it.

``record_problem`` and ``task_problem`` check one record or task against the schema a
snapshot may hold (types, ranges, finite numbers, real dates, lengths, id shapes, reserved
names) and say what is wrong in a few words, or return ``None``. ``check_answer`` checks one
query's answer record by record, before anything of it is cached: a record that cannot be
read or fails a check is dropped and noted in the [`Answer`][Answer]. ``check_tasks`` does the
same for the task list. ``checked_tasks`` and ``checked_results`` warn about what was dropped,
once each, and fail the whole refresh when too much of it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
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
from hfguide.data.checks import check_timestamp
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
    UnreadableRecord,
    model_record,
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


def _distinct(check: Check) -> Check:
    """``check``, and each entry once: a list that names a value twice would count it twice."""

    def distinct(value: Any) -> str | None:
        if (problem := check(value)) is not None:
            return problem
        return "lists an entry twice" if len(set(value)) < len(value) else None

    return distinct


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
    "created_at": check_timestamp,
    "last_modified": check_timestamp,
    "parameters": check_whole(1, MAX_PARAMETERS),
    "license": check_text(200),
    "license_source": check_one_of(SOURCES),
    "languages": _distinct(check_text_list(1000, 100)),
    "languages_source": check_one_of(SOURCES),
    "gated": check_gated,
    "read_at": check_timestamp,
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


@dataclass
class Answer:
    """One answer (a query's records, or the task list) after the checks: what passed, and
    what was dropped and why. This, never the raw answer, is what the disk cache keeps."""

    kept: Any  #: the records (a list) or the tasks (an object, by id) that passed
    dropped: list[tuple[str, str]] = field(default_factory=list)  #: (record or task, problem)

    def to_json(self) -> dict[str, Any]:
        return {"kept": self.kept, "dropped": [list(d) for d in self.dropped]}

    @classmethod
    def from_json(cls, value: Any) -> Answer:
        return cls(value["kept"], [(str(k), str(p)) for k, p in value["dropped"]])


def _record_key(item: Any) -> str:
    """How a warning names an item of an answer: its id; when it has none, a digest of the
    item, the same in every answer that holds it (so it is counted once)."""
    model_id = item.get("id") if isinstance(item, dict) else None
    if model_id is not None:
        return str(model_id)[:100]
    text = json.dumps(item, sort_keys=True, default=repr)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{'a record' if isinstance(item, dict) else 'an item'} without an id ({digest})"


def check_answer(query: ModelQuery, items: list[Any], read_at: str) -> Answer:
    """One query's answer, record by record: flattened, checked, each id once, all of the
    query's task. An item that cannot be read or fails a check is dropped, with its problem."""
    kept: list[HubRecord] = []
    dropped: list[tuple[str, str]] = []
    ids: set[str] = set()
    for item in items:
        key = _record_key(item)
        try:
            record = model_record(item, read_at)
        except UnreadableRecord as err:
            dropped.append((key, str(err)))
            continue
        problem = record_problem(record)
        if problem is None and record["id"] in ids:
            problem = "is listed twice in one answer"
        if problem is None and query.task and record.get("pipeline_tag") != query.task:
            problem = f"answered a query for {query.task} but has another task"
        if problem is not None:
            dropped.append((key, problem))
            continue
        ids.add(record["id"])
        kept.append(record)
    return Answer(kept, dropped)


def valid_answer(value: Any) -> bool:
    """Whether a cached answer to a model query is one ``check_answer`` made (it is used)."""
    try:
        answer = Answer.from_json(value)
    except (KeyError, TypeError, ValueError):
        return False
    return isinstance(answer.kept, list) and all(record_problem(r) is None for r in answer.kept)


def check_tasks(raw: Any) -> Answer:
    """The task list, task by task: the tasks that pass (trimmed to ``KEPT_TASK_FIELDS``) and
    those dropped, with their problems.

    Raises:
        TooManyBadRecords: Too many tasks fail (``too_many_dropped``).
    """
    tasks: dict[str, Task] = {}
    dropped: list[tuple[str, str]] = []
    for task_id, task in sorted(raw.items(), key=lambda kv: str(kv[0])):
        trimmed = trim_task(task) if isinstance(task, dict) else task
        if (problem := task_problem(task_id, trimmed)) is not None:
            dropped.append((str(task_id)[:60], problem))
        else:
            tasks[task_id] = trimmed
    if too_many_dropped(len(dropped), len(raw)):
        raise TooManyBadRecords(
            f"{len(dropped)} of {len(raw)} tasks failed the checks; nothing was written"
        )
    return Answer(tasks, dropped)


def valid_tasks(value: Any) -> bool:
    """Whether a cached task list is one ``check_tasks`` made (it is used)."""
    try:
        answer = Answer.from_json(value)
    except (KeyError, TypeError, ValueError):
        return False
    return isinstance(answer.kept, dict) and all(
        task_problem(k, v) is None for k, v in answer.kept.items()
    )


def checked_tasks(raw: Any, warn: Callable[[str], None]) -> dict[str, Task]:
    """The tasks that pass the checks; the others are dropped with a warning each.

    ``raw`` is the task list as the Hub sent it, or an ``Answer`` that ``check_tasks`` made.

    Raises:
        TooManyBadRecords: Too many tasks fail.
    """
    answer = raw if isinstance(raw, Answer) else check_tasks(raw)
    for task_id, problem in answer.dropped:
        warn(f"left out task {task_id!r}: {problem}")
    return answer.kept


def checked_results(
    answers: dict[ModelQuery, Answer], warn: Callable[[str], None]
) -> dict[ModelQuery, list[HubRecord]]:
    """Each query's records that passed the checks; what was dropped is warned about once.

    Raises:
        TooManyBadRecords: Too many of the distinct records the answers held were dropped.
    """
    problems: dict[str, str] = {}
    seen: set[str] = set()
    kept: dict[ModelQuery, list[HubRecord]] = {}
    for query, answer in answers.items():
        for key, problem in answer.dropped:
            seen.add(key)
            if key not in problems:
                problems[key] = problem
                warn(f"left out record {key!r}: {problem}")
        seen.update(str(r["id"])[:100] for r in answer.kept)
        kept[query] = list(answer.kept)
    if too_many_dropped(len(problems), len(seen)):
        raise TooManyBadRecords(
            f"{len(problems)} of {len(seen)} model records failed the checks "
            f"(first: {next(iter(problems))!r} {next(iter(problems.values()))}); "
            "nothing was written"
        )
    return kept
