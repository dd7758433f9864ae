"""ANSI escape sequences (colours in tracebacks and terminal output) to HTML and LaTeX.

SGR sequences (``ESC[...m``) are understood: the 16 named colours (``30``-``37``,
``90``-``97`` and their backgrounds), 256 colours (``38;5;n``), true colour
(``38;2;r;g;b``), bold, faint, italic, underline, inverse and their resets.  Every
other escape sequence (cursor moves, window titles, hyperlinks) is dropped and its
text kept.

In HTML the named colours become classes (``ansi-red-fg``, ``ansi-green-intense-bg``,
``ansi-bold``), which the stylesheet colours for the light and the dark theme; other
colours become inline ``style`` attributes.  In LaTeX they become ``\\textcolor``
with the colours ``ansi-red``, ``ansi-red-intense``... that the templates define.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Literal, TypeAlias

from jovi.nbconvert.filters.latex import escape_latex

__all__ = ["ANSI_COLOR_NAMES", "AnsiStyle", "ansi2html", "ansi2latex", "parse_ansi", "strip_ansi"]

ANSI_COLOR_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
"""The eight base colours, in the order of their codes (30 is black)."""

Color: TypeAlias = int | tuple[int, int, int] | None
"""0-15: a named colour (8-15 the intense ones); a triple: RGB; None: the default."""
_Paint: TypeAlias = Color | Literal["default-inverse"]

# CSI sequences, OSC sequences (ended by BEL or ST), and two-character escapes.
_ESCAPE = re.compile(r"\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")


def strip_ansi(text: str) -> str:
    """``text`` without any ANSI escape sequence."""
    return _ESCAPE.sub("", text)


@dataclass(frozen=True, slots=True)
class AnsiStyle:
    """The text attributes in force after some SGR sequences."""

    fg: Color = None
    bg: Color = None
    bold: bool = False
    faint: bool = False
    italic: bool = False
    underline: bool = False
    inverse: bool = False

    @property
    def plain(self) -> bool:
        return self == _PLAIN


_PLAIN = AnsiStyle()


def _cube(index: int) -> Color:
    if index < 16:
        return index
    if index < 232:
        index -= 16
        levels = (0, 95, 135, 175, 215, 255)
        return (levels[index // 36], levels[index // 6 % 6], levels[index % 6])
    gray = 8 + (index - 232) * 10
    return (gray, gray, gray)


def _extended(codes: list[int], position: int) -> tuple[Color, int]:
    # 38;5;n or 38;2;r;g;b (and 48 for backgrounds); returns the colour and codes used.
    if position + 1 < len(codes) and codes[position + 1] == 5 and position + 2 < len(codes):
        return _cube(max(0, min(255, codes[position + 2]))), 3
    if position + 1 < len(codes) and codes[position + 1] == 2 and position + 4 < len(codes):
        r, g, b = (max(0, min(255, value)) for value in codes[position + 2 : position + 5])
        return (r, g, b), 5
    return None, len(codes) - position


def _apply(style: AnsiStyle, parameters: str) -> AnsiStyle:
    codes = [int(part) if part.isdigit() else 0 for part in re.split("[;:]", parameters)] or [0]
    position = 0
    while position < len(codes):
        code = codes[position]
        used = 1
        if code == 0:
            style = _PLAIN
        elif code == 1:
            style = replace(style, bold=True)
        elif code == 2:
            style = replace(style, faint=True)
        elif code == 3:
            style = replace(style, italic=True)
        elif code == 4:
            style = replace(style, underline=True)
        elif code == 7:
            style = replace(style, inverse=True)
        elif code == 22:
            style = replace(style, bold=False, faint=False)
        elif code == 23:
            style = replace(style, italic=False)
        elif code == 24:
            style = replace(style, underline=False)
        elif code == 27:
            style = replace(style, inverse=False)
        elif 30 <= code <= 37:
            style = replace(style, fg=code - 30)
        elif 90 <= code <= 97:
            style = replace(style, fg=code - 90 + 8)
        elif 40 <= code <= 47:
            style = replace(style, bg=code - 40)
        elif 100 <= code <= 107:
            style = replace(style, bg=code - 100 + 8)
        elif code == 39:
            style = replace(style, fg=None)
        elif code == 49:
            style = replace(style, bg=None)
        elif code in (38, 48):
            color, used = _extended(codes, position)
            style = replace(style, fg=color) if code == 38 else replace(style, bg=color)
        position += used
    return style


def parse_ansi(text: str) -> list[tuple[str, AnsiStyle]]:
    """``text`` cut into runs of one style each (escape sequences removed)."""
    runs: list[tuple[str, AnsiStyle]] = []
    style = _PLAIN
    position = 0
    for match in _ESCAPE.finditer(text):
        if match.start() > position:
            runs.append((text[position : match.start()], style))
        if match.group(2) == "m":
            style = _apply(style, match.group(1) or "0")
        position = match.end()
    if position < len(text):
        runs.append((text[position:], style))
    return runs


def _named(color: int) -> str:
    return ANSI_COLOR_NAMES[color % 8] + ("-intense" if color >= 8 else "")


def _colors(style: AnsiStyle) -> tuple[_Paint, _Paint]:
    if not style.inverse:
        return style.fg, style.bg
    # Inverse with a default colour: the default background becomes the foreground.
    fg: _Paint = style.bg if style.bg is not None else "default-inverse"
    bg: _Paint = style.fg if style.fg is not None else "default-inverse"
    return fg, bg


def _html_open(style: AnsiStyle) -> str:
    classes: list[str] = []
    css: list[str] = []
    fg, bg = _colors(style)
    for color, where in ((fg, "fg"), (bg, "bg")):
        if color == "default-inverse":
            classes.append(f"ansi-default-inverse-{where}")
        elif isinstance(color, int):
            classes.append(f"ansi-{_named(color)}-{where}")
        elif isinstance(color, tuple):
            prop = "color" if where == "fg" else "background-color"
            css.append(f"{prop}: rgb({color[0]}, {color[1]}, {color[2]})")
    classes += [
        f"ansi-{flag}" for flag in ("bold", "faint", "italic", "underline") if getattr(style, flag)
    ]
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    if css:
        attrs += f' style="{"; ".join(css)}"'
    return f"<span{attrs}>"


def ansi2html(text: str) -> str:
    """``text`` as HTML: escaped, with ANSI styles as ``<span>`` elements."""
    if "\x1b" not in text:
        return html.escape(text, quote=False)
    return "".join(
        html.escape(run, quote=False)
        if style.plain
        else f"{_html_open(style)}{html.escape(run, quote=False)}</span>"
        for run, style in parse_ansi(text)
    )


def _latex_wrap(text: str, style: AnsiStyle) -> str:
    fg, bg = _colors(style)
    if style.bold:
        text = f"\\textbf{{{text}}}"
    if style.italic:
        text = f"\\textit{{{text}}}"
    if style.underline:
        text = f"\\underline{{{text}}}"
    for color, command in ((fg, "textcolor"), (bg, "colorbox")):
        if color == "default-inverse":
            name = (
                "ansi-default-inverse-fg" if command == "textcolor" else "ansi-default-inverse-bg"
            )
            text = f"\\{command}{{{name}}}{{{text}}}"
        elif isinstance(color, int):
            text = f"\\{command}{{ansi-{_named(color)}}}{{{text}}}"
        elif isinstance(color, tuple):
            # The HTML model: Verbatim makes commas active, so no "r,g,b" here.
            text = f"\\{command}[HTML]{{{color[0]:02X}{color[1]:02X}{color[2]:02X}}}{{{text}}}"
    return text


def ansi2latex(text: str) -> str:
    """``text`` as LaTeX: special characters escaped, ANSI styles as colour commands.

    Each styled run is closed at the end of every line, so the result also works
    inside a ``Verbatim`` environment with ``commandchars=\\\\\\{\\}``.
    """
    runs = parse_ansi(text) if "\x1b" in text else [(text, _PLAIN)]
    return "".join(
        "\n".join(_latex_line(line, style) for line in run.split("\n")) for run, style in runs
    )


def _latex_line(line: str, style: AnsiStyle) -> str:
    if not line:
        return ""
    escaped = escape_latex(line)
    return escaped if style.plain else _latex_wrap(escaped, style)
