"""``/nbconvert`` and ``/api/nbconvert``: notebooks converted to other formats.

=========================================  ==========================================
GET    /api/nbconvert                       ``{format: {"output_mimetype": ...}}``
GET    /nbconvert/{format}/{path}           the notebook at ``path`` converted;
                                            ``?download=true`` saves it as a file
POST   /nbconvert/{format}                  the notebook in the body converted
=========================================  ==========================================

An unknown format is 404, a file that is not a notebook 400, a failed conversion
500 (:mod:`jovi.server.conversion` says how).  Conversions run on worker threads
and never execute the notebook.  Converted pages run their scripts sandboxed.
"""

from __future__ import annotations

from email.utils import formatdate
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from jovi.errors import ServerError
from jovi.server import conversion
from jovi.server.downloads import SANDBOXED, attachment, wants_download
from jovi.server.replies import answers_errors, body_json, json_reply
from jovi.server.routes.files import find_file

if TYPE_CHECKING:
    from starlette.requests import Request

    from jovi.server.contents.root import ContentsRoot

__all__ = ["nbconvert_routes"]

_NO_STORE = "no-store, no-cache, must-revalidate, max-age=0"


def nbconvert_routes(root: ContentsRoot) -> list[Route]:
    """The routes converting the notebooks under ``root`` and notebooks clients send."""

    @answers_errors
    async def formats(request: Request) -> Response:
        return json_reply(await run_in_threadpool(conversion.output_mimetypes))

    @answers_errors
    async def convert_path(request: Request) -> Response:
        format_name = request.path_params["format"]
        path = request.path_params["path"]
        # An unknown format is 404 before the file is looked for (importing it blocks).
        await run_in_threadpool(conversion.exporter_class, format_name)
        try:
            found = await run_in_threadpool(find_file, root, path)
        except ServerError as error:
            if error.status != 404:
                raise
            raise ServerError(
                404, f"No notebook {path.strip('/')!r} in the server's root."
            ) from None
        converted = await run_in_threadpool(
            conversion.convert_file, format_name, found.real_path, found.name
        )
        download = wants_download(request.query_params.get("download"))
        headers = {"Last-Modified": formatdate(found.status.st_mtime, usegmt=True)}
        return _reply(converted, headers, download=download)

    @answers_errors
    async def convert_body(request: Request) -> Response:
        format_name = request.path_params["format"]
        await run_in_threadpool(conversion.exporter_class, format_name)
        body = await body_json(request, required=True)
        converted = await run_in_threadpool(conversion.convert_json, format_name, body)
        download = wants_download(request.query_params.get("download"))
        return _reply(converted, {}, download=download)

    return [
        Route("/api/nbconvert", formats, methods=["GET"]),
        Route("/nbconvert/{format}", convert_body, methods=["POST"]),
        Route("/nbconvert/{format}/{path:path}", convert_path, methods=["GET"]),
    ]


def _reply(converted: conversion.Converted, headers: dict[str, str], *, download: bool) -> Response:
    """The answer carrying ``converted``: an archive is always a download."""
    headers = {**headers, **SANDBOXED, "Cache-Control": _NO_STORE}
    if download or converted.archive:
        headers["Content-Disposition"] = attachment(converted.filename)
    return Response(converted.body, headers=headers, media_type=converted.media_type)
