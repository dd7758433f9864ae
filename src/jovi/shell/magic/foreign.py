"""Magics written for IPython (subclasses of ``IPython.core.magic.Magics``) in jovi's registry.

Extensions such as line_profiler (``%lprun``), memory_profiler (``%memit``), jupysql
(``%sql``) or python-dotenv (``%dotenv``) register a class or an instance of IPython's
``Magics``.  :func:`adopt` turns one into a jovi :class:`~jovi.shell.magic.core.Magics`
(a :class:`ForeignMagics`) whose magics call the IPython object's bound methods, with
IPython's marks (``needs_local_scope``, ``no_var_expand``, ``output_can_be_silenced``)
read as jovi's and IPython's ``UsageError`` reported as jovi's (one line, no traceback).

Nothing here imports IPython: an object is IPython's when its class derives from the
``Magics`` of an already imported ``IPython.core.magic``.  A class is made with the
shell IPython's machinery accepts (:func:`jovi.shell.ipython_shell.ipython_facing`).
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, magics_class

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["ForeignMagics", "adopt", "is_ipython_magics"]

IPYTHON_MAGIC_MODULE = "IPython.core.magic"
_IPYTHON_ERROR_MODULE = "IPython.core.error"
# IPython's marks on magic functions, and jovi's attribute for each.
_MARKS = {
    "_ipython_magic_no_var_expand": "_jovi_no_var_expand",
    "_ipython_magic_output_can_be_silenced": "_jovi_output_can_be_silenced",
}


def _ipython_magics_base() -> type | None:
    base = getattr(sys.modules.get(IPYTHON_MAGIC_MODULE), "Magics", None)
    return base if isinstance(base, type) else None


def is_ipython_magics(item: object) -> bool:
    """Whether ``item`` is a subclass or an instance of IPython's ``Magics``."""
    base = _ipython_magics_base()
    if base is None:
        return False
    if isinstance(item, type):
        return issubclass(item, base)
    return isinstance(item, base)


def _as_jovi_usage_error(error: BaseException) -> UsageError | None:
    ipython_usage = getattr(sys.modules.get(_IPYTHON_ERROR_MODULE), "UsageError", None)
    if isinstance(ipython_usage, type) and isinstance(error, ipython_usage):
        return UsageError(str(error))
    return None


def _adapted(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a bound method of an IPython magics object) as a jovi magic."""

    @functools.wraps(function)
    def magic(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:
            usage = _as_jovi_usage_error(error)
            if usage is None:
                raise
            raise usage from None

    # Code that finds a magic asks for the object it belongs to, as of a bound method
    # (jupysql: ``ip.find_cell_magic("jupysql").__self__``).
    for attribute in ("__self__", "__func__"):
        if hasattr(function, attribute):
            setattr(magic, attribute, getattr(function, attribute))
    for ipython_mark, jovi_mark in _MARKS.items():
        if getattr(function, ipython_mark, False):
            setattr(magic, jovi_mark, True)
    return magic


@magics_class
class ForeignMagics(Magics):
    """An IPython ``Magics`` object as a group of jovi magics.

    Attributes the group does not have are read from the IPython object (its options,
    its state), so code that finds it in ``shell.magics_manager.registry`` by its class
    name sees what it registered.
    """

    def __init__(self, shell: InteractiveShell, original: Any) -> None:
        super().__init__(shell)
        self.original = original
        self.group_name = type(original).__name__
        table: dict[str, Any] = getattr(original, "magics", {})
        self.bound = {
            kind: {name: _adapted(function) for name, function in table.get(kind, {}).items()}
            for kind in ("line", "cell")
        }

    def __getattr__(self, name: str) -> Any:
        if name == "original":  # not set yet: no recursion
            raise AttributeError(name)
        return getattr(self.original, name)

    def __repr__(self) -> str:
        return f"<ForeignMagics {self.group_name} (written for IPython)>"


def adopt(item: Any, shell: InteractiveShell) -> ForeignMagics:
    """An IPython ``Magics`` class (made for ``shell``) or instance, as jovi magics."""
    if isinstance(item, type):
        from jovi.shell.ipython_shell import ipython_facing  # noqa: PLC0415 - IPython is imported

        item = item(shell=ipython_facing(shell))
    return ForeignMagics(shell, item)
