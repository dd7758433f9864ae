"""The values a Verbose traceback shows under a failing line, found without running user code.

The failing line is parsed, and each name, attribute, subscript and arithmetic
sub-expression in it (``scale``, ``self.factor``, ``kw['k']``, ``scale - kw['k']``) is
given a value only where the answer is already stored:

* names: the frame's locals, then its globals;
* attributes: what a module, class or instance holds in its ``__dict__``; never a
  property or other descriptor, never ``__getattr__``, nothing of a class that
  customises attribute access;
* subscripts: items of built-in lists, tuples, dicts, strings and bytes, with a number,
  string, bytes or ``None`` as key, or a slice of numbers;
* arithmetic: ``+ - * / // % & | ^`` and unary ``- + ~`` on built-in numbers.

Anything else is left out, so showing a traceback never calls a method of the user's
objects (``repr`` of the values shown aside).  A line that does not parse on its own
(part of a longer statement) shows the values of its plain names.
"""

from __future__ import annotations

import ast
import io
import operator
import tokenize
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["line_values"]

_NUMBERS = (bool, int, float, complex)
_CONTAINERS = (list, tuple, dict, str, bytes)
_KEYS = (bool, int, float, str, bytes, type(None))
_LONGEST_LINE = 2000
_LARGEST_DICT = 10_000
_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_,
    ast.BitXor: operator.xor,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
    ast.Invert: operator.invert,
}
_SHOWN = (ast.Name, ast.Attribute, ast.Subscript, ast.BinOp, ast.UnaryOp)


class _UnknownValueError(Exception):
    """A sub-expression whose value cannot be found without running code."""


def line_values(frame: FrameType, line: str) -> list[tuple[str, object]]:
    """``(source text, value)`` for each sub-expression of ``line`` worth showing.

    Outer expressions come before their parts, in the order they appear on the line;
    functions, classes and modules are left out.
    """
    tree = _parse(line)
    if tree is None:
        return _plain_names(frame, line)
    values = _Evaluator(frame)
    found: list[tuple[tuple[int, int], str, object]] = []
    seen: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, _SHOWN) or isinstance(getattr(node, "ctx", None), ast.Store):
            continue
        if not any(isinstance(part, ast.Name) for part in ast.walk(node)):
            continue
        try:
            value = values.evaluate(node)
        except _UnknownValueError:
            continue
        text = ast.unparse(node)
        if text in seen or not _worth_showing(value):
            continue
        seen.add(text)
        found.append(((node.col_offset, -(node.end_col_offset or 0)), text, value))
    found.sort(key=lambda item: item[0])
    return [(text, value) for _position, text, value in found]


def _worth_showing(value: object) -> bool:
    return not callable(value) and not isinstance(value, ModuleType)


def _parse(line: str) -> ast.AST | None:
    """The line as a statement, or None; a header such as ``if x:`` gets a body."""
    text = line.strip()
    if not text or len(text) > _LONGEST_LINE:
        return None
    if text.startswith("elif "):
        text = text[2:]
    if text.endswith(":"):
        text += " pass"
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _plain_names(frame: FrameType, line: str) -> list[tuple[str, object]]:
    names: list[str] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline):
            if tok.type == tokenize.NAME and tok.string.isidentifier() and tok.string not in names:
                names.append(tok.string)
    except (tokenize.TokenError, SyntaxError):
        pass
    values = _Evaluator(frame)
    shown = []
    for name in names:
        try:
            value = values.name(name)
        except _UnknownValueError:
            continue
        if _worth_showing(value):
            shown.append((name, value))
    return shown


def _static_attribute(obj: object, name: str) -> object:
    """``obj.name`` when it is a plain stored value; raises _UnknownValueError otherwise."""
    import inspect  # noqa: PLC0415 - needed only for a Verbose traceback

    getattribute = inspect.getattr_static(type(obj), "__getattribute__", None)
    if getattribute not in _PLAIN_GETATTRIBUTE:
        raise _UnknownValueError
    try:
        found = inspect.getattr_static(obj, name)
    except AttributeError:
        raise _UnknownValueError from None
    if inspect.getattr_static(type(found), "__get__", None) is not None:
        raise _UnknownValueError  # a descriptor: reading it runs code
    return found


_PLAIN_GETATTRIBUTE = (
    vars(object)["__getattribute__"],
    vars(type)["__getattribute__"],
    vars(ModuleType)["__getattribute__"],
)


class _Evaluator:
    """Values of sub-expressions of one frame's line, each computed once."""

    def __init__(self, frame: FrameType) -> None:
        self.frame = frame
        self.known: dict[int, object] = {}

    def name(self, name: str) -> object:
        for scope in (self.frame.f_locals, self.frame.f_globals):
            if type(scope) is dict and name in scope:
                return scope[name]
        raise _UnknownValueError

    def evaluate(self, node: ast.AST) -> object:
        key = id(node)
        if key not in self.known:
            self.known[key] = self._compute(node)
        return self.known[key]

    def _compute(self, node: ast.AST) -> object:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute):
            return _static_attribute(self.evaluate(node.value), node.attr)
        if isinstance(node, ast.Subscript):
            return self._item(self.evaluate(node.value), node.slice)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = self.evaluate(node.left), self.evaluate(node.right)
            if type(left) not in _NUMBERS or type(right) not in _NUMBERS:
                raise _UnknownValueError
            return self._arithmetic(_BINARY[type(node.op)], left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            operand = self.evaluate(node.operand)
            if type(operand) not in _NUMBERS:
                raise _UnknownValueError
            return self._arithmetic(_UNARY[type(node.op)], operand)
        raise _UnknownValueError

    @staticmethod
    def _arithmetic(function: Callable[..., object], *operands: object) -> object:
        try:
            return function(*operands)
        except (ArithmeticError, TypeError, ValueError):
            raise _UnknownValueError from None

    def _item(self, container: object, index: ast.expr) -> object:
        if type(container) not in _CONTAINERS:
            raise _UnknownValueError
        if isinstance(index, ast.Slice):
            bounds = [
                self.evaluate(part) if part else None
                for part in (index.lower, index.upper, index.step)
            ]
            if any(type(bound) not in (int, bool, type(None)) for bound in bounds):
                raise _UnknownValueError
            if isinstance(container, dict):
                raise _UnknownValueError
            key: object = slice(*bounds)
        else:
            key = self.evaluate(index)
            if type(key) not in _KEYS:
                raise _UnknownValueError
        if isinstance(container, dict):
            return _dict_item(container, key)
        try:
            return container[key]  # type: ignore[index]
        except (LookupError, TypeError, ValueError):
            raise _UnknownValueError from None


def _dict_item(table: dict[object, object], key: object) -> object:
    """``table[key]`` comparing only keys of the key's own built-in type (no user ``__eq__``)."""
    if len(table) > _LARGEST_DICT:
        raise _UnknownValueError
    for candidate, value in table.items():
        if type(candidate) is type(key) and candidate == key:
            return value
    raise _UnknownValueError
