"""Which sites may use the server: the Host check and CORS.

* **DNS rebinding.**  A page of another site can make its own name resolve to
  127.0.0.1 and then talk to a server on loopback as if it were its own origin.  So a
  server listening on loopback only answers requests whose ``Host`` names loopback
  (``localhost``, ``127.0.0.1``, ``::1``); anything else gets 403, unless
  ``allow_remote_access`` is set (Jupyter Server's name and behaviour).
* **CORS is off** unless ``allow_origin`` names a site (or ``*``): then its pages may
  call the API from the browser.  Their preflight ``OPTIONS`` requests are answered
  here, before authentication (browsers send no credentials with them), and the
  answers to their requests carry the ``Access-Control-*`` headers.  Other sites get
  no such header, so the browser does not let their pages read the answers.

:class:`OriginPolicy` decides without I/O; :class:`OriginMiddleware` applies it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from jovi.server.asgi import request_headers, with_headers

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["LOOPBACK_NAMES", "OriginMiddleware", "OriginPolicy"]

LOOPBACK_NAMES: Final = frozenset({"localhost", "127.0.0.1", "::1"})
_METHODS: Final = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
_HEADERS: Final = "Authorization, Content-Type, X-XSRFToken, X-Requested-With"


def host_name(host_header: str) -> str:
    """The name in a ``Host`` header, without its port (``[::1]:8888`` -> ``::1``)."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class OriginPolicy:
    """What the server tells and allows other sites.

    Args:
        allow_origin: A site allowed to use the server from its pages, or ``*``, or "".
        allowed_hosts: The names a request's Host may carry (None: any).
    """

    def __init__(self, allow_origin: str = "", allowed_hosts: frozenset[str] | None = None) -> None:
        self.allow_origin = allow_origin
        self.allowed_hosts = allowed_hosts

    def host_allowed(self, host_header: str) -> bool:
        return self.allowed_hosts is None or host_name(host_header) in self.allowed_hosts

    def origin_allowed(self, origin: str) -> bool:
        return bool(self.allow_origin) and self.allow_origin in {"*", origin}

    def cors_headers(self, origin: str) -> list[tuple[bytes, bytes]]:
        """The CORS headers of an answer to a request from ``origin`` (none if not allowed)."""
        if not origin or not self.origin_allowed(origin):
            return []
        if self.allow_origin == "*":
            return [(b"access-control-allow-origin", b"*")]
        return [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"access-control-allow-credentials", b"true"),
            (b"vary", b"Origin"),
        ]

    def preflight_headers(self, origin: str) -> list[tuple[bytes, bytes]]:
        """The answer's headers to an allowed site's preflight request."""
        return [
            *self.cors_headers(origin),
            (b"access-control-allow-methods", _METHODS.encode()),
            (b"access-control-allow-headers", _HEADERS.encode()),
            (b"access-control-max-age", b"600"),
        ]


class OriginMiddleware:
    """Applies an :class:`OriginPolicy` to every request, before authentication."""

    def __init__(self, app: ASGIApp, policy: OriginPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = request_headers(scope)
        policy = self.policy
        if not policy.host_allowed(headers.get("host", "")):
            await _refuse(scope, receive, send)
            return
        origin = headers.get("origin", "")
        method = scope.get("method", "GET")
        if (
            scope["type"] == "http"
            and method == "OPTIONS"
            and "access-control-request-method" in headers
            and policy.origin_allowed(origin)
        ):
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": policy.preflight_headers(origin),
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        extra = policy.cors_headers(origin) if scope["type"] == "http" else []
        if not extra:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, with_headers(send, extra))


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    from starlette.responses import JSONResponse  # noqa: PLC0415 - start-up cost

    message = (
        "This server answers only requests addressed to it by a loopback name "
        "(DNS rebinding protection); start it with --NotebookApp.allow_remote_access=True "
        "to be reached by other names."
    )
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": "Host not allowed"})
        return
    await JSONResponse({"message": message, "reason": None}, 403)(scope, receive, send)
