"""The model finder in Chromium, as a reader uses it: two questions from the issue end in a
shortlist, the same one Python's planner gives; the state travels in the page address."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from hfguide import planner
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.pages import finder
from hfguide.pages.spec import PERMISSIVE_LICENSES
from tests.support.site import fill_form

RUN_PAGES = ["run/summarization.md", "run/text-generation.md"]


@pytest.fixture(scope="module")
def finder_rows():
    data = finder.finder_data(
        hub_models.read(), leaderboard.read(), model_configs.load(), RUN_PAGES
    )
    return [dict(zip(data["columns"], values, strict=True)) for values in data["rows"]]


def expected_shortlist(rows, *, task, commercial, lang, chat, gpu, context, limit=10):
    """The shortlist worked out in Python: filter, plan with the recorded shape, rank."""
    shapes = model_configs.load().shapes
    chosen = []
    for r in rows:
        if r["task"] != task or (chat and not r["chat"]):
            continue
        if commercial and (r["license"] or "").lower() not in PERMISSIVE_LICENSES:
            continue
        if lang and lang not in [str(x).lower() for x in r["languages"]]:
            continue
        shape = shapes.get(r["shape"]) if r["shape"] else None
        if shape is None and not r["params"]:
            continue
        if shape is not None and shape.context and context > shape.context:
            continue
        plan = planner.plan(shape=shape, params=r["params"], context=context, budget=gpu)
        if plan.fits is not False:
            chosen.append((0 if plan.fits else 1, r))
    chosen.sort(key=lambda c: (c[0], -(c[1]["score"] or -1), -(c[1]["downloads"] or 0), c[1]["id"]))
    return [r["id"] for _, r in chosen[:limit]]


def ask(page, **fields):
    page.wait_for_function("document.querySelector('#finder output').dataset.ready === '1'")
    return fill_form(page, "#finder", fields)


def shortlist(out) -> list[str]:
    return out.locator("ol.finder-shortlist > li").evaluate_all(
        "items => items.map(i => i.dataset.id)"
    )


def test_a_commercially_usable_english_summarizer_on_a_16_gb_gpu(page, finder_rows):
    page.goto(f"{page.base}/finder/")
    out = ask(page, task="summarization", licence="commercial", lang="en", gpu="16GB")
    got = shortlist(out)
    assert got, out.inner_text()
    assert got == expected_shortlist(
        finder_rows,
        task="summarization",
        commercial=True,
        lang="en",
        chat=False,
        gpu=16e9,
        context=4096,
    )
    first = out.locator("ol.finder-shortlist > li").first
    assert first.locator("a").first.get_attribute("href") == f"https://huggingface.co/{got[0]}"
    run = first.locator("a", has_text="run it").get_attribute("href")
    assert run == "../run/summarization/"
    assert "KV cache is unknown" in first.inner_text() or "Fits" in first.inner_text()
    page.goto(f"{page.base}/finder/{run}")
    assert "Summarization" in page.title() or page.locator("h1").count() == 1
    assert page.console_errors == []


def test_the_best_chat_model_for_24_gb_at_32k_context(page, finder_rows):
    page.goto(f"{page.base}/finder/")
    out = ask(page, task="text-generation", kind="chat", gpu="24GB", context="32k")
    got = shortlist(out)
    assert got, out.inner_text()
    expected = expected_shortlist(
        finder_rows,
        task="text-generation",
        commercial=False,
        lang="",
        chat=True,
        gpu=24e9,
        context=32768,
    )
    assert got == expected
    best = next(r for r in finder_rows if r["id"] == got[0])
    assert best["score"] is not None and best["shape"]
    first = out.locator("ol.finder-shortlist > li").first
    assert first.get_attribute("data-verdict") == "fits"
    assert "KV cache" in first.inner_text() and "leaderboard average" in first.inner_text()
    # The state is in the address: a reader can share it, and opening it gives the same list.
    query = parse_qs(urlsplit(page.url).query)
    assert query["task"] == ["text-generation"] and query["context"] == ["32k"]
    assert query["kind"] == ["chat"] and query["gpu"] == ["24GB"]
    page.goto(page.url)
    assert shortlist(ask(page)) == got


def test_unknown_sizes_are_said_not_guessed(page, finder_rows):
    page.goto(f"{page.base}/finder/?task=summarization")
    out = ask(page)
    unknown = [r for r in finder_rows if r["task"] == "summarization" and not r["params"]]
    assert unknown
    assert f"{len(unknown)} more match but their size is unknown" in out.inner_text()
    items = out.locator("ul.finder-unknown > li")
    assert items.count() == min(5, len(unknown))
    assert "Cannot tell: parameter count unknown." in items.first.inner_text()


def test_bad_input_is_one_clear_line(page):
    page.goto(f"{page.base}/finder/")
    out = ask(page, gpu="lots")
    assert out.inner_text() == "'lots' is not an amount of memory (try 24GB, 24GiB or 80)."
    out = ask(page, gpu="24GB", context="-4")
    assert out.inner_text() == "A context length must be positive, not -4."
