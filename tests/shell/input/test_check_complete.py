"""Whether typed text is ready to run: complete, incomplete (with an indent) or invalid."""

from __future__ import annotations

import pytest

from jovi.shell.input import TransformerManager


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("complete", None)),
        ("   ", ("complete", None)),
        ("x = 1", ("complete", None)),
        ("print('hi')", ("complete", None)),
        ("if x: pass", ("complete", None)),
        ("await foo()", ("complete", None)),
        ("def f():", ("incomplete", 4)),
        ("for i in range(3):", ("incomplete", 4)),
        ("class A:\n    def f(self):", ("incomplete", 8)),
        ("def f():\n    return 1", ("incomplete", 0)),
        ("def f():\n    pass", ("incomplete", 0)),
        ("while True:\n    x = 1", ("incomplete", 4)),
        ("while True:\n    break", ("incomplete", 0)),
        ("def f():\n    return 1\n", ("complete", None)),
        ("for x in y:\n    a\n    ", ("complete", None)),
        ("if x:\n    a\nelse:", ("incomplete", 4)),
        ("x = (1,", ("incomplete", 0)),
        ("x = [\n    1,", ("incomplete", 4)),
        ("x = {'a':", ("incomplete", 0)),
        ("s = '''abc", ("incomplete", 0)),
        ('s = """abc\ndef', ("incomplete", 0)),
        ("x = 1 + \\", ("incomplete", 0)),
        ("@decorator", ("incomplete", 0)),
        ("x = )", ("invalid", None)),
        ("x = = 1", ("invalid", None)),
        ("def f(:", ("invalid", None)),
        ("%cd /tmp", ("complete", None)),
        ("!ls -l", ("complete", None)),
        ("!ls \\", ("incomplete", 0)),
        ("x = !ls", ("complete", None)),
        ("obj?", ("complete", None)),
        ("%%timeit", ("incomplete", 0)),
        ("%%timeit\nx = 1", ("incomplete", 0)),
        ("%%timeit\nx = 1\n", ("complete", None)),
        ("%%timeit?", ("complete", None)),
        ("for f in files:\n    !wc -l $f", ("incomplete", 4)),
        (">>> def f():\n...     return 1", ("incomplete", 0)),
        ("In [1]: x = 1", ("complete", None)),
        ("match x:", ("incomplete", 4)),
        ("x = 1  # comment with ?", ("complete", None)),
        ("if x:  # why?", ("incomplete", 4)),
    ],
)
def test_check_complete(text, expected):
    assert TransformerManager().check_complete(text) == expected


def test_the_shell_gives_the_indent_as_spaces(shell):
    assert shell.check_complete("def f():") == ("incomplete", "    ")
    assert shell.check_complete("x = 1") == ("complete", "")
