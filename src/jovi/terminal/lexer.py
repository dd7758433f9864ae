"""Syntax highlighting at the prompt, without delaying the first prompt.

Building pygments' Python lexer compiles over a hundred regular expressions, which
takes longer than everything else jovi does before its first prompt.  The
:class:`DeferredPythonLexer` shows the (empty) first prompt unhighlighted, builds the
lexer on a helper thread meanwhile, and highlights as soon as it is ready; text typed
before that is highlighted once it is (or, if asked for first, builds it at once).

Lexing starts at the top of the input for the usual cell, so that a line inside a
long string is coloured as one.  In a long input (a big paste, a long cell edited at
its end) lexing everything above the lines on screen at every keystroke would cost
more than the rest of the work together: there, :class:`TopLevelSync` starts at the
nearest line above that begins at column 0 with a statement (a trade-off prompt_toolkit
makes too: a line of a very long triple-quoted string that starts at column 0 may be
coloured as code until the string's start is on screen).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from prompt_toolkit.lexers import Lexer, PygmentsLexer
from prompt_toolkit.lexers.pygments import SyntaxSync

from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from prompt_toolkit.document import Document
    from prompt_toolkit.formatted_text import StyleAndTextTuples

__all__ = ["DeferredPythonLexer", "TopLevelSync"]


class TopLevelSync(SyntaxSync):
    """Where to start lexing to colour line ``lineno``: the top of a short input, else the
    nearest statement above that starts at column 0."""

    FROM_START_BELOW = 300
    """Inputs shorter than this many lines are lexed from their start."""

    LOOK_BACK = 500
    """How many lines above a line are searched for a place to start."""

    def get_sync_start_position(self, document: Document, lineno: int) -> tuple[int, int]:
        if lineno < self.FROM_START_BELOW:
            return 0, 0
        lines = document.lines
        for number in range(lineno, max(-1, lineno - self.LOOK_BACK), -1):
            first = lines[number][:1]
            if first.isalpha() or first in "_@":
                return number, 0
        return lineno, 0


class DeferredPythonLexer(Lexer):
    """pygments' Python lexer, built on a helper thread after the first prompt is shown."""

    def __init__(self) -> None:
        self._lexer: Lexer | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._threads = OwnedThreads("the lexer")

    def ready(self) -> Lexer:
        """The pygments lexer, building it now if no thread has yet."""
        with self._lock:
            if self._lexer is None:
                from pygments.lexers.python import PythonLexer  # noqa: PLC0415 - start-up cost

                self._lexer = PygmentsLexer(
                    PythonLexer, sync_from_start=False, syntax_sync=TopLevelSync()
                )
            return self._lexer

    def build_in_background(self) -> None:
        if self._thread is None:
            self._thread = self._threads.start(self.ready, name="jovi-lexer-build")

    def close(self) -> None:
        """Wait for the lexer being built (it takes a fraction of a second)."""
        self._threads.join()

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        lexer = self._lexer
        if lexer is None:
            if not document.text:  # nothing to highlight yet: build it meanwhile
                self.build_in_background()
                return lambda lineno: [("", document.lines[lineno])] if lineno == 0 else []
            lexer = self.ready()
        return lexer.lex_document(document)

    def invalidation_hash(self) -> Hashable:
        return self._lexer is not None  # re-lex once the real lexer exists
