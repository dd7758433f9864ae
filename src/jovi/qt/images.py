"""Pictures in the console's document: PNG, JPEG and SVG bytes as Qt images, and
``text/latex`` drawn to PNG with matplotlib's mathtext (when matplotlib is there)."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSize
from PySide6.QtGui import QImage, QPainter

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["decode_image", "latex_to_png", "svg_to_image"]


def decode_image(data: str | bytes) -> bytes:
    """The bytes of a PNG or JPEG as a kernel sends it (base64 text)."""
    if isinstance(data, bytes):
        return data
    return base64.b64decode(data)


def svg_to_image(svg: str, size: QSize | None = None) -> QImage:
    """``svg`` drawn at its own size (or ``size``) on a transparent image."""
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415 - only for SVG output

    renderer = QSvgRenderer(QByteArray(svg.encode()))
    target = size if size is not None and size.isValid() else renderer.defaultSize()
    if target.isEmpty():
        target = QSize(400, 300)
    image = QImage(target, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def latex_to_png(latex: str, colour: str = "black", dpi: int = 120) -> bytes | None:
    """``latex`` (math between ``$`` or ``$$``) drawn with matplotlib's mathtext;
    None when matplotlib is missing or cannot draw it."""
    import io  # noqa: PLC0415 - only for LaTeX output

    text = latex.strip().replace("\\displaystyle", "")  # mathtext has no display style
    if (text.startswith("$$") and text.endswith("$$")) or (
        text.startswith(r"\[") and text.endswith(r"\]")
    ):
        text = "$" + text[2:-2].strip() + "$"
    elif not text.startswith("$"):
        text = f"${text}$"
    try:
        from matplotlib import mathtext  # noqa: PLC0415 - matplotlib only when drawn
        from matplotlib.font_manager import FontProperties  # noqa: PLC0415 - matplotlib only when drawn

        buffer = io.BytesIO()
        mathtext.math_to_image(
            text, buffer, prop=FontProperties(size=12), dpi=dpi, format="png", color=colour
        )
    except Exception:  # noqa: BLE001 - mathtext rejects much LaTeX; the text is shown then
        return None
    return buffer.getvalue()


def size_from_metadata(metadata: Mapping[str, Any], mime: str) -> tuple[int | None, int | None]:
    """The width and height an output's metadata asks for (per MIME type or global)."""
    own = metadata.get(mime, {}) if isinstance(metadata.get(mime), dict) else {}

    def number(name: str) -> int | None:
        value = own.get(name, metadata.get(name))
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    return number("width"), number("height")
