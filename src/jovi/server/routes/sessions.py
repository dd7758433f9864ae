"""``/api/sessions``: which kernel serves which document.

=========================================  ==========================================
GET    /api/sessions                        every session, with its kernel
POST   /api/sessions ``{path, name, type,   the session of ``path`` (a new one, with a
       kernel: {name} | {id}}``              new kernel or the one named); 201
GET    /api/sessions/{id}                   one session
PATCH  /api/sessions/{id}                   rename (``path``, ``name``, ``type``) or
                                            change the kernel (``kernel``)
DELETE /api/sessions/{id}                   204, and its kernel is shut down (410 when
                                            the kernel was gone already)
=========================================  ==========================================
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from starlette.routing import Route

from jovi.errors import ServerError
from jovi.server.replies import answers_errors, body_json, json_reply, location, no_content

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from jovi.server.kernels import ServerKernels
    from jovi.server.sessions import SessionRecord, SessionStore

__all__ = ["session_routes"]


def session_routes(sessions: SessionStore, kernels: ServerKernels, base_url: str) -> list[Route]:
    """The session routes over ``sessions`` and ``kernels``."""

    creating: dict[str, asyncio.Lock] = {}  # by path (a few bytes per notebook opened)

    def model(record: SessionRecord) -> dict[str, Any]:
        kernel = kernels.kernels.get(record.kernel_id)
        return record.model(None if kernel is None else kernel.model())

    async def kernel_for(wanted: object, path: str) -> str:
        """The id of the kernel ``wanted`` names (``{id}``), or of a new one (``{name}``)."""
        if wanted is not None and not isinstance(wanted, dict):
            raise ServerError(400, '\'kernel\' is an object: {"name": ...} or {"id": ...}.')
        wanted = wanted or {}
        if wanted.get("id"):
            return kernels.get(str(wanted["id"])).id
        kernel = await kernels.start(wanted.get("name") or None, _directory(path))
        return kernel.id

    @answers_errors
    async def collection(request: Request) -> Response:
        if request.method == "GET":
            return json_reply([model(record) for record in sessions.all()])
        body = await body_json(request, required=True)
        if not isinstance(body, dict):
            raise ServerError(400, "The request's body is not a JSON object.")
        path = body.get("path") or (body.get("notebook") or {}).get("path")
        if not isinstance(path, str) or not path:
            raise ServerError(400, "A session needs a 'path'.")
        # One creation per path at a time: a second tab asking while the first one's
        # kernel starts waits, then finds that session.
        async with creating.setdefault(path, asyncio.Lock()):
            record = sessions.by_path(path)
            if record is None or record.kernel_id not in kernels.kernels:
                if record is not None:
                    sessions.remove(record.session_id)  # its kernel is gone: start afresh
                kernel_id = await kernel_for(body.get("kernel"), path)
                name = str(body.get("name") or path.rsplit("/", 1)[-1])
                record = sessions.add(path, name, str(body.get("type") or "notebook"), kernel_id)
        where = location(base_url, "api/sessions", record.session_id)
        return json_reply(model(record), 201, {"Location": where})

    @answers_errors
    async def item(request: Request) -> Response:
        session_id = request.path_params["session_id"]
        record = sessions.get(session_id)
        if request.method == "GET":
            return json_reply(model(record))
        if request.method == "DELETE":
            sessions.remove(session_id)
            if record.kernel_id not in kernels.kernels:
                raise ServerError(410, "The session's kernel had ended already.")
            if not sessions.using(record.kernel_id):
                await kernels.shutdown(record.kernel_id)
            return no_content()
        body = await body_json(request, required=True)
        if not isinstance(body, dict):
            raise ServerError(400, "The request's body is not a JSON object.")
        changes = {key: str(body[key]) for key in ("path", "name", "type") if body.get(key)}
        if "kernel" in body:
            old_kernel = record.kernel_id
            changes["kernel_id"] = await kernel_for(
                body["kernel"], changes.get("path", record.path)
            )
            updated = sessions.update(session_id, **changes)
            unused = old_kernel != updated.kernel_id and not sessions.using(old_kernel)
            if unused and old_kernel in kernels.kernels:
                await kernels.shutdown(old_kernel)
        else:
            updated = sessions.update(session_id, **changes)
        return json_reply(model(updated))

    return [
        Route("/api/sessions", collection, methods=["GET", "POST"]),
        Route("/api/sessions/{session_id}", item, methods=["GET", "PATCH", "DELETE"]),
    ]


def _directory(path: str) -> str:
    """The directory a document's kernel starts in: the document's own."""
    return path.rsplit("/", 1)[0] if "/" in path else ""
