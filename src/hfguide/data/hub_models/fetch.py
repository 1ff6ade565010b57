"""Asking the Hub for its task list and each task's top models, checked record by record."""

from __future__ import annotations

from collections.abc import Iterable

from hfguide.core.dates import now_iso
from hfguide.data.hub_models.check import checked_results, checked_tasks
from hfguide.data.hub_models.records import HubRecord, model_record
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


def queries_for_tasks(task_ids: Iterable[str], limit: int = 30) -> list[ModelQuery]:
    """The queries one build needs: each task's top models by downloads, likes and trend."""
    return [
        ModelQuery(task=t, sort=sort, limit=limit)
        for t in task_ids
        for sort in ("downloads", "likes", "trending_score")
    ]


def query_records(client: HubClient, query: ModelQuery) -> list[HubRecord]:
    """The records answering one model query, in the Hub's order, flattened (not yet checked)."""

    def fetch() -> list[HubRecord]:
        read_at = now_iso()
        infos = client.api.list_models(
            pipeline_tag=query.task,
            sort=query.sort,
            limit=query.limit,
            filter=list(query.filters) or None,
            expand=EXPAND_FIELDS,
        )
        return [model_record(info, read_at) for info in infos]

    return client.cached(query.key, lambda: client.call(f"models {query.key}", fetch))


def query_many(
    client: HubClient,
    queries: list[ModelQuery],
    *,
    progress: bool | None = None,
    desc: str = "Hub",
) -> dict[ModelQuery, list[HubRecord]]:
    """Many model queries at once on the client's pool; any failure fails the whole set."""
    return client.map(lambda q: query_records(client, q), queries, progress=progress, desc=desc)


def fetch(client: HubClient, *, limit: int = 30, progress: bool | None = None) -> HubData:
    """Query the task list, then every task's top models, through ``client``; check them all."""
    raw_tasks = client.tasks()
    tasks = checked_tasks(raw_tasks, client.warn)
    queries = queries_for_tasks(tasks, limit=limit)
    answers = query_many(client, queries, progress=progress, desc="Querying the Hub")
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
