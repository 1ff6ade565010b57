"""Build the site and serve it on loopback: what the tests, screenshots and benchmarks share.

The built site is served the way GitHub Pages serves it: static files, ``404.html`` for a
missing path, and (optionally) gzip for text files.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from hfguide import PROJECT_ROOT
from hfguide.core.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
QUIET_BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
GZIP_SUFFIXES = {".html", ".js", ".css", ".json", ".svg", ".xml", ".txt"}


def site_url() -> str:
    """The site's published address: ``site_url`` of mkdocs.yml, or ``HFGUIDE_SITE_URL``."""
    match = re.search(
        r'^site_url:.*?"([^"]+)"', (PROJECT_ROOT / "mkdocs.yml").read_text(), re.MULTILINE
    )
    return Settings.from_env().site_url or (match.group(1) if match else "/")


def base_path() -> str:
    """The path the site is served under, ``/hfguide/`` for a GitHub Pages project site."""
    path = urlsplit(site_url()).path.strip("/")
    return f"/{path}/" if path else "/"


def build(
    site_dir: Path,
    env: Mapping[str, str] | None = None,
    *,
    offline: bool = True,
    strict: bool = True,
    timeout: float = 600,
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` on the project into ``site_dir``, in a child process.

    Args:
        site_dir: Where the built site goes.
        env: Environment variables added to this process's own (``HF_ENDPOINT``, ``HF_TOKEN``,
            ``HFGUIDE_CACHE``, ...).
        offline: Build from the committed snapshot (``HF_HUB_OFFLINE=1``) instead of the Hub.
        strict: Fail on any warning, as CI does.
        timeout: Seconds before the build is stopped.

    Returns:
        The finished process: check ``returncode``; mkdocs' messages are in ``stderr``.

    Raises:
        subprocess.TimeoutExpired: The build took longer than ``timeout``.
    """
    full_env = {
        **os.environ,
        **QUIET_BUILD_ENV,
        **({"HF_HUB_OFFLINE": "1"} if offline else {}),
        **(env or {}),
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            "--site-dir",
            str(site_dir),
        ],
        cwd=PROJECT_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build_or_exit(site_dir: Path, *, strict: bool = True) -> Path:
    """For scripts: build offline into ``site_dir`` and return it, or print mkdocs' complaint and
    stop.

    Raises:
        SystemExit: The build failed (mkdocs' messages are printed first).
    """
    result = build(site_dir, strict=strict)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"mkdocs build failed (exit {result.returncode})")
    return site_dir


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that stays quiet when a reader goes away mid-answer."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the browser closed the page or the connection: nothing went wrong here
        super().handle_error(request, client_address)


class StaticSiteHandler(SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: under the site's base path, with the site's 404
    page for a missing path."""

    use_gzip = False
    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path: str) -> str:
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def send_head(self):
        url_path = self.path.split("?")[0].split("#")[0]
        if self.prefix != "/" and url_path == self.prefix.rstrip("/"):
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.end_headers()
            return None
        if not url_path.startswith(self.prefix):
            return self._not_found()
        path = Path(self.translate_path(url_path))
        is_dir = path.is_dir()
        if is_dir:
            path = path / "index.html"
        if not path.is_file():
            return self._not_found()
        plain = is_dir and not url_path.endswith("/")  # the base class redirects these
        if plain or not (
            self.use_gzip
            and "gzip" in self.headers.get("Accept-Encoding", "")
            and path.suffix in GZIP_SUFFIXES
        ):
            return super().send_head()
        return self._send(
            200, path, gzip.compress(path.read_bytes(), 6), {"Content-Encoding": "gzip"}
        )

    def _not_found(self):
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            self.send_error(404)
            return None
        return self._send(404, page, page.read_bytes(), {})

    def _send(self, status: int, path: Path, body: bytes, headers: dict[str, str]):
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path, *, use_gzip: bool = False, prefix: str | None = None) -> Iterator[str]:
    """Serve a built site on 127.0.0.1, on a free port, for the duration of the ``with`` block.

    Args:
        directory: The built site.
        use_gzip: Compress text files for clients that accept gzip, as GitHub Pages does.
        prefix: The path the site is served under (default: the base path of ``site_url``).

    Yields:
        The site's URL, without a trailing slash.
    """
    prefix = base_path() if prefix is None else prefix
    handler = type("Handler", (StaticSiteHandler,), {"use_gzip": use_gzip, "prefix": prefix})
    server = SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}"
    finally:
        server.shutdown()
        server.server_close()


def chromium() -> str:
    """The Chromium binary: Debian's, unless ``HFGUIDE_CHROMIUM`` names another (Playwright's own
    browser downloads do not work on our machines)."""
    return Settings.from_env().chromium


def launch_chromium(playwright: Playwright) -> Browser:
    """Headless Debian chromium (``HFGUIDE_CHROMIUM`` names another binary) through Playwright.

    Args:
        playwright: The object ``sync_playwright()`` gives.

    Returns:
        The launched browser; close it when done.
    """
    return playwright.chromium.launch(
        executable_path=chromium(), headless=True, args=list(CHROMIUM_ARGS)
    )
