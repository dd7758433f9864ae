"""The console widget's options, configurable under qtconsole's class names
(``ConsoleWidget.buffer_size``, ``JupyterWidget.syntax_style``, ...)."""

from __future__ import annotations

from typing import Final

from jovi.config import Bool, Configurable, Enum, Int, Str

__all__ = ["COMPLETION_KINDS", "PAGING_MODES", "ConsoleSettings"]

PAGING_MODES: Final = ("inside", "hsplit", "vsplit", "custom", "none")
COMPLETION_KINDS: Final = ("plain", "droplist", "ncurses")


class ConsoleSettings(Configurable):
    """Everything the Qt console's widget can be told, in one place."""

    config_aliases = (
        "ConsoleWidget",
        "HistoryConsoleWidget",
        "FrontendWidget",
        "JupyterWidget",
        "RichJupyterWidget",
        "IPythonWidget",
    )

    ansi_codes = Bool(True, help="Draw ANSI escape sequences (colours, \\r, clears) in output.")
    buffer_size = Int(
        500,
        help="How many lines the console keeps; older ones are dropped (0 or less: all).",
    )
    console_width = Int(81, min=10, help="Columns of text at start (doubled with hsplit paging).")
    console_height = Int(25, min=3, help="Rows of text at start (doubled with vsplit paging).")
    execute_on_complete_input = Bool(
        True,
        help="Enter runs the input when the kernel says it is complete (else only Shift-Enter).",
    )
    font_family = Str("", help="The font of the console ('' : the platform's monospace).")
    font_size = Int(0, min=0, help="The font's size in points (0: Qt decides).")
    gui_completion = Enum(
        COMPLETION_KINDS,
        "ncurses",
        help="How completions show: a plain list in the text, a drop-down list, or an "
        "ncurses-like grid moved through with Tab and the arrows.",
    )
    gui_completion_height = Int(0, min=0, help="Rows of the completion list at most (0: any).")
    include_other_output = Bool(
        False, help="Show the inputs and outputs of the kernel's other clients."
    )
    other_output_prefix = Str("[remote] ", help="What precedes other clients' inputs and outputs.")
    paging = Enum(
        PAGING_MODES,
        "inside",
        help="Where paged text goes: over the console (inside), beside it (hsplit), below "
        "it (vsplit), to the custom_page_requested signal (custom), or into the console (none).",
    )
    scrollbar_visibility = Bool(True, help="Show the vertical scroll bar.")
    history_lock = Bool(False, help="Browsing history does not replace edited entries.")
    banner = Str("", help="The banner shown at start ('' : the kernel's).")
    clear_on_kernel_restart = Bool(
        True, help="Clear the console when the kernel restarts (else a marker is printed)."
    )
    confirm_restart = Bool(True, help="Ask before restarting the kernel.")
    enable_calltips = Bool(True, help="Show the signature and docstring on '('.")
    lexer_class = Str("", help="The pygments lexer of the input ('' : from the kernel's language).")
    editor = Str(
        "", help="The editor %edit starts: a command with {filename}, or one it is appended to."
    )
    editor_line = Str("", help="The editor command with {filename} and {line}, for a line.")
    in_prompt = Str("In [%i]: ", help="The input prompt (%i: the execution count).")
    out_prompt = Str("Out[%i]: ", help="The output prompt (%i: the execution count).")
    input_sep = Str("\n", help="What goes before each input prompt.")
    output_sep = Str("", help="What goes before each result.")
    output_sep2 = Str("", help="What goes after each result.")
    style_sheet = Str("", help="A CSS style sheet for the console ('' : from syntax_style).")
    syntax_style = Str("", help="The pygments style of input ('' : default, or the style sheet's).")
