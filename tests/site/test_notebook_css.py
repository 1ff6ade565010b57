"""The notebook pages' inline JupyterLab CSS, cut down to what can apply (``notebook_css``)."""

from __future__ import annotations

import re

import pytest

from hfguide.site.notebook_css import prune_notebook_css, selector_can_match


def page(css: str, body: str = "", style: str = '<style type="text/css">') -> str:
    return f"<html><head>{style}{css}</style></head><body>{body}</body></html>"


def pruned_css(css: str, body: str = "", other_css: str = "") -> str:
    """The CSS left in the page's one style sheet, white space squeezed."""
    out = prune_notebook_css(page(css, body), other_css)
    (sheet,) = re.findall(r'<style type="text/css">(.*?)</style>', out, re.DOTALL)
    return re.sub(r"\s+", " ", sheet).strip()


BODY = '<div class="jupyter-wrapper"><div class="jp-Cell jp-CodeCell">x</div></div>'


def test_keeps_a_rule_only_if_a_selector_names_classes_the_page_has():
    css = (
        ".jupyter-wrapper .jp-Cell{padding:4px}"
        ".jupyter-wrapper .jp-Widget{color:red}"
        ".jp-Widget, .jp-CodeCell > p{margin:0}"
        "div.jp-Cell.jp-mod-selected{outline:1px}"
        "body{margin:0}"
    )
    assert pruned_css(css, BODY) == (
        ".jupyter-wrapper .jp-Cell{padding:4px} .jp-Widget, .jp-CodeCell > p{margin:0} "
        "body{margin:0}"
    )


def test_classes_in_a_class_attribute_with_single_quotes_or_entities_count():
    body = "<p class='a\tb'></p><svg><g class=\"c&#x20;d\"></g></svg>"
    assert pruned_css(".a.b{x:1}.c .d{x:2}.e{x:3}", body) == ".a.b{x:1} .c .d{x:2}"


@pytest.mark.parametrize(
    ("selector", "matches"),
    [
        (".jp-Cell:not(.jp-mod-dirty)", True),  # a class under :not() need not be there
        (".jp-Cell:not(.jp-mod-dirty) .jp-Widget", False),
        ('.jp-Cell[data-x=".jp-Widget"]', True),  # classes in attribute values are no classes
        (":is(.jp-Widget, .jp-Cell)", True),  # not judged: kept
        (".jp-\\31 0", True),  # escapes: not judged, kept
        ("p::before", True),
        (".jp-Cell:hover::after", True),
    ],
)
def test_selectors_judged_by_the_classes_they_need(selector, matches):
    assert selector_can_match(selector, {"jp-Cell", "jupyter-wrapper"}) is matches


def test_media_and_supports_blocks_keep_their_matching_rules_and_go_when_empty():
    css = (
        "@media (max-width: 760px){.jp-Cell{padding:0}.jp-Widget{padding:1px}}"
        "@media print{.jp-Widget{display:none}}"
        "@supports (display:grid){@media screen{.jp-CodeCell{display:grid}.jp-Toolbar{x:1}}}"
    )
    assert pruned_css(css, BODY) == (
        "@media (max-width: 760px){.jp-Cell{padding:0}} "
        "@supports (display:grid){@media screen{.jp-CodeCell{display:grid}}}"
    )


def test_custom_properties_stay_while_something_kept_reads_them_through_a_chain():
    css = (
        ".jupyter-wrapper{--jp-a: var(--jp-b); --jp-b: var(--jp-c, 1px); --jp-c: 2px;"
        " --jp-unused: var(--jp-d); --jp-d: red; --jp-from-page: 0; --jp-from-site: 0;"
        " --jp-of-dropped: blue}"
        ".jp-Cell{padding: var(--jp-a)}"
        ".jp-Widget{color: var(--jp-of-dropped)}"
    )
    body = BODY + '<span style="margin: var(--jp-from-page)"></span>'
    assert pruned_css(css, body, other_css="a{b:var(--jp-from-site)}") == (
        ".jupyter-wrapper{--jp-a: var(--jp-b);--jp-b: var(--jp-c, 1px);--jp-c: 2px;"
        "--jp-from-page: 0;--jp-from-site: 0} .jp-Cell{padding: var(--jp-a)}"
    )


def test_a_rule_left_with_no_declarations_goes():
    assert pruned_css(".jp-Cell{--jp-x: 1px}.jp-CodeCell{color:red}", BODY) == (
        ".jp-CodeCell{color:red}"
    )


def test_keyframes_and_font_faces_stay_only_if_a_kept_rule_names_them():
    css = (
        "@keyframes jp-spin{to{transform:rotate(1turn)}}"
        "@keyframes jp-fade{to{opacity:0}}"
        '@font-face{font-family:"JupyterIcons";src:url(a.woff2)}'
        "@font-face{font-family:Unused;src:url(b.woff2)}"
        ".jp-Cell{animation:jp-spin 1s;font-family:JupyterIcons, sans-serif}"
        ".jp-Widget{animation:jp-fade 1s;font-family:Unused}"
    )
    assert pruned_css(css, BODY) == (
        "@keyframes jp-spin{to{transform:rotate(1turn)}} "
        '@font-face{font-family:"JupyterIcons";src:url(a.woff2)} '
        ".jp-Cell{animation:jp-spin 1s;font-family:JupyterIcons, sans-serif}"
    )


def test_comments_strings_and_nested_brackets_are_followed():
    css = (
        '@charset "UTF-8";/* .jp-Cell{ } */'
        '.jp-Cell::before{content:"}{;/*"; background:url(data:image/svg+xml;base64,AAA=)}'
        ".jp-Widget/* { */{x:1}"
    )
    assert pruned_css(css, BODY) == (
        '@charset "UTF-8"; '
        '.jp-Cell::before{content:"}{;/*";background:url(data:image/svg+xml;base64,AAA=)}'
    )


@pytest.mark.parametrize(
    "css",
    [
        ".jp-Widget{color:red",  # unclosed block
        ".jp-Widget{color:red}}",  # stray brace
        ".jp-Widget{color:red} /* unclosed comment",
        '.jp-Widget{content:"unclosed}',
        ".jp-Widget{color:red} trailing",
        "{color:red}",
        ".jp-Widget:not(.a{color:red}",
    ],
)
def test_css_it_cannot_follow_is_left_as_it_was(css):
    html = page(css, BODY)
    assert prune_notebook_css(html) == html


def test_only_mkdocs_jupyter_style_sheets_are_touched():
    html = page(".jp-Widget{x:1}", BODY, style='<style id="glightbox-style">')
    assert prune_notebook_css(html) == html
    assert prune_notebook_css(BODY) == BODY


def test_every_style_sheet_of_the_page_is_pruned_and_their_properties_read_across():
    html = (
        '<style type="text/css">.jp-Widget{x:1}.jp-Cell{color:var(--jp-ink)}</style>'
        '<style type="text/css">.jupyter-wrapper{--jp-ink:red;--jp-paper:white}</style>' + BODY
    )
    assert prune_notebook_css(html) == (
        '<style type="text/css">\n.jp-Cell{color:var(--jp-ink)}\n</style>'
        '<style type="text/css">\n.jupyter-wrapper{--jp-ink:red}\n</style>' + BODY
    )


def test_classes_the_mermaid_loader_adds_count_where_there_is_a_diagram():
    css = ".jp-RenderedMermaid{overflow:auto}"
    assert pruned_css(css, '<div class="jp-Mermaid"></div>') == css
    assert pruned_css(css, BODY) == ""
