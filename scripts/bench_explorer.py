"""Benchmark the leaderboard explorer in headless Chromium, printing results against the goals.

- One frame: for every kind of interaction (a filter, typing in the search box one key at a
  time, a sort, showing or hiding a column), the time from the input event to the end of the
  frame that shows both the rows in view and the plot, measured inside the page. The event is
  dispatched at the start of a frame, so the wait for the display's next refresh, which no page
  can shorten, is not counted; a task queued from that frame runs once its style, layout and
  paint are done, and stops the clock unless the plot has yet to be drawn, in which case the
  clock runs to the end of the first frame that begins with it drawn. The viewport is tall
  enough to show the grid and the plot together. Goal: <= 16 ms (one frame at 60 Hz), judged on
  the 90th percentile of 3 rounds.
- Data shipped to the page, gzipped. Goal: <= 600 KB.
- The host's speed, as the time a fixed piece of JavaScript takes in the page: the same kind of
  2-core machine has run the explorer twice as fast on one day as on another.

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

#: (control, values in turn): each filters, sorts or changes the columns of all rows. "search" is
#: typed one key at a time; "columns" ticks or unticks the named column in the chooser.
INTERACTIONS = [
    ("type", ["chat", "merge", "pretrained", ""]),
    ("size", ["~7", "~13", "70+", ""]),
    ("precision", ["float16", "bfloat16", ""]),
    ("license", ["apache-2.0", "mit", "__none__", ""]),
    ("merged", ["yes", "no", ""]),
    ("flagged", ["", "no"]),
    (
        "search",
        ["q", "qw", "qwe", "qwen", "qwen ", "qwen 7", "qwen 7b", "", "l", "ll", "lla", "llama", ""],
    ),
    ("sort", ["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro", "co2", "average"]),
    ("dir", ["asc", "desc"]),
    ("columns", ["architecture", "base", "license", "co2"] * 2),
]
#: Controls whose change leaves the plot as it is (the same rows, in another order or columns).
PLOT_UNCHANGED = {"sort", "dir", "columns"}

MEASURE = """
async ([control, value, plotChanges]) => {
  const root = document.getElementById("lb-explorer");
  const frame = () => new Promise(done => requestAnimationFrame(() => done()));
  // A task queued from a frame's callbacks runs once that frame's style, layout and paint are done.
  const frameDone = () => new Promise(done => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done();
    channel.port2.postMessage(0);
  });
  function interact() {
    if (control === "columns") {
      const box = root.querySelector(`[data-role=column-chooser] input[value="${value}"]`);
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    const el = root.querySelector(`[data-filter=${control}]`);
    el.value = value;
    el.dispatchEvent(new Event(el.tagName === "INPUT" ? "input" : "change", { bubbles: true }));
  }
  const plotted = root.dataset.plotted;
  await frame();
  return await new Promise(resolve => requestAnimationFrame(async () => {
    const start = performance.now();
    interact();
    await frameDone();
    let frames = 1;
    let drawn = !plotChanges || root.dataset.plotted !== plotted;
    while (!drawn) {  // drawn later: the clock runs to the first frame that begins with it
      drawn = await new Promise(done =>
        requestAnimationFrame(() => done(root.dataset.plotted !== plotted)));
      await frameDone();
      frames += 1;
    }
    resolve([performance.now() - start, frames]);
  }));
}
"""

#: How fast this host runs a fixed piece of JavaScript in the page (sorting the same 100,000
#: numbers with a comparator), in ms: frame times from hosts of different speeds can then be
#: weighed against each other. Run before and after the interactions.
HOST_WORKLOAD = """
() => {
  const times = [];
  for (let run = 0; run < 5; run++) {
    const values = new Array(100000);
    let seed = 1;
    for (let i = 0; i < values.length; i++) values[i] = (seed = (seed * 48271) % 2147483647);
    const start = performance.now();
    values.sort((a, b) => a - b);
    times.push(performance.now() - start);
  }
  return times;
}
"""

FRAME_BUDGET_MS = 16
DATA_BUDGET_KB = 600
#: Tall enough for the filters, the grid and the plot on one screen.
VIEWPORT = {"width": 1280, "height": 2200}
SCRIPTS = ("explorer.js", "grid.js", "plot.js")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def open_explorer(page, url: str) -> int:
    """Open the explorer with the grid and the plot drawn; the number of rows."""
    page.goto(url)
    # The grid starts when a reader reaches for a control.
    page.focus("#lb-explorer [data-filter=search]")
    page.wait_for_function(
        "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=60000
    )
    page.locator("#lb-plot").scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('[data-role=plot-status]').textContent.includes('plotted')"
    )
    page.locator("#lb-explorer").scroll_into_view_if_needed()
    return page.evaluate("window.hfguideExplorer.rows.length")


def measure(rec, args) -> None:
    rounds = 1 if args.quick else 3  # three rounds; the first warms the JIT
    interactions = [(c, vs[:1]) for c, vs in INTERACTIONS] if args.quick else INTERACTIONS
    with tempfile.TemporaryDirectory() if args.site is None else nullcontext() as tmp:
        site = build_or_exit(Path(tmp) / "site") if args.site is None else args.site
        data = (site / "leaderboard" / "data.json").read_bytes()
        scripts = [site / "assets" / "javascripts" / name for name in SCRIPTS]
        js_gz = sum(len(gzip.compress(s.read_bytes(), 9)) for s in scripts if s.is_file())
        timings: dict[str, list[float]] = {}
        frames: list[int] = []
        with serve(site) as base, sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport=VIEWPORT)
            rows = open_explorer(page, f"{base}/leaderboard/explorer/")
            workload = page.evaluate(HOST_WORKLOAD)
            for _ in range(rounds):
                for control, values in interactions:
                    for value in values:
                        ms, n = page.evaluate(
                            MEASURE, [control, value, control not in PLOT_UNCHANGED]
                        )
                        timings.setdefault(control, []).append(ms)
                        frames.append(n)
            workload += page.evaluate(HOST_WORKLOAD)
            browser.close()
    report(rec, rows, timings, frames)
    report_host(rec, workload)
    report_sizes(rec, data, js_gz)


def report(rec, rows: int, timings: dict[str, list[float]], frames: list[int]) -> None:
    rec.samples("frame_ms", timings)
    rec.samples("frames", frames)
    rec.figure("rows", rows)
    print(f"Leaderboard explorer, {rows:,} rows, headless Chromium")
    print(
        "Input event to the frame showing the rows in view and the plot "
        f"(ms per interaction, goal <= {FRAME_BUDGET_MS}):"
    )
    for control, values in timings.items():
        median = statistics.median(values)
        print(
            f"  {control:10} median {median:6.1f}   max {max(values):6.1f}   "
            f"{median / FRAME_BUDGET_MS:4.2f} of the budget"
        )
    all_values = [v for vs in timings.values() for v in vs]
    p90 = rec.figure("frame_p90_ms", round(percentile(all_values, 0.9), 1))
    median = rec.figure("frame_median_ms", round(statistics.median(all_values), 1))
    rec.figure("frame_max_ms", round(max(all_values), 1))
    first = rec.figure("first_frame_share", round(frames.count(1) / len(frames), 3))
    # Judged on the 90th percentile: on a shared 2-core machine single outliers come from
    # garbage collection and other processes.
    ok = rec.goal(
        f"Explorer filter, search, sort or column change over {rows:,} rows: rows in view and "
        "plot in one frame, 90th percentile",
        figure="frame_p90_ms",
        op="<=",
        target=FRAME_BUDGET_MS,
        goal=f"≤ {FRAME_BUDGET_MS} ms",
        measured=f"{p90:.1f} ms (median {median:.1f} ms, {len(all_values)} interactions)",
    )
    print(
        f"  overall    median {median:6.1f}   p90 {p90:6.1f}   max {max(all_values):6.1f}   "
        f"{verdict(ok)} (goal judged on the 90th percentile)"
    )
    print(f"Shown by the first frame after the event: {first:.0%} of the interactions")


def report_host(rec, workload: list[float]) -> None:
    rec.samples("host_workload_ms", workload)
    ms = rec.figure("host_workload_ms", round(statistics.median(workload), 1))
    # benchmarks.run prints the notes with the result, so this one is not printed again here.
    rec.note(
        f"host speed: a fixed JavaScript workload took {ms:.1f} ms in the page (lower is "
        "faster), to compare this run's host with another's"
    )


def report_sizes(rec, data: bytes, js_gz: int) -> None:
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
        f"Explorer scripts ({', '.join(SCRIPTS)}): {js_gz_kb} KB gzipped, loaded only on the "
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
