"""Pasting code: ``%paste`` (from the clipboard) and ``%cpaste`` (typed or pasted at a prompt).

Pasted text is cleaned before it runs: ``>>>``/``...`` and ``In [N]:``/``...:``
prompts are removed, then e-mail quote marks (``>``) and diff marks (``+``) when
every line has them, and the block is dedented.  The block is kept in
``pasted_block`` for ``-r``.
"""

from __future__ import annotations

import re

from jovi.errors import StdinNotImplementedError, UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class

__all__ = ["PasteMagics", "clean_pasted"]

_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")


def clean_pasted(text: str) -> str:
    """Pasted text made into code: prompts, quote and diff marks removed, dedented."""
    from jovi.shell.input.cleanup import (  # noqa: PLC0415 - start-up cost
        classic_prompt,
        ipython_prompt,
        leading_empty_lines,
    )

    lines = [line + "\n" for line in text.splitlines()]
    for transform in (leading_empty_lines, classic_prompt, ipython_prompt):
        lines = transform(lines)
    filled = [line for line in lines if line.strip()]
    if filled and all(_QUOTE.match(line) for line in filled):
        lines = [_QUOTE.sub("", line, count=1) for line in lines]
    elif filled and all(line.startswith("+") for line in filled):
        lines = [line.removeprefix("+") for line in lines]
    import textwrap  # noqa: PLC0415 - only when pasting

    return textwrap.dedent("".join(lines)).rstrip("\n") + "\n"


@magics_class
class PasteMagics(Magics):
    """Running code from the clipboard or pasted at the terminal."""

    def _store_or_run(self, block: str, name: str, *, quiet: bool) -> None:
        shell = self.shell
        if name:
            from jovi.shell.slist import LSString  # noqa: PLC0415 - start-up cost

            shell.user_ns[name] = LSString(block.rstrip("\n"))
            shell.output.write(f"Block assigned to '{name}'\n")
            return
        if not quiet:
            shell.output.write(block + "## -- End pasted text --\n")
        shell.user_ns["pasted_block"] = block
        shell.run_cell(block, store_history=False)

    def _rerun(self, name: str) -> None:
        shell = self.shell
        name = name or "pasted_block"
        block = shell.user_ns.get(name)
        if not isinstance(block, str):
            raise UsageError(f"No previous pasted block available in `{name}`")
        first = block.split("\n", 1)[0]
        shell.output.write(f"Re-executing '{first}...' ({len(block)} chars)\n")
        shell.run_cell(block, store_history=False)

    @line_magic
    def paste(self, parameter_s: str = "") -> None:
        """Run the code on the clipboard: ``%paste [-r] [-q] [name]``.

        The text is shown (unless -q), cleaned of prompts (``>>>``, ``In [N]:``),
        e-mail quote marks and diff marks, dedented, run, and kept in
        ``pasted_block``.  With a name, it is stored in that variable as text
        (``.l`` gives the lines) instead of being run.  The clipboard is read with
        pbpaste, wl-paste, xclip or xsel.

        Options:
          -r      Run ``pasted_block`` (or the named variable) again.
          -q      Quiet: do not show the pasted text.
        """
        opts, name = self.parse_options(parameter_s, "rq")
        if "r" in opts:
            self._rerun(name)
            return
        from jovi.shell.clipboard import read_clipboard  # noqa: PLC0415 - start-up cost

        self._store_or_run(clean_pasted(read_clipboard()), name, quiet="q" in opts)

    @line_magic
    def cpaste(self, parameter_s: str = "") -> None:
        """Paste or type code at a ``:`` prompt, then run it: ``%cpaste [-r] [-q] [-s SENTINEL] [name]``.

        Lines are read until a line holding only ``--`` (or Ctrl-D), with no
        automatic indentation to get in the way.  The block is cleaned as %paste
        cleans it, run, and kept in ``pasted_block``; with a name it is stored in
        that variable instead.

        Options:
          -r            Run ``pasted_block`` (or the named variable) again.
          -q            Quiet: no instructions.
          -s SENTINEL   End with a line holding SENTINEL instead of ``--``.
        """
        opts, name = self.parse_options(parameter_s, "rqs:")
        if "r" in opts:
            self._rerun(name)
            return
        sentinel = str(opts.get("s", "--"))
        if "q" not in opts:
            self.shell.output.write(
                f"Pasting code; enter '{sentinel}' alone on the line to stop or use Ctrl-D.\n"
            )
        lines: list[str] = []
        while True:
            try:
                line = input(":")
            except EOFError:
                break
            except (OSError, RuntimeError, StdinNotImplementedError):
                raise UsageError(
                    "%cpaste reads from standard input, which cannot be read here"
                ) from None
            if line.rstrip() == sentinel:
                break
            lines.append(line)
        if not any(line.strip() for line in lines):
            return
        self._store_or_run(clean_pasted("\n".join(lines)), name, quiet=True)
