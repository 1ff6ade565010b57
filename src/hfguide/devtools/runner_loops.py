"""The one-question-at-a-time loops a notebook would write, which ``scripts/bench_runner.py``
times against the bench's batched answering (and the tests hold to the same prompts)."""

from __future__ import annotations

import re
import time

import numpy as np

from hfguide.bench import ANSWER_PREFIX, chat_messages

#: Enough for " B." and the end-of-turn token, with room for a few words before the letter.
MAX_NEW_TOKENS = 8


def first_letter(reply: str, n_choices: int) -> int | None:
    """The first option letter standing alone in a reply (``B``, ``B.``, ``(B)``, ``is B``)."""
    match = re.search(rf"\b([A-{'ABCDEFGHIJ'[n_choices - 1]}])\b", reply)
    return "ABCDEFGHIJ".index(match.group(1)) if match else None


def generate_loop(generator, questions, timings: list[float]) -> tuple[list, list[str]]:
    """The usual notebook recipe: one chat per question, generate, read the letter.

    The chat is the bench's own: the assistant's turn starts with ``ANSWER_PREFIX`` and the
    model continues it, so the first option letter of the continuation answers the question.
    """
    answers, replies = [], []
    for q in questions:
        start = time.perf_counter()
        output = generator(
            chat_messages(q),
            continue_final_message=True,
            max_new_tokens=MAX_NEW_TOKENS,
            do_sample=False,
        )
        reply = output[0]["generated_text"][-1]["content"].removeprefix(ANSWER_PREFIX)
        answers.append(first_letter(reply, len(q.choices)))
        timings.append(time.perf_counter() - start)
        replies.append(reply)
    return answers, replies


def embedding_loop(extractor, questions, timings: list[float]) -> tuple[list, list[str]]:
    """The usual notebook recipe: one pipeline call per text, then compare."""

    answers = []
    for q in questions:
        start = time.perf_counter()
        vectors = []
        for text in (q.question, *q.choices):
            tokens = np.asarray(extractor(text, truncation=True)[0], dtype=np.float64)
            mean = tokens.mean(axis=0)
            vectors.append(mean / np.linalg.norm(mean))
        answers.append(int(np.argmax([vectors[0] @ v for v in vectors[1:]])))
        timings.append(time.perf_counter() - start)
    return answers, []
