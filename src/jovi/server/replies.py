"""JSON replies of the REST API, and errors as Jupyter Server shapes them.

Every error answer is ``{"message": <one sentence>, "reason": <short word or null>}``
with its status; an unexpected failure is logged and answered with 500 and
``"Unhandled error"`` (the details stay in the server's log).
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any, ParamSpec
from urllib.parse import quote

from starlette.responses import Response

from jovi.errors import ServerError
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from starlette.requests import Request

__all__ = ["answers_errors", "body_json", "error_reply", "json_reply", "location", "no_content"]

P = ParamSpec("P")

log = get_logger("jovi.server")


def json_reply(value: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """``value`` as a JSON answer."""
    body = _encode(value)
    return Response(body, status, headers=headers, media_type="application/json")


def _encode(value: object) -> bytes:
    import msgspec  # noqa: PLC0415 - the wire format's codec, already loaded by the server

    try:
        return msgspec.json.encode(value)
    except (TypeError, OverflowError, msgspec.EncodeError):  # e.g. a lone surrogate
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"
        )


def no_content() -> Response:
    return Response(status_code=204)


def error_reply(error: Exception) -> Response:
    """The answer to a request that failed with ``error``."""
    if isinstance(error, ServerError):
        return json_reply({"message": str(error), "reason": error.reason}, error.status)
    log.error("a request failed unexpectedly", exc_info=error)
    return json_reply({"message": "Unhandled error", "reason": None, "traceback": ""}, 500)


async def body_json(request: Request, *, required: bool = False) -> Any:
    """The request's JSON body (None when empty and not ``required``).

    Raises:
        ServerError: 400 when the body is not JSON, or is missing and ``required``.
    """
    data = await request.body()
    if not data.strip():
        if required:
            raise ServerError(400, "The request has no JSON body.")
        return None
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise ServerError(400, "The request's body is not valid JSON.") from None


def location(base_url: str, *parts: str) -> str:
    """The URL path of ``parts`` under ``base_url``, each part escaped ("/" kept)."""
    escaped = "/".join(quote(part.strip("/"), safe="/") for part in parts if part.strip("/"))
    return base_url.rstrip("/") + "/" + escaped


def answers_errors(handler: Callable[P, Awaitable[Response]]) -> Callable[P, Awaitable[Response]]:
    """Make every failure of ``handler`` an answer (:func:`error_reply`)."""

    @functools.wraps(handler)
    async def answered(*args: P.args, **kwargs: P.kwargs) -> Response:
        try:
            return await handler(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure gets an answer
            return error_reply(error)

    return answered
