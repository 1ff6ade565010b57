"""Command-line tools from the npm registry (Lighthouse, ESLint), installed on first use into the
project's ``.cache/node``, at pinned versions, so a fresh machine needs only Node.js and npm."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from hfguide import PROJECT_ROOT

NODE_PREFIX = PROJECT_ROOT / ".cache" / "node"


class NpmError(RuntimeError):
    """Node.js or npm is missing, or an install failed."""


def npm_tool(binary: str, packages: list[str], prefix: Path = NODE_PREFIX) -> Path:
    """The path of ``binary`` from ``node_modules/.bin``, installing ``packages`` first if needed.

    Args:
        binary: The command's name, such as ``"eslint"``.
        packages: npm package specs with exact versions, such as ``["eslint@9.39.5"]``; installed
            together when any of them is missing.
        prefix: The folder holding ``node_modules``.

    Raises:
        NpmError: npm is not installed, or ``npm install`` failed (its output is in the message).
    """
    tool = prefix / "node_modules" / ".bin" / binary
    missing = [spec for spec in packages if not _installed(prefix, spec)]
    if tool.exists() and not missing:
        return tool
    if shutil.which("npm") is None:
        raise NpmError(f"{binary} needs Node.js and npm (apt-get install nodejs npm)")
    print(f"Installing {', '.join(packages)} from npm into {prefix} ...", file=sys.stderr)
    result = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), *packages],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise NpmError(f"npm install {' '.join(packages)} failed:\n{result.stderr[-2000:]}")
    return tool


def _installed(prefix: Path, spec: str) -> bool:
    """Whether ``name@version`` is installed in ``prefix`` at exactly that version."""
    name, _, version = spec.rpartition("@")
    manifest = prefix / "node_modules" / name / "package.json"
    try:
        return json.loads(manifest.read_text())["version"] == version
    except (OSError, ValueError, KeyError):
        return False
