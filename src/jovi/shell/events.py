"""Events of the shell that extensions can hook into.

| event | when | arguments |
|---|---|---|
| ``pre_execute`` | before any code runs, including silent code | none |
| ``pre_run_cell`` | before a cell typed by the user runs | the :class:`ExecutionInfo` |
| ``post_execute`` | after any code ran | none |
| ``post_run_cell`` | after a cell typed by the user ran | the :class:`ExecutionResult` |
| ``shell_initialized`` | once the shell is ready | the shell |

A callback that raises is reported in one line and the others still run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["AVAILABLE_EVENTS", "EventManager"]

log = get_logger("jovi")

AVAILABLE_EVENTS = (
    "pre_execute",
    "pre_run_cell",
    "post_execute",
    "post_run_cell",
    "shell_initialized",
)


class EventManager:
    """Callbacks by event name."""

    def __init__(self, shell: object = None, available: tuple[str, ...] = AVAILABLE_EVENTS) -> None:
        self.shell = shell
        self.callbacks: dict[str, list[Callable[..., Any]]] = {name: [] for name in available}

    def register(self, event: str, function: Callable[..., Any]) -> None:
        """Call ``function`` on ``event``."""
        if event not in self.callbacks:
            known = ", ".join(self.callbacks)
            raise KeyError(f"unknown event {event!r}; the events are: {known}")
        if not callable(function):
            raise TypeError(f"{function!r} is not callable")
        if function not in self.callbacks[event]:
            self.callbacks[event].append(function)

    def unregister(self, event: str, function: Callable[..., Any]) -> None:
        """Stop calling ``function`` on ``event``."""
        try:
            self.callbacks[event].remove(function)
        except (KeyError, ValueError):
            raise ValueError(f"{function!r} is not registered for {event!r}") from None

    def trigger(self, event: str, *args: Any, **kwargs: Any) -> None:
        """Call every callback of ``event``; a failing one is reported and skipped."""
        for function in list(self.callbacks.get(event, ())):
            try:
                function(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - an extension's bug must not stop the shell
                name = getattr(function, "__qualname__", repr(function))
                log.warning(
                    "the %s callback %s failed: %s: %s", event, name, type(error).__name__, error
                )
