"""The guide's screenshots: every one used, none missing, all current with the pages they show."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

from PIL import Image

from hfguide.devtools import screenshots
from tests.support import ROOT

SCREENSHOTS = ROOT / "docs" / "assets" / "screenshots"


def images_used_by_pages(site: Path) -> dict[str, set[str]]:
    """Site-relative image paths each built page shows, phone crops included (fragments like
    ``#only-dark`` dropped)."""
    used: dict[str, set[str]] = {}
    for html in site.rglob("*.html"):
        page_url = "/" + html.relative_to(site).as_posix()
        text = html.read_text(encoding="utf-8")
        sources = re.findall(r'<img [^>]*src="([^"]+)"', text)
        sources += re.findall(r'<source [^>]*srcset="([^"]+)"', text)  # the phone crops
        for src in sources:
            if urlparse(src).scheme:
                continue
            used.setdefault(urlparse(urljoin(page_url, src)).path.lstrip("/"), set()).add(page_url)
    return used


def test_no_page_shows_a_missing_image(built_site):
    missing = {
        img: pages
        for img, pages in images_used_by_pages(built_site).items()
        if not (built_site / img).is_file()
    }
    assert not missing


def test_every_screenshot_is_used_and_every_shot_is_committed(built_site):
    committed = {p.name for p in SCREENSHOTS.glob("*.png")}
    used = {
        Path(img).name
        for img in images_used_by_pages(built_site)
        if img.startswith("assets/screenshots/")
    }
    assert committed - used == set(), "screenshots no page uses"
    assert screenshots.expected_files() == committed, "run python scripts/screenshots.py"
    manifest = json.loads((SCREENSHOTS / "manifest.json").read_text())
    assert manifest["images"] == sorted(committed)


def test_each_screenshot_has_a_light_and_a_dark_version_side_by_side():
    pages = [p for p in (ROOT / "docs").rglob("*.md") if "assets/screenshots/" in p.read_text()]
    for page in pages:
        text = page.read_text()
        for name in re.findall(r"screenshots/([\w-]+)-light\.png#only-light", text):
            assert f"screenshots/{name}-dark.png#only-dark" in text, (page.name, name)
        assert "-dark.png#only-light" not in text and "-light.png#only-dark" not in text


def test_screenshots_have_alt_text_and_captions(built_site):
    for html in (built_site / "guide").rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        for figure in re.findall(r"<figure>(.*?)</figure>", text, re.DOTALL):
            alts = re.findall(r'<img [^>]*alt="([^"]*)"', figure)
            assert alts and all(len(alt) > 40 for alt in alts), html
            assert re.search(r"<figcaption>.+</figcaption>", figure, re.DOTALL), html


def test_screenshots_are_current_and_deterministic(browser, site_server, tmp_path):
    """Regenerated from the site as built now, each shot matches the committed image.

    Pixels are compared exactly when this chromium made the committed images (the case in CI);
    with another chromium, fonts and anti-aliasing differ, so only the layout (size) is compared."""
    manifest = json.loads((SCREENSHOTS / "manifest.json").read_text())
    exact = screenshots.chromium_version(browser) == manifest["chromium"]
    images = screenshots.capture_all(browser, site_server, progress=False)
    stale = []
    for name, image in images.items():
        if exact and not screenshots.same_pixels(image, SCREENSHOTS / name):
            stale.append(name)
        elif not exact:
            with Image.open(SCREENSHOTS / name) as committed:
                if committed.size != image.size:
                    stale.append(name)
    assert not stale, f"out of date, run python scripts/screenshots.py: {stale}"
    again = screenshots.capture(browser, site_server, screenshots.SHOTS[0], "dark")
    assert again.keys() == {
        screenshots.file_name(screenshots.SHOTS[0], "dark", phone) for phone in (False, True)
    }
    assert all(screenshots.look_alike(image, images[name]) for name, image in again.items())


def test_phone_crops_are_phone_sized_and_readable():
    """Each phone crop is at most PHONE_WIDTH across, so a 358 px column shows its smallest text
    at 10 px or more."""
    for name in screenshots.expected_files() - {
        screenshots.phone_name(n) for n in screenshots.expected_files()
    }:
        with (
            Image.open(SCREENSHOTS / name) as shot,
            Image.open(SCREENSHOTS / screenshots.phone_name(name)) as crop,
        ):
            assert crop.width <= screenshots.PHONE_WIDTH < shot.width, name
            assert crop.height <= screenshots.PHONE_MAX_HEIGHT, name
            assert screenshots.SMALLEST_TEXT_PX * min(1, 358 / crop.width) >= 10, name


def test_comparison_ignores_a_shade_but_not_a_change():
    with Image.open(
        SCREENSHOTS / screenshots.file_name(screenshots.SHOTS[0], "light")
    ) as committed:
        image = committed.convert("RGB")
    shaded = Image.eval(image, lambda v: min(255, v + 8))  # every pixel a shade lighter
    assert screenshots.look_alike(image, shaded)
    changed = image.copy()
    changed.putpixel(
        (10, 10), tuple(255 - v for v in image.getpixel((10, 10)))
    )  # one pixel inverted
    assert not screenshots.look_alike(image, changed)
    assert not screenshots.look_alike(image, image.crop((0, 0, image.width, image.height - 1)))
