"""Start-up of the terminal shell, in the order users rely on.

1. GUI event loop (``--gui``) and matplotlib (``--matplotlib``, or ``--pylab``, which
   also imports numpy's and matplotlib's names);
2. extensions (``extensions``, then ``--ext``);
3. ``$PYTHONSTARTUP`` (when ``exec_PYTHONSTARTUP`` is on), then the profile's
   ``startup/*.py`` and ``*.ipy`` in name order, then ``exec_lines``, then ``exec_files``;
4. the code to run: ``-c``, a script file, or ``-m`` module;
5. every name defined so far is hidden from ``%who``.

An error in any start-up item is reported in one line and start-up continues.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from jovi.errors import JoviError
from jovi.shell.scripts import run_ipy_file, run_module, run_python_file

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jovi.terminal.shell import TerminalInteractiveShell

__all__ = ["StartupPlan", "run_startup"]


class StartupPlan(NamedTuple):
    """What to do before the prompt (or instead of it)."""

    gui: str = ""
    matplotlib: str = ""
    pylab: str = ""
    extensions: Sequence[str] = ()
    run_pythonstartup: bool = False
    startup_dir: Path | None = None
    exec_lines: Sequence[str] = ()
    exec_files: Sequence[str] = ()
    code: str = ""
    file: str = ""
    module: str = ""
    args: Sequence[str] = ()
    hide_names: bool = True
    search_dirs: Sequence[Path] = ()


def _report(shell: TerminalInteractiveShell, what: str, error: BaseException | str) -> None:
    detail = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    shell.output.write(f"jovi: {what} failed: {detail}; start-up continues.\n", error=True)


def _quietly(shell: TerminalInteractiveShell, what: str, code: str) -> None:
    """Run start-up code; its errors become one line instead of a traceback."""
    reports: list[str] = []
    output = shell.output
    original = output.show_error

    def one_line(report: object) -> None:
        reports.append(f"{getattr(report, 'ename', 'Error')}: {getattr(report, 'evalue', '')}")

    output.show_error = one_line  # type: ignore[method-assign]
    try:
        shell.run_cell(code, store_history=False, silent=True)
    finally:
        output.show_error = original  # type: ignore[method-assign]
    for report in reports:
        _report(shell, what, report)


def _startup_files(directory: Path | None) -> list[Path]:
    if directory is None or not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".py", ".ipy") and p.is_file())


def _find(name: str, search_dirs: Sequence[Path]) -> Path | None:
    candidate = Path(name).expanduser()
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for directory in [Path.cwd(), *search_dirs]:
        if (directory / candidate).is_file():
            return directory / candidate
    return None


def run_startup(shell: TerminalInteractiveShell, plan: StartupPlan) -> int | None:
    """Carry out ``plan``; return an exit status if the code to run asked for one."""
    if plan.gui:
        try:
            shell.enable_gui(plan.gui)
        except JoviError as error:
            _report(shell, f"--gui {plan.gui}", str(error))
    if plan.matplotlib:
        _quietly(shell, f"--matplotlib {plan.matplotlib}", f"%matplotlib {plan.matplotlib}")
    if plan.pylab:
        _quietly(shell, f"--pylab {plan.pylab}", f"%pylab {plan.pylab}")
    for extension in plan.extensions:
        try:
            outcome = shell.load_extension(extension)
        except BaseException as error:  # noqa: BLE001 - any failure of the extension's code
            _report(shell, f"loading the extension {extension}", error)
        else:
            if outcome == "no load function":
                _report(
                    shell,
                    f"loading the extension {extension}",
                    "it has no load_jovi_extension function",
                )
    startup_sources: list[Path] = []
    pythonstartup = os.environ.get("PYTHONSTARTUP")
    if plan.run_pythonstartup and pythonstartup and Path(pythonstartup).is_file():
        startup_sources.append(Path(pythonstartup))
    startup_sources += _startup_files(plan.startup_dir)
    for path in startup_sources:
        try:
            _quietly(shell, f"the start-up file {path.name}", path.read_text(encoding="utf-8"))
        except OSError as error:
            _report(shell, f"reading the start-up file {path}", error)
    for line in plan.exec_lines:
        _quietly(shell, f"exec_lines entry {line!r}", line)
    for name in plan.exec_files:
        found = _find(name, plan.search_dirs)
        if found is None:
            _report(
                shell,
                f"exec_files entry {name!r}",
                "no such file in the current directory or jovi's directory",
            )
            continue
        _quietly(shell, f"the file {found.name}", found.read_text(encoding="utf-8"))
    status: int | None = None
    if plan.code:
        saved = sys.argv
        sys.argv = ["-c", *plan.args]
        try:
            shell.run_cell(plan.code, store_history=True)
        finally:
            sys.argv = saved
    elif plan.file:
        path = Path(plan.file).expanduser()
        if not path.is_file():
            shell.output.write(
                f"jovi: cannot run {plan.file}: there is no such file.\n", error=True
            )
            return 2
        if path.suffix == ".ipy":
            run_ipy_file(shell, path)
        else:
            status = run_python_file(shell, path, list(plan.args))
    elif plan.module:
        status = run_module(shell, plan.module, list(plan.args))
    if plan.hide_names:
        shell.hide_names(*[name for name in shell.user_ns if not name.startswith("__")])
    return status
