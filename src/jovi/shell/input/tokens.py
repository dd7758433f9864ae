"""Tokenizing cells that may hold IPython syntax, grouped by logical line.

Special syntax is recognised on tokens, never on raw text, so that it cannot fire
inside strings, comments or f-strings (the largest bug class of the incumbent).
The standard tokenizer is used with two allowances: ``?``, ``!`` and ``$`` are
error tokens before Python 3.12 and operators since, so both are accepted; and an
unterminated string or bracket at the end of a cell (normal while typing) stops the
tokenizer quietly instead of failing.
"""

from __future__ import annotations

import io
import tokenize
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "SIGNIFICANT_SKIP",
    "LogicalLine",
    "significant",
    "tokens_by_line",
    "unterminated",
]

TokenInfo = tokenize.TokenInfo

#: Tokens that carry no code: layout and comments.
SIGNIFICANT_SKIP = frozenset(
    {
        tokenize.NEWLINE,
        tokenize.NL,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.COMMENT,
        tokenize.ENDMARKER,
    }
)


class LogicalLine(list[TokenInfo]):
    """The tokens of one logical line (a statement, or part of one across brackets)."""

    @property
    def first_row(self) -> int:
        """1-based physical line number where the logical line starts."""
        return self[0].start[0] if self else 0

    @property
    def last_row(self) -> int:
        return self[-1].end[0] if self else 0


def significant(line: Sequence[TokenInfo]) -> list[TokenInfo]:
    """The tokens that carry code: no layout, comments, or whitespace error tokens."""
    return [tok for tok in line if tok.type not in SIGNIFICANT_SKIP and tok.string.strip()]


def _generate(cell: str) -> tuple[list[TokenInfo], str | None]:
    tokens: list[TokenInfo] = []
    problem: str | None = None
    try:
        tokens.extend(tokenize.generate_tokens(io.StringIO(cell).readline))
    except tokenize.TokenError as error:
        problem = str(error.args[0]) if error.args else "incomplete input"
    except (SyntaxError, IndentationError) as error:  # 3.12+: some errors raise directly
        problem = getattr(error, "msg", str(error))
    return tokens, problem


def tokens_by_line(cell: str) -> list[LogicalLine]:
    """The tokens of ``cell`` grouped into logical lines (a line ends after NEWLINE).

    Tokenizing stops quietly at an unterminated string or bracket; the tokens seen
    up to there are returned.
    """
    tokens, _problem = _generate(cell)
    lines: list[LogicalLine] = [LogicalLine()]
    for tok in tokens:
        if tok.type == tokenize.ENDMARKER:
            break
        lines[-1].append(tok)
        if tok.type == tokenize.NEWLINE:
            lines.append(LogicalLine())
    if not lines[-1]:
        lines.pop()
    return lines


def unterminated(cell: str) -> str | None:
    """Why ``cell`` cannot be complete yet (an open string or bracket), or ``None``."""
    _tokens, problem = _generate(cell)
    if problem is None:
        return None
    lowered = problem.lower()
    if any(
        word in lowered
        for word in ("eof", "unterminated triple-quoted", "multi-line", "was never closed")
    ):
        return problem
    return None
