"""Multiple-choice questions: the built-in sets, CSV and JSONL files, and what guessing scores."""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

BUILT_IN = {"mmlu-econometrics": "mmlu-econometrics.csv"}
#: Each built-in set's worked examples for ``--shots``: the subject's dev split.
BUILT_IN_SHOTS = {"mmlu-econometrics": "mmlu-econometrics-dev.csv"}
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
        path = resources.files("hfguide.bench") / "question_sets" / BUILT_IN[str(spec)]
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


def load_shots(
    n: int, questions: str | Path, shots_from: str | Path | None = None
) -> list[Question]:
    """The first ``n`` worked examples for few-shot prompts.

    Args:
        n: How many; 0 gives none.
        questions: The question set asked (a built-in name brings its dev split).
        shots_from: A CSV / JSONL file of worked examples; None takes the built-in set's dev split.

    Returns:
        ``n`` questions with their answers, in file order.

    Raises:
        BenchError: There is no source of examples, it cannot be read, or it has fewer than ``n``.
    """
    if n < 0:
        raise BenchError(f"--shots {n}: give 0 or more")
    if n == 0:
        return []
    if shots_from is not None:
        source, shots = str(shots_from), load_questions(shots_from)
    elif str(questions) in BUILT_IN_SHOTS:
        source = f"the dev split of {questions}"
        path = resources.files("hfguide.bench") / "question_sets" / BUILT_IN_SHOTS[str(questions)]
        shots = _load_csv(Path(str(path)), source)
    else:
        raise BenchError(
            f"--shots {n}: {questions} has no built-in examples; give a file with --shots-from"
        )
    if len(shots) < n:
        raise BenchError(f"--shots {n}: {source} has only {len(shots)} questions")
    return shots[:n]


def _not_utf8(name: str) -> BenchError:
    return BenchError(f"{name}: the file is not UTF-8 text; save it as UTF-8 and try again")


#: What a question CSV needs, in the words of the error that says so.
CSV_COLUMNS = "question, choice0, choice1, ... (or A, B, ...) and answer"


def _load_csv(path: Path, name: str) -> list[Question]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except UnicodeDecodeError:
        raise _not_utf8(name) from None
    except (OSError, csv.Error) as err:
        raise BenchError(f"{name}: cannot read it as CSV ({err})") from None
    if not rows:
        raise BenchError(f"{name}: no questions")
    columns = [c for c in rows[0] if c is not None]
    choice_columns = sorted(
        (c for c in columns if c.startswith("choice") and c[6:].isdigit()), key=lambda c: int(c[6:])
    ) or [c for c in LETTERS if c in columns]
    missing = [c for c in ("question", "answer") if c not in columns]
    if missing or len(choice_columns) < 2:
        lacks = missing + (["two or more choices"] if len(choice_columns) < 2 else [])
        lacks_text = " and ".join([", ".join(lacks[:-1]), lacks[-1]] if len(lacks) > 1 else lacks)
        found = ", ".join(repr(c[:40]) for c in columns[:12]) or "none"
        raise BenchError(
            f"{name}: a CSV needs columns {CSV_COLUMNS}; it lacks {lacks_text} "
            f"(its columns: {found})"
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
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _not_utf8(str(path)) from None
    except OSError as err:
        raise BenchError(f"{path}: cannot read it ({err.strerror})") from None
    for n, line in enumerate(text.splitlines(), 1):
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
