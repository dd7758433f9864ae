"""Answers to the requests that only read the shell: completion, inspection, completeness,
history, user expressions and ``kernel_info``.

Each function takes the shell and the request content and returns the reply content;
none sends anything.  Completion and inspection never run user code (attributes are
read statically, jedi does not evaluate descriptors), so the kernel may call them
from another thread while user code runs.
"""

from __future__ import annotations

import io
import platform
import tokenize
from typing import TYPE_CHECKING, Any

from jovi._version import __version__
from jovi.protocol.message import PROTOCOL_VERSION
from jovi.protocol.shell import (
    CompleteReply,
    HelpLink,
    HistoryEntry,
    HistoryReply,
    InspectReply,
    IsCompleteReply,
    KernelInfoReply,
    LanguageInfo,
)
from jovi.shell.usage import banner

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.protocol.shell import HistoryRequest
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = [
    "IMPLEMENTATION",
    "complete",
    "history",
    "inspect",
    "is_complete",
    "kernel_info",
    "name_at_cursor",
    "user_expressions",
]

IMPLEMENTATION = "jovi"
_DOCS = "https://github.com/jovi-project/jovi/tree/main/docs"


def kernel_info(*, debugger: bool = False) -> KernelInfoReply:
    """Who the kernel is: protocol, implementation, language, banner, help links, and
    the optional features it has (subshells always; the debugger when ``debugger``)."""
    python = platform.python_version()
    major_minor = ".".join(python.split(".")[:2])
    return KernelInfoReply(
        protocol_version=PROTOCOL_VERSION,
        implementation=IMPLEMENTATION,
        implementation_version=__version__,
        language_info=LanguageInfo(
            name="python",
            version=python,
            mimetype="text/x-python",
            file_extension=".py",
            pygments_lexer="ipython3",
            codemirror_mode={"name": "ipython", "version": 3},
            nbconvert_exporter="python",
        ),
        banner=banner(),
        help_links=(
            HelpLink(text="Python Reference", url=f"https://docs.python.org/{major_minor}"),
            HelpLink(text="jovi Documentation", url=_DOCS),
            # The references a notebook's Help menu lists with ipykernel.
            HelpLink(text="NumPy Reference", url="https://numpy.org/doc/stable/reference/"),
            HelpLink(text="SciPy Reference", url="https://docs.scipy.org/doc/scipy/reference/"),
            HelpLink(text="Matplotlib Reference", url="https://matplotlib.org/stable/"),
            HelpLink(text="SymPy Reference", url="https://docs.sympy.org/latest/index.html"),
            HelpLink(text="pandas Reference", url="https://pandas.pydata.org/docs/"),
        ),
        debugger=debugger,
        supported_features=("kernel subshells", "debugger") if debugger else ("kernel subshells",),
    )


def _clamp(cursor_pos: int | None, code: str) -> int:
    return len(code) if cursor_pos is None else max(0, min(cursor_pos, len(code)))


def complete(shell: InteractiveShell, code: str, cursor_pos: int | None) -> CompleteReply:
    """The completions at ``cursor_pos``, all replacing one range of ``code``.

    Completions may each replace a different range; the reply widens them to the
    union of the ranges (``cursor_start``, ``cursor_end``), so one replacement fits
    all.  ``metadata._jupyter_types_experimental`` says what each match is.
    """
    cursor = _clamp(cursor_pos, code)
    found = shell.completions(code, cursor)
    if not found:
        return CompleteReply(matches=(), cursor_start=cursor, cursor_end=cursor, metadata={})
    start = min(c.start for c in found)
    end = max(c.end for c in found)
    matches: list[str] = []
    types: list[dict[str, Any]] = []
    for completion in found:
        text = code[start : completion.start] + completion.text + code[completion.end : end]
        if text in matches:
            continue
        matches.append(text)
        types.append(
            {
                "start": start,
                "end": end,
                "text": text,
                "type": completion.type or None,
                "signature": completion.signature,
            }
        )
    return CompleteReply(
        matches=tuple(matches),
        cursor_start=start,
        cursor_end=end,
        metadata={"_jupyter_types_experimental": types},
    )


def _offsets(code: str) -> list[int]:
    starts = [0, 0]  # tokenize counts rows from 1
    for line in code.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def name_at_cursor(code: str, cursor_pos: int | None) -> str:
    """The name to inspect at ``cursor_pos``: the callable of the innermost call the
    cursor is in, else the dotted name under the cursor, else ''."""
    cursor = _clamp(cursor_pos, code)
    starts = _offsets(code)
    calls: list[str] = []
    dotted: list[str] = []
    last_name = ""
    under_cursor = ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            begin = starts[token.start[0]] + token.start[1]
            if begin > cursor or token.type == tokenize.ENDMARKER:
                break
            finish = starts[token.end[0]] + token.end[1]
            if token.type == tokenize.NAME:
                dotted = [*dotted, token.string] if dotted and dotted[-1] == "." else [token.string]
                last_name = "".join(dotted)
                if begin <= cursor <= finish:
                    under_cursor = last_name
                continue
            if token.type == tokenize.OP and token.string == "." and dotted:
                dotted = [*dotted, "."]
                continue
            if token.type == tokenize.OP and token.string in "([{":
                calls.append(last_name if token.string == "(" and dotted else "")
            elif token.type == tokenize.OP and token.string in ")]}" and calls:
                calls.pop()
            dotted, last_name = [], ""
    except (tokenize.TokenError, SyntaxError):
        pass
    for name in reversed(calls):
        if name:
            return name
    return under_cursor


def inspect(
    shell: InteractiveShell,
    code: str,
    cursor_pos: int | None,
    detail_level: int = 0,
    *,
    evaluate: bool = False,
) -> InspectReply:
    """What is known about the name at the cursor, as a MIME bundle.

    Without ``evaluate`` the object's ``str()`` and ``len()`` (its "String form" and
    "Length", which run its own code) are left out: that is safe beside running user
    code, on another thread.
    """
    from jovi.shell.introspection import find_object, object_info, render_bundle  # noqa: PLC0415 - start-up cost

    name = name_at_cursor(code, cursor_pos)
    if not name:
        return InspectReply(found=False, data={}, metadata={})
    info = object_info(
        find_object(shell, name), detail_level, shell.object_info_string_level, evaluate=evaluate
    )
    if not info.found:
        return InspectReply(found=False, data={}, metadata={})
    return InspectReply(
        found=True,
        data=render_bundle(info, detail_level, shell.info_colors),
        metadata={},
    )


def is_complete(shell: InteractiveShell, code: str) -> IsCompleteReply:
    """Whether ``code`` is ready to run, and the indent of its next line if not."""
    status, indent = shell.check_complete(code)
    return IsCompleteReply(status=status, indent=indent if status == "incomplete" else None)


def history(shell: InteractiveShell, request: HistoryRequest) -> HistoryReply:
    """The history entries asked for: a ``range``, the ``tail`` or a ``search``.

    The current session is reported by its real number (not 0), so a client can ask
    for a range of it with the number a tail reply gave.

    Raises:
        ValueError: the access type is not ``range``, ``tail`` or ``search``.
    """
    manager = shell.history_manager
    raw, output = request.raw, request.output
    kind = request.hist_access_type
    if kind == "tail":
        rows = manager.get_tail(
            request.n if request.n is not None else 10,
            raw=raw,
            output=output,
            include_latest=True,
        )
    elif kind == "range":
        rows = manager.get_range(
            request.session or 0, request.start or 0, request.stop, raw=raw, output=output
        )
    elif kind == "search":
        rows = manager.search(
            request.pattern or "*", raw=raw, output=output, n=request.n, unique=request.unique
        )
    else:
        raise ValueError(f"unknown hist_access_type {kind!r}; ask for 'range', 'tail' or 'search'")
    current = manager.session_number
    entries = []
    for session, line, value in rows:
        number = session or current
        if isinstance(value, tuple):
            entries.append(HistoryEntry(number, line, value[0], value[1], with_output=True))
        else:
            entries.append(HistoryEntry(number, line, value, with_output=output))
    return HistoryReply(history=tuple(entries))


def user_expressions(shell: InteractiveShell, expressions: Mapping[str, str]) -> dict[str, Any]:
    """Each expression's value as a MIME bundle, or its error (one failing expression
    affects only its own entry)."""
    results: dict[str, Any] = {}
    for name, expression in expressions.items():
        try:
            value = shell.ev(expression)
            data, metadata = shell.format(value)
        except Exception as error:  # noqa: BLE001 - reported in the entry, as the spec says
            report = shell.traceback_formatter.report(error)
            results[name] = {
                "status": "error",
                "ename": report.ename,
                "evalue": report.evalue,
                "traceback": list(report.traceback),
            }
        else:
            results[name] = {"status": "ok", "data": data, "metadata": metadata}
    return results
