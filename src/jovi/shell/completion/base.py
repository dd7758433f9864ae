"""Completions as data, the context they are computed in, and time limits.

A :class:`Completion` replaces ``text[start:end]`` with ``text`` and says what kind
of thing it names (``function``, ``module``, ``magic``, ``path`` ...) and, for
callables, its signature.  Work that may run user code (``dir()`` of an object with
a custom ``__dir__``, jedi) runs under a time limit in a helper thread, so a slow
or hanging object can delay completion by at most that limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Completion", "CompletionContext", "TimedOut", "run_with_timeout"]

T = TypeVar("T")

_NAME_BEFORE = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]?\w*)*$|\.?$")


@dataclass(frozen=True, slots=True)
class Completion:
    """Replace ``[start, end)`` of the text with ``text``."""

    start: int
    end: int
    text: str
    type: str = ""
    signature: str = ""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """The text being completed and where the cursor is."""

    text: str
    cursor: int

    @property
    def before(self) -> str:
        return self.text[: self.cursor]

    @property
    def line(self) -> str:
        """The current line up to the cursor."""
        return self.before.rsplit("\n", 1)[-1]

    @property
    def line_start(self) -> int:
        return self.cursor - len(self.line)

    def token(self, pattern: re.Pattern[str] = _NAME_BEFORE) -> str:
        match = pattern.search(self.line)
        return match.group(0) if match else ""


class TimedOut(Exception):  # noqa: N818 - an outcome, not a failure of ours
    """A completion source did not answer within its time."""


def run_with_timeout(function: Callable[[], T], timeout: float) -> T:
    """``function()`` in a helper thread; :class:`TimedOut` if it takes over ``timeout`` s.

    A call that times out is left running in its (daemon) thread: Python cannot stop
    it, but the caller no longer waits for it.
    """
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((True, function()))
        except BaseException as error:  # noqa: BLE001 - passed back to the caller
            outcome.append((False, error))

    # The one thread that may outlive its owner (this call): Python cannot stop it.
    OwnedThreads("a timed completion").start(target, name="jovi-completion").join(timeout)
    if not outcome:
        raise TimedOut
    ok, value = outcome[0]
    if ok:
        return value  # type: ignore[no-any-return]
    raise value
