"""Any model on the Hub, planned in the reader's browser: the calculator and the finder read a
model's config.json and parameter count from the Hub the site names (``HFGUIDE_BROWSER_HUB``:
a replay Hub here, across origins as huggingface.co is), and give the numbers ``hfguide memory``
gives for it."""

from __future__ import annotations

import json
import re

import pytest

from hfguide.cli import main
from hfguide.replay.server import ReplayHub
from tests.support.site import fill_form, mkdocs_build

#: A model no snapshot of the project records: a Qwen3-8B-sized config.
NEW = "someone/qwen3-8b-like"
NEW_CONFIG = {
    "architectures": ["Qwen3ForCausalLM"],
    "model_type": "qwen3",
    "num_hidden_layers": 36,
    "hidden_size": 4096,
    "num_attention_heads": 32,
    "num_key_value_heads": 8,
    "head_dim": 128,
    "intermediate_size": 12288,
    "vocab_size": 151936,
    "max_position_embeddings": 40960,
    "tie_word_embeddings": False,
}
NEW_COUNT = 8_190_735_360
ENCODER = "someone/bert-like"
ENCODER_CONFIG = {
    "architectures": ["BertForSequenceClassification"],
    "model_type": "bert",
    "num_hidden_layers": 12,
    "hidden_size": 768,
    "num_attention_heads": 12,
    "intermediate_size": 3072,
    "vocab_size": 30522,
    "max_position_embeddings": 512,
    "type_vocab_size": 2,
}
GATED = "someone/gated-model"


@pytest.fixture(scope="module")
def hub():
    replay = ReplayHub(
        [{"id": NEW, "safetensors": {"parameters": {}, "total": NEW_COUNT}}, {"id": ENCODER}], {}
    )
    replay.add_model_file(NEW, "config.json", json.dumps(NEW_CONFIG).encode())
    replay.add_model_file(ENCODER, "config.json", json.dumps(ENCODER_CONFIG).encode())
    replay.add_model_file(GATED, "config.json", json.dumps(NEW_CONFIG).encode())
    replay.gate(GATED)
    with replay:
        yield replay


@pytest.fixture(scope="module")
def hub_site(hub, tmp_path_factory):
    """The site built from the snapshot for a Hub at the replay's address: its pages' scripts
    ask that Hub for the models the data lacks."""
    site_dir = tmp_path_factory.mktemp("hub-site") / "site"
    env = {
        "HFGUIDE_BROWSER_HUB": hub.url,
        "HF_HUB_OFFLINE": "1",
        "HFGUIDE_CACHE": str(tmp_path_factory.mktemp("cache")),
    }
    result = mkdocs_build(site_dir, env)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture
def hub_page(browser, hub_site):
    from hfguide.site import builder

    with builder.serve(hub_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.console_errors = []
        tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
        tab.base = base
        yield tab
        context.close()


def cli_kv_bytes(hub, monkeypatch, capsys, *argv) -> str:
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    assert main(["memory", *argv]) == 0
    return capsys.readouterr().out


def test_the_cli_reads_a_config_only_the_hub_serves(hub, monkeypatch, capsys):
    out = cli_kv_bytes(hub, monkeypatch, capsys, NEW, "--context", "32k")
    assert f"{NEW}: {NEW_COUNT:,} parameters, shape from its config.json on the Hub" in out
    kv = next(line for line in out.splitlines() if line.startswith("KV cache"))
    # 2 (K and V) x 8 heads x 128 x 36 layers x 32,768 tokens x 2 bytes = 4.83 GB
    assert kv.split()[3] == f"{2 * 8 * 128 * 36 * 32768 * 2 / 1e9:.2f}"


def test_the_cli_says_what_to_do_for_a_gated_model(hub, monkeypatch, capsys):
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    assert main(["memory", GATED]) == 2
    err = capsys.readouterr().err
    assert f"{GATED} is gated" in err and "HF_TOKEN" in err and "hf auth login" in err


def calculator(page, **fields):
    page.goto(f"{page.base}/leaderboard/explorer/")
    page.locator("#lb-calculator").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#lb-calculator').dataset.ready === '1'")
    out = fill_form(page, "#lb-calculator", fields)
    page.wait_for_function(
        "document.querySelector('#lb-calculator output').dataset.hub !== 'reading'"
    )
    return out


def test_the_calculator_shows_the_clis_numbers_for_a_model_only_the_hub_has(
    hub, hub_page, monkeypatch, capsys
):
    out = calculator(hub_page, model=NEW, context="32k", gpu="24GB", precision="bfloat16")
    assert "shape from its config.json on the Hub" in out.inner_text()
    cli = cli_kv_bytes(hub, monkeypatch, capsys, NEW, "--context", "32k", "--gpu", "24GB")
    labels = {"weights": "Weights", "kv": "KV cache", "activations": "Activations"}
    for term in ("weights", "kv", "activations", "overhead"):
        shown = out.locator(f"tr[data-term={term}] td").nth(1).inner_text().split()[0]
        line = next(x for x in cli.splitlines() if x.startswith(labels.get(term, "Framework")))
        assert shown == re.search(r"\s(\d[\d,]*\.\d\d)\s", line).group(1), term
    assert hub_page.console_errors == []


def test_the_calculator_reads_an_encoder_and_says_it_keeps_no_cache(hub_page):
    out = calculator(hub_page, model=ENCODER, context="4k", gpu="24GB")
    text = out.inner_text()
    assert "an encoder reads its whole input at once" in text
    assert "accepts at most 512 tokens" in text
    assert out.locator("[data-role=fits]").inner_text().startswith("Does not fit")


def test_a_gated_model_says_why_in_the_browser(hub_page):
    out = calculator(hub_page, model=GATED, gpu="24GB")
    assert f"The model {GATED} is gated or private" in out.inner_text()


def test_the_finder_checks_a_model_only_the_hub_has(hub, hub_page, monkeypatch, capsys):
    hub_page.goto(f"{hub_page.base}/finder/?gpu=24GB&context=32k")
    hub_page.wait_for_function("document.querySelector('#finder-model').dataset.ready === '1'")
    hub_page.fill("#finder-model [name=model]", NEW)
    hub_page.press("#finder-model [name=model]", "Enter")
    hub_page.wait_for_function(
        "document.querySelector('#finder-model output').dataset.ready === '1'"
    )
    verdict = hub_page.locator("#finder-model output p[data-verdict]")
    assert verdict.get_attribute("data-verdict") == "fits"
    cli = cli_kv_bytes(hub, monkeypatch, capsys, NEW, "--context", "32k")
    total = next(line for line in cli.splitlines() if line.startswith("Total")).split()[1]
    assert f"Fits: {total} GB in all." in verdict.inner_text()
