"""How each kind of model answers a multiple-choice question.

* **embedding** models (feature extraction, sentence similarity): the choice whose embedding is
  closest (cosine) to the question's;
* **zero-shot** models (NLI classifiers): the choice the zero-shot pipeline ranks first;
* **causal language models** (text generation): the option letter the model finds most likely
  as the next word of an answer begun with ``ANSWER_PREFIX``, read from the logits of one
  forward pass over the question with the lettered choices (in the model's chat template when
  it has one).

transformers and torch are imported inside the functions that use them: loading them takes
seconds, and ``hfguide bench --help`` (and the CLI's other commands) need neither.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hfguide.bench.fused import fuse_rms_norms, trim_last_mlp
from hfguide.bench.prompts import PROMPT_STYLES, prompt_text
from hfguide.bench.questions import LETTERS, BenchError, Question
from hfguide.bench.throughput import pass_flop

KINDS = ("embedding", "zero-shot", "causal-lm")

#: A function of a batch of questions and a batch size giving each question's scores, one per
#: choice (higher is better; the answer is the best). A plain int is taken as the chosen index
#: without scores.
Answerer = Callable[[Sequence[Question], int], list[Any]]


def model_revision(model_id: str) -> str | None:
    """The commit of a Hub model as the Hugging Face cache holds it; None for a local folder or a
    model not in the cache."""
    from huggingface_hub import try_to_load_from_cache  # as transformers: only with a model

    if Path(model_id).is_dir():
        return None
    try:
        found = try_to_load_from_cache(model_id, "config.json")
    except ValueError:  # not a Hub id
        return None
    return Path(found).parent.name if isinstance(found, str) else None


def _pipeline_info(pipe: Any, model_id: str) -> dict[str, Any]:
    return {
        "revision": model_revision(model_id),
        "dtype": str(pipe.model.dtype).removeprefix("torch."),
    }


def detect_kind(model_id: str) -> str:
    """The bench kind a model supports, from its configuration's architecture.

    Args:
        model_id: A Hub model id or a local folder.

    Returns:
        ``causal-lm``, ``zero-shot`` or ``embedding`` (one of ``KINDS``).

    Raises:
        BenchError: The configuration cannot be loaded, or the model is a classifier without an
            entailment label.
    """
    from transformers import AutoConfig

    try:
        config = AutoConfig.from_pretrained(model_id)
    except (OSError, ValueError) as err:
        raise BenchError(f"cannot load model {model_id!r}: {str(err).splitlines()[0]}") from None
    architectures = " ".join(config.architectures or [])
    if "ForCausalLM" in architectures:
        return "causal-lm"
    labels = " ".join(str(v).lower() for v in (getattr(config, "id2label", None) or {}).values())
    if "ForSequenceClassification" in architectures and "entail" in labels:
        return "zero-shot"
    if "ForSequenceClassification" in architectures or "ForTokenClassification" in architectures:
        raise BenchError(
            f"{model_id} is a {config.architectures[0]} without an entailment label: "
            "it cannot answer multiple-choice questions"
        )
    return "embedding"


def _pipeline(task: str, model_id: str, device: str | int | None):
    from transformers import pipeline

    try:
        return pipeline(task, model=model_id, device=device)
    except (OSError, ValueError, KeyError) as err:
        raise BenchError(
            f"cannot load model {model_id!r} for {task}: {str(err).splitlines()[0]}"
        ) from None


def embedding_answerer(model_id: str, device: str | int | None = None) -> Answerer:
    """An answerer picking the choice whose mean-pooled embedding is closest to the question's.

    Args:
        model_id: A Hub model id or a local folder of a feature-extraction model.
        device: A torch device name, or None for transformers' own choice.

    Returns:
        A function of a batch of questions and a batch size, giving each question's cosine
        similarity to each choice.

    Raises:
        BenchError: The model cannot be loaded for feature extraction.
    """
    extractor = _pipeline("feature-extraction", model_id, device)

    def answer(batch: Sequence[Question], batch_size: int) -> list[list[float]]:
        texts = [text for q in batch for text in (q.question, *q.choices)]
        tokenizer = extractor.tokenizer
        lengths = [len(ids) for ids in tokenizer(texts, truncation=True)["input_ids"]]
        # Texts of similar length go through the model together: little time goes on padding.
        order = sorted(range(len(texts)), key=lengths.__getitem__)
        # return_tensors keeps torch tensors; the default makes every hidden state a Python list.
        outputs = extractor(
            [texts[i] for i in order], batch_size=batch_size, truncation=True, return_tensors=True
        )
        vectors: list[Any] = [None] * len(texts)
        for i, output in zip(order, outputs, strict=True):
            # Padded positions come back too: pool over the real tokens only, as
            # sentence-transformers models are trained (mean pooling under the attention mask).
            tokens = output[0].double().numpy()
            n = lengths[i]
            tokens = tokens[:n] if tokenizer.padding_side == "right" else tokens[-n:]
            mean = tokens.mean(axis=0)
            vectors[i] = mean / np.linalg.norm(mean)
        scores, i = [], 0
        for q in batch:
            question, choices = vectors[i], vectors[i + 1 : i + 1 + len(q.choices)]
            scores.append([float(question @ c) for c in choices])
            i += 1 + len(q.choices)
        return scores

    answer.info = _pipeline_info(extractor, model_id)  # type: ignore[attr-defined]
    return answer


def zero_shot_answerer(model_id: str, device: str | int | None = None) -> Answerer:
    """An answerer picking the choice the zero-shot classification pipeline ranks first.

    Args:
        model_id: A Hub model id or a local folder of an NLI classifier.
        device: A torch device name, or None for transformers' own choice.

    Returns:
        A function of a batch of questions and a batch size, giving each question's score (the
        pipeline's) for each choice.

    Raises:
        BenchError: The model has no entailment label or cannot be loaded.
    """
    from transformers import AutoConfig

    labels = " ".join(
        str(v).lower() for v in (AutoConfig.from_pretrained(model_id).id2label or {}).values()
    )
    if "entail" not in labels:
        raise BenchError(
            f"{model_id} has no entailment label, so it cannot do zero-shot classification"
        )
    classifier = _pipeline("zero-shot-classification", model_id, device)

    def answer(batch: Sequence[Question], batch_size: int) -> list[list[float]]:
        scores = []
        for q in batch:
            labels = [
                f"{LETTERS[i]}. {c}" for i, c in enumerate(q.choices)
            ]  # keeps equal texts apart
            result = classifier(q.question, candidate_labels=labels, batch_size=batch_size)
            by_label = dict(zip(result["labels"], result["scores"], strict=True))
            scores.append([float(by_label[label]) for label in labels])
        return scores

    answer.info = _pipeline_info(classifier, model_id)  # type: ignore[attr-defined]
    return answer


class LetterScorer:
    """A causal language model answering by the scores of the option letters.

    One forward pass per question: the prompt ends where the option letter comes (after
    ``ANSWER_PREFIX`` in the assistant's turn of the chat template, or after the same words on
    their own line in the plain style), and the answer is the letter the model finds most likely
    there. A letter's score is its log-probability at that position (the best of its token with
    and without a leading space).

    The work is cut to what the answer needs:

    * every prompt is tokenized once (``prepare``), and the token lengths order the batches, so
      prompts of the same length share one and little goes on padding;
    * the tokens all prompts begin with (the chat template's system turn, the worked examples)
      go through the model once; their keys and values (a ``DynamicCache``) are copied over each
      batch, which then computes only the rest of its prompts;
    * the output layer runs at the last position only (``logits_to_keep=1``).

    Batches are padded on the left, after the shared beginning; the attention mask hides the
    padding and the position ids count real tokens only, so a question's scores do not depend on
    the other questions in its batch.

    Calling the scorer with a batch of questions and a batch size returns each question's
    letter scores, one per choice.

    Args:
        model: A loaded causal language model (``AutoModelForCausalLM``).
        tokenizer: Its tokenizer; the scorer sets it to pad on the left.
        prompt: ``auto`` (the chat template when the tokenizer has one, else plain), ``chat`` or
            ``plain`` (see ``PROMPT_STYLES``).
        shots: Worked examples put before every question.

    Raises:
        BenchError: An unknown prompt style, or ``chat`` for a tokenizer without a template.
    """

    #: The stages the scorer's time goes to, in seconds (``stages``).
    STAGES = ("tokenize", "prefix", "forward", "score")

    def __init__(
        self, model: Any, tokenizer: Any, *, prompt: str = "auto", shots: Sequence[Question] = ()
    ):
        self.model, self.tokenizer = model.eval(), tokenizer
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        has_template = bool(getattr(tokenizer, "chat_template", None))
        if prompt == "auto":
            prompt = "chat" if has_template else "plain"
        if prompt not in PROMPT_STYLES:
            raise BenchError(
                f"unknown prompt style {prompt!r}; one of auto, {', '.join(PROMPT_STYLES)}"
            )
        if prompt == "chat" and not has_template:
            raise BenchError("--prompt chat: the model's tokenizer has no chat template; use plain")
        self.style = prompt
        self.chat = prompt == "chat"
        #: The model's commit, where it came from the Hub (``causal_lm_answerer`` sets it).
        self.revision: str | None = None
        #: How many of the model's norms run as one kernel (``causal_lm_answerer`` sets it).
        self.fused_norms = 0
        #: The parameters of the last layer's MLP when it runs at the last position only
        #: (``trim_last_mlp``), else 0.
        self.trimmed_last_mlp = 0
        self.shots = tuple(shots)
        # A letter may be its own token with or without a leading space: either counts.
        self.letter_ids: list[list[int]] = []
        for letter in LETTERS:
            variants = {
                ids[0]
                for text in (letter, " " + letter)
                if len(ids := tokenizer.encode(text, add_special_tokens=False)) == 1
            }
            self.letter_ids.append(sorted(variants))
        #: Seconds spent per stage: tokenizing, the shared beginning, the model's forward passes,
        #: reading the scores.
        self.stages: dict[str, float] = dict.fromkeys(self.STAGES, 0.0)
        #: Tokens: in the prompts, in their shared beginning, computed (with padding) and padding.
        self.work: dict[str, int] = dict.fromkeys(
            (
                "prompt_tokens",
                "prefix_tokens",
                "computed_tokens",
                "padding_tokens",
                "passes",
                "flop",
            ),
            0,
        )
        self._suffixes: dict[Question, list[int]] = {}
        self._prefix: list[int] = []
        self._prefix_cache: Any = None
        self._example = ""

    def prompt(self, question: Question) -> str:
        """The text the model reads for a question, ending where the option letter comes.

        For the chat style this is ``chat_messages(question, shots)`` through the chat template
        with the assistant's message left open: the same text the text-generation pipeline
        builds from those messages with ``continue_final_message=True``.

        Args:
            question: The question and its choices.

        Returns:
            The prompt text, special tokens included for a chat model.
        """
        return prompt_text(self.tokenizer, question, self.style, self.shots)

    def encode(self, question: Question) -> list[int]:
        """The token ids of ``prompt(question)``: a chat template writes its special tokens
        itself, a plain prompt gets the tokenizer's (a beginning-of-text token, for most)."""
        return self.tokenizer(self.prompt(question), add_special_tokens=not self.chat)["input_ids"]

    def prepare(self, questions: Sequence[Question]) -> list[int]:
        """Tokenize every prompt and run the tokens they all begin with through the model once.

        Later calls score these questions without tokenizing them again, computing only what
        follows the shared beginning.

        Args:
            questions: The questions about to be scored.

        Returns:
            Each question's prompt length in tokens, to order the batches by.
        """
        import torch

        t0 = time.perf_counter()
        encoded = [self.encode(q) for q in questions]
        self._example = self.prompt(questions[0])
        # The longest beginning all prompts share, token by token (so the split matches what
        # tokenizing each prompt whole gives), leaving at least one token of each to compute.
        shared = min(len(ids) for ids in encoded) - 1
        first = encoded[0]
        for ids in encoded[1:]:
            n = 0
            while n < shared and ids[n] == first[n]:
                n += 1
            shared = n
        self._prefix = first[:shared]
        self._suffixes = {q: ids[shared:] for q, ids in zip(questions, encoded, strict=True)}
        self.work["prompt_tokens"] += sum(len(ids) for ids in encoded)
        self.work["prefix_tokens"] = shared
        t1 = time.perf_counter()
        self.stages["tokenize"] += t1 - t0
        self._prefix_cache = None
        if self._prefix:
            with torch.no_grad():
                output = self.model(
                    input_ids=torch.tensor([self._prefix], device=self.model.device),
                    use_cache=True,
                    logits_to_keep=1,
                )
            self._prefix_cache = (
                output.cache if hasattr(output, "cache") else output.past_key_values
            )
            self.work["computed_tokens"] += shared
            self.work["passes"] += 1
            self.work["flop"] += pass_flop(
                self.model, 1, shared, 0, read_only_parameters=self.trimmed_last_mlp
            )
        self.stages["prefix"] += time.perf_counter() - t1
        return [len(ids) for ids in encoded]

    def letter_scores(self, questions: Sequence[Question]) -> Any:
        """A (questions, choices) tensor: each option letter's log-probability at the answer
        position, the best of its token variants.

        Questions with fewer choices than the widest are padded with ``-inf``. Questions not
        seen by ``prepare`` are prepared first (as a set of their own).

        Args:
            questions: The questions of one forward pass.

        Returns:
            A float ``torch.Tensor`` of shape ``(len(questions), most choices)``.

        Raises:
            BenchError: The tokenizer has no single token for an option letter.
        """
        import torch

        width = max(len(q.choices) for q in questions)
        if any(not ids for ids in self.letter_ids[:width]):
            raise BenchError("the model's tokenizer has no single token for an option letter")
        if any(q not in self._suffixes for q in questions):
            self.prepare(questions)
        t0 = time.perf_counter()
        suffixes = [self._suffixes[q] for q in questions]
        longest = max(len(ids) for ids in suffixes)
        pad = self.tokenizer.pad_token_id
        input_ids = torch.tensor([[pad] * (longest - len(ids)) + ids for ids in suffixes])
        mask = torch.tensor([[0] * (longest - len(ids)) + [1] * len(ids) for ids in suffixes])
        shared = len(self._prefix)
        # Positions count real tokens only, after the shared beginning's.
        positions = (mask.cumsum(-1) - 1).clamp(min=0) + shared
        mask = torch.cat([torch.ones(len(questions), shared, dtype=mask.dtype), mask], dim=1)
        device = self.model.device
        cache = None
        if self._prefix_cache is not None:
            cache = copy.deepcopy(self._prefix_cache)
            cache.batch_repeat_interleave(len(questions))
        self.work["computed_tokens"] += longest * len(questions)
        self.work["padding_tokens"] += sum(longest - len(ids) for ids in suffixes)
        self.work["passes"] += 1
        self.work["flop"] += pass_flop(
            self.model,
            len(questions),
            longest,
            shared,
            read_only_parameters=self.trimmed_last_mlp,
        )
        t1 = time.perf_counter()
        with torch.no_grad():
            logits = self.model(
                input_ids=input_ids.to(device),
                attention_mask=mask.to(device),
                position_ids=positions.to(device),
                use_cache=cache is not None,
                logits_to_keep=1,
                **({"cache": cache} if cache is not None else {}),
            ).logits[:, -1, :]
        t2 = time.perf_counter()
        log_probs = logits.float().log_softmax(dim=-1).cpu()
        scores = torch.full((len(questions), width), float("-inf"))
        for i in range(width):
            best = log_probs[:, self.letter_ids[i]].max(dim=1).values
            scores[:, i] = best
        for row, question in enumerate(questions):
            scores[row, len(question.choices) :] = float("-inf")
        t3 = time.perf_counter()
        self.stages["tokenize"] += t1 - t0
        self.stages["forward"] += t2 - t1
        self.stages["score"] += t3 - t2
        return scores

    def __call__(self, batch: Sequence[Question], batch_size: int) -> list[list[float]]:
        scores: list[list[float]] = []
        for start in range(0, len(batch), batch_size):
            chunk = batch[start : start + batch_size]
            rows = self.letter_scores(chunk).tolist()
            scores.extend(row[: len(q.choices)] for row, q in zip(rows, chunk, strict=True))
        return scores

    @property
    def info(self) -> dict[str, Any]:
        """What a report records about the run: prompt style, shots, the first question's whole
        prompt, revision, dtype, the work done and the time per stage."""
        return {
            "prompt_style": self.style,
            "shots": len(self.shots),
            "prompt": self._example,
            "revision": self.revision,
            "dtype": str(self.model.dtype).removeprefix("torch."),
            "fused_norms": self.fused_norms,
            "trimmed_last_mlp": self.trimmed_last_mlp > 0,
            "work": dict(self.work),
            "stages_s": {k: round(v, 4) for k, v in self.stages.items()},
        }


def causal_lm_answerer(
    model_id: str,
    device: str | int | None = None,
    *,
    prompt: str = "auto",
    shots: Sequence[Question] = (),
) -> LetterScorer:
    """A ``LetterScorer`` over a causal language model loaded in its own dtype.

    A float32 model's Llama-style RMS norms run as one kernel each (``fuse_rms_norms``), and a
    Llama-style model's last MLP runs at the last position only, the one the scorer reads
    (``trim_last_mlp``): the same numbers, less time.

    Args:
        model_id: A Hub model id or a local folder of a ``...ForCausalLM`` model.
        device: A torch device name, or None for transformers' own choice.
        prompt: The prompt style: ``auto``, ``chat`` or ``plain``.
        shots: Worked examples put before every question.

    Returns:
        The scorer, an answerer like the others.

    Raises:
        BenchError: The model is not a causal language model or cannot be loaded.
    """
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    try:
        architectures = AutoConfig.from_pretrained(model_id).architectures or []
    except (OSError, ValueError) as err:
        raise BenchError(f"cannot load model {model_id!r}: {str(err).splitlines()[0]}") from None
    if not any("ForCausalLM" in a for a in architectures):
        raise BenchError(
            f"{model_id} is not a causal language model, so it cannot score answer letters"
        )
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_id)
        model = AutoModelForCausalLM.from_pretrained(model_id, dtype="auto")
    except (OSError, ValueError, KeyError) as err:
        raise BenchError(f"cannot load model {model_id!r}: {str(err).splitlines()[0]}") from None
    if device is not None:
        model = model.to(device)
    fused = fuse_rms_norms(model)
    trimmed = trim_last_mlp(model)  # the scorer reads the last position's logits only
    scorer = LetterScorer(model, tokenizer, prompt=prompt, shots=shots)
    scorer.revision = model_revision(model_id)
    scorer.fused_norms = fused
    scorer.trimmed_last_mlp = trimmed
    return scorer


ANSWERERS: dict[str, Callable[..., Answerer]] = {
    "embedding": embedding_answerer,
    "zero-shot": zero_shot_answerer,
    "causal-lm": causal_lm_answerer,
}
