"""``$name``, ``${expr}`` and ``{expr}`` in shell commands and magic lines.

* ``$name`` and ``$a.b.c``: the value (``str``) of a name or attribute chain;
* ``{expr}`` and ``${expr}``: the value of any Python expression;
* ``$$`` is a literal ``$`` (for the shell: ``!echo $$HOME``), ``{{``/``}}`` literal braces.

Names are looked up in the caller's local variables, then the user namespace.  If
any part cannot be evaluated, the whole text is used unchanged: that is what lets
``!awk '{print $1}' file`` through.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["var_expand"]

_NAME_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


class _Failed(Exception):  # noqa: N818 - internal signal, never escapes
    pass


def _matching_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start`` (nesting and quotes respected)."""
    depth = 0
    quote: str | None = None
    index = start
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise _Failed


def _evaluate(expression: str, namespace: dict[str, Any]) -> str:
    try:
        return str(eval(expression, namespace))  # noqa: S307 - expanding user expressions is the feature
    except Exception as error:
        raise _Failed from error


def _expand(text: str, namespace: dict[str, Any]) -> str:
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        following = text[index + 1 : index + 2]
        if char == "$" and following == "$":
            out.append("$")
            index += 2
        elif char == "$" and following == "{":
            end = _matching_brace(text, index + 1)
            out.append(_evaluate(text[index + 2 : end], namespace))
            index = end + 1
        elif char == "$":
            match = _NAME_CHAIN.match(text, index + 1)
            if match is None:
                out.append("$")
                index += 1
            else:
                out.append(_evaluate(match.group(0), namespace))
                index = match.end()
        elif char == "{" and following == "{":
            out.append("{")
            index += 2
        elif char == "}" and following == "}":
            out.append("}")
            index += 2
        elif char == "{":
            end = _matching_brace(text, index)
            out.append(_evaluate(text[index + 1 : end], namespace))
            index = end + 1
        else:
            out.append(char)
            index += 1
    return "".join(out)


def var_expand(text: str, user_ns: dict[str, Any], local_ns: dict[str, Any] | None = None) -> str:
    """``text`` with its variables and expressions expanded, or unchanged if any fails."""
    if "$" not in text and "{" not in text and "}" not in text:
        return text
    namespace = dict(user_ns)
    if local_ns:
        namespace.update(local_ns)
    try:
        return _expand(text, namespace)
    except _Failed:
        return text
