"""An independent forward pass of EfficientNet-Lite0 over the original state dict.

Written from the architecture (Tan and Le, 2019; Google's ``efficientnet_lite_builder``: relu6,
no squeeze-excite, stem 32 and head 1280 channels, BatchNorm epsilon 1e-3, TensorFlow "same"
padding) with ``torch.nn.functional`` only, on the ``efficientnet_pytorch`` key names: no
transformers code and nothing of ``hfguide.weights.efficientnet`` is used, so a conversion error
cannot hide in both.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

#: (repeats, kernel, stride of the first block, expansion, output channels) per stage.
STAGES = (
    (1, 3, 1, 1, 16),
    (2, 3, 2, 6, 24),
    (2, 5, 2, 6, 40),
    (3, 3, 2, 6, 80),
    (3, 5, 1, 6, 112),
    (4, 5, 2, 6, 192),
    (1, 3, 1, 6, 320),
)
EPS = 1e-3


def pad_same(x: torch.Tensor, kernel: int, stride: int) -> torch.Tensor:
    """TensorFlow's "same" padding: the odd pixel goes to the bottom and right."""
    height, width = x.shape[-2:]
    pad_h = max((math.ceil(height / stride) - 1) * stride + kernel - height, 0)
    pad_w = max((math.ceil(width / stride) - 1) * stride + kernel - width, 0)
    return F.pad(x, (pad_w // 2, pad_w - pad_w // 2, pad_h // 2, pad_h - pad_h // 2))


def batch_norm(x: torch.Tensor, state: dict, prefix: str) -> torch.Tensor:
    return F.batch_norm(
        x,
        state[f"{prefix}.running_mean"],
        state[f"{prefix}.running_var"],
        state[f"{prefix}.weight"],
        state[f"{prefix}.bias"],
        training=False,
        eps=EPS,
    )


def relu6(x: torch.Tensor) -> torch.Tensor:
    return x.clamp(0.0, 6.0)


def forward(state: dict, pixels: torch.Tensor) -> torch.Tensor:
    """ImageNet logits, shape (batch, 1000), of normalised ``pixels`` (batch, 3, H, W)."""
    x = F.conv2d(pad_same(pixels, 3, 2), state["_conv_stem.weight"], stride=2)
    x = relu6(batch_norm(x, state, "_bn0"))
    block = 0
    for repeats, kernel, first_stride, expansion, channels in STAGES:
        for repeat in range(repeats):
            stride = first_stride if repeat == 0 else 1
            prefix = f"_blocks.{block}"
            h = x
            if expansion != 1:
                h = F.conv2d(h, state[f"{prefix}._expand_conv.weight"])
                h = relu6(batch_norm(h, state, f"{prefix}._bn0"))
            h = F.conv2d(
                pad_same(h, kernel, stride),
                state[f"{prefix}._depthwise_conv.weight"],
                stride=stride,
                groups=h.shape[1],
            )
            h = relu6(batch_norm(h, state, f"{prefix}._bn1"))
            h = batch_norm(
                F.conv2d(h, state[f"{prefix}._project_conv.weight"]), state, f"{prefix}._bn2"
            )
            if stride == 1 and x.shape[1] == channels:
                h = h + x  # identity skip; drop-connect is off at inference
            x = h
            block += 1
    x = relu6(batch_norm(F.conv2d(x, state["_conv_head.weight"]), state, "_bn1"))
    return F.linear(x.mean(dim=(2, 3)), state["_fc.weight"], state["_fc.bias"])
