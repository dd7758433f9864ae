"""The requests a client sends, with jupyter_client's names and arguments.

:class:`RequestMethods` is shared by both clients: each method builds the typed
content and hands it to the client's ``_request``, which sends it and returns the
``msg_id`` or, with ``reply=True``, waits for the reply (at most ``timeout``
seconds).  In :class:`~jovi.client.BlockingKernelClient` that is the value itself;
in :class:`~jovi.client.AsyncKernelClient` it is awaited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from jovi.protocol import (
    CommInfoRequest,
    CompleteRequest,
    ExecuteRequest,
    HistoryRequest,
    InspectRequest,
    IsCompleteRequest,
    KernelInfoRequest,
    ShutdownRequest,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.client.core import MessageChannelName
    from jovi.protocol import Content

__all__ = ["RequestMethods", "history_request"]

R = TypeVar("R")

_HISTORY_FIELDS = ("session", "start", "stop", "n", "pattern", "unique")


def history_request(
    raw: bool, output: bool, hist_access_type: str, options: Mapping[str, Any]
) -> HistoryRequest:
    """A ``history_request`` from jupyter_client-style arguments.

    Raises:
        TypeError: an option that history requests do not have.
    """
    unknown = [name for name in options if name not in _HISTORY_FIELDS]
    if unknown:
        raise TypeError(f"history() has no option {unknown[0]!r}; use {', '.join(_HISTORY_FIELDS)}")
    return HistoryRequest(hist_access_type=hist_access_type, raw=raw, output=output, **options)


class RequestMethods(Generic[R]):
    """``execute``, ``complete``, ``inspect``, ``history``, ``kernel_info``,
    ``comm_info``, ``is_complete`` and ``shutdown``, for any client."""

    allow_stdin: bool = True
    """Whether this client answers input requests (the default of ``execute``)."""

    def _request(
        self,
        channel: MessageChannelName,
        content: Content,
        reply: bool,
        timeout: float | None,
    ) -> R:
        raise NotImplementedError

    def execute(  # noqa: PLR0917 - jupyter_client's signature
        self,
        code: str,
        silent: bool = False,
        store_history: bool = True,
        user_expressions: Mapping[str, str] | None = None,
        allow_stdin: bool | None = None,
        stop_on_error: bool = True,
        *,
        reply: bool = False,
        timeout: float | None = None,
    ) -> R:
        """Run ``code`` in the kernel.

        Args:
            code: The code, in the kernel's language.
            silent: Run as quietly as possible (no output, no history, no count).
            store_history: Store the code in the kernel's history.
            user_expressions: Names of expressions to evaluate after the code; their
                values come back in the reply.
            allow_stdin: Whether the code may ask for input (default: this client's
                :attr:`allow_stdin`).
            stop_on_error: Skip the requests queued after this one if it fails.
            reply: Wait for the reply and return it (else return the ``msg_id``).
            timeout: With ``reply``: at most this many seconds (None: no limit).

        Raises:
            KernelTimeout: no reply within ``timeout``.
        """
        if not isinstance(code, str):
            raise TypeError(f"the code to execute must be a string, not {type(code).__name__}")
        content = ExecuteRequest(
            code=code,
            silent=silent,
            store_history=store_history and not silent,
            user_expressions=dict(user_expressions or {}),
            allow_stdin=self.allow_stdin if allow_stdin is None else allow_stdin,
            stop_on_error=stop_on_error,
        )
        return self._request("shell", content, reply, timeout)

    def complete(
        self,
        code: str,
        cursor_pos: int | None = None,
        *,
        reply: bool = False,
        timeout: float | None = None,
    ) -> R:
        """Ask for the completions of ``code`` at ``cursor_pos`` (default: its end)."""
        position = len(code) if cursor_pos is None else cursor_pos
        return self._request(
            "shell", CompleteRequest(code=code, cursor_pos=position), reply, timeout
        )

    def inspect(
        self,
        code: str,
        cursor_pos: int | None = None,
        detail_level: int = 0,
        *,
        reply: bool = False,
        timeout: float | None = None,
    ) -> R:
        """Ask about the object at ``cursor_pos`` in ``code`` (``detail_level`` 0 or 1)."""
        position = len(code) if cursor_pos is None else cursor_pos
        content = InspectRequest(code=code, cursor_pos=position, detail_level=detail_level)
        return self._request("shell", content, reply, timeout)

    def history(
        self,
        raw: bool = True,
        output: bool = False,
        hist_access_type: str = "range",
        *,
        reply: bool = False,
        timeout: float | None = None,
        **options: Any,
    ) -> R:
        """Ask for history: ``range`` (session, start, stop), ``tail`` (n) or
        ``search`` (pattern, n, unique)."""
        content = history_request(raw, output, hist_access_type, options)
        return self._request("shell", content, reply, timeout)

    def kernel_info(self, *, reply: bool = False, timeout: float | None = None) -> R:
        """Ask what the kernel is (language, versions, banner)."""
        return self._request("shell", KernelInfoRequest(), reply, timeout)

    def comm_info(
        self, target_name: str | None = None, *, reply: bool = False, timeout: float | None = None
    ) -> R:
        """Ask which comms are open (of ``target_name`` only, if given)."""
        return self._request("shell", CommInfoRequest(target_name=target_name), reply, timeout)

    def is_complete(self, code: str, *, reply: bool = False, timeout: float | None = None) -> R:
        """Ask whether ``code`` is complete, incomplete (and how to indent) or invalid."""
        return self._request("shell", IsCompleteRequest(code=code), reply, timeout)

    def shutdown(
        self, restart: bool = False, *, reply: bool = False, timeout: float | None = None
    ) -> R:
        """Ask the kernel to shut down (on the control channel)."""
        return self._request("control", ShutdownRequest(restart=restart), reply, timeout)
