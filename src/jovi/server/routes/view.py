"""``/view``: a page showing one file of the root, full size, in a frame.

=========================================  ==========================================
GET    /view/{path}                         an HTML page framing ``/files/{path}``
=========================================  ==========================================

The frame is sandboxed (scripts of the file run, in an origin of their own), and
the page itself loads nothing but the frame.  A path ``/files`` would refuse is 404
here too.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Final

from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse
from starlette.routing import Route

from jovi.server.replies import answers_errors, location
from jovi.server.routes.files import find_file

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from jovi.server.contents.root import ContentsRoot

__all__ = ["view_page", "view_routes"]

_PAGE: Final = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ height: 100%; margin: 0; overflow: hidden; }}
iframe {{ display: block; width: 100%; height: 100%; border: 0; }}
</style>
</head>
<body>
<iframe src="{source}" title="{title}" sandbox="allow-scripts"></iframe>
</body>
</html>
"""

_PAGE_POLICY: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; frame-ancestors 'self'"
)


def view_routes(root: ContentsRoot, base_url: str) -> list[Route]:
    """The route of ``/view`` for the files under ``root``, linking under ``base_url``."""

    @answers_errors
    async def view(request: Request) -> Response:
        path = request.path_params["path"]
        found = await run_in_threadpool(find_file, root, path)
        api_path = root.normalize(path)
        return HTMLResponse(
            view_page(found.name, location(base_url, "files", api_path)),
            headers={"Cache-Control": "no-cache", "Content-Security-Policy": _PAGE_POLICY},
        )

    return [Route("/view/{path:path}", view, methods=["GET"])]


def view_page(title: str, source: str) -> str:
    """The page titled ``title`` that frames the URL ``source`` (both escaped here)."""
    return _PAGE.format(title=html.escape(title), source=html.escape(source, quote=True))
