"""Markdown cells to LaTeX (jovi's own renderer; no pandoc).

Headings become ``\\section`` ... ``\\subparagraph`` (``\\chapter`` first when
``env["top_section"]`` is ``"chapter"``, for reports and books) with a ``\\label`` from the
heading's Jupyter id; emphasis, code, links (``\\href``), lists, quotes, tables
(``tabular``), footnotes (``\\footnote``), code blocks (highlighted ``Verbatim``) and
images (``\\adjustimage``, fitted to the page) their LaTeX forms.  Math is passed
through: ``$...$`` inline, ``\\[...\\]`` for display, environments as they are.
Raw HTML is dropped but its text kept; ``<cite data-cite="key">`` becomes
``\\cite{key}``.  Images LaTeX cannot include (SVG, GIF, remote URLs, missing
files) become their alternative text with a link.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlparse

from jovi.nbconvert.filters.highlight import highlight2latex
from jovi.nbconvert.filters.latex import citation2latex, escape_latex
from jovi.nbconvert.filters.markdown_tree import TreeRenderer
from jovi.nbconvert.filters.strings import heading_id, html2text

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from markdown_it.tree import SyntaxTreeNode

__all__ = ["LatexRenderer", "latex_label", "markdown2latex"]

_SECTIONS = ("section", "subsection", "subsubsection", "paragraph", "subparagraph", "subparagraph")
_CHAPTERS = ("chapter", "section", "subsection", "subsubsection", "paragraph", "subparagraph")
_INCLUDABLE = frozenset({".png", ".jpg", ".jpeg", ".pdf", ".eps"})


def latex_label(anchor: str) -> str:
    """A ``\\label`` name for a heading id: characters LaTeX may choke on replaced."""
    return re.sub(r"[^A-Za-z0-9\-.:]", "-", anchor)


def latex_url(url: str) -> str:
    """A URL for ``\\href`` and ``\\url``: percent-quoted, ``%`` and ``#`` escaped."""
    quoted = quote(url, safe=":/?=&.-_~@!$'()*+,;#%")
    return quoted.replace("\\", "/").replace("%", "\\%").replace("#", "\\#")


class LatexRenderer(TreeRenderer):
    """Markdown syntax tree to LaTeX."""

    def render_text(self, node: SyntaxTreeNode) -> str:
        return escape_latex(node.content)

    def render_softbreak(self, node: SyntaxTreeNode) -> str:
        return "\n"

    def render_hardbreak(self, node: SyntaxTreeNode) -> str:
        return "\\\\\n"

    def render_heading(self, node: SyntaxTreeNode) -> str:
        level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
        names = _CHAPTERS if self.env.get("top_section") == "chapter" else _SECTIONS
        command = names[min(level, 6) - 1]
        anchor = latex_label(heading_id(self.plain_text(node)))
        return f"\\{command}{{{self.children(node).strip()}}}\\label{{{anchor}}}"

    def render_em(self, node: SyntaxTreeNode) -> str:
        return f"\\emph{{{self.children(node)}}}"

    def render_strong(self, node: SyntaxTreeNode) -> str:
        return f"\\textbf{{{self.children(node)}}}"

    def render_s(self, node: SyntaxTreeNode) -> str:
        return self.children(node)

    def render_code_inline(self, node: SyntaxTreeNode) -> str:
        return f"\\texttt{{{escape_latex(node.content)}}}"

    def render_fence(self, node: SyntaxTreeNode) -> str:
        language = (node.info or "").split()[0] if node.info else "text"
        return highlight2latex(node.content, language).strip("\n")

    def render_code_block(self, node: SyntaxTreeNode) -> str:
        return highlight2latex(node.content, "text").strip("\n")

    def render_blockquote(self, node: SyntaxTreeNode) -> str:
        return f"\\begin{{quote}}\n{self.blocks(node)}\n\\end{{quote}}"

    def render_hr(self, node: SyntaxTreeNode) -> str:
        return "\\begin{center}\\rule{0.5\\linewidth}{0.5pt}\\end{center}"

    def render_bullet_list(self, node: SyntaxTreeNode) -> str:
        items = "\n".join(self.render(item) for item in node.children)
        return f"\\begin{{itemize}}\n{items}\n\\end{{itemize}}"

    def render_ordered_list(self, node: SyntaxTreeNode) -> str:
        items = "\n".join(self.render(item) for item in node.children)
        start = node.attrs.get("start")
        counter = ""
        if isinstance(start, int | str) and str(start).isdigit() and int(start) != 1:
            counter = f"\\setcounter{{enumi}}{{{int(start) - 1}}}\n"
        return f"\\begin{{enumerate}}\n{counter}{items}\n\\end{{enumerate}}"

    def render_list_item(self, node: SyntaxTreeNode) -> str:
        return "\\item " + self.blocks(node)

    def render_link(self, node: SyntaxTreeNode) -> str:
        if node.attrs.get("class") == "header-anchor":
            return ""
        href = str(node.attrs.get("href", ""))
        text = self.children(node)
        if href.startswith("#"):
            return f"\\hyperref[{latex_label(unquote(href[1:]))}]{{{text}}}"
        return f"\\href{{{latex_url(href)}}}{{{text}}}"

    def render_image(self, node: SyntaxTreeNode) -> str:
        src = str(node.attrs.get("src", ""))
        alt = escape_latex(self.plain_text(node))
        path = self._local_image(src)
        if path is None:
            if urlparse(src).scheme in ("http", "https"):
                return f"\\href{{{latex_url(src)}}}{{{alt or 'image'}}}"
            return f"[{alt or 'image'}]"
        return (
            "\\begin{center}\n"
            f"\\adjustimage{{max size={{0.9\\linewidth}}{{0.9\\paperheight}}}}{{{path}}}\n"
            "\\end{center}"
        )

    def _local_image(self, src: str) -> str | None:
        attachments: Mapping[str, str] = self.env.get("attachments") or {}
        if src.startswith("attachment:"):
            found = attachments.get(unquote(src[len("attachment:") :]))
            return found.replace("\\", "/") if found else None
        parsed = urlparse(src)
        if parsed.scheme or parsed.netloc or not parsed.path:
            return None
        relative = unquote(parsed.path)
        if Path(relative).suffix.lower() not in _INCLUDABLE:
            return None
        if not (Path(self.env.get("base_dir") or ".") / relative).is_file():
            return None
        return relative.replace("\\", "/")

    def render_html_inline(self, node: SyntaxTreeNode) -> str:
        return citation2latex(node.content) if "data-cite" in node.content else ""

    def render_html_block(self, node: SyntaxTreeNode) -> str:
        parts = re.split(r"(\\cite\{[^}]*\})", citation2latex(node.content))
        return "".join(
            part if part.startswith("\\cite{") else escape_latex(html2text(part)) for part in parts
        ).strip()

    def render_math_inline(self, node: SyntaxTreeNode) -> str:
        return f"${node.content.strip()}$"

    def _display(self, tex: str) -> str:
        tex = tex.strip()
        if tex.startswith("\\begin{"):
            return tex
        return f"\\[\n{tex}\n\\]"

    def render_math_inline_double(self, node: SyntaxTreeNode) -> str:
        return self._display(node.content)

    def render_math_block(self, node: SyntaxTreeNode) -> str:
        return self._display(node.content)

    def render_math_block_label(self, node: SyntaxTreeNode) -> str:
        return self._display(node.content)

    def render_amsmath(self, node: SyntaxTreeNode) -> str:
        return node.content.strip()

    def render_footnote_ref(self, node: SyntaxTreeNode) -> str:
        body = self.footnotes.get(node.meta.get("id", -1))
        return f"\\footnote{{{self.blocks(body).strip()}}}" if body is not None else ""

    def render_table(self, node: SyntaxTreeNode) -> str:
        rows: list[list[SyntaxTreeNode]] = [
            list(row.children) for part in node.children for row in part.children
        ]
        header_rows = sum(len(part.children) for part in node.children if part.type == "thead")
        width = max((len(row) for row in rows), default=1)
        first = rows[0] if rows else []
        columns = "".join(_column(cell) for cell in first) + "l" * (width - len(first))
        lines = [f"\\begin{{center}}\n\\begin{{tabular}}{{{columns}}}", "\\hline"]
        for index, row in enumerate(rows):
            cells = [self.children(cell).strip() for cell in row]
            cells += [""] * (width - len(cells))
            lines.append(" & ".join(cells) + " \\\\")
            if index + 1 == header_rows:
                lines.append("\\hline")
        lines += ["\\hline", "\\end{tabular}\n\\end{center}"]
        return "\n".join(lines)


def _column(cell: SyntaxTreeNode) -> str:
    style = str(cell.attrs.get("style", ""))
    if "right" in style:
        return "r"
    if "center" in style:
        return "c"
    return "l"


def markdown2latex(source: str, env: Mapping[str, Any] | None = None) -> str:
    """A Markdown cell's source as LaTeX (see :class:`LatexRenderer`)."""
    return LatexRenderer(env).convert(source)
