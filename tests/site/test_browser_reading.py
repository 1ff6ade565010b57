"""Reading the site as readers do, in chromium: contrast of links and buttons in both colour
schemes, screenshots on a phone, code that fits its column, notebook outputs, the banner."""

from __future__ import annotations

import re

import pytest

from tests.support.site import phone_tab

#: Pages with each kind of link and button the site has.
CONTRAST_PAGES = [
    "",
    "guide/choose-model/",
    "models/text-classification/",
    "leaderboard/explorer/",
    "glossary/precision/",
    "reference/hfguide.hub.client/",
    "examples/compare-models/",
]

#: WCAG 2 contrast of every visible link and button in the article with text in it, against the
#: background it is painted on (semi-transparent colours composited as the browser does).
CONTRAST = """
() => {
  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, below) => below.map((v, i) => top[i] * top[3] + v * (1 - top[3]));
  const luminance = rgb => {
    const [r, g, b] = rgb.map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255]);
  };
  const shown = el => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      const hidden = s.display === "none" || s.visibility === "hidden";
      if (hidden || Number(s.opacity) === 0) return false;
    }
    return el.getClientRects().length > 0;
  };
  const items = [...document.querySelectorAll(
    "article a[href], article button, article summary, .md-button")];
  return items.filter(el => shown(el) && el.textContent.trim()).slice(0, 300).map(el => {
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    return {text: el.textContent.trim().slice(0, 60), ratio: (hi + 0.05) / (lo + 0.05), large};
  });
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_links_and_buttons_meet_wcag_aa_contrast(browser, site_server, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    checked, failing = set(), []
    try:
        for path in CONTRAST_PAGES:
            page.goto(f"{site_server}/{path}")
            for item in page.evaluate(CONTRAST):
                checked.add(item["text"])
                if item["ratio"] < (3.0 if item["large"] else 4.5):
                    failing.append((path, item["text"], round(item["ratio"], 2)))
    finally:
        context.close()
    assert {"Open this query on the Hub", "Reset"} <= checked
    assert len(checked) > 30
    assert not failing


def pinch_out(page, x: float, y: float) -> None:
    """Two fingers on the screen at (x, y) spread 40 px apart to 240 px apart, as a reader zooms."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, gap: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x - gap, "y": y}, {"x": x + gap, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 20)
    for gap in range(30, 130, 10):
        touch("touchMove", gap)
    touch("touchEnd", 0)
    cdp.detach()


#: The smallest text any screenshot holds, in its own pixels (Material's tables and labels).
SMALLEST_TEXT_PX = 12.8


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["guide/choose-model/", "guide/read-leaderboard/"])
def test_screenshots_show_a_readable_crop_on_a_phone_and_open_zoomable(
    browser, site_server, scheme, path
):
    """At 390 px each screenshot shows its phone crop, its text at 10 CSS px or more; a tap opens
    the whole shot, full size, in the viewer, where a tap zooms it in past the screen's width."""
    with phone_tab(browser, site_server, scheme) as page:
        page.goto(f"{site_server}/{path}")
        images = page.locator("article img[src*='assets/screenshots/']:visible")
        for index in range(images.count()):  # the lazy images load as a reader scrolls to them
            images.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(
            """() => [...document.querySelectorAll('article img[src*="assets/screenshots/"]')]
              .every(img => getComputedStyle(img).display === 'none' || img.complete)"""
        )
        shots = page.evaluate(
            """() => [...document.querySelectorAll('article img[src*="assets/screenshots/"]')]
              .map(img => {
                const link = img.closest('a');
                return {src: img.getAttribute('src'),
                        shown: getComputedStyle(img).display !== 'none',
                        current: img.currentSrc, alt: img.alt, lazy: img.loading,
                        width: img.getBoundingClientRect().width, natural: img.naturalWidth,
                        attrs: [img.getAttribute('width'), img.getAttribute('height')],
                        source: [...img.parentElement.querySelectorAll('source')].map(
                          s => [s.media, s.getAttribute('width'), s.getAttribute('height')]),
                        href: link && link.href,
                        linkShown: !!link && getComputedStyle(link).display !== 'none'};
              })"""
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        shown = [s for s in shots if s["shown"]]
        assert len(shown) == len(shots) // 2 >= 3
        for shot in shots:
            assert shot["href"].endswith(shot["src"].split("#")[0].lstrip("./"))  # the full shot
            assert shot["linkShown"] == shot["shown"]  # no invisible link to tab to
            assert len(shot["alt"]) > 40 and shot["lazy"] == "lazy"
            assert all(shot["attrs"]) and all(all(s) for s in shot["source"])  # no layout shift
        for shot in shown:
            assert shot["src"].endswith(f"-{scheme}.png#only-{scheme}")
            assert shot["current"].endswith(f"-{scheme}-phone.png")  # the crop, not the shot
            scale = shot["width"] / shot["natural"]
            assert SMALLEST_TEXT_PX * scale >= 10, shot  # its text readable as it stands
        first = page.locator("article a.glightbox", has=page.locator("img:visible")).first
        first.scroll_into_view_if_needed()
        first.tap()
        viewer = page.locator(".glightbox-container .gslide.current .gslide-image img")
        viewer.wait_for(state="visible")
        full = viewer.evaluate("img => [img.currentSrc || img.src, img.naturalWidth]")
        assert full[0] == shown[0]["href"] and full[1] >= 1000  # the whole shot, full size
        assert page.url.endswith(path)  # the page stays; the viewer is over it
        # Zoom: two fingers spread apart on the shot scale it up (the viewer's pinch), past the
        # screen's width, to read any corner of it.
        page.wait_for_function(
            "document.querySelector('.gslide.current .gslide-image img').naturalWidth > 0"
        )
        box = viewer.bounding_box()
        assert box["width"] <= 390
        pinch_out(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function(
            "document.querySelector('.gslide.current .gslide-image img').style.transform"
            ".startsWith('scale3d')"
        )
        zoomed = viewer.evaluate("img => new DOMMatrix(getComputedStyle(img).transform).a")
        assert zoomed > 1.5 and viewer.bounding_box()["width"] > 390 >= box["width"]
        page.locator(".gclose").click()
        page.locator(".glightbox-container").wait_for(state="detached")
        assert not page.errors


def pages_under(built_site, *sections: str) -> list[str]:
    return sorted(
        html.parent.relative_to(built_site).as_posix() + "/"
        for section in sections
        for html in (built_site / section).glob("*/index.html")
    ) + [f"{section}/" for section in sections]


def test_code_fits_the_column_on_a_1280_px_screen(page, built_site):
    """Material scrolls a code block inside its <pre> (the <code> scrolls): both must fit."""
    overflowing = []
    for path in pages_under(built_site, "guide", "run", "examples"):
        page.goto(f"{page.base}/{path}")
        overflowing += [
            (path, line)
            for line in page.evaluate(
                """() => [...document.querySelectorAll('article pre, article pre > code')]
                  .filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth)
                  .map(el => el.textContent.split('\\n')
                    .reduce((a, b) => b.length > a.length ? b : a, ''))"""
            )
        ]
    assert not overflowing


#: Words of notebook outputs the browser split across two lines, other than after a hyphen.
SPLIT_WORDS = """
() => {
  const split = [];
  for (const pre of document.querySelectorAll('.jp-OutputArea-output pre')) {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A word may break after a hyphen (model ids do on a phone), nowhere else.
      for (const match of node.textContent.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_notebook_outputs_wrap_between_words(browser, site_server, built_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for path in pages_under(built_site, "examples"):
            page.goto(f"{site_server}/{path}")
            if page.locator(".jp-OutputArea-output pre").count():
                assert page.evaluate(SPLIT_WORDS) == [], (path, width)
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 360, 390])
def test_the_banner_dates_stay_on_one_line(browser, site_server, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    try:
        page.goto(f"{site_server}/")
        dates = page.locator(".hfguide-banner .hfguide-date").all()
        assert dates
        for date in dates:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d\.?", date.inner_text())
            assert date.evaluate("el => el.getClientRects().length") == 1  # on one line
    finally:
        context.close()
