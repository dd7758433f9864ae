"""The notebook server's ASGI application: its routes under the base URL, behind the gate.

:func:`build_app` wires the parts given in :class:`ServerSettings`; the command
(``jovi notebook``) reads the options and runs it with uvicorn.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import dataclass, field
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response as PlainResponse
from starlette.routing import BaseRoute, Mount, Route

from jovi._version import __version__
from jovi.server.auth import AuthMiddleware, Gate
from jovi.server.clusters import ServerClusters
from jovi.server.contents import ContentsManager
from jovi.server.contents.times import iso_utc
from jovi.server.frontend_config import FrontendConfig
from jovi.server.inactivity import ActivityMiddleware, stop_when_unused
from jovi.server.kernels import ServerKernels
from jovi.server.kernels.culling import CullPolicy, cull_forever
from jovi.server.kernels.journal import OutputLimits
from jovi.server.origins import OriginMiddleware, OriginPolicy
from jovi.server.replies import json_reply
from jovi.server.routes.clusters import cluster_routes
from jovi.server.routes.config import config_routes
from jovi.server.routes.contents import contents_routes
from jovi.server.routes.files import file_routes
from jovi.server.routes.kernels import kernel_routes
from jovi.server.routes.login import login_routes
from jovi.server.routes.nbconvert import nbconvert_routes
from jovi.server.routes.pages import page_routes
from jovi.server.routes.sessions import session_routes
from jovi.server.routes.view import view_routes
from jovi.server.sessions import SessionStore
from jovi.server.tasks import TaskOwner
from jovi.utils.paths import jovi_dir, jupyter_config_dir

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
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
        delete_to_trash: Deleting moves to the user's trash.
        password: The login password's hash (``argon2:...``); empty: no password.
        notary: Trusts notebooks.
        default_kernel: The kernel started when a client names none.
        allow_origin: Another site whose pages may use the server (``*``: any).
        output_limit_lines: Lines of one execution's output passed to clients.
        output_limit_bytes: Bytes of one execution's output passed to clients.
        iopub_msg_rate_limit: Jupyter Server's limit, messages per second (0: none).
        iopub_data_rate_limit: Jupyter Server's limit, bytes per second (0: none).
        rate_limit_window: The window those rates are averaged over, in seconds.
        allowed_hosts: The names requests may address it by (None: any): loopback
            names for a server on loopback (DNS rebinding protection).
        nbconfig_dir: Where ``/api/config`` keeps its sections (None: ``nbconfig`` in
            the Jupyter config directory).
        jovi_dir: jovi's directory, whose profiles ``/clusters`` lists (None: the
            default, ``$JOVI_DIR`` or ``~/.jovi``).
        cull: Which idle kernels are shut down, and how often it is looked at.
        disable_check_xsrf: Let changes by login cookie alone in without the XSRF header.
        shutdown_no_activity_timeout: Stop after this many seconds with no kernel and
            no request (0: never; see :mod:`jovi.server.inactivity`).
    """

    root_dir: Path
    token: str
    cookie_secret: bytes
    port: int = 8888
    base_url: str = "/"
    allow_hidden: bool = False
    delete_to_trash: bool = True
    password: str = ""
    notary: TrustStore | None = None
    default_kernel: str = "jovi"
    output_limit_lines: int = 10_000
    output_limit_bytes: int = 5_000_000
    iopub_msg_rate_limit: float = 0.0
    iopub_data_rate_limit: float = 0.0
    rate_limit_window: float = 3.0
    allowed_hosts: frozenset[str] | None = None
    allow_origin: str = ""
    nbconfig_dir: Path | None = None
    jovi_dir: Path | None = None
    cull: CullPolicy = field(default_factory=CullPolicy)
    disable_check_xsrf: bool = False
    shutdown_no_activity_timeout: float = 0.0


@dataclass(slots=True)
class ServerState:
    """What ``/api/status`` reports."""

    started: float = field(default_factory=time.time)
    last_activity: float = field(default_factory=time.time)
    connections: int = 0
    kernels: int = 0

    def note_activity(self) -> None:
        """A request came (see :class:`~jovi.server.inactivity.ActivityMiddleware`)."""
        self.last_activity = time.time()


def build_app(settings: ServerSettings) -> Starlette:
    """The application serving ``settings``."""

    base_url = normalize_base_url(settings.base_url)
    contents = ContentsManager(
        settings.root_dir,
        notary=settings.notary,
        allow_hidden=settings.allow_hidden,
        delete_to_trash=settings.delete_to_trash,
    )
    state = ServerState()
    tasks = TaskOwner()
    limits = OutputLimits(settings.output_limit_lines, settings.output_limit_bytes)
    kernels = ServerKernels(
        contents.root,
        tasks,
        settings.default_kernel,
        limits=limits,
        base_url=base_url,
        rates=(
            settings.iopub_msg_rate_limit,
            settings.iopub_data_rate_limit,
            settings.rate_limit_window,
        ),
    )
    sessions = SessionStore()
    clusters = ServerClusters(settings.jovi_dir or jovi_dir(), tasks)
    frontend_config = FrontendConfig(settings.nbconfig_dir or jupyter_config_dir() / "nbconfig")

    async def version(request: Request) -> Response:
        return json_reply({"version": __version__})

    async def status(request: Request) -> Response:
        activity = max([state.last_activity, *(k.last_activity for k in kernels.kernels.values())])
        return json_reply(
            {
                "started": iso_utc(state.started),
                "last_activity": iso_utc(activity),
                "connections": sum(k.attached for k in kernels.kernels.values()),
                "kernels": len(kernels.kernels),
            }
        )

    async def shutdown(request: Request) -> Response:
        stop = getattr(app.state, "request_stop", None)
        if stop is None:
            return json_reply(
                {"message": "This server cannot be stopped from here.", "reason": None}, 501
            )
        stop()
        return json_reply({}, 200)

    async def spec(request: Request) -> Response:
        text = files("jovi.server").joinpath("api.yaml").read_bytes()
        return PlainResponse(text, media_type="text/x-yaml")

    async def me(request: Request) -> Response:
        return json_reply(_identity(request.query_params.get("permissions")))

    routes: list[BaseRoute] = [
        Route("/api", version, methods=["GET"]),
        Route("/api/", version, methods=["GET"]),
        Route("/api/status", status, methods=["GET"]),
        Route("/api/me", me, methods=["GET"]),
        Route("/api/shutdown", shutdown, methods=["POST"]),
        Route("/api/spec.yaml", spec, methods=["GET"]),
        *contents_routes(contents, base_url),
        *kernel_routes(kernels, base_url, settings.allow_origin),
        *session_routes(sessions, kernels, base_url),
        *config_routes(frontend_config),
        *cluster_routes(clusters),
        *nbconvert_routes(contents.root),
        *file_routes(contents.root),
        *view_routes(contents.root, base_url),
        *page_routes(contents.root, base_url, delete_to_trash=settings.delete_to_trash),
    ]
    gate = Gate(
        settings.token,
        settings.cookie_secret,
        f"jovi-login-{settings.port}",
        password_set=bool(settings.password),
        open_paths=frozenset({"/api", "/api/", "/login", "/logout"}),
        check_xsrf=not settings.disable_check_xsrf,
    )
    routes += login_routes(gate, settings.password, base_url)
    if base_url != "/":
        routes = [Mount(base_url.rstrip("/"), routes=routes)]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with tasks.running():
            if settings.cull.enabled:
                tasks.spawn(cull_forever(kernels, settings.cull), "culling idle kernels")
            if settings.shutdown_no_activity_timeout > 0:
                tasks.spawn(
                    stop_when_unused(
                        settings.shutdown_no_activity_timeout,
                        lambda: len(kernels.kernels),
                        lambda: max(
                            [
                                state.last_activity,
                                *(k.last_activity for k in kernels.kernels.values()),
                            ]
                        ),
                        lambda: app.state.request_stop,
                    ),
                    "stopping when unused",
                )
            try:
                yield
            finally:
                # the kernels and clusters it started end with the server
                await clusters.shutdown_all()
                await kernels.shutdown_all()

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                OriginMiddleware,
                policy=OriginPolicy(settings.allow_origin, settings.allowed_hosts),
            ),
            Middleware(AuthMiddleware, gate=gate, base_url=base_url),
            # Inside the gate: only requests let in count as activity.
            Middleware(ActivityMiddleware, note=state.note_activity),
        ],
        lifespan=lifespan,
    )
    app.state.contents = contents
    app.state.status = state
    app.state.kernels = kernels
    app.state.sessions = sessions
    app.state.clusters = clusters
    app.state.request_stop = None  # set by whoever runs the app (POST /api/shutdown)
    app.state.frontend_config = frontend_config
    return app


def _identity(permissions: str | None) -> dict[str, Any]:
    """``/api/me``: the one user of a single-user server, allowed everything asked."""
    import getpass  # noqa: PLC0415 - start-up cost

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
