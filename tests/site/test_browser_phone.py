"""Every page with a widget on a 390 px phone, light and dark: nothing the reader sees is painted
over anything else, once every widget on the page has drawn its answer."""

from __future__ import annotations

import re

import pytest

from tests.support.layout import overlaps
from tests.support.site import PHONE, phone_tab

#: Widgets, by the element that holds each, and what a page shows once it has drawn it.
WIDGETS = {
    ".hfguide-table": (".hfguide-table .hfguide-count:not(:empty)",),
    "#finder": ("#finder output[data-ready]",),
    "#finder-model": ("#finder-model[data-ready]",),
    "#lb-explorer": ("#lb-explorer[data-ready]", "[data-role=plot-status]:not(:empty)"),
    "#lb-calculator": ("#lb-calculator[data-ready]",),
    "#lb-fit": ("#lb-fit[data-ready]",),
}


#: The opening tag of a widget's element, as the pages write it.
WIDGET_TAG = re.compile(
    r'<(?:div|form) (?:class="hfguide-table"|id="(?:finder|lb-explorer|lb-calculator|lb-fit)")'
)


def widget_pages(built_site) -> list[str]:
    """Every built page that holds a widget, as a path under the site ("" for home)."""
    found = []
    for html in sorted(built_site.rglob("index.html")):
        if WIDGET_TAG.search(html.read_text(encoding="utf-8")):
            relative = html.parent.relative_to(built_site).as_posix()
            found.append("" if relative == "." else relative + "/")
    return found


#: Scroll the page through, a screen at a time, as a reader would, letting a frame be drawn at
#: each stop: widgets that draw only when near the screen see it come.
SCROLL_THROUGH = """
async () => {
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await frame();
  }
  scrollTo(0, 0);
  await frame();
}
"""


def draw_every_widget(page) -> list[str]:
    """Scroll through the page (some widgets draw only near the screen) and wait until each
    widget on it says it is drawn; the widgets found."""
    present = [w for w in WIDGETS if page.locator(w).count()]
    page.evaluate(SCROLL_THROUGH)
    for widget in present:
        for drawn in WIDGETS[widget]:
            page.locator(drawn).first.wait_for(state="attached", timeout=60000)
    page.evaluate(SCROLL_THROUGH)  # what a widget added below itself
    return present


@pytest.fixture(params=["light", "dark"])
def phone(request, browser, site_server):
    with phone_tab(browser, site_server, request.param) as tab:
        yield tab


#: Open the explanation of every term the widgets show (terms.js), as a tap would; how many.
OPEN_EVERY_TERM = """
() => {
  const closed = [...document.querySelectorAll("button.hfguide-term[aria-expanded=false]")];
  closed.forEach(button => button.click());
  return closed.length;
}
"""

#: The pages with a widget, in groups (the model tables are every other page with a widget).
SINGLE_PAGES = {"finder": "finder/", "explorer": "leaderboard/explorer/"}
#: What else a group's page can show, as page addresses: the finder with flagged rows in.
VARIANTS = {"finder": ["finder/?flagged=1"]}


def every_other_row_gated(page) -> None:
    """Serve the finder's data with every other row gated, as records that carry the Hub's
    ``gated`` field make them (the committed records predate it): the gated line and its link
    are measured too."""

    def mark(route):
        data = route.fetch().json()
        gated = data["columns"].index("gated")
        for number, values in enumerate(data["rows"]):
            values[gated] = number % 2 == 0
        route.fulfill(json=data)

    page.route("**/planner/finder.json", mark)


@pytest.mark.parametrize("group", ["finder", "explorer", "model tables"])
def test_nothing_overlaps_on_a_phone(phone, built_site, group):
    every = widget_pages(built_site)
    others = [p for p in every if p not in SINGLE_PAGES.values()]
    pages = [SINGLE_PAGES[group], *VARIANTS.get(group, [])] if group in SINGLE_PAGES else others
    if group == "finder":
        every_other_row_gated(phone)
    assert set(SINGLE_PAGES.values()) <= set(every) and "models/text-classification/" in others
    found, measured = {}, 0
    for path in pages:
        phone.goto(f"{phone.base}/{path}")
        assert draw_every_widget(phone), path
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        result = overlaps(phone)
        measured += result["pieces"]
        if result["overlaps"]:
            found[path] = result["overlaps"]
        if group == "finder":  # the gated line and its link, flagged rows where asked for
            shown = " ".join(phone.locator("#finder ol.finder-shortlist > li").all_inner_texts())
            assert "gated: the Hub shares" in shown and "get access first" in shown, path
            assert ("flagged:" in shown) == ("flagged=1" in path), path
        if phone.evaluate(OPEN_EVERY_TERM):  # their explanations open in the flow, covering none
            opened = overlaps(phone)["overlaps"]
            if opened:
                found[f"{path} (terms open)"] = opened
    assert measured > 100 * len(pages)
    assert not found
    assert not phone.errors
