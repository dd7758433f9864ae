"""Act on a module right after it is imported, without importing it first.

jovi adapts a few modules of other projects when user code imports them (IPython's
display functions and ``get_ipython``, ``pdb`` in a kernel), but must not import them
itself: they are slow, optional, or not jovi's to load.  :func:`when_imported`
registers a callback for a module name; if the module is already imported it is
called at once, else one ``sys.meta_path`` entry wraps the module's loader so the
callback runs as soon as the module has executed, before any importer sees it.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = ["cancel_when_imported", "when_imported"]

_callbacks: dict[str, list[Callable[[ModuleType], None]]] = {}
_lock = threading.Lock()


def when_imported(name: str, callback: Callable[[ModuleType], None]) -> None:
    """Call ``callback(module)`` once module ``name`` is imported (now, if it is)."""
    module = sys.modules.get(name)
    if module is not None and getattr(module, "__spec__", None) is not None:
        callback(module)
        return
    with _lock:
        _callbacks.setdefault(name, []).append(callback)
        if not any(isinstance(finder, _PostImportFinder) for finder in sys.meta_path):
            sys.meta_path.insert(0, _PostImportFinder())


def cancel_when_imported(name: str, callback: Callable[[ModuleType], None]) -> bool:
    """Forget one pending ``when_imported(name, callback)``; whether one was pending.

    The import hook leaves ``sys.meta_path`` once no callback is pending.
    """
    with _lock:
        pending = _callbacks.get(name, [])
        if callback not in pending:
            return False
        pending.remove(callback)
        if not pending:
            del _callbacks[name]
        if not _callbacks:
            sys.meta_path[:] = [
                finder for finder in sys.meta_path if not isinstance(finder, _PostImportFinder)
            ]
    return True


def _run_callbacks(module: ModuleType) -> None:
    with _lock:
        callbacks = _callbacks.pop(module.__name__, [])
    for callback in callbacks:
        callback(module)


class _CallbackLoader:
    """Runs the real loader, then the callbacks for the module it made."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self.loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        _run_callbacks(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)


# A warning given by the module's own code (``stacklevel=2`` at its top level, say)
# names the frame that imported it: Python skips importlib's frames, those whose file
# name holds "importlib" and "_bootstrap", when it counts.  exec_module's frame stands
# between them and the module, so it carries such a name: otherwise the warning came
# from this file, and a filter by module (``warnings.filterwarnings(module=...)``) missed it.
_CallbackLoader.exec_module.__code__ = _CallbackLoader.exec_module.__code__.replace(
    co_filename="<jovi's post-import hook, skipped as importlib._bootstrap is>"
)


class _PostImportFinder:
    """A ``sys.meta_path`` entry that only acts on modules with callbacks."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname not in _callbacks:
            return None
        from importlib.machinery import PathFinder  # noqa: PLC0415 - only for watched modules

        spec = PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _CallbackLoader(spec.loader)  # type: ignore[assignment]
        return spec
