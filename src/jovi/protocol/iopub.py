"""IOPub messages: everything a kernel publishes to all its clients (Jupyter messaging protocol: IOPub).

Comm messages from the kernel also travel on IOPub (:mod:`~jovi.protocol.comm`), and
so does ``debug_event`` (:mod:`~jovi.protocol.control`).
"""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, ClassVar

import msgspec

from jovi.protocol.message import Content

__all__ = [
    "BUSY",
    "IDLE",
    "STARTING",
    "ClearOutput",
    "DisplayData",
    "ErrorOutput",
    "ExecuteInput",
    "ExecuteResult",
    "IopubWelcome",
    "Status",
    "Stream",
    "UpdateDisplayData",
]

BUSY = "busy"
IDLE = "idle"
STARTING = "starting"


class Status(Content, frozen=True, kw_only=True):
    """The kernel's state: ``"busy"``, ``"idle"`` or ``"starting"``.

    Other values are kept as they are (a notebook server tells browsers
    ``"restarting"`` and ``"dead"`` this way).
    """

    MSG_TYPE: ClassVar[str] = "status"
    execution_state: str


class Stream(Content, frozen=True, kw_only=True):
    """Text written to ``"stdout"`` or ``"stderr"``."""

    MSG_TYPE: ClassVar[str] = "stream"
    name: str
    text: str


class _MimeBundle(Content, frozen=True, kw_only=True):
    """Something to show: a mime bundle with its metadata.

    Attributes:
        data: The representations, by MIME type (``application/json`` holds JSON,
            not text).
        metadata: Metadata, overall and by MIME type (``image/png: {width, height}``).
        transient: Information not to be saved with the output (``display_id``).
    """

    data: Mapping[str, Any]
    metadata: Mapping[str, Any] = msgspec.field(default_factory=dict)
    transient: Mapping[str, Any] = msgspec.field(default_factory=dict)

    @property
    def display_id(self) -> str | None:
        """The display id in ``transient``, if any."""
        value = self.transient.get("display_id")
        return value if isinstance(value, str) else None


class DisplayData(_MimeBundle, frozen=True, kw_only=True):
    """Something to show (``display(obj)``); see :class:`_MimeBundle` for the fields."""

    MSG_TYPE: ClassVar[str] = "display_data"


class UpdateDisplayData(_MimeBundle, frozen=True, kw_only=True):
    """New content for every output showing ``transient["display_id"]`` (required)."""

    MSG_TYPE: ClassVar[str] = "update_display_data"


class ExecuteInput(Content, frozen=True, kw_only=True):
    """The code being run, rebroadcast to every client."""

    MSG_TYPE: ClassVar[str] = "execute_input"
    code: str
    execution_count: int


class ExecuteResult(_MimeBundle, frozen=True, kw_only=True):
    """The value of the last expression (``Out[n]``), as a mime bundle."""

    MSG_TYPE: ClassVar[str] = "execute_result"
    execution_count: int


class ErrorOutput(Content, frozen=True, kw_only=True):
    """An exception raised by user code (the ``error`` message)."""

    MSG_TYPE: ClassVar[str] = "error"
    ename: str
    evalue: str
    traceback: tuple[str, ...] = ()


class ClearOutput(Content, frozen=True, kw_only=True):
    """Clear the output area (``wait=True``: when the next output arrives)."""

    MSG_TYPE: ClassVar[str] = "clear_output"
    wait: bool = False


class IopubWelcome(Content, frozen=True, kw_only=True):
    """Sent by an XPUB IOPub socket to each new subscriber (protocol 5.5)."""

    MSG_TYPE: ClassVar[str] = "iopub_welcome"
    subscription: str = ""
