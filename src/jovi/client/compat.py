"""Messages in the shape jupyter_client gives them: plain dicts.

jovi's clients return typed messages (``reply.content.status``).  Code written for
jupyter_client reads dicts (``reply["content"]["status"]``); :func:`as_dict` gives a
message that shape, with the header dates as jupyter_client parses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jovi.protocol import Content, Header, Message

__all__ = ["as_dict"]


def _header(header: Header | None) -> dict[str, Any]:
    if header is None:
        return {}
    data = header.to_json()
    data["date"] = header.date
    return data


def as_dict(message: Message[Content]) -> dict[str, Any]:
    """``message`` as jupyter_client's dict: ``header``, ``parent_header``,
    ``metadata``, ``content``, ``buffers``, ``msg_id`` and ``msg_type``."""
    return {
        "header": _header(message.header),
        "parent_header": _header(message.parent_header),
        "metadata": dict(message.metadata),
        "content": message.content.to_json(),
        "buffers": list(message.buffers),
        "msg_id": message.msg_id,
        "msg_type": message.msg_type,
    }
