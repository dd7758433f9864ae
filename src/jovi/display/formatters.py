"""Formatters: turning any object into a MIME bundle.

A :class:`DisplayFormatter` asks one formatter per MIME type.  Each formatter finds,
in order: a printer registered for the object's type (``for_type``) or type name
(``for_type_by_name``, for types whose module is not imported yet), then the
object's ``_repr_<format>_`` method.  An object may instead give all its formats at
once with ``_repr_mimebundle_(include, exclude)``.  Any ``_repr_*_`` method may
return ``(data, metadata)``.  Binary formats (PNG, JPEG, PDF) are base64-encoded
text in the bundle, so a bundle is always JSON-ready.

A formatter that raises is reported (through ``on_error``) and skipped; the plain
text format always produces something.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.display.pretty import PrettyPrinter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "BaseFormatter",
    "DisplayFormatter",
    "FormatterError",
    "MimeBundle",
    "PlainTextFormatter",
]

MimeBundle = dict[str, Any]


class FormatterError:
    """A formatter failed on an object: which one, on what, and the exception."""

    __slots__ = ("error", "format_type", "obj_type")

    def __init__(self, format_type: str, obj_type: type, error: BaseException) -> None:
        self.format_type = format_type
        self.obj_type = obj_type
        self.error = error

    def describe(self) -> str:
        return (
            f"the {self.format_type} representation of {self.obj_type.__name__} failed: "
            f"{type(self.error).__name__}: {self.error}"
        )


def _class_attribute(obj: object, name: str) -> Any:
    """``name`` looked up on the object's class (never through ``__getattr__``)."""
    for klass in getattr(type(obj), "__mro__", (type(obj),)):
        namespace = getattr(klass, "__dict__", {})
        if name in namespace:
            return getattr(obj, name)
    return None


class BaseFormatter:
    """One MIME type: registered printers, then the ``print_method`` of the object."""

    format_type = "text/plain"
    print_method = "__repr__"
    binary = False

    def __init__(self) -> None:
        self.enabled = True
        self.type_printers: dict[type, Callable[[Any], Any]] = {}
        self.deferred_printers: dict[tuple[str, str], Callable[[Any], Any]] = {}

    def for_type(
        self, typ: type, func: Callable[[Any], Any] | None = None
    ) -> Callable[[Any], Any] | None:
        """Register ``func`` for ``typ`` (and subclasses); return the previous printer.

        With ``func=None`` only look it up.
        """
        old = self.type_printers.get(typ)
        if func is not None:
            self.type_printers[typ] = func
        return old

    def for_type_by_name(
        self, module: str, name: str, func: Callable[[Any], Any] | None = None
    ) -> Callable[[Any], Any] | None:
        """Register ``func`` for the type ``module.name`` without importing it."""
        key = (module, name)
        old = self.deferred_printers.get(key)
        if func is not None:
            self.deferred_printers[key] = func
        return old

    def pop(self, typ: type, default: Any = None) -> Any:
        """Unregister the printer of ``typ``; it, or ``default`` when there was none
        (IPython's signature: matplotlib_inline calls ``pop(Figure, None)``)."""
        return self.type_printers.pop(typ, default)

    def lookup(self, obj: object) -> Callable[[Any], Any] | None:
        """The printer registered for ``obj``'s type or one of its bases."""
        for klass in getattr(type(obj), "__mro__", (type(obj),)):
            if klass in self.type_printers:
                return self.type_printers[klass]
            key = (getattr(klass, "__module__", ""), getattr(klass, "__name__", ""))
            if key in self.deferred_printers:
                printer = self.deferred_printers.pop(key)
                self.type_printers[klass] = printer
                return printer
        return None

    def __call__(self, obj: object) -> Any:
        """The data (or ``(data, metadata)``) for ``obj``, or ``None`` if it has none."""
        printer = self.lookup(obj)
        if printer is not None:
            return printer(obj)
        method = _class_attribute(obj, self.print_method)
        if callable(method):
            return method()
        return None

    def check(self, data: Any) -> Any:
        """Validate and normalise what a printer returned (``None`` drops the format)."""
        if data is None:
            return None
        if self.binary:
            if isinstance(data, bytes | bytearray | memoryview):
                import base64  # noqa: PLC0415 - only for binary formats

                return base64.b64encode(bytes(data)).decode("ascii")
            if isinstance(data, str):
                return data
            return None
        return data if isinstance(data, str) else None


class PlainTextFormatter(BaseFormatter):
    """``text/plain``: the pretty printer, or ``repr`` when pretty printing is off."""

    format_type = "text/plain"
    print_method = "_repr_pretty_"

    def __init__(self) -> None:
        super().__init__()
        self.pprint = True
        self.max_width = 79
        self.max_seq_length = 1000
        self.newline = "\n"
        self.sort_dicts = False
        self.float_format = "%r"

    def set_float_precision(self, spec: str | int | None) -> str:
        """``%precision``: an int (digits), a %-format string, or None/'' for repr."""
        if spec is None or spec == "":
            self.float_format = "%r"
        elif isinstance(spec, int):
            self.float_format = f"%.{spec}f"
        elif isinstance(spec, str) and spec.strip().isdigit():
            self.float_format = f"%.{int(spec)}f"
        else:
            spec = str(spec)
            spec % 3.14159
            self.float_format = spec
        return self.float_format

    def __call__(self, obj: object) -> Any:
        if not self.pprint:
            printer = self.lookup(obj)
            return printer(obj) if printer is not None else repr(obj)
        type_printers: dict[type, Callable[[Any, PrettyPrinter, bool], None]] = {
            typ: _as_pretty(printer) for typ, printer in self.type_printers.items()
        }
        if self.float_format != "%r":
            fmt = self.float_format
            type_printers.setdefault(float, lambda o, p, c: p.text(fmt % o))
        pretty_printer = PrettyPrinter(
            max_width=self.max_width,
            newline=self.newline,
            max_seq_length=self.max_seq_length,
            sort_dicts=self.sort_dicts,
            type_printers=type_printers,
            deferred_printers={key: _as_pretty(f) for key, f in self.deferred_printers.items()},
        )
        pretty_printer.pretty(obj)
        return pretty_printer.getvalue()


def _as_pretty(func: Callable[..., Any]) -> Callable[[Any, PrettyPrinter, bool], None]:
    """A printer registered as ``f(obj, p, cycle)`` (IPython's form) or ``f(obj) -> str``."""
    try:
        import inspect  # noqa: PLC0415 - only needed when custom printers exist

        takes_printer = len(inspect.signature(func).parameters) >= 3
    except (TypeError, ValueError):
        takes_printer = False
    if takes_printer:
        return func

    def adapted(obj: Any, p: PrettyPrinter, cycle: bool) -> None:
        p.text(str(func(obj)))

    return adapted


def _text_formatter(mime: str, method: str, *, binary: bool = False) -> type[BaseFormatter]:
    return type(
        f"{mime.rsplit('/', maxsplit=1)[-1].title().replace('+', '').replace('-', '')}Formatter",
        (BaseFormatter,),
        {
            "format_type": mime,
            "print_method": method,
            "binary": binary,
            "__doc__": f"``{mime}`` from ``{method}``.",
        },
    )


class JSONFormatter(BaseFormatter):
    """``application/json``: a dict or list (strings are parsed as JSON)."""

    format_type = "application/json"
    print_method = "_repr_json_"

    def check(self, data: Any) -> Any:
        if isinstance(data, str):
            import json  # noqa: PLC0415 - only for JSON given as text

            try:
                data = json.loads(data)
            except ValueError:
                return None
        return data if isinstance(data, dict | list) else None


_RICH_FORMATTERS: tuple[type[BaseFormatter], ...] = (
    _text_formatter("text/html", "_repr_html_"),
    _text_formatter("text/markdown", "_repr_markdown_"),
    _text_formatter("image/svg+xml", "_repr_svg_"),
    _text_formatter("image/png", "_repr_png_", binary=True),
    _text_formatter("image/jpeg", "_repr_jpeg_", binary=True),
    _text_formatter("application/pdf", "_repr_pdf_", binary=True),
    _text_formatter("text/latex", "_repr_latex_"),
    JSONFormatter,
    _text_formatter("application/javascript", "_repr_javascript_"),
)


class DisplayFormatter:
    """All the formatters, by MIME type; :meth:`format` makes the bundle of an object."""

    def __init__(self, on_error: Callable[[FormatterError], None] | None = None) -> None:
        plain = PlainTextFormatter()
        self.formatters: dict[str, BaseFormatter] = {plain.format_type: plain}
        for cls in _RICH_FORMATTERS:
            formatter = cls()
            self.formatters[formatter.format_type] = formatter
        self.mimebundle_printers: dict[type, Callable[..., Any]] = {}
        self.on_error = on_error
        self._active_types: list[str] | None = None
        self._known_when_activated: frozenset[str] = frozenset()

    @property
    def active_types(self) -> list[str] | None:
        """The MIME types computed (``None``: all).  Like IPython's, it chooses among the
        formatters there when it is set: one a library adds afterwards (pandas' table
        schema) is computed while it is enabled."""
        return self._active_types

    @active_types.setter
    def active_types(self, types: list[str] | None) -> None:
        self._active_types = types
        self._known_when_activated = frozenset(self.formatters)

    @property
    def plain_text(self) -> PlainTextFormatter:
        formatter = self.formatters["text/plain"]
        assert isinstance(formatter, PlainTextFormatter)
        return formatter

    def _report(self, format_type: str, obj: object, error: BaseException) -> None:
        if self.on_error is not None:
            self.on_error(FormatterError(format_type, type(obj), error))

    def _wanted(
        self, mime: str, include: Iterable[str] | None, exclude: Iterable[str] | None
    ) -> bool:
        if include is not None and mime not in include:
            return False
        if exclude is not None and mime in exclude:
            return False
        active = self._active_types
        return (
            active is None
            or mime in active
            or mime == "text/plain"
            or mime not in self._known_when_activated
        )

    def _mimebundle(
        self, obj: object, include: Iterable[str] | None, exclude: Iterable[str] | None
    ) -> tuple[MimeBundle, dict[str, Any]]:
        method = _class_attribute(obj, "_repr_mimebundle_")
        if not callable(method):
            return {}, {}
        try:
            produced = method(include=include, exclude=exclude)
        except Exception as error:  # noqa: BLE001 - a broken repr must not break display
            self._report("_repr_mimebundle_", obj, error)
            return {}, {}
        data, metadata = produced if isinstance(produced, tuple) else (produced, {})
        return dict(data or {}), dict(metadata or {})

    def format(
        self,
        obj: object,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
    ) -> tuple[MimeBundle, dict[str, Any]]:
        """The MIME bundle and metadata of ``obj``; ``text/plain`` is always there."""
        include = list(include) if include is not None else None
        exclude = list(exclude) if exclude is not None else None
        data, metadata = self._mimebundle(obj, include, exclude)
        for mime, formatter in self.formatters.items():
            if mime in data or not formatter.enabled or not self._wanted(mime, include, exclude):
                continue
            try:
                produced = formatter(obj)
            except Exception as error:  # noqa: BLE001 - a broken repr must not break display
                self._report(mime, obj, error)
                continue
            extra: Any = None
            if isinstance(produced, tuple) and len(produced) == 2 and mime != "text/plain":
                produced, extra = produced
            # IPython's formatters (which libraries add) check what they return themselves.
            check = getattr(formatter, "check", None)
            checked = produced if check is None else check(produced)
            if checked is None:
                continue
            data[mime] = checked
            if isinstance(extra, dict) and extra:
                metadata[mime] = extra
        if "text/plain" not in data:
            data["text/plain"] = _fallback_repr(obj)
        return data, metadata


def _fallback_repr(obj: object) -> str:
    try:
        return object.__repr__(obj)
    except Exception:  # noqa: BLE001 - the last resort cannot fail
        return "<unprintable object>"
