"""String lists: the output of ``!!cmd``, ``x = !cmd`` and ``%sx``.

``SList`` is a list of lines with views and helpers:

* ``.s`` (``.spstr``): the lines joined by spaces; ``.n`` (``.nlstr``): by newlines;
  ``.l`` (``.list``): the list itself; ``.p`` (``.paths``): the lines that are paths
  of existing files, as ``pathlib.Path``;
* ``.grep(pattern, prune=False, field=None)``: lines matching a regex (case-insensitive)
  or a function; ``prune=True`` keeps the others;
* ``.fields(*indices)``: whitespace-separated fields of each line;
* ``.sort(field=None, nums=False)``: sorted by a field, numerically with ``nums``.

``LSString`` is the same idea for one string of several lines.
"""

from __future__ import annotations

import builtins
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

if TYPE_CHECKING:
    import builtins
    from collections.abc import Callable, Iterable

__all__ = ["LSString", "SList"]


class LSString(str):
    """A string of lines with ``.l``, ``.s``, ``.n`` and ``.p`` views."""

    __slots__ = ()

    @property
    def l(self) -> builtins.list[str]:  # noqa: E743 - the established name
        return self.split("\n")

    list = l

    @property
    def s(self) -> str:
        return self.replace("\n", " ")

    spstr = s

    @property
    def n(self) -> str:
        return str(self)

    nlstr = n

    @property
    def p(self) -> builtins.list[Path]:
        return [Path(line) for line in self.split("\n") if line and Path(line).exists()]

    paths = p


class SList(list[str]):
    """A list of output lines with views and filters."""

    @property
    def l(self) -> SList:  # noqa: E743
        return self

    list = l

    @property
    def s(self) -> str:
        return " ".join(self)

    spstr = s

    @property
    def n(self) -> str:
        return "\n".join(self)

    nlstr = n

    @property
    def p(self) -> builtins.list[Path]:
        return [Path(line) for line in self if line and Path(line).exists()]

    paths = p

    def grep(
        self,
        pattern: str | Callable[[str], Any],
        prune: bool = False,
        field: int | None = None,
    ) -> SList:
        """Lines matching ``pattern`` (a case-insensitive regex, or a predicate).

        With ``field``, only that whitespace-separated field is matched; with
        ``prune``, the matching lines are dropped instead.
        """
        if callable(pattern):
            test = pattern
        else:
            compiled = re.compile(pattern, re.IGNORECASE)

            def test(text: str) -> Any:
                return compiled.search(text)

        def subject(line: str) -> str:
            if field is None:
                return line
            parts = line.split()
            return parts[field] if -len(parts) <= field < len(parts) else ""

        return SList(line for line in self if bool(test(subject(line))) != prune)

    @overload
    def fields(self) -> builtins.list[builtins.list[str]]: ...
    @overload
    def fields(self, index: int, /, *indices: int) -> SList: ...
    def fields(self, *indices: int) -> SList | builtins.list[builtins.list[str]]:
        """The given whitespace-separated fields of each line, as an SList.

        Several fields are joined by a space; missing ones are skipped, and lines
        without any are dropped.  With no indices: each line split into its fields
        (a list of lists), as in IPython.
        """
        if not indices:
            return [line.split() for line in self]
        out = SList()
        for line in self:
            parts = line.split()
            chosen = [parts[i] for i in indices if -len(parts) <= i < len(parts)]
            if chosen:
                out.append(" ".join(chosen))
        return out

    def sort(  # type: ignore[override]
        self,
        field: int | None = None,
        nums: bool = False,
    ) -> SList:
        """A sorted copy: by a field (or the whole line), numerically with ``nums``."""

        def key(line: str) -> Any:
            text = line
            if field is not None:
                parts = line.split()
                text = parts[field] if -len(parts) <= field < len(parts) else ""
            if nums:
                digits = "".join(ch for ch in text if ch.isdigit())
                return int(digits) if digits else 0
            return text

        return SList(sorted(self, key=key))

    @overload
    def __getitem__(self, index: SupportsIndex) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> SList: ...
    def __getitem__(self, index: SupportsIndex | slice) -> str | SList:
        if isinstance(index, slice):
            return SList(super().__getitem__(index))
        return super().__getitem__(index)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> SList:
        return cls(lines)
