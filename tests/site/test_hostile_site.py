"""A whole site built from hostile data: every Hub and leaderboard string that reaches a page is
an attack, and the site must show it as inert text. Checked in the HTML, by the site safety check
and in Chromium (no dialog, no injected element, tables keep their shape)."""

from __future__ import annotations

import json
import math

import pytest
from bs4 import BeautifulSoup

from hfguide import pages
from hfguide.data import model_configs
from hfguide.data.hub_models import HubData
from hfguide.data.leaderboard import COLUMNS, LeaderboardData
from hfguide.data.leaderboard.store import FORMAT as LEADERBOARD_FORMAT
from hfguide.hub.client import ModelQuery
from hfguide.pages import escape
from hfguide.site import builder
from hfguide.site.linkcheck import check_site
from hfguide.site.safety import check_site_safety
from tests.support.site import NEXT_FRAME

CONFIGS = model_configs.load()  # the committed model configs

#: Each sets window.__pwned (or opens a dialog) if it ever runs.
ATTACKS = [
    "<script>window.__pwned=1</script>",
    "<svg onload=window.__pwned=2>",
    '"><img src=x onerror=window.__pwned=3>',
    "a|b|c",
    "`code` and ```fence```",
    "[click](javascript:window.__pwned=4)",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "</script><script>alert(5)</script><!--",
    "\u202egnp.exe",
    "&amp; &lt;b&gt;",
    "*em* _em_ {: onclick=alert(6)}",
]
#: A line break would end a raw HTML block and hand the rest to Markdown.
BREAKOUT = 'text\n\n# heading [x](javascript:window.__pwned=7)\n--8<-- "README.md"\n'
LONG_LABEL = "L" * 10_000
READ = "2026-05-04"


def _model(i: int, attack: str) -> dict:
    return {
        "id": f"evil/model-{i}",
        "author": "evil",  # ids and authors have the Hub's shape, or the snapshot is refused
        "downloads": 1000 - i,
        "likes": 10 + i,
        "trending_score": i,
        "parameters": 7_000_000 + i,
        "license": attack,
        "library": attack,
        "languages": [attack, "en"],
        "last_modified": f"2025-01-{i + 1:02d}T00:00:00Z",
        "pipeline_tag": "text-classification",
        "read_at": READ,
    }


MODELS = [_model(i, attack) for i, attack in enumerate([*ATTACKS, BREAKOUT])]
TASKS = {
    "text-classification": {
        "id": "text-classification",
        "label": "<svg onload=window.__pwned=8> | `x` *y*",
        "summary": BREAKOUT + " ".join(ATTACKS),
        "libraries": ATTACKS,
    },
    "fill-mask": {"id": "fill-mask", "label": LONG_LABEL, "summary": "s", "libraries": []},
}


def hostile_snapshot() -> dict:
    ids = [m["id"] for m in MODELS]
    queries = [
        {
            "task": task,
            "sort": sort,
            "limit": 30,
            "filters": [],
            "ids": ids if task != "fill-mask" else [],
        }
        for task in TASKS
        for sort in ("downloads", "likes", "trending_score")
    ]
    return {
        "format": 1,
        "created_at": "2026-05-04T00:00:00Z",
        "endpoint": "http://127.0.0.1:1",
        "tasks": TASKS,
        "queries": queries,
        "models": {m["id"]: m for m in MODELS},
    }


def _row(i: int, attack: str, kind: str) -> dict:
    return {
        "id": f"evil/lb-{i}",
        "type": kind,
        "precision": "bfloat16",
        "params": 7.0 + i,
        "bucket": "~7",
        "license": attack,
        "likes": i,
        "hub": True,
        "moe": False,
        "flagged": False,
        "merged": False,
        "official": False,
        "chat_template": True,
        "weight_type": attack,
        "architecture": attack,
        "co2": 1.5,
        "average": 50.0 - i,
        "ifeval": 40.0,
        "bbh": 30.0,
        "math": 20.0,
        "gpqa": 10.0,
        "musr": 5.0,
        "mmlu_pro": 25.0,
        "submitted": "2024-06-08",  # a date, or the snapshot is refused
        "base": attack,
    }


KINDS = ["chat", "pretrained", "finetuned", "merge", "continuous"]
ROWS = [_row(i, attack, KINDS[i % len(KINDS)]) for i, attack in enumerate([*ATTACKS, BREAKOUT])]


def hostile_leaderboard() -> dict:
    return {
        "format": LEADERBOARD_FORMAT,
        "created_at": "2026-05-04T00:00:00Z",
        "endpoint": "http://127.0.0.1:1",
        "repo": "open-llm-leaderboard/contents",
        "columns": COLUMNS,
        "rows": [[row.get(c) for c in COLUMNS] for row in ROWS],
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hub.json").write_text(json.dumps(hostile_snapshot()))
    (folder / "board.json").write_text(json.dumps(hostile_leaderboard()))
    site = folder / "site"
    result = builder.build(
        site,
        {
            "HFGUIDE_SNAPSHOT": str(folder / "hub.json"),
            "HFGUIDE_LEADERBOARD": str(folder / "board.json"),
            "HFGUIDE_CACHE": str(folder / "cache"),
        },
    )
    assert result.returncode == 0, result.stderr
    return site


def _soup(path):
    html = path.read_text(encoding="utf-8")
    html = html.replace('<template class="hfguide-deferred">', "").replace("</template>", "")
    return BeautifulSoup(html, "html.parser")


@pytest.mark.build  # builds a site of its own
def test_the_hostile_site_passes_the_safety_and_link_checks(hostile_site):
    assert [str(f) for f in check_site_safety(hostile_site, "/hfguide/")] == []
    assert [str(b) for b in check_site(hostile_site, "/hfguide/")] == []


@pytest.mark.build  # builds a site of its own
def test_hostile_strings_are_inert_text_in_the_html(hostile_site):
    for path in hostile_site.rglob("*.html"):
        page = _soup(path)
        assert not page.find(["svg", "img"], attrs={"onload": True}), path
        assert not page.find(attrs={"onerror": True}), path
        assert not page.find(attrs={"onclick": True}), path
        for script in page.find_all("script"):
            assert "__pwned" not in (script.string or "") and "alert(" not in (script.string or "")
        for link in page.find_all("a", href=True):
            assert "javascript" not in link["href"].lower(), path
        text = path.read_text(encoding="utf-8")
        assert "\u202e" not in text and LONG_LABEL not in text, path
        # the template attack shows as its literal text, never as an evaluated "jinja"
        shown = page.get_text()
        assert "jinja" not in shown.replace("{% if true %}jinja{% endif %}", ""), path
    task = _soup(hostile_site / "models" / "text-classification" / "index.html")
    text = task.get_text()
    for attack in ATTACKS[:8]:
        assert escape.plain(attack) in text, attack
    assert (
        task.find("h1").get_text().strip("¶ ") == f"{TASKS['text-classification']['label']} models"
    )
    assert not task.find("h1", string=lambda s: s and "heading" in s)


@pytest.mark.build  # builds a site of its own
def test_tables_keep_their_shape(hostile_site):
    task = _soup(hostile_site / "models" / "text-classification" / "index.html")
    tables = task.find_all("table", class_="hfguide-models")
    assert len(tables) == 3
    for table in tables:
        rows = table.tbody.find_all("tr")
        assert len(rows) == len(MODELS)
        assert {len(tr.find_all("td")) for tr in rows} == {9}
    for page in ("glossary/rl-tuned", "glossary/pretrained", "glossary", "leaderboard"):
        for table in _soup(hostile_site / page / "index.html").find_all("table"):
            widths = {len(tr.find_all(["td", "th"])) for tr in table.find_all("tr")}
            assert len(widths) == 1, (page, widths)


@pytest.mark.build  # builds a site of its own
def test_long_labels_are_cut_with_an_ellipsis(hostile_site):
    page = _soup(hostile_site / "models" / "fill-mask" / "index.html")
    heading = page.find("h1").get_text().strip("¶ ")
    assert heading == "L" * (escape.MAX_TEXT - 1) + escape.ELLIPSIS + " models"
    biggest = max(p.stat().st_size for p in hostile_site.rglob("*.html"))
    assert biggest < 2_000_000


@pytest.mark.build  # builds a site of its own
def test_data_file_holds_the_strings_as_json_text(hostile_site):
    data = json.loads((hostile_site / "leaderboard" / "data.json").read_text(encoding="utf-8"))
    base = data["columns"].index("base")
    assert [row[base] for row in data["rows"]] == [row["base"] for row in ROWS]
    raw = (hostile_site / "leaderboard" / "data.json").read_text(encoding="utf-8")
    assert "</script" not in raw and "<!--" not in raw


def test_non_finite_numbers_never_reach_a_page():
    """NaN and infinities, where the data layer lets them through, show as a dash or null."""
    records = [
        {"id": "x/first", "downloads": math.nan, "likes": math.inf, "parameters": -math.inf},
        {"id": "x/second", "downloads": 10**400, "likes": "lots", "parameters": 7e9},
    ]
    data = HubData(
        tasks={"fill-mask": {}},
        results={ModelQuery("fill-mask"): records},
        source="live",
        created_at="2026-01-01T00:00:00Z",
        endpoint="",
    )
    row = dict(ROWS[0], average=math.nan, params=math.inf, co2=-math.inf)
    board = LeaderboardData(
        rows=[row], source="snapshot", created_at="2026-01-01T00:00:00Z", endpoint=""
    )
    site = pages.build(data, board, CONFIGS)
    for path, content in site.files.items():
        for bad in ("NaN", "Infinity", '"nan"', '"inf"', ">nan<", ">inf<", "1e+400"):
            assert bad not in content, (path, bad)
    cells = BeautifulSoup(site.files["models/fill-mask.md"], "html.parser").find("tbody")
    assert [td.get_text() for td in cells.find_all("td")[2:5]] == ["—", "—", "—"]
    assert [td["data-sort"] for td in cells.find_all("td")[2:5]] == ["-1", "-1", "-1"]
    data_file = json.loads(site.files["leaderboard/data.json"])
    assert data_file["rows"][0][data_file["columns"].index("average")] is None


@pytest.fixture
def hostile_page(browser, hostile_site):
    with builder.serve(hostile_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.dialogs = []
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.base = base
        yield tab
        context.close()


INJECTED = "svg[onload], img[onerror], [onclick], a[href^='javascript' i]"


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["models/text-classification/", "glossary/rl-tuned/", "leaderboard/", "tasks/"]
)
def test_no_hostile_string_runs_in_the_browser(hostile_page, path):
    hostile_page.goto(f"{hostile_page.base}/{path}")
    hostile_page.wait_for_load_state("load")
    for label in hostile_page.locator(".tabbed-labels label").all():
        label.click()  # the deferred tables go into the page
    assert hostile_page.evaluate("window.__pwned") is None
    assert hostile_page.locator(INJECTED).count() == 0
    assert hostile_page.dialogs == []
    for table in hostile_page.locator("table.hfguide-models").all():
        widths = table.evaluate(
            "t => [...new Set([...t.tBodies[0].rows].map(r => r.cells.length))]"
        )
        assert widths == [9] or (path != "models/text-classification/" and len(widths) == 1)


@pytest.mark.browser
def test_the_explorer_grid_shows_hostile_rows_as_text(hostile_page):
    columns = "license,submitted,architecture,base"
    hostile_page.goto(f"{hostile_page.base}/leaderboard/explorer/?flagged=&cols={columns}")
    hostile_page.wait_for_function(
        "document.getElementById('lb-explorer').dataset.ready === '1'", timeout=30000
    )
    hostile_page.fill("#lb-fit [name=budget]", "80")
    hostile_page.locator("#lb-fit").scroll_into_view_if_needed()
    hostile_page.wait_for_function("document.querySelectorAll('#lb-fit output li').length > 0")
    grid = hostile_page.locator(".lb-table")
    seen = []  # the grid draws the columns in view: read it as a reader scrolls across it
    for scroll in ("0", "g.scrollWidth / 3", "2 * g.scrollWidth / 3", "g.scrollWidth"):
        grid.evaluate(f"g => {{ g.scrollLeft = {scroll}; }}")
        hostile_page.evaluate(NEXT_FRAME)
        seen.append(grid.inner_text())
    assert any("<svg onload=window.__pwned=2>" in text for text in seen)
    assert hostile_page.evaluate("window.hfguideExplorer.shownRows().length") == len(ROWS)
    assert hostile_page.evaluate("window.__pwned") is None
    assert hostile_page.locator(INJECTED).count() == 0
    assert hostile_page.dialogs == []
