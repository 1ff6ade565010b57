"""How sure an accuracy is, and whether a model answers by position rather than by content."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from hfguide.bench.questions import LETTERS

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054
#: A model that gives one letter to more than this share of the questions has a position bias.
BIAS_SHARE = 0.5


def standard_error(correct: int, n: int) -> float:
    """The standard error of an accuracy of ``correct`` out of ``n``.

    The sample standard deviation of the per-question scores (1 right, 0 wrong) over the square
    root of ``n``, as lm-evaluation-harness reports it: ``sqrt(p (1 - p) / (n - 1))``. Zero for
    a single question.
    """
    if n < 2:
        return 0.0
    p = correct / n
    return math.sqrt(p * (1 - p) / (n - 1))


def wilson_interval(correct: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of an accuracy (95% by default).

    Unlike accuracy ± 1.96 standard errors, it stays within 0 and 1 and is not empty at 0 or n
    right answers.
    """
    if n == 0:
        return (0.0, 1.0)
    p = correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def letter_counts(predictions: Sequence[int]) -> dict[str, int]:
    """How often each option letter was chosen, by letter, most chosen first."""
    return {LETTERS[i]: n for i, n in Counter(predictions).most_common()}


def position_bias(
    model: str, predictions: Sequence[int], answers: Sequence[int], share: float = BIAS_SHARE
) -> str | None:
    """A plain statement when a model gives one letter to most questions, else None.

    Args:
        model: The model's name for the statement.
        predictions: Its chosen indexes.
        answers: The right indexes.
        share: The share of the questions above which one letter counts as a bias.
    """
    if not predictions:
        return None
    index, count = Counter(predictions).most_common(1)[0]
    n = len(predictions)
    if count <= share * n:
        return None
    letter = LETTERS[index]
    right = sum(a == index for a in answers)
    return (
        f"{model} answers {letter} to {count} of {n} questions: a position bias. Its accuracy "
        f"follows how often {letter} is the right answer ({right} of {n}), not what it knows."
    )
