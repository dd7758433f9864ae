"""Pictures and LaTeX in the document, matplotlib's inline figures, saving as HTML
and XHTML, printing to PDF."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from tests.qt.conftest import JOVI, run

pytestmark = [pytest.mark.integration, pytest.mark.gui]

SETUP = {
    JOVI: "from jovi.display import display, Image, SVG, Math",
    "python3": "from IPython.display import display, Image, SVG, Math",
}
SVG_TEXT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#ff0000"/></svg>'
)


def png_bytes(tmp_path: Path, fmt: str = "PNG") -> Path:
    image = QImage(30, 10, QImage.Format.Format_RGB32)
    image.fill(0x00FF00)
    path = tmp_path / f"picture.{fmt.lower()}"
    assert image.save(str(path), fmt)
    return path


def picture(console, name: str) -> QImage:
    found = console.control.document().resource(
        QTextDocument.ResourceType.ImageResource, QUrl(name)
    )
    assert isinstance(found, QImage)
    return found


def test_png_jpeg_and_svg_are_pictures_in_the_document(
    qtbot, console_factory, kernel_name, tmp_path
):
    console = console_factory(kernel_name)
    png, jpeg = png_bytes(tmp_path), png_bytes(tmp_path, "JPEG")
    run(qtbot, console, SETUP[kernel_name], "In [2]:")
    run(qtbot, console, f"display(Image(filename={str(png)!r}))", "In [3]:")
    run(qtbot, console, f"display(Image(filename={str(jpeg)!r}, width=60))", "In [4]:")
    run(qtbot, console, f"SVG({SVG_TEXT!r})", "In [5]:")
    qtbot.waitUntil(lambda: len(console.image_names()) == 3)
    names = console.image_names()
    assert picture(console, names[0]).size().toTuple() == (30, 10)
    assert picture(console, names[1]).pixelColor(5, 5).green() > 200
    assert picture(console, names[2]).pixelColor(20, 10).red() > 200
    assert [console.images[name][0] for name in names] == [
        "image/png",
        "image/jpeg",
        "image/svg+xml",
    ]
    formats = image_formats(console)
    assert formats[names[1]] == (60.0, 20.0)  # width from the metadata, height to scale
    assert "Out[4]:" in console.control.toPlainText()


def image_formats(console) -> dict[str, tuple[float, float]]:
    found = {}
    block = console.control.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            char_format = iterator.fragment().charFormat()
            if char_format.isImageFormat():
                image = char_format.toImageFormat()
                found[image.name()] = (image.width(), image.height())
            iterator += 1
        block = block.next()
    return found


def test_latex_is_drawn(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    run(qtbot, console, SETUP[kernel_name], "In [2]:")
    run(qtbot, console, r"Math(r'\alpha^2 + \beta_1')", "In [3]:")
    qtbot.waitUntil(lambda: len(console.image_names()) == 1)
    drawn = picture(console, console.image_names()[0])
    assert drawn.width() > 20
    assert drawn.height() > 5


def test_an_inline_matplotlib_figure_is_a_picture(qtbot, console_factory, kernel_name):
    console = console_factory(kernel_name)
    run(
        qtbot,
        console,
        "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 3, 2]);",
        "In [2]:",
        timeout=60000,
    )
    qtbot.waitUntil(lambda: len(console.image_names()) == 1, timeout=30000)
    assert console.images[console.image_names()[0]][0] == "image/png"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs)["src"])


def test_save_as_html_with_inline_and_external_pictures_and_xhtml(qtbot, console_factory, tmp_path):
    console = console_factory()
    run(qtbot, console, SETUP[JOVI], "In [2]:")
    run(qtbot, console, f"display(Image(filename={str(png_bytes(tmp_path))!r}))", "In [3]:")
    run(qtbot, console, f"SVG({SVG_TEXT!r})", "In [4]:")
    run(qtbot, console, "print('saved text')", "saved text")
    qtbot.waitUntil(lambda: len(console.image_names()) == 2)

    inline = console.export_html(str(tmp_path / "inline.html"))
    parser = _Images()
    parser.feed(inline)
    assert len(parser.sources) == 2
    assert all(source.startswith("data:image/") for source in parser.sources)
    assert "saved text" in inline

    external_path = tmp_path / "external.html"
    external = console.export_html(str(external_path), inline=False)
    parser = _Images()
    parser.feed(external)
    assert len(parser.sources) == 2
    for source in parser.sources:
        assert (external_path.parent / source).is_file()

    xhtml = console.export_html(str(tmp_path / "page.xhtml"), xhtml=True)
    root = ET.fromstring(xhtml.encode())
    svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
    assert len(svgs) == 1
    assert "saved text" in "".join(root.itertext())


def test_print_to_pdf_has_the_cells_text(qtbot, console_factory, tmp_path):
    console = console_factory()
    run(qtbot, console, "print('printed words')", "printed words")
    target = tmp_path / "console.pdf"
    console.print_to_pdf(str(target))
    words = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "printed words" in words
    assert "In [1]:" in words


def test_a_pictures_menu_copies_it_and_its_svg(qtbot, console_factory):
    from PySide6.QtWidgets import QApplication

    console = console_factory()
    run(qtbot, console, SETUP[JOVI], "In [2]:")
    run(qtbot, console, f"SVG({SVG_TEXT!r})", "In [3]:")
    qtbot.waitUntil(lambda: len(console.image_names()) == 1)
    name = console.image_names()[0]
    document = console.control.document()
    block = document.begin()
    while block.isValid() and block.text() != "\ufffc":  # a picture is one object character
        block = block.next()
    cursor = console.control.textCursor()
    cursor.setPosition(block.position())
    point = console.control.cursorRect(cursor).center()
    assert console.image_at(point) == name
    menu = console.context_menu(point)
    actions = {action.text(): action for action in menu.actions()}
    assert {"Copy Image", "Save Image As...", "Copy SVG", "Save SVG As..."} <= set(actions)
    actions["Copy SVG"].trigger()
    assert QApplication.clipboard().text() == SVG_TEXT
    actions["Copy Image"].trigger()
    assert QApplication.clipboard().image().width() == 40


def test_pictures_trimmed_from_the_buffer_are_forgotten(qtbot, console_factory):
    console = console_factory(buffer_size=40)
    run(qtbot, console, SETUP[JOVI], "In [2]:")
    run(qtbot, console, f"SVG({SVG_TEXT!r})", "In [3]:")
    qtbot.waitUntil(lambda: len(console.images) == 1)
    run(qtbot, console, "for n in range(100): print('row', n)", "row 99")
    assert console.image_names() == []
    assert console.images == {}
