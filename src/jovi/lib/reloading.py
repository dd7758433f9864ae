"""Reloading a module so that objects made before see the new code.

``importlib.reload`` runs a module's code again, which makes *new* functions and
classes: objects created earlier, and names other modules imported with ``from m
import f``, keep the old ones.  :func:`superreload` also carries the new definitions
into the old objects, and then puts the old objects (now up to date) back in the
module, so there is one of each and ``isinstance`` keeps working:

* a function gets the new code, defaults and docstring;
* a class gets its methods, properties and attributes replaced, added and removed,
  so existing instances see the new methods; nested classes likewise.

A class whose bases, ``__slots__`` or metaclass changed cannot be updated in place:
the module gets the new class and old instances keep the old one (each such case is
noted).  If the module fails to run (a syntax error, an exception), its namespace is
put back as it was, so the old code keeps working, and the error is raised.

Module kinds decide what an automatic reload may touch: ``"builtin"`` (no source
file), ``"stdlib"``, ``"third-party"`` (installed in site-packages) and ``"user"``.
"""

from __future__ import annotations

import abc
import contextlib
import importlib
import importlib.util
import os
import sys
import sysconfig
import types
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["MODULE_KINDS", "module_kind", "source_path", "superreload", "update_class"]

MODULE_KINDS = ("builtin", "stdlib", "third-party", "user")

# Attributes that belong to a class object itself, never copied from a new version.
_CLASS_OWN = frozenset(
    {
        "__dict__",
        "__weakref__",
        "__module__",
        "__qualname__",
        "__slots__",
        "__firstlineno__",
        "__static_attributes__",
        "_abc_impl",
    }
)
_PLAIN_METACLASSES: tuple[type, ...] = (type, abc.ABCMeta)


@cache
def _stdlib_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths(
        vars={
            "base": sys.base_prefix,
            "platbase": sys.base_exec_prefix,
            "installed_base": sys.base_prefix,
            "installed_platbase": sys.base_exec_prefix,
        }
    )
    return tuple(
        dict.fromkeys(str(Path(paths[key]).absolute()) + os.sep for key in ("stdlib", "platstdlib"))
    )


def source_path(module: types.ModuleType) -> str | None:
    """The ``.py`` file a module was loaded from, or ``None`` (built in, compiled only)."""
    file = getattr(module, "__file__", None)
    if not isinstance(file, str) or not file.endswith(".py"):
        return None
    return file


def module_kind(module: types.ModuleType) -> str:
    """``"builtin"``, ``"stdlib"``, ``"third-party"`` or ``"user"`` (see the module docs)."""
    file = getattr(module, "__file__", None)
    if not isinstance(file, str):
        return "builtin"
    path = Path(file).absolute()
    if "site-packages" in path.parts or "dist-packages" in path.parts:
        return "third-party"
    if str(path).startswith(_stdlib_dirs()):
        return "stdlib"
    return "user"


# ---------------------------------------------------------------------- updating objects


def _functions_of(value: object) -> list[types.FunctionType]:
    """The plain functions inside a method-like attribute (function, classmethod, property...)."""
    if isinstance(value, types.FunctionType):
        return [value]
    if isinstance(value, classmethod | staticmethod):
        return _functions_of(value.__func__)
    if isinstance(value, property):
        return [
            f for f in (value.fget, value.fset, value.fdel) if isinstance(f, types.FunctionType)
        ]
    return []


def _point_class_cells(value: object, new: type, old: type) -> None:
    """Methods using ``super()`` hold their class in a ``__class__`` cell: make it ``old``."""
    for function in _functions_of(value):
        for name, cell in zip(
            function.__code__.co_freevars, function.__closure__ or (), strict=False
        ):
            if name == "__class__" and cell.cell_contents is new:
                cell.cell_contents = old


def update_function(
    old: types.FunctionType, new: types.FunctionType, _seen: set[int] | None = None
) -> bool:
    """Give ``old`` the code of ``new``; False if their closures differ (not possible).

    The variables ``old`` closes over take the new values, and a function held there
    (what a decorator wraps) is updated the same way, so a decorated function runs the
    new code too.  The ``__class__`` cell of a method keeps its class.
    """
    seen = _seen if _seen is not None else set()
    if id(old) in seen:
        return True
    seen.add(id(old))
    if old.__code__.co_freevars != new.__code__.co_freevars:
        return False
    try:
        old.__code__ = new.__code__
    except ValueError:
        return False
    old.__defaults__ = new.__defaults__
    old.__kwdefaults__ = new.__kwdefaults__
    old.__doc__ = new.__doc__
    old.__annotations__ = new.__annotations__
    old.__dict__.update(new.__dict__)
    cells = zip(
        old.__code__.co_freevars, old.__closure__ or (), new.__closure__ or (), strict=False
    )
    for name, old_cell, new_cell in cells:
        if name == "__class__":
            continue
        try:
            before, after = old_cell.cell_contents, new_cell.cell_contents
        except ValueError:  # a cell not filled yet
            continue
        if (
            isinstance(before, types.FunctionType)
            and isinstance(after, types.FunctionType)
            and update_function(before, after, seen)
        ):
            continue
        if before is not after:
            old_cell.cell_contents = after
    return True


def _same_bases(old: type, new: type) -> bool:
    def names(cls: type) -> list[tuple[str, str]]:
        return [(base.__module__, base.__qualname__) for base in cls.__bases__]

    return names(old) == names(new)


def update_class(old: type, new: type, notes: list[str]) -> bool:
    """Carry ``new``'s attributes into ``old``; False (with a note) if it cannot be done."""
    if type(old) is not type(new) or type(old) not in _PLAIN_METACLASSES:
        return False  # enums, ORMs and other metaclasses: the new class replaces the old
    if not _same_bases(old, new) or getattr(old, "__slots__", None) != getattr(
        new, "__slots__", None
    ):
        notes.append(
            f"class {old.__qualname__} changed its bases or __slots__: objects made before "
            "keep the old class"
        )
        return False
    for name in [n for n in vars(old) if n not in vars(new) and n not in _CLASS_OWN]:
        with contextlib.suppress(AttributeError, TypeError):
            delattr(old, name)
    for name, value in vars(new).items():
        if name in _CLASS_OWN:
            continue
        current = vars(old).get(name)
        if isinstance(current, types.FunctionType) and isinstance(value, types.FunctionType):
            if update_function(current, value):
                continue
        elif (
            isinstance(current, type)
            and isinstance(value, type)
            and value.__qualname__.startswith(new.__qualname__ + ".")
            and update_class(current, value, notes)
        ):
            continue
        _point_class_cells(value, new, old)
        with contextlib.suppress(AttributeError, TypeError):
            setattr(old, name, value)
    return True


def _update(
    name: str, old: object, new: object, module: types.ModuleType, notes: list[str]
) -> bool:
    """Update ``old`` from ``new``; True when ``old`` may take its place in the module."""
    if getattr(old, "__module__", None) != module.__name__:
        return False
    if isinstance(old, types.FunctionType) and isinstance(new, types.FunctionType):
        if update_function(old, new):
            return True
        notes.append(f"function {name} changed its closure: code holding the old one runs it")
        return False
    if isinstance(old, type) and isinstance(new, type):
        return update_class(old, new, notes)
    return False


def _drop_stale_bytecode(module: types.ModuleType) -> None:
    # The cached bytecode is checked against the source's mtime in whole seconds and its
    # size: an edit within the same second that keeps the size would load the old code.
    path = source_path(module)
    if path is None:
        return
    with contextlib.suppress(NotImplementedError, ValueError, OSError):
        Path(importlib.util.cache_from_source(path)).unlink()


def superreload(module: types.ModuleType) -> list[str]:
    """Reload ``module`` and update its old functions and classes in place.

    Returns:
        Notes, one line each, on objects that could not be updated in place.

    Raises:
        Exception: whatever running the module's new code raised; the module's
            namespace is then restored to what it was.
    """
    before: dict[str, Any] = dict(module.__dict__)
    _drop_stale_bytecode(module)
    try:
        importlib.reload(module)
    except BaseException:
        module.__dict__.clear()
        module.__dict__.update(before)
        raise
    notes: list[str] = []
    namespace = module.__dict__
    for name, old in before.items():
        new = namespace.get(name, before)
        if new is before or new is old:
            continue
        if _update(name, old, new, module, notes):
            namespace[name] = old
    return notes
