"""HTML cleaned to a safe allowlist: no scripts, no event handlers, no ``javascript:``.

:func:`clean_html` keeps the elements and attributes rich outputs and Markdown use
(text formatting, tables, lists, images, links, inline SVG drawings) and removes
everything that can run code: ``<script>``, ``<iframe>``, ``<object>``, ``<embed>``,
``<style>`` and similar elements with their content; ``on*`` attributes;
``javascript:``/``vbscript:`` URLs and ``data:`` URLs that are not images; CSS with
``url(...)`` or ``expression(...)``.  Unknown elements are dropped and their text
kept.  The result is well formed: every element left open is closed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "clean_html"]

ALLOWED_TAGS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "article",
        "aside",
        "b",
        "bdi",
        "bdo",
        "big",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
        "wbr",
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "defs",
        "clippath",
        "lineargradient",
        "radialgradient",
        "stop",
        "title",
        "desc",
        "marker",
        "pattern",
        "mask",
        "symbol",
        "use",
        "math",
        "mi",
        "mn",
        "mo",
        "mrow",
        "msup",
        "msub",
        "mfrac",
        "msqrt",
        "mroot",
        "mtext",
        "mspace",
        "mtable",
        "mtr",
        "mtd",
        "semantics",
        "annotation",
    ]
)
"""Elements kept (SVG and MathML names in lower case, as the parser reports them)."""

_DROPPED_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "applet",
        "frame",
        "frameset",
        "noscript",
        "template",
        "base",
        "link",
        "meta",
        "foreignobject",
        "form",
        "input",
        "button",
        "select",
        "textarea",
    ]
)

ALLOWED_ATTRIBUTES = frozenset(
    [
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "style",
        "align",
        "valign",
        "colspan",
        "rowspan",
        "width",
        "height",
        "alt",
        "src",
        "href",
        "name",
        "target",
        "rel",
        "start",
        "type",
        "reversed",
        "scope",
        "headers",
        "abbr",
        "span",
        "open",
        "datetime",
        "cite",
        "color",
        "face",
        "size",
        "border",
        "cellpadding",
        "cellspacing",
        "viewbox",
        "xmlns",
        "version",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "d",
        "points",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-opacity",
        "fill-opacity",
        "fill-rule",
        "opacity",
        "transform",
        "font-family",
        "font-size",
        "font-weight",
        "text-anchor",
        "dominant-baseline",
        "clip-path",
        "clip-rule",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientunits",
        "gradienttransform",
        "preserveaspectratio",
        "marker-start",
        "marker-end",
        "marker-mid",
        "markerwidth",
        "markerheight",
        "refx",
        "refy",
        "orient",
        "patternunits",
        "mask",
        "display",
        "visibility",
        "dx",
        "dy",
        "xlink:href",
        "mathvariant",
        "encoding",
    ]
)
"""Attributes kept on allowed elements (besides ``data-*`` and ``aria-*``)."""

_URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "cite"})
_SAFE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
_UNSAFE_CSS = re.compile(
    r"url\s*\(|expression\s*\(|javascript:|@import|behavior\s*:", re.IGNORECASE
)
_VOID = frozenset(["br", "hr", "img", "col", "wbr"])


def _safe_url(value: str) -> bool:
    compact = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
    if compact.startswith("data:"):
        return bool(_SAFE_DATA_URL.match(compact)) and "svg" not in compact[:20]
    scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", compact)
    return scheme is None or scheme.group(1) in ("http", "https", "mailto", "ftp")


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skipping: list[str] = []

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        kept: list[str] = []
        for name, value in attrs:
            name = name.lower()
            allowed = (
                name in ALLOWED_ATTRIBUTES or name.startswith(("data-", "aria-"))
            ) and not name.startswith("on")
            if not allowed:
                continue
            if value is None:
                kept.append(f" {name}")
                continue
            if name in _URL_ATTRIBUTES and not _safe_url(value):
                continue
            if name == "style" and _UNSAFE_CSS.search(html.unescape(value)):
                continue
            if tag == "use" and name in ("href", "xlink:href") and not value.startswith("#"):
                continue
            kept.append(f' {name}="{html.escape(html.unescape(value), quote=True)}"')
        return "".join(kept)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag in _DROPPED_WITH_CONTENT:
                self.skipping.append(tag)
            return
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return
        self.out.append(f"<{tag}{self._attributes(tag, attrs)}>")
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag not in ALLOWED_TAGS:
            return
        self.out.append(f"<{tag}{self._attributes(tag, attrs)} />")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag not in self.stack:
            return
        while self.stack:
            opened = self.stack.pop()
            self.out.append(f"</{opened}>")
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data.replace("<", "&lt;").replace(">", "&gt;"))

    def handle_entityref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.out.append(f"&#{name};")

    def close(self) -> None:
        super().close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")


def clean_html(text: str) -> str:
    """``text`` (HTML) reduced to the safe allowlist described in the module docstring."""
    cleaner = _Cleaner()
    cleaner.feed(text)
    cleaner.close()
    return "".join(cleaner.out)
