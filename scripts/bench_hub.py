"""Benchmark the Hub data path, printing ratios measured side by side in one run.

1. 43 task queries against a replay Hub that delays every answer by 200 ms: concurrent
   (the client's bounded pool) vs serial. Goals: concurrent <= 2 s, serial >= 9 s.
2. A full offline `mkdocs build` (generating the Hub pages) vs a plain build of the same
   Markdown with the generated pages written out as files and the hook removed. Goal <= 1.5x.
3. A live build against the replay Hub with a cold cache, then again with the warm cache.
   Goal: the warm rebuild sends 0 requests.

Run: python scripts/bench_hub.py [--check] [--quick]   (the committed snapshot; no Hub access)
Writes benchmarks/bench_hub.json; --quick runs 8 queries and one build of each kind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from hfguide import pages
from hfguide.core.settings import DEFAULT_SNAPSHOT
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.devtools import benchmarks
from hfguide.devtools.benchmarks import verdict
from hfguide.hub.client import HubClient, ModelQuery
from hfguide.replay.recorded import LEADERBOARD_FILE, LEADERBOARD_REPO, records_from_snapshot
from hfguide.replay.server import Fault, ReplayHub
from hfguide.site import reference
from hfguide.site.mkdocs_hooks import fill_markers

ROOT = Path(__file__).resolve().parents[1]
LATENCY = 0.2
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_queries(rec, records, tasks, quick: bool) -> None:
    task_names = sorted(tasks)[:8] if quick else sorted(tasks)
    queries = [ModelQuery(task=t, sort="downloads") for t in task_names]
    with ReplayHub(records, tasks) as hub:
        hub.inject(Fault("latency", seconds=LATENCY))
        concurrent = HubClient(endpoint=hub.url, use_cache=False)
        serial = HubClient(endpoint=hub.url, use_cache=False, max_workers=1)
        t_conc, _ = timed(lambda: hub_models.query_many(concurrent, queries, progress=False))
        t_serial, _ = timed(lambda: hub_models.query_many(serial, queries, progress=False))
    rec.samples("concurrent_s", [t_conc])
    rec.samples("serial_s", [t_serial])
    rec.figure("queries", len(queries))
    rec.figure("workers", concurrent.max_workers)
    rec.figure("concurrent_s", round(t_conc, 3))
    rec.figure("serial_s", round(t_serial, 3))
    rec.figure("speedup", round(t_serial / t_conc, 2))
    # The serial goal shows the latency is really applied: 9 s for the 43 task queries.
    serial_goal = round(9 * len(queries) / 43, 1)
    what = f"{len(queries)} task queries with {LATENCY * 1000:.0f} ms latency"
    measured = f"{t_conc:.1f} s vs {t_serial:.1f} s"
    ok_conc = rec.goal(
        f"{what}, concurrent",
        figure="concurrent_s",
        op="<=",
        target=2,
        goal="≤ 2 s",
        measured=f"{t_conc:.1f} s ({concurrent.max_workers} workers)",
    )
    ok_serial = rec.goal(
        f"{what}, serial",
        figure="serial_s",
        op=">=",
        target=serial_goal,
        goal=f"≥ {serial_goal:g} s",
        measured=f"{t_serial:.1f} s",
    )
    print(f"{len(queries)} task queries, {LATENCY * 1000:.0f} ms latency each")
    print(
        f"  concurrent ({concurrent.max_workers} workers): {t_conc:6.2f} s   goal <= 2 s   "
        f"{verdict(ok_conc)}"
    )
    print(
        f"  serial:                   {t_serial:6.2f} s   goal >= {serial_goal:g} s   "
        f"{verdict(ok_serial)}"
    )
    print(f"  speed-up: {t_serial / t_conc:.1f}x ({measured})")


def build(config: Path, site: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(site),
        ],
        cwd=ROOT,
        env={**ENV, **env},
        check=True,
    )
    return time.perf_counter() - start


def plain_config(workdir: Path) -> Path:
    """The same site as static Markdown: generated pages written out, the hook removed."""
    site = pages.build(hub_models.read(DEFAULT_SNAPSHOT), leaderboard.read(), model_configs.load())
    docs = workdir / "docs"
    shutil.copytree(ROOT / "docs", docs, symlinks=False)
    for path in docs.rglob("*.md"):
        path.write_text(fill_markers(site, path.read_text(encoding="utf-8")), encoding="utf-8")
    # The API reference is Markdown the hook writes too (mkdocstrings renders it in both builds).
    api_pages, api_nav = reference.reference_pages()
    for rel, text in {**site.files, **api_pages}.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !ENV [NAME, default]: keep the default.
    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    config.pop("hooks")
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    for item in config["nav"]:
        if "Models" in item:
            item["Models"] = ["models/index.md", *site.nav]
        if reference.NAV_SECTION in item:
            item[reference.NAV_SECTION] = reference.reference_section(
                item[reference.NAV_SECTION], api_nav
            )
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def leaderboard_parquet_from_snapshot() -> bytes:
    """The committed leaderboard rows as the Hub data set's parquet, in its column names.

    Only the columns a live build reads for ids, types, sizes and scores: enough for the
    build to find the data set, so the warm rebuild shows whether the cache answers it.
    """
    import io

    import pandas as pd

    labels = {key: label for key, label, _ in leaderboard.TYPES}
    rows = leaderboard.read().rows
    frame = pd.DataFrame(
        {
            "fullname": [r["id"] for r in rows],
            "Type": [labels.get(r["type"], "other") for r in rows],
            "Precision": [r["precision"] for r in rows],
            "#Params (B)": [r["params"] for r in rows],
            "Hub License": [r["license"] for r in rows],
            "Average ⬆️": [r["average"] for r in rows],
            **{column: [r[key] for r in rows] for key, column in leaderboard.BENCHMARKS},
            "Submission Date": [r["submitted"] for r in rows],
        }
    )
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def bench_build(rec, records, tasks, quick: bool) -> None:
    rounds = 1 if quick else 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = plain_config(tmp / "plain")
        offline = {"HF_HUB_OFFLINE": "1"}
        # Alternate the two kinds, so a burst of load from elsewhere hits both alike.
        t_gen, t_plain = [], []
        for _ in range(rounds):
            t_gen.append(build(ROOT / "mkdocs.yml", tmp / "s1", offline))
            t_plain.append(build(plain, tmp / "s2", offline))
        rec.samples("generated_build_s", t_gen)
        rec.samples("plain_build_s", t_plain)
        ratio = rec.figure("build_ratio", round(min(t_gen) / min(t_plain), 3))
        ok = rec.goal(
            "Offline build vs the same Markdown without generation",
            figure="build_ratio",
            op="<=",
            target=1.5,
            goal="≤ 1.5×",
            measured=f"{ratio:.2f}× ({min(t_gen):.1f} s vs {min(t_plain):.1f} s, best of {rounds})",
        )
        print(f"Full offline build vs the same Markdown without generation (best of {rounds})")
        print(
            f"  generated: {min(t_gen):.2f} s   plain: {min(t_plain):.2f} s   ratio {ratio:.2f}x"
            f"   goal <= 1.5x   {verdict(ok)}"
        )

        with ReplayHub(records, tasks) as hub:
            # Without the leaderboard data set the live build's leaderboard query fails, falls
            # back to the snapshot and, not cached, is asked again by the warm rebuild.
            hub.add_dataset_file(
                LEADERBOARD_REPO, LEADERBOARD_FILE, leaderboard_parquet_from_snapshot()
            )
            live = {
                "HF_ENDPOINT": hub.url,
                "HFGUIDE_CACHE": str(tmp / "cache"),
                "HF_HOME": str(tmp / "hf-home"),
            }
            t_cold = build(ROOT / "mkdocs.yml", tmp / "s3", live)
            cold = hub.request_count
            seen = len(hub.requests)
            t_warm = build(ROOT / "mkdocs.yml", tmp / "s4", live)
            warm = hub.request_count - cold
            warm_paths = [r["path"] for r in hub.requests[seen:]]
        rec.samples("warm_request_paths", warm_paths)
        rec.samples("cold_build_s", [t_cold])
        rec.samples("warm_build_s", [t_warm])
        rec.figure("cold_requests", cold)
        rec.figure("warm_requests", warm)
        ok = rec.goal(
            "Warm-cache rebuild against a replay Hub",
            figure="warm_requests",
            op="==",
            target=0,
            goal="0 requests",
            measured=f"{warm} requests (cold cache: {cold})",
        )
        print("Live build against the replay Hub")
        print(
            f"  cold cache: {cold} requests, {t_cold:.2f} s   warm cache: {warm} requests, "
            f"{t_warm:.2f} s   goal 0   {verdict(ok)}"
        )


def measure(rec, args) -> None:
    records, tasks = records_from_snapshot(DEFAULT_SNAPSHOT)
    bench_queries(rec, records, tasks, args.quick)
    bench_build(rec, records, tasks, args.quick)


if __name__ == "__main__":
    sys.exit(
        benchmarks.run(
            "bench_hub",
            __doc__,
            measure,
            packages=("mkdocs", "mkdocs-material", "huggingface_hub"),
        )
    )
