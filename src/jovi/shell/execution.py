"""Running a cell's code: which values are displayed, ``await`` at the top level.

``ast_node_interactivity`` decides which top-level statements show their value:

* ``last_expr`` (default): the last statement, if it is an expression;
* ``last_expr_or_assign``: the same, or the target of a last simple assignment;
* ``all``: every expression statement;
* ``last``: the last statement, whatever it is (``for i in x: i`` shows each ``i``);
* ``none``: nothing.

Statements that show values are compiled in Python's interactive mode, which calls
``sys.displayhook`` with each value; the shell installs its output cache there while
the cell runs.  Code containing ``await`` at the top level is compiled as a coroutine
and run to completion on the shell's event loop.
"""

from __future__ import annotations

import ast
import codeop
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

if TYPE_CHECKING:
    from types import CodeType

_CO_COROUTINE = 0x0080  # inspect.CO_COROUTINE, without importing inspect

__all__ = [
    "INTERACTIVITY",
    "CellCompiler",
    "ExecutionInfo",
    "ExecutionResult",
    "Interactivity",
    "is_coroutine_code",
    "split_for_display",
]

Interactivity = Literal["last_expr", "last_expr_or_assign", "all", "last", "none"]
INTERACTIVITY: tuple[str, ...] = ("last_expr", "last_expr_or_assign", "all", "last", "none")


class ExecutionInfo(NamedTuple):
    """What was asked to run."""

    raw_cell: str
    store_history: bool = False
    silent: bool = False
    shell_futures: bool = True
    cell_id: str | None = None


class ExecutionResult:
    """What happened: the count used, the value shown, and any error.

    A plain class rather than a dataclass: ``dataclasses`` (with the ``inspect`` it
    imports) is not otherwise needed to start the shell.
    """

    __slots__ = (
        "displayed",
        "error_before_exec",
        "error_in_exec",
        "execution_count",
        "info",
        "result",
    )

    def __init__(  # noqa: PLR0917 - the dataclass-style constructor it replaces
        self,
        info: ExecutionInfo,
        execution_count: int | None = None,
        error_before_exec: BaseException | None = None,
        error_in_exec: BaseException | None = None,
        result: Any = None,
        displayed: list[Any] | None = None,
    ) -> None:
        self.info = info
        self.execution_count = execution_count
        self.error_before_exec = error_before_exec
        self.error_in_exec = error_in_exec
        self.result = result
        self.displayed: list[Any] = [] if displayed is None else displayed

    @property
    def success(self) -> bool:
        return self.error_before_exec is None and self.error_in_exec is None

    def raise_error(self) -> None:
        """Re-raise the error of the cell, if there was one."""
        if self.error_before_exec is not None:
            raise self.error_before_exec
        if self.error_in_exec is not None:
            raise self.error_in_exec

    def __repr__(self) -> str:
        return (
            f"<ExecutionResult count={self.execution_count} success={self.success} "
            f"result={self.result!r}>"
        )


def split_for_display(
    nodes: list[ast.stmt], interactivity: str
) -> tuple[list[ast.stmt], list[ast.stmt]]:
    """Split the statements of a cell into those run plainly and those that display."""
    if not nodes or interactivity == "none":
        return nodes, []
    if interactivity == "all":
        # Every expression statement displays; the order is kept by splitting at the first.
        for index, node in enumerate(nodes):
            if isinstance(node, ast.Expr):
                return nodes[:index], nodes[index:]
        return nodes, []
    last = nodes[-1]
    if interactivity == "last":
        return nodes[:-1], [last]
    if interactivity == "last_expr_or_assign":
        target = _assigned_name(last)
        if target is not None:
            shown = ast.Expr(ast.Name(id=target, ctx=ast.Load()))
            ast.copy_location(shown, last)
            ast.fix_missing_locations(shown)
            return nodes, [shown]
    if isinstance(last, ast.Expr):
        return nodes[:-1], [last]
    return nodes, []


def _assigned_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target: ast.expr = node.targets[0]
    elif (
        isinstance(node, ast.AugAssign | ast.AnnAssign) and getattr(node, "value", None) is not None
    ):
        target = node.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


class CellCompiler:
    """Compiles cells, keeping ``from __future__`` imports in force for later cells."""

    def __init__(self) -> None:
        self._compile = codeop.Compile()
        self._compile.flags |= ast.PyCF_ALLOW_TOP_LEVEL_AWAIT

    @property
    def flags(self) -> int:
        return self._compile.flags

    def parse(self, source: str, filename: str) -> ast.Module:
        """Parse with the ``__future__`` features seen so far."""
        flags = (self._compile.flags & ~ast.PyCF_ALLOW_TOP_LEVEL_AWAIT) | ast.PyCF_ONLY_AST
        tree = compile(
            source, filename, "exec", flags | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
        )
        assert isinstance(tree, ast.Module)
        return tree

    def compile_nodes(self, nodes: list[ast.stmt], filename: str, *, interactive: bool) -> CodeType:
        tree: ast.Module | ast.Interactive
        tree = (
            ast.Interactive(body=nodes) if interactive else ast.Module(body=nodes, type_ignores=[])
        )
        # codeop.Compile accepts AST objects as compile() does; its stub says str only.
        code: CodeType | None = self._compile(
            cast("Any", tree), filename, "single" if interactive else "exec"
        )
        assert code is not None
        return code


def is_coroutine_code(code: CodeType) -> bool:
    return bool(code.co_flags & _CO_COROUTINE)
