"""Rules that exist in Python and in the page scripts, held to one set of golden cases
(``tests/cases/*.json``) run here in Python and in Chromium against the built explorer."""

from __future__ import annotations

import json
import math

import pytest

from hfguide.pages.explorer import explorer_matches
from hfguide.pages.formats import fixed
from tests.support import ROOT
from tests.support.query_cases import CASES as QUERY_CASES
from tests.support.query_cases import ROWS as QUERY_ROWS
from tests.support.query_cases import named_part

NUMBER_CASES = json.loads((ROOT / "tests" / "cases" / "number-formats.json").read_text())["cases"]
EXPLORER = json.loads((ROOT / "tests" / "cases" / "explorer-cases.json").read_text())
SPECIAL_NUMBERS = {"NaN", "Infinity", "-Infinity"}


def case_value(value):
    return float(value) if value in SPECIAL_NUMBERS else value


def case_id(case: dict) -> str:
    return json.dumps({k: v for k, v in case.items() if k not in ("ids", "shown")})


@pytest.mark.parametrize("case", NUMBER_CASES, ids=case_id)
def test_python_formats_numbers_by_the_shared_cases(case):
    assert fixed(case_value(case["value"]), case["digits"]) == case["shown"]


@pytest.mark.parametrize("case", EXPLORER["filters"], ids=case_id)
def test_python_explorer_filter_by_the_shared_cases(case):
    assert [r["id"] for r in EXPLORER["rows"] if explorer_matches(r, case["state"])] == case["ids"]


def test_the_cases_cover_the_hard_values():
    """Non-finite numbers and the licence sentinel are among the cases."""
    values = [case_value(c["value"]) for c in NUMBER_CASES]
    assert any(isinstance(v, float) and math.isnan(v) for v in values)
    assert any(isinstance(v, float) and math.isinf(v) for v in values)
    assert any(c["state"].get("license") == "__none__" for c in EXPLORER["filters"])


@pytest.fixture
def explorer_rules(page):
    page.goto(f"{page.base}/leaderboard/explorer/")
    page.wait_for_function("window.hfguideExplorerRules !== undefined")
    return page


def test_browser_formats_numbers_by_the_shared_cases(explorer_rules):
    got = explorer_rules.evaluate(
        """cases => cases.map(c => {
            const special = ["NaN", "Infinity", "-Infinity"].includes(c.value);
            return window.hfguideExplorerRules.fmt(special ? Number(c.value) : c.value, c.digits);
        })""",
        NUMBER_CASES,
    )
    assert got == [c["shown"] for c in NUMBER_CASES]


def test_browser_explorer_filter_by_the_shared_cases(explorer_rules):
    got = explorer_rules.evaluate(
        """([rows, cases]) => cases.map(c => window.hfguideExplorerRules
            .matching(rows.map(r => Object.assign({}, r)), c.state)
            .map(r => r.id))""",
        [EXPLORER["rows"], EXPLORER["filters"]],
    )
    assert got == [c["ids"] for c in EXPLORER["filters"]]


def test_browser_runs_the_query_cases_as_python_does(explorer_rules):
    """query.js, as the explorer's "best model that fits" and the finder load it, answers every
    golden case of the one query as hfguide.queries.shortlist does."""
    got = explorer_rules.evaluate(
        """async ([rows, cases]) => {
            const spec = JSON.parse(document.getElementById("hfguide-spec").textContent);
            const q = window.hfguideQuery(spec.query, window.hfguideMemory(spec.memory));
            const shapes = (await (await fetch("../../planner/shapes.json")).json()).shapes;
            return cases.map(c => q.shortlist(rows, c.request, shapes));
        }""",
        [QUERY_ROWS, QUERY_CASES],
    )
    for case, answer in zip(QUERY_CASES, got, strict=True):
        assert named_part(answer) == case["expect"], case["name"]
    assert explorer_rules.console_errors == []


def test_the_finders_worker_runs_the_query_cases_as_python_does(page):
    """The finder asks its worker (finder-worker.js), which loads query.js itself: fed the golden
    cases' rows as the finder's data file holds them (in columns), it answers every case as
    hfguide.queries.shortlist does."""
    page.goto(f"{page.base}/finder/")
    columns = list(QUERY_ROWS[0])
    data = {"columns": columns, "rows": [[row[c] for c in columns] for row in QUERY_ROWS]}
    got = page.evaluate(
        """async ([data, cases]) => {
            const spec = JSON.parse(document.getElementById("hfguide-spec").textContent);
            const form = document.getElementById("finder");
            const worker = new Worker(new URL(form.dataset.worker, location.href));
            const replies = [];
            const done = new Promise((resolve, reject) => {
                worker.onerror = event => reject(new Error(event.message));
                worker.onmessage = event => {
                    if (event.data.type === "loaded") {
                        cases.forEach((c, id) =>
                            worker.postMessage({ type: "ask", id, request: c.request }));
                    } else {
                        replies[event.data.id] = event.data.error || event.data.answer;
                        if (replies.filter(r => r).length === cases.length) resolve(replies);
                    }
                };
            });
            const finder = new TextEncoder().encode(JSON.stringify(data)).buffer;
            const file = await fetch(new URL(form.dataset.shapes, location.href));
            const shapes = await file.arrayBuffer();
            const both = { memory: spec.memory, query: spec.query };
            worker.postMessage({ type: "data", spec: both, finder, shapes });
            const answers = await done;
            worker.terminate();
            return answers;
        }""",
        [data, QUERY_CASES],
    )
    for case, answer in zip(QUERY_CASES, got, strict=True):
        assert named_part(answer) == case["expect"], case["name"]
    assert page.console_errors == []
