"""Logging the session to a file: ``%logstart``, ``%logon``, ``%logoff``, ``%logstate``,
``%logstop``.  The logger itself is :class:`jovi.shell.logger.SessionLogger`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.logger import session_logger
from jovi.shell.magic.core import Magics, line_magic, magics_class

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["LoggingMagics", "session_logger"]


@magics_class
class LoggingMagics(Magics):
    """The session log."""

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        super().__init__(shell, **kwargs)
        if shell is None:
            return
        logger = session_logger(shell)  # the shell made it: it knows which inputs failed
        # InteractiveShell.logappend / logfile / logstart (--logappend, --logfile).
        if getattr(shell, "logappend", ""):
            logger.start(shell.logappend, "append")
        elif getattr(shell, "logfile", ""):
            logger.start(shell.logfile, "over")
        elif getattr(shell, "logstart", False):
            logger.start()
        if logger.started:
            self._announce(logger)

    def _announce(self, logger: Any) -> None:
        self.shell.output.write(
            "Activating auto-logging. Current session state plus future input saved.\n"
            + logger.state()
            + "\n"
        )

    def _logger(self) -> Any:
        """The session logger, told that the running input (a logging magic) is not logged."""
        logger = session_logger(self.shell)
        logger.exclude_current_input()
        return logger

    @line_magic
    def logstart(self, parameter_s: str = "") -> None:
        """Log the session to a file: ``%logstart [-o] [-r] [-t] [-q] [name [mode]]``.

        The log begins with everything typed so far in this session and then gets
        each new input.  It holds the Python each input ran as, so running it with
        ``jovi name`` replays the session.  The default name is ``jovi_log.py`` in
        the current directory.

        Modes (what to do with an existing file; the default is backup when a name is
        given, rotate when it is not):
          append  add to the end of the file;
          backup  rename the old file to ``name~`` first;
          global  log to ``name`` in your home directory, appending;
          over    overwrite the file;
          rotate  keep old files as ``name.1~``, ``name.2~``, ...

        Options:
          -o      Also log each output, as a ``#[Out]#`` comment.
          -r      Log the input as typed (magics and all), for ``%run name``.
          -t      Put a timestamp comment before each input.
          -q      Quiet: print nothing.
        """
        opts, args = self.parse_options(parameter_s, "ortq", mode="list")
        if len(args) > 2:
            raise UsageError("%logstart takes at most a file name and a mode; see %logstart?")
        name = args[0] if args else ""
        mode = args[1] if len(args) > 1 else ""
        logger = self._logger()
        logger.start(name, mode, log_output="o" in opts, log_raw="r" in opts, timestamp="t" in opts)
        if "q" not in opts:
            self._announce(logger)

    @line_magic
    def logstop(self, parameter_s: str = "") -> None:
        """Stop logging and close the log file (``%logstart`` starts a new one)."""
        logger = self._logger()
        if not logger.started:
            self.shell.output.write("Logging hadn't been started.\n")
            return
        logger.stop()

    @line_magic
    def logoff(self, parameter_s: str = "") -> None:
        """Pause logging (``%logon`` resumes it, in the same file)."""
        self._logger().switch(False)
        self.shell.output.write("Switching logging OFF\n")

    @line_magic
    def logon(self, parameter_s: str = "") -> None:
        """Resume logging after ``%logoff``."""
        self._logger().switch(True)
        self.shell.output.write("Switching logging ON\n")

    @line_magic
    def logstate(self, parameter_s: str = "") -> None:
        """Print the log's file name, mode, options and whether it is active."""
        self.shell.output.write(self._logger().state() + "\n")
