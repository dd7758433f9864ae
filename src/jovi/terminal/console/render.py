"""What a kernel publishes, as text for the terminal.

:class:`OutputRenderer` turns IOPub messages into the text the console writes:
streams as they are, ``Out[N]:`` before results, images drawn (or described) by
:mod:`~jovi.terminal.console.images`, tracebacks, and ``clear_output``.  Messages of
other clients (``include_other_output``) get a prefix on every line, ``[remote] ``
by default, with their input shown as ``[remote] In [N]: code``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.terminal.console.images import IMAGE_TYPES, describe_image, image_escape

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jovi.client import Content, Message

__all__ = ["OutputRenderer", "prefixed"]

_OUT_PROMPT = {
    "NoColor": ("Out[", "]: "),
    "Linux": ("\x1b[91mOut[\x1b[1m", "\x1b[22m]: \x1b[0m"),
    "LightBG": ("\x1b[31mOut[\x1b[1m", "\x1b[22m]: \x1b[0m"),
    "Neutral": ("\x1b[31mOut[\x1b[1m", "\x1b[22m]: \x1b[0m"),
}


def prefixed(text: str, prefix: str) -> str:
    """``text`` with ``prefix`` before each of its lines."""
    if not prefix:
        return text
    lines = text.splitlines(keepends=True)
    return "".join(prefix + line for line in lines)


class OutputRenderer:
    """Text for IOPub messages.

    Args:
        colors: The colour scheme of the ``Out`` prompt (``NoColor``, ``Linux`` ...).
        image_protocol: ``kitty``, ``iterm2``, ``sixel``, or None to describe images.
    """

    def __init__(self, colors: str = "Neutral", image_protocol: str | None = None) -> None:
        self.colors = colors
        self.image_protocol = image_protocol

    def out_prompt(self, count: int) -> str:
        before, after = _OUT_PROMPT.get(self.colors, _OUT_PROMPT["Neutral"])
        return f"{before}{count}{after}"

    def bundle(self, data: Mapping[str, Any]) -> str:
        """A MIME bundle as text: an image if there is one (drawn, or described after
        its plain text), else its plain text."""
        text = str(data.get("text/plain", ""))
        for mime in IMAGE_TYPES:
            if mime not in data:
                continue
            drawn = (
                image_escape(self.image_protocol, mime, data[mime]) if self.image_protocol else None
            )
            if drawn is not None:
                return drawn
            description = describe_image(mime, data[mime])
            return f"{text} {description}\n" if text else f"{description}\n"
        return f"{text}\n" if text else ""

    def render(self, message: Message[Any], *, remote_prefix: str | None = None) -> str:
        """The text of ``message`` ("" for messages that show nothing); with
        ``remote_prefix``, as another client's (its input shown too)."""
        content: Any = message.content
        kind = message.msg_type
        text = ""
        if kind == "stream":
            text = content.text
        elif kind == "execute_result":
            body = self.bundle(content.data)
            prompt = self.out_prompt(content.execution_count)
            text = prompt + ("\n" if "\n" in body.rstrip("\n") else "") + body
        elif kind in ("display_data", "update_display_data"):
            text = self.bundle(content.data)
        elif kind == "error":
            text = "\n".join(content.traceback) + "\n"
        elif kind == "clear_output":
            text = "\r\x1b[K"
        elif kind == "execute_input" and remote_prefix is not None:
            text = f"In [{content.execution_count}]: {content.code}\n"
        if remote_prefix is not None and kind != "clear_output":
            return prefixed(text, remote_prefix)
        return text


def is_status(message: Message[Content], state: str) -> bool:
    """Whether ``message`` is a ``status`` message saying ``state``."""
    return message.msg_type == "status" and getattr(message.content, "execution_state", "") == state
