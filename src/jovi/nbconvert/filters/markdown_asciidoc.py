"""Markdown cells to AsciiDoc (jovi's own renderer; no pandoc).

Headings become ``==`` sections (a Markdown ``#`` is a level-1 section; ``=`` is
kept for the document title), emphasis ``_..._``, strong ``*...*``, code
```` `+...+` ```` (literal), links ``url[text]``, images ``image::path[alt]``,
lists ``*``/``.``, quotes ``____`` blocks, code ``[source,lang]`` blocks, math
``latexmath:[...]`` and ``[latexmath]`` blocks, tables ``|===``, footnotes
``footnote:[...]``, and raw HTML passthrough blocks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from jovi.nbconvert.filters.markdown_tree import TreeRenderer

if TYPE_CHECKING:
    from collections.abc import Mapping

    from markdown_it.tree import SyntaxTreeNode

__all__ = ["AsciiDocRenderer", "asciidoc_escape", "markdown2asciidoc"]

_SPECIAL = re.compile(r"([*_`#+^~\[\]])")


def asciidoc_escape(text: str) -> str:
    """Plain text for AsciiDoc: a backslash before characters that start markup."""
    return _SPECIAL.sub(r"\\\1", text)


class AsciiDocRenderer(TreeRenderer):
    """Markdown syntax tree to AsciiDoc."""

    def __init__(self, env: Mapping[str, Any] | None = None) -> None:
        super().__init__(env)
        self._depth = 0

    def render_text(self, node: SyntaxTreeNode) -> str:
        return asciidoc_escape(node.content)

    def render_softbreak(self, node: SyntaxTreeNode) -> str:
        return "\n"

    def render_hardbreak(self, node: SyntaxTreeNode) -> str:
        return " +\n"

    def render_heading(self, node: SyntaxTreeNode) -> str:
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        return "=" * (level + 1) + " " + self.children(node).replace("\n", " ").strip()

    def render_em(self, node: SyntaxTreeNode) -> str:
        return f"__{self.children(node)}__"

    def render_strong(self, node: SyntaxTreeNode) -> str:
        return f"**{self.children(node)}**"

    def render_s(self, node: SyntaxTreeNode) -> str:
        return f"[.line-through]#{self.children(node)}#"

    def render_code_inline(self, node: SyntaxTreeNode) -> str:
        return f"`+{node.content}+`"

    def render_link(self, node: SyntaxTreeNode) -> str:
        if node.attrs.get("class") == "header-anchor":
            return ""
        href = str(node.attrs.get("href", ""))
        text = self.children(node).replace("]", "\\]")
        if href.startswith("#"):
            return f"<<{unquote(href[1:])},{text}>>"
        return f"link:++{href}++[{text}]"

    def _image_target(self, node: SyntaxTreeNode) -> str:
        src = str(node.attrs.get("src", ""))
        if src.startswith("attachment:"):
            attachments: Mapping[str, str] = self.env.get("attachments") or {}
            src = attachments.get(unquote(src[len("attachment:") :]), src)
        return src

    def render_image(self, node: SyntaxTreeNode) -> str:
        alt = self.plain_text(node).replace("]", "\\]")
        return f"image:{self._image_target(node)}[{alt}]"

    def render_paragraph(self, node: SyntaxTreeNode) -> str:
        image = self.lone_image(node)
        if image is None:
            return self.children(node)
        alt = self.plain_text(image).replace("]", "\\]")
        return f"image::{self._image_target(image)}[{alt}]"

    def render_fence(self, node: SyntaxTreeNode) -> str:
        language = (node.info or "").split()[0] if node.info else ""
        head = f"[source,{language}]\n" if language else ""
        return f"{head}----\n{node.content.rstrip()}\n----"

    def render_code_block(self, node: SyntaxTreeNode) -> str:
        return f"....\n{node.content.rstrip()}\n...."

    def render_blockquote(self, node: SyntaxTreeNode) -> str:
        return f"____\n{self.blocks(node)}\n____"

    def render_hr(self, node: SyntaxTreeNode) -> str:
        return "'''"

    def _list(self, node: SyntaxTreeNode, marker: str) -> str:
        self._depth += 1
        try:
            items = []
            for item in node.children:
                parts = [self.render(child) for child in item.children]
                first, rest = (parts[0] if parts else ""), [p for p in parts[1:] if p.strip()]
                text = f"{marker * self._depth} {first}"
                if rest:
                    text += "\n+\n" + "\n+\n".join(rest)
                items.append(text)
            return "\n".join(items)
        finally:
            self._depth -= 1

    def render_bullet_list(self, node: SyntaxTreeNode) -> str:
        return self._list(node, "*")

    def render_ordered_list(self, node: SyntaxTreeNode) -> str:
        return self._list(node, ".")

    def render_html_block(self, node: SyntaxTreeNode) -> str:
        return f"++++\n{node.content.rstrip()}\n++++"

    def render_html_inline(self, node: SyntaxTreeNode) -> str:
        return f"pass:[{node.content}]"

    def render_math_inline(self, node: SyntaxTreeNode) -> str:
        return f"latexmath:[{node.content.strip().replace(']', chr(92) + ']')}]"

    def _math_block(self, tex: str) -> str:
        return f"[latexmath]\n++++\n{tex.strip()}\n++++"

    def render_math_inline_double(self, node: SyntaxTreeNode) -> str:
        return self.render_math_inline(node)

    def render_math_block(self, node: SyntaxTreeNode) -> str:
        return self._math_block(node.content)

    def render_math_block_label(self, node: SyntaxTreeNode) -> str:
        return self._math_block(node.content)

    def render_amsmath(self, node: SyntaxTreeNode) -> str:
        return self._math_block(node.content)

    def render_footnote_ref(self, node: SyntaxTreeNode) -> str:
        body = self.footnotes.get(node.meta.get("id", -1))
        text = self.blocks(body, " ").replace("]", "\\]") if body is not None else ""
        return f"footnote:[{text}]"

    def render_table(self, node: SyntaxTreeNode) -> str:
        lines = ["|==="]
        for part in node.children:
            for row in part.children:
                cells = [self.children(cell).replace("|", "\\|").strip() for cell in row.children]
                lines.append(" ".join(f"|{cell}" for cell in cells))
            if part.type == "thead":
                lines.append("")
        lines.append("|===")
        return "\n".join(lines)


def markdown2asciidoc(source: str, env: Mapping[str, Any] | None = None) -> str:
    """A Markdown cell's source as AsciiDoc (see :class:`AsciiDocRenderer`)."""
    return AsciiDocRenderer(env).convert(source)
