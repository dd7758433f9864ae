"""Asking the user to confirm (``%reset``, ``%save``, ``%load``), also where nobody can answer.

The question is asked on standard input.  When there is no standard input to ask
on (a kernel whose frontend cannot answer, a closed or captured stdin) the answer
is ``None``: each caller decides what that means ("proceed" for ``%reset``, "do not
overwrite" for ``%save``), so no magic ever hangs waiting.
"""

from __future__ import annotations

import sys

from jovi.errors import StdinNotImplementedError

__all__ = ["ask_yes_no"]


def ask_yes_no(question: str, default: bool = False) -> bool | None:
    """``True`` for yes, ``False`` for no, ``default`` for an empty answer or end of input,
    ``None`` when standard input cannot be read."""
    stdin = sys.stdin
    if stdin is None or getattr(stdin, "closed", False):
        return None
    while True:
        try:
            answer = input(question + " ").strip().lower()
        except EOFError:
            return default
        except (OSError, RuntimeError, StdinNotImplementedError):
            return None
        if not answer:
            return default
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
