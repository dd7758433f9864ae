"""The user's variables as DAP variables, while no thread is stopped.

At a breakpoint debugpy answers ``variables`` from the stopped frame.  Between cells
there is no frame to ask, so the kernel answers ``inspectVariables`` (the globals of
the notebook) and ``variables`` (the children of one of them) itself, from the
user's namespace: each value gets a short ``repr``, its type's name, and, when it has
children (items of a container, attributes of an object), a ``variablesReference`` by
which a frontend asks for them.  References are valid until the next
``inspectVariables``.
"""

from __future__ import annotations

import itertools
import re
import reprlib
import threading
from collections.abc import Mapping
from typing import Any, Final

__all__ = ["MAX_CHILDREN", "VariableExplorer", "is_shown", "short_repr"]

MAX_CHILDREN: Final = 300
"""The most children of one value listed (a frontend shows the first ones)."""

_MAX_REPR: Final = 200
_SHELL_NAMES: Final = re.compile(r"^_(i{1,3}\d*|\d+|_*)$")
"""The output and input history names the shell defines (``_``, ``_12``, ``_i3``...)."""

_repr = reprlib.Repr()
_repr.maxstring = _MAX_REPR
_repr.maxother = _MAX_REPR
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 20


def short_repr(value: object) -> str:
    """A ``repr`` of ``value`` short enough for one line of a variables panel."""
    try:
        text = _repr.repr(value)
    except Exception as error:  # noqa: BLE001 - a broken __repr__ is shown, not raised
        return f"<repr failed: {type(error).__name__}>"
    return text if len(text) <= _MAX_REPR else text[: _MAX_REPR - 3] + "..."


def is_shown(name: str, hidden: Mapping[str, object]) -> bool:
    """Whether the global ``name`` is the user's (not one the shell defines or hides)."""
    if name.startswith("__") and name.endswith("__"):
        return False
    return name not in hidden and not _SHELL_NAMES.match(name)


class VariableExplorer:
    """DAP variables of a namespace and of the values in it (any thread)."""

    def __init__(self) -> None:
        self._values: dict[int, object] = {}
        self._paths: dict[int, str] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def top(
        self, namespace: Mapping[str, object], hidden: Mapping[str, object]
    ) -> list[dict[str, Any]]:
        """The user's variables in ``namespace`` (``hidden``: names the shell keeps to
        itself); earlier references are forgotten."""
        with self._lock:
            self._values.clear()
            self._paths.clear()
        snapshot = dict(namespace)  # one step in C: safe while a cell changes it
        return [
            self._variable(name, value, name)
            for name, value in snapshot.items()
            if is_shown(name, hidden)
        ]

    def children(self, reference: int) -> list[dict[str, Any]]:
        """The children of the value ``reference`` names (none for an unknown one)."""
        with self._lock:
            if reference not in self._values:
                return []
            value, path = self._values[reference], self._paths[reference]
        return [
            self._variable(name, child, child_path)
            for name, child, child_path in itertools.islice(_children_of(value, path), MAX_CHILDREN)
        ]

    def _variable(self, name: str, value: object, path: str) -> dict[str, Any]:
        reference = 0
        if _has_children(value):
            reference = next(self._numbers)
            with self._lock:
                self._values[reference] = value
                self._paths[reference] = path
        return {
            "name": name,
            "value": short_repr(value),
            "type": type(value).__name__,
            "evaluateName": path,
            "variablesReference": reference,
        }


def _has_children(value: object) -> bool:
    if isinstance(value, str | bytes | bytearray | int | float | complex | bool | type(None)):
        return False
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return len(value) > 0
    return bool(_attributes(value))


def _children_of(value: object, path: str) -> Any:
    """``(name, child, evaluate_name)`` of each child of ``value``."""
    if isinstance(value, Mapping):
        for key, child in list(value.items()):
            yield short_repr(key), child, f"{path}[{key!r}]"
    elif isinstance(value, list | tuple):
        for index, child in enumerate(list(value)):
            yield str(index), child, f"{path}[{index}]"
    elif isinstance(value, set | frozenset):
        for child in list(value):
            yield short_repr(child), child, ""
    else:
        for name, child in _attributes(value).items():
            yield name, child, f"{path}.{name}"


def _attributes(value: object) -> dict[str, object]:
    """The instance attributes of ``value`` that are not private (no properties run)."""
    try:
        attributes = vars(value)
    except TypeError:
        return {}
    try:
        return {name: child for name, child in dict(attributes).items() if not name.startswith("_")}
    except Exception:  # noqa: BLE001 - an odd __dict__ has no children to show
        return {}
