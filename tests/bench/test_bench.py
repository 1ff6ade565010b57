"""The model bench: question loading, baselines, accuracy on real weights, reports, errors."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

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


def test_run_model_batches_questions_of_similar_length_and_keeps_their_order():
    """Long and short questions alternate; batches take them by length, answers come back in
    the questions' order."""
    questions = [
        Question(("long " * 40 if i % 2 else "short") + f" q{i}", ("a", "b"), i % 2)
        for i in range(8)
    ]
    batches = []

    def by_length(batch, batch_size):
        batches.append(sorted(q.question.split()[-1] for q in batch))
        return [1 if q.question.startswith("long") else 0 for q in batch]

    result = bench.run_model(
        by_length, questions, model="m", kind="test", batch_size=4, progress=False
    )
    assert batches == [["q0", "q2", "q4", "q6"], ["q1", "q3", "q5", "q7"]]
    assert result.predictions == [0, 1, 0, 1, 0, 1, 0, 1]
    assert result.correct == 8


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
    assert rows[0] == ["question", "answer", "org/m", "org/m scores"] and rows[3] == [
        "Where do fish live?",
        "2",
        "0",
        "",
    ]
    assert summary["versions"]["python"] and summary["versions"]["hfguide"]
    assert summary["versions"]["torch"] and summary["versions"]["transformers"]
    plot = paths["plot"].read_text(encoding="utf-8")
    assert paths["plot"].name == "accuracy-latency.svg" and plot.startswith("<svg ")
    assert ">m</text>" in plot and "obvious, 3 questions" in plot


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
        (["bench", "--models", MINILM, "--batch-size", "0"], "--batch-size: '0' is not between 1"),
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


@pytest.mark.parametrize(
    "models",
    [["a/b,c/d", "e/f"], ["a/b", "c/d,", "e/f"], ["a/b, c/d ,e/f"]],
)
def test_cli_bench_models_by_spaces_or_commas(models, monkeypatch):
    """A long list of models may be written over several lines: spaces and commas both part."""
    asked = []

    def refuse(ids, *args, **kwargs):
        asked.append(ids)
        raise BenchError("stop here")

    monkeypatch.setattr(bench, "bench", refuse)
    assert main(["bench", "--models", *models, "--limit", "1"]) == 2
    assert asked == [["a/b", "c/d", "e/f"]]


# -- causal language models: letter scoring, on a locally built stand-in ----------------------
# A tiny randomly initialised Llama with a word-level tokenizer built here: it backs the
# contract (one forward pass, padding, batching), never a score shown anywhere.
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|> {{ m['content'] }} <|end|> {% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def build_tiny_llama(folder, *, chat: bool):
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    words = {*bench.ANSWER_PREFIX.split(), *bench.LETTERS}
    for q in bench.load_questions("mmlu-econometrics")[:20]:
        words |= set(re.findall(r"\w+|[^\w\s]", bench.question_text(q)))
    specials = ["<unk>", "<s>", "</s>", "<|user|>", "<|assistant|>", "<|end|>"]
    vocab = {w: i for i, w in enumerate([*specials, *sorted(words)])}
    word_level = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    word_level.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=word_level, unk_token="<unk>", bos_token="<s>", eos_token="</s>"
    )
    if chat:
        tokenizer.chat_template = CHAT_TEMPLATE
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        bos_token_id=1,
        eos_token_id=2,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return str(folder)


@pytest.fixture(scope="module", params=[True, False], ids=["chat-template", "no-template"])
def tiny_llama(request, tmp_path_factory):
    return build_tiny_llama(tmp_path_factory.mktemp("tiny-llama"), chat=request.param)


def scores_alone(scorer, question):
    """The letter scores of one question in one unpadded forward pass over its whole prompt (no
    cache, no batch), computed by hand: log-probabilities at the last position."""
    import torch

    encoded = scorer.tokenizer(
        scorer.prompt(question), return_tensors="pt", add_special_tokens=not scorer.chat
    )
    with torch.no_grad():
        log_probs = scorer.model(**encoded).logits[0, -1].log_softmax(-1)
    letters = scorer.letter_ids[: len(question.choices)]
    return torch.stack([log_probs[ids].max() for ids in letters])


@pytest.mark.model  # builds and runs a (tiny, local) model
def test_letter_scores_shape_and_padding_of_fewer_choices(tiny_llama):
    scorer = bench.causal_lm_answerer(tiny_llama)
    questions = [*bench.load_questions("mmlu-econometrics")[:3], OBVIOUS[1]]
    scores = scorer.letter_scores(questions)
    assert tuple(scores.shape) == (4, 4)
    assert scores[3, 2:].isinf().all() and scores[3, :2].isfinite().all()
    assert all(len(ids) >= 1 for ids in scorer.letter_ids[:4])
    prompt = scorer.prompt(questions[0])
    suffix = (
        f"<|assistant|> {bench.ANSWER_PREFIX}" if scorer.chat else f"only.\n{bench.ANSWER_PREFIX}"
    )
    assert prompt.endswith(suffix)
    assert "A. " in prompt and "D. " in prompt


@pytest.mark.model  # builds and runs a (tiny, local) model
def test_batched_letter_scores_equal_one_question_at_a_time(tiny_llama):
    import torch

    scorer = bench.causal_lm_answerer(tiny_llama)
    # Questions of different lengths, so every batch is padded on the left.
    questions = bench.load_questions("mmlu-econometrics")[:12]
    batched = scorer.letter_scores(questions)
    alone = torch.stack([scores_alone(scorer, q) for q in questions])
    assert torch.allclose(batched, alone, atol=1e-5)
    picks = alone.argmax(dim=1).tolist()
    assert [argmax(row) for row in scorer(questions, 5)] == picks
    assert [argmax(row) for row in scorer(questions, 1)] == picks
    assert scorer(questions, 12) == scorer(questions, 12)  # deterministic
    result = bench.run_model(
        scorer, questions, model="tiny", kind="causal-lm", batch_size=4, progress=False
    )
    assert result.predictions == picks
    assert torch.allclose(torch.tensor(result.scores), alone, atol=1e-5)


def argmax(row):
    return max(range(len(row)), key=row.__getitem__)


@pytest.mark.model  # builds and runs a (tiny, local) model
def test_shared_beginning_is_computed_once_and_reused(tiny_llama):
    """The tokens every prompt begins with go through the model once; each batch then computes
    only the rest, and its scores equal those of whole prompts computed alone."""
    import torch

    questions = bench.load_questions("mmlu-econometrics")[:10]
    shots = bench.load_shots(2, "mmlu-econometrics")
    scorer = bench.causal_lm_answerer(tiny_llama, shots=shots)
    lengths = scorer.prepare(questions)
    encoded = [scorer.encode(q) for q in questions]
    assert lengths == [len(ids) for ids in encoded]
    shared = scorer.work["prefix_tokens"]
    # The worked examples are part of every prompt, so of the shared beginning.
    assert all(ids[:shared] == encoded[0][:shared] for ids in encoded)
    without = bench.causal_lm_answerer(tiny_llama)
    without.prepare(questions)
    assert shared > without.work["prefix_tokens"] + 2 * 20
    assert len({ids[shared] for ids in encoded}) > 1  # the longest shared beginning
    scores = scorer.letter_scores(questions[:4])
    alone = torch.stack([scores_alone(scorer, q) for q in questions[:4]])
    assert torch.allclose(scores, alone, atol=1e-5)
    longest = max(lengths[:4]) - shared
    assert scorer.work["computed_tokens"] == shared + 4 * longest
    assert scorer.work["padding_tokens"] == sum(longest - (n - shared) for n in lengths[:4])
    assert scorer.work["flop"] > 0 and scorer.work["passes"] == 2
    assert all(scorer.stages[stage] > 0 for stage in ("tokenize", "prefix", "forward", "score"))
    assert scorer.info["prompt"] == scorer.prompt(questions[0])
    assert scorer.info["shots"] == 2


@pytest.mark.model  # builds and runs a (tiny, local) model
def test_prompt_styles_and_shots(tiny_llama):
    question = OBVIOUS[0]
    shots = bench.load_shots(2, "mmlu-econometrics")
    plain = bench.causal_lm_answerer(tiny_llama, prompt="plain", shots=shots)
    text = plain.prompt(question)
    assert plain.style == "plain"
    assert text == (
        f"{bench.question_text(shots[0])}\n{bench.answered(shots[0])}\n\n"
        f"{bench.question_text(shots[1])}\n{bench.answered(shots[1])}\n\n"
        f"{bench.question_text(question)}\n{bench.ANSWER_PREFIX}"
    )
    assert bench.answered(shots[0]) == f"{bench.ANSWER_PREFIX}{bench.LETTERS[shots[0].answer]})."
    auto = bench.causal_lm_answerer(tiny_llama)
    if auto.chat:
        assert auto.style == "chat"
        chat = bench.causal_lm_answerer(tiny_llama, prompt="chat", shots=shots).prompt(question)
        # Each shot is a user turn and an answered assistant turn, before the question.
        assert chat.count("<|user|>") == 3 and chat.count("<|assistant|>") == 3
        assert bench.answered(shots[1]) in chat and chat.endswith(bench.ANSWER_PREFIX)
    else:
        assert auto.style == "plain"
        with pytest.raises(BenchError, match="has no chat template; use plain"):
            bench.causal_lm_answerer(tiny_llama, prompt="chat")
    with pytest.raises(BenchError, match="unknown prompt style 'fancy'"):
        bench.causal_lm_answerer(tiny_llama, prompt="fancy")


@pytest.mark.model  # builds and runs a (tiny, local) model
def test_bench_detects_a_causal_lm(tiny_llama):
    assert bench.detect_kind(tiny_llama) == "causal-lm"
    result = bench.bench([tiny_llama], OBVIOUS, batch_size=2, progress=False, device="cpu")[0]
    assert result.kind == "causal-lm" and len(result.predictions) == 3


def test_question_text_letters_every_choice():
    text = bench.question_text(OBVIOUS[0])
    assert text.splitlines() == [
        "Which animal barks?",
        "A. a dog",
        "B. a spreadsheet",
        "C. a volcano",
        "Answer with the letter of the correct option (A, B, C) only.",
    ]


@pytest.mark.parametrize(
    ("device", "message"),
    [
        ("cuda", "--device cuda: no CUDA GPU here"),
        ("cuda:1", "--device cuda:1: no CUDA GPU here"),
        ("0", "--device 0: no CUDA GPU here"),
        ("mps", "--device mps: Apple's MPS backend is not available here"),
        ("cpuu", "unknown --device 'cpuu': use cpu, cuda, cuda:N, a GPU index N, or mps"),
    ],
)
def test_device_errors_are_one_line(device, message):
    import torch

    if torch.cuda.is_available() or torch.backends.mps.is_available():
        pytest.fail("these cases describe a machine without a GPU; this one has one")
    with pytest.raises(BenchError) as caught:
        bench.resolve_device(device)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_device_cpu_and_default():
    assert bench.resolve_device("cpu") == bench.resolve_device(" CPU ") == "cpu"
    assert bench.resolve_device(None) is None


@pytest.mark.parametrize("device", ["cuda", "0", "mps", "cpuu"])
@pytest.mark.model  # a fresh process importing torch and transformers
def test_cli_device_errors_exit_without_traceback(device):
    # The real command in its own process: the error must be one line, before any model loads.
    result = subprocess.run(
        [sys.executable, "-m", "hfguide.cli", "bench", "--models", MINILM, "--device", device],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("hfguide bench: error: ")
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


SMOLLM2 = "HuggingFaceTB/SmolLM2-135M-Instruct"


def test_smollm2_letter_scoring_batched_equals_alone(offline_hf):
    import torch

    scorer = bench.causal_lm_answerer(SMOLLM2)
    prompt = scorer.prompt(OBVIOUS[0])
    assert scorer.chat and prompt.endswith(f"<|im_start|>assistant\n{bench.ANSWER_PREFIX}")
    questions = bench.load_questions("mmlu-econometrics")[:6]
    batched = scorer.letter_scores(questions)
    # The chat template's system turn is the shared beginning, computed once.
    assert scorer.work["prefix_tokens"] == 24
    alone = torch.stack([scores_alone(scorer, q) for q in questions])
    assert torch.allclose(batched, alone, atol=1e-3)
    assert [argmax(row) for row in scorer(questions, 6)] == alone.argmax(dim=1).tolist()


def test_cli_bench_compares_a_chat_model_and_an_embedding_model(offline_hf, tmp_path, capsys):
    argv = ["bench", "--models", f"{SMOLLM2},{MINILM}", "--limit", "4", "--out", str(tmp_path)]
    assert main([*argv, "--device", "cpu"]) == 0
    kinds = [m["kind"] for m in json.loads((tmp_path / "results.json").read_text())["models"]]
    assert kinds == ["causal-lm", "embedding"]
    assert "most common answer" in capsys.readouterr().out


def loop_prompts(model_id, questions):
    """The token ids the bench runner's generate loop sends through the text-generation pipeline.

    The loop is the one ``scripts/bench_runner.py`` times; each call it makes is caught on its way
    to the pipeline and tokenized by the pipeline's own preprocessing.
    """
    from transformers import pipeline
    from transformers.pipelines.text_generation import Chat

    from hfguide.devtools.runner_loops import generate_loop

    generator = pipeline("text-generation", model=model_id)
    prompts = []

    def generate(messages, **kwargs):
        final = kwargs.get("continue_final_message")
        ids = generator.preprocess(Chat(messages), continue_final_message=final)["input_ids"]
        prompts.append(ids[0].tolist())
        return generator(messages, **kwargs)

    answers, _ = generate_loop(generate, questions, [])
    return prompts, answers


def assert_loop_and_scorer_read_the_same_prompt(model_id):
    questions = bench.load_questions("mmlu-econometrics")[:2]
    scorer = bench.causal_lm_answerer(model_id)
    prompts, answers = loop_prompts(model_id, questions)
    texts = [scorer.prompt(q) for q in questions]
    assert all(text.endswith(bench.ANSWER_PREFIX) for text in texts)
    assert prompts == [scorer.tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts]
    assert len(answers) == len(questions)


@pytest.mark.model  # builds and runs a (tiny, local) model
def test_generate_loop_and_letter_scorer_read_the_same_prompt(tmp_path):
    assert_loop_and_scorer_read_the_same_prompt(build_tiny_llama(tmp_path, chat=True))


def test_smollm2_generate_loop_and_letter_scorer_read_the_same_prompt(offline_hf):
    assert_loop_and_scorer_read_the_same_prompt(SMOLLM2)
