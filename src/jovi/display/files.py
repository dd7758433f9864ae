"""Links to local files: ``FileLink`` (one file) and ``FileLinks`` (a directory's files).

In a notebook each file becomes a link (``<a href=...>``) that opens it through the
notebook server; in a terminal the text form is the file's path, or an indented
listing of the directory.  Links are relative to the directory the kernel runs in,
which is the notebook's directory; ``url_prefix`` puts something in front of them
(for example ``"files/"`` for servers that serve files under that path).
"""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING

from jovi.errors import DisplayError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    # formatter(dirname, filenames, included_suffixes) -> lines: one directory's listing.
    LinesFormatter = Callable[[str, list[str], Sequence[str] | None], list[str]]

__all__ = ["FileLink", "FileLinks"]


def _missing(path: str) -> str:
    return (
        f"The file {path!r} does not exist: it may not have been written yet, or the path is wrong."
    )


def _href(url_prefix: str, path: str) -> str:
    from urllib.parse import quote  # noqa: PLC0415 - keep import jovi.display cheap

    return url_prefix + quote(path.replace(os.sep, "/"))


class FileLink:
    """A link to one local file.

    Args:
        path: The file, relative to the notebook's directory.
        url_prefix: Put in front of the path in the link.
        result_html_prefix: HTML put before the link.
        result_html_suffix: HTML put after the link.

    Raises:
        DisplayError: ``path`` is a directory (use :class:`FileLinks`).

    A path that does not exist (yet) is shown as a sentence saying so.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        url_prefix: str = "",
        result_html_prefix: str = "",
        result_html_suffix: str = "<br>",
    ) -> None:
        self.path = os.fspath(path)
        if os.path.isdir(self.path):  # noqa: PTH112 - pathlib imports urllib; keep import cheap
            raise DisplayError(f"{self.path!r} is a directory: use FileLinks to list its files")
        self.url_prefix = url_prefix
        self.result_html_prefix = result_html_prefix
        self.result_html_suffix = result_html_suffix

    def _link(self, path: str, text: str, indent: str = "") -> str:
        return (
            f"{self.result_html_prefix}{indent}"
            f'<a href="{html.escape(_href(self.url_prefix, path))}" target="_blank">'
            f"{html.escape(text, quote=False)}</a>{self.result_html_suffix}"
        )

    def _repr_html_(self) -> str:
        if not os.path.exists(self.path):  # noqa: PTH110
            return html.escape(_missing(self.path), quote=False)
        return self._link(self.path, self.path)

    def __repr__(self) -> str:
        if not os.path.exists(self.path):  # noqa: PTH110
            return _missing(self.path)
        return os.path.abspath(self.path)  # noqa: PTH100


class FileLinks(FileLink):
    """Links to the files of a directory (and of its subdirectories).

    Args:
        path: The directory, relative to the notebook's directory.
        url_prefix: Put in front of each path in the links.
        included_suffixes: List only files ending with one of these (``[".py", ".txt"]``).
        result_html_prefix: HTML put before each line.
        result_html_suffix: HTML put after each line.
        notebook_display_formatter: Makes the HTML lines of one directory instead:
            ``formatter(dirname, filenames, included_suffixes) -> lines``.
        terminal_display_formatter: The same for the text lines.
        recursive: Also list the subdirectories' files.

    Raises:
        DisplayError: ``path`` does not exist or is not a directory.

    Directories are listed in sorted order, each followed by its files (sorted);
    directories without any (included) file are left out.
    """

    def __init__(  # noqa: PLR0917 - the positional order users know from IPython
        self,
        path: str | os.PathLike[str],
        url_prefix: str = "",
        included_suffixes: Sequence[str] | None = None,
        result_html_prefix: str = "",
        result_html_suffix: str = "<br>",
        notebook_display_formatter: LinesFormatter | None = None,
        terminal_display_formatter: LinesFormatter | None = None,
        recursive: bool = True,
    ) -> None:
        self.path = os.fspath(path)
        if not os.path.exists(self.path):  # noqa: PTH110
            raise DisplayError(f"the directory {self.path!r} does not exist")
        if not os.path.isdir(self.path):  # noqa: PTH112
            raise DisplayError(f"{self.path!r} is not a directory: use FileLink to link to a file")
        self.url_prefix = url_prefix
        self.included_suffixes = list(included_suffixes) if included_suffixes else None
        self.result_html_prefix = result_html_prefix
        self.result_html_suffix = result_html_suffix
        self.notebook_display_formatter = notebook_display_formatter or self._html_lines
        self.terminal_display_formatter = terminal_display_formatter or self._text_lines
        self.recursive = recursive

    def _included(self, filename: str) -> bool:
        return self.included_suffixes is None or filename.endswith(tuple(self.included_suffixes))

    def listing(self) -> list[tuple[str, list[str]]]:
        """``(directory, sorted file names)`` for each directory with files to show."""
        root = os.path.normpath(self.path)
        found: list[tuple[str, list[str]]] = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            names = sorted(name for name in filenames if self._included(name))
            if names:
                found.append((dirpath, names))
            if not self.recursive:
                break
        return found

    def _html_lines(
        self, dirname: str, filenames: list[str], included_suffixes: Sequence[str] | None
    ) -> list[str]:
        prefix, suffix = self.result_html_prefix, self.result_html_suffix
        lines = [f"{prefix}{html.escape(dirname)}/{suffix}"]
        for name in filenames:
            path = os.path.join(dirname, name)  # noqa: PTH118
            lines.append(self._link(path, name, "&nbsp;&nbsp;"))
        return lines

    def _text_lines(
        self, dirname: str, filenames: list[str], included_suffixes: Sequence[str] | None
    ) -> list[str]:
        return [f"{dirname}/", *(f"  {name}" for name in filenames)]

    def _lines(self, formatter: LinesFormatter) -> str:
        return "\n".join(
            line
            for dirname, names in self.listing()
            for line in formatter(dirname, names, self.included_suffixes)
        )

    def _repr_html_(self) -> str:
        return self._lines(self.notebook_display_formatter)

    def __repr__(self) -> str:
        return self._lines(self.terminal_display_formatter)
