"""Screenshots of our own pages for the guide, in light and dark, taken from the built site.

Builds the site offline from the committed snapshot, serves it on 127.0.0.1, and drives Debian
chromium (Playwright, headless) into each state the guide talks about. Each shot highlights the
part the guide points at with an outline and a numbered callout drawn into the page. Fixed data,
viewport, system fonts and no animations make the output deterministic: a file is rewritten only
when its pixels change, so a re-run with nothing changed leaves the work tree clean.

Run: `python scripts/screenshots.py [--only NAME ...] [--check] [--site DIR]`
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright
from tqdm import tqdm

from hfguide.site.builder import PROJECT_ROOT, build_or_exit, launch_chromium, serve

OUT = PROJECT_ROOT / "docs" / "assets" / "screenshots"
MANIFEST = OUT / "manifest.json"
VIEWPORT = {
    "width": 1100,
    "height": 900,
}  # below Material's three-column width: no table of contents
THEMES = ("light", "dark")
MAX_HEIGHT = 620
PADDING = 16
#: A phone crop's most pixels across: a 390 px phone's article column (358 CSS px) shows it at
#: 0.85 of its size or more, so the smallest text these shots hold (Material's 12.8 px tables and
#: labels) stays at 10.9 CSS px. Its most pixels down: about a phone screen at that scale.
PHONE_WIDTH = 420
PHONE_MAX_HEIGHT = 560
#: Phone crops are taken from the page laid out this wide (Material's phone layout: no side
#: navigation, forms that wrap), so they show what a phone shows, not a corner of a wide page.
PHONE_VIEWPORT = {"width": PHONE_WIDTH, "height": 900}
#: The smallest text, in pixels, that any shot holds (Material's tables, labels and notes).
SMALLEST_TEXT_PX = 12.8

STILL = """
*, *::before, *::after {
  transition: none !important; animation: none !important; caret-color: transparent !important;
}
.md-header { position: absolute !important; }
.md-main__inner { padding-left: 40px; }  /* room for the numbered badges left of the content */
.hfguide-shot-box {
  position: absolute; border: 3px solid #ff6d00; border-radius: 6px; pointer-events: none;
  z-index: 10;
}
.hfguide-shot-badge {
  position: absolute; width: 26px; height: 26px; border-radius: 50%; background: #ff6d00;
  color: #fff; font: 700 15px/26px system-ui, sans-serif; text-align: center;
  pointer-events: none; z-index: 11; box-shadow: 0 0 0 2px #fff;
}
"""

HIGHLIGHT = """
([frame, marks, padding, maxHeight, phoneWidth, phoneHeight, phoneMarks, onlyKept]) => {
  const box = el => {
    const r = el.getBoundingClientRect();
    return {left: r.left + scrollX, top: r.top + scrollY,
            right: r.right + scrollX, bottom: r.bottom + scrollY};
  };
  const find = selector => {
    const el = document.querySelector(selector);
    if (!el) throw new Error("nothing matches " + selector);
    return el;
  };
  const marked = marks.map((selector, i) => {
    const b = box(find(selector));
    const outline = document.createElement("div");
    outline.className = "hfguide-shot-box";
    Object.assign(outline.style, {
      left: b.left - 5 + "px", top: b.top - 5 + "px",
      width: b.right - b.left + 10 + "px", height: b.bottom - b.top + 10 + "px",
    });
    const badge = document.createElement("div");
    badge.className = "hfguide-shot-badge";
    badge.textContent = String(i + 1);
    Object.assign(badge.style, {
      left: Math.max(0, b.left - 38) + "px", top: Math.max(0, b.top - 5) + "px",
    });
    if (!onlyKept || phoneMarks.includes(i)) document.body.append(outline, badge);
    return b;
  });
  const f = box(find(frame));
  const top = Math.max(0, Math.min(f.top, ...marked.map(b => b.top - 5)) - padding);
  const bottom = Math.min(
    Math.max(f.bottom, ...marked.map(b => b.bottom + 5)) + padding, top + maxHeight);
  const content = box(find(".md-content"));
  const left = Math.max(0, content.left - 40);  // room for the badges left of the content
  // The phone crop, of the page laid out at a phone's width: the whole column across, from the
  // top of the marks it keeps, at most phoneWidth by phoneHeight.
  const kept = phoneMarks.map(i => marked[i]);
  const phoneLeft = left;
  const phoneTop = Math.max(0, Math.min(...kept.map(b => b.top)) - 5 - padding);
  const phoneBottom = Math.max(f.bottom + padding, ...kept.map(b => b.bottom + 5 + padding));
  return {
    full: {x: left, y: top, width: content.right - left, height: bottom - top},
    phone: {x: phoneLeft, y: phoneTop, width: Math.min(phoneWidth, content.right - phoneLeft),
            height: Math.min(phoneHeight, phoneBottom - phoneTop)},
  };
}
"""


@dataclass(frozen=True)
class Shot:
    """One state of one page: the area captured and the parts the guide points at, numbered in
    order."""

    name: str
    path: str
    frame: str
    marks: tuple[str, ...]
    prepare: Callable[[Page], None] = field(default=lambda page: None)
    #: The marks (by index) the phone crop keeps, from the top of the highest; below them, what
    #: of the frame fits.
    phone: tuple[int, ...] = (0,)


def _licence_and_language(page: Page) -> None:
    page.select_option(
        "#text-classification-downloads select[data-filter=license]", "__permissive__"
    )
    page.select_option("#text-classification-downloads select[data-filter=language]", "en")


def _likes_tab(page: Page) -> None:
    page.locator(".tabbed-labels label", has_text="Most liked").first.click()


def _explorer_ready(page: Page) -> None:
    page.wait_for_function(
        "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=60000
    )


def _columns_open(page: Page) -> None:
    _explorer_ready(page)
    page.locator("#lb-explorer details.lb-columns summary").click()


def _plot_drawn(page: Page) -> None:
    _explorer_ready(page)
    page.locator("#lb-plot").scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('[data-role=plot-status]').textContent.includes('plotted')"
    )
    page.focus("#lb-plot")
    page.keyboard.press("End")  # names the largest model on the frontier under the plot


def _calculator_filled(page: Page) -> None:
    page.locator("#lb-calculator").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#lb-calculator output').textContent.length > 0")
    page.fill("#lb-calculator [name=model]", "Qwen/Qwen2.5-7B-Instruct")
    page.select_option("#lb-calculator [name=precision]", "bfloat16")
    page.fill("#lb-calculator [name=gpu]", "24GB")
    page.locator("#lb-fit").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#lb-fit output').textContent.length > 0")
    page.select_option("#lb-fit [name=license]", "apache-2.0")


EXPLORER_STATE = "leaderboard/explorer/?type=chat&precision=bfloat16&size=~7"
TEXT_CLASSIFICATION = "models/text-classification/"
SHOTS = (
    Shot(
        "task-catalogue",
        "tasks/",
        "#natural-language-processing + .grid",
        ("#natural-language-processing", "#natural-language-processing + .grid li"),
        phone=(0, 1),
    ),
    Shot(
        "model-table-downloads",
        TEXT_CLASSIFICATION,
        ".tabbed-set",
        (
            ".tabbed-labels label:nth-child(1)",
            "#text-classification-downloads-table th:nth-child(3)",
        ),
        phone=(0, 1),
    ),
    Shot(
        "model-table-likes",
        TEXT_CLASSIFICATION,
        ".tabbed-set",
        (".tabbed-labels label:nth-child(2)", "#text-classification-likes-table th:nth-child(4)"),
        _likes_tab,
        phone=(0,),  # on a phone the likes column is past the right edge, until scrolled to
    ),
    Shot(
        "model-table-filter",
        TEXT_CLASSIFICATION,
        ".tabbed-set",
        (
            "#text-classification-downloads .hfguide-filters",
            "#text-classification-downloads .hfguide-count",
        ),
        _licence_and_language,
        phone=(0, 1),
    ),
    Shot(
        "explorer-filters",
        EXPLORER_STATE,
        "#lb-explorer",
        ("#lb-explorer .lb-filters", "#lb-explorer details.lb-columns"),
        _columns_open,
    ),
    Shot(
        "explorer-plot",
        EXPLORER_STATE,
        ".lb-plot",
        ("#lb-plot", "[data-role=plot-status]"),
        _plot_drawn,
    ),
    Shot(
        "memory-calculator",
        "leaderboard/explorer/",
        "#lb-calculator",
        ("#lb-calculator output", "#lb-fit output"),
        _calculator_filled,
    ),
)


def file_name(shot: Shot, theme: str, phone: bool = False) -> str:
    """The image's file name, such as ``explorer-plot-dark.png``, and its phone crop's, such as
    ``explorer-plot-dark-phone.png`` (see [`phone_name`][phone_name])."""
    name = f"{shot.name}-{theme}.png"
    return phone_name(name) if phone else name


def phone_name(name: str) -> str:
    """The phone crop's file name of the shot ``name``: ``a-light.png`` -> ``a-light-phone.png``."""
    return name.removesuffix(".png") + "-phone.png"


def expected_files() -> set[str]:
    """The file names of every shot and its phone crop in both themes: what
    ``docs/assets/screenshots`` holds."""
    return {file_name(shot, theme, phone) for shot in SHOTS for theme in THEMES for phone in (0, 1)}


def _screenshot(browser: Browser, base: str, shot: Shot, theme: str, phone: bool) -> bytes:
    """The PNG of one shot, or of its phone crop from the page laid out at a phone's width."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT if phone else VIEWPORT,
        device_scale_factor=1,
        color_scheme=theme,
        reduced_motion="reduce",
        locale="en-GB",
        timezone_id="UTC",
    )
    try:
        page = context.new_page()
        page.goto(f"{base}/{shot.path}")
        page.add_style_tag(content=STILL)
        shot.prepare(page)
        page.evaluate("document.fonts.ready")
        page.evaluate(
            "document.activeElement && document.activeElement.id !== 'lb-plot'"
            " && document.activeElement.blur()"
        )
        clips = page.evaluate(
            HIGHLIGHT,
            [
                shot.frame,
                list(shot.marks),
                PADDING,
                MAX_HEIGHT,
                PHONE_WIDTH,
                PHONE_MAX_HEIGHT,
                list(shot.phone),
                phone,  # a phone crop outlines only the marks it keeps
            ],
        )
        return page.screenshot(
            clip=clips["phone" if phone else "full"],
            full_page=True,
            animations="disabled",
            caret="hide",
        )
    finally:
        context.close()


def capture(browser: Browser, base: str, shot: Shot, theme: str) -> dict[str, Image.Image]:
    """Take one shot of the served site, and its phone crop.

    Args:
        browser: A Playwright browser, from
            [`launch_chromium`][hfguide.site.builder.launch_chromium].
        base: The served site's URL.
        shot: What to capture.
        theme: ``"light"`` or ``"dark"``.

    Returns:
        The shot and its phone crop by file name, each with a 256-colour palette (crisp for UI,
        a fraction of the bytes).
    """
    pngs = {
        file_name(shot, theme, phone): _screenshot(browser, base, shot, theme, phone)
        for phone in (False, True)
    }
    return {
        name: Image.open(io.BytesIO(png))
        .convert("RGB")
        .quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        for name, png in pngs.items()
    }


# Chromium now and then anti-aliases a single edge pixel differently, and the 256-colour palette
# then shifts a few shades by a little. A real change (text, a row, a colour) moves pixels by far
# more than this, summed over R, G and B.
SHADE_TOLERANCE = 96


def look_alike(a: Image.Image, b: Image.Image) -> bool:
    """Whether two images show the same thing: same size, and no pixel further from its
    counterpart than a palette shade ([`SHADE_TOLERANCE`][SHADE_TOLERANCE], summed over R, G, B)."""
    if a.size != b.size:
        return False
    ours = np.asarray(a.convert("RGB"), dtype=np.int16)
    theirs = np.asarray(b.convert("RGB"), dtype=np.int16)
    return int(np.abs(ours - theirs).sum(axis=2).max()) <= SHADE_TOLERANCE


def same_pixels(a: Image.Image, path: Path) -> bool:
    """Whether the image file at ``path`` exists and [looks like][look_alike] ``a``."""
    if not path.exists():
        return False
    with Image.open(path) as b:
        return look_alike(a, b)


def capture_all(
    browser: Browser, base: str, shots: Sequence[Shot] = SHOTS, progress: bool = True
) -> dict[str, Image.Image]:
    """Take every shot in both themes.

    Args:
        browser: A Playwright browser.
        base: The served site's URL.
        shots: The shots to take (default: all of them).
        progress: Show a progress bar on the terminal.

    Returns:
        The images and their phone crops by file name (see [`file_name`][file_name]).
    """
    jobs = [(shot, theme) for shot in shots for theme in THEMES]
    images: dict[str, Image.Image] = {}
    for shot, theme in tqdm(jobs, desc="screenshots", unit="shot", disable=not progress):
        images.update(capture(browser, base, shot, theme))
    return images


def chromium_version(browser) -> str:
    """The browser's version, recorded in the manifest: pixels are compared exactly only when the
    same chromium made the committed images."""
    return browser.version


def main(argv: list[str] | None = None) -> int:
    """``python scripts/screenshots.py``: capture every shot and rewrite the images that changed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        choices=[s.name for s in SHOTS],
        help="capture only these shots",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any image is out of date"
    )
    parser.add_argument(
        "--site", type=Path, help="an already built site (default: build it offline now)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=OUT,
        help=f"output folder (default {OUT.relative_to(PROJECT_ROOT)})",
    )
    args = parser.parse_args(argv)
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    with tempfile.TemporaryDirectory() as tmp:
        # Not strict: a page may already name a screenshot this run is about to create.
        site = args.site or build_or_exit(Path(tmp) / "site", strict=False)
        with serve(site) as base, sync_playwright() as p:
            browser = launch_chromium(p)
            images = capture_all(browser, base, shots)
            version = chromium_version(browser)
            browser.close()
    args.out.mkdir(parents=True, exist_ok=True)
    changed = [name for name, image in images.items() if not same_pixels(image, args.out / name)]
    if args.check:
        print(
            "\n".join(f"out of date: {name}" for name in changed)
            or "All screenshots are up to date."
        )
        return 1 if changed else 0
    for name in changed:
        images[name].save(args.out / name, optimize=True)
    stale = sorted(p.name for p in args.out.glob("*.png") if p.name not in expected_files())
    for name in stale:
        (args.out / name).unlink()
    manifest = {"chromium": version, "viewport": VIEWPORT, "images": sorted(expected_files())}
    (args.out / MANIFEST.name).write_text(json.dumps(manifest, indent=2) + "\n")
    print(
        f"{len(changed)} of {len(images)} images changed; {len(stale)} unused removed; "
        f"chromium {version}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
