"""Highlighting at the prompt: exact for the usual cell, cheap for a long one."""

from __future__ import annotations

from prompt_toolkit.document import Document

from jovi.terminal.lexer import DeferredPythonLexer, TopLevelSync


def _styles(lexer: DeferredPythonLexer, text: str, lineno: int) -> set[str]:
    line = lexer.lex_document(Document(text))(lineno)
    return {style for style, fragment in line if fragment.strip()}


def test_a_line_inside_a_long_string_of_a_usual_cell_is_coloured_as_string():
    text = 'doc = """\nthis line is text\n"""\nx = 1\n'
    styles = _styles(DeferredPythonLexer(), text, 1)
    assert styles
    assert all("literal.string" in style for style in styles)


def test_a_long_input_starts_lexing_near_the_line_asked_for():
    sync = TopLevelSync()
    lines = [f"value_{n} = {n}" for n in range(1000)]
    lines[900] = "    indented = 1"
    document = Document("\n".join(lines))
    assert sync.get_sync_start_position(document, 10) == (0, 0)
    assert sync.get_sync_start_position(document, 950) == (950, 0)
    assert sync.get_sync_start_position(document, 900) == (899, 0)
    only_indented = Document("\n".join(["if x:", *["    y = 1"] * 999]))
    assert sync.get_sync_start_position(only_indented, 900) == (900, 0)


def test_the_prompt_lexer_lexes_a_long_paste_from_near_the_screen():
    lexer = DeferredPythonLexer().ready()
    assert isinstance(lexer.syntax_sync, TopLevelSync)  # type: ignore[attr-defined]
    text = "\n".join(f"value_{n} = {n} * 2" for n in range(1000))
    styles = _styles(DeferredPythonLexer(), text, 999)
    assert any("literal.number" in style for style in styles)


def test_closing_the_lexer_joins_the_thread_that_builds_it():
    lexer = DeferredPythonLexer()
    lexer.lex_document(Document(""))  # the empty first prompt: built in the background
    [thread] = lexer._threads.alive() or [lexer._thread]
    lexer.close()
    assert thread is not None
    assert not thread.is_alive()
    assert lexer.invalidation_hash() is True  # it was built, not abandoned
