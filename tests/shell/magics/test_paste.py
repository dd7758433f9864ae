"""%paste (through the platform's clipboard tool) and %cpaste (through standard input)."""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

from jovi.shell.magics.paste import clean_pasted
from jovi.shell.slist import LSString


@pytest.fixture
def clipboard(tmp_path, monkeypatch):
    """A PATH holding only a fake ``xclip`` that prints what ``put`` was given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    content = tmp_path / "clipboard.txt"
    tool = bin_dir / "xclip"
    tool.write_text(
        f"#!{sys.executable}\nimport sys\nsys.stdout.write(open({str(content)!r}).read())\n"
    )
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)

    def put(text: str) -> None:
        content.write_text(text)

    return put


@pytest.mark.integration
@pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="X11 clipboard tools")
def test_paste_runs_the_clipboard_without_prompts(run, shell, output, clipboard):
    clipboard(">>> def f(x):\n...     return x * 2\n>>> y = f(21)\n")
    run("%paste")
    assert shell.user_ns["y"] == 42
    assert shell.user_ns["pasted_block"] == "def f(x):\n    return x * 2\ny = f(21)\n"
    assert "def f(x):\n    return x * 2\ny = f(21)\n## -- End pasted text --\n" in output.stdout


@pytest.mark.integration
@pytest.mark.skipif(os.name != "posix" or sys.platform == "darwin", reason="X11 clipboard tools")
def test_paste_quiet_rerun_and_store(run, shell, output, clipboard):
    clipboard("    counter = globals().get('counter', 0) + 1\n")
    run("%paste -q")
    assert output.stdout == ""
    assert shell.user_ns["counter"] == 1
    run("%paste -r")
    assert shell.user_ns["counter"] == 2
    assert "Re-executing 'counter = globals().get('counter', 0) + 1...' (" in output.stdout
    clipboard("a = 1\nb = 2\n")
    run("%paste block")
    assert isinstance(shell.user_ns["block"], LSString)
    assert shell.user_ns["block"].l == ["a = 1", "b = 2"]
    assert "a" not in shell.user_ns
    assert "Block assigned to 'block'" in output.stdout


def test_paste_without_a_clipboard_tool(run, output, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    run("%paste")
    assert output.errors[-1].ename == "UsageError"
    assert output.errors[-1].evalue.startswith("no clipboard tool found (install ")
    assert "%cpaste" in output.errors[-1].evalue
    run("%paste -r")
    assert output.errors[-1].evalue == "No previous pasted block available in `pasted_block`"


def test_cpaste_reads_until_the_sentinel(run, shell, output, stdin):
    stdin("    def g():", "        return 'indented'", "", "--", "not_read = 1")
    run("%cpaste")
    assert "Pasting code; enter '--' alone on the line to stop or use Ctrl-D." in output.stdout
    assert shell.user_ns["g"]() == "indented"
    assert "not_read" not in shell.user_ns
    assert shell.user_ns["pasted_block"] == "def g():\n    return 'indented'\n"


def test_cpaste_sentinel_end_of_input_name_and_rerun(run, shell, output, stdin):
    stdin("In [3]: value = 3", "%%")
    run("%cpaste -q -s %%")
    assert output.stdout == ""
    assert shell.user_ns["value"] == 3
    stdin("x = 1", "y = 2")  # ends at end of input (Ctrl-D)
    run("%cpaste stored")
    assert shell.user_ns["stored"] == "x = 1\ny = 2"
    assert "x" not in shell.user_ns
    run("%cpaste -r stored")
    assert shell.user_ns["y"] == 2


def test_cpaste_where_standard_input_cannot_be_read(run, output):
    run("%cpaste -q")  # pytest's own stdin refuses to be read
    assert output.errors[-1].ename == "UsageError"
    assert "standard input" in output.errors[-1].evalue


@pytest.mark.parametrize(
    ("pasted", "code"),
    [
        (">>> a = 1\n>>> b = a\n", "a = 1\nb = a\n"),
        ("In [1]: for i in x:\n   ...:     pass\n", "for i in x:\n    pass\n"),
        ("> > x = 1\n> > y = 2\n", "x = 1\ny = 2\n"),
        ("+def f():\n+    return 1\n", "def f():\n    return 1\n"),
        ("\n\n    if a:\n        b()\n", "if a:\n    b()\n"),
        ("x = 1\n+y\n", "x = 1\n+y\n"),  # only when every line has the mark
    ],
)
def test_pasted_text_is_cleaned(pasted, code):
    assert clean_pasted(pasted) == code


def test_cleaning_keeps_a_doctest_block_intact():
    block = textwrap.dedent(
        """\
        >>> def f(x):
        ...     if x:
        ...         return 1
        ...     return 0
        """
    )
    assert clean_pasted(block) == "def f(x):\n    if x:\n        return 1\n    return 0\n"
