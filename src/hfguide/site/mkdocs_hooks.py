"""MkDocs hooks: the generated pages of `hfguide.pages.build`, added to the build.

Wired in ``mkdocs.yml`` under ``hooks:``. Data comes from
[`load_hub_data`][hfguide.data.source.load_hub_data] (live Hub when reachable, else the
committed snapshot), once per build. The hooks only load the data, hand it to the page build and
put its output where MkDocs wants it.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from PIL import Image

from hfguide import pages
from hfguide.core.settings import Settings, SettingsError, redact, secrets_from_env
from hfguide.data import model_configs
from hfguide.data.hub_models import HubData
from hfguide.data.provenance import SnapshotError
from hfguide.data.source import load_hub_data, load_leaderboard
from hfguide.hub.client import HubClient
from hfguide.site import palette, reference, search
from hfguide.site.notebook_css import prune_notebook_css
from hfguide.site.notebook_images import extract_data_images

log = logging.getLogger("mkdocs.plugins.hfguide")
_state: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    try:
        settings = Settings.from_env()
        client = (
            None if settings.offline or settings.force_snapshot else HubClient(settings=settings)
        )
        data: HubData = load_hub_data(settings.snapshot_path, client=client, settings=settings)
        board = load_leaderboard(settings.leaderboard_path, client=client, settings=settings)
        configs = model_configs.read(settings.configs_path)
    except (SnapshotError, SettingsError) as err:
        raise PluginError(redact(err, *secrets_from_env())) from None
    docs = Path(config["docs_dir"])
    hand_written = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    try:
        site = pages.build(
            data, board, configs, hand_written=hand_written, hub_endpoint=settings.browser_hub
        )
    except pages.PageCollision as err:
        raise PluginError(str(err)) from None
    _state["site"] = site
    _state.pop("site_css", None)  # read again on each build: `mkdocs serve` rebuilds after edits
    for what, loaded in (("Hub tables", data), ("leaderboard", board)):
        if loaded.source == "snapshot":
            log.info(
                "hfguide: %s from the snapshot of %s (%s)",
                what,
                loaded.created_at[:10],
                settings.redact(loaded.note),
            )
        else:
            log.info("hfguide: %s live from %s", what, settings.redact(loaded.endpoint))
    if site.banner:
        config.extra["hfguide_banner"] = site.banner
    else:
        config.extra.pop("hfguide_banner", None)
    _insert_model_nav(config["nav"], site.nav)
    return config


def _insert_model_nav(nav: list[Any] | None, entries: list[dict[str, Any]]) -> None:
    """Replace the ``Models`` section of the nav by its index plus the generated pages."""
    if not nav:
        return
    for item in nav:
        if isinstance(item, dict) and "Models" in item:
            item["Models"] = ["models/index.md", *entries]
            return
    raise PluginError("mkdocs.yml nav needs a 'Models' section for the generated model pages")


def on_files(files: Files, config: Any) -> Files:
    for src_uri, content in _state["site"].files.items():
        files.append(File.generated(config, src_uri, content=content))
    return reference.add_reference(files, config)


_IMG = re.compile(r'<img (?![^>]*\bwidth=)([^>]*?)src="([^"#?]+\.(?:png|jpe?g|webp))([#?][^"]*)?"')


# Scripts a page loads only when its content needs them (a marker in the page's HTML), so the
# other pages stay light. ``overrides/main.html`` writes them after the theme's bundle.
PAGE_SCRIPTS = (
    (
        'class="hfguide-table"',
        (
            "assets/vendor/tablesort/tablesort.min.js",
            "assets/vendor/tablesort/tablesort.number.min.js",
            "assets/javascripts/tables.js",
        ),
    ),
    (
        'id="lb-explorer"',
        (
            "assets/javascripts/memory.js",
            "assets/javascripts/query.js",
            "assets/javascripts/hub.js",
            "assets/javascripts/explorer.js",
            "assets/javascripts/terms.js",
            "assets/javascripts/calculator.js",
        ),
    ),
    (
        'id="finder"',
        (  # query.js runs in the finder's worker (finder-worker.js), which loads it itself
            "assets/javascripts/memory.js",
            "assets/javascripts/hub.js",
            "assets/javascripts/terms.js",
            "assets/javascripts/finder.js",
        ),
    ),
)


def page_scripts(html: str) -> list[str]:
    return [script for marker, scripts in PAGE_SCRIPTS if marker in html for script in scripts]


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Give local raster images their pixel size, so the page does not jump as they load; open
    a screenshot linked to itself in the image viewer (glightbox: full size, zoomable) and show
    its phone crop on a phone; note which of our scripts the page needs."""
    page.meta["hfguide_scripts"] = page_scripts(html)

    def sized(match: re.Match[str]) -> str:
        target = posixpath.normpath(
            posixpath.join(posixpath.dirname(page.url.rstrip("/") + "/x"), match.group(2))
        )
        source = Path(config["docs_dir"]) / target
        if not source.is_file():
            return match.group(0)
        with Image.open(source) as image:
            width, height = image.size
        src = f"{match.group(2)}{match.group(3) or ''}"
        return f'<img width="{width}" height="{height}" {match.group(1)}src="{src}"'

    def zoomable(match: re.Match[str]) -> str:
        href, scheme = match.group("href"), match.group("scheme")
        # off-glb: the viewer's plugin leaves this image alone (it is in a <picture>, not
        # straight in the link the plugin would otherwise wrap it in).
        shown = f'<img class="off-glb" {match.group("img")} />'
        crop = posixpath.normpath(
            posixpath.join(posixpath.dirname(page.url.rstrip("/") + "/x"), phone_name(href))
        )
        source = Path(config["docs_dir"]) / crop
        if source.is_file():
            with Image.open(source) as image:
                width, height = image.size
            shown = (
                f'<picture><source media="{PHONE_MEDIA}" srcset="{phone_name(href)}" '
                f'width="{width}" height="{height}" />{shown}</picture>'
            )
        return (
            f'<a class="glightbox" href="{href}" data-type="image" data-width="auto" '
            f'data-height="auto" data-gallery="{scheme or "screenshots"}">{shown}</a>'
        )

    return _SCREENSHOT.sub(zoomable, _IMG.sub(sized, html))


#: The screens that show a screenshot's phone crop (``x-light-phone.png`` beside ``x-light.png``,
#: from ``scripts/screenshots.py``) in its place: a phone's, where the whole shot, 1,100 px across,
#: would shrink its text below 4 px.
PHONE_MEDIA = "(max-width: 600px)"

#: A screenshot linked to itself (``[![alt](x.png#only-light)](x.png)``), as Markdown writes it
#: once ``_IMG`` has sized it.
_SCREENSHOT = re.compile(
    r'<a href="(?P<href>[^"]*assets/screenshots/[\w-]+\.png)">'
    r'<img (?P<img>[^>]*src="(?P=href)(?:#only-(?P<scheme>light|dark))?")\s*/?></a>'
)


def phone_name(name: str) -> str:
    """A screenshot's phone crop: ``a-light.png`` -> ``a-light-phone.png``."""
    return name.removesuffix(".png") + "-phone.png"


def on_page_context(context: dict[str, Any], page: Any, config: Any, nav: Any) -> dict[str, Any]:
    """Notebook pages take their description from the notebook's metadata, as Markdown pages
    take it from their front matter."""
    if page.file.src_uri.endswith(".ipynb") and not page.meta.get("description"):
        notebook = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
        description = notebook.get("metadata", {}).get("description")
        if description:
            page.meta["description"] = description
    return context


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Drop the empty MathJax loader mkdocs-jupyter writes when no MathJax URL is configured (we
    configure none so that no page loads from a CDN; the notebooks have no formulas); load the
    image viewer only where a page has an image for it, and then without blocking the page;
    cut a notebook page's inline JupyterLab CSS down to what can apply to it and move its
    output images into files beside it."""
    output = lightbox_where_needed(output.replace('<script src=""> </script>', ""))
    if page.file.src_uri.endswith(".ipynb"):
        output, images = extract_data_images(prune_notebook_css(output, _site_css(config)))
        folder = Path(page.file.abs_dest_path).parent
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in images.items():
            (folder / name).write_bytes(data)
    return output


def _site_css(config: Any) -> str:
    """The text of every style sheet the theme and ``extra_css`` give a page (read once)."""
    if "site_css" not in _state:
        sheets = [Path(config["docs_dir"]) / path for path in config["extra_css"]]
        for folder in config["theme"].dirs:
            sheets += sorted(Path(folder).glob("assets/stylesheets/**/*.css"))
        _state["site_css"] = "\n".join(
            sheet.read_text(encoding="utf-8") for sheet in sheets if sheet.is_file()
        )
    return _state["site_css"]


#: What the glightbox plugin writes into every page: its style sheet, its script (in the head,
#: where it would hold up the page's first paint), its style fixes and the call that starts it.
_LIGHTBOX_PARTS = (
    re.compile(r'<link href="[^"]*assets/stylesheets/glightbox\.min\.css" rel="stylesheet">'),
    re.compile(r'<script src="[^"]*assets/javascripts/glightbox\.min\.js"></script>'),
    re.compile(r'<style id="glightbox-style">.*?</style>', re.DOTALL),
    re.compile(r'<script id="init-glightbox">.*?</script>', re.DOTALL),
)


def lightbox_where_needed(html: str) -> str:
    """``html`` without the image viewer when nothing on it opens in the viewer; with it, its
    script deferred and started once the page is parsed (deferred scripts have run by then)."""
    if 'class="glightbox"' not in html:
        for part in _LIGHTBOX_PARTS:
            html = part.sub("", html)
        return html
    html = _LIGHTBOX_PARTS[1].sub(lambda m: m.group(0).replace("<script ", "<script defer "), html)
    return _LIGHTBOX_PARTS[3].sub(
        lambda m: (
            m.group(0)
            .replace(">", '>document.addEventListener("DOMContentLoaded", () => {\n', 1)
            .replace("</script>", "});\n</script>")
        ),
        html,
    )


def fill_markers(site: pages.Site, markdown: str) -> str:
    """A hand-written page with its markers (``<!-- hfguide:... -->``) filled: the package map
    from the source tree (``reference``), the others from the build's data (``pages``)."""
    return site.expand_markers(reference.fill_package_map(markdown))


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Fill the data markers of hand-written pages (``fill_markers``)."""
    try:
        return fill_markers(_state["site"], markdown)
    except ValueError as err:
        raise PluginError(f"{page.file.src_uri}: {err}") from None


@event_priority(-100)  # after the search plugin has written its index
def on_post_build(config: Any) -> None:
    """Tune the search index for readers' words (``hfguide.site.search``); drop the theme's
    palette rule that restyles every page as it loads (``hfguide.site.palette``)."""
    try:
        search.tune_site(Path(config["site_dir"]))
        palette.drop_switching_rule(Path(config["site_dir"]))
    except ValueError as err:
        raise PluginError(str(err)) from None
