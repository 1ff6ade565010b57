"""The snippets that call the Hub or Inference Providers (``data-hub-tested="true"``), run
verbatim against the replay Hub on 127.0.0.1: it gates a repository as the Hub does (401 without
a token, 403 with one that was not granted access), lists the providers serving a model, and
answers chat completions as the Hub's router does. Only the router's address is pointed at the
replay (``huggingface_hub`` has it as a constant, not a setting); every request stays on
loopback, and each run is bounded in time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from pytest_examples import find_examples

from hfguide.replay.server import ReplayHub
from tests.support import ROOT

HUB_SNIPPETS = [
    e for e in find_examples(ROOT / "docs") if e.prefix_settings().get("data-hub-tested") == "true"
]
GATED = "meta-llama/Llama-3.1-8B"
GRANTED, NOT_GRANTED = "hf_granted_reader", "hf_someone_else"
SERVED = "Qwen/Qwen2.5-72B-Instruct"
LLAMA_CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "num_hidden_layers": 32,
    "hidden_size": 4096,
    "num_attention_heads": 32,
    "num_key_value_heads": 8,
    "intermediate_size": 14336,
    "vocab_size": 128256,
}
#: Points huggingface_hub's router (a constant) at the replay; the snippet then runs verbatim.
PREAMBLE = """
import sys
from huggingface_hub import constants
from huggingface_hub.inference._providers import CONVERSATIONAL_AUTO_ROUTER
constants.INFERENCE_PROXY_TEMPLATE = sys.argv[1] + "/{provider}"
CONVERSATIONAL_AUTO_ROUTER.base_url = sys.argv[1]
source = open(sys.argv[2], encoding="utf-8").read()
exec(compile(source, sys.argv[2], "exec"), {"__name__": "__main__"})
"""


def snippet(needle: str) -> str:
    found = [e.source for e in HUB_SNIPPETS if needle in e.source]
    assert len(found) == 1, f"one Hub-tested snippet contains {needle!r}, not {len(found)}"
    return found[0]


@pytest.fixture
def hub():
    replay = ReplayHub(
        [
            {"id": GATED, "pipeline_tag": "text-generation"},
            {"id": SERVED, "pipeline_tag": "text-generation"},
        ],
        {},
    )
    replay.add_model_file(GATED, "config.json", json.dumps(LLAMA_CONFIG).encode())
    replay.gate(GATED, granted=(GRANTED,))
    with replay:
        yield replay


def run(source: str, hub: ReplayHub, tmp_path, token: str | None = None):
    path = tmp_path / "snippet.py"
    path.write_text(source, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGING_FACE", "TRANS"))
    }
    env.update(
        HF_ENDPOINT=hub.url,
        HF_HOME=str(tmp_path / "hf-home"),  # no saved token but the one given
        HF_HUB_CACHE=str(tmp_path / "hf-cache"),
        HF_HUB_DISABLE_TELEMETRY="1",
        NO_PROXY="127.0.0.1",
    )
    if token:
        env["HF_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-c", PREAMBLE, hub.url, str(path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_hub_snippet_has_a_scenario():
    needles = (
        "hf_hub_download(",
        "AutoConfig.from_pretrained(",
        "InferenceClient(api_key=",
        "inferenceProviderMapping",
    )
    assert len(HUB_SNIPPETS) == len(needles)
    for needle in needles:
        snippet(needle)


def test_the_gated_snippet_names_401_and_403_as_the_hub_answers_them(hub, tmp_path):
    source = snippet("hf_hub_download(")
    no_token = run(source, hub, tmp_path)
    assert no_token.returncode == 0, no_token.stderr[-2000:]
    assert no_token.stdout == "401 no token: set HF_TOKEN\n"
    refused = run(source, hub, tmp_path, NOT_GRANTED)
    assert refused.stdout == "403 ask for access on the Hub\n", refused.stderr[-2000:]
    granted = run(source, hub, tmp_path, GRANTED)
    assert granted.stdout.startswith("access granted: ") and granted.stdout.rstrip().endswith(
        "config.json"
    ), granted.stderr[-2000:]
    sent = [r["authorization"] for r in hub.requests if "/resolve/" in r["path"]]
    assert None in sent and f"Bearer {NOT_GRANTED}" in sent and f"Bearer {GRANTED}" in sent


def test_a_granted_token_loads_a_gated_config_with_the_usual_call(hub, tmp_path):
    source = snippet("AutoConfig.from_pretrained(")
    granted = run(source, hub, tmp_path, GRANTED)
    assert granted.returncode == 0, granted.stderr[-2000:]
    assert granted.stdout == "llama 32\n"
    without = run(source, hub, tmp_path)
    assert without.returncode != 0 and "set HF_TOKEN" in without.stderr


def test_a_chat_completion_goes_through_the_router_with_the_token(hub, tmp_path):
    hub.chat_reply = "A cache of past keys and values."
    result = run(snippet("InferenceClient(api_key="), hub, tmp_path, "hf_reader")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "A cache of past keys and values.\n"
    (chat,) = hub.chats
    assert chat["path"] == "/v1/chat/completions"
    assert chat["authorization"] == "Bearer hf_reader"
    assert chat["body"]["model"] == SERVED and chat["body"]["max_tokens"] == 100
    assert chat["body"]["messages"][0]["role"] == "user"


def test_a_named_provider_gets_its_own_model_id(hub, tmp_path):
    source = snippet("inferenceProviderMapping")
    nobody = run(source, hub, tmp_path, "hf_reader")
    assert nobody.returncode == 0, nobody.stderr[-2000:]
    assert nobody.stdout == "served by: no provider now\n" and not hub.chats
    hub.serve_with(SERVED, "novita", "qwen/qwen-2.5-72b", status="staging")
    hub.serve_with(SERVED, "together", "Qwen/Qwen2.5-72B-Instruct-Turbo")
    hub.chat_reply = "Keys and values kept per token."
    result = run(source, hub, tmp_path, "hf_reader")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "served by: together\nKeys and values kept per token.\n"
    (chat,) = hub.chats
    assert chat["path"] == "/together/v1/chat/completions"
    assert chat["authorization"] == "Bearer hf_reader"
    assert chat["body"]["model"] == "Qwen/Qwen2.5-72B-Instruct-Turbo"
