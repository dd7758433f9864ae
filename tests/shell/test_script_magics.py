"""%%script and its shortcuts, %killbgscripts, %%writefile (starter acceptance
items 43 and 44)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pytest

from jovi.config import Config
from jovi.shell.interactiveshell import InteractiveShell


@pytest.mark.integration
def test_bash_runs_the_body(run, capsys):
    result = run("%%bash\necho hi\n")
    assert result.success
    assert capsys.readouterr().out == "hi\n"


@pytest.mark.integration
def test_sh_and_python3_shortcuts(run, capsys):
    run("%%sh\necho from sh\n")
    run("%%python3\nimport sys\nprint(sys.version_info[0])\n")
    assert capsys.readouterr().out == "from sh\n3\n"


@pytest.mark.integration
def test_python_shortcuts_run_jovis_own_interpreter(run, shell, capsys):
    run("%%python\nimport sys\nprint(sys.executable)\n")
    assert capsys.readouterr().out == f"{sys.executable}\n"


@pytest.mark.integration
def test_script_with_a_program_and_its_arguments(run, capsys):
    run("%%script bash -s one two\necho args: $1 $2\n")
    assert capsys.readouterr().out == "args: one two\n"


@pytest.mark.integration
def test_out_and_err_keep_the_text(run, shell, capsys):
    run(
        "%%script python3 --out o --err e\nimport sys\nprint(1 + 1)\nprint('bad', file=sys.stderr)\n"
    )
    assert (shell.user_ns["o"], shell.user_ns["e"]) == ("2\n", "bad\n")
    assert capsys.readouterr() == ("", "")


@pytest.mark.integration
def test_error_output_is_shown_on_stderr(run, capsys):
    run("%%bash\necho to-err >&2\n")
    assert capsys.readouterr().err == "to-err\n"


@pytest.mark.integration
def test_proc_keeps_the_finished_process(run, shell, output):
    run("%%bash --proc p\nexit 3\n")
    assert shell.user_ns["p"].returncode == 3
    assert output.error_names == ["CalledProcessError"]


@pytest.mark.integration
def test_a_failing_program_raises_after_its_output_is_kept(run, shell, output):
    result = run("%%script python3 --out o\nimport sys\nprint('partial')\nsys.exit(2)\n")
    assert not result.success
    assert isinstance(result.error_in_exec, subprocess.CalledProcessError)
    assert result.error_in_exec.returncode == 2
    assert shell.user_ns["o"] == "partial\n"


@pytest.mark.integration
def test_no_raise_error_keeps_a_failure_quiet(run, shell, output):
    result = run("%%bash --no-raise-error --proc p\nexit 5\n")
    assert result.success
    assert output.errors == []
    assert shell.user_ns["p"].returncode == 5


@pytest.mark.integration
def test_a_large_body_and_large_output_do_not_block(run, shell):
    body = "".join(f"print({n})\n" for n in range(20000))
    run(f"%%python3 --out big\n{body}")
    assert shell.user_ns["big"].count("\n") == 20000


@pytest.mark.integration
def test_unicode_survives_the_round_trip(run, shell):
    run("%%python3 --out text\nprint('héllo ✓')\n")
    assert shell.user_ns["text"] == "héllo ✓\n"


@pytest.mark.integration
def test_background_script_with_out_and_proc(run, shell):
    run("%%bash --bg --out bgout --proc bgproc\necho background\n")
    process = shell.user_ns["bgproc"]
    assert process.wait(10) == 0
    assert shell.user_ns["bgout"].read() == "background\n"


@pytest.mark.integration
def test_killbgscripts_stops_background_programs(run, shell, output):
    run("%%bash --bg --proc sleeper\nsleep 30\n")
    process = shell.user_ns["sleeper"]
    assert process.poll() is None
    started = time.monotonic()
    run("%killbgscripts")
    assert process.poll() is not None
    assert time.monotonic() - started < 5
    assert "All background processes were killed.\n" in output.stdout


@pytest.mark.integration
def test_a_missing_program_is_one_line(run, output):
    result = run("%%script no-such-program-jovi\nx\n")
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == "%%script could not start 'no-such-program-jovi': not found."


def test_script_without_a_program(run, output):
    run("%%script --bg\nx\n")
    assert output.errors[0].evalue == "%%script needs a program: %%script bash"


def test_help_lists_the_options(shell):
    text = shell.object_inspect_text("%%script", 0)
    for option in ("--bg", "--proc", "--out", "--err", "--no-raise-error"):
        assert option in text
    assert "--out" in shell.object_inspect_text("%%bash", 0)


@pytest.mark.integration
def test_shortcuts_follow_the_configuration(output, tmp_path):
    config = Config(
        {
            "ScriptMagics": {
                "script_magics": ["sh", "nosuchinterp"],
                "script_paths": {"mysh": "/bin/sh"},
            }
        }
    )
    shell = InteractiveShell(config=config, output=output, profile_dir=tmp_path / "profile_s")
    try:
        cells = shell.magics_manager.names("cell")
        assert "sh" in cells
        assert "mysh" in cells
        assert "nosuchinterp" in cells  # listed even though no such program exists
        assert "bash" not in cells
        assert shell.run_cell("%%mysh\necho configured").success
        result = shell.run_cell("%%nosuchinterp\nx")
        assert not result.success
        assert output.errors[-1].evalue == (
            "%%nosuchinterp could not start 'nosuchinterp': it is not installed, or not on "
            "$PATH (ScriptMagics.script_paths can say where it is)."
        )
    finally:
        shell.close()


def test_every_default_shortcut_is_listed_whether_or_not_installed(shell, monkeypatch):
    monkeypatch.setenv("PATH", "")  # ruby, pypy, perl... found nowhere
    listing = repr(shell.run_line_magic("lsmagic", ""))
    for name in ("sh", "bash", "perl", "ruby", "python", "python2", "python3", "pypy"):
        assert f"%%{name}" in listing


@pytest.mark.integration
def test_a_shortcut_whose_program_is_missing_says_so_in_one_sentence(run, output, monkeypatch):
    monkeypatch.setenv("PATH", "")
    result = run("%%ruby\nputs 1\n")
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert output.errors[0].evalue == (
        "%%ruby could not start 'ruby': it is not installed, or not on $PATH "
        "(ScriptMagics.script_paths can say where it is)."
    )


# ---------------------------------------------------------------------- %%writefile


def test_writefile_writes_overwrites_and_appends(run, output, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("%%writefile t.txt\nhello\n")
    run("%%writefile t.txt\nagain\n")
    run("%%writefile -a t.txt\nmore\n")
    run("%%writefile --append t.txt\nand more\n")
    assert (tmp_path / "t.txt").read_text() == "again\nmore\nand more\n"
    assert output.stdout == (
        "Writing t.txt\nOverwriting t.txt\nAppending to t.txt\nAppending to t.txt\n"
    )


def test_writefile_expands_home_and_variables(run, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    run("name = 'from_var.py'")
    run("%%writefile ~/$name\nx = 1\n")
    assert (tmp_path / "from_var.py").read_text() == "x = 1\n"


def test_file_is_the_old_name(run, tmp_path):
    target = tmp_path / "old.txt"
    run(f"%%file {target}\nold name\n")
    assert target.read_text() == "old name\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("%%writefile /no/such/dir/f.txt", "the directory /no/such/dir does not exist"),
        ("%%writefile", "the following arguments are required: filename"),
    ],
)
def test_writefile_errors_are_one_line(run, output, line, message):
    result = run(f"{line}\nbody\n")
    assert not result.success
    assert output.error_names == ["UsageError"]
    assert message in output.errors[0].evalue


def test_writefile_refuses_a_directory(run, output, tmp_path):
    run(f"%%writefile {tmp_path}\nbody\n")
    assert "is a directory" in output.errors[0].evalue


@pytest.mark.integration
def test_background_programs_are_stopped_when_jovi_exits(jovi_command, tmp_path):
    pidfile = tmp_path / "pid"
    code = (
        "get_ipython().run_cell_magic('bash', '--bg --proc p', 'exec sleep 30\\n')\n"
        f"open({str(pidfile)!r}, 'w').write(str(p.pid))"
    )
    subprocess.run([*jovi_command, "-c", code], check=True, timeout=60, capture_output=True)
    pid = int(pidfile.read_text())
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the background program outlived jovi")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.integration
def test_a_program_left_running_in_the_background_does_not_hang_the_cell(run, capsys, tmp_path):
    pidfile = tmp_path / "pid"
    started = time.monotonic()
    try:
        run(f"%%bash\nsleep 30 &\necho $! > {pidfile}\necho done\n")
        assert time.monotonic() - started < 10
        assert capsys.readouterr().out == "done\n"
    finally:
        with contextlib.suppress(ProcessLookupError, ValueError, FileNotFoundError):
            os.kill(int(pidfile.read_text()), signal.SIGKILL)
