"""The words the widgets show, explained where they stand: on a phone a tap opens the
explanation under the term (and closes it), a mouse shows it as a tooltip, a screen reader hears
it as the term's description; every explanation is the one `hfguide.pages.terms` holds, and its
"More on …" link leads to a page and heading of the site."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from hfguide.pages.terms import TERMS
from tests.support.site import fill_form, gated_in_finder_data, phone_tab


@pytest.fixture
def phone(browser, site_server):
    with phone_tab(browser, site_server) as tab:
        yield tab


def check_term(page, term, key: str, built_site) -> None:
    """``term`` (a ``.hfguide-term-box``) explains ``key``: as a tooltip, as a description, and
    under the term after a tap, closed again by a second tap."""
    meaning = TERMS[key].meaning
    button = term.locator("button.hfguide-term")
    note = term.locator(".hfguide-term-note")
    assert button.get_attribute("title") == meaning
    more_text = f"More on {TERMS[key].name}"  # words that say where the link leads (not "More")
    expect(button).to_have_accessible_description(f"{meaning} {more_text}")
    expect(note).to_be_hidden()
    button.tap()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(note).to_be_visible()
    assert note.inner_text() == f"{meaning} {more_text}"
    below = (
        note.bounding_box()["y"]
        >= button.bounding_box()["y"] + 0.5 * button.bounding_box()["height"]
    )
    assert below  # under the term, in the text's flow: nothing is covered
    more = urlsplit(note.locator("a").get_attribute("href"))
    target = built_site / more.path.removeprefix(urlsplit(page.base).path).lstrip("/")
    assert f'id="{more.fragment}"' in (target / "index.html").read_text(encoding="utf-8")
    button.tap()
    expect(note).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")


def term_named(page, scope: str, text: str):
    return page.locator(f"{scope} .hfguide-term-box", has=page.locator("button", has_text=text))


def test_the_finder_explains_average_flagged_shape_and_kv_cache(phone, built_site):
    phone.goto(f"{phone.base}/finder/?flagged=1")
    phone.locator("#finder output[data-ready]").wait_for()
    entries = phone.locator("#finder ol.finder-shortlist > li")
    assert entries.count() > 5
    first = entries.first
    check_term(
        phone, term_named(phone, "#finder li", "leaderboard average").first, "average", built_site
    )
    assert "of 100" in first.inner_text()
    flagged = phone.locator("#finder li", has=phone.locator("button", has_text="flagged")).first
    check_term(phone, term_named(phone, "#finder li", "flagged").first, "flagged", built_site)
    assert ": " in flagged.inner_text().split("flagged", 1)[1]  # the reasons follow the term
    check_term(phone, term_named(phone, "#finder li", "Shape").first, "shape", built_site)
    check_term(phone, term_named(phone, "#finder li", "KV cache").first, "kv-cache", built_site)
    # Every entry explains its score and its shape where it shows them.
    for item in entries.all():
        text = item.inner_text()
        if " of 100" in text:
            assert item.locator("button", has_text="leaderboard average").count() == 1
        if "Shape:" in text:
            assert item.locator("button", has_text="Shape").count() == 1
    assert not phone.errors


def test_a_gated_row_explains_gated(phone, built_site):
    model_id = "meta-llama/Llama-3.1-8B-Instruct"
    gated_in_finder_data(phone, model_id)
    phone.goto(f"{phone.base}/finder/?gpu=24GB&precision=bfloat16&sort=downloads")
    phone.locator("#finder output[data-ready]").wait_for()
    row = phone.locator(f"#finder ol.finder-shortlist > li[data-id='{model_id}']")
    assert "gated: the Hub shares its files only after you accept its terms" in row.inner_text()
    check_term(
        phone, term_named(phone, f"#finder li[data-id='{model_id}']", "gated"), "gated", built_site
    )
    assert row.locator("a", has_text="get access first").count() == 1
    others = phone.locator(f"#finder ol.finder-shortlist > li:not([data-id='{model_id}'])")
    assert others.count() > 0 and others.locator("button", has_text="gated").count() == 0
    assert not phone.errors


def test_the_checked_model_explains_its_shape(phone, built_site):
    phone.goto(f"{phone.base}/finder/")
    phone.locator("#finder-model[data-ready]").wait_for()
    out = fill_form(phone, "#finder-model", {"model": "meta-llama/Llama-3.1-8B"})
    phone.locator("#finder-model [name=model]").press("Enter")
    out.locator("[data-verdict]").wait_for()
    check_term(phone, term_named(phone, "#finder-model", "shape").first, "shape", built_site)
    check_term(phone, term_named(phone, "#finder-model", "KV cache").first, "kv-cache", built_site)
    assert not phone.errors


def test_the_calculator_explains_shape_kv_cache_and_sliding_windows(phone, built_site):
    phone.goto(f"{phone.base}/leaderboard/explorer/")
    phone.locator("#lb-calculator").scroll_into_view_if_needed()
    phone.locator("#lb-calculator[data-ready]").wait_for()
    out = fill_form(phone, "#lb-calculator", {"model": "google/gemma-2-9b"})
    kv = out.locator("tr[data-term=kv]")
    expect(kv).to_contain_text("of 4,096 tokens on 21 of 42 layers")  # gemma-2-9b's plan
    assert "sliding window of 4,096 tokens on 21 of 42 layers" in kv.inner_text()
    check_term(phone, term_named(phone, "#lb-calculator", "shape").first, "shape", built_site)
    check_term(phone, kv.locator(".hfguide-term-box").first, "kv-cache", built_site)
    check_term(
        phone,
        term_named(phone, "#lb-calculator", "sliding window").first,
        "sliding-window",
        built_site,
    )
    assert not phone.errors


def test_a_mouse_and_the_keyboard_reach_the_same_words(page):
    page.goto(f"{page.base}/finder/")
    page.locator("#finder output[data-ready]").wait_for()
    term = term_named(page, "#finder li", "leaderboard average").first
    button = term.locator("button")
    button.focus()
    page.keyboard.press("Enter")
    expect(term.locator(".hfguide-term-note")).to_be_visible()
    page.keyboard.press("Space")
    expect(term.locator(".hfguide-term-note")).to_be_hidden()
    button.hover()
    assert button.get_attribute("title") == TERMS["average"].meaning  # the tooltip
    assert not page.console_errors
