"""Layer 1: rich display: MIME bundles, formatters, the pretty printer, display objects.

What user code needs is here: ``display()`` and its friends, and the display
classes (``HTML``, ``Markdown``, ``Image``, ``Audio``, ``FileLink``...).  Importing
this package imports nothing: each name is loaded from its module when first used
(the shell starts without the display classes, which most sessions never touch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
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

_HOMES = {
    "Audio": "jovi.display.media",
    "Code": "jovi.display.objects",
    "DisplayHandle": "jovi.display.functions",
    "DisplayObject": "jovi.display.objects",
    "FileLink": "jovi.display.files",
    "FileLinks": "jovi.display.files",
    "GeoJSON": "jovi.display.objects",
    "HTML": "jovi.display.objects",
    "IFrame": "jovi.display.media",
    "Image": "jovi.display.images",
    "JSON": "jovi.display.objects",
    "Javascript": "jovi.display.objects",
    "Latex": "jovi.display.objects",
    "Markdown": "jovi.display.objects",
    "Math": "jovi.display.objects",
    "Pretty": "jovi.display.objects",
    "ProgressBar": "jovi.display.progress",
    "SVG": "jovi.display.objects",
    "TextDisplayObject": "jovi.display.objects",
    "Video": "jovi.display.media",
    "VimeoVideo": "jovi.display.media",
    "YouTubeVideo": "jovi.display.media",
    "clear_output": "jovi.display.functions",
    "display": "jovi.display.functions",
    "display_html": "jovi.display.functions",
    "display_javascript": "jovi.display.functions",
    "display_jpeg": "jovi.display.functions",
    "display_json": "jovi.display.functions",
    "display_latex": "jovi.display.functions",
    "display_markdown": "jovi.display.functions",
    "display_pdf": "jovi.display.functions",
    "display_png": "jovi.display.functions",
    "display_pretty": "jovi.display.functions",
    "display_svg": "jovi.display.functions",
    "publish_display_data": "jovi.display.functions",
    "update_display": "jovi.display.functions",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
