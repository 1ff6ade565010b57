"""The settings object: every variable read once, checked, and secrets kept out of messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from hfguide.core.settings import (
    DEFAULT_SNAPSHOT,
    PUBLIC_HUB,
    Settings,
    SettingsError,
    redact,
    redact_endpoint,
    secrets_from_env,
)


def test_defaults_from_an_empty_environment():
    settings = Settings.from_env({})
    assert settings.endpoint == PUBLIC_HUB and settings.token is None
    assert not settings.offline and not settings.force_snapshot
    assert settings.snapshot_path == DEFAULT_SNAPSHOT
    assert settings.cache_dir == Path.home() / ".cache" / "hfguide" / "hub"


def test_every_variable_is_read():
    settings = Settings.from_env(
        {
            "HF_ENDPOINT": "http://127.0.0.1:18500/",
            "HF_TOKEN": "hf_abcdef",
            "TRANSFORMERS_OFFLINE": "yes",
            "HFGUIDE_DATA": "Snapshot",
            "HFGUIDE_SNAPSHOT": "/x/hub.json",
            "HFGUIDE_LEADERBOARD": "/x/board.json",
            "HFGUIDE_CONFIGS": "/x/configs.json",
            "XDG_CACHE_HOME": "/cache",
            "HFGUIDE_DEADLINE": "12.5",
            "HFGUIDE_SITE_URL": "https://example.org/guide/",
            "HFGUIDE_CHROMIUM": "/opt/chromium",
            "HFGUIDE_BROWSER_HUB": "https://user:pw@mirror.example.org/",
        }
    )
    assert settings.endpoint == "http://127.0.0.1:18500"
    assert settings.offline and settings.force_snapshot
    assert settings.snapshot_path == Path("/x/hub.json")
    assert settings.leaderboard_path == Path("/x/board.json")
    assert settings.configs_path == Path("/x/configs.json")
    assert settings.cache_dir == Path("/cache/hfguide/hub")
    assert settings.deadline == 12.5
    assert (settings.site_url, settings.chromium) == ("https://example.org/guide/", "/opt/chromium")
    assert settings.browser_hub == "https://mirror.example.org"
    assert "hf_abcdef" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HF_ENDPOINT", "http://["),
        ("HF_ENDPOINT", "ftp://host"),
        ("HF_ENDPOINT", "no scheme"),
        ("HF_ENDPOINT", "http://host:99999"),
        ("HFGUIDE_DEADLINE", "nan"),
        ("HFGUIDE_DEADLINE", "-5"),
        ("HFGUIDE_DEADLINE", "inf"),
        ("HFGUIDE_BROWSER_HUB", "javascript:alert(1)"),
    ],
)
def test_unusable_values_are_refused_by_name(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_redact_removes_url_credentials_and_secrets():
    text = "GET http://user:p@ss@host:8/api failed; token hf_secret123; https://a:b@c/d"
    assert redact(text, "hf_secret123") == "GET http://host:8/api failed; token ***; https://c/d"
    assert redact_endpoint("https://user:secret@hub.example:8443/base?x=1") == (
        "https://hub.example:8443/base"
    )
    settings = Settings.from_env({"HF_ENDPOINT": "http://u:pw-9876@h", "HF_TOKEN": "hf_tok1"})
    assert settings.public_endpoint == "http://h"
    assert settings.redact("pw-9876 hf_tok1 http://u:pw-9876@h") == "*** *** http://h"
    assert set(secrets_from_env({"HF_ENDPOINT": "http://[", "HF_TOKEN": "t0ken"})) == {"t0ken"}
