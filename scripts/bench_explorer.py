"""Benchmark the leaderboard explorer in headless Chromium, printing results against the goals.

- Filter or sort over all rows: time from a control's change to the next painted frame with the
  table re-filtered or re-sorted, measured inside the page. Goal: <= 50 ms per interaction,
  judged on the 90th percentile of 3 rounds. The plot redraws right after that frame; its time
  from the change is printed too.
- Data shipped to the page, gzipped. Goal: <= 600 KB.

Run: python scripts/bench_explorer.py [--check] [--quick] [--site DIR]
(builds the site offline from the snapshot first, unless --site names a built one).
Writes benchmarks/bench_explorer.json; --quick measures one round of one value per control.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

from playwright.sync_api import sync_playwright

from hfguide.devtools import benchmarks
from hfguide.devtools.benchmarks import verdict
from hfguide.site.builder import build_or_exit, launch_chromium, serve

#: (control, values to cycle through): each change filters or sorts all rows.
INTERACTIONS = [
    ("type", ["chat", "merge", "pretrained", ""]),
    ("size", ["~7", "~13", "70+", ""]),
    ("precision", ["float16", "bfloat16", ""]),
    ("license", ["apache-2.0", "mit", "__none__", ""]),
    ("merged", ["yes", "no", ""]),
    ("q", ["qwen", "llama 8b", "instruct", ""]),
    ("sort", ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro", "co2", "average"]),
    ("dir", ["asc", "desc"]),
]

MEASURE = """
async ([control, value]) => {
  const root = document.getElementById("lb-explorer");
  const el = root.querySelector(`[data-filter=${control}]`);
  const plotted = root.dataset.plotted;
  const start = performance.now();
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === "INPUT" ? "input" : "change"));
  await new Promise(r => requestAnimationFrame(() => r()));  // the table's redraw reaches a frame
  const table = performance.now() - start;
  // The plot redraws in that frame's callback; wait for it to have run (sorting leaves it alone).
  while (control !== "sort" && control !== "dir" && root.dataset.plotted === plotted) {
    await new Promise(r => setTimeout(r, 0));
  }
  return [table, performance.now() - start];
}
"""


TABLE_BUDGET_MS = 50
DATA_BUDGET_KB = 600


def measure(rec, args) -> None:
    rounds = 1 if args.quick else 3  # three rounds; the first warms the JIT
    interactions = [(c, vs[:1]) for c, vs in INTERACTIONS] if args.quick else INTERACTIONS
    with tempfile.TemporaryDirectory() if args.site is None else nullcontext() as tmp:
        site = build_or_exit(Path(tmp) / "site") if args.site is None else args.site
        data = (site / "leaderboard" / "data.json").read_bytes()
        scripts = [
            site / "assets" / "vendor" / p
            for p in ("tabulator/tabulator.min.js", "chartjs/chart.umd.min.js")
        ]
        scripts.append(site / "assets" / "javascripts" / "explorer.js")
        js_gz = sum(len(gzip.compress(s.read_bytes(), 9)) for s in scripts)
        timings: dict[str, list[float]] = {}
        plot_timings: list[float] = []
        with serve(site) as base, sync_playwright() as p:
            url = f"{base}/leaderboard/explorer/"
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url)
            # The grid starts when a reader reaches for a control.
            page.focus("#lb-explorer [data-filter=q]")
            page.wait_for_function(
                "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=60000
            )
            rows = page.evaluate("window.hfguideExplorer.rows.length")
            page.locator("#lb-plot").scroll_into_view_if_needed()  # measure with the plot drawn too
            page.wait_for_function(
                "document.querySelector('[data-role=plot-status]').textContent.includes('plotted')"
            )
            for _ in range(rounds):
                for control, values in interactions:
                    for value in values:
                        table_ms, plot_ms = page.evaluate(MEASURE, [control, value])
                        timings.setdefault(control, []).append(table_ms)
                        if control not in ("sort", "dir"):
                            plot_timings.append(plot_ms)
            browser.close()

    rec.samples("table_ms", timings)
    rec.samples("plot_ms", plot_timings)
    rec.figure("rows", rows)
    print(f"Leaderboard explorer, {rows:,} rows, headless Chromium")
    print(f"Table filtered or sorted and painted (ms per interaction, goal <= {TABLE_BUDGET_MS}):")
    for control, values in timings.items():
        median = statistics.median(values)
        print(
            f"  {control:10} median {median:6.1f}   max {max(values):6.1f}   "
            f"{median / TABLE_BUDGET_MS:4.2f} of the budget"
        )
    all_values = sorted(v for vs in timings.values() for v in vs)
    p90 = rec.figure("table_p90_ms", round(all_values[int(0.9 * (len(all_values) - 1))], 1))
    median = rec.figure("table_median_ms", round(statistics.median(all_values), 1))
    rec.figure("table_max_ms", round(all_values[-1], 1))
    # Judged on the 90th percentile: on a shared 2-core machine single outliers come from
    # garbage collection and other processes.
    ok = rec.goal(
        f"Explorer filter or sort over {rows:,} rows, 90th percentile",
        figure="table_p90_ms",
        op="<=",
        target=TABLE_BUDGET_MS,
        goal=f"≤ {TABLE_BUDGET_MS} ms",
        measured=f"{p90:.0f} ms (median {median:.0f} ms, {len(all_values)} interactions)",
    )
    print(
        f"  overall    median {median:6.1f}   p90 {p90:6.1f}   max {all_values[-1]:6.1f}   "
        f"{verdict(ok)} (goal judged on the 90th percentile)"
    )
    plot_median = rec.figure("plot_median_ms", round(statistics.median(plot_timings), 1))
    print(
        f"Plot redrawn after a filter (right after the table's frame): median {plot_median:.1f} "
        f"ms, max {max(plot_timings):.1f} ms"
    )
    data_kb = rec.figure("data_kb", round(len(data) / 1024))
    data_gz_kb = rec.figure("data_gzip_kb", round(len(gzip.compress(data, 9)) / 1024))
    js_gz_kb = rec.figure("scripts_gzip_kb", round(js_gz / 1024))
    ok = rec.goal(
        "Explorer data shipped, gzipped",
        figure="data_gzip_kb",
        op="<=",
        target=DATA_BUDGET_KB,
        goal=f"≤ {DATA_BUDGET_KB} KB",
        measured=f"{data_gz_kb} KB ({data_kb} KB before gzip)",
    )
    print(
        f"Data shipped: {data_kb} KB, {data_gz_kb} KB gzipped "
        f"({data_gz_kb / DATA_BUDGET_KB:.2f} of the {DATA_BUDGET_KB} KB budget) {verdict(ok)}"
    )
    print(
        f"Explorer scripts (grid, chart, ours): {js_gz_kb} KB gzipped, loaded only on the "
        "explorer page"
    )


def add_arguments(parser) -> None:
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build one)")


if __name__ == "__main__":
    sys.exit(
        benchmarks.run(
            "bench_explorer",
            __doc__,
            measure,
            add_arguments=add_arguments,
            packages=("playwright",),
        )
    )
