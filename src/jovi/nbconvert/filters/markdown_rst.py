"""Markdown cells to reStructuredText (jovi's own renderer; no pandoc).

reST is stricter than Markdown, so the renderer takes care that docutils reads the
result without a warning:

* heading levels never jump by more than one (``#`` then ``###`` becomes a title
  and a subtitle), so the adornments are consistent through the document — the
  state is kept in ``env["state"]``, shared by all cells of a notebook;
* inline markup is separated from neighbouring text by escaped spaces (``\\ ``)
  where reST needs whitespace and Markdown does not (``**bold**text``);
* characters with a meaning in reST (``*``, `````, ``_``, ``|``, ``\\``) are
  escaped in text, and so is whatever would start a list, a comment, a directive,
  a doctest or a section underline at the start of a line;
* links are anonymous (```text <url>`__``), so two links with one text are fine;
  footnotes and inline images get names unique in the document (``env["prefix"]``);
* tables become ``list-table`` directives, code blocks ``code`` directives (with a
  language only when pygments knows it), math ``:math:`` and ``.. math::``, raw
  HTML ``.. raw:: html``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from jovi.nbconvert.filters.highlight import IPYTHON_NAMES, lexer_for
from jovi.nbconvert.filters.markdown_tree import TreeRenderer
from jovi.nbconvert.filters.strings import indent

if TYPE_CHECKING:
    from collections.abc import Mapping

    from markdown_it.tree import SyntaxTreeNode

__all__ = ["RstRenderer", "markdown2rst", "rst_escape", "rst_title"]

ADORNMENTS = "=-~^\"'`#*+<>"
Piece = tuple[bool, str]  # (is inline markup, text)

_SPECIAL = re.compile(r"([\\*`_|])")
_BEFORE_MARKUP = frozenset(" \t\n-:/'\"<([{")
_AFTER_MARKUP = frozenset(" \t\n-.,:;!?\\/'\")]}>")
# What would start a list, an option list, a comment or directive, a doctest or a field.
_LINE_START = re.compile(
    r"^(?:(?:[-+\u2022\u2023\u2043]|#\.|\d+[.)]|[A-Za-z][.)]|[ivxlcdmIVXLCDM]+[.)]|\(\w+\)|\.\.|>>>"
    r"|:[^:\s][^:]*:|/\w+)(?:\s|$)|[-+]\S)"
)
_PUNCTUATION_LINE = re.compile(r"^([!-/:-@\[-`{-~])\1*\s*$")


def rst_escape(text: str) -> str:
    """Plain text for reST: backslash before ``\\ * ` _ |``."""
    return _SPECIAL.sub(r"\\\1", text)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def rst_title(title: str, level: int) -> str:
    """A section title with the underline of ``level`` (1 is ``=``)."""
    char = ADORNMENTS[min(level, len(ADORNMENTS)) - 1]
    return f"{title}\n{char * max(_display_width(title), 4)}"


def _escape_line(line: str) -> str:
    stripped = line.lstrip()
    lead = line[: len(line) - len(stripped)]
    if _PUNCTUATION_LINE.match(stripped) or _LINE_START.match(stripped):
        stripped = "\\" + stripped
    if stripped.endswith("::"):
        stripped = stripped[:-1] + "\\:"
    return lead + stripped


def _join(pieces: list[Piece]) -> str:
    out: list[str] = []
    last = ""
    for index, (markup, text) in enumerate(pieces):
        if not text:
            continue
        if markup:
            if last and last[-1] not in _BEFORE_MARKUP:
                out.append("\\ ")
            following = next((t for _, t in pieces[index + 1 :] if t), "")
            out.append(text)
            if following and following[0] not in _AFTER_MARKUP:
                out.append("\\ ")
        else:
            out.append(text)
        last = out[-1] if out[-1] != "\\ " else " "
    return "".join(out)


class RstRenderer(TreeRenderer):
    """Markdown syntax tree to reStructuredText."""

    def __init__(self, env: Mapping[str, Any] | None = None) -> None:
        super().__init__(env)
        state = self.env.get("state")
        self.state: dict[str, int] = state if isinstance(state, dict) else {}
        self.prefix = re.sub(r"[^A-Za-z0-9]+", "-", str(self.env.get("prefix") or "md")).strip("-")
        self._after: list[str] = []  # footnote and image definitions of the current block
        self._nested = 0

    def _counter(self, name: str) -> int:
        self.state[name] = self.state.get(name, 0) + 1
        return self.state[name]

    # ------------------------------------------------------------ inline
    def pieces(self, node: SyntaxTreeNode) -> list[Piece]:
        result: list[Piece] = []
        for child in node.children:
            result.extend(self.inline_piece(child))
        return result

    def inline_piece(self, node: SyntaxTreeNode) -> list[Piece]:
        kind = node.type
        if kind == "text":
            return [(False, rst_escape(node.content))]
        if kind in ("softbreak", "hardbreak"):
            return [(False, "\n")]
        if kind in ("em", "strong"):
            inner = rst_escape(self.plain_text(node))
            stripped = inner.strip()
            if not stripped or stripped.endswith("\\"):
                return [(False, inner)]
            mark = "*" if kind == "em" else "**"
            lead, tail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
            return [(False, lead), (True, f"{mark}{stripped}{mark}"), (False, tail)]
        if kind == "code_inline":
            code = node.content.strip()
            if not code:
                return [(False, rst_escape(node.content))]
            if "``" in code or code.endswith("`") or code.startswith("`"):
                return [(True, f":literal:`{rst_escape(code)}`")]
            return [(True, f"``{code}``")]
        if kind in ("math_inline", "math_inline_double"):
            tex = node.content.strip().replace("`", "\\`")
            return [(True, f":math:`{tex}`")] if tex else []
        if kind == "link":
            return self._link(node)
        if kind == "image":
            return self._inline_image(node)
        if kind == "footnote_ref":
            return self._footnote(node)
        if kind == "html_inline":
            return []
        return self.pieces(node)

    def _link(self, node: SyntaxTreeNode) -> list[Piece]:
        if node.attrs.get("class") == "header-anchor":
            return []
        href = str(node.attrs.get("href", ""))
        text = self.plain_text(node).strip()
        if not href or href.startswith("#"):
            return [(False, rst_escape(text))]
        url = quote(href, safe=":/?=&.-_~@!$'()*+,;#%")
        label = re.sub(r"([\\`<])", r"\\\1", text.replace("\n", " ")) or url
        return [(True, f"`{label} <{url}>`__")]

    def _footnote(self, node: SyntaxTreeNode) -> list[Piece]:
        body = self.footnotes.get(node.meta.get("id", -1))
        if body is None:
            return []
        name = f"{self.prefix}-{self._counter('footnote')}"
        pending, self._after = self._after, []
        content = self.blocks(body).strip() or rst_escape(str(node.meta.get("label", "")))
        self._after = pending + self._after
        self._after.append(f".. [#{name}] " + indent(content, 3, first=False))
        return [(True, f"[#{name}]_")]

    def _image_target(self, node: SyntaxTreeNode) -> str:
        src = str(node.attrs.get("src", ""))
        if src.startswith("attachment:"):
            attachments: Mapping[str, str] = self.env.get("attachments") or {}
            src = attachments.get(unquote(src[len("attachment:") :]), src)
        return quote(src, safe=":/?=&.-_~@!$'()*+,;#%")

    def _inline_image(self, node: SyntaxTreeNode) -> list[Piece]:
        name = f"{self.prefix}-image-{self._counter('image')}"
        alt = self.plain_text(node).replace("\n", " ").strip()
        definition = f".. |{name}| image:: {self._image_target(node)}"
        if alt:
            definition += f"\n   :alt: {alt}"
        self._after.append(definition)
        return [(True, f"|{name}|")]

    def inline(self, node: SyntaxTreeNode) -> str:
        text = _join(self.pieces(node))
        return "\n".join(_escape_line(line) for line in text.split("\n") if line.strip())

    # ------------------------------------------------------------ blocks
    def render(self, node: SyntaxTreeNode) -> str:
        text = super().render(node)
        if self._after and node.type not in ("inline", "list_item", "footnote"):
            after, self._after = self._after, []
            text = text + "\n\n" + "\n\n".join(after) if text.strip() else "\n\n".join(after)
        return text

    def render_inline(self, node: SyntaxTreeNode) -> str:
        return self.inline(node)

    def render_paragraph(self, node: SyntaxTreeNode) -> str:
        image = self.lone_image(node)
        return self._block_image(image) if image is not None else self.children(node)

    def _block_image(self, node: SyntaxTreeNode) -> str:
        alt = self.plain_text(node).replace("\n", " ").strip()
        text = f".. image:: {self._image_target(node)}"
        return text + (f"\n   :alt: {alt}" if alt else "")

    def render_heading(self, node: SyntaxTreeNode) -> str:
        title = self.inline(node).replace("\n", " ").strip()
        if not title:
            return ""
        if self._nested:
            return f"**{rst_escape(self.plain_text(node).strip())}**"
        wanted = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        level = min(wanted, self.state.get("heading", 0) + 1)
        self.state["heading"] = level
        return rst_title(title, level)

    def _nested_blocks(self, node: SyntaxTreeNode) -> str:
        self._nested += 1
        try:
            return self.blocks(node)
        finally:
            self._nested -= 1

    def render_blockquote(self, node: SyntaxTreeNode) -> str:
        # The empty comment ends whatever indented construct came before (a directive
        # of the previous cell), so the quote is not read as part of it.
        return "..\n\n" + indent(self._nested_blocks(node), 4)

    def render_bullet_list(self, node: SyntaxTreeNode) -> str:
        return "\n\n".join(self._item("-", item) for item in node.children)

    def render_ordered_list(self, node: SyntaxTreeNode) -> str:
        start = node.attrs.get("start")
        first = int(start) if isinstance(start, int | str) and str(start).isdigit() else 1
        return "\n\n".join(
            self._item(f"{first + index}.", item) for index, item in enumerate(node.children)
        )

    def _item(self, marker: str, item: SyntaxTreeNode) -> str:
        content = self._nested_blocks(item)
        if not content.strip():
            return marker
        return f"{marker} " + indent(content, len(marker) + 1, first=False)

    def render_list_item(self, node: SyntaxTreeNode) -> str:
        return self._nested_blocks(node)

    def render_fence(self, node: SyntaxTreeNode) -> str:
        language = (node.info or "").split()[0].lower() if node.info else ""
        return self._code(node.content, language)

    def render_code_block(self, node: SyntaxTreeNode) -> str:
        return self._code(node.content, "")

    def _code(self, code: str, language: str) -> str:
        if not code.strip():
            return ""
        if language in IPYTHON_NAMES:
            language = "python"
        elif type(lexer_for(language)).__name__ == "TextLexer":
            language = ""
        head = f".. code:: {language}" if language else "::"
        return f"{head}\n\n{indent(code.rstrip(), 3)}"

    def render_hr(self, node: SyntaxTreeNode) -> str:
        return ".. raw:: html\n\n   <hr>"

    def render_html_block(self, node: SyntaxTreeNode) -> str:
        content = node.content.strip("\n")
        return f".. raw:: html\n\n{indent(content, 3)}" if content.strip() else ""

    def _math_block(self, tex: str) -> str:
        tex = tex.strip()
        return f".. math::\n\n{indent(tex, 3)}" if tex else ""

    def render_math_block(self, node: SyntaxTreeNode) -> str:
        return self._math_block(node.content)

    def render_math_block_label(self, node: SyntaxTreeNode) -> str:
        return self._math_block(node.content)

    def render_amsmath(self, node: SyntaxTreeNode) -> str:
        return self._math_block(node.content)

    def render_table(self, node: SyntaxTreeNode) -> str:
        rows = [list(row.children) for part in node.children for row in part.children]
        if not rows:
            return ""
        header_rows = sum(len(part.children) for part in node.children if part.type == "thead")
        if header_rows >= len(rows):
            header_rows = 0
        width = max(len(row) for row in rows)
        lines = [".. list-table::"]
        if header_rows:
            lines.append(f"   :header-rows: {header_rows}")
        lines.append("")
        for row in rows:
            cells = [self.inline(cell.children[0]) if cell.children else "" for cell in row]
            cells += [""] * (width - len(cells))
            for index, cell in enumerate(cells):
                marker = "   * - " if index == 0 else "     - "
                text = indent(cell, 7, first=False) if cell else ""
                lines.append((marker + text).rstrip())
        return "\n".join(lines)


def markdown2rst(source: str, env: Mapping[str, Any] | None = None) -> str:
    """A Markdown cell's source as reStructuredText (see :class:`RstRenderer`)."""
    return RstRenderer(env).convert(source)
