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

The package: [`allocator`][hfguide.bench.allocator] (freed memory kept for the next forward
pass), [`questions`][hfguide.bench.questions] (question sets, worked examples and
baselines), [`prompts`][hfguide.bench.prompts], [`answerers`][hfguide.bench.answerers] (one per
kind of model), [`run`][hfguide.bench.run], [`stats`][hfguide.bench.stats] (standard error,
interval, position bias), [`throughput`][hfguide.bench.throughput] (arithmetic done, matmul
ceiling) and [`report`][hfguide.bench.report]. The names below are its
public API, importable from ``hfguide.bench``.
"""

from hfguide.bench.allocator import keep_freed_memory
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
from hfguide.bench.prompts import (
    ANSWER_PREFIX,
    PROMPT_STYLES,
    answered,
    chat_messages,
    plain_prompt,
    prompt_text,
    question_text,
)
from hfguide.bench.questions import (
    BUILT_IN,
    BUILT_IN_SHOTS,
    LETTERS,
    BenchError,
    Question,
    baselines,
    load_questions,
    load_shots,
)
from hfguide.bench.report import package_versions, write_reports
from hfguide.bench.run import (
    ModelResult,
    bench,
    group_batches,
    p95,
    resolve_device,
    run_model,
)
from hfguide.bench.stats import letter_counts, position_bias, standard_error, wilson_interval
from hfguide.bench.throughput import linear_parameters, matmul_gflops, pass_flop

__all__ = [
    "ANSWERERS",
    "ANSWER_PREFIX",
    "BUILT_IN",
    "BUILT_IN_SHOTS",
    "KINDS",
    "LETTERS",
    "PROMPT_STYLES",
    "Answerer",
    "BenchError",
    "LetterScorer",
    "ModelResult",
    "Question",
    "answered",
    "baselines",
    "bench",
    "causal_lm_answerer",
    "chat_messages",
    "detect_kind",
    "embedding_answerer",
    "group_batches",
    "keep_freed_memory",
    "letter_counts",
    "linear_parameters",
    "load_questions",
    "load_shots",
    "matmul_gflops",
    "p95",
    "package_versions",
    "pass_flop",
    "plain_prompt",
    "position_bias",
    "prompt_text",
    "question_text",
    "resolve_device",
    "run_model",
    "standard_error",
    "wilson_interval",
    "write_reports",
    "zero_shot_answerer",
]
