"""The exceptions jovi raises, as one tree (STYLE.md C14).

::

    JoviError
    ├─ ConfigError ─ UnknownOption · OptionValueError · ConfigFileError · CommandLineError
    ├─ ProfileError
    ├─ ProtocolError
    │  ├─ MalformedMessage            frames or JSON that do not make a message
    │  ├─ SignatureMismatch           unsigned, tampered or signed with another key
    │  ├─ ReplayedMessage             a correctly signed message seen before
    │  ├─ UnsupportedProtocolVersion
    │  ├─ ConnectionFileError         connection info that cannot be used
    │  └─ KernelSpecError             a kernel.json or kernel name that cannot be used
    └─ TransportError ─ ChannelClosed · BindError

Every message is written for the person who will read it: one plain sentence that
says what went wrong and what to do about it.  Errors in *user code* are never
raised as these exceptions; they are reported as values by the parts that run code.
"""

from __future__ import annotations

__all__ = [
    "BindError",
    "ChannelClosed",
    "CommandLineError",
    "ConfigError",
    "ConfigFileError",
    "ConnectionFileError",
    "JoviError",
    "KernelSpecError",
    "MalformedMessage",
    "OptionValueError",
    "ProfileError",
    "ProtocolError",
    "ReplayedMessage",
    "SignatureMismatch",
    "TransportError",
    "UnknownOption",
    "UnsupportedProtocolVersion",
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
