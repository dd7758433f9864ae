"""PNG pictures as sixel graphics, without an imaging library.

:func:`decode_png` reads the common PNGs (8 bits per sample; grey, grey with alpha,
RGB, RGBA, or a palette; not interlaced) into RGB rows, with transparent pixels
laid on black.  :func:`png_to_sixel` maps the pixels onto a fixed palette of 216
colours (6 levels each of red, green and blue) and writes sixel bands, six pixel
rows each.  A PNG it cannot read gives ``None``, and the console describes the
image instead.
"""

from __future__ import annotations

import struct
import zlib

__all__ = ["decode_png", "png_to_sixel"]

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_LEVELS = 6


def _paeth(left: int, up: int, upper_left: int) -> int:
    estimate = left + up - upper_left
    to_left, to_up, to_corner = abs(estimate - left), abs(estimate - up), abs(estimate - upper_left)
    if to_left <= to_up and to_left <= to_corner:
        return left
    return up if to_up <= to_corner else upper_left


def _unfilter(data: bytes, width: int, height: int, step: int) -> list[bytearray]:
    stride = width * step
    rows: list[bytearray] = []
    previous = bytearray(stride)
    position = 0
    for _ in range(height):
        kind = data[position]
        row = bytearray(data[position + 1 : position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = row[i - step] if i >= step else 0
            up = previous[i]
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                corner = previous[i - step] if i >= step else 0
                row[i] = (row[i] + _paeth(left, up, corner)) & 0xFF
        rows.append(row)
        previous = row
    return rows


def decode_png(raw: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]] | None:
    """``(width, height, rows of RGB pixels)``, or None for a PNG this cannot read."""
    if raw[:8] != _SIGNATURE:
        return None
    position, chunks, palette = 8, bytearray(), b""
    header = None
    while position + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[position : position + 8])
        body = raw[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            chunks += body
        elif kind == b"IEND":
            break
    if header is None:
        return None
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or interlace or color not in _CHANNELS:
        return None
    step = _CHANNELS[color]
    try:
        rows = _unfilter(zlib.decompress(bytes(chunks)), width, height, step)
    except (zlib.error, IndexError):
        return None
    pixels = []
    for row in rows:
        line = []
        for x in range(width):
            sample = row[x * step : x * step + step]
            if color == 3:
                red, green, blue = palette[sample[0] * 3 : sample[0] * 3 + 3] or b"\0\0\0"
            elif color in (0, 4):
                red = green = blue = sample[0]
            else:
                red, green, blue = sample[0], sample[1], sample[2]
            if color in (4, 6):
                alpha = sample[-1]
                red, green, blue = (red * alpha // 255, green * alpha // 255, blue * alpha // 255)
            line.append((red, green, blue))
        pixels.append(line)
    return width, height, pixels


def _index(pixel: tuple[int, int, int]) -> int:
    red, green, blue = ((value * (_LEVELS - 1) + 127) // 255 for value in pixel)
    return (red * _LEVELS + green) * _LEVELS + blue


def _palette() -> str:
    colours = []
    for number in range(_LEVELS**3):
        red, rest = divmod(number, _LEVELS * _LEVELS)
        green, blue = divmod(rest, _LEVELS)
        percent = [level * 100 // (_LEVELS - 1) for level in (red, green, blue)]
        colours.append(f"#{number};2;{percent[0]};{percent[1]};{percent[2]}")
    return "".join(colours)


def png_to_sixel(raw: bytes) -> str | None:
    """The sixel escape drawing the PNG ``raw``, or None if it cannot be read."""
    decoded = decode_png(raw)
    if decoded is None:
        return None
    width, height, pixels = decoded
    indexes = [[_index(pixel) for pixel in row] for row in pixels]
    out = [f'\x1bPq"1;1;{width};{height}', _palette()]
    for top in range(0, height, 6):
        band = indexes[top : top + 6]
        colours = sorted({index for row in band for index in row})
        for colour in colours:
            out.append(f"#{colour}")
            for x in range(width):
                bits = 0
                for offset, row in enumerate(band):
                    if row[x] == colour:
                        bits |= 1 << offset
                out.append(chr(63 + bits))
            out.append("$")  # back to the start of the band, for the next colour
        out.append("-")  # the next band
    out.append("\x1b\\\n")
    return "".join(out)
