"""Notebook output images moved out of the page into files (``notebook_images``)."""

from __future__ import annotations

import base64
import io
import os

from PIL import Image

from hfguide.site.notebook_images import MIN_BYTES, extract_data_images


def png(width: int, height: int, noise: bool = True) -> bytes:
    """A PNG; with noise, one too big to stay inline."""
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    if not noise:
        image = Image.new("RGB", (width, height), "white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def data_url(data: bytes, kind: str = "png") -> str:
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


def test_an_output_image_and_its_viewer_link_point_to_one_file_and_the_img_gets_its_size():
    plot = png(64, 40)
    assert len(plot) >= MIN_BYTES
    url = data_url(plot)
    html = (
        f'<a class="glightbox" href="{url}"><img alt="a plot" class="" src="{url}"/></a>'
        f'<img src="{url}" width="10"/>'
    )
    out, files = extract_data_images(html)
    ((name, data),) = files.items()
    assert data == plot and name.startswith("output-") and name.endswith(".png")
    assert out == (
        f'<a class="glightbox" href="{name}">'
        f'<img width="64" height="40" alt="a plot" class="" src="{name}"/></a>'
        f'<img src="{name}" width="10"/>'  # a size it has is left alone
    )


def test_small_broken_and_foreign_urls_stay_inline():
    small = data_url(png(2, 2, noise=False))
    broken = "data:image/png;base64,not*base64"
    not_an_image = data_url(b"x" * MIN_BYTES)
    svg = "data:image/svg+xml;base64," + base64.b64encode(b"<svg/>" * 1000).decode()
    html = "".join(f'<img src="{url}"/>' for url in (small, broken, not_an_image, svg))
    assert extract_data_images(html) == (html, {})


def test_a_page_without_images_is_unchanged():
    html = '<p class="x">no images</p><img src="plot.png"/>'
    assert extract_data_images(html) == (html, {})
