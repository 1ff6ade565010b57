"""Asking the Hub for its task list and each task's top models, checked record by record.

Every answer is checked before it is kept: the disk cache holds the checked
[`Answer`][hfguide.data.hub_models.check.Answer] (what passed, and what was dropped and why),
never the Hub's raw answer, so ``NaN`` or a record that cannot be read never reaches the cache.
"""

from __future__ import annotations

from collections.abc import Iterable

from hfguide.core.dates import now_iso
from hfguide.data.hub_models.check import (
    Answer,
    check_answer,
    check_tasks,
    checked_results,
    checked_tasks,
    valid_answer,
    valid_tasks,
)
from hfguide.data.hub_models.records import HubRecord, Task
from hfguide.data.hub_models.store import HubData
from hfguide.hub.client import HubClient, ModelQuery

#: Model fields the generated tables show; asked for with ``expand`` so the Hub sends only these.
EXPAND_FIELDS: list[str] = [
    "author",
    "downloads",
    "likes",
    "trendingScore",
    "pipeline_tag",
    "library_name",
    "tags",
    "createdAt",
    "lastModified",
    "safetensors",
    "cardData",
    "gated",
]

#: What the cache keys of checked answers start with (answers cached before the checks moved in
#: front of the cache are never read as checked ones).
CACHE_PREFIX = "checked "


def queries_for_tasks(task_ids: Iterable[str], limit: int = 30) -> list[ModelQuery]:
    """The queries one build needs: each task's top models by downloads, likes and trend."""
    return [
        ModelQuery(task=t, sort=sort, limit=limit)
        for t in task_ids
        for sort in ("downloads", "likes", "trending_score")
    ]


def task_answer(client: HubClient) -> Answer:
    """The Hub's task list, checked task by task (cached once checked).

    Raises:
        HubError: The Hub did not answer, or too many tasks failed the checks.
    """
    value = client.cached(
        f"{CACHE_PREFIX}tasks", lambda: check_tasks(client.tasks()).to_json(), valid=valid_tasks
    )
    return Answer.from_json(value)


def fetch_tasks(client: HubClient) -> dict[str, Task]:
    """The tasks that passed the checks; those dropped are warned about through the client."""
    return checked_tasks(task_answer(client), client.warn)


def query_answer(client: HubClient, query: ModelQuery) -> Answer:
    """One model query's answer, checked record by record (cached once checked).

    The Hub's records are read as it sent them (``HubClient.list_pages``), so one record that
    cannot be parsed is dropped like any record that fails a check, and the others are kept.
    """

    def fetch() -> Answer:
        read_at = now_iso()
        items = client.list_pages("/api/models", query.api_params(EXPAND_FIELDS), limit=query.limit)
        return check_answer(query, items, read_at)

    value = client.cached(
        f"{CACHE_PREFIX}models {query.key}",
        lambda: client.call(f"models {query.key}", fetch).to_json(),
        valid=valid_answer,
    )
    return Answer.from_json(value)


def query_records(client: HubClient, query: ModelQuery) -> list[HubRecord]:
    """The records answering one model query that passed the checks, in the Hub's order."""
    return list(query_answer(client, query).kept)


def query_answers(
    client: HubClient,
    queries: list[ModelQuery],
    *,
    progress: bool | None = None,
    desc: str = "Hub",
) -> dict[ModelQuery, Answer]:
    """Many model queries at once on the client's pool; any failure fails the whole set."""
    return client.map(lambda q: query_answer(client, q), queries, progress=progress, desc=desc)


def query_many(
    client: HubClient,
    queries: list[ModelQuery],
    *,
    progress: bool | None = None,
    desc: str = "Hub",
) -> dict[ModelQuery, list[HubRecord]]:
    """Many model queries at once (``query_answers``): each query's records that passed."""
    answers = query_answers(client, queries, progress=progress, desc=desc)
    return {query: list(answer.kept) for query, answer in answers.items()}


def fetch(client: HubClient, *, limit: int = 30, progress: bool | None = None) -> HubData:
    """Query the task list, then every task's top models, through ``client``; check them all.

    Raises:
        HubError: A query failed after its retries, or too many tasks or records failed the
            checks (``TooManyBadRecords``).
    """
    tasks = fetch_tasks(client)
    queries = queries_for_tasks(tasks, limit=limit)
    answers = query_answers(client, queries, progress=progress, desc="Querying the Hub")
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
