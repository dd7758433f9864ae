"""What a reader sees of a converted notebook, to check that no text was lost.

:func:`visible_text` turns an export back into the text it shows: HTML without its
tags, scripts and styles (table cells and blocks separated); LaTeX with pygments'
highlighting commands undone (``\\PY{k}{def}`` -> ``def``, ``\\PYZus{}`` -> ``_``);
Markdown, reST and Python as they are.  :func:`markdown_words` are the words of a
Markdown cell that any format must show: its text, not its markup (link targets,
HTML tags, CSS and scripts, image references, fence languages, list numbers).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

WORD = re.compile(r"[^\W_]+")

_BLOCKS = frozenset(
    {"p", "div", "li", "td", "th", "tr", "br", "pre", "table", "ul", "ol", "blockquote", "hr"}
    | {"dt", "dd", "img"}
    | {f"h{level}" for level in range(1, 7)}
)
# pygments' LaTeX escapes (\PYZus{} is "_"...).
_PYZ = {
    "us": "_", "hy": "-", "ob": "{", "cb": "}", "bs": "\\", "dl": "$", "sh": "#", "pc": "%",
    "ca": "^", "am": "&", "ti": "~", "sq": "'", "dq": '"', "lt": "<", "gt": ">", "at": "@",
    "lb": "[", "rb": "]", "sl": "/", "cl": ":", "sc": ";", "qu": "?", "ex": "!",
}  # fmt: skip


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.spans: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        math = "math" in (dict(attrs).get("class") or "")
        if tag in ("script", "style"):
            self.hidden += 1
        if tag == "span":
            self.spans.append(math)
        if tag in _BLOCKS or math:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        math = tag == "span" and bool(self.spans) and self.spans.pop()
        if tag in _BLOCKS or math:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(fmt: str, body: str) -> str:
    """The text a reader of ``body`` (in format ``fmt``) sees."""
    if fmt in ("html", "slides"):
        parser = _Visible()
        parser.feed(body)
        parser.close()
        return "".join(parser.parts)
    if fmt == "latex":
        body = re.sub(r"\\PY\{[^{}]*\}\{((?:[^{}]|\{\})*)\}", r"\1", body)
        return re.sub(r"\\PYZ([a-z]{2})\{\}", lambda m: _PYZ.get(m.group(1), m.group(0)), body)
    return body


def markdown_words(source: str) -> list[str]:
    """The words a Markdown cell shows, whatever the format."""
    source = re.sub(r"<(style|script)\b.*?(</\1>|\Z)", " ", source, flags=re.DOTALL | re.IGNORECASE)
    source = re.sub(r"^\s*(```|~~~).*$", " ", source, flags=re.MULTILINE)
    source = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", source)
    source = re.sub(r"\]\([^)]*\)", "] ", source)
    source = re.sub(r"<[^>]+>", " ", source)
    source = re.sub(r"^\s*\d+[.)]\s", " ", source, flags=re.MULTILINE)
    return WORD.findall(source)


def headings(source: str) -> list[str]:
    """The ATX headings (``# Title``) of a Markdown cell, outside code fences."""
    found, fenced = [], False
    for line in source.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"^ {0,3}#{1,6}\s+\S", line):
            found.append(line.strip().lstrip("#").strip().rstrip("#").strip())
    return found
