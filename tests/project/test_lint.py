"""Style gate: ruff on the Python (lint and format), ESLint on the site's own JavaScript."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hfguide.devtools.npm import NODE_PREFIX, npm_tool
from tests.support import ROOT

PYTHON_TREES = ["src", "tests", "scripts"]
#: ESLint and its recommended rules and browser globals, pinned.
ESLINT = ["eslint@9.39.5", "@eslint/js@9.39.5", "globals@16.5.0"]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, **kwargs)


def test_python_passes_ruff_check():
    result = run([sys.executable, "-m", "ruff", "check", "--no-cache", *PYTHON_TREES])
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_is_ruff_formatted():
    result = run([sys.executable, "-m", "ruff", "format", "--check", "--no-cache", *PYTHON_TREES])
    assert result.returncode == 0, result.stdout + result.stderr


def eslint(*args: str, **kwargs) -> subprocess.CompletedProcess:
    binary = npm_tool("eslint", ESLINT)
    # The config file require()s ESLint's packages, which live under .cache/node, not beside it.
    env = {**os.environ, "NODE_PATH": str(NODE_PREFIX / "node_modules")}
    command = [str(binary), "--max-warnings", "0", "--config", "eslint.config.cjs", *args]
    return run(command, env=env, **kwargs)


@pytest.mark.build  # installs ESLint from npm on first use
def test_javascript_passes_eslint():
    result = eslint("docs/assets/javascripts")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.build
def test_eslint_config_applies_to_the_site_scripts():
    """A slip the recommended rules catch fails the gate for a file where our scripts live."""
    result = eslint(
        "--stdin",
        "--stdin-filename",
        "docs/assets/javascripts/example.js",
        input='(function () { "use strict"; if (rows == 1) undefinedHelper(); })();\n',
    )
    assert result.returncode == 1
    assert "undefinedHelper" in result.stdout and "eqeqeq" in result.stdout
