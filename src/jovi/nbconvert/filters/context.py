"""Filters that read the conversion's resources: what the templates call per cell.

They take the Jinja context (``@pass_context``) to find ``resources`` — the
notebook's directory, its language, the display priority, extracted files — so
that one Jinja environment serves every conversion in the process.  Each imports
its renderer when first called: a Markdown export loads no LaTeX or reST renderer.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from jinja2 import pass_context

from jovi.nbconvert.filters.strings import close_raw_html, path2url
from jovi.nbformat.cells import is_json_mime

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2.runtime import Context

__all__ = [
    "CONTEXT_FILTERS",
    "cell_language",
    "choose_mime",
    "latex_math",
    "markdown_fence",
    "unique_id",
]


def _resources(context: Context) -> dict[str, Any]:
    resources = context.get("resources")
    return resources if isinstance(resources, dict) else {}


def _base_dir(resources: Mapping[str, Any]) -> str | None:
    metadata = resources.get("metadata") or {}
    path = metadata.get("path") if isinstance(metadata, dict) else None
    return str(path) if path else None


def cell_language(cell: Any, resources: Mapping[str, Any]) -> str:
    """The language a code cell is highlighted in: its cell magic's, else the notebook's."""
    metadata = getattr(cell, "metadata", None) or {}
    language = metadata.get("magics_language") if hasattr(metadata, "get") else None
    return str(language or resources.get("language") or "ipython3")


def _attachment_files(cell: Any, resources: Mapping[str, Any]) -> Mapping[str, str]:
    files = resources.get("attachment_files") or {}
    return files.get(getattr(cell, "id", None) or "", {}) if isinstance(files, dict) else {}


@pass_context
def _markdown2html(context: Context, source: str, cell: Any = None) -> str:
    from jovi.nbconvert.filters.markdown import markdown2html  # noqa: PLC0415 - start-up cost
    from jovi.nbconvert.filters.sanitize import clean_html  # noqa: PLC0415 - start-up cost

    resources = _resources(context)
    rendered = markdown2html(
        source,
        getattr(cell, "attachments", None),
        base_dir=_base_dir(resources),
        embed_images=bool(resources.get("embed_images")),
    )
    return clean_html(rendered) if resources.get("sanitize_html") else close_raw_html(rendered)


_ATTACHMENT_REF = re.compile(r"attachment:([^\s)\"'>]+)")


@pass_context
def _markdown_attachments(context: Context, source: str, cell: Any = None) -> str:
    files = _attachment_files(cell, _resources(context))
    if not files or "attachment:" not in source:
        return source
    return _ATTACHMENT_REF.sub(
        lambda match: path2url(files.get(unquote(match.group(1)), "")) or match.group(0), source
    )


@pass_context
def _markdown2latex(context: Context, source: str, cell: Any = None) -> str:
    from jovi.nbconvert.filters.markdown_latex import markdown2latex  # noqa: PLC0415 - start-up cost

    resources = _resources(context)
    env = {
        "attachments": _attachment_files(cell, resources),
        "base_dir": _base_dir(resources),
        "top_section": resources.get("latex_top_section", "section"),
    }
    return markdown2latex(source, env)


@pass_context
def _markdown2rst(context: Context, source: str, cell: Any = None) -> str:
    from jovi.nbconvert.filters.markdown_rst import markdown2rst  # noqa: PLC0415 - start-up cost

    resources = _resources(context)
    env = {
        "attachments": _attachment_files(cell, resources),
        "state": resources.setdefault("rst_state", {}),
        "prefix": getattr(cell, "id", None) or "md",
    }
    return markdown2rst(source, env)


@pass_context
def _markdown2asciidoc(context: Context, source: str, cell: Any = None) -> str:
    from jovi.nbconvert.filters.markdown_asciidoc import markdown2asciidoc  # noqa: PLC0415 - start-up cost

    return markdown2asciidoc(source, {"attachments": _attachment_files(cell, _resources(context))})


@pass_context
def _highlight_code(context: Context, source: str, cell: Any = None) -> str:
    from jovi.nbconvert.filters.highlight import highlight2html  # noqa: PLC0415 - start-up cost

    return highlight2html(source, cell_language(cell, _resources(context)))


@pass_context
def _highlight_latex(context: Context, source: str, cell: Any = None) -> str:
    from jovi.nbconvert.filters.highlight import highlight2latex  # noqa: PLC0415 - start-up cost

    resources = _resources(context)
    return highlight2latex(
        source, cell_language(cell, resources), resources.get("pygments_style", "default")
    )


@pass_context
def _choose_mime(context: Context, output: Any) -> str:
    return choose_mime(output, _resources(context).get("display_priority") or ())


def choose_mime(output: Any, priority: Any) -> str:
    """The MIME type of an output's bundle shown in this format ("" when none is).

    A bundle with none of the format's types but a JSON one (``application/*+json``:
    Vega-Lite, Plotly, GeoJSON...) shows that JSON, in formats that show JSON.
    """
    data = getattr(output, "data", None) or {}
    for mime in priority:
        if mime in data:
            return str(mime)
    if "application/json" in priority:
        for mime in data:
            if is_json_mime(mime):
                return str(mime)
    return ""


_DELIMITERS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"))
_ENVIRONMENT = re.compile(r"\A\\begin\{([a-zA-Z*]+)\}.*\\end\{\1\}\Z", re.DOTALL)


def latex_math(text: str) -> tuple[str, bool] | None:
    """A ``text/latex`` output that is one math expression: its TeX and whether it is
    displayed; ``None`` for text with math inside it (which auto-render handles)."""
    stripped = text.strip()
    for left, right in _DELIMITERS:
        if (
            stripped.startswith(left)
            and stripped.endswith(right)
            and len(stripped) > len(left) + len(right)
        ):
            inner = stripped[len(left) : -len(right)]
            if left not in inner and right not in inner:
                return inner.strip(), left not in ("\\(", "$")
    if _ENVIRONMENT.match(stripped):
        return stripped, True
    return None


def markdown_fence(code: str, language: str = "") -> str:
    """``code`` in a Markdown fenced block whose fence is longer than any backtick run
    inside it, so the block always closes where it should."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code.rstrip(chr(10))}\n{fence}"


_ids = itertools.count(1)


def unique_id(prefix: str) -> str:
    """``prefix`` followed by a number no other call in this process got."""
    return f"{prefix}{next(_ids)}"


CONTEXT_FILTERS: dict[str, Any] = {
    "unique_id": unique_id,
    "markdown2html": _markdown2html,
    "markdown2latex": _markdown2latex,
    "markdown2rst": _markdown2rst,
    "markdown2asciidoc": _markdown2asciidoc,
    "markdown_attachments": _markdown_attachments,
    "highlight_code": _highlight_code,
    "highlight_latex": _highlight_latex,
    "choose_mime": _choose_mime,
}
"""The filters that read the resources, by the name templates use."""
