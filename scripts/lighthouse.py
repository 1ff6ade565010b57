"""Lighthouse (mobile) scores for key pages, measured with the npm `lighthouse` package and Debian
chromium against the offline-built site served on 127.0.0.1 with gzip, as GitHub Pages serves it.

Targets: performance >= 95, accessibility 100.

Lighthouse's simulated mobile CPU is the host's CPU slowed down 4x, a setting meant for hosts of
benchmark index about 1500 (measured at the start of every run and printed here). On a shared
host the index, and with it the score, moves from run to run: hence the median of several runs.

Run: python scripts/lighthouse.py [--check] [--quick] [--runs N] [--page PATH ...] [--site DIR]
Writes benchmarks/lighthouse.json; --quick measures the home page once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hfguide.devtools import benchmarks
from hfguide.devtools.npm import npm_tool
from hfguide.site.builder import build_or_exit, chromium, serve

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE_VERSION = "13.5.0"
PAGES = {
    "home": "",
    "task page": "models/text-generation/",
    "glossary": "glossary/precision/",
    "explorer": "leaderboard/explorer/",
}
TARGETS = {"performance": 0.95, "accessibility": 1.0}
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
)
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def run(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": chromium()}
    subprocess.run(
        [
            str(npm_tool("lighthouse", [f"lighthouse@{LIGHTHOUSE_VERSION}"])),
            url,
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env=env,
    )
    return json.loads(out.read_text())


def chromium_version() -> str | None:
    try:
        out = subprocess.run([chromium(), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def measure_pages(rec, pages: dict[str, str], base: str, tmp: Path, runs: int) -> None:
    """Run Lighthouse on each page, print and record the median run, and judge the targets."""
    print(
        f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, Debian chromium; targets: performance >= 95, "
        "accessibility 100"
    )
    print(f"Median of {runs} runs per page")
    print(f"{'page':12} {'performance':>11} {'accessibility':>13}  FCP     LCP     TBT      CLS")
    measured = {}
    for name, path in pages.items():
        # Single runs vary by several points on a busy machine: keep the median run by performance.
        reports = [run(base + path, tmp / f"report{i}.json") for i in range(runs)]
        reports.sort(key=lambda r: r["categories"]["performance"]["score"])
        report = reports[len(reports) // 2]
        audits = report["audits"]
        rec.samples(
            name,
            [
                {
                    "performance": r["categories"]["performance"]["score"],
                    "accessibility": r["categories"]["accessibility"]["score"],
                    "benchmark_index": r["environment"]["benchmarkIndex"],
                    **{
                        key: r["audits"][key]["numericValue"]
                        for key in METRICS
                        if "numericValue" in r["audits"][key]
                    },
                }
                for r in reports
            ],
        )
        spread = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
        scores = {k: round(report["categories"][k]["score"] * 100) for k in TARGETS}
        hosts = sorted(r["environment"]["benchmarkIndex"] for r in reports)
        for category in TARGETS:
            rec.figure(f"{name} {category}", scores[category])
        rec.figure(f"{name} benchmark index", [round(hosts[0]), round(hosts[-1])])
        measured[name] = (scores, spread, hosts)
        print(
            f"{name:12} {scores['performance']:>11} {scores['accessibility']:>13}  "
            + " ".join(f"{audits[key]['displayValue']:7}" for key in METRICS)
            + f" runs: {spread}"
        )
        print(
            f"{'':12} host CPU benchmark index {hosts[0]:.0f}-{hosts[-1]:.0f} "
            "(Lighthouse's 4x slowdown assumes about 1500)"
        )
        for category, target in TARGETS.items():
            if report["categories"][category]["score"] < target:
                for ref in report["categories"][category]["auditRefs"]:
                    audit = audits[ref["id"]]
                    if (
                        ref.get("weight")
                        and audit.get("score") is not None
                        and audit["score"] < 0.9
                    ):
                        print(
                            f"    {category}: {audit['title']} "
                            f"({audit.get('displayValue', audit['score'])})"
                        )
    for category, target in TARGETS.items():
        for name, (scores, spread, hosts) in measured.items():
            runs_text = f"; runs {spread}" if category == "performance" and runs > 1 else ""
            rec.goal(
                f"Lighthouse mobile {category}, {name} (median of {runs}, host CPU benchmark "
                f"index {hosts[0]:.0f}–{hosts[-1]:.0f})",
                figure=f"{name} {category}",
                op=">=",
                target=round(target * 100),
                goal=f"≥ {round(target * 100)}",
                measured=f"{scores[category]}{runs_text}",
            )


def measure(rec, args) -> None:
    pages = {p: p for p in args.page} if args.page else PAGES
    runs = args.runs
    if args.quick:
        pages, runs = dict(list(pages.items())[:1]), 1
    rec.result["versions"]["lighthouse"] = LIGHTHOUSE_VERSION
    rec.result["versions"]["chromium"] = chromium_version()
    rec.result["versions"]["node"] = subprocess.run(
        ["node", "--version"], capture_output=True, text=True
    ).stdout.strip()
    if runs < 5:
        rec.note(f"median of {runs} runs per page, fewer than the usual 5")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_or_exit(Path(tmp) / "site")
        with serve(site, use_gzip=True) as root_url:  # gzip, as GitHub Pages serves it
            measure_pages(rec, pages, root_url + "/", Path(tmp), runs)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--page", action="append", help="a site path to measure instead of the default pages"
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="runs per page; the median run is reported (default 5)"
    )
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one)")


if __name__ == "__main__":
    sys.exit(
        benchmarks.run("lighthouse", __doc__, measure, add_arguments=add_arguments, packages=())
    )
