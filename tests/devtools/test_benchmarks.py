"""Benchmarks record and check: the shared JSON/--check/--quick machinery, every benchmark script
in its quick mode (so none can rot), and the README's Measured table against the committed
results."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from hfguide.devtools import benchmarks
from tests.support import ROOT

SCRIPTS = ROOT / "scripts"


def fake_measure(value):
    def measure(rec, args):
        rec.samples("times_s", [0.5, value])
        rec.figure("worst_s", value)
        rec.goal(
            "Worst time",
            figure="worst_s",
            op="<=",
            target=1,
            goal="≤ 1 s",
            measured=f"{value} s",
        )

    return measure


def test_run_records_everything_and_checks_goals(tmp_path, capsys):
    argv = ["--results", str(tmp_path), "--check"]
    assert benchmarks.run("fake", "A fake benchmark.", fake_measure(0.8), argv=argv) == 0
    result = json.loads((tmp_path / "fake.json").read_text())
    assert result["benchmark"] == "fake" and result["quick"] is False
    assert len(result["git"]["commit"]) == 40 and isinstance(result["git"]["dirty"], bool)
    assert result["versions"]["hfguide"] and result["versions"]["python"]
    machine = result["machine"]
    assert machine["cores"] >= 1 and machine["memory_gb"] > 0 and machine["cpu_model"]
    assert len(machine["load_before"]) == len(machine["load_after"]) == 3
    assert result["date"][:2] == "20" and result["samples"] == {"times_s": [0.5, 0.8]}
    assert result["goals"] == [
        {
            "what": "Worst time",
            "figure": "worst_s",
            "op": "<=",
            "target": 1,
            "value": 0.8,
            "met": True,
            "goal": "≤ 1 s",
            "measured": "0.8 s",
        }
    ]
    # A missed goal fails with --check only, and says which goal.
    assert benchmarks.run("fake", "A fake benchmark.", fake_measure(1.2), argv=argv) == 1
    assert "MISSED: Worst time: 1.2 s (goal ≤ 1 s)" in capsys.readouterr().out
    argv = ["--results", str(tmp_path)]
    assert benchmarks.run("fake", "A fake benchmark.", fake_measure(1.2), argv=argv) == 0
    assert json.loads((tmp_path / "fake.json").read_text())["goals"][0]["met"] is False


def test_samples_by_name_are_kept_apart():
    rec = benchmarks.Recorder("fake", quick=True, settings={})
    rec.samples("frame_ms", {"sort": (7.5, 8.0), "search": [6.1]})
    rec.samples("frames", (1, 1, 1))
    assert rec.result["samples"] == {
        "frame_ms": {"sort": [7.5, 8.0], "search": [6.1]},
        "frames": [1, 1, 1],
    }


def test_quick_results_go_to_a_temporary_folder(capsys):
    assert benchmarks.run("fake-quick", "Fake.", fake_measure(0.1), argv=["--quick"]) == 0
    path = capsys.readouterr().out.strip().splitlines()[-1].removeprefix("Result: ")
    assert not (benchmarks.RESULTS_DIR / "fake-quick.json").exists()
    assert json.loads(open(path).read())["quick"] is True


def test_measured_table_from_results(tmp_path):
    for name, value, quick in (("lighthouse", 0.5, False), ("bench_hub", 2.5, False)):
        rec = benchmarks.Recorder(name, quick=quick, settings={})
        fake_measure(value)(rec, None)
        rec.note("median of 1 run | not 5")
        rec.finish()
        rec.write(tmp_path)
    rec = benchmarks.Recorder("bench_quick", quick=True, settings={})
    fake_measure(9)(rec, None)
    rec.finish()
    rec.write(tmp_path)
    table = benchmarks.measured_table(tmp_path)
    rows = [line for line in table.splitlines() if line.startswith("| Worst")]
    # The README's order, quick results left out, a missed goal marked.
    assert rows == [
        "| Worst time (`bench_hub.py`) | ≤ 1 s | 2.5 s | **no** |",
        "| Worst time (`lighthouse.py`) | ≤ 1 s | 0.5 s | yes |",
    ]
    assert "Median of 1 run \\| not 5." in table
    readme = f"intro\n{benchmarks.MEASURED_START}\nold table\n{benchmarks.MEASURED_END}\nrest\n"
    updated = benchmarks.readme_with_table(readme, table)
    assert updated.startswith("intro\n") and updated.endswith(f"{benchmarks.MEASURED_END}\nrest\n")
    assert "old table" not in updated and table in updated
    with pytest.raises(ValueError, match="no"):
        benchmarks.readme_with_table("no markers", table)


def test_readme_measured_table_is_generated_from_the_committed_results():
    results = benchmarks.load_results()
    assert {r["benchmark"] for r in results} == {
        "bench_hub",
        "bench_explorer",
        "bench_runner",
        "bench_harness",
        "lighthouse",
    }
    readme = benchmarks.README.read_text(encoding="utf-8")
    expected = benchmarks.readme_with_table(readme, benchmarks.measured_table())
    assert readme == expected, "README Measured table is stale: run python scripts/measured.py"


def run_quick(script: str, tmp_path, *extra: str, timeout: float = 900) -> dict:
    """Run a benchmark script in quick mode; its JSON result."""
    result = subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--quick", "--results", str(tmp_path), *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    recorded = json.loads((tmp_path / script.replace(".py", ".json")).read_text())
    assert recorded["quick"] is True and recorded["goals"] and recorded["samples"]
    for goal in recorded["goals"]:
        assert goal["value"] == recorded["figures"][goal["figure"]]
        assert isinstance(goal["met"], bool) and goal["goal"] and goal["measured"]
    return recorded


def goal_met(recorded: dict, what_starts: str) -> bool:
    (goal,) = [g for g in recorded["goals"] if g["what"].startswith(what_starts)]
    return goal["met"]


@pytest.mark.build
def test_bench_hub_quick(tmp_path):
    recorded = run_quick("bench_hub.py", tmp_path)
    assert recorded["figures"]["queries"] == 8
    assert recorded["figures"]["cold_requests"] > 0
    # Not a timing: a rebuild with a warm cache asks the Hub nothing.
    assert goal_met(recorded, "Warm-cache rebuild"), recorded["samples"]["warm_request_paths"]


@pytest.mark.browser
def test_bench_explorer_quick(tmp_path, built_site):
    recorded = run_quick("bench_explorer.py", tmp_path, "--site", str(built_site))
    assert recorded["figures"]["rows"] > 1000
    frame_ms = recorded["samples"]["frame_ms"]
    assert all(v > 0 and math.isfinite(v) for values in frame_ms.values() for v in values)
    assert set(frame_ms) == {
        "type",
        "size",
        "precision",
        "license",
        "merged",
        "flagged",
        "search",
        "sort",
        "dir",
        "columns",
    }
    # The host's speed is measured in the page before and after the interactions.
    workload = recorded["samples"]["host_workload_ms"]
    assert len(workload) == 10 and all(v > 0 and math.isfinite(v) for v in workload)
    assert recorded["figures"]["host_workload_ms"] > 0
    # Not a timing: the rows and the plot are drawn in the interaction's task, so the first
    # frame after it shows both.
    assert set(recorded["samples"]["frames"]) == {1}
    assert goal_met(recorded, "Explorer data shipped")


@pytest.mark.browser
def test_lighthouse_quick(tmp_path, built_site):
    recorded = run_quick("lighthouse.py", tmp_path, "--site", str(built_site))
    assert [g["figure"] for g in recorded["goals"]] == [
        f"home, {scheme} {category}"
        for category in ("performance", "accessibility", "best practices", "SEO")
        for scheme in ("light", "dark")
    ]
    assert recorded["versions"]["lighthouse"] and recorded["notes"]


@pytest.mark.model
def test_bench_runner_quick(tmp_path):
    recorded = run_quick("bench_runner.py", tmp_path, "--batch-size", "4", timeout=1800)
    figures = recorded["figures"]
    assert len(recorded["samples"]["letters loop per question s"]) == 8
    assert figures["letters loop peak MB"] > 100 and figures["letters batched peak MB"] > 100
    # Answers are not timings: batched answering must agree with the one-at-a-time loop.
    assert figures["embedding differing answers"] == 0
    assert 0 <= figures["letters differing answers"] <= 8
    # The letter scorer's goal is derived from the loop's own split of time: the loop's time
    # over its prompt-only time. Which of the two is longer is a timing, and on a busy machine
    # eight short questions can go either way, so only the derivation is checked.
    loop_s, prompt_s = figures["letters loop s"], figures["letters prompt-only loop s"]
    assert 0 < prompt_s and 0 < loop_s and math.isfinite(loop_s / prompt_s)
    (goal,) = [g for g in recorded["goals"] if g["figure"] == "letters speedup"]
    assert goal["target"] == figures["letters achievable speedup"]
    assert math.isclose(goal["target"], loop_s / prompt_s, rel_tol=0.01, abs_tol=0.01)


@pytest.mark.model
def test_bench_harness_quick(tmp_path):
    """lm-eval (installed on first use) and hfguide bench on the same 8 questions and prompts."""
    recorded = run_quick("bench_harness.py", tmp_path, timeout=2400)
    figures, samples = recorded["figures"], recorded["samples"]
    assert recorded["versions"]["lm_eval"] == "0.4.13"
    assert len(samples["lm_eval s"]) == len(samples["hfguide s"]) == 1
    assert figures["lm_eval peak MB"] > 300 and figures["hfguide peak MB"] > 300
    # Not a timing: both tools pick the same letter for every question.
    assert figures["differing answers"] == 0
    (same,) = [g for g in recorded["goals"] if g["figure"] == "differing answers"]
    assert same["met"] and same["measured"] == "8 of 8 the same"
    assert len(samples["answers (hfguide, lm_eval)"]) == 8
    assert all(pair[0] == pair[1] for pair in samples["answers (hfguide, lm_eval)"])
    # Where hfguide's time goes, per stage, and the arithmetic it did.
    stages = figures["hfguide stages s"]
    assert {"tokenize", "prefix", "forward", "score", "start-up, load and report"} <= set(stages)
    work = figures["hfguide work"]
    assert work["prefix_tokens"] == 24 and work["prompt_tokens"] > 8 * 100
    assert work["computed_tokens"] < work["prompt_tokens"]
    assert figures["hfguide forward GFLOP/s"] > 0 and figures["matmul GFLOP/s"] > 0
    assert any("GFLOP" in note for note in recorded["notes"])
