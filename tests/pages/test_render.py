"""Rendering helpers: escaping, numbers, tabs, navigation."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from hfguide.data.snapshot import HubData
from hfguide.hub.client import ModelQuery
from hfguide.pages import render
from hfguide.pages.tasks import MODALITIES, modality_of, task_slug


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (None, "—"),
        (0, "0"),
        (999, "999"),
        (1000, "1k"),
        (1500, "1.5k"),
        (22_713_728, "22.7M"),
        (123_456_789, "123M"),
        (7_241_732_096, "7.2B"),
        (1.2e12, "1.2T"),
    ],
)
def test_human_count(n, shown):
    assert render.human_count(n) == shown


def test_clean_replaces_controls_and_direction_overrides():
    assert render.clean("a\u202eb\x00c\u200bd") == "a\ufffdb\ufffdc\ufffdd"
    assert render.clean("naïve 日本") == "naïve 日本"


def test_json_for_html_cannot_close_a_script():
    text = render.json_for_html({"x": "</script><script>alert(1)</script>&\u2028"})
    assert "</script" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script>&\u2028"}


def test_md_inline_escapes_markdown_and_html():
    assert (
        render.md_inline("a|b `c` *d* [e](f) <g>")
        == "a\\|b \\`c\\` \\*d\\* \\[e\\]\\(f\\) &lt;g&gt;"
    )


def test_tabs_markup_matches_material():
    html = render.tabs("k", [("One", "<p>1</p>"), ("Two <x>", "<p>2</p>")])
    page = BeautifulSoup(html, "html.parser")
    inputs = page.find_all("input")
    assert [i["id"] for i in inputs] == ["__tabbed_k_1", "__tabbed_k_2"]
    assert inputs[0].has_attr("checked") and not inputs[1].has_attr("checked")
    assert [lab.get_text() for lab in page.find_all("label")] == ["One", "Two <x>"]
    assert len(page.find_all("div", class_="tabbed-block")) == 2


def test_model_table_sort_keys_and_missing_values():
    html = render.model_table(
        [
            {
                "id": "a/b",
                "downloads": 1500,
                "read_at": "2026-05-04",
                "languages": ["en", "fr", "de", "es"],
            }
        ],
        table_id="t",
        caption="c",
    )
    cells = BeautifulSoup(html, "html.parser").find("tbody").find_all("td")
    assert cells[2]["data-sort"] == "1500" and cells[2].get_text() == "1.5k"
    assert cells[3]["data-sort"] == "-1" and cells[3].get_text() == "—"
    assert cells[7].get_text() == "en, fr, de +1" and cells[7]["title"] == "en, fr, de, es"


@pytest.mark.parametrize("n", [render.FIRST_ROWS, render.FIRST_ROWS + 1, 30])
def test_model_table_marks_rows_past_the_first_ones(n):
    records = [{"id": f"org/m{i}", "downloads": 100 - i} for i in range(n)]
    box = BeautifulSoup(render.model_table(records, table_id="t", caption="c"), "html.parser")
    more = [
        tr.td.get_text()
        for tr in box.find("tbody").find_all("tr")
        if "hfguide-more" in (tr.get("class") or [])
    ]
    assert more == [r["id"] for r in records[render.FIRST_ROWS :]]
    toggle = box.find("input", attrs={"data-role": "show-all"})
    if n > render.FIRST_ROWS:
        assert (
            toggle.parent.get_text().strip() == f"Show all {n} models"
            and toggle["aria-controls"] == "t-table"
        )
    else:
        assert toggle is None


def test_modalities_and_slugs():
    assert list(MODALITIES.values())[:3] == [
        "Multimodal",
        "Computer Vision",
        "Natural Language Processing",
    ]
    assert modality_of("automatic-speech-recognition") == "audio"
    assert modality_of("image-text-to-text") == "multimodal"
    assert modality_of("never-heard-of-it") == "other"
    assert task_slug("../../etc/passwd") == "etc-passwd"
    assert task_slug("///") == "task"


def test_generated_pages_refuse_colliding_slugs():
    data = HubData(
        tasks={"a-b": {"label": "x"}, "a/b": {"label": "y"}},
        results={},
        source="live",
        created_at="2026-01-01T00:00:00Z",
        endpoint="http://x",
    )
    with pytest.raises(ValueError, match="share the page name"):
        render.generated_pages(data)


def test_nav_groups_by_modality_and_escapes_labels():
    data = HubData(
        tasks={
            "fill-mask": {"label": "Fill <Mask>"},
            "image-classification": {"label": "Image Classification"},
        },
        results={ModelQuery("fill-mask"): []},
        source="live",
        created_at="2026-01-01T00:00:00Z",
        endpoint="",
    )
    assert render.nav_entries(data) == [
        {"Computer Vision": [{"Image Classification": "models/image-classification.md"}]},
        {"Natural Language Processing": [{"Fill &lt;Mask&gt;": "models/fill-mask.md"}]},
    ]
