"""Markdown cells to HTML, with markdown-it-py.

The parser is CommonMark plus what notebooks use: tables, strikethrough, footnotes,
math (``$...$``, ``$$...$$``, ``\\begin{align}...\\end{align}``) and raw HTML.  It is
built once per process (:func:`markdown_parser`) and shared by the LaTeX, reST and
AsciiDoc renderers, which walk the same tokens.

In the HTML, math is left as TeX inside ``<span class="math inline">``,
``<span class="math display">`` or ``<div class="math display">``, for KaTeX to
typeset in the browser (the HTML exporter adds it when there is math).  Headings get
the ids Jupyter gives them (their text, spaces as ``-``) and a ``¶`` link, so links
between notebooks' sections keep working.  Images named ``attachment:NAME`` are
replaced by the cell's attachment as a ``data:`` URL; with ``embed_images`` local
image files are read and embedded too.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from jovi.nbconvert.filters.strings import heading_id

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["attachment_url", "markdown2html", "markdown_parser", "parse_markdown"]

_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The shared Markdown parser (built on first use, then kept)."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - markdown-it loads on first use
    from mdit_py_plugins.amsmath import amsmath_plugin  # noqa: PLC0415 - start-up cost
    from mdit_py_plugins.anchors import anchors_plugin  # noqa: PLC0415 - start-up cost
    from mdit_py_plugins.dollarmath import dollarmath_plugin  # noqa: PLC0415 - start-up cost
    from mdit_py_plugins.footnote import footnote_plugin  # noqa: PLC0415 - start-up cost

    parser = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
        .use(amsmath_plugin)
        .use(footnote_plugin)
        .use(
            anchors_plugin,
            min_level=1,
            max_level=6,
            slug_func=heading_id,
            permalink=True,
            permalinkSymbol="¶",
            permalinkBefore=False,
        )
    )
    parser.add_render_rule("math_inline", _math("span", "inline"))
    parser.add_render_rule("math_inline_double", _math("span", "display"))
    parser.add_render_rule("math_block", _math("div", "display"))
    parser.add_render_rule("math_block_label", _math("div", "display"))
    parser.add_render_rule("amsmath", _math("div", "display"))
    parser.add_render_rule("image", _render_image)
    parser.add_render_rule("html_inline", _render_raw_html("html_inline"))
    parser.add_render_rule("html_block", _render_raw_html("html_block"))
    return parser


def parse_markdown(source: str, env: dict[str, Any] | None = None) -> Sequence[Token]:
    """The token stream of ``source`` (for renderers to other formats)."""
    return markdown_parser().parse(source, env if env is not None else {})


def _math(tag: str, kind: str) -> Any:
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        content = html.escape(tokens[idx].content.strip(), quote=False)
        newline = "\n" if tag == "div" else ""
        return f'<{tag} class="math {kind}">{content}</{tag}>{newline}'

    return render


def attachment_url(src: str, env: Mapping[str, Any]) -> str:
    """Where an image source points in the output: ``attachment:NAME`` becomes a
    ``data:`` URL, and with ``env["embed_images"]`` a local file does too."""
    if src.startswith("attachment:"):
        bundle = (env.get("attachments") or {}).get(unquote(src[len("attachment:") :]))
        if bundle:
            for mime in _IMAGE_TYPES:
                data = bundle.get(mime)
                if isinstance(data, str):
                    if mime == "image/svg+xml":
                        data = base64.b64encode(data.encode("utf-8")).decode("ascii")
                    return f"data:{mime};base64,{data.strip()}"
        return src
    if env.get("embed_images"):
        parsed = urlparse(src)
        if not parsed.scheme and not parsed.netloc and parsed.path:
            path = Path(env.get("base_dir") or ".") / unquote(parsed.path)
            guessed = mimetypes.guess_type(path.name)[0]
            if guessed in _IMAGE_TYPES and path.is_file():
                payload = base64.b64encode(path.read_bytes()).decode("ascii")
                return f"data:{guessed};base64,{payload}"
    return src


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = token.attrGet("src")
    if isinstance(src, str):
        token.attrSet("src", attachment_url(src, env or {}))
    return str(self.image(tokens, idx, options, env))


_RAW_SRC = re.compile(r"""(\bsrc\s*=\s*)(["'])([^"']*)\2""", re.IGNORECASE)


def _render_raw_html(kind: str) -> Any:
    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        content = tokens[idx].content
        if "src" in content and env:
            content = _RAW_SRC.sub(
                lambda m: f"{m.group(1)}{m.group(2)}{attachment_url(m.group(3), env)}{m.group(2)}",
                content,
            )
        return content

    del kind
    return render


def markdown2html(
    source: str,
    attachments: Mapping[str, Any] | None = None,
    *,
    base_dir: str | None = None,
    embed_images: bool = False,
) -> str:
    """A Markdown cell's source as HTML.

    Args:
        source: The Markdown.
        attachments: The cell's attachments (name -> MIME bundle), for
            ``attachment:NAME`` images.
        base_dir: The notebook's directory, which relative image paths start from.
        embed_images: Put local image files into the HTML as ``data:`` URLs.
    """
    env = {"attachments": attachments or {}, "base_dir": base_dir, "embed_images": embed_images}
    return str(markdown_parser().render(source, env))
