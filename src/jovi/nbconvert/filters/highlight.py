"""Code highlighted with pygments, for HTML and LaTeX.

Lexers and formatters are built once per process and kept: looking a lexer up by
name scans pygments' plugins, which costs more than highlighting a cell.  The
language names notebooks use for Python (``ipython3``, ``ipython``, ``python3``)
get :class:`IPythonLexer`, pygments' Python lexer plus IPython's own lines
(``%magic``, ``!command``), which pygments alone shows as errors.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.nbconvert.filters.latex import escape_latex

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "IPYTHON_NAMES",
    "highlight2html",
    "highlight2latex",
    "html_style_defs",
    "latex_style_defs",
    "lexer_for",
]

IPYTHON_NAMES = frozenset({"ipython", "ipython2", "ipython3", "python", "python3", "py", ""})
"""Language names highlighted as Python with IPython's syntax."""

_lock = threading.Lock()
_lexers: dict[str, Any] = {}

# A line of IPython syntax: %magic, %%cell_magic, !command, !!command.
_SPECIAL_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<sigil>%%|%|!!|!)(?P<rest>.*)$", re.MULTILINE)


def _ipython_lexer_class() -> type:
    from pygments.lexer import Lexer  # noqa: PLC0415 - pygments loads on first use
    from pygments.lexers.python import PythonLexer  # noqa: PLC0415 - start-up cost
    from pygments.token import Keyword, Name, Operator, Text  # noqa: PLC0415 - start-up cost

    class IPythonLexer(Lexer):  # type: ignore[misc]
        """Python, with IPython's ``%magic`` and ``!command`` lines."""

        name = "IPython"
        aliases: ClassVar[list[str]] = ["ipython3"]

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self._python = PythonLexer(**options)

        def get_tokens_unprocessed(self, text: str) -> Iterator[tuple[int, Any, str]]:
            position = 0
            for match in _SPECIAL_LINE.finditer(text):
                if match.start() > position:
                    for index, token, value in self._python.get_tokens_unprocessed(
                        text[position : match.start()]
                    ):
                        yield position + index, token, value
                start = match.start()
                indent, sigil, rest = match.group("indent", "sigil", "rest")
                if indent:
                    yield start, Text, indent
                start += len(indent)
                yield start, Operator, sigil
                start += len(sigil)
                word = re.match(r"\w*", rest)
                name = word.group() if word else ""
                if name:
                    yield start, Keyword if sigil.startswith("%") else Name.Builtin, name
                if rest[len(name) :]:
                    yield start + len(name), Text, rest[len(name) :]
                position = match.end()
            if position < len(text):
                for index, token, value in self._python.get_tokens_unprocessed(text[position:]):
                    yield position + index, token, value

    return IPythonLexer


def lexer_for(language: str | None) -> Any:
    """The pygments lexer for a language name (plain text when pygments has none)."""
    name = (language or "").strip().lower()
    if name in IPYTHON_NAMES:
        name = "ipython3"
    lexer = _lexers.get(name)
    if lexer is not None:
        return lexer
    with _lock:
        lexer = _lexers.get(name)
        if lexer is None:
            lexer = _build_lexer(name)
            _lexers[name] = lexer
    return lexer


def _build_lexer(name: str) -> Any:
    if name in IPYTHON_NAMES:
        return _ipython_lexer_class()(stripnl=False)
    from pygments.lexers import get_lexer_by_name  # noqa: PLC0415 - start-up cost
    from pygments.util import ClassNotFound  # noqa: PLC0415 - start-up cost

    try:
        return get_lexer_by_name(name, stripnl=False)
    except ClassNotFound:
        from pygments.lexers.special import TextLexer  # noqa: PLC0415 - start-up cost

        return TextLexer(stripnl=False)


@lru_cache(maxsize=8)
def _html_formatter(css_class: str) -> Any:
    from pygments.formatters.html import HtmlFormatter  # noqa: PLC0415 - start-up cost

    return HtmlFormatter(cssclass=css_class)


@lru_cache(maxsize=8)
def _latex_formatter(style: str) -> Any:
    from pygments.formatters.latex import LatexFormatter  # noqa: PLC0415 - start-up cost

    return LatexFormatter(style=style, commandprefix="PY")


def highlight2html(
    source: str, language: str | None = "ipython3", css_class: str = "highlight"
) -> str:
    """``source`` as highlighted HTML: ``<div class="highlight"><pre>...</pre></div>``."""
    from pygments import highlight  # noqa: PLC0415 - start-up cost

    return str(highlight(source, lexer_for(language), _html_formatter(css_class)))


def highlight2latex(source: str, language: str | None = "ipython3", style: str = "default") -> str:
    """``source`` as a highlighted LaTeX ``Verbatim`` environment (``\\PY`` commands,
    defined by :func:`latex_style_defs`)."""
    from pygments import highlight  # noqa: PLC0415 - start-up cost

    if not source.strip():
        return (
            "\\begin{Verbatim}[commandchars=\\\\\\{\\}]\n"
            + escape_latex(source)
            + "\n\\end{Verbatim}\n"
        )
    return str(highlight(source, lexer_for(language), _latex_formatter(style)))


@lru_cache(maxsize=16)
def html_style_defs(style: str, scope: str = ".highlight") -> str:
    """The CSS of a pygments style for highlighted HTML under ``scope``."""
    from pygments.formatters.html import HtmlFormatter  # noqa: PLC0415 - start-up cost

    return str(HtmlFormatter(style=style).get_style_defs(scope))


@lru_cache(maxsize=4)
def latex_style_defs(style: str = "default") -> str:
    """The LaTeX definitions of the ``\\PY`` commands for a pygments style."""
    return str(_latex_formatter(style).get_style_defs())
