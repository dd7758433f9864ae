"""Images: ``Image`` and what it reads from image data (the format, the size).

``Image(data=png_bytes)``, ``Image(filename="plot.png")`` and
``Image(url="https://...")`` show an image.  Data and files are embedded in the
bundle (``image/png`` and friends, base64-encoded); a URL is shown by reference, as
an ``<img>`` tag, unless ``embed=True`` asks for it to be fetched and embedded.

The format is found from the data's first bytes (PNG, JPEG, GIF, WebP, SVG) or the
file or URL suffix.  ``retina=True`` shows the image at half its pixel size, for
images drawn at twice the resolution of the screen; the size is read from the
image's header.
"""

from __future__ import annotations

import base64
import html
import struct
from typing import TYPE_CHECKING, Any

from jovi.display.objects import (
    DisplayObject,
    resolve_reference,
    resolve_source,
    svg_element,
)
from jovi.errors import DisplayError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

__all__ = ["IMAGE_FORMATS", "Image", "image_format", "image_size"]

IMAGE_FORMATS: dict[str, str] = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
}
"""The image formats jovi shows, and their MIME types."""

_FORMAT_NAMES = {
    **{name: name for name in IMAGE_FORMATS},
    **{mime: name for name, mime in IMAGE_FORMATS.items()},
    "jpg": "jpeg",
    "jpe": "jpeg",
    "svg+xml": "svg",
}

# JPEG start-of-frame markers (they carry the size): C0-CF except DHT, JPG and DAC.
_JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers that stand alone, without a length: TEM, RST0-7, SOI, EOI.
_JPEG_STANDALONE_MARKERS = frozenset({0x01, *range(0xD0, 0xDA)})


def image_format(data: bytes | str) -> str | None:
    """The format of image ``data`` from its first bytes (``"png"``, ``"jpeg"``...)."""
    if isinstance(data, str):
        return "svg" if svg_element(data[:65536]) is not None else None
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:65536].lstrip()
    if head.startswith(b"<") and svg_element(head.decode("utf-8", errors="replace")):
        return "svg"
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 4 <= len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker == 0xFF:  # fill byte
            index += 1
            continue
        if marker in _JPEG_STANDALONE_MARKERS:
            index += 2
            continue
        if marker in _JPEG_FRAME_MARKERS:
            if index + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        index += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        (bits,) = struct.unpack("<I", data[21:25])
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    return None


def image_size(data: bytes, fmt: str | None = None) -> tuple[int, int] | None:
    """``(width, height)`` in pixels from the header of PNG, JPEG, GIF or WebP data."""
    fmt = fmt or image_format(data)
    if fmt == "png" and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if fmt == "gif" and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if fmt == "jpeg":
        return _jpeg_size(data)
    if fmt == "webp":
        return _webp_size(data)
    return None


def _format_name(fmt: str) -> str:
    name = _FORMAT_NAMES.get(fmt.lower().lstrip("."))
    if name is None:
        raise DisplayError(
            f"jovi cannot show images of format {fmt!r}: use png, jpeg, gif, webp or svg"
        )
    return name


class Image(DisplayObject):
    """An image: PNG, JPEG, GIF, WebP or SVG.

    Args:
        data: The image's bytes (or SVG text); a string is taken as a URL or a file.
        url: The image's URL: shown by reference unless ``embed=True``.
        filename: An image file (embedded unless ``embed=False``).
        format: ``"png"``, ``"jpeg"`` (``"jpg"``), ``"gif"``, ``"webp"`` or ``"svg"``;
            found from the data or the suffix when not given.
        embed: Put the image's data in the output (default: unless it is a URL).
        width: The width to show the image at (pixels).
        height: The height to show the image at (pixels).
        retina: Show the image at half its pixel size (its size is read from the
            header), unless ``width`` or ``height`` is given.
        unconfined: Let the image be wider than the output area.
        metadata: More metadata for the image's MIME type.
        alt: The text shown instead of the image, and read out by screen readers.

    Raises:
        DisplayError: The format is not one jovi shows, or cannot be found; the file
            cannot be read; ``retina`` on an image whose size cannot be read.
    """

    binary = True

    def __init__(  # noqa: PLR0917 - the positional order users know from IPython
        self,
        data: bytes | str | os.PathLike[str] | None = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        format: str | None = None,  # noqa: A002 - the name users know
        embed: bool | None = None,
        width: int | str | None = None,
        height: int | str | None = None,
        retina: bool = False,
        unconfined: bool = False,
        metadata: dict[str, Any] | None = None,
        alt: str | None = None,
    ) -> None:
        if isinstance(data, str) and data.lstrip().startswith("<"):
            data, url, filename = resolve_source(data, url, filename)  # SVG text
        else:
            data, url, filename = resolve_reference(data, url, filename)
        if data is None and url is None and filename is None:
            raise DisplayError("an Image needs data, a filename or a url")
        # Data can only be shown embedded; files and URLs either way.
        self.embed = data is not None or (embed if embed is not None else url is None)
        self._declared_format = _format_name(format) if format else None
        self.format = self._declared_format
        self.width = width
        self.height = height
        self.retina = retina
        self.unconfined = unconfined
        self.alt = alt
        super().__init__(data, url, filename, metadata)
        if self.format is None:
            self.format = self._suffix_format()
        if self.embed and self._data is not None:
            self._check_embeddable()

    def _suffix_format(self) -> str | None:
        return _FORMAT_NAMES.get(self.source_suffix().lstrip("."))

    def _reads_source(self) -> bool:
        return self.embed

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.encode("utf-8")
        if not isinstance(value, bytes | bytearray | memoryview):
            raise DisplayError(f"Image data must be bytes, not a {type(value).__name__} object")
        data = bytes(value)
        self.format = self._declared_format or image_format(data) or self._suffix_format()
        return data

    def _check_embeddable(self) -> None:
        if self.format is None:
            raise DisplayError(
                "jovi cannot tell the format of this image: give format='png', 'jpeg', "
                "'gif', 'webp' or 'svg'"
            )
        if self.retina and self.width is None and self.height is None:
            size = image_size(self._data, self.format)
            if size is None:
                raise DisplayError(
                    "retina=True needs the size of the image, which jovi reads only from "
                    "PNG, JPEG, GIF and WebP data"
                )
            self.width, self.height = size[0] // 2, size[1] // 2

    @property
    def mimetype(self) -> str | None:
        """The MIME type of the image, when its format is known."""
        return IMAGE_FORMATS[self.format] if self.format else None

    def _image_metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = {}
        if self.width is not None:
            metadata["width"] = self.width
        if self.height is not None:
            metadata["height"] = self.height
        if self.unconfined:
            metadata["unconfined"] = True
        if self.alt:
            metadata["alt"] = self.alt
        return {**metadata, **self.metadata}

    def _embedded(self) -> tuple[str, Any]:
        """The MIME type and the bundle value of the embedded image."""
        data = self.data
        if data is None:
            raise DisplayError("this Image has no data to embed")
        self._check_embeddable()
        mime = IMAGE_FORMATS[str(self.format)]
        if self.format == "svg":
            return mime, svg_element(data.decode("utf-8", errors="replace")) or ""
        return mime, base64.b64encode(data).decode("ascii")

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        if not self.embed:
            return self._select({"text/html": self._img_tag()}, {}, include, exclude)
        mime, value = self._embedded()
        metadata = self._image_metadata()
        return self._select({mime: value}, {mime: metadata} if metadata else {}, include, exclude)

    def _img_tag(self) -> str:
        source = self.url if self.url is not None else self.filename or ""
        attributes = [f'src="{html.escape(source)}"']
        if self.width is not None:
            attributes.append(f'width="{html.escape(str(self.width))}"')
        if self.height is not None:
            attributes.append(f'height="{html.escape(str(self.height))}"')
        if self.unconfined:
            attributes.append('class="unconfined"')
        if self.alt:
            attributes.append(f'alt="{html.escape(self.alt)}"')
        return f"<img {' '.join(attributes)}/>"

    def _repr_html_(self) -> str | None:
        return None if self.embed else self._img_tag()

    def _raw(self, fmt: str) -> Any:
        if not self.embed or self.format != fmt:
            return None
        metadata = self._image_metadata()
        return (self.data, metadata) if metadata else self.data

    def _repr_png_(self) -> Any:
        return self._raw("png")

    def _repr_jpeg_(self) -> Any:
        return self._raw("jpeg")
