"""The current shell of this context: a ``ContextVar`` with a context-manager setter (STYLE C10).

:func:`current_shell` is what ``get_ipython()``, ``@register_line_magic`` and
``set_trace()`` ask for.  :func:`use_shell` makes a shell current for a block, in this
context only (a thread, or an asyncio task, sees its own); outside every block the
process's registered shell (``InteractiveShell.instance()``, set by ``jovi`` and
``jovi kernel``) answers, so code that runs in a new thread still finds it.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["current_shell", "use_shell"]

_current: ContextVar[InteractiveShell | None] = ContextVar("jovi_current_shell", default=None)


def current_shell() -> InteractiveShell | None:
    """The shell of the innermost :func:`use_shell` block, else the registered one, else ``None``."""
    shell = _current.get()
    if shell is not None:
        return shell
    from jovi.shell.interactiveshell import InteractiveShell  # noqa: PLC0415 - start-up cost

    return InteractiveShell.instance() if InteractiveShell.initialized() else None


@contextlib.contextmanager
def use_shell(shell: InteractiveShell) -> Iterator[InteractiveShell]:
    """Make ``shell`` the current shell of this context while the block runs."""
    token = _current.set(shell)
    try:
        yield shell
    finally:
        _current.reset(token)
