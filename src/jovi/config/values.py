"""Config objects: ``c.Class.option = value``, with where every value came from.

A :class:`Config` is one layer of configuration (a file, the environment, the command
line).  It is the ``c`` of a ``jovi_config.py`` file::

    c = get_config()
    c.InteractiveShell.colors = "LightBG"
    c["InteractiveShell"]["autocall"] = 1

Attributes starting with an upper-case letter are sections and are created on first
use; reading an option that was never set raises :class:`AttributeError` (or
:class:`KeyError` with ``[]``).  Every stored value remembers its :class:`Origin` so
that a bad value can be reported with its file and line, environment variable or
command-line argument.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

__all__ = ["Config", "Origin", "Section", "Setting"]

OriginKind = Literal["default", "file", "environment", "command line", "runtime", "code"]

# Files currently executed by the Python config loader; assignments made by their
# code are attributed to the file and line (see Section.__setattr__).
_files_being_loaded: set[str] = set()


class Origin(NamedTuple):
    """Where a configuration value came from."""

    kind: OriginKind
    where: str = ""
    line: int | None = None

    def describe(self) -> str:
        """Words that complete "from ...", e.g. ``/p/jovi_config.py, line 3``."""
        if self.kind == "file":
            return f"{self.where}, line {self.line}" if self.line else self.where
        if self.kind == "environment":
            return f"the environment variable {self.where}"
        if self.kind == "command line":
            return f"the command line: {self.where}" if self.where else "the command line"
        if self.kind == "runtime":
            return self.where or "a live change"
        if self.kind == "default":
            return "the default"
        return self.where or "Python code"

    @classmethod
    def code(cls) -> Origin:
        return cls("code")


class Setting(NamedTuple):
    """One configured value.  ``from_text`` values still need parsing by their option."""

    value: Any
    origin: Origin = Origin("code")
    from_text: bool = False


def _origin_of_assignment() -> Origin:
    if _files_being_loaded:
        # The frame of the code that assigned: the caller of __setattr__/__setitem__.
        frame: FrameType | None = sys._getframe(2)
        for _ in range(16):
            if frame is None:
                break
            if frame.f_code.co_filename in _files_being_loaded:
                return Origin("file", frame.f_code.co_filename, frame.f_lineno)
            frame = frame.f_back
    return Origin.code()


class Section:
    """The settings of one configurable class (``c.InteractiveShell``)."""

    __slots__ = ("_name", "_settings")
    _name: str
    _settings: dict[str, Setting | Section]

    def __init__(self, name: str) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_settings", {})

    @property
    def section_name(self) -> str:
        # Not called ``name``: that is a common option name (c.Foo.name = ...).
        return self._name

    def _store(self) -> dict[str, Setting | Section]:
        return self._settings

    # attribute access: c.Foo.bar
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        store = self._store()
        if name in store:
            entry = store[name]
            return entry.value if isinstance(entry, Setting) else entry
        if name[:1].isupper():
            nested = store[name] = Section(name)
            return nested
        raise AttributeError(f"{self.section_name}.{name} is not set")

    def __setattr__(self, name: str, value: Any) -> None:
        self.set(name, value, _origin_of_assignment())

    def __delattr__(self, name: str) -> None:
        try:
            del self._store()[name]
        except KeyError:
            raise AttributeError(f"{self.section_name}.{name} is not set") from None

    # item access: c["Foo"]["bar"]
    def __getitem__(self, name: str) -> Any:
        try:
            return self.__getattr__(name)
        except AttributeError:
            raise KeyError(name) from None

    def __setitem__(self, name: str, value: Any) -> None:
        self.set(name, value, _origin_of_assignment())

    def __contains__(self, name: object) -> bool:
        return name in self._store()

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._store()))

    def __len__(self) -> int:
        return len(self._store())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Section):
            return self.to_dict() == other.to_dict()
        if isinstance(other, dict):
            return self.to_dict() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def set(
        self, name: str, value: Any, origin: Origin | None = None, *, from_text: bool = False
    ) -> None:
        """Store ``value`` for option ``name`` with its origin."""
        if isinstance(value, Section | dict) and name[:1].isupper():
            nested = Section(name)
            source = value.to_dict() if isinstance(value, Section) else value
            for key, item in source.items():
                nested.set(key, item, origin)
            self._store()[name] = nested
            return
        self._store()[name] = Setting(value, origin or Origin.code(), from_text)

    def setting(self, name: str) -> Setting | None:
        """The stored :class:`Setting` for ``name`` (``None`` if unset or a nested section)."""
        entry = self._store().get(name)
        return entry if isinstance(entry, Setting) else None

    def settings(self) -> Iterator[tuple[str, Setting]]:
        for name, entry in list(self._store().items()):
            if isinstance(entry, Setting):
                yield name, entry

    def discard(self, name: str) -> None:
        self._store().pop(name, None)

    def to_dict(self) -> dict[str, Any]:
        return {
            name: entry.to_dict() if isinstance(entry, Section) else entry.value
            for name, entry in self._store().items()
        }

    def merge(self, other: Section) -> None:
        for name, entry in other._store().items():
            if isinstance(entry, Section):
                mine = self._store().get(name)
                if not isinstance(mine, Section):
                    mine = self._store()[name] = Section(name)
                mine.merge(entry)
            else:
                self._store()[name] = entry

    def __repr__(self) -> str:
        return f"Section({self.section_name!r}, {self.to_dict()!r})"


class Config:
    """One layer of configuration: sections keyed by class name."""

    __slots__ = ("_sections",)
    _sections: dict[str, Section]

    def __init__(
        self, data: dict[str, dict[str, Any]] | None = None, *, origin: Origin | None = None
    ) -> None:
        object.__setattr__(self, "_sections", {})
        for section, options in (data or {}).items():
            for name, value in options.items():
                self.section(section).set(name, value, origin)

    def _store(self) -> dict[str, Section]:
        return self._sections

    def section(self, name: str) -> Section:
        """The section ``name``, created if needed."""
        store = self._store()
        if name not in store:
            store[name] = Section(name)
        return store[name]

    def __getattr__(self, name: str) -> Section:
        if name[:1].isupper():
            return self.section(name)
        raise AttributeError(
            f"{name!r}: configuration sections are class names, which start with a capital"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if not name[:1].isupper() or not isinstance(value, Section | dict):
            raise AttributeError(f"set options as c.{name}.option = value")
        self._store().pop(name, None)
        origin = _origin_of_assignment()
        source = value.to_dict() if isinstance(value, Section) else value
        for key, item in source.items():
            self.section(name).set(key, item, origin)

    def __getitem__(self, name: str) -> Section:
        return self.section(name)

    def __contains__(self, name: object) -> bool:
        section = self._store().get(name) if isinstance(name, str) else None
        return section is not None and len(section) > 0

    def __iter__(self) -> Iterator[str]:
        return iter([name for name, section in self._store().items() if len(section)])

    def __bool__(self) -> bool:
        return any(len(section) for section in self._store().values())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Config):
            return self.to_dict() == other.to_dict()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def sections(self) -> Iterator[Section]:
        return iter([section for section in self._store().values() if len(section)])

    def settings(self) -> Iterator[tuple[str, str, Setting]]:
        """Every ``(section, option, setting)`` of this layer."""
        for section in self.sections():
            for name, setting in section.settings():
                yield section.section_name, name, setting

    def merge(self, other: Config) -> None:
        """Merge ``other`` into this config, recursively; ``other`` wins on conflicts."""
        for section in other.sections():
            self.section(section.section_name).merge(section)

    def copy(self) -> Config:
        duplicate = Config()
        duplicate.merge(self)
        return duplicate

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {section.section_name: section.to_dict() for section in self.sections()}

    def __repr__(self) -> str:
        return f"Config({self.to_dict()!r})"
