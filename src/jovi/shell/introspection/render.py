"""Showing an :class:`~jovi.shell.introspection.objectinfo.ObjectInfo`: text and MIME bundle.

The text is what ``obj?`` prints in a terminal: labelled fields in a fixed order,
only those that have a value, the labels coloured by the colour scheme.  The bundle
(``text/plain`` and ``text/html``) is what the kernel sends in ``inspect_reply``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from jovi.shell.tracebacks.colors import ColorScheme, scheme

if TYPE_CHECKING:
    from jovi.shell.introspection.objectinfo import ObjectInfo

__all__ = ["info_fields", "render_bundle", "render_text"]


def info_fields(info: ObjectInfo, detail_level: int = 0) -> list[tuple[str, str]]:
    """The ``(label, value)`` pairs shown for ``info``, in order."""
    body = (
        ("Source", info.source)
        if detail_level and info.source
        else ("Docstring", info.docstring or "<no docstring>")
    )
    if info.ismagic:
        fields = [body, ("File", info.file)]
    elif info.is_class:
        fields = [
            ("Init signature", info.init_definition),
            body,
            ("Init docstring", info.init_docstring),
            ("File", info.file),
            ("Type", info.type_name),
            ("Subclasses", info.subclasses),
        ]
    elif info.definition is not None or (
        info.is_callable and info.string_form is None and info.type_name != "module"
    ):
        fields = [
            ("Signature", info.definition),
            body,
            ("File", info.file),
            ("Type", info.type_name),
        ]
    else:
        fields = [
            ("Type", info.type_name),
            ("String form", info.string_form),
            ("Namespace", info.namespace if info.namespace not in (None, "Interactive") else None),
            ("Length", info.length),
            ("File", info.file),
            body if info.docstring or info.source else ("Docstring", None),
            ("Class docstring", info.class_docstring),
            ("Call signature", info.call_def),
            ("Call docstring", info.call_docstring),
        ]
    return [(label, value) for label, value in fields if value]


def _indent(value: str, width: int) -> str:
    lines = value.splitlines() or [""]
    return lines[0] + "".join("\n" + " " * width + line if line else "\n" for line in lines[1:])


def render_text(
    info: ObjectInfo, detail_level: int = 0, colors: ColorScheme | str = "NoColor"
) -> str:
    """The text of ``obj?``: ``Object `name` not found.`` when it was not found."""
    palette = scheme(colors) if isinstance(colors, str) else colors
    if not info.found:
        return f"Object `{info.name}` not found."
    fields = info_fields(info, detail_level)
    width = max((len(label) for label, _ in fields), default=0) + 2
    lines = []
    for label, value in fields:
        title = palette.paint("header", f"{label}:".ljust(width))
        multiline = "\n" in value and label in (
            "Source",
            "Docstring",
            "Init docstring",
            "Class docstring",
            "Call docstring",
        )
        if multiline:
            lines.append(f"{title}\n{value}")
        else:
            lines.append(title + _indent(value, width))
    return "\n".join(lines)


def render_bundle(
    info: ObjectInfo, detail_level: int = 0, colors: str = "NoColor"
) -> dict[str, str]:
    """``text/plain`` (coloured as asked) and ``text/html`` forms of ``obj?``."""
    plain = render_text(info, detail_level, colors)
    if not info.found:
        return {"text/plain": plain}
    rows = []
    for label, value in info_fields(info, detail_level):
        rows.append(
            f"<dt><b>{html.escape(label)}:</b></dt><dd><pre>{html.escape(value)}</pre></dd>"
        )
    return {"text/plain": plain, "text/html": "<dl>" + "".join(rows) + "</dl>"}
