"""The rich console: pictures inline, ``text/latex`` drawn, and saving as HTML.

:class:`RichJupyterWidget` is what ``jovi qtconsole`` shows and what other Qt
programs embed (qtconsole's name and API: ``kernel_manager``, ``kernel_client``,
``execute()``, ``export_html()``).  Outputs are shown in this order of preference:
SVG, PNG, JPEG, LaTeX (drawn with matplotlib's mathtext), plain text; ``width`` and
``height`` in an output's metadata size its picture.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSize, Qt, QUrl
from PySide6.QtGui import QImage, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from jovi.qt.images import decode_image, latex_to_png, size_from_metadata, svg_to_image
from jovi.qt.jupyter_widget import JupyterWidget

__all__ = ["RichJupyterWidget"]

_counter = itertools.count(1)


class RichJupyterWidget(JupyterWidget):
    """A console of a Jupyter kernel that shows pictures and saves and prints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.images: dict[str, tuple[str, bytes]] = {}
        """The pictures shown, by resource name: (MIME type, PNG/JPEG bytes or SVG text)."""
        self.control.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.control.customContextMenuRequested.connect(self._context_menu)

    def image_at(self, point: QPoint) -> str | None:
        """The name of the picture at ``point`` of the text area, if there is one."""
        cursor = self.control.cursorForPosition(point)
        for step in (QTextCursor.MoveOperation.NoMove, QTextCursor.MoveOperation.NextCharacter):
            probe = QTextCursor(cursor)
            probe.movePosition(step)
            char_format = probe.charFormat()
            if char_format.isImageFormat() and char_format.toImageFormat().name() in self.images:
                return char_format.toImageFormat().name()
        return None

    def context_menu(self, point: QPoint) -> QMenu:
        """The menu at ``point``: Copy, Paste, Select All; on a picture also Copy Image
        and Save Image As, and for SVG Copy SVG and Save SVG As."""
        menu = self.control.createStandardContextMenu(point)
        name = self.image_at(point)
        if name is not None:
            menu.addSeparator()
            menu.addAction(
                "Copy Image", lambda: QApplication.clipboard().setImage(self.image(name))
            )
            menu.addAction("Save Image As...", lambda: self._save_image(name))
            if self.images[name][0] == "image/svg+xml":
                svg = self.images[name][1].decode()
                menu.addAction("Copy SVG", lambda: QApplication.clipboard().setText(svg))
                menu.addAction("Save SVG As...", lambda: self._save_svg(name))
        return menu

    def _context_menu(self, point: QPoint) -> None:
        self.context_menu(point).exec(self.control.mapToGlobal(point))

    def _save_image(self, name: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save Image", "image.png", "PNG (*.png)")
        if path:
            self.image(name).save(path, b"PNG")

    def _save_svg(self, name: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save SVG", "image.svg", "SVG (*.svg)")
        if path:
            Path(path).write_bytes(self.images[name][1])

    def show_output(self, kind: str, message: dict[str, Any]) -> None:
        if kind in {"display_data", "execute_result", "update_display_data"}:
            content = message["content"]
            data = content.get("data", {})
            metadata = content.get("metadata", {})
            if self._show_picture(data, metadata, kind, content):
                return
        super().show_output(kind, message)

    def _show_picture(
        self, data: dict[str, Any], metadata: dict[str, Any], kind: str, content: dict[str, Any]
    ) -> bool:
        for mime in ("image/svg+xml", "image/png", "image/jpeg", "text/latex"):
            if mime not in data:
                continue
            payload = data[mime]
            if mime == "text/latex":
                png = latex_to_png(str(payload), self.palette_.foreground)
                if png is None:
                    return False
                mime, raw = "image/png", png
            elif mime == "image/svg+xml":
                raw = (payload if isinstance(payload, str) else "\n".join(payload)).encode()
            else:
                raw = decode_image(
                    payload if isinstance(payload, (str, bytes)) else "".join(payload)
                )
            width, height = size_from_metadata(metadata, mime)
            self.cancel_wait()
            if kind == "execute_result":
                self.append_prompt_text(
                    self.settings.out_prompt.replace("%i", str(content.get("execution_count", "")))
                )
                self.append_plain("\n")
            self.append_later(
                lambda cursor, m=mime, r=raw, w=width, h=height: self.insert_image(
                    cursor, m, r, w, h
                )
            )
            return True
        return False

    def insert_image(
        self,
        cursor: QTextCursor,
        mime: str,
        raw: bytes,
        width: int | None = None,
        height: int | None = None,
    ) -> str:
        """Put a picture at ``cursor`` and return its resource name."""
        if mime == "image/svg+xml":
            requested = QSize(width or -1, height or -1)
            image = svg_to_image(raw.decode(), requested if width and height else None)
        else:
            image = QImage.fromData(raw)
        name = f"image-{next(_counter)}.{ {'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg'}[mime] }"
        self.images[name] = (mime, raw)
        self.control.document().addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(name), image
        )
        image_format = QTextImageFormat()
        image_format.setName(name)
        if width:
            image_format.setWidth(width)
        if height:
            image_format.setHeight(height)
        if width and not height and image.width():
            image_format.setHeight(image.height() * width / image.width())
        if height and not width and image.height():
            image_format.setWidth(image.width() * height / image.height())
        cursor.insertImage(image_format)
        cursor.insertBlock()
        cursor.block().setUserState(-1)
        return name

    def output_trimmed(self) -> None:
        if self.images:
            shown = set(self.image_names())
            for name in [name for name in self.images if name not in shown]:
                del self.images[name]

    def image(self, name: str) -> QImage:
        """The picture shown as ``name``."""
        found = self.control.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(name)
        )
        return found if isinstance(found, QImage) else QImage()

    def image_names(self) -> list[str]:
        """The names of the pictures in the document, in order."""
        from jovi.qt.export import image_names  # noqa: PLC0415 - a module of this one's

        return image_names(self.control.document())

    def export_html(
        self, path: str | None = None, *, inline: bool = True, xhtml: bool = False
    ) -> str:
        """The console as HTML (pictures inline as data URIs, or files in a folder
        beside ``path``), or as XHTML with SVG pictures inline; written to ``path`` if given."""
        from jovi.qt.export import export_document  # noqa: PLC0415 - a module of this one's

        return export_document(
            self.control.document(), self.images, path, inline=inline, xhtml=xhtml
        )

    def print_to_pdf(self, path: str) -> None:
        """Print the console to a PDF file."""
        from PySide6.QtPrintSupport import QPrinter  # noqa: PLC0415 - only when printing

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        self.control.document().print_(printer)
