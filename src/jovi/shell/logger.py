"""The session log of ``%logstart``: every input, as a file that replays the session.

The log starts with the session so far and then gets each cell as it runs, as the
Python it ran as (``get_ipython().run_line_magic(...)`` for a magic), so running
the log with ``jovi log.py`` rebuilds the same variables.  ``-r`` logs the input as
typed instead (a ``.ipy`` file, for ``%run``), ``-o`` adds each output as a
``#[Out]#`` comment, ``-t`` a timestamp comment before each input.  An input that
failed is written as comments (``#[Failed]# ...``), so that replaying the log does
not stop at it; the logging magics' own lines are left out.

Modes decide what happens to an existing file:

| mode | existing file |
|---|---|
| ``append`` | written after |
| ``backup`` | renamed to ``name~`` first |
| ``global`` | the log is in the home directory, appended |
| ``over`` | overwritten |
| ``rotate`` | kept as ``name.1~`` (older ones become ``name.2~``, ...) |
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from jovi.errors import UsageError

if TYPE_CHECKING:
    from jovi.shell.execution import ExecutionInfo, ExecutionResult
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["DEFAULT_LOG_NAME", "HEADER", "LOG_MODES", "SessionLogger", "session_logger"]

DEFAULT_LOG_NAME = "jovi_log.py"
HEADER = "# jovi log file\n\n"
LOG_MODES = ("append", "backup", "global", "over", "rotate")
_ROTATED = r"\.(\d+)~$"  # compiled on first use


def _rotate(path: Path) -> None:
    """``name`` -> ``name.1~``, ``name.1~`` -> ``name.2~`` ..."""
    numbered = []
    for candidate in path.parent.glob(path.name + ".*~"):
        match = re.search(_ROTATED, candidate.name)
        if match and candidate.name == f"{path.name}.{match.group(1)}~":
            numbered.append((int(match.group(1)), candidate))
    for number, candidate in sorted(numbered, reverse=True):
        candidate.rename(path.with_name(f"{path.name}.{number + 1}~"))
    path.rename(path.with_name(f"{path.name}.1~"))


class SessionLogger:
    """One shell's log file: where it is, how it logs, and whether it is on."""

    def __init__(self, shell: InteractiveShell) -> None:
        self.shell = shell
        self.path: Path | None = None
        self.mode = ""
        self.log_output = False
        self.log_raw = False
        self.timestamp = False
        self.active = False
        self._log_next = False
        self._failed: set[int] = set()
        self._excluded: set[int] = set()
        shell.events.register("pre_run_cell", self._before_cell)
        shell.events.register("post_run_cell", self._after_cell)

    @property
    def started(self) -> bool:
        return self.path is not None

    def exclude_current_input(self) -> None:
        """Leave the input running now out of the log (the logging magics' own lines)."""
        self._excluded.add(self.shell.execution_count)

    # ------------------------------------------------------------------ control

    def start(
        self,
        name: str = "",
        mode: str = "",
        *,
        log_output: bool = False,
        log_raw: bool = False,
        timestamp: bool = False,
    ) -> None:
        """Open the log and write the session so far into it.

        Raises:
            UsageError: a log is already open, the mode is unknown, or the file cannot
                be written.
        """
        if self.path is not None:
            raise UsageError(f"Log file is already active: {self.path}; use %logstop first.")
        mode = mode or ("backup" if name else "rotate")
        if mode not in LOG_MODES:
            raise UsageError(f"unknown log mode {mode!r}; the modes are {', '.join(LOG_MODES)}")
        path = Path(name or DEFAULT_LOG_NAME).expanduser()
        if mode == "global":
            path = Path.home() / path.name
        try:
            if path.exists() and mode == "backup":
                path.replace(path.with_name(path.name + "~"))
            elif path.exists() and mode == "rotate":
                _rotate(path)
            appending = mode in ("append", "global") and path.exists() and path.stat().st_size > 0
            with path.open("a" if appending else "w", encoding="utf-8"):
                pass
        except OSError as error:
            raise UsageError(f"cannot open the log file {path}: {error.strerror}") from None
        self.path, self.mode = path.resolve(), mode
        self.log_output, self.log_raw, self.timestamp = log_output, log_raw, timestamp
        self.active = True
        if not appending:
            self._write(HEADER)
        self._write_history_so_far()

    def stop(self) -> None:
        """End the log (``%logstart`` again to start a new one)."""
        self.path = None
        self.active = False

    def switch(self, on: bool) -> None:
        """Resume (``on``) or pause logging.

        Raises:
            UsageError: logging was never started.
        """
        if self.path is None:
            raise UsageError("Logging hasn't been started yet (use %logstart for that).")
        self.active = on

    def state(self) -> str:
        """The ``%logstate`` text."""
        if self.path is None:
            return "Logging has not been activated."
        rows = [
            ("Filename", str(self.path)),
            ("Mode", self.mode),
            ("Output logging", str(self.log_output)),
            ("Raw input log", str(self.log_raw)),
            ("Timestamping", str(self.timestamp)),
            ("State", "active" if self.active else "temporarily suspended"),
        ]
        return "\n".join(f"{label:<15}: {value}" for label, value in rows)

    # ------------------------------------------------------------------ writing

    def _write(self, text: str) -> None:
        """Append ``text`` (the file is opened for each entry: nothing is lost on a crash)."""
        if self.path is None:
            return
        try:
            with self.path.open("a", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as error:
            self.shell.output.write(
                f"jovi: could not write the log ({error}); logging stopped.\n", error=True
            )
            self.stop()

    def _entry(self, number: int) -> None:
        manager = self.shell.history_manager
        inputs = manager.input_hist_raw if self.log_raw else manager.input_hist_parsed
        if number >= len(inputs) or not inputs[number].strip() or number in self._excluded:
            return
        text = ""
        if self.timestamp:
            text += time.strftime("# %a, %d %b %Y %H:%M:%S\n")
        source = inputs[number].rstrip("\n")
        if number in self._failed:
            text += "".join(f"#[Failed]# {line}\n" for line in source.splitlines())
        else:
            text += source + "\n"
        output = manager.output_hist_reprs.get(number) if self.log_output else None
        if output:
            text += "".join(f"#[Out]# {line}\n" for line in str(output).splitlines())
        self._write(text)

    def _write_history_so_far(self) -> None:
        for number in range(1, self.shell.execution_count):
            self._entry(number)

    def _before_cell(self, info: ExecutionInfo) -> None:
        self._log_next = self.active and info.store_history

    def _after_cell(self, result: ExecutionResult) -> None:
        log_it, self._log_next = self._log_next, False
        if result.execution_count is None:
            return
        if not result.success:
            self._failed.add(result.execution_count)
        if log_it and self.active:
            self._entry(result.execution_count)


def session_logger(shell: InteractiveShell) -> SessionLogger:
    """The shell's :class:`SessionLogger` (``shell.logger``), made on first use.

    The shell makes it as it starts, so that a log started later knows which of the
    inputs before it failed.
    """
    logger: SessionLogger | None = getattr(shell, "logger", None)
    if logger is None:
        logger = SessionLogger(shell)
        shell.logger = logger
    return logger
