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
    not_an_svg = data_url(b"<html>" * 1000, "svg+xml")
    foreign = "data:image/tiff;base64," + base64.b64encode(b"II*\x00" * 2000).decode()
    html = "".join(
        f'<img src="{url}"/>' for url in (small, broken, not_an_image, not_an_svg, foreign)
    )
    assert extract_data_images(html) == (html, {})


def test_an_svg_image_of_any_size_becomes_a_file_sized_as_it_declares():
    """A link to an SVG ``data:`` URL is one the site's safety check refuses, so every SVG image
    leaves the page, however small."""
    plot = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 400" width="640" height="400"/>'
    )
    bare = b'<svg viewBox="0 0 10 10"><rect/></svg>'
    html = "".join(
        f'<a href="{data_url(svg, "svg+xml")}"><img src="{data_url(svg, "svg+xml")}"/></a>'
        for svg in (plot, bare)
    )
    out, files = extract_data_images(html)
    assert sorted(files.values()) == sorted([plot, bare])
    names = {data: name for name, data in files.items()}
    assert all(name.endswith(".svg") for name in names.values())
    assert out == (
        f'<a href="{names[plot]}"><img width="640" height="400" src="{names[plot]}"/></a>'
        f'<a href="{names[bare]}"><img src="{names[bare]}"/></a>'  # no size declared, none given
    )


def test_a_page_without_images_is_unchanged():
    html = '<p class="x">no images</p><img src="plot.png"/>'
    assert extract_data_images(html) == (html, {})
