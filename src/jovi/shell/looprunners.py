"""What runs a cell's top-level ``await`` when no event loop is running.

``InteractiveShell.loop_runner`` names it (``%autoawait`` sets it): ``asyncio`` (the
shell's own loop, the default), ``trio``, ``curio``, or the dotted name of a function
that takes a coroutine and runs it to its end (``mypackage.run``).  The shell runs
asyncio itself; :func:`runner_for` gives the function for the others.  A kernel, which
already runs an asyncio loop, awaits asyncio cells on that loop and hands a cell to the
other runners as the terminal does (the kernel's loop waits meanwhile).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine

__all__ = ["LIBRARY_RUNNERS", "runner_for"]

#: The runners known by the name of their library.
LIBRARY_RUNNERS = ("asyncio", "curio", "trio")


def _library(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise UsageError(
            f"%autoawait {name} needs the {name} package, which is not installed "
            f"(%pip install {name} installs it)."
        ) from None


async def _awaiting(coroutine: Coroutine[Any, Any, Any]) -> Any:
    # trio.run takes an async function, not a coroutine already made.
    return await coroutine


def runner_for(name: str) -> Callable[[Coroutine[Any, Any, Any]], Any]:
    """The function running a coroutine to its end for the runner ``name``: ``trio``,
    ``curio`` or a dotted name (``asyncio`` is the shell's own loop, not given here).

    Raises:
        UsageError: the library is not installed, or ``name`` names nothing callable.
    """
    if name == "trio":
        trio = _library("trio")
        return lambda coroutine: trio.run(_awaiting, coroutine)
    if name == "curio":
        run: Callable[[Coroutine[Any, Any, Any]], Any] = _library("curio").run
        return run
    module_name, _, attribute = name.rpartition(".")
    if not module_name or not attribute:
        raise UsageError(
            f"%autoawait takes on, off, asyncio, trio, curio or the dotted name of a "
            f"function running coroutines (package.module.run), not {name!r}."
        )
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise UsageError(f"%autoawait: cannot find {name!r} ({error}).") from None
    if not callable(found):
        raise UsageError(f"%autoawait: {name!r} is not a function that runs coroutines.")
    runner: Callable[[Coroutine[Any, Any, Any]], Any] = found
    return runner
