"""Who may use the server: the token, the login cookie, XSRF, as Jupyter Server does.

A request is let in when it carries the server's token (``Authorization: token T``
or ``bearer T``, or ``?token=T``) or a login cookie the server signed.  A page opened
with ``?token=T`` gets the login cookie, so the browser needs the token once.  A
request that changes something (POST, PUT, PATCH, DELETE) and is let in by its
cookie alone must also echo the ``_xsrf`` cookie in an ``X-XSRFToken`` header: a
page of another site can make the browser send the cookie, not read it.

:class:`Gate` decides without I/O; :class:`AuthMiddleware` applies it to every HTTP
request and WebSocket.  ``GET /api`` (the version) and ``/login`` are open.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qs

from jovi.server.asgi import request_headers, with_headers

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["XSRF_COOKIE", "AuthMiddleware", "Decision", "Gate", "new_token"]

XSRF_COOKIE: Final = "_xsrf"
_UNSAFE: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_COOKIE_DAYS: Final = 30


def new_token() -> str:
    """A fresh random token (48 hex digits, as Jupyter Server's)."""
    return secrets.token_hex(24)


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one request.

    Attributes:
        allowed: Let it in.
        by: How it was let in: ``"token"``, ``"cookie"``, ``"open"`` (needs nothing,
            or the server has no token and no password), or ``""``.
        set_cookie: Give the browser the login cookie (it came with ``?token=``).
        reason: Why it was refused (one sentence), when it was.
    """

    allowed: bool
    by: str = ""
    set_cookie: bool = False
    reason: str = ""


class Gate:
    """Decides who is let in (no I/O).

    Args:
        token: The server's token; empty with no password means no authentication
            (allowed only on loopback: the command refuses otherwise).
        cookie_secret: Signs login cookies.
        cookie_name: The login cookie's name (it names the port, so that two servers
            on one host do not share a login).
        open_paths: Paths under the base URL that need nothing.
        check_xsrf: A change by login cookie alone needs the XSRF header (False:
            Jupyter Server's ``disable_check_xsrf``, for clients that cannot send it).
    """

    def __init__(
        self,
        token: str,
        cookie_secret: bytes,
        cookie_name: str,
        *,
        password_set: bool = False,
        open_paths: frozenset[str] = frozenset(),
        check_xsrf: bool = True,
    ) -> None:
        self.token = token
        self.cookie_secret = cookie_secret
        self.cookie_name = cookie_name
        self.password_set = password_set
        self.open_paths = open_paths
        self.check_xsrf = check_xsrf

    @property
    def disabled(self) -> bool:
        return not self.token and not self.password_set

    def decide(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        query: dict[str, list[str]],
        cookies: dict[str, str],
    ) -> Decision:
        """Whether the request may go on (``path`` is relative to the base URL)."""
        if path in self.open_paths or self.disabled:
            return Decision(allowed=True, by="open")
        if self._token_in_header(headers.get("authorization", "")):
            return Decision(allowed=True, by="token")
        if self.token and any(hmac.compare_digest(t, self.token) for t in query.get("token", [])):
            return Decision(allowed=True, by="token", set_cookie=True)
        if self.check_cookie(cookies.get(self.cookie_name, "")):
            if self.check_xsrf and method in _UNSAFE and not _xsrf_matches(headers, cookies):
                return Decision(
                    allowed=False,
                    reason="The request's XSRF token (X-XSRFToken) is missing or wrong.",
                )
            return Decision(allowed=True, by="cookie")
        return Decision(allowed=False, reason="Authentication is required: the token, or log in.")

    def _token_in_header(self, value: str) -> bool:
        scheme, _, given = value.partition(" ")
        return (
            bool(self.token)
            and scheme.lower() in {"token", "bearer"}
            and hmac.compare_digest(given.strip(), self.token)
        )

    # ------------------------------------------------------------------ the cookie

    def login_cookie(self, user: str = "jovi", now: float | None = None) -> str:
        """A signed login cookie value for ``user``."""
        issued = int(time.time() if now is None else now)
        payload = f"{user}|{issued}"
        return f"{payload}|{self._sign(payload)}"

    def check_cookie(self, value: str, now: float | None = None) -> bool:
        """Whether ``value`` is a login cookie this server signed, and not expired."""
        payload, _, signature = value.rpartition("|")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return False
        issued = payload.rpartition("|")[2]
        if not issued.isdigit():
            return False
        age = (time.time() if now is None else now) - int(issued)
        return age < _COOKIE_DAYS * 86400

    def _sign(self, payload: str) -> str:
        return hmac.new(self.cookie_secret, payload.encode(), hashlib.sha256).hexdigest()


def _xsrf_matches(headers: dict[str, str], cookies: dict[str, str]) -> bool:
    expected = cookies.get(XSRF_COOKIE, "")
    given = headers.get("x-xsrftoken", "")
    return bool(expected) and hmac.compare_digest(expected, given)


class AuthMiddleware:
    """Applies a :class:`Gate` to every HTTP request and WebSocket of ``app``.

    Refused API requests and WebSockets get 403; refused pages are sent to the login
    page.  Every answer to a browser gets the ``_xsrf`` cookie if it has none.
    """

    def __init__(self, app: ASGIApp, gate: Gate, base_url: str) -> None:
        self.app = app
        self.gate = gate
        self.base_url = base_url.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = request_headers(scope)
        cookies = _cookies(headers.get("cookie", ""))
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        path = scope["path"]
        relative = path.removeprefix(self.base_url)
        method = scope.get("method", "GET")
        decision = self.gate.decide(method, relative or "/", headers, query, cookies)
        if not decision.allowed:
            await self._refuse(scope, receive, send, relative, decision.reason)
            return
        scope.setdefault("state", {})["auth"] = decision
        extra: list[tuple[bytes, bytes]] = []
        if decision.set_cookie:
            extra.append(self._cookie(self.gate.cookie_name, self.gate.login_cookie(), True))
        if XSRF_COOKIE not in cookies:
            extra.append(self._cookie(XSRF_COOKIE, secrets.token_hex(16), False))
        if not extra or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, with_headers(send, extra))

    def _cookie(self, name: str, value: str, http_only: bool) -> tuple[bytes, bytes]:
        path = self.base_url or "/"
        flags = f"{name}={value}; Path={path}; SameSite=Lax"
        if http_only:
            flags += f"; HttpOnly; Max-Age={_COOKIE_DAYS * 86400}"
        return (b"set-cookie", flags.encode("latin-1"))

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, relative: str, reason: str
    ) -> None:
        from starlette.responses import JSONResponse, RedirectResponse, Response  # noqa: PLC0415 - start-up cost

        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": reason[:120]})
            return
        response: Response
        if relative.startswith(("/api", "/files", "/nbconvert", "/kernelspecs", "/clusters")):
            response = JSONResponse({"message": reason, "reason": None}, 403)
        else:
            response = RedirectResponse(f"{self.base_url}/login?next={scope['path']}", 302)
        await response(scope, receive, send)


def _cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # noqa: BLE001 - a malformed Cookie header is no cookie
        return {}
    return {name: morsel.value for name, morsel in jar.items()}
