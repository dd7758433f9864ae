"""Completions inferred by jedi, within a time budget.

jedi understands code that is not run yet (``f().up`` where ``f`` returns a string,
a variable inside the function being written).  It is imported in the background
the first time it is wanted (or when the terminal warms it up, once its first prompt
shows), asked with properties and ``__getattr__`` not executed, and its answer is
used only if it comes within the budget (100 ms by default).  A question that misses
the budget goes on in the background: :meth:`JediSource.late` gives its answer when
it comes, so a frontend can add it to what it already shows.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from jovi.shell.completion.base import Completion
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["WARM_UP_DELAY_S", "JediSource"]

WARM_UP_DELAY_S = 0.3
"""How long after the first prompt jedi is loaded (the prompt is drawn first)."""

_TYPES = {
    "function": "function",
    "class": "class",
    "module": "module",
    "instance": "instance",
    "keyword": "keyword",
    "param": "param",
    "path": "path",
    "property": "property",
    "statement": "instance",
}


class JediSource:
    """jedi, imported lazily and in the background."""

    def __init__(self) -> None:
        self._jedi: Any = None
        self._failed = False
        self._loading: threading.Thread | None = None
        self._lock = threading.Lock()
        # Questions to jedi answered after their time budget are left to finish.
        self._threads = OwnedThreads("jedi")
        self._pending: _Pending | None = None

    def _load(self) -> None:
        try:
            import jedi  # noqa: PLC0415 - a heavy import, only when wanted

            jedi.settings.allow_unsafe_interpreter_executions = False
            jedi.settings.case_insensitive_completion = False
            self._jedi = jedi
        except Exception:  # noqa: BLE001 - jedi missing or broken: complete without it
            self._failed = True

    def ready(self) -> bool:
        """Whether jedi is loaded; starts loading it otherwise."""
        if self._jedi is not None:
            return True
        with self._lock:
            if self._loading is None and not self._failed:
                self._loading = self._threads.start(self._load, name="jovi-jedi-import")
        return False

    def wait_until_loaded(self, timeout: float = 30.0) -> bool:
        self.ready()
        if self._loading is not None:
            self._loading.join(timeout)
        return self._jedi is not None

    def warm_up(self, delay: float = WARM_UP_DELAY_S) -> None:
        """Import jedi and answer one question in the background, ``delay`` seconds from
        now (the prompt is drawn first), so that the first real completion finds it
        ready, its caches filled."""
        with self._lock:
            if self._loading is not None or self._failed or self._jedi is not None:
                return
            self._loading = self._threads.start(self._load_and_ask, delay, name="jovi-jedi-warm-up")

    def _load_and_ask(self, delay: float) -> None:
        threading.Event().wait(delay)
        self._load()
        if self._jedi is not None:
            with contextlib.suppress(Exception):
                self._jedi.Interpreter("import os\nos.pa", [{}]).complete(2, 5)

    def complete(
        self, text: str, cursor: int, namespaces: list[dict[str, Any]], budget: float
    ) -> list[Completion]:
        """jedi's completions for ``text`` at ``cursor``, or ``[]`` if it is not ready or slow
        (a slow question goes on: see :meth:`late`)."""
        if not self.ready():
            self._pending = None
            return []
        pending = _Pending(
            (text, cursor), lambda: self._ask(text, cursor, namespaces), self._threads
        )
        self._pending = pending
        return pending.result(budget)

    def late(self, text: str, cursor: int, timeout: float) -> list[Completion]:
        """The answer to the last question about ``text`` at ``cursor``, waiting up to
        ``timeout`` seconds for it (``[]`` if it was another question, or none came)."""
        pending = self._pending
        if pending is None or pending.key != (text, cursor):
            return []
        return pending.result(timeout)

    def _ask(self, text: str, cursor: int, namespaces: list[dict[str, Any]]) -> list[Completion]:
        jedi = self._jedi
        before = text[:cursor]
        line = before.count("\n") + 1
        column = len(before.rsplit("\n", 1)[-1])
        interpreter = jedi.Interpreter(text, namespaces)
        found = []
        for item in interpreter.complete(line, column):
            start = cursor - len(item.name) + len(item.complete or "")
            found.append(
                Completion(start, cursor, item.name, _TYPES.get(item.type, item.type), "", "jedi")
            )
        return found


class _Pending:
    """One question to jedi, asked on a thread of its own; its answer, when it comes."""

    def __init__(
        self,
        key: tuple[str, int],
        ask: Callable[[], list[Completion]],
        threads: OwnedThreads,
    ) -> None:
        self.key = key
        self._answer: list[Completion] | None = None
        self._thread = threads.start(self._run, ask, name="jovi-completion")

    def _run(self, ask: Callable[[], list[Completion]]) -> None:
        try:
            self._answer = ask()
        except Exception:  # noqa: BLE001 - jedi trouble means no jedi completions
            self._answer = []

    def result(self, timeout: float) -> list[Completion]:
        """The answer, waiting up to ``timeout`` seconds; ``[]`` if none came by then."""
        self._thread.join(timeout)
        return list(self._answer) if self._answer is not None else []
