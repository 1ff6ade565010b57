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
from tests.support.site import fill_form, finder_answer, gated_in_finder_data


@pytest.fixture(scope="module")
def committed():
    recorded = model_configs.load()
    found = candidates.build(hub_models.read(), leaderboard.read(), recorded)
    return found.rows, recorded.shapes


def answer(committed, **request):
    rows, shapes = committed
    return shortlist(rows, Request(**request), shapes)


def ask(page, **fields):
    """Fill the finder's form as a reader would; its output once it answers these inputs."""
    finder_answer(page)
    fill_form(page, "#finder", fields)
    return finder_answer(page)


def listed(out, selector="ol.finder-shortlist > li") -> list[str]:
    return out.locator(selector).evaluate_all("items => items.map(i => i.dataset.id)")


ISSUE = dict(task="text-generation", licence="permissive", chat=True, budget=12e9, context=8192)


def test_entries_out_of_view_are_rendered_only_when_scrolled_to(page):
    page.goto(f"{page.base}/finder/")
    out = ask(page, licence="permissive", kind="chat", gpu="12GB", context="8k", precision="nf4")
    skipped = out.locator("ol.finder-shortlist > li").evaluate_all(
        "items => items.map(i => getComputedStyle(i).contentVisibility)"
    )
    assert skipped and set(skipped) == {"auto"}


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
    # Ticked, the box still says how many it adds.
    assert page.locator("[data-role=flagged-count]").inner_text() == f"({expected.flagged_out})"
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
    # The link leads to the answer, not to the top of the form above it.
    assert urlsplit(page.url).fragment == "finder-answer"
    top = page.evaluate("document.getElementById('finder-answer').getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
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
        committed,
        task="text-classification",
        language="es",
        budget=12e9,
        context=512,
        sort="downloads",  # a task the leaderboard does not score lists by downloads
    )
    assert page.input_value("#finder [name=sort]") == "downloads"
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


def test_the_order_follows_the_task_until_the_reader_chooses_one(page, committed):
    """Only text generation has leaderboard scores: another task lists by downloads, until the
    reader picks an order, which then stays."""
    page.goto(f"{page.base}/finder/")
    out = ask(page, task="automatic-speech-recognition")
    assert page.input_value("#finder [name=sort]") == "downloads"
    expected = answer(committed, task="automatic-speech-recognition", context=512, budget=24e9)
    by_downloads = answer(
        committed, task="automatic-speech-recognition", context=512, budget=24e9, sort="downloads"
    )
    assert (
        listed(out)
        == [i.row["id"] for i in by_downloads.shown]
        != [i.row["id"] for i in expected.shown]
    )
    assert page.input_value("#finder [name=sort]") == "downloads"
    out = ask(page, task="text-generation")
    assert page.input_value("#finder [name=sort]") == "score"
    out = ask(page, sort="newest", task="translation")
    assert page.input_value("#finder [name=sort]") == "newest"


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


def test_an_input_waits_for_its_own_answer(page, committed):
    """The worker answers while the page stays free: an input takes ``data-ready`` off the output
    at once and the answer to that input puts it back; a newer input wins over an older one in
    flight; the old answer stays until the new one replaces it (the output is never emptied), and
    a "Finding models…" a slow answer showed goes with it."""
    page.goto(f"{page.base}/finder/")
    out = finder_answer(page)
    page.evaluate(
        """() => {
            const out = document.querySelector('#finder output');
            window.finderSeen = { empty: 0, readyAfterInput: [] };
            new MutationObserver(() => { if (!out.childNodes.length) window.finderSeen.empty++; })
                .observe(out, { childList: true });
            // Runs after the finder's own input handler (on the form): is the old answer still
            // marked as the current one?
            document.addEventListener("input", () =>
                window.finderSeen.readyAfterInput.push(out.hasAttribute("data-ready")));
        }"""
    )
    gpu = page.locator("#finder [name=gpu]")
    for typed in ("8GB", "80GB", "12GB"):  # each fill asks anew; only the last one's answer shows
        gpu.fill(typed)
    finder_answer(page)
    assert page.evaluate("window.finderSeen.readyAfterInput") == [False, False, False]
    expected = answer(committed, task="text-generation", budget=12e9, context=4096)
    assert listed(out) == [i.row["id"] for i in expected.shown]
    assert f"{len(expected.fitting):,} fit in 12.00 GB" in out.inner_text()
    assert out.get_attribute("aria-busy") is None
    assert page.evaluate("window.finderSeen.empty") == 0
    # The same state again (a field losing focus fires "change") asks nothing new.
    page.locator("#finder [name=context]").focus()
    assert out.get_attribute("data-ready") == "1"
    assert page.locator("#finder output [data-role=pending]").count() == 0
    assert page.console_errors == []


def test_bad_input_is_one_clear_line(page):
    page.goto(f"{page.base}/finder/")
    out = ask(page, gpu="lots")
    assert out.inner_text() == "'lots' is not an amount of memory (try 24GB, 24GiB or 80)."
    out = ask(page, gpu="24GB", context="-4")
    assert out.inner_text() == "A context length must be positive, not -4."


def page_holding(committed, model_id, **request):
    """The page of the answer (1, 2, ...) that lists ``model_id``, and its item."""
    first = answer(committed, **request)
    for number in range(1, first.pages + 1):
        for item in answer(committed, **request, page=number).shown:
            if item.row["id"] == model_id:
                return number, item
    raise AssertionError(f"{model_id} is not listed for {request}")


def follow_run_it(page, query, model_id):
    """Open the finder with ``query``, click the row's "run it" link; the page it opens."""
    page.goto(f"{page.base}/finder/?{query}")
    ask(page)
    row = page.locator(f"#finder ol.finder-shortlist > li[data-id='{model_id}']")
    with page.expect_navigation():
        row.locator("a", has_text="run it").click()
    return page


def code_blocks(page) -> list[str]:
    return page.locator("article pre code").evaluate_all("els => els.map(e => e.textContent)")


def test_a_14b_row_at_4_bits_leads_to_loading_code_for_it(page, committed):
    request = dict(task="text-generation", budget=16e9, precision="nf4", context=4096)
    fourteen = [
        i for i in answer(committed, **request).shown if 13e9 <= (i.row["params"] or 0) <= 15e9
    ]
    assert fourteen, "a 14 B model fits 16 GB at 4 bits"
    model_id = fourteen[0].row["id"]
    follow_run_it(page, "gpu=16GB&precision=nf4", model_id)
    assert page.url.endswith("/run/gpu/")
    code = "\n".join(code_blocks(page))
    assert 'bnb_4bit_quant_type="nf4"' in code and "bnb_4bit_use_double_quant=True" in code
    assert 'device_map="auto"' in code
    # The memory table holds the planner's figures for a 14 B model at 4 bits.
    assert "microsoft/phi-4" in page.locator("article table").first.inner_text()
    assert page.console_errors == []


def test_a_gguf_row_leads_to_transformers_loading_a_gguf_file(page, committed):
    request = dict(task="text-generation", budget=24e9, precision="bfloat16", sort="downloads")
    ggufs = [
        r["id"]
        for r in committed[0]
        if "GGUF" in r["formats"] and r["task"] == "text-generation" and not r["flagged"]
    ]
    found = None
    for model_id in ggufs:
        try:
            found = (model_id, *page_holding(committed, model_id, **request))
            break
        except AssertionError:
            continue
    assert found, "a GGUF repository is listed"
    model_id, number, item = found
    query = "gpu=24GB&precision=bfloat16&sort=downloads" + (f"&page={number}" if number > 1 else "")
    follow_run_it(page, query, model_id)
    assert page.url.endswith("/run/gguf/")
    code = "\n".join(code_blocks(page))
    assert "gguf_file=gguf_file" in code and "The capital of France is Paris." in code
    assert page.locator("article table").first.locator("th").first.inner_text() == "Format"


def test_a_gated_row_leads_to_code_for_getting_access(page, committed):
    model_id = "meta-llama/Llama-3.1-8B-Instruct"  # gated on the Hub (Meta's licence)
    request = dict(task="text-generation", budget=24e9, precision="bfloat16", sort="downloads")
    number, item = page_holding(committed, model_id, **request)
    gated_in_finder_data(page, model_id)
    page.goto(f"{page.base}/finder/?gpu=24GB&precision=bfloat16&sort=downloads&page={number}")
    ask(page)
    row = page.locator(f"#finder ol.finder-shortlist > li[data-id='{model_id}']")
    assert "gated: the Hub shares its files only after you accept its terms" in row.inner_text()
    others = page.locator(f"#finder ol.finder-shortlist > li:not([data-id='{model_id}'])")
    assert others.count() > 0 and others.locator("a", has_text="get access first").count() == 0
    with page.expect_navigation():
        row.locator("a", has_text="get access first").click()
    assert page.url.endswith("/run/gated/")
    code = "\n".join(code_blocks(page))
    assert "GatedRepoError" in code and 'hf_hub_download("meta-llama/Llama-3.1-8B"' in code
    assert "HF_TOKEN" in code and "hf auth login" in page.locator("article").inner_text()
    assert page.console_errors == []


def test_a_gated_rows_run_page_leads_to_getting_access_too(page, committed):
    model_id = "meta-llama/Llama-3.1-8B-Instruct"
    request = dict(task="text-generation", budget=24e9, precision="bfloat16", sort="downloads")
    number, item = page_holding(committed, model_id, **request)
    query = "gpu=24GB&precision=bfloat16&sort=downloads" + (f"&page={number}" if number > 1 else "")
    follow_run_it(page, query, model_id)
    assert page.url.endswith("/run/gpu/")
    with page.expect_navigation():
        page.locator("article a", has_text="gated models").first.click()
    assert page.url.endswith("/run/gated/")
    assert page.console_errors == []
