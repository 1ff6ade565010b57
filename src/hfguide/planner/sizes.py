"""Model sizes: the Open LLM Leaderboard's size buckets, and the sizes a model's name states."""

from __future__ import annotations

import math
import re

#: The Open LLM Leaderboard's size buckets: (label, lower bound in billions, upper bound), each
#: interval open on the left and closed on the right, so 9.0 B is "~7" and 70.0 B is "~60". The
#: edges are the leaderboard's own ``NUMERIC_INTERVALS`` (``pd.Interval(low, high,
#: closed="right")`` in its Space's ``src/display/utils.py``); ``tests/data/test_leaderboard.py``
#: fails if they drift.
SIZE_BUCKETS: list[tuple[str, float, float]] = [
    ("~1.5", 0, 2),
    ("~3", 2, 4),
    ("~7", 4, 9),
    ("~13", 9, 20),
    ("~35", 20, 45),
    ("~60", 45, 70),
    ("70+", 70, math.inf),
]
UNKNOWN_BUCKET = "?"


def size_bucket(params_billions: float | None) -> str:
    """The leaderboard's size bucket for a parameter count in billions (``?`` if unknown):
    the bucket whose interval ``(low, high]`` holds it."""
    if params_billions is None or math.isnan(params_billions) or params_billions <= 0:
        return UNKNOWN_BUCKET
    for label, low, high in SIZE_BUCKETS:
        if low < params_billions <= high:
            return label
    return UNKNOWN_BUCKET


# Sizes in a name: "70b", "7B", "1.5B", "1_8b" (an underscore for the decimal point), "135M".
_NUMBER = r"(\d+(?:[._]\d+)?)"
_BEFORE = r"(?<![a-z0-9.])(?<![0-9]_)"  # not inside a word or a number such as "1_78b"
_SIZE_IN_NAME = re.compile(_BEFORE + _NUMBER + r"([bm])(?![a-z0-9])")
_UNDERSCORED = re.compile(r"\d+_(\d+)")  # "3_8B" may be Llama 3 8B as well as 3.8 B
_EXPERTS_IN_NAME = re.compile(_BEFORE + r"(\d+)x" + _NUMBER + r"([bm])(?![a-z0-9])")
#: "1M" in a name is a context length (Qwen2.5-7B-Instruct-1M), not a size.
_SMALLEST_M_IN_NAME = 10


def _billions(number: str, unit: str) -> float:
    return float(number.replace("_", ".")) / (1000 if unit == "m" else 1)


def sizes_in_name(model_id: str) -> list[tuple[str, float, float]]:
    """The sizes a model's name states, as (the words, lowest, highest count in billions).

    ``Llama-3-70b`` → 70 B; ``SmolLM-135M`` → 0.135 B; ``Mixtral-8x7B`` → between one expert
    and eight (experts share the attention layers, so 8x7B has 46.7 B, not 56 B);
    ``OLMoE-1B-7B`` states two sizes (active and total). "B" sizes win over "M" ones."""
    name = model_id.rsplit("/", 1)[-1].lower()
    experts = [
        (m[0].upper(), _billions(m[2], m[3]), int(m[1]) * _billions(m[2], m[3]))
        for m in _EXPERTS_IN_NAME.finditer(name)
        if int(m[1]) > 0 and _billions(m[2], m[3]) > 0
    ]
    if experts:
        return experts
    found = []
    for m in _SIZE_IN_NAME.finditer(name):
        found.append((m[0].upper(), m[1], m[2]))
        if underscored := _UNDERSCORED.fullmatch(m[1]):
            found.append((m[0].upper(), underscored[1], m[2]))
    billions = [(w, _billions(n, u)) for w, n, u in found if u == "b"]
    if not billions:
        billions = [(w, _billions(n, u)) for w, n, u in found if u == "m"]
        billions = [(w, b) for w, b in billions if b * 1000 >= _SMALLEST_M_IN_NAME]
    return [(w, b, b) for w, b in billions if b > 0]


#: Gemma 3n's "E4B": an effective size, the parameters that run on the accelerator (its per-layer
#: embeddings can stay in CPU memory), so the weights to place there are about that many.
_EFFECTIVE_IN_NAME = re.compile(r"(?<![a-z0-9.])e(\d+(?:\.\d+)?)b(?![a-z0-9])")


def size_from_name(model_id: str) -> tuple[float, str] | None:
    """A parameter count in billions read from a model's name, with the words it came from, for a
    model whose files give none: the largest size the name states (``OLMoE-1B-7B``: 7), the
    upper bound of an expert count (``Mixtral-8x7B``: at most 56), an effective size (``E4B``:
    4). ``None`` when the name states no size or two readings of it disagree (``3_8B``)."""
    name = model_id.rsplit("/", 1)[-1].lower()
    effective = _EFFECTIVE_IN_NAME.search(name)
    if effective:
        return float(effective[1]), f"E{effective[1]}B (an effective size)"
    stated = sizes_in_name(name)
    if not stated:
        return None
    if any(_UNDERSCORED.search(words.lower()) for words, _, _ in stated):
        return None
    words, _, high = max(stated, key=lambda s: s[2])
    if "X" in words:
        return high, f"{words} (at most {high:g} B: experts share layers)"
    return high, words
