"""Job scripts from templates: ``{n}``, ``{queue}`` and simple expressions such as
``{n/4}``, as the seeds' batch launchers render them.

Pure functions: :func:`render` fills a template, :func:`insert_directive` adds a line
after the ``#!`` line when a template lacks one, :func:`parse_job_id` finds the job
id in what a submit command printed.
"""

from __future__ import annotations

import ast
import operator
import re
import string
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = ["EvalFormatter", "insert_directive", "parse_job_id", "render"]

_OPERATORS: Final[dict[type[ast.AST], Callable[..., Any]]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


def _evaluate(node: ast.AST, names: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, names)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise KeyError(node.id)
        return names[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.left, names), _evaluate(node.right, names))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.operand, names))
    raise ValueError(f"not a simple expression: {ast.unparse(node)!r}")


class EvalFormatter(string.Formatter):
    """A :class:`string.Formatter` whose fields may be arithmetic on the names given:
    ``{n/4}``, ``{n*2+1}``.  A whole number computed by division prints without
    ``.0`` (``nodes={n/4}`` with ``n=8`` gives ``nodes=2``)."""

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if field_name.isidentifier():
            return super().get_field(field_name, args, kwargs)
        tree = ast.parse(field_name, mode="eval")
        value = _evaluate(tree, kwargs)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return value, field_name


def render(template: str, names: Mapping[str, Any]) -> str:
    """``template`` with its fields filled from ``names``.

    Raises:
        KeyError: a field names something not in ``names``.
        ValueError: a field is not a simple expression.
    """
    return EvalFormatter().vformat(template, (), dict(names))


def insert_directive(script: str, pattern: str, line: str) -> str:
    """``script`` with ``line`` after its ``#!`` line (or first) unless a line matches
    ``pattern`` already."""
    if re.search(pattern, script, re.MULTILINE):
        return script
    lines = script.splitlines(keepends=True)
    at = 1 if lines and lines[0].startswith("#!") else 0
    lines.insert(at, line.rstrip("\n") + "\n")
    return "".join(lines)


def parse_job_id(output: str, pattern: str, group: int = 1) -> str:
    """The job id in a submit command's ``output``: group ``group`` of the first match
    of ``pattern``.

    Raises:
        ValueError: ``pattern`` is not found.
    """
    match = re.search(pattern, output, re.MULTILINE)
    if match is None:
        raise ValueError(f"no job id in the submit command's output: {output.strip()!r}")
    return match.group(group)
