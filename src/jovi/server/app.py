"""The notebook server's ASGI application: its routes under the base URL, behind the gate.

:func:`build_app` wires the parts given in :class:`ServerSettings`; the command
(``jovi notebook``) reads the options and runs it with uvicorn.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route

from jovi.server.auth import AuthMiddleware, Gate
from jovi.server.contents import ContentsManager
from jovi.server.contents.times import iso_utc
from jovi.server.replies import json_reply
from jovi.server.routes.contents import contents_routes

if TYPE_CHECKING:
    from pathlib import Path

    from starlette.requests import Request
    from starlette.responses import Response

    from jovi.server.contents.manager import TrustStore

__all__ = ["ServerSettings", "ServerState", "build_app", "normalize_base_url"]


def normalize_base_url(base_url: str) -> str:
    """``"nb"`` -> ``"/nb/"``: one slash at each end (missing slashes are added)."""
    stripped = base_url.strip("/")
    return f"/{stripped}/" if stripped else "/"


@dataclass(slots=True)
class ServerSettings:
    """What one server serves, and how.

    Attributes:
        root_dir: The directory whose files it serves.
        token: Clients must show it (empty: none, only with a password or on loopback).
        cookie_secret: Signs login cookies.
        port: Named in the login cookie's name.
        base_url: Put before every route.
        allow_hidden: Serve hidden files too.
        password_set: A password login exists.
        notary: Trusts notebooks.
    """

    root_dir: Path
    token: str
    cookie_secret: bytes
    port: int = 8888
    base_url: str = "/"
    allow_hidden: bool = False
    password_set: bool = False
    notary: TrustStore | None = None


@dataclass(slots=True)
class ServerState:
    """What ``/api/status`` reports."""

    started: float = field(default_factory=time.time)
    last_activity: float = field(default_factory=time.time)
    connections: int = 0
    kernels: int = 0


def build_app(settings: ServerSettings) -> Starlette:
    """The application serving ``settings``."""
    from jovi import __version__  # noqa: PLC0415

    base_url = normalize_base_url(settings.base_url)
    contents = ContentsManager(
        settings.root_dir, notary=settings.notary, allow_hidden=settings.allow_hidden
    )
    state = ServerState()

    async def version(request: Request) -> Response:
        return json_reply({"version": __version__})

    async def status(request: Request) -> Response:
        return json_reply(
            {
                "started": iso_utc(state.started),
                "last_activity": iso_utc(state.last_activity),
                "connections": state.connections,
                "kernels": state.kernels,
            }
        )

    async def me(request: Request) -> Response:
        return json_reply(_identity(request.query_params.get("permissions")))

    routes: list[BaseRoute] = [
        Route("/api", version, methods=["GET"]),
        Route("/api/", version, methods=["GET"]),
        Route("/api/status", status, methods=["GET"]),
        Route("/api/me", me, methods=["GET"]),
        *contents_routes(contents, base_url),
    ]
    if base_url != "/":
        routes = [Mount(base_url.rstrip("/"), routes=routes)]
    gate = Gate(
        settings.token,
        settings.cookie_secret,
        f"jovi-login-{settings.port}",
        password_set=settings.password_set,
        open_paths=frozenset({"/api", "/api/", "/login"}),
    )
    app = Starlette(
        routes=routes,
        middleware=[Middleware(AuthMiddleware, gate=gate, base_url=base_url)],
    )
    app.state.contents = contents
    app.state.status = state
    return app


def _identity(permissions: str | None) -> dict[str, Any]:
    """``/api/me``: the one user of a single-user server, allowed everything asked."""
    import getpass  # noqa: PLC0415
    import json  # noqa: PLC0415

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "jovi"
    asked: dict[str, Any] = {}
    if permissions:
        try:
            parsed = json.loads(permissions)
        except ValueError:
            parsed = {}
        if isinstance(parsed, dict):
            asked = {str(k): list(v) for k, v in parsed.items() if isinstance(v, list)}
    return {
        "identity": {
            "username": user,
            "name": user,
            "display_name": user,
            "initials": user[:1].upper() or None,
            "avatar_url": None,
            "color": None,
        },
        "permissions": asked,
    }
