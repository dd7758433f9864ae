"""Image: formats from bytes and suffixes, sizes from headers, retina, embedding, URLs."""

from __future__ import annotations

import base64

import pytest
from tests.display.samples import (
    SVG_ELEMENT,
    SVG_FILE,
    gif,
    jpeg,
    png,
    webp_extended,
    webp_lossless,
)

from jovi.display import Image
from jovi.display.formatters import DisplayFormatter
from jovi.display.images import image_format, image_size
from jovi.errors import DisplayError

TEXT = "<jovi.display.Image object>"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def bundle(obj):
    return DisplayFormatter().format(obj)


@pytest.mark.parametrize(
    ("data", "fmt", "size"),
    [
        (png(4, 2), "png", (4, 2)),
        (png(1, 300), "png", (1, 300)),
        (jpeg(16, 8), "jpeg", (16, 8)),
        (jpeg(640, 480), "jpeg", (640, 480)),
        (gif(4, 2), "gif", (4, 2)),
        (webp_extended(800, 600), "webp", (800, 600)),
        (webp_lossless(33, 17), "webp", (33, 17)),
        (SVG_FILE.encode(), "svg", None),
        (b"BM\x00\x00 not an image we show", None, None),
    ],
    ids=["png", "tall-png", "jpeg", "big-jpeg", "gif", "webp-vp8x", "webp-vp8l", "svg", "bmp"],
)
def test_format_and_size_from_the_bytes(data, fmt, size):
    assert (image_format(data), image_size(data)) == (fmt, size)


def test_a_truncated_jpeg_has_no_size():
    assert image_size(jpeg(16, 8)[:30]) is None


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (png(2, 2), "image/png"),
        (jpeg(8, 8), "image/jpeg"),
        (gif(1, 1), "image/gif"),
        (webp_extended(2, 2), "image/webp"),
    ],
)
def test_embedded_images_are_base64_in_their_mime_type(data, mime):
    assert bundle(Image(data)) == ({mime: b64(data), "text/plain": TEXT}, {})


def test_svg_images_are_text():
    assert bundle(Image(SVG_FILE.encode())) == (
        {"image/svg+xml": SVG_ELEMENT, "text/plain": TEXT},
        {},
    )
    assert bundle(Image(SVG_FILE)) == ({"image/svg+xml": SVG_ELEMENT, "text/plain": TEXT}, {})


@pytest.mark.parametrize(
    ("data", "mime", "shown"),
    [
        (png(40, 20), "image/png", {"width": 20, "height": 10}),
        (jpeg(640, 480), "image/jpeg", {"width": 320, "height": 240}),
        (gif(9, 5), "image/gif", {"width": 4, "height": 2}),
        (webp_lossless(100, 50), "image/webp", {"width": 50, "height": 25}),
    ],
)
def test_retina_halves_the_size_read_from_the_header(data, mime, shown):
    image = Image(data, retina=True)
    assert bundle(image) == ({mime: b64(data), "text/plain": TEXT}, {mime: shown})
    assert (image.width, image.height) == (shown["width"], shown["height"])


def test_retina_gives_way_to_a_size_given():
    data = png(40, 20)
    assert bundle(Image(data, retina=True, width=30))[1] == {"image/png": {"width": 30}}


def test_retina_on_an_svg_is_an_error():
    with pytest.raises(DisplayError) as caught:
        Image(SVG_FILE, retina=True)
    assert str(caught.value) == (
        "retina=True needs the size of the image, which jovi reads only from "
        "PNG, JPEG, GIF and WebP data"
    )


def test_size_metadata_and_its_html_form():
    data = png(3, 3)
    image = Image(data, width=100, height="50", unconfined=True, alt="a dot", metadata={"k": 1})
    assert bundle(image) == (
        {"image/png": b64(data), "text/plain": TEXT},
        {"image/png": {"width": 100, "height": "50", "unconfined": True, "alt": "a dot", "k": 1}},
    )


def test_repr_png_and_jpeg_give_the_raw_bytes():
    data = png(2, 2)
    assert Image(data)._repr_png_() == data
    assert Image(data)._repr_jpeg_() is None
    assert Image(data, width=5)._repr_png_() == (data, {"width": 5})
    assert Image(jpeg(8, 8))._repr_jpeg_() == jpeg(8, 8)


@pytest.mark.parametrize("fmt", ["png", "PNG", "image/png", ".png"])
def test_format_names(fmt):
    assert Image(b"raw pixels", format=fmt).format == "png"


def test_an_unknown_format_is_one_sentence():
    with pytest.raises(DisplayError) as caught:
        Image(b"raw pixels", format="bmp")
    assert (
        str(caught.value)
        == "jovi cannot show images of format 'bmp': use png, jpeg, gif, webp or svg"
    )


def test_data_of_an_unrecognised_format_is_one_sentence():
    with pytest.raises(DisplayError) as caught:
        Image(b"BM\x00\x00 a bitmap")
    assert str(caught.value) == (
        "jovi cannot tell the format of this image: give format='png', 'jpeg', 'gif', "
        "'webp' or 'svg'"
    )


def test_an_image_needs_something():
    with pytest.raises(DisplayError, match=r"^an Image needs data, a filename or a url$"):
        Image()


# ---------------------------------------------------------------- files


def test_files_are_embedded(tmp_path):
    path = tmp_path / "dot.gif"
    path.write_bytes(gif(2, 2))
    for image in (Image(filename=path), Image(str(path)), Image(path)):
        assert bundle(image) == ({"image/gif": b64(gif(2, 2)), "text/plain": TEXT}, {})


def test_the_suffix_tells_the_format_when_the_bytes_do_not(tmp_path):
    path = tmp_path / "odd.JPG"
    path.write_bytes(b"not really a jpeg")
    assert Image(filename=path).format == "jpeg"


def test_files_shown_by_reference(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plot.png").write_bytes(png(2, 2))
    image = Image(filename="plot.png", embed=False, width=10, alt='"quoted"')
    assert bundle(image) == (
        {
            "text/html": '<img src="plot.png" width="10" alt="&quot;quoted&quot;"/>',
            "text/plain": TEXT,
        },
        {},
    )


def test_a_missing_file_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DisplayError) as caught:
        Image("missing.png")
    assert str(caught.value) == "cannot read 'missing.png': No such file or directory"


# ---------------------------------------------------------------- URLs


@pytest.mark.integration
def test_urls_are_shown_by_reference_and_never_fetched(server):
    server.pages["/cat.png"] = (png(2, 2), "image/png")
    image = Image(url=server.url("/cat.png"), width=64, unconfined=True)
    assert bundle(image) == (
        {
            "text/html": f'<img src="{server.url("/cat.png")}" width="64" class="unconfined"/>',
            "text/plain": TEXT,
        },
        {},
    )
    assert image.format == "png"
    assert server.requests == []


@pytest.mark.integration
def test_urls_to_embed_are_fetched_when_shown(server):
    server.pages["/photo"] = (jpeg(32, 16), "image/jpeg")
    image = Image(url=server.url("/photo"), embed=True, retina=True)
    assert server.requests == []
    assert bundle(image) == (
        {"image/jpeg": b64(jpeg(32, 16)), "text/plain": TEXT},
        {"image/jpeg": {"width": 16, "height": 8}},
    )
    assert server.requests == ["/photo"]


@pytest.mark.integration
def test_reload_fetches_an_image_again(server):
    server.pages["/live.png"] = (png(1, 1), "image/png")
    image = Image(url=server.url("/live.png"), embed=True)
    image.reload()
    server.pages["/live.png"] = (png(2, 2), "image/png")
    image.reload()
    assert image.data == png(2, 2)
    assert server.requests == ["/live.png", "/live.png"]


@pytest.mark.parametrize(
    ("url", "fmt"),
    [
        ("https://example.org/a.PNG?size=2#top", "png"),
        ("https://example.org/photo.jpg", "jpeg"),
        ("https://example.org/image", None),
        ("https://example.org/dir.png/image?x.gif", None),
    ],
)
def test_the_url_path_suffix_tells_the_format(url, fmt):
    assert Image(url=url).format == fmt
