"""Notebook nodes: plain JSON dicts that also answer attribute access, as nbformat's do.

Code written for nbformat reads and changes notebooks as nested dicts whose keys are
also attributes: ``nb.cells[0].source = "..."``, ``cell.metadata.tags``,
``nb["metadata"]``.  :class:`NotebookNode` is that dict: every key is an attribute,
assigning a plain mapping stores it as a node, and a missing attribute raises
:class:`AttributeError` (so ``getattr(node, "x", default)`` and ``hasattr`` work).
Names of dict methods (``keys``, ``items``, ``update``...) stay methods; such keys
are reached with ``node["keys"]``.

:func:`from_dict` turns plain JSON (as :func:`json.loads` returns it) into nodes,
recursively; lists stay lists.  Nodes are dicts, so :func:`json.dumps` writes them
and ``node == {...}`` compares as dicts do.

This is the mutable, nbformat-shaped form of a notebook.  jovi's own model is the
immutable :class:`~jovi.nbformat.notebook.Notebook`; :func:`to_notebook` and
:func:`from_notebook` convert between the two.

Usage::

    nb = from_dict(json.loads(text))
    nb.cells[0].source = "# Title"
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3"}
    nb.metadata.kernelspec.name          # 'python3': the dict became a node
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jovi.nbformat.notebook import Notebook

__all__ = ["NotebookNode", "from_dict", "from_notebook", "to_notebook"]

_SCALARS = (str, int, float, bool, type(None), bytes)


class NotebookNode(dict[str, Any]):
    """A dict whose keys are also attributes (nbformat's ``NotebookNode``)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"this notebook node has no attribute or key {name!r}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(dict, name):
            raise AttributeError(
                f"{name!r} is a dict method of the notebook node; set it as node[{name!r}]"
            )
        self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(f"this notebook node has no attribute or key {name!r}") from None

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(value, Mapping) and not isinstance(value, NotebookNode):
            value = from_dict(value)
        super().__setitem__(key, value)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *(key for key in self if isinstance(key, str))})

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Set every key of a mapping (or pairs) and of ``kwargs``, converting dicts to nodes."""
        if len(args) > 1:
            raise TypeError(f"update takes at most one positional argument, not {len(args)}")
        if args:
            other = args[0]
            pairs = other.items() if isinstance(other, Mapping) else other
            for key, value in pairs:
                self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:
        """``node[key]``, first set to ``default`` (as a node, if a mapping) when missing."""
        if key not in self:
            self[key] = default
        return self[key]

    def copy(self) -> NotebookNode:
        """A shallow copy, still a node."""
        return NotebookNode(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> NotebookNode:
        # copy.deepcopy's generic path for dict subclasses is several times slower;
        # notebooks are plain JSON, so copying them is a walk.
        return _deep_copy(self)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"NotebookNode({dict.__repr__(self)})"


def _deep_copy(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Mapping):
        node = NotebookNode()
        for key, item in value.items():
            dict.__setitem__(node, key, _deep_copy(item))
        return node
    if isinstance(value, list | tuple):
        return [_deep_copy(item) for item in value]
    return value


def from_dict(value: Any) -> Any:
    """``value`` with every mapping in it (itself included) made a :class:`NotebookNode`.

    Lists and tuples become lists; other values are returned as they are.  The
    result shares no container with ``value``.  Nothing is validated.
    """
    return _deep_copy(value)


def to_notebook(node: Mapping[str, Any], *, filename: str | None = None) -> Notebook:
    """jovi's immutable :class:`~jovi.nbformat.notebook.Notebook` for a notebook node
    (any version; read as :func:`jovi.nbformat.from_json` reads)."""
    from jovi.nbformat.ipynb import from_json  # noqa: PLC0415 - ipynb imports this module

    return from_json(node, upgrade=False, filename=filename)


def from_notebook(nb: Notebook) -> NotebookNode:
    """The notebook node of jovi's :class:`~jovi.nbformat.notebook.Notebook` (plain JSON
    in nbformat's in-memory form, strings whole)."""
    from jovi.nbformat.convert import to_json  # noqa: PLC0415 - keeps this module light

    node: NotebookNode = _deep_copy(to_json(nb))
    return node
