"""Running system commands for ``!cmd``, ``!!cmd`` and ``%sx``.

``!cmd`` runs the command through the user's shell (``$SHELL``, else ``/bin/sh``).
When the program's output goes straight to a terminal (the terminal shell), the
command inherits it, so interactive programs work; when output is captured (the
kernel, tests), the command's output is read and written to ``sys.stdout`` as it
comes.  The exit status is returned (and kept in ``_exit_code`` by the shell).
``!!cmd`` captures the standard output as an :class:`~jovi.shell.slist.SList`.
:func:`run_program` runs a program from its argument list the same way (``%pip``).

Output is decoded with the locale's encoding, never failing on bad bytes.
"""

from __future__ import annotations

import codecs
import contextlib
import locale
import os
import shutil
import subprocess
import sys
from typing import IO, TYPE_CHECKING

from jovi.shell.slist import LSString, SList
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "command_encoding",
    "getoutput",
    "goes_to_terminal",
    "magic_alternative",
    "pump",
    "run_program",
    "shell_program",
    "stream_writer",
    "system",
]

# The commands that do not do at a ``!`` what users expect, and the magic that does.
_PACKAGE_TOOLS = {
    "pip": "pip",
    "pip3": "pip",
    "conda": "conda",
    "mamba": "mamba",
    "micromamba": "micromamba",
    "uv": "uv",
}


def shell_program() -> str:
    """The shell that runs commands: ``$SHELL`` if it exists, else ``/bin/sh``."""
    candidate = os.environ.get("SHELL", "")
    if candidate and shutil.which(candidate):
        return candidate
    return "/bin/sh"


def command_encoding() -> str:
    """The encoding of programs' output (the locale's; bad bytes are replaced)."""
    return locale.getpreferredencoding(False) or "utf-8"


def goes_to_terminal() -> bool:
    """Whether programs run here write to the terminal and can ask their user questions
    (the terminal shell), rather than having their output read (the kernel, tests)."""
    return _goes_to_terminal()


def magic_alternative(command: str) -> str | None:
    """A note for ``!command`` when a magic does what the user most likely wants
    (``!pip install`` may install into another environment than the session's), else
    ``None``.  IPython 9 warns about ``!pip``, ``!conda`` and ``!cd`` the same way."""
    words = command.split(None, 1)
    program = words[0] if words else ""
    if program == "cd":
        return (
            "Note: !cd changes the directory of a sub-shell that ends at once; "
            "the magic %cd changes this session's.\n"
        )
    magic = _PACKAGE_TOOLS.get(program)
    if magic is None:
        return None
    return (
        f"Note: !{program} may act on another Python environment than this session's; "
        f"the magic %{magic} acts on this one.\n"
    )


def _goes_to_terminal() -> bool:
    stdout = sys.stdout
    if stdout is not sys.__stdout__ or stdout is None:
        return False
    try:
        return os.isatty(stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def pump(source: IO[bytes], write: Callable[[str], object]) -> None:
    """Decode ``source`` as it arrives and hand the text to ``write``, until it ends.

    Characters split between reads are decoded whole; ``write`` failing (a closed
    stream) does not stop the pump, so the program is never blocked on a full pipe.
    """
    decoder = codecs.getincrementaldecoder(command_encoding())(errors="replace")
    read = getattr(source, "read1", source.read)
    while True:
        chunk = read(8192)
        text = decoder.decode(chunk, final=not chunk)
        if text:
            # A broken stream must not stop the pump (the program would block on a full pipe).
            with contextlib.suppress(Exception):
                write(text)
        if not chunk:
            return


def stream_writer(name: str) -> Callable[[str], None]:
    """Write to ``sys.<name>`` as it is at each write (the kernel may swap it)."""

    def write(text: str) -> None:
        target = getattr(sys, name) or getattr(sys, f"__{name}__")
        target.write(text)
        target.flush()

    return write


def _refuse_background(command: str) -> None:
    if command.rstrip().endswith("&") and not command.rstrip().endswith("&&"):
        raise OSError("Background processes are not supported here; use %%script --bg.")


def system(command: str) -> int:
    """Run ``command`` in the shell, showing its output; return its exit status."""
    _refuse_background(command)
    return run_program([shell_program(), "-c", command])


def run_program(arguments: Sequence[str]) -> int:
    """Run a program (its path or name, then its arguments), showing its output as it
    comes; return its exit status.

    In a terminal the program shares it (and can ask questions); elsewhere its input
    is empty and its output is written to ``sys.stdout`` and ``sys.stderr``.

    Raises:
        FileNotFoundError: the program was not found.
    """
    if _goes_to_terminal():
        completed = subprocess.run(arguments, check=False)  # noqa: S603
        return completed.returncode
    with subprocess.Popen(  # noqa: S603
        arguments,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        errors = OwnedThreads("a system command").start(
            pump, process.stderr, stream_writer("stderr"), name="jovi-system-stderr"
        )
        try:
            pump(process.stdout, stream_writer("stdout"))
            errors.join()
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()
            try:
                process.wait(2)
            except subprocess.TimeoutExpired:
                process.kill()
            raise


def getoutput(command: str, *, split: bool = True) -> SList | LSString:
    """The standard output of ``command`` (stderr passes through to ``sys.stderr``)."""
    _refuse_background(command)
    completed = subprocess.run(  # noqa: S603
        [shell_program(), "-c", command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    text = completed.stdout.decode(command_encoding(), errors="replace")
    if completed.stderr:
        stream = sys.stderr or sys.__stderr__
        if stream is not None:
            stream.write(completed.stderr.decode(command_encoding(), errors="replace"))
    text = text.removesuffix("\n")
    if split:
        return SList(text.split("\n")) if text else SList()
    return LSString(text)
