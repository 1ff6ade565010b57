"""The link check: the built site has no broken link; the checker catches each kind of breakage."""

from __future__ import annotations

from pathlib import Path

import pytest

from hfguide.cli import main
from hfguide.site.linkcheck import check_site, external_problem


def write(site: Path, path: str, body: str) -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"<!doctype html><html><body>{body}</body></html>")


@pytest.fixture
def small_site(tmp_path):
    site = tmp_path / "site"
    write(
        site,
        "index.html",
        '<h1 id="top">Home</h1><a href="guide/">guide</a><a href="guide/#step-1">step</a>'
        '<img src="assets/shot.png#only-dark" alt="x"><a href="#top">top</a>',
    )
    write(
        site,
        "guide/index.html",
        '<h2 id="step-1">Step 1</h2><a href="../">home</a>'
        '<a href="https://huggingface.co/models?pipeline_tag=fill-mask&amp;sort=likes">hub</a>'
        '<a href="/hfguide/guide/#step-1">absolute</a><a href="mailto:team@example.org">mail</a>',
    )
    (site / "assets").mkdir()
    (site / "assets" / "shot.png").write_bytes(b"\x89PNG")
    return site


def test_the_built_site_has_no_broken_link(built_site, capsys):
    assert [str(b) for b in check_site(built_site, "/hfguide/")] == []
    assert main(["check-links", str(built_site)]) == 0
    assert "0 broken links" in capsys.readouterr().out


def test_a_sound_site_passes(small_site):
    assert check_site(small_site, "/hfguide/") == []


@pytest.mark.parametrize(
    ("page", "link", "reason"),
    [
        ("index.html", '<a href="missing/">x</a>', "no such file"),
        ("index.html", '<img src="assets/nope.png" alt="">', "no such file"),
        ("index.html", '<a href="guide/#step-9">x</a>', "no anchor #step-9"),
        ("guide/index.html", '<a href="#nowhere">x</a>', "no anchor #nowhere"),
        ("index.html", '<a href="../../etc/passwd">x</a>', "points above the site root"),
        ("index.html", '<a href="/elsewhere/">x</a>', "absolute path outside"),
        ("index.html", '<a href="javascript:alert(1)">x</a>', "scheme 'javascript'"),
        ("index.html", '<a href="https:///models">x</a>', "no host"),
        ("index.html", '<a href="https://huggingface.co/a b">x</a>', "white space"),
        ("index.html", '<a href="">x</a>', "empty link"),
        ("index.html", '<script src=""></script>', "empty link"),
        ("index.html", '<a href="http://[">x</a>', "not a valid URL (Invalid IPv6 URL)"),
        ("index.html", '<a href="https://huggingface.co:port/">x</a>', "not a valid URL"),
    ],
)
def test_each_kind_of_broken_link_is_reported(small_site, page, link, reason):
    text = (small_site / page).read_text().replace("</body>", link + "</body>")
    (small_site / page).write_text(text)
    broken = check_site(small_site, "/hfguide/")
    assert len(broken) == 1
    assert broken[0].page == page and reason in broken[0].reason


def test_cli_lists_broken_links_and_fails(small_site, capsys):
    write(small_site, "extra/index.html", '<a href="../gone.html">gone</a>')
    assert main(["check-links", str(small_site), "--base-path", "/hfguide/"]) == 1
    captured = capsys.readouterr()
    assert "extra/index.html: ../gone.html (no such file)" in captured.out
    assert "1 broken links in 3 pages." in captured.err


def test_a_malformed_link_is_reported_and_the_check_goes_on(small_site, capsys):
    """One ``href="http://["`` does not stop the check: it is one broken link among the rest."""
    write(small_site, "a/index.html", '<a href="http://[">bad</a><a href="../gone/">gone</a>')
    write(small_site, "b/index.html", '<a href="http://[::1">bad too</a>')
    assert main(["check-links", str(small_site), "--base-path", "/hfguide/"]) == 1
    captured = capsys.readouterr()
    assert "a/index.html: http://[ (not a valid URL (Invalid IPv6 URL))" in captured.out
    assert "a/index.html: ../gone/ (no such file)" in captured.out
    assert "b/index.html: http://[::1 (not a valid URL" in captured.out
    assert "3 broken links in 4 pages." in captured.err and "Traceback" not in captured.err


def test_cli_refuses_a_folder_that_is_not_a_site(tmp_path, capsys):
    assert main(["check-links", str(tmp_path)]) == 2
    assert "not a built site" in capsys.readouterr().err


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/2109.01652",
        "http://127.0.0.1:8000/",
        "mailto:a@b.org",
        "data:image/png;base64,AAAA",
    ],
)
def test_well_formed_external_links(url):
    assert external_problem(url) is None
