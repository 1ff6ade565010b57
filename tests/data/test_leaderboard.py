"""Leaderboard data: loading through the replay Hub, processing, snapshot, best-that-fits, CLI."""

from __future__ import annotations

import pandas as pd
import pytest

from hfguide.cli import main
from hfguide.core.settings import DEFAULT_LEADERBOARD
from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.data.leaderboard import REPO_ID, LeaderboardData, rows_from_frame, type_key
from hfguide.data.provenance import SnapshotError
from hfguide.data.source import load_leaderboard
from hfguide.hub.client import HubClient
from hfguide.hub.transport import RetryPolicy
from hfguide.pages.explorer import explorer_page
from hfguide.pages.markers import expand_markers as expand_all
from hfguide.planner import (
    SIZE_BUCKETS,
    UNKNOWN_BUCKET,
    inference_gb,
    size_bucket,
)
from hfguide.queries import candidates
from hfguide.queries.licences import UnknownLicence, check_known
from hfguide.queries.shortlist import Request, shortlist
from hfguide.replay.server import Fault, ReplayHub
from tests.support.leaderboard import RAW, candidate_rows, parquet_bytes

FAST = RetryPolicy(attempts=2, backoff=0.01, timeout=5.0)


@pytest.fixture
def leaderboard_hub():
    with ReplayHub([], {}) as hub:
        hub.add_dataset_file(
            REPO_ID, "data/train-00000-of-00002.parquet", parquet_bytes(RAW.iloc[:2])
        )
        hub.add_dataset_file(
            REPO_ID, "data/train-00001-of-00002.parquet", parquet_bytes(RAW.iloc[2:])
        )
        hub.add_dataset_file(REPO_ID, "README.md", b"# not data")
        yield hub


def client_for(hub, **kw):
    return HubClient(endpoint=hub.url, retry=FAST, **{"use_cache": False, **kw})


def test_fetch_reads_every_parquet_file(leaderboard_hub):
    board = leaderboard.fetch(client_for(leaderboard_hub))
    assert [r["id"] for r in board.rows] == [
        "lab/flagged",
        "org/big-chat",
        "lab/continued",
        "org/small-chat",
    ]
    downloads = [r["path"] for r in leaderboard_hub.requests if "/resolve/" in r["path"]]
    assert any(p.endswith("00000-of-00002.parquet") for p in downloads)
    assert any(p.endswith("00001-of-00002.parquet") for p in downloads)
    assert not any(p.endswith("README.md") for p in downloads)


def test_rows_are_reduced_to_the_sites_fields():
    rows = {r["id"]: r for r in rows_from_frame(RAW)}
    big = rows["org/big-chat"]
    assert big["type"] == "chat" and big["bucket"] == "70+" and big["params"] == 70.6
    assert (big["ifeval"], big["mmlu_pro"], big["average"]) == (80.0, 60.0, 40.5)
    assert big["official"] and big["hub"] and not big["merged"]
    assert rows["lab/continued"]["type"] == "continuous"
    assert rows["lab/continued"]["license"] is None and rows["lab/continued"]["moe"]
    assert rows["lab/flagged"]["params"] is None and rows["lab/flagged"]["bucket"] == "?"


def test_type_keys():
    assert type_key("🤝 base merges and moerges") == "merge"
    assert type_key("🔶 fine-tuned on domain-specific datasets") == "finetuned"
    assert type_key("🟢 pretrained") == "pretrained"
    assert type_key("something new") == "other"


def test_snapshot_round_trip_and_atomicity(tmp_path):
    board = LeaderboardData(
        rows=rows_from_frame(RAW), source="live", created_at="2026-01-01T00:00:00Z", endpoint="x"
    )
    path = tmp_path / "lb.json"
    leaderboard.write(board, path)
    again = leaderboard.read(path)
    assert again.rows == board.rows and again.source == "snapshot"
    assert again.submitted == ("2024-06-08", "2025-02-08")
    assert [p.name for p in tmp_path.iterdir()] == ["lb.json"]


def test_leaderboard_falls_back_to_the_snapshot(
    leaderboard_hub, tmp_path, closed_port_url, monkeypatch
):
    path = tmp_path / "lb.json"
    leaderboard.write(leaderboard.fetch(client_for(leaderboard_hub)), path)
    live = load_leaderboard(path, client=client_for(leaderboard_hub))
    assert live.source == "live"
    offline = load_leaderboard(path, client=client_for(type("H", (), {"url": closed_port_url})))
    assert offline.source == "snapshot" and "could not be queried" in offline.note
    leaderboard_hub.inject(Fault("status", path="/datasets/", status=503))
    assert load_leaderboard(path, client=client_for(leaderboard_hub)).source == "snapshot"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert load_leaderboard(path, client=client_for(leaderboard_hub)).source == "snapshot"
    with pytest.raises(SnapshotError, match="hfguide refresh"):
        load_leaderboard(tmp_path / "missing.json")


def test_leaderboard_cache_means_no_second_download(leaderboard_hub, tmp_path):
    leaderboard.fetch(client_for(leaderboard_hub, use_cache=True, cache_dir=tmp_path))
    sent = leaderboard_hub.request_count
    leaderboard.fetch(client_for(leaderboard_hub, use_cache=True, cache_dir=tmp_path))
    assert leaderboard_hub.request_count == sent


def best(rows, **request):
    """The ids the one query lists for leaderboard rows alone, best average first."""
    asked = Request(task="text-generation", scored=True, sort="score", page_size=100, **request)
    return [i.row["id"] for i in shortlist(candidate_rows(rows), asked, {}).fitting]


def test_best_that_fit_by_hand():
    rows = rows_from_frame(RAW)
    # Without a recorded config: weights plus framework overhead (0.5 GB + 5%): small-chat
    # needs 7.6e9 * 2 * 1.05 / 1e9 + 0.5 = 16.46 GB; continued 7.2e9 * 2 * 1.05 / 1e9 + 0.5 =
    # 15.62 GB.
    assert best(rows, budget=15.6e9) == []
    assert best(rows, budget=16e9) == ["lab/continued"]
    assert best(rows, budget=20e9) == ["lab/continued", "org/small-chat"]
    assert best(rows, budget=20e9, licence="Apache-2.0") == ["org/small-chat"]
    assert best(rows, budget=200e9, model_type="chat") == ["org/big-chat", "org/small-chat"]
    assert best(rows, budget=20e9, precision="4bit", model_type="chat") == ["org/small-chat"]
    assert inference_gb(7.2e9, "float16") == pytest.approx(15.62)


def test_best_that_fit_merges_permissive_and_several_licences():
    rows = rows_from_frame(RAW)
    assert best(rows, merges=False) == ["org/big-chat", "org/small-chat"]
    # lab/continued has no licence, lab/flagged (mit) is left out as implausible
    assert best(rows, licence="permissive") == ["org/big-chat", "org/small-chat"]
    assert best(rows, licence="permissive", include_flagged=True)[0] == "lab/flagged"
    assert best(rows, licence="mit,apache-2.0", include_flagged=True) == [
        "lab/flagged",
        "org/big-chat",
        "org/small-chat",
    ]


def test_flagged_and_implausible_rows_are_left_out_and_counted():
    rows = rows_from_frame(RAW)
    answer = shortlist(candidate_rows(rows), Request(task="text-generation", scored=True), {})
    assert "lab/flagged" not in [i.row["id"] for i in answer.fitting]
    assert answer.flagged_out == 1
    assert "lab/flagged" in best(rows, include_flagged=True)


def test_unknown_licence_suggests_the_closest_names():
    known = {(r["license"] or "").lower() for r in rows_from_frame(RAW)} - {""}
    with pytest.raises(UnknownLicence, match=r"no licence 'apache2'.*did you mean apache-2\.0\?"):
        check_known("apache2", known)
    with pytest.raises(UnknownLicence) as err:
        check_known("zzzz", known)
    assert err.value.suggestions == [] and "did you mean" not in str(err.value)
    check_known("permissive,APACHE-2.0", known)


def committed_answer(**request):
    """The one query over the committed data, as ``hfguide leaderboard`` asks it."""
    recorded = model_configs.load()
    rows = candidates.build(hub_models.read(), leaderboard.read(), recorded).rows
    asked = Request(task="text-generation", scored=True, sort="score", **request)
    return shortlist(rows, asked, recorded.shapes)


def raw_row(**fields):
    """One leaderboard row in the data set's layout: the first fixture row with changes."""
    return {**RAW.iloc[1].to_dict(), **fields}


def doubts(*raws):
    return {r["id"]: r["implausible"] for r in rows_from_frame(pd.DataFrame(list(raws)))}


@pytest.mark.parametrize(
    ("name", "params", "reason"),
    [
        ("x/llama-8B", 0.007, "listed at 0.007 B parameters, but its name says 8B"),
        ("x/big-70b-chat", 35.0, "listed at 35 B parameters, but its name says 70B"),
        ("x/SmolLM-135M-tuned", 1.7, "listed at 1.7 B parameters, but its name says 135M"),
        ("x/Mixtral-8x7B-tuned", 120.0, "listed at 120 B parameters, but its name says 8X7B"),
        ("x/Mixtral-8x7B-tuned", 3.0, "listed at 3 B parameters, but its name says 8X7B"),
    ],
)
def test_size_in_the_name_contradicted(name, params, reason):
    assert doubts(raw_row(fullname=name, **{"#Params (B)": params}))[name] == [reason]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("x/Mixtral-8x7B-tuned", 46.7),  # experts share attention: not 8 x 7 = 56
        ("x/gemma-7b-tuned", 8.54),  # names round
        ("x/Falcon3-1B-tuned", 1.67),
        ("x/Qwen2.5-7B-Instruct-1M", 7.6),  # 1M is the context length
        ("x/internlm2_5-1_8b-chat", 1.89),  # an underscore for the decimal point
        ("x/LLAMA-3_8B-tuned", 8.03),  # ... or between the family and the size
        ("x/OLMoE-1B-7B", 6.92),  # active and total sizes
        ("x/no-size-here", 123.0),
    ],
)
def test_sizes_that_agree_with_the_name(name, params):
    assert doubts(raw_row(fullname=name, **{"#Params (B)": params}))[name] is None


def test_missing_and_non_positive_counts():
    found = doubts(
        raw_row(fullname="x/minus", **{"#Params (B)": -1}),
        raw_row(fullname="x/zero", **{"#Params (B)": 0}),
        raw_row(fullname="x/none", **{"#Params (B)": None}),
    )
    assert found == {
        "x/minus": ["listed at -1 B parameters, which is no size at all"],
        "x/zero": ["listed at 0 B parameters, which is no size at all"],
        "x/none": ["listed with no parameter count"],
    }


def test_quantised_name_with_a_sixteen_bit_precision():
    found = doubts(
        raw_row(fullname="x/phi-4-unsloth-bnb-4bit", Precision="bfloat16"),
        raw_row(fullname="x/model-GPTQ", Precision="float16"),
        raw_row(fullname="x/model-awq", Precision="4bit"),  # precision agrees
        raw_row(fullname="x/model-F16-gguf", Precision="float16"),  # a 16-bit GGUF
    )
    assert found["x/phi-4-unsloth-bnb-4bit"] == [
        "its name says quantised (bnb), but it is listed as bfloat16"
    ]
    assert found["x/model-GPTQ"] == ["its name says quantised (gptq), but it is listed as float16"]
    assert found["x/model-awq"] is None and found["x/model-F16-gguf"] is None


def test_count_far_from_the_base_models_row():
    found = doubts(
        raw_row(fullname="microsoft/phi-4", **{"#Params (B)": 14.66, "Base Model": None}),
        raw_row(
            fullname="x/phi-4-packed", **{"#Params (B)": 8.48, "Base Model": "microsoft/phi-4"}
        ),
        raw_row(fullname="x/phi-4-tuned", **{"#Params (B)": 14.7, "Base Model": "microsoft/phi-4"}),
        raw_row(
            fullname="x/phi-4-stacked",
            Type="🤝 base merges and moerges",
            **{"#Params (B)": 25.0, "Base Model": "microsoft/phi-4"},
        ),
    )
    assert found["x/phi-4-packed"] == [
        "listed at 8.48 B parameters, but its base model microsoft/phi-4 is listed at 14.66 B"
    ]
    assert found["x/phi-4-tuned"] is None and found["x/phi-4-stacked"] is None


def test_tiny_model_that_beats_every_bigger_one():
    bigger = [
        raw_row(fullname=f"x/m{i}", **{"#Params (B)": 0.1 + i / 100, "Average ⬆️": 5.0 + i / 10})
        for i in range(30)
    ]
    found = doubts(raw_row(fullname="x/tiny", **{"#Params (B)": 0.007, "Average ⬆️": 22.3}), *bigger)
    assert found["x/tiny"] == [
        "listed at 0.007 B parameters, yet its average (22.3) beats all 30 models listed at 10 "
        "to 100 times that size"
    ]
    assert all(found[f"x/m{i}"] is None for i in range(30))
    # with fewer larger models to judge by, no verdict
    assert (
        doubts(raw_row(fullname="x/tiny", **{"#Params (B)": 0.007}), *bigger[:29])["x/tiny"] is None
    )


def test_committed_snapshot_flags_the_rows_the_issue_names():
    rows = {r["id"]: r for r in leaderboard.read(DEFAULT_LEADERBOARD).rows}
    assert any(
        "beats all" in d
        for d in rows["darkc0de/BuddyGlass_v0.3_Xortron7MethedUpSwitchedUp"]["implausible"]
    )
    assert rows["unsloth/phi-4-unsloth-bnb-4bit"]["implausible"] == [
        "its name says quantised (bnb), but it is listed as bfloat16",
        "listed at 8.48 B parameters, but its base model microsoft/phi-4 is listed at 14.66 B",
    ]
    assert rows["Corianas/llama-3-reactor"]["implausible"] == [
        "listed at -1 B parameters, which is no size at all"
    ]
    assert rows["meta-llama/Meta-Llama-3.1-8B"]["implausible"] is None


#: The Open LLM Leaderboard's own size intervals as its code states them (``NUMERIC_INTERVALS``
#: in the leaderboard Space's ``src/display/utils.py``, huggingface.co/spaces/
#: open-llm-leaderboard/open_llm_leaderboard): label -> ``pd.Interval(left, right,
#: closed="right")``.
NUMERIC_INTERVALS = {
    "?": pd.Interval(-1, 0, closed="right"),
    "~1.5": pd.Interval(0, 2, closed="right"),
    "~3": pd.Interval(2, 4, closed="right"),
    "~7": pd.Interval(4, 9, closed="right"),
    "~13": pd.Interval(9, 20, closed="right"),
    "~35": pd.Interval(20, 45, closed="right"),
    "~60": pd.Interval(45, 70, closed="right"),
    "70+": pd.Interval(70, 10000, closed="right"),
}


def test_size_buckets_are_the_leaderboards_right_closed_intervals():
    ours = {label: (low, min(high, 10000)) for label, low, high in SIZE_BUCKETS}
    theirs = {k: (i.left, i.right) for k, i in NUMERIC_INTERVALS.items() if k != UNKNOWN_BUCKET}
    assert ours == theirs
    assert all(i.closed == "right" for i in NUMERIC_INTERVALS.values())
    for label, (low, high) in theirs.items():
        assert size_bucket(high) == label  # closed on the right
        assert size_bucket(low + 1e-9) == label  # open on the left
    assert (size_bucket(9.0), size_bucket(70.0), size_bucket(0), size_bucket(None)) == (
        "~7",
        "~60",
        "?",
        "?",
    )


def test_committed_snapshot_has_the_recorded_rows():
    board = leaderboard.read(DEFAULT_LEADERBOARD)
    assert len(board.rows) == 3827
    assert board.submitted == ("2024-06-08", "2025-02-08")
    assert {r["type"] for r in board.rows} >= {
        "pretrained",
        "continuous",
        "finetuned",
        "chat",
        "merge",
    }


def expand_markers(text, board):
    return expand_all(text, board=board, hub=None, configs=model_configs.load())


def test_markers_fill_in_data_and_reject_unknown_ones():
    board = LeaderboardData(
        rows=rows_from_frame(RAW), source="snapshot", created_at="2026-01-01T00:00:00Z", endpoint=""
    )
    text = expand_markers("A\n<!-- hfguide:type-examples chat -->\nB", board)
    assert "2 models are filed as *Chat (RLHF, DPO, IFT)*" in text
    assert text.index("org/big-chat") < text.index("org/small-chat")
    assert "submitted between 2024-06-08 and 2025-02-08" in text
    table = expand_markers("<!-- hfguide:precision-table -->", board)
    assert (
        "| nf4 | <code>4bit</code>, <code>bnb4bit</code>, <code>fp4</code> | 4.5 | 0.844 GB "
        "| 3.94 GB | 7.31 GB | 39.4 GB | 1 |" in table
    )
    with pytest.raises(ValueError, match="unknown hfguide marker"):
        expand_markers("<!-- hfguide:nonsense -->", board)
    with pytest.raises(ValueError, match="known type keys"):
        expand_markers("<!-- hfguide:type-examples robots -->", board)


def test_explorer_page_escapes_licences():
    rows = rows_from_frame(RAW.assign(**{"Hub License": "<script>alert(1)</script>"}))
    page = explorer_page(
        LeaderboardData(rows=rows, source="live", created_at="2026-01-01T00:00:00Z", endpoint="")
    )
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )


def test_cli_memory_and_leaderboard(capsys):
    assert main(["memory", "7B", "--precision", "bfloat16", "--gpu-gb", "16"]) == 0
    out = capsys.readouterr().out
    assert "Weights (bfloat16)" in out and "14.00" in out
    assert "Fits in 16.00 GB: the known terms fit; the rest is unknown." in out
    assert (
        main(
            [
                "leaderboard",
                "--type",
                "chat",
                "--max-gb",
                "16",
                "--license",
                "apache-2.0",
                "--top",
                "3",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    expected = committed_answer(budget=16e9, licence="apache-2.0", model_type="chat", page_size=3)
    assert [line.split()[1] for line in out[2:5]] == [i.row["id"] for i in expected.shown]


def test_cli_leaderboard_options_and_memory_column(capsys):
    argv = ["leaderboard", "--permissive", "--license", "llama3.1,gemma", "--no-merges"]
    assert main([*argv, "--precision", "4bit", "--max-gb", "12", "--top", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    answer = committed_answer(
        budget=12e9,
        precision="4bit",
        licence="llama3.1,gemma,permissive",
        merges=False,
        page_size=5,
    )
    expected = answer.shown
    table = [line.split() for line in lines[2 : 2 + len(expected)]]
    assert [cells[1] for cells in table] == [i.row["id"] for i in expected]
    for cells, item in zip(table, expected, strict=True):
        # the leaderboard's 4bit is bitsandbytes' 4-bit: nf4, 4.5 bits with its scales
        assert cells[4] == "nf4" and float(cells[5].rstrip("+")) == pytest.approx(
            item.plan.total / 1e9, abs=0.06
        )
        assert item.plan.total <= 12e9
    assert lines[-1] == (
        f"{answer.flagged_out} matching rows left out as implausible or flagged "
        "(--include-flagged to include them)."
    )
    assert main([*argv, "--include-flagged", "--top", "500"]) == 0
    out = capsys.readouterr().out
    assert "left out" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["memory", "7B", "--precision", "fp7"], "unknown precision 'fp7'"),
        (["memory", "--", "-3B"], "must be positive"),
        (["memory", "nobody/nothing"], "no recorded config or leaderboard row"),
        (["leaderboard", "--type", "robots"], "unknown --type"),
        (["leaderboard", "--max-gb", "-1"], "--max-gb: '-1' is not above zero"),
        (["leaderboard", "--precision", "int3"], "unknown --precision"),
        (["leaderboard", "--max-gb", "nan"], "--max-gb: 'nan'"),
        (
            ["leaderboard", "--license", "apache2"],
            "no licence 'apache2' in the leaderboard data; did you mean apache-2.0?",
        ),
    ],
)
def test_cli_bad_input(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
