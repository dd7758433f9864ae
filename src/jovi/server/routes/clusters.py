"""``/clusters``: the parallel clusters of the profiles (the file browser's Clusters tab),
as the IPython notebook server had them.

=========================================  ==========================================
GET    /clusters                            every profile: ``{profile, profile_dir,
                                            status, n (when running), clusters}``,
                                            ``default`` first
GET    /clusters/{profile}                  one profile
POST   /clusters/{profile}/start?n=N        start its cluster with N engines (no N:
                                            the profile's default); 200 and the
                                            profile once the engines are registered
POST   /clusters/{profile}/stop             stop its cluster; 200 and the profile
=========================================  ==========================================

``status`` is ``running``, ``stopped``, or, while the server is at it, ``starting``
or ``stopping``.  Starting what runs, or stopping what does not, is 409.  ``n`` may
also come in a JSON body (``{"n": 4}``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import Route

from jovi.errors import ServerError
from jovi.server.replies import answers_errors, body_json, json_reply

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from jovi.server.clusters import ServerClusters

__all__ = ["cluster_routes"]


def cluster_routes(clusters: ServerClusters) -> list[Route]:
    """The routes of ``/clusters`` over ``clusters``."""

    @answers_errors
    async def collection(request: Request) -> Response:
        return json_reply(clusters.models())

    @answers_errors
    async def item(request: Request) -> Response:
        return json_reply(clusters.model(request.path_params["profile"]))

    @answers_errors
    async def start(request: Request) -> Response:
        n = await _engine_count(request)
        return json_reply(await clusters.start(request.path_params["profile"], n))

    @answers_errors
    async def stop(request: Request) -> Response:
        return json_reply(await clusters.stop(request.path_params["profile"]))

    return [
        Route("/clusters", collection, methods=["GET"]),
        Route("/clusters/{profile}", item, methods=["GET"]),
        Route("/clusters/{profile}/start", start, methods=["POST"]),
        Route("/clusters/{profile}/stop", stop, methods=["POST"]),
    ]


async def _engine_count(request: Request) -> int | None:
    """``n`` from the query or the JSON body (None: not given)."""
    given: object = request.query_params.get("n")
    if given is None:
        body = await body_json(request)
        given = body.get("n") if isinstance(body, dict) else None
    if given is None or given == "":
        return None
    if isinstance(given, bool) or not isinstance(given, (int, str)):
        raise ServerError(400, "The number of engines (n) is not a whole number.")
    try:
        return int(given)
    except ValueError:
        raise ServerError(400, "The number of engines (n) is not a whole number.") from None
