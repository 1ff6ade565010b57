"""Benchmark the Hub data path, printing ratios measured side by side in one run.

1. 43 task queries against a replay Hub that delays every answer by 200 ms: concurrent
   (the client's bounded pool) vs serial. Goals: concurrent <= 2 s, serial >= 9 s.
2. A full offline `mkdocs build` (generating the Hub pages) vs a plain build of the same
   Markdown with the generated pages written out as files and the hook removed. Goal <= 1.5x.
3. A live build against the replay Hub with a cold cache, then again with the warm cache.
   Goal: the warm rebuild sends 0 requests.

Run: python scripts/bench_hub.py   (uses the committed snapshot; no Hub access needed)
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

from hfguide.data.snapshot import DEFAULT_SNAPSHOT, read_snapshot
from hfguide.hub.client import HubClient, ModelQuery
from hfguide import pages
from hfguide.data.leaderboard import read_leaderboard
from hfguide.replay.recorded import records_from_snapshot
from hfguide.replay.server import Fault, ReplayHub

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_queries(records, tasks) -> None:
    queries = [ModelQuery(task=t, sort="downloads") for t in sorted(tasks)]
    with ReplayHub(records, tasks) as hub:
        hub.inject(Fault("latency", seconds=0.2))
        concurrent = HubClient(endpoint=hub.url, use_cache=False)
        serial = HubClient(endpoint=hub.url, use_cache=False, max_workers=1)
        t_conc, _ = timed(lambda: concurrent.models_many(queries, progress=False))
        t_serial, _ = timed(lambda: serial.models_many(queries, progress=False))
    print(f"{len(queries)} task queries, 200 ms latency each")
    print(
        f"  concurrent ({concurrent.max_workers} workers): {t_conc:6.2f} s   goal <= 2 s   {'ok' if t_conc <= 2 else 'MISSED'}"
    )
    print(
        f"  serial:                   {t_serial:6.2f} s   goal >= 9 s   {'ok' if t_serial >= 9 else 'MISSED'}"
    )
    print(f"  speed-up: {t_serial / t_conc:.1f}x")


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
    site = pages.build(read_snapshot(DEFAULT_SNAPSHOT), read_leaderboard())
    docs = workdir / "docs"
    shutil.copytree(ROOT / "docs", docs, symlinks=False)
    for path in docs.rglob("*.md"):
        path.write_text(site.expand_markers(path.read_text(encoding="utf-8")), encoding="utf-8")
    for rel, text in site.files.items():
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
    path = workdir / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def bench_build(records, tasks) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plain = plain_config(tmp / "plain")
        offline = {"HF_HUB_OFFLINE": "1"}
        t_gen = min(build(ROOT / "mkdocs.yml", tmp / "s1", offline) for _ in range(2))
        t_plain = min(build(plain, tmp / "s2", offline) for _ in range(2))
        print("Full offline build vs the same Markdown without generation (best of 2)")
        ratio = t_gen / t_plain
        print(
            f"  generated: {t_gen:.2f} s   plain: {t_plain:.2f} s   ratio {ratio:.2f}x   goal <= 1.5x   {'ok' if ratio <= 1.5 else 'MISSED'}"
        )

        with ReplayHub(records, tasks) as hub:
            live = {"HF_ENDPOINT": hub.url, "HFGUIDE_CACHE": str(tmp / "cache")}
            t_cold = build(ROOT / "mkdocs.yml", tmp / "s3", live)
            cold = hub.request_count
            t_warm = build(ROOT / "mkdocs.yml", tmp / "s4", live)
            warm = hub.request_count - cold
        print("Live build against the replay Hub")
        print(
            f"  cold cache: {cold} requests, {t_cold:.2f} s   warm cache: {warm} requests, {t_warm:.2f} s"
            f"   goal 0   {'ok' if warm == 0 else 'MISSED'}"
        )


def main() -> None:
    records, tasks = records_from_snapshot(DEFAULT_SNAPSHOT)
    bench_queries(records, tasks)
    bench_build(records, tasks)


if __name__ == "__main__":
    main()
