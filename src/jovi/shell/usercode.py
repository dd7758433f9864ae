"""Finding code the user points at, for ``%load``, ``%save``, ``%macro``, ``%pycat`` and ``%edit``.

A target is tried, in order, as history ranges (``1-3 ~1/4``), a URL, a file, a
variable holding a string or a macro, and (when asked) an object whose source
code can be found.  Helpers pick lines (``-r 5-10``) or definitions (``-s f,C``)
out of the code found.
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

from jovi.errors import UsageError
from jovi.shell.history.ranges import is_range

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = [
    "extract_lines",
    "extract_symbols",
    "fetch_url",
    "find_user_code",
    "history_code",
    "strip_encoding_cookie",
]

_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")
_LINE_RANGE = re.compile(r"^(?P<start>\d+)?(?:(?P<sep>[-:])(?P<end>\d+)?)?$")
_URL_TIMEOUT_S = 15


def strip_encoding_cookie(text: str) -> str:
    """``text`` without a ``# -*- coding: ... -*-`` line among its first two lines."""
    lines = text.splitlines(keepends=True)
    for index in range(min(2, len(lines))):
        if _COOKIE.match(lines[index]):
            del lines[index]
            break
    return "".join(lines)


def fetch_url(url: str) -> str:
    """The text at ``url`` (decoded with the charset the server names, else UTF-8).

    Raises:
        UsageError: the URL cannot be fetched.
    """
    import urllib.error  # noqa: PLC0415 - only for URLs
    import urllib.request  # noqa: PLC0415 - start-up cost

    try:
        with urllib.request.urlopen(url, timeout=_URL_TIMEOUT_S) as response:  # noqa: S310 - http(s) checked by the caller
            data = response.read()
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as error:
        error.close()  # it holds the server's answer (and its socket) open
        raise UsageError(f"could not fetch {url}: {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise UsageError(f"could not fetch {url}: {reason}") from None
    text: str = data.decode(charset, errors="replace")
    return text


def history_code(shell: InteractiveShell, target: str, *, raw: bool = True) -> str:
    """The input lines of every history range in ``target``, joined (other words skipped)."""
    try:
        rows = shell.history_manager.get_range_by_str(target, raw=raw)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return "\n".join(str(row[2]) for row in rows)


def _read_file(path: Path, *, skip_encoding_cookie: bool) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        import tokenize  # noqa: PLC0415 - start-up cost

        try:
            encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
            text = data.decode(encoding)
        except (SyntaxError, UnicodeDecodeError, LookupError):
            raise UsageError(f"{path} is not a text file in a known encoding") from None
    return strip_encoding_cookie(text) if skip_encoding_cookie else text


def find_user_code(
    shell: InteractiveShell,
    target: str,
    *,
    raw: bool = True,
    py_only: bool = False,
    skip_encoding_cookie: bool = True,
    search_ns: bool = False,
) -> str:
    """The code ``target`` names: history ranges, a URL, a file, a string or macro
    variable, or (``search_ns``) the source of an object.

    Raises:
        UsageError: nothing of the kind is found.
    """
    target = target.strip()
    words = target.split()
    if words and all(is_range(word) for word in words):
        code = history_code(shell, target, raw=raw)
        if code:
            return code
    if target.startswith(("http://", "https://")):
        text = fetch_url(target)
        return strip_encoding_cookie(text) if skip_encoding_cookie else text
    for candidate in (target, f"{target}.py"):
        path = Path(candidate).expanduser()
        if candidate and path.is_file():
            if py_only and path.suffix not in (".py", ".ipy", ".pyw"):
                raise UsageError(f"{path} is not a Python file")
            return _read_file(path, skip_encoding_cookie=skip_encoding_cookie)
    if target.isidentifier() and target in shell.user_ns:
        from jovi.shell.macro import Macro  # noqa: PLC0415 - start-up cost

        value = shell.user_ns[target]
        if isinstance(value, Macro):
            return value.value
        if isinstance(value, str):
            return value
    if search_ns:
        from jovi.shell.introspection import find_object, object_info  # noqa: PLC0415 - start-up cost

        info = object_info(find_object(shell, target), 1)
        if info.found and info.source:
            return info.source
    raise UsageError(
        f"'{target}' was not found in history, as a file, a URL, nor in the user namespace."
    )


def extract_lines(text: str, spec: str) -> str:
    """Lines of ``text`` chosen by ``spec``: ``5``, ``5-10`` (inclusive), ``5:10`` (10
    excluded), ``-3``, ``7-``; several separated by spaces or commas.

    Raises:
        UsageError: a part of ``spec`` is not a line range.
    """
    lines = text.splitlines()
    picked: list[str] = []
    for part in spec.replace(",", " ").split():
        match = _LINE_RANGE.match(part)
        if match is None or part in ("-", ":"):
            raise UsageError(f"-r {part}: write lines as 5, 5-10, 5:10, -10 or 5-")
        start = int(match["start"]) if match["start"] else 1
        if match["sep"] is None:
            end = start
        elif match["end"] is None:
            end = len(lines)
        else:
            end = int(match["end"]) - (1 if match["sep"] == ":" else 0)
        picked.extend(lines[start - 1 : end])
    return "\n".join(picked) + ("\n" if picked else "")


def extract_symbols(text: str, names: str) -> tuple[str, list[str]]:
    """The definitions (functions, classes, with their decorators) named in ``names``
    (comma-separated), in that order, and the names not found.

    Raises:
        UsageError: ``text`` is not valid Python.
    """
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        raise UsageError(f"-s needs Python source; this has a syntax error: {error.msg}") from None
    lines = text.splitlines()
    spans: dict[str, tuple[int, int]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans[node.name] = (first, node.end_lineno or node.lineno)
    blocks: list[str] = []
    missing: list[str] = []
    for name in (part.strip() for part in names.split(",")):
        if not name:
            continue
        if name not in spans:
            missing.append(name)
            continue
        first, last = spans[name]
        blocks.append("\n".join(lines[first - 1 : last]) + "\n")
    return "\n".join(blocks), missing
