"""Completing Python names: the namespace, keywords, attributes, dict keys, arguments.

Nothing here calls ``repr()`` of a user object, and nothing runs a property: the kind
of each attribute is read with ``inspect.getattr_static``.  ``dir()`` (which runs a
custom ``__dir__``) and ``keys()`` run under a time limit, and a failure or a
timeout falls back to what the class and the instance dict show.
"""

from __future__ import annotations

import builtins
import inspect
import keyword
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jovi.shell.completion.base import TimedOut, run_with_timeout

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "UNRESOLVED",
    "attribute_names",
    "describe",
    "dict_keys",
    "keyword_arguments",
    "namespace_names",
    "resolve",
]

UNRESOLVED: Any = object()
_DIR_TIMEOUT_S = 0.2
_KEYWORDS = sorted(set(keyword.kwlist) | set(getattr(keyword, "softkwlist", ())) - {"_"})


def resolve(expression: str, namespaces: Iterable[Mapping[str, Any]]) -> Any:
    """The object a dotted name refers to, without running properties; or ``UNRESOLVED``."""
    parts = expression.split(".")
    if not parts or not all(part.isidentifier() for part in parts):
        return UNRESOLVED
    for namespace in namespaces:
        if parts[0] in namespace:
            obj = namespace[parts[0]]
            break
    else:
        return UNRESOLVED
    for part in parts[1:]:
        try:
            static = inspect.getattr_static(obj, part)
        except AttributeError:
            return UNRESOLVED
        except Exception:  # noqa: BLE001 - hostile objects
            return UNRESOLVED
        if isinstance(static, property) or _is_data_descriptor(static):
            return UNRESOLVED
        try:
            obj = getattr(obj, part) if _bindable(static) else static
        except Exception:  # noqa: BLE001
            return UNRESOLVED
    return obj


def _is_data_descriptor(value: Any) -> bool:
    kind = type(value)
    return (
        hasattr(kind, "__get__")
        and hasattr(kind, "__set__")
        and not isinstance(value, types.MemberDescriptorType | types.GetSetDescriptorType)
    )


def _bindable(static: Any) -> bool:
    return isinstance(
        static, types.FunctionType | staticmethod | classmethod | types.BuiltinFunctionType
    ) or inspect.ismethoddescriptor(static)


def describe(value: Any) -> str:
    """The kind of an object, for the completion menu."""
    if isinstance(value, property):
        return "property"
    if inspect.isclass(value):
        return "class"
    if inspect.ismodule(value):
        return "module"
    if isinstance(value, staticmethod | classmethod):
        return "function"
    if inspect.isroutine(value) or isinstance(value, types.MethodType):
        return "function"
    if _is_data_descriptor(value) or isinstance(
        value, types.MemberDescriptorType | types.GetSetDescriptorType
    ):
        return "property"
    return "instance"


def namespace_names(
    prefix: str, namespaces: Iterable[Mapping[str, Any]], magics: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """``(name, kind)`` of keywords, names and magic names starting with ``prefix``."""
    found: dict[str, str] = {}
    for word in _KEYWORDS:
        if word.startswith(prefix):
            found[word] = "keyword"
    for namespace in namespaces:
        for name in [n for n in list(namespace) if isinstance(n, str) and n.startswith(prefix)]:
            if name not in found:
                found[name] = describe(namespace.get(name))
    for name in magics:
        if name.startswith(prefix) and name not in found:
            found[name] = "magic"
    return sorted(found.items())


def _static_names(obj: Any) -> set[str]:
    names: set[str] = set()
    for klass in getattr(type(obj), "__mro__", ()):
        names.update(getattr(klass, "__dict__", {}))
    if inspect.isclass(obj):
        for klass in getattr(obj, "__mro__", ()):
            names.update(getattr(klass, "__dict__", {}))
    try:
        instance_dict = object.__getattribute__(obj, "__dict__")
    except Exception:  # noqa: BLE001 - objects without (or with hostile) __dict__
        instance_dict = {}
    if isinstance(instance_dict, Mapping):
        names.update(name for name in instance_dict if isinstance(name, str))
    return names


def attribute_names(
    obj: Any, prefix: str, *, omit_names: int = 2, limit_to_all: bool = False
) -> list[tuple[str, str]]:
    """``(name, kind)`` of the attributes of ``obj`` starting with ``prefix``."""
    names: set[str]
    if (
        limit_to_all
        and inspect.ismodule(obj)
        and isinstance(getattr(obj, "__all__", None), list | tuple)
    ):
        names = {name for name in obj.__all__ if isinstance(name, str)}
    else:
        try:
            listed = run_with_timeout(lambda: dir(obj), _DIR_TIMEOUT_S)
            names = {name for name in listed if isinstance(name, str)}
        except (TimedOut, Exception):  # noqa: BLE001 - a slow or failing __dir__
            names = _static_names(obj)
    if not prefix.startswith("_"):
        if omit_names >= 2:
            names = {name for name in names if not name.startswith("_")}
        elif omit_names == 1:
            names = {name for name in names if not (name.startswith("__") and name.endswith("__"))}
    out = []
    for name in sorted(name for name in names if name.startswith(prefix) and name.isidentifier()):
        try:
            kind = describe(inspect.getattr_static(obj, name))
        except Exception:  # noqa: BLE001 - dynamic attributes
            kind = "instance"
        out.append((name, kind))
    return out


def dict_keys(obj: Any) -> list[Any]:
    """The keys a ``obj[`` completion offers: of mappings, DataFrame columns, record fields."""
    kind = type(obj)
    module = getattr(kind, "__module__", "") or ""

    def keys() -> list[Any]:
        if isinstance(obj, (Mapping, dict)):
            return list(obj.keys())
        if module.startswith("pandas") and kind.__name__ == "DataFrame":
            return list(obj.columns)
        if module.startswith("pandas") and kind.__name__ == "Series":
            return list(obj.index)
        if module.startswith("numpy") and getattr(getattr(obj, "dtype", None), "names", None):
            return list(obj.dtype.names)
        return []

    try:
        return run_with_timeout(keys, _DIR_TIMEOUT_S)
    except (TimedOut, Exception):  # noqa: BLE001
        return []


def keyword_arguments(function: Any) -> list[str]:
    """The names a call may pass by keyword."""
    try:
        signature = run_with_timeout(lambda: inspect.signature(function), _DIR_TIMEOUT_S)
    except (TimedOut, Exception):  # noqa: BLE001
        return []
    return [
        name
        for name, parameter in signature.parameters.items()
        if parameter.kind
        in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    ]


def builtin_namespace() -> Mapping[str, Any]:
    return builtins.__dict__
