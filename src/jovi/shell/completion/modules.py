"""Completing module names after ``import`` and ``from``.

Top-level module names come from an index of ``sys.path`` built once (and again when
``sys.path`` changes), listing directories without importing anything.  Submodules
of a package are listed from its ``__path__``; names after ``from pkg import`` are
the module's attributes when it is already imported, or importable cheaply.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
import threading
from typing import Any

__all__ = ["ModuleIndex"]

_SUFFIXES = tuple(importlib.machinery.all_suffixes())


def _names_in(directory: str) -> set[str]:
    names: set[str] = set()
    try:
        with os.scandir(directory or ".") as scan:
            for entry in scan:
                name = entry.name
                if name.startswith(".") or name == "__pycache__":
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    continue
                if is_dir:
                    if name.isidentifier():
                        names.add(name)
                    continue
                for suffix in _SUFFIXES:
                    if name.endswith(suffix):
                        stem = name[: -len(suffix)].split(".", 1)[0]
                        if stem.isidentifier():
                            names.add(stem)
                        break
    except OSError:
        pass
    return names


class ModuleIndex:
    """Names of importable modules, cached per ``sys.path``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, ...] = ()
        self._top: list[str] = []

    def top_level(self) -> list[str]:
        key = tuple(sys.path)
        with self._lock:
            if key != self._key or not self._top:
                names = set(sys.builtin_module_names)
                for directory in key:
                    names |= _names_in(directory)
                self._top = sorted(names)
                self._key = key
            return self._top

    def reset(self) -> None:
        """Forget the index (``%rehashx``)."""
        with self._lock:
            self._key, self._top = (), []

    def submodules(self, package: str) -> list[str]:
        module = sys.modules.get(package)
        paths: list[str] = list(getattr(module, "__path__", []) or [])
        if module is None:
            try:
                spec = importlib.util.find_spec(package)
            except (ImportError, ValueError, AttributeError):
                spec = None
            paths = list(spec.submodule_search_locations or []) if spec is not None else []
        names: set[str] = set()
        for directory in paths:
            names |= _names_in(directory)
        names.discard("__init__")
        return sorted(names)

    def attributes(self, module_name: str) -> list[str]:
        module: Any = sys.modules.get(module_name)
        if module is None:
            try:
                module = importlib.import_module(module_name)
            except BaseException:  # noqa: BLE001 - importing user modules may fail any way
                return self.submodules(module_name)
        names = {name for name in dir(module) if not name.startswith("_")}
        return sorted(names | set(self.submodules(module_name)))
