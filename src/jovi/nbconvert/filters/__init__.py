"""Filters: the functions templates apply to text (``{{ cell.source | markdown2html }}``).

Each module is plain Python, usable without Jinja; :func:`jinja_filters` gathers
them under the names templates use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["jinja_filters"]


def jinja_filters() -> dict[str, Any]:
    """Every filter, by the name templates use (imports the filter modules)."""
    # Imported here: a template environment needs them all, plain users only one.
    from jovi.nbconvert.filters import ansi, highlight, latex, strings  # noqa: PLC0415 - cycle
    from jovi.nbconvert.filters.context import (  # noqa: PLC0415 - cycle
        CONTEXT_FILTERS,
        latex_math,
        markdown_fence,
    )
    from jovi.nbconvert.filters.sanitize import clean_html  # noqa: PLC0415 - cycle

    return {
        "add_anchor": strings.add_anchor,
        "add_prompts": strings.add_prompts,
        "ansi2html": ansi.ansi2html,
        "ansi2latex": ansi.ansi2latex,
        "ascii_only": strings.ascii_only,
        "citation2latex": latex.citation2latex,
        "close_raw_html": strings.close_raw_html,
        "clean_html": clean_html,
        "comment_lines": strings.comment_lines,
        "escape_latex": latex.escape_latex,
        "get_lines": strings.get_lines,
        "get_metadata": strings.get_metadata,
        "heading_id": strings.heading_id,
        "highlight2html": highlight.highlight2html,
        "highlight2latex": highlight.highlight2latex,
        "html2text": strings.html2text,
        "indent": strings.indent,
        "ipython2python": strings.ipython2python,
        "json_dumps": strings.json_dumps,
        "latex_math": latex_math,
        "markdown_fence": markdown_fence,
        "path2url": strings.path2url,
        "posix_path": strings.posix_path,
        "prevent_list_blocks": strings.prevent_list_blocks,
        "rstrip": str.rstrip,
        "strip_ansi": ansi.strip_ansi,
        "strip_dollars": strings.strip_dollars,
        "strip_files_prefix": strings.strip_files_prefix,
        "strip_trailing_newline": strings.strip_trailing_newline,
        "text_base64": strings.text_base64,
        "wrap_text": strings.wrap_text,
        **CONTEXT_FILTERS,
    }
