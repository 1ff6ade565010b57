"""The model finder in Chromium, as readers use it: the issue's questions end in the answer
Python's query gives for the same request (every fit, a page at a time; flagged rows out unless
asked; the filter that emptied a list named, with a link that applies the change); the state
travels in the page address."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.queries import candidates
from hfguide.queries.shortlist import PAGE_SIZE, Request, shortlist
from tests.support.site import fill_form


@pytest.fixture(scope="module")
def committed():
    recorded = model_configs.load()
    found = candidates.build(hub_models.read(), leaderboard.read(), recorded)
    return found.rows, recorded.shapes


def answer(committed, **request):
    rows, shapes = committed
    return shortlist(rows, Request(**request), shapes)


def ask(page, **fields):
    page.wait_for_function("document.querySelector('#finder output').dataset.ready === '1'")
    return fill_form(page, "#finder", fields)


def listed(out, selector="ol.finder-shortlist > li") -> list[str]:
    return out.locator(selector).evaluate_all("items => items.map(i => i.dataset.id)")


ISSUE = dict(task="text-generation", licence="permissive", chat=True, budget=12e9, context=8192)


def test_commercial_chat_at_12_gb_8k_nf4_lists_no_flagged_row_and_every_fit(page, committed):
    page.goto(f"{page.base}/finder/")
    out = ask(page, licence="permissive", kind="chat", gpu="12GB", context="8k", precision="nf4")
    expected = answer(committed, **ISSUE, precision="nf4")
    assert len(expected.fitting) > PAGE_SIZE and expected.pages > 1
    seen = []
    for number in range(1, expected.pages + 1):
        got = listed(out)
        assert (
            got == [i.row["id"] for i in expected.fitting][(number - 1) * PAGE_SIZE :][:PAGE_SIZE]
        )
        seen += got
        if number < expected.pages:
            page.locator("#finder .finder-pager button", has_text="Next").click()
            page.wait_for_function(
                f"document.querySelector('#finder ol.finder-shortlist').start === "
                f"{number * PAGE_SIZE + 1}"
            )
    assert len(seen) == len(expected.fitting)
    assert not [i for i in seen if "bnb" in i.lower()]
    assert f"{expected.flagged_out} more are flagged" in out.inner_text()
    # Each row's numbers are the calculator's: the same plan, term by term.
    page.goto(f"{page.base}/finder/")
    out = ask(page, licence="permissive", kind="chat", gpu="12GB", context="8k", precision="nf4")
    first = out.locator("ol.finder-shortlist > li").first
    item = expected.fitting[0]
    assert f"{item.plan.total / 1e9:,.2f} GB" in first.inner_text()
    # Flagged rows come back when asked for, and the box says how many.
    assert page.locator("[data-role=flagged-count]").inner_text() == f"({expected.flagged_out})"
    page.locator("#finder [name=flagged]").check()
    with_flagged = answer(
        committed, **ISSUE, precision="nf4", include_flagged=True, page_size=PAGE_SIZE
    )
    page.wait_for_function("!document.querySelector('#finder [data-role=flagged]')")
    assert listed(out) == [i.row["id"] for i in with_flagged.shown]
    assert page.console_errors == []


def test_a_language_that_empties_the_list_is_named_with_a_fix(page, committed):
    page.goto(f"{page.base}/finder/")
    out = ask(page, licence="permissive", kind="chat", gpu="12GB", context="8k", lang="de")
    expected = answer(committed, **ISSUE, language="de", precision="bfloat16")
    if expected.fitting:  # the data may hold a German chat model: then ask for Xhosa
        out = ask(page, lang="xh")
        expected = answer(committed, **ISSUE, language="xh", precision="bfloat16")
    assert expected.fitting == []
    assert "No model of this task fits these conditions." in out.inner_text()
    fix = out.locator("ul.finder-relaxations li[data-field=language]")
    assert "Without the language filter" in fix.inner_text()
    with page.expect_navigation():
        fix.locator("a").click()
    page.wait_for_function("document.querySelector('#finder output').dataset.ready === '1'")
    assert "lang" not in parse_qs(urlsplit(page.url).query)
    assert listed(page.locator("#finder output"))
    # Rows listing no language are shown apart, not dropped.
    assert expected.language_unknown
    page.go_back()
    out = ask(page)
    assert out.locator("ul.finder-unknown-language > li:not([hidden])").count() == min(
        20, len(expected.language_unknown)
    )


def test_spanish_text_classification_lists_encoders_with_no_kv_cache(page, committed):
    page.goto(f"{page.base}/finder/?task=text-classification&lang=es&gpu=12GB")
    out = ask(page)
    expected = answer(
        committed, task="text-classification", language="es", budget=12e9, context=512
    )
    assert listed(out) == [i.row["id"] for i in expected.shown]
    encoders = [i for i in expected.shown if i.row["kind"] == "encoder"]
    assert encoders
    entry = out.locator(f"li[data-id='{encoders[0].row['id']}']")
    assert "KV cache none (an encoder keeps none)" in entry.inner_text()
    assert "Accepts at most 512 tokens" in entry.inner_text()
    out = ask(page, context="4k")
    longer = answer(committed, task="text-classification", language="es", budget=12e9, context=4096)
    assert f"{longer.too_long} accept fewer tokens" in out.inner_text()


def test_sorts_and_the_address_give_the_same_answer(page, committed):
    page.goto(f"{page.base}/finder/")
    out = ask(page, kind="chat", gpu="24GB", context="32k", sort="newest")
    expected = answer(
        committed,
        task="text-generation",
        chat=True,
        budget=24e9,
        context=32768,
        precision="bfloat16",
        sort="newest",
    )
    got = listed(out)
    assert got == [i.row["id"] for i in expected.shown]
    assert expected.shown[0].row["score"] is None  # a newer model the leaderboard never scored
    query = parse_qs(urlsplit(page.url).query)
    assert query["context"] == ["32k"] and query["sort"] == ["newest"] and query["kind"] == ["chat"]
    page.goto(page.url)
    assert listed(ask(page)) == got


def test_run_it_links_the_recipe_that_fits_the_row(page, committed):
    page.goto(f"{page.base}/finder/?licence=permissive&kind=chat&gpu=12GB&precision=nf4")
    out = ask(page)
    first = out.locator("ol.finder-shortlist > li").first
    run = first.locator("a", has_text="run it").get_attribute("href")
    assert run in ("../run/gpu/", "../run/gguf/", "../run/text-generation/")


def test_unknown_sizes_are_said_not_guessed(page, committed):
    page.goto(f"{page.base}/finder/?task=summarization")
    out = ask(page)
    expected = answer(committed, task="summarization", budget=24e9, context=512)
    assert expected.unknown_size
    assert f"{len(expected.unknown_size)} more match but their size is unknown" in out.inner_text()
    assert (
        "Cannot tell: its size is unknown."
        in out.locator("ul.finder-unknown > li").first.inner_text()
    )


def test_bad_input_is_one_clear_line(page):
    page.goto(f"{page.base}/finder/")
    out = ask(page, gpu="lots")
    assert out.inner_text() == "'lots' is not an amount of memory (try 24GB, 24GiB or 80)."
    out = ask(page, gpu="24GB", context="-4")
    assert out.inner_text() == "A context length must be positive, not -4."
