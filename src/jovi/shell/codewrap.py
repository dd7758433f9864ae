"""Wrapping every cell in a template of code (``%%code_wrap``).

A template is Python in which the statement ``__code__`` stands for the cell's
statements and the name ``__ret__`` for the value of the cell's last expression
(``None`` when it does not end with one)::

    from time import perf_counter as ___clock
    ___start = ___clock()
    __code__
    print(f"took {___clock() - ___start:.3f} s")
    __ret__

Names of the template that start with three underscores are renamed, so that they
cannot clash with the user's own; the cell's result shows as usual when the template
ends with ``__ret__``.  :class:`CodeWrapper` is an AST transformer: append one to
``shell.ast_transformers`` to wrap cells from code.
"""

from __future__ import annotations

import ast
import copy

__all__ = ["RESULT_NAME", "CodeWrapper"]

#: The variable holding the value of the cell's last expression while the template runs.
RESULT_NAME = "_code_wrap_result"
_RENAMED_PREFIX = "_code_wrap"
_PRIVATE = "___"


def _is_placeholder(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Name) and node.value.id == name


class _Filling(ast.NodeTransformer):
    """Puts one cell into a copy of the template."""

    def __init__(self, body: list[ast.stmt], result: ast.expr) -> None:
        self.body = body
        self.result = result

    def visit_Expr(self, node: ast.Expr) -> ast.AST | list[ast.stmt]:
        if _is_placeholder(node, "__code__"):
            return copy.deepcopy(self.body)
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id == "__ret__":
            return ast.copy_location(copy.deepcopy(self.result), node)
        if node.id.startswith(_PRIVATE):
            node.id = _RENAMED_PREFIX + node.id
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        if node.arg.startswith(_PRIVATE):
            node.arg = _RENAMED_PREFIX + node.arg
        return self.generic_visit(node)

    def visit_alias(self, node: ast.alias) -> ast.AST:
        if node.asname is not None and node.asname.startswith(_PRIVATE):
            node.asname = _RENAMED_PREFIX + node.asname
        return node

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> ast.AST:
        if node.name.startswith(_PRIVATE):
            node.name = _RENAMED_PREFIX + node.name
        return self.generic_visit(node)

    visit_FunctionDef = _definition  # noqa: N815 - ast.NodeTransformer's naming
    visit_AsyncFunctionDef = _definition  # noqa: N815
    visit_ClassDef = _definition  # noqa: N815


class CodeWrapper(ast.NodeTransformer):
    """An AST transformer putting each cell into ``template`` (see the module's help)."""

    def __init__(self, template: str) -> None:
        """Raises:
        SyntaxError: the template is not Python.
        """
        self.source = template
        self.template = ast.parse(template)

    def has_code(self) -> bool:
        """Whether the template has the ``__code__`` line (else the cells would vanish)."""
        return any(_is_placeholder(node, "__code__") for node in ast.walk(self.template))

    def hidden_names(self) -> list[str]:
        """The variables the template leaves in the namespace (the shell hides them from
        ``%who``): the cell's result and the renamed ``___name`` variables."""
        found = {
            name
            for node in ast.walk(self.template)
            for name in _defined_names(node)
            if name.startswith(_PRIVATE)
        }
        return [RESULT_NAME, *sorted(_RENAMED_PREFIX + name for name in found)]

    def visit_Module(self, node: ast.Module) -> ast.Module:
        body = list(node.body)
        result: ast.expr = ast.Constant(None)
        if body and isinstance(body[-1], ast.Expr):
            last = body.pop()
            assert isinstance(last, ast.Expr)
            keep = ast.Assign(targets=[ast.Name(RESULT_NAME, ast.Store())], value=last.value)
            body.append(ast.copy_location(keep, last))
            result = ast.Name(RESULT_NAME, ast.Load())
        wrapped = copy.deepcopy(self.template)
        # The template's own lines point at the cell's first line in tracebacks.
        line = body[0].lineno if body else 1
        for part in ast.walk(wrapped):
            if isinstance(part, ast.stmt | ast.expr):
                part.lineno = part.end_lineno = line
                part.col_offset = part.end_col_offset = 0
        filled = _Filling(body, result).visit(wrapped)
        assert isinstance(filled, ast.Module)
        filled.type_ignores = node.type_ignores
        return ast.fix_missing_locations(filled)

    def __repr__(self) -> str:
        return f"<CodeWrapper {self.source!r}>"


def _defined_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.arg):
        return [node.arg]
    if isinstance(node, ast.alias) and node.asname is not None:
        return [node.asname]
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    return []
