"""Compare models on the same multiple-choice questions: accuracy, latency, throughput.

A question has a text, two or more choices and the index of the right one. Each model answers
in the way its kind allows:

* **embedding** models (feature extraction, sentence similarity): the choice whose embedding is
  closest (cosine) to the question's;
* **zero-shot** models (NLI classifiers): the choice the zero-shot pipeline ranks first;
* **causal language models** (text generation): the option letter the model finds most likely
  as the next word of an answer begun with ``ANSWER_PREFIX``, read from the logits of one
  forward pass over the question with the lettered choices (in the model's chat template when
  it has one).

All run through ``transformers``; questions go through the model in batches. ``hfguide models
seed`` lays the real weights the project's CI uses into the Hugging Face cache.
"""

from __future__ import annotations

import csv
import json
import math
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

BUILT_IN = {"mmlu-econometrics": "mmlu-econometrics.csv"}
KINDS = ("embedding", "zero-shot", "causal-lm")
LETTERS = "ABCDEFGHIJ"


class BenchError(ValueError):
    """Bad input for the bench: a file it cannot read, a model it cannot load or use."""


@dataclass(frozen=True)
class Question:
    """One multiple-choice question.

    Args:
        question: The question's text.
        choices: Two or more answer texts.
        answer: The index of the right choice in ``choices``.

    Raises:
        BenchError: With fewer than two choices, or an ``answer`` outside them.
    """

    question: str
    choices: tuple[str, ...]
    answer: int

    def __post_init__(self) -> None:
        if len(self.choices) < 2:
            raise BenchError(f"a question needs at least two choices: {self.question[:60]!r}")
        if not 0 <= self.answer < len(self.choices):
            raise BenchError(
                f"answer {self.answer} is not one of the {len(self.choices)} choices: "
                f"{self.question[:60]!r}"
            )


def _answer_index(value: Any, n_choices: int, where: str) -> int:
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    if len(text) == 1 and text.upper() in LETTERS[:n_choices]:
        return LETTERS.index(text.upper())
    raise BenchError(f"{where}: answer {value!r} is neither a choice index nor a letter")


def load_questions(spec: str | Path) -> list[Question]:
    """A built-in set by name (``mmlu-econometrics``) or a CSV / JSONL file.

    CSV: columns ``question``, ``choice0``..``choiceN`` (or ``A``..``D``) and ``answer`` (index or
    letter). JSONL: one object per line with ``question``, ``choices`` (a list) and ``answer``.

    Args:
        spec: A built-in set's name or the path of a ``.csv`` / ``.jsonl`` file.

    Returns:
        The questions in file order.

    Raises:
        BenchError: The name is no built-in set nor a file, or the file is unreadable, empty,
            missing columns or has an answer that is not one of its choices.
    """
    if str(spec) in BUILT_IN:
        path = resources.files("hfguide") / "questions" / BUILT_IN[str(spec)]
        return _load_csv(Path(str(path)), str(spec))
    path = Path(spec)
    if not path.is_file():
        raise BenchError(
            f"no question set {str(spec)!r}: not a built-in set ({', '.join(BUILT_IN)}) nor a file"
        )
    if path.suffix.lower() == ".csv":
        return _load_csv(path, str(path))
    if path.suffix.lower() in {".jsonl", ".json"}:
        return _load_jsonl(path)
    raise BenchError(f"{path}: use a .csv or .jsonl file")


def _load_csv(path: Path, name: str) -> list[Question]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise BenchError(f"{name}: cannot read it as CSV ({err})") from None
    if not rows:
        raise BenchError(f"{name}: no questions")
    columns = set(rows[0])
    choice_columns = sorted(
        (c for c in columns if c.startswith("choice")), key=lambda c: int(c[6:] or 0)
    ) or [c for c in LETTERS if c in columns]
    if "question" not in columns or "answer" not in columns or len(choice_columns) < 2:
        raise BenchError(
            f"{name}: a CSV needs columns question, choice0, choice1, ... (or A, B, ...) and answer"
        )
    questions = []
    for n, row in enumerate(rows, 2):
        choices = tuple(row[c] for c in choice_columns if row.get(c) not in (None, ""))
        questions.append(
            Question(
                row["question"], choices, _answer_index(row["answer"], len(choices), f"{name}:{n}")
            )
        )
    return questions


def _load_jsonl(path: Path) -> list[Question]:
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            choices = tuple(str(c) for c in item["choices"])
            answer = _answer_index(item["answer"], len(choices), f"{path}:{n}")
            questions.append(Question(str(item["question"]), choices, answer))
        except (ValueError, KeyError, TypeError) as err:
            if isinstance(err, BenchError):
                raise
            raise BenchError(
                f"{path}:{n}: each line needs question, choices (a list) and answer ({err})"
            ) from None
    if not questions:
        raise BenchError(f"{path}: no questions")
    return questions


def baselines(questions: Sequence[Question]) -> dict[str, float]:
    """What guessing scores: uniformly at random, and always the most common answer position.

    Args:
        questions: At least one question.

    Returns:
        ``{"random": accuracy, "majority": accuracy}``, each a fraction between 0 and 1.
    """
    random_acc = statistics.fmean(1 / len(q.choices) for q in questions)
    most_common = Counter(q.answer for q in questions).most_common(1)[0][1]
    return {"random": random_acc, "majority": most_common / len(questions)}


# -- answering -----------------------------------------------------------------------------
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
    import numpy as np

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


#: The start of the answer, written into the assistant's turn before the model continues: the
#: option letter is then the next word, both for letter scoring and for a generate loop.
ANSWER_PREFIX = "The correct answer is option ("


def question_text(question: Question) -> str:
    """The question with its lettered choices and the instruction to answer with a letter.

    This is the user's message to a chat model, for the letter scoring and for a generate loop.

    Args:
        question: The question and its choices.

    Returns:
        The question, one ``A. choice`` line per choice and the instruction, joined by newlines.
    """
    letters = LETTERS[: len(question.choices)]
    lines = [question.question.strip()]
    lines += [f"{letter}. {choice.strip()}" for letter, choice in zip(letters, question.choices)]
    lines.append(f"Answer with the letter of the correct option ({', '.join(letters)}) only.")
    return "\n".join(lines)


def chat_messages(question: Question) -> list[dict[str, str]]:
    """The chat a model answers: the question as the user, the answer's start as the assistant.

    Pass it to a chat template or the text-generation pipeline with
    ``continue_final_message=True`` so the model continues the assistant's message, whose next
    word is the option letter.

    Args:
        question: The question and its choices.

    Returns:
        Two messages: ``question_text(question)`` from the user and ``ANSWER_PREFIX`` from the
        assistant.
    """
    return [
        {"role": "user", "content": question_text(question)},
        {"role": "assistant", "content": ANSWER_PREFIX},
    ]


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


# -- running -------------------------------------------------------------------------------
@dataclass
class ModelResult:
    """One model's run over a question set.

    Args:
        model: The model id.
        kind: How it answered (one of ``KINDS``).
        accuracy: ``correct / questions``.
        correct: Questions answered right.
        questions: Questions asked.
        mean_latency_ms: Mean time per question, in milliseconds.
        p95_latency_ms: The 95th percentile of the time per question.
        questions_per_second: Questions over the whole run's time.
        predictions: The chosen choice index of each question.
        latencies_ms: Each question's share of its batch's time.
    """

    model: str
    kind: str
    accuracy: float
    correct: int
    questions: int
    mean_latency_ms: float
    p95_latency_ms: float
    questions_per_second: float
    predictions: list[int] = field(repr=False)
    #: Each question's share of its batch's time.
    latencies_ms: list[float] = field(repr=False, default_factory=list)


def p95(values: Sequence[float]) -> float:
    """The 95th percentile by the nearest-rank method: a value of ``values`` itself."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def run_model(
    answerer: Answerer,
    questions: Sequence[Question],
    *,
    model: str,
    kind: str,
    batch_size: int = 16,
    progress: bool | None = None,
) -> ModelResult:
    """Answer every question in batches; latency per question is its batch's time shared out.

    Questions of similar length share a batch (they are sorted by the length of their text), so
    little time goes on padding; results come back in the questions' own order.

    Args:
        answerer: A function of a batch of questions and a batch size giving choice indexes.
        questions: The questions, at least one.
        model: The model's name for the result and the progress bar.
        kind: How the model answers, for the result.
        batch_size: Questions per batch.
        progress: Show a progress bar; None shows one on a terminal only.

    Returns:
        Accuracy, latencies and every prediction.

    Raises:
        BenchError: ``batch_size`` is below 1.
    """
    from tqdm import tqdm

    if batch_size < 1:
        raise BenchError("--batch-size must be at least 1")
    order = sorted(range(len(questions)), key=lambda i: len(question_text(questions[i])))
    predictions: list[int] = [0] * len(questions)
    latencies: list[float] = [0.0] * len(questions)
    start = time.perf_counter()
    with tqdm(
        total=len(questions),
        desc=model,
        unit="q",
        disable=None if progress is None else not progress,
    ) as bar:
        for first in range(0, len(order), batch_size):
            batch = order[first : first + batch_size]
            t0 = time.perf_counter()
            picks = answerer([questions[i] for i in batch], batch_size)
            per_question_ms = (time.perf_counter() - t0) / len(batch) * 1000
            for i, pick in zip(batch, picks, strict=True):
                predictions[i], latencies[i] = pick, per_question_ms
            bar.update(len(batch))
    total = time.perf_counter() - start
    correct = sum(p == q.answer for p, q in zip(predictions, questions, strict=True))
    return ModelResult(
        model=model,
        kind=kind,
        accuracy=correct / len(questions),
        correct=correct,
        questions=len(questions),
        mean_latency_ms=statistics.fmean(latencies),
        p95_latency_ms=p95(latencies),
        questions_per_second=len(questions) / total,
        predictions=predictions,
        latencies_ms=latencies,
    )


def resolve_device(spec: str | int | None) -> str | None:
    """``cpu``, ``cuda``, ``cuda:N``, a GPU index ``N`` or ``mps``, checked against this machine.

    Returns the torch device name, or None for transformers' own choice. Raises BenchError
    with a plain one-line reason when the device does not exist here.
    """
    if spec is None or str(spec).strip() == "":
        return None
    text = str(spec).strip().lower()
    if text == "cpu":
        return "cpu"
    import torch

    if text.isdigit() or re.fullmatch(r"cuda(:\d+)?", text):
        index = int(text) if text.isdigit() else int(text.partition(":")[2] or 0)
        if not torch.cuda.is_available():
            build = "a CPU-only build of" if torch.version.cuda is None else "no GPU visible to"
            raise BenchError(
                f"--device {spec}: no CUDA GPU here ({build} PyTorch {torch.__version__}); "
                "use --device cpu"
            )
        if index >= torch.cuda.device_count():
            raise BenchError(
                f"--device {spec}: there is no GPU {index}; this machine has "
                f"{torch.cuda.device_count()} (0 to {torch.cuda.device_count() - 1})"
            )
        return f"cuda:{index}"
    if text == "mps":
        if not torch.backends.mps.is_available():
            raise BenchError("--device mps: Apple's MPS backend is not available here; use cpu")
        return "mps"
    raise BenchError(f"unknown --device {spec!r}: use cpu, cuda, cuda:N, a GPU index N, or mps")


def bench(
    models: Sequence[str],
    questions: Sequence[Question],
    *,
    kind: str = "auto",
    batch_size: int = 16,
    device: str | int | None = None,
    progress: bool | None = None,
) -> list[ModelResult]:
    """Load each model in turn and answer the questions with it.

    Args:
        models: Hub model ids or local folders.
        questions: The questions every model answers.
        kind: ``auto`` (from each model's configuration) or one of ``KINDS`` for all models.
        batch_size: Questions per batch.
        device: ``cpu``, ``cuda``, ``cuda:N``, a GPU index or ``mps``; None for the default.
        progress: Show a progress bar; None shows one on a terminal only.

    Returns:
        One result per model, in the order given.

    Raises:
        BenchError: An unknown kind or device, or a model that cannot be loaded or used.
    """
    if kind != "auto" and kind not in KINDS:
        raise BenchError(f"unknown kind {kind!r}; one of auto, {', '.join(KINDS)}")
    device = resolve_device(device)
    results = []
    for model in models:
        model_kind = detect_kind(model) if kind == "auto" else kind
        try:
            answerer = ANSWERERS[model_kind](model, device)
        except OSError as err:
            raise BenchError(f"cannot load model {model!r}: {str(err).splitlines()[0]}") from None
        results.append(
            run_model(
                answerer,
                questions,
                model=model,
                kind=model_kind,
                batch_size=batch_size,
                progress=progress,
            )
        )
    return results


def write_reports(
    results: Sequence[ModelResult],
    questions: Sequence[Question],
    out: Path,
    name: str = "questions",
) -> dict[str, Path]:
    """Write ``results.json``, per-question ``predictions.csv`` and ``accuracy-latency.png``.

    Args:
        results: The models' results on ``questions``.
        questions: The questions they answered.
        out: The folder to write to; it is created if missing.
        name: The question set's name for the summary and the plot's title.

    Returns:
        The written paths by key: ``json``, ``csv`` and ``plot``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    base = baselines(questions)
    summary = {
        "questions": name,
        "count": len(questions),
        "baselines": base,
        "models": [
            {k: v for k, v in asdict(r).items() if k not in ("predictions", "latencies_ms")}
            for r in results
        ],
    }
    paths = {
        "json": out / "results.json",
        "csv": out / "predictions.csv",
        "plot": out / "accuracy-latency.png",
    }
    paths["json"].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    with paths["csv"].open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["question", "answer", *(r.model for r in results)])
        for i, q in enumerate(questions):
            writer.writerow([q.question, q.answer, *(r.predictions[i] for r in results)])
    fig, ax = plt.subplots(figsize=(6.4, 4))
    for r in results:
        ax.scatter(r.mean_latency_ms, r.accuracy * 100, s=60, zorder=3)
        ax.annotate(
            r.model.split("/")[-1],
            (r.mean_latency_ms, r.accuracy * 100),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=8,
        )
    ax.axhline(
        base["random"] * 100, color="grey", linestyle="--", linewidth=1, label="random guess"
    )
    ax.axhline(
        base["majority"] * 100, color="grey", linestyle=":", linewidth=1, label="most common answer"
    )
    ax.set_xlabel("mean latency per question (ms)")
    ax.set_ylabel("accuracy (%)")
    ax.set_ylim(0, 100)
    ax.set_xlim(0, max(r.mean_latency_ms for r in results) * 1.4 if results else 1)
    ax.set_title(f"Accuracy against latency\n{name}, {len(questions)} questions", fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(paths["plot"], dpi=110, metadata={"Software": None})
    plt.close(fig)
    return paths
