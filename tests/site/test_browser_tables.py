"""The generated model tables in a real browser: tabs, sorting, the text filter."""

from __future__ import annotations

import re

import pytest

from hfguide.core.settings import DEFAULT_SNAPSHOT
from hfguide.data import hub_models
from hfguide.hub.client import ModelQuery
from hfguide.pages.spec import FIRST_ROWS, NOT_STATED, PERMISSIVE, PERMISSIVE_LICENSES

#: The model ids of the rows shown (the link that opens a cell; marks may follow it).
MODEL_IDS = "tbody tr:visible td:first-child > a:first-child"


def sort_values(page, table_id: str, column: int) -> list[float]:
    return page.eval_on_selector_all(
        f"#{table_id}-table tbody tr",
        f"rows => rows.map(r => parseFloat(r.cells[{column}].getAttribute('data-sort')))",
    )


@pytest.mark.parametrize(("column", "title"), [(3, "Likes"), (4, "Parameters")])
def test_sorting_by_a_column(page, column, title):
    """The first click puts the largest numbers first and the unknown ones ("—") last."""
    page.goto(f"{page.base}/models/text-generation/")
    table = "text-generation-downloads"
    header = page.locator(f"#{table}-table th", has_text=title)
    header.click()
    first = sort_values(page, table, column)
    direction = header.get_attribute("aria-sort")
    assert direction == "descending"
    assert first == sorted(first, reverse=True) and first[0] > 0 and first[-1] == -1
    header.click()
    second = sort_values(page, table, column)
    assert second == sorted(second, reverse=header.get_attribute("aria-sort") == "descending")
    assert header.get_attribute("aria-sort") != direction
    assert not page.console_errors and not page.foreign_requests


def test_text_filter_narrows_rows(page):
    data = hub_models.read(DEFAULT_SNAPSHOT)
    records = data.results[ModelQuery("text-generation", sort="downloads")]
    expected = [r["id"] for r in records if "apache-2.0" in (r.get("license") or "")]
    assert expected, "the snapshot should have apache-2.0 text-generation models"
    page.goto(f"{page.base}/models/text-generation/")
    box = page.locator("#text-generation-downloads")
    box.locator("input[type=search]").fill("apache-2.0")
    visible = box.locator(MODEL_IDS).all_inner_texts()
    assert visible == expected  # a filter shows every match, past the first rows too
    assert len(expected) > FIRST_ROWS
    assert box.locator(".hfguide-count").inner_text() == f"{len(expected)} of {len(records)} shown"
    box.locator("input[type=search]").fill("")
    assert box.locator("tbody tr:visible").count() == FIRST_ROWS


def test_first_rows_then_show_all(page):
    records = hub_models.read(DEFAULT_SNAPSHOT).results[
        ModelQuery("text-generation", sort="downloads")
    ]
    ids = [r["id"] for r in records]
    assert len(ids) > FIRST_ROWS
    page.goto(f"{page.base}/models/text-generation/")
    box = page.locator("#text-generation-downloads")
    assert box.locator(MODEL_IDS).all_inner_texts() == ids[:FIRST_ROWS]
    assert box.locator(".hfguide-count").inner_text() == f"{FIRST_ROWS} of {len(ids)} shown"
    box.get_by_label(f"Show all {len(ids)} models").check()
    assert box.locator(MODEL_IDS).all_inner_texts() == ids
    assert box.locator(".hfguide-count").inner_text() == f"{len(ids)} of {len(ids)} shown"
    box.get_by_label(f"Show all {len(ids)} models").uncheck()
    # A sort picks new first rows: the most liked ten, not the ten first by downloads.
    likes = box.locator("th", has_text="Likes")
    while likes.get_attribute("aria-sort") != "descending":
        likes.click()
    by_likes = sorted(
        records, key=lambda r: -(r.get("likes") if r.get("likes") is not None else -1)
    )
    shown_likes = [
        float(v)
        for v in box.locator("tbody tr:visible td:nth-child(4)").evaluate_all(
            "cells => cells.map(c => c.dataset.sort)"
        )
    ]
    assert shown_likes == [
        float(r["likes"] if r.get("likes") is not None else -1) for r in by_likes[:FIRST_ROWS]
    ]
    assert not page.console_errors


def test_show_all_works_without_scripts(browser, site_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_server}/models/text-generation/")
        box = page.locator("#text-generation-downloads")
        total = box.locator("tbody tr").count()
        assert box.locator("tbody tr:visible").count() == FIRST_ROWS < total
        box.locator("input[data-role=show-all]").check()
        assert box.locator("tbody tr:visible").count() == total
    finally:
        context.close()


def test_tabs_switch_between_sorts(page):
    page.goto(f"{page.base}/models/text-generation/")
    assert page.locator("#text-generation-downloads-table").is_visible()
    assert not page.locator("#text-generation-likes-table").is_visible()
    page.locator(".tabbed-labels label", has_text="Most liked").click()
    assert page.locator("#text-generation-likes-table").is_visible()
    assert not page.locator("#text-generation-downloads-table").is_visible()


def test_catalogue_links_reach_the_model_pages(page):
    page.goto(f"{page.base}/tasks/")
    page.locator("article .grid.cards a", has_text="Summarization").first.click()
    page.wait_for_url("**/models/summarization/")
    assert page.locator("h1").inner_text().startswith("Summarization models")
    assert not page.console_errors and not page.foreign_requests


def test_headers_sort_from_the_keyboard(page):
    page.goto(f"{page.base}/models/text-generation/")
    header = page.locator("#text-generation-downloads-table th", has_text="Parameters")
    header.focus()
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") in {"ascending", "descending"}
    values = sort_values(page, "text-generation-downloads", 4)
    assert values == sorted(values, reverse=header.get_attribute("aria-sort") == "descending")


@pytest.mark.parametrize(
    ("licence", "language", "keep"),
    [
        (PERMISSIVE, "", lambda r: r.get("license") in PERMISSIVE_LICENSES),
        ("mit", "", lambda r: r.get("license") == "mit"),
        (NOT_STATED, "", lambda r: not r.get("license")),
        ("", "en", lambda r: "en" in (r.get("languages") or [])),
        (
            PERMISSIVE,
            "en",
            lambda r: (
                r.get("license") in PERMISSIVE_LICENSES and "en" in (r.get("languages") or [])
            ),
        ),
    ],
)
def test_licence_and_language_lists_narrow_rows(page, licence, language, keep):
    records = hub_models.read(DEFAULT_SNAPSHOT).results[
        ModelQuery("text-classification", sort="downloads")
    ]
    expected = [r["id"] for r in records if keep(r)]
    assert 0 < len(expected) < len(records), "pick cases the snapshot can tell apart"
    page.goto(f"{page.base}/models/text-classification/")
    box = page.locator("#text-classification-downloads")
    box.locator("select[data-filter=license]").select_option(licence)
    box.locator("select[data-filter=language]").select_option(language)
    assert box.locator(MODEL_IDS).all_inner_texts() == expected
    assert box.locator(".hfguide-count").inner_text() == f"{len(expected)} of {len(records)} shown"
    option = box.locator(f"select[data-filter=license] option[value='{licence}']").inner_text()
    if licence not in ("", PERMISSIVE):
        assert option.endswith(
            f"({len(expected)})"
        )  # the count in the list is the count the filter gives
    assert not page.console_errors


#: For each filter list of each table on the page (every tab opened first): each option's count
#: in its label, the rows the table shows once a reader chooses it, and the count line then.
CHOOSE_EACH_OPTION = """
() => {
  document.querySelectorAll(".tabbed-set").forEach(set =>
    set.dispatchEvent(new Event("pointerdown")));  // the tables of the other tabs, as on a tap
  const seen = [];
  for (const box of document.querySelectorAll(".hfguide-table")) {
    const block = box.closest(".tabbed-block");
    if (block) {  // its tab, chosen: the rows of a hidden tab take no room
      const set = block.closest(".tabbed-set");
      const index = [...block.parentNode.children].indexOf(block);
      set.querySelectorAll(".tabbed-labels label")[index].click();
    }
    for (const select of box.querySelectorAll("select[data-filter]")) {
      for (const option of [...select.options].filter(o => o.value)) {
        select.value = option.value;
        select.dispatchEvent(new Event("change"));
        const shown = [...box.querySelectorAll("tbody tr")].filter(r => r.offsetParent).length;
        seen.push({table: box.id, filter: select.dataset.filter, label: option.textContent,
                   shown, line: box.querySelector(".hfguide-count").textContent});
      }
      select.value = "";
      select.dispatchEvent(new Event("change"));
    }
  }
  return seen;
}
"""


def test_each_list_count_is_the_rows_its_choice_shows(page, built_site):
    """On every model table of every task page, an option "xx (N)" of the licence or language
    list shows N rows when chosen (the count counts rows, each once)."""
    task_pages = sorted(p.parent.name for p in (built_site / "models").glob("*/index.html"))
    wrong, checked = [], 0
    for task in task_pages:
        page.goto(f"{page.base}/models/{task}/")
        for choice in page.evaluate(CHOOSE_EACH_OPTION):
            count = int(re.search(r"\(([\d,]+)\)$", choice["label"])[1].replace(",", ""))
            checked += 1
            if not (count == choice["shown"] and choice["line"].startswith(f"{count} of ")):
                wrong.append(choice)
    assert checked > 1000 and not wrong
    assert not page.console_errors
