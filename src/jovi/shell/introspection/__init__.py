"""Introspection: ``obj?``, ``obj??``, ``%pdef``, ``%psearch`` and the kernel's inspect."""

from __future__ import annotations

from jovi.shell.introspection.objectinfo import (
    FoundObject,
    ObjectInfo,
    find_object,
    object_info,
    signature_text,
)
from jovi.shell.introspection.render import info_fields, render_bundle, render_text
from jovi.shell.introspection.search import search_names

__all__ = [
    "FoundObject",
    "ObjectInfo",
    "find_object",
    "info_fields",
    "object_info",
    "render_bundle",
    "render_text",
    "search_names",
    "signature_text",
]
