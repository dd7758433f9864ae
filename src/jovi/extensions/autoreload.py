"""autoreload: modules you edit are reloaded before each cell.

Usage::

    %load_ext autoreload
    %autoreload 2            # reload every changed module before each cell
    from mymodule import f
    f()                      # edit mymodule.py, run f() again: the new code runs

``%autoreload`` modes:

* ``0`` (``off``): no automatic reloading;
* ``1`` (``explicit``): reload the modules marked with ``%aimport``;
* ``2`` (``all``): reload every changed module except those excluded with
  ``%aimport -name`` (modules of the standard library and of site-packages are
  reloaded only when marked with ``%aimport``);
* ``3`` (``complete``): as 2, and names a changed module adds become available where
  you imported from it with ``from module import *``;
* no argument: reload the changed modules now.

A reload updates functions and classes in place (see :mod:`jovi.lib.reloading`), so
objects made before see the new code, and names you imported with ``from module
import name`` follow the new values (constants too).  A module that cannot be
reloaded (a syntax error, an exception while it runs) is reported in one line and
keeps working as before; it is tried again after its next change.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.lib.reloading import module_kind, source_path, superreload
from jovi.shell.magic.core import Magics, line_magic, magics_class

if TYPE_CHECKING:
    import types

__all__ = [
    "MODES",
    "AutoreloadMagics",
    "ImportTracker",
    "ModuleReloader",
    "load_jovi_extension",
    "unload_jovi_extension",
]

#: The modes of ``%autoreload``, by number, with their names.
MODES = {"0": "off", "1": "explicit", "2": "all", "3": "complete"}

Version = tuple[int, int]


def _version(path: str) -> Version | None:
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class ImportTracker(ast.NodeTransformer):
    """Remembers the ``from module import ...`` statements of the cells (changes nothing)."""

    def __init__(self) -> None:
        self.names: dict[str, dict[str, str]] = {}  # module -> {name in user ns: attribute}
        self.star: set[str] = set()

    def visit(self, node: ast.AST) -> ast.AST:
        for statement in getattr(node, "body", ()):
            if isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
                for alias in statement.names:
                    if alias.name == "*":
                        self.star.add(statement.module)
                    else:
                        bound = alias.asname or alias.name
                        self.names.setdefault(statement.module, {})[bound] = alias.name
        return node


class ModuleReloader:
    """Which modules to watch, their last seen versions, and reloading the changed ones."""

    def __init__(self, shell: Any, tracker: ImportTracker) -> None:
        self.shell = shell
        self.tracker = tracker
        self.mode = "off"
        self.marked: set[str] = set()
        self.skipped: set[str] = set()
        self.versions: dict[str, Version] = {}
        self.verbose = False
        self._kinds: dict[str, tuple[object, str]] = {}

    def wanted(self, name: str, module: types.ModuleType, everything: bool) -> bool:
        if name in self.skipped or name == "__main__" or name.split(".", 1)[0] == "jovi":
            return False
        if name in self.marked:
            return True
        return everything and self._kind(name, module) == "user"

    def _kind(self, name: str, module: types.ModuleType) -> str:
        # Looked up before every cell for every module: remembered per module and file.
        file = getattr(module, "__file__", None)
        known = self._kinds.get(name)
        if known is None or known[0] != file:
            known = (file, module_kind(module))
            self._kinds[name] = known
        return known[1]

    def _watched(self, everything: bool) -> list[tuple[str, types.ModuleType, str]]:
        found = []
        for name, module in list(sys.modules.items()):
            if module is None or not self.wanted(name, module, everything):
                continue
            path = source_path(module)
            if path is not None:
                found.append((name, module, path))
        return found

    def remember(self) -> None:
        """Note the version of modules seen for the first time (after each cell)."""
        everything = self.mode in ("all", "complete")
        for name, _module, path in self._watched(everything):
            if name not in self.versions:
                version = _version(path)
                if version is not None:
                    self.versions[name] = version

    def check(self, everything: bool) -> None:
        """Reload the watched modules whose source changed since last seen."""
        for name, module, path in self._watched(everything):
            version = _version(path)
            if version is None:
                continue
            known = self.versions.setdefault(name, version)
            if version == known:
                continue
            self.versions[name] = version  # a failed reload is retried after the next change
            self.reload(name, module)

    def reload(self, name: str, module: types.ModuleType) -> None:
        before = dict(module.__dict__)
        try:
            notes = superreload(module)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - the module may raise anything
            self._say(f"[autoreload of {name} failed: {_describe(error)}; the old code is kept]")
            return
        if self.verbose:
            self.shell.output.write(f"Reloaded {name}\n")
        for note in notes:
            self._say(f"[autoreload of {name}: {note}]")
        self._follow_imports(name, module, before)

    def _follow_imports(self, name: str, module: types.ModuleType, before: dict[str, Any]) -> None:
        """Names imported from the module into the user namespace take the new values."""
        user_ns = self.shell.user_ns
        namespace = module.__dict__
        bindings = dict(self.tracker.names.get(name, {}))
        if name in self.tracker.star:
            exported = namespace.get("__all__") or [n for n in namespace if not n.startswith("_")]
            for attribute in exported:
                if attribute in before or self.mode == "complete":
                    bindings.setdefault(attribute, attribute)
        for bound, attribute in bindings.items():
            if attribute not in namespace:
                continue
            if attribute in before:
                if user_ns.get(bound, before) is before[attribute]:
                    user_ns[bound] = namespace[attribute]
            elif bound not in user_ns:
                user_ns[bound] = namespace[attribute]

    def _say(self, line: str) -> None:
        self.shell.output.write(line + "\n", error=True)


def _describe(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        where = f" ({Path(error.filename or '?').name}, line {error.lineno})"
        return f"SyntaxError: {error.msg}{where}"
    return f"{type(error).__name__}: {error}"


@magics_class
class AutoreloadMagics(Magics):
    """``%autoreload`` and ``%aimport``."""

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        self.tracker = ImportTracker()
        self.reloader = ModuleReloader(shell, self.tracker)

    @line_magic
    def autoreload(self, parameter_s: str = "") -> None:
        """Reload edited modules before each cell: ``%autoreload [0|1|2|3] [-p]``.

        * ``%autoreload``: reload the changed modules now;
        * ``%autoreload 0`` (or ``off``): stop reloading automatically;
        * ``%autoreload 1`` (or ``explicit``): reload the modules marked with ``%aimport``;
        * ``%autoreload 2`` (or ``all``): reload every changed module but those
          excluded with ``%aimport -module`` (installed packages only when marked);
        * ``%autoreload 3`` (or ``complete``): as 2, and names added to a module appear
          where you imported from it with ``from module import *``.

        ``-p`` (``--print``) prints the name of each module reloaded.  Functions and
        classes are updated in place, so objects made before see the new code; a
        module that fails to reload is reported in one line and keeps its old code.
        """
        words = parameter_s.split()
        self.reloader.verbose = any(word in ("-p", "--print") for word in words)
        words = [word for word in words if word not in ("-p", "--print")]
        if not words:
            self.reloader.check(everything=self.reloader.mode != "explicit")
            return
        if len(words) > 1:
            raise UsageError("%autoreload takes one mode: 0, 1, 2 or 3")
        mode = MODES.get(words[0], words[0].lower())
        if mode not in MODES.values():
            raise UsageError(
                f"unknown %autoreload mode {words[0]!r}: use 0 (off), 1 (explicit), "
                "2 (all) or 3 (complete)"
            )
        self.reloader.mode = mode
        self.reloader.remember()

    @line_magic
    def aimport(self, parameter_s: str = "") -> None:
        """Choose the modules ``%autoreload`` reloads: ``%aimport [module[, module...] | -module]``.

        * ``%aimport``: list the modules marked for reloading and those excluded;
        * ``%aimport foo, bar``: import them (as ``import foo``) and reload them when
          they change, in every mode but 0;
        * ``%aimport -foo``: never reload foo.
        """
        reloader = self.reloader
        text = parameter_s.strip()
        if not text:
            marked = (
                "all-except-skipped"
                if reloader.mode in ("all", "complete")
                else " ".join(sorted(reloader.marked))
            )
            skipped = " ".join(sorted(reloader.skipped))
            self.shell.output.write(
                f"Modules to reload:\n{marked}\n\nModules to skip:\n{skipped}\n"
            )
            return
        if text.startswith("-"):
            name = text[1:].strip()
            reloader.skipped.add(name)
            reloader.marked.discard(name)
            return
        for name in (part.strip() for part in text.split(",")):
            if not name:
                continue
            try:
                importlib.import_module(name)
            except Exception as error:  # noqa: BLE001 - the user's module may raise anything
                raise UsageError(f"%aimport cannot import {name}: {_describe(error)}") from None
            reloader.skipped.discard(name)
            reloader.marked.add(name)
            top = name.split(".")[0]
            self.shell.push({top: sys.modules[top]})
        reloader.remember()

    # ------------------------------------------------------------------ the hooks

    def pre_run_cell(self, info: object = None) -> None:
        if self.reloader.mode != "off":
            self.reloader.check(everything=self.reloader.mode in ("all", "complete"))

    def post_execute(self) -> None:
        if self.reloader.mode != "off":
            self.reloader.remember()


def load_jovi_extension(shell: Any) -> None:
    """``%load_ext autoreload``: add ``%autoreload`` and ``%aimport`` (mode 0 to start)."""
    magics = AutoreloadMagics(shell)
    shell.register_magics(magics)
    shell.events.register("pre_run_cell", magics.pre_run_cell)
    shell.events.register("post_execute", magics.post_execute)
    shell.ast_transformers.append(magics.tracker)


def unload_jovi_extension(shell: Any) -> None:
    """``%unload_ext autoreload``: stop reloading and remove the magics."""
    magics = shell.magics_manager.unregister(AutoreloadMagics.__name__)
    if not isinstance(magics, AutoreloadMagics):
        return
    shell.events.unregister("pre_run_cell", magics.pre_run_cell)
    shell.events.unregister("post_execute", magics.post_execute)
    if magics.tracker in shell.ast_transformers:
        shell.ast_transformers.remove(magics.tracker)
