"""What views ask engines to do, as functions engines import by name.

``push``, ``pull``, ``map`` and friends are calls of these functions through
``apply_request``: the client pickles a reference (``jovi.parallel.ops.push``), the
engine imports this module and runs it in its namespace, which the engine binds here
when it starts (:func:`bind_namespace`).
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence

__all__ = ["bind_namespace", "execute_code", "map_chunk", "namespace", "pull", "push"]

_namespace: MutableMapping[str, Any] | None = None


def bind_namespace(values: MutableMapping[str, Any]) -> None:
    """Make ``values`` the namespace the functions of this module work in."""
    global _namespace  # noqa: PLW0603 - one namespace per engine process
    _namespace = values


def namespace() -> MutableMapping[str, Any]:
    """The engine's namespace.

    Raises:
        RuntimeError: this process is not an engine.
    """
    if _namespace is None:
        raise RuntimeError("this process is not a jovi engine")
    return _namespace


def push(values: Mapping[str, Any]) -> None:
    """Set variables of the engine's namespace."""
    namespace().update(values)


def pull(names: str | Sequence[str]) -> Any:
    """The value of one variable, or a list of the values of several.

    Raises:
        NameError: a name is not defined on the engine.
    """
    scope = namespace()

    def one(name: str) -> Any:
        try:
            return scope[name]
        except KeyError:
            raise NameError(f"name {name!r} is not defined") from None

    if isinstance(names, str):
        return one(names)
    return [one(name) for name in names]


def map_chunk(function: Callable[..., Any], *chunks: Iterable[Any]) -> list[Any]:
    """``function`` applied to each element of this engine's part of a map."""
    return list(builtins.map(function, *chunks))


def execute_code(code: str) -> None:
    """Run ``code`` in the engine's namespace (``run`` of a file uses it when no shell
    is there)."""
    scope = namespace()
    if not isinstance(scope, dict):
        raise TypeError("the engine's namespace must be a dict")
    exec(compile(code, "<remote>", "exec"), scope)  # noqa: S102 - the user's own code
