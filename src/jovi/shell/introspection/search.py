"""Wildcard search of names: ``%psearch`` and ``a*b?``.

A pattern is a dotted name where ``*`` matches any characters (``re.e*``,
``os.*path*``); the last part is matched against the names of the object the
earlier parts lead to.  A type filter keeps only objects whose type name matches
(``function``, ``int``, ``module`` ...; ``all`` keeps everything).
"""

from __future__ import annotations

import builtins
import fnmatch
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["default_namespaces", "search_names"]

_TYPE_ALIASES = {
    "string": "str",
    "unicode": "str",
    "dictionary": "dict",
    "long": "int",
    "none": "NoneType",
}


def _matches(name: str, pattern: str, *, case_sensitive: bool) -> bool:
    if case_sensitive:
        return fnmatch.fnmatchcase(name, pattern)
    return fnmatch.fnmatchcase(name.lower(), pattern.lower())


def _names_of(obj: Any) -> Iterable[str]:
    try:
        return list(vars(obj))
    except TypeError:
        try:
            return list(dir(obj))
        except Exception:  # noqa: BLE001 - dir() of a hostile object
            return []


def _type_ok(obj: Any, type_filter: str) -> bool:
    if type_filter in ("", "all"):
        return True
    wanted = _TYPE_ALIASES.get(type_filter.lower(), type_filter)
    return type(obj).__name__ == wanted or (
        wanted == "function" and callable(obj) and type(obj).__name__.endswith("function")
    )


def search_names(
    pattern: str,
    namespaces: Mapping[str, Mapping[str, Any]],
    *,
    type_filter: str = "all",
    case_sensitive: bool = True,
    show_all: bool = False,
) -> list[str]:
    """The full names matching ``pattern`` in the given namespaces, sorted."""
    parts = pattern.split(".")
    found: set[str] = set()
    for namespace in namespaces.values():
        candidates: list[tuple[str, Any]] = [
            (name, value)
            for name, value in list(namespace.items())
            if _matches(name, parts[0], case_sensitive=case_sensitive)
        ]
        for part in parts[1:]:
            deeper: list[tuple[str, Any]] = []
            for prefix, value in candidates:
                for name in _names_of(value):
                    if _matches(name, part, case_sensitive=case_sensitive):
                        try:
                            deeper.append((f"{prefix}.{name}", getattr(value, name)))
                        except Exception:  # noqa: BLE001, S112 - unreadable attributes are skipped
                            continue
            candidates = deeper
        for name, value in candidates:
            last = name.rsplit(".", 1)[-1]
            if not show_all and last.startswith("_") and not re.match(r"^_", parts[-1]):
                continue
            if _type_ok(value, type_filter):
                found.add(name)
    return sorted(found)


def default_namespaces(
    shell: InteractiveShell, names: Iterable[str] = ("user", "builtin")
) -> dict[str, Mapping[str, Any]]:
    known: dict[str, Mapping[str, Any]] = {
        "user": shell.user_ns,
        "user_global": shell.user_global_ns,
        "builtin": builtins.__dict__,
        "internal": {},
        "alias": {},
    }
    return {name: known[name] for name in names if name in known}
