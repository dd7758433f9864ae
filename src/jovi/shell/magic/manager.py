"""The registry of a shell's magics: lookup, registration, aliases, listings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, MagicsKind

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["MagicAlias", "MagicsManager"]


class MagicAlias:
    """``%t`` standing for ``%timeit`` (made by ``%alias_magic``), with fixed extra arguments."""

    def __init__(
        self, shell: Any, magic_name: str, magic_kind: str, magic_params: str | None = None
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


class MagicsManager:
    """Every line and cell magic of one shell, by name."""

    def __init__(self, shell: Any) -> None:
        self.shell = shell
        self.magics: dict[str, dict[str, Callable[..., Any]]] = {"line": {}, "cell": {}}
        self.registry: dict[str, Magics] = {}

    def register(self, *magic_objects: Magics | type[Magics]) -> None:
        """Register ``Magics`` classes (instantiated with the shell) or instances."""
        for item in magic_objects:
            instance = item(shell=self.shell) if isinstance(item, type) else item
            if not isinstance(instance, Magics):
                raise TypeError(f"{item!r} is not a Magics class or instance")
            self.registry[type(instance).__name__] = instance
            for kind, table in instance.bound.items():
                self.magics[kind].update(table)

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
        if magic_name not in self.magics[magic_kind]:
            prefix = "%" if magic_kind == "line" else "%%"
            raise UsageError(
                f"{magic_kind.title()} magic function `{prefix}{magic_name}` not found."
            )
        self.magics[magic_kind][alias_name] = MagicAlias(
            self.shell, magic_name, magic_kind, magic_params
        )

    def find(self, kind: str, name: str) -> Callable[..., Any] | None:
        return self.magics.get(kind, {}).get(name)

    def names(self, kind: str) -> list[str]:
        return sorted(self.magics.get(kind, {}))

    def lsmagic(self) -> dict[str, dict[str, Callable[..., Any]]]:
        return {kind: dict(table) for kind, table in self.magics.items()}

    def docs(
        self, kind: str, *, brief: bool = False, missing: str = "No documentation"
    ) -> dict[str, str]:
        """The docstring of every magic of ``kind`` (the first line with ``brief``)."""
        out: dict[str, str] = {}
        for name, function in sorted(self.magics[kind].items()):
            import inspect  # noqa: PLC0415 - only for help texts

            doc = inspect.getdoc(function) or missing
            out[name] = doc.split("\n", 1)[0] if brief else doc
        return out
