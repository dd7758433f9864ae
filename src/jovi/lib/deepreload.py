"""Deep reload: reload a module and, first, the modules it uses, recursively.

Usage::

    from jovi.lib.deepreload import reload as dreload
    dreload(mypackage)                       # mypackage and what it imports
    dreload(mypackage, exclude=["mypackage.big"])

``importlib.reload`` reloads one module; the modules it imports keep their old code.
``reload`` here follows the imports: modules bound in the module's namespace, the
modules of the functions and classes it imported by name, and its parent packages;
each is reloaded once, dependencies before the modules using them, and updated in
place as :func:`jovi.lib.reloading.superreload` does.  The standard
library, built-in modules, installed packages (site-packages) and the names in
``exclude`` (with their submodules) are never reloaded: they rarely change and often
do not survive it.  jovi itself is left alone too.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

from jovi.lib.reloading import module_kind, source_path, superreload

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["DEFAULT_EXCLUDE", "dependencies", "reload"]

#: Never reloaded, whatever ``exclude`` says (and their submodules).
DEFAULT_EXCLUDE = ("sys", "os.path", "builtins", "__main__", "jovi")


def _excluded(name: str, exclude: Iterable[str]) -> bool:
    return any(name == item or name.startswith(item + ".") for item in exclude)


def dependencies(module: types.ModuleType) -> list[types.ModuleType]:
    """The modules ``module`` uses: bound names, sources of imported names, parent packages."""
    found: dict[str, types.ModuleType] = {}
    parent = module.__name__.rpartition(".")[0]
    while parent:
        if parent in sys.modules:
            found[parent] = sys.modules[parent]
        parent = parent.rpartition(".")[0]
    for value in list(vars(module).values()):
        if isinstance(value, types.ModuleType):
            found.setdefault(value.__name__, value)
            continue
        owner = getattr(value, "__module__", None)
        if isinstance(owner, str) and owner in sys.modules:
            candidate = sys.modules[owner]
            if isinstance(candidate, types.ModuleType):
                found.setdefault(owner, candidate)
    found.pop(module.__name__, None)
    return list(found.values())


def _reloadable(module: types.ModuleType, exclude: Iterable[str]) -> bool:
    name = module.__name__
    return (
        not _excluded(name, exclude)
        and module_kind(module) == "user"
        and source_path(module) is not None
    )


def reload(module: types.ModuleType, exclude: Iterable[str] = ()) -> types.ModuleType:
    """Reload ``module`` after reloading, recursively, the modules it depends on.

    Args:
        module: The module to reload (it must be imported).
        exclude: Module names not to reload (their submodules neither), on top of
            :data:`DEFAULT_EXCLUDE`, the standard library and installed packages.

    Returns:
        The reloaded module.
    """
    if not isinstance(module, types.ModuleType):
        raise TypeError(f"dreload() needs a module, not {type(module).__name__}")
    skip = (*DEFAULT_EXCLUDE, *exclude)
    order: list[types.ModuleType] = []
    seen: set[str] = set()

    def visit(current: types.ModuleType) -> None:
        seen.add(current.__name__)
        for dependency in dependencies(current):
            if dependency.__name__ not in seen and _reloadable(dependency, skip):
                visit(dependency)
        order.append(current)

    visit(module)
    for item in order:
        if item is module or _reloadable(item, skip):
            superreload(item)
    return module
