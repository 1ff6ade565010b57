"""The leaderboard explorer in headless Chromium: filters, columns, sorting, URL state, plot,
best-that-fits (the memory calculator: test_browser_planner.py). Expected counts come from
pandas on the same data; the best-that-fits list from the one query in Python."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pandas as pd
import pytest

from hfguide.core.settings import DEFAULT_LEADERBOARD
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.pages.explorer import STATIC_ROWS, explorer_matches
from hfguide.pages.formats import fixed
from hfguide.pages.spec import DEFAULT_OPTIONAL, EXPLORER_COLUMNS, EXPLORER_DEFAULTS, PERMISSIVE
from hfguide.queries import candidates
from hfguide.queries.shortlist import Request, shortlist
from tests.support.site import NEXT_FRAME, PiecewisePage


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.DataFrame(leaderboard.read(DEFAULT_LEADERBOARD).rows)


def open_explorer(page, **params):
    """Open the explorer; a plain visit starts the grid when the reader reaches for a control."""
    query = f"?{urlencode(params)}" if params else ""
    page.goto(f"{page.base}/leaderboard/explorer/{query}")
    if not params:
        assert page.locator("#lb-explorer table.lb-static tbody tr").count() == STATIC_ROWS
        page.focus("#lb-explorer [data-filter=search]")
    page.wait_for_function(
        "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=30000
    )


#: The grid's column headers and its rows of data (grid.js).
HEADER = "#lb-explorer [role=grid] [role=columnheader]"
ROW = "#lb-explorer [role=grid] [role=rowgroup] + [role=rowgroup] [role=row]"


def reach(page, form: str) -> None:
    """Scroll a lazily set-up form into view and wait until it has computed its first answer."""
    page.locator(form).scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelector('{form} output').textContent.length > 0")


def shown(page) -> int:
    return page.evaluate("window.hfguideExplorer.shownRows().length")


def count_text(page) -> str:
    return page.locator("[data-role=count]").inner_text()


def expect_count(page, n: int, total: int) -> None:
    assert shown(page) == n
    assert count_text(page) == f"{n:,} of {total:,} models match."


@pytest.mark.parametrize(
    ("control", "value", "mask"),
    [
        ("type", "chat", lambda f: f.type == "chat"),
        ("type", "continuous", lambda f: f.type == "continuous"),
        ("precision", "float16", lambda f: f.precision == "float16"),
        ("size", "~13", lambda f: f.bucket == "~13"),
        ("size", "?", lambda f: f.bucket == "?"),
        ("license", "mit", lambda f: f.license == "mit"),
        ("license", "__none__", lambda f: f.license.isna()),
        ("merged", "yes", lambda f: f.merged),
        ("moe", "yes", lambda f: f.moe),
        ("hub", "no", lambda f: ~f.hub),
    ],
)
def test_each_filter_matches_pandas(page, frame, control, value, mask):
    open_explorer(page)
    page.select_option(f"#lb-explorer [data-filter={control}]", value)
    page.wait_for_function(f"location.search.includes('{control}=')")
    expected = int((mask(frame) & ~frame.flagged).sum())  # flagged models are hidden by default
    expect_count(page, expected, len(frame))
    assert not page.console_errors and not page.foreign_requests


#: Changes the type filter with the frame and the timer that would write the address held back,
#: so the address is written only if the page is hidden or left.
CHANGE_TYPE_UNTIMED = """
(type) => {
  const [later, nextFrame] = [window.setTimeout, window.requestAnimationFrame];
  window.setTimeout = () => 0;
  window.requestAnimationFrame = () => 0;
  try {
    const select = document.querySelector("#lb-explorer [data-filter=type]");
    select.value = type;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  } finally {
    [window.setTimeout, window.requestAnimationFrame] = [later, nextFrame];
  }
}
"""


def test_a_filter_set_just_before_leaving_is_in_the_address_on_return(page):
    """The address is written once the reader pauses; a reader who leaves before that still
    finds the filter in the address when coming back."""
    open_explorer(page)
    page.evaluate(CHANGE_TYPE_UNTIMED, "merge")
    assert "type=merge" not in page.evaluate("location.search")
    page.goto(f"{page.base}/glossary/")
    page.go_back()
    assert "type=merge" in page.url


def test_hiding_the_page_writes_the_address(page):
    open_explorer(page)
    page.evaluate(CHANGE_TYPE_UNTIMED, "chat")
    assert "type=chat" not in page.evaluate("location.search")
    page.evaluate(
        """() => {
          const hidden = { value: "hidden", configurable: true };
          Object.defineProperty(document, "visibilityState", hidden);
          document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    assert "type=chat" in page.evaluate("location.search")


#: Types into the search box at a given time on a clock the page reads (performance.now is
#: replaced), and returns the delays of the timers the change set.
TYPE_AT = """
([text, now]) => {
  performance.now = () => now;
  const [later, delays] = [window.setTimeout, []];
  window.setTimeout = (f, ms) => { delays.push(ms); return later(f, ms); };
  try {
    const box = document.querySelector("#lb-explorer [data-filter=search]");
    box.value = text;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  } finally {
    window.setTimeout = later;
  }
  return delays;
}
"""


def test_a_burst_of_changes_writes_the_address_at_most_every_400_ms(page):
    """The first change of a burst is in the address just after its frame; a change 100 ms
    after that write waits until 400 ms have passed since it; changes in between write once."""
    open_explorer(page)
    page.evaluate(
        """() => {
          window.addressWrites = [];
          const replace = history.replaceState.bind(history);
          history.replaceState = (data, title, url) => {
            window.addressWrites.push(String(url));
            return replace(data, title, url);
          };
        }"""
    )
    start = 1e9  # long after any write the page made as it started
    assert page.evaluate(TYPE_AT, ["q", start]) == []  # written after the frame, by no timer
    page.wait_for_function("location.search.includes('search=q')")
    assert page.evaluate(TYPE_AT, ["qw", start + 100]) == [300]
    assert page.evaluate(TYPE_AT, ["qwen", start + 200]) == []  # the planned write takes it
    page.wait_for_function("location.search.includes('search=qwen')")
    writes = page.evaluate("window.addressWrites")
    assert [w.split("?")[1] for w in writes] == ["search=q", "search=qwen"], writes


def test_no_style_rule_selects_on_the_rows_data_id(page):
    """Each row's data-id changes with its model; a style rule that reads that attribute
    anywhere in the site makes every such change restyle the row."""
    open_explorer(page)
    rules = page.evaluate(
        """() => {
          const found = [];
          const walk = rules => {
            for (const rule of rules) {
              if (rule.selectorText && rule.selectorText.includes("data-id")) {
                found.push(rule.selectorText);
              }
              if (rule.cssRules) walk(rule.cssRules);
            }
          };
          for (const sheet of document.styleSheets) walk(sheet.cssRules);
          return found;
        }"""
    )
    assert rules == []


def test_flagged_filter_and_text_search(page, frame):
    open_explorer(page)
    expect_count(page, int((~frame.flagged).sum()), len(frame))
    page.select_option("#lb-explorer [data-filter=flagged]", "")
    expect_count(page, len(frame), len(frame))
    page.fill("#lb-explorer [data-filter=search]", "qwen2 instruct")
    text = (
        frame.id.fillna("") + " " + frame.architecture.fillna("") + " " + frame.base.fillna("")
    ).str.lower()
    expected = int(
        (text.str.contains("qwen2", regex=False) & text.str.contains("instruct", regex=False)).sum()
    )
    expect_count(page, expected, len(frame))


def test_combined_filters_round_trip_through_the_url(page, frame, browser):
    open_explorer(page)
    page.select_option("#lb-explorer [data-filter=type]", "chat")
    page.select_option("#lb-explorer [data-filter=size]", "~7")
    page.select_option("#lb-explorer [data-filter=license]", "apache-2.0")
    page.select_option("#lb-explorer [data-filter=sort]", "ifeval")
    page.wait_for_url(lambda url: "sort=ifeval" in url)
    url = page.url
    expected = int(
        (
            (frame.type == "chat")
            & (frame.bucket == "~7")
            & (frame.license == "apache-2.0")
            & ~frame.flagged
        ).sum()
    )
    expect_count(page, expected, len(frame))
    other = browser.new_page()
    try:
        other.goto(url)
        other.wait_for_function("document.getElementById('lb-explorer').dataset.ready === '1'")
        assert other.evaluate("window.hfguideExplorer.shownRows().length") == expected
        assert other.locator("#lb-explorer [data-filter=type]").input_value() == "chat"
        assert other.locator("#lb-explorer [data-filter=sort]").input_value() == "ifeval"
        first = other.evaluate("window.hfguideExplorer.shownRows()[0].id")
        subset = frame[
            (frame.type == "chat")
            & (frame.bucket == "~7")
            & (frame.license == "apache-2.0")
            & ~frame.flagged
        ]
        assert first == subset.sort_values("ifeval", ascending=False).iloc[0].id
    finally:
        other.close()


def test_sorting_by_benchmarks_and_co2(page, frame):
    open_explorer(page)
    header = page.locator(f"{HEADER}[data-field=average]")
    assert header.get_attribute("aria-sort") == "descending"  # the data arrives best first
    values = page.evaluate("window.hfguideExplorer.shownRows().map(r => r.average)")
    assert values == sorted(values, reverse=True)
    for key in ("average", "mmlu_pro", "co2"):
        for direction in ("desc", "asc"):
            page.select_option("#lb-explorer [data-filter=sort]", key)
            page.select_option("#lb-explorer [data-filter=dir]", direction)
            values = page.evaluate(f"window.hfguideExplorer.shownRows().map(r => r.{key})")
            assert values == sorted(values, reverse=direction == "desc"), key
    page.locator(f"{HEADER}[data-field=gpqa] button").click()
    page.wait_for_function("location.search.includes('sort=gpqa')")
    values = page.evaluate("window.hfguideExplorer.shownRows().map(r => r.gpqa)")
    assert values in (sorted(values), sorted(values, reverse=True))
    # A header the "Sort by" list lacks: the list names it rather than going blank.
    page.locator(f"{HEADER}[data-field=type] button").click()
    page.wait_for_function("location.search.includes('sort=type')")
    chosen = page.locator("#lb-explorer [data-filter=sort]")
    assert chosen.input_value() == "type"
    assert chosen.evaluate("s => s.selectedOptions[0].textContent") == "Type"


def test_column_chooser(page):
    open_explorer(page)
    assert not page.locator(f"{HEADER}[data-field=architecture]").is_visible()
    page.locator("#lb-explorer details.lb-columns summary").click()
    page.evaluate(f"document.querySelector('{ROW}').dataset.mark = '1'")
    page.locator("#lb-explorer [data-role=column-chooser] input[value=architecture]").check()
    assert page.locator(f"{HEADER}[data-field=architecture]").is_visible()
    page.wait_for_url(lambda url: "cols=" in url and "architecture" in url)
    page.locator("#lb-explorer [data-role=column-chooser] input[value=license]").uncheck()
    assert not page.locator(f"{HEADER}[data-field=license]").is_visible()
    page.wait_for_url(lambda url: "license" not in url)
    # The rows change in place, their cells numbered as the headers are, the new column written.
    assert page.locator(f"{ROW}[data-mark='1']").count() == 1
    aria = page.evaluate(GRID_ARIA)
    header, *body = aria["rows"]
    assert header[1] == list(range(1, aria["colcount"] + 1))
    for _, cols in body:
        assert cols == list(range(1, len(cols) + 1))
    grid = page.locator("#lb-explorer [role=grid]")
    grid.evaluate("g => { g.scrollLeft = g.scrollWidth; }")
    page.evaluate(NEXT_FRAME)
    first = page.evaluate("window.hfguideExplorer.shownRows()[0]")
    drawn = {c["field"]: c for c in page.evaluate(COLUMNS_DRAWN)["columns"]}
    assert "license" not in drawn and drawn["architecture"]["drawn"]
    assert drawn["architecture"]["text"] == (first["architecture"] or "")
    assert abs(drawn["architecture"]["cellLeft"] - drawn["architecture"]["left"]) <= 1
    page.reload()
    page.wait_for_function("document.getElementById('lb-explorer').dataset.ready === '1'")
    assert page.locator(f"{HEADER}[data-field=architecture]").is_visible()
    assert not page.locator(f"{HEADER}[data-field=license]").is_visible()


#: The grid's drawn rows and cells against its edges: how many rows lie wholly below its
#: bottom edge, and how many cells start at or after its right edge.
BEYOND_EDGES = """
() => {
  const grid = document.querySelector("#lb-explorer [role=grid]");
  const edge = grid.getBoundingClientRect();
  const rows = [...grid.querySelectorAll("[role=rowgroup] + [role=rowgroup] [role=row]")]
    .filter(r => !r.hidden);
  const cells = [...rows[0].children].filter(c => !c.hidden);
  return {
    rows: rows.length,
    below: rows.filter(r => r.getBoundingClientRect().top >= edge.bottom).length,
    right: cells.filter(c => c.getBoundingClientRect().left >= edge.right).length,
  };
}
"""


def test_rows_and_columns_beyond_the_edges_are_drawn_only_while_the_reader_could_scroll(page):
    """With the reader at the filters, a filter redraws only what is in view; with the pointer
    in the grid, or the grid scrolled, rows and a column beyond its edges are drawn as well, so
    scrolling shows no gap."""
    open_explorer(page)
    page.select_option("#lb-explorer [data-filter=type]", "chat")
    page.evaluate(NEXT_FRAME)
    at_filters = page.evaluate(BEYOND_EDGES)
    assert at_filters["below"] == 0 and at_filters["right"] == 0
    grid = page.locator("#lb-explorer [role=grid]")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    pointed = page.evaluate(BEYOND_EDGES)
    assert pointed["rows"] == at_filters["rows"] + 4
    assert pointed["below"] >= 3 and pointed["right"] >= 1
    page.mouse.move(0, 0)
    page.evaluate(NEXT_FRAME)
    assert page.evaluate(BEYOND_EDGES)["below"] == 0
    grid.evaluate("g => { g.scrollTop = 300; }")
    page.evaluate(NEXT_FRAME)  # the scroll event comes before the frame's callbacks
    scrolled = page.evaluate(BEYOND_EDGES)
    assert scrolled["rows"] == at_filters["rows"] + 8 and scrolled["right"] >= 1
    # A filter brings the grid back to its top: the reader is at the filters again.
    page.select_option("#lb-explorer [data-filter=type]", "merge")
    page.evaluate(NEXT_FRAME)
    assert page.evaluate(BEYOND_EDGES) == at_filters


def test_the_model_column_stays_in_view_when_the_grid_scrolls_sideways(page):
    open_explorer(page)
    grid = page.locator("#lb-explorer [role=grid]")
    first_cell = page.locator(f"{ROW} [aria-colindex='1']").first
    first_header = page.locator(f"{HEADER}[aria-colindex='1']")
    assert grid.evaluate("g => g.scrollWidth > g.clientWidth + 200")
    second = page.locator(f"{ROW} [aria-colindex='2']").first
    left, second_x = grid.bounding_box()["x"], second.bounding_box()["x"]
    assert abs(first_cell.bounding_box()["x"] - left) <= 2
    grid.evaluate("g => { g.scrollLeft = 200; }")
    page.wait_for_function("document.querySelector('#lb-explorer [role=grid]').scrollLeft === 200")
    assert abs(first_cell.bounding_box()["x"] - left) <= 2
    assert abs(first_header.bounding_box()["x"] - left) <= 2
    assert abs(second.bounding_box()["x"] - (second_x - 200)) <= 2  # the others scrolled
    grid.evaluate("g => { g.scrollLeft = 0; }")
    page.wait_for_function("document.querySelector('#lb-explorer [role=grid]').scrollLeft === 0")
    assert abs(first_cell.bounding_box()["x"] - left) <= 2
    # As a reader scrolls it, with the pointer over the grid: the column is held from the start.
    # Held only then (or while the focus is in the grid): sticky cells make every redraw dearer.
    assert first_cell.evaluate("c => getComputedStyle(c).position") == "static"
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert first_cell.evaluate("c => getComputedStyle(c).position") == "sticky"
    page.mouse.wheel(300, 0)
    page.wait_for_function("document.querySelector('#lb-explorer [role=grid]').scrollLeft === 300")
    assert abs(first_cell.bounding_box()["x"] - left) <= 2
    page.mouse.move(0, 0)
    assert first_cell.evaluate("c => getComputedStyle(c).position") == "sticky"  # still sideways
    grid.evaluate("g => { g.scrollLeft = 0; }")
    page.wait_for_function("document.querySelector('#lb-explorer [role=grid]').scrollLeft === 0")
    page.wait_for_function(
        "c => getComputedStyle(c).position === 'static'", arg=first_cell.element_handle()
    )
    # A finger: its touch "leaves" the grid as the pan starts, and the column must hold on.
    touch = "(g, type) => g.dispatchEvent(new PointerEvent(type, { pointerType: 'touch' }))"
    grid.evaluate(touch, "pointerenter")
    grid.evaluate(touch, "pointerleave")
    assert first_cell.evaluate("c => getComputedStyle(c).position") == "sticky"
    page.locator("#lb-explorer [data-filter=search]").dispatch_event("pointerdown")
    assert first_cell.evaluate("c => getComputedStyle(c).position") == "static"


#: For every column: its header's edges and, in the first row, whether its cell is drawn, where,
#: and its text; the grid's visible edges.
COLUMNS_DRAWN = """
() => {
  const grid = document.querySelector("#lb-explorer [role=grid]");
  const row = grid.querySelector("[role=rowgroup] + [role=rowgroup] [aria-rowindex='2']");
  const box = grid.getBoundingClientRect();
  return {
    left: box.left, right: box.left + grid.clientWidth, id: row.dataset.id,
    columns: [...grid.querySelectorAll("[role=columnheader]")].map(h => {
      const cell = row.querySelector(`[data-field=${h.dataset.field}]`);
      const header = h.getBoundingClientRect();
      return { field: h.dataset.field, left: header.left, right: header.right, drawn: !cell.hidden,
               cellLeft: cell.getBoundingClientRect().left, text: cell.textContent };
    }),
  };
}
"""


def test_columns_out_of_view_are_drawn_as_they_come_into_view(page):
    """Only the columns in view are laid out; scrolling sideways draws the others, under their
    headers, with the text of the rows shown now, even after a filter changed them."""
    open_explorer(page)
    grid = page.locator("#lb-explorer [role=grid]")
    page.fill("#lb-explorer [data-filter=search]", "qwen")
    page.wait_for_function("window.hfguideExplorer.shownRows().length < 3000")
    first = page.evaluate("window.hfguideExplorer.shownRows()[0]")
    seen = set()
    for scroll in ("g.scrollWidth", "g.scrollWidth / 2", "0"):
        grid.evaluate(f"g => {{ g.scrollLeft = {scroll}; }}")
        page.evaluate(NEXT_FRAME)
        drawn = page.evaluate(COLUMNS_DRAWN)
        assert drawn["id"] == first["id"]
        model, *others = drawn["columns"]
        assert model["drawn"] and model["text"] == first["id"]
        for column in others:
            in_view = column["right"] > model["right"] and column["left"] < drawn["right"]
            if in_view:
                assert column["drawn"], column
            if column["drawn"]:
                seen.add(column["field"])
                assert abs(column["cellLeft"] - column["left"]) <= 1, column
                if column["field"] == "license":
                    assert column["text"] == (first["license"] or "")
    assert seen == {c["field"] for c in drawn["columns"][1:]}  # every column, in turn


def test_on_a_phone_the_model_column_leaves_room_for_the_scores(browser, site_server):
    """At 390 px the held first column takes at most 55% of the grid, so scrolling sideways
    shows whole columns of scores beside the model's name, each under its header."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.base = site_server
    open_explorer(page, type="chat")
    grid = page.locator("#lb-explorer [role=grid]")
    grid.scroll_into_view_if_needed()
    width = grid.evaluate("g => g.clientWidth")
    drawn = page.evaluate(COLUMNS_DRAWN)
    model = drawn["columns"][0]
    assert 140 <= model["right"] - model["left"] <= 0.55 * width + 1
    cell = page.locator(f"{ROW} [aria-colindex='1']").first.bounding_box()
    assert abs(cell["width"] - (model["right"] - model["left"])) <= 1
    grid.evaluate(  # the average's column just clear of the model's
        "g => { const [model, average] = ['id', 'average'].map(f =>"
        " g.querySelector(`[role=columnheader][data-field=${f}]`));"
        " g.scrollLeft = average.offsetLeft - model.offsetWidth; }"
    )
    page.evaluate(NEXT_FRAME)
    drawn = page.evaluate(COLUMNS_DRAWN)
    model, *others = drawn["columns"]
    whole = [
        c for c in others if c["left"] >= model["right"] - 1 and c["right"] <= drawn["right"] + 1
    ]
    assert [c["field"] for c in whole][:1] == ["average"]
    assert all(c["drawn"] and c["text"] for c in whole)
    assert all(abs(c["cellLeft"] - c["left"]) <= 1 for c in others if c["drawn"])
    # From the keyboard: each cell reached comes into view clear of the model's column, from
    # its start when it is wider than the room beside it.
    grid.evaluate("g => { g.scrollLeft = 0; }")
    page.evaluate(NEXT_FRAME)
    page.locator("#lb-explorer [role=grid] [tabindex='0']").focus()
    page.keyboard.press("ArrowDown")  # the first row's model
    for key in ("ArrowRight", "ArrowRight", "End", "ArrowLeft"):
        page.keyboard.press(key)
        left, right, frozen, edge = page.evaluate(FOCUSED_EDGES)
        assert frozen - 1 <= left < edge, key
        assert right <= edge + 1 or right - left > edge - frozen, key
    context.close()


#: The focused grid cell's left and right edges, the model column's right edge and the grid's.
FOCUSED_EDGES = """
() => {
  const grid = document.querySelector("#lb-explorer [role=grid]");
  const cell = document.activeElement.closest("[role=gridcell], [role=columnheader]");
  const box = cell.getBoundingClientRect();
  const model = grid.querySelector("[role=columnheader]").getBoundingClientRect();
  return [box.left, box.right, model.right, grid.getBoundingClientRect().left + grid.clientWidth];
}
"""


def test_model_names_link_to_the_hub(page):
    open_explorer(page, search="Qwen/Qwen2.5-7B-Instruct")
    link = page.locator(f"{ROW} a", has_text="Qwen/Qwen2.5-7B-Instruct").first
    assert link.get_attribute("href") == "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct"


def test_a_shared_search_restores_the_explorer_not_the_site_search(page):
    """The explorer's search travels as ?search= (the theme opens its site search for ?q=): a
    shared link fills the explorer's box, and the site's search stays closed."""
    open_explorer(page, search="qwen")
    assert page.input_value("#lb-explorer [data-filter=search]") == "qwen"
    assert "search=qwen" in page.url
    assert not page.evaluate("document.querySelector('[data-md-toggle=search]').checked")
    assert page.locator(".md-search__input").input_value() == ""


#: Painted pixels on the plot's overlay layer (the picked point's ring and label).
OVERLAY_INK = """() => {
  const c = document.querySelector('.lb-plot-overlay');
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i]) ink++;
  return ink;
}"""


def test_plot_follows_filters_and_names_points(page, frame):
    open_explorer(page, type="chat")
    matching = frame[(frame.type == "chat") & ~frame.flagged]
    subset = matching[(matching.params > 0) & matching.average.notna()]
    unplotted = len(matching) - len(subset)
    doubted = subset[subset.implausible.notna()]
    plausible = subset[subset.implausible.isna()]
    ordered = plausible.sort_values(["params", "average"], ascending=[True, False])
    frontier, best = [], float("-inf")
    for row in ordered.itertuples():
        if row.average > best:
            frontier.append(row.id)
            best = row.average
    status = page.locator("[data-role=plot-status]")
    assert not page.evaluate("'hfguidePlot' in window")  # the plot code loads only when needed
    page.locator("#lb-plot").scroll_into_view_if_needed()
    expected = (
        f"{len(subset):,} of {len(matching):,} matching models plotted"
        + (f" ({unplotted:,} have no size or score)" if unplotted else "")
        + f"; {len(frontier):,} on the frontier"
        + (f" ({len(doubted):,} plotted implausible rows left out of it)." if len(doubted) else ".")
    )
    page.wait_for_function(
        f"document.querySelector('[data-role=plot-status]').textContent === {json.dumps(expected)}"
    )
    page.select_option("#lb-explorer [data-filter=size]", "~7")
    in_bucket = subset[subset.bucket == "~7"]
    page.wait_for_function(
        "document.querySelector('[data-role=plot-status]').textContent"
        f".startsWith('{len(in_bucket):,} of ')"
    )
    page.select_option("#lb-explorer [data-filter=size]", "")
    page.wait_for_function(
        f"document.querySelector('[data-role=plot-status]').textContent === {json.dumps(expected)}"
    )
    page.focus("#lb-plot")
    page.keyboard.press("End")
    assert status.inner_text().startswith(
        f"Frontier {len(frontier)} of {len(frontier)}: {frontier[-1]},"
    )
    page.keyboard.press("Home")
    assert f": {frontier[0]}," in status.inner_text()
    # The picked point stays ringed and labelled when the plot is redrawn at another width (a
    # phone turned, a window resized), as the status line under it still names it.
    assert page.evaluate(OVERLAY_INK) > 0
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width - 200, "height": page.viewport_size["height"]})
    page.wait_for_function(
        "Math.round(document.querySelector('#lb-plot').getBoundingClientRect().width) === "
        "document.querySelector('.lb-plot-overlay').width / (window.devicePixelRatio || 1)"
    )
    assert page.evaluate(OVERLAY_INK) > 0 and f": {frontier[0]}," in status.inner_text()
    page.set_viewport_size({"width": width, "height": page.viewport_size["height"]})
    page.locator("#lb-plot").scroll_into_view_if_needed()
    box = page.locator("#lb-plot").bounding_box()
    point = page.evaluate("window.hfguideExplorer.plotPoint('frontier', 0)")
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(
        f"document.querySelector('[data-role=plot-status]').textContent.startsWith({json.dumps(point['id'])})"
    )


#: How many of the first n points of the plot have paint at their centre on the dots' layer.
DOTS_PAINTED = """(n) => {
  const c = document.getElementById("lb-plot");
  const ratio = c.width / c.getBoundingClientRect().width;
  const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let painted = 0;
  for (let k = 0; k < n; k++) {
    const p = window.hfguideExplorer.plotPoint("point", k);
    if (data[(Math.floor(p.y * ratio) * c.width + Math.floor(p.x * ratio)) * 4 + 3]) painted++;
  }
  return painted;
}"""


@pytest.mark.parametrize("ratio", [1, 2])
def test_dots_are_painted_where_their_rows_are(browser, site_server, ratio):
    """The dots are written as pixels: each lands where the data puts it, on a denser screen
    too, and unticking the series takes them away."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, device_scale_factor=ratio
    )
    page = context.new_page()
    page.base = site_server
    open_explorer(page, type="chat")
    page.locator("#lb-plot").scroll_into_view_if_needed()
    page.wait_for_function("window.hfguideExplorer.plotted() !== null")
    assert page.evaluate(
        "(c => c.width === Math.round(c.getBoundingClientRect().width * devicePixelRatio))"
        "(document.getElementById('lb-plot'))"
    )
    n = page.evaluate("window.hfguideExplorer.plotted().points")
    assert n > 500 and page.evaluate(DOTS_PAINTED, n) == n
    for series in ("points", "frontier", "doubted"):
        page.locator(f"[data-series={series}]").uncheck()
    page.wait_for_function("window.hfguideExplorer.plotted().points === 0")
    assert page.evaluate(DOTS_PAINTED, n) == 0
    page.locator("[data-series=points]").check()
    page.wait_for_function(f"window.hfguideExplorer.plotted().points === {n}")
    assert page.evaluate(DOTS_PAINTED, n) == n
    context.close()


def test_best_model_that_fits_is_the_one_query(page):
    """The list is what hfguide.queries.shortlist gives for the same request: the rows the
    leaderboard scored, planned at the form's context, flagged ones left out and counted."""
    recorded = model_configs.load()
    rows = candidates.build(hub_models.read(), leaderboard.read(), recorded).rows
    open_explorer(page)
    reach(page, "#lb-fit")
    page.wait_for_function("document.querySelector('#lb-fit').dataset.ready === '1'")
    for budget, licence, kind, no_merges, include, context, precision in [
        (24, "", "", False, False, "4k", ""),
        (16, "apache-2.0", "chat", False, False, "4k", ""),
        (8, "mit", "", False, False, "32k", ""),
        (80, "", "pretrained", False, False, "4k", "int8"),
        (24, PERMISSIVE, "", False, False, "4k", ""),
        (24, PERMISSIVE, "", True, False, "8k", "nf4"),
        (12, "", "", True, True, "4k", ""),
        (0.5, "", "", False, True, "4k", ""),
    ]:
        page.fill("#lb-fit [name=budget]", str(budget))
        page.fill("#lb-fit [name=context]", context)
        page.select_option("#lb-fit [name=precision]", precision)
        page.select_option("#lb-fit [name=license]", licence)
        page.select_option("#lb-fit [name=type]", kind)
        page.locator("#lb-fit [name=no_merges]").set_checked(no_merges)
        page.locator("#lb-fit [name=include_left_out]").set_checked(include)
        got = page.locator("#lb-fit output li").evaluate_all(
            "items => items.map(i => i.dataset.id)"
        )
        request = Request(
            task="text-generation",
            scored=True,
            licence="permissive" if licence == PERMISSIVE else licence,
            model_type=kind,
            merges=not no_merges,
            include_flagged=include,
            budget=budget * 1e9,
            precision=precision or None,
            context={"4k": 4096, "8k": 8192, "32k": 32768}[context],
            page_size=10,
        )
        expected = shortlist(rows, request, recorded.shapes)
        case = (budget, licence, kind, no_merges, include, context, precision)
        assert got == [i.row["id"] for i in expected.shown], case
        note = page.locator("#lb-fit output [data-role=left-out]")
        if expected.flagged_out:
            assert note.inner_text().startswith(f"{expected.flagged_out} more rows would fit"), case
        else:
            assert note.count() == 0 or note.inner_text() == "", case
    # with the left-out rows included, a flagged one that fits shows its reason
    page.fill("#lb-fit [name=budget]", "1")  # 0.5 GB of it is the CUDA runtime
    page.locator("#lb-fit [name=include_left_out]").check()
    marked = page.locator("#lb-fit output li .lb-doubt").first.inner_text()
    assert "flagged: listed at" in marked
    page.locator("#lb-fit [name=include_left_out]").uncheck()
    page.fill("#lb-fit [name=budget]", "0.0001")
    text = page.locator("#lb-fit output").inner_text()
    assert text.startswith("No leaderboard model fits these conditions.")
    assert "The smallest would fit in 1 GB." in text
    for bad in ("", "-5", "0"):
        page.fill("#lb-fit [name=budget]", bad)
        assert (
            page.locator("#lb-fit output").inner_text()
            == "Enter the GPU memory as a positive number of GB."
        )


def test_filters_are_labelled_for_screen_readers(page):
    open_explorer(page)
    for control in page.locator("#lb-explorer [data-filter]").all():
        assert control.evaluate(
            "el => el.labels.length > 0 && el.labels[0].textContent.trim().length > 0"
        )
    assert page.locator("#lb-plot").get_attribute("aria-label")
    assert page.locator("[data-role=count]").get_attribute("aria-live") == "polite"


#: The grid's element with keyboard focus: its row's position, its column, the model of its row.
FOCUSED = """
() => {
  const el = document.activeElement;
  const cell = el.closest("[role=gridcell], [role=columnheader]");
  if (!cell) return null;
  const row = cell.parentElement;
  return {
    row: Number(row.getAttribute("aria-rowindex")), col: Number(cell.getAttribute("aria-colindex")),
    field: cell.dataset.field, id: row.dataset.id || null, tag: el.tagName,
  };
}
"""

#: The grid's ARIA structure: its counts, the tab stops in it and every drawn row's position and
#: its drawn cells' positions (cells out of view are hidden, so screen readers skip them too).
GRID_ARIA = """
() => {
  const grid = document.querySelector("#lb-explorer [role=grid]");
  const rows = [...grid.querySelectorAll("[role=row]")].filter(r => !r.hidden);
  return {
    rowcount: Number(grid.getAttribute("aria-rowcount")),
    colcount: Number(grid.getAttribute("aria-colcount")),
    tabStops: [...grid.querySelectorAll("[tabindex]")].filter(el => el.tabIndex === 0).length,
    rows: rows.map(r => [Number(r.getAttribute("aria-rowindex")),
      [...r.querySelectorAll("[role=gridcell], [role=columnheader]")].filter(c => !c.hidden)
        .map(c => Number(c.getAttribute("aria-colindex")))]),
  };
}
"""


def test_grid_works_from_the_keyboard_with_grid_semantics(page):
    """One tab stop; Enter on a header sorts (aria-sort follows); arrows, Page Down and
    Ctrl+End reach rows far below the drawn ones, which are drawn with their aria-rowindex."""
    open_explorer(page)
    aria = page.evaluate(GRID_ARIA)
    total = shown(page)
    assert aria["rowcount"] == total + 1 and aria["tabStops"] == 1
    assert total > 1000 and len(aria["rows"]) < 60  # virtualized: only rows near the view
    header, *body = aria["rows"]
    assert header == [1, list(range(1, aria["colcount"] + 1))]
    in_view = body[0][1]  # and only the columns near it: the model's, then those in view
    assert in_view == list(range(1, len(in_view) + 1)) and 4 < len(in_view) < aria["colcount"]
    for position, cols in body:
        assert cols == in_view, position
    assert sorted(p for p, _ in aria["rows"]) == list(range(1, len(aria["rows"]) + 1))
    page.locator("#lb-explorer [role=grid] [tabindex='0']").focus()
    assert page.evaluate(FOCUSED) == {
        "row": 1,
        "col": 1,
        "field": "id",
        "id": None,
        "tag": "BUTTON",
    }
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # Model, Type, Params (B)
    assert page.evaluate(FOCUSED)["field"] == "params"
    page.keyboard.press("Enter")
    params = page.locator(f"{HEADER}[data-field=params]")
    assert params.get_attribute("aria-sort") == "descending"
    assert page.locator(f"{HEADER}[aria-sort]").count() == 1
    page.wait_for_function("location.search.includes('sort=params')")
    page.keyboard.press("Enter")
    assert params.get_attribute("aria-sort") == "ascending"
    page.wait_for_function("location.search.includes('dir=asc')")
    ids = page.evaluate("window.hfguideExplorer.shownRows().map(r => r.id)")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUSED) == {
        "row": 2,
        "col": 3,
        "field": "params",
        "id": ids[0],
        "tag": "DIV",
    }
    for _ in range(5):
        page.keyboard.press("PageDown")
    focused = page.evaluate(FOCUSED)
    assert focused["row"] > 60 and focused["id"] == ids[focused["row"] - 2]
    page.keyboard.press("Home")  # the model's link, in the first column
    focused = page.evaluate(FOCUSED)
    assert (focused["col"], focused["tag"]) == (1, "A")
    page.keyboard.press("Control+End")
    focused = page.evaluate(FOCUSED)
    # The last column as the grid has it now: the calculator's column may have joined meanwhile.
    now = page.evaluate(GRID_ARIA)
    assert (focused["row"], focused["col"], focused["id"]) == (total + 1, now["colcount"], ids[-1])
    assert now["tabStops"] == 1
    page.keyboard.press("Control+Home")
    assert page.evaluate(FOCUSED)["row"] == 1
    # A filter typed after that: the count and the rows follow, the tab stop stays one.
    page.fill("#lb-explorer [data-filter=search]", "qwen")
    aria = page.evaluate(GRID_ARIA)
    assert aria["rowcount"] == shown(page) + 1 < total + 1 and aria["tabStops"] == 1
    everything = page.evaluate("window.hfguideExplorer.rows.length")
    assert count_text(page) == f"{shown(page):,} of {everything:,} models match."


#: The luminance of the grid's text and backgrounds (header, first and second row) and the
#: mean colour of the plot's axes ink, as drawn on its canvas.
SCHEME_COLOURS = """
() => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const grid = document.querySelector("#lb-explorer [role=grid]");
  const rows = [grid.querySelector("[role=row]"),
                ...[...grid.querySelectorAll("[aria-rowindex='2'], [aria-rowindex='3']")]];
  const cells = rows.map(r => {
    const cell = r.children[2];
    const back = parse(getComputedStyle(r).backgroundColor);
    const text = lum(parse(getComputedStyle(cell).color));
    return { text, back: lum(back), alpha: back[3] ?? 1 };
  });
  const axes = document.querySelector(".lb-plot-axes");
  const data = axes.getContext("2d").getImageData(0, 0, axes.width, axes.height).data;
  let sum = [0, 0, 0], n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 60) {
      sum = [sum[0] + data[i], sum[1] + data[i + 1], sum[2] + data[i + 2]];
      n += 1;
    }
  }
  const page = lum(parse(getComputedStyle(document.body).backgroundColor));
  return { cells, ink: n ? lum(sum.map(v => v / n)) : null, page };
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_grid_and_plot_follow_the_colour_scheme(browser, site_server, scheme):
    """In either scheme the grid's rows have the page's background and readable text, and the
    plot's axes are drawn in ink that stands out from the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(f"{site_server}/leaderboard/explorer/")
        tab.focus("#lb-explorer [data-filter=search]")
        tab.wait_for_function("document.getElementById('lb-explorer').dataset.ready === '1'")
        tab.locator("#lb-plot").scroll_into_view_if_needed()
        tab.wait_for_function("window.hfguideExplorer.plot !== null")
        seen = tab.evaluate(SCHEME_COLOURS)
        dark = scheme == "dark"
        assert (seen["page"] < 0.1) == dark
        assert len(seen["cells"]) == 3
        for cell in seen["cells"]:
            assert cell["alpha"] == 1  # opaque: a row drawn over another shows no text through
            hi, lo = max(cell["text"], cell["back"]), min(cell["text"], cell["back"])
            assert (hi + 0.05) / (lo + 0.05) >= 4.5, cell
            assert (cell["back"] < 0.1) == dark, cell
        assert seen["ink"] is not None and (seen["ink"] > 0.2) == dark
    finally:
        context.close()


def test_first_view_is_static_and_light(page, frame):
    page.goto(f"{page.base}/leaderboard/explorer/")
    static = page.locator("#lb-explorer table.lb-static tbody tr td:first-child").all_inner_texts()
    best = (
        frame[~frame.flagged]
        .sort_values(["average", "id"], ascending=[False, True])
        .id.head(STATIC_ROWS)
        .tolist()
    )
    assert static == best
    # The page's idle work (the licence lists joining their <select>) is done: still no grid.
    page.wait_for_function("document.querySelectorAll('template.lb-later-options').length === 0")
    page.wait_for_load_state("networkidle")
    assert not page.evaluate("'hfguideGrid' in window || 'hfguidePlot' in window")
    page.select_option("#lb-explorer [data-filter=type]", "chat")  # the first touch loads the grid
    page.wait_for_function("document.getElementById('lb-explorer').dataset.ready === '1'")
    expect_count(page, int(((frame.type == "chat") & ~frame.flagged).sum()), len(frame))
    page.wait_for_url(lambda url: "type=chat" in url)


def test_licence_lists_are_completed_before_use(page, frame, built_site):
    """The long licence lists ship in a <template> and join their <select> before anyone opens
    them."""
    html = (built_site / "leaderboard" / "explorer" / "index.html").read_text()
    assert html.count('class="lb-later-options"') == 2
    licences = frame.license.fillna("").nunique()
    page.goto(f"{page.base}/leaderboard/explorer/")
    page.locator("#lb-explorer select[data-filter=license]").dispatch_event("pointerdown")
    assert page.locator("#lb-explorer select[data-filter=license] option").count() == licences + 1
    page.wait_for_function(
        "document.querySelectorAll('#lb-fit select[name=license] option').length > 1"
    )
    # "any", the permissive group, and every licence
    assert page.locator("#lb-fit select[name=license] option").count() == licences + 2
    assert page.locator("template.lb-later-options").count() == 0


#: Records every layout shift with what moved; ``shiftLog()`` adds the ones not yet delivered.
SHIFT_RECORDER = """
window.shifts = [];
const record = entries => { for (const e of entries) if (!e.hadRecentInput) window.shifts.push(
  e.sources.map(s => (s.node && s.node.nodeType === 1 ? s.node.outerHTML.slice(0, 80) : "?")
    + " " + JSON.stringify([s.previousRect.x, s.previousRect.y, s.currentRect.x, s.currentRect.y]))
); };
const observer = new PerformanceObserver(list => record(list.getEntries()));
observer.observe({type: "layout-shift", buffered: true});
window.shiftLog = () => { record(observer.takeRecords()); return window.shifts; };
"""


@pytest.mark.parametrize(
    "viewport", [{"width": 412, "height": 823}, {"width": 1280, "height": 900}]
)
def test_explorer_does_not_move_while_it_arrives_or_settles(browser, built_site, viewport):
    """However a slow connection cuts the page, nothing already painted moves when the rest
    arrives; nor when the licence lists fill in after first paint.

    The page is sent in pieces, cut before every field, table row and block of the article, and
    the browser paints after each piece, as it does when the network stalls there."""
    held = PiecewisePage(
        built_site,
        "leaderboard/explorer",
        cuts=(
            "label", "select", "input", "button", "output", "small", "template", "tr", "th",
            "table", "p", "h2", "details", "div", "form", "canvas",
        ),
        region=("<article", "</article>"),
    )  # fmt: skip
    assert len(held.pieces) > 80
    with held.serve() as base:
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.add_init_script(SHIFT_RECORDER)
            page.goto(f"{base}/leaderboard/explorer/", wait_until="commit")
            while held.send_next():
                page.evaluate(NEXT_FRAME)
            page.wait_for_load_state("load")
            page.wait_for_function(
                "document.querySelectorAll('template.lb-later-options').length === 0"
            )
            page.evaluate(NEXT_FRAME)
            assert page.locator("#lb-fit select[name=license] option").count() > 2
            assert page.evaluate("window.shiftLog()") == []
        finally:
            context.close()


def pareto(subset: pd.DataFrame) -> list[str]:
    """The frontier as the page defines it: by size, the rows that beat every smaller one."""
    ordered = subset.sort_values(["params", "average"], ascending=[True, False], kind="stable")
    frontier, best = [], float("-inf")
    for row in ordered.itertuples():
        if row.average > best:
            frontier.append(row.id)
            best = row.average
    return frontier


def frontier_on_page(page) -> list[str]:
    return page.evaluate("window.hfguideExplorer.plotted().frontier")


def test_implausible_rows_stay_in_the_grid_marked_with_their_reason(page, frame):
    row = frame[frame.id == "darkc0de/BuddyGlass_v0.3_Xortron7MethedUpSwitchedUp"].iloc[0]
    reason = "; ".join(row.implausible)
    open_explorer(page)
    page.fill("#lb-explorer [data-filter=search]", "BuddyGlass_v0.3")
    page.wait_for_function("window.hfguideExplorer.shownRows().length === 1")
    mark = page.locator(f"{ROW} .lb-doubt").first
    assert mark.inner_text() == "⚠ implausible" and mark.get_attribute("title") == reason
    cell = page.locator(f"{ROW} [role=gridcell][data-field=implausible]").first
    assert cell.inner_text() == f"⚠ {reason}" and cell.get_attribute("title") == reason
    page.locator("#lb-explorer [data-role=doubts] summary").click()
    item = page.locator("#lb-explorer [data-role=doubt-list] li")
    assert item.count() == 1 and item.inner_text().endswith(f"{reason}.")
    assert (
        "(1 match the filters)"
        in page.locator("#lb-explorer [data-role=doubts] summary").inner_text()
    )


def test_doubt_list_follows_the_filters(page, frame):
    open_explorer(page)
    page.select_option("#lb-explorer [data-filter=type]", "merge")
    expected = frame[(frame.type == "merge") & ~frame.flagged & frame.implausible.notna()]
    # While the box is closed the list is rebuilt just after the frame that shows the change.
    page.wait_for_function(
        "n => document.querySelectorAll('#lb-explorer [data-role=doubt-list] li').length === n",
        arg=len(expected),
    )
    listed = page.locator("#lb-explorer [data-role=doubt-list] li").evaluate_all(
        "items => items.map(i => [i.dataset.id, i.textContent])"
    )
    assert sorted(i for i, _ in listed) == sorted(expected.id)
    reasons = dict(zip(expected.id, expected.implausible, strict=True))
    for model_id, text in listed:
        assert text.endswith("; ".join(reasons[model_id]) + "."), model_id


CHANGE_TYPE_AND_READ_DOUBTS = """
([type, open]) => {
  const box = document.querySelector("#lb-explorer [data-role=doubts]");
  box.open = open;
  const select = document.querySelector("#lb-explorer [data-filter=type]");
  select.value = type;
  select.dispatchEvent(new Event("change", { bubbles: true }));
  return {
    summary: box.querySelector("summary").textContent,
    listed: [...box.querySelectorAll("[data-role=doubt-list] li")].map(li => li.dataset.id),
  };
}
"""


def test_doubts_summary_follows_at_once_and_an_open_list_too(page, frame):
    """The summary's count is part of the interaction's frame; so is the list when the reader
    has it open. Both are read in the task that handles the change, before any frame."""
    open_explorer(page)
    doubted = frame[~frame.flagged & frame.implausible.notna()]
    chat = sorted(doubted[doubted.type == "chat"].id)
    merge = sorted(doubted[doubted.type == "merge"].id)
    assert chat and merge and chat != merge
    closed = page.evaluate(CHANGE_TYPE_AND_READ_DOUBTS, ["chat", False])
    assert f"({len(chat)} match the filters)" in closed["summary"]
    opened = page.evaluate(CHANGE_TYPE_AND_READ_DOUBTS, ["merge", True])
    assert f"({len(merge)} match the filters)" in opened["summary"]
    assert sorted(opened["listed"]) == merge


def test_opening_the_doubts_shows_the_rows_that_match_now(page, frame):
    """A list left stale while closed is brought up to date when the reader opens it. The
    rebuild planned for after the frame is dropped here (no animation frame is granted while
    the filter changes), so only the opening can bring the list up to date."""
    open_explorer(page)
    doubted = frame[~frame.flagged & frame.implausible.notna()]
    expected = sorted(doubted[doubted.type == "pretrained"].id)
    items = page.locator("#lb-explorer [data-role=doubt-list] li")
    page.evaluate(CHANGE_TYPE_UNTIMED, "pretrained")
    assert sorted(items.evaluate_all("items => items.map(i => i.dataset.id)")) != expected
    page.evaluate("document.querySelector('#lb-explorer [data-role=doubts]').open = true")
    page.wait_for_function(
        "n => document.querySelectorAll('#lb-explorer [data-role=doubt-list] li').length === n",
        arg=len(expected),
    )
    assert sorted(items.evaluate_all("items => items.map(i => i.dataset.id)")) == expected


def test_including_implausible_rows_puts_them_back_in_the_frontier(page, frame):
    open_explorer(page)
    page.locator("#lb-plot").scroll_into_view_if_needed()
    page.wait_for_function("window.hfguideExplorer && window.hfguideExplorer.plot")
    plotted = frame[~frame.flagged & (frame.params > 0) & frame.average.notna()]
    plausible = plotted[plotted.implausible.isna()]
    page.wait_for_function(
        "document.querySelector('[data-role=plot-status]').textContent.includes('implausible rows')"
    )
    assert frontier_on_page(page) == pareto(plausible)
    box = page.locator("#lb-explorer [data-filter=implausible]")
    label = page.locator("#lb-explorer label", has=page.locator("[data-filter=implausible]"))
    label = label.inner_text()
    assert f"Include the {int(frame.implausible.notna().sum())} implausible rows" in label
    box.check()
    page.wait_for_function("location.search.includes('implausible=include')")
    page.wait_for_function(
        "!document.querySelector('[data-role=plot-status]').textContent.includes('implausible')"
    )
    with_doubted = pareto(plotted)
    assert frontier_on_page(page) == with_doubted != pareto(plausible)
    assert "darkc0de/BuddyGlass_v0.3_Xortron7MethedUpSwitchedUp" in with_doubted
    page.reload()
    page.wait_for_function("document.getElementById('lb-explorer').dataset.ready === '1'")
    assert page.locator("#lb-explorer [data-filter=implausible]").is_checked()


#: One interaction, then, in the same task (before the browser can draw a frame), what the
#: page shows: the drawn rows (position in the grid, model id, the text of the sort column),
#: the count, the grid's row count and what the plot drew.
INTERACT_AND_READ = """
([kind, target, value, sortField]) => {
  const root = document.getElementById("lb-explorer");
  if (kind === "control") {
    const el = root.querySelector(`[data-filter=${target}]`);
    if (el.type === "checkbox") el.checked = value !== "";
    else el.value = value;
    const type = el.tagName === "INPUT" && el.type !== "checkbox" ? "input" : "change";
    el.dispatchEvent(new Event(type, { bubbles: true }));
  } else if (kind === "header") {
    root.querySelector(`[role=columnheader][data-field=${target}] button`).click();
  } else if (kind === "column") {
    const box = root.querySelector(`[data-role=column-chooser] input[value=${target}]`);
    box.checked = value === "show";
    box.dispatchEvent(new Event("change", { bubbles: true }));
  } else if (kind === "reset") {
    root.querySelector("[data-action=reset]").click();
  }
  const grid = root.querySelector("[role=grid]");
  const rows = [...grid.querySelectorAll("[role=rowgroup] + [role=rowgroup] [role=row]")]
    .filter(row => !row.hidden)
    .map(row => [Number(row.getAttribute("aria-rowindex")), row.dataset.id,
                 row.querySelector(`[data-field=${sortField}]`).textContent]);
  rows.sort((a, b) => a[0] - b[0]);
  return {
    rows, count: root.querySelector("[data-role=count]").textContent,
    rowcount: Number(grid.getAttribute("aria-rowcount")),
    plotted: window.hfguideExplorer.plotted(),
    headers: [...grid.querySelectorAll("[role=columnheader]")].map(h => h.dataset.field),
  };
}
"""


def expected_order(rows: list[dict], state: dict[str, str]) -> list[int]:
    """The rows the filters let through, by the sort field: missing values last, ties in the
    data's order (hfguide.pages.explorer.explorer_matches decides which rows match)."""
    sign = 1 if state["dir"] == "asc" else -1

    def key(i: int) -> tuple:
        value = rows[i].get(state["sort"])
        return (value is None, 0 if value is None else sign * value, i)

    return sorted((i for i, r in enumerate(rows) if explorer_matches(r, state)), key=key)


def expected_plot(rows: list[dict], shown: list[int], include: bool) -> dict:
    """What the plot draws for the matching rows: dots, crosses and the frontier's models."""
    plottable = [
        i for i in shown if (rows[i].get("params") or 0) > 0 and rows[i].get("average") is not None
    ]
    doubted = [i for i in plottable if rows[i].get("implausible") and not include]
    points = sorted(set(plottable) - set(doubted))
    by_size = sorted(points, key=lambda i: (rows[i]["params"], -rows[i]["average"], i))
    frontier, best = [], float("-inf")
    for i in by_size:
        if rows[i]["average"] > best:
            frontier.append(rows[i]["id"])
            best = rows[i]["average"]
    return {"points": len(points), "doubted": len(doubted), "frontier": frontier}


def test_every_interaction_shows_rows_count_and_plot_that_agree_in_one_task(page):
    """After each kind of interaction, and before the browser draws again, the rows in view, the
    count and the plot all show the filter's answer: so the next frame shows all three."""
    rows = leaderboard.read(DEFAULT_LEADERBOARD).rows
    columns = {c["field"]: c for c in EXPLORER_COLUMNS}
    state = dict(EXPLORER_DEFAULTS)
    optional = set(DEFAULT_OPTIONAL)
    open_explorer(page)
    page.locator("#lb-plot").scroll_into_view_if_needed()
    page.wait_for_function("window.hfguideExplorer.plot !== null")
    assert page.evaluate("window.hfguideExplorer.rows.map(r => r.id)") == [r["id"] for r in rows]
    steps = [
        ("control", "type", "chat", {"type": "chat"}),
        ("control", "search", "qwen", {"search": "qwen"}),  # typed, as one input event a key
        ("control", "search", "qwen2.5 7b", {"search": "qwen2.5 7b"}),
        ("control", "sort", "ifeval", {"sort": "ifeval"}),
        ("control", "dir", "asc", {"dir": "asc"}),
        ("header", "gpqa", "", {"sort": "gpqa", "dir": "desc"}),
        ("header", "gpqa", "", {"dir": "asc"}),
        ("column", "architecture", "show", {}),
        ("column", "co2", "hide", {}),
        ("control", "search", "", {"search": ""}),
        ("control", "implausible", "include", {"implausible": "include"}),
        ("control", "size", "~7", {"size": "~7"}),
        ("control", "license", "apache-2.0", {"license": "apache-2.0"}),
        ("control", "flagged", "", {"flagged": "", "license": "", "type": ""}),
        ("reset", "", "", dict(EXPLORER_DEFAULTS)),
    ]
    for kind, target, value, changes in steps:
        if target == "flagged":  # several controls at once: the earlier ones without a check
            for name in ("license", "type"):
                page.evaluate(INTERACT_AND_READ, ["control", name, "", "id"])
        state.update(changes)
        if kind == "column":
            (optional.add if value == "show" else optional.discard)(target)
        if kind == "reset":
            optional = set(DEFAULT_OPTIONAL)
        seen = page.evaluate(INTERACT_AND_READ, [kind, target, value, state["sort"]])
        step = (kind, target, value)
        order = expected_order(rows, state)
        assert seen["count"] == f"{len(order):,} of {len(rows):,} models match.", step
        assert seen["rowcount"] == len(order) + 1, step
        drawn = seen["rows"]
        assert [index for index, _, _ in drawn] == list(range(2, len(drawn) + 2)), step
        assert len(drawn) >= min(len(order), 17), step  # the grid's height in rows, at least
        digits = columns[state["sort"]]["digits"]
        assert [(model, text) for _, model, text in drawn] == [
            (rows[i]["id"], fixed(rows[i][state["sort"]], digits)) for i in order[: len(drawn)]
        ], step
        include = state["implausible"] == "include"
        assert seen["plotted"] == expected_plot(rows, order, include), step
        assert [f for f in seen["headers"] if f != "_memory"] == [
            c["field"] for c in EXPLORER_COLUMNS if not c.get("optional") or c["field"] in optional
        ], step


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_nothing_overlaps_on_a_phone(browser, site_server, scheme):
    """At 390 px, in either scheme: the explorer's widgets, with the grid and the plot drawn,
    neither overlap the content after them nor their own parts, and nothing runs off the page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        phone = context.new_page()
        phone.goto(f"{site_server}/leaderboard/explorer/")
        expected_scheme = "slate" if scheme == "dark" else "default"
        assert phone.evaluate("document.body.dataset.mdColorScheme") == expected_scheme
        assert phone.evaluate(OVERLAPS) == []  # the first view
        phone.focus("#lb-explorer [data-filter=search]")
        phone.wait_for_function(
            "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=30000
        )
        phone.locator("#lb-plot").scroll_into_view_if_needed()
        phone.wait_for_function(
            "document.querySelector('[data-role=plot-status]').textContent.includes('plotted')"
        )
        assert phone.evaluate(OVERLAPS) == []
        assert phone.evaluate(STATUS_CLEARANCE) >= 0
        phone.focus("#lb-plot")
        phone.keyboard.press("End")  # the longest status: a frontier model named in full
        reach(phone, "#lb-calculator")
        reach(phone, "#lb-fit")
        assert phone.evaluate(OVERLAPS) == []
        assert phone.evaluate(STATUS_CLEARANCE) >= 0
    finally:
        context.close()


#: Pixels between the end of the plot's status line (its last line of text) and the top of the
#: "Memory calculator" heading after it: negative when they overlap.
STATUS_CLEARANCE = """
() => {
  const status = document.querySelector("[data-role=plot-status]");
  const range = document.createRange();
  range.selectNodeContents(status);
  const rects = [...range.getClientRects(), status.getBoundingClientRect()];
  const end = Math.max(...rects.map(r => r.bottom));
  return document.getElementById("memory-calculator").getBoundingClientRect().top - end;
}
"""


#: Boxes that overlap on the explorer page: each block of the article (its visible parts
#: included, less what a scrolling box inside it hides) must end before the next begins, the
#: parts of each widget must not overlap one another, and the page must not be wider than the
#: screen.
OVERLAPS = """
() => {
  const shown = el => {  // checkVisibility: not inside a closed <details> either
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const clips = el => {
    const style = getComputedStyle(el);
    return style.overflowY !== "visible" || style.overflowX !== "visible";
  };
  function bottom(block) {
    let lowest = block.getBoundingClientRect().bottom;
    const walk = el => {
      for (const child of el.children) {
        if (!shown(child)) continue;
        lowest = Math.max(lowest, child.getBoundingClientRect().bottom);
        if (!clips(child)) walk(child);
      }
    };
    if (!clips(block)) walk(block);
    return lowest;
  }
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "");
  const problems = [];
  const blocks = [...document.querySelector("article").children].filter(shown);
  for (let i = 0; i + 1 < blocks.length; i++) {
    const end = bottom(blocks[i]), next = blocks[i + 1].getBoundingClientRect().top;
    if (end > next + 0.5) {
      const below = `${end - next}px below the top of ${name(blocks[i + 1])}`;
      problems.push(`${name(blocks[i])} ends ${below}`);
    }
  }
  const widgets = document.querySelectorAll("#lb-explorer, .lb-plot, #lb-calculator, #lb-fit");
  for (const widget of widgets) {
    const parts = [...widget.children].filter(shown).map(el => [el, el.getBoundingClientRect()]);
    for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        const [a, ra] = parts[i], [b, rb] = parts[j];
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 0.5 && h > 0.5) problems.push(`${name(a)} overlaps ${name(b)} in ${name(widget)}`);
      }
    }
  }
  if (document.documentElement.scrollWidth > innerWidth) {
    problems.push("the page is wider than the screen");
  }
  return problems;
}
"""


#: Elements whose own text says "average" or "flagged", with what explains it there: their
#: text, the tooltips on them or above them and the text their aria-describedby points to.
TERMS_SHOWN = """
() => {
  const found = [];
  for (const el of document.querySelectorAll("article *")) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("");
    const term = (own.match(/\\b(average|flagged)\\b/i) || [])[1];
    if (!term || el.closest("script, template")) continue;
    // A label's words describe its control; an option's, its list.
    const describedBy = node => (node.getAttribute("aria-describedby") || "").split(/\\s+/)
      .map(id => id && document.getElementById(id)).filter(Boolean)
      .map(t => t.textContent).join(" ");
    let titles = "", described = "";
    for (let node = el; node && node.tagName !== "ARTICLE"; node = node.parentElement) {
      titles += " " + (node.title || "");
      described += " " + describedBy(node);
      if (node.tagName === "LABEL" && node.control) described += " " + describedBy(node.control);
    }
    const line = el.closest("[id^=lb-term-]");  // the explanation itself
    found.push({
      term: term.toLowerCase(), text: el.textContent.trim().slice(0, 120), titles, described,
      line: line ? line.textContent : null,
    });
  }
  return found;
}
"""


def explained(item: dict) -> bool:
    """Whether a shown term is explained where it is: the average by its scale (in its own text,
    or in a tooltip and a described-by text), flagged by what it means (or by the reasons
    given right there)."""
    text, titles, described = item["text"], item["titles"], item["described"]
    if item["term"] == "average":
        scale = ("0 to 100", "of 100", "0–100")
        if item["line"] is not None:
            return "0 to 100" in item["line"] and "normalised" in item["line"]
        return any(s in text for s in scale) or ("0 to 100" in titles and "0 to 100" in described)
    meaning = "after a report of a problem"
    if item["line"] is not None:
        return meaning in item["line"]
    return ("flagged:" in text and text.split("flagged:", 1)[1].strip() != "") or (
        meaning in titles and meaning in described
    )


def test_average_and_flagged_are_explained_where_they_appear(page):
    """Wherever the explorer shows the leaderboard average or the word flagged, a tooltip says
    what it is, and so does a line of text on the page that screen readers reach through
    aria-describedby (the average's scale may instead be written right there)."""
    page.goto(f"{page.base}/leaderboard/explorer/")
    shown = page.evaluate(TERMS_SHOWN)  # the first view, built with the page
    assert any(i["text"].startswith("The 10 best models by average") for i in shown)
    open_explorer(page)
    page.fill("#lb-explorer [data-filter=search]", "Qwen/Qwen2.5-7B-Instruct")
    page.locator("#lb-plot").scroll_into_view_if_needed()
    page.wait_for_function("window.hfguideExplorer.plot !== null")
    box = page.locator("#lb-plot").bounding_box()
    point = page.evaluate("window.hfguideExplorer.plotPoint('frontier', 0)")
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    status = page.locator("[data-role=plot-status]")
    page.wait_for_function(
        f"document.querySelector('[data-role=plot-status]').textContent.startsWith({json.dumps(point['id'])})"
    )
    assert status.inner_text().endswith(" of 100")
    reach(page, "#lb-fit")
    page.wait_for_function("document.querySelectorAll('#lb-fit output li').length > 0")
    assert page.locator("#lb-fit output [data-role=left-out]").inner_text()  # "left out as flagged"
    shown += page.evaluate(TERMS_SHOWN)
    page.fill("#lb-fit [name=budget]", "1")
    page.locator("#lb-fit [name=include_left_out]").check()  # a flagged row with its reasons
    page.wait_for_function("document.querySelectorAll('#lb-fit output li .lb-doubt').length > 0")
    shown += page.evaluate(TERMS_SHOWN)
    assert {i["term"] for i in shown} == {"average", "flagged"}
    unexplained = [i for i in shown if not explained(i)]
    assert unexplained == [], json.dumps(unexplained, indent=1)
    # the explanations are text on the page, not only tooltips
    for term_id in ("lb-term-average", "lb-term-flagged"):
        assert page.locator(f"#{term_id}").is_visible()
    assert "0 to 100" in page.locator("#lb-term-average").inner_text()
    grid_header = page.locator(f"{HEADER}[data-field=average]")
    assert "0 to 100" in grid_header.get_attribute("title")
    assert grid_header.locator("button").get_attribute("aria-describedby") == "lb-term-average"
    flagged = page.locator("#lb-explorer [data-filter=flagged]")
    assert flagged.get_attribute("aria-describedby") == "lb-term-flagged"
    assert "0 to 100" in page.locator("#lb-plot").get_attribute("aria-label")
