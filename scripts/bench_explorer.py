"""Benchmark the leaderboard explorer in headless Chromium, printing results against the goals.

- Filter or sort over all rows: time from a control's change to the next painted frame with the
  table re-filtered or re-sorted, measured inside the page. Goal: <= 50 ms per interaction,
  judged on the 90th percentile of 3 rounds. The plot redraws right after that frame; its time
  from the change is printed too.
- Data shipped to the page, gzipped. Goal: <= 600 KB.

Run: python scripts/bench_explorer.py   (builds the site offline from the snapshot first)
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = build_or_exit(Path(tmp) / "site")
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
            page.focus(
                "#lb-explorer [data-filter=q]"
            )  # the grid starts when a reader reaches for a control
            page.wait_for_function(
                "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=60000
            )
            rows = page.evaluate("window.hfguideExplorer.rows.length")
            page.locator("#lb-plot").scroll_into_view_if_needed()  # measure with the plot drawn too
            page.wait_for_function(
                "document.querySelector('[data-role=plot-status]').textContent.includes('plotted')"
            )
            for _ in range(3):  # three rounds; the first warms the JIT
                for control, values in INTERACTIONS:
                    for value in values:
                        table_ms, plot_ms = page.evaluate(MEASURE, [control, value])
                        timings.setdefault(control, []).append(table_ms)
                        if control not in ("sort", "dir"):
                            plot_timings.append(plot_ms)
            browser.close()

    print(f"Leaderboard explorer, {rows:,} rows, headless Chromium")
    print("Table filtered or sorted and painted (ms per interaction, goal <= 50):")
    worst = 0.0
    for control, values in timings.items():
        median, top = statistics.median(values), max(values)
        worst = max(worst, top)
        print(
            f"  {control:10} median {median:6.1f}   max {top:6.1f}   {median / 50:4.2f} of the budget"
        )
    all_values = sorted(v for vs in timings.values() for v in vs)
    p90 = all_values[int(0.9 * (len(all_values) - 1))]
    print(
        f"  overall    median {statistics.median(all_values):6.1f}   p90 {p90:6.1f}   max {worst:6.1f}   "
        f"{'ok' if p90 <= 50 else 'MISSED'} (goal judged on the 90th percentile; on this shared 2-core "
        "machine single outliers come from garbage collection and other processes)"
    )
    print(
        f"Plot redrawn after a filter (right after the table's frame): median {statistics.median(plot_timings):.1f} ms, "
        f"max {max(plot_timings):.1f} ms"
    )
    data_gz = len(gzip.compress(data, 9))
    print(
        f"Data shipped: {len(data) / 1024:.0f} KB, {data_gz / 1024:.0f} KB gzipped "
        f"({data_gz / (600 * 1024):.2f} of the 600 KB budget) {'ok' if data_gz <= 600 * 1024 else 'MISSED'}"
    )
    print(
        f"Explorer scripts (grid, chart, ours): {js_gz / 1024:.0f} KB gzipped, loaded only on the explorer page"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
