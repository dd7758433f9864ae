"""The display functions: ``display``, ``update_display``, ``clear_output`` and friends.

Usage::

    display(obj)                          # every format obj has
    display(obj, include=["text/html"])   # only some formats
    handle = display(obj, display_id=True)
    handle.update(new_obj)                # replace that output in place
    display({"text/html": "<b>x</b>"}, raw=True)
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from jovi.display.host import current_host

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jovi.display.formatters import MimeBundle

__all__ = [
    "DisplayHandle",
    "clear_output",
    "display",
    "display_html",
    "display_javascript",
    "display_jpeg",
    "display_json",
    "display_latex",
    "display_markdown",
    "display_pdf",
    "display_png",
    "display_pretty",
    "display_svg",
    "publish_display_data",
    "update_display",
]


def publish_display_data(
    data: MimeBundle,
    metadata: dict[str, Any] | None = None,
    *,
    transient: dict[str, Any] | None = None,
    update: bool = False,
) -> None:
    """Publish a ready-made MIME bundle."""
    current_host().publish(dict(data), dict(metadata or {}), transient=transient, update=update)


def _new_display_id() -> str:
    return os.urandom(16).hex()  # as unique as uuid4, without importing uuid (6 ms)


class DisplayHandle:
    """A display that can be shown again or updated in place."""

    def __init__(self, display_id: str | None = None) -> None:
        self.display_id = display_id or _new_display_id()

    def __repr__(self) -> str:
        return f"<DisplayHandle display_id={self.display_id}>"

    def display(self, obj: object, **kwargs: Any) -> None:
        """Show ``obj`` with this handle's display id."""
        display(obj, display_id=self.display_id, **kwargs)

    def update(self, obj: object, **kwargs: Any) -> None:
        """Replace the outputs with this display id by ``obj``."""
        update_display(obj, display_id=self.display_id, **kwargs)


def display(
    *objs: object,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    metadata: dict[str, Any] | None = None,
    transient: dict[str, Any] | None = None,
    display_id: str | bool | None = None,
    raw: bool = False,
    clear: bool = False,
    update: bool = False,
) -> DisplayHandle | None:
    """Show each object in every format it has (or, with ``raw``, each given bundle).

    Args:
        objs: The objects (with ``raw=True``: MIME bundles, dicts of type to data).
        include: Only these MIME types.
        exclude: Never these MIME types.
        metadata: Metadata to publish with each object.
        transient: Data the frontend uses but does not store (e.g. the display id).
        display_id: ``True`` for a new id, or an id: lets the output be updated later.
        raw: The objects are already MIME bundles.
        clear: Clear the previous output first (when this one arrives).
        update: Replace the output with ``display_id`` instead of adding one.

    Returns:
        A :class:`DisplayHandle` when ``display_id`` is given, else ``None``.
    """
    host = current_host()
    if display_id is True:
        display_id = _new_display_id()
    transient = dict(transient or {})
    if display_id:
        transient["display_id"] = display_id
    if clear:
        host.clear_output(wait=True)
    for obj in objs:
        if raw:
            data: MimeBundle = dict(obj) if isinstance(obj, dict) else {"text/plain": str(obj)}
            meta: dict[str, Any] = dict(metadata or {})
        else:
            data, meta = host.format(obj, include=include, exclude=exclude)
            if metadata:
                meta = {**meta, **metadata}
        host.publish(data, meta, transient=transient or None, update=update)
    if display_id:
        return DisplayHandle(str(display_id))
    return None


def update_display(obj: object, *, display_id: str, **kwargs: Any) -> None:
    """Replace the outputs shown with ``display_id`` by ``obj``."""
    display(obj, display_id=display_id, update=True, **kwargs)


def clear_output(wait: bool = False) -> None:
    """Clear the output shown so far; with ``wait``, when the next output arrives."""
    current_host().clear_output(wait=wait)


def _display_as(
    mime: str, *objs: object, raw: bool = False, metadata: dict[str, Any] | None = None
) -> None:
    if raw:
        for obj in objs:
            publish_display_data({mime: obj}, {mime: metadata} if metadata else None)
    else:
        display(
            *objs,
            include=[mime, "text/plain"] if mime != "text/plain" else ["text/plain"],
            metadata=metadata,
        )


def display_pretty(
    *objs: object, raw: bool = False, metadata: dict[str, Any] | None = None
) -> None:
    """Show the text form of each object."""
    _display_as("text/plain", *objs, raw=raw, metadata=metadata)


def display_html(*objs: object, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
    """Show the HTML form of each object (``raw``: the objects are HTML text)."""
    _display_as("text/html", *objs, raw=raw, metadata=metadata)


def display_markdown(
    *objs: object, raw: bool = False, metadata: dict[str, Any] | None = None
) -> None:
    """Show the Markdown form of each object."""
    _display_as("text/markdown", *objs, raw=raw, metadata=metadata)


def display_svg(*objs: object, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
    """Show the SVG form of each object."""
    _display_as("image/svg+xml", *objs, raw=raw, metadata=metadata)


def display_png(*objs: object, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
    """Show the PNG form of each object (``raw``: base64 text)."""
    _display_as("image/png", *objs, raw=raw, metadata=metadata)


def display_jpeg(*objs: object, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
    """Show the JPEG form of each object (``raw``: base64 text)."""
    _display_as("image/jpeg", *objs, raw=raw, metadata=metadata)


def display_pdf(*objs: object, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
    """Show the PDF form of each object (``raw``: base64 text)."""
    _display_as("application/pdf", *objs, raw=raw, metadata=metadata)


def display_latex(*objs: object, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
    """Show the LaTeX form of each object."""
    _display_as("text/latex", *objs, raw=raw, metadata=metadata)


def display_json(*objs: object, raw: bool = False, metadata: dict[str, Any] | None = None) -> None:
    """Show the JSON form of each object."""
    _display_as("application/json", *objs, raw=raw, metadata=metadata)


def display_javascript(
    *objs: object, raw: bool = False, metadata: dict[str, Any] | None = None
) -> None:
    """Publish the JavaScript form of each object."""
    _display_as("application/javascript", *objs, raw=raw, metadata=metadata)
