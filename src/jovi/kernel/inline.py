"""Inline figures: matplotlib figures shown as images in the frontend.

:class:`InlineBackend` holds the options (``%config InlineBackend.figure_format =
'svg'``).  Its figure formatters make ``display(fig)`` (and a figure as a cell's
value) an image in the chosen format, whether or not the inline backend draws the
figures; they are registered by the name of matplotlib's ``Figure`` class, so nothing
is imported until a figure exists.

:func:`activate` makes :mod:`jovi.kernel.backend_inline` matplotlib's backend: each
figure a cell creates or changes is sent as ``display_data`` when the cell ends, and
then closed (unless ``close_figures`` is off).  The kernel sets ``MPLBACKEND`` to it
at start, so ``import matplotlib.pyplot`` in a notebook shows figures inline without
``%matplotlib inline``.
"""

from __future__ import annotations

import base64
import io
import sys
from typing import TYPE_CHECKING, Any

from jovi.config import Bool, Change, Configurable, Dict, Enum, List, on_change

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = [
    "BACKEND",
    "FIGURE_FORMATS",
    "InlineBackend",
    "activate",
    "figure_bundle",
    "inline_options",
]

BACKEND = "module://jovi.kernel.backend_inline"
"""The name matplotlib knows the inline backend by."""

FIGURE_FORMATS = ("png", "retina", "jpeg", "svg", "pdf")

_MIME = {
    "png": "image/png",
    "retina": "image/png",
    "jpeg": "image/jpeg",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
_FIGURE_CLASS = ("matplotlib.figure", "Figure")


class InlineBackend(Configurable):
    """How figures are shown in the frontend (the kernel's inline backend)."""

    figure_format = Enum(
        FIGURE_FORMATS,
        "png",
        help="The image format of figures: png, retina (PNG at twice the resolution, shown at "
        "the same size), jpeg, svg or pdf.  Also applies to display(figure).",
    )
    figure_formats = List(
        str,
        help="Several formats to send each figure in (frontends pick the best); when empty, "
        "figure_format alone.",
    )
    close_figures = Bool(
        True,
        help="Close every figure when a cell ends, so that each cell starts without figures. "
        "When off, keep references and close figures yourself (plt.close).",
    )
    print_figure_kwargs = Dict(
        {"bbox_inches": "tight"},
        help="Extra arguments for matplotlib's print_figure when a figure is turned into an "
        "image (bbox_inches, dpi, pil_kwargs ...).",
    )
    rc = Dict(
        {},
        help="matplotlib settings (rcParams) applied when the inline backend is activated.",
    )

    def __init__(self, *, shell: InteractiveShell | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shell = shell
        self.apply()

    def formats(self) -> list[str]:
        """The formats figures are sent in, checked."""
        chosen = list(self.figure_formats) or [self.figure_format]
        unknown = [name for name in chosen if name not in FIGURE_FORMATS]
        if unknown:
            raise ValueError(
                f"unknown figure format {unknown[0]!r}; choose from {', '.join(FIGURE_FORMATS)}"
            )
        return chosen

    def apply(self) -> None:
        """Register the figure formatters of the chosen formats with the shell."""
        if self.shell is None:
            return
        formatters = self.shell.display_formatter.formatters
        figure_class = _loaded_figure_class()
        for mime in set(_MIME.values()):
            formatter = formatters.get(mime)
            if formatter is None:
                continue
            formatter.deferred_printers.pop(_FIGURE_CLASS, None)
            if figure_class is not None:
                formatter.type_printers.pop(figure_class, None)
        for name in self.formats():
            formatter = formatters[_MIME[name]]
            printer = _printer(self, name)
            if figure_class is not None:
                formatter.for_type(figure_class, printer)
            else:
                formatter.for_type_by_name(*_FIGURE_CLASS, printer)

    @on_change("figure_format", "figure_formats", "print_figure_kwargs")
    def _formats_changed(self, change: Change) -> None:
        del change
        self.apply()


def _loaded_figure_class() -> type | None:
    module = sys.modules.get(_FIGURE_CLASS[0])
    figure_class = getattr(module, _FIGURE_CLASS[1], None) if module is not None else None
    return figure_class if isinstance(figure_class, type) else None


def _printer(options: InlineBackend, name: str) -> Any:
    def print_figure(figure: Any) -> Any:
        return figure_bundle(figure, name, dict(options.print_figure_kwargs))

    return print_figure


def figure_bundle(figure: Any, name: str, print_kwargs: dict[str, Any]) -> Any:
    """``figure`` as image data in format ``name`` (with size metadata for retina);
    None for a figure with nothing drawn in it."""
    if not figure.axes and not figure.lines:
        return None
    kwargs: dict[str, Any] = {
        "format": "png" if name == "retina" else name,
        "facecolor": figure.get_facecolor(),
        "edgecolor": figure.get_edgecolor(),
        "dpi": figure.dpi,
        **print_kwargs,
    }
    if name == "retina":
        kwargs["dpi"] = kwargs["dpi"] * 2
    buffer = io.BytesIO()
    figure.canvas.print_figure(buffer, **kwargs)
    data = buffer.getvalue()
    if name == "svg":
        return data.decode("utf-8")
    encoded = base64.b64encode(data).decode("ascii")
    if name == "retina":
        width, height = _png_size(data)
        return encoded, {"width": width // 2, "height": height // 2}
    return encoded


def _png_size(data: bytes) -> tuple[int, int]:
    # The IHDR chunk follows the 8-byte signature: length, type, then width, height.
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def inline_options(shell: InteractiveShell) -> InlineBackend:
    """The shell's :class:`InlineBackend` (created on first use)."""
    options = getattr(shell, "_jovi_backend_inline", None)
    if not isinstance(options, InlineBackend):
        options = InlineBackend(shell=shell, parent=shell)
        shell._jovi_backend_inline = options  # type: ignore[attr-defined]
    return options


def activate(shell: InteractiveShell) -> None:
    """Make the inline backend matplotlib's backend and show figures when cells end.

    Raises:
        ImportError: matplotlib is not installed.
    """
    import matplotlib  # noqa: PLC0415 - only when asked for

    options = inline_options(shell)
    # The backend as set, not resolved: resolving "auto" picks an interactive backend
    # when it can (Qt, with a Qt application in the process) and asks the shell for
    # its event loop, which fails here (seen with jovi.inprocess in a Qt application).
    if dict.__getitem__(matplotlib.rcParams, "backend") != BACKEND:
        matplotlib.use(BACKEND, force=True)
    matplotlib.interactive(True)
    if options.rc:
        rc: Any = matplotlib.rcParams
        rc.update(options.rc)
    options.apply()  # Figure is importable now: register by class
    from jovi.kernel import backend_inline  # noqa: PLC0415 - start-up cost

    backend_inline.attach(shell, options)
