"""Every Python snippet on the site runs and prints what the page shows (pytest-examples).

Refresh the ``#>`` output lines after a deliberate change with
``pytest tests/test_docs.py --update-examples``.
"""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from .conftest import ROOT

EXAMPLES = list(find_examples(ROOT / "docs", ROOT / "examples"))


def test_the_site_has_snippets():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_snippet(example: CodeExample, eval_example: EvalExample, offline_hf):
    eval_example.set_config(line_length=100, target_version="py311", quotes="double")
    if eval_example.update_examples:
        eval_example.format(example)
        eval_example.run_print_update(example)
    else:
        eval_example.lint(example)
        eval_example.run_print_check(example)
