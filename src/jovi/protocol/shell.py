"""Shell channel messages: requests from a client, replies from the kernel (Jupyter messaging protocol: the shell channel).

Comm messages and ``comm_info`` travel on the shell channel too; they are in
:mod:`~jovi.protocol.comm`.  ``kernel_info`` may also be asked on the control channel.
"""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, ClassVar, Self

import msgspec

from jovi.errors import MalformedMessage
from jovi.protocol.message import Content, Reply
from jovi.protocol.schema import JsonCodable, Record, describe_json

__all__ = [
    "CompleteReply",
    "CompleteRequest",
    "ConnectReply",
    "ConnectRequest",
    "ExecuteReply",
    "ExecuteRequest",
    "HelpLink",
    "HistoryEntry",
    "HistoryReply",
    "HistoryRequest",
    "InspectReply",
    "InspectRequest",
    "IsCompleteReply",
    "IsCompleteRequest",
    "KernelInfoReply",
    "KernelInfoRequest",
    "LanguageInfo",
]


class ExecuteRequest(Content, frozen=True, kw_only=True):
    """Run ``code``.

    Attributes:
        code: The source to run.
        silent: Run without ``execute_input``/``execute_result``, without history and
            without counting.
        store_history: Record the input in history and count it (``False`` if silent).
        user_expressions: Expressions to evaluate afterwards, by name.
        allow_stdin: Whether the kernel may send ``input_request``.
        stop_on_error: Abort the queued requests if this one fails.
    """

    MSG_TYPE: ClassVar[str] = "execute_request"
    code: str
    silent: bool = False
    store_history: bool = True
    user_expressions: Mapping[str, str] = msgspec.field(default_factory=dict)
    allow_stdin: bool = True
    stop_on_error: bool = True


class ExecuteReply(Reply, frozen=True, kw_only=True):
    """The outcome of an ``execute_request``.

    Attributes:
        execution_count: The count of this execution; absent in ``"aborted"`` replies.
        payload: Deprecated instructions for the frontend (``page``,
            ``set_next_input``, ``edit_magic``, ``ask_exit``).
        user_expressions: Each requested expression's result: a mime bundle with
            ``status: "ok"``, or an error.
    """

    MSG_TYPE: ClassVar[str] = "execute_reply"
    execution_count: int | None = None
    payload: tuple[Mapping[str, Any], ...] = ()
    user_expressions: Mapping[str, Any] = msgspec.field(default_factory=dict)


class InspectRequest(Content, frozen=True, kw_only=True):
    """Describe the object at ``cursor_pos`` in ``code`` (``obj?`` is level 0, ``obj??`` 1)."""

    MSG_TYPE: ClassVar[str] = "inspect_request"
    code: str
    cursor_pos: int
    detail_level: int = 0


class InspectReply(Reply, frozen=True, kw_only=True):
    """A description of an object, as a mime bundle (``found`` says if there was one)."""

    MSG_TYPE: ClassVar[str] = "inspect_reply"
    found: bool = False
    data: Mapping[str, Any] = msgspec.field(default_factory=dict)
    metadata: Mapping[str, Any] = msgspec.field(default_factory=dict)


class CompleteRequest(Content, frozen=True, kw_only=True):
    """Complete ``code`` at ``cursor_pos`` (counted in code points)."""

    MSG_TYPE: ClassVar[str] = "complete_request"
    code: str
    cursor_pos: int


class CompleteReply(Reply, frozen=True, kw_only=True):
    """Completions: each match replaces ``code[cursor_start:cursor_end]``.

    ``cursor_start`` and ``cursor_end`` are ``None`` only in replies of protocol 4
    kernels, whose positions the 4.x adapter cannot know.
    """

    MSG_TYPE: ClassVar[str] = "complete_reply"
    matches: tuple[str, ...] = ()
    cursor_start: int | None = None
    cursor_end: int | None = None
    metadata: Mapping[str, Any] = msgspec.field(default_factory=dict)


class HistoryRequest(Content, frozen=True, kw_only=True):
    """Ask for history: a ``range`` of a session, the ``tail``, or a glob ``search``.

    Attributes:
        hist_access_type: ``"range"``, ``"tail"`` or ``"search"``.
        output: Include outputs.
        raw: Raw input (as typed) rather than transformed input.
        session: For ``range``: the session number (negative counts back from the
            current one, 0 is the current one).
        start: For ``range``: the first line.
        stop: For ``range``: the line after the last.
        n: For ``tail`` and ``search``: how many entries.
        pattern: For ``search``: a glob pattern (``*`` and ``?``).
        unique: For ``search``: drop duplicate inputs.
    """

    MSG_TYPE: ClassVar[str] = "history_request"
    hist_access_type: str
    output: bool = False
    raw: bool = True
    session: int | None = None
    start: int | None = None
    stop: int | None = None
    n: int | None = None
    pattern: str | None = None
    unique: bool = False


class HistoryEntry(msgspec.Struct, JsonCodable, frozen=True):
    """One history entry: ``[session, line, input]``, or ``[session, line, [input,
    output]]`` when output was asked for.

    Attributes:
        session: The session number.
        line: The line (execution count) in that session.
        source: The input.
        output: The output, when there was one.
        with_output: Whether the entry is written with its output (as the pair form).
    """

    session: int
    line: int
    source: str
    output: str | None = None
    with_output: bool = False

    @classmethod
    def from_json(cls, value: Any, *, where: str = "") -> Self:
        """The entry written as the JSON array ``value``."""
        if isinstance(value, list) and len(value) == 3:
            session, line, text = value
            if isinstance(session, int) and isinstance(line, int):
                if isinstance(text, str):
                    return cls(session, line, text)
                if (
                    isinstance(text, list)
                    and len(text) == 2
                    and isinstance(text[0], str)
                    and isinstance(text[1], str | None)
                ):
                    return cls(session, line, text[0], text[1], with_output=True)
        raise MalformedMessage(
            f"{where} must be [session, line, input] or [session, line, [input, output]], "
            f"not {describe_json(value)}"
        )

    def to_json(self) -> list[Any]:
        """The entry as a JSON array."""
        if self.with_output:
            return [self.session, self.line, [self.source, self.output]]
        return [self.session, self.line, self.source]


class HistoryReply(Reply, frozen=True, kw_only=True):
    """The history entries asked for."""

    MSG_TYPE: ClassVar[str] = "history_reply"
    history: tuple[HistoryEntry, ...] = ()


class IsCompleteRequest(Content, frozen=True, kw_only=True):
    """Ask whether ``code`` is ready to run (for consoles deciding on Enter)."""

    MSG_TYPE: ClassVar[str] = "is_complete_request"
    code: str


class IsCompleteReply(Content, frozen=True, kw_only=True):
    """Whether code is complete.

    Attributes:
        status: ``"complete"``, ``"incomplete"``, ``"invalid"`` or ``"unknown"``
            (not the usual ``"ok"``).
        indent: For ``"incomplete"``: the indentation of the next line.
    """

    MSG_TYPE: ClassVar[str] = "is_complete_reply"
    status: str
    indent: str | None = None


class ConnectRequest(Content, frozen=True, kw_only=True):
    """Ask for the kernel's ports (deprecated since 5.1)."""

    MSG_TYPE: ClassVar[str] = "connect_request"


class ConnectReply(Content, frozen=True, kw_only=True):
    """The kernel's ports (deprecated since 5.1); protocol 4 kernels omit control."""

    MSG_TYPE: ClassVar[str] = "connect_reply"
    shell_port: int | None = None
    iopub_port: int | None = None
    stdin_port: int | None = None
    hb_port: int | None = None
    control_port: int | None = None


class KernelInfoRequest(Content, frozen=True, kw_only=True):
    """Ask who the kernel is (also the readiness probe of clients)."""

    MSG_TYPE: ClassVar[str] = "kernel_info_request"


class HelpLink(Record, frozen=True, kw_only=True):
    """A link for the frontend's help menu."""

    text: str
    url: str


class LanguageInfo(Record, frozen=True, kw_only=True):
    """The language a kernel runs.

    Attributes:
        name: Language name, e.g. ``"python"``.
        version: Language version, e.g. ``"3.11.7"``.
        mimetype: MIME type of source files, e.g. ``"text/x-python"``.
        file_extension: Extension of source files, with the dot, e.g. ``".py"``.
        pygments_lexer: Pygments lexer name, when it differs from ``name``.
        codemirror_mode: CodeMirror mode: a name or an object of options.
        nbconvert_exporter: nbconvert exporter for scripts.
    """

    name: str
    version: str = ""
    mimetype: str | None = None
    file_extension: str | None = None
    pygments_lexer: str | None = None
    codemirror_mode: str | Mapping[str, Any] | None = None
    nbconvert_exporter: str | None = None


class KernelInfoReply(Reply, frozen=True, kw_only=True):
    """Who the kernel is.

    Attributes:
        protocol_version: The protocol version the kernel implements, e.g. ``"5.3"``.
        implementation: The kernel's name, e.g. ``"jovi"``.
        implementation_version: The kernel's version.
        language_info: The language it runs.
        banner: Text a console shows at start.
        help_links: Links for the help menu.
        debugger: Whether the kernel supports the debugger (deprecated by
            ``supported_features``).
        supported_features: Optional features the kernel implements (5.5).
    """

    MSG_TYPE: ClassVar[str] = "kernel_info_reply"
    protocol_version: str = ""
    implementation: str = ""
    implementation_version: str = ""
    language_info: LanguageInfo | None = None
    banner: str = ""
    help_links: tuple[HelpLink, ...] = ()
    debugger: bool | None = None
    supported_features: tuple[str, ...] | None = None
