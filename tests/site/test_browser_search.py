"""The site search finds the page a reader wants: readers' words typed into the real search box of
the built site, in Chromium, and the first result read from the rendered list.

The theme searches in a web worker, once per key typed; the page below counts the queries it
sends and the answers it gets, so a result is read only once the worker has answered the whole
word, not a prefix of it."""

from __future__ import annotations

import pytest

from tests.support.site import NEXT_FRAME

#: A reader's words and the page that should come first: the guide, run and glossary pages, not
#: the API reference; both spellings of a word; and API names, which find their reference page.
WANTED = {
    "whisper": "run/automatic-speech-recognition/",
    "license": "guide/choose-model/#licence",
    "licence": "guide/choose-model/#licence",
    "quantization": "run/gpu/",
    "quantisation": "run/gpu/",
    "4-bit": "run/gpu/",
    "gated": "run/gated/",
    "GGUF": "run/gguf/",
    "sentiment": "models/text-classification/",
    "HubClient": "reference/hfguide.hub.client/",
    "license_from_tags": "reference/hfguide.data.hub_models.records/",
}

COUNT_SEARCHES = """
(() => {
  const Native = window.Worker;
  window.__searches = {sent: 0, answered: 0};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => window.__searches.answered++);
    }
    postMessage(...args) {
      window.__searches.sent++;
      return super.postMessage(...args);
    }
  };
})();
"""


@pytest.fixture(scope="module")
def search(browser, site_server):
    """The home page with the search box open and the index ready, shared by this module's
    tests (the browser builds the index once)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.add_init_script(COUNT_SEARCHES)
    tab.goto(f"{site_server}/")
    tab.base = site_server
    tab.locator(".md-search__input").click()
    tab.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(
        timeout=60000  # the index is built in the browser: slow on a busy machine
    )
    yield tab
    context.close()


def first_result(tab, words: str) -> list[str]:
    """Type ``words`` key by key into the search box; the links of the first result (its page,
    then its sections), as paths under the site."""
    box = tab.locator(".md-search__input")
    box.fill("")
    tab.locator(".md-search-result__meta", has_text="Type to start searching").wait_for()
    box.press_sequentially(words)
    tab.wait_for_function(
        "window.__searches.sent > 0 && window.__searches.sent === window.__searches.answered",
        timeout=60000,
    )
    tab.locator(".md-search-result__meta", has_text="matching document").wait_for()
    tab.evaluate(NEXT_FRAME)
    return (
        tab.locator(".md-search-result__list > li")
        .first.locator("a")
        .evaluate_all(
            """(links, base) => links.map(a => {
          const url = new URL(a.href);
          return url.pathname.slice(new URL(base).pathname.length + 1) + url.hash;
        })""",
            tab.base,
        )
    )


@pytest.mark.parametrize("words", WANTED)
def test_search_finds_the_page_a_reader_wants(search, words):
    wanted = WANTED[words]
    links = first_result(search, words)
    assert links, words
    page, _, section = wanted.partition("#")
    assert links[0].split("#")[0] == page, (words, links)
    if section:  # the section the words are about, among the first result's sections
        assert f"{page}#{section}" in links, (words, links)
    assert search.locator(".md-search__input").input_value() == words
    assert not search.errors
