"""The one query: its golden cases (the browser runs them too), and the issue's readers' questions
on the committed data."""

from __future__ import annotations

import pytest

from hfguide.data import hub_models, leaderboard, model_configs
from hfguide.planner import MemoryEstimateError
from hfguide.queries import candidates
from hfguide.queries.shortlist import Request, shortlist
from tests.support.query_cases import CASES, ROWS, named_part


@pytest.fixture(scope="module")
def shapes():
    return model_configs.load().shapes


@pytest.fixture(scope="module")
def committed():
    return candidates.build(hub_models.read(), leaderboard.read(), model_configs.load()).rows


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case, shapes):
    answer = shortlist(ROWS, Request.from_json(case["request"]), shapes).to_json()
    assert named_part(answer) == case["expect"]


def test_a_bad_request_is_one_clear_error():
    with pytest.raises(MemoryEstimateError, match="unknown sort 'best'"):
        Request(sort="best")
    with pytest.raises(MemoryEstimateError, match="unknown precision 'int3'"):
        Request(precision="int3")


def test_commercial_chat_at_12_gb_lists_no_flagged_row_and_every_fit(committed, shapes):
    """The issue's reader: the two unsloth phi-4 4-bit repositories, counted at 8.48 B (phi-4 has
    14.66 B), are flagged and stay out unless asked for; every fit is in the answer."""
    request = Request(
        task="text-generation",
        licence="permissive",
        chat=True,
        budget=12e9,
        context=8192,
        precision="nf4",
        page_size=10_000,
    )
    answer = shortlist(committed, request, shapes)
    ids = [i.row["id"] for i in answer.fitting]
    assert not [i for i in ids if "phi-4-bnb" in i or "phi-4-unsloth-bnb" in i]
    assert all(not i.row["flagged"] for i in answer.fitting)
    assert answer.flagged_out > 0
    assert len(answer.shown) == len(answer.fitting) > 10
    for item in answer.fitting:
        assert item.plan.total <= 12e9 and not item.plan.beyond_context
    with_flagged = shortlist(
        committed, Request(**{**request.__dict__, "include_flagged": True}), shapes
    )
    assert len(with_flagged.fitting) > len(answer.fitting)


def test_a_language_that_empties_the_list_is_named(committed, shapes):
    request = Request(
        task="text-generation", licence="permissive", chat=True, language="xh", budget=12e9
    )
    answer = shortlist(committed, request, shapes)
    assert answer.fitting == []
    assert answer.relaxations[0]["field"] == "language" and answer.relaxations[0]["count"] > 0


def test_spanish_text_classification_lists_encoders_without_a_kv_cache(committed, shapes):
    request = Request(task="text-classification", language="es", budget=12e9, context=512)
    answer = shortlist(committed, request, shapes)
    encoders = [i for i in answer.fitting if i.row["kind"] == "encoder"]
    assert encoders
    for item in encoders:
        assert item.plan.term("kv") == 0 and item.plan.context_limit <= 512
    longer = shortlist(committed, Request(**{**request.__dict__, "context": 4096}), shapes)
    assert longer.too_long >= len(encoders)
    assert all(i.row["kind"] != "encoder" for i in longer.fitting)


def test_a_newer_model_without_a_score_is_found_first_by_newest(committed, shapes):
    request = Request(task="text-generation", budget=24e9, sort="newest", page_size=5)
    first = shortlist(committed, request, shapes).shown
    assert first and all(i.row["score"] is None for i in first)
    assert first[0].row["created"] >= "2026-01-01"
