"""The exceptions jovi raises, as one tree (docs/design/style.md, C14; tests/test_errors.py
checks that the drawing below is the tree of the classes).

::

    JoviError
    ├─ ConfigError ─ UnknownOption · OptionValueError · ConfigFileError · CommandLineError
    ├─ ProfileError
    ├─ ShellError ─ UsageError · StdinNotImplementedError · StoredValueError
    ├─ DisplayError
    ├─ NotebookError ─ NotebookReadError · NotebookValidationError · UnsupportedNbformat
    ├─ ConversionError
    │  ├─ UnknownFormat               no exporter (or writer, post-processor) of that name
    │  ├─ TemplateNotFound            no template of that name or path
    │  ├─ MissingTool                 xelatex, Chromium...: not installed
    │  ├─ ToolFailed                  an external tool ran and failed (a LaTeX error)
    │  └─ ExecutionError ─ CellExecutionError · CellTimeoutError
    │                                 a notebook that could not be run (--execute)
    ├─ ProtocolError
    │  ├─ MalformedMessage            frames or JSON that do not make a message
    │  ├─ SignatureMismatch           unsigned, tampered or signed with another key
    │  ├─ ReplayedMessage             a correctly signed message seen before
    │  ├─ UnsupportedProtocolVersion
    │  ├─ ConnectionFileError         connection info that cannot be used
    │  └─ KernelSpecError             a kernel.json or kernel name that cannot be used
    ├─ TransportError ─ ChannelClosed · BindError
    ├─ ServerError                    a request the notebook server cannot meet (its HTTP status)
    └─ KernelError
       ├─ NoSuchKernel                no kernel of that name (or id) is known
       ├─ KernelLaunchError           the kernel's command could not be started
       ├─ KernelDied                  the kernel process ended (before it was ready, ...)
       ├─ KernelTimeout               the kernel did not answer in time (a TimeoutError)
       ├─ TunnelError                 an ssh tunnel that could not be opened
       └─ UnknownSubshellError        a request for a subshell the kernel does not have

Every message is written for the person who will read it: one plain sentence that
says what went wrong and what to do about it.  Errors in *user code* are never
raised as these exceptions; they are reported as values by the parts that run code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BindError",
    "CellExecutionError",
    "CellTimeoutError",
    "ChannelClosed",
    "CommandLineError",
    "ConfigError",
    "ConfigFileError",
    "ConnectionFileError",
    "ConversionError",
    "DisplayError",
    "ExecutionError",
    "JoviError",
    "KernelDied",
    "KernelError",
    "KernelLaunchError",
    "KernelSpecError",
    "KernelTimeout",
    "MalformedMessage",
    "MissingTool",
    "NoSuchKernel",
    "NotebookError",
    "NotebookReadError",
    "NotebookValidationError",
    "OptionValueError",
    "ProfileError",
    "ProtocolError",
    "ReplayedMessage",
    "ServerError",
    "ShellError",
    "SignatureMismatch",
    "StdinNotImplementedError",
    "StoredValueError",
    "TemplateNotFound",
    "ToolFailed",
    "TransportError",
    "TunnelError",
    "UnknownFormat",
    "UnknownOption",
    "UnknownSubshellError",
    "UnsupportedNbformat",
    "UnsupportedProtocolVersion",
    "UsageError",
]


class JoviError(Exception):
    """Base class of every error jovi raises on purpose."""


class ConfigError(JoviError):
    """A configuration value, file or command line could not be used."""


class UnknownOption(ConfigError):  # noqa: N818 - the name says what the user got wrong
    """A configuration name (class or option) that no configurable class declares."""


class OptionValueError(ConfigError, ValueError):
    """A value that an option does not accept."""


class ConfigFileError(ConfigError):
    """A configuration file that could not be read or executed."""


class CommandLineError(ConfigError):
    """An argument on the command line that could not be understood."""


class ProfileError(JoviError):
    """A profile that does not exist or a profile name that is not valid."""


class ShellError(JoviError):
    """An error of the interactive shell itself (not of the user's code)."""


class UsageError(ShellError):
    """A magic or shell command used wrongly: shown as ``UsageError: ...``, no traceback."""


class StdinNotImplementedError(ShellError, NotImplementedError):
    """Input was requested from a frontend that cannot provide it."""


class StoredValueError(ShellError):
    """A value in the profile's database (``%store``, bookmarks, directory history)
    that exists but cannot be read back."""


class DisplayError(JoviError, ValueError):
    """A display object given data it cannot show: an unknown image format, a missing
    file, a URL that cannot be fetched."""


class NotebookError(JoviError):
    """A notebook file or notebook JSON that jovi cannot use as it is.

    Attributes:
        filename: The file the notebook came from, when there was one.
    """

    def __init__(self, message: str, *, filename: str | None = None) -> None:
        super().__init__(f"{filename}: {message}" if filename else message)
        self.filename = filename


class NotebookReadError(NotebookError):
    """Text that is not a notebook at all: not JSON, truncated JSON, or not a JSON object."""


class NotebookValidationError(NotebookError, ValueError):
    """A notebook that does not follow the notebook format's JSON schema.

    The message names the first problem (its cell, the cell's id and the field);
    :attr:`problems` holds every problem found, each as one such line.
    """

    def __init__(self, problems: Sequence[str], *, filename: str | None = None) -> None:
        if not problems:
            raise ValueError("a validation error needs at least one problem")
        more = len(problems) - 1
        message = problems[0]
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        super().__init__(message, filename=filename)
        self.problems = tuple(problems)


class UnsupportedNbformat(NotebookError):  # noqa: N818 - the name says what the user has
    """A notebook of a format version jovi does not read or write (jovi reads 3 and 4)."""


class ConversionError(JoviError):
    """A notebook that ``jovi nbconvert`` could not turn into the format asked for."""


class UnknownFormat(ConversionError, ValueError):  # noqa: N818 - the name says what the user asked
    """An output format, writer or post-processor name that jovi does not know."""


class TemplateNotFound(ConversionError):  # noqa: N818 - the name says what happened
    """A template name or path that names no template directory or file."""


class MissingTool(ConversionError):  # noqa: N818 - the name says what the user lacks
    """An external program the conversion needs (xelatex, Chromium) is not installed.

    Attributes:
        tool: The program's name.
    """

    def __init__(self, message: str, *, tool: str) -> None:
        super().__init__(message)
        self.tool = tool


class ToolFailed(ConversionError):  # noqa: N818 - the name says what happened
    """An external program ran but failed; the message quotes its first error.

    Attributes:
        tool: The program's name.
        log: The program's whole output, for those who want more than the first error.
    """

    def __init__(self, message: str, *, tool: str, log: str = "") -> None:
        super().__init__(message)
        self.tool = tool
        self.log = log


class ExecutionError(ConversionError):
    """A notebook that could not be run (``--execute``): its kernel could not be found
    or started, or it died while a cell ran.

    Attributes:
        cell_index: The position of the cell that was running, when one was.
    """

    def __init__(self, message: str, *, cell_index: int | None = None) -> None:
        super().__init__(message)
        self.cell_index = cell_index


class CellExecutionError(ExecutionError):
    """A cell raised an exception and errors were not allowed, so the run stopped.

    The message is one sentence naming the cell and the exception, then the traceback
    as text.  nbclient's ``CellExecutionError`` has the same attributes.

    Attributes:
        ename: The exception's class name.
        evalue: The exception's message.
        traceback: The traceback as text (without terminal colours).
    """

    def __init__(
        self, message: str, *, cell_index: int, ename: str, evalue: str, traceback: str = ""
    ) -> None:
        super().__init__(message, cell_index=cell_index)
        self.ename = ename
        self.evalue = evalue
        self.traceback = traceback


class CellTimeoutError(ExecutionError, TimeoutError):
    """A cell ran longer than ``ExecutePreprocessor.timeout`` (and was not interrupted,
    or did not stop when it was)."""


class ProtocolError(JoviError):
    """Data of the Jupyter messaging protocol (frames, connection info, kernelspecs)
    that jovi cannot use.

    Attributes:
        msg_id: The ``msg_id`` of the message concerned, when it could be read.
        msg_type: Its ``msg_type``, when it could be read.
    """

    def __init__(
        self, message: str, *, msg_id: str | None = None, msg_type: str | None = None
    ) -> None:
        super().__init__(message)
        self.msg_id = msg_id
        self.msg_type = msg_type


class MalformedMessage(ProtocolError, ValueError):  # noqa: N818 - the name says what happened
    """Frames that do not make a message: no delimiter, too few frames, invalid JSON,
    or fields of the wrong type.  Also raised for a message that cannot be encoded."""


class SignatureMismatch(ProtocolError):  # noqa: N818 - the name says what happened
    """A message whose signature is missing or does not match its frames: it was not
    signed, was changed after signing, or was signed with another key or scheme."""


class ReplayedMessage(ProtocolError):  # noqa: N818 - the name says what happened
    """A correctly signed message whose signature was already seen: a replay."""


class UnsupportedProtocolVersion(ProtocolError):  # noqa: N818 - the name says what happened
    """A peer that speaks a version of the messaging protocol jovi does not read."""


class ConnectionFileError(ProtocolError, ValueError):
    """Connection information (a connection file or its fields) that cannot be used.

    Attributes:
        path: The connection file, when the information came from one.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class KernelSpecError(ProtocolError, ValueError):
    """A kernelspec (``kernel.json``) or a kernel name that cannot be used.

    Attributes:
        path: The ``kernel.json`` file, when the spec came from one.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class TransportError(JoviError):
    """A channel (ZeroMQ socket or in-memory channel) that cannot do what was asked."""


class ChannelClosed(TransportError):  # noqa: N818 - the name says what happened
    """Sending or receiving on a channel that was closed."""


class BindError(TransportError, OSError):
    """An address a channel could not bind to (in use, not local, not allowed)."""


class KernelError(JoviError):
    """A kernel that cannot be found, started, reached or kept running."""


class NoSuchKernel(KernelError, KeyError):  # noqa: N818 - jupyter_client's name for it
    """No kernel (kernelspec, kernel type or running kernel id) has that name."""

    def __str__(self) -> str:
        # KeyError quotes its argument; this is a sentence for users.
        return str(self.args[0]) if self.args else ""


class KernelLaunchError(KernelError, OSError):
    """The command of a kernel could not be started (missing program, bad directory)."""


class UnknownSubshellError(KernelError):
    """A request named a subshell the kernel does not have (never created, or deleted)."""


class KernelDied(KernelError):  # noqa: N818 - the name says what happened
    """The kernel process ended: before it was ready, or while a client waited for it.

    Attributes:
        exit_code: The process's exit status (negative: the signal that ended it), when known.
    """

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class KernelTimeout(KernelError, TimeoutError):  # noqa: N818 - the name says what happened
    """A kernel did not answer (a reply, readiness, a shutdown) within the time allowed."""


class TunnelError(KernelError):
    """An ssh tunnel to a kernel that could not be opened or stopped working."""


class ServerError(JoviError):
    """A request the notebook server cannot meet: a missing file, a bad model, a conflict.

    Attributes:
        status: The HTTP status the server answers with (400, 403, 404, 409...).
        reason: A short machine-readable word some clients look at (``"bad type"``,
            ``"bad format"``), or None.
    """

    def __init__(self, status: int, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
