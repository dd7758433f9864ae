"""``/api/kernels``, ``/api/kernelspecs``, ``/kernelspecs/{name}/{file}`` and the kernel
WebSocket ``/api/kernels/{id}/channels``.

=============================================  =====================================
GET    /api/kernels                             the running kernels
POST   /api/kernels  ``{name, path}``           start one; 201 and ``Location``
GET    /api/kernels/{id}                        its model
DELETE /api/kernels/{id}                        shut it down; 204
POST   /api/kernels/{id}/interrupt              204
POST   /api/kernels/{id}/restart                200 and its model, once ready again
WS     /api/kernels/{id}/channels?session_id=S  its channels (both framings)
GET    /api/kernelspecs[/{name}]                the kernels that can be started
GET    /kernelspecs/{name}/{file}               a kernelspec's logo, kernel.js...
=============================================  =====================================

A WebSocket whose ``Origin`` is another site is refused unless the server allows
that origin or the client showed the token (a page of another site cannot know it).
"""

from __future__ import annotations

import contextlib
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, Response
from starlette.routing import Route, WebSocketRoute

from jovi.errors import ServerError
from jovi.server.kernels.frames import V1_PROTOCOL
from jovi.server.replies import answers_errors, body_json, json_reply, location, no_content

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.websockets import WebSocket

    from jovi.server.kernels import ServerKernels

__all__ = ["kernel_routes", "origin_allowed"]

_SPEC_RESOURCES = ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg", "kernel.js", "kernel.css")


def kernel_routes(kernels: ServerKernels, base_url: str, allow_origin: str = "") -> list[Any]:
    """The kernel routes served by ``kernels``."""

    @answers_errors
    async def collection(request: Request) -> Response:
        if request.method == "GET":
            return json_reply(kernels.models())
        body = await body_json(request) or {}
        if not isinstance(body, dict):
            raise ServerError(400, "The request's body is not a JSON object.")
        kernel = await kernels.start(body.get("name") or None, str(body.get("path") or ""))
        where = location(base_url, "api/kernels", kernel.id)
        return json_reply(kernel.model(), 201, {"Location": where})

    @answers_errors
    async def item(request: Request) -> Response:
        kernel_id = request.path_params["kernel_id"]
        if request.method == "GET":
            return json_reply(kernels.get(kernel_id).model())
        await kernels.shutdown(kernel_id)
        return no_content()

    @answers_errors
    async def interrupt(request: Request) -> Response:
        await kernels.interrupt(request.path_params["kernel_id"])
        return no_content()

    @answers_errors
    async def restart(request: Request) -> Response:
        kernel = await kernels.restart(request.path_params["kernel_id"])
        return json_reply(kernel.model())

    @answers_errors
    async def executions(request: Request) -> Response:
        kernel = kernels.get(request.path_params["kernel_id"])
        return json_reply([e.model() for e in kernel.journal.executions.values()])

    @answers_errors
    async def spill(request: Request) -> Response:
        kernel = kernels.get(request.path_params["kernel_id"])
        execution = kernel.journal.executions.get(request.path_params["msg_id"])
        if execution is None or execution.spill_path is None:
            raise ServerError(404, "That execution held no output back.")
        return FileResponse(execution.spill_path, media_type="text/plain; charset=utf-8")

    async def channels(websocket: WebSocket) -> None:
        kernel = kernels.kernels.get(websocket.path_params["kernel_id"])
        by_token = getattr(websocket.state, "auth", None)
        if kernel is None or not origin_allowed(
            websocket.headers, allow_origin, token=getattr(by_token, "by", "") == "token"
        ):
            await websocket.close(code=1008 if kernel is not None else 1011)
            return
        offered = websocket.headers.get("sec-websocket-protocol", "")
        protocol = V1_PROTOCOL if V1_PROTOCOL in [p.strip() for p in offered.split(",")] else None
        await websocket.accept(subprotocol=protocol)
        session_id = websocket.query_params.get("session_id") or str(uuid.uuid4())
        connection = kernels.connect(kernel, session_id)
        kernel.attached += 1
        try:
            await connection.serve(websocket, protocol)
        finally:
            kernel.attached -= 1
            with contextlib.suppress(Exception):
                await websocket.close()
            await kernels.detach(connection)

    @answers_errors
    async def specs(request: Request) -> Response:
        found = await run_in_threadpool(kernelspec_models, base_url, kernels.default_name)
        return json_reply({"default": kernels.default_name, "kernelspecs": found})

    @answers_errors
    async def spec(request: Request) -> Response:
        name = request.path_params["name"]
        found = await run_in_threadpool(kernelspec_models, base_url, kernels.default_name)
        if name not in found:
            raise ServerError(404, f"No kernelspec named {name!r}.")
        return json_reply(found[name])

    @answers_errors
    async def resource(request: Request) -> Response:
        name = request.path_params["name"]
        filename = request.path_params["filename"]
        directory = await run_in_threadpool(_resource_dir, name)
        if directory is None or "/" in filename or filename.startswith("."):
            raise ServerError(404, f"The kernelspec {name!r} has no file {filename!r}.")
        target = directory / filename
        if not target.is_file():
            raise ServerError(404, f"The kernelspec {name!r} has no file {filename!r}.")
        return FileResponse(target)

    return [
        Route("/api/kernels", collection, methods=["GET", "POST"]),
        Route("/api/kernels/{kernel_id}", item, methods=["GET", "DELETE"]),
        Route("/api/kernels/{kernel_id}/interrupt", interrupt, methods=["POST"]),
        Route("/api/kernels/{kernel_id}/restart", restart, methods=["POST"]),
        WebSocketRoute("/api/kernels/{kernel_id}/channels", channels),
        Route("/api/kernels/{kernel_id}/executions", executions, methods=["GET"]),
        Route("/api/kernels/{kernel_id}/executions/{msg_id}/spill", spill, methods=["GET"]),
        Route("/api/kernelspecs", specs, methods=["GET"]),
        Route("/api/kernelspecs/{name}", spec, methods=["GET"]),
        Route("/kernelspecs/{name}/{filename}", resource, methods=["GET"]),
    ]


def origin_allowed(headers: Any, allow_origin: str, *, token: bool) -> bool:
    """Whether a WebSocket from ``Origin`` may connect: same host, an allowed origin,
    no Origin at all (not a browser), or a client that showed the token."""
    origin = headers.get("origin")
    if origin is None or token or allow_origin == "*":
        return True
    if allow_origin and origin == allow_origin:
        return True
    return bool(urlsplit(origin).netloc.lower() == str(headers.get("host", "")).lower())


def kernelspec_models(base_url: str, default_name: str) -> dict[str, Any]:
    """Every kernelspec that can be started, as ``/api/kernelspecs`` shows them."""
    from jovi.kernels.providers import jovi_kernel_spec  # noqa: PLC0415 - start-up cost
    from jovi.kernels.specs import scan_kernel_specs  # noqa: PLC0415 - start-up cost

    specs = dict(scan_kernel_specs(None, warn=False).specs)
    specs.setdefault("jovi", jovi_kernel_spec())
    models = {}
    for name, spec in sorted(specs.items()):
        resources = {}
        directory = spec.resource_dir
        if directory is not None:
            for filename in _SPEC_RESOURCES:
                if (directory / filename).is_file():
                    key = filename.rsplit(".", 1)[0] if filename.startswith("logo-") else filename
                    resources[key] = location(base_url, "kernelspecs", name, filename)
        body: dict[str, Any] = {
            "argv": list(spec.argv),
            "display_name": spec.display_name,
            "language": spec.language,
            "interrupt_mode": spec.interrupt_mode,
            "env": dict(spec.env),
            "metadata": dict(spec.metadata),
        }
        models[name] = {"name": name, "spec": body, "resources": resources}
    if default_name not in models and models:
        models[default_name] = models.get("jovi", next(iter(models.values())))
    return models


def _resource_dir(name: str) -> Any:
    from jovi.kernels.specs import scan_kernel_specs  # noqa: PLC0415 - start-up cost

    spec = scan_kernel_specs(None, warn=False).specs.get(name)
    return None if spec is None else spec.resource_dir
