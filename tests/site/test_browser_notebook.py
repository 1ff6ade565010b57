"""Notebook pages look the same with their inline JupyterLab CSS pruned (``notebook_css``) as
with the whole of it, in chromium."""

from __future__ import annotations

import re

import pytest

from tests.support import ROOT

NOTEBOOKS = sorted(path.stem for path in (ROOT / "docs" / "examples").glob("*.ipynb"))
STYLE = re.compile(r'(<style type="text/css">)(.*?)(</style>)', re.DOTALL)

#: What a reader sees of an element: box, type, colours, borders (and those of its ::before).
PROPERTIES = [
    *("display", "position", "visibility", "opacity", "width", "height", "vertical-align"),
    *("font-family", "font-size", "font-weight", "font-style", "line-height", "white-space"),
    *("color", "background-color", "background-image", "box-shadow", "text-align"),
    *("text-decoration-line", "overflow-x", "overflow-y"),
    *(f"padding-{side}" for side in ("top", "right", "bottom", "left")),
    *(f"margin-{side}" for side in ("top", "right", "bottom", "left")),
    *(f"border-{side}-{what}" for side in ("top", "bottom", "left") for what in ("width", "color")),
]

#: Every element of the notebook (cells, prompts, editors, highlighted code spans, outputs,
#: tables, images) with its computed style.
STYLES = """props => [...document.querySelectorAll('.jupyter-wrapper, .jupyter-wrapper *')].map(
  el => {
    const style = getComputedStyle(el), before = getComputedStyle(el, '::before');
    const values = props.map(p => `${p}: ${style.getPropertyValue(p)}`);
    return [`${el.tagName}.${el.getAttribute('class') || ''}`, ...values,
            `::before ${before.content} ${before.display}`];
  })"""

#: Kinds of element the comparison must cover, to be a comparison of the notebooks' rendering
#: (their outputs are text, a matplotlib chart and the bench's SVG plot: no tables).
COVERED = (
    *("jp-InputArea", "jp-OutputArea-output", "highlight"),
    *("jp-RenderedImage", "jp-RenderedSVG", "IMG."),
)


def unpruned(pruned_html: str, notebook: str) -> str:
    """The page as mkdocs-jupyter wrote it: its style sheets converted afresh from the notebook."""
    from mkdocs_jupyter.convert import nb2html

    # The plugin's settings in mkdocs.yml: its default theme, no MathJax URL.
    converted = nb2html(
        str(ROOT / "docs" / "examples" / f"{notebook}.ipynb"), theme="", custom_mathjax_url=""
    )
    sheets = iter(match.group(2) for match in STYLE.finditer(converted))
    whole = STYLE.sub(lambda m: m.group(1) + next(sheets) + m.group(3), pruned_html)
    assert next(sheets, None) is None, "as many style sheets as mkdocs-jupyter writes"
    return whole


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_notebook_pages_render_the_same_with_their_css_pruned(
    browser, site_server, built_site, scheme
):
    assert NOTEBOOKS
    compared = set()
    for notebook in NOTEBOOKS:
        pruned = (built_site / "examples" / notebook / "index.html").read_text(encoding="utf-8")
        whole = unpruned(pruned, notebook)
        assert len(whole) > len(pruned) + 400_000, "the pruned CSS is the smaller"
        url = f"{site_server}/examples/{notebook}/"
        for width in (1280, 390):  # desktop; phone, where the notebook's @media rules apply
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=scheme
            )
            page = context.new_page()
            try:
                page.goto(url)
                shown = page.evaluate(STYLES, PROPERTIES)
                page.route(
                    url,
                    lambda route: route.fulfill(
                        body=whole, content_type="text/html; charset=utf-8"
                    ),
                )
                page.goto(url)
                css = page.evaluate(
                    "[...document.querySelectorAll('style[type=\"text/css\"]')]"
                    ".map(s => s.textContent).join('')"
                )
                assert ".jupyter-wrapper{--md-red-50" in css.replace(" ", ""), "served unpruned"
                expected = page.evaluate(STYLES, PROPERTIES)
            finally:
                context.close()
            where = f"{notebook}, {scheme}, {width} px"
            assert [e[0] for e in shown] == [e[0] for e in expected], where
            compared.update(e[0] for e in shown)
            differences = [
                f"{a[0]}: {x} (whole CSS: {y})"
                for a, b in zip(shown, expected, strict=True)
                for x, y in zip(a[1:], b[1:], strict=True)
                if x != y
            ]
            assert not differences, f"{where}: " + "; ".join(differences[:10])
    compared_text = " ".join(compared)
    assert [kind for kind in COVERED if kind not in compared_text] == []
