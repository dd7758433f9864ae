"""jovi starts threads only through jovi.utils.threads.OwnedThreads (docs/architecture.md,
"Concurrency"): no `threading.Thread(...)` elsewhere, no subclass of it but the
user-facing background jobs (IPython's `BackgroundJobBase` API)."""

from __future__ import annotations

import ast

from tests.architecture.load_time_imports import modules

_HELPER = "jovi.utils.threads"
_USER_API_SUBCLASSES = {"jovi.lib.backgroundjobs"}


def _names_thread(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "Thread") or (
        isinstance(node, ast.Name) and node.id == "Thread"
    )


def _thread_starts(module: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(modules()[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and _names_thread(node.func):
            found.append(f"{module}:{node.lineno} constructs a Thread")
        if (
            isinstance(node, ast.ClassDef)
            and any(_names_thread(base) for base in node.bases)
            and module not in _USER_API_SUBCLASSES
        ):
            found.append(f"{module}:{node.lineno} subclasses Thread")
    return found


def test_threads_are_started_only_by_the_owned_threads_helper():
    found = [place for module in modules() if module != _HELPER for place in _thread_starts(module)]
    assert found == [], "start threads with jovi.utils.threads.OwnedThreads"


def test_the_check_sees_a_thread_started_directly():
    # The scanner itself: the helper's own module does construct one.
    assert _thread_starts(_HELPER) == [f"{_HELPER}:{_line_of_thread_call()} constructs a Thread"]


def _line_of_thread_call() -> int:
    text = modules()[_HELPER].read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(text, 1) if "threading.Thread(" in line)
