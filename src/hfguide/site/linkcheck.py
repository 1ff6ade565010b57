"""Check the links of a built site: every internal link and anchor resolves, external links are
well-formed. Run as ``hfguide check-links SITE_DIR`` (the Pages workflow does, before deploying).

External links are not fetched (our machines cannot reach them); they must be absolute
``http(s)`` URLs with a host and no spaces, or ``mailto:``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Attributes that hold a URL, per tag.
URL_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "img": "src",
    "script": "src",
    "source": "src",
    "iframe": "src",
}
#: Link relations that name the site elsewhere, not a resource of this build.
SKIPPED_RELATIONS = {"canonical", "alternate", "preconnect", "dns-prefetch"}
#: Fragments that are instructions to the theme, not anchors (Material's light/dark images).
THEME_FRAGMENTS = {"only-light", "only-dark", "gh-light-mode-only", "gh-dark-mode-only"}


@dataclass(frozen=True)
class BrokenLink:
    page: str
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.url} ({self.reason})"


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        attribute = URL_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute) is not None:
            if tag == "link" and set((values.get("rel") or "").split()) & SKIPPED_RELATIONS:
                return
            self.urls.append(values[attribute])


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return parser


def external_problem(url: str) -> str | None:
    """Why an external URL is malformed, or None if it is well-formed."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
    except ValueError as err:  # "Invalid IPv6 URL", a bad port
        return f"not a valid URL ({err})"
    if parts.scheme == "data":
        return None if url.startswith("data:image/") else "only images may be inlined as data URLs"
    if parts.scheme == "mailto":
        return None if "@" in parts.path else "mailto without an address"
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme!r} is not allowed"
    if not parts.hostname or ("." not in parts.hostname and parts.hostname != "localhost"):
        return "no host"
    if any(c.isspace() for c in url):
        return "contains white space"
    return None


def check_site(site: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every broken link in the built site at ``site``.

    ``base_path`` is the path the site is served under (``/hfguide/`` for a GitHub Pages project
    site); absolute links inside it are checked against the build."""
    site = site.resolve()
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    pages = {p.relative_to(site).as_posix(): _parse(p) for p in site.rglob("*.html")}
    broken: list[BrokenLink] = []
    for page, parsed in sorted(pages.items()):
        for url in parsed.urls:
            problem = _check_url(site, pages, page, url, base_path)
            if problem:
                broken.append(BrokenLink(page, url, problem))
    return broken


def _check_url(
    site: Path, pages: dict[str, _PageParser], page: str, url: str, base_path: str
) -> str | None:
    url = url.strip()
    if not url:
        return "empty link"
    try:
        parts = urlsplit(url)
    except ValueError as err:  # http://[ : "Invalid IPv6 URL"
        return f"not a valid URL ({err})"
    if parts.scheme or url.startswith("//"):
        return external_problem(url if parts.scheme else "https:" + url)
    if parts.path.startswith("/"):
        if not parts.path.startswith(base_path):
            return f"absolute path outside the site's base {base_path}"
        target = parts.path[len(base_path) :]
    else:
        target = (
            posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
            if parts.path
            else page
        )
        if target == ".":
            target = ""
        if target.startswith(".."):
            return "points above the site root"
    file = _resolve(site, target)
    if file is None:
        return "no such file"
    fragment = unquote(parts.fragment)
    if not fragment or fragment in THEME_FRAGMENTS or file.suffix != ".html":
        return None
    key = file.relative_to(site).as_posix()
    if key in pages and fragment not in pages[key].ids:
        return f"no anchor #{fragment}"
    return None


def _resolve(site: Path, target: str) -> Path | None:
    candidate = site / target
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None
