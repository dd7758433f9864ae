"""Interactive demos: markers, stepping, the namespace, the variants."""

from __future__ import annotations

import io
import stat
import sys

import pytest
from tests.shell.conftest import RecordingOutput

from jovi.lib.demo import ClearDemo, Demo, IPythonDemo, IPythonLineDemo, LineDemo
from jovi.shell.interactiveshell import InteractiveShell

SOURCE = """\
# <demo> auto_all_placeholder
print('block zero')
x = 1
# <demo> stop
# <demo> silent
print('quiet block')
y = x + 1
# <demo> stop
# <demo> auto
print('auto block', y)
# <demo> --- stop ---
print('last block', sys.argv[1:])
"""


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "mydemo.py"
    path.write_text(SOURCE.replace("# <demo> auto_all_placeholder\n", "import sys\n"))
    return path


def answers(monkeypatch, *lines):
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))


def test_blocks_and_markers(demo_file):
    demo = Demo(demo_file)
    assert demo.nblocks == 4
    assert demo._silent == [False, True, False, False]
    assert demo._auto == [False, False, True, False]
    assert "<demo>" not in "".join(demo.src_blocks)
    assert demo.title == "mydemo.py"


def test_stepping_through_a_demo(demo_file, monkeypatch, capsys):
    demo = Demo(demo_file, arg_str="one two")
    answers(monkeypatch, "", "")
    demo()
    out = capsys.readouterr().out
    assert "<mydemo.py> block # 0 (3 remaining)" in out
    assert "print('block zero')" in out
    assert "Press <q> to quit, <Enter> to execute..." in out
    assert out.endswith("block zero\n")
    demo()  # silent: no source, no question
    out = capsys.readouterr().out
    assert "Executing silent block # 1 (2 remaining)" in out
    assert "y = x + 1" not in out
    assert out.endswith("quiet block\n")
    demo()  # auto: source shown, no question
    out = capsys.readouterr().out
    assert "print('auto block', y)" in out
    assert "Press <q>" not in out
    assert out.endswith("auto block 2\n")
    demo()
    out = capsys.readouterr().out
    assert "last block ['one', 'two']" in out
    assert "END OF DEMO" in out
    demo()
    assert "Use <demo_name>.reset() if you want to rerun it." in capsys.readouterr().out


def test_answering_anything_skips_the_block(demo_file, monkeypatch, capsys):
    demo = Demo(demo_file)
    answers(monkeypatch, "q")
    demo()
    out = capsys.readouterr().out
    assert "Block NOT executed" in out
    assert "block zero\n" not in out.split("Press")[-1]
    assert demo.block_index == 1


def test_auto_all_marker_and_argument(tmp_path, capsys):
    path = tmp_path / "auto.py"
    path.write_text(
        SOURCE.replace("# <demo> auto_all_placeholder", "# <demo> auto_all\nimport sys")
    )
    demo = Demo(path)
    assert demo.auto_all
    for _ in range(4):
        demo()
    assert "Press <q>" not in capsys.readouterr().out
    assert not Demo(path, auto_all=False).auto_all


def test_moving_around(demo_file, monkeypatch, capsys):
    demo = Demo(demo_file, auto_all=True)
    demo()
    demo.jump(2)
    assert demo.block_index == 3
    demo.seek(-3)
    assert demo.block_index == 1
    demo()
    demo.again()
    assert capsys.readouterr().out.count("quiet block") == 2
    demo.back(2)
    assert "block zero" in capsys.readouterr().out
    demo.reset()
    assert demo.block_index == 0
    with pytest.raises(ValueError, match="there is no block 9"):
        demo.seek(9)


def test_show_and_show_all(demo_file, capsys):
    demo = Demo(demo_file)
    demo.show_all()
    out = capsys.readouterr().out
    assert out.count("block #") == 4
    assert "SILENT block # 1" in out
    assert "y = x + 1" not in out
    demo.show(3)
    assert "print('last block', sys.argv[1:])" in capsys.readouterr().out


def test_reload_reads_the_file_again(demo_file):
    demo = Demo(demo_file)
    demo_file.write_text(
        "a = 1\n# <demo> stop\nb = 2\n# <demo> stop\nc = 3\n# <demo> stop\nd = 4\n# <demo> stop\ne = 5\n"
    )
    demo.fload()
    demo.reload()
    assert demo.nblocks == 5


def test_a_file_object_works_too(capsys):
    demo = Demo(io.StringIO("print('from a string')\n"), title="inline", auto_all=True)
    demo()
    out = capsys.readouterr().out
    assert "<inline> block # 0 (0 remaining)" in out
    assert "from a string" in out


def test_the_shell_namespace_gets_the_demo_names(demo_file, tmp_path, capsys):
    shell = InteractiveShell(output=RecordingOutput(), profile_dir=tmp_path / "profile_d")
    InteractiveShell._instances[InteractiveShell] = shell
    try:
        demo = Demo(demo_file, auto_all=True)
        demo()
        demo()
        assert (shell.user_ns["x"], shell.user_ns["y"]) == (1, 2)
    finally:
        shell.close()


def test_errors_in_a_block_are_shown_and_the_demo_goes_on(capsys):
    demo = Demo(io.StringIO("1/0\n# <demo> stop\nprint('next')\n"), auto_all=True)
    demo()
    assert "ZeroDivisionError" in capsys.readouterr().err
    demo()
    assert "next" in capsys.readouterr().out


def test_line_demo_runs_line_by_line(capsys):
    demo = LineDemo(io.StringIO("a = 5\n\nprint(a * 2)\n"), auto_all=True)
    assert demo.nblocks == 2
    demo()
    demo()
    assert "10\n" in capsys.readouterr().out


@pytest.mark.integration
def test_ipython_demo_uses_jovi_syntax(tmp_path, capsys):
    output = RecordingOutput()
    shell = InteractiveShell(output=output, profile_dir=tmp_path / "profile_i")
    InteractiveShell._instances[InteractiveShell] = shell
    try:
        demo = IPythonDemo(
            io.StringIO("files = !echo one\n# <demo> stop\n%alias hi echo hi\n"), auto_all=True
        )
        demo()
        demo()
        assert shell.user_ns["files"] == ["one"]
        assert shell.alias_manager.is_alias("hi")
        line_demo = IPythonLineDemo(io.StringIO("v = !echo two\n"), auto_all=True)
        line_demo()
        assert shell.user_ns["v"] == ["two"]
    finally:
        shell.close()


def test_ipython_demo_outside_jovi_says_so(capsys):
    demo = IPythonDemo(io.StringIO("x = 1\n"), auto_all=True)
    demo()
    assert "IPythonDemo runs blocks in jovi" in capsys.readouterr().err


def test_clear_demo_clears_and_shows_no_headers(capsys):
    demo = ClearDemo(io.StringIO("print('shown')\n"), auto_all=True)
    demo()
    out = capsys.readouterr().out
    assert out.startswith("\x1b[2J\x1b[H")
    assert "*" not in out


@pytest.mark.integration
def test_edit_changes_a_block_and_runs_it(tmp_path, monkeypatch, capsys):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/before/after/' \"$1\"\n")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    demo = Demo(io.StringIO("print('before')\n"), auto_all=True)
    demo()
    demo.edit()
    out = capsys.readouterr().out
    assert "<demo> block # 0" in out
    assert "\nafter\n" in out
    assert demo.src_blocks[0] == "print('after')\n"
