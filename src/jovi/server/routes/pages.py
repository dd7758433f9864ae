"""The browser UI: its pages and the bundle they load.

=========================================  ==========================================
GET    /                                    redirect to ``/tree``
GET    /tree, /tree/{dir}                   the file browser
GET    /notebooks/{path}                    the notebook page
GET    /edit/{path}                         the text editor
GET    /static/jovi/{file}                  the UI's bundle (built from ``webui/``)
=========================================  ==========================================

Each page is the same small HTML document naming the page, the path and the base
URL in a JSON block the bundle reads (``#jovi-page``); everything else is drawn by
the bundle.  A path outside the root, hidden, or missing answers an HTML 404; a
file under ``/tree`` is sent to the page that opens it.  Like every route the pages
are behind the gate: a browser without the token or the login cookie is sent to
the login page.

The bundle is committed (``src/jovi/server/static/jovi``), so a server installed
from a wheel needs no Node.js.  Its file names carry no hashes, so it is served with
``Cache-Control: no-cache``: the browser checks its copy each time (a 304 when it
holds).
"""

from __future__ import annotations

import html
import json
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Final

from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from jovi._version import __version__
from jovi.errors import ServerError
from jovi.server.replies import location

if TYPE_CHECKING:
    import os

    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import Scope

    from jovi.server.contents.root import ContentsRoot

__all__ = ["bundle_dir", "page_document", "page_routes"]

_DOCUMENT: Final = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{static}main.css">
<script type="module" src="{static}main.js"></script>
</head>
<body>
<script id="jovi-page" type="application/json">{config}</script>
<noscript>jovi's notebook needs JavaScript.</noscript>
</body>
</html>
"""

_NOT_FOUND: Final = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>{message}</p><p><a href="{tree}">Files</a></p></body></html>
"""

# Pages may be framed only by pages of this server.
_PAGE_HEADERS: Final = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": "frame-ancestors 'self'",
}


def bundle_dir() -> Path:
    """Where the built UI is (inside the installed package)."""
    return Path(str(files("jovi.server").joinpath("static", "jovi")))


def page_document(
    page: str, path: str, base_url: str, title: str, version: str, *, delete_to_trash: bool = True
) -> str:
    """The HTML of ``page`` (``tree``, ``notebook``, ``edit``) for ``path``."""
    config = json.dumps(
        {
            "page": page,
            "path": path,
            "baseUrl": base_url,
            "version": version,
            "deleteToTrash": delete_to_trash,
        }
    )
    # Inside <script>, "</" could end the element: escape "<" in the JSON.
    config = config.replace("<", "\\u003c")
    return _DOCUMENT.format(
        title=html.escape(title),
        static=html.escape(f"{base_url}static/jovi/", quote=True),
        config=config,
    )


class _Bundle(StaticFiles):
    """The bundle's files, checked by the browser each time (their names never change)."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = "no-cache"
        return response


def page_routes(
    root: ContentsRoot, base_url: str, *, delete_to_trash: bool = True
) -> list[Route | Mount]:
    """The UI's routes for the files under ``root``, linking under ``base_url``
    (``delete_to_trash``: what the file browser tells of deleting)."""

    def page(kind: str, path: str, title: str) -> Response:
        document = page_document(
            kind, path, base_url, title, __version__, delete_to_trash=delete_to_trash
        )
        return HTMLResponse(document, headers=_PAGE_HEADERS)

    def not_found(error: ServerError) -> Response:
        body = _NOT_FOUND.format(
            message=html.escape(str(error)), tree=html.escape(location(base_url, "tree"))
        )
        return HTMLResponse(body, 404, headers=_PAGE_HEADERS)

    async def home(request: Request) -> Response:
        return RedirectResponse(location(base_url, "tree"), 302)

    async def tree(request: Request) -> Response:
        try:
            path, kind = await run_in_threadpool(
                _existing, root, request.path_params.get("path", "")
            )
        except ServerError as error:
            return not_found(error)
        if kind == "file":
            target = "notebooks" if path.endswith(".ipynb") else "edit"
            return RedirectResponse(location(base_url, target, path), 302)
        return page("tree", path, path or "Files")

    def opener(kind: str) -> Route:
        async def open_file(request: Request) -> Response:
            try:
                path, found = await run_in_threadpool(_existing, root, request.path_params["path"])
            except ServerError as error:
                return not_found(error)
            if found == "directory":
                return RedirectResponse(location(base_url, "tree", path), 302)
            return page(kind, path, path.rpartition("/")[2])

        return Route(
            f"/{'notebooks' if kind == 'notebook' else 'edit'}/{{path:path}}",
            open_file,
            methods=["GET"],
        )

    return [
        Route("/", home, methods=["GET"]),
        Route("/tree", tree, methods=["GET"]),
        Route("/tree/{path:path}", tree, methods=["GET"]),
        opener("notebook"),
        opener("edit"),
        Mount("/static/jovi", app=_Bundle(directory=bundle_dir(), check_dir=False)),
    ]


def _existing(root: ContentsRoot, path: str) -> tuple[str, str]:
    """``path`` normalised, and whether it is a ``"file"`` or a ``"directory"``.

    Raises:
        ServerError: 404 when it is missing or may not be served.
    """
    target = root.resolve(path, must_exist=True)
    kind = "directory" if target.is_dir() else "file"
    return root.normalize(path), kind
