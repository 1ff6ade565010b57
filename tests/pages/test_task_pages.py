"""Task pages: what the recorded task data and the installed transformers say about each task."""

from __future__ import annotations

import importlib.util
import re

import pytest

from hfguide.data.hub_models import HubData
from hfguide.hub.client import ModelQuery
from hfguide.pages import escape, model_tables
from hfguide.queries import pipelines
from hfguide.queries.pipelines import pipeline_support, run_page


@pytest.mark.parametrize(
    ("task", "pipeline"),
    [
        ("text-classification", "text-classification"),
        ("automatic-speech-recognition", "automatic-speech-recognition"),
        ("text-to-speech", "text-to-audio"),  # an alias in transformers' TASK_ALIASES
        ("image-to-text", "image-text-to-text"),  # redirected by _resolve_deprecated_task
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


def test_the_tables_read_from_source_are_the_imported_ones():
    """The build reads transformers' task tables from the module's source (no PyTorch import);
    they must be exactly what importing the module gives."""
    from_source = pipelines.tables_from_source()
    assert from_source is not None
    assert from_source == pipelines.tables_from_import()
    assert "summarization" in from_source[3] and "text-generation" in from_source[1]
    assert from_source[4] == {"image-to-text": "image-text-to-text"}


def test_a_redirected_task_is_what_pipeline_builds_not_a_removed_one(monkeypatch):
    """transformers 5 still accepts ``image-to-text``: ``pipeline`` resolves it to
    ``image-text-to-text`` (with a warning) rather than raising, as it does for removed tasks."""
    from transformers import pipelines as hf_pipelines
    from transformers.pipelines import REMOVED_TASKS, TASK_ALIASES, check_task

    warned = []
    # transformers passes the warning class as a format argument, which pytest's log capture
    # reports as a logging error: record the message instead.
    monkeypatch.setattr(hf_pipelines.logger, "warning_once", lambda m, *a: warned.append(m))
    support = pipeline_support("image-to-text")
    assert support.redirected and support.runs and support.removed_advice is None
    assert "image-to-text" not in REMOVED_TASKS and "image-to-text" not in TASK_ALIASES
    assert check_task("image-to-text")[0] == support.pipeline == "image-text-to-text"
    assert "replaced by `image-text-to-text`" in warned[0]
    with pytest.raises(KeyError, match="has been removed"):
        check_task("visual-question-answering")


def test_redirects_are_read_from_the_resolvers_branches():
    import ast

    source = """
def resolve(task):
    if task == "old-name":
        warn("replaced")
        return "new-name"
    if other == "ignored":
        return "nothing"
    if task == "no-return":
        raise KeyError(task)
    return task
"""
    assert pipelines.redirects_in(ast.parse(source).body[0]) == {"old-name": "new-name"}


def test_an_unexpected_source_layout_falls_back_to_importing(tmp_path, monkeypatch):
    fake = tmp_path / "transformers"
    (fake / "pipelines").mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "pipelines" / "__init__.py").write_text("SUPPORTED_TASKS = make_tasks()\n")
    spec = importlib.util.spec_from_file_location("transformers", fake / "__init__.py")
    monkeypatch.setattr(pipelines.importlib.util, "find_spec", lambda name: spec)
    assert pipelines.tables_from_source() is None


def test_run_pages_are_found_by_task_id():
    assert run_page("summarization") == "summarization.md"
    assert run_page("robotics") is None


def hub_data(tasks, results):
    return HubData(
        tasks=tasks,
        results=results,
        source="snapshot",
        created_at="2026-11-25T00:00:00Z",
        endpoint="http://x",
    )


def record(model_id, read_at="2025-03-21", **fields):
    return {"id": model_id, "pipeline_tag": "summarization", "read_at": read_at, **fields}


SUMMARIZATION = {
    "id": "summarization",
    "label": "Summarization",
    "summary": "Shorten a text.",
    "libraries": ["transformers", "<b>bold</b>"],
    "models": [{"id": "facebook/bart-large-cnn", "description": "News <script>x</script>"}],
    "datasets": [{"id": "abisee/cnn_dailymail", "description": "News articles."}],
    "metrics": [{"id": "rouge", "description": "Overlap of n-grams."}],
}


def test_task_page_shows_the_task_data_and_how_it_runs_in_transformers():
    from transformers.pipelines import REMOVED_TASKS

    records = [record("a/one", downloads=10), record("a/two", downloads=5)]
    data = hub_data(
        {"summarization": SUMMARIZATION},
        {ModelQuery("summarization", sort): records for sort, _ in model_tables.SORT_TABS},
    )
    page = model_tables.task_models_page(data, "summarization")
    about = page[page.index("## About this task") :]
    assert "the `summarization` pipeline is gone" in about
    assert escape.md_text(REMOVED_TASKS["summarization"]) in about
    assert "[Run a task: Summarization](../run/summarization.md)" in about
    assert '<a href="https://huggingface.co/datasets/abisee/cnn_dailymail">' in about
    assert '<a href="https://huggingface.co/facebook/bart-large-cnn">' in about
    assert "**Metrics** used to judge it: **rouge** (Overlap of n-grams.)." in about
    assert "<script>" not in page and "<b>bold</b>" not in page


IMAGE_TO_TEXT = {"id": "image-to-text", "label": "Image-to-Text", "libraries": ["transformers"]}
SIMILARITY = {
    "id": "sentence-similarity",
    "label": "Sentence Similarity",
    "libraries": ["sentence-transformers"],
}


def test_image_to_text_says_it_runs_as_image_text_to_text():
    data = hub_data({"image-to-text": IMAGE_TO_TEXT}, {})
    about = model_tables.task_models_page(data, "image-to-text").split("## About this task")[1]
    assert 'this task runs as `pipeline("image-text-to-text")`' in about
    assert "builds the `image-text-to-text` pipeline instead" in about
    assert "has no pipeline" not in about and "is gone" not in about


def test_a_task_without_a_pipeline_still_links_its_run_page():
    data = hub_data({"sentence-similarity": SIMILARITY}, {})
    about = model_tables.task_models_page(data, "sentence-similarity").split("## About this")[1]
    assert "has no pipeline for this task; the libraries below serve it." in about
    assert "[Run a task: Sentence Similarity](../run/sentence-similarity.md)" in about


def test_placeholder_and_missing_fields_are_said_not_invented():
    data = hub_data(
        {
            "any-to-any": {"id": "any-to-any", "label": "Any-to-Any", "isPlaceholder": True},
            "text-classification": {"id": "text-classification", "label": "Text Classification"},
        },
        {},
    )
    placeholder = model_tables.task_models_page(data, "any-to-any")
    assert "marks this task as a placeholder" in placeholder
    plain = model_tables.task_models_page(data, "text-classification")
    assert '`pipeline("text-classification")`' in plain
    assert "Example data sets" not in plain and "names no metrics" not in plain  # not recorded


def test_a_tab_the_data_cannot_fill_says_why_instead_of_an_empty_table():
    no_likes = [record("a/one", downloads=10), record("a/two", downloads=5)]
    data = hub_data(
        {"summarization": SUMMARIZATION},
        {
            ModelQuery("summarization", "downloads"): no_likes,
            ModelQuery("summarization", "likes"): no_likes,
            ModelQuery("summarization", "trending_score"): [],
        },
    )
    page = model_tables.task_models_page(data, "summarization")
    assert "No models in this data." not in page
    assert (
        "None of the 2 records this query returned (read on 2025-03-21) carries a likes count"
        in page
    )
    assert "The Hub returned no models for this query when the data was read" in page
    assert page.count("<table") == 1  # only the downloads tab has a table


def test_catalogue_dates_its_task_list_and_names_tags_it_lacks():
    records = [
        record("a/one", read_at="2025-03-21"),
        record("b/video", read_at="2026-05-04", pipeline_tag="image-to-video"),
    ]
    data = hub_data(
        {"summarization": SUMMARIZATION},
        {ModelQuery("summarization", "downloads"): records},
    )
    page = model_tables.catalogue_page(data)
    assert "read with its oldest records on 2025-03-21" in page
    assert "`image-to-video` on 1 record)" in page


def test_tables_mark_formats_and_gated_models_and_link_how_to_run_them():
    records = [
        record("q/model-GGUF", downloads=9, tags=["gguf", "license:mit"]),
        record("q/lib-only", downloads=8, library="gguf", tags=[]),
        record("q/model-GPTQ", downloads=7, tags=["gptq", "4-bit"]),
        record("q/model-AWQ", downloads=6, tags=["awq"]),
        record("q/mlx-onnx", downloads=5, tags=["mlx", "onnx"]),
        record("meta/gated", downloads=4, gated="manual"),
        record("open/plain", downloads=3, gated=False),
        record('<script>alert("x")</script>/m', downloads=2, tags=["<b>gguf</b>"]),
    ]
    data = hub_data(
        {"summarization": SUMMARIZATION},
        {ModelQuery("summarization", "downloads"): records},
    )
    page = model_tables.task_models_page(data, "summarization")
    rows = {r.split("</a>")[0].rsplit(">", 1)[1]: r for r in page.split("<tr")[1:] if "<td>" in r}

    def marks(model_id):
        cell = rows[str(escape.html_text(model_id))].split("</td>")[0]
        return re.findall(r'class="hfguide-mark" href="[^"]+" title="[^"]+">([^<]+)</a>', cell)

    assert marks("q/model-GGUF") == ["GGUF"] and marks("q/lib-only") == ["GGUF"]
    assert marks("q/model-GPTQ") == ["GPTQ"] and marks("q/model-AWQ") == ["AWQ"]
    assert marks("q/mlx-onnx") == ["MLX", "ONNX"]
    assert marks("meta/gated") == ["gated"] and marks("open/plain") == []
    assert marks('<script>alert("x")</script>/m') == []  # a hostile tag is no format
    assert '<a class="hfguide-mark" href="../../run/gguf/" title=' in page
    assert 'href="../../run/gguf/#which-runtime-loads-what"' in page
    assert 'href="../../run/gated/"' in page
    assert "<script>alert" not in page
    assert "Only 2 of the 8 models on this page say whether they are gated (1 is)" in page


def test_records_that_do_not_say_whether_they_are_gated_are_called_unknown():
    data = hub_data(
        {"summarization": SUMMARIZATION},
        {ModelQuery("summarization", "downloads"): [record("a/one", downloads=1)]},
    )
    page = model_tables.task_models_page(data, "summarization")
    assert "None of the 1 records on this page says whether its model is gated" in page
    assert "no mark here means *unknown*, not open" in page
    assert "hfguide-mark" not in page


def test_the_catalogue_names_every_hub_task_it_lacks_and_why():
    from hfguide.data.hub_models import read
    from hfguide.pages.tasks import HIDDEN_IN_MODELS, HUB_TASKS, MODALITIES

    assert len(HUB_TASKS) == 57 and set(HIDDEN_IN_MODELS) <= set(HUB_TASKS)
    assert "text2text-generation" not in HUB_TASKS and {"graph-ml", "other"} == {
        t for t, m in HUB_TASKS.items() if m == "other"
    }
    data = read()
    page = model_tables.catalogue_page(data)
    section = page.split("## Hub tasks this catalogue lacks", 1)[1]
    rows = {r.split("`")[1]: r for r in section.splitlines() if r.startswith("| `")}
    assert set(rows) == set(HUB_TASKS) - set(data.tasks)
    assert f"has {len(HUB_TASKS)} of them; {len(rows)} are missing above" in section
    for task, row in rows.items():
        assert f"| {MODALITIES[HUB_TASKS[task]]} |" in row
        assert ("hideInModels" in row) == (task in HIDDEN_IN_MODELS), row
    assert "| `graph-ml` | Other |" in section and "| `other` | Other |" in section
    tagged = dict(model_tables.uncovered_tags(data))
    for task, n in tagged.items():
        if task in rows:
            assert f"{n} record{'s' if n != 1 else ''} of this data carr" in rows[task]


def test_a_catalogue_that_lacks_nothing_has_no_such_section():
    from hfguide.pages.tasks import HUB_TASKS

    data = hub_data({t: {"id": t, "label": t} for t in HUB_TASKS}, {})
    page = model_tables.catalogue_page(data)
    assert "Hub tasks this catalogue lacks" not in page and "#hub-tasks" not in page
