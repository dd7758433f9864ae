"""The exceptions jovi raises, as one tree (STYLE.md C14).

::

    JoviError
    ├─ ConfigError ─ UnknownOption · OptionValueError · ConfigFileError · CommandLineError
    ├─ ProfileError
    └─ ShellError ─ UsageError · StdinNotImplementedError

Every message is written for the person who will read it: one plain sentence that
says what went wrong and what to do about it.  Errors in *user code* are never
raised as these exceptions; they are reported as values by the parts that run code.
"""

from __future__ import annotations

__all__ = [
    "CommandLineError",
    "ConfigError",
    "ConfigFileError",
    "JoviError",
    "OptionValueError",
    "ProfileError",
    "ShellError",
    "StdinNotImplementedError",
    "UnknownOption",
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
