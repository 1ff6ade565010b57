"""Test tiers: a bare `pytest` runs the fast unit tier; every test has exactly one tier; the README
test command runs them all on every core."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.support import ROOT
from tests.support.tiers import TIERS


def collect(tmp_path, *args: str) -> dict:
    """What a `pytest` run with these arguments would run, and the tier of every collected test."""
    report = tmp_path / "tiers.json"
    env = {**os.environ, "HFGUIDE_TIER_REPORT": str(report)}
    env.pop("PYTEST_ADDOPTS", None)
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--collect-only",
        "-q",
        "-p",
        "tests.support.tier_report",
    ]
    result = subprocess.run(
        [*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(report.read_text())


@pytest.mark.build  # collects the whole suite in a second pytest
def test_bare_pytest_runs_the_unit_tier_and_each_test_has_one_tier(tmp_path):
    report = collect(tmp_path)
    assert report["markexpr"] == "unit"
    selected, deselected = report["selected"], report["deselected"]
    assert selected and deselected
    assert all(tiers == ["unit"] for tiers in selected.values())
    assert all(len(tiers) == 1 and tiers != ["unit"] for tiers in deselected.values())
    tier = {node: tiers[0] for node, tiers in {**selected, **deselected}.items()}
    assert set(tier.values()) == set(TIERS)
    # Spot checks of the rules, one per tier.
    assert tier[
        "tests/site/test_browser_site.py::test_navigation_from_the_tabs_to_a_model_table"
    ] == ("browser")
    assert (
        tier[
            "tests/site/test_build.py::test_offline_site_has_every_task_page_and_the_api_reference"
        ]
        == "build"
    )
    assert any(
        n.startswith("tests/docs/test_snippets.py::test_snippet[")
        for n, t in tier.items()
        if t == "model"
    )
    assert all(t == "notebook" for n, t in tier.items() if "test_notebook_runs_offline" in n)
    assert tier["tests/planner/test_plan.py::test_fits_uses_the_overhead"] == "unit"


@pytest.mark.build  # a second collection of the whole suite
def test_naming_a_file_runs_every_tier_in_it(tmp_path):
    report = collect(tmp_path, "tests/site/test_build.py")
    assert not report["deselected"]
    assert {tiers[0] for tiers in report["selected"].values()} == {"build"}


def test_the_test_command_runs_every_tier_on_every_core():
    script = (ROOT / "scripts" / "test.sh").read_text()
    pytest_call = re.search(r"python -m pytest (.*)", script).group(1)
    assert "-n auto" in pytest_call
    expression = re.search(r'-m "([^"]+)"', pytest_call).group(1)
    assert set(expression.split(" or ")) == set(TIERS)
