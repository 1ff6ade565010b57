"""The site safety check: the built site passes; every kind of injected script is caught."""

from __future__ import annotations

import shutil

import pytest

from hfguide.cli import main
from hfguide.site.safety import check_site_safety


def test_the_built_site_runs_only_its_own_scripts(built_site, capsys):
    assert [str(f) for f in check_site_safety(built_site, "/hfguide/")] == []
    assert main(["check-site", str(built_site)]) == 0
    assert "0 unsafe findings" in capsys.readouterr().out


@pytest.fixture(scope="module")
def site_copy(built_site, tmp_path_factory):
    """A copy of the home page and the assets of the built site, to inject into."""
    site = tmp_path_factory.mktemp("copy")
    shutil.copy(built_site / "index.html", site / "index.html")
    shutil.copytree(built_site / "assets", site / "assets")
    shutil.copytree(built_site / "leaderboard", site / "leaderboard")
    return site


@pytest.mark.parametrize(
    ("injected", "finding"),
    [
        ("<img src=x onerror=alert(1)>", "inline event handler onerror="),
        ("<svg onload=alert(1)></svg>", "inline event handler onload="),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript: URL"),
        ('<a href=" JAVASCRIPT:alert(1)">x</a>', "javascript: URL"),
        ('<form action="javascript:alert(1)"></form>', "javascript: URL"),
        ('<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>', "javascript:"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data: URL"),
        ("<script>alert(1)</script>", "inline <script> not written by the project"),
        ('<script type="module">alert(1)</script>', "inline <script> not written"),
        ('<script src="https://evil.example/x.js"></script>', "not a script of this site"),
        ('<script src="//evil.example/x.js"></script>', "not a script of this site"),
        ('<script src="leaderboard/data.json"></script>', "not a script of this site"),
        ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe> element"),
        ('<base href="https://evil.example/">', "<base> element"),
        ("<template><img src=x onerror=alert(1)></template>", "inline event handler onerror="),
    ],
)
def test_each_kind_of_injected_script_is_caught(site_copy, injected, finding, capsys):
    page = site_copy / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace("</article>", injected + "</article>", 1))
        findings = check_site_safety(site_copy, "/hfguide/")
        assert len(findings) == 1, findings
        assert findings[0].page == "index.html" and finding in findings[0].what
        assert main(["check-site", str(site_copy)]) == 1
        assert "1 unsafe findings in 3 pages." in capsys.readouterr().err
    finally:
        page.write_text(original)


@pytest.mark.parametrize(
    "harmless",
    [
        '<script type="application/json" id="x">{"a": "javascript:alert(1)"}</script>',
        '<td data-license="javascript:alert(1)" title="onload=x">javascript:alert(1)</td>',
        '<script src="assets/javascripts/tables.js" defer></script>',
        '<img src="data:image/png;base64,AAAA" alt="">',
    ],
)
def test_data_and_text_are_not_findings(site_copy, harmless):
    page = site_copy / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace("</article>", harmless + "</article>", 1))
        assert check_site_safety(site_copy, "/hfguide/") == []
    finally:
        page.write_text(original)


def test_cli_refuses_a_folder_that_is_not_a_site(tmp_path, capsys):
    assert main(["check-site", str(tmp_path)]) == 2
    assert "not a built site" in capsys.readouterr().err
