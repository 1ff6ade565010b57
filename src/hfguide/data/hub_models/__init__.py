"""The Hub's task list and each task's top models: fetched (``fetch``), checked (``check``),
kept in ``data/hub-snapshot.json`` (``store``); records are flattened in ``records``."""

from hfguide.data.hub_models.fetch import (
    fetch,
    fetch_tasks,
    queries_for_tasks,
    query_answer,
    query_answers,
    query_many,
    query_records,
)
from hfguide.data.hub_models.records import HubRecord, Task, base_model_of, gated_of
from hfguide.data.hub_models.store import HubData, read, text, write

__all__ = [
    "HubData",
    "HubRecord",
    "Task",
    "base_model_of",
    "fetch",
    "fetch_tasks",
    "gated_of",
    "queries_for_tasks",
    "query_answer",
    "query_answers",
    "query_many",
    "query_records",
    "read",
    "text",
    "write",
]
