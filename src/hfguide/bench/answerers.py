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

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from hfguide.bench.prompts import ANSWER_PREFIX, chat_messages, question_text
from hfguide.bench.questions import LETTERS, BenchError, Question

KINDS = ("embedding", "zero-shot", "causal-lm")

Answerer = Callable[[Sequence[Question], int], list[int]]


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
        A function of a batch of questions and a batch size, giving each question's choice index.

    Raises:
        BenchError: The model cannot be loaded for feature extraction.
    """
    extractor = _pipeline("feature-extraction", model_id, device)

    def answer(batch: Sequence[Question], batch_size: int) -> list[int]:
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
        picks, i = [], 0
        for q in batch:
            question, choices = vectors[i], vectors[i + 1 : i + 1 + len(q.choices)]
            picks.append(int(np.argmax([float(question @ c) for c in choices])))
            i += 1 + len(q.choices)
        return picks

    return answer


def zero_shot_answerer(model_id: str, device: str | int | None = None) -> Answerer:
    """An answerer picking the choice the zero-shot classification pipeline ranks first.

    Args:
        model_id: A Hub model id or a local folder of an NLI classifier.
        device: A torch device name, or None for transformers' own choice.

    Returns:
        A function of a batch of questions and a batch size, giving each question's choice index.

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

    def answer(batch: Sequence[Question], batch_size: int) -> list[int]:
        picks = []
        for q in batch:
            labels = [
                f"{LETTERS[i]}. {c}" for i, c in enumerate(q.choices)
            ]  # keeps equal texts apart
            result = classifier(q.question, candidate_labels=labels, batch_size=batch_size)
            picks.append(labels.index(result["labels"][0]))
        return picks

    return answer


class LetterScorer:
    """A causal language model answering by the logits of the option letters.

    One forward pass per question: the prompt ends where the option letter comes (after
    ``ANSWER_PREFIX`` in the assistant's turn of the chat template, or after the same words on
    their own line for a model without a template), and the answer is the letter whose token the
    model rates highest there. Questions go through in
    batches padded on the left, so every prompt ends at the last position; the attention mask
    hides the padding and the position ids count real tokens only, so a question's scores do not
    depend on the other questions in its batch.

    Calling the scorer with a batch of questions and a batch size returns the index of the chosen
    option of each question.

    Args:
        model: A loaded causal language model (``AutoModelForCausalLM``).
        tokenizer: Its tokenizer; the scorer sets it to pad on the left.
    """

    def __init__(self, model: Any, tokenizer: Any):
        self.model, self.tokenizer = model.eval(), tokenizer
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.chat = bool(getattr(tokenizer, "chat_template", None))
        # A letter may be its own token with or without a leading space: either counts.
        self.letter_ids: list[list[int]] = []
        for letter in LETTERS:
            variants = {
                ids[0]
                for text in (letter, " " + letter)
                if len(ids := tokenizer.encode(text, add_special_tokens=False)) == 1
            }
            self.letter_ids.append(sorted(variants))

    def prompt(self, question: Question) -> str:
        """The text the model reads for a question, ending where the option letter comes.

        For a chat model this is ``chat_messages(question)`` through the chat template with the
        assistant's message left open: the same text the text-generation pipeline builds from
        those messages with ``continue_final_message=True``.

        Args:
            question: The question and its choices.

        Returns:
            The prompt text, special tokens included for a chat model.
        """
        if self.chat:
            return self.tokenizer.apply_chat_template(
                chat_messages(question), tokenize=False, continue_final_message=True
            )
        return f"{question_text(question)}\n{ANSWER_PREFIX}"

    def letter_scores(self, questions: Sequence[Question]) -> Any:
        """A (questions, choices) tensor: each option letter's best logit at the answer position.

        Questions with fewer choices than the widest are padded with ``-inf``.

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
        # A chat template writes the special tokens it needs itself.
        encoded = self.tokenizer(
            [self.prompt(q) for q in questions],
            return_tensors="pt",
            padding=True,
            add_special_tokens=not self.chat,
        ).to(self.model.device)
        mask = encoded["attention_mask"]
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        with torch.no_grad():
            logits = (
                self.model(
                    input_ids=encoded["input_ids"],
                    attention_mask=mask,
                    position_ids=positions,
                    logits_to_keep=1,
                )
                .logits[:, -1, :]
                .float()
            )
        scores = torch.full((len(questions), width), float("-inf"))
        for row, question in enumerate(questions):
            for i in range(len(question.choices)):
                scores[row, i] = logits[row, self.letter_ids[i]].max().cpu()
        return scores

    def __call__(self, batch: Sequence[Question], batch_size: int) -> list[int]:
        picks: list[int] = []
        for start in range(0, len(batch), batch_size):
            scores = self.letter_scores(batch[start : start + batch_size])
            picks.extend(int(row) for row in scores.argmax(dim=1).tolist())
        return picks


def causal_lm_answerer(model_id: str, device: str | int | None = None) -> LetterScorer:
    """A ``LetterScorer`` over a causal language model loaded in its own dtype.

    Args:
        model_id: A Hub model id or a local folder of a ``...ForCausalLM`` model.
        device: A torch device name, or None for transformers' own choice.

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
    return LetterScorer(model, tokenizer)


ANSWERERS: dict[str, Callable[..., Answerer]] = {
    "embedding": embedding_answerer,
    "zero-shot": zero_shot_answerer,
    "causal-lm": causal_lm_answerer,
}
