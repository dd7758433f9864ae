"""How the console shows what a kernel publishes: text, Out prompts, remote prefixes,
and images drawn with the kitty, iTerm2 or sixel protocols, or described."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import pytest

from jovi.protocol import (
    ClearOutput,
    DisplayData,
    ErrorOutput,
    ExecuteInput,
    ExecuteResult,
    Session,
    Stream,
)
from jovi.terminal.console.images import describe_image, detect_protocol, image_escape
from jovi.terminal.console.render import OutputRenderer
from jovi.terminal.console.sixel import decode_png, png_to_sixel


def png(pixels, *, filters=None):
    """A PNG of RGB ``pixels`` (rows of (r, g, b)), each row with the given filter type."""
    height, width = len(pixels), len(pixels[0])
    raw = b""
    previous = bytes(width * 3)
    for y, row in enumerate(pixels):
        line = bytes(value for pixel in row for value in pixel)
        kind = (filters or [0] * height)[y]
        encoded = bytearray()
        for i, value in enumerate(line):
            left = line[i - 3] if i >= 3 else 0
            up = previous[i]
            corner = previous[i - 3] if i >= 3 else 0
            guess = {0: 0, 1: left, 2: up, 3: (left + up) // 2}.get(kind)
            if kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                guess = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            encoded.append((value - guess) & 0xFF)
        raw += bytes([kind]) + bytes(encoded)
        previous = line

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
PICTURE = [
    [RED, GREEN, BLUE],
    [WHITE, RED, GREEN],
    [BLUE, WHITE, RED],
    [GREEN, GREEN, GREEN],
    [RED, RED, RED],
]


def test_the_protocol_is_guessed_from_the_environment():
    assert detect_protocol({"TERM": "xterm-kitty"}) == "kitty"
    assert detect_protocol({"KITTY_WINDOW_ID": "1", "TERM": "xterm-256color"}) == "kitty"
    assert detect_protocol({"TERM_PROGRAM": "iTerm.app"}) == "iterm2"
    assert detect_protocol({"TERM_PROGRAM": "WezTerm"}) == "iterm2"
    assert detect_protocol({"TERM": "mlterm"}) == "sixel"
    assert detect_protocol({"TERM": "xterm-256color"}) is None
    assert detect_protocol({"TERM": "xterm-kitty", "TMUX": "/tmp/tmux"}) is None


def test_images_are_described_where_they_cannot_be_drawn():
    data = base64.b64encode(png(PICTURE)).decode()
    assert (
        describe_image("image/png", data) == f"[image/png 3x5, {len(png(PICTURE)) / 1000:.1f} kB]"
    )
    renderer = OutputRenderer("NoColor", None)
    bundle = {"text/plain": "<Figure size 3x5>", "image/png": data}
    assert renderer.bundle(bundle).startswith("<Figure size 3x5> [image/png 3x5, ")
    assert renderer.bundle({"image/svg+xml": "<svg/>"}) == "[image/svg+xml, 0.0 kB]\n"


def test_kitty_and_iterm2_escapes_carry_the_picture():
    raw = png(PICTURE)
    data = base64.b64encode(raw).decode()
    kitty = image_escape("kitty", "image/png", data)
    assert kitty.startswith("\x1b_Gf=100,a=T,m=0;")
    assert kitty.endswith("\x1b\\\n")
    assert base64.b64decode(kitty.split(";", 1)[1].split("\x1b")[0]) == raw
    big = image_escape("kitty", "image/png", base64.b64encode(raw * 2000).decode())
    assert big.count("\x1b_G") > 1  # sent in chunks
    assert "m=1" in big
    iterm = image_escape("iterm2", "image/jpeg", data)
    assert iterm.startswith(f"\x1b]1337;File=inline=1;size={len(raw)};")
    assert base64.b64decode(iterm.split(":", 1)[1].rstrip("\x07\n")) == raw
    assert image_escape("kitty", "image/jpeg", data) is None  # kitty takes PNG only


@pytest.mark.parametrize("filters", [[0] * 5, [1, 2, 3, 4, 0], [4, 4, 3, 2, 1]])
def test_pngs_are_decoded_whatever_their_row_filters(filters):
    width, height, pixels = decode_png(png(PICTURE, filters=filters))
    assert (width, height, pixels) == (3, 5, PICTURE)


def test_a_real_pngs_pixels_and_its_sixel_picture():
    from matplotlib.figure import Figure

    figure = Figure(figsize=(0.2, 0.1), dpi=100, facecolor=(0, 0, 1))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=(0, 0, 1))
    width, height, pixels = decode_png(buffer.getvalue())
    assert (width, height) == (20, 10)
    assert {pixel for row in pixels for pixel in row} == {BLUE}
    sixel = png_to_sixel(buffer.getvalue())
    assert sixel.startswith('\x1bPq"1;1;20;10')
    assert sixel.endswith("\x1b\\\n")
    blue = 5  # (0, 0, 5) in the 6x6x6 palette
    assert "#5;2;0;0;100" in sixel
    # Two bands of six rows; the first band is all blue: '~' is all six bits set.
    bands = sixel.split("-")
    assert f"#{blue}" + "~" * 20 in bands[0]
    assert png_to_sixel(b"not a png") is None


def message(content, session_id="me"):
    return Session("k", session_id=session_id).message(content)


def test_messages_as_text_and_other_clients_prefixed():
    renderer = OutputRenderer("NoColor", None)
    assert renderer.render(message(Stream(name="stdout", text="hi\n"))) == "hi\n"
    result = message(ExecuteResult(execution_count=3, data={"text/plain": "42"}))
    assert renderer.render(result) == "Out[3]: 42\n"
    long_result = message(ExecuteResult(execution_count=4, data={"text/plain": "a\nb"}))
    assert renderer.render(long_result) == "Out[4]: \na\nb\n"
    error = message(ErrorOutput(ename="E", evalue="v", traceback=("line 1", "line 2")))
    assert renderer.render(error) == "line 1\nline 2\n"
    assert renderer.render(message(ClearOutput())) == "\r\x1b[K"
    assert renderer.render(message(ExecuteInput(code="x = 1", execution_count=7))) == ""
    remote = "[remote] "
    assert (
        renderer.render(
            message(ExecuteInput(code="x = 1", execution_count=7)), remote_prefix=remote
        )
        == "[remote] In [7]: x = 1\n"
    )
    shown = renderer.render(message(Stream(name="stdout", text="a\nb\n")), remote_prefix=remote)
    assert shown == "[remote] a\n[remote] b\n"
    assert (
        renderer.render(message(DisplayData(data={"text/plain": "d"})), remote_prefix=remote)
        == "[remote] d\n"
    )
