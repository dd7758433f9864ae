"""Installing packages into the running Python's environment: ``%pip``, ``%uv``,
``%conda``, ``%mamba``, ``%micromamba``.

``!pip install x`` runs whichever ``pip`` is first on ``$PATH``, which may belong to
another Python; these magics name this session's environment explicitly, as IPython's
do: ``%pip`` runs ``sys.executable -m pip``, ``%uv pip ...`` passes
``--python sys.executable``, and the conda family gets ``--prefix sys.prefix`` (and
``--yes`` where the program cannot ask its question).  The line is split as a shell
would split it (quotes hold words together) but no shell runs it: pipes and
redirections are not available.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["RESTART_NOTE", "PackagingMagics"]

RESTART_NOTE = "Note: you may need to restart the kernel (or jovi) to use updated packages.\n"
"""What is said after a command that changed the installed packages."""

# Commands of each tool that change what is installed (after them: RESTART_NOTE).
_PIP_CHANGES = frozenset({"install", "uninstall"})
_UV_PIP_CHANGES = frozenset({"install", "uninstall", "sync"})
_CONDA_CHANGES = frozenset({"install", "remove", "uninstall", "update", "upgrade"})
# conda commands that act on an environment (given --prefix unless one is named), and
# those that ask for confirmation.
_CONDA_NEEDS_ENVIRONMENT = _CONDA_CHANGES | {"list"}
_CONDA_ENVIRONMENT_FLAGS = ("-p", "--prefix", "-n", "--name")
_CONDA_YES_FLAGS = ("-y", "--yes")
# The variables conda and mamba set, on activation, to their own executable.
_TOOL_VARIABLES = {"conda": "CONDA_EXE", "mamba": "MAMBA_EXE", "micromamba": "MAMBA_EXE"}


def _split(magic: str, line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as error:
        raise UsageError(f"%{magic}: cannot split the line ({error})") from None


def _has_flag(words: list[str], flags: tuple[str, ...]) -> bool:
    return any(word in flags or word.startswith(tuple(f + "=" for f in flags)) for word in words)


def _which(name: str) -> str | None:
    import shutil  # noqa: PLC0415 - only when a tool is looked for

    return shutil.which(name)


@magics_class
class PackagingMagics(Magics):
    """Package managers acting on the environment of the running Python."""

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        self.prefix = Path(sys.prefix)
        """The environment the conda family installs into (``sys.prefix``)."""

    # ------------------------------------------------------------------ running

    def _run(self, magic: str, arguments: list[str], *, changes: bool) -> None:
        """Run the tool, keep its exit status in ``_exit_code``, add the restart note
        after a successful change."""
        from jovi.shell.system import run_program  # noqa: PLC0415 - subprocess when used

        try:
            status = run_program(arguments)
        except FileNotFoundError:
            raise UsageError(f"%{magic} could not start {arguments[0]!r}: not found.") from None
        self.shell.user_ns["_exit_code"] = status
        if changes and status == 0:
            self.shell.output.write(RESTART_NOTE)

    # ------------------------------------------------------------------ pip and uv

    @line_magic
    def pip(self, line: str = "") -> None:
        """Run pip for the Python jovi runs on: ``%pip install PACKAGE``.

        The same as ``python -m pip ...`` with jovi's own Python, so packages go into
        the environment of this session, not into that of whichever ``pip`` is first
        on ``$PATH`` (``!pip`` and a bare ``pip install`` with automagic off may pick
        another).  After an install or uninstall, packages already imported stay as
        they were: restart to use the new versions.
        """
        words = _split("pip", line)
        changes = bool(words) and words[0] in _PIP_CHANGES
        self._run("pip", [sys.executable, "-m", "pip", *words], changes=changes)

    @line_magic
    def uv(self, line: str = "") -> None:
        """Run uv for the Python jovi runs on: ``%uv pip install PACKAGE``.

        ``%uv pip ...`` is given ``--python`` with jovi's own Python (unless the line
        names one), so packages go into the environment of this session.  uv is run
        as ``python -m uv`` when the uv package is installed in it, else from
        ``$PATH``.
        """
        words = _split("uv", line)
        program = self._uv_program()
        changes = False
        if len(words) >= 2 and words[0] == "pip":
            changes = words[1] in _UV_PIP_CHANGES
            if not _has_flag(words, ("--python", "-p")) and "--system" not in words:
                words = [*words[:2], "--python", sys.executable, *words[2:]]
        self._run("uv", [*program, *words], changes=changes)

    def _uv_program(self) -> list[str]:
        import importlib.util  # noqa: PLC0415 - start-up cost

        if importlib.util.find_spec("uv") is not None:
            return [sys.executable, "-m", "uv"]
        found = _which("uv")
        if found is None:
            raise UsageError(
                "%uv needs the uv program, which is not installed here "
                "(%pip install uv installs it)."
            )
        return [found]

    # ------------------------------------------------------------------ conda and mambas

    @line_magic
    def conda(self, line: str = "") -> None:
        """Run conda on the environment jovi runs in: ``%conda install PACKAGE``.

        ``install``, ``remove``, ``update`` and ``list`` get ``--prefix`` with this
        environment unless the line names one (``-n``/``-p``), and where conda cannot
        ask its question (the kernel), ``--yes``.  The program is ``$CONDA_EXE``, the
        one next to jovi's Python, or the first on ``$PATH``.
        """
        self._conda_like("conda", line)

    @line_magic
    def mamba(self, line: str = "") -> None:
        """Run mamba on the environment jovi runs in: ``%mamba install PACKAGE``.

        As ``%conda``, with mamba (``$MAMBA_EXE``, next to jovi's Python, or on ``$PATH``).
        """
        self._conda_like("mamba", line)

    @line_magic
    def micromamba(self, line: str = "") -> None:
        """Run micromamba on the environment jovi runs in: ``%micromamba install PACKAGE``.

        As ``%conda``, with micromamba (``$MAMBA_EXE``, next to jovi's Python, or on
        ``$PATH``).
        """
        self._conda_like("micromamba", line)

    def _conda_like(self, tool: str, line: str) -> None:
        from jovi.shell.system import goes_to_terminal  # noqa: PLC0415 - start-up cost

        if not (self.prefix / "conda-meta" / "history").exists():
            raise UsageError(
                f"%{tool} installs into conda environments, and jovi's Python "
                f"({self.prefix}) is not in one: use %pip install instead."
            )
        program = self._conda_program(tool)
        words = _split(tool, line)
        command, rest = (words[0], words[1:]) if words else ("", [])
        extra: list[str] = []
        # Where output is read (the kernel), conda could not ask for confirmation.
        asks = command in _CONDA_CHANGES and not _has_flag(rest, _CONDA_YES_FLAGS)
        if asks and not goes_to_terminal():
            extra.append("--yes")
        if command in _CONDA_NEEDS_ENVIRONMENT and not _has_flag(rest, _CONDA_ENVIRONMENT_FLAGS):
            extra += ["--prefix", str(self.prefix)]
        arguments = [program, command, *extra, *rest] if command else [program]
        self._run(tool, arguments, changes=command in _CONDA_CHANGES)

    def _conda_program(self, tool: str) -> str:
        """The tool's executable: named by its variable, next to Python, or on $PATH."""
        variable = os.environ.get(_TOOL_VARIABLES[tool], "")
        if variable and Path(variable).is_file() and Path(variable).stem == tool:
            return variable
        beside = Path(sys.executable).parent / tool
        if beside.is_file():
            return str(beside)
        found = _which(tool)
        if found is None:
            raise UsageError(
                f"%{tool} needs the {tool} program, which was not found "
                f"(neither ${_TOOL_VARIABLES[tool]} nor $PATH names it)."
            )
        return found
