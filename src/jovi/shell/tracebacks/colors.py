"""Colour schemes for tracebacks and object information.

Four schemes, chosen with ``%colors`` or ``InteractiveShell.colors``: ``NoColor``
(no escape codes, always safe), ``Linux`` (bright colours for dark backgrounds),
``LightBG`` (darker colours for light backgrounds) and ``Neutral`` (readable on
both).  A scheme maps each role of a text part to an ANSI escape sequence.
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


def scheme(name: str) -> ColorScheme:
    """The scheme called ``name`` (any case); NoColor for an unknown name."""
    for known, value in SCHEMES.items():
        if known.casefold() == name.casefold():
            return value
    return SCHEMES["NoColor"]
