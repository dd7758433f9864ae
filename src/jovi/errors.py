"""The exceptions jovi raises, as one tree (STYLE.md C14).

::

    JoviError
    ├─ ConfigError ─ UnknownOption · OptionValueError · ConfigFileError · CommandLineError
    ├─ ProfileError
    ├─ ShellError ─ UsageError · StdinNotImplementedError
    ├─ DisplayError
    └─ NotebookError ─ NotebookReadError · NotebookValidationError · UnsupportedNbformat

Every message is written for the person who will read it: one plain sentence that
says what went wrong and what to do about it.  Errors in *user code* are never
raised as these exceptions; they are reported as values by the parts that run code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "CommandLineError",
    "ConfigError",
    "ConfigFileError",
    "DisplayError",
    "JoviError",
    "NotebookError",
    "NotebookReadError",
    "NotebookValidationError",
    "OptionValueError",
    "ProfileError",
    "ShellError",
    "StdinNotImplementedError",
    "UnknownOption",
    "UnsupportedNbformat",
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
