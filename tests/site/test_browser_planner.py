"""The memory planner in Chromium: memory.js runs the shared golden cases and must give what
Python gives, and the explorer's calculator shows the CLI's numbers for the same inputs."""

from __future__ import annotations

import pytest

from hfguide import planner
from hfguide.cli.memory import _amount as cli_amount
from hfguide.data import leaderboard, model_configs
from hfguide.queries.model_shapes import shape_for
from tests.support.memory_cases import CASES, expected_values
from tests.support.site import fill_form

RUN_CASE = """async (request) => {
  const spec = JSON.parse(document.getElementById("hfguide-spec").textContent);
  const m = window.hfguideMemory(spec.memory);
  const shapes = (await (await fetch("../../planner/shapes.json")).json()).shapes;
  try { return { result: m.estimate(request, shapes) }; }
  catch (e) { return { error: e.message, name: e.name }; }
}"""


@pytest.fixture
def explorer(page):
    page.goto(f"{page.base}/leaderboard/explorer/")
    page.wait_for_function("typeof window.hfguideMemory === 'function'")
    return page


def test_browser_runs_the_golden_cases_as_python_does(explorer):
    shapes = model_configs.load().shapes
    for case in CASES:
        got = explorer.evaluate(RUN_CASE, case["request"])
        if "error" in case:
            assert got.get("name") == "MemoryEstimateError", case["name"]
            with pytest.raises(planner.MemoryEstimateError) as python_error:
                planner.estimate(case["request"], shapes)
            assert got["error"] == str(python_error.value), case["name"]
            assert case["error"] in got["error"]
            continue
        assert "result" in got, (case["name"], got)
        result = got["result"]
        python = planner.estimate(case["request"], shapes)
        assert [t["key"] for t in result["terms"]] == [t["key"] for t in python["terms"]]
        for mine, theirs in zip(result["terms"], python["terms"], strict=True):
            assert mine["bytes"] == pytest.approx(theirs["bytes"], rel=1e-12), case["name"]
            assert mine["label"] == theirs["label"] and mine["note"] == theirs["note"]
        for key in ("total", "fits", "missing", "precision", "kvPrecision", "unit", "budget"):
            assert (
                result[key] == pytest.approx(python[key])
                if isinstance(python[key], float)
                else result[key] == python[key]
            ), (case["name"], key)
        assert result.get("maxContext") == python.get("maxContext"), case["name"]
        assert result.get("maxBatch") == python.get("maxBatch"), case["name"]
        values = expected_values(result)
        for key, value in case["expect"].items():
            assert (
                values[key] == pytest.approx(value)
                if isinstance(value, float)
                else values[key] == value
            ), (case["name"], key)
    assert explorer.console_errors == []


def calculator(page, **fields):
    form = "#lb-calculator"
    page.locator(form).scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelector('{form}').dataset.ready === '1'", timeout=30000)
    return fill_form(page, form, fields)


def test_calculator_shows_the_clis_numbers(explorer):
    """The issue's case: Llama-3.1-8B in bf16 at 128k — KV 17.18 GB = 16.00 GiB, as the CLI says."""
    out = calculator(
        explorer, model="meta-llama/Llama-3.1-8B", precision="bfloat16", context="128k", gpu="24GB"
    )
    shape = model_configs.load().shapes["meta-llama/Llama-3.1-8B"]
    expected = planner.plan(shape=shape, context=131072, budget=24e9)
    kv = out.locator("tr[data-term=kv]")
    assert float(kv.get_attribute("data-bytes")) == expected.term("kv")
    assert "17.18 GB" in kv.inner_text()
    total = out.locator("tr[data-term=total]")
    assert f"{expected.total / 1e9:,.2f} GB" in total.inner_text()
    assert "own config" in out.inner_text()
    assert out.locator("[data-role=fits]").inner_text() == "Does not fit in 24.00 GB."
    longest = planner.max_context(24e9, shape=shape)
    assert out.locator("[data-role=max-context]").get_attribute("data-tokens") == str(
        longest["tokens"]
    )
    assert out.locator("[data-role=max-batch]").inner_text() == (
        "Largest batch that fits at 131,072 tokens: none (not even one sequence)."
    )
    calculator(explorer, unit="GiB")
    assert "16.00 GiB" in out.locator("tr[data-term=kv]").inner_text()


def test_calculator_training_a_finetune_by_its_base(explorer):

    row = next(
        r
        for r in leaderboard.read().rows
        if r.get("base") == "Qwen/Qwen2.5-7B" and r["id"] not in model_configs.load().configs
    )
    out = calculator(explorer, model=row["id"], train="qlora", context="2k", gpu="16GB")
    assert "base model's config, Qwen/Qwen2.5-7B" in out.inner_text()
    expected = planner.plan(
        shape=model_configs.load().shapes["Qwen/Qwen2.5-7B"],
        train="qlora",
        context=2048,
        budget=16e9,
    )
    assert float(out.get_attribute("data-total")) == pytest.approx(expected.total, rel=1e-12)
    assert out.locator("tr[data-term=adapters]").count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"model": "-7B"}, "A parameter count must be positive"),
        ({"model": "seven"}, "'seven' is not a parameter count"),
        (
            {"model": "nobody/nothing"},
            "The Hub could not be reached for nobody/nothing; enter its size instead (like 7B)",
        ),
        ({"model": "7B", "gpu": "-2GB"}, "An amount of memory must be positive"),
        ({"model": "7B", "context": "lots"}, "'lots' is not a context length"),
        ({"model": "7B", "batch": "1.5"}, "A batch size is a whole number"),
    ],
)
def test_calculator_errors_are_one_line(explorer, fields, message):
    # A model id the site's data lacks is read from the Hub, which tests never reach: the browser
    # is told it is away (tests/site/test_browser_any_model.py reads from a replay Hub).
    explorer.route("https://huggingface.co/**", lambda route: route.abort())
    out = calculator(explorer, **{"gpu": "24GB", "context": "4k", "batch": "1", **fields})
    explorer.wait_for_function(
        "document.querySelector('#lb-calculator output').dataset.hub !== 'reading'"
    )
    assert out.inner_text().startswith(message), out.inner_text()
    assert "NaN" not in out.inner_text()


def test_size_only_says_what_it_cannot_know(explorer):
    out = calculator(explorer, model="7 B", precision="int4", gpu="8GB")
    text = out.inner_text()
    assert "3.50 GB" in text and "unknown" in text
    assert "the unknown ones could still decide it" in text


def test_explorer_rows_show_memory_at_the_chosen_context(explorer):
    explorer.focus("#lb-explorer [data-filter=search]")
    explorer.wait_for_function(
        "document.getElementById('lb-explorer').dataset.memoryColumn === '1'", timeout=30000
    )
    calculator(explorer, context="32k")
    explorer.fill("#lb-explorer [data-filter=search]", "Qwen/Qwen2.5-7B-Instruct")
    explorer.wait_for_function("window.hfguideExplorer.shownRows().length > 0")
    row = explorer.evaluate(
        "() => { const r = window.hfguideExplorer.shownRows()[0];"
        " const grid = document.querySelector('#lb-explorer [role=grid]');"
        " const cell = grid.querySelector('[role=row][aria-rowindex=\"2\"] [data-field=_memory]');"
        " const header = grid.querySelector('[role=columnheader][data-field=_memory]');"
        " return [r.id, r.precision, r.params, cell.textContent, header.textContent]; }"
    )
    model_id, precision_name, params, text, title = row
    mapped = shape_for(model_configs.load(), model_id, base="Qwen/Qwen2.5-7B")
    expected = planner.plan(
        shape=mapped[1], params=params * 1e9, precision_name=precision_name, context=32768
    )
    assert title == "Memory at 32,768 tokens (GB)"
    assert text == f"{expected.total / 1e9:.1f}"


#: Values as a page passes them: counts, tokens, parameters, and what a bad input could bring.
GROUPED_VALUES = [0, 7, 999, 1000, 4096, 131072, 1234567, -1234567, 7_000_000_000, 2**53 - 1]
GROUPED_VALUES += [2**53, 1e21, 1234.5678, 1.0005, -0.125, "NaN", "Infinity"]
#: Gigabytes to two decimals, among them decimal ties that are not ties in binary (1.005 is
#: 1.00499999...): the CLI's f"{:,.2f}" rounds the binary value, and so must the page.
GIGABYTES = [0, 1.005, 2.675, 12.344999, 999.995, 1234567.891, 80e9 / 1e9, 1 / 3, 15.9999]


def test_numbers_are_written_as_intl_and_the_cli_write_them(explorer):
    """memory.js groups whole numbers without Intl (a page's first Intl object costs tens of
    milliseconds): what it writes is what Intl.NumberFormat("en-US") writes, and its gigabytes
    are the CLI's."""
    got = explorer.evaluate(
        """([values, gigabytes]) => {
            const m = window.hfguideMemory(
                JSON.parse(document.getElementById("hfguide-spec").textContent).memory);
            const intl = new Intl.NumberFormat("en-US");
            return {
                grouped: values.map(v => [m.grouped(Number(v)), intl.format(Number(v))]),
                format: gigabytes.map(v => m.format(v * 1e9, "GB")),
            };
        }""",
        [GROUPED_VALUES, GIGABYTES],
    )
    for mine, intl in got["grouped"]:
        assert mine == intl
    assert [mine for mine, _ in got["grouped"][:7]] == [
        "0", "7", "999", "1,000", "4,096", "131,072", "1,234,567"
    ]  # fmt: skip
    assert got["format"] == [f"{cli_amount(v * 1e9, 'GB')} GB" for v in GIGABYTES]
    assert got["format"][1:3] == ["1.00 GB", "2.67 GB"]


#: Every Intl constructor and locale-aware method, counted when used.
COUNT_INTL = """(() => {
  window.intlUsed = [];
  const count = (owner, name) => {
    const real = owner[name];
    if (typeof real !== "function") return;
    owner[name] = new Proxy(real, {
      construct(target, args) {
        window.intlUsed.push(name);
        return Reflect.construct(target, args);
      },
      apply(target, self, args) {
        window.intlUsed.push(name);
        return Reflect.apply(target, self, args);
      },
    });
  };
  Object.getOwnPropertyNames(Intl).forEach(name => count(Intl, name));
  count(Number.prototype, "toLocaleString");
  count(String.prototype, "localeCompare");
  count(Date.prototype, "toLocaleString");
})()"""


@pytest.mark.parametrize(
    "path, ready",
    [
        ("finder/", "#finder output[data-ready]"),
        ("leaderboard/explorer/", "#lb-explorer[data-bound]"),
    ],
)
def test_pages_load_and_answer_without_intl(page, path, ready):
    """A page's first Intl object loads ICU's locale data, 25-60 ms on this machine's main
    thread: the finder makes none while it loads and answers, the explorer none while it loads
    (its planner made two)."""
    page.add_init_script(COUNT_INTL)
    page.goto(f"{page.base}/{path}")
    page.locator(ready).first.wait_for(state="attached")
    assert page.evaluate("window.intlUsed") == []
    # The counting works: a page that formats with Intl is seen doing it.
    page.evaluate("(1234).toLocaleString('en-US')")
    assert page.evaluate("window.intlUsed") == ["toLocaleString"]
    assert page.console_errors == []


#: Tick values of the explorer's plot: billions of parameters (log axis) and scores.
TICKS = [1e-6, 0.0001, 0.001, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 250, 1000]
TICKS += [2000, 12345, 0.123456, 33.333333, 99.95, 1e6]


def test_plot_ticks_are_written_as_intl_writes_them(explorer):
    """plot.js writes tick labels without Intl, as Intl's three significant digits would."""
    explorer.add_script_tag(url=f"{explorer.base}/assets/javascripts/plot.js")
    got = explorer.evaluate(
        """ticks => {
            const intl = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });
            return ticks.map(v => [window.hfguidePlot.tickLabel(v), intl.format(v)]);
        }""",
        TICKS,
    )
    for mine, intl in got:
        assert mine == intl
    assert got[-1][0] == "1,000,000"
