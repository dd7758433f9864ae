"""The user's namespace: a real ``__main__`` module, hidden names, push/drop/delete.

The shell runs code in a module object installed as ``sys.modules['__main__']``, so
that objects defined interactively pickle (``pickle`` looks their module up there).
Names the shell itself creates (``In``, ``Out``, ``_i3``, ``get_ipython``...) are
*hidden*: ``%who`` does not list them.
"""

from __future__ import annotations

import builtins
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["ExitAutocall", "NamespaceMixin", "create_main_module"]


def create_main_module(name: str = "__main__") -> types.ModuleType:
    module = types.ModuleType(name, doc="The namespace of the interactive jovi session.")
    module.__dict__["__builtins__"] = builtins
    return module


class ExitAutocall:
    """``exit`` and ``quit``: leave the shell, with or without parentheses."""

    def __init__(self, shell: InteractiveShell, name: str) -> None:
        self._shell = shell
        self._name = name

    def __repr__(self) -> str:
        return f"Type {self._name}() or press Ctrl-D to leave jovi."

    def __call__(self, *args: Any, keep_kernel: bool = False) -> None:
        """Leave; in a kernel, ``keep_kernel=True`` asks the frontend to leave it running."""
        self._shell.ask_exit(keep_kernel=keep_kernel)


class NamespaceMixin:
    """Namespace operations of :class:`~jovi.shell.interactiveshell.InteractiveShell`."""

    user_ns: dict[str, Any]
    user_module: types.ModuleType
    user_ns_hidden: dict[str, object]

    @property
    def user_global_ns(self) -> dict[str, Any]:
        return self.user_module.__dict__

    def hide_names(self, *names: str) -> None:
        """Hide ``names`` from ``%who`` (they are the shell's, not the user's)."""
        for name in names:
            self.user_ns_hidden[name] = None

    def push(
        self, variables: Mapping[str, Any] | str | Iterable[str], interactive: bool = True
    ) -> None:
        """Put variables into the user namespace.

        Args:
            variables: A dict of names to values, or names (a space-separated string or a
                list) to take from the caller's frame.
            interactive: False hides them from ``%who``.
        """
        if isinstance(variables, str | list | tuple):
            names = variables.split() if isinstance(variables, str) else list(variables)
            frame = sys._getframe(1)
            found: dict[str, Any] = {}
            for name in names:
                if name in frame.f_locals:
                    found[name] = frame.f_locals[name]
                elif name in frame.f_globals:
                    found[name] = frame.f_globals[name]
                else:
                    raise NameError(f"name {name!r} is not defined in the caller")
            variables = found
        mapping: dict[str, Any] = dict(variables)  # type: ignore[arg-type]
        self.user_ns.update(mapping)
        for name, value in mapping.items():
            if interactive:
                self.user_ns_hidden.pop(name, None)
            else:
                self.user_ns_hidden[name] = value

    def drop_by_id(self, variables: Mapping[str, Any]) -> None:
        """Remove the names that still hold the very objects given (undoes a push)."""
        for name, value in variables.items():
            if name in self.user_ns and self.user_ns[name] is value:
                del self.user_ns[name]
                self.user_ns_hidden.pop(name, None)

    def del_var(self, name: str, by_name: bool = False) -> None:
        """Delete a variable and every reference the shell holds to its object.

        ``by_name=True`` deletes the name only (other references are kept).
        """
        if name in ("__builtins__", "__builtin__"):
            raise ValueError(f"refusing to delete {name}")
        if name not in self.user_ns:
            raise NameError(f"name {name!r} is not defined")
        value = self.user_ns.pop(name)
        self.user_ns_hidden.pop(name, None)
        if by_name:
            return
        for key in [key for key, held in list(self.user_ns.items()) if held is value]:
            del self.user_ns[key]
        outputs: dict[int, Any] = self.user_ns.get("_oh", {})
        for count in [count for count, held in list(outputs.items()) if held is value]:
            del outputs[count]

    def ev(self, expression: str) -> Any:
        """Evaluate ``expression`` in the user namespace."""
        return eval(expression, self.user_global_ns, self.user_ns)  # noqa: S307

    def ex(self, code: str) -> None:
        """Execute ``code`` in the user namespace."""
        exec(code, self.user_global_ns, self.user_ns)  # noqa: S102

    def lookup(self, name: str) -> tuple[bool, object]:
        """Whether ``name`` is bound for user code (user, global, builtin), and its value."""
        for namespace in (self.user_ns, self.user_global_ns, builtins.__dict__):
            if name in namespace:
                return True, namespace[name]
        return False, None
