"""Sound, video and embedded pages: ``Audio``, ``Video``, ``IFrame``, ``YouTubeVideo``,
``VimeoVideo``.

Each is shown as HTML (``<audio>``, ``<video>``, ``<iframe>``).  Audio and video from
data or a file are embedded as ``data:`` URLs; from a URL they are played by
reference unless ``embed=True``.  ``Audio`` also makes sound from samples: a list
(or a numpy array, used through its ``tolist()``) of numbers, one row per channel,
turned into a 16-bit WAV file with the standard library's :mod:`wave`.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from typing import TYPE_CHECKING, Any

from jovi.display.objects import DisplayObject, resolve_reference
from jovi.errors import DisplayError

if TYPE_CHECKING:
    import os

__all__ = ["Audio", "IFrame", "Video", "VimeoVideo", "YouTubeVideo", "make_wav"]

_AUDIO_TYPES = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".webm": "audio/webm",
}
_VIDEO_TYPES = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".ogg": "video/ogg",
    ".mov": "video/quicktime",
    ".mkv": "video/x-matroska",
}


def _audio_type(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:4] == b"fLaC":
        return "audio/flac"
    return None


def _channels(samples: Any) -> list[list[float]]:
    """Samples as one list of numbers per channel."""
    if hasattr(samples, "tolist"):
        samples = samples.tolist()
    try:
        rows = list(samples)
    except TypeError:
        raise DisplayError(
            f"Audio data must be bytes, a file, a URL or samples, not a {type(samples).__name__}"
        ) from None
    if rows and all(isinstance(row, list | tuple) for row in rows):
        channels = [[float(value) for value in row] for row in rows]
        if len({len(channel) for channel in channels}) > 1:
            raise DisplayError("every channel of the audio samples must have the same length")
        return channels
    try:
        return [[float(value) for value in rows]]
    except (TypeError, ValueError):
        raise DisplayError(
            "Audio samples must be numbers, or one row of numbers per channel"
        ) from None


def make_wav(samples: Any, rate: int, *, normalize: bool = True) -> bytes:
    """A 16-bit PCM WAV file of ``samples``, ``rate`` samples per second.

    Args:
        samples: Numbers (one channel), or one row of numbers per channel.
        rate: Samples per second.
        normalize: Scale the samples so that the loudest is at full volume; without
            it, samples must lie between -1 and 1.

    Raises:
        DisplayError: The samples are not numbers, or out of range without ``normalize``.
    """
    import array  # noqa: PLC0415 - only when sound is made
    import wave  # noqa: PLC0415 - start-up cost

    channels = _channels(samples)
    peak = max((abs(value) for channel in channels for value in channel), default=0.0)
    if normalize:
        scale = 32767 / peak if peak else 0.0
    elif peak > 1:
        raise DisplayError(
            "Audio samples must lie between -1 and 1 when normalize=False "
            f"(the largest is {peak:g})"
        )
    else:
        scale = 32767.0
    frames = array.array(
        "h",
        (
            max(-32768, min(32767, round(channel[index] * scale)))
            for index in range(len(channels[0]))
            for channel in channels
        ),
    )
    if sys.byteorder == "big":
        frames.byteswap()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(len(channels))
        writer.setsampwidth(2)
        writer.setframerate(int(rate))
        writer.writeframes(frames.tobytes())
    return buffer.getvalue()


def _data_url(mimetype: str, data: bytes) -> str:
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"


class Audio(DisplayObject):
    """Sound, with the browser's player controls.

    Args:
        data: The bytes of a sound file (WAV, MP3, Ogg, FLAC), or samples: numbers
            between -1 and 1 (one row per channel for several channels), which need
            ``rate``.  A string is taken as a URL or a file.
        filename: A sound file (embedded unless ``embed=False``).
        url: The sound's URL: played by reference unless ``embed=True``.
        embed: Put the sound's data in the output (default: unless it is a URL).
        rate: Samples per second, for samples.
        autoplay: Start playing at once.
        normalize: Scale samples to full volume (else they must lie in [-1, 1]).
        element_id: The ``id`` of the ``<audio>`` element.

    Raises:
        DisplayError: Samples without ``rate``, or data that is not sound.
    """

    binary = True

    def __init__(  # noqa: PLR0917 - the positional order users know from IPython
        self,
        data: Any = None,
        filename: str | os.PathLike[str] | None = None,
        url: str | None = None,
        embed: bool | None = None,
        rate: int | None = None,
        autoplay: bool = False,
        normalize: bool = True,
        *,
        element_id: str | None = None,
    ) -> None:
        data, url, filename = resolve_reference(data, url, filename)
        if data is None and url is None and filename is None:
            raise DisplayError("an Audio needs data, a filename or a url")
        # Data can only be shown embedded; files and URLs either way.
        self.embed = data is not None or (embed if embed is not None else url is None)
        self.rate = rate
        self.autoplay = autoplay
        self.normalize = normalize
        self.element_id = element_id
        super().__init__(data, url, filename)

    def _reads_source(self) -> bool:
        return self.embed

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, bytes | bytearray | memoryview):
            return bytes(value)
        if self.rate is None:
            raise DisplayError("Audio samples need a rate: how many samples per second")
        return make_wav(value, self.rate, normalize=self.normalize)

    @property
    def mimetype(self) -> str:
        """The MIME type of the sound (``audio/wav`` when nothing tells otherwise)."""
        found = _audio_type(self._data) if self._data is not None else None
        return found or _AUDIO_TYPES.get(self.source_suffix(), "audio/wav")

    def _repr_html_(self) -> str:
        if self.embed:
            data = self.data
            source = _data_url(self.mimetype, data or b"")
        else:
            source = self.url if self.url is not None else self.filename or ""
        attributes = ['controls="controls"']
        if self.autoplay:
            attributes.append('autoplay="autoplay"')
        if self.element_id:
            attributes.append(f'id="{html.escape(self.element_id)}"')
        return (
            f"<audio {' '.join(attributes)}>\n"
            f'  <source src="{html.escape(source)}" type="{self.mimetype}" />\n'
            "  Your browser does not support the audio element.\n"
            "</audio>"
        )


class Video(DisplayObject):
    """A video, with the browser's player.

    Args:
        data: The bytes of a video file (needs ``embed=True``), or a URL or file name.
        url: The video's URL.
        filename: A video file, linked by its path unless ``embed=True``.
        embed: Put the video's data in the output (big notebooks!).
        mimetype: The video's MIME type (default: from the suffix, else ``video/mp4``).
        width: The width to show the video at (pixels).
        height: The height to show the video at (pixels).
        html_attributes: Attributes of the ``<video>`` element
            (``"controls muted autoplay"``).

    Raises:
        DisplayError: Bytes without ``embed=True``; a file that cannot be read.
    """

    binary = True

    def __init__(  # noqa: PLR0917 - the positional order users know from IPython
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        embed: bool = False,
        mimetype: str | None = None,
        width: int | None = None,
        height: int | None = None,
        html_attributes: str = "controls",
    ) -> None:
        data, url, filename = resolve_reference(data, url, filename)
        if data is None and url is None and filename is None:
            raise DisplayError("a Video needs data, a filename or a url")
        if data is not None and not embed:
            raise DisplayError("a Video given as bytes can only be shown embedded: pass embed=True")
        self.embed = embed
        self.width = width
        self.height = height
        self.html_attributes = html_attributes
        super().__init__(data, url, filename)
        self.mimetype = mimetype or _VIDEO_TYPES.get(self.source_suffix(), "video/mp4")

    def _reads_source(self) -> bool:
        return self.embed

    def _coerce(self, value: Any) -> Any:
        if not isinstance(value, bytes | bytearray | memoryview):
            raise DisplayError(f"Video data must be bytes, not a {type(value).__name__} object")
        return bytes(value)

    def _repr_html_(self) -> str:
        attributes = [self.html_attributes] if self.html_attributes else []
        if self.width is not None:
            attributes.append(f'width="{self.width}"')
        if self.height is not None:
            attributes.append(f'height="{self.height}"')
        opening = " ".join(attributes)
        if self.embed:
            source = _data_url(self.mimetype, self.data or b"")
            return (
                f"<video {opening}>\n"
                f'  <source src="{source}" type="{html.escape(self.mimetype)}">\n'
                "  Your browser does not support the video element.\n"
                "</video>"
            )
        source = self.url if self.url is not None else self.filename or ""
        return (
            f'<video src="{html.escape(source)}" {opening}>\n'
            "  Your browser does not support the video element.\n"
            "</video>"
        )


class IFrame:
    """Another web page, shown inside the output.

    Args:
        src: The page's URL.
        width: The frame's width (pixels, or a CSS length such as ``"100%"``).
        height: The frame's height.
        extras: More attributes of the ``<iframe>`` element, e.g. ``["allow='autoplay'"]``.
        **kwargs: Query parameters added to the URL.
    """

    def __init__(
        self,
        src: str,
        width: int | str,
        height: int | str,
        extras: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.src = src
        self.width = width
        self.height = height
        self.extras = list(extras or [])
        self.params = kwargs

    def __repr__(self) -> str:
        return f"<jovi.display.{type(self).__name__} object>"

    def _source(self) -> str:
        if not self.params:
            return self.src
        from urllib.parse import urlencode  # noqa: PLC0415 - keep import jovi.display cheap

        return f"{self.src}?{urlencode(self.params)}"

    def _repr_html_(self) -> str:
        extras = "".join(f"\n  {extra}" for extra in self.extras)
        return (
            f'<iframe\n  width="{html.escape(str(self.width))}"\n'
            f'  height="{html.escape(str(self.height))}"\n'
            f'  src="{html.escape(self._source())}"\n'
            '  frameborder="0"\n  allowfullscreen\n'
            f'  referrerpolicy="strict-origin-when-cross-origin"{extras}\n'
            "></iframe>"
        )


class YouTubeVideo(IFrame):
    """A YouTube video, by its id: ``YouTubeVideo("dQw4w9WgXcQ", start=30)``.

    Args:
        id: The video's id (the ``v=`` of its URL).
        width: The player's width.
        height: The player's height.
        allow_autoplay: Let ``autoplay=1`` start the video.
        **kwargs: Player parameters (``start``, ``end``, ``autoplay``, ``cc_load_policy``...).
    """

    def __init__(
        self,
        id: str,  # noqa: A002 - the name users know
        width: int | str = 400,
        height: int | str = 300,
        allow_autoplay: bool = False,
        **kwargs: Any,
    ) -> None:
        self.id = id
        extras = ['allow="autoplay"'] if allow_autoplay else []
        super().__init__(f"https://www.youtube.com/embed/{id}", width, height, extras, **kwargs)


class VimeoVideo(IFrame):
    """A Vimeo video, by its id.

    Args:
        id: The video's number.
        width: The player's width.
        height: The player's height.
        **kwargs: Player parameters.
    """

    def __init__(
        self,
        id: str,  # noqa: A002 - the name users know
        width: int | str = 400,
        height: int | str = 300,
        **kwargs: Any,
    ) -> None:
        self.id = id
        super().__init__(f"https://player.vimeo.com/video/{id}", width, height, **kwargs)
