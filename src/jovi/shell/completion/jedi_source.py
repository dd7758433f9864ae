"""Completions inferred by jedi, within a time budget.

jedi understands code that is not run yet (``[1, 2].ap``, ``"x".up``, a variable
inside the function being written).  It is imported in the background the first
time it is wanted, asked with properties and ``__getattr__`` not executed, and its
answer is used only if it comes within the budget (100 ms by default).
"""

from __future__ import annotations

import threading
from typing import Any

from jovi.shell.completion.base import Completion, TimedOut, run_with_timeout
from jovi.utils.threads import mark_internal

__all__ = ["JediSource"]

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
                self._loading = mark_internal(
                    threading.Thread(target=self._load, name="jovi-jedi-import", daemon=True)
                )
                self._loading.start()
        return False

    def wait_until_loaded(self, timeout: float = 30.0) -> bool:
        self.ready()
        if self._loading is not None:
            self._loading.join(timeout)
        return self._jedi is not None

    def complete(
        self, text: str, cursor: int, namespaces: list[dict[str, Any]], budget: float
    ) -> list[Completion]:
        """jedi's completions for ``text`` at ``cursor``, or ``[]`` if it is not ready or slow."""
        if not self.ready():
            return []
        jedi = self._jedi
        before = text[:cursor]
        line = before.count("\n") + 1
        column = len(before.rsplit("\n", 1)[-1])

        def ask() -> list[Completion]:
            interpreter = jedi.Interpreter(text, namespaces)
            found = []
            for item in interpreter.complete(line, column):
                start = cursor - len(item.name) + len(item.complete or "")
                found.append(
                    Completion(
                        start, cursor, item.name, _TYPES.get(item.type, item.type), "", "jedi"
                    )
                )
            return found

        try:
            return run_with_timeout(ask, budget)
        except (TimedOut, Exception):  # noqa: BLE001 - jedi trouble means no jedi completions
            return []
