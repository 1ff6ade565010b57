"""Locally built stand-ins for Hub models whose weights CI cannot get.

A snippet on the site that needs such a model runs verbatim in CI against a stand-in: the same
architecture class and tokenizer class (or processor class, for models that see images) as the
real model, with a shrunk config (random weights, seeded), a tokenizer trained here on the site's
own text and an image processor shrunk to small images. Each is saved under the real Hub id
in a separate, test-only Hugging Face cache, so ``from_pretrained("org/name")`` resolves it as it
would resolve a download. A stand-in's output means nothing; tests check only its shape (line
count, label set, value types), and no page ever shows it.

The label sets are those of the real models' ``config.json`` (``id2label``), as their model cards
on the Hub show them. Image processors are transformers' PIL-based classes: the ones the
``Auto`` classes pick when torchvision is not installed (it does not import beside the pinned
CPU build of PyTorch).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Scratch folder inside a snapshot while a tokenizer is built; removed after saving.
WORK_DIR = ".build"

SST2_LABELS = ["NEGATIVE", "POSITIVE"]
#: The 80 object classes of COCO 2017, which COCO-trained detectors name.
COCO_LABELS = (
    "person|bicycle|car|motorcycle|airplane|bus|train|truck|boat|traffic light|fire hydrant|"
    "stop sign|parking meter|bench|bird|cat|dog|horse|sheep|cow|elephant|bear|zebra|giraffe|"
    "backpack|umbrella|handbag|tie|suitcase|frisbee|skis|snowboard|sports ball|kite|"
    "baseball bat|baseball glove|skateboard|surfboard|tennis racket|bottle|wine glass|cup|"
    "fork|knife|spoon|bowl|banana|apple|sandwich|orange|broccoli|carrot|hot dog|pizza|donut|"
    "cake|chair|couch|potted plant|bed|dining table|toilet|tv|laptop|mouse|remote|keyboard|"
    "cell phone|microwave|oven|toaster|sink|refrigerator|book|clock|vase|scissors|teddy bear|"
    "hair drier|toothbrush"
).split("|")
MNLI_LABELS = ["contradiction", "neutral", "entailment"]
CONLL_LABELS = ["O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]

#: Tiny transformer dimensions shared by every stand-in.
SMALL = {"hidden": 32, "layers": 1, "heads": 2, "ffn": 64, "positions": 512}


def site_corpus() -> list[str]:
    """Lines of the site's own pages: text to train the stand-in tokenizers on."""
    lines = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        lines += [ln.strip() for ln in page.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


# --- tokenizers -------------------------------------------------------------------------------


def wordpiece_vocab(corpus: Iterable[str], *, lowercase: bool, size: int = 2000) -> dict[str, int]:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=lowercase)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tok.train_from_iterator(
        corpus, trainers.WordPieceTrainer(vocab_size=size, special_tokens=specials)
    )
    return tok.get_vocab()


def byte_bpe(corpus: Iterable[str], size: int = 2000) -> tuple[dict[str, int], list[tuple]]:
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=size,
        special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(corpus, trainer)
    merges = json.loads(tok.to_str())["model"]["merges"]
    return tok.get_vocab(), [
        tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in merges
    ]


def auto_tokenizer_class(model_type: str):
    """The tokenizer class ``AutoTokenizer`` picks for a model type, as for the real repo."""
    from transformers.models.auto.tokenization_auto import (
        TOKENIZER_MAPPING_NAMES,
        tokenizer_class_from_name,
    )

    return tokenizer_class_from_name(TOKENIZER_MAPPING_NAMES[model_type])


def wordpiece_tokenizer(model_type: str, *, lowercase: bool):
    def build(folder: Path, corpus: list[str]):
        vocab = wordpiece_vocab(corpus, lowercase=lowercase)
        return auto_tokenizer_class(model_type)(vocab=vocab, do_lower_case=lowercase)

    return build


def byte_bpe_tokenizer(model_type: str):
    def build(folder: Path, corpus: list[str]):
        vocab, merges = byte_bpe(corpus)
        return auto_tokenizer_class(model_type)(vocab=vocab, merges=merges)

    return build


def marian_tokenizer(folder: Path, corpus: list[str]):
    """A MarianTokenizer over a SentencePiece model trained here (source and target alike)."""
    import io

    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus),
        model_writer=buffer,
        vocab_size=1000,
        model_type="unigram",
        minloglevel=2,
    )
    work = folder / WORK_DIR
    work.mkdir(parents=True, exist_ok=True)
    for side in ("source", "target"):
        (work / f"{side}.spm").write_bytes(buffer.getvalue())
    model = spm.SentencePieceProcessor(model_proto=buffer.getvalue())
    pieces = [model.id_to_piece(i) for i in range(model.get_piece_size())]
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        if piece not in ("<unk>", "<s>", "</s>"):
            vocab.setdefault(piece, len(vocab))
    vocab["<pad>"] = len(vocab)
    (work / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    return auto_tokenizer_class("marian")(
        source_spm=str(work / "source.spm"),
        target_spm=str(work / "target.spm"),
        vocab=str(work / "vocab.json"),
        source_lang="en",
        target_lang="fr",
    )


#: SmolVLM's chat template: the role, the text and an ``<image>`` per image part of each message.
SMOLVLM_CHAT_TEMPLATE = (
    "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}"
    "{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}"
    "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}"
    "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n"
    "{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}"
)
#: Image side of the Idefics3 stand-in: 32-pixel tiles of 8-pixel patches, merged 2 x 2 into
#: 4 image tokens per tile; a photo is split into 2 x 2 tiles plus a global view.
IDEFICS3_TILE, IDEFICS3_PATCH, IDEFICS3_SCALE = 32, 8, 2
#: Image side of the CLIP stand-in, in 8-pixel patches.
CLIP_IMAGE = 32


def idefics3_processor(folder: Path, corpus: list[str]):
    """An ``Idefics3Processor``: a byte-level BPE ``GPT2Tokenizer`` (as SmolVLM has) with the
    image tokens, and a PIL ``Idefics3ImageProcessor`` cutting photos into small tiles."""
    from transformers import GPT2Tokenizer, Idefics3Processor
    from transformers.models.idefics3.image_processing_pil_idefics3 import (
        Idefics3ImageProcessorPil,
    )

    vocab, merges = byte_bpe(corpus)
    tokenizer = GPT2Tokenizer(
        vocab=vocab,
        merges=merges,
        bos_token="<|im_start|>",
        eos_token="<end_of_utterance>",
        pad_token="<|im_end|>",
        unk_token="<unk>",
    )
    grid = [f"<row_{i}_col_{j}>" for i in range(1, 7) for j in range(1, 7)]
    tokenizer.add_special_tokens(
        {
            "additional_special_tokens": [
                "<|im_start|>",
                "<|im_end|>",
                "<fake_token_around_image>",
                "<image>",
                "<end_of_utterance>",
                "<global-img>",
                *grid,
            ]
        }
    )
    images = Idefics3ImageProcessorPil(
        size={"longest_edge": 2 * IDEFICS3_TILE},
        max_image_size={"longest_edge": IDEFICS3_TILE},
        do_image_splitting=True,
    )
    return Idefics3Processor(
        image_processor=images,
        tokenizer=tokenizer,
        image_seq_len=(IDEFICS3_TILE // IDEFICS3_PATCH) ** 2 // IDEFICS3_SCALE**2,
        chat_template=SMOLVLM_CHAT_TEMPLATE,
    )


def rt_detr_processor(folder: Path, corpus: list[str]):
    """A PIL ``RTDetrImageProcessor`` resizing photos to 64 x 64 (the real one: 640 x 640)."""
    from transformers.models.rt_detr.image_processing_pil_rt_detr import RTDetrImageProcessorPil

    return RTDetrImageProcessorPil(size={"height": 64, "width": 64})


def clip_processor(folder: Path, corpus: list[str]):
    """A ``CLIPProcessor``: a lower-casing BPE ``CLIPTokenizer`` with CLIP's end-of-word marks,
    and a PIL ``CLIPImageProcessor`` cropping photos to 32 x 32 (the real one: 224)."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import CLIPProcessor, CLIPTokenizer
    from transformers.models.clip.image_processing_pil_clip import CLIPImageProcessorPil

    tok = Tokenizer(models.BPE(end_of_word_suffix="</w>"))
    tok.normalizer = normalizers.Lowercase()
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=2000,
        special_tokens=["<|startoftext|>", "<|endoftext|>"],
        end_of_word_suffix="</w>",
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(corpus, trainer)
    merges = json.loads(tok.to_str())["model"]["merges"]
    tokenizer = CLIPTokenizer(
        vocab=tok.get_vocab(),
        merges=[tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in merges],
    )
    images = CLIPImageProcessorPil(
        size={"shortest_edge": CLIP_IMAGE}, crop_size={"height": CLIP_IMAGE, "width": CLIP_IMAGE}
    )
    return CLIPProcessor(image_processor=images, tokenizer=tokenizer)


# --- configs ----------------------------------------------------------------------------------


def labels(names: list[str]) -> dict:
    return {
        "id2label": dict(enumerate(names)),
        "label2id": {name: i for i, name in enumerate(names)},
    }


def bert_like(model_type: str, tokenizer, **extra):
    from transformers import BertConfig, DistilBertConfig

    if model_type == "distilbert":
        return DistilBertConfig(
            vocab_size=len(tokenizer),
            dim=SMALL["hidden"],
            n_layers=SMALL["layers"],
            n_heads=SMALL["heads"],
            hidden_dim=SMALL["ffn"],
            max_position_embeddings=SMALL["positions"],
            pad_token_id=tokenizer.pad_token_id,
            **extra,
        )
    return BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=SMALL["hidden"],
        num_hidden_layers=SMALL["layers"],
        num_attention_heads=SMALL["heads"],
        intermediate_size=SMALL["ffn"],
        max_position_embeddings=SMALL["positions"],
        pad_token_id=tokenizer.pad_token_id,
        **extra,
    )


def encoder_decoder_dims(tokenizer) -> dict:
    """The shrunk sizes of an encoder-decoder config (BART and Marian name them alike)."""
    return {
        "vocab_size": len(tokenizer),
        "d_model": SMALL["hidden"],
        "encoder_layers": SMALL["layers"],
        "decoder_layers": SMALL["layers"],
        "encoder_attention_heads": SMALL["heads"],
        "decoder_attention_heads": SMALL["heads"],
        "encoder_ffn_dim": SMALL["ffn"],
        "decoder_ffn_dim": SMALL["ffn"],
        "max_position_embeddings": SMALL["positions"],
        "pad_token_id": tokenizer.pad_token_id,
        "eos_token_id": tokenizer.eos_token_id,
    }


def bart_config(tokenizer, **extra):
    from transformers import BartConfig

    return BartConfig(
        **encoder_decoder_dims(tokenizer),
        bos_token_id=tokenizer.bos_token_id,
        decoder_start_token_id=tokenizer.eos_token_id,
        forced_bos_token_id=tokenizer.bos_token_id,
        **extra,
    )


#: A chat template of phi-4's shape (``<|im_start|>role<|im_sep|>text<|im_end|>``), for the
#: stand-in's tokenizer: what matters is that ``apply_chat_template`` works as on the real model.
PHI4_CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}<|im_sep|>{{ m['content'] }}<|im_end|>"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant<|im_sep|>{% endif %}"
)


def phi4_tokenizer(folder: Path, corpus: list[str]):
    """phi-4's tokenizer class (GPT-2's byte-level BPE) trained here, with a chat template."""
    tokenizer = byte_bpe_tokenizer("gpt2")(folder, corpus)
    tokenizer.add_special_tokens(
        {"eos_token": "</s>", "pad_token": "<pad>", "bos_token": "<s>", "unk_token": "<unk>"}
    )
    tokenizer.add_special_tokens(
        {"additional_special_tokens": ["<|im_start|>", "<|im_sep|>", "<|im_end|>"]}
    )
    tokenizer.chat_template = PHI4_CHAT_TEMPLATE
    return tokenizer


def phi3_config(tokenizer):
    """phi-4's architecture (``Phi3ForCausalLM``), shrunk, released in bfloat16 as phi-4 is."""
    from transformers import Phi3Config

    return Phi3Config(
        vocab_size=len(tokenizer),
        hidden_size=SMALL["hidden"],
        intermediate_size=SMALL["ffn"],
        num_hidden_layers=SMALL["layers"],
        num_attention_heads=SMALL["heads"],
        num_key_value_heads=SMALL["heads"],
        max_position_embeddings=SMALL["positions"],
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )


def in_bfloat16(model) -> None:
    import torch

    model.to(torch.bfloat16)


def marian_config(tokenizer):
    from transformers import MarianConfig

    return MarianConfig(
        **encoder_decoder_dims(tokenizer), decoder_start_token_id=tokenizer.pad_token_id
    )


def idefics3_config(processor):
    """Idefics3 (SmolVLM): a one-layer SigLIP-style vision encoder and a one-layer Llama."""
    from transformers import Idefics3Config

    tokenizer = processor.tokenizer
    return Idefics3Config(
        vision_config={
            "hidden_size": SMALL["hidden"],
            "intermediate_size": SMALL["ffn"],
            "num_hidden_layers": SMALL["layers"],
            "num_attention_heads": SMALL["heads"],
            "image_size": IDEFICS3_TILE,
            "patch_size": IDEFICS3_PATCH,
        },
        text_config={
            "model_type": "llama",
            "vocab_size": len(tokenizer),
            "hidden_size": SMALL["hidden"],
            "intermediate_size": SMALL["ffn"],
            "num_hidden_layers": SMALL["layers"],
            "num_attention_heads": SMALL["heads"],
            "num_key_value_heads": SMALL["heads"],
            "max_position_embeddings": SMALL["positions"],
            "pad_token_id": tokenizer.pad_token_id,
            "bos_token_id": tokenizer.bos_token_id,
            "eos_token_id": tokenizer.eos_token_id,
        },
        scale_factor=IDEFICS3_SCALE,
        image_token_id=tokenizer.convert_tokens_to_ids("<image>"),
        pad_token_id=tokenizer.pad_token_id,
    )


def rt_detr_config(processor):
    """RT-DETR: a small ResNet backbone, one encoder and one decoder layer, 10 queries."""
    from transformers import RTDetrConfig, RTDetrResNetConfig

    width = SMALL["hidden"] // 2
    backbone = RTDetrResNetConfig(
        embedding_size=8,
        hidden_sizes=[8, width, width, width],
        depths=[1, 1, 1, 1],
        layer_type="basic",
        out_features=["stage2", "stage3", "stage4"],
    )
    return RTDetrConfig(
        backbone_config=backbone,
        encoder_in_channels=[width] * 3,
        encoder_hidden_dim=width,
        encoder_ffn_dim=SMALL["hidden"],
        encoder_attention_heads=SMALL["heads"],
        encoder_layers=SMALL["layers"],
        d_model=width,
        decoder_in_channels=[width] * 3,
        decoder_ffn_dim=SMALL["hidden"],
        decoder_attention_heads=SMALL["heads"],
        decoder_layers=SMALL["layers"],
        decoder_n_points=1,
        num_queries=10,
        num_denoising=0,
        **labels(COCO_LABELS),
    )


def clip_config(processor):
    """CLIP: one-layer text and vision transformers projecting into a 16-number space."""
    from transformers import CLIPConfig

    tokenizer = processor.tokenizer
    layer = {
        "hidden_size": SMALL["hidden"],
        "intermediate_size": SMALL["ffn"],
        "num_hidden_layers": SMALL["layers"],
        "num_attention_heads": SMALL["heads"],
    }
    return CLIPConfig(
        text_config={
            **layer,
            "vocab_size": len(tokenizer),
            "max_position_embeddings": 77,
            "bos_token_id": tokenizer.bos_token_id,
            "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id,
        },
        vision_config={**layer, "image_size": CLIP_IMAGE, "patch_size": 8},
        projection_dim=16,
    )


# --- output shapes ----------------------------------------------------------------------------

SCORE = r"(?P<score>\d+(?:\.\d+)?(?:e-\d+)?)"


def in_unit_interval(text: str) -> bool:
    return 0.0 <= float(text) <= 1.0


@dataclass(frozen=True)
class Lines:
    """Every printed line matches ``pattern`` (full match; a ``score`` group lies in [0, 1])."""

    pattern: str
    count: int | None = None  # exact number of lines; None: at least one
    scores_sum_to_one: bool = False

    def check(self, lines: list[str], source: str) -> None:
        assert lines if self.count is None else len(lines) == self.count, lines
        scores = []
        for line in lines:
            match = re.fullmatch(self.pattern, line)
            assert match, f"{line!r} does not match {self.pattern!r}"
            if "score" in match.groupdict():
                assert in_unit_interval(match["score"]), line
                scores.append(float(match["score"]))
        if self.scores_sum_to_one:
            assert abs(sum(scores) - 1) <= 0.01 * len(scores), scores


@dataclass(frozen=True)
class SpanOfSource:
    """One line: a non-empty span of a passage written in the snippet (extractive QA)."""

    def check(self, lines: list[str], source: str) -> None:
        assert len(lines) == 1 and lines[0].strip(), lines
        assert lines[0] in source, f"{lines[0]!r} is not a span of the snippet's passage"


@dataclass(frozen=True)
class FirstLine:
    """The first line is ``text`` exactly (a fact of the stand-in, such as its dtype); the lines
    after it (generated text, one or more) are not checked."""

    text: str

    def check(self, lines: list[str], source: str) -> None:
        assert len(lines) >= 2 and lines[0] == self.text, lines


def one_of(names: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(n) for n in names) + ")"


# --- the stand-ins ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StandIn:
    hub_id: str
    architecture: str  # the transformers model class of the real model
    tokenizer: Callable  # (folder, corpus) -> tokenizer, processor or image processor
    config: Callable  # that tokenizer or processor -> config
    output: Lines | SpanOfSource | FirstLine
    tweak: Callable | None = field(default=None)  # model -> None, after random init

    def build(self, folder: Path, corpus: list[str]) -> None:
        import torch
        import transformers

        torch.manual_seed(0)
        tokenizer = self.tokenizer(folder, corpus)
        model = getattr(transformers, self.architecture)(self.config(tokenizer))
        if self.tweak:
            self.tweak(model)
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)
        shutil.rmtree(folder / WORK_DIR, ignore_errors=True)


def favour_label(index: int, by: float = 4.0):
    """Raise one class's bias so the random classifier predicts it: entities to aggregate."""

    def tweak(model) -> None:
        import torch

        with torch.no_grad():
            model.classifier.bias[index] += by

    return tweak


def confident_detections(label: str, by: float = 6.0):
    """Raise one class's score in RT-DETR's heads so the random detector finds objects above the
    pipeline's threshold: boxes to print and draw."""

    def tweak(model) -> None:
        import torch

        index = COCO_LABELS.index(label)
        with torch.no_grad():
            for head in [*model.model.decoder.class_embed, model.model.enc_score_head]:
                head.bias[index] += by

    return tweak


WORD_SCORE_LINE = r".+ " + SCORE

STANDINS: tuple[StandIn, ...] = (
    StandIn(
        "distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        "DistilBertForSequenceClassification",
        wordpiece_tokenizer("distilbert", lowercase=True),
        lambda tok: bert_like("distilbert", tok, **labels(SST2_LABELS)),
        Lines(one_of(SST2_LABELS) + " " + SCORE + " .+", count=2),
    ),
    StandIn(
        "facebook/bart-large-mnli",
        "BartForSequenceClassification",
        byte_bpe_tokenizer("bart"),
        lambda tok: bart_config(tok, **labels(MNLI_LABELS)),
        Lines(SCORE + r" \w+", count=3, scores_sum_to_one=True),
    ),
    StandIn(
        "dslim/bert-base-NER",
        "BertForTokenClassification",
        wordpiece_tokenizer("bert", lowercase=False),
        lambda tok: bert_like("bert", tok, **labels(CONLL_LABELS)),
        Lines(one_of({n[2:] for n in CONLL_LABELS if n != "O"}) + " " + WORD_SCORE_LINE),
        tweak=favour_label(CONLL_LABELS.index("B-PER")),
    ),
    StandIn(
        "google-bert/bert-base-uncased",
        "BertForMaskedLM",
        wordpiece_tokenizer("bert", lowercase=True),
        lambda tok: bert_like("bert", tok),
        Lines(WORD_SCORE_LINE, count=3),
    ),
    StandIn(
        "distilbert/distilbert-base-cased-distilled-squad",
        "DistilBertForQuestionAnswering",
        wordpiece_tokenizer("distilbert", lowercase=False),
        lambda tok: bert_like("distilbert", tok),
        SpanOfSource(),
    ),
    StandIn(
        "sshleifer/distilbart-cnn-12-6",
        "BartForConditionalGeneration",
        byte_bpe_tokenizer("bart"),
        bart_config,
        Lines(r".*", count=1),
    ),
    StandIn(
        "microsoft/phi-4",
        "Phi3ForCausalLM",
        phi4_tokenizer,
        phi3_config,
        FirstLine("torch.bfloat16"),
        tweak=in_bfloat16,
    ),
    StandIn(
        "Helsinki-NLP/opus-mt-en-fr",
        "MarianMTModel",
        marian_tokenizer,
        marian_config,
        Lines(r".*", count=2),
    ),
    StandIn(
        "HuggingFaceTB/SmolVLM-256M-Instruct",
        "Idefics3ForConditionalGeneration",
        idefics3_processor,
        idefics3_config,
        Lines(r".*"),
    ),
    StandIn(
        "PekingU/rtdetr_r50vd_coco_o365",
        "RTDetrForObjectDetection",
        rt_detr_processor,
        rt_detr_config,
        Lines(
            one_of(COCO_LABELS)
            + " "
            + SCORE
            + r" \{'xmin': \d+, 'ymin': \d+, 'xmax': \d+, 'ymax': \d+\}"
        ),
        tweak=confident_detections("cup"),
    ),
    StandIn(
        "openai/clip-vit-base-patch32",
        "CLIPModel",
        clip_processor,
        clip_config,
        Lines(SCORE + " .+", count=3, scores_sum_to_one=True),
    ),
)

BY_ID = {s.hub_id: s for s in STANDINS}


def standin_for(source: str) -> StandIn:
    """The one stand-in whose Hub id a snippet names."""
    named = [s for s in STANDINS if f'"{s.hub_id}"' in source]
    assert len(named) == 1, f"a contract-tested snippet names exactly one stand-in, not {named}"
    return named[0]


def build_cache(cache: Path, standins: Iterable[StandIn] = STANDINS) -> dict[str, Path]:
    """Build each stand-in into ``cache`` in the Hub cache layout; returns id → snapshot folder."""
    corpus = site_corpus()
    built = {}
    for standin in standins:
        revision = hashlib.sha1(f"stand-in {standin.hub_id}".encode()).hexdigest()
        repo = cache / ("models--" + standin.hub_id.replace("/", "--"))
        snapshot = repo / "snapshots" / revision
        standin.build(snapshot, corpus)
        (repo / "refs").mkdir(parents=True, exist_ok=True)
        (repo / "refs" / "main").write_text(revision)
        built[standin.hub_id] = snapshot
    return built
