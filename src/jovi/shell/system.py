"""Running system commands for ``!cmd``, ``!!cmd`` and ``%sx``.

``!cmd`` runs the command through the user's shell (``$SHELL``, else ``/bin/sh``).
When the program's output goes straight to a terminal (the terminal shell), the
command inherits it, so interactive programs work; when output is captured (the
kernel, tests), the command's output is read and written to ``sys.stdout`` as it
comes.  The exit status is returned (and kept in ``_exit_code`` by the shell).
``!!cmd`` captures the standard output as an :class:`~jovi.shell.slist.SList`.

Output is decoded with the locale's encoding, never failing on bad bytes.
"""

from __future__ import annotations

import locale
import os
import shutil
import subprocess
import sys
import threading
from typing import IO

from jovi.shell.slist import LSString, SList

__all__ = ["getoutput", "shell_program", "system"]


def shell_program() -> str:
    """The shell that runs commands: ``$SHELL`` if it exists, else ``/bin/sh``."""
    candidate = os.environ.get("SHELL", "")
    if candidate and shutil.which(candidate):
        return candidate
    return "/bin/sh"


def _encoding() -> str:
    return locale.getpreferredencoding(False) or "utf-8"


def _goes_to_terminal() -> bool:
    stdout = sys.stdout
    if stdout is not sys.__stdout__ or stdout is None:
        return False
    try:
        return os.isatty(stdout.fileno())
    except (AttributeError, OSError, ValueError):
        return False


def _pump(source: IO[bytes], target_name: str) -> None:
    decoder_encoding = _encoding()
    for chunk in iter(
        lambda: source.read1(8192) if hasattr(source, "read1") else source.read(8192), b""
    ):
        target = getattr(sys, target_name) or getattr(sys, f"__{target_name}__")
        try:
            target.write(chunk.decode(decoder_encoding, errors="replace"))
            target.flush()
        except Exception:  # noqa: BLE001, S112 - a broken stream must not stop the pump
            continue


def system(command: str) -> int:
    """Run ``command`` in the shell, showing its output; return its exit status."""
    if command.rstrip().endswith("&") and not command.rstrip().endswith("&&"):
        raise OSError("Background processes are not supported here; use %%script --bg.")
    program = shell_program()
    if _goes_to_terminal():
        completed = subprocess.run([program, "-c", command], check=False)  # noqa: S603
        return completed.returncode
    with subprocess.Popen(  # noqa: S603
        [program, "-c", command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        errors = threading.Thread(target=_pump, args=(process.stderr, "stderr"), daemon=True)
        errors.start()
        try:
            _pump(process.stdout, "stdout")
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
    completed = subprocess.run(  # noqa: S603
        [shell_program(), "-c", command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=False,
    )
    text = completed.stdout.decode(_encoding(), errors="replace")
    if completed.stderr:
        stream = sys.stderr or sys.__stderr__
        if stream is not None:
            stream.write(completed.stderr.decode(_encoding(), errors="replace"))
    text = text.removesuffix("\n")
    if split:
        return SList(text.split("\n")) if text else SList()
    return LSString(text)
