"""Page pieces: escaping, numbers, tabs, navigation, the page build's refusals."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from hfguide import pages
from hfguide.data import hub_models, model_configs
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import LeaderboardData
from hfguide.hub.client import ModelQuery
from hfguide.pages import escape, formats, model_tables
from hfguide.pages.tasks import MODALITIES, modality_of, task_slug
from tests.support.records import FIXTURE_RECORDS

CONFIGS = model_configs.load()  # the committed model configs

BOARD = LeaderboardData(rows=[], source="snapshot", created_at="2026-01-01T00:00:00Z", endpoint="")


def hub_data(tasks, results=None, **fields):
    return HubData(
        tasks=tasks,
        results=results or {},
        source=fields.pop("source", "live"),
        created_at="2026-01-01T00:00:00Z",
        endpoint="http://x",
        **fields,
    )


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
    assert formats.human_count(n) == shown


def test_clean_replaces_controls_and_direction_overrides():
    assert escape.clean("a\u202eb\x00c\u200bd") == "a\ufffdb\ufffdc\ufffdd"
    assert escape.clean("naïve 日本") == "naïve 日本"


def test_json_for_html_cannot_close_a_script():
    text = escape.json_for_html({"x": "</script><script>alert(1)</script>&\u2028"})
    assert "</script" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"x": "</script><script>alert(1)</script>&\u2028"}


def test_md_text_escapes_markdown_and_html():
    assert (
        escape.md_text("a|b `c` *d* [e](f) <g>")
        == "a&#124;b &#96;c&#96; &#42;d&#42; &#91;e&#93;(f) &lt;g&gt;"
    )


def test_tabs_markup_matches_material():
    html = model_tables.tabs("k", [("One", "<p>1</p>"), ("Two <x>", "<p>2</p>")])
    page = BeautifulSoup(html, "html.parser")
    inputs = page.find_all("input")
    assert [i["id"] for i in inputs] == ["__tabbed_k_1", "__tabbed_k_2"]
    assert inputs[0].has_attr("checked") and not inputs[1].has_attr("checked")
    assert [lab.get_text() for lab in page.find_all("label")] == ["One", "Two <x>"]
    assert len(page.find_all("div", class_="tabbed-block")) == 2


def test_model_table_sort_keys_and_missing_values():
    html = model_tables.model_table(
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


def test_language_counts_are_the_rows_each_choice_shows():
    """Each language's count is the number of rows whose list (what the filter splits at spaces)
    names it: a language given twice counts once, one with a space stays one language."""
    records = [
        {"id": "a/one", "read_at": "2026-05-04", "languages": ["qu", "es", "qu"]},
        {"id": "a/two", "read_at": "2026-05-04", "languages": ["Sign language", "qu"]},
        {"id": "a/three", "read_at": "2026-05-04"},
    ]
    box = BeautifulSoup(model_tables.model_table(records, table_id="t", caption="c"), "html.parser")
    counts = {
        o["value"]: o.get_text()
        for o in box.find("select", attrs={"data-filter": "language"})("option")
    }
    rows = [json.loads(tr["data-languages"]) for tr in box.find("tbody")("tr")]
    assert counts == {
        "": "any",
        "qu": "qu (2)",
        "es": "es (1)",
        "Sign language": "Sign language (1)",
    }
    for value, label in counts.items():
        if value:
            assert label.endswith(f"({sum(value in row for row in rows)})")


@pytest.mark.parametrize("n", [model_tables.FIRST_ROWS, model_tables.FIRST_ROWS + 1, 30])
def test_model_table_marks_rows_past_the_first_ones(n):
    records = [{"id": f"org/m{i}", "downloads": 100 - i} for i in range(n)]
    box = BeautifulSoup(model_tables.model_table(records, table_id="t", caption="c"), "html.parser")
    more = [
        tr.td.get_text()
        for tr in box.find("tbody").find_all("tr")
        if "hfguide-more" in (tr.get("class") or [])
    ]
    assert more == [r["id"] for r in records[model_tables.FIRST_ROWS :]]
    toggle = box.find("input", attrs={"data-role": "show-all"})
    if n > model_tables.FIRST_ROWS:
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
    with pytest.raises(pages.PageCollision, match="models/a-b.md, which another page already is"):
        pages.build(data, BOARD, CONFIGS)


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
    assert model_tables.nav_entries(data) == [
        {"Computer Vision": [{"Image Classification": "models/image-classification.md"}]},
        {"Natural Language Processing": [{"Fill &lt;Mask&gt;": "models/fill-mask.md"}]},
    ]


def test_a_task_called_index_cannot_replace_the_models_index():
    with pytest.raises(pages.PageCollision, match="'index' would be written to models/index.md"):
        pages.build(hub_data({"index": {"label": "Index"}}), BOARD, CONFIGS)


def test_generated_pages_never_replace_hand_written_ones():
    with pytest.raises(pages.PageCollision, match="replace the hand-written models/fill-mask.md"):
        pages.build(
            hub_data({"fill-mask": {}}),
            BOARD,
            CONFIGS,
            hand_written={"index.md", "models/fill-mask.md"},
        )


def test_build_returns_every_generated_file_and_the_nav():
    site = pages.build(hub_data({"fill-mask": {"label": "Fill-Mask"}}), BOARD, CONFIGS)
    assert sorted(site.files) == [
        "leaderboard/data.json",
        "leaderboard/explorer.md",
        "models/fill-mask.md",
        "models/index.md",
        "planner/finder.json",
        "planner/shapes.json",
        "tasks/index.md",
    ]
    assert site.nav == [{"Natural Language Processing": [{"Fill-Mask": "models/fill-mask.md"}]}]
    assert site.banner == (  # live Hub tables, the leaderboard from the snapshot
        "Mixed build: the Hub tables are live from the Hub, but the leaderboard comes from the "
        "committed snapshot."
    )


@pytest.mark.parametrize(
    ("hub_source", "board_source", "banner"),
    [
        ("live", "live", None),
        (
            "live",
            "snapshot",
            "Mixed build: the Hub tables are live from the Hub, but the leaderboard comes from "
            "the committed snapshot.",
        ),
        (
            "snapshot",
            "live",
            "Mixed build: the leaderboard is live from the Hub, but the Hub tables come from the "
            "committed snapshot; their numbers were read on 2026-05-04.",
        ),
        (
            "snapshot",
            "snapshot",
            "Offline build: the Hub tables and the leaderboard come from the committed "
            "snapshot; the tables' numbers were read on 2026-05-04.",
        ),
    ],
)
def test_the_banner_names_the_data_sets_that_come_from_the_snapshot(
    hub_source, board_source, banner
):
    record = {"id": "a/b", "pipeline_tag": "fill-mask", "read_at": "2026-05-04"}
    data = hub_data({"fill-mask": {}}, {ModelQuery("fill-mask"): [record]}, source=hub_source)
    board = LeaderboardData(
        rows=[], source=board_source, created_at="2026-01-01T00:00:00Z", endpoint=""
    )
    assert pages.build(data, board, CONFIGS).banner == banner


def test_pages_show_the_queries_the_data_holds_whatever_their_limit():
    records = [{"id": f"org/m{i}", "downloads": 10 - i, "likes": i} for i in range(5)]
    queries = [ModelQuery("fill-mask", sort, limit=5) for sort in ("downloads", "likes")]
    data = hub_data({"fill-mask": {}}, {q: records for q in queries}, queries=queries)
    site = pages.build(data, BOARD, CONFIGS)
    page = BeautifulSoup(site.files["models/fill-mask.md"], "html.parser")
    table = page.find("table", id="fill-mask-downloads-table")
    assert [tr.td.get_text() for tr in table.tbody.find_all("tr")] == [r["id"] for r in records]
    index = BeautifulSoup(site.files["models/index.md"], "html.parser")
    assert index.find("a", string="org/m0") is not None


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("HF_HUB_OFFLINE is set, so the Hub was not queried.", "set to work offline"),
        ("HFGUIDE_DATA=snapshot asked for the committed snapshot.", "asked to use the committed"),
        (
            "The Hub could not be queried (ConnectionError: http://user:pass@host/api/tasks\n"
            "<html>502 Bad Gateway</html>).",
            "The Hub could not be reached when the site was built.",
        ),
        (
            "The Hub's answers were empty or far smaller than the committed snapshot, so the "
            "pages use the snapshot.",
            "The Hub answered with no records, or far fewer than the snapshot holds, when",
        ),
    ],
)
def test_offline_notice_is_in_plain_words(note, shown):
    site = pages.build(hub_data({"fill-mask": {}}, source="snapshot", note=note), BOARD, CONFIGS)
    for path in ("models/fill-mask.md", "models/index.md", "tasks/index.md"):
        text = site.files[path]
        assert shown in text and "their numbers were read on an unknown day" in text
        assert "2026-01-01" not in text  # the write date belongs on the contributing page
        for secret in ("pass", "ConnectionError", "http://user", "502", "HF_HUB_OFFLINE"):
            assert secret not in text
    assert site.banner == (
        "Offline build: the Hub tables and the leaderboard come from the committed snapshot; "
        "the tables' numbers were read on an unknown day."
    )


def test_markers_in_code_are_left_as_text():
    data = hub_data({}, {ModelQuery("fill-mask"): [{"id": "a/b", "pipeline_tag": "fill-mask"}]})
    site = pages.build(data, BOARD, CONFIGS)
    marker = "<!-- hfguide:model-card a/b -->"
    page = f"Write `{marker}` in a page.\n\n```markdown\n{marker}\n```\n\n{marker}\n"
    expanded = site.expand_markers(page)
    assert expanded.count(marker) == 2
    assert expanded.count('href="https://huggingface.co/a/b"') == 1


@pytest.mark.parametrize(
    "hostile",
    [
        "a|b",
        "`code`",
        "[x](javascript:alert(1))",
        "<svg onload=alert(1)>",
        "&amp; &lt;",
        "{{ 7*7 }} {% raw %}",
        "*em* _em_ ~~s~~ {: .x onclick=y}",
        "</script><!--",
        "\u202egnp.exe\x00",
    ],
)
def test_md_text_shows_hostile_strings_as_literal_text(hostile):
    import markdown

    text = escape.md_text(hostile)
    html = markdown.markdown(
        f"| Model | n |\n|---|---|\n| {text} | 1 |\n\n# {text}",
        extensions=["tables", "attr_list"],
    )
    page = BeautifulSoup(html, "html.parser")
    cells = page.find("tbody").find_all("td")
    expected = escape.plain(hostile)
    assert [c.get_text() for c in cells] == [expected, "1"]
    assert page.find("h1").get_text() == expected
    assert not page.find_all(["svg", "a", "code", "em", "script"])
    assert "\u202e" not in html and "\x00" not in html


def test_plain_collapses_lines_and_caps_length():
    assert escape.plain("a\n\n--8<-- 'x'\t b") == "a --8<-- 'x' b"
    long = escape.plain("x" * 10_000)
    assert len(long) == escape.MAX_TEXT and long.endswith(escape.ELLIPSIS)


def test_json_for_html_refuses_nan_by_writing_null():
    text = escape.json_for_html({"a": float("nan"), "b": [float("inf"), -float("inf"), 1.5]})
    assert json.loads(text) == {"a": None, "b": [None, None, 1.5]}
    assert "NaN" not in text and "Infinity" not in text


def test_a_snapshot_refreshed_with_a_small_limit_renders_its_records(tmp_path, replay_hub):
    """`hfguide refresh --limit 2` writes queries of limit 2; the pages show what they hold."""
    from hfguide.hub.client import HubClient

    path = tmp_path / "hub-snapshot.json"
    client = HubClient(endpoint=replay_hub.url, use_cache=False)
    hub_models.write(hub_models.fetch(client, limit=2), path)
    site = pages.build(hub_models.read(path), BOARD, CONFIGS)
    page = BeautifulSoup(site.files["models/text-classification.md"], "html.parser")
    shown = [
        tr.td.get_text()
        for tr in page.find("table", id="text-classification-downloads-table").tbody("tr")
    ]
    top = sorted(
        (r for r in FIXTURE_RECORDS if r.get("pipeline_tag") == "text-classification"),
        key=lambda r: -r["downloads"],
    )
    assert shown == [r["id"] for r in top[:2]] and len(top) > 2
    catalogue = site.files["tasks/index.md"]
    assert ">2 top models</a>" in catalogue


def test_an_unmatched_backtick_hides_no_marker_of_a_later_paragraph():
    data = hub_data({}, {ModelQuery("fill-mask"): [{"id": "a/b", "pipeline_tag": "fill-mask"}]})
    site = pages.build(data, BOARD, CONFIGS)
    page = "A stray ` backtick.\n\n<!-- hfguide:model-card a/b -->\n\nand a ` later one.\n"
    assert 'href="https://huggingface.co/a/b"' in site.expand_markers(page)
