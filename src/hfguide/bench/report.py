"""What a bench run writes: ``results.json``, ``predictions.csv`` and the accuracy-latency plot."""

from __future__ import annotations

import csv
import json
import platform
from collections.abc import Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from hfguide.bench.plot import accuracy_latency_svg
from hfguide.bench.questions import Question, baselines
from hfguide.bench.run import ModelResult

#: The distributions whose versions ``results.json`` records.
VERSIONED = (
    "hfguide",
    "torch",
    "transformers",
    "tokenizers",
    "huggingface-hub",
    "sentence-transformers",
    "numpy",
)


def package_versions() -> dict[str, str | None]:
    """Python's version and those of the packages a bench run depends on (None: not installed)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _score_cell(scores: Sequence[float]) -> str:
    return " ".join(f"{s:.4f}" for s in scores)


def write_reports(
    results: Sequence[ModelResult],
    questions: Sequence[Question],
    out: Path,
    name: str = "questions",
    settings: dict[str, Any] | None = None,
) -> dict[str, Path]:
    """Write ``results.json``, per-question ``predictions.csv`` and ``accuracy-latency.svg``.

    ``results.json`` holds the question set, the baselines, the settings, the package versions
    and, per model, accuracy with its standard error and 95% interval, the letters chosen (and a
    position-bias statement when one letter answers most questions), latency, and what the model
    recorded about itself: revision, dtype and, for a causal language model, the prompt style,
    shots, the whole prompt of the first question, the work done and the time per stage.
    ``predictions.csv`` has, per question, the right answer and per model the chosen index and
    the score of every choice (space-separated, in choice order: log-probabilities for a causal
    language model, cosine similarities for an embedding model, the pipeline's scores for a
    zero-shot classifier).

    Args:
        results: The models' results on ``questions``.
        questions: The questions they answered.
        out: The folder to write to; it is created if missing.
        name: The question set's name for the summary and the plot's title.
        settings: How the bench ran (batch size, device, prompt, shots), recorded as given.

    Returns:
        The written paths by key: ``json``, ``csv`` and ``plot``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    base = baselines(questions)
    summary = {
        "questions": name,
        "count": len(questions),
        "baselines": base,
        "settings": dict(settings or {}),
        "versions": package_versions(),
        "models": [
            {
                k: v
                for k, v in asdict(r).items()
                if k not in ("predictions", "latencies_ms", "scores")
            }
            for r in results
        ],
    }
    paths = {
        "json": out / "results.json",
        "csv": out / "predictions.csv",
        "plot": out / "accuracy-latency.svg",
    }
    paths["json"].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    with paths["csv"].open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        header = ["question", "answer"]
        for r in results:
            header += [r.model, f"{r.model} scores"]
        writer.writerow(header)
        for i, q in enumerate(questions):
            row: list[Any] = [q.question, q.answer]
            for r in results:
                row += [r.predictions[i], _score_cell(r.scores[i]) if r.scores else ""]
            writer.writerow(row)
    points = [(r.model, r.mean_latency_ms, r.accuracy) for r in results]
    paths["plot"].write_text(
        accuracy_latency_svg(
            points,
            random=base["random"],
            majority=base["majority"],
            title=f"{name}, {len(questions)} questions",
        ),
        encoding="utf-8",
    )
    return paths
