"""Extensions: modules that add to the shell when loaded.

An extension is an importable module with ``load_jovi_extension(shell)`` (or, for
extensions written for IPython, ``load_ipython_extension(shell)``), and optionally
the matching ``unload_*`` function.  ``<jovi dir>/extensions`` is searched too.

An IPython extension gets, once IPython is imported, the shell as IPython's machinery
expects it (:func:`jovi.shell.ipython_shell.ipython_facing`: a traitlets
``Configurable`` reading and writing jovi's shell), and the IPython ``Magics`` it
registers become jovi magics (:mod:`jovi.shell.magic.foreign`).

The extensions that come with jovi load by their short names, as in IPython:
``%load_ext autoreload``, ``storemagic`` (loaded by default), ``dreload``; the
IPython spellings ``IPython.extensions.autoreload`` and so on name them too.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["BUNDLED_EXTENSIONS", "ExtensionManager", "module_name"]

#: Extensions that come with jovi, by the short name users load them with.
BUNDLED_EXTENSIONS: dict[str, str] = {
    "autoreload": "jovi.extensions.autoreload",
    "storemagic": "jovi.extensions.storemagic",
    "dreload": "jovi.extensions.dreload",
}

_LOADERS = ("load_jovi_extension", "load_ipython_extension")
_UNLOADERS = ("unload_jovi_extension", "unload_ipython_extension")


def module_name(name: str) -> str:
    """The module an extension name stands for (bundled short names resolved)."""
    short = name.removeprefix("IPython.extensions.")
    return BUNDLED_EXTENSIONS.get(short, name)


class ExtensionManager:
    """Loads, unloads and reloads extensions; remembers which are loaded."""

    def __init__(self, shell: InteractiveShell, extensions_dir: Path | None = None) -> None:
        self.shell = shell
        self.extensions_dir = extensions_dir
        self.loaded: set[str] = set()

    @contextlib.contextmanager
    def _extensions_dir_on_path(self) -> Iterator[None]:
        """The profile's extensions directory on ``sys.path``, while importing."""
        added = False
        if self.extensions_dir is not None and self.extensions_dir.is_dir():
            path = str(self.extensions_dir)
            if path not in sys.path:
                sys.path.insert(0, path)
                added = True
        try:
            yield
        finally:
            if added and str(self.extensions_dir) in sys.path:
                sys.path.remove(str(self.extensions_dir))

    def _shell_for(self, function_name: str) -> Any:
        """What an extension's function gets: jovi's shell, or, for an IPython extension
        once IPython is imported, the shell as IPython's machinery expects it."""
        if "ipython" in function_name and sys.modules.get("IPython") is not None:
            from jovi.shell.ipython_shell import ipython_facing  # noqa: PLC0415 - start-up cost

            return ipython_facing(self.shell)
        return self.shell

    def _import(self, name: str) -> Any:
        with self._extensions_dir_on_path():
            return importlib.import_module(module_name(name))

    def load_extension(self, name: str) -> str | None:
        """Load ``name``; returns ``'already loaded'`` or ``'no load function'`` if it did not."""
        if name in self.loaded:
            return "already loaded"
        module = self._import(name)
        for loader in _LOADERS:
            function = getattr(module, loader, None)
            if callable(function):
                function(self._shell_for(loader))
                self.loaded.add(name)
                return None
        return "no load function"

    def unload_extension(self, name: str) -> str | None:
        """Unload ``name``; returns ``'not loaded'`` or ``'no unload function'`` if it could not."""
        if name not in self.loaded:
            return "not loaded"
        module = sys.modules.get(module_name(name))
        for unloader in _UNLOADERS:
            function = getattr(module, unloader, None)
            if callable(function):
                function(self._shell_for(unloader))
                self.loaded.discard(name)
                return None
        return "no unload function"

    def reload_extension(self, name: str) -> None:
        """Unload (if it can), re-import and load ``name`` again."""
        if name in self.loaded:
            self.unload_extension(name)
        self.loaded.discard(name)
        module = sys.modules.get(module_name(name))
        if module is not None:
            with self._extensions_dir_on_path():  # it may live there (reload finds it again)
                importlib.reload(module)
        self.load_extension(name)
