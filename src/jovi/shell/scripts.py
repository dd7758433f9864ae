"""Running files and modules in the shell: scripts, ``.ipy`` files, ``python -m`` style.

Used by ``jovi script.py``, ``jovi -m module``, start-up files and ``%run``.  A
script runs as ``python script.py args`` would: ``sys.argv`` holds the script and its
arguments (restored afterwards), ``__name__`` is ``'__main__'`` and ``__file__`` the
script's path; errors are reported as tracebacks of the script's own code.
"""

from __future__ import annotations

import runpy
import sys
import tokenize
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["run_ipy_file", "run_module", "run_python_file"]


class _ArgvSwap:
    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.saved: list[str] = []

    def __enter__(self) -> None:
        self.saved = sys.argv
        sys.argv = list(self.argv)

    def __exit__(self, *_exc: object) -> None:
        sys.argv = self.saved


def _exit_code(error: SystemExit) -> int:
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def run_python_file(
    shell: InteractiveShell,
    path: str | Path,
    args: list[str] | None = None,
    *,
    namespace: dict[str, Any] | None = None,
    run_name: str = "__main__",
) -> int | None:
    """Run a ``.py`` file; return its ``sys.exit`` code, or ``None`` if it did not exit.

    Raises:
        OSError: the file cannot be read.
    """
    file = Path(path).expanduser()
    with tokenize.open(file) as stream:  # honours an encoding cookie
        source = stream.read()
    namespace = shell.user_ns if namespace is None else namespace
    namespace["__name__"] = run_name
    namespace["__file__"] = str(file)
    try:
        code = compile(source, str(file), "exec", dont_inherit=True)
    except SyntaxError as error:
        shell.showsyntaxerror(error)
        return None
    with _ArgvSwap([str(path), *(args or [])]):
        try:
            exec(code, namespace)  # noqa: S102 - running the user's script is the point
        except SystemExit as error:
            return _exit_code(error)
        except BaseException as error:  # noqa: BLE001 - reported like any error of user code
            shell.showtraceback(error)
            shell.last_execution_succeeded = False
            return None
    return None


def run_ipy_file(shell: InteractiveShell, path: str | Path) -> bool:
    """Run a file written with jovi's syntax (magics, ``!``); return whether it succeeded."""
    file = Path(path).expanduser()
    source = file.read_text(encoding="utf-8")
    result = shell.run_cell(source, store_history=False, silent=True)
    return result.success


def run_module(shell: InteractiveShell, module: str, args: list[str] | None = None) -> int | None:
    """Run a module as ``python -m module args``; its variables join the namespace."""
    with _ArgvSwap([module, *(args or [])]):
        try:
            result = runpy.run_module(module, run_name="__main__", alter_sys=True)
        except SystemExit as error:
            return _exit_code(error)
        except ImportError as error:
            shell.output.write(f"jovi: no module named {module!r} ({error})\n", error=True)
            shell.last_execution_succeeded = False
            return 1
        except BaseException as error:  # noqa: BLE001
            shell.showtraceback(error)
            shell.last_execution_succeeded = False
            return None
    shell.user_ns.update({key: value for key, value in result.items() if key != "__builtins__"})
    return None
