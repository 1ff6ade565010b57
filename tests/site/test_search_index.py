"""The search index tuned for readers' words: both spellings and forms of a word, the values of
constants out of the reference's titles, the reference's low boost."""

from __future__ import annotations

import json

import pytest

from hfguide.site import reference, search


def index(*docs):
    fields = {"title": {"boost": 1000}, "text": {"boost": 1}}
    fields.update({field: {"boost": 1} for field in search.FIELDS.values()})
    return {"config": {"fields": fields}, "docs": list(docs)}


def test_a_word_brings_its_other_spellings_and_forms():
    assert {"license", "licenses", "licence"} <= set(search.relatives("Licences"))
    assert {"quantization", "quantisation", "quantize"} <= set(search.relatives("quantised"))
    assert "quantised" not in search.relatives("quantised")
    assert search.relatives("model") == ()


def test_tune_index_fills_the_spelling_fields_once_per_occurrence():
    tuned = search.tune_index(
        index(
            {"location": "guide/", "title": "Licence", "text": "<p>quantised, quantised</p>"},
            {"location": "run/", "title": "Run", "text": "<p>a model</p>"},
        )
    )
    guide, run = tuned["docs"]
    assert "license" in guide["spelling_title"].split()
    assert guide["spelling_text"].split().count("quantization") == 2
    assert "spelling_title" not in run and "spelling_text" not in run


def test_reference_titles_lose_the_values_of_constants():
    long_value = "<code>MANIFEST = (ModelEntry(hub_id='openai/whisper-tiny.en'), )</code>"
    tuned = search.tune_index(
        index(
            {"location": "reference/x/#x.MANIFEST", "title": long_value, "text": ""},
            {"location": "guide/", "title": "<code>a = b</code>", "text": ""},
        )
    )
    assert tuned["docs"][0]["title"] == "<code>MANIFEST</code>"
    assert tuned["docs"][1]["title"] == "<code>a = b</code>"  # only the reference's


def test_tune_index_needs_the_fields_declared():
    with pytest.raises(ValueError, match="spelling_title"):
        search.tune_index({"config": {"fields": {}}, "docs": []})


def test_reference_pages_have_a_low_search_boost():
    page = reference.module_page("hfguide.site.search")
    assert f"search: {json.dumps({'boost': reference.SEARCH_BOOST})}" in page
    assert 'search: {"boost"' in reference.overview_page(["hfguide"])
    assert reference.SEARCH_BOOST < 0.01
