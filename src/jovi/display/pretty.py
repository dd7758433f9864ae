"""A pretty printer: readable, width-aware text for Python values.

``pretty(obj)`` lays out containers so that they fit ``max_width`` columns, one item
per line when they do not; dict keys keep their insertion order (sorted, when they can
be, with ``sort_dicts=True``) and set items are sorted when they can be; cycles print
as ``[...]``/``{...}``; long sequences are cut after ``max_seq_length`` items with
``...``; an object whose class has no ``__repr__`` of its own prints as
``<module.Class at 0x…>``.  Objects take part through ``_repr_pretty_(self, p, cycle)``, the
protocol of IPython's printer, where ``p`` offers ``text``, ``breakable``,
``begin_group``/``end_group``, ``group``, ``indent`` and ``pretty``.

The layout is the classic one: a group prints flat if it fits on the rest of the
line, otherwise each of its own break points becomes a newline at the group's
indentation.  Widths are computed once per group, so printing is linear in the size
of the output.
"""

from __future__ import annotations

import collections
import contextlib
import io
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping

__all__ = ["PrettyPrinter", "pretty"]


class _Text:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class _Break:
    __slots__ = ("sep",)

    def __init__(self, sep: str) -> None:
        self.sep = sep


class _Group:
    __slots__ = ("children", "indent", "width")

    def __init__(self, indent: int) -> None:
        self.indent = indent
        self.children: list[_Text | _Break | _Group] = []
        self.width = -1


def _flat_width(group: _Group) -> int:
    """Width of ``group`` printed on one line (a hard newline counts as infinite)."""
    if group.width >= 0:
        return group.width
    total = 0
    for child in group.children:
        if isinstance(child, _Text):
            if "\n" in child.text:
                total = 1 << 30
                break
            total += len(child.text)
        elif isinstance(child, _Break):
            total += len(child.sep)
        else:
            total += _flat_width(child)
    group.width = total
    return total


class PrettyPrinter:
    """Builds a layout from ``pretty``/``text``/``breakable`` calls, then renders it."""

    def __init__(
        self,
        *,
        max_width: int = 79,
        newline: str = "\n",
        max_seq_length: int = 1000,
        sort_dicts: bool = False,
        type_printers: Mapping[type, Callable[[Any, PrettyPrinter, bool], None]] | None = None,
        deferred_printers: Mapping[tuple[str, str], Callable[[Any, PrettyPrinter, bool], None]]
        | None = None,
    ) -> None:
        self.max_width = max_width
        self.newline = newline
        self.max_seq_length = max_seq_length
        self.sort_dicts = sort_dicts
        self.type_printers: dict[type, Callable[[Any, PrettyPrinter, bool], None]] = dict(
            _BUILTIN_PRINTERS
        )
        self.type_printers.update(type_printers or {})
        self.deferred_printers: dict[
            tuple[str, str], Callable[[Any, PrettyPrinter, bool], None]
        ] = dict(deferred_printers or {})
        self._root = _Group(0)
        self._stack: list[_Group] = [self._root]
        self._indent = 0
        self._visiting: set[int] = set()

    # ------------------------------------------------------------ the printer protocol

    def text(self, text: str) -> None:
        """Add text that never breaks."""
        if text:
            self._stack[-1].children.append(_Text(text))

    def breakable(self, sep: str = " ") -> None:
        """Add a point where the line may break (``sep`` when it does not)."""
        self._stack[-1].children.append(_Break(sep))

    def begin_group(self, indent: int = 0, open: str = "") -> None:  # noqa: A002 - protocol name
        """Start a group whose breaks are taken together; ``open`` is printed first."""
        self.text(open)
        self._indent += indent
        group = _Group(self._indent)
        self._stack[-1].children.append(group)
        self._stack.append(group)

    def end_group(self, dedent: int = 0, close: str = "") -> None:
        """End the current group; ``close`` is printed after it."""
        if len(self._stack) > 1:
            self._stack.pop()
        self._indent -= dedent
        self.text(close)

    @contextlib.contextmanager
    def group(self, indent: int = 0, open: str = "", close: str = "") -> Iterator[None]:  # noqa: A002
        """``with p.group(1, '[', ']'):`` around the items of a container."""
        self.begin_group(indent, open)
        try:
            yield
        finally:
            self.end_group(indent, close)

    @contextlib.contextmanager
    def indent(self, indent: int) -> Iterator[None]:
        """Indent the lines broken inside the block by ``indent`` more columns."""
        self._indent += indent
        try:
            yield
        finally:
            self._indent -= indent

    def pretty(self, obj: object) -> None:
        """Add ``obj``, printed by its printer."""
        key = id(obj)
        cycle = key in self._visiting
        self._visiting.add(key)
        try:
            self._dispatch(obj, cycle)
        finally:
            if not cycle:
                self._visiting.discard(key)

    # ------------------------------------------------------------ dispatch

    def _dispatch(self, obj: object, cycle: bool) -> None:
        """Along the class's MRO: a registered printer, else ``_repr_pretty_``, else a
        class's own ``__repr__`` (so subclasses that define one are respected); with
        none of these, ``<module.Class at 0x…>``."""
        for klass in _mro(type(obj)):
            printer = self.type_printers.get(klass) or self._deferred(klass)
            if printer is not None:
                printer(obj, self, cycle)
                return
            namespace = getattr(klass, "__dict__", {})
            method = namespace.get("_repr_pretty_")
            if callable(method) and klass is not object:
                method(obj, self, cycle)
                return
            if klass is not object and "__repr__" in namespace:
                break
        else:
            _default_printer(obj, self, cycle)
            return
        self.text(repr(obj))

    def _deferred(self, klass: type) -> Callable[[Any, PrettyPrinter, bool], None] | None:
        key: tuple[str, str] = (
            str(getattr(klass, "__module__", "")),
            str(getattr(klass, "__name__", "")),
        )
        printer = self.deferred_printers.pop(key, None)
        if printer is not None:
            self.type_printers[klass] = printer
        return printer

    # ------------------------------------------------------------ rendering

    def getvalue(self) -> str:
        """The laid-out text."""
        out = io.StringIO()
        column = self._render(
            self._root, 0, broken=_flat_width(self._root) > self.max_width, out=out
        )
        del column
        return out.getvalue()

    def _render(self, group: _Group, column: int, *, broken: bool, out: io.StringIO) -> int:
        for child in group.children:
            if isinstance(child, _Text):
                out.write(child.text)
                newline = child.text.rfind("\n")
                column = len(child.text) - newline - 1 if newline >= 0 else column + len(child.text)
            elif isinstance(child, _Break):
                if broken:
                    out.write(self.newline + " " * group.indent)
                    column = group.indent
                else:
                    out.write(child.sep)
                    column += len(child.sep)
            else:
                fits = column + _flat_width(child) <= self.max_width
                column = self._render(child, column, broken=not fits, out=out)
        return column


def _mro(cls: type) -> tuple[type, ...]:
    try:
        return cls.__mro__
    except AttributeError:
        return (cls, object)


# ------------------------------------------------------------------ built-in printers


def _sorted_if_possible(items: Iterable[Any]) -> list[Any]:
    listed = list(items)
    try:
        return sorted(listed)
    except Exception:  # noqa: BLE001 - unorderable items keep their order
        return listed


def _sequence(
    open_: str, close: str, *, single_comma: bool = False
) -> Callable[[Any, PrettyPrinter, bool], None]:
    def printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
        if cycle:
            p.text(f"{open_}...{close}")
            return
        items = list(obj)
        with p.group(len(open_), open_, close):
            for index, item in enumerate(items):
                if index:
                    p.text(",")
                    p.breakable()
                if index >= p.max_seq_length:
                    p.text("...")
                    break
                p.pretty(item)
            if single_comma and len(items) == 1:
                p.text(",")

    return printer


def _set_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    name = type(obj).__name__
    if not obj:
        p.text(f"{name}()")
        return
    wrapped = not isinstance(obj, set) or type(obj) is not set
    if wrapped:
        p.text(f"{name}(")
    if cycle:
        p.text("{...}")
    else:
        items = _sorted_if_possible(obj)
        with p.group(1, "{", "}"):
            for index, item in enumerate(items):
                if index:
                    p.text(",")
                    p.breakable()
                if index >= p.max_seq_length:
                    p.text("...")
                    break
                p.pretty(item)
    if wrapped:
        p.text(")")


def _dict_items(obj: Any, p: PrettyPrinter) -> list[Any]:
    keys = list(obj.keys())
    if p.sort_dicts and not isinstance(obj, collections.OrderedDict):
        keys = _sorted_if_possible(keys)
    return keys


def _dict_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    if cycle:
        p.text("{...}")
        return
    with p.group(1, "{", "}"):
        for index, key in enumerate(_dict_items(obj, p)):
            if index:
                p.text(",")
                p.breakable()
            if index >= p.max_seq_length:
                p.text("...")
                break
            p.pretty(key)
            p.text(": ")
            p.pretty(obj[key])


def _wrapped(
    name_of: Callable[[Any], str],
    inner: Callable[[Any, PrettyPrinter, bool], None],
    payload: Callable[[Any], Any],
) -> Callable[[Any, PrettyPrinter, bool], None]:
    def printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
        with p.group(len(name_of(obj)) + 1, name_of(obj) + "(", ")"):
            inner(payload(obj), p, cycle)

    return printer


def _defaultdict_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    name = type(obj).__name__
    with p.group(len(name) + 1, f"{name}(", ")"):
        p.pretty(obj.default_factory)
        p.text(",")
        p.breakable()
        _dict_printer(obj, p, cycle)


def _deque_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    name = type(obj).__name__
    with p.group(len(name) + 1, f"{name}(", ")"):
        _sequence("[", "]")(obj, p, cycle)
        if obj.maxlen is not None:
            p.text(",")
            p.breakable()
            p.text(f"maxlen={obj.maxlen}")


def _counter_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    name = type(obj).__name__
    if not obj:
        p.text(f"{name}()")
        return
    with p.group(len(name) + 1, f"{name}(", ")"):
        if cycle:
            p.text("{...}")
            return
        with p.group(1, "{", "}"):
            for index, (key, count) in enumerate(obj.most_common()):
                if index:
                    p.text(",")
                    p.breakable()
                p.pretty(key)
                p.text(": ")
                p.pretty(count)


def _str_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    text = repr(obj)
    lines = obj.splitlines(keepends=True)
    if len(lines) <= 1 or len(text) <= p.max_width:
        p.text(text)
        return
    with p.group(1, "(", ")"):
        for index, line in enumerate(lines):
            if index:
                p.breakable()
            p.text(repr(line))


def _type_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    if getattr(type(obj), "__repr__", None) is not type.__repr__:
        p.text(repr(obj))
        return
    module = getattr(obj, "__module__", None)
    name = str(getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "?"))
    p.text(name if module in (None, "builtins", "__builtin__") else f"{module}.{name}")


def _function_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", "?")
    module = getattr(obj, "__module__", None)
    if module in (None, "builtins", "__main__"):
        p.text(f"<function {name}>")
    else:
        p.text(f"<function {module}.{name}>")


def _builtin_function_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    name = getattr(obj, "__name__", "?")
    self_ = getattr(obj, "__self__", None)
    if self_ is None or isinstance(self_, types.ModuleType):
        p.text(f"<function {name}>")
    else:
        p.text(f"<built-in method {name} of {type(self_).__name__} object at {id(self_):#x}>")


def _default_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    """An object whose class has no ``__repr__`` of its own: ``<module.Class at 0x…>``."""
    with p.group(1, "<", ">"):
        p.pretty(type(obj))
        p.text(f" at {id(obj):#x}")
        if cycle:
            p.text(" ...")


def _exception_printer(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
    cls = type(obj)
    name = (
        cls.__name__
        if cls.__module__ in ("builtins", "exceptions")
        else f"{cls.__module__}.{cls.__name__}"
    )
    with p.group(len(name) + 1, name + "(", ")"):
        for index, arg in enumerate(getattr(obj, "args", ())):
            if index:
                p.text(",")
                p.breakable()
            p.pretty(arg)


_BUILTIN_PRINTERS: dict[type, Callable[[Any, PrettyPrinter, bool], None]] = {
    list: _sequence("[", "]"),
    tuple: _sequence("(", ")", single_comma=True),
    set: _set_printer,
    frozenset: _set_printer,
    dict: _dict_printer,
    str: _str_printer,
    type: _type_printer,
    types.FunctionType: _function_printer,
    types.BuiltinFunctionType: _builtin_function_printer,
    BaseException: _exception_printer,
    collections.deque: _deque_printer,
    collections.defaultdict: _defaultdict_printer,
    collections.Counter: _counter_printer,
    collections.OrderedDict: _wrapped(
        lambda o: type(o).__name__, _sequence("[", "]"), lambda o: list(o.items())
    ),
}


def pretty(
    obj: object,
    *,
    max_width: int = 79,
    newline: str = "\n",
    max_seq_length: int = 1000,
    sort_dicts: bool = False,
) -> str:
    """``obj`` pretty-printed as text."""
    printer = PrettyPrinter(
        max_width=max_width, newline=newline, max_seq_length=max_seq_length, sort_dicts=sort_dicts
    )
    printer.pretty(obj)
    return printer.getvalue()
