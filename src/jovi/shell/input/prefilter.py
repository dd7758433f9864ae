"""Rewrites that depend on the namespace: macros, exit/quit, automagic, aliases, autocall.

They apply only to a cell of one logical line (as typed at a prompt) whose first
word is a plain or dotted name, and only in these cases, checked in order:

1. the line is just the name of a macro: the macro's code runs;
2. the name is an auto-called object (``exit``, ``quit``): it is called;
3. the rest of the line is an assignment (``ls = 1``, ``ls, x = 1, 2``): plain Python;
4. automagic is on, the name is a line magic and no variable or builtin shadows it:
   ``cd /tmp`` runs ``%cd /tmp``;
5. the name is an alias not shadowed by a variable: ``ls -l`` runs the alias;
6. the rest starts with an operator: plain Python;
7. autocall is on (1: only with arguments, 2: always), the name is callable and the
   line is not valid Python as written: ``f x, y`` becomes ``f(x, y)``.

Valid Python is never rewritten by 3, 6 and 7, and a magic name followed by a
keyword in valid Python (``who if a else b``) is left alone too.
"""

from __future__ import annotations

import ast
import keyword
import re
from typing import NamedTuple, Protocol

__all__ = ["PrefilterContext", "Prefiltered", "prefilter_line"]

_LINE = re.compile(r"^(?P<indent>\s*)(?P<ifun>[A-Za-z_][\w.]*)(?P<rest>.*)$", re.DOTALL)
_OPERATOR_START = re.compile(r"^(\s*)(!=|==|<=|>=|<<|>>|\*\*|//|[-+*/%^&|<>(\[.:@~=,])")
_NO_AUTOCALL_WORDS = re.compile(r"^\s*(is|not|in|and|or|if|else|for|async|await|lambda)\b")
_SOFT_KEYWORDS = frozenset(getattr(keyword, "softkwlist", ()))


class PrefilterContext(Protocol):
    """What the prefilter needs to know about the running shell."""

    @property
    def automagic(self) -> bool: ...

    @property
    def autocall(self) -> int: ...

    def is_line_magic(self, name: str) -> bool: ...

    def is_alias(self, name: str) -> bool: ...

    def lookup(self, name: str) -> tuple[bool, object]:
        """Whether ``name`` is bound in the user, global or builtin namespace, and to what."""
        ...

    def macro_source(self, value: object) -> str | None:
        """The code of ``value`` if it is a macro, else ``None``."""
        ...

    def is_autocallable(self, value: object) -> bool:
        """Whether ``value`` is called when named alone (``exit``, ``quit``)."""
        ...


class Prefiltered(NamedTuple):
    """The Python to run, and the rewritten line to echo (autocall) if any."""

    source: str
    echo: str | None = None


def _is_valid_python(line: str) -> bool:
    try:
        ast.parse(line, mode="exec")
    except (SyntaxError, ValueError):
        return False
    return True


def _first_word(text: str) -> str:
    return text.split(None, 1)[0] if text.split() else ""


def _autocall(ifun: str, rest: str, value: object, mode: int) -> Prefiltered | None:
    stripped = rest.strip()
    if not callable(value) or _NO_AUTOCALL_WORDS.match(rest):
        return None
    if not stripped:
        return Prefiltered(f"{ifun}()\n", f"{ifun}()") if mode >= 2 else None
    if stripped.startswith("[") and hasattr(value, "__getitem__"):
        return None
    trailing = ""
    if stripped.endswith(";"):
        stripped, trailing = stripped[:-1].rstrip(), ";"
    call = f"{ifun}({stripped}){trailing}"
    return Prefiltered(call + "\n", call)


def prefilter_line(line: str, context: PrefilterContext) -> Prefiltered | None:
    """The rewrite of a one-line cell, or ``None`` when it stays as written."""
    match = _LINE.match(line.rstrip("\n"))
    if not match or match["indent"]:
        return None
    ifun, rest = match["ifun"], match["rest"]
    head = ifun.split(".", 1)[0]
    if keyword.iskeyword(head) or (head in _SOFT_KEYWORDS and rest.strip()):
        return None
    bound, value = context.lookup(head)
    whole_line_name = not rest.strip()

    # 1, 2: macros and auto-called objects named alone
    if bound and whole_line_name and "." not in ifun:
        source = context.macro_source(value)
        if source is not None:
            return Prefiltered(source if source.endswith("\n") else source + "\n")
        if context.is_autocallable(value):
            return Prefiltered(f"{ifun}()\n")
    # 3: assignment guard
    stripped = rest.lstrip()
    if (stripped.startswith("=") and not stripped.startswith("==")) or stripped.startswith(","):
        return None
    valid = _is_valid_python(line)
    # 4, 5: automagic and aliases
    if not bound and "." not in ifun:
        blocked = valid and (keyword.iskeyword(_first_word(rest)) or stripped.startswith(":="))
        if not blocked and (
            (context.automagic and context.is_line_magic(ifun)) or context.is_alias(ifun)
        ):
            return Prefiltered(f"get_ipython().run_line_magic({ifun!r}, {rest.strip()!r})\n")
    # 6: operators mean Python
    if _OPERATOR_START.match(rest):
        return None
    # 7: autocall, never on valid Python (except a bare name in full mode)
    if context.autocall and bound and (not valid or (whole_line_name and context.autocall >= 2)):
        target_bound, target = context.lookup(ifun) if "." not in ifun else (bound, value)
        if "." in ifun:
            target = _resolve_dotted(value, ifun.split(".")[1:])
            target_bound = target is not _UNRESOLVED
        if target_bound:
            return _autocall(ifun, rest, target, context.autocall)
    return None


_UNRESOLVED = object()


def _resolve_dotted(value: object, attributes: list[str]) -> object:
    """Follow attributes without running properties' code more than a getattr does."""
    for attribute in attributes:
        try:
            value = getattr(value, attribute)
        except Exception:  # noqa: BLE001 - any failure means "not callable here"
            return _UNRESOLVED
    return value
