"""``hfguide bench``: compare models on the same multiple-choice questions."""

from __future__ import annotations

import argparse
from pathlib import Path

from hfguide import bench
from hfguide.cli.common import CliError, command, int_between, table


def add_parser(sub) -> None:
    p = command(sub, "bench", "compare models on the same multiple-choice questions")
    p.add_argument(
        "--models",
        required=True,
        nargs="+",
        help="Hub model ids or local folders, separated by spaces or commas",
    )
    p.add_argument(
        "--questions",
        default="mmlu-econometrics",
        help="built-in set (mmlu-econometrics) or a .csv / .jsonl file (default: %(default)s)",
    )
    p.add_argument(
        "--kind", default="auto", help="auto, embedding, zero-shot or causal-lm (default: auto)"
    )
    p.add_argument(
        "--batch-size",
        type=int_between(1, 4096),
        default=16,
        help="questions per batch (default: 16)",
    )
    p.add_argument("--limit", type=int_between(1, 10**6), help="only the first N questions")
    p.add_argument(
        "--shots",
        type=int_between(0, 64),
        default=0,
        help="worked examples before each question, for causal language models: the first N "
        "of the set's dev split (mmlu-econometrics has 5) or of --shots-from (default: 0)",
    )
    p.add_argument(
        "--shots-from", help="a .csv / .jsonl file of worked examples for --shots (answers given)"
    )
    p.add_argument(
        "--prompt",
        default="auto",
        choices=["auto", *bench.PROMPT_STYLES],
        help="a causal language model's prompt: its chat template (chat), the same words without "
        "one (plain), or auto: chat when the model has a template (default: auto)",
    )
    p.add_argument("--device", help="cpu, cuda, mps or a GPU index (default: transformers' choice)")
    p.add_argument(
        "--out",
        default="bench-results",
        help="folder for results.json, predictions.csv and the plot",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    models = [m.strip() for item in args.models for m in item.split(",") if m.strip()]
    if not models:
        raise CliError("--models needs at least one model id")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {out} is a file; give a folder for the results")
    if args.shots_from and not args.shots:
        raise CliError("--shots-from needs --shots N (how many of its examples to use)")
    bench.keep_freed_memory()
    try:
        questions = bench.load_questions(args.questions)
        shots = bench.load_shots(args.shots, args.questions, args.shots_from)
        if args.limit:
            questions = questions[: args.limit]
        results = bench.bench(
            models,
            questions,
            kind=args.kind,
            batch_size=args.batch_size,
            device=args.device,
            progress=True,
            prompt=args.prompt,
            shots=shots,
        )
    except bench.BenchError as err:
        raise CliError(str(err)) from None
    base = bench.baselines(questions)
    print(
        f"{len(questions)} questions from {args.questions}; random guess {base['random']:.1%}, "
        f"most common answer {base['majority']:.1%}"
    )
    print(
        table(
            [
                "model",
                "kind",
                "accuracy",
                "± s.e.",
                "95% interval",
                "correct",
                "mean ms/q",
                "p95 ms/q",
                "q/s",
            ],
            [
                [
                    r.model,
                    r.kind,
                    f"{r.accuracy:.1%}",
                    f"{r.stderr:.1%}",
                    f"{r.ci95[0]:.1%}–{r.ci95[1]:.1%}",
                    f"{r.correct}/{r.questions}",
                    f"{r.mean_latency_ms:.1f}",
                    f"{r.p95_latency_ms:.1f}",
                    f"{r.questions_per_second:.1f}",
                ]
                for r in results
            ],
        )
    )
    for r in results:
        if r.info.get("prompt"):
            source = (
                f"the first {args.shots} of {args.shots_from or 'the dev split'}"
                if args.shots
                else "none"
            )
            print(
                f"\n{r.model} read ({r.info['prompt_style']} prompt, worked examples: {source}), "
                "for the first question:"
            )
            print(r.info["prompt"])
        elif args.shots:
            print(f"\n{r.model} is a {r.kind} model: it answered without the worked examples.")
        if r.position_bias:
            print(f"\n{r.position_bias}")
    settings = {
        "batch_size": args.batch_size,
        "device": args.device,
        "kind": args.kind,
        "prompt": args.prompt,
        "shots": args.shots,
        "shots_from": args.shots_from
        or (bench.BUILT_IN_SHOTS.get(str(args.questions)) if args.shots else None),
        "limit": args.limit,
    }
    paths = bench.write_reports(results, questions, out, str(args.questions), settings)
    print("\nWrote " + ", ".join(str(p) for p in paths.values()))
    return 0
