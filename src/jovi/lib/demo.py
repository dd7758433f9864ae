"""Interactive demos: run a script block by block, showing each block before it runs.

A demo is a valid Python file with marker comments on lines of their own:

* ``# <demo> stop`` (or ``# <demo> --- stop ---``): the end of a block;
* ``# <demo> silent``: run this block without showing its source;
* ``# <demo> auto``: run this block without asking first (its source is shown);
* ``# <demo> auto_all``: in the first block, run every block without asking.

Usage::

    from jovi.lib.demo import Demo
    mydemo = Demo("mydemo.py")
    mydemo()          # show the next block, ask, run it; call again for the next one

Each call prints a header such as ``**** <mydemo.py> block # 0 (3 remaining) ****``,
the block's source, then ``Press <q> to quit, <Enter> to execute...``; anything but
Enter skips the block.  What a block defines is copied into the shell's namespace.
Blocks split the file at top level only (not inside an indented block).

Variants: :class:`IPythonDemo` (blocks may use jovi syntax: ``%magics``, ``!cmd``),
:class:`LineDemo` and :class:`IPythonLineDemo` (each line is a block),
:class:`ClearDemo` and :class:`ClearIPDemo` (clear the screen between blocks).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from jovi.errors import UsageError

__all__ = [
    "ClearDemo",
    "ClearIPDemo",
    "ClearMixin",
    "Demo",
    "IPythonDemo",
    "IPythonLineDemo",
    "LineDemo",
]


def _marker(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*#\s+<demo>\s+{name}\s*$\n?", re.MULTILINE)


_STOP = _marker(r"(?:stop|---\s*stop\s*---)")
_SILENT = _marker("silent")
_AUTO = _marker("auto")
_AUTO_ALL = _marker("auto_all")


def _shell() -> Any:
    from jovi.shell.interactiveshell import get_ipython  # noqa: PLC0415 - cheap import of the lib

    return get_ipython()


def _out(text: str) -> None:
    if text:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


class Demo:
    """A script shown and run block by block; call the object to run the next block."""

    def __init__(
        self,
        src: str | os.PathLike[str] | IO[str],
        title: str = "",
        arg_str: str = "",
        auto_all: bool | None = None,
    ) -> None:
        """Args:
        src: A file name, or a file-like object with the demo's source.
        title: Shown in each block's header (the file name by default).
        arg_str: Command-line arguments for the demo: ``sys.argv`` while a block runs.
        auto_all: Run every block without asking (default: the ``auto_all`` marker).
        """
        if hasattr(src, "read"):
            self.fname = str(getattr(src, "name", "<demo>"))
            self.fobj: IO[str] | None = src  # type: ignore[assignment]
        else:
            self.fname = os.fspath(src)
            self.fobj = None
        self.title = title or Path(self.fname).name.strip("<>")
        self.sys_argv = [self.fname, *shlex.split(arg_str)]
        self.auto_all_requested = auto_all
        self.auto_all = bool(auto_all)
        self.user_ns: dict[str, Any] = {}
        self.src_blocks: list[str] = []
        self._silent: list[bool] = []
        self._auto: list[bool] = []
        self.block_index = 0
        self.finished = False
        self.fload()
        self.reload()

    # ------------------------------------------------------------------ loading

    def fload(self) -> None:
        """Read the demo's source again from its file (or file object)."""
        if self.fobj is not None:
            if hasattr(self.fobj, "seek"):
                self.fobj.seek(0)
            self.src = self.fobj.read()
        else:
            self.src = Path(self.fname).read_text(encoding="utf-8")

    def _split(self) -> list[str]:
        return [block.strip("\n") for block in _STOP.split(self.src) if block.strip()]

    def reload(self) -> None:
        """Split the source into blocks again, and start from the first block."""
        blocks = self._split() or [""]
        self._silent = [bool(_SILENT.search(block)) for block in blocks]
        self._auto = [bool(_AUTO.search(block)) for block in blocks]
        if self.auto_all_requested is None:
            self.auto_all = bool(_AUTO_ALL.search(blocks[0]))
        cleaned = [_AUTO_ALL.sub("", _AUTO.sub("", _SILENT.sub("", block))) for block in blocks]
        self.src_blocks = [block.strip("\n") + "\n" for block in cleaned]
        self.nblocks = len(self.src_blocks)
        self.reset()

    def reset(self) -> None:
        """Start again from the first block, with a fresh namespace."""
        self.user_ns = {"__name__": "__main__", "__file__": self.fname}
        self.block_index = 0
        self.finished = False

    # ------------------------------------------------------------------ moving

    def seek(self, index: int) -> None:
        """Make block ``index`` the next one (negative: from the end, as for lists)."""
        if index < 0:
            index += self.nblocks
        if not 0 <= index < self.nblocks:
            raise ValueError(f"there is no block {index}: this demo has {self.nblocks} blocks")
        self.block_index = index
        self.finished = False

    def jump(self, num: int = 1) -> None:
        """Skip ``num`` blocks forward (backward if negative) without running them."""
        self.seek(self.block_index + num)

    def back(self, num: int = 1) -> None:
        """Go back ``num`` blocks and run that block again."""
        self.seek(self.block_index - num)
        self()

    def again(self) -> None:
        """Run the last block again."""
        self.back(1)

    # ------------------------------------------------------------------ showing

    def marquee(self, txt: str = "", width: int = 78, mark: str = "*") -> str:
        """``txt`` centred in a line of ``mark`` characters."""
        if not txt:
            return mark * width
        side = max((width - len(txt) - 2) // 2, 3)
        return f"{mark * side} {txt} {mark * side}"

    def _header(self, index: int) -> str:
        remaining = self.nblocks - index - 1
        return self.marquee(f"<{self.title}> block # {index} ({remaining} remaining)")

    def highlight(self, block: str) -> str:
        """The block's source, coloured when it goes to a terminal."""
        if not sys.stdout.isatty():
            return block
        try:
            from pygments import highlight  # noqa: PLC0415 - only for terminals
            from pygments.formatters import TerminalFormatter  # noqa: PLC0415 - start-up cost
            from pygments.lexers import PythonLexer  # noqa: PLC0415 - start-up cost
        except ImportError:
            return block
        return str(highlight(block, PythonLexer(), TerminalFormatter()))

    def show(self, index: int | None = None) -> None:
        """Show block ``index`` (the next one by default) with its header."""
        index = self.block_index if index is None else index
        if not 0 <= index < self.nblocks:
            raise ValueError(f"there is no block {index}: this demo has {self.nblocks} blocks")
        if self._silent[index]:
            _out(self.marquee(f"<{self.title}> SILENT block # {index}"))
            return
        _out(self._header(index))
        _out(self.highlight(self.src_blocks[index]).rstrip("\n"))

    def show_all(self) -> None:
        """Show every block."""
        for index in range(self.nblocks):
            self.show(index)

    def edit(self, index: int | None = None) -> None:
        """Edit block ``index`` (the last one run by default) in your editor, then run it."""
        index = self.block_index - 1 if index is None else index
        if not 0 <= index < self.nblocks:
            raise ValueError(f"there is no block {index}: this demo has {self.nblocks} blocks")
        editor = shlex.split(_editor())
        if not editor or shutil.which(editor[0]) is None:
            raise UsageError(f"no editor found ({_editor()!r}); set $EDITOR")
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / f"demo_block_{index}.py"
            path.write_text(self.src_blocks[index], encoding="utf-8")
            subprocess.run([*editor, str(path)], check=False)  # noqa: S603 - the user's editor
            self.src_blocks[index] = path.read_text(encoding="utf-8")
        self.seek(index)
        self()

    # ------------------------------------------------------------------ running

    def pre_cmd(self) -> None:
        """Called before a block is shown (subclasses clear the screen here)."""

    def post_cmd(self) -> None:
        """Called after a block has run."""

    def run_cell(self, source: str) -> None:
        """Run one block's source in the demo's namespace."""
        exec(compile(source, self.fname, "exec"), self.user_ns)  # noqa: S102 - the demo is the point

    def _confirmed(self) -> bool:
        sys.stdout.write(self.marquee("Press <q> to quit, <Enter> to execute...") + " ")
        sys.stdout.flush()
        try:
            answer = input()
        except EOFError:
            answer = "q"
        return not answer.strip()

    def __call__(self, index: int | None = None) -> None:
        """Run the next block (or block ``index``)."""
        if index is not None:
            self.seek(index)
        if self.finished or self.block_index >= self.nblocks:
            _out(self.marquee("END OF DEMO"))
            _out(self.marquee("Use <demo_name>.reset() if you want to rerun it."))
            self.finished = True
            return
        index = self.block_index
        self.block_index += 1
        if self._silent[index]:
            remaining = self.nblocks - index - 1
            _out(self.marquee(f"Executing silent block # {index} ({remaining} remaining)"))
        else:
            self.pre_cmd()
            self.show(index)
            if self.auto_all or self._auto[index]:
                _out(self.marquee("output:"))
            elif not self._confirmed():
                _out(self.marquee("Block NOT executed"))
                return
        self._run(self.src_blocks[index])
        if self.block_index == self.nblocks:
            _out(self.marquee("END OF DEMO"))
            _out(self.marquee("Use <demo_name>.reset() if you want to rerun it."))
            self.finished = True

    def _run(self, source: str) -> None:
        saved_argv = sys.argv
        sys.argv = list(self.sys_argv)
        shell = _shell()
        try:
            self.run_cell(source)
            self.post_cmd()
        except Exception as error:  # noqa: BLE001 - the demo's errors are shown, the demo goes on
            if shell is not None:
                shell.showtraceback(error)
            else:
                import traceback  # noqa: PLC0415 - start-up cost

                traceback.print_exc()
        finally:
            sys.argv = saved_argv
        if shell is not None and self.user_ns is not shell.user_ns:
            shell.user_ns.update(
                {
                    k: v
                    for k, v in self.user_ns.items()
                    if k not in ("__name__", "__file__", "__builtins__")
                }
            )


def _editor() -> str:
    shell = _shell()
    configured = getattr(shell, "editor", None)
    if isinstance(configured, str) and configured:
        return configured
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


class IPythonDemo(Demo):
    """A demo whose blocks may use jovi's syntax (``%magics``, ``!cmd``); needs a running shell.

    Blocks run in the shell's own namespace.
    """

    def run_cell(self, source: str) -> None:
        shell = _shell()
        if shell is None:
            raise UsageError("IPythonDemo runs blocks in jovi: start it inside jovi")
        self.user_ns = shell.user_ns
        shell.run_cell(source)


class LineDemo(Demo):
    """A demo whose blocks are the lines of the source (blank lines skipped; no markers)."""

    def _split(self) -> list[str]:
        return [line for line in self.src.splitlines() if line.strip()]


class IPythonLineDemo(IPythonDemo, LineDemo):
    """A line-by-line demo with jovi syntax."""


class ClearMixin:
    """Clear the screen before each block and show no headers (mix in before ``Demo``)."""

    def marquee(self, txt: str = "", width: int = 78, mark: str = "*") -> str:
        return ""

    def pre_cmd(self) -> None:
        sys.stdout.write("\x1b[2J\x1b[H")
        sys.stdout.flush()


class ClearDemo(ClearMixin, Demo):
    """A demo that clears the screen between blocks."""


class ClearIPDemo(ClearMixin, IPythonDemo):
    """An IPythonDemo that clears the screen between blocks."""
