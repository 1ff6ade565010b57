"""Site builds for the tests: one strict build shared by every pytest-xdist worker."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from filelock import FileLock

from hfguide.site import builder


def mkdocs_build(
    site_dir: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` on the project into ``site_dir`` with extra environment."""
    return builder.build(site_dir, env, offline=False, timeout=timeout)


def build_once(shared_dir: Path) -> Path:
    """The offline site built into ``shared_dir/site`` by whichever worker gets there first.

    Under pytest-xdist every worker asks for the site; a file lock lets one of them build it and
    the others wait and reuse it. The outcome is recorded so a failed build fails every worker
    with mkdocs' message instead of being retried."""
    site_dir = shared_dir / "site"
    outcome_file = shared_dir / "site-build.json"
    with FileLock(str(shared_dir / "site-build.lock")):
        if not outcome_file.exists():
            result = builder.build(site_dir, {"HFGUIDE_CACHE": str(shared_dir / "hfguide-cache")})
            outcome = {"returncode": result.returncode, "stderr": result.stderr}
            outcome_file.write_text(json.dumps(outcome))
        outcome = json.loads(outcome_file.read_text())
    assert outcome["returncode"] == 0, outcome["stderr"]
    return site_dir
