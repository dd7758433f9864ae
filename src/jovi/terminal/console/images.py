"""Images in the terminal: shown where the terminal can draw them, described elsewhere.

Three image protocols are spoken:

* **kitty** (kitty, and terminals that copy it: WezTerm, Konsole, Ghostty): PNG sent
  in base64 chunks (``ESC _G f=100,a=T ... ESC \\``);
* **iterm2** (iTerm2, WezTerm, mintty): PNG, JPEG or GIF in one escape
  (``ESC ] 1337 ; File=inline=1 ... BEL``);
* **sixel** (xterm -ti vt340, mlterm, foot, contour, ...): the picture as sixel
  bands, from a PNG decoded here (:mod:`~jovi.terminal.console.sixel`).

Which one is guessed from the environment (``KITTY_WINDOW_ID``, ``TERM_PROGRAM``,
``TERM``), or chosen with ``ConsoleFrontend.image_protocol``.  With none (a plain
terminal, tmux without passthrough, a pipe) an image is described instead:
``[image/png 640x480, 21.3 kB]``.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "IMAGE_TYPES",
    "PROTOCOLS",
    "describe_image",
    "detect_protocol",
    "image_escape",
    "image_size",
]

PROTOCOLS: Final = ("kitty", "iterm2", "sixel")
IMAGE_TYPES: Final = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
"""The image types a console looks for in a MIME bundle, in order of preference."""

_SIXEL_TERMS: Final = ("mlterm", "foot", "contour", "yaft", "xterm-sixel", "sixel")
_KITTY_CHUNK: Final = 4096


def detect_protocol(environ: Mapping[str, str] | None = None) -> str | None:
    """The image protocol the terminal speaks, judging by the environment, or None."""
    env = os.environ if environ is None else environ
    term = env.get("TERM", "").lower()
    program = env.get("TERM_PROGRAM", "")
    if env.get("TMUX") or term.startswith(("screen", "tmux")):
        return None  # a multiplexer does not pass the escapes on
    if env.get("KITTY_WINDOW_ID") or "kitty" in term or program == "ghostty":
        return "kitty"
    if program in ("iTerm.app", "WezTerm", "mintty") or env.get("LC_TERMINAL") == "iTerm2":
        return "iterm2"
    if any(name in term for name in _SIXEL_TERMS):
        return "sixel"
    return None


def _decode(data: str | bytes) -> bytes | None:
    if isinstance(data, bytes):
        return data
    try:
        return base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        return None


def image_size(mime: str, raw: bytes) -> tuple[int, int] | None:
    """``(width, height)`` of a PNG, GIF or JPEG from its header, if it can be read."""
    if mime == "image/png" and raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) >= 24:
        width, height = struct.unpack(">II", raw[16:24])
        return width, height
    if mime == "image/gif" and raw[:3] == b"GIF" and len(raw) >= 10:
        width, height = struct.unpack("<HH", raw[6:10])
        return width, height
    if mime == "image/jpeg":
        return _jpeg_size(raw)
    return None


def _jpeg_size(raw: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(raw):
        if raw[index] != 0xFF:
            return None
        marker = raw[index + 1]
        length = int.from_bytes(raw[index + 2 : index + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", raw[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return None


def describe_image(mime: str, data: str | bytes) -> str:
    """``[image/png 640x480, 21.3 kB]``: what a terminal that cannot draw it shows."""
    raw = (
        data.encode("utf-8") if mime == "image/svg+xml" and isinstance(data, str) else _decode(data)
    )
    if raw is None:
        return f"[{mime}, unreadable]"
    size = image_size(mime, raw)
    dimensions = f" {size[0]}x{size[1]}" if size else ""
    return f"[{mime}{dimensions}, {len(raw) / 1000:.1f} kB]"


def _kitty(raw: bytes) -> str:
    payload = base64.b64encode(raw).decode("ascii")
    chunks = [payload[i : i + _KITTY_CHUNK] for i in range(0, len(payload), _KITTY_CHUNK)]
    parts = []
    for number, chunk in enumerate(chunks):
        more = 1 if number < len(chunks) - 1 else 0
        keys = f"f=100,a=T,m={more}" if number == 0 else f"m={more}"
        parts.append(f"\x1b_G{keys};{chunk}\x1b\\")
    return "".join(parts) + "\n"


def _iterm2(raw: bytes) -> str:
    payload = base64.b64encode(raw).decode("ascii")
    return f"\x1b]1337;File=inline=1;size={len(raw)};preserveAspectRatio=1:{payload}\x07\n"


def image_escape(protocol: str, mime: str, data: str | bytes) -> str | None:
    """The escape sequence drawing the image in a terminal speaking ``protocol``; None
    when that protocol cannot draw this image (SVG anywhere, JPEG in kitty or sixel)."""
    raw = _decode(data)
    if raw is None or mime == "image/svg+xml":
        return None
    if protocol == "iterm2":
        return _iterm2(raw)
    if mime != "image/png":
        return None
    if protocol == "kitty":
        return _kitty(raw)
    if protocol == "sixel":
        from jovi.terminal.console.sixel import png_to_sixel  # noqa: PLC0415 - rarely used

        return png_to_sixel(raw)
    return None
