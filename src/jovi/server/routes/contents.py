"""``/api/contents``: files, directories and notebooks, with Jupyter Server's statuses.

=========================================  ==========================================
GET    /api/contents/{path}                 the model (``type``, ``format``,
                                            ``content=0|1``, ``hash=0|1``); 200
POST   /api/contents/{dir}                  new untitled item, or ``{"copy_from"}``; 201
PUT    /api/contents/{path}                 save (200) or create/upload (201)
PATCH  /api/contents/{path}                 ``{"path": new}`` renames; 200
DELETE /api/contents/{path}                 204
GET    /api/contents/{path}/checkpoints     ``[{id, last_modified}]``
POST   /api/contents/{path}/checkpoints     201 and the new checkpoint
POST   /api/contents/{path}/checkpoints/ID  restore; 204
DELETE /api/contents/{path}/checkpoints/ID  204
POST   /api/contents/{path}/trust           trust the notebook; 201
=========================================  ==========================================

Answers with a model carry ``Last-Modified`` and, except GET, ``Location``.  A
hidden path is 404 to read and 400 to change, as in Jupyter Server.  The manager's
file work runs on worker threads, so one large file never stalls other clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from jovi.errors import ServerError
from jovi.server.replies import answers_errors, body_json, json_reply, location, no_content

if TYPE_CHECKING:
    from starlette.requests import Request

    from jovi.server.contents import ContentsManager, Model

__all__ = ["contents_routes"]

_TYPES = (None, "directory", "file", "notebook")


def contents_routes(contents: ContentsManager, base_url: str) -> list[Route]:
    """The routes of ``/api/contents`` served by ``contents``."""
    handlers = _ContentsHandlers(contents, base_url)
    prefix = "/api/contents"
    return [
        Route(
            prefix + "/{path:path}/checkpoints/{checkpoint_id}",
            handlers.checkpoint,
            methods=["POST", "DELETE"],
        ),
        Route(prefix + "/{path:path}/checkpoints", handlers.checkpoints, methods=["GET", "POST"]),
        Route(prefix + "/{path:path}/trust", handlers.trust, methods=["POST"]),
        Route(prefix, handlers.item, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        Route(
            prefix + "/{path:path}",
            handlers.item,
            methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        ),
    ]


class _ContentsHandlers:
    def __init__(self, contents: ContentsManager, base_url: str) -> None:
        self.contents = contents
        self.base_url = base_url

    def _model_reply(
        self, model: Model, status: int = 200, *, with_location: bool = True
    ) -> Response:
        headers = {"Last-Modified": model["last_modified"]}
        if with_location:
            headers["Location"] = location(self.base_url, "api/contents", model["path"])
        return json_reply(model, status, headers)

    def _refuse_hidden(self, *paths: str) -> None:
        root = self.contents.root
        if not root.allow_hidden and any(root.is_hidden(root.normalize(p)) for p in paths if p):
            raise ServerError(400, f"Hidden files cannot be changed here: {paths[0]!r}.")

    @answers_errors
    async def item(self, request: Request) -> Response:
        path = request.path_params.get("path", "")
        method = request.method
        if method == "GET":
            return await self._get(request, path)
        if method == "POST":
            return await self._post(request, path)
        if method == "PUT":
            return await self._put(request, path)
        if method == "PATCH":
            return await self._patch(request, path)
        self._refuse_hidden(path)
        await run_in_threadpool(self.contents.delete, path)
        return no_content()

    async def _get(self, request: Request, path: str) -> Response:
        query = request.query_params
        kind = query.get("type")
        if kind not in _TYPES:
            kind = "file"
        format_ = query.get("format")
        if format_ not in (None, "text", "base64"):
            raise ServerError(
                400, f"Format {format_!r} is not text or base64.", reason="bad format"
            )
        content = _flag(query.get("content", "1"), "content")
        require_hash = _flag(query.get("hash", "0"), "hash")
        model = await run_in_threadpool(
            lambda: self.contents.get(
                path, content=content, type=kind, format=format_, require_hash=require_hash
            )
        )
        return self._model_reply(model, with_location=False)

    async def _post(self, request: Request, path: str) -> Response:
        if await run_in_threadpool(self.contents.exists, path) and not self.contents.dir_exists(
            path
        ):
            raise ServerError(400, "A file cannot be POSTed to; use PUT to save it.")
        body = await body_json(request) or {}
        if not isinstance(body, dict):
            raise ServerError(400, "The request's body is not a JSON object.")
        copy_from = body.get("copy_from")
        if copy_from:
            self._refuse_hidden(path, str(copy_from))
            model = await run_in_threadpool(self.contents.copy, str(copy_from), path)
        else:
            kind = body.get("type") or ""
            if kind not in ("", "directory", "file", "notebook"):
                kind = "file"
            model = await run_in_threadpool(
                self.contents.new_untitled, path, kind, str(body.get("ext") or "")
            )
        return self._model_reply(model, 201)

    async def _put(self, request: Request, path: str) -> Response:
        body = await body_json(request)
        if not body:
            self._refuse_hidden(path)
            model = await run_in_threadpool(self.contents.new_untitled, path)
            return self._model_reply(model, 201)
        if not isinstance(body, dict):
            raise ServerError(400, "The request's body is not a JSON object.")
        if body.get("copy_from"):
            raise ServerError(400, "Copies are made with POST, not PUT.")
        self._refuse_hidden(path, str(body.get("path") or ""))
        if body.get("type") not in ("directory", "file", "notebook"):
            body["type"] = "file"
        existed = await run_in_threadpool(self.contents.exists, path)
        model = await run_in_threadpool(self.contents.save, body, path)
        return self._model_reply(model, 200 if existed else 201)

    async def _patch(self, request: Request, path: str) -> Response:
        body = await body_json(request, required=True)
        if not isinstance(body, dict):
            raise ServerError(400, "The request's body is not a JSON object.")
        new_path = body.get("path")
        self._refuse_hidden(path, str(new_path or ""))
        if not isinstance(new_path, str) or not new_path:
            model = await run_in_threadpool(lambda: self.contents.get(path, content=False))
        else:
            model = await run_in_threadpool(self.contents.rename, path, new_path)
        return self._model_reply(model)

    @answers_errors
    async def checkpoints(self, request: Request) -> Response:
        path = request.path_params["path"]
        if request.method == "GET":
            return json_reply(await run_in_threadpool(self.contents.list_checkpoints, path))
        checkpoint = await run_in_threadpool(self.contents.create_checkpoint, path)
        where = location(self.base_url, "api/contents", path, "checkpoints", checkpoint["id"])
        return json_reply(checkpoint, 201, {"Location": where})

    @answers_errors
    async def checkpoint(self, request: Request) -> Response:
        path = request.path_params["path"]
        checkpoint_id = request.path_params["checkpoint_id"]
        if request.method == "POST":
            await run_in_threadpool(self.contents.restore_checkpoint, path, checkpoint_id)
        else:
            await run_in_threadpool(self.contents.delete_checkpoint, path, checkpoint_id)
        return no_content()

    @answers_errors
    async def trust(self, request: Request) -> Response:
        await run_in_threadpool(self.contents.trust, request.path_params["path"])
        return Response(status_code=201)


def _flag(value: str, name: str) -> bool:
    if value not in ("0", "1"):
        raise ServerError(400, f"{name}={value!r} is not 0 or 1.")
    return value == "1"
