"""ANSI escape sequences in kernel output, read without Qt: text with its style,
carriage returns and screen clears.

:class:`AnsiParser` turns a stream's text into :class:`Styled` runs and the control
actions a console obeys (``\\r`` rewrites the current line, ``\\x1b[2J`` clears the
screen, as ``%clear`` does).  Colours are the 16 standard ones, the 256 of xterm and
24-bit ones (``38;2;R;G;B``); each becomes ``#rrggbb``.  The parser keeps its style
between calls, as a terminal does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

__all__ = ["PALETTE_16", "AnsiParser", "CarriageReturn", "ClearScreen", "Styled", "TextStyle"]

# The 16 colours: black, red, green, yellow, blue, magenta, cyan, white; then bright.
PALETTE_16: Final = (
    "#000000", "#cd0000", "#00a000", "#b58900", "#0000ee", "#cd00cd", "#00a0a0", "#bfbfbf",
    "#7f7f7f", "#ff0000", "#00d000", "#e0c000", "#5c5cff", "#ff00ff", "#00d0d0", "#ffffff",
)  # fmt: skip
_CUBE: Final = (0, 95, 135, 175, 215, 255)
_ESCAPE: Final = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\r|\x08")


@dataclass(frozen=True)
class TextStyle:
    """How a run of text looks; None colours are the console's own."""

    foreground: str | None = None
    background: str | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    inverse: bool = False


@dataclass(frozen=True)
class Styled:
    """Text in one style."""

    text: str
    style: TextStyle


@dataclass(frozen=True)
class CarriageReturn:
    """``\\r``: what follows replaces the current line."""


@dataclass(frozen=True)
class ClearScreen:
    """``ESC[2J`` (or ``ESC[H`` with it): everything shown so far goes."""


Action = Styled | CarriageReturn | ClearScreen


def colour_256(index: int) -> str:
    """xterm's colour number ``index`` (0-255) as ``#rrggbb``."""
    if index < 16:
        return PALETTE_16[index]
    if index < 232:
        index -= 16
        red, green, blue = _CUBE[index // 36], _CUBE[index // 6 % 6], _CUBE[index % 6]
    else:
        red = green = blue = 8 + (index - 232) * 10
    return f"#{red:02x}{green:02x}{blue:02x}"


def _extended(codes: list[int], at: int) -> tuple[str | None, int]:
    """The colour of ``38;5;N`` or ``38;2;R;G;B`` starting at ``codes[at]`` (the 38/48),
    and how many codes it took."""
    mode = codes[at + 1] if at + 1 < len(codes) else None
    if mode == 5 and at + 2 < len(codes):
        return colour_256(max(0, min(255, codes[at + 2]))), 3
    if mode == 2 and at + 4 < len(codes):
        red, green, blue = (max(0, min(255, c)) for c in codes[at + 2 : at + 5])
        return f"#{red:02x}{green:02x}{blue:02x}", 5
    return None, len(codes) - at


def apply_sgr(style: TextStyle, codes: list[int]) -> TextStyle:
    """``style`` changed by the Select Graphic Rendition ``codes`` (``ESC[...m``)."""
    at = 0
    codes = codes or [0]
    while at < len(codes):
        code = codes[at]
        taken = 1
        if code == 0:
            style = TextStyle()
        elif code == 1:
            style = replace(style, bold=True)
        elif code == 3:
            style = replace(style, italic=True)
        elif code == 4:
            style = replace(style, underline=True)
        elif code == 7:
            style = replace(style, inverse=True)
        elif code in {21, 22}:
            style = replace(style, bold=False)
        elif code == 23:
            style = replace(style, italic=False)
        elif code == 24:
            style = replace(style, underline=False)
        elif code == 27:
            style = replace(style, inverse=False)
        elif 30 <= code <= 37:
            style = replace(style, foreground=PALETTE_16[code - 30])
        elif 90 <= code <= 97:
            style = replace(style, foreground=PALETTE_16[code - 90 + 8])
        elif 40 <= code <= 47:
            style = replace(style, background=PALETTE_16[code - 40])
        elif 100 <= code <= 107:
            style = replace(style, background=PALETTE_16[code - 100 + 8])
        elif code == 39:
            style = replace(style, foreground=None)
        elif code == 49:
            style = replace(style, background=None)
        elif code in {38, 48}:
            colour, taken = _extended(codes, at)
            if colour is not None:
                style = (
                    replace(style, foreground=colour)
                    if code == 38
                    else replace(style, background=colour)
                )
        at += taken
    return style


class AnsiParser:
    """Reads text with ANSI escapes; the style carries over from one :meth:`feed` to the next."""

    def __init__(self) -> None:
        self.style = TextStyle()

    def feed(self, text: str) -> list[Action]:
        """The runs and actions of ``text``, in order (cursor moves other than
        ``\\r`` and ``ESC[H`` with a clear, and unknown escapes, are dropped)."""
        actions: list[Action] = []
        start = 0
        for match in _ESCAPE.finditer(text):
            if match.start() > start:
                actions.append(Styled(text[start : match.start()], self.style))
            start = match.end()
            found = match.group(0)
            if found == "\r":
                actions.append(CarriageReturn())
            elif found == "\x08":
                continue
            elif match.group(2) == "m":
                parameters = match.group(1)
                codes = [int(part) if part.isdigit() else 0 for part in parameters.split(";")]
                self.style = apply_sgr(self.style, codes if parameters else [])
            elif match.group(2) == "J" and match.group(1) in {"2", "3"}:
                actions.append(ClearScreen())
        if start < len(text):
            actions.append(Styled(text[start:], self.style))
        return actions
