"""The registry of a shell's magics: lookup, registration, aliases, listings.

Groups can be registered deferred (:class:`DeferredMagics`): their names are known at
once, their module is imported and their class made on the first lookup of one of
them.  That is how the built-in magics cost nothing until used.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, MagicsKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["DeferredMagics", "MagicAlias", "MagicsManager"]


class MagicAlias:
    """``%t`` standing for ``%timeit`` (made by ``%alias_magic``), with fixed extra arguments."""

    def __init__(
        self,
        shell: InteractiveShell,
        magic_name: str,
        magic_kind: str,
        magic_params: str | None = None,
    ) -> None:
        self.shell = shell
        self.magic_name = magic_name
        self.magic_kind = magic_kind
        self.magic_params = magic_params
        self.pretty_target = ("%" if magic_kind == "line" else "%%") + magic_name
        self.__doc__ = f"Alias for `{self.pretty_target}`."

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function = self.shell.magics_manager.find(self.magic_kind, self.magic_name)
        if function is None:
            raise UsageError(f"Magic `{self.pretty_target}` not found.")
        if self.magic_params:
            args = (f"{self.magic_params} {args[0]}".strip(), *args[1:])
        return function(*args, **kwargs)


class DeferredMagics:
    """A ``Magics`` class known by its module, its name and the magics it defines.

    ``open_kinds`` names the kinds for which the class may define more magics than
    listed (``ScriptMagics`` adds ``%%bash`` ... for the programs it finds): a lookup
    of an unknown name of such a kind, or a listing, loads the class.
    """

    __slots__ = ("cell", "class_name", "line", "module", "open_kinds")

    def __init__(
        self,
        module: str,
        class_name: str,
        *,
        line: tuple[str, ...] = (),
        cell: tuple[str, ...] = (),
        open_kinds: tuple[str, ...] = (),
    ) -> None:
        self.module = module
        self.class_name = class_name
        self.line = line
        self.cell = cell
        self.open_kinds = open_kinds

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"line": self.line, "cell": self.cell}

    def load(self) -> type[Magics]:
        magics_type: type[Magics] = getattr(importlib.import_module(self.module), self.class_name)
        return magics_type

    def __repr__(self) -> str:
        return f"<DeferredMagics {self.module}.{self.class_name}>"


class _PendingMagic:
    """Stands in the table for a magic of a group not loaded yet; calling it loads it."""

    __slots__ = ("group", "kind", "manager", "name")

    def __init__(self, manager: MagicsManager, group: DeferredMagics, kind: str, name: str) -> None:
        self.manager = manager
        self.group = group
        self.kind = kind
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        function = self.manager.find(self.kind, self.name)
        if function is None or isinstance(function, _PendingMagic):
            raise UsageError(f"Magic `{self.name}` not found.")
        return function(*args, **kwargs)


class MagicsManager:
    """Every line and cell magic of one shell, by name."""

    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell
        self.magics: dict[str, dict[str, Callable[..., Any]]] = {"line": {}, "cell": {}}
        self._registry: dict[str, Magics] = {}
        self._deferred: dict[str, DeferredMagics] = {}

    @property
    def registry(self) -> dict[str, Magics]:
        """Every registered ``Magics`` instance by class name (deferred ones are loaded)."""
        self.load_all()
        return self._registry

    def register(self, *magic_objects: Magics | type[Magics]) -> None:
        """Register ``Magics`` classes (instantiated with the shell) or instances.

        Classes and instances of IPython's ``Magics`` are accepted too (see
        :mod:`jovi.shell.magic.foreign`)."""
        for item in magic_objects:
            instance = self._instance(item)
            name = _group_name(instance)
            if name in self._deferred:
                # As if the built-in group had been registered first: it keeps the
                # magics the new class does not define.
                self.load(name)
            self._registry[name] = instance
            for kind, table in instance.bound.items():
                self.magics[kind].update(table)

    def _instance(self, item: Magics | type[Magics]) -> Magics:
        if "IPython.core.magic" in sys.modules:  # else nothing can be IPython's
            from jovi.shell.magic.foreign import adopt, is_ipython_magics  # noqa: PLC0415 - cycle

            if is_ipython_magics(item):
                return adopt(item, self.shell)
        instance = item(shell=self.shell) if isinstance(item, type) else item
        if not isinstance(instance, Magics):
            raise TypeError(f"{item!r} is not a Magics class or instance")
        return instance

    def unregister(self, class_name: str) -> Magics | None:
        """Remove a group and those of its magics still registered; the instance, if any."""
        self._forget_deferred(class_name)
        instance = self._registry.pop(class_name, None)
        if instance is None:
            return None
        for kind, table in self.magics.items():
            for name, function in instance.bound.get(kind, {}).items():
                if table.get(name) is function:
                    del table[name]
        return instance

    def _forget_deferred(self, class_name: str) -> None:
        """Drop a deferred group and the stand-ins of its magics."""
        group = self._deferred.pop(class_name, None)
        if group is None:
            return
        for table in self.magics.values():
            for name, entry in list(table.items()):
                if isinstance(entry, _PendingMagic) and entry.group is group:
                    del table[name]

    def register_deferred(self, *groups: DeferredMagics) -> None:
        """Offer the magics of ``groups`` now; load each group on first use."""
        for group in groups:
            self._deferred[group.class_name] = group
            for kind, names in group.names().items():
                table = self.magics[kind]
                for name in names:
                    table[name] = _PendingMagic(self, group, kind, name)

    def load(self, class_name: str) -> Magics:
        """The instance of a registered group, loading it if it was deferred."""
        group = self._deferred.get(class_name)
        if group is None:
            return self._registry[class_name]
        instance = group.load()(shell=self.shell)
        del self._deferred[class_name]
        self._registry[class_name] = instance
        for kind, table in self.magics.items():
            defined = instance.bound.get(kind, {})
            for name, entry in list(table.items()):
                # Only this group's stand-ins: a magic registered since keeps its name.
                if isinstance(entry, _PendingMagic) and entry.group is group:
                    if name in defined:
                        table[name] = defined[name]
                    else:
                        del table[name]
            for name, function in defined.items():
                table.setdefault(name, function)
        return instance

    def load_all(self, kind: str | None = None) -> None:
        """Load every deferred group (or those that may define more magics of ``kind``)."""
        for group in list(self._deferred.values()):
            if kind is None or kind in group.open_kinds:
                self.load(group.class_name)

    def register_function(
        self,
        function: Callable[..., Any],
        magic_kind: MagicsKind = "line",
        magic_name: str | None = None,
    ) -> None:
        """Register one function as a magic (``line``, ``cell`` or ``line_cell``)."""
        if magic_kind not in ("line", "cell", "line_cell"):
            raise ValueError(
                f"magic_kind must be 'line', 'cell' or 'line_cell', not {magic_kind!r}"
            )
        name = magic_name or function.__name__
        if magic_kind in ("line", "line_cell"):
            self.magics["line"][name] = function
        if magic_kind in ("cell", "line_cell"):
            self.magics["cell"][name] = function

    def register_alias(
        self,
        alias_name: str,
        magic_name: str,
        magic_kind: str = "line",
        magic_params: str | None = None,
    ) -> None:
        """Make ``%alias_name`` run ``%magic_name`` (``%%`` for ``magic_kind='cell'``)."""
        if magic_kind not in ("line", "cell"):
            raise ValueError(f"magic_kind must be 'line' or 'cell', not {magic_kind!r}")
        if self.find(magic_kind, magic_name) is None:
            prefix = "%" if magic_kind == "line" else "%%"
            raise UsageError(
                f"{magic_kind.title()} magic function `{prefix}{magic_name}` not found."
            )
        self.magics[magic_kind][alias_name] = MagicAlias(
            self.shell, magic_name, magic_kind, magic_params
        )

    def find(self, kind: str, name: str) -> Callable[..., Any] | None:
        """The magic ``name`` of ``kind``, loading its group if it was deferred."""
        table = self.magics.get(kind)
        if table is None:
            return None
        function = table.get(name)
        if isinstance(function, _PendingMagic):
            self.load(function.group.class_name)
            function = table.get(name)
        elif function is None and any(kind in g.open_kinds for g in self._deferred.values()):
            self.load_all(kind)
            function = table.get(name)
        return function

    def names(self, kind: str) -> list[str]:
        self.load_all(kind)
        return sorted(self.magics.get(kind, {}))

    def lsmagic(self) -> dict[str, dict[str, Callable[..., Any]]]:
        self.load_all()
        return {kind: dict(table) for kind, table in self.magics.items()}

    def docs(
        self, kind: str, *, brief: bool = False, missing: str = "No documentation"
    ) -> dict[str, str]:
        """The docstring of every magic of ``kind`` (the first line with ``brief``)."""
        self.load_all()
        out: dict[str, str] = {}
        for name, function in sorted(self.magics[kind].items()):
            import inspect  # noqa: PLC0415 - only for help texts

            doc = inspect.getdoc(function) or missing
            out[name] = _summary(doc) if brief else doc
        return out


def _group_name(instance: Magics) -> str:
    """The name a group is registered under: its class's (an IPython group's own)."""
    name: str = getattr(instance, "group_name", None) or type(instance).__name__
    return name


def _summary(doc: str) -> str:
    """The first line of a help text that says what the magic does: past the ``::``
    and ``usage:`` block that ``@magic_arguments`` puts first."""
    for paragraph in doc.split("\n\n"):
        text = paragraph.strip()
        if text and text != "::" and not text.startswith("usage:"):
            return text.splitlines()[0]
    return doc.split("\n", 1)[0]
