"""Functional dependencies: ``@require``, ``@depend`` and :class:`dependent`.

A task decorated with ``@require("numpy")`` imports ``numpy`` into the engine's
namespace before it runs (so the function body can use the name), and
``@depend(check, *args)`` calls ``check(*args)`` on the engine first.  When a module
cannot be imported, or the check returns ``False``, the task does not run: it fails
with :class:`~jovi.parallel.errors.UnmetDependency`.  On a DirectView that is an error
like any other (a :class:`~jovi.parallel.errors.CompositeError` for several engines).

IPython's task scheduler then tried the task on another engine; jovi's scheduler does
not reroute a task yet, so on a load-balanced view the task fails on the engine it was
given (see the parallel guide).
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from jovi.parallel import ops
from jovi.parallel.errors import UnmetDependency
from jovi.parallel.serialize import in_namespace

if TYPE_CHECKING:
    from collections.abc import Callable, MutableMapping

__all__ = ["depend", "dependent", "require"]


def _namespace() -> MutableMapping[str, Any]:
    """The engine's namespace, or ``__main__``'s when not on an engine."""
    try:
        return ops.namespace()
    except RuntimeError:
        return vars(sys.modules["__main__"])


class dependent:  # noqa: N801 - ipyparallel's name
    """``f`` guarded by a check: calling it calls ``df(*dargs, **dkwargs)`` first and
    raises :class:`UnmetDependency` (without calling ``f``) if that returns ``False``.

    Args:
        f: The task.
        df: The check.
    """

    def __init__(
        self, f: Callable[..., Any], df: Callable[..., Any], *dargs: Any, **dkwargs: Any
    ) -> None:
        self.f = f
        self.df = df
        self.dargs = dargs
        self.dkwargs = dkwargs
        functools.update_wrapper(self, f)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        namespace = _namespace()
        check = in_namespace(self.df, namespace)
        if check(*self.dargs, **self.dkwargs) is False:
            raise UnmetDependency(
                "UnmetDependency", f"{getattr(self.df, '__name__', 'the check')} returned False"
            )
        return in_namespace(self.f, namespace)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<dependent {getattr(self.f, '__name__', self.f)!r} on {getattr(self.df, '__name__', self.df)!r}>"


def _module_name(module: Any) -> str:
    if isinstance(module, types.ModuleType):
        return module.__name__
    if isinstance(module, str):
        return module
    raise TypeError(f"@require takes modules or module names, not {type(module).__name__}")


def _import(*names: str, **mapping: str) -> bool:
    """Import ``names`` (bound by their first part) and ``mapping`` (bound by key)
    into the namespace the task runs in.

    Raises:
        UnmetDependency: one cannot be imported here.
    """
    namespace = _namespace()
    wanted = [(name.split(".")[0], name, name.split(".")[0]) for name in names]
    wanted += [(key, name, name) for key, name in mapping.items()]
    for bound_as, name, value in wanted:
        try:
            importlib.import_module(name)
            namespace[bound_as] = importlib.import_module(value)
        except ImportError as error:
            raise UnmetDependency("UnmetDependency", f"cannot import {name}: {error}") from None
    return True


def require(*modules: Any, **mapping: Any) -> Callable[[Callable[..., Any]], dependent]:
    """Decorator: import ``modules`` (modules or names) on the engine before the task
    runs, as the names the task uses (``mapping``: ``name=module``).

    ``@require("re") def findall(pat, x): return re.findall(pat, x)``
    """
    names = tuple(_module_name(m) for m in modules)
    named = {key: _module_name(m) for key, m in mapping.items()}

    def decorate(f: Callable[..., Any]) -> dependent:
        return dependent(f, _import, *names, **named)

    return decorate


def depend(
    df: Callable[..., Any], *args: Any, **kwargs: Any
) -> Callable[[Callable[..., Any]], dependent]:
    """Decorator: the task runs only where ``df(*args, **kwargs)`` does not return
    ``False`` (checked on the engine, just before)."""

    def decorate(f: Callable[..., Any]) -> dependent:
        return dependent(f, df, *args, **kwargs)

    return decorate
