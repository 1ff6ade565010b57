"""The whole site in headless Chromium: every page clean, search, navigation, dark mode, code
copy, 404."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support import ROOT


def site_pages(built_site) -> list[str]:
    """Every page of the build as a path under the site's base ("" for the home page)."""
    pages = []
    for html in sorted(built_site.rglob("index.html")):
        relative = html.parent.relative_to(built_site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return pages


def test_every_page_loads_clean_and_self_hosted(page, built_site):
    """No console error and no request leaving 127.0.0.1, on every page of the site."""
    pages = site_pages(built_site)
    assert len(pages) > 70
    problems = {}
    for path in pages:
        page.console_errors.clear()
        page.foreign_requests.clear()
        response = page.goto(f"{page.base}/{path}", wait_until="load")
        if response.status != 200 or page.console_errors or page.foreign_requests:
            problems[path] = (
                response.status,
                list(page.console_errors),
                list(page.foreign_requests),
            )
    assert not problems


@pytest.mark.parametrize("typed", ["after the index is ready", "while the index loads"])
def test_search_finds_a_task_page(page, typed):
    """Typed key by key, as a reader types (the theme searches on key events, not on a script
    setting the field), after the index is ready or while it is still on its way."""
    held = []
    index = "**/search/search_index.json"
    if typed == "while the index loads":
        page.route(index, lambda route: held.append(route))  # answered once the words are typed
    with page.expect_request(index):
        page.goto(f"{page.base}/")
    meta = page.locator(".md-search-result__meta")
    page.locator(".md-search__input").click()
    if typed == "while the index loads":
        expect(meta).to_have_text("Initializing search")
        assert len(held) == 1
    else:
        expect(meta).to_have_text("Type to start searching", timeout=60000)
    page.locator(".md-search__input").press_sequentially("token classification models")
    for request in held:
        request.continue_()
    hit = page.locator(".md-search-result__item a[href*='models/token-classification/']").first
    hit.wait_for(timeout=60000)  # the index is built in the browser: slow on a busy machine
    hit.click()
    page.wait_for_url("**/models/token-classification/**")
    assert page.locator("h1").inner_text().startswith("Token Classification models")
    assert not page.console_errors and not page.foreign_requests


def test_navigation_from_the_tabs_to_a_model_table(page):
    page.goto(f"{page.base}/")
    page.locator(".md-tabs__link", has_text="Tasks").click()
    page.wait_for_url("**/tasks/")
    page.locator("article .grid.cards a", has_text="Translation").first.click()
    page.wait_for_url("**/models/translation/")
    assert page.locator("#translation-downloads-table tbody tr").count() > 0
    page.go_back()
    page.wait_for_url("**/tasks/")
    assert not page.console_errors


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_dark_mode_toggles_and_is_remembered(page):
    page.goto(f"{page.base}/guide/")
    assert scheme(page) == "default"
    light_background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("label[title='Switch to dark mode']").click()
    assert scheme(page) == "slate"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light_background
    page.goto(f"{page.base}/tasks/")
    assert scheme(page) == "slate"
    shown = page.evaluate(
        "[...document.querySelectorAll('img')].filter(i => i.offsetParent).map(i => i.src)"
    )
    assert not any("#only-light" in src for src in shown)
    page.locator("label[title='Switch to light mode']").click()
    assert scheme(page) == "default"


def test_dark_mode_shows_the_dark_screenshots(page):
    page.goto(f"{page.base}/guide/choose-model/")
    page.locator("label[title='Switch to dark mode']").click()
    visible = page.evaluate(
        "[...document.querySelectorAll('article img')]"
        ".filter(i => getComputedStyle(i).display !== 'none').map(i => i.getAttribute('src'))"
    )
    assert visible and all(src.endswith("-dark.png#only-dark") for src in visible)


@pytest.fixture
def clipboard_page(browser, site_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_server.rsplit("/", 1)[0]
    )
    tab = context.new_page()
    tab.base = site_server
    yield tab
    context.close()


def test_code_copy_button_copies_the_snippet(clipboard_page):
    page = clipboard_page
    source = (ROOT / "docs" / "guide" / "run-model.md").read_text()
    snippet = re.search(r"```python\n(.*?)```", source, re.DOTALL).group(1)
    page.goto(f"{page.base}/guide/run-model/")
    block = page.locator("article .highlight").first
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == snippet.strip()


def test_missing_page_gets_our_404(page):
    response = page.goto(f"{page.base}/models/no-such-task/")
    assert response.status == 404
    # The browser reports the page's own 404 status; nothing else on it may fail.
    assert len(page.console_errors) == 1 and "404" in page.console_errors[0]
    page.console_errors.clear()
    assert page.title() == "Page not found · hfguide"
    assert page.locator("h1").inner_text() == "Page not found"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    )  # styled
    page.locator("article a", has_text="Follow the guide").click()
    page.wait_for_url("**/guide/")
    assert page.locator("h1").inner_text().startswith("The guide")
    assert not page.console_errors and not page.foreign_requests
