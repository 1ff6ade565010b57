"""Whether a Hub task runs as a pipeline of the installed transformers, or what replaced it.

Read from the installed package at build time, never from memory: ``SUPPORTED_TASKS`` names the
pipelines, ``TASK_ALIASES`` their other names (``text-to-speech`` runs as ``text-to-audio``), and
``REMOVED_TASKS`` (transformers 5) the pipelines that were removed, each with the package's own
advice on what to use instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hfguide import PROJECT_ROOT

RUN_PAGES = PROJECT_ROOT / "docs" / "run"


@dataclass(frozen=True)
class PipelineSupport:
    task: str
    transformers_version: str
    pipeline: str | None = None  # the name to pass to transformers.pipeline()
    removed_advice: str | None = None  # transformers' own words when the pipeline was removed

    @property
    def runs(self) -> bool:
        return self.pipeline is not None


@cache
def _transformers_tables() -> tuple[str, frozenset[str], dict[str, str], dict[str, str]]:
    import transformers
    from transformers import pipelines

    return (
        transformers.__version__,
        frozenset(pipelines.SUPPORTED_TASKS),
        dict(getattr(pipelines, "TASK_ALIASES", {})),
        dict(getattr(pipelines, "REMOVED_TASKS", {})),
    )


def pipeline_support(task_id: str) -> PipelineSupport:
    """How ``task_id`` (a Hub task) runs in the installed transformers."""
    version, supported, aliases, removed = _transformers_tables()
    if task_id in supported:
        return PipelineSupport(task_id, version, pipeline=task_id)
    if aliases.get(task_id) in supported:
        return PipelineSupport(task_id, version, pipeline=aliases[task_id])
    if task_id in removed:
        return PipelineSupport(task_id, version, removed_advice=str(removed[task_id]))
    return PipelineSupport(task_id, version)


def run_page(task_id: str, run_pages: Path = RUN_PAGES) -> str | None:
    """The file name of the guide's "Run a task" page for ``task_id``, if it has one."""
    name = f"{task_id}.md"
    return name if (run_pages / name).is_file() else None
