"""Whole-site builds: generated pages against any replayed record set, hostile strings, offline."""

from __future__ import annotations

import base64
import json
import re
from html import unescape as html_unescape
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from hfguide.core.settings import DEFAULT_LEADERBOARD, DEFAULT_SNAPSHOT
from hfguide.data import hub_models, leaderboard
from hfguide.data.leaderboard import REPO_ID, LeaderboardData, rows_from_frame
from hfguide.pages.tasks import task_slug
from hfguide.replay.server import Fault, ReplayHub
from hfguide.site.notebook_images import MIN_BYTES
from tests.support import ROOT
from tests.support.leaderboard import RAW, parquet_bytes
from tests.support.records import FIXTURE_RECORDS, FIXTURE_TASKS

TOKEN = "hf_SECRET_token_never_in_output_42"

HOSTILE_ID = "evil/<script>alert('id')</script>|`pwn`"
#: Hostile strings in every field the checks at the door only bound in size.
HOSTILE_FIELDS = {
    "downloads": 999,
    "likes": 5,
    "trendingScore": 2,
    "pipeline_tag": "text-classification",
    "library_name": "<img src=x onerror=alert('lib')>",
    "tags": ["a|b", "license:](javascript:alert('tag'))"],
    "createdAt": "2024-01-01T00:00:00.000Z",
    "cardData": {
        "license": "](javascript:alert('lic'))",
        "language": ["&amp;", "\u202egnp.exe", "x"],
    },
    "_recorded_at": "2026-05-04",
}
HOSTILE_RECORDS = [
    {**HOSTILE_FIELDS, "id": HOSTILE_ID, "author": "evil`|`<b>"},  # left out: no repository id
    {**HOSTILE_FIELDS, "id": "evil/strings", "author": "evil", "downloads": 998},
    {
        "id": "plain/model",
        "author": "plain",
        "downloads": 5,
        "pipeline_tag": "text-classification",
        "tags": [],
        "createdAt": "2024-01-01T00:00:00.000Z",
        "_recorded_at": "2026-05-04",
    },
]
HOSTILE_TASKS = {
    "text-classification": {
        "id": "text-classification",
        "label": "Text <b>Class</b> | `x` *y*",
        "summary": "<script>alert('summary')</script> [click](javascript:alert('md'))",
        "libraries": ["<i>lib</i>"],
    },
    "../../etc/passwd": {
        "id": "../../etc/passwd",
        "label": "Traversal",
        "summary": "s",
        "libraries": [],
    },
}


def soup(path: Path) -> BeautifulSoup:
    """The page with its deferred tables in place, as the page's script puts them."""
    html = path.read_text(encoding="utf-8")
    html = html.replace('<template class="hfguide-deferred">', "").replace("</template>", "")
    return BeautifulSoup(html, "html.parser")


def table_ids(page: Path, table_id: str) -> list[str]:
    table = soup(page).find("table", id=f"{table_id}-table")
    return [row.find("td").a.get_text() for row in table.tbody.find_all("tr") if row.find("a")]


#: Records a live build leaves out at the door, without failing the others: a number that is
#: not finite, a date huggingface_hub's own parser would have failed the whole listing on.
UNREADABLE_RECORDS = [
    {**FIXTURE_RECORDS[0], "id": "odd/not-a-number", "downloads": float("nan")},
    {**FIXTURE_RECORDS[0], "id": "odd/no-date", "createdAt": "yesterday"},
]


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory, mkdocs_build):
    """The site built against a replay Hub serving the small fixture record set (and two records
    that fail their checks). There is no Hub snapshot to compare the few live records with."""
    site = tmp_path_factory.mktemp("fixture-site")
    with ReplayHub([dict(r) for r in FIXTURE_RECORDS] + UNREADABLE_RECORDS, FIXTURE_TASKS) as hub:
        hub.gate("beta/news-topics")  # its record says gated: "manual", as the Hub's would
        result = mkdocs_build(
            site,
            {
                "HF_ENDPOINT": hub.url,
                "HF_TOKEN": TOKEN,
                "HFGUIDE_CACHE": str(tmp_path_factory.mktemp("c")),
                "HFGUIDE_SNAPSHOT": str(tmp_path_factory.mktemp("none") / "absent.json"),
            },
        )
    assert result.returncode == 0, result.stderr
    return site, result


def test_tables_show_exactly_the_replayed_records(fixture_site):
    site, _ = fixture_site
    page = site / "models" / "text-classification" / "index.html"
    downloads = sorted(
        (r for r in FIXTURE_RECORDS if r.get("pipeline_tag") == "text-classification"),
        key=lambda r: r["downloads"],
        reverse=True,
    )
    assert table_ids(page, "text-classification-downloads") == [r["id"] for r in downloads]
    liked = sorted((r for r in downloads if "likes" in r), key=lambda r: r["likes"], reverse=True)
    assert table_ids(page, "text-classification-likes") == [r["id"] for r in liked]
    assert "1 of the 4 records this query returned have no likes count" in page.read_text()
    assert sorted(p.name for p in (site / "models").iterdir() if p.is_dir()) == sorted(
        FIXTURE_TASKS
    )
    assert "Offline data" not in page.read_text()  # live data: no snapshot notice
    assert "odd/" not in page.read_text()  # the records that failed their checks


def test_a_mixed_build_says_which_data_set_is_live(fixture_site):
    """The replay has no leaderboard data set: the leaderboard comes from its snapshot, the Hub
    tables are live, and every page's banner says so."""
    site, _ = fixture_site
    banner = soup(site / "index.html").find(class_="hfguide-banner").get_text()
    assert banner == (
        "Mixed build: the Hub tables are live from the Hub, but the leaderboard comes from the "
        "committed snapshot."
    )


def test_live_build_cells_and_links(fixture_site):
    site, _ = fixture_site
    page = soup(site / "models" / "text-classification" / "index.html")
    row = next(tr for tr in page.find_all("tr") if tr.find("a", string="acme/classify-large"))
    cells = [td.get_text() for td in row.find_all("td")]
    assert cells == [
        "acme/classify-large",
        "acme",
        "90k",
        "12",
        "355M",
        "mit",
        "transformers",
        "fr, en",
        "2024-02-01",
    ]
    assert row.find("a")["href"] == "https://huggingface.co/acme/classify-large"
    old = next(tr for tr in page.find_all("tr") if tr.find("a", string="beta/sentiment-old"))
    assert [td.get_text() for td in old.find_all("td")][3] == "—"  # likes absent, not zero
    hub_link = page.find("a", string="Open this query on the Hub")["href"]
    assert (
        hub_link == "https://huggingface.co/models?pipeline_tag=text-classification&sort=downloads"
    )


def test_catalogue_groups_tasks_by_modality(fixture_site):
    site, _ = fixture_site
    page = soup(site / "tasks" / "index.html")
    headings = [h.get_text().strip("¶ ") for h in page.find_all("h2")]
    assert headings == [
        "Computer Vision",
        "Natural Language Processing",
        "Hub tasks this catalogue lacks",
    ]
    assert (
        page.find("a", string="Image Classification")["href"] == "../models/image-classification/"
    )


def test_a_live_build_marks_the_model_the_hub_says_is_gated(fixture_site):
    """The build asks the Hub for ``gated``; the replay gates one model, so its row (and only
    its row) carries the mark, linking the gated models page, and the page counts what it knows."""
    site, _ = fixture_site
    page = soup(site / "models" / "text-classification" / "index.html")
    marked = {
        tr.find("a").get_text(): [m.get_text() for m in tr.find_all("a", class_="hfguide-mark")]
        for tr in page.find_all("tr")
        if tr.find("a")
    }
    assert marked["beta/news-topics"] == ["gated"]
    assert not [m for model, m in marked.items() if m and model != "beta/news-topics"]
    link = page.find("a", class_="hfguide-mark")
    assert link["href"] == "../../run/gated/" and (site / "run" / "gated" / "index.html").is_file()
    text = " ".join(page.get_text().split())
    assert "Only 1 of the 4 models on this page say whether they are gated (1 is)" in text


def test_token_never_reaches_the_site_or_the_logs(fixture_site):
    site, result = fixture_site
    assert TOKEN not in result.stdout + result.stderr
    for path in site.rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path


def test_hostile_strings_render_as_inert_text(tmp_path, mkdocs_build):
    with ReplayHub(HOSTILE_RECORDS, HOSTILE_TASKS) as hub:
        result = mkdocs_build(
            tmp_path / "site",
            {
                "HF_ENDPOINT": hub.url,
                "HFGUIDE_CACHE": str(tmp_path / "c"),
                "HFGUIDE_SNAPSHOT": str(tmp_path / "absent.json"),  # nothing to compare with
            },
        )
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert not (tmp_path / "etc").exists()
    # A task id that is no page name, and a record id that is no repository id, are left out
    # at the door (hfguide.data.hub_models.check); everything else is rendered as inert text.
    assert not (site / "models" / task_slug("../../etc/passwd")).exists()
    for path in site.rglob("*.html"):
        page = soup(path)
        for script in page.find_all("script"):
            assert "alert(" not in (script.string or ""), path
        assert not page.find("img", onerror=True), path
        assert not page.find(["b", "i"], string=["Class", "lib"]), path
        for link in page.find_all("a", href=True):
            assert not link["href"].strip().lower().startswith("javascript:"), path
    page = soup(site / "models" / "text-classification" / "index.html")
    text = page.get_text()
    assert HOSTILE_ID not in text and "evil/strings" in text
    assert "](javascript:alert('lic'))" in text
    assert "<script>alert('summary')</script>" in text
    assert "\u202e" not in text  # direction overrides are neutralised
    assert page.find("h1").get_text().strip("¶ ") == "Text <b>Class</b> | `x` *y* models"
    assert "<img src=x onerror=alert('lib')>" in text
    assert (
        "<title>Text &lt;b&gt;Class"
        in (site / "models" / "text-classification" / "index.html").read_text()
    )


def test_unreachable_hub_builds_from_the_snapshot_and_says_so(
    tmp_path, closed_port_url, mkdocs_build
):
    """Readers get the date and plain words; the endpoint, its password and the error stay out
    of the site, and the build log names the failure with the password removed."""
    endpoint = closed_port_url.replace("http://", "http://reader:hunter2-secret@")
    result = mkdocs_build(
        tmp_path / "site", {"HF_ENDPOINT": endpoint, "HFGUIDE_CACHE": str(tmp_path / "c")}
    )
    assert result.returncode == 0, result.stderr
    snapshot = hub_models.read(DEFAULT_SNAPSHOT)
    page = (tmp_path / "site" / "models" / "fill-mask" / "index.html").read_text()
    assert "Offline data: committed snapshot" in page
    read = snapshot.read_dates()
    # the banners give the days the numbers were read; the write date is on the contributing page
    assert f"their numbers were read from {read[0]} to {read[1]}" in page
    assert f"written on {snapshot.created_at[:10]}" not in page
    assert "The Hub could not be reached when the site was built." in page
    banner = soup(tmp_path / "site" / "index.html").find(class_="hfguide-banner").get_text()
    assert banner == (  # site-wide
        "Offline build: the Hub tables and the leaderboard come from the committed snapshot; "
        f"the tables' numbers were read from {read[0]} to {read[1]}."
    )
    contributing = (tmp_path / "site" / "contributing" / "index.html").read_text()
    written = f"<code>data/hub-snapshot.json</code> was written on {snapshot.created_at[:10]}"
    assert written in contributing
    secrets = [b"hunter2-secret", b"reader:", closed_port_url[7:].encode()]
    # The log's wording is documented in the API reference (a constant of hfguide.data.source);
    # no page a reader meets while reading the tables may carry it.
    reference = {tmp_path / "site" / "reference", tmp_path / "site" / "search"}
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not [leak for leak in secrets if leak in content], path
            if not reference.intersection(path.parents):
                assert b"could not be queried" not in content, path
    assert "hunter2-secret" not in result.stdout + result.stderr
    assert "could not be queried" in result.stderr  # the reason is in the build log


def test_a_hub_with_empty_pages_and_a_slow_task_list_builds_from_the_snapshot_and_says_so(
    tmp_path, mkdocs_build
):
    """Empty pages for every model query and a task list that takes 5.5 s (longer than httpx's
    default timeout): the build waits for the task list, finds the model answers empty, builds
    the Hub tables from the committed snapshot (byte for byte unchanged) and says so; the
    leaderboard, which answered in full, is live."""
    board_snapshot = tmp_path / "leaderboard.json"
    leaderboard.write(
        LeaderboardData(rows_from_frame(RAW), "live", "2026-01-01T00:00:00Z", ""), board_snapshot
    )
    before = DEFAULT_SNAPSHOT.read_bytes()
    with ReplayHub(FIXTURE_RECORDS, FIXTURE_TASKS) as hub:
        hub.add_dataset_file(REPO_ID, "data/train-00000-of-00001.parquet", parquet_bytes(RAW))
        hub.inject(Fault("empty", path="/api/models"))
        hub.inject(Fault("latency", path="/api/tasks", seconds=5.5))
        result = mkdocs_build(
            tmp_path / "site",
            {
                "HF_ENDPOINT": hub.url,
                "HFGUIDE_CACHE": str(tmp_path / "c"),
                "HFGUIDE_LEADERBOARD": str(board_snapshot),
            },
        )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert DEFAULT_SNAPSHOT.read_bytes() == before
    site = tmp_path / "site"
    read = hub_models.read(DEFAULT_SNAPSHOT).read_dates()
    banner = soup(site / "index.html").find(class_="hfguide-banner").get_text()
    assert banner == (
        "Mixed build: the leaderboard is live from the Hub, but the Hub tables come from the "
        f"committed snapshot; their numbers were read from {read[0]} to {read[1]}."
    )
    page = (site / "models" / "fill-mask" / "index.html").read_text()
    assert "Offline data: committed snapshot" in page
    assert "The Hub answered with no records, or far fewer than the snapshot holds" in page
    explorer = (site / "leaderboard" / "explorer" / "index.html").read_text()
    assert "queried from the Hub at build time" in explorer
    assert "not using the Hub's answers" in result.stderr  # the reason is in the build log


def test_no_hub_and_no_snapshot_stops_the_build_with_the_fix(
    tmp_path, closed_port_url, mkdocs_build
):
    result = mkdocs_build(
        tmp_path / "site",
        {
            "HF_ENDPOINT": closed_port_url,
            "HFGUIDE_SNAPSHOT": str(tmp_path / "none.json"),
            "HFGUIDE_CACHE": str(tmp_path / "c"),
        },
    )
    assert result.returncode != 0
    assert "hfguide refresh" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_broken_configs_snapshot_stops_the_build_in_plain_words(tmp_path, mkdocs_build):
    broken = tmp_path / "configs.json"
    broken.write_text('{"format": 1, "configs": "not a table"}')
    result = mkdocs_build(
        tmp_path / "site", {"HF_HUB_OFFLINE": "1", "HFGUIDE_CONFIGS": str(broken)}
    )
    assert result.returncode != 0
    assert str(broken) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_snapshot_write_dates_are_only_on_the_contributing_page(built_site):
    """Readers see the days the numbers were read; the day a snapshot file was written (a
    refresh's date, not the data's) is for maintainers."""
    board = leaderboard.read(DEFAULT_LEADERBOARD)
    hub = hub_models.read(DEFAULT_SNAPSHOT)
    written = {f"written on {board.created_at[:10]}", f"written on {hub.created_at[:10]}"}
    for page in built_site.rglob("*.html"):
        where = page.relative_to(built_site).parts[0]
        if where in ("contributing", "reference"):
            continue
        text = page.read_text(encoding="utf-8")
        assert not any(w in text for w in written), page
    explorer = (built_site / "leaderboard" / "explorer" / "index.html").read_text()
    assert "<code>data/leaderboard.json</code>" in explorer


def test_offline_site_has_every_task_page_and_the_api_reference(built_site):
    snapshot = hub_models.read(DEFAULT_SNAPSHOT)
    for task_id in snapshot.tasks:
        assert (built_site / "models" / task_slug(task_id) / "index.html").is_file()
    assert (built_site / "reference" / "hfguide.hub.client" / "index.html").is_file()
    notebook = (built_site / "examples" / "explore-hub-snapshot" / "index.html").read_text()
    assert "Where the downloads go, by modality" in notebook


def test_notebook_pages_link_their_notebook_for_download(built_site):
    """examples/index.md promises a download link on each notebook's page: the link is there
    and the notebook lies where it points."""
    notebooks = sorted((ROOT / "examples").glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        folder = built_site / "examples" / notebook.stem
        link = soup(folder / "index.html").select_one("p.hfguide-download a[download]")
        assert link is not None and link["href"] == notebook.name, notebook.name
        assert (folder / link["href"]).read_bytes() == notebook.read_bytes()
    promise = " ".join((ROOT / "examples" / "index.md").read_text(encoding="utf-8").split())
    assert "Each page has a download link for the notebook." in promise


def test_notebook_pages_carry_only_the_jupyterlab_css_they_use(built_site):
    """mkdocs-jupyter inlines 588,780 characters of CSS (JupyterLab's, its theme's, Pygments')
    into each notebook page; pruned (``notebook_css``) they were 20,526 to 21,333 when measured
    (December 2026). The bound leaves room for new notebooks using more of JupyterLab's rules;
    the floor catches a pruner that dropped the notebook's own rules."""
    notebooks = sorted((ROOT / "examples").glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        html = (built_site / "examples" / notebook.stem / "index.html").read_text("utf-8")
        sheets = re.findall(r'<style type="text/css">(.*?)</style>', html, re.DOTALL)
        assert len(sheets) == 3, notebook.name
        size = sum(len(sheet) for sheet in sheets)
        assert 10_000 < size < 40_000, f"{notebook.name}: {size} characters of inline CSS"
        assert ".jupyter-wrapper .jp-OutputArea-output" in "".join(sheets), notebook.name


def test_notebook_output_images_are_files_beside_the_page(built_site):
    """``notebook_images``: no notebook page carries an image inline (base64, twice) but small
    raster ones. The explore-hub-snapshot chart (PNG) and the compare-models plot (SVG) are files
    beside their pages, each sized in its ``<img>``."""
    files = {}
    for notebook in sorted((ROOT / "examples").glob("*.ipynb")):
        folder = built_site / "examples" / notebook.stem
        html = (folder / "index.html").read_text("utf-8")
        assert "data:image/svg+xml;base64" not in html, notebook.name
        for data in re.findall(r'data:image/\w+;base64,([^"]+)"', html):
            assert len(base64.b64decode(data)) < MIN_BYTES, notebook.name
        for width, height, name in re.findall(
            r'<img width="(\d+)" height="(\d+)" [^>]*src="(output-\w+\.\w+)"', html
        ):
            assert f'href="{name}"' in html  # the image viewer's link
            files[f"{notebook.stem}/{name}"] = (int(width), int(height))
    assert sorted((k.split("/")[0], k.rsplit(".", 1)[1]) for k in files) == [
        ("compare-models", "svg"),
        ("explore-hub-snapshot", "png"),
    ]
    for path, size in files.items():
        image = built_site / "examples" / path
        if path.endswith(".svg"):
            assert size == (640, 400) and "Accuracy against latency" in image.read_text("utf-8")
        else:
            assert size == Image.open(image).size


def test_every_page_has_its_own_title_and_description(built_site):
    default = re.search(
        r"^site_description: (.+)$", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE
    ).group(1)
    titles: dict[str, str] = {}
    for html in sorted(built_site.rglob("index.html")):
        text = html.read_text(encoding="utf-8")
        page = html.relative_to(built_site).as_posix()
        title = re.search(r"<title>(.*?)</title>", text, re.DOTALL).group(1).strip()
        description = re.search(r'<meta name="description" content="([^"]+)"', text)
        assert title.endswith("hfguide") and len(title) > len("hfguide"), page
        assert title not in titles, f"{page} and {titles.get(title)} share the title {title!r}"
        titles[title] = page
        assert description, page
        if page != "index.html":
            assert html_unescape(description.group(1)) != default, (
                f"{page} has the site's default description"
            )
        assert 50 <= len(description.group(1)) <= 200, page


def _script_sources(html: Path) -> list[str]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return [tag["src"].rsplit("/", 1)[-1] for tag in soup.find_all("script", src=True)]


def test_pages_load_only_the_scripts_their_content_needs(built_site):
    """Table and explorer scripts ride along only with tables and the explorer; every script
    is deferred, the theme's bundle first, so no script holds up the first paint."""
    pages = {
        "home": built_site / "index.html",
        "model table": built_site / "models" / "text-generation" / "index.html",
        "explorer": built_site / "leaderboard" / "explorer" / "index.html",
    }
    scripts = {name: _script_sources(path) for name, path in pages.items()}
    table_scripts = {"tablesort.min.js", "tablesort.number.min.js", "tables.js"}
    explorer_scripts = {"memory.js", "explorer.js"}
    assert not (table_scripts | explorer_scripts) & set(scripts["home"])
    assert table_scripts <= set(scripts["model table"]) and not explorer_scripts & set(
        scripts["model table"]
    )
    assert explorer_scripts <= set(scripts["explorer"])
    for name, path in pages.items():
        assert scripts[name][0].startswith("bundle."), name
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert all(tag.has_attr("defer") for tag in soup.find_all("script", src=True)), name


def test_search_reads_a_generated_tables_cells_as_separate_words(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    tables = [doc["text"] for doc in index["docs"] if doc["location"] == "models/#models-by-task"]
    assert tables, "the models index's table section is missing from the search index"
    assert "Task Modality Most downloaded model" in tables[0]
    assert "TaskModality" not in tables[0]
