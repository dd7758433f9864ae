"""Completion that never goes silent: what is before the dot is found without running
code when jedi cannot answer in time, jedi is warmed up in the background, and a late
jedi answer is merged when it comes (issue 15, point 5)."""

from __future__ import annotations

import asyncio

import pytest

from jovi.shell import InteractiveShell


@pytest.fixture
def shell():
    shell = InteractiveShell()
    try:
        yield shell
    finally:
        shell.close()


def _texts(shell, text: str) -> list[str]:
    return [c.text for c in shell.completions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"abc".st', {"startswith", "strip"}),
        ("[1, 2].ap", {"append"}),
        ('open("x").rea', {"read", "readline", "readlines", "readable"}),
        ('open("x", "rb").rea', {"read", "read1", "readinto"}),
        ("{1: 2}.ke", {"keys"}),
        ('b"x".he', {"hex"}),
        ('f"{1}".up', {"upper"}),
        ("[i for i in x].co", {"copy", "count"}),
        ('print("a" + "b".sp', {"split", "splitlines"}),
        ("(1).bit_", {"bit_length", "bit_count"}),
        ("[x, y].po", {"pop"}),
    ],
)
def test_the_issues_examples_answer_without_jedi(shell, text, expected):
    shell.completer.use_jedi = False  # as when jedi misses its budget on a cold first use
    assert expected <= set(_texts(shell, text))


def test_a_cold_jedi_that_misses_its_budget_leaves_the_fast_answer(shell):
    shell.completer.jedi_budget = 0.0
    assert {"startswith", "strip"} <= set(_texts(shell, '"abc".st'))


def test_nothing_the_user_wrote_is_run_to_find_it(shell, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shell.completer.use_jedi = False
    shell.run_cell(
        "ran = []\nclass Account:\n    def __init__(self):\n        ran.append('init')\n"
        "    def deposit(self, amount):\n        pass"
    )
    assert "deposit" in _texts(shell, "Account().dep")
    assert shell.user_ns["ran"] == []
    assert "write" in _texts(shell, 'open("never-created.txt", "w").wri')
    assert not (tmp_path / "never-created.txt").exists()
    assert _texts(shell, "unknown_function().x") == []


def test_a_late_jedi_answer_is_there_for_whoever_waits(shell):
    assert shell.completer.jedi.wait_until_loaded()
    shell.completer.jedi_budget = 0.0  # jedi is never waited for
    text = "def make():\n    return 'text'\nmake().upp"
    assert "upper" not in _texts(shell, text)  # only jedi knows what make() returns
    # jedi's first inference reads the builtins' stubs: seconds on a loaded machine.
    late = [c.text for c in shell.completer.late_completions(text, timeout=60)]
    assert "upper" in late
    assert shell.completer.late_completions("something else") == []


def test_the_terminal_menu_shows_the_fast_answer_then_adds_jedis(shell):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from jovi.terminal.session import EngineCompleter

    assert shell.completer.jedi.wait_until_loaded()
    shell.completer.jedi_budget = 0.0
    text = "def make():\n    return 'text'\nmake().upp"
    completer = EngineCompleter(shell)
    completer.late_wait = 60  # jedi's first inference: seconds on a loaded machine

    async def collect() -> list[str]:
        return [
            c.text async for c in completer.get_completions_async(Document(text), CompleteEvent())
        ]

    found = asyncio.run(collect())
    assert found.count("upper") == 1  # jedi's answer, added once


def test_jedi_is_warmed_up_in_the_background(shell):
    source = shell.completer.jedi
    source.warm_up(delay=0.0)
    assert source.wait_until_loaded()
    assert source.ready()
