"""The base of jovi's Markdown renderers to formats other than HTML.

jovi does not call pandoc (nbconvert uses it for markup to markup; it is not
needed): Markdown is parsed once by markdown-it-py (:mod:`.markdown`) and a
renderer walks the syntax tree.  :class:`TreeRenderer` dispatches each node to a
``render_<type>`` method and falls back to the node's children for types it does
not know (so a plugin's new node loses its markup, never its text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.nbconvert.filters.markdown import parse_markdown

if TYPE_CHECKING:
    from collections.abc import Mapping

    from markdown_it.tree import SyntaxTreeNode

__all__ = ["TreeRenderer", "footnote_bodies"]


def footnote_bodies(root: SyntaxTreeNode) -> dict[int, SyntaxTreeNode]:
    """The footnotes of a document by id (the nodes under its ``footnote_block``)."""
    bodies: dict[int, SyntaxTreeNode] = {}
    for block in root.children:
        if block.type == "footnote_block":
            for note in block.children:
                note_id = note.meta.get("id")
                if isinstance(note_id, int):
                    bodies[note_id] = note
    return bodies


class TreeRenderer:
    """Walks a Markdown syntax tree; subclasses write one output format.

    Args:
        env: What the renderers need besides the Markdown: ``attachments`` (name ->
            path of the extracted file), ``base_dir`` (where relative image paths
            start), ``prefix`` (makes generated names unique in the document).
    """

    def __init__(self, env: Mapping[str, Any] | None = None) -> None:
        self.env: Mapping[str, Any] = env or {}
        self.footnotes: dict[int, SyntaxTreeNode] = {}

    def convert(self, source: str) -> str:
        """``source`` (Markdown) in the renderer's format."""
        from markdown_it.tree import SyntaxTreeNode  # noqa: PLC0415 - with the parser

        root = SyntaxTreeNode(parse_markdown(source))
        self.footnotes = footnote_bodies(root)
        return self.finish(self.blocks(root))

    def finish(self, text: str) -> str:
        """The last touch to a whole document (strip, append collected parts)."""
        return text.strip("\n")

    # ------------------------------------------------------------ dispatch
    def render(self, node: SyntaxTreeNode) -> str:
        method = getattr(self, "render_" + node.type, None)
        if method is None:
            return self.children(node)
        return str(method(node))

    def children(self, node: SyntaxTreeNode) -> str:
        return "".join(self.render(child) for child in node.children)

    def blocks(self, node: SyntaxTreeNode, separator: str = "\n\n") -> str:
        parts = (self.render(child) for child in node.children)
        return separator.join(part for part in parts if part.strip())

    # ------------------------------------------------------------ shared nodes
    def render_inline(self, node: SyntaxTreeNode) -> str:
        return self.children(node)

    def render_paragraph(self, node: SyntaxTreeNode) -> str:
        return self.children(node)

    def render_footnote_block(self, node: SyntaxTreeNode) -> str:
        return ""  # footnotes are rendered where they are referenced

    def render_footnote_anchor(self, node: SyntaxTreeNode) -> str:
        return ""

    @staticmethod
    def lone_image(paragraph: SyntaxTreeNode) -> SyntaxTreeNode | None:
        """The image a paragraph consists of, if it holds nothing else (a block image)."""
        inline = paragraph.children[0] if paragraph.children else None
        if inline is None:
            return None
        content = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
        return content[0] if len(content) == 1 and content[0].type == "image" else None

    def plain_text(self, node: SyntaxTreeNode) -> str:
        """The text of a node and its descendants, without markup."""
        if node.type in ("text", "code_inline", "math_inline", "math_inline_double"):
            return node.content
        if node.type in ("softbreak", "hardbreak"):
            return " "
        return "".join(self.plain_text(child) for child in node.children)
