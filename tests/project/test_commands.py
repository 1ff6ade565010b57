"""The README's two commands, as a new user runs them, and CI running the same test command."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

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
def test_serve_command_serves_the_home_page():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HFGUIDE_ADDR": f"127.0.0.1:{port}", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
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
