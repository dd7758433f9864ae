"""Subshells (protocol 5.5): more shells of the same kernel, each on a thread of its own.

A client creates a subshell with ``create_subshell_request`` on control and sends
shell requests with its id in the header's ``subshell_id``.  Each subshell is an
:class:`~jovi.kernel.executor.Executor` on its own thread: its requests run in order,
and beside those of the main shell and of the other subshells, in the same
namespace.  A client can so inspect variables, or run a quick cell, while a long
cell runs in the main shell.  Code in a subshell cannot be interrupted (signals
reach only the main thread), as in ipykernel.
"""

from __future__ import annotations

import threading
import uuid
from typing import TYPE_CHECKING, Final

from jovi.kernel.executor import Executor

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from jovi.kernel.server import Request

__all__ = ["JOIN_TIMEOUT_S", "Subshells"]

JOIN_TIMEOUT_S: Final = 5.0
"""How long deleting a subshell waits for the request it serves to end."""


class Subshells:
    """The kernel's subshells, by id.

    Args:
        serve: Serves one request (the kernel's, for every executor).
    """

    def __init__(self, serve: Callable[[Request, Executor], Awaitable[None] | None]) -> None:
        self._serve = serve
        self._executors: dict[str, Executor] = {}
        self._lock = threading.Lock()

    def create(self) -> str:
        """Start a subshell; return its id."""
        subshell_id = str(uuid.uuid4())
        executor = Executor(f"subshell-{subshell_id[:8]}", self._serve)
        executor.start()
        with self._lock:
            self._executors[subshell_id] = executor
        return subshell_id

    def get(self, subshell_id: str) -> Executor | None:
        """The executor of subshell ``subshell_id``, if it exists."""
        return self._executors.get(subshell_id)

    def ids(self) -> list[str]:
        """The ids of the subshells, oldest first."""
        with self._lock:
            return list(self._executors)

    def delete(self, subshell_id: str) -> bool:
        """Stop a subshell once its running request ends; False if there is none."""
        with self._lock:
            executor = self._executors.pop(subshell_id, None)
        if executor is None:
            return False
        executor.stop()
        executor.join(JOIN_TIMEOUT_S)
        return True

    def owns_current_thread(self) -> bool:
        """Whether the caller runs in a subshell."""
        current = threading.current_thread()
        return any(executor.thread is current for executor in list(self._executors.values()))

    def close(self) -> None:
        """Stop every subshell."""
        for subshell_id in self.ids():
            self.delete(subshell_id)
