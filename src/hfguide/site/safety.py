"""Check a built site for script it should not run: ``hfguide check-site SITE_DIR``.

Hub strings are escaped when pages are rendered; this check looks at the result, so an escaping
slip anywhere (a template, a plugin, a hand-written page) fails the build before deploy. It
fails on

* inline event handlers: any ``on*`` attribute;
* ``javascript:``/``vbscript:`` URLs and ``data:`` documents in any attribute that holds a URL
  (after dropping the white space and control characters browsers ignore in URLs);
* ``<script>`` elements the project did not write: a script loaded from a file must be one of
  `SCRIPT_FILES` in this build; an inline script must be JSON data or one of the
  `INLINE_SCRIPTS` the theme and plugins emit, recognised by a hash of its text;
* ``<iframe>``, ``<object>``, ``<embed>`` and ``<base>``, which the site never uses.

After a theme or plugin upgrade a new inline script shows up as a finding that names its hash:
read it, then add the hash to `INLINE_SCRIPTS` with what it is.
"""

from __future__ import annotations

import fnmatch
import hashlib
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Script files of this build (paths from the site root), ours, vendored or the theme's.
SCRIPT_FILES = (
    "assets/javascripts/*.js",
    "assets/vendor/*/*.js",
    "assets/javascripts/bundle.*.min.js",
)
#: Inline scripts of the theme and plugins: hash of the normalised text (see
#: `inline_script_hash`) → what it is.
INLINE_SCRIPTS = {
    "7eb3684fdacd": "Material: __md_scope and the local-storage helpers (every page)",
    "0eb10c249dbd": "Material: restores the reader's colour palette",
    "68bd907d5321": (
        "hfguide: with no palette stored, the one the reader's system asks for, before the "
        "first paint (overrides/main.html)"
    ),
    "d74bb3b58259": "Material: restores the chosen content tab",
    "ffcc0f7735fd": "Material: opens the content tab named in the address",
    "9ec350103283": "mkdocs-jupyter: clipboard-copy element",
    "97aee2d6b608": "mkdocs-jupyter: copy-button notice",
    "15652011ab55": "mkdocs-jupyter: MathJax configuration (MathJax itself is not loaded)",
    "2ffbac1f17dc": "mkdocs-jupyter: Mermaid (loaded only for a diagram; none here)",
    "f01397d24fc3": "mkdocs-glightbox: starts the image viewer with mkdocs.yml's options",
}
#: Script types that are data, never run by the browser.
DATA_TYPES = {"application/json", "application/ld+json"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base"}
#: Attributes a browser follows or loads as a URL (SVG animations can set one, too).
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "srcset",
    "ping",
    "manifest",
    "codebase",
    "from",
    "to",
    "values",
    "by",
}
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")
_DANGEROUS_URL = re.compile(r"^(?:javascript|vbscript):|^data:(?!image/(?:png|jpeg|gif|webp);)")
#: Material writes the site root into its first inline script; it differs with page depth.
_SCOPE = re.compile(r'new URL\("[^"]*",location\)')


def inline_script_hash(text: str) -> str:
    """A short hash of an inline script's text, with the page's own path normalised away."""
    normal = _SCOPE.sub('new URL("",location)', text.strip())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Finding:
    page: str
    what: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}"


class _Scanner(HTMLParser):
    def __init__(self, page: str, scripts: set[str], base_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.base_path = base_path
        self.scripts = scripts
        self.findings: list[str] = []
        self._inline: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            url = _IGNORED_IN_URLS.sub("", value or "").lower()
            if name.startswith("on"):
                self.findings.append(f"<{tag}> has an inline event handler {name}=")
            elif name in URL_ATTRIBUTES and _DANGEROUS_URL.match(url):
                self.findings.append(f"<{tag} {name}> holds a {url.split(':')[0]}: URL")
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"<{tag}> element")
        if tag == "script":
            values = {k: v or "" for k, v in attrs}
            if "src" in values:
                if not self._own_script(values["src"]):
                    self.findings.append(
                        f"<script src={values['src']!r}> is not a script of this site"
                    )
            else:
                self._inline, self._text = values, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._inline is None:
            return
        kind = self._inline.get("type", "").strip().lower()
        text = "".join(self._text)
        self._inline = None
        if kind in DATA_TYPES:
            return
        digest = inline_script_hash(text)
        if digest not in INLINE_SCRIPTS:
            start = " ".join(text.split())[:60]
            self.findings.append(
                f"inline <script> not written by the project ({digest}: {start!r})"
            )

    def _own_script(self, src: str) -> bool:
        parts = urlsplit(src.strip())
        if parts.scheme or parts.netloc or not parts.path:
            return False
        path = unquote(parts.path)
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return False
            path = path[len(self.base_path) :]
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), path))
        return path in self.scripts and any(fnmatch.fnmatch(path, p) for p in SCRIPT_FILES)


def check_site_safety(site: Path, base_path: str = "/") -> list[Finding]:
    """Every finding in the built site at ``site`` (an empty list for a safe site).

    ``base_path`` is the path the site is served under (``/hfguide/``): absolute script paths
    inside it are this build's."""
    site = site.resolve()
    base_path = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    scripts = {p.relative_to(site).as_posix() for p in site.rglob("*.js")}
    findings: list[Finding] = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        scanner = _Scanner(page, scripts, base_path)
        scanner.feed(path.read_text(encoding="utf-8", errors="replace"))
        scanner.close()
        findings += [Finding(page, what) for what in scanner.findings]
    return findings
