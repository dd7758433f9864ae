"""``/login`` and ``/logout``: a browser's way in without the token in its address bar.

The login page takes the server's password (checked against its hash) or its token,
and answers with the login cookie and a redirect to where the browser was going
(only to a path on this server: never to another site).  The form carries the
``_xsrf`` cookie's value, so another site cannot log a browser in behind its back.
"""

from __future__ import annotations

import hmac
import html
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from jovi.server.auth import XSRF_COOKIE, Gate
from jovi.server.passwords import check_password

if TYPE_CHECKING:
    from starlette.requests import Request

__all__ = ["login_routes", "safe_next"]

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>jovi: log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:26rem;margin:12vh auto;padding:0 1rem}}
input{{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box;margin:.4rem 0}}
button{{font-size:1rem;padding:.4rem 1.2rem}}.error{{color:#b00020}}</style></head>
<body><h1>jovi</h1>{message}
<form method="post" action="{action}">
<input type="hidden" name="_xsrf" value="{xsrf}"><input type="hidden" name="next" value="{next}">
<label for="password">{label}</label>
<input type="password" id="password" name="password" autofocus autocomplete="current-password">
<button type="submit">Log in</button></form></body></html>
"""


def safe_next(value: str, base_url: str) -> str:
    """Where to go after logging in: ``value`` if it is a path on this server."""
    if value.startswith(base_url) and not value.startswith("//") and "\\" not in value:
        return value
    return base_url


def login_routes(gate: Gate, password_hash: str, base_url: str) -> list[Route]:
    """The routes of the login page, checking ``password_hash`` (or the token)."""

    def page(request: Request, message: str = "", status: int = 200) -> Response:
        xsrf = request.cookies.get(XSRF_COOKIE, "")
        label = "Password" if password_hash else "Token"
        body = _PAGE.format(
            message=f'<p class="error">{html.escape(message)}</p>' if message else "",
            action=html.escape(f"{base_url}login"),
            xsrf=html.escape(xsrf),
            next=html.escape(safe_next(request.query_params.get("next", ""), base_url)),
            label=label,
        )
        return HTMLResponse(body, status)

    async def login(request: Request) -> Response:
        if request.method == "GET":
            return page(request)
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        given = (form.get("password") or [""])[0]
        xsrf = (form.get("_xsrf") or [""])[0]
        expected_xsrf = request.cookies.get(XSRF_COOKIE, "")
        if not expected_xsrf or not hmac.compare_digest(xsrf, expected_xsrf):
            return page(request, "The form expired; log in again.", 403)
        accepted = (password_hash and check_password(password_hash, given)) or (
            gate.token and hmac.compare_digest(given, gate.token)
        )
        if not accepted:
            return page(request, "That password is not right.", 401)
        target = safe_next((form.get("next") or [""])[0], base_url)
        response = RedirectResponse(target, 302)
        response.set_cookie(
            gate.cookie_name,
            gate.login_cookie(),
            max_age=30 * 86400,
            path=base_url,
            httponly=True,
            samesite="lax",
        )
        return response

    async def logout(request: Request) -> Response:
        response = HTMLResponse(
            f'<!DOCTYPE html><html><body><p>Logged out. <a href="{html.escape(base_url)}login">'
            "Log in again</a>.</p></body></html>"
        )
        response.delete_cookie(gate.cookie_name, path=base_url)
        return response

    return [
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["GET", "POST"]),
    ]
