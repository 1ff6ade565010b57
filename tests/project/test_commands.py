"""The README's two commands, as a new user runs them, and CI running the same test command."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", text, re.DOTALL)
    assert block, "README needs a fenced code block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_first_block_is_serve_then_test():
    assert readme_commands() == ["bash scripts/serve.sh", "bash scripts/test.sh"]


def test_readme_first_says_what_the_site_is_and_where_it_is_published():
    text = (ROOT / "README.md").read_text()
    opening = text[: text.index("```")]
    site_url = re.search(r'^site_url: .*"(https://[^"]+)"', (ROOT / "mkdocs.yml").read_text(), re.M)
    assert site_url.group(1) in opening
    assert "Hugging Face Hub" in opening and re.search(r"\bfor\s+\w+", opening)  # who it is for


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()[1] in ci
    assert "set -euo pipefail" in ci


def test_test_command_fails_when_pytest_finds_no_tests():
    script = (ROOT / "scripts" / "test.sh").read_text()
    assert '"$status" -eq 5' in script and "exit 1" in script


@pytest.mark.build  # sets up the environment and builds the site, as a reader's first run does
def start_in_background(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    """A process in its own session (stop it with ``os.killpg``), output kept for errors."""
    return subprocess.Popen(
        args,
        cwd=cwd,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.build  # serve.sh builds the whole site first
def test_serve_command_serves_the_home_page():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HFGUIDE_ADDR": f"127.0.0.1:{port}", "HF_HUB_OFFLINE": "1"}
    proc = start_in_background(["bash", "scripts/serve.sh"], ROOT, env)
    try:
        deadline = time.monotonic() + 600  # a bound on waiting: first runs set up .venv
        status = None
        while time.monotonic() < deadline and status != 200:
            time.sleep(0.5)
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status = response.status
                    body = response.read().decode()
            except OSError:
                assert proc.poll() is None, proc.stdout.read()
        assert status == 200
        assert "Find, choose and run a model" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_pages_workflow_deploys_only_after_strict_build_and_link_check():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as True
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)
    steps = [step.get("run", step.get("uses", "")) for step in workflow["jobs"]["build"]["steps"]]
    order = [
        next(i for i, s in enumerate(steps) if needle in s)
        for needle in (
            "hfguide refresh",
            "mkdocs build --strict",
            "hfguide check-links",
            "upload-pages-artifact",
        )
    ]
    assert order == sorted(order)
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert any("deploy-pages" in s.get("uses", "") for s in workflow["jobs"]["deploy"]["steps"])


# --- every hfguide command the site shows -----------------------------------------------------

SHELL_BLOCK = re.compile(r"^```(?:bash|sh|shell)\n(.*?)^```", re.DOTALL | re.MULTILINE)
HFGUIDE_COMMAND = re.compile(r"^(?:[A-Z_]+=\S+ )*hfguide\s")
#: Subcommands that serve until stopped: the block runs them in the background.
SERVERS = {"replay-hub"}


def site_command_blocks() -> list[tuple[str, list[str]]]:
    """(page:line, commands) for each shell block of the site that runs ``hfguide``."""
    blocks = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in SHELL_BLOCK.finditer(text):
            joined = match.group(1).replace("\\\n", " ")  # a trailing backslash continues a line
            lines = [ln.split("  #")[0].strip() for ln in joined.splitlines()]
            commands = [" ".join(ln.split()) for ln in lines if ln]
            if any(HFGUIDE_COMMAND.match(c) for c in commands):
                where = f"{page.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}"
                blocks.append((where, commands))
    return blocks


SITE_COMMAND_BLOCKS = site_command_blocks()


def test_the_site_shows_hfguide_commands():
    assert len(SITE_COMMAND_BLOCKS) >= 3


def reader_sandbox(root: Path) -> Path:
    """A copy of the package and its data where a reader runs the commands, so a command that
    rewrites the snapshot rewrites the copy; the placeholders the pages use exist there."""
    import shutil

    import pandas as pd

    from hfguide.data import leaderboard
    from hfguide.replay.configs import configs_from_snapshot
    from hfguide.replay.recorded import records_from_snapshot

    shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", root / "data")
    # The contributing page's placeholder: a recording as large as the committed snapshots (a
    # refresh refuses to replace them with far less), made from them: records, configs, rows.
    recorded = root / "path" / "to" / "recorded-data"
    recorded.mkdir(parents=True)
    records, tasks = records_from_snapshot(ROOT / "data" / "hub-snapshot.json")
    (recorded / "models.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (recorded / "tasks.json").write_text(json.dumps(tasks))
    for (repo_id, name), body in configs_from_snapshot(
        ROOT / "data" / "model-configs.json"
    ).items():
        (recorded / "configs" / repo_id).mkdir(parents=True, exist_ok=True)
        (recorded / "configs" / repo_id / name).write_bytes(body)
    labels = {key: label for key, label, _ in leaderboard.TYPES}
    rows = leaderboard.read(ROOT / "data" / "leaderboard.json").rows
    pd.DataFrame(
        {
            "fullname": [r["id"] for r in rows],
            "Type": [labels[r["type"]] for r in rows],
            "Base Model": [r["base"] for r in rows],
        }
    ).to_csv(recorded / "open-llm-leaderboard-v2.csv", index=False)
    # "your own questions": the first five built-in ones, in the CSV layout the page describes
    built_in = (
        ROOT / "src" / "hfguide" / "bench" / "question_sets" / "mmlu-econometrics.csv"
    ).read_text()
    with (root / "my-questions.csv").open("w", newline="") as out:
        csv.writer(out).writerows(list(csv.reader(io.StringIO(built_in)))[:6])
    return root


def wait_for_port(port: int, server: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stdout.read()
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


@pytest.mark.model
@pytest.mark.parametrize(
    "where,commands", SITE_COMMAND_BLOCKS, ids=[w for w, _ in SITE_COMMAND_BLOCKS]
)
def test_site_command_block_runs(where, commands, tmp_path, offline_hf):
    """A block runs as a reader types it: in order, offline on the seeded cache unless a line
    names its Hub; a server line keeps serving in the background while the next lines run."""
    sandbox = reader_sandbox(tmp_path / "reader")
    env = {
        **os.environ,
        "PYTHONPATH": str(sandbox / "src"),
        "HF_HUB_OFFLINE": "1",
        "HF_HUB_CACHE": str(offline_hf),
        "HFGUIDE_CACHE": str(tmp_path / "hfguide-cache"),
    }
    servers = []
    try:
        for command in commands:
            if any(f"hfguide {name}" in command for name in SERVERS):
                server = start_in_background(["bash", "-c", f"exec {command}"], sandbox, env)
                servers.append(server)
                port = re.search(r"--port (\d+)", command)
                wait_for_port(int(port.group(1)) if port else 8765, server)
                continue
            # Offline, unless the line names the Hub it talks to (the replay started above).
            online = command.startswith("HF_ENDPOINT=")
            run = subprocess.run(
                ["bash", "-c", command],
                cwd=sandbox,
                env={k: v for k, v in env.items() if not (online and k == "HF_HUB_OFFLINE")},
                capture_output=True,
                text=True,
                timeout=900,
            )
            assert run.returncode == 0, f"{where}: {command}\n{run.stderr[-3000:]}"
            assert run.stdout.strip(), f"{where}: {command} printed nothing"
            assert "Traceback" not in run.stderr, run.stderr[-3000:]
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
