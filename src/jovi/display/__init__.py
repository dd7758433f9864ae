"""Layer 1: rich display: MIME bundles, formatters, the pretty printer, display objects.

What user code needs is here: ``display()`` and its friends, and the display
classes (``HTML``, ``Markdown``, ``Image``, ``Audio``, ``FileLink``...).  Importing
this package imports only light parts of the standard library; URLs, sound and
highlighting are loaded when first used.
"""

from __future__ import annotations

from jovi.display.files import FileLink, FileLinks
from jovi.display.functions import (
    DisplayHandle,
    clear_output,
    display,
    display_html,
    display_javascript,
    display_jpeg,
    display_json,
    display_latex,
    display_markdown,
    display_pdf,
    display_png,
    display_pretty,
    display_svg,
    publish_display_data,
    update_display,
)
from jovi.display.images import Image
from jovi.display.media import Audio, IFrame, Video, VimeoVideo, YouTubeVideo
from jovi.display.objects import (
    HTML,
    JSON,
    SVG,
    Code,
    DisplayObject,
    GeoJSON,
    Javascript,
    Latex,
    Markdown,
    Math,
    Pretty,
    TextDisplayObject,
)
from jovi.display.progress import ProgressBar

__all__ = [
    "HTML",
    "JSON",
    "SVG",
    "Audio",
    "Code",
    "DisplayHandle",
    "DisplayObject",
    "FileLink",
    "FileLinks",
    "GeoJSON",
    "IFrame",
    "Image",
    "Javascript",
    "Latex",
    "Markdown",
    "Math",
    "Pretty",
    "ProgressBar",
    "TextDisplayObject",
    "Video",
    "VimeoVideo",
    "YouTubeVideo",
    "clear_output",
    "display",
    "display_html",
    "display_javascript",
    "display_jpeg",
    "display_json",
    "display_latex",
    "display_markdown",
    "display_pdf",
    "display_png",
    "display_pretty",
    "display_svg",
    "publish_display_data",
    "update_display",
]
