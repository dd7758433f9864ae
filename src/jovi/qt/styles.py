"""The console's looks: light and dark colour sets, style sheets, and pygments styles.

A :class:`Palette` holds the colours the console draws with (background, text,
prompts, errors, the highlighted completion).  It comes from a pygments style (the
background and text colours of ``syntax_style``: ``default`` is light, ``monokai``
dark) and the widget's Qt style sheet is made from it, the one qtconsole documents:
``QPlainTextEdit, QTextEdit`` colours, ``.error``, ``.in-prompt``, ``.out-prompt``,
``.inverted``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "DARK",
    "LIGHT",
    "Palette",
    "available_styles",
    "palette_for",
    "style_sheet",
]


@dataclass(frozen=True)
class Palette:
    """The colours of a console, as ``#rrggbb``."""

    syntax_style: str
    background: str
    foreground: str
    selection: str
    in_prompt: str
    out_prompt: str
    error: str
    inverted_background: str
    inverted_foreground: str

    @property
    def dark(self) -> bool:
        """Whether the background is dark."""
        red, green, blue = (int(self.background[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * red + 0.587 * green + 0.114 * blue < 128


LIGHT: Final = Palette(
    syntax_style="default",
    background="#ffffff",
    foreground="#000000",
    selection="#cccccc",
    in_prompt="#000080",
    out_prompt="#8b0000",
    error="#ff0000",
    inverted_background="#000000",
    inverted_foreground="#ffffff",
)
DARK: Final = Palette(
    syntax_style="monokai",
    background="#272822",
    foreground="#f8f8f2",
    selection="#49483e",
    in_prompt="#a6e22e",
    out_prompt="#f92672",
    error="#ff5555",
    inverted_background="#f8f8f2",
    inverted_foreground="#272822",
)


def available_styles() -> list[str]:
    """The names of the pygments styles installed."""
    from pygments.styles import get_all_styles  # noqa: PLC0415 - pygments only when asked

    return sorted(get_all_styles())


def palette_for(syntax_style: str) -> Palette:
    """The palette for the pygments style ``syntax_style`` ('' : light): its
    background and text colours, with prompts to match light or dark."""
    if not syntax_style or syntax_style == LIGHT.syntax_style:
        return LIGHT
    if syntax_style == DARK.syntax_style:
        return DARK
    from pygments.styles import get_style_by_name  # noqa: PLC0415 - pygments only when asked
    from pygments.token import Text  # noqa: PLC0415 - pygments only when asked

    style = get_style_by_name(syntax_style)
    background = _hex(style.background_color, "#ffffff")
    base = DARK if Palette("", background, "", "", "", "", "", "", "").dark else LIGHT
    text = style.style_for_token(Text).get("color")
    foreground = f"#{text}" if text else base.foreground
    return Palette(
        syntax_style=syntax_style,
        background=background,
        foreground=foreground,
        selection=_hex(style.highlight_color, base.selection),
        in_prompt=base.in_prompt,
        out_prompt=base.out_prompt,
        error=base.error,
        inverted_background=foreground,
        inverted_foreground=background,
    )


def _hex(colour: str | None, fallback: str) -> str:
    if not colour or not colour.startswith("#"):
        return fallback
    if len(colour) == 4:
        return "#" + "".join(c * 2 for c in colour[1:])
    return colour[:7]


def style_sheet(palette: Palette) -> str:
    """The Qt style sheet of a console in ``palette`` (qtconsole's selectors)."""
    return (
        f"QPlainTextEdit, QTextEdit {{ background-color: {palette.background}; "
        f"color: {palette.foreground}; selection-background-color: {palette.selection}; }}\n"
        f".error {{ color: {palette.error}; }}\n"
        f".in-prompt {{ color: {palette.in_prompt}; }}\n"
        f".in-prompt-number {{ font-weight: bold; }}\n"
        f".out-prompt {{ color: {palette.out_prompt}; }}\n"
        f".out-prompt-number {{ font-weight: bold; }}\n"
        f".inverted {{ background-color: {palette.inverted_background}; "
        f"color: {palette.inverted_foreground}; }}\n"
    )
