"""Display objects: values whose whole job is to be shown in one format.

``display(HTML("<b>hi</b>"))`` shows HTML; ``Markdown``, ``Latex``, ``Math``, ``SVG``,
``JSON``, ``GeoJSON``, ``Javascript``, ``Pretty`` and ``Code`` do the same for their
formats.  Each takes its data directly, from a file (``filename=``, read at once) or
from a URL (``url=``, fetched with :mod:`urllib` only when the data is first needed
or :meth:`DisplayObject.reload` is called).  A string given as ``data`` that is an
http(s) URL, or the path of an existing file, is taken as ``url`` or ``filename``.

The objects give their formats through the ``_repr_*_`` methods that
:class:`~jovi.display.formatters.DisplayFormatter` reads, with ``metadata`` (when
given) published alongside; their text form is ``<jovi.display.HTML object>``.
"""

from __future__ import annotations

import html
import json
import os
import re
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.errors import DisplayError

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "HTML",
    "JSON",
    "SVG",
    "Code",
    "DisplayObject",
    "GeoJSON",
    "Javascript",
    "Latex",
    "Markdown",
    "Math",
    "Pretty",
    "TextDisplayObject",
    "fetch_url",
    "read_file",
    "resolve_reference",
    "resolve_source",
    "source_path",
    "svg_element",
]

FETCH_TIMEOUT = 30.0
"""Seconds to wait for a URL's server before giving up."""

_SVG_START = re.compile(r"<svg[\s/>]", re.IGNORECASE)


def read_file(filename: str, *, binary: bool = False) -> Any:
    """The content of ``filename``: bytes, or text decoded as UTF-8.

    Raises:
        DisplayError: The file cannot be read.
    """
    from pathlib import Path  # noqa: PLC0415 - pathlib imports urllib; keep import cheap

    try:
        if binary:
            return Path(filename).read_bytes()
        return Path(filename).read_text(encoding="utf-8")
    except OSError as error:
        raise DisplayError(f"cannot read {filename!r}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise DisplayError(f"cannot read {filename!r}: it is not UTF-8 text") from error


def fetch_url(url: str, *, timeout: float = FETCH_TIMEOUT) -> tuple[bytes, str | None]:
    """The body of ``url`` and the character set its server declared (if any).

    Raises:
        DisplayError: The URL is not http(s), or it cannot be fetched.
    """
    import urllib.error  # noqa: PLC0415 - only when a URL is fetched
    import urllib.request  # noqa: PLC0415 - start-up cost

    if url.partition(":")[0].lower() not in ("http", "https"):
        raise DisplayError(f"cannot fetch {url!r}: jovi fetches only http and https URLs")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - scheme checked
            body: bytes = response.read()
            charset: str | None = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        error.close()  # it holds the response, and with it the connection
        raise DisplayError(f"cannot fetch {url!r}: {error.reason}") from error
    except urllib.error.URLError as error:
        raise DisplayError(f"cannot fetch {url!r}: {error.reason}") from error
    except (OSError, ValueError) as error:
        raise DisplayError(f"cannot fetch {url!r}: {error}") from error
    return body, charset


def svg_element(text: str) -> str | None:
    """The outermost ``<svg>`` element of ``text`` (which may be a whole SVG file)."""
    start = _SVG_START.search(text)
    if start is None:
        return None
    end = text.lower().rfind("</svg")
    if end > start.start():
        close = text.find(">", end)
        return text[start.start() : close + 1] if close >= 0 else None
    close = text.find(">", start.start())
    if close > 0 and text[close - 1] == "/":
        return text[start.start() : close + 1]
    return None


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _is_file(text: str) -> bool:
    from pathlib import Path  # noqa: PLC0415 - pathlib imports urllib; keep import cheap

    return len(text) < 4096 and "\n" not in text and Path(text).is_file()


def resolve_source(
    data: Any, url: str | None, filename: str | os.PathLike[str] | None
) -> tuple[Any, str | None, str | None]:
    """``(data, url, filename)`` with a path or URL given as ``data`` moved to its place."""
    if isinstance(data, os.PathLike):
        return None, url, os.fspath(data)
    if isinstance(data, str) and url is None and filename is None:
        if _is_url(data):
            return None, data, None
        if _is_file(data):
            return None, None, data
    return data, url, os.fspath(filename) if filename is not None else None


def resolve_reference(
    data: Any, url: str | None, filename: str | os.PathLike[str] | None
) -> tuple[Any, str | None, str | None]:
    """Like :func:`resolve_source`, for media whose data is bytes: a string (or path)
    given as ``data`` is always a URL (if it has ``://``) or a file name, existing or not."""
    if isinstance(data, str | os.PathLike) and url is None and filename is None:
        text = os.fspath(data)
        return (None, text, None) if "://" in text else (None, None, text)
    return resolve_source(data, url, filename)


def source_path(location: str) -> str:
    """A file name, or the path of a URL (without its query and fragment)."""
    return (
        location.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]
        if "://" in location
        else location
    )


class DisplayObject:
    """Data to show in one format, given directly, as a file, or as a URL.

    Args:
        data: The data.  A string that is an http(s) URL or the path of an existing
            file is taken as ``url`` or ``filename``.
        url: Where to fetch the data from, when it is first needed.
        filename: The file to read the data from (read at once).
        metadata: Metadata published with the data (a dict).

    Attributes:
        url: The URL the data comes from, if any.
        filename: The file the data comes from, if any.
        metadata: The metadata published with the data.
    """

    binary: ClassVar[bool] = False
    """Files and URLs are read as bytes (``True``) or as text."""

    def __init__(
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        data, self.url, self.filename = resolve_source(data, url, filename)
        self.metadata: dict[str, Any] = dict(metadata or {})
        self._data: Any = None
        if data is not None:
            self.data = data
        elif self.filename is not None and self._reads_source():
            self.reload()

    @property
    def data(self) -> Any:
        """The data; a URL is fetched the first time it is needed."""
        if self._data is None and self.url is not None and self._reads_source():
            self.reload()
        return self._data

    @data.setter
    def data(self, value: Any) -> None:
        self._data = None if value is None else self._coerce(value)

    def _reads_source(self) -> bool:
        """Whether the file or URL is read at all (media shown by reference are not)."""
        return True

    def _coerce(self, value: Any) -> Any:
        """Check and normalise new data (subclasses decode, parse or extract)."""
        return value

    def reload(self) -> None:
        """Read the file again, or fetch the URL (again).

        Raises:
            DisplayError: The file cannot be read or the URL cannot be fetched.
        """
        if self.filename is not None:
            self.data = read_file(self.filename, binary=self.binary)
        elif self.url is not None:
            body, charset = fetch_url(self.url)
            self.data = body if self.binary else body.decode(charset or "utf-8", errors="replace")

    def __repr__(self) -> str:
        return f"<jovi.display.{type(self).__name__} object>"

    def source_suffix(self) -> str:
        """The lower-case suffix (``".png"``) of the file or the URL's path, or ``""``."""
        location = self.filename or self.url
        if not location:
            return ""
        return os.path.splitext(source_path(location))[1].lower()  # noqa: PTH122 - also URLs

    def _with_metadata(self, data: Any) -> Any:
        """``data``, or ``(data, metadata)`` when there is metadata."""
        return (data, dict(self.metadata)) if self.metadata else data

    @staticmethod
    def _select(
        data: dict[str, Any],
        metadata: dict[str, Any],
        include: Iterable[str] | None,
        exclude: Iterable[str] | None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """The part of a bundle that ``include`` and ``exclude`` ask for."""
        wanted = {
            mime
            for mime in data
            if (include is None or mime in include) and (exclude is None or mime not in exclude)
        }
        return (
            {mime: value for mime, value in data.items() if mime in wanted},
            {mime: value for mime, value in metadata.items() if mime in wanted},
        )


class TextDisplayObject(DisplayObject):
    """A display object whose data is text (bytes are decoded as UTF-8)."""

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, bytes | bytearray):
            return bytes(value).decode("utf-8", errors="replace")
        if isinstance(value, str):
            return value
        raise DisplayError(f"{type(self).__name__} shows text, not a {type(value).__name__} object")


class Pretty(TextDisplayObject):
    """Text shown as it is (``text/plain``)."""

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self.data or "")


class HTML(TextDisplayObject):
    """HTML (``text/html``); objects with an ``__html__`` method (markup strings of
    template engines) are shown through it."""

    def _coerce(self, value: Any) -> Any:
        markup = getattr(value, "__html__", None)
        if callable(markup) and not isinstance(value, str | bytes | bytearray):
            value = markup()
        return super()._coerce(value)

    def _repr_html_(self) -> Any:
        return self._with_metadata(self.data)

    def __html__(self) -> str:
        """The HTML itself, for template engines (Jinja's ``Markup`` protocol)."""
        return str(self.data or "")


class Markdown(TextDisplayObject):
    """Markdown (``text/markdown``)."""

    def _repr_markdown_(self) -> Any:
        return self._with_metadata(self.data)


class Latex(TextDisplayObject):
    """LaTeX (``text/latex``), shown as given: include the ``$`` or environments."""

    def _repr_latex_(self) -> Any:
        return self._with_metadata(self.data)


class Math(TextDisplayObject):
    """A formula (``text/latex``), displayed on its own line: ``Math(r"\\int x\\,dx")``.

    The formula is written with or without surrounding ``$`` signs; it is shown as
    ``$$formula$$``.
    """

    def _repr_latex_(self) -> Any:
        formula = (self.data or "").strip().strip("$").strip()
        return self._with_metadata(f"$${formula}$$")


class SVG(TextDisplayObject):
    """An SVG image (``image/svg+xml``); only the ``<svg>`` element of the data is kept,
    so a whole SVG file (XML declaration, doctype, comments) can be given."""

    def _coerce(self, value: Any) -> Any:
        text = super()._coerce(value)
        element = svg_element(text)
        if element is None:
            raise DisplayError("the SVG data has no <svg> element")
        return element

    def _repr_svg_(self) -> Any:
        return self._with_metadata(self.data)


class JSON(DisplayObject):
    """JSON data (``application/json``), shown as a tree by rich frontends.

    Args:
        data: A dict or list, or JSON text.
        url: Where to fetch the JSON text from.
        filename: A JSON file.
        expanded: Show the tree fully expanded.
        metadata: More metadata for the frontend.
        root: The name shown for the root of the tree.
        **kwargs: Further metadata, as keywords.
    """

    def __init__(  # noqa: PLR0917 - the positional order users know from IPython
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        expanded: bool = False,
        metadata: dict[str, Any] | None = None,
        root: str = "root",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            data, url, filename, {"expanded": expanded, "root": root, **(metadata or {}), **kwargs}
        )

    def _coerce(self, value: Any) -> Any:
        if isinstance(value, bytes | bytearray | str):
            try:
                return json.loads(value)
            except ValueError as error:
                raise DisplayError(
                    f"the text given to {type(self).__name__} is not JSON: {error}"
                ) from error
        try:
            json.dumps(value)
        except (TypeError, ValueError) as error:
            raise DisplayError(
                f"{type(self).__name__} data must be JSON (dicts, lists, strings, numbers, "
                f"booleans, None): {error}"
            ) from error
        return value

    def _repr_json_(self) -> Any:
        return self.data, dict(self.metadata)


class GeoJSON(JSON):
    """GeoJSON data (``application/geo+json``), drawn on a map by frontends that can.

    Args:
        data: A GeoJSON dict, or its text.
        url: Where to fetch the GeoJSON text from.
        filename: A GeoJSON file.
        url_template: The map tiles' URL template (``{z}``, ``{x}``, ``{y}``).
        layer_options: Options of the tile layer (e.g. ``{"attribution": ...}``).
        metadata: More metadata for the frontend.
    """

    def __init__(  # noqa: PLR0917 - the positional order users know from IPython
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        url_template: str | None = None,
        layer_options: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> None:
        extra: dict[str, Any] = {}
        if url_template is not None:
            extra["url_template"] = url_template
        if layer_options is not None:
            extra["layer_options"] = layer_options
        DisplayObject.__init__(self, data, url, filename, {**extra, **(metadata or {})})

    def _repr_json_(self) -> Any:
        return None

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        mime = "application/geo+json"
        metadata = {mime: dict(self.metadata)} if self.metadata else {}
        return self._select({mime: self.data}, metadata, include, exclude)


class Javascript(TextDisplayObject):
    """JavaScript (``application/javascript``) run by the frontend.

    Args:
        data: The code.
        url: Where to fetch the code from.
        filename: A file of code.
        lib: URLs of scripts to load, in order, before the code runs.
        css: URLs of stylesheets to add to the page.
    """

    def __init__(
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        lib: str | list[str] | None = None,
        css: str | list[str] | None = None,
    ) -> None:
        self.lib = [lib] if isinstance(lib, str) else list(lib or [])
        self.css = [css] if isinstance(css, str) else list(css or [])
        super().__init__(data, url, filename)

    def _repr_javascript_(self) -> Any:
        code = self.data or ""
        parts = [
            f"(function (href) {{ var link = document.createElement('link');"
            f" link.rel = 'stylesheet'; link.type = 'text/css'; link.href = href;"
            f" document.head.appendChild(link); }})({json.dumps(href)});"
            for href in self.css
        ]
        if self.lib:
            parts.append(
                f"{json.dumps(self.lib)}.reduce(function (ready, src) {{\n"
                "  return ready.then(function () {\n"
                "    return new Promise(function (resolve, reject) {\n"
                "      var script = document.createElement('script');\n"
                "      script.onload = resolve; script.onerror = reject; script.src = src;\n"
                "      document.head.appendChild(script);\n"
                "    });\n"
                "  });\n"
                f"}}, Promise.resolve()).then(function () {{\n{code}\n}});"
            )
        else:
            parts.append(code)
        return self._with_metadata("\n".join(parts))


class Code(TextDisplayObject):
    """Source code: as text, and highlighted as HTML (when pygments is installed).

    Args:
        data: The source.
        url: Where to fetch the source from.
        filename: A source file; its suffix chooses the language.
        language: The pygments name of the language (``"python"``, ``"c"``, ``"sql"``);
            without it, the file's suffix or a guess from the source decides.
    """

    def __init__(
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        language: str | None = None,
    ) -> None:
        self.language = language
        super().__init__(data, url, filename)

    def __repr__(self) -> str:
        return str(self.data or "")

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self.data or ""))

    def _lexer(self, source: str) -> Any:
        from pygments.lexers import (  # noqa: PLC0415 - pygments is imported only when used
            get_lexer_by_name,
            get_lexer_for_filename,
            guess_lexer,
        )
        from pygments.util import ClassNotFound  # noqa: PLC0415 - start-up cost

        if self.language:
            try:
                return get_lexer_by_name(self.language)
            except ClassNotFound:
                raise DisplayError(f"pygments knows no language named {self.language!r}") from None
        named = source_path(self.filename or self.url or "")
        if named:
            try:
                return get_lexer_for_filename(named, source)
            except ClassNotFound:
                pass
        return guess_lexer(source)

    def _repr_html_(self) -> str:
        source = str(self.data or "")
        try:
            from pygments import highlight  # noqa: PLC0415 - start-up cost
            from pygments.formatters import HtmlFormatter  # noqa: PLC0415 - start-up cost
        except ImportError:
            return f'<pre class="jovi-code">{html.escape(source)}</pre>'
        formatter = HtmlFormatter(cssclass="jovi-code")
        style = f"<style>{formatter.get_style_defs('.jovi-code')}</style>"
        return style + str(highlight(source, self._lexer(source), formatter))
