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

The package: [`questions`][hfguide.bench.questions] (question sets and baselines),
[`prompts`][hfguide.bench.prompts], [`answerers`][hfguide.bench.answerers] (one per kind of
model), [`run`][hfguide.bench.run] and [`report`][hfguide.bench.report]. The names below are its
public API, importable from ``hfguide.bench``.
"""

from hfguide.bench.answerers import (
    ANSWERERS,
    KINDS,
    Answerer,
    LetterScorer,
    causal_lm_answerer,
    detect_kind,
    embedding_answerer,
    zero_shot_answerer,
)
from hfguide.bench.prompts import ANSWER_PREFIX, chat_messages, question_text
from hfguide.bench.questions import (
    BUILT_IN,
    LETTERS,
    BenchError,
    Question,
    baselines,
    load_questions,
)
from hfguide.bench.report import write_reports
from hfguide.bench.run import ModelResult, bench, p95, resolve_device, run_model

__all__ = [
    "ANSWERERS",
    "ANSWER_PREFIX",
    "BUILT_IN",
    "KINDS",
    "LETTERS",
    "Answerer",
    "BenchError",
    "LetterScorer",
    "ModelResult",
    "Question",
    "baselines",
    "bench",
    "causal_lm_answerer",
    "chat_messages",
    "detect_kind",
    "embedding_answerer",
    "load_questions",
    "p95",
    "question_text",
    "resolve_device",
    "run_model",
    "write_reports",
    "zero_shot_answerer",
]
