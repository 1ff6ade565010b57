"""Every Python snippet on the site runs and prints what the page shows (pytest-examples).

Refresh the ``#>`` output lines after a deliberate change with
``pytest tests/docs/test_snippets.py --update-examples``.
"""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from tests.support import ROOT

EXAMPLES = list(find_examples(ROOT / "docs", ROOT / "examples"))


def test_the_site_has_snippets():
    assert len(EXAMPLES) >= 2


NOT_RUN_NOTICE = '!!! warning "Needs a download; not run in our CI"'


def needs_download(example: CodeExample) -> bool:
    return example.prefix_settings().get("data-needs-download") == "true"


RUNNABLE = [e for e in EXAMPLES if not needs_download(e)]
DOWNLOAD_ONLY = [e for e in EXAMPLES if needs_download(e)]


def configure(eval_example: EvalExample) -> None:
    eval_example.set_config(line_length=100, target_version="py311", quotes="double")


@pytest.mark.parametrize("example", RUNNABLE, ids=str)
def test_snippet(example: CodeExample, eval_example: EvalExample, offline_hf):
    configure(eval_example)
    if eval_example.update_examples:
        eval_example.format(example)
        eval_example.run_print_update(example)
    else:
        eval_example.lint(example)
        eval_example.run_print_check(example)


@pytest.mark.parametrize("example", DOWNLOAD_ONLY, ids=str)
def test_download_only_snippet_is_marked_and_shows_no_output(
    example: CodeExample, eval_example: EvalExample
):
    """Snippets whose weights CI cannot get are formatted and linted like the others, carry the
    visible notice, and show no output that was never produced by a run."""
    configure(eval_example)
    if eval_example.update_examples:
        eval_example.format(example)
    else:
        eval_example.lint(example)
    assert "#>" not in example.source
    page = example.path.read_text(encoding="utf-8")
    before = page[: page.index(example.source)]
    assert before.rstrip().rsplit("```", 1)[0].count(NOT_RUN_NOTICE) >= 1


def test_run_pages_cover_eight_tasks_and_run_what_they_can():
    pages = sorted((ROOT / "docs" / "run").glob("*.md"))
    tasks = [p for p in pages if p.name != "index.md"]
    assert len(tasks) >= 8
    runnable_pages = {e.path.name for e in RUNNABLE if e.path.parent.name == "run"}
    assert {"feature-extraction.md", "sentence-similarity.md"} <= runnable_pages
