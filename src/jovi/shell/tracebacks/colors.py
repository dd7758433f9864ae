"""Colour schemes for tracebacks and object information.

Six schemes, chosen with ``%colors`` or ``InteractiveShell.colors`` (any case, so
IPython 9's theme names ``nocolor``, ``linux``, ``lightbg``, ``neutral``, ``pride`` and
``gruvbox-dark`` work as they are): ``NoColor`` (no escape codes, always safe),
``Linux`` (bright colours for dark backgrounds), ``LightBG`` (darker colours for light
backgrounds), ``Neutral`` (readable on both), ``Pride`` (the six colours of the pride
flag) and ``Gruvbox-Dark`` (the gruvbox palette, for dark backgrounds; the last two
need a terminal with 24-bit colour).  A scheme maps each role of a text part to an
ANSI escape sequence.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["SCHEMES", "ColorScheme", "scheme"]

RESET = "\x1b[0m"


class ColorScheme(NamedTuple):
    """The escape sequence of each role; empty strings for no colour."""

    name: str
    filename: str = ""
    lineno: str = ""
    function: str = ""
    arrow: str = ""
    error_line: str = ""
    caret: str = ""
    exception: str = ""
    variable: str = ""
    value: str = ""
    header: str = ""
    prompt: str = ""
    prompt_number: str = ""
    out_prompt: str = ""
    out_number: str = ""
    normal: str = ""

    def paint(self, role: str, text: str) -> str:
        """``text`` in the colour of ``role`` (unchanged for NoColor)."""
        code: str = getattr(self, role)
        return f"{code}{text}{RESET}" if code else text


SCHEMES: dict[str, ColorScheme] = {
    "NoColor": ColorScheme("NoColor"),
    "Linux": ColorScheme(
        "Linux",
        filename="\x1b[1;32m",
        lineno="\x1b[1;32m",
        function="\x1b[1;35m",
        arrow="\x1b[1;32m",
        error_line="\x1b[1m",
        caret="\x1b[1;31m",
        exception="\x1b[1;31m",
        variable="\x1b[1;36m",
        value="\x1b[1;32m",
        header="\x1b[1;31m",
        prompt="\x1b[32m",
        prompt_number="\x1b[1;32m",
        out_prompt="\x1b[31m",
        out_number="\x1b[1;31m",
        normal=RESET,
    ),
    "LightBG": ColorScheme(
        "LightBG",
        filename="\x1b[32m",
        lineno="\x1b[32m",
        function="\x1b[35m",
        arrow="\x1b[32m",
        error_line="\x1b[1m",
        caret="\x1b[31m",
        exception="\x1b[31m",
        variable="\x1b[34m",
        value="\x1b[32m",
        header="\x1b[31m",
        prompt="\x1b[34m",
        prompt_number="\x1b[1;34m",
        out_prompt="\x1b[31m",
        out_number="\x1b[1;31m",
        normal=RESET,
    ),
    "Neutral": ColorScheme(
        "Neutral",
        filename="\x1b[32m",
        lineno="\x1b[32m",
        function="\x1b[36m",
        arrow="\x1b[32m",
        error_line="\x1b[1m",
        caret="\x1b[31m",
        exception="\x1b[31m",
        variable="\x1b[36m",
        value="\x1b[32m",
        header="\x1b[31m",
        prompt="\x1b[32m",
        prompt_number="\x1b[1;32m",
        out_prompt="\x1b[31m",
        out_number="\x1b[1;31m",
        normal=RESET,
    ),
}


def _rgb(hex_colour: str, *, bold: bool = False) -> str:
    """The escape sequence of a 24-bit foreground colour such as ``#FF8C00``."""
    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"\x1b[{'1;' if bold else ''}38;2;{red};{green};{blue}m"


_PRIDE = {
    "red": "#E40303",
    "orange": "#FF8C00",
    "yellow": "#FFED00",
    "green": "#008026",
    "blue": "#004CFF",
    "violet": "#732982",
}
SCHEMES["Pride"] = ColorScheme(
    "Pride",
    filename=_rgb(_PRIDE["yellow"]),
    lineno=_rgb(_PRIDE["green"], bold=True),
    function=_rgb(_PRIDE["blue"], bold=True),
    arrow=_rgb(_PRIDE["green"], bold=True),
    error_line="\x1b[1m",
    caret=_rgb(_PRIDE["red"], bold=True),
    exception=_rgb(_PRIDE["orange"], bold=True),
    variable=_rgb(_PRIDE["blue"]),
    value=_rgb(_PRIDE["violet"], bold=True),
    header=_rgb(_PRIDE["red"]),
    prompt=_rgb(_PRIDE["blue"]),
    prompt_number=_rgb(_PRIDE["blue"], bold=True),
    out_prompt=_rgb(_PRIDE["red"]),
    out_number=_rgb(_PRIDE["red"], bold=True),
    normal=RESET,
)
SCHEMES["Gruvbox-Dark"] = ColorScheme(
    "Gruvbox-Dark",
    filename=_rgb("#FBF1C7", bold=True),
    lineno=_rgb("#8EC07C"),
    function=_rgb("#D3869B"),
    arrow=_rgb("#8EC07C", bold=True),
    error_line="\x1b[1m",
    caret=_rgb("#FB4934", bold=True),
    exception=_rgb("#FB4934", bold=True),
    variable=_rgb("#83A598"),
    value=_rgb("#D79921", bold=True),
    header=_rgb("#CC241D"),
    prompt=_rgb("#689D6A"),
    prompt_number=_rgb("#8EC07C", bold=True),
    out_prompt=_rgb("#B16286"),
    out_number=_rgb("#D3869B", bold=True),
    normal=RESET,
)


def scheme(name: str) -> ColorScheme:
    """The scheme called ``name`` (any case); NoColor for an unknown name."""
    for known, value in SCHEMES.items():
        if known.casefold() == name.casefold():
            return value
    return SCHEMES["NoColor"]
