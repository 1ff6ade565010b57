"""The model bench: question loading, baselines, accuracy on real weights, reports, errors."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from hfguide import bench
from hfguide.bench import BenchError, Question
from hfguide.cli import main

MINILM = "sentence-transformers/all-MiniLM-L6-v2"

OBVIOUS = [
    Question("Which animal barks?", ("a dog", "a spreadsheet", "a volcano"), 0),
    Question("What do you drink when you are thirsty?", ("gravel", "water"), 1),
    Question("Where do fish live?", ("in the desert", "on the moon", "in the sea"), 2),
]


def test_built_in_mmlu_econometrics():
    questions = bench.load_questions("mmlu-econometrics")
    assert len(questions) == 114
    assert all(len(q.choices) == 4 for q in questions)
    assert questions[0].question.startswith(
        "Which one of the following is the most appropriate definition of a 99%"
    )
    assert questions[0].answer == 0
    base = bench.baselines(questions)
    counts = [sum(q.answer == i for q in questions) for i in range(4)]
    assert base == {"random": 0.25, "majority": max(counts) / 114}


def test_csv_with_letters_and_jsonl(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("question,A,B,C,answer\nsky colour?,blue,green,red,A\n2+2?,3,4,,b\n")
    assert bench.load_questions(path) == [
        Question("sky colour?", ("blue", "green", "red"), 0),
        Question("2+2?", ("3", "4"), 1),
    ]
    jsonl = tmp_path / "q.jsonl"
    jsonl.write_text(
        '{"question": "x?", "choices": ["a", "b"], "answer": 1}\n\n'
        '{"question": "y?", "choices": ["c", "d", "e"], "answer": "C"}\n'
    )
    assert bench.load_questions(jsonl) == [
        Question("x?", ("a", "b"), 1),
        Question("y?", ("c", "d", "e"), 2),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("q.csv", "text,answer\nx,1\n", "needs columns question, choice0"),
        (
            "q.csv",
            "question,choice0,choice1,answer\nx,a,b,5\n",
            "answer 5 is not one of the 2 choices",
        ),
        (
            "q.csv",
            "question,choice0,choice1,answer\nx,a,b,maybe\n",
            "neither a choice index nor a letter",
        ),
        ("q.csv", "", "no questions"),
        (
            "q.jsonl",
            '{"question": "x", "answer": 0}\n',
            "q.jsonl:1: each line needs question, choices",
        ),
        ("q.jsonl", "not json\n", "q.jsonl:1"),
        ("q.txt", "anything", "use a .csv or .jsonl file"),
    ],
)
def test_bad_question_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(BenchError, match=message):
        bench.load_questions(path)


def test_unknown_question_set():
    with pytest.raises(BenchError, match="not a built-in set"):
        bench.load_questions("mmlu-astrology")


def test_run_model_accounting():
    questions = [Question(f"q{i}", ("a", "b", "c"), i % 3) for i in range(10)]
    seen = []

    def always_first(batch, batch_size):
        seen.append(len(batch))
        return [0] * len(batch)

    result = bench.run_model(
        always_first, questions, model="m", kind="test", batch_size=4, progress=False
    )
    assert seen == [4, 4, 2]
    assert (result.correct, result.accuracy) == (4, 0.4)  # answers 0 at i = 0, 3, 6, 9
    assert result.predictions == [0] * 10
    assert result.p95_latency_ms >= result.mean_latency_ms * 0.5 > 0
    with pytest.raises(BenchError, match="at least 1"):
        bench.run_model(always_first, questions, model="m", kind="test", batch_size=0)


def test_p95():
    assert bench.p95(list(range(1, 101))) == 95
    assert bench.p95([3.0]) == 3.0


def test_embedding_bench_on_real_weights_matches_a_hand_computation(offline_hf):
    from sentence_transformers import SentenceTransformer

    result = bench.bench([MINILM], OBVIOUS, batch_size=2, progress=False)[0]
    assert result.kind == "embedding"
    encoder = SentenceTransformer(MINILM)
    expected = []
    for q in OBVIOUS:
        vectors = encoder.encode([q.question, *q.choices], normalize_embeddings=True)
        expected.append(int(np.argmax(vectors[1:] @ vectors[0])))
    assert result.predictions == expected == [0, 1, 2]
    assert result.accuracy == 1.0
    flipped = [Question(q.question, q.choices, (q.answer + 1) % len(q.choices)) for q in OBVIOUS]
    assert bench.bench([MINILM], flipped, batch_size=3, progress=False)[0].accuracy == 0.0


def test_batching_does_not_change_answers(offline_hf):
    questions = bench.load_questions("mmlu-econometrics")[:12]
    one = bench.bench([MINILM], questions, batch_size=1, progress=False)[0]
    many = bench.bench([MINILM], questions, batch_size=12, progress=False)[0]
    assert one.predictions == many.predictions


def test_model_errors(offline_hf):
    with pytest.raises(BenchError, match="cannot load model 'nobody/nothing'"):
        bench.bench(["nobody/nothing"], OBVIOUS, progress=False)
    with pytest.raises(BenchError, match="no entailment label"):
        bench.bench([MINILM], OBVIOUS, kind="zero-shot", progress=False)
    with pytest.raises(BenchError, match="not a causal language model"):
        bench.bench([MINILM], OBVIOUS, kind="causal-lm", progress=False)
    with pytest.raises(BenchError, match="unknown kind 'magic'"):
        bench.bench([MINILM], OBVIOUS, kind="magic", progress=False)


def test_reports(tmp_path):
    result = bench.ModelResult(
        model="org/m",
        kind="embedding",
        accuracy=2 / 3,
        correct=2,
        questions=3,
        mean_latency_ms=12.5,
        p95_latency_ms=20.0,
        questions_per_second=80.0,
        predictions=[0, 1, 0],
    )
    paths = bench.write_reports([result], OBVIOUS, tmp_path / "out", "obvious")
    summary = json.loads(paths["json"].read_text())
    assert summary["baselines"] == {
        "random": pytest.approx((1 / 3 + 1 / 2 + 1 / 3) / 3),
        "majority": 1 / 3,
    }
    assert summary["models"][0]["accuracy"] == 2 / 3 and "predictions" not in summary["models"][0]
    rows = list(csv.reader(paths["csv"].open()))
    assert rows[0] == ["question", "answer", "org/m"] and rows[3] == [
        "Where do fish live?",
        "2",
        "0",
    ]
    assert paths["plot"].read_bytes().startswith(b"\x89PNG")


def test_cli_bench_end_to_end(offline_hf, tmp_path, capsys):
    assert (
        main(
            [
                "bench",
                "--models",
                MINILM,
                "--limit",
                "6",
                "--batch-size",
                "3",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    summary = json.loads((tmp_path / "results.json").read_text())
    model = summary["models"][0]
    assert summary["count"] == 6 and model["questions"] == 6
    assert f"{model['correct']}/6" in out and "random guess 25.0%" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["bench", "--models", " , "], "--models needs at least one model id"),
        (["bench", "--models", MINILM, "--batch-size", "0"], "--batch-size must be at least 1"),
        (["bench", "--models", MINILM, "--questions", "nope.csv"], "no question set 'nope.csv'"),
        (
            ["bench", "--models", "nobody/nothing", "--limit", "1"],
            "cannot load model 'nobody/nothing'",
        ),
    ],
)
def test_cli_bench_errors(offline_hf, argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
