"""Notebook pages with their output images as files beside them, not inline.

nbconvert writes a notebook's output images into the page as base64 ``data:`` URLs, and the
image viewer's link repeats the URL: a 34 KB plot is 92 KB of the page's HTML, all of it read
before the browser paints. `extract_data_images` gives each image a file, named by its content,
and the page its address, so the text comes first and the image follows in parallel.

An SVG image always gets a file, however small: SVG is a document that may hold scripts, so a
link to a ``data:`` URL of one is something the site's safety check refuses (``check-site``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import re

from PIL import Image, UnidentifiedImageError

#: A base64 image URL in a ``src`` or ``href`` attribute.
_DATA_URL = re.compile(
    r'(?P<attr>\s(?:src|href)=")data:image/(?P<kind>png|jpeg|gif|webp|svg\+xml);base64,'
    r'(?P<data>[^"]+)"'
)
_IMG = re.compile(r"<img\b[^>]*>")
_EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg+xml": "svg"}
#: The root element of an SVG image, and the size it declares in whole pixels.
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>")
_SVG_SIZE = re.compile(rb'\s(width|height)="(\d+)(?:px)?"')

#: Images smaller than this stay inline (SVG aside): a request costs more than their bytes.
MIN_BYTES = 4096


def _svg_size(data: bytes) -> tuple[int, int] | None:
    """The width and height an SVG image declares in pixels, or None where it declares none."""
    root = _SVG_ROOT.search(data)
    if root is None:
        raise ValueError("not an SVG image")
    declared = {k.decode(): int(v) for k, v in _SVG_SIZE.findall(root.group(0))}
    if "width" in declared and "height" in declared:
        return declared["width"], declared["height"]
    return None


def extract_data_images(page_html: str, prefix: str = "output-") -> tuple[str, dict[str, bytes]]:
    """``page_html`` with each inline SVG image, and each other of at least `MIN_BYTES`, replaced
    by a file name.

    Args:
        page_html: A notebook page.
        prefix: The start of each file's name (the rest is a hash of its bytes).

    Returns:
        The page, and the files to write beside it (name -> bytes). An ``<img>`` whose image
        moves to a file gets its ``width`` and ``height``, so nothing below it moves as it
        loads. A URL that is not valid base64 or not an image stays as it was.
    """
    files: dict[str, bytes] = {}
    sizes: dict[str, tuple[int, int]] = {}

    def to_file(match: re.Match[str]) -> str:
        try:
            data = base64.b64decode(match.group("data"), validate=True)
            if match.group("kind") == "svg+xml":
                size = _svg_size(data)
            elif len(data) < MIN_BYTES:
                return match.group(0)
            else:
                with Image.open(io.BytesIO(data)) as image:
                    size = image.size
        except (binascii.Error, ValueError, UnidentifiedImageError, OSError):
            return match.group(0)
        digest = hashlib.sha256(data).hexdigest()[:16]
        name = f"{prefix}{digest}.{_EXTENSIONS[match.group('kind')]}"
        files[name] = data
        if size is not None:
            sizes[name] = size
        return f'{match.group("attr")}{name}"'

    def sized(match: re.Match[str]) -> str:
        tag = match.group(0)
        source = re.search(r'\ssrc="([^"]+)"', tag)
        if not source or source.group(1) not in sizes or re.search(r"\s(?:width|height)=", tag):
            return tag
        width, height = sizes[source.group(1)]
        return f'<img width="{width}" height="{height}"{tag[len("<img") :]}'

    html = _DATA_URL.sub(to_file, page_html)
    return (_IMG.sub(sized, html) if files else html), files
