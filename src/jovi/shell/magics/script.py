"""``%%script`` and its shortcuts (``%%bash``, ``%%sh``, ``%%python3`` ...), ``%killbgscripts``.

The cell body is given to the program on its standard input, like a script after a
``#!`` line.  In the foreground its output appears as it comes (or is kept in a
variable with ``--out``/``--err``); ``--bg`` starts it in the background.

The shortcuts exist whether or not their program is installed (as in IPython 9, whose
``%lsmagic`` lists ``%%ruby`` and ``%%pypy`` everywhere); the program is looked for
on ``$PATH`` when the cell runs, and a missing one is reported in one sentence.
"""

from __future__ import annotations

import atexit
import io
import os
import shlex
import sys
import time
from typing import IO, TYPE_CHECKING, Any, ClassVar

from jovi.config import Configurable, Dict, List
from jovi.errors import UsageError
from jovi.shell.magic.arguments import argument, magic_arguments
from jovi.shell.magic.core import Magics, cell_magic, line_magic, magics_class
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    import argparse
    import subprocess
    import threading
    from collections.abc import Callable

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["DEFAULT_SCRIPT_MAGICS", "ScriptMagics"]

#: The shortcuts ``%%name`` for ``%%script name`` (``%%cmd`` too on Windows).
DEFAULT_SCRIPT_MAGICS = ("sh", "bash", "perl", "ruby", "python", "python2", "python3", "pypy")
_WINDOWS_SCRIPT_MAGICS = ("cmd",)

# Seconds given to a program to stop after each signal (interrupt, terminate) before the next.
_GRACE_S = 0.5
# Seconds to finish reading the output of a program that has ended.
_DRAIN_S = 2.0


def _write_body(process: subprocess.Popen[bytes], body: str) -> None:
    """Give the cell body to the program and close its input (a thread: no pipe deadlock)."""
    from jovi.shell.system import command_encoding  # noqa: PLC0415 - subprocess when used

    stdin = process.stdin
    assert stdin is not None
    try:
        stdin.write(body.encode(command_encoding(), errors="replace"))
        stdin.close()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the program stopped reading: that is its business


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Interrupt, then terminate, then kill the program, giving it a moment each time."""
    import signal  # noqa: PLC0415 - only when programs run
    import subprocess  # noqa: PLC0415 - start-up cost

    for signal_number in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        try:
            process.send_signal(signal_number)
            process.wait(_GRACE_S)
        except subprocess.TimeoutExpired:
            continue
        except OSError:
            return


@magics_class
class ScriptMagics(Magics, Configurable):
    """Cells run by another program: ``%%script``, ``%%bash`` and friends."""

    #: Kinds of magic this class defines more of than it lists (the shortcuts depend on
    #: configuration and $PATH): jovi.shell.magics.groups is generated with it.
    open_kinds: ClassVar[tuple[str, ...]] = ("cell",)

    script_magics = List(
        str,
        list(DEFAULT_SCRIPT_MAGICS) + (list(_WINDOWS_SCRIPT_MAGICS) if os.name == "nt" else []),
        help="Programs that get a %%name shortcut for %%script name (the program is looked "
        "for on $PATH, or in script_paths, when the cell runs).  python and python3 run "
        "jovi's own Python.",
    )
    script_paths = Dict(
        {},
        help="Full paths of the programs of the shortcuts, by name: "
        "{'ruby': '/opt/ruby/bin/ruby'}.  A name here gets a shortcut too.",
    )

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        Configurable.__init__(self, parent=shell if isinstance(shell, Configurable) else None)
        Magics.__init__(self, shell, **kwargs)
        self.bg_processes: list[subprocess.Popen[bytes]] = []
        self._exit_hook_installed = False
        for name, program in self.interpreters().items():
            self.bound["cell"][name] = self._shortcut(name, program)

    # ------------------------------------------------------------------ shortcuts

    def interpreters(self) -> dict[str, str]:
        """Each shortcut's program: a configured path, jovi's Python, or the name itself
        (looked for on ``$PATH`` when the cell runs)."""
        programs: dict[str, str] = {}
        for name in [*self.script_magics, *self.script_paths]:
            program = self.script_paths.get(name)
            if program is None and name in ("python", "python3"):
                program = sys.executable
            programs[name] = str(program or name)
        return programs

    def _shortcut(self, name: str, program: str) -> Callable[[str, str], None]:
        return _Shortcut(self, name, program)

    # ------------------------------------------------------------------ %%script

    @magic_arguments("%script")
    @argument(
        "--bg", action="store_true", help="Run in the background; the prompt returns at once."
    )
    @argument("--proc", metavar="VAR", help="Keep the process (a Popen object) in VAR.")
    @argument(
        "--out",
        metavar="VAR",
        help="Keep the standard output in VAR instead of showing it (with --bg: a stream to read).",
    )
    @argument(
        "--err",
        metavar="VAR",
        help="Keep the error output in VAR instead of showing it (with --bg: a stream to read).",
    )
    @argument(
        "--no-raise-error",
        action="store_false",
        dest="raise_error",
        help="Do not raise CalledProcessError when the program fails (exits with a status "
        "other than 0, or is interrupted).",
    )
    @cell_magic
    def script(self, line: str, cell: str) -> None:
        """Run the cell with a program, like a script with a #! line: ``%%script PROGRAM [ARGS]``.

        The body is the program's standard input.  ``%%script python3 -u``,
        ``%%script bash --out result``.  Without ``--bg`` the output shows as it comes,
        and Ctrl-C stops the program; a program that fails (a non-zero exit status,
        or stopped by Ctrl-C) raises ``subprocess.CalledProcessError`` unless
        ``--no-raise-error`` is given.  With ``--bg`` the output is kept only with
        ``--out`` and ``--err`` (``%killbgscripts`` stops every background program, as
        leaving jovi does).
        """
        self._run([], line, cell)

    def _parse(self, line: str) -> tuple[argparse.Namespace, list[str]]:
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise UsageError(f"%%script: cannot split the line ({error})") from None
        parser = self.script.parser  # type: ignore[attr-defined]
        namespace, rest = parser.parse_known_args(words)
        return namespace, rest

    def _run(self, program: list[str], line: str, cell: str, magic: str = "script") -> None:
        import subprocess  # noqa: PLC0415 - only when programs run

        args, rest = self._parse(line)
        command = program + rest
        if not command:
            raise UsageError("%%script needs a program: %%script bash")
        stdout = subprocess.PIPE if (args.out or not args.bg) else subprocess.DEVNULL
        stderr = subprocess.PIPE if (args.err or not args.bg) else subprocess.DEVNULL
        try:
            process = subprocess.Popen(  # noqa: S603 - running the user's program is the point
                command, stdin=subprocess.PIPE, stdout=stdout, stderr=stderr
            )
        except OSError as error:
            if magic != "script" and isinstance(error, FileNotFoundError):
                raise UsageError(
                    f"%%{magic} could not start {command[0]!r}: it is not installed, or not "
                    "on $PATH (ScriptMagics.script_paths can say where it is)."
                ) from None
            reason = "not found" if isinstance(error, FileNotFoundError) else error.strerror
            raise UsageError(f"%%{magic} could not start {command[0]!r}: {reason}.") from None
        feeder = OwnedThreads(f"%%{magic}").start(
            _write_body, process, cell, name=f"jovi-script-{magic}-stdin"
        )
        if args.bg:
            self._background(process, args)
            return
        self._foreground(process, feeder, args)
        status = process.returncode
        if args.raise_error and status != 0:
            # The command is the body as the program read it (bytes, as in IPython, whose
            # message this is); no status: the program outlived even SIGKILL.
            body = cell if cell.endswith("\n") else cell + "\n"
            raise subprocess.CalledProcessError(
                -9 if status is None else status, body.encode("utf-8", "replace")
            )

    def _background(self, process: subprocess.Popen[bytes], args: argparse.Namespace) -> None:
        from jovi.shell.system import command_encoding  # noqa: PLC0415 - start-up cost

        self.bg_processes = [p for p in self.bg_processes if p.poll() is None]
        self.bg_processes.append(process)
        if not self._exit_hook_installed:
            atexit.register(self.kill_bg_processes)
            self._exit_hook_installed = True
        namespace = self.shell.user_ns
        for name, stream in ((args.out, process.stdout), (args.err, process.stderr)):
            if name and stream is not None:
                namespace[name] = io.TextIOWrapper(
                    stream, encoding=command_encoding(), errors="replace"
                )
        if args.proc:
            namespace[args.proc] = process

    def _foreground(
        self,
        process: subprocess.Popen[bytes],
        feeder: threading.Thread,
        args: argparse.Namespace,
    ) -> None:
        from jovi.shell.system import stream_writer  # noqa: PLC0415 - start-up cost

        kept: dict[str, list[str]] = {"out": [], "err": []}
        readers = []
        pipes = OwnedThreads("a script's output")
        for key, source, wanted in (
            ("out", process.stdout, args.out),
            ("err", process.stderr, args.err),
        ):
            assert source is not None
            write = kept[key].append if wanted else stream_writer(f"std{key}")
            readers.append(pipes.start(_drain, source, write, name=f"jovi-script-std{key}"))
        try:
            process.wait()
            # Once the program has ended its output is drained at once, unless a program it
            # left running in the background still holds the pipe: do not wait for that one.
            deadline = time.monotonic() + _DRAIN_S
            for thread in (*readers, feeder):
                thread.join(max(deadline - time.monotonic(), 0))
        except KeyboardInterrupt:
            _stop(process)
            self.shell.output.write("The program was interrupted.\n", error=True)
        namespace = self.shell.user_ns
        if args.out:
            namespace[args.out] = "".join(kept["out"])
        if args.err:
            namespace[args.err] = "".join(kept["err"])
        if args.proc:
            namespace[args.proc] = process

    # ------------------------------------------------------------------ background programs

    @line_magic
    def killbgscripts(self, parameter_s: str = "") -> None:
        """Stop every program started with ``%%script --bg`` (also done when jovi exits)."""
        self.kill_bg_processes()
        self.shell.output.write("All background processes were killed.\n")

    def kill_bg_processes(self) -> None:
        """Interrupt, terminate, and if need be kill the background programs."""
        for process in self.bg_processes:
            _stop(process)
        self.bg_processes = []


def _drain(source: IO[bytes], write: Callable[[str], object]) -> None:
    """Pump a program's output until it ends, then close the pipe."""
    from jovi.shell.system import pump  # noqa: PLC0415 - start-up cost

    try:
        pump(source, write)
    finally:
        source.close()


class _Shortcut:
    """``%%bash`` and friends: ``%%script PROGRAM``, with help built when first read
    (the help includes that of ``%%script``, whose parser is built on first use)."""

    def __init__(self, magics: ScriptMagics, name: str, program: str) -> None:
        self._magics = magics
        self.__name__ = name
        self._program = program

    def __call__(self, line: str, cell: str) -> None:
        self._magics._run([self._program], line, cell, magic=self.__name__)

    @property
    def __doc__(self) -> str:  # type: ignore[override]
        usage = (self._magics.script.__doc__ or "").split("::", 1)[-1]
        program = self.__name__
        if self._program != program:
            program += f" ({self._program})"
        return (
            f"Run the cell with {program}: a shortcut for %%script {self.__name__}.\n\n"
            f"Takes the options of %%script (the program's own arguments may follow)::\n{usage}"
        )
