"""`scripts/env.sh`: safe to source in a reader's shell, and says what a first run is doing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from tests.support import ROOT

#: Prints, after sourcing env.sh: its status, the shell's options and positional arguments, PATH.
PROBE = """
set -- first second
source scripts/env.sh
status=$?
echo "status=$status"
echo "options=$(set +o | grep -E 'errexit|nounset|pipefail' | tr '\\n' ' ')"
echo "args=$*"
echo "path=$PATH"
"""


def source_env(env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        ["bash", "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    lines["stderr"] = result.stderr
    return lines


def ready_venv(tmp_path):
    """A venv folder env.sh takes as set up for this checkout (its stamp matches)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    files = (ROOT / "pyproject.toml").read_bytes() + (ROOT / "requirements.lock").read_bytes()
    (venv / ".hfguide-stamp").write_text(hashlib.sha256(files).hexdigest()[:16] + "\n")
    return venv


def test_sourcing_changes_only_path_and_leaves_shell_options_alone(tmp_path):
    venv = ready_venv(tmp_path)
    shell = source_env({"HFGUIDE_VENV": str(venv)})
    assert shell["status"] == "0", shell["stderr"]
    assert "set +o errexit" in shell["options"]
    assert "set +o nounset" in shell["options"] and "set +o pipefail" in shell["options"]
    assert shell["args"] == "first second"
    assert shell["path"].startswith(f"{venv}/bin:")
    assert shell["stderr"] == ""  # nothing to set up, nothing said


def test_a_failure_returns_to_the_shell_with_a_message(tmp_path):
    # A Python that passes the version check but cannot create the virtual environment.
    python = tmp_path / "python3"
    python.write_text('#!/bin/sh\n[ "$1" = "-c" ] && exit 0\necho "no venv here" >&2\nexit 1\n')
    python.chmod(0o755)
    shell = source_env({"HFGUIDE_VENV": str(tmp_path / "new-venv"), "PYTHON": str(python)})
    assert shell["status"] == "1"  # the shell went on to print this
    assert "set +o errexit" in shell["options"]
    assert (
        "Setting up" in shell["stderr"]
        and "[1/3] Creating the virtual environment" in shell["stderr"]
    )
    assert "no venv here" in shell["stderr"]


def test_too_old_a_python_is_named():
    shell = source_env({"PYTHON": "/bin/false"})
    assert shell["status"] == "1"
    assert "needs Python 3.11 or newer" in shell["stderr"]
