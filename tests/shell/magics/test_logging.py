"""%logstart and friends: modes, options, states, and logs that replay the session."""

from __future__ import annotations

import json
import re

import pytest

from jovi.shell.interactiveshell import InteractiveShell
from jovi.shell.output import StreamOutput

pytestmark = pytest.mark.usefixtures("workdir")


def test_logstart_writes_the_session_so_far_and_what_follows(run, output, workdir):
    run("a = 1")
    run("%logstart")
    assert output.stdout.startswith(
        "Activating auto-logging. Current session state plus future input saved.\n"
    )
    assert re.search(r"^Filename       : .*jovi_log\.py$", output.stdout, re.MULTILINE)
    assert "Mode           : rotate\n" in output.stdout
    assert "State          : active\n" in output.stdout
    run("b = a + 1")
    run("names = %who_ls")
    log = (workdir / "jovi_log.py").read_text()
    assert log == (
        "# jovi log file\n\na = 1\nb = a + 1\nnames = get_ipython().run_line_magic('who_ls', '')\n"
    )


def test_logoff_logon_logstate_logstop(run, output, workdir):
    run("%logoff")
    assert output.errors[-1].evalue == "Logging hasn't been started yet (use %logstart for that)."
    run("%logstate")
    assert output.stdout == "Logging has not been activated.\n"
    run("%logstart -q session.py")
    assert "Activating" not in output.stdout
    run("kept = 1")
    run("%logoff")
    assert output.stdout.endswith("Switching logging OFF\n")
    run("%logstate")
    assert output.stdout.endswith("State          : temporarily suspended\n")
    run("skipped = 1")
    run("%logon")
    assert output.stdout.endswith("Switching logging ON\n")
    run("also_kept = 1")
    run("%logstop")
    run("after_stop = 1")
    assert (workdir / "session.py").read_text() == "# jovi log file\n\nkept = 1\nalso_kept = 1\n"
    run("%logstop")
    assert output.stdout.endswith("Logging hadn't been started.\n")
    run("%logstart -q session.py")
    run("%logstart -q other.py")
    assert output.errors[-1].evalue.startswith("Log file is already active:")


def test_log_options_output_raw_and_timestamps(run, workdir):
    run("%logstart -q -o -r -t opts.ipy over")
    run("x = %who_ls")
    run("21 * 2")
    lines = (workdir / "opts.ipy").read_text().splitlines()
    assert lines[:2] == ["# jovi log file", ""]
    assert re.fullmatch(r"# \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2}", lines[2])
    assert lines[3] == "x = %who_ls"
    assert lines[5:] == ["21 * 2", "#[Out]# 42"]


def test_a_failed_input_is_logged_as_comments(run, workdir):
    run("%logstart -q failures.py")
    run("ok = 1")
    run("1 / 0")
    run("def broken(:")
    run("%nosuchmagic")
    text = (workdir / "failures.py").read_text()
    assert "ok = 1\n#[Failed]# 1 / 0\n" in text
    assert "#[Failed]# def broken(:\n" in text
    assert "#[Failed]# get_ipython().run_line_magic('nosuchmagic', '')\n" in text


def test_log_modes(run, output, workdir, isolated_dirs):
    (workdir / "over.py").write_text("old\n")
    run("%logstart -q over.py over")
    run("%logstop")
    assert (workdir / "over.py").read_text() == "# jovi log file\n\n"

    (workdir / "backup.py").write_text("old\n")
    run("%logstart -q backup.py")  # a name alone: backup
    run("%logstop")
    assert (workdir / "backup.py~").read_text() == "old\n"

    (workdir / "append.py").write_text("# jovi log file\n\nold = 1\n")
    run("%logstart -q append.py append")
    run("new = 1")
    run("%logstop")
    assert (workdir / "append.py").read_text() == "# jovi log file\n\nold = 1\nnew = 1\n"

    for generation in ("first", "second", "third"):
        (workdir / "jovi_log.py").write_text(generation)
        run("%logstart -q")  # no name: jovi_log.py, rotate
        run("%logstop")
    assert (workdir / "jovi_log.py.1~").read_text() == "third"
    assert (workdir / "jovi_log.py.2~").read_text() == "second"
    assert (workdir / "jovi_log.py.3~").read_text() == "first"

    run("%logstart -q everywhere.py global")
    run("%logstate")
    home_log = isolated_dirs / "home" / "everywhere.py"
    assert f"Filename       : {home_log}" in output.stdout
    assert "Mode           : global" in output.stdout
    run("%logstop")
    assert home_log.exists()

    run("%logstart -q x.py sideways")
    assert output.errors[-1].ename == "UsageError"
    assert "append, backup, global, over, rotate" in output.errors[-1].evalue


def test_logfile_option_starts_logging_with_the_shell(tmp_path, workdir):
    shell = InteractiveShell(
        output=StreamOutput(),
        profile_dir=tmp_path / "profile",
        logfile=str(workdir / "from_option.py"),
    )
    try:
        shell.run_cell("configured = True", store_history=True)
        assert shell.logger.state().endswith("State          : active")
    finally:
        shell.close()
        shell.logger.stop()
    assert (workdir / "from_option.py").read_text().endswith("configured = True\n")


@pytest.mark.integration
def test_a_log_replays_into_the_same_state(run, shell, workdir, run_jovi):
    run("%logstart -q replay.py")
    session = [
        "import math",
        "values = [math.sqrt(n) for n in range(5)]",
        "def scale(xs, k):\n    return [x * k for x in xs]\n",
        "scaled = scale(values, 10)",
        "names = %who_ls",
        "label = 'n=%d' % len(scaled)",
        "text = !echo replayed",
    ]
    for cell in session:
        run(cell)
    run("%logstop")
    live = {
        name: repr(shell.user_ns[name])
        for name in shell.run_line_magic("who_ls", "")
        if name not in ("scale", "math")
    }
    # Names defined by the file jovi runs at start-up are hidden from %who: ask for them.
    probe = (
        "import json\n"
        f"print(json.dumps({{k: repr(get_ipython().user_ns[k]) for k in {sorted(live)!r}}}))\n"
    )
    done = run_jovi("-i", "replay.py", input=probe, cwd=workdir)
    assert done.returncode == 0, done.stderr
    replayed = json.loads(done.stdout.strip().splitlines()[-1])
    assert replayed == live


@pytest.mark.integration
def test_logfile_and_logappend_on_the_command_line(run_jovi, workdir):
    for flag, cell in (("--logfile", "first = 1\n"), ("--logappend", "second = 2\n")):
        done = run_jovi(f"{flag}=cli.py", input=cell, cwd=workdir)
        assert done.returncode == 0, done.stderr
        assert "Activating auto-logging." in done.stdout
    assert (workdir / "cli.py").read_text() == "# jovi log file\n\nfirst = 1\nsecond = 2\n"
