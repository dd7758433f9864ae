"""Text for LaTeX: special characters escaped, citations turned into ``\\cite``."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["citation2latex", "escape_latex"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\x00": "",
}
_SPECIAL_PATTERN = re.compile("|".join(re.escape(char) for char in _SPECIAL))


def escape_latex(text: str) -> str:
    """``text`` with LaTeX's special characters escaped.

    The result reads the same in running text and inside a ``Verbatim`` environment
    with ``commandchars=\\\\\\{\\}`` (every escape is a command that prints the
    character).
    """
    return _SPECIAL_PATTERN.sub(lambda match: _SPECIAL[match.group()], text)


class _Citations(HTMLParser):
    """Rewrites ``<cite data-cite="key">...</cite>`` (and any element with
    ``data-cite``) as ``\\cite{key}``; everything else is kept as it was."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, is a citation)
        self._citing = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        key = dict(attrs).get("data-cite")
        if key:
            self.parts.append(f"\\cite{{{key}}}")
            self._open.append((tag, True))
            self._citing += 1
            return
        self._open.append((tag, False))
        if not self._citing:
            self.parts.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._citing:
            self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            opened, citation = self._open.pop()
            if citation:
                self._citing -= 1
            if opened == tag:
                if not citation and not self._citing:
                    self.parts.append(f"</{tag}>")
                return

    def handle_data(self, data: str) -> None:
        if not self._citing:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self._citing:
            self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self._citing:
            self.parts.append(f"&#{name};")


def citation2latex(text: str) -> str:
    """Citations written as HTML (``<cite data-cite="einstein1905">...</cite>``) as
    LaTeX ``\\cite{einstein1905}``; the rest of ``text`` is unchanged."""
    if "data-cite" not in text:
        return text
    parser = _Citations()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)
