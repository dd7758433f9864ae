"""The terminal shell through a pseudo-terminal: time to the first prompt, and a paste.

Each side is started as a user starts it (``ipython`` or ``jovi``, no arguments) on
the slave side of a fresh pseudo-terminal of 80 x 24, ``TERM=xterm-256color``. The
driver reads the master side, answering the cursor-position requests prompt_toolkit
sends as a terminal would, so neither side waits for a reply that never comes.

* ``prompt``: spawn to the moment ``In [1]:`` has been written.
* ``paste``: a 1,000-line block sent as one bracketed paste followed by Enter, to the
  moment the block's last line has printed its marker (the paste ran as one cell).
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, run_driver, seconds

if TYPE_CHECKING:
    from collections.abc import Mapping

CURSOR_REQUEST = b"\x1b[6n"
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]")
PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"


class Terminal:
    """A program on a pseudo-terminal, and what it has written so far."""

    def __init__(self, argv: list[str], *, columns: int = 80, rows: int = 24) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns)}
        self.started = time.perf_counter_ns()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.raw = b""
        self.plain = b""

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the program has exited and closed its side
            chunk = b""
        if not chunk:
            raise RuntimeError(f"the program ended early; it wrote: {self.plain[-500:]!r}")
        self.raw += chunk
        for _ in range(chunk.count(CURSOR_REQUEST)):
            os.write(self.master, b"\x1b[1;1R")
        self.plain = ESCAPES.sub(b"", self.raw)

    def wait_for(self, text: bytes, *, after: int = 0, timeout: float = 60.0) -> int:
        """Read until ``text`` appears in the plain output past offset ``after``;
        return the perf counter (ns) at that moment."""
        deadline = time.monotonic() + timeout
        while text not in self.plain[after:]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{text!r} did not appear; the end: {self.plain[-500:]!r}")
            self._read(0.05)
        return time.perf_counter_ns()

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.master, view)
            view = view[written:]
            self._read(0)  # keep draining, or a chatty program blocks on its output

    def close(self) -> None:
        try:
            os.write(self.master, b"\x04\x04")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self.master)


def _program(side: str) -> list[str]:
    bin_dir = Path(sys.executable).parent
    return [str(bin_dir / ("ipython" if side == "peer" else "jovi")), "--no-confirm-exit"]


def _paste_block(lines: int) -> bytes:
    body = "".join(f"value_{n} = {n} * 2\n" for n in range(lines - 1))
    return (body + f"print('PASTED', value_{lines - 2} + 1)").encode()


def prompt(side: str, params: Mapping[str, Any]) -> Metrics:
    terminal = Terminal(_program(side))
    try:
        shown = terminal.wait_for(b"In [1]:")
    finally:
        terminal.close()
    return {"first_prompt": seconds(shown - terminal.started)}


def paste(side: str, params: Mapping[str, Any]) -> Metrics:
    lines = int(params["lines"])
    terminal = Terminal(_program(side))
    try:
        terminal.wait_for(b"In [1]:")
        time.sleep(0.3)  # let start-up work behind the prompt (history, completion) settle
        marker = f"PASTED {(lines - 2) * 2 + 1}".encode()
        mark = len(terminal.plain)
        start = time.perf_counter_ns()
        terminal.send(PASTE_START + _paste_block(lines) + PASTE_END)
        terminal.send(b"\r")
        done = terminal.wait_for(marker, after=mark)
        terminal.wait_for(b"In [2]:", after=mark)
    finally:
        terminal.close()
    return {"paste": seconds(done - start)}


if __name__ == "__main__":
    run_driver({"prompt": prompt, "paste": paste})
