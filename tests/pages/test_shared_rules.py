"""Rules that exist in Python and in the page scripts, held to one set of golden cases
(``tests/cases/*.json``) run here in Python and in Chromium against the built explorer."""

from __future__ import annotations

import json
import math

import pytest

from hfguide.pages.explorer import explorer_matches
from hfguide.pages.formats import fixed
from hfguide.queries.best_fit import best_that_fit
from tests.support import ROOT

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


@pytest.mark.parametrize("case", EXPLORER["bestFit"], ids=case_id)
def test_python_best_that_fit_by_the_shared_cases(case):
    found = best_that_fit(
        EXPLORER["rows"],
        budget_gb=case["budget"],
        licences=[case["license"]] if case["license"] else None,
        permissive=case.get("permissive", False),
        model_type=case["type"] or None,
        merges=not case.get("noMerges", False),
        include_flagged=case.get("include", False),
    )
    assert [r["id"] for r in found.rows] == case["ids"]
    assert found.left_out == case["leftOut"]


def test_the_cases_cover_the_tricky_corners():
    """Ties, non-finite numbers, the licence sentinel and rows that fit no budget are in."""
    values = [case_value(c["value"]) for c in NUMBER_CASES]
    assert any(isinstance(v, float) and math.isnan(v) for v in values)
    assert any(isinstance(v, float) and math.isinf(v) for v in values)
    assert any(c["state"].get("license") == "__none__" for c in EXPLORER["filters"])
    assert any(c["license"] == "__none__" for c in EXPLORER["bestFit"])
    listed = {i for c in EXPLORER["bestFit"] for i in c["ids"]}
    assert {"f/odd-precision", "g/no-size"}.isdisjoint(listed)
    plain = [c for c in EXPLORER["bestFit"] if not c.get("include")]
    assert {"d/flagged-70b", "j/phi-4-bnb-4bit"}.isdisjoint(i for c in plain for i in c["ids"])
    assert any(c.get("include") and "j/phi-4-bnb-4bit" in c["ids"] for c in EXPLORER["bestFit"])
    assert any(c.get("permissive") for c in EXPLORER["bestFit"])
    assert any(c.get("noMerges") for c in EXPLORER["bestFit"])


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
        """([rows, cases]) => cases.map(c => rows
            .map(r => Object.assign({}, r))
            .filter(r => window.hfguideExplorerRules.matches(r, c.state))
            .map(r => r.id))""",
        [EXPLORER["rows"], EXPLORER["filters"]],
    )
    assert got == [c["ids"] for c in EXPLORER["filters"]]


def test_browser_best_that_fit_by_the_shared_cases(explorer_rules):
    got = explorer_rules.evaluate(
        """([rows, cases]) => cases.map(c => {
            const found = window.hfguideExplorerRules.bestThatFit(rows, {
                budget: c.budget, type: c.type, noMerges: Boolean(c.noMerges),
                includeLeftOut: Boolean(c.include),
                licence: c.permissive ? "__permissive__" : c.license,
            });
            return [found.rows.map(r => r.id), found.leftOut];
        })""",
        [EXPLORER["rows"], EXPLORER["bestFit"]],
    )
    assert got == [[c["ids"], c["leftOut"]] for c in EXPLORER["bestFit"]]
    assert explorer_rules.console_errors == []
