"""Audio (WAV made from samples), Video, and the embedded pages (IFrame, YouTube, Vimeo)."""

from __future__ import annotations

import array
import base64
import io
import re
import wave

import pytest

from jovi.display import Audio, IFrame, Video, VimeoVideo, YouTubeVideo
from jovi.display.formatters import DisplayFormatter
from jovi.display.media import make_wav
from jovi.errors import DisplayError


def bundle(obj):
    return DisplayFormatter().format(obj)


def read_wav(data: bytes) -> tuple[int, int, list[int]]:
    """(channels, rate, interleaved 16-bit samples) of a WAV file."""
    with wave.open(io.BytesIO(data)) as reader:
        assert reader.getsampwidth() == 2
        frames = array.array("h", reader.readframes(reader.getnframes()))
        return reader.getnchannels(), reader.getframerate(), frames.tolist()


def embedded_source(html: str) -> tuple[str, bytes]:
    """The MIME type and the data of the ``data:`` URL in ``html``."""
    match = re.search(r'src="data:([^;]+);base64,([^"]*)"', html)
    assert match is not None, html
    return match.group(1), base64.b64decode(match.group(2))


class ArrayLike:
    """Stands for a numpy array: jovi uses only ``tolist()``."""

    def __init__(self, rows):
        self.rows = rows

    def tolist(self):
        return self.rows


# ---------------------------------------------------------------- WAV


@pytest.mark.parametrize(
    ("samples", "normalize", "expected"),
    [
        ([0.0, 0.5, -0.5, 1.0], True, (1, [0, 16384, -16384, 32767])),
        ([0.0, 0.25, -0.25], True, (1, [0, 32767, -32767])),
        ([0.0, 0.25, -0.25], False, (1, [0, 8192, -8192])),
        ([[0.0, 1.0], [-1.0, 0.5]], True, (2, [0, -32767, 32767, 16384])),
        (ArrayLike([[0.1, 0.2], [0.2, 0.1]]), True, (2, [16384, 32767, 32767, 16384])),
        ([], True, (1, [])),
        ([0.0, 0.0], True, (1, [0, 0])),
    ],
    ids=["mono", "normalised", "as-is", "stereo", "array-like", "empty", "silence"],
)
def test_samples_become_a_16_bit_wav(samples, normalize, expected):
    channels, rate, frames = read_wav(make_wav(samples, 8000, normalize=normalize))
    assert (channels, frames) == expected
    assert rate == 8000


def test_samples_out_of_range_without_normalize():
    with pytest.raises(DisplayError) as caught:
        make_wav([0.5, 2.0], 8000, normalize=False)
    assert str(caught.value) == (
        "Audio samples must lie between -1 and 1 when normalize=False (the largest is 2)"
    )


def test_channels_of_different_lengths():
    with pytest.raises(DisplayError, match=r"same length$"):
        make_wav([[0.0, 1.0], [1.0]], 8000)


def test_samples_that_are_not_numbers():
    with pytest.raises(DisplayError, match=r"^Audio samples must be numbers"):
        make_wav(["a", "b"], 8000)


# ---------------------------------------------------------------- Audio


def test_audio_from_samples_is_an_embedded_wav():
    audio = Audio([0.0, 1.0, -1.0], rate=22050, autoplay=True, element_id="beep")
    data, metadata = bundle(audio)
    assert metadata == {}
    assert data["text/plain"] == "<jovi.display.Audio object>"
    mime, wav = embedded_source(data["text/html"])
    assert mime == "audio/wav"
    assert read_wav(wav) == (1, 22050, [0, 32767, -32767])
    assert data["text/html"] == (
        '<audio controls="controls" autoplay="autoplay" id="beep">\n'
        f'  <source src="data:audio/wav;base64,{base64.b64encode(wav).decode()}" '
        'type="audio/wav" />\n'
        "  Your browser does not support the audio element.\n"
        "</audio>"
    )


def test_audio_samples_need_a_rate():
    with pytest.raises(DisplayError, match=r"^Audio samples need a rate"):
        Audio([0.0, 1.0])


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"ID3\x03\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x00", "audio/mpeg"),
        (b"OggS\x00\x02", "audio/ogg"),
        (b"fLaC\x00\x00", "audio/flac"),
    ],
)
def test_audio_bytes_keep_their_format(head, mime):
    data = head + b"\x00" * 32
    assert embedded_source(bundle(Audio(data))[0]["text/html"]) == (mime, data)


def test_audio_from_a_file_is_embedded(tmp_path):
    sound = make_wav([0.0, 0.5], 8000)
    path = tmp_path / "tone.wav"
    path.write_bytes(sound)
    for audio in (Audio(filename=path), Audio(str(path))):
        assert embedded_source(bundle(audio)[0]["text/html"]) == ("audio/wav", sound)


@pytest.mark.integration
def test_audio_from_a_url_plays_by_reference(server):
    audio = Audio(url=server.url("/song.mp3"))
    assert bundle(audio)[0]["text/html"] == (
        '<audio controls="controls">\n'
        f'  <source src="{server.url("/song.mp3")}" type="audio/mpeg" />\n'
        "  Your browser does not support the audio element.\n"
        "</audio>"
    )
    assert server.requests == []


@pytest.mark.integration
def test_audio_from_a_url_to_embed_is_fetched_when_shown(server):
    sound = make_wav([0.0, 0.5], 8000)
    server.pages["/tone"] = (sound, "audio/wav")
    audio = Audio(url=server.url("/tone"), embed=True)
    assert server.requests == []
    assert embedded_source(bundle(audio)[0]["text/html"]) == ("audio/wav", sound)
    assert server.requests == ["/tone"]


def test_a_missing_audio_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DisplayError) as caught:
        Audio("nothing.wav")
    assert str(caught.value) == "cannot read 'nothing.wav': No such file or directory"


# ---------------------------------------------------------------- Video


def test_video_by_reference():
    video = Video("https://example.org/clip.webm", width=320, html_attributes="controls muted")
    assert bundle(video) == (
        {
            "text/plain": "<jovi.display.Video object>",
            "text/html": '<video src="https://example.org/clip.webm" controls muted width="320">\n'
            "  Your browser does not support the video element.\n"
            "</video>",
        },
        {},
    )


def test_video_file_by_reference_is_not_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    html = bundle(Video("clips/missing.mov"))[0]["text/html"]
    assert html.startswith('<video src="clips/missing.mov" controls>')


def test_video_embedded_from_a_file(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    html = bundle(Video(path, embed=True, height=90))[0]["text/html"]
    assert html == (
        '<video controls height="90">\n'
        f'  <source src="data:video/mp4;base64,{base64.b64encode(path.read_bytes()).decode()}" '
        'type="video/mp4">\n'
        "  Your browser does not support the video element.\n"
        "</video>"
    )


def test_video_bytes_need_embed():
    with pytest.raises(DisplayError) as caught:
        Video(b"\x00\x01")
    assert str(caught.value) == (
        "a Video given as bytes can only be shown embedded: pass embed=True"
    )
    html = bundle(Video(b"\x00\x01", embed=True, mimetype="video/ogg"))[0]["text/html"]
    assert embedded_source(html) == ("video/ogg", b"\x00\x01")


# ---------------------------------------------------------------- embedded pages


def test_iframe_with_query_parameters_and_extras():
    frame = IFrame("https://example.org/page", 300, "100%", extras=["loading='lazy'"], q="a b")
    assert bundle(frame) == (
        {
            "text/plain": "<jovi.display.IFrame object>",
            "text/html": "<iframe\n"
            '  width="300"\n'
            '  height="100%"\n'
            '  src="https://example.org/page?q=a+b"\n'
            '  frameborder="0"\n'
            "  allowfullscreen\n"
            '  referrerpolicy="strict-origin-when-cross-origin"\n'
            "  loading='lazy'\n"
            "></iframe>",
        },
        {},
    )


@pytest.mark.parametrize(
    ("obj", "src", "extra"),
    [
        (YouTubeVideo("abc123"), "https://www.youtube.com/embed/abc123", ""),
        (
            YouTubeVideo("abc123", start=30, autoplay=1, allow_autoplay=True),
            "https://www.youtube.com/embed/abc123?start=30&amp;autoplay=1",
            '\n  allow="autoplay"',
        ),
        (VimeoVideo("76979871"), "https://player.vimeo.com/video/76979871", ""),
    ],
)
def test_video_sites(obj, src, extra):
    assert bundle(obj)[0]["text/html"] == (
        '<iframe\n  width="400"\n  height="300"\n'
        f'  src="{src}"\n'
        '  frameborder="0"\n  allowfullscreen\n'
        f'  referrerpolicy="strict-origin-when-cross-origin"{extra}\n'
        "></iframe>"
    )
