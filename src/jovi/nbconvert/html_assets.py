"""The files HTML exports embed or link: the notebook stylesheet and KaTeX.

KaTeX 0.19.1 is vendored under ``assets/katex`` (MIT licence, see its README):
``katex.min.js``, ``katex.min.css``, ``contrib/auto-render.min.js`` and the WOFF2
fonts.  An HTML export uses it in one of three ways (``HTMLExporter.katex``):

* ``inline`` (the default): script, stylesheet and fonts (as ``data:`` URLs) inside
  the HTML file, which then needs nothing else, not even a network;
* ``files``: copied next to the output, into ``<name>_files/katex/``;
* ``prefix``: loaded from ``HTMLExporter.katex_prefix`` (a CDN or a local copy).

Everything is read once per process and kept.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from jovi.nbconvert.filters.highlight import html_style_defs

__all__ = [
    "ASSETS",
    "KATEX_VERSION",
    "THEMES",
    "katex_css_inline",
    "katex_file",
    "katex_files",
    "notebook_css",
]

ASSETS = Path(__file__).parent / "assets"
"""The directory of the asset files."""
KATEX_VERSION = "0.19.1"
"""The vendored KaTeX version (its CDN URL uses it)."""
THEMES = ("light", "dark", "auto")
"""The colour themes of HTML exports (``auto`` follows the reader's system setting)."""

_PYGMENTS_STYLES = {"light": "default", "dark": "monokai"}
_FONT_URL = re.compile(
    r"url\(fonts/([\w\-]+)\.woff2\) format\(\"woff2\"\)((?:,url\([^)]*\) format\([^)]*\))*)"
)


@lru_cache(maxsize=8)
def katex_file(relative: str) -> bytes:
    """A vendored KaTeX file, e.g. ``katex.min.js``."""
    return (ASSETS / "katex" / relative).read_bytes()


def katex_files() -> dict[str, bytes]:
    """Every vendored KaTeX file the HTML needs, by path under ``katex/``."""
    names = ["katex.min.js", "katex.min.css", "contrib/auto-render.min.js"]
    names += [f"fonts/{path.name}" for path in sorted((ASSETS / "katex" / "fonts").glob("*.woff2"))]
    return {name: katex_file(name) for name in names}


@lru_cache(maxsize=1)
def katex_css_inline() -> str:
    """KaTeX's stylesheet with its WOFF2 fonts inside it as ``data:`` URLs (and the
    WOFF and TTF alternatives, which are not vendored, left out)."""
    css = katex_file("katex.min.css").decode("utf-8")

    def embed(match: re.Match[str]) -> str:
        font = katex_file(f"fonts/{match.group(1)}.woff2")
        encoded = base64.b64encode(font).decode("ascii")
        return f'url(data:font/woff2;base64,{encoded}) format("woff2")'

    return _FONT_URL.sub(embed, css)


def _dark_variables(css: str) -> str:
    match = re.search(r"\.jovi-notebook\.jovi-theme-dark \{(.*?)\}", css, re.DOTALL)
    return match.group(1) if match else ""


@lru_cache(maxsize=8)
def notebook_css(theme: str) -> str:
    """The stylesheet of an HTML export in ``theme`` (light, dark or auto), with the
    pygments colours of code."""
    css = (ASSETS / "notebook.css").read_text(encoding="utf-8")
    scope = f".jovi-notebook.jovi-theme-{theme} .highlight"
    if theme == "auto":
        light = html_style_defs(_PYGMENTS_STYLES["light"], scope)
        dark = html_style_defs(_PYGMENTS_STYLES["dark"], scope)
        variables = _dark_variables(css)
        return (
            f"{css}\n{light}\n@media (prefers-color-scheme: dark) {{\n"
            f".jovi-notebook.jovi-theme-auto {{{variables}}}\n{dark}\n}}\n"
        )
    return f"{css}\n{html_style_defs(_PYGMENTS_STYLES[theme], scope)}\n"
