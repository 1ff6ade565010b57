"""The bench's rigour: batches grouped by token length, worked examples, standard error and
interval, position bias, and what results.json and predictions.csv record."""

from __future__ import annotations

import csv
import json
import math

import pytest

from hfguide import bench
from hfguide.bench import BenchError, Question
from hfguide.cli import main

SMOLLM2 = "HuggingFaceTB/SmolLM2-135M-Instruct"


def test_group_batches_covers_every_question_in_order_within_the_batch_size():
    lengths = sorted([50, 51, 52, 53, 54, 55, 56, 57, 200, 400])
    batches = bench.group_batches(lengths, 4)
    assert [i for b in batches for i in b] == list(range(10))
    assert all(1 <= len(b) <= 4 for b in batches)
    # The long outliers do not pad the short questions: each has a batch of its own.
    assert [list(b) for b in batches][-2:] == [[8], [9]]
    assert bench.group_batches([], 4) == []


def test_group_batches_pads_less_than_fixed_chunks():
    lengths = sorted([30 + (i * 37) % 90 for i in range(40)] + [300, 310])

    def padding(batches):
        return sum(len(b) * lengths[b[-1]] - sum(lengths[i] for i in b) for b in batches)

    grouped = bench.group_batches(lengths, 8)
    fixed = [range(i, min(i + 8, len(lengths))) for i in range(0, len(lengths), 8)]
    assert padding(grouped) < padding(fixed)
    # Equal lengths: full batches, no padding.
    assert [len(b) for b in bench.group_batches([7] * 10, 4)] in ([4, 4, 2], [2, 4, 4], [4, 2, 4])


def test_run_model_asks_a_preparing_answerer_for_token_lengths():
    questions = [Question(f"q{i}", ("a", "b"), i % 2) for i in range(6)]
    lengths = [5, 100, 6, 101, 7, 102]
    batches = []

    class Answerer:
        def prepare(self, qs):
            assert list(qs) == questions
            return lengths

        def __call__(self, batch, batch_size):
            batches.append([q.question for q in batch])
            return [[0.1, 0.9] if q.answer else [0.9, 0.1] for q in batch]

    result = bench.run_model(
        Answerer(), questions, model="m", kind="test", batch_size=3, progress=False
    )
    assert batches == [["q0", "q2", "q4"], ["q1", "q3", "q5"]]
    assert result.correct == 6 and result.scores[1] == [0.1, 0.9]


def test_standard_error_and_wilson_interval():
    # lm-evaluation-harness's standard error: the sample standard deviation over sqrt(n).
    assert bench.standard_error(27, 114) == pytest.approx(math.sqrt(27 / 114 * 87 / 114 / 113))
    assert bench.standard_error(1, 1) == 0.0
    low, high = bench.wilson_interval(27, 114)
    # By hand: centre 0.24542, half-width 0.07724.
    assert low == pytest.approx(0.16818, abs=1e-4) and high == pytest.approx(0.32266, abs=1e-4)
    assert bench.wilson_interval(0, 10)[0] == 0.0 and bench.wilson_interval(0, 10)[1] > 0.2
    assert bench.wilson_interval(10, 10)[1] == pytest.approx(1.0)


def test_position_bias_statement():
    answers = [0, 1, 2, 3] * 5
    biased = [2] * 16 + [0, 1, 3, 0]
    assert bench.position_bias("org/m", biased, answers) == (
        "org/m answers C to 16 of 20 questions: a position bias. Its accuracy follows how "
        "often C is the right answer (5 of 20), not what it knows."
    )
    assert bench.position_bias("org/m", answers, answers) is None
    assert bench.position_bias("org/m", [0] * 10 + [1] * 10, answers) is None  # half is not most
    assert bench.letter_counts(biased) == {"C": 16, "A": 2, "B": 1, "D": 1}
    result = bench.run_model(
        lambda batch, size: [2] * len(batch),
        [Question("q", ("a", "b", "c"), 0)] * 3,
        model="m",
        kind="test",
        progress=False,
    )
    assert result.letters == {"C": 3} and result.position_bias.startswith("m answers C to 3 of 3")
    assert (result.stderr, result.ci95[0]) == (0.0, 0.0)


def test_shots_from_the_dev_split_and_from_a_file(tmp_path):
    shots = bench.load_shots(5, "mmlu-econometrics")
    assert len(shots) == 5 and all(len(q.choices) == 4 for q in shots)
    assert shots[0].question.startswith("For a stationary autoregressive process")
    assert shots[0].answer == 0
    assert not set(shots) & set(bench.load_questions("mmlu-econometrics"))
    assert bench.load_shots(2, "mmlu-econometrics") == shots[:2]
    assert bench.load_shots(0, "my.csv") == []
    own = tmp_path / "shots.jsonl"
    own.write_text('{"question": "1+1?", "choices": ["2", "3"], "answer": 0}\n')
    assert bench.load_shots(1, "my.csv", own) == [Question("1+1?", ("2", "3"), 0)]
    with pytest.raises(
        BenchError, match="--shots 6: the dev split of mmlu-econometrics has only 5"
    ):
        bench.load_shots(6, "mmlu-econometrics")
    with pytest.raises(BenchError, match="--shots 2: .*shots.jsonl has only 1 questions"):
        bench.load_shots(2, "my.csv", own)
    with pytest.raises(BenchError, match="my.csv has no built-in examples; give a file"):
        bench.load_shots(1, "my.csv")


def test_plain_prompt_with_shots():
    shot = Question("Sky?", ("blue", "red"), 0)
    question = Question("Grass?", ("green", "pink"), 0)
    assert bench.plain_prompt(question, [shot]) == (
        "Sky?\nA. blue\nB. red\nAnswer with the letter of the correct option (A, B) only.\n"
        "The correct answer is option (A).\n\n"
        "Grass?\nA. green\nB. pink\nAnswer with the letter of the correct option (A, B) only.\n"
        "The correct answer is option ("
    )
    messages = bench.chat_messages(question, [shot])
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[1]["content"] == "The correct answer is option (A)."
    assert bench.chat_messages(question) == messages[2:]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--shots", "6"], "--shots 6: the dev split of mmlu-econometrics has only 5 questions"),
        (["--shots", "-1"], "--shots: '-1' is not between 0 and 64"),
        (["--shots-from", "x.csv"], "--shots-from needs --shots N"),
        (["--shots", "1", "--shots-from", "nope.csv"], "no question set 'nope.csv'"),
        (["--prompt", "fancy"], "--prompt: invalid choice: 'fancy'"),
    ],
)
def test_cli_shot_and_prompt_errors_are_one_line(argv, message, capsys, tmp_path):
    assert main(["bench", "--models", "a/b", "--out", str(tmp_path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err


def test_cli_shots_need_a_source_for_a_question_file(tmp_path, capsys):
    questions = tmp_path / "q.csv"
    questions.write_text("question,A,B,answer\nsky?,blue,red,A\n")
    argv = ["bench", "--models", "a/b", "--questions", str(questions), "--shots", "2"]
    assert main([*argv, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "has no built-in examples; give a file with --shots-from" in err
    assert len(err.strip().splitlines()) == 1


def test_cli_bench_with_five_shots_offline(offline_hf, tmp_path, capsys):
    """``hfguide bench --shots 5`` on the seeded SmolLM2: accuracy with its standard error and
    interval, the recorded prompt with the five worked examples, per-choice scores."""
    argv = ["bench", "--models", SMOLLM2, "--shots", "5", "--limit", "6", "--batch-size", "4"]
    assert main([*argv, "--device", "cpu", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    summary = json.loads((tmp_path / "results.json").read_text())
    model = summary["models"][0]
    shots = bench.load_shots(5, "mmlu-econometrics")
    # The prompt it records (and prints) is the first question's, after the five examples.
    prompt = model["info"]["prompt"]
    assert all(bench.question_text(s) in prompt for s in shots)
    assert all(bench.answered(s) in prompt for s in shots)
    first = bench.load_questions("mmlu-econometrics")[0]
    assert prompt.endswith(
        f"{bench.question_text(first)}<|im_end|>\n<|im_start|>assistant\n{bench.ANSWER_PREFIX}"
    )
    assert prompt in out and "chat prompt, worked examples: the first 5 of the dev split" in out
    assert model["info"]["prompt_style"] == "chat" and model["info"]["shots"] == 5
    assert model["info"]["revision"] and model["info"]["dtype"] == "float32"
    assert model["info"]["fused_norms"] == 61  # SmolLM2-135M: 30 layers of two, and the last
    assert model["info"]["trimmed_last_mlp"] is True
    # The worked examples are in every prompt: they are computed once, with the template's start.
    assert model["info"]["work"]["prefix_tokens"] > 500
    assert summary["settings"]["shots"] == 5
    assert summary["settings"]["shots_from"] == "mmlu-econometrics-dev.csv"
    assert summary["versions"]["transformers"] and summary["versions"]["torch"]
    n, correct = 6, model["correct"]
    assert model["stderr"] == pytest.approx(bench.standard_error(correct, n))
    assert model["ci95"] == pytest.approx(list(bench.wilson_interval(correct, n)))
    assert f"{model['accuracy']:.1%}" in out and f"{model['stderr']:.1%}" in out
    assert sum(model["letters"].values()) == n
    top = max(model["letters"].values())
    assert (model["position_bias"] is not None) == (top > n / 2)
    if model["position_bias"]:
        assert model["position_bias"] in out
    rows = list(csv.DictReader((tmp_path / "predictions.csv").open()))
    for row in rows:
        scores = [float(x) for x in row[f"{SMOLLM2} scores"].split()]
        assert len(scores) == 4 and all(s <= 0 for s in scores)  # log-probabilities
        assert int(row[SMOLLM2]) == scores.index(max(scores))


def test_cli_bench_plain_prompt(offline_hf, tmp_path, capsys):
    argv = ["bench", "--models", SMOLLM2, "--prompt", "plain", "--limit", "2"]
    assert main([*argv, "--out", str(tmp_path)]) == 0
    model = json.loads((tmp_path / "results.json").read_text())["models"][0]
    first = bench.load_questions("mmlu-econometrics")[0]
    assert model["info"]["prompt_style"] == "plain"
    assert model["info"]["prompt"] == bench.plain_prompt(first)
    assert "plain prompt, worked examples: none" in capsys.readouterr().out
