"""``/api/config``: settings the browser keeps on the server, one section at a time.

=========================================  ==========================================
GET    /api/config/{section}                the section (``{}`` when it has none)
PATCH  /api/config/{section}                merge the body into it (``null`` removes
                                            a key); 200 and the section as saved
PUT    /api/config/{section}                replace it with the body; 204
=========================================  ==========================================

A section name is letters, digits, ``_`` and ``-`` (anything else is 404); see
:mod:`jovi.server.frontend_config` for where sections are kept and how they merge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from jovi.errors import ServerError
from jovi.server.replies import answers_errors, body_json, json_reply, no_content

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from jovi.server.frontend_config import FrontendConfig

__all__ = ["config_routes"]


def config_routes(settings: FrontendConfig) -> list[Route]:
    """The routes of ``/api/config`` over the sections of ``settings``."""

    @answers_errors
    async def section(request: Request) -> Response:
        name = request.path_params["section"]
        settings.path(name)  # a bad name is 404 whatever the method
        if request.method == "GET":
            return json_reply(await run_in_threadpool(settings.get, name))
        body = await body_json(request, required=True)
        if not isinstance(body, dict):
            raise ServerError(400, "The request's body is not a JSON object.")
        if request.method == "PUT":
            await run_in_threadpool(settings.replace, name, body)
            return no_content()
        return json_reply(await run_in_threadpool(settings.update, name, body))

    return [Route("/api/config/{section}", section, methods=["GET", "PATCH", "PUT"])]
