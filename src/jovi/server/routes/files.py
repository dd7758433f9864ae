"""``/files``: a file of the root as it is, for the browser to show or save.

=========================================  ==========================================
GET    /files/{path}                        the file's bytes; ``?download=1`` saves it
HEAD   /files/{path}                        the same headers, no body
=========================================  ==========================================

The path goes through :class:`~jovi.server.contents.root.ContentsRoot`, so what
lies outside the root or is hidden is 404, as is a directory.  The answer carries
the type the name says (:mod:`jovi.server.filetypes`), ``Last-Modified``, an
``ETag`` and ``Cache-Control: no-cache``: a browser asks again each time, and a
request whose ``If-None-Match`` or ``If-Modified-Since`` still holds gets ``304``
without the body.  The body is streamed from the file in chunks, and byte ranges
(``Range``) are served, so a large file costs no memory.  Scripts in a served page
run sandboxed (:data:`jovi.server.downloads.SANDBOXED`).
"""

from __future__ import annotations

import os
import stat
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from jovi.errors import ServerError
from jovi.server.contents.root import split_api_path
from jovi.server.downloads import SANDBOXED, attachment, wants_download
from jovi.server.filetypes import SNIFF_BYTES, content_type, needs_sniffing
from jovi.server.replies import answers_errors

if TYPE_CHECKING:
    from starlette.datastructures import Headers
    from starlette.requests import Request

    from jovi.server.contents.root import ContentsRoot

__all__ = ["FoundFile", "file_routes", "find_file"]


class FoundFile(NamedTuple):
    """A file of the root that may be served."""

    name: str
    real_path: Path
    status: os.stat_result
    media_type: str


def file_routes(root: ContentsRoot) -> list[Route]:
    """The route of ``/files`` serving the files under ``root``."""

    @answers_errors
    async def serve(request: Request) -> Response:
        found = await run_in_threadpool(find_file, root, request.path_params["path"])
        status = found.status
        headers = {
            "Cache-Control": "no-cache",
            "ETag": f'"{status.st_mtime_ns:x}-{status.st_size:x}"',
            "Last-Modified": formatdate(status.st_mtime, usegmt=True),
        }
        if _still_fresh(request.headers, headers["ETag"], status.st_mtime):
            return Response(status_code=304, headers=headers)
        headers.update(SANDBOXED)
        if wants_download(request.query_params.get("download")):
            headers["Content-Disposition"] = attachment(found.name)
        return FileResponse(
            found.real_path, headers=headers, media_type=found.media_type, stat_result=status
        )

    return [Route("/files/{path:path}", serve, methods=["GET", "HEAD"])]


def find_file(root: ContentsRoot, path: str) -> FoundFile:
    """The regular file at the API path ``path``, ready to be served.

    Raises:
        ServerError: 404 when it is refused by the root, missing, or not a regular
            file; 403 when the server may not read it.
    """
    target = root.resolve(path, must_exist=True)
    name = split_api_path(root.normalize(path))[1]
    real = Path(os.path.realpath(target))
    try:
        status = real.stat()
    except OSError:
        raise ServerError(404, f"No file {path.strip('/')!r} in the server's root.") from None
    if not stat.S_ISREG(status.st_mode):
        raise ServerError(404, f"{path.strip('/')!r} is not a file.")
    head: bytes | None = None
    try:
        with real.open("rb") as stream:
            head = stream.read(SNIFF_BYTES) if needs_sniffing(name) else None
    except PermissionError:
        raise ServerError(403, f"The server may not read {path.strip('/')!r}.") from None
    except OSError as error:
        raise ServerError(404, f"{path.strip('/')!r} cannot be read: {error.strerror}.") from None
    whole = head is not None and len(head) < SNIFF_BYTES
    return FoundFile(name, real, status, content_type(name, head, whole=whole))


def _still_fresh(headers: Headers, etag: str, modified: float) -> bool:
    """Whether the client's copy (named by a conditional request) is the file's."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = headers.get("if-modified-since")
    if not if_modified_since:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    return int(modified) <= since
