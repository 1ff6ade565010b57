"""The theme's colour palette: the build drops its rule that restyled every page as it loaded
(hfguide.site.palette), and switching schemes still fades nothing, in Chromium."""

from __future__ import annotations

import pytest

from hfguide.site.palette import drop_switching_rule
from tests.support.site import NEXT_FRAME

THEME_SHEET = (
    "[data-md-color-scheme=slate]{--md-hue:232}"
    "[data-md-color-switching] *,[data-md-color-switching] :after,"
    "[data-md-color-switching] :before{transition-duration:0s!important}"
    ".md-typeset{color:red}\n/*# sourceMappingURL=palette.0.min.css.map */"
)


def site_with(tmp_path, *sheets: str):
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    for i, text in enumerate(sheets):
        (folder / f"palette.{i}.min.css").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_switching_rule_is_dropped_and_nothing_else(tmp_path):
    site = site_with(tmp_path, THEME_SHEET)
    assert drop_switching_rule(site) is True
    sheet = site / "assets" / "stylesheets" / "palette.0.min.css"
    assert sheet.read_text() == (
        "[data-md-color-scheme=slate]{--md-hue:232}.md-typeset{color:red}\n"
        "/*# sourceMappingURL=palette.0.min.css.map */"
    )
    # A rebuild that kept the file (mkdocs serve) finds it done.
    assert drop_switching_rule(site) is False
    assert "switching" not in sheet.read_text()


@pytest.mark.parametrize(
    "sheets",
    [
        (),
        (THEME_SHEET, THEME_SHEET),
        ("[data-md-color-switching] *{transition:none}",),
    ],
    ids=["no sheet", "two sheets", "a rule of another form"],
)
def test_a_theme_this_code_does_not_know_stops_the_build(tmp_path, sheets):
    with pytest.raises(ValueError):
        drop_switching_rule(site_with(tmp_path, *sheets))


#: Records each transition the page starts: its property and its element's class.
COUNT_TRANSITIONS = """() => {
  window.transitionsRun = [];
  document.addEventListener("transitionrun",
    event => window.transitionsRun.push(event.propertyName + " " + event.target.className), true);
}"""


def test_switching_schemes_fades_nothing(page):
    """The page's style sheets hold no rule on the theme's switching mark (setting it restyled
    every element); a reader's switch of scheme still starts no transition, and leaves no mark."""
    page.goto(f"{page.base}/glossary/precision/")
    page.wait_for_function("document.body.dataset.mdColorScheme !== undefined")
    rules = page.evaluate(
        """() => [...document.styleSheets]
            .flatMap(sheet => [...sheet.cssRules])
            .map(rule => rule.selectorText || "")
            .filter(text => text.includes("data-md-color-switching"))"""
    )
    assert rules == []
    page.evaluate(COUNT_TRANSITIONS)
    for _ in range(2):  # to the other scheme and back
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        # Clicked from script: a mouse over the toggle would start its own hover transition.
        page.locator("form[data-md-component=palette] label:not([hidden])").evaluate(
            "l => l.click()"
        )
        page.wait_for_function(f"document.body.dataset.mdColorScheme !== {scheme!r}")
        page.evaluate(NEXT_FRAME)
        page.evaluate(NEXT_FRAME)
        assert page.evaluate("window.transitionsRun") == []
        page.wait_for_function("!document.documentElement.hasAttribute('data-hfguide-switching')")
    assert page.console_errors == []


@pytest.mark.parametrize(("reader", "expected"), [("light", "default"), ("dark", "slate")])
def test_the_page_is_in_the_readers_scheme_before_the_theme_script_runs(
    browser, site_server, reader, expected
):
    """With no palette chosen, the page's own markup and inline scripts put it in the scheme the
    reader's system asks for (overrides/main.html): with Material's bundle never loaded, the body
    carries that palette. Before, a dark reader's page was drawn light and switched, all of it,
    once the deferred bundle ran."""
    context = browser.new_context(color_scheme=reader)
    page = context.new_page()
    page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    try:
        for path in ("", "examples/compare-models/"):
            page.goto(f"{site_server}/{path}")
            page.wait_for_load_state("load")
            assert page.evaluate("document.body.dataset.mdColorScheme") == expected, path
    finally:
        context.close()
