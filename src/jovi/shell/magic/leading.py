"""Options at the start of a magic's line, with the rest of the line kept as typed.

Magics that take code (``%timeit -n10 x = "a  b"``, ``%prun -s time f()``) need their
options read from the front of the line and the code after them untouched: quotes,
spacing and all.  ``--`` ends the options explicitly.
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

from jovi.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["split_leading_options"]

_TOKEN = re.compile(r"""(?:[^\s'"]+|'[^']*'|"[^"]*")+""")


def _parse_spec(spec: str) -> dict[str, bool]:
    """``"n:rq"`` -> ``{"n": True, "r": False, "q": False}`` (True: takes a value)."""
    table: dict[str, bool] = {}
    for index, char in enumerate(spec):
        if char == ":":
            continue
        table[char] = index + 1 < len(spec) and spec[index + 1] == ":"
    return table


def _unquote(token: str) -> str:
    try:
        parts = shlex.split(token)
    except ValueError:
        return token
    return parts[0] if len(parts) == 1 else token


def split_leading_options(
    line: str,
    spec: str,
    *,
    magic: str,
    long_options: Mapping[str, str] | None = None,
    stop_after: str = "",
) -> tuple[dict[str, list[str]], str]:
    """The options (getopt ``spec``) at the start of ``line``, and the rest as typed.

    Every option maps to the list of its values (``""`` for a flag), in order.

    Args:
        line: The magic's argument line.
        spec: Short options, getopt style (``"n:rq"``: ``-n`` takes a value).
        magic: The magic's name, for error messages.
        long_options: ``--name`` spellings of short options (``{"breakpoint": "b"}``);
            ``--name value`` and ``--name=value`` both work.
        stop_after: Letters after which the options end (``%run -m mod -x``: ``-x`` is
            the module's).

    Raises:
        UsageError: an unknown option, or an option missing its value.
    """
    table = _parse_spec(spec)
    longs = dict(long_options or {})
    found: dict[str, list[str]] = {}
    position = 0
    while True:
        match = _TOKEN.search(line, position)
        if match is None:
            return found, ""
        token = match.group(0)
        if token == "--":  # noqa: S105 - the end of the options, not a password
            return found, line[match.end() :].strip()
        name, equals, attached = token[2:].partition("=")
        if token.startswith("--") and name in longs:
            token = f"-{longs[name]}" + (attached if equals else "")
        elif not re.fullmatch(r"-[A-Za-z][^\s]*", token):
            return found, line[match.start() :].strip()
        position = match.end()
        letters = token[1:]
        while letters:
            letter, letters = letters[0], letters[1:]
            if letter not in table:
                known = " ".join(f"-{name}" for name in table) or "none"
                raise UsageError(f"%{magic}: unknown option -{letter} (the options are: {known})")
            if not table[letter]:
                found.setdefault(letter, []).append("")
                continue
            if letters:
                value, letters = letters, ""
            else:
                following = _TOKEN.search(line, position)
                if following is None:
                    raise UsageError(f"%{magic}: option -{letter} needs a value")
                value = following.group(0)
                position = following.end()
            found.setdefault(letter, []).append(_unquote(value))
            if letter in stop_after:
                return found, line[position:].strip()
