"""Saving the console: HTML with pictures inline (data URIs) or in a folder beside
the file, and XHTML with SVG pictures inline.

The text and its colours come from Qt's HTML of the document; the pictures from the
bytes the kernel sent (kept by the rich console), so nothing is drawn twice.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

    from PySide6.QtGui import QTextDocument

__all__ = ["export_document", "image_names"]

_IMG: Final = re.compile(r'<img\s+src="([^"]+)"([^>]*?)\s*/?>')
_DOCTYPE: Final = re.compile(r"<!DOCTYPE[^>]*>\s*")
_XHTML_HEAD: Final = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
    '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
)
_XML_DECLARATION: Final = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*")


def image_names(document: QTextDocument) -> list[str]:
    """The resource names of the pictures in ``document``, in order."""
    names = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat():
                names.append(char_format.toImageFormat().name())
            iterator += 1
        block = block.next()
    return names


def export_document(
    document: QTextDocument,
    images: Mapping[str, tuple[str, bytes]],
    path: str | None = None,
    *,
    inline: bool = True,
    xhtml: bool = False,
) -> str:
    """``document`` as HTML or XHTML (see the module); also written to ``path``.

    Raises:
        ValueError: external pictures asked for without a ``path`` to put them beside.
    """
    text = document.toHtml()
    folder: Path | None = None
    if not inline and not xhtml:
        if path is None:
            raise ValueError("pictures in files need the path of the HTML file")
        folder = Path(path).with_name(Path(path).stem + "_files")
        folder.mkdir(parents=True, exist_ok=True)

    def picture(match: re.Match[str]) -> str:
        name, rest = match.group(1), match.group(2)
        found = images.get(name)
        if found is None:
            return match.group(0)
        mime, raw = found
        if xhtml and mime == "image/svg+xml":
            return _XML_DECLARATION.sub("", raw.decode())
        if folder is not None:
            (folder / name).write_bytes(raw)
            return f'<img src="{html.escape(folder.name + "/" + name)}"{rest} />'
        encoded = base64.b64encode(raw).decode()
        return f'<img src="data:{mime};base64,{encoded}"{rest} />'

    text = _IMG.sub(picture, text)
    if xhtml:
        text = _as_xhtml(text)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _as_xhtml(text: str) -> str:
    """Qt's HTML made well-formed XML: the XHTML doctype and namespace, no named entities."""
    text = _DOCTYPE.sub("", text)
    text = text.replace("<html>", '<html xmlns="http://www.w3.org/1999/xhtml">', 1)
    text = text.replace("&nbsp;", "&#160;")
    text = re.sub(r"<(meta|br|hr|img)([^>]*?)(?<!/)>", r"<\1\2 />", text)
    return _XHTML_HEAD + text
