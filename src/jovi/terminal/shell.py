"""The terminal shell: the engine plus a prompt_toolkit line editor.

``TerminalInteractiveShell.mainloop()`` reads cells at ``In [N]:`` and runs them until
``exit``, ``quit``, ``%exit`` or Ctrl-D.  When standard input is not a terminal (a
pipe, a file), cells are read from it without a line editor, so ``jovi < script``
works.  prompt_toolkit is imported only when a prompt is shown: ``jovi -c`` does not
pay for it.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.config import Bool, Change, Dict, Enum, List, Str, on_change
from jovi.shell.interactiveshell import InteractiveShell
from jovi.shell.usage import banner
from jovi.terminal.output import TerminalOutput
from jovi.terminal.prompts import Prompts

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["TerminalInteractiveShell", "default_banner"]


def default_banner() -> str:
    """The start-up banner: Python's version, jovi's, and the four commands to know."""
    return banner()


def _default_editor() -> str:
    return (
        os.environ.get("VISUAL")
        or os.environ.get("EDITOR")
        or ("notepad" if os.name == "nt" else "vi")
    )


class _NoneAsEmpty(Enum):
    """A choice where ``None`` (as IPython's configuration files write it) means ''."""

    def validate(self, value: object) -> str:
        return "" if value is None else super().validate(value)

    def parse(self, text: str) -> str:
        return "" if text.strip() == "None" else super().parse(text)


class _TextOrNone(Str):
    """Text where ``None`` (as IPython's configuration files write it) means ''."""

    def validate(self, value: object) -> str:
        return "" if value is None else super().validate(value)

    def parse(self, text: str) -> str:
        return "" if text.strip() == "None" else super().parse(text)


class TerminalInteractiveShell(InteractiveShell):
    """The engine as a terminal REPL: prompts, editing, completion menu, pager."""

    confirm_exit = Bool(True, help="Ask 'Do you really want to exit ([y]/n)?' on Ctrl-D.")
    editing_mode = Enum(("emacs", "vi"), "emacs", help="Key bindings of the line editor.")
    autoindent = Bool(True, help="Indent new lines of a block automatically.")
    auto_suggest = Bool(
        True,
        help="Suggest the rest of the line from history, in grey (accept with the right "
        "arrow, Ctrl-E or Ctrl-F); see also autosuggestions_provider.",
    )
    autosuggestions_provider = _NoneAsEmpty(
        ("NavigableAutoSuggestFromHistory", "AutoSuggestFromHistory", ""),
        "NavigableAutoSuggestFromHistory",
        help="Where suggestions come from (IPython 9's option): "
        "'NavigableAutoSuggestFromHistory' (while one is shown, Up and Down go to older "
        "and newer history lines starting with what is typed), 'AutoSuggestFromHistory' "
        "(Up and Down recall history as usual), or None or '' (no suggestions).",
    )
    auto_match = Bool(
        False,
        help="Type the closing bracket or quote with the opening one ((), [], {}, '', \"\"), "
        "type over it, and delete an empty pair with Backspace.",
    )
    autoformatter = _TextOrNone(
        "",
        help="Reformat complete input before it runs: 'black', 'yapf', 'ruff', or a "
        "function from text to text as 'module.function'; '' or None: off.",
    )
    shortcuts = List(
        dict,
        help="Rebind, disable or add key bindings (IPython 9's option): a list of dicts "
        "with 'command' and some of 'match_keys', 'match_filter', 'new_keys' (a list of "
        "keys; [] disables), 'new_filter' and 'create' (True adds a shortcut). Commands "
        "and filters are listed in the terminal guide.",
    )
    prompt_includes_vi_mode = Bool(
        True, help="In vi mode, show the mode before the prompt: [ins], [nav] or [rep]."
    )
    simple_prompt = Bool(
        False,
        help="Read input with plain input() and no line editor (--simple-prompt), for "
        "Emacs and other programs that drive jovi through a pipe or a dumb terminal.",
    )
    highlighting_style = Str(
        "",
        help="The pygments style of the input ('' picks one from the colour scheme).",
        default_text="'' (monokai for Linux, default for LightBG and Neutral, pastie for Pride, "
        "gruvbox-dark for Gruvbox-Dark, none for NoColor)",
    )
    highlighting_style_overrides = Dict(
        {}, help="Style overrides by token, e.g. {'pygments.keyword': 'bold #ansiblue'}."
    )
    highlight_matching_brackets = Bool(
        True, help="Highlight the bracket matching the one at the cursor."
    )
    display_completions = Enum(
        ("column", "multicolumn", "readlinelike"),
        "multicolumn",
        help="How the completion menu is laid out.",
    )
    complete_while_typing = Bool(False, help="Open the completion menu while typing (else on Tab).")
    term_title = Bool(True, help="Show 'jovi: <directory>' in the terminal's title.")
    banner1 = Str(
        help="The banner shown at start-up.",
        default_factory=default_banner,
        default_text="Python and jovi versions, and how to get help",
    )
    banner2 = Str("", help="A second banner, shown after the first.")
    separate_in = Str("\n", help="Printed before each input prompt (except the first).")
    prompts_class = Str(
        "jovi.terminal.prompts.Prompts", help="The class of the prompts, as module.Class."
    )
    editor = Str(
        help="The editor %edit starts.",
        default_factory=_default_editor,
        default_text="$VISUAL, else $EDITOR, else vi",
    )
    mouse_support = Bool(False, help="Let the mouse move the cursor in the input.")
    early_prompt = Bool(
        True,
        help="Show the first prompt while the line editor is still loading (what is typed "
        "meanwhile is kept and shown again once it has loaded).",
    )
    true_color = Bool(False, help="Use 24-bit colours (if the terminal supports them).")

    def __init__(self, **kwargs: Any) -> None:
        output = kwargs.pop("output", None) or TerminalOutput()
        super().__init__(output=output, **kwargs)
        if isinstance(output, TerminalOutput):
            output.shell = self
        self.prompts: Prompts = self._make_prompts()
        self.active_inputhook: Callable[[Any], None] | None = None
        self.active_gui: str | None = None
        self._session: Any = None
        self._first_prompt = True
        from jovi.terminal.magics import TerminalMagics  # noqa: PLC0415 - start-up cost

        self.register_magics(TerminalMagics)
        self.alias_manager.add_terminal_aliases()

    def _make_prompts(self) -> Prompts:
        module_name, _, class_name = self.prompts_class.rpartition(".")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
            return cls(self)  # type: ignore[no-any-return]
        except Exception as error:  # noqa: BLE001 - a bad setting must not stop the shell
            self.output.write(
                f"jovi: could not use the prompts class {self.prompts_class}: {error}; using the default.\n",
                error=True,
            )
            return Prompts(self)

    @on_change("prompts_class")
    def _prompts_class_changed(self, change: Change) -> None:
        self.prompts = self._make_prompts()

    @on_change(
        "editing_mode",
        "highlighting_style",
        "highlighting_style_overrides",
        "colors",
        "auto_suggest",
        "autosuggestions_provider",
        "shortcuts",
    )
    def _editor_settings_changed(self, change: Change) -> None:
        self._session = None  # rebuilt at the next prompt

    # ------------------------------------------------------------------ the loop

    @property
    def banner(self) -> str:
        return self.banner1 + (f"\n{self.banner2}" if self.banner2 else "")

    def show_banner(self) -> None:
        self.output.write(self.banner.rstrip("\n") + "\n\n")

    def _set_title(self) -> None:
        stream = sys.stdout
        if self.term_title and stream is sys.__stdout__ and stream is not None and stream.isatty():
            cwd = str(Path.cwd()).replace(str(Path.home()), "~", 1)
            stream.write(f"\x1b]0;jovi: {cwd}\x07")
            stream.flush()

    def prompt_for_code(self) -> str:
        """Read one cell at the prompt (raises EOFError on Ctrl-D, KeyboardInterrupt on Ctrl-C)."""
        if self.simple_prompt:
            from jovi.terminal.simple import prompt_simply  # noqa: PLC0415 - start-up cost

            if not self._first_prompt and self.separate_in:
                sys.stdout.write(self.separate_in)
            self._first_prompt = False
            return prompt_simply(self, self.prompts)
        if self._session is None:
            from jovi.terminal.early import EarlyPrompt  # noqa: PLC0415 - start-up cost

            early = EarlyPrompt.show(self) if self._wants_early_prompt() else None
            try:
                from jovi.terminal.session import build_session  # noqa: PLC0415 - heavy

                self._session = build_session(self)
            finally:
                if early is not None:
                    early.hand_over()
        default = ""
        output = self.output
        if isinstance(output, TerminalOutput) and output.next_input is not None:
            default, output.next_input = output.next_input, None
        if not self._first_prompt and self.separate_in:
            sys.stdout.write(self.separate_in)
        first, self._first_prompt = self._first_prompt, False
        self._set_title()
        from jovi.terminal.stdout import output_above_prompt  # noqa: PLC0415 - with the editor

        with output_above_prompt():
            text: str = self._session.prompt(
                default=default,
                inputhook=self.active_inputhook,
                pre_run=self._warm_up_completion if first else None,
            )
        return text

    def _warm_up_completion(self) -> None:
        """Once the first prompt shows, have jedi loaded in the background: the first
        Tab then gets its answers at once (its import alone takes longer than its budget)."""
        self.completer.warm_up()

    def _wants_early_prompt(self) -> bool:
        return (
            self.early_prompt
            and not self.simple_prompt
            and self._first_prompt
            and "prompt_toolkit" not in sys.modules
            and sys.stdin.isatty()
            and sys.stdout.isatty()
        )

    def ask_yes_no(self, question: str, default: str = "y") -> bool:
        """Ask a yes/no question at the terminal; Enter gives ``default``."""
        try:
            answer = input(question + " ").strip().lower()
        except (EOFError, KeyboardInterrupt):
            return default == "y"
        if not answer:
            return default == "y"
        return answer[0] == "y"

    def interact(self) -> None:
        """Read and run cells until asked to leave."""
        while not self.exit_now:
            try:
                code = self.prompt_for_code()
            except EOFError:
                if not self.confirm_exit or self.ask_yes_no("Do you really want to exit ([y]/n)?"):
                    self.ask_exit()
                continue
            except KeyboardInterrupt:
                sys.stdout.write("\n")
                continue
            if code.strip():
                self.run_cell(code, store_history=True)

    def read_piped_cells(self) -> None:
        """Run the cells of a non-terminal standard input, split by completeness."""
        from jovi.terminal.simple import run_piped_input  # noqa: PLC0415 - start-up cost

        run_piped_input(self, sys.stdin)

    def mainloop(self) -> None:
        """The REPL: interactive on a terminal (or with ``simple_prompt``), reading cells
        from a pipe otherwise."""
        try:
            if not sys.stdin.isatty() and not self.simple_prompt:
                self.read_piped_cells()
                return
            while True:
                try:
                    self.interact()
                    break
                except KeyboardInterrupt:
                    sys.stdout.write("\nKeyboardInterrupt escaped interact()\n")
        finally:
            self.exit_now = False
            # The deferred lexer's thread, if the lexer is still being built.
            close_lexer = getattr(getattr(self._session, "lexer", None), "close", None)
            if close_lexer is not None:
                close_lexer()

    # ------------------------------------------------------------------ GUI integration

    def enable_gui(self, gui: str | None = None) -> None:
        """Run a GUI toolkit's event loop while the prompt waits (``%gui``)."""
        from jovi.terminal.inputhooks import inputhook_for  # noqa: PLC0415 - start-up cost

        self.active_inputhook = inputhook_for(gui) if gui else None
        self.active_gui = gui or None
        if gui and self.simple_prompt:
            self.output.write(
                f"jovi: with --simple-prompt, nothing runs the {gui} event loop while jovi "
                "waits for input: windows respond only while a cell runs.\n",
                error=True,
            )
