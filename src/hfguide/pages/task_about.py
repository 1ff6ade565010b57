"""What a task page says about its task, beyond the model tables: the Hub's own examples (models,
data sets, metrics), the libraries, and whether and how the task runs in the installed
transformers, with a link to the guide's "Run a task" page where there is one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from hfguide.core.settings import PUBLIC_HUB
from hfguide.data.hub_models import HubData
from hfguide.pages.escape import plain
from hfguide.pages.templates import render
from hfguide.queries.pipelines import PipelineSupport, pipeline_support, run_page

#: How many of the Hub's examples of each kind a task page lists.
MAX_EXAMPLES = 8


@dataclass(frozen=True)
class Example:
    id: str
    description: str
    url: str


@dataclass(frozen=True)
class TaskAbout:
    task_id: str
    label: str
    placeholder: bool
    libraries: list[str]
    models: list[Example] | None  # None: the data does not hold this field at all
    datasets: list[Example] | None
    metrics: list[Example] | None
    support: PipelineSupport
    run_page: str | None


#: Where each kind of example lives on the Hub (metrics have no page there).
EXAMPLE_PATHS = {"models": "", "datasets": "datasets/", "metrics": None}


def _examples(task: dict[str, Any], field: str) -> list[Example] | None:
    if not isinstance(task.get(field), list):
        return None
    examples = []
    for item in task[field][:MAX_EXAMPLES]:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
            path = EXAMPLE_PATHS[field]
            example_id = item["id"].strip()
            url = "" if path is None else f"{PUBLIC_HUB}/{path}{quote(plain(example_id), safe='/')}"
            examples.append(Example(example_id, str(item.get("description") or ""), url))
    return examples


def task_about(data: HubData, task_id: str) -> TaskAbout:
    task = data.tasks[task_id]
    libraries = [str(lib) for lib in task.get("libraries") or [] if isinstance(lib, str)]
    return TaskAbout(
        task_id=task_id,
        label=str(task.get("label") or task_id),
        placeholder=bool(task.get("isPlaceholder")),
        libraries=libraries,
        models=_examples(task, "models"),
        datasets=_examples(task, "datasets"),
        metrics=_examples(task, "metrics"),
        support=pipeline_support(task_id),
        run_page=run_page(task_id),
    )


def about_section(data: HubData, task_id: str) -> str:
    """The "About this task" section of a task page (Markdown with raw HTML lists)."""
    return render("task_about.md", about=task_about(data, task_id))
