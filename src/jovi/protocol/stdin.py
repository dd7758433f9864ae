"""stdin channel messages: the kernel asks the requesting client for input (Jupyter messaging protocol: the stdin channel).

The kernel sends ``input_request`` only while serving an ``execute_request`` that
allowed stdin, addressed with that request's identities; the client answers with
``input_reply``, whose parent is the ``input_request``.
"""

from __future__ import annotations

from typing import ClassVar

from jovi.protocol.message import Content

__all__ = ["EOF", "InputReply", "InputRequest"]

EOF = "\x04"
"""The ``value`` of an ``input_reply`` that means end of input (the kernel raises
``EOFError``)."""


class InputRequest(Content, frozen=True, kw_only=True):
    """Ask the user for a line (``password=True``: do not echo it)."""

    MSG_TYPE: ClassVar[str] = "input_request"
    prompt: str = ""
    password: bool = False


class InputReply(Content, frozen=True, kw_only=True):
    """The line the user typed, without its newline."""

    MSG_TYPE: ClassVar[str] = "input_reply"
    value: str
