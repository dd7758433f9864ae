"""Turning calls and values into frames and back.

A call ``f(*args, **kwargs)`` travels as the buffers of an ``apply_request``; a value
(a result, a pushed namespace) as the buffers of a reply.  Both are one pickle of
protocol 5 made by cloudpickle, followed by the *out-of-band* buffers the pickle
points at:

* functions defined interactively (in ``__main__``, lambdas, closures, local
  functions) travel by value (cloudpickle); functions of importable modules by name;
* numpy arrays, ``bytes`` of 1 kB or more inside a :class:`pickle.PickleBuffer` and
  anything else that supports out-of-band pickling travel as frames of their own,
  never copied on the way; on the receiving side they are views of the received
  frames, so a received array is read-only (the zero-copy contract of the seeds);
* small arguments cost nothing extra: the whole call is one pickle, not one frame
  per argument.

On the engine, a function that travelled by value runs with the engine's namespace
as its globals (as IPython's engines did): ``lambda x: a + x`` finds the engine's
``a``.  Globals it carried that the namespace lacks are added to it.
:class:`Reference` names a variable of the engine's namespace, resolved there when an
argument is one.
"""

from __future__ import annotations

import builtins
import pickle
import sys
import types
from collections.abc import Callable, MutableMapping, Sequence
from typing import Any, Final, TypeVar

import cloudpickle

__all__ = [
    "Reference",
    "interactive",
    "pack_apply",
    "pack_value",
    "unpack_apply",
    "unpack_value",
]

PROTOCOL: Final = 5

F = TypeVar("F", bound=Callable[..., Any])


class Reference:
    """A name in an engine's namespace, passed as an argument and resolved there.

    ``view.apply(f, Reference("a"))`` calls ``f`` with the engine's ``a``.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"a Reference names a variable, not {type(name).__name__}")
        self.name = name

    def resolve(self, namespace: MutableMapping[str, Any]) -> Any:
        """The value named, in ``namespace``.

        Raises:
            NameError: the engine has no such variable.
        """
        try:
            return namespace[self.name]
        except KeyError:
            raise NameError(f"name {self.name!r} is not defined on the engine") from None

    def __repr__(self) -> str:
        return f"Reference({self.name!r})"

    def __reduce__(self) -> tuple[type[Reference], tuple[str]]:
        return (Reference, (self.name,))


def interactive(function: F) -> F:
    """Make ``function`` run in the engine's namespace: its global names are the
    engine's variables (as for a function typed at the prompt)."""
    function.__module__ = "__main__"
    return function


def _dumps(value: Any) -> list[Any]:
    buffers: list[pickle.PickleBuffer] = []
    data = cloudpickle.dumps(value, protocol=PROTOCOL, buffer_callback=buffers.append)
    frames: list[Any] = [data]
    frames.extend(buffer.raw() for buffer in buffers)
    return frames


def _loads(frames: Sequence[Any]) -> Any:
    if not frames:
        raise ValueError("no frames to unpack")
    views = [memoryview(frame).toreadonly() for frame in frames[1:]]
    # Only signed messages get here: their sender holds the cluster's key.
    return pickle.loads(frames[0], buffers=views)  # noqa: S301


def pack_value(value: Any) -> list[Any]:
    """The frames of ``value`` (a pickle, then its out-of-band buffers)."""
    return _dumps(value)


def unpack_value(frames: Sequence[Any]) -> Any:
    """The value in ``frames`` made by :func:`pack_value`; arrays are read-only views
    of the frames."""
    return _loads(frames)


def pack_apply(
    function: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]
) -> list[Any]:
    """The frames of the call ``function(*args, **kwargs)``."""
    return _dumps((function, tuple(args), dict(kwargs)))


def unpack_apply(
    frames: Sequence[Any], namespace: MutableMapping[str, Any]
) -> tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
    """The function and arguments of a call packed by :func:`pack_apply`, ready to run
    in ``namespace`` (the engine's): :class:`Reference` arguments are resolved and a
    function that travelled by value gets ``namespace`` as its globals."""
    function, args, kwargs = _loads(frames)
    if not callable(function):
        raise TypeError(f"{type(function).__name__!r} object is not callable")
    args = tuple(_resolve(arg, namespace) for arg in args)
    kwargs = {key: _resolve(value, namespace) for key, value in kwargs.items()}
    return in_namespace(function, namespace), args, kwargs


def _resolve(value: Any, namespace: MutableMapping[str, Any]) -> Any:
    return value.resolve(namespace) if isinstance(value, Reference) else value


def in_namespace(function: Any, namespace: MutableMapping[str, Any]) -> Any:
    """``function`` with ``namespace`` as its globals, if it travelled by value (its
    globals are not its module's); otherwise ``function`` itself."""
    if not isinstance(function, types.FunctionType):
        return function
    module = sys.modules.get(function.__module__)
    if module is not None and getattr(module, "__dict__", None) is function.__globals__:
        return function  # an importable function, found by name
    if function.__globals__ is namespace:
        return function
    if not isinstance(namespace, dict):
        raise TypeError("the engine's namespace must be a dict")
    namespace.setdefault("__builtins__", builtins)
    for name, value in function.__globals__.items():
        if not name.startswith("__"):
            namespace.setdefault(name, value)
    rebound = types.FunctionType(
        function.__code__,
        namespace,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    rebound.__kwdefaults__ = function.__kwdefaults__
    rebound.__dict__.update(function.__dict__)
    rebound.__qualname__ = function.__qualname__
    rebound.__doc__ = function.__doc__
    return rebound
