"""Site builds for the tests: one strict build shared by every pytest-xdist worker."""

from __future__ import annotations

import contextlib
import functools
import json
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock

from hfguide.site import builder


def mkdocs_build(
    site_dir: Path, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` on the project into ``site_dir`` with extra environment."""
    return builder.build(site_dir, env, offline=False, timeout=timeout)


def build_once(shared_dir: Path) -> Path:
    """The offline site built into ``shared_dir/site`` by whichever worker gets there first.

    Under pytest-xdist every worker asks for the site; a file lock lets one of them build it and
    the others wait and reuse it. The outcome is recorded so a failed build fails every worker
    with mkdocs' message instead of being retried."""
    site_dir = shared_dir / "site"
    outcome_file = shared_dir / "site-build.json"
    with FileLock(str(shared_dir / "site-build.lock")):
        if not outcome_file.exists():
            result = builder.build(site_dir, {"HFGUIDE_CACHE": str(shared_dir / "hfguide-cache")})
            outcome = {"returncode": result.returncode, "stderr": result.stderr}
            outcome_file.write_text(json.dumps(outcome))
        outcome = json.loads(outcome_file.read_text())
    assert outcome["returncode"] == 0, outcome["stderr"]
    return site_dir


def fill_form(page, form: str, fields: dict[str, str]):
    """Set a form's controls as a reader would (choose in lists, type in fields); its output."""
    for name, value in fields.items():
        control = page.locator(f"{form} [name={name}]")
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    return page.locator(f"{form} output")


def finder_answer(page):
    """The finder's output once it shows the answer for the form as it is now.

    finder.js asks its worker and shows the answer when it comes: an input that asks anew takes
    ``data-ready`` off the output at once (in its own event handler), and the answer puts it
    back, so waiting for the attribute after an input waits for that input's answer."""
    page.locator("#finder output[data-ready]").wait_for(state="attached")
    return page.locator("#finder output")


class PiecewisePage:
    """A built site served on 127.0.0.1 with one page held back and delivered piece by piece.

    The page's HTML is cut before every tag named in ``cuts``; ``send_next`` sends one more
    piece, so a test decides where the browser's parser has to stop and paint what it has, as it
    does on a slow connection. Every other file is served whole."""

    def __init__(self, directory: Path, page: str, cuts: tuple[str, ...], region: tuple[str, str]):
        html = (directory / page / "index.html").read_text(encoding="utf-8")
        start = html.index(region[0])
        end = html.index(region[1], start) + len(region[1])
        points = sorted(
            i
            for tag in cuts
            for i in _find_all(html, f"<{tag}", start, end)
            if html[i + len(tag) + 1] in " >"
        )
        bounds = [0, *points, len(html)]
        self.pieces = [html[a:b].encode() for a, b in zip(bounds, bounds[1:]) if b > a]
        self.page = page
        self.directory = directory
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._sent = 0

    def send_next(self) -> bool:
        """Release one more piece; False once the whole page has gone."""
        if self._sent >= len(self.pieces):
            return False
        self._queue.put(self.pieces[self._sent])
        self._sent += 1
        if self._sent == len(self.pieces):
            self._queue.put(None)
        return True

    @contextlib.contextmanager
    def serve(self) -> Iterator[str]:
        """The site's URL while the server runs (the held page is ``URL/<page>/``)."""
        held = builder.base_path().rstrip("/") + f"/{self.page}/"
        pieces = self._queue

        class Handler(builder.StaticSiteHandler):
            prefix = builder.base_path()

            def do_GET(self):
                if self.path.split("?")[0] != held:
                    return super().do_GET()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Connection", "close")
                self.end_headers()
                while (piece := pieces.get(timeout=120)) is not None:
                    self.wfile.write(piece)
                    self.wfile.flush()

        server = builder.SiteServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(self.directory))
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{builder.base_path().rstrip('/')}"
        finally:
            self._queue.put(None)
            server.shutdown()
            server.server_close()


def _find_all(text: str, needle: str, start: int, end: int) -> Iterator[int]:
    i = text.find(needle, start, end)
    while i != -1:
        yield i
        i = text.find(needle, i + 1, end)


def gated_in_finder_data(page, model_id):
    """Serve the finder's data with ``model_id`` marked gated, as a Hub record that says so
    (``gated: "manual"``) makes it; the committed records predate the field."""

    def mark(route):
        data = route.fetch().json()
        gated, ids = data["columns"].index("gated"), data["columns"].index("id")
        for values in data["rows"]:
            if values[ids] == model_id:
                values[gated] = True
        route.fulfill(json=data)

    page.route("**/planner/finder.json", mark)


#: Resolves once the browser has laid out and painted what it has (the frame after next).
NEXT_FRAME = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

#: The phone the tests read the site on: 390 CSS px across, touch, a 2x screen.
PHONE = {"width": 390, "height": 844}


@contextlib.contextmanager
def phone_tab(browser, base: str, scheme: str | None = None):
    """A tab on a phone (``PHONE``) in ``scheme`` (the browser's own when None), with ``base``
    (the site's root address) and the page errors it collects (``errors``)."""
    context = browser.new_context(
        viewport=PHONE,
        color_scheme=scheme,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    tab = context.new_page()
    tab.base = base
    tab.errors = []
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    try:
        yield tab
    finally:
        context.close()
