"""What an expression before ``.`` is, found without running any user code.

``"abc".st``, ``[1, 2].ap``, ``{1: 2}.ke``, ``open("x").rea``, ``Path("a").na``: the
object before the dot is not a name, so the namespace cannot answer, and jedi may not
answer in time (never on its first, cold use).  :func:`value_before_dot` finds it:

* a literal (a string, bytes, a number, a list, tuple, dict or set of literals) is
  evaluated with :func:`ast.literal_eval`, which runs nothing;
* an f-string is a ``str``; a comprehension is a list, set, dict or generator;
* a call of a class is an instance of that class: the class itself stands in (its
  methods and class attributes are what can be completed), and nothing is called;
* ``open(...)`` is a text file, or a binary one when its mode says ``b``.

Anything else is :data:`~jovi.shell.completion.objects.UNRESOLVED`, and jedi answers.
"""

from __future__ import annotations

import ast
import builtins
import io
from typing import TYPE_CHECKING, Any, Final

from jovi.shell.completion.objects import UNRESOLVED, resolve

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["value_before_dot"]

_LONGEST: Final = 400
"""Characters looked at before the dot (a longer expression goes to jedi)."""
_COMPREHENSIONS: Final[dict[type[ast.expr], Any]] = {
    ast.ListComp: [],
    ast.SetComp: set(),
    ast.DictComp: {},
    ast.GeneratorExp: (item for item in range(0)),
    ast.JoinedStr: "",
}


def value_before_dot(text: str, namespaces: Iterable[Mapping[str, Any]]) -> Any:
    """The object that ``text`` (the code up to a final ``.``) ends with, or UNRESOLVED."""
    node = _last_primary(text[-_LONGEST:])
    if node is None:
        return UNRESOLVED
    return _value(node, list(namespaces))


def _last_primary(text: str) -> ast.expr | None:
    """The expression ``text`` ends with: the longest ending that parses, narrowed to
    its last operand (``a + "x"`` ends with ``"x"``, whose attribute is wanted)."""
    node: ast.expr | None = None
    for start in range(len(text)):
        if text[start].isspace():
            continue
        try:
            node = ast.parse(text[start:], mode="eval").body
        except (SyntaxError, ValueError):
            continue
        break
    while node is not None:
        if isinstance(node, ast.BinOp):
            node = node.right
        elif isinstance(node, ast.BoolOp):
            node = node.values[-1]
        elif isinstance(node, ast.Compare):
            node = node.comparators[-1]
        elif isinstance(node, ast.UnaryOp) and not isinstance(node.operand, ast.Constant):
            node = node.operand
        else:
            return node
    return None


def _value(node: ast.expr, namespaces: list[Mapping[str, Any]]) -> Any:
    for kind, stand_in in _COMPREHENSIONS.items():
        if isinstance(node, kind):
            return stand_in
    if isinstance(node, ast.Call):
        return _call_result(node, namespaces)
    if isinstance(node, ast.Constant | ast.List | ast.Tuple | ast.Dict | ast.Set | ast.UnaryOp):
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return _container_type(node)
    return UNRESOLVED


def _container_type(node: ast.expr) -> Any:
    """A list, tuple, dict or set display with non-literal items is still one."""
    if isinstance(node, ast.List):
        return []
    if isinstance(node, ast.Tuple):
        return ()
    if isinstance(node, ast.Dict):
        return {}
    if isinstance(node, ast.Set):
        return set()
    return UNRESOLVED


def _call_result(node: ast.Call, namespaces: list[Mapping[str, Any]]) -> Any:
    name = _dotted(node.func)
    if name is None:
        return UNRESOLVED
    function = resolve(name, [*namespaces, _builtins()])
    if function is open or function is io.open:
        return _file_type(node)
    if isinstance(function, type) and not issubclass(function, type):
        return function  # the class stands in for its instance: nothing is called
    return UNRESOLVED


def _file_type(node: ast.Call) -> Any:
    mode: Any = "r"
    if len(node.args) > 1:
        mode = node.args[1]
    for keyword in node.keywords:
        if keyword.arg == "mode":
            mode = keyword.value
    if isinstance(mode, ast.Constant):
        mode = mode.value
    if not isinstance(mode, str):
        return io.TextIOWrapper
    if "b" not in mode:
        return io.TextIOWrapper
    return io.BufferedReader if mode.startswith("r") and "+" not in mode else io.BufferedWriter


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _builtins() -> Mapping[str, Any]:
    return vars(builtins)
