"""Task pages: what the recorded task data and the installed transformers say about each task."""

from __future__ import annotations

import pytest

from hfguide.data.pipelines import pipeline_support, run_page


@pytest.mark.parametrize(
    ("task", "pipeline"),
    [
        ("text-classification", "text-classification"),
        ("automatic-speech-recognition", "automatic-speech-recognition"),
        ("text-to-speech", "text-to-audio"),  # an alias in transformers' TASK_ALIASES
        ("robotics", None),
    ],
)
def test_pipeline_names_come_from_the_installed_transformers(task, pipeline):
    support = pipeline_support(task)
    assert support.pipeline == pipeline and support.runs == (pipeline is not None)
    assert support.transformers_version.startswith("5.")


def test_removed_pipelines_carry_transformers_advice():
    from transformers.pipelines import REMOVED_TASKS

    for task in ("summarization", "translation", "question-answering"):
        support = pipeline_support(task)
        assert not support.runs and support.removed_advice == REMOVED_TASKS[task]
        assert "text-generation" in support.removed_advice


def test_run_pages_are_found_by_task_id():
    assert run_page("summarization") == "summarization.md"
    assert run_page("robotics") is None
