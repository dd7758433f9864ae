"""``%run``: a file or module run in the shell, timed, debugged or profiled.

A script runs as ``python script.py args`` would: in a fresh ``__main__`` module
(``__name__ == '__main__'``, ``__file__`` set, ``sys.argv == [script, *args]``, the
script's directory first on ``sys.path``), sharing imported modules with the shell.
Afterwards the variables it defined join the user namespace, and the shell's own
``__name__``, ``__file__`` and ``sys.argv`` are as before.  With ``-i`` it runs in
the user namespace itself, so it sees the user's variables.

Arguments are split as a shell splits them and ``*``, ``?``, ``[...]`` and ``~`` are
expanded (even inside quotes; write ``\\*`` for a literal star; ``-G`` turns it off).
"""

from __future__ import annotations

import builtins
import glob
import importlib.util
import os
import re
import sys
import time
import tokenize
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError

if TYPE_CHECKING:
    from types import CodeType

    from jovi.shell.interactiveshell import InteractiveShell
    from jovi.shell.profiling import ProfileOptions

__all__ = [
    "RunRequest",
    "ScriptRunner",
    "expand_arguments",
    "find_script",
    "module_request",
]

_GLOB_CHARS = re.compile(r"(?<!\\)[*?[]")
_ESCAPED = re.compile(r"\\([*?\[\]\\])")


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def expand_arguments(args: list[str], *, use_glob: bool = True) -> list[str]:
    """``~`` and glob patterns in ``args`` expanded, as a shell would (sorted matches).

    A pattern that matches nothing is kept as written; ``\\*`` stands for ``*`` itself.
    """
    if not use_glob:
        return list(args)
    expanded: list[str] = []
    for arg in args:
        arg = os.path.expanduser(arg)  # noqa: PTH111 - text in, text out
        if _GLOB_CHARS.search(arg):
            matches = sorted(glob.glob(arg))  # noqa: PTH207 - patterns may be absolute
            if matches:
                expanded.extend(matches)
                continue
        expanded.append(_unescape(arg))
    return expanded


def find_script(name: str) -> Path:
    """The file ``%run name`` runs (``.py`` is added when ``name`` alone does not exist).

    Raises:
        UsageError: no such file.
    """
    path = Path(name).expanduser()
    if path.is_file():
        return path
    with_suffix = Path(str(path) + ".py")
    if not path.suffix and with_suffix.is_file():
        return with_suffix
    if path.is_dir():
        raise UsageError(f"`{name}` is a directory; give %run a Python file (or -m module).")
    raise UsageError(f"File `{name}` not found.")


@dataclass
class RunRequest:
    """What ``%run`` was asked to do."""

    path: Path
    args: list[str] = field(default_factory=list)
    argv0: str = ""
    run_name: str = "__main__"
    interactive: bool = False
    exit_ignore: bool = False
    time_runs: int = 0
    debug: bool = False
    breakpoint: str | None = None
    profile: ProfileOptions | None = None
    module_globals: dict[str, Any] = field(default_factory=dict)


def module_request(name: str) -> tuple[Path, dict[str, Any]]:
    """The file that ``python -m name`` runs and the globals it gets (for relative imports).

    Raises:
        UsageError: ``name`` is not importable from ``sys.path``.
    """
    problem = UsageError(f"'{name}' is not a valid modulename on sys.path")
    try:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations is not None:
            spec = importlib.util.find_spec(f"{name}.__main__")
    except (ImportError, ValueError):
        raise problem from None
    if spec is None or not spec.origin or not Path(spec.origin).is_file():
        raise problem
    return Path(spec.origin), {
        "__package__": spec.parent,
        "__spec__": spec,
        "__loader__": spec.loader,
    }


class _Environment:
    """``sys.argv``, ``sys.path[0]`` and ``sys.modules[name]`` set for a run, then restored."""

    def __init__(
        self, argv: list[str], directory: str, name: str, module: types.ModuleType
    ) -> None:
        self.argv = argv
        self.directory = directory
        self.name = name
        self.module = module
        self._saved_argv: list[str] = []
        self._saved_module: types.ModuleType | None = None

    def __enter__(self) -> None:
        self._saved_argv = sys.argv
        sys.argv = list(self.argv)
        sys.path.insert(0, self.directory)
        self._saved_module = sys.modules.get(self.name)
        sys.modules[self.name] = self.module

    def __exit__(self, *_exc: object) -> None:
        sys.argv = self._saved_argv
        if sys.path and sys.path[0] == self.directory:
            del sys.path[0]
        if self._saved_module is not None:
            sys.modules[self.name] = self._saved_module
        elif sys.modules.get(self.name) is self.module:
            del sys.modules[self.name]


class ScriptRunner:
    """Runs ``%run`` requests in one shell."""

    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell

    # ------------------------------------------------------------------ entry point

    def run(self, request: RunRequest) -> Any:
        """Run the request; returns the profiler statistics for ``-p -r``, else ``None``."""
        if request.path.suffix == ".ipy":
            self._run_ipy(request)
            return None
        code = self._compile(request.path)
        if code is None:
            return None
        shell = self.shell
        if request.interactive:
            namespace = shell.user_ns
            module = shell.user_module
        else:
            module = types.ModuleType(request.run_name)
            namespace = module.__dict__
        saved = {key: namespace[key] for key in ("__name__", "__file__") if key in namespace}
        namespace.update(request.module_globals)
        namespace.update(
            __name__=request.run_name, __file__=str(request.path), __builtins__=builtins
        )
        argv = [request.argv0 or str(request.path), *request.args]
        environment = _Environment(argv, str(request.path.parent), request.run_name, module)
        result = None
        try:
            with environment:
                result = self._execute(request, code, namespace)
        finally:
            if request.interactive:
                for key in ("__name__", "__file__"):
                    if key in saved:
                        namespace[key] = saved[key]
                    else:
                        namespace.pop(key, None)
            elif request.profile is None:
                skip = {"__name__", "__file__", "__builtins__", *request.module_globals}
                shell.user_ns.update(
                    {key: value for key, value in namespace.items() if key not in skip}
                )
        return result

    def _compile(self, path: Path) -> CodeType | None:
        try:
            with tokenize.open(path) as stream:  # honours an encoding cookie
                source = stream.read()
        except (OSError, SyntaxError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {path}: {error}") from None
        try:
            return compile(source, str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as error:
            self.shell.showsyntaxerror(error)
            return None

    def _run_ipy(self, request: RunRequest) -> None:
        """A file in jovi's syntax runs cell by cell in the user namespace."""
        shell = self.shell
        source = request.path.read_text(encoding="utf-8")
        had_file = "__file__" in shell.user_ns
        saved_file = shell.user_ns.get("__file__")
        shell.user_ns["__file__"] = str(request.path)
        saved_argv = sys.argv
        sys.argv = [request.argv0 or str(request.path), *request.args]
        try:
            shell.run_cell(source, store_history=False, silent=True)  # a script shows no Out
        finally:
            sys.argv = saved_argv
            if had_file:
                shell.user_ns["__file__"] = saved_file
            else:
                shell.user_ns.pop("__file__", None)

    # ------------------------------------------------------------------ how it runs

    def _execute(self, request: RunRequest, code: CodeType, namespace: dict[str, Any]) -> Any:
        if request.profile is not None:
            from jovi.shell.profiling import profile_code  # noqa: PLC0415 - start-up cost

            with self._reporting(request):
                return profile_code(self.shell, code, namespace, None, request.profile)
            return None
        if request.debug:
            self._debug(request, code, namespace)
            return None
        if request.time_runs:
            self._timed(request, code, namespace)
            return None
        with self._reporting(request):
            exec(code, namespace)  # noqa: S102 - running the user's script is the point
        return None

    def _reporting(self, request: RunRequest) -> _Reporting:
        return _Reporting(self.shell, exit_ignore=request.exit_ignore)

    def _timed(self, request: RunRequest, code: CodeType, namespace: dict[str, Any]) -> None:
        from jovi.shell.timing import cpu_times  # noqa: PLC0415 - start-up cost

        runs = max(request.time_runs, 1)
        (user_before, system_before), wall_start = cpu_times(), time.perf_counter()
        with self._reporting(request):
            for _ in range(runs):
                exec(code, namespace)  # noqa: S102
        wall = time.perf_counter() - wall_start
        user_after, system_after = cpu_times()
        user, system = user_after - user_before, system_after - system_before
        lines = ["", "jovi CPU timings (estimated):"]
        if runs == 1:
            lines += [f"  User   : {user:10.2f} s.", f"  System : {system:10.2f} s."]
        else:
            lines += [
                f"Total runs performed: {runs}",
                "  Times  :      Total      Per run",
                f"  User   : {user:10.2f} s, {user / runs:10.2f} s.",
                f"  System : {system:10.2f} s, {system / runs:10.2f} s.",
            ]
        lines.append(f"Wall time: {wall:10.2f} s.")
        self.shell.output.write("\n".join(lines) + "\n")

    def _debug(self, request: RunRequest, code: CodeType, namespace: dict[str, Any]) -> None:
        from jovi.shell.debugger import PROMPT, Debugger, find_breakpoint  # noqa: PLC0415 - start-up cost

        stop_at = None
        if request.breakpoint is not None:
            stop_at = find_breakpoint(request.breakpoint, str(request.path), code)
        debugger = Debugger(self.shell)
        self.shell.output.write(
            f"NOTE: Enter 'c' at the {PROMPT.strip()} prompt to continue execution.\n"
        )
        with self._reporting(request):
            debugger.run_code(code, namespace, stop_at=stop_at)


class _Reporting:
    """Errors of the script reported like errors of a cell; ``sys.exit`` as ``%run`` treats it."""

    def __init__(self, shell: InteractiveShell, *, exit_ignore: bool) -> None:
        self.shell = shell
        self.exit_ignore = exit_ignore

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: object
    ) -> bool:
        if error is None:
            return False
        if isinstance(error, SystemExit):
            if not self.exit_ignore:
                self.shell._show_system_exit(error)
            return True
        if isinstance(error, UsageError):
            return False
        self.shell.showtraceback(error)
        return True
