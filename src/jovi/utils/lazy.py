"""Packages whose exported names are imported from their modules on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, homes: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package exporting ``homes`` (name: module).

    Usage, at the end of the package's ``__init__.py`` (with the same imports under
    ``if TYPE_CHECKING:`` for type checkers)::

        __getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())

    A name is imported on first access and then kept in the package's namespace.
    """

    def __getattr__(name: str) -> Any:  # noqa: N807 - a module's __getattr__
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - a module's __dir__
        return sorted({*namespace, *homes})

    return __getattr__, __dir__
