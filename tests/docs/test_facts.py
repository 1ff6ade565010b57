"""Facts the hand-written pages state about the installed libraries, held to those libraries:
what transformers 5 does with ``image-to-text``, which Hub tasks lost their pipeline, and which
kinds of repository it loads without a library of their own (timm, GGUF)."""

from __future__ import annotations

import re

import pytest

from hfguide.queries.pipelines import pipeline_support
from tests.support import ROOT

STEP_1 = ROOT / "docs" / "guide" / "identify-task.md"
STEP_2 = ROOT / "docs" / "guide" / "choose-model.md"
MARK = "[no pipeline in transformers 5](#tasks-without-a-pipeline)"
CODE_SPAN = re.compile(r"`([^`]+)`")


def task_cells(page: str) -> list[str]:
    """The last cell of every row of the page's first table (input, output, task)."""
    table = page.split("| You give it |", 1)[1].split("\n\n", 1)[0]
    return [row.rsplit(" | ", 1)[1] for row in table.splitlines()[2:]]


def test_step_1_marks_only_the_removed_task_of_a_row():
    """A row naming a removed task and one that still runs says which of the two has no
    pipeline: the mark follows the removed task, before any other task is named."""
    from transformers.pipelines import REMOVED_TASKS, get_supported_tasks

    known = set(REMOVED_TASKS) | set(get_supported_tasks()) | {"sentence-similarity"}
    rows = task_cells(STEP_1.read_text(encoding="utf-8"))
    assert any("image-text-to-text" in row for row in rows)
    for row in rows:
        spans = list(CODE_SPAN.finditer(row))
        for here, after in zip(spans, [*spans[1:], None]):
            task = here.group(1)
            if task not in known and not pipeline_support(task).redirected:
                continue
            following = row[here.end() : after.start() if after else len(row)]
            assert (MARK in following) == (task in REMOVED_TASKS), (task, row)


def test_step_1_says_image_to_text_is_redirected_as_transformers_does():
    support = pipeline_support("image-to-text")
    page = STEP_1.read_text(encoding="utf-8")
    assert support.redirected and support.pipeline == "image-text-to-text"
    assert "`image-to-text` (transformers 5 runs it as `image-text-to-text`)" in page
    assert "`image-to-text` is not on this list" in page


def test_timm_checkpoints_load_through_transformers_with_timm_installed(tmp_path):
    """A timm checkpoint's config.json has no ``model_type``; transformers reads it as its
    ``timm_wrapper`` type, whose image-classification class wraps timm (which it then needs)."""
    from transformers import AutoConfig
    from transformers.models.auto.modeling_auto import MODEL_FOR_IMAGE_CLASSIFICATION_MAPPING_NAMES

    assert MODEL_FOR_IMAGE_CLASSIFICATION_MAPPING_NAMES["timm_wrapper"] == (
        "TimmWrapperForImageClassification"
    )
    (tmp_path / "config.json").write_text(
        '{"architecture": "resnet50", "num_classes": 1000, '
        '"pretrained_cfg": {"input_size": [3, 224, 224], "num_classes": 1000}}'
    )
    with pytest.raises(ImportError, match="TimmWrapperConfig requires the timm library"):
        AutoConfig.from_pretrained(tmp_path)
    page = STEP_2.read_text(encoding="utf-8")
    assert "need their own loaders" not in page
    assert "`TimmWrapper`" in page and "gguf_file=...)`" in page


def test_from_pretrained_takes_a_gguf_file():
    import inspect

    from transformers import PreTrainedModel
    from transformers.modeling_gguf_pytorch_utils import GGUF_SUPPORTED_ARCHITECTURES

    source = inspect.getsource(PreTrainedModel.from_pretrained)
    assert 'gguf_file = kwargs.pop("gguf_file", None)' in source
    assert "llama" in GGUF_SUPPORTED_ARCHITECTURES


# --- commands and installs the pages name -----------------------------------------------------

BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
COMMAND_PAGES = [*(ROOT / "docs" / "run").glob("*.md"), ROOT / "docs" / "guide" / "index.md"]


def page_commands(program: str) -> list[tuple[str, list[str]]]:
    found = []
    for path in COMMAND_PAGES:
        for block in BASH_BLOCK.findall(path.read_text(encoding="utf-8")):
            for line in block.splitlines():
                words = line.split("#")[0].split()
                if words and words[0] == program:
                    found.append((path.name, words[1:]))
    return found


def test_the_hfguide_commands_of_the_run_pages_run(monkeypatch, capsys):
    from hfguide.cli import main

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    commands = page_commands("hfguide")
    assert {name for name, _ in commands} >= {"gpu.md", "index.md"}
    for name, argv in commands:
        assert main(argv) == 0, (name, argv, capsys.readouterr().err)
        assert "microsoft/phi-4" in capsys.readouterr().out


def test_the_install_instructions_name_this_repository_and_its_script():
    site = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    repo_url = re.search(r"^repo_url: (\S+)", site, re.MULTILINE).group(1)
    clones = page_commands("git")
    assert clones == [("index.md", ["clone", repo_url])]
    assert ("index.md", ["scripts/env.sh"]) in page_commands("source")
    assert (ROOT / "scripts" / "env.sh").is_file() and (ROOT / "requirements.lock").is_file()
    guide = (ROOT / "docs" / "guide" / "index.md").read_text(encoding="utf-8")
    assert "{#install-the-hfguide-command}" in guide and "Python 3.11 or newer" in guide
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


#: What a snippet needs installed besides transformers and PyTorch: a module it imports, or an
#: argument that makes transformers import one.
NEEDS = {
    "from sentence_transformers": "sentence-transformers",
    "gguf_file=": "gguf",
    "device_map=": "accelerate",
    "BitsAndBytesConfig(": "bitsandbytes",
}


def test_pages_name_the_packages_their_snippets_need():
    from pytest_examples import find_examples

    for example in find_examples(ROOT / "docs"):
        page = example.path.read_text(encoding="utf-8")
        installs = " ".join(re.findall(r"pip install ([\w .-]+)", page))
        for use, package in NEEDS.items():
            if use in example.source:
                assert package in installs.split(), (example.path.name, package)


def test_the_gated_page_quotes_what_hfguide_memory_says():
    from hfguide.queries.subjects import GATED_FIX

    text = re.sub(r"\s+", " ", (ROOT / "docs" / "run" / "gated.md").read_text(encoding="utf-8"))
    said = "is gated: the Hub shows its config.json only to accounts with access; " + GATED_FIX
    assert said.replace("`", "") in text.replace("`", "")
