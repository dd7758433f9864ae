"""``shell.hooks``: the functions a user or an extension puts in place of the shell's own.

``shell.set_hook("editor", function)`` installs one.  Hooks are read by name
(``shell.hooks.get("editor")``) and, as IPython's code reads them, as attributes:
``IPython.core.page.page`` calls ``get_ipython().hooks.show_in_pager(data, start=...,
screen_lines=...)``.  A hook the user did not install reads as the shell's own
behaviour where it has one (``show_in_pager``: the shell's pager), else raises
``AttributeError``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.display.formatters import MimeBundle
    from jovi.shell.output import ShellOutput

__all__ = ["Hooks"]


class Hooks(dict[str, "Callable[..., Any]"]):
    """Installed hooks by name, also readable as attributes."""

    def __init__(self, output: Callable[[], ShellOutput]) -> None:
        super().__init__()
        self._output = output

    def __getattr__(self, name: str) -> Callable[..., Any]:
        installed = self.get(name)
        if installed is not None:
            return installed
        if name == "show_in_pager":
            return self._show_in_pager
        raise AttributeError(f"no {name!r} hook is installed")

    def _show_in_pager(self, data: str | MimeBundle, start: int = 0, **_ignored: Any) -> None:
        """Page ``data`` (text or a MIME bundle) through the shell's output."""
        bundle = {"text/plain": data} if isinstance(data, str) else dict(data)
        self._output().page(bundle, start)
