"""The prompt_toolkit session of the terminal shell: keys, completion, history, colours.

Keys (emacs mode; vi mode has the same Enter behaviour):

* Enter runs the cell when it is complete; otherwise it starts a new line, indented
  as the code asks.  On an empty last line it always runs (or reports the error).
* Alt-Enter (Esc then Enter) and Ctrl-O insert a new line without running.
* Tab completes, or indents when only spaces precede the cursor.
* Up/Down recall history by the prefix typed; Ctrl-R searches history.
* Ctrl-C clears the input; Ctrl-D on an empty line leaves (after confirming);
  Ctrl-Z suspends jovi (on POSIX).
* A pasted block (bracketed paste) is inserted as a whole, as one cell.

Completion runs in a helper thread, so typing never waits for it; each entry of the
menu shows its kind and, for callables, its signature.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import History
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.layout.processors import ConditionalProcessor, HighlightMatchingBracketProcessor
from prompt_toolkit.shortcuts import CompleteStyle
from prompt_toolkit.styles import BaseStyle, Style, merge_styles, style_from_pygments_cls
from pygments.styles import get_style_by_name

from jovi.terminal.lexer import DeferredPythonLexer
from jovi.terminal.shortcuts import Shortcut, key_bindings_from, verb_filters

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator, Iterable, Iterator

    from prompt_toolkit.buffer import Buffer
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document
    from prompt_toolkit.key_binding import KeyPressEvent

    from jovi.terminal.prompts import Prompts
    from jovi.terminal.shell import TerminalInteractiveShell

__all__ = [
    "CompletenessCheck",
    "EditorHost",
    "EngineCompleter",
    "SessionHistory",
    "Verdict",
    "build_prompt_session",
    "build_session",
    "editor_key_bindings",
    "editor_shortcuts",
    "editor_style",
]

_STYLES_BY_SCHEME = {
    "Linux": "monokai",
    "LightBG": "default",
    "Neutral": "default",
    "NoColor": "",
    "Pride": "pastie",
    "Gruvbox-Dark": "gruvbox-dark",
}
_PROMPT_STYLES = {
    "NoColor": {},
    "Linux": {
        "prompt": "#ansibrightgreen",
        "prompt.number": "#ansibrightgreen bold",
        "out-prompt": "#ansibrightred",
        "out-prompt.number": "#ansibrightred bold",
    },
    "LightBG": {
        "prompt": "#ansiblue",
        "prompt.number": "#ansiblue bold",
        "out-prompt": "#ansired",
        "out-prompt.number": "#ansired bold",
    },
    "Neutral": {
        "prompt": "#ansigreen",
        "prompt.number": "#ansigreen bold",
        "out-prompt": "#ansired",
        "out-prompt.number": "#ansired bold",
    },
    "Pride": {
        "prompt": "#004cff",
        "prompt.number": "#004cff bold",
        "out-prompt": "#e40303",
        "out-prompt.number": "#e40303 bold",
    },
    "Gruvbox-Dark": {
        "prompt": "#689d6a",
        "prompt.number": "#8ec07c bold",
        "out-prompt": "#b16286",
        "out-prompt.number": "#d3869b bold",
    },
}


class EngineCompleter(Completer):
    """The engine's structured completions as a prompt_toolkit completer."""

    #: How long an open menu keeps listening for jedi's late answer, in seconds.
    late_wait = 2.0

    def __init__(self, shell: TerminalInteractiveShell) -> None:
        self.shell = shell

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        text, cursor = document.text, document.cursor_position
        for found in self.shell.completions(text, cursor):
            yield self._item(found, cursor)

    async def get_completions_async(
        self, document: Document, complete_event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        """The fast completions at once, then what jedi adds if it answers late: the
        menu never waits for jedi, and never misses its answer."""
        import asyncio  # noqa: PLC0415 - prompt_toolkit's loop is running already

        text, cursor = document.text, document.cursor_position
        shown: set[tuple[int, str]] = set()
        for found in self.shell.completions(text, cursor):
            shown.add((found.start, found.text))
            yield self._item(found, cursor)
        late = await asyncio.to_thread(
            self.shell.completer.late_completions, text, cursor, self.late_wait
        )
        for found in late:
            if (found.start, found.text) not in shown:
                yield self._item(found, cursor)

    @staticmethod
    def _item(found: Any, cursor: int) -> Completion:
        meta = found.type + (f" {found.signature}" if found.signature else "")
        return Completion(found.text, start_position=found.start - cursor, display_meta=meta)


class SessionHistory(History):
    """Previous inputs from the history database, newest first, for Up/Down and Ctrl-R.

    Inputs are saved by the engine when they run, so nothing is stored here.
    """

    def __init__(self, shell: TerminalInteractiveShell) -> None:
        super().__init__()
        self.shell = shell

    def load_history_strings(self) -> Iterable[str]:
        manager = self.shell.history_manager
        limit = self.shell.history_length
        previous = None
        try:
            rows = manager.get_tail(limit, raw=True, include_latest=True) if limit else []
        except Exception:  # noqa: BLE001 - an unreadable history is no history, not a crash
            rows = []
        for _session, _line, source in reversed(rows):
            if source and source != previous and source.strip() not in ("exit", "quit"):
                previous = source
                yield source

    def store_string(self, string: str) -> None:
        """Saved by the engine's history manager when the cell runs."""


class EditorHost(Protocol):
    """What the line editor is configured from: the terminal shell, or the console."""

    prompts: Prompts
    colors: str
    highlighting_style: str
    highlighting_style_overrides: dict[str, str]
    editing_mode: str
    auto_suggest: bool
    mouse_support: bool
    complete_while_typing: bool
    display_completions: str
    highlight_matching_brackets: bool
    autoindent: bool


Verdict = tuple[str, str]
"""``(status, indent)``: ``complete``, ``incomplete`` (and the indent of the next
line) or ``invalid``."""

CompletenessCheck = Callable[[str], Verdict] | Callable[[str], Awaitable[Verdict]]
"""Decides what Enter does with the text: at once (the shell), or a coroutine that
asks a kernel (the console)."""


def editor_style(host: EditorHost, warn: Callable[[str], object]) -> BaseStyle:
    """The style of the prompt and the input, from the host's colour options."""
    scheme = host.colors
    styles: list[BaseStyle] = []
    name = host.highlighting_style or _STYLES_BY_SCHEME.get(scheme, "default")
    if name and scheme != "NoColor":
        try:
            styles.append(style_from_pygments_cls(get_style_by_name(name)))
        except Exception:  # noqa: BLE001 - an unknown style name falls back to none
            warn(f"jovi: unknown highlighting style {name!r}; using none.\n")
    rules = dict(_PROMPT_STYLES.get(scheme, {}))
    rules.update(host.highlighting_style_overrides)
    styles.append(Style.from_dict(rules))
    return merge_styles(styles)


def _decide(
    buffer: Buffer,
    document: Document,
    verdict: Verdict,
    autoindent: bool,
    reformat: Callable[[str], str] | None = None,
) -> None:
    """Run the input (complete, or invalid with nothing more to add), or go on a new line.

    ``reformat`` (the shell's ``autoformatter``) rewrites complete input before it runs.
    """
    status, indent = verdict
    last_line_empty = document.text.endswith("\n") or not document.current_line.strip()
    if status == "complete" or (
        status == "invalid" and (last_line_empty or "\n" not in document.text)
    ):
        if status == "complete" and reformat is not None:
            formatted = reformat(document.text)
            if formatted != document.text:
                buffer.text = formatted
        buffer.validate_and_handle()
        return
    buffer.insert_text("\n" + (indent if autoindent else ""))


def editor_shortcuts(
    check_complete: CompletenessCheck,
    autoindent: Callable[[], bool],
    *,
    asynchronous: bool = False,
    reformat: Callable[[], Callable[[str], str] | None] | None = None,
) -> list[Shortcut]:
    """Enter (runs complete input), Alt-Enter and Ctrl-O (new line), Tab (indents at the
    start of a line), Ctrl-C (clears the input), as named, rebindable shortcuts.

    With ``asynchronous``, ``check_complete`` is a coroutine function; Enters typed
    while one is being answered wait their turn and judge the text as it is then.
    ``reformat`` gives the formatter of complete input at the time Enter is pressed.
    """
    turn: list[Any] = []  # the lock of asynchronous Enters, made in the event loop

    def formatter() -> Callable[[str], str] | None:
        return reformat() if reformat is not None else None

    async def decide_in_turn(buffer: Buffer) -> None:
        if not turn:
            import asyncio  # noqa: PLC0415 - only the console's editor needs it

            turn.append(asyncio.Lock())
        async with turn[0]:
            document = buffer.document
            if document.text.strip() == "":
                buffer.validate_and_handle()
                return
            verdict = await check_complete(document.text)  # type: ignore[misc]
            _decide(buffer, document, verdict, autoindent(), formatter())

    def run_or_new_line(event: KeyPressEvent) -> Awaitable[None] | None:
        buffer = event.current_buffer
        document = buffer.document
        if document.text.strip() == "":
            buffer.validate_and_handle()
            return None
        if not document.is_cursor_at_the_end and "\n" in document.text:
            buffer.insert_text("\n")
            return None
        if asynchronous:
            return decide_in_turn(buffer)  # prompt_toolkit runs it as a background task
        verdict = check_complete(document.text)
        assert isinstance(verdict, tuple)
        _decide(buffer, document, verdict, autoindent(), formatter())
        return None

    def accept_completion(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if (
            buffer.complete_state is not None
            and buffer.complete_state.current_completion is not None
        ):
            buffer.apply_completion(buffer.complete_state.current_completion)
        else:
            buffer.cancel_completion()

    def new_line(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    def indent(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("    ")

    def clear_input(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    enter_filter = "default_buffer_focused & ~has_selection & ~has_completions"
    return [
        # Ctrl-J is Enter too, as in readline: it is also what Enter becomes when typed
        # before the line editor has loaded (the terminal turns it into a line feed).
        Shortcut("jovi:run_or_new_line", ("enter",), enter_filter, run_or_new_line),
        Shortcut("jovi:run_or_new_line", ("c-j",), enter_filter, run_or_new_line),
        Shortcut(
            "jovi:accept_completion",
            ("enter",),
            "default_buffer_focused & has_completions",
            accept_completion,
        ),
        Shortcut("jovi:new_line", ("escape", "enter"), "default_buffer_focused", new_line),
        Shortcut("jovi:new_line", ("c-o",), "default_buffer_focused", new_line),
        Shortcut(
            "jovi:indent",
            ("tab",),
            "default_buffer_focused & line_before_cursor_is_blank & ~has_completions",
            indent,
        ),
        Shortcut("jovi:clear_input", ("c-c",), "default_buffer_focused", clear_input),
    ]


def editor_key_bindings(
    check_complete: CompletenessCheck, autoindent: Callable[[], bool], *, asynchronous: bool = False
) -> KeyBindings:
    """The key bindings of :func:`editor_shortcuts`, as they are by default."""
    shortcuts = editor_shortcuts(check_complete, autoindent, asynchronous=asynchronous)
    return key_bindings_from(shortcuts, verb_filters())


def build_prompt_session(
    host: EditorHost,
    *,
    completer: Completer,
    history: History,
    check_complete: CompletenessCheck,
    warn: Callable[[str], object],
    extra_bindings: KeyBindings | None = None,
    editor_bindings: KeyBindings | None = None,
    complete_in_thread: bool = True,
    asynchronous: bool = False,
) -> PromptSession[str]:
    """A PromptSession with jovi's keys, prompts and colours, configured from ``host``
    (``asynchronous``: ``check_complete`` is a coroutine function; ``editor_bindings``:
    jovi's keys as the host has changed them, in place of :func:`editor_key_bindings`)."""

    def message() -> FormattedText:
        return FormattedText(host.prompts.in_prompt_tokens())

    def continuation(width: int, line_number: int, is_soft_wrap: int) -> FormattedText:
        return FormattedText(host.prompts.continuation_prompt_tokens(width))

    styles = {
        "column": CompleteStyle.COLUMN,
        "multicolumn": CompleteStyle.MULTI_COLUMN,
        "readlinelike": CompleteStyle.READLINE_LIKE,
    }
    bindings = editor_bindings or editor_key_bindings(
        check_complete, lambda: host.autoindent, asynchronous=asynchronous
    )
    session: PromptSession[str] = PromptSession(
        message=message,
        multiline=True,
        prompt_continuation=continuation,
        key_bindings=merge_key_bindings([bindings, extra_bindings])
        if extra_bindings is not None
        else bindings,
        history=history,
        enable_history_search=True,
        completer=completer,
        complete_in_thread=complete_in_thread,
        complete_while_typing=host.complete_while_typing,
        complete_style=styles[host.display_completions],
        lexer=DeferredPythonLexer() if host.colors != "NoColor" else None,
        style=editor_style(host, warn),
        include_default_pygments_style=False,
        editing_mode=EditingMode.VI if host.editing_mode == "vi" else EditingMode.EMACS,
        auto_suggest=AutoSuggestFromHistory() if host.auto_suggest else None,
        enable_suspend=True,
        mouse_support=host.mouse_support,
        color_depth=None,
        input_processors=[
            ConditionalProcessor(
                HighlightMatchingBracketProcessor(chars="[](){}"),
                Condition(lambda: host.highlight_matching_brackets),
            )
        ],
        tempfile_suffix=".py",
    )
    return session


def build_session(shell: TerminalInteractiveShell) -> PromptSession[str]:
    """The terminal shell's PromptSession, configured from the shell's options."""
    from jovi.terminal.editing import shell_key_bindings  # noqa: PLC0415 - cycle
    from jovi.terminal.suggestions import NavigableSuggestions  # noqa: PLC0415 - start-up cost

    def warn(text: str) -> None:
        shell.output.write(text, error=True)

    session = build_prompt_session(
        shell,
        completer=EngineCompleter(shell),
        history=SessionHistory(shell),
        check_complete=shell.check_complete,
        warn=warn,
        editor_bindings=shell_key_bindings(shell, warn, navigable := NavigableSuggestions()),
    )
    if not shell.autosuggestions_provider:
        session.auto_suggest = None
    elif shell.autosuggestions_provider == "NavigableAutoSuggestFromHistory" and shell.auto_suggest:
        session.auto_suggest = navigable
    return session
