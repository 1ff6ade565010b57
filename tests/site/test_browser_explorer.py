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
from hfguide.pages.explorer import STATIC_ROWS
from hfguide.pages.spec import PERMISSIVE
from hfguide.queries import candidates
from hfguide.queries.shortlist import Request, shortlist
from tests.support.site import PiecewisePage


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.DataFrame(leaderboard.read(DEFAULT_LEADERBOARD).rows)


def open_explorer(page, **params):
    """Open the explorer; a plain visit starts the grid when the reader reaches for a control."""
    query = f"?{urlencode(params)}" if params else ""
    page.goto(f"{page.base}/leaderboard/explorer/{query}")
    if not params:
        assert page.locator("#lb-explorer table.lb-static tbody tr").count() == STATIC_ROWS
        page.focus("#lb-explorer [data-filter=q]")
    page.wait_for_function(
        "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=30000
    )


def reach(page, form: str) -> None:
    """Scroll a lazily set-up form into view and wait until it has computed its first answer."""
    page.locator(form).scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelector('{form} output').textContent.length > 0")


def shown(page) -> int:
    return page.evaluate("window.hfguideExplorer.table.getDataCount('active')")


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


def test_flagged_filter_and_text_search(page, frame):
    open_explorer(page)
    expect_count(page, int((~frame.flagged).sum()), len(frame))
    page.select_option("#lb-explorer [data-filter=flagged]", "")
    expect_count(page, len(frame), len(frame))
    page.fill("#lb-explorer [data-filter=q]", "qwen2 instruct")
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
        assert other.evaluate("window.hfguideExplorer.table.getDataCount('active')") == expected
        assert other.locator("#lb-explorer [data-filter=type]").input_value() == "chat"
        assert other.locator("#lb-explorer [data-filter=sort]").input_value() == "ifeval"
        first = other.evaluate("window.hfguideExplorer.table.getData('active')[0].id")
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
    header = page.locator(".tabulator-col[tabulator-field=average]")
    assert header.get_attribute("aria-sort") == "descending"  # the data arrives best first
    values = page.evaluate("window.hfguideExplorer.table.getData('active').map(r => r.average)")
    assert values == sorted(values, reverse=True)
    for key in ("average", "mmlu_pro", "co2"):
        for direction in ("desc", "asc"):
            page.select_option("#lb-explorer [data-filter=sort]", key)
            page.select_option("#lb-explorer [data-filter=dir]", direction)
            values = page.evaluate(
                f"window.hfguideExplorer.table.getData('active').map(r => r.{key})"
            )
            assert values == sorted(values, reverse=direction == "desc"), key
    page.locator(".tabulator-col[tabulator-field=gpqa] .tabulator-col-title").click()
    page.wait_for_function("location.search.includes('sort=gpqa')")
    values = page.evaluate("window.hfguideExplorer.table.getData('active').map(r => r.gpqa)")
    assert values in (sorted(values), sorted(values, reverse=True))


def test_column_chooser(page):
    open_explorer(page)
    assert not page.locator(".tabulator-col[tabulator-field=architecture]").is_visible()
    page.locator("#lb-explorer details.lb-columns summary").click()
    page.locator("#lb-explorer [data-role=column-chooser] input[value=architecture]").check()
    assert page.locator(".tabulator-col[tabulator-field=architecture]").is_visible()
    assert "cols=" in page.url and "architecture" in page.url
    page.locator("#lb-explorer [data-role=column-chooser] input[value=license]").uncheck()
    assert not page.locator(".tabulator-col[tabulator-field=license]").is_visible()
    page.reload()
    page.wait_for_function("document.getElementById('lb-explorer').dataset.ready === '1'")
    assert page.locator(".tabulator-col[tabulator-field=architecture]").is_visible()
    assert not page.locator(".tabulator-col[tabulator-field=license]").is_visible()


def test_model_names_link_to_the_hub(page):
    open_explorer(page, q="Qwen/Qwen2.5-7B-Instruct")
    link = page.locator(".tabulator-row a", has_text="Qwen/Qwen2.5-7B-Instruct").first
    assert link.get_attribute("href") == "https://huggingface.co/Qwen/Qwen2.5-7B-Instruct"


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
    assert not page.evaluate(
        "typeof Chart !== 'undefined'"
    )  # the chart code loads only when needed
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
    page.locator("#lb-plot").scroll_into_view_if_needed()
    box = page.locator("#lb-plot").bounding_box()
    point = page.evaluate(
        "(() => { const c = Chart.getChart('lb-plot'); const m = c.getDatasetMeta(1).data[0];"
        " return {x: m.x, y: m.y, id: c.data.datasets[1].data[0].id}; })()"
    )
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(
        f"document.querySelector('[data-role=plot-status]').textContent.startsWith({json.dumps(point['id'])})"
    )


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
    assert not page.evaluate("typeof Tabulator !== 'undefined' || typeof Chart !== 'undefined'")
    page.select_option("#lb-explorer [data-filter=type]", "chat")  # the first touch loads the grid
    page.wait_for_function("document.getElementById('lb-explorer').dataset.ready === '1'")
    expect_count(page, int(((frame.type == "chat") & ~frame.flagged).sum()), len(frame))
    assert "type=chat" in page.url


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
#: Resolves once the browser has laid out and painted what it has (the frame after next).
NEXT_FRAME = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


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
    return page.evaluate("Chart.getChart('lb-plot').data.datasets[1].data.map(p => p.id)")


def test_implausible_rows_stay_in_the_grid_marked_with_their_reason(page, frame):
    row = frame[frame.id == "darkc0de/BuddyGlass_v0.3_Xortron7MethedUpSwitchedUp"].iloc[0]
    reason = "; ".join(row.implausible)
    open_explorer(page)
    page.fill("#lb-explorer [data-filter=q]", "BuddyGlass_v0.3")
    page.wait_for_function("window.hfguideExplorer.table.getDataCount('active') === 1")
    mark = page.locator(".tabulator-row .lb-doubt").first
    assert mark.inner_text() == "⚠ implausible" and mark.get_attribute("title") == reason
    cell = page.locator(".tabulator-row .tabulator-cell[tabulator-field=implausible]").first
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
    listed = page.locator("#lb-explorer [data-role=doubt-list] li").evaluate_all(
        "items => items.map(i => [i.dataset.id, i.textContent])"
    )
    assert sorted(i for i, _ in listed) == sorted(expected.id)
    reasons = dict(zip(expected.id, expected.implausible, strict=True))
    for model_id, text in listed:
        assert text.endswith("; ".join(reasons[model_id]) + "."), model_id


def test_including_implausible_rows_puts_them_back_in_the_frontier(page, frame):
    open_explorer(page)
    page.locator("#lb-plot").scroll_into_view_if_needed()
    page.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart('lb-plot')")
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
