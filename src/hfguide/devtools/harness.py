"""EleutherAI's lm-evaluation-harness (``lm_eval``, PyPI), installed on first use into the
project's ``.cache/lm-eval`` at a pinned version, for ``scripts/bench_harness.py``.

It goes into a virtual environment of its own that sees the project's environment through a
``.pth`` file: lm-eval runs on the very torch, transformers and tokenizers the bench uses (so the
comparison is between the two tools, not two builds of PyTorch), and its own dependencies
(datasets, evaluate, ...) never enter the project's ``.venv``. pip leaves the project's packages
alone: they lie outside the environment it installs into.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

from hfguide import PROJECT_ROOT

#: The lm-evaluation-harness release the benchmark runs.
LM_EVAL_VERSION = "0.4.13"
LM_EVAL_PREFIX = PROJECT_ROOT / ".cache" / "lm-eval"


class HarnessError(RuntimeError):
    """lm-eval could not be installed."""


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _site_packages(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


def requirement(version: str = LM_EVAL_VERSION) -> str:
    """What pip installs: lm-eval with its Hugging Face backend (accelerate, peft)."""
    return f"lm_eval[hf]=={version}"


def _installed(prefix: Path, version: str) -> bool:
    """Whether an install of ``requirement(version)`` into ``prefix`` completed."""
    marker = prefix / "installed.txt"
    try:
        done = marker.read_text().strip() == requirement(version)
    except OSError:
        return False
    return done and _python(prefix / "venv").exists()


def lm_eval_python(prefix: Path = LM_EVAL_PREFIX, version: str = LM_EVAL_VERSION) -> Path:
    """The Python of the environment that has ``lm_eval`` (``version``), installing it first if
    needed.

    Args:
        prefix: The folder of the environment (default ``.cache/lm-eval``).
        version: The lm-eval release.

    Raises:
        HarnessError: The environment cannot be made or ``pip install`` failed (its output is in
            the message).
    """
    venv = prefix / "venv"
    python = _python(venv)
    if _installed(prefix, version):
        return python
    (prefix / "installed.txt").unlink(missing_ok=True)
    print(f"Installing {requirement(version)} from PyPI into {venv} ...", file=sys.stderr)
    made = subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], capture_output=True, text=True
    )
    if made.returncode != 0:
        raise HarnessError(f"cannot make the environment {venv}:\n{made.stderr[-2000:]}")
    # The project's packages after lm-eval's own: torch, transformers and tokenizers are shared.
    project_site = Path(sysconfig.get_paths()["purelib"])
    (_site_packages(python) / "hfguide-project.pth").write_text(f"{project_site}\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--disable-pip-version-check",
            requirement(version),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise HarnessError(
            f"pip install {requirement(version)} failed:\n"
            f"{(result.stderr or result.stdout)[-2000:]}"
        )
    (prefix / "installed.txt").write_text(requirement(version) + "\n")
    return python
