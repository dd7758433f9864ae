"""Reading cells without the line editor.

:func:`prompt_simply` is ``--simple-prompt`` (``simple_prompt``): plain ``input()``
with ``In [N]:`` and ``...:`` prompts, the way Emacs and other programs that run
jovi as an inferior shell expect it; prompt_toolkit is never loaded.

:func:`run_piped_input` reads a standard input that is not a terminal (``jovi <
script``), without prompts.  Lines are gathered into cells as if they were typed: a cell runs when it is
complete; a block ends at a blank line or at the next statement that is not indented
(unless that statement continues the block: ``else``, ``elif``, ``except``,
``finally``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell
    from jovi.terminal.prompts import Prompts

__all__ = ["prompt_simply", "run_piped_input"]

_CONTINUES_BLOCK = re.compile(r"^(else|elif|except|finally)\b")


def run_piped_input(shell: InteractiveShell, stream: TextIO) -> None:
    """Run every cell read from ``stream``, stopping early if the code asks to exit."""
    pending: list[str] = []

    def run(text: str) -> bool:
        pending.clear()
        if text.strip():
            shell.run_cell(text, store_history=True)
        return shell.exit_now

    for line in stream:
        if pending and pending[0].startswith("%%"):
            # A cell magic's body is every line up to a blank one, whatever it holds.
            if line.strip():
                pending.append(line)
            elif run("".join(pending)):
                return
            continue
        starts_statement = (
            bool(line.strip()) and not line[0].isspace() and not _CONTINUES_BLOCK.match(line)
        )
        if pending and starts_statement:
            text = "".join(pending)
            status, _indent = shell.check_complete(text if text.endswith("\n") else text + "\n")
            if status != "incomplete" and run(text):
                return
        pending.append(line)
        text = "".join(pending)
        if not text.strip():
            pending.clear()
            continue
        status, _indent = shell.check_complete(text.rstrip("\n") if line.strip() else text)
        if (status == "complete" or (status == "invalid" and not line.strip())) and run(text):
            return
    run("".join(pending))


def prompt_simply(shell: InteractiveShell, prompts: Prompts) -> str:
    """One cell read with ``input()``: lines are added at the continuation prompt for
    as long as the cell is incomplete (a blank line ends a block)."""
    from jovi.terminal.prompts import as_text  # noqa: PLC0415 - start-up cost

    lines = [input(as_text(prompts.in_prompt_tokens()))]
    while shell.check_complete("\n".join(lines))[0] == "incomplete":
        lines.append(input(as_text(prompts.continuation_prompt_tokens())))
    return "\n".join(lines)
