"""Where display output goes: the current display host.

The display functions (``display()``, ``update_display()``, ``clear_output()``) do not
know whether they run in a terminal, a kernel or a plain script.  The engine that
runs user code installs a :class:`DisplayHost` (the terminal prints text; the kernel
sends ``display_data`` messages); without one, output is printed as text.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jovi.display.formatters import MimeBundle

__all__ = ["DisplayHost", "PrintingHost", "current_host", "host_installed", "set_host"]


class DisplayHost(Protocol):
    """What the display functions need from the program showing the output."""

    def format(
        self,
        obj: object,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> tuple[MimeBundle, dict[str, Any]]:
        """The MIME bundle and metadata of ``obj``."""
        ...

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        """Show a bundle (or, with ``update``, replace the output with the same display id)."""
        ...

    def clear_output(self, *, wait: bool = False) -> None:
        """Clear the output shown so far (``wait``: when the next output arrives)."""
        ...


class PrintingHost:
    """The host used when none is installed: prints the text form to ``sys.stdout``."""

    def __init__(self) -> None:
        from jovi.display.formatters import DisplayFormatter  # noqa: PLC0415 - start-up cost

        self.formatter = DisplayFormatter()

    def format(
        self,
        obj: object,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> tuple[MimeBundle, dict[str, Any]]:
        return self.formatter.format(obj, include, exclude)

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
    ) -> None:
        text = data.get("text/plain")
        if text is not None:
            print(text, file=sys.stdout)  # noqa: T201 - this host's whole job

    def clear_output(self, *, wait: bool = False) -> None:
        print("\r", end="", file=sys.stdout)  # noqa: T201


# Shared by every thread: output from a worker thread goes to the same place.
_lock = threading.Lock()
_host: DisplayHost | None = None
_default: PrintingHost | None = None


def set_host(host: DisplayHost | None) -> DisplayHost | None:
    """Install ``host`` (``None`` for the printing default); return the previous one."""
    global _host
    with _lock:
        previous, _host = _host, host
    return previous


def host_installed() -> bool:
    """Whether a program (jovi's shell or kernel) installed a host."""
    return _host is not None


def current_host() -> DisplayHost:
    """The installed host, or the printing default."""
    global _default  # noqa: PLW0603
    host = _host
    if host is not None:
        return host
    with _lock:
        if _default is None:
            _default = PrintingHost()
        return _default
